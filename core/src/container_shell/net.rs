//! The network as a container sees it: names resolved by Docker's embedded DNS on user-defined
//! networks (container names, network aliases, `name.network`), not at all on the default
//! bridge, and the tools that show it, each in its own words: `getent hosts`, `nslookup`,
//! `ping`, `wget` (BusyBox and GNU), and the database clients `mysql`/`mariadb` and `psql`.
//! `curl` is `http::curl`. Nothing here formats docker output or panics.

use super::host::{is_busybox, ContainerHost};
use crate::engine::Engine;
use crate::http::{self, HttpError, Origin, Request};
use crate::output::Output;
use crate::shell::fs::{self, WriteMode};
use crate::shell::HostCtx;

/// Where a name points from inside a container: an address and a display name for replies.
pub(super) fn lookup(engine: &Engine, me: &str, hostname: &str, name: &str) -> Option<(String, Option<String>)> {
    if matches!(name, "localhost" | "127.0.0.1") {
        return Some(("127.0.0.1".to_string(), Some("localhost".to_string())));
    }
    if crate::engine::network::parse_ipv4(name).is_some() {
        return Some((name.to_string(), None));
    }
    if name == hostname {
        let ip = engine
            .container(me)
            .and_then(|c| c.ip.clone())
            .or_else(|| engine.container_networks(me).into_iter().map(|n| n.ip_address).find(|i| !i.is_empty()))?;
        return Some((ip, Some(name.to_string())));
    }
    let ip = engine.resolve_name(me, name)?;
    // Docker's DNS answers reverse lookups with `name.network`.
    let net =
        engine.container_networks(me).into_iter().map(|n| n.name).find(|n| !crate::engine::network::is_predefined(n));
    Some((
        ip,
        Some(match net {
            Some(n) if !name.contains('.') => format!("{name}.{n}"),
            _ => name.to_string(),
        }),
    ))
}

/// Whether something answers at an address (a running container, the gateway, loopback).
fn reachable(engine: &Engine, ip: &str) -> bool {
    if ip.starts_with("127.") || ip.ends_with(".1") {
        return true;
    }
    engine.containers().any(|c| {
        c.status == crate::snapshot::ContainerStatus::Running
            && (c.ip.as_deref() == Some(ip) || engine.container_networks(&c.id).iter().any(|n| n.ip_address == ip))
    })
}

