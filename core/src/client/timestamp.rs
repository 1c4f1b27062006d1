//! docker's `--since`/`--until` values: durations (`10m`, `1h30m`), RFC 3339 dates and
//! times, and Unix timestamps, as moby's `api/types/time.GetTimestamp` reads them.
//!
//! Pure parsing: the caller passes the current simulated time.

use crate::env::SimTime;
use crate::go::time::{from_civil, parse_duration};

/// A `--since`/`--until` value as an absolute simulated time (milliseconds), or docker's
/// error text.
pub fn get_timestamp(value: &str, now: SimTime) -> Result<SimTime, String> {
    if value != "0" {
        if let Ok(ns) = parse_duration(value) {
            let t = now as i128 - i128::from(ns) / 1_000_000;
            return Ok(t.max(0) as u64);
        }
    }
    if let Some(t) = parse_date_time(value) {
        return Ok(t);
    }
    if value.contains('-') {
        return Err(format!(
            "parsing time {}: cannot parse {} as \"2006\"",
            crate::go::strconv::quote(value),
            crate::go::strconv::quote(value)
        ));
    }
    let (secs, frac) = value.split_once('.').unwrap_or((value, ""));
    match (secs.parse::<i64>(), frac.is_empty() || frac.bytes().all(|b| b.is_ascii_digit())) {
        (Ok(s), true) => {
            let ms = frac.get(..3.min(frac.len())).map(|f| format!("{f:0<3}").parse::<u64>().unwrap_or(0)).unwrap_or(0);
            Ok((s.max(0) as u64) * 1000 + ms)
        }
        _ => Err(format!("failed to parse value as time or duration: {}", crate::go::strconv::quote(value))),
    }
}

/// `2025-02-11`, `2025-02-11T07:00`, `2025-02-11T07:00:00`, `...Z`, `...+09:00`, with
/// optional fractional seconds. The simulated machine's zone is UTC.
fn parse_date_time(s: &str) -> Option<SimTime> {
    let num = |t: &str| -> Option<u32> {
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        t.parse().ok()
    };
    let (body, offset_secs) = if let Some(b) = s.strip_suffix(['Z', 'z']) {
        (b, 0i64)
    } else if let Some(i) = s.rfind(['+', '-']).filter(|i| *i > 10) {
        let (b, off) = s.split_at(i);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (h, m) = off[1..].split_once(':')?;
        (b, sign * (num(h)? as i64 * 3600 + num(m)? as i64 * 60))
    } else {
        (s, 0)
    };
    let (date, time) = match body.split_once('T') {
        Some((d, t)) => (d, t),
        None => (body, ""),
    };
    let mut d = date.split('-');
    let (y, mo, da) = (num(d.next()?)?, num(d.next()?)?, num(d.next()?)?);
    if d.next().is_some() || !(1..=12).contains(&mo) || !(1..=31).contains(&da) {
        return None;
    }
    let (time, frac) = time.split_once('.').unwrap_or((time, ""));
    let mut parts = time.split(':');
    let h = parts.next().filter(|p| !p.is_empty()).map(num).unwrap_or(Some(0))?;
    let mi = parts.next().map(num).unwrap_or(Some(0))?;
    let se = parts.next().map(num).unwrap_or(Some(0))?;
    if h > 23 || mi > 59 || se > 60 {
        return None;
    }
    let ms = if frac.is_empty() { 0 } else { format!("{:0<3}", frac.get(..3.min(frac.len()))?).parse::<u64>().ok()? };
    let t = from_civil(y as i64, mo, da, h, mi, se) as i64 + ms as i64 - offset_secs * 1000;
    Some(t.max(0) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_dates() {
        let now = from_civil(2025, 2, 11, 7, 0, 0);
        assert_eq!(get_timestamp("10m", now), Ok(now - 600_000));
        assert_eq!(get_timestamp("1h30m", now), Ok(now - 5_400_000));
        assert_eq!(get_timestamp("2025-02-11", now), Ok(from_civil(2025, 2, 11, 0, 0, 0)));
        assert_eq!(get_timestamp("2025-02-11T06:59:00Z", now), Ok(now - 60_000));
        assert_eq!(get_timestamp("2025-02-11T15:00:00+09:00", now), Ok(now - 60 * 60_000));
        assert_eq!(get_timestamp("1739257200", now), Ok(1_739_257_200_000));
        assert_eq!(get_timestamp("foo", now), Err("failed to parse value as time or duration: \"foo\"".to_string()));
        assert_eq!(get_timestamp("1.5s", now), Ok(now - 1_500));
        assert_eq!(get_timestamp("-1h", now), Ok(now + 3_600_000));
    }
}
