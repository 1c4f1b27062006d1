//! `whalelab replay FILE`: runs every `$ ` line of a transcript on a fresh engine with the
//! shipped practice registry and prints what a terminal would show (core's
//! [`whalelab_core::replay`] does the replaying).

use whalelab_core::{Catalogue, Session, SessionConfig};

pub use whalelab_core::replay::{commands, replay_with, run};

/// Replays commands on the default registry (see [`crate::catalogue::default`]) and renders
/// the result: `$ LINE`, its output, its notes, and `[exit N]` after a non-zero status. Every
/// line ends with `\n`.
pub fn replay(commands: &[&str]) -> String {
    let catalogue = crate::catalogue::default().unwrap_or_else(|e| {
        eprintln!("whalelab: {e}");
        Catalogue::default()
    });
    replay_with(Session::with_catalogue(SessionConfig::default(), catalogue), commands, &mut |_| None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_only_dollar_lines() {
        let text = "# a comment\n$ docker ps\nCONTAINER ID ...\n$ foo\n";
        assert_eq!(commands(text), vec!["docker ps", "foo"]);
        let out = replay(&commands(text));
        assert!(out.starts_with("$ docker ps\nCONTAINER ID   IMAGE"));
        assert!(out.ends_with("$ foo\nbash: foo: command not found\n[exit 127]\n"));
    }
}
