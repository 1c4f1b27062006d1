//! The one regular expression engine: every place that matches patterns compiles them here,
//! with the syntax its program reads as an option. `grep` reads POSIX basic syntax (`-E`:
//! extended) and `awk` extended, both with GNU's `\w \W \s \S \b \< \>`; the daemon reads
//! `--filter name=...` values and exercise goals read `expect_regex` in Go's `regexp` (RE2)
//! syntax, which adds `\d \D`, escapes inside brackets, `\n \t`, a leading `(?i)`, and
//! refuses what RE2 refuses (a repetition with nothing to repeat, an unknown letter escape).
//!
//! Supported everywhere: `.`, `[...]` (ranges, negation, `[:classes:]`), `^`, `$`, `*`, `+`,
//! `?`, `{n,m}`, groups and alternation. Patterns compile to a Thompson NFA that is simulated
//! without backtracking, so no pattern can take exponential time. `^` and `$` anchor the
//! whole text (grep and awk match one line at a time); `.` does not match a newline.
//! Errors display GNU grep's text; Go-syntax users map them to their own words.

use std::fmt;

/// Which syntax the pattern uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// grep's default: `\(`, `\{`, `\|`, `\+`, `\?` are operators; `( { | + ?` are literal.
    Basic,
    /// `grep -E` and awk: `( ) { } | + ?` are operators.
    Extended,
    /// Go's `regexp` (RE2): extended syntax plus Perl's classes and escapes.
    Go,
}

/// A compile error; `Display` is what GNU grep prints after `grep: `.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegexError {
    /// `(` without `)`.
    UnmatchedParen,
    /// `[` without `]`.
    UnmatchedBracket,
    /// A pattern ending in `\`.
    TrailingBackslash,
    /// Bad `{n,m}`.
    BadInterval,
    /// The compiled program would be unreasonably large.
    TooBig,
    /// Go syntax: `\` before a letter RE2 does not know.
    InvalidEscape(char),
    /// Go syntax: `*`, `+`, `?` or `{n}` with nothing (or a repetition) before it.
    MissingRepeatArgument(char),
}

