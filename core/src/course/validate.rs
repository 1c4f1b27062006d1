//! The course-wide lints behind `whalelab check` and the site's `check.html` page.
//!
//! Input is every content file the caller could load (`SUMMARY.md`, `lessons/*.md`, the practice
//! registry's `registry/**.toml`, checked by `catalogue::validate`); output is
//! a [`Report`] of located Korean diagnostics. Besides the parse errors of each file it checks
//! what only the whole course shows: the outline and the files agree, ids are unique, links
//! between lessons resolve, runnable lines are commands the terminal knows with images the
//! simulated registry has, and — learnGitBranching's `levels.spec.js` turned into a tool —
//! every exercise is replayed in a fresh [`Session`](crate::Session): its setup alone must not meet the goals,
//! and setup plus solution must meet them all. Pure: no files, no wall clock.

use super::diagnostic::Diagnostic;
use super::heredoc;
use super::lesson::{parse_lesson, ParsedLesson};
use super::source::SourceFile;
use super::summary::{parse_summary, Summary};
use super::{Block, Course, Exercise, Lesson, Part};
use crate::catalogue::Catalogue;
use crate::env::SECOND;
use crate::map::{Map, Set};
use crate::SessionConfig;

/// The outcome of checking a course.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every problem, grouped by file in course order.
    pub diagnostics: Vec<Diagnostic>,
    /// Lessons that loaded.
    pub lessons: u32,
    /// Exercises that loaded (each one replayed).
    pub exercises: u32,
}

impl Report {
    /// Whether any diagnostic is an error (the check command then exits 1).
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The closing line of the check command, in Korean.
    pub fn summary_ko(&self) -> String {
        let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
        let warnings = self.diagnostics.len() - errors;
        format!(
            "레슨 {}개, 연습 문제 {}개를 검사했습니다: 오류 {errors}개, 경고 {warnings}개.",
            self.lessons, self.exercises
        )
    }
}

/// The outline file's name at the content root.
pub const SUMMARY_PATH: &str = "SUMMARY.md";

/// Whether a path is a lesson file that must appear in the outline: `lessons/*.md` whose
/// name does not start with `_` (templates and drafts).
pub fn is_course_lesson_path(path: &str) -> bool {
    path.strip_prefix("lessons/")
        .is_some_and(|name| name.ends_with(".md") && !name.starts_with('_') && !name.contains('/'))
}

/// Loads the course the site shows: the outline's lessons in order, broken ones left out.
/// The diagnostics are the parse errors only; [`validate`] adds the course-wide checks.
pub fn load_course(files: &[SourceFile]) -> (Course, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let Some(summary_file) = files.iter().find(|f| f.path == SUMMARY_PATH) else {
        diagnostics.push(Diagnostic::error(
            SUMMARY_PATH,
            1,
            1,
            "SUMMARY.md 파일이 없습니다. 코스 목차가 있어야 합니다.",
        ));
        return (Course::default(), diagnostics);
    };
    let (summary, d) = parse_summary(summary_file);
    diagnostics.extend(d);
    let mut course = Course::default();
    for part in &summary.parts {
        let mut lessons = Vec::new();
        for entry in &part.lessons {
            if let Some(file) = files.iter().find(|f| f.path == entry.path) {
                let parsed = parse_lesson(file);
                diagnostics.extend(parsed.diagnostics);
                lessons.extend(parsed.lesson);
            }
        }
        course.parts.push(Part { title: part.title.clone(), lessons });
    }
    (course, diagnostics)
}

