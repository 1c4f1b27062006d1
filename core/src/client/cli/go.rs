//! Go's own readings of flag values, as pflag and docker's option types call them:
//! `strconv.ParseBool/ParseInt/ParseUint` (base prefixes, `_` separators, exact error
//! texts), `time.ParseDuration`, go-units `RAMInBytes`, docker's `ParseCPUs`, one
//! `encoding/csv` record, and `%q` of a rune. Pure functions; no docker knowledge here.

use crate::output::go_quote;

/// Go's `%q` of a byte-sized rune, as pflag prints an unknown shorthand: `'z'`.
pub(crate) fn go_quote_rune(c: char) -> String {
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
pub(crate) enum NumError {
    /// `invalid syntax`.
    Syntax,
    /// `value out of range`.
    Range,
}

impl NumError {
    /// `strconv.ParseInt: parsing "abc": invalid syntax`.
    pub(crate) fn text(self, func: &str, input: &str) -> String {
        let why = match self {
            NumError::Syntax => "invalid syntax",
            NumError::Range => "value out of range",
        };
        format!("strconv.{func}: parsing {}: {why}", go_quote(input))
    }
}

/// `strconv.ParseBool`.
pub(crate) fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// `strconv.ParseUint(s, 0, bits)`: `0x`, `0o`, `0b` and a leading `0` (octal) select the
/// base, and `_` may separate digits.
pub(crate) fn parse_uint(s: &str, bits: u32) -> Result<u64, NumError> {
    if s.is_empty() {
        return Err(NumError::Syntax);
    }
    let b = s.as_bytes();
    let (base, digits): (u64, &[u8]) = if b.len() >= 3 && b[0] == b'0' && matches!(b[1] | 0x20, b'b' | b'o' | b'x') {
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
            b'_' => {
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
pub(crate) fn parse_int(s: &str) -> Result<i64, NumError> {
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
pub(crate) fn underscore_ok(s: &str) -> bool {
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

/// Go's `time.ParseDuration` (nanoseconds), with its exact error texts.
pub(crate) fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", time_quote(orig));
    let mut s = orig;
    let mut neg = false;
    if let Some(c @ (b'-' | b'+')) = s.as_bytes().first().copied() {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut total: u64 = 0;
    while !s.is_empty() {
        let b = s.as_bytes();
        if !(b[0] == b'.' || b[0].is_ascii_digit()) {
            return Err(invalid());
        }
        let int_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let mut v: u64 = 0;
        for &c in &b[..int_len] {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(c - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
        }
        s = &s[int_len..];
        let mut frac: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut post = false;
        if s.starts_with('.') {
            s = &s[1..];
            let frac_len = s.bytes().take_while(|c| c.is_ascii_digit()).count();
            let mut overflow = false;
            for c in s[..frac_len].bytes() {
                if overflow {
                    continue;
                }
                if frac > (LIMIT - 1) / 10 {
                    overflow = true;
                    continue;
                }
                frac = frac * 10 + u64::from(c - b'0');
                scale *= 10.0;
            }
            post = frac_len > 0;
            s = &s[frac_len..];
        }
        if int_len == 0 && !post {
            return Err(invalid());
        }
        let unit_len = s.bytes().take_while(|c| !(*c == b'.' || c.is_ascii_digit())).count();
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", time_quote(orig)));
        }
        let u = &s[..unit_len];
        s = &s[unit_len..];
        let unit: u64 = match u {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(format!("time: unknown unit {} in duration {}", time_quote(u), time_quote(orig))),
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if frac > 0 {
            v += (frac as f64 * (unit as f64 / scale)) as u64;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        total = total.saturating_add(v);
        if total > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        return Ok((total as i64).wrapping_neg());
    }
    if total > LIMIT - 1 {
        return Err(invalid());
    }
    Ok(total as i64)
}

/// The `time` package's own quoting: non-ASCII and control bytes as `\xNN`.
pub(crate) fn time_quote(s: &str) -> String {
    let mut q = String::from("\"");
    for c in s.chars() {
        if !c.is_ascii() || (c as u32) < 0x20 {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                q.push_str(&format!("\\x{byte:02x}"));
            }
        } else {
            if c == '"' || c == '\\' {
                q.push('\\');
            }
            q.push(c);
        }
    }
    q.push('"');
    q
}

/// go-units `RAMInBytes` (v0.5.0): a number, an optional space, and `b`, `k`, `kb`, `kib`
/// ... `p` in any case, powers of 1024.
pub(crate) fn ram_in_bytes(size: &str) -> Result<i64, String> {
    let invalid = || format!("invalid size: '{size}'");
    let Some(sep) = size.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        return Err(invalid());
    };
    let (num, sfx) =
        if size.as_bytes()[sep] == b' ' { (&size[..sep], &size[sep + 1..]) } else { (&size[..=sep], &size[sep + 1..]) };
    let n: f64 = match num.parse::<f64>() {
        Ok(n) if n.is_finite() => n,
        Ok(_) => return Err(format!("strconv.ParseFloat: parsing {}: value out of range", go_quote(num))),
        Err(_) => return Err(format!("strconv.ParseFloat: parsing {}: invalid syntax", go_quote(num))),
    };
    if n < 0.0 {
        return Err(invalid());
    }
    if sfx.is_empty() {
        return Ok(n as i64);
    }
    let bad = |s: &str| format!("invalid suffix: '{s}'");
    if sfx.len() > 3 {
        return Err(bad(sfx));
    }
    let lower = sfx.to_lowercase();
    let l = lower.as_bytes();
    if l.first() == Some(&b'b') {
        return if l.len() > 1 { Err(bad(&lower)) } else { Ok(n as i64) };
    }
    let mul: f64 = match l.first() {
        Some(b'k') => 1024.0,
        Some(b'm') => 1024f64.powi(2),
        Some(b'g') => 1024f64.powi(3),
        Some(b't') => 1024f64.powi(4),
        Some(b'p') => 1024f64.powi(5),
        _ => return Err(bad(&lower)),
    };
    if (l.len() == 2 && l[1] != b'b') || (l.len() == 3 && &l[1..] != b"ib") {
        return Err(bad(&lower));
    }
    Ok((n * mul) as i64)
}

/// docker's `ParseCPUs` (`--cpus 1.5` → 1.5e9 nano-CPUs): a rational number (`1.5`,
/// `3/2`, `2e-1`) that must be a whole number of nano-CPUs.
pub(crate) fn parse_cpus(value: &str) -> Result<i64, String> {
    let not_rational = || format!("failed to parse {value} as a rational number");
    let too_precise = || "value is too precise".to_string();
    if let Some((a, b)) = value.split_once('/') {
        let a: i128 = a.parse().map_err(|_| not_rational())?;
        let b: i128 = b.parse().map_err(|_| not_rational())?;
        if b <= 0 {
            return Err(not_rational());
        }
        let nano = a.checked_mul(1_000_000_000).ok_or_else(too_precise)?;
        return if nano % b == 0 { Ok((nano / b) as i64) } else { Err(too_precise()) };
    }
    let (mantissa, exp) = match value.find(['e', 'E']) {
        Some(at) => (&value[..at], value[at + 1..].parse::<i64>().map_err(|_| not_rational())?),
        None => (value, 0),
    };
    let (neg, m) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, &mantissa[1..]),
        Some(b'+') => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (int, frac) = m.split_once('.').unwrap_or((m, ""));
    if (int.is_empty() && frac.is_empty()) || !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit()) {
        return Err(not_rational());
    }
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0);
    }
    let n: i128 = digits.parse().map_err(|_| too_precise())?;
    let n = if neg { -n } else { n };
    // value = n × 10^(exp − |frac|); nano-CPUs = value × 10^9.
    let scale = exp.saturating_sub(frac.len() as i64).saturating_add(9);
    let pow = |e: i64| u32::try_from(e).ok().and_then(|e| 10i128.checked_pow(e));
    if scale >= 0 {
        let p = pow(scale).ok_or_else(too_precise)?;
        n.checked_mul(p).map(|v| v as i64).ok_or_else(too_precise)
    } else {
        match pow(-scale) {
            Some(p) if n % p == 0 => Ok((n / p) as i64),
            _ => Err(too_precise()),
        }
    }
}

/// One CSV record as Go's `encoding/csv` reads it (pflag's `strings` flags).
pub(crate) fn csv_record(value: &str) -> Result<Vec<String>, String> {
    if value.is_empty() {
        return Err("EOF".to_string());
    }
    let line = value.split('\n').next().unwrap_or("");
    let mut fields = Vec::new();
    let mut chars = line.char_indices().peekable();
    loop {
        let mut field = String::new();
        if let Some((_, '"')) = chars.peek() {
            chars.next();
            loop {
                match chars.next() {
                    Some((_, '"')) if chars.peek().map(|c| c.1) == Some('"') => {
                        chars.next();
                        field.push('"');
                    }
                    Some((_, '"')) => break,
                    Some((_, c)) => field.push(c),
                    None => {
                        return Err(format!(
                            "parse error on line 1, column {}: extraneous or missing \" in quoted-field",
                            line.len() + 1
                        ))
                    }
                }
            }
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some((_, ',')) => {}
                // The column of the closing quote, which `at` follows.
                Some((at, _)) => {
                    return Err(format!("parse error on line 1, column {at}: extraneous or missing \" in quoted-field"))
                }
            }
        } else {
            loop {
                match chars.next() {
                    None => {
                        fields.push(field);
                        return Ok(fields);
                    }
                    Some((_, ',')) => break,
                    Some((at, '"')) => {
                        return Err(format!("parse error on line 1, column {}: bare \" in non-quoted-field", at + 1))
                    }
                    Some((_, c)) => field.push(c),
                }
            }
        }
        fields.push(field);
    }
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
        assert_eq!(parse_duration("1h2m3.5s"), Ok(3_723_500_000_000));
        assert_eq!(parse_duration("-.5ms"), Ok(-500_000));
        assert_eq!(parse_duration("1µs"), Ok(1000));
        assert_eq!(parse_duration("."), Err("time: invalid duration \".\"".into()));
        assert_eq!(parse_duration("1é"), Err("time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"".into()));
        assert_eq!(ram_in_bytes("1.5 KiB"), Ok(1536));
        assert_eq!(ram_in_bytes("10b"), Ok(10));
        assert_eq!(ram_in_bytes("1kbb"), Err("invalid suffix: 'kbb'".into()));
        assert_eq!(ram_in_bytes("1.2.3"), Err("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax".into()));
        assert_eq!(parse_cpus("3/2"), Ok(1_500_000_000));
        assert_eq!(parse_cpus("2e-1"), Ok(200_000_000));
        assert_eq!(go_quote_rune('\t'), "'\\t'");
    }
}
