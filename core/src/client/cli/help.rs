//! The verbatim `--help` texts of the docker v28 client, and what can be read out of them.
//!
//! `help/*.txt` were captured from the installed client (`docker X --help`, stdout only)
//! while it talked to a Linux daemon that is neither experimental nor a swarm manager, as
//! the simulated docker-ce host's is: such a client hides Windows-only, experimental and
//! swarm flags, and so do these texts. `docker.txt` also lists the host's two CLI plugins
//! (`buildx*`, `compose*`, see `client::plugins`), as a client with them installed does.
//! They are the source of truth for flags: [`options`] reads the `Options:` section into
//! raw flag rows, which `spec` turns into typed flags.
//!
//! This module only reads texts; it never parses argv and never decides behaviour.

/// `include_str!` of each named file, so the texts live in the binary (no IO in core).
macro_rules! help_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("help/", $name, ".txt")))),*]
    };
}

/// Every help text, keyed by command path with `_` for spaces (`docker` is the top level).
static FILES: &[(&str, &str)] = help_files![
    "docker",
    "buildx",
    "buildx_build",
    "buildx_prune",
    "help",
    "inspect",
    "login",
    "logout",
    "search",
    "version",
    "container",
    "container_attach",
    "container_commit",
    "container_cp",
    "container_diff",
    "container_exec",
    "container_export",
    "container_inspect",
    "container_kill",
    "container_logs",
    "container_ls",
    "container_pause",
    "container_port",
    "container_prune",
    "container_rename",
    "container_restart",
    "container_rm",
    "container_run",
    "container_start",
    "container_stats",
    "container_stop",
    "container_top",
    "container_unpause",
    "container_update",
    "container_wait",
    "image",
    "image_history",
    "image_import",
    "image_inspect",
    "image_load",
    "image_ls",
    "image_prune",
    "image_pull",
    "image_push",
    "image_rm",
    "image_save",
    "image_tag",
    "network",
    "network_connect",
    "network_create",
    "network_disconnect",
    "network_inspect",
    "network_ls",
    "network_prune",
    "network_rm",
    "system",
    "system_df",
    "system_events",
    "system_info",
    "system_prune",
    "volume",
    "volume_create",
    "volume_inspect",
    "volume_ls",
    "volume_prune",
    "volume_rm",
    "volume_update",
    "context",
    "manifest",
    "plugin",
    "swarm",
    "trust"
];

/// The help text of a command path (`""` is `docker` itself, `"container run"` ...).
pub(crate) fn text(path: &str) -> Option<&'static str> {
    if path == "container create" {
        static CREATE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        return text("container run").map(|run| CREATE.get_or_init(|| create_from_run(run)).as_str());
    }
    let key_matches = |key: &str| {
        if path.is_empty() {
            return key == "docker";
        }
        key.len() == path.len() && key.bytes().zip(path.bytes()).all(|(k, p)| k == p || (k == b'_' && p == b' '))
    };
    FILES.iter().find(|(key, _)| key_matches(key)).map(|(_, text)| *text)
}

/// `docker container create --help` from `run`'s (the two share one flag set in docker/cli,
/// and shipping both texts cost half a kilobyte): another name and short line, no `-d`,
/// `--detach-keys` or `--sig-proxy`, and `--pull`'s own wording, stray `|` included.
fn create_from_run(run: &str) -> String {
    let mut out = String::with_capacity(run.len());
    let mut skipping = false;
    for line in run.lines() {
        // A flag's continuation lines are indented past the flag column.
        if skipping && line.starts_with("                    ") {
            continue;
        }
        skipping =
            ["  -d, --detach ", "      --detach-keys ", "      --sig-proxy "].iter().any(|f| line.starts_with(f));
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.replace("container run", "container create")
        .replace("docker run", "docker create")
        .replace("Create and run a new container from an image", "Create a new container")
        .replace("before running", "before creating")
        .replace("(\"always\", \"missing\"", "(\"always\", \"|missing\"")
}

/// Every text's key, for the tidy test that ties files and table together.
#[cfg(test)]
pub(crate) fn keys() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(k, _)| *k).chain(["container_create"])
}