/// Runs every check over the loaded content files.
pub fn validate(files: &[SourceFile]) -> Report {
    let mut report = Report::default();
    // The practice registry first: lessons and exercises use its images.
    let (catalogue, diagnostics) = crate::catalogue::validate::check(files);
    report.diagnostics.extend(diagnostics);
    let by_path: Map<&str, &SourceFile> = files.iter().map(|f| (f.path.as_str(), f)).collect();

    // The outline, and its agreement with the files.
    let summary = match by_path.get(SUMMARY_PATH) {
        Some(file) => {
            let (summary, d) = parse_summary(file);
            report.diagnostics.extend(d);
            summary
        }
        None => {
            report.diagnostics.push(Diagnostic::error(
                SUMMARY_PATH,
                1,
                1,
                "SUMMARY.md 파일이 없습니다. 코스 목차가 있어야 합니다.",
            ));
            Summary::default()
        }
    };
    let mut listed: Map<&str, u32> = Map::new();
    for entry in summary.entries() {
        if let Some(first) = listed.get(entry.path.as_str()) {
            report.diagnostics.push(Diagnostic::error(
                SUMMARY_PATH,
                entry.line,
                1,
                format!(
                    "이미 목차 {first}번째 줄에 있는 레슨입니다. 한 레슨은 목차에 한 번만 씁니다: `{}`",
                    entry.path
                ),
            ));
            continue;
        }
        listed.insert(entry.path.as_str(), entry.line);
        if !by_path.contains_key(entry.path.as_str()) {
            report.diagnostics.push(Diagnostic::error(
                SUMMARY_PATH,
                entry.line,
                1,
                format!("목차에 있는 `{}` 파일이 없습니다.", entry.path),
            ));
        }
    }
    for file in files {
        if is_course_lesson_path(&file.path) && !listed.contains_key(file.path.as_str()) {
            report.diagnostics.push(Diagnostic::error(
                &file.path,
                1,
                1,
                "SUMMARY.md 목차에 없는 레슨 파일입니다. 목차에 한 줄을 더하거나, 초안이라면 파일 이름을 `_`로 시작하게 바꾸세요.",
            ));
        }
    }

    // Every lesson file: the listed ones in course order, then templates and drafts.
    let mut order: Vec<&SourceFile> = Vec::new();
    let mut seen: Set<&str> = Set::new();
    for entry in summary.entries() {
        if let Some(file) = by_path.get(entry.path.as_str()) {
            if seen.insert(file.path.as_str()) {
                order.push(file);
            }
        }
    }
    for file in files {
        if file.path.starts_with("lessons/") && file.path.ends_with(".md") && seen.insert(file.path.as_str()) {
            order.push(file);
        }
    }
    let mut lesson_ids: Map<String, String> = Map::new();
    let mut exercise_ids: Map<String, String> = Map::new();
    for file in order {
        let parsed = parse_lesson(file);
        let in_course = listed.contains_key(file.path.as_str());
        let ids = (&mut lesson_ids, &mut exercise_ids);
        check_lesson(&catalogue, file, &parsed, in_course, &by_path, ids, &mut report);
    }
    report
}

fn check_lesson(
    catalogue: &Catalogue,
    file: &SourceFile,
    parsed: &ParsedLesson,
    in_course: bool,
    by_path: &Map<&str, &SourceFile>,
    (lesson_ids, exercise_ids): (&mut Map<String, String>, &mut Map<String, String>),
    report: &mut Report,
) {
    let d = &mut report.diagnostics;
    d.extend(parsed.diagnostics.iter().cloned());
    let path = file.path.as_str();
    if let (Some(lesson), true) = (&parsed.lesson, in_course) {
        if let Some(other) = lesson_ids.insert(lesson.id.clone(), path.to_string()) {
            let line = key_line(file, "id");
            d.push(Diagnostic::error(
                path,
                line,
                1,
                format!("레슨 id `{}`: `{other}`에서 이미 쓰고 있습니다.", lesson.id),
            ));
        }
    }
    for link in &parsed.links {
        let target = resolve_link(path, &link.text);
        if !target.as_deref().is_some_and(|t| by_path.contains_key(t)) {
            d.push(Diagnostic::error(
                path,
                link.line,
                link.column,
                format!("링크가 가리키는 레슨 파일이 없습니다: `{}`", link.text),
            ));
        }
    }
    let mut commands = Commands::new(catalogue);
    for command in &parsed.commands {
        for message in commands.check(&command.text) {
            d.push(Diagnostic::error(path, command.line, command.column, message));
        }
    }
    let Some(lesson) = &parsed.lesson else { return };
    report.lessons += u32::from(in_course);
    for exercise in exercises(lesson) {
        report.exercises += u32::from(in_course);
        if in_course {
            if let Some(other) = exercise_ids.insert(exercise.id.clone(), path.to_string()) {
                report.diagnostics.push(Diagnostic::error(
                    path,
                    exercise.line,
                    1,
                    format!("연습 문제 id `{}`: `{other}`에서 이미 쓰고 있습니다.", exercise.id),
                ));
            }
        }
        check_exercise(catalogue, path, exercise, &mut report.diagnostics);
    }
}

fn exercises(lesson: &Lesson) -> impl Iterator<Item = &Exercise> {
    lesson.blocks.iter().filter_map(|b| match b {
        Block::Exercise(e) => Some(e),
        _ => None,
    })
}

