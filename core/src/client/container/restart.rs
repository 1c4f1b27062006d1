//! `docker restart` (`docker container restart`): stop (with the grace period), then start.

use super::each;
use crate::client::cli::Invocation;
use crate::engine::Engine;
use crate::output::Output;

/// `docker restart [OPTIONS] CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Restart {
    /// The containers, as typed.
    pub containers: Vec<String>,
    /// `-t, --timeout` (or the deprecated `--time`): seconds before the kill.
    pub timeout: Option<i64>,
}

impl Restart {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Restart {
        Restart { containers: inv.args.clone(), timeout: inv.flags.int("timeout") }
    }

    /// Restarts each container and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        each(engine, &self.containers, |e, a| e.container_restart(a, self.timeout))
    }
}
