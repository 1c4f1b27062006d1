//! docker/go-units: durations and sizes in docker's words (`Less than a second`, `About a
//! minute`, `3 weeks`, `221MB`, `7.655GiB`: `HumanDuration`, `HumanSizeWithPrecision`,
//! `BytesSize`) and the sizes docker's flags read (`RAMInBytes`).

use super::strconv::quote;
use crate::env::SimTime;

/// go-units `HumanDuration`: the phrase docker puts before ` ago` and after `Up `.
pub fn duration(ms: SimTime) -> String {
    let seconds = ms / 1000;
    let minutes = seconds / 60;
    // Hours are rounded to the nearest hour, as Go's d.Round(time.Hour) does.
    let hours = (ms + 1_800_000) / 3_600_000;
    if seconds < 1 {
        "Less than a second".to_string()
    } else if seconds == 1 {
        "1 second".to_string()
    } else if seconds < 60 {
        format!("{seconds} seconds")
    } else if minutes == 1 {
        "About a minute".to_string()
    } else if minutes < 60 {
        format!("{minutes} minutes")
    } else if hours == 1 {
        "About an hour".to_string()
    } else if hours < 48 {
        format!("{hours} hours")
    } else if hours < 24 * 7 * 2 {
        format!("{} days", hours / 24)
    } else if hours < 24 * 30 * 2 {
        format!("{} weeks", hours / 24 / 7)
    } else if hours < 24 * 365 * 2 {
        format!("{} months", hours / 24 / 30)
    } else {
        format!("{} years", ms / 3_600_000 / 24 / 365)
    }
}

/// `duration` + ` ago`, as the CREATED columns print it.
pub fn ago(ms: SimTime) -> String {
    format!("{} ago", duration(ms))
}

/// go-units `HumanSizeWithPrecision(size, 3)`: decimal units, three significant digits.
pub fn size(bytes: u64) -> String {
    size_with_precision(bytes as f64, 3)
}

/// Size with `precision` significant digits (`%.*g` then the unit, no space).
pub fn size_with_precision(mut v: f64, precision: usize) -> String {
    const UNITS: [&str; 9] = ["B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"];
    let mut i = 0;
    while v >= 1000.0 && i < UNITS.len() - 1 {
        v /= 1000.0;
        i += 1;
    }
    format!("{}{}", format_g(v, precision), UNITS[i])
}

/// go-units `BytesSize`: binary units, four significant digits (`7.655GiB`, `4.359MiB`).
pub fn bytes_size(mut v: f64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    format!("{}{}", format_g(v, 4), UNITS[i])
}

/// Go's `%.*g` for non-negative values below 1000 (no exponent needed there).
fn format_g(v: f64, precision: usize) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let digits_before = if v >= 1.0 { (v.log10().floor() as i64 + 1).max(1) as usize } else { 1 };
    let decimals = precision.saturating_sub(digits_before);
    let mut s = format!("{v:.decimals$}");
    // Rounding may add a digit (999.5 → "1000"); %g would switch precision, close enough.
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

/// go-units `RAMInBytes` (v0.5.0): a number, an optional space, and `b`, `k`, `kb`, `kib`
/// ... `p` in any case, powers of 1024.
pub fn ram_in_bytes(size: &str) -> Result<i64, String> {
    let invalid = || format!("invalid size: '{size}'");
    let Some(sep) = size.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        return Err(invalid());
    };
    let (num, sfx) =
        if size.as_bytes()[sep] == b' ' { (&size[..sep], &size[sep + 1..]) } else { (&size[..=sep], &size[sep + 1..]) };
    let n: f64 = match num.parse::<f64>() {
        Ok(n) if n.is_finite() => n,
        Ok(_) => return Err(format!("strconv.ParseFloat: parsing {}: value out of range", quote(num))),
        Err(_) => return Err(format!("strconv.ParseFloat: parsing {}: invalid syntax", quote(num))),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_match_go_units() {
        assert_eq!(duration(500), "Less than a second");
        assert_eq!(duration(1000), "1 second");
        assert_eq!(duration(12_000), "12 seconds");
        assert_eq!(duration(60_000), "About a minute");
        assert_eq!(duration(119_000), "About a minute");
        assert_eq!(duration(180_000), "3 minutes");
        assert_eq!(duration(3_600_000), "About an hour");
        assert_eq!(duration(5_400_000), "2 hours");
        assert_eq!(duration(3 * 86_400_000), "3 days");
        assert_eq!(duration(28 * 86_400_000), "4 weeks");
        assert_eq!(duration(120 * 86_400_000), "4 months");
        assert_eq!(duration(800 * 86_400_000), "2 years");
        assert_eq!(ago(12_000), "12 seconds ago");
    }

    #[test]
    fn sizes_match_go_units() {
        assert_eq!(size(221_000_000), "221MB");
        assert_eq!(size(77_860_000), "77.9MB");
        assert_eq!(size(4_430_000), "4.43MB");
        assert_eq!(size(13_256), "13.3kB");
        assert_eq!(size(0), "0B");
        assert_eq!(size(999), "999B");
        assert_eq!(size(1_000_000_000), "1GB");
        assert_eq!(size(2048), "2.05kB");
        assert_eq!(size(10_240), "10.2kB");
        assert_eq!(bytes_size(8_219_348_992.0), "7.655GiB");
        assert_eq!(bytes_size(4_571_136.0), "4.359MiB");
        assert_eq!(bytes_size(0.0), "0B");
    }

    #[test]
    fn ram_in_bytes_reads_what_go_units_reads() {
        assert_eq!(ram_in_bytes("1.5 KiB"), Ok(1536));
        assert_eq!(ram_in_bytes("10b"), Ok(10));
        assert_eq!(ram_in_bytes("1kbb"), Err("invalid suffix: 'kbb'".into()));
        assert_eq!(ram_in_bytes("1.2.3"), Err("strconv.ParseFloat: parsing \"1.2.3\": invalid syntax".into()));
    }
}
