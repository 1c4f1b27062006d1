//! `docker version`, `info`, `system df`, `system prune`, `events`, `search`, `login`,
//! `logout`: the daemon-wide commands, in docker v28's words.
//!
//! The client block of `version` and `info` is what the installed 28.2.2 client prints
//! (no CLI plugins, context `default`); the server block is a plausible Docker Desktop
//! 4.42 / Engine 28.2.2 with the simulation's real counts. `events` prints the engine's
//! recorded events for `--since`/`--until` windows. Prune commands ask docker's `[y/N]`
//! question unless `-f` is given (see [`confirmation_prompt`]). Only the prune commands
//! change engine state, and only through engine methods.

use super::inspect_json::{size_rw, stable};
use super::ps::{filter_pairs, invalid_filter, labels_match};
use super::spec::{Invocation, CLIENT_COMMIT, CLIENT_VERSION};
use super::timestamp::get_timestamp;
use super::DAEMON_DOWN;
use crate::engine::process::{CPUS, KERNEL_RELEASE};
use crate::engine::registry::registry;
use crate::engine::{Engine, ImageDeleteItem};
use crate::event::{Event, ObjectKind};
use crate::output::template::{prepare_format, print_list, tabwrite, StructBuilder, Template, Value};
use crate::output::{humanize, table, Output};
use crate::snapshot::ContainerStatus;

/// The Docker Desktop release the simulated daemon belongs to.
const DESKTOP: &str = "Docker Desktop 4.42.0 (195023)";
/// Bytes of memory the Docker Desktop VM has (`7.655GiB`).
const MEM_TOTAL: i64 = 8_219_348_992;
const GO_VERSION: &str = "go1.24.3";
const CLIENT_BUILT: &str = "Fri May 30 12:07:14 2025";
const ENGINE_COMMIT: &str = "45873be";
const ENGINE_BUILT: &str = "Fri May 30 12:07:27 2025";
const CONTAINERD_VERSION: &str = "1.7.27";
const CONTAINERD_COMMIT: &str = "05044ec0a9a75232cad458027ca83437aae3f4da";
const RUNC_VERSION: &str = "1.2.5";
const RUNC_COMMIT: &str = "v1.2.5-0-g59923ef";
const INIT_VERSION: &str = "0.19.0";
const INIT_COMMIT: &str = "de40ad0";

fn status_error(out: &mut Output, msg: impl Into<String>, code: i32) {
    out.err(msg);
    out.code = code;
}

// ----- version -------------------------------------------------------------------------

fn client_version_value() -> Value {
    StructBuilder::new("command.clientVersion")
        .f("Version", Value::str(CLIENT_VERSION))
        .g("ApiVersion", "APIVersion", Value::str("1.50"))
        .f("DefaultAPIVersion", Value::str("1.50"))
        .f("GitCommit", Value::str(CLIENT_COMMIT))
        .f("GoVersion", Value::str(GO_VERSION))
        .f("Os", Value::str("linux"))
        .f("Arch", Value::str("amd64"))
        .f("BuildTime", Value::str(CLIENT_BUILT))
        .f("Context", Value::str("default"))
        .build()
}

fn server_version_value() -> Value {
    let component = |name: &str, version: &str, details: Vec<(&str, &str)>| {
        StructBuilder::new("types.ComponentVersion")
            .f("Name", Value::str(name))
            .f("Version", Value::str(version))
            .o("Details", Value::string_map(details))
            .build()
    };
    StructBuilder::new("*types.Version")
        .pointer()
        .f("Platform", StructBuilder::new("struct { Name string }").f("Name", Value::str(DESKTOP)).build())
        .o(
            "Components",
            Value::List(vec![
                component(
                    "Engine",
                    CLIENT_VERSION,
                    vec![
                        ("ApiVersion", "1.50"),
                        ("Arch", "amd64"),
                        ("BuildTime", ENGINE_BUILT),
                        ("Experimental", "false"),
                        ("GitCommit", ENGINE_COMMIT),
                        ("GoVersion", GO_VERSION),
                        ("KernelVersion", KERNEL_RELEASE),
                        ("MinAPIVersion", "1.24"),
                        ("Os", "linux"),
                    ],
                ),
                component("containerd", CONTAINERD_VERSION, vec![("GitCommit", CONTAINERD_COMMIT)]),
                component("runc", RUNC_VERSION, vec![("GitCommit", RUNC_COMMIT)]),
                component("docker-init", INIT_VERSION, vec![("GitCommit", INIT_COMMIT)]),
            ]),
        )
        .f("Version", Value::str(CLIENT_VERSION))
        .g("ApiVersion", "APIVersion", Value::str("1.50"))
        .o("MinAPIVersion", Value::str("1.24"))
        .f("GitCommit", Value::str(ENGINE_COMMIT))
        .f("GoVersion", Value::str(GO_VERSION))
        .f("Os", Value::str("linux"))
        .f("Arch", Value::str("amd64"))
        .o("KernelVersion", Value::str(KERNEL_RELEASE))
        .o("BuildTime", Value::str("2025-05-30T12:07:27.000000000+00:00"))
        .build()
}

/// The `--format` of `docker version` and `docker info`: `None` without one; `json` means
/// `{{json .}}`; a template that doesn't parse is docker's error text (the client exits 64).
fn format_flag(inv: &Invocation) -> Option<Result<Template, String>> {
    let format = inv.flags.string("format").filter(|f| !f.is_empty())?;
    let src = if format == "json" { "{{json .}}" } else { format };
    Some(Template::parse(src).map_err(|e| format!("template parsing error: {e}")))
}

