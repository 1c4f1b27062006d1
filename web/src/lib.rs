//! whalelab-web: the Yew view of the course — a lesson beside a terminal and a picture of state.
//!
//! The page is a thin shell over `whalelab-core`: [`state`] owns the [`Session`](whalelab_core::Session)
//! and is the only module that calls core; components render [`state::AppState`] and send
//! [`state::AppAction`]s. Only [`platform`] touches the wall clock, randomness, `fetch` and the
//! Performance API, localStorage and the address and history ([`route`] parses it), so everything
//! else stays deterministic and testable. With the `ssr` feature, [`prerender`] renders the same
//! components natively into the release build's static pages. Every string the site
//! says in its own voice is Korean and lives in [`i18n`]. This crate must not model Docker
//! behaviour itself: output text comes from core, byte for byte.

pub mod app;
pub mod components;
pub mod context;
pub mod i18n;
pub mod loader;
pub mod platform;
#[cfg(feature = "ssr")]
pub mod prerender;
pub mod route;
pub mod state;

pub use app::{App, AppProps};

thread_local! {
    /// The app this wasm mounted (see [`mount`]).
    static MOUNTED: std::cell::RefCell<Option<yew::AppHandle<App>>> = const { std::cell::RefCell::new(None) };
}

/// Mounts [`App`]: on `<body>`, or, in a page rendered ahead of time (or one this page's first
/// wasm hands over, `state::handover`), outside the document until it takes that page's place.
pub fn mount() {
    let handle = match platform::app_host() {
        Some(host) => yew::Renderer::<App>::with_root(host).render(),
        None => yew::Renderer::<App>::new().render(),
    };
    MOUNTED.with(|m| *m.borrow_mut() = Some(handle));
}

/// Unmounts the app [`mount`] mounted, once the full engine's app has taken the page over: its
/// listeners and timers go with it, and its elements (already out of the document) too.
pub fn unmount() {
    if let Some(handle) = MOUNTED.with(|m| m.borrow_mut().take()) {
        handle.destroy();
    }
}
