//! The host shell: a small bash that turns a typed line into commands and runs them.
//!
//! history expansion (`!!`) → [`lexer`] → [`parser`] → expand (`$x`, `$(...)`, `~`, globs) →
//! dispatch. Words the shell does not implement itself (`docker`, `systemctl`, `curl`, ...) go to
//! the [`Host`], which the session implements on top of the engine; everything else (`cd`, `ls`,
//! `grep`, `xargs`, ...) runs here against a small host filesystem ([`fs`]). The shell never
//! panics and never reads a clock: bad syntax is bash's own error text and status 2, time comes
//! from [`Shell::set_now`].
//!
//! Layout: `lexer`, `parser`, `ast` (syntax); `expand`, `glob`, `arith`, `history` (expansions);
//! `exec` (pipelines, redirections, dispatch, background jobs); `builtins` (the command table
//! and shell builtins), `script` (`test`, `sh -c`, `sleep`, `read`, `wait`), `printf` (`echo`,
//! `printf`), `files` (ls, cat, mkdir, ...), `filters` (grep, sort, xargs, ...), `awk`, `regex`;
//! `complete` (word boundaries for Tab completion).

use crate::env::SimTime;
use crate::host::HOST_NAME;
use crate::map::Map;
use crate::output::{Output, Stream};
use serde::{Deserialize, Serialize};

pub(crate) mod arith;
pub mod ast;
mod awk;
pub(crate) mod builtins;
pub mod complete;
pub mod error;
mod exec;
mod expand;
mod files;
mod filters;
pub mod fs;
mod glob;
mod history;
#[cfg(feature = "full")]
mod jq;
pub mod lexer;
pub mod parser;
mod printf;
mod script;
#[cfg(test)]
mod tests;

pub use builtins::{command_names, FULL_ENGINE_PROGRAMS};
pub use error::ShellError;
pub use fs::{Fs, Who};
use fs::{FsError, WriteMode};

/// A word as a command line spells it so the shell reads it back unchanged: as it is when
/// plainly safe, else single-quoted (`'it'\''s'`). For building a line from an argv.
pub(crate) fn quote_word(s: &str) -> String {
    if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@%+=,".contains(c)) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Which shell this is, for the wording of its errors: GNU bash (`bash: vim: command not
/// found`), Debian's `/bin/sh`, dash (`sh: 1: vim: not found`), or BusyBox ash (Alpine, busybox:
/// `sh: vim: not found`). The grammar and the programs are the same for all three.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Dialect {
    /// GNU bash.
    #[default]
    Bash,
    /// dash, Debian's and Ubuntu's `/bin/sh`.
    Dash,
    /// BusyBox ash.
    Ash,
}

/// Who the shell runs for, which decides what a program that never ends does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunMode {
    /// A prompt a learner types at (the host's, or a shell opened in a container): the line
    /// must end, so endless loops stop with a note.
    Prompt,
    /// `docker exec CONTAINER PROGRAM` without a terminal: like a prompt, but a shell started
    /// without a script reads its closed input and ends at once.
    Command,
    /// A container's main process (`docker run IMAGE sh -c '...'`): a program that never ends
    /// (`sleep infinity`, `tail -f`, an endless loop) leaves the process running, and
    /// `stdin_open` (`-i`) means a shell or `cat` waits for input instead of ending.
    Main {
        /// `-i`: standard input stays open.
        stdin_open: bool,
    },
}

/// A stretch of output and the virtual time it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// When (a `sleep` before it makes it later).
    pub at: SimTime,
    /// Which stream.
    pub stream: Stream,
    /// The text, which may end without a newline.
    pub text: String,
}

/// What a container's main process did: everything it wrote, in time order, and how it ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MainRun {
    /// Its output, stamped with the virtual time of each write.
    pub written: Vec<Written>,
    /// `Some(status)` if it ended, `None` if it is still running (waiting forever).
    pub status: Option<i32>,
    /// When it ended, or when it started waiting for good.
    pub until: SimTime,
}

/// What the shell needs from the world around it.
pub trait Host {
    /// Runs `argv` (fully expanded, `argv[0]` is the command name) with `stdin` as standard
    /// input. Returns `None` when the host has no such command, so the shell can print
    /// `bash: foo: command not found`.
    fn exec(&mut self, argv: &[String], stdin: &str) -> Option<Output>;

