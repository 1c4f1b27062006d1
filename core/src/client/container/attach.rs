//! `docker attach` (`docker container attach`): the terminal joins a running container's
//! streams — its output from now on, and its main shell's prompt when it reads input.

use super::run::held;
use crate::client::cli::Invocation;
use crate::client::{daemon_error, ClientHost, Hold, HoldKind, Outcome};
use crate::engine::Engine;
use crate::output::Output;
use crate::snapshot::ContainerStatus;

/// `docker attach [OPTIONS] CONTAINER`.
#[derive(Clone, Debug, PartialEq)]
pub struct Attach<'a> {
    /// The container, as typed.
    pub container: &'a str,
    /// `--sig-proxy` (default true): Ctrl+C reaches the container as SIGINT.
    pub sig_proxy: bool,
}

impl<'a> Attach<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Attach<'a> {
        Attach { container: inv.args.first().map(String::as_str).unwrap_or(""), sig_proxy: inv.flags.bool("sig-proxy") }
    }

    /// Attaches to a running container; refuses paused and stopped ones as docker does.
    pub fn run(self, engine: &mut Engine, host: &ClientHost<'_>) -> Outcome {
        let mut out = Output::new();
        let name = &self.container;
        let c = match engine.container_resolve(name) {
            Ok(c) => c,
            Err(e) => {
                daemon_error(&mut out, &e);
                return Outcome::Done(out);
            }
        };
        if c.status == ContainerStatus::Paused {
            out.fail(
                &format!("Error response from daemon: container {name} is paused, unpause the container before attach"),
                1,
            );
            return Outcome::Done(out);
        }
        if !c.is_running() {
            out.fail("You cannot attach to a stopped container, start it first", 1);
            return Outcome::Done(out);
        }
        if !host.tty {
            return Outcome::Done(out);
        }
        // attach has no -i/-t flags: it takes the container's own settings.
        let hold = Hold {
            container: c.id.clone(),
            kind: HoldKind::Attach,
            sig_proxy: self.sig_proxy,
            stdin: c.config.open_stdin,
            tty: c.config.tty,
            mark: 0,
        };
        held(engine, host, out, hold)
    }
}
