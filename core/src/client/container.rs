//! `docker run|create|start|stop|kill|restart|pause|unpause|rm|ps|logs|rename` (and their
//! `docker container ...` forms): the client-side steps of each and docker's output.

use super::image::pull_into;
use super::spec::Invocation;
use super::{daemon_error, DaemonError};
use crate::engine::container::{Container, ContainerConfig, PortSpec};
use crate::engine::reference::ImageRef;
use crate::engine::Engine;
use crate::env::SimTime;
use crate::output::{humanize, Output};
use crate::snapshot::ContainerStatus;

/// `docker run`: create (pulling the image first if it is missing), start, and print the
/// ID (`-d`) or the container's output (attached).
pub fn run(engine: &mut Engine, inv: &Invocation) -> Output {
    run_attached(engine, inv).0
}

/// `docker run`, also saying which container now holds the terminal (attached and still
/// running), so the session can stream its output until Ctrl+C or detach.
pub fn run_attached(engine: &mut Engine, inv: &Invocation) -> (Output, Option<String>) {
    let mut out = Output::new();
    let Some((name, config, expose)) = parse_config(inv, &mut out) else { return (out, None) };
    let detach = inv.flags.bool("detach");
    let id = match create_pulling(engine, name.as_deref(), config, &expose, &mut out, inv) {
        Some(id) => id,
        None => return (out, None),
    };
    super::network::print_create_warnings(engine, &id, &mut out);
    let mark = engine.container(&id).map(|c| c.logs.len()).unwrap_or(0);
    let events = engine.event_count();
    if let Err(e) = engine.container_start(&id) {
        // The client prints the ID as soon as the container exists, so it comes before
        // the start error (the container stays behind in state `created`).
        if detach {
            out.out(id);
        }
        run_error(&mut out, &e, inv);
        return (out, None);
    }
    if detach {
        out.out(id);
        return (out, None);
    }
    // Attached: show what the process wrote. A process that keeps running holds the
    // terminal in a real shell; the session layer decides how to present that.
    let now = engine.now();
    // The client waits for the container's next exit: with a restart policy the daemon
    // starts it again, but the client has returned with the first exit's code.
    let died = engine.events_since(events).iter().find(|e| e.id == id && e.action == "die").and_then(|e| e.exit_code);
    if let Some(c) = engine.container(&id).or_else(|| engine.recently_removed(&id)) {
        let removed = engine.container(&id).is_none();
        // A process that keeps running only shows what it has written by now; the session
        // streams the rest. One that exited has written everything.
        let running = c.is_running() && !removed && died.is_none();
        // What it writes within its first second is on screen before anyone could type.
        // One that died has written everything (a restart policy's next run is later).
        let until = if running { now + crate::env::SECOND - 1 } else { SimTime::MAX };
        for l in c.logs.iter().skip(mark).filter(|l| l.time <= until) {
            if l.stderr && !c.config.tty {
                out.err(l.text.clone());
            } else {
                out.out(l.text.clone());
            }
        }
        if !running {
            out.code = died.unwrap_or(c.exit_code);
            return (out, None);
        }
        return (out, Some(id));
    }
    (out, None)
}

/// `docker create`: like run without the start; prints the new ID.
pub fn create(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let Some((name, config, expose)) = parse_config(inv, &mut out) else { return out };
    if let Some(id) = create_pulling(engine, name.as_deref(), config, &expose, &mut out, inv) {
        super::network::print_create_warnings(engine, &id, &mut out);
        out.out(id);
    } else if inv.path == "container create" {
        // Unlike run, create prints daemon errors unwrapped and exits 1.
        for l in &mut out.lines {
            if let Some(rest) = l.text.strip_prefix("docker: ") {
                l.text = rest.to_string();
            }
        }
        out.lines.retain(|l| !(l.text.is_empty() || l.text.starts_with("Run 'docker")));
        out.code = 1;
    }
    out
}

