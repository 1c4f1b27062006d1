//! An ```` ```exercise ```` block's TOML → a typed [`Exercise`], with located errors.
//!
//! `toml_lite` parses and [`table`](super::table) reads the keys (an unknown key is an error,
//! not a silently ignored goal). A goal table is first read as a flat [`GoalSpec`] with every
//! key optional, then turned into one [`Condition`] here, where the rules about which keys go
//! together live. This file knows nothing of files or lines:
//! the caller passes a function that maps offsets in the block to line and column.

use super::pattern::Pattern;
use super::table::{self, Kind, Problem, Table};
use super::{
    Condition, ContainerCondition, Exercise, Expect, FileCheck, Goal, Hint, ImageCondition, ImageRef, MountSpec,
    PortSpec, ProjectCondition, SetupFile,
};
use crate::snapshot::ContainerStatus;
use crate::toml_lite::Item;

/// An error inside an exercise block: a byte range in the block's text and a Korean message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExerciseError {
    /// Where, as a byte offset into the block's TOML text.
    pub offset: usize,
    /// What is wrong, in Korean.
    pub message: String,
}

impl From<Problem> for ExerciseError {
    fn from(p: Problem) -> Self {
        ExerciseError { offset: p.offset, message: p.message }
    }
}

/// The keys of an exercise block.
const EXERCISE_KEYS: &[(&str, Kind, bool)] = &[
    ("id", Kind::Str, true),
    ("title", Kind::Str, true),
    ("prompt", Kind::Str, true),
    ("setup", Kind::Strs, false),
    ("file", Kind::Tables, false),
    ("solution", Kind::Strs, true),
    ("success", Kind::Str, false),
    ("goal", Kind::Tables, false),
    ("hint", Kind::Tables, false),
];

/// The keys of a `[[file]]` table.
const FILE_KEYS: &[(&str, Kind, bool)] = &[("path", Kind::Str, true), ("content", Kind::Str, true)];

/// The keys of a `[[hint]]` table.
const HINT_KEYS: &[(&str, Kind, bool)] = &[("text", Kind::Str, true), ("when", Kind::Table, false)];

/// Every key a goal (or a hint's `when`) may use; which ones go together is checked in
/// [`condition_from_spec`].
const GOAL_KEYS: &[(&str, Kind, bool)] = &[
    ("container", Kind::Str, false),
    ("containers", Kind::Count, false),
    ("image", Kind::Str, false),
    ("images", Kind::Count, false),
    ("volume", Kind::Str, false),
    ("network", Kind::Str, false),
    ("hub", Kind::Str, false),
    ("project", Kind::Str, false),
    ("services", Kind::Strs, false),
    ("volumes", Kind::Strs, false),
    ("daemon", Kind::Str, false),
    ("curl", Kind::Str, false),
    ("run", Kind::Str, false),
    ("present", Kind::Bool, false),
    ("state", Kind::Str, false),
    ("exit_code", Kind::Int, false),
    ("ports", Kind::Strs, false),
    ("env", Kind::Strs, false),
    ("mounts", Kind::Strs, false),
    ("networks", Kind::Strs, false),
    ("file", Kind::Str, false),
    ("contains", Kind::Str, false),
    ("expect", Kind::Str, false),
    ("expect_regex", Kind::Str, false),
    ("built", Kind::Bool, false),
    ("base", Kind::Str, false),
    ("labels", Kind::Strs, false),
    ("cmd", Kind::Strs, false),
    ("expose", Kind::Strs, false),
    ("message", Kind::Str, false),
];

/// A goal table (or a hint's `when`) as written: every key optional.
#[derive(Default)]
pub(crate) struct GoalSpec {
    container: Option<String>,
    containers: Option<u32>,
    image: Option<String>,
    images: Option<u32>,
    volume: Option<String>,
    network: Option<String>,
    hub: Option<String>,
    project: Option<String>,
    services: Option<Vec<String>>,
    volumes: Option<Vec<String>>,
    daemon: Option<String>,
    curl: Option<String>,
    run: Option<String>,
    present: Option<bool>,
    state: Option<String>,
    exit_code: Option<i32>,
    ports: Option<Vec<String>>,
    env: Option<Vec<String>>,
    mounts: Option<Vec<String>>,
    networks: Option<Vec<String>>,
    file: Option<String>,
    contains: Option<String>,
    expect: Option<String>,
    expect_regex: Option<String>,
    built: Option<bool>,
    base: Option<String>,
    labels: Option<Vec<String>>,
    cmd: Option<Vec<String>>,
    expose: Option<Vec<String>>,
    message: Option<String>,
}