impl fmt::Display for RegexError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RegexError::UnmatchedParen => "Unmatched ( or \\(",
            RegexError::UnmatchedBracket => "Unmatched [, [^, [:, [., or [=",
            RegexError::TrailingBackslash => "Trailing backslash",
            RegexError::BadInterval => "Invalid content of \\{\\}",
            RegexError::TooBig => "regular expression too big",
            RegexError::InvalidEscape(c) => return write!(f, "invalid escape sequence: `\\{c}`"),
            RegexError::MissingRepeatArgument(c) => return write!(f, "missing argument to repetition operator: `{c}`"),
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Set {
    Range(char, char),
    Named(&'static str),
    /// Everything outside a named class (`[\D]` in Go syntax).
    Except(&'static str),
}

#[derive(Clone, Debug, PartialEq)]
enum Node {
    Char(char),
    Any,
    Class(bool, Vec<Set>),
    Bol,
    Eol,
    WordBoundary,
    NotWordBoundary,
    WordStart,
    WordEnd,
    Group(Vec<Vec<Node>>),
    Repeat(Box<Node>, u32, Option<u32>),
}

#[derive(Clone, Debug)]
enum Inst {
    Char(char),
    Any,
    Class(bool, Vec<Set>),
    Bol,
    Eol,
    WordBoundary,
    NotWordBoundary,
    WordStart,
    WordEnd,
    Split(usize, usize),
    Jmp(usize),
    Match,
}

/// A compiled pattern.
#[derive(Clone, Debug)]
pub struct Regex {
    prog: Vec<Inst>,
    icase: bool,
    /// Set when the pattern is plain text: matching is then a substring search.
    literal: Option<String>,
}

const MAX_PROG: usize = 5_000;

/// Go's `regexp.MatchString` as the daemon's filters use it: whether `pattern` matches
/// somewhere in `text`; a pattern that does not compile matches nothing (moby ignores the
/// error).
pub(crate) fn go_match_string(pattern: &str, text: &str) -> bool {
    Regex::new(pattern, Syntax::Go, false).is_ok_and(|r| r.is_match(text))
}

impl Regex {
    /// Compiles `pattern`; `icase` makes matching case-insensitive (`grep -i`).
    pub fn new(pattern: &str, syntax: Syntax, icase: bool) -> Result<Regex, RegexError> {
        let (pattern, icase) = match pattern.strip_prefix("(?i)") {
            Some(rest) if syntax == Syntax::Go => (rest, true),
            _ => (pattern, icase),
        };
        // Case folds at parse time, literal by literal: folding the pattern's text would turn
        // `\W` into `\w`.
        let mut p = Parser { cs: pattern.chars().collect(), pos: 0, syntax, icase, depth: 0 };
        let alts = p.alternation()?;
        if p.pos < p.cs.len() {
            return Err(RegexError::UnmatchedParen);
        }
        let literal = match alts.as_slice() {
            [seq] if seq.iter().all(|n| matches!(n, Node::Char(_))) => {
                Some(seq.iter().filter_map(|n| if let Node::Char(c) = n { Some(*c) } else { None }).collect())
            }
            _ => None,
        };
        let mut prog = Vec::new();
        emit_alts(&alts, &mut prog)?;
        prog.push(Inst::Match);
        Ok(Regex { prog, icase, literal })
    }

    /// True if the pattern matches anywhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        if let Some(lit) = &self.literal {
            return if self.icase { text.to_lowercase().contains(lit.as_str()) } else { text.contains(lit.as_str()) };
        }
        let lowered: Vec<char> =
            text.chars().map(|c| if self.icase { c.to_lowercase().next().unwrap_or(c) } else { c }).collect();
        self.run(&lowered, 0, true).is_some()
    }

    /// The leftmost-longest match as a byte range.
    pub fn find(&self, text: &str) -> Option<(usize, usize)> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let lowered: Vec<char> =
            chars.iter().map(|(_, c)| if self.icase { c.to_lowercase().next().unwrap_or(*c) } else { *c }).collect();
        let byte_at = |i: usize| chars.get(i).map(|(b, _)| *b).unwrap_or(text.len());
        for start in 0..=lowered.len() {
            if let Some(end) = self.run(&lowered, start, false) {
                return Some((byte_at(start), byte_at(end)));
            }
        }
        None
    }

    /// Simulates the NFA from `start`; returns the end of the longest match. With `anywhere`,
    /// a new thread starts at every position and the first match found ends the search (one
    /// linear pass answers "does it match at all").
    fn run(&self, text: &[char], start: usize, anywhere: bool) -> Option<usize> {
        let n = self.prog.len();
        let mut seen = vec![usize::MAX; n];
        let mut clist: Vec<usize> = Vec::new();
        let mut nlist: Vec<usize> = Vec::new();
        let mut best = None;
        let mut gen = 0usize;
        let mut stack = Vec::new();
        self.add(&mut clist, &mut seen, &mut stack, gen, 0, text, start);
        let mut pos = start;
        loop {
            if clist.iter().any(|&pc| matches!(self.prog.get(pc), Some(Inst::Match))) {
                best = Some(pos);
                if anywhere {
                    break;
                }
            }
            if clist.is_empty() && !anywhere {
                break;
            }
            let Some(&c) = text.get(pos) else { break };
            gen += 1;
            nlist.clear();
            for &pc in &clist {
                let ok = match self.prog.get(pc) {
                    Some(Inst::Char(x)) => *x == c,
                    Some(Inst::Any) => c != '\n',
                    Some(Inst::Class(neg, sets)) => class_has(sets, c) != *neg,
                    _ => false,
                };
                if ok {
                    self.add(&mut nlist, &mut seen, &mut stack, gen, pc + 1, text, pos + 1);
                }
            }
            std::mem::swap(&mut clist, &mut nlist);
            pos += 1;
            if anywhere {
                self.add(&mut clist, &mut seen, &mut stack, gen, 0, text, pos);
            }
        }
        best
    }

    /// Adds `pc` and everything reachable from it without consuming input.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &self,
        list: &mut Vec<usize>,
        seen: &mut [usize],
        stack: &mut Vec<usize>,
        gen: usize,
        pc: usize,
        text: &[char],
        pos: usize,
    ) {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            match seen.get_mut(pc) {
                Some(s) if *s == gen => continue,
                Some(s) => *s = gen,
                None => continue,
            }
            let prev = if pos > 0 { text.get(pos - 1).copied() } else { None };
            let next = text.get(pos).copied();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
            match self.prog.get(pc) {
                Some(Inst::Split(a, b)) => {
                    stack.push(*b);
                    stack.push(*a);
                }
                Some(Inst::Jmp(a)) => stack.push(*a),
                Some(Inst::Bol) if pos == 0 => stack.push(pc + 1),
                Some(Inst::Eol) if pos == text.len() => stack.push(pc + 1),
                Some(Inst::WordBoundary) if word(prev) != word(next) => stack.push(pc + 1),
                Some(Inst::NotWordBoundary) if word(prev) == word(next) => stack.push(pc + 1),
                Some(Inst::WordStart) if !word(prev) && word(next) => stack.push(pc + 1),
                Some(Inst::WordEnd) if word(prev) && !word(next) => stack.push(pc + 1),
                Some(
                    Inst::Bol
                    | Inst::Eol
                    | Inst::WordBoundary
                    | Inst::NotWordBoundary
                    | Inst::WordStart
                    | Inst::WordEnd,
                ) => {}
                Some(_) => list.push(pc),
                None => {}
            }
        }
    }
}