/// Creates a container, pulling its image first when the daemon does not have it (the
/// real client's fallback, which prints `Unable to find image ... locally`).
fn create_pulling(
    engine: &mut Engine,
    name: Option<&str>,
    config: ContainerConfig,
    expose: &[(u16, String)],
    out: &mut Output,
    inv: &Invocation,
) -> Option<String> {
    match engine.container_create_exposing(name, config.clone(), expose) {
        Ok(id) => Some(id),
        Err(DaemonError::NoSuchImage(_)) => {
            let shown = ImageRef::parse(&config.image)
                .map(|r| r.with_default_tag().familiar())
                .unwrap_or_else(|_| config.image.clone());
            out.err(format!("Unable to find image '{shown}' locally"));
            let mut pulled = Output::new();
            let ok = pull_into(engine, &config.image, &mut pulled, false);
            // While `docker run` pulls, progress goes to stderr.
            for l in pulled.lines {
                out.err(l.text);
            }
            if !ok {
                out.code = 125;
                out.err(format!("Run '{} --help' for more information", inv.called_as));
                return None;
            }
            match engine.container_create_exposing(name, config, expose) {
                Ok(id) => Some(id),
                Err(e) => {
                    run_error(out, &e, inv);
                    None
                }
            }
        }
        Err(e) => {
            run_error(out, &e, inv);
            None
        }
    }
}

/// `docker run`'s error form; the status says why the container could not run, as the
/// CLI's `toStatusError` does: 127 command not found, 126 not executable, else 125.
fn run_error(out: &mut Output, e: &DaemonError, inv: &Invocation) {
    let text = e.to_string();
    out.err(format!("docker: Error response from daemon: {text}"));
    out.err("");
    out.err(format!("Run '{} --help' for more information", inv.called_as));
    out.code = if text.contains("executable file not found") || text.contains("no such file or directory") {
        127
    } else if text.contains("permission denied") || text.contains("is a directory") {
        126
    } else {
        125
    };
}

/// What run/create flags ask for: the `--name`, the config, and the `--expose` ports.
type Parsed = (Option<String>, ContainerConfig, Vec<(u16, String)>);

/// Reads run/create flags into a [`ContainerConfig`] plus the `--expose` ports; prints
/// docker's error and returns `None` for invalid values.
fn parse_config(inv: &Invocation, out: &mut Output) -> Option<Parsed> {
    let f = &inv.flags;
    let Some(image) = inv.args.first().cloned() else {
        out.err(format!("docker: '{}' requires at least 1 argument", inv.called_as));
        out.code = 1;
        return None;
    };
    if let Err(e) = ImageRef::parse(&image) {
        out.err(format!("docker: {e}"));
        out.err("");
        out.err(format!("Run '{} --help' for more information", inv.called_as));
        out.code = 125;
        return None;
    }
    let mut ports = Vec::new();
    for p in f.list("publish") {
        match parse_publish(p) {
            Ok(mut v) => ports.append(&mut v),
            Err(msg) => {
                out.err(format!("docker: {msg}"));
                out.err("");
                out.err(format!("Run '{} --help' for more information", inv.called_as));
                out.code = 125;
                return None;
            }
        }
    }
    let mut expose = Vec::new();
    for e in f.list("expose") {
        if let Err(msg) = parse_expose(e, &mut expose) {
            out.err(format!("docker: {msg}"));
            out.err("");
            out.err(format!("Run '{} --help' for more information", inv.called_as));
            out.code = 125;
            return None;
        }
    }
    let env = f.list("env").iter().filter(|e| e.contains('=')).cloned().collect();
    // `-v` specs as the client checks them, then `--network`/`--network-alias`.
    let checked = super::volume::run_volume_specs(f).and_then(|v| super::network::run_network_spec(f).map(|n| (v, n)));
    let (volumes, network) = match checked {
        Ok(x) => x,
        Err(msg) => {
            out.err(format!("docker: {msg}"));
            out.err("");
            out.err(format!("Run '{} --help' for more information", inv.called_as));
            out.code = 125;
            return None;
        }
    };
    let config = ContainerConfig {
        image,
        entrypoint: f.string("entrypoint").map(|e| if e.is_empty() { Vec::new() } else { vec![e.to_string()] }),
        cmd: inv.args.get(1..).unwrap_or(&[]).to_vec(),
        env,
        tty: f.bool("tty"),
        open_stdin: f.bool("interactive"),
        ports,
        publish_all: f.bool("publish-all"),
        auto_remove: f.bool("rm"),
        restart: f.string("restart").unwrap_or("no").to_string(),
        hostname: f.string("hostname").map(str::to_string),
        workdir: f.string("workdir").map(str::to_string),
        user: f.string("user").map(str::to_string),
        network,
        volumes,
        labels: f.list("label").to_vec(),
    };
    Some((f.string("name").map(str::to_string), config, expose))
}