pub(super) fn ping(h: &mut ContainerHost<'_>, args: &[String]) -> Output {
    let mut out = Output::new();
    let busybox = is_busybox(&h.info.base);
    let mut count: Option<u32> = None;
    let mut target: Option<String> = None;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "-c" {
            count = args.get(i).and_then(|n| n.parse().ok());
            i += 1;
        } else if let Some(n) = a.strip_prefix("-c") {
            count = n.parse().ok();
        } else if a.starts_with('-') {
            if matches!(a.as_str(), "-i" | "-W" | "-w" | "-s" | "-t") {
                i += 1;
            }
        } else {
            target = Some(a.clone());
        }
    }
    let Some(target) = target else {
        if busybox {
            out.err("BusyBox v1.37.0 (2025-01-17 18:12:01 UTC) multi-call binary.");
            out.err("");
            out.err("Usage: ping [OPTIONS] HOST");
        } else {
            out.err("ping: usage error: Destination address required");
        }
        out.code = 1;
        return out;
    };
    let Some((ip, shown)) = lookup(h.engine, &h.info.container, &h.info.hostname, &target) else {
        if busybox {
            out.err(format!("ping: bad address '{target}'"));
            out.code = 1;
        } else {
            out.err(format!("ping: {target}: Name or service not known"));
            out.code = 2;
        }
        return out;
    };
    let interrupted = count.is_none();
    let n = count.unwrap_or(4).clamp(1, 100);
    let up = reachable(h.engine, &ip);
    let times: Vec<u32> = (0..n).map(|k| 50 + (k * 37 + ip.len() as u32 * 13) % 60).collect();
    let fmt_ms = |us: u32| format!("{}.{:03}", us / 1000, us % 1000);
    if busybox {
        out.out(format!("PING {target} ({ip}): 56 data bytes"));
        if up {
            for (k, t) in times.iter().enumerate() {
                out.out(format!("64 bytes from {ip}: seq={k} ttl=64 time={} ms", fmt_ms(*t)));
            }
        }
        if interrupted {
            out.out("^C");
        }
        out.out("");
        out.out(format!("--- {target} ping statistics ---"));
        let got = if up { n } else { 0 };
        out.out(format!("{n} packets transmitted, {got} packets received, {}% packet loss", if up { 0 } else { 100 }));
        if up {
            let (min, max) = (times.iter().min().copied().unwrap_or(0), times.iter().max().copied().unwrap_or(0));
            let avg = times.iter().sum::<u32>() / n;
            out.out(format!("round-trip min/avg/max = {}/{}/{} ms", fmt_ms(min), fmt_ms(avg), fmt_ms(max)));
        }
        out.code = if up { 0 } else { 1 };
        return out;
    }
    out.out(format!("PING {target} ({ip}) 56(84) bytes of data."));
    let from = match &shown {
        Some(name) => format!("{name} ({ip})"),
        None => ip.clone(),
    };
    if up {
        for (k, t) in times.iter().enumerate() {
            out.out(format!("64 bytes from {from}: icmp_seq={} ttl=64 time={} ms", k + 1, fmt_ms(*t)));
        }
    }
    if interrupted {
        out.out("^C");
    }
    out.out(format!("--- {target} ping statistics ---"));
    let elapsed = (n - 1) * 1000 + 3 + n;
    if up {
        out.out(format!("{n} packets transmitted, {n} received, 0% packet loss, time {elapsed}ms"));
        let (min, max) = (times.iter().min().copied().unwrap_or(0), times.iter().max().copied().unwrap_or(0));
        let avg = times.iter().sum::<u32>() / n;
        let var = times.iter().map(|t| (*t as i64 - avg as i64).pow(2)).sum::<i64>() / n as i64;
        let mdev = (var as f64).sqrt() as u32;
        out.out(format!("rtt min/avg/max/mdev = {}/{}/{}/{} ms", fmt_ms(min), fmt_ms(avg), fmt_ms(max), fmt_ms(mdev)));
        out.code = 0;
    } else {
        out.out(format!("{n} packets transmitted, 0 received, 100% packet loss, time {elapsed}ms"));
        out.code = 1;
    }
    if !interrupted {
        // iputils prints an empty line between the replies and the statistics.
        let at = out.lines.len().saturating_sub(if up { 3 } else { 2 });
        out.lines.insert(at, crate::output::Line { stream: crate::output::Stream::Stdout, text: String::new() });
    }
    out
}

