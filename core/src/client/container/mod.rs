//! `docker container ...` and its top-level forms (`docker run`, `docker ps`, `docker rm`
//! ...), one file per command as docker/cli lays them out, plus what several of them
//! print: the STATUS and PORTS columns, and the per-container loop of `stop`, `kill` and
//! friends.

pub mod attach;
pub mod commit;
mod config;
pub mod cp;
pub mod create;
pub mod diff;
pub mod exec;
pub mod inspect;
pub mod kill;
pub mod logs;
pub mod ls;
pub mod pause;
pub mod port;
pub mod prune;
pub mod rename;
pub mod restart;
pub mod rm;
pub mod run;
pub mod start;
pub mod stats;
pub mod stop;
pub mod top;
pub mod unpause;
pub mod wait;

use super::daemon_error;
use crate::engine::container::Container;
use crate::engine::{DaemonError, Engine};
use crate::env::SimTime;
use crate::go::units;
use crate::output::Output;
use crate::snapshot::ContainerStatus;

/// Programs that are shells: started with `-i` and nothing to run, they read commands.
pub fn is_shell(program: &str) -> bool {
    matches!(program.rsplit('/').next().unwrap_or(program), "bash" | "sh" | "ash" | "dash" | "zsh")
}

/// Whether a container's main process is an interactive shell (`bash`, not `sh -c SCRIPT`,
/// which runs its script and ends).
fn main_is_shell(c: &Container) -> bool {
    let mut argv = c.entrypoint.iter().chain(c.cmd.iter());
    argv.next().is_some_and(|p| is_shell(p)) && !argv.any(|a| a == "-c")
}

/// Applies an operation to each named container; prints each name on success and each
/// error after them, like `docker stop a b c`.
///
/// The real CLI runs them in parallel and joins the errors, so every success is printed
/// first and the errors follow, in argument order.
fn each(
    engine: &mut Engine,
    containers: &[String],
    op: &mut dyn FnMut(&mut Engine, &str) -> Result<(), DaemonError>,
) -> Output {
    let mut out = Output::new();
    let mut errors = Vec::new();
    for a in containers {
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

/// [`status`] appended to `out` (one temporary string fewer per `docker ps` row).
pub fn push_status(out: &mut String, c: &Container, now: u64) {
    let since = |t: Option<SimTime>| units::duration(now.saturating_sub(t.unwrap_or(now)));
    match c.status {
        ContainerStatus::Running => {
            out.push_str("Up ");
            out.push_str(&since(c.started_at));
            push_health(out, c);
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

/// ` (healthy)`, ` (unhealthy)` or ` (health: starting)` after a running container's
/// uptime, when it has a health check (docker's `container.State.String`).
fn push_health(out: &mut String, c: &Container) {
    use crate::engine::container::HealthStatus;
    match c.health.as_ref().map(|h| h.status) {
        Some(HealthStatus::Starting) => out.push_str(" (health: starting)"),
        Some(HealthStatus::Healthy) => out.push_str(" (healthy)"),
        Some(HealthStatus::Unhealthy) => out.push_str(" (unhealthy)"),
        None => {}
    }
}

/// The STATUS column.
pub fn status(c: &Container, now: u64) -> String {
    match c.status {
        ContainerStatus::Created => "Created".to_string(),
        ContainerStatus::Running => {
            let mut s = format!("Up {}", units::duration(now.saturating_sub(c.started_at.unwrap_or(now))));
            push_health(&mut s, c);
            s
        }
        ContainerStatus::Paused => {
            format!("Up {} (Paused)", units::duration(now.saturating_sub(c.started_at.unwrap_or(now))))
        }
        ContainerStatus::Restarting => {
            format!("Restarting ({}) {}", c.exit_code, units::ago(now.saturating_sub(c.finished_at.unwrap_or(now))))
        }
        ContainerStatus::Exited => {
            format!("Exited ({}) {}", c.exit_code, units::ago(now.saturating_sub(c.finished_at.unwrap_or(now))))
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
        let mut e = crate::catalogue::testing::engine(1, crate::go::time::from_civil(2025, 2, 11, 7, 0, 0));
        let mut run = |line: &str| {
            crate::client::run_plain(&mut e, &line.split(' ').map(str::to_string).collect::<Vec<_>>(), "").code
        };
        assert_eq!(run("run -d --name web -p 8000-8002:8000-8002 -p 9000:80 -p 127.0.0.1:5353:53/udp nginx"), 0);
        assert_eq!(run("run -d --name pub -P nginx"), 0);
        assert_eq!(run("create --name idle -p 1:1 nginx"), 0);
        let ports = |name: &str| e.container_resolve(name).map(super::ports).unwrap_or_default();
        assert_eq!(ports("web"), "0.0.0.0:8000-8002->8000-8002/tcp, 127.0.0.1:5353->53/udp, 0.0.0.0:9000->80/tcp");
        assert_eq!(ports("pub"), "0.0.0.0:32768->80/tcp");
        assert_eq!(ports("idle"), "");
    }
}
