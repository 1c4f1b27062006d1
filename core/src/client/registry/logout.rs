//! `docker logout`: forget a registry's credentials.

use crate::client::cli::Invocation;
use crate::client::registry::config;
use crate::client::ClientHost;
use crate::output::Output;

/// `docker logout [SERVER]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Logout<'a> {
    /// SERVER, if given.
    pub server: Option<&'a str>,
}

impl<'a> Logout<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Logout<'a> {
        Logout { server: inv.args.first().map(String::as_str) }
    }

    /// Forgets the credentials (erasing nothing is fine too).
    pub fn run(self, host: &mut ClientHost<'_>) -> Output {
        logout(self.server, host)
    }
}

fn logout(server: Option<&str>, host: &mut ClientHost<'_>) -> Output {
    let mut out = Output::new();
    let server = match server {
        None | Some("" | "docker.io" | "index.docker.io") => "https://index.docker.io/v1/".to_string(),
        Some(s) => {
            s.trim_start_matches("https://").trim_start_matches("http://").split('/').next().unwrap_or(s).to_string()
        }
    };
    out.out(format!("Removing login credentials for {server}"));
    config::erase(host, &server);
    out
}
