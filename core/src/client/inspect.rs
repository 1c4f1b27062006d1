//! `docker inspect`, `docker container inspect` and `docker image inspect`.
//!
//! As docker/cli's `inspect.Inspect` does: every reference is looked up in turn (the
//! generic command tries container, image, network, then volume), found objects are
//! printed together at the end — as an indented JSON array, a compact one (`-f json`), or
//! one template result per line — and the lookup errors follow on stderr with exit
//! status 1. A template that does not parse fails before any lookup, with status 64.
//! This module reads engine state only.

use super::inspect_json;
use super::spec::Invocation;
use crate::engine::Engine;
use crate::output::template::{Template, Value};
use crate::output::Output;

/// Every object type `docker inspect --type` knows, in docker's order.
const ALL_TYPES: [&str; 10] =
    ["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];

/// How found objects are printed.
enum Format {
    Indented,
    Json,
    Template(Template),
}

/// Parses `-f` the way `NewTemplateInspectorFromString` does. `Err` is the complete
/// failure output.
fn parse_format(format: &str) -> Result<Format, Output> {
    match format {
        "" => Ok(Format::Indented),
        "json" => Ok(Format::Json),
        f => Template::parse(f).map(Format::Template).map_err(|e| {
            let mut out = Output::with_code(64);
            out.err(format!("template parsing error: {e}"));
            out
        }),
    }
}

/// Looks up each reference with `find` and prints everything as docker does.
fn run_inspect(
    refs: &[String],
    format: &str,
    mut find: impl FnMut(&str, &mut Output) -> Result<Value, String>,
) -> Output {
    let fmt = match parse_format(format) {
        Ok(f) => f,
        Err(out) => return out,
    };
    let mut out = Output::new();
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for r in refs {
        match find(r, &mut out) {
            Ok(v) => found.push(v),
            Err(e) => errors.push(e),
        }
    }
    match &fmt {
        Format::Indented => {
            if found.is_empty() {
                out.out("[]");
            } else {
                out.out_text(&Value::List(found).to_json_indented(true));
            }
        }
        Format::Json => out.out(Value::List(found).to_json(true)),
        Format::Template(t) => {
            let mut buffer = String::new();
            for v in &found {
                match t.execute_inspect(v) {
                    Ok(s) => {
                        buffer.push_str(&s);
                        buffer.push('\n');
                    }
                    Err(e) => errors.push(format!("template parsing error: {e}")),
                }
            }
            if buffer.is_empty() {
                buffer.push('\n');
            }
            out.out_text(&buffer);
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            out.err_text(e);
        }
        out.code = 1;
    }
    out
}

/// `docker container inspect`.
pub fn container(engine: &mut Engine, inv: &Invocation) -> Output {
    let size = inv.flags.bool("size");
    let engine = &*engine;
    run_inspect(&inv.args, inv.flags.string("format").unwrap_or(""), |r, _| match engine.container_resolve(r) {
        Ok(c) => Ok(inspect_json::container(engine, c, size)),
        Err(e) => Err(format!("Error response from daemon: {e}")),
    })
}

/// `docker image inspect`.
pub fn image(engine: &mut Engine, inv: &Invocation) -> Output {
    let engine = &*engine;
    run_inspect(&inv.args, inv.flags.string("format").unwrap_or(""), |r, _| match engine.image_resolve(r) {
        Ok(img) => Ok(inspect_json::image(engine, img)),
        Err(e) => Err(format!("Error response from daemon: {e}")),
    })
}

/// `docker inspect`: any object by name or ID, or only those of `--type`.
pub fn any(engine: &mut Engine, inv: &Invocation) -> Output {
    let engine = &*engine;
    let kind = inv.flags.string("type").unwrap_or("");
    let quoted = ALL_TYPES.join("\", \"");
    if inv.flags.is_set("type") && kind.is_empty() {
        let mut out = Output::with_code(1);
        out.err(format!("type is empty: must be one of \"{quoted}\""));
        return out;
    }
    if !kind.is_empty() && !ALL_TYPES.contains(&kind) {
        let mut out = Output::with_code(1);
        out.err(format!("unknown type: {}: must be one of \"{quoted}\"", crate::output::go_quote(kind)));
        return out;
    }
    let size = inv.flags.bool("size");
    run_inspect(&inv.args, inv.flags.string("format").unwrap_or(""), |r, out| {
        let wanted = |t: &str| kind.is_empty() || kind == t;
        // Each type in turn; "not found" moves on to the next unless a type was given.
        if wanted("container") {
            match engine.container_resolve(r) {
                Ok(c) => return Ok(inspect_json::container(engine, c, size)),
                Err(e) if !kind.is_empty() => return Err(format!("Error response from daemon: {e}")),
                Err(_) => {}
            }
        }
        if wanted("image") {
            match engine.image_resolve(r) {
                Ok(img) => {
                    if size {
                        out.err("WARNING: --size ignored for image");
                    }
                    return Ok(inspect_json::image(engine, img));
                }
                Err(e) if !kind.is_empty() => return Err(format!("Error response from daemon: {e}")),
                Err(_) => {}
            }
        }
        if wanted("network") {
            match engine.network_resolve(r) {
                Ok(n) => {
                    if size {
                        out.err("WARNING: --size ignored for network");
                    }
                    return Ok(super::network::inspect_value(engine, n));
                }
                Err(e) if !kind.is_empty() => return Err(format!("Error response from daemon: {e}")),
                Err(_) => {}
            }
        }
        if wanted("volume") {
            match engine.volume_inspect(r) {
                Ok(v) => {
                    if size {
                        out.err("WARNING: --size ignored for volume");
                    }
                    return Ok(super::volume::inspect_value(v));
                }
                Err(e) if !kind.is_empty() => return Err(format!("Error response from daemon: {e}")),
                Err(_) => {}
            }
        }
        if !kind.is_empty() {
            // Swarm objects and plugins: this daemon is not a swarm manager.
            return Err(match kind {
                "plugin" => format!("Error response from daemon: plugin {} not found", crate::output::go_quote(r)),
                _ => "Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.".to_string(),
            });
        }
        Err(format!("Error: No such object: {r}"))
    })
}
