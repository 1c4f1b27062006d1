//! `docker compose push`: compose v2.36.2's `pkg/compose/push.go` over the engine's push (the
//! one `docker push` uses, with the credentials of `~/.docker/config.json`). Only a service
//! with both `build:` and `image:` is pushed; any other (an `image:` alone, a `build:` alone)
//! is `Skipped`, as compose decides it by `service.Build == nil || service.Image == ""`.
//! Each blob of the push stream is an event named `Pushing IMAGE: BLOB` with the stream's
//! status as its text; compose counts only `Pushed` and `Layer already exists` as done, so
//! `Mounted from ...` and `Already exists` stay working (the spinner) on the final screen.

use super::progress::{Mode, Progress, Status};
use super::Cx;
use crate::client::from_daemon;
use crate::client::registry::config;
use crate::engine::hub::{BlobPush, PushError};
use crate::engine::reference::ImageRef;
use crate::engine::Engine;

/// The virtual time an upload takes: a fixed start plus 20 MB/s.
fn upload_ms(size: u64) -> u64 {
    300 + size / 20_000
}

/// `push [OPTIONS] [SERVICE...]`.
pub fn push(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    let Some(project) = cx.load() else { return };
    let args = cx.inv.args.clone();
    let Some(named) = cx.services(&project, &args) else { return };
    // Without `--include-deps` the project is cut to the services named (all when none).
    let selected = if cx.inv.flags.bool("include-deps") { project.with_dependencies(&named) } else { named };
    // `Info` comes first (for the index server's address).
    if cx.daemon_down(engine) {
        return;
    }
    let ignore = cx.inv.flags.bool("ignore-push-failures");
    // `--quiet` runs without a progress writer at all: no events, no tail messages.
    let mode = if cx.inv.flags.bool("quiet") { Mode::Quiet } else { cx.mode() };
    let mut prog = Progress::new(mode, "Pushing");
    let creds = config::credentials(cx.host);
    let mut failure: Option<String> = None;
    let mut end = 0u64;
    let services: Vec<_> = project.services.iter().filter(|s| selected.contains(&s.name.as_str())).collect();
    // compose's loop marks the skipped services at once and starts a push per image in the
    // background; the pushes' first events come after every `Skipped`.
    let mut pushes = Vec::new();
    for svc in services {
        match (&svc.build, &svc.image) {
            (Some(_), Some(image)) if !image.is_empty() => pushes.push((svc, image)),
            _ => prog.event_with(&svc.name, None, "Skipped", Status::Done, "", 0),
        }
    }
    for (svc, image) in pushes {
        match engine.image_push(image, creds.as_ref()) {
            Ok(report) => {
                for b in &report.blobs {
                    let id = format!("Pushing {image}: {}", b.short);
                    prog.event_with(&id, None, "Preparing", Status::Working, "", 0);
                    let (text, status, ms) = match &b.status {
                        BlobPush::Pushed => ("Pushed".to_string(), Status::Done, upload_ms(b.size)),
                        BlobPush::LayerExists => ("Layer already exists".to_string(), Status::Done, 100),
                        BlobPush::Exists => ("Already exists".to_string(), Status::Working, 100),
                        BlobPush::Mounted(from) => (format!("Mounted from {from}"), Status::Working, 200),
                    };
                    prog.event_with(&id, None, &text, status, "", ms);
                    end = end.max(ms);
                }
            }
            Err(e) => {
                let message = match e {
                    PushError::Daemon(e) => {
                        let text = e.to_string();
                        // As `docker push`: a missing tag is reported inside the stream.
                        if text.starts_with("tag does not exist") {
                            let t = ImageRef::parse(image).map(|x| x.with_default_tag().familiar()).unwrap_or_default();
                            format!("tag does not exist: {t}")
                        } else {
                            from_daemon(&text)
                        }
                    }
                    PushError::Denied { waiting, message, .. } => {
                        let id = format!("Pushing {image}: {waiting}");
                        prog.event_with(&id, None, "Preparing", Status::Working, "", 0);
                        prog.event_with(&id, None, "Waiting", Status::Working, "", 0);
                        message
                    }
                };
                if ignore {
                    // `w.TailMsgf("Pushing %s: %s", service.Name, err)`: after the view.
                    prog.tail(format!("Pushing {}: {message}", svc.name));
                    continue;
                }
                failure = Some(message);
                break;
            }
        }
    }
    prog.finish(end);
    prog.print(&mut cx.out);
    if let Some(message) = failure {
        cx.fail(&message);
    }
}
