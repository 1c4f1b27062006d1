//! `docker logs`, `top`, `port`, `wait`, `stats`, `history`: the read-only container and
//! image commands, in docker v28's formats.
//!
//! Numbers a real kernel would supply (host PIDs, memory, network counters, layer sizes
//! of history steps) are derived deterministically from IDs and image data, so the same
//! session always prints the same bytes. Commands that follow or block in real docker
//! (`logs -f`, `wait` on a running container, `stats` without `--no-stream`) print what
//! is there now; [`super::run_holding`] then hands the session a watcher, and the
//! session calls [`follow`], [`wait_more`] and [`stats_frame`] as the clock moves. Nothing
//! here mutates engine state.

use super::inspect_json::{stable, unpacked_size};
use super::spec::Invocation;
use super::timestamp::get_timestamp;
use crate::engine::container::{Container, LogLine};
use crate::engine::{Engine, LocalImage};
use crate::output::template::{print_list, tabwrite, StructBuilder, Value};
use crate::output::{humanize, table, Output};
use crate::snapshot::ContainerStatus;

fn daemon_err(out: &mut Output, e: impl std::fmt::Display) {
    out.err(format!("Error response from daemon: {e}"));
    out.code = 1;
}

// ----- logs ----------------------------------------------------------------------------

/// A `--since`/`--until` value as a time, or docker's `invalid value for "since": ...`.
fn time_flag(inv: &Invocation, name: &str, now: crate::env::SimTime) -> Result<Option<crate::env::SimTime>, String> {
    match inv.flags.string(name).filter(|s| !s.is_empty()) {
        Some(s) => get_timestamp(s, now).map(Some).map_err(|e| format!("invalid value for \"{name}\": {e}")),
        None => Ok(None),
    }
}

/// How many of a container's log lines exist at `now`. A running process has written
/// only the lines whose time has come (a database is still starting); one that ended has
/// written everything it ever will.
pub fn written_by(c: &Container, now: crate::env::SimTime) -> usize {
    if c.is_running() {
        c.logs.iter().take_while(|l| l.time <= now).count()
    } else {
        c.logs.len()
    }
}

/// One log line as `docker logs` prints it; `-t` prefixes the daemon's timestamp.
fn log_text(c: &Container, i: usize, l: &LogLine, timestamps: bool) -> String {
    if !timestamps {
        return l.text.clone();
    }
    // The daemon stamps a line just after the program wrote it (the program's own
    // timestamp, if it prints one, is a little earlier).
    let nanos =
        (l.time % 1000) * 1_000_000 + 990_000 + (i as u64 % 10) * 900 + stable(&format!("log\0{}\0{i}", c.id), 800);
    let (y, mo, d, h, mi, s) = crate::env::civil(l.time / 1000);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{nanos:09}Z {}", l.text)
}

fn print_log(out: &mut Output, c: &Container, i: usize, l: &LogLine, timestamps: bool) {
    let text = log_text(c, i, l, timestamps);
    if l.stderr && !c.config.tty {
        out.err(text);
    } else {
        out.out(text);
    }
}

/// `docker logs`: what the container has written so far. With `-f` on a running
/// container the session then holds the terminal and streams new lines until Ctrl+C
/// (`client::run_holding`, then [`follow`]).
pub fn logs(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let Some(name) = inv.args.first() else { return out };
    let now = engine.now();
    let (since, until) = match (time_flag(inv, "since", now), time_flag(inv, "until", now)) {
        (Ok(since), Ok(until)) => (since, until),
        (Err(e), _) | (_, Err(e)) => {
            out.err(e);
            out.code = 1;
            return out;
        }
    };
    let c = match engine.container_resolve(name) {
        Ok(c) => c,
        Err(e) => {
            daemon_err(&mut out, e);
            return out;
        }
    };
    let written = c.logs.get(..written_by(c, now)).unwrap_or(&[]);
    let selected: Vec<(usize, &LogLine)> = written
        .iter()
        .enumerate()
        .filter(|(_, l)| since.is_none_or(|s| l.time >= s))
        .filter(|(_, l)| until.is_none_or(|u| l.time <= u))
        .collect();
    // The daemon reads `--tail` with Atoi; anything else (or a negative count) means all.
    let tail = inv.flags.string("tail").and_then(|t| t.parse::<i64>().ok()).filter(|n| *n >= 0);
    let skip = tail.map(|n| selected.len().saturating_sub(n as usize)).unwrap_or(0);
    let timestamps = inv.flags.bool("timestamps");
    for (i, l) in selected.into_iter().skip(skip) {
        print_log(&mut out, c, i, l, timestamps);
    }
    out
}