impl GoalSpec {
    /// Reads a goal table; the kinds of its values are checked first.
    fn read(item: &Item) -> Result<GoalSpec, Problem> {
        let t = Table::read(item, GOAL_KEYS)?;
        // The kinds were checked: the counts fit.
        let count = |key: &str| t.int(key).and_then(|i| u32::try_from(i).ok());
        Ok(GoalSpec {
            container: t.str("container"),
            containers: count("containers"),
            image: t.str("image"),
            images: count("images"),
            volume: t.str("volume"),
            network: t.str("network"),
            hub: t.str("hub"),
            project: t.str("project"),
            services: t.strs("services"),
            volumes: t.strs("volumes"),
            daemon: t.str("daemon"),
            curl: t.str("curl"),
            run: t.str("run"),
            present: t.bool("present"),
            state: t.str("state"),
            exit_code: t.int("exit_code").and_then(|i| i32::try_from(i).ok()),
            ports: t.strs("ports"),
            env: t.strs("env"),
            mounts: t.strs("mounts"),
            networks: t.strs("networks"),
            file: t.str("file"),
            contains: t.str("contains"),
            expect: t.str("expect"),
            expect_regex: t.str("expect_regex"),
            built: t.bool("built"),
            base: t.str("base"),
            labels: t.strs("labels"),
            cmd: t.strs("cmd"),
            expose: t.strs("expose"),
            message: t.str("message"),
        })
    }
}

/// Parses an exercise block. `locate` maps a byte offset in `text` to a 1-based line and
/// column in the lesson file, so goals and hints can remember where they were written.
pub fn parse_exercise(text: &str, locate: &dyn Fn(usize) -> (u32, u32)) -> Result<Exercise, Vec<ExerciseError>> {
    let root = table::parse(text).map_err(|p| vec![p.into()])?;
    let spec = Table::read(&root, EXERCISE_KEYS).map_err(|p| vec![p.into()])?;
    let (id, solution) = (spec.str("id").unwrap_or_default(), spec.strs("solution").unwrap_or_default());
    let goal_items = spec.items("goal");
    let mut errors = Vec::new();
    if !is_identifier(&id) {
        errors.push(ExerciseError {
            offset: key_offset(text, "id"),
            message: format!("연습 문제 `id` 값 `{id}`에는 영어 소문자, 숫자, `-`만 쓸 수 있습니다."),
        });
    }
    if solution.is_empty() {
        errors.push(ExerciseError {
            offset: key_offset(text, "solution"),
            message: "`solution`에 모범 답안 명령을 하나 이상 써야 합니다.".to_string(),
        });
    }
    if goal_items.is_empty() {
        errors.push(ExerciseError {
            offset: 0, message: "연습 문제에 `[[goal]]`이 하나도 없습니다.".to_string()
        });
    }
    let mut goals = Vec::new();
    for item in goal_items {
        let offset = item.start;
        match GoalSpec::read(item).and_then(|g| {
            condition_from_spec(&g).map(|c| (c, g.message)).map_err(|message| Problem { offset, message })
        }) {
            Ok((condition, message)) => goals.push(Goal { condition, message, line: locate(offset).0 }),
            Err(p) => errors.push(p.into()),
        }
    }
    let mut files: Vec<SetupFile> = Vec::new();
    for item in spec.items("file") {
        match Table::read(item, FILE_KEYS) {
            Ok(f) => {
                let file = SetupFile {
                    path: f.str("path").unwrap_or_default(),
                    content: f.str("content").unwrap_or_default(),
                };
                match file_path_problem(&file.path, &files) {
                    Some(message) => errors.push(ExerciseError { offset: item.start, message }),
                    None => files.push(file),
                }
            }
            Err(p) => errors.push(p.into()),
        }
    }
    let mut hints = Vec::new();
    for item in spec.items("hint") {
        let offset = item.start;
        let hint = match Table::read(item, HINT_KEYS) {
            Ok(hint) => hint,
            Err(p) => {
                errors.push(p.into());
                continue;
            }
        };
        let when = match hint.items("when").first() {
            None => None,
            Some(w) => match GoalSpec::read(w) {
                Err(p) => {
                    errors.push(p.into());
                    continue;
                }
                Ok(w) if w.message.is_some() => {
                    errors.push(ExerciseError {
                        offset,
                        message: "힌트의 `when` 조건에는 `message`를 쓸 수 없습니다.".to_string(),
                    });
                    continue;
                }
                Ok(w) => match condition_from_spec(&w) {
                    Ok(c) => Some(c),
                    Err(message) => {
                        errors.push(ExerciseError { offset, message: format!("힌트의 `when` 조건: {message}") });
                        continue;
                    }
                },
            },
        };
        hints.push(Hint { text: hint.str("text").unwrap_or_default(), when, line: locate(offset).0 });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Exercise {
        id,
        title: spec.str("title").unwrap_or_default(),
        prompt: spec.str("prompt").unwrap_or_default(),
        files,
        setup: spec.strs("setup").unwrap_or_default(),
        solution,
        success: spec.str("success"),
        goals,
        hints,
        line: locate(0).0,
    })
}

