//! The terminal's model: scrollback (what is on screen), the ↑/↓ history cursor, and the
//! input line's requested value.
//!
//! Pure data and small transitions, no Yew and no DOM, so the reducer can use them and tests
//! can check them natively. It must not run commands (that is the reducer's job with core).

use std::rc::Rc;

use whalelab_core::BuildAnimation;
use whalelab_core::Line;
use whalelab_core::PullAnimation;

/// The longest a build's view is played back: a long build (a `RUN apt-get install`) is drawn
/// faster than it ran, so the learner sees it proceed without waiting for it.
pub const BUILD_PLAY_MS: u64 = 3_000;

/// How many lines the scrollback keeps before dropping the oldest commands; enough for a
/// long session (issue #5 asks for ≥ 10,000) while keeping the DOM bounded.
pub const MAX_SCROLLBACK_LINES: usize = 10_000;

/// One command as the terminal shows it: the echoed prompt line and everything it printed.
///
/// Shared behind an `Rc` so a new scrollback costs pointer copies and unchanged entries are
/// skipped by Yew's diff (`Rc` equality checks the pointer first for `Eq` types).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Stable key for the view, unique within a session.
    pub id: u64,
    /// The prompt shown before the command (`$ `).
    pub prompt: String,
    /// The command as typed.
    pub command: String,
    /// Its output lines, stdout and stderr interleaved as printed.
    pub output: Vec<Line>,
    /// Its exit status.
    pub exit_code: i32,
    /// Whether the prompt line is shown: not after `clear`, which wipes it with the screen.
    pub echo: bool,
    /// Pulls whose layer lines (indexes into `output`) the view animates once, when the
    /// entry first appears.
    pub pulls: Vec<PullAnimation>,
    /// Builds whose TTY view (`[+] Building`) the view draws as it proceeds, the same way.
    pub builds: Vec<BuildAnimation>,
    /// A line in the site's own voice after the output (Korean, styled apart from the
    /// terminal's text): a suggestion, or a marker of what the page did to the machine.
    pub note: Option<Note>,
}

impl Entry {
    /// Lines this entry takes on screen (the command line, its output and its note).
    pub fn line_count(&self) -> usize {
        usize::from(self.echo) + self.output.len() + usize::from(self.note.is_some())
    }

    fn new(id: u64, prompt: String, command: String, output: Vec<Line>, exit_code: i32, echo: bool) -> Self {
        Entry { id, prompt, command, output, exit_code, echo, pulls: Vec::new(), builds: Vec::new(), note: None }
    }

    /// How long its animations play, one after another (ms); 0 when it has none.
    pub fn animation_ms(&self) -> u64 {
        self.animations().iter().map(Animation::play_ms).sum()
    }

    /// What its animations show `t` ms after it appeared: the index of the first animated line
    /// and the lines drawn there now (the output after them is not shown yet); `None` once
    /// every animation is over (the output is then shown as it is). Pulls and builds play one
    /// after another in the order they were printed.
    pub fn frame_at(&self, t: u64) -> Option<(usize, Vec<String>)> {
        let mut start = 0;
        for a in &self.animations() {
            let end = start + a.play_ms();
            if t < end {
                return Some(a.frame(t - start));
            }
            start = end;
        }
        None
    }

    fn animations(&self) -> Vec<Animation<'_>> {
        let mut all: Vec<Animation<'_>> =
            self.pulls.iter().map(Animation::Pull).chain(self.builds.iter().map(Animation::Build)).collect();
        // In the order printed (`docker build . && docker pull x` is the rare other one).
        if matches!((self.pulls.first(), self.builds.first()), (Some(p), Some(b)) if b.first_line < p.first_line) {
            all.rotate_left(self.pulls.len());
        }
        all
    }
}

/// One animated part of an entry's output.
enum Animation<'a> {
    Pull(&'a PullAnimation),
    Build(&'a BuildAnimation),
}

impl Animation<'_> {
    /// How long it plays.
    fn play_ms(&self) -> u64 {
        match self {
            Animation::Pull(p) => p.duration_ms(),
            Animation::Build(b) => build_end(b).min(BUILD_PLAY_MS),
        }
    }

    /// Its first line and its lines `t` ms into its playback.
    fn frame(&self, t: u64) -> (usize, Vec<String>) {
        match self {
            Animation::Pull(p) => (p.first_line, p.frame(t)),
            Animation::Build(b) => {
                let end = build_end(b);
                // Where the build was at this moment of the (possibly faster) playback.
                let at = if end > BUILD_PLAY_MS { t * end / BUILD_PLAY_MS } else { t };
                let screen = b.frames.iter().take_while(|(ms, _)| *ms <= at).last().or(b.frames.first());
                (b.first_line, screen.map(|(_, lines)| lines.clone()).unwrap_or_default())
            }
        }
    }
}

/// When a build's last screen is drawn (ms after its start).
fn build_end(b: &BuildAnimation) -> u64 {
    b.frames.last().map_or(0, |(ms, _)| *ms)
}

