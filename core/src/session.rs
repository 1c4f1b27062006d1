//! The façade the web page, the CLI and the tests talk to.
//!
//! A session owns the engine (our dockerd), the host shell and the command history. Every
//! input line goes in through [`Session::run_line`], which never fails and never panics: user
//! mistakes come back as output text and an exit status, exactly as a terminal would show them.

use crate::client;
use crate::engine::Engine;
use crate::env::SimTime;
use crate::event::Event;
use crate::output::{Line, Output};
use crate::shell::{Host, HostCtx, Shell};
use crate::snapshot::Snapshot;
use serde::{Deserialize, Serialize};

/// How a session starts: the seed for every random choice and the clock's first reading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionConfig {
    /// Seed for container IDs, generated names and anything else random.
    pub seed: u64,
    /// The simulated time when the session starts.
    pub start_time: SimTime,
}

impl Default for SessionConfig {
    /// Seed 1 at 2025-02-11 07:00:00 UTC: the fixed start of replays and tests.
    fn default() -> Self {
        SessionConfig { seed: 1, start_time: crate::env::from_civil(2025, 2, 11, 7, 0, 0) }
    }
}

/// What one input line produced.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transcript {
    /// Output lines in the order a terminal shows them.
    pub lines: Vec<Line>,
    /// The line's exit status (`$?` afterwards).
    pub exit_code: i32,
    /// State changes the line caused, oldest first.
    pub events: Vec<Event>,
}

/// A learner's whole world: engine, shell and history. Plain data: clone it for undo,
/// serialize it to save.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Session {
    engine: Engine,
    shell: Shell,
    /// Virtual time the learner's `sleep`s added on top of the caller's clock.
    clock_offset: SimTime,
    /// Set when the last line ran `clear`.
    cleared: bool,
}

impl Session {
    /// A fresh machine: the daemon runs, no images, no containers.
    pub fn new(config: SessionConfig) -> Self {
        Session { engine: Engine::new(config.seed, config.start_time), shell: Shell::new(), clock_offset: 0, cleared: false }
    }

    /// Runs one line typed at the prompt at (caller's) time `now`.
    pub fn run_line(&mut self, line: &str, now: SimTime) -> Transcript {
        let now = now + self.clock_offset;
        self.engine.set_now(now);
        let now = self.engine.now();
        self.shell.set_now(now);
        let mark = self.engine.event_count();
        let mut host = SessionHost { engine: &mut self.engine };
        let mut out = self.shell.run(line, &mut host);
        let effects = self.shell.take_effects();
        self.clock_offset += effects.slept;
        self.engine.set_now(now + effects.slept);
        self.cleared = effects.clear;
        if effects.logout {
            // The page's terminal can't be closed: a fresh login shell takes over.
            out.out("logout");
            self.shell.relogin();
        }
        Transcript { lines: out.lines, exit_code: out.code, events: self.engine.events_since(mark).to_vec() }
    }

    /// Whether the last line ran `clear` (the terminal should drop its scrollback).
    pub fn cleared(&self) -> bool {
        self.cleared
    }

    /// The prompt to show before the next line (`user@docker-host:~$ `).
    pub fn prompt(&self) -> String {
        self.shell.prompt()
    }

    /// The lines typed so far, oldest first.
    pub fn history(&self) -> &[String] {
        self.shell.history()
    }

    /// A picture of the engine for the diagram and for goal checks.
    pub fn snapshot(&self) -> Snapshot {
        self.engine.snapshot()
    }

    /// The engine, read-only (for checks that need more than the snapshot).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The host shell, read-only.
    pub fn shell(&self) -> &Shell {
        &self.shell
    }
}

/// Routes the commands the shell does not implement itself to the simulated machine.
struct SessionHost<'a> {
    engine: &'a mut Engine,
}

impl Host for SessionHost<'_> {
    fn exec(&mut self, argv: &[String], stdin: &str) -> Option<Output> {
        match argv.first().map(String::as_str) {
            Some("docker") => Some(client::run(self.engine, &argv[1..], stdin)),
            _ => None,
        }
    }

    fn exec_in(&mut self, ctx: &mut HostCtx<'_>, argv: &[String], stdin: &str) -> Option<Output> {
        self.engine.set_now(ctx.now);
        match argv.first().map(String::as_str) {
            Some("systemctl") => Some(crate::systemctl::run(self.engine, &argv[1..])),
            _ => self.exec(argv, stdin),
        }
    }

    fn advance_clock(&mut self, ms: SimTime) {
        let now = self.engine.now();
        self.engine.set_now(now + ms);
    }
}
