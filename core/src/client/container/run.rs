//! `docker run` (`docker container run`): create (pulling the image if missing), start, and
//! either print the ID (`-d`) or attach: show what the process writes and hold the terminal
//! while it runs — or, for `-it` with a shell as the main process, hand the terminal to that
//! shell.

use super::config::Options;
use super::main_is_shell;
use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::{ClientHost, Hold, HoldKind, Outcome};
use crate::container_shell::ContainerShell;
use crate::engine::Engine;
use crate::env::SimTime;
use crate::output::Output;

/// `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Run<'a> {
    /// The options it shares with `docker create`.
    pub options: Options<'a>,
    /// `-d, --detach`.
    pub detach: bool,
    /// `--sig-proxy` (default true): Ctrl+C reaches the container as SIGINT.
    pub sig_proxy: bool,
}

impl<'a> Run<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Run<'a> {
        let f = &inv.flags;
        Run { options: Options::parse(inv, "run"), detach: f.bool("detach"), sig_proxy: f.bool("sig-proxy") }
    }

    /// Runs the container. Attached to a terminal, a process that keeps running holds it
    /// ([`Outcome::Holds`]) and a shell with `-i` takes it ([`Outcome::Shell`]).
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>) -> Outcome {
        let mut out = Output::new();
        let opts = &self.options;
        let checked = match opts.check_pull().and_then(|()| opts.check(host.env)) {
            Ok(c) => c,
            Err(msg) => {
                opts.usage_error(&mut out, &msg);
                return Outcome::Done(out);
            }
        };
        if self.detach && !opts.attach.is_empty() {
            out.fail("conflicting options: cannot specify both --attach and --detach", 1);
            return Outcome::Done(out);
        }
        let id = match opts.create(engine, checked, &mut out) {
            Ok(id) => id,
            Err(e) => {
                opts.usage_error(&mut out, &e.message());
                out.code = e.run_status();
                return Outcome::Done(out);
            }
        };
        let mark = engine.container(&id).map(|c| c.logs.len()).unwrap_or(0);
        let events = engine.event_count();
        if let Err(e) = engine.container_start(&id) {
            // The client prints the ID as soon as the container exists, so it comes before
            // the start error (the container stays behind in state `created`).
            if self.detach {
                out.out(id);
            }
            opts.usage_error(&mut out, &from_daemon(&e));
            out.code = e.run_status();
            return Outcome::Done(out);
        }
        if self.detach {
            out.out(id);
            return Outcome::Done(out);
        }
        // Attached: show what the process wrote. The client waits for the container's next
        // exit: with a restart policy the daemon starts it again, but the client has
        // returned with the first exit's code.
        let now = engine.now();
        let died = engine
            .events_since(events)
            .iter()
            .find(|e| e.id == id && e.action == crate::event::Action::Die)
            .and_then(|e| e.exit_code);
        let Some(c) = engine.container(&id).or_else(|| engine.recently_removed(&id)) else {
            return Outcome::Done(out);
        };
        let removed = engine.container(&id).is_none();
        // A process that keeps running only shows what it has written by now; the session
        // streams the rest. One that exited has written everything.
        let running = c.is_running() && !removed && died.is_none();
        // What it writes within its first second is on screen before anyone could type.
        let until = if running { now + crate::env::SECOND - 1 } else { SimTime::MAX };
        for l in c.logs.iter().skip(mark).filter(|l| l.time <= until) {
            if l.stderr && !c.config.tty {
                out.err(l.text.clone());
            } else {
                out.out(l.text.clone());
            }
        }
        if !running {
            out.code = died.unwrap_or(c.exit_code);
            return Outcome::Done(out);
        }
        if !host.tty {
            // Output to a pipe or a file: nothing is left to show on this terminal.
            return Outcome::Done(out);
        }
        let hold = Hold {
            container: id,
            kind: HoldKind::Run,
            sig_proxy: self.sig_proxy,
            stdin: opts.interactive,
            tty: opts.tty,
            mark: 0,
        };
        held(engine, host, out, hold)
    }
}

/// A container holds the terminal: its main process, or, when the terminal's keys reach
/// it (`-i`) and it is a shell, that shell.
pub(super) fn held(engine: &Engine, host: &ClientHost<'_>, out: Output, hold: Hold) -> Outcome {
    if hold.stdin && engine.container(&hold.container).is_some_and(main_is_shell) {
        if let Some(shell) = ContainerShell::for_main_process(engine, &hold.container, host.fs, engine.now()) {
            return Outcome::Shell(out, hold, Box::new(shell));
        }
    }
    Outcome::Holds(out, hold)
}
