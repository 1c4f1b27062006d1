//! `docker container inspect`: the document the API returns for a container.
//!
//! Key order, null-versus-empty and omitted fields follow the Engine API v1.50 structs of
//! moby v28 (`container.InspectResponse`) as the containerd image store fills them, so both
//! the JSON and `-f '{{.Field}}'` read like a real daemon's. Values the simulation does not
//! track (sandbox keys, PIDs) are derived deterministically from IDs. Reads engine state only.

use crate::client::cli::Invocation;
use crate::client::facts::{api_time, container_labels, manifest_digest, size_rw, stable, unpacked_size, ZERO_TIME};
use crate::client::from_daemon;
use crate::client::inspect;
use crate::engine::container::Container;
use crate::engine::registry::sha256_hex;
use crate::engine::Engine;
use crate::output::template::{StructBuilder, Value};
use crate::output::Output;
use crate::snapshot::ContainerStatus;

/// `docker container inspect [OPTIONS] CONTAINER [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspect<'a> {
    /// The containers, as typed.
    pub containers: &'a [String],
    /// `-f, --format`.
    pub format: &'a str,
    /// `-s, --size`.
    pub size: bool,
}

impl<'a> Inspect<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Inspect<'a> {
        let f = &inv.flags;
        Inspect { containers: &inv.args, format: f.string("format").unwrap_or(""), size: f.bool("size") }
    }

    /// Prints each container's document.
    pub fn run(self, engine: &mut Engine) -> Output {
        let engine = &*engine;
        inspect::print(self.containers, self.format, true, &mut |r, _| match engine.container_resolve(r) {
            Ok(c) => Ok(document(engine, c, self.size)),
            Err(e) => Err(from_daemon(&e)),
        })
    }
}

/// Paths Docker masks inside every unprivileged container (`HostConfig.MaskedPaths`).
const MASKED_PATHS: [&str; 12] = [
    "/proc/asound",
    "/proc/acpi",
    "/proc/interrupts",
    "/proc/kcore",
    "/proc/keys",
    "/proc/latency_stats",
    "/proc/timer_list",
    "/proc/timer_stats",
    "/proc/sched_debug",
    "/proc/scsi",
    "/sys/firmware",
    "/sys/devices/virtual/powercap",
];

/// Paths mounted read-only inside every unprivileged container.
const READONLY_PATHS: [&str; 5] = ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"];

fn strings_or_null(v: &[String]) -> Value {
    if v.is_empty() {
        Value::NilList
    } else {
        Value::strings(v.iter().cloned())
    }
}

