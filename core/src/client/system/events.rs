//! `docker events` (`docker system events`): the daemon's events, as lines or through a
//! template, for a `--since`/`--until` window, and streaming as they happen while no
//! `--until` ends it.

use crate::client::cli::Invocation;
use crate::client::facts::{container_labels, stable};
use crate::client::filters::{filter_pairs, invalid_filter};
use crate::client::from_daemon;
use crate::client::timestamp::get_timestamp;
use crate::client::{Hold, HoldKind, Outcome};
use crate::engine::Engine;
use crate::env::SimTime;
use crate::event::{Action, Event, ObjectKind};
use crate::output::template::{StructBuilder, Template, Value};
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// The attributes docker prints for an event, sorted by key (moby's `events` attributes;
/// the CLI prints them sorted). Container events: the labels (image's, then `--label`),
/// `image`, `name`, and `exitCode`/`execDuration` on `die`, `signal` on `kill`. Image
/// events: the image's labels (pull, tag) and `name`. Network events: `container` (on
/// connect/disconnect), `name`, `type`. Volume events: `driver`, and on mount/unmount the
/// container and mount details.
fn event_attributes(engine: &Engine, e: &Event, history: &[Event]) -> Vec<(String, String)> {
    let mut attrs: Vec<(String, String)> = Vec::new();
    match e.object {
        ObjectKind::Container => {
            if let Some(c) = engine.container(&e.id) {
                attrs.push(("image".to_string(), c.config.image.clone()));
                attrs.extend(container_labels(engine, c));
            } else if let Some(gone) = history.iter().rev().find(|h| h.id == e.id && h.action == Action::Destroy) {
                // Removed since: its destroy event recorded what it was.
                attrs.extend(gone.attrs.iter().cloned());
            }
            // Kill events carry their signal.
            attrs.extend(e.attrs.iter().filter(|(k, _)| k == "signal").cloned());
            attrs.push(("name".to_string(), e.name.clone()));
            if e.action == Action::Die {
                let started = history
                    .iter()
                    .rev()
                    .find(|h| h.id == e.id && h.action == Action::Start && h.time <= e.time)
                    .map(|h| h.time)
                    .unwrap_or(e.time);
                let code = e.exit_code.or_else(|| engine.container(&e.id).map(|c| c.exit_code)).unwrap_or(0);
                attrs.push(("exitCode".to_string(), code.to_string()));
                attrs.push(("execDuration".to_string(), (e.time.saturating_sub(started) / 1000).to_string()));
            }
        }
        ObjectKind::Image => {
            // Pull and tag copy the image's labels; untag and delete name only.
            // (recorded when the event happened: the image may be gone since).
            attrs.extend(e.attrs.iter().cloned());
            // A pull names the repository; other image events name what they touched.
            let name = if e.action == Action::Pull {
                e.name
                    .rsplit_once(':')
                    .filter(|(_, t)| !t.contains('/'))
                    .map(|(r, _)| r.to_string())
                    .unwrap_or_else(|| e.name.clone())
            } else {
                e.name.clone()
            };
            attrs.push(("name".to_string(), name));
        }
        ObjectKind::Volume => {
            attrs.extend(e.attrs.iter().cloned());
            if !attrs.iter().any(|(k, _)| k == "driver") {
                attrs.push(("driver".to_string(), "local".to_string()));
            }
        }
        ObjectKind::Network => {
            attrs.push(("name".to_string(), e.name.clone()));
            attrs.extend(e.attrs.iter().cloned());
            if !attrs.iter().any(|(k, _)| k == "type") {
                let driver = engine
                    .networks()
                    .find(|n| n.id == e.id)
                    .map(|n| n.driver.clone())
                    .unwrap_or_else(|| "bridge".to_string());
                attrs.push(("type".to_string(), driver));
            }
        }
        ObjectKind::Daemon => {}
    }
    // Later entries win, as in a Go map: keep the last value of each key.
    attrs.reverse();
    crate::sort::sort_by(&mut attrs, |a, b| a.0.cmp(&b.0));
    attrs.dedup_by(|a, b| a.0 == b.0);
    attrs
}

