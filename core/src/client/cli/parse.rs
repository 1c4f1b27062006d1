//! argv after `docker` → a command to run, or what the client prints by itself.
//!
//! This reproduces how docker v28 drives cobra and pflag, observable detail included:
//! global flags are read up to the first word (`docker -D ps`); groups read their flags
//! with cobra's `Traverse` guesses (`docker container --bogus ls` blames `docker
//! container`); the command then reads its own flags (bundles `-dit`, `-p8080:80`,
//! `--name=x`, `--detach=false`, `--`, a lone `-` as an argument, flags ending at the first
//! argument for `run`/`create`/`exec`...); `--help`, `-v`, argument counts and the exact
//! error texts and exit codes follow (125 for flag errors, 1 for argument counts).
//!
//! It never executes anything and never panics: every input gives a [`Parsed`].

use super::flags::Flags;
use super::spec::{self, ArgRule, CommandSpec, FlagSpec, Gate, Spec};
use super::value::check_value;
use crate::go::strconv;
use crate::output::{Line, Output, Stream};

/// The outcome of reading a docker command line.
#[derive(Clone, Debug, PartialEq)]
pub enum Parsed {
    /// A command to execute.
    Run(Invocation),
    /// The client handled it alone (help text, version flag, usage error): print this.
    Done(Output),
    /// It prints a whole help text, which a build without the `full` feature leaves out:
    /// the line is the full engine's to run.
    NeedsFull,
}

/// A command ready to execute.
#[derive(Clone, Debug, PartialEq)]
pub struct Invocation {
    /// Canonical path, whichever way it was typed: `"container run"`, `"image ls"`,
    /// `"volume create"`, `"version"`, `"inspect"` (the top-level `docker inspect`).
    pub path: &'static str,
    /// The command path as docker's messages print it: `docker run`, `docker container
    /// ls` (also for `docker container ps`: cobra names a command by its first name).
    pub called_as: String,
    /// The command's flags.
    pub flags: Flags,
    /// Positional arguments (for run: IMAGE, then COMMAND ARG...).
    pub args: Vec<String>,
    /// The global flags given before the command (`-H`, `--context`, `-D` ...).
    pub globals: Flags,
    /// Lines the client already printed while parsing, to show before the command's own
    /// output: flag deprecation notices (stdout: `Flag --time has been deprecated, use
    /// --timeout instead`, `Flag shorthand -h has been deprecated, use --help`).
    pub printed: Vec<Line>,
}

impl Invocation {
    /// The error docker prints instead of contacting the daemon when the global flags
    /// cannot name an endpoint: both `-H` and `--context`, `-H` twice, an unknown context
    /// (the simulator knows only `default`) or TLS without certificates. Exit code 1.
    pub fn endpoint_error(&self) -> Option<String> {
        let g = &self.globals;
        let hosts = g.list("host");
        let context = g.string("context").filter(|_| g.is_set("context"));
        if !hosts.is_empty() && context.is_some() {
            return Some("conflicting options: cannot specify both --host and --context".to_string());
        }
        if hosts.len() > 1 {
            return Some("Failed to initialize: unable to resolve docker endpoint: Specify only one -H".to_string());
        }
        if let Some(name) = context.filter(|c| *c != "default") {
            use sha2::{Digest, Sha256};
            let digest = Sha256::digest(name.as_bytes());
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            return Some(format!(
                "Failed to initialize: unable to resolve docker endpoint: context {}: context not found: open /root/.docker/contexts/meta/{hex}/meta.json: no such file or directory",
                strconv::quote(name)
            ));
        }
        if g.bool("tls") || g.bool("tlsverify") {
            let ca = g.string("tlscacert").unwrap_or("/root/.docker/ca.pem");
            return Some(format!(
                "Failed to initialize: unable to resolve docker endpoint: open {ca}: no such file or directory"
            ));
        }
        None
    }
}

