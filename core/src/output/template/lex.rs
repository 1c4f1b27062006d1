//! The lexer of Go's `text/template/parse`: source → items, with Go's own state machine
//! (`{{- -}}` trim markers, comments, strings and raw strings, numbers, the keywords) and
//! its error texts. The parser (`parse.rs`) reads the items.

use crate::go::strconv;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tok {
    Error,
    Bool,
    Char,
    CharConstant,
    Complex,
    Assign,
    Declare,
    Eof,
    Field,
    Identifier,
    LeftDelim,
    LeftParen,
    Number,
    Pipe,
    RawString,
    RightDelim,
    RightParen,
    Space,
    Str,
    Text,
    Variable,
    // Keywords.
    Block,
    Break,
    Continue,
    Define,
    Dot,
    Else,
    End,
    If,
    Nil,
    Range,
    Template,
    With,
}

impl Tok {
    pub(super) fn is_keyword(self) -> bool {
        matches!(
            self,
            Tok::Block
                | Tok::Break
                | Tok::Continue
                | Tok::Define
                | Tok::Dot
                | Tok::Else
                | Tok::End
                | Tok::If
                | Tok::Nil
                | Tok::Range
                | Tok::Template
                | Tok::With
        )
    }
}

#[derive(Clone, Debug)]
pub(super) struct Item {
    pub(super) typ: Tok,
    pub(super) pos: usize,
    pub(super) val: String,
    pub(super) line: usize,
}

impl Item {
    /// Go's `item.String()`, as parse errors quote tokens.
    pub(super) fn describe(&self) -> String {
        match self.typ {
            Tok::Eof => "EOF".to_string(),
            Tok::Error => self.val.clone(),
            t if t.is_keyword() => format!("<{}>", self.val),
            _ if self.val.chars().count() > 10 => {
                let head: String = self.val.chars().take(10).collect();
                format!("{}...", strconv::quote(&head))
            }
            _ => strconv::quote(&self.val),
        }
    }
}

fn keyword(word: &str) -> Option<Tok> {
    Some(match word {
        "." => Tok::Dot,
        "block" => Tok::Block,
        "break" => Tok::Break,
        "continue" => Tok::Continue,
        "define" => Tok::Define,
        "else" => Tok::Else,
        "end" => Tok::End,
        "if" => Tok::If,
        "range" => Tok::Range,
        "nil" => Tok::Nil,
        "template" => Tok::Template,
        "with" => Tok::With,
        _ => return None,
    })
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\r' | '\n')
}

fn is_alnum(c: char) -> bool {
    c == '_' || c.is_alphabetic() || c.is_numeric()
}

fn has_left_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && b[0] == b'-' && is_space(b[1] as char)
}

fn has_right_trim(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 2 && is_space(b[0] as char) && b[1] == b'-'
}

/// The lexer: Go's state machine, run to the end (or the first error) at once.
pub(super) struct Lexer<'a> {
    pub(super) input: &'a str,
    pub(super) pos: usize,
    pub(super) start: usize,
    pub(super) line: usize,
    pub(super) start_line: usize,
    pub(super) at_eof: bool,
    pub(super) paren_depth: i32,
    pub(super) items: Vec<Item>,
}

const EOF: char = '\u{0}';

