//! The diagram's text equivalent, as data: what the last command changed, one item per
//! object, for the page's aria-live region (screen readers) and its caption.
//!
//! Containers are their path through the states (`web`: running → exited); images, volumes
//! and networks say what happened to them (not `connect`/`disconnect`, which every start and
//! stop causes and which would drown the state change). Long lists stop after
//! [`MAX_LINES`] items with a count of the rest, so `docker rm -f $(docker ps -aq)` on 1,000
//! containers stays short. The words are the site's (web's `i18n`), never written here: a
//! second language needs no change in core.

use super::paths;
use crate::event::{Action, Event, ObjectKind};
use crate::snapshot::ContainerStatus;

/// The most lines a caption has, counting the "N more" line.
pub const MAX_LINES: usize = 8;

/// One thing the command changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A container and the states it went through (the first is where it was before).
    Container {
        /// Its name.
        name: String,
        /// At least two states, or one for a container created and left in `created`.
        states: Vec<ContainerStatus>,
    },
    /// An image, volume, network or the daemon, and what happened to it.
    Object {
        /// What kind of object.
        kind: ObjectKind,
        /// What happened to it.
        action: Action,
        /// Its name (empty for the daemon).
        name: String,
    },
}

/// What a command changed, at most [`MAX_LINES`] − 1 items and how many more there were.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// In the order the objects first appear in the events.
    pub items: Vec<Change>,
    /// Items left out.
    pub more: usize,
}

/// The object events a caption mentions.
const TOLD: &[(ObjectKind, Action)] = &[
    (ObjectKind::Image, Action::Pull),
    (ObjectKind::Image, Action::Tag),
    (ObjectKind::Image, Action::Untag),
    (ObjectKind::Volume, Action::Create),
    (ObjectKind::Volume, Action::Destroy),
    (ObjectKind::Network, Action::Create),
    (ObjectKind::Network, Action::Destroy),
    (ObjectKind::Container, Action::Rename),
    (ObjectKind::Daemon, Action::Start),
    (ObjectKind::Daemon, Action::Stop),
];

/// What `events` changed.
pub fn describe(events: &[Event]) -> Changes {
    let mut out = Changes::default();
    let push = |out: &mut Changes, change: Change| {
        if out.items.len() < MAX_LINES - 1 {
            out.items.push(change);
        } else {
            out.more += 1;
        }
    };
    let (container_paths, _) = paths(events);
    for p in container_paths.iter().filter(|p| p.moved() || p.created) {
        push(&mut out, Change::Container { name: p.name.to_string(), states: p.states.clone() });
    }
    for e in events {
        if TOLD.iter().any(|(kind, action)| *kind == e.object && *action == e.action) {
            let name = if e.object == ObjectKind::Daemon { String::new() } else { e.name.clone() };
            push(&mut out, Change::Object { kind: e.object, action: e.action, name });
        }
    }
    out
}
