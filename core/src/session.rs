//! The façade the web page, the CLI and the tests talk to.
//!
//! A session owns the engine (our dockerd), the host shell and the command history. Every
//! input line goes in through [`Session::run_line`], which never fails and never panics: user
//! mistakes come back as output text and an exit status, exactly as a terminal would show them.

use crate::catalogue::{Catalogue, LoadError, Shortfall};
use crate::client::{self, ClientHost, Hold, HoldKind, Outcome, Pending};
use crate::container_shell::ContainerShell;
use crate::engine::Engine;
use crate::env::SimTime;
use crate::event::{Action, Event};
use crate::output::{Line, Output};
use crate::shell::fs::{self, Fs, Who};
use crate::shell::{Host, HostCtx, Shell};
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// How a session starts: the seed for every random choice and the clock's first reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionConfig {
    /// Seed for container IDs, generated names and anything else random.
    pub seed: u64,
    /// The simulated time when the session starts.
    pub start_time: SimTime,
}

impl Default for SessionConfig {
    /// Seed 1 at 2025-02-11 07:00:00 UTC: the fixed start of replays and tests.
    fn default() -> Self {
        SessionConfig { seed: 1, start_time: crate::go::time::from_civil(2025, 2, 11, 7, 0, 0) }
    }
}

/// A key that does something other than type: what the terminal sends for Ctrl+C,
/// Ctrl+D and the detach sequence Ctrl+P Ctrl+Q.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Key {
    /// Ctrl+C: SIGINT to the foreground process.
    CtrlC,
    /// Ctrl+D: end of input.
    CtrlD,
    /// Ctrl+P Ctrl+Q: docker's detach keys.
    Detach,
}

impl Key {
    /// The key a transcript line names: `^C`, `^D`, `^P^Q`.
    pub fn from_transcript(s: &str) -> Option<Key> {
        match s.trim() {
            "^C" => Some(Key::CtrlC),
            "^D" => Some(Key::CtrlD),
            "^P^Q" => Some(Key::Detach),
            _ => None,
        }
    }
}

/// One entry of a directory of the learner's shell (see [`Session::list_files`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileEntry {
    /// Its name (`Dockerfile`).
    pub name: String,
    /// Its absolute path.
    pub path: String,
    /// Whether it is a directory.
    pub dir: bool,
    /// Its size as `ls -l` shows it (4096 for a directory).
    pub size: u64,
}

/// A directory of the learner's shell, for a page's file list (see [`Session::list_files`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// The directory (absolute).
    pub dir: String,
    /// The shell's working directory now.
    pub cwd: String,
    /// The container whose files these are (its name), or `None` for the host.
    pub container: Option<String>,
    /// The entries by name, or why they cannot be read (`Permission denied`).
    pub entries: Result<Vec<FileEntry>, String>,
}

/// What one input line produced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    /// Output lines in the order a terminal shows them.
    pub lines: Vec<Line>,
    /// The line's exit status (`$?` afterwards).
    pub exit_code: i32,
    /// State changes the line caused, oldest first.
    pub events: Vec<Event>,
    /// Pulls whose layer lines a terminal may animate before showing the final lines.
    pub pulls: Vec<crate::output::progress::PullAnimation>,
    /// Builds whose TTY view (`[+] Building ...`) a terminal may animate before showing its
    /// final screen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub builds: Vec<crate::output::build_progress::BuildAnimation>,
    /// A file an editor command (`nano Dockerfile`) asked the page to open; save it with
    /// [`Session::save_file`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<crate::shell::EditRequest>,
    /// What the site adds in its own voice after the output (not docker's text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
}

/// A remark of the site's own after a line's output, as data: the page words it in Korean
/// with its i18n and sets it apart from the terminal's text; the native replay prints it as a
/// marked line. Docker's own output is never changed for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Note {
    /// A pull asked for an image (`nginxx:latest`) the practice registry does not hold: the
    /// error above is docker's, but the limit is the simulator's, and `docker search` shows
    /// what there is.
    NotInCatalogue {
        /// The image as the learner named it, with its tag.
        image: String,
    },
    /// A pull asked for an image older tutorials use (`training/webapp`) that Docker Hub keeps
    /// in the schema 1 format: docker's error above is what a real machine says too, and the
    /// learner needs to know the tutorial is dated, not their command wrong.
    Schema1 {
        /// The image as the learner named it, with its tag.
        image: String,
    },
    /// `docker-compose` (Compose v1's spelling) is not installed: docker-ce 28 has the
    /// plugin, `docker compose`.
    ComposeV1,
}

impl Note {
    /// The note in the site's Korean, the same words on the page and in `whalelab replay`.
    pub fn korean(&self) -> String {
        match self {
            Note::NotInCatalogue { image } => crate::voice::not_in_catalogue(image),
            Note::Schema1 { image } => crate::voice::schema1_image(image),
            Note::ComposeV1 => crate::voice::COMPOSE_V1.to_string(),
        }
    }
}

