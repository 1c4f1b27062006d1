//! `expect_regex` goals: an author's pattern, read by the one regex engine ([`crate::regex`])
//! in Go's `regexp` syntax (the syntax of docker's own `--filter` values), with the engine's
//! refusals told to the author in Korean. `^` and `$` anchor the whole output and `.` does
//! not match a newline, so `^[0-9a-f]{12}$` holds only when the output is one ID.

use std::fmt;

use crate::regex::{Regex, RegexError, Syntax};

/// A compiled pattern; two patterns are equal when they were written alike.
#[derive(Clone, Debug)]
pub struct Pattern {
    source: String,
    regex: Regex,
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Pattern) -> bool {
        self.source == other.source
    }
}

/// Why a pattern was rejected; `Display` is the Korean text shown to the author.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError(RegexError);

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            RegexError::UnmatchedBracket => write!(f, "`[`를 닫는 `]`가 없습니다"),
            RegexError::UnmatchedParen => write!(f, "괄호 `(`와 `)`의 짝이 맞지 않습니다"),
            RegexError::TrailingBackslash => write!(f, "패턴이 `\\`로 끝났습니다"),
            RegexError::BadInterval => {
                write!(f, "반복 횟수는 `{{n}}`, `{{n,}}`, `{{n,m}}` 모양이어야 합니다 (n ≤ m ≤ 1000)")
            }
            RegexError::TooBig => write!(f, "패턴이 너무 큽니다"),
            RegexError::InvalidEscape(c) => write!(f, "지원하지 않는 이스케이프입니다: `\\{c}`"),
            RegexError::MissingRepeatArgument(c) => write!(f, "`{c}` 앞에 반복할 글자가 없습니다"),
        }
    }
}

impl Pattern {
    /// Compiles a pattern or says, in Korean, why it cannot.
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let regex = Regex::new(source, Syntax::Go, false).map_err(PatternError)?;
        Ok(Pattern { source: source.to_string(), regex })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern matches somewhere in `text` (or all of it, when anchored).
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn check(pattern: &str, text: &str, expected: bool) {
        let p = Pattern::new(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        assert_eq!(p.is_match(text), expected, "{pattern:?} on {text:?}");
    }

    #[test]
    fn literals_and_search() {
        check("run", "running", true);
        check("^run", "running", true);
        check("^unn", "running", false);
        check("^running$", "running", true);
        check("^running$", "not running", false);
        check("", "anything", true);
        check("가나", "다가나라", true);
    }

    #[test]
    fn classes_escapes_and_quantifiers() {
        check("^[0-9a-f]{12}$", "0123456789ab", true);
        check("^[0-9a-f]{12}$", "0123456789ab\n0123456789cd", false);
        check("^[0-9a-f]{12}$", "0123456789aZ", false);
        check(r"^\d+ seconds?$", "12 seconds", true);
        check(r"^\d+ seconds?$", "1 second", true);
        check(r"^\d+ seconds?$", "seconds", false);
        check(r"Up \d+", "Up 5 seconds", true);
        check(r"0\.0\.0\.0:8080->80/tcp", "0.0.0.0:8080->80/tcp", true);
        check(r"0\.0\.0\.0", "0a0b0c0", false);
        check("a.c", "abc", true);
        check("a.c", "a\nc", false);
        check("[^ ]+$", "x y", true);
        check("^[^ ]+$", "x y", false);
        check("[a-]", "-", true);
        check("[]]", "]", true);
        check(r"[\d.]+", "1.2", true);
        check("x{2,}", "xx", true);
        check("^x{2,3}$", "xxxx", false);
        check("^a*a*a*a*a*a*a*a*b$", &"a".repeat(40), false);
        check(r"\$5", "$5", true);
        check(r"5\$", "5$", true);
    }

    #[test]
    fn groups_and_alternation_as_in_go() {
        check("^(running|restarting)$", "restarting", true);
        check("^(running|restarting)$", "exited", false);
        check(r"^(\d+\.){3}\d+$", "172.17.0.2", true);
        check(r"\bweb\b", "my web app", true);
        check("a^b", "a^b", false);
    }

    #[test]
    fn refusals_are_korean() {
        let err = |p: &str| Pattern::new(p).unwrap_err().to_string();
        assert_eq!(err("(a|b"), "괄호 `(`와 `)`의 짝이 맞지 않습니다");
        assert_eq!(err("*a"), "`*` 앞에 반복할 글자가 없습니다");
        assert_eq!(err("a**"), "`*` 앞에 반복할 글자가 없습니다");
        assert_eq!(err("[ab"), "`[`를 닫는 `]`가 없습니다");
        assert_eq!(err("a\\"), "패턴이 `\\`로 끝났습니다");
        assert_eq!(err(r"\p"), "지원하지 않는 이스케이프입니다: `\\p`");
        assert!(err("a{3,1}").starts_with("반복 횟수는"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn never_panics(pattern in "[\\PC\\\\\\[\\](){}|^$.*+?,0-9a-c-]{0,16}", text in "\\PC{0,40}") {
            if let Ok(p) = Pattern::new(&pattern) {
                let _ = p.is_match(&text);
            }
        }
    }
}
