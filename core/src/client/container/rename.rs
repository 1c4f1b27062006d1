//! `docker rename` (`docker container rename`): give a container a new name.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::engine::Engine;
use crate::output::Output;

/// `docker rename CONTAINER NEW_NAME`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rename<'a> {
    /// The container, as typed.
    pub container: &'a str,
    /// Its new name.
    pub name: &'a str,
}

impl<'a> Rename<'a> {
    /// Reads the invocation (the parser has checked there are two arguments).
    pub fn parse(inv: &'a Invocation) -> Rename<'a> {
        let arg = |i: usize| inv.args.get(i).map(String::as_str).unwrap_or("");
        Rename { container: arg(0), name: arg(1) }
    }

    /// Renames it; silent on success.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        if let Err(e) = engine.container_rename(self.container, self.name) {
            daemon_error(&mut out, &e);
            out.err(format!("Error: failed to rename container named {}", self.container));
        }
        out
    }
}
