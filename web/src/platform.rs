//! The browser's impure services, in one place: wall clock, seed, `fetch`, storage, the
//! address and the history (links between pages, Back and Forward), listeners and timers,
//! files, the clipboard, compression, Performance marks, the panic hook, and the hand-over
//! from a page rendered ahead of time to the app (the head script's queue of ▶ clicks).
//!
//! This is the only module that may read `Date.now()` or pick a random seed (STYLE §3.1):
//! everything else gets time and seeds as values, which keeps the reducer pure and the
//! simulation reproducible. It must not hold state or know about Docker.
//!
//! The release build also renders the components natively, ahead of time (`whalelab render`),
//! where no browser exists: the few calls rendering makes (the clock, storage, media queries)
//! answer as a first visit would there instead of calling into JavaScript.
//!
//! Where gloo (already compiled through Yew) costs about what hand-written glue would, its
//! crates are used: gloo-events for every listener (removed on drop), gloo-timers for
//! timeouts and intervals, gloo-storage's handle for localStorage (its typed API would
//! JSON-quote our versioned plain-text formats and make earlier saves unreadable). Together
//! they are 1,352 bytes of wasm before gzip in the release build (events 529, timers 583,
//! storage 131, utils 109), in place of the `Closure` glue they replaced. Measured and not
//! taken: gloo-net for `fetch` (+2,721 bytes gzipped over the web-sys call below) and
//! gloo-file for the download and reading a chosen file (+1,669 bytes gzipped).

use std::fmt;

pub use gloo::events::EventListener;
use gloo::events::EventListenerOptions;
use gloo::storage::{LocalStorage, Storage};
pub use gloo::timers::callback::{Interval, Timeout};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use whalelab_core::course::Source;
use whalelab_core::SimTime;

use crate::i18n;
use crate::state::handover::{self, Handed};

/// The wall clock in [`SimTime`] units (milliseconds since the Unix epoch), for the engine's
/// `now`: `Up 3 seconds` and `Exited (0) 2 minutes ago` follow real time in the browser.
pub fn now() -> SimTime {
    if !in_browser() {
        return 0;
    }
    let ms = js_sys::Date::now();
    // Date.now() is a non-negative integer in practice; clamp anything odd to 0.
    if ms.is_finite() && ms > 0.0 {
        ms as SimTime
    } else {
        0
    }
}

/// Whether this runs in a browser: false when the components are rendered natively into
/// static pages, where calling into JavaScript would abort.
fn in_browser() -> bool {
    cfg!(target_arch = "wasm32")
}

/// A fresh seed for a new machine, so container IDs and generated names differ between
/// machines as they do between real ones.
pub fn new_seed() -> u64 {
    if !in_browser() {
        return 0;
    }
    let hi = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let lo = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (hi << 32) ^ lo ^ now()
}

