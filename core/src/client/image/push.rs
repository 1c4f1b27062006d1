//! `docker push` (`docker image push`): upload an image to its registry, here the practice
//! Docker Hub, with the containerd image store's progress lines in their final state (one per
//! blob: `Pushed`, `Layer already exists`, `Mounted from library/nginx`), then the digest line.
//! Without a login (or to someone else's namespace) the hub refuses after the first blob.

use crate::client::cli::Invocation;
use crate::client::registry::config;
use crate::client::{from_daemon, ClientHost};
use crate::engine::hub::{BlobPush, PushError};
use crate::engine::reference::ImageRef;
use crate::engine::Engine;
use crate::output::Output;

/// `docker push [OPTIONS] NAME[:TAG]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Push<'a> {
    /// NAME[:TAG] as typed.
    pub name: &'a str,
    /// `-a, --all-tags`.
    pub all_tags: bool,
    /// `-q, --quiet`.
    pub quiet: bool,
}

impl<'a> Push<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Push<'a> {
        let f = &inv.flags;
        Push {
            name: inv.args.first().map(String::as_str).unwrap_or(""),
            all_tags: f.bool("all-tags"),
            quiet: f.bool("quiet"),
        }
    }

    /// Pushes the tag (or every tag of the repository with `-a`).
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>) -> Output {
        push(engine, self, host)
    }
}

fn push(engine: &mut Engine, args: Push, host: &mut ClientHost<'_>) -> Output {
    let mut out = Output::new();
    let r = match ImageRef::parse(args.name) {
        Ok(r) => r,
        Err(e) => {
            out.fail(&e.to_string(), 1);
            return out;
        }
    };
    if args.all_tags && r.tag.is_some() {
        out.fail("tag can't be used with --all-tags/-a", 1);
        return out;
    }
    let names: Vec<String> = if args.all_tags {
        let repo = r.familiar_repo();
        let mut tags: Vec<String> = engine
            .tagged_images()
            .filter(|(t, _)| t.familiar_repo() == repo)
            .filter_map(|(t, _)| t.tag.clone())
            .map(|t| format!("{repo}:{t}"))
            .collect();
        crate::sort::sort(&mut tags);
        tags.dedup();
        tags
    } else {
        if r.tag.is_none() && r.digest.is_none() {
            out.out("Using default tag: latest");
        }
        vec![args.name.to_string()]
    };
    out.out(format!("The push refers to repository [{}/{}]", r.domain, r.path));
    let creds = config::credentials(host);
    for name in &names {
        match engine.image_push(name, creds.as_ref()) {
            Ok(report) => {
                if !args.quiet {
                    for b in &report.blobs {
                        let status = match &b.status {
                            BlobPush::Pushed => "Pushed".to_string(),
                            BlobPush::LayerExists => "Layer already exists".to_string(),
                            BlobPush::Exists => "Already exists".to_string(),
                            BlobPush::Mounted(from) => format!("Mounted from {from}"),
                        };
                        out.out(format!("{}: {status}", b.short));
                    }
                    out.out(format!("{}: digest: {} size: {}", report.tag, report.digest, report.size));
                } else {
                    out.lines.retain(|l| !l.text.starts_with("The push refers"));
                    out.out(format!("{}:{}", r.familiar_repo(), report.tag));
                }
            }
            Err(PushError::Daemon(e)) => {
                let text = e.to_string();
                // Errors after the stream started carry no `Error response from daemon:`.
                let shown = if text.starts_with("tag does not exist") {
                    let t = ImageRef::parse(name).map(|x| x.with_default_tag().familiar()).unwrap_or_default();
                    format!("tag does not exist: {t}")
                } else {
                    from_daemon(&text)
                };
                out.fail(&shown, 1);
                return out;
            }
            Err(PushError::Denied { waiting, message, .. }) => {
                if !args.quiet {
                    out.out(format!("{waiting}: Waiting"));
                }
                out.fail(&message, 1);
                return out;
            }
        }
    }
    out
}