/// What is wrong with a `[[file]]`'s path, if anything: it names a file (not a directory),
/// once per exercise.
fn file_path_problem(path: &str, earlier: &[SetupFile]) -> Option<String> {
    let p = path.trim();
    if p.is_empty() {
        return Some("`[[file]]`의 `path`가 비어 있습니다.".to_string());
    }
    if p != path
        || p.ends_with('/')
        || p.contains('\0')
        || p.split('/').next_back().is_some_and(|n| n == "." || n == "..")
    {
        return Some(format!(
            "`[[file]]`의 `path`는 파일 하나의 경로여야 합니다 (예: `site/index.html`, `/home/user/app/Dockerfile`): `{path}`"
        ));
    }
    if earlier.iter().any(|f| f.path == path) {
        return Some(format!("같은 파일을 두 번 만듭니다: `{path}`"));
    }
    None
}

/// Lesson and exercise ids: what is safe in a URL and a storage key.
pub(crate) fn is_identifier(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The offset of a top-level `key =` line, or 0 when it cannot be found.
fn key_offset(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return offset + (line.len() - t.len());
            }
        }
        offset += line.len();
    }
    0
}

/// The rules for one goal table (or hint condition): exactly one subject key, and only the
/// keys that make sense for it.
pub(crate) fn condition_from_spec(g: &GoalSpec) -> Result<Condition, String> {
    let subjects: Vec<&str> = [
        ("container", g.container.is_some()),
        ("containers", g.containers.is_some()),
        ("images", g.images.is_some()),
        ("volume", g.volume.is_some()),
        ("network", g.network.is_some()),
        ("hub", g.hub.is_some()),
        ("project", g.project.is_some()),
        ("daemon", g.daemon.is_some()),
        ("curl", g.curl.is_some()),
        ("run", g.run.is_some()),
    ]
    .into_iter()
    .filter_map(|(k, set)| set.then_some(k))
    .collect();
    let subject = match subjects.as_slice() {
        [] if g.image.is_some() => "image",
        [] => {
            return Err(
                "무엇을 확인할지 정하는 키가 없습니다. `container`, `containers`, `image`, `images`, `volume`, `network`, `hub`, `project`, `daemon`, `curl`, `run` 중 하나를 쓰세요."
                    .to_string(),
            )
        }
        [one] => one,
        many => {
            return Err(format!(
                "한 표에는 확인할 대상을 하나만 씁니다. 표를 나누세요. 지금 함께 있는 키: {}",
                many.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ))
        }
    };
    let allowed: &[&str] = match subject {
        "container" => {
            &["present", "state", "exit_code", "image", "ports", "env", "mounts", "networks", "file", "contains"]
        }
        "containers" => &["image", "state"],
        "image" => &["present", "built", "base", "labels", "cmd", "expose"],
        "volume" | "network" | "hub" => &["present"],
        "project" => &["present", "services", "ports", "networks", "volumes"],
        "curl" => &["contains"],
        "run" => &["expect", "expect_regex", "contains"],
        _ => &[],
    };
    let used = [
        ("present", g.present.is_some()),
        ("state", g.state.is_some()),
        ("exit_code", g.exit_code.is_some()),
        ("image", g.image.is_some() && subject != "image"),
        ("ports", g.ports.is_some()),
        ("env", g.env.is_some()),
        ("mounts", g.mounts.is_some()),
        ("networks", g.networks.is_some()),
        ("file", g.file.is_some()),
        ("contains", g.contains.is_some()),
        ("expect", g.expect.is_some()),
        ("expect_regex", g.expect_regex.is_some()),
        ("built", g.built.is_some()),
        ("base", g.base.is_some()),
        ("labels", g.labels.is_some()),
        ("cmd", g.cmd.is_some()),
        ("expose", g.expose.is_some()),
        ("services", g.services.is_some()),
        ("volumes", g.volumes.is_some()),
    ];
    for (key, set) in used {
        if set && !allowed.contains(&key) {
            return Err(format!("`{subject}` 표에는 쓸 수 없는 키입니다: `{key}`"));
        }
    }
    let present = g.present.unwrap_or(true);
    Ok(match subject {
        "container" => {
            let name = g.container.clone().unwrap_or_default();
            let name = name.strip_prefix('/').unwrap_or(&name).to_string();
            if name.is_empty() {
                return Err("`container`에 컨테이너 이름을 써야 합니다.".to_string());
            }
            let has_checks = g.state.is_some()
                || g.exit_code.is_some()
                || g.image.is_some()
                || g.ports.is_some()
                || g.env.is_some()
                || g.mounts.is_some()
                || g.networks.is_some()
                || g.file.is_some();
            if !present && has_checks {
                return Err("`present = false`(컨테이너가 없어야 함)와 다른 조건은 함께 쓸 수 없습니다.".to_string());
            }
            let file = match (&g.file, &g.contains) {
                (Some(path), Some(text)) => Some(FileCheck { path: path.clone(), contains: text.clone() }),
                (None, None) => None,
                (Some(_), None) => {
                    return Err("`file`에는 `contains`(파일에 들어 있어야 할 글자)를 함께 씁니다.".to_string())
                }
                (None, Some(_)) => return Err("`contains`는 `file`과 함께 씁니다.".to_string()),
            };
            Condition::Container(ContainerCondition {
                name,
                present,
                state: g.state.as_deref().map(parse_state).transpose()?,
                exit_code: g.exit_code,
                image: g.image.as_deref().map(ImageRef::parse).transpose()?,
                ports: g.ports.as_ref().map(|ps| ps.iter().map(|p| PortSpec::parse(p)).collect()).transpose()?,
                env: g.env.clone().unwrap_or_default(),
                mounts: g.mounts.iter().flatten().map(|m| MountSpec::parse(m)).collect::<Result<_, _>>()?,
                networks: g.networks.clone().unwrap_or_default(),
                file,
            })
        }
        "containers" => Condition::ContainerCount {
            count: g.containers.unwrap_or(0),
            image: g.image.as_deref().map(ImageRef::parse).transpose()?,
            state: g.state.as_deref().map(parse_state).transpose()?,
        },
        "image" => image_condition(g, present)?,
        "images" => Condition::ImageCount { count: g.images.unwrap_or(0) },
        "volume" => Condition::Volume { name: non_empty(g.volume.as_deref(), "volume")?, present },
        "network" => Condition::Network { name: non_empty(g.network.as_deref(), "network")?, present },
        "hub" => hub_condition(g.hub.as_deref().unwrap_or_default(), present)?,
        "project" => {
            let name = non_empty(g.project.as_deref(), "project")?;
            let has_checks = g.services.is_some() || g.ports.is_some() || g.networks.is_some() || g.volumes.is_some();
            if !present && has_checks {
                return Err("`present = false`(프로젝트가 없어야 함)와 다른 조건은 함께 쓸 수 없습니다.".to_string());
            }
            Condition::Project(ProjectCondition {
                name,
                present,
                services: g.services.clone().unwrap_or_default(),
                ports: g.ports.iter().flatten().map(|p| PortSpec::parse(p)).collect::<Result<_, _>>()?,
                networks: g.networks.clone().unwrap_or_default(),
                volumes: g.volumes.clone().unwrap_or_default(),
            })
        }
        "daemon" => match g.daemon.as_deref() {
            Some("running") => Condition::Daemon { running: true },
            Some("stopped") => Condition::Daemon { running: false },
            Some(other) => return Err(format!("`daemon` 값은 `running`이나 `stopped`만 됩니다: `{other}`")),
            None => return Err("`daemon` 값이 없습니다.".to_string()),
        },
        "curl" => Condition::Curl {
            url: non_empty(g.curl.as_deref(), "curl")?,
            contains: g
                .contains
                .clone()
                .ok_or("`curl` 표에는 `contains`(응답에 들어 있어야 할 글자)를 함께 씁니다.")?,
        },
        _ => {
            let command = non_empty(g.run.as_deref(), "run")?;
            let expect = match (&g.expect, &g.expect_regex, &g.contains) {
                (Some(e), None, None) => Expect::Exact(e.clone()),
                (None, Some(r), None) => Expect::Regex(Pattern::new(r).map_err(|e| format!("{e}."))?),
                (None, None, Some(c)) => Expect::Contains(c.clone()),
                _ => {
                    return Err("`run` 표에는 `expect`, `expect_regex`, `contains` 중 정확히 하나를 씁니다.".to_string())
                }
            };
            Condition::Run { command, expect }
        }
    })
}

