//! What an image's own main process does: the lines it writes when it starts and stops,
//! whether it keeps running, and how it answers signals, from the image's `process` entry in
//! the catalogue and the base system (`os/NAME.toml`) it names, adjusted for the options (`-i` keeps a
//! shell alive) and the environment (`MYSQL_ROOT_PASSWORD`).
//!
//! Any other command (`docker run ubuntu echo hi`, `sh -c '...'`, `python -c ...`) is not run
//! here: [`on_start`] answers [`Start::Program`] and the engine runs it on the one shell every
//! container uses (`container_shell::run_main`), with the container's files, environment,
//! user, clock and programs. Everything here is a pure function of its inputs; nothing reads a
//! clock or a random source or panics. Whether a program exists at all is [`command_exists`]'s
//! answer, which the engine uses to fail the start the way runc does.

use super::container::{Container, LogLine};
use super::LocalImage;
use crate::catalogue::{Catalogue, LogTemplate, ProcessKind};
use crate::env::SimTime;

mod templates;

pub use templates::fill;
use templates::{fill_with, Fill};

use crate::host::CPUS;

/// PID of the first nginx worker on Docker Desktop; the others follow.
const FIRST_WORKER_PID: u32 = 29;
/// Most lines one start may write.
const MAX_LINES: usize = 2_000;

/// What happened when the process started.
pub struct StartOutcome {
    /// Lines it logged, some perhaps stamped later than the start (after a `sleep`).
    pub logs: Vec<LogLine>,
    /// `Some(code)` if it ends by itself: at once, or at [`ends_at`](Self::ends_at).
    pub exit_code: Option<i32>,
    /// When it ends, if it does: the start time plus whatever its `sleep`s took. The
    /// engine keeps a container running until its clock passes this.
    pub ends_at: SimTime,
}

/// How a start goes: the image's own process (or a program the entrypoint could not find)
/// is decided here; any other program runs on the container's shell.
pub enum Start {
    /// What the image's own process wrote and whether it ends.
    Done(StartOutcome),
    /// The container runs this program with its arguments (`sh -c '...'`, `echo hi`,
    /// `python -c ...`): the engine runs it through `container_shell::run_main`.
    Program(Vec<String>),
}

/// Runs a container's main process up to the point where it either waits or exits, or says
/// which program the container's shell must run instead.
pub fn on_start(cat: &Catalogue, c: &Container, image: Option<&LocalImage>, ip: &str, now: SimTime) -> Start {
    let Some(image) = image else {
        return Start::Done(StartOutcome { logs: Vec::new(), exit_code: Some(0), ends_at: now });
    };
    let ctx = Ctx::new(c, image, ip);
    let mut out = Out::new(now);
    let code = match resolve(cat, c, image) {
        Run::Main => start_main(&ctx, &mut out),
        Run::ExecMissing(program) => {
            let text = if image.process.exec_error.is_empty() {
                format!("exec: {program}: not found")
            } else {
                image.process.exec_error.replace("{program}", &program)
            };
            out.err(&text);
            Some(127)
        }
        Run::Program(argv) => return Start::Program(argv),
    };
    Start::Done(StartOutcome { logs: out.finish(), exit_code: code, ends_at: now })
}

/// An image's text templates (a `--version` reply, a REPL's greeting) as a program of the
/// container prints them at `now`: `(stderr, line)` pairs, untimed.
pub fn program_text(c: &Container, image: &LocalImage, templates: &[LogTemplate], now: SimTime) -> Vec<(bool, String)> {
    let ip = c.ip.clone().unwrap_or_default();
    let ctx = Ctx::new(c, image, &ip);
    let mut out = Out::new(now);
    render(templates, &ctx, false, &mut out, false);
    out.finish().into_iter().map(|l| (l.stderr, l.text)).collect()
}

/// Whether `argv` would start the image's own main process (`nginx`, `mysqld`, ...), not a
/// `--help` or `--version` of it.
pub fn starts_main(image: &LocalImage, argv: &[String]) -> bool {
    argv.first().is_some_and(|p| image.process.main.iter().any(|m| m == basename(p)))
        && !argv.iter().skip(1).any(|a| is_help_or_version(a))
}