/// What [`Session::attempt_line`] did with a line.
// One value per line, handed straight on: boxing the transcript would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Attempt {
    /// The line ran: what it printed.
    Done(Transcript),
    /// The line needs practice-registry files that are not loaded yet (paths relative to the
    /// registry folder: `library/redis.toml`, `os/debian12.toml`). The session is exactly as
    /// it was before the line; load the files with [`Session::load_catalogue_file`] and
    /// attempt the line again. In a build without the full engine (core's `full` feature off),
    /// a line that runs `docker build`, `docker compose` or `jq` needs [`FULL_ENGINE`] instead:
    /// the page then hands the machine over to its second wasm, which has them.
    NeedsFiles(Vec<String>),
}

/// What [`Attempt::NeedsFiles`] names when a line needs the full engine rather than registry
/// files (no registry path has a colon).
pub const FULL_ENGINE: &str = "whalelab:full-engine";

/// After this many Ctrl+C that the container's process ignores (a shell or `sleep` as PID 1
/// has no SIGINT handler), the page gives the prompt back with a Korean note. Real docker
/// would go on waiting for a `docker stop` typed in another terminal, and this terminal is
/// the learner's only one.
const IGNORED_INTERRUPTS: u8 = 3;

/// Who reads the next line the learner types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
enum Mode {
    /// The host shell shows its prompt.
    Host,
    /// A docker command holds the terminal and streams a container's output; `shown` is
    /// how many of the container's log lines the terminal already has, `ignored` how many
    /// Ctrl+C the container's process has shrugged off (see [`IGNORED_INTERRUPTS`]).
    Held {
        hold: Hold,
        shown: usize,
        #[serde(default)]
        ignored: u8,
    },
    /// An interactive shell inside a container (`docker run -it ubuntu bash`,
    /// `docker exec -it web bash`).
    ContainerShell { hold: Hold, shell: Box<ContainerShell> },
    /// A prune command asked `Are you sure you want to continue? [y/N]`; the next line
    /// is the answer.
    Confirm { pending: Pending },
}

/// A learner's whole world: engine, shell and history. Plain data: clone it for undo,
/// serialize it to save (loading rebuilds what the save leaves out, see [`Engine::after_load`]).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(from = "SavedSession")]
pub struct Session {
    engine: Engine,
    shell: Shell,
    mode: Mode,
    /// Virtual time the learner's `sleep`s added on top of the caller's clock.
    clock_offset: SimTime,
    /// Set when the last line ran `clear`.
    cleared: bool,
    /// An editor the last line asked for, until its transcript carries it.
    #[serde(skip)]
    edit: Option<crate::shell::EditRequest>,
}

/// A saved [`Session`] as it is read, before [`Engine::after_load`].
#[derive(Deserialize)]
struct SavedSession {
    engine: Engine,
    shell: Shell,
    mode: Mode,
    clock_offset: SimTime,
    cleared: bool,
}

impl From<SavedSession> for Session {
    fn from(saved: SavedSession) -> Self {
        let mut engine = saved.engine;
        engine.after_load();
        Session {
            engine,
            shell: saved.shell,
            mode: saved.mode,
            clock_offset: saved.clock_offset,
            cleared: saved.cleared,
            edit: None,
        }
    }
}

impl Session {
    /// A fresh machine on the given practice registry: the daemon runs, no images, no containers.
    pub fn with_catalogue(config: SessionConfig, catalogue: Catalogue) -> Self {
        let mut s = Session::new(config);
        s.engine.set_catalogue(catalogue);
        s
    }

    /// The practice registry (shared data; a save leaves it out).
    pub fn catalogue(&self) -> &Catalogue {
        self.engine.catalogue()
    }

    /// Hands the practice registry to a session (after loading a save, which leaves it out).
    pub fn set_catalogue(&mut self, catalogue: Catalogue) {
        self.engine.set_catalogue(catalogue);
    }

    /// Loads one practice-registry file (`None`: the site has no such file). A file that
    /// fails to load counts as missing, so attempting the line again always gets further.
    pub fn load_catalogue_file(&mut self, path: &str, text: Option<&str>) -> Result<(), LoadError> {
        let cat = self.engine.catalogue_mut();
        let result = cat.load(path, text);
        if result.is_err() {
            let _ = cat.load(path, None);
        }
        result
    }

    /// Runs one line like [`run_line`](Self::run_line) when the catalogue has what it needs;
    /// when it does not, leaves no trace and names the files to load first. With a sealed
    /// catalogue (every file loaded) this is `run_line`.
    pub fn attempt_line(&mut self, line: &str, now: SimTime) -> Attempt {
        if self.engine.catalogue().is_sealed() && cfg!(feature = "full") {
            return Attempt::Done(self.run_line(line, now));
        }
        let before = self.clone();
        let _ = self.engine.catalogue().take_needs();
        let _ = self.engine.take_full_request();
        let transcript = self.run_line(line, now);
        let mut needs = self.engine.catalogue().take_needs();
        if self.engine.take_full_request() {
            // The full engine first: it then asks for the files it needs itself.
            needs = vec![FULL_ENGINE.to_string()];
        }
        if needs.is_empty() {
            Attempt::Done(transcript)
        } else {
            *self = before;
            Attempt::NeedsFiles(needs)
        }
    }

