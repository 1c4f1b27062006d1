//! The small regular-expression subset that `expect_regex` goals may use.
//!
//! A full regex engine would add a large share to the wasm bundle for a handful of author
//! patterns, so this is a tiny backtracking matcher over a documented subset:
//! literals, `.`, classes `[abc]` `[a-z]` `[^0-9]`, the escapes `\d \w \s \D \W \S \n \t` and
//! `\` before any punctuation, the quantifiers `* + ? {n} {n,} {n,m}`, and the anchors `^`
//! (only first) and `$` (only last), which anchor the whole text. Groups `( )` and
//! alternation `|` are rejected with a Korean message. `.` does not match a newline.
//! Matching is bounded by a step budget, so no pattern can hang the page.

use std::fmt;

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern {
    source: String,
    anchored_start: bool,
    anchored_end: bool,
    pieces: Vec<Piece>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Piece {
    atom: Atom,
    min: u32,
    max: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Atom {
    Char(char),
    Any,
    Class { negated: bool, items: Vec<ClassItem> },
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ClassItem {
    Range(char, char),
    Digit(bool),
    Word(bool),
    Space(bool),
}

/// Why a pattern was rejected; `Display` is the Korean text shown to the author.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternError {
    /// `(`, `)` or `|`.
    Unsupported(char),
    /// A quantifier with nothing before it, or twice in a row.
    DanglingQuantifier(char),
    /// `[` without `]`.
    UnclosedClass,
    /// `\` at the very end.
    TrailingBackslash,
    /// `\` before a letter we do not know (`\b`, `\p`, ...).
    UnknownEscape(char),
    /// `{...}` that is not `{n}`, `{n,}` or `{n,m}` with n ≤ m ≤ 1000.
    BadRepeat,
    /// `^` or `$` in the middle.
    MisplacedAnchor(char),
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternError::Unsupported(c) => {
                write!(f, "`expect_regex`에서 쓸 수 없는 글자입니다: `{c}` (괄호 묶음과 `|`는 지원하지 않습니다)")
            }
            PatternError::DanglingQuantifier(c) => write!(f, "`{c}` 앞에 반복할 글자가 없습니다"),
            PatternError::UnclosedClass => write!(f, "`[`를 닫는 `]`가 없습니다"),
            PatternError::TrailingBackslash => write!(f, "패턴이 `\\`로 끝났습니다"),
            PatternError::UnknownEscape(c) => write!(f, "지원하지 않는 이스케이프입니다: `\\{c}`"),
            PatternError::BadRepeat => {
                write!(f, "반복 횟수는 `{{n}}`, `{{n,}}`, `{{n,m}}` 모양이어야 합니다 (n ≤ m ≤ 1000)")
            }
            PatternError::MisplacedAnchor(c) => write!(f, "`{c}`: 패턴의 맨 앞(`^`)이나 맨 뒤(`$`)에만 쓸 수 있습니다"),
        }
    }
}

/// An upper bound on matching work; beyond it the text counts as not matching.
const STEP_BUDGET: u32 = 200_000;
/// The most repetitions `{n,m}` may ask for.
const MAX_REPEAT: u32 = 1000;

impl Pattern {
    /// Compiles a pattern or says, in Korean, what is not supported.
    pub fn new(source: &str) -> Result<Pattern, PatternError> {
        let mut chars: Vec<char> = source.chars().collect();
        let anchored_start = chars.first() == Some(&'^');
        if anchored_start {
            chars.remove(0);
        }
        // A final `$` anchors unless it is escaped (an odd number of backslashes before it).
        let mut anchored_end = false;
        if chars.last() == Some(&'$') {
            let backslashes = chars.iter().rev().skip(1).take_while(|&&c| c == '\\').count();
            if backslashes % 2 == 0 {
                anchored_end = true;
                chars.pop();
            }
        }
        let mut pieces: Vec<Piece> = Vec::new();
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            i += 1;
            let atom = match c {
                '(' | ')' | '|' => return Err(PatternError::Unsupported(c)),
                '^' | '$' => return Err(PatternError::MisplacedAnchor(c)),
                '*' | '+' | '?' => {
                    let last = pieces.last_mut().ok_or(PatternError::DanglingQuantifier(c))?;
                    if last.min != 1 || last.max != 1 {
                        return Err(PatternError::DanglingQuantifier(c));
                    }
                    (last.min, last.max) = match c {
                        '*' => (0, u32::MAX),
                        '+' => (1, u32::MAX),
                        _ => (0, 1),
                    };
                    continue;
                }
                '{' => {
                    let close = chars[i..].iter().position(|&c| c == '}').ok_or(PatternError::BadRepeat)?;
                    let inner: String = chars[i..i + close].iter().collect();
                    i += close + 1;
                    let (min, max) = parse_repeat(&inner).ok_or(PatternError::BadRepeat)?;
                    let last = pieces.last_mut().ok_or(PatternError::DanglingQuantifier('{'))?;
                    if last.min != 1 || last.max != 1 {
                        return Err(PatternError::DanglingQuantifier('{'));
                    }
                    (last.min, last.max) = (min, max);
                    continue;
                }
                '.' => Atom::Any,
                '[' => {
                    let (atom, next) = parse_class(&chars, i)?;
                    i = next;
                    atom
                }
                '\\' => {
                    let e = *chars.get(i).ok_or(PatternError::TrailingBackslash)?;
                    i += 1;
                    escape_atom(e)?
                }
                c => Atom::Char(c),
            };
            pieces.push(Piece { atom, min: 1, max: 1 });
        }
        Ok(Pattern { source: source.to_string(), anchored_start, anchored_end, pieces })
    }

    /// The pattern as written.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Whether the pattern matches somewhere in `text` (or all of it, when anchored).
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut budget = STEP_BUDGET;
        let starts = if self.anchored_start { 0..=0 } else { 0..=chars.len() };
        for start in starts {
            if self.match_here(&chars, start, 0, &mut budget) {
                return true;
            }
            if budget == 0 {
                return false;
            }
        }
        false
    }

    fn match_here(&self, text: &[char], pos: usize, piece: usize, budget: &mut u32) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let Some(p) = self.pieces.get(piece) else {
            return !self.anchored_end || pos == text.len();
        };
        // Greedy: take as many as allowed, then give back one at a time.
        let mut count: u32 = 0;
        let mut end = pos;
        while count < p.max {
            match text.get(end) {
                Some(&c) if p.atom.matches(c) => {
                    count += 1;
                    end += 1;
                }
                _ => break,
            }
        }
        loop {
            if count < p.min {
                return false;
            }
            if self.match_here(text, pos + count as usize, piece + 1, budget) {
                return true;
            }
            if count == 0 || *budget == 0 {
                return false;
            }
            count -= 1;
        }
    }
}

