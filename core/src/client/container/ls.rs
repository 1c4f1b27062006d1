//! `docker ps` / `docker container ls`: the daemon's list filters and the client's
//! formatter, as docker v28 does them.
//!
//! The engine is asked only for its containers; the filtering below reproduces the
//! daemon's `daemon/list.go` (filter names checked first, `status=` implying `--all`,
//! regular-expression `name=`/`id=` matches, `before=`/`since=` walking the
//! newest-first list, the `-n` limit checked half-way through the filters) and the
//! client's `formatter.ContainerContext` (every `--format` field, `table` headers, `json`).
//! Nothing here mutates engine state.

use super::{ports, push_ports, push_status, status};
use crate::client::cli::Invocation;
use crate::client::facts::{container_labels, size_rw, unpacked_size};
use crate::client::filters::{filter_match, filter_pairs, invalid_filter, labels_match, values};
use crate::client::from_daemon;
use crate::engine::container::Container;
use crate::engine::reference::ImageRef;
use crate::engine::{DaemonError, Engine};
use crate::go::strconv::{self, NumError};
use crate::go::units;
use crate::output::template::{print_list, StructBuilder, Template, Value};
use crate::output::{table, Output};

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
    let daemon = |e: String| from_daemon(&e);
    if let Some(e) = invalid_filter(pairs, &ACCEPTED) {
        return Err(daemon(e));
    }
    let mut exited = Vec::new();
    for v in values(pairs, "exited") {
        match v.parse::<i32>() {
            Ok(n) => exited.push(n),
            Err(_) => return Err(daemon(format!("invalid filter 'exited={v}': {}", NumError::Syntax.text("Atoi", v)))),
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
            format!("{} (virtual {})", units::size(rw), units::size(root))
        } else {
            units::size(rw)
        }
    } else {
        units::size(0)
    };
    StructBuilder::context("*formatter.ContainerContext")
        .f("ID", Value::str(if trunc { c.short_id().to_string() } else { c.id.clone() }))
        .f("Names", Value::str(c.name.clone()))
        .f("Image", Value::str(image_field(engine, c, trunc)))
        .f("Command", Value::str(strconv::quote(&if trunc { table::ellipsis(&command, 20) } else { command })))
        .f("CreatedAt", Value::str(crate::go::time::time_string(c.created, 0)))
        .f("RunningFor", Value::str(units::ago(now.saturating_sub(c.created))))
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

/// `docker ps [OPTIONS]` (`docker container ls`).
#[derive(Clone, Debug, PartialEq)]
pub struct Ps<'a> {
    /// `-a, --all`.
    pub all: bool,
    /// `-f, --filter` as `(name, value)`.
    pub filters: Vec<(String, String)>,
    /// `--format`.
    pub format: &'a str,
    /// `-n, --last` (-1: all).
    pub last: i64,
    /// `-l, --latest`.
    pub latest: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `-q, --quiet`.
    pub quiet: bool,
    /// `-s, --size`.
    pub size: bool,
    /// Whether `--size` was typed at all (`--size=false` keeps a template's `.Size` from
    /// turning it on).
    pub size_given: bool,
}

impl<'a> Ps<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Ps<'a> {
        let f = &inv.flags;
        Ps {
            all: f.bool("all"),
            filters: filter_pairs(f.list("filter")),
            format: f.string("format").unwrap_or(""),
            last: f.int("last").unwrap_or(-1),
            latest: f.bool("latest"),
            no_trunc: f.bool("no-trunc"),
            quiet: f.bool("quiet"),
            size: f.bool("size"),
            size_given: f.is_set("size"),
        }
    }

    /// Lists the containers.
    pub fn run(self, engine: &mut Engine) -> Output {
        ls(engine, self)
    }
}

fn ls(engine: &mut Engine, args: Ps) -> Output {
    let mut out = Output::new();
    let quiet = args.quiet;
    let format_flag = args.format;
    if !format_flag.is_empty() && quiet {
        out.err("WARNING: Ignoring custom format, because both --format and --quiet are set.");
    }
    let mut size = args.size;
    if !format_flag.is_empty() {
        // docker parses and runs a custom format once on an empty row before asking the
        // daemon for anything.
        let t = match Template::parse(format_flag) {
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
        if !quiet && !size && !args.size_given && format_flag.contains(".Size") {
            size = true;
        }
    }
    let mut limit = args.last;
    if args.latest && limit == -1 {
        limit = 1;
    }
    let containers = match list(engine, args.all, limit, &args.filters) {
        Ok(c) => c,
        Err(e) => {
            out.err(e);
            out.code = 1;
            return out;
        }
    };
    let format = match format_flag {
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
    let trunc = !args.no_trunc;
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
                    let cell = strconv::quote(&if trunc { table::ellipsis(&command, 20) } else { command });
                    grid.cell(&cell);
                    if commands.len() < CACHED {
                        commands.push((c, cell));
                    }
                }
            }
            // `units::ago`, written in place.
            grid.buf().push_str(&units::duration(now.saturating_sub(c.created)));
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
