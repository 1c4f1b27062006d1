//! `docker diff` (and `docker container diff`): what a container changed in its filesystem.
//!
//! One line per change, `A` (added), `C` (changed) or `D` (deleted) and the path, in the order
//! overlay2 walks the container's layer: a directory before what is inside it. Changed
//! directories above every change are listed too, because they were copied up. Volumes and bind
//! mounts are not part of the layer and never show; the files Docker generates
//! (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`) neither.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::ClientHost;
use crate::engine::Engine;
use crate::output::Output;

/// `docker diff CONTAINER`.
#[derive(Clone, Debug, PartialEq)]
pub struct Diff<'a> {
    /// The container, as typed.
    pub container: &'a str,
}

impl<'a> Diff<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Diff<'a> {
        Diff { container: inv.args.first().map(String::as_str).unwrap_or("") }
    }

    /// Lists the container's changes.
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>) -> Output {
        diff(engine, self.container, host)
    }
}

fn diff(engine: &mut Engine, name: &str, host: &mut ClientHost<'_>) -> Output {
    let mut out = Output::new();
    if name.is_empty() {
        out.err("Container name cannot be empty");
        out.code = 1;
        return out;
    }
    match engine.container_changes(name, host.fs) {
        Ok(changes) => {
            for c in changes {
                out.out(format!("{} {}", c.kind, c.path));
            }
        }
        Err(e) => {
            out.err(from_daemon(&e));
            out.code = 1;
        }
    }
    out
}