/// The log lines the image's main process writes when a script starts it (`exec nginx -g
/// 'daemon off;'` at the end of an entrypoint), and whether it ends by itself.
pub fn main_logs(c: &Container, image: &LocalImage, now: SimTime) -> (Vec<LogLine>, Option<i32>) {
    let ip = c.ip.clone().unwrap_or_default();
    let ctx = Ctx::new(c, image, &ip);
    let mut out = Out::new(now);
    let code = start_main(&ctx, &mut out);
    (out.finish(), code)
}

/// Log lines of a graceful stop (the image's STOPSIGNAL reached a process that handles it).
pub fn on_stop(cat: &Catalogue, c: &Container, image: Option<&LocalImage>, now: SimTime) -> Vec<LogLine> {
    let Some(image) = image else { return Vec::new() };
    on_signal(cat, c, Some(image), stop_signal_number(image), now)
}

/// Log lines the main process writes when `signal` ends it (empty if the signal does not end it
/// or ends it silently). The engine should use these, rather than [`on_stop`], after
/// `docker kill -s SIG`: httpd says `caught SIGTERM` on SIGTERM but `caught SIGWINCH` on its stop
/// signal.
pub fn on_signal(
    cat: &Catalogue,
    c: &Container,
    image: Option<&LocalImage>,
    signal: i32,
    now: SimTime,
) -> Vec<LogLine> {
    let Some(image) = image else { return Vec::new() };
    if !matches!(resolve(cat, c, image), Run::Main) || image.process.kind != ProcessKind::Server {
        return Vec::new();
    }
    if exit_code_on_signal(cat, c, Some(image), signal).is_none() || signal == 9 {
        return Vec::new();
    }
    let spec = &image.process;
    let templates = if signal != stop_signal_number(image) && !spec.term_logs.is_empty() {
        &spec.term_logs
    } else {
        &spec.stop_logs
    };
    let ctx = Ctx::new(c, image, c.ip.as_deref().unwrap_or(""));
    let mut out = Out::new(now);
    render(templates, &ctx, true, &mut out, false);
    out.finish()
}

/// The exit code after `docker stop`: servers handle their stop signal and exit (0 for most); a
/// shell or any other program as PID 1 has no handler, so the kernel ignores the signal and docker
/// kills it after the timeout (137).
pub fn exit_code_on_stop(cat: &Catalogue, c: &Container, image: Option<&LocalImage>) -> i32 {
    let Some(image) = image else { return 0 };
    exit_code_on_signal(cat, c, Some(image), stop_signal_number(image)).unwrap_or(137)
}

/// The exit code after a signal, or `None` if the process survives it. PID 1 in a container only
/// receives the signals it installed a handler for (and SIGKILL): servers end on their stop signal
/// and on SIGTERM, SIGINT and SIGQUIT, and shrug off reload signals such as SIGHUP; shells and
/// other programs ignore everything but SIGKILL.
pub fn exit_code_on_signal(cat: &Catalogue, c: &Container, image: Option<&LocalImage>, signal: i32) -> Option<i32> {
    if signal == 9 {
        return Some(137);
    }
    let image = image?;
    if !matches!(resolve(cat, c, image), Run::Main) || image.process.kind != ProcessKind::Server {
        return None;
    }
    let ends = signal == stop_signal_number(image) || matches!(signal, 2 | 3 | 15);
    ends.then_some(image.process.stop_exit_code)
}

