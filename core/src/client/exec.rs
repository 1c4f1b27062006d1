//! `docker exec` (and `docker container exec`): run a command in a running container.
//!
//! The client's steps follow docker/cli: inspect the container first (so "No such container"
//! wins), refuse `-it` without a terminal (`the input device is not a TTY`), then ask the daemon
//! to create the exec, which refuses stopped, paused and restarting containers in dockerd's
//! words. A one-shot command runs to completion through a [`ContainerShell`] and its status is
//! the command's; `-i` with a shell program hands an interactive [`ContainerShell`] back to the
//! session ([`ExecOutcome::Interactive`]), which then feeds it the learner's lines. Start
//! failures print the OCI runtime's message on stdout (the daemon writes it into the stream) and
//! exit 126/127, as Docker does. This module also holds [`run_with_host`], the entry point that
//! gives `exec`, `cp`, `diff` and `commit` the host's files.

use super::spec::{self, Invocation, Parsed};
use super::{commit, cp, diff};
use crate::container_shell::{ContainerShell, ShellOptions};
use crate::engine::Engine;
use crate::env::SimTime;
use crate::output::Output;
use crate::shell::fs::{Fs, Who};
use crate::shell::HostCtx;
use crate::snapshot::ContainerStatus;

/// What `docker exec` amounts to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExecOutcome {
    /// It ran (or failed) and is over.
    Done(Output),
    /// An interactive shell now holds the terminal: the session sends it each line the learner
    /// types, shows its [`ContainerShell::prompt`], and returns to the host shell when a line
    /// reports that it ended (`exit`) or on the detach keys. The container keeps running either
    /// way; only `docker run -it`'s own shell stops it.
    Interactive(Box<ContainerShell>),
}

impl ExecOutcome {
    /// The output, for callers that cannot hand the terminal over (a real client without a
    /// terminal refuses `-it` the same way).
    pub fn into_output(self) -> Output {
        match self {
            ExecOutcome::Done(o) => o,
            ExecOutcome::Interactive(_) => {
                let mut o = Output::with_code(1);
                o.err("the input device is not a TTY");
                o
            }
        }
    }
}

/// What the client knows about where it runs.
#[derive(Debug)]
pub struct ClientHost<'a> {
    /// The host's files (bind mounts, `docker cp`, `--env-file`).
    pub fs: &'a mut Fs,
    /// The working directory (relative `docker cp` paths).
    pub cwd: &'a str,
    /// The client's environment (`-e NAME` without a value copies it).
    pub env: &'a crate::map::Map<String, String>,
    /// Whether stdout is a terminal (`docker cp` prints its summary only then).
    pub tty: bool,
    /// Whether stdin is a terminal (`-it` needs one).
    pub stdin_tty: bool,
    /// The time.
    pub now: SimTime,
}

/// Programs that are shells: started with `-i` and nothing to run, they read commands.
pub fn is_shell(program: &str) -> bool {
    matches!(program.rsplit('/').next().unwrap_or(program), "bash" | "sh" | "ash" | "dash" | "zsh")
}

