//! `docker builder prune` (`docker buildx prune`): removes the build cache. Without `-f` it
//! asks first, on one line (`WARNING! This will remove all dangling build cache. Are you sure
//! you want to continue? [y/N] `); then it streams a table through Go's tabwriter with tabs as
//! padding (so the raw text has tabs, as buildx writes it) and the total.

use crate::client::cli::Invocation;
use crate::client::prune::{ask, Pending};
use crate::client::Outcome;
use crate::engine::Engine;
use crate::go::units as humanize;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker buildx prune [OPTIONS]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prune {
    /// `-a, --all`.
    pub all: bool,
    /// `-f, --force`.
    pub force: bool,
    /// `--verbose`.
    pub verbose: bool,
}

impl Prune {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Prune {
        let f = &inv.flags;
        Prune { all: f.bool("all"), force: f.bool("force"), verbose: f.bool("verbose") }
    }

    /// Asks (without `-f`), then prunes.
    pub fn run(self, engine: &mut Engine, tty: bool, stdin: &str) -> Outcome {
        let question = (!self.force).then(|| {
            let what = if self.all { "all build cache" } else { "all dangling build cache" };
            vec![format!("WARNING! This will remove {what}. Are you sure you want to continue? [y/N] ")]
        });
        ask(engine, question, Pending::Builder(self), tty, stdin)
    }

    /// Removes the cache and prints what went.
    pub fn prune(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let now = engine.now();
        let gone = engine.build_cache_prune(self.all);
        let mut total = 0;
        if !gone.is_empty() {
            out.out("ID\t\t\t\t\t\tRECLAIMABLE\tSIZE\t\tLAST ACCESSED");
        }
        for r in &gone {
            total += r.size;
            let id = if r.kind == "source.local" { format!("{}*", r.id) } else { r.id.clone() };
            let size =
                format!("{}{}", humanize::size_with_precision(r.size as f64, 4), if r.shared { "*" } else { "" });
            let ago = humanize::ago(now.saturating_sub(r.last_used));
            out.out(format!("{id:<40}\t{:<5}\t{size:<10}\t{ago}", "true"));
        }
        out.out(format!("Total:\t{}", humanize::size_with_precision(total as f64, 4)));
        out
    }
}
