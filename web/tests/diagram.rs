//! Component tests of the diagram pane in headless Chromium: mount the app, type docker
//! commands as a learner would, and wait for the SVG tokens, the object graph and the
//! aria-live caption to follow.
//!
//! Every wait polls a condition with a 5 s limit, never a fixed sleep, and every query is
//! scoped to the test's own root. These tests must not depend on `content/` being served.

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};
use whalelab_web::{App, AppProps};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

/// Mounts the app with a fixed seed on a clean slate (nothing saved by an earlier test).
fn mount_app() -> Mounted<App> {
    local_storage().clear().expect("clear localStorage");
    mount::<App>(AppProps { seed: Some(7), catalogue: Some(catalogue()), ..AppProps::default() })
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).map(|l| l.length()).unwrap_or(0)
}

fn text(root: &Element, selector: &str) -> String {
    query(root, selector).and_then(|e| e.text_content()).unwrap_or_default()
}

fn click(root: &Element, selector: &str) {
    query(root, selector).and_then(|e| e.dyn_into::<HtmlElement>().ok()).expect(selector).click();
}

fn has_class(e: &Element, class: &str) -> bool {
    e.get_attribute("class").unwrap_or_default().split_whitespace().any(|c| c == class)
}

fn attr_i32(e: &Element, name: &str) -> i32 {
    e.get_attribute(name).and_then(|v| v.parse().ok()).unwrap_or(i32::MIN)
}

/// Where a token sits: its `translate(Xpx, Ypx)`.
fn token_position(token: &Element) -> (i32, i32) {
    let style = token.get_attribute("style").unwrap_or_default();
    let inner = style.split("translate(").nth(1).and_then(|s| s.split(')').next()).unwrap_or("");
    let mut numbers = inner.split(',').map(|n| n.trim().trim_end_matches("px").parse::<i32>().unwrap_or(i32::MIN));
    (numbers.next().unwrap_or(i32::MIN), numbers.next().unwrap_or(i32::MIN))
}

/// Whether the token's top-left corner lies inside the box of the node for `state`.
fn token_is_in_node(root: &Element, token: &Element, state: &str) -> bool {
    let Some(rect) = query(root, &format!("#diagram-machine .state-node.state-{state} rect")) else { return false };
    let (x, y) = token_position(token);
    let (nx, ny) = (attr_i32(&rect, "x"), attr_i32(&rect, "y"));
    let (w, h) = (attr_i32(&rect, "width"), attr_i32(&rect, "height"));
    x >= nx && y >= ny && x < nx + w && y < ny + h
}

#[wasm_bindgen_test]
async fn a_token_follows_web_from_running_to_exited_and_the_caption_says_so() {
    let app = mount_app();
    wait_for("the state diagram", || query(&app.root, "#diagram-machine")).await;
    assert_eq!(count(&app.root, "#diagram-machine .state-node"), 7, "seven states");
    assert_eq!(count(&app.root, "#diagram-machine .token"), 0);

    run(&app.root, "docker run -d --name web httpd").await;
    let token = wait_for("web's token in running", || {
        query(&app.root, "#diagram-machine .token[data-name='web'][data-state='running']")
    })
    .await;
    assert!(token_is_in_node(&app.root, &token, "running"), "{:?}", token.get_attribute("style"));
    assert!(has_class(&token, "hop1"), "it comes from created: {:?}", token.get_attribute("class"));
    let caption = text(&app.root, ".diagram-announce[aria-live='polite']");
    assert!(caption.contains("web: created → running"), "{caption}");

    run(&app.root, "docker stop web").await;
    let token = wait_for("web's token in exited", || {
        query(&app.root, "#diagram-machine .token[data-name='web'][data-state='exited']")
    })
    .await;
    assert!(token_is_in_node(&app.root, &token, "exited"), "{:?}", token.get_attribute("style"));
    assert!(has_class(&token, "hop1"), "{:?}", token.get_attribute("class"));
    assert_eq!(count(&app.root, "#diagram-machine .token[data-name='web']"), 1, "one token per container");
    let caption = wait_for("the caption for docker stop", || {
        let t = text(&app.root, ".diagram-announce[aria-live='polite']");
        t.contains("docker stop web").then_some(t)
    })
    .await;
    assert_eq!(caption, "docker stop web: web: running → exited (실행 중 → 정지됨)");
    assert!(query(&app.root, "#diagram-machine .edge.taken[data-from='running'][data-to='exited']").is_some());
    let taken = text(&app.root, "#diagram-machine .edge-command[data-from='running'][data-to='exited']");
    assert_eq!(taken, "docker stop web", "the edge it took carries the command");
    assert_eq!(count(&app.root, "#diagram-machine .edge.taken"), 1);

    // The list keeps the end-to-end tests' contract while the diagram is shown.
    let list = query(&app.root, "#state-view").expect("the list stays in the DOM");
    assert!(list.has_attribute("hidden"));
    assert!(query(&app.root, "#state-view .container-box[data-name='web'][data-state='exited']").is_some());

    // A command that changes nothing moves nothing and says nothing.
    run(&app.root, "docker ps").await;
    wait_for("an empty caption", || text(&app.root, ".diagram-announce").is_empty().then_some(())).await;
    let token = query(&app.root, "#diagram-machine .token[data-name='web']").expect("web's token");
    assert!(!has_class(&token, "hop1"));
    assert_eq!(count(&app.root, "#diagram-machine .edge.taken"), 0);
}

