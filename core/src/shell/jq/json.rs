//! JSON as jq 1.7.1 holds, reads and prints it: objects keep their keys in input order,
//! numbers read from the input print as they were written, the reader reports errors as
//! `jv_parse.c` words them (with its byte line and column), and the printer lays values out
//! as `jv_print.c` does.

use std::cmp::Ordering;

/// A JSON value.
#[derive(Clone, Debug)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    /// The value, and the literal it was read from (printed unchanged, as jq 1.7 does).
    Num(f64, Option<String>),
    Str(String),
    Arr(Vec<Json>),
    /// Keys in the order they were first set.
    Obj(Vec<(String, Json)>),
}

impl PartialEq for Json {
    fn eq(&self, other: &Json) -> bool {
        cmp(self, other) == Ordering::Equal
    }
}

impl Json {
    pub(crate) fn num(n: f64) -> Json {
        Json::Num(n, None)
    }

    /// jq's `jv_kind_name`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Num(..) => "number",
            Json::Str(_) => "string",
            Json::Arr(_) => "array",
            Json::Obj(_) => "object",
        }
    }

    /// Everything but `null` and `false` is true.
    pub(crate) fn truthy(&self) -> bool {
        !matches!(self, Json::Null | Json::Bool(false))
    }

    /// The value under `key`, if this is an object that has it.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(o) => o.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value compact, cut to 11 bytes and `...` when longer than 14: how jq quotes a value
    /// in an error (`jv_dump_string_trunc` with a 15-byte buffer).
    pub(crate) fn brief(&self) -> String {
        let full = dump(self, &Layout::COMPACT);
        if full.len() <= 14 {
            return full;
        }
        let cut = String::from_utf8_lossy(full.as_bytes().get(..11).unwrap_or_default()).into_owned();
        format!("{cut}...")
    }
}

/// Sets `key` in an object, keeping the key's place when it is already there.
pub(crate) fn set(obj: &mut Vec<(String, Json)>, key: String, value: Json) {
    match obj.iter_mut().find(|(k, _)| *k == key) {
        Some((_, v)) => *v = value,
        None => obj.push((key, value)),
    }
}

fn rank(v: &Json) -> u8 {
    match v {
        Json::Null => 0,
        Json::Bool(false) => 1,
        Json::Bool(true) => 2,
        Json::Num(..) => 3,
        Json::Str(_) => 4,
        Json::Arr(_) => 5,
        Json::Obj(_) => 6,
    }
}

/// Objects' keys in jq's order (by bytes).
pub(crate) fn sorted_keys(obj: &[(String, Json)]) -> Vec<&str> {
    let mut keys: Vec<&str> = obj.iter().map(|(k, _)| k.as_str()).collect();
    crate::sort::sort(&mut keys);
    keys
}

