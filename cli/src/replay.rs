//! `whalelab replay FILE`: runs every `$ ` line of a transcript on a fresh engine and prints
//! what a terminal would show.
//!
//! The engine starts with [`SessionConfig::default`] (fixed seed, fixed start time) and
//! the clock advances one second per command, so a replay is byte-for-byte repeatable.
//! Lines that don't start with `$ ` are ignored: a transcript that already holds expected
//! output replays as it is. `$ ^C`, `$ ^D` and `$ ^P^Q` send those keys; while a container
//! holds the terminal, the next `$ ` lines go to it, as they would in a terminal.

use whalelab_core::session::Key;
use whalelab_core::{env::SECOND, Session, SessionConfig, SimTime};

/// The commands of a transcript: every line that starts with `$ `, without the prefix. A
/// line that is only `$` is an empty line typed, as `$ ` is (editors may trim the blank).
pub fn commands(text: &str) -> Vec<&str> {
    text.lines().filter_map(|l| if l == "$" { Some("") } else { l.strip_prefix("$ ") }).collect()
}

/// Replays commands and renders the result: `$ LINE`, its output, and `[exit N]` after a
/// non-zero status. Every line ends with `\n`.
pub fn replay(commands: &[&str]) -> String {
    let config = SessionConfig::default();
    let mut session = Session::new(config);
    let mut out = String::new();
    for (i, cmd) in commands.iter().enumerate() {
        let now: SimTime = config.start_time + i as u64 * SECOND;
        let t = match Key::from_transcript(cmd) {
            Some(key) => session.key(key, now),
            None => session.run_line(cmd, now),
        };
        out.push_str("$ ");
        out.push_str(cmd);
        out.push('\n');
        for l in &t.lines {
            out.push_str(&l.text);
            out.push('\n');
        }
        if t.exit_code != 0 {
            out.push_str(&format!("[exit {}]\n", t.exit_code));
        }
    }
    // The file ends: a command still waiting for its `done` gets bash's end-of-file error.
    if let Some(t) = session.end_of_input() {
        for l in &t.lines {
            out.push_str(&l.text);
            out.push('\n');
        }
        out.push_str(&format!("[exit {}]\n", t.exit_code));
    }
    out
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