#[wasm_bindgen_test]
async fn a_removed_container_fades_out_once_and_then_is_gone() {
    let app = mount_app();
    run(&app.root, "docker run -d --name web httpd").await;
    wait_for("web running", || query(&app.root, "#diagram-machine .token[data-name='web'][data-state='running']"))
        .await;
    run(&app.root, "docker rm -f web").await;
    let ghost = wait_for("web's ghost in removed", || {
        query(&app.root, "#diagram-machine .token.leaving[data-name='web'][data-state='removed']")
    })
    .await;
    assert!(token_is_in_node(&app.root, &ghost, "removed"));
    assert_eq!(count(&app.root, "#diagram-machine .token"), 1, "no live token is left");
    run(&app.root, "docker ps").await;
    wait_for("no token at all", || (count(&app.root, "#diagram-machine .token") == 0).then_some(())).await;
}

#[wasm_bindgen_test]
async fn the_tabs_switch_to_the_object_graph_and_the_list() {
    let app = mount_app();
    run(&app.root, "docker run -d --name web -p 8080:80 -v data:/data httpd").await;
    wait_for("web running", || query(&app.root, "#diagram-machine .token[data-name='web']")).await;

    click(&app.root, "#diagram-tab-graph");
    wait_for("the object graph", || query(&app.root, "#diagram-graph")).await;
    assert!(query(&app.root, "#diagram-machine").is_none(), "one picture at a time");
    let selected = query(&app.root, "#diagram-tab-graph").and_then(|b| b.get_attribute("aria-selected"));
    assert_eq!(selected.as_deref(), Some("true"));
    let web = query(&app.root, "#diagram-graph .obj-container.state-running").expect("web's box");
    assert!(web.text_content().unwrap_or_default().contains("web"));
    assert_eq!(text(&app.root, "#diagram-graph .obj-port .obj-label"), "0.0.0.0:8080");
    assert_eq!(text(&app.root, "#diagram-graph .link-port .link-label"), "80/tcp");
    assert_eq!(text(&app.root, "#diagram-graph .link-volume .link-label"), "/data");
    assert_eq!(count(&app.root, "#diagram-graph .link-image"), 1);
    assert_eq!(count(&app.root, "#diagram-graph .link-network"), 1);

    run(&app.root, "docker rm -f web").await;
    wait_for("web's box fading out", || query(&app.root, "#diagram-graph .obj-container.leaving")).await;
    assert_eq!(count(&app.root, "#diagram-graph .link"), 0, "a removed container has no arrows");

    click(&app.root, "#diagram-tab-list");
    wait_for("the list shown", || query(&app.root, "#state-view").filter(|e| !e.has_attribute("hidden"))).await;
    assert!(query(&app.root, "#diagram-graph").is_none());
}
