//! `docker network prune`: remove every user-defined network no container uses, after
//! docker's `[y/N]` question unless `-f`.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::prune::{ask, print_sections, question, Pending, Pruned};
use crate::client::Outcome;
use crate::engine::Engine;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker network prune [OPTIONS]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prune {
    /// `--filter`, as typed.
    pub filters: Vec<String>,
    /// `-f, --force`: no question.
    pub force: bool,
}

impl Prune {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Prune {
        let f = &inv.flags;
        Prune { filters: f.list("filter").to_vec(), force: f.bool("force") }
    }

    /// Asks, then prunes (see `client::prune`).
    pub fn run(self, engine: &mut Engine, tty: bool, stdin: &str) -> Outcome {
        let warning = "WARNING! This will remove all custom networks not used by at least one container.";
        let q = (!self.force).then(|| question(warning));
        ask(engine, q, Pending::Network(self), tty, stdin)
    }

    /// Removes them: `Deleted Networks:` and the names, then a blank line (no total).
    pub(crate) fn prune(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        match engine.network_prune(&self.filters) {
            Ok(names) => {
                let section = (!names.is_empty()).then(|| format!("Deleted Networks:\n{}\n", names.join("\n")));
                print_sections(&mut out, &[Pruned { section, reclaimed: 0 }]);
            }
            Err(e) => daemon_error(&mut out, &e),
        }
        out
    }
}