/// Parses argv after the word `docker`. Never panics.
pub fn parse(argv: &[String]) -> Parsed {
    let spec = spec::spec();
    let mut out = Output::new();
    let root = spec.root();

    // 1. Global flags, up to the first word (docker's HandleGlobalFlags: its own flag
    //    set, so `-h` warns on stderr at once, even before an error).
    let g = parse_flags(spec.flags(root), argv, false);
    for n in &g.notes {
        out.err(n.clone());
    }
    // The client initialises (and checks the log level) even when a flag was wrong.
    if let Some(level) = g.flags.given("log-level") {
        if !matches!(
            level.to_lowercase().as_str(),
            "panic" | "fatal" | "error" | "warn" | "warning" | "info" | "debug" | "trace"
        ) {
            out.err(format!("Unable to parse logging level: {level}"));
            out.code = 1;
            return Parsed::Done(out);
        }
    }
    if let Some(e) = g.error {
        return flag_error(out, spec, root, &e);
    }
    let globals = g.flags;
    let mut help = globals.bool("help");
    let rest = g.args;
    if rest.is_empty() {
        if help {
            return print_help(out, spec, root, Stream::Stdout);
        } else if globals.bool("version") {
            out.out(version_line());
            return Parsed::Done(out);
        }
        // The root command's RunE shows help on stderr, successfully.
        return print_help(out, spec, root, Stream::Stderr);
    }
    // A CLI plugin's command goes to the plugin, with everything after its name; docker-ce's
    // client hands `build`, `builder` and `image build` to buildx (its `forwardBuilder`).
    let words: Vec<String> = rest.iter().take(2).cloned().collect();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let plugin = match words.as_slice() {
        ["build" | "builder", ..] => Some(("buildx", 1)),
        ["image", "build"] => Some(("buildx", 2)),
        [first, ..] => super::super::plugins::named(first).map(|p| (p, 1)),
        [] => None,
    };
    // The buildx commands the simulator performs (`build`, `prune`) are read with their own
    // help texts, as buildx's cobra reads them: `docker build X` is `docker buildx build X`.
    let buildx_line: Option<Vec<String>> = match (plugin, words.as_slice()) {
        (Some(("buildx", _)), ["build", ..] | ["image", "build"]) => {
            let skip = if words.first() == Some(&"image") { 2 } else { 1 };
            Some(
                ["buildx".to_string(), "build".to_string()]
                    .into_iter()
                    .chain(rest.iter().skip(skip).cloned())
                    .collect(),
            )
        }
        (Some(("buildx", _)), ["builder" | "buildx", sub]) if matches!(*sub, "build" | "b" | "prune") => {
            Some(std::iter::once("buildx".to_string()).chain(rest.iter().skip(1).cloned()).collect())
        }
        _ => None,
    };
    let plugin = if buildx_line.is_some() { None } else { plugin };
    let rest = buildx_line.unwrap_or(rest);
    if let Some((plugin, typed)) = plugin {
        return Parsed::Run(Invocation {
            path: plugin,
            called_as: format!("docker {}", words[..typed].join(" ")),
            flags: Flags::default(),
            args: rest[typed..].to_vec(),
            globals,
            printed: out.lines,
        });
    }

    // 2. cobra's Traverse: each group reads the flags before the next command word.
    let mut cmd = root;
    let mut args: &[String] = &rest;
    let mut group_notes = 0usize;
    while let Some((flags, child, next)) = traverse(spec, cmd, args) {
        let p = parse_flags(spec.flags(cmd), &flags, true);
        if let Some(e) = p.error {
            // cobra returns a Traverse error as is: no usage, and the generic status 1.
            out.err_text(&e);
            out.code = 1;
            return Parsed::Done(out);
        }
        group_notes += p.notes.len();
        print_notes(&mut out, &p.notes);
        if p.flags.is_set("help") {
            help = p.flags.bool("help");
        }
        cmd = child;
        args = args.get(next..).unwrap_or(&[]);
    }

    // A group the simulator does not perform takes the rest of the line whole.
    if cmd.open && args.first().is_some_and(|a| !a.starts_with('-')) {
        return Parsed::Run(Invocation {
            path: cmd.path,
            called_as: cmd.display.clone(),
            flags: Flags::default(),
            args: args.to_vec(),
            globals,
            printed: out.lines,
        });
    }

    // 3. The command itself.
    let p = parse_flags(spec.flags(cmd), args, cmd.interspersed);
    if let Some(e) = p.error {
        return flag_error(out, spec, cmd, &e);
    }
    print_notes(&mut out, &p.notes);
    // run/create own their `--help`; elsewhere it is the shared flag, set at any level.
    let help = if cmd.own_help || p.flags.is_set("help") { p.flags.bool("help") } else { help };
    if help {
        if !cmd.is_group() && group_notes > 0 {
            // docker's help function traverses the line once more, and each group prints
            // its whole (now doubled) buffer of warnings again.
            for _ in 0..group_notes * 2 {
                out.out("Flag shorthand -h has been deprecated, use --help");
            }
        }
        return print_help(out, spec, cmd, Stream::Stdout);
    }
    if cmd.path.is_empty() {
        if globals.bool("version") || p.flags.bool("version") {
            out.out(version_line());
        } else {
            let word = p.args.first().map(String::as_str).unwrap_or("");
            out.err(format!("docker: unknown command: docker {word}"));
            out.err("");
            out.err("Run 'docker --help' for more information");
            out.code = 1;
        }
        return Parsed::Done(out);
    }
    // docker wraps every argument check in its `isSupported` check, so a flag our daemon
    // refuses is reported even when the argument count is wrong too.
    if let Some(msg) = gate_error(&p.flags).or_else(|| arg_error(spec, cmd, &p.args)) {
        out.err_text(&msg);
        out.code = 1;
        return Parsed::Done(out);
    }
    if cmd.is_group() {
        // A group's RunE shows its help on stderr.
        return print_help(out, spec, cmd, Stream::Stderr);
    }
    if cmd.path == "help" {
        return help_topic(spec, out, &p.args);
    }
    Parsed::Run(Invocation {
        path: cmd.path,
        called_as: cmd.display.clone(),
        flags: p.flags,
        args: p.args,
        globals,
        printed: out.lines,
    })
}

fn version_line() -> String {
    format!("Docker version {}, build {}", spec::CLIENT_VERSION, spec::CLIENT_COMMIT)
}

/// Prints `cmd`'s help text after what `out` holds: on stdout for `--help`, on stderr
/// (successfully) for a group's or docker's own RunE. A build without the texts (core
/// without `full`) hands the whole line to the full engine instead, which prints it all.
fn print_help(mut out: Output, spec: &Spec, cmd: &CommandSpec, stream: Stream) -> Parsed {
    let Some(text) = spec.help_text(cmd) else {
        return Parsed::NeedsFull;
    };
    match stream {
        Stream::Stdout => out.out_text(&text),
        Stream::Stderr => out.err_text(&text),
    }
    Parsed::Done(out)
}

fn print_notes(out: &mut Output, notes: &[String]) {
    for n in notes {
        out.out(n.clone());
    }
}

/// docker's `FlagErrorFunc`: the pflag error, the use line, a pointer to `--help`; 125.
fn flag_error(mut out: Output, spec: &Spec, cmd: &CommandSpec, err: &str) -> Parsed {
    out.err_text(err);
    out.err("");
    out.err_text(&format!("Usage:  {}", spec.use_line(cmd)));
    out.err("");
    out.err(format!("Run '{} --help' for more information", cmd.display));
    out.code = 125;
    Parsed::Done(out)
}

/// docker's `cli/required.go` messages. Only `RequiresMinArgs` says `See`, and
/// `RequiresMaxArgs` says `SRun` (a typo in v28.2.2 that `docker images a b` shows).
pub(crate) fn arg_error(spec: &Spec, cmd: &CommandSpec, args: &[String]) -> Option<String> {
    let n = args.len() as u64;
    let d = &cmd.display;
    let plural = |k: u32| if k == 1 { "argument" } else { "arguments" };
    let (what, pointer) = match cmd.args {
        ArgRule::Group if n > 0 => {
            let word = args.first().map(String::as_str).unwrap_or("");
            return Some(format!(
                "docker: unknown command: {d} {word}\n\nUsage:  {}\n\nRun '{d} --help' for more information",
                spec.use_line(cmd)
            ));
        }
        ArgRule::None if n > 0 => (format!("'{d}' accepts no arguments"), "Run"),
        ArgRule::Exact(k) if n != u64::from(k) => (format!("'{d}' requires {k} {}", plural(k)), "Run"),
        ArgRule::Min(k) if n < u64::from(k) => (format!("'{d}' requires at least {k} {}", plural(k)), "See"),
        ArgRule::Max(k) if n > u64::from(k) => (format!("'{d}' requires at most {k} {}", plural(k)), "SRun"),
        ArgRule::Range(a, b) if n < u64::from(a) || n > u64::from(b) => {
            (format!("'{d}' requires at least {a} and at most {b} {}", plural(b)), "Run")
        }
        _ => return None,
    };
    // buildx prints its errors through its own main, which says `ERROR: ` first.
    let prefix = if cmd.path.starts_with("buildx") { "ERROR: " } else { "" };
    Some(format!(
        "{prefix}docker: {what}\n\nUsage:  {}\n\n{pointer} '{d} --help' for more information",
        spec.use_line(cmd)
    ))
}

