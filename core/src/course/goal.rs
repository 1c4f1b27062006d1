//! Checking goals and hint conditions against a learner's machine.
//!
//! Goals compare *state*: the [`Snapshot`] for containers, images, volumes, networks and the
//! daemon, and, for `run`/`curl`/`file` goals, the output of a command run on a **clone** of
//! the learner's [`Session`], so checking never changes what the learner sees. Nothing here
//! looks at the commands the learner typed. Every result carries a Korean sentence saying
//! what is required and, when unmet, what is the case instead.

use super::{Condition, ContainerCondition, Exercise, Expect, ImageCondition, ImageRef, ProjectCondition};
use crate::env::SimTime;
use crate::snapshot::{ContainerStatus, ContainerView, Snapshot};
use crate::Session;

/// One goal's verdict, ready for the exercise panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalResult {
    /// Whether the goal holds now.
    pub met: bool,
    /// What the goal asks for, in Korean (the author's `message`, or a default sentence).
    pub message_ko: String,
    /// When unmet: what the machine shows instead (`지금 상태: exited`), in Korean.
    pub detail_ko: Option<String>,
}

/// The learner's machine at one moment, as the conditions see it.
pub struct Probe<'a> {
    session: &'a Session,
    now: SimTime,
    snapshot: Snapshot,
}

impl<'a> Probe<'a> {
    /// Looks at `session` as of `now` (the time used for commands run on its clone).
    pub fn new(session: &'a Session, now: SimTime) -> Self {
        Probe { session, now, snapshot: session.snapshot() }
    }

    /// The snapshot being checked.
    pub fn snapshot(&self) -> &Snapshot {
        &self.snapshot
    }