/// `docker logs -f` after its first output: the lines written since `hold.mark`, and
/// status 0 once the container has stopped (the daemon closes the stream) or `--until`
/// has passed.
pub fn follow(engine: &Engine, hold: &mut super::Hold, out: &mut Output) -> Option<i32> {
    let Some(c) = engine.container(&hold.container).or_else(|| engine.recently_removed(&hold.container)) else {
        return Some(0);
    };
    let super::spec::Parsed::Run(inv) = super::spec::parse(&hold.argv) else { return Some(0) };
    let now = engine.now();
    let until = time_flag(&inv, "until", now).ok().flatten();
    let timestamps = inv.flags.bool("timestamps");
    let written = written_by(c, now);
    while hold.mark < written {
        let Some(l) = c.logs.get(hold.mark) else { break };
        if until.is_some_and(|u| l.time > u) {
            return Some(0);
        }
        print_log(out, c, hold.mark, l, timestamps);
        hold.mark += 1;
    }
    let gone = engine.container(&hold.container).is_none_or(|c| !c.is_running());
    (gone || until.is_some_and(|u| now > u)).then_some(0)
}

// ----- top -----------------------------------------------------------------------------

/// The processes a container's main program runs: (user, command line) per process,
/// the first being PID 1 of the container.
fn processes(engine: &Engine, c: &Container) -> Vec<(String, String)> {
    let repo = engine
        .images()
        .find(|i| i.id == c.image_id)
        .map(|i| i.repo_path.trim_start_matches("library/").to_string())
        .unwrap_or_default();
    let main = c.command();
    // A command given on `docker run` replaces the image's own program.
    let own_command = c.config.cmd.first().is_some_and(|first| {
        !matches!(first.as_str(), "httpd-foreground" | "nginx" | "mysqld" | "postgres" | "mariadbd")
    });
    if own_command {
        return vec![("root".to_string(), c.config.cmd.join(" "))];
    }
    let root = "root".to_string();
    match repo.as_str() {
        "httpd" => {
            let mut v = vec![(root, "httpd -DFOREGROUND".to_string())];
            v.extend((0..3).map(|_| ("33".to_string(), "httpd -DFOREGROUND".to_string())));
            v
        }
        "nginx" => {
            let mut v = vec![(root, "nginx: master process nginx -g daemon off;".to_string())];
            v.extend(
                (0..crate::engine::process::CPUS).map(|_| ("101".to_string(), "nginx: worker process".to_string())),
            );
            v
        }
        "mysql" => vec![("999".to_string(), "mysqld".to_string())],
        "mariadb" => vec![("999".to_string(), "mariadbd".to_string())],
        "postgres" => {
            let mut v = vec![("999".to_string(), "postgres".to_string())];
            for p in [
                "checkpointer",
                "background writer",
                "walwriter",
                "autovacuum launcher",
                "logical replication launcher",
            ] {
                v.push(("999".to_string(), format!("postgres: {p} ")));
            }
            v
        }
        "registry" => vec![(root, "registry serve /etc/docker/registry/config.yml".to_string())],
        "wordpress" | "nextcloud" => {
            let mut v = vec![(root, "apache2 -DFOREGROUND".to_string())];
            v.extend((0..5).map(|_| ("33".to_string(), "apache2 -DFOREGROUND".to_string())));
            v
        }
        _ => vec![(root, main)],
    }
}

