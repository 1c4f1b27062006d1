//! What compose prints from containers: `logs` (with `-f` holding the terminal) and
//! attached `up` (`Attaching to db-1, web-1`, then every line prefixed `web-1  | `, then
//! `web-1 exited with code 0`), as compose's log printer and `cmd/formatter/logs.go` do:
//! the prefix is the name padded to the longest name so far plus one, then ` | `. Colours
//! are left out, as everywhere on this terminal.
//!
//! While it holds the terminal the state is plain data ([`Attached`]) that the session keeps
//! and [`more`] continues from.

use super::progress::{Mode, Progress, Status};
use super::project::{self as proj, OneOff};
use super::Cx;
use crate::client::{Hold, HoldKind, Outcome};
use crate::engine::container::Container;
use crate::engine::Engine;
use crate::env::{SimTime, SECOND};
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// One container being followed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stream {
    /// Full ID.
    pub id: String,
    /// The name logs show (`web-1`).
    pub name: String,
    /// Lines already printed.
    pub shown: usize,
    /// Its exit was already reported (attached `up`).
    pub exited: bool,
}

/// A compose log stream holding the terminal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attached {
    /// The project.
    pub project: String,
    /// The containers followed.
    pub streams: Vec<Stream>,
    /// The prefix width so far (longest name + 1).
    pub width: usize,
    /// Attached `up` (exits are reported; Ctrl+C stops the project) rather than `logs -f`.
    pub up: bool,
    /// `--no-log-prefix`.
    pub no_prefix: bool,
    /// `-t`.
    pub timestamps: bool,
    /// The progress view on Ctrl+C is the TTY one.
    pub tty: bool,
}

fn written_by(c: &Container, now: SimTime) -> usize {
    if c.is_running() {
        c.logs.iter().take_while(|l| l.time <= now).count()
    } else {
        c.logs.len()
    }
}

impl Attached {
    /// Prints every stream's lines written by `until`, merged in time order, and (for `up`)
    /// the exits; `Some(0)` once every container has stopped.
    fn pump(&mut self, engine: &Engine, until: SimTime, out: &mut Output) -> Option<i32> {
        loop {
            // The earliest unprinted line of any stream.
            let mut best: Option<(SimTime, usize)> = None;
            for (i, s) in self.streams.iter().enumerate() {
                let Some(c) = engine.container(&s.id).or_else(|| engine.recently_removed(&s.id)) else { continue };
                let limit = if c.is_running() { written_by(c, until) } else { c.logs.len() };
                if s.shown < limit {
                    if let Some(l) = c.logs.get(s.shown) {
                        if best.is_none_or(|(t, _)| l.time < t) {
                            best = Some((l.time, i));
                        }
                    }
                }
            }
            let Some((_, i)) = best else { break };
            let Some(s) = self.streams.get_mut(i) else { break };
            let Some(c) = engine.container(&s.id).or_else(|| engine.recently_removed(&s.id)) else { break };
            let Some(l) = c.logs.get(s.shown) else { break };
            s.shown += 1;
            self.width = self.width.max(s.name.chars().count() + 1);
            let mut text = String::new();
            if !self.no_prefix {
                text = format!("{:<w$} | ", s.name, w = self.width);
            }
            // `-t`: the daemon's timestamp, as `docker logs -t` prints it.
            text.push_str(&crate::client::container::logs::log_text(c, s.shown - 1, l, self.timestamps));
            if l.stderr && !c.config.tty {
                out.err(text);
            } else {
                out.out(text);
            }
        }
        let mut all_done = true;
        for s in &mut self.streams {
            let c = engine.container(&s.id);
            let running = c.is_some_and(Container::is_running);
            if running {
                all_done = false;
                continue;
            }
            if self.up && !s.exited {
                s.exited = true;
                let code = c.or_else(|| engine.recently_removed(&s.id)).map(|c| c.exit_code).unwrap_or(0);
                out.out(format!("{} exited with code {code}", s.name));
            }
        }
        all_done.then_some(0)
    }
}

/// What a held compose stream prints next, and its status once it ends.
pub fn more(engine: &Engine, a: &mut Attached, out: &mut Output) -> Option<i32> {
    let now = engine.now();
    a.pump(engine, now, out)
}

/// Ctrl+C on attached `up`: compose stops the project's containers.
pub fn interrupt(engine: &mut Engine, a: &Attached, out: &mut Output) {
    if !a.up {
        return;
    }
    out.err("Gracefully stopping... (press Ctrl+C again to force)");
    let mut prog = Progress::new(if a.tty { Mode::Tty } else { Mode::Plain }, "Stopping");
    let began = engine.now();
    for s in a.streams.iter().rev() {
        let Some(c) = engine.container(&s.id) else { continue };
        if !c.is_running() {
            continue;
        }
        let id = format!("Container {}", c.name);
        prog.event(&id, Status::Working, "Stopping", engine.now().saturating_sub(began));
        let _ = engine.container_stop(&s.id, None);
        prog.event(&id, Status::Done, "Stopped", engine.now().saturating_sub(began) + 200);
    }
    prog.print(out);
}