/// What kind of note the site adds to the scrollback (the view styles each).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    /// "혹시 `docker run` 명령을 입력하려던 건가요?" after docker's unknown-command error.
    Suggestion,
    /// Undo or redo moved the machine.
    Undo,
    /// An exercise started: the machine was replaced and its setup runs next.
    Start,
    /// The machine was replaced by a fresh one, or restored from a saved visit.
    Machine,
    /// An exercise was solved.
    Solved,
    /// A pull asked for an image the practice registry does not hold (after docker's error).
    Catalogue,
}

/// A note in the site's voice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// Which kind.
    pub kind: NoteKind,
    /// The Korean text.
    pub text: String,
}

/// What is on screen, oldest first.
#[derive(Clone, Debug, Default)]
pub struct Scrollback {
    entries: Vec<Rc<Entry>>,
    lines: usize,
    next_id: u64,
}

/// Equal when it shows the same entries: they are shared and replaced, never changed in
/// place once shown, so identity is enough (and cheap after every command).
impl PartialEq for Scrollback {
    fn eq(&self, other: &Self) -> bool {
        self.lines == other.lines
            && self.next_id == other.next_id
            && self.entries.len() == other.entries.len()
            && self.entries.iter().zip(&other.entries).all(|(a, b)| Rc::ptr_eq(a, b))
    }
}

impl Scrollback {
    /// The entries on screen, oldest first.
    pub fn entries(&self) -> &[Rc<Entry>] {
        &self.entries
    }

    /// How many lines are on screen.
    pub fn line_count(&self) -> usize {
        self.lines
    }

    /// Appends a command (echoed after its prompt) and its output, dropping the oldest
    /// commands beyond [`MAX_SCROLLBACK_LINES`] (the newest one always stays, however long).
    pub fn push(&mut self, prompt: String, command: String, output: Vec<Line>, exit_code: i32) {
        self.push_entry(Entry::new(self.next_id, prompt, command, output, exit_code, true));
    }

    /// Appends an entry as another screen showed it (the one the first wasm hands over); it
    /// gets this scrollback's next id.
    pub fn push_shown(&mut self, entry: Entry) {
        self.push_entry(Entry { id: self.next_id, ..entry });
    }

    /// Appends a note of the site's on a line of its own.
    pub fn push_note(&mut self, kind: NoteKind, text: String) {
        let mut entry = Entry::new(self.next_id, String::new(), String::new(), Vec::new(), 0, false);
        entry.note = Some(Note { kind, text });
        self.push_entry(entry);
    }

    /// Adds a note under the newest entry's output (a suggestion about that command).
    pub fn attach_note(&mut self, kind: NoteKind, text: String) {
        if let Some(last) = self.entries.last_mut() {
            let entry = Rc::make_mut(last);
            if entry.note.is_none() {
                self.lines += 1;
            }
            entry.note = Some(Note { kind, text });
        }
    }

    /// The newest entry, if any.
    pub fn last(&self) -> Option<&Rc<Entry>> {
        self.entries.last()
    }

    /// Clears the screen and shows only `output`: what a line that ran `clear` leaves behind
    /// (`clear; docker ps` shows just the table).
    pub fn clear_then(&mut self, prompt: String, command: String, output: Vec<Line>, exit_code: i32) {
        self.clear();
        if !output.is_empty() {
            self.push_entry(Entry::new(self.next_id, prompt, command, output, exit_code, false));
        }
    }

    /// Marks the newest entry's pull lines and build views for animation (core's
    /// `Transcript::pulls` and `Transcript::builds`).
    pub fn attach_animations(&mut self, pulls: Vec<PullAnimation>, builds: Vec<BuildAnimation>) {
        if let (false, Some(last)) = (pulls.is_empty() && builds.is_empty(), self.entries.last_mut()) {
            let entry = Rc::make_mut(last);
            entry.pulls = pulls;
            entry.builds = builds;
        }
    }

    /// Appends output with no prompt line: what a container holding the terminal prints,
    /// or `^C` typed while it does.
    pub fn push_output(&mut self, output: Vec<Line>, exit_code: i32) {
        if !output.is_empty() {
            self.push_entry(Entry::new(self.next_id, String::new(), String::new(), output, exit_code, false));
        }
    }

    fn push_entry(&mut self, entry: Entry) {
        self.next_id += 1;
        self.lines += entry.line_count();
        self.entries.push(Rc::new(entry));
        let mut drop = 0;
        while self.lines > MAX_SCROLLBACK_LINES && drop + 1 < self.entries.len() {
            self.lines -= self.entries[drop].line_count();
            drop += 1;
        }
        self.entries.drain(..drop);
    }

    /// Clears the screen (Ctrl+L, `clear`); ids keep counting so keys stay unique.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.lines = 0;
    }
}