/// jq's total order: null < false < true < numbers < strings < arrays < objects; objects
/// compare their sorted keys first, then the values under them.
pub(crate) fn cmp(a: &Json, b: &Json) -> Ordering {
    match (a, b) {
        (Json::Num(x, _), Json::Num(y, _)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
        (Json::Str(x), Json::Str(y)) => x.cmp(y),
        (Json::Arr(x), Json::Arr(y)) => {
            for (p, q) in x.iter().zip(y) {
                let o = cmp(p, q);
                if o != Ordering::Equal {
                    return o;
                }
            }
            x.len().cmp(&y.len())
        }
        (Json::Obj(x), Json::Obj(y)) => {
            let (kx, ky) = (sorted_keys(x), sorted_keys(y));
            kx.cmp(&ky).then_with(|| {
                kx.iter()
                    .map(|k| match (a.get(k), b.get(k)) {
                        (Some(p), Some(q)) => cmp(p, q),
                        _ => Ordering::Equal,
                    })
                    .find(|o| *o != Ordering::Equal)
                    .unwrap_or(Ordering::Equal)
            })
        }
        _ => rank(a).cmp(&rank(b)),
    }
}

// ----- reading ------------------------------------------------------------------------------

/// One value read from the input and the input line jq had reached when it completed (the
/// `<stdin>:N` of runtime errors).
pub(crate) type Read = (Json, usize);

/// Reads every JSON text in `input`, in order, as jq's parser does; stops at the first error,
/// returned as jq prints it after `jq: parse error: `.
pub(crate) fn read_all(input: &str) -> (Vec<Read>, Option<String>) {
    let mut p = Parser { line: 1, column: 0, stack: Vec::new(), next: None, token: Vec::new(), in_string: None };
    let bytes = input.as_bytes();
    let mut out = Vec::new();
    // jq reads its input a line at a time: a value completes once its line is read.
    let lines_through = |i: usize| {
        let end =
            bytes.get(i..).and_then(|rest| rest.iter().position(|b| *b == b'\n')).map_or(bytes.len(), |n| i + n + 1);
        bytes.get(..end).unwrap_or(bytes).iter().filter(|b| **b == b'\n').count()
    };
    for (i, &ch) in bytes.iter().enumerate() {
        match p.scan(ch) {
            Ok(Some(v)) => out.push((v, lines_through(i))),
            Ok(None) => {}
            Err(msg) => return (out, Some(format!("{msg} at line {}, column {}", p.line, p.column))),
        }
    }
    let at = |p: &Parser, msg: &str| Some(format!("{msg} at EOF at line {}, column {}", p.line, p.column));
    if p.in_string.is_some() {
        return (out, at(&p, "Unfinished string"));
    }
    if let Err(msg) = p.literal() {
        return (out, at(&p, msg));
    }
    if !p.stack.is_empty() {
        return (out, at(&p, "Unfinished JSON term"));
    }
    if let Some(v) = p.next.take() {
        out.push((v, lines_through(bytes.len())));
    }
    (out, None)
}

/// A container being read: an array so far, an object so far, or an object's key waiting
/// for its value.
enum Open {
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
    Key(String),
}

struct Parser {
    line: usize,
    column: usize,
    stack: Vec<Open>,
    /// The value just read, waiting for what follows it.
    next: Option<Json>,
    /// The bytes of the literal or string being read.
    token: Vec<u8>,
    /// Inside a string: whether the last byte was a backslash.
    in_string: Option<bool>,
}

type Step = Result<Option<Json>, &'static str>;

impl Parser {
    fn scan(&mut self, ch: u8) -> Step {
        self.column += 1;
        if ch == b'\n' {
            self.line += 1;
            self.column = 0;
        }
        if let Some(escaped) = self.in_string {
            if ch == b'"' && !escaped {
                self.in_string = None;
                let s = unescape(&std::mem::take(&mut self.token))?;
                self.value(Json::Str(s))?;
                return Ok(self.done());
            }
            self.token.push(ch);
            self.in_string = Some(ch == b'\\' && !escaped);
            return Ok(None);
        }
        let literal = !matches!(ch, b' ' | b'\t' | b'\r' | b'\n' | b'"' | b'[' | b',' | b']' | b'{' | b':' | b'}');
        if literal {
            self.token.push(ch);
            return Ok(None);
        }
        self.literal()?;
        let mut done = self.done();
        match ch {
            b'"' => self.in_string = Some(false),
            b' ' | b'\t' | b'\r' | b'\n' => {}
            _ => self.structure(ch)?,
        }
        if done.is_none() {
            done = self.done();
        }
        Ok(done)
    }

    fn done(&mut self) -> Option<Json> {
        if self.stack.is_empty() {
            self.next.take()
        } else {
            None
        }
    }

    fn value(&mut self, v: Json) -> Result<(), &'static str> {
        if self.next.is_some() {
            return Err("Expected separator between values");
        }
        self.next = Some(v);
        Ok(())
    }

    /// Ends a literal (`true`, `null`, a number), as `check_literal` does.
    fn literal(&mut self) -> Result<(), &'static str> {
        if self.token.is_empty() {
            return Ok(());
        }
        let tok = String::from_utf8_lossy(&std::mem::take(&mut self.token)).into_owned();
        let pattern = match tok.as_bytes() {
            [b't', ..] => Some(("true", Json::Bool(true))),
            [b'f', ..] => Some(("false", Json::Bool(false))),
            [b'n', b'u', ..] => Some(("null", Json::Null)),
            _ => None,
        };
        let v = match pattern {
            Some((word, v)) if tok == word => v,
            Some(_) => return Err("Invalid literal"),
            None => number(&tok).ok_or("Invalid numeric literal")?,
        };
        self.value(v)
    }

    fn structure(&mut self, ch: u8) -> Result<(), &'static str> {
        const DEPTH: usize = 10_000;
        match ch {
            b'[' | b'{' => {
                if self.stack.len() >= DEPTH {
                    return Err("Exceeds depth limit for parsing");
                }
                if self.next.is_some() {
                    return Err("Expected separator between values");
                }
                self.stack.push(if ch == b'[' { Open::Arr(Vec::new()) } else { Open::Obj(Vec::new()) });
            }
            b':' => {
                let Some(key) = self.next.take() else { return Err("Expected string key before ':'") };
                if !matches!(self.stack.last(), Some(Open::Obj(_))) {
                    self.next = Some(key);
                    return Err("':' not as part of an object");
                }
                let Json::Str(key) = key else { return Err("Object keys must be strings") };
                self.stack.push(Open::Key(key));
            }
            b',' => {
                let Some(v) = self.next.take() else { return Err("Expected value before ','") };
                match self.stack.last_mut() {
                    None => return Err("',' not as part of an object or array"),
                    Some(Open::Arr(a)) => a.push(v),
                    Some(Open::Key(_)) => self.pair(v),
                    Some(Open::Obj(_)) => return Err("Objects must consist of key:value pairs"),
                }
            }
            b']' => {
                let Some(Open::Arr(mut a)) = self.stack.pop_if(|o| matches!(o, Open::Arr(_))) else {
                    return Err("Unmatched ']'");
                };
                match self.next.take() {
                    Some(v) => a.push(v),
                    None if !a.is_empty() => return Err("Expected another array element"),
                    None => {}
                }
                self.next = Some(Json::Arr(a));
            }
            _ => {
                if self.stack.is_empty() {
                    return Err("Unmatched '}'");
                }
                match self.next.take() {
                    Some(v) => {
                        if !matches!(self.stack.last(), Some(Open::Key(_))) {
                            return Err("Objects must consist of key:value pairs");
                        }
                        self.pair(v);
                    }
                    None => match self.stack.last() {
                        Some(Open::Obj(o)) if !o.is_empty() => return Err("Expected another key-value pair"),
                        Some(Open::Obj(_)) => {}
                        _ => return Err("Unmatched '}'"),
                    },
                }
                if let Some(Open::Obj(o)) = self.stack.pop() {
                    self.next = Some(Json::Obj(o));
                }
            }
        }
        Ok(())
    }

    /// Completes `key: value` into the object below the key.
    fn pair(&mut self, v: Json) {
        if let Some(Open::Key(key)) = self.stack.pop() {
            if let Some(Open::Obj(o)) = self.stack.last_mut() {
                set(o, key, v);
            }
        }
    }
}