    /// A fresh machine with an empty practice registry: the daemon runs, no images, no
    /// containers (see [`with_catalogue`](Self::with_catalogue)).
    pub fn new(config: SessionConfig) -> Self {
        Session {
            engine: Engine::new(config.seed, config.start_time),
            shell: Shell::new(),
            mode: Mode::Host,
            clock_offset: 0,
            cleared: false,
            edit: None,
        }
    }

    /// Runs one line typed at the prompt at (caller's) time `now`. While a container holds
    /// the terminal, the line goes to it instead of the host shell.
    pub fn run_line(&mut self, line: &str, now: SimTime) -> Transcript {
        // What the passing time did (a process ending, a restart) is part of this line.
        let mark = self.engine.event_count();
        let _ = self.engine.catalogue().take_missing();
        let now = self.tick(now);
        self.cleared = false;
        let at_host = matches!(self.mode, Mode::Host);
        let out = match self.mode.clone() {
            Mode::Host => self.host_line(line, now),
            Mode::Held { hold, .. } => {
                // The terminal echoes what was typed, but the process doesn't read it
                // (no -i), or reads and ignores it (a server's stdin). A container that
                // ended before the line was typed gave the prompt back already: the line
                // is the host shell's.
                let mut out = Output::new();
                self.stream_held(&mut out);
                if !hold.kind.is_watcher() {
                    self.finish_if_exited(&mut out);
                }
                if matches!(self.mode, Mode::Host) {
                    let host = self.host_line(line, now);
                    out.lines.extend(host.lines);
                    out.code = host.code;
                }
                out
            }
            Mode::ContainerShell { hold, shell } => self.container_line(hold, shell, line, now),
            Mode::Confirm { pending } => {
                self.mode = Mode::Host;
                let env = self.shell.env();
                let cwd = self.shell.cwd().to_string();
                let mut host =
                    ClientHost { fs: self.shell.fs_mut(), cwd: &cwd, env: &env, tty: true, stdin_tty: true, now };
                let out = match client::answer(&mut self.engine, &mut host, pending, line) {
                    // A login asks for its password after the user name.
                    Outcome::Confirm(out, pending) => {
                        self.mode = Mode::Confirm { pending };
                        out
                    }
                    other => other.into_output(),
                };
                self.shell.last_status = out.code;
                out
            }
        };
        let compose_v1 = at_host && out.code == 127 && runs_compose_v1(line);
        let mut t = self.transcript(out, mark);
        if compose_v1 {
            t.notes.push(Note::ComposeV1);
        }
        t
    }

    /// The input has ended with a command still unfinished at the host prompt (a transcript's
    /// last line was `for i in 1 2; do`): bash's end-of-file error for it, if any.
    pub fn end_of_input(&mut self) -> Option<Transcript> {
        let mark = self.engine.event_count();
        if !matches!(self.mode, Mode::Host) {
            return None;
        }
        let out = self.shell.end_of_input()?;
        Some(self.transcript(out, mark))
    }

    /// Sends a control key at time `now`.
    pub fn key(&mut self, key: Key, now: SimTime) -> Transcript {
        let mark = self.engine.event_count();
        let _ = self.engine.catalogue().take_missing();
        self.tick(now);
        self.cleared = false;
        let mut out = Output::new();
        match (self.mode.clone(), key) {
            (Mode::Host, Key::CtrlC) => {
                // bash abandons the line being typed (and an unfinished command) and shows
                // a fresh prompt.
                self.shell.cancel_pending();
                self.shell.last_status = 130;
                out.code = 130;
            }
            (Mode::Host, Key::CtrlD) => {
                out.out("logout");
                self.shell.relogin();
            }
            (Mode::Host, Key::Detach) => {}
            (Mode::Held { hold, ignored, .. }, Key::CtrlC) => {
                if hold.kind.is_watcher() || (!hold.sig_proxy && !hold.tty) {
                    // Only the docker client dies; the container carries on. (A stats
                    // table is not drawn once more.) Attached `compose up` stops its
                    // containers first.
                    if !hold.kind.is_stats() {
                        self.stream_held(&mut out);
                    }
                    client::interrupt(&mut self.engine, &hold, &mut out);
                    if matches!(self.mode, Mode::Held { .. }) {
                        self.release(&mut out, 130);
                    }
                } else {
                    let _ = self.engine.container_kill(&hold.container, "INT");
                    self.stream_held(&mut out);
                    self.finish_if_exited(&mut out);
                    if let Mode::Held { ignored: count, .. } = &mut self.mode {
                        // The process survived SIGINT: docker keeps waiting, as it would,
                        // until the learner has tried often enough to be stuck.
                        *count = ignored.saturating_add(1);
                        if *count >= IGNORED_INTERRUPTS {
                            let name =
                                self.engine.container(&hold.container).map(|c| c.name.clone()).unwrap_or_default();
                            out.err(crate::voice::interrupt_ignored(&name));
                            self.release(&mut out, 130);
                        }
                    }
                }
            }
            (Mode::Held { hold, .. }, Key::CtrlD) => {
                if hold.stdin && !hold.kind.is_follow() {
                    self.stream_held(&mut out);
                }
            }
            (Mode::Held { hold, .. }, Key::Detach) | (Mode::ContainerShell { hold, .. }, Key::Detach) => {
                if hold.stdin && hold.tty && !hold.kind.is_follow() {
                    out.out("read escape sequence");
                    self.mode = Mode::Host;
                }
            }
            (Mode::ContainerShell { hold, shell }, Key::CtrlD) => {
                let now = self.engine.now();
                out = self.container_line(hold, shell, "exit", now);
            }
            (Mode::ContainerShell { .. }, Key::CtrlC) => {
                // bash in the container abandons the line; nothing else happens.
                if let Mode::ContainerShell { shell, .. } = &mut self.mode {
                    shell.cancel_pending();
                }
            }
            (Mode::Confirm { .. }, Key::CtrlC) => {
                // docker dies on SIGINT while it waits for the answer.
                self.mode = Mode::Host;
                self.shell.last_status = 130;
                out.code = 130;
            }
            (Mode::Confirm { .. }, _) => {
                // End of input is an empty answer: cancelled, status 0.
                self.mode = Mode::Host;
            }
        }
        self.transcript(out, mark)
    }

