//! `docker compose`'s command line, as the plugin's cobra reads it.
//!
//! The tree comes from compose v2.36.2's own `--help` texts (`help/*.txt`, captured from the
//! plugin talking to docker 28.2.2, not a terminal) and `commands.tsv` (same format as the
//! docker client's, see `cli::spec`), built by the same code as docker's tree. What differs is
//! cobra as compose drives it: the root's flags (`-f`, `-p`, `--project-directory` ...) come
//! only before the subcommand (they are not persistent; `up -f x` is an unknown flag),
//! `--dry-run` and `--help` work everywhere, every flag or argument error is the bare pflag or
//! cobra message with status 1 (compose's own `FlagErrorFunc`), and the root given no
//! subcommand prints its help, or its help and `unknown docker command: "compose foo"`.

use crate::client::cli::flags::Flags;
use crate::client::cli::parse::{arg_error, parse_flags, traverse};
use crate::client::cli::spec::{self, ArgRule, CommandSpec, Spec};
use crate::output::{Line, Output};
use std::sync::OnceLock;

/// `include_str!` of each help text, keyed by command path (`""` is `docker compose`).
macro_rules! help_files {
    ($($key:literal => $name:literal),* $(,)?) => {
        &[$(($key, include_str!(concat!("help/", $name, ".txt")))),*]
    };
}

static FILES: &[(&str, &str)] = help_files![
    "" => "compose", "alpha" => "alpha", "attach" => "attach", "build" => "build", "commit" => "commit",
    "config" => "config", "cp" => "cp", "create" => "create", "down" => "down", "events" => "events",
    "exec" => "exec", "export" => "export", "images" => "images", "kill" => "kill", "logs" => "logs",
    "ls" => "ls", "pause" => "pause", "port" => "port", "ps" => "ps", "publish" => "publish",
    "pull" => "pull", "push" => "push", "restart" => "restart", "rm" => "rm", "run" => "run",
    "scale" => "scale", "start" => "start", "stats" => "stats", "stop" => "stop", "top" => "top",
    "unpause" => "unpause", "up" => "up", "version" => "version", "wait" => "wait", "watch" => "watch",
];

const TABLE: &str = include_str!("commands.tsv");

/// The flag rows and usage blocks `core/build.rs` read from `help/*.txt`.
const HELP_TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/compose_help.txt"));

fn text(path: &str) -> Option<&'static str> {
    FILES.iter().find(|(k, _)| *k == path).map(|(_, t)| *t)
}

/// The compose command tree, read once.
pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| spec::build(TABLE, HELP_TABLE, Some(text), "docker compose"))
}

/// A compose command ready to run.
#[derive(Clone, Debug, PartialEq)]
pub struct ComposeInvocation {
    /// The subcommand (`up`, `ps`, ...).
    pub path: &'static str,
    /// The root's flags (`-f`, `-p`, `--project-directory`, `--env-file`, `--progress` ...).
    pub root: Flags,
    /// The subcommand's flags.
    pub flags: Flags,
    /// Its arguments.
    pub args: Vec<String>,
    /// What the parser already printed (`-h`'s deprecation notice).
    pub printed: Vec<Line>,
}

/// What reading a compose command line gave.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// A command to run.
    Run(ComposeInvocation),
    /// Help or an error, already printed.
    Done(Output),
}

/// Reads everything after `docker compose`. Never panics.
pub fn parse(args: &[String]) -> Parsed {
    let spec = spec();
    let root = spec.root();
    let mut out = Output::new();
    let Some((flags, child, next)) = traverse(spec, root, args) else {
        return root_command(spec, root, args, out);
    };
    let p = parse_flags(spec.flags(root), &flags, true);
    if let Some(e) = p.error {
        out.fail(&e, 1);
        return Parsed::Done(out);
    }
    notes(&mut out, &p.notes);
    let root_flags = p.flags;
    let rest = args.get(next..).unwrap_or(&[]);
    let c = parse_flags(spec.flags(child), rest, child.interspersed);
    if let Some(e) = c.error {
        out.fail(&e, 1);
        return Parsed::Done(out);
    }
    notes(&mut out, &c.notes);
    if root_flags.bool("help") || c.flags.bool("help") {
        out.out_text(&spec.help_text(child).unwrap_or_default());
        return Parsed::Done(out);
    }
    if let Some(e) = cobra_arg_error(spec, child, &c.args) {
        out.fail(&e, 1);
        return Parsed::Done(out);
    }
    Parsed::Run(ComposeInvocation {
        path: child.path,
        root: root_flags,
        flags: c.flags,
        args: c.args,
        printed: out.lines,
    })
}

fn notes(out: &mut Output, notes: &[String]) {
    for n in notes {
        out.out(n.clone());
    }
}