/// A new machine's seed and start: now, with a fresh seed.
pub fn fresh_config() -> whalelab_core::SessionConfig {
    whalelab_core::SessionConfig { seed: new_seed(), start_time: now() }
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
///
/// The page's head script may have asked for it already, while the wasm was still on its way
/// (the files of the page rendered ahead of time, in its `whalelab-prefetch` meta): then that
/// answer is taken, once.
pub async fn fetch_text(url: &str) -> Result<String, FetchError> {
    let window = web_sys::window().ok_or_else(|| FetchError::Network("no window".into()))?;
    let request = match prefetched(&window, url) {
        Some(request) => request,
        None => {
            let init = web_sys::RequestInit::new();
            init.set_cache(web_sys::RequestCache::NoCache);
            window.fetch_with_str_and_init(url, &init)
        }
    };
    let response = JsFuture::from(request).await.map_err(js_error)?;
    let response: web_sys::Response = response.dyn_into().map_err(js_error)?;
    if !response.ok() {
        return Err(FetchError::Status(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(js_error)?).await.map_err(js_error)?;
    text.as_string().ok_or_else(|| FetchError::Network("response is not text".into()))
}

/// The head script's request for `url` (`window.whalelabPrefetch[url]`), taken out of it.
fn prefetched(window: &web_sys::Window, url: &str) -> Option<js_sys::Promise> {
    let all = js_sys::Reflect::get(window, &JsValue::from_str("whalelabPrefetch")).ok().filter(JsValue::is_object)?;
    let key = JsValue::from_str(url);
    let request = js_sys::Reflect::get(&all, &key).ok()?.dyn_into::<js_sys::Promise>().ok()?;
    let _ = js_sys::Reflect::delete_property(all.unchecked_ref::<js_sys::Object>(), &key);
    Some(request)
}

/// A thrown JavaScript value as an error: its message, or its text. (Not `{value:?}`: that
/// formatting pulls wasm-bindgen's 2 KB `debugString` into the JS glue for a case that does
/// not happen with `fetch` and streams.)
fn js_error(value: JsValue) -> FetchError {
    let detail = value.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| value.as_string());
    FetchError::Network(detail.unwrap_or_default())
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
    for kind in ["error", "unhandledrejection"] {
        // Lives as long as the page.
        EventListener::new(&window, kind, |event| {
            let thrown = ["error", "reason"].into_iter().find_map(|key| {
                js_sys::Reflect::get(event, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined())
            });
            if thrown.is_some_and(|e| e.is_instance_of::<js_sys::WebAssembly::RuntimeError>()) {
                show_crash_banner();
            }
        })
        .forget();
    }
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
    // The page is broken anyway; the listener must live as long as the button.
    EventListener::new(&button, "click", |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    })
    .forget();
    let _ = banner.append_child(&text);
    let _ = banner.append_child(&button);
    let _ = body.append_child(&banner);
}

/// Reads a localStorage entry; `None` when absent or when storage is unavailable (private
/// mode, disabled cookies), which the page treats as "nothing saved".
pub fn storage_get(key: &str) -> Option<String> {
    if !in_browser() {
        return None;
    }
    LocalStorage::raw().get_item(key).ok().flatten()
}

/// Writes a localStorage entry; whether it worked (quota, disabled storage). Progress is a
/// convenience, never a reason to stop the page.
pub fn storage_set(key: &str, value: &str) -> bool {
    LocalStorage::raw().set_item(key, value).is_ok()
}

/// Removes a localStorage entry (ignoring failures).
pub fn storage_remove(key: &str) {
    let _ = LocalStorage::raw().remove_item(key);
}

/// The page's address: its path and its fragment (`#…`, empty when none), which
/// [`Route::from_location`](crate::route::Route::from_location) reads.
pub fn location() -> (String, String) {
    let Some(location) = web_sys::window().map(|w| w.location()) else { return Default::default() };
    (location.pathname().unwrap_or_default(), location.hash().unwrap_or_default())
}

/// Goes to `href` (relative to the page) as a new history entry, without loading a page:
/// the app shows it. The lesson pane's scroll position is kept in the entry being left, so
/// Back returns to the same place ([`saved_pane_scroll`]).
pub fn push_address(href: &str) {
    let Some(window) = web_sys::window() else { return };
    let Ok(history) = window.history() else { return };
    let top = window.document().and_then(|d| d.get_element_by_id("lesson")).map_or(0, |pane| pane.scroll_top());
    let state = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&state, &JsValue::from_str("lessonScroll"), &JsValue::from(top));
    let _ = history.replace_state(&state, "");
    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(href));
}

/// Replaces the current history entry's address (a share link, once run, becomes the plain
/// sandbox page, so a reload does not run it again; an old `#/…` address becomes the page's).
pub fn replace_address(href: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(href));
    }
}

/// Where the lesson pane was scrolled when the learner left this history entry (Back and
/// Forward); `None` for an entry never left.
pub fn saved_pane_scroll() -> Option<i32> {
    let state = web_sys::window()?.history().ok()?.state().ok()?;
    let top = js_sys::Reflect::get(&state, &JsValue::from_str("lessonScroll")).ok()?;
    top.as_f64().map(|t| t as i32)
}

/// Scrolls the lesson pane to `top` (a lesson just opened starts at its beginning).
pub fn scroll_lesson_pane(top: i32) {
    if let Some(pane) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("lesson")) {
        pane.set_scroll_top(top);
    }
}

