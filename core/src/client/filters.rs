//! `--filter name=value` as the daemon reads it (`filters.Args`): pairs, the check for
//! unknown names, value matching (exact, or an unanchored regular expression for names and
//! IDs) and label matching. Shared by `ps`, `events`, `images`, `search` and the prune
//! commands. Pure functions over strings.

/// `--filter` values as `(name, value)` pairs (the parser already lower-cased names).
pub(crate) fn filter_pairs(list: &[String]) -> Vec<(String, String)> {
    list.iter()
        .map(|f| match f.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (f.clone(), String::new()),
        })
        .collect()
}

/// The daemon's `filters.Args.Validate`: the first unknown filter name, in name order
/// (Go walks a map, so any order is possible; sorting keeps us deterministic).
pub(crate) fn invalid_filter(pairs: &[(String, String)], accepted: &[&str]) -> Option<String> {
    let mut names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).filter(|k| !accepted.contains(k)).collect();
    crate::sort::sort(&mut names);
    names.first().map(|k| format!("invalid filter '{k}'"))
}

/// `filters.Args.Match`: with no values for `name` everything matches; otherwise a value
/// matches when it equals `source` or, read as a regular expression, matches part of it.
pub(crate) fn filter_match(pairs: &[(String, String)], name: &str, source: &str) -> bool {
    let values: Vec<&str> = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
    if values.is_empty() {
        return true;
    }
    values.iter().any(|v| *v == source || regex_search(v, source))
}

/// A small subset of Go's RE2 for filter values: literals, `.`, `^`, `$`, `*`, `+`, `?`,
/// `[...]` classes and `\` escapes, matched anywhere in `text` (unanchored, as
/// `regexp.MatchString`). A pattern it cannot read matches nothing, as Go skips values
/// that fail to compile.
pub(crate) fn regex_search(pattern: &str, text: &str) -> bool {
    #[derive(Clone)]
    enum Atom {
        Any,
        Lit(char),
        Class(bool, Vec<(char, char)>),
    }
    #[derive(Clone)]
    struct Piece {
        atom: Atom,
        min: usize,
        max: usize,
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let chars: Vec<char> = pattern.chars().collect();
    let (mut i, anchored_start) = if chars.first() == Some(&'^') { (1, true) } else { (0, false) };
    let mut anchored_end = false;
    while i < chars.len() {
        let c = chars[i];
        let atom = match c {
            '$' if i + 1 == chars.len() => {
                anchored_end = true;
                i += 1;
                continue;
            }
            '.' => Atom::Any,
            '\\' => {
                i += 1;
                match chars.get(i) {
                    Some(e) => Atom::Lit(*e),
                    None => return false,
                }
            }
            '[' => {
                let mut j = i + 1;
                let negate = chars.get(j) == Some(&'^');
                if negate {
                    j += 1;
                }
                let mut ranges = Vec::new();
                let start = j;
                while j < chars.len() && (chars[j] != ']' || j == start) {
                    if j + 2 < chars.len() && chars[j + 1] == '-' && chars[j + 2] != ']' {
                        ranges.push((chars[j], chars[j + 2]));
                        j += 3;
                    } else {
                        ranges.push((chars[j], chars[j]));
                        j += 1;
                    }
                }
                if j >= chars.len() {
                    return false;
                }
                i = j;
                Atom::Class(negate, ranges)
            }
            '(' | ')' | '|' | '{' | '}' | '*' | '+' | '?' => return false,
            c => Atom::Lit(c),
        };
        i += 1;
        let (min, max) = match chars.get(i) {
            Some('*') => (0, usize::MAX),
            Some('+') => (1, usize::MAX),
            Some('?') => (0, 1),
            _ => (1, 1),
        };
        if min != 1 || max != 1 {
            i += 1;
        }
        pieces.push(Piece { atom, min, max });
    }
    fn matches(a: &Atom, c: char) -> bool {
        match a {
            Atom::Any => c != '\n',
            Atom::Lit(l) => *l == c,
            Atom::Class(neg, r) => r.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *neg,
        }
    }
    fn go(p: &[Piece], t: &[char], end: bool, budget: &mut u32) -> bool {
        *budget = budget.saturating_sub(1);
        if *budget == 0 {
            return false;
        }
        let Some(first) = p.first() else { return !end || t.is_empty() };
        let mut n = 0;
        while n < first.min {
            if n >= t.len() || !matches(&first.atom, t[n]) {
                return false;
            }
            n += 1;
        }
        let mut most = n;
        while most < first.max && most < t.len() && matches(&first.atom, t[most]) {
            most += 1;
        }
        (n..=most).rev().any(|k| go(&p[1..], &t[k..], end, budget))
    }
    let text: Vec<char> = text.chars().collect();
    let mut budget = 100_000u32;
    let starts = if anchored_start { 0..=0 } else { 0..=text.len() };
    starts.into_iter().any(|s| go(&pieces, &text[s..], anchored_end, &mut budget))
}

/// `filters.Args.MatchKVList` for `label=`: every `key` or `key=value` must be present.
pub(crate) fn labels_match(pairs: &[(String, String)], labels: &[(String, String)]) -> bool {
    let wanted: Vec<&str> = pairs.iter().filter(|(k, _)| k == "label").map(|(_, v)| v.as_str()).collect();
    if wanted.is_empty() {
        return true;
    }
    if labels.is_empty() {
        return false;
    }
    wanted.iter().all(|w| {
        let (k, v) = match w.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (*w, None),
        };
        labels.iter().any(|(lk, lv)| lk == k && v.is_none_or(|v| v == lv))
    })
}

/// The values given for filter `name`, in order.
pub(crate) fn values<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[&str]) -> Vec<(String, String)> {
        filter_pairs(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn filter_matching_is_regex_like_the_daemon() {
        let p = pairs(&["name=web"]);
        assert!(filter_match(&p, "name", "web"));
        assert!(filter_match(&p, "name", "myweb2"));
        assert!(!filter_match(&p, "name", "db"));
        assert!(filter_match(&pairs(&["name=^w.b$"]), "name", "web"));
        assert!(!filter_match(&pairs(&["name=^w.b$"]), "name", "webs"));
        assert!(filter_match(&pairs(&["name=db[0-9]+"]), "name", "mydb12"));
        assert!(filter_match(&pairs(&["status=run"]), "status", "running"));
        assert!(filter_match(&pairs(&[]), "name", "anything"));
        let accepted = ["name", "status"];
        assert_eq!(invalid_filter(&pairs(&["nope=1", "name=x"]), &accepted), Some("invalid filter 'nope'".to_string()));
    }

    #[test]
    fn label_filters() {
        let labels = vec![("app".to_string(), "web".to_string()), ("tier".to_string(), "front".to_string())];
        assert!(labels_match(&pairs(&["label=app"]), &labels));
        assert!(labels_match(&pairs(&["label=app=web", "label=tier"]), &labels));
        assert!(!labels_match(&pairs(&["label=app=db"]), &labels));
        assert!(!labels_match(&pairs(&["label=app"]), &[]));
    }
}
