//! The YAML scanner: characters → tokens, as libyaml's scanner (and go-yaml v3's port of it)
//! cuts them: indentation rolled into `BLOCK-*-START`/`BLOCK-END` tokens, simple keys found
//! after the fact (`KEY` inserted before a scalar once its `:` turns up), plain, quoted and
//! block scalars, flow collections, anchors, aliases and tags.
//!
//! The structure follows libyaml closely on purpose: compose prints go-yaml's errors, whose
//! wording and line numbers (`yaml: line 3: found character that cannot start any token`)
//! fall out of exactly where and with which marks the scanner gives up. Directives (`%YAML`)
//! are the one part left out; none of compose's files use them.

use super::{Mark, Problem, Style};
use std::collections::VecDeque;

/// One token, with where it starts and ends.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Token {
    pub kind: Kind,
    pub start: Mark,
    pub end: Mark,
}

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Kind {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    Tag(String),
    Scalar(String, Style),
}

#[derive(Clone, Copy, Debug, Default)]
struct SimpleKey {
    possible: bool,
    required: bool,
    token_number: usize,
    mark: Mark,
}

/// How deep flow collections may nest (go-yaml's `max_flow_level`).
const MAX_FLOW_LEVEL: usize = 10_000;

pub(super) struct Scanner {
    chars: Vec<char>,
    pos: usize,
    mark: Mark,
    tokens: VecDeque<Token>,
    tokens_parsed: usize,
    token_available: bool,
    stream_start_produced: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
    flow_level: usize,
}

type Scan<T> = Result<T, Problem>;

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Blank, break or the end of the text (`'\0'` stands for it).
fn is_blankz(c: char) -> bool {
    is_blank(c) || is_break(c) || c == '\0'
}

fn is_flow_indicator(c: char) -> bool {
    matches!(c, ',' | '[' | ']' | '{' | '}')
}

/// Characters libyaml accepts in anchor names (go-yaml v3 takes any but flow indicators).
fn is_anchor_char(c: char) -> bool {
    !is_blankz(c) && !is_flow_indicator(c) && c != '\u{feff}'
}

impl Scanner {
    pub fn new(text: &str) -> Scanner {
        let mut chars: Vec<char> = text.chars().collect();
        if chars.first() == Some(&'\u{feff}') {
            chars.remove(0);
        }
        Scanner {
            chars,
            pos: 0,
            mark: Mark::default(),
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            token_available: false,
            stream_start_produced: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            flow_level: 0,
        }
    }

    fn at(&self, k: usize) -> char {
        self.chars.get(self.pos + k).copied().unwrap_or('\0')
    }

    fn ch(&self) -> char {
        self.at(0)
    }

    /// Moves past one character that is not a line break.
    fn skip(&mut self) {
        if self.pos < self.chars.len() {
            self.pos += 1;
            self.mark.index += 1;
            self.mark.column += 1;
        }
    }

