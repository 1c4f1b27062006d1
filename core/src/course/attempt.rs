//! An exercise as a learner works on it: started on a machine of its own, solved only by what
//! happens after the start, and honest about help.
//!
//! [`Exercise::start`] builds the starting machine (a fresh [`Session`] with the exercise's
//! files on the host and its `setup` run on it, one simulated second per command) — the same start the validator
//! replays, so what `whalelab check` proves is what the learner gets. An [`Attempt`] then
//! follows the commands run on that machine: the exercise is solved the first time every
//! goal holds after at least one command since the start, and "with help" when any of those
//! commands came from the solution or from a lesson's ▶ button rather than from the
//! learner's keyboard. Only the started exercise is ever checked, so one exercise reaching its
//! goal never marks another solved. Pure: the caller passes the time and says where each
//! command came from.

use serde::{Deserialize, Serialize};

use super::{Exercise, SetupFile};
use crate::env::SECOND;
use crate::{Attempt as LineAttempt, Catalogue, Session, SessionConfig, SimTime, Transcript};

/// The machine an exercise starts on, and what its setup printed.
#[derive(Clone, Debug)]
pub struct Started {
    /// A fresh machine with the setup run on it.
    pub session: Session,
    /// Each setup command and its transcript, in order (the site shows them).
    pub setup: Vec<(String, Transcript)>,
    /// The files that could not be made, with the reason (`whalelab check` reports them).
    pub file_errors: Vec<(String, String)>,
    /// The machine's clock after the setup (the validator goes on from here).
    pub now: SimTime,
}

impl Exercise {
    /// This exercise's start: its files, then [`start`] with its `setup`.
    pub fn start(&self, config: SessionConfig, catalogue: &Catalogue) -> Result<Started, Vec<String>> {
        start_with_files(config, catalogue, &self.files, &self.setup)
    }
}

/// A fresh machine from `config` on the practice registry `catalogue`, with `setup` run on it,
/// the first command one simulated second after `config.start_time` and each next one a
/// second later: how every exercise starts (and how the site rebuilds a machine that began
/// with commands of its own). When a command needs registry files the catalogue has not
/// loaded, nothing is started and the files are named: load them and start again.
pub fn start(config: SessionConfig, catalogue: &Catalogue, setup: &[String]) -> Result<Started, Vec<String>> {
    start_with_files(config, catalogue, &[], setup)
}

/// [`start`] on a machine that has `files` on its host first, written as the learner would
/// write them (directories made on the way; a relative path starts at the home directory).
pub fn start_with_files(
    config: SessionConfig,
    catalogue: &Catalogue,
    files: &[SetupFile],
    setup: &[String],
) -> Result<Started, Vec<String>> {
    let mut session = Session::with_catalogue(config, catalogue.clone());
    let mut file_errors = Vec::new();
    for f in files {
        if let Err(e) = session.put_file(&f.path, &f.content) {
            file_errors.push((f.path.clone(), e));
        }
    }
    let mut now = config.start_time;
    let mut ran = Vec::with_capacity(setup.len());
    for command in setup {
        now += SECOND;
        match session.attempt_line(command, now) {
            LineAttempt::Done(transcript) => ran.push((command.clone(), transcript)),
            LineAttempt::NeedsFiles(files) => return Err(files),
        }
    }
    Ok(Started { session, setup: ran, file_errors, now })
}

/// Where a command run on an attempt's machine came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Typed (or pasted, or recalled with ↑) by the learner.
    Typed,
    /// A ▶ button in the lesson's text.
    Lesson,
    /// A ▶ button of the exercise's own solution ("정답 보기").
    Solution,
}

/// An exercise started on a machine, and how it has gone since the start.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// The exercise's id.
    pub exercise: String,
    /// Commands run since the start.
    pub commands: u32,
    /// Whether one of them came from the solution or a lesson's ▶ button.
    pub help: bool,
    /// Whether every goal has held after a command since the start (it stays solved).
    pub solved: bool,
}

impl Attempt {
    /// An attempt of exercise `id` that has just started.
    pub fn new(id: impl Into<String>) -> Self {
        Attempt { exercise: id.into(), commands: 0, help: false, solved: false }
    }

    /// Counts a command from `source` that ran on the attempt's machine.
    pub fn record(&mut self, source: Source) {
        self.commands = self.commands.saturating_add(1);
        self.help |= source != Source::Typed;
    }

