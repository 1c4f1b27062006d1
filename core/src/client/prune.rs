//! The `[y/N]` question every prune command asks without `-f` (docker's `prompt.Confirm`),
//! and the report they print; `docker login`'s prompts go the same way.
//!
//! docker writes the question's last line (`... [y/N] `, with its trailing space) without a
//! newline and reads one line of standard input; only `y` or `Y` (surrounding spaces
//! ignored) goes on, anything else ends quietly with status 0. Here the question is the
//! output's last lines. When the learner's terminal is to answer, the command does not wait:
//! it returns [`Outcome::Confirm`] with the typed command, and the session hands the next line
//! to [`answer`]. A piped answer (`echo y | docker container prune`) is read at once.

use super::buildx::prune::Prune as BuilderPrune;
use super::container::prune::Prune as ContainerPrune;
use super::image::prune::Prune as ImagePrune;
use super::network::prune::Prune as NetworkPrune;
use super::registry::login::{self, LoginPrompt};
use super::system::prune::Prune as SystemPrune;
use super::volume::prune::Prune as VolumePrune;
use super::{ClientHost, Outcome};
use crate::engine::Engine;
use crate::go::units;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// A prune command waiting for its answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Pending {
    /// `docker container prune`.
    Container(ContainerPrune),
    /// `docker image prune`.
    Image(ImagePrune),
    /// `docker network prune`.
    Network(NetworkPrune),
    /// `docker volume prune`.
    Volume(VolumePrune),
    /// `docker system prune`.
    System(SystemPrune),
    /// `docker builder prune`.
    Builder(BuilderPrune),
    /// `docker login` waiting for a user name or password (not a `[y/N]` question, but the
    /// same exchange: the next line is the answer).
    Login(LoginPrompt),
}

impl Pending {
    /// Removes what the command was asked to remove, now that it is confirmed.
    fn prune(self, engine: &mut Engine) -> Output {
        match self {
            Pending::Container(p) => p.prune(engine),
            Pending::Image(p) => p.prune(engine),
            Pending::Network(p) => p.prune(engine),
            Pending::Volume(p) => p.prune(engine),
            Pending::System(p) => p.prune(engine),
            Pending::Builder(p) => p.prune(engine),
            Pending::Login(_) => Output::new(),
        }
    }

    /// Whether the answer is a secret (a password prompt): a page hides what is typed.
    pub fn is_secret(&self) -> bool {
        matches!(self, Pending::Login(p) if p.wants_password())
    }
}

/// The question's lines: the warning, then `Are you sure you want to continue? [y/N] `.
pub fn question(warning: &str) -> Vec<String> {
    let mut lines: Vec<String> = warning.split('\n').map(str::to_string).collect();
    lines.push("Are you sure you want to continue? [y/N] ".to_string());
    lines
}

/// Whether an answer line confirms.
fn confirms(answer: &str) -> bool {
    answer.trim().eq_ignore_ascii_case("y")
}

/// Asks `question` (none with `-f`), then prunes if confirmed: at once for `-f` or a piped
/// answer, later through [`answer`] when the terminal (`tty`) is to answer.
pub fn ask(engine: &mut Engine, question: Option<Vec<String>>, pending: Pending, tty: bool, stdin: &str) -> Outcome {
    let Some(lines) = question else { return Outcome::Done(pending.prune(engine)) };
    let mut out = Output::new();
    for l in lines {
        out.out(l);
    }
    if stdin.is_empty() && tty {
        return Outcome::Confirm(out, pending);
    }
    if confirms(stdin.lines().next().unwrap_or("")) {
        out.extend(pending.prune(engine));
    }
    Outcome::Done(out)
}

/// The learner answered the question of `pending` with `line`; a login may ask again.
pub fn answer(engine: &mut Engine, host: &mut ClientHost<'_>, pending: Pending, line: &str) -> Outcome {
    if let Pending::Login(prompt) = pending {
        return login::answer(engine, host, prompt, line);
    }
    Outcome::Done(if confirms(line) { pending.prune(engine) } else { Output::new() })
}

/// What one prune step removed: its report section and the bytes freed.
pub struct Pruned {
    /// `Deleted Containers:` and the IDs, one a line; `None` when nothing went.
    pub section: Option<String>,
    /// Bytes freed.
    pub reclaimed: u64,
}

/// Prints the sections, each followed by an empty line.
pub fn print_sections(out: &mut Output, parts: &[Pruned]) {
    for p in parts {
        if let Some(s) = &p.section {
            out.out_text(s);
            out.out("");
        }
    }
}

/// Prints the sections and the total, as every prune command ends.
pub fn print_report(out: &mut Output, parts: &[Pruned]) {
    print_sections(out, parts);
    let total: u64 = parts.iter().map(|p| p.reclaimed).sum();
    out.out(format!("Total reclaimed space: {}", units::size_with_precision(total as f64, 4)));
}
