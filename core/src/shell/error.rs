//! Errors that stop a whole input line, printed exactly as an interactive bash 5.2 prints them.
//!
//! Only line-level failures live here (syntax, bad substitution, history events, limits).
//! A command that fails (`cat nofile`) is not an error: it prints to stderr and sets `$?`.

use super::Dialect;
use std::fmt;

/// Why a line could not be run (or stopped half-way).
///
/// `Display` is the exact terminal text, including bash's `` `x' `` quoting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShellError {
    /// `bash: syntax error near unexpected token `|'`.
    UnexpectedToken(String),
    /// `bash: syntax error: unexpected end of file` (after `&&`, `|`, an open `(`).
    UnexpectedEof,
    /// The same, inside a compound command: `opener` (`while`) still wants `expecting`
    /// (`done`). A script's shell names both (`sh: 1: Syntax error: end of file unexpected
    /// (expecting "done")`); an interactive bash says no more than [`ShellError::UnexpectedEof`].
    EofIn {
        /// The reserved word that opened the command.
        opener: &'static str,
        /// The word the parser was waiting for.
        expecting: &'static str,
    },
    /// `bash: unexpected EOF while looking for matching `"'` (quotes, `$(`, `${`, backticks).
    Unclosed(char),
    /// A here-document whose delimiter line (`EOF`) has not come yet: an interactive bash asks
    /// for more lines with `> `; at the end of the input it warns and takes what it has.
    HereDocEof(String),
    /// Syntax this practice terminal deliberately does not implement (loops, functions, `&`).
    Unsupported(String),
    /// `bash: ${a b}: bad substitution`.
    BadSubstitution(String),
    /// `bash: !x: event not found`.
    EventNotFound(String),
    /// `bash: x: parameter null or not set` and friends from `${x:?msg}`.
    ParamUnset(String, String),
    /// `bash: 7/0: division by 0 (error token is "0")` and other arithmetic errors.
    Arith(String),
    /// Substitutions nested deeper than the shell allows.
    TooDeep,
    /// The line tried to produce more text than the simulation holds.
    TooBig,
    /// A loop ran more passes than a line may (an endless `while true`).
    TooManyIterations,
}

impl ShellError {
    /// The `$?` bash sets after this error.
    pub fn status(&self) -> i32 {
        match self {
            ShellError::UnexpectedToken(_)
            | ShellError::UnexpectedEof
            | ShellError::EofIn { .. }
            | ShellError::Unclosed(_)
            | ShellError::Unsupported(_)
            | ShellError::TooDeep => 2,
            ShellError::HereDocEof(_) => 0,
            ShellError::BadSubstitution(_)
            | ShellError::EventNotFound(_)
            | ShellError::ParamUnset(..)
            | ShellError::Arith(_)
            | ShellError::TooBig => 1,
            ShellError::TooManyIterations => 130,
        }
    }

    /// True when more input could complete the line: an interactive bash would show its `> `
    /// continuation prompt here instead of failing.
    pub fn is_incomplete(&self) -> bool {
        matches!(
            self,
            ShellError::UnexpectedEof | ShellError::EofIn { .. } | ShellError::Unclosed(_) | ShellError::HereDocEof(_)
        )
    }
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShellError::UnexpectedToken(t) => write!(f, "bash: syntax error near unexpected token `{t}'"),
            ShellError::UnexpectedEof | ShellError::EofIn { .. } => {
                write!(f, "bash: syntax error: unexpected end of file")
            }
            ShellError::Unclosed(c) => write!(f, "bash: unexpected EOF while looking for matching `{c}'"),
            ShellError::HereDocEof(d) => {
                write!(f, "bash: warning: here-document at line 1 delimited by end-of-file (wanted `{d}')")
            }
            ShellError::Unsupported(what) => f.write_str(&crate::voice::unsupported_syntax(what)),
            ShellError::BadSubstitution(s) => write!(f, "bash: {s}: bad substitution"),
            ShellError::EventNotFound(e) => write!(f, "bash: {e}: event not found"),
            ShellError::ParamUnset(name, msg) => write!(f, "bash: {name}: {msg}"),
            ShellError::Arith(msg) => write!(f, "bash: {msg}"),
            ShellError::TooDeep => write!(f, "bash: maximum nesting level exceeded"),
            ShellError::TooBig => write!(f, "bash: xmalloc: cannot allocate memory"),
            ShellError::TooManyIterations => f.write_str(&crate::voice::loop_limit(super::exec::MAX_ITERATIONS)),
        }
    }
}

