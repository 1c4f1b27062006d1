//! `docker pause` (`docker container pause`): freeze every process of the container.

use super::each;
use crate::client::cli::Invocation;
use crate::engine::Engine;
use crate::output::Output;

/// `docker pause CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pause<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
}

impl<'a> Pause<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Pause<'a> {
        Pause { containers: &inv.args }
    }

    /// Pauses each container and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        each(engine, self.containers, &mut |e, a| e.container_pause(a))
    }
}
