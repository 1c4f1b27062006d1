//! `docker logs` (`docker container logs`): what a container has written, and with `-f`
//! what it writes next, until it stops or Ctrl+C.

use crate::client::cli::Invocation;
use crate::client::facts::stable;
use crate::client::timestamp::get_timestamp;
use crate::client::{daemon_error, Hold, HoldKind, Outcome};
use crate::engine::container::{Container, LogLine};
use crate::engine::Engine;
use crate::env::SimTime;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker logs [OPTIONS] CONTAINER`.
#[derive(Clone, Debug, PartialEq)]
pub struct Logs<'a> {
    /// The container, as typed.
    pub container: &'a str,
    /// `-f, --follow`.
    pub follow: bool,
    /// `--since`.
    pub since: &'a str,
    /// `--until`.
    pub until: &'a str,
    /// `-n, --tail` (`all` or a count).
    pub tail: &'a str,
    /// `-t, --timestamps`.
    pub timestamps: bool,
}

/// What a following `docker logs -f` needs to go on (see [`follow`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Follow {
    /// `--until`, as a time: the stream ends there.
    pub until: Option<SimTime>,
    /// `-t`.
    pub timestamps: bool,
}

impl<'a> Logs<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Logs<'a> {
        let f = &inv.flags;
        Logs {
            container: inv.args.first().map(String::as_str).unwrap_or(""),
            follow: f.bool("follow"),
            since: f.string("since").unwrap_or(""),
            until: f.string("until").unwrap_or(""),
            tail: f.string("tail").unwrap_or(""),
            timestamps: f.bool("timestamps"),
        }
    }

    /// Prints what the container has written so far. With `-f` on a running container the
    /// terminal is then held, and [`follow`] prints new lines as they come.
    pub fn run(self, engine: &mut Engine, tty: bool) -> Outcome {
        let mut out = Output::new();
        let now = engine.now();
        let (since, until) = match (time_flag("since", self.since, now), time_flag("until", self.until, now)) {
            (Ok(since), Ok(until)) => (since, until),
            (Err(e), _) | (_, Err(e)) => {
                out.fail(&e, 1);
                return Outcome::Done(out);
            }
        };
        let c = match engine.container_resolve(self.container) {
            Ok(c) => c,
            Err(e) => {
                daemon_error(&mut out, &e);
                return Outcome::Done(out);
            }
        };
        let written = c.logs.get(..written_by(c, now)).unwrap_or(&[]);
        let selected: Vec<(usize, &LogLine)> = written
            .iter()
            .enumerate()
            .filter(|(_, l)| since.is_none_or(|s| l.time >= s))
            .filter(|(_, l)| until.is_none_or(|u| l.time <= u))
            .collect();
        // The daemon reads `--tail` with Atoi; anything else (or a negative count) means all.
        let tail = self.tail.parse::<i64>().ok().filter(|n| *n >= 0);
        let skip = tail.map(|n| selected.len().saturating_sub(n as usize)).unwrap_or(0);
        for (i, l) in selected.into_iter().skip(skip) {
            print_log(&mut out, c, i, l, self.timestamps);
        }
        if !(self.follow && tty && c.is_running()) {
            return Outcome::Done(out);
        }
        // Everything written by now is on screen; later lines stream.
        let follow = Follow { until, timestamps: self.timestamps };
        let hold = Hold::watcher(c.id.clone(), HoldKind::Follow(follow), written_by(c, now));
        Outcome::Holds(out, hold)
    }
}

/// A `--since`/`--until` value as a time, or docker's `invalid value for "since": ...`.
fn time_flag(name: &str, value: &str, now: SimTime) -> Result<Option<SimTime>, String> {
    if value.is_empty() {
        return Ok(None);
    }
    get_timestamp(value, now).map(Some).map_err(|e| format!("invalid value for \"{name}\": {e}"))
}

/// How many of a container's log lines exist at `now`. A running process has written
/// only the lines whose time has come (a database is still starting); one that ended has
/// written everything it ever will.
fn written_by(c: &Container, now: SimTime) -> usize {
    if c.is_running() {
        c.logs.iter().take_while(|l| l.time <= now).count()
    } else {
        c.logs.len()
    }
}

/// One log line as `docker logs` prints it; `-t` prefixes the daemon's timestamp.
pub(crate) fn log_text(c: &Container, i: usize, l: &LogLine, timestamps: bool) -> String {
    if !timestamps {
        return l.text.clone();
    }
    // The daemon stamps a line just after the program wrote it (the program's own
    // timestamp, if it prints one, is a little earlier).
    let nanos =
        (l.time % 1000) * 1_000_000 + 990_000 + (i as u64 % 10) * 900 + stable(&format!("log\0{}\0{i}", c.id), 800);
    format!("{} {}", crate::go::time::rfc3339_nano_fixed(l.time, nanos), l.text)
}

fn print_log(out: &mut Output, c: &Container, i: usize, l: &LogLine, timestamps: bool) {
    let text = log_text(c, i, l, timestamps);
    if l.stderr && !c.config.tty {
        out.err(text);
    } else {
        out.out(text);
    }
}

/// `docker logs -f` after its first output: the lines written since `mark`, and status 0
/// once the container has stopped (the daemon closes the stream) or `--until` has passed.
pub fn follow(engine: &Engine, id: &str, f: &Follow, mark: &mut usize, out: &mut Output) -> Option<i32> {
    let Some(c) = engine.container(id).or_else(|| engine.recently_removed(id)) else {
        return Some(0);
    };
    let now = engine.now();
    let written = written_by(c, now);
    while *mark < written {
        let Some(l) = c.logs.get(*mark) else { break };
        if f.until.is_some_and(|u| l.time > u) {
            return Some(0);
        }
        print_log(out, c, *mark, l, f.timestamps);
        *mark += 1;
    }
    let gone = engine.container(id).is_none_or(|c| !c.is_running());
    (gone || f.until.is_some_and(|u| now > u)).then_some(0)
}
