//! The object graph: which image each container was made from, which volumes and networks it
//! uses, and which host ports lead to it.
//!
//! Three columns: images and host ports on the left, containers in the middle, volumes (and
//! bind-mounted host paths) and networks on the right, so every edge runs left to right; the
//! one exception is a built image's `FROM` arc, which joins it to its base in the left margin.
//! Each section draws at most a fixed number of objects (the newest containers; the rest are
//! one "+N" box), and edges are found by linear scans over those bounded lists, so the whole
//! layout is O(n) in the number of containers. The last command's events mark objects that
//! appeared, and objects it removed stay one more time as fading ghosts. This module decides
//! positions only: it must not know about SVG elements, CSS or the DOM.

use super::{paths, truncate, Point, Rect};
use crate::event::{Action, Event, ObjectKind};
use crate::snapshot::{ContainerStatus, ContainerView, Snapshot};

const NODE_W: i32 = 170;
const NODE_H: i32 = 28;
const V_GAP: i32 = 8;
const COL_GAP: i32 = 110;
const MARGIN: i32 = 16;
const TITLE_H: i32 = 24;
const SECTION_GAP: i32 = 20;
/// Characters of a label that fit in a box (monospace at 12 px) beside its detail word.
const LABEL_CHARS: usize = 15;

const MAX_IMAGES: usize = 20;
const MAX_PORTS: usize = 20;
const MAX_CONTAINERS: usize = 40;
const MAX_VOLUMES: usize = 20;
const MAX_NETWORKS: usize = 12;

/// The kinds of object the graph draws.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectType {
    /// A local image.
    Image,
    /// A published host port (`0.0.0.0:8080`).
    Port,
    /// A container.
    Container,
    /// A volume, or a host path bind-mounted into a container.
    Volume,
    /// A network.
    Network,
}

impl ObjectType {
    /// A lower-case name for CSS classes (`image`, `port`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Image => "image",
            ObjectType::Port => "port",
            ObjectType::Container => "container",
            ObjectType::Volume => "volume",
            ObjectType::Network => "network",
        }
    }
}

/// The object graph, ready to draw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    /// Width of the user space.
    pub width: i32,
    /// Height of the user space.
    pub height: i32,
    /// The section headings.
    pub sections: Vec<Section>,
    /// The boxes.
    pub nodes: Vec<GraphNode>,
    /// The arrows between them.
    pub edges: Vec<GraphEdge>,
    /// One frame per compose project, around its containers, volumes and networks.
    pub frames: Vec<ProjectFrame>,
}

/// A compose project's frame: a tinted region made of boxes, one around its containers (middle
/// column), one around its volumes and one around its networks (right column), and bands over
/// the gap between the columns joining them, so it reads as one shape without covering any
/// box that is not the project's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectFrame {
    /// The project name (the label).
    pub project: String,
    /// The region's boxes, which do not overlap (the containers' box first).
    pub parts: Vec<Rect>,
    /// Where the label's text starts, on the containers' box's top edge.
    pub label_at: Point,
}

/// A section heading ("이미지", "컨테이너", ... in the view's words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// What the section lists.
    pub kind: ObjectType,
    /// Where the heading's text starts (its baseline).
    pub title_at: Point,
    /// How many objects of this kind exist.
    pub count: usize,
}

/// One box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphNode {
    /// A key unique in the graph and stable across commands (`container:<id>`).
    pub key: String,
    /// What it is.
    pub kind: ObjectType,
    /// The main text (a name, a tag, `0.0.0.0:8080`, `+12`), cut to fit.
    pub label: String,
    /// The full text, for a tooltip.
    pub title: String,
    /// A second, smaller word: a network's driver, `bind` for a host path, a port's protocol.
    pub detail: String,
    /// A container's state.
    pub state: Option<ContainerStatus>,
    /// Where the box is.
    pub rect: Rect,
    /// For a "+N" box: how many objects it stands for (0 otherwise).
    pub more: usize,
    /// Whether the last command made it.
    pub entering: bool,
    /// Whether the last command removed it (drawn once, fading out).
    pub leaving: bool,
}

