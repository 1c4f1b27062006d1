//! whalelab's native tools as a library, so the test crate can call them directly.
//!
//! `check` validates course content (the instructors' one command);
//! `replay` turns a transcript's `$ ` lines into the transcript a fresh engine prints;
//! `repl` is the same engine behind a real terminal; `catalogue` reads the practice registry
//! from disk; `render` writes a built site's pages from its content folder. IO stays in
//! `main.rs`, `catalogue` and `render` (a built site's folder).

pub mod catalogue;
pub mod check;
pub mod render;
pub mod replay;
