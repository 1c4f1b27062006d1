//! The lesson pane (`#lesson`): loading, the rendered lesson with runnable blocks and
//! exercises, or a Korean message when the lesson cannot be shown — never a blank pane.
//!
//! `document.rs` and `markdown.rs` are pure (lesson → safe view data), `loader.rs` fetches,
//! the rest are components.

pub mod document;
pub mod exercise_panel;
pub mod lesson_view;
pub mod loader;
pub mod markdown;
pub mod runnable_block;

pub use lesson_view::LessonPane;