/// One arrow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphEdge {
    /// A key unique in the graph.
    pub key: String,
    /// The kind of the object at the far end from the container (image, port, volume,
    /// network), for styling.
    pub kind: ObjectType,
    /// SVG path data (a cubic curve, left to right).
    pub path: String,
    /// The container port of a port arrow (`80/tcp`), the mount point of a volume arrow.
    pub label: String,
    /// Where the label is centred.
    pub label_at: Point,
    /// Whether it appeared with the last command.
    pub entering: bool,
}

/// Lays out the object graph for `snapshot`, marking what `events` (the last command's)
/// created and keeping what they removed as ghosts.
pub fn graph(snapshot: &Snapshot, events: &[Event]) -> Graph {
    let (paths, by_id) = paths(events);
    let path_of = |id: &str| by_id.get(id).and_then(|&i| paths.get(i as usize));
    let event_named = |kind: ObjectKind, action: Action, name: &str| {
        events.iter().any(|e| e.object == kind && e.action == action && e.name == name)
    };
    let ghosts =
        |kind: ObjectKind, action: Action| events.iter().filter(move |e| e.object == kind && e.action == action);

    let mut nodes: Vec<GraphNode> = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut left = Column { x: MARGIN, y: MARGIN };
    let mut middle = Column { x: MARGIN + NODE_W + COL_GAP, y: MARGIN };
    let mut right = Column { x: MARGIN + 2 * (NODE_W + COL_GAP), y: MARGIN };

    // Containers (middle column): the newest MAX_CONTAINERS, oldest of them first.
    let live = &snapshot.containers;
    let mut drawn: Vec<ContainerView> = live.get(live.len().saturating_sub(MAX_CONTAINERS)..).unwrap_or(&[]).to_vec();
    // A compose project's containers side by side (loose containers first), so its frame
    // holds them and nothing else.
    crate::sort::sort_by(&mut drawn, |a, b| {
        let p = |c: &ContainerView| c.compose.as_ref().map(|l| l.project.clone());
        p(a).cmp(&p(b))
    });
    let drawn_live: &[ContainerView] = &drawn;
    let mut containers =
        Bucket::start(&mut middle, &mut sections, ObjectType::Container, live.len(), nodes.len(), MAX_CONTAINERS);
    containers.hidden = live.len() - drawn_live.len();
    let first_container = nodes.len();
    for c in drawn_live {
        let entering = path_of(&c.id).is_some_and(|p| p.created);
        let node =
            GraphNode::new("container:", &c.id, ObjectType::Container, &c.name, c.status.as_str(), entering, false);
        containers.add(&mut nodes, &mut middle, GraphNode { state: Some(c.status), ..node });
    }
    for p in paths.iter().filter(|p| p.last() == Some(ContainerStatus::Removed)) {
        let node = GraphNode::new("container:", p.id, ObjectType::Container, p.name, "removed", false, true);
        containers.add(&mut nodes, &mut middle, GraphNode { state: Some(ContainerStatus::Removed), ..node });
    }
    containers.finish(&mut nodes, &mut middle);

    // Images (left column, top).
    let mut images =
        Bucket::start(&mut left, &mut sections, ObjectType::Image, snapshot.images.len(), nodes.len(), MAX_IMAGES);
    // In the order the drawn containers use them, so their arrows do not cross.
    for img in by_first_use(&snapshot.images, drawn_live, |img, c| c.image_id == img.id) {
        let name = match img.tags.first() {
            Some(tag) => tag.clone(),
            None => short_id(&img.id),
        };
        // Pulled, built (`docker build` names it with a tag event) or loaded by this command.
        let entering = img.tags.iter().any(|t| {
            [Action::Pull, Action::Tag, Action::Load].into_iter().any(|a| {
                event_named(ObjectKind::Image, a, t)
                    || t.strip_suffix(":latest").is_some_and(|bare| event_named(ObjectKind::Image, a, bare))
            })
        });
        let detail =
            if img.tags.len() > 1 { "+".to_string() + &(img.tags.len() - 1).to_string() } else { String::new() };
        let node = GraphNode::new("image:", &img.id, ObjectType::Image, &name, &detail, entering, false);
        let mut title = img.tags.join(", ");
        if let Some(from) = &img.built_from {
            title.push_str(" (FROM ");
            title.push_str(&from.name);
            title.push(')');
        }
        images.add(&mut nodes, &mut left, GraphNode { title, ..node });
    }
    for e in ghosts(ObjectKind::Image, Action::Delete) {
        // The untag before the delete names what the learner removed.
        let name = events
            .iter()
            .rev()
            .find(|u| u.object == ObjectKind::Image && u.action == Action::Untag && u.id == e.id)
            .map_or_else(|| short_id(&e.id), |u| u.name.clone());
        images.add(&mut nodes, &mut left, GraphNode::new("image:", &e.id, ObjectType::Image, &name, "", false, true));
    }
    let image_range = images.finish(&mut nodes, &mut left);

    // Host ports (left column, below the images): those of the drawn containers.
    left.y += SECTION_GAP - V_GAP;
    let port_count: usize = live.iter().map(|c| c.ports.len()).sum();
    let mut ports = Bucket::start(&mut left, &mut sections, ObjectType::Port, port_count, nodes.len(), MAX_PORTS);
    ports.hidden = port_count - drawn_live.iter().map(|c| c.ports.len()).sum::<usize>();
    let mut port_edges: Vec<(usize, usize, String)> = Vec::new(); // (port node, container node, label)
    for (ci, c) in drawn_live.iter().enumerate() {
        let entering = path_of(&c.id).is_some_and(|p| p.states.contains(&ContainerStatus::Running));
        for pv in &c.ports {
            let host = pv.host_ip.clone() + ":" + &pv.host_port.to_string();
            let mut id = c.id.clone();
            id.push(':');
            id.push_str(&host);
            id.push('/');
            id.push_str(&pv.proto);
            let at = nodes.len();
            if ports.add(
                &mut nodes,
                &mut left,
                GraphNode::new("port:", &id, ObjectType::Port, &host, &pv.proto, entering, false),
            ) {
                port_edges.push((at, first_container + ci, pv.container_port.to_string() + "/" + &pv.proto));
            }
        }
    }
    ports.finish(&mut nodes, &mut left);

    // Volumes and bind-mounted host paths (right column, top).
    let mut volumes =
        Bucket::start(&mut right, &mut sections, ObjectType::Volume, snapshot.volumes.len(), nodes.len(), MAX_VOLUMES);
    for v in by_first_use(&snapshot.volumes, drawn_live, |v, c| {
        c.mounts.iter().any(|m| m.kind == "volume" && m.source == v.name)
    }) {
        let entering = event_named(ObjectKind::Volume, Action::Create, &v.name);
        volumes.add(
            &mut nodes,
            &mut right,
            GraphNode::new("volume:", &v.name, ObjectType::Volume, &v.name, "", entering, false),
        );
    }
    for c in drawn_live {
        for m in c.mounts.iter().filter(|m| m.kind == "bind") {
            volumes.add(
                &mut nodes,
                &mut right,
                GraphNode::new("bind:", &m.source, ObjectType::Volume, &m.source, "bind", false, false),
            );
        }
    }
    for e in ghosts(ObjectKind::Volume, Action::Destroy) {
        volumes.add(
            &mut nodes,
            &mut right,
            GraphNode::new("volume:", &e.name, ObjectType::Volume, &e.name, "", false, true),
        );
    }
    let volume_range = volumes.finish(&mut nodes, &mut right);

    // Networks (right column, below the volumes).
    right.y += SECTION_GAP - V_GAP;
    let mut networks = Bucket::start(
        &mut right,
        &mut sections,
        ObjectType::Network,
        snapshot.networks.len(),
        nodes.len(),
        MAX_NETWORKS,
    );
    for n in &snapshot.networks {
        let entering = event_named(ObjectKind::Network, Action::Create, &n.name);
        networks.add(
            &mut nodes,
            &mut right,
            GraphNode::new("network:", &n.name, ObjectType::Network, &n.name, &n.driver, entering, false),
        );
    }
    for e in ghosts(ObjectKind::Network, Action::Destroy) {
        networks.add(
            &mut nodes,
            &mut right,
            GraphNode::new("network:", &e.name, ObjectType::Network, &e.name, "", false, true),
        );
    }
    let network_range = networks.finish(&mut nodes, &mut right);

    // Edges, from the drawn containers to the drawn objects (linear scans of bounded lists).
    let find = |range: (usize, usize), k: &str| -> Option<usize> {
        nodes.get(range.0..range.1)?.iter().position(|n| n.key == k).map(|i| i + range.0)
    };
    let mut edges = Vec::new();
    for (ci, c) in drawn_live.iter().enumerate() {
        let cn = first_container + ci;
        let entering = nodes.get(cn).is_some_and(|n| n.entering);
        if let Some(i) = find(image_range, &key("image:", &c.image_id)) {
            edges.push(curve(&nodes, i, cn, ObjectType::Image, String::new(), entering));
        }
        for m in &c.mounts {
            let k = if m.kind == "bind" { key("bind:", &m.source) } else { key("volume:", &m.source) };
            if let Some(v) = find(volume_range, &k) {
                edges.push(curve(&nodes, cn, v, ObjectType::Volume, truncate(&m.destination, LABEL_CHARS), entering));
            }
        }
        for net in &c.networks {
            if let Some(v) = find(network_range, &key("network:", net)) {
                edges.push(curve(&nodes, cn, v, ObjectType::Network, String::new(), entering));
            }
        }
    }
    for (pn, cn, label) in port_edges {
        let entering = nodes.get(pn).is_some_and(|n| n.entering);
        edges.push(curve(&nodes, pn, cn, ObjectType::Port, label, entering));
    }
    // A built image and the drawn image its Dockerfile started from.
    for img in &snapshot.images {
        let Some(from) = img.built_from.as_ref().filter(|f| !f.id.is_empty() && f.id != img.id) else { continue };
        if let (Some(base), Some(built)) =
            (find(image_range, &key("image:", &from.id)), find(image_range, &key("image:", &img.id)))
        {
            let entering = nodes.get(built).is_some_and(|n| n.entering);
            edges.push(from_arc(&nodes, base, built, entering));
        }
    }

    let frames = project_frames(snapshot, drawn_live, &nodes);
    let height = left.y.max(middle.y).max(right.y) + MARGIN;
    Graph { width: right.x + NODE_W + MARGIN, height, sections, nodes, edges, frames }
}

