//! One simulated computer per lesson, and one for the sandbox: a [`Machine`] is a session
//! with what the terminal shows of it, its undo and redo steps, and the exercise started on
//! it. What a lesson leaves behind (lesson 9's port 8080) stays on that lesson's machine.
//!
//! A machine survives a reload as what made it: how it began ([`Genesis`]: a seed, a start
//! time and the commands an exercise or a share link ran first) and every input since
//! ([`Input`]: lines, control keys, the polls that changed something, and the editor's saves),
//! each at the time it happened. The session is deterministic, so replaying that log rebuilds it exactly.
//! This costs the bundle nothing, where serializing the session with serde_json (the design's
//! first idea) measured +71 KB gzipped of derived
//! (de)serializers (789,400 → 860,352 bytes of gzipped wasm). [`encode`] writes the log
//! as lines under a versioned header ([`MACHINE_HEADER`]); [`decode`] reads it back or
//! reports [`Corrupt`] for anything else, so the page can say so in Korean and give a fresh
//! machine. Undo steps live only in memory. Pure: platform reads and writes the storage.

use std::rc::Rc;

use whalelab_core::course::{self, Attempt, SetupFile};
use whalelab_core::session::Key;
use whalelab_core::{Attempt as LineAttempt, Catalogue, Event, Session, SessionConfig, SimTime, Snapshot, Transcript};

use crate::state::editor::EditFile;
use crate::state::persist::Corrupt;
use crate::state::terminal::Scrollback;

/// The sandbox's machine.
pub const SANDBOX_KEY: &str = "sandbox";
/// The localStorage key of machine `key` is this prefix and the key.
pub const STORAGE_PREFIX: &str = "whalelab.machine.";
/// First line of a stored machine (bump the number when the format changes).
pub const MACHINE_HEADER: &str = "whalelab-machine v1";
/// The most inputs a stored machine may hold: a longer log is refused as damaged (replaying it
/// would slow the page), and the page stops saving a machine that grows past it.
pub const MAX_LOG: usize = 5_000;

/// The localStorage key of a machine.
pub fn storage_key(key: &str) -> String {
    format!("{STORAGE_PREFIX}{key}")
}

/// How a machine began: a fresh session from `config` with an exercise's `files` on its host,
/// then `setup` run on it the way every exercise starts (`course::start_with_files`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Genesis {
    /// Seed and start time.
    pub config: SessionConfig,
    /// Files put on the host first (an exercise's `[[file]]`s).
    pub files: Vec<SetupFile>,
    /// Commands run first (an exercise's setup, a share link's commands).
    pub setup: Vec<String>,
}

impl Genesis {
    /// A plain new machine.
    pub fn fresh(config: SessionConfig) -> Self {
        Genesis { config, files: Vec::new(), setup: Vec::new() }
    }

    /// The session it makes on the practice registry `catalogue`, and what each setup command
    /// printed; or the registry files a setup command needs first.
    pub fn build(&self, catalogue: &Catalogue) -> Result<course::Started, Vec<String>> {
        course::attempt::start_with_files(self.config, catalogue, &self.files, &self.setup)
    }
}

/// One thing that happened to a session after its genesis.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A line run at the prompt.
    Line {
        /// When.
        at: SimTime,
        /// The line.
        line: String,
    },
    /// A control key.
    Key {
        /// When.
        at: SimTime,
        /// Which.
        key: Key,
    },
    /// A poll that printed or changed something (a held container's output, a timer).
    Poll {
        /// When.
        at: SimTime,
    },
    /// The editor saved a file (core's `Session::save_file`, at the time of the input before).
    Save {
        /// The file.
        path: String,
        /// Its text.
        text: String,
    },
}

impl Input {
    /// Applies it to `session`; a line that needs registry files not loaded yet changes nothing
    /// and names them.
    pub fn apply(&self, session: &mut Session) -> Result<Transcript, Vec<String>> {
        match self {
            Input::Line { at, line } => match session.attempt_line(line, *at) {
                LineAttempt::Done(t) => Ok(t),
                LineAttempt::NeedsFiles(files) => Err(files),
            },
            Input::Key { at, key } => Ok(session.key(*key, *at)),
            Input::Poll { at } => Ok(session.poll(*at)),
            Input::Save { path, text } => {
                // A save that failed was never recorded; one that fails now changes nothing.
                let _ = session.save_file(path, text);
                Ok(Transcript::default())
            }
        }
    }
}