/// `docker exec [OPTIONS] CONTAINER COMMAND [ARG...]`.
pub fn exec(engine: &mut Engine, inv: &Invocation, host: &mut ClientHost<'_>) -> ExecOutcome {
    let mut out = Output::new();
    let fail = |mut out: Output, text: String, code: i32| {
        out.err(text);
        out.code = code;
        ExecOutcome::Done(out)
    };
    let Some(name) = inv.args.first() else { return ExecOutcome::Done(out) };
    let argv: Vec<String> = inv.args.iter().skip(1).cloned().collect();
    let f = &inv.flags;
    let (interactive, tty, detach) = (f.bool("interactive"), f.bool("tty"), f.bool("detach"));
    // 1. The client inspects first, so a missing container is reported before anything else.
    let c = match engine.container_resolve(name) {
        Ok(c) => c.clone(),
        Err(e) => return fail(out, format!("Error response from daemon: {e}"), 1),
    };
    // 2. `-it` needs a terminal on stdin.
    if !detach && interactive && tty && !host.stdin_tty {
        return fail(out, "the input device is not a TTY".to_string(), 1);
    }
    // 3. The daemon creates the exec only in a running container.
    match c.status {
        ContainerStatus::Paused => {
            return fail(
                out,
                format!("Error response from daemon: Container {name} is paused, unpause the container before exec"),
                1,
            )
        }
        ContainerStatus::Restarting => {
            return fail(
                out,
                format!(
                    "Error response from daemon: Container {} is restarting, wait until the container is running",
                    c.id
                ),
                1,
            )
        }
        ContainerStatus::Running => {}
        _ => return fail(out, format!("Error response from daemon: container {} is not running", c.id), 1),
    }
    let mut env: Vec<String> = Vec::new();
    for file in f.list("env-file") {
        let path = crate::shell::fs::normalize(host.cwd, file);
        match host.fs.read(&path, Who::User) {
            Ok(text) => env.extend(
                text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string),
            ),
            Err(e) => return fail(out, format!("open {file}: {}", e.to_string().to_lowercase()), 1),
        }
    }
    for e in f.list("env") {
        if e.contains('=') {
            env.push(e.clone());
        } else if let Some(v) = host.env.get(e.as_str()) {
            env.push(format!("{e}={v}"));
        }
    }
    let opts = ShellOptions {
        tty,
        interactive,
        user: f.string("user").map(str::to_string),
        workdir: f.string("workdir").map(str::to_string),
        env,
        main: false,
    };
    let program = argv.first().cloned().unwrap_or_default();
    let start_failed = |mut out: Output, e: crate::container_shell::StartError| {
        let (text, code) = e.message();
        // The daemon writes the failure into the attached stream, which the client prints.
        out.out(text);
        out.code = code;
        ExecOutcome::Done(out)
    };
    if is_shell(&program) && argv.len() == 1 && !detach {
        if !interactive {
            // A shell whose stdin is closed reads end-of-file and exits at once.
            return match ContainerShell::open(engine, &c.id, host.fs, &program, &opts, host.now) {
                Ok(_) => ExecOutcome::Done(out),
                Err(e) => start_failed(out, e),
            };
        }
        return match ContainerShell::open(engine, &c.id, host.fs, &program, &opts, host.now) {
            Ok(sh) => ExecOutcome::Interactive(Box::new(sh)),
            Err(e) => start_failed(out, e),
        };
    }
    let mut sh = match ContainerShell::open(engine, &c.id, host.fs, &program, &opts, host.now) {
        Ok(sh) => sh,
        Err(e) => return start_failed(out, e),
    };
    match sh.run_argv(engine, host.fs, &argv, host.now) {
        Ok(o) => {
            if detach {
                return ExecOutcome::Done(out);
            }
            out.extend(o);
            if sh.in_repl() {
                // The program holds the terminal (`redis-cli` at its prompt).
                sh.set_greeting(out.lines);
                return ExecOutcome::Interactive(Box::new(sh));
            }
            ExecOutcome::Done(out)
        }
        Err(e) => start_failed(out, e),
    }
}

/// The commands this module and its neighbours answer with the host's files at hand.
const WITH_HOST: &[&str] = &["container exec", "container cp", "container diff", "container commit"];

/// For the session: runs `docker exec|cp|diff|commit` with access to the host's files, cwd
/// and terminal (`ctx` is what the shell hands its host). `None` for every other command, and
/// for cases the ordinary path already words right (usage errors, `--help`, daemon down), so the
/// caller goes on with `client::run`.
pub fn run_with_host(engine: &mut Engine, ctx: &mut HostCtx<'_>, argv: &[String]) -> Option<ExecOutcome> {
    let inv = match spec::parse(argv) {
        Parsed::Run(inv) => inv,
        Parsed::Done(_) => return None,
    };
    if !WITH_HOST.contains(&inv.path) || inv.endpoint_error().is_some() || !engine.daemon_running() {
        return None;
    }
    let env = ctx.env.clone();
    let mut host =
        ClientHost { fs: &mut *ctx.fs, cwd: ctx.cwd, env: &env, tty: ctx.tty, stdin_tty: true, now: ctx.now };
    let printed = Output { lines: inv.printed.clone(), code: 0 };
    let outcome = dispatch(engine, &inv, &mut host);
    Some(match outcome {
        ExecOutcome::Done(o) => {
            let mut all = printed;
            all.extend(o);
            ExecOutcome::Done(all)
        }
        other => other,
    })
}

/// Runs one of the [`WITH_HOST`] commands.
pub fn dispatch(engine: &mut Engine, inv: &Invocation, host: &mut ClientHost<'_>) -> ExecOutcome {
    match inv.path {
        "container exec" => exec(engine, inv, host),
        "container cp" => ExecOutcome::Done(cp::cp(engine, inv, host)),
        "container diff" => ExecOutcome::Done(diff::diff(engine, inv, host)),
        "container commit" => ExecOutcome::Done(commit::commit(engine, inv, host)),
        _ => ExecOutcome::Done(Output::new()),
    }
}

/// For `client::run` without a session: the same commands against a scratch copy of a fresh
/// host (bind mounts then look empty and `docker cp` to the host is lost), and no terminal.
pub fn dispatch_without_host(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut scratch = Fs::host();
    let env = crate::map::Map::new();
    let now = engine.now();
    let mut host =
        ClientHost { fs: &mut scratch, cwd: crate::shell::fs::HOME, env: &env, tty: false, stdin_tty: false, now };
    dispatch(engine, inv, &mut host).into_output()
}
