//! Runs a parsed [`Script`]: `;`/`&&`/`||`, pipelines, subshells, redirections, aliases, and the
//! dispatch of each command to a builtin or to the [`Host`].
//!
//! Output is collected as raw text chunks tagged with their stream ([`Io`]), because pipes and
//! `$(...)` need the exact bytes (`echo -n` has no newline) while the terminal needs lines; the
//! shell's `run` turns chunks into lines at the very end. Every pipeline stage and every `$(...)`
//! runs in a copy of the shell's variables and directory, as bash forks a subshell for them; the
//! filesystem is shared, as on a real machine. Nothing here formats docker output or panics.

use super::ast::{AndOr, Command, Compound, Connector, Pipeline, RedirOp, Redirect, Script, SimpleCommand, Word};
use super::builtins::{self, Call, CommandKind};
use super::error::ShellError;
use super::fs::{self, Who, WriteMode};
use super::lexer::MAX_DEPTH;
use super::parser;
use super::{Dialect, Host, HostCtx, RunMode, Shell, Var};
use crate::env::SimTime;
use crate::map::Map;
use crate::output::Stream;

/// The most text one stream buffer holds before the line is stopped with bash's out-of-memory
/// message: enough for any real listing, small enough for a browser tab.
const IO_LIMIT: usize = 4 << 20;

/// A piece of raw output: its stream, its text and, once known, the virtual time it was
/// written at (a command's output is stamped when it finishes; see [`Exec::route`]).
#[derive(Debug)]
pub(crate) struct Chunk {
    pub stream: Stream,
    pub text: String,
    pub at: Option<SimTime>,
}

/// Raw output of a command or a line: text on the two streams, in print order.
#[derive(Debug, Default)]
pub(crate) struct Io {
    pub chunks: Vec<Chunk>,
    bytes: usize,
    /// Set when text was dropped because the buffer was full.
    pub over: bool,
}

impl Io {
    fn push(&mut self, stream: Stream, text: &str) {
        self.push_at(stream, text, None);
    }

    pub(crate) fn push_at(&mut self, stream: Stream, text: &str, at: Option<SimTime>) {
        if text.is_empty() {
            return;
        }
        if self.bytes + text.len() > IO_LIMIT {
            self.over = true;
            return;
        }
        self.bytes += text.len();
        match self.chunks.last_mut() {
            Some(c) if c.stream == stream && c.at == at => c.text.push_str(text),
            _ => self.chunks.push(Chunk { stream, text: text.to_string(), at }),
        }
    }

    /// Writes text to stdout as is.
    pub fn out(&mut self, text: &str) {
        self.push(Stream::Stdout, text);
    }

    /// Writes text to stderr as is.
    pub fn err(&mut self, text: &str) {
        self.push(Stream::Stderr, text);
    }

    /// Writes one line to stdout.
    pub fn outln(&mut self, text: &str) {
        self.push(Stream::Stdout, text);
        self.push(Stream::Stdout, "\n");
    }

    /// Writes one line to stderr.
    pub fn errln(&mut self, text: &str) {
        self.push(Stream::Stderr, text);
        self.push(Stream::Stderr, "\n");
    }

    /// True once the buffer has overflowed: long-running producers (`seq`) stop early.
    pub fn full(&self) -> bool {
        self.over
    }

    /// The chunks in time order, each stamped: an unstamped chunk takes the time of the one
    /// before it (or `start`). Background jobs write ahead of the script; a stable sort puts
    /// their lines where their time says.
    pub(crate) fn settle(self, start: SimTime) -> Vec<super::Written> {
        let mut last = start;
        let mut out: Vec<super::Written> = self
            .chunks
            .into_iter()
            .map(|c| {
                last = c.at.unwrap_or(last);
                super::Written { at: last, stream: c.stream, text: c.text }
            })
            .collect();
        crate::sort::sort_by_key(&mut out, |w| w.at);
        out
    }
}

/// How a line stops early.
#[derive(Debug)]
pub(crate) enum Stop {
    /// A line-level error (bad substitution, nesting, memory): printed, line abandoned.
    Error(ShellError),
    /// `exit N`: the rest of the line is skipped and the shell ends (or just the subshell).
    Exit(i32),
    /// `break N`: leaves the N innermost loops (N is at most the loops running).
    Break(u32),
    /// `continue N`: leaves N-1 loops and starts the next pass of the Nth.
    Continue(u32),
    /// A container's main process waits here for good (`sleep infinity`, an endless loop): it
    /// keeps running, and nothing after this point happens.
    Blocked,
}

/// Loop passes one line may run: more and the line stops (a real bash would go on until
/// Ctrl+C, which the page cannot give it mid-line).
pub(crate) const MAX_ITERATIONS: u32 = 10_000;

/// Loop passes a container's main process runs ahead of time: past these the loop is taken
/// to go on for ever (its later lines are never seen), which bounds a container's log.
pub(crate) const MAX_MAIN_ITERATIONS: u32 = 2_000;

