//! What a container's main process does: the lines it writes when it starts and stops,
//! whether it keeps running, how it answers signals, and the handful of programs a learner can
//! run instead of an image's default command (`docker run ubuntu echo hi`,
//! `docker run python python -c 'print(1+1)'`, `docker run node node --version`).
//!
//! Behaviour comes from the image's `process` entry in the registry and from the base system
//! (`[[os]]`) it names, adjusted for the command the user gave and for the options (`-i` keeps a
//! shell alive). Everything here is a pure function of its inputs; the engine applies the results.
//! Nothing here reads a clock or a random source, and no command line, however odd, makes it
//! panic: the tiny shell and expression interpreters below bound their recursion, their loops and
//! the output they produce. A program we do not model but that the image has runs silently and
//! exits 0; whether a program exists at all is [`command_exists`]'s answer, which the engine uses
//! to fail the start the way runc does.

use super::container::{Container, LogLine};
use super::registry::{self, LogTemplate, OsInfo, ProcessKind};
use super::LocalImage;
use crate::env::{civil, SimTime};
use crate::map::Map;

mod compound;

/// The kernel Docker Desktop's WSL 2 backend runs (the seeds were recorded there); `uname` and
/// nginx's start-up log print it.
pub const KERNEL_RELEASE: &str = "5.15.167.4-microsoft-standard-WSL2";
/// `uname -v` of that kernel.
pub const KERNEL_VERSION: &str = "#1 SMP Tue Nov 5 00:21:55 UTC 2024";
/// CPUs the Docker Desktop VM has (as `docker info` reports): nginx starts one worker per CPU.
pub const CPUS: u32 = 8;
/// PID of the first nginx worker on Docker Desktop; the others follow.
const FIRST_WORKER_PID: u32 = 29;
/// Most lines one start may write, so a loop in a `-c` script cannot flood the log.
const MAX_LINES: usize = 2_000;
/// Longest string the interpreters build (`"a" * 10**9` stops here).
const MAX_STR: usize = 64 * 1024;

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

/// Runs a container's main process up to the point where it either waits or exits.
pub fn on_start(c: &Container, image: Option<&LocalImage>, ip: &str, now: SimTime) -> StartOutcome {
    let Some(image) = image else {
        return StartOutcome { logs: Vec::new(), exit_code: Some(0), ends_at: now };
    };
    let ctx = Ctx::new(c, image, ip, now);
    let mut out = Out::new(now);
    let code = match resolve(c, image) {
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
        Run::Program(argv) => {
            let mut sh = ShellState::new(&ctx);
            run_program(&argv, &ctx, &mut sh, &mut out, Vec::new(), 0)
        }
    };
    let ends_at = out.now;
    StartOutcome { logs: out.finish(), exit_code: code, ends_at }
}

/// Log lines of a graceful stop (the image's STOPSIGNAL reached a process that handles it).
pub fn on_stop(c: &Container, image: Option<&LocalImage>, now: SimTime) -> Vec<LogLine> {
    let Some(image) = image else { return Vec::new() };
    on_signal(c, Some(image), stop_signal_number(image), now)
}

/// Log lines the main process writes when `signal` ends it (empty if the signal does not end it
/// or ends it silently). The engine should use these, rather than [`on_stop`], after
/// `docker kill -s SIG`: httpd says `caught SIGTERM` on SIGTERM but `caught SIGWINCH` on its stop
/// signal.
pub fn on_signal(c: &Container, image: Option<&LocalImage>, signal: i32, now: SimTime) -> Vec<LogLine> {
    let Some(image) = image else { return Vec::new() };
    if !matches!(resolve(c, image), Run::Main) || image.process.kind != ProcessKind::Server {
        return Vec::new();
    }
    if exit_code_on_signal(c, Some(image), signal).is_none() || signal == 9 {
        return Vec::new();
    }
    let spec = &image.process;
    let templates = if signal != stop_signal_number(image) && !spec.term_logs.is_empty() {
        &spec.term_logs
    } else {
        &spec.stop_logs
    };
    let ctx = Ctx::new(c, image, c.ip.as_deref().unwrap_or(""), now);
    let mut out = Out::new(now);
    render(templates, &ctx, true, &mut out, false);
    out.finish()
}

/// The exit code after `docker stop`: servers handle their stop signal and exit (0 for most); a
/// shell or any other program as PID 1 has no handler, so the kernel ignores the signal and docker
/// kills it after the timeout (137).
pub fn exit_code_on_stop(c: &Container, image: Option<&LocalImage>) -> i32 {
    let Some(image) = image else { return 0 };
    exit_code_on_signal(c, Some(image), stop_signal_number(image)).unwrap_or(137)
}

