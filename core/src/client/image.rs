//! `docker pull|images|rmi|tag` (and their `docker image ...` forms).

use super::daemon_error;
use super::spec::Invocation;
use crate::engine::reference::ImageRef;
use crate::engine::{DaemonError, Engine, ImageDeleteItem};
use crate::output::Output;

/// `docker pull`.
pub fn pull(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    if let Some(name) = inv.args.first() {
        if !pull_into(engine, name, &mut out, true) {
            out.code = 1;
        }
    }
    out
}

/// Pulls `name` and prints the progress lines in their final state. `standalone` is true
/// for `docker pull` (which says `Using default tag` and ends with the full name) and
/// false inside `docker run`. Returns false after printing the daemon's refusal.
pub fn pull_into(engine: &mut Engine, name: &str, out: &mut Output, standalone: bool) -> bool {
    let parsed = match ImageRef::parse(name) {
        Ok(r) => r,
        Err(e) => {
            out.err(if standalone { e.to_string() } else { format!("docker: {e}") });
            return false;
        }
    };
    if standalone && parsed.tag.is_none() && parsed.digest.is_none() {
        out.out("Using default tag: latest");
    }
    match engine.image_pull(name) {
        Ok(report) => {
            let r = &report.reference;
            let what = match (&r.digest, &r.tag) {
                (Some(d), _) => d.clone(),
                (None, Some(t)) => t.clone(),
                _ => "latest".to_string(),
            };
            out.out(format!("{what}: Pulling from {}", r.path));
            for l in &report.layers {
                out.out(format!("{}: {}", l.short, if l.existed { "Already exists" } else { "Download complete" }));
            }
            out.out(format!("Digest: {}", report.digest));
            if report.up_to_date {
                out.out(format!("Status: Image is up to date for {}", r.familiar()));
            } else {
                out.out(format!("Status: Downloaded newer image for {}", r.familiar()));
            }
            if standalone {
                out.out(r.full());
            }
            true
        }
        Err(e) => {
            if standalone {
                daemon_error(out, &e);
            } else {
                out.err(format!("docker: Error response from daemon: {e}"));
            }
            false
        }
    }
}

/// `docker images`.
pub fn ls(engine: &mut Engine, inv: &Invocation) -> Output {
    super::images::ls(engine, inv)
}

/// `docker rmi`.
pub fn rm(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let force = inv.flags.bool("force");
    let mut errors = Vec::new();
    for a in &inv.args {
        match engine.image_remove(a, force) {
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
    if force && only_missing {
        out.code = 0;
    }
    out
}

/// `docker tag`.
pub fn tag(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    if let [src, dst] = inv.args.as_slice() {
        if let Err(e) = engine.image_tag(src, dst) {
            daemon_error(&mut out, &e);
        }
    }
    out
}