impl std::error::Error for ShellError {}

impl ShellError {
    /// The text the shell `name` of kind `dialect` prints when the script it was given with `-c`
    /// does not parse: bash names `-c` and the line, dash numbers the line and capitalises
    /// `Syntax`, BusyBox ash says `syntax error: unexpected ...`. Errors that are not about syntax
    /// keep their own text under the shell's name.
    pub fn in_script(&self, dialect: Dialect, name: &str, script: &str) -> String {
        let lines = script.trim_end_matches('\n').lines().count().max(1);
        let first = script.lines().next().unwrap_or("");
        let token = match self {
            ShellError::UnexpectedToken(t) => Some(t.as_str()),
            _ => None,
        };
        let expecting = match self {
            ShellError::EofIn { expecting, .. } => Some(*expecting),
            _ => None,
        };
        match dialect {
            Dialect::Bash => {
                match self {
                    ShellError::UnexpectedToken(t) => {
                        format!("{name}: -c: line 1: syntax error near unexpected token `{t}'\n{name}: -c: line 1: `{first}'")
                    }
                    ShellError::EofIn { opener, .. } => format!(
                    "{name}: -c: line {lines}: syntax error: unexpected end of file from `{opener}' command on line 1"
                ),
                    ShellError::UnexpectedEof => {
                        format!("{name}: -c: line {}: syntax error: unexpected end of file", lines + 1)
                    }
                    ShellError::Unclosed(c) => {
                        format!("{name}: -c: line 1: unexpected EOF while looking for matching `{c}'")
                    }
                    other => format!("{name}: {}", other.to_string().trim_start_matches("bash: ")),
                }
            }
            Dialect::Dash => match (token, expecting, self) {
                (Some(t), _, _) => format!("{name}: 1: Syntax error: \"{t}\" unexpected"),
                (_, Some(e), _) => {
                    format!("{name}: {lines}: Syntax error: end of file unexpected (expecting \"{e}\")")
                }
                (_, _, ShellError::UnexpectedEof) => format!("{name}: {lines}: Syntax error: end of file unexpected"),
                (_, _, ShellError::Unclosed('`')) => format!("{name}: 1: Syntax error: EOF in backquote substitution"),
                (_, _, ShellError::Unclosed(')')) => {
                    format!("{name}: 1: Syntax error: end of file unexpected (expecting \")\")")
                }
                (_, _, ShellError::Unclosed(_)) => format!("{name}: 1: Syntax error: Unterminated quoted string"),
                (_, _, other) => format!("{name}: 1: {}", other.to_string().trim_start_matches("bash: ")),
            },
            Dialect::Ash => match (token, expecting, self) {
                (Some(t), _, _) => format!("{name}: syntax error: unexpected \"{t}\""),
                (_, Some(e), _) => format!("{name}: syntax error: unexpected end of file (expecting \"{e}\")"),
                (_, _, ShellError::UnexpectedEof) => format!("{name}: syntax error: unexpected end of file"),
                (_, _, ShellError::Unclosed(')')) => {
                    format!("{name}: syntax error: unexpected end of file (expecting \")\")")
                }
                (_, _, ShellError::Unclosed(_)) => format!("{name}: syntax error: unterminated quoted string"),
                (_, _, other) => format!("{name}: {}", other.to_string().trim_start_matches("bash: ")),
            },
        }
    }
}
