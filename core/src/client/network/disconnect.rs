//! `docker network disconnect`: detach a container from a network.

use super::connect::empty_argument;
use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::engine::Engine;
use crate::output::Output;

/// `docker network disconnect [OPTIONS] NETWORK CONTAINER`.
#[derive(Clone, Debug, PartialEq)]
pub struct Disconnect<'a> {
    /// NETWORK, as typed.
    pub network: &'a str,
    /// CONTAINER, as typed.
    pub container: &'a str,
    /// `-f, --force`.
    pub force: bool,
}

impl<'a> Disconnect<'a> {
    /// Reads the invocation (the parser has checked there are two arguments).
    pub fn parse(inv: &'a Invocation) -> Disconnect<'a> {
        let arg = |i: usize| inv.args.get(i).map(String::as_str).unwrap_or("");
        Disconnect { network: arg(0), container: arg(1), force: inv.flags.bool("force") }
    }

    /// Disconnects it; silent on success.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let (network, container) = (self.network.trim(), self.container.trim());
        if let Some(what) = empty_argument(network, container) {
            out.fail(&format!("invalid {what} name or ID: value is empty"), 1);
            return out;
        }
        if let Err(e) = engine.network_disconnect(network, container, self.force) {
            daemon_error(&mut out, &e);
        }
        out
    }
}
