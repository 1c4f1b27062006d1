//! Go's `strconv`: quoting (`Quote`, `QuoteRune`, `Unquote`), number parsing with Go's
//! base prefixes, `_` separators and error texts (`ParseBool`, `ParseInt`, `ParseUint`), and
//! the shortest float form `%v` prints (`FormatFloat(f, 'g', -1, 64)`).

/// Go's `strconv.Quote`: double quotes, with `"`, `\` and control characters escaped.
pub fn quote(s: &str) -> String {
    let mut q = String::with_capacity(s.len() + 2);
    q.push('"');
    for c in s.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\t' => q.push_str("\\t"),
            '\r' => q.push_str("\\r"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => q.push_str(&format!("\\x{:02x}", c as u32)),
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Go's `%q` of a byte-sized rune, as pflag prints an unknown shorthand: `'z'`.
pub fn quote_rune(c: char) -> String {
    match c {
        '\'' => "'\\''".to_string(),
        '\\' => "'\\\\'".to_string(),
        '\u{7}' => "'\\a'".to_string(),
        '\u{8}' => "'\\b'".to_string(),
        '\u{c}' => "'\\f'".to_string(),
        '\n' => "'\\n'".to_string(),
        '\r' => "'\\r'".to_string(),
        '\t' => "'\\t'".to_string(),
        '\u{b}' => "'\\v'".to_string(),
        c if (c as u32) < 0x20 || c as u32 == 0x7f => format!("'\\x{:02x}'", c as u32),
        c if (0x80..=0xa0).contains(&(c as u32)) || c as u32 == 0xad => {
            format!("'\\u{:04x}'", c as u32)
        }
        c => format!("'{c}'"),
    }
}

/// Why a Go number parse failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumError {
    /// `invalid syntax`.
    Syntax,
    /// `value out of range`.
    Range,
}

impl NumError {
    /// `strconv.ParseInt: parsing "abc": invalid syntax`.
    pub fn text(self, func: &str, input: &str) -> String {
        let why = match self {
            NumError::Syntax => "invalid syntax",
            NumError::Range => "value out of range",
        };
        format!("strconv.{func}: parsing {}: {why}", quote(input))
    }
}

/// `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `strconv.ParseUint(s, 0, bits)`: `0x`, `0o`, `0b` and a leading `0` (octal) select the
/// base, and `_` may separate digits.
pub fn parse_uint(s: &str, bits: u32) -> Result<u64, NumError> {
    parse_uint_in(s, 0, bits)
}

/// `strconv.ParseUint(s, 10, bits)`: decimal digits only (no sign, prefix or `_`), as
/// docker's port numbers are read.
pub fn parse_uint_base10(s: &str, bits: u32) -> Result<u64, NumError> {
    parse_uint_in(s, 10, bits)
}

/// `ParseUint` in `base`, 0 meaning "from the prefix".
fn parse_uint_in(s: &str, base: u64, bits: u32) -> Result<u64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let b = s.as_bytes();
    let base0 = base == 0;
    let (base, digits): (u64, &[u8]) = if !base0 {
        (base, b)
    } else if b.len() >= 3 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
        (
            match b[1] | 0x20 {
                b'b' => 2,
                b'o' => 8,
                _ => 16,
            },
            &b[2..],
        )
    } else if b[0] == b'0' {
        (8, &b[1..])
    } else {
        (10, b)
    };
    let max = if bits >= 64 { u64::MAX } else { (1u64 << bits) - 1 };
    let mut n: u64 = 0;
    let mut underscores = false;
    for &c in digits {
        let d = match c {
            b'_' if base0 => {
                underscores = true;
                continue;
            }
            b'0'..=b'9' => u64::from(c - b'0'),
            b'a'..=b'z' => u64::from(c - b'a') + 10,
            b'A'..=b'Z' => u64::from(c - b'A') + 10,
            _ => return Err(NumError::Syntax),
        };
        if d >= base {
            return Err(NumError::Syntax);
        }
        n = n.checked_mul(base).and_then(|n| n.checked_add(d)).filter(|n| *n <= max).ok_or(NumError::Range)?;
    }
    if underscores && !underscore_ok(s) {
        return Err(NumError::Syntax);
    }
    Ok(n)
}

