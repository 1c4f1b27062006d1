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