/// `docker top`.
pub fn top(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let Some(name) = inv.args.first() else { return out };
    let c = match engine.container_resolve(name) {
        Ok(c) => c,
        Err(e) => {
            daemon_err(&mut out, e);
            return out;
        }
    };
    match c.status {
        ContainerStatus::Restarting => {
            daemon_err(&mut out, format!("Container {} is restarting, wait until the container is running", c.id));
            return out;
        }
        s if !matches!(s, ContainerStatus::Running | ContainerStatus::Paused) => {
            daemon_err(&mut out, format!("container {} is not running", c.id));
            return out;
        }
        _ => {}
    }
    let procs = processes(engine, c);
    let base = 2000 + stable(&format!("pid\0{}", c.id), 3000);
    let started = c.started_at.unwrap_or(engine.now());
    let (_, _, _, h, mi, _) = crate::env::civil(started / 1000);
    let stime = format!("{h:02}:{mi:02}");
    let ps_args: Vec<&str> = inv.args.iter().skip(1).map(String::as_str).collect();
    let aux = matches!(ps_args.as_slice(), ["aux"] | ["-aux"] | ["au"] | ["ux"]);
    let mut text = String::new();
    if aux {
        text.push_str("USER\tPID\t%CPU\t%MEM\tVSZ\tRSS\tTTY\tSTAT\tSTART\tTIME\tCOMMAND\n");
    } else {
        text.push_str("UID\tPID\tPPID\tC\tSTIME\tTTY\tTIME\tCMD\n");
    }
    for (i, (user, cmd)) in procs.iter().enumerate() {
        let pid = if i == 0 { base } else { base + 20 + i as u64 };
        let ppid = if i == 0 { base - 21 } else { base };
        let tty = if c.config.tty { "pts/0" } else { "?" };
        if aux {
            let vsz = 10_000 + stable(&format!("vsz\0{}\0{i}", c.id), 200_000);
            let rss = 3_000 + stable(&format!("rss\0{}\0{i}", c.id), 40_000);
            let stat = if c.status == ContainerStatus::Paused {
                "Ds"
            } else if i == 0 {
                "Ss"
            } else {
                "S"
            };
            text.push_str(&format!("{user}\t{pid}\t0.0\t0.1\t{vsz}\t{rss}\t{tty}\t{stat}\t{stime}\t0:00\t{cmd}\n"));
        } else {
            text.push_str(&format!("{user}\t{pid}\t{ppid}\t0\t{stime}\t{tty}\t00:00:00\t{cmd}\n"));
        }
    }
    out.out_text(&tabwrite(&text, 20, 3));
    out
}

// ----- port ----------------------------------------------------------------------------

/// Go's `sortorder.NaturalLess`: digit runs compare as numbers.
pub fn natural_less(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut x, mut y) = (a.as_bytes(), b.as_bytes());
    loop {
        match (x.first(), y.first()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, _) => return std::cmp::Ordering::Less,
            (_, None) => return std::cmp::Ordering::Greater,
            (Some(p), Some(q)) if p.is_ascii_digit() && q.is_ascii_digit() => {
                let n1 = x.iter().take_while(|c| c.is_ascii_digit()).count();
                let n2 = y.iter().take_while(|c| c.is_ascii_digit()).count();
                let (d1, d2) = (&x[..n1], &y[..n2]);
                let t1 = d1.iter().skip_while(|c| **c == b'0').count();
                let t2 = d2.iter().skip_while(|c| **c == b'0').count();
                let ord = t1.cmp(&t2).then_with(|| d1[n1 - t1..].cmp(&d2[n2 - t2..])).then(n1.cmp(&n2));
                if ord != std::cmp::Ordering::Equal {
                    return ord;
                }
                x = &x[n1..];
                y = &y[n2..];
            }
            (Some(p), Some(q)) => {
                if p != q {
                    return p.cmp(q);
                }
                x = &x[1..];
                y = &y[1..];
            }
        }
    }
}