    /// New output of the container holding the terminal since the last call (for a page
    /// that streams while the learner watches).
    pub fn poll(&mut self, now: SimTime) -> Transcript {
        let mark = self.engine.event_count();
        let _ = self.engine.catalogue().take_missing();
        self.tick(now);
        self.cleared = false;
        let mut out = Output::new();
        if matches!(self.mode, Mode::Held { .. }) {
            self.stream_held(&mut out);
            self.finish_if_exited(&mut out);
        }
        self.transcript(out, mark)
    }

    /// When, on the caller's clock, time next changes something by itself (a container's
    /// `sleep` running out, a restart policy's back-off ending): a page that wants the
    /// diagram to follow without a keypress calls [`poll`](Self::poll) then.
    pub fn next_timer(&self) -> Option<SimTime> {
        self.engine.next_timer().map(|t| t.saturating_sub(self.clock_offset))
    }

    /// Whether a container holds the terminal (no host prompt until Ctrl+C or detach).
    pub fn is_held(&self) -> bool {
        !matches!(self.mode, Mode::Host)
    }

    fn tick(&mut self, now: SimTime) -> SimTime {
        self.engine.set_now(now + self.clock_offset);
        let now = self.engine.now();
        self.shell.set_now(now);
        now
    }

    fn transcript(&mut self, out: Output, mark: usize) -> Transcript {
        let events = self.engine.events_since(mark).to_vec();
        let pulls = if events.iter().any(|e| e.action == Action::Pull) {
            let texts: Vec<String> = out.lines.iter().map(|l| l.text.clone()).collect();
            crate::output::progress::find(&texts, |short| self.engine.layer_size(short))
        } else {
            Vec::new()
        };
        // A build drawn on the terminal: its view can be played back frame by frame.
        let builds = match self.engine.take_build_report() {
            Some(report) => {
                let first = out.lines.iter().position(|l| l.text.starts_with("[+] Building "));
                first
                    .map(|first_line| {
                        use crate::output::build_progress::{tty_frame, tty_frames, BuildAnimation};
                        use crate::output::COLUMNS;
                        let lines = tty_frame(&report, report.duration, COLUMNS).len();
                        vec![BuildAnimation { first_line, lines, frames: tty_frames(&report, COLUMNS) }]
                    })
                    .unwrap_or_default()
            }
            None => Vec::new(),
        };
        let edit = self.edit.take();
        let notes = self
            .engine
            .catalogue()
            .take_missing()
            .into_iter()
            .map(|shortfall| match shortfall {
                Shortfall::NotHeld(image) => Note::NotInCatalogue { image },
                Shortfall::Schema1(image) => Note::Schema1 { image },
            })
            .collect();
        Transcript { lines: out.lines, exit_code: out.code, events, pulls, builds, edit, notes }
    }

    /// Whether the next line answers a password prompt (`docker login`): a page should not
    /// show what is typed.
    pub fn input_hidden(&self) -> bool {
        matches!(&self.mode, Mode::Confirm { pending } if pending.is_secret())
    }

    /// Saves a file the page's editor opened (see [`Transcript::edit`]): into the container
    /// whose shell holds the terminal, else on the host, as that shell's user would write it.
    pub fn save_file(&mut self, path: &str, content: &str) -> Result<(), String> {
        if let Mode::ContainerShell { shell, .. } = &mut self.mode {
            return shell.save_file(&mut self.engine, self.shell.fs_mut(), path, content).map_err(|e| e.to_string());
        }
        self.shell.save_file(path, content).map_err(|e| e.to_string())
    }