/// A string's escapes, as `found_string` reads them.
fn unescape(raw: &[u8]) -> Result<String, &'static str> {
    let mut out: Vec<u8> = Vec::with_capacity(raw.len());
    let mut i = 0;
    let hex4 = |at: usize| -> Option<u32> {
        let s = std::str::from_utf8(raw.get(at..at + 4)?).ok()?;
        u32::from_str_radix(s, 16).ok().filter(|_| s.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    while let Some(&c) = raw.get(i) {
        i += 1;
        if c != b'\\' {
            if c < 0x20 {
                return Err("Invalid string: control characters from U+0000 through U+001F must be escaped");
            }
            out.push(c);
            continue;
        }
        let Some(&e) = raw.get(i) else { return Err("Expected escape character at end of string") };
        i += 1;
        let ch = match e {
            b'\\' | b'"' | b'/' => e as char,
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b't' => '\t',
            b'n' => '\n',
            b'r' => '\r',
            b'u' => {
                if i + 4 > raw.len() {
                    return Err("Invalid \\uXXXX escape");
                }
                let mut cp = hex4(i).ok_or("Invalid characters in \\uXXXX escape")?;
                i += 4;
                if (0xD800..=0xDBFF).contains(&cp) {
                    let low = (raw.get(i..i + 2) == Some(b"\\u")).then(|| hex4(i + 2)).flatten();
                    let Some(low) = low.filter(|l| (0xDC00..=0xDFFF).contains(l)) else {
                        return Err("Invalid \\uXXXX\\uXXXX surrogate pair escape");
                    };
                    i += 6;
                    cp = 0x10000 + (((cp - 0xD800) << 10) | (low - 0xDC00));
                }
                char::from_u32(cp).unwrap_or('\u{FFFD}')
            }
            _ => return Err("Invalid escape"),
        };
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

/// A numeric literal (what Rust's float reader takes, as decNumber takes `nan` and `1e3`).
/// A plain decimal prints back as written, as jq 1.7 keeps literals.
fn number(tok: &str) -> Option<Json> {
    let body = tok.strip_prefix('-').unwrap_or(tok);
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') && !body.eq_ignore_ascii_case("nan") {
        return None;
    }
    let value: f64 = tok.parse().ok()?;
    if value.is_nan() {
        return Some(Json::Null);
    }
    let plain = body.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    Some(Json::Num(value, plain.then(|| tok.to_string())))
}

// ----- printing -----------------------------------------------------------------------------

/// How values are laid out: pretty (jq's default) or `-c`, keys as they came or `-S`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Layout {
    pub pretty: bool,
    pub sort_keys: bool,
}

impl Layout {
    pub(crate) const COMPACT: Layout = Layout { pretty: false, sort_keys: false };
}

/// `v` as jq prints it.
pub(crate) fn dump(v: &Json, layout: &Layout) -> String {
    let mut out = String::new();
    write(&mut out, v, layout, 0);
    out
}

fn write(out: &mut String, v: &Json, layout: &Layout, depth: usize) {
    let pretty = layout.pretty;
    let newline = |out: &mut String, depth: usize| {
        if pretty {
            out.push('\n');
            for _ in 0..depth {
                out.push_str("  ");
            }
        }
    };
    match v {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Num(_, Some(lit)) => out.push_str(lit),
        Json::Num(n, None) => out.push_str(&format_number(*n)),
        Json::Str(s) => write_string(out, s),
        Json::Arr(a) if a.is_empty() => out.push_str("[]"),
        Json::Arr(a) => {
            out.push('[');
            for (i, item) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write(out, item, layout, depth + 1);
            }
            newline(out, depth);
            out.push(']');
        }
        Json::Obj(o) if o.is_empty() => out.push_str("{}"),
        Json::Obj(o) => {
            out.push('{');
            let keys: Vec<&str> =
                if layout.sort_keys { sorted_keys(o) } else { o.iter().map(|(k, _)| k.as_str()).collect() };
            for (i, k) in keys.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                write_string(out, k);
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                if let Some(item) = v.get(k) {
                    write(out, item, layout, depth + 1);
                }
            }
            newline(out, depth);
            out.push('}');
        }
    }
}