/// The line of a front-matter key, for diagnostics about the value (1 if not found).
fn key_line(file: &SourceFile, key: &str) -> u32 {
    file.text
        .lines()
        .position(|l| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')))
        .map_or(1, |i| super::source::to_u32(i + 1))
}

/// Resolves a link written in `from` (a path under the content root) to a content path.
fn resolve_link(from: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Replays one exercise the way a learner would start it: a fresh machine, the setup, then
/// (for the check) the solution, one simulated second per command.
fn check_exercise(catalogue: &Catalogue, path: &str, exercise: &Exercise, diagnostics: &mut Vec<Diagnostic>) {
    let at = exercise.line;
    let name = &exercise.id;
    let mut sequence = Commands::new(catalogue);
    for (list, commands) in [("setup", &exercise.setup), ("solution", &exercise.solution)] {
        for (i, command) in commands.iter().enumerate() {
            for message in sequence.check(command) {
                diagnostics.push(Diagnostic::error(
                    path,
                    at,
                    1,
                    format!("연습 문제 `{name}`의 {list} {}번째 명령: {message}", i + 1),
                ));
            }
        }
    }
    // The learner's start, exactly: the site starts an exercise with the same function.
    let started = match exercise.start(SessionConfig::default(), catalogue) {
        Ok(started) => started,
        Err(files) => {
            // Only a catalogue missing files can get here (the validator's is whole).
            let files = files.join(", ");
            let message = format!("연습 문제 `{name}`: 연습용 레지스트리 파일을 읽지 못했습니다: {files}");
            diagnostics.push(Diagnostic::error(path, at, 1, message));
            return;
        }
    };
    let here = ExerciseAt { path, line: at, name };
    for (file, why) in &started.file_errors {
        diagnostics.push(Diagnostic::error(
            path,
            at,
            1,
            format!("연습 문제 `{name}`: `{file}` 파일을 만들 수 없습니다: {why}"),
        ));
    }
    for (i, (command, t)) in started.setup.iter().enumerate() {
        diagnostics.extend(report_failure(&here, "setup", i, command, t));
    }
    let (mut session, after_setup) = (started.session, started.now);
    let results = exercise.check_at(&session, after_setup);
    if results.iter().all(|r| r.met) {
        diagnostics.push(Diagnostic::error(
            path,
            at,
            1,
            format!("연습 문제 `{name}`: setup만 실행해도 모든 목표가 이미 이뤄져 있습니다. 학습자가 할 일이 남도록 목표나 setup을 고치세요."),
        ));
    }
    let mut now = after_setup;
    for (i, command) in exercise.solution.iter().enumerate() {
        now += SECOND;
        let t = session.run_line(command, now);
        diagnostics.extend(report_failure(&here, "solution", i, command, &t));
    }
    let after_solution = now;
    let results = exercise.check_at(&session, after_solution);
    for (goal, result) in exercise.goals.iter().zip(results) {
        if !result.met {
            let detail = result.detail_ko.map(|d| format!(" ({d})")).unwrap_or_default();
            diagnostics.push(Diagnostic::error(
                path,
                goal.line,
                1,
                format!(
                    "연습 문제 `{name}`: 모범 답안을 실행해도 이 목표가 이뤄지지 않습니다: {}{detail}",
                    result.message_ko
                ),
            ));
        }
    }
}

/// Which exercise a diagnostic is about, and where it is written.
struct ExerciseAt<'a> {
    path: &'a str,
    line: u32,
    name: &'a str,
}

/// The `i`-th command of the exercise's `list` (setup or solution), if it failed, as a
/// diagnostic at the exercise.
fn report_failure(
    at: &ExerciseAt<'_>,
    list: &str,
    i: usize,
    command: &str,
    t: &crate::Transcript,
) -> Option<Diagnostic> {
    let ExerciseAt { path, line, name } = *at;
    (t.exit_code != 0).then(|| {
        let first = failure_line(&t.lines);
        Diagnostic::error(
            path,
            line,
            1,
            format!(
                "연습 문제 `{name}`의 {list} {}번째 명령이 실패했습니다 (종료 코드 {}): `{command}` → {first}",
                i + 1,
                t.exit_code
            ),
        )
    })
}

/// The line of a failed command's output that best says why: the first one that reads like
/// an error (`docker run` prints `Unable to find image ...` before its real error), else the
/// first non-empty one.
fn failure_line(lines: &[crate::Line]) -> &str {
    let texts = || lines.iter().map(|l| l.text.trim()).filter(|l| !l.is_empty());
    texts()
        .find(|l| l.contains("rror") || l.starts_with("docker:") || l.contains("not found") || l.starts_with("unknown"))
        .or_else(|| texts().next())
        .unwrap_or("")
}

/// Commands the simulated terminal answers besides `docker`.
// TODO(lead): take this from the shell's own table of builtins and host commands.
pub const KNOWN_COMMANDS: &[&str] = &[
    "docker",
    "sudo",
    "systemctl",
    "curl",
    "echo",
    "printf",
    "clear",
    "history",
    "cat",
    "ls",
    "pwd",
    "true",
    "false",
    "exit",
    "grep",
    "wc",
    "head",
    "tail",
    "sleep",
    "whoami",
    "hostname",
    "cd",
    "export",
    "help",
    "mkdir",
    "touch",
    "rm",
    "date",
    "ping",
];

/// `docker`'s top-level commands and management objects (docker v28 `docker --help`).
const DOCKER_COMMANDS: &[&str] = &[
    "run",
    "exec",
    "ps",
    "build",
    "pull",
    "push",
    "images",
    "login",
    "logout",
    "search",
    "version",
    "info",
    "builder",
    "buildx",
    "checkpoint",
    "compose",
    "container",
    "context",
    "image",
    "manifest",
    "network",
    "plugin",
    "system",
    "trust",
    "volume",
    "config",
    "node",
    "secret",
    "service",
    "stack",
    "swarm",
    "attach",
    "commit",
    "cp",
    "create",
    "diff",
    "events",
    "export",
    "history",
    "import",
    "inspect",
    "kill",
    "load",
    "logs",
    "pause",
    "port",
    "rename",
    "restart",
    "rm",
    "rmi",
    "save",
    "start",
    "stats",
    "stop",
    "tag",
    "top",
    "unpause",
    "update",
    "wait",
];

/// Long flags of `docker run`/`create` that take a value (docker v28 `docker run --help`,
/// plus the hidden aliases `--net` and `--net-alias`).
// TODO(lead): ask the client's flag spec instead, once it exists.
const RUN_VALUE_FLAGS: &[&str] = &[
    "add-host",
    "annotation",
    "attach",
    "blkio-weight",
    "blkio-weight-device",
    "cap-add",
    "cap-drop",
    "cgroup-parent",
    "cgroupns",
    "cidfile",
    "cpu-count",
    "cpu-percent",
    "cpu-period",
    "cpu-quota",
    "cpu-rt-period",
    "cpu-rt-runtime",
    "cpu-shares",
    "cpus",
    "cpuset-cpus",
    "cpuset-mems",
    "detach-keys",
    "device",
    "device-cgroup-rule",
    "device-read-bps",
    "device-read-iops",
    "device-write-bps",
    "device-write-iops",
    "dns",
    "dns-option",
    "dns-search",
    "domainname",
    "entrypoint",
    "env",
    "env-file",
    "expose",
    "gpus",
    "group-add",
    "health-cmd",
    "health-interval",
    "health-retries",
    "health-start-interval",
    "health-start-period",
    "health-timeout",
    "hostname",
    "io-maxbandwidth",
    "io-maxiops",
    "ip",
    "ip6",
    "ipc",
    "isolation",
    "kernel-memory",
    "label",
    "label-file",
    "link",
    "link-local-ip",
    "log-driver",
    "log-opt",
    "mac-address",
    "memory",
    "memory-reservation",
    "memory-swap",
    "memory-swappiness",
    "mount",
    "name",
    "net",
    "net-alias",
    "network",
    "network-alias",
    "oom-score-adj",
    "pid",
    "pids-limit",
    "platform",
    "publish",
    "pull",
    "restart",
    "runtime",
    "security-opt",
    "shm-size",
    "stop-signal",
    "stop-timeout",
    "storage-opt",
    "sysctl",
    "tmpfs",
    "ulimit",
    "user",
    "userns",
    "uts",
    "volume",
    "volume-driver",
    "volumes-from",
    "workdir",
];

/// Short flags of `docker run`/`create` that take a value.
const RUN_VALUE_SHORT: &[char] = &['a', 'c', 'e', 'h', 'l', 'm', 'p', 'u', 'v', 'w'];

/// Checks one runnable line: it splits into words, each command in it is one the terminal
/// knows, and the images it runs or pulls exist in the simulated registry. Returns Korean
/// messages (empty when fine).
pub fn check_command(catalogue: &Catalogue, line: &str) -> Vec<String> {
    Commands::new(catalogue).check(line)
}

/// The lines of one sequence (a lesson's commands, an exercise's setup then solution), checked
/// in order: a here-document's body is text, not commands, and an image a line names with
/// `docker build -t`, `docker tag` or `docker commit` is a local one from then on, which later
/// lines may run without the registry having it.
pub struct Commands<'a> {
    catalogue: &'a Catalogue,
    /// The open here-document, whose lines are text until its delimiter line.
    heredoc: Option<heredoc::Opened>,
    /// Images made so far, as `repo:tag`.
    local: Set<String>,
}