    /// Lists `dir` (absolute, or relative to the shell's directory; the shell's own when
    /// `None`) as the learner's shell sees it: on the host, or in the container whose shell
    /// holds the terminal (where [`save_file`](Self::save_file) writes), as that shell's user.
    pub fn list_files(&self, dir: Option<&str>) -> Listing {
        let (cwd, files, who, container) = self.workspace();
        let dir = fs::normalize(cwd, dir.unwrap_or("."));
        let entries = files.list(&dir, who).map_err(|e| e.to_string()).map(|list| {
            let entry = |(name, node): (&str, &fs::Node)| FileEntry {
                name: name.to_string(),
                path: fs::normalize(&dir, name),
                dir: node.is_dir(),
                size: node.size(),
            };
            list.into_iter().map(entry).collect()
        });
        Listing { cwd: cwd.to_string(), dir, container, entries }
    }

    /// Reads the file at `path` (absolute, or relative to the shell's directory) as the
    /// learner's shell would (see [`list_files`](Self::list_files)): its absolute path and
    /// text, or why not.
    pub fn read_file(&self, path: &str) -> Result<(String, String), String> {
        let (cwd, files, who, _) = self.workspace();
        let path = fs::normalize(cwd, path);
        let text = files.read(&path, who).map_err(|e| e.to_string())?.to_string();
        Ok((path, text))
    }

    /// The shell's directory, files, user and container (see [`list_files`](Self::list_files)).
    fn workspace(&self) -> (&str, Cow<'_, Fs>, Who, Option<String>) {
        if let Mode::ContainerShell { shell, .. } = &self.mode {
            let id = shell.container_id();
            if let Some(files) = self.engine.container_fs(id, self.shell.fs()) {
                let name = self.engine.container(id).map(|c| c.name.clone());
                return (shell.cwd(), Cow::Owned(files), shell.who(), name);
            }
        }
        (self.shell.cwd(), Cow::Borrowed(self.shell.fs()), self.shell.who(), None)
    }

    /// Puts a file an exercise starts with on the host (see [`Shell::put_file`]).
    pub fn put_file(&mut self, path: &str, content: &str) -> Result<(), String> {
        self.shell.put_file(path, content).map_err(|e| e.to_string())
    }

    fn host_line(&mut self, line: &str, now: SimTime) -> Output {
        let began = self.engine.event_count();
        // The host shell sees the volumes where dockerd keeps them, and what it changed there
        // goes back to the volume store (see `Engine::volumes_publish`).
        self.engine.volumes_publish(self.shell.fs_mut());
        let mut host = SessionHost { engine: &mut self.engine, taken: None };
        let mut out = self.shell.run(line, &mut host);
        let taken = host.taken.take();
        self.engine.volumes_absorb(self.shell.fs());
        self.engine.volumes_withdraw(self.shell.fs_mut());
        let effects = self.shell.take_effects();
        self.clock_offset += effects.slept;
        self.engine.set_now(now + effects.slept);
        self.cleared = effects.clear;
        self.edit = effects.edit;
        if effects.logout {
            // The page's terminal can't be closed: a fresh login shell takes over.
            out.out("logout");
            self.shell.relogin();
        }
        match taken {
            None => {}
            Some(Taken::Confirm(pending)) => self.mode = Mode::Confirm { pending },
            Some(Taken::Shell(hold, shell)) => self.mode = Mode::ContainerShell { hold, shell },
            Some(Taken::Held(hold)) if hold.kind.is_watcher() => {
                // `docker stats` draws its table from the top of the screen.
                self.cleared |= hold.kind.is_stats();
                self.mode = Mode::Held { hold, shown: 0, ignored: 0 };
            }
            Some(Taken::Held(mut hold)) => {
                // The client detaches at the container's next `die`, even when a restart
                // policy brings it back (see `finish_if_exited`).
                hold.mark = began;
                // `run` printed what the process wrote in its first second (see
                // client::container::run); attach printed nothing.
                let now = self.engine.now();
                let horizon = if hold.kind == HoldKind::Run { now + crate::env::SECOND } else { now + 1 };
                let shown = self
                    .engine
                    .container(&hold.container)
                    .map(|c| c.logs.iter().take_while(|l| l.time < horizon).count())
                    .unwrap_or(0);
                self.mode = Mode::Held { hold, shown, ignored: 0 };
            }
        }
        out
    }

    /// Appends the held container's log lines the terminal hasn't shown yet.
    fn stream_held(&mut self, out: &mut Output) {
        let Mode::Held { hold, shown, .. } = &mut self.mode else { return };
        if hold.kind.is_watcher() {
            // The docker client itself prints (logs -f, wait, events, stats).
            let stats = hold.kind.is_stats();
            if let Some(code) = client::watch(&self.engine, hold, out) {
                self.release(out, code);
            } else if stats {
                self.cleared = true;
            }
            return;
        }
        let Some(c) = self.engine.container(&hold.container).or_else(|| self.engine.recently_removed(&hold.container))
        else {
            return;
        };
        // Lines the process writes later (a database finishing its start-up) appear when
        // their time comes; the stream ends with the process (a restart is not shown).
        let now = self.engine.now();
        let running = c.is_running() && self.engine.container(&hold.container).is_some();
        let limit = match (died(&self.engine, hold), running) {
            // Everything the process wrote before it died, none of what a restart writes.
            (Some((_, _, restarted)), _) => restarted.map_or(SimTime::MAX, |t| t.saturating_sub(1)),
            (None, true) => now,
            (None, false) => SimTime::MAX,
        };
        for l in c.logs.iter().skip(*shown).take_while(|l| l.time <= limit) {
            if l.stderr && !hold.tty {
                out.err(l.text.clone());
            } else {
                out.out(l.text.clone());
            }
            *shown += 1;
        }
    }

