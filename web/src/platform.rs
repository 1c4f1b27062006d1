//! The browser's impure services, in one place: wall clock, seed, `fetch`, Performance marks,
//! and the panic hook.
//!
//! This is the only module that may read `Date.now()` or pick a random seed (STYLE §3.1):
//! everything else gets time and seeds as values, which keeps the reducer pure and the
//! simulation reproducible. It must not hold state or know about Docker.

use std::fmt;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use whalelab_core::SimTime;

use crate::i18n;

/// The wall clock in [`SimTime`] units (milliseconds since the Unix epoch), for the engine's
/// `now`: `Up 3 seconds` and `Exited (0) 2 minutes ago` follow real time in the browser.
pub fn now() -> SimTime {
    let ms = js_sys::Date::now();
    // Date.now() is a non-negative integer in practice; clamp anything odd to 0.
    if ms.is_finite() && ms > 0.0 {
        ms as SimTime
    } else {
        0
    }
}

/// A fresh seed for a new session, so container IDs and generated names differ between
/// visits as they do between real machines.
pub fn new_seed() -> u64 {
    let hi = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let lo = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (hi << 32) ^ lo ^ now()
}

/// Sets a Performance API mark (`performance.mark(name)`); the end-to-end test reads
/// `app-rendered` to time a cold load. Missing APIs are ignored: timing is never essential.
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}

/// Why a file could not be fetched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// The request never got an answer (offline, blocked, bad URL).
    Network(String),
    /// The server answered with a non-2xx status.
    Status(u16),
}

impl fmt::Display for FetchError {
    /// Korean, because it is shown in the lesson pane.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::Network(detail) => f.write_str(&i18n::fetch_network_error(detail)),
            FetchError::Status(status) => f.write_str(&i18n::fetch_status_error(*status)),
        }
    }
}

/// Fetches a text file relative to the page (so the site works from any sub-path).
///
/// `cache: no-cache` makes the browser revalidate, so an instructor who edits a lesson sees
/// the change on reload without a rebuild.
pub async fn fetch_text(url: &str) -> Result<String, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Network("no window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_cache(web_sys::RequestCache::NoCache);
    let response = JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.map_err(js_error)?;
    let response: web_sys::Response = response.dyn_into().map_err(js_error)?;
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(js_error)?).await.map_err(js_error)?;
    text.as_string().ok_or_else(|| FetchError::Network("response is not text".into()))
}

fn js_error(value: JsValue) -> FetchError {
    let detail = value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"));
    FetchError::Network(detail)
}

/// Replaces Yew's default panic hook with one that still logs to the console and also shows
/// a Korean banner with a restart button, so a learner never faces a silently frozen page.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_banner();
    }));
    // Release builds abort on panic (scripts/release.sh): no hook runs, the wasm call traps
    // and the browser reports a `WebAssembly.RuntimeError`, from an event handler as an
    // `error` event, from a future as an `unhandledrejection`. Both get the same banner.
    let Some(window) = web_sys::window() else { return };
    let on_error = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let thrown = ["error", "reason"]
            .into_iter()
            .find_map(|key| js_sys::Reflect::get(&event, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined()));
        if thrown.is_some_and(|e| e.is_instance_of::<js_sys::WebAssembly::RuntimeError>()) {
            show_crash_banner();
        }
    });
    for kind in ["error", "unhandledrejection"] {
        let _ = window.add_event_listener_with_callback(kind, on_error.as_ref().unchecked_ref());
    }
    // Lives as long as the page.
    on_error.forget();
}

/// Appends the crash banner to `<body>` once, built from plain DOM calls (Yew may be the thing
/// that broke).
fn show_crash_banner() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if document.get_element_by_id("crash-banner").is_some() {
        return;
    }
    let (Ok(banner), Ok(text), Ok(button), Some(body)) = (
        document.create_element("div"),
        document.create_element("p"),
        document.create_element("button"),
        document.body(),
    ) else {
        return;
    };
    banner.set_id("crash-banner");
    banner.set_class_name("crash-banner");
    let _ = banner.set_attribute("role", "alert");
    text.set_text_content(Some(i18n::CRASH_MESSAGE));
    button.set_text_content(Some(i18n::CRASH_RESTART));
    let _ = button.set_attribute("type", "button");
    let reload = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    let _ = button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref());
    // The page is broken anyway; the listener must live as long as the button.
    reload.forget();
    let _ = banner.append_child(&text);
    let _ = banner.append_child(&button);
    let _ = body.append_child(&banner);
}

