//! `docker save` (`docker image save`): images into an archive on the host (`-o FILE`), or on
//! standard output when that is not the terminal. The simulated host keeps text files, so the
//! archive is the engine's own text form (see `engine::archive`); `docker load` reads it back.

use crate::client::cli::Invocation;
use crate::client::{daemon_error, ClientHost};
use crate::engine::Engine;
use crate::output::Output;
use crate::shell::fs::{Node, NodeKind, Who, WriteMode};

/// `docker save [OPTIONS] IMAGE [IMAGE...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Save<'a> {
    /// The images, as typed.
    pub images: &'a [String],
    /// `-o, --output`.
    pub output: Option<&'a str>,
}

impl<'a> Save<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Save<'a> {
        Save { images: &inv.args, output: inv.flags.string("output").filter(|o| !o.is_empty()) }
    }

    /// Writes the archive.
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>) -> Output {
        let mut out = Output::new();
        if self.output.is_none() && host.tty {
            out.fail("cowardly refusing to save to a terminal. Use the -o flag or redirect", 1);
            return out;
        }
        let text = match engine.image_save(self.images) {
            Ok(t) => t,
            Err(e) => {
                daemon_error(&mut out, &e);
                return out;
            }
        };
        let Some(file) = self.output else {
            out.out_text(&text);
            return out;
        };
        let path = crate::shell::fs::normalize(host.cwd, file);
        let who = Who::User;
        let written = if host.fs.exists(&path) {
            host.fs.write(&path, &text, WriteMode::Truncate, who, host.now)
        } else {
            host.fs.write(&path, "", WriteMode::Truncate, who, host.now).and_then(|_| {
                host.fs.set_node(
                    &path,
                    Node {
                        kind: NodeKind::File(text),
                        owner: crate::shell::fs::USER.into(),
                        mode: 0o600,
                        mtime: host.now,
                    },
                )
            })
        };
        if let Err(e) = written {
            out.fail(&format!("failed to save image: open {path}: {}", e.to_string().to_lowercase()), 1);
        }
        out
    }
}
