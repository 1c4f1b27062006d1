//! `docker stop` (`docker container stop`): SIGTERM, then SIGKILL after the grace period.

use super::each;
use crate::client::cli::Invocation;
use crate::engine::Engine;
use crate::output::Output;

/// `docker stop [OPTIONS] CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Stop<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
    /// `-t, --timeout` (or the deprecated `--time`): seconds before the kill.
    pub timeout: Option<i64>,
}

impl<'a> Stop<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Stop<'a> {
        Stop { containers: &inv.args, timeout: inv.flags.int("timeout") }
    }

    /// Stops each container and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        each(engine, self.containers, &mut |e, a| e.container_stop(a, self.timeout))
    }
}
