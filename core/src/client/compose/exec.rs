//! `exec` (a command in a service's running container) and `run` (a one-off container of a
//! service, `PROJECT-SERVICE-run-<12 hex>`, after its dependencies are up). Both end in the
//! docker client's own `exec` and `run` (through [`crate::client::run`], the one door), so a
//! shell gets the terminal exactly as with `docker exec -it` and `docker run -it`.

use super::progress::{Clock, Progress, Status};
use super::project::{self as proj};
use super::Cx;
use crate::client::Outcome;
use crate::engine::Engine;

/// `docker compose exec [OPTIONS] SERVICE COMMAND [ARGS...]`.
pub fn exec(mut cx: Cx<'_, '_>, engine: &mut Engine, stdin: &str) -> Outcome {
    let Some((_, name)) = cx.project_or_name() else { return Outcome::Done(cx.out) };
    if cx.daemon_down(engine) {
        return Outcome::Done(cx.out);
    }
    let f = cx.inv.flags.clone();
    let args = cx.inv.args.clone();
    let service = args.first().cloned().unwrap_or_default();
    let index = f.int("index").unwrap_or(0).max(1) as u32;
    let running: Vec<String> = proj::service_containers(engine, &name, &service)
        .into_iter()
        .filter(|c| c.is_running() && proj::number(c) == index)
        .map(|c| c.name.clone())
        .collect();
    let Some(container) = running.first() else {
        cx.fail(&format!("service \"{service}\" is not running"));
        return Outcome::Done(cx.out);
    };
    // `-T` defaults to "stdout is not a terminal"; a terminal gets `-it`.
    let no_tty = if f.is_set("no-TTY") { f.bool("no-TTY") } else { !cx.host.tty };
    let mut argv: Vec<String> = vec!["exec".to_string()];
    if f.bool("detach") {
        argv.push("-d".to_string());
    } else if !f.is_set("interactive") || f.bool("interactive") {
        // `-i` is hidden and on by default.
        argv.push("-i".to_string());
    }
    if !no_tty && !f.bool("detach") {
        argv.push("-t".to_string());
    }
    for e in f.list("env") {
        argv.extend(["-e".to_string(), e.clone()]);
    }
    if let Some(u) = f.string("user").filter(|u| !u.is_empty()) {
        argv.extend(["-u".to_string(), u.to_string()]);
    }
    if let Some(w) = f.string("workdir").filter(|w| !w.is_empty()) {
        argv.extend(["-w".to_string(), w.to_string()]);
    }
    argv.push(container.clone());
    argv.extend(args.iter().skip(1).cloned());
    let prefix = std::mem::take(&mut cx.out);
    let outcome = crate::client::run(engine, &mut *cx.host, &argv, stdin);
    prepend(prefix, outcome)
}

/// The lines compose printed before handing over, ahead of what the docker client printed.
fn prepend(mut before: crate::output::Output, outcome: Outcome) -> Outcome {
    let merge = |o: crate::output::Output| {
        let code = o.code;
        before.lines.extend(o.lines);
        before.code = code;
        before
    };
    match outcome {
        Outcome::Done(o) => Outcome::Done(merge(o)),
        Outcome::Holds(o, h) => Outcome::Holds(merge(o), h),
        Outcome::Shell(o, h, s) => Outcome::Shell(merge(o), h, s),
        Outcome::Confirm(o, p) => Outcome::Confirm(merge(o), p),
    }
}