/// `docker compose` without a subcommand: its flags end at the first word; no word shows
/// the help, `-v` the version, any other word is an unknown command.
fn root_command(spec: &'static Spec, root: &CommandSpec, args: &[String], mut out: Output) -> Parsed {
    let p = parse_flags(spec.flags(root), args, false);
    if let Some(e) = p.error {
        out.fail(&e, 1);
        return Parsed::Done(out);
    }
    notes(&mut out, &p.notes);
    let help = spec.help_text(root).unwrap_or_default();
    if p.flags.bool("help") || p.args.is_empty() {
        out.out_text(&help);
        return Parsed::Done(out);
    }
    if p.flags.bool("version") {
        return Parsed::Run(ComposeInvocation {
            path: "version",
            root: p.flags,
            flags: Flags::default(),
            args: Vec::new(),
            printed: out.lines,
        });
    }
    out.out_text(&help);
    let word = p.args.first().map(String::as_str).unwrap_or("");
    out.fail(&format!("unknown docker command: \"compose {word}\""), 1);
    Parsed::Done(out)
}

/// The argument checks compose's commands use: cobra's validators, or docker's
/// `cli/required.go` for the few that use those.
fn cobra_arg_error(spec: &Spec, cmd: &CommandSpec, args: &[String]) -> Option<String> {
    if cmd.docker_args {
        return arg_error(spec, cmd, args);
    }
    let n = args.len();
    match cmd.args {
        ArgRule::None if n > 0 => Some(format!(
            "unknown command \"{}\" for \"{}\"",
            args.first().map(String::as_str).unwrap_or(""),
            cmd.display
        )),
        ArgRule::Min(k) if n < k as usize => Some(format!("requires at least {k} arg(s), only received {n}")),
        ArgRule::Max(k) if n > k as usize => Some(format!("accepts at most {k} arg(s), received {n}")),
        ArgRule::Exact(k) if n != k as usize => Some(format!("accepts {k} arg(s), received {n}")),
        ArgRule::Range(a, b) if n < a as usize || n > b as usize => {
            Some(format!("accepts between {a} and {b} arg(s), received {n}"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(line: &str) -> String {
        let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        match parse(&argv) {
            Parsed::Run(inv) => format!("run {} {:?}", inv.path, inv.args),
            Parsed::Done(o) => {
                let mut s = String::new();
                for l in o.lines.iter().filter(|l| l.stream == crate::output::Stream::Stderr) {
                    s.push_str(&l.text);
                    s.push('\n');
                }
                format!("{}{}{}", o.code, if s.is_empty() { " " } else { " ! " }, s.trim_end())
            }
        }
    }

    /// Each case was run against compose v2.36.2 (stderr and status).
    #[test]
    fn errors_and_statuses_are_the_plugins() {
        for (line, want) in [
            ("up --bogus", "1 ! unknown flag: --bogus"),
            ("--bogus up", "1 ! unknown flag: --bogus"),
            ("up -f x.yml", "1 ! unknown shorthand flag: 'f' in -f"),
            ("-f", "1 ! flag needs an argument: 'f' in -f"),
            ("exec", "1 ! requires at least 2 arg(s), only received 0"),
            ("ls a", "1 ! unknown command \"a\" for \"docker compose ls\""),
            ("version a", "1 ! unknown command \"a\" for \"docker compose version\""),
            ("foo", "1 ! unknown docker command: \"compose foo\""),
            ("help up", "1 ! unknown docker command: \"compose help\""),
            ("up --help --bogus", "1 ! unknown flag: --bogus"),
            ("up -d=maybe", "1 ! invalid argument \"maybe\" for \"-d, --detach\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax"),
            (
                "cp a",
                "1 ! docker: 'docker compose cp' requires 2 arguments\n\nUsage:  docker compose cp [OPTIONS] SERVICE:SRC_PATH DEST_PATH|-\n\tdocker compose cp [OPTIONS] SRC_PATH|- SERVICE:DEST_PATH\n\nRun 'docker compose cp --help' for more information",
            ),
            ("", "0 "),
            ("-v", "0 "),
            ("--help up", "0 "),
            ("-p shop -f a.yml up -d web", "run up [\"web\"]"),
            ("exec web ls -la", "run exec [\"web\", \"ls\", \"-la\"]"),
            ("logs -f web", "run logs [\"web\"]"),
        ] {
            assert_eq!(run(line), want, "{line}");
        }
    }

    #[test]
    fn help_texts_name_the_command_and_hide_hidden_flags() {
        let argv = |l: &str| l.split_whitespace().map(str::to_string).collect::<Vec<_>>();
        let Parsed::Done(o) = parse(&argv("--help up")) else { panic!() };
        assert_eq!(o.lines[0].text, "Usage:  docker compose up [OPTIONS] [SERVICE...]");
        let Parsed::Done(o) = parse(&argv("up -h")) else { panic!() };
        assert_eq!(o.lines[0].text, "Flag shorthand -h has been deprecated, use --help");
        let Parsed::Run(inv) = parse(&argv("exec -T -u 1000 web sh")) else { panic!() };
        assert!(inv.flags.bool("no-TTY") && inv.flags.string("user") == Some("1000"));
        let Parsed::Run(inv) = parse(&argv("-p x -f a.yml -f b.yml up")) else { panic!() };
        assert_eq!(inv.root.list("file"), ["a.yml", "b.yml"]);
        assert_eq!(inv.root.string("project-name"), Some("x"));
    }
}
