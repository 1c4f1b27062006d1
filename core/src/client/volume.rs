//! `docker volume create|ls|inspect|rm|prune`: the client-side steps of each and docker's
//! output, plus the `-v` checks `docker run`/`create` make before calling the daemon.
//!
//! Also home of three small pieces the other groups share: the prune confirmation prompt
//! ([`confirm`]), the `inspect` printer ([`inspect_print`]) and docker's natural sort
//! ([`natural_less`]). Nothing here changes engine state except through engine methods.

use super::spec::{Flags, Invocation};
use crate::engine::volume::{Volume, VolumeCreateRequest};
use crate::engine::{DaemonError, Engine};
use crate::map::Map;
use crate::output::template::{print_list, StructBuilder, Template, Value};
use crate::output::{humanize, Output};

/// The columns `docker volume ls` knows, for `--format` headers.
const HEADERS: &[(&str, &str)] = &[
    ("Name", "VOLUME NAME"),
    ("Driver", "DRIVER"),
    ("Scope", "SCOPE"),
    ("Mountpoint", "MOUNTPOINT"),
    ("Labels", "LABELS"),
    ("Links", "LINKS"),
    ("Size", "SIZE"),
    ("Group", "GROUP"),
    ("Availability", "AVAILABILITY"),
    ("Status", "STATUS"),
    ("ID", "ID"),
];

/// `docker volume create [VOLUME]`: prints the volume's name.
pub fn create(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    let mut name = f.string("name").unwrap_or("").to_string();
    if let Some(arg) = inv.args.first() {
        if !name.is_empty() {
            out.err("conflicting options: cannot specify a volume-name through both --name and as a positional arg");
            out.code = 1;
            return out;
        }
        name = arg.clone();
    }
    let req = VolumeCreateRequest {
        name,
        driver: f.string("driver").unwrap_or("local").to_string(),
        labels: kv_map(f.list("label")),
        options: kv_map(f.list("opt")),
    };
    match engine.volume_create(req) {
        Ok(v) => out.out(v.name),
        Err(e) => daemon_error(&mut out, &e),
    }
    out
}

/// `docker volume ls`: `DRIVER    VOLUME NAME`, sorted by name the natural way.
pub fn ls(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    let mut list: Vec<&Volume> = match engine.volume_list(f.list("filter")) {
        Ok(l) => l,
        Err(e) => {
            daemon_error(&mut out, &e);
            return out;
        }
    };
    crate::sort::sort_by(&mut list, |a, b| natural_cmp(&a.name, &b.name));
    let quiet = f.bool("quiet");
    let format = match f.string("format").unwrap_or("") {
        "" | "table" if quiet => "{{.Name}}".to_string(),
        "" | "table" => "table {{.Driver}}\t{{.Name}}".to_string(),
        other => other.to_string(),
    };
    let rows: Vec<Value> = list.iter().map(|v| list_row(v)).collect();
    print_list(&mut out, &format, &rows, HEADERS);
    out
}

/// One row of `docker volume ls` as docker's `volumeContext` (its methods, by name).
fn list_row(v: &Volume) -> Value {
    let labels: Vec<(String, String)> = v.labels.iter().flatten().map(|(k, l)| (k.clone(), l.clone())).collect();
    StructBuilder::context("*formatter.volumeContext")
        .f("Name", Value::str(&v.name))
        .f("Driver", Value::str(&v.driver))
        .f("Scope", Value::str("local"))
        .f("Mountpoint", Value::str(v.mountpoint()))
        .f("Labels", Value::str(labels.iter().map(|(k, l)| format!("{k}={l}")).collect::<Vec<_>>().join(",")))
        .f("Label", Value::Labels(labels))
        .f("Links", Value::str("N/A"))
        .f("Size", Value::str("N/A"))
        .f("Group", Value::str("N/A"))
        .f("Availability", Value::str("N/A"))
        .f("Status", Value::str("N/A"))
        .build()
}