fn class_has(sets: &[Set], c: char) -> bool {
    sets.iter().any(|s| match s {
        Set::Range(lo, hi) => *lo <= c && c <= *hi,
        Set::Except(n) => !named_has(n, c),
        Set::Named(n) => named_has(n, c),
    })
}

fn named_has(name: &str, c: char) -> bool {
    match name {
        "alpha" => c.is_alphabetic(),
        "digit" => c.is_ascii_digit(),
        "alnum" => c.is_alphanumeric(),
        "upper" => c.is_uppercase(),
        "lower" => c.is_lowercase(),
        "space" => c.is_whitespace(),
        "blank" => c == ' ' || c == '\t',
        "punct" => c.is_ascii_punctuation(),
        "xdigit" => c.is_ascii_hexdigit(),
        "word" => c.is_alphanumeric() || c == '_',
        _ => false,
    }
}

/// What a `\` escape means in Go syntax.
enum GoEscape {
    Char(char),
    /// `\d \w \s` (negated: `\D \W \S`).
    Class(bool, &'static str),
    /// `\b` (true) and `\B`.
    Boundary(bool),
    /// `\A`.
    TextStart,
    /// `\z`.
    TextEnd,
}

/// RE2's escapes: Perl's classes, C's control characters, and any punctuation as itself;
/// another letter or digit is an error.
fn go_escape(e: char) -> Result<GoEscape, RegexError> {
    Ok(match e {
        'd' | 'D' => GoEscape::Class(e == 'D', "digit"),
        'w' | 'W' => GoEscape::Class(e == 'W', "word"),
        's' | 'S' => GoEscape::Class(e == 'S', "space"),
        'b' | 'B' => GoEscape::Boundary(e == 'b'),
        'A' => GoEscape::TextStart,
        'z' => GoEscape::TextEnd,
        'n' => GoEscape::Char('\n'),
        't' => GoEscape::Char('\t'),
        'r' => GoEscape::Char('\r'),
        'f' => GoEscape::Char('\u{c}'),
        'v' => GoEscape::Char('\u{b}'),
        'a' => GoEscape::Char('\u{7}'),
        c if c.is_ascii_alphanumeric() => return Err(RegexError::InvalidEscape(c)),
        c => GoEscape::Char(c),
    })
}

fn emit_alts(alts: &[Vec<Node>], prog: &mut Vec<Inst>) -> Result<(), RegexError> {
    match alts {
        [] => Ok(()),
        [one] => emit_seq(one, prog),
        [first, rest @ ..] => {
            let split = prog.len();
            prog.push(Inst::Split(split + 1, 0));
            emit_seq(first, prog)?;
            let jmp = prog.len();
            prog.push(Inst::Jmp(0));
            let second = prog.len();
            emit_alts(rest, prog)?;
            let end = prog.len();
            if let Some(Inst::Split(_, b)) = prog.get_mut(split) {
                *b = second;
            }
            if let Some(Inst::Jmp(a)) = prog.get_mut(jmp) {
                *a = end;
            }
            Ok(())
        }
    }
}

fn emit_seq(seq: &[Node], prog: &mut Vec<Inst>) -> Result<(), RegexError> {
    for n in seq {
        emit(n, prog)?;
    }
    Ok(())
}

fn emit(n: &Node, prog: &mut Vec<Inst>) -> Result<(), RegexError> {
    if prog.len() > MAX_PROG {
        return Err(RegexError::TooBig);
    }
    match n {
        Node::Char(c) => prog.push(Inst::Char(*c)),
        Node::Any => prog.push(Inst::Any),
        Node::Class(neg, sets) => prog.push(Inst::Class(*neg, sets.clone())),
        Node::Bol => prog.push(Inst::Bol),
        Node::Eol => prog.push(Inst::Eol),
        Node::WordBoundary => prog.push(Inst::WordBoundary),
        Node::NotWordBoundary => prog.push(Inst::NotWordBoundary),
        Node::WordStart => prog.push(Inst::WordStart),
        Node::WordEnd => prog.push(Inst::WordEnd),
        Node::Group(alts) => emit_alts(alts, prog)?,
        Node::Repeat(inner, min, max) => {
            for _ in 0..*min {
                emit(inner, prog)?;
            }
            match max {
                None => {
                    let split = prog.len();
                    prog.push(Inst::Split(split + 1, 0));
                    emit(inner, prog)?;
                    prog.push(Inst::Jmp(split));
                    let end = prog.len();
                    if let Some(Inst::Split(_, b)) = prog.get_mut(split) {
                        *b = end;
                    }
                }
                Some(max) => {
                    let mut splits = Vec::new();
                    for _ in *min..*max {
                        splits.push(prog.len());
                        prog.push(Inst::Split(prog.len() + 1, 0));
                        emit(inner, prog)?;
                    }
                    let end = prog.len();
                    for s in splits {
                        if let Some(Inst::Split(_, b)) = prog.get_mut(s) {
                            *b = end;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

struct Parser {
    cs: Vec<char>,
    pos: usize,
    syntax: Syntax,
    icase: bool,
    depth: u32,
}

impl Parser {
    /// A literal character as the compiled program compares it (texts are folded likewise).
    fn fold(&self, c: char) -> char {
        if self.icase {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        }
    }

    /// A named class under case folding: folded text holds no capitals, so `upper` reads as `lower`.
    fn named(&self, name: &'static str) -> Set {
        Set::Named(if self.icase && name == "upper" { "lower" } else { name })
    }

    fn peek(&self) -> Option<char> {
        self.cs.get(self.pos).copied()
    }

    fn peek2(&self) -> Option<char> {
        self.cs.get(self.pos + 1).copied()
    }

    fn ere(&self) -> bool {
        self.syntax != Syntax::Basic
    }

    fn go(&self) -> bool {
        self.syntax == Syntax::Go
    }

    fn at_alt(&self) -> bool {
        if self.ere() {
            self.peek() == Some('|')
        } else {
            self.peek() == Some('\\') && self.peek2() == Some('|')
        }
    }

    fn at_close(&self) -> bool {
        if self.ere() {
            self.peek() == Some(')') && self.depth > 0
        } else {
            self.peek() == Some('\\') && self.peek2() == Some(')')
        }
    }

    fn alternation(&mut self) -> Result<Vec<Vec<Node>>, RegexError> {
        let mut alts = vec![self.sequence()?];
        while self.at_alt() {
            self.pos += if self.ere() { 1 } else { 2 };
            alts.push(self.sequence()?);
        }
        Ok(alts)
    }

    fn sequence(&mut self) -> Result<Vec<Node>, RegexError> {
        let mut seq: Vec<Node> = Vec::new();
        while self.peek().is_some() && !self.at_alt() && !self.at_close() {
            let at_start = seq.is_empty();
            let atom = self.atom(at_start)?;
            let atom = self.quantifiers(atom)?;
            seq.push(atom);
        }
        Ok(seq)
    }

    fn quantifiers(&mut self, mut atom: Node) -> Result<Node, RegexError> {
        let mut repeated = false;
        loop {
            // RE2 refuses a repetition of a repetition (`a**`); `a*?` is a lazy `a*`, which
            // matches the same texts.
            if self.go() && repeated {
                if self.peek() == Some('?') {
                    self.pos += 1;
                }
                return match self.peek() {
                    Some(c @ ('*' | '+' | '?')) => Err(RegexError::MissingRepeatArgument(c)),
                    Some('{') if self.go_interval_ahead() => Err(RegexError::MissingRepeatArgument('{')),
                    _ => Ok(atom),
                };
            }
            repeated = true;
            let (min, max, len) = match (self.peek(), self.peek2()) {
                (Some('{'), _) if self.go() && !self.go_interval_ahead() => return Ok(atom),
                (Some('*'), _) => (0, None, 1),
                (Some('+'), _) if self.ere() => (1, None, 1),
                (Some('?'), _) if self.ere() => (0, Some(1), 1),
                (Some('\\'), Some('+')) if !self.ere() => (1, None, 2),
                (Some('\\'), Some('?')) if !self.ere() => (0, Some(1), 2),
                (Some('{'), _) if self.ere() => {
                    self.pos += 1;
                    let (min, max) = self.interval()?;
                    atom = Node::Repeat(Box::new(atom), min, max);
                    continue;
                }
                (Some('\\'), Some('{')) if !self.ere() => {
                    self.pos += 2;
                    let (min, max) = self.interval()?;
                    atom = Node::Repeat(Box::new(atom), min, max);
                    continue;
                }
                _ => return Ok(atom),
            };
            self.pos += len;
            atom = Node::Repeat(Box::new(atom), min, max);
        }
    }

    /// Go syntax: whether `{` starts `{n}`, `{n,}` or `{n,m}` (anything else is literal text).
    fn go_interval_ahead(&self) -> bool {
        let rest = self.cs.get(self.pos + 1..).unwrap_or(&[]);
        let digits = |from: usize| rest.iter().skip(from).take_while(|c| c.is_ascii_digit()).count();
        let n = digits(0);
        if n == 0 {
            return false;
        }
        match rest.get(n) {
            Some('}') => true,
            Some(',') => rest.get(n + 1 + digits(n + 1)) == Some(&'}'),
            _ => false,
        }
    }

    /// After `{`: `n`, `n,`, `n,m` or `,m`, then `}` (`\}` in basic syntax).
    fn interval(&mut self) -> Result<(u32, Option<u32>), RegexError> {
        let num = |p: &mut Parser| -> Option<u32> {
            let start = p.pos;
            while p.peek().is_some_and(|c| c.is_ascii_digit()) {
                p.pos += 1;
            }
            let s: String = p.cs.get(start..p.pos)?.iter().collect();
            s.parse().ok()
        };
        let min = num(self);
        let max = if self.peek() == Some(',') {
            self.pos += 1;
            num(self)
        } else {
            Some(min.ok_or(RegexError::BadInterval)?)
        };
        let close =
            if self.ere() { self.peek() == Some('}') } else { self.peek() == Some('\\') && self.peek2() == Some('}') };
        if !close {
            return Err(RegexError::BadInterval);
        }
        self.pos += if self.ere() { 1 } else { 2 };
        let min = min.unwrap_or(0);
        // RE_DUP_MAX for POSIX; RE2 allows up to 1000.
        let most = if self.go() { 1000 } else { 255 };
        if min > most || max.is_some_and(|m| m > most || m < min) {
            return Err(RegexError::BadInterval);
        }
        Ok((min, max))
    }

    fn atom(&mut self, at_start: bool) -> Result<Node, RegexError> {
        let Some(c) = self.peek() else { return Err(RegexError::UnmatchedParen) };
        self.pos += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' if at_start || self.ere() => Node::Bol,
            '$' if self.ere() || self.peek().is_none() || self.at_close() || self.at_alt() => Node::Eol,
            '[' => self.bracket()?,
            '*' | '+' | '?' if self.go() => return Err(RegexError::MissingRepeatArgument(c)),
            '*' if at_start => Node::Char('*'),
            '(' if self.ere() => self.group()?,
            // Only a `{` that starts no `{n,m}` gets here in Go syntax (quantifiers take the
            // others); at the start of a sequence a `{n,m}` has nothing to repeat.
            '{' if self.go() => {
                self.pos -= 1;
                let interval = self.go_interval_ahead();
                self.pos += 1;
                if interval {
                    return Err(RegexError::MissingRepeatArgument('{'));
                }
                Node::Char('{')
            }
            '{' if self.ere() && at_start => Node::Char('{'),
            '\\' if self.go() => {
                let Some(e) = self.peek() else { return Err(RegexError::TrailingBackslash) };
                self.pos += 1;
                match go_escape(e)? {
                    GoEscape::Char(c) => Node::Char(self.fold(c)),
                    GoEscape::Class(neg, name) => Node::Class(neg, vec![Set::Named(name)]),
                    GoEscape::Boundary(true) => Node::WordBoundary,
                    GoEscape::Boundary(false) => Node::NotWordBoundary,
                    GoEscape::TextStart => Node::Bol,
                    GoEscape::TextEnd => Node::Eol,
                }
            }
            '\\' => {
                let Some(e) = self.peek() else { return Err(RegexError::TrailingBackslash) };
                self.pos += 1;
                match e {
                    '(' if !self.ere() => self.group()?,
                    'w' => Node::Class(false, vec![Set::Named("word")]),
                    'W' => Node::Class(true, vec![Set::Named("word")]),
                    's' => Node::Class(false, vec![Set::Named("space")]),
                    'S' => Node::Class(true, vec![Set::Named("space")]),
                    'b' => Node::WordBoundary,
                    '<' => Node::WordStart,
                    '>' => Node::WordEnd,
                    c => Node::Char(self.fold(c)),
                }
            }
            c => Node::Char(self.fold(c)),
        })
    }

    fn group(&mut self) -> Result<Node, RegexError> {
        if self.depth > 50 {
            return Err(RegexError::TooBig);
        }
        self.depth += 1;
        let alts = self.alternation()?;
        self.depth -= 1;
        if !self.at_close_any() {
            return Err(RegexError::UnmatchedParen);
        }
        self.pos += if self.ere() { 1 } else { 2 };
        Ok(Node::Group(alts))
    }

    fn at_close_any(&self) -> bool {
        if self.ere() {
            self.peek() == Some(')')
        } else {
            self.peek() == Some('\\') && self.peek2() == Some(')')
        }
    }

    fn bracket(&mut self) -> Result<Node, RegexError> {
        let mut neg = false;
        if self.peek() == Some('^') {
            neg = true;
            self.pos += 1;
        }
        let mut sets = Vec::new();
        let mut first = true;
        loop {
            let Some(c) = self.peek() else { return Err(RegexError::UnmatchedBracket) };
            if c == ']' && !first {
                self.pos += 1;
                return Ok(Node::Class(neg, sets));
            }
            first = false;
            if c == '\\' && self.go() {
                self.pos += 1;
                let Some(e) = self.peek() else { return Err(RegexError::UnmatchedBracket) };
                self.pos += 1;
                match go_escape(e)? {
                    GoEscape::Char(lo) => self.range_from(lo, &mut sets)?,
                    GoEscape::Class(false, name) => sets.push(Set::Named(name)),
                    GoEscape::Class(true, name) => sets.push(Set::Except(name)),
                    _ => return Err(RegexError::InvalidEscape(e)),
                }
                continue;
            }
            if c == '[' && self.peek2() == Some(':') {
                let rest: String = self.cs.get(self.pos + 2..).unwrap_or(&[]).iter().collect();
                let Some(end) = rest.find(":]") else { return Err(RegexError::UnmatchedBracket) };
                let name = &rest[..end];
                let known = ["alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct", "xdigit"];
                let Some(n) = known.into_iter().find(|k| *k == name) else { return Err(RegexError::UnmatchedBracket) };
                sets.push(self.named(n));
                self.pos += 2 + name.chars().count() + 2;
                continue;
            }
            self.pos += 1;
            self.range_from(c, &mut sets)?;
        }
    }

    /// After a bracket item `lo`: `-hi` makes it a range (a `-` before `]` is literal).
    fn range_from(&mut self, lo: char, sets: &mut Vec<Set>) -> Result<(), RegexError> {
        if self.peek() == Some('-') && self.peek2().is_some_and(|n| n != ']') {
            let mut hi = self.peek2().unwrap_or(lo);
            self.pos += 2;
            if hi == '\\' && self.go() {
                let Some(e) = self.peek() else { return Err(RegexError::UnmatchedBracket) };
                self.pos += 1;
                let GoEscape::Char(c) = go_escape(e)? else { return Err(RegexError::InvalidEscape(e)) };
                hi = c;
            }
            sets.push(Set::Range(self.fold(lo), self.fold(hi)));
        } else {
            sets.push(Set::Range(self.fold(lo), self.fold(lo)));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, syntax: Syntax, t: &str) -> bool {
        Regex::new(p, syntax, false).unwrap_or_else(|e| panic!("{p}: {e}")).is_match(t)
    }

    #[test]
    fn basic_syntax() {
        assert!(m("ngin", Syntax::Basic, "nginx:latest"));
        assert!(m("^ngi.x$", Syntax::Basic, "nginx"));
        assert!(!m("^gin", Syntax::Basic, "nginx"));
        assert!(m("a+b", Syntax::Basic, "a+b"));
        assert!(m("a\\+b", Syntax::Basic, "aaab"));
        assert!(m("\\(ab\\)*c", Syntax::Basic, "ababc"));
        assert!(m("x\\|ngi", Syntax::Basic, "nginx"));
        assert!(m("*a", Syntax::Basic, "*a"));
        assert!(m("[0-9]\\{3\\}", Syntax::Basic, "a123"));
    }

    #[test]
    fn extended_syntax() {
        assert!(m("nginx|httpd", Syntax::Extended, "httpd:2.4"));
        assert!(m("^(Up|Exited) [0-9]+", Syntax::Extended, "Up 3 seconds"));
        assert!(!m("^(Up|Exited) [0-9]+", Syntax::Extended, "Created"));
        assert!(m("colou?r", Syntax::Extended, "color"));
        assert!(m("[[:digit:]]{2,}", Syntax::Extended, "port 80"));
        assert!(!m("[^a-z]", Syntax::Extended, "abc"));
        assert!(m("\\bweb\\b", Syntax::Extended, "my web app"));
        assert!(!m("\\bweb\\b", Syntax::Extended, "webapp"));
        assert!(m("", Syntax::Extended, "anything"));
        assert!(!m("(a*)*b", Syntax::Extended, &"a".repeat(5000)));
    }

    #[test]
    fn go_syntax() {
        let go = |p: &str, t: &str| m(p, Syntax::Go, t);
        assert!(go("web", "myweb2") && !go("^w.b$", "webs") && go("db[0-9]+", "mydb12"));
        assert!(go(r"^\d+ seconds?$", "12 seconds") && !go(r"^\d+ seconds?$", "seconds"));
        assert!(go(r"[\d.]+", "1.2") && go(r"0\.0\.0\.0:8080->80/tcp", "0.0.0.0:8080->80/tcp"));
        assert!(!go(r"0\.0", "0a0") && go(r"\$5", "$5") && go("a.c", "abc") && !go("a.c", "a\nc"));
        assert!(go("^(web|db)$", "db") && go("(?i)^WEB", "web-1") && go(r"\bweb\b", "a web b"));
        assert!(go("x{2,}", "xx") && !go("^x{2,3}$", "xxxx") && go("a{,2}", "a{,2}") && go("a*?b", "aab"));
        assert!(go(r"^[^\s]+$", "abc") && !go(r"^[\S]+$", "a c") && go("[]]", "]") && go("[a-]", "-"));
        assert!(!go("^a*a*a*a*a*a*a*a*b$", &"a".repeat(40)));
        let err = |p: &str| Regex::new(p, Syntax::Go, false).err();
        assert_eq!(err("*a"), Some(RegexError::MissingRepeatArgument('*')));
        assert_eq!(err("a**"), Some(RegexError::MissingRepeatArgument('*')));
        assert_eq!(err("{2}"), Some(RegexError::MissingRepeatArgument('{')));
        assert_eq!(err(r"\q"), Some(RegexError::InvalidEscape('q')));
        assert_eq!(err("a{3,1}"), Some(RegexError::BadInterval));
        assert_eq!(err("a{1001}"), Some(RegexError::BadInterval));
        assert_eq!(err("(a"), Some(RegexError::UnmatchedParen));
        assert_eq!(err("[a"), Some(RegexError::UnmatchedBracket));
        assert_eq!(err("a\\"), Some(RegexError::TrailingBackslash));
    }

    #[test]
    fn find_and_icase() {
        let r = Regex::new("o+", Syntax::Extended, false).unwrap();
        assert_eq!(r.find("foo bar"), Some((1, 3)));
        assert!(Regex::new("NGINX", Syntax::Basic, true).unwrap().is_match("nginx"));
        // Folding reads literals only: `\W` stays "not a word character".
        let i = |p: &str, syntax, t: &str| Regex::new(p, syntax, true).unwrap().is_match(t);
        assert!(!i(r"^\W+$", Syntax::Basic, "abc") && i(r"^\W+$", Syntax::Basic, "-+"));
        assert!(!m(r"(?i)^\D$", Syntax::Go, "7") && m(r"(?i)^\D$", Syntax::Go, "X"));
        assert!(i("^[A-Z]+$", Syntax::Extended, "Web") && i("^[[:upper:]]+$", Syntax::Extended, "Web"));
    }

    #[test]
    fn errors() {
        assert_eq!(Regex::new("(a", Syntax::Extended, false).unwrap_err().to_string(), "Unmatched ( or \\(");
        assert_eq!(Regex::new("[a", Syntax::Basic, false).unwrap_err().to_string(), "Unmatched [, [^, [:, [., or [=");
        assert_eq!(Regex::new("a\\", Syntax::Basic, false).unwrap_err().to_string(), "Trailing backslash");
        assert!(Regex::new("a{1000}", Syntax::Extended, false).is_err());
        assert!(Regex::new(&"(".repeat(100), Syntax::Extended, false).is_err());
    }
}
