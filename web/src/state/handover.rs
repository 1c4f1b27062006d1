//! The hand-over to the full engine. The page first loads a wasm whose engine has no
//! `docker build`, no compose and no jq (core without its `full` feature): a smaller download
//! before the terminal is usable. A line that needs one of them parks exactly like a line
//! that waits for registry files, naming [`FULL_ENGINE`] instead of a file; the app then saves
//! the machine, loads the second wasm (the same app with everything), which restores the
//! machines from storage, takes the page over from this one and runs what was parked.
//!
//! What crosses from one wasm to the other: the storage (the machines' logs, the history, the
//! progress) and the [`Handed`] items: the parked action and those queued behind it. Pure.

use whalelab_core::course::Source;
use whalelab_core::FULL_ENGINE;

use super::registry::Registry;
use super::AppAction;

/// Something the second wasm does once it has taken the page over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handed {
    /// Run a line, as it came (typed, a lesson's ▶, a solution's ▶).
    Command {
        /// The line.
        line: String,
        /// Where it came from (an exercise counts a ▶ as help).
        source: Source,
    },
    /// Start the exercise with this id ("이 문제 시작하기").
    Exercise(String),
}

impl Registry {
    /// Whether the parked action waits for the full engine.
    pub fn needs_full_engine(&self) -> bool {
        self.awaiting.as_ref().is_some_and(|a| a.files.iter().any(|f| f == FULL_ENGINE))
    }

    /// What the full engine is to do once it has the page: the parked action, then the ones
    /// queued behind it. Actions it redoes on its own (restoring the routed machine, a share
    /// link's commands, which are in the address) and those that only move between machines
    /// are not handed.
    pub fn handed(&self) -> Vec<Handed> {
        let parked = self.awaiting.iter().map(|a| a.action.as_ref());
        parked
            .chain(&self.queued)
            .filter_map(|action| match action {
                AppAction::Submit { line, source, .. } => Some(Handed::Command { line: line.clone(), source: *source }),
                AppAction::StartExercise { exercise, .. } => Some(Handed::Exercise(exercise.id.clone())),
                _ => None,
            })
            .collect()
    }
}

/// A source's name in the hand-over (the queue the page's head script keeps holds ▶ commands
/// as plain strings; these are the other items).
pub fn source_name(source: Source) -> &'static str {
    match source {
        Source::Typed => "typed",
        Source::Lesson => "lesson",
        Source::Solution => "solution",
    }
}

/// The source a name stands for; anything else counts as a lesson's ▶ (the head script's).
pub fn source_named(name: &str) -> Source {
    match name {
        "typed" => Source::Typed,
        "solution" => Source::Solution,
        _ => Source::Lesson,
    }
}
