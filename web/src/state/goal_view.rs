//! The goal-vs-current view of an exercise (Learn Git Branching's best idea, for Docker
//! objects): for every goal, the object it is about, what the goal wants and what the machine
//! has now, side by side.
//!
//! Only the aspects a goal asks about are described, so the two columns line up. Whether a
//! row is met comes from core's goal check (never recomputed here, so the ✔ always agrees
//! with the goal list). Pure over the snapshot; it must not touch the DOM.

use whalelab_core::course::{Condition, ContainerCondition, Exercise, GoalResult, ImageCondition, ImageRef, PortSpec};
use whalelab_core::snapshot::{ContainerView, ImageView, PortView, Snapshot};

use crate::i18n;

/// One row of the view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalRow {
    /// The object, e.g. `컨테이너 web`.
    pub object: String,
    /// What the goal wants, e.g. `running, 포트 8080→80`.
    pub want: String,
    /// What the machine has now, described the same way.
    pub have: String,
    /// Core's verdict for this goal.
    pub met: bool,
}

/// The rows for `exercise`, one per goal, with `results` from `Exercise::check` (same order).
pub fn goal_rows(exercise: &Exercise, results: &[GoalResult], snapshot: &Snapshot) -> Vec<GoalRow> {
    let mut rows = Vec::new();
    for (goal, result) in exercise.goals.iter().zip(results) {
        let (object, want, have) = describe(&goal.condition, result.met, snapshot);
        rows.push(GoalRow { object, want, have, met: result.met });
    }
    rows
}

fn describe(condition: &Condition, met: bool, snap: &Snapshot) -> (String, String, String) {
    let present = |yes: bool| if yes { i18n::GV_PRESENT } else { i18n::GV_ABSENT }.to_string();
    match condition {
        Condition::Container(c) => {
            let object = join2(i18n::GV_CONTAINER, &c.name);
            let have = match snap.container(&c.name) {
                None => i18n::GV_ABSENT.to_string(),
                Some(_) if !c.present => i18n::GV_PRESENT.to_string(),
                Some(view) => container_have(c, view),
            };
            let want = if c.present { container_want(c) } else { i18n::GV_ABSENT.to_string() };
            (object, want, have)
        }
        Condition::ContainerCount { count, image, state } => {
            let mut object = i18n::GV_CONTAINER_COUNT.to_string();
            if let Some(i) = image {
                object = format!("{object} ({i})");
            }
            if let Some(s) = state {
                object = format!("{object} ({})", s.as_str());
            }
            let n = snap
                .containers
                .iter()
                .filter(|c| image.as_ref().is_none_or(|i| ImageRef::parse(&c.image).is_ok_and(|r| &r == i)))
                .filter(|c| state.is_none_or(|s| c.status == s))
                .count();
            (object, count.to_string(), n.to_string())
        }
        Condition::Image { image, present: want } => {
            let tag = image.to_string();
            let found = snap.images.iter().any(|i| i.tags.contains(&tag));
            (join2(i18n::GV_IMAGE, &tag), present(*want), present(found))
        }
        Condition::ImageConfig(c) => {
            let tag = c.image.to_string();
            let have = match snap.images.iter().find(|i| i.tags.contains(&tag)) {
                None => i18n::GV_ABSENT.to_string(),
                Some(view) => image_have(c, view),
            };
            (join2(i18n::GV_IMAGE, &tag), image_want(c), have)
        }
        Condition::Hub { repo, tag, present: want } => {
            let found = snap.hub.iter().find(|r| &r.name == repo);
            let name = match tag {
                Some(t) => format!("{repo}:{t}"),
                None => repo.clone(),
            };
            let has = found.is_some_and(|r| tag.as_ref().is_none_or(|t| r.tags.contains(t)));
            (join2(i18n::GV_HUB, &name), present(*want), present(has))
        }
        Condition::Project(p) => {
            // What runs of the project, service by service (its containers' labels).
            let mut running: Vec<&str> = snap
                .containers
                .iter()
                .filter(|c| c.status == whalelab_core::snapshot::ContainerStatus::Running)
                .filter_map(|c| c.compose.as_ref().filter(|l| l.project == p.name).map(|l| l.key.as_str()))
                .collect();
            running.dedup();
            let any = snap.containers.iter().any(|c| c.compose.as_ref().is_some_and(|l| l.project == p.name));
            let want = if !p.present {
                present(false)
            } else if p.services.is_empty() {
                present(true)
            } else {
                p.services.join(", ")
            };
            let have = if running.is_empty() { present(any) } else { running.join(", ") };
            (join2(i18n::GV_PROJECT, &p.name), want, have)
        }
        Condition::ImageCount { count } => {
            (i18n::GV_IMAGE_COUNT.to_string(), count.to_string(), snap.images.len().to_string())
        }
        Condition::Volume { name, present: want } => {
            (join2(i18n::GV_VOLUME, name), present(*want), present(snap.volumes.iter().any(|v| &v.name == name)))
        }
        Condition::Network { name, present: want } => {
            (join2(i18n::GV_NETWORK, name), present(*want), present(snap.networks.iter().any(|n| &n.name == name)))
        }
        Condition::Daemon { running } => {
            let word = |on: bool| if on { "running" } else { "stopped" }.to_string();
            (i18n::GV_DAEMON.to_string(), word(*running), word(snap.daemon_running))
        }
        Condition::Curl { url, contains } => {
            let have = if met { join2(i18n::GV_CONTAINS, contains) } else { i18n::GV_NOT_YET.to_string() };
            (url.clone(), join2(i18n::GV_CONTAINS, contains), have)
        }
        Condition::Run { command, .. } => {
            let have = if met { i18n::GV_MATCHES } else { i18n::GV_NOT_YET };
            (command.clone(), i18n::GV_EXPECTED_OUTPUT.to_string(), have.to_string())
        }
    }
}