fn streams_of(engine: &Engine, project: &str, ids: &[&Container]) -> Vec<Stream> {
    ids.iter()
        .map(|c| Stream { id: c.id.clone(), name: proj::short_name(c, project), shown: 0, exited: false })
        .collect::<Vec<_>>()
        .into_iter()
        .filter(|s| engine.container(&s.id).is_some())
        .collect()
}

/// Attached `up` after the create view: `Attaching to ...`, start, then the output.
pub(crate) fn up_attached(
    mut cx: Cx<'_, '_>,
    engine: &mut Engine,
    project: &super::model::Project,
    selected: &[&str],
    to_start: Vec<String>,
) -> Outcome {
    let f = cx.inv.flags.clone();
    let mut attach: Vec<&str> = selected.to_vec();
    let only = f.list("attach");
    if !only.is_empty() {
        attach.retain(|s| only.iter().any(|o| o == s));
    }
    let skip = f.list("no-attach");
    attach.retain(|s| !skip.iter().any(|o| o == s));
    let containers: Vec<Container> = proj::containers(engine, &project.name, OneOff::Exclude)
        .into_iter()
        .filter(|c| proj::label(c, proj::SERVICE).is_some_and(|s| attach.contains(&s)))
        .cloned()
        .collect();
    let refs: Vec<&Container> = containers.iter().collect();
    let mut streams = streams_of(engine, &project.name, &refs);
    let mut names: Vec<String> = streams.iter().map(|s| s.name.clone()).collect();
    crate::sort::sort(&mut names);
    cx.out.out(format!("Attaching to {}", names.join(", ")));
    let marks: Vec<usize> =
        streams.iter().map(|s| engine.container(&s.id).map(|c| c.logs.len()).unwrap_or(0)).collect();
    // compose attaches before it starts them: what they wrote in an earlier run is not
    // shown, only what comes next.
    for (s, m) in streams.iter_mut().zip(marks) {
        s.shown = m;
    }
    let mut quiet = Progress::new(Mode::Quiet, "Running");
    let mut clock = super::progress::Clock::default();
    if let Err(e) = super::up::start_levels(engine, project, selected, &to_start, &mut quiet, &mut clock) {
        cx.fail(&e);
        return Outcome::Done(cx.out);
    }
    let width = names.iter().map(|n| n.chars().count() + 1).max().unwrap_or(0);
    let mut a = Attached {
        project: project.name.clone(),
        streams,
        width,
        up: true,
        no_prefix: f.bool("no-log-prefix"),
        timestamps: f.bool("timestamps"),
        tty: cx.mode() == Mode::Tty,
    };
    // What they write in their first second is on screen before anyone could type.
    let now = engine.now();
    if a.pump(engine, now + SECOND - 1, &mut cx.out).is_some() || !cx.host.tty {
        return Outcome::Done(cx.out);
    }
    let hold = Hold::watcher(String::new(), HoldKind::Compose(Box::new(a)), 0);
    Outcome::Holds(cx.out, hold)
}

/// `docker compose logs [SERVICE...]`.
pub(crate) fn logs(mut cx: Cx<'_, '_>, engine: &mut Engine) -> Outcome {
    let Some((_, name)) = cx.project_for_services(engine) else { return Outcome::Done(cx.out) };
    let args = cx.inv.args.clone();
    let f = cx.inv.flags.clone();
    let containers: Vec<&Container> = proj::containers(engine, &name, OneOff::Exclude)
        .into_iter()
        .filter(|c| args.is_empty() || proj::label(c, proj::SERVICE).is_some_and(|s| args.iter().any(|a| a == s)))
        .collect();
    let mut streams = streams_of(engine, &name, &containers);
    let now = engine.now();
    // `--tail N`: each container's last N lines.
    if let Some(n) = f.string("tail").and_then(|t| t.parse::<usize>().ok()) {
        for s in &mut streams {
            let written = engine.container(&s.id).map(|c| written_by(c, now)).unwrap_or(0);
            s.shown = written.saturating_sub(n);
        }
    }
    let mut a = Attached {
        project: name,
        streams,
        width: 0,
        up: false,
        no_prefix: f.bool("no-log-prefix"),
        timestamps: f.bool("timestamps"),
        tty: cx.host.tty,
    };
    let ended = a.pump(engine, now, &mut cx.out);
    if !f.bool("follow") || ended.is_some() || !cx.host.tty {
        return Outcome::Done(cx.out);
    }
    let hold = Hold::watcher(String::new(), HoldKind::Compose(Box::new(a)), 0);
    Outcome::Holds(cx.out, hold)
}