    /// Runs a line on a throwaway copy of the session and returns what a terminal would show
    /// (stdout and stderr in order, one line each).
    pub fn run(&self, line: &str) -> String {
        let mut copy = self.session.clone();
        let t = copy.run_line(line, self.now);
        t.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

impl Exercise {
    /// Every goal's verdict, in author order, at the session's current time.
    pub fn check(&self, session: &Session) -> Vec<GoalResult> {
        self.check_at(session, session.engine().now())
    }

    /// Like [`check`](Self::check) at an explicit time (the validator's replay clock).
    pub fn check_at(&self, session: &Session, now: SimTime) -> Vec<GoalResult> {
        let probe = Probe::new(session, now);
        self.goals
            .iter()
            .map(|g| {
                let outcome = g.condition.evaluate(&probe);
                GoalResult {
                    met: outcome.is_ok(),
                    message_ko: g.message.clone().unwrap_or_else(|| g.condition.describe_ko()),
                    detail_ko: outcome.err(),
                }
            })
            .collect()
    }

    /// Whether every goal holds.
    pub fn is_solved(&self, session: &Session) -> bool {
        self.check(session).iter().all(|r| r.met)
    }

    /// The hints that apply now, in author order: those without a condition and those whose
    /// `when` holds.
    pub fn hints(&self, session: &Session) -> Vec<&str> {
        let probe = Probe::new(session, session.engine().now());
        self.hints
            .iter()
            .filter(|h| h.when.as_ref().is_none_or(|c| c.evaluate(&probe).is_ok()))
            .map(|h| h.text.as_str())
            .collect()
    }

    /// The Korean text to show once solved.
    pub fn success_ko(&self) -> &str {
        self.success.as_deref().unwrap_or("모든 목표를 이뤘습니다. 잘했습니다!")
    }
}

impl Condition {
    /// `Ok(())` when the condition holds; otherwise a Korean note on what is there instead.
    pub fn evaluate(&self, probe: &Probe<'_>) -> Result<(), String> {
        let snap = probe.snapshot();
        match self {
            Condition::Container(c) => check_container(c, probe),
            Condition::ContainerCount { count, image, state } => {
                let n = snap
                    .containers
                    .iter()
                    .filter(|c| image.as_ref().is_none_or(|i| uses_image(snap, c, i)))
                    .filter(|c| state.is_none_or(|s| c.status == s))
                    .count();
                if n == *count as usize {
                    Ok(())
                } else {
                    Err(format!("지금은 {n}개입니다."))
                }
            }
            Condition::Image { image, present } => {
                let tag = image.to_string();
                let found = snap.images.iter().any(|i| i.tags.contains(&tag));
                match (found, present) {
                    (true, true) | (false, false) => Ok(()),
                    (false, true) => Err(format!("`{tag}` 이미지가 없습니다.")),
                    (true, false) => Err(format!("`{tag}` 이미지가 아직 있습니다.")),
                }
            }
            Condition::ImageConfig(c) => check_image(c, snap),
            Condition::Project(p) => check_project(p, snap),
            Condition::Hub { repo, tag, present } => {
                let found = snap.hub.iter().find(|r| &r.name == repo);
                let has = match tag {
                    None => found.is_some(),
                    Some(t) => found.is_some_and(|r| r.tags.contains(t)),
                };
                let name = hub_name(repo, tag.as_deref());
                match (has, present, found) {
                    (true, true, _) | (false, false, _) => Ok(()),
                    (false, true, Some(r)) => Err(format!("`{repo}` 저장소에 있는 태그: {}", r.tags.join(", "))),
                    (false, true, None) => Err(format!("연습용 Docker Hub에 `{name}` 이미지가 없습니다.")),
                    (true, false, _) => Err(format!("연습용 Docker Hub에 `{name}` 이미지가 아직 있습니다.")),
                }
            }
            Condition::ImageCount { count } => {
                let n = snap.images.len();
                if n == *count as usize {
                    Ok(())
                } else {
                    Err(format!("지금은 이미지가 {n}개입니다."))
                }
            }
            Condition::Volume { name, present } => {
                presence(snap.volumes.iter().any(|v| &v.name == name), *present, name, "볼륨")
            }
            Condition::Network { name, present } => {
                presence(snap.networks.iter().any(|n| &n.name == name), *present, name, "네트워크")
            }
            Condition::Daemon { running } => match (snap.daemon_running, running) {
                (true, true) | (false, false) => Ok(()),
                (false, true) => Err("도커 엔진이 꺼져 있습니다.".to_string()),
                (true, false) => Err("도커 엔진이 아직 켜져 있습니다.".to_string()),
            },
            Condition::Curl { url, contains } => {
                let out = probe.run(&format!("curl -s {}", crate::shell::quote_word(url)));
                if out.contains(contains.as_str()) {
                    Ok(())
                } else {
                    Err(format!("지금 응답: {}", excerpt(&out)))
                }
            }
            Condition::Run { command, expect } => {
                let out = probe.run(command);
                let ok = match expect {
                    Expect::Exact(e) => out.trim() == e.trim(),
                    Expect::Contains(c) => out.contains(c.as_str()),
                    Expect::Regex(p) => p.is_match(out.trim_end_matches('\n')),
                };
                if ok {
                    Ok(())
                } else {
                    Err(format!("지금 출력: {}", excerpt(&out)))
                }
            }
        }
    }

    /// The default Korean sentence for what this condition asks.
    pub fn describe_ko(&self) -> String {
        match self {
            Condition::Container(c) => describe_container(c),
            Condition::ContainerCount { count, image, state } => {
                let mut what = String::new();
                if let Some(i) = image {
                    what.push_str(&format!("`{i}` 이미지로 만든 "));
                }
                if let Some(s) = state {
                    what.push_str(&format!("상태가 {}인 ", state_ko(*s)));
                }
                if *count == 0 {
                    format!("{what}컨테이너가 하나도 없어야 합니다.")
                } else {
                    format!("{what}컨테이너가 정확히 {count}개 있어야 합니다.")
                }
            }
            Condition::Image { image, present: true } => format!("`{image}` 이미지가 있어야 합니다."),
            Condition::Image { image, present: false } => format!("`{image}` 이미지가 없어야 합니다."),
            Condition::ImageConfig(c) => describe_image(c),
            Condition::Project(p) => describe_project(p),
            Condition::Hub { repo, tag, present: true } => {
                format!("연습용 Docker Hub에 `{}` 이미지를 올려야 합니다.", hub_name(repo, tag.as_deref()))
            }
            Condition::Hub { repo, tag, present: false } => {
                format!("연습용 Docker Hub에 `{}` 이미지가 없어야 합니다.", hub_name(repo, tag.as_deref()))
            }
            Condition::ImageCount { count: 0 } => "이미지가 하나도 없어야 합니다.".to_string(),
            Condition::ImageCount { count } => format!("이미지가 정확히 {count}개 있어야 합니다."),
            Condition::Volume { name, present: true } => format!("`{name}` 볼륨이 있어야 합니다."),
            Condition::Volume { name, present: false } => format!("`{name}` 볼륨이 없어야 합니다."),
            Condition::Network { name, present: true } => format!("`{name}` 네트워크가 있어야 합니다."),
            Condition::Network { name, present: false } => format!("`{name}` 네트워크가 없어야 합니다."),
            Condition::Daemon { running: true } => "도커 엔진이 실행 중이어야 합니다.".to_string(),
            Condition::Daemon { running: false } => "도커 엔진이 멈춰 있어야 합니다.".to_string(),
            Condition::Curl { url, contains } => {
                format!("`{url}` 주소에 요청하면 응답에 다음 글자가 들어 있어야 합니다: `{contains}`")
            }
            Condition::Run { command, expect: Expect::Exact(e) } => {
                format!("`{command}` 명령의 출력이 다음과 같아야 합니다: `{}`", e.trim())
            }
            Condition::Run { command, expect: Expect::Contains(c) } => {
                format!("`{command}` 명령의 출력에 다음 글자가 들어 있어야 합니다: `{c}`")
            }
            Condition::Run { command, expect: Expect::Regex(p) } => {
                format!("`{command}` 명령의 출력이 다음 패턴에 맞아야 합니다: `{}`", p.as_str())
            }
        }
    }
}

/// A compose project's objects, found by compose's labels.
fn check_project(want: &ProjectCondition, snap: &Snapshot) -> Result<(), String> {
    fn of<'a>(c: &'a Option<crate::snapshot::ComposeLabels>, project: &str) -> Option<&'a String> {
        c.as_ref().filter(|l| l.project == project).map(|l| &l.key)
    }
    let of = |c| of(c, &want.name);
    let containers: Vec<&ContainerView> = snap.containers.iter().filter(|c| of(&c.compose).is_some()).collect();
    let networks: Vec<&String> = snap.networks.iter().filter_map(|n| of(&n.compose)).collect();
    let volumes: Vec<&String> = snap.volumes.iter().filter_map(|v| of(&v.compose)).collect();
    let name = &want.name;
    if !want.present {
        return match (containers.len(), networks.is_empty()) {
            (0, true) => Ok(()),
            (0, false) => Err(format!("`{name}` 프로젝트의 네트워크가 아직 있습니다.")),
            (n, _) => Err(format!("`{name}` 프로젝트의 컨테이너가 아직 {n}개 있습니다.")),
        };
    }
    if containers.is_empty() {
        return Err(format!("`{name}` 프로젝트의 컨테이너가 없습니다."));
    }
    let running: Vec<&&ContainerView> = containers.iter().filter(|c| c.status == ContainerStatus::Running).collect();
    let stopped: Vec<String> = want
        .services
        .iter()
        .filter(|s| !running.iter().any(|c| of(&c.compose) == Some(s)))
        .map(|s| format!("`{s}`"))
        .collect();
    if !stopped.is_empty() {
        return Err(format!("실행 중인 컨테이너가 없는 서비스: {}", stopped.join(", ")));
    }
    let missing: Vec<String> = want
        .ports
        .iter()
        .filter(|w| {
            !running.iter().flat_map(|c| &c.ports).any(|p| {
                p.host_port == w.host_port
                    && p.container_port == w.container_port
                    && p.proto == w.proto
                    && w.host_ip.as_ref().is_none_or(|ip| &p.host_ip == ip)
            })
        })
        .map(|w| format!("`{w}`"))
        .collect();
    if !missing.is_empty() {
        return Err(format!("프로젝트가 공개하지 않은 포트: {}", missing.join(", ")));
    }
    if let Some(n) = want.networks.iter().find(|n| !networks.contains(n)) {
        return Err(format!("`{name}` 프로젝트에 `{n}` 네트워크(`{name}_{n}`)가 없습니다."));
    }
    if let Some(v) = want.volumes.iter().find(|v| !volumes.contains(v)) {
        return Err(format!("`{name}` 프로젝트에 `{v}` 볼륨(`{name}_{v}`)이 없습니다."));
    }
    Ok(())
}

