//! The writer behind `docker compose config`: a value tree → YAML text as go-yaml v3's
//! encoder writes it with compose's two-space indent (sequences indented under their key,
//! `{}` and `[]` for empty collections, strings quoted only when they would read back as
//! something else or cannot be written plain, long plain strings folded past column 80).

use super::{resolve_plain, Scalar};

/// A value to write.
#[derive(Clone, Debug, PartialEq)]
pub enum Emitter {
    /// `null`.
    Null,
    /// `true`/`false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(String),
    /// A sequence.
    Seq(Vec<Emitter>),
    /// A mapping, in the order given.
    Map(Vec<(String, Emitter)>),
}

/// go-yaml's `best_width`.
const WIDTH: usize = 80;

impl Emitter {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Emitter {
        Emitter::Str(s.into())
    }

    /// The document's text, ending with a newline.
    pub fn to_yaml(&self) -> String {
        let mut out = String::new();
        match self {
            Emitter::Map(entries) if !entries.is_empty() => write_map(&mut out, entries, 0, false),
            Emitter::Seq(items) if !items.is_empty() => write_seq(&mut out, items, 0, false),
            other => {
                out.push_str(&inline(other, 0, 0));
                out.push('\n');
            }
        }
        out
    }
}

/// `key: value` lines at `indent`; the first continues the current line after `- `.
fn write_map(out: &mut String, entries: &[(String, Emitter)], indent: usize, inline_first: bool) {
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 || !inline_first {
            push_spaces(out, indent);
        }
        out.push_str(&key(k));
        out.push(':');
        write_value(out, v, indent);
    }
}

/// `- item` lines at `indent`; the first continues the current line after `- `.
fn write_seq(out: &mut String, items: &[Emitter], indent: usize, inline_first: bool) {
    for (i, item) in items.iter().enumerate() {
        if i > 0 || !inline_first {
            push_spaces(out, indent);
        }
        out.push_str("- ");
        match item {
            Emitter::Map(entries) if !entries.is_empty() => write_map(out, entries, indent + 2, true),
            Emitter::Seq(inner) if !inner.is_empty() => write_seq(out, inner, indent + 2, true),
            other => {
                out.push_str(&block_or_inline(other, indent, indent + 2));
                out.push('\n');
            }
        }
    }
}

/// After `key:`: a nested collection on the next lines, or the value on this line.
fn write_value(out: &mut String, v: &Emitter, indent: usize) {
    match v {
        Emitter::Map(entries) if !entries.is_empty() => {
            out.push('\n');
            write_map(out, entries, indent + 2, false);
        }
        Emitter::Seq(items) if !items.is_empty() => {
            out.push('\n');
            write_seq(out, items, indent + 2, false);
        }
        other => {
            out.push(' ');
            let column = out.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0);
            out.push_str(&block_or_inline(other, indent, column));
            out.push('\n');
        }
    }
}

fn push_spaces(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// A scalar or empty collection as written after `key: ` or `- `: a literal block for a
/// string with newlines, else one line (folded if long).
fn block_or_inline(v: &Emitter, indent: usize, column: usize) -> String {
    if let Emitter::Str(s) = v {
        if s.contains('\n') && literal_allowed(s) {
            return literal(s, indent + 2);
        }
    }
    inline(v, indent + 2, column)
}

fn inline(v: &Emitter, fold_indent: usize, column: usize) -> String {
    match v {
        Emitter::Null => "null".to_string(),
        Emitter::Bool(b) => b.to_string(),
        Emitter::Int(n) => n.to_string(),
        Emitter::Float(f) => format_float(*f),
        Emitter::Str(s) => scalar(s, fold_indent, column),
        Emitter::Seq(_) => "[]".to_string(),
        Emitter::Map(_) => "{}".to_string(),
    }
}

fn format_float(f: f64) -> String {
    if f.is_nan() {
        ".nan".to_string()
    } else if f.is_infinite() {
        if f > 0.0 { ".inf" } else { "-.inf" }.to_string()
    } else {
        format!("{f}")
    }
}

/// A mapping key (written in simple-key context: never folded, never a block).
fn key(k: &str) -> String {
    quote_if_needed(k)
}

/// `s` as go-yaml writes a string on one line: plain when it reads back as the same string
/// and contains nothing plain scalars cannot hold, else single- or double-quoted.
pub fn quote_if_needed(s: &str) -> String {
    scalar(s, 0, 0)
}

fn scalar(s: &str, fold_indent: usize, column: usize) -> String {
    let reads_as_str = matches!(resolve_plain(s), Scalar::Str(_)) && !is_base60_float(s) && !is_old_bool(s);
    let a = analyze(s);
    if reads_as_str && a.plain && !s.is_empty() {
        return fold_plain(s, fold_indent, column);
    }
    if reads_as_str && a.single {
        return format!("'{}'", s.replace('\'', "''"));
    }
    double_quoted(s)
}

/// Plain scalars longer than the line break at a space once past column 80.
fn fold_plain(s: &str, indent: usize, column: usize) -> String {
    if column == 0 && indent == 0 {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut col = column;
    let chars: Vec<char> = s.chars().collect();
    let mut spaces = false;
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let next_space = chars.get(i + 1) == Some(&' ');
            if !spaces && col > WIDTH && !next_space {
                out.push('\n');
                push_spaces(&mut out, indent);
                col = indent;
            } else {
                out.push(' ');
                col += 1;
            }
            spaces = true;
        } else {
            out.push(*c);
            col += 1;
            spaces = false;
        }
    }
    out
}

