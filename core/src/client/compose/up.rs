//! `up` and `create` (converge the engine to the project: pull what is missing, create the
//! network and volumes, create or recreate containers level by level of `depends_on`, then
//! start them, waiting for `service_healthy` and `service_completed_successfully`), the
//! lifecycle commands (`start`, `stop`, `restart`, `kill`, `pause`, `unpause`, `rm`), `down`,
//! `pull` and `build`, with compose's progress events (`pkg/compose/convergence.go`,
//! `down.go`, `stop.go` ...).

use super::build::{build_services, Options as BuildOptions, Which};
use super::load::logrus_warning;
use super::model::{Project, Service};
use super::progress::{Clock, Mode, Progress, Status};
use super::project::{self as proj, label, OneOff};
use super::Cx;
use crate::client::{from_daemon, Outcome, DAEMON_DOWN};
use crate::engine::container::Container;
use crate::engine::network::NetworkCreateRequest;
use crate::engine::volume::VolumeCreateRequest;
use crate::engine::Engine;
use crate::map::Map;
use crate::snapshot::ContainerStatus;

/// Virtual durations of the steps, in ms.
const NETWORK_MS: u64 = 100;
const CREATE_MS: u64 = 100;
const START_MS: u64 = 300;
const PULL_MS: u64 = 400;

fn container_id(c: &Container) -> String {
    format!("Container {}", c.name)
}

/// The engine's labels for a project network or volume.
fn labels(project: &Project, kind: &str, key: &str) -> Map<String, String> {
    let mut m = Map::new();
    m.insert(format!("com.docker.compose.{kind}"), key.to_string());
    m.insert(proj::PROJECT.to_string(), project.name.clone());
    m.insert("com.docker.compose.version".to_string(), proj::VERSION.to_string());
    m
}

/// Pulls the images `services` need and does not have; a failure is printed (view first,
/// then the daemon's words) and ends the command.
pub(super) fn pull_missing(
    cx: &mut Cx<'_, '_>,
    engine: &mut Engine,
    project: &Project,
    services: &[&str],
    prog: &mut Progress,
    clock: &mut Clock,
    always: bool,
) -> Result<(), String> {
    let mut pulled: Vec<String> = Vec::new();
    for name in services {
        let Some(svc) = project.service(name) else { continue };
        let Some(image) = &svc.image else { continue };
        if pulled.contains(image) || (!always && engine.image_resolve(image).is_ok()) {
            continue;
        }
        if svc.build.is_some() && engine.image_resolve(image).is_err() {
            continue;
        }
        pulled.push(image.clone());
        let start = clock.t;
        prog.event_with(&svc.name, None, "Pulling", Status::Working, "", start);
        match engine.image_pull(image) {
            Ok(report) => {
                for l in &report.layers {
                    if l.existed {
                        prog.event_with(&l.short, Some(&svc.name), "Already exists", Status::Done, "", start);
                    } else {
                        prog.event_with(&l.short, Some(&svc.name), "Pulling fs layer", Status::Working, "", start);
                        prog.event_with(
                            &l.short,
                            Some(&svc.name),
                            "Pull complete",
                            Status::Done,
                            "",
                            start + PULL_MS - 100,
                        );
                    }
                }
                prog.event_with(&svc.name, None, "Pulled", Status::Done, "", start + PULL_MS);
            }
            Err(e) => {
                prog.event_with(&svc.name, None, "Error", Status::Error, &e.to_string(), start);
                let _ = cx;
                return Err(from_daemon(&e));
            }
        }
    }
    clock.tick(if pulled.is_empty() { 0 } else { PULL_MS });
    Ok(())
}