/// A string as `jvp_dump_string` writes it.
fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// A computed number as `jvp_dtoa_fmt` writes it: the shortest digits that read back the
/// same, in exponent form when the point is far from them.
pub(crate) fn format_number(n: f64) -> String {
    if n.is_nan() {
        return "null".to_string();
    }
    let n = n.clamp(-f64::MAX, f64::MAX);
    if n == 0.0 {
        return if n.is_sign_negative() { "-0".to_string() } else { "0".to_string() };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: `d.ddde<exp>`.
    let sci = format!("{:e}", n.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let decpt = exp.parse::<i64>().unwrap_or(0) + 1;
    let sign = if n < 0.0 { "-" } else { "" };
    let count = digits.len() as i64;
    if decpt <= -4 || decpt > count + 15 {
        let (first, rest) = digits.split_at(1);
        let point = if rest.is_empty() { String::new() } else { format!(".{rest}") };
        let e = decpt - 1;
        return format!("{sign}{first}{point}e{}{:02}", if e < 0 { "-" } else { "+" }, e.abs());
    }
    if decpt <= 0 {
        return format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize));
    }
    if decpt >= count {
        return format!("{sign}{digits}{}", "0".repeat((decpt - count) as usize));
    }
    let (int, frac) = digits.split_at(decpt as usize);
    format!("{sign}{int}.{frac}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Json {
        let (mut vals, err) = read_all(text);
        assert_eq!(err, None, "{text}");
        vals.pop().map(|(v, _)| v).unwrap_or(Json::Null)
    }

    #[test]
    fn reads_and_prints_like_jq() {
        let pretty = Layout { pretty: true, ..Layout::COMPACT };
        let v = one("{\"b\": [1, 2.50, {}], \"a\": null, \"c\": \"x\\u00e9\\n\", \"d\": []}");
        assert_eq!(
            dump(&v, &pretty),
            "{\n  \"b\": [\n    1,\n    2.50,\n    {}\n  ],\n  \"a\": null,\n  \"c\": \"xé\\n\",\n  \"d\": []\n}"
        );
        assert_eq!(dump(&v, &Layout::COMPACT), r#"{"b":[1,2.50,{}],"a":null,"c":"xé\n","d":[]}"#);
        assert_eq!(
            dump(&v, &Layout { sort_keys: true, ..Layout::COMPACT }),
            r#"{"a":null,"b":[1,2.50,{}],"c":"xé\n","d":[]}"#
        );
        assert_eq!(dump(&one("1e2"), &pretty), "100");
        assert_eq!(dump(&one("\"\\u007f\""), &pretty), "\"\\u007f\"");
        assert_eq!(v.brief(), "{\"b\":[1,2.5...");
    }

    #[test]
    fn numbers_print_as_jvp_dtoa_fmt() {
        for (n, s) in [(3.0, "3"), (0.1 + 0.2, "0.30000000000000004"), (1e100, "1e+100"), (1e-5, "1e-05")] {
            assert_eq!(format_number(n), s);
        }
        assert_eq!(format_number(123456789012.0), "123456789012");
        assert_eq!(format_number(0.001), "0.001");
        assert_eq!(format_number(-2.5), "-2.5");
    }

    #[test]
    fn errors_are_jv_parse_texts() {
        let err = |t: &str| read_all(t).1.unwrap_or_default();
        assert_eq!(err("hello\n"), "Invalid numeric literal at line 2, column 0");
        assert_eq!(err("CONTAINER ID   IMAGE\n"), "Invalid numeric literal at line 1, column 10");
        assert_eq!(err("[1\n"), "Unfinished JSON term at EOF at line 2, column 0");
        assert_eq!(err("[1,]"), "Expected another array element at line 1, column 4");
        assert_eq!(err("{\"a\" 1}"), "Expected separator between values at line 1, column 7");
        assert_eq!(err("\"abc"), "Unfinished string at EOF at line 1, column 4");
        assert_eq!(err("nul"), "Invalid literal at EOF at line 1, column 3");
        let (vals, e) = read_all("[\n1\n]\n{}\n");
        assert_eq!(e, None);
        assert_eq!(vals.iter().map(|(_, line)| *line).collect::<Vec<_>>(), vec![3, 4]);
    }
}
