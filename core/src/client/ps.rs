//! `docker ps` / `docker container ls`: the daemon's list filters and the client's
//! formatter, as docker v28 does them.
//!
//! The engine is asked only for its containers; the filtering below reproduces the
//! daemon's `daemon/list.go` (filter names checked first, `status=` implying `--all`,
//! regular-expression `name=`/`id=` matches, `before=`/`since=` walking the
//! newest-first list, the `-n` limit checked half-way through the filters) and the
//! client's `formatter.ContainerContext` (every `--format` field, `table` headers, `json`).
//! Nothing here mutates engine state.

use super::container::{ports, push_ports, push_status, status};
use super::inspect_json::{container_labels, size_rw, unpacked_size};
use super::spec::Invocation;
use crate::engine::container::Container;
use crate::engine::reference::ImageRef;
use crate::engine::{DaemonError, Engine};
use crate::output::template::{print_list, StructBuilder, Template, Value};
use crate::output::{go_quote, humanize, table, Output};

/// docker's default `ps` table.
const DEFAULT_FORMAT: &str =
    "table {{.ID}}\\t{{.Image}}\\t{{.Command}}\\t{{.RunningFor}}\\t{{.Status}}\\t{{.Ports}}\\t{{.Names}}";

/// Column titles of the container list (`formatter.NewContainerContext`).
pub const HEADERS: [(&str, &str); 15] = [
    ("ID", "CONTAINER ID"),
    ("Names", "NAMES"),
    ("Image", "IMAGE"),
    ("Command", "COMMAND"),
    ("CreatedAt", "CREATED AT"),
    ("RunningFor", "CREATED"),
    ("Ports", "PORTS"),
    ("State", "STATE"),
    ("Status", "STATUS"),
    ("Size", "SIZE"),
    ("Labels", "LABELS"),
    ("Mounts", "MOUNTS"),
    ("LocalVolumes", "LOCAL VOLUMES"),
    ("Networks", "NETWORKS"),
    ("Platform", "PLATFORM"),
];

/// Filter names the daemon accepts for containers.
const ACCEPTED: [&str; 15] = [
    "ancestor",
    "before",
    "exited",
    "id",
    "isolation",
    "label",
    "name",
    "status",
    "health",
    "since",
    "volume",
    "network",
    "is-task",
    "publish",
    "expose",
];

/// `--filter` values as `(name, value)` pairs (the parser already lower-cased names).
pub(crate) fn filter_pairs(list: &[String]) -> Vec<(String, String)> {
    list.iter()
        .map(|f| match f.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (f.clone(), String::new()),
        })
        .collect()
}

/// The daemon's `filters.Args.Validate`: the first unknown filter name, in name order
/// (Go walks a map, so any order is possible; sorting keeps us deterministic).
pub(crate) fn invalid_filter(pairs: &[(String, String)], accepted: &[&str]) -> Option<String> {
    let mut names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).filter(|k| !accepted.contains(k)).collect();
    crate::sort::sort(&mut names);
    names.first().map(|k| format!("invalid filter '{k}'"))
}

/// `filters.Args.Match`: with no values for `name` everything matches; otherwise a value
/// matches when it equals `source` or, read as a regular expression, matches part of it.
pub(crate) fn filter_match(pairs: &[(String, String)], name: &str, source: &str) -> bool {
    let values: Vec<&str> = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
    if values.is_empty() {
        return true;
    }
    values.iter().any(|v| *v == source || regex_search(v, source))
}

