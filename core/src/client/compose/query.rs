//! The commands that only look: `ps`, `ls`, `images`, `top`, `port`, `config`, `version`,
//! each in compose v2.36.2's format (`cmd/compose/ps.go`, `list.go`, `images.go`, `top.go`,
//! `port.go`, `config.go`, `version.go`).

use super::project::{self as proj, label, OneOff};
use super::Cx;
use crate::client::container::{push_ports, push_status};
use crate::engine::container::Container;
use crate::engine::Engine;
use crate::go::strconv::quote as go_quote;
use crate::go::units as humanize;
use crate::output::table;
use crate::output::template::tabwrite;
use crate::snapshot::ContainerStatus;

/// `docker compose version`.
pub fn version(cx: &mut Cx<'_, '_>) {
    let f = &cx.inv.flags;
    let short = f.has("short") && f.bool("short");
    let json = f.has("format") && f.string("format") == Some("json");
    let line = if short {
        proj::VERSION.to_string()
    } else if json {
        format!("{{\"version\":\"v{}\"}}", proj::VERSION)
    } else {
        format!("Docker Compose version v{}", proj::VERSION)
    };
    cx.out.out(line);
}

/// `docker compose config`.
pub fn config(cx: &mut Cx<'_, '_>) {
    let Some(project) = cx.load() else { return };
    let f = cx.inv.flags.clone();
    let args = cx.inv.args.clone();
    let Some(selected) = cx.services(&project, &args) else { return };
    let keep: Vec<String> = project.with_dependencies(&selected).into_iter().map(str::to_string).collect();
    let mut project = project.clone();
    project.services.retain(|s| keep.contains(&s.name));
    if f.bool("services") {
        for s in &project.services {
            cx.out.out(s.name.clone());
        }
        return;
    }
    if f.bool("volumes") {
        for v in &project.volumes {
            cx.out.out(v.key.clone());
        }
        return;
    }
    if f.bool("images") {
        for s in &project.services {
            cx.out.out(proj::image_of(&project, s));
        }
        return;
    }
    if f.bool("quiet") {
        return;
    }
    match f.string("format").unwrap_or("yaml") {
        "" | "yaml" => {}
        "json" => {
            let line = "docker compose config --format json";
            cx.out.fail(&crate::client::command::unsupported(line), 1);
            return;
        }
        other => {
            cx.fail(&format!("unsupported format {}", go_quote(other)));
            return;
        }
    }
    cx.out.out_text(&super::config::render(&project));
}

/// `ps`'s rows: the project's containers (running ones unless `-a`).
fn listed<'e>(cx: &mut Cx<'_, '_>, engine: &'e Engine) -> Option<(String, Vec<&'e Container>)> {
    let (_, name) = cx.project_for_services(engine)?;
    let args = cx.inv.args.clone();
    let f = cx.inv.flags.clone();
    let all = f.bool("all");
    let mut statuses: Vec<String> = f.list("status").to_vec();
    if let Some(filter) = f.string("filter").filter(|s| !s.is_empty()) {
        match filter.split_once('=') {
            Some(("status", v)) => statuses.push(v.to_string()),
            _ => {
                cx.fail(&format!("unknown filter {}", filter.split('=').next().unwrap_or(filter)));
                return None;
            }
        }
    }
    let oneoff = if all { OneOff::Include } else { OneOff::Exclude };
    let cs: Vec<&Container> = proj::containers(engine, &name, oneoff)
        .into_iter()
        .filter(|c| args.is_empty() || label(c, proj::SERVICE).is_some_and(|s| args.iter().any(|a| a == s)))
        .filter(|c| {
            if !statuses.is_empty() {
                return statuses.iter().any(|s| s == c.status.as_str());
            }
            all || c.is_running()
        })
        .collect();
    Some((name, cs))
}

/// `docker compose ps`.
pub fn ps(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    let Some((_, cs)) = listed(cx, engine) else { return };
    let f = cx.inv.flags.clone();
    if f.bool("quiet") {
        for c in &cs {
            cx.out.out(c.id.clone());
        }
        return;
    }
    if f.bool("services") {
        let mut seen: Vec<&str> = Vec::new();
        for c in &cs {
            if let Some(s) = label(c, proj::SERVICE) {
                if !seen.contains(&s) {
                    seen.push(s);
                    cx.out.out(s.to_string());
                }
            }
        }
        return;
    }
    let format = f.string("format").unwrap_or("table");
    let now = engine.now();
    if format != "table" && !format.is_empty() {
        let line = format!("docker compose ps --format {format}");
        cx.out.fail(&crate::client::command::unsupported(&line), 1);
        return;
    }
    let mut rows =
        vec![["NAME", "IMAGE", "COMMAND", "SERVICE", "CREATED", "STATUS", "PORTS"].map(str::to_string).to_vec()];
    let trunc = !f.bool("no-trunc");
    for c in &cs {
        let command = c.command();
        let mut status = String::new();
        push_status(&mut status, c, now);
        let mut ports = String::new();
        push_ports(&mut ports, c);
        rows.push(vec![
            c.name.clone(),
            c.config.image.clone(),
            go_quote(&if trunc { table::ellipsis(&command, 20) } else { command }),
            label(c, proj::SERVICE).unwrap_or("").to_string(),
            humanize::ago(now.saturating_sub(c.created)),
            status,
            ports,
        ]);
    }
    for l in table::render(&rows) {
        cx.out.out(l);
    }
}

