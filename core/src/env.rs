//! The simulation's only sources of time and chance, injected by the caller.
//!
//! Core never reads a wall clock or an OS random source: the browser passes `Date.now()` in,
//! tests pass a manual clock, and everything random comes from one seeded generator. The same
//! seed and the same times therefore give byte-identical output.

use serde::{Deserialize, Serialize};

/// A point in simulated time: milliseconds since the Unix epoch (UTC).
pub type SimTime = u64;

/// One second in [`SimTime`] units.
pub const SECOND: SimTime = 1000;

/// A small, fast, seeded pseudo-random generator (SplitMix64).
///
/// Its whole state is one `u64`, so it clones with the engine state and undo restores it too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A generator that always yields the same sequence for the same seed.
    pub fn new(seed: u64) -> Self {
        Rng { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
}

/// Formats a [`SimTime`] as RFC 3339 with nanosecond precision, as the Engine API does
/// (`2025-02-11T07:00:00.000000000Z`).
pub fn rfc3339_nanos(t: SimTime) -> String {
    let (y, mo, d, h, mi, s) = civil(t / 1000);
    let nanos = (t % 1000) * 1_000_000;
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{nanos:09}Z")
}

/// Formats a [`SimTime`] as `2025-02-11 07:00:00 +0000 UTC`, Go's default time format, which
/// `docker images --format '{{.CreatedAt}}'` and friends print.
pub fn go_time(t: SimTime) -> String {
    let (y, mo, d, h, mi, s) = civil(t / 1000);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} +0000 UTC")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips() {
        let t = from_civil(2025, 2, 11, 7, 0, 0);
        assert_eq!(rfc3339_nanos(t), "2025-02-11T07:00:00.000000000Z");
        assert_eq!(go_time(t + 1500), "2025-02-11 07:00:01 +0000 UTC");
        assert_eq!(rfc3339_nanos(0), "1970-01-01T00:00:00.000000000Z");
        assert_eq!(from_civil(2024, 2, 29, 0, 0, 0) + 86_400_000, from_civil(2024, 3, 1, 0, 0, 0));
    }

    #[test]
    fn rng_is_deterministic() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!(a.next_u64(), b.next_u64());
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
        assert_eq!(a.below(0), 0);
    }
}
