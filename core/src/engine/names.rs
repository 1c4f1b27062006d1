//! Generated container names (`adjective_surname`) and the rules a `--name` must follow.
//!
//! Our own word lists: lively adjectives and the surnames of scientists and engineers,
//! Korean ones among them. Picks come from the engine's seeded generator.

use crate::env::Rng;

const ADJECTIVES: &[&str] = &[
    "agile", "bold", "brave", "bright", "calm", "careful", "cheerful", "clever", "cosmic", "curious", "daring",
    "eager", "earnest", "elated", "fearless", "festive", "friendly", "gentle", "glad", "graceful", "happy", "hardy",
    "honest", "hopeful", "humble", "jolly", "keen", "kind", "lively", "loyal", "lucid", "merry", "mighty", "modest",
    "nimble", "noble", "patient", "peaceful", "playful", "polite", "proud", "quick", "quiet", "radiant", "ready",
    "serene", "sharp", "shiny", "sincere", "smart", "snappy", "steady", "sunny", "swift", "tender", "tidy", "upbeat",
    "vivid", "warm", "wise", "witty", "zealous",
];

const SURNAMES: &[&str] = &[
    "babbage", "bardeen", "bohr", "boole", "cerf", "choi", "curie", "darwin", "dijkstra", "edison", "euler", "faraday",
    "fermi", "feynman", "franklin", "galileo", "gauss", "goodall", "heo", "hopper", "hwang", "jang", "jeong", "kahn",
    "kepler", "kim", "knuth", "lamarr", "lee", "liskov", "lovelace", "maxwell", "meitner", "mendel", "newton",
    "noether", "pascal", "pasteur", "planck", "ritchie", "sagan", "sejong", "shannon", "thompson", "torvalds",
    "turing", "volta", "wozniak", "yoon",
];

/// A fresh `adjective_surname` that `taken` rejects, adding a digit on collision as
/// docker does.
pub fn generate(rng: &mut Rng, taken: impl Fn(&str) -> bool) -> String {
    for attempt in 0..1000u64 {
        let a = ADJECTIVES[rng.below(ADJECTIVES.len() as u64) as usize];
        let s = SURNAMES[rng.below(SURNAMES.len() as u64) as usize];
        let name = if attempt < 10 { format!("{a}_{s}") } else { format!("{a}_{s}{}", rng.below(10)) };
        if !taken(&name) {
            return name;
        }
    }
    format!("container_{}", rng.next_u64())
}

/// Whether a user-given name is valid: `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (a leading `/` allowed).
pub fn is_valid(name: &str) -> bool {
    let n = name.strip_prefix('/').unwrap_or(name);
    let b = n.as_bytes();
    b.len() >= 2
        && b[0].is_ascii_alphanumeric()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.' || *c == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_docker_rules() {
        let mut rng = Rng::new(3);
        let n = generate(&mut rng, |_| false);
        assert!(n.contains('_') && is_valid(&n));
        assert!(is_valid("apa000ex1") && is_valid("/web") && is_valid("my.web-1"));
        assert!(!is_valid("a") && !is_valid("-web") && !is_valid("웹") && !is_valid("a b"));
    }
}
