//! A project as the engine holds it: dockerd knows nothing of compose, so a project is the
//! containers, networks and volumes carrying compose's labels (`com.docker.compose.project`
//! and friends), found by those labels exactly as compose finds them; and a service turned
//! into the container config compose asks the engine for.

use super::model::{Mount, Project, Service};
use crate::engine::container::{Container, ContainerConfig, HealthConfig, PortSpec};
use crate::engine::Engine;

/// `com.docker.compose.project`.
pub const PROJECT: &str = "com.docker.compose.project";
/// `com.docker.compose.service`.
pub const SERVICE: &str = "com.docker.compose.service";
/// `com.docker.compose.container-number`.
pub const NUMBER: &str = "com.docker.compose.container-number";
/// `com.docker.compose.oneoff`.
pub const ONEOFF: &str = "com.docker.compose.oneoff";
/// `com.docker.compose.config-hash`.
pub const CONFIG_HASH: &str = "com.docker.compose.config-hash";
/// `com.docker.compose.project.config_files`.
pub const CONFIG_FILES: &str = "com.docker.compose.project.config_files";
/// `com.docker.compose.project.working_dir`.
pub const WORKING_DIR: &str = "com.docker.compose.project.working_dir";
/// compose's version, as its labels carry it.
pub const VERSION: &str = "2.36.2";

/// A label of a container.
pub fn label<'a>(c: &'a Container, key: &str) -> Option<&'a str> {
    c.config.labels.iter().find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
}

/// Which containers a query wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OneOff {
    /// Only the service containers.
    Exclude,
    /// Only `compose run`'s.
    Only,
    /// Both.
    Include,
}

/// The project's containers, sorted by name.
pub fn containers<'a>(engine: &'a Engine, project: &str, oneoff: OneOff) -> Vec<&'a Container> {
    let mut cs: Vec<&Container> = engine
        .containers()
        .filter(|c| label(c, PROJECT) == Some(project))
        .filter(|c| {
            let one = label(c, ONEOFF) == Some("True");
            match oneoff {
                OneOff::Exclude => !one,
                OneOff::Only => one,
                OneOff::Include => true,
            }
        })
        .collect();
    crate::sort::sort_by(&mut cs, |a, b| a.name.cmp(&b.name));
    cs
}

/// A service's containers, by container number.
pub fn service_containers<'a>(engine: &'a Engine, project: &str, service: &str) -> Vec<&'a Container> {
    let mut cs: Vec<&Container> = containers(engine, project, OneOff::Exclude)
        .into_iter()
        .filter(|c| label(c, SERVICE) == Some(service))
        .collect();
    crate::sort::sort_by_key(&mut cs, |c| number(c));
    cs
}

/// A container's number within its service.
pub fn number(c: &Container) -> u32 {
    label(c, NUMBER).and_then(|n| n.parse().ok()).unwrap_or(0)
}

/// The name compose shows a container by in logs: without the project (`web-1`).
pub fn short_name(c: &Container, project: &str) -> String {
    let name = c.name.as_str();
    match name.strip_prefix(project).and_then(|r| r.strip_prefix('-')) {
        Some(rest) if label(c, SERVICE).is_some() && label(c, ONEOFF) != Some("True") => rest.to_string(),
        _ => name.to_string(),
    }
}

/// The projects the engine has containers of.
pub fn projects(engine: &Engine) -> Vec<String> {
    let mut names: Vec<String> = engine.containers().filter_map(|c| label(c, PROJECT).map(str::to_string)).collect();
    crate::sort::sort(&mut names);
    names.dedup();
    names
}

/// `shop-web-1`, or the service's `container_name`.
pub fn container_name(project: &Project, service: &Service, number: u32) -> String {
    match &service.container_name {
        Some(n) => n.clone(),
        None => format!("{}-{}-{number}", project.name, service.name),
    }
}

/// The image a service runs: its `image:`, or the one `build:` makes (`shop-web`).
pub fn image_of(project: &Project, service: &Service) -> String {
    match &service.image {
        Some(i) => i.clone(),
        None => format!("{}-{}", project.name, service.name),
    }
}