/// The frame of each project with drawn containers: around its containers and the drawn
/// volumes and networks its labels claim, padded into the gaps between boxes.
fn project_frames(snapshot: &Snapshot, drawn: &[ContainerView], nodes: &[GraphNode]) -> Vec<ProjectFrame> {
    let mut projects: Vec<&str> = drawn.iter().filter_map(|c| c.compose.as_ref().map(|l| l.project.as_str())).collect();
    projects.dedup();
    let pad = V_GAP / 2;
    let bounds = |keys: &[String]| -> Option<Rect> {
        let mut b: Option<(i32, i32, i32, i32)> = None;
        for n in nodes.iter().filter(|n| keys.contains(&n.key)) {
            let r = n.rect;
            let e = b.get_or_insert((r.x, r.y, r.right(), r.bottom()));
            *e = (e.0.min(r.x), e.1.min(r.y), e.2.max(r.right()), e.3.max(r.bottom()));
        }
        b.map(|(x0, y0, x1, y1)| Rect { x: x0 - pad, y: y0 - pad, w: x1 - x0 + 2 * pad, h: y1 - y0 + 2 * pad })
    };
    let mut frames = Vec::new();
    for project in projects {
        let mine = |c: &Option<crate::snapshot::ComposeLabels>| c.as_ref().is_some_and(|l| l.project == project);
        let containers: Vec<String> =
            drawn.iter().filter(|c| mine(&c.compose)).map(|c| key("container:", &c.id)).collect();
        let volumes: Vec<String> =
            snapshot.volumes.iter().filter(|v| mine(&v.compose)).map(|v| key("volume:", &v.name)).collect();
        let networks: Vec<String> =
            snapshot.networks.iter().filter(|n| mine(&n.compose)).map(|n| key("network:", &n.name)).collect();
        let Some(m) = bounds(&containers) else { continue };
        let mut parts = vec![m];
        for r in [bounds(&volumes), bounds(&networks)].into_iter().flatten() {
            // The band over the gap: where the two boxes face each other, or (when they do
            // not) from one's edge to the other's, a row high.
            let (top, bottom) = if r.y < m.bottom() && m.y < r.bottom() {
                (r.y.max(m.y), r.bottom().min(m.bottom()))
            } else if r.y >= m.bottom() {
                (m.bottom() - NODE_H, r.y + NODE_H)
            } else {
                (r.bottom() - NODE_H, m.y + NODE_H)
            };
            parts.push(Rect { x: m.right(), y: top, w: r.x - m.right(), h: bottom - top });
            parts.push(r);
        }
        frames.push(ProjectFrame { project: project.to_string(), parts, label_at: Point { x: m.x + 8, y: m.y + 4 } });
    }
    frames
}

