//! What `docker run` and `docker create` share: their options (docker/cli's
//! `containerOptions`), the client-side checks those options pass before the daemon hears of
//! them, in docker's order (`--pull`, then `parse()`: volumes, ports, exposed ports, the
//! restart policy, `--rm` with a restart policy, networks), and the create step itself:
//! create, pull the image if it is missing, create again.
//!
//! The errors a check finds are printed as docker's `withHelp` does (`docker: ...`, a blank
//! line, `Run 'docker run --help' for more information`, status 125).

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::image::pull::pull_progress;
use crate::engine::container::{ContainerConfig, PortSpec};
use crate::engine::network::{is_user_defined, parse_network_spec};
use crate::engine::reference::ImageRef;
use crate::engine::{DaemonError, Engine};
use crate::go::strconv;
use crate::map::Map;
use crate::output::Output;

/// The options of `docker run` and `docker create`, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Options<'a> {
    /// `run` or `create`: the command docker's errors point to (`Run 'docker run --help'`),
    /// whichever way it was typed.
    pub command: &'static str,
    /// IMAGE.
    pub image: &'a str,
    /// COMMAND and ARGs after the image.
    pub args: &'a [String],
    /// `--name`.
    pub name: Option<&'a str>,
    /// `--pull`: `missing` (the default), `always` or `never`.
    pub pull: &'a str,
    /// `-q, --quiet`: no pull output.
    pub quiet: bool,
    /// `-a, --attach` streams (already lower-cased).
    pub attach: &'a [String],
    /// `-p, --publish`.
    pub publish: &'a [String],
    /// `-P, --publish-all`.
    pub publish_all: bool,
    /// `--expose`.
    pub expose: &'a [String],
    /// `-e, --env`.
    pub env: &'a [String],
    /// `-v, --volume`.
    pub volumes: &'a [String],
    /// `--mount` (already checked by the flag's own type).
    pub mounts: &'a [String],
    /// `--network` (or `--net`).
    pub networks: &'a [String],
    /// `--network-alias` (or `--net-alias`).
    pub network_aliases: &'a [String],
    /// `--entrypoint`; an empty value clears the image's.
    pub entrypoint: Option<&'a str>,
    /// `-t, --tty`.
    pub tty: bool,
    /// `-i, --interactive`.
    pub interactive: bool,
    /// `--rm`.
    pub rm: bool,
    /// `--restart` (default `no`).
    pub restart: &'a str,
    /// `-h, --hostname`.
    pub hostname: Option<&'a str>,
    /// `-w, --workdir`.
    pub workdir: Option<&'a str>,
    /// `-u, --user`.
    pub user: Option<&'a str>,
    /// `-l, --label`.
    pub labels: &'a [String],
}

/// What the checks make of the options: the config for the daemon and the `--expose` ports.
pub struct Checked {
    /// The container's configuration.
    pub config: ContainerConfig,
    /// Ports `--expose` adds to the image's.
    pub expose: Vec<(u16, String)>,
}