/// cobra's `isSupported` for flags our daemon refuses, in pflag's (sorted) order.
fn gate_error(flags: &Flags) -> Option<String> {
    let mut gated: Vec<&FlagSpec> =
        flags.specs().iter().filter(|f| f.gate != Gate::None && flags.typed().contains(&f.long)).collect();
    crate::sort::sort_by_key(&mut gated, |f| f.long);
    let msgs: Vec<String> = gated
        .iter()
        .map(|f| match f.gate {
            Gate::Windows => format!(
                "{} is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux",
                strconv::quote(&format!("--{}", f.long))
            ),
            _ => format!(
                "{} is only supported on a Docker daemon with experimental features enabled",
                strconv::quote(&format!("--{}", f.long))
            ),
        })
        .collect();
    (!msgs.is_empty()).then(|| msgs.join("\n"))
}

/// `docker help [command]`: cobra's `Find` from the top; any word left over is an
/// unknown topic.
fn help_topic(spec: &Spec, mut out: Output, args: &[String]) -> Parsed {
    let mut cmd = spec.root();
    let mut i = 0;
    while let Some(c) = args.get(i).filter(|w| !w.starts_with('-')).and_then(|w| spec.child(cmd, w)) {
        cmd = c;
        i += 1;
    }
    let left = args.get(i..).unwrap_or(&[]);
    if left.is_empty() {
        return print_help(out, spec, cmd, Stream::Stdout);
    }
    out.err(format!("unknown help topic: {}", left.join(" ")));
    out.code = 1;
    Parsed::Done(out)
}

/// cobra's `Traverse` step at `cmd`: collects what looks like flags (guessing that an
/// unknown `--x` or `-x` takes the next word as its value) up to the first other word;
/// if that word names a subcommand, returns (flags, subcommand, index after the word).
pub(crate) fn traverse<'s>(
    spec: &'s Spec,
    cmd: &CommandSpec,
    args: &[String],
) -> Option<(Vec<String>, &'s CommandSpec, usize)> {
    if !cmd.is_group() {
        return None;
    }
    let flags = spec.flags(cmd);
    let no_value_long = |name: &str| flags.iter().any(|f| f.long == name && !f.takes_value());
    let no_value_short = |c: u8| flags.iter().any(|f| f.short == Some(char::from(c)) && !f.takes_value());
    let mut seen = Vec::new();
    let mut in_flag = false;
    for (i, arg) in args.iter().enumerate() {
        let b = arg.as_bytes();
        if arg.starts_with("--") && !arg.contains('=') {
            in_flag = !no_value_long(&arg[2..]);
        } else if b.len() == 2 && b[0] == b'-' && b[1] != b'=' && !no_value_short(b[1]) {
            in_flag = true;
        } else if in_flag {
            in_flag = false;
        } else if !((b.len() >= 3 && arg.starts_with("--")) || (b.len() >= 2 && b[0] == b'-' && b[1] != b'-')) {
            return spec.child(cmd, arg).map(|c| (seen, c, i + 1));
        }
        seen.push(arg.clone());
    }
    None
}

/// What one pflag parse produced: the flags, the positional arguments, the deprecation
/// notices pflag wrote, and the error that stopped it, if any.
pub(crate) struct FlagParse {
    pub flags: Flags,
    pub args: Vec<String>,
    pub notes: Vec<String>,
    pub error: Option<String>,
}

/// pflag's `FlagSet.Parse`. With `interspersed` false the first argument ends the flags.
pub(crate) fn parse_flags(specs: &'static [FlagSpec], argv: &[String], interspersed: bool) -> FlagParse {
    let mut p = FlagParse { flags: Flags::new(specs), args: Vec::new(), notes: Vec::new(), error: None };
    let mut i = 0;
    while let Some(s) = argv.get(i) {
        i += 1;
        if s.len() < 2 || !s.starts_with('-') {
            p.args.push(s.clone());
            if !interspersed {
                p.args.extend(argv.get(i..).unwrap_or(&[]).iter().cloned());
                break;
            }
            continue;
        }
        let result = if s == "--" {
            p.args.extend(argv.get(i..).unwrap_or(&[]).iter().cloned());
            break;
        } else if let Some(name) = s.strip_prefix("--") {
            parse_long(&mut p, s, name, argv, &mut i)
        } else {
            parse_shorts(&mut p, &s[1..], argv, &mut i)
        };
        if let Err(e) = result {
            p.error = Some(e);
            break;
        }
    }
    p
}

fn parse_long(p: &mut FlagParse, s: &str, name: &str, argv: &[String], i: &mut usize) -> Result<(), String> {
    if name.is_empty() || name.starts_with('-') || name.starts_with('=') {
        return Err(format!("bad flag syntax: {s}"));
    }
    let (name, inline) = match name.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (name, None),
    };
    let Some(f) = p.flags.specs().iter().find(|f| f.long == name) else {
        return Err(format!("unknown flag: --{name}"));
    };
    let value = match inline {
        Some(v) => v.to_string(),
        None if !f.takes_value() => "true".to_string(),
        None => match argv.get(*i) {
            Some(v) => {
                *i += 1;
                v.clone()
            }
            None => return Err(format!("flag needs an argument: {s}")),
        },
    };
    set(p, f, &value)
}

