//! The lesson pane (`#lesson`): loading, the rendered lesson with runnable blocks and
//! exercises, or a Korean message when the lesson cannot be shown — never a blank pane.
//!
//! The lesson's model (`state::lesson`, `state::markdown`) is pure and lives with the state;
//! `crate::loader` fetches; these are the components.

pub mod exercise_panel;
pub mod lesson_view;
pub mod runnable_block;

pub use lesson_view::LessonPane;
