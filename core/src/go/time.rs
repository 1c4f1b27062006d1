//! Go's `time`: the proleptic Gregorian calendar in UTC (the simulated machine's only zone),
//! the English day and month names, the layouts docker prints times in (`RFC3339`,
//! `RFC3339Nano`, `Time.String`), `Parse` of RFC 3339, and `ParseDuration` with its exact
//! error texts. Other programs' date formats (`date`, HTTP, systemd, server logs) build on
//! the calendar and the names here.

use crate::env::SimTime;

/// `time.Weekday` names, Sunday first; the first three letters are the short names.
pub const DAY_NAMES: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// `time.Month` names, January first; the first three letters are the short names.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The day of the week of a time (0 = Sunday, as `time.Weekday`): 1970-01-01 was a Thursday.
pub fn weekday(t: SimTime) -> usize {
    ((t / 86_400_000 + 4) % 7) as usize
}

/// `Monday`.
pub fn day_name(t: SimTime) -> &'static str {
    DAY_NAMES[weekday(t)]
}

/// `Mon`.
pub fn short_day_name(t: SimTime) -> &'static str {
    &day_name(t)[..3]
}

/// `February` for month 2 (January for a month out of range).
pub fn month_name(month: u32) -> &'static str {
    MONTH_NAMES.get(month.saturating_sub(1) as usize).copied().unwrap_or(MONTH_NAMES[0])
}

/// `Feb` for month 2.
pub fn short_month_name(month: u32) -> &'static str {
    &month_name(month)[..3]
}

/// Splits seconds since the epoch into calendar fields (proleptic Gregorian, UTC).
pub fn civil(secs: u64) -> (i64, u32, u32, u32, u32, u32) {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (h, mi, s) = ((rem / 3600) as u32, ((rem % 3600) / 60) as u32, (rem % 60) as u32);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if mo <= 2 { y + 1 } else { y }, mo, d, h, mi, s)
}

/// Seconds since the epoch for a calendar date and time (UTC); the inverse of [`civil`].
pub fn from_civil(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> SimTime {
    let y = if mo <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if mo > 2 { mo - 3 } else { mo + 9 } as i64;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    ((days * 86_400 + (h * 3600 + mi * 60 + s) as i64).max(0) as u64) * 1000
}

/// `2006-01-02T15:04:05` or `2006-01-02 15:04:05` for the whole seconds of `t`.
fn date_time(t: SimTime, between: char) -> String {
    let (y, mo, d, h, mi, s) = civil(t / 1000);
    format!("{y:04}-{mo:02}-{d:02}{between}{h:02}:{mi:02}:{s:02}")
}

/// `.NNNNNNNNN` without trailing zeros (empty for none): the `.999999999` of Go's layouts.
fn fraction(nanos: u64) -> String {
    if nanos == 0 {
        return String::new();
    }
    let digits = format!("{nanos:09}");
    format!(".{}", digits.trim_end_matches('0'))
}

/// `time.RFC3339` in UTC, whole seconds: `2025-02-11T07:00:00Z`.
pub fn rfc3339(t: SimTime) -> String {
    format!("{}Z", date_time(t, 'T'))
}

/// `time.RFC3339Nano` in UTC: the whole seconds of `t`, then `nanos` (the sub-second
/// part, below 10⁹) without trailing zeros: `2025-02-11T07:00:00.5Z`.
pub fn rfc3339_nano(t: SimTime, nanos: u64) -> String {
    format!("{}{}Z", date_time(t, 'T'), fraction(nanos))
}

/// docker's `RFC3339NanoFixed` layout in UTC (`docker logs -t`, `docker events`): like
/// [`rfc3339_nano`] but always nine digits, `2025-02-11T07:00:00.500000000Z`.
pub fn rfc3339_nano_fixed(t: SimTime, nanos: u64) -> String {
    format!("{}.{nanos:09}Z", date_time(t, 'T'))
}

/// `Time.String()` in UTC: `2025-02-11 07:00:00.123456789 +0000 UTC` (the whole seconds of
/// `t`, then `nanos` as in [`rfc3339_nano`]).
pub fn time_string(t: SimTime, nanos: u64) -> String {
    format!("{}{} +0000 UTC", date_time(t, ' '), fraction(nanos))
}

/// `time.Parse(time.RFC3339, s)`: `2025-02-11T07:00:00Z`, with optional fractional seconds
/// and `Z` or a `±hh:mm` offset; `None` where Go returns an error. Milliseconds are kept.
pub fn parse_rfc3339(s: &str) -> Option<SimTime> {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let d = b.get(r)?;
        d.iter().all(u8::is_ascii_digit).then(|| d.iter().fold(0, |n, c| n * 10 + u32::from(c - b'0')))
    };
    let sep = |i: usize, c: u8| b.get(i) == Some(&c);
    if !(sep(4, b'-') && sep(7, b'-') && sep(10, b'T') && sep(13, b':') && sep(16, b':')) {
        return None;
    }
    let (y, mo, d, h, mi, se) = (num(0..4)?, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&mo) || d == 0 || d > month_days[mo as usize - 1] || h > 23 || mi > 59 || se > 59 {
        return None;
    }
    let mut i = 19;
    let mut ms = 0;
    if sep(i, b'.') {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 {
            return None;
        }
        ms = num(i + 1..i + 1 + digits.min(3)).unwrap_or(0) * 10u32.pow(3 - digits.min(3) as u32);
        i += 1 + digits;
    }
    let offset: i64 = match b.get(i..) {
        Some(b"Z") => 0,
        Some([sign @ (b'+' | b'-'), _, _, b':', _, _]) => {
            let (oh, om) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let secs = i64::from(oh * 3600 + om * 60);
            if *sign == b'-' {
                -secs
            } else {
                secs
            }
        }
        _ => return None,
    };
    let t = from_civil(i64::from(y), mo, d, h, mi, se) as i64 + i64::from(ms) - offset * 1000;
    u64::try_from(t).ok()
}