/// A bundle of shorthands (`-dit`, `-p8080:80`, `-p=80`): booleans in turn; the first
/// flag that takes a value takes the rest of the bundle, or the next word if none is left.
fn parse_shorts(p: &mut FlagParse, bundle: &str, argv: &[String], i: &mut usize) -> Result<(), String> {
    let mut rest = bundle;
    while let Some(&c) = rest.as_bytes().first() {
        let letter = char::from(c);
        let Some(f) = p.flags.specs().iter().find(|f| f.short == Some(letter) && c.is_ascii()) else {
            return Err(format!("unknown shorthand flag: {} in -{rest}", strconv::quote_rune(letter)));
        };
        let tail = &rest[1..];
        let value = if let Some(v) = tail.strip_prefix('=').filter(|_| tail.len() > 1) {
            rest = "";
            v.to_string()
        } else if !f.takes_value() {
            rest = tail;
            "true".to_string()
        } else if !tail.is_empty() {
            rest = "";
            tail.to_string()
        } else if let Some(v) = argv.get(*i) {
            *i += 1;
            rest = "";
            v.clone()
        } else {
            return Err(format!("flag needs an argument: {} in -{rest}", strconv::quote_rune(letter)));
        };
        if let Some(msg) = f.shorthand_deprecated {
            p.notes.push(format!("Flag shorthand -{letter} has been deprecated, {msg}"));
        }
        set(p, f, &value)?;
    }
    Ok(())
}

