//! `docker volume prune`: remove anonymous volumes no container uses (with `-a`, every
//! unused volume), after docker's `[y/N]` question unless `-f`.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::prune::{ask, print_report, question, Pending, Pruned};
use crate::client::Outcome;
use crate::engine::Engine;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker volume prune [OPTIONS]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prune {
    /// `-a, --all`: named volumes too.
    pub all: bool,
    /// `--filter`, as typed.
    pub filters: Vec<String>,
    /// `-f, --force`: no question.
    pub force: bool,
}

impl Prune {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Prune {
        let f = &inv.flags;
        Prune { all: f.bool("all"), filters: f.list("filter").to_vec(), force: f.bool("force") }
    }

    /// Checks the options, asks, then prunes (see `client::prune`).
    pub fn run(self, engine: &mut Engine, tty: bool, stdin: &str) -> Outcome {
        if self.all && self.filters.iter().any(|x| x.split_once('=').map_or(x.as_str(), |(k, _)| k) == "all") {
            let mut out = Output::new();
            out.fail("conflicting options: cannot specify both --all and --filter all=1", 1);
            return Outcome::Done(out);
        }
        let warning = if self.all {
            "WARNING! This will remove all local volumes not used by at least one container."
        } else {
            "WARNING! This will remove anonymous local volumes not used by at least one container."
        };
        let q = (!self.force).then(|| question(warning));
        ask(engine, q, Pending::Volume(self), tty, stdin)
    }

    /// Removes them.
    pub(crate) fn prune(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        match engine.volume_prune(self.all, &self.filters) {
            Ok(report) => {
                let section =
                    (!report.deleted.is_empty()).then(|| format!("Deleted Volumes:\n{}\n", report.deleted.join("\n")));
                print_report(&mut out, &[Pruned { section, reclaimed: report.reclaimed }]);
            }
            Err(e) => daemon_error(&mut out, &e),
        }
        out
    }
}
