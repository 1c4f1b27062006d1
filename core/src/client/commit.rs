//! `docker commit` (and `docker container commit`): a new image from a container's changes.
//!
//! The client validates `REPOSITORY[:TAG]` before it talks to the daemon (so a bad reference is
//! reported without the daemon prefix, as docker/cli does), then the daemon builds the image:
//! the parent's layers plus one layer holding the container's changes, the container's
//! configuration (with any `--change` instructions applied) and a new ID. The client prints
//! that ID (`sha256:...`). The image then shows in `docker images` (as `<none>` without a
//! reference) and its layer in `docker history`.

use super::exec::ClientHost;
use super::spec::Invocation;
use crate::engine::files::CommitOptions;
use crate::engine::reference::ImageRef;
use crate::engine::Engine;
use crate::output::Output;

/// `docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]`.
pub fn commit(engine: &mut Engine, inv: &Invocation, host: &mut ClientHost<'_>) -> Output {
    let mut out = Output::new();
    let Some(name) = inv.args.first() else { return out };
    let reference = inv.args.get(1).cloned();
    if let Some(r) = reference.as_deref().filter(|r| !r.is_empty()) {
        match ImageRef::parse(r) {
            Err(e) => {
                out.err(e.to_string());
                out.code = 1;
                return out;
            }
            Ok(parsed) if parsed.digest.is_some() => {
                out.err("refusing to create a tag with a digest reference");
                out.code = 1;
                return out;
            }
            Ok(_) => {}
        }
    }
    let f = &inv.flags;
    let opts = CommitOptions {
        reference,
        comment: f.string("message").unwrap_or("").to_string(),
        author: f.string("author").unwrap_or("").to_string(),
        changes: f.list("change").to_vec(),
    };
    match engine.container_commit(name, &opts, host.fs) {
        Ok(id) => out.out(id),
        Err(e) => {
            out.err(format!("Error response from daemon: {e}"));
            out.code = 1;
        }
    }
    out
}