/// Reads a localStorage entry; `None` when absent or when storage is unavailable (private
/// mode, disabled cookies), which the page treats as "nothing saved".
pub fn storage_get(key: &str) -> Option<String> {
    web_sys::window()?.local_storage().ok().flatten()?.get_item(key).ok().flatten()
}

/// Writes a localStorage entry; failures (quota, disabled storage) are ignored: progress is
/// a convenience, never a reason to stop the page.
pub fn storage_set(key: &str, value: &str) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(key, value);
    }
}

/// The current `location.hash` (`#/lesson/…`), empty when none.
pub fn location_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// Navigates to a hash route (adds a history entry, so Back returns).
pub fn set_location_hash(hash: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().set_hash(hash);
    }
}

/// A `hashchange` listener on the window, removed when dropped.
pub struct HashListener {
    closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl HashListener {
    /// Calls `on_change` with the new hash after every change (links, Back, Forward).
    pub fn new(on_change: impl Fn(String) + 'static) -> Self {
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || on_change(location_hash()));
        if let Some(w) = web_sys::window() {
            let _ = w.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref());
        }
        HashListener { closure }
    }
}

impl Drop for HashListener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback("hashchange", self.closure.as_ref().unchecked_ref());
        }
    }
}

/// Whether the system asks for a light colour scheme (`prefers-color-scheme: light`).
pub fn prefers_light() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: light)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// Sets an attribute on `<html>` (the theme lives there so the whole page, `<body>`
/// included, follows it).
pub fn set_root_attribute(name: &str, value: &str) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute(name, value);
    }
}

/// Offers `text` as a file download named `file_name` (a Blob URL on a temporary link),
/// so exporting needs no server.
pub fn download_text(file_name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(link) = document.create_element("a") {
        let _ = link.set_attribute("href", &url);
        let _ = link.set_attribute("download", file_name);
        if let Some(link) = link.dyn_ref::<web_sys::HtmlElement>() {
            link.click();
        }
    }
    // Revoking at once can cancel the download in some browsers; a second later it is safe.
    yew::platform::spawn_local(async move {
        yew::platform::time::sleep(std::time::Duration::from_secs(1)).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
}

/// Reads a file the learner picked, as text.
pub async fn read_file_text(file: &web_sys::File) -> Result<String, FetchError> {
    let text = JsFuture::from(file.text()).await.map_err(js_error)?;
    text.as_string().ok_or_else(|| FetchError::Network("file is not text".into()))
}

/// Hands every click on a link inside `frame`'s current document to `on_link` with the
/// link's `href` as written; when it returns `true` the browser's own navigation is
/// cancelled. `None` when the frame has no readable document (not loaded, or not
/// same-origin: the preview's frame is `sandbox="allow-same-origin"` without scripts).
pub fn on_frame_link_click(
    frame: &web_sys::HtmlIFrameElement,
    mut on_link: impl FnMut(String) -> bool + 'static,
) -> Option<Listener> {
    let document = frame.content_document()?;
    Some(Listener::new(&document, "click", move |event: web_sys::Event| {
        // The frame's nodes belong to its own realm, where `instanceof Element` against this
        // window's `Element` is false: checked by node type, not by `dyn_into`.
        let node: Option<web_sys::Node> = event.target().map(|t| t.unchecked_into());
        let element = match node {
            Some(n) if n.node_type() == web_sys::Node::ELEMENT_NODE => Some(n.unchecked_into::<web_sys::Element>()),
            Some(n) => n.parent_element(),
            None => None,
        };
        let link = element.and_then(|el| el.closest("a[href]").ok().flatten());
        if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
            if on_link(href) {
                event.prevent_default();
            }
        }
    }))
}

/// A DOM event listener on any target, removed when dropped (for events Yew's `html!` has
/// no attribute for, such as `compositionstart`).
pub struct Listener {
    target: web_sys::EventTarget,
    event: &'static str,
    closure: wasm_bindgen::closure::Closure<dyn FnMut(web_sys::Event)>,
}

impl Listener {
    /// Calls `handler` on every `event` at `target`.
    pub fn new(
        target: &web_sys::EventTarget,
        event: &'static str,
        handler: impl FnMut(web_sys::Event) + 'static,
    ) -> Self {
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        let _ = target.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
        Listener { target: target.clone(), event, closure }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.target.remove_event_listener_with_callback(self.event, self.closure.as_ref().unchecked_ref());
    }
}
