//! A small TOML reader: text → a tree of values that remember where they were written.
//!
//! Why not the `toml` crate: it was an eighth of the wasm bundle, and the site only ever
//! *reads* TOML (the built-in registry, the file catalogues, lesson front matter and exercise
//! blocks). This reader covers TOML 1.0 except dates and times, which none of those use, and
//! [`de`] lets the same `#[derive(Deserialize)]` types read from it. Every value keeps its
//! byte span so instructors' errors point at a line and column. Syntax errors are Korean
//! (`voice::toml`): they are shown to instructors as they are.
//!
//! It must never panic on any input: the site parses instructors' files in the browser.

pub mod de;

pub use de::from_str;

use crate::voice::toml as voice;

/// A parsed value and the byte range of the text it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Byte offset where the value (or the table's header) starts.
    pub start: usize,
    /// Byte offset just past the value.
    pub end: usize,
    /// The value itself.
    pub value: Value,
}

/// A TOML value. Tables keep their keys in the order they were written.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Any of the four string forms, unescaped.
    String(String),
    /// A 64-bit integer (decimal, `0x`, `0o`, `0b`).
    Integer(i64),
    /// A float, including `inf` and `nan`.
    Float(f64),
    /// `true` / `false`.
    Boolean(bool),
    /// `[ ... ]` or the tables of `[[name]]` headers.
    Array(Vec<Item>),
    /// A table: `[name]`, `{ ... }`, dotted keys or the document itself.
    Table(Vec<Entry>),
}

/// One `key = value` of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The key, unquoted.
    pub key: String,
    /// Where the key was written (for "unknown key" errors).
    pub key_start: usize,
    /// The value.
    pub item: Item,
}

/// A syntax error: where, and what in Korean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// Byte offset into the parsed text.
    pub offset: usize,
    /// Korean description.
    pub message: String,
}

/// How a table came to exist, for TOML's rules on defining a table twice.
#[derive(Clone, Copy, PartialEq)]
enum Origin {
    /// `[name]` or `[[name]]`: may not be opened again by a `[name]` header.
    Header,
    /// Made on the way to a deeper header or a dotted key: a later `[name]` may define it.
    Implicit,
    /// `{ ... }`: closed for good.
    Inline,
}

/// Parses a whole document into its root table.
pub fn parse(text: &str) -> Result<Item, SyntaxError> {
    let mut p = Parser { s: text.as_bytes(), text, pos: 0 };
    let mut root = Item { start: 0, end: text.len(), value: Value::Table(Vec::new()) };
    let mut origins: Vec<(Vec<usize>, Origin)> = Vec::new();
    // The path (entry and array indices) of the table that `key = value` lines go into.
    let mut current: Vec<usize> = Vec::new();
    loop {
        p.skip_blank_lines()?;
        let Some(c) = p.peek() else { break };
        if c == b'[' {
            let header_start = p.pos;
            let array = p.s.get(p.pos + 1) == Some(&b'[');
            p.pos += if array { 2 } else { 1 };
            p.skip_ws();
            let keys = p.key_path()?;
            p.skip_ws();
            let close: &[u8] = if array { b"]]" } else { b"]" };
            if !p.rest().starts_with(close) {
                return Err(p.error(if array { voice::ARRAY_HEADER_UNCLOSED } else { voice::TABLE_HEADER_UNCLOSED }));
            }
            p.pos += close.len();
            p.end_of_line()?;
            current = open_header(&mut root, &keys, array, header_start, &mut origins)
                .map_err(|m| SyntaxError { offset: header_start, message: m })?;
        } else {
            let keys = p.key_path()?;
            p.skip_ws();
            if p.peek() != Some(b'=') {
                return Err(p.error(voice::EQUALS_EXPECTED));
            }
            p.pos += 1;
            p.skip_ws();
            let item = p.value(0)?;
            p.end_of_line()?;
            let table = table_at(&mut root, &current).ok_or_else(|| p.error_at(keys[0].1, voice::NO_TABLE_FOR_KEY))?;
            insert_dotted(table, &keys, item, &mut origins, &current)
                .map_err(|(offset, message)| SyntaxError { offset, message })?;
        }
    }
    Ok(root)
}

