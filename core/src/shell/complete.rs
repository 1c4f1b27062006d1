//! What Tab completion needs from the shell: which command's words come before the cursor, the
//! partial word under it, and where that word sits in the line; plus host path candidates.
//!
//! Lenient by design: an unfinished line (open quote, open `$(`) is the normal case here, so this
//! never fails. It knows nothing about docker; the session's completer decides what to offer.

use super::fs::Who;
use super::Shell;

/// The word under the cursor and the command it belongs to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CompletionContext {
    /// The words of the current simple command before the cursor's word, with quotes removed
    /// (`docker run -d` for `docker run -d ng|`). Starts fresh after `|`, `;`, `&&`, `||`, `(`
    /// and inside an open `$(`.
    pub words: Vec<String>,
    /// The part of the cursor's word before the cursor, quotes removed (`ng`).
    pub prefix: String,
    /// Byte offset where the cursor's word starts (replace `start..end` with the completion).
    pub start: usize,
    /// Byte offset where the cursor's word ends (the cursor, or later if the word continues).
    pub end: usize,
    /// The quote the word is open in (`'` or `"`), so a completer can close it.
    pub quote: Option<char>,
    /// The word follows a redirection (`> fi|`): complete a file name.
    pub after_redirect: bool,
}

/// Scans `line` up to byte `cursor` (clamped to the line and to a character boundary).
pub fn context(line: &str, cursor: usize) -> CompletionContext {
    let mut cursor = cursor.min(line.len());
    while !line.is_char_boundary(cursor) {
        cursor -= 1;
    }
    let head = line.get(..cursor).unwrap_or("");
    // One frame per open `$(`: (words, current word, start, in-word, after-redirect).
    struct Frame {
        words: Vec<String>,
        cur: String,
        start: usize,
        in_word: bool,
        redirect: bool,
        redirect_next: bool,
    }
    let fresh = |at: usize| Frame {
        words: Vec::new(),
        cur: String::new(),
        start: at,
        in_word: false,
        redirect: false,
        redirect_next: false,
    };
    let mut stack: Vec<Frame> = vec![fresh(0)];
    let mut quote: Option<char> = None;
    let bytes: Vec<(usize, char)> = head.char_indices().collect();
    let mut i = 0;
    while let Some(&(at, c)) = bytes.get(i) {
        let depth = stack.len();
        let Some(f) = stack.last_mut() else { break };
        let next = bytes.get(i + 1).map(|(_, c)| *c);
        match quote {
            Some(q) => {
                if c == q {
                    quote = None;
                } else if c == '\\' && q == '"' && next.is_some() {
                    if let Some(n) = next {
                        f.cur.push(n);
                    }
                    i += 1;
                } else {
                    f.cur.push(c);
                }
            }
            None => match c {
                ' ' | '\t' | '\n' => {
                    if f.in_word {
                        f.words.push(std::mem::take(&mut f.cur));
                        f.in_word = false;
                        f.redirect = false;
                    }
                }
                '\'' | '"' => {
                    if !f.in_word {
                        f.in_word = true;
                        f.start = at;
                        f.redirect = std::mem::take(&mut f.redirect_next);
                    }
                    quote = Some(c);
                }
                '\\' => {
                    if !f.in_word {
                        f.in_word = true;
                        f.start = at;
                        f.redirect = std::mem::take(&mut f.redirect_next);
                    }
                    if let Some(n) = next {
                        f.cur.push(n);
                        i += 1;
                    }
                }
                '$' if next == Some('(') => {
                    stack.push(fresh(at + 2));
                    i += 2;
                    continue;
                }
                ')' if depth > 1 => {
                    stack.pop();
                    if let Some(outer) = stack.last_mut() {
                        // The substitution is part of the outer word; its text is unknown here.
                        if !outer.in_word {
                            outer.in_word = true;
                            outer.start = at;
                        }
                        outer.cur.push_str("$(...)");
                    }
                }
                '|' | ';' | '&' | '(' | ')' => {
                    *f = fresh(at + 1);
                }
                '<' | '>' => {
                    if f.in_word && !f.cur.bytes().all(|b| b.is_ascii_digit()) {
                        f.words.push(std::mem::take(&mut f.cur));
                    } else {
                        f.cur.clear();
                    }
                    f.in_word = false;
                    f.redirect_next = true;
                }
                _ => {
                    if !f.in_word {
                        f.in_word = true;
                        f.start = at;
                        f.redirect = std::mem::take(&mut f.redirect_next);
                    }
                    f.cur.push(c);
                }
            },
        }
        i += 1;
    }
    let Some(f) = stack.pop() else { return CompletionContext::default() };
    let (prefix, start, redirect) =
        if f.in_word { (f.cur, f.start, f.redirect) } else { (String::new(), cursor, f.redirect_next) };
    let tail = line.get(cursor..).unwrap_or("");
    let word_rest = if quote.is_some() {
        0
    } else {
        tail.find(|c: char| c.is_whitespace() || "|&;()<>".contains(c)).unwrap_or(tail.len())
    };
    CompletionContext { words: f.words, prefix, start, end: cursor + word_rest, quote, after_redirect: redirect }
}