/// Which shell is speaking (it changes inside `sh -c`, `bash -c`): the words of its errors.
#[derive(Clone, Debug)]
pub(crate) struct Voice {
    pub dialect: Dialect,
    /// `$0`: `bash`, `sh`, `/bin/sh`.
    pub arg0: String,
    /// Running a `-c` script rather than reading a prompt: bash then says `line 1:`.
    pub script: bool,
}

impl From<ShellError> for Stop {
    fn from(e: ShellError) -> Self {
        Stop::Error(e)
    }
}

/// What a subshell must not leak back: variables, aliases, directory, `$?`.
pub(crate) struct ProcState {
    vars: Map<String, Var>,
    aliases: Map<String, String>,
    cwd: String,
    status: i32,
}

impl Shell {
    pub(crate) fn save_proc(&self) -> ProcState {
        ProcState {
            vars: self.vars.clone(),
            aliases: self.aliases.clone(),
            cwd: self.cwd.clone(),
            status: self.last_status,
        }
    }

    pub(crate) fn restore_proc(&mut self, p: ProcState) {
        self.vars = p.vars;
        self.aliases = p.aliases;
        self.cwd = p.cwd;
        self.last_status = p.status;
    }
}

/// The running line: the shell's state, the host, and bookkeeping for `$?` and aliases.
pub(crate) struct Exec<'a> {
    pub sh: &'a mut Shell,
    pub host: &'a mut dyn Host,
    /// Aliases being expanded right now (an alias is not expanded inside itself).
    aliasing: Vec<String>,
    /// The aliases as the line started: bash expands aliases when it reads a line, so an alias
    /// defined on a line is usable from the next line on.
    aliases: Map<String, String>,
    /// Status of the last `$(...)` in the current command, for assignment-only commands.
    pub subst_status: Option<i32>,
    /// How many scripts (`source`, `bash -c`, `./x.sh`) are running inside each other.
    depth: u32,
    /// Loops running around the current command (`break` and `continue` need one).
    pub loops: u32,
    /// Loop passes so far on this line (see [`MAX_ITERATIONS`]).
    iterations: u32,
    /// Who runs the line (a prompt, `docker exec`, a container's main process).
    pub mode: RunMode,
    /// The shell speaking now.
    pub voice: Voice,
    /// When each background job started on this line ends (`wait` waits for them).
    jobs: Vec<SimTime>,
    /// Background jobs running around the current command: their `sleep` is theirs alone.
    background: u32,
}

/// Where a script runs: in the current shell (`source`) or in a child (`bash file`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Current,
    Subshell,
}

/// Runs a whole line and returns its output and final status (`None`: a container's main
/// process is still running).
pub(crate) fn run_line(sh: &mut Shell, host: &mut dyn Host, script: &Script, mode: RunMode) -> (Io, Option<i32>) {
    let aliases = sh.aliases.clone();
    let voice = Voice { dialect: sh.dialect, arg0: sh.arg0.clone(), script: mode != RunMode::Prompt };
    let mut ex = Exec {
        sh,
        host,
        aliasing: Vec::new(),
        aliases,
        subst_status: None,
        depth: 0,
        loops: 0,
        iterations: 0,
        mode,
        voice,
        jobs: Vec::new(),
        background: 0,
    };
    let mut io = Io::default();
    let mut stdin = String::new();
    let tty = ex.sh.terminal;
    let status = match ex.run_script(script, &mut stdin, &mut io, tty) {
        Ok(s) => Some(s),
        Err(Stop::Exit(code)) => {
            ex.sh.effects.logout = true;
            Some(code)
        }
        Err(Stop::Error(e)) => {
            io.over = false;
            io.errln(&ex.error_text(&e));
            Some(e.status())
        }
        // `break` and `continue` only stop a loop; none is left to stop here.
        Err(Stop::Break(_) | Stop::Continue(_)) => Some(ex.sh.last_status),
        Err(Stop::Blocked) => None,
    };
    if io.over {
        io.over = false;
        if matches!(ex.mode, RunMode::Main { .. }) {
            // A main process writing without end: it runs on, its log holds what fitted.
            return (io, None);
        }
        io.errln(&ex.error_text(&ShellError::TooBig));
    }
    (io, status)
}

/// Where a descriptor's output goes after redirections.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Dest {
    /// The command's stdout as its caller sees it (terminal, pipe or capture).
    Out,
    /// The command's stderr as its caller sees it.
    Err,
    /// Appended to a host file (already created or truncated when the redirection opened).
    File(String),
    /// Discarded (`/dev/null` is handled as a file that swallows writes; this is `>&-`).
    Null,
}

/// The result of opening a command's redirections.
struct Plan {
    out: Dest,
    err: Dest,
    stdin: Option<String>,
}

