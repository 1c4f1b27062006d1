//! `docker start` (`docker container start`): start stopped containers.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::engine::Engine;
use crate::output::Output;

/// `docker start [OPTIONS] CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Start<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
}

impl<'a> Start<'a> {
    /// Reads the invocation. `-a`/`-i` (attach after starting) are not simulated: the
    /// containers start detached.
    pub fn parse(inv: &'a Invocation) -> Start<'a> {
        Start { containers: &inv.args }
    }

    /// Starts each container, printing its name or the daemon's error as it goes, then a
    /// summary of the failures.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let mut failed = Vec::new();
        for a in self.containers {
            match engine.container_start(a) {
                Ok(()) => out.out(a.clone()),
                Err(e) => {
                    out.err_text(&from_daemon(&e));
                    failed.push(a.clone());
                }
            }
        }
        if !failed.is_empty() {
            out.fail(&format!("Error: failed to start containers: {}", failed.join(", ")), 1);
        }
        out
    }
}
