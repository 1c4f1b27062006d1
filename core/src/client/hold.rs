//! A docker command that keeps the terminal after it printed what it had: `docker run` of a
//! process that keeps running, `docker attach`, and the client-side watchers (`logs -f`,
//! `wait`, `events`, `stats`, compose's `logs -f` and attached `up`). The session streams what comes next until the command ends,
//! Ctrl+C, or the detach keys; a watcher's next output comes from [`watch`].
//!
//! A hold is plain data (the session saves it): a watcher keeps the typed arguments it needs,
//! never the command line, which is read once.

use super::container::{logs, stats, wait};
#[cfg(feature = "full")]
use super::system::events;
use crate::engine::Engine;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// What holds the terminal, and how keys reach it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// The container's full ID (empty for `events` and `stats`, which watch the daemon).
    pub container: String,
    /// What holds the terminal.
    pub kind: HoldKind,
    /// Ctrl+C is passed on to the container as SIGINT (`--sig-proxy`, on by default).
    pub sig_proxy: bool,
    /// The terminal's keystrokes reach the container (`-i`).
    pub stdin: bool,
    /// The container has a terminal (`-t`).
    pub tty: bool,
    /// How far it got: for `run`/`attach` the engine's event count when the hold began (the
    /// client detaches at the container's next `die`); for a watcher the log lines or events
    /// already printed, or the containers of `wait` already reported.
    #[serde(default)]
    pub mark: usize,
}

/// Which command holds the terminal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HoldKind {
    /// `docker run` without `-d`.
    Run,
    /// `docker attach`.
    Attach,
    /// `docker logs -f`: Ctrl+C only stops following.
    Follow(logs::Follow),
    /// `docker wait` on a running container: prints exit codes as containers exit.
    Wait(wait::Waiting),
    /// `docker events` without `--until`: prints events as they happen.
    #[cfg(feature = "full")]
    Events(events::Query),
    /// `docker stats` without `--no-stream`: redraws the table every half second.
    Stats(stats::Stats),
    /// `docker compose logs -f` or attached `docker compose up`: every container's lines,
    /// prefixed with its name.
    #[cfg(feature = "full")]
    Compose(Box<super::compose::attach::Attached>),
}

impl HoldKind {
    /// Whether the docker client itself produces the output while it holds the terminal
    /// ([`watch`] streams it), rather than a container's attached streams. Ctrl+C ends only
    /// the client; the containers carry on.
    pub fn is_watcher(&self) -> bool {
        !matches!(self, HoldKind::Run | HoldKind::Attach)
    }

    /// Whether this is `docker logs -f`, which reads no keys at all.
    pub fn is_follow(&self) -> bool {
        matches!(self, HoldKind::Follow(_))
    }

    /// Whether this is `docker stats`, which redraws its table in place.
    pub fn is_stats(&self) -> bool {
        matches!(self, HoldKind::Stats(_))
    }
}

impl Hold {
    /// A watcher: only the client holds the terminal; keys don't reach any container.
    pub(crate) fn watcher(container: String, kind: HoldKind, mark: usize) -> Hold {
        Hold { container, kind, sig_proxy: false, stdin: false, tty: false, mark }
    }
}

/// What a watching client prints since the last call, and `Some(status)` once it has
/// nothing more to wait for (its exit status). Never mutates engine state.
pub fn watch(engine: &Engine, hold: &mut Hold, out: &mut Output) -> Option<i32> {
    match &mut hold.kind {
        HoldKind::Follow(f) => logs::follow(engine, &hold.container, f, &mut hold.mark, out),
        HoldKind::Wait(w) => wait::more(engine, w, &mut hold.mark, out),
        #[cfg(feature = "full")]
        HoldKind::Events(q) => events::more(engine, q, &mut hold.mark, out),
        HoldKind::Stats(s) => stats::frame(engine, s, out),
        #[cfg(feature = "full")]
        HoldKind::Compose(a) => super::compose::attach::more(engine, a, out),
        HoldKind::Run | HoldKind::Attach => None,
    }
}

/// Ctrl+C reached a watching client: what it does before it ends (attached `docker compose
/// up` stops the project's containers; the others just end).
pub fn interrupt(engine: &mut Engine, hold: &Hold, out: &mut Output) {
    #[cfg(feature = "full")]
    if let HoldKind::Compose(a) = &hold.kind {
        super::compose::attach::interrupt(engine, a, out);
    }
    #[cfg(not(feature = "full"))]
    let _ = (engine, hold, out);
}