impl Atom {
    fn matches(&self, c: char) -> bool {
        match self {
            Atom::Char(x) => *x == c,
            Atom::Any => c != '\n',
            Atom::Class { negated, items } => items.iter().any(|i| i.matches(c)) != *negated,
        }
    }
}

impl ClassItem {
    fn matches(&self, c: char) -> bool {
        match *self {
            ClassItem::Range(a, b) => a <= c && c <= b,
            ClassItem::Digit(yes) => c.is_ascii_digit() == yes,
            ClassItem::Word(yes) => (c.is_alphanumeric() || c == '_') == yes,
            ClassItem::Space(yes) => c.is_whitespace() == yes,
        }
    }
}

fn escape_atom(e: char) -> Result<Atom, PatternError> {
    let class = |item| Atom::Class { negated: false, items: vec![item] };
    Ok(match e {
        'd' => class(ClassItem::Digit(true)),
        'D' => class(ClassItem::Digit(false)),
        'w' => class(ClassItem::Word(true)),
        'W' => class(ClassItem::Word(false)),
        's' => class(ClassItem::Space(true)),
        'S' => class(ClassItem::Space(false)),
        'n' => Atom::Char('\n'),
        't' => Atom::Char('\t'),
        c if c.is_ascii_punctuation() || c == ' ' => Atom::Char(c),
        c => return Err(PatternError::UnknownEscape(c)),
    })
}

/// Parses a class body starting just after `[`; returns the atom and the index after `]`.
fn parse_class(chars: &[char], mut i: usize) -> Result<(Atom, usize), PatternError> {
    let negated = chars.get(i) == Some(&'^');
    if negated {
        i += 1;
    }
    let mut items = Vec::new();
    let mut first = true;
    loop {
        let c = *chars.get(i).ok_or(PatternError::UnclosedClass)?;
        i += 1;
        if c == ']' && !first {
            return Ok((Atom::Class { negated, items }, i));
        }
        first = false;
        let lo = if c == '\\' {
            let e = *chars.get(i).ok_or(PatternError::UnclosedClass)?;
            i += 1;
            match escape_atom(e)? {
                Atom::Char(x) => x,
                Atom::Class { items: inner, .. } => {
                    items.extend(inner);
                    continue;
                }
                Atom::Any => continue,
            }
        } else {
            c
        };
        // `a-z`, unless the `-` is last (`[a-]`).
        if chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|&n| n != ']') {
            let mut hi = *chars.get(i + 1).ok_or(PatternError::UnclosedClass)?;
            i += 2;
            if hi == '\\' {
                hi = *chars.get(i).ok_or(PatternError::UnclosedClass)?;
                i += 1;
            }
            items.push(ClassItem::Range(lo, hi));
        } else {
            items.push(ClassItem::Range(lo, lo));
        }
    }
}

fn parse_repeat(inner: &str) -> Option<(u32, u32)> {
    let (min, max) = match inner.split_once(',') {
        None => {
            let n = inner.trim().parse().ok()?;
            (n, n)
        }
        Some((a, b)) => {
            let min = a.trim().parse().ok()?;
            let max = if b.trim().is_empty() { u32::MAX } else { b.trim().parse().ok()? };
            (min, max)
        }
    };
    (min <= max && min <= MAX_REPEAT && (max == u32::MAX || max <= MAX_REPEAT)).then_some((min, max))
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
    fn unsupported_syntax_is_a_korean_error() {
        assert_eq!(Pattern::new("(a)").unwrap_err(), PatternError::Unsupported('('));
        assert_eq!(Pattern::new("a|b").unwrap_err(), PatternError::Unsupported('|'));
        assert_eq!(Pattern::new("*a").unwrap_err(), PatternError::DanglingQuantifier('*'));
        assert_eq!(Pattern::new("a**").unwrap_err(), PatternError::DanglingQuantifier('*'));
        assert_eq!(Pattern::new("[ab").unwrap_err(), PatternError::UnclosedClass);
        assert_eq!(Pattern::new("a\\").unwrap_err(), PatternError::TrailingBackslash);
        assert_eq!(Pattern::new(r"\b").unwrap_err(), PatternError::UnknownEscape('b'));
        assert_eq!(Pattern::new("a{3,1}").unwrap_err(), PatternError::BadRepeat);
        assert_eq!(Pattern::new("a^b").unwrap_err(), PatternError::MisplacedAnchor('^'));
        assert!(PatternError::Unsupported('(').to_string().contains("괄호"));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn never_panics(pattern in "[\\PC\\\\\\[\\]{}^$.*+?,0-9a-c-]{0,16}", text in "\\PC{0,40}") {
            if let Ok(p) = Pattern::new(&pattern) {
                let _ = p.is_match(&text);
            }
        }
    }
}