fn join_host_port(ip: &str, port: u16) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// `docker port`.
pub fn port(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let Some(name) = inv.args.first() else { return out };
    let c = match engine.container_resolve(name) {
        Ok(c) => c,
        Err(e) => {
            daemon_err(&mut out, e);
            return out;
        }
    };
    let running = c.is_running();
    let mut lines: Vec<String> = Vec::new();
    if let Some(p) = inv.args.get(1) {
        let (num, proto) = p.split_once('/').unwrap_or((p.as_str(), "tcp"));
        let proto = if proto.is_empty() { "tcp" } else { proto };
        if let Err(e) = num.parse::<u16>() {
            let why = if num.is_empty() || num.bytes().any(|b| !b.is_ascii_digit()) {
                "invalid syntax"
            } else {
                "value out of range"
            };
            let _ = e;
            out.err(format!(
                "Error: invalid port ({num}): strconv.ParseUint: parsing {}: {why}",
                crate::output::go_quote(num)
            ));
            out.code = 1;
            return out;
        }
        let port: u16 = num.parse().unwrap_or(0);
        for b in c.bindings.iter().filter(|b| running && b.container_port == port && b.proto == proto) {
            lines.push(join_host_port(&b.host_ip, b.host_port));
        }
        if lines.is_empty() {
            out.err(format!("Error: No public port '{p}' published for {name}"));
            out.code = 1;
            return out;
        }
    } else if running {
        for b in &c.bindings {
            lines.push(format!("{}/{} -> {}", b.container_port, b.proto, join_host_port(&b.host_ip, b.host_port)));
        }
    }
    crate::sort::sort_by(&mut lines, |a, b| natural_less(a, b));
    for l in lines {
        out.out(l);
    }
    out
}

// ----- wait ----------------------------------------------------------------------------

/// `docker wait`: each container's exit code once it is not running, in argument order;
/// lookup errors come last, joined, as the client returns them. A running container
/// makes the client block: [`super::run_holding`] then hands the session a watcher that
/// calls [`wait_more`] as the clock moves.
pub fn wait(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let targets = wait_targets(engine, &inv.args);
    let mut mark = 1;
    if let Some(code) = wait_more(engine, &targets, &mut mark, &mut out) {
        out.code = code;
    }
    out
}

/// What `docker wait` waits for: first the engine's event count when it began (so a
/// later `die` can be told from an earlier one), then the containers as full IDs in
/// argument order, then the lookup errors (each prefixed with `!`), which the client
/// reports after the codes. Reporting starts at index 1.
pub fn wait_targets(engine: &Engine, args: &[String]) -> Vec<String> {
    let mut targets = vec![engine.event_count().to_string()];
    let mut errors = Vec::new();
    for name in args {
        match engine.container_resolve(name) {
            Ok(c) => targets.push(c.id.clone()),
            Err(e) => errors.push(format!("!{e}")),
        }
    }
    targets.extend(errors);
    targets
}

/// Prints the exit codes of the waited-for containers from `mark` on, as long as each
/// has stopped; `None` while one still runs, else the client's exit status.
///
/// As moby's "not-running" wait: a created or exited container answers at once; a
/// running one (or one a restart policy is about to start again) answers at its next
/// `die`, with that exit code.
pub fn wait_more(engine: &Engine, targets: &[String], mark: &mut usize, out: &mut Output) -> Option<i32> {
    let began: usize = targets.first().and_then(|m| m.parse().ok()).unwrap_or(0);
    while let Some(id) = targets.get(*mark).filter(|e| !e.starts_with('!')) {
        let died = engine
            .events_since(began)
            .iter()
            .find(|e| e.id == *id && e.action == "die")
            .map(|e| e.exit_code.unwrap_or(0));
        let code = match (engine.container(id), died) {
            (_, Some(code)) => code,
            (Some(c), None) if c.is_running() => return None,
            (Some(c), None) => c.exit_code,
            (None, None) => engine.recently_removed(id).map(|c| c.exit_code).unwrap_or(0),
        };
        out.out(code.to_string());
        *mark += 1;
    }
    let errors = targets.get(*mark..).unwrap_or(&[]);
    for e in errors {
        daemon_err(out, e.get(1..).unwrap_or(""));
    }
    Some(if errors.is_empty() { 0 } else { 1 })
}