/// Parses one `--expose` value (`8080`, `8080/udp`, `8000-8010`, `8000-8010/tcp`) and adds
/// its ports to `into`, skipping ones already there; the client merges these into the
/// image's exposed ports, so nothing is published unless `-P` asks.
fn parse_expose(spec: &str, into: &mut Vec<(u16, String)>) -> Result<(), String> {
    if spec.contains(':') {
        return Err(format!("invalid port format for --expose: {spec}"));
    }
    let (range, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
    let proto = if proto.is_empty() { "tcp" } else { proto };
    let fail = |why: &str| format!("invalid range format for --expose: {spec}, error: {why}");
    let bad = |part: &str| {
        let why = if !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()) {
            "value out of range"
        } else {
            "invalid syntax"
        };
        fail(&format!("strconv.ParseUint: parsing \"{part}\": {why}"))
    };
    if range.is_empty() {
        return Err(fail("Empty string specified for ports."));
    }
    let (a, b) = range.split_once('-').unwrap_or((range, range));
    let start: u16 = a.parse().map_err(|_| bad(a))?;
    let end: u16 = b.parse().map_err(|_| bad(b))?;
    if end < start {
        return Err(fail(&format!("Invalid range specified for the Port: {range}")));
    }
    for port in start..=end {
        if !into.iter().any(|(n, p)| *n == port && p == proto) {
            into.push((port, proto.to_string()));
        }
    }
    Ok(())
}

/// Parses one `-p` value: `8080:80`, `80`, `127.0.0.1:8080:80`, `127.0.0.1::80`,
/// `8080:80/udp`, and ranges `8000-8001:80-81`.
pub fn parse_publish(spec: &str) -> Result<Vec<PortSpec>, String> {
    let (rest, proto) = match spec.rsplit_once('/') {
        Some((r, p)) => (r, p.to_string()),
        None => (spec, "tcp".to_string()),
    };
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    let parts: Vec<&str> = rest.rsplitn(3, ':').collect();
    let (ip, host, container) = match parts.as_slice() {
        [c] => ("", "", *c),
        [c, h] => ("", *h, *c),
        [c, h, ip] => (*ip, *h, *c),
        _ => return Err(format!("invalid port format for --publish: {spec}")),
    };
    let ip = ip.trim_start_matches('[').trim_end_matches(']');
    let range = |s: &str, what: &str| -> Result<(u16, u16), String> {
        let (a, b) = s.split_once('-').unwrap_or((s, s));
        let a: u16 = a.parse().map_err(|_| format!("invalid {what}: {s}"))?;
        let b: u16 = b.parse().map_err(|_| format!("invalid {what}: {s}"))?;
        if a == 0 && what == "containerPort" || b < a {
            return Err(format!("invalid {what}: {s}"));
        }
        Ok((a, b))
    };
    if container.is_empty() {
        return Err("no port specified: :<empty>".to_string());
    }
    let (c0, c1) = range(container, "containerPort")?;
    let host_range = if host.is_empty() { None } else { Some(range(host, "hostPort")?) };
    if let Some((h0, h1)) = host_range {
        if h1 - h0 != c1 - c0 && h0 != h1 {
            return Err(format!("invalid ranges specified for container and host Ports: {container} and {host}"));
        }
    }
    let mut v = Vec::new();
    for (i, cp) in (c0..=c1).enumerate() {
        let hp = host_range.map(|(h0, h1)| if h0 == h1 { h0 } else { h0 + i as u16 });
        v.push(PortSpec { host_ip: ip.to_string(), host_port: hp, container_port: cp, proto: proto.clone() });
    }
    Ok(v)
}