    /// Like [`Host::exec`], with the shell's context: working directory (for `-v ./html:...`),
    /// environment (`-e VAR`), the host filesystem (bind mounts, `docker cp`) and whether the
    /// command runs under `sudo`. The default ignores the context.
    fn exec_in(&mut self, ctx: &mut HostCtx<'_>, argv: &[String], stdin: &str) -> Option<Output> {
        let _ = ctx;
        self.exec(argv, stdin)
    }

    /// `sleep` let `ms` of virtual time pass; the session advances its clock. Default: nothing.
    fn advance_clock(&mut self, ms: SimTime) {
        let _ = ms;
    }

    /// Whether the host runs `argv` instead of the shell's own program of that name (`ls`,
    /// `uname`, ...; shell builtins such as `cd` and `echo` are never asked about). A container's
    /// host answers for programs its image lacks (`bash: ps: command not found`) or has in its
    /// own version (`uname` shows the container's hostname). `fs` is the filesystem the shell
    /// sees. Default: never.
    fn overrides(&mut self, argv: &[String], fs: &Fs) -> bool {
        let _ = (argv, fs);
        false
    }

    /// What `sh` is on this machine (Ubuntu's is dash). Default: dash.
    fn sh_dialect(&self) -> Dialect {
        Dialect::Dash
    }

    /// Whether the small programs are BusyBox's (Alpine, busybox), which word their errors
    /// their own way. Default: GNU coreutils.
    fn busybox(&self) -> bool {
        false
    }
}

/// A host with no commands, for running `~/.bashrc` at login.
struct NoHost;

impl Host for NoHost {
    fn exec(&mut self, _argv: &[String], _stdin: &str) -> Option<Output> {
        None
    }
}

/// The shell's side of a host command: where it runs and what it may touch.
#[derive(Debug)]
pub struct HostCtx<'a> {
    /// The host filesystem.
    pub fs: &'a mut Fs,
    /// The working directory (absolute).
    pub cwd: &'a str,
    /// Exported variables, as the command's environment.
    pub env: Map<String, String>,
    /// The shell's idea of now (start of the line plus any `sleep` before this command).
    pub now: SimTime,
    /// `root` under `sudo`, otherwise the learner.
    pub who: Who,
    /// Whether stdout is the terminal (not a pipe, a file or `$(...)`).
    pub tty: bool,
    /// Set by the host when the program would never end by itself (`sleep infinity`, `tail -f`,
    /// a server): a container's main process then goes on running.
    pub blocks: bool,
}

impl HostCtx<'_> {
    /// An absolute path for `path` as the command would see it (relative to the cwd).
    pub fn resolve(&self, path: &str) -> String {
        fs::normalize(self.cwd, path)
    }
}

/// Things a line did besides printing, for the session to act on. Reset by every [`Shell::run`];
/// read them with [`Shell::take_effects`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Effects {
    /// `clear` ran with the terminal as its output: drop the scrollback before showing this
    /// line's output (lines printed before the `clear` are already left out).
    pub clear: bool,
    /// Virtual time `sleep` asked for during the line, in milliseconds.
    pub slept: SimTime,
    /// `exit` or `logout` ended the shell: the session prints `logout` and logs in afresh.
    pub logout: bool,
    /// `nano FILE`, `vi FILE`, `vim FILE` or `code FILE` ran at a terminal: a page opens its
    /// editor on the file (and saves with [`Shell::save_file`]); the native REPL explains that
    /// here-documents write files there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit: Option<EditRequest>,
}

/// A file an editor command asked to open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditRequest {
    /// The editor typed (`nano`, `vim`, `code`).
    pub editor: String,
    /// The file, absolute (empty when none was named).
    pub path: String,
    /// The file as typed (`Dockerfile`).
    #[serde(default)]
    pub name: String,
    /// Its text now (empty for a new file).
    pub content: String,
    /// Whether the file exists already.
    pub exists: bool,
}

impl EditRequest {
    /// What a terminal without the page's editor pane (the native `whalelab repl`) says
    /// instead, in the site's Korean: write the file with a here-document.
    pub fn terminal_note(&self) -> String {
        crate::voice::editor_without_pane(&self.editor, if self.name.is_empty() { "FILE" } else { &self.name })
    }
}

/// A shell variable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Var {
    /// The value.
    pub value: String,
    /// Whether `export` marked it, so commands see it in their environment.
    pub exported: bool,
}