impl Exec<'_> {
    pub(crate) fn run_script(&mut self, s: &Script, stdin: &mut String, io: &mut Io, tty: bool) -> Result<i32, Stop> {
        let mut status = self.sh.last_status;
        for item in &s.items {
            status = if item.background { self.run_job(item, io)? } else { self.run_and_or(item, stdin, io, tty)? };
        }
        Ok(status)
    }

    /// `LIST &`: the job runs in a subshell from now on its own clock, while the script goes
    /// on at once; what it writes is stamped with its own times (a stable sort by time merges
    /// it in later). `$?` is 0, as for any job started. A job that would wait for ever simply
    /// writes nothing more.
    fn run_job(&mut self, item: &AndOr, io: &mut Io) -> Result<i32, Stop> {
        let start = self.sh.now;
        let saved = self.sh.save_proc();
        let (loops, iterations) = (self.loops, self.iterations);
        self.loops = 0;
        self.background += 1;
        let mut none = String::new();
        let r = self.nested(|ex| ex.run_and_or(item, &mut none, io, false));
        self.background -= 1;
        self.loops = loops;
        self.iterations = self.iterations.max(iterations);
        self.sh.restore_proc(saved);
        let end = self.sh.now;
        self.sh.now = start;
        match r {
            Ok(_) | Err(Stop::Exit(_) | Stop::Break(_) | Stop::Continue(_)) => self.jobs.push(end),
            Err(Stop::Blocked) => {}
            Err(Stop::Error(e)) => io.errln(&self.error_text(&e)),
        }
        self.sh.last_status = 0;
        Ok(0)
    }

    /// `wait`: the script's clock moves on to the end of its last background job.
    pub(crate) fn wait_jobs(&mut self) {
        if let Some(end) = self.jobs.drain(..).max() {
            self.sh.now = self.sh.now.max(end);
        }
    }

    /// Time passes for the running script (`sleep`): its later output is stamped later, and at
    /// a prompt (not in a background job) the session's clock moves with it.
    pub(crate) fn pass_time(&mut self, ms: SimTime) {
        self.sh.now = self.sh.now.saturating_add(ms);
        if self.background == 0 {
            self.sh.effects.slept = self.sh.effects.slept.saturating_add(ms);
            self.host.advance_clock(ms);
        }
    }

    /// Whether the locale is UTF-8 (`LANG=C.UTF-8` on the host; containers mostly set none):
    /// GNU tools then quote with ‘’ instead of ''.
    pub(crate) fn utf8(&self) -> bool {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|k| self.sh.var(k).filter(|v| !v.is_empty()))
            .is_some_and(|v| v.to_ascii_lowercase().contains("utf"))
    }

    /// Whether this is a container's main process (a program that never ends keeps it running).
    pub(crate) fn is_main(&self) -> bool {
        matches!(self.mode, RunMode::Main { .. })
    }

    /// A program waits for ever here: in a main process the process goes on running (nothing
    /// after this point happens); elsewhere `Ok(status)`, the caller's own answer.
    pub(crate) fn block_or(&self, status: i32) -> Result<i32, Stop> {
        if self.is_main() {
            Err(Stop::Blocked)
        } else {
            Ok(status)
        }
    }

    /// A diagnostic in the speaking shell's words: `bash: cd: x: No such file or directory`
    /// at a prompt, `bash: line 1: ...` in `bash -c`, `sh: 1: ...` from dash, `sh: ...` from
    /// BusyBox ash.
    pub(crate) fn diag(&self, msg: &str) -> String {
        let name = &self.voice.arg0;
        let line = if self.voice.script { 1 } else { self.sh.line.max(1) };
        match self.voice.dialect {
            Dialect::Bash if self.voice.script => format!("{name}: line {line}: {msg}"),
            Dialect::Bash => format!("{name}: {msg}"),
            Dialect::Dash => format!("{name}: {line}: {msg}"),
            Dialect::Ash => format!("{name}: {msg}"),
        }
    }

    /// A line-level error in the speaking shell's words.
    pub(crate) fn error_text(&self, e: &ShellError) -> String {
        if self.voice.dialect == Dialect::Bash && !self.voice.script {
            return e.to_string();
        }
        let text = e.to_string();
        self.diag(text.strip_prefix("bash: ").unwrap_or(&text))
    }

    /// `NAME: command not found` (bash) or `NAME: not found` (dash, ash).
    pub(crate) fn not_found(&self, name: &str) -> String {
        match self.voice.dialect {
            Dialect::Bash => self.diag(&format!("{name}: command not found")),
            _ => self.diag(&format!("{name}: not found")),
        }
    }

    fn run_and_or(&mut self, a: &AndOr, stdin: &mut String, io: &mut Io, tty: bool) -> Result<i32, Stop> {
        let mut status = self.run_pipeline(&a.first, stdin, io, tty)?;
        for (conn, p) in &a.rest {
            let go = match conn {
                Connector::And => status == 0,
                Connector::Or => status != 0,
            };
            if go {
                status = self.run_pipeline(p, stdin, io, tty)?;
            }
        }
        Ok(status)
    }

    fn run_pipeline(&mut self, p: &Pipeline, stdin: &mut String, io: &mut Io, tty: bool) -> Result<i32, Stop> {
        let n = p.commands.len();
        let mut status = 0;
        if n == 1 {
            if let Some(c) = p.commands.first() {
                status = self.run_command(c, stdin, io, tty)?;
            }
        } else {
            // Each stage of a real pipeline is a subshell: `cd /tmp | true` changes nothing.
            let mut pipe = String::new();
            for (i, c) in p.commands.iter().enumerate() {
                let last = i + 1 == n;
                let mut input = if i == 0 { std::mem::take(stdin) } else { std::mem::take(&mut pipe) };
                let mut stage = Io::default();
                let saved = if self.may_change_state(c) { Some(self.sh.save_proc()) } else { None };
                let status_before = self.sh.last_status;
                let r = self.run_command(c, &mut input, if last { &mut *io } else { &mut stage }, last && tty);
                match saved {
                    Some(saved) => self.sh.restore_proc(saved),
                    None => self.sh.last_status = status_before,
                }
                status = match r {
                    Ok(s) | Err(Stop::Exit(s)) => s,
                    // A writer that never ends (`yes | head`) dies of SIGPIPE once its reader is done.
                    Err(Stop::Blocked) if !last => 141,
                    Err(e) => return Err(e),
                };
                if !last {
                    for c in stage.chunks {
                        match c.stream {
                            Stream::Stdout => pipe.push_str(&c.text),
                            Stream::Stderr => io.push_at(Stream::Stderr, &c.text, c.at),
                        }
                    }
                    if stage.over {
                        return Err(ShellError::TooBig.into());
                    }
                }
            }
        }
        if p.negated {
            status = i32::from(status == 0);
        }
        self.sh.last_status = status;
        Ok(status)
    }

    /// Whether running `c` could change variables, aliases or the directory, so that a pipeline
    /// stage needs a saved copy to roll back (bash runs every stage in a subshell). Cloning the
    /// state for `grep` or `wc` would only cost time.
    pub(crate) fn may_change_state(&self, c: &Command) -> bool {
        let Command::Simple(sc) = c else { return false };
        if !sc.assigns.is_empty() {
            return true;
        }
        let Some(name) = sc.words.first().and_then(Word::as_plain) else { return true };
        if self.aliases.contains_key(name) && !matches!(name, "ls" | "grep") {
            return true;
        }
        if matches!(
            name,
            "cd" | "export" | "unset" | "alias" | "unalias" | "exit" | "logout" | "env" | "sudo" | "xargs" | "history"
        ) {
            return true;
        }
        sc.words.iter().any(has_assign_op) || sc.redirects.iter().any(|r| has_assign_op(&r.target))
    }

    fn run_command(&mut self, c: &Command, stdin: &mut String, io: &mut Io, tty: bool) -> Result<i32, Stop> {
        match c {
            Command::Simple(sc) => self.run_simple(sc, stdin, io, tty),
            Command::Subshell(script, redirects) => {
                self.redirected(redirects, stdin, io, tty, |ex, input, raw, tty| {
                    let saved = ex.sh.save_proc();
                    let r = ex.nested(|ex| ex.run_script(script, input, raw, tty));
                    ex.sh.restore_proc(saved);
                    Ok(match r {
                        Ok(s) | Err(Stop::Exit(s)) => s,
                        Err(Stop::Error(e)) => {
                            raw.errln(&ex.error_text(&e));
                            e.status()
                        }
                        // A subshell's `break` ends the subshell (bash does the same).
                        Err(Stop::Break(_) | Stop::Continue(_)) => ex.sh.last_status,
                        Err(Stop::Blocked) => return Err(Stop::Blocked),
                    })
                })
            }
            Command::Compound(compound, redirects) => {
                let status = self.redirected(redirects, stdin, io, tty, |ex, input, raw, tty| {
                    ex.nested(|ex| ex.run_compound(compound, input, raw, tty))
                })?;
                self.sh.last_status = status;
                Ok(status)
            }
        }
    }

    /// Runs `body` behind a `( )`'s or a compound command's redirections: it reads the
    /// redirected input (or the caller's) and writes into a buffer that goes where they point.
    fn redirected(
        &mut self,
        redirects: &[Redirect],
        stdin: &mut String,
        io: &mut Io,
        tty: bool,
        body: impl FnOnce(&mut Self, &mut String, &mut Io, bool) -> Result<i32, Stop>,
    ) -> Result<i32, Stop> {
        let plan = match self.open_redirects(redirects, io)? {
            Ok(p) => p,
            Err(status) => return Ok(status),
        };
        let mut own;
        let input: &mut String = match plan.stdin.clone() {
            Some(s) => {
                own = s;
                &mut own
            }
            None => stdin,
        };
        let mut raw = Io::default();
        let r = body(self, input, &mut raw, tty && plan.out == Dest::Out);
        self.route(raw, &plan, io)?;
        r
    }

    /// Runs a loop, `if` or group in the shell itself.
    fn run_compound(&mut self, c: &Compound, stdin: &mut String, io: &mut Io, tty: bool) -> Result<i32, Stop> {
        match c {
            Compound::Group(body) => self.run_script(body, stdin, io, tty),
            Compound::If { arms, otherwise } => {
                for (cond, body) in arms {
                    if self.run_script(cond, stdin, io, tty)? == 0 {
                        return self.run_script(body, stdin, io, tty);
                    }
                }
                match otherwise {
                    Some(body) => self.run_script(body, stdin, io, tty),
                    None => Ok(0),
                }
            }
            Compound::For { var, words, body } => {
                let values = match words {
                    Some(words) => self.expand_words(words, io)?,
                    None => Vec::new(),
                };
                self.loops += 1;
                let mut status = 0;
                let mut r = Ok(());
                for value in values {
                    self.sh.set_var(var, &value, self.sh.vars.get(var.as_str()).is_some_and(|v| v.exported));
                    match self.loop_pass(body, &mut status, stdin, io, tty) {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(e) => {
                            r = Err(e);
                            break;
                        }
                    }
                }
                self.loops -= 1;
                r.map(|()| status)
            }
            Compound::Loop { until, cond, body } => {
                self.loops += 1;
                let mut status = 0;
                let r = loop {
                    match self.run_script(cond, stdin, io, tty) {
                        Ok(c) if (c == 0) == *until => break Ok(()),
                        Ok(_) => {}
                        Err(e) => break Err(e),
                    }
                    match self.loop_pass(body, &mut status, stdin, io, tty) {
                        Ok(true) => {}
                        Ok(false) => break Ok(()),
                        Err(e) => break Err(e),
                    }
                };
                self.loops -= 1;
                r.map(|()| status)
            }
        }
    }

    /// One pass through a loop body, its status in `status`: `Ok(false)` when the loop ends
    /// here (`break`, or output past what the terminal holds).
    fn loop_pass(
        &mut self,
        body: &Script,
        status: &mut i32,
        stdin: &mut String,
        io: &mut Io,
        tty: bool,
    ) -> Result<bool, Stop> {
        self.iterations += 1;
        if self.is_main() && self.iterations > MAX_MAIN_ITERATIONS {
            return Err(Stop::Blocked);
        }
        if self.iterations > MAX_ITERATIONS {
            return Err(ShellError::TooManyIterations.into());
        }
        match self.run_script(body, stdin, io, tty) {
            Ok(s) => {
                *status = s;
                Ok(!io.full())
            }
            Err(Stop::Break(n)) if n > 1 => Err(Stop::Break(n - 1)),
            Err(Stop::Break(_)) => Ok(false),
            Err(Stop::Continue(n)) if n > 1 => Err(Stop::Continue(n - 1)),
            Err(Stop::Continue(_)) => Ok(!io.full()),
            Err(e) => Err(e),
        }
    }

    fn run_simple(&mut self, c: &SimpleCommand, stdin: &mut String, io: &mut Io, tty: bool) -> Result<i32, Stop> {
        if let Some(first) = c.words.first().and_then(Word::as_plain) {
            if !self.aliasing.iter().any(|a| a == first) {
                if let Some(value) = self.aliases.get(first).cloned() {
                    return self.run_alias(first, &value, c, stdin, io, tty);
                }
            }
        }
        self.subst_status = None;
        let argv = self.expand_words(&c.words, io)?;
        let plan = match self.open_redirects(&c.redirects, io)? {
            Ok(p) => p,
            Err(status) => return Ok(status),
        };
        if argv.is_empty() {
            for a in &c.assigns {
                let value = self.expand_one(&a.value, io)?;
                self.sh.assign(&a.name, value)?;
            }
            return Ok(self.subst_status.unwrap_or(0));
        }
        // `NAME=value cmd`: the variables exist for this command only, exported.
        let mut saved: Vec<(String, Option<Var>)> = Vec::new();
        for a in &c.assigns {
            let value = self.expand_one(&a.value, io)?;
            let old = self.sh.vars.insert(a.name.clone(), Var { value, exported: true });
            saved.push((a.name.clone(), old));
        }
        let mut own;
        let input: &mut String = match plan.stdin.clone() {
            Some(s) => {
                own = s;
                &mut own
            }
            None => stdin,
        };
        let mut raw = Io::default();
        let r = self.dispatch(&argv, input, &mut raw, tty && plan.out == Dest::Out);
        for (name, old) in saved.into_iter().rev() {
            match old {
                Some(v) => self.sh.vars.insert(name, v),
                None => self.sh.vars.remove(&name),
            };
        }
        // Route what the command printed even when it ends the line (`exit abc` complains first).
        self.route(raw, &plan, io)?;
        r
    }

    /// Runs an alias: its text is parsed and the command's remaining words and redirections are
    /// appended to its last simple command, which is what bash's textual substitution amounts to.
    fn run_alias(
        &mut self,
        name: &str,
        value: &str,
        c: &SimpleCommand,
        stdin: &mut String,
        io: &mut Io,
        tty: bool,
    ) -> Result<i32, Stop> {
        let mut script = match parser::parse(value) {
            Ok(s) => s,
            Err(e) => {
                io.errln(&e.to_string());
                return Ok(e.status());
            }
        };
        let last = script.items.last_mut().map(|ao| match ao.rest.last_mut() {
            Some((_, p)) => p,
            None => &mut ao.first,
        });
        match last.and_then(|p| p.commands.last_mut()) {
            Some(Command::Simple(sc)) => {
                sc.words.extend(c.words.iter().skip(1).cloned());
                sc.redirects.extend(c.redirects.iter().cloned());
            }
            Some(Command::Subshell(_, r) | Command::Compound(_, r)) => r.extend(c.redirects.iter().cloned()),
            None => {
                let sc = SimpleCommand {
                    assigns: Vec::new(),
                    words: c.words.iter().skip(1).cloned().collect(),
                    redirects: c.redirects.clone(),
                };
                script = Script {
                    items: vec![AndOr {
                        first: Pipeline { negated: false, commands: vec![Command::Simple(sc)] },
                        rest: Vec::new(),
                        background: false,
                    }],
                };
            }
        }
        if let Some(Command::Simple(sc)) = script.items.first_mut().and_then(|ao| ao.first.commands.first_mut()) {
            let mut assigns = c.assigns.clone();
            assigns.append(&mut sc.assigns);
            sc.assigns = assigns;
        }
        self.aliasing.push(name.to_string());
        let r = self.run_script(&script, stdin, io, tty);
        self.aliasing.pop();
        r
    }

    /// Opens redirections left to right. `Ok(Err(status))` means one failed: bash prints why and
    /// skips the command.
    fn open_redirects(&mut self, rs: &[Redirect], io: &mut Io) -> Result<Result<Plan, i32>, Stop> {
        let mut plan = Plan { out: Dest::Out, err: Dest::Err, stdin: None };
        for r in rs {
            let shown = parser::word_text(&r.target);
            let target = if matches!(r.op, RedirOp::HereString | RedirOp::HereDoc) {
                self.expand_one(&r.target, io)?
            } else {
                let mut words = self.expand_words(std::slice::from_ref(&r.target), io)?;
                if words.len() != 1 {
                    io.errln(&self.diag(&format!("{shown}: ambiguous redirect")));
                    return Ok(Err(1));
                }
                words.pop().unwrap_or_default()
            };
            let fd = r.fd.unwrap_or(match r.op {
                RedirOp::In | RedirOp::DupIn | RedirOp::HereString | RedirOp::HereDoc => 0,
                _ => 1,
            });
            match r.op {
                RedirOp::HereString => {
                    if fd == 0 {
                        plan.stdin = Some(format!("{target}\n"));
                    }
                }
                RedirOp::HereDoc => {
                    if fd == 0 {
                        plan.stdin = Some(target);
                    }
                }
                RedirOp::In => {
                    let path = self.sh.resolve(&target);
                    match self.sh.fs.read(&path, self.sh.who) {
                        Ok(text) => {
                            if fd == 0 {
                                plan.stdin = Some(text.to_string());
                            }
                        }
                        Err(e) => {
                            io.errln(&self.diag(&format!("{target}: {e}")));
                            return Ok(Err(1));
                        }
                    }
                }
                RedirOp::DupIn => {}
                RedirOp::DupOut if target == "-" => self.set_fd(&mut plan, fd, Dest::Null),
                RedirOp::DupOut if !target.is_empty() && target.bytes().all(|b| b.is_ascii_digit()) => {
                    let src = match target.as_str() {
                        "1" => plan.out.clone(),
                        "2" => plan.err.clone(),
                        _ => {
                            io.errln(&self.diag(&format!("{target}: Bad file descriptor")));
                            return Ok(Err(1));
                        }
                    };
                    self.set_fd(&mut plan, fd, src);
                }
                RedirOp::Out | RedirOp::Append | RedirOp::DupOut | RedirOp::OutErr | RedirOp::AppendErr => {
                    let mode = if matches!(r.op, RedirOp::Append | RedirOp::AppendErr) {
                        WriteMode::Append
                    } else {
                        WriteMode::Truncate
                    };
                    let path = self.sh.resolve(&target);
                    if let Err(e) = self.sh.fs.write(&path, "", mode, self.sh.who, self.sh.now) {
                        io.errln(&self.diag(&format!("{target}: {e}")));
                        return Ok(Err(1));
                    }
                    let dest = if path == "/dev/null" { Dest::Null } else { Dest::File(path) };
                    let both = matches!(r.op, RedirOp::OutErr | RedirOp::AppendErr)
                        || (r.op == RedirOp::DupOut && r.fd.is_none());
                    if both {
                        plan.out = dest.clone();
                        plan.err = dest;
                    } else {
                        self.set_fd(&mut plan, fd, dest);
                    }
                }
            }
        }
        Ok(Ok(plan))
    }

    fn set_fd(&self, plan: &mut Plan, fd: u32, dest: Dest) {
        match fd {
            1 => plan.out = dest,
            2 => plan.err = dest,
            _ => {}
        }
    }

    /// Sends a command's raw output where its redirections say.
    fn route(&mut self, raw: Io, plan: &Plan, io: &mut Io) -> Result<(), Stop> {
        if raw.over {
            return Err(ShellError::TooBig.into());
        }
        let now = self.sh.now;
        for Chunk { stream, text, at } in raw.chunks {
            let dest = match stream {
                Stream::Stdout => &plan.out,
                Stream::Stderr => &plan.err,
            };
            // Output not stamped yet was written as the command ended, which is now.
            let at = at.or(Some(now));
            match dest {
                Dest::Out => io.push_at(Stream::Stdout, &text, at),
                Dest::Err => io.push_at(Stream::Stderr, &text, at),
                Dest::File(path) => {
                    if let Err(e) = self.sh.fs.write(path, &text, WriteMode::Append, self.sh.who, now) {
                        let msg = self.diag(&format!("{}: {e}", fs::file_name(path)));
                        io.errln(&msg);
                    }
                }
                Dest::Null => {}
            }
        }
        Ok(())
    }

    /// Runs an expanded command line: a builtin, one of our programs, or the host's.
    pub(crate) fn dispatch(
        &mut self,
        argv: &[String],
        stdin: &mut String,
        io: &mut Io,
        tty: bool,
    ) -> Result<i32, Stop> {
        let Some(name) = argv.first() else { return Ok(0) };
        let who = self.sh.who;
        // `busybox APPLET ARGS` is the applet itself (`busybox ping -c 1 web`).
        if name.rsplit('/').next() == Some("busybox") && argv.len() > 1 && self.host.busybox() {
            return self.dispatch(argv.get(1..).unwrap_or(&[]), stdin, io, tty);
        }
        if let Some(def) = builtins::find(name) {
            if let Some(run) = def.run {
                if !self.overridden(def.kind, argv) {
                    return run(self, &mut Call { argv, stdin, io, tty, who });
                }
            }
        }
        if let Some(status) = self.host_exec(argv, stdin, io, tty, who) {
            return status;
        }
        if name.contains('/') {
            let path = self.sh.resolve(name);
            if self.sh.fs.executable(&path, who) {
                let text = self.sh.fs.read(&path, who).unwrap_or("").to_string();
                return self.run_text(&text, stdin, io, tty, Scope::Subshell);
            }
            let bash = self.voice.dialect == Dialect::Bash;
            let (msg, status) = match self.sh.fs.lookup(&path, who) {
                Ok(n) if n.is_dir() && bash => ("Is a directory".to_string(), 126),
                Ok(_) => ("Permission denied".to_string(), 126),
                Err(e) if bash => (e.to_string(), 127),
                Err(_) => ("not found".to_string(), 127),
            };
            io.errln(&self.diag(&format!("{name}: {msg}")));
            return Ok(status);
        }
        io.errln(&self.not_found(name));
        Ok(127)
    }

    /// Runs `f` one level deeper: `$(...)`, `( ... )` and scripts all count, so no mix of them
    /// (a file that sources itself inside a substitution) can exhaust the stack.
    pub(crate) fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, Stop>) -> Result<T, Stop> {
        if self.depth >= MAX_DEPTH {
            return Err(ShellError::TooDeep.into());
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// Runs shell text as a script (`source`, `bash -c`, `./script.sh`). Parse errors are printed
    /// like bash's; scripts nest at most [`MAX_DEPTH`] deep (a file that sources itself stops).
    pub(crate) fn run_text(
        &mut self,
        text: &str,
        stdin: &mut String,
        io: &mut Io,
        tty: bool,
        scope: Scope,
    ) -> Result<i32, Stop> {
        let script = match parser::parse_script(text) {
            Ok(s) => s,
            Err(e) => {
                io.errln(&self.error_text(&e));
                return Ok(e.status());
            }
        };
        self.run_parsed(&script, stdin, io, tty, scope)
    }

    /// Runs `sh -c TEXT` (or `bash -c`) as the shell `voice` describes: its syntax errors and
    /// diagnostics are worded as that shell words them.
    pub(crate) fn run_dash_c(
        &mut self,
        text: &str,
        voice: Voice,
        stdin: &mut String,
        io: &mut Io,
        tty: bool,
    ) -> Result<i32, Stop> {
        let script = match parser::parse_script(text) {
            Ok(s) => s,
            Err(e) => {
                io.errln(&e.in_script(voice.dialect, &voice.arg0, text));
                return Ok(e.status());
            }
        };
        let outer = std::mem::replace(&mut self.voice, voice);
        let r = self.run_parsed(&script, stdin, io, tty, Scope::Subshell);
        self.voice = outer;
        r
    }

    fn run_parsed(
        &mut self,
        script: &Script,
        stdin: &mut String,
        io: &mut Io,
        tty: bool,
        scope: Scope,
    ) -> Result<i32, Stop> {
        let saved = (scope == Scope::Subshell).then(|| self.sh.save_proc());
        let r = self.nested(|ex| ex.run_script(script, stdin, io, tty));
        if let Some(saved) = saved {
            self.sh.restore_proc(saved);
        }
        match r {
            Err(Stop::Exit(code)) if scope == Scope::Subshell => Ok(code),
            Err(Stop::Error(e)) if scope == Scope::Subshell => {
                io.errln(&self.error_text(&e));
                Ok(e.status())
            }
            other => other,
        }
    }

    /// Runs a program the way `sudo`, `xargs` and `env` do: no shell builtins or aliases, only
    /// things with a file in `/usr/bin`. `None` when there is no such program.
    pub(crate) fn run_program(
        &mut self,
        argv: &[String],
        stdin: &mut String,
        io: &mut Io,
        tty: bool,
        who: Who,
    ) -> Result<Option<i32>, Stop> {
        let Some(name) = argv.first() else { return Ok(Some(0)) };
        if let Some(def) = builtins::find(name) {
            match (def.kind, def.run) {
                (CommandKind::Builtin, _) => return Ok(None),
                (kind, Some(run)) if !self.overridden(kind, argv) => {
                    return run(self, &mut Call { argv, stdin, io, tty, who }).map(Some)
                }
                _ => {}
            }
        }
        self.host_exec(argv, stdin, io, tty, who).transpose()
    }

    /// Whether the host answers for one of our programs instead ([`Host::overrides`]): a
    /// container's image lacks it or has its own version. Shell builtins are never overridden.
    fn overridden(&mut self, kind: CommandKind, argv: &[String]) -> bool {
        kind == CommandKind::Program && self.host.overrides(argv, &self.sh.fs)
    }

    fn host_exec(
        &mut self,
        argv: &[String],
        stdin: &str,
        io: &mut Io,
        tty: bool,
        who: Who,
    ) -> Option<Result<i32, Stop>> {
        let mut argv = argv.to_vec();
        // `/usr/bin/docker ps` is `docker ps` to the host.
        if let Some(def) = argv.first().and_then(|n| builtins::find(n)) {
            if let Some(first) = argv.first_mut() {
                *first = def.name.to_string();
            }
        }
        let env = self.sh.env();
        let sh = &mut *self.sh;
        let mut ctx = HostCtx { fs: &mut sh.fs, cwd: &sh.cwd, env, now: sh.now, who, tty, blocks: false };
        let out = self.host.exec_in(&mut ctx, &argv, stdin)?;
        let blocks = ctx.blocks;
        for line in out.lines {
            match line.stream {
                Stream::Stdout => io.outln(&line.text),
                Stream::Stderr => io.errln(&line.text),
            }
        }
        Some(if blocks && self.is_main() { Err(Stop::Blocked) } else { Ok(out.code) })
    }
}

/// True if a word contains `${x:=...}`, which assigns while expanding.
fn has_assign_op(w: &Word) -> bool {
    use super::ast::{ParamOp, WordPart};
    fn part(p: &WordPart) -> bool {
        match p {
            WordPart::Param(p) => match &p.op {
                ParamOp::Assign(..) => true,
                ParamOp::Plain | ParamOp::Length => false,
                ParamOp::Default(_, w)
                | ParamOp::Alt(_, w)
                | ParamOp::Error(_, w)
                | ParamOp::TrimPrefix(_, w)
                | ParamOp::TrimSuffix(_, w) => has_assign_op(w),
            },
            WordPart::DoubleQuoted(ps) => ps.iter().any(part),
            WordPart::Arith(w) => has_assign_op(w),
            _ => false,
        }
    }
    w.parts.iter().any(part)
}

impl Shell {
    /// `NAME=value` as a command of its own.
    pub(crate) fn assign(&mut self, name: &str, value: String) -> Result<(), ShellError> {
        if value.len() > IO_LIMIT {
            return Err(ShellError::TooBig);
        }
        match self.vars.get_mut(name) {
            Some(v) => v.value = value,
            None => {
                self.vars.insert(name.to_string(), Var { value, exported: false });
            }
        }
        Ok(())
    }
}
