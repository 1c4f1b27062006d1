//! `docker network rm` (`docker network remove`): remove user-defined networks.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::engine::{DaemonError, Engine};
use crate::output::Output;

/// `docker network rm NETWORK [NETWORK...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rm<'a> {
    /// The networks, as typed.
    pub networks: &'a [String],
    /// `-f, --force`: a missing network is no failure.
    pub force: bool,
}

impl<'a> Rm<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Rm<'a> {
        Rm { networks: &inv.args, force: inv.flags.bool("force") }
    }

    /// Removes each network, printing its name or the error as it goes; if any failed the
    /// CLI ends with `exit status 1` (its `StatusError` text).
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let mut failed = false;
        for name in self.networks {
            let term = name.trim();
            if term.is_empty() {
                out.err("invalid network name or ID: value is empty");
                failed = true;
                continue;
            }
            match engine.network_remove(term) {
                Ok(()) => out.out(name.clone()),
                Err(DaemonError::NoSuchNetwork(_)) if self.force => {}
                Err(e) => {
                    out.err_text(&from_daemon(&e));
                    failed = true;
                }
            }
        }
        if failed {
            out.fail("exit status 1", 1);
        }
        out
    }
}
