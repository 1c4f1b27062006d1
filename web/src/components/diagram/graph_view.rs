//! The object graph as SVG: images and host ports → containers → volumes and networks.
//!
//! Positions come from `whalelab_core::diagram::graph`. Boxes and arrows are keyed by the
//! objects they stand for, so an object that stays keeps its element; `entering` and
//! `leaving` classes let `diagram.css` fade objects in and out. This module must not compute
//! layout itself.

use std::rc::Rc;

use whalelab_core::diagram::{graph, GraphEdge, GraphNode, ObjectType, ProjectFrame, Section};
use whalelab_core::{Event, Snapshot};
use yew::prelude::*;

use crate::i18n;

/// Props of [`GraphView`].
#[derive(Properties, PartialEq)]
pub struct GraphViewProps {
    /// The engine as of the last command.
    pub snapshot: Rc<Snapshot>,
    /// What the last command changed.
    pub events: Rc<Vec<Event>>,
}

/// The object graph.
#[function_component(GraphView)]
pub fn graph_view(props: &GraphViewProps) -> Html {
    let g = use_memo((props.snapshot.clone(), props.events.clone()), |(s, e)| graph(s, e));
    let view_box = format!("0 0 {} {}", g.width, g.height);
    html! {
        <svg id="diagram-graph" class="diagram-svg graph" viewBox={view_box}
            width={g.width.to_string()} height={g.height.to_string()}
            role="img" aria-label={i18n::DIAGRAM_GRAPH_LABEL}>
            <defs>
                <marker id="dg-arrow" class="arrowhead" viewBox="0 0 10 10" refX="9" refY="5"
                    markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" />
                </marker>
            </defs>
            <g class="sections">{ for g.sections.iter().map(section) }</g>
            <g class="projects">{ for g.frames.iter().map(frame) }</g>
            <g class="links">{ for g.edges.iter().map(link) }</g>
            <g class="objects">{ for g.nodes.iter().map(object) }</g>
        </svg>
    }
}

fn section(s: &Section) -> Html {
    let title = match s.kind {
        ObjectType::Image => i18n::GRAPH_IMAGES,
        ObjectType::Port => i18n::GRAPH_PORTS,
        ObjectType::Container => i18n::GRAPH_CONTAINERS,
        ObjectType::Volume => i18n::GRAPH_VOLUMES,
        ObjectType::Network => i18n::GRAPH_NETWORKS,
    };
    html! {
        <text class="section-title" x={s.title_at.x.to_string()} y={s.title_at.y.to_string()}>
            { format!("{title} ({})", s.count) }
        </text>
    }
}

/// A compose project's frame, its name on the top edge.
fn frame(f: &ProjectFrame) -> Html {
    html! {
        <g key={f.project.clone()} class="project" data-project={f.project.clone()}>
            { for f.parts.iter().map(|r| html! {
                <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} />
            }) }
            <text class="project-label" x={f.label_at.x.to_string()} y={f.label_at.y.to_string()}>
                { format!("{} {}", i18n::GRAPH_PROJECT, f.project) }
            </text>
        </g>
    }
}

fn link(e: &GraphEdge) -> Html {
    html! {
        <g key={e.key.clone()} class={classes!("link", format!("link-{}", e.kind.as_str()), e.entering.then_some("entering"))}>
            <path d={e.path.clone()} marker-end="url(#dg-arrow)" />
            if !e.label.is_empty() {
                <text class="link-label" x={e.label_at.x.to_string()} y={e.label_at.y.to_string()} text-anchor="middle">
                    { e.label.clone() }
                </text>
            }
        </g>
    }
}

fn object(n: &GraphNode) -> Html {
    let r = n.rect;
    let state = n.state.map(|s| format!("state-{}", s.as_str()));
    let detail = match n.state {
        Some(s) => i18n::state_label(s).to_string(),
        None => n.detail.clone(),
    };
    html! {
        <g key={n.key.clone()}
            class={classes!("obj", format!("obj-{}", n.kind.as_str()), state, (n.more > 0).then_some("more"),
                n.entering.then_some("entering"), n.leaving.then_some("leaving"))}
            data-key={n.key.clone()}>
            <title>{ n.title.clone() }</title>
            <rect x={r.x.to_string()} y={r.y.to_string()} width={r.w.to_string()} height={r.h.to_string()} rx="6" />
            <text class="obj-label" x={(r.x + 8).to_string()} y={(r.y + r.h * 2 / 3).to_string()}>{ n.label.clone() }</text>
            if !detail.is_empty() {
                <text class="obj-detail" x={(r.right() - 8).to_string()} y={(r.y + r.h * 2 / 3).to_string()}
                    text-anchor="end">{ detail }</text>
            }
        </g>
    }
}