/// compose's config hash: a digest of the service's configuration, so `up` can tell a
/// changed service (recreate) from an unchanged one (leave running).
pub fn config_hash(project: &Project, service: &Service) -> String {
    use sha2::{Digest, Sha256};
    let text = super::config::service_yaml(project, service);
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Go's `time.ParseDuration` in ms, or `default`.
fn millis(s: &Option<String>, default: u64) -> u64 {
    s.as_deref()
        .and_then(|d| crate::go::time::parse_duration(d).ok())
        .map(|ns| (ns / 1_000_000).max(0) as u64)
        .unwrap_or(default)
}

/// What a service's container is created with: the config, the extra exposed ports, and
/// the networks to connect after creating it (with their aliases).
pub struct Plan {
    /// The container's name.
    pub name: String,
    /// The config.
    pub config: ContainerConfig,
    /// `expose:`.
    pub expose: Vec<(u16, String)>,
    /// Networks beyond the first: (engine name, aliases).
    pub more_networks: Vec<(String, Vec<String>)>,
}

/// The container for service `service`, number `number`; `oneoff` for `compose run`.
pub fn plan(project: &Project, service: &Service, number: u32, image_id: &str, oneoff: Option<&str>) -> Plan {
    let name = match oneoff {
        Some(suffix) => format!("{}-{}-run-{suffix}", project.name, service.name),
        None => container_name(project, service, number),
    };
    let mut labels: Vec<(String, String)> = service.labels.clone();
    let depends: Vec<String> =
        service.depends_on.iter().map(|d| format!("{}:{}:{}", d.service, d.condition, d.restart)).collect();
    for (k, v) in [
        (CONFIG_HASH, config_hash(project, service)),
        (NUMBER, number.to_string()),
        ("com.docker.compose.depends_on", depends.join(",")),
        ("com.docker.compose.image", image_id.to_string()),
        (ONEOFF, if oneoff.is_some() { "True" } else { "False" }.to_string()),
        (PROJECT, project.name.clone()),
        (CONFIG_FILES, project.config_files.join(",")),
        (WORKING_DIR, project.working_dir.clone()),
        (SERVICE, service.name.clone()),
        ("com.docker.compose.version", VERSION.to_string()),
    ] {
        labels.retain(|(lk, _)| lk != k);
        labels.push((k.to_string(), v));
    }
    if let Some(slug) = oneoff {
        labels.push(("com.docker.compose.slug".to_string(), slug.to_string()));
    }
    crate::sort::sort_by(&mut labels, |a, b| a.0.cmp(&b.0));
    let mut networks: Vec<(String, Vec<String>)> = Vec::new();
    let keys: Vec<(String, Vec<String>)> =
        if service.networks.is_empty() { vec![("default".to_string(), Vec::new())] } else { service.networks.clone() };
    for (key, extra) in keys {
        let Some(net) = project.network(&key) else { continue };
        let mut aliases = vec![name.clone()];
        if oneoff.is_none() {
            aliases.push(service.name.clone());
            aliases.extend(extra);
        }
        networks.push((net.name.clone(), aliases));
    }
    let first = networks.first().map(|(n, aliases)| {
        let mut spec = format!("name={n}");
        for a in aliases {
            spec.push_str(",alias=");
            spec.push_str(a);
        }
        spec
    });
    let ports = service
        .ports
        .iter()
        .map(|p| PortSpec {
            host_ip: p.host_ip.clone(),
            host_port: p.published.as_deref().and_then(|s| s.split('-').next()).and_then(|s| s.parse().ok()),
            container_port: p.target,
            proto: p.protocol.clone(),
        })
        .collect();
    let volumes = service.volumes.iter().map(|m| mount_spec(project, m)).collect();
    let healthcheck = service.healthcheck.as_ref().filter(|h| !h.disable && !h.test.is_empty()).map(|h| HealthConfig {
        test: h.test.clone(),
        interval: millis(&h.interval, 30_000),
        timeout: millis(&h.timeout, 30_000),
        retries: h.retries.unwrap_or(3).min(u64::from(u32::MAX)) as u32,
        start_period: millis(&h.start_period, 0),
    });
    let config = ContainerConfig {
        image: image_of(project, service),
        entrypoint: service.entrypoint.clone(),
        cmd: service.command.clone().unwrap_or_default(),
        env: service.environment.iter().filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}={v}"))).collect(),
        tty: service.tty,
        open_stdin: service.stdin_open,
        ports,
        publish_all: false,
        auto_remove: false,
        restart: service.restart.clone().filter(|r| !r.is_empty()).unwrap_or_else(|| "no".to_string()),
        hostname: service.hostname.clone(),
        workdir: service.working_dir.clone(),
        user: service.user.clone(),
        network: first,
        volumes,
        labels: labels.into_iter().map(|(k, v)| format!("{k}={v}")).collect(),
        healthcheck,
    };
    let expose = service
        .expose
        .iter()
        .filter_map(|e| {
            let (p, proto) = e.split_once('/').unwrap_or((e, "tcp"));
            Some((p.parse().ok()?, proto.to_string()))
        })
        .collect();
    Plan { name, config, expose, more_networks: networks.into_iter().skip(1).collect() }
}

/// A service volume as the `-v` spec the engine reads.
fn mount_spec(project: &Project, m: &Mount) -> String {
    let ro = if m.read_only { ":ro" } else { "" };
    match (&m.source, m.kind.as_str()) {
        (Some(src), "volume") => {
            let name = project.volume(src).map(|v| v.name.clone()).unwrap_or_else(|| src.clone());
            format!("{name}:{}{ro}", m.target)
        }
        (Some(src), _) => format!("{src}:{}{ro}", m.target),
        (None, _) => m.target.clone(),
    }
}
