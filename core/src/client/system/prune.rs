//! `docker system prune`: stopped containers, unused networks, (with `--volumes`,
//! anonymous volumes,) dangling or unused images and the build cache, after docker's
//! `[y/N]` question unless `-f`.

use crate::client::cli::Invocation;
use crate::client::container::prune::remove_stopped;
use crate::client::filters::filter_pairs;
use crate::client::from_daemon;
use crate::client::image::prune::remove_unused;
use crate::client::prune::{ask, print_report, print_sections, question, Pending, Pruned};
use crate::client::{Outcome, DAEMON_DOWN};
use crate::engine::Engine;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker system prune [OPTIONS]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prune {
    /// `-a, --all`: unused images too, not only dangling ones.
    pub all: bool,
    /// `--filter`, as typed.
    pub filters: Vec<String>,
    /// `-f, --force`: no question.
    pub force: bool,
    /// `--volumes`.
    pub volumes: bool,
}

impl Prune {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Prune {
        let f = &inv.flags;
        Prune {
            all: f.bool("all"),
            filters: f.list("filter").to_vec(),
            force: f.bool("force"),
            volumes: f.bool("volumes"),
        }
    }

    /// Checks the options, asks, then prunes (see `client::prune`).
    pub fn run(self, engine: &mut Engine, tty: bool, stdin: &str) -> Outcome {
        let pairs = filter_pairs(&self.filters);
        if self.volumes && pairs.iter().any(|(k, _)| k == "until") {
            let mut out = Output::new();
            out.fail("ERROR: The \"until\" filter is not supported with \"--volumes\"", 1);
            return Outcome::Done(out);
        }
        let q = (!self.force).then(|| question(&self.warning(&pairs)));
        ask(engine, q, Pending::System(self), tty, stdin)
    }

    /// What it will remove, and the filters that narrow it.
    fn warning(&self, pairs: &[(String, String)]) -> String {
        let mut w = "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n".to_string();
        if self.volumes {
            w.push_str("  - all anonymous volumes not used by at least one container\n");
        }
        w.push_str(if self.all {
            "  - all images without at least one container associated to them\n  - all build cache\n"
        } else {
            "  - all dangling images\n  - unused build cache\n"
        });
        let mut shown: Vec<String> = pairs
            .iter()
            .filter(|(k, _)| matches!(k.as_str(), "label" | "label!" | "until"))
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        crate::sort::sort(&mut shown);
        if !shown.is_empty() {
            w.push_str("\n  Items to be pruned will be filtered with:\n");
            for f in shown {
                w.push_str(&format!("  - {f}\n"));
            }
        }
        w
    }

    /// Removes them, section by section; an error stops it after what was done so far.
    pub(crate) fn prune(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        if !engine.daemon_running() {
            out.fail(DAEMON_DOWN, 1);
            return out;
        }
        let pairs = filter_pairs(&self.filters);
        let mut parts = Vec::new();
        let stop = |out: &mut Output, parts: &[Pruned], e: &str| {
            print_sections(out, parts);
            out.fail(e, 1);
        };
        match remove_stopped(engine, &pairs) {
            Ok(p) => parts.push(p),
            Err(e) => {
                stop(&mut out, &parts, &e);
                return out;
            }
        }
        match engine.network_prune(&self.filters) {
            Ok(names) => parts.push(Pruned {
                section: (!names.is_empty()).then(|| format!("Deleted Networks:\n{}\n", names.join("\n"))),
                reclaimed: 0,
            }),
            Err(e) => {
                stop(&mut out, &parts, &from_daemon(&e));
                return out;
            }
        }
        if self.volumes {
            match engine.volume_prune(false, &self.filters) {
                Ok(r) => parts.push(Pruned {
                    section: (!r.deleted.is_empty()).then(|| format!("Deleted Volumes:\n{}\n", r.deleted.join("\n"))),
                    reclaimed: r.reclaimed,
                }),
                Err(e) => {
                    stop(&mut out, &parts, &from_daemon(&e));
                    return out;
                }
            }
        }
        match remove_unused(engine, self.all, &pairs) {
            Ok(p) => parts.push(p),
            Err(e) => {
                stop(&mut out, &parts, &e);
                return out;
            }
        }
        print_report(&mut out, &parts);
        out
    }
}
