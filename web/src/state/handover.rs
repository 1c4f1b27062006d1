//! The hand-over to the full engine. The page first loads a wasm whose engine has no
//! `docker build`, no compose and no jq (core without its `full` feature): a smaller download
//! before the terminal is usable. A line that needs one of them parks exactly like a line
//! that waits for registry files, naming [`FULL_ENGINE`] instead of a file; the app then saves
//! the machine, loads the second wasm (the same app with everything), which restores the
//! machines from storage, takes the page over from this one and runs what was parked.
//!
//! What crosses from one wasm to the other: the storage (the machines' logs, the history, the
//! progress), the [`Handed`] items (the parked action and those queued behind it) and the
//! terminal's screen ([`encode_screen`]), so the learner goes on where they were. Pure.

use whalelab_core::course::Source;
use whalelab_core::{Line, Stream, FULL_ENGINE};

use super::machine::{escape, unescape};
use super::registry::Registry;
use super::terminal::{Entry, Note, NoteKind, Scrollback};
use super::AppAction;

/// Something the second wasm does once it has taken the page over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handed {
    /// Run a line, as it came (typed, a lesson's ▶, a solution's ▶).
    Command {
        /// The line.
        line: String,
        /// Where it came from (an exercise counts a ▶ as help).
        source: Source,
    },
    /// Start the exercise with this id ("이 문제 시작하기").
    Exercise(String),
}

impl Registry {
    /// Whether the parked action waits for the full engine.
    pub fn needs_full_engine(&self) -> bool {
        self.awaiting.as_ref().is_some_and(|a| a.files.iter().any(|f| f == FULL_ENGINE))
    }

    /// What the full engine is to do once it has the page: the parked action, then the ones
    /// queued behind it. Actions it redoes on its own (restoring the routed machine, a share
    /// link's commands, which are in the address) and those that only move between machines
    /// are not handed.
    pub fn handed(&self) -> Vec<Handed> {
        let parked = self.awaiting.iter().map(|a| a.action.as_ref());
        parked
            .chain(&self.queued)
            .filter_map(|action| match action {
                AppAction::Submit { line, source, .. } => Some(Handed::Command { line: line.clone(), source: *source }),
                AppAction::StartExercise { exercise, .. } => Some(Handed::Exercise(exercise.id.clone())),
                _ => None,
            })
            .collect()
    }
}

/// A source's name in the hand-over (the queue the page's head script keeps holds ▶ commands
/// as plain strings; these are the other items).
pub fn source_name(source: Source) -> &'static str {
    match source {
        Source::Typed => "typed",
        Source::Lesson => "lesson",
        Source::Solution => "solution",
    }
}

/// The source a name stands for; anything else counts as a lesson's ▶ (the head script's).
pub fn source_named(name: &str) -> Source {
    match name {
        "typed" => Source::Typed,
        "solution" => Source::Solution,
        _ => Source::Lesson,
    }
}

/// First line of a handed-over screen (bump the number when the format changes).
const SCREEN_HEADER: &str = "whalelab-screen v1";

/// The open machine's key and its terminal as text, for the second wasm to show the same
/// screen (a restored machine otherwise starts on an empty one): `K key`, then per entry
/// `E echo exit prompt command`, its output lines `O o|e text` and its note `N kind text`,
/// every field escaped as the machines' logs are.
pub fn encode_screen(key: &str, scrollback: &Scrollback) -> String {
    let mut text = format!("{SCREEN_HEADER}\nK {}", escape(key, true));
    for entry in scrollback.entries() {
        let (prompt, command) = (escape(&entry.prompt, true), escape(&entry.command, true));
        text.push_str(&format!("\nE {} {} {prompt} {command}", u8::from(entry.echo), entry.exit_code));
        for line in &entry.output {
            let stream = if line.stream == Stream::Stderr { 'e' } else { 'o' };
            text.push_str(&format!("\nO {stream} {}", escape(&line.text, true)));
        }
        if let Some(note) = &entry.note {
            text.push_str(&format!("\nN {} {}", note_name(note.kind), escape(&note.text, true)));
        }
    }
    text
}

/// Reads [`encode_screen`]'s text back: the machine's key and its screen, or `None` for
/// anything else (then the second wasm shows the machine as a reload would).
pub fn decode_screen(text: &str) -> Option<(String, Scrollback)> {
    let mut lines = text.split('\n');
    if lines.next() != Some(SCREEN_HEADER) {
        return None;
    }
    let key = unescape(lines.next()?.strip_prefix("K ")?).ok()?;
    let mut entries: Vec<Entry> = Vec::new();
    for line in lines {
        let (tag, rest) = line.split_once(' ')?;
        let mut fields = rest.split(' ');
        let mut field = || unescape(fields.next()?).ok();
        match tag {
            "E" => {
                let echo = field()? == "1";
                let exit_code = field()?.parse().ok()?;
                let (prompt, command) = (field()?, field()?);
                let (output, pulls, builds, note) = (Vec::new(), Vec::new(), Vec::new(), None);
                entries.push(Entry { id: 0, prompt, command, output, exit_code, echo, pulls, builds, note });
            }
            "O" => {
                let stream = if field()? == "e" { Stream::Stderr } else { Stream::Stdout };
                entries.last_mut()?.output.push(Line { stream, text: field()? });
            }
            "N" => {
                let kind = note_named(&field()?)?;
                entries.last_mut()?.note = Some(Note { kind, text: field()? });
            }
            _ => return None,
        }
    }
    let mut scrollback = Scrollback::default();
    for entry in entries {
        scrollback.push_shown(entry);
    }
    Some((key, scrollback))
}

const NOTE_NAMES: [(NoteKind, &str); 6] = [
    (NoteKind::Suggestion, "suggestion"),
    (NoteKind::Undo, "undo"),
    (NoteKind::Start, "start"),
    (NoteKind::Machine, "machine"),
    (NoteKind::Solved, "solved"),
    (NoteKind::Catalogue, "catalogue"),
];

fn note_name(kind: NoteKind) -> &'static str {
    NOTE_NAMES.iter().find(|(k, _)| *k == kind).map_or("machine", |(_, name)| name)
}

fn note_named(name: &str) -> Option<NoteKind> {
    NOTE_NAMES.iter().find(|(_, n)| *n == name).map(|(kind, _)| *kind)
}
