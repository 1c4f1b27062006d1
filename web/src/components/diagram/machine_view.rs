//! The lifecycle state diagram as SVG: state nodes, transition edges, and one token per
//! container (`#diagram-machine .token[data-name][data-state]`).
//!
//! Positions come from `whalelab_core::diagram::machine`. A token that moved during the last
//! command gets a `hopN` class and its earlier positions as CSS variables (`--x0`, `--y0`,
//! ...), which `diagram.css` turns into a short animation along the edges it took; the taken
//! edges show the command, in a layer above everything else. Tokens live in one `<g>` keyed by container, so Yew keeps the same
//! element as long as the container stays put. This module must not compute layout itself.

use std::fmt::Write as _;
use std::rc::Rc;

use whalelab_core::diagram::{machine, Edge, StateNode, Token};
use whalelab_core::{Event, Snapshot};
use yew::prelude::*;

use crate::i18n;

/// Props of [`MachineView`].
#[derive(Properties, PartialEq)]
pub struct MachineViewProps {
    /// The engine as of the last command.
    pub snapshot: Rc<Snapshot>,
    /// What the last command changed.
    pub events: Rc<Vec<Event>>,
    /// The last command line.
    pub command: AttrValue,
    /// Bumped with every command (keys moved tokens, so their animation restarts).
    pub revision: u64,
}

/// The most earlier positions a token's animation goes through (the CSS has `hop1`..`hop3`).
const MAX_HOPS: usize = 3;

/// The state machine.
#[function_component(MachineView)]
pub fn machine_view(props: &MachineViewProps) -> Html {
    let m =
        use_memo((props.snapshot.clone(), props.events.clone(), props.command.clone()), |(s, e, c)| machine(s, e, c));
    let view_box = format!("0 0 {} {}", m.width, m.height);
    html! {
        <svg id="diagram-machine" class="diagram-svg machine" viewBox={view_box}
            width={m.width.to_string()} height={m.height.to_string()}
            role="img" aria-label={i18n::DIAGRAM_MACHINE_LABEL}>
            <defs>
                <marker id="dm-arrow" class="arrowhead" viewBox="0 0 10 10" refX="9" refY="5"
                    markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
                <marker id="dm-arrow-taken" class="arrowhead taken" viewBox="0 0 10 10" refX="9" refY="5"
                    markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            <g class="edges">{ for m.edges.iter().map(edge) }</g>
            <g class="nodes">{ for m.nodes.iter().map(node) }</g>
            <g class="tokens">{ for m.tokens.iter().map(|t| token(t, props.revision)) }</g>
            // The commands on taken edges go on top, where no node or token hides them.
            <g class="edge-commands">{ for m.edges.iter().filter(|e| e.taken).map(edge_command) }</g>
        </svg>
    }
}

fn edge(e: &Edge) -> Html {
    let marker = if e.taken { "url(#dm-arrow-taken)" } else { "url(#dm-arrow)" };
    html! {
        <g class={classes!("edge", e.taken.then_some("taken"), (!e.legal).then_some("extra"))}
            data-from={e.from.as_str()} data-to={e.to.as_str()}>
            <path d={e.path.clone()} marker-end={marker} />
            if !e.taken && !e.label.is_empty() {
                <text class="edge-label" x={e.label_at.x.to_string()} y={e.label_at.y.to_string()}
                    text-anchor={e.anchor.as_str()}>{ e.label }</text>
            }
        </g>
    }
}

/// The command that took a taken edge, or its usual label when there is no command.
fn edge_command(e: &Edge) -> Html {
    let text = if e.command.is_empty() { e.label.to_string() } else { e.command.clone() };
    html! {
        <text class="edge-command" data-from={e.from.as_str()} data-to={e.to.as_str()}
            x={e.command_at.x.to_string()} y={e.command_at.y.to_string()} text-anchor={e.command_anchor.as_str()}>{ text }</text>
    }
}

fn node(n: &StateNode) -> Html {
    let state = n.state.as_str();
    let r = n.rect;
    let count = if n.count > 0 {
        format!("{} · {}", i18n::state_label(n.state), n.count)
    } else {
        i18n::state_label(n.state).to_string()
    };
    html! {
        <g class={classes!("state-node", format!("state-{state}"), n.active.then_some("active"))} data-state={state}>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="10" />
            <text class="state-name" x={(r.x + 10).to_string()} y={(r.y + 22).to_string()}>{ state }</text>
            <text class="state-ko" x={(r.right() - 10).to_string()} y={(r.y + 22).to_string()} text-anchor="end">{ count }</text>
            if let Some(more) = n.more_rect {
                <text class="more" x={(more.x + more.w / 2).to_string()} y={(more.y + more.h * 3 / 4).to_string()}
                    text-anchor="middle">{ format!("+{}", n.more) }</text>
            }
        </g>
    }
}

fn token(t: &Token, revision: u64) -> Html {
    let state = t.state.as_str();
    let mut style = format!("transform: translate({}px, {}px)", t.rect.x, t.rect.y);
    let hops = t.via.len().min(MAX_HOPS);
    for (i, p) in t.via.iter().skip(t.via.len() - hops).enumerate() {
        let _ = write!(style, "; --x{i}: {}px; --y{i}: {}px", p.x, p.y);
    }
    // A token that moved is a new element, so its animation runs even if it took the same
    // way last time.
    let key = if hops > 0 { format!("{}@{revision}", t.id) } else { t.id.clone() };
    let class = classes!(
        "token",
        format!("state-{state}"),
        (hops > 0).then(|| format!("hop{hops}")),
        (t.entering && hops == 0).then_some("entering"),
        t.leaving.then_some("leaving"),
    );
    html! {
        <g {key} {class} style={style} data-name={t.name.clone()} data-state={state}>
            <title>{ format!("{} ({state})", t.name) }</title>
            <rect width={t.rect.w.to_string()} height={t.rect.h.to_string()} rx="4" />
            <text x="5" y={(t.rect.h * 7 / 10).to_string()} font-size={t.font.to_string()}>{ t.label.clone() }</text>
        </g>
    }
}
