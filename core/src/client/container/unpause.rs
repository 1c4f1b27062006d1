//! `docker unpause` (`docker container unpause`): let a paused container's processes run on.

use super::each;
use crate::client::cli::Invocation;
use crate::engine::Engine;
use crate::output::Output;

/// `docker unpause CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Unpause {
    /// The containers, as typed.
    pub containers: Vec<String>,
}

impl Unpause {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Unpause {
        Unpause { containers: inv.args.clone() }
    }

    /// Unpauses each container and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        each(engine, &self.containers, |e, a| e.container_unpause(a))
    }
}