/// `up` / `create`.
pub fn up(mut cx: Cx<'_, '_>, engine: &mut Engine, create_only: bool) -> Outcome {
    let f = cx.inv.flags.clone();
    let Some(project) = cx.load() else { return Outcome::Done(cx.out) };
    if !engine.daemon_running() {
        let image = project.services.iter().find_map(|s| s.image.clone()).unwrap_or_default();
        cx.fail(&format!("unable to get image '{image}': {DAEMON_DOWN}"));
        return Outcome::Done(cx.out);
    }
    let args = cx.inv.args.clone();
    let Some(named) = cx.services(&project, &args) else { return Outcome::Done(cx.out) };
    let no_deps = !create_only && f.bool("no-deps");
    let selected: Vec<&str> = if no_deps { named.clone() } else { project.with_dependencies(&named) };
    let detach = create_only || f.bool("detach") || f.bool("wait");
    let no_start = create_only || f.bool("no-start");
    if !create_only && f.bool("detach") && f.bool("abort-on-container-exit") {
        cx.fail("--abort-on-container-exit and --detach are incompatible");
        return Outcome::Done(cx.out);
    }
    let mut scales: Vec<(String, u32)> = Vec::new();
    for s in f.list("scale") {
        let Some((svc, n)) = s.split_once('=') else {
            cx.fail(&format!("invalid scale specifier: {s}"));
            return Outcome::Done(cx.out);
        };
        let Ok(n) = n.parse::<u32>() else {
            cx.fail(&format!("invalid scale specifier: {s}"));
            return Outcome::Done(cx.out);
        };
        if project.service(svc).is_none() {
            cx.fail(&format!("no such service: {svc}"));
            return Outcome::Done(cx.out);
        }
        scales.push((svc.to_string(), n.min(50)));
    }
    let mode = cx.mode();
    let mut prog = Progress::new(mode, if create_only { "Creating" } else { "Running" });
    let mut clock = Clock::default();
    let pull_always = f.string("pull") == Some("always");
    if let Err(e) = pull_missing(&mut cx, engine, &project, &selected, &mut prog, &mut clock, pull_always) {
        prog.print(&mut cx.out);
        cx.fail(&e);
        return Outcome::Done(cx.out);
    }
    // Services to build: `build:` without the image at hand (or all of them with `--build`).
    let which = if f.bool("build") { Which::All } else { Which::Missing };
    if !f.bool("no-build") {
        let t = clock.t;
        let opts = BuildOptions { which, ..BuildOptions::default() };
        if let Err(e) = build_services(&mut cx, engine, &project, &selected, &opts, &mut prog, t) {
            prog.print(&mut cx.out);
            cx.fail(&e);
            return Outcome::Done(cx.out);
        }
    }
    // Orphans: containers of services the file no longer has.
    let orphans: Vec<String> = proj::containers(engine, &project.name, OneOff::Exclude)
        .into_iter()
        .filter(|c| label(c, proj::SERVICE).is_none_or(|s| project.service(s).is_none()))
        .map(|c| c.name.clone())
        .collect();
    if !orphans.is_empty() {
        if f.bool("remove-orphans") {
            for o in &orphans {
                let id = format!("Container {o}");
                prog.event(&id, Status::Working, "Stopping", clock.t);
                let _ = engine.container_stop(o, None);
                prog.event(&id, Status::Working, "Removing", clock.t);
                let _ = engine.container_remove(o, true, false);
                prog.event(&id, Status::Done, "Removed", clock.t + 200);
            }
        } else {
            cx.out.err(logrus_warning(
                cx.host.now,
                &format!("Found orphan containers ([{}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.", orphans.join(" ")),
            ));
        }
    }
    if let Err(e) = ensure_networks_and_volumes(engine, &project, &selected, &mut prog, &mut clock) {
        prog.print(&mut cx.out);
        cx.fail(&e);
        return Outcome::Done(cx.out);
    }
    // Create (or recreate) containers, a level of the dependency graph at a time.
    let force = f.bool("force-recreate");
    let never = f.bool("no-recreate");
    let mut to_start: Vec<String> = Vec::new();
    for level in project.levels(&selected) {
        let t0 = clock.t;
        let mut created: Vec<(String, String)> = Vec::new();
        for svc in &level {
            let want = scales.iter().find(|(s, _)| *s == svc.name).map(|(_, n)| *n).or(svc.scale).unwrap_or(1);
            let existing: Vec<Container> =
                proj::service_containers(engine, &project.name, &svc.name).into_iter().cloned().collect();
            let hash = proj::config_hash(&project, svc);
            for (i, c) in existing.iter().enumerate() {
                if i as u32 >= want {
                    let id = container_id(c);
                    prog.event(&id, Status::Working, "Stopping", t0);
                    let _ = engine.container_stop(&c.id, None);
                    prog.event(&id, Status::Working, "Removing", t0);
                    let _ = engine.container_remove(&c.id, true, false);
                    prog.event(&id, Status::Done, "Removed", t0 + 200);
                    continue;
                }
                let image_id =
                    engine.image_resolve(&proj::image_of(&project, svc)).map(|i| i.id.clone()).unwrap_or_default();
                let changed = label(c, proj::CONFIG_HASH) != Some(hash.as_str())
                    || label(c, "com.docker.compose.image").is_some_and(|i| i != image_id);
                if (force || changed) && !never {
                    let id = container_id(c);
                    prog.event(&id, Status::Working, "Recreate", t0);
                    let _ = engine.container_stop(&c.id, None);
                    let _ = engine.container_remove(&c.id, true, false);
                    match create(engine, &project, svc, proj::number(c)) {
                        Ok(new_id) => {
                            prog.event(&id, Status::Done, "Recreated", t0 + 400);
                            to_start.push(new_id);
                        }
                        Err(e) => {
                            prog.event(&id, Status::Error, "Error", t0 + 400);
                            prog.print(&mut cx.out);
                            cx.fail(&e);
                            return Outcome::Done(cx.out);
                        }
                    }
                } else {
                    match c.status {
                        ContainerStatus::Running | ContainerStatus::Restarting | ContainerStatus::Paused => {
                            prog.event(&container_id(c), Status::Done, "Running", t0);
                        }
                        ContainerStatus::Created => to_start.push(c.id.clone()),
                        _ => {
                            prog.event(&container_id(c), Status::Done, "Created", t0);
                            to_start.push(c.id.clone());
                        }
                    }
                }
            }
            for n in existing.len() as u32..want {
                let number = (existing.iter().map(proj::number).max().unwrap_or(0)).max(n) + 1;
                let name = proj::container_name(&project, svc, number);
                prog.event(&format!("Container {name}"), Status::Working, "Creating", t0);
                created.push((svc.name.clone(), name));
                let _ = number;
            }
        }
        // The creates of one level happen together: every `Creating`, then every `Created`.
        for (svc_name, name) in created {
            let Some(svc) = project.service(&svc_name) else { continue };
            let number = name.rsplit('-').next().and_then(|n| n.parse().ok()).unwrap_or(1);
            let id = format!("Container {name}");
            match create(engine, &project, svc, number) {
                Ok(new_id) => {
                    prog.event(&id, Status::Done, "Created", t0 + CREATE_MS);
                    to_start.push(new_id);
                }
                Err(e) => {
                    prog.event(&id, Status::Error, "Error", t0 + CREATE_MS);
                    prog.print(&mut cx.out);
                    cx.fail(&e);
                    return Outcome::Done(cx.out);
                }
            }
        }
        clock.tick(CREATE_MS);
    }
    if no_start {
        prog.print(&mut cx.out);
        return Outcome::Done(cx.out);
    }
    if !detach {
        // Attached: the create view, then the containers' output.
        prog.print(&mut cx.out);
        return super::attach::up_attached(cx, engine, &project, &selected, to_start);
    }
    let started = start_levels(engine, &project, &selected, &to_start, &mut prog, &mut clock);
    prog.print(&mut cx.out);
    if let Err(e) = started {
        cx.fail(&e);
    }
    Outcome::Done(cx.out)
}