/// The address of the site's folder (`https://host/course/`), for share links.
pub fn site_address() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let page = href.split(['#', '?']).next().unwrap_or_default();
    page[..page.rfind('/').map_or(0, |i| i + 1)].to_string()
}

/// Sets the document's title (the tab, the history list, bookmarks).
pub fn set_title(title: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(title);
    }
}

/// Calls `on_change` after Back, Forward or a change of the fragment, until dropped.
pub fn on_history_change(on_change: impl Fn() + 'static) -> Option<[EventListener; 2]> {
    let window = web_sys::window()?;
    let on_change = std::rc::Rc::new(on_change);
    let again = on_change.clone();
    // A fragment change fires both in some browsers: the router ignores a route it already has.
    Some([
        EventListener::new(&window, "popstate", move |_| on_change()),
        EventListener::new(&window, "hashchange", move |_| again()),
    ])
}

/// Hands every plain click (main button, no modifier key) on a link to another page of this
/// site's folder to `on_link`, with the link's address as written, and cancels the browser's
/// own page load: the app shows the page itself. Links elsewhere, to files (`content/…`), in a
/// new tab, or to an anchor of the same page are left to the browser.
pub fn on_site_link_click(on_link: impl Fn(String) + 'static) -> Option<EventListener> {
    let window = web_sys::window()?;
    let document = window.document()?;
    // Not passive: the listener may cancel the navigation.
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(&document, "click", options, move |event| {
        let Some(mouse) = event.dyn_ref::<web_sys::MouseEvent>() else { return };
        if event.default_prevented()
            || mouse.button() != 0
            || mouse.ctrl_key()
            || mouse.meta_key()
            || mouse.shift_key()
            || mouse.alt_key()
        {
            return;
        }
        let element = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let Some(link) = element.and_then(|el| el.closest("a[href]").ok().flatten()) else { return };
        if link.has_attribute("target") || link.has_attribute("download") {
            return;
        }
        let (Some(href), Some(link)) = (link.get_attribute("href"), link.dyn_ref::<web_sys::HtmlAnchorElement>())
        else {
            return;
        };
        let here = window.location();
        let (Ok(origin), Ok(path), Ok(hash)) = (here.origin(), here.pathname(), here.hash()) else { return };
        let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let (to_path, to_hash) = (link.pathname(), link.hash());
        let page = to_path.strip_prefix(folder).filter(|file| !file.contains('/'));
        let ours = link.origin() == origin
            && page.is_some_and(|file| file.is_empty() || file.ends_with(".html") || !file.contains('.'));
        // An anchor on the same page (`#section`) is the browser's; an old `#/…` route is ours.
        let anchor = to_path == path && to_hash != hash && !to_hash.starts_with("#/");
        if ours && !anchor {
            event.prevent_default();
            on_link(href);
        }
    }))
}

/// The lessons the release build rendered pages for (the `whalelab-pages` meta), or `None`
/// on a development server, which answers every address with the app.
pub fn rendered_pages() -> Option<String> {
    let document = web_sys::window()?.document()?;
    document.query_selector("meta[name='whalelab-pages']").ok()??.get_attribute("content")
}

/// Loads the page at the address afresh (the first wasm sends the check page to the full one).
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Where the app mounts: a `<div>` outside the document when the page holds a copy rendered
/// ahead of time (`[data-static]`), which [`take_over`] swaps in once the app shows the same
/// page; `None` otherwise (mount on `<body>`).
pub fn app_host() -> Option<web_sys::Element> {
    let document = web_sys::window()?.document()?;
    document.query_selector("[data-static]").ok()??;
    let host = document.create_element("div").ok()?;
    host.set_id("app-root");
    Some(host)
}