/// An `image` goal: present or absent, or, with any of `built`, `base`, `labels`, `cmd` and
/// `expose`, what `docker build` must have made of it.
fn image_condition(g: &GoalSpec, present: bool) -> Result<Condition, String> {
    let image = ImageRef::parse(g.image.as_deref().unwrap_or_default())?;
    let asks = g.built.is_some() || g.base.is_some() || g.labels.is_some() || g.cmd.is_some() || g.expose.is_some();
    if !asks {
        return Ok(Condition::Image { image, present });
    }
    if !present {
        return Err(
            "`present = false`(이미지가 없어야 함)와 `built`, `base`, `labels`, `cmd`, `expose`는 함께 쓸 수 없습니다."
                .to_string(),
        );
    }
    let base = match g.base.as_deref().map(str::trim) {
        None => None,
        Some("scratch") => Some("scratch".to_string()),
        Some(b) => Some(ImageRef::parse(b)?.to_string()),
    };
    let mut labels = Vec::new();
    for l in g.labels.iter().flatten() {
        if l.split('=').next().is_none_or(|k| k.trim().is_empty()) {
            return Err(format!("라벨은 `키=값`이나 `키` 모양으로 씁니다: `{l}`"));
        }
        labels.push(l.clone());
    }
    if g.cmd.as_ref().is_some_and(|c| c.is_empty()) {
        return Err("`cmd`에는 CMD의 exec 형식 낱말을 하나 이상 씁니다 (예: `[\"python\", \"app.py\"]`).".to_string());
    }
    let mut expose = Vec::new();
    for p in g.expose.iter().flatten() {
        expose.push(expose_spec(p)?);
    }
    // Asking for a base, a label, a CMD or a port of a built image is asking that it was built.
    let built = g.built.unwrap_or(true);
    if !built {
        return Err("`built = false`는 쓸 수 없습니다. 빌드한 이미지가 아니어도 되면 `built`를 빼세요.".to_string());
    }
    Ok(Condition::ImageConfig(ImageCondition { image, built, base, labels, cmd: g.cmd.clone(), expose }))
}