    /// When the held container's process has ended, the prompt comes back with its code.
    fn finish_if_exited(&mut self, out: &mut Output) {
        let Mode::Held { hold, .. } = &self.mode else { return };
        if hold.kind.is_watcher() {
            return;
        }
        let code = match (self.engine.container(&hold.container), died(&self.engine, hold)) {
            (_, Some((_, code, _))) => code,
            (Some(c), None) if c.is_running() => return,
            (Some(c), None) => c.exit_code,
            (None, None) => self
                .engine
                .events_since(0)
                .iter()
                .rev()
                .find(|e| e.id == hold.container && e.action == Action::Die)
                .and_then(|e| e.exit_code)
                .unwrap_or(0),
        };
        self.release(out, code);
    }

    fn release(&mut self, out: &mut Output, code: i32) {
        out.code = code;
        self.shell.last_status = code;
        self.mode = Mode::Host;
    }

    /// A line typed into a container's shell. `exit` ends the shell, which for the main
    /// process of `docker run -it` stops the container.
    fn container_line(&mut self, hold: Hold, mut shell: Box<ContainerShell>, line: &str, now: SimTime) -> Output {
        let (mut out, ended) = shell.run_line(&mut self.engine, self.shell.fs_mut(), line, now);
        self.cleared = shell.cleared();
        self.edit = shell.take_edit();
        match ended {
            Some(code) => {
                if shell.is_main() {
                    self.engine.container_exit(&hold.container, code);
                }
                self.release(&mut out, code);
            }
            None => self.mode = Mode::ContainerShell { hold, shell },
        }
        out
    }

    /// Whether the last line ran `clear` (the terminal should drop its scrollback).
    pub fn cleared(&self) -> bool {
        self.cleared
    }

    /// The prompt to show before the next line: the host's (`user@docker-host:~$ `), a
    /// container shell's (`root@1c48a41c5b2c:/# `), or none while a container holds the
    /// terminal.
    pub fn prompt(&self) -> String {
        match &self.mode {
            Mode::Host => self.shell.prompt(),
            Mode::Held { .. } | Mode::Confirm { .. } => String::new(),
            Mode::ContainerShell { shell, .. } => shell.prompt(),
        }
    }

    /// The lines typed so far, oldest first.
    pub fn history(&self) -> &[String] {
        self.shell.history()
    }

    /// A picture of the engine for the diagram and for goal checks.
    pub fn snapshot(&self) -> Snapshot {
        let mut snapshot = self.engine.snapshot();
        // The login lives in the client's config file on the host, not in the daemon.
        snapshot.hub_user = crate::client::registry::config::hub_user(self.shell.fs(), self.shell.home());
        snapshot
    }

    /// The engine, read-only (for checks that need more than the snapshot).
    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The host shell, read-only.
    pub(crate) fn shell(&self) -> &Shell {
        &self.shell
    }

    /// What Tab does at byte `cursor` of `line` (see [`crate::complete`]); reads only.
    pub fn complete(&self, line: &str, cursor: usize) -> crate::complete::Completion {
        crate::complete::complete(self, line, cursor)
    }
}

/// When and with which code the container a `run`/`attach` holds first died since the hold
/// began (`hold.mark` is the engine's event count then), if it has, and when a restart
/// policy started it again after that, if it has.
fn died(engine: &Engine, hold: &Hold) -> Option<(SimTime, i32, Option<SimTime>)> {
    let events = engine.events_since(hold.mark);
    let at = events.iter().position(|e| e.id == hold.container && e.action == Action::Die)?;
    let die = events.get(at)?;
    let restarted = events
        .get(at + 1..)
        .unwrap_or(&[])
        .iter()
        .find(|e| e.id == hold.container && e.action == Action::Start)
        .map(|e| e.time);
    Some((die.time, die.exit_code.unwrap_or(0), restarted))
}

/// Routes the commands the shell does not implement itself to the simulated machine.
struct SessionHost<'a> {
    engine: &'a mut Engine,
    /// Set when a docker command took the terminal for what follows this line.
    taken: Option<Taken>,
}

/// What a docker command left the terminal to.
enum Taken {
    /// It holds the terminal (a running container's output, a watcher).
    Held(Hold),
    /// A shell in a container reads the next lines.
    Shell(Hold, Box<ContainerShell>),
    /// It waits for the answer to its `[y/N]` question.
    Confirm(Pending),
}