/// The usage block after `Usage:  `, up to the first blank line: what cobra calls the use
/// line, and what usage errors print. It is two lines for `cp`.
pub(crate) fn usage_block(text: &str) -> &str {
    // buildx's help starts with its short line (`Start a build`), then the usage.
    let text = match text.find("Usage:  ") {
        Some(at) if at > 0 && text.get(..at).is_some_and(|head| head.ends_with("\n\n")) => {
            text.get(at..).unwrap_or(text)
        }
        _ => text,
    };
    let body = text.strip_prefix("Usage:  ").unwrap_or(text);
    body.split("\n\n").next().unwrap_or(body).trim_end_matches('\n')
}

/// `text` with its usage line naming the command as `display` instead of `canonical`
/// (`docker run` instead of `docker container run`): the only difference between the two
/// forms' help, since cobra builds it from the command path it was reached by.
pub(crate) fn with_display(text: &str, canonical: &str, display: &str) -> String {
    let from = format!("Usage:  {canonical}");
    match text.strip_prefix(from.as_str()) {
        Some(rest) if canonical != display => format!("Usage:  {display}{rest}"),
        _ => text.to_string(),
    }
}

/// One row of an `Options:` section, as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawFlag {
    /// The long name, without `--`.
    pub long: &'static str,
    /// The shorthand letter, if shown.
    pub short: Option<char>,
    /// The value word (`string`, `list`, `int` ...), empty for a boolean flag.
    pub type_word: &'static str,
    /// The description, continuation lines joined by `\n` with their indent removed.
    pub description: String,
}

/// Reads the `Options:` (or, for `docker` itself, `Global Options:`) section.
///
/// pflag prints each flag as `  -s, --long type   description` or `      --long type ...`:
/// the value word is separated by one space, the description by at least two (pflag adds
/// one space on each side of its padding), and wrapped description lines are indented
/// further than any flag line.
pub(crate) fn options(text: &'static str) -> Vec<RawFlag> {
    let mut rows: Vec<RawFlag> = Vec::new();
    let mut in_options = false;
    for line in text.lines() {
        if !in_options {
            in_options = line == "Options:" || line == "Global Options:";
            continue;
        }
        if line.is_empty() {
            break;
        }
        let b = line.as_bytes();
        let rest = line.get(8..).unwrap_or("");
        let (short, rest) = if line.starts_with("  -") && line.get(4..8) == Some(", --") {
            (b.get(3).map(|c| char::from(*c)), rest)
        } else if line.starts_with("      --") && !rest.is_empty() && !rest.starts_with(' ') {
            (None, rest)
        } else {
            if let Some(last) = rows.last_mut() {
                last.description.push('\n');
                last.description.push_str(line.trim_start());
            }
            continue;
        };
        let name_end = rest.find(' ').unwrap_or(rest.len());
        let long = &rest[..name_end];
        let after = &rest[name_end..];
        let (type_word, desc) = match after.strip_prefix(' ') {
            Some(t) if !t.starts_with(' ') && !t.is_empty() => {
                let end = t.find(' ').unwrap_or(t.len());
                (&t[..end], t[end..].trim_start())
            }
            _ => ("", after.trim_start()),
        };
        rows.push(RawFlag { long, short, type_word, description: desc.to_string() });
    }
    rows
}