/// `docker version`.
pub fn version(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let up = engine.daemon_running();
    if let Some(t) = format_flag(inv) {
        let t = match t {
            Ok(t) => t,
            Err(e) => {
                status_error(&mut out, e, 64);
                return out;
            }
        };
        let data = StructBuilder::new("system.versionInfo")
            .f("Client", client_version_value())
            .f("Server", if up { server_version_value() } else { Value::Nil })
            .build();
        let (text, err) = t.execute_partial(&data, crate::output::template::Funcs::Basic);
        out.out_text(&format!("{}\n", tabwrite(&text, 20, 1)));
        if let Some(e) = err {
            status_error(&mut out, e, 1);
        } else if !up {
            status_error(&mut out, DAEMON_DOWN, 1);
        }
        return out;
    }
    let kv = |k: &str, v: &str| format!("{k:<20}{v}");
    out.out("Client:");
    out.out(kv(" Version:", CLIENT_VERSION));
    out.out(kv(" API version:", "1.50"));
    out.out(kv(" Go version:", GO_VERSION));
    out.out(kv(" Git commit:", CLIENT_COMMIT));
    out.out(kv(" Built:", CLIENT_BUILT));
    out.out(kv(" OS/Arch:", "linux/amd64"));
    out.out(kv(" Context:", "default"));
    if !up {
        status_error(&mut out, DAEMON_DOWN, 1);
        return out;
    }
    out.out("");
    out.out(format!("Server: {DESKTOP}"));
    out.out(" Engine:");
    out.out(kv("  Version:", CLIENT_VERSION));
    out.out(kv("  API version:", "1.50 (minimum version 1.24)"));
    out.out(kv("  Go version:", GO_VERSION));
    out.out(kv("  Git commit:", ENGINE_COMMIT));
    out.out(kv("  Built:", ENGINE_BUILT));
    out.out(kv("  OS/Arch:", "linux/amd64"));
    out.out(kv("  Experimental:", "false"));
    for (name, version, commit) in [
        ("containerd", CONTAINERD_VERSION, CONTAINERD_COMMIT),
        ("runc", RUNC_VERSION, RUNC_COMMIT),
        ("docker-init", INIT_VERSION, INIT_COMMIT),
    ] {
        out.out(format!(" {name}:"));
        out.out(kv("  Version:", version));
        out.out(kv("  GitCommit:", commit));
    }
    out
}

// ----- info ----------------------------------------------------------------------------

struct Counts {
    total: i64,
    running: i64,
    paused: i64,
    stopped: i64,
    images: i64,
}

fn counts(engine: &Engine) -> Counts {
    let mut c = Counts { total: 0, running: 0, paused: 0, stopped: 0, images: engine.images().count() as i64 };
    for ct in engine.containers() {
        c.total += 1;
        match ct.status {
            ContainerStatus::Running | ContainerStatus::Restarting => c.running += 1,
            ContainerStatus::Paused => c.paused += 1,
            _ => c.stopped += 1,
        }
    }
    c
}