impl GraphNode {
    fn new(
        prefix: &str,
        id: &str,
        kind: ObjectType,
        name: &str,
        detail: &str,
        entering: bool,
        leaving: bool,
    ) -> GraphNode {
        GraphNode {
            key: key(prefix, id),
            kind,
            label: truncate(name, LABEL_CHARS),
            title: name.to_string(),
            detail: detail.to_string(),
            state: None,
            rect: Rect::default(),
            more: 0,
            entering,
            leaving,
        }
    }
}

/// Where the next box of a column goes.
struct Column {
    x: i32,
    y: i32,
}

impl Column {
    /// The next box; moves down below it.
    fn place(&mut self) -> Rect {
        let r = Rect { x: self.x, y: self.y, w: NODE_W, h: NODE_H };
        self.y += NODE_H + V_GAP;
        r
    }
}

/// One section being filled: at most `cap` boxes, then one "+N" box for the rest.
struct Bucket {
    kind: ObjectType,
    start: usize,
    cap: usize,
    hidden: usize,
}

impl Bucket {
    /// Puts the section's heading at the column's next place.
    fn start(
        col: &mut Column,
        sections: &mut Vec<Section>,
        kind: ObjectType,
        count: usize,
        start: usize,
        cap: usize,
    ) -> Bucket {
        sections.push(Section { kind, title_at: Point { x: col.x, y: col.y + TITLE_H - 8 }, count });
        col.y += TITLE_H;
        Bucket { kind, start, cap, hidden: 0 }
    }