/// BusyBox `wget` (Alpine, busybox) and GNU wget (Debian/Ubuntu, once installed).
pub(super) fn wget(h: &mut ContainerHost<'_>, ctx: &mut HostCtx<'_>, args: &[String]) -> Output {
    let mut out = Output::new();
    let busybox = is_busybox(&h.info.base);
    let mut quiet = false;
    let mut target: Option<String> = None;
    let mut url_text: Option<String> = None;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        match a.as_str() {
            "-q" | "--quiet" => quiet = true,
            "-O" => {
                target = args.get(i).cloned();
                i += 1;
            }
            "-qO-" | "-qO" => {
                quiet = true;
                target = if a == "-qO-" { Some("-".to_string()) } else { args.get(i).cloned() };
                if a == "-qO" {
                    i += 1;
                }
            }
            s if s.starts_with("-O") => target = Some(s.trim_start_matches("-O").to_string()),
            s if s.starts_with("--output-document=") => {
                target = Some(s.trim_start_matches("--output-document=").to_string())
            }
            s if s.starts_with('-') => {}
            s => url_text = Some(s.to_string()),
        }
    }
    let Some(url_text) = url_text else {
        if busybox {
            out.err("BusyBox v1.37.0 (2025-01-17 18:12:01 UTC) multi-call binary.");
            out.err("");
            out.err("Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]");
        } else {
            out.err("wget: missing URL");
            out.err("Usage: wget [OPTION]... [URL]...");
            out.err("");
            out.err("Try `wget --help' for more options.");
        }
        out.code = 1;
        return out;
    };
    let url = match http::parse_url(&url_text) {
        Ok(u) => u,
        Err(_) => {
            out.err(format!("wget: bad address '{url_text}'"));
            out.code = 1;
            return out;
        }
    };
    let file = target.clone().unwrap_or_else(|| {
        let n = fs::file_name(url.path.split('?').next().unwrap_or("/"));
        if n == "/" || n.is_empty() {
            "index.html".to_string()
        } else {
            n.to_string()
        }
    });
    let addr = lookup(h.engine, &h.info.container, &h.info.hostname, &url.host).map(|(ip, _)| ip);
    if !quiet {
        if let (Some(ip), true) = (&addr, busybox) {
            out.err(format!("Connecting to {} ({ip}:{})", url.host, url.port));
        }
    }
    let req = Request {
        method: "GET".to_string(),
        url: url.clone(),
        user_agent: if busybox { "Wget".to_string() } else { "Wget/1.21.3".to_string() },
    };
    let result = http::request(h.engine, h.host_fs, Origin::Container(&h.info.container), &req);
    let resp = match result {
        Ok((_, r)) => r,
        Err(e) => {
            let msg = match (&e, busybox) {
                (HttpError::CouldNotResolve(_), true) => format!("wget: bad address '{}'", url.host),
                (HttpError::CouldNotResolve(_), false) => {
                    format!("wget: unable to resolve host address ‘{}’", url.host)
                }
                (_, true) => format!(
                    "wget: can't connect to remote host ({}): Connection refused",
                    addr.clone().unwrap_or_default()
                ),
                (_, false) => "failed: Connection refused.".to_string(),
            };
            out.err(msg);
            out.code = if busybox { 1 } else { 4 };
            return out;
        }
    };
    if resp.status >= 400 {
        out.err(if busybox {
            format!("wget: server returned error: HTTP/1.1 {} {}", resp.status, resp.reason)
        } else {
            format!("{} ERROR {}: {}.", url.full(), resp.status, resp.reason)
        });
        out.code = if busybox { 1 } else { 8 };
        return out;
    }
    if file == "-" {
        out.out_text(&resp.body);
        return out;
    }
    let path = ctx.resolve(&file);
    if let Err(e) = ctx.fs.write(&path, &resp.body, WriteMode::Truncate, ctx.who, ctx.now) {
        out.err(format!("wget: can't open '{file}': {e}"));
        out.code = 1;
        return out;
    }
    if !quiet {
        if busybox {
            out.err(format!("saving to '{file}'"));
            out.err(format!("{file:<20} 100% |********************************| {:>5}  0:00:00 ETA", resp.body.len()));
            out.err(format!("'{file}' saved"));
        } else {
            out.err(format!("Saving to: ‘{file}’"));
            out.err(format!("‘{file}’ saved [{}/{}]", resp.body.len(), resp.body.len()));
        }
    }
    out
}

/// Whether the container is on a user-defined network, where Docker's DNS server answers at
/// 127.0.0.11.
fn embedded_dns(engine: &Engine, me: &str) -> bool {
    engine.container_networks(me).iter().any(|n| !crate::engine::network::is_predefined(&n.name))
}

