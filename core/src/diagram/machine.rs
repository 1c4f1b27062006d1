//! The lifecycle state machine: seven state nodes on a 3×3 grid, docker's legal transitions
//! as labelled edges, and every container as a token inside its state's node.
//!
//! The grid keeps the edges from crossing: the main road `created → running → exited` runs
//! left to right and down the middle, `paused` sits beside `running`, `restarting` beside
//! `exited`, and `rm` leads down to `removed`. Node heights grow with their tokens (which
//! shrink and wrap into more columns as a node fills up) and stop growing at
//! [`MAX_TOKEN_CELLS`]; the rest of a crowded node is one "+N" cell. This module decides
//! positions only: it must not know about SVG elements, CSS or the DOM.

use super::{paths, truncate, Path, Point, Rect};
use crate::event::Event;
use crate::snapshot::{ContainerStatus, Snapshot};

/// The most cells (tokens plus the "+N" cell) drawn in one state node.
pub const MAX_TOKEN_CELLS: usize = 60;

/// Every state, in the order nodes are listed.
const STATES: [ContainerStatus; 7] = [
    ContainerStatus::Created,
    ContainerStatus::Running,
    ContainerStatus::Paused,
    ContainerStatus::Restarting,
    ContainerStatus::Exited,
    ContainerStatus::Dead,
    ContainerStatus::Removed,
];

const NODE_W: i32 = 180;
const COL_GAP: i32 = 96;
const ROW_GAP: i32 = 64;
/// Room on the left for the `created → removed` edge, which goes round the grid.
const LEFT: i32 = 32;
/// Room above the first row for the command on a taken edge there.
const TOP: i32 = 30;
const TITLE_H: i32 = 34;
const PAD: i32 = 8;
const GAP: i32 = 4;
const MIN_NODE_H: i32 = 96;
/// The most characters of the command shown on a taken edge.
const MAX_COMMAND_CHARS: usize = 30;
/// How far the two lines of a two-way pair (`pause`/`unpause`) sit from each other's middle.
const PAIR: i32 = 12;

/// The whole state machine, ready to draw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Machine {
    /// Width of the user space.
    pub width: i32,
    /// Height of the user space.
    pub height: i32,
    /// One node per state, in a fixed order.
    pub nodes: Vec<StateNode>,
    /// The legal transitions, then any other transition the last command took.
    pub edges: Vec<Edge>,
    /// The containers drawn, node by node, plus the ones the last command removed.
    pub tokens: Vec<Token>,
}

/// One state's node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StateNode {
    /// The state.
    pub state: ContainerStatus,
    /// Where the node is.
    pub rect: Rect,
    /// How many containers are in this state (for `removed`: removed by the last command).
    pub count: usize,
    /// How many of them are not drawn.
    pub more: usize,
    /// Where the "+N" cell goes when `more > 0`.
    pub more_rect: Option<Rect>,
    /// Whether a token arrived here with the last command (the view makes it pulse).
    pub active: bool,
}

/// Where a label's text hangs from its point, as SVG's `text-anchor` says it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// The text starts at the point.
    Start,
    /// The text is centred on the point.
    Middle,
    /// The text ends at the point.
    End,
}

impl Anchor {
    /// The `text-anchor` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// One transition between two states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edge {
    /// Where it starts.
    pub from: ContainerStatus,
    /// Where it ends (the view puts the arrowhead here).
    pub to: ContainerStatus,
    /// SVG path data (`M x y L x y ...`).
    pub path: String,
    /// The docker commands (or causes) that take it: `stop · kill`, `rm`; empty for a
    /// transition outside the usual diagram.
    pub label: &'static str,
    /// Where the label goes.
    pub label_at: Point,
    /// How the label hangs from `label_at`.
    pub anchor: Anchor,
    /// Where the command goes when the edge is taken: a command is much wider than a label,
    /// so edges between nodes of one row put it above or below the row, off the tokens.
    pub command_at: Point,
    /// How the command hangs from `command_at`.
    pub command_anchor: Anchor,
    /// Whether a container took it during the last command.
    pub taken: bool,
    /// The command line that made a container take it (`docker stop web`, cut to 30
    /// characters), or empty.
    pub command: String,
    /// Whether docker's lifecycle has this transition in its usual picture (the others are
    /// drawn only while taken).
    pub legal: bool,
}

