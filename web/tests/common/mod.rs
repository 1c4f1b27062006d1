//! What every browser test file needs: mounting into a `<div>` of its own with the real
//! stylesheets, waiting for a condition (never a fixed time), querying, typing and pressing
//! keys as a learner would. Each test binary uses a different part of it.
#![allow(dead_code)]

use std::time::Duration;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, KeyboardEvent, KeyboardEventInit};
use yew::AppHandle;

/// How the terminal echoes `command`: after the shell's prompt (`user@docker-host:~$ `).
pub fn echoed(command: &str) -> String {
    format!("{}{command}", whalelab_core::Session::new(Default::default()).prompt())
}

/// The shipped practice registry, embedded by `build.rs` (the site fetches it instead): what
/// the app is given in tests, so they never depend on a server.
pub fn catalogue() -> whalelab_core::Catalogue {
    let files: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/registry_files.rs"));
    let files: Vec<(String, String)> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    let (catalogue, errors) = whalelab_core::Catalogue::from_files(&files);
    assert!(errors.is_empty(), "{errors:?}");
    catalogue
}

/// A component mounted in its own `<div>`, unmounted and removed when dropped.
pub struct Mounted<C: yew::BaseComponent> {
    /// The `<div>` it renders into; queries are scoped to it.
    pub root: Element,
    /// The running component.
    pub handle: Option<AppHandle<C>>,
}

impl<C: yew::BaseComponent> Drop for Mounted<C> {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
    }
}

pub fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

pub fn local_storage() -> web_sys::Storage {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten()).expect("localStorage")
}

/// The real stylesheets, so layout-dependent behaviour (e.g. `white-space: pre`, the
/// diagram's boxes) is tested too.
pub fn ensure_stylesheet() {
    let document = document();
    if document.get_element_by_id("whalelab-css").is_none() {
        let style = document.create_element("style").expect("create style");
        style.set_id("whalelab-css");
        style.set_text_content(Some(concat!(
            include_str!("../../style/main.css"),
            include_str!("../../style/diagram.css")
        )));
        document.head().expect("head").append_child(&style).expect("append style");
    }
}

/// Mounts `C` with `props` into a new `<div>` at the end of `<body>`.
pub fn mount<C: yew::BaseComponent>(props: C::Properties) -> Mounted<C> {
    ensure_stylesheet();
    let root = document().create_element("div").expect("create div");
    document().body().expect("body").append_child(&root).expect("append root");
    let handle = yew::Renderer::<C>::with_root_and_props(root.clone(), props).render();
    Mounted { root, handle: Some(handle) }
}

/// Polls `probe` every 10 ms until it returns `Some`, failing after about 5 s with `what`.
pub async fn wait_for<T>(what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    for _ in 0..500 {
        if let Some(value) = probe() {
            return value;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("timed out after 5 s waiting for {what}");
}

pub fn query(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

pub fn texts(root: &Element, selector: &str) -> Vec<String> {
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).map(|n| n.text_content().unwrap_or_default()).collect()
}

pub async fn input(root: &Element) -> HtmlInputElement {
    wait_for("#terminal-input", || query(root, "#terminal-input")?.dyn_into::<HtmlInputElement>().ok()).await
}

/// Dispatches a keydown that bubbles (Yew listens on the app root).
pub fn key(target: &Element, key: &str, configure: impl FnOnce(&KeyboardEventInit)) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    configure(&init);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("keyboard event");
    target.dispatch_event(&event).expect("dispatch");
}

pub fn press(target: &Element, name: &str) {
    key(target, name, |_| {});
}

/// Types a line into the terminal and presses Enter.
pub async fn run(root: &Element, line: &str) {
    let input = input(root).await;
    input.set_value(line);
    press(&input, "Enter");
}

/// Waits until the terminal has echoed `n` command lines.
pub async fn wait_for_commands(root: &Element, n: usize) -> Vec<String> {
    wait_for(&format!("{n} command lines"), || {
        let cmds = texts(root, "#terminal-output .line.cmd");
        (cmds.len() >= n).then_some(cmds)
    })
    .await
}
