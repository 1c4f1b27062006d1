//! `docker kill` (`docker container kill`): send a signal (SIGKILL unless `-s` says otherwise).

use super::each;
use crate::client::cli::Invocation;
use crate::engine::Engine;
use crate::output::Output;

/// `docker kill [OPTIONS] CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Kill {
    /// The containers, as typed.
    pub containers: Vec<String>,
    /// `-s, --signal`: a name (`TERM`, `SIGINT`) or number; empty means `KILL`.
    pub signal: String,
}

impl Kill {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Kill {
        Kill { containers: inv.args.clone(), signal: inv.flags.text("signal") }
    }

    /// Signals each container and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        let signal = if self.signal.is_empty() { "KILL" } else { self.signal.as_str() };
        each(engine, &self.containers, |e, a| e.container_kill(a, signal))
    }
}
