//! Glob patterns (`*`, `?`, `[a-z]`, `[!x]`, `\` escapes): matching strings and expanding
//! pathnames against the host filesystem.
//!
//! Matching keeps a single backtrack point for the last `*`, which is correct for globs and
//! linear-ish in practice, so no pattern can make it hang. Nothing here touches shell state.

use super::fs::{self, Fs, Who};

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Char(char),
    Any,
    Star,
    Class(bool, Vec<ClassItem>),
}

#[derive(Debug, Clone, PartialEq)]
enum ClassItem {
    Range(char, char),
    Named(&'static str),
}

fn named_class(name: &str) -> Option<&'static str> {
    ["alpha", "digit", "alnum", "upper", "lower", "space", "punct", "xdigit"].into_iter().find(|n| *n == name)
}

fn in_named(name: &str, c: char) -> bool {
    match name {
        "alpha" => c.is_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_alphanumeric(),
        "upper" => c.is_uppercase(),
        "lower" => c.is_lowercase(),
        "space" => c.is_whitespace(),
        "punct" => c.is_ascii_punctuation(),
        "xdigit" => c.is_ascii_hexdigit(),
        _ => false,
    }
}

/// Parses `[...]` starting just after the `[`; `None` if it does not close (then `[` is literal).
fn parse_class(cs: &[char], mut i: usize) -> Option<(Tok, usize)> {
    let mut neg = false;
    if matches!(cs.get(i), Some('!') | Some('^')) {
        neg = true;
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *cs.get(i)?;
        if c == ']' && !first {
            return Some((Tok::Class(neg, items), i + 1));
        }
        first = false;
        if c == '[' && cs.get(i + 1) == Some(&':') {
            let rest: String = cs.get(i + 2..)?.iter().collect();
            if let Some(end) = rest.find(":]") {
                if let Some(n) = named_class(&rest[..end]) {
                    items.push(ClassItem::Named(n));
                    i += 2 + rest[..end].chars().count() + 2;
                    continue;
                }
            }
        }
        let lo = if c == '\\' {
            i += 1;
            *cs.get(i)?
        } else {
            c
        };
        if cs.get(i + 1) == Some(&'-') && cs.get(i + 2).is_some_and(|c| *c != ']') {
            let hi = *cs.get(i + 2)?;
            items.push(ClassItem::Range(lo, hi));
            i += 3;
        } else {
            items.push(ClassItem::Range(lo, lo));
            i += 1;
        }
    }
}

fn compile(pattern: &str) -> Vec<Tok> {
    let cs: Vec<char> = pattern.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&c) = cs.get(i) {
        match c {
            '\\' => {
                match cs.get(i + 1) {
                    Some(&n) => out.push(Tok::Char(n)),
                    None => out.push(Tok::Char('\\')),
                }
                i += 2;
            }
            '*' => {
                if out.last() != Some(&Tok::Star) {
                    out.push(Tok::Star);
                }
                i += 1;
            }
            '?' => {
                out.push(Tok::Any);
                i += 1;
            }
            '[' => match parse_class(&cs, i + 1) {
                Some((tok, next)) => {
                    out.push(tok);
                    i = next;
                }
                None => {
                    out.push(Tok::Char('['));
                    i += 1;
                }
            },
            c => {
                out.push(Tok::Char(c));
                i += 1;
            }
        }
    }
    out
}

fn tok_matches(t: &Tok, c: char) -> bool {
    match t {
        Tok::Char(x) => *x == c,
        Tok::Any => true,
        Tok::Star => true,
        Tok::Class(neg, items) => {
            let hit = items.iter().any(|it| match it {
                ClassItem::Range(lo, hi) => *lo <= c && c <= *hi,
                ClassItem::Named(n) => in_named(n, c),
            });
            hit != *neg
        }
    }
}

/// True if the whole of `text` matches the glob `pattern`.
pub fn matches(pattern: &str, text: &str) -> bool {
    let toks = compile(pattern);
    let cs: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < cs.len() {
        match toks.get(p) {
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
            }
            Some(tok) if tok_matches(tok, cs[t]) => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    toks.get(p..).is_some_and(|rest| rest.iter().all(|t| *t == Tok::Star))
}

/// True if the pattern has an unescaped `*`, `?` or `[`.
pub fn has_magic(pattern: &str) -> bool {
    let mut escaped = false;
    for c in pattern.chars() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if matches!(c, '*' | '?' | '[') {
            return true;
        }
    }
    false
}