/// Creates the project's networks and the named volumes `services` use, if missing.
pub(super) fn ensure_networks_and_volumes(
    engine: &mut Engine,
    project: &Project,
    services: &[&str],
    prog: &mut Progress,
    clock: &mut Clock,
) -> Result<(), String> {
    let svcs: Vec<&Service> = services.iter().filter_map(|n| project.service(n)).collect();
    let t0 = clock.t;
    let mut any = false;
    for net in &project.networks {
        let used = svcs
            .iter()
            .any(|s| (s.networks.is_empty() && net.key == "default") || s.networks.iter().any(|(k, _)| *k == net.key));
        if !used || engine.network_resolve(&net.name).is_ok() {
            if used && net.external && engine.network_resolve(&net.name).is_err() {
                return Err(format!("network {} declared as external, but could not be found", net.name));
            }
            continue;
        }
        if net.external {
            return Err(format!("network {} declared as external, but could not be found", net.name));
        }
        let id = format!("Network {}", net.name);
        prog.event(&id, Status::Working, "Creating", t0);
        let req = NetworkCreateRequest {
            name: net.name.clone(),
            driver: net.driver.clone().unwrap_or_else(|| "bridge".to_string()),
            labels: labels(project, "network", &net.key),
            ..NetworkCreateRequest::default()
        };
        engine.network_create(req).map_err(|e| from_daemon(&e))?;
        prog.event(&id, Status::Done, "Created", t0 + NETWORK_MS);
        any = true;
    }
    for vol in &project.volumes {
        let used =
            svcs.iter().any(|s| s.volumes.iter().any(|m| m.kind == "volume" && m.source.as_deref() == Some(&vol.key)));
        if !used || engine.volume_inspect(&vol.name).is_ok() {
            continue;
        }
        if vol.external {
            return Err(format!("external volume \"{}\" not found", vol.name));
        }
        let id = format!("Volume \"{}\"", vol.name);
        prog.event(&id, Status::Working, "Creating", t0);
        let req = VolumeCreateRequest {
            name: vol.name.clone(),
            driver: vol.driver.clone().unwrap_or_else(|| "local".to_string()),
            labels: labels(project, "volume", &vol.key),
            ..VolumeCreateRequest::default()
        };
        engine.volume_create(req).map_err(|e| from_daemon(&e))?;
        prog.event(&id, Status::Done, "Created", t0);
    }
    if any {
        clock.tick(NETWORK_MS);
    }
    Ok(())
}