    /// Adds `node` unless its key is already in the section (a ghost of an object made
    /// again) or the section is full; says whether it was drawn.
    fn add(&mut self, nodes: &mut Vec<GraphNode>, col: &mut Column, mut node: GraphNode) -> bool {
        let section = nodes.get(self.start..).unwrap_or(&[]);
        if section.iter().any(|n| n.key == node.key) {
            return false;
        }
        if section.len() >= self.cap {
            self.hidden += 1;
            return false;
        }
        node.rect = col.place();
        nodes.push(node);
        true
    }

    /// Adds the "+N" box if anything was left out; returns the range of the section's
    /// object boxes.
    fn finish(self, nodes: &mut Vec<GraphNode>, col: &mut Column) -> (usize, usize) {
        let end = nodes.len();
        if self.hidden > 0 {
            let label = "+".to_string() + &self.hidden.to_string();
            nodes.push(GraphNode {
                key: key("more:", self.kind.as_str()),
                kind: self.kind,
                label: label.clone(),
                title: label,
                detail: String::new(),
                state: None,
                rect: col.place(),
                more: self.hidden,
                entering: false,
                leaving: false,
            });
        }
        (self.start, end)
    }
}

/// `items` ordered by the first of `containers` that uses each (`uses`), unused ones last,
/// otherwise in their own order. O(items × containers), both bounded by the section caps
/// (only the first few hundred items are ranked; the rest keep their order at the end).
fn by_first_use<'a, T>(
    items: &'a [T],
    containers: &[ContainerView],
    uses: impl Fn(&T, &ContainerView) -> bool,
) -> Vec<&'a T> {
    const RANKED: usize = 256;
    let mut ranked: Vec<(usize, usize)> = items
        .iter()
        .take(RANKED)
        .enumerate()
        .map(|(i, item)| (containers.iter().position(|c| uses(item, c)).unwrap_or(usize::MAX), i))
        .collect();
    crate::sort::sort(&mut ranked);
    let mut out: Vec<&T> = ranked.iter().filter_map(|&(_, i)| items.get(i)).collect();
    out.extend(items.iter().skip(RANKED));
    out
}