fn describe_project(p: &ProjectCondition) -> String {
    let name = &p.name;
    if !p.present {
        return format!("`{name}` 프로젝트를 내려서(`docker compose down`) 컨테이너와 네트워크가 남지 않아야 합니다.");
    }
    let mut parts = Vec::new();
    if !p.services.is_empty() {
        let list: Vec<String> = p.services.iter().map(|s| format!("`{s}`")).collect();
        parts.push(format!("서비스 {}가 실행 중", list.join(", ")));
    }
    if !p.ports.is_empty() {
        let list: Vec<String> = p.ports.iter().map(|s| format!("`{s}`")).collect();
        parts.push(format!("포트 {} 공개", list.join(", ")));
    }
    if !p.networks.is_empty() {
        let list: Vec<String> = p.networks.iter().map(|s| format!("`{s}`")).collect();
        parts.push(format!("네트워크 {}", list.join(", ")));
    }
    if !p.volumes.is_empty() {
        let list: Vec<String> = p.volumes.iter().map(|s| format!("`{s}`")).collect();
        parts.push(format!("볼륨 {}", list.join(", ")));
    }
    if parts.is_empty() {
        format!("`{name}` 프로젝트를 띄워야 합니다(`docker compose up`).")
    } else {
        format!("`{name}` 프로젝트를 띄워야 합니다: {}.", parts.join(", "))
    }
}

fn presence(found: bool, present: bool, name: &str, kind: &str) -> Result<(), String> {
    match (found, present) {
        (true, true) | (false, false) => Ok(()),
        (false, true) => Err(format!("`{name}` {kind}{} 없습니다.", subject_particle(kind))),
        (true, false) => Err(format!("`{name}` {kind}{} 아직 있습니다.", subject_particle(kind))),
    }
}

/// 이/가 for the two fixed nouns we use: 볼륨 ends in a consonant, 네트워크 in a vowel.
fn subject_particle(kind: &str) -> &'static str {
    if kind == "볼륨" {
        "이"
    } else {
        "가"
    }
}

/// `user/name` or `user/name:tag`.
fn hub_name(repo: &str, tag: Option<&str>) -> String {
    match tag {
        Some(t) => format!("{repo}:{t}"),
        None => repo.to_string(),
    }
}