/// The exit code after a signal, or `None` if the process survives it. PID 1 in a container only
/// receives the signals it installed a handler for (and SIGKILL): servers end on their stop signal
/// and on SIGTERM, SIGINT and SIGQUIT, and shrug off reload signals such as SIGHUP; shells and
/// other programs ignore everything but SIGKILL.
pub fn exit_code_on_signal(c: &Container, image: Option<&LocalImage>, signal: i32) -> Option<i32> {
    if signal == 9 {
        return Some(137);
    }
    let image = image?;
    if !matches!(resolve(c, image), Run::Main) || image.process.kind != ProcessKind::Server {
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
pub fn command_exists(image: &LocalImage, program: &str) -> bool {
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
    registry::base_system(&spec.os).is_some_and(|os| os.programs.iter().any(|p| p == name))
}

/// The program runc would fail to find when this container starts (the first word of its
/// ENTRYPOINT and CMD), or `None` if it exists. The daemon's error then reads
/// `exec: "NAME": executable file not found in $PATH` (or, for a path,
/// `exec: "/x/y": stat /x/y: no such file or directory`).
pub fn missing_executable(c: &Container, image: &LocalImage) -> Option<String> {
    let first = c.entrypoint.first().or(c.cmd.first())?;
    (!command_exists(image, first)).then(|| first.clone())
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

fn resolve(c: &Container, image: &LocalImage) -> Run {
    let spec = &image.process;
    let image_ep = &image.config.entrypoint;
    let own_ep = !image_ep.is_empty() && c.entrypoint == *image_ep;
    let argv: Vec<String> = if own_ep && spec.wrapper {
        // The entrypoint script runs first and execs what it was given, after its own rules.
        let mut cmd = c.cmd.clone();
        if let Some(first) = cmd.first() {
            let dash = first.starts_with('-');
            let unknown = spec.prepend_unknown && !command_exists(image, first);
            if !spec.dash_prepend.is_empty() && (dash || unknown) {
                cmd.insert(0, spec.dash_prepend.clone());
            }
        }
        if cmd == image.config.cmd {
            return Run::Main;
        }
        cmd
    } else {
        let argv: Vec<String> = c.entrypoint.iter().chain(c.cmd.iter()).cloned().collect();
        let default: Vec<String> = image_ep.iter().chain(image.config.cmd.iter()).cloned().collect();
        if argv == default {
            return Run::Main;
        }
        argv
    };
    let Some(first) = argv.first() else { return Run::Program(argv) };
    let name = basename(first);
    if spec.main.iter().any(|m| m == name) && !argv.iter().skip(1).any(|a| is_help_or_version(a)) {
        return Run::Main;
    }
    if own_ep && spec.wrapper && !command_exists(image, first) {
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
        ProcessKind::Oneshot => {
            render(&spec.logs, ctx, false, out, true);
            Some(spec.exit_code)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output.

/// Collects what a process writes, stream by stream, turning text into whole lines.
struct Out {
    now: SimTime,
    lines: Vec<LogLine>,
    partial: Option<(bool, String)>,
    /// Which of `lines` background jobs wrote (see `compound`).
    background: Vec<std::ops::Range<usize>>,
}

impl Out {
    fn new(now: SimTime) -> Self {
        Out { now, lines: Vec::new(), partial: None, background: Vec::new() }
    }

    fn full(&self) -> bool {
        self.lines.len() >= MAX_LINES
    }

    /// Drops what background jobs would have written after `time`: they die with the shell
    /// that started them.
    fn kill_background_after(&mut self, time: SimTime) {
        let ranges = std::mem::take(&mut self.background);
        let mut index = 0usize;
        self.lines.retain(|l| {
            let keep = l.time <= time || !ranges.iter().any(|r| r.contains(&index));
            index += 1;
            keep
        });
    }

    /// The process's clock set back to `time`: a background job ran ahead of the script.
    fn advance_to(&mut self, time: SimTime) {
        self.flush();
        self.now = time;
    }

    /// Time passes for the process (`sleep`): what it writes next is stamped later.
    fn advance(&mut self, ms: SimTime) {
        self.flush();
        self.now = self.now.saturating_add(ms);
    }

    fn push_at(&mut self, time: SimTime, stderr: bool, text: String) {
        if !self.full() {
            self.lines.push(LogLine { time, stderr, text });
        }
    }

    fn line(&mut self, stderr: bool, text: &str) {
        self.flush();
        let now = self.now;
        self.push_at(now, stderr, text.to_string());
    }

    fn out(&mut self, text: &str) {
        for l in text.split('\n') {
            self.line(false, l);
        }
    }

    fn err(&mut self, text: &str) {
        for l in text.split('\n') {
            self.line(true, l);
        }
    }

    /// Raw text that may or may not end a line (`print "a"` in Perl, `echo -n`).
    fn write(&mut self, stderr: bool, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            let (piece, ended, next) = match rest.find('\n') {
                Some(i) => (rest.get(..i).unwrap_or(""), true, rest.get(i + 1..).unwrap_or("")),
                None => (rest, false, ""),
            };
            let mut cur = match self.partial.take() {
                Some((s, t)) if s == stderr => t,
                Some((s, t)) => {
                    let now = self.now;
                    self.push_at(now, s, t);
                    String::new()
                }
                None => String::new(),
            };
            cur.push_str(piece);
            if ended {
                let now = self.now;
                self.push_at(now, stderr, cur);
            } else {
                self.partial = Some((stderr, cur));
            }
            rest = next;
        }
    }

    fn flush(&mut self) {
        if let Some((s, t)) = self.partial.take() {
            let now = self.now;
            self.push_at(now, s, t);
        }
    }

    /// The lines in the order they were written, which is time order once background jobs
    /// (stamped ahead of the script) are merged in: a stable sort by time.
    fn finish(mut self) -> Vec<LogLine> {
        self.flush();
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
                out.flush();
                out.push_at(time, stderr, l.to_string());
            }
            index += 1;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Templates.

/// Fills a log template: `{ip}`, `{apache_time}` (`Tue Feb 11 07:00:00.123456 2025`),
/// `{apache22_time}` (`Tue Feb 11 07:00:00 2025`), `{nginx_time}` (`2025/02/11 07:00:00`),
/// `{iso_time}` (`2025-02-11T07:00:00.123456Z`, mysqld), `{entrypoint_time}`
/// (`2025-02-11 07:00:00+00:00`, `date --rfc-3339=seconds`), `{pg_time}`
/// (`2025-02-11 07:00:00.123 UTC`), `{pg_time_s}` (`2025-02-11 07:00:00 UTC`), `{mariadb_time}`
/// (`2025-02-11  7:00:00`), `{mariadb_short}` (`250211  7:00:00`), `{go_time}`
/// (`2025-02-11T07:00:00.123456789Z`), `{puma_time}` (`2025-02-11 07:00:00 +0000`), `{date}`
/// (`Tue Feb 11 07:00:00 UTC 2025`), `{fpm_time}` (`11-Feb-2025 07:00:00`) and `{kernel}`. Container-specific keys (`{hostname}`,
/// `{env:NAME}`, `{env_names:PREFIX}`, `{uuid}`, `{secret}`, `{worker}`) are filled when the
/// engine renders a container's logs. Unknown `{...}` text is left alone.
pub fn fill(template: &str, ip: &str, now: SimTime) -> String {
    fill_with(template, &Fill { ctx: None, ip, micros: now * 1000, worker: None })
}

struct Fill<'a> {
    ctx: Option<&'a Ctx<'a>>,
    ip: &'a str,
    micros: u64,
    worker: Option<u32>,
}

fn fill_with(template: &str, f: &Fill) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find('}') {
            Some(close) if !after.get(..close).unwrap_or("{").contains('{') => {
                let key = after.get(..close).unwrap_or("");
                match expand_key(key, f) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn expand_key(key: &str, f: &Fill) -> Option<String> {
    let secs = f.micros / 1_000_000;
    let us = f.micros % 1_000_000;
    let (y, mo, d, h, mi, s) = civil(secs);
    let dow = DAYS.get(((secs / 86_400) % 7) as usize).copied().unwrap_or("Thu");
    let mon = MONTHS.get((mo as usize).saturating_sub(1)).copied().unwrap_or("Jan");
    let v = match key {
        "ip" => f.ip.to_string(),
        "apache_time" => format!("{dow} {mon} {d:02} {h:02}:{mi:02}:{s:02}.{us:06} {y}"),
        "apache22_time" => format!("{dow} {mon} {d:02} {h:02}:{mi:02}:{s:02} {y}"),
        "nginx_time" => format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}"),
        "iso_time" => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{us:06}Z"),
        "entrypoint_time" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}+00:00"),
        "pg_time" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{:03} UTC", us / 1000),
        "pg_time_s" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC"),
        "mariadb_time" => format!("{y:04}-{mo:02}-{d:02} {h:2}:{mi:02}:{s:02}"),
        "mariadb_short" => format!("{:02}{mo:02}{d:02} {h:2}:{mi:02}:{s:02}", y.rem_euclid(100)),
        "go_time" => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{us:06}{:03}Z", (us * 7 + 311) % 1000),
        "puma_time" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} +0000"),
        "fpm_time" => format!("{d:02}-{mon}-{y:04} {h:02}:{mi:02}:{s:02}"),
        "date" => format!("{dow} {mon} {d:>2} {h:02}:{mi:02}:{s:02} UTC {y}"),
        "kernel" => KERNEL_RELEASE.to_string(),
        "cpus" => CPUS.to_string(),
        "worker" => f.worker?.to_string(),
        _ => {
            let ctx = f.ctx?;
            match key.split_once(':') {
                Some(("env", names)) => {
                    names.split('|').find_map(|n| ctx.env_value(n).filter(|v| !v.is_empty())).unwrap_or_default()
                }
                Some(("env_names", prefix)) => {
                    let mut names: Vec<&str> =
                        ctx.env.iter().filter_map(|(k, _)| k.starts_with(prefix).then_some(k.as_str())).collect();
                    crate::sort::sort(&mut names);
                    names.join(" ")
                }
                None => match key {
                    "hostname" => ctx.hostname.clone(),
                    "id" => ctx.c.short_id().to_string(),
                    "uuid" => uuid_from(&ctx.c.id),
                    "secret" => secret_from(&ctx.c.id),
                    _ => return None,
                },
                _ => return None,
            }
        }
    };
    Some(v)
}

/// A version-4-shaped UUID derived from the container ID (the registry's `instance.id`).
fn uuid_from(id: &str) -> String {
    let hex = registry::sha256_hex(format!("uuid\0{id}").as_bytes());
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or("0");
    format!("{}-{}-4{}-a{}-{}", part(0, 8), part(8, 12), part(13, 16), part(17, 20), part(20, 32))
}

/// A 32-character password derived from the container ID (MYSQL_RANDOM_ROOT_PASSWORD).
fn secret_from(id: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let hex = registry::sha256_hex(format!("secret\0{id}").as_bytes());
    hex.as_bytes()
        .chunks(2)
        .take(32)
        .map(|p| {
            let v = p.iter().fold(0usize, |acc, b| acc * 16 + (*b as char).to_digit(16).unwrap_or(0) as usize);
            ALPHABET.get(v % 64).copied().unwrap_or(b'A') as char
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The container as a running program sees it.

struct Ctx<'a> {
    c: &'a Container,
    image: &'a LocalImage,
    os: Option<&'static OsInfo>,
    ip: String,
    now: SimTime,
    /// `(name, value)` in the order the process sees them.
    env: Vec<(String, String)>,
    hostname: String,
    seed: u64,
}

impl<'a> Ctx<'a> {
    fn new(c: &'a Container, image: &'a LocalImage, ip: &str, now: SimTime) -> Self {
        let env = c
            .env
            .iter()
            .map(|e| {
                e.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).unwrap_or((e.clone(), String::new()))
            })
            .collect();
        let hostname = c.config.hostname.clone().filter(|h| !h.is_empty()).unwrap_or_else(|| c.short_id().to_string());
        let seed = c.id.bytes().take(16).fold(0u64, |a, b| a.wrapping_mul(131).wrapping_add(b as u64));
        Ctx { c, image, os: registry::base_system(&image.process.os), ip: ip.to_string(), now, env, hostname, seed }
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

    fn workdir(&self) -> String {
        match &self.c.config.workdir {
            Some(w) if !w.is_empty() => w.clone(),
            _ if !self.image.config.workdir.is_empty() => self.image.config.workdir.clone(),
            _ => "/".to_string(),
        }
    }

    fn user(&self) -> String {
        match &self.c.config.user {
            Some(u) if !u.is_empty() => u.clone(),
            _ if !self.image.config.user.is_empty() => self.image.config.user.clone(),
            _ => "root".to_string(),
        }
    }

    fn version(&self, program: &str) -> Option<&Vec<LogTemplate>> {
        self.image.process.version.get(program)
    }

    fn has(&self, program: &str) -> bool {
        command_exists(self.image, program)
    }

    fn sh_flavour(&self) -> &str {
        self.os.as_ref().map(|o| o.sh.as_str()).filter(|s| !s.is_empty()).unwrap_or("dash")
    }
}

/// Longest sleep we count: beyond a century the process is as good as asleep forever.
const MAX_SLEEP_MS: f64 = 100.0 * 365.0 * 86_400_000.0;

/// How long `sleep ARGS` sleeps in ms, as coreutils and busybox read it: each argument a
/// number with an optional `s`, `m`, `h` or `d` suffix, the sum of all of them.
/// `Ok(None)`: forever (`infinity`, or longer than we count). `Err(Some(arg))`: an invalid
/// interval; `Err(None)`: no operand.
fn sleep_ms(args: &[String]) -> Result<Option<SimTime>, Option<String>> {
    if args.is_empty() {
        return Err(None);
    }
    let mut total = 0.0f64;
    for a in args {
        let (num, unit) = match a.char_indices().last() {
            Some((i, c)) if matches!(c, 's' | 'm' | 'h' | 'd') => (a.get(..i).unwrap_or(""), c),
            _ => (a.as_str(), 's'),
        };
        let secs = match num.parse::<f64>() {
            Ok(n) if n.is_finite() && n >= 0.0 && !num.starts_with(['+', '-']) => n,
            Ok(n) if n.is_infinite() && n > 0.0 => return Ok(None),
            _ if num.eq_ignore_ascii_case("infinity") || num.eq_ignore_ascii_case("inf") => return Ok(None),
            _ => return Err(Some(a.clone())),
        };
        let factor = match unit {
            'm' => 60.0,
            'h' => 3_600.0,
            'd' => 86_400.0,
            _ => 1.0,
        };
        total += secs * factor * 1000.0;
    }
    if total > MAX_SLEEP_MS {
        return Ok(None);
    }
    Ok(Some(total.round() as SimTime))
}

fn basename(p: &str) -> &str {
    let p = p.trim_end_matches('/');
    p.rsplit('/').next().unwrap_or(p)
}

// ---------------------------------------------------------------------------------------------
// Programs.

/// Variables and working directory of a `sh -c` script (or of the single program run).
#[derive(Clone)]
struct ShellState {
    vars: Vec<(String, String)>,
    cwd: String,
    last: i32,
    /// Which shell runs the script: `bash`, `dash` (Debian's /bin/sh) or `ash` (busybox): it
    /// decides the wording of its errors. `sh` is whatever /bin/sh is on the base system.
    flavour: String,
    /// `bash`'s errors name it; `sh` ones name `sh`.
    name: String,
    /// `exit` ran: the script ends (compound commands stop at once).
    exited: bool,
    /// Loop iterations so far in this start (see `compound`).
    iterations: u32,
    /// Lines piped into the command that runs next (`... | while read x`).
    input: Vec<String>,
}

impl ShellState {
    fn new(ctx: &Ctx) -> Self {
        ShellState {
            vars: Vec::new(),
            cwd: ctx.workdir(),
            last: 0,
            flavour: ctx.sh_flavour().to_string(),
            name: "sh".to_string(),
            exited: false,
            iterations: 0,
            input: Vec::new(),
        }
    }

    /// Sets a shell variable, replacing its old value (a loop assigns it again and again).
    fn set(&mut self, name: String, value: String) {
        match self.vars.iter_mut().find(|(k, _)| *k == name) {
            Some(slot) => slot.1 = value,
            None => self.vars.push((name, value)),
        }
    }

    fn get(&self, ctx: &Ctx, name: &str) -> Option<String> {
        if let Some((_, v)) = self.vars.iter().rev().find(|(k, _)| k == name) {
            return Some(v.clone());
        }
        match name {
            "?" => Some(self.last.to_string()),
            "$" => Some("1".to_string()),
            "HOSTNAME" => Some(ctx.hostname.clone()),
            "HOME" => Some(ctx.env_value("HOME").unwrap_or_else(|| {
                if ctx.user() == "root" {
                    "/root".into()
                } else {
                    "/".into()
                }
            })),
            "PWD" => Some(self.cwd.clone()),
            _ => ctx.env_value(name),
        }
    }
}

/// Commands a POSIX shell runs itself, so they exist in a script whatever the image has.
const SH_BUILTINS: &[&str] = &[
    ":", "echo", "printf", "true", "false", "test", "[", "pwd", "exit", "cd", "export", "unset", "read", "set", "type",
    "command", "exec", "kill", "wait", "shift", "source", ".", "eval", "trap", "umask", "ulimit",
];

/// Programs that read what is piped into them (others leave it for the next one).
const STDIN_READERS: &[&str] =
    &["cat", "grep", "wc", "head", "tail", "sort", "uniq", "tr", "sed", "awk", "xargs", "tee", "cut"];

/// Shell grammar words this small interpreter does not execute.
const SH_KEYWORDS: &[&str] = &[
    "for", "while", "until", "if", "then", "else", "elif", "fi", "case", "esac", "do", "done", "function", "select",
    "{", "}", "(", "[[", "((",
];

/// Runs one program with its arguments; `stdin` holds what a pipe feeds it. Returns the exit
/// code, or `None` if it keeps running (a shell with an open stdin, `sleep`, a REPL with `-i`).
fn run_program(
    argv: &[String],
    ctx: &Ctx,
    sh: &mut ShellState,
    out: &mut Out,
    stdin: Vec<String>,
    depth: u32,
) -> Option<i32> {
    let Some(first) = argv.first() else { return Some(0) };
    let args: &[String] = argv.get(1..).unwrap_or(&[]);
    let prog = basename(first);
    let interactive = ctx.c.config.open_stdin;
    let arg = |i: usize| args.get(i).map(String::as_str);
    let builtin_here = depth > 0 && SH_BUILTINS.contains(&prog);
    if !ctx.has(first) && !builtin_here {
        if depth == 0 {
            // The engine refuses to start such a container (runc's `executable file not found`,
            // exit 127) before we get here; should it not, the program still does not run.
            return Some(127);
        }
        let name = &sh.name;
        let text = match sh.flavour.as_str() {
            "bash" => format!("{name}: line 1: {prog}: command not found"),
            "ash" => format!("{name}: {prog}: not found"),
            _ => format!("{name}: 1: {prog}: not found"),
        };
        out.err(&text);
        return Some(127);
    }
    if let Some(code) = version_reply(prog, args, ctx, out) {
        return Some(code);
    }
    match prog {
        "sh" | "bash" | "ash" | "dash" => run_shell(prog, args, ctx, sh, out, depth),
        "echo" => {
            let (newline, words) = match arg(0) {
                Some("-n") => (false, args.get(1..).unwrap_or(&[])),
                _ => (true, args),
            };
            let text = words.iter().filter(|w| *w != "-e").cloned().collect::<Vec<_>>().join(" ");
            let text = if args.iter().any(|a| a == "-e") || prog == "echo" && sh.flavour == "dash" && depth > 0 {
                unescape(&text)
            } else {
                text
            };
            out.write(false, &text);
            if newline {
                out.write(false, "\n");
            }
            Some(0)
        }
        "printf" => {
            let fmt = arg(0).unwrap_or("");
            out.write(false, &printf(fmt, args.get(1..).unwrap_or(&[])));
            Some(0)
        }
        "true" | ":" => Some(0),
        "false" => Some(1),
        "test" | "[" => Some(test(prog, args, ctx, sh, out)),
        "seq" => {
            let nums: Vec<i64> = args.iter().filter_map(|a| a.parse().ok()).collect();
            let (first, step, last) = match nums.as_slice() {
                [l] => (1, 1, *l),
                [f, l] => (*f, 1, *l),
                [f, s, l] => (*f, *s, *l),
                _ => return Some(1),
            };
            let mut n = first;
            while step != 0 && ((step > 0 && n <= last) || (step < 0 && n >= last)) && !out.full() {
                out.out(&n.to_string());
                n = n.saturating_add(step);
            }
            Some(0)
        }
        "sleep" => match sleep_ms(args) {
            // The process sleeps for real: what it does next happens that much later.
            Ok(Some(ms)) => {
                out.advance(ms);
                Some(0)
            }
            Ok(None) => None,
            Err(bad) => {
                // busybox (alpine, busybox) words it its own way and has no --help hint.
                let busybox = ctx.os.is_some_and(|o| o.ps == "busybox");
                match (bad, busybox) {
                    (Some(a), true) => out.err(&format!("sleep: invalid number '{a}'")),
                    (Some(a), false) => out.err(&format!("sleep: invalid time interval '{a}'")),
                    (None, _) => out.err("sleep: missing operand"),
                }
                if !busybox {
                    out.err("Try 'sleep --help' for more information.");
                }
                Some(1)
            }
        },
        "tail" if args.iter().any(|a| a == "-f" || a == "-F" || a.starts_with("--follow")) => None,
        "top" | "watch" | "yes" => None,
        "cat" => {
            if args.is_empty() || args.iter().all(|a| a == "-") {
                for l in &stdin {
                    out.out(l);
                }
                return if interactive && stdin.is_empty() && depth == 0 { None } else { Some(0) };
            }
            let mut code = 0;
            for a in args.iter().filter(|a| !a.starts_with('-')) {
                let path = absolute(&sh.cwd, a);
                match read_file(ctx, &path) {
                    Ok(lines) => lines.iter().for_each(|l| out.out(l)),
                    Err(e) => {
                        out.err(&format!("cat: {a}: {e}"));
                        code = 1;
                    }
                }
            }
            Some(code)
        }
        "ls" => run_ls(args, ctx, sh, out),
        "pwd" => {
            out.out(&sh.cwd);
            Some(0)
        }
        "whoami" => {
            out.out(&ctx.user());
            Some(0)
        }
        "id" => {
            let line = match ctx.os.as_ref().map(|o| o.id_root.clone()).filter(|s| !s.is_empty()) {
                Some(l) if ctx.user() == "root" => l,
                _ if ctx.user() == "root" => "uid=0(root) gid=0(root) groups=0(root)".to_string(),
                _ => format!("uid=1000({u}) gid=1000({u}) groups=1000({u})", u = ctx.user()),
            };
            out.out(&line);
            Some(0)
        }
        "hostname" => {
            out.out(&ctx.hostname);
            Some(0)
        }
        "uname" => {
            out.out(&uname(args, ctx));
            Some(0)
        }
        "arch" => {
            out.out("x86_64");
            Some(0)
        }
        "nproc" => {
            out.out(&CPUS.to_string());
            Some(0)
        }
        "date" if args.first().is_some_and(|a| a.starts_with('+')) => {
            let fmt = args.first().and_then(|a| a.get(1..)).unwrap_or("");
            out.out(&crate::shell::builtins::strftime(out.now, fmt));
            Some(0)
        }
        "date" => {
            out.out(&fill_with("{date}", &Fill { ctx: None, ip: "", micros: ctx.now * 1000, worker: None }));
            Some(0)
        }
        "env" | "printenv" => {
            let env = process_env(ctx, sh);
            let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            if prog == "printenv" && !names.is_empty() {
                let mut code = 0;
                for n in names {
                    match env.iter().find(|(k, _)| k == n) {
                        Some((_, v)) => out.out(v),
                        None => code = 1,
                    }
                }
                return Some(code);
            }
            if prog == "env" && !names.is_empty() {
                // `env CMD ARGS`: run the command (assignments are folded into the shell state).
                let mut rest = args.iter().skip_while(|a| a.starts_with('-')).peekable();
                while let Some(a) = rest.peek() {
                    match a.split_once('=') {
                        Some((k, v)) => {
                            sh.set(k.to_string(), v.to_string());
                            rest.next();
                        }
                        None => break,
                    }
                }
                let cmd: Vec<String> = rest.cloned().collect();
                if !cmd.is_empty() {
                    return run_program(&cmd, ctx, sh, out, stdin, depth + 1);
                }
            }
            for (k, v) in process_env(ctx, sh) {
                out.out(&format!("{k}={v}"));
            }
            Some(0)
        }
        "ps" => {
            let kind = ctx.os.as_ref().map(|o| o.ps.as_str()).unwrap_or("");
            if kind == "busybox" {
                out.out("PID   USER     TIME  COMMAND");
                out.out(&format!("{:>5} {:<8} {:>5} {}", 1, ctx.user(), "0:00", argv.join(" ")));
            } else {
                out.out("    PID TTY          TIME CMD");
                out.out(&format!("      1 {:<8} 00:00:00 ps", if ctx.c.config.tty { "pts/0" } else { "?" }));
            }
            Some(0)
        }
        "which" | "command" => {
            let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
            let mut code = 0;
            for n in names {
                if ctx.has(n) {
                    let dir = if ctx.image.process.programs.iter().any(|p| p == n.as_str()) {
                        "/usr/local/bin"
                    } else {
                        "/usr/bin"
                    };
                    out.out(&format!("{dir}/{n}"));
                } else {
                    code = 1;
                }
            }
            Some(code)
        }
        "grep" => {
            let pattern = args.iter().find(|a| !a.starts_with('-')).cloned().unwrap_or_default();
            let invert = args.iter().any(|a| a == "-v");
            let matched: Vec<&String> = stdin.iter().filter(|l| l.contains(pattern.as_str()) != invert).collect();
            matched.iter().for_each(|l| out.out(l));
            Some(if matched.is_empty() { 1 } else { 0 })
        }
        "wc" => {
            // One count, as `wc -l`/`-w`/`-c` print it when reading a pipe.
            let count = if args.iter().any(|a| a == "-w") {
                stdin.iter().map(|l| l.split_whitespace().count()).sum::<usize>()
            } else if args.iter().any(|a| a == "-c" || a == "-m") {
                stdin.iter().map(|l| l.len() + 1).sum::<usize>()
            } else {
                stdin.len()
            };
            out.out(&count.to_string());
            Some(0)
        }
        "head" | "tail" => {
            let n = args
                .iter()
                .enumerate()
                .find_map(|(i, a)| {
                    if a == "-n" {
                        args.get(i + 1).and_then(|v| v.parse().ok())
                    } else {
                        a.strip_prefix('-').and_then(|v| v.parse().ok())
                    }
                })
                .unwrap_or(10usize);
            let lines: Vec<&String> = if prog == "head" {
                stdin.iter().take(n).collect()
            } else {
                stdin.iter().skip(stdin.len().saturating_sub(n)).collect()
            };
            lines.iter().for_each(|l| out.out(l));
            Some(0)
        }
        "sort" => {
            let mut lines = stdin;
            crate::sort::sort(&mut lines);
            lines.iter().for_each(|l| out.out(l));
            Some(0)
        }
        "exit" => Some(arg(0).and_then(|a| a.parse::<i32>().ok()).map(|c| c.rem_euclid(256)).unwrap_or(sh.last)),
        "exec" if !args.is_empty() => run_program(args, ctx, sh, out, stdin, depth + 1),
        p if is_python(p) => run_python(args, ctx, out),
        "node" | "nodejs" => run_node(args, ctx, out),
        "ruby" => run_script_lang(Lang::Ruby, args, ctx, out, "-e"),
        "irb" => repl(ctx, out),
        p if p == "perl" || p.starts_with("perl5") => run_perl(args, ctx, out),
        "php" => run_php(args, ctx, out),
        "java" => run_java(args, ctx, out),
        "jshell" => repl(ctx, out),
        "gcc" | "g++" | "cc" | "c++" => run_gcc(prog, args, out),
        _ => Some(0),
    }
}

/// `PROGRAM --version` and friends, from the image's `version` table.
fn version_reply(prog: &str, args: &[String], ctx: &Ctx, out: &mut Out) -> Option<i32> {
    let flag = args.first().map(String::as_str)?;
    let key = canonical_program(prog);
    let wants = match key {
        "python3" | "pip" => matches!(flag, "--version" | "-V"),
        "node" | "npm" | "yarn" => matches!(flag, "--version" | "-v"),
        "java" | "javac" => matches!(flag, "-version" | "--version"),
        "ruby" => matches!(flag, "--version" | "-v"),
        "perl" => matches!(flag, "--version" | "-v"),
        "php" => matches!(flag, "--version" | "-v"),
        "nginx" => matches!(flag, "-v" | "-V"),
        "httpd" | "apache2" => matches!(flag, "-v" | "-V"),
        "gcc" => matches!(flag, "--version"),
        _ => matches!(flag, "--version" | "-V"),
    };
    if !wants {
        return None;
    }
    let templates = ctx.version(key).or_else(|| ctx.version(prog))?;
    // `java --version` prints to stdout and says `openjdk 17.0.2` where `-version` (stderr)
    // says `openjdk version "17.0.2"`.
    if key == "java" && flag == "--version" {
        let mut tmp = Out::new(out.now);
        render(templates, ctx, false, &mut tmp, false);
        for l in tmp.finish() {
            out.out(&l.text.replacen(" version \"", " ", 1).replacen('"', "", 1));
        }
        return Some(0);
    }
    render(templates, ctx, false, out, false);
    Some(0)
}

fn canonical_program(prog: &str) -> &str {
    match prog {
        p if is_python(p) => "python3",
        "pip3" | "pip" => "pip",
        p if p.starts_with("pip3.") => "pip",
        "nodejs" => "node",
        p if p.starts_with("perl5") => "perl",
        "g++" | "cc" | "c++" | "gcc" => "gcc",
        p if p.starts_with("gcc-") => "gcc",
        "mariadbd" | "mysqld" => "mysqld",
        p => p,
    }
}

fn is_python(p: &str) -> bool {
    p == "python"
        || p == "python3"
        || p.strip_prefix("python3.").is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
}

/// The environment a process sees, in the order `env` prints it: PATH, HOSTNAME, TERM (with a
/// TTY), the image's and the user's variables, then HOME.
fn process_env(ctx: &Ctx, sh: &ShellState) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = Vec::new();
    let path = ctx
        .env_value("PATH")
        .unwrap_or_else(|| "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin".to_string());
    env.push(("PATH".into(), path));
    env.push(("HOSTNAME".into(), ctx.hostname.clone()));
    if ctx.c.config.tty {
        env.push(("TERM".into(), "xterm".into()));
    }
    for (k, v) in ctx.env.iter().chain(sh.vars.iter()) {
        if k == "PATH" || k == "HOSTNAME" {
            continue;
        }
        match env.iter_mut().find(|(ek, _)| ek == k) {
            Some(slot) => slot.1 = v.clone(),
            None => env.push((k.clone(), v.clone())),
        }
    }
    if !env.iter().any(|(k, _)| k == "HOME") {
        env.push(("HOME".into(), if ctx.user() == "root" { "/root".into() } else { "/".into() }));
    }
    env
}

fn uname(args: &[String], ctx: &Ctx) -> String {
    let os_name = ctx.os.as_ref().map(|o| o.uname_os.as_str()).filter(|s| !s.is_empty()).unwrap_or("GNU/Linux");
    let all = args.iter().any(|a| a == "-a" || a == "--all");
    let mut parts: Vec<String> = Vec::new();
    let flags: String =
        args.iter().filter(|a| a.starts_with('-') && !a.starts_with("--")).map(|a| a.trim_start_matches('-')).collect();
    let want = |c: char| all || flags.contains(c);
    if want('s') || (!all && flags.is_empty()) {
        parts.push("Linux".into());
    }
    if want('n') {
        parts.push(ctx.hostname.clone());
    }
    if want('r') {
        parts.push(KERNEL_RELEASE.into());
    }
    if want('v') {
        parts.push(KERNEL_VERSION.into());
    }
    if want('m') {
        parts.push("x86_64".into());
    }
    if os_name == "GNU/Linux" && (flags.contains('p') || flags.contains('i')) {
        parts.push("unknown".into());
    }
    if want('o') {
        parts.push(os_name.into());
    }
    parts.join(" ")
}

fn absolute(cwd: &str, path: &str) -> String {
    if path.starts_with('/') {
        path.to_string()
    } else if cwd.ends_with('/') {
        format!("{cwd}{path}")
    } else {
        format!("{cwd}/{path}")
    }
}

/// The few files a container can `cat`: the base system's identity files and the ones docker
/// writes (`/etc/hostname`, `/etc/hosts`).
fn read_file(ctx: &Ctx, path: &str) -> Result<Vec<String>, &'static str> {
    match path {
        "/etc/hostname" => return Ok(vec![ctx.hostname.clone()]),
        "/etc/hosts" => {
            let mut lines = vec![
                "127.0.0.1\tlocalhost".to_string(),
                "::1\tlocalhost ip6-localhost ip6-loopback".to_string(),
                "fe00::\tip6-localnet".to_string(),
                "ff00::\tip6-mcastprefix".to_string(),
                "ff02::1\tip6-allnodes".to_string(),
                "ff02::2\tip6-allrouters".to_string(),
            ];
            if !ctx.ip.is_empty() {
                lines.push(format!("{}\t{}", ctx.ip, ctx.hostname));
            }
            return Ok(lines);
        }
        "/proc/version" => {
            return Ok(vec![format!("Linux version {KERNEL_RELEASE} (root@65c757a8e1b5) (gcc (GCC) 11.2.0, GNU ld (GNU Binutils) 2.37) {KERNEL_VERSION}")]);
        }
        _ => {}
    }
    let os = ctx.os.as_ref();
    if let Some(lines) = os.and_then(|o| {
        o.files.get(path).or_else(|| (path == "/usr/lib/os-release").then(|| o.files.get("/etc/os-release")).flatten())
    }) {
        return Ok(lines.clone());
    }
    let top = path.trim_start_matches('/').split('/').next().unwrap_or("");
    let is_dir = path == "/"
        || (os.is_some_and(|o| o.root.iter().any(|r| r == top)) && !path.trim_start_matches('/').contains('/'));
    Err(if is_dir { "Is a directory" } else { "No such file or directory" })
}

fn run_ls(args: &[String], ctx: &Ctx, sh: &ShellState, out: &mut Out) -> Option<i32> {
    let all = args.iter().any(|a| a.starts_with('-') && !a.starts_with("--") && a.contains('a'));
    let paths: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let root: Vec<String> = ctx.os.as_ref().map(|o| o.root.clone()).unwrap_or_default();
    let target = paths.first().map(|p| absolute(&sh.cwd, p)).unwrap_or_else(|| sh.cwd.clone());
    let target = if target.len() > 1 { target.trim_end_matches('/').to_string() } else { target };
    let mut entries: Vec<String> = if target == "/" {
        root
    } else if root.iter().any(|r| format!("/{r}") == target) || target == ctx.workdir() {
        Vec::new()
    } else if read_file(ctx, &target).is_ok() {
        vec![paths.first().map(|p| p.to_string()).unwrap_or(target.clone())]
    } else {
        out.err(&format!(
            "ls: cannot access '{}': No such file or directory",
            paths.first().map(|p| p.as_str()).unwrap_or(&target)
        ));
        return Some(2);
    };
    if all {
        entries.insert(0, "..".into());
        entries.insert(0, ".".into());
    }
    if ctx.c.config.tty {
        for l in columns(&entries, 80) {
            out.out(&l);
        }
    } else {
        entries.iter().for_each(|e| out.out(e));
    }
    Some(0)
}

/// `ls` on a terminal: names in columns, filled top to bottom, as wide as fits.
fn columns(names: &[String], width: usize) -> Vec<String> {
    if names.is_empty() {
        return Vec::new();
    }
    for rows in 1..=names.len() {
        let cols = names.len().div_ceil(rows);
        let widths: Vec<usize> = (0..cols)
            .map(|c| names.iter().skip(c * rows).take(rows).map(|n| n.chars().count()).max().unwrap_or(0))
            .collect();
        let total: usize = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
        if total <= width || rows == names.len() {
            return (0..rows)
                .map(|r| {
                    let mut line = String::new();
                    for (c, w) in widths.iter().enumerate() {
                        if let Some(n) = names.get(c * rows + r) {
                            let last = names.get((c + 1) * rows + r).is_none();
                            line.push_str(n);
                            if !last {
                                line.push_str(&" ".repeat(w + 2 - n.chars().count()));
                            }
                        }
                    }
                    line
                })
                .collect();
        }
    }
    Vec::new()
}

fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('e') => out.push('\u{1b}'),
            Some(o) => {
                out.push('\\');
                out.push(o);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// `printf FORMAT ARGS`: `%s`, `%d`, `%%` and backslash escapes; the format is reused while
/// arguments remain, as the shell's printf does.
fn printf(fmt: &str, args: &[String]) -> String {
    let fmt = unescape(fmt);
    let mut out = String::new();
    let mut next = 0usize;
    loop {
        let mut used = false;
        let mut chars = fmt.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('%') => out.push('%'),
                Some('s') | Some('d') | Some('i') => {
                    out.push_str(args.get(next).map(String::as_str).unwrap_or(""));
                    next += 1;
                    used = true;
                }
                Some(o) => {
                    out.push('%');
                    out.push(o);
                }
                None => out.push('%'),
            }
            if out.len() > MAX_STR {
                return out;
            }
        }
        if !used || next >= args.len() {
            return out;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A small POSIX-ish shell for `sh -c '...'`.

fn run_shell(prog: &str, args: &[String], ctx: &Ctx, sh: &mut ShellState, out: &mut Out, depth: u32) -> Option<i32> {
    // `bash` is bash everywhere; `sh` is the system's /bin/sh (dash, bash or busybox ash).
    sh.flavour = match prog {
        "bash" => "bash".to_string(),
        "ash" => "ash".to_string(),
        "dash" => "dash".to_string(),
        _ => ctx.sh_flavour().to_string(),
    };
    sh.name = if prog == "bash" { "bash".to_string() } else { "sh".to_string() };
    let mut rest = args.iter().peekable();
    while let Some(a) = rest.peek() {
        match a.as_str() {
            "-c" => {
                rest.next();
                let script = rest.next().cloned().unwrap_or_default();
                if depth > 8 {
                    return Some(0);
                }
                return compound::run(&script, ctx, sh, out, depth + 1);
            }
            "-i" | "-l" | "--login" | "-s" | "-e" | "-x" | "-eux" | "-ex" | "-eu" | "--norc" | "--noprofile" => {
                rest.next();
            }
            _ => break,
        }
    }
    match rest.next() {
        None => {
            if ctx.c.config.open_stdin {
                None
            } else {
                Some(0)
            }
        }
        Some(file) => {
            let name = &sh.name;
            let (text, code) = match sh.flavour.as_str() {
                "bash" => (format!("{name}: {file}: No such file or directory"), 127),
                "ash" => (format!("{name}: can't open '{file}': No such file or directory"), 2),
                _ => (format!("{name}: 0: cannot open {file}: No such file"), 2),
            };
            out.err(&text);
            Some(code)
        }
    }
}

#[derive(Debug, PartialEq)]
enum Tok {
    Word(String),
    And,
    Or,
    Semi,
    /// `&`: the list before it runs in the background.
    Bg,
    Pipe,
    Redirect,
}

/// Splits a simple command's text into words, expanding variables, `$((...))` and command
/// substitutions (run at `now`, `depth` levels down) as it goes.
fn tokenize(script: &str, ctx: &Ctx, sh: &ShellState, now: SimTime, depth: u32) -> Vec<Tok> {
    let mut toks = Vec::new();
    let mut cur = String::new();
    let mut has_word = false;
    let chars: Vec<char> = script.chars().collect();
    let mut i = 0usize;
    let at = |i: usize| chars.get(i).copied();
    let flush = |cur: &mut String, has: &mut bool, toks: &mut Vec<Tok>| {
        if *has {
            toks.push(Tok::Word(std::mem::take(cur)));
            *has = false;
        }
    };
    while let Some(c) = at(i) {
        match c {
            ' ' | '\t' => {
                flush(&mut cur, &mut has_word, &mut toks);
                i += 1;
            }
            '\n' | ';' => {
                flush(&mut cur, &mut has_word, &mut toks);
                toks.push(Tok::Semi);
                i += 1;
            }
            '&' if at(i + 1) == Some('&') => {
                flush(&mut cur, &mut has_word, &mut toks);
                toks.push(Tok::And);
                i += 2;
            }
            '&' => {
                flush(&mut cur, &mut has_word, &mut toks);
                toks.push(Tok::Bg);
                i += 1;
            }
            '|' if at(i + 1) == Some('|') => {
                flush(&mut cur, &mut has_word, &mut toks);
                toks.push(Tok::Or);
                i += 2;
            }
            '|' => {
                flush(&mut cur, &mut has_word, &mut toks);
                toks.push(Tok::Pipe);
                i += 1;
            }
            '>' | '<' => {
                flush(&mut cur, &mut has_word, &mut toks);
                toks.push(Tok::Redirect);
                i += 1;
                while matches!(at(i), Some('>') | Some('&')) {
                    i += 1;
                }
            }
            '#' if !has_word => {
                while at(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
            }
            '\'' => {
                has_word = true;
                i += 1;
                while let Some(c) = at(i) {
                    i += 1;
                    if c == '\'' {
                        break;
                    }
                    cur.push(c);
                }
            }
            '"' => {
                has_word = true;
                i += 1;
                while let Some(c) = at(i) {
                    match c {
                        '"' => {
                            i += 1;
                            break;
                        }
                        '`' => i = substitute_backquoted(&chars, i, &mut cur, ctx, sh, now, depth),
                        '\\' if matches!(at(i + 1), Some('"') | Some('\\') | Some('$') | Some('`')) => {
                            if let Some(n) = at(i + 1) {
                                cur.push(n);
                            }
                            i += 2;
                        }
                        '$' => i = expand_var(&chars, i, &mut cur, ctx, sh, now, depth),
                        _ => {
                            cur.push(c);
                            i += 1;
                        }
                    }
                }
            }
            '\\' => {
                has_word = true;
                if let Some(n) = at(i + 1) {
                    if n != '\n' {
                        cur.push(n);
                    }
                }
                i += 2;
            }
            '$' | '`' => {
                // Unquoted, the expansion's text is split into words at blanks.
                let mut piece = String::new();
                i = if c == '`' {
                    substitute_backquoted(&chars, i, &mut piece, ctx, sh, now, depth)
                } else {
                    expand_var(&chars, i, &mut piece, ctx, sh, now, depth)
                };
                for ch in piece.chars() {
                    if ch == ' ' || ch == '\t' || ch == '\n' {
                        flush(&mut cur, &mut has_word, &mut toks);
                    } else {
                        cur.push(ch);
                        has_word = true;
                    }
                }
            }
            _ => {
                has_word = true;
                cur.push(c);
                i += 1;
            }
        }
        if toks.len() > 4096 || cur.len() > MAX_STR {
            break;
        }
    }
    flush(&mut cur, &mut has_word, &mut toks);
    toks
}

/// Expands `$NAME`, `${NAME}`, `$?`, `$((EXPR))` and `$(COMMAND)` at `chars[i] == '$'`;
/// returns the index after it.
fn expand_var(
    chars: &[char],
    i: usize,
    cur: &mut String,
    ctx: &Ctx,
    sh: &ShellState,
    now: SimTime,
    depth: u32,
) -> usize {
    let at = |j: usize| chars.get(j).copied();
    match at(i + 1) {
        Some('(') => {
            let end = matching_close(chars, i + 1, '(', ')');
            let inner: String = chars.get(i + 2..end.min(chars.len())).unwrap_or(&[]).iter().collect();
            if let Some(expr) = inner.strip_prefix('(').and_then(|e| e.strip_suffix(')')) {
                let value = crate::shell::arith::eval(expr, &|name| sh.get(ctx, name));
                cur.push_str(&value.map(|v| v.to_string()).unwrap_or_default());
            } else {
                cur.push_str(&command_output(&inner, ctx, sh, now, depth));
            }
            end + 1
        }
        Some('{') => {
            let mut j = i + 2;
            let mut name = String::new();
            while let Some(c) = at(j) {
                j += 1;
                if c == '}' {
                    break;
                }
                name.push(c);
            }
            let name = name.split([':', '-']).next().unwrap_or("").to_string();
            cur.push_str(&sh.get(ctx, &name).unwrap_or_default());
            j
        }
        Some(c) if c == '?' || c == '$' || c.is_ascii_digit() => {
            cur.push_str(&sh.get(ctx, &c.to_string()).unwrap_or_else(|| {
                if c == '0' {
                    "sh".into()
                } else {
                    String::new()
                }
            }));
            i + 2
        }
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {
            let mut j = i + 1;
            let mut name = String::new();
            while let Some(c) = at(j).filter(|c| c.is_ascii_alphanumeric() || *c == '_') {
                name.push(c);
                j += 1;
            }
            cur.push_str(&sh.get(ctx, &name).unwrap_or_default());
            j
        }
        _ => {
            cur.push('$');
            i + 1
        }
    }
}

/// The index of the `close` that ends the `open` at `chars[at]` (`(`…`)` or `{`…`}`; nesting
/// and quotes respected), or the end of `chars`.
fn matching_close(chars: &[char], at: usize, open: char, close: char) -> usize {
    let mut level = 0i32;
    let mut quote: Option<char> = None;
    let mut j = at;
    while let Some(&c) = chars.get(j) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c == open => level += 1,
            (None, c) if c == close => {
                level -= 1;
                if level == 0 {
                    return j;
                }
            }
            _ => {}
        }
        j += 1;
    }
    chars.len()
}

/// `` `COMMAND` `` at `chars[i]`: appends its output, returns the index after the closing quote.
fn substitute_backquoted(
    chars: &[char],
    i: usize,
    cur: &mut String,
    ctx: &Ctx,
    sh: &ShellState,
    now: SimTime,
    depth: u32,
) -> usize {
    let end = (i + 1..chars.len()).find(|&j| chars.get(j) == Some(&'`')).unwrap_or(chars.len());
    let inner: String = chars.get(i + 1..end).unwrap_or(&[]).iter().collect();
    cur.push_str(&command_output(&inner, ctx, sh, now, depth));
    end + 1
}

/// What `COMMAND` writes to stdout, run in a subshell at `now`, trailing newlines removed
/// (stderr is dropped: a simplification).
fn command_output(script: &str, ctx: &Ctx, sh: &ShellState, now: SimTime, depth: u32) -> String {
    if depth > 8 {
        return String::new();
    }
    let mut sub = sh.clone();
    sub.input.clear();
    let mut tmp = Out::new(now);
    let _ = compound::run(script, ctx, &mut sub, &mut tmp, depth + 1);
    let lines: Vec<String> = tmp.finish().into_iter().filter(|l| !l.stderr).map(|l| l.text).collect();
    let mut text = lines.join("\n");
    text.truncate(text.trim_end_matches('\n').len());
    text
}

fn run_script(script: &str, ctx: &Ctx, sh: &mut ShellState, out: &mut Out, depth: u32) -> Option<i32> {
    // Split into and-or lists; each list runs only if its connector allows.
    let toks = tokenize(script, ctx, sh, out.now, depth);
    let mut pipeline: Vec<Vec<String>> = vec![Vec::new()];
    let mut redirected = false;
    let mut skip_next_word = false;
    let mut connector = Tok::Semi;
    let mut steps = 0usize;
    let mut pending: Vec<(Tok, Vec<Vec<String>>, bool, bool)> = Vec::new();
    for t in toks {
        match t {
            Tok::Word(w) => {
                if skip_next_word {
                    skip_next_word = false;
                } else if let Some(last) = pipeline.last_mut() {
                    last.push(w);
                }
            }
            Tok::Redirect => {
                redirected = true;
                skip_next_word = true;
            }
            Tok::Pipe => pipeline.push(Vec::new()),
            Tok::And | Tok::Or | Tok::Semi | Tok::Bg => {
                let background = t == Tok::Bg;
                let next = if background { Tok::Semi } else { t };
                pending.push((
                    std::mem::replace(&mut connector, next),
                    std::mem::replace(&mut pipeline, vec![Vec::new()]),
                    redirected,
                    background,
                ));
                redirected = false;
            }
        }
    }
    pending.push((connector, pipeline, redirected, false));
    for (conn, pipe, redirected, background) in pending {
        let pipe: Vec<Vec<String>> = pipe.into_iter().filter(|c| !c.is_empty()).collect();
        if pipe.is_empty() {
            continue;
        }
        let run = match conn {
            Tok::And => sh.last == 0,
            Tok::Or => sh.last != 0,
            _ => true,
        };
        if !run {
            continue;
        }
        steps += 1;
        if steps > 256 {
            break;
        }
        let mut stdin: Vec<String> = Vec::new();
        let stages = pipe.len();
        let mut code = Some(0);
        // The stages of a pipeline run side by side: each starts now, and the pipeline ends
        // when the slowest does. A background job (`&`) does not hold the script up at all
        // (its output is written at once: a simplification), and the script does not wait
        // for it.
        let started = out.now;
        let mut ends = started;
        for (s, cmd) in pipe.into_iter().enumerate() {
            // A reserved word here is one `compound` did not take (`case`, `function`): rather
            // than print something a real shell would not, the script ends quietly.
            if cmd.first().is_some_and(|w| SH_KEYWORDS.contains(&w.as_str())) {
                return Some(sh.last);
            }
            // What was piped into this command list feeds its first program, if that one
            // reads its input (`read` takes its line itself).
            if s == 0 && cmd.first().is_some_and(|w| STDIN_READERS.contains(&basename(w))) && !sh.input.is_empty() {
                stdin = std::mem::take(&mut sh.input);
            }
            // Shell builtins that change the shell itself.
            if let Some(c) = builtin(&cmd, ctx, sh, out) {
                code = c;
                if matches!(cmd.first().map(String::as_str), Some("exit")) {
                    sh.last = c.unwrap_or(0);
                    sh.exited = true;
                    return c;
                }
                continue;
            }
            let is_last = s + 1 == stages;
            if !is_last || redirected || background {
                let mut tmp = Out::new(started);
                let c = run_program(&cmd, ctx, sh, &mut tmp, std::mem::take(&mut stdin), depth);
                if !background {
                    ends = ends.max(tmp.now);
                }
                for l in tmp.finish() {
                    if l.stderr {
                        out.err(&l.text);
                    } else if background && is_last {
                        out.out(&l.text);
                    } else if !is_last {
                        stdin.push(l.text);
                    }
                }
                // A stage that never ends (`tail -f | grep x`) keeps the pipeline open.
                code = if is_last && !background { c } else { c.or(Some(0)) };
            } else {
                out.now = started;
                code = run_program(&cmd, ctx, sh, out, std::mem::take(&mut stdin), depth);
                ends = ends.max(out.now);
            }
        }
        out.now = out.now.max(ends);
        if background {
            sh.last = 0;
            continue;
        }
        match code {
            None => return None,
            Some(c) => sh.last = c,
        }
    }
    Some(sh.last)
}

/// `test ARGS` / `[ ARGS ]` as the image's shell evaluates them: strings, integers and the
/// files a process can see. Status 0 true, 1 false, 2 for a malformed expression.
fn test(prog: &str, args: &[String], ctx: &Ctx, sh: &ShellState, out: &mut Out) -> i32 {
    let name = &sh.name;
    let fail = |out: &mut Out, bash: String, dash: String, ash: String| {
        out.err(&match sh.flavour.as_str() {
            "bash" => format!("{name}: line 1: {bash}"),
            "ash" => format!("{name}: {ash}"),
            _ => format!("{name}: 1: {dash}"),
        });
        2
    };
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    if prog == "[" {
        if args.last() != Some(&"]") {
            return fail(out, "[: missing `]'".into(), "[: missing ]".into(), "[: missing ]".into());
        }
        args.pop();
    }
    let mut negate = false;
    while args.first() == Some(&"!") && args.len() > 1 {
        negate = !negate;
        args.remove(0);
    }
    let file = |path: &str| read_file(ctx, &absolute(&sh.cwd, path));
    let int = |out: &mut Out, v: &str| -> Result<i64, i32> {
        v.trim().parse::<i64>().map_err(|_| {
            fail(
                out,
                format!("[: {v}: integer expression expected"),
                format!("{prog}: Illegal number: {v}"),
                format!("{prog}: invalid number '{v}'"),
            )
        })
    };
    let truth = match args.as_slice() {
        [] => false,
        [s] => !s.is_empty(),
        ["-n", s] => !s.is_empty(),
        ["-z", s] => s.is_empty(),
        ["-e" | "-a", p] => !matches!(file(p), Err("No such file or directory")),
        ["-f", p] => file(p).is_ok(),
        ["-s", p] => file(p).is_ok_and(|lines| lines.iter().any(|l| !l.is_empty())),
        ["-d", p] => matches!(file(p), Err("Is a directory")),
        ["-r" | "-w", p] => !matches!(file(p), Err("No such file or directory")),
        ["-x", p] => ctx.has(p) || matches!(file(p), Err("Is a directory")),
        ["-L" | "-h" | "-p" | "-S" | "-b" | "-c" | "-t", _] => false,
        [a, "=" | "==", b] => a == b,
        [a, "!=", b] => a != b,
        [a, op @ ("-eq" | "-ne" | "-lt" | "-le" | "-gt" | "-ge"), b] => {
            let (x, y) = match (int(out, a), int(out, b)) {
                (Ok(x), Ok(y)) => (x, y),
                (Err(code), _) | (_, Err(code)) => return code,
            };
            match *op {
                "-eq" => x == y,
                "-ne" => x != y,
                "-lt" => x < y,
                "-le" => x <= y,
                "-gt" => x > y,
                _ => x >= y,
            }
        }
        [op, _] if op.starts_with('-') => {
            return fail(
                out,
                format!("{prog}: {op}: unary operator expected"),
                format!("{prog}: {op}: unexpected operator"),
                format!("{prog}: {op}: unknown operand"),
            );
        }
        [_, op, _] => {
            return fail(
                out,
                format!("{prog}: {op}: binary operator expected"),
                format!("{prog}: {op}: unexpected operator"),
                format!("{prog}: {op}: unknown operand"),
            );
        }
        _ => {
            return fail(
                out,
                format!("{prog}: too many arguments"),
                format!("{prog}: unexpected operator"),
                format!("{prog}: syntax error: unexpected operator"),
            );
        }
    };
    i32::from(truth == negate)
}

/// Builtins that act on the shell: assignments, `export`, `cd`, `exit`, `unset`. `None` if the
/// command is not one of them.
fn builtin(cmd: &[String], ctx: &Ctx, sh: &mut ShellState, out: &mut Out) -> Option<Option<i32>> {
    let first = cmd.first()?;
    let assignment = |w: &str| {
        w.split_once('=')
            .is_some_and(|(k, _)| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    };
    if cmd.iter().all(|w| assignment(w)) {
        for w in cmd {
            if let Some((k, v)) = w.split_once('=') {
                sh.set(k.to_string(), v.to_string());
            }
        }
        return Some(Some(0));
    }
    match first.as_str() {
        "export" => {
            for w in cmd.iter().skip(1) {
                if let Some((k, v)) = w.split_once('=') {
                    sh.set(k.to_string(), v.to_string());
                }
            }
            Some(Some(0))
        }
        "unset" => {
            for w in cmd.iter().skip(1) {
                sh.vars.retain(|(k, _)| k != w);
            }
            Some(Some(0))
        }
        "cd" => {
            let target = cmd.get(1).cloned().unwrap_or_else(|| sh.get(ctx, "HOME").unwrap_or_else(|| "/".into()));
            let path = absolute(&sh.cwd, &target);
            let root: Vec<String> = ctx.os.as_ref().map(|o| o.root.clone()).unwrap_or_default();
            let top = path.trim_start_matches('/').split('/').next().unwrap_or("");
            if path == "/" || root.iter().any(|r| r == top) || path == ctx.workdir() {
                sh.cwd = path;
                Some(Some(0))
            } else {
                let name = &sh.name;
                let text = match sh.flavour.as_str() {
                    "bash" => format!("{name}: line 1: cd: {target}: No such file or directory"),
                    "ash" => format!("{name}: cd: can't cd to {target}: No such file or directory"),
                    _ => format!("{name}: 1: cd: can't cd to {target}"),
                };
                out.err(&text);
                Some(Some(if sh.flavour == "dash" { 2 } else { 1 }))
            }
        }
        "read" => {
            // Reads a line of what was piped in; none (a container's closed stdin): status 1.
            let names: Vec<&String> = cmd.iter().skip(1).filter(|a| !a.starts_with('-')).collect();
            if sh.input.is_empty() {
                return Some(Some(1));
            }
            let line = sh.input.remove(0);
            let mut words = line.split_whitespace();
            for (k, name) in names.iter().enumerate() {
                let value = if k + 1 == names.len() {
                    words.by_ref().collect::<Vec<_>>().join(" ")
                } else {
                    words.next().unwrap_or("").to_string()
                };
                sh.set((*name).clone(), value);
            }
            if names.is_empty() {
                sh.set("REPLY".to_string(), line);
            }
            Some(Some(0))
        }
        "exit" => {
            Some(Some(cmd.get(1).and_then(|a| a.parse::<i32>().ok()).map(|c| c.rem_euclid(256)).unwrap_or(sh.last)))
        }
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// Language runtimes.

fn repl(ctx: &Ctx, out: &mut Out) -> Option<i32> {
    if ctx.c.config.open_stdin {
        if ctx.c.config.tty {
            render(&ctx.image.process.tty_logs, ctx, false, out, false);
        }
        None
    } else {
        Some(0)
    }
}

fn run_python(args: &[String], ctx: &Ctx, out: &mut Out) -> Option<i32> {
    let mut i = 0usize;
    while let Some(a) = args.get(i) {
        match a.as_str() {
            "-c" => return Some(run_code(Lang::Python, args.get(i + 1).map(String::as_str).unwrap_or(""), ctx, out)),
            "-m" => {
                let module = args.get(i + 1).map(String::as_str).unwrap_or("");
                if module == "pip" && args.get(i + 2).map(String::as_str) == Some("--version") {
                    if let Some(t) = ctx.version("pip") {
                        render(t, ctx, false, out, false);
                    }
                    return Some(0);
                }
                if module == "http.server" {
                    // Python block-buffers stdout without a terminal, so `docker logs` stays
                    // empty unless -t, -u or PYTHONUNBUFFERED says otherwise: a classic surprise.
                    let port =
                        args.get(i + 2).filter(|p| p.parse::<u16>().is_ok()).cloned().unwrap_or_else(|| "8000".into());
                    let unbuffered =
                        ctx.c.config.tty || args.iter().any(|a| a == "-u") || ctx.env_holds("PYTHONUNBUFFERED");
                    if unbuffered {
                        out.out(&format!("Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ..."));
                    }
                    return None;
                }
                return Some(0);
            }
            "-u" | "-B" | "-E" | "-s" | "-S" | "-O" | "-I" | "-q" => i += 1,
            "-i" => return repl(ctx, out),
            a if a.starts_with('-') => i += 1,
            file => {
                let path = absolute(&ctx.workdir(), file);
                let py = ctx.version("python3").and_then(|v| v.first()).map(|_| "python3").unwrap_or("python3");
                out.err(&format!("{py}: can't open file '{path}': [Errno 2] No such file or directory"));
                return Some(2);
            }
        }
    }
    repl(ctx, out)
}

fn run_node(args: &[String], ctx: &Ctx, out: &mut Out) -> Option<i32> {
    let mut i = 0usize;
    while let Some(a) = args.get(i) {
        match a.as_str() {
            "-e" | "--eval" => {
                return Some(run_code(Lang::Node, args.get(i + 1).map(String::as_str).unwrap_or(""), ctx, out))
            }
            "-p" | "--print" => {
                return Some(run_code(Lang::NodePrint, args.get(i + 1).map(String::as_str).unwrap_or(""), ctx, out))
            }
            "-i" | "--interactive" => return repl(ctx, out),
            a if a.starts_with('-') => i += 1,
            file => {
                let path = absolute(&ctx.workdir(), file);
                let version = node_version(ctx);
                out.err("node:internal/modules/cjs/loader:1244");
                out.err("  throw err;");
                out.err("  ^");
                out.err("");
                out.err(&format!("Error: Cannot find module '{path}'"));
                out.err("    at Function._resolveFilename (node:internal/modules/cjs/loader:1241:15)");
                out.err("    at Function._load (node:internal/modules/cjs/loader:1067:27)");
                out.err("    at TracingChannel.traceSync (node:diagnostics_channel:322:14)");
                out.err("    at wrapModuleLoad (node:internal/modules/cjs/loader:218:24)");
                out.err("    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:170:5)");
                out.err("    at node:internal/main/run_main_module:36:49 {");
                out.err("  code: 'MODULE_NOT_FOUND',");
                out.err("  requireStack: []");
                out.err("}");
                out.err("");
                out.err(&format!("Node.js {version}"));
                return Some(1);
            }
        }
    }
    repl(ctx, out)
}

fn node_version(ctx: &Ctx) -> String {
    version_text(ctx, "node").unwrap_or_else(|| "v23.6.0".to_string())
}

/// The first line of a program's `--version` text.
fn version_text(ctx: &Ctx, program: &str) -> Option<String> {
    let templates = ctx.version(program)?;
    let mut tmp = Out::new(ctx.now);
    render(templates, ctx, false, &mut tmp, false);
    tmp.finish().into_iter().map(|l| l.text).find(|t| !t.is_empty())
}

fn run_script_lang(lang: Lang, args: &[String], ctx: &Ctx, out: &mut Out, flag: &str) -> Option<i32> {
    let mut i = 0usize;
    while let Some(a) = args.get(i) {
        if a == flag || (lang == Lang::Perl && a == "-E") {
            let l = if a == "-E" { Lang::PerlSay } else { lang };
            return Some(run_code(l, args.get(i + 1).map(String::as_str).unwrap_or(""), ctx, out));
        }
        if !a.starts_with('-') {
            let text = match lang {
                Lang::Ruby => format!("ruby: No such file or directory -- {a} (LoadError)"),
                Lang::Php => format!("Could not open input file: {a}"),
                _ => format!("Can't open perl script \"{a}\": No such file or directory"),
            };
            if lang == Lang::Php {
                out.out(&text);
            } else {
                out.err(&text);
            }
            return Some(match lang {
                Lang::Perl => 2,
                _ => 1,
            });
        }
        i += 1;
    }
    repl(ctx, out)
}

fn run_perl(args: &[String], ctx: &Ctx, out: &mut Out) -> Option<i32> {
    if args.iter().any(|a| a == "-de0" || a == "-d") {
        // The debugger as the image's CMD: without a terminal it reads EOF and quits.
        if !ctx.c.config.open_stdin {
            render(&ctx.image.process.logs, ctx, false, out, false);
            return Some(0);
        }
        return repl(ctx, out);
    }
    run_script_lang(Lang::Perl, args, ctx, out, "-e")
}

fn run_php(args: &[String], ctx: &Ctx, out: &mut Out) -> Option<i32> {
    if args.first().map(String::as_str) == Some("-a") {
        if !ctx.c.config.open_stdin || ctx.c.config.tty {
            out.out("Interactive shell");
            out.out("");
        }
        return if ctx.c.config.open_stdin { None } else { Some(0) };
    }
    run_script_lang(Lang::Php, args, ctx, out, "-r")
}

fn run_java(args: &[String], ctx: &Ctx, out: &mut Out) -> Option<i32> {
    match args.iter().find(|a| !a.starts_with('-')) {
        Some(class) => {
            let class = class.trim_end_matches(".class");
            if class.ends_with(".java") {
                out.err(&format!("error: file not found: {class}"));
                out.err("Usage: java <options> <main class> [args...]");
                out.err("           (to execute a class)");
                return Some(1);
            }
            out.err(&format!("Error: Could not find or load main class {class}"));
            out.err(&format!("Caused by: java.lang.ClassNotFoundException: {class}"));
            Some(1)
        }
        None if args.is_empty() => {
            for l in JAVA_USAGE {
                out.err(l);
            }
            Some(1)
        }
        None => {
            let _ = ctx;
            Some(0)
        }
    }
}

const JAVA_USAGE: &[&str] = &[
    "Usage: java [options] <mainclass> [args...]",
    "           (to execute a class)",
    "   or  java [options] -jar <jarfile> [args...]",
    "           (to execute a jar file)",
    "   or  java [options] -m <module>[/<mainclass>] [args...]",
    "       java [options] --module <module>[/<mainclass>] [args...]",
    "           (to execute the main class in a module)",
    "   or  java [options] <sourcefile> [args]",
    "           (to execute a single source-file program)",
    "",
    " Arguments following the main class, source file, -jar <jarfile>,",
    " -m or --module <module>/<mainclass> are passed as the arguments to",
    " main class.",
];

fn run_gcc(prog: &str, args: &[String], out: &mut Out) -> Option<i32> {
    let files: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with('-') && args.get(i.wrapping_sub(1)).is_none_or(|p| p != "-o"))
        .map(|(_, a)| a)
        .collect();
    let name = if prog == "cc" { "cc" } else { prog };
    if files.is_empty() {
        out.err(&format!("{name}: fatal error: no input files"));
        out.err("compilation terminated.");
        return Some(1);
    }
    for f in &files {
        out.err(&format!("{name}: error: {f}: No such file or directory"));
    }
    out.err(&format!("{name}: fatal error: no input files"));
    out.err("compilation terminated.");
    Some(1)
}

// ---------------------------------------------------------------------------------------------
// A tiny expression interpreter shared by `python -c`, `node -e/-p`, `ruby -e`, `perl -e` and
// `php -r`: numbers, strings, variables, arithmetic, comparisons, a few built-in functions, and
// each language's print statement. What it cannot parse produces no output (exit 0) rather than
// a made-up error.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lang {
    Python,
    Node,
    NodePrint,
    Ruby,
    Perl,
    PerlSay,
    Php,
}

impl Lang {
    fn is_node(self) -> bool {
        matches!(self, Lang::Node | Lang::NodePrint)
    }
    fn is_perl(self) -> bool {
        matches!(self, Lang::Perl | Lang::PerlSay)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    Nil,
}

/// Why evaluation stopped: an error the language reports, or code we do not model.
enum Stop {
    Error(String),
    Unsupported,
}

struct Interp<'a> {
    lang: Lang,
    vars: Map<String, Val>,
    ctx: &'a Ctx<'a>,
    steps: usize,
}

fn run_code(lang: Lang, code: &str, ctx: &Ctx, out: &mut Out) -> i32 {
    let mut it = Interp { lang, vars: Map::new(), ctx, steps: 0 };
    if lang == Lang::NodePrint {
        return match it.eval_str(code.trim().trim_end_matches(';')) {
            Ok(v) => {
                out.out(&it.show(&v, false));
                0
            }
            Err(Stop::Error(e)) => report_error(lang, code, code, &e, ctx, out),
            Err(Stop::Unsupported) => 0,
        };
    }
    for (line_no, stmt) in split_statements(code, lang).into_iter().enumerate() {
        match it.statement(&stmt, out, 0) {
            Ok(()) => {}
            Err(Stop::Error(e)) => {
                out.flush();
                let _ = line_no;
                return report_error(lang, code, &stmt, &e, ctx, out);
            }
            Err(Stop::Unsupported) => break,
        }
        if out.full() {
            break;
        }
    }
    out.flush();
    0
}

fn report_error(lang: Lang, code: &str, stmt: &str, e: &str, ctx: &Ctx, out: &mut Out) -> i32 {
    // The source line the error is on, and where the offending name sits in it.
    let (line_no, line) = code
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(stmt.trim()))
        .map(|(i, l)| (i + 1, l))
        .unwrap_or((1, stmt.trim()));
    let undefined = e
        .strip_prefix("NameError: name '")
        .or_else(|| e.strip_prefix("ReferenceError: "))
        .and_then(|r| r.split(['\'', ' ']).next())
        .unwrap_or("");
    let col = name_col(line, undefined);
    match lang {
        Lang::Python => {
            out.err("Traceback (most recent call last):");
            out.err(&format!("  File \"<string>\", line {line_no}, in <module>"));
            // Python 3.13 quotes `-c` source lines in tracebacks; older versions cannot.
            let minor = version_text(ctx, "python3")
                .and_then(|v| {
                    v.strip_prefix("Python 3.").and_then(|r| r.split('.').next()).and_then(|m| m.parse::<u32>().ok())
                })
                .unwrap_or(13);
            let quotes = minor >= 13;
            if quotes {
                let trimmed = line.trim_start();
                out.err(&format!("    {trimmed}"));
                if let Some(c) = col {
                    let indent = c.saturating_sub(line.len() - trimmed.len());
                    out.err(&format!("    {}{}", " ".repeat(indent), "^".repeat(undefined.chars().count().max(1))));
                }
            }
            out.err(e);
            1
        }
        Lang::Node | Lang::NodePrint => {
            let (kind, msg) = e.split_once(": ").unwrap_or(("Error", e));
            let c = col.unwrap_or(0);
            out.err(&format!("[eval]:{line_no}"));
            out.err(line);
            out.err(&format!("{}^", " ".repeat(c)));
            out.err("");
            out.err(&format!("{kind}: {msg}"));
            out.err(&format!("    at [eval]:{line_no}:{}", c + 1));
            out.err("    at runScriptInThisContext (node:internal/vm:209:10)");
            out.err("    at node:internal/process/execution:118:14");
            out.err("    at [eval]-wrapper:6:24");
            out.err("    at runScript (node:internal/process/execution:101:62)");
            out.err("    at evalScript (node:internal/process/execution:133:3)");
            out.err("    at node:internal/main/eval_string:51:3");
            out.err("");
            out.err(&format!("Node.js {}", node_version(ctx)));
            1
        }
        Lang::Ruby => {
            let quote = if e.contains('`') { "`" } else { "'" };
            out.err(&format!("-e:{line_no}:in {quote}<main>': {e}"));
            1
        }
        Lang::Perl | Lang::PerlSay => {
            out.err(&format!("{e} at -e line 1."));
            255
        }
        Lang::Php => {
            out.out(&format!("PHP Fatal error:  {e} in Command line code:1"));
            255
        }
    }
}

/// Where `name` first appears in `line` as a whole identifier (a character index).
fn name_col(line: &str, name: &str) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let want: Vec<char> = name.chars().collect();
    let ident = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    (0..chars.len()).find(|&i| {
        chars.get(i..i + want.len()) == Some(&want[..])
            && !ident(i.checked_sub(1).and_then(|j| chars.get(j)))
            && !ident(chars.get(i + want.len()))
    })
}

/// Splits code into statements at `;` and newlines outside strings and brackets.
fn split_statements(code: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0i32;
    let mut escaped = false;
    for c in code.chars() {
        if let Some(q) = quote {
            cur.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => {
                quote = Some(c);
                cur.push(c);
            }
            '(' | '[' | '{' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                cur.push(c);
            }
            ';' | '\n' if depth <= 0 => {
                if !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
            '#' if lang == Lang::Python || lang == Lang::Ruby || lang.is_perl() => {
                // A comment runs to the end of the line; keep scanning for the newline.
                quote = Some('\n');
            }
            _ => cur.push(c),
        }
        if out.len() > 10_000 {
            break;
        }
    }
    if !cur.trim().is_empty() && quote != Some('\n') {
        out.push(cur);
    } else if quote == Some('\n') {
        // Drop the comment text that was collected.
        let keep: String = cur.split('#').next().unwrap_or("").to_string();
        if !keep.trim().is_empty() {
            out.push(keep);
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

#[derive(Clone, Debug, PartialEq)]
enum T {
    Num(Val),
    Str(String),
    Id(String),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "**", "//", "==", "!=", "<=", ">=", "&&", "||", "===", "!==", "+", "-", "*", "/", "%", "<", ">", "(", ")", ",",
    ".", "!", "[", "]", "=", "{", "}", "|",
];

fn lex(src: &str, lang: Lang) -> Result<Vec<T>, Stop> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0usize;
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && at(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            while at(i).is_some_and(|d| d.is_ascii_digit() || d == '_' || d == '.' || d == 'e' || d == 'E')
                || (matches!(at(i), Some('+') | Some('-')) && matches!(at(i.wrapping_sub(1)), Some('e') | Some('E')))
            {
                // `1.upcase` style method calls on integers are not supported; stop at `..`.
                if at(i) == Some('.') && !at(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    break;
                }
                i += 1;
            }
            let text: String = chars.get(start..i).unwrap_or(&[]).iter().filter(|c| **c != '_').collect();
            let v = if text.contains(['.', 'e', 'E']) {
                Val::Float(text.parse::<f64>().map_err(|_| Stop::Unsupported)?)
            } else {
                Val::Int(text.parse::<i128>().map_err(|_| Stop::Unsupported)?)
            };
            toks.push(T::Num(v));
            continue;
        }
        if c == '"' || c == '\'' || (c == '`' && lang.is_node()) {
            let q = c;
            i += 1;
            let mut s = String::new();
            let raw = q == '\'' && (lang == Lang::Ruby || lang.is_perl() || lang == Lang::Php);
            let mut closed = false;
            while let Some(ch) = at(i) {
                i += 1;
                if ch == q {
                    closed = true;
                    break;
                }
                if ch == '\\' {
                    let n = at(i).unwrap_or('\\');
                    i += 1;
                    if raw {
                        if n != q && n != '\\' {
                            s.push('\\');
                        }
                        s.push(n);
                        continue;
                    }
                    s.push(match n {
                        'n' => '\n',
                        't' => '\t',
                        '0' => '\0',
                        'e' => '\u{1b}',
                        other => other,
                    });
                    continue;
                }
                s.push(ch);
            }
            if !closed {
                return Err(Stop::Unsupported);
            }
            let interpolates = q == '"' && (lang.is_perl() || lang == Lang::Php || lang == Lang::Ruby) || q == '`';
            if interpolates && (s.contains('$') || s.contains("#{")) {
                return Err(Stop::Unsupported);
            }
            toks.push(T::Str(s));
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            i += 1;
            while at(i).is_some_and(|d| d.is_alphanumeric() || d == '_') {
                i += 1;
            }
            // Ruby methods may end in `?` or `!`.
            toks.push(T::Id(chars.get(start..i).unwrap_or(&[]).iter().collect()));
            continue;
        }
        let rest: String = chars.get(i..(i + 3).min(chars.len())).unwrap_or(&[]).iter().collect();
        let Some(op) = OPS.iter().filter(|o| rest.starts_with(**o)).max_by_key(|o| o.len()) else {
            return Err(Stop::Unsupported);
        };
        toks.push(T::Op(op));
        i += op.chars().count();
        if toks.len() > 10_000 {
            return Err(Stop::Unsupported);
        }
    }
    Ok(toks)
}

impl<'a> Interp<'a> {
    fn tick(&mut self) -> Result<(), Stop> {
        self.steps += 1;
        if self.steps > 100_000 {
            Err(Stop::Unsupported)
        } else {
            Ok(())
        }
    }

    fn eval_str(&mut self, src: &str) -> Result<Val, Stop> {
        let toks = lex(src, self.lang)?;
        let mut p = Parser { toks: &toks, pos: 0, depth: 0 };
        let v = self.expr(&mut p, 0)?;
        if p.pos != toks.len() {
            return Err(Stop::Unsupported);
        }
        Ok(v)
    }

    fn statement(&mut self, stmt: &str, out: &mut Out, depth: u32) -> Result<(), Stop> {
        self.tick()?;
        let s = stmt.trim();
        let lang = self.lang;
        // Python: `import x`, `for v in range(...): body`.
        if lang == Lang::Python {
            if s.starts_with("import ") || s.starts_with("from ") {
                return Ok(());
            }
            if let Some(rest) = s.strip_prefix("for ") {
                let (head, body) = rest.split_once(':').ok_or(Stop::Unsupported)?;
                let (var, iter) = head.split_once(" in ").ok_or(Stop::Unsupported)?;
                let var = var.trim().to_string();
                let items = self.iterable(iter.trim())?;
                for item in items {
                    self.vars.insert(var.clone(), item);
                    if depth > 4 {
                        return Err(Stop::Unsupported);
                    }
                    for part in split_statements(body, lang) {
                        self.statement(&part, out, depth + 1)?;
                    }
                    if out.full() {
                        break;
                    }
                }
                return Ok(());
            }
            if let Some(args) = call_args(s, "print") {
                let vals = self.args(args)?;
                let text = vals.iter().map(|v| self.show(v, false)).collect::<Vec<_>>().join(" ");
                out.out(&text);
                return Ok(());
            }
        }
        if lang == Lang::Node {
            for (name, err) in
                [("console.log", false), ("console.info", false), ("console.error", true), ("console.warn", true)]
            {
                if let Some(args) = call_args(s, name) {
                    let vals = self.args(args)?;
                    let text = vals.iter().map(|v| self.show(v, false)).collect::<Vec<_>>().join(" ");
                    if err {
                        out.err(&text);
                    } else {
                        out.out(&text);
                    }
                    return Ok(());
                }
            }
            for kw in ["let ", "const ", "var "] {
                if let Some(rest) = s.strip_prefix(kw) {
                    return self.assign(rest);
                }
            }
        }
        if lang == Lang::Ruby {
            for (kw, mode) in [("puts", 0), ("print", 1), ("p", 2)] {
                if let Some(rest) = s.strip_prefix(kw).filter(|r| r.is_empty() || r.starts_with([' ', '('])) {
                    let rest = rest.trim();
                    let rest = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(rest);
                    let vals = if rest.is_empty() { Vec::new() } else { self.args(rest)? };
                    match mode {
                        0 if vals.is_empty() => out.out(""),
                        0 => vals.iter().for_each(|v| out.out(&self.show(v, false))),
                        1 => vals.iter().for_each(|v| out.write(false, &self.show(v, false))),
                        _ => vals.iter().for_each(|v| out.out(&self.show(v, true))),
                    }
                    return Ok(());
                }
            }
        }
        if lang.is_perl() {
            let s = s.strip_prefix("my ").unwrap_or(s);
            for (kw, newline) in [("print", false), ("say", true)] {
                if let Some(rest) = s.strip_prefix(kw).filter(|r| r.is_empty() || r.starts_with([' ', '('])) {
                    if kw == "say" && lang != Lang::PerlSay {
                        return Err(Stop::Unsupported);
                    }
                    let rest = rest.trim();
                    let vals = if rest.is_empty() { Vec::new() } else { self.args(rest)? };
                    let text: String = vals.iter().map(|v| self.show(v, false)).collect();
                    out.write(false, &text);
                    if newline {
                        out.write(false, "\n");
                    }
                    return Ok(());
                }
            }
            if s.contains('=') && !s.contains("==") {
                return self.assign(s);
            }
        }
        if lang == Lang::Php {
            let s = s.strip_prefix("<?php").unwrap_or(s).trim();
            for kw in ["echo", "print"] {
                if let Some(rest) = s.strip_prefix(kw).filter(|r| r.starts_with([' ', '(', '"', '\''])) {
                    let vals = self.args(rest.trim())?;
                    let text: String = vals.iter().map(|v| self.show(v, false)).collect();
                    out.write(false, &text);
                    return Ok(());
                }
            }
        }
        // `name = expr` in every language, else an expression evaluated for its errors.
        if let Some((lhs, _)) = s.split_once('=') {
            let after = s.get(lhs.len() + 1..).unwrap_or("");
            if !lhs.ends_with(['=', '!', '<', '>']) && !after.starts_with('=') && is_name(lhs.trim()) {
                return self.assign(s);
            }
        }
        self.eval_str(s).map(|_| ())
    }

    fn assign(&mut self, s: &str) -> Result<(), Stop> {
        let (name, expr) = s.split_once('=').ok_or(Stop::Unsupported)?;
        let name = name.trim();
        if !is_name(name) {
            return Err(Stop::Unsupported);
        }
        let v = self.eval_str(expr.trim())?;
        self.vars.insert(name.to_string(), v);
        Ok(())
    }

    fn iterable(&mut self, src: &str) -> Result<Vec<Val>, Stop> {
        let args = call_args(src, "range").ok_or(Stop::Unsupported)?;
        let vals = self.args(args)?;
        let n = |v: &Val| match v {
            Val::Int(i) => Ok(*i),
            _ => Err(Stop::Unsupported),
        };
        let (start, end, step) = match vals.as_slice() {
            [e] => (0, n(e)?, 1),
            [s, e] => (n(s)?, n(e)?, 1),
            [s, e, st] => (n(s)?, n(e)?, n(st)?),
            _ => return Err(Stop::Unsupported),
        };
        if step == 0 {
            return Err(Stop::Error("ValueError: range() arg 3 must not be zero".into()));
        }
        let mut items = Vec::new();
        let mut i = start;
        while (step > 0 && i < end) || (step < 0 && i > end) {
            items.push(Val::Int(i));
            i += step;
            if items.len() >= MAX_LINES {
                break;
            }
        }
        Ok(items)
    }

    fn args(&mut self, src: &str) -> Result<Vec<Val>, Stop> {
        let toks = lex(src, self.lang)?;
        let mut p = Parser { toks: &toks, pos: 0, depth: 0 };
        let mut vals = Vec::new();
        if toks.is_empty() {
            return Ok(vals);
        }
        loop {
            vals.push(self.expr(&mut p, 0)?);
            match p.peek() {
                Some(T::Op(",")) => p.pos += 1,
                None => break,
                _ => return Err(Stop::Unsupported),
            }
        }
        Ok(vals)
    }

    /// Precedence climbing over the binary operators.
    fn expr(&mut self, p: &mut Parser, min: u8) -> Result<Val, Stop> {
        self.tick()?;
        p.depth += 1;
        if p.depth > 64 {
            return Err(Stop::Unsupported);
        }
        let mut lhs = self.unary(p)?;
        loop {
            let op = match p.peek() {
                Some(T::Op(o)) => *o,
                Some(T::Id(w)) if matches!(w.as_str(), "and" | "or" | "x" | "eq" | "ne") => match w.as_str() {
                    "and" => "&&",
                    "or" => "||",
                    "x" if self.lang.is_perl() => "x",
                    "eq" if self.lang.is_perl() => "==",
                    "ne" if self.lang.is_perl() => "!=",
                    _ => break,
                },
                _ => break,
            };
            let prec = match op {
                "||" => 1,
                "&&" => 2,
                "==" | "!=" | "===" | "!==" | "<" | ">" | "<=" | ">=" => 3,
                "+" | "-" => 4,
                "." if self.lang.is_perl() || self.lang == Lang::Php => 4,
                "*" | "/" | "//" | "%" | "x" => 5,
                "**" => 7,
                _ => break,
            };
            if prec < min {
                break;
            }
            p.pos += 1;
            let next_min = if op == "**" { prec } else { prec + 1 };
            let rhs = self.expr(p, next_min)?;
            lhs = self.binary(op, lhs, rhs)?;
        }
        p.depth -= 1;
        Ok(lhs)
    }

    fn unary(&mut self, p: &mut Parser) -> Result<Val, Stop> {
        match p.peek() {
            Some(T::Op("-")) => {
                p.pos += 1;
                let v = self.unary(p)?;
                self.binary("-", Val::Int(0), v)
            }
            Some(T::Op("+")) => {
                p.pos += 1;
                self.unary(p)
            }
            Some(T::Op("!")) => {
                p.pos += 1;
                let v = self.unary(p)?;
                Ok(Val::Bool(!truthy(&v)))
            }
            Some(T::Id(w)) if w == "not" => {
                p.pos += 1;
                let v = self.unary(p)?;
                Ok(Val::Bool(!truthy(&v)))
            }
            _ => {
                let base = self.primary(p)?;
                let v = self.postfix(p, base)?;
                // `**` binds tighter than unary minus on its left: handled by expr's precedence.
                Ok(v)
            }
        }
    }

    fn primary(&mut self, p: &mut Parser) -> Result<Val, Stop> {
        let Some(t) = p.next() else { return Err(Stop::Unsupported) };
        match t {
            T::Num(v) => Ok(v.clone()),
            T::Str(s) => Ok(Val::Str(s.clone())),
            T::Op("(") => {
                let v = self.expr(p, 0)?;
                match p.next() {
                    Some(T::Op(")")) => Ok(v),
                    _ => Err(Stop::Unsupported),
                }
            }
            T::Id(name) => {
                let name = name.clone();
                if let Some(T::Op("(")) = p.peek() {
                    p.pos += 1;
                    let args = self.call_list(p)?;
                    return self.call(&name, args);
                }
                self.name_value(&name, p)
            }
            _ => Err(Stop::Unsupported),
        }
    }

    fn call_list(&mut self, p: &mut Parser) -> Result<Vec<Val>, Stop> {
        let mut args = Vec::new();
        if let Some(T::Op(")")) = p.peek() {
            p.pos += 1;
            return Ok(args);
        }
        loop {
            args.push(self.expr(p, 0)?);
            match p.next() {
                Some(T::Op(",")) => continue,
                Some(T::Op(")")) => return Ok(args),
                _ => return Err(Stop::Unsupported),
            }
        }
    }

    /// A dotted name (`sys.version`, `Math.max`, `process.version`) or a variable.
    fn name_value(&mut self, name: &str, p: &mut Parser) -> Result<Val, Stop> {
        let lang = self.lang;
        // Dotted module constants and functions.
        if matches!(name, "sys" | "Math" | "process" | "os" | "platform") && matches!(p.peek(), Some(T::Op("."))) {
            p.pos += 1;
            let Some(T::Id(attr)) = p.next() else { return Err(Stop::Unsupported) };
            let full = format!("{name}.{attr}");
            if let Some(T::Op("(")) = p.peek() {
                p.pos += 1;
                let args = self.call_list(p)?;
                return self.call(&full, args);
            }
            return match full.as_str() {
                "sys.version" => Ok(Val::Str(self.python_sys_version())),
                "sys.platform" => Ok(Val::Str("linux".into())),
                "process.version" => Ok(Val::Str(node_version(self.ctx))),
                "process.platform" => Ok(Val::Str("linux".into())),
                "process.arch" => Ok(Val::Str("x64".into())),
                "Math.PI" => Ok(Val::Float(std::f64::consts::PI)),
                _ => Err(Stop::Unsupported),
            };
        }
        match (lang, name) {
            (Lang::Python, "True") | (Lang::Node | Lang::NodePrint | Lang::Ruby | Lang::Php, "true") => {
                return Ok(Val::Bool(true))
            }
            (Lang::Python, "False") | (Lang::Node | Lang::NodePrint | Lang::Ruby | Lang::Php, "false") => {
                return Ok(Val::Bool(false))
            }
            (Lang::Python, "None") | (Lang::Ruby, "nil") | (Lang::Node | Lang::NodePrint | Lang::Php, "null") => {
                return Ok(Val::Nil)
            }
            (Lang::Ruby, "RUBY_VERSION") => return Ok(Val::Str(self.ruby_version())),
            (Lang::Php, "PHP_VERSION") => return Ok(Val::Str(self.php_version())),
            (Lang::Php, "PHP_EOL") => return Ok(Val::Str("\n".into())),
            (Lang::Php, "PHP_OS") => return Ok(Val::Str("Linux".into())),
            _ => {}
        }
        match self.vars.get(name) {
            Some(v) => Ok(v.clone()),
            None => match lang {
                Lang::Python => Err(Stop::Error(format!("NameError: name '{name}' is not defined"))),
                Lang::Node | Lang::NodePrint => Err(Stop::Error(format!("ReferenceError: {name} is not defined"))),
                Lang::Ruby if self.ruby_version().as_str() < "3.4" => {
                    Err(Stop::Error(format!("undefined local variable or method `{name}' for main:Object (NameError)")))
                }
                Lang::Ruby => {
                    Err(Stop::Error(format!("undefined local variable or method '{name}' for main (NameError)")))
                }
                Lang::Perl | Lang::PerlSay if name.starts_with('$') => Ok(Val::Nil),
                Lang::Php if name.starts_with('$') => Ok(Val::Nil),
                _ => Err(Stop::Unsupported),
            },
        }
    }

    /// `.upper()`, `.length`, `.toUpperCase()`, `.upcase`, indexing.
    fn postfix(&mut self, p: &mut Parser, mut v: Val) -> Result<Val, Stop> {
        loop {
            match p.peek() {
                Some(T::Op(".")) if !(self.lang.is_perl() || self.lang == Lang::Php) => {
                    p.pos += 1;
                    let Some(T::Id(m)) = p.next() else { return Err(Stop::Unsupported) };
                    let m = m.clone();
                    let args = if let Some(T::Op("(")) = p.peek() {
                        p.pos += 1;
                        self.call_list(p)?
                    } else {
                        Vec::new()
                    };
                    v = self.method(v, &m, args)?;
                }
                _ => return Ok(v),
            }
        }
    }

    fn method(&mut self, v: Val, m: &str, _args: Vec<Val>) -> Result<Val, Stop> {
        let s = match &v {
            Val::Str(s) => s.clone(),
            _ => self.show(&v, false),
        };
        let r = match m {
            "upper" | "toUpperCase" | "upcase" => Val::Str(s.to_uppercase()),
            "lower" | "toLowerCase" | "downcase" => Val::Str(s.to_lowercase()),
            "title" | "capitalize" => Val::Str(capitalize(&s)),
            "strip" | "trim" => Val::Str(s.trim().to_string()),
            "reverse" => Val::Str(s.chars().rev().collect()),
            "length" | "size" => Val::Int(s.chars().count() as i128),
            "to_s" | "toString" => Val::Str(s),
            "to_i" => Val::Int(s.trim().parse().unwrap_or(0)),
            _ => return Err(Stop::Unsupported),
        };
        Ok(r)
    }

    fn call(&mut self, name: &str, args: Vec<Val>) -> Result<Val, Stop> {
        let one = args.first().cloned().unwrap_or(Val::Nil);
        let num = |v: &Val| -> Option<f64> {
            match v {
                Val::Int(i) => Some(*i as f64),
                Val::Float(f) => Some(*f),
                Val::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
                _ => None,
            }
        };
        let r = match name {
            "len" | "strlen" | "length" => Val::Int(self.show(&one, false).chars().count() as i128),
            "str" | "String" | "strval" => Val::Str(self.show(&one, false)),
            "int" | "intval" | "parseInt" => match &one {
                Val::Int(i) => Val::Int(*i),
                Val::Float(f) => Val::Int(f.trunc() as i128),
                Val::Str(s) => match s.trim().parse::<i128>() {
                    Ok(i) => Val::Int(i),
                    Err(_) if self.lang == Lang::Python => {
                        return Err(Stop::Error(format!("ValueError: invalid literal for int() with base 10: '{s}'")));
                    }
                    Err(_) => Val::Int(0),
                },
                _ => Val::Int(0),
            },
            "float" | "Number" | "floatval" | "parseFloat" => Val::Float(match &one {
                Val::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
                v => num(v).unwrap_or(0.0),
            }),
            "abs" | "Math.abs" => match one {
                Val::Int(i) => i.checked_abs().map(Val::Int).unwrap_or(Val::Float((i as f64).abs())),
                v => Val::Float(num(&v).unwrap_or(0.0).abs()),
            },
            "max" | "min" | "Math.max" | "Math.min" => {
                let want_max = name.ends_with("max");
                let mut best: Option<Val> = None;
                for a in args {
                    let better = match &best {
                        None => true,
                        Some(b) => {
                            let (x, y) = (num(&a).unwrap_or(0.0), num(b).unwrap_or(0.0));
                            if want_max {
                                x > y
                            } else {
                                x < y
                            }
                        }
                    };
                    if better {
                        best = Some(a);
                    }
                }
                best.ok_or(Stop::Unsupported)?
            }
            "round" | "Math.round" => match one {
                Val::Int(i) => Val::Int(i),
                v => {
                    let f = num(&v).unwrap_or(0.0);
                    if self.lang == Lang::Python {
                        // Python rounds halves to even.
                        let r = f.round();
                        let r = if (f - f.trunc()).abs() == 0.5 && r % 2.0 != 0.0 { r - f.signum() } else { r };
                        Val::Int(r as i128)
                    } else if self.lang == Lang::Php {
                        Val::Float(f.round())
                    } else {
                        Val::Int(f.round() as i128)
                    }
                }
            },
            "Math.floor" | "floor" => Val::Int(num(&one).unwrap_or(0.0).floor() as i128),
            "Math.ceil" | "ceil" => Val::Int(num(&one).unwrap_or(0.0).ceil() as i128),
            "Math.sqrt" | "sqrt" => Val::Float(num(&one).unwrap_or(0.0).sqrt()),
            "strtoupper" | "uc" => Val::Str(self.show(&one, false).to_uppercase()),
            "strtolower" | "lc" => Val::Str(self.show(&one, false).to_lowercase()),
            "phpversion" => Val::Str(self.php_version()),
            "sys.version" => Val::Str(self.python_sys_version()),
            "platform.python_version" => Val::Str(self.python_version()),
            "os.getcwd" => Val::Str(self.ctx.workdir()),
            "os.getenv" => self.ctx.env_value(&self.show(&one, false)).map(Val::Str).unwrap_or(Val::Nil),
            "type" if self.lang == Lang::Python => Val::Str(format!(
                "<class '{}'>",
                match one {
                    Val::Int(_) => "int",
                    Val::Float(_) => "float",
                    Val::Str(_) => "str",
                    Val::Bool(_) => "bool",
                    Val::Nil => "NoneType",
                }
            )),
            _ => {
                return Err(match self.lang {
                    Lang::Python if !self.vars.contains_key(name) && !name.contains('.') => {
                        Stop::Error(format!("NameError: name '{name}' is not defined"))
                    }
                    _ => Stop::Unsupported,
                })
            }
        };
        Ok(r)
    }

    fn binary(&mut self, op: &str, a: Val, b: Val) -> Result<Val, Stop> {
        use Val::*;
        let lang = self.lang;
        let is_str = |v: &Val| matches!(v, Str(_));
        // String operators first.
        match op {
            "." => return Ok(Str(cap(self.show(&a, false) + &self.show(&b, false)))),
            "x" => {
                let n = match b {
                    Int(n) => n,
                    _ => 0,
                };
                return Ok(Str(repeat(&self.show(&a, false), n)));
            }
            "&&" => return Ok(if truthy(&a) { b } else { a }),
            "||" => return Ok(if truthy(&a) { a } else { b }),
            _ => {}
        }
        if matches!(op, "==" | "===" | "!=" | "!==" | "<" | ">" | "<=" | ">=") {
            let ord = match (&a, &b) {
                (Str(x), Str(y)) => x.partial_cmp(y),
                _ => to_f(&a).partial_cmp(&to_f(&b)),
            };
            let eq = match (&a, &b) {
                (Str(x), Str(y)) => x == y,
                (Str(_), _) | (_, Str(_)) if lang == Lang::Python || op.len() == 3 => false,
                _ => to_f(&a) == to_f(&b),
            };
            let r = match op {
                "==" | "===" => eq,
                "!=" | "!==" => !eq,
                "<" => ord == Some(std::cmp::Ordering::Less),
                ">" => ord == Some(std::cmp::Ordering::Greater),
                "<=" => matches!(ord, Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)),
                _ => matches!(ord, Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)),
            };
            return Ok(Bool(r));
        }
        if op == "+" && (is_str(&a) || is_str(&b)) {
            return match lang {
                Lang::Node | Lang::NodePrint => Ok(Str(cap(self.show(&a, false) + &self.show(&b, false)))),
                _ if is_str(&a) && is_str(&b) => Ok(Str(cap(self.show(&a, false) + &self.show(&b, false)))),
                Lang::Python => Err(Stop::Error(if is_str(&a) {
                    format!("TypeError: can only concatenate str (not \"{}\") to str", py_type(&b))
                } else {
                    format!("TypeError: unsupported operand type(s) for +: '{}' and 'str'", py_type(&a))
                })),
                Lang::Ruby => {
                    Err(Stop::Error(format!("no implicit conversion of {} into String (TypeError)", ruby_class(&b))))
                }
                _ => Ok(self.arith(op, num_of(&a), num_of(&b))?),
            };
        }
        if op == "*" && (lang == Lang::Python || lang == Lang::Ruby) {
            if let (Str(s), Int(n)) | (Int(n), Str(s)) = (&a, &b) {
                return Ok(Str(repeat(s, *n)));
            }
        }
        if is_str(&a) || is_str(&b) {
            return match lang {
                Lang::Python => Err(Stop::Error(format!(
                    "TypeError: unsupported operand type(s) for {op}: '{}' and '{}'",
                    py_type(&a),
                    py_type(&b)
                ))),
                Lang::Node | Lang::NodePrint => Ok(Float(f64::NAN)),
                _ => self.arith(op, num_of(&a), num_of(&b)),
            };
        }
        self.arith(op, a, b)
    }

    fn arith(&mut self, op: &str, a: Val, b: Val) -> Result<Val, Stop> {
        use Val::*;
        let lang = self.lang;
        let a = match a {
            Bool(x) => Int(x as i128),
            Nil => Int(0),
            v => v,
        };
        let b = match b {
            Bool(x) => Int(x as i128),
            Nil => Int(0),
            v => v,
        };
        let zero_div = || match lang {
            Lang::Python => Stop::Error(if op == "%" {
                "ZeroDivisionError: integer modulo by zero".into()
            } else {
                "ZeroDivisionError: division by zero".into()
            }),
            Lang::Ruby => Stop::Error("divided by 0 (ZeroDivisionError)".into()),
            Lang::Perl | Lang::PerlSay => {
                Stop::Error(if op == "%" { "Illegal modulus zero".into() } else { "Illegal division by zero".into() })
            }
            Lang::Php => Stop::Error(if op == "%" {
                "Uncaught DivisionByZeroError: Modulo by zero".into()
            } else {
                "Uncaught DivisionByZeroError: Division by zero".into()
            }),
            _ => Stop::Unsupported,
        };
        if let (Int(x), Int(y)) = (&a, &b) {
            let (x, y) = (*x, *y);
            let r = match op {
                "+" => x.checked_add(y),
                "-" => x.checked_sub(y),
                "*" => x.checked_mul(y),
                "%" => {
                    if y == 0 {
                        if lang.is_node() {
                            return Ok(Float(f64::NAN));
                        }
                        return Err(zero_div());
                    }
                    // Python and Ruby take the divisor's sign; the others the dividend's.
                    x.checked_rem(y).map(|r| {
                        if (lang == Lang::Python || lang == Lang::Ruby) && r != 0 && (r < 0) != (y < 0) {
                            r + y
                        } else {
                            r
                        }
                    })
                }
                "//" => {
                    if y == 0 {
                        return Err(zero_div());
                    }
                    floor_div(x, y)
                }
                "/" => {
                    if y == 0 {
                        if lang.is_node() {
                            return Ok(Float(if x == 0 {
                                f64::NAN
                            } else if x > 0 {
                                f64::INFINITY
                            } else {
                                f64::NEG_INFINITY
                            }));
                        }
                        return Err(zero_div());
                    }
                    match lang {
                        Lang::Ruby => floor_div(x, y),
                        Lang::Python => return Ok(Float(x as f64 / y as f64)),
                        _ if x.checked_rem(y) == Some(0) => x.checked_div(y),
                        _ => return Ok(Float(x as f64 / y as f64)),
                    }
                }
                "**" => {
                    if y < 0 {
                        return Ok(Float((x as f64).powf(y as f64)));
                    }
                    u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
                }
                _ => return Err(Stop::Unsupported),
            };
            return Ok(match r {
                Some(v) if !lang.is_node() || v.unsigned_abs() < (1u128 << 53) => Int(v),
                _ => Float(int_op_float(op, x as f64, y as f64)),
            });
        }
        let (x, y) = (to_f(&a), to_f(&b));
        if y == 0.0 && matches!(op, "/" | "%" | "//") && !lang.is_node() {
            return Err(zero_div());
        }
        Ok(Float(int_op_float(op, x, y)))
    }

    fn show(&self, v: &Val, inspect: bool) -> String {
        let lang = self.lang;
        match v {
            Val::Int(i) => i.to_string(),
            Val::Float(f) => fmt_float(*f, lang),
            Val::Str(s) => {
                if inspect {
                    format!("{s:?}")
                } else {
                    s.clone()
                }
            }
            Val::Bool(b) => match lang {
                Lang::Python => if *b { "True" } else { "False" }.into(),
                Lang::Php | Lang::Perl | Lang::PerlSay => if *b { "1" } else { "" }.into(),
                _ => b.to_string(),
            },
            Val::Nil => match lang {
                Lang::Python => "None".into(),
                Lang::Ruby if inspect => "nil".into(),
                Lang::Node | Lang::NodePrint => "null".into(),
                _ => String::new(),
            },
        }
    }

    fn python_version(&self) -> String {
        version_text(self.ctx, "python3")
            .and_then(|t| t.strip_prefix("Python ").map(str::to_string))
            .unwrap_or_else(|| "3.13.1".into())
    }

    fn python_sys_version(&self) -> String {
        format!("{} (main, Jan 14 2025, 05:25:37) [GCC 12.2.0]", self.python_version())
    }

    fn ruby_version(&self) -> String {
        version_text(self.ctx, "ruby")
            .and_then(|t| t.split_whitespace().nth(1).map(str::to_string))
            .unwrap_or_else(|| "3.4.1".into())
    }

    fn php_version(&self) -> String {
        version_text(self.ctx, "php")
            .and_then(|t| t.split_whitespace().nth(1).map(str::to_string))
            .unwrap_or_else(|| "8.4.2".into())
    }
}

struct Parser<'t> {
    toks: &'t [T],
    pos: usize,
    depth: u32,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<&'t T> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<&'t T> {
        let t = self.toks.get(self.pos);
        self.pos += 1;
        t
    }
}

/// The arguments inside `name( ... )` when `s` is exactly such a call.
fn call_args<'s>(s: &'s str, name: &str) -> Option<&'s str> {
    let rest = s.strip_prefix(name)?.trim_start();
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    // `print(a)(b)` is not a single call.
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    Some(inner)
}