/// Creates service `svc`'s container number `number` (and connects its other networks).
pub(super) fn create(engine: &mut Engine, project: &Project, svc: &Service, number: u32) -> Result<String, String> {
    let image = proj::image_of(project, svc);
    let image_id = engine.image_resolve(&image).map(|i| i.id.clone()).map_err(|e| from_daemon(&e))?;
    let plan = proj::plan(project, svc, number, &image_id, None);
    let id =
        engine.container_create_exposing(Some(&plan.name), plan.config, &plan.expose).map_err(|e| from_daemon(&e))?;
    for (net, aliases) in plan.more_networks {
        engine.network_connect(&net, &id, aliases, None).map_err(|e| from_daemon(&e))?;
    }
    Ok(id)
}

/// Starts `ids` level by level, each service once its dependencies' conditions hold.
pub(super) fn start_levels(
    engine: &mut Engine,
    project: &Project,
    selected: &[&str],
    ids: &[String],
    prog: &mut Progress,
    clock: &mut Clock,
) -> Result<(), String> {
    let began = engine.now();
    for level in project.levels(selected) {
        let t0 = clock.t;
        let mut level_end = t0;
        for svc in &level {
            wait_dependencies(engine, project, svc, prog, clock, began)?;
            let start_at = clock.t.max(t0);
            let mine: Vec<Container> = proj::service_containers(engine, &project.name, &svc.name)
                .into_iter()
                .filter(|c| ids.contains(&c.id))
                .cloned()
                .collect();
            for c in mine {
                let id = container_id(&c);
                prog.event(&id, Status::Working, "Starting", start_at);
                match engine.container_start(&c.id) {
                    Ok(()) => prog.event(&id, Status::Done, "Started", start_at + START_MS),
                    Err(e) => {
                        prog.event(&id, Status::Error, "Error", start_at + START_MS);
                        return Err(from_daemon(&e));
                    }
                }
                level_end = level_end.max(start_at + START_MS);
            }
        }
        clock.t = level_end;
    }
    Ok(())
}