/// `docker volume inspect VOLUME...`: JSON as the API describes volumes.
pub fn inspect(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let results: Vec<Result<Value, String>> = inv
        .args
        .iter()
        .map(|name| {
            let name = name.trim();
            if name.is_empty() {
                return Err("invalid volume name or ID: value is empty".to_string());
            }
            engine.volume_inspect(name).map(inspect_value).map_err(|e| format!("Error response from daemon: {e}"))
        })
        .collect();
    inspect_print(&mut out, results, inv.flags.string("format").unwrap_or(""), false);
    out
}

/// A volume as the API's `volume.Volume` (field order and `null`s as dockerd sends them).
pub fn inspect_value(v: &Volume) -> Value {
    let map = |m: &Option<Map<String, String>>| match m {
        Some(m) => Value::string_map(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
        None => Value::NilMap,
    };
    StructBuilder::new("volume.Volume")
        .o("ClusterVolume", Value::Nil)
        .o("CreatedAt", Value::str(rfc3339(v.created)))
        .f("Driver", Value::str(&v.driver))
        .f("Labels", map(&v.labels))
        .f("Mountpoint", Value::str(v.mountpoint()))
        .f("Name", Value::str(&v.name))
        .f("Options", map(&v.options))
        .f("Scope", Value::str("local"))
        .o("Status", Value::NilMap)
        .o("UsageData", Value::Nil)
        .build()
}

/// `docker volume rm VOLUME...`: names of the removed volumes, then every error at the end.
pub fn rm(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let force = inv.flags.bool("force");
    let mut errors = Vec::new();
    for name in &inv.args {
        let trimmed = name.trim();
        if trimmed.is_empty() {
            errors.push("invalid volume name or ID: value is empty".to_string());
            continue;
        }
        match engine.volume_remove(trimmed, force) {
            Ok(()) => out.out(name.clone()),
            Err(e) => errors.push(format!("Error response from daemon: {e}")),
        }
    }
    for e in &errors {
        out.err_text(e);
    }
    if !errors.is_empty() {
        out.code = 1;
    }
    out
}

/// The question `docker volume prune` asks without `-f`.
pub fn prune_warning(all: bool) -> &'static str {
    if all {
        "WARNING! This will remove all local volumes not used by at least one container.\nAre you sure you want to continue?"
    } else {
        "WARNING! This will remove anonymous local volumes not used by at least one container.\nAre you sure you want to continue?"
    }
}

/// docker's `prompt.Confirm`: prints `message [y/N] ` on stdout (without a newline in a
/// real terminal) and reads one line of `stdin`; only `y`/`Y` confirms. A refusal stops
/// quietly with status 0, as docker does. (The session shows the question and passes the
/// learner's answer as stdin.)
pub fn confirm(out: &mut Output, message: &str, stdin: &str) -> bool {
    out.out_text(&format!("{message} [y/N] "));
    stdin.lines().next().unwrap_or("").trim().eq_ignore_ascii_case("y")
}

/// `docker volume prune`.
pub fn prune(engine: &mut Engine, inv: &Invocation, stdin: &str) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    let all = f.bool("all");
    let filters = f.list("filter");
    if all && filters.iter().any(|x| x.split_once('=').map_or(x.as_str(), |(k, _)| k) == "all") {
        out.err("conflicting options: cannot specify both --all and --filter all=1");
        out.code = 1;
        return out;
    }
    if !f.bool("force") && !confirm(&mut out, prune_warning(all), stdin) {
        return out;
    }
    match engine.volume_prune(all, filters) {
        Ok(report) => {
            if !report.deleted.is_empty() {
                out.out("Deleted Volumes:");
                for n in &report.deleted {
                    out.out(n.clone());
                }
                out.out("");
            }
            out.out(format!("Total reclaimed space: {}", humanize::size_with_precision(report.reclaimed as f64, 4)));
        }
        Err(e) => daemon_error(&mut out, &e),
    }
    out
}

