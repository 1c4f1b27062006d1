//! `docker volume create`: a named volume (a generated name without one).

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::facts::kv_map;
use crate::engine::volume::VolumeCreateRequest;
use crate::engine::Engine;
use crate::output::Output;

/// `docker volume create [OPTIONS] [VOLUME]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Create<'a> {
    /// VOLUME, if given.
    pub name_arg: Option<&'a str>,
    /// `--name`.
    pub name: &'a str,
    /// `-d, --driver` (default `local`).
    pub driver: &'a str,
    /// `--label`.
    pub labels: &'a [String],
    /// `-o, --opt`.
    pub options: &'a [String],
}

impl<'a> Create<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Create<'a> {
        let f = &inv.flags;
        Create {
            name_arg: inv.args.first().map(String::as_str),
            name: f.string("name").unwrap_or(""),
            driver: f.string("driver").unwrap_or(""),
            labels: f.list("label"),
            options: f.list("opt"),
        }
    }

    /// Creates it and prints its name.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let mut name = self.name;
        if let Some(arg) = self.name_arg {
            if !name.is_empty() {
                out.fail(
                    "conflicting options: cannot specify a volume-name through both --name and as a positional arg",
                    1,
                );
                return out;
            }
            name = arg;
        }
        let driver = if self.driver.is_empty() { "local" } else { self.driver }.to_string();
        let req = VolumeCreateRequest {
            name: name.to_string(),
            driver,
            labels: kv_map(self.labels),
            options: kv_map(self.options),
        };
        match engine.volume_create(req) {
            Ok(v) => out.out(v.name),
            Err(e) => daemon_error(&mut out, &e),
        }
        out
    }
}