    /// Checks `exercise` (which must be the attempted one) on `session`. Returns `Some(help)`
    /// at the moment it becomes solved: every goal holds, after at least one command since
    /// the start. Another exercise, one already solved, or one nobody has touched yet
    /// changes nothing.
    pub fn check(&mut self, exercise: &Exercise, session: &Session) -> Option<bool> {
        if exercise.id != self.exercise || self.solved || self.commands == 0 || !exercise.is_solved(session) {
            return None;
        }
        self.solved = true;
        Some(self.help)
    }

    /// [`record`](Self::record) then [`check`](Self::check): what follows each command.
    pub fn after_command(&mut self, exercise: &Exercise, session: &Session, source: Source) -> Option<bool> {
        if exercise.id != self.exercise {
            return None;
        }
        self.record(source);
        self.check(exercise, session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::exercise::parse_exercise;

    const CLEANUP: &str = "id = \"cleanup\"\ntitle = \"t\"\nprompt = \"p\"\n\
        setup = [\"docker run --name web -d httpd\"]\n\
        solution = [\"docker stop web\", \"docker rm web\"]\n\n\
        [[goal]]\ncontainer = \"web\"\npresent = false\n";
    const RUN: &str =
        "id = \"run\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker run --name web -d httpd\"]\n\n\
        [[goal]]\ncontainer = \"web\"\nstate = \"running\"\n";

    fn exercise(text: &str) -> Exercise {
        parse_exercise(text, &|_| (1, 1)).expect("exercise")
    }

    #[test]
    fn the_start_is_a_fresh_machine_with_the_setup_run_on_it() {
        let cleanup = exercise(CLEANUP);
        let mut config = SessionConfig::default();
        let mut dirty = crate::catalogue::testing::session(config);
        dirty.run_line("docker run -d --name other -p 8080:80 nginx", config.start_time);
        config.seed = 3;
        let started = cleanup.start(config, &crate::catalogue::testing::full()).expect("started");
        let names: Vec<String> = started.session.snapshot().containers.iter().map(|c| c.name.clone()).collect();
        assert_eq!(names, ["web"], "only the setup's container");
        assert_eq!(started.setup.len(), 1);
        assert_eq!(started.setup[0].1.exit_code, 0, "{:?}", started.setup[0].1.lines);
        assert_eq!(started.now, config.start_time + SECOND);
        assert!(!cleanup.is_solved(&started.session), "the setup leaves work to do");
    }

    #[test]
    fn solved_by_the_learners_commands_after_the_start_and_only_once() {
        let cleanup = exercise(CLEANUP);
        let started = cleanup.start(SessionConfig::default(), &crate::catalogue::testing::full()).expect("started");
        let (mut session, mut now) = (started.session, started.now);
        let mut attempt = Attempt::new("cleanup");
        for (line, expect) in [("docker ps", None), ("docker stop web", None), ("docker rm web", Some(false))] {
            now += SECOND;
            session.run_line(line, now);
            assert_eq!(attempt.after_command(&cleanup, &session, Source::Typed), expect, "after `{line}`");
        }
        assert!(attempt.solved && !attempt.help && attempt.commands == 3);
        session.run_line("docker ps -a", now + SECOND);
        assert_eq!(attempt.after_command(&cleanup, &session, Source::Typed), None, "solved once");
    }

    #[test]
    fn a_solution_or_lesson_button_is_help_and_other_exercises_are_never_solved() {
        let (cleanup, run) = (exercise(CLEANUP), exercise(RUN));
        let started = cleanup.start(SessionConfig::default(), &crate::catalogue::testing::full()).expect("started");
        let mut session = started.session;
        let mut attempt = Attempt::new("cleanup");
        // `web` runs after the setup: the other exercise's goal holds, but it was not started.
        assert!(run.is_solved(&session));
        assert_eq!(attempt.after_command(&run, &session, Source::Typed), None);
        assert_eq!(attempt.commands, 0, "a check of another exercise is no command of this one");
        session.run_line("docker stop web", started.now + SECOND);
        assert_eq!(attempt.after_command(&cleanup, &session, Source::Solution), None);
        session.run_line("docker rm web", started.now + 2 * SECOND);
        assert_eq!(attempt.after_command(&cleanup, &session, Source::Typed), Some(true), "solved with help");
        let mut untouched = Attempt::new("cleanup");
        assert_eq!(untouched.check(&cleanup, &session), None, "solved only after a command since the start");
        let mut fresh = Attempt::new("run");
        let mut machine = crate::catalogue::testing::session(SessionConfig::default());
        machine.run_line("docker run --name web -d httpd", 1);
        assert_eq!(fresh.after_command(&run, &machine, Source::Lesson), Some(true), "a ▶ of the lesson is help");
    }
}