/// Where ↑/↓ currently points in the shell's history, like readline's cursor.
///
/// The list itself is the session's (`Session::history`, bash's `ignoreboth` rules), so ↑
/// shows exactly what the `history` builtin lists; this only remembers the position and the
/// unfinished line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryCursor {
    /// `None` while editing a new line; `Some(i)` while showing `entries[i]`.
    cursor: Option<usize>,
    /// The unfinished line saved when ↑ was first pressed, given back by ↓ at the end.
    draft: String,
}

impl HistoryCursor {
    /// Back to editing a new line (after a command ran).
    pub fn reset(&mut self) {
        self.cursor = None;
        self.draft.clear();
    }

    /// ↑: the previous command, or `None` when there is nothing older (the input stays).
    /// `current` is what the input holds now; it is kept as the draft on the first step.
    pub fn back(&mut self, entries: &[String], current: &str) -> Option<String> {
        let target = match self.cursor {
            None => {
                let last = entries.len().checked_sub(1)?;
                self.draft = current.to_string();
                last
            }
            // `min` guards against a history that shrank (`history -c`) under the cursor.
            Some(i) => i.min(entries.len()).checked_sub(1)?,
        };
        self.cursor = Some(target);
        entries.get(target).cloned()
    }

    /// ↓: the next newer command, then the saved draft; `None` when already editing a new line.
    pub fn forward(&mut self, entries: &[String]) -> Option<String> {
        let i = self.cursor?;
        if i + 1 < entries.len() {
            self.cursor = Some(i + 1);
            entries.get(i + 1).cloned()
        } else {
            self.cursor = None;
            Some(std::mem::take(&mut self.draft))
        }
    }
}

/// A value the input line should take, e.g. after ↑. The view applies it when `seq` changes,
/// so repeating the same text (↑ at the oldest entry) does not fight the user's typing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputRequest {
    /// The text to show.
    pub text: String,
    /// Bumped on every request.
    pub seq: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use whalelab_core::Stream;

    fn out(n: usize) -> Vec<Line> {
        (0..n).map(|i| Line { stream: Stream::Stdout, text: i.to_string() }).collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn history_walks_back_and_forth_and_restores_the_draft() {
        let mut h = HistoryCursor::default();
        assert_eq!(h.back(&[], "x"), None, "empty history leaves the input alone");
        let entries = ["docker ps".to_string(), "docker images".to_string()];
        assert_eq!(h.back(&entries, "dock").as_deref(), Some("docker images"));
        assert_eq!(h.back(&entries, "docker images").as_deref(), Some("docker ps"));
        assert_eq!(h.back(&entries, "docker ps"), None, "stops at the oldest");
        assert_eq!(h.forward(&entries).as_deref(), Some("docker images"));
        assert_eq!(h.forward(&entries).as_deref(), Some("dock"), "the draft comes back");
        assert_eq!(h.forward(&entries), None);
        h.back(&entries, "");
        h.reset();
        assert_eq!(h.back(&entries, "").as_deref(), Some("docker images"), "reset starts from the newest");
        h.back(&entries, "");
        assert_eq!(h.back(&entries[..0], ""), None, "a cleared history under the cursor is harmless");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn scrollback_is_capped_but_keeps_the_newest_entry() {
        let mut s = Scrollback::default();
        s.push("$ ".into(), "a".into(), out(MAX_SCROLLBACK_LINES - 1), 0);
        assert_eq!(s.line_count(), MAX_SCROLLBACK_LINES);
        s.push("$ ".into(), "b".into(), out(1), 0);
        assert_eq!(s.entries().len(), 1);
        assert_eq!(s.entries()[0].command, "b");
        assert_eq!(s.line_count(), 2);
        s.push("$ ".into(), "huge".into(), out(MAX_SCROLLBACK_LINES * 2), 0);
        assert_eq!(s.entries().len(), 1);
        assert_eq!(s.entries()[0].command, "huge");
        let id = s.entries()[0].id;
        s.clear();
        assert_eq!(s.line_count(), 0);
        s.push("$ ".into(), "c".into(), vec![], 0);
        assert!(s.entries()[0].id > id, "keys stay unique after a clear");
        s.clear_then("$ ".into(), "clear; docker ps -q".into(), out(2), 0);
        assert_eq!((s.entries().len(), s.line_count()), (1, 2), "no prompt line after clear");
        s.clear_then("$ ".into(), "clear".into(), vec![], 0);
        assert!(s.entries().is_empty());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn notes_take_a_line_of_their_own_or_follow_the_output() {
        let mut s = Scrollback::default();
        s.push("$ ".into(), "docker rnu".into(), out(3), 1);
        s.attach_note(NoteKind::Suggestion, "혹시".into());
        s.attach_note(NoteKind::Suggestion, "혹시 다시".into());
        assert_eq!(s.line_count(), 5, "one note line, replaced not added");
        s.push_note(NoteKind::Undo, "되돌림: docker rnu".into());
        assert_eq!((s.entries().len(), s.line_count()), (2, 6));
        let note = s.last().and_then(|e| e.note.clone()).expect("a note");
        assert_eq!((note.kind, note.text.as_str()), (NoteKind::Undo, "되돌림: docker rnu"));
    }
}