/// The default pflag printed at the end of a description: `(default "local")` → `local`,
/// `(default -1)` → `-1`, `(default true)`. Zero values are never printed, so their
/// absence means zero; empty lists (`[]`, `map[]`) and prose that merely looks like a
/// default (`--all`'s "(default shows just running)") give `None`.
pub(crate) fn default_of(description: &str) -> Option<String> {
    let flat = description.replace('\n', " ");
    let body = flat.strip_suffix(')')?;
    let at = body.rfind("(default ")?;
    let value = &body[at + "(default ".len()..];
    if let Some(quoted) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        return Some(quoted.to_string());
    }
    let numeric = value.trim_start_matches('-').starts_with(|c: char| c.is_ascii_digit());
    (value == "true" || numeric).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(path: &str, expected: &[(&str, Option<char>, &str, Option<&str>)]) {
        let rows = options(text(path).expect("help text"));
        let got: Vec<_> = rows.iter().map(|r| (r.long, r.short, r.type_word, default_of(&r.description))).collect();
        let want: Vec<_> = expected.iter().map(|(l, s, t, d)| (*l, *s, *t, d.map(str::to_string))).collect();
        assert_eq!(got, want, "options of {path:?}");
    }

    #[test]
    fn create_help_is_runs_with_its_own_lines() {
        // The real client's text, kept as the test's fixture (it does not ship).
        let expected = include_str!("help/container_create.txt");
        assert_eq!(text("container create"), Some(expected));
    }

    #[test]
    fn ps_options() {
        check(
            "container ls",
            &[
                ("all", Some('a'), "", None),
                ("filter", Some('f'), "filter", None),
                ("format", None, "string", None),
                ("last", Some('n'), "int", Some("-1")),
                ("latest", Some('l'), "", None),
                ("no-trunc", None, "", None),
                ("quiet", Some('q'), "", None),
                ("size", Some('s'), "", None),
            ],
        );
    }

    #[test]
    fn global_options() {
        let rows = options(text("").unwrap());
        let names: Vec<_> = rows.iter().map(|r| (r.short, r.long, r.type_word)).collect();
        assert_eq!(
            names,
            [
                (None, "config", "string"),
                (Some('c'), "context", "string"),
                (Some('D'), "debug", ""),
                (Some('H'), "host", "list"),
                (Some('l'), "log-level", "string"),
                (None, "tls", ""),
                (None, "tlscacert", "string"),
                (None, "tlscert", "string"),
                (None, "tlskey", "string"),
                (None, "tlsverify", ""),
                (Some('v'), "version", ""),
            ]
        );
        assert_eq!(default_of(&rows[4].description).as_deref(), Some("info"));
        assert_eq!(default_of(&rows[0].description).as_deref(), Some("/root/.docker"));
    }

    #[test]
    fn multiline_descriptions_stay_with_their_flag() {
        let rows = options(text("container run").unwrap());
        let cgroupns = rows.iter().find(|r| r.long == "cgroupns").unwrap();
        assert!(cgroupns.description.starts_with("Cgroup namespace to use\n(host|private)\n'host':"));
        let help = rows.iter().find(|r| r.long == "help").unwrap();
        assert_eq!((help.type_word, help.description.as_str()), ("", "Print usage"));
        assert_eq!(
            rows.iter().find(|r| r.long == "restart").and_then(|r| default_of(&r.description)).as_deref(),
            Some("no")
        );
        assert_eq!(
            rows.iter().find(|r| r.long == "sig-proxy").and_then(|r| default_of(&r.description)).as_deref(),
            Some("true")
        );
    }

    #[test]
    fn a_command_without_options_has_none() {
        assert_eq!(options(text("volume update").unwrap()), vec![]);
        assert_eq!(options(text("container").unwrap()), vec![]);
    }

    #[test]
    fn usage_blocks() {
        assert_eq!(usage_block(text("container ls").unwrap()), "docker container ls [OPTIONS]");
        assert_eq!(
            usage_block(text("container cp").unwrap()),
            "docker container cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"
        );
        assert_eq!(usage_block(text("help").unwrap()), "docker help [command]");
    }

    #[test]
    fn display_swap_touches_only_the_usage_line() {
        let t =
            "Usage:  docker container ls [OPTIONS]\n\nList containers\n\nAliases:\n  docker container ls, docker ps\n";
        assert_eq!(
            with_display(t, "docker container ls", "docker ps"),
            "Usage:  docker ps [OPTIONS]\n\nList containers\n\nAliases:\n  docker container ls, docker ps\n"
        );
        assert_eq!(with_display(t, "docker container ls", "docker container ls"), t);
    }
}
