//! "혹시 `docker run`?": the docker command a mistyped one was probably meant to be.
//!
//! docker answers a mistyped command with its own error, printed by core byte for byte:
//! `docker: unknown command: docker rnu`, or, when flags follow the mistyped word
//! (`docker rnu -d nginx`), the root command's `unknown shorthand flag: 'd' in -d` and its
//! usage line, since docker then reads the flags as its own. The site adds, in its own voice,
//! the nearest command that exists at that level of docker's command tree. The candidates come from core's
//! completion (the one definition of docker's grammar), so nothing here knows docker's
//! commands. Pure: no DOM, no state.

use whalelab_core::{Line, Session};

/// docker's unknown-command error: `docker: unknown command: docker image foo`.
const UNKNOWN: &str = "docker: unknown command: ";
/// The usage line of docker's root command, under its flag errors.
const ROOT_USAGE: &str = "Usage:  docker [OPTIONS] COMMAND [ARG...]";

/// The command docker could not find, from its error among `lines`: the group it was typed
/// in (`docker image`) and the word (`foo`).
pub fn unknown_command(lines: &[Line]) -> Option<(&str, &str)> {
    let path = lines.iter().find_map(|l| l.text.strip_prefix(UNKNOWN))?;
    let (group, word) = path.rsplit_once(' ')?;
    (group.starts_with("docker") && !word.is_empty()).then_some((group, word))
}

/// The mistyped word of `docker rnu -d nginx`: docker's root command refused a flag (it
/// read `-d` as its own because `rnu` is no command), and the first word after `docker` in
/// the typed line that is not a flag is the word.
pub fn mistyped_before_flags<'a>(line: &'a str, lines: &[Line]) -> Option<&'a str> {
    let first = lines.first()?.text.as_str();
    let flag_error = first.starts_with("unknown flag: ") || first.starts_with("unknown shorthand flag: ");
    if !flag_error || !lines.iter().any(|l| l.text == ROOT_USAGE) {
        return None;
    }
    let mut words = line.split_whitespace().skip_while(|w| *w != "docker").skip(1);
    words.find(|w| !w.starts_with('-'))
}

/// The suggestion for a command line and its output, if the output is docker's error for a
/// mistyped command and a command close enough to the mistyped word exists in that group:
/// the full command (`docker run`).
pub fn suggestion(session: &Session, line: &str, lines: &[Line]) -> Option<String> {
    let (group, word) = match unknown_command(lines) {
        Some(found) => found,
        None => ("docker", mistyped_before_flags(line, lines)?),
    };
    let line = format!("{group} ");
    let candidates = session.complete(&line, line.len()).candidates;
    let commands = || candidates.iter().map(|c| c.trim()).filter(|c| !c.starts_with('-'));
    if commands().any(|c| c == word) {
        // A real command: the error was about something else.
        return None;
    }
    let best = nearest(word, commands())?;
    Some(format!("{group} {best}"))
}

/// The candidate nearest to `word` (edit distance with transpositions, ties to the first),
/// when it is close enough to be a typo: at most one edit for short words, a third of the
/// word's length for longer ones.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = distance(word, candidate);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbours each cost one (`rnu` → `run` is one swap).
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for (i, row) in d.chunks_mut(width).enumerate() {
        row[0] = i;
    }
    for (j, cell) in d.iter_mut().take(width).enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v =
                (d[(i - 1) * width + j] + 1).min(d[i * width + j - 1] + 1).min(d[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * width + j - 2] + 1);
            }
            d[i * width + j] = v;
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use whalelab_core::SessionConfig;

    #[wasm_bindgen_test(unsupported = test)]
    fn distances_and_nearest() {
        assert_eq!(distance("rnu", "run"), 1);
        assert_eq!(distance("contaner", "container"), 1);
        assert_eq!(distance("", "ps"), 2);
        assert_eq!(distance("imgaes", "images"), 1);
        assert_eq!(nearest("rnu", ["rm", "run", "rename"]), Some("run"));
        assert_eq!(nearest("xyz", ["rm", "run"]), None, "nothing close");
        assert_eq!(nearest("pss", ["ps", "push"]), Some("ps"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn suggests_from_dockers_own_error_and_command_tree() {
        let mut session = Session::with_catalogue(SessionConfig::default(), crate::state::registry::shipped());
        let mut check = |line: &str| {
            let t = session.run_line(line, SessionConfig::default().start_time);
            suggestion(&session, line, &t.lines)
        };
        assert_eq!(check("docker rnu nginx").as_deref(), Some("docker run"));
        assert_eq!(check("docker rnu -d --name web nginx").as_deref(), Some("docker run"), "flags after the typo");
        assert_eq!(check("docker contaner ls").as_deref(), Some("docker container"));
        assert_eq!(check("docker image lss").as_deref(), Some("docker image ls"));
        assert_eq!(check("docker zzzzzz"), None, "no command is close");
        assert_eq!(check("docker ps"), None);
        assert_eq!(check("docker --bogus ps"), None, "a bad flag before a real command is no typo");
        let t = session.run_line("docker rnu", SessionConfig::default().start_time);
        assert_eq!(unknown_command(&t.lines), Some(("docker", "rnu")));
    }
}