impl Host for SessionHost<'_> {
    fn exec(&mut self, _argv: &[String], _stdin: &str) -> Option<Output> {
        // Every command the session answers comes with the shell's context (`exec_in`).
        None
    }

    fn exec_in(&mut self, ctx: &mut HostCtx<'_>, argv: &[String], stdin: &str) -> Option<Output> {
        self.engine.set_now(ctx.now);
        // The daemon reads what the line wrote into volume directories so far, and the rest
        // of the line sees what the command did to them.
        self.engine.volumes_absorb(ctx.fs);
        let out = self.exec_daemon_side(ctx, argv, stdin);
        self.engine.volumes_publish(ctx.fs);
        out
    }

    fn advance_clock(&mut self, ms: SimTime) {
        let now = self.engine.now();
        self.engine.set_now(now + ms);
    }
}

impl SessionHost<'_> {
    /// The host programs that talk to the simulated machine: `docker`, `systemctl`, `curl`.
    fn exec_daemon_side(&mut self, ctx: &mut HostCtx<'_>, argv: &[String], stdin: &str) -> Option<Output> {
        match argv.first().map(String::as_str) {
            Some("docker") => {
                let env = ctx.env.clone();
                let mut host = ClientHost {
                    fs: &mut *ctx.fs,
                    cwd: ctx.cwd,
                    env: &env,
                    tty: ctx.tty,
                    stdin_tty: true,
                    now: ctx.now,
                };
                self.engine.host_files_lend(host.fs);
                let outcome = client::run(self.engine, &mut host, &argv[1..], stdin);
                self.engine.host_files_return(host.fs);
                // New containers' bind-mount sources and volumes are settled, as dockerd does.
                self.engine.containers_prepare_files(ctx.fs);
                let (out, taken) = match outcome {
                    Outcome::Done(out) => (out, None),
                    Outcome::Holds(out, hold) => (out, Some(Taken::Held(hold))),
                    Outcome::Shell(out, hold, shell) => (out, Some(Taken::Shell(hold, shell))),
                    Outcome::Confirm(out, pending) => (out, Some(Taken::Confirm(pending))),
                };
                if taken.is_some() {
                    self.taken = taken;
                }
                Some(out)
            }
            Some("systemctl") => Some(crate::systemctl::run(self.engine, &argv[1..])),
            Some("curl") => Some(crate::http::curl::host_command(self.engine, ctx, &argv[1..])),
            // Only in a build without the full engine does the shell leave these to the host.
            Some(name) if !cfg!(feature = "full") && crate::shell::FULL_ENGINE_PROGRAMS.contains(&name) => {
                self.engine.ask_for_full();
                Some(Output::new())
            }
            _ => None,
        }
    }
}