/// One container in its state's node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// The container's full ID (a stable key for the view).
    pub id: String,
    /// Its full name (for the tooltip and the DOM's `data-name`).
    pub name: String,
    /// The name cut to fit the token.
    pub label: String,
    /// Its state now ([`ContainerStatus::Removed`] for one the last command removed).
    pub state: ContainerStatus,
    /// Where the token is.
    pub rect: Rect,
    /// Font size of the label.
    pub font: i32,
    /// Top-left corners the token passed through during the last command, oldest first,
    /// ending before `rect`: the view animates it along them. Empty when it did not move.
    pub via: Vec<Point>,
    /// Whether the last command created it.
    pub entering: bool,
    /// Whether the last command removed it (drawn once in `removed`, fading out).
    pub leaving: bool,
}

/// How tokens are packed in a node with `cells` cells: columns, token height, font size.
struct Grid {
    cols: i32,
    h: i32,
    font: i32,
}

impl Grid {
    fn for_cells(cells: usize) -> Grid {
        match cells {
            0..=4 => Grid { cols: 1, h: 22, font: 12 },
            // Two columns at most, and never below 11 px (the page draws one user unit per
            // pixel): three columns of 11 px text could show only six letters of a name, so
            // a crowded node grows taller instead.
            _ => Grid { cols: 2, h: 20, font: 11 },
        }
    }

    fn token_w(&self) -> i32 {
        (NODE_W - 2 * PAD - (self.cols - 1) * GAP) / self.cols
    }

    /// The characters of a name that fit on a token (monospace, about 0.6 em per character).
    fn max_chars(&self) -> usize {
        let usable = self.token_w() - 8;
        (usable * 10 / (self.font * 6)).max(3) as usize
    }

    fn rows(&self, cells: usize) -> i32 {
        let cols = self.cols as usize;
        cells.div_ceil(cols) as i32
    }

    fn node_h(&self, cells: usize) -> i32 {
        let rows = self.rows(cells);
        (TITLE_H + rows * (self.h + GAP) - GAP + PAD).max(MIN_NODE_H)
    }

    /// The `i`th cell of a node at `node`.
    fn cell(&self, node: &Rect, i: usize) -> Rect {
        let cols = self.cols as usize;
        let (col, row) = ((i % cols) as i32, (i / cols) as i32);
        let w = self.token_w();
        Rect { x: node.x + PAD + col * (w + GAP), y: node.y + TITLE_H + row * (self.h + GAP), w, h: self.h }
    }
}

/// Column and row of each state on the grid.
fn cell_of(state: ContainerStatus) -> (i32, i32) {
    match state {
        ContainerStatus::Created => (0, 0),
        ContainerStatus::Running => (1, 0),
        ContainerStatus::Paused => (2, 0),
        ContainerStatus::Restarting => (0, 1),
        ContainerStatus::Exited => (1, 1),
        ContainerStatus::Dead => (2, 1),
        ContainerStatus::Removed => (1, 2),
    }
}

fn slot(state: ContainerStatus) -> usize {
    match state {
        ContainerStatus::Created => 0,
        ContainerStatus::Running => 1,
        ContainerStatus::Paused => 2,
        ContainerStatus::Restarting => 3,
        ContainerStatus::Exited => 4,
        ContainerStatus::Dead => 5,
        ContainerStatus::Removed => 6,
    }
}

/// One item to draw in a node: a live container (index into the snapshot) or one the last
/// command removed (index into the paths).
#[derive(Clone, Copy)]
enum Item {
    Live(usize),
    Gone(usize),
}