/// Go's `time.ParseDuration` (nanoseconds), with its exact error texts.
pub fn parse_duration(orig: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", quote(orig));
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
            return Err(format!("time: missing unit in duration {}", quote(orig)));
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
            _ => return Err(format!("time: unknown unit {} in duration {}", quote(u), quote(orig))),
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
fn quote(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        let t = from_civil(2025, 2, 11, 7, 0, 0);
        assert_eq!(civil(t / 1000), (2025, 2, 11, 7, 0, 0));
        assert_eq!(from_civil(2024, 2, 29, 0, 0, 0) + 86_400_000, from_civil(2024, 3, 1, 0, 0, 0));
        assert_eq!((day_name(t), short_day_name(t), short_month_name(2)), ("Tuesday", "Tue", "Feb"));
        assert_eq!((day_name(0), month_name(12), month_name(13)), ("Thursday", "December", "January"));
    }

    #[test]
    fn layouts() {
        let t = from_civil(2025, 2, 11, 7, 0, 0);
        assert_eq!(rfc3339(t + 5_999), "2025-02-11T07:00:05Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339_nano(t, 0), "2025-02-11T07:00:00Z");
        assert_eq!(rfc3339_nano(t, 123_456_789), "2025-02-11T07:00:00.123456789Z");
        assert_eq!(rfc3339_nano(t + 500, 500_000_000), "2025-02-11T07:00:00.5Z");
        assert_eq!(rfc3339_nano_fixed(t + 500, 500_000_000), "2025-02-11T07:00:00.500000000Z");
        assert_eq!(time_string(t + 1500, 0), "2025-02-11 07:00:01 +0000 UTC");
        assert_eq!(time_string(t, 12_000_001), "2025-02-11 07:00:00.012000001 +0000 UTC");
    }

    #[test]
    fn parsing_rfc3339() {
        let t = from_civil(2025, 2, 11, 7, 0, 0);
        assert_eq!(parse_rfc3339("2025-02-11T07:00:00Z"), Some(t));
        assert_eq!(parse_rfc3339("2025-02-11T07:00:00.25Z"), Some(t + 250));
        assert_eq!(parse_rfc3339("2025-02-11T16:00:00+09:00"), Some(t));
        assert_eq!(parse_rfc3339("2025-02-11T07:00:00"), None);
        assert_eq!(parse_rfc3339("2025-02-30T07:00:00Z"), None);
        assert_eq!(parse_rfc3339("2025-02-11 07:00:00Z"), None);
        assert_eq!(parse_rfc3339("2025-02-11T07:00:00.Z"), None);
        // Simulated time starts at the epoch: earlier times are clamped to it.
        assert_eq!(parse_rfc3339("1969-12-31T23:59:59Z"), Some(0));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h2m3.5s"), Ok(3_723_500_000_000));
        assert_eq!(parse_duration("-.5ms"), Ok(-500_000));
        assert_eq!(parse_duration("1µs"), Ok(1000));
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("."), Err("time: invalid duration \".\"".into()));
        assert_eq!(parse_duration("5"), Err("time: missing unit in duration \"5\"".into()));
        assert_eq!(parse_duration("1é"), Err("time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\"".into()));
    }
}
