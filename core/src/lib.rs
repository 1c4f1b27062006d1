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

pub mod catalogue;
pub mod client;
pub mod complete;
pub mod container_shell;
pub mod course;
pub mod diagram;
pub mod engine;
pub mod env;
pub mod event;
pub mod host;
pub mod http;
pub mod map;
pub mod output;
pub mod session;
pub mod shell;
pub mod snapshot;
pub mod sort;
pub mod systemctl;
pub mod toml_lite;

pub use catalogue::Catalogue;
pub use env::SimTime;
pub use event::Event;
pub use output::{Line, Output, Stream};
pub use session::{Attempt, Note, Session, SessionConfig, Transcript};
pub use snapshot::Snapshot;