/// Lays out the state machine for `snapshot`, marking what `events` (the last command's,
/// typed as `command`) moved.
pub fn machine(snapshot: &Snapshot, events: &[Event], command: &str) -> Machine {
    let (paths, by_id) = paths(events);

    // Bucket the containers by state: O(n).
    let mut buckets: [Vec<Item>; 7] = Default::default();
    for (i, c) in snapshot.containers.iter().enumerate() {
        if let Some(b) = buckets.get_mut(slot(c.status)) {
            b.push(Item::Live(i));
        }
    }
    for (i, p) in paths.iter().enumerate() {
        if p.last() == Some(ContainerStatus::Removed) {
            if let Some(b) = buckets.get_mut(slot(ContainerStatus::Removed)) {
                b.push(Item::Gone(i));
            }
        }
    }

    // What each node draws: everything, or the newest MAX_TOKEN_CELLS - 1 and a "+N" cell.
    let mut shown: [&[Item]; 7] = [&[]; 7];
    let mut cells = [0usize; 7];
    for (s, bucket) in buckets.iter().enumerate() {
        let n = bucket.len();
        let drawn = if n > MAX_TOKEN_CELLS { MAX_TOKEN_CELLS - 1 } else { n };
        if let (Some(sh), Some(c)) = (shown.get_mut(s), cells.get_mut(s)) {
            *sh = bucket.get(n - drawn..).unwrap_or(&[]);
            *c = if n > drawn { drawn + 1 } else { drawn };
        }
    }

    // Row heights: every node in a row is as tall as the tallest, so edges between them
    // stay straight.
    let mut row_h = [MIN_NODE_H; 3];
    for state in STATES {
        let (_, row) = cell_of(state);
        let need = Grid::for_cells(cells.get(slot(state)).copied().unwrap_or(0))
            .node_h(cells.get(slot(state)).copied().unwrap_or(0));
        if let Some(h) = row_h.get_mut(row as usize) {
            *h = (*h).max(need);
        }
    }
    let mut row_y = [TOP; 3];
    for r in 1..3 {
        row_y[r] = row_y[r - 1] + row_h[r - 1] + ROW_GAP;
    }

    let mut rects = [Rect::default(); 7];
    for state in STATES {
        let (col, row) = cell_of(state);
        let r = row as usize;
        if let Some(rect) = rects.get_mut(slot(state)) {
            *rect = Rect { x: LEFT + col * (NODE_W + COL_GAP), y: row_y[r], w: NODE_W, h: row_h[r] };
        }
    }
    let rect = |s: ContainerStatus| rects.get(slot(s)).copied().unwrap_or_default();

    // Tokens.
    let mut nodes = Vec::with_capacity(STATES.len());
    let mut tokens = Vec::new();
    let mut active = [false; 7];
    for state in STATES {
        let s = slot(state);
        let node = rect(state);
        let n_cells = cells.get(s).copied().unwrap_or(0);
        let grid = Grid::for_cells(n_cells);
        let items = shown.get(s).copied().unwrap_or(&[]);
        for (i, item) in items.iter().enumerate() {
            let cell = grid.cell(&node, i);
            let token = match *item {
                Item::Live(ci) => {
                    let Some(c) = snapshot.containers.get(ci) else { continue };
                    let path = by_id.get(c.id.as_str()).and_then(|&p| paths.get(p as usize));
                    // Only a path that ends where the container is now can be animated.
                    let path = path.filter(|p| p.last() == Some(c.status));
                    Token {
                        id: c.id.clone(),
                        name: c.name.clone(),
                        label: truncate(&c.name, grid.max_chars()),
                        state,
                        rect: cell,
                        font: grid.font,
                        via: path.map(|p| via(p, &cell, &rect)).unwrap_or_default(),
                        entering: path.is_some_and(|p| p.created),
                        leaving: false,
                    }
                }
                Item::Gone(pi) => {
                    let Some(p) = paths.get(pi) else { continue };
                    Token {
                        id: p.id.to_string(),
                        name: p.name.to_string(),
                        label: truncate(p.name, grid.max_chars()),
                        state,
                        rect: cell,
                        font: grid.font,
                        via: via(p, &cell, &rect),
                        entering: p.created,
                        leaving: true,
                    }
                }
            };
            if !token.via.is_empty() {
                if let Some(a) = active.get_mut(s) {
                    *a = true;
                }
            }
            tokens.push(token);
        }
        let count = buckets.get(s).map_or(0, Vec::len);
        let more = count - items.len();
        nodes.push(StateNode {
            state,
            rect: node,
            count,
            more,
            more_rect: (more > 0).then(|| grid.cell(&node, items.len())),
            active: false,
        });
    }
    for (node, a) in nodes.iter_mut().zip(active) {
        node.active = a;
    }

    // Edges: the legal ones, then the taken ones the picture lacks. The command is cut to
    // what fits beside an edge; the caption shows it whole.
    let command = truncate(command, MAX_COMMAND_CHARS);
    let mut edges = legal_edges(&rect);
    for p in &paths {
        for pair in p.states.windows(2) {
            let [from, to] = [pair[0], pair[1]];
            match edges.iter_mut().find(|e| e.from == from && e.to == to) {
                Some(e) => {
                    if !e.taken {
                        e.taken = true;
                        e.command = command.clone();
                    }
                }
                None => {
                    let mut e = straight(from, to, "", &rect);
                    e.legal = false;
                    e.taken = true;
                    e.command = command.clone();
                    edges.push(e);
                }
            }
        }
    }

    let height = row_y[2] + row_h[2] + TOP;
    Machine { width: LEFT + 3 * NODE_W + 2 * COL_GAP + TOP, height, nodes, edges, tokens }
}

