//! Which lines of a list of commands belong together: a here-document's opening line, its body
//! and its delimiter line are one unit a ▶ button sends to the terminal line by line, as a
//! learner would type them.
//!
//! A body is a file's text, not commands: its blank lines and `#` lines (a Dockerfile's
//! comments, a script's `#!/bin/sh`) and its indentation (a compose file's YAML) are kept as
//! written, where between commands they are dropped or trimmed. The opening line is read as
//! [`validate`](super::validate) reads commands, so the checker and the ▶ buttons agree on
//! where a body starts and ends.

/// An open here-document: the line that ends it, and whether its lines may start with tabs
/// that do not count (`<<-`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    /// The delimiter word, quotes removed (`<<'EOF'` → `EOF`).
    pub delimiter: String,
    /// `<<-`: leading tabs are stripped before comparing.
    pub tabs: bool,
}

impl Opened {
    /// Whether `line` (without its newline) is the delimiter line that ends the body, as bash
    /// compares it: the whole line, after leading tabs for `<<-`.
    pub fn ends_with(&self, line: &str) -> bool {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let line = if self.tabs { line.trim_start_matches('\t') } else { line };
        line == self.delimiter
    }
}

/// The here-document a command line opens (`cat > Dockerfile <<'EOF'`, `<<-END`, `<< EOF`),
/// if any. `<<<` (a here-string) opens none.
pub fn opens(line: &str) -> Option<Opened> {
    let words = super::validate::split_words(line).ok()?;
    opened_by(&words)
}

/// [`opens`] on words already split as the shell splits them.
pub(crate) fn opened_by(words: &[String]) -> Option<Opened> {
    let at = words.iter().position(|w| w.starts_with("<<") && !w.starts_with("<<<"))?;
    let rest = &words[at][2..];
    let (tabs, rest) = match rest.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let delimiter = if rest.is_empty() { words.get(at + 1)?.clone() } else { rest.to_string() };
    Some(Opened { delimiter, tabs })
}

/// Commands grouped into units: a here-document (opening line, body, delimiter) becomes one
/// string with its lines joined by `\n`; every other command stays as it is. A body that never
/// ends runs to the last line.
pub fn units<S: AsRef<str>>(lines: &[S]) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<(Opened, String)> = None;
    for line in lines {
        let line = line.as_ref();
        match open.take() {
            Some((here, mut unit)) => {
                unit.push('\n');
                unit.push_str(line);
                if here.ends_with(line) {
                    out.push(unit);
                } else {
                    open = Some((here, unit));
                }
            }
            None => match opens(line) {
                Some(here) => open = Some((here, line.to_string())),
                None => out.push(line.to_string()),
            },
        }
    }
    out.extend(open.map(|(_, unit)| unit));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openings_as_the_shell_reads_them() {
        let open = |l: &str| opens(l).map(|o| (o.delimiter, o.tabs));
        assert_eq!(open("cat > Dockerfile <<'EOF'"), Some(("EOF".into(), false)));
        assert_eq!(open("cat <<-END >> a.txt"), Some(("END".into(), true)));
        assert_eq!(open("cat << \"EOF\""), Some(("EOF".into(), false)));
        assert_eq!(open("cat <<< hi"), None);
        assert_eq!(open("docker ps"), None);
    }

    #[test]
    fn a_body_keeps_blank_lines_comments_and_indentation() {
        let lines = [
            "mkdir app",
            "cat > compose.yaml <<'EOF'",
            "# the web service",
            "services:",
            "",
            "  web:",
            "    image: nginx",
            "EOF",
            "docker compose up -d",
        ];
        assert_eq!(
            units(&lines),
            vec![
                "mkdir app".to_string(),
                "cat > compose.yaml <<'EOF'\n# the web service\nservices:\n\n  web:\n    image: nginx\nEOF".to_string(),
                "docker compose up -d".to_string(),
            ]
        );
    }

    #[test]
    fn only_the_whole_line_ends_a_body() {
        let lines = ["cat <<EOF", "EOF is near", " EOF", "EOF"];
        assert_eq!(units(&lines), vec!["cat <<EOF\nEOF is near\n EOF\nEOF".to_string()]);
        let tabbed = ["cat <<-EOF", "\tx", "\tEOF", "ls"];
        assert_eq!(units(&tabbed), vec!["cat <<-EOF\n\tx\n\tEOF".to_string(), "ls".to_string()]);
        assert_eq!(units(&["cat <<EOF", "never ends"]), vec!["cat <<EOF\nnever ends".to_string()]);
    }
}
