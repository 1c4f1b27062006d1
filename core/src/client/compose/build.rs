//! compose's builds (`pkg/compose/build.go`, v2.36.2 without bake): `docker compose build`
//! and the build step of `up`/`create`. Each service with `build:` goes to the engine's
//! BuildKit in dependency order, with compose's options (the image `PROJECT-SERVICE` unless
//! `image:` names one, compose's labels on the image, no provenance attestation). One buildx
//! printer draws every service's build on stdout, its vertices prefixed with the service
//! (`[web 1/2] FROM ...`, buildx's `WithPrefix`), after the one-time hint about bake; then
//! compose's own view gets a `Built` event per service. A failure leaves the printer's log box
//! and compose's `failed to solve: ...` (no `ERROR:`, no Dockerfile excerpt: those are the
//! buildx command's, which compose is not).

use super::model::{Project, Service};
use super::progress::{Mode, Progress, Status};
use super::project as proj;
use super::Cx;
use crate::engine::build::{BuildReport, BuildRequest, Built, Vertex, VertexEnd};
use crate::engine::Engine;
use crate::output::{build_progress, COLUMNS};

/// `bakeSuggest`, printed once before the first build when hints are on.
const BAKE_SUGGEST: [&str; 2] =
    ["Compose can now delegate builds to bake for better performance.", " To do so, set COMPOSE_BAKE=true."];

/// What `build:` services of `names` to build: all of them (`docker compose build`, `up
/// --build`), or those whose image is missing (`up`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Which {
    #[default]
    All,
    Missing,
}

/// Options of `docker compose build` that reach the builder.
#[derive(Clone, Debug, Default)]
pub(super) struct Options {
    /// Which services build.
    pub which: Which,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `--build-arg`, as given.
    pub build_args: Vec<String>,
}

/// Builds the services of `names` that need it, in dependency order, drawing the builds on
/// stdout and adding a `Built` event per service to `prog`. `Err` is compose's error text
/// (the printer's output is already there).
pub(super) fn build_services(
    cx: &mut Cx<'_, '_>,
    engine: &mut Engine,
    project: &Project,
    names: &[&str],
    opts: &Options,
    prog: &mut Progress,
    t: u64,
) -> Result<(), String> {
    let todo: Vec<&Service> = project
        .start_order()
        .into_iter()
        .filter(|s| names.contains(&s.name.as_str()) && s.build.is_some())
        .filter(|s| opts.which == Which::All || engine.image_resolve(&proj::image_of(project, s)).is_err())
        .collect();
    if todo.is_empty() {
        return Ok(());
    }
    let mode = prog.mode();
    let hints = cx.host.env.get("DOCKER_CLI_HINTS").is_none_or(|v| go_parse_bool(v).unwrap_or(true));
    if hints && mode != Mode::Quiet {
        for l in BAKE_SUGGEST {
            cx.out.out(l.to_string());
        }
    }
    // One printer for every build: its vertices in one list, times running on.
    let mut all = BuildReport {
        vertices: Vec::new(),
        duration: 0,
        warnings: Vec::new(),
        outcome: Ok(Built { id: String::new(), names: Vec::new() }),
    };
    let mut built: Vec<&str> = Vec::new();
    for svc in todo {
        let Some(b) = &svc.build else { continue };
        if !cx.host.fs.is_dir(&b.context) {
            draw(cx, engine, all, mode);
            return Err(format!("unable to prepare context: path {} not found", crate::go::strconv::quote(&b.context)));
        }
        let dockerfile = crate::shell::fs::normalize(&b.context, &b.dockerfile);
        let req = BuildRequest {
            context: b.context.clone(),
            dockerfile_name: crate::shell::fs::file_name(&dockerfile).to_string(),
            dockerfile,
            tags: vec![proj::image_of(project, svc)],
            build_args: build_args(cx, b, &opts.build_args),
            labels: vec![
                ("com.docker.compose.project".to_string(), project.name.clone()),
                ("com.docker.compose.service".to_string(), svc.name.clone()),
                ("com.docker.compose.version".to_string(), proj::VERSION.to_string()),
            ],
            target: b.target.clone().unwrap_or_default(),
            no_cache: opts.no_cache,
            logged_in: crate::client::registry::config::credentials(cx.host).is_some(),
            no_provenance: true,
        };
        let mut report = engine.image_build(&req, cx.host.fs);
        let offset = all.duration;
        for mut v in std::mem::take(&mut report.vertices) {
            v.name = prefixed(&svc.name, &v.name);
            v.start += offset;
            v.end += offset;
            for s in &mut v.statuses {
                s.start += offset;
                s.end += offset;
            }
            all.vertices.push(v);
        }
        all.duration = offset + report.duration;
        match &report.outcome {
            Ok(_) => {
                // buildx's client resolves the provenance for the metadata compose asks for.
                let end = all.duration + 2;
                all.vertices.push(Vertex {
                    name: prefixed(&svc.name, "resolving provenance for metadata file"),
                    start: end - 1,
                    end,
                    state: VertexEnd::Done,
                    statuses: Vec::new(),
                    logs: Vec::new(),
                    warnings: Vec::new(),
                });
                all.duration = end + 8;
                built.push(&svc.name);
            }
            Err(f) => {
                let message = f.message.clone();
                let mut f = f.clone();
                f.log = f.log.map(|(name, lines)| (prefixed(&svc.name, &name), lines));
                f.excerpt = None;
                all.outcome = Err(f);
                draw(cx, engine, all, mode);
                return Err(format!("failed to solve: {message}"));
            }
        }
    }
    draw(cx, engine, all, mode);
    // compose's `BuiltEvent`s, by service name.
    crate::sort::sort(&mut built);
    for name in built {
        prog.event(name, Status::Done, "Built", t);
    }
    Ok(())
}

