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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rng_is_deterministic() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        assert_eq!(a.next_u64(), b.next_u64());
        assert_ne!(Rng::new(1).next_u64(), Rng::new(2).next_u64());
        assert_eq!(a.below(0), 0);
    }
}