/// pflag's `FlagSet.Set`: checks and stores the value, then warns if the flag is
/// deprecated (so an invalid value of a deprecated flag gets no warning).
fn set(p: &mut FlagParse, f: &FlagSpec, value: &str) -> Result<(), String> {
    let values = check_value(f, value).map_err(|e| {
        format!("invalid argument {} for {} flag: {e}", strconv::quote(value), strconv::quote(&f.error_name()))
    })?;
    p.flags.record(f, values);
    if let Some(msg) = &f.deprecated {
        p.notes.push(format!("Flag --{} has been deprecated, {msg}", f.long));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs argv (split on spaces; `·` stands for a space inside a word) and renders the
    /// result: `RUN path as=... args=[..] flags=[..]` plus printed lines, or the printed
    /// lines (`1 ` stdout, `2 ` stderr) and `[exit N]`.
    fn render(argv: &str) -> String {
        let argv: Vec<String> =
            if argv.is_empty() { Vec::new() } else { argv.split(' ').map(|w| w.replace('·', " ")).collect() };
        let show = |lines: &[Line]| -> String {
            lines.iter().map(|l| format!("{} {}\n", if l.stream == Stream::Stdout { 1 } else { 2 }, l.text)).collect()
        };
        match parse(&argv) {
            Parsed::Run(inv) => {
                let flags: Vec<String> =
                    inv.flags.values().iter().map(|(k, v)| format!("{k}={}", v.join("|"))).collect();
                format!(
                    "{}RUN {} as={:?} args={:?} flags=[{}]",
                    show(&inv.printed),
                    inv.path,
                    inv.called_as,
                    inv.args,
                    flags.join(" ")
                )
            }
            Parsed::Done(out) => format!("{}[exit {}]", show(&out.lines), out.code),
            Parsed::NeedsFull => "NEEDS FULL".to_string(),
        }
    }

    fn check(argv: &str, expected: &str) {
        let got = render(argv);
        assert_eq!(got, expected.trim_start_matches('\n').trim_end(), "\nargv: docker {argv}\n--- got:\n{got}\n");
    }

    /// For help outputs: the first lines and the exit code.
    fn check_head(argv: &str, expected: &str) {
        let got = render(argv);
        let n = expected.trim_start_matches('\n').lines().count();
        let head: Vec<&str> = got.lines().take(n - 1).chain(got.lines().last()).collect();
        assert_eq!(
            head.join("\n"),
            expected.trim_start_matches('\n').trim_end(),
            "\nargv: docker {argv}\n--- got:\n{got}\n"
        );
    }

    #[test]
    fn top_level_help_and_version() {
        check_head("", "2 Usage:  docker [OPTIONS] COMMAND\n2 \n2 A self-sufficient runtime for containers\n[exit 0]");
        check_head("--help", "1 Usage:  docker [OPTIONS] COMMAND\n1 \n[exit 0]");
        check_head(
            "-h",
            "2 Flag shorthand -h has been deprecated, use --help\n1 Usage:  docker [OPTIONS] COMMAND\n[exit 0]",
        );
        check_head("help", "1 Usage:  docker [OPTIONS] COMMAND\n[exit 0]");
        check_head("--help foo", "1 Usage:  docker [OPTIONS] COMMAND\n[exit 0]");
        check_head("-D", "2 Usage:  docker [OPTIONS] COMMAND\n[exit 0]");
        check("-v", "1 Docker version 28.2.2, build e6534b4\n[exit 0]");
        check("--version", "1 Docker version 28.2.2, build e6534b4\n[exit 0]");
        check("--version foo", "1 Docker version 28.2.2, build e6534b4\n[exit 0]");
        check("-v ps", "RUN container ls as=\"docker ps\" args=[] flags=[]");
        let root = render("--help");
        assert!(root
            .ends_with("1 For more help on how to use Docker, head to https://docs.docker.com/go/guides/\n[exit 0]"));
        assert!(!root.contains("checkpoint") && root.contains("1   swarm       Manage Swarm\n"));
    }

    #[test]
    fn group_help() {
        check_head("container", "2 Usage:  docker container COMMAND\n2 \n2 Manage containers\n[exit 0]");
        check_head("container --help", "1 Usage:  docker container COMMAND\n[exit 0]");
        check_head("help container", "1 Usage:  docker container COMMAND\n[exit 0]");
        check_head(
            "container -h",
            "1 Flag shorthand -h has been deprecated, use --help\n1 Usage:  docker container COMMAND\n[exit 0]",
        );
        assert!(!render("volume").contains("update"));
    }

    #[test]
    fn command_help_in_both_forms() {
        check_head("run --help", "1 Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n1 \n1 Create and run a new container from an image\n[exit 0]");
        check_head(
            "container run --help",
            "1 Usage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n[exit 0]",
        );
        check_head("help run", "1 Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n[exit 0]");
        check_head("help container ls", "1 Usage:  docker container ls [OPTIONS]\n[exit 0]");
        check_head("container ps --help", "1 Usage:  docker container ls [OPTIONS]\n[exit 0]");
        check_head(
            "ps -h",
            "1 Flag shorthand -h has been deprecated, use --help\n1 Usage:  docker ps [OPTIONS]\n[exit 0]",
        );
        check_head("image list -h", "1 Flag shorthand -h has been deprecated, use --help\n1 Usage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n[exit 0]");
        check_head(
            "-h ps",
            "2 Flag shorthand -h has been deprecated, use --help\n1 Usage:  docker ps [OPTIONS]\n[exit 0]",
        );
        check_head("--help ps", "1 Usage:  docker ps [OPTIONS]\n[exit 0]");
        check_head("ps --help foo", "1 Usage:  docker ps [OPTIONS]\n[exit 0]");
        check_head("container --help ls", "1 Usage:  docker container ls [OPTIONS]\n[exit 0]");
        check_head("image ls --help x", "1 Usage:  docker image ls [OPTIONS] [REPOSITORY[:TAG]]\n[exit 0]");
        // Help output ends where the help text does.
        assert!(render("ps --help").ends_with("1   -s, --size            Display total file sizes\n[exit 0]"));
    }

    #[test]
    fn group_level_dash_h_is_reprinted_by_the_help_function() {
        let h = "1 Flag shorthand -h has been deprecated, use --help\n";
        check_head("container -h ls", &format!("{h}{h}{h}1 Usage:  docker container ls [OPTIONS]\n[exit 0]"));
        check_head(
            "container -h -h ls",
            &format!("{h}{h}{h}{h}{h}{h}1 Usage:  docker container ls [OPTIONS]\n[exit 0]"),
        );
        check_head("container -h ls -h", &format!("{h}{h}{h}{h}1 Usage:  docker container ls [OPTIONS]\n[exit 0]"));
        check_head("container -h foo", &format!("{h}1 Usage:  docker container COMMAND\n[exit 0]"));
        check("container -h ls --bogus", &format!("{h}2 unknown flag: --bogus\n2 \n2 Usage:  docker container ls [OPTIONS]\n2 \n2 Run 'docker container ls --help' for more information\n[exit 125]"));
    }

    #[test]
    fn run_and_create_have_their_own_help_flag() {
        check(
            "--help run",
            "2 docker: 'docker run' requires at least 1 argument\n2 \n2 Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n2 \n2 See 'docker run --help' for more information\n[exit 1]",
        );
        check("container --help create x", "RUN container create as=\"docker container create\" args=[\"x\"] flags=[]");
        check(
            "run --help=x",
            "2 invalid argument \"x\" for \"--help\" flag: strconv.ParseBool: parsing \"x\": invalid syntax\n2 \n2 Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n2 \n2 Run 'docker run --help' for more information\n[exit 125]",
        );
        check(
            "run -h",
            "2 flag needs an argument: 'h' in -h\n2 \n2 Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n2 \n2 Run 'docker run --help' for more information\n[exit 125]",
        );
        check("run -h web nginx", "RUN container run as=\"docker run\" args=[\"nginx\"] flags=[hostname=web]");
    }

    #[test]
    fn unknown_commands() {
        check("foo", "2 docker: unknown command: docker foo\n2 \n2 Run 'docker --help' for more information\n[exit 1]");
        check(
            "-D foo bar",
            "2 docker: unknown command: docker foo\n2 \n2 Run 'docker --help' for more information\n[exit 1]",
        );
        check(
            "image foo",
            "2 docker: unknown command: docker image foo\n2 \n2 Usage:  docker image\n2 \n2 Run 'docker image --help' for more information\n[exit 1]",
        );
        check(
            "image -- ls",
            "2 docker: unknown command: docker image ls\n2 \n2 Usage:  docker image\n2 \n2 Run 'docker image --help' for more information\n[exit 1]",
        );
        check(
            "volume a",
            "2 docker: unknown command: docker volume a\n2 \n2 Usage:  docker volume COMMAND\n2 \n2 Run 'docker volume --help' for more information\n[exit 1]",
        );
        check("help foo", "2 unknown help topic: foo\n[exit 1]");
        check("help image foo bar", "2 unknown help topic: foo bar\n[exit 1]");
        check("help run foo", "2 unknown help topic: foo\n[exit 1]");
        check(
            "help --bogus",
            "2 unknown flag: --bogus\n2 \n2 Usage:  docker help [command]\n2 \n2 Run 'docker help --help' for more information\n[exit 125]",
        );
        check_head("help -h", "1 Flag shorthand -h has been deprecated, use --help\n1 Usage:  docker help [command]\n1 \n1 Help about the command\n[exit 0]");
    }

    #[test]
    fn unknown_and_malformed_flags() {
        let tail = "2 \n2 Usage:  docker ps [OPTIONS]\n2 \n2 Run 'docker ps --help' for more information\n[exit 125]";
        check("ps --bogus", &format!("2 unknown flag: --bogus\n{tail}"));
        check("ps -z", &format!("2 unknown shorthand flag: 'z' in -z\n{tail}"));
        check("ps -qz", &format!("2 unknown shorthand flag: 'z' in -z\n{tail}"));
        check("ps -zq", &format!("2 unknown shorthand flag: 'z' in -zq\n{tail}"));
        check("ps ---x", &format!("2 bad flag syntax: ---x\n{tail}"));
        check("ps --=x", &format!("2 bad flag syntax: --=x\n{tail}"));
        check("ps -D", &format!("2 unknown shorthand flag: 'D' in -D\n{tail}"));
        check("ps --help --bogus", &format!("2 unknown flag: --bogus\n{tail}"));
        check("ps -é", &format!("2 unknown shorthand flag: 'Ã' in -é\n{tail}"));
        check("ps --all=maybe", &format!("2 invalid argument \"maybe\" for \"-a, --all\" flag: strconv.ParseBool: parsing \"maybe\": invalid syntax\n{tail}"));
        check("ps -n", &format!("2 flag needs an argument: 'n' in -n\n{tail}"));
        check("ps --format", &format!("2 flag needs an argument: --format\n{tail}"));
        check("ps -n x", &format!("2 invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n{tail}"));
        check("ps --filter foo", &format!("2 invalid argument \"foo\" for \"-f, --filter\" flag: bad format of filter (expected name=value)\n{tail}"));
        check("-x", "2 unknown shorthand flag: 'x' in -x\n2 \n2 Usage:  docker [OPTIONS] COMMAND [ARG...]\n2 \n2 Run 'docker --help' for more information\n[exit 125]");
        check("-H", "2 flag needs an argument: 'H' in -H\n2 \n2 Usage:  docker [OPTIONS] COMMAND [ARG...]\n2 \n2 Run 'docker --help' for more information\n[exit 125]");
        check("--context", "2 flag needs an argument: --context\n2 \n2 Usage:  docker [OPTIONS] COMMAND [ARG...]\n2 \n2 Run 'docker --help' for more information\n[exit 125]");
        check("-h=x", "2 Flag shorthand -h has been deprecated, use --help\n2 invalid argument \"x\" for \"--help\" flag: strconv.ParseBool: parsing \"x\": invalid syntax\n2 \n2 Usage:  docker [OPTIONS] COMMAND [ARG...]\n2 \n2 Run 'docker --help' for more information\n[exit 125]");
        check("foo --bogus", "2 unknown flag: --bogus\n2 \n2 Usage:  docker [OPTIONS] COMMAND [ARG...]\n2 \n2 Run 'docker --help' for more information\n[exit 125]");
        check(
            "container --bogus ls",
            "2 unknown flag: --bogus\n2 \n2 Usage:  docker container\n2 \n2 Run 'docker container --help' for more information\n[exit 125]",
        );
        // A flag error while cobra traverses groups is printed bare, with status 1.
        check("container --x=1 ls", "2 unknown flag: --x\n[exit 1]");
        check("container -qa ls", "2 unknown shorthand flag: 'q' in -qa\n[exit 1]");
        check("volume --bogus", "2 unknown flag: --bogus\n2 \n2 Usage:  docker volume COMMAND\n2 \n2 Run 'docker volume --help' for more information\n[exit 125]");
        check(
            "container -q ls",
            "2 unknown shorthand flag: 'q' in -q\n2 \n2 Usage:  docker container\n2 \n2 Run 'docker container --help' for more information\n[exit 125]",
        );
    }

    #[test]
    fn typed_values() {
        let stop = "2 \n2 Usage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n2 \n2 Run 'docker stop --help' for more information\n[exit 125]";
        check("stop -t abc x", &format!("2 invalid argument \"abc\" for \"-t, --timeout\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\n{stop}"));
        check("stop -t 99999999999999999999 x", &format!("2 invalid argument \"99999999999999999999\" for \"-t, --timeout\" flag: strconv.ParseInt: parsing \"99999999999999999999\": value out of range\n{stop}"));
        check(
            "stop --time x",
            &format!(
                "2 invalid argument \"x\" for \"--time\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n{stop}"
            ),
        );
        check("stop -t 0x10 -t -5 a", "RUN container stop as=\"docker stop\" args=[\"a\"] flags=[timeout=0x10|-5]");
        let run = "2 \n2 Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n2 \n2 Run 'docker run --help' for more information\n[exit 125]";
        check(
            "run -m 1x img",
            &format!("2 invalid argument \"1x\" for \"-m, --memory\" flag: invalid suffix: 'x'\n{run}"),
        );
        check(
            "run -m abc img",
            &format!("2 invalid argument \"abc\" for \"-m, --memory\" flag: invalid size: 'abc'\n{run}"),
        );
        check("run --memory-swap -1 img", "RUN container run as=\"docker run\" args=[\"img\"] flags=[memory-swap=-1]");
        check(
            "run --health-interval 5 img",
            &format!(
                "2 invalid argument \"5\" for \"--health-interval\" flag: time: missing unit in duration \"5\"\n{run}"
            ),
        );
        check("run --health-interval 5x img", &format!("2 invalid argument \"5x\" for \"--health-interval\" flag: time: unknown unit \"x\" in duration \"5x\"\n{run}"));
        check(
            "run --health-interval abc img",
            &format!(
                "2 invalid argument \"abc\" for \"--health-interval\" flag: time: invalid duration \"abc\"\n{run}"
            ),
        );
        check(
            "run --cpus x img",
            &format!("2 invalid argument \"x\" for \"--cpus\" flag: failed to parse x as a rational number\n{run}"),
        );
        check(
            "run --cpus 0.0000000001 img",
            &format!("2 invalid argument \"0.0000000001\" for \"--cpus\" flag: value is too precise\n{run}"),
        );
        check("run --blkio-weight 70000 img", &format!("2 invalid argument \"70000\" for \"--blkio-weight\" flag: strconv.ParseUint: parsing \"70000\": value out of range\n{run}"));
        check(
            "run -e =x img",
            &format!("2 invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x\n{run}"),
        );
        check("run -a foo img", &format!("2 invalid argument \"foo\" for \"-a, --attach\" flag: valid streams are STDIN, STDOUT and STDERR\n{run}"));
        check(
            "run -l =x img",
            &format!("2 invalid argument \"=x\" for \"-l, --label\" flag: invalid label '=x': empty name\n{run}"),
        );
        check(
            "run -l a·b=1 img",
            &format!("2 invalid argument \"a b=1\" for \"-l, --label\" flag: label 'a b' contains whitespaces\n{run}"),
        );
        check(
            "run --add-host foo img",
            &format!("2 invalid argument \"foo\" for \"--add-host\" flag: bad format for add-host: \"foo\"\n{run}"),
        );
        check(
            "run --dns 1.2.3 img",
            &format!(
                "2 invalid argument \"1.2.3\" for \"--dns\" flag: IP address is not correctly formatted: 1.2.3\n{run}"
            ),
        );
        check(
            "run --link a:b:c img",
            &format!("2 invalid argument \"a:b:c\" for \"--link\" flag: bad format for links: a:b:c\n{run}"),
        );
        check(
            "run --sysctl kernel.x=1 img",
            &format!(
                "2 invalid argument \"kernel.x=1\" for \"--sysctl\" flag: sysctl 'kernel.x=1' is not allowed\n{run}"
            ),
        );
        check(
            "run --mount source=x img",
            &format!("2 invalid argument \"source=x\" for \"--mount\" flag: target is required\n{run}"),
        );
        check("run --mount type=bind,target=/a,volume-nocopy img", &format!("2 invalid argument \"type=bind,target=/a,volume-nocopy\" for \"--mount\" flag: cannot mix 'volume-*' options with mount type 'bind'\n{run}"));
        check(
            "run --mount target=/a,foo=1 img",
            &format!(
                "2 invalid argument \"target=/a,foo=1\" for \"--mount\" flag: unexpected key 'foo' in 'foo=1'\n{run}"
            ),
        );
        check(
            "run --network name=n,foo=1 img",
            &format!("2 invalid argument \"name=n,foo=1\" for \"--network\" flag: invalid field key foo\n{run}"),
        );
        check(
            "run --net alias=x img",
            &format!("2 invalid argument \"alias=x\" for \"--net\" flag: network name/id is not specified\n{run}"),
        );
        check("rmi --platform= x", "RUN image rm as=\"docker rmi\" args=[\"x\"] flags=[platform=]");
        check("run --mount= img", &format!("2 invalid argument \"\" for \"--mount\" flag: EOF\n{run}"));
        check("run --mount \"a\"b img", &format!("2 invalid argument \"\\\"a\\\"b\" for \"--mount\" flag: parse error on line 1, column 3: extraneous or missing \" in quoted-field\n{run}"));
        check("rmi --platform a\"b img", "2 invalid argument \"a\\\"b\" for \"--platform\" flag: parse error on line 1, column 2: bare \" in non-quoted-field\n2 \n2 Usage:  docker rmi [OPTIONS] IMAGE [IMAGE...]\n2 \n2 Run 'docker rmi --help' for more information\n[exit 125]");
    }

    #[test]
    fn bundles_values_and_separators() {
        check("run -dit --rm nginx", "RUN container run as=\"docker run\" args=[\"nginx\"] flags=[detach=true interactive=true tty=true rm=true]");
        check("ps -qa", "RUN container ls as=\"docker ps\" args=[] flags=[quiet=true all=true]");
        check(
            "run -p8080:80 -p 9090:90 --publish=1:2 -dp 3:4 img",
            "RUN container run as=\"docker run\" args=[\"img\"] flags=[publish=8080:80|9090:90|1:2|3:4 detach=true]",
        );
        check(
            "run -itp 80:80 img",
            "RUN container run as=\"docker run\" args=[\"img\"] flags=[interactive=true tty=true publish=80:80]",
        );
        check("run -pit img", "RUN container run as=\"docker run\" args=[\"img\"] flags=[publish=it]");
        check("run -p=80 img", "RUN container run as=\"docker run\" args=[\"img\"] flags=[publish=80]");
        check(
            "run -d=false --name=web --name x img",
            "RUN container run as=\"docker run\" args=[\"img\"] flags=[detach=false name=web|x]",
        );
        check(
            "run --detach false img",
            "RUN container run as=\"docker run\" args=[\"false\", \"img\"] flags=[detach=true]",
        );
        check("run -e A=1 -e B -e C= img", "RUN container run as=\"docker run\" args=[\"img\"] flags=[env=A=1|B|C=]");
        check("run nginx -d --rm", "RUN container run as=\"docker run\" args=[\"nginx\", \"-d\", \"--rm\"] flags=[]");
        check("run -- nginx -d", "RUN container run as=\"docker run\" args=[\"nginx\", \"-d\"] flags=[]");
        check(
            "run --net host --network-alias a --net-alias b img",
            "RUN container run as=\"docker run\" args=[\"img\"] flags=[network=host network-alias=a|b]",
        );
        check("exec -it web sh -c ls", "RUN container exec as=\"docker exec\" args=[\"web\", \"sh\", \"-c\", \"ls\"] flags=[interactive=true tty=true]");
        check("rm -f a -v b", "RUN container rm as=\"docker rm\" args=[\"a\", \"b\"] flags=[force=true volumes=true]");
        check("rm - -- -f", "RUN container rm as=\"docker rm\" args=[\"-\", \"-f\"] flags=[]");
        check(
            "ps -f Status=·exited· --filter= -f name=web",
            "RUN container ls as=\"docker ps\" args=[] flags=[filter=status=exited|name=web]",
        );
        check(
            "rmi --platform linux/amd64,linux/arm64 x",
            "RUN image rm as=\"docker rmi\" args=[\"x\"] flags=[platform=linux/amd64|linux/arm64]",
        );
        check(
            "run -a STDOUT --add-host h=1.2.3.4 img",
            "RUN container run as=\"docker run\" args=[\"img\"] flags=[attach=stdout add-host=h:1.2.3.4]",
        );
        check("container list -a", "RUN container ls as=\"docker container ls\" args=[] flags=[all=true]");
        check("image rmi a", "RUN image rm as=\"docker image rm\" args=[\"a\"] flags=[]");
        check("remove a", "RUN container rm as=\"docker rm\" args=[\"a\"] flags=[]");
        check("-D -H unix:///x --context default -l debug ps", "RUN container ls as=\"docker ps\" args=[] flags=[]");
    }

    #[test]
    fn deprecated_and_gated_flags() {
        check("stop --time 3 x", "1 Flag --time has been deprecated, use --timeout instead\nRUN container stop as=\"docker stop\" args=[\"x\"] flags=[timeout=3]");
        check(
            "stop --time 3",
            "1 Flag --time has been deprecated, use --timeout instead\n2 docker: 'docker stop' requires at least 1 argument\n2 \n2 Usage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n2 \n2 See 'docker stop --help' for more information\n[exit 1]",
        );
        // docker checks support before the argument count.
        check(
            "start --checkpoint x",
            "2 \"--checkpoint\" is only supported on a Docker daemon with experimental features enabled\n[exit 1]",
        );
        check(
            "start --checkpoint x y",
            "2 \"--checkpoint\" is only supported on a Docker daemon with experimental features enabled\n[exit 1]",
        );
        check(
            "run --cpu-percent 1 --cpu-count 2 x",
            "2 \"--cpu-count\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n2 \"--cpu-percent\" is only supported on a Docker daemon running on windows, but the Docker daemon is running on linux\n[exit 1]",
        );
        // The host has buildx: docker build goes to it, with no legacy-builder banner, and is
        // read with buildx's own flags; the rest of buildx is the plugin's.
        check("build .", "RUN buildx build as=\"docker buildx build\" args=[\".\"] flags=[]");
        check("image build -t a -t b .", "RUN buildx build as=\"docker buildx build\" args=[\".\"] flags=[tag=a|b]");
        check("builder prune -af", "RUN buildx prune as=\"docker buildx prune\" args=[] flags=[all=true force=true]");
        check("buildx ls", "RUN buildx as=\"docker buildx\" args=[\"ls\"] flags=[]");
        check(
            "build",
            "2 ERROR: docker: 'docker buildx build' requires 1 argument\n2 \n2 Usage:  docker buildx build [OPTIONS] PATH | URL | -\n2 \n2 Run 'docker buildx build --help' for more information\n[exit 1]",
        );
        check(
            "build --bogus .",
            "2 unknown flag: --bogus\n2 \n2 Usage:  docker buildx build [OPTIONS] PATH | URL | -\n2 \n2 Run 'docker buildx build --help' for more information\n[exit 125]",
        );
        check("-D compose up -d", "RUN compose as=\"docker compose\" args=[\"up\", \"-d\"] flags=[]");
    }

    #[test]
    fn argument_counts() {
        check("images a b", "2 docker: 'docker images' requires at most 1 argument\n2 \n2 Usage:  docker images [OPTIONS] [REPOSITORY[:TAG]]\n2 \n2 SRun 'docker images --help' for more information\n[exit 1]");
        check("ps foo", "2 docker: 'docker ps' accepts no arguments\n2 \n2 Usage:  docker ps [OPTIONS]\n2 \n2 Run 'docker ps --help' for more information\n[exit 1]");
        check("ps -", "2 docker: 'docker ps' accepts no arguments\n2 \n2 Usage:  docker ps [OPTIONS]\n2 \n2 Run 'docker ps --help' for more information\n[exit 1]");
        check("run", "2 docker: 'docker run' requires at least 1 argument\n2 \n2 Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n2 \n2 See 'docker run --help' for more information\n[exit 1]");
        check("container rm", "2 docker: 'docker container rm' requires at least 1 argument\n2 \n2 Usage:  docker container rm [OPTIONS] CONTAINER [CONTAINER...]\n2 \n2 See 'docker container rm --help' for more information\n[exit 1]");
        check("rename a", "2 docker: 'docker rename' requires 2 arguments\n2 \n2 Usage:  docker rename CONTAINER NEW_NAME\n2 \n2 Run 'docker rename --help' for more information\n[exit 1]");
        check("port", "2 docker: 'docker port' requires at least 1 and at most 2 arguments\n2 \n2 Usage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n2 \n2 Run 'docker port --help' for more information\n[exit 1]");
        check("exec web", "2 docker: 'docker exec' requires at least 2 arguments\n2 \n2 Usage:  docker exec [OPTIONS] CONTAINER COMMAND [ARG...]\n2 \n2 See 'docker exec --help' for more information\n[exit 1]");
        check("cp a", "2 docker: 'docker cp' requires 2 arguments\n2 \n2 Usage:  docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n2 \tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n2 \n2 Run 'docker cp --help' for more information\n[exit 1]");
        check("stats", "RUN container stats as=\"docker stats\" args=[] flags=[]");
    }

    #[test]
    fn flags_accessors() {
        let Parsed::Run(inv) = parse(&["ps".to_string()]) else { panic!() };
        assert_eq!((inv.flags.int("last"), inv.flags.is_set("last"), inv.flags.bool("all")), (Some(-1), false, false));
        let argv: Vec<String> =
            "run --sig-proxy=false -m 1g --cpus 1.5 --health-interval 1m30s --name a --name b -e X img"
                .split(' ')
                .map(String::from)
                .collect();
        let Parsed::Run(inv) = parse(&argv) else { panic!() };
        let f = &inv.flags;
        assert!(!f.bool("sig-proxy") && !f.bool("detach"));
        assert_eq!(f.int("memory"), Some(1 << 30));
        assert_eq!(f.int("cpus"), Some(1_500_000_000));
        assert_eq!(f.int("health-interval"), Some(90_000_000_000));
        assert_eq!((f.string("name"), f.string("restart"), f.string("user")), (Some("b"), Some("no"), None));
        assert_eq!(f.list("env"), ["X"]);
        assert!(f.list("volume").is_empty());
        let argv: Vec<String> = "-H tcp://h:2375 --context x stop --time 3 a".split(' ').map(String::from).collect();
        let Parsed::Run(inv) = parse(&argv) else { panic!() };
        assert!(inv.flags.is_set("time") && !inv.flags.is_set("timeout") && inv.flags.int("timeout") == Some(3));
        assert_eq!(inv.globals.list("host"), ["tcp://h:2375"]);
        assert_eq!(
            inv.endpoint_error().as_deref(),
            Some("conflicting options: cannot specify both --host and --context")
        );
    }

    #[test]
    fn global_flag_errors() {
        check("-l bogus ps", "2 Unable to parse logging level: bogus\n[exit 1]");
        check("-l bogus --bogus", "2 Unable to parse logging level: bogus\n[exit 1]");
        check("-l WARN ps", "RUN container ls as=\"docker ps\" args=[] flags=[]");
        let inv = |s: &str| match parse(&s.split(' ').map(String::from).collect::<Vec<_>>()) {
            Parsed::Run(i) => i.endpoint_error(),
            Parsed::Done(_) | Parsed::NeedsFull => Some("done".into()),
        };
        assert_eq!(inv("--context x ps").as_deref(), Some("Failed to initialize: unable to resolve docker endpoint: context \"x\": context not found: open /root/.docker/contexts/meta/2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881/meta.json: no such file or directory"));
        assert_eq!(
            inv("-H a -H b ps").as_deref(),
            Some("Failed to initialize: unable to resolve docker endpoint: Specify only one -H")
        );
        assert_eq!(inv("--tls ps").as_deref(), Some("Failed to initialize: unable to resolve docker endpoint: open /root/.docker/ca.pem: no such file or directory"));
        assert_eq!(inv("-c default ps"), None);
    }

    proptest::proptest! {
        /// Any argv over a pool of tricky words parses to something, without a panic.
        #[test]
        fn never_panics(words in proptest::collection::vec(proptest::sample::select(vec![
            "run", "container", "ps", "-", "--", "-h", "--help", "-dit", "-p", "-p=", "-=", "--=x", "=",
            "-e", "--name", "--mount", "type=bind,\"", "--cpus", "1/0", "-m", "é", "-é", "--net", "help",
            "image", "ls", "-qa", "--format", "{{.ID}}", "x", "", " ", "--time", "-H", "-l", "build", "volume",
        ]), 0..8), extra in ".{0,6}") {
            let mut argv: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            argv.push(extra);
            let _ = parse(&argv);
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for argv in [
            "-",
            "--",
            "- -",
            "-=",
            "-p=",
            "run -p=",
            "run -=",
            "--=",
            "= =",
            "run -p",
            "ps -\u{1}",
            "run --mount",
            "run --mount \"",
            "run --mount type=x,target=/a,\"b",
            "volume create --label ·",
            "container -",
            "help -",
            "image build -h",
            "run --cpus 1/0 x",
            "run --cpus 99999999999999999999999999999999 x",
            "run --health-interval 9999999999999999999h x",
        ] {
            let _ = render(argv);
        }
    }
}