/// `docker compose run [OPTIONS] SERVICE [COMMAND] [ARGS...]`.
pub fn run(mut cx: Cx<'_, '_>, engine: &mut Engine) -> Outcome {
    let Some(project) = cx.load() else { return Outcome::Done(cx.out) };
    if cx.daemon_down(engine) {
        return Outcome::Done(cx.out);
    }
    let f = cx.inv.flags.clone();
    let args = cx.inv.args.clone();
    let service_name = args.first().cloned().unwrap_or_default();
    let Some(svc) = project.service(&service_name).cloned() else {
        cx.fail(&format!("no such service: {service_name}"));
        return Outcome::Done(cx.out);
    };
    let mode = cx.mode();
    let mut prog = Progress::new(mode, "Running");
    let mut clock = Clock::default();
    let deps: Vec<&str> = if f.bool("no-deps") {
        Vec::new()
    } else {
        project.with_dependencies(&[svc.name.as_str()]).into_iter().filter(|n| *n != svc.name).collect()
    };
    let mut needed: Vec<&str> = deps.clone();
    needed.push(svc.name.as_str());
    if let Err(e) = super::up::pull_missing(&mut cx, engine, &project, &needed, &mut prog, &mut clock, false) {
        prog.print(&mut cx.out);
        cx.fail(&e);
        return Outcome::Done(cx.out);
    }
    if let Err(e) = super::up::ensure_networks_and_volumes(engine, &project, &needed, &mut prog, &mut clock) {
        prog.print(&mut cx.out);
        cx.fail(&e);
        return Outcome::Done(cx.out);
    }
    // Dependencies: created and started as `up` would (those already running stay).
    let mut to_start = Vec::new();
    for dep in &deps {
        let Some(d) = project.service(dep) else { continue };
        let existing: Vec<String> =
            proj::service_containers(engine, &project.name, dep).iter().map(|c| c.id.clone()).collect();
        if existing.is_empty() {
            let name = proj::container_name(&project, d, 1);
            let id = format!("Container {name}");
            prog.event(&id, Status::Working, "Creating", clock.t);
            match super::up::create(engine, &project, d, 1) {
                Ok(new) => {
                    prog.event(&id, Status::Done, "Created", clock.t + 100);
                    to_start.push(new);
                }
                Err(e) => {
                    prog.print(&mut cx.out);
                    cx.fail(&e);
                    return Outcome::Done(cx.out);
                }
            }
        } else {
            for id in existing {
                if engine.container(&id).is_some_and(|c| !c.is_running()) {
                    to_start.push(id);
                }
            }
        }
    }
    if !deps.is_empty() {
        if let Err(e) = super::up::start_levels(engine, &project, &deps, &to_start, &mut prog, &mut clock) {
            prog.print(&mut cx.out);
            cx.fail(&e);
            return Outcome::Done(cx.out);
        }
    }
    prog.print(&mut cx.out);
    let image = proj::image_of(&project, &svc);
    let image_id = match engine.image_resolve(&image) {
        Ok(i) => i.id.clone(),
        Err(e) => {
            cx.fail(&crate::client::from_daemon(&e));
            return Outcome::Done(cx.out);
        }
    };
    // The one-off's slug: 12 hex digits, stable for a given machine state.
    let slug = {
        use sha2::{Digest, Sha256};
        let seed = format!("{}\0{}\0{}\0{}", project.name, svc.name, engine.now(), engine.event_count());
        let d = Sha256::digest(seed.as_bytes());
        d.iter().take(6).map(|b| format!("{b:02x}")).collect::<String>()
    };
    let plan = proj::plan(&project, &svc, 1, &image_id, Some(&slug));
    let mut argv: Vec<String> = vec!["run".to_string()];
    let no_tty = if f.is_set("no-TTY") { f.bool("no-TTY") } else { !cx.host.tty };
    if f.bool("detach") {
        argv.push("-d".to_string());
    }
    if f.bool("interactive") && !f.bool("detach") {
        argv.push("-i".to_string());
    }
    if !no_tty {
        argv.push("-t".to_string());
    }
    if f.bool("rm") {
        argv.push("--rm".to_string());
    }
    let name = f.string("name").filter(|n| !n.is_empty()).map(str::to_string).unwrap_or(plan.name.clone());
    argv.extend(["--name".to_string(), name]);
    for l in &plan.config.labels {
        argv.extend(["--label".to_string(), l.clone()]);
    }
    for l in f.list("label") {
        argv.extend(["--label".to_string(), l.clone()]);
    }
    if let Some((net, _)) = plan
        .config
        .network
        .as_deref()
        .and_then(|n| n.strip_prefix("name="))
        .map(|n| n.split_once(',').unwrap_or((n, "")))
    {
        argv.extend(["--network".to_string(), net.to_string()]);
    }
    for e in &plan.config.env {
        argv.extend(["-e".to_string(), e.clone()]);
    }
    for e in f.list("env") {
        argv.extend(["-e".to_string(), e.clone()]);
    }
    for v in plan.config.volumes.iter().chain(f.list("volume")) {
        argv.extend(["-v".to_string(), v.clone()]);
    }
    if f.bool("service-ports") {
        for p in &svc.ports {
            let published = p.published.clone().unwrap_or_default();
            let spec = match (p.host_ip.is_empty(), published.is_empty()) {
                (true, true) => format!("{}/{}", p.target, p.protocol),
                (true, false) => format!("{published}:{}/{}", p.target, p.protocol),
                (false, _) => format!("{}:{published}:{}/{}", p.host_ip, p.target, p.protocol),
            };
            argv.extend(["-p".to_string(), spec]);
        }
    }
    for p in f.list("publish") {
        argv.extend(["-p".to_string(), p.clone()]);
    }
    let user = f.string("user").filter(|u| !u.is_empty()).map(str::to_string).or(svc.user.clone());
    if let Some(u) = user {
        argv.extend(["-u".to_string(), u]);
    }
    let workdir = f.string("workdir").filter(|w| !w.is_empty()).map(str::to_string).or(svc.working_dir.clone());
    if let Some(w) = workdir {
        argv.extend(["-w".to_string(), w]);
    }
    // An entrypoint list: its first word is `--entrypoint`, the rest come before the command.
    let entrypoint: Option<Vec<String>> = match f.string("entrypoint").filter(|e| !e.is_empty()) {
        Some(e) => super::load::shell_split(e),
        None => svc.entrypoint.clone(),
    };
    let mut cmd: Vec<String> = Vec::new();
    if let Some(ep) = &entrypoint {
        let mut words = ep.iter();
        argv.extend(["--entrypoint".to_string(), words.next().cloned().unwrap_or_default()]);
        cmd.extend(words.cloned());
    }
    argv.push(image);
    if args.len() > 1 {
        cmd.extend(args.iter().skip(1).cloned());
    } else if let Some(c) = &svc.command {
        cmd.extend(c.iter().cloned());
    }
    argv.extend(cmd);
    let before = std::mem::take(&mut cx.out);
    let outcome = crate::client::run(engine, &mut *cx.host, &argv, "");
    prepend(before, outcome)
}
