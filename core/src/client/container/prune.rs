//! `docker container prune`: remove every stopped container (the `until` and `label`
//! filters narrow it), after docker's `[y/N]` question unless `-f`.

use crate::client::cli::Invocation;
use crate::client::facts::{container_labels, size_rw};
use crate::client::filters::{filter_pairs, invalid_filter, labels_match};
use crate::client::from_daemon;
use crate::client::prune::{ask, print_report, question, Pending, Pruned};
use crate::client::timestamp::get_timestamp;
use crate::client::{Outcome, DAEMON_DOWN};
use crate::engine::Engine;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker container prune [OPTIONS]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prune {
    /// `--filter` as `(name, value)`.
    pub filters: Vec<(String, String)>,
    /// `-f, --force`: no question.
    pub force: bool,
}

impl Prune {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Prune {
        let f = &inv.flags;
        Prune { filters: filter_pairs(f.list("filter")), force: f.bool("force") }
    }

    /// Asks, then prunes (see `client::prune`).
    pub fn run(self, engine: &mut Engine, tty: bool, stdin: &str) -> Outcome {
        let q = (!self.force).then(|| question("WARNING! This will remove all stopped containers."));
        ask(engine, q, Pending::Container(self), tty, stdin)
    }

    /// Removes them; the daemon is contacted only now.
    pub(crate) fn prune(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        if !engine.daemon_running() {
            out.fail(DAEMON_DOWN, 1);
            return out;
        }
        match remove_stopped(engine, &self.filters) {
            Ok(p) => print_report(&mut out, &[p]),
            Err(e) => out.fail(&e, 1),
        }
        out
    }
}

/// Removes the stopped containers the filters select (`system prune` does this too).
pub(crate) fn remove_stopped(engine: &mut Engine, filters: &[(String, String)]) -> Result<Pruned, String> {
    if let Some(e) = invalid_filter(filters, &["until", "label", "label!"]) {
        return Err(from_daemon(&e));
    }
    let until = match filters.iter().find(|(k, _)| k == "until") {
        Some((_, v)) => Some(get_timestamp(v, engine.now()).map_err(|e| from_daemon(&e))?),
        None => None,
    };
    let positive: Vec<(String, String)> = filters.iter().filter(|(k, _)| k == "label").cloned().collect();
    let negative: Vec<(String, String)> =
        filters.iter().filter(|(k, _)| k == "label!").map(|(_, v)| ("label".to_string(), v.clone())).collect();
    let mut doomed: Vec<(u64, String, u64)> = Vec::new();
    for c in engine.containers() {
        if c.is_running() || until.is_some_and(|u| c.created >= u) {
            continue;
        }
        let labels = container_labels(engine, c);
        if !labels_match(&positive, &labels)
            || (!negative.is_empty() && negative.iter().any(|n| labels_match(std::slice::from_ref(n), &labels)))
        {
            continue;
        }
        doomed.push((c.created, c.id.clone(), size_rw(engine, c)));
    }
    crate::sort::sort(&mut doomed);
    let mut section = String::new();
    let mut reclaimed = 0;
    for (_, id, size) in doomed {
        if engine.container_remove(&id, false, false).is_ok() {
            section.push_str(&id);
            section.push('\n');
            reclaimed += size;
        }
    }
    Ok(Pruned { section: (!section.is_empty()).then(|| format!("Deleted Containers:\n{section}")), reclaimed })
}
