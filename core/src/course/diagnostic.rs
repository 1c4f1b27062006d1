//! A problem found in `content/`, located by file, line and column, worded in Korean.
//!
//! Diagnostics are values, never panics or early returns: a broken lesson yields a list of
//! them and the rest of the course keeps loading. This file only describes and prints them;
//! finding them is the job of the parsers and of [`validate`](super::validate).

use std::fmt;

/// How bad a problem is. Only errors make `whalelab check` exit 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// The course is wrong: a file does not parse, an exercise cannot be solved, ...
    Error,
    /// Probably a mistake, but the course still works (raw HTML, a failing setup command).
    Warning,
}

impl Severity {
    /// The Korean word printed before the message.
    pub fn label_ko(self) -> &'static str {
        match self {
            Severity::Error => "오류",
            Severity::Warning => "경고",
        }
    }
}

/// One located problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path relative to the content root, with `/` separators (`lessons/01-first-container.md`).
    pub path: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters (what an editor shows for Korean text).
    pub column: u32,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in Korean.
    pub message: String,
}

impl Diagnostic {
    /// An error at a place.
    pub fn error(path: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic { path: path.to_string(), line, column, severity: Severity::Error, message: message.into() }
    }

    /// A warning at a place.
    pub fn warning(path: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic { path: path.to_string(), line, column, severity: Severity::Warning, message: message.into() }
    }

    /// Whether this diagnostic makes the check fail.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `lessons/01-x.md:42:1: 오류: ...`, the shape compilers use so editors can jump to it.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.path, self.line, self.column, self.severity.label_ko(), self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_like_a_compiler() {
        let d = Diagnostic::error("lessons/01-x.md", 42, 1, "모르는 키 `foo`입니다.");
        assert_eq!(d.to_string(), "lessons/01-x.md:42:1: 오류: 모르는 키 `foo`입니다.");
        let w = Diagnostic::warning("SUMMARY.md", 3, 5, "조심하세요.");
        assert_eq!(w.to_string(), "SUMMARY.md:3:5: 경고: 조심하세요.");
        assert!(d.is_error() && !w.is_error());
    }
}