/// The shell's own state: variables, `$?`, cwd, history, aliases and the host filesystem.
/// Plain data, so undo and save work.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shell {
    /// Status of the last command (`$?`).
    pub last_status: i32,
    vars: Map<String, Var>,
    aliases: Map<String, String>,
    cwd: String,
    fs: Fs,
    history: Vec<String>,
    now: SimTime,
    effects: Effects,
    random: u64,
    /// Who commands run as unless `sudo` says otherwise: the learner on the host, root in a
    /// container's shell.
    #[serde(default)]
    who: Who,
    /// Whether the line's output goes to a terminal (`ls` prints columns only then): yes at a
    /// prompt, no for `docker exec` without `-t`.
    #[serde(default = "yes")]
    terminal: bool,
    /// The lines of an unfinished command so far (`for i in 1 2` waiting for `do`): bash
    /// shows its `> ` prompt and runs the whole command once it is complete.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pending: String,
    /// Which shell this is (bash on the host; a container's shell may be dash or ash).
    #[serde(default)]
    dialect: Dialect,
    /// How it was invoked (`bash`, `sh`, `/bin/sh`): errors start with this name.
    #[serde(default = "bash_name")]
    arg0: String,
    /// Lines read so far: dash numbers its errors with it.
    #[serde(default)]
    line: u32,
    /// Whether the learner has been told, on their first `sudo`, what it does here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    sudo_noted: bool,
}

fn bash_name() -> String {
    "bash".to_string()
}

fn yes() -> bool {
    true
}

impl Default for Shell {
    fn default() -> Self {
        Shell::new()
    }
}

/// Longest unfinished command kept waiting for more lines; past it the line runs (and fails).
const MAX_PENDING: usize = 64 * 1024;

/// How many lines `history` keeps (Ubuntu's `HISTSIZE=1000`).
const HISTORY_SIZE: usize = 1000;

/// The text `clear` writes (what ncurses' `clear` prints for `TERM=xterm-256color`).
pub const CLEAR_SEQUENCE: &str = "\x1b[H\x1b[2J\x1b[3J";

impl Shell {
    /// A freshly logged-in shell on a freshly installed host.
    pub fn new() -> Self {
        let mut sh = Shell {
            last_status: 0,
            vars: Map::new(),
            aliases: Map::new(),
            cwd: fs::HOME.to_string(),
            fs: Fs::host(),
            history: Vec::new(),
            now: 0,
            effects: Effects::default(),
            random: 0x2545_F491_4F6C_DD1D,
            who: Who::User,
            terminal: true,
            pending: String::new(),
            dialect: Dialect::Bash,
            arg0: bash_name(),
            line: 0,
            sudo_noted: false,
        };
        sh.login();
        sh
    }

    /// A shell inside a container: it sees `fs` (the container's files), starts in `cwd`, runs
    /// commands as `who`, and has exactly the variables in `env` (exported, as a process
    /// inherits them). No login happens and no `~/.bashrc` runs.
    pub fn in_container(fs: Fs, cwd: &str, who: Who, env: &[(String, String)]) -> Self {
        let mut vars = Map::new();
        for (k, v) in env {
            vars.insert(k.clone(), Var { value: v.clone(), exported: true });
        }
        Shell {
            last_status: 0,
            vars,
            aliases: Map::new(),
            cwd: cwd.to_string(),
            fs,
            history: Vec::new(),
            now: 0,
            effects: Effects::default(),
            random: 0x2545_F491_4F6C_DD1D,
            who,
            terminal: true,
            pending: String::new(),
            dialect: Dialect::Bash,
            arg0: bash_name(),
            line: 0,
            sudo_noted: false,
        }
    }

    /// Says which shell this is and how it was invoked (a container's `sh` may be dash or
    /// BusyBox ash, named `sh` or `/bin/sh`), for the wording of its errors.
    pub fn set_dialect(&mut self, dialect: Dialect, arg0: &str) {
        self.dialect = dialect;
        self.arg0 = arg0.to_string();
    }

    /// The number of the line about to run (dash puts it in its errors).
    pub fn set_line_number(&mut self, line: u32) {
        self.line = line;
    }

    /// Says whether output goes to a terminal (see the `terminal` field); `docker exec` without
    /// `-t` runs its command with this off.
    pub fn set_terminal(&mut self, yes: bool) {
        self.terminal = yes;
    }