/// `waitDependencies`: each `service_healthy` dependency until its check passes (the
/// engine's clock runs on to each probe), each `service_completed_successfully` one until
/// it has exited 0.
fn wait_dependencies(
    engine: &mut Engine,
    project: &Project,
    svc: &Service,
    prog: &mut Progress,
    clock: &mut Clock,
    began: crate::env::SimTime,
) -> Result<(), String> {
    for d in &svc.depends_on {
        if d.condition == "service_started" || project.service(&d.service).is_none() {
            continue;
        }
        let deps: Vec<String> =
            proj::service_containers(engine, &project.name, &d.service).iter().map(|c| c.id.clone()).collect();
        for id in deps {
            let Some(name) = engine.container(&id).map(|c| c.name.clone()) else { continue };
            let ev = format!("Container {name}");
            prog.event(&ev, Status::Working, "Waiting", clock.t);
            for _ in 0..10_000 {
                let Some(c) = engine.container(&id) else { break };
                let elapsed = engine.now().saturating_sub(began) + clock.t;
                if d.condition == "service_completed_successfully" {
                    if c.is_running() {
                        match c.exit_at {
                            Some((t, _)) => engine.set_now(t),
                            None => return Err(format!("service {} didn't complete successfully", d.service)),
                        }
                        continue;
                    }
                    if c.exit_code != 0 {
                        prog.event(&ev, Status::Error, "Error", elapsed);
                        return Err(format!(
                            "service \"{}\" didn't complete successfully: exit {}",
                            d.service, c.exit_code
                        ));
                    }
                    prog.event(&ev, Status::Done, "Exited", elapsed);
                    break;
                }
                if !c.is_running() {
                    prog.event(&ev, Status::Error, "Error", elapsed);
                    return Err(format!("dependency failed to start: container {name} exited ({})", c.exit_code));
                }
                use crate::engine::container::HealthStatus;
                match c.health.as_ref().map(|h| h.status) {
                    Some(HealthStatus::Healthy) => {
                        prog.event(&ev, Status::Done, "Healthy", elapsed);
                        break;
                    }
                    Some(HealthStatus::Unhealthy) => {
                        prog.event(&ev, Status::Error, "Error", elapsed);
                        return Err(format!("dependency failed to start: container {name} is unhealthy"));
                    }
                    Some(HealthStatus::Starting) => match engine.health_next_change(&id) {
                        Some(t) => engine.set_now(t),
                        None => break,
                    },
                    None => {
                        prog.event(&ev, Status::Error, "Error", elapsed);
                        return Err(format!(
                            "dependency failed to start: container {name} has no healthcheck configured"
                        ));
                    }
                }
            }
            clock.t = clock.t.max(engine.now().saturating_sub(began) + clock.t);
        }
    }
    Ok(())
}