impl<'a> Commands<'a> {
    /// A sequence checked against the practice registry `catalogue`.
    pub fn new(catalogue: &'a Catalogue) -> Self {
        Commands { catalogue, heredoc: None, local: Set::new() }
    }

    /// [`check_command`] for the next line of the sequence.
    pub fn check(&mut self, line: &str) -> Vec<String> {
        if let Some(open) = &self.heredoc {
            if open.ends_with(line) {
                self.heredoc = None;
            }
            return Vec::new();
        }
        let words = match split_words(line) {
            Ok(w) => w,
            Err(message) => return vec![message],
        };
        self.heredoc = heredoc::opened_by(&words);
        let mut problems = Vec::new();
        for segment in words.split(|w| matches!(w.as_str(), "|" | "&&" | "||" | ";")) {
            let mut argv = segment;
            while let Some(first) = argv.first() {
                if first == "sudo" {
                    argv = &argv[1..];
                } else {
                    break;
                }
            }
            let Some(command) = argv.first() else { continue };
            if command.contains('=') && !command.starts_with('=') {
                continue; // `NAME=value` assignment
            }
            if !KNOWN_COMMANDS.contains(&command.as_str()) {
                problems.push(format!("연습용 터미널이 모르는 명령입니다: `{command}`"));
                continue;
            }
            if command == "docker" {
                problems.extend(check_docker(self.catalogue, &argv[1..], &mut self.local));
            }
        }
        problems
    }
}