/// `컨테이너 web`.
fn join2(a: &str, b: &str) -> String {
    let mut s = String::with_capacity(a.len() + b.len() + 1);
    s.push_str(a);
    s.push(' ');
    s.push_str(b);
    s
}

fn container_want(c: &ContainerCondition) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(s) = c.state {
        parts.push(s.as_str().to_string());
    }
    if let Some(code) = c.exit_code {
        parts.push(join2(i18n::GV_EXIT_CODE, &code.to_string()));
    }
    if let Some(i) = &c.image {
        parts.push(join2(i18n::GV_IMAGE, &i.to_string()));
    }
    if let Some(ports) = &c.ports {
        parts.push(ports_text(ports.iter().map(spec_port)));
    }
    for e in &c.env {
        parts.push(e.clone());
    }
    for m in &c.mounts {
        parts.push(format!("{}:{}", m.source, m.destination));
    }
    for n in &c.networks {
        parts.push(join2(i18n::GV_NETWORK, n));
    }
    if let Some(f) = &c.file {
        parts.push(f.path.clone());
    }
    if parts.is_empty() {
        return i18n::GV_PRESENT.to_string();
    }
    parts.join(", ")
}

/// The same aspects as [`container_want`], read from the container.
fn container_have(c: &ContainerCondition, v: &ContainerView) -> String {
    let mut parts: Vec<String> = Vec::new();
    if c.state.is_some() {
        parts.push(v.status.as_str().to_string());
    }
    if c.exit_code.is_some() {
        parts.push(join2(i18n::GV_EXIT_CODE, &v.exit_code.to_string()));
    }
    if c.image.is_some() {
        parts.push(join2(i18n::GV_IMAGE, &v.image));
    }
    if c.ports.is_some() {
        parts.push(ports_text(v.ports.iter().map(view_port)));
    }
    for e in &c.env {
        let key = e.split('=').next().unwrap_or(e);
        let found = v.env.iter().find(|x| x.split('=').next() == Some(key));
        parts.push(found.cloned().unwrap_or_else(|| join2(key, i18n::GV_ABSENT)));
    }
    for m in &c.mounts {
        let found = v.mounts.iter().find(|x| x.destination == m.destination);
        parts.push(match found {
            Some(x) => format!("{}:{}", x.source, x.destination),
            None => join2(&m.destination, i18n::GV_ABSENT),
        });
    }
    for n in &c.networks {
        parts.push(if v.networks.contains(n) { join2(i18n::GV_NETWORK, n) } else { join2(n, i18n::GV_ABSENT) });
    }
    if let Some(f) = &c.file {
        parts.push(f.path.clone());
    }
    if parts.is_empty() {
        return i18n::GV_PRESENT.to_string();
    }
    parts.join(", ")
}

/// What an image goal asks of a built image, in Dockerfile words (`FROM nginx:alpine`).
fn image_want(c: &ImageCondition) -> String {
    let mut parts = vec![i18n::GV_BUILT.to_string()];
    if let Some(b) = &c.base {
        parts.push(join2("FROM", b));
    }
    for l in &c.labels {
        parts.push(join2("LABEL", l));
    }
    if let Some(cmd) = &c.cmd {
        parts.push(join2("CMD", &json_words(cmd)));
    }
    for p in &c.expose {
        parts.push(join2("EXPOSE", p));
    }
    parts.join(", ")
}