/// Puts the app (whose root element is `app`) in the place of the page rendered ahead of
/// time, in one step before the next paint: the lesson pane keeps where the reader had
/// scrolled and the 목차 stays open if it was; then the focus goes to the terminal, as it does
/// when the app starts on its own, and `whalelab-ready` tells the page's scripts (the service
/// worker's registration). Nothing happens when there is no such page.
pub fn take_over(app: &web_sys::Element) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let (Ok(Some(page)), Some(host)) = (document.query_selector("[data-static]"), app.parent_element()) else {
        return;
    };
    let find = |root: &web_sys::Element, selector: &str| root.query_selector(selector).ok().flatten();
    let top = find(&page, "#lesson").map_or(0, |pane| pane.scroll_top());
    let menu_open = find(&page, ".course-nav").is_some_and(|nav| nav.has_attribute("open"));
    if page.replace_with_with_node_1(&host).is_err() {
        return;
    }
    if let Some(pane) = find(app, "#lesson") {
        pane.set_scroll_top(top);
    }
    if let (true, Some(nav)) = (menu_open, find(app, ".course-nav")) {
        let _ = nav.set_attribute("open", "");
    }
    if let Some(input) = find(app, "#terminal-input").and_then(|i| i.dyn_into::<web_sys::HtmlElement>().ok()) {
        focus_quietly(&input);
    }
    if let (Some(window), Ok(ready)) = (web_sys::window(), web_sys::Event::new("whalelab-ready")) {
        let _ = window.dispatch_event(&ready);
    }
}

/// What to do once the app has the page, in order: the commands of ▶ buttons clicked before
/// it was ready (the head script queues them in `window.whalelabQueue`), then what the first
/// wasm handed over to this one (`window.whalelabHandover`, see [`hand_over`]). Both queues
/// are closed, so later clicks are the app's.
pub fn take_queued_commands() -> Vec<Handed> {
    let Some(window) = web_sys::window() else { return Vec::new() };
    let mut items = Vec::new();
    for name in ["whalelabQueue", "whalelabHandover"] {
        let key = JsValue::from_str(name);
        let queued = js_sys::Reflect::get(&window, &key).ok().filter(js_sys::Array::is_array);
        let _ = js_sys::Reflect::set(&window, &key, &JsValue::NULL);
        let Some(queued) = queued else { continue };
        items.extend(js_sys::Array::from(&queued).iter().filter_map(|item| {
            if let Some(line) = item.as_string() {
                return Some(Handed::Command { line, source: Source::Lesson });
            }
            let field = |name: &str| js_sys::Reflect::get(&item, &JsValue::from_str(name)).ok()?.as_string();
            match (field("line"), field("exercise")) {
                (Some(line), _) => {
                    Some(Handed::Command { line, source: handover::source_named(&field("source").unwrap_or_default()) })
                }
                (None, Some(id)) => Some(Handed::Exercise(id)),
                (None, None) => None,
            }
        }));
    }
    items
}

/// The terminal's screen the first wasm handed over (`state::handover::encode_screen`), once.
pub fn take_handed_screen() -> Option<String> {
    let window = web_sys::window()?;
    let key = JsValue::from_str("whalelabHandoverScreen");
    let screen = js_sys::Reflect::get(&window, &key).ok()?.as_string();
    let _ = js_sys::Reflect::set(&window, &key, &JsValue::NULL);
    screen
}

