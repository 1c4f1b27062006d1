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
