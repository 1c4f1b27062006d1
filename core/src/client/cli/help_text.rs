//! Reading a cobra/pflag `--help` text: its usage block, its `Options:` rows and their
//! defaults, and `docker container create`'s text derived from `run`'s.
//!
//! `core/build.rs` includes this file as its own module (`#[path]`) and runs it over the
//! docker client's and compose's help texts at build time, writing the table the parser
//! reads at run time (`spec::build`): the lite engine then carries no help text at all. So it
//! uses nothing of the crate, only `std`; the crate itself compiles it only for its tests.

/// The usage block after `Usage:  `, up to the first blank line: what cobra calls the use
/// line, and what usage errors print. It is two lines for `cp`.
pub fn usage_block(text: &str) -> &str {
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

/// One row of an `Options:` section, as printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawFlag<'a> {
    /// The long name, without `--`.
    pub long: &'a str,
    /// The shorthand letter, if shown.
    pub short: Option<char>,
    /// The value word (`string`, `list`, `int` ...), empty for a boolean flag.
    pub type_word: &'a str,
    /// The description, continuation lines joined by `\n` with their indent removed.
    pub description: String,
}

/// Reads the `Options:` (or, for `docker` itself, `Global Options:`) section.
///
/// pflag prints each flag as `  -s, --long type   description` or `      --long type ...`:
/// the value word is separated by one space, the description by at least two (pflag adds
/// one space on each side of its padding), and wrapped description lines are indented
/// further than any flag line.
pub fn options(text: &str) -> Vec<RawFlag<'_>> {
    let mut rows: Vec<RawFlag<'_>> = Vec::new();
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
pub fn default_of(description: &str) -> Option<String> {
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

/// `docker container create --help` from `run`'s (the two share one flag set in docker/cli,
/// and shipping both texts cost half a kilobyte): another name and short line, no `-d`,
/// `--detach-keys` or `--sig-proxy`, and `--pull`'s own wording, stray `|` included.
pub fn create_from_run(run: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    const PS: &str = include_str!("help/container_ls.txt");
    const RUN: &str = include_str!("help/container_run.txt");
    const DOCKER: &str = include_str!("help/docker.txt");

    #[test]
    fn ps_options() {
        let rows = options(PS);
        let got: Vec<_> = rows.iter().map(|r| (r.long, r.short, r.type_word, default_of(&r.description))).collect();
        let want: Vec<(&str, Option<char>, &str, Option<String>)> = vec![
            ("all", Some('a'), "", None),
            ("filter", Some('f'), "filter", None),
            ("format", None, "string", None),
            ("last", Some('n'), "int", Some("-1".to_string())),
            ("latest", Some('l'), "", None),
            ("no-trunc", None, "", None),
            ("quiet", Some('q'), "", None),
            ("size", Some('s'), "", None),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn global_options() {
        let rows = options(DOCKER);
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
        let rows = options(RUN);
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
        assert_eq!(options(include_str!("help/volume_update.txt")), vec![]);
        assert_eq!(options(include_str!("help/container.txt")), vec![]);
    }

    #[test]
    fn usage_blocks() {
        assert_eq!(usage_block(PS), "docker container ls [OPTIONS]");
        assert_eq!(
            usage_block(include_str!("help/container_cp.txt")),
            "docker container cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"
        );
        assert_eq!(usage_block(include_str!("help/help.txt")), "docker help [command]");
        assert_eq!(usage_block(include_str!("help/buildx_build.txt")), "docker buildx build [OPTIONS] PATH | URL | -");
    }

    #[test]
    fn create_help_is_runs_with_its_own_lines() {
        // The real client's text, kept as the test's fixture (it does not ship).
        assert_eq!(create_from_run(RUN), include_str!("help/container_create.txt"));
    }
}