/// A machine as it was before a change, and the change (for the undo marker).
#[derive(Clone, Debug)]
pub struct Step {
    /// The session before.
    pub session: Rc<Session>,
    /// Its genesis.
    pub genesis: Rc<Genesis>,
    /// Its inputs.
    pub log: Rc<Vec<Input>>,
    /// The exercise started on it then.
    pub attempt: Option<Attempt>,
    /// What changed it: the command line, or the page's own action in Korean.
    pub label: String,
}

/// One simulated computer and everything the page keeps about it.
#[derive(Clone, Debug)]
pub struct Machine {
    /// Which one: a lesson's route id (`01-first-container`), [`SANDBOX_KEY`], or empty while
    /// the page does not know yet which lesson it shows.
    pub key: String,
    /// The simulation. Behind an `Rc` so actions that run no command do not copy it;
    /// `Rc::make_mut` copies it only when a command runs (and an undo step shares the old).
    pub session: Rc<Session>,
    /// How the session began.
    pub genesis: Rc<Genesis>,
    /// Everything since, replayable.
    pub log: Rc<Vec<Input>>,
    /// What the terminal shows.
    pub scrollback: Scrollback,
    /// The engine as of the last change, for the views.
    pub snapshot: Rc<Snapshot>,
    /// What the last change did, oldest first (the diagram animates these).
    pub last_events: Rc<Vec<Event>>,
    /// Machines before the last changes, newest last (at most [`MAX_UNDO`]).
    pub undo: Rc<Vec<Step>>,
    /// Machines undone, newest last; cleared by a new command.
    pub redo: Rc<Vec<Step>>,
    /// How many of the session's first history entries are already in the page's saved
    /// history (restored or imported), so ↑ does not list them twice.
    pub history_skip: usize,
    /// The exercise started on this machine, if any.
    pub attempt: Option<Attempt>,
    /// Bumped at every change of this machine; its save follows it.
    pub changes: u64,
    /// The file open in the editor on this machine, if any.
    pub editor: Option<Rc<EditFile>>,
}

/// How many changes can be undone.
pub const MAX_UNDO: usize = 50;

impl PartialEq for Machine {
    /// By identity for the shared parts (the reducer replaces them when they change).
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
            && Rc::ptr_eq(&self.session, &other.session)
            && Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && Rc::ptr_eq(&self.last_events, &other.last_events)
            && Rc::ptr_eq(&self.undo, &other.undo)
            && Rc::ptr_eq(&self.redo, &other.redo)
            && self.history_skip == other.history_skip
            && self.attempt == other.attempt
            && self.changes == other.changes
            && self.editor == other.editor
            && self.scrollback == other.scrollback
    }
}

impl Machine {
    /// A new machine on the practice registry `catalogue`: the daemon runs, nothing pulled,
    /// an empty screen.
    pub fn fresh(key: impl Into<String>, config: SessionConfig, catalogue: &Catalogue) -> Self {
        let session = Session::with_catalogue(config, catalogue.clone());
        Machine::with(key, session, Genesis::fresh(config), Vec::new(), None)
    }

    /// A machine around `session`, made by `genesis` and `log`.
    pub fn with(
        key: impl Into<String>,
        session: Session,
        genesis: Genesis,
        log: Vec<Input>,
        attempt: Option<Attempt>,
    ) -> Self {
        let snapshot = Rc::new(session.snapshot());
        let history_skip = session.history().len();
        Machine {
            key: key.into(),
            session: Rc::new(session),
            genesis: Rc::new(genesis),
            log: Rc::new(log),
            scrollback: Scrollback::default(),
            snapshot,
            last_events: Rc::default(),
            undo: Rc::default(),
            redo: Rc::default(),
            history_skip,
            attempt,
            changes: 0,
            editor: None,
        }
    }

