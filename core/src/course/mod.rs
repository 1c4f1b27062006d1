//! The course model: lessons and exercises read from `content/`, and the checks on them.
//!
//! Instructors write Markdown and TOML; this module turns those files into plain data
//! ([`Lesson`], [`Exercise`], [`Goal`], [`Hint`]), checks exercises against a learner's
//! [`Session`](crate::Session) by comparing *state* (never the typed command), and lints a
//! whole course for `whalelab check`. It never reads files or the clock: callers load the
//! text ([`SourceFile`]) and every problem comes back as a located Korean [`Diagnostic`].
//!
//! Layout: [`source`] (offsets → line:col), [`diagnostic`], [`attempt`] (starting an exercise
//! and following it to solved), [`summary`] (`SUMMARY.md`),
//! [`lesson`] (front matter + Markdown → blocks), [`heredoc`] (which command lines are one unit), [`exercise`] (exercise TOML → typed goals),
//! [`pattern`] (`expect_regex` in Go syntax, on the one regex engine), [`goal`] (goal and hint checks),
//! [`validate`] (the course-wide lints).
//!
//! ```
//! use whalelab_core::course::{lesson::parse_lesson, Block, SourceFile};
//! let text = "+++\nid = \"demo\"\ntitle = \"데모\"\nsummary = \"짧은 소개\"\nminutes = 5\n+++\n\n본문입니다.\n\n```docker\ndocker ps\n```\n";
//! let parsed = parse_lesson(&SourceFile::new("lessons/demo.md", text));
//! assert!(parsed.diagnostics.is_empty());
//! let lesson = parsed.lesson.unwrap();
//! assert_eq!(lesson.id, "demo");
//! assert!(matches!(&lesson.blocks[1], Block::Runnable { lines, .. } if lines == &["docker ps"]));
//! ```

pub mod attempt;
pub mod diagnostic;
pub mod exercise;
pub mod goal;
pub mod heredoc;
pub mod lesson;
pub mod pattern;
pub mod source;
pub mod summary;
mod table;
pub mod validate;

pub use attempt::{start, Attempt, Source, Started};
pub use diagnostic::{Diagnostic, Severity};
pub use goal::GoalResult;
pub use pattern::Pattern;
pub use source::SourceFile;
pub use summary::{Summary, SummaryEntry, SummaryPart};

use crate::snapshot::ContainerStatus;

/// A whole course: parts in order, each with its lessons.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Course {
    /// Parts in `SUMMARY.md` order.
    pub parts: Vec<Part>,
}

/// One part of the course.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Part {
    /// The heading from `SUMMARY.md` (empty for lessons before the first heading).
    pub title: String,
    /// The lessons that loaded; broken ones are left out (their diagnostics say why).
    pub lessons: Vec<Lesson>,
}

/// One lesson file, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    /// Stable identifier from the front matter (URLs and saved progress use it).
    pub id: String,
    /// Title from the front matter.
    pub title: String,
    /// One-line description from the front matter.
    pub summary: String,
    /// Estimated minutes to finish.
    pub minutes: u32,
    /// The body in order.
    pub blocks: Vec<Block>,
}

/// A piece of a lesson body.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// Markdown to render as it is (headings, paragraphs, tables, non-runnable code).
    Prose(String),
    /// A ```` ```docker ```` or ```` ```bash ```` block: each line is a command to click and run.
    Runnable {
        /// The fence's language (`docker` or `bash`).
        lang: String,
        /// The commands, without blank and `#` comment lines. A here-document is one entry
        /// whose lines (opening, body as written, delimiter) are joined by `\n`: one ▶ types
        /// them all (see [`heredoc`]).
        lines: Vec<String>,
    },
    /// A ```` ```exercise ```` block.
    Exercise(Exercise),
}

/// One exercise: a starting state, a task, and the goals that say it is done.
#[derive(Clone, Debug, PartialEq)]
pub struct Exercise {
    /// Identifier, unique in the course.
    pub id: String,
    /// Short title.
    pub title: String,
    /// The task, Korean Markdown.
    pub prompt: String,
    /// Files on the host before the setup runs (a half-written Dockerfile, a small site).
    pub files: Vec<SetupFile>,
    /// Commands that build the starting state on a fresh machine.
    pub setup: Vec<String>,
    /// A model answer; the validator replays it after the setup.
    pub solution: Vec<String>,
    /// Shown when every goal holds (a default is used when absent).
    pub success: Option<String>,
    /// All must hold for the exercise to be solved.
    pub goals: Vec<Goal>,
    /// In author order; each may be limited to a state by its condition.
    pub hints: Vec<Hint>,
    /// 1-based line of the opening fence in the lesson file.
    pub line: u32,
}

/// A file an exercise puts on the host before it starts (`[[file]]`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetupFile {
    /// Where: absolute, or relative to the learner's home directory (`site/index.html`).
    pub path: String,
    /// What it holds.
    pub content: String,
}

/// One thing that must be true of the learner's machine.
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    /// What is checked.
    pub condition: Condition,
    /// The author's Korean wording, replacing the default description.
    pub message: Option<String>,
    /// 1-based line of the goal in the lesson file.
    pub line: u32,
}

/// Help text, optionally shown only in some states.
#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    /// Korean Markdown.
    pub text: String,
    /// The hint applies only while this holds (always when `None`).
    pub when: Option<Condition>,
    /// 1-based line of the hint in the lesson file.
    pub line: u32,
}

