//! `docker create` (`docker container create`): a container from an image, not started.

use super::config::Options;
use crate::client::cli::Invocation;
use crate::client::ClientHost;
use crate::engine::Engine;
use crate::output::Output;

/// `docker create [OPTIONS] IMAGE [COMMAND] [ARG...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Create<'a> {
    /// The options it shares with `docker run`.
    pub options: Options<'a>,
}

impl<'a> Create<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Create<'a> {
        Create { options: Options::parse(inv, "create") }
    }

    /// Checks the options, creates the container (pulling its image if missing) and prints
    /// its ID. Unlike `run`, the create step's own errors come unwrapped, with status 1.
    pub fn run(self, engine: &mut Engine, host: &ClientHost<'_>) -> Output {
        let mut out = Output::new();
        let opts = &self.options;
        let checked = match opts.check_pull().and_then(|()| opts.check(host.env)) {
            Ok(c) => c,
            Err(msg) => {
                opts.usage_error(&mut out, &msg);
                return out;
            }
        };
        match opts.create(engine, checked, &mut out) {
            Ok(id) => out.out(id),
            Err(e) => out.fail(&e.message(), 1),
        }
        out
    }
}
