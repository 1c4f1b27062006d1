//! `docker exec` (and `docker container exec`): run a command in a running container.
//!
//! The client's steps follow docker/cli: inspect the container first (so "No such container"
//! wins), refuse `-it` without a terminal (`the input device is not a TTY`), then ask the daemon
//! to create the exec, which refuses stopped, paused and restarting containers in dockerd's
//! words. A one-shot command runs to completion through a [`ContainerShell`] and its status is
//! the command's; `-i` with a shell program hands an interactive [`ContainerShell`] to the
//! session ([`Outcome::Shell`]), which then feeds it the learner's lines. Start failures print
//! the OCI runtime's message on stdout (the daemon writes it into the stream) and exit 126/127,
//! as Docker does.

use super::is_shell;
use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::{ClientHost, Hold, HoldKind, Outcome};
use crate::container_shell::{ContainerShell, ShellOptions, StartError};
use crate::engine::Engine;
use crate::output::Output;
use crate::shell::fs::Who;
use crate::snapshot::ContainerStatus;

/// `docker exec [OPTIONS] CONTAINER COMMAND [ARG...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Exec<'a> {
    /// The container, as typed.
    pub container: &'a str,
    /// COMMAND and its arguments.
    pub argv: &'a [String],
    /// `-i, --interactive`.
    pub interactive: bool,
    /// `-t, --tty`.
    pub tty: bool,
    /// `-d, --detach`.
    pub detach: bool,
    /// `-u, --user`.
    pub user: Option<&'a str>,
    /// `-w, --workdir`.
    pub workdir: Option<&'a str>,
    /// `-e, --env`.
    pub env: &'a [String],
    /// `--env-file`.
    pub env_files: &'a [String],
}

impl<'a> Exec<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Exec<'a> {
        let f = &inv.flags;
        Exec {
            container: inv.args.first().map(String::as_str).unwrap_or(""),
            argv: inv.args.get(1..).unwrap_or(&[]),
            interactive: f.bool("interactive"),
            tty: f.bool("tty"),
            detach: f.bool("detach"),
            user: f.string("user"),
            workdir: f.string("workdir"),
            env: f.list("env"),
            env_files: f.list("env-file"),
        }
    }

    /// Runs the command in the container; an interactive shell on a terminal takes it over.
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>) -> Outcome {
        let mut out = Output::new();
        let name = &self.container;
        // 1. The client inspects first, so a missing container is reported before anything else.
        let c = match engine.container_resolve(name) {
            Ok(c) => c.clone(),
            Err(e) => return fail(out, &from_daemon(&e)),
        };
        // 2. `-it` needs a terminal on stdin.
        if !self.detach && self.interactive && self.tty && !host.stdin_tty {
            return fail(out, "the input device is not a TTY");
        }
        // 3. The daemon creates the exec only in a running container.
        match c.status {
            ContainerStatus::Paused => {
                return fail(
                    out,
                    &format!(
                        "Error response from daemon: Container {name} is paused, unpause the container before exec"
                    ),
                )
            }
            ContainerStatus::Restarting => {
                return fail(
                    out,
                    &format!(
                        "Error response from daemon: Container {} is restarting, wait until the container is running",
                        c.id
                    ),
                )
            }
            ContainerStatus::Running => {}
            _ => return fail(out, &format!("Error response from daemon: container {} is not running", c.id)),
        }
        let mut env: Vec<String> = Vec::new();
        for file in self.env_files {
            let path = crate::shell::fs::normalize(host.cwd, file);
            match host.fs.read(&path, Who::User) {
                Ok(text) => env.extend(
                    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string),
                ),
                Err(e) => return fail(out, &format!("open {file}: {}", e.to_string().to_lowercase())),
            }
        }
        for e in self.env {
            if e.contains('=') {
                env.push(e.clone());
            } else if let Some(v) = host.env.get(e.as_str()) {
                env.push(format!("{e}={v}"));
            }
        }
        let opts = ShellOptions {
            tty: self.tty,
            interactive: self.interactive,
            user: self.user.map(str::to_string),
            workdir: self.workdir.map(str::to_string),
            env,
            main: false,
        };
        let program = self.argv.first().cloned().unwrap_or_default();
        let now = host.now;
        if is_shell(&program) && self.argv.len() == 1 && !self.detach {
            let shell = match ContainerShell::open(engine, &c.id, host.fs, &program, &opts, now) {
                Ok(sh) => sh,
                Err(e) => return start_failed(out, e),
            };
            // A shell whose stdin is closed reads end-of-file and exits at once.
            if !self.interactive {
                return Outcome::Done(out);
            }
            if !host.tty {
                // A real client without a terminal refuses the same way.
                return fail(out, "the input device is not a TTY");
            }
            let hold = Hold {
                container: c.id.clone(),
                kind: HoldKind::Attach,
                sig_proxy: false,
                stdin: true,
                tty: self.tty,
                mark: 0,
            };
            return Outcome::Shell(out, hold, Box::new(shell));
        }
        let mut sh = match ContainerShell::open(engine, &c.id, host.fs, &program, &opts, now) {
            Ok(sh) => sh,
            Err(e) => return start_failed(out, e),
        };
        match sh.run_argv(engine, host.fs, self.argv, now) {
            Ok(o) => {
                if !self.detach {
                    out.extend(o);
                }
                if sh.in_repl() && host.tty && !self.detach {
                    // The program holds the terminal at its own prompt (`redis-cli`, `mongosh`).
                    let hold = Hold {
                        container: c.id.clone(),
                        kind: HoldKind::Attach,
                        sig_proxy: false,
                        stdin: true,
                        tty: self.tty,
                        mark: 0,
                    };
                    return Outcome::Shell(out, hold, Box::new(sh));
                }
                Outcome::Done(out)
            }
            Err(e) => start_failed(out, e),
        }
    }
}

fn fail(mut out: Output, text: &str) -> Outcome {
    out.fail(text, 1);
    Outcome::Done(out)
}

/// The daemon writes a start failure into the attached stream, which the client prints.
fn start_failed(mut out: Output, e: StartError) -> Outcome {
    let (text, code) = e.message();
    out.out(text);
    out.code = code;
    Outcome::Done(out)
}
