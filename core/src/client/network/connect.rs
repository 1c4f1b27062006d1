//! `docker network connect`: attach a container to one more network.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::engine::Engine;
use crate::output::Output;

/// `docker network connect [OPTIONS] NETWORK CONTAINER`.
#[derive(Clone, Debug, PartialEq)]
pub struct Connect<'a> {
    /// NETWORK, as typed.
    pub network: &'a str,
    /// CONTAINER, as typed.
    pub container: &'a str,
    /// `--alias`: names the container also answers to on this network.
    pub aliases: &'a [String],
    /// `--ip`.
    pub ip: Option<&'a str>,
}

impl<'a> Connect<'a> {
    /// Reads the invocation (the parser has checked there are two arguments).
    pub fn parse(inv: &'a Invocation) -> Connect<'a> {
        let f = &inv.flags;
        let arg = |i: usize| inv.args.get(i).map(String::as_str).unwrap_or("");
        Connect { network: arg(0), container: arg(1), aliases: f.list("alias"), ip: f.string("ip") }
    }

    /// Connects it; silent on success.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let (network, container) = (self.network.trim(), self.container.trim());
        if let Some(what) = empty_argument(network, container) {
            out.fail(&format!("invalid {what} name or ID: value is empty"), 1);
            return out;
        }
        if let Err(e) = engine.network_connect(network, container, self.aliases.to_vec(), self.ip) {
            daemon_error(&mut out, &e);
        }
        out
    }
}

/// Which of the two arguments the client refuses as empty, if one is.
pub(super) fn empty_argument(network: &str, container: &str) -> Option<&'static str> {
    if network.is_empty() {
        Some("network")
    } else if container.is_empty() {
        Some("container")
    } else {
        None
    }
}