// ----- stats ---------------------------------------------------------------------------

/// Memory a container's processes use, in bytes: a stable figure per image, a little
/// different per container.
fn memory_usage(engine: &Engine, c: &Container) -> u64 {
    let repo = engine
        .images()
        .find(|i| i.id == c.image_id)
        .map(|i| i.repo_path.trim_start_matches("library/").to_string())
        .unwrap_or_default();
    let base: u64 = match repo.as_str() {
        "httpd" => 4_571_136,
        "nginx" => 9_437_184,
        "mysql" => 430_000_000,
        "mariadb" => 98_000_000,
        "postgres" => 38_000_000,
        "registry" => 11_000_000,
        "wordpress" | "nextcloud" => 25_000_000,
        "redmine" => 180_000_000,
        _ => 700_000,
    };
    base + stable(&format!("mem\0{}", c.id), base / 20 + 1)
}

/// `docker stats`: one sample of the table. Without `--no-stream` this is the first frame;
/// the session then redraws it with [`stats_frame`] until Ctrl+C.
pub fn stats(engine: &mut Engine, inv: &Invocation) -> Output {
    stats_table(engine, inv)
}

/// One more frame of a streaming `docker stats`. The real client moves the cursor to the
/// top-left corner and rewrites the screen (`ESC[H`, each line ending in `ESC[K`, then
/// `ESC[J`); here a frame is the table's lines and the session marks the screen cleared,
/// so the view shows the frame in place of the previous one. `Some(status)` ends it.
pub fn stats_frame(engine: &Engine, argv: &[String], out: &mut Output) -> Option<i32> {
    let super::spec::Parsed::Run(inv) = super::spec::parse(argv) else { return Some(0) };
    let frame = stats_table(engine, &inv);
    let code = frame.code;
    out.lines.extend(frame.lines);
    (code != 0).then_some(code)
}