/// The selected services' containers (all when none are named), in dependency order.
fn ordered<'e>(engine: &'e Engine, project: Option<&Project>, name: &str, services: &[String]) -> Vec<&'e Container> {
    let all = proj::containers(engine, name, OneOff::Exclude);
    let mut picked: Vec<&Container> = all
        .into_iter()
        .filter(|c| services.is_empty() || label(c, proj::SERVICE).is_some_and(|s| services.iter().any(|x| x == s)))
        .collect();
    if let Some(p) = project {
        let order: Vec<&str> = p.start_order().iter().map(|s| s.name.as_str()).collect();
        let rank = |c: &&Container| {
            label(c, proj::SERVICE).and_then(|s| order.iter().position(|o| *o == s)).unwrap_or(usize::MAX)
        };
        crate::sort::sort_by(&mut picked, |a, b| rank(a).cmp(&rank(b)).then_with(|| a.name.cmp(&b.name)));
    }
    picked
}

/// `start`, `stop`, `restart`, `kill`, `pause`, `unpause`, `rm`.
pub fn lifecycle(cx: &mut Cx<'_, '_>, engine: &mut Engine, cmd: &str) {
    let Some((project, name)) = cx.project_for_services(engine) else { return };
    let args = cx.inv.args.clone();
    let f = cx.inv.flags.clone();
    let timeout: Option<i64> = (f.has("timeout") && f.is_set("timeout")).then(|| f.int("timeout")).flatten();
    let title = match cmd {
        "stop" => "Stopping",
        "restart" => "Restarting",
        "kill" => "Killing",
        "pause" => "Pausing",
        "rm" => "Removing",
        _ => "Running",
    };
    let mut prog = Progress::new(cx.mode(), title);
    let mut targets: Vec<Container> = ordered(engine, project.as_ref(), &name, &args).into_iter().cloned().collect();
    if matches!(cmd, "stop" | "kill" | "pause" | "rm") {
        targets.reverse();
    }
    let t = 0;
    let mut errors: Vec<String> = Vec::new();
    match cmd {
        "rm" => {
            let stop = f.bool("stop");
            let gone: Vec<Container> = targets.into_iter().filter(|c| stop || !c.is_running()).collect();
            if gone.is_empty() {
                cx.out.err("No stopped containers");
                return;
            }
            if !f.bool("force") {
                let names: Vec<&str> = gone.iter().map(|c| c.name.as_str()).collect();
                cx.out.out(format!("Going to remove {}", names.join(", ")));
            }
            for c in &gone {
                let id = container_id(c);
                if c.is_running() {
                    prog.event(&id, Status::Working, "Stopping", t);
                    let _ = engine.container_stop(&c.id, timeout);
                    prog.event(&id, Status::Done, "Stopped", t + 200);
                }
                prog.event(&id, Status::Working, "Removing", t);
                match engine.container_remove(&c.id, false, f.bool("volumes")) {
                    Ok(()) => prog.event(&id, Status::Done, "Removed", t + 100),
                    Err(e) => errors.push(from_daemon(&e)),
                }
            }
        }
        _ => {
            let started = engine.now();
            for c in &targets {
                let id = container_id(c);
                let t = engine.now().saturating_sub(started);
                let res = match cmd {
                    "start" if !c.is_running() => {
                        prog.event(&id, Status::Working, "Starting", t);
                        engine.container_start(&c.id).map(|_| "Started")
                    }
                    "stop" if c.is_running() => {
                        prog.event(&id, Status::Working, "Stopping", t);
                        engine.container_stop(&c.id, timeout).map(|_| "Stopped")
                    }
                    "restart" => {
                        prog.event(&id, Status::Working, "Restarting", t);
                        engine.container_restart(&c.id, timeout).map(|_| "Started")
                    }
                    "kill" if c.is_running() => {
                        prog.event(&id, Status::Working, "Killing", t);
                        engine.container_kill(&c.id, f.string("signal").unwrap_or("SIGKILL")).map(|_| "Killed")
                    }
                    "pause" if c.status == ContainerStatus::Running => {
                        prog.event(&id, Status::Working, "Pausing", t);
                        engine.container_pause(&c.id).map(|_| "Paused")
                    }
                    "unpause" if c.status == ContainerStatus::Paused => {
                        prog.event(&id, Status::Working, "Unpausing", t);
                        engine.container_unpause(&c.id).map(|_| "Unpaused")
                    }
                    _ => continue,
                };
                let elapsed = engine.now().saturating_sub(started) + 200;
                match res {
                    Ok(done) => prog.event(&id, Status::Done, done, elapsed),
                    Err(e) => {
                        prog.event(&id, Status::Error, "Error", elapsed);
                        errors.push(from_daemon(&e));
                    }
                }
            }
        }
    }
    prog.print(&mut cx.out);
    if let Some(e) = errors.first() {
        cx.fail(e);
    }
}

