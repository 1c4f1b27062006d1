//! `docker image prune`: remove dangling images (with `-a`, every image no container uses),
//! after docker's `[y/N]` question unless `-f`.

use crate::client::cli::Invocation;
use crate::client::filters::{filter_pairs, invalid_filter};
use crate::client::from_daemon;
use crate::client::prune::{ask, print_report, question, Pending, Pruned};
use crate::client::timestamp::get_timestamp;
use crate::client::{Outcome, DAEMON_DOWN};
use crate::engine::{Engine, ImageDeleteItem};
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker image prune [OPTIONS]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prune {
    /// `-a, --all`: unused images too, not only dangling ones.
    pub all: bool,
    /// `--filter` as `(name, value)`.
    pub filters: Vec<(String, String)>,
    /// `-f, --force`: no question.
    pub force: bool,
}

impl Prune {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Prune {
        let f = &inv.flags;
        Prune { all: f.bool("all"), filters: filter_pairs(f.list("filter")), force: f.bool("force") }
    }

    /// Asks, then prunes (see `client::prune`).
    pub fn run(self, engine: &mut Engine, tty: bool, stdin: &str) -> Outcome {
        let warning = if self.all {
            "WARNING! This will remove all images without at least one container associated to them."
        } else {
            "WARNING! This will remove all dangling images."
        };
        let q = (!self.force).then(|| question(warning));
        ask(engine, q, Pending::Image(self), tty, stdin)
    }

    /// Removes them; the daemon is contacted only now.
    pub(crate) fn prune(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        if !engine.daemon_running() {
            out.fail(DAEMON_DOWN, 1);
            return out;
        }
        match remove_unused(engine, self.all, &self.filters) {
            Ok(p) => print_report(&mut out, &[p]),
            Err(e) => out.fail(&e, 1),
        }
        out
    }
}

/// Removes the unused images the filters select: dangling ones, or with `all` every one no
/// container uses (`system prune` does this too).
pub(crate) fn remove_unused(engine: &mut Engine, all: bool, filters: &[(String, String)]) -> Result<Pruned, String> {
    if let Some(e) = invalid_filter(filters, &["dangling", "until", "label", "label!"]) {
        return Err(from_daemon(&e));
    }
    let until = match filters.iter().find(|(k, _)| k == "until") {
        Some((_, v)) => Some(get_timestamp(v, engine.now()).map_err(|e| from_daemon(&e))?),
        None => None,
    };
    let used: Vec<String> = engine.containers().map(|c| c.image_id.clone()).collect();
    let mut doomed: Vec<(u64, String, u64)> = engine
        .images()
        .filter(|i| !used.contains(&i.id))
        .filter(|i| all || engine.tags_of(&i.id).is_empty())
        .filter(|i| until.is_none_or(|u| i.created < u))
        .map(|i| (i.created, i.id.clone(), i.size))
        .collect();
    crate::sort::sort(&mut doomed);
    let mut section = String::new();
    let mut reclaimed = 0;
    for (_, id, size) in doomed {
        if let Ok(items) = engine.image_remove(&id, true) {
            for item in items {
                match item {
                    ImageDeleteItem::Untagged(t) => section.push_str(&format!("untagged: {t}\n")),
                    ImageDeleteItem::Deleted(d) => section.push_str(&format!("deleted: {d}\n")),
                }
            }
            reclaimed += size;
        }
    }
    Ok(Pruned { section: (!section.is_empty()).then(|| format!("Deleted Images:\n{section}")), reclaimed })
}
