//! `docker volume create`: a named volume (a generated name without one).

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::facts::kv_map;
use crate::engine::volume::VolumeCreateRequest;
use crate::engine::Engine;
use crate::output::Output;

/// `docker volume create [OPTIONS] [VOLUME]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Create {
    /// VOLUME, if given.
    pub name_arg: Option<String>,
    /// `--name`.
    pub name: String,
    /// `-d, --driver` (default `local`).
    pub driver: String,
    /// `--label`.
    pub labels: Vec<String>,
    /// `-o, --opt`.
    pub options: Vec<String>,
}

impl Create {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Create {
        let f = &inv.flags;
        Create {
            name_arg: inv.args.first().cloned(),
            name: f.text("name"),
            driver: f.text("driver"),
            labels: f.list("label").to_vec(),
            options: f.list("opt").to_vec(),
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
        let driver = if self.driver.is_empty() { "local".to_string() } else { self.driver };
        let req = VolumeCreateRequest { name, driver, labels: kv_map(&self.labels), options: kv_map(&self.options) };
        match engine.volume_create(req) {
            Ok(v) => out.out(v.name),
            Err(e) => daemon_error(&mut out, &e),
        }
        out
    }
}