/// The printer's output (to stdout, where compose gives it): the final screen or the plain
/// lines, and a failed vertex's log box. The engine keeps the report, so a page can play the
/// screen back as it grew, as for `docker build`.
fn draw(cx: &mut Cx<'_, '_>, engine: &mut Engine, report: BuildReport, mode: Mode) {
    let lines = match mode {
        Mode::Quiet => return,
        Mode::Tty => build_progress::tty_frame(&report, report.duration, COLUMNS),
        Mode::Plain => build_progress::plain(&report),
    };
    for l in lines {
        cx.out.out(l);
    }
    if let Err(f) = &report.outcome {
        if let Some((name, log)) = &f.log {
            cx.out.out("------".to_string());
            cx.out.out(format!(" > {name}:"));
            for l in log {
                cx.out.out(l.clone());
            }
            cx.out.out("------".to_string());
        }
    }
    engine.keep_build_report(report);
}

/// buildx's `WithPrefix`: `[internal] load ...` becomes `[web internal] load ...`, `[1/2] RUN
/// ...` `[web 1/2] RUN ...`, `exporting to image` `[web] exporting to image`.
fn prefixed(service: &str, name: &str) -> String {
    match name.strip_prefix('[') {
        Some(rest) => format!("[{service} {rest}"),
        None => format!("[{service}] {name}"),
    }
}

/// `resolveAndMergeBuildArgs`: the file's `args:` (a bare name takes the shell's value, or is
/// dropped), then `--build-arg` over them.
fn build_args(cx: &Cx<'_, '_>, b: &super::model::Build, flags: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut set = |k: &str, v: Option<String>| {
        out.retain(|(n, _)| n != k);
        if let Some(v) = v {
            out.push((k.to_string(), v));
        }
    };
    for (k, v) in &b.args {
        set(k, v.clone().or_else(|| cx.host.env.get(k).cloned()));
    }
    for a in flags {
        match a.split_once('=') {
            Some((k, v)) => set(k, Some(v.to_string())),
            None => set(a, cx.host.env.get(a).cloned()),
        }
    }
    out
}

/// Go's `strconv.ParseBool`.
fn go_parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}
