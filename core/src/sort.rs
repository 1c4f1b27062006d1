//! The crate's one sort: every list the simulator orders goes through here.
//!
//! Why not `slice::sort_by`: each call site instantiates the standard library's driftsort for
//! its own element type *and* closure, several kilobytes of wasm each: over fifty call sites
//! made sorting about a tenth of the bundle. Here the generic part is tiny: one
//! instantiation of the standard sort orders plain indices through a `dyn` comparator, and a
//! short loop moves the elements into that order. Stable, like `sort_by`. The `tidy` test
//! keeps direct slice sorts out of `core/` and `web/`.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp`, as `v.sort_by(cmp)` would.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        sorted_order(items.len(), &mut |a, b| match (items.get(a), items.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    permute(v, order);
}

/// Sorts `v` stably by the key `key` gives, as `v.sort_by_key(key)` would.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)))
}

/// Sorts `v` in its natural order, as `v.sort()` would.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp)
}

/// The positions `0..n` in sorted order: the only instantiation of the standard sort.
fn sorted_order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Rearranges `v` so that its new `i`-th element is its old `order[i]`-th one, following
/// each cycle of the permutation with swaps (linear time, no extra copies of `T`).
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut cur = start;
        loop {
            let next = order.get(cur).copied().unwrap_or(cur);
            if let Some(slot) = order.get_mut(cur) {
                *slot = cur;
            }
            if next == start || next == cur || next >= v.len() || cur >= v.len() {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_library_and_keeps_equal_items_in_order() {
        let mut seed = 7u64;
        for len in 0..60 {
            let mut v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                    (((seed >> 33) % 5) as u8, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|p| p.0);
            sort_by_key(&mut v, |p| p.0);
            assert_eq!(v, expected, "len {len}");
        }
    }

    #[test]
    fn sorts_strings_and_reverse_orders() {
        let mut names = vec!["web", "db", "app", "cache"];
        sort(&mut names);
        assert_eq!(names, ["app", "cache", "db", "web"]);
        sort_by(&mut names, |a, b| b.cmp(a));
        assert_eq!(names, ["web", "db", "cache", "app"]);
    }
}