/// An image `docker build` made, and what its config says.
fn check_image(want: &ImageCondition, snap: &Snapshot) -> Result<(), String> {
    let tag = want.image.to_string();
    let Some(img) = snap.images.iter().find(|i| i.tags.contains(&tag)) else {
        return Err(format!("`{tag}` 이미지가 없습니다."));
    };
    let Some(from) = &img.built_from else {
        return Err(format!("`{tag}` 이미지는 docker build로 만든 이미지가 아닙니다."));
    };
    if let Some(base) = &want.base {
        let have = match from.name.as_str() {
            "scratch" => "scratch".to_string(),
            name => ImageRef::parse(name).map(|r| r.to_string()).unwrap_or_else(|_| name.to_string()),
        };
        if &have != base {
            return Err(format!("지금 이미지의 FROM: `{}`", from.name));
        }
    }
    for l in &want.labels {
        let key = l.split_once('=').map_or(l.as_str(), |(k, _)| k);
        let have = img.labels.iter().find(|h| h.split_once('=').map_or(h.as_str(), |(k, _)| k) == key);
        match have {
            None => return Err(format!("없는 라벨: `{key}`")),
            Some(h) if l.contains('=') && h != l => return Err(format!("라벨 값이 다릅니다: `{h}`")),
            Some(_) => {}
        }
    }
    if let Some(cmd) = &want.cmd {
        // `CMD python app.py` (shell form) runs the same line as `CMD ["python", "app.py"]`.
        let shell_form = ["/bin/sh".to_string(), "-c".to_string(), cmd.join(" ")];
        if img.cmd != *cmd && img.cmd != shell_form {
            return Err(format!("지금 CMD: `{}`", json_words(&img.cmd)));
        }
    }
    for p in &want.expose {
        if !img.exposed.contains(p) {
            return Err(format!("EXPOSE하지 않은 포트: `{p}`"));
        }
    }
    Ok(())
}

/// Words as a JSON array, the way `docker image inspect` shows a CMD.
fn json_words(words: &[String]) -> String {
    serde_json::to_string(words).unwrap_or_default()
}

fn describe_image(c: &ImageCondition) -> String {
    let mut parts = vec!["docker build로 만든 이미지".to_string()];
    if let Some(b) = &c.base {
        parts.push(format!("FROM `{b}`"));
    }
    for l in &c.labels {
        parts.push(format!("라벨 `{l}`"));
    }
    if let Some(cmd) = &c.cmd {
        parts.push(format!("CMD `{}`", json_words(cmd)));
    }
    for p in &c.expose {
        parts.push(format!("EXPOSE `{p}`"));
    }
    format!("`{}` 이미지: {}", c.image, parts.join(", "))
}

fn check_container(want: &ContainerCondition, probe: &Probe<'_>) -> Result<(), String> {
    let snap = probe.snapshot();
    let found = snap.container(&want.name);
    let c = match (found, want.present) {
        (None, false) => return Ok(()),
        (Some(_), false) => return Err(format!("`{}` 컨테이너가 아직 있습니다.", want.name)),
        (None, true) => return Err(format!("`{}` 컨테이너가 없습니다.", want.name)),
        (Some(c), true) => c,
    };
    if let Some(s) = want.state {
        if c.status != s {
            return Err(format!("지금 상태: {}", state_ko(c.status)));
        }
    }
    if let Some(code) = want.exit_code {
        if c.exit_code != code {
            return Err(format!("지금 종료 코드: {}", c.exit_code));
        }
    }
    if let Some(image) = &want.image {
        if !uses_image(snap, c, image) {
            return Err(format!("지금 컨테이너의 이미지: `{}`", c.image));
        }
    }
    if let Some(ports) = &want.ports {
        if ports.is_empty() && !c.ports.is_empty() {
            let list: Vec<String> = c
                .ports
                .iter()
                .map(|p| format!("{}:{}->{}/{}", p.host_ip, p.host_port, p.container_port, p.proto))
                .collect();
            return Err(format!("공개된 포트가 있습니다: `{}`", list.join(", ")));
        }
        let missing: Vec<String> = ports
            .iter()
            .filter(|w| {
                !c.ports.iter().any(|p| {
                    p.host_port == w.host_port
                        && p.container_port == w.container_port
                        && p.proto == w.proto
                        && w.host_ip.as_ref().is_none_or(|ip| &p.host_ip == ip)
                })
            })
            .map(|w| format!("`{w}`"))
            .collect();
        if !missing.is_empty() {
            return Err(format!("연결되지 않은 포트: {}", missing.join(", ")));
        }
    }
    for e in &want.env {
        let ok = if e.contains('=') {
            c.env.iter().any(|have| have == e)
        } else {
            c.env.iter().any(|have| have.split_once('=').is_some_and(|(k, _)| k == e))
        };
        if !ok {
            let key = e.split_once('=').map_or(e.as_str(), |(k, _)| k);
            return match c.env.iter().find(|have| have.split_once('=').is_some_and(|(k, _)| k == key)) {
                Some(have) => Err(format!("환경 변수 값이 다릅니다: `{have}`")),
                None => Err(format!("없는 환경 변수: `{key}`")),
            };
        }
    }
    for m in &want.mounts {
        if !c.mounts.iter().any(|have| have.source == m.source && have.destination == m.destination) {
            return Err(format!("없는 마운트: `{}:{}`", m.source, m.destination));
        }
    }
    for n in &want.networks {
        if !c.networks.contains(n) {
            return Err(format!("연결되지 않은 네트워크: `{n}`"));
        }
    }
    if let Some(file) = &want.file {
        let out = probe.run(&format!(
            "docker exec {} cat {}",
            crate::shell::quote_word(&want.name),
            crate::shell::quote_word(&file.path)
        ));
        if !out.contains(file.contains.as_str()) {
            return Err(format!("`{}` 파일 내용: {}", file.path, excerpt(&out)));
        }
    }
    Ok(())
}