/// `strconv.ParseInt(s, 0, 64)`, as pflag's `int` and `int64` flags use it.
pub fn parse_int(s: &str) -> Result<i64, NumError> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'+') => (false, &s[1..]),
        Some(b'-') => (true, &s[1..]),
        _ => (false, s),
    };
    let un = match parse_uint(body, 64) {
        Ok(n) => n,
        Err(NumError::Range) => u64::MAX,
        Err(e) => return Err(e),
    };
    match (neg, un) {
        (false, n) if n <= i64::MAX as u64 => Ok(n as i64),
        (true, n) if n <= 1u64 << 63 => Ok((n as i64).wrapping_neg()),
        _ => Err(NumError::Range),
    }
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let b = match b.first() {
        Some(b'+' | b'-') => &b[1..],
        _ => b,
    };
    let mut saw = b'^';
    let mut i = 0;
    let mut hex = false;
    if b.len() >= 2 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
        i = 2;
        saw = b'0';
        hex = b[1] | 0x20 == b'x';
    }
    for &c in b.get(i..).unwrap_or(&[]) {
        if c.is_ascii_digit() || (hex && (c | 0x20).is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// One character of a Go character constant's body (`a`, `\n`): `strconv.UnquoteChar`
/// for the escapes template constants use.
pub fn unquote_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if c != '\\' {
        return if chars.next().is_none() { Some(c) } else { None };
    }
    let r = match chars.next()? {
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        '\\' => '\\',
        '\'' => '\'',
        '0' => '\0',
        'a' => '\u{7}',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'v' => '\u{b}',
        _ => return None,
    };
    if chars.next().is_none() {
        Some(r)
    } else {
        None
    }
}

/// `strconv.Unquote` for "..." and `...` literals.
pub fn unquote(s: &str) -> Result<String, String> {
    if let Some(raw) = s.strip_prefix('`').and_then(|r| r.strip_suffix('`')) {
        return Ok(raw.replace('\r', ""));
    }
    let Some(body) = s.strip_prefix('"').and_then(|r| r.strip_suffix('"')) else {
        return Err("invalid syntax".to_string());
    };
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next().ok_or_else(|| "invalid syntax".to_string())?;
        match e {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            'a' => out.push('\u{7}'),
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'v' => out.push('\u{b}'),
            '\\' => out.push('\\'),
            '"' => out.push('"'),
            '\'' => return Err("invalid syntax".to_string()),
            'x' | 'u' | 'U' => {
                let n = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let hex: String = chars.by_ref().take(n).collect();
                let v = u32::from_str_radix(&hex, 16).map_err(|_| "invalid syntax".to_string())?;
                if hex.len() != n {
                    return Err("invalid syntax".to_string());
                }
                if e == 'x' {
                    // A byte; Go would allow invalid UTF-8 here, we keep what is valid.
                    out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
                } else {
                    out.push(char::from_u32(v).ok_or_else(|| "invalid syntax".to_string())?);
                }
            }
            '0'..='7' => {
                let mut v = e.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let d = chars.next().and_then(|c| c.to_digit(8)).ok_or_else(|| "invalid syntax".to_string())?;
                    v = v * 8 + d;
                }
                out.push(char::from_u32(v).unwrap_or('\u{fffd}'));
            }
            _ => return Err("invalid syntax".to_string()),
        }
    }
    Ok(out)
}

/// `strconv.FormatFloat(f, 'g', -1, 64)`, which `%v` of a float64 prints: the shortest
/// representation, exponent form outside
/// `1e-4 <= |f| < 1e21`.
pub fn format_float(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_string();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_string();
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-4..1e21).contains(&abs) {
        // Rust's `{:e}` is shortest too: `1e21` → Go's `1e+21`.
        let s = format!("{f:e}");
        return match s.split_once('e') {
            Some((m, e)) => {
                let (sign, digits) = match e.strip_prefix('-') {
                    Some(d) => ('-', d),
                    None => ('+', e),
                };
                format!("{m}e{sign}{digits:0>2}")
            }
            None => s,
        };
    }
    format!("{f}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_number_parsing() {
        assert_eq!(parse_int("1_000"), Ok(1000));
        assert_eq!(parse_int("0b101"), Ok(5));
        assert_eq!(parse_int("017"), Ok(15));
        assert_eq!(parse_int("08"), Err(NumError::Syntax));
        assert_eq!(parse_int("_1"), Err(NumError::Syntax));
        assert_eq!(parse_int("-9223372036854775808"), Ok(i64::MIN));
        assert_eq!(parse_int("9223372036854775808"), Err(NumError::Range));
        assert_eq!(parse_int("+"), Err(NumError::Syntax));
        assert_eq!(parse_uint("-1", 16), Err(NumError::Syntax));
        assert_eq!(parse_uint("65535", 16), Ok(65535));
        assert_eq!(parse_uint_base10("65536", 16), Err(NumError::Range));
        assert_eq!(parse_uint_base10("080", 16), Ok(80));
        assert_eq!(parse_uint_base10("+80", 16), Err(NumError::Syntax));
        assert_eq!(parse_uint_base10("1_0", 16), Err(NumError::Syntax));
        assert_eq!(NumError::Syntax.text("ParseInt", "x"), "strconv.ParseInt: parsing \"x\": invalid syntax");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a\"b\\\n\u{7f}é"), "\"a\\\"b\\\\\\n\\x7fé\"");
        assert_eq!(quote_rune('\t'), "'\\t'");
        assert_eq!(quote_rune('z'), "'z'");
        assert_eq!(unquote("\"a\\tb\\x41\\u00e9\""), Ok("a\tbAé".to_string()));
        assert_eq!(unquote("`raw\\n`"), Ok("raw\\n".to_string()));
        assert!(unquote("\"\\'\"").is_err());
        assert_eq!(unquote_char("\\n"), Some('\n'));
    }

    #[test]
    fn floats_print_as_go_does() {
        assert_eq!(format_float(1.5), "1.5");
        assert_eq!(format_float(1e21), "1e+21");
        assert_eq!(format_float(1e-5), "1e-05");
        assert_eq!(format_float(100.0), "100");
    }
}
