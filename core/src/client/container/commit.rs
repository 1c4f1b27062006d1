//! `docker commit` (and `docker container commit`): a new image from a container's changes.
//!
//! The client validates `REPOSITORY[:TAG]` before it talks to the daemon (so a bad reference is
//! reported without the daemon prefix, as docker/cli does), then the daemon builds the image:
//! the parent's layers plus one layer holding the container's changes, the container's
//! configuration (with any `--change` instructions applied) and a new ID. The client prints
//! that ID (`sha256:...`). The image then shows in `docker images` (as `<none>` without a
//! reference) and its layer in `docker history`.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::ClientHost;
use crate::engine::files::CommitOptions;
use crate::engine::reference::ImageRef;
use crate::engine::Engine;
use crate::output::Output;

/// `docker commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Commit<'a> {
    /// The container, as typed.
    pub container: &'a str,
    /// REPOSITORY[:TAG], if given.
    pub reference: Option<&'a str>,
    /// `-m, --message`.
    pub message: &'a str,
    /// `-a, --author`.
    pub author: &'a str,
    /// `-c, --change`: Dockerfile instructions to apply.
    pub changes: &'a [String],
}

impl<'a> Commit<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Commit<'a> {
        let f = &inv.flags;
        Commit {
            container: inv.args.first().map(String::as_str).unwrap_or(""),
            reference: inv.args.get(1).map(String::as_str),
            message: f.string("message").unwrap_or(""),
            author: f.string("author").unwrap_or(""),
            changes: f.list("change"),
        }
    }

    /// Makes the image and prints its ID.
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>) -> Output {
        commit(engine, self, host)
    }
}

fn commit(engine: &mut Engine, args: Commit, host: &mut ClientHost<'_>) -> Output {
    let mut out = Output::new();
    let name = &args.container;
    let reference = args.reference;
    if let Some(r) = reference.filter(|r| !r.is_empty()) {
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
    let opts = CommitOptions {
        reference: reference.map(str::to_string),
        comment: args.message.to_string(),
        author: args.author.to_string(),
        changes: args.changes.to_vec(),
    };
    match engine.container_commit(name, &opts, host.fs) {
        Ok(id) => out.out(id),
        Err(e) => {
            out.err(from_daemon(&e));
            out.code = 1;
        }
    }
    out
}