/// Applies an operation to each named container; prints each name on success and each
/// error as it comes, like `docker stop a b c`.
///
/// The real CLI runs them in parallel and joins the errors, so every success is printed
/// first and the errors follow, in argument order.
fn each(
    engine: &mut Engine,
    inv: &Invocation,
    mut op: impl FnMut(&mut Engine, &str) -> Result<(), DaemonError>,
) -> Output {
    let mut out = Output::new();
    let mut errors = Vec::new();
    for a in &inv.args {
        match op(engine, a) {
            Ok(()) => out.out(a.clone()),
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        daemon_error(&mut out, e);
    }
    out
}

/// `docker start`.
pub fn start(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let mut failed = Vec::new();
    for a in &inv.args {
        match engine.container_start(a) {
            Ok(()) => out.out(a.clone()),
            Err(e) => {
                out.err(format!("Error response from daemon: {e}"));
                failed.push(a.clone());
            }
        }
    }
    if !failed.is_empty() {
        out.err(format!("Error: failed to start containers: {}", failed.join(", ")));
        out.code = 1;
    }
    out
}

/// `docker stop`.
pub fn stop(engine: &mut Engine, inv: &Invocation) -> Output {
    let timeout = inv.flags.int("timeout");
    each(engine, inv, |e, a| e.container_stop(a, timeout))
}

/// `docker kill`.
pub fn kill(engine: &mut Engine, inv: &Invocation) -> Output {
    let signal = inv.flags.string("signal").unwrap_or("KILL").to_string();
    each(engine, inv, |e, a| e.container_kill(a, if signal.is_empty() { "KILL" } else { &signal }))
}

/// `docker restart`.
pub fn restart(engine: &mut Engine, inv: &Invocation) -> Output {
    let timeout = inv.flags.int("timeout");
    each(engine, inv, |e, a| e.container_restart(a, timeout))
}

/// `docker pause`.
pub fn pause(engine: &mut Engine, inv: &Invocation) -> Output {
    each(engine, inv, |e, a| e.container_pause(a))
}

/// `docker unpause`.
pub fn unpause(engine: &mut Engine, inv: &Invocation) -> Output {
    each(engine, inv, |e, a| e.container_unpause(a))
}

/// `docker rm`.
pub fn rm(engine: &mut Engine, inv: &Invocation) -> Output {
    let force = inv.flags.bool("force");
    let volumes = inv.flags.bool("volumes");
    let mut out = Output::new();
    let mut errors = Vec::new();
    for a in &inv.args {
        let a = a.trim_matches('/');
        match engine.container_remove(a, force, volumes) {
            Ok(()) => out.out(a),
            // With -f a missing container is reported at once but is not a failure.
            Err(e @ DaemonError::NoSuchContainer(_)) if force => out.err(format!("Error response from daemon: {e}")),
            Err(e) => errors.push(e),
        }
    }
    for e in &errors {
        daemon_error(&mut out, e);
    }
    out
}

/// `docker rename`.
pub fn rename(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    if let [old, new] = inv.args.as_slice() {
        if let Err(e) = engine.container_rename(old, new) {
            daemon_error(&mut out, &e);
            out.err(format!("Error: failed to rename container named {old}"));
        }
    }
    out
}

/// `docker attach`: a running container's output from now on.
pub fn attach(engine: &mut Engine, inv: &Invocation) -> (Output, Option<String>) {
    let mut out = Output::new();
    let Some(name) = inv.args.first() else { return (out, None) };
    match engine.container_resolve(name) {
        Ok(c) if c.status == ContainerStatus::Paused => {
            out.err(format!(
                "Error response from daemon: container {name} is paused, unpause the container before attach"
            ));
            out.code = 1;
            (out, None)
        }
        Ok(c) if c.is_running() => (out, Some(c.id.clone())),
        Ok(_) => {
            out.err("You cannot attach to a stopped container, start it first");
            out.code = 1;
            (out, None)
        }
        Err(e) => {
            daemon_error(&mut out, &e);
            (out, None)
        }
    }
}

/// `docker logs`.
pub fn logs(engine: &mut Engine, inv: &Invocation) -> Output {
    super::more::logs(engine, inv)
}

/// `docker ps`.
pub fn ls(engine: &mut Engine, inv: &Invocation) -> Output {
    super::ps::ls(engine, inv)
}

/// [`status`] appended to `out` (one temporary string fewer per `docker ps` row).
pub fn push_status(out: &mut String, c: &Container, now: u64) {
    let since = |t: Option<SimTime>| humanize::duration(now.saturating_sub(t.unwrap_or(now)));
    match c.status {
        ContainerStatus::Running => {
            out.push_str("Up ");
            out.push_str(&since(c.started_at));
        }
        ContainerStatus::Exited => {
            out.push_str("Exited (");
            // Writing into a String cannot fail.
            let _ = std::fmt::Write::write_fmt(out, format_args!("{}", c.exit_code));
            out.push_str(") ");
            out.push_str(&since(c.finished_at));
            out.push_str(" ago");
        }
        _ => out.push_str(&status(c, now)),
    }
}

/// The STATUS column.
pub fn status(c: &Container, now: u64) -> String {
    match c.status {
        ContainerStatus::Created => "Created".to_string(),
        ContainerStatus::Running => {
            format!("Up {}", humanize::duration(now.saturating_sub(c.started_at.unwrap_or(now))))
        }
        ContainerStatus::Paused => {
            format!("Up {} (Paused)", humanize::duration(now.saturating_sub(c.started_at.unwrap_or(now))))
        }
        ContainerStatus::Restarting => {
            format!("Restarting ({}) {}", c.exit_code, humanize::ago(now.saturating_sub(c.finished_at.unwrap_or(now))))
        }
        ContainerStatus::Exited => {
            format!("Exited ({}) {}", c.exit_code, humanize::ago(now.saturating_sub(c.finished_at.unwrap_or(now))))
        }
        ContainerStatus::Dead => "Dead".to_string(),
        ContainerStatus::Removed => "Removal In Progress".to_string(),
    }
}

/// The PORTS column (docker/cli's `DisplayablePorts`), only while the process lives.
///
/// Ports sort by container port; runs of consecutive ports that map to the same numbers
/// (or are not published) merge into ranges (`8000-8002/tcp`); bindings to a different
/// host port follow at the end (`3306/tcp, 33060/tcp`, `0.0.0.0:8080->80/tcp`).
pub fn ports(c: &Container) -> String {
    let mut out = String::new();
    push_ports(&mut out, c);
    out
}

/// [`ports`] appended to `out`, so `docker ps` can write each row into one buffer.
pub fn push_ports(out: &mut String, c: &Container) {
    if !c.is_running() || c.exposed.is_empty() {
        return;
    }
    // The everyday case, one exposed port with at most one binding, needs no sorting or
    // grouping (and no temporary lists): a thousand-row `docker ps` is mostly this.
    if let ([(port, proto)], [] | [_]) = (c.exposed.as_slice(), c.bindings.as_slice()) {
        let hit = c.bindings.iter().find(|b| b.container_port == *port && &b.proto == proto);
        // Same shapes as below: a remapped port always names its host side; a port
        // published to the same number names it only with an address.
        if let Some(b) = hit.filter(|b| (b.host_port != 0 && b.host_port != *port) || !b.host_ip.is_empty()) {
            out.push_str(&b.host_ip);
            out.push(':');
            push_port(out, if b.host_port == 0 { *port } else { b.host_port });
            out.push_str("->");
        }
        push_port(out, *port);
        out.push('/');
        out.push_str(proto);
        return;
    }
    // (container port, host ip, host port (0 = unpublished), proto), borrowed: `docker ps`
    // asks this of every container.
    let mut ports: Vec<(u16, &str, u16, &str)> = Vec::with_capacity(c.exposed.len() + c.bindings.len());
    for (port, proto) in &c.exposed {
        let before = ports.len();
        for b in c.bindings.iter().filter(|b| b.container_port == *port && &b.proto == proto) {
            ports.push((b.container_port, b.host_ip.as_str(), b.host_port, b.proto.as_str()));
        }
        if ports.len() == before {
            ports.push((*port, "", 0, proto.as_str()));
        }
    }
    if ports.len() > 1 {
        crate::sort::sort_by(&mut ports, |a, b| a.cmp(b));
    }
    // Groups of (ip, proto, first port, last port), then the remapped ones in order.
    let mut groups: Vec<(&str, &str, u16, u16)> = Vec::new();
    let mut mappings: Vec<(u16, &str, u16, &str)> = Vec::new();
    for (private, ip, public, proto) in ports {
        if public != 0 && public != private {
            mappings.push((private, ip, public, proto));
            continue;
        }
        if let Some(g) = groups.iter_mut().find(|g| g.0 == ip && g.1 == proto && g.3.checked_add(1) == Some(private)) {
            g.3 = private;
        } else {
            groups.push((ip, proto, private, private));
        }
    }
    let start = out.len();
    let sep = |out: &mut String| {
        if out.len() > start {
            out.push_str(", ");
        }
    };
    let range = |out: &mut String, a: u16, b: u16| {
        push_port(out, a);
        if a != b {
            out.push('-');
            push_port(out, b);
        }
    };
    for (ip, proto, a, b) in groups {
        sep(out);
        if !ip.is_empty() {
            out.push_str(ip);
            out.push(':');
            range(out, a, b);
            out.push_str("->");
        }
        range(out, a, b);
        out.push('/');
        out.push_str(proto);
    }
    for (private, ip, public, proto) in mappings {
        sep(out);
        out.push_str(ip);
        out.push(':');
        push_port(out, public);
        out.push_str("->");
        push_port(out, private);
        out.push('/');
        out.push_str(proto);
    }
}

/// Appends a port number without a temporary string.
fn push_port(out: &mut String, n: u16) {
    let mut digits = [0u8; 5];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        if let Some(d) = digits.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    for d in digits.get(i..).unwrap_or(&[]) {
        out.push(*d as char);
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_ports_column_merges_runs_and_lists_remapped_ports_last() {
        let mut e = crate::catalogue::testing::engine(1, crate::env::from_civil(2025, 2, 11, 7, 0, 0));
        let mut run =
            |line: &str| crate::client::run(&mut e, &line.split(' ').map(str::to_string).collect::<Vec<_>>(), "").code;
        assert_eq!(run("run -d --name web -p 8000-8002:8000-8002 -p 9000:80 -p 127.0.0.1:5353:53/udp nginx"), 0);
        assert_eq!(run("run -d --name pub -P nginx"), 0);
        assert_eq!(run("create --name idle -p 1:1 nginx"), 0);
        let ports = |name: &str| e.container_resolve(name).map(super::ports).unwrap_or_default();
        assert_eq!(ports("web"), "0.0.0.0:8000-8002->8000-8002/tcp, 127.0.0.1:5353->53/udp, 0.0.0.0:9000->80/tcp");
        assert_eq!(ports("pub"), "0.0.0.0:32768->80/tcp");
        assert_eq!(ports("idle"), "");
    }
}
