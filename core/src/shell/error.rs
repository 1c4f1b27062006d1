//! Errors that stop a whole input line, printed exactly as an interactive bash 5.2 prints them.
//!
//! Only line-level failures live here (syntax, bad substitution, history events, limits).
//! A command that fails (`cat nofile`) is not an error: it prints to stderr and sets `$?`.

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
    /// `bash: unexpected EOF while looking for matching `"'` (quotes, `$(`, `${`, backticks).
    Unclosed(char),
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
            | ShellError::Unclosed(_)
            | ShellError::Unsupported(_)
            | ShellError::TooDeep => 2,
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
        matches!(self, ShellError::UnexpectedEof | ShellError::Unclosed(_))
    }
}

impl fmt::Display for ShellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShellError::UnexpectedToken(t) => write!(f, "bash: syntax error near unexpected token `{t}'"),
            ShellError::UnexpectedEof => write!(f, "bash: syntax error: unexpected end of file"),
            ShellError::Unclosed(c) => write!(f, "bash: unexpected EOF while looking for matching `{c}'"),
            ShellError::Unsupported(what) => {
                write!(f, "bash: {what}: 이 연습용 터미널에서는 지원하지 않는 문법입니다")
            }
            ShellError::BadSubstitution(s) => write!(f, "bash: {s}: bad substitution"),
            ShellError::EventNotFound(e) => write!(f, "bash: {e}: event not found"),
            ShellError::ParamUnset(name, msg) => write!(f, "bash: {name}: {msg}"),
            ShellError::Arith(msg) => write!(f, "bash: {msg}"),
            ShellError::TooDeep => write!(f, "bash: maximum nesting level exceeded"),
            ShellError::TooBig => write!(f, "bash: xmalloc: cannot allocate memory"),
            ShellError::TooManyIterations => write!(
                f,
                "bash: 반복이 {}번을 넘어 이 연습용 터미널이 멈췄습니다 (실제 bash라면 Ctrl+C를 누를 때까지 계속 돕니다)",
                super::exec::MAX_ITERATIONS
            ),
        }
    }
}

impl std::error::Error for ShellError {}