/// `80`, `80/tcp`, `53/udp` → `port/proto`, as EXPOSE writes it into the image.
fn expose_spec(p: &str) -> Result<String, String> {
    let bad = || format!("`expose`의 포트는 `80`, `80/tcp`, `53/udp` 모양으로 씁니다: `{p}`");
    let (port, proto) = p.trim().split_once('/').unwrap_or((p.trim(), "tcp"));
    if !matches!(proto, "tcp" | "udp" | "sctp") {
        return Err(bad());
    }
    match port.parse::<u16>() {
        Ok(n) if n > 0 => Ok(format!("{n}/{proto}")),
        _ => Err(bad()),
    }
}

/// A `hub` goal: `user/name` (any tag) or `user/name:tag`, as pushed to the practice hub.
fn hub_condition(name: &str, present: bool) -> Result<Condition, String> {
    let name = name.trim();
    let bad =
        || format!("`hub`에는 Docker Hub 저장소를 `사용자/이름`이나 `사용자/이름:태그` 모양으로 씁니다: `{name}`");
    let parsed = crate::engine::reference::ImageRef::parse(name).map_err(|_| bad())?;
    if parsed.domain != crate::engine::reference::DEFAULT_DOMAIN || parsed.digest.is_some() {
        return Err(bad());
    }
    let repo = parsed.familiar_repo();
    if !repo.contains('/') {
        return Err(bad());
    }
    Ok(Condition::Hub { repo, tag: parsed.tag.clone(), present })
}

fn non_empty(value: Option<&str>, key: &str) -> Result<String, String> {
    match value.map(str::trim) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(format!("`{key}` 값이 비어 있습니다.")),
    }
}

fn parse_state(s: &str) -> Result<ContainerStatus, String> {
    match ContainerStatus::parse(s) {
        Some(ContainerStatus::Removed) | None => Err(format!(
            "`state`에 쓸 수 없는 값입니다: `{s}`. `created`, `running`, `paused`, `restarting`, `exited`, `dead` 중 하나를 쓰세요."
        )),
        Some(state) => Ok(state),
    }
}

impl ImageRef {
    /// Normalizes what a learner may type: `httpd`, `httpd:latest`, `library/httpd`,
    /// `docker.io/library/httpd:latest` all become `httpd:latest`.
    pub fn parse(s: &str) -> Result<ImageRef, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("이미지 이름이 비어 있습니다.".to_string());
        }
        if s.contains('@') {
            return Err(format!("이미지 `{s}`: 목표에는 `@sha256:` 다이제스트 대신 `이름:태그`를 씁니다."));
        }
        // The engine's own reference grammar, so goals normalize names exactly as docker does.
        let parsed = crate::engine::reference::ImageRef::parse(s)
            .map_err(|_| format!("이미지 이름 `{s}`의 모양이 올바르지 않습니다 (예: `httpd`, `httpd:2.2`)."))?
            .with_default_tag();
        let tag = parsed.tag.clone().unwrap_or_else(|| "latest".to_string());
        Ok(ImageRef { repo: parsed.familiar_repo(), tag })
    }
}

impl std::fmt::Display for ImageRef {
    /// `repo:tag`, the short form `docker images` and the snapshot use.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.repo, self.tag)
    }
}

