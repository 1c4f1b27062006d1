//! The page's components. They render [`crate::state::AppState`] (through props or
//! [`crate::context::use_app`]) and send intent as [`crate::state::AppAction`]s; none of them
//! calls core or reads the clock directly.

pub mod check_page;
pub mod lesson;
pub mod nav;
pub mod state_view;
pub mod terminal;