fn describe_container(c: &ContainerCondition) -> String {
    if !c.present {
        return format!("`{}` 컨테이너가 없어야 합니다.", c.name);
    }
    let mut parts = Vec::new();
    if let Some(s) = c.state {
        parts.push(format!("상태가 {}", state_ko(s)));
    }
    if let Some(code) = c.exit_code {
        parts.push(format!("종료 코드 {code}"));
    }
    if let Some(i) = &c.image {
        parts.push(format!("이미지는 `{i}`"));
    }
    match c.ports.as_deref() {
        Some([]) => parts.push("공개한 포트 없음".to_string()),
        Some(ps) => {
            parts.push(format!("포트 {} 연결", ps.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")))
        }
        None => {}
    }
    for e in &c.env {
        parts.push(format!("환경 변수 `{e}`"));
    }
    for m in &c.mounts {
        parts.push(format!("마운트 `{}:{}`", m.source, m.destination));
    }
    for n in &c.networks {
        parts.push(format!("`{n}` 네트워크에 연결"));
    }
    if let Some(f) = &c.file {
        parts.push(format!("`{}` 파일에 `{}` 포함", f.path, f.contains));
    }
    if parts.is_empty() {
        format!("`{}` 컨테이너가 있어야 합니다.", c.name)
    } else {
        format!("`{}` 컨테이너: {}", c.name, parts.join(", "))
    }
}

/// docker's state word with a Korean gloss: `running`(실행 중).
fn state_ko(s: ContainerStatus) -> String {
    let gloss = match s {
        ContainerStatus::Created => "생성됨",
        ContainerStatus::Running => "실행 중",
        ContainerStatus::Paused => "일시 정지",
        ContainerStatus::Restarting => "재시작 중",
        ContainerStatus::Exited => "정지",
        ContainerStatus::Dead => "고장",
        ContainerStatus::Removed => "삭제됨",
    };
    format!("`{}`({gloss})", s.as_str())
}

/// Whether a container was made from this image: the same image ID as the local image with
/// that tag (so `httpd` and `httpd:2.4` agree when they are one image), or, if that image is
/// gone, the same name as the learner wrote it.
fn uses_image(snap: &Snapshot, c: &ContainerView, want: &ImageRef) -> bool {
    let tag = want.to_string();
    if snap.images.iter().any(|i| i.id == c.image_id && i.tags.contains(&tag)) {
        return true;
    }
    ImageRef::parse(&c.image).is_ok_and(|r| &r == want)
}

/// The first lines of an output, short enough for a checklist.
fn excerpt(out: &str) -> String {
    let trimmed = out.trim();
    if trimmed.is_empty() {
        return "(출력 없음)".to_string();
    }
    let mut s: String = trimmed.lines().take(3).collect::<Vec<_>>().join(" / ");
    if s.chars().count() > 160 {
        s = s.chars().take(160).collect::<String>() + "…";
    } else if trimmed.lines().count() > 3 {
        s.push_str(" / …");
    }
    format!("`{s}`")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::exercise::parse_exercise;
    use crate::env::SECOND;
    use crate::SessionConfig;

    /// A session after running `lines`, one simulated second apart.
    fn session(lines: &[&str]) -> Session {
        let config = SessionConfig::default();
        let mut s = crate::catalogue::testing::session(config);
        for (i, line) in lines.iter().enumerate() {
            let t = s.run_line(line, config.start_time + (i as u64 + 1) * SECOND);
            assert_eq!(t.exit_code, 0, "{line}: {:?}", t.lines);
        }
        s
    }

    fn exercise(goals_and_hints: &str) -> Exercise {
        let text = format!("id = \"x\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps\"]\n{goals_and_hints}");
        parse_exercise(&text, &|_| (1, 1)).unwrap_or_else(|e| panic!("{e:?}"))
    }

    /// `(met, message, detail)` for every goal.
    fn check(goals: &str, lines: &[&str]) -> Vec<(bool, String, Option<String>)> {
        exercise(goals).check(&session(lines)).into_iter().map(|r| (r.met, r.message_ko, r.detail_ko)).collect()
    }

    fn met(goals: &str, lines: &[&str]) -> Vec<bool> {
        check(goals, lines).into_iter().map(|r| r.0).collect()
    }

    #[test]
    fn goals_compare_state_not_the_typed_command() {
        let goal = "[[goal]]\ncontainer = \"web\"\nstate = \"running\"\nimage = \"nginx\"\nports = [\"8080:80\"]\n";
        assert_eq!(met(goal, &["docker run -d --name web -p 8080:80 nginx"]), [true]);
        assert_eq!(met(goal, &["docker container run --publish=8080:80 --detach --name=web nginx:latest"]), [true]);
        assert_eq!(
            met(goal, &["docker pull nginx", "docker create --name web -p 8080:80 nginx", "docker start web"]),
            [true]
        );
        assert_eq!(met(goal, &["docker run -d --name web -p 8081:80 nginx"]), [false]);
        assert_eq!(met(goal, &["docker run -d --name web -p 8080:80 httpd"]), [false]);
    }

    #[test]
    fn unmet_goals_say_what_is_there_instead() {
        let goal = "[[goal]]\ncontainer = \"web\"\nstate = \"running\"\n";
        assert_eq!(
            check(goal, &[]),
            [(
                false,
                "`web` 컨테이너: 상태가 `running`(실행 중)".to_string(),
                Some("`web` 컨테이너가 없습니다.".to_string())
            )]
        );
        assert_eq!(
            check(goal, &["docker run -d --name web httpd", "docker stop web"])[0].2.as_deref(),
            Some("지금 상태: `exited`(정지)")
        );
        let with_message = "[[goal]]\ncontainer = \"web\"\nmessage = \"웹 서버를 띄우세요.\"\n";
        assert_eq!(check(with_message, &[])[0].1, "웹 서버를 띄우세요.");
    }

    #[test]
    fn container_details() {
        let run = ["docker run -d --name db -e MODE=1 -p 8080:80 httpd"];
        assert_eq!(met("[[goal]]\ncontainer = \"db\"\nenv = [\"MODE=1\"]\n", &run), [true]);
        assert_eq!(met("[[goal]]\ncontainer = \"db\"\nenv = [\"MODE\"]\n", &run), [true]);
        assert_eq!(
            check("[[goal]]\ncontainer = \"db\"\nenv = [\"MODE=2\"]\n", &run)[0].2.as_deref(),
            Some("환경 변수 값이 다릅니다: `MODE=1`")
        );
        assert_eq!(
            check("[[goal]]\ncontainer = \"db\"\nenv = [\"OTHER\"]\n", &run)[0].2.as_deref(),
            Some("없는 환경 변수: `OTHER`")
        );
        assert_eq!(met("[[goal]]\ncontainer = \"db\"\nports = []\n", &run), [false]);
        assert_eq!(met("[[goal]]\ncontainer = \"db\"\nports = []\n", &["docker run -d --name db httpd"]), [true]);
        assert_eq!(met("[[goal]]\ncontainer = \"db\"\npresent = false\n", &run), [false]);
        assert_eq!(met("[[goal]]\ncontainer = \"db\"\npresent = false\n", &[]), [true]);
        let kill = ["docker run -d --name a1 httpd", "docker kill a1"];
        assert_eq!(met("[[goal]]\ncontainer = \"a1\"\nexit_code = 137\n", &kill), [true]);
        assert_eq!(met("[[goal]]\ncontainer = \"a1\"\nexit_code = 0\n", &kill), [false]);
    }

    #[test]
    fn images_match_by_tag_and_by_id() {
        assert_eq!(met("[[goal]]\nimage = \"httpd\"\n", &["docker pull httpd"]), [true]);
        assert_eq!(met("[[goal]]\nimage = \"httpd:2.2\"\n", &["docker pull httpd"]), [false]);
        assert_eq!(met("[[goal]]\nimage = \"httpd\"\npresent = false\n", &[]), [true]);
        // `httpd:2.4` is the same image as `httpd:latest`, so a container from either passes.
        let goal = "[[goal]]\ncontainer = \"web\"\nimage = \"httpd\"\n";
        assert_eq!(met(goal, &["docker pull httpd", "docker run -d --name web httpd:2.4"]), [true]);
        assert_eq!(met(goal, &["docker run -d --name web httpd:2.2"]), [false]);
        assert_eq!(met("[[goal]]\nimages = 0\n", &[]), [true]);
        assert_eq!(met("[[goal]]\nimages = 2\n", &["docker pull httpd", "docker pull nginx"]), [true]);
    }

    /// A session where the learner wrote a Dockerfile (here-documents, as in the terminal)
    /// and ran `lines` after it.
    fn built(dockerfile: &str, lines: &[&str]) -> Vec<String> {
        let mut all = vec!["mkdir app".to_string(), "cd app".to_string(), "cat > Dockerfile <<'EOF'".to_string()];
        all.extend(dockerfile.lines().map(str::to_string));
        all.push("EOF".to_string());
        all.extend(lines.iter().map(|l| l.to_string()));
        all
    }

    #[test]
    fn built_images_by_base_label_cmd_and_port() {
        let df =
            "FROM nginx:alpine\nLABEL course=whalelab version=1\nEXPOSE 80\nCMD [\"nginx\", \"-g\", \"daemon off;\"]";
        let lines = built(df, &["docker build -t site:1 ."]);
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        let goal =
            "[[goal]]\nimage = \"site:1\"\nbase = \"nginx:alpine\"\nlabels = [\"course=whalelab\", \"version\"]\n\
                    cmd = [\"nginx\", \"-g\", \"daemon off;\"]\nexpose = [\"80\"]\n";
        assert_eq!(met(goal, &lines), [true]);
        assert_eq!(
            check(goal, &[])[0].1,
            "`site:1` 이미지: docker build로 만든 이미지, FROM `nginx:alpine`, 라벨 `course=whalelab`, 라벨 `version`, \
             CMD `[\"nginx\",\"-g\",\"daemon off;\"]`, EXPOSE `80/tcp`"
        );
        let detail = |goal: &str| check(goal, &lines)[0].2.clone();
        assert_eq!(
            detail("[[goal]]\nimage = \"site:1\"\nbase = \"httpd\"\n").as_deref(),
            Some("지금 이미지의 FROM: `nginx:alpine`")
        );
        assert_eq!(
            detail("[[goal]]\nimage = \"site:1\"\nlabels = [\"version=2\"]\n").as_deref(),
            Some("라벨 값이 다릅니다: `version=1`")
        );
        assert_eq!(
            detail("[[goal]]\nimage = \"site:1\"\nlabels = [\"owner\"]\n").as_deref(),
            Some("없는 라벨: `owner`")
        );
        assert_eq!(
            detail("[[goal]]\nimage = \"site:1\"\ncmd = [\"nginx\"]\n").as_deref(),
            Some("지금 CMD: `[\"nginx\",\"-g\",\"daemon off;\"]`")
        );
        assert_eq!(
            detail("[[goal]]\nimage = \"site:1\"\nexpose = [\"443\"]\n").as_deref(),
            Some("EXPOSE하지 않은 포트: `443/tcp`")
        );
        assert_eq!(
            detail("[[goal]]\nimage = \"site:2\"\nbuilt = true\n").as_deref(),
            Some("`site:2` 이미지가 없습니다.")
        );
        // A pulled image, or a tag of one, was not built.
        assert_eq!(
            check(
                "[[goal]]\nimage = \"web:1\"\nbuilt = true\n",
                &["docker pull nginx:alpine", "docker tag nginx:alpine web:1"]
            )[0]
            .2
            .as_deref(),
            Some("`web:1` 이미지는 docker build로 만든 이미지가 아닙니다.")
        );
        // The shell form of the same command line counts as that CMD.
        let shell = built("FROM busybox\nCMD echo hi", &["docker pull busybox", "docker build -t hi ."]);
        let shell: Vec<&str> = shell.iter().map(String::as_str).collect();
        assert_eq!(
            met("[[goal]]\nimage = \"hi\"\ncmd = [\"echo\", \"hi\"]\nbase = \"busybox:latest\"\n", &shell),
            [true]
        );
        let scratch = built("FROM scratch\nCOPY Dockerfile /", &["docker build -t bare ."]);
        let scratch: Vec<&str> = scratch.iter().map(String::as_str).collect();
        assert_eq!(met("[[goal]]\nimage = \"bare\"\nbase = \"scratch\"\n", &scratch), [true]);
    }

    #[test]
    fn hub_goals_see_what_was_pushed() {
        let lines = built(
            "FROM busybox\nCMD [\"echo\", \"hi\"]",
            &[
                "docker pull busybox",
                "docker build -t learner/hello:1.0 .",
                "docker login -u learner -p secret",
                "docker push learner/hello:1.0",
            ],
        );
        let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
        assert_eq!(met("[[goal]]\nhub = \"learner/hello\"\n", &lines), [true]);
        assert_eq!(met("[[goal]]\nhub = \"learner/hello:1.0\"\n", &lines), [true]);
        assert_eq!(
            check("[[goal]]\nhub = \"learner/hello:2.0\"\n", &lines)[0],
            (
                false,
                "연습용 Docker Hub에 `learner/hello:2.0` 이미지를 올려야 합니다.".to_string(),
                Some("`learner/hello` 저장소에 있는 태그: 1.0".to_string())
            )
        );
        assert_eq!(
            check("[[goal]]\nhub = \"learner/hello\"\n", &lines[..lines.len() - 1])[0].2.as_deref(),
            Some("연습용 Docker Hub에 `learner/hello` 이미지가 없습니다.")
        );
        assert_eq!(met("[[goal]]\nhub = \"learner/other\"\npresent = false\n", &lines), [true]);
    }

    #[test]
    fn project_goals_see_what_compose_made() {
        let up = [
            "mkdir shop && cd shop",
            "printf 'services:\\n  web:\\n    image: nginx\\n    ports:\\n      - \"8080:80\"\\n  db:\\n    image: redis\\n    volumes:\\n      - data:/data\\nvolumes:\\n  data:\\n' > compose.yaml",
            "docker compose up -d",
        ];
        let goal = "[[goal]]\nproject = \"shop\"\nservices = [\"web\", \"db\"]\nports = [\"8080:80\"]\nnetworks = [\"default\"]\nvolumes = [\"data\"]\n";
        assert_eq!(met(goal, &up), [true]);
        assert_eq!(met("[[goal]]\nproject = \"shop\"\n", &up), [true]);
        assert_eq!(
            check("[[goal]]\nproject = \"shop\"\nports = [\"9090:80\"]\n", &up)[0].2.as_deref(),
            Some("프로젝트가 공개하지 않은 포트: `9090:80`")
        );
        let mut stopped = up.to_vec();
        stopped.push("docker compose stop db");
        assert_eq!(check(goal, &stopped)[0].2.as_deref(), Some("실행 중인 컨테이너가 없는 서비스: `db`"));
        assert_eq!(
            check("[[goal]]\nproject = \"shop\"\npresent = false\n", &up)[0].2.as_deref(),
            Some("`shop` 프로젝트의 컨테이너가 아직 2개 있습니다.")
        );
        let mut down = up.to_vec();
        down.push("docker compose down");
        assert_eq!(met("[[goal]]\nproject = \"shop\"\npresent = false\n", &down), [true]);
        assert_eq!(
            check("[[goal]]\nproject = \"shop\"\n", &down)[0],
            (
                false,
                "`shop` 프로젝트를 띄워야 합니다(`docker compose up`).".to_string(),
                Some("`shop` 프로젝트의 컨테이너가 없습니다.".to_string())
            )
        );
        // `down` keeps named volumes; `down -v` removes them.
        assert_eq!(met("[[goal]]\nvolume = \"shop_data\"\n", &down), [true]);
    }

    #[test]
    fn counts_with_filters() {
        let lines = [
            "docker run -d --name w1 httpd",
            "docker run -d --name w2 httpd",
            "docker run -d --name n1 nginx",
            "docker stop w2",
        ];
        assert_eq!(met("[[goal]]\ncontainers = 3\n", &lines), [true]);
        assert_eq!(met("[[goal]]\ncontainers = 2\nimage = \"httpd\"\n", &lines), [true]);
        assert_eq!(met("[[goal]]\ncontainers = 1\nimage = \"httpd\"\nstate = \"running\"\n", &lines), [true]);
        assert_eq!(check("[[goal]]\ncontainers = 0\n", &lines)[0].2.as_deref(), Some("지금은 3개입니다."));
        assert_eq!(check("[[goal]]\ncontainers = 0\n", &lines)[0].1, "컨테이너가 하나도 없어야 합니다.");
    }

    #[test]
    fn run_goals_use_a_copy_of_the_session() {
        let s = session(&["docker run -d --name web httpd"]);
        let e = exercise("[[goal]]\nrun = \"docker rm -f web\"\ncontains = \"web\"\n[[goal]]\ncontainer = \"web\"\n");
        // The first goal removes `web` on its copy; the learner's `web` is still there.
        assert_eq!(e.check(&s).iter().map(|r| r.met).collect::<Vec<_>>(), [true, true]);
        assert!(s.snapshot().container("web").is_some());
        assert_eq!(
            met("[[goal]]\nrun = \"docker ps -q\"\nexpect_regex = '^[0-9a-f]{12}$'\n", &["docker run -d httpd"]),
            [true]
        );
        assert_eq!(
            met(
                "[[goal]]\nrun = \"docker ps -q\"\nexpect_regex = '^[0-9a-f]{12}$'\n",
                &["docker run -d httpd", "docker run -d httpd"]
            ),
            [false]
        );
        assert_eq!(met("[[goal]]\nrun = \"docker ps -aq\"\nexpect = \"\"\n", &[]), [true]);
    }

    #[test]
    fn hints_follow_the_state() {
        let e = exercise(
            "[[goal]]\ncontainer = \"web\"\nstate = \"running\"\n\
             [[hint]]\ntext = \"always\"\n\
             [[hint]]\nwhen = { container = \"web\", present = false }\ntext = \"missing\"\n\
             [[hint]]\nwhen = { container = \"web\", state = \"exited\" }\ntext = \"exited\"\n",
        );
        assert_eq!(e.hints(&session(&[])), ["always", "missing"]);
        assert_eq!(e.hints(&session(&["docker run -d --name web httpd", "docker stop web"])), ["always", "exited"]);
        assert_eq!(e.hints(&session(&["docker run -d --name web httpd"])), ["always"]);
        assert!(e.is_solved(&session(&["docker run -d --name web httpd"])));
        assert!(!e.is_solved(&session(&[])));
        assert_eq!(e.success_ko(), "모든 목표를 이뤘습니다. 잘했습니다!");
    }
}
