//! `docker tag` (`docker image tag`): another name for an image.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::engine::Engine;
use crate::output::Output;

/// `docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag {
    /// The image, as typed.
    pub source: String,
    /// The new reference.
    pub target: String,
}

impl Tag {
    /// Reads the invocation (the parser has checked there are two arguments).
    pub fn parse(inv: &Invocation) -> Tag {
        let arg = |i: usize| inv.args.get(i).cloned().unwrap_or_default();
        Tag { source: arg(0), target: arg(1) }
    }

    /// Tags it; silent on success.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        if let Err(e) = engine.image_tag(&self.source, &self.target) {
            daemon_error(&mut out, &e);
        }
        out
    }
}