struct Analysis {
    plain: bool,
    single: bool,
    block: bool,
}

/// libyaml's `yaml_emitter_analyze_scalar`, for the block context.
fn analyze(s: &str) -> Analysis {
    if s.is_empty() {
        return Analysis { plain: true, single: true, block: false };
    }
    let chars: Vec<char> = s.chars().collect();
    let mut block_indicators = s.starts_with("---") || s.starts_with("...");
    let (mut line_breaks, mut special, mut tabs) = (false, false, false);
    let (mut leading_space, mut leading_break, mut trailing_space, mut trailing_break) = (false, false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let (mut prev_space, mut prev_break) = (false, false);
    let mut preceded_by_ws = true;
    for (i, &c) in chars.iter().enumerate() {
        let followed_by_ws = chars.get(i + 1).is_none_or(|n| *n == ' ' || *n == '\t');
        if i == 0 {
            match c {
                '#' | ',' | '[' | ']' | '{' | '}' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`' => {
                    block_indicators = true
                }
                '?' | ':' | '-' if followed_by_ws => block_indicators = true,
                _ => {}
            }
        } else {
            match c {
                ':' if followed_by_ws => block_indicators = true,
                '#' if preceded_by_ws => block_indicators = true,
                _ => {}
            }
        }
        let is_break = matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}');
        if c == '\t' {
            tabs = true;
        } else if (c < ' ' && !is_break) || c == '\u{7f}' || c == '\u{feff}' {
            special = true;
        }
        if c == ' ' {
            leading_space |= i == 0;
            trailing_space |= i + 1 == chars.len();
            break_space |= prev_break;
            prev_space = true;
            prev_break = false;
        } else if is_break {
            line_breaks = true;
            leading_break |= i == 0;
            trailing_break |= i + 1 == chars.len();
            space_break |= prev_space;
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = false;
            prev_break = false;
        }
        preceded_by_ws = c == ' ' || c == '\t' || is_break;
    }
    let mut a = Analysis { plain: true, single: true, block: true };
    if leading_space || leading_break || trailing_space || trailing_break {
        a.plain = false;
    }
    if trailing_space {
        a.block = false;
    }
    if break_space {
        a.plain = false;
        a.single = false;
    }
    if space_break || tabs || special {
        a.plain = false;
        a.single = false;
    }
    if space_break || special {
        a.block = false;
    }
    if line_breaks || block_indicators {
        a.plain = false;
    }
    a
}

fn literal_allowed(s: &str) -> bool {
    analyze(s).block
}

/// `|`, `|-` or `|+` with the lines indented.
fn literal(s: &str, indent: usize) -> String {
    let trailing = s.len() - s.trim_end_matches('\n').len();
    let mut out = String::from("|");
    if s.starts_with(' ') || s.starts_with('\n') {
        out.push('2');
    }
    match trailing {
        0 => out.push('-'),
        1 => {}
        _ => out.push('+'),
    }
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            push_spaces(&mut out, indent);
            out.push_str(line);
        }
    }
    out
}

fn double_quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\0' => out.push_str("\\0"),
            '\x07' => out.push_str("\\a"),
            '\x08' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\x0b' => out.push_str("\\v"),
            '\x0c' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            '\x1b' => out.push_str("\\e"),
            '\u{85}' => out.push_str("\\N"),
            '\u{a0}' => out.push_str("\\_"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => out.push_str(&format!("\\x{:02X}", c as u32)),
            '\u{feff}' => out.push_str("\\uFEFF"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// go-yaml's `isOldBool`: YAML 1.1 booleans, quoted so 1.1 readers keep them strings.
fn is_old_bool(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF"
    )
}

/// go-yaml's `base60float`: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$` (`12:30`).
fn is_base60_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    if !b.get(i).is_some_and(u8::is_ascii_digit) {
        return false;
    }
    i += 1;
    while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
        i += 1;
    }
    let mut groups = 0;
    while b.get(i) == Some(&b':') {
        i += 1;
        let d1 = b.get(i).copied();
        let d2 = b.get(i + 1).copied();
        match (d1, d2) {
            (Some(a), Some(c)) if (b'0'..=b'5').contains(&a) && c.is_ascii_digit() => i += 2,
            (Some(a), _) if a.is_ascii_digit() => i += 1,
            _ => return false,
        }
        groups += 1;
    }
    if groups == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'_') {
            i += 1;
        }
    }
    i == b.len()
}