fn object_word(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::Container => "container",
        ObjectKind::Image => "image",
        ObjectKind::Volume => "volume",
        ObjectKind::Network => "network",
        ObjectKind::Daemon => "daemon",
    }
}

/// `docker events [OPTIONS]` (`docker system events`).
#[derive(Clone, Debug, PartialEq)]
pub struct Events<'a> {
    /// `-f, --filter` as `(name, value)`.
    pub filters: Vec<(String, String)>,
    /// `--format`.
    pub format: &'a str,
    /// `--since`.
    pub since: &'a str,
    /// `--until`.
    pub until: &'a str,
}

/// What a streaming `docker events` prints: its format, time window and filters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Query {
    /// The template (`{{json .}}` for `json`), empty for docker's line format.
    pub format: String,
    /// `--since`, as a time.
    pub since: Option<SimTime>,
    /// `--until`, as a time.
    pub until: Option<SimTime>,
    /// The filters.
    pub pairs: Vec<(String, String)>,
}

impl<'a> Events<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Events<'a> {
        let f = &inv.flags;
        Events {
            filters: filter_pairs(f.list("filter")),
            format: f.string("format").unwrap_or(""),
            since: f.string("since").unwrap_or(""),
            until: f.string("until").unwrap_or(""),
        }
    }

    /// With `--since`, prints what already happened in the window; without `--until` the
    /// client then holds the terminal and [`more`] prints new events as they happen, until
    /// Ctrl+C.
    pub fn run(self, engine: &mut Engine, tty: bool) -> Outcome {
        let mut out = Output::new();
        let follows = self.until.is_empty();
        let Some(q) = self.query(engine, &mut out) else { return Outcome::Done(out) };
        let mark = engine.event_count();
        // Without --since the daemon sends only what happens from now on.
        if q.since.is_some() {
            let Ok(tmpl) = q.template() else { return Outcome::Done(out) };
            print_events(engine, &q, tmpl.as_ref(), engine.events_since(0), 0, &mut out);
        }
        if !follows || !tty || out.code != 0 {
            return Outcome::Done(out);
        }
        Outcome::Holds(out, Hold::watcher(String::new(), HoldKind::Events(q), mark))
    }

    /// The flags as a query, or the client's error printed.
    fn query(&self, engine: &Engine, out: &mut Output) -> Option<Query> {
        let now = engine.now();
        let format = if self.format == "json" { "{{json .}}" } else { self.format }.to_string();
        let q = Query { format, since: None, until: None, pairs: self.filters.clone() };
        if let Err(e) = q.template() {
            out.fail(&format!("Error parsing format: {e}"), 64);
            return None;
        }
        let mut times = [None, None];
        for (slot, s) in times.iter_mut().zip([&self.since, &self.until]) {
            if !s.is_empty() {
                match get_timestamp(s, now) {
                    Ok(t) => *slot = Some(t),
                    Err(e) => {
                        out.fail(&e, 1);
                        return None;
                    }
                }
            }
        }
        let pairs = &q.pairs;
        if let Some(e) = invalid_filter(
            pairs,
            &[
                "container",
                "daemon",
                "event",
                "image",
                "label",
                "network",
                "node",
                "plugin",
                "scope",
                "secret",
                "service",
                "type",
                "volume",
                "config",
            ],
        ) {
            out.fail(&from_daemon(&e), 1);
            return None;
        }
        Some(Query { since: times[0], until: times[1], ..q })
    }
}

impl Query {
    /// The template, if one was asked for.
    fn template(&self) -> Result<Option<Template>, String> {
        if self.format.is_empty() {
            return Ok(None);
        }
        Template::parse(&self.format).map(Some).map_err(|e| e.to_string())
    }
}