    /// Rebuilds a stored machine by replaying its log, or names the registry files the
    /// replay needs first (load them and restore again: the replay is deterministic).
    pub fn restore(key: impl Into<String>, stored: Stored, catalogue: &Catalogue) -> Result<Self, Vec<String>> {
        let mut session = stored.genesis.build(catalogue)?.session;
        for input in &stored.log {
            input.apply(&mut session)?;
        }
        Ok(Machine::with(key, session, stored.genesis, stored.log, stored.attempt))
    }

    /// Whether anything was ever done on it.
    pub fn used(&self) -> bool {
        self.changes > 0 || !self.log.is_empty() || !self.genesis.setup.is_empty() || !self.genesis.files.is_empty()
    }

    /// Keeps the machine as it is now as an undo step for `label` (capped) and forgets the
    /// redo steps: called right before a change. Sharing the `Rc`s is enough: the change
    /// then copies the session and the log on write.
    pub fn remember(&mut self, label: impl Into<String>) {
        self.push_undo(self.step(label.into()));
    }

    /// Keeps `step` (the machine before a change) as the newest undo step (capped) and
    /// forgets the redo steps.
    pub fn push_undo(&mut self, step: Step) {
        let mut undo = (*self.undo).clone();
        undo.push(step);
        if undo.len() > MAX_UNDO {
            undo.remove(0);
        }
        self.undo = Rc::new(undo);
        self.redo = Rc::default();
    }

    /// The machine as it is now, as a step labelled `label`.
    pub fn step(&self, label: String) -> Step {
        Step {
            session: self.session.clone(),
            genesis: self.genesis.clone(),
            log: self.log.clone(),
            attempt: self.attempt.clone(),
            label,
        }
    }

    /// Puts the machine back to `step` (its session, genesis, log and attempt).
    pub fn go_to(&mut self, step: Step) {
        self.session = step.session;
        self.genesis = step.genesis;
        self.log = step.log;
        self.attempt = step.attempt;
        // An older machine's history may be shorter: keep showing what it has.
        self.history_skip = self.history_skip.min(self.session.history().len());
    }

    /// Records an input that just ran.
    pub fn record(&mut self, input: Input) {
        Rc::make_mut(&mut self.log).push(input);
    }

    /// Replaces the session with a new beginning (an exercise's start, a clean machine).
    pub fn begin(&mut self, session: Session, genesis: Genesis, attempt: Option<Attempt>) {
        self.session = Rc::new(session);
        self.genesis = Rc::new(genesis);
        self.log = Rc::default();
        self.attempt = attempt;
        self.history_skip = 0;
        // The file belonged to the machine that went.
        self.editor = None;
    }

    /// Bookkeeping after the session changed: a new snapshot, the events, a change count.
    pub fn changed(&mut self, events: Vec<Event>) {
        self.snapshot = Rc::new(self.session.snapshot());
        self.last_events = Rc::new(events);
        self.changes += 1;
    }

    /// What is stored for it.
    pub fn stored(&self) -> Stored {
        Stored { genesis: (*self.genesis).clone(), log: (*self.log).clone(), attempt: self.attempt.clone() }
    }
}

/// What a stored machine holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stored {
    /// How it began.
    pub genesis: Genesis,
    /// Every input since.
    pub log: Vec<Input>,
    /// The exercise started on it.
    pub attempt: Option<Attempt>,
}