fn is_name(s: &str) -> bool {
    let s = s.strip_prefix('$').unwrap_or(s);
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn truthy(v: &Val) -> bool {
    match v {
        Val::Int(i) => *i != 0,
        Val::Float(f) => *f != 0.0 && !f.is_nan(),
        Val::Str(s) => !s.is_empty(),
        Val::Bool(b) => *b,
        Val::Nil => false,
    }
}

fn to_f(v: &Val) -> f64 {
    match v {
        Val::Int(i) => *i as f64,
        Val::Float(f) => *f,
        Val::Bool(b) => *b as i32 as f64,
        Val::Str(s) => s.trim().parse().unwrap_or(0.0),
        Val::Nil => 0.0,
    }
}

/// Perl and PHP turn strings into numbers for arithmetic.
fn num_of(v: &Val) -> Val {
    match v {
        Val::Str(s) => {
            let t = s.trim();
            t.parse::<i128>().map(Val::Int).unwrap_or_else(|_| Val::Float(t.parse().unwrap_or(0.0)))
        }
        other => other.clone(),
    }
}

/// Integer division rounding toward negative infinity (Python's `//`, Ruby's `/`).
fn floor_div(x: i128, y: i128) -> Option<i128> {
    let q = x.checked_div(y)?;
    let r = x.checked_rem(y)?;
    Some(if r != 0 && (r < 0) != (y < 0) { q - 1 } else { q })
}

fn int_op_float(op: &str, x: f64, y: f64) -> f64 {
    match op {
        "+" => x + y,
        "-" => x - y,
        "*" => x * y,
        "/" => x / y,
        "//" => (x / y).floor(),
        "%" => x % y,
        "**" => x.powf(y),
        _ => f64::NAN,
    }
}

/// `s` repeated `n` times, never longer than [`MAX_STR`].
fn repeat(s: &str, n: i128) -> String {
    let fit = MAX_STR / s.len().max(1);
    let n = usize::try_from(n.clamp(0, fit as i128)).unwrap_or(0);
    cap(s.repeat(n))
}

fn cap(mut s: String) -> String {
    if s.len() > MAX_STR {
        let mut end = MAX_STR;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
        None => String::new(),
    }
}

fn py_type(v: &Val) -> &'static str {
    match v {
        Val::Int(_) => "int",
        Val::Float(_) => "float",
        Val::Str(_) => "str",
        Val::Bool(_) => "bool",
        Val::Nil => "NoneType",
    }
}

