//! `docker unpause` (`docker container unpause`): let a paused container's processes run on.

use super::each;
use crate::client::cli::Invocation;
use crate::engine::Engine;
use crate::output::Output;

/// `docker unpause CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Unpause<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
}

impl<'a> Unpause<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Unpause<'a> {
        Unpause { containers: &inv.args }
    }

    /// Unpauses each container and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        each(engine, self.containers, &mut |e, a| e.container_unpause(a))
    }
}
