//! The docker client: one door from a typed `docker ...` line to engine calls and output.
//!
//! [`run`] is the only entry. It reads argv once ([`cli::parse`]: cobra's and pflag's rules,
//! help texts and usage errors), turns the invocation into one command's typed arguments
//! ([`Command::parse`]), checks what every command checks first (the endpoint, a running
//! daemon), and runs the command ([`Command::run`]). What comes back is an [`Outcome`]: done,
//! holding the terminal, a container shell, or a `[y/N]` question awaiting [`answer`].
//!
//! The files follow docker's own command tree, one file per command (`container/rm.rs` is
//! `docker rm` and `docker container rm`; `network/connect.rs` is `docker network connect`),
//! each with the same shape: an args struct read from the flags in one place (`parse`), and
//! the client-side steps that call the engine and print docker's formats (`run`). This layer
//! never mutates engine state except through engine methods.

pub mod buildx;
pub mod cli;
mod command;
#[cfg(feature = "full")]
pub mod compose;
pub mod container;
mod facts;
mod filters;
mod hold;
pub mod image;
mod inspect;
pub mod network;
pub mod plugins;
mod prune;
pub mod registry;
pub mod system;
mod timestamp;
pub mod volume;

pub use cli::spec;
pub use command::Command;
pub use hold::{interrupt, watch, Hold, HoldKind};
pub use prune::{answer, Pending};

use crate::container_shell::ContainerShell;
use crate::engine::{DaemonError, Engine};
use crate::env::SimTime;
use crate::map::Map;
use crate::output::Output;
use crate::shell::fs::Fs;
use cli::{Invocation, Parsed};

/// What the daemon-down error says, for every command that needs the daemon.
pub const DAEMON_DOWN: &str =
    "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

/// What the client knows about the machine it runs on.
#[derive(Debug)]
pub struct ClientHost<'a> {
    /// The host's files (bind mounts, `docker cp`, `--env-file`).
    pub fs: &'a mut Fs,
    /// The working directory (relative `docker cp` paths).
    pub cwd: &'a str,
    /// The client's environment (`-e NAME` without a value copies it).
    pub env: &'a Map<String, String>,
    /// Whether stdout is the terminal: only then can a command hold it, open a container
    /// shell on it or ask it a question (`docker cp` prints its summary only then, too).
    pub tty: bool,
    /// Whether stdin is a terminal (`-it` needs one).
    pub stdin_tty: bool,
    /// The time.
    pub now: SimTime,
}

impl<'a> ClientHost<'a> {
    #[cfg(test)]
    /// A host with no terminal, working in the home directory: for callers without a shell
    /// (tests, benchmarks).
    pub fn detached(fs: &'a mut Fs, env: &'a Map<String, String>, now: SimTime) -> ClientHost<'a> {
        ClientHost { fs, cwd: crate::shell::fs::HOME, env, tty: false, stdin_tty: false, now }
    }
}

/// What a docker command amounts to.
#[derive(Debug)]
pub enum Outcome {
    /// It ran (or failed) and is over.
    Done(Output),
    /// It printed this and now holds the terminal (see [`Hold`]).
    Holds(Output, Hold),
    /// A shell in a container now reads the terminal's lines (`docker run -it ubuntu bash`,
    /// `docker exec -it web sh`): the session sends it each line, shows its prompt, and
    /// returns to the host when a line ends it or on the detach keys.
    Shell(Output, Hold, Box<ContainerShell>),
    /// It printed a `[y/N]` question; the session passes the next line to [`answer`].
    Confirm(Output, Pending),
}

impl Outcome {
    /// Only what it printed (tests and callers that hand nothing over).
    pub fn into_output(self) -> Output {
        match self {
            Outcome::Done(o) | Outcome::Holds(o, _) | Outcome::Shell(o, _, _) | Outcome::Confirm(o, _) => o,
        }
    }
}

/// Runs `docker ARGV...` on `host` against the engine, with `stdin` as its standard input
/// (what a pipe fed it). Never panics; every failure is output.
pub fn run(engine: &mut Engine, host: &mut ClientHost<'_>, argv: &[String], stdin: &str) -> Outcome {
    let inv = match cli::parse(argv) {
        Parsed::Run(inv) => inv,
        Parsed::Done(out) => return Outcome::Done(out),
        Parsed::NeedsFull => {
            engine.ask_for_full();
            return Outcome::Done(Output::new());
        }
    };
    // Deprecation notices and banners the parser printed come first.
    let mut out = Output { lines: inv.printed.clone(), code: 0 };
    if let Some(e) = inv.endpoint_error() {
        out.fail(&e, 1);
        return Outcome::Done(out);
    }
    let command = Command::parse(&inv);
    if command.needs_daemon() && !engine.daemon_running() {
        out.extend(daemon_down(&inv));
        return Outcome::Done(out);
    }
    let mut outcome = command.run(engine, host, stdin);
    if !out.lines.is_empty() {
        let mine = match &mut outcome {
            Outcome::Done(o) | Outcome::Holds(o, _) | Outcome::Shell(o, _, _) | Outcome::Confirm(o, _) => o,
        };
        let code = mine.code;
        out.lines.append(&mut mine.lines);
        out.code = code;
        *mine = out;
    }
    outcome
}

/// [`run`] on a scratch copy of a fresh host with no terminal (bind mounts look empty and
/// `docker cp` to the host is lost): for tests of the client alone.
#[cfg(test)]
pub fn run_plain(engine: &mut Engine, argv: &[String], stdin: &str) -> Output {
    let mut fs = Fs::host();
    let env = Map::new();
    let now = engine.now();
    run(engine, &mut ClientHost::detached(&mut fs, &env, now), argv, stdin).into_output()
}

/// What a command prints when dockerd is not running. `run` wraps the error like its
/// other errors; `pull` has already said which tag it uses.
fn daemon_down(inv: &Invocation) -> Output {
    let mut out = Output::with_code(1);
    match inv.path {
        "container run" => {
            out.err(format!("docker: {DAEMON_DOWN}"));
            out.err("");
            out.err(format!("Run '{} --help' for more information", inv.called_as));
            out.code = 125;
        }
        "image pull" => {
            if inv.args.first().is_some_and(|a| {
                crate::engine::reference::ImageRef::parse(a).is_ok_and(|r| r.tag.is_none() && r.digest.is_none())
            }) {
                out.out("Using default tag: latest");
            }
            out.err(DAEMON_DOWN);
        }
        _ => out.err(DAEMON_DOWN),
    }
    out
}

/// `Error response from daemon: ...`: how the client words a refusal the daemon sent.
pub(crate) fn from_daemon(e: &dyn std::fmt::Display) -> String {
    format!("Error response from daemon: {e}")
}

/// Prints a daemon refusal the way the CLI does for most commands (one terminal line per
/// line of its text), status 1.
pub(crate) fn daemon_error(out: &mut Output, e: &DaemonError) {
    out.fail(&from_daemon(&e), 1);
}