// ----- helpers shared with run/create and the network commands ----------------------------

/// The `-v` and `--mount` values of `docker run`/`create`, checked as the client checks
/// `-v` (compose's `ParseVolume`: `invalid spec: ...`), in the order the daemon sees them.
/// The error is the message to print after `docker: `.
pub fn run_volume_specs(f: &Flags) -> Result<Vec<String>, String> {
    let mut specs = Vec::new();
    for v in f.list("volume") {
        check_volume_spec(v)?;
        specs.push(v.clone());
    }
    specs.extend(f.list("mount").iter().cloned());
    Ok(specs)
}

/// compose's `loader.ParseVolume` errors (the client's first look at a `-v` value).
pub fn check_volume_spec(spec: &str) -> Result<(), String> {
    if spec.is_empty() {
        return Err("invalid empty volume spec".to_string());
    }
    if spec.chars().count() <= 2 {
        return Ok(());
    }
    let (mut source, mut target) = (None::<String>, None::<String>);
    let mut buffer = String::new();
    let chars: Vec<char> = spec.chars().chain(std::iter::once('\0')).collect();
    for (i, &c) in chars.iter().enumerate() {
        let end = i + 1 == chars.len();
        let drive = c == ':' && buffer.chars().count() == 1 && buffer.chars().all(char::is_alphabetic);
        if drive || (c != ':' && !end) {
            buffer.push(c);
            continue;
        }
        let wrap = |e: &str| format!("invalid spec: {spec}: {e}");
        if buffer.is_empty() {
            return Err(wrap("empty section between colons"));
        }
        if source.is_none() && end {
            target = Some(std::mem::take(&mut buffer));
        } else if source.is_none() {
            source = Some(std::mem::take(&mut buffer));
        } else if target.is_none() {
            target = Some(std::mem::take(&mut buffer));
        } else if c == ':' {
            return Err(wrap("too many colons"));
        } else {
            buffer.clear(); // Mode options: the daemon judges them.
        }
    }
    Ok(())
}

/// Prints `docker X inspect` results as the CLI's inspector does: an indented JSON array
/// (`[]` when nothing was found), compact JSON for `-f json`, or one template result per
/// object; then every error, and status 1 if there was one. `raw_fallback` retries a
/// failing template on the object's JSON, which docker does when the API sent raw bytes
/// (networks, containers) but not for volumes.
pub fn inspect_print(out: &mut Output, results: Vec<Result<Value, String>>, format: &str, raw_fallback: bool) {
    let mut errors: Vec<String> = Vec::new();
    let mut found = Vec::new();
    for r in results {
        match r {
            Ok(v) => found.push(v),
            Err(e) => errors.push(e),
        }
    }
    match format {
        "" | "json" => {
            if found.is_empty() {
                out.out("[]");
            } else {
                let list = Value::List(found);
                if format == "json" {
                    out.out(list.to_json(true));
                } else {
                    out.out_text(&list.to_json_indented(true));
                }
            }
        }
        tmpl => {
            let parsed = match Template::parse(tmpl) {
                Ok(t) => t,
                Err(e) => {
                    out.err(format!("template parsing error: {e}"));
                    out.code = 64;
                    return;
                }
            };
            let mut buffer = String::new();
            for v in &found {
                let result = if raw_fallback { parsed.execute_inspect(v) } else { parsed.execute(v) };
                match result {
                    Ok(text) => {
                        buffer.push_str(&text);
                        buffer.push('\n');
                    }
                    Err(e) => errors.push(format!("template parsing error: {e}")),
                }
            }
            if buffer.is_empty() {
                out.out("");
            } else {
                out.out_text(&buffer);
            }
        }
    }
    for e in &errors {
        out.err_text(e);
    }
    if !errors.is_empty() {
        out.code = 1;
    }
}