/// A small subset of Go's RE2 for filter values: literals, `.`, `^`, `$`, `*`, `+`, `?`,
/// `[...]` classes and `\` escapes, matched anywhere in `text` (unanchored, as
/// `regexp.MatchString`). A pattern it cannot read matches nothing, as Go skips values
/// that fail to compile.
pub(crate) fn regex_search(pattern: &str, text: &str) -> bool {
    #[derive(Clone)]
    enum Atom {
        Any,
        Lit(char),
        Class(bool, Vec<(char, char)>),
    }
    #[derive(Clone)]
    struct Piece {
        atom: Atom,
        min: usize,
        max: usize,
    }
    let mut pieces: Vec<Piece> = Vec::new();
    let chars: Vec<char> = pattern.chars().collect();
    let (mut i, anchored_start) = if chars.first() == Some(&'^') { (1, true) } else { (0, false) };
    let mut anchored_end = false;
    while i < chars.len() {
        let c = chars[i];
        let atom = match c {
            '$' if i + 1 == chars.len() => {
                anchored_end = true;
                i += 1;
                continue;
            }
            '.' => Atom::Any,
            '\\' => {
                i += 1;
                match chars.get(i) {
                    Some(e) => Atom::Lit(*e),
                    None => return false,
                }
            }
            '[' => {
                let mut j = i + 1;
                let negate = chars.get(j) == Some(&'^');
                if negate {
                    j += 1;
                }
                let mut ranges = Vec::new();
                let start = j;
                while j < chars.len() && (chars[j] != ']' || j == start) {
                    if j + 2 < chars.len() && chars[j + 1] == '-' && chars[j + 2] != ']' {
                        ranges.push((chars[j], chars[j + 2]));
                        j += 3;
                    } else {
                        ranges.push((chars[j], chars[j]));
                        j += 1;
                    }
                }
                if j >= chars.len() {
                    return false;
                }
                i = j;
                Atom::Class(negate, ranges)
            }
            '(' | ')' | '|' | '{' | '}' | '*' | '+' | '?' => return false,
            c => Atom::Lit(c),
        };
        i += 1;
        let (min, max) = match chars.get(i) {
            Some('*') => (0, usize::MAX),
            Some('+') => (1, usize::MAX),
            Some('?') => (0, 1),
            _ => (1, 1),
        };
        if min != 1 || max != 1 {
            i += 1;
        }
        pieces.push(Piece { atom, min, max });
    }
    fn matches(a: &Atom, c: char) -> bool {
        match a {
            Atom::Any => c != '\n',
            Atom::Lit(l) => *l == c,
            Atom::Class(neg, r) => r.iter().any(|(lo, hi)| *lo <= c && c <= *hi) != *neg,
        }
    }
    fn go(p: &[Piece], t: &[char], end: bool, budget: &mut u32) -> bool {
        *budget = budget.saturating_sub(1);
        if *budget == 0 {
            return false;
        }
        let Some(first) = p.first() else { return !end || t.is_empty() };
        let mut n = 0;
        while n < first.min {
            if n >= t.len() || !matches(&first.atom, t[n]) {
                return false;
            }
            n += 1;
        }
        let mut most = n;
        while most < first.max && most < t.len() && matches(&first.atom, t[most]) {
            most += 1;
        }
        (n..=most).rev().any(|k| go(&p[1..], &t[k..], end, budget))
    }
    let text: Vec<char> = text.chars().collect();
    let mut budget = 100_000u32;
    let starts = if anchored_start { 0..=0 } else { 0..=text.len() };
    starts.into_iter().any(|s| go(&pieces, &text[s..], anchored_end, &mut budget))
}

/// `filters.Args.MatchKVList` for `label=`: every `key` or `key=value` must be present.
pub(crate) fn labels_match(pairs: &[(String, String)], labels: &[(String, String)]) -> bool {
    let wanted: Vec<&str> = pairs.iter().filter(|(k, _)| k == "label").map(|(_, v)| v.as_str()).collect();
    if wanted.is_empty() {
        return true;
    }
    if labels.is_empty() {
        return false;
    }
    wanted.iter().all(|w| {
        let (k, v) = match w.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (*w, None),
        };
        labels.iter().any(|(lk, lv)| lk == k && v.is_none_or(|v| v == lv))
    })
}

fn values<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
}

/// Finds a container for `before=`/`since=`: by ID (or prefix), else by exact name.
fn id_or_name<'a>(engine: &'a Engine, value: &str) -> Result<&'a Container, DaemonError> {
    engine.container_resolve(value)
}