/// Follows `path` (entry index, and for arrays of tables the element index) to a table.
fn table_at<'a>(root: &'a mut Item, path: &[usize]) -> Option<&'a mut Vec<Entry>> {
    let mut item = root;
    let mut i = 0;
    while i < path.len() {
        let Value::Table(entries) = &mut item.value else { return None };
        let entry = entries.get_mut(*path.get(i)?)?;
        i += 1;
        let is_array = matches!(entry.item.value, Value::Array(_));
        item = if is_array {
            let Value::Array(elements) = &mut entry.item.value else { return None };
            let element = elements.get_mut(*path.get(i)?)?;
            i += 1;
            element
        } else {
            &mut entry.item
        };
    }
    match &mut item.value {
        Value::Table(entries) => Some(entries),
        _ => None,
    }
}

fn origin_of(origins: &[(Vec<usize>, Origin)], path: &[usize]) -> Option<Origin> {
    origins.iter().rev().find(|(p, _)| p == path).map(|(_, o)| *o)
}

/// Opens `[keys]` or `[[keys]]`, creating tables on the way, and returns its path.
fn open_header(
    root: &mut Item,
    keys: &[(String, usize)],
    array: bool,
    start: usize,
    origins: &mut Vec<(Vec<usize>, Origin)>,
) -> Result<Vec<usize>, String> {
    let mut path: Vec<usize> = Vec::new();
    let last = keys.len().saturating_sub(1);
    for (depth, (key, key_start)) in keys.iter().enumerate() {
        let entries = table_at(root, &path).ok_or_else(|| voice::not_a_table(key))?;
        let found = entries.iter().position(|e| e.key == *key);
        let is_last = depth == last;
        match found {
            None => {
                let value = if is_last && array {
                    Value::Array(vec![Item { start, end: start, value: Value::Table(Vec::new()) }])
                } else {
                    Value::Table(Vec::new())
                };
                entries.push(Entry {
                    key: key.clone(),
                    key_start: *key_start,
                    item: Item { start, end: start, value },
                });
                path.push(entries.len() - 1);
                if is_last && array {
                    path.push(0);
                }
                origins.push((path.clone(), if is_last { Origin::Header } else { Origin::Implicit }));
            }
            Some(index) => {
                let entry = entries.get_mut(index).ok_or("?")?;
                path.push(index);
                match &mut entry.item.value {
                    Value::Array(elements) if is_last && array => {
                        if origin_of(origins, &path) == Some(Origin::Inline) {
                            return Err(voice::inline_array_fixed(key));
                        }
                        elements.push(Item { start, end: start, value: Value::Table(Vec::new()) });
                        path.push(elements.len() - 1);
                        origins.push((path.clone(), Origin::Header));
                    }
                    Value::Array(elements) if !is_last => {
                        if origin_of(origins, &path) == Some(Origin::Inline) {
                            return Err(voice::array_value_below(key));
                        }
                        path.push(elements.len().saturating_sub(1));
                    }
                    Value::Table(_) if is_last && array => {
                        return Err(voice::table_not_array(key));
                    }
                    Value::Table(_) => {
                        let origin = origin_of(origins, &path);
                        if origin == Some(Origin::Inline) {
                            return Err(voice::inline_table_fixed(key));
                        }
                        if is_last {
                            if origin == Some(Origin::Header) {
                                return Err(voice::duplicate_table(&join_keys(keys)));
                            }
                            origins.push((path.clone(), Origin::Header));
                        }
                    }
                    _ => return Err(voice::value_not_table(key)),
                }
            }
        }
    }
    Ok(path)
}

fn join_keys(keys: &[(String, usize)]) -> String {
    keys.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(".")
}