fn key(prefix: &str, id: &str) -> String {
    let mut k = String::with_capacity(prefix.len() + id.len());
    k.push_str(prefix);
    k.push_str(id);
    k
}

/// `sha256:0123456789ab…` → `0123456789ab`, the 12 hex digits docker shows.
fn short_id(id: &str) -> String {
    id.strip_prefix("sha256:").unwrap_or(id).chars().take(12).collect()
}

/// A curve from the right side of node `a` to the left side of node `b`.
/// The `FROM` arc: from the base image's left edge to the built image's, bulging into the
/// left margin (both are in the left column).
fn from_arc(nodes: &[GraphNode], base: usize, built: usize, entering: bool) -> GraphEdge {
    let (ra, rb) = match (nodes.get(base), nodes.get(built)) {
        (Some(x), Some(y)) => (x.rect, y.rect),
        _ => (Rect::default(), Rect::default()),
    };
    let (x, y1, y2) = (ra.x, ra.y + ra.h / 2, rb.y + rb.h / 2);
    let bulge = (x - MARGIN / 4).max(0);
    let path = format!("M {x} {y1} C {bulge} {y1}, {bulge} {y2}, {x} {y2}");
    let mut k = String::from("from:");
    for n in [base, built] {
        k.push_str(nodes.get(n).map_or("", |n| n.key.as_str()));
        k.push('>');
    }
    let label_at = Point { x: bulge, y: (y1 + y2) / 2 };
    GraphEdge { key: k, kind: ObjectType::Image, path, label: String::new(), label_at, entering }
}

fn curve(nodes: &[GraphNode], a: usize, b: usize, kind: ObjectType, label: String, entering: bool) -> GraphEdge {
    let (ra, rb) = match (nodes.get(a), nodes.get(b)) {
        (Some(x), Some(y)) => (x.rect, y.rect),
        _ => (Rect::default(), Rect::default()),
    };
    let (x1, y1) = (ra.right(), ra.y + ra.h / 2);
    let (x2, y2) = (rb.x, rb.y + rb.h / 2);
    let mx = (x1 + x2) / 2;
    let mut d = String::new();
    for (i, v) in [x1, y1, mx, y1, mx, y2, x2, y2].iter().enumerate() {
        d.push_str(match i {
            0 => "M ",
            2 => " C ",
            1 | 3 | 5 | 7 => " ",
            _ => ", ",
        });
        d.push_str(&v.to_string());
    }
    let mut k = String::new();
    for n in [a, b] {
        k.push_str(nodes.get(n).map_or("", |n| n.key.as_str()));
        k.push('>');
    }
    k.push_str(&label);
    GraphEdge { key: k, kind, path: d, label, label_at: Point { x: mx, y: (y1 + y2) / 2 - 4 }, entering }
}
