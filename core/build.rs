//! Reads the docker client's and compose's `--help` texts at build time into the table the
//! command line parser needs (`spec::build`): each command's flag rows and its usage block.
//! The parser then never reads a help text, and the lite engine (core without `full`, the
//! page's first wasm) ships none; only the full build `include_str!`s them, to print `--help`.
//!
//! The texts are read by `src/client/cli/help_text.rs`, included here as a module: the same
//! code the crate's tests run, not a second port. Writes to `OUT_DIR`:
//!
//! - `docker_help.txt` and `compose_help.txt`, one record per command of `commands.tsv`
//!   (the root first, path empty), its lines tagged by their first character:
//!
//!   ```text
//!   >PATH                          the command (`container cp`)
//!   |LINE                          its usage block, one line each (groups have none)
//!   -LONG<TAB>S<TAB>TYPE[<TAB>DEFAULT]   an Options: row: shorthand S (or empty), value
//!                                  word (empty for a boolean), the default pflag prints
//!   ```
//!
//! - `container_create.txt`: `docker container create --help`, derived from `run`'s.

use std::fmt::Write as _;
use std::path::Path;

#[path = "src/client/cli/help_text.rs"]
mod help_text;

fn main() {
    for watched in [
        "build.rs",
        "src/client/cli/help_text.rs",
        "src/client/cli/help",
        "src/client/cli/commands.tsv",
        "src/client/compose/help",
        "src/client/compose/commands.tsv",
    ] {
        println!("cargo::rerun-if-changed={watched}");
    }
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir);
    let docker = Path::new("src/client/cli");
    let run = read(&docker.join("help/container_run.txt"));
    let create = help_text::create_from_run(&run);
    write(&out.join("container_create.txt"), &create);
    let docker_text = |path: &str| match path {
        "" => read(&docker.join("help/docker.txt")),
        "container create" => create.clone(),
        _ => read(&docker.join("help").join(format!("{}.txt", path.replace(' ', "_")))),
    };
    write(&out.join("docker_help.txt"), &table(&read(&docker.join("commands.tsv")), docker_text));
    let compose = Path::new("src/client/compose");
    let compose_text = |path: &str| {
        let name = if path.is_empty() { "compose" } else { path };
        read(&compose.join("help").join(format!("{}.txt", name.replace(' ', "_"))))
    };
    write(&out.join("compose_help.txt"), &table(&read(&compose.join("commands.tsv")), compose_text));
}

/// The records of the root and of every command row of a `commands.tsv` (see `cli::spec`).
fn table(tsv: &str, text: impl Fn(&str) -> String) -> String {
    let rows = tsv.lines().filter(|l| !l.starts_with('#') && !l.starts_with('\t') && !l.trim().is_empty());
    let commands = std::iter::once(("", "group")).chain(rows.map(|row| {
        let cols: Vec<&str> = row.split('\t').collect();
        (cols[0], cols.get(2).copied().unwrap_or(""))
    }));
    let mut out = String::new();
    for (path, rule) in commands {
        let text = text(path);
        let _ = writeln!(out, ">{path}");
        // Only commands print their usage block (in usage errors); a group prints its path.
        if rule != "group" {
            for line in help_text::usage_block(&text).lines() {
                let _ = writeln!(out, "|{line}");
            }
        }
        for row in help_text::options(&text) {
            let short = row.short.map(String::from).unwrap_or_default();
            let _ = write!(out, "-{}\t{short}\t{}", row.long, row.type_word);
            if let Some(default) = help_text::default_of(&row.description) {
                assert!(!default.contains(['\t', '\n']), "{path}: --{}'s default {default:?}", row.long);
                let _ = write!(out, "\t{default}");
            }
            out.push('\n');
        }
    }
    out
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