/// `docker container inspect` for one container.
pub fn document(engine: &Engine, c: &Container, size: bool) -> Value {
    let image = engine.images().find(|i| i.id == c.image_id);
    let started = c.started_at.is_some();
    let running = c.is_running();
    let dir = format!("/var/lib/docker/containers/{}", c.id);
    let path_if_started = |p: String| if started { p } else { String::new() };
    let mut argv = c.entrypoint.iter().chain(c.cmd.iter());
    let path = argv.next().cloned().unwrap_or_default();
    let args: Vec<String> = argv.cloned().collect();
    let pid = if running { 1000 + stable(&format!("pid\0{}", c.id), 3000) as i64 } else { 0 };
    let state = StructBuilder::new("*container.State")
        .pointer()
        .f("Status", Value::str(c.status.as_str()))
        .f("Running", Value::Bool(running))
        .f("Paused", Value::Bool(c.status == ContainerStatus::Paused))
        .f("Restarting", Value::Bool(c.status == ContainerStatus::Restarting))
        .f("OOMKilled", Value::Bool(false))
        .f("Dead", Value::Bool(c.status == ContainerStatus::Dead))
        .f("Pid", Value::Int(pid))
        .f("ExitCode", Value::Int(c.exit_code as i64))
        .f("Error", Value::str(""))
        .f(
            "StartedAt",
            Value::str(
                c.started_at
                    .map(|t| api_time(t, &format!("start\0{}\0{t}", c.id)))
                    .unwrap_or_else(|| ZERO_TIME.to_string()),
            ),
        )
        .f(
            "FinishedAt",
            Value::str(
                c.finished_at
                    .map(|t| api_time(t, &format!("finish\0{}\0{t}", c.id)))
                    .unwrap_or_else(|| ZERO_TIME.to_string()),
            ),
        )
        .o("Health", Value::Nil)
        .build();

    let mounts = engine.container_mounts(&c.id);
    let binds: Vec<String> = c.config.volumes.iter().filter(|v| v.contains(':')).cloned().collect();
    let mut port_bindings: Vec<(String, Value)> = Vec::new();
    for p in &c.config.ports {
        let key = format!("{}/{}", p.container_port, p.proto);
        let binding = StructBuilder::new("nat.PortBinding")
            .f("HostIp", Value::str(p.host_ip.clone()))
            .f("HostPort", Value::str(p.host_port.map(|h| h.to_string()).unwrap_or_default()))
            .build();
        match port_bindings.iter_mut().find(|(k, _)| *k == key) {
            Some((_, Value::List(l))) => l.push(binding),
            _ => port_bindings.push((key, Value::List(vec![binding]))),
        }
    }
    let (policy, retries) = match c.config.restart.split_once(':') {
        Some((p, n)) => (p.to_string(), n.parse::<i64>().unwrap_or(0)),
        None => (if c.config.restart.is_empty() { "no".to_string() } else { c.config.restart.clone() }, 0),
    };
    let empty_list = || Value::List(Vec::new());
    let host_config = StructBuilder::new("*container.HostConfig")
        .pointer()
        .f("Binds", strings_or_null(&binds))
        .f("ContainerIDFile", Value::str(""))
        .f(
            "LogConfig",
            StructBuilder::new("container.LogConfig")
                .f("Type", Value::str("json-file"))
                .f("Config", Value::string_map(Vec::<(String, String)>::new()))
                .build(),
        )
        .f("NetworkMode", Value::str(engine.container_network_mode(&c.id)))
        .f("PortBindings", Value::map(port_bindings, Value::NilList))
        .f(
            "RestartPolicy",
            StructBuilder::new("container.RestartPolicy")
                .f("Name", Value::str(policy))
                .f("MaximumRetryCount", Value::Int(retries))
                .build(),
        )
        .f("AutoRemove", Value::Bool(c.config.auto_remove))
        .f("VolumeDriver", Value::str(""))
        .f("VolumesFrom", Value::NilList)
        .f(
            "ConsoleSize",
            Value::List(if c.config.tty {
                vec![Value::Int(30), Value::Int(120)]
            } else {
                vec![Value::Int(0), Value::Int(0)]
            }),
        )
        .f("CapAdd", Value::NilList)
        .f("CapDrop", Value::NilList)
        .f("CgroupnsMode", Value::str("private"))
        .g("Dns", "DNS", empty_list())
        .g("DnsOptions", "DNSOptions", empty_list())
        .g("DnsSearch", "DNSSearch", empty_list())
        .f("ExtraHosts", Value::NilList)
        .f("GroupAdd", Value::NilList)
        .f("IpcMode", Value::str("private"))
        .f("Cgroup", Value::str(""))
        .f("Links", Value::NilList)
        .f("OomScoreAdj", Value::Int(0))
        .f("PidMode", Value::str(""))
        .f("Privileged", Value::Bool(false))
        .f("PublishAllPorts", Value::Bool(c.config.publish_all))
        .f("ReadonlyRootfs", Value::Bool(false))
        .f("SecurityOpt", Value::NilList)
        .f("UTSMode", Value::str(""))
        .f("UsernsMode", Value::str(""))
        .f("ShmSize", Value::Int(67_108_864))
        .o("Runtime", Value::str("runc"))
        .f("Isolation", Value::str(""))
        .g("CpuShares", "CPUShares", Value::Int(0))
        .f("Memory", Value::Int(0))
        .g("NanoCpus", "NanoCPUs", Value::Int(0))
        .f("CgroupParent", Value::str(""))
        .f("BlkioWeight", Value::Int(0))
        .f("BlkioWeightDevice", empty_list())
        .f("BlkioDeviceReadBps", empty_list())
        .f("BlkioDeviceWriteBps", empty_list())
        .f("BlkioDeviceReadIOps", empty_list())
        .f("BlkioDeviceWriteIOps", empty_list())
        .g("CpuPeriod", "CPUPeriod", Value::Int(0))
        .g("CpuQuota", "CPUQuota", Value::Int(0))
        .g("CpuRealtimePeriod", "CPURealtimePeriod", Value::Int(0))
        .g("CpuRealtimeRuntime", "CPURealtimeRuntime", Value::Int(0))
        .f("CpusetCpus", Value::str(""))
        .f("CpusetMems", Value::str(""))
        .f("Devices", empty_list())
        .f("DeviceCgroupRules", Value::NilList)
        .f("DeviceRequests", Value::NilList)
        .f("MemoryReservation", Value::Int(0))
        .f("MemorySwap", Value::Int(0))
        .f("MemorySwappiness", Value::Nil)
        .f("OomKillDisable", Value::Nil)
        .f("PidsLimit", Value::Nil)
        .f("Ulimits", empty_list())
        .g("CpuCount", "CPUCount", Value::Int(0))
        .g("CpuPercent", "CPUPercent", Value::Int(0))
        .f("IOMaximumIOps", Value::Int(0))
        .f("IOMaximumBandwidth", Value::Int(0))
        .f("MaskedPaths", Value::strings(MASKED_PATHS))
        .f("ReadonlyPaths", Value::strings(READONLY_PATHS))
        .build();

    let mount_values: Vec<Value> = mounts
        .iter()
        .map(|m| {
            StructBuilder::new("container.MountPoint")
                .o("Type", Value::str(m.kind.as_str()))
                .o("Name", Value::str(m.name.clone()))
                .f("Source", Value::str(m.source.clone()))
                .f("Destination", Value::str(m.destination.clone()))
                .o("Driver", Value::str(m.driver.clone()))
                .f("Mode", Value::str(m.mode.clone()))
                .g("RW", "RW", Value::Bool(m.rw))
                .f("Propagation", Value::str(m.propagation.clone()))
                .build()
        })
        .collect();

    let exposed: Vec<(String, Value)> =
        c.exposed.iter().map(|(p, proto)| (format!("{p}/{proto}"), StructBuilder::new("struct {}").build())).collect();
    let image_volumes: Vec<String> = image.map(|i| i.config.volumes.clone()).unwrap_or_default();
    let stop_signal = image.map(|i| i.config.stop_signal.clone()).unwrap_or_default();
    let workdir = c.config.workdir.clone().or_else(|| image.map(|i| i.config.workdir.clone())).unwrap_or_default();
    let user = c.config.user.clone().or_else(|| image.map(|i| i.config.user.clone())).unwrap_or_default();
    // The engine does not record whether the client attached (`run` without `-d`,
    // `create`); interactive containers almost always are, detached servers are not.
    let attached = c.config.open_stdin || c.config.tty;
    let config = StructBuilder::new("*container.Config")
        .pointer()
        .f("Hostname", Value::str(c.config.hostname.clone().unwrap_or_else(|| c.short_id().to_string())))
        .f("Domainname", Value::str(""))
        .f("User", Value::str(user))
        .f("AttachStdin", Value::Bool(c.config.open_stdin))
        .f("AttachStdout", Value::Bool(attached))
        .f("AttachStderr", Value::Bool(attached))
        .o("ExposedPorts", if exposed.is_empty() { Value::NilMap } else { Value::map(exposed, Value::Missing) })
        .f("Tty", Value::Bool(c.config.tty))
        .f("OpenStdin", Value::Bool(c.config.open_stdin))
        .f("StdinOnce", Value::Bool(c.config.open_stdin))
        .f("Env", Value::strings(c.env.iter().cloned()))
        .f("Cmd", strings_or_null(&c.cmd))
        .o("Healthcheck", Value::Nil)
        .o("ArgsEscaped", Value::Bool(false))
        .f("Image", Value::str(c.config.image.clone()))
        .f(
            "Volumes",
            if image_volumes.is_empty() {
                Value::NilMap
            } else {
                Value::map(
                    image_volumes.iter().map(|v| (v.clone(), StructBuilder::new("struct {}").build())),
                    Value::Missing,
                )
            },
        )
        .f("WorkingDir", Value::str(workdir))
        .f("Entrypoint", strings_or_null(&c.entrypoint))
        .o("NetworkDisabled", Value::Bool(false))
        .o("MacAddress", Value::str(""))
        .f("OnBuild", Value::NilList)
        .f("Labels", Value::string_map(container_labels(engine, c)))
        .o("StopSignal", Value::str(stop_signal))
        .o("StopTimeout", Value::Nil)
        .o("Shell", Value::NilList)
        .build();

    let nets = engine.container_networks(&c.id);
    let bridge = nets.iter().find(|n| n.name == "bridge");
    let mut ports: Vec<(String, Value)> = Vec::new();
    if running {
        for (p, proto) in &c.exposed {
            let bound: Vec<Value> = c
                .bindings
                .iter()
                .filter(|b| b.container_port == *p && &b.proto == proto)
                .map(|b| {
                    StructBuilder::new("nat.PortBinding")
                        .f("HostIp", Value::str(b.host_ip.clone()))
                        .f("HostPort", Value::str(b.host_port.to_string()))
                        .build()
                })
                .collect();
            ports.push((format!("{p}/{proto}"), if bound.is_empty() { Value::NilList } else { Value::List(bound) }));
        }
    }
    let networks: Vec<(String, Value)> = nets
        .iter()
        .map(|n| {
            let ep = StructBuilder::new("*network.EndpointSettings")
                .pointer()
                .g("IPAMConfig", "IPAMConfig", Value::Nil)
                .f("Links", Value::NilList)
                .f("Aliases", strings_or_null(&n.aliases))
                .f("MacAddress", Value::str(n.mac.clone()))
                .f("DriverOpts", Value::NilMap)
                .f("GwPriority", Value::Int(0))
                .f("NetworkID", Value::str(n.network_id.clone()))
                .f("EndpointID", Value::str(n.endpoint_id.clone()))
                .f("Gateway", Value::str(n.gateway.clone()))
                .f("IPAddress", Value::str(n.ip_address.clone()))
                .f("IPPrefixLen", Value::Int(n.prefix_len as i64))
                .f("IPv6Gateway", Value::str(""))
                .f("GlobalIPv6Address", Value::str(""))
                .f("GlobalIPv6PrefixLen", Value::Int(0))
                .f(
                    "DNSNames",
                    n.dns_names.as_ref().map(|d| Value::strings(d.iter().cloned())).unwrap_or(Value::NilList),
                )
                .build();
            (n.name.clone(), ep)
        })
        .collect();
    let sandbox = if running {
        sha256_hex(format!("sandbox\0{}\0{}", c.id, c.started_at.unwrap_or(0)).as_bytes())
    } else {
        String::new()
    };
    let network_settings = StructBuilder::new("*container.NetworkSettings")
        .pointer()
        .f("Bridge", Value::str(""))
        .g("SandboxID", "SandboxID", Value::str(sandbox.clone()))
        .f(
            "SandboxKey",
            Value::str(if running {
                format!("/var/run/docker/netns/{}", sandbox.get(..12).unwrap_or(""))
            } else {
                String::new()
            }),
        )
        .f("Ports", Value::map(ports, Value::NilList))
        .f("HairpinMode", Value::Bool(false))
        .f("LinkLocalIPv6Address", Value::str(""))
        .f("LinkLocalIPv6PrefixLen", Value::Int(0))
        .f("SecondaryIPAddresses", Value::NilList)
        .f("SecondaryIPv6Addresses", Value::NilList)
        .f("EndpointID", Value::str(bridge.map(|b| b.endpoint_id.clone()).unwrap_or_default()))
        .f("Gateway", Value::str(bridge.map(|b| b.gateway.clone()).unwrap_or_default()))
        .f("GlobalIPv6Address", Value::str(""))
        .f("GlobalIPv6PrefixLen", Value::Int(0))
        .f("IPAddress", Value::str(bridge.map(|b| b.ip_address.clone()).unwrap_or_default()))
        .f("IPPrefixLen", Value::Int(bridge.map(|b| b.prefix_len as i64).unwrap_or(0)))
        .f("IPv6Gateway", Value::str(""))
        .f("MacAddress", Value::str(bridge.map(|b| b.mac.clone()).unwrap_or_default()))
        .f("Networks", Value::map(networks, Value::Nil))
        .build();

    let manifest = manifest_digest(&c.image_id);
    let descriptor = StructBuilder::new("*v1.Descriptor")
        .pointer()
        .g("mediaType", "MediaType", Value::str("application/vnd.oci.image.manifest.v1+json"))
        .g("digest", "Digest", Value::str(manifest.clone()))
        .g("size", "Size", Value::Int(1500 + stable(&manifest, 1200) as i64))
        .g(
            "platform",
            "Platform",
            StructBuilder::new("*v1.Platform")
                .pointer()
                .g("architecture", "Architecture", Value::str("amd64"))
                .g("os", "OS", Value::str("linux"))
                .build(),
        )
        .build();

    let mut b = StructBuilder::new("container.InspectResponse")
        .g("Id", "ID", Value::str(c.id.clone()))
        .f("Created", Value::str(api_time(c.created, &format!("created\0{}", c.id))))
        .f("Path", Value::str(path))
        .f("Args", Value::strings(args))
        .f("State", state)
        .f("Image", Value::str(c.image_id.clone()))
        .f("ResolvConfPath", Value::str(path_if_started(format!("{dir}/resolv.conf"))))
        .f("HostnamePath", Value::str(path_if_started(format!("{dir}/hostname"))))
        .f("HostsPath", Value::str(path_if_started(format!("{dir}/hosts"))))
        .f("LogPath", Value::str(path_if_started(format!("{dir}/{}-json.log", c.id))))
        .f("Name", Value::str(format!("/{}", c.name)))
        .f("RestartCount", Value::Int(c.restart_count as i64))
        .f("Driver", Value::str("overlayfs"))
        .f("Platform", Value::str("linux"))
        .f("MountLabel", Value::str(""))
        .f("ProcessLabel", Value::str(""))
        .f("AppArmorProfile", Value::str(""))
        .g("ExecIDs", "ExecIDs", Value::NilList)
        .f("HostConfig", host_config)
        .f(
            "GraphDriver",
            StructBuilder::new("storage.DriverData")
                .f("Data", Value::NilMap)
                .f("Name", Value::str("overlayfs"))
                .build(),
        );
    if size {
        let rw = size_rw(engine, c);
        // Pointers in the API struct: present (even when 0) whenever sizes were asked for.
        b = b
            .f("SizeRw", Value::Int(rw as i64))
            .f("SizeRootFs", Value::Int((rw + image.map(unpacked_size).unwrap_or(0)) as i64));
    }
    b.f("Mounts", Value::List(mount_values))
        .f("Config", config)
        .f("NetworkSettings", network_settings)
        .o("ImageManifestDescriptor", descriptor)
        .build()
}
