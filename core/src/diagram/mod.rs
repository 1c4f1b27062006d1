//! The diagram's layout: where every lifecycle state, container token, object and edge goes.
//!
//! Pure functions from a [`Snapshot`] and the last command's [`Event`]s to plain data in one
//! SVG user space (integer units, origin top left): [`machine`] lays out the lifecycle state
//! machine with each container as a token in its state, [`graph`] the object graph (images →
//! containers → volumes and networks, host ports → containers), and [`describe`] writes the
//! Korean text equivalent that the page reads out in an aria-live region.
//!
//! The view draws exactly what these return and animates with CSS; the events only say which
//! token moved along which edge and which objects appeared or went. Nothing here touches the
//! DOM, formats terminal text or reads the clock. Every function is O(n log n) or better in the
//! number of containers and events, and draws at most a fixed number of items per state node
//! and per graph section (the rest become one "+N" item), so 1,000 containers never stall the
//! page.

mod describe;
mod graph;
mod machine;
#[cfg(test)]
mod tests;

use crate::map::Map;

pub use describe::{describe, Change, Changes, MAX_LINES};
pub use graph::{graph, Graph, GraphEdge, GraphNode, ObjectType, ProjectFrame, Section};
pub use machine::{machine, Anchor, Edge, Machine, StateNode, Token, MAX_TOKEN_CELLS};

use crate::event::{Event, ObjectKind};
use crate::snapshot::ContainerStatus;

/// A point in the diagram's user space.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Point {
    /// Distance from the left edge.
    pub x: i32,
    /// Distance from the top edge.
    pub y: i32,
}

/// An axis-aligned box in the diagram's user space.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
}

impl Rect {
    /// The right edge.
    pub fn right(&self) -> i32 {
        self.x + self.w
    }

    /// The bottom edge.
    pub fn bottom(&self) -> i32 {
        self.y + self.h
    }

    /// The centre.
    pub fn center(&self) -> Point {
        Point { x: self.x + self.w / 2, y: self.y + self.h / 2 }
    }

    /// Whether the two boxes share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right() && other.x < self.right() && self.y < other.bottom() && other.y < self.bottom()
    }

    /// Whether `other` lies wholly inside this box.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x && other.y >= self.y && other.right() <= self.right() && other.bottom() <= self.bottom()
    }
}

/// The states one container went through during the last command, oldest first.
///
/// Built from the events' `from`/`to` pairs: `docker run -d` gives `created → running`,
/// `docker run --rm hello-world` gives `created → running → exited → removed`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Path<'a> {
    /// The container's full ID.
    pub id: &'a str,
    /// Its name as of the last event about it.
    pub name: &'a str,
    /// The states it passed through; the first is where it was before the command.
    pub states: Vec<ContainerStatus>,
    /// Whether the command created it.
    pub created: bool,
}

impl Path<'_> {
    /// Where it ended up.
    pub fn last(&self) -> Option<ContainerStatus> {
        self.states.last().copied()
    }

    /// Whether it changed state at all.
    pub fn moved(&self) -> bool {
        self.states.len() > 1
    }
}

/// Every container's path through the states during the last command, in the order the
/// containers first appear in the events, and an index from container ID to its path.
pub(crate) fn paths(events: &[Event]) -> (Vec<Path<'_>>, Map<&str, u32>) {
    let mut list: Vec<Path<'_>> = Vec::new();
    let mut index: Map<&str, u32> = Map::new();
    for e in events {
        if e.object != ObjectKind::Container {
            continue;
        }
        let Some(to) = e.to else { continue };
        let at = match index.get(e.id.as_str()) {
            Some(&i) => i as usize,
            None => {
                index.insert(e.id.as_str(), list.len() as u32);
                list.push(Path { id: &e.id, name: &e.name, states: Vec::new(), created: false });
                list.len() - 1
            }
        };
        let Some(path) = list.get_mut(at) else { continue };
        path.name = &e.name;
        if e.from.is_none() {
            path.created = true;
        }
        if path.states.is_empty() {
            if let Some(from) = e.from {
                path.states.push(from);
            }
        }
        // A repeated state (an event that changed nothing visible) adds no step.
        if path.last() != Some(to) {
            path.states.push(to);
        }
    }
    (list, index)
}

/// `text` cut to at most `max` characters, with `…` when something was cut.
pub(crate) fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}