    /// Resets what a login sets up: the environment, aliases from `~/.bashrc`, the home directory.
    fn login(&mut self) {
        self.vars.clear();
        let exported = [
            ("HOME", fs::HOME),
            ("USER", fs::USER),
            ("LOGNAME", fs::USER),
            ("SHELL", "/bin/bash"),
            (
                "PATH",
                "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/games:/usr/local/games:/snap/bin",
            ),
            ("LANG", "C.UTF-8"),
            ("TERM", "xterm-256color"),
            ("PWD", fs::HOME),
        ];
        for (k, v) in exported {
            self.vars.insert(k.into(), Var { value: v.into(), exported: true });
        }
        self.vars.insert("SHLVL".into(), Var { value: "1".into(), exported: true });
        for (k, v) in [("HOSTNAME", HOST_NAME), ("PS1", "\\u@\\h:\\w\\$ ")] {
            self.vars.insert(k.into(), Var { value: v.into(), exported: false });
        }
        self.aliases.clear();
        self.cwd = fs::HOME.to_string();
        // Like a real login, run ~/.bashrc (quietly): it defines HISTCONTROL and the aliases.
        let rc = self.fs.read(&format!("{}/.bashrc", fs::HOME), Who::User).map(str::to_string);
        if let Ok(text) = rc {
            if let Ok(script) = parser::parse(&text) {
                let _ = exec::run_line(self, &mut NoHost, &script, RunMode::Prompt);
            }
        }
        self.cwd = fs::HOME.to_string();
        self.last_status = 0;
        self.effects = Effects::default();
    }

    /// After `exit`: a new login shell on the same machine. Variables, aliases, directory and `$?`
    /// start over; the filesystem and the history (bash saves it to `~/.bash_history`) stay.
    pub fn relogin(&mut self) {
        self.login();
    }

    /// Sets the time the next line runs at (the session passes its clock in).
    pub fn set_now(&mut self, now: SimTime) {
        self.now = now;
    }

    /// What the last [`Shell::run`] did besides printing; resets it.
    pub fn take_effects(&mut self) -> Effects {
        std::mem::take(&mut self.effects)
    }

    /// The lines typed so far, oldest first (after history expansion, as bash stores them).
    pub fn history(&self) -> &[String] {
        &self.history
    }

    /// The working directory.
    pub fn cwd(&self) -> &str {
        &self.cwd
    }

    /// The home directory (`$HOME`).
    pub fn home(&self) -> &str {
        self.var("HOME").unwrap_or(fs::HOME)
    }

    /// Whom commands run as (the learner, or root in a container).
    pub fn who(&self) -> Who {
        self.who
    }

    /// The host filesystem.
    pub fn fs(&self) -> &Fs {
        &self.fs
    }

    /// The host filesystem, for the session's own changes (`docker cp` into the host).
    pub fn fs_mut(&mut self) -> &mut Fs {
        &mut self.fs
    }

    /// Writes a file an editor saved, as the shell's user would (`Permission denied` in
    /// `/etc` without sudo, a new file with the user's modes).
    pub fn save_file(&mut self, path: &str, content: &str) -> Result<(), FsError> {
        let path = self.resolve(path);
        let now = self.now;
        self.fs.write(&path, content, WriteMode::Truncate, self.who, now)
    }

    /// Puts a file an exercise starts with on the host, as the shell's user would make it
    /// with `mkdir -p` and a redirection; a relative path starts at the home directory.
    pub fn put_file(&mut self, path: &str, content: &str) -> Result<(), FsError> {
        let path = if path.starts_with(['/', '~']) { self.resolve(path) } else { fs::normalize(self.home(), path) };
        let now = self.now;
        self.fs.mkdir_all(fs::parent(&path), self.who, now)?;
        self.fs.write(&path, content, WriteMode::Truncate, self.who, now)
    }

    /// The absolute path a command would use for `path`: `~` and `~/x` are the home directory,
    /// relative paths start at the cwd, `.` and `..` are resolved.
    pub fn resolve(&self, path: &str) -> String {
        if path == "~" {
            return self.home().to_string();
        }
        if let Some(rest) = path.strip_prefix("~/") {
            return fs::normalize(self.home(), rest);
        }
        fs::normalize(&self.cwd, path)
    }

