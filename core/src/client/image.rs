//! `docker pull|images|rmi|tag` (and their `docker image ...` forms).

use super::spec::Invocation;
use super::daemon_error;
use crate::engine::reference::ImageRef;
use crate::engine::{DaemonError, Engine, ImageDeleteItem};
use crate::output::{humanize, table, Output};

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
    let mut out = Output::new();
    let f = &inv.flags;
    let now = engine.now();
    let filter_repo = inv.args.first().and_then(|a| ImageRef::parse(a).ok());
    let mut rows: Vec<(u64, String, String, String, u64)> = Vec::new();
    for (r, img) in engine.tagged_images() {
        if let Some(fr) = &filter_repo {
            if fr.path != r.path || fr.tag.as_ref().is_some_and(|t| Some(t) != r.tag.as_ref()) {
                continue;
            }
        }
        rows.push((img.created, r.familiar_repo(), r.tag.clone().unwrap_or_default(), img.id.clone(), img.size));
    }
    if filter_repo.is_none() {
        for img in engine.images() {
            if engine.tags_of(&img.id).is_empty() {
                rows.push((img.created, "<none>".to_string(), "<none>".to_string(), img.id.clone(), img.size));
            }
        }
    }
    // Newest image first, then by name, as docker sorts.
    rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let no_trunc = f.bool("no-trunc");
    let id_of = |id: &str| -> String {
        if no_trunc {
            id.to_string()
        } else {
            let h = id.strip_prefix("sha256:").unwrap_or(id);
            h.get(..12).unwrap_or(h).to_string()
        }
    };
    if f.bool("quiet") {
        let mut seen = Vec::new();
        for (_, _, _, id, _) in &rows {
            let s = id_of(id);
            if !seen.contains(&s) {
                seen.push(s.clone());
                out.out(s);
            }
        }
        return out;
    }
    let mut table_rows = vec![["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"].iter().map(|s| s.to_string()).collect::<Vec<_>>()];
    for (created, repo, tag, id, size) in rows {
        table_rows.push(vec![repo, tag, id_of(&id), humanize::ago(now.saturating_sub(created)), humanize::size(size)]);
    }
    for l in table::render(&table_rows) {
        out.out(l);
    }
    out
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
