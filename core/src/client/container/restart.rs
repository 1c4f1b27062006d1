//! `docker restart` (`docker container restart`): stop (with the grace period), then start.

use super::each;
use crate::client::cli::Invocation;
use crate::engine::Engine;
use crate::output::Output;

/// `docker restart [OPTIONS] CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Restart<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
    /// `-t, --timeout` (or the deprecated `--time`): seconds before the kill.
    pub timeout: Option<i64>,
}

impl<'a> Restart<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Restart<'a> {
        Restart { containers: &inv.args, timeout: inv.flags.int("timeout") }
    }

    /// Restarts each container and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        each(engine, self.containers, &mut |e, a| e.container_restart(a, self.timeout))
    }
}