/// `getent hosts NAME...` (glibc): `/etc/hosts` first, IPv6 before IPv4, then DNS; one line
/// per name, the address padded to 15 columns. Status 2 when a name is not found.
pub(super) fn getent(h: &mut ContainerHost<'_>, ctx: &mut HostCtx<'_>, args: &[String]) -> Output {
    let mut out = Output::new();
    let Some(db) = args.first() else {
        out.err("Usage: getent [OPTION...] database [key ...]");
        out.err("Try `getent --help' or `getent --usage' for more information.");
        out.code = 1;
        return out;
    };
    if db != "hosts" && db != "ahosts" {
        // Users and groups come from the files the shell reads; other databases are empty here.
        if !matches!(db.as_str(), "passwd" | "group" | "services" | "protocols" | "networks") {
            out.err(format!("Unknown database: {db}"));
            out.err("Try `getent --help' or `getent --usage' for more information.");
            out.code = 1;
            return out;
        }
        let file = format!("/etc/{db}");
        let text = ctx.fs.read(&file, ctx.who).unwrap_or("").to_string();
        for key in args.iter().skip(1) {
            match text.lines().find(|l| l.split(':').next() == Some(key.as_str())) {
                Some(l) => out.out(l),
                None => out.code = 2,
            }
        }
        return out;
    }
    let hosts = ctx.fs.read("/etc/hosts", ctx.who).unwrap_or("").to_string();
    for name in args.iter().skip(1) {
        let entry = |v6: bool| {
            hosts.lines().find_map(|l| {
                let mut f = l.split_whitespace();
                let ip = f.next().filter(|ip| !ip.starts_with('#') && ip.contains(':') == v6)?;
                let names: Vec<&str> = f.collect();
                names.contains(&name.as_str()).then(|| (ip.to_string(), names.join(" ")))
            })
        };
        let found = entry(true).or_else(|| entry(false)).or_else(|| {
            lookup(h.engine, &h.info.container, &h.info.hostname, name)
                .filter(|(ip, _)| ip != name || crate::engine::network::parse_ipv4(name).is_some())
                .map(|(ip, _)| (ip, name.clone()))
        });
        match found {
            Some((ip, names)) => out.out(format!("{ip:<15} {names}")),
            None => out.code = 2,
        }
    }
    out
}

/// BusyBox `nslookup NAME [SERVER]`: an A and an AAAA query to the first nameserver of
/// `/etc/resolv.conf`, each answer (or `NXDOMAIN`) printed with a blank line after it.
pub(super) fn nslookup(h: &mut ContainerHost<'_>, ctx: &mut HostCtx<'_>, args: &[String]) -> Output {
    let mut out = Output::new();
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let Some(name) = names.first() else {
        out.err("BusyBox v1.37.0 (2025-01-17 18:12:01 UTC) multi-call binary.");
        out.err("");
        out.err("Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]");
        out.code = 1;
        return out;
    };
    let server = names.get(1).map(|s| s.to_string()).unwrap_or_else(|| {
        let conf = ctx.fs.read("/etc/resolv.conf", ctx.who).unwrap_or("");
        conf.lines()
            .find_map(|l| l.strip_prefix("nameserver").map(|s| s.trim().to_string()))
            .unwrap_or_else(|| "127.0.0.1".to_string())
    });
    out.out(format!("Server:\t\t{server}"));
    out.out(format!("Address:\t{server}:53"));
    out.out("");
    let found = if server == "127.0.0.11" && embedded_dns(h.engine, &h.info.container) {
        h.engine.resolve_name(&h.info.container, name)
    } else {
        None
    };
    match found {
        Some(ip) => {
            out.out("Non-authoritative answer:");
            out.out(format!("Name:\t{name}"));
            out.out(format!("Address: {ip}"));
            out.out("");
            // The AAAA query: the name exists, with no IPv6 address.
            out.out("Non-authoritative answer:");
            out.out("");
        }
        None => {
            for _ in 0..2 {
                out.out(format!("** server can't find {name}: NXDOMAIN"));
                out.out("");
            }
        }
    }
    out
}

/// `-h HOST`, `-hHOST`, `--host=HOST` (and the same for any one-letter option).
fn option(args: &[String], short: &str, long: &str) -> Option<String> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == short {
            return args.get(i + 1).cloned();
        }
        if let Some(v) = a.strip_prefix(&format!("{long}=")) {
            return Some(v.to_string());
        }
        if let Some(v) = a.strip_prefix(short).filter(|v| !v.is_empty() && !a.starts_with("--")) {
            return Some(v.to_string());
        }
        i += 1;
    }
    None
}

/// The running container at `ip` whose image's main process is one of `servers`, with its
/// environment.
fn server_at(engine: &Engine, ip: &str, servers: &[&str]) -> Option<Vec<String>> {
    engine
        .containers()
        .filter(|c| c.is_running())
        .filter(|c| c.ip.as_deref() == Some(ip) || engine.container_networks(&c.id).iter().any(|n| n.ip_address == ip))
        .find_map(|c| {
            let image = engine.images().find(|i| i.id == c.image_id)?;
            image.process.main.iter().any(|m| servers.contains(&m.as_str())).then(|| c.env.clone())
        })
}