/// Puts `a.b.c = item` into `table`, creating the tables `a` and `a.b` as needed.
fn insert_dotted(
    table: &mut Vec<Entry>,
    keys: &[(String, usize)],
    item: Item,
    origins: &mut Vec<(Vec<usize>, Origin)>,
    base: &[usize],
) -> Result<(), (usize, String)> {
    let mut table = table;
    let mut path = base.to_vec();
    let last = keys.len().saturating_sub(1);
    for (depth, (key, key_start)) in keys.iter().enumerate() {
        let found = table.iter().position(|e| e.key == *key);
        if depth == last {
            if found.is_some() {
                return Err((*key_start, voice::duplicate_key(&join_keys(keys))));
            }
            if matches!(item.value, Value::Table(_) | Value::Array(_)) {
                let mut p = path.clone();
                p.push(table.len());
                origins.push((p, Origin::Inline));
            }
            table.push(Entry { key: key.clone(), key_start: *key_start, item });
            return Ok(());
        }
        let index = match found {
            Some(i) => i,
            None => {
                table.push(Entry {
                    key: key.clone(),
                    key_start: *key_start,
                    item: Item { start: *key_start, end: *key_start, value: Value::Table(Vec::new()) },
                });
                path.push(table.len() - 1);
                origins.push((path.clone(), Origin::Implicit));
                path.pop();
                table.len() - 1
            }
        };
        path.push(index);
        let origin = origin_of(origins, &path);
        let Some(entry) = table.get_mut(index) else { return Err((*key_start, "?".to_string())) };
        match &mut entry.item.value {
            Value::Table(inner) if origin != Some(Origin::Inline) && origin != Some(Origin::Header) => table = inner,
            _ => return Err((*key_start, voice::value_not_dotted(key))),
        }
    }
    Ok(())
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.pos).copied()
    }

    fn rest(&self) -> &[u8] {
        self.s.get(self.pos..).unwrap_or_default()
    }

    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError { offset: self.pos.min(self.s.len()), message: message.to_string() }
    }

    fn error_at(&self, offset: usize, message: &str) -> SyntaxError {
        SyntaxError { offset, message: message.to_string() }
    }

    /// Spaces and tabs.
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.pos += 1;
        }
    }

    /// A comment up to (not including) the end of its line.
    fn skip_comment(&mut self) -> Result<(), SyntaxError> {
        if self.peek() == Some(b'#') {
            while let Some(c) = self.peek() {
                if c == b'\n' || (c == b'\r' && self.s.get(self.pos + 1) == Some(&b'\n')) {
                    break;
                }
                if c < 0x20 && c != b'\t' || c == 0x7f {
                    return Err(self.error(voice::CONTROL_IN_COMMENT));
                }
                self.pos += 1;
            }
        }
        Ok(())
    }

    fn newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => {
                self.pos += 1;
                true
            }
            Some(b'\r') if self.s.get(self.pos + 1) == Some(&b'\n') => {
                self.pos += 2;
                true
            }
            _ => false,
        }
    }

    /// Blank lines and comment lines before the next statement.
    fn skip_blank_lines(&mut self) -> Result<(), SyntaxError> {
        loop {
            self.skip_ws();
            self.skip_comment()?;
            if !self.newline() {
                return Ok(());
            }
        }
    }

    /// Whitespace, newlines and comments inside an array.
    fn skip_array_space(&mut self) -> Result<(), SyntaxError> {
        loop {
            self.skip_ws();
            self.skip_comment()?;
            if !self.newline() {
                return Ok(());
            }
        }
    }

    /// After a statement: optional comment, then a newline or the end.
    fn end_of_line(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        self.skip_comment()?;
        if self.peek().is_none() || self.newline() {
            Ok(())
        } else {
            Err(self.error(voice::TRAILING_TEXT))
        }
    }

    /// `a.b."c d"`: the keys and where each starts.
    fn key_path(&mut self) -> Result<Vec<(String, usize)>, SyntaxError> {
        let mut keys = Vec::new();
        loop {
            self.skip_ws();
            let start = self.pos;
            let key = match self.peek() {
                Some(b'"') => {
                    if self.rest().starts_with(b"\"\"\"") {
                        return Err(self.error(voice::MULTILINE_KEY));
                    }
                    self.basic_string()?
                }
                Some(b'\'') => {
                    if self.rest().starts_with(b"'''") {
                        return Err(self.error(voice::MULTILINE_KEY));
                    }
                    self.literal_string()?
                }
                _ => {
                    while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-') {
                        self.pos += 1;
                    }
                    if self.pos == start {
                        return Err(self.error(voice::KEY_EXPECTED));
                    }
                    self.text.get(start..self.pos).unwrap_or_default().to_string()
                }
            };
            keys.push((key, start));
            self.skip_ws();
            if self.peek() == Some(b'.') {
                self.pos += 1;
            } else {
                return Ok(keys);
            }
        }
    }

    /// Any value; `depth` bounds nesting so hostile input cannot exhaust the stack.
    fn value(&mut self, depth: usize) -> Result<Item, SyntaxError> {
        if depth > 64 {
            return Err(self.error(voice::TOO_DEEP));
        }
        let start = self.pos;
        let value = match self.peek() {
            Some(b'"') if self.rest().starts_with(b"\"\"\"") => Value::String(self.multiline_basic()?),
            Some(b'"') => Value::String(self.basic_string()?),
            Some(b'\'') if self.rest().starts_with(b"'''") => Value::String(self.multiline_literal()?),
            Some(b'\'') => Value::String(self.literal_string()?),
            Some(b'[') => self.array(depth)?,
            Some(b'{') => self.inline_table(depth)?,
            Some(b't') if self.rest().starts_with(b"true") => {
                self.pos += 4;
                Value::Boolean(true)
            }
            Some(b'f') if self.rest().starts_with(b"false") => {
                self.pos += 5;
                Value::Boolean(false)
            }
            Some(c) if c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'i' | b'n') => self.number()?,
            None => return Err(self.error(voice::VALUE_EXPECTED)),
            Some(_) => return Err(self.error(voice::VALUE_UNREADABLE)),
        };
        Ok(Item { start, end: self.pos, value })
    }

    fn array(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_array_space()?;
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                None => return Err(self.error_at(open, voice::ARRAY_UNCLOSED)),
                _ => {}
            }
            items.push(self.value(depth + 1)?);
            self.skip_array_space()?;
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {}
                None => return Err(self.error_at(open, voice::ARRAY_UNCLOSED)),
                Some(_) => return Err(self.error(voice::ARRAY_COMMA)),
            }
        }
    }

    fn inline_table(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut entries: Vec<Entry> = Vec::new();
        let mut origins = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Table(entries));
        }
        loop {
            self.skip_ws();
            let keys = self.key_path()?;
            self.skip_ws();
            if self.peek() != Some(b'=') {
                return Err(self.error(voice::EQUALS_EXPECTED));
            }
            self.pos += 1;
            self.skip_ws();
            let item = self.value(depth + 1)?;
            insert_dotted(&mut entries, &keys, item, &mut origins, &[])
                .map_err(|(offset, message)| SyntaxError { offset, message })?;
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Table(entries));
                }
                Some(b'\n' | b'\r') | None => return Err(self.error_at(open, voice::INLINE_TABLE_UNCLOSED)),
                Some(_) => return Err(self.error(voice::INLINE_TABLE_COMMA)),
            }
        }
    }

    fn basic_string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while matches!(self.peek(), Some(c) if c != b'"' && c != b'\\' && (c >= 0x20 || c == b'\t') && c != 0x7f) {
                self.pos += 1;
            }
            out.push_str(self.text.get(run..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(b'\n' | b'\r') | None => return Err(self.error_at(open, voice::BASIC_STRING_UNCLOSED)),
                Some(_) => return Err(self.error(voice::CONTROL_IN_STRING)),
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos;
        self.pos += 1;
        let c = self.peek();
        self.pos += 1;
        match c {
            Some(b'n') => out.push('\n'),
            Some(b't') => out.push('\t'),
            Some(b'r') => out.push('\r'),
            Some(b'b') => out.push('\u{8}'),
            Some(b'f') => out.push('\u{c}'),
            Some(b'"') => out.push('"'),
            Some(b'\\') => out.push('\\'),
            Some(b'e') => out.push('\u{1b}'),
            Some(b'u') | Some(b'U') => {
                let n = if c == Some(b'u') { 4 } else { 8 };
                let hex = self.text.get(self.pos..self.pos + n).unwrap_or_default();
                let ch = (hex.len() == n && hex.bytes().all(|b| b.is_ascii_hexdigit()))
                    .then(|| u32::from_str_radix(hex, 16).ok())
                    .flatten()
                    .and_then(char::from_u32)
                    .ok_or_else(|| self.error_at(at, voice::BAD_UNICODE_ESCAPE))?;
                out.push(ch);
                self.pos += n;
            }
            _ => return Err(self.error_at(at, voice::UNKNOWN_ESCAPE)),
        }
        Ok(())
    }

    fn literal_string(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 1;
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c != b'\'' && (c >= 0x20 || c == b'\t') && c != 0x7f) {
            self.pos += 1;
        }
        if self.peek() != Some(b'\'') {
            return Err(self.error_at(open, voice::LITERAL_STRING_UNCLOSED));
        }
        let s = self.text.get(start..self.pos).unwrap_or_default().to_string();
        self.pos += 1;
        Ok(s)
    }

    fn multiline_basic(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 3;
        self.newline();
        let mut out = String::new();
        loop {
            if self.rest().starts_with(b"\"\"\"") {
                // Up to two quotes right before the closing delimiter belong to the string.
                let mut extra = 0;
                while extra < 2 && self.s.get(self.pos + 3 + extra) == Some(&b'"') {
                    extra += 1;
                }
                out.push_str(&"\"".repeat(extra));
                self.pos += 3 + extra;
                return Ok(out);
            }
            match self.peek() {
                None => return Err(self.error_at(open, voice::MULTILINE_BASIC_UNCLOSED)),
                Some(b'\\') => {
                    // A backslash at the end of a line trims the newline and following blanks.
                    let mut look = self.pos + 1;
                    while matches!(self.s.get(look), Some(b' ' | b'\t')) {
                        look += 1;
                    }
                    if matches!(self.s.get(look), Some(b'\n' | b'\r')) {
                        self.pos = look;
                        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                            self.pos += 1;
                        }
                    } else {
                        self.escape(&mut out)?;
                    }
                }
                Some(_) => self.push_char(&mut out)?,
            }
        }
    }

    fn multiline_literal(&mut self) -> Result<String, SyntaxError> {
        let open = self.pos;
        self.pos += 3;
        self.newline();
        let mut out = String::new();
        loop {
            if self.rest().starts_with(b"'''") {
                let mut extra = 0;
                while extra < 2 && self.s.get(self.pos + 3 + extra) == Some(&b'\'') {
                    extra += 1;
                }
                out.push_str(&"'".repeat(extra));
                self.pos += 3 + extra;
                return Ok(out);
            }
            if self.peek().is_none() {
                return Err(self.error_at(open, voice::MULTILINE_LITERAL_UNCLOSED));
            }
            self.push_char(&mut out)?;
        }
    }

    /// Copies one character of a multi-line string (newlines allowed, other controls not).
    fn push_char(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let ch = self.text.get(self.pos..).and_then(|r| r.chars().next()).ok_or_else(|| self.error("?"))?;
        if (ch < ' ' && !matches!(ch, '\t' | '\n' | '\r')) || ch == '\u{7f}' {
            return Err(self.error(voice::CONTROL_IN_STRING));
        }
        out.push(ch);
        self.pos += ch.len_utf8();
        Ok(())
    }

    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.' | b'_')) {
            self.pos += 1;
        }
        let raw = self.text.get(start..self.pos).unwrap_or_default();
        let bad = || SyntaxError { offset: start, message: voice::bad_value(raw) };
        if raw.contains(':')
            || (raw.len() >= 10 && raw.as_bytes().get(4) == Some(&b'-') && raw.as_bytes().get(7) == Some(&b'-'))
        {
            return Err(SyntaxError { offset: start, message: voice::DATE_TIME.to_string() });
        }
        let (sign, body) = match raw.as_bytes().first() {
            Some(b'+') => (1.0, raw.get(1..).unwrap_or_default()),
            Some(b'-') => (-1.0, raw.get(1..).unwrap_or_default()),
            _ => (1.0, raw),
        };
        match body {
            "inf" => return Ok(Value::Float(sign * f64::INFINITY)),
            "nan" => return Ok(Value::Float(f64::NAN)),
            _ => {}
        }
        // Underscores only between digits.
        let bytes = body.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'_' {
                let ok = |j: Option<usize>| j.and_then(|j| bytes.get(j)).is_some_and(|c| c.is_ascii_hexdigit());
                if !ok(i.checked_sub(1)) || !ok(Some(i + 1)) {
                    return Err(bad());
                }
            }
        }
        let digits: String = body.chars().filter(|c| *c != '_').collect();
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
            if let Some(rest) = digits.strip_prefix(prefix) {
                if sign < 0.0 || raw.starts_with('+') {
                    return Err(bad());
                }
                return i64::from_str_radix(rest, radix).map(Value::Integer).map_err(|_| bad());
            }
        }
        if !digits.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let is_float = digits.contains(['.', 'e', 'E']);
        if !is_float {
            if digits.len() > 1 && digits.starts_with('0') {
                return Err(bad());
            }
            let signed = if sign < 0.0 { format!("-{digits}") } else { digits };
            return signed.parse::<i64>().map(Value::Integer).map_err(|_| bad());
        }
        // A float needs digits on both sides of the point.
        let mantissa = digits.split(['e', 'E']).next().unwrap_or_default();
        if let Some((int, frac)) = mantissa.split_once('.') {
            if int.is_empty() || frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad());
            }
        }
        digits.parse::<f64>().map(|f| Value::Float(sign * f)).map_err(|_| bad())
    }
}

/// 1-based line and column (in characters) of a byte offset, for messages.
#[cfg(test)]
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests;