/// The top-left corners a token of `cell`'s size passes through: the middle of each earlier
/// state's node.
fn via(path: &Path<'_>, cell: &Rect, rect: &impl Fn(ContainerStatus) -> Rect) -> Vec<Point> {
    let n = path.states.len();
    if n < 2 {
        return Vec::new();
    }
    path.states
        .iter()
        .take(n - 1)
        .map(|&s| {
            let r = rect(s);
            let c = Point { x: r.x + r.w / 2, y: r.y + TITLE_H + (r.h - TITLE_H) / 2 };
            Point { x: c.x - cell.w / 2, y: c.y - cell.h / 2 }
        })
        .collect()
}

fn edge(
    from: ContainerStatus,
    to: ContainerStatus,
    path: String,
    label: &'static str,
    label_at: Point,
    anchor: Anchor,
) -> Edge {
    Edge {
        from,
        to,
        path,
        label,
        label_at,
        anchor,
        command_at: label_at,
        command_anchor: anchor,
        taken: false,
        command: String::new(),
        legal: true,
    }
}

impl Edge {
    /// The same edge with its command placed elsewhere than its label.
    fn command_at(mut self, at: Point, anchor: Anchor) -> Edge {
        self.command_at = at;
        self.command_anchor = anchor;
        self
    }
}

fn line(points: &[Point]) -> String {
    let mut d = String::new();
    for (i, p) in points.iter().enumerate() {
        d.push_str(if i == 0 { "M" } else { " L" });
        d.push(' ');
        d.push_str(&p.x.to_string());
        d.push(' ');
        d.push_str(&p.y.to_string());
    }
    d
}

fn p(x: i32, y: i32) -> Point {
    Point { x, y }
}