fn stats_table(engine: &Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    let all = f.bool("all");
    let mut chosen: Vec<&Container> = Vec::new();
    let mut errors = Vec::new();
    if inv.args.is_empty() {
        let mut list: Vec<&Container> = engine.containers().filter(|c| all || c.is_running()).collect();
        crate::sort::sort_by(&mut list, |a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
        chosen = list;
    } else {
        for a in &inv.args {
            match engine.container_resolve(a) {
                Ok(c) => chosen.push(c),
                Err(e) => errors.push(e.to_string()),
            }
        }
    }
    if !errors.is_empty() {
        for e in errors {
            daemon_err(&mut out, e);
        }
        return out;
    }
    let trunc = !f.bool("no-trunc");
    let mem_limit = 8_219_348_992f64;
    let rows: Vec<Value> = chosen
        .iter()
        .map(|c| {
            let live = c.status == ContainerStatus::Running || c.status == ContainerStatus::Paused;
            let mem = if live { memory_usage(engine, c) as f64 } else { 0.0 };
            let limit = if live { mem_limit } else { 0.0 };
            let cpu = if live && c.status == ContainerStatus::Running {
                stable(&format!("cpu\0{}", c.id), 5) as f64 / 100.0
            } else {
                0.0
            };
            let rx = if live { 796 + stable(&format!("rx\0{}", c.id), 400) } else { 0 };
            let block_read = if live { stable(&format!("blk\0{}", c.id), 3) * 1_000_000 } else { 0 };
            let pids = if live { super_processes_count(engine, c) } else { 0 };
            let name = c.name.clone();
            StructBuilder::context("*container.statsContext")
                .f(
                    "Container",
                    Value::str(
                        inv.args
                            .iter()
                            .find(|a| engine.container_resolve(a).is_ok_and(|x| x.id == c.id))
                            .cloned()
                            .unwrap_or_else(|| if trunc { c.short_id().to_string() } else { c.id.clone() }),
                    ),
                )
                .f("Name", Value::str(name))
                .f("ID", Value::str(if trunc { c.short_id().to_string() } else { c.id.clone() }))
                .f("CPUPerc", Value::str(format!("{cpu:.2}%")))
                .f(
                    "MemUsage",
                    Value::str(format!("{} / {}", super::system::bytes_size(mem), super::system::bytes_size(limit))),
                )
                .f("MemPerc", Value::str(format!("{:.2}%", if limit > 0.0 { mem * 100.0 / limit } else { 0.0 })))
                .f("NetIO", Value::str(format!("{} / {}", humanize::size(rx), humanize::size(0))))
                .f("BlockIO", Value::str(format!("{} / {}", humanize::size(block_read), humanize::size(0))))
                .f("PIDs", Value::str(pids.to_string()))
                .build()
        })
        .collect();
    let format = match f.string("format").unwrap_or("") {
        "" | "table" => "table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}\\t{{.BlockIO}}\\t{{.PIDs}}".to_string(),
        other => other.to_string(),
    };
    let headers = [
        ("Container", "CONTAINER"),
        ("ID", "CONTAINER ID"),
        ("Name", "NAME"),
        ("CPUPerc", "CPU %"),
        ("MemUsage", "MEM USAGE / LIMIT"),
        ("MemPerc", "MEM %"),
        ("NetIO", "NET I/O"),
        ("BlockIO", "BLOCK I/O"),
        ("PIDs", "PIDS"),
    ];
    print_list(&mut out, &format, &rows, &headers);
    out
}

/// The PIDS column: threads count too (each Apache child runs 25 worker threads).
fn super_processes_count(engine: &Engine, c: &Container) -> usize {
    let repo = engine
        .images()
        .find(|i| i.id == c.image_id)
        .map(|i| i.repo_path.trim_start_matches("library/").to_string())
        .unwrap_or_default();
    let own = c
        .config
        .cmd
        .first()
        .is_some_and(|f| !matches!(f.as_str(), "httpd-foreground" | "nginx" | "mysqld" | "postgres" | "mariadbd"));
    if own {
        return 1;
    }
    match repo.as_str() {
        "httpd" => 109,
        "nginx" => 1 + crate::engine::process::CPUS as usize,
        "mysql" => 37,
        "mariadb" => 8,
        "postgres" => 6,
        "registry" => 8,
        "wordpress" | "nextcloud" => 6,
        "redmine" => 12,
        _ => 1,
    }
}

// ----- history -------------------------------------------------------------------------

/// One step of an image's build history, newest last.
struct Step {
    created_by: String,
    size: u64,
    comment: &'static str,
    created: u64,
}

fn go_args(v: &[String]) -> String {
    let parts: Vec<String> = v.iter().map(|s| crate::output::go_quote(s)).collect();
    format!("[{}]", parts.join(" "))
}

/// A plausible build history from what the image is made of: the base system's layer,
/// the Dockerfile's ENV/WORKDIR/RUN/COPY steps for the other layers, and the metadata
/// steps (VOLUME, ENTRYPOINT, EXPOSE, STOPSIGNAL, CMD) its config shows.
fn history_steps(img: &LocalImage) -> Vec<Step> {
    const BK: &str = "buildkit.dockerfile.v0";
    let created = img.created;
    let base_time = created.saturating_sub(14 * 86_400_000);
    let compressed: u64 = img.layers.iter().map(|l| l.size).sum::<u64>().max(1);
    let unpacked = unpacked_size(img).max(compressed);
    let scaled = |s: u64| (s as u128 * unpacked as u128 / compressed as u128) as u64;
    let os = img.process.os.clone();
    let cfg = &img.config;
    let mut steps = Vec::new();
    let mut layers = img.layers.iter();
    if let Some(base) = layers.next() {
        let (text, comment) = if os.starts_with("alpine") {
            let v = os.trim_start_matches("alpine");
            (format!("ADD alpine-minirootfs-{v}.0-x86_64.tar.gz / # buildkit"), BK)
        } else if os.starts_with("ubuntu") {
            (
                format!(
                    "/bin/sh -c #(nop) ADD file:{} in / ",
                    &crate::engine::registry::sha256_hex(base.name.as_bytes())[..64]
                ),
                "",
            )
        } else if os == "busybox" {
            ("ADD busybox.tar.xz / # buildkit".to_string(), BK)
        } else if os.is_empty() || os == "scratch" {
            ("COPY hello / # buildkit".to_string(), BK)
        } else if os.starts_with("oraclelinux") || os.starts_with("centos") || os.starts_with("fedora") {
            (
                format!(
                    "/bin/sh -c #(nop) ADD file:{} in / ",
                    &crate::engine::registry::sha256_hex(base.name.as_bytes())[..64]
                ),
                "",
            )
        } else {
            let suite = match os.as_str() {
                "debian11" => "bullseye",
                "debian8" => "jessie",
                _ => "bookworm",
            };
            (format!("# debian.sh --arch 'amd64' out/ '{suite}' '@{}'", base_time / 1000), "debuerreotype 0.15")
        };
        steps.push(Step { created_by: text, size: scaled(base.size), comment, created: base_time });
    }
    let meta = |t: String| Step { created_by: t, size: 0, comment: BK, created };
    // Base images inherit the default PATH without an ENV step of their own.
    for e in cfg.env.iter().filter(|e| *e != "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") {
        steps.push(meta(format!("ENV {e}")));
    }
    if !cfg.workdir.is_empty() {
        steps.push(meta(format!("WORKDIR {}", cfg.workdir)));
    }
    let runs = [
        "RUN /bin/sh -c set -eux;  apt-get update;  apt-get install -y --no-install-recommends ca-certificates;  rm -rf /var/lib/apt/lists/* # buildkit",
        "RUN /bin/sh -c set -eux;   savedAptMark=\"$(apt-mark showmanual)\";  apt-get update;  apt-get install -y --no-install-recommends wget # buildkit",
        "RUN /bin/sh -c set -eux;  groupadd -r app --gid=999;  useradd -r -g app --uid=999 app # buildkit",
    ];
    let alpine_runs = [
        "RUN /bin/sh -c set -eux;  apk add --no-cache ca-certificates tzdata # buildkit",
        "RUN /bin/sh -c set -eux;  addgroup -S app && adduser -S -G app app # buildkit",
    ];
    let mut copied = false;
    for (n, l) in layers.enumerate() {
        let text = if l.size <= 32 {
            "RUN /bin/sh -c mkdir -p /docker-entrypoint.d # buildkit".to_string()
        } else if l.size < 20_000 && !copied {
            copied = true;
            match cfg.entrypoint.first() {
                Some(ep) => format!("COPY {} /usr/local/bin/ # buildkit", ep.rsplit('/').next().unwrap_or(ep)),
                None => format!(
                    "COPY {} /usr/local/bin/ # buildkit",
                    cfg.cmd.first().map(String::as_str).unwrap_or("docker-entrypoint.sh")
                ),
            }
        } else if l.size < 20_000 {
            "RUN /bin/sh -c set -eux;  chmod +x /usr/local/bin/*;  ln -sfT /dev/stderr /var/log/error.log # buildkit"
                .to_string()
        } else if os.starts_with("alpine") {
            alpine_runs[n % alpine_runs.len()].to_string()
        } else {
            runs[n % runs.len()].to_string()
        };
        steps.push(Step {
            created_by: text,
            size: if l.size <= 32 { 0 } else { scaled(l.size) },
            comment: BK,
            created,
        });
    }
    if !cfg.volumes.is_empty() {
        steps.push(meta(format!("VOLUME [{}]", cfg.volumes.join(" "))));
    }
    if !cfg.entrypoint.is_empty() {
        steps.push(meta(format!("ENTRYPOINT {}", go_args(&cfg.entrypoint))));
    }
    if !cfg.exposed.is_empty() {
        let ports: Vec<String> = cfg.exposed.iter().map(|p| format!("{p}:{{}}")).collect();
        steps.push(meta(format!("EXPOSE map[{}]", ports.join(" "))));
    }
    if !cfg.stop_signal.is_empty() {
        steps.push(meta(format!("STOPSIGNAL {}", cfg.stop_signal)));
    }
    if !cfg.cmd.is_empty() {
        let step = meta(format!("CMD {}", go_args(&cfg.cmd)));
        // Base images that set only CMD were built the same moment as their layer.
        if steps.len() == 1 {
            steps.push(Step { comment: steps[0].comment, created: steps[0].created, ..step });
        } else {
            steps.push(step);
        }
    }
    steps
}

/// `docker history`.
pub fn history(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let Some(name) = inv.args.first() else { return out };
    let img = match engine.image_resolve(name) {
        Ok(i) => i,
        Err(e) => {
            daemon_err(&mut out, e);
            return out;
        }
    };
    let f = &inv.flags;
    let human = f.bool("human");
    let trunc = !f.bool("no-trunc");
    let quiet = f.bool("quiet");
    let now = engine.now();
    let steps = history_steps(img);
    let rows: Vec<Value> = steps
        .iter()
        .rev()
        .enumerate()
        .map(|(i, s)| {
            let id = if i == 0 {
                if trunc {
                    img.short_id().to_string()
                } else {
                    img.id.clone()
                }
            } else {
                "<missing>".to_string()
            };
            let created_at = super::inspect_json::rfc3339(s.created);
            let created_by = s.created_by.replace('\t', " ");
            StructBuilder::context("*image.historyContext")
                .f("ID", Value::str(id))
                .f(
                    "CreatedSince",
                    Value::str(if human { humanize::ago(now.saturating_sub(s.created)) } else { created_at.clone() }),
                )
                .f("CreatedAt", Value::str(created_at))
                .f("CreatedBy", Value::str(if trunc { table::ellipsis(&created_by, 45) } else { created_by }))
                .f("Size", Value::str(if human { humanize::size(s.size) } else { s.size.to_string() }))
                .f("Comment", Value::str(s.comment))
                .build()
        })
        .collect();
    let format = match f.string("format").unwrap_or("") {
        "" | "table" if quiet => "{{.ID}}".to_string(),
        "" | "table" if !human => {
            "table {{.ID}}\\t{{.CreatedAt}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}".to_string()
        }
        "" | "table" => "table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}".to_string(),
        other => other.to_string(),
    };
    let headers = [
        ("ID", "IMAGE"),
        ("CreatedSince", "CREATED"),
        ("CreatedAt", "CREATED AT"),
        ("CreatedBy", "CREATED BY"),
        ("Size", "SIZE"),
        ("Comment", "COMMENT"),
    ];
    print_list(&mut out, &format, &rows, &headers);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn natural_sort_orders_numbers_by_value() {
        let mut v = vec!["80/tcp -> 0.0.0.0:8080", "443/tcp -> 0.0.0.0:8443", "8000/tcp -> 0.0.0.0:8000"];
        v.sort_by(|a, b| natural_less(a, b));
        assert_eq!(v, vec!["80/tcp -> 0.0.0.0:8080", "443/tcp -> 0.0.0.0:8443", "8000/tcp -> 0.0.0.0:8000"]);
        assert_eq!(natural_less("vol2", "vol10"), std::cmp::Ordering::Less);
    }

    #[test]
    fn go_style_args() {
        assert_eq!(
            go_args(&["nginx".to_string(), "-g".to_string(), "daemon off;".to_string()]),
            r#"["nginx" "-g" "daemon off;"]"#
        );
    }
}