/// `down`: containers (dependants first), then networks, and with `-v` volumes, with
/// `--rmi` images.
pub fn down(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    let Some((project, name)) = cx.project_or_name() else { return };
    if cx.daemon_down(engine) {
        return;
    }
    let f = cx.inv.flags.clone();
    let rmi = f.string("rmi").unwrap_or("");
    if !matches!(rmi, "" | "all" | "local") {
        cx.fail(&format!("invalid value for --rmi: {}", crate::go::strconv::quote(rmi)));
        return;
    }
    let timeout: Option<i64> = (f.has("timeout") && f.is_set("timeout")).then(|| f.int("timeout")).flatten();
    let mut prog = Progress::new(cx.mode(), "Running");
    let mut containers: Vec<Container> = ordered(engine, project.as_ref(), &name, &[]).into_iter().cloned().collect();
    containers.reverse();
    let orphans: Vec<String> = containers
        .iter()
        .filter(|c| project.as_ref().is_some_and(|p| label(c, proj::SERVICE).is_none_or(|s| p.service(s).is_none())))
        .map(|c| c.name.clone())
        .collect();
    if !orphans.is_empty() && !f.bool("remove-orphans") {
        cx.out.err(logrus_warning(
            cx.host.now,
            &format!("Found orphan containers ([{}]) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.", orphans.join(" ")),
        ));
        containers.retain(|c| !orphans.contains(&c.name));
    }
    containers.extend(proj::containers(engine, &name, OneOff::Only).into_iter().cloned());
    let volumes = f.bool("volumes");
    let started = engine.now();
    let mut images: Vec<String> = Vec::new();
    for c in &containers {
        let id = container_id(c);
        images.push(c.config.image.clone());
        // Each container's stop begins when the ones depending on it have stopped.
        let begin = engine.now().saturating_sub(started);
        prog.event(&id, Status::Working, "Stopping", begin);
        let _ = engine.container_stop(&c.id, timeout);
        prog.event(&id, Status::Done, "Stopped", engine.now().saturating_sub(started) + 200);
        prog.event(&id, Status::Working, "Removing", engine.now().saturating_sub(started) + 200);
        let _ = engine.container_remove(&c.id, true, volumes);
        prog.event(&id, Status::Done, "Removed", engine.now().saturating_sub(started) + 300);
    }
    let t = engine.now().saturating_sub(started) + 300;
    let networks: Vec<String> = match &project {
        Some(p) => p.networks.iter().filter(|n| !n.external).map(|n| n.name.clone()).collect(),
        None => engine
            .networks()
            .filter(|n| n.labels.get(proj::PROJECT).map(String::as_str) == Some(name.as_str()))
            .map(|n| n.name.clone())
            .collect(),
    };
    for n in networks {
        if engine.network_resolve(&n).is_err() {
            continue;
        }
        let id = format!("Network {n}");
        prog.event(&id, Status::Working, "Removing", t);
        match engine.network_remove(&n) {
            Ok(()) => prog.event(&id, Status::Done, "Removed", t + 200),
            Err(e) => prog.event(&id, Status::Error, &e.to_string(), t + 200),
        }
    }
    if volumes {
        let vols: Vec<String> = match &project {
            Some(p) => p.volumes.iter().filter(|v| !v.external).map(|v| v.name.clone()).collect(),
            None => engine
                .volumes()
                .filter(|v| {
                    v.labels.as_ref().and_then(|l| l.get(proj::PROJECT)).map(String::as_str) == Some(name.as_str())
                })
                .map(|v| v.name.clone())
                .collect(),
        };
        for v in vols {
            if engine.volume_inspect(&v).is_err() {
                continue;
            }
            let id = format!("Volume {v}");
            prog.event(&id, Status::Working, "Removing", t);
            match engine.volume_remove(&v, false) {
                Ok(()) => prog.event(&id, Status::Done, "Removed", t),
                Err(e) => prog.event(&id, Status::Error, &e.to_string(), t),
            }
        }
    }
    if !rmi.is_empty() {
        let mut wanted: Vec<String> = match &project {
            Some(p) => p.services.iter().map(|s| proj::image_of(p, s)).collect(),
            None => images,
        };
        crate::sort::sort(&mut wanted);
        wanted.dedup();
        for image in wanted {
            let built = project
                .as_ref()
                .is_some_and(|p| p.services.iter().any(|s| s.image.is_none() && proj::image_of(p, s) == image));
            if rmi == "local" && !built {
                continue;
            }
            if engine.image_resolve(&image).is_err() {
                continue;
            }
            let id = format!("Image {image}");
            prog.event(&id, Status::Working, "Removing", t);
            match engine.image_remove(&image, false) {
                Ok(_) => prog.event(&id, Status::Done, "Removed", t),
                Err(e) => prog.event(&id, Status::Error, &e.to_string(), t),
            }
        }
    }
    prog.print(&mut cx.out);
}