/// The number of a signal given as `KILL`, `SIGKILL` or `9`.
pub fn signal_number(s: &str) -> Option<i32> {
    if let Ok(n) = s.parse::<i32>() {
        return (1..=64).contains(&n).then_some(n);
    }
    let name = s.to_ascii_uppercase();
    let name = name.strip_prefix("SIG").unwrap_or(&name);
    SIGNALS.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

const SIGNALS: &[(&str, i32)] = &[
    ("HUP", 1),
    ("INT", 2),
    ("QUIT", 3),
    ("ILL", 4),
    ("TRAP", 5),
    ("ABRT", 6),
    ("BUS", 7),
    ("FPE", 8),
    ("KILL", 9),
    ("USR1", 10),
    ("SEGV", 11),
    ("USR2", 12),
    ("PIPE", 13),
    ("ALRM", 14),
    ("TERM", 15),
    ("STKFLT", 16),
    ("CHLD", 17),
    ("CONT", 18),
    ("STOP", 19),
    ("TSTP", 20),
    ("TTIN", 21),
    ("TTOU", 22),
    ("URG", 23),
    ("XCPU", 24),
    ("XFSZ", 25),
    ("VTALRM", 26),
    ("PROF", 27),
    ("WINCH", 28),
    ("IO", 29),
    ("PWR", 30),
    ("SYS", 31),
];

fn stop_signal_number(image: &LocalImage) -> i32 {
    signal_number(&image.config.stop_signal).unwrap_or(15)
}

/// Whether the image has `program` (a name or a path; only its last component counts): the
/// programs of its base system, the ones the image adds, and its own entrypoint and command.
/// The engine fails `docker start` with runc's `executable file not found in $PATH` when the
/// program a container would exec is missing (see [`missing_executable`]).
pub fn command_exists(cat: &Catalogue, image: &LocalImage, program: &str) -> bool {
    let name = basename(program);
    if name.is_empty() || name == "." || name == ".." {
        return false;
    }
    let spec = &image.process;
    if spec.programs.iter().chain(spec.main.iter()).any(|p| p == name) {
        return true;
    }
    let own = |v: &Vec<String>| v.first().is_some_and(|p| basename(p) == name);
    if own(&image.config.entrypoint) || (image.config.entrypoint.is_empty() && own(&image.config.cmd)) {
        return true;
    }
    cat.os(&spec.os).is_some_and(|os| os.programs.iter().any(|p| p == name))
}

/// The program runc would fail to find when this container starts (the first word of its
/// ENTRYPOINT and CMD), or `None` if it exists. The daemon's error then reads
/// `exec: "NAME": executable file not found in $PATH` (or, for a path,
/// `exec: "/x/y": stat /x/y: no such file or directory`).
pub fn missing_executable(cat: &Catalogue, c: &Container, image: &LocalImage) -> Option<String> {
    let first = c.entrypoint.first().or(c.cmd.first())?;
    (!command_exists(cat, image, first)).then(|| first.clone())
}

// ---------------------------------------------------------------------------------------------
// Deciding what runs.

/// What a container's command amounts to.
enum Run {
    /// The image's own main process (its default command, or a command that starts it).
    Main,
    /// Some other program, with its arguments.
    Program(Vec<String>),
    /// The image's entrypoint script was asked to exec a program that does not exist.
    ExecMissing(String),
}

fn resolve(cat: &Catalogue, c: &Container, image: &LocalImage) -> Run {
    let spec = &image.process;
    let (image_ep, image_cmd) = image.main_command();
    let own_ep = !image_ep.is_empty() && c.entrypoint == *image_ep;
    let argv: Vec<String> = if own_ep && spec.wrapper {
        // The entrypoint script runs first and execs what it was given, after its own rules.
        let mut cmd = c.cmd.clone();
        if let Some(first) = cmd.first() {
            let dash = first.starts_with('-');
            let unknown = spec.prepend_unknown && !command_exists(cat, image, first);
            if !spec.dash_prepend.is_empty() && (dash || unknown) {
                cmd.insert(0, spec.dash_prepend.clone());
            }
        }
        if cmd == image_cmd && spec.kind != ProcessKind::Command {
            return Run::Main;
        }
        cmd
    } else {
        let argv: Vec<String> = c.entrypoint.iter().chain(c.cmd.iter()).cloned().collect();
        let default: Vec<String> = image_ep.iter().chain(image_cmd.iter()).cloned().collect();
        if argv == default && spec.kind != ProcessKind::Command {
            return Run::Main;
        }
        argv
    };
    let Some(first) = argv.first() else { return Run::Program(argv) };
    let name = basename(first);
    if spec.main.iter().any(|m| m == name) && !argv.iter().skip(1).any(|a| is_help_or_version(a)) {
        return Run::Main;
    }
    if own_ep && spec.wrapper && !command_exists(cat, image, first) {
        return Run::ExecMissing(first.clone());
    }
    Run::Program(argv)
}

fn is_help_or_version(a: &str) -> bool {
    matches!(a, "--help" | "-?" | "-V" | "--version" | "-v" | "-h" | "--describe-config" | "--print-defaults")
}

/// Starts the image's own process.
fn start_main(ctx: &Ctx, out: &mut Out) -> Option<i32> {
    let spec = &ctx.image.process;
    let env_ok = spec.requires_env.is_empty() || spec.requires_env.iter().any(|k| ctx.env_holds(k));
    if !env_ok {
        render(&spec.missing_env_logs, ctx, true, out, true);
        return Some(1);
    }
    // A database initialises its data directory on the first start only.
    let again = ctx.c.started_at.is_some();
    let interactive = ctx.c.config.open_stdin;
    match spec.kind {
        ProcessKind::Server => {
            let logs = if again && !spec.restart_logs.is_empty() { &spec.restart_logs } else { &spec.logs };
            render(logs, ctx, true, out, true);
            None
        }
        ProcessKind::Shell => {
            if interactive && ctx.c.config.tty {
                render(&spec.tty_logs, ctx, false, out, true);
            } else if !interactive {
                render(&spec.logs, ctx, false, out, true);
            }
            if interactive {
                None
            } else {
                Some(0)
            }
        }
        // A `command` image runs its command as a program (see `resolve`); only a `main`
        // program given as the command gets here, and it is the same script's output.
        ProcessKind::Oneshot | ProcessKind::Command => {
            render(&spec.logs, ctx, false, out, true);
            Some(spec.exit_code)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output.

/// Collects what a process writes as whole lines, each stamped with its time.
struct Out {
    now: SimTime,
    lines: Vec<LogLine>,
}

impl Out {
    fn new(now: SimTime) -> Self {
        Out { now, lines: Vec::new() }
    }

    fn push_at(&mut self, time: SimTime, stderr: bool, text: String) {
        if self.lines.len() < MAX_LINES {
            self.lines.push(LogLine { time, stderr, text });
        }
    }

    fn err(&mut self, text: &str) {
        for l in text.split('\n') {
            let now = self.now;
            self.push_at(now, true, l.to_string());
        }
    }

    /// The lines in time order (templates stamp some ahead of others).
    fn finish(mut self) -> Vec<LogLine> {
        crate::sort::sort_by_key(&mut self.lines, |l| l.time);
        self.lines
    }
}

/// Writes log templates: conditions checked, `{worker}` lines repeated per nginx worker,
/// multi-line texts split, times advanced by `at` offsets (when `timed`) and by a fraction of a
/// millisecond per line, so the timestamps inside the text read like a real log.
fn render(templates: &[LogTemplate], ctx: &Ctx, default_err: bool, out: &mut Out, timed: bool) {
    let mut offset_ms: u64 = 0;
    let mut index: u64 = 0;
    // A process needs a moment before its first line: up to 0.75 s after a start, a few
    // milliseconds after a signal. Derived from the container ID, so replays are identical.
    let lead_us = if timed { 50_000 + ctx.seed % 700_000 } else { ctx.seed % 20_000 };
    for t in templates {
        let (text, stderr, at, if_env, unless_env) = match t {
            LogTemplate::Text(s) => (s.as_str(), default_err, None, "", ""),
            LogTemplate::Line(l) => match (&l.out, &l.err) {
                (Some(o), _) => (o.as_str(), false, l.at, l.if_env.as_str(), l.unless_env.as_str()),
                (None, Some(e)) => (e.as_str(), true, l.at, l.if_env.as_str(), l.unless_env.as_str()),
                (None, None) => continue,
            },
        };
        if let Some(at) = at {
            if timed && at.is_finite() && at >= 0.0 {
                offset_ms = (at.min(86_400.0) * 1000.0) as u64;
            }
        }
        if (!if_env.is_empty() && !ctx.env_holds(if_env)) || (!unless_env.is_empty() && ctx.env_holds(unless_env)) {
            continue;
        }
        let workers: Vec<Option<u32>> = if text.contains("{worker}") {
            (0..CPUS).map(|i| Some(FIRST_WORKER_PID + i)).collect()
        } else {
            vec![None]
        };
        for worker in workers {
            // Steady, deterministic sub-millisecond steps: each line a little after the last.
            let step = index.wrapping_mul(211).wrapping_add(index.wrapping_mul(7919).wrapping_add(ctx.seed) % 97);
            let micros = (out.now + offset_ms) * 1000 + lead_us + step;
            let time = micros / 1000;
            let filled = fill_with(text, &Fill { ctx: Some(ctx), ip: &ctx.ip, micros, worker });
            for l in filled.split('\n') {
                out.push_at(time, stderr, l.to_string());
            }
            index += 1;
        }
    }
}

/// A file the main process writes at its first start (`[tree.started]`), with each
/// `{env:NAME}` filled in from the environment it sees: `dockersamples/static-site` writes its
/// page with `$AUTHOR` in it. Nothing else in the text is a template (pages hold braces).
pub fn fill_started(c: &Container, image: &LocalImage, text: &str) -> String {
    if !text.contains("{env:") {
        return text.to_string();
    }
    let ctx = Ctx::new(c, image, "");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("{env:") {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 5..).unwrap_or("");
        match after.find('}') {
            Some(close) => {
                let names = after.get(..close).unwrap_or("");
                let value = names.split('|').find_map(|n| ctx.env_value(n).filter(|v| !v.is_empty()));
                out.push_str(&value.unwrap_or_default());
                rest = after.get(close + 1..).unwrap_or("");
            }
            None => {
                out.push_str("{env:");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------------
// The container as its main process sees it.

/// The container as its main process sees it.
struct Ctx<'a> {
    c: &'a Container,
    image: &'a LocalImage,
    ip: String,
    /// `(name, value)` in the order the process sees them.
    env: Vec<(String, String)>,
    hostname: String,
    seed: u64,
}

impl<'a> Ctx<'a> {
    fn new(c: &'a Container, image: &'a LocalImage, ip: &str) -> Self {
        let env = c
            .env
            .iter()
            .map(|e| {
                e.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).unwrap_or((e.clone(), String::new()))
            })
            .collect();
        let hostname = c.config.hostname.clone().filter(|h| !h.is_empty()).unwrap_or_else(|| c.short_id().to_string());
        let seed = c.id.bytes().take(16).fold(0u64, |a, b| a.wrapping_mul(131).wrapping_add(b as u64));
        Ctx { c, image, ip: ip.to_string(), env, hostname, seed }
    }

    fn env_value(&self, name: &str) -> Option<String> {
        self.env.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    /// Checks a condition: `NAME` (set and non-empty), `NAME=value`, `PREFIX*` (some variable
    /// starts with PREFIX), alternatives joined by `|`, requirements joined by `,`.
    fn env_holds(&self, cond: &str) -> bool {
        cond.split(',').all(|all| {
            all.split('|').any(|one| {
                let one = one.trim();
                if let Some(prefix) = one.strip_suffix('*') {
                    self.env.iter().any(|(k, _)| k.starts_with(prefix))
                } else if let Some((k, v)) = one.split_once('=') {
                    self.env_value(k).as_deref() == Some(v)
                } else {
                    self.env_value(one).is_some_and(|v| !v.is_empty())
                }
            })
        })
    }
}

fn basename(p: &str) -> &str {
    let p = p.trim_end_matches('/');
    p.rsplit('/').next().unwrap_or(p)
}

#[cfg(test)]
mod tests;
