//! Transcripts replayed: every `$ ` line of a transcript run on a session, rendered as a
//! terminal would show it. The test harness, `whalelab replay` and the lite-engine test share it.
//!
//! The clock advances one second per command from [`SessionConfig::default`]'s start, so a
//! replay is byte-for-byte repeatable. Lines that don't start with `$ ` are ignored: a
//! transcript that already holds expected output replays as it is. `$ ^C`, `$ ^D` and `$ ^P^Q`
//! send those keys; while a container holds the terminal, the next `$ ` lines go to it, as they
//! would in a terminal. What the site says in its own voice after a line (see
//! [`crate::Note`]) is printed as a `[note] ` line.

use crate::session::Key;
use crate::{Attempt, Session, SessionConfig, SimTime, Transcript, SECOND};

/// How many rounds of loading files one line may take before it runs with what it has (a
/// line needs its repositories, then their base systems, then perhaps a package mirror).
const MAX_LOAD_ROUNDS: usize = 16;

/// The commands of a transcript: every line that starts with `$ `, without the prefix. A
/// line that is only `$` is an empty line typed, as `$ ` is (editors may trim the blank).
pub fn commands(text: &str) -> Vec<&str> {
    text.lines().filter_map(|l| if l == "$" { Some("") } else { l.strip_prefix("$ ") }).collect()
}

/// Replays commands on `session`; when a line needs registry files the session has not
/// loaded, `load` is asked for each (`None`: no such file) and the line runs again.
pub fn replay_with(mut session: Session, commands: &[&str], load: &mut dyn FnMut(&str) -> Option<String>) -> String {
    let config = SessionConfig::default();
    let mut out = String::new();
    for (i, cmd) in commands.iter().enumerate() {
        let now: SimTime = config.start_time + i as u64 * SECOND;
        let t = match Key::from_transcript(cmd) {
            Some(key) => session.key(key, now),
            None => run(&mut session, cmd, now, load),
        };
        out.push_str("$ ");
        out.push_str(cmd);
        out.push('\n');
        render(&t, &mut out);
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

/// Runs one line, loading what it needs first.
pub fn run(
    session: &mut Session,
    line: &str,
    now: SimTime,
    load: &mut dyn FnMut(&str) -> Option<String>,
) -> Transcript {
    for _ in 0..MAX_LOAD_ROUNDS {
        match session.attempt_line(line, now) {
            Attempt::Done(t) => return t,
            Attempt::NeedsFiles(files) => {
                for f in files {
                    let text = load(&f);
                    let _ = session.load_catalogue_file(&f, text.as_deref());
                }
            }
        }
    }
    session.run_line(line, now)
}

fn render(t: &Transcript, out: &mut String) {
    for l in &t.lines {
        out.push_str(&l.text);
        out.push('\n');
    }
    for n in &t.notes {
        out.push_str("[note] ");
        out.push_str(&n.korean());
        out.push('\n');
    }
    if t.exit_code != 0 {
        out.push_str(&format!("[exit {}]\n", t.exit_code));
    }
}
