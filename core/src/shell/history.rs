//! Interactive bash's history expansion, done on the raw line before parsing: `!!` (so
//! `sudo !!` works), `!N`, `!-N`, `!prefix`, `!$` and `!*`.
//!
//! Single quotes and a backslash protect a `!`; a `!` before a blank, `=`, `(` or the end of the
//! line is literal, as are `$!` and `${!`. Pure: reads the history, changes nothing.

use super::error::ShellError;

/// The longest line an expansion may produce (repeated `!!` doubles a line each time).
const MAX_EXPANDED: usize = 64 * 1024;

/// Expands history references; `Ok(None)` when the line has none (the common case).
pub fn expand(line: &str, history: &[String]) -> Result<Option<String>, ShellError> {
    if !line.contains('!') {
        return Ok(None);
    }
    let cs: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut changed = false;
    let mut in_single = false;
    let mut in_double = false;
    let mut i = 0;
    while let Some(&c) = cs.get(i) {
        if c == '\'' && !in_double {
            in_single = !in_single;
        } else if c == '"' && !in_single {
            in_double = !in_double;
        } else if c == '\\' && !in_single {
            out.push(c);
            if let Some(&n) = cs.get(i + 1) {
                out.push(n);
            }
            i += 2;
            continue;
        } else if c == '!' && !in_single {
            let next = cs.get(i + 1).copied();
            let prev = if i > 0 { cs.get(i - 1).copied() } else { None };
            let literal = match next {
                None => true,
                Some(n) => n.is_whitespace() || n == '=' || n == '(' || (in_double && n == '"'),
            } || prev == Some('$')
                || (prev == Some('{') && i >= 2 && cs.get(i - 2) == Some(&'$'));
            if !literal {
                let (text, used) = event(&cs[i + 1..], history)?;
                out.push_str(&text);
                if out.len() > MAX_EXPANDED {
                    return Err(ShellError::TooBig);
                }
                changed = true;
                i += 1 + used;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    Ok(changed.then_some(out))
}

/// Resolves the event after a `!`; returns the text and how many characters it used.
fn event(rest: &[char], history: &[String]) -> Result<(String, usize), ShellError> {
    let not_found = |spec: &str| ShellError::EventNotFound(format!("!{spec}"));
    let last = || history.last().cloned();
    match rest.first() {
        Some('!') => last().map(|l| (l, 1)).ok_or_else(|| not_found("!")),
        Some('$') => {
            let l = last().ok_or_else(|| not_found("$"))?;
            Ok((l.split_whitespace().last().unwrap_or("").to_string(), 1))
        }
        Some('*') => {
            let l = last().ok_or_else(|| not_found("*"))?;
            Ok((l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "), 1))
        }
        Some(c) if c.is_ascii_digit() || *c == '-' => {
            let neg = *c == '-';
            let digits: String = rest.iter().skip(usize::from(neg)).take_while(|c| c.is_ascii_digit()).collect();
            let used = digits.len() + usize::from(neg);
            let spec: String = rest.iter().take(used).collect();
            let n: usize = digits.parse().map_err(|_| not_found(&spec))?;
            let idx = if neg { history.len().checked_sub(n) } else { n.checked_sub(1) };
            match idx.and_then(|i| history.get(i)) {
                Some(l) if n > 0 => Ok((l.clone(), used)),
                _ => Err(not_found(&spec)),
            }
        }
        _ => {
            let word: String = rest
                .iter()
                .take_while(|c| {
                    !c.is_whitespace() && !matches!(c, ';' | '&' | '|' | '(' | ')' | '<' | '>' | '"' | '\'')
                })
                .collect();
            if word.is_empty() {
                return Ok(("!".to_string(), 0));
            }
            let used = word.chars().count();
            history
                .iter()
                .rev()
                .find(|l| l.starts_with(&word))
                .map(|l| (l.clone(), used))
                .ok_or_else(|| not_found(&word))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(line: &str, expected: &str) {
        let hist = vec!["docker ps -a".to_string(), "echo hi there".to_string()];
        let got = match expand(line, &hist) {
            Ok(None) => "unchanged".to_string(),
            Ok(Some(s)) => s,
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expected, "{line}");
    }

    #[test]
    fn events() {
        check("sudo !!", "sudo echo hi there");
        check("!1", "docker ps -a");
        check("!-2 | wc -l", "docker ps -a | wc -l");
        check("!doc -q", "docker ps -a -q");
        check("echo !$", "echo there");
        check("echo !*", "echo hi there");
        check("!zzz", "bash: !zzz: event not found");
        check("!9", "bash: !9: event not found");
        check("echo hello!world", "bash: !world: event not found");
    }

    #[test]
    fn literal_bangs() {
        check("echo hi!", "unchanged");
        check("echo 'a!b'", "unchanged");
        check("echo a\\!b", "unchanged");
        check("echo $! ! x=!", "unchanged");
        check("[ ! -f x ]", "unchanged");
    }
}