/// Removes the escaping backslashes from a pattern.
pub fn unescape(pattern: &str) -> String {
    let mut out = String::new();
    let mut cs = pattern.chars();
    while let Some(c) = cs.next() {
        if c == '\\' {
            out.push(cs.next().unwrap_or('\\'));
        } else {
            out.push(c);
        }
    }
    out
}

/// Pathname expansion: every path matching `pattern`, as the learner would write it (relative
/// patterns give relative results), sorted; empty when nothing matches.
pub fn expand(fs: &Fs, cwd: &str, pattern: &str) -> Vec<String> {
    let absolute = pattern.starts_with('/');
    let comps: Vec<&str> = pattern.split('/').collect();
    let mut bases: Vec<(String, String)> =
        vec![if absolute { ("/".to_string(), "/".to_string()) } else { (cwd.to_string(), String::new()) }];
    let skip = usize::from(absolute);
    let n = comps.len();
    for (i, comp) in comps.iter().enumerate().skip(skip) {
        let last = i + 1 == n;
        if comp.is_empty() {
            if last {
                // A trailing slash keeps only directories.
                bases.retain(|(abs, _)| fs.is_dir(abs));
                for (_, shown) in &mut bases {
                    shown.push('/');
                }
            }
            continue;
        }
        let mut next = Vec::new();
        for (abs, shown) in &bases {
            if has_magic(comp) {
                let Ok(entries) = fs.list(abs, Who::User) else { continue };
                for (name, node) in entries {
                    if name.starts_with('.') && !comp.starts_with('.') && !comp.starts_with("\\.") {
                        continue;
                    }
                    if !last && !node.is_dir() {
                        continue;
                    }
                    if matches(comp, name) {
                        next.push((fs::normalize(abs, name), join_shown(shown, name)));
                    }
                }
            } else {
                let lit = unescape(comp);
                let p = fs::normalize(abs, &lit);
                if fs.exists(&p) {
                    next.push((p, join_shown(shown, &lit)));
                }
            }
        }
        bases = next;
        if bases.is_empty() {
            return Vec::new();
        }
    }
    let mut out: Vec<String> = bases.into_iter().map(|(_, s)| s).collect();
    crate::sort::sort(&mut out);
    out
}

fn join_shown(shown: &str, name: &str) -> String {
    if shown.is_empty() {
        name.to_string()
    } else if shown.ends_with('/') {
        format!("{shown}{name}")
    } else {
        format!("{shown}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::fs::WriteMode;

    #[test]
    fn matching() {
        assert!(matches("*.txt", "a.txt"));
        assert!(!matches("*.txt", "a.txt.bak"));
        assert!(matches("a?c", "abc"));
        assert!(matches("[a-c]x", "bx"));
        assert!(!matches("[!a-c]x", "bx"));
        assert!(matches("\\*", "*"));
        assert!(!matches("\\*", "a"));
        assert!(matches("*", ""));
        assert!(matches("[[:digit:]]*", "7up"));
        assert!(matches("[", "["));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches(&"a*".repeat(30), &"a".repeat(20)));
    }

    #[test]
    fn expanding_paths() {
        let mut fs = Fs::host();
        for f in ["a.txt", "b.txt", "c.md", ".hidden.txt"] {
            fs.write(&format!("/home/user/{f}"), "", WriteMode::Truncate, Who::User, 0).unwrap();
        }
        assert_eq!(expand(&fs, "/home/user", "*.txt"), ["a.txt", "b.txt"]);
        assert_eq!(expand(&fs, "/home/user", ".*.txt"), [".hidden.txt"]);
        assert_eq!(expand(&fs, "/", "home/*/h*"), ["home/user/html"]);
        assert_eq!(expand(&fs, "/tmp", "/etc/host*"), ["/etc/hostname", "/etc/hosts"]);
        assert_eq!(expand(&fs, "/home/user", "*/"), ["html/"]);
        assert!(expand(&fs, "/home/user", "*.zip").is_empty());
        assert!(expand(&fs, "/home/user", "/root/*").is_empty());
    }
}