/// The containers `docker ps` would list, newest first, after the daemon's filters.
/// `Err` is the daemon's refusal text.
pub(crate) fn list<'a>(
    engine: &'a Engine,
    all: bool,
    limit: i64,
    pairs: &[(String, String)],
) -> Result<Vec<&'a Container>, String> {
    let daemon = |e: String| format!("Error response from daemon: {e}");
    if let Some(e) = invalid_filter(pairs, &ACCEPTED) {
        return Err(daemon(e));
    }
    let mut exited = Vec::new();
    for v in values(pairs, "exited") {
        match v.parse::<i32>() {
            Ok(n) => exited.push(n),
            Err(_) => {
                return Err(daemon(format!(
                    "invalid filter 'exited={v}': strconv.Atoi: parsing {}: invalid syntax",
                    go_quote(v)
                )))
            }
        }
    }
    let mut all = all;
    for v in values(pairs, "status") {
        if !matches!(v, "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead") {
            return Err(daemon(format!("invalid filter 'status={v}': invalid value for state ({v}): must be one of created, running, paused, restarting, removing, exited, dead")));
        }
        all = true;
    }
    for v in values(pairs, "health") {
        if !matches!(v, "starting" | "healthy" | "unhealthy" | "none") {
            return Err(daemon(format!("invalid filter 'health={v}': invalid value for health ({v}): must be one of none, starting, healthy, unhealthy")));
        }
    }
    let mut before = None;
    for v in values(pairs, "before") {
        before = Some(id_or_name(engine, v).map_err(|e| daemon(e.to_string()))?.id.clone());
    }
    let mut since = None;
    for v in values(pairs, "since") {
        since = Some(id_or_name(engine, v).map_err(|e| daemon(e.to_string()))?.id.clone());
    }
    let ancestors: Vec<String> =
        values(pairs, "ancestor").iter().filter_map(|a| engine.image_resolve(a).ok().map(|i| i.id.clone())).collect();
    let has_ancestor = pairs.iter().any(|(k, _)| k == "ancestor");
    let mut ports_wanted: Vec<(&str, String)> = Vec::new();
    for key in ["publish", "expose"] {
        for v in values(pairs, key) {
            if v.contains(':') {
                return Err(daemon(format!("filter for '{key}' should not contain ':': {v}")));
            }
            let (port, proto) = v.split_once('/').unwrap_or((v, "tcp"));
            let (a, b) = port.split_once('-').unwrap_or((port, port));
            match (a.parse::<u16>(), b.parse::<u16>()) {
                (Ok(a), Ok(b)) if a <= b => {
                    for p in a..=b {
                        ports_wanted.push((key, format!("{p}/{proto}")));
                    }
                }
                _ => return Err(daemon(format!("error while looking up for {key} {v}: invalid port range: {port}"))),
            }
        }
    }

    let mut containers: Vec<&Container> = engine.containers().collect();
    crate::sort::sort_by(&mut containers, |a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    // Filters are read once, not per container: a plain `docker ps -a` over a thousand
    // containers then does no per-row work beyond the state check.
    let has = |key: &str| pairs.iter().any(|(k, _)| k == key);
    let (by_name, by_id, by_label) = (has("name"), has("id"), has("label"));
    let is_task = values(pairs, "is-task").iter().any(|v| *v == "true" || *v == "1");
    let health = values(pairs, "health");
    let vols = values(pairs, "volume");
    let nets = values(pairs, "network");
    let mut out = Vec::new();
    for c in containers {
        if let Some(b) = &before {
            if &c.id == b {
                before = None;
            }
            continue;
        }
        if since.as_ref() == Some(&c.id) {
            break;
        }
        if !c.is_running() && !all && limit <= 0 {
            continue;
        }
        if by_name && !filter_match(pairs, "name", &c.name) && !filter_match(pairs, "name", &format!("/{}", c.name)) {
            continue;
        }
        if by_id && !filter_match(pairs, "id", &c.id) {
            continue;
        }
        if is_task {
            continue;
        }
        if by_label && !labels_match(pairs, &container_labels(engine, c)) {
            continue;
        }
        if limit > 0 && out.len() as i64 == limit {
            break;
        }
        let exited_match = exited.contains(&c.exit_code) && !c.is_running() && c.started_at.is_some();
        if !exited.is_empty() && !exited_match {
            continue;
        }
        if !filter_match(pairs, "status", c.status.as_str()) {
            continue;
        }
        if !health.is_empty() && !health.contains(&"none") {
            continue;
        }
        if !vols.is_empty() {
            let mounts = engine.container_mounts(&c.id);
            let hit = vols.iter().any(|v| {
                mounts.iter().any(|m| m.destination == *v || (if m.name.is_empty() { &m.source } else { &m.name }) == v)
            });
            if !hit {
                continue;
            }
        }
        if has_ancestor && !ancestors.contains(&c.image_id) {
            continue;
        }
        if !nets.is_empty() {
            let attached = engine.container_networks(&c.id);
            let hit = nets.iter().any(|v| {
                attached.iter().any(|n| n.name == *v || (!n.network_id.is_empty() && n.network_id.starts_with(v)))
            });
            if !hit {
                continue;
            }
        }
        if !ports_wanted.is_empty() {
            let hit = ports_wanted.iter().any(|(key, p)| {
                if *key == "publish" {
                    c.bindings.iter().any(|b| format!("{}/{}", b.host_port, b.proto) == *p)
                } else {
                    c.is_running() && c.exposed.iter().any(|(n, proto)| format!("{n}/{proto}") == *p)
                }
            });
            if !hit {
                continue;
            }
        }
        out.push(c);
    }
    Ok(out)
}