/// A predicate over the learner's machine. Goals and hint conditions share it.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition {
    /// A named container and what must be true of it.
    Container(ContainerCondition),
    /// The number of containers (matching optional filters) is exactly `count`.
    ContainerCount {
        /// Expected number.
        count: u32,
        /// Only containers made from this image.
        image: Option<ImageRef>,
        /// Only containers in this state.
        state: Option<ContainerStatus>,
    },
    /// An image (by `repo:tag`) is present or absent.
    Image {
        /// Which image.
        image: ImageRef,
        /// `false`: the image must be gone.
        present: bool,
    },
    /// An image with this tag whose config says what the Dockerfile was asked to say.
    ImageConfig(ImageCondition),
    /// The number of local images is exactly `count`.
    ImageCount {
        /// Expected number.
        count: u32,
    },
    /// A volume is present or absent.
    Volume {
        /// Volume name.
        name: String,
        /// `false`: the volume must be gone.
        present: bool,
    },
    /// A network is present or absent.
    Network {
        /// Network name.
        name: String,
        /// `false`: the network must be gone.
        present: bool,
    },
    /// A compose project (`docker compose -p NAME`, or its directory's name): what `up` made
    /// of it is there, or (`present = false`) nothing of it is left.
    Project(ProjectCondition),
    /// A repository on the practice Docker Hub (with a tag, when one is given).
    Hub {
        /// `user/name`, as `docker push` named it without `docker.io/`.
        repo: String,
        /// A tag the repository must hold; any tag will do when `None`.
        tag: Option<String>,
        /// `false`: the repository (or the tag) must not be there.
        present: bool,
    },
    /// The Docker daemon runs (or not).
    Daemon {
        /// `true` for `daemon = "running"`.
        running: bool,
    },
    /// `curl -s URL` prints text containing `contains`.
    Curl {
        /// The URL to request.
        url: String,
        /// Text that must appear in the response.
        contains: String,
    },
    /// The universal form: a command's output, run on a copy of the learner's machine.
    Run {
        /// The command line.
        command: String,
        /// What its output must look like.
        expect: Expect,
    },
}

/// The checks on one named container.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContainerCondition {
    /// Container name (without the leading `/`).
    pub name: String,
    /// `false`: no container of that name may exist (no other check is allowed then).
    pub present: bool,
    /// Required state.
    pub state: Option<ContainerStatus>,
    /// Required exit code of its last run (137 after `docker kill`, 0 after a clean stop).
    pub exit_code: Option<i32>,
    /// Required image.
    pub image: Option<ImageRef>,
    /// Required published ports; `Some(vec![])` means "publishes none".
    pub ports: Option<Vec<PortSpec>>,
    /// Required environment: `KEY=value`, or `KEY` for "set to anything".
    pub env: Vec<String>,
    /// Required mounts.
    pub mounts: Vec<MountSpec>,
    /// Networks it must be attached to.
    pub networks: Vec<String>,
    /// A file inside the container that must contain some text.
    pub file: Option<FileCheck>,
}

/// The checks on one image: how `docker build` made it. Every list is "at least these".
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImageCondition {
    /// The image, by tag.
    pub image: ImageRef,
    /// It must come from `docker build` (not a pull, a tag of a pulled image, or a commit).
    pub built: bool,
    /// What its Dockerfile's last `FROM` named: `repo:tag`, or `scratch`.
    pub base: Option<String>,
    /// Labels: `key=value`, or `key` for "set to anything".
    pub labels: Vec<String>,
    /// Its CMD in exec form; the shell form of the same line (`/bin/sh -c "..."`) counts too.
    pub cmd: Option<Vec<String>>,
    /// Ports it exposes, as `port/proto` (`80/tcp`).
    pub expose: Vec<String>,
}

/// A file inside a container and text it must contain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheck {
    /// Absolute path inside the container.
    pub path: String,
    /// Text that must appear in it.
    pub contains: String,
}

/// A normalized image reference: `docker.io/library/httpd` and `httpd:latest` are the same.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct ImageRef {
    /// Repository path without `docker.io/` and `library/` (`httpd`, `bitnami/redis`).
    pub repo: String,
    /// Tag (`latest` when none was written).
    pub tag: String,
}

/// A published port as `docker run -p` writes it: `[ip:]host:container[/proto]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortSpec {
    /// Host address, when the author pinned one.
    pub host_ip: Option<String>,
    /// Host port.
    pub host_port: u16,
    /// Container port.
    pub container_port: u16,
    /// `tcp` (default) or `udp`.
    pub proto: String,
}

/// What a `project` goal asks of a compose project. The objects are found by compose's
/// labels, as `docker compose ps` finds them.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectCondition {
    /// The project name.
    pub name: String,
    /// `false`: no container or network of the project is left (`docker compose down`).
    pub present: bool,
    /// Services that each have a running container.
    pub services: Vec<String>,
    /// Ports some running container of the project publishes.
    pub ports: Vec<PortSpec>,
    /// Networks of the project by their key in the file (`default` is `NAME_default`).
    pub networks: Vec<String>,
    /// Volumes of the project by their key in the file (`db-data` is `NAME_db-data`).
    pub volumes: Vec<String>,
}

/// A mount as `-v` writes it: `source:destination`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MountSpec {
    /// Volume name or host path.
    pub source: String,
    /// Path inside the container.
    pub destination: String,
}

/// How a command's output is compared.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// The whole output, trimmed, equals this (trimmed).
    Exact(String),
    /// The output contains this.
    Contains(String),
    /// The output matches this pattern somewhere (`^`/`$` anchor the whole output).
    Regex(Pattern),
}
