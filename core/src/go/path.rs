//! Go's `path` package: `path.Match`, which `reference.FamiliarMatch` uses for `docker
//! images --filter reference=...`.

/// Whether `name` matches `pattern` as `path.Match` decides (`*`, `?`, `[...]`; `*` and
/// `?` do not cross `/`); a malformed pattern matches nothing.
pub fn is_match(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char], depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        match p.first() {
            None => n.is_empty(),
            Some('*') => {
                (0..=n.len()).take_while(|&i| i == 0 || n[i - 1] != '/').any(|i| go(&p[1..], &n[i..], depth + 1))
            }
            Some('?') => !n.is_empty() && n[0] != '/' && go(&p[1..], &n[1..], depth + 1),
            Some('[') => {
                let Some(end) = p.iter().position(|c| *c == ']') else { return false };
                let Some(&c) = n.first() else { return false };
                let class = &p[1..end];
                let (negate, class) = match class.first() {
                    Some('^') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        hit |= class[i] <= c && c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == c;
                        i += 1;
                    }
                }
                hit != negate && go(&p[end + 1..], &n[1..], depth + 1)
            }
            Some('\\') if p.len() > 1 => n.first() == Some(&p[1]) && go(&p[2..], &n[1..], depth + 1),
            Some(c) => n.first() == Some(c) && go(&p[1..], &n[1..], depth + 1),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_patterns() {
        assert!(is_match("nginx", "nginx"));
        assert!(is_match("ng*", "nginx"));
        assert!(is_match("nginx:*", "nginx:1.27"));
        assert!(!is_match("ng*", "user/nginx"));
        assert!(is_match("*/app", "user/app"));
        assert!(is_match("httpd:2.?", "httpd:2.4"));
        assert!(is_match("[hn]*", "httpd"));
        assert!(!is_match("nginx", "nginx:latest"));
    }
}
