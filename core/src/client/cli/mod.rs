//! docker's command line as cobra and pflag read it: the command tree ([`spec`], built from
//! the real client's `--help` texts in `help/`, read at build time by `help_text.rs`, and the
//! notes in `commands.tsv`), the parser ([`parse`]: argv → an [`Invocation`] or what the
//! client prints by itself), the flags a command was given ([`Flags`]) and the value checks
//! and Go number readings behind them.
//!
//! Nothing here executes a command or touches the engine.

pub mod flags;
#[cfg(feature = "full")]
pub(crate) mod help;
#[cfg(test)]
mod help_text;
pub mod parse;
pub mod spec;
mod value;

pub use parse::{parse, Invocation, Parsed};