/// A machine as stored: the header, then one record per line. `seed N`, `start T`, `file PATH
/// TEXT` (each genesis file), `setup LINE` (each genesis command), `attempt ID COMMANDS HELP
/// SOLVED`, then the inputs: `$ T LINE`, `^ T C|D|Q` (Ctrl+C, Ctrl+D, Ctrl+P Ctrl+Q), `. T` (a
/// poll), `w PATH TEXT` (a save). Paths and texts are escaped by [`escape`].
pub fn encode(genesis: &Genesis, log: &[Input], attempt: Option<&Attempt>) -> String {
    let mut text = String::from(MACHINE_HEADER);
    let mut line = |parts: &[&str]| {
        text.push('\n');
        text.push_str(&parts.join(" "));
    };
    line(&["seed", &genesis.config.seed.to_string()]);
    line(&["start", &genesis.config.start_time.to_string()]);
    for f in &genesis.files {
        line(&["file", &escape(&f.path, true), &escape(&f.content, false)]);
    }
    for command in &genesis.setup {
        line(&["setup", command]);
    }
    if let Some(a) = attempt {
        let flag = |b: bool| if b { "1" } else { "0" };
        line(&["attempt", &a.exercise, &a.commands.to_string(), flag(a.help), flag(a.solved)]);
    }
    for input in log {
        match input {
            Input::Line { at, line: l } => line(&["$", &at.to_string(), l]),
            Input::Key { at, key } => {
                let k = match key {
                    Key::CtrlC => "C",
                    Key::CtrlD => "D",
                    Key::Detach => "Q",
                };
                line(&["^", &at.to_string(), k]);
            }
            Input::Poll { at } => line(&[".", &at.to_string()]),
            Input::Save { path, text } => line(&["w", &escape(path, true), &escape(text, false)]),
        }
    }
    text
}

/// Reads a stored machine; `None` stored means there is none.
pub fn decode(stored: Option<&str>) -> Result<Option<Stored>, Corrupt> {
    let Some(text) = stored else { return Ok(None) };
    let mut lines = text.split('\n');
    if lines.next() != Some(MACHINE_HEADER) {
        return Err(Corrupt);
    }
    let number = |s: Option<&str>| s.and_then(|s| s.parse::<u64>().ok()).ok_or(Corrupt);
    let (mut seed, mut start) = (None, None);
    let mut setup = Vec::new();
    let mut files = Vec::new();
    let mut attempt = None;
    let mut log = Vec::new();
    for line in lines {
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        match tag {
            "seed" => seed = Some(number(Some(rest))?),
            "start" => start = Some(number(Some(rest))?),
            "setup" if log.is_empty() => setup.push(rest.to_string()),
            "file" if log.is_empty() => {
                let (path, text) = rest.split_once(' ').ok_or(Corrupt)?;
                files.push(SetupFile { path: unescape(path)?, content: unescape(text)? });
            }
            "attempt" => {
                let mut f = rest.split(' ');
                let id = f.next().filter(|id| !id.is_empty()).ok_or(Corrupt)?.to_string();
                let commands = u32::try_from(number(f.next())?).map_err(|_| Corrupt)?;
                let flag = |s: Option<&str>| match s {
                    Some("1") => Ok(true),
                    Some("0") => Ok(false),
                    _ => Err(Corrupt),
                };
                let (help, solved) = (flag(f.next())?, flag(f.next())?);
                attempt = Some(Attempt { exercise: id, commands, help, solved });
            }
            "$" => {
                let (at, typed) = rest.split_once(' ').unwrap_or((rest, ""));
                log.push(Input::Line { at: number(Some(at))?, line: typed.to_string() });
            }
            "^" => {
                let (at, k) = rest.split_once(' ').ok_or(Corrupt)?;
                let key = match k {
                    "C" => Key::CtrlC,
                    "D" => Key::CtrlD,
                    "Q" => Key::Detach,
                    _ => return Err(Corrupt),
                };
                log.push(Input::Key { at: number(Some(at))?, key });
            }
            "." => log.push(Input::Poll { at: number(Some(rest))? }),
            "w" => {
                let (path, text) = rest.split_once(' ').ok_or(Corrupt)?;
                log.push(Input::Save { path: unescape(path)?, text: unescape(text)? });
            }
            _ => return Err(Corrupt),
        }
        if log.len() > MAX_LOG {
            return Err(Corrupt);
        }
    }
    let config = SessionConfig { seed: seed.ok_or(Corrupt)?, start_time: start.ok_or(Corrupt)? };
    Ok(Some(Stored { genesis: Genesis { config, files, setup }, log, attempt }))
}