fn ruby_class(v: &Val) -> &'static str {
    match v {
        Val::Int(_) => "Integer",
        Val::Float(_) => "Float",
        Val::Str(_) => "String",
        Val::Bool(true) => "true",
        Val::Bool(false) => "false",
        Val::Nil => "nil",
    }
}

/// Floats as each language prints them: Python and Ruby always show a fraction (`5.0`) and
/// switch to exponents at 1e16; JavaScript drops `.0` and switches at 1e21; PHP and Perl round
/// to 14 and 15 significant digits.
fn fmt_float(f: f64, lang: Lang) -> String {
    if f.is_nan() {
        return match lang {
            Lang::Python => "nan",
            Lang::Ruby => "NaN",
            Lang::Php => "NAN",
            Lang::Perl | Lang::PerlSay => "NaN",
            _ => "NaN",
        }
        .into();
    }
    if f.is_infinite() {
        let s = match lang {
            Lang::Python => "inf",
            Lang::Php => "INF",
            Lang::Perl | Lang::PerlSay => "Inf",
            _ => "Infinity",
        };
        return if f < 0.0 { format!("-{s}") } else { s.into() };
    }
    let exp_form = |s: String, plus_pad: bool, ruby: bool| -> String {
        // Rust's `{:e}` gives `1e16` / `1.5e-7`.
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = match e.strip_prefix('-') {
            Some(d) => ("-", d),
            None => ("+", e),
        };
        let m = if ruby && !m.contains('.') { format!("{m}.0") } else { m.to_string() };
        let digits = if plus_pad && digits.len() < 2 { format!("0{digits}") } else { digits.to_string() };
        format!("{m}e{sign}{digits}")
    };
    let a = f.abs();
    match lang {
        Lang::Python | Lang::Ruby => {
            if a != 0.0 && !(1e-4..1e16).contains(&a) {
                exp_form(format!("{f:e}"), true, lang == Lang::Ruby)
            } else {
                let s = format!("{f}");
                if s.contains('.') {
                    s
                } else {
                    format!("{s}.0")
                }
            }
        }
        Lang::Node | Lang::NodePrint => {
            if a != 0.0 && !(1e-6..1e21).contains(&a) {
                exp_form(format!("{f:e}"), false, false)
            } else {
                format!("{f}")
            }
        }
        Lang::Php | Lang::Perl | Lang::PerlSay => {
            let digits = if lang == Lang::Php { 14 } else { 15 };
            let s = format!("{:.*e}", digits - 1, f);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let exp: i32 = e.parse().unwrap_or(0);
            let m = m.trim_end_matches('0').trim_end_matches('.');
            if exp < -5 || exp >= digits as i32 {
                let sign = if exp < 0 { "-" } else { "+" };
                let e = exp.abs();
                if lang == Lang::Php {
                    format!("{m}E{sign}{e}")
                } else {
                    format!("{m}e{sign}{e:02}")
                }
            } else {
                let v: f64 = format!("{m}e{exp}").parse().unwrap_or(f);
                let s = format!("{v}");
                s
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::container::ContainerConfig;
    use crate::snapshot::ContainerStatus;

    fn image(repo: &str, tag: &str) -> LocalImage {
        let (_, img) = registry::registry().resolve(repo, tag).unwrap_or_else(|| panic!("{repo}:{tag} in registry"));
        LocalImage {
            id: img.digest.clone(),
            repo_path: format!("library/{repo}"),
            config: img.config.clone(),
            process: img.process.clone(),
            created: img.created_time(),
            size: img.size,
            layers: img.layers.clone(),
        }
    }

    /// A container as the engine builds it: the image's env overlaid with `-e`, the image's
    /// entrypoint unless `--entrypoint` was given, the image's CMD unless a command was.
    fn container(img: &LocalImage, cmd: &[&str], env: &[&str], it: bool) -> Container {
        let config = ContainerConfig {
            image: "x".into(),
            cmd: cmd.iter().map(|s| s.to_string()).collect(),
            env: env.iter().map(|s| s.to_string()).collect(),
            tty: it,
            open_stdin: it,
            ..ContainerConfig::default()
        };
        let mut env_all = img.config.env.clone();
        env_all.extend(config.env.iter().cloned());
        Container {
            id: "58f387c6520598518264e9f0a70ac6e6d9830bf381157aa96063f9eccfc867e6".into(),
            name: "test".into(),
            image_id: img.id.clone(),
            entrypoint: img.config.entrypoint.clone(),
            cmd: if config.cmd.is_empty() { img.config.cmd.clone() } else { config.cmd.clone() },
            config,
            env: env_all,
            exposed: Vec::new(),
            status: ContainerStatus::Created,
            exit_code: 0,
            created: 0,
            started_at: None,
            finished_at: None,
            bindings: Vec::new(),
            ip: None,
            restart_count: 0,
            logs: Vec::new(),
            stopped_by_user: false,
            exit_at: None,
        }
    }

    fn t0() -> SimTime {
        crate::env::from_civil(2025, 2, 11, 7, 0, 1)
    }

    fn start(repo: &str, tag: &str, cmd: &[&str], env: &[&str], it: bool) -> (StartOutcome, Container, LocalImage) {
        let img = image(repo, tag);
        let c = container(&img, cmd, env, it);
        (on_start(&c, Some(&img), "172.17.0.2", t0()), c, img)
    }

    /// Random scripts from shell-ish pieces: no panic, bounded output, bounded work.
    #[test]
    fn odd_scripts_never_panic_and_stay_bounded() {
        const PIECES: &[&str] = &[
            "for", "i", "in", "do", "done", "while", "until", "true", "false", "if", "then", "elif", "else", "fi", "{",
            "}", "(", ")", ";", "\n", "&&", "||", "&", "|", "echo", "$i", "$(", "`", "'", "\"", "\\", "$((", "1+",
            "))", "sleep", "1", "break", "continue", "exit", "read", "x", "[", "]", "-eq", "seq", "3", "#", "2>&1",
            ">", "/tmp/f", "case", "esac", ";;",
        ];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..3_000 {
            let n = (next() % 24) as usize + 1;
            let script: Vec<&str> = (0..n).map(|_| PIECES[(next() % PIECES.len() as u64) as usize]).collect();
            let script = script.join(" ");
            let (o, _, _) = start("busybox", "latest", &["sh", "-c", &script], &[], false);
            assert!(o.logs.len() <= MAX_LINES, "{script}");
        }
    }

    fn text(o: &StartOutcome, stderr: Option<bool>) -> Vec<String> {
        o.logs.iter().filter(|l| stderr.is_none_or(|s| l.stderr == s)).map(|l| l.text.clone()).collect()
    }

    #[test]
    fn templates_and_signals() {
        let t = t0();
        assert_eq!(fill("[{apache_time}] x {ip}", "172.17.0.2", t), "[Tue Feb 11 07:00:01.000000 2025] x 172.17.0.2");
        assert_eq!(fill("{nginx_time} [notice]", "", t), "2025/02/11 07:00:01 [notice]");
        assert_eq!(fill("{entrypoint_time} [Note]", "", t), "2025-02-11 07:00:01+00:00 [Note]");
        assert_eq!(fill("{pg_time} [1] LOG:", "", t), "2025-02-11 07:00:01.000 UTC [1] LOG:");
        assert_eq!(fill("{mariadb_time} 0 [Note]", "", t), "2025-02-11  7:00:01 0 [Note]");
        assert_eq!(fill("{mariadb_short}", "", t), "250211  7:00:01");
        assert_eq!(fill("{ {json} {nope}", "", t), "{ {json} {nope}");
        assert_eq!(signal_number("SIGKILL"), Some(9));
        assert_eq!(signal_number("term"), Some(15));
        assert_eq!(signal_number("9"), Some(9));
        assert_eq!(signal_number("NOPE"), None);
    }

    #[test]
    fn mysql_without_password_exits_1_with_the_entrypoint_error() {
        let (o, _, _) = start("mysql", "latest", &[], &[], false);
        assert_eq!(o.exit_code, Some(1));
        let out = text(&o, Some(false));
        assert_eq!(
            out,
            [
                "2025-02-11 07:00:01+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 9.1.0-1.el9 started.",
                "2025-02-11 07:00:01+00:00 [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
                "2025-02-11 07:00:01+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 9.1.0-1.el9 started.",
            ]
        );
        assert_eq!(
            text(&o, Some(true)),
            [
                "2025-02-11 07:00:01+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
                "    You need to specify one of the following as an environment variable:",
                "    - MYSQL_ROOT_PASSWORD",
                "    - MYSQL_ALLOW_EMPTY_PASSWORD",
                "    - MYSQL_RANDOM_ROOT_PASSWORD",
            ]
        );
        // An empty value does not count, as in the entrypoint's `[ -z ... ]`.
        let (o, _, _) = start("mysql", "8.0", &[], &["MYSQL_ROOT_PASSWORD="], false);
        assert_eq!(o.exit_code, Some(1));
    }

    #[test]
    fn mysql_with_a_password_keeps_running_and_stops_cleanly() {
        for env in ["MYSQL_ROOT_PASSWORD=1234", "MYSQL_ALLOW_EMPTY_PASSWORD=yes", "MYSQL_RANDOM_ROOT_PASSWORD=1"] {
            let (o, c, img) = start("mysql", "latest", &[], &[env], true);
            assert_eq!(o.exit_code, None, "{env}");
            let all = text(&o, None);
            assert!(
                all.iter().any(|l| l.contains("ready for connections. Version: '9.1.0'") && l.contains("port: 3306")),
                "{all:?}"
            );
            assert_eq!(all.iter().any(|l| l.contains("GENERATED ROOT PASSWORD: ")), env.starts_with("MYSQL_RANDOM"));
            assert!(o.logs.windows(2).all(|w| w[0].time <= w[1].time), "log times never go back");
            assert_eq!(exit_code_on_stop(&c, Some(&img)), 0);
            let stop = on_stop(&c, Some(&img), t0() + 60_000);
            assert!(stop.last().is_some_and(|l| l.text.ends_with("[Server] MySQL Server - end.")), "{stop:?}");
        }
    }

    #[test]
    fn mariadb_accepts_either_variable_family() {
        let (o, _, _) = start("mariadb", "latest", &[], &[], false);
        assert_eq!(o.exit_code, Some(1));
        let err = text(&o, Some(true));
        assert!(err.iter().any(|l| l == "\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD"), "{err:?}");
        for env in ["MYSQL_ROOT_PASSWORD=x", "MARIADB_ROOT_PASSWORD=x", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1"] {
            assert_eq!(start("mariadb", "latest", &[], &[env], false).0.exit_code, None, "{env}");
        }
    }

    #[test]
    fn postgres_needs_a_password_or_trust() {
        let (o, _, _) = start("postgres", "latest", &[], &["POSTGRES_ROOT_PASSWORD=x"], false);
        assert_eq!(o.exit_code, Some(1));
        assert_eq!(
            text(&o, Some(true)).first().map(String::as_str),
            Some("Error: Database is uninitialized and superuser password is not specified.")
        );
        let (o, c, img) = start("postgres", "16", &[], &["POSTGRES_PASSWORD=pw"], false);
        assert_eq!(o.exit_code, None);
        assert!(text(&o, None).iter().any(|l| l.ends_with("LOG:  database system is ready to accept connections")));
        // SIGINT is its stop signal: a fast shutdown, exit 0.
        assert_eq!(exit_code_on_stop(&c, Some(&img)), 0);
        let (o, _, _) = start("postgres", "latest", &[], &["POSTGRES_HOST_AUTH_METHOD=trust"], false);
        assert_eq!(o.exit_code, None);
        assert!(text(&o, Some(true))
            .iter()
            .any(|l| l.starts_with("WARNING: POSTGRES_HOST_AUTH_METHOD has been set to \"trust\"")));
    }

    #[test]
    fn a_database_restarted_over_its_data_skips_initialisation() {
        let img = image("postgres", "latest");
        let mut c = container(&img, &[], &["POSTGRES_PASSWORD=pw"], false);
        let first = text(&on_start(&c, Some(&img), "172.17.0.2", t0()), None);
        assert!(first.iter().any(|l| l.contains("PostgreSQL init process complete")));
        c.started_at = Some(t0());
        let again = text(&on_start(&c, Some(&img), "172.17.0.2", t0() + 5000), None);
        assert!(again.iter().any(|l| l.contains("Skipping initialization")), "{again:?}");
        assert!(!again.iter().any(|l| l.contains("init process complete")));
    }

    #[test]
    fn hello_world_prints_its_exact_message() {
        let (o, _, _) = start("hello-world", "latest", &[], &[], false);
        assert_eq!(o.exit_code, Some(0));
        assert!(o.logs.iter().all(|l| !l.stderr));
        let text = text(&o, None).join("\n") + "\n";
        let expected = "\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n\nTo generate this message, Docker took the following steps:\n 1. The Docker client contacted the Docker daemon.\n 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.\n    (amd64)\n 3. The Docker daemon created a new container from that image which runs the\n    executable that produces the output you are currently reading.\n 4. The Docker daemon streamed that output to the Docker client, which sent it\n    to your terminal.\n\nTo try something more ambitious, you can run an Ubuntu container with:\n $ docker run -it ubuntu bash\n\nShare images, automate workflows, and more with a free Docker ID:\n https://hub.docker.com/\n\nFor more examples and ideas, visit:\n https://docs.docker.com/get-started/\n\n";
        assert_eq!(text, expected);
    }

    #[test]
    fn servers_log_and_keep_running() {
        let (o, c, img) = start("httpd", "latest", &[], &[], false);
        assert_eq!(o.exit_code, None);
        assert_eq!(
            text(&o, None).first().map(String::as_str),
            Some("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message")
        );
        assert_eq!(exit_code_on_stop(&c, Some(&img)), 0);
        let stop = on_stop(&c, Some(&img), t0());
        assert!(stop.first().is_some_and(|l| l.text.ends_with("AH00492: caught SIGWINCH, shutting down gracefully")));
        let term = on_signal(&c, Some(&img), 15, t0());
        assert!(term.first().is_some_and(|l| l.text.ends_with("AH00491: caught SIGTERM, shutting down")), "{term:?}");
        assert_eq!(exit_code_on_signal(&c, Some(&img), 1), None, "SIGHUP restarts httpd, it does not end it");

        let (o, c, img) = start("nginx", "latest", &[], &[], false);
        assert_eq!(o.exit_code, None);
        let out = text(&o, Some(false));
        assert_eq!(
            out.first().map(String::as_str),
            Some("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration")
        );
        let workers = text(&o, Some(true)).iter().filter(|l| l.contains("start worker process ")).count();
        assert_eq!(workers, CPUS as usize);
        assert!(on_stop(&c, Some(&img), t0())
            .iter()
            .any(|l| l.text.ends_with("[notice] 1#1: signal 3 (SIGQUIT) received, shutting down")));

        for (repo, port) in [
            ("registry", "[::]:5000"),
            ("wordpress", "AH00094"),
            ("nextcloud", "AH00094"),
            ("redmine", "Listening on http://0.0.0.0:3000"),
        ] {
            let (o, _, _) = start(repo, "latest", &[], &[], false);
            assert_eq!(o.exit_code, None, "{repo}");
            assert!(text(&o, None).iter().any(|l| l.contains(port)), "{repo}: {:?}", text(&o, None));
        }
    }

    #[test]
    fn registry_and_redmine_exit_codes_after_stop() {
        let (_, c, img) = start("registry", "2", &[], &[], false);
        assert_eq!(exit_code_on_stop(&c, Some(&img)), 2, "a Go program as PID 1 dies with 2 on SIGTERM");
        let (_, c, img) = start("redmine", "latest", &[], &[], false);
        assert_eq!(exit_code_on_stop(&c, Some(&img)), 1);
    }

    #[test]
    fn os_images_run_their_shell() {
        for repo in ["ubuntu", "debian", "centos", "fedora", "alpine", "busybox"] {
            let (o, c, img) = start(repo, "latest", &[], &[], false);
            assert_eq!(o.exit_code, Some(0), "{repo} without -it");
            assert!(o.logs.is_empty());
            let (o, _, _) = start(repo, "latest", &[], &[], true);
            assert_eq!(o.exit_code, None, "{repo} with -it");
            // A shell ignores SIGTERM: docker stop waits, then kills it.
            let c2 = container(&img, &[], &[], true);
            assert_eq!(exit_code_on_stop(&c2, Some(&img)), 137);
            assert_eq!(exit_code_on_signal(&c, Some(&img), 15), None);
            assert_eq!(exit_code_on_signal(&c, Some(&img), 9), Some(137));
        }
        let (o, _, _) = start("ubuntu", "latest", &["bash"], &[], true);
        assert_eq!(o.exit_code, None);
        let (o, _, _) = start("ubuntu", "22.04", &["/bin/bash"], &[], false);
        assert_eq!(o.exit_code, Some(0));
    }

    #[test]
    fn commands_in_os_images() {
        let (o, _, _) = start("ubuntu", "latest", &["echo", "hello", "world"], &[], false);
        assert_eq!((text(&o, None), o.exit_code), (vec!["hello world".to_string()], Some(0)));
        let (o, _, _) = start("ubuntu", "latest", &["cat", "/etc/os-release"], &[], false);
        assert!(text(&o, None).contains(&"PRETTY_NAME=\"Ubuntu 24.04.1 LTS\"".to_string()), "{:?}", text(&o, None));
        let (o, _, _) = start("alpine", "latest", &["cat", "/etc/alpine-release"], &[], false);
        assert_eq!(text(&o, None), ["3.21.2"]);
        let (o, _, _) = start("debian", "latest", &["sh", "-c", "echo $HOSTNAME && exit 3; echo no"], &[], false);
        assert_eq!((text(&o, None), o.exit_code), (vec!["58f387c65205".to_string()], Some(3)));
        let (o, _, _) = start("debian", "latest", &["sh", "-c", "false || echo fallback"], &[], false);
        assert_eq!(text(&o, None), ["fallback"]);
        let (o, _, _) = start("ubuntu", "latest", &["sh", "-c", "nosuch"], &[], false);
        assert_eq!((text(&o, Some(true)), o.exit_code), (vec!["sh: 1: nosuch: not found".to_string()], Some(127)));
        let (o, _, _) = start("ubuntu", "latest", &["bash", "-c", "nosuch"], &[], false);
        assert_eq!(text(&o, Some(true)), ["bash: line 1: nosuch: command not found"]);
        let (o, _, _) = start("alpine", "latest", &["sh", "-c", "nosuch"], &[], false);
        assert_eq!(text(&o, Some(true)), ["sh: nosuch: not found"]);
        let (o, _, _) = start("ubuntu", "latest", &["bash", "-c", "for i in 1 2; do echo $i; done"], &[], false);
        assert_eq!((text(&o, None), o.exit_code), (vec!["1".to_string(), "2".to_string()], Some(0)), "loops run");
        let (o, _, _) = start("ubuntu", "latest", &["sh", "-c", "while true; do echo tick; sleep 1; done"], &[], false);
        assert_eq!(o.exit_code, None, "an endless loop keeps the container running");
        assert_eq!(
            o.logs.iter().take(3).map(|l| l.time - o.logs[0].time).collect::<Vec<_>>(),
            [0, 1000, 2000],
            "a line a second"
        );
        let (o, _, _) = start("ubuntu", "latest", &["env"], &["FOO=bar"], false);
        assert_eq!(
            text(&o, None),
            [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "HOSTNAME=58f387c65205",
                "FOO=bar",
                "HOME=/root"
            ]
        );
        let (o, _, _) = start("ubuntu", "latest", &["ls"], &[], false);
        assert_eq!(text(&o, None).first().map(String::as_str), Some("bin"));
        let (o, _, _) = start("ubuntu", "latest", &["sleep", "30"], &[], false);
        assert_eq!((o.exit_code, o.ends_at), (Some(0), t0() + 30_000), "sleep ends by itself, 30 s later");
        let (o, _, _) = start("ubuntu", "latest", &["sleep", "infinity"], &[], false);
        assert_eq!(o.exit_code, None);
        let (o, _, _) = start("alpine", "latest", &["uname", "-a"], &[], false);
        assert_eq!(text(&o, None), [format!("Linux 58f387c65205 {KERNEL_RELEASE} {KERNEL_VERSION} x86_64 Linux")]);
        let (o, _, _) = start("busybox", "latest", &["echo", "hi"], &[], false);
        assert_eq!(text(&o, None), ["hi"]);
    }

    #[test]
    fn sleeps_take_time_and_the_script_goes_on_after_them() {
        let (o, _, _) = start("alpine", "latest", &["sh", "-c", "echo start; sleep 3; echo end; exit 2"], &[], false);
        assert_eq!((o.exit_code, o.ends_at), (Some(2), t0() + 3_000));
        let times: Vec<(String, SimTime)> = o.logs.iter().map(|l| (l.text.clone(), l.time)).collect();
        assert_eq!(times, [("start".to_string(), t0()), ("end".to_string(), t0() + 3_000)]);
        // Suffixes and several operands add up, as coreutils does.
        let (o, _, _) = start("ubuntu", "latest", &["sleep", "1m", "0.5", "1h"], &[], false);
        assert_eq!(o.ends_at, t0() + 3_660_500);
        // The stages of a pipeline run side by side; a background job does not hold the
        // script up.
        let (o, _, _) = start("ubuntu", "latest", &["sh", "-c", "sleep 2 | sleep 1; sleep 4 & echo x"], &[], false);
        assert_eq!((o.exit_code, o.ends_at), (Some(0), t0() + 2_000));
        let (o, _, _) = start("ubuntu", "latest", &["sh", "-c", "sleep 1; sleep infinity; echo never"], &[], false);
        assert_eq!((o.exit_code, o.logs.len()), (None, 0));
        let (o, _, _) = start("ubuntu", "latest", &["sleep", "soon"], &[], false);
        assert_eq!(
            (text(&o, Some(true)), o.exit_code, o.ends_at),
            (
                vec![
                    "sleep: invalid time interval 'soon'".to_string(),
                    "Try 'sleep --help' for more information.".to_string()
                ],
                Some(1),
                t0()
            )
        );
        let (o, _, _) = start("ubuntu", "latest", &["sleep"], &[], false);
        assert_eq!(text(&o, Some(true)).first().map(String::as_str), Some("sleep: missing operand"));
        assert_eq!(
            start("ubuntu", "latest", &["sleep", "1e300"], &[], false).0.exit_code,
            None,
            "longer than we count is forever"
        );
    }

    #[test]
    fn which_programs_exist() {
        let ubuntu = image("ubuntu", "latest");
        assert!(command_exists(&ubuntu, "bash") && command_exists(&ubuntu, "/bin/ls") && command_exists(&ubuntu, "ps"));
        assert!(
            !command_exists(&ubuntu, "python3") && !command_exists(&ubuntu, "nosuch") && !command_exists(&ubuntu, "")
        );
        let alpine = image("alpine", "latest");
        assert!(command_exists(&alpine, "sh") && !command_exists(&alpine, "bash"));
        assert!(!command_exists(&image("busybox", "latest"), "bash"));
        let debian = image("debian", "latest");
        assert!(!command_exists(&debian, "ps"), "debian images have no procps");
        assert!(
            command_exists(&image("python", "latest"), "python3") && command_exists(&image("python", "3.12"), "pip")
        );
        assert!(
            command_exists(&image("hello-world", "latest"), "/hello")
                && !command_exists(&image("hello-world", "latest"), "sh")
        );
        let c = container(&ubuntu, &["nosuch", "x"], &[], false);
        assert_eq!(missing_executable(&c, &ubuntu), Some("nosuch".to_string()));
        let c = container(&ubuntu, &[], &[], false);
        assert_eq!(missing_executable(&c, &ubuntu), None);
        // An entrypoint script that exists but execs a missing program fails inside the container.
        let nginx = image("nginx", "latest");
        let c = container(&nginx, &["nosuch"], &[], false);
        assert_eq!(missing_executable(&c, &nginx), None);
        let o = on_start(&c, Some(&nginx), "172.17.0.2", t0());
        assert_eq!(o.exit_code, Some(127));
        assert!(text(&o, Some(true)).first().is_some_and(|l| l.contains("exec: nosuch: not found")));
    }

    #[test]
    fn python_runs_code_and_prints_versions() {
        let run = |cmd: &[&str]| {
            let (o, _, _) = start("python", "latest", cmd, &[], false);
            (text(&o, None), o.exit_code)
        };
        assert_eq!(run(&["python", "-c", "print(1+1)"]), (vec!["2".to_string()], Some(0)));
        assert_eq!(
            run(&["python3", "-c", "print('hi', 7/2, 2**10, 10//3, -7 % 3, 'ab' * 2)"]),
            (vec!["hi 3.5 1024 3 2 abab".to_string()], Some(0))
        );
        assert_eq!(run(&["python", "-c", "x = 3; print(x * 2, 10 / 5, 0.1 + 0.2)"]).0, ["6 2.0 0.30000000000000004"]);
        assert_eq!(run(&["python", "-c", "for i in range(3): print(i)"]).0, ["0", "1", "2"]);
        assert_eq!(run(&["python3", "--version"]), (vec!["Python 3.13.1".to_string()], Some(0)));
        assert_eq!(run(&["python", "-V"]).0, ["Python 3.13.1"]);
        let (out, code) = run(&["python", "-c", "print(x)"]);
        assert_eq!(code, Some(1));
        assert_eq!(
            out,
            [
                "Traceback (most recent call last):",
                "  File \"<string>\", line 1, in <module>",
                "    print(x)",
                "          ^",
                "NameError: name 'x' is not defined"
            ]
        );
        let (o, _, _) = start("python", "3.12", &["python", "-c", "y = 1; print(y + z)"], &[], false);
        assert_eq!(
            text(&o, None),
            [
                "Traceback (most recent call last):",
                "  File \"<string>\", line 1, in <module>",
                "NameError: name 'z' is not defined"
            ],
            "3.12 does not quote -c source"
        );
        // No command, no -it: the REPL reads EOF and exits 0 silently.
        assert_eq!(run(&[]), (Vec::new(), Some(0)));
        let (o, _, _) = start("python", "latest", &[], &[], true);
        assert_eq!(o.exit_code, None);
        assert!(text(&o, None).first().is_some_and(|l| l.starts_with("Python 3.13.1 (main, ")));
        assert_eq!(run(&["python", "-m", "http.server"]), (Vec::new(), None), "buffered output, still serving");
        let (o, _, _) = start("python", "latest", &["python", "-u", "-m", "http.server", "8080"], &[], false);
        assert_eq!(text(&o, None), ["Serving HTTP on 0.0.0.0 port 8080 (http://0.0.0.0:8080/) ..."]);
        assert_eq!(
            run(&["python", "app.py"]),
            (vec!["python3: can't open file '/app.py': [Errno 2] No such file or directory".to_string()], Some(2))
        );
    }

    #[test]
    fn other_runtimes() {
        let run = |repo: &str, cmd: &[&str]| {
            // openjdk has no `latest` any more: its newest GA tag is 17.
            let tag = if repo == "openjdk" { "17" } else { "latest" };
            let (o, _, _) = start(repo, tag, cmd, &[], false);
            (text(&o, Some(false)), text(&o, Some(true)), o.exit_code)
        };
        assert_eq!(run("node", &["node", "-e", "console.log(1+1)"]).0, ["2"]);
        assert_eq!(run("node", &["node", "-e", "console.log('a' + 1, 10 / 4, 6 / 2)"]).0, ["a1 2.5 3"]);
        assert_eq!(run("node", &["node", "-p", "2**10"]).0, ["1024"]);
        assert_eq!(run("node", &["node", "--version"]).0, ["v23.6.0"]);
        assert_eq!(run("node", &["-v"]).0, ["v23.6.0"], "the entrypoint prepends node to a flag");
        assert_eq!(run("node", &[]).2, Some(0));
        let (_, err, code) = run("node", &["node", "-e", "console.log(x)"]);
        assert_eq!(
            (err.get(..6).map(|e| e.to_vec()), code),
            (
                Some(
                    [
                        "[eval]:1",
                        "console.log(x)",
                        "            ^",
                        "",
                        "ReferenceError: x is not defined",
                        "    at [eval]:1:13"
                    ]
                    .map(String::from)
                    .to_vec()
                ),
                Some(1)
            )
        );
        let (_, err, code) = run("node", &["app.js"]);
        assert_eq!(code, Some(1));
        assert!(err.contains(&"Error: Cannot find module '/app.js'".to_string()), "{err:?}");
        let (out, err, code) = run("openjdk", &["java", "-version"]);
        assert_eq!((out.len(), code), (0, Some(0)));
        assert_eq!(err.first().map(String::as_str), Some("openjdk version \"17.0.2\" 2022-01-18"));
        assert_eq!(
            run("openjdk", &["java", "--version"]).0.first().map(String::as_str),
            Some("openjdk 17.0.2 2022-01-18")
        );
        assert_eq!(run("gcc", &["gcc", "--version"]).0.first().map(String::as_str), Some("gcc (GCC) 14.2.0"));
        assert_eq!(
            run("ruby", &["ruby", "-v"]).0,
            ["ruby 3.4.1 (2024-12-25 revision 48d4efcb85) +PRISM [x86_64-linux]"]
        );
        assert_eq!(run("ruby", &["ruby", "-e", "puts 1+2; p 'x'; puts 7/2"]).0, ["3", "\"x\"", "3"]);
        assert_eq!(run("perl", &["perl", "-e", "print \"hi\\n\"; print 1+1"]).0, ["hi", "2"]);
        assert!(run("perl", &["perl", "-v"])
            .0
            .contains(&"This is perl 5, version 40, subversion 0 (v5.40.0) built for x86_64-linux-gnu".to_string()));
        assert_eq!(run("php", &["php", "-r", "echo 10/4, PHP_EOL; echo 'a' . 'b';"]).0, ["2.5", "ab"]);
        assert_eq!(
            run("php", &["php", "-v"]).0.first().map(String::as_str),
            Some("PHP 8.4.2 (cli) (built: Dec 20 2024 04:27:14) (NTS)")
        );
        assert_eq!(run("php", &["-v"]).0.len(), 4, "docker-php-entrypoint prepends php to a flag");
        assert_eq!(run("php", &[]).0, ["Interactive shell", ""]);
    }

    #[test]
    fn odd_input_never_panics() {
        let img = image("python", "latest");
        for code in [
            "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((1",
            "print(",
            "'",
            "\"\\",
            "for i in range(10**9): print(i)",
            "print('a' * 10**12)",
            "2**200000",
            "print(1/0)",
            "x=",
            "=",
            "é=1; print(é)",
            "print(9999999999999999999999999999999999999999 * 99999999999999999999999999)",
            "print(abs(-170141183460469231731687303715884105727 - 1))",
        ] {
            let c = container(&img, &["python", "-c", code], &[], false);
            let o = on_start(&c, Some(&img), "", t0());
            assert!(o.logs.len() <= MAX_LINES + 1, "{code}");
        }
        let ubuntu = image("ubuntu", "latest");
        for script in
            ["echo \"unterminated", "$", "${", "a=; $a", "| | ;; && ||", "cd /nope", "echo $((1+1))", "\\", "'"]
        {
            let c = container(&ubuntu, &["sh", "-c", script], &[], false);
            let _ = on_start(&c, Some(&ubuntu), "", t0());
        }
        assert_eq!(fill("{env:X}", "", 0), "{env:X}");
        assert!(
            has_placeholder("a {env:X} b")
                && has_placeholder("{ip}")
                && !has_placeholder("{:force=>true}")
                && !has_placeholder("{ \"a\": 1 }")
        );
    }

    /// `{name}` or `{name:arg}` left in a line: a template key nobody filled.
    fn has_placeholder(line: &str) -> bool {
        line.split('{').skip(1).any(|rest| {
            let key = rest.split('}').next().unwrap_or("");
            rest.contains('}')
                && !key.is_empty()
                && key
                    .split(':')
                    .next()
                    .is_some_and(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        /// Whatever a learner types after the image, starting the container returns.
        #[test]
        fn any_command_line_is_survived(code in "[ -~]{0,60}", prog in proptest::sample::select(vec!["python", "node", "ruby", "perl", "php", "sh", "bash"])) {
            let (repo, flag) = match prog {
                "python" => ("python", "-c"),
                "node" => ("node", "-e"),
                "ruby" => ("ruby", "-e"),
                "perl" => ("perl", "-e"),
                "php" => ("php", "-r"),
                _ => ("ubuntu", "-c"),
            };
            let img = image(repo, "latest");
            let c = container(&img, &[prog, flag, &code], &["A=1"], false);
            let o = on_start(&c, Some(&img), "172.17.0.2", t0());
            proptest::prop_assert!(o.logs.len() <= MAX_LINES + 1);
        }
    }

    #[test]
    fn every_registry_image_starts_without_surprises() {
        for repo in &registry::registry().repos {
            for img in &repo.images {
                let tag = img.tags.first().cloned().unwrap_or_default();
                let li = image(&repo.name, &tag);
                let c = container(&li, &[], &["MYSQL_ROOT_PASSWORD=x", "POSTGRES_PASSWORD=x"], false);
                let o = on_start(&c, Some(&li), "172.17.0.2", t0());
                let kind = li.process.kind;
                match kind {
                    ProcessKind::Server => assert_eq!(o.exit_code, None, "{}:{tag}", repo.name),
                    _ => assert!(o.exit_code.is_some(), "{}:{tag}", repo.name),
                }
                assert!(missing_executable(&c, &li).is_none(), "{}:{tag} default command exists", repo.name);
                assert!(
                    !li.process.os.is_empty() && registry::base_system(&li.process.os).is_some(),
                    "{}:{tag} names a known os",
                    repo.name
                );
                for l in text(&o, None) {
                    assert!(!has_placeholder(&l), "{}:{tag}: unfilled template in {l:?}", repo.name);
                }
            }
        }
    }
}