/// Whether a host line ran `docker-compose` as a command (first word of one of its simple
/// commands, maybe after `sudo`): bash's `command not found` then gets the site's note.
fn runs_compose_v1(line: &str) -> bool {
    line.split(['\n', ';', '|', '&', '(', ')'])
        .any(|part| part.split_whitespace().find(|w| *w != "sudo") == Some("docker-compose"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A session with busybox and alpine pulled, and its start time.
    fn session() -> (Session, SimTime) {
        let config = SessionConfig::default();
        let mut s = crate::catalogue::testing::session(config);
        for line in ["docker pull busybox", "docker pull alpine"] {
            assert_eq!(s.run_line(line, config.start_time).exit_code, 0, "{line}");
        }
        (s, config.start_time)
    }

    #[test]
    fn a_foreground_sleep_holds_the_prompt_until_its_time() {
        let (mut s, t0) = session();
        s.run_line("docker run alpine sh -c \"sleep 3; exit 2\"", t0);
        assert!(s.is_held());
        let early = s.poll(t0 + 2_999);
        assert!(early.lines.is_empty() && early.events.is_empty() && s.is_held());
        let done = s.poll(t0 + 3_000);
        assert!(!s.is_held());
        assert_eq!(done.exit_code, 2);
        let die = done.events.iter().find(|e| e.action == Action::Die);
        assert_eq!(die.map(|e| (e.time, e.exit_code)), Some((t0 + 3_000, Some(2))));
        assert_eq!(s.run_line("echo $?", t0 + 4_000).lines.first().map(|l| l.text.as_str()), Some("2"));
    }

    #[test]
    fn a_save_round_trips_and_a_version_1_save_still_loads() {
        let (mut s, t0) = session();
        for line in [
            "docker run -d --name web -p 8080:80 -e A=1 --restart always busybox sleep 30",
            "docker create --name idle alpine",
            "docker run --rm busybox echo gone",
        ] {
            s.run_line(line, t0 + 1_000);
        }
        let text = serde_json::to_string(&s).unwrap_or_default();
        assert!(!text.contains("\"names\"") && !text.contains("\"tty\":false"), "left out of the save");
        let back: Session = serde_json::from_str(&text).expect("loads");
        assert_eq!(back.snapshot(), s.snapshot());
        assert_eq!(serde_json::to_string(&back).unwrap_or_default(), text);
        // Version 1: the name index saved too, and every field of a container.
        let mut v1: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        let by_id = v1["engine"]["containers"].as_object().cloned().unwrap_or_default();
        let names: serde_json::Map<String, serde_json::Value> =
            by_id.iter().map(|(id, c)| (c["name"].as_str().unwrap_or("").to_string(), id.clone().into())).collect();
        assert_eq!(names.len(), 2);
        for id in by_id.keys() {
            let c = &mut v1["engine"]["containers"][id];
            c["config"]["tty"] = false.into();
            c["config"]["restart"] = c["config"].get("restart").cloned().unwrap_or_else(|| "no".into());
            c["restart_count"] = 0.into();
            c["stopped_by_user"] = false.into();
        }
        v1["engine"]["names"] = serde_json::Value::Object(names);
        v1["engine"]["version"] = 1.into();
        let mut old: Session = serde_json::from_value(v1).expect("a version 1 save loads");
        assert_eq!(old.snapshot(), s.snapshot());
        let mut fresh = s.clone();
        for line in ["docker ps -a", "docker stop web", "docker rm idle"] {
            assert_eq!(old.run_line(line, t0 + 5_000), fresh.run_line(line, t0 + 5_000), "{line}");
        }
        let mut loaded: Session = serde_json::from_str(&text).expect("loads");
        assert_eq!(loaded.run_line("docker rm -f web idle", t0 + 6_000).lines.len(), 2, "names resolve after a load");
    }

    #[test]
    fn a_save_and_an_undo_keep_built_images_the_build_cache_the_hub_and_the_login() {
        let (mut s, t0) = session();
        let text = |t: &Transcript| t.lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>().join("\n");
        let dockerfile = "FROM busybox\nWORKDIR /app\nRUN echo hi > hi.txt\nCMD [\"cat\", \"hi.txt\"]\n";
        assert_eq!(s.put_file("app/Dockerfile", dockerfile), Ok(()));
        for line in ["cd app", "docker build -q -t mine/app:1 .", "docker login -u mine -p pw"] {
            assert_eq!(s.run_line(line, t0 + 1_000).exit_code, 0, "{line}");
        }
        let before_push = s.clone();
        assert_eq!(s.run_line("docker push mine/app:1", t0 + 2_000).exit_code, 0);
        let snap = s.snapshot();
        assert_eq!(snap.hub_user.as_deref(), Some("mine"));
        let hub: Vec<(&str, Vec<String>)> = snap.hub.iter().map(|r| (r.name.as_str(), r.tags.clone())).collect();
        assert_eq!(hub, [("mine/app", vec!["1".to_string()])]);
        let built = snap.images.iter().find(|i| i.tags.contains(&"mine/app:1".to_string())).expect("built image");
        assert_eq!(built.built_from.as_ref().map(|b| b.name.as_str()), Some("busybox:latest"));

        // Saved and loaded: the same picture, and the same machine underneath it.
        let saved = serde_json::to_string(&s).unwrap_or_default();
        let mut loaded: Session = serde_json::from_str(&saved).expect("loads");
        loaded.set_catalogue(s.catalogue().clone());
        assert_eq!(loaded.snapshot(), snap);
        let mut fresh = s.clone();
        let lines = [
            "docker build --progress=plain -t mine/app:1 .",
            "docker push mine/app:1",
            "docker logout",
            "docker run --rm mine/app:1",
        ];
        for (i, line) in lines.into_iter().enumerate() {
            let (a, b) = (loaded.run_line(line, t0 + 3_000), fresh.run_line(line, t0 + 3_000));
            assert_eq!(a, b, "{line}");
            if i == 0 {
                assert!(
                    text(&a).contains("#5 CACHED\n") && text(&a).contains("#6 CACHED\n"),
                    "cache saved: {}",
                    text(&a)
                );
            }
        }
        assert_eq!(loaded.snapshot().hub_user, None, "logged out");

        // Undo (a clone from before the push): no repository on the hub, still logged in.
        assert!(before_push.snapshot().hub.is_empty());
        assert_eq!(before_push.snapshot().hub_user.as_deref(), Some("mine"));
        let mut logged_out = before_push.clone();
        logged_out.run_line("docker logout", t0 + 2_000);
        assert_ne!(logged_out.snapshot(), before_push.snapshot(), "a logout changes the picture: an undo step");
    }

    #[test]
    fn a_foreground_run_with_a_restart_policy_returns_at_the_first_exit() {
        let (mut s, t0) = session();
        s.run_line("docker run --restart always --name loop busybox sh -c \"echo hi; sleep 1; exit 3\"", t0);
        assert!(s.is_held());
        // The daemon restarts it 100 ms after the exit; the client has gone by then, and
        // the second run's output is not on this terminal.
        let done = s.poll(t0 + 1_500);
        assert!(!s.is_held());
        assert_eq!(done.exit_code, 3);
        assert!(done.lines.is_empty(), "{:?}", done.lines);
        let c = s.engine().container_resolve("loop").map(|c| (c.status, c.restart_count)).ok();
        assert_eq!(c, Some((crate::snapshot::ContainerStatus::Running, 1)));
    }
}
