//! `docker info` (`docker system info`): what the client knows, then the daemon's view of
//! the host with the simulation's real counts.

use super::*;
use crate::client::cli::spec::{CLIENT_COMMIT, CLIENT_VERSION};
use crate::client::cli::Invocation;
use crate::client::facts::{api_time, stable};
use crate::client::plugins::{Plugin, PLUGINS};
use crate::client::DAEMON_DOWN;
use crate::engine::Engine;
use crate::go::units;
use crate::host::{CPUS, HOST_NAME, KERNEL_RELEASE, OPERATING_SYSTEM, OS_VERSION};
use crate::output::template::{StructBuilder, Value};
use crate::output::Output;
use crate::snapshot::ContainerStatus;

/// How many containers (by state) and images the daemon has.
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
    let h = crate::engine::registry::sha256_hex(format!("daemon-id\0{}", stable(HOST_NAME, 1 << 30)).as_bytes());
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
        .f("SystemTime", Value::str(api_time(engine.now(), "systemtime")))
        .f("LoggingDriver", Value::str("json-file"))
        .f("CgroupDriver", Value::str("systemd"))
        .f("CgroupVersion", Value::str("2"))
        .f("NEventsListener", Value::Int(12))
        .f("KernelVersion", Value::str(KERNEL_RELEASE))
        .f("OperatingSystem", Value::str(OPERATING_SYSTEM))
        .f("OSVersion", Value::str(OS_VERSION))
        .f("OSType", Value::str("linux"))
        .f("Architecture", Value::str("x86_64"))
        .f("IndexServerAddress", Value::str("https://index.docker.io/v1/"))
        .g("NCPU", "NCPU", Value::Int(CPUS as i64))
        .f("MemTotal", Value::Int(MEM_TOTAL))
        .f("DockerRootDir", Value::str("/var/lib/docker"))
        .g("HttpProxy", "HTTPProxy", Value::str(""))
        .g("HttpsProxy", "HTTPSProxy", Value::str(""))
        .f("NoProxy", Value::str(""))
        .f("Name", Value::str(HOST_NAME))
        .f("Labels", Value::NilList)
        .f("ExperimentalBuild", Value::Bool(false))
        .f("ServerVersion", Value::str(CLIENT_VERSION))
        .f("DefaultRuntime", Value::str("runc"))
        .f("LiveRestoreEnabled", Value::Bool(false))
        .f("Isolation", Value::str(""))
        .f("InitBinary", Value::str("docker-init"))
        .f("SecurityOptions", Value::strings(["name=seccomp,profile=builtin", "name=cgroupns"]))
        .o("ProductLicense", Value::str(PRODUCT_LICENSE))
        .g("CDISpecDirs", "CDISpecDirs", Value::strings(["/etc/cdi", "/var/run/cdi"]))
        .f("Warnings", Value::NilList)
        .f(
            "ClientInfo",
            StructBuilder::new("*command.clientInfo")
                .pointer()
                .f("Debug", Value::Bool(false))
                .o("Platform", super::version::platform())
                .f("Version", Value::str(CLIENT_VERSION))
                .o("DefaultAPIVersion", Value::str("1.50"))
                .f("GitCommit", Value::str(CLIENT_COMMIT))
                .f("GoVersion", Value::str(GO_VERSION))
                .f("Os", Value::str("linux"))
                .f("Arch", Value::str("amd64"))
                .f("BuildTime", Value::str(BUILT))
                .f("Context", Value::str("default"))
                .f("Plugins", Value::List(PLUGINS.iter().map(Plugin::value).collect()))
                .f("Warnings", Value::NilList)
                .build(),
        )
        .build()
}

/// `docker info`.
/// `docker info [OPTIONS]` (`docker system info`).
#[derive(Clone, Debug, PartialEq)]
pub struct Info<'a> {
    /// `-f, --format`.
    pub format: &'a str,
}

impl<'a> Info<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Info<'a> {
        Info { format: inv.flags.string("format").unwrap_or("") }
    }

    /// Prints what the client knows, then the daemon's side (if it runs).
    pub fn run(self, engine: &mut Engine) -> Output {
        info(engine, self.format)
    }
}

fn info(engine: &Engine, format: &str) -> Output {
    let mut out = Output::new();
    let up = engine.daemon_running();
    if let Some(t) = format_template(format) {
        let t = match t {
            Ok(t) => t,
            Err(e) => {
                out.fail(&e, 64);
                return out;
            }
        };
        match t.execute(&info_value(engine)) {
            Ok(s) if up => out.out_text(&format!("{s}\n")),
            Ok(_) => {
                out.out("");
                out.fail(DAEMON_DOWN, 1);
            }
            Err(e) => out.fail(&e, 1),
        }
        return out;
    }
    out.out(format!("Client: {PLATFORM}"));
    out.out(format!(" Version:    {CLIENT_VERSION}"));
    out.out(" Context:    default");
    out.out(" Debug Mode: false");
    out.out(" Plugins:");
    for p in &PLUGINS {
        out.out(format!("  {}: {} (Docker Inc.)", p.name, p.short));
        out.out(format!("    Version:  {}", p.version));
        out.out(format!("    Path:     {}", p.path()));
    }
    out.out("");
    out.out("Server:");
    if !up {
        out.fail(DAEMON_DOWN, 1);
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
 Cgroup Driver: systemd
 Cgroup Version: 2
 Plugins:
  Volume: local
  Network: bridge host ipvlan macvlan null overlay
  Log: awslogs fluentd gcplogs gelf journald json-file local splunk syslog
 CDI spec directories:
  /etc/cdi
  /var/run/cdi
 Swarm: inactive
 Runtimes: io.containerd.runc.v2 runc
 Default Runtime: runc
 Init Binary: docker-init
 containerd version: {CONTAINERD_COMMIT}
 runc version: {RUNC_COMMIT}
 init version: {INIT_COMMIT}
 Security Options:
  seccomp
   Profile: builtin
  cgroupns
 Kernel Version: {KERNEL_RELEASE}
 Operating System: {OPERATING_SYSTEM}
 OSType: linux
 Architecture: x86_64
 CPUs: {CPUS}
 Total Memory: {}
 Name: {HOST_NAME}
 ID: {}
 Docker Root Dir: /var/lib/docker
 Debug Mode: false
 Experimental: false
 Insecure Registries:
  ::1/128
  127.0.0.0/8
 Live Restore Enabled: false
 Product License: {PRODUCT_LICENSE}
",
        c.total,
        c.running,
        c.paused,
        c.stopped,
        c.images,
        units::bytes_size(MEM_TOTAL as f64),
        daemon_id(engine)
    );
    out.out_text(&text);
    // docker's info ends with an empty line.
    out.out("");
    out
}
