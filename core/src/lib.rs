//! whalelab-core: a simulated Docker host — shell, docker client, daemon — as pure Rust.
//!
//! A learner's line goes through [`Session::run_line`]: the [`shell`] splits and expands it,
//! the [`client`] parses `docker ...` like the real CLI and calls the [`engine`] (our model of
//! dockerd), and the [`output`] layer prints results exactly as docker would. Time and chance
//! are injected ([`env`]), so the same seed and clock always give the same bytes.
//!
//! ```
//! use whalelab_core::{Session, SessionConfig};
//! let mut s = Session::new(SessionConfig::default());
//! let t = s.run_line("docker ps", SessionConfig::default().start_time);
//! assert_eq!(t.exit_code, 0);
//! assert_eq!(t.lines[0].text, "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES");
//! ```

// Without the full engine (the page's first wasm), helpers that only `docker build`, compose and
// jq reach are unused; the full build, which the tests and lints also cover, still reports
// whatever nothing reaches.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]

// The façade: what the web app, the native tools and the tests may use. Everything else is
// the crate's own, so `dead_code` reports whatever nothing reaches from here.
pub mod catalogue;
pub mod course;
pub mod diagram;
pub mod event;
pub mod preview;
pub mod replay;
pub mod session;
pub mod snapshot;
// Shared with the web crate so that the bundle holds one ordered map and one sort.
pub mod map;
pub mod sort;

mod client;
mod complete;
mod container_shell;
mod engine;
mod env;
mod go;
mod host;
mod http;
mod output;
mod regex;
mod shell;
mod systemctl;
#[cfg(test)]
mod tests;
mod toml_lite;
mod voice;

pub use catalogue::Catalogue;
pub use env::{SimTime, SECOND};
pub use event::Event;
/// A JSON string literal as Go's `encoding/json` writes it (docker's output; the page's progress
/// file uses it too, so the bundle holds one).
pub use go::json::write_string as write_json_string;
/// The state view prints image sizes as `docker images` does (go-units' `HumanSize`).
pub use go::units::size as human_size;
pub use output::build_progress::BuildAnimation;
pub use output::progress::PullAnimation;
pub use output::{Line, Stream};
pub use session::{Attempt, Note, Session, SessionConfig, Transcript, FULL_ENGINE};
pub use shell::EditRequest;
pub use snapshot::Snapshot;
