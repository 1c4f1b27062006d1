//! `docker compose config`: the project in compose's canonical form (`name:` first,
//! services sorted, each service's keys in compose-go's struct order, short syntax turned
//! long: `ports` with `mode: ingress` and a string `published`, `volumes` with `type`, every
//! service on `networks: default: null`, top-level names filled in), and its
//! `--services`, `--volumes`, `--images` and `-q` forms.

use super::model::{Project, Service};
use super::yaml::{Emitter, Node, Scalar, Value};

fn s(v: &str) -> Emitter {
    Emitter::str(v)
}

fn map(entries: Vec<(&str, Emitter)>) -> Emitter {
    Emitter::Map(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

fn list(items: &[String]) -> Emitter {
    Emitter::Seq(items.iter().map(|i| s(i)).collect())
}

/// A loaded node as it prints again (for `x-*` extensions).
fn node(n: &Node) -> Emitter {
    match &n.value {
        Value::Map(entries) => {
            Emitter::Map(entries.iter().map(|(k, v)| (k.text().unwrap_or("").to_string(), node(v))).collect())
        }
        Value::Seq(items) => Emitter::Seq(items.iter().map(node).collect()),
        Value::Scalar(..) => match n.scalar() {
            Some(Scalar::Null) | None => Emitter::Null,
            Some(Scalar::Bool(b)) => Emitter::Bool(b),
            Some(Scalar::Int(i)) => Emitter::Int(i),
            Some(Scalar::Float(f)) => Emitter::Float(f),
            Some(Scalar::Str(t)) => s(t),
        },
    }
}

/// One service in canonical form.
pub fn service(project: &Project, svc: &Service) -> Emitter {
    let mut out: Vec<(&str, Emitter)> = Vec::new();
    if let Some(b) = &svc.build {
        let mut build = vec![("context", s(&b.context)), ("dockerfile", s(&b.dockerfile))];
        if !b.args.is_empty() {
            let args = b.args.iter().map(|(k, v)| (k.clone(), v.as_deref().map(s).unwrap_or(Emitter::Null))).collect();
            build.push(("args", Emitter::Map(args)));
        }
        if let Some(t) = &b.target {
            build.push(("target", s(t)));
        }
        out.push(("build", map(build)));
    }
    if let Some(c) = &svc.command {
        out.push(("command", list(c)));
    }
    if let Some(c) = &svc.container_name {
        out.push(("container_name", s(c)));
    }
    if !svc.depends_on.is_empty() {
        let mut deps: Vec<(String, Emitter)> = svc
            .depends_on
            .iter()
            .map(|d| {
                let mut e = vec![("condition", s(&d.condition))];
                if d.restart {
                    e.push(("restart", Emitter::Bool(true)));
                }
                e.push(("required", Emitter::Bool(d.required)));
                (d.service.clone(), map(e))
            })
            .collect();
        crate::sort::sort_by(&mut deps, |a, b| a.0.cmp(&b.0));
        out.push(("depends_on", Emitter::Map(deps)));
    }
    if let Some(e) = &svc.entrypoint {
        out.push(("entrypoint", list(e)));
    }
    if !svc.environment.is_empty() {
        let env =
            svc.environment.iter().map(|(k, v)| (k.clone(), v.as_deref().map(s).unwrap_or(Emitter::Null))).collect();
        out.push(("environment", Emitter::Map(env)));
    }
    if !svc.expose.is_empty() {
        out.push(("expose", list(&svc.expose)));
    }
    if let Some(h) = &svc.hostname {
        out.push(("hostname", s(h)));
    }
    if let Some(hc) = &svc.healthcheck {
        let mut h = Vec::new();
        if !hc.test.is_empty() {
            h.push(("test", list(&hc.test)));
        }
        if let Some(t) = &hc.timeout {
            h.push(("timeout", s(t)));
        }
        if let Some(t) = &hc.interval {
            h.push(("interval", s(t)));
        }
        if let Some(r) = hc.retries {
            h.push(("retries", Emitter::Int(r.min(i64::MAX as u64) as i64)));
        }
        if let Some(t) = &hc.start_period {
            h.push(("start_period", s(t)));
        }
        if hc.disable {
            h.push(("disable", Emitter::Bool(true)));
        }
        out.push(("healthcheck", map(h)));
    }
    if let Some(i) = &svc.image {
        out.push(("image", s(i)));
    }
    if !svc.labels.is_empty() {
        out.push(("labels", Emitter::Map(svc.labels.iter().map(|(k, v)| (k.clone(), s(v))).collect())));
    }
    let nets: Vec<(String, Emitter)> = if svc.networks.is_empty() {
        vec![("default".to_string(), Emitter::Null)]
    } else {
        svc.networks
            .iter()
            .map(|(k, aliases)| {
                let v = if aliases.is_empty() { Emitter::Null } else { map(vec![("aliases", list(aliases))]) };
                (k.clone(), v)
            })
            .collect()
    };
    out.push(("networks", Emitter::Map(nets)));
    if !svc.ports.is_empty() {
        let ports = svc
            .ports
            .iter()
            .map(|p| {
                let mut e = vec![("mode", s("ingress"))];
                if !p.host_ip.is_empty() {
                    e.push(("host_ip", s(&p.host_ip)));
                }
                e.push(("target", Emitter::Int(i64::from(p.target))));
                if let Some(pb) = &p.published {
                    e.push(("published", s(pb)));
                }
                e.push(("protocol", s(&p.protocol)));
                map(e)
            })
            .collect();
        out.push(("ports", Emitter::Seq(ports)));
    }
    if let Some(r) = &svc.restart {
        out.push(("restart", s(r)));
    }
    if let Some(n) = svc.scale {
        out.push(("scale", Emitter::Int(i64::from(n))));
    }
    if svc.stdin_open {
        out.push(("stdin_open", Emitter::Bool(true)));
    }
    if svc.tty {
        out.push(("tty", Emitter::Bool(true)));
    }
    if let Some(u) = &svc.user {
        out.push(("user", s(u)));
    }
    if !svc.volumes.is_empty() {
        let vols = svc
            .volumes
            .iter()
            .map(|m| {
                let mut e = vec![("type", s(&m.kind))];
                if let Some(src) = &m.source {
                    e.push(("source", s(src)));
                }
                e.push(("target", s(&m.target)));
                if m.read_only {
                    e.push(("read_only", Emitter::Bool(true)));
                }
                match m.kind.as_str() {
                    "bind" => e.push(("bind", map(vec![("create_host_path", Emitter::Bool(true))]))),
                    "volume" => e.push(("volume", Emitter::Map(Vec::new()))),
                    _ => {}
                }
                map(e)
            })
            .collect();
        out.push(("volumes", Emitter::Seq(vols)));
    }
    if let Some(w) = &svc.working_dir {
        out.push(("working_dir", s(w)));
    }
    let _ = project;
    map(out)
}

/// The service's canonical text (what its config hash digests).
pub fn service_yaml(project: &Project, svc: &Service) -> String {
    service(project, svc).to_yaml()
}

/// The whole project, as `docker compose config` prints it.
pub fn render(project: &Project) -> String {
    let mut top: Vec<(&str, Emitter)> = vec![("name", s(&project.name))];
    let services = project.services.iter().map(|svc| (svc.name.clone(), service(project, svc))).collect();
    top.push(("services", Emitter::Map(services)));
    if !project.networks.is_empty() {
        let nets = project
            .networks
            .iter()
            .map(|n| {
                let mut e = vec![("name", s(&n.name))];
                if let Some(d) = &n.driver {
                    e.push(("driver", s(d)));
                }
                if n.external {
                    e.push(("external", Emitter::Bool(true)));
                }
                (n.key.clone(), map(e))
            })
            .collect();
        top.push(("networks", Emitter::Map(nets)));
    }
    if !project.volumes.is_empty() {
        let vols = project
            .volumes
            .iter()
            .map(|v| {
                let mut e = vec![("name", s(&v.name))];
                if let Some(d) = &v.driver {
                    e.push(("driver", s(d)));
                }
                if v.external {
                    e.push(("external", Emitter::Bool(true)));
                }
                (v.key.clone(), map(e))
            })
            .collect();
        top.push(("volumes", Emitter::Map(vols)));
    }
    let mut doc = match map(top) {
        Emitter::Map(m) => m,
        _ => Vec::new(),
    };
    for (k, v) in &project.extensions {
        doc.push((k.clone(), node(v)));
    }
    Emitter::Map(doc).to_yaml()
}