/// `repo:tag` of an image name, as goals and `docker images` write it.
fn local_name(image: &str) -> Option<String> {
    super::ImageRef::parse(image).ok().map(|r| r.to_string())
}

fn check_docker(catalogue: &Catalogue, args: &[String], local: &mut Set<String>) -> Vec<String> {
    // Skip global flags (`docker --debug ps`); `-v`/`--version`/`--help` end the line.
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.starts_with('-') {
            i += 1;
        } else {
            break;
        }
    }
    let Some(first) = args.get(i) else { return Vec::new() };
    if !DOCKER_COMMANDS.contains(&first.as_str()) {
        return vec![format!("docker에 없는 명령입니다: `docker {first}`")];
    }
    let rest = &args[i + 1..];
    // Images this line makes are local from now on.
    match (first.as_str(), rest.first().map(String::as_str)) {
        ("build", _) | ("image" | "buildx" | "builder", Some("build")) => {
            let mut words = rest.iter();
            while let Some(w) = words.next() {
                let tag = match w.as_str() {
                    "-t" | "--tag" => words.next().cloned(),
                    _ => w.strip_prefix("--tag=").or_else(|| w.strip_prefix("-t")).map(str::to_string),
                };
                local.extend(tag.as_deref().and_then(local_name));
            }
        }
        ("tag" | "commit", _) | ("image", Some("tag")) | ("container", Some("commit")) => {
            let operands: Vec<&String> = rest.iter().filter(|w| !w.starts_with('-')).collect();
            local.extend(operands.last().and_then(|w| local_name(w)));
        }
        _ => {}
    }
    let (verb, rest) = match (first.as_str(), rest.first().map(String::as_str)) {
        ("container", Some(v @ ("run" | "create"))) | ("image", Some(v @ "pull")) => (v, &rest[1..]),
        (v @ ("run" | "create" | "pull"), _) => (v, rest),
        _ => return Vec::new(),
    };
    let image = if verb == "pull" {
        first_operand(rest, &["platform"], &[])
    } else {
        first_operand(rest, RUN_VALUE_FLAGS, RUN_VALUE_SHORT)
    };
    match image {
        Some(image) if local_name(&image).is_some_and(|n| local.contains(&n)) => Vec::new(),
        Some(image) => check_image(catalogue, &image).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The first non-option word, skipping the values of value-taking flags.
fn first_operand(args: &[String], long_values: &[&str], short_values: &[char]) -> Option<String> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "--" {
            return args.get(i).cloned();
        }
        if let Some(long) = a.strip_prefix("--") {
            if !long.contains('=') && long_values.contains(&long) {
                i += 1;
            }
        } else if let Some(short) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            // `-dit`, `-dp 8080:80`, `-p8080:80`: a value flag takes the rest of the word,
            // or the next word when it is last in the cluster.
            for (k, c) in short.char_indices() {
                if short_values.contains(&c) {
                    if k + c.len_utf8() == short.len() {
                        i += 1;
                    }
                    break;
                }
            }
        } else {
            return Some(a.clone());
        }
    }
    None
}