/// A text on one line of its own: `\\`, `\n` and `\r` for a backslash and the line
/// breaks, and `\s` for a space when `space` (a field that a space ends).
pub(crate) fn escape(text: &str, space: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            ' ' if space => out.push_str("\\s"),
            c => out.push(c),
        }
    }
    out
}

/// Reads what [`escape`] wrote; any other backslash is damage.
pub(crate) fn unescape(text: &str) -> Result<String, Corrupt> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        out.push(match c {
            '\\' => match chars.next() {
                Some('\\') => '\\',
                Some('n') => '\n',
                Some('r') => '\r',
                Some('s') => ' ',
                _ => return Err(Corrupt),
            },
            c => c,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn at(seconds: u64) -> u64 {
        SessionConfig::default().start_time + seconds * 1000
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_machine_round_trips_through_its_log_and_anything_else_is_corrupt() {
        let config = SessionConfig { seed: 42, start_time: at(0) };
        let files = vec![SetupFile { path: "site/index.html".into(), content: "<h1>hi there</h1>\n".into() }];
        let genesis = Genesis { config, files, setup: vec!["docker run --name web -d httpd".into()] };
        let catalogue = crate::state::registry::shipped();
        let mut session = genesis.build(&catalogue).expect("a whole registry").session;
        let log = vec![
            Input::Line { at: at(5), line: "docker run -d --name 웹 -p 8080:80 nginx".into() },
            Input::Line { at: at(5), line: "mkdir 'my site'".into() },
            Input::Save {
                path: "/home/user/my site/index.html".into(), text: "<h1>\\n \\s</h1>\r\n\n둘째 줄".into()
            },
            Input::Line { at: at(6), line: "docker run --name fg busybox sleep 100".into() },
            Input::Key { at: at(7), key: Key::CtrlC },
            Input::Poll { at: at(8) },
            Input::Line { at: at(9), line: "echo 'a b'  c ".into() },
            Input::Line { at: at(10), line: String::new() },
            Input::Line { at: at(11), line: "cat 'my site/index.html'".into() },
        ];
        for input in &log {
            input.apply(&mut session).expect("a whole registry");
        }
        let attempt = Attempt { exercise: "first-run".into(), commands: 3, help: true, solved: false };
        let text = encode(&genesis, &log, Some(&attempt));
        assert!(text.starts_with("whalelab-machine v1\nseed 42\n"), "{text}");
        let stored = decode(Some(&text)).expect("readable").expect("present");
        assert_eq!(stored, Stored { genesis: genesis.clone(), log: log.clone(), attempt: Some(attempt) });
        let machine = Machine::restore("01-first", stored, &catalogue).expect("a whole registry");
        let read = |path| machine.session.read_file(path).map(|f| f.1);
        assert_eq!(read("site/index.html").as_deref(), Ok("<h1>hi there</h1>\n"), "the exercise's file");
        assert_eq!(read("my site/index.html").as_deref(), Ok("<h1>\\n \\s</h1>\r\n\n둘째 줄"), "the save");
        assert_eq!(*machine.snapshot, session.snapshot(), "the replay rebuilds the machine exactly");
        assert_eq!(machine.session.history(), session.history());
        assert_eq!(machine.history_skip, session.history().len(), "restored commands are not listed twice");
        assert_eq!(decode(None), Ok(None));
        for bad in [
            "",
            "whalelab-machine v0\nseed 1\nstart 1",
            "whalelab-machine v1\nstart 1",
            "whalelab-machine v1\nseed x\nstart 1",
            "whalelab-machine v1\nseed 1\nstart 1\n$ soon docker ps",
            "whalelab-machine v1\nseed 1\nstart 1\n^ 5 Z",
            "whalelab-machine v1\nseed 1\nstart 1\nattempt x 1 2 0",
            "whalelab-machine v1\nseed 1\nstart 1\n<script>",
            "whalelab-machine v1\nseed 1\nstart 1\nw /home/user/x",
            "whalelab-machine v1\nseed 1\nstart 1\nw /home/user/x a\\tb",
        ] {
            assert_eq!(decode(Some(bad)), Err(Corrupt), "{bad:?}");
        }
    }
}