/// Host paths that complete `prefix` (`ht` → `html/`, `~/h` → `~/html/`, `/et` → `/etc/`), as the
/// learner would type them, directories with a trailing `/`. Hidden entries only when the last
/// component starts with `.`.
pub fn paths(sh: &Shell, prefix: &str) -> Vec<String> {
    let (dir_part, name_part) = match prefix.rfind('/') {
        Some(i) => (prefix.get(..=i).unwrap_or(""), prefix.get(i + 1..).unwrap_or("")),
        None => ("", prefix),
    };
    let dir = if dir_part.is_empty() { sh.cwd().to_string() } else { sh.resolve(dir_part) };
    let Ok(entries) = sh.fs().list(&dir, Who::User) else { return Vec::new() };
    entries
        .into_iter()
        .filter(|(name, _)| name.starts_with(name_part) && (name_part.starts_with('.') || !name.starts_with('.')))
        .map(|(name, node)| format!("{dir_part}{name}{}", if node.is_dir() { "/" } else { "" }))
        .collect()
}

/// The longest prefix all candidates share (what Tab inserts when several match).
pub fn common_prefix(candidates: &[String]) -> String {
    let Some(first) = candidates.first() else { return String::new() };
    let mut len = first.len();
    for c in candidates.iter().skip(1) {
        len = first
            .char_indices()
            .zip(c.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(len);
    }
    first.get(..len).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(line: &str) -> (Vec<String>, String, usize) {
        let c = context(line, line.len());
        (c.words, c.prefix, c.start)
    }

    #[test]
    fn words_before_the_cursor() {
        assert_eq!(ctx("docker run -d ng"), (vec!["docker".into(), "run".into(), "-d".into()], "ng".into(), 14));
        assert_eq!(ctx("docker ps "), (vec!["docker".into(), "ps".into()], "".into(), 10));
        assert_eq!(ctx("ls | gr"), (vec![], "gr".into(), 5));
        assert_eq!(ctx("docker rm $(docker ps -"), (vec!["docker".into(), "ps".into()], "-".into(), 22));
        assert_eq!(ctx("echo 'a b"), (vec!["echo".into()], "a b".into(), 5));
        assert_eq!(
            ctx("docker stop $(docker ps -q) we"),
            (vec!["docker".into(), "stop".into(), "$(...)".into()], "we".into(), 28)
        );
    }

    #[test]
    fn cursor_in_the_middle_and_redirects() {
        let c = context("docker stop web1 -t 3", 14);
        assert_eq!((c.prefix.as_str(), c.start, c.end), ("we", 12, 16));
        let c = context("echo hi > fi", 12);
        assert!(c.after_redirect);
        assert_eq!(c.prefix, "fi");
        let c = context("héllo", 2);
        assert_eq!(c.prefix, "h");
    }

    #[test]
    fn host_paths() {
        let sh = Shell::new();
        assert_eq!(paths(&sh, "ht"), ["html/"]);
        assert_eq!(paths(&sh, "~/h"), ["~/html/"]);
        assert_eq!(paths(&sh, "/etc/host"), ["/etc/hostname", "/etc/hosts"]);
        assert_eq!(paths(&sh, "."), [".bashrc", ".profile"]);
        assert_eq!(common_prefix(&["/etc/hostname".into(), "/etc/hosts".into()]), "/etc/host");
        assert_eq!(common_prefix(&[]), "");
    }
}
