//! `docker rm` (`docker container rm`, `docker container remove`): remove containers.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::from_daemon;
use crate::engine::{DaemonError, Engine};
use crate::output::Output;

/// `docker rm [OPTIONS] CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rm<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
    /// `-f, --force`: kill a running container first; a missing one is no failure.
    pub force: bool,
    /// `-v, --volumes`: remove its anonymous volumes too.
    pub volumes: bool,
}

impl<'a> Rm<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Rm<'a> {
        let f = &inv.flags;
        // `-l, --link` removes a legacy link, which no container here has.
        let _ = f.bool("link");
        Rm { containers: &inv.args, force: f.bool("force"), volumes: f.bool("volumes") }
    }

    /// Removes each container and prints the name as given (slashes trimmed, as the CLI
    /// does); errors follow every success.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let mut errors = Vec::new();
        for a in self.containers {
            let a = a.trim_matches('/');
            match engine.container_remove(a, self.force, self.volumes) {
                Ok(()) => out.out(a),
                // With -f a missing container is reported at once but is not a failure.
                Err(e @ DaemonError::NoSuchContainer(_)) if self.force => out.err(from_daemon(&e)),
                Err(e) => errors.push(e),
            }
        }
        for e in &errors {
            daemon_error(&mut out, e);
        }
        out
    }
}