fn daemon_id(engine: &Engine) -> String {
    // A stable UUID-looking ID, as `docker info` shows it.
    let h = crate::engine::registry::sha256_hex(format!("daemon-id\0{}", stable("docker-desktop", 1 << 30)).as_bytes());
    let _ = engine;
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

fn info_value(engine: &Engine) -> Value {
    let c = counts(engine);
    let pairs = |v: &[(&str, &str)]| Value::List(v.iter().map(|(a, b)| Value::strings([*a, *b])).collect());
    StructBuilder::new("command.dockerInfo")
        .g("ID", "ID", Value::str(daemon_id(engine)))
        .f("Containers", Value::Int(c.total))
        .f("ContainersRunning", Value::Int(c.running))
        .f("ContainersPaused", Value::Int(c.paused))
        .f("ContainersStopped", Value::Int(c.stopped))
        .f("Images", Value::Int(c.images))
        .f("Driver", Value::str("overlayfs"))
        .f("DriverStatus", pairs(&[("driver-type", "io.containerd.snapshotter.v1")]))
        .f(
            "Plugins",
            StructBuilder::new("system.PluginsInfo")
                .f("Volume", Value::strings(["local"]))
                .f("Network", Value::strings(["bridge", "host", "ipvlan", "macvlan", "null", "overlay"]))
                .f("Authorization", Value::NilList)
                .f(
                    "Log",
                    Value::strings([
                        "awslogs",
                        "fluentd",
                        "gcplogs",
                        "gelf",
                        "journald",
                        "json-file",
                        "local",
                        "splunk",
                        "syslog",
                    ]),
                )
                .build(),
        )
        .f("MemoryLimit", Value::Bool(true))
        .f("SwapLimit", Value::Bool(true))
        .g("CpuCfsPeriod", "CPUCfsPeriod", Value::Bool(true))
        .g("CpuCfsQuota", "CPUCfsQuota", Value::Bool(true))
        .g("CPUShares", "CPUShares", Value::Bool(true))
        .g("CPUSet", "CPUSet", Value::Bool(true))
        .f("PidsLimit", Value::Bool(true))
        .g("IPv4Forwarding", "IPv4Forwarding", Value::Bool(true))
        .f("Debug", Value::Bool(false))
        .f("NFd", Value::Int(44 + 4 * c.running))
        .f("OomKillDisable", Value::Bool(false))
        .f("NGoroutines", Value::Int(85 + 9 * c.running))
        .f("SystemTime", Value::str(super::inspect_json::api_time(engine.now(), "systemtime")))
        .f("LoggingDriver", Value::str("json-file"))
        .f("CgroupDriver", Value::str("cgroupfs"))
        .f("CgroupVersion", Value::str("2"))
        .f("NEventsListener", Value::Int(12))
        .f("KernelVersion", Value::str(KERNEL_RELEASE))
        .f("OperatingSystem", Value::str("Docker Desktop"))
        .f("OSVersion", Value::str(""))
        .f("OSType", Value::str("linux"))
        .f("Architecture", Value::str("x86_64"))
        .f("IndexServerAddress", Value::str("https://index.docker.io/v1/"))
        .g("NCPU", "NCPU", Value::Int(CPUS as i64))
        .f("MemTotal", Value::Int(MEM_TOTAL))
        .f("DockerRootDir", Value::str("/var/lib/docker"))
        .g("HttpProxy", "HTTPProxy", Value::str("http.docker.internal:3128"))
        .g("HttpsProxy", "HTTPSProxy", Value::str("http.docker.internal:3128"))
        .f("NoProxy", Value::str("hubproxy.docker.internal"))
        .f("Name", Value::str("docker-desktop"))
        .f("Labels", Value::strings(["com.docker.desktop.address=unix:///var/run/docker-cli.sock"]))
        .f("ExperimentalBuild", Value::Bool(false))
        .f("ServerVersion", Value::str(CLIENT_VERSION))
        .f("DefaultRuntime", Value::str("runc"))
        .f("LiveRestoreEnabled", Value::Bool(false))
        .f("Isolation", Value::str(""))
        .f("InitBinary", Value::str("docker-init"))
        .f("SecurityOptions", Value::strings(["name=seccomp,profile=unconfined", "name=cgroupns"]))
        .g("CDISpecDirs", "CDISpecDirs", Value::strings(["/etc/cdi", "/var/run/cdi"]))
        .f("Warnings", Value::NilList)
        .f(
            "ClientInfo",
            StructBuilder::new("*command.clientInfo")
                .pointer()
                .f("Debug", Value::Bool(false))
                .f("Version", Value::str(CLIENT_VERSION))
                .f("GitCommit", Value::str(CLIENT_COMMIT))
                .f("GoVersion", Value::str(GO_VERSION))
                .f("Os", Value::str("linux"))
                .f("Arch", Value::str("amd64"))
                .f("BuildTime", Value::str(CLIENT_BUILT))
                .f("Context", Value::str("default"))
                .f("Plugins", Value::List(Vec::new()))
                .f("Warnings", Value::NilList)
                .build(),
        )
        .build()
}

/// `docker info`.
pub fn info(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let up = engine.daemon_running();
    if let Some(t) = format_flag(inv) {
        let t = match t {
            Ok(t) => t,
            Err(e) => {
                status_error(&mut out, e, 64);
                return out;
            }
        };
        match t.execute(&info_value(engine)) {
            Ok(s) if up => out.out_text(&format!("{s}\n")),
            Ok(_) => {
                out.out("");
                status_error(&mut out, DAEMON_DOWN, 1);
            }
            Err(e) => status_error(&mut out, e, 1),
        }
        return out;
    }
    out.out("Client:");
    out.out(" Version:    28.2.2");
    out.out(" Context:    default");
    out.out(" Debug Mode: false");
    out.out("");
    out.out("Server:");
    if !up {
        status_error(&mut out, DAEMON_DOWN, 1);
        return out;
    }
    let c = counts(engine);
    let text = format!(
        " Containers: {}
  Running: {}
  Paused: {}
  Stopped: {}
 Images: {}
 Server Version: {CLIENT_VERSION}
 Storage Driver: overlayfs
  driver-type: io.containerd.snapshotter.v1
 Logging Driver: json-file
 Cgroup Driver: cgroupfs
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 CDI spec directories:
  /etc/cdi
  /var/run/cdi
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 nvidia runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: {CONTAINERD_COMMIT}
 runc version: {RUNC_COMMIT}
 init version: {INIT_COMMIT}
 Security Options:
  seccomp
   Profile: unconfined
  cgroupns
 Kernel Version: {KERNEL_RELEASE}
 Operating System: Docker Desktop
 OSType: linux
 Architecture: x86_64
 CPUs: {CPUS}
 Total Memory: {}
 Name: docker-desktop
 ID: {}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 HTTP Proxy: http.docker.internal:3128
 HTTPS Proxy: http.docker.internal:3128
 No Proxy: hubproxy.docker.internal
 Labels:
  com.docker.desktop.address=unix:///var/run/docker-cli.sock
 Experimental: false
 Insecure Registries:
  hubproxy.docker.internal:5555
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false
",
        c.total,
        c.running,
        c.paused,
        c.stopped,
        c.images,
        bytes_size(MEM_TOTAL as f64),
        daemon_id(engine)
    );
    out.out_text(&text);
    // docker's info ends with an empty line.
    out.out("");
    out
}

/// go-units `BytesSize`: binary units, four significant digits (`7.655GiB`).
pub fn bytes_size(mut v: f64) -> String {
    const UNITS: [&str; 9] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"];
    let mut i = 0;
    while v >= 1024.0 && i < UNITS.len() - 1 {
        v /= 1024.0;
        i += 1;
    }
    let s = humanize::size_with_precision(v, 4);
    // size_with_precision appends decimal units; keep only the number.
    let num: String = s.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    format!("{num}{}", UNITS[i])
}

// ----- system df -----------------------------------------------------------------------

/// `docker system df`.
pub fn df(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let engine = &*engine;
    let h4 = |n: u64| humanize::size_with_precision(n as f64, 4);
    let images: Vec<_> = engine.images().collect();
    let used_images: Vec<&String> = engine.containers().map(|c| &c.image_id).collect();
    // Layers shared between images count once in the total.
    let mut seen = crate::map::Set::new();
    let mut total: u64 = 0;
    for img in &images {
        let shared: u64 = img.layers.iter().filter(|l| !seen.insert(l.name.clone())).map(|l| l.size).sum();
        total += img.size.saturating_sub(shared);
    }
    let active_images = images.iter().filter(|i| used_images.contains(&&i.id)).count();
    let used: u64 = images.iter().filter(|i| used_images.contains(&&i.id)).map(|i| i.size).sum();
    let reclaim = |total: u64, reclaimable: u64| match (reclaimable * 100).checked_div(total) {
        Some(percent) => format!("{} ({percent}%)", h4(reclaimable)),
        None => h4(reclaimable),
    };
    let containers: Vec<_> = engine.containers().collect();
    let c_total: u64 = containers.iter().map(|c| size_rw(engine, c)).sum();
    let c_active = containers.iter().filter(|c| c.is_running()).count();
    let c_reclaim: u64 = containers.iter().filter(|c| !c.is_running()).map(|c| size_rw(engine, c)).sum();
    let volumes: Vec<_> = engine.volumes().collect();
    let v_total: u64 = volumes.iter().map(|v| v.size).sum();
    let v_active = volumes.iter().filter(|v| !engine.volume_refs(&v.name).is_empty()).count();
    let v_reclaim: u64 = volumes.iter().filter(|v| engine.volume_refs(&v.name).is_empty()).map(|v| v.size).sum();
    if inv.flags.bool("verbose") && inv.flags.string("format").unwrap_or("").is_empty() {
        return df_verbose(engine, h4(0));
    }
    let row = |t: &str, n: usize, a: usize, size: String, r: String| {
        StructBuilder::context("*formatter.diskUsageContext")
            .f("Type", Value::str(t))
            .f("TotalCount", Value::str(n.to_string()))
            .f("Active", Value::str(a.to_string()))
            .f("Size", Value::str(size))
            .f("Reclaimable", Value::str(r))
            .build()
    };
    let rows = vec![
        row("Images", images.len(), active_images, h4(total), reclaim(total, total.saturating_sub(used.min(total)))),
        row("Containers", containers.len(), c_active, h4(c_total), reclaim(c_total, c_reclaim)),
        row("Local Volumes", volumes.len(), v_active, h4(v_total), reclaim(v_total, v_reclaim)),
        row("Build Cache", 0, 0, h4(0), h4(0)),
    ];
    let format = match inv.flags.string("format").unwrap_or("") {
        "" | "table" => "table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}".to_string(),
        "raw" => "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n".to_string(),
        other => other.to_string(),
    };
    let headers = [
        ("Type", "TYPE"),
        ("TotalCount", "TOTAL"),
        ("Active", "ACTIVE"),
        ("Size", "SIZE"),
        ("Reclaimable", "RECLAIMABLE"),
    ];
    print_list(&mut out, &format, &rows, &headers);
    out
}

/// `docker system df -v`: one table per kind of object.
fn df_verbose(engine: &Engine, zero: String) -> Output {
    let mut out = Output::new();
    let now = engine.now();
    out.out("Images space usage:");
    out.out("");
    let mut rows =
        vec![["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()];
    let mut images: Vec<_> = engine.images().collect();
    crate::sort::sort_by(&mut images, |a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    for img in &images {
        let tag = engine.tags_of(&img.id).into_iter().next();
        let shared: u64 = img
            .layers
            .iter()
            .filter(|l| engine.images().filter(|o| o.id != img.id).any(|o| o.layers.iter().any(|ol| ol.name == l.name)))
            .map(|l| l.size)
            .sum();
        let users = engine.containers().filter(|c| c.image_id == img.id).count();
        rows.push(vec![
            tag.as_ref().map(|t| t.familiar_repo()).unwrap_or_else(|| "<none>".to_string()),
            tag.as_ref().and_then(|t| t.tag.clone()).unwrap_or_else(|| "<none>".to_string()),
            img.short_id().to_string(),
            humanize::ago(now.saturating_sub(img.created)),
            humanize::size(img.size),
            humanize::size_with_precision(shared as f64, 4),
            humanize::size_with_precision(img.size.saturating_sub(shared) as f64, 4),
            users.to_string(),
        ]);
    }
    table::render(&rows).into_iter().for_each(|l| out.out(l));
    out.out("");
    out.out("Containers space usage:");
    out.out("");
    let mut rows = vec![["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()];
    let mut containers: Vec<_> = engine.containers().collect();
    crate::sort::sort_by(&mut containers, |a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    for c in containers {
        let local = engine.container_mounts(&c.id).iter().filter(|m| m.driver == "local").count();
        rows.push(vec![
            c.short_id().to_string(),
            super::ps::image_field(engine, c, true),
            crate::output::go_quote(&table::ellipsis(&c.command(), 20)),
            local.to_string(),
            humanize::size(size_rw(engine, c)),
            humanize::ago(now.saturating_sub(c.created)),
            super::container::status(c, now),
            c.name.clone(),
        ]);
    }
    table::render(&rows).into_iter().for_each(|l| out.out(l));
    out.out("");
    out.out("Local Volumes space usage:");
    out.out("");
    let mut rows = vec![vec!["VOLUME NAME".to_string(), "LINKS".to_string(), "SIZE".to_string()]];
    for v in engine.volumes() {
        rows.push(vec![v.name.clone(), engine.volume_refs(&v.name).len().to_string(), humanize::size(v.size)]);
    }
    table::render(&rows).into_iter().for_each(|l| out.out(l));
    out.out("");
    out.out(format!("Build cache usage: {zero}"));
    out.out("");
    table::render(&[["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"]
        .iter()
        .map(|s| s.to_string())
        .collect()])
    .into_iter()
    .for_each(|l| out.out(l));
    out
}

// ----- prune ---------------------------------------------------------------------------

/// The question a prune command asks before doing anything, or `None` when it will not
/// ask (`-f`, or a command that never asks).
///
/// docker writes the last line (`... [y/N] `, with its trailing space) without a newline
/// and reads one line of standard input; only `y` or `Y` (surrounding spaces ignored)
/// goes on. Our output is line-based, so the question is the last line(s) of the output
/// and the session joins the learner's answer to that last line. The session can call
/// this before running a command to know that it will wait for an answer.
pub fn confirmation_prompt(inv: &Invocation) -> Option<Vec<String>> {
    if !inv.path.ends_with(" prune") || inv.flags.bool("force") {
        return None;
    }
    let ask = "Are you sure you want to continue? [y/N] ".to_string();
    let all = matches!(inv.path, "image prune" | "volume prune" | "system prune") && inv.flags.bool("all");
    let lines = match inv.path {
        "container prune" => vec!["WARNING! This will remove all stopped containers.".to_string(), ask],
        "image prune" if all => vec![
            "WARNING! This will remove all images without at least one container associated to them.".to_string(),
            ask,
        ],
        "image prune" => vec!["WARNING! This will remove all dangling images.".to_string(), ask],
        "volume prune" if all => {
            vec!["WARNING! This will remove all local volumes not used by at least one container.".to_string(), ask]
        }
        "volume prune" => vec![
            "WARNING! This will remove anonymous local volumes not used by at least one container.".to_string(),
            ask,
        ],
        "network prune" => {
            vec!["WARNING! This will remove all custom networks not used by at least one container.".to_string(), ask]
        }
        "system prune" => {
            let mut l = vec![
                "WARNING! This will remove:".to_string(),
                "  - all stopped containers".to_string(),
                "  - all networks not used by at least one container".to_string(),
            ];
            if inv.flags.bool("volumes") {
                l.push("  - all anonymous volumes not used by at least one container".to_string());
            }
            l.push(
                if all {
                    "  - all images without at least one container associated to them"
                } else {
                    "  - all dangling images"
                }
                .to_string(),
            );
            l.push(if all { "  - all build cache" } else { "  - unused build cache" }.to_string());
            let filters = prune_filter_lines(inv);
            if !filters.is_empty() {
                l.push("".to_string());
                l.push("  Items to be pruned will be filtered with:".to_string());
                l.extend(filters.into_iter().map(|f| format!("  - {f}")));
            }
            l.push("".to_string());
            l.push(ask);
            l
        }
        _ => return None,
    };
    Some(lines)
}

/// [`confirmation_prompt`] for a raw argv after `docker` (`["container", "prune"]`), for
/// callers that have not parsed the command line.
pub fn confirmation_prompt_for(argv: &[String]) -> Option<Vec<String>> {
    match super::spec::parse(argv) {
        super::spec::Parsed::Run(inv) => confirmation_prompt(&inv),
        super::spec::Parsed::Done(_) => None,
    }
}

fn prune_filter_lines(inv: &Invocation) -> Vec<String> {
    let mut v: Vec<String> = filter_pairs(inv.flags.list("filter"))
        .into_iter()
        .filter(|(k, _)| matches!(k.as_str(), "label" | "label!" | "until"))
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    crate::sort::sort(&mut v);
    v
}

/// Asks the prune question: prints it and reads the answer from `stdin`. `true` goes on.
fn confirmed(inv: &Invocation, stdin: &str, out: &mut Output) -> bool {
    let Some(prompt) = confirmation_prompt(inv) else { return true };
    for l in prompt {
        out.out(l);
    }
    let answer = stdin.lines().next().unwrap_or("").trim();
    answer.eq_ignore_ascii_case("y")
}

/// What one prune step removed: its report section and the bytes freed.
struct Pruned {
    section: Option<String>,
    reclaimed: u64,
}

fn prune_containers(engine: &mut Engine, filters: &[(String, String)]) -> Result<Pruned, String> {
    if let Some(e) = invalid_filter(filters, &["until", "label", "label!"]) {
        return Err(format!("Error response from daemon: {e}"));
    }
    let until = match filters.iter().find(|(k, _)| k == "until") {
        Some((_, v)) => Some(get_timestamp(v, engine.now()).map_err(|e| format!("Error response from daemon: {e}"))?),
        None => None,
    };
    let positive: Vec<(String, String)> = filters.iter().filter(|(k, _)| k == "label").cloned().collect();
    let negative: Vec<(String, String)> =
        filters.iter().filter(|(k, _)| k == "label!").map(|(_, v)| ("label".to_string(), v.clone())).collect();
    let mut doomed: Vec<(u64, String, u64)> = Vec::new();
    for c in engine.containers() {
        if c.is_running() || until.is_some_and(|u| c.created >= u) {
            continue;
        }
        let labels = super::inspect_json::container_labels(engine, c);
        if !labels_match(&positive, &labels)
            || (!negative.is_empty() && negative.iter().any(|n| labels_match(std::slice::from_ref(n), &labels)))
        {
            continue;
        }
        doomed.push((c.created, c.id.clone(), size_rw(engine, c)));
    }
    crate::sort::sort(&mut doomed);
    let mut section = String::new();
    let mut reclaimed = 0;
    for (_, id, size) in doomed {
        if engine.container_remove(&id, false, false).is_ok() {
            section.push_str(&id);
            section.push('\n');
            reclaimed += size;
        }
    }
    Ok(Pruned { section: (!section.is_empty()).then(|| format!("Deleted Containers:\n{section}")), reclaimed })
}

fn prune_images(engine: &mut Engine, all: bool, filters: &[(String, String)]) -> Result<Pruned, String> {
    if let Some(e) = invalid_filter(filters, &["dangling", "until", "label", "label!"]) {
        return Err(format!("Error response from daemon: {e}"));
    }
    let until = match filters.iter().find(|(k, _)| k == "until") {
        Some((_, v)) => Some(get_timestamp(v, engine.now()).map_err(|e| format!("Error response from daemon: {e}"))?),
        None => None,
    };
    let used: Vec<String> = engine.containers().map(|c| c.image_id.clone()).collect();
    let mut doomed: Vec<(u64, String, u64)> = engine
        .images()
        .filter(|i| !used.contains(&i.id))
        .filter(|i| all || engine.tags_of(&i.id).is_empty())
        .filter(|i| until.is_none_or(|u| i.created < u))
        .map(|i| (i.created, i.id.clone(), i.size))
        .collect();
    crate::sort::sort(&mut doomed);
    let mut section = String::new();
    let mut reclaimed = 0;
    for (_, id, size) in doomed {
        if let Ok(items) = engine.image_remove(&id, true) {
            for item in items {
                match item {
                    ImageDeleteItem::Untagged(t) => section.push_str(&format!("untagged: {t}\n")),
                    ImageDeleteItem::Deleted(d) => section.push_str(&format!("deleted: {d}\n")),
                }
            }
            reclaimed += size;
        }
    }
    Ok(Pruned { section: (!section.is_empty()).then(|| format!("Deleted Images:\n{section}")), reclaimed })
}

/// Prints the sections and the total the way the prune commands do (each section is
/// followed by an empty line).
fn print_pruned(out: &mut Output, parts: &[Pruned]) {
    let mut total = 0;
    for p in parts {
        if let Some(s) = &p.section {
            out.out_text(s);
            out.out("");
        }
        total += p.reclaimed;
    }
    out.out(format!("Total reclaimed space: {}", humanize::size_with_precision(total as f64, 4)));
}

/// `docker container prune`.
pub fn container_prune(engine: &mut Engine, inv: &Invocation, stdin: &str) -> Output {
    let mut out = Output::new();
    if !confirmed(inv, stdin, &mut out) {
        return out;
    }
    if !engine.daemon_running() {
        status_error(&mut out, DAEMON_DOWN, 1);
        return out;
    }
    match prune_containers(engine, &filter_pairs(inv.flags.list("filter"))) {
        Ok(p) => print_pruned(&mut out, &[p]),
        Err(e) => status_error(&mut out, e, 1),
    }
    out
}

/// `docker image prune`.
pub fn image_prune(engine: &mut Engine, inv: &Invocation, stdin: &str) -> Output {
    let mut out = Output::new();
    if !confirmed(inv, stdin, &mut out) {
        return out;
    }
    if !engine.daemon_running() {
        status_error(&mut out, DAEMON_DOWN, 1);
        return out;
    }
    match prune_images(engine, inv.flags.bool("all"), &filter_pairs(inv.flags.list("filter"))) {
        Ok(p) => print_pruned(&mut out, &[p]),
        Err(e) => status_error(&mut out, e, 1),
    }
    out
}

/// `docker system prune`: containers, networks, (volumes,) images, build cache.
pub fn system_prune(engine: &mut Engine, inv: &Invocation, stdin: &str) -> Output {
    let mut out = Output::new();
    let filters = filter_pairs(inv.flags.list("filter"));
    let volumes = inv.flags.bool("volumes");
    if volumes && filters.iter().any(|(k, _)| k == "until") {
        status_error(&mut out, "ERROR: The \"until\" filter is not supported with \"--volumes\"", 1);
        return out;
    }
    if !confirmed(inv, stdin, &mut out) {
        return out;
    }
    if !engine.daemon_running() {
        status_error(&mut out, DAEMON_DOWN, 1);
        return out;
    }
    let mut parts = Vec::new();
    match prune_containers(engine, &filters) {
        Ok(p) => parts.push(p),
        Err(e) => {
            status_error(&mut out, e, 1);
            return out;
        }
    }
    let raw: Vec<String> = inv.flags.list("filter").to_vec();
    match engine.network_prune(&raw) {
        Ok(names) => parts.push(Pruned {
            section: (!names.is_empty()).then(|| format!("Deleted Networks:\n{}\n", names.join("\n"))),
            reclaimed: 0,
        }),
        Err(e) => {
            print_pruned_partial(&mut out, &parts);
            status_error(&mut out, format!("Error response from daemon: {e}"), 1);
            return out;
        }
    }
    if volumes {
        match engine.volume_prune(false, &raw) {
            Ok(r) => parts.push(Pruned {
                section: (!r.deleted.is_empty()).then(|| format!("Deleted Volumes:\n{}\n", r.deleted.join("\n"))),
                reclaimed: r.reclaimed,
            }),
            Err(e) => {
                print_pruned_partial(&mut out, &parts);
                status_error(&mut out, format!("Error response from daemon: {e}"), 1);
                return out;
            }
        }
    }
    match prune_images(engine, inv.flags.bool("all"), &filters) {
        Ok(p) => parts.push(p),
        Err(e) => {
            print_pruned_partial(&mut out, &parts);
            status_error(&mut out, e, 1);
            return out;
        }
    }
    print_pruned(&mut out, &parts);
    out
}

fn print_pruned_partial(out: &mut Output, parts: &[Pruned]) {
    for p in parts {
        if let Some(s) = &p.section {
            out.out_text(s);
            out.out("");
        }
    }
}

// ----- events --------------------------------------------------------------------------

/// The attributes docker attaches to an event, sorted by key.
/// The attributes docker prints for an event, sorted by key (moby's `events` attributes;
/// the CLI prints them sorted). Container events: the labels (image's, then `--label`),
/// `image`, `name`, and `exitCode`/`execDuration` on `die`, `signal` on `kill`. Image
/// events: the image's labels (pull, tag) and `name`. Network events: `container` (on
/// connect/disconnect), `name`, `type`. Volume events: `driver`, and on mount/unmount the
/// container and mount details.
fn event_attributes(engine: &Engine, e: &Event, history: &[Event]) -> Vec<(String, String)> {
    let mut attrs: Vec<(String, String)> = Vec::new();
    match e.object {
        ObjectKind::Container => {
            if let Some(c) = engine.container(&e.id) {
                attrs.push(("image".to_string(), c.config.image.clone()));
                attrs.extend(super::inspect_json::container_labels(engine, c));
            } else if let Some(gone) = history.iter().rev().find(|h| h.id == e.id && h.action == "destroy") {
                // Removed since: its destroy event recorded what it was.
                attrs.extend(gone.attrs.iter().cloned());
            }
            // Kill events carry their signal.
            attrs.extend(e.attrs.iter().filter(|(k, _)| k == "signal").cloned());
            attrs.push(("name".to_string(), e.name.clone()));
            if e.action == "die" {
                let started = history
                    .iter()
                    .rev()
                    .find(|h| h.id == e.id && h.action == "start" && h.time <= e.time)
                    .map(|h| h.time)
                    .unwrap_or(e.time);
                let code = e.exit_code.or_else(|| engine.container(&e.id).map(|c| c.exit_code)).unwrap_or(0);
                attrs.push(("exitCode".to_string(), code.to_string()));
                attrs.push(("execDuration".to_string(), (e.time.saturating_sub(started) / 1000).to_string()));
            }
        }
        ObjectKind::Image => {
            // Pull and tag copy the image's labels; untag and delete name only.
            // (recorded when the event happened: the image may be gone since).
            attrs.extend(e.attrs.iter().cloned());
            // A pull names the repository; other image events name what they touched.
            let name = if e.action == "pull" {
                e.name
                    .rsplit_once(':')
                    .filter(|(_, t)| !t.contains('/'))
                    .map(|(r, _)| r.to_string())
                    .unwrap_or_else(|| e.name.clone())
            } else {
                e.name.clone()
            };
            attrs.push(("name".to_string(), name));
        }
        ObjectKind::Volume => {
            attrs.extend(e.attrs.iter().cloned());
            if !attrs.iter().any(|(k, _)| k == "driver") {
                attrs.push(("driver".to_string(), "local".to_string()));
            }
        }
        ObjectKind::Network => {
            attrs.push(("name".to_string(), e.name.clone()));
            attrs.extend(e.attrs.iter().cloned());
            if !attrs.iter().any(|(k, _)| k == "type") {
                let driver = engine
                    .networks()
                    .find(|n| n.id == e.id)
                    .map(|n| n.driver.clone())
                    .unwrap_or_else(|| "bridge".to_string());
                attrs.push(("type".to_string(), driver));
            }
        }
        ObjectKind::Daemon => {}
    }
    // Later entries win, as in a Go map: keep the last value of each key.
    attrs.reverse();
    crate::sort::sort_by(&mut attrs, |a, b| a.0.cmp(&b.0));
    attrs.dedup_by(|a, b| a.0 == b.0);
    attrs
}

fn object_word(k: ObjectKind) -> &'static str {
    match k {
        ObjectKind::Container => "container",
        ObjectKind::Image => "image",
        ObjectKind::Volume => "volume",
        ObjectKind::Network => "network",
        ObjectKind::Daemon => "daemon",
    }
}

/// What `docker events` was asked for: its format, time window and filters.
struct EventsQuery {
    tmpl: Option<Template>,
    since: Option<crate::env::SimTime>,
    until: Option<crate::env::SimTime>,
    pairs: Vec<(String, String)>,
}

/// Reads `docker events`' flags, or prints the client's error.
fn events_query(engine: &Engine, inv: &Invocation, out: &mut Output) -> Option<EventsQuery> {
    let now = engine.now();
    let f = &inv.flags;
    let format = f.string("format").unwrap_or("").to_string();
    let tmpl = if format.is_empty() {
        None
    } else {
        let src = if format == "json" { "{{json .}}".to_string() } else { format.clone() };
        match Template::parse(&src) {
            Ok(t) => Some(t),
            Err(e) => {
                status_error(out, format!("Error parsing format: {e}"), 64);
                return None;
            }
        }
    };
    let mut times = [None, None];
    for (slot, name) in times.iter_mut().zip(["since", "until"]) {
        if let Some(s) = f.string(name).filter(|s| !s.is_empty()) {
            match get_timestamp(s, now) {
                Ok(t) => *slot = Some(t),
                Err(e) => {
                    status_error(out, e, 1);
                    return None;
                }
            }
        }
    }
    let pairs = filter_pairs(f.list("filter"));
    if let Some(e) = invalid_filter(
        &pairs,
        &[
            "container",
            "daemon",
            "event",
            "image",
            "label",
            "network",
            "node",
            "plugin",
            "scope",
            "secret",
            "service",
            "type",
            "volume",
            "config",
        ],
    ) {
        status_error(out, format!("Error response from daemon: {e}"), 1);
        return None;
    }
    Some(EventsQuery { tmpl, since: times[0], until: times[1], pairs })
}

/// Prints the events of `history` from index `from` on that the query selects; false
/// after a template error (already printed).
fn print_events(engine: &Engine, q: &EventsQuery, history: &[Event], from: usize, out: &mut Output) -> bool {
    let now = engine.now();
    let until = q.until.unwrap_or(now);
    let pairs = &q.pairs;
    let mut prev_time = None;
    let mut same_ms = 0u64;
    for (i, e) in history.iter().enumerate() {
        // Events of the same millisecond keep their order: each gets a later sub-millisecond.
        same_ms = if prev_time == Some(e.time) { same_ms + 1 } else { 0 };
        prev_time = Some(e.time);
        if i < from || q.since.is_some_and(|s| e.time < s) || e.time > until || e.object == ObjectKind::Daemon {
            continue;
        }
        let attrs = event_attributes(engine, e, history);
        let actor = if e.object == ObjectKind::Image && e.action == "pull" { e.name.clone() } else { e.id.clone() };
        let want = |key: &str, value: &str| {
            let mut vals = pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).peekable();
            vals.peek().is_none() || vals.any(|v| v == value)
        };
        if !want("type", object_word(e.object)) || !want("event", &e.action) {
            continue;
        }
        let fuzzy = |key: &str| {
            let mut vals = pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).peekable();
            vals.peek().is_none() || vals.any(|v| actor.starts_with(v) || e.name == v)
        };
        let has = |key: &str| pairs.iter().any(|(k, _)| k == key);
        if (has("container") && (e.object != ObjectKind::Container || !fuzzy("container")))
            || (has("image")
                && !(fuzzy("image")
                    || attrs
                        .iter()
                        .any(|(k, v)| k == "image" && pairs.iter().any(|(pk, pv)| pk == "image" && pv == v))))
            || (has("volume") && (e.object != ObjectKind::Volume || !fuzzy("volume")))
            || (has("network") && (e.object != ObjectKind::Network || !fuzzy("network")))
        {
            continue;
        }
        let nanos = (e.time % 1000) * 1_000_000
            + (same_ms * 97_000 + stable(&format!("event\0{}\0{}", e.id, e.action), 90_000)).min(999_999);
        let (y, mo, d, h, mi, s) = crate::env::civil(e.time / 1000);
        let stamp = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{nanos:09}Z");
        match &q.tmpl {
            None => {
                let mut line = format!("{stamp} {} {} {actor}", object_word(e.object), e.action);
                for (n, (k, v)) in attrs.iter().enumerate() {
                    line.push_str(if n == 0 { " (" } else { ", " });
                    line.push_str(k);
                    line.push('=');
                    line.push_str(v);
                }
                if !attrs.is_empty() {
                    line.push(')');
                }
                out.out(line);
            }
            Some(t) => {
                let legacy = matches!(e.object, ObjectKind::Container | ObjectKind::Image);
                let from = attrs.iter().find(|(k, _)| k == "image").map(|(_, v)| v.clone()).unwrap_or_default();
                let v = StructBuilder::new("events.Message")
                    .go_omit("status", "Status", Value::str(if legacy { e.action.clone() } else { String::new() }))
                    .go_omit("id", "ID", Value::str(if legacy { actor.clone() } else { String::new() }))
                    .go_omit(
                        "from",
                        "From",
                        Value::str(if e.object == ObjectKind::Container { from } else { String::new() }),
                    )
                    .f("Type", Value::str(object_word(e.object)))
                    .f("Action", Value::str(e.action.clone()))
                    .f(
                        "Actor",
                        StructBuilder::new("events.Actor")
                            .g("ID", "ID", Value::str(actor.clone()))
                            .f("Attributes", Value::string_map(attrs))
                            .build(),
                    )
                    .g("scope", "Scope", Value::str("local"))
                    .go_omit("time", "Time", Value::Int((e.time / 1000) as i64))
                    .go_omit("timeNano", "TimeNano", Value::Int(((e.time / 1000) * 1_000_000_000 + nanos) as i64))
                    .build();
                match t.execute(&v) {
                    Ok(s) => out.out_text(&format!("{s}\n")),
                    Err(err) => {
                        status_error(out, err, 1);
                        return false;
                    }
                }
            }
        }
    }
    true
}

/// `docker events`: with `--since`, what already happened in the window; without
/// `--until` the session then holds the terminal and [`events_more`] prints new events
/// as they happen, until Ctrl+C.
pub fn events(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let Some(q) = events_query(engine, inv, &mut out) else { return out };
    if q.since.is_none() {
        // Without --since the daemon sends only what happens from now on.
        return out;
    }
    print_events(engine, &q, engine.events_since(0), 0, &mut out);
    out
}

/// The events recorded since `hold.mark` that a streaming `docker events` selects.
/// `Some(status)` ends the stream (a template error).
pub fn events_more(engine: &Engine, hold: &mut super::Hold, out: &mut Output) -> Option<i32> {
    let super::spec::Parsed::Run(inv) = super::spec::parse(&hold.argv) else { return Some(0) };
    let mut scratch = Output::new();
    let q = events_query(engine, &inv, &mut scratch)?;
    let history = engine.events_since(0);
    let from = hold.mark.saturating_sub(engine.event_count() - history.len());
    hold.mark = engine.event_count();
    if !print_events(engine, &q, history, from, out) {
        return Some(out.code);
    }
    None
}

// ----- search, login, logout -----------------------------------------------------------

/// `docker search`: the built-in registry stands in for Docker Hub.
pub fn search(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    if !engine.daemon_running() {
        status_error(&mut out, DAEMON_DOWN, 1);
        return out;
    }
    let f = &inv.flags;
    let term = inv.args.first().cloned().unwrap_or_default();
    let pairs = filter_pairs(f.list("filter"));
    if pairs.iter().any(|(k, _)| k == "is-automated") {
        out.err("WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.");
    }
    if term.contains("://") {
        status_error(&mut out, format!("Error response from daemon: invalid repository name: repository name ({term}) should not have a scheme"), 1);
        return out;
    }
    if let Some(e) = invalid_filter(&pairs, &["is-automated", "is-official", "stars"]) {
        status_error(&mut out, format!("Error response from daemon: {e}"), 1);
        return out;
    }
    let bool_filter = |name: &str| -> Result<Option<bool>, String> {
        let vs: Vec<&str> = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
        if vs.is_empty() {
            return Ok(None);
        }
        let t = vs.iter().any(|v| *v == "1" || v.eq_ignore_ascii_case("true"));
        let fl = vs.iter().any(|v| *v == "0" || v.eq_ignore_ascii_case("false"));
        if t == fl {
            return Err(format!("Error response from daemon: invalid filter '{name}=[{}]'", vs.join(" ")));
        }
        Ok(Some(t))
    };
    let automated = match bool_filter("is-automated") {
        Ok(v) => v,
        Err(e) => {
            status_error(&mut out, e, 1);
            return out;
        }
    };
    let official = match bool_filter("is-official") {
        Ok(v) => v,
        Err(e) => {
            status_error(&mut out, e, 1);
            return out;
        }
    };
    let mut min_stars: u32 = 0;
    for (_, v) in pairs.iter().filter(|(k, _)| k == "stars") {
        match v.parse::<i64>() {
            Ok(n) => min_stars = min_stars.max(n.clamp(0, u32::MAX as i64) as u32),
            Err(_) => {
                status_error(&mut out, format!("Error response from daemon: invalid filter 'stars={v}': strconv.Atoi: parsing {}: invalid syntax", crate::output::go_quote(v)), 1);
                return out;
            }
        }
    }
    let limit = match f.int("limit").unwrap_or(0) {
        n if n <= 0 => 25,
        n => n,
    };
    if limit > 100 {
        status_error(
            &mut out,
            format!("Error response from daemon: limit {limit} is outside the range of [1, 100]"),
            1,
        );
        return out;
    }
    // Docker Hub ranks an exact match first, then by popularity.
    let needle = term.trim_start_matches("docker.io/").trim_start_matches("library/").to_lowercase();
    let mut hits: Vec<_> = registry()
        .repos
        .iter()
        .filter(|r| r.name.to_lowercase().contains(&needle) || r.description.to_lowercase().contains(&needle))
        .collect();
    crate::sort::sort_by(&mut hits, |a, b| {
        (b.name == needle).cmp(&(a.name == needle)).then(b.stars.cmp(&a.stars)).then(a.name.cmp(&b.name))
    });
    hits.truncate(limit as usize);
    if automated == Some(true) {
        hits.clear();
    }
    let trunc = !f.bool("no-trunc");
    let format = f.string("format").unwrap_or("");
    let json = prepare_format(format).1.contains("json");
    let rows: Vec<Value> = hits
        .into_iter()
        .filter(|r| official.is_none_or(|o| o != r.name.contains('/')))
        .filter(|r| r.stars >= min_stars)
        .map(|r| {
            let desc = r.description.replace(['\n', '\r'], " ");
            let is_official = !r.name.contains('/');
            StructBuilder::context("*registry.searchContext")
                .f("Name", Value::str(r.name.clone()))
                .f("Description", Value::str(if trunc { table::ellipsis(&desc, 45) } else { desc }))
                .f("StarCount", Value::str(r.stars.to_string()))
                .f(
                    "IsOfficial",
                    Value::str(match (is_official, json) {
                        (true, true) => "true",
                        (true, false) => "[OK]",
                        (false, true) => "false",
                        (false, false) => "",
                    }),
                )
                .build()
        })
        .collect();
    let format = match format {
        "" | "table" => "table {{.Name}}\\t{{.Description}}\\t{{.StarCount}}\\t{{.IsOfficial}}",
        other => other,
    };
    let headers =
        [("Name", "NAME"), ("Description", "DESCRIPTION"), ("StarCount", "STARS"), ("IsOfficial", "OFFICIAL")];
    print_list(&mut out, format, &rows, &headers);
    out
}

/// `docker login`: every well-formed login succeeds (there is no real registry to ask).
pub fn login(inv: &Invocation, stdin: &str) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    if f.is_set("password-stdin") {
        if f.is_set("password") {
            status_error(&mut out, "conflicting options: cannot specify both --password and --password-stdin", 1);
            return out;
        }
        if !f.is_set("username") {
            status_error(&mut out, "the --password-stdin option requires --username to be set", 1);
            return out;
        }
    }
    let user = f.string("username").unwrap_or("").to_string();
    let mut password = f.string("password").unwrap_or("").to_string();
    if f.is_set("username") && user.is_empty() {
        status_error(&mut out, "username is empty", 1);
        return out;
    }
    if f.is_set("password") && password.is_empty() {
        status_error(&mut out, "password is empty", 1);
        return out;
    }
    if !password.is_empty() {
        out.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if f.bool("password-stdin") {
        let p = stdin.strip_suffix('\n').unwrap_or(stdin);
        password = p.strip_suffix('\r').unwrap_or(p).to_string();
    }
    if user.is_empty() || password.is_empty() {
        // The learner's terminal is not a TTY the client can prompt on.
        status_error(&mut out, "Error: Cannot perform an interactive login from a non TTY device", 1);
        return out;
    }
    out.out("Login Succeeded");
    out
}

/// `docker logout`.
pub fn logout(inv: &Invocation) -> Output {
    let mut out = Output::new();
    let server = match inv.args.first().map(String::as_str) {
        None | Some("") => "https://index.docker.io/v1/".to_string(),
        Some(s) => {
            s.trim_start_matches("https://").trim_start_matches("http://").split('/').next().unwrap_or(s).to_string()
        }
    };
    out.out(format!("Removing login credentials for {server}"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_sizes() {
        assert_eq!(bytes_size(MEM_TOTAL as f64), "7.655GiB");
        assert_eq!(bytes_size(4_571_136.0), "4.359MiB");
        assert_eq!(bytes_size(0.0), "0B");
    }
}
