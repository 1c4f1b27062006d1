//! fvbommel/sortorder's `NaturalLess`, the order docker prints `volume ls`, `network ls`
//! and `port` lines in: runs of digits compare as numbers and sort before other bytes;
//! other bytes compare as bytes.

use std::cmp::Ordering;

/// `sortorder.NaturalLess(a, b)`.
pub fn less(a: &str, b: &str) -> bool {
    let (s1, s2) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < s1.len() && j < s2.len() {
        let (c1, c2) = (s1[i], s2[j]);
        let (d1, d2) = (c1.is_ascii_digit(), c2.is_ascii_digit());
        if d1 != d2 {
            return d1;
        }
        if !d1 {
            if c1 != c2 {
                return c1 < c2;
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < s1.len() && s1[i] == b'0' {
            i += 1;
        }
        while j < s2.len() && s2[j] == b'0' {
            j += 1;
        }
        let (nz1, nz2) = (i, j);
        while i < s1.len() && s1[i].is_ascii_digit() {
            i += 1;
        }
        while j < s2.len() && s2[j].is_ascii_digit() {
            j += 1;
        }
        if i - nz1 != j - nz2 {
            return i - nz1 < j - nz2;
        }
        if s1[nz1..i] != s2[nz2..j] {
            return s1[nz1..i] < s2[nz2..j];
        }
        if nz1 != nz2 {
            return nz1 < nz2;
        }
    }
    s1.len() < s2.len()
}

/// [`less`] as an ordering for `sort_by`.
pub fn cmp(a: &str, b: &str) -> Ordering {
    if less(a, b) {
        Ordering::Less
    } else if less(b, a) {
        Ordering::Greater
    } else {
        Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_is_sortorders() {
        let mut v = vec!["vol10", "vol2", "Vol", "vol02", "a", "1a", "vol"];
        v.sort_by(|a, b| cmp(a, b));
        assert_eq!(v, vec!["1a", "Vol", "a", "vol", "vol2", "vol02", "vol10"]);
        let mut ports = vec!["8000/tcp -> 0.0.0.0:8000", "80/tcp -> 0.0.0.0:8080", "443/tcp -> 0.0.0.0:8443"];
        ports.sort_by(|a, b| cmp(a, b));
        assert_eq!(ports, vec!["80/tcp -> 0.0.0.0:8080", "443/tcp -> 0.0.0.0:8443", "8000/tcp -> 0.0.0.0:8000"]);
    }
}
