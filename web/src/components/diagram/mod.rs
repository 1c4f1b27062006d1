//! The diagram pane: tabs between the lifecycle state diagram, the object graph, the plain
//! list of containers, images, volumes and networks, and the files of the shell's directory
//! ([`FilesView`]), and an aria-live caption that says in Korean what the last command changed.
//!
//! The tabs follow the WAI-ARIA tabs pattern: one tab stop (the selected tab), ←/→ (and
//! Home/End) move to and select the neighbouring tab, the panel is labelled by its tab.
//!
//! Layout comes from `whalelab_core::diagram` (pure, unit-tested natively); these components
//! only turn it into SVG elements and CSS classes (`web/style/diagram.css` animates them).
//! Text goes in as text nodes, never as HTML. The list tab is the [`StateView`], which stays
//! in the DOM while hidden, because `#state-view .container-box[data-name][data-state]` is the
//! end-to-end tests' contract. This module must not read the session or change state (the
//! files tab's hook reads its directory through `state::files`).

pub mod graph_view;
pub mod machine_view;

use std::rc::Rc;

use whalelab_core::diagram::describe;
use whalelab_core::{Event, Snapshot};
use yew::prelude::*;

use crate::components::files_view::use_files;
use crate::components::state_view::StateView;
use crate::i18n;
use graph_view::GraphView;
use machine_view::MachineView;

/// Props of [`DiagramPane`].
#[derive(Properties, PartialEq)]
pub struct DiagramPaneProps {
    /// The engine as of the last command.
    pub snapshot: Rc<Snapshot>,
    /// What the last command changed, oldest first.
    pub events: Rc<Vec<Event>>,
    /// The last command line (`docker stop web`), shown on the edges it made tokens take.
    #[prop_or_default]
    pub command: AttrValue,
    /// Bumped with every command, so a token that takes the same edge twice animates twice.
    #[prop_or_default]
    pub revision: u64,
}

/// Which picture the pane shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Machine,
    Graph,
    List,
    Files,
}

/// The tabs, the active picture and the caption.
#[function_component(DiagramPane)]
pub fn diagram_pane(props: &DiagramPaneProps) -> Html {
    let tab = use_state(|| Tab::Machine);
    let lines = use_memo(props.events.clone(), |events| i18n::caption_lines(&describe(events)));
    let files = use_files(*tab == Tab::Files);

    let tabs = [
        (Tab::Machine, i18n::DIAGRAM_TAB_MACHINE, "diagram-tab-machine"),
        (Tab::Graph, i18n::DIAGRAM_TAB_GRAPH, "diagram-tab-graph"),
        (Tab::List, i18n::DIAGRAM_TAB_LIST, "diagram-tab-list"),
        (Tab::Files, i18n::DIAGRAM_TAB_FILES, "diagram-tab-files"),
    ];
    let selected_id = tabs.iter().find(|t| t.0 == *tab).map_or("", |t| t.2);
    let list = use_node_ref();
    // Arrow keys move the selection (and the focus) along the tabs, wrapping around.
    let onkeydown = {
        let tab = tab.clone();
        let list = list.clone();
        Callback::from(move |e: KeyboardEvent| {
            let at = tabs.iter().position(|t| t.0 == *tab).unwrap_or(0);
            let next = match e.key().as_str() {
                "ArrowRight" => (at + 1) % tabs.len(),
                "ArrowLeft" => (at + tabs.len() - 1) % tabs.len(),
                "Home" => 0,
                "End" => tabs.len() - 1,
                _ => return,
            };
            e.prevent_default();
            tab.set(tabs[next].0);
            let button = list
                .cast::<web_sys::Element>()
                .and_then(|l| l.query_selector(&format!("#{}", tabs[next].2)).ok().flatten());
            if let Some(button) = button.and_then(|b| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(b).ok()) {
                let _ = button.focus();
            }
        })
    };
    let tab_button = |(which, label, id): (Tab, &'static str, &'static str)| {
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(which))
        };
        let selected = *tab == which;
        html! {
            <button type="button" role="tab" id={id} class={classes!("diagram-tab", selected.then_some("selected"))}
                aria-selected={if selected { "true" } else { "false" }} aria-controls="diagram-panel"
                tabindex={if selected { "0" } else { "-1" }} {onclick}>{ label }</button>
        }
    };

    html! {
        <section class="diagram-pane" aria-label={i18n::DIAGRAM_PANE_LABEL}>
            <div class="diagram-tabs" role="tablist" aria-label={i18n::DIAGRAM_PANE_LABEL} ref={list} {onkeydown}>
                { for tabs.into_iter().map(tab_button) }
            </div>
            <p class="diagram-announce" aria-live="polite" aria-atomic="true">
                if !lines.is_empty() {
                    // Real punctuation between the parts, so a screen reader pauses there.
                    <span class="announce-command">{ props.command.clone() }</span>{ ": " }
                    { for lines.iter().enumerate().map(|(i, l)| html! {
                        <>
                            if i > 0 { { " · " } }
                            <span class="announce-line">{ l.clone() }</span>
                        </>
                    }) }
                }
            </p>
            <div id="diagram-panel" class="diagram-body" role="tabpanel" aria-labelledby={selected_id} tabindex="0">
                if *tab == Tab::Machine {
                    <MachineView snapshot={props.snapshot.clone()} events={props.events.clone()}
                        command={props.command.clone()} revision={props.revision} />
                }
                if *tab == Tab::Graph {
                    <GraphView snapshot={props.snapshot.clone()} events={props.events.clone()} />
                }
                <StateView snapshot={props.snapshot.clone()} hidden={*tab != Tab::List} />
                { files }
            </div>
        </section>
    }
}