/// Docker's lifecycle, drawn so that no two edges cross.
fn legal_edges(rect: &impl Fn(ContainerStatus) -> Rect) -> Vec<Edge> {
    use ContainerStatus::*;
    let (cre, run, pau) = (rect(Created), rect(Running), rect(Paused));
    let (res, exi, dead, rem) = (rect(Restarting), rect(Exited), rect(Dead), rect(Removed));
    let top_mid = cre.y + cre.h / 2;
    let mid_row = exi.y + exi.h / 2;
    let rem_mid = rem.y + rem.h / 2;
    let run_cx = run.x + run.w / 2;
    let gap_mid = (run.bottom() + exi.y) / 2;
    // Commands of the edges within a row go above the first row or below the second, off
    // the tokens.
    let below_x = (res.right() + exi.x) / 2;
    let mut edges = vec![
        edge(
            Created,
            Running,
            line(&[p(cre.right(), top_mid), p(run.x, top_mid)]),
            "start",
            p((cre.right() + run.x) / 2, top_mid - 8),
            Anchor::Middle,
        )
        .command_at(p((cre.right() + run.x) / 2, TOP - 10), Anchor::Middle),
        edge(
            Running,
            Paused,
            line(&[p(run.right(), top_mid - PAIR), p(pau.x, top_mid - PAIR)]),
            "pause",
            p((run.right() + pau.x) / 2, top_mid - PAIR - 6),
            Anchor::Middle,
        )
        .command_at(p((run.right() + pau.x) / 2, TOP - 10), Anchor::Middle),
        edge(
            Paused,
            Running,
            line(&[p(pau.x, top_mid + PAIR), p(run.right(), top_mid + PAIR)]),
            "unpause",
            p((run.right() + pau.x) / 2, top_mid + PAIR + 15),
            Anchor::Middle,
        ),
        edge(
            Running,
            Exited,
            line(&[p(run_cx - 30, run.bottom()), p(run_cx - 30, exi.y)]),
            "stop · kill",
            p(run_cx - 36, gap_mid + 4),
            Anchor::End,
        ),
        edge(
            Exited,
            Running,
            line(&[p(run_cx + 30, exi.y), p(run_cx + 30, run.bottom())]),
            "start · restart",
            p(run_cx + 36, gap_mid + 4),
            Anchor::Start,
        ),
        edge(
            Exited,
            Restarting,
            line(&[p(exi.x, mid_row - PAIR), p(res.right(), mid_row - PAIR)]),
            "--restart",
            p((res.right() + exi.x) / 2, mid_row - PAIR - 6),
            Anchor::Middle,
        )
        .command_at(p(below_x, exi.bottom() + 18), Anchor::Middle),
        edge(
            Restarting,
            Exited,
            line(&[p(res.right(), mid_row + PAIR), p(exi.x, mid_row + PAIR)]),
            "stop",
            p((res.right() + exi.x) / 2, mid_row + PAIR + 15),
            Anchor::Middle,
        )
        .command_at(p(below_x, exi.bottom() + 36), Anchor::Middle),
    ];
    // The diagonals' labels sit near their ends, clear of the vertical pair's labels.
    let a = p(res.right() - 24, res.y);
    let b = p(run.x + 24, run.bottom());
    edges.push(edge(
        Restarting,
        Running,
        line(&[a, b]),
        "start",
        p(a.x + (b.x - a.x) / 4 - 6, a.y + (b.y - a.y) / 4),
        Anchor::End,
    ));
    let a = p(pau.x + 24, pau.bottom());
    let b = p(exi.right() - 24, exi.y);
    edges.push(edge(
        Paused,
        Exited,
        line(&[a, b]),
        "stop · kill",
        p(a.x + (b.x - a.x) / 3 + 6, a.y + (b.y - a.y) / 3),
        Anchor::Start,
    ));
    let round = LEFT / 2;
    edges.push(edge(
        Created,
        Removed,
        line(&[p(cre.x, top_mid), p(round, top_mid), p(round, rem_mid), p(rem.x, rem_mid)]),
        "rm",
        p(rem.x - 8, rem_mid - 6),
        Anchor::End,
    ));
    edges.push(edge(
        Exited,
        Removed,
        line(&[p(run_cx, exi.bottom()), p(run_cx, rem.y)]),
        "rm",
        p(run_cx + 6, (exi.bottom() + rem.y) / 2 + 4),
        Anchor::Start,
    ));
    let dx = dead.x + dead.w / 2;
    let y = (dead.bottom() + rem_mid) / 2 + 4;
    // The right-hand column has no room for a command to its right.
    edges.push(
        edge(
            Dead,
            Removed,
            line(&[p(dx, dead.bottom()), p(dx, rem_mid), p(rem.right(), rem_mid)]),
            "rm",
            p(dx + 6, y),
            Anchor::Start,
        )
        .command_at(p(dx - 6, y), Anchor::End),
    );
    edges
}

/// A straight edge between the borders of two nodes, for transitions the picture lacks.
fn straight(
    from: ContainerStatus,
    to: ContainerStatus,
    label: &'static str,
    rect: &impl Fn(ContainerStatus) -> Rect,
) -> Edge {
    let (a, b) = (rect(from), rect(to));
    let (ca, cb) = (a.center(), b.center());
    let start = border_point(&a, cb);
    let end = border_point(&b, ca);
    let mid = p((start.x + end.x) / 2, (start.y + end.y) / 2 - 6);
    edge(from, to, line(&[start, end]), label, mid, Anchor::Middle)
}

/// Where the line from `r`'s centre towards `toward` leaves `r`.
fn border_point(r: &Rect, toward: Point) -> Point {
    let c = r.center();
    let (dx, dy) = ((toward.x - c.x) as i64, (toward.y - c.y) as i64);
    if dx == 0 && dy == 0 {
        return c;
    }
    let (hw, hh) = ((r.w / 2) as i64, (r.h / 2) as i64);
    // Scale (dx, dy) so that it just reaches the nearer pair of sides.
    let (x, y) = if dx.abs() * hh > dy.abs() * hw {
        (hw * dx.signum(), dy * hw / dx.abs().max(1))
    } else {
        (dx * hh / dy.abs().max(1), hh * dy.signum())
    };
    p(c.x + x as i32, c.y + y as i32)
}