/// The same aspects as [`image_want`], read from the image.
fn image_have(c: &ImageCondition, v: &ImageView) -> String {
    let Some(from) = &v.built_from else { return i18n::GV_NOT_BUILT.to_string() };
    let mut parts = vec![i18n::GV_BUILT.to_string()];
    if c.base.is_some() {
        parts.push(join2("FROM", &from.name));
    }
    for l in &c.labels {
        let key = l.split('=').next().unwrap_or(l);
        let found = v.labels.iter().find(|x| x.split('=').next() == Some(key));
        parts.push(found.map(|x| join2("LABEL", x)).unwrap_or_else(|| join2(key, i18n::GV_ABSENT)));
    }
    if c.cmd.is_some() {
        parts.push(join2("CMD", &json_words(&v.cmd)));
    }
    for p in &c.expose {
        parts.push(if v.exposed.contains(p) { join2("EXPOSE", p) } else { join2(p, i18n::GV_ABSENT) });
    }
    parts.join(", ")
}

/// `["python","app.py"]`, near enough to how `docker image inspect` shows a CMD.
fn json_words(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
    format!("[{}]", quoted.join(","))
}

/// `8080→80` (with the address when one is pinned, `/udp` for UDP).
fn spec_port(p: &PortSpec) -> String {
    port(p.host_ip.as_deref(), p.host_port, p.container_port, &p.proto)
}

fn view_port(p: &PortView) -> String {
    let ip = (p.host_ip != "0.0.0.0" && !p.host_ip.is_empty()).then_some(p.host_ip.as_str());
    port(ip, p.host_port, p.container_port, &p.proto)
}

fn port(ip: Option<&str>, host: u16, container: u16, proto: &str) -> String {
    let mut s = String::new();
    if let Some(ip) = ip {
        s.push_str(ip);
        s.push(':');
    }
    s.push_str(&host.to_string());
    s.push('→');
    s.push_str(&container.to_string());
    if proto != "tcp" {
        s.push('/');
        s.push_str(proto);
    }
    s
}

/// `포트 8080→80, 8443→443`, or `포트 없음`.
fn ports_text(ports: impl Iterator<Item = String>) -> String {
    let list: Vec<String> = ports.collect();
    if list.is_empty() {
        return join2(i18n::GV_PORTS, i18n::GV_NONE);
    }
    join2(i18n::GV_PORTS, &list.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::exercise_status;
    use wasm_bindgen_test::wasm_bindgen_test;
    use whalelab_core::course::exercise::parse_exercise;
    use whalelab_core::{Session, SessionConfig};

    const EXERCISE: &str =
        "id = \"e\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker run -d --name web -p 8080:80 nginx\"]\n\n\
        [[goal]]\ncontainer = \"web\"\nstate = \"running\"\nports = [\"8080:80\"]\n\n\
        [[goal]]\nimage = \"httpd\"\npresent = false\n";

    #[wasm_bindgen_test(unsupported = test)]
    fn rows_compare_the_goal_with_the_machine() {
        let exercise = parse_exercise(EXERCISE, &|_| (1, 1)).expect("exercise");
        let mut session = Session::with_catalogue(SessionConfig::default(), crate::state::registry::shipped());
        let rows = |s: &Session| goal_rows(&exercise, &exercise_status(s, &exercise).goals, &s.snapshot());
        let before = rows(&session);
        assert_eq!(
            before[0],
            GoalRow {
                object: "컨테이너 web".into(),
                want: "running, 포트 8080→80".into(),
                have: "없음".into(),
                met: false
            }
        );
        assert_eq!((before[1].want.as_str(), before[1].have.as_str(), before[1].met), ("없음", "없음", true));
        let now = SessionConfig::default().start_time + 1000;
        session.run_line("docker run -d --name web -p 8081:80 nginx", now);
        let after = rows(&session);
        assert_eq!((after[0].have.as_str(), after[0].met), ("running, 포트 8081→80", false));
        session.run_line("docker rm -f web", now + 1000);
        session.run_line("docker run -d --name web -p 8080:80 nginx", now + 2000);
        let done = rows(&session);
        assert_eq!((done[0].have.as_str(), done[0].met), ("running, 포트 8080→80", true));
    }
}