impl PortSpec {
    /// Parses `8080:80`, `8080:80/udp` or `127.0.0.1:8080:80`.
    pub fn parse(s: &str) -> Result<PortSpec, String> {
        let bad =
            || format!("포트는 `컴퓨터쪽포트:컨테이너쪽포트` 모양으로 씁니다 (예: `8080:80`, `8080:80/udp`): `{s}`");
        let (ports, proto) = match s.trim().split_once('/') {
            Some((p, proto @ ("tcp" | "udp" | "sctp"))) => (p, proto),
            Some(_) => return Err(bad()),
            None => (s.trim(), "tcp"),
        };
        let parts: Vec<&str> = ports.split(':').collect();
        let (ip, host, container) = match parts.as_slice() {
            [h, c] => (None, *h, *c),
            [ip, h, c] if !ip.is_empty() => (Some(ip.to_string()), *h, *c),
            _ => return Err(bad()),
        };
        let host_port: u16 = host.parse().map_err(|_| bad())?;
        let container_port: u16 = container.parse().map_err(|_| bad())?;
        if host_port == 0 || container_port == 0 {
            return Err(bad());
        }
        Ok(PortSpec { host_ip: ip, host_port, container_port, proto: proto.to_string() })
    }
}

impl std::fmt::Display for PortSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(ip) = &self.host_ip {
            write!(f, "{ip}:")?;
        }
        write!(f, "{}:{}", self.host_port, self.container_port)?;
        if self.proto != "tcp" {
            write!(f, "/{}", self.proto)?;
        }
        Ok(())
    }
}