/// An image a lesson runs must be one the simulated Docker Hub has.
fn check_image(catalogue: &Catalogue, image: &str) -> Option<String> {
    if image.contains('$') || image.contains('@') {
        return None; // computed or pinned by digest: nothing to check statically
    }
    let parsed = match crate::engine::reference::ImageRef::parse(image) {
        Ok(r) => r.with_default_tag(),
        Err(_) => return Some(format!("이미지 이름 `{image}`의 모양이 올바르지 않습니다.")),
    };
    let repo = parsed.familiar_repo();
    let tag = parsed.tag.clone().unwrap_or_else(|| "latest".to_string());
    if catalogue.has_tag(&repo, &tag) {
        return None;
    }
    Some(match catalogue.indexed(&repo) {
        Some(r) => {
            let tags: Vec<&str> = r.tags.iter().map(String::as_str).collect();
            format!("연습용 레지스트리의 `{repo}`에는 `{tag}` 태그가 없습니다. 있는 태그: {}", tags.join(", "))
        }
        None => format!("연습용 레지스트리에 `{repo}` 이미지가 없습니다."),
    })
}

/// Splits a line into words the way the shell will: quotes group, `$( ... )` stays one word,
/// `|`, `;`, `&&`, `||` stand alone. Unbalanced quotes or parentheses are an error.
pub(crate) fn split_words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    let mut depth = 0u32;
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => word.push(x),
                        None => return Err("작은따옴표(')가 닫히지 않았습니다.".to_string()),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => word.extend(chars.next()),
                        Some(x) => word.push(x),
                        None => return Err("큰따옴표(\")가 닫히지 않았습니다.".to_string()),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            '$' if chars.peek() == Some(&'(') => {
                in_word = true;
                word.push('$');
                word.extend(chars.next());
                depth += 1;
            }
            '(' if depth > 0 => {
                word.push(c);
                depth += 1;
            }
            ')' if depth > 0 => {
                word.push(c);
                depth -= 1;
            }
            c if depth > 0 => word.push(c),
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '|' | ';' | '&' => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
                let mut op = c.to_string();
                if (c == '|' || c == '&') && chars.peek() == Some(&c) {
                    op.push(c);
                    chars.next();
                }
                words.push(op);
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if depth > 0 {
        return Err("`$(`를 닫는 `)`가 없습니다.".to_string());
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson(id: &str, body: &str) -> String {
        format!("+++\nid = \"{id}\"\ntitle = \"제목\"\nsummary = \"소개\"\nminutes = 5\n+++\n{body}")
    }

    /// The validator's diagnostics for `files` plus the shipped practice registry.
    fn run(files: &[(&str, &str)]) -> Vec<String> {
        let mut files: Vec<SourceFile> = files.iter().map(|(p, t)| SourceFile::new(*p, *t)).collect();
        files.extend(registry_files());
        validate(&files).diagnostics.iter().map(ToString::to_string).collect()
    }

    fn registry_files() -> Vec<SourceFile> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/registry");
        crate::catalogue::testing::files(&dir)
            .into_iter()
            .map(|(p, t)| SourceFile::new(format!("registry/{p}"), t))
            .collect()
    }

    #[test]
    fn split_words_like_a_shell() {
        let w = |s: &str| split_words(s).unwrap();
        assert_eq!(w("docker  ps -a"), ["docker", "ps", "-a"]);
        assert_eq!(w("docker rm $(docker ps -qa)"), ["docker", "rm", "$(docker ps -qa)"]);
        assert_eq!(
            w("docker inspect -f '{{.State.Status}}' web"),
            ["docker", "inspect", "-f", "{{.State.Status}}", "web"]
        );
        assert_eq!(w("a|b&&c;d"), ["a", "|", "b", "&&", "c", ";", "d"]);
        assert_eq!(w("echo \"a b\" c\\ d"), ["echo", "a b", "c d"]);
        assert!(split_words("echo 'x").is_err());
        assert!(split_words("echo $(docker ps").is_err());
    }

    #[test]
    fn commands_and_images() {
        let catalogue = crate::catalogue::testing::full();
        let check = |line: &str| check_command(&catalogue, line);
        assert!(check("docker run --name apa000ex1 -d -p 8080:80 httpd").is_empty());
        assert!(check("docker container run --publish=8080:80 --detach --name=web nginx:latest").is_empty());
        assert!(check("docker run -dp 8080:80 httpd:2.2").is_empty());
        assert!(check("sudo systemctl start docker").is_empty());
        assert!(check("docker stop $(docker ps -q)").is_empty());
        assert!(check("docker ps | grep web").is_empty());
        assert_eq!(check("dokcer ps"), ["연습용 터미널이 모르는 명령입니다: `dokcer`"]);
        assert_eq!(check("docker contaner ls"), ["docker에 없는 명령입니다: `docker contaner`"]);
        assert_eq!(check("docker run -d Httpd"), ["이미지 이름 `Httpd`의 모양이 올바르지 않습니다."]);
        assert!(check("docker pull httpd:9.9")[0]
            .starts_with("연습용 레지스트리의 `httpd`에는 `9.9` 태그가 없습니다. 있는 태그: latest"));
        assert_eq!(check("docker image pull nosuchimage"), ["연습용 레지스트리에 `nosuchimage` 이미지가 없습니다."]);
        assert_eq!(check("echo 'x"), ["작은따옴표(')가 닫히지 않았습니다."]);
    }

    #[test]
    fn operands_skip_flag_values() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(
            first_operand(&s(&["--name", "x", "-d", "img", "cmd"]), RUN_VALUE_FLAGS, RUN_VALUE_SHORT).as_deref(),
            Some("img")
        );
        assert_eq!(
            first_operand(&s(&["-dit", "-e", "A=1", "img"]), RUN_VALUE_FLAGS, RUN_VALUE_SHORT).as_deref(),
            Some("img")
        );
        assert_eq!(first_operand(&s(&["-p8080:80", "img"]), RUN_VALUE_FLAGS, RUN_VALUE_SHORT).as_deref(), Some("img"));
        assert_eq!(first_operand(&s(&["--rm", "--", "img"]), RUN_VALUE_FLAGS, RUN_VALUE_SHORT).as_deref(), Some("img"));
        assert_eq!(first_operand(&s(&["-d"]), RUN_VALUE_FLAGS, RUN_VALUE_SHORT), None);
    }

    #[test]
    fn links_resolve_relative_to_the_lesson() {
        assert_eq!(resolve_link("lessons/01-a.md", "02-b.md").as_deref(), Some("lessons/02-b.md"));
        assert_eq!(resolve_link("lessons/01-a.md", "../SUMMARY.md").as_deref(), Some("SUMMARY.md"));
        assert_eq!(resolve_link("lessons/01-a.md", "../../x.md"), None);
    }

    #[test]
    fn summary_and_files_must_agree() {
        let a = lesson("a", "");
        let d = run(&[
            ("SUMMARY.md", "# 파트\n- [가](lessons/a.md)\n- [나](lessons/missing.md)\n- [가 또](lessons/a.md)\n"),
            ("lessons/a.md", &a),
            ("lessons/extra.md", &lesson("extra", "")),
            ("lessons/_draft.md", &lesson("a", "")),
        ]);
        assert_eq!(
            d,
            [
                "SUMMARY.md:3:1: 오류: 목차에 있는 `lessons/missing.md` 파일이 없습니다.",
                "SUMMARY.md:4:1: 오류: 이미 목차 2번째 줄에 있는 레슨입니다. 한 레슨은 목차에 한 번만 씁니다: `lessons/a.md`",
                "lessons/extra.md:1:1: 오류: SUMMARY.md 목차에 없는 레슨 파일입니다. 목차에 한 줄을 더하거나, 초안이라면 파일 이름을 `_`로 시작하게 바꾸세요.",
            ]
        );
        assert_eq!(
            run(&[("lessons/a.md", &a)])[0],
            "SUMMARY.md:1:1: 오류: SUMMARY.md 파일이 없습니다. 코스 목차가 있어야 합니다."
        );
    }

    #[test]
    fn ids_must_be_unique_and_links_must_resolve() {
        let ex = "```exercise\nid = \"same\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps\"]\n[[goal]]\nrun = \"docker ps\"\ncontains = \"CONTAINER\"\n```\n";
        let d = run(&[
            ("SUMMARY.md", "- [가](lessons/a.md)\n- [나](lessons/b.md)\n"),
            ("lessons/a.md", &lesson("dup", &format!("\n[나](b.md) [없음](zzz.md)\n\n{ex}"))),
            ("lessons/b.md", &lesson("dup", &format!("\n{ex}"))),
        ]);
        let errors: Vec<&String> = d.iter().filter(|m| !m.contains("setup만")).collect();
        assert_eq!(
            errors,
            [
                "lessons/a.md:8:11: 오류: 링크가 가리키는 레슨 파일이 없습니다: `zzz.md`",
                "lessons/b.md:2:1: 오류: 레슨 id `dup`: `lessons/a.md`에서 이미 쓰고 있습니다.",
                "lessons/b.md:8:1: 오류: 연습 문제 id `same`: `lessons/a.md`에서 이미 쓰고 있습니다.",
            ]
        );
    }

    #[test]
    fn exercises_are_replayed() {
        // Only `docker ps` and a goal over its output: independent of the rest of the engine.
        let trivial = "```exercise\nid = \"trivial\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps\"]\n[[goal]]\nrun = \"docker ps\"\ncontains = \"CONTAINER ID\"\n```\n";
        let unsolvable = "```exercise\nid = \"unsolvable\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps\"]\n[[goal]]\ncontainer = \"web\"\n```\n";
        let failing = "```exercise\nid = \"failing\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps --bogus\"]\n[[goal]]\ncontainer = \"web\"\npresent = false\n```\n";
        let d = run(&[
            ("SUMMARY.md", "- [가](lessons/a.md)\n"),
            ("lessons/a.md", &lesson("a", &format!("\n{trivial}\n{unsolvable}"))),
        ]);
        assert_eq!(
            d,
            [
                "lessons/a.md:8:1: 오류: 연습 문제 `trivial`: setup만 실행해도 모든 목표가 이미 이뤄져 있습니다. 학습자가 할 일이 남도록 목표나 setup을 고치세요.",
                "lessons/a.md:23:1: 오류: 연습 문제 `unsolvable`: 모범 답안을 실행해도 이 목표가 이뤄지지 않습니다: `web` 컨테이너가 있어야 합니다. (`web` 컨테이너가 없습니다.)",
            ]
        );
        let d =
            run(&[("SUMMARY.md", "- [가](lessons/a.md)\n"), ("lessons/a.md", &lesson("a", &format!("\n{failing}")))]);
        assert!(d.iter().any(|m| m.starts_with("lessons/a.md:8:1: 오류: 연습 문제 `failing`의 solution 1번째 명령이 실패했습니다 (종료 코드 125): `docker ps --bogus` → unknown flag: --bogus")), "{d:?}");
    }

    #[test]
    fn build_exercises_start_from_files_and_run_their_own_images() {
        // The site's page and half its Dockerfile are there at the start; the solution writes
        // the rest with a here-document, builds, runs the built image and pushes it.
        let build = r#"```exercise
id = "build"
title = "t"
prompt = "p"
setup = ["docker pull nginx:alpine"]
solution = [
  "cd site",
  "cat >> Dockerfile <<'EOF'",
  "COPY index.html /usr/share/nginx/html/",
  "EOF",
  "docker build -t learner/site:1 .",
  "docker run -d --name web -p 8080:80 learner/site:1",
  "docker login -u learner -p pw",
  "docker push learner/site:1",
]

[[file]]
path = "site/index.html"
content = "<h1>mine</h1>\n"

[[file]]
path = "site/Dockerfile"
content = "FROM nginx:alpine\n"

[[goal]]
image = "learner/site:1"
base = "nginx:alpine"

[[goal]]
curl = "http://localhost:8080/"
contains = "<h1>mine</h1>"

[[goal]]
hub = "learner/site:1"
```
"#;
        let d = run(&[
            (
                "SUMMARY.md",
                "- [가](lessons/a.md)
",
            ),
            (
                "lessons/a.md",
                &lesson(
                    "a",
                    &format!(
                        "
{build}"
                    ),
                ),
            ),
        ]);
        assert_eq!(d, Vec::<String>::new());
        // A file the learner could not make is the author's error.
        let bad = build.replace("path = \"site/index.html\"", "path = \"/etc/site/index.html\"");
        let d = run(&[
            (
                "SUMMARY.md",
                "- [가](lessons/a.md)
",
            ),
            (
                "lessons/a.md",
                &lesson(
                    "a",
                    &format!(
                        "
{bad}"
                    ),
                ),
            ),
        ]);
        assert_eq!(
            d.first().map(String::as_str),
            Some("lessons/a.md:8:1: 오류: 연습 문제 `build`: `/etc/site/index.html` 파일을 만들 수 없습니다: Permission denied")
        );
    }

    #[test]
    fn sequences_skip_here_document_bodies_and_know_local_images() {
        let catalogue = crate::catalogue::testing::full();
        let mut c = Commands::new(&catalogue);
        assert!(c.check("cat > Dockerfile <<-'END'").is_empty());
        assert!(c.check("FROM nosuchimage").is_empty(), "a body line is text");
        assert!(c.check("\tEND").is_empty(), "<<- ends at a tab-indented END");
        assert_eq!(c.check("FROM x"), ["연습용 터미널이 모르는 명령입니다: `FROM`"]);
        assert_eq!(c.check("docker run myapp"), ["연습용 레지스트리에 `myapp` 이미지가 없습니다."]);
        assert!(c.check("docker build -t myapp --tag=me/app:2 .").is_empty());
        assert!(c.check("docker run --rm myapp:latest").is_empty());
        assert!(c.check("docker pull me/app:2").is_empty());
        assert!(c.check("docker tag myapp me/app:3 && docker run me/app:3").is_empty());
        assert_eq!(c.check("docker run me/app:4"), ["연습용 레지스트리에 `me/app` 이미지가 없습니다."]);
        assert!(c.check("docker commit -m note web snap && docker run snap").is_empty());
        assert_eq!(check_command(&catalogue, "docker run myapp"), ["연습용 레지스트리에 `myapp` 이미지가 없습니다."]);
    }
}
