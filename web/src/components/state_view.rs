//! The state view (`#state-view`): every container as a box with its name, image, ports and
//! state, coloured per state, then the images (tags and size), volumes and networks, redrawn
//! from the snapshot after each command.
//!
//! The plain list beside the lifecycle diagram (`components::diagram`), which shows it as its
//! "목록" tab. It stays in the DOM while another tab is shown (`hidden`): each box carries
//! `data-name` and `data-state` (docker's lower-case state), the end-to-end tests' contract.
//! This module must not read the session or change state.

use std::rc::Rc;

use whalelab_core::snapshot::{ContainerStatus, ContainerView, PortView, Snapshot};
use yew::prelude::*;

use crate::i18n;

/// Props of [`StateView`].
#[derive(Properties, PartialEq)]
pub struct StateViewProps {
    /// The engine as of the last command.
    pub snapshot: Rc<Snapshot>,
    /// Kept in the DOM but not shown (another diagram tab is open).
    #[prop_or_default]
    pub hidden: bool,
}

/// The containers, oldest first.
#[function_component(StateView)]
pub fn state_view(props: &StateViewProps) -> Html {
    let snapshot = &props.snapshot;
    html! {
        <section id="state-view" class="state-view" aria-label={i18n::STATE_VIEW_TITLE} hidden={props.hidden}>
            <h3 class="pane-title">{ i18n::list_heading(i18n::STATE_VIEW_TITLE, snapshot.containers.len()) }</h3>
            if !snapshot.daemon_running {
                <p class="daemon-stopped" role="status">{ i18n::DAEMON_STOPPED }</p>
            }
            if snapshot.containers.is_empty() {
                <p class="state-empty">{ i18n::STATE_VIEW_EMPTY }</p>
            } else {
                <ul class="container-list">
                    { for snapshot.containers.iter().map(container_box) }
                </ul>
            }
            { objects("image-list", i18n::GRAPH_IMAGES, snapshot.images.iter().map(|i| {
                let tags = if i.tags.is_empty() { "<none>".to_string() } else { i.tags.join(", ") };
                (tags, whalelab_core::human_size(i.size))
            }).collect()) }
            { objects("volume-list", i18n::GRAPH_VOLUMES, snapshot.volumes.iter().map(|v| (v.name.clone(), String::new())).collect()) }
            { objects("network-list", i18n::GRAPH_NETWORKS, snapshot.networks.iter().map(|n| (n.name.clone(), n.driver.clone())).collect()) }
        </section>
    }
}

fn container_box(c: &ContainerView) -> Html {
    let state = c.status.as_str();
    let short_id: String = c.id.chars().take(12).collect();
    html! {
        <li key={c.id.clone()} class={classes!("container-box", format!("state-{state}"))}
            data-name={c.name.clone()} data-state={state}>
            <div class="container-head">
                <span class="container-name">{ c.name.clone() }</span>
                <span class="container-state">
                    <span class="state-ko">{ i18n::state_label(c.status) }</span>
                    <span class="state-en">{ english_state(c) }</span>
                </span>
            </div>
            <dl class="container-facts">
                <dt>{ i18n::IMAGE_LABEL }</dt>
                <dd class="container-image">{ c.image.clone() }</dd>
                if !c.ports.is_empty() {
                    <dt>{ i18n::PORTS_LABEL }</dt>
                    <dd class="container-ports">{ c.ports.iter().map(port_text).collect::<Vec<_>>().join(", ") }</dd>
                }
            </dl>
            <code class="container-id">{ short_id }</code>
        </li>
    }
}

/// Docker's own word for the state, with the exit code once the container has stopped.
fn english_state(c: &ContainerView) -> String {
    match c.status {
        ContainerStatus::Exited => format!("exited ({})", c.exit_code),
        other => other.as_str().to_string(),
    }
}

/// `0.0.0.0:8080→80/tcp`, docker's `PORTS` notation with a real arrow.
fn port_text(p: &PortView) -> String {
    format!("{}:{}→{}/{}", p.host_ip, p.host_port, p.container_port, p.proto)
}

/// A heading with the count, then one row per object: its name and a detail (size, driver).
fn objects(id: &'static str, title: &str, rows: Vec<(String, String)>) -> Html {
    html! {
        <>
            <h3 class="pane-title">{ i18n::list_heading(title, rows.len()) }</h3>
            <ul {id} class="object-list">
                { for rows.into_iter().map(|(name, detail)| html! {
                    <li class="object-item">
                        <code class="object-name">{ name }</code>
                        <span class="object-detail">{ detail }</span>
                    </li>
                }) }
            </ul>
        </>
    }
}