    /// Moves past one line break (`\r\n` counts as one).
    fn skip_line(&mut self) {
        if self.ch() == '\r' && self.at(1) == '\n' {
            self.pos += 2;
            self.mark.index += 2;
        } else if is_break(self.ch()) {
            self.pos += 1;
            self.mark.index += 1;
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
    }

    fn read(&mut self, s: &mut String) {
        s.push(self.ch());
        self.skip();
    }

    /// Reads a line break, normalised as libyaml does (`\r\n`, `\r`, `\n`, NEL → `\n`).
    fn read_line(&mut self, s: &mut String) {
        let c = self.ch();
        if c == '\u{2028}' || c == '\u{2029}' {
            s.push(c);
        } else {
            s.push('\n');
        }
        self.skip_line();
    }

    fn error(&self, context: &'static str, context_mark: Mark, problem: &'static str) -> Problem {
        Problem::scanner(context, context_mark, problem, self.mark)
    }

    /// The next token without consuming it.
    pub fn peek(&mut self) -> Scan<&Token> {
        if !self.token_available {
            self.fetch_more_tokens()?;
            self.token_available = true;
        }
        let mark = self.mark;
        self.tokens.front().ok_or_else(|| Problem::scanner("", mark, "did not find expected node content", mark))
    }

    /// Consumes the token [`Scanner::peek`] showed.
    pub fn next(&mut self) -> Scan<Token> {
        self.peek()?;
        self.tokens_parsed += 1;
        self.token_available = false;
        let mark = self.mark;
        self.tokens.pop_front().ok_or_else(|| Problem::scanner("", mark, "did not find expected node content", mark))
    }

    /// go-yaml v3's loop: keep two tokens of lookahead, and more while the head token may
    /// still turn out to be a simple key (its `:` not yet seen). A key gone stale is checked
    /// only here and at the next `:`, which decides when "could not find expected ':'" shows.
    fn fetch_more_tokens(&mut self) -> Scan<()> {
        loop {
            let ended = self.tokens.back().is_some_and(|t| t.kind == Kind::StreamEnd);
            if self.tokens.len() > 2 || ended {
                let head = self.simple_keys.iter().position(|k| k.possible && k.token_number == self.tokens_parsed);
                match head {
                    None => break,
                    Some(i) if !self.key_is_valid(i)? => break,
                    Some(_) if ended => break,
                    Some(_) => {}
                }
            }
            self.fetch_next_token()?;
        }
        Ok(())
    }

    /// `yaml_simple_key_is_valid`: a key must end on its own line within 1024 characters.
    fn key_is_valid(&mut self, i: usize) -> Scan<bool> {
        let mark = self.mark;
        let Some(k) = self.simple_keys.get_mut(i) else { return Ok(false) };
        if !k.possible {
            return Ok(false);
        }
        if k.mark.line < mark.line || k.mark.index + 1024 < mark.index {
            if k.required {
                return Err(Problem::scanner(
                    "while scanning a simple key",
                    k.mark,
                    "could not find expected ':'",
                    mark,
                ));
            }
            k.possible = false;
            return Ok(false);
        }
        Ok(true)
    }

    fn push(&mut self, kind: Kind, start: Mark, end: Mark) {
        self.tokens.push_back(Token { kind, start, end });
    }

    fn fetch_next_token(&mut self) -> Scan<()> {
        if !self.stream_start_produced {
            self.stream_start_produced = true;
            self.indent = -1;
            self.simple_key_allowed = true;
            self.simple_keys.push(SimpleKey::default());
            let m = self.mark;
            self.push(Kind::StreamStart, m, m);
            return Ok(());
        }
        self.scan_to_next_token()?;
        self.unroll_indent(self.mark.column as isize);
        let c = self.ch();
        if self.pos >= self.chars.len() {
            return self.fetch_stream_end();
        }
        if self.mark.column == 0 {
            let three = |ch: char| self.at(0) == ch && self.at(1) == ch && self.at(2) == ch && is_blankz(self.at(3));
            if three('-') {
                return self.fetch_document_indicator(Kind::DocumentStart);
            }
            if three('.') {
                return self.fetch_document_indicator(Kind::DocumentEnd);
            }
        }
        let next = self.at(1);
        match c {
            '[' => return self.fetch_flow_collection_start(Kind::FlowSequenceStart),
            '{' => return self.fetch_flow_collection_start(Kind::FlowMappingStart),
            ']' => return self.fetch_flow_collection_end(Kind::FlowSequenceEnd),
            '}' => return self.fetch_flow_collection_end(Kind::FlowMappingEnd),
            ',' => return self.fetch_flow_entry(),
            '-' if is_blankz(next) => return self.fetch_block_entry(),
            '?' if self.flow_level > 0 || is_blankz(next) => return self.fetch_key(),
            ':' if self.flow_level > 0 || is_blankz(next) => return self.fetch_value(),
            '*' => return self.fetch_anchor(true),
            '&' => return self.fetch_anchor(false),
            '!' => return self.fetch_tag(),
            '|' if self.flow_level == 0 => return self.fetch_block_scalar(true),
            '>' if self.flow_level == 0 => return self.fetch_block_scalar(false),
            '\'' => return self.fetch_flow_scalar(true),
            '"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = matches!(
            c,
            '-' | '?'
                | ':'
                | ','
                | '['
                | ']'
                | '{'
                | '}'
                | '#'
                | '&'
                | '*'
                | '!'
                | '|'
                | '>'
                | '\''
                | '"'
                | '%'
                | '@'
                | '`'
        );
        if !(is_blankz(c) || indicator)
            || (c == '-' && !is_blank(next))
            || (self.flow_level == 0 && (c == '?' || c == ':') && !is_blankz(next))
        {
            return self.fetch_plain_scalar();
        }
        Err(self.error("while scanning for the next token", self.mark, "found character that cannot start any token"))
    }

    fn save_simple_key(&mut self) -> Scan<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            if let Some(last) = self.simple_keys.last_mut() {
                *last = key;
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Scan<()> {
        let mark = self.mark;
        if let Some(k) = self.simple_keys.last_mut() {
            if k.possible && k.required {
                return Err(Problem::scanner(
                    "while scanning a simple key",
                    k.mark,
                    "could not find expected ':'",
                    mark,
                ));
            }
            k.possible = false;
        }
        Ok(())
    }

    fn increase_flow_level(&mut self) -> Scan<()> {
        self.simple_keys.push(SimpleKey::default());
        self.flow_level += 1;
        if self.flow_level > MAX_FLOW_LEVEL {
            return Err(self.error("while increasing flow level", self.mark, "exceeded max depth of 10000"));
        }
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            self.simple_keys.pop();
        }
    }

    /// Pushes an indentation level (and its `BLOCK-*-START`) when `column` is deeper; the
    /// token goes at `number` (a simple key's place in the queue) or at the end.
    fn roll_indent(&mut self, column: isize, number: Option<usize>, kind: Kind, mark: Mark) {
        if self.flow_level > 0 || self.indent >= column {
            return;
        }
        self.indents.push(self.indent);
        self.indent = column;
        let token = Token { kind, start: mark, end: mark };
        match number {
            Some(n) => {
                let at = n.saturating_sub(self.tokens_parsed).min(self.tokens.len());
                self.tokens.insert(at, token);
            }
            None => self.tokens.push_back(token),
        }
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            let m = self.mark;
            self.push(Kind::BlockEnd, m, m);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn fetch_stream_end(&mut self) -> Scan<()> {
        // libyaml ends the stream on a line of its own.
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let m = self.mark;
        self.push(Kind::StreamEnd, m, m);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: Kind) -> Scan<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        let end = self.mark;
        self.push(kind, start, end);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: Kind) -> Scan<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(kind, start, end);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: Kind) -> Scan<()> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(kind, start, end);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> Scan<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(Kind::FlowEntry, start, end);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> Scan<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.error("", self.mark, "block sequence entries are not allowed in this context"));
            }
            let m = self.mark;
            self.roll_indent(m.column as isize, None, Kind::BlockSequenceStart, m);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(Kind::BlockEntry, start, end);
        Ok(())
    }

    fn fetch_key(&mut self) -> Scan<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.error("", self.mark, "mapping keys are not allowed in this context"));
            }
            let m = self.mark;
            self.roll_indent(m.column as isize, None, Kind::BlockMappingStart, m);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(Kind::Key, start, end);
        Ok(())
    }

    fn fetch_value(&mut self) -> Scan<()> {
        let last = self.simple_keys.len().saturating_sub(1);
        let key = self.simple_keys.last().copied().unwrap_or_default();
        if self.key_is_valid(last)? {
            let at = key.token_number.saturating_sub(self.tokens_parsed).min(self.tokens.len());
            self.tokens.insert(at, Token { kind: Kind::Key, start: key.mark, end: key.mark });
            self.roll_indent(key.mark.column as isize, Some(key.token_number), Kind::BlockMappingStart, key.mark);
            if let Some(k) = self.simple_keys.last_mut() {
                k.possible = false;
            }
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(self.error("", self.mark, "mapping values are not allowed in this context"));
                }
                let m = self.mark;
                self.roll_indent(m.column as isize, None, Kind::BlockMappingStart, m);
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        let end = self.mark;
        self.push(Kind::Value, start, end);
        Ok(())
    }

    fn fetch_anchor(&mut self, alias: bool) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let mut name = String::new();
        while is_anchor_char(self.ch()) {
            self.read(&mut name);
        }
        let end = self.mark;
        let c = self.ch();
        if name.is_empty() || !(is_blankz(c) || matches!(c, '?' | ':' | ',' | ']' | '}' | '%' | '@' | '`')) {
            let context = if alias { "while scanning an alias" } else { "while scanning an anchor" };
            return Err(self.error(context, start, "did not find expected alphabetic or numeric character"));
        }
        self.push(if alias { Kind::Alias(name) } else { Kind::Anchor(name) }, start, end);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        let mut tag = String::new();
        if self.at(1) == '<' {
            self.skip();
            self.skip();
            while !is_blankz(self.ch()) && self.ch() != '>' {
                self.read(&mut tag);
            }
            if self.ch() != '>' {
                return Err(self.error("while scanning a tag", start, "did not find the expected '>'"));
            }
            self.skip();
        } else {
            while !(is_blankz(self.ch()) || self.flow_level > 0 && is_flow_indicator(self.ch())) {
                self.read(&mut tag);
            }
        }
        if !(is_blankz(self.ch()) || self.flow_level > 0 && self.ch() == ',') {
            return Err(self.error("while scanning a tag", start, "did not find expected whitespace or line break"));
        }
        let end = self.mark;
        self.push(Kind::Tag(tag), start, end);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Scan<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.scan_block_scalar(literal)
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        self.scan_flow_scalar(single)
    }

    fn fetch_plain_scalar(&mut self) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        self.scan_plain_scalar()
    }

    /// Skips blanks, comments and line breaks up to the next token.
    fn scan_to_next_token(&mut self) -> Scan<()> {
        loop {
            if self.mark.column == 0 && self.ch() == '\u{feff}' {
                self.skip();
            }
            while self.ch() == ' ' || ((self.flow_level > 0 || !self.simple_key_allowed) && self.ch() == '\t') {
                self.skip();
            }
            if self.ch() == '#' {
                while !is_break(self.ch()) && self.pos < self.chars.len() {
                    self.skip();
                }
            }
            if is_break(self.ch()) {
                self.skip_line();
                if self.flow_level == 0 {
                    self.simple_key_allowed = true;
                }
            } else {
                return Ok(());
            }
        }
    }

    fn is_document_indicator(&self) -> bool {
        self.mark.column == 0
            && ((self.at(0) == '-' && self.at(1) == '-' && self.at(2) == '-')
                || (self.at(0) == '.' && self.at(1) == '.' && self.at(2) == '.'))
            && is_blankz(self.at(3))
    }

    fn scan_plain_scalar(&mut self) -> Scan<()> {
        let start = self.mark;
        let mut end = self.mark;
        let mut text = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        let indent = self.indent + 1;
        loop {
            if self.is_document_indicator() || self.ch() == '#' {
                break;
            }
            while !is_blankz(self.ch()) {
                let c = self.ch();
                let next = self.at(1);
                if (c == ':' && (is_blankz(next) || (self.flow_level > 0 && (is_flow_indicator(next) || next == '?'))))
                    || (self.flow_level > 0 && is_flow_indicator(c))
                {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    if leading_blanks {
                        if leading_break.starts_with('\n') && trailing_breaks.is_empty() {
                            text.push(' ');
                        } else {
                            text.push_str(&trailing_breaks);
                        }
                        if !leading_break.starts_with('\n') {
                            text.push_str(&leading_break);
                        }
                        leading_break.clear();
                        trailing_breaks.clear();
                        leading_blanks = false;
                    } else {
                        text.push_str(&whitespaces);
                        whitespaces.clear();
                    }
                }
                self.read(&mut text);
                end = self.mark;
            }
            if !(is_blank(self.ch()) || is_break(self.ch())) {
                break;
            }
            while is_blank(self.ch()) || is_break(self.ch()) {
                if is_blank(self.ch()) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.ch() == '\t' {
                        return Err(self.error(
                            "while scanning a plain scalar",
                            start,
                            "found a tab character that violates indentation",
                        ));
                    }
                    if !leading_blanks {
                        self.read(&mut whitespaces);
                    } else {
                        self.skip();
                    }
                } else if !leading_blanks {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                } else {
                    self.read_line(&mut trailing_breaks);
                }
            }
            if self.flow_level == 0 && (self.mark.column as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        self.push(Kind::Scalar(text, Style::Plain), start, end);
        Ok(())
    }

    fn scan_flow_scalar(&mut self, single: bool) -> Scan<()> {
        let start = self.mark;
        self.skip();
        let mut text = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        loop {
            if self.is_document_indicator() {
                return Err(self.error("while scanning a quoted scalar", start, "found unexpected document indicator"));
            }
            if self.pos >= self.chars.len() {
                return Err(self.error("while scanning a quoted scalar", start, "found unexpected end of stream"));
            }
            let mut leading_blanks = false;
            while !is_blankz(self.ch()) {
                let c = self.ch();
                if single && c == '\'' && self.at(1) == '\'' {
                    text.push('\'');
                    self.skip();
                    self.skip();
                } else if c == if single { '\'' } else { '"' } {
                    break;
                } else if !single && c == '\\' && is_break(self.at(1)) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && c == '\\' {
                    let code_length = match self.at(1) {
                        'x' => 2,
                        'u' => 4,
                        'U' => 8,
                        e => {
                            let ch = match e {
                                '0' => '\0',
                                'a' => '\x07',
                                'b' => '\x08',
                                't' | '\t' => '\t',
                                'n' => '\n',
                                'v' => '\x0b',
                                'f' => '\x0c',
                                'r' => '\r',
                                'e' => '\x1b',
                                ' ' => ' ',
                                '"' => '"',
                                '/' => '/',
                                '\'' => '\'',
                                '\\' => '\\',
                                'N' => '\u{85}',
                                '_' => '\u{a0}',
                                'L' => '\u{2028}',
                                'P' => '\u{2029}',
                                _ => {
                                    return Err(self.error(
                                        "while parsing a quoted scalar",
                                        start,
                                        "found unknown escape character",
                                    ))
                                }
                            };
                            text.push(ch);
                            self.skip();
                            self.skip();
                            continue;
                        }
                    };
                    let mut value: u32 = 0;
                    for k in 0..code_length {
                        let Some(d) = self.at(2 + k).to_digit(16) else {
                            return Err(self.error(
                                "while parsing a quoted scalar",
                                start,
                                "did not find expected hexdecimal number",
                            ));
                        };
                        value = value.wrapping_mul(16).wrapping_add(d);
                    }
                    let Some(ch) = char::from_u32(value) else {
                        return Err(self.error(
                            "while parsing a quoted scalar",
                            start,
                            "found invalid Unicode character escape code",
                        ));
                    };
                    text.push(ch);
                    for _ in 0..code_length + 2 {
                        self.skip();
                    }
                } else {
                    self.read(&mut text);
                }
            }
            if self.ch() == if single { '\'' } else { '"' } {
                break;
            }
            while is_blank(self.ch()) || is_break(self.ch()) {
                if is_blank(self.ch()) {
                    if !leading_blanks {
                        self.read(&mut whitespaces);
                    } else {
                        self.skip();
                    }
                } else if !leading_blanks {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                } else {
                    self.read_line(&mut trailing_breaks);
                }
            }
            if leading_blanks {
                if leading_break.starts_with('\n') {
                    if trailing_breaks.is_empty() {
                        text.push(' ');
                    } else {
                        text.push_str(&trailing_breaks);
                    }
                } else {
                    text.push_str(&leading_break);
                    text.push_str(&trailing_breaks);
                }
                leading_break.clear();
                trailing_breaks.clear();
            } else {
                text.push_str(&whitespaces);
                whitespaces.clear();
            }
        }
        self.skip();
        let end = self.mark;
        self.push(Kind::Scalar(text, if single { Style::Single } else { Style::Double }), start, end);
        Ok(())
    }

    fn scan_block_scalar(&mut self, literal: bool) -> Scan<()> {
        let start = self.mark;
        self.skip();
        let mut chomping = 0i8;
        let mut increment = 0usize;
        for _ in 0..2 {
            let c = self.ch();
            if (c == '+' || c == '-') && chomping == 0 {
                chomping = if c == '+' { 1 } else { -1 };
                self.skip();
            } else if c.is_ascii_digit() && increment == 0 {
                if c == '0' {
                    return Err(self.error(
                        "while scanning a block scalar",
                        start,
                        "found an indentation indicator equal to 0",
                    ));
                }
                increment = c.to_digit(10).unwrap_or(1) as usize;
                self.skip();
            }
        }
        while is_blank(self.ch()) {
            self.skip();
        }
        if self.ch() == '#' {
            while !is_break(self.ch()) && self.pos < self.chars.len() {
                self.skip();
            }
        }
        if !is_break(self.ch()) && self.pos < self.chars.len() {
            return Err(self.error(
                "while scanning a block scalar",
                start,
                "did not find expected comment or line break",
            ));
        }
        self.skip_line();
        let mut end = self.mark;
        let mut indent: usize = 0;
        if increment > 0 {
            indent = if self.indent >= 0 { self.indent as usize + increment } else { increment };
        }
        let mut text = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        let mut leading_blank = false;
        let mut trailing_blank;
        while self.mark.column == indent && self.pos < self.chars.len() {
            trailing_blank = is_blank(self.ch());
            if !literal && leading_break.starts_with('\n') && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    text.push(' ');
                }
                leading_break.clear();
            } else {
                text.push_str(&leading_break);
                leading_break.clear();
            }
            text.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = is_blank(self.ch());
            while !is_break(self.ch()) && self.pos < self.chars.len() {
                self.read(&mut text);
            }
            if self.pos >= self.chars.len() {
                break;
            }
            self.read_line(&mut leading_break);
            self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            text.push_str(&leading_break);
        }
        if chomping == 1 {
            text.push_str(&trailing_breaks);
        }
        self.push(Kind::Scalar(text, if literal { Style::Literal } else { Style::Folded }), start, end);
        Ok(())
    }

    /// The indentation and empty lines before a block scalar's next line (libyaml's
    /// `yaml_parser_scan_block_scalar_breaks`), finding the indentation if not yet known.
    fn block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut String,
        start: Mark,
        end: &mut Mark,
    ) -> Scan<()> {
        let mut max_indent = 0usize;
        *end = self.mark;
        loop {
            while (*indent == 0 || self.mark.column < *indent) && self.ch() == ' ' {
                self.skip();
            }
            max_indent = max_indent.max(self.mark.column);
            if (*indent == 0 || self.mark.column < *indent) && self.ch() == '\t' {
                return Err(self.error(
                    "while scanning a block scalar",
                    start,
                    "found a tab character where an indentation space is expected",
                ));
            }
            if !is_break(self.ch()) {
                break;
            }
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            let floor = if self.indent >= 0 { self.indent as usize + 1 } else { 1 };
            *indent = max_indent.max(floor);
        }
        Ok(())
    }
}