/// Prints a daemon refusal, one terminal line per line of its text.
pub(crate) fn daemon_error(out: &mut Output, e: &DaemonError) {
    out.err_text(&format!("Error response from daemon: {e}"));
    out.code = 1;
}

/// docker's `ConvertKVStringsToMap`: `k=v` → k: v, a bare `k` → k: "".
pub(crate) fn kv_map(items: &[String]) -> Map<String, String> {
    items
        .iter()
        .map(|s| match s.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (s.clone(), String::new()),
        })
        .collect()
}

/// `time.Format(time.RFC3339)` in UTC: `2025-02-11T07:00:05Z`.
pub(crate) fn rfc3339(t: crate::env::SimTime) -> String {
    let (y, mo, d, h, mi, s) = crate::env::civil(t / 1000);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// `sortorder.NaturalLess` (what `volume ls` and `network ls` sort by): runs of digits
/// compare as numbers and sort before other characters; other bytes compare as bytes.
pub fn natural_less(a: &str, b: &str) -> bool {
    let (s1, s2) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < s1.len() && j < s2.len() {
        let (c1, c2) = (s1[i], s2[j]);
        let (d1, d2) = (c1.is_ascii_digit(), c2.is_ascii_digit());
        if d1 != d2 {
            return d1;
        }
        if !d1 {
            if c1 != c2 {
                return c1 < c2;
            }
            i += 1;
            j += 1;
            continue;
        }
        while i < s1.len() && s1[i] == b'0' {
            i += 1;
        }
        while j < s2.len() && s2[j] == b'0' {
            j += 1;
        }
        let (nz1, nz2) = (i, j);
        while i < s1.len() && s1[i].is_ascii_digit() {
            i += 1;
        }
        while j < s2.len() && s2[j].is_ascii_digit() {
            j += 1;
        }
        if i - nz1 != j - nz2 {
            return i - nz1 < j - nz2;
        }
        if s1[nz1..i] != s2[nz2..j] {
            return s1[nz1..i] < s2[nz2..j];
        }
        if nz1 != nz2 {
            return nz1 < nz2;
        }
    }
    s1.len() < s2.len()
}

/// [`natural_less`] as an ordering for `sort_by`.
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if natural_less(a, b) {
        std::cmp::Ordering::Less
    } else if natural_less(b, a) {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Equal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_order_is_sortorders() {
        let mut v = vec!["vol10", "vol2", "Vol", "vol02", "a", "1a", "vol"];
        v.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(v, vec!["1a", "Vol", "a", "vol", "vol2", "vol02", "vol10"]);
    }

    #[test]
    fn client_side_volume_spec_errors() {
        let check = |s: &str| check_volume_spec(s).err().unwrap_or_default();
        assert_eq!(check(""), "invalid empty volume spec");
        assert_eq!(check("data:/x:ro:z"), "invalid spec: data:/x:ro:z: too many colons");
        // `a:` reads as a Windows drive letter, so this one reaches the daemon.
        assert_eq!(check("a:b:c:d"), "");
        assert_eq!(check(":/data"), "invalid spec: :/data: empty section between colons");
        assert_eq!(check("data::/x"), "invalid spec: data::/x: empty section between colons");
        assert_eq!(check("data:/x:ro"), "");
        assert_eq!(check("C:\\dir:/x"), "");
        assert_eq!(check("/x"), "");
    }

    #[test]
    fn rfc3339_is_seconds_and_z() {
        assert_eq!(rfc3339(crate::env::from_civil(2025, 2, 11, 7, 0, 5) + 999), "2025-02-11T07:00:05Z");
        assert_eq!(
            kv_map(&["a=1=2".to_string(), "b".to_string()]).into_iter().collect::<Vec<_>>(),
            vec![("a".to_string(), "1=2".to_string()), ("b".to_string(), String::new())]
        );
    }
}