/// The running container at `ip` whose image's main process is one of `servers` (its full ID).
pub(super) fn server_container_at(engine: &Engine, ip: &str, servers: &[&str]) -> Option<String> {
    engine
        .containers()
        .filter(|c| c.is_running())
        .filter(|c| c.ip.as_deref() == Some(ip) || engine.container_networks(&c.id).iter().any(|n| n.ip_address == ip))
        .find(|c| {
            engine
                .images()
                .find(|i| i.id == c.image_id)
                .is_some_and(|image| image.process.main.iter().any(|m| servers.contains(&m.as_str())))
        })
        .map(|c| c.id.clone())
}

/// The address `host` reaches from this container, with `localhost` meaning the container.
pub(super) fn address(h: &ContainerHost<'_>, host: &str) -> Option<String> {
    lookup(h.engine, &h.info.container, &h.info.hostname, host).map(|(ip, _)| {
        if ip.starts_with("127.") {
            h.engine.container(&h.info.container).and_then(|c| c.ip.clone()).unwrap_or(ip)
        } else {
            ip
        }
    })
}

/// `mysql`/`mariadb -h HOST -u USER -pPASS [-e SQL]`: the server is found by name (Docker's
/// DNS) or not, answers on 3306 or refuses, and checks the root password the container was
/// started with. A statement runs when it is `SELECT 1` (a number); without `-e`
/// the client reads its (closed) input and ends.
pub(super) fn mysql(h: &mut ContainerHost<'_>, ctx: &mut HostCtx<'_>, name: &str, args: &[String]) -> Output {
    let mut out = Output::new();
    // MariaDB's client calls the server just "server" and gives no password warning.
    let mariadb = name == "mariadb" || h.image().is_some_and(|i| i.repo_path.contains("mariadb"));
    let password = option(args, "-p", "--password");
    if password.is_some() && !mariadb {
        out.err(format!("{name}: [Warning] Using a password on the command line interface can be insecure."));
    }
    let host = option(args, "-h", "--host").unwrap_or_else(|| "localhost".to_string());
    let port = option(args, "-P", "--port").unwrap_or_else(|| "3306".to_string());
    let user = option(args, "-u", "--user").unwrap_or_else(|| "root".to_string());
    let fail = |out: &mut Output, text: String| {
        out.err(text);
        out.code = 1;
    };
    let server = if mariadb { "server" } else { "MySQL server" };
    let env = if host == "localhost" {
        match server_at(h.engine, &address(h, "localhost").unwrap_or_default(), &["mysqld", "mariadbd"]) {
            Some(env) => env,
            None => {
                let socket = if mariadb { "/run/mysqld/mysqld.sock" } else { "/var/run/mysqld/mysqld.sock" };
                fail(
                    &mut out,
                    format!("ERROR 2002 (HY000): Can't connect to local {server} through socket '{socket}' (2)"),
                );
                return out;
            }
        }
    } else {
        let Some(ip) = address(h, &host) else {
            fail(&mut out, format!("ERROR 2005 (HY000): Unknown {server} host '{host}' (-2)"));
            return out;
        };
        match server_at(h.engine, &ip, &["mysqld", "mariadbd"]).filter(|_| port == "3306") {
            Some(env) => env,
            None => {
                fail(&mut out, format!("ERROR 2003 (HY000): Can't connect to {server} on '{host}:{port}' (111)"));
                return out;
            }
        }
    };
    let value = |k: &str| env.iter().find_map(|e| e.strip_prefix(&format!("{k}=")).map(str::to_string));
    let expected = if user == "root" {
        value("MYSQL_ROOT_PASSWORD").or_else(|| value("MARIADB_ROOT_PASSWORD"))
    } else if value("MYSQL_USER").or_else(|| value("MARIADB_USER")).as_deref() == Some(user.as_str()) {
        value("MYSQL_PASSWORD").or_else(|| value("MARIADB_PASSWORD"))
    } else {
        None
    };
    let allowed = value("MYSQL_ALLOW_EMPTY_PASSWORD").or_else(|| value("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD")).is_some()
        && user == "root"
        && password.is_none();
    if !allowed && (expected.is_none() || expected != password) {
        let from = h.engine.container(&h.info.container).and_then(|c| c.ip.clone()).unwrap_or_default();
        let from = if host == "localhost" { "localhost".to_string() } else { from };
        let using = if password.is_some() { "YES" } else { "NO" };
        fail(
            &mut out,
            format!("ERROR 1045 (28000): Access denied for user '{user}'@'{from}' (using password: {using})"),
        );
        return out;
    }
    let Some(sql) = option(args, "-e", "--execute") else { return out };
    let query = sql.trim().trim_end_matches(';').trim().to_string();
    let upper = query.to_ascii_uppercase();
    let Some(n) = upper.strip_prefix("SELECT ").filter(|n| n.parse::<i64>().is_ok()) else { return out };
    let (column, value) = (n.to_string(), n.to_string());
    if ctx.tty {
        let w = column.len().max(value.len());
        let rule = format!("+{}+", "-".repeat(w + 2));
        out.out(rule.clone());
        out.out(format!("| {column:<w$} |"));
        out.out(rule.clone());
        out.out(format!("| {value:<w$} |"));
        out.out(rule);
    } else {
        out.out(column);
        out.out(value);
    }
    out
}