impl<'a> Options<'a> {
    /// Reads the options shared by `run` and `create` (`command` is which of the two).
    pub fn parse(inv: &'a Invocation, command: &'static str) -> Options<'a> {
        let f = &inv.flags;
        Options {
            command,
            image: inv.args.first().map(String::as_str).unwrap_or(""),
            args: inv.args.get(1..).unwrap_or(&[]),
            name: (f.string("name")),
            pull: f.string("pull").unwrap_or(""),
            quiet: f.bool("quiet"),
            attach: f.list("attach"),
            publish: f.list("publish"),
            publish_all: f.bool("publish-all"),
            expose: f.list("expose"),
            env: f.list("env"),
            volumes: f.list("volume"),
            mounts: f.list("mount"),
            networks: f.list("network"),
            network_aliases: f.list("network-alias"),
            entrypoint: (f.string("entrypoint")),
            tty: f.bool("tty"),
            interactive: f.bool("interactive"),
            rm: f.bool("rm"),
            restart: f.string("restart").unwrap_or(""),
            hostname: (f.string("hostname")),
            workdir: (f.string("workdir")),
            user: (f.string("user")),
            labels: f.list("label"),
        }
    }

    /// docker's `withHelp`: the error, then where to read about the options; status 125.
    pub fn usage_error(&self, out: &mut Output, msg: &str) {
        out.err_text(&format!("docker: {msg}"));
        out.err("");
        out.err(format!("Run 'docker {} --help' for more information", self.command));
        out.code = 125;
    }

    /// `validatePullOpt`, the first thing `run` and `create` check.
    pub fn check_pull(&self) -> Result<(), String> {
        match self.pull {
            "always" | "missing" | "never" | "" => Ok(()),
            other => {
                Err(format!("invalid pull option: '{other}': must be one of \"always\", \"missing\" or \"never\""))
            }
        }
    }

    /// docker/cli's `parse()`: the options as the daemon will get them, or the first
    /// problem in docker's order. A bare `-e NAME` takes the client's `NAME` (`env`), as
    /// `opts.ValidateEnv` does, and is left out when the client has none.
    pub fn check(&self, env: &Map<String, String>) -> Result<Checked, String> {
        for v in self.volumes {
            check_volume_spec(v)?;
        }
        let mut ports = Vec::new();
        for p in self.publish {
            ports.append(&mut parse_publish(p)?);
        }
        let mut expose = Vec::new();
        for e in self.expose {
            parse_expose(e, &mut expose)?;
        }
        let restart = parse_restart_policy(self.restart)?;
        if self.rm && !matches!(restart, "" | "no") {
            return Err("conflicting options: cannot specify both --restart and --rm".to_string());
        }
        let network = network_spec(self.networks, self.network_aliases)?;
        let env = self
            .env
            .iter()
            .filter_map(|e| match e.contains('=') {
                true => Some(e.clone()),
                false => env.get(e).map(|v| format!("{e}={v}")),
            })
            .collect();
        let volumes = self.volumes.iter().chain(self.mounts).cloned().collect();
        let config = ContainerConfig {
            image: self.image.to_string(),
            entrypoint: self.entrypoint.map(|e| if e.is_empty() { Vec::new() } else { vec![e.to_string()] }),
            cmd: self.args.to_vec(),
            env,
            tty: self.tty,
            open_stdin: self.interactive,
            ports,
            publish_all: self.publish_all,
            auto_remove: self.rm,
            restart: if self.restart.is_empty() { "no" } else { self.restart }.to_string(),
            hostname: self.hostname.map(str::to_string),
            workdir: self.workdir.map(str::to_string),
            user: self.user.map(str::to_string),
            network,
            volumes,
            labels: self.labels.to_vec(),
            healthcheck: None,
        };
        Ok(Checked { config, expose })
    }

    /// `createContainer`: the image reference must parse; with `--pull always` the image is
    /// pulled first; a missing image is pulled (`Unable to find image ... locally`) unless
    /// `--pull never`, and the create is tried again. Prints the pull's progress (on
    /// stderr, as `run` and `create` do) and the daemon's warnings; the failure is for the
    /// caller to word (`run` and `create` differ).
    pub fn create(&self, engine: &mut Engine, checked: Checked, out: &mut Output) -> Result<String, CreateError> {
        let reference = ImageRef::parse(&checked.config.image).map_err(|e| CreateError::Reference(e.to_string()))?;
        let name = self.name;
        let pull = |engine: &mut Engine, out: &mut Output| {
            let mut progress = Output::new();
            let pulled = pull_progress(engine, &checked.config.image, &mut progress, false);
            if !self.quiet {
                for l in progress.lines {
                    out.err(l.text);
                }
            }
            pulled.map_err(CreateError::Pull)
        };
        if self.pull == "always" {
            pull(engine, out)?;
        }
        let id = match engine.container_create_exposing(name, checked.config.clone(), &checked.expose) {
            Err(DaemonError::NoSuchImage(_)) if matches!(self.pull, "missing" | "") => {
                if !self.quiet {
                    out.err(format!("Unable to find image '{}' locally", reference.with_default_tag().familiar()));
                }
                pull(engine, out)?;
                engine.container_create_exposing(name, checked.config, &checked.expose)
            }
            other => other,
        }
        .map_err(CreateError::Daemon)?;
        for w in engine.container_create_warnings(&id) {
            out.err(format!("WARNING: {w}"));
        }
        Ok(id)
    }
}

/// Why `createContainer` failed.
pub enum CreateError {
    /// The image reference does not parse (`invalid reference format`).
    Reference(String),
    /// Pulling the image failed, with this error.
    Pull(String),
    /// The daemon refused to create the container.
    Daemon(DaemonError),
}

