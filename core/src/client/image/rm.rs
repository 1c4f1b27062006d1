//! `docker rmi` (`docker image rm`, `docker image remove`): untag images and delete the ones
//! left without a tag.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::engine::{DaemonError, Engine, ImageDeleteItem};
use crate::output::Output;

/// `docker rmi [OPTIONS] IMAGE [IMAGE...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Rmi<'a> {
    /// The images, as typed.
    pub images: &'a [String],
    /// `-f, --force`.
    pub force: bool,
}

impl<'a> Rmi<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Rmi<'a> {
        Rmi { images: &inv.args, force: inv.flags.bool("force") }
    }

    /// Removes each image, printing what was untagged and deleted.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let mut errors = Vec::new();
        for a in self.images {
            match engine.image_remove(a, self.force) {
                Ok(items) => {
                    for i in items {
                        match i {
                            ImageDeleteItem::Untagged(t) => out.out(format!("Untagged: {t}")),
                            ImageDeleteItem::Deleted(id) => out.out(format!("Deleted: {id}")),
                        }
                    }
                }
                Err(e) => errors.push(e),
            }
        }
        // Errors come after every success; with -f, "no such image" alone is no failure.
        let only_missing = errors.iter().all(|e| matches!(e, DaemonError::NoSuchImage(_)));
        for e in &errors {
            daemon_error(&mut out, e);
        }
        if self.force && only_missing {
            out.code = 0;
        }
        out
    }
}