/// `pull`: every service with an image (`build:`-only ones are skipped).
pub fn pull(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    let Some(project) = cx.load() else { return };
    let args = cx.inv.args.clone();
    let Some(selected) = cx.services(&project, &args) else { return };
    if !engine.daemon_running() {
        let image = project.services.iter().find_map(|s| s.image.clone()).unwrap_or_default();
        cx.fail(&format!("unable to get image '{image}': {DAEMON_DOWN}"));
        return;
    }
    let quiet = cx.inv.flags.bool("quiet");
    let mode = if quiet { Mode::Quiet } else { cx.mode() };
    let mut prog = Progress::new(mode, "Pulling");
    let mut clock = Clock::default();
    for name in &selected {
        if let Some(svc) = project.service(name) {
            if svc.image.is_none() {
                prog.event_with(&svc.name, None, "Skipped - No image to be pulled", Status::Done, "", 0);
            }
        }
    }
    let with_image: Vec<&str> =
        selected.iter().copied().filter(|n| project.service(n).is_some_and(|s| s.image.is_some())).collect();
    let res = pull_missing(cx, engine, &project, &with_image, &mut prog, &mut clock, true);
    prog.print(&mut cx.out);
    if let Err(e) = res {
        cx.fail(&e);
    }
}

/// `build`: every selected service with `build:`, whether or not its image is there.
pub fn build(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    let Some(project) = cx.load() else { return };
    let args = cx.inv.args.clone();
    let Some(selected) = cx.services(&project, &args) else { return };
    if cx.daemon_down(engine) {
        return;
    }
    let f = cx.inv.flags.clone();
    let opts =
        BuildOptions { which: Which::All, no_cache: f.bool("no-cache"), build_args: f.list("build-arg").to_vec() };
    let quiet = f.bool("quiet");
    let mode = if quiet { Mode::Quiet } else { cx.mode() };
    let mut prog = Progress::new(mode, "Building");
    let res = build_services(cx, engine, &project, &selected, &opts, &mut prog, 0);
    prog.print(&mut cx.out);
    if let Err(e) = res {
        cx.fail(&e);
    }
}