impl CreateError {
    /// The error as the client prints it.
    pub fn message(&self) -> String {
        match self {
            CreateError::Reference(m) | CreateError::Pull(m) => m.clone(),
            CreateError::Daemon(e) => from_daemon(&e),
        }
    }

    /// `docker run`'s exit status for it (`toStatusError`): 127 and 126 when the container's
    /// program cannot be run, 125 for everything else.
    pub fn run_status(&self) -> i32 {
        match self {
            CreateError::Daemon(e) => e.run_status(),
            CreateError::Reference(_) | CreateError::Pull(_) => 125,
        }
    }
}

/// docker/cli's `opts.ParseRestartPolicy`: only the form is checked here (`NAME[:COUNT]`);
/// the daemon judges the name. Returns the name.
fn parse_restart_policy(policy: &str) -> Result<&str, String> {
    let (name, count) = policy.split_once(':').unwrap_or((policy, ""));
    if policy.contains(':') && name.is_empty() {
        return Err("invalid restart policy format: no policy provided before colon".to_string());
    }
    if !count.is_empty() && count.parse::<i64>().is_err() {
        return Err("invalid restart policy format: maximum retry count must be an integer".to_string());
    }
    Ok(name)
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
    // nat.ParsePortRange: strconv.ParseUint(part, 10, 16).
    let port = |part: &str| {
        strconv::parse_uint_base10(part, 16).map(|n| n as u16).map_err(|e| fail(&e.text("ParseUint", part)))
    };
    if range.is_empty() {
        return Err(fail("Empty string specified for ports."));
    }
    let (a, b) = range.split_once('-').unwrap_or((range, range));
    let (start, end) = (port(a)?, port(b)?);
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
fn parse_publish(spec: &str) -> Result<Vec<PortSpec>, String> {
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

/// compose's `loader.ParseVolume` errors (the client's first look at a `-v` value).
fn check_volume_spec(spec: &str) -> Result<(), String> {
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

/// The `--network`/`--network-alias` values of `docker run`/`create` as one network spec
/// for the engine (`name=mynet,alias=a` when there are aliases), checked as the CLI's
/// `parseNetworkOpts` does. `None`: the default network. The error is printed after
/// `docker: `. Only the first `--network` is kept: the simulated daemon attaches a new
/// container to one network (connect adds more).
fn network_spec(networks: &[String], aliases: &[String]) -> Result<Option<String>, String> {
    if networks.is_empty() {
        if !aliases.is_empty() {
            return Err("network-scoped aliases are only supported for user-defined networks".to_string());
        }
        return Ok(None);
    }
    let mut seen: Vec<String> = Vec::new();
    let (mut user, mut builtin) = (false, false);
    let mut first = None;
    for (i, spec) in networks.iter().enumerate() {
        let (name, mut own, _) = parse_network_spec(spec);
        if i == 0 && !aliases.is_empty() {
            if !own.is_empty() {
                return Err(
                    "conflicting options: cannot specify both --network-alias and per-network alias".to_string()
                );
            }
            own = aliases.to_vec();
        }
        if name.trim().is_empty() {
            return Err("no name set for network".to_string());
        }
        if !is_user_defined(&name) && !own.is_empty() {
            return Err("network-scoped aliases are only supported for user-defined networks".to_string());
        }
        if seen.contains(&name) {
            return Err(format!("network \"{name}\" is specified multiple times"));
        }
        seen.push(name.clone());
        if is_user_defined(&name) {
            user = true;
        } else {
            builtin = true;
        }
        if i == 0 {
            first = Some(if own.is_empty() {
                name
            } else {
                let mut s = format!("name={name}");
                for a in own {
                    s.push_str(&format!(",alias={a}"));
                }
                s
            });
        }
    }
    if user && builtin {
        return Err(
            "conflicting options: cannot attach both user-defined and non-user-defined network-modes".to_string()
        );
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn restart_policy_forms() {
        assert_eq!(parse_restart_policy("on-failure:3"), Ok("on-failure"));
        assert_eq!(parse_restart_policy("bogus"), Ok("bogus"));
        assert_eq!(
            parse_restart_policy(":3"),
            Err("invalid restart policy format: no policy provided before colon".to_string())
        );
        assert_eq!(
            parse_restart_policy("always:x"),
            Err("invalid restart policy format: maximum retry count must be an integer".to_string())
        );
    }
}