#[derive(Clone, Copy)]
enum State {
    Text,
    LeftDelim,
    Comment,
    RightDelim,
    InsideAction,
    Space,
    Identifier,
    Field,
    Variable,
    Char,
    Number,
    Quote,
    RawQuote,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.input.get(self.pos..).unwrap_or("")
    }

    fn next(&mut self) -> char {
        match self.rest().chars().next() {
            None => {
                self.at_eof = true;
                EOF
            }
            Some(c) => {
                self.pos += c.len_utf8();
                if c == '\n' {
                    self.line += 1;
                }
                c
            }
        }
    }

    fn peek(&mut self) -> char {
        self.rest().chars().next().unwrap_or(EOF)
    }

    fn backup(&mut self) {
        if !self.at_eof && self.pos > 0 {
            if let Some(c) = self.input.get(..self.pos).and_then(|s| s.chars().next_back()) {
                self.pos -= c.len_utf8();
                if c == '\n' {
                    self.line -= 1;
                }
            }
        }
    }

    fn emit(&mut self, typ: Tok) {
        let val = self.input.get(self.start..self.pos).unwrap_or("").to_string();
        self.items.push(Item { typ, pos: self.start, val, line: self.start_line });
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn ignore(&mut self) {
        self.line += self.input.get(self.start..self.pos).unwrap_or("").matches('\n').count();
        self.start = self.pos;
        self.start_line = self.line;
    }

    fn error(&mut self, msg: String) -> Option<State> {
        self.items.push(Item { typ: Tok::Error, pos: self.start, val: msg, line: self.start_line });
        None
    }

    fn accept(&mut self, valid: &str) -> bool {
        let c = self.next();
        if c != EOF && valid.contains(c) {
            return true;
        }
        self.backup();
        false
    }

    fn accept_run(&mut self, valid: &str) {
        loop {
            let c = self.next();
            if c == EOF || !valid.contains(c) {
                break;
            }
        }
        self.backup();
    }

    fn at_right_delim(&self) -> (bool, bool) {
        let rest = self.rest();
        if has_right_trim(rest) && rest.get(2..).is_some_and(|r| r.starts_with("}}")) {
            return (true, true);
        }
        (rest.starts_with("}}"), false)
    }

    fn at_terminator(&mut self) -> bool {
        let c = self.peek();
        if is_space(c) || matches!(c, EOF | '.' | ',' | '|' | ':' | ')' | '(') {
            return true;
        }
        self.rest().starts_with("}}")
    }

    pub(super) fn run(mut self) -> Vec<Item> {
        let mut state = Some(State::Text);
        // Every state consumes input or ends, so the loop is bounded by the input length;
        // the counter is a second guard.
        let mut steps = 0usize;
        while let Some(s) = state {
            steps += 1;
            if steps > self.input.len() * 4 + 16 {
                break;
            }
            state = self.step(s);
        }
        self.items
    }

    fn step(&mut self, state: State) -> Option<State> {
        match state {
            State::Text => match self.rest().find("{{") {
                Some(x) => {
                    self.pos += x;
                    let mut trim = 0;
                    if has_left_trim(self.input.get(self.pos + 2..).unwrap_or("")) {
                        let before = self.input.get(self.start..self.pos).unwrap_or("");
                        trim = before.len() - before.trim_end_matches(is_space).len();
                    }
                    self.pos -= trim;
                    if self.pos > self.start {
                        self.line += self.input.get(self.start..self.pos).unwrap_or("").matches('\n').count();
                        self.emit(Tok::Text);
                    }
                    self.pos += trim;
                    self.ignore();
                    Some(State::LeftDelim)
                }
                None => {
                    self.pos = self.input.len();
                    if self.pos > self.start {
                        self.line += self.input.get(self.start..self.pos).unwrap_or("").matches('\n').count();
                        self.emit(Tok::Text);
                    }
                    self.emit(Tok::Eof);
                    None
                }
            },
            State::LeftDelim => {
                self.pos += 2;
                let trim = has_left_trim(self.rest());
                let after = if trim { 2 } else { 0 };
                if self.input.get(self.pos + after..).is_some_and(|r| r.starts_with("/*")) {
                    self.pos += after;
                    self.ignore();
                    return Some(State::Comment);
                }
                self.emit(Tok::LeftDelim);
                self.pos += after;
                self.ignore();
                self.paren_depth = 0;
                Some(State::InsideAction)
            }
            State::Comment => {
                self.pos += 2;
                let Some(i) = self.rest().find("*/") else {
                    return self.error("unclosed comment".to_string());
                };
                self.pos += i + 2;
                let (delim, trim) = self.at_right_delim();
                if !delim {
                    return self.error("comment ends before closing delimiter".to_string());
                }
                if trim {
                    self.pos += 2;
                }
                self.pos += 2;
                if trim {
                    let rest = self.rest();
                    self.pos += rest.len() - rest.trim_start_matches(is_space).len();
                }
                self.ignore();
                Some(State::Text)
            }
            State::RightDelim => {
                let trim = has_right_trim(self.rest());
                if trim {
                    self.pos += 2;
                    self.ignore();
                }
                self.pos += 2;
                self.emit(Tok::RightDelim);
                if trim {
                    let rest = self.rest();
                    self.pos += rest.len() - rest.trim_start_matches(is_space).len();
                    self.ignore();
                }
                Some(State::Text)
            }
            State::InsideAction => {
                let (delim, _) = self.at_right_delim();
                if delim {
                    if self.paren_depth == 0 {
                        return Some(State::RightDelim);
                    }
                    return self.error("unclosed left paren".to_string());
                }
                let c = self.next();
                match c {
                    EOF if self.at_eof => return self.error("unclosed action".to_string()),
                    c if is_space(c) => {
                        self.backup();
                        return Some(State::Space);
                    }
                    '=' => self.emit(Tok::Assign),
                    ':' => {
                        if self.next() != '=' {
                            return self.error("expected :=".to_string());
                        }
                        self.emit(Tok::Declare);
                    }
                    '|' => self.emit(Tok::Pipe),
                    '"' => return Some(State::Quote),
                    '`' => return Some(State::RawQuote),
                    '$' => return Some(State::Variable),
                    '\'' => return Some(State::Char),
                    '.' if self.rest().bytes().next().is_some_and(|b| !b.is_ascii_digit()) => {
                        return Some(State::Field)
                    }
                    '.' | '+' | '-' | '0'..='9' => {
                        self.backup();
                        return Some(State::Number);
                    }
                    c if is_alnum(c) => {
                        self.backup();
                        return Some(State::Identifier);
                    }
                    '(' => {
                        self.emit(Tok::LeftParen);
                        self.paren_depth += 1;
                    }
                    ')' => {
                        self.emit(Tok::RightParen);
                        self.paren_depth -= 1;
                        if self.paren_depth < 0 {
                            return self.error(format!("unexpected right paren {}", go_unicode(c)));
                        }
                    }
                    c if c.is_ascii() && !c.is_ascii_control() => self.emit(Tok::Char),
                    c => return self.error(format!("unrecognized character in action: {}", go_unicode(c))),
                }
                Some(State::InsideAction)
            }
            State::Space => {
                let mut n = 0;
                while is_space(self.peek()) && self.peek() != EOF {
                    self.next();
                    n += 1;
                }
                let from = self.pos.saturating_sub(1);
                let tail = self.input.get(from..).unwrap_or("");
                if has_right_trim(tail) && tail.get(2..).is_some_and(|r| r.starts_with("}}")) {
                    self.backup();
                    if n == 1 {
                        return Some(State::RightDelim);
                    }
                }
                self.emit(Tok::Space);
                Some(State::InsideAction)
            }
            State::Identifier => {
                loop {
                    let c = self.next();
                    if c != EOF && is_alnum(c) {
                        continue;
                    }
                    self.backup();
                    let word = self.input.get(self.start..self.pos).unwrap_or("").to_string();
                    if !self.at_terminator() {
                        let bad = self.peek();
                        return self.error(format!("bad character {}", go_unicode(bad)));
                    }
                    match keyword(&word) {
                        Some(k) => self.emit(k),
                        None if word.starts_with('.') => self.emit(Tok::Field),
                        None if word == "true" || word == "false" => self.emit(Tok::Bool),
                        None => self.emit(Tok::Identifier),
                    }
                    break;
                }
                Some(State::InsideAction)
            }
            State::Field | State::Variable => {
                let typ = if matches!(state, State::Field) { Tok::Field } else { Tok::Variable };
                if self.at_terminator() {
                    self.emit(if typ == Tok::Variable { Tok::Variable } else { Tok::Dot });
                    return Some(State::InsideAction);
                }
                loop {
                    let c = self.next();
                    if c == EOF || !is_alnum(c) {
                        self.backup();
                        break;
                    }
                }
                if !self.at_terminator() {
                    let bad = self.peek();
                    return self.error(format!("bad character {}", go_unicode(bad)));
                }
                self.emit(typ);
                Some(State::InsideAction)
            }
            State::Char => {
                loop {
                    match self.next() {
                        '\\' => {
                            let c = self.next();
                            if c != EOF && c != '\n' {
                                continue;
                            }
                            return self.error("unterminated character constant".to_string());
                        }
                        EOF | '\n' => return self.error("unterminated character constant".to_string()),
                        '\'' => break,
                        _ => {}
                    }
                }
                self.emit(Tok::CharConstant);
                Some(State::InsideAction)
            }
            State::Number => {
                if !self.scan_number() {
                    let text = self.input.get(self.start..self.pos).unwrap_or("").to_string();
                    return self.error(format!("bad number syntax: {}", strconv::quote(&text)));
                }
                let sign = self.peek();
                if sign == '+' || sign == '-' {
                    if !self.scan_number() || !self.input.get(..self.pos).unwrap_or("").ends_with('i') {
                        let text = self.input.get(self.start..self.pos).unwrap_or("").to_string();
                        return self.error(format!("bad number syntax: {}", strconv::quote(&text)));
                    }
                    self.emit(Tok::Complex);
                } else {
                    self.emit(Tok::Number);
                }
                Some(State::InsideAction)
            }
            State::Quote => {
                loop {
                    match self.next() {
                        '\\' => {
                            let c = self.next();
                            if c != EOF && c != '\n' {
                                continue;
                            }
                            return self.error("unterminated quoted string".to_string());
                        }
                        '\n' => return self.error("unterminated quoted string".to_string()),
                        EOF if self.at_eof => return self.error("unterminated quoted string".to_string()),
                        '"' => break,
                        _ => {}
                    }
                }
                self.emit(Tok::Str);
                Some(State::InsideAction)
            }
            State::RawQuote => {
                loop {
                    match self.next() {
                        EOF if self.at_eof => return self.error("unterminated raw quoted string".to_string()),
                        '`' => break,
                        _ => {}
                    }
                }
                self.emit(Tok::RawString);
                Some(State::InsideAction)
            }
        }
    }

    fn scan_number(&mut self) -> bool {
        self.accept("+-");
        let mut digits = "0123456789_";
        if self.accept("0") {
            if self.accept("xX") {
                digits = "0123456789abcdefABCDEF_";
            } else if self.accept("oO") {
                digits = "01234567_";
            } else if self.accept("bB") {
                digits = "01_";
            }
        }
        self.accept_run(digits);
        if self.accept(".") {
            self.accept_run(digits);
        }
        if digits.len() == 11 && self.accept("eE") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        if digits.len() == 23 && self.accept("pP") {
            self.accept("+-");
            self.accept_run("0123456789_");
        }
        self.accept("i");
        let c = self.peek();
        if c != EOF && is_alnum(c) {
            self.next();
            return false;
        }
        true
    }
}

/// Go's `%#U`: `U+0021 '!'`.
fn go_unicode(c: char) -> String {
    if c == EOF {
        return "U+FFFFFFFFFFFFFFFF".to_string();
    }
    if c.is_control() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X} '{c}'", c as u32)
    }
}
