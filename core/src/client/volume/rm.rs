//! `docker volume rm` (`docker volume remove`): remove volumes no container uses.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::engine::Engine;
use crate::output::Output;

/// `docker volume rm [OPTIONS] VOLUME [VOLUME...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rm<'a> {
    /// The volumes, as typed.
    pub volumes: &'a [String],
    /// `-f, --force`: a missing volume is no failure.
    pub force: bool,
}

impl<'a> Rm<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Rm<'a> {
        Rm { volumes: &inv.args, force: inv.flags.bool("force") }
    }

    /// Removes each volume and prints its name; every error comes at the end.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let mut errors = Vec::new();
        for name in self.volumes {
            let trimmed = name.trim();
            if trimmed.is_empty() {
                errors.push("invalid volume name or ID: value is empty".to_string());
                continue;
            }
            match engine.volume_remove(trimmed, self.force) {
                Ok(()) => out.out(name.clone()),
                Err(e) => errors.push(from_daemon(&e)),
            }
        }
        for e in &errors {
            out.err_text(e);
        }
        if !errors.is_empty() {
            out.code = 1;
        }
        out
    }
}