/// Prints the events of `history` from index `from` on that the query selects; false
/// after a template error (already printed).
fn print_events(
    engine: &Engine,
    q: &Query,
    tmpl: Option<&Template>,
    history: &[Event],
    from: usize,
    out: &mut Output,
) -> bool {
    let now = engine.now();
    let until = q.until.unwrap_or(now);
    let pairs = &q.pairs;
    let mut prev_time = None;
    let mut same_ms = 0u64;
    for (i, e) in history.iter().enumerate() {
        // Events of the same millisecond keep their order: each gets a later sub-millisecond.
        same_ms = if prev_time == Some(e.time) { same_ms + 1 } else { 0 };
        prev_time = Some(e.time);
        if i < from || q.since.is_some_and(|s| e.time < s) || e.time > until || e.object == ObjectKind::Daemon {
            continue;
        }
        let attrs = event_attributes(engine, e, history);
        let actor =
            if e.object == ObjectKind::Image && e.action == Action::Pull { e.name.clone() } else { e.id.clone() };
        let want = |key: &str, value: &str| {
            let mut vals = pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).peekable();
            vals.peek().is_none() || vals.any(|v| v == value)
        };
        if !want("type", object_word(e.object)) || !want("event", e.action.as_str()) {
            continue;
        }
        let fuzzy = |key: &str| {
            let mut vals = pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).peekable();
            vals.peek().is_none() || vals.any(|v| actor.starts_with(v) || e.name == v)
        };
        let has = |key: &str| pairs.iter().any(|(k, _)| k == key);
        if (has("container") && (e.object != ObjectKind::Container || !fuzzy("container")))
            || (has("image")
                && !(fuzzy("image")
                    || attrs
                        .iter()
                        .any(|(k, v)| k == "image" && pairs.iter().any(|(pk, pv)| pk == "image" && pv == v))))
            || (has("volume") && (e.object != ObjectKind::Volume || !fuzzy("volume")))
            || (has("network") && (e.object != ObjectKind::Network || !fuzzy("network")))
        {
            continue;
        }
        let nanos = (e.time % 1000) * 1_000_000
            + (same_ms * 97_000 + stable(&format!("event\0{}\0{}", e.id, e.action), 90_000)).min(999_999);
        let stamp = crate::go::time::rfc3339_nano_fixed(e.time, nanos);
        match tmpl {
            None => {
                let mut line = format!("{stamp} {} {} {actor}", object_word(e.object), e.action);
                for (n, (k, v)) in attrs.iter().enumerate() {
                    line.push_str(if n == 0 { " (" } else { ", " });
                    line.push_str(k);
                    line.push('=');
                    line.push_str(v);
                }
                if !attrs.is_empty() {
                    line.push(')');
                }
                out.out(line);
            }
            Some(t) => {
                let legacy = matches!(e.object, ObjectKind::Container | ObjectKind::Image);
                let from = attrs.iter().find(|(k, _)| k == "image").map(|(_, v)| v.clone()).unwrap_or_default();
                let v = StructBuilder::new("events.Message")
                    .go_omit("status", "Status", Value::str(if legacy { e.action.as_str() } else { "" }))
                    .go_omit("id", "ID", Value::str(if legacy { actor.clone() } else { String::new() }))
                    .go_omit(
                        "from",
                        "From",
                        Value::str(if e.object == ObjectKind::Container { from } else { String::new() }),
                    )
                    .f("Type", Value::str(object_word(e.object)))
                    .f("Action", Value::str(e.action.as_str()))
                    .f(
                        "Actor",
                        StructBuilder::new("events.Actor")
                            .g("ID", "ID", Value::str(actor.clone()))
                            .f("Attributes", Value::string_map(attrs))
                            .build(),
                    )
                    .g("scope", "Scope", Value::str("local"))
                    .go_omit("time", "Time", Value::Int((e.time / 1000) as i64))
                    .go_omit("timeNano", "TimeNano", Value::Int(((e.time / 1000) * 1_000_000_000 + nanos) as i64))
                    .build();
                match t.execute(&v) {
                    Ok(s) => out.out_text(&format!("{s}\n")),
                    Err(err) => {
                        out.fail(&err, 1);
                        return false;
                    }
                }
            }
        }
    }
    true
}

/// The events recorded since `mark` that a streaming `docker events` selects.
/// `Some(status)` ends the stream (a template error).
pub fn more(engine: &Engine, q: &Query, mark: &mut usize, out: &mut Output) -> Option<i32> {
    let tmpl = q.template().ok()?;
    let history = engine.events_since(0);
    let from = mark.saturating_sub(engine.event_count() - history.len());
    *mark = engine.event_count();
    if !print_events(engine, q, tmpl.as_ref(), history, from, out) {
        return Some(out.code);
    }
    None
}