    /// The aliases, sorted by name (for Tab completion of command names).
    pub fn aliases(&self) -> impl Iterator<Item = (&str, &str)> {
        self.aliases.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// A variable's value.
    pub fn var(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(|v| v.value.as_str())
    }

    /// Sets a variable (and exports it if asked).
    pub fn set_var(&mut self, name: &str, value: &str, exported: bool) {
        let v = self.vars.entry(name.to_string()).or_insert(Var { value: String::new(), exported });
        v.value = value.to_string();
        v.exported |= exported;
    }

    /// The exported variables: what a command sees as its environment.
    pub fn env(&self) -> Map<String, String> {
        self.vars.iter().filter(|(_, v)| v.exported).map(|(k, v)| (k.clone(), v.value.clone())).collect()
    }

    /// The prompt Ubuntu's default `PS1` shows: `user@docker-host:~$ `.
    pub fn prompt(&self) -> String {
        if self.continuing() {
            return "> ".to_string();
        }
        let home = self.home();
        let dir = if self.cwd == home {
            "~".to_string()
        } else if let Some(rest) = self.cwd.strip_prefix(home).filter(|r| r.starts_with('/')) {
            format!("~{rest}")
        } else {
            self.cwd.clone()
        };
        format!("{}@{HOST_NAME}:{dir}$ ", fs::USER)
    }

    /// Whether an unfinished command waits for more lines (the prompt is then `> `).
    pub fn continuing(&self) -> bool {
        !self.pending.is_empty()
    }

    /// The input has ended (a script's last line, a transcript's end) with a command still
    /// unfinished: bash's error for it, as `bash -c` prints it.
    pub fn end_of_input(&mut self) -> Option<Output> {
        if self.pending.is_empty() {
            return None;
        }
        let pending = std::mem::take(&mut self.pending);
        let error = parser::parse(&pending).err()?;
        self.last_status = error.status();
        let mut out = Output::with_code(self.last_status);
        out.err(error.to_string());
        Some(out)
    }

    /// Forgets an unfinished command, as Ctrl+C does in bash.
    pub fn cancel_pending(&mut self) {
        self.pending.clear();
    }

    /// The command so far with one more line: joined by a newline inside quotes, and
    /// otherwise by `; ` or a space as bash records a multi-line command in its history
    /// (`for i in 1 2; do echo $i; done`).
    fn continued(pending: &str, line: &str) -> String {
        // A here-document's body is taken line by line exactly as typed.
        if Shell::in_heredoc(pending) {
            return format!("{pending}\n{line}");
        }
        if let Some(head) =
            pending.strip_suffix('\\').filter(|h| h.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 0)
        {
            return format!("{head}{line}");
        }
        if matches!(parser::parse(pending), Err(ShellError::Unclosed(_))) {
            return format!("{pending}\n{line}");
        }
        let trimmed = pending.trim_end();
        let last = trimmed.rsplit([' ', '\t', ';']).next().unwrap_or("");
        let open = ["do", "then", "else", "{", "in"].contains(&last)
            || ["|", "&&", "||", "(", "!"].iter().any(|op| trimmed.ends_with(op));
        if line.trim().is_empty() {
            pending.to_string()
        } else if open {
            format!("{trimmed} {}", line.trim_start())
        } else {
            format!("{trimmed}; {}", line.trim_start())
        }
    }

    /// Whether `text` ends inside a here-document body (its delimiter line has not come).
    fn in_heredoc(text: &str) -> bool {
        matches!(parser::parse(text), Err(ShellError::HereDocEof(_)))
    }

    #[cfg(test)]
    /// True when `line` is unfinished (open quote, trailing `|` or `&&`, open `(`): an interactive
    /// bash would ask for more with its `> ` prompt.
    pub fn needs_more(line: &str) -> bool {
        if line.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1 {
            return true;
        }
        matches!(parser::parse(line), Err(e) if e.is_incomplete())
    }

    /// Runs one input line and returns what the terminal shows.
    pub fn run(&mut self, line: &str, host: &mut dyn Host) -> Output {
        self.run_as(line, host, RunMode::Prompt)
    }

    /// Runs one input line for `mode` (a prompt, or `docker exec`'s one command).
    pub fn run_as(&mut self, line: &str, host: &mut dyn Host, mode: RunMode) -> Output {
        self.effects = Effects::default();
        let mut out = Output::with_code(self.last_status);
        // bash keeps a command with a here-document in its history as typed, newline-ended.
        let heredoc = !self.pending.is_empty() && Shell::in_heredoc(&self.pending);
        let joined = if self.pending.is_empty() { line.to_string() } else { Shell::continued(&self.pending, line) };
        let escaped_newline = joined.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1;
        // Inside a here-document a trailing backslash is part of the body (`RUN a && \`).
        if escaped_newline && joined.len() < MAX_PENDING && !Shell::in_heredoc(&joined) {
            self.pending = joined;
            return Output::with_code(0);
        }
        let line = match history::expand(&joined, &self.history) {
            Ok(None) => joined.clone(),
            Ok(Some(expanded)) => {
                out.out(expanded.clone());
                expanded
            }
            Err(e) => {
                self.pending.clear();
                out.err(e.to_string());
                return out;
            }
        };
        // One parse: an unfinished command waits for its next line (bash's `> `), nothing
        // ran and nothing failed; anything else clears what was pending.
        let parsed = parser::parse(&line);
        if matches!(&parsed, Err(e) if e.is_incomplete()) && joined.len() < MAX_PENDING {
            self.pending = joined;
            return Output::with_code(0);
        }
        self.pending.clear();
        self.remember(&line, heredoc);
        // A job left running behind the prompt would need job control this terminal does not
        // have; scripts (`sh -c '... &'`, a container's command) run background jobs.
        let parsed = parsed.and_then(|s| match s.has_background() {
            true if mode == RunMode::Prompt => Err(ShellError::Unsupported(crate::voice::BACKGROUND_JOB.to_string())),
            _ => Ok(s),
        });
        let script = match parsed {
            Ok(s) => s,
            Err(e) => {
                let text = match self.dialect {
                    Dialect::Bash => e.to_string(),
                    _ => e.in_script(self.dialect, &self.arg0, &line),
                };
                out.err(text);
                self.last_status = e.status();
                out.code = self.last_status;
                return out;
            }
        };
        let start = self.now;
        let (io, status) = exec::run_line(self, host, &script, mode);
        let status = status.unwrap_or(0);
        self.last_status = status;
        out.code = status;
        let mut written = io.settle(start);
        if let Some(i) = written.iter().rposition(|w| w.stream == Stream::Stdout && w.text.contains(CLEAR_SEQUENCE)) {
            self.effects.clear = true;
            let tail = written[i].text.rsplit(CLEAR_SEQUENCE).next().unwrap_or("").to_string();
            let at = written[i].at;
            written.drain(..=i);
            if !tail.is_empty() {
                written.insert(0, Written { at, stream: Stream::Stdout, text: tail });
            }
            out.lines.clear();
        }
        push_chunks(&mut out, written);
        out
    }

    /// Runs a container's main process: `line` is its command (`sh -c '...'` quoted, or a
    /// program with its arguments), run from [`Shell::now`] on. Returns everything it wrote with
    /// the virtual time of each write, and whether it ended. Background jobs die with it: what
    /// they would write after its end is dropped.
    pub fn run_main(&mut self, line: &str, host: &mut dyn Host, stdin_open: bool) -> MainRun {
        self.effects = Effects::default();
        let start = self.now;
        let script = match parser::parse_script(line) {
            Ok(s) => s,
            Err(e) => {
                let text = format!("{}\n", e.in_script(self.dialect, &self.arg0, line));
                return MainRun {
                    written: vec![Written { at: start, stream: Stream::Stderr, text }],
                    status: Some(e.status()),
                    until: start,
                };
            }
        };
        let (io, status) = exec::run_line(self, host, &script, RunMode::Main { stdin_open });
        let until = self.now;
        let mut written = io.settle(start);
        if status.is_some() {
            written.retain(|w| w.at <= until);
        }
        if let Some(code) = status {
            self.last_status = code;
        }
        MainRun { written, status, until }
    }

    /// Adds a line to the history as Ubuntu's `HISTCONTROL=ignoreboth` does: not when it starts
    /// with a space, not twice in a row.
    /// A command with a here-document keeps a final newline, as bash stores it.
    fn remember(&mut self, line: &str, heredoc: bool) {
        let trimmed = line.trim_end_matches('\n');
        if trimmed.trim().is_empty() || line.starts_with(' ') {
            return;
        }
        let entry = if heredoc { format!("{trimmed}\n") } else { trimmed.to_string() };
        if self.history.last() == Some(&entry) {
            return;
        }
        self.history.push(entry);
        if self.history.len() > HISTORY_SIZE {
            self.history.remove(0);
        }
    }
}

/// Turns raw stream chunks into terminal lines: consecutive chunks on one stream join up (so
/// `echo -n a; echo b` shows `ab`), and a final unterminated line still shows.
fn push_chunks(out: &mut Output, chunks: Vec<Written>) {
    let mut merged: Vec<(Stream, String)> = Vec::new();
    for Written { stream: s, text: t, .. } in chunks {
        match merged.last_mut() {
            Some((ls, lt)) if *ls == s && !lt.ends_with('\n') => lt.push_str(&t),
            _ => merged.push((s, t)),
        }
    }
    for (s, t) in merged {
        match s {
            Stream::Stdout => out.out_text(&t),
            Stream::Stderr => out.err_text(&t),
        }
    }
}
