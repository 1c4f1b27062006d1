//! `docker tag` (`docker image tag`): another name for an image.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::engine::Engine;
use crate::output::Output;

/// `docker tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Tag<'a> {
    /// The image, as typed.
    pub source: &'a str,
    /// The new reference.
    pub target: &'a str,
}

impl<'a> Tag<'a> {
    /// Reads the invocation (the parser has checked there are two arguments).
    pub fn parse(inv: &'a Invocation) -> Tag<'a> {
        let arg = |i: usize| inv.args.get(i).map(String::as_str).unwrap_or("");
        Tag { source: arg(0), target: arg(1) }
    }

    /// Tags it; silent on success.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        if let Err(e) = engine.image_tag(self.source, self.target) {
            daemon_error(&mut out, &e);
        }
        out
    }
}
