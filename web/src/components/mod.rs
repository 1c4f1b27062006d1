//! The page's components. They render [`crate::state::AppState`] (through props or
//! [`crate::context::use_app`]) and send intent as [`crate::state::AppAction`]s; none of them
//! runs commands or reads the clock directly (the diagram only calls core's pure layout).

#[cfg(feature = "full")]
pub mod check_page;
pub mod diagram;
pub mod editor;
pub mod files_view;
pub mod lesson;
pub mod nav;
pub mod preview;
pub mod progress_file;
pub mod splitter;
pub mod state_view;
pub mod terminal;
pub mod theme;
