//! `docker kill` (`docker container kill`): send a signal (SIGKILL unless `-s` says otherwise).

use super::each;
use crate::client::cli::Invocation;
use crate::engine::Engine;
use crate::output::Output;

/// `docker kill [OPTIONS] CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Kill<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
    /// `-s, --signal`: a name (`TERM`, `SIGINT`) or number; empty means `KILL`.
    pub signal: &'a str,
}

impl<'a> Kill<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Kill<'a> {
        Kill { containers: &inv.args, signal: inv.flags.string("signal").unwrap_or("") }
    }

    /// Signals each container and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        let signal = if self.signal.is_empty() { "KILL" } else { self.signal };
        each(engine, self.containers, &mut |e, a| e.container_kill(a, signal))
    }
}