/// `psql -h HOST -U USER [-c SQL]`: found by name or not, a server on 5432 or none, and the
/// password that `POSTGRES_PASSWORD` set (given in `PGPASSWORD`) unless the server trusts.
pub(super) fn psql(h: &mut ContainerHost<'_>, ctx: &mut HostCtx<'_>, args: &[String]) -> Output {
    let mut out = Output::new();
    let host = option(args, "-h", "--host").or_else(|| ctx.env.get("PGHOST").cloned());
    let port = option(args, "-p", "--port").unwrap_or_else(|| "5432".to_string());
    let fail = |out: &mut Output, text: &str| {
        for l in text.split('\n') {
            out.err(l);
        }
        out.code = 2;
    };
    let Some(host) = host else {
        let here = address(h, "localhost").unwrap_or_default();
        if server_at(h.engine, &here, &["postgres"]).is_none() {
            fail(&mut out, &format!("psql: error: connection to server on socket \"/var/run/postgresql/.s.PGSQL.{port}\" failed: No such file or directory\n\tIs the server running locally and accepting connections on that socket?"));
        }
        // On its own socket the server trusts local connections.
        return query_psql(out, args);
    };
    let Some(ip) = address(h, &host) else {
        fail(
            &mut out,
            &format!("psql: error: could not translate host name \"{host}\" to address: Name or service not known"),
        );
        return out;
    };
    let Some(env) = server_at(h.engine, &ip, &["postgres"]).filter(|_| port == "5432") else {
        fail(&mut out, &format!("psql: error: connection to server at \"{host}\" ({ip}), port {port} failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?"));
        return out;
    };
    let trust = env.iter().any(|e| e == "POSTGRES_HOST_AUTH_METHOD=trust");
    let expected = env.iter().find_map(|e| e.strip_prefix("POSTGRES_PASSWORD=").map(str::to_string));
    if !trust {
        match ctx.env.get("PGPASSWORD") {
            None => {
                fail(&mut out, &format!("psql: error: connection to server at \"{host}\" ({ip}), port {port} failed: fe_sendauth: no password supplied"));
                return out;
            }
            Some(p) if Some(p) != expected.as_ref() => {
                let user = option(args, "-U", "--username").unwrap_or_else(|| "root".to_string());
                fail(&mut out, &format!("psql: error: connection to server at \"{host}\" ({ip}), port {port} failed: FATAL:  password authentication failed for user \"{user}\""));
                return out;
            }
            Some(_) => {}
        }
    }
    query_psql(out, args)
}

/// `-c 'SELECT 1'` as psql prints a one-cell result; anything else reads the closed input.
fn query_psql(mut out: Output, args: &[String]) -> Output {
    if out.code != 0 {
        return out;
    }
    let Some(sql) = option(args, "-c", "--command") else { return out };
    let upper = sql.trim().trim_end_matches(';').trim().to_ascii_uppercase();
    let Some(n) = upper.strip_prefix("SELECT ").filter(|n| n.parse::<i64>().is_ok()) else { return out };
    out.out(" ?column? ");
    out.out("----------");
    out.out(format!("{n:>9}"));
    out.out("(1 row)");
    out.out("");
    out
}
