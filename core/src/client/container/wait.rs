//! `docker wait` (`docker container wait`): block until containers stop, then print their
//! exit codes.
//!
//! As moby's "not-running" wait: a created or exited container answers at once; a running
//! one (or one a restart policy is about to start again) answers at its next `die`, with
//! that exit code. The codes come in argument order; lookup errors come last, joined, as the
//! client returns them. While one still runs, the client holds the terminal and [`more`]
//! reports the rest as the clock moves.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::{Hold, HoldKind, Outcome};
use crate::engine::Engine;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker wait CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Wait<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
}

/// What a waiting `docker wait` waits for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Waiting {
    /// The engine's event count when it began, so a later `die` can be told from an
    /// earlier one.
    pub began: usize,
    /// The containers found, as full IDs in argument order.
    pub ids: Vec<String>,
    /// The lookup errors, reported after the codes.
    pub errors: Vec<String>,
}

impl<'a> Wait<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Wait<'a> {
        Wait { containers: &inv.args }
    }

    /// Prints the codes of the containers that are not running; holds the terminal while
    /// one is.
    pub fn run(self, engine: &mut Engine, tty: bool) -> Outcome {
        let mut waiting = Waiting { began: engine.event_count(), ids: Vec::new(), errors: Vec::new() };
        for name in self.containers {
            match engine.container_resolve(name) {
                Ok(c) => waiting.ids.push(c.id.clone()),
                Err(e) => waiting.errors.push(e.to_string()),
            }
        }
        let mut out = Output::new();
        let mut mark = 0;
        if let Some(code) = more(engine, &waiting, &mut mark, &mut out) {
            out.code = code;
            return Outcome::Done(out);
        }
        if !tty {
            return Outcome::Done(out);
        }
        Outcome::Holds(out, Hold::watcher(String::new(), HoldKind::Wait(waiting), mark))
    }
}

/// Prints the exit codes of the waited-for containers from `mark` on, as long as each
/// has stopped; `None` while one still runs, else the client's exit status.
pub fn more(engine: &Engine, w: &Waiting, mark: &mut usize, out: &mut Output) -> Option<i32> {
    while let Some(id) = w.ids.get(*mark) {
        let died = engine
            .events_since(w.began)
            .iter()
            .find(|e| e.id == *id && e.action == crate::event::Action::Die)
            .map(|e| e.exit_code.unwrap_or(0));
        let code = match (engine.container(id), died) {
            (_, Some(code)) => code,
            (Some(c), None) if c.is_running() => return None,
            (Some(c), None) => c.exit_code,
            (None, None) => engine.recently_removed(id).map(|c| c.exit_code).unwrap_or(0),
        };
        out.out(code.to_string());
        *mark += 1;
    }
    for e in &w.errors {
        out.err_text(&from_daemon(&e));
    }
    Some(if w.errors.is_empty() { 0 } else { 1 })
}