/// Hands the page over to the full engine (see `state::handover`): `items` for it to do, this
/// app's root marked as the page it takes the place of, then `web/boot.js` loads the second
/// wasm, which mounts, takes over and says `whalelab-ready`, whereupon this app unmounts
/// ([`crate::unmount`]). Called again while loading, it only updates the items. `on_failure`
/// runs if the second wasm cannot be loaded (or this build has none).
pub fn hand_over(items: &[Handed], screen: &str, on_failure: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("whalelabHandoverScreen"), &JsValue::from_str(screen));
    let queue = js_sys::Array::new();
    for item in items {
        let entry = js_sys::Object::new();
        let set = |name: &str, value: &str| {
            let _ = js_sys::Reflect::set(&entry, &JsValue::from_str(name), &JsValue::from_str(value));
        };
        match item {
            Handed::Command { line, source } => {
                set("line", line);
                set("source", handover::source_name(*source));
            }
            Handed::Exercise(id) => set("exercise", id),
        }
        queue.push(&entry);
    }
    let _ = js_sys::Reflect::set(&window, &JsValue::from_str("whalelabHandover"), &queue);
    let started = JsValue::from_str("whalelabHandingOver");
    if js_sys::Reflect::get(&window, &started).is_ok_and(|v| v.is_truthy()) {
        return;
    }
    let _ = js_sys::Reflect::set(&window, &started, &JsValue::TRUE);
    let load = js_sys::Reflect::get(&window, &JsValue::from_str("whalelabLoadFull"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(load) = load else {
        let _ = js_sys::Reflect::set(&window, &started, &JsValue::FALSE);
        on_failure();
        return;
    };
    // The page the second app takes the place of: this app's, or, while this one has not
    // taken over yet (a stored machine that needs the full engine), the rendered page.
    if let Some(document) = window.document().filter(|d| d.query_selector("[data-static]").ok().flatten().is_none()) {
        let root = document.get_element_by_id("app-root").or_else(|| document.query_selector(".app").ok().flatten());
        if let Some(root) = root {
            let _ = root.set_attribute("data-static", "");
            let _ = root.set_attribute("data-handover", "");
        }
    }
    EventListener::once(&window, "whalelab-ready", |_| crate::unmount()).forget();
    let failed = std::cell::Cell::new(Some(on_failure));
    EventListener::once(&window, "whalelab-full-failed", move |_| {
        if let Some(window) = web_sys::window() {
            let _ = js_sys::Reflect::set(&window, &JsValue::from_str("whalelabHandingOver"), &JsValue::FALSE);
            let _ = js_sys::Reflect::set(&window, &JsValue::from_str("whalelabHandover"), &JsValue::NULL);
            if let Some(root) = window.document().and_then(|d| d.query_selector("[data-handover]").ok().flatten()) {
                let _ = root.remove_attribute("data-static");
                let _ = root.remove_attribute("data-handover");
            }
        }
        if let Some(on_failure) = failed.take() {
            on_failure();
        }
    })
    .forget();
    let _ = load.call0(&window);
}

/// Calls `on_hide` when the page goes away or into the background (a reload, a closed tab,
/// another app on a phone): the moment to save what is not saved yet.
pub fn on_page_hide(on_hide: impl Fn() + 'static) -> Option<[EventListener; 2]> {
    let window = web_sys::window()?;
    let document = window.document()?;
    let on_hide = std::rc::Rc::new(on_hide);
    let hidden = on_hide.clone();
    Some([
        EventListener::new(&window, "pagehide", move |_| on_hide()),
        EventListener::new(&document, "visibilitychange", move |_| {
            let hidden_now = web_sys::window().and_then(|w| w.document()).is_some_and(|d| d.hidden());
            if hidden_now {
                hidden();
            }
        }),
    ])
}

/// Whether the system asks for a light colour scheme (`prefers-color-scheme: light`).
pub fn prefers_light() -> bool {
    matches_media("(prefers-color-scheme: light)")
}

/// Whether a media query matches now (`(max-width: 899px)`).
pub fn matches_media(query: &str) -> bool {
    if !in_browser() {
        return false;
    }
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
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
    Timeout::new(1000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// Reads a file the learner picked, as text.
pub async fn read_file_text(file: web_sys::File) -> Result<String, FetchError> {
    let text = JsFuture::from(file.text()).await.map_err(js_error)?;
    text.as_string().ok_or_else(|| FetchError::Network("file is not text".into()))
}

/// Puts `text` on the clipboard; whether the browser took it (it may refuse without a
/// user gesture or on a page that is not secure).
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    JsFuture::from(window.navigator().clipboard().write_text(text)).await.is_ok()
}

/// The browser's `CompressionStream` and `DecompressionStream` (web-sys has them only behind
/// its unstable-API flag), as far as [`deflate`] and [`inflate`] use them.
mod streams {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// A `CompressionStream`: write bytes, read them compressed.
        #[wasm_bindgen(js_name = CompressionStream)]
        pub type Compressor;
        /// `new CompressionStream(format)`.
        #[wasm_bindgen(constructor, js_class = "CompressionStream", catch)]
        pub fn new(format: &str) -> Result<Compressor, JsValue>;

        /// A `DecompressionStream`: write compressed bytes, read them back.
        #[wasm_bindgen(js_name = DecompressionStream)]
        pub type Decompressor;
        /// `new DecompressionStream(format)`.
        #[wasm_bindgen(constructor, js_class = "DecompressionStream", catch)]
        pub fn new(format: &str) -> Result<Decompressor, JsValue>;
    }
}

/// `body` piped through `transform` (a compression stream, which is a readable/writable
/// pair), read whole into a response.
fn piped(body: Option<web_sys::ReadableStream>, transform: &JsValue) -> Result<web_sys::Response, FetchError> {
    let body = body.ok_or_else(|| FetchError::Network("no body".into()))?;
    let out = body.pipe_through(transform.unchecked_ref::<web_sys::ReadableWritablePair>());
    web_sys::Response::new_with_opt_readable_stream(Some(&out)).map_err(js_error)
}

/// `text` compressed with the browser's own `CompressionStream` (raw DEFLATE), so share
/// links are short without a compressor in the bundle.
pub async fn deflate(text: &str) -> Result<Vec<u8>, FetchError> {
    let stream = streams::Compressor::new("deflate-raw").map_err(js_error)?;
    let body = web_sys::Response::new_with_opt_str(Some(text)).map_err(js_error)?.body();
    let response = piped(body, &stream)?;
    let buffer = JsFuture::from(response.array_buffer().map_err(js_error)?).await.map_err(js_error)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The text [`deflate`] compressed, or an error for anything else.
pub async fn inflate(bytes: &[u8]) -> Result<String, FetchError> {
    let stream = streams::Decompressor::new("deflate-raw").map_err(js_error)?;
    let mut bytes = bytes.to_vec();
    let body = web_sys::Response::new_with_opt_u8_array(Some(&mut bytes)).map_err(js_error)?.body();
    let response = piped(body, &stream)?;
    let text = JsFuture::from(response.text().map_err(js_error)?).await.map_err(js_error)?;
    text.as_string().ok_or_else(|| FetchError::Network("not text".into()))
}

/// Hands every click on a link inside `frame`'s current document to `on_link` with the
/// link's `href` as written; when it returns `true` the browser's own navigation is
/// cancelled. `None` when the frame has no readable document (not loaded, or not
/// same-origin: the preview's frame is `sandbox="allow-same-origin"` without scripts).
pub fn on_frame_link_click(
    frame: &web_sys::HtmlIFrameElement,
    mut on_link: impl FnMut(String) -> bool + 'static,
) -> Option<EventListener> {
    let document = frame.content_document()?;
    // Not passive: the listener may cancel the navigation.
    let options = EventListenerOptions::enable_prevent_default();
    Some(EventListener::new_with_options(&document, "click", options, move |event| {
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

/// Scrolls `pane` (a scrolling pane of the page) so that `element`, inside it, starts near
/// its top: only that pane moves, never the page's frame (`scrollIntoView` would scroll
/// every ancestor).
pub fn reveal_in(pane: &web_sys::Element, element: &web_sys::Element) {
    let top = element.get_bounding_client_rect().top() - pane.get_bounding_client_rect().top();
    let target = f64::from(pane.scroll_top()) + top - 16.0;
    pane.set_scroll_top(target.max(0.0) as i32);
}

/// Asks the browser's own yes/no question (the editor before unsaved text is thrown away).
pub fn confirm(question: &str) -> bool {
    web_sys::window().is_some_and(|w| w.confirm_with_message(question).unwrap_or(false))
}

/// Focuses `element` without scrolling anything.
pub fn focus_quietly(element: &web_sys::HtmlElement) {
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
}

/// Calls `on_resize` whenever `element`'s size changes (new lines, wrapping after the pane
/// was resized), until dropped.
pub struct ResizeWatch {
    observer: web_sys::ResizeObserver,
    _closure: wasm_bindgen::closure::Closure<dyn FnMut()>,
}

impl ResizeWatch {
    /// Starts watching; `None` where the browser has no `ResizeObserver`.
    pub fn new(element: &web_sys::Element, on_resize: impl FnMut() + 'static) -> Option<Self> {
        let closure = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(on_resize);
        let observer = web_sys::ResizeObserver::new(closure.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(ResizeWatch { observer, _closure: closure })
    }
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}