/// `docker compose ls`.
pub fn ls(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    if cx.daemon_down(engine) {
        return;
    }
    let f = cx.inv.flags.clone();
    let all = f.bool("all");
    let mut text = String::from("NAME\tSTATUS\tCONFIG FILES\n");
    let mut names = Vec::new();
    for name in proj::projects(engine) {
        let cs = proj::containers(engine, &name, OneOff::Exclude);
        if !all && !cs.iter().any(|c| c.status == ContainerStatus::Running) {
            continue;
        }
        let mut states: Vec<(&str, usize)> = Vec::new();
        for c in &cs {
            let s = c.status.as_str();
            match states.iter_mut().find(|(k, _)| *k == s) {
                Some((_, n)) => *n += 1,
                None => states.push((s, 1)),
            }
        }
        crate::sort::sort_by(&mut states, |a, b| a.0.cmp(b.0));
        let status: Vec<String> = states.iter().map(|(s, n)| format!("{s}({n})")).collect();
        let files = cs.first().and_then(|c| label(c, proj::CONFIG_FILES)).unwrap_or("");
        text.push_str(&format!("{name}\t{}\t{files}\n", status.join(", ")));
        names.push(name);
    }
    if f.bool("quiet") {
        for n in names {
            cx.out.out(n);
        }
        return;
    }
    cx.out.out_text(&tabwrite(&text, 20, 3));
}

/// `docker compose images`.
pub fn images(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    let Some((_, name)) = cx.project_for_services(engine) else { return };
    let args = cx.inv.args.clone();
    let quiet = cx.inv.flags.bool("quiet");
    let mut text = String::from("CONTAINER\tREPOSITORY\tTAG\tIMAGE ID\tSIZE\n");
    let mut ids: Vec<String> = Vec::new();
    for c in proj::containers(engine, &name, OneOff::Exclude) {
        if !args.is_empty() && !label(c, proj::SERVICE).is_some_and(|s| args.iter().any(|a| a == s)) {
            continue;
        }
        let Some(img) = engine.images().find(|i| i.id == c.image_id) else { continue };
        let (repo, tag) = match crate::engine::reference::ImageRef::parse(&c.config.image) {
            Ok(r) => {
                let r = r.with_default_tag();
                let familiar = r.familiar();
                let (repo, tag) = familiar.rsplit_once(':').unwrap_or((&familiar, "latest"));
                (repo.to_string(), tag.to_string())
            }
            Err(_) => (c.config.image.clone(), "latest".to_string()),
        };
        if quiet {
            let id = img.id.strip_prefix("sha256:").unwrap_or(&img.id).to_string();
            if !ids.contains(&id) {
                ids.push(id);
            }
            continue;
        }
        text.push_str(&format!("{}\t{repo}\t{tag}\t{}\t{}\n", c.name, img.short_id(), humanize::size(img.size)));
    }
    if quiet {
        for id in ids {
            cx.out.out(id);
        }
        return;
    }
    cx.out.out_text(&tabwrite(&text, 20, 3));
}

/// `docker compose top`.
pub fn top(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    let Some((_, name)) = cx.project_for_services(engine) else { return };
    let args = cx.inv.args.clone();
    let mut text = String::from("SERVICE\t#\tUID\tPID\tPPID\tC\tSTIME\tTTY\tTIME\tCMD\n");
    let mut any = false;
    for c in proj::containers(engine, &name, OneOff::Exclude) {
        if !c.is_running()
            || (!args.is_empty() && !label(c, proj::SERVICE).is_some_and(|s| args.iter().any(|a| a == s)))
        {
            continue;
        }
        let service = label(c, proj::SERVICE).unwrap_or("");
        let number = proj::number(c);
        for row in crate::client::container::top::ps_rows(engine, c) {
            any = true;
            text.push_str(&format!("{service}\t{number}\t{}\n", row.join("\t")));
        }
    }
    if any {
        cx.out.out_text(&tabwrite(&text, 4, 2));
    }
}

/// `docker compose port SERVICE PRIVATE_PORT`.
pub fn port(cx: &mut Cx<'_, '_>, engine: &mut Engine) {
    let Some((_, name)) = cx.project_or_name() else { return };
    if cx.daemon_down(engine) {
        return;
    }
    let args = cx.inv.args.clone();
    let f = cx.inv.flags.clone();
    let service = args.first().cloned().unwrap_or_default();
    let private = args.get(1).cloned().unwrap_or_default();
    let Ok(port) = private.parse::<u16>() else {
        cx.fail(&format!("invalid port {private}"));
        return;
    };
    let proto = f.string("protocol").unwrap_or("tcp").to_string();
    let index = f.int("index").unwrap_or(0).max(1) as u32;
    let cs = proj::service_containers(engine, &name, &service);
    let Some(c) = cs.iter().find(|c| proj::number(c) == index) else {
        cx.fail(&format!("service \"{service}\" is not running"));
        return;
    };
    match c.bindings.iter().find(|b| b.container_port == port && b.proto == proto) {
        Some(b) => cx.out.out(format!("{}:{}", b.host_ip, b.host_port)),
        None => cx.fail(&format!("no port {port}/{proto} for container {}: port is not exposed", c.name)),
    }
}
