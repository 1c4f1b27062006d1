//! How every inspect command prints what it found, as docker/cli's `inspect.Inspect` does:
//! each reference is looked up in turn, the found objects are printed together at the end —
//! an indented JSON array (`[]` when nothing was found), a compact one (`-f json`), or one
//! template result per line — and the lookup errors follow on stderr with status 1. A
//! template that does not parse fails before any lookup, with status 64.
//!
//! The commands themselves (`container/inspect.rs`, `image/inspect.rs`, `network/inspect.rs`,
//! `volume/inspect.rs`, `system/inspect.rs`) build the documents; this module only prints.

use crate::output::template::{Template, Value};
use crate::output::Output;

/// How found objects are printed.
enum Format {
    Indented,
    Json,
    Template(Template),
}

/// Looks up each reference with `find` (which may print warnings into the output) and
/// prints everything as docker does. `raw_fallback`: a template that fails on the typed
/// object is retried on its JSON, as docker does for objects the API sends as raw bytes
/// (containers, images, networks) but not for volumes.
pub fn print(
    refs: &[String],
    format: &str,
    raw_fallback: bool,
    find: &mut dyn FnMut(&str, &mut Output) -> Result<Value, String>,
) -> Output {
    let fmt = match format {
        "" => Format::Indented,
        "json" => Format::Json,
        f => match Template::parse(f) {
            Ok(t) => Format::Template(t),
            Err(e) => {
                let mut out = Output::with_code(64);
                out.err(format!("template parsing error: {e}"));
                return out;
            }
        },
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
        Format::Indented if found.is_empty() => out.out("[]"),
        Format::Indented => out.out_text(&Value::List(found).to_json_indented(true)),
        Format::Json => out.out(Value::List(found).to_json(true)),
        Format::Template(t) => {
            let mut buffer = String::new();
            for v in &found {
                let result = if raw_fallback { t.execute_inspect(v) } else { t.execute(v) };
                match result {
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