/// The IMAGE field (`ContainerContext.Image`): the reference as created, familiar and
/// without a digest; the image ID once that reference points at another image.
pub(crate) fn image_field(engine: &Engine, c: &Container, trunc: bool) -> String {
    let current = engine.image_resolve(&c.config.image).map(|i| i.id.clone()).ok();
    image_field_with(c, current.as_deref(), trunc)
}

/// [`image_field`] once the reference's current image is known (`None`: it resolves to
/// nothing now), so a listing resolves each distinct reference once.
fn image_field_with(c: &Container, current: Option<&str>, trunc: bool) -> String {
    let image = if current == Some(c.image_id.as_str()) { c.config.image.clone() } else { c.image_id.clone() };
    if !trunc {
        return image;
    }
    let short = |s: &str| -> String {
        let h = s.strip_prefix("sha256:").unwrap_or(s);
        h.get(..12).unwrap_or(h).to_string()
    };
    if short(&c.image_id) == short(&image) {
        return short(&image);
    }
    match ImageRef::parse(&image) {
        Ok(r) => {
            let mut r = r;
            r.digest = None;
            r.familiar()
        }
        Err(_) => image,
    }
}

/// One row of the list as docker's `ContainerContext` presents it.
pub(crate) fn row(engine: &Engine, c: &Container, trunc: bool, with_size: bool) -> Value {
    let now = engine.now();
    let command = c.command();
    let labels = container_labels(engine, c);
    let mounts = engine.container_mounts(&c.id);
    let mount_names: Vec<String> = mounts
        .iter()
        .map(|m| {
            let n = if m.name.is_empty() { m.source.clone() } else { m.name.clone() };
            if trunc {
                table::ellipsis(&n, 15)
            } else {
                n
            }
        })
        .collect();
    let local = mounts.iter().filter(|m| m.driver == "local").count();
    let networks: Vec<String> = engine.container_networks(&c.id).into_iter().map(|n| n.name).collect();
    let rw = size_rw(engine, c);
    let size = if with_size {
        let image = engine.images().find(|i| i.id == c.image_id);
        let root = rw + image.map(unpacked_size).unwrap_or(0);
        if root > 0 {
            format!("{} (virtual {})", humanize::size(rw), humanize::size(root))
        } else {
            humanize::size(rw)
        }
    } else {
        humanize::size(0)
    };
    StructBuilder::context("*formatter.ContainerContext")
        .f("ID", Value::str(if trunc { c.short_id().to_string() } else { c.id.clone() }))
        .f("Names", Value::str(c.name.clone()))
        .f("Image", Value::str(image_field(engine, c, trunc)))
        .f("Command", Value::str(go_quote(&if trunc { table::ellipsis(&command, 20) } else { command })))
        .f("CreatedAt", Value::str(crate::env::go_time(c.created)))
        .f("RunningFor", Value::str(humanize::ago(now.saturating_sub(c.created))))
        .f(
            "Platform",
            StructBuilder::new("*formatter.Platform")
                .pointer()
                .stringer("linux/amd64")
                .g("architecture", "Architecture", Value::str("amd64"))
                .g("os", "OS", Value::str("linux"))
                .build(),
        )
        .f("Ports", Value::str(ports(c)))
        .f("State", Value::str(c.status.as_str()))
        .f("Status", Value::str(status(c, now)))
        .f("Size", Value::str(size))
        .f("Labels", Value::str(labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")))
        .f("Label", Value::Labels(labels))
        .f("Mounts", Value::str(mount_names.join(",")))
        .f("LocalVolumes", Value::str(local.to_string()))
        .f("Networks", Value::str(networks.join(",")))
        .build()
}

/// The empty context docker runs a custom format on before listing, to catch template
/// errors (and to see whether it uses `.Size`).
fn empty_context() -> Value {
    StructBuilder::context("*formatter.ContainerContext")
        .f("ID", Value::str(""))
        .f("Names", Value::str(""))
        .f("Image", Value::str("<no image>"))
        .f("Command", Value::str("\"\""))
        .f("CreatedAt", Value::str("1970-01-01 00:00:00 +0000 UTC"))
        .f("RunningFor", Value::str("55 years ago"))
        .f("Platform", Value::Nil)
        .f("Ports", Value::str(""))
        .f("State", Value::str(""))
        .f("Status", Value::str(""))
        .f("Size", Value::str("0B"))
        .f("Labels", Value::str(""))
        .f("Label", Value::Labels(Vec::new()))
        .f("Mounts", Value::str(""))
        .f("LocalVolumes", Value::str("0"))
        .f("Networks", Value::str(""))
        .build()
}

/// `docker ps`.
pub fn ls(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    let quiet = f.bool("quiet");
    let format_flag = f.string("format").unwrap_or("").to_string();
    if !format_flag.is_empty() && quiet {
        out.err("WARNING: Ignoring custom format, because both --format and --quiet are set.");
    }
    let mut size = f.bool("size");
    if !format_flag.is_empty() {
        // docker parses and runs a custom format once on an empty row before asking the
        // daemon for anything.
        let t = match Template::parse(&format_flag) {
            Ok(t) => t,
            Err(e) => {
                out.err(format!("failed to parse template: {e}"));
                out.code = 1;
                return out;
            }
        };
        if let Err(e) = t.execute(&empty_context()) {
            out.err(format!("failed to execute template: {e}"));
            out.code = 1;
            return out;
        }
        if !quiet && !size && !f.is_set("size") && format_flag.contains(".Size") {
            size = true;
        }
    }
    let mut limit = f.int("last").unwrap_or(-1);
    if f.bool("latest") && limit == -1 {
        limit = 1;
    }
    let pairs = filter_pairs(f.list("filter"));
    let containers = match list(engine, f.bool("all"), limit, &pairs) {
        Ok(c) => c,
        Err(e) => {
            out.err(e);
            out.code = 1;
            return out;
        }
    };
    let format = match format_flag.as_str() {
        _ if quiet => "{{.ID}}".to_string(),
        "" | "table" => {
            if size {
                format!("{DEFAULT_FORMAT}\\t{{{{.Size}}}}")
            } else {
                DEFAULT_FORMAT.to_string()
            }
        }
        "raw" => {
            let mut r = "container_id: {{.ID}}\nimage: {{.Image}}\ncommand: {{.Command}}\ncreated_at: {{.CreatedAt}}\nstate: {{- pad .State 1 0}}\nstatus: {{- pad .Status 1 0}}\nnames: {{.Names}}\nlabels: {{- pad .Labels 1 0}}\nports: {{- pad .Ports 1 0}}\n".to_string();
            if size {
                r.push_str("size: {{.Size}}\\n");
            }
            r
        }
        other => other.to_string(),
    };
    let trunc = !f.bool("no-trunc");
    // The everyday forms (`docker ps`, `-a`, `-q`) skip the template engine: the same
    // columns, built directly, so listing a thousand containers stays fast.
    if quiet {
        for c in &containers {
            out.out(if trunc { c.short_id().to_string() } else { c.id.clone() });
        }
        return out;
    }
    if format_flag.is_empty() && !size {
        let now = engine.now();
        // Work that repeats across a class's many same-image containers is done once: each
        // image reference resolves once, and the IMAGE and COMMAND cells are built once per
        // (reference, image) and per argv. The caches stay small (a few distinct images).
        let mut resolved: Vec<(&str, Option<&str>)> = Vec::new();
        let mut images: Vec<(&str, &str, String)> = Vec::new();
        let mut commands: Vec<(&Container, String)> = Vec::new();
        const CACHED: usize = 32;
        let mut grid = table::Grid::new(7, containers.len() + 1);
        for h in ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"] {
            grid.cell(h);
        }
        for c in &containers {
            grid.cell(if trunc { c.short_id() } else { &c.id });
            let reference = c.config.image.as_str();
            match images.iter().find(|(r, i, _)| *r == reference && *i == c.image_id) {
                Some((_, _, cell)) => grid.cell(cell),
                None => {
                    let current = match resolved.iter().find(|(r, _)| *r == reference) {
                        Some((_, cur)) => *cur,
                        None => {
                            let cur = engine.image_resolve(reference).ok().map(|i| i.id.as_str());
                            resolved.push((reference, cur));
                            cur
                        }
                    };
                    let cell = image_field_with(c, current, trunc);
                    grid.cell(&cell);
                    if images.len() < CACHED {
                        images.push((reference, c.image_id.as_str(), cell));
                    }
                }
            }
            match commands.iter().find(|(k, _)| k.entrypoint == c.entrypoint && k.cmd == c.cmd) {
                Some((_, cell)) => grid.cell(cell),
                None => {
                    let command = c.command();
                    let cell = go_quote(&if trunc { table::ellipsis(&command, 20) } else { command });
                    grid.cell(&cell);
                    if commands.len() < CACHED {
                        commands.push((c, cell));
                    }
                }
            }
            // `humanize::ago`, written in place.
            grid.buf().push_str(&humanize::duration(now.saturating_sub(c.created)));
            grid.buf().push_str(" ago");
            grid.end_cell();
            push_status(grid.buf(), c, now);
            grid.end_cell();
            push_ports(grid.buf(), c);
            grid.end_cell();
            grid.cell(&c.name);
        }
        let lines = grid.render();
        out.lines.reserve(lines.len());
        for l in lines {
            out.out(l);
        }
        return out;
    }
    let rows: Vec<Value> = containers.iter().map(|c| row(engine, c, trunc, size)).collect();
    print_list(&mut out, &format, &rows, &HEADERS);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[&str]) -> Vec<(String, String)> {
        filter_pairs(&list.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn filter_matching_is_regex_like_the_daemon() {
        let p = pairs(&["name=web"]);
        assert!(filter_match(&p, "name", "web"));
        assert!(filter_match(&p, "name", "myweb2"));
        assert!(!filter_match(&p, "name", "db"));
        assert!(filter_match(&pairs(&["name=^w.b$"]), "name", "web"));
        assert!(!filter_match(&pairs(&["name=^w.b$"]), "name", "webs"));
        assert!(filter_match(&pairs(&["name=db[0-9]+"]), "name", "mydb12"));
        assert!(filter_match(&pairs(&["status=run"]), "status", "running"));
        assert!(filter_match(&pairs(&[]), "name", "anything"));
        assert_eq!(invalid_filter(&pairs(&["nope=1", "name=x"]), &ACCEPTED), Some("invalid filter 'nope'".to_string()));
    }

    #[test]
    fn label_filters() {
        let labels = vec![("app".to_string(), "web".to_string()), ("tier".to_string(), "front".to_string())];
        assert!(labels_match(&pairs(&["label=app"]), &labels));
        assert!(labels_match(&pairs(&["label=app=web", "label=tier"]), &labels));
        assert!(!labels_match(&pairs(&["label=app=db"]), &labels));
        assert!(!labels_match(&pairs(&["label=app"]), &[]));
    }
}