impl MountSpec {
    /// Parses `source:/destination` (a trailing `:ro`/`:rw` is allowed and ignored).
    pub fn parse(s: &str) -> Result<MountSpec, String> {
        let bad = || format!("마운트는 `볼륨이름:/컨테이너안/경로` 모양으로 씁니다: `{s}`");
        let mut parts = s.trim().split(':');
        let source = parts.next().ok_or_else(bad)?.to_string();
        let destination = parts.next().ok_or_else(bad)?.to_string();
        match parts.next() {
            None | Some("ro" | "rw") => {}
            Some(_) => return Err(bad()),
        }
        if source.is_empty() || !destination.starts_with('/') || parts.next().is_some() {
            return Err(bad());
        }
        Ok(MountSpec { source, destination })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(offset: usize) -> (u32, u32) {
        (offset as u32, 1)
    }

    fn parse(text: &str) -> Result<Exercise, Vec<ExerciseError>> {
        parse_exercise(text, &locate)
    }

    fn errors(text: &str) -> Vec<String> {
        parse(text).err().unwrap_or_default().into_iter().map(|e| e.message).collect()
    }

    const HEAD: &str = "id = \"x\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps\"]\n";

    fn goal(body: &str) -> Result<Condition, String> {
        let text = format!("{HEAD}[[goal]]\n{body}\n");
        match parse(&text) {
            Ok(e) => Ok(e.goals[0].condition.clone()),
            Err(errs) => Err(errs[0].message.clone()),
        }
    }

    #[test]
    fn a_full_exercise() {
        let text = format!(
            "{HEAD}setup = [\"docker pull httpd\"]\nsuccess = \"좋아요\"\n\n[[goal]]\ncontainer = \"web\"\nstate = \"running\"\nports = [\"8080:80\"]\nmessage = \"m\"\n\n[[hint]]\ntext = \"h1\"\n\n[[hint]]\nwhen = {{ container = \"web\", state = \"exited\" }}\ntext = \"h2\"\n"
        );
        let e = parse(&text).unwrap();
        assert_eq!(e.id, "x");
        assert_eq!(e.setup, ["docker pull httpd"]);
        assert_eq!(e.success.as_deref(), Some("좋아요"));
        assert_eq!(e.goals.len(), 1);
        assert_eq!(e.goals[0].message.as_deref(), Some("m"));
        let Condition::Container(c) = &e.goals[0].condition else { panic!() };
        assert_eq!(c.state, Some(ContainerStatus::Running));
        assert_eq!(c.ports.as_deref().unwrap()[0].to_string(), "8080:80");
        assert_eq!(e.hints.len(), 2);
        assert!(e.hints[0].when.is_none());
        assert!(matches!(&e.hints[1].when, Some(Condition::Container(c)) if c.state == Some(ContainerStatus::Exited)));
        // Goal lines come from the span of the goal table.
        assert!(e.goals[0].line as usize > HEAD.len());
    }

    #[test]
    fn every_goal_form() {
        assert!(matches!(goal("container = \"web\"\npresent = false"), Ok(Condition::Container(c)) if !c.present));
        assert!(matches!(goal("containers = 0"), Ok(Condition::ContainerCount { count: 0, .. })));
        assert!(
            matches!(goal("image = \"docker.io/library/httpd\""), Ok(Condition::Image { image, present: true }) if image.to_string() == "httpd:latest")
        );
        assert!(matches!(goal("images = 2"), Ok(Condition::ImageCount { count: 2 })));
        assert!(matches!(goal("volume = \"data\"\npresent = false"), Ok(Condition::Volume { present: false, .. })));
        assert!(matches!(goal("network = \"net\""), Ok(Condition::Network { present: true, .. })));
        assert!(matches!(goal("daemon = \"stopped\""), Ok(Condition::Daemon { running: false })));
        assert!(matches!(
            goal("curl = \"http://localhost:8080\"\ncontains = \"It works!\""),
            Ok(Condition::Curl { .. })
        ));
        assert!(matches!(
            goal("run = \"docker ps -q\"\nexpect = \"\""),
            Ok(Condition::Run { expect: Expect::Exact(_), .. })
        ));
        assert!(matches!(
            goal("run = \"docker ps\"\ncontains = \"web\""),
            Ok(Condition::Run { expect: Expect::Contains(_), .. })
        ));
        assert!(matches!(
            goal("run = \"docker ps -q\"\nexpect_regex = '^[0-9a-f]{12}$'"),
            Ok(Condition::Run { expect: Expect::Regex(_), .. })
        ));
        let Ok(Condition::Container(c)) = goal(
            "container = \"db\"\nexit_code = 137\nimage = \"mysql:8\"\nenv = [\"A=1\", \"B\"]\nmounts = [\"data:/var/lib/mysql\"]\nnetworks = [\"net\"]\nfile = \"/etc/x\"\ncontains = \"y\"",
        ) else {
            panic!()
        };
        assert_eq!(c.image.unwrap().to_string(), "mysql:8");
        assert_eq!(c.exit_code, Some(137));
        assert_eq!(c.env, ["A=1", "B"]);
        assert_eq!(c.mounts[0], MountSpec { source: "data".into(), destination: "/var/lib/mysql".into() });
        assert_eq!(c.file.unwrap().contains, "y");
    }

    #[test]
    fn goal_rules_have_korean_messages() {
        assert!(goal("").unwrap_err().starts_with("무엇을 확인할지"));
        assert!(goal("container = \"a\"\nvolume = \"b\"").unwrap_err().contains("`container`, `volume`"));
        assert_eq!(
            goal("image = \"x\"\nstate = \"running\"").unwrap_err(),
            "`image` 표에는 쓸 수 없는 키입니다: `state`"
        );
        assert!(goal("container = \"a\"\nstate = \"sleeping\"").unwrap_err().contains("`sleeping`"));
        assert!(goal("container = \"a\"\npresent = false\nstate = \"running\"")
            .unwrap_err()
            .contains("present = false"));
        assert!(goal("container = \"a\"\nports = [\"80\"]").unwrap_err().ends_with(": `80`"));
        assert!(goal("run = \"docker ps\"").unwrap_err().contains("정확히 하나"));
        assert!(goal("run = \"docker ps\"\nexpect_regex = \"(a|b\"").unwrap_err().contains("괄호"));
        assert!(goal("curl = \"http://x\"").unwrap_err().contains("contains"));
        assert!(goal("daemon = \"on\"").unwrap_err().contains("`on`"));
        assert!(goal("image = \"HTTPD\"").unwrap_err().contains("`HTTPD`"));
        assert!(goal("container = \"a\"\nfile = \"/x\"").unwrap_err().contains("contains"));
    }

    #[test]
    fn image_build_and_hub_goals() {
        let Ok(Condition::ImageConfig(c)) = goal(
            "image = \"me/app:1\"\nbase = \"docker.io/library/node:20\"\nlabels = [\"a=b\", \"c\"]\ncmd = [\"node\", \"app.js\"]\nexpose = [\"3000\", \"53/udp\"]",
        ) else {
            panic!()
        };
        assert_eq!(c.image.to_string(), "me/app:1");
        assert!(c.built);
        assert_eq!(c.base.as_deref(), Some("node:20"));
        assert_eq!(c.labels, ["a=b", "c"]);
        assert_eq!(c.cmd.as_deref(), Some(&["node".to_string(), "app.js".to_string()][..]));
        assert_eq!(c.expose, ["3000/tcp", "53/udp"]);
        assert!(matches!(goal("image = \"x\"\nbuilt = true"), Ok(Condition::ImageConfig(c)) if c.base.is_none()));
        assert!(
            matches!(goal("image = \"x\"\nbase = \"scratch\""), Ok(Condition::ImageConfig(c)) if c.base.as_deref() == Some("scratch"))
        );
        assert!(matches!(goal("image = \"x\""), Ok(Condition::Image { .. })));
        assert_eq!(
            goal("hub = \"learner/app:1.0\""),
            Ok(Condition::Hub { repo: "learner/app".into(), tag: Some("1.0".into()), present: true })
        );
        assert_eq!(
            goal("hub = \"docker.io/learner/app\"\npresent = false"),
            Ok(Condition::Hub { repo: "learner/app".into(), tag: None, present: false })
        );
        assert!(goal("hub = \"app\"").unwrap_err().contains("`사용자/이름`"));
        assert!(goal("hub = \"localhost:5000/me/app\"").unwrap_err().contains("`사용자/이름`"));
        assert!(goal("image = \"x\"\npresent = false\ncmd = [\"sh\"]").unwrap_err().contains("present = false"));
        assert!(goal("image = \"x\"\nbuilt = false").unwrap_err().contains("built = false"));
        assert!(goal("image = \"x\"\nexpose = [\"http\"]").unwrap_err().ends_with(": `http`"));
        assert!(goal("image = \"x\"\nlabels = [\"=v\"]").unwrap_err().ends_with(": `=v`"));
        assert!(goal("image = \"x\"\ncmd = []").unwrap_err().contains("`cmd`"));
        assert!(goal("image = \"x\"\nbase = \"Bad\"").unwrap_err().contains("`Bad`"));
        assert_eq!(goal("hub = \"me/app\"\ncmd = [\"sh\"]").unwrap_err(), "`hub` 표에는 쓸 수 없는 키입니다: `cmd`");
        assert_eq!(
            goal("container = \"c\"\nbase = \"x\"").unwrap_err(),
            "`container` 표에는 쓸 수 없는 키입니다: `base`"
        );
    }

    #[test]
    fn setup_files() {
        let text = format!(
            "{HEAD}[[file]]\npath = \"site/index.html\"\ncontent = \"<h1>hi</h1>\\n\"\n[[file]]\npath = \"/home/user/Dockerfile\"\ncontent = \"\"\n[[goal]]\ncontainers = 0\n"
        );
        let e = parse(&text).unwrap();
        assert_eq!(e.files.len(), 2);
        assert_eq!((e.files[0].path.as_str(), e.files[0].content.as_str()), ("site/index.html", "<h1>hi</h1>\n"));
        let bad = |files: &str| errors(&format!("{HEAD}{files}[[goal]]\ncontainers = 0\n"));
        assert_eq!(bad("[[file]]\npath = \"\"\ncontent = \"x\"\n"), ["`[[file]]`의 `path`가 비어 있습니다."]);
        assert!(bad("[[file]]\npath = \"site/\"\ncontent = \"x\"\n")[0].ends_with(": `site/`"));
        assert!(bad("[[file]]\npath = \"a/..\"\ncontent = \"x\"\n")[0].ends_with(": `a/..`"));
        assert_eq!(
            bad("[[file]]\npath = \"a\"\ncontent = \"x\"\n[[file]]\npath = \"a\"\ncontent = \"y\"\n"),
            ["같은 파일을 두 번 만듭니다: `a`"]
        );
        assert_eq!(bad("[[file]]\npath = \"a\"\n"), ["꼭 있어야 하는 키가 빠졌습니다: `content`"]);
        assert!(
            bad("[[file]]\npath = \"a\"\ncontent = \"x\"\nmode = \"755\"\n")[0].starts_with("모르는 키 `mode`입니다.")
        );
    }

    #[test]
    fn serde_errors_become_korean() {
        let e = errors(&format!("{HEAD}[[goal]]\ncontainer = \"a\"\ncolour = \"red\"\n"));
        assert!(e[0].starts_with("모르는 키 `colour`입니다."), "{e:?}");
        let e = errors("id = \"x\"\ntitle = \"t\"\nprompt = \"p\"\n");
        assert_eq!(e, ["꼭 있어야 하는 키가 빠졌습니다: `solution`"]);
        let e = errors("id = \"x\"\ntitle = 3\n");
        assert!(e[0].starts_with("값의 종류가 맞지 않습니다"), "{e:?}");
        let e = errors("id = \"x\n");
        assert!(e[0].starts_with("TOML 문법 오류입니다"), "{e:?}");
        let e = errors(&format!(
            "{HEAD}[[hint]]\ntext = \"t\"\nwhen = {{ container = \"a\", message = \"m\" }}\n[[goal]]\ncontainers = 1\n"
        ));
        assert_eq!(e, ["힌트의 `when` 조건에는 `message`를 쓸 수 없습니다."]);
        let e = errors("id = \"X y\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = []\n");
        assert_eq!(e.len(), 3, "{e:?}");
    }

    #[test]
    fn unknown_key_points_at_the_key() {
        let text = format!("{HEAD}[[goal]]\ncontainer = \"a\"\ncolour = \"red\"\n");
        let err = &parse(&text).unwrap_err()[0];
        assert_eq!(&text[err.offset..err.offset + 6], "colour");
    }

    #[test]
    fn image_refs_normalize() {
        let r = |s: &str| ImageRef::parse(s).map(|r| r.to_string());
        assert_eq!(r("httpd").unwrap(), "httpd:latest");
        assert_eq!(r("library/httpd:2.2").unwrap(), "httpd:2.2");
        assert_eq!(r("docker.io/bitnami/redis:7").unwrap(), "bitnami/redis:7");
        assert!(r("").is_err() && r("a@sha256:00").is_err() && r("a:").is_err());
    }
}
