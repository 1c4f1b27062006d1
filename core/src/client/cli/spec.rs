//! The docker command tree: every command, its names, its argument rule and its flags.
//!
//! One definition per command drives parsing ([`parse`]), `--help`, usage errors and Tab
//! completion (`crate::complete`), as ripgrep's flag definitions do. Flags and usage lines
//! come from the command's own help text, read at build time (`core/build.rs` with
//! `help_text.rs`) into a table of flag rows and usage blocks; what the text cannot say
//! (aliases, argument counts, flags that stop at the first argument, hidden flags) comes from
//! `commands.tsv`. Both are read once, on first use, into a [`Spec`] kept in a `OnceLock`.
//! The texts themselves (`help.rs`) are only for printing them, and only the full build has
//! them: without the `full` feature [`Spec::help_text`] has nothing to print.
//!
//! This module describes commands; it does not execute them and holds no engine state.
//!
//! ## `commands.tsv`
//!
//! The file is data only (it ships in the binary, so its documentation lives here). It says
//! what docker v28's `--help` cannot tell us, one row per command:
//!
//! ```text
//! The help text of each command (help/<path with _>.txt) gives its flags, usage and text.
//! Columns, separated by tabs:
//!   path   canonical command path ("container run"); the help file is help/container_run.txt
//!   names  the name, then aliases that reach it from its parent (cobra Aliases; wider than
//!          the help's "Aliases:" line: `docker image rmi` and `docker remove` work too)
//!   args   group | any | none | exact N | min N | max N | range N M  (cli/required.go)
//!   top    names of its top-level copy (`docker run`), or -
//!   extra  space-separated notes, or -:
//!          stop          flags end at the first argument (pflag SetInterspersed(false))
//!          usage=WORDS   what the group's cobra Use adds after its name (usage errors print it)
//!          hidden        the command is absent from its group's help
//!          open          a group the simulator does not perform: no rows for its subcommands
//!          docker        (a plugin's command) argument errors in docker's `cli/required.go`
//!                        wording rather than cobra's
//!          NAME>TARGET   hidden flag sharing TARGET's value (`--net` = `--network`)
//!          NAME:TYPE     hidden flag of its own (TYPE as a help type word, or bool)
//!          ...!MESSAGE   deprecated: pflag prints "Flag --NAME has been deprecated, MESSAGE"
//!                        (spaces in MESSAGE written as _)
//!          ...@GATE      usable only on an experimental daemon (GATE=experimental) or a
//!                        Windows one (GATE=windows); ours is neither, like Docker Desktop's
//!          NAME=CHECK    value check at parse time: env label attach host ip link sysctl swap
//! ```
//!
//! Rows were verified against the installed client (argument counts, See/Run wording,
//! aliases).

use std::sync::OnceLock;

/// The client version the simulator reproduces (the installed client's `docker -v`).
pub const CLIENT_VERSION: &str = "28.2.2";
/// The client's git commit, as `docker -v` prints it.
pub const CLIENT_COMMIT: &str = "e6534b4";

/// How a flag's value is read (pflag's value types, named by the help's type word).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// No value word: `--detach`, `--detach=false`.
    Bool,
    /// `string` (and any word we do not know): kept as given, last one wins.
    Str,
    /// `int`: Go's `strconv.ParseInt(s, 0, 64)` (so `0x10` and `1_000` are valid).
    Int,
    /// `uint16` / `uint`: `strconv.ParseUint(s, 0, bits)`.
    Uint(u32),
    /// `bytes`: go-units `RAMInBytes` (`512m`, `1g`).
    Bytes,
    /// `duration`: Go's `time.ParseDuration` (`10s`, `1m30s`).
    Duration,
    /// `decimal`: `--cpus`, a rational number stored as nano-CPUs.
    Decimal,
    /// `list`, `map`, `ulimit`, `gpu-request`: repeatable, every value kept in order.
    List,
    /// `strings`: repeatable, each value split as one CSV record.
    Csv,
    /// `filter`: repeatable `name=value`, the name lower-cased and both sides trimmed.
    Filter,
    /// `mount`: repeatable `--mount` specs, checked as docker's `MountOpt` does.
    Mount,
    /// `network`: repeatable `--network` values, checked as docker's `NetworkOpt` does.
    Network,
}

impl ValueKind {
    fn from_word(word: &str) -> ValueKind {
        match word {
            "" => ValueKind::Bool,
            "int" => ValueKind::Int,
            "uint16" => ValueKind::Uint(16),
            "uint" => ValueKind::Uint(64),
            "bytes" => ValueKind::Bytes,
            "duration" => ValueKind::Duration,
            "decimal" => ValueKind::Decimal,
            // compose's `stringArray` and `scale` are repeatable too.
            "list" | "map" | "ulimit" | "gpu-request" | "stringArray" | "scale" => ValueKind::List,
            // pflag takes a back-quoted name in a usage as the value word: compose's boolean
            // `-T` prints `docker compose exec` there.
            "docker" => ValueKind::Bool,
            "strings" => ValueKind::Csv,
            "filter" => ValueKind::Filter,
            "mount" => ValueKind::Mount,
            "network" => ValueKind::Network,
            _ => ValueKind::Str,
        }
    }

    /// Whether every use adds a value instead of replacing the last one.
    pub fn repeatable(self) -> bool {
        matches!(self, ValueKind::List | ValueKind::Csv | ValueKind::Filter | ValueKind::Mount | ValueKind::Network)
    }
}

/// A value check docker's flag type runs at parse time (an `opts.Validate*` function).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// None beyond the value kind.
    None,
    /// `opts.ValidateEnv` (`-e`, `--build-arg`): the name before `=` must not be empty.
    Env,
    /// `opts.ValidateLabel`: a non-empty name without whitespace.
    Label,
    /// `-a/--attach`: one of stdin, stdout, stderr (stored lower-cased).
    Attach,
    /// `opts.ValidateExtraHost` (`--add-host`): `host:ip` or `host=ip`, stored as `host:ip`.
    Host,
    /// `opts.ValidateIPAddress` (`--dns`).
    Ip,
    /// `opts.ValidateLink` (`--link`): `name` or `name:alias`.
    Link,
    /// `opts.ValidateSysctl`: only namespaced sysctls.
    Sysctl,
    /// `--memory-swap`: bytes, or `-1` for unlimited (`opts.MemSwapBytes`).
    Swap,
}

/// When a flag parses but the daemon side refuses it (cobra `isSupported`): our daemon is
/// a Linux one without experimental features, like Docker Desktop's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Always usable.
    None,
    /// Needs an experimental daemon (`start --checkpoint`, `build --squash`).
    Experimental,
    /// Needs a Windows daemon (`run --cpu-count` ...).
    Windows,
}

/// One flag of one command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagSpec {
    /// Long name without `--`.
    pub long: &'static str,
    /// Shorthand letter.
    pub short: Option<char>,
    /// How the value is read.
    pub kind: ValueKind,
    /// The value word printed in help (`string`, `list` ...; empty for booleans).
    pub type_word: &'static str,
    /// The default printed in help (`(default "local")`), if any.
    pub default: Option<String>,
    /// Left out of `--help` (`--net`, `--time`, the shared `--help` itself).
    pub hidden: bool,
    /// The flag whose value this one sets (itself, or e.g. `network` for `--net`).
    pub store: &'static str,
    /// pflag's deprecation message (`use --timeout instead`), printed on use.
    pub deprecated: Option<String>,
    /// pflag's shorthand deprecation (only `-h`, for `--help`: `use --help`).
    pub shorthand_deprecated: Option<&'static str>,
    /// The parse-time check of the value.
    pub check: Check,
    /// Whether our daemon refuses it after parsing.
    pub gate: Gate,
}

impl FlagSpec {
    /// Whether the flag needs a value (`--name x`), as opposed to a boolean.
    pub fn takes_value(&self) -> bool {
        self.kind != ValueKind::Bool
    }

    /// The name pflag uses in `invalid argument` errors: `-t, --timeout` or `--time`.
    pub(crate) fn error_name(&self) -> String {
        match (self.short, self.shorthand_deprecated) {
            (Some(s), None) => format!("-{s}, --{}", self.long),
            _ => format!("--{}", self.long),
        }
    }
}

/// How many positional arguments a command takes (docker's `cli/required.go`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgRule {
    /// A command group: arguments are subcommands; any other word is an unknown command.
    Group,
    /// Anything.
    Any,
    /// `cli.NoArgs`.
    None,
    /// `cli.ExactArgs(n)`.
    Exact(u32),
    /// `cli.RequiresMinArgs(n)`.
    Min(u32),
    /// `cli.RequiresMaxArgs(n)` (its message ends in v28's `SRun '...'` typo).
    Max(u32),
    /// `cli.RequiresRangeArgs(min, max)`.
    Range(u32, u32),
}

/// One command as cobra builds it. A command reachable both in its group and at the top
/// level (`docker container run`, `docker run`) is two of these sharing a flag set: the
/// two differ in their command path, which is what usage lines and errors print.
#[derive(Clone, Debug)]
pub struct CommandSpec {
    /// The canonical path (`"container run"`; `""` for `docker` itself).
    pub path: &'static str,
    /// cobra's command path, as messages print it: `docker container run`, `docker run`.
    pub display: String,
    /// The name under its parent.
    pub name: &'static str,
    /// Other names under its parent (`ps`, `list` for `container ls`).
    pub aliases: Vec<&'static str>,
    /// Its argument rule.
    pub args: ArgRule,
    /// `false` when flags end at the first argument (`run IMAGE --rm` passes `--rm` on).
    pub interspersed: bool,
    /// Left out of its group's help (`volume update` on a non-swarm daemon).
    pub hidden: bool,
    /// A group the simulator does not perform (`docker context`): its subcommands are not
    /// in the tree, and a line naming one goes to the client whole.
    pub open: bool,
    /// A plugin's command whose argument errors use docker's wording (`docker compose cp`).
    pub docker_args: bool,
    /// Whether `--help` is the command's own flag (`run`, `create`) rather than the shared
    /// global one; then a `--help` given before the command name does not reach it.
    pub own_help: bool,
    /// What a group's cobra `Use` adds after its name (`COMMAND` for `docker volume`
    /// only), printed by usage errors.
    usage: &'static str,
    /// A command's usage block as its help prints it, naming the canonical path (`docker
    /// container cp ...`, two lines): what usage errors print. Empty for a group.
    use_block: String,
    flag_set: usize,
    parent: Option<usize>,
    children: Vec<usize>,
}

impl CommandSpec {
    /// Whether this is a group (`docker container`) or `docker` itself.
    pub fn is_group(&self) -> bool {
        self.args == ArgRule::Group
    }
}

/// The whole command tree: docker's, or a CLI plugin's (`docker compose`).
#[derive(Debug)]
pub struct Spec {
    commands: Vec<CommandSpec>,
    flag_sets: Vec<Vec<FlagSpec>>,
    /// The help text of a path (`""` is the tree's root); `None` in a build without them.
    texts: Option<Texts>,
    /// How the root is called: `docker`, `docker compose`.
    prefix: &'static str,
}

/// Where a tree finds the help text of a path, to print it.
pub(crate) type Texts = fn(&str) -> Option<&'static str>;

/// The command table, read once.
pub fn spec() -> &'static Spec {
    static SPEC: OnceLock<Spec> = OnceLock::new();
    SPEC.get_or_init(|| build(TABLE, HELP_TABLE, DOCKER_TEXTS, "docker"))
}

/// The docker client's texts: only the full engine prints them.
#[cfg(feature = "full")]
const DOCKER_TEXTS: Option<Texts> = Some(super::help::text);
#[cfg(not(feature = "full"))]
const DOCKER_TEXTS: Option<Texts> = None;

impl Spec {
    /// `docker` itself (index 0).
    pub fn root(&self) -> &CommandSpec {
        &self.commands[0]
    }

    #[cfg(test)]
    /// All commands, `docker` first.
    pub fn commands(&self) -> &[CommandSpec] {
        &self.commands
    }

    /// The flags of a command, in help order, hidden ones last.
    pub fn flags(&self, cmd: &CommandSpec) -> &[FlagSpec] {
        self.flag_sets.get(cmd.flag_set).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The subcommand `word` of `cmd` (by name or alias), as cobra's `findNext` finds it.
    pub fn child(&self, cmd: &CommandSpec, word: &str) -> Option<&CommandSpec> {
        cmd.children.iter().filter_map(|&i| self.commands.get(i)).find(|c| c.name == word || c.aliases.contains(&word))
    }

    /// The subcommands of `cmd`, in table order.
    pub fn children<'a>(&'a self, cmd: &'a CommandSpec) -> impl Iterator<Item = &'a CommandSpec> + 'a {
        cmd.children.iter().filter_map(|&i| self.commands.get(i))
    }

    #[cfg(test)]
    /// The command a path of words reaches, by names or aliases (`["container", "ps"]`).
    pub fn find<'a>(&self, words: impl IntoIterator<Item = &'a str>) -> Option<&CommandSpec> {
        let mut cmd = self.root();
        for w in words {
            cmd = self.child(cmd, w)?;
        }
        Some(cmd)
    }

    /// The complete `--help` output of a command, as reached (`docker ps` or `docker
    /// container ls`). `None` in a build without the texts (core without `full`): the line
    /// is then the full engine's to run.
    pub fn help_text(&self, cmd: &CommandSpec) -> Option<String> {
        let text = self.texts.map(|texts| texts(cmd.path).unwrap_or(""))?;
        Some(with_display(text, &self.display_of(cmd.path), &cmd.display))
    }

    /// How messages name the command at `path`: `docker container run`, `docker compose up`.
    fn display_of(&self, path: &str) -> String {
        if path.is_empty() {
            self.prefix.to_string()
        } else {
            format!("{} {path}", self.prefix)
        }
    }

    /// The use line usage errors print: the help's usage block for a command, the bare
    /// path for a group, and cobra's `Use` for `docker` (which differs from its help).
    pub fn use_line(&self, cmd: &CommandSpec) -> String {
        if cmd.path.is_empty() && self.prefix == "docker" {
            return "docker [OPTIONS] COMMAND [ARG...]".to_string();
        }
        if cmd.is_group() {
            return if cmd.usage.is_empty() { cmd.display.clone() } else { format!("{} {}", cmd.display, cmd.usage) };
        }
        let block = cmd.use_block.as_str();
        let canonical = self.display_of(cmd.path);
        match block.strip_prefix(canonical.as_str()) {
            Some(rest) => format!("{}{rest}", cmd.display),
            None => block.to_string(),
        }
    }
}

/// `text` with its usage line naming the command as `display` instead of `canonical`
/// (`docker container ls` reached as `docker ps`): the only difference between the two
/// forms' help, since cobra builds it from the command path it was reached by.
fn with_display(text: &str, canonical: &str, display: &str) -> String {
    let from = format!("Usage:  {canonical}");
    match text.strip_prefix(from.as_str()) {
        Some(rest) if canonical != display => format!("Usage:  {display}{rest}"),
        _ => text.to_string(),
    }
}

/// Every way to name a command after `docker`, aliases included: `"container run"`,
/// `"run"`, `"container ps"`, `"ps"`, ... (groups too).
#[cfg(test)]
pub fn command_names() -> Vec<String> {
    let spec = spec();
    let mut names = Vec::new();
    fn walk(spec: &Spec, cmd: &CommandSpec, prefix: &str, names: &mut Vec<String>) {
        for child in spec.children(cmd) {
            for n in std::iter::once(child.name).chain(child.aliases.iter().copied()) {
                let full = if prefix.is_empty() { n.to_string() } else { format!("{prefix} {n}") };
                names.push(full.clone());
                if n == child.name {
                    walk(spec, child, &full, names);
                }
            }
        }
    }
    walk(spec, spec.root(), "", &mut names);
    names
}

#[cfg(test)]
/// The flags of a command named any way (`"run"`, `"container run"`, `"container ps"`;
/// `""` for the global flags), hidden ones included (see [`FlagSpec::hidden`]).
pub fn flags_of(path: &str) -> Option<&'static [FlagSpec]> {
    let spec = spec();
    let cmd = spec.find(path.split_whitespace())?;
    Some(spec.flags(cmd))
}

const TABLE: &str = include_str!("commands.tsv");

/// The flag rows and usage blocks `build.rs` read from `help/*.txt` (format: see there).
const HELP_TABLE: &str = include_str!(concat!(env!("OUT_DIR"), "/docker_help.txt"));

/// The shared `--help` every command inherits from `docker` (a persistent flag), with its
/// `-h` shorthand deprecated: using it prints `Flag shorthand -h has been deprecated, use
/// --help`.
fn shared_help() -> FlagSpec {
    FlagSpec {
        long: "help",
        short: Some('h'),
        kind: ValueKind::Bool,
        type_word: "",
        default: None,
        hidden: true,
        store: "help",
        deprecated: None,
        shorthand_deprecated: Some("use --help"),
        check: Check::None,
        gate: Gate::None,
    }
}

/// One command's record in a help table (`build.rs` writes them).
struct Record {
    path: &'static str,
    use_block: String,
    flags: Vec<FlagSpec>,
}

/// Reads a help table: `>PATH`, then `|` usage lines, then `-LONG\tS\tTYPE[\tDEFAULT]` rows.
fn records(help: &'static str) -> Vec<Record> {
    let mut records: Vec<Record> = Vec::new();
    for line in help.lines() {
        if let Some(path) = line.strip_prefix('>') {
            records.push(Record { path, use_block: String::new(), flags: Vec::new() });
            continue;
        }
        let Some(record) = records.last_mut() else { continue };
        if let Some(usage) = line.strip_prefix('|') {
            if !record.use_block.is_empty() {
                record.use_block.push('\n');
            }
            record.use_block.push_str(usage);
        } else if let Some(row) = line.strip_prefix('-') {
            let mut cols = row.split('\t');
            let long = cols.next().unwrap_or("");
            let short = cols.next().and_then(|s| s.chars().next());
            let type_word = cols.next().unwrap_or("");
            record.flags.push(FlagSpec {
                long,
                short,
                kind: ValueKind::from_word(type_word),
                type_word,
                default: cols.next().map(str::to_string),
                hidden: false,
                store: long,
                deprecated: None,
                shorthand_deprecated: None,
                check: Check::None,
                gate: Gate::None,
            });
        }
    }
    records
}

/// Applies one `extra` note of the table to a flag set (see `commands.tsv` above).
fn apply_note(flags: &mut Vec<FlagSpec>, note: &'static str) {
    if let Some((name, check)) = note.split_once('=') {
        let check = match check {
            "env" => Check::Env,
            "label" => Check::Label,
            "attach" => Check::Attach,
            "host" => Check::Host,
            "ip" => Check::Ip,
            "link" => Check::Link,
            "sysctl" => Check::Sysctl,
            "swap" => Check::Swap,
            _ => Check::None,
        };
        for f in flags.iter_mut().filter(|f| f.store == name) {
            f.check = check;
        }
        return;
    }
    let (rest, gate) = match note.split_once('@') {
        Some((r, "experimental")) => (r, Gate::Experimental),
        Some((r, "windows")) => (r, Gate::Windows),
        Some((r, _)) => (r, Gate::None),
        None => (note, Gate::None),
    };
    let (rest, deprecated) = match rest.split_once('!') {
        Some((r, msg)) => (r, Some(msg.replace('_', " "))),
        None => (rest, None),
    };
    let flag = if let Some((name, target)) = rest.split_once('>') {
        let Some(t) = flags.iter().find(|f| f.long == target) else {
            return;
        };
        FlagSpec { long: name, short: None, store: t.store, default: None, ..t.clone() }
    } else {
        let (name, word) = rest.split_once(':').unwrap_or((rest, ""));
        let word = if word == "bool" { "" } else { word };
        // `NAME/S`: the hidden flag has shorthand S (compose's `-v, --version`).
        let (name, short) = match name.split_once('/') {
            Some((n, s)) => (n, s.chars().next()),
            None => (name, None),
        };
        FlagSpec {
            long: name,
            short,
            kind: ValueKind::from_word(word),
            type_word: word,
            default: None,
            hidden: true,
            store: name,
            deprecated: None,
            shorthand_deprecated: None,
            check: Check::None,
            gate: Gate::None,
        }
    };
    flags.push(FlagSpec { hidden: true, deprecated, gate, ..flag });
}

fn parse_rule(s: &str) -> ArgRule {
    let mut words = s.split(' ');
    let kind = words.next().unwrap_or("");
    let mut num = || words.next().and_then(|w| w.parse::<u32>().ok()).unwrap_or(0);
    match kind {
        "group" => ArgRule::Group,
        "none" => ArgRule::None,
        "exact" => ArgRule::Exact(num()),
        "min" => ArgRule::Min(num()),
        "max" => ArgRule::Max(num()),
        "range" => {
            let a = num();
            ArgRule::Range(a, num())
        }
        _ => ArgRule::Any,
    }
}

/// Builds a tree from a table (`commands.tsv`'s format, see above), the help table
/// `build.rs` wrote from the tree's help texts, and the texts to print (if the build has
/// them); `prefix` names its root. Rows are trusted data shipped with the crate (a tidy test
/// checks them); a malformed one is skipped, never a panic. A row whose path is empty adds
/// notes to the root's flags.
pub(crate) fn build(table: &'static str, help: &'static str, texts: Option<Texts>, prefix: &'static str) -> Spec {
    let mut spec = Spec { commands: Vec::new(), flag_sets: Vec::new(), texts, prefix };
    let mut records = records(help);
    let mut take = |path: &str| records.iter().position(|r| r.path == path).map(|i| records.swap_remove(i));
    let mut global: Vec<FlagSpec> = take("").map(|r| r.flags).unwrap_or_default();
    for line in table.lines().filter(|l| l.starts_with("\t")) {
        for note in line.split('\t').nth(4).unwrap_or("").split(' ').filter(|n| *n != "-") {
            apply_note(&mut global, note);
        }
    }
    global.push(shared_help());
    spec.flag_sets.push(global);
    spec.commands.push(CommandSpec {
        path: "",
        display: prefix.to_string(),
        name: prefix.rsplit(' ').next().unwrap_or(prefix),
        aliases: Vec::new(),
        args: ArgRule::Group,
        interspersed: true,
        hidden: false,
        open: false,
        docker_args: false,
        own_help: false,
        usage: "",
        use_block: String::new(),
        flag_set: 0,
        parent: None,
        children: Vec::new(),
    });
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.starts_with('\t') && !l.trim().is_empty()) {
        let cols: Vec<&'static str> = line.split('\t').collect();
        let [path, names, rule, top, extra] = cols[..] else {
            continue;
        };
        let Some(Record { use_block, mut flags, .. }) = take(path) else {
            continue;
        };
        let own_help = flags.iter().any(|f| f.long == "help");
        let notes: Vec<&'static str> = extra.split(' ').filter(|n| *n != "-").collect();
        let usage = notes.iter().find_map(|n| n.strip_prefix("usage=")).unwrap_or("");
        let plain = |n: &&str| !matches!(*n, "stop" | "hidden" | "open" | "docker") && !n.starts_with("usage=");
        for note in notes.iter().copied().filter(plain) {
            apply_note(&mut flags, note);
        }
        if !own_help {
            let mut h = shared_help();
            if flags.iter().any(|f| f.short == Some('h')) {
                h.short = None;
            }
            flags.push(h);
        }
        spec.flag_sets.push(flags);
        let flag_set = spec.flag_sets.len() - 1;
        let (parent_path, _) = path.rsplit_once(' ').unwrap_or(("", path));
        let Some(parent) = spec.commands.iter().position(|c| c.path == parent_path) else {
            continue;
        };
        let mut name_list = names.split(',');
        let name = name_list.next().unwrap_or(path);
        let cmd = CommandSpec {
            path,
            display: spec.display_of(path),
            name,
            aliases: name_list.collect(),
            args: parse_rule(rule),
            interspersed: !notes.contains(&"stop"),
            hidden: notes.contains(&"hidden"),
            open: notes.contains(&"open"),
            docker_args: notes.contains(&"docker"),
            own_help,
            usage,
            use_block,
            flag_set,
            parent: Some(parent),
            children: Vec::new(),
        };
        let top_copy = (top != "-").then(|| {
            let mut top_names = top.split(',');
            let top_name = top_names.next().unwrap_or(name);
            CommandSpec {
                display: format!("{prefix} {top_name}"),
                name: top_name,
                aliases: top_names.collect(),
                parent: Some(0),
                ..cmd.clone()
            }
        });
        for c in std::iter::once(cmd).chain(top_copy) {
            let index = spec.commands.len();
            if let Some(p) = c.parent.and_then(|p| spec.commands.get_mut(p)) {
                p.children.push(index);
            }
            spec.commands.push(c);
        }
    }
    spec
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(feature = "full")]
    fn every_table_row_has_a_help_text_and_every_text_a_row() {
        let table_paths: Vec<String> = TABLE
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').next().unwrap_or("").replace(' ', "_"))
            .collect();
        for row in TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            assert_eq!(row.split('\t').count(), 5, "row {row:?}");
        }
        let mut files: Vec<String> =
            super::super::help::keys().filter(|k| *k != "docker").map(str::to_string).collect();
        let mut rows = table_paths.clone();
        files.sort();
        rows.sort();
        assert_eq!(files, rows);
        // Every canonical row became a command (its parent exists).
        for p in &table_paths {
            assert!(spec().commands().iter().any(|c| c.path.replace(' ', "_") == *p), "{p}");
        }
    }

    #[test]
    fn every_type_word_is_known() {
        for cmd in spec().commands() {
            for f in spec().flags(cmd) {
                assert!(
                    f.type_word == "string" || f.kind != ValueKind::Str,
                    "{} --{}: unknown type word {:?}",
                    cmd.display,
                    f.long,
                    f.type_word
                );
            }
        }
    }

    #[test]
    fn notes_name_existing_flags() {
        for line in TABLE.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
            let cols: Vec<&str> = line.split('\t').collect();
            let flags = flags_of(cols[0]).unwrap();
            for note in cols[4].split(' ').filter(|n| !n.starts_with("usage=")) {
                if let Some((name, _)) = note.split_once('=') {
                    let f = flags.iter().find(|f| f.long == name).unwrap_or_else(|| panic!("{line}: {name}"));
                    assert_ne!(f.check, Check::None, "{line}: {note}");
                }
                if let Some((_, target)) = note.split_once('>') {
                    let target = target.split('!').next().unwrap();
                    assert!(flags.iter().any(|f| f.long == target), "{line}: {note}");
                }
            }
        }
    }

    #[test]
    fn both_forms_share_flags_but_not_their_path() {
        let s = spec();
        let run = s.find(["run"]).unwrap();
        let crun = s.find(["container", "run"]).unwrap();
        assert_eq!((run.path, crun.path), ("container run", "container run"));
        assert_eq!((run.display.as_str(), crun.display.as_str()), ("docker run", "docker container run"));
        assert_eq!(s.flags(run), s.flags(crun));
        assert!(run.own_help && !run.interspersed);
        assert_eq!(s.find(["container", "ps"]).unwrap().display, "docker container ls");
        assert_eq!(s.find(["image", "rmi"]).unwrap().display, "docker image rm");
        assert_eq!(s.find(["remove"]).unwrap().display, "docker rm");
        assert!(s.find(["rmi", "x"]).is_none());
    }

    #[test]
    fn hidden_flags() {
        let run = flags_of("run").unwrap();
        let net = run.iter().find(|f| f.long == "net").unwrap();
        assert_eq!((net.store, net.hidden, net.kind), ("network", true, ValueKind::Network));
        let stop = flags_of("stop").unwrap();
        let time = stop.iter().find(|f| f.long == "time").unwrap();
        assert_eq!((time.store, time.deprecated.as_deref()), ("timeout", Some("use --timeout instead")));
        let start = flags_of("container start").unwrap();
        assert_eq!(start.iter().find(|f| f.long == "checkpoint").unwrap().gate, Gate::Experimental);
        let ps = flags_of("ps").unwrap();
        let help = ps.iter().find(|f| f.long == "help").unwrap();
        assert_eq!((help.short, help.hidden, help.shorthand_deprecated), (Some('h'), true, Some("use --help")));
        assert_eq!(help.error_name(), "--help");
        assert_eq!(ps.iter().find(|f| f.long == "last").unwrap().error_name(), "-n, --last");
    }

    /// The tables `build.rs` wrote say what the texts the full build prints say: every
    /// command's shown flags are its help's `Options:` rows, and its use line its usage
    /// block (docker's tree and compose's).
    #[test]
    #[cfg(feature = "full")]
    fn the_help_tables_agree_with_the_texts() {
        use super::super::help_text::{default_of, options, usage_block};
        let mut flags_seen = 0;
        for s in [spec(), crate::client::compose::cli::spec()] {
            let texts = s.texts.expect("the full build has the texts");
            for cmd in s.commands() {
                let text = texts(cmd.path).unwrap_or_else(|| panic!("{:?}", cmd.path));
                let shown: Vec<_> = s
                    .flags(cmd)
                    .iter()
                    .filter(|f| !f.hidden)
                    .map(|f| (f.long, f.short, f.type_word, f.default.clone()))
                    .collect();
                let rows: Vec<_> =
                    options(text).iter().map(|r| (r.long, r.short, r.type_word, default_of(&r.description))).collect();
                assert_eq!(shown, rows, "{}", cmd.display);
                flags_seen += rows.len();
                if !cmd.is_group() {
                    assert_eq!(cmd.use_block, usage_block(text), "{}", cmd.display);
                }
            }
        }
        assert!(flags_seen > 700, "{flags_seen}");
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

    #[test]
    fn use_lines() {
        let s = spec();
        let u = |w: &[&str]| s.use_line(s.find(w.iter().copied()).unwrap());
        assert_eq!(u(&[]), "docker [OPTIONS] COMMAND [ARG...]");
        assert_eq!(u(&["image"]), "docker image");
        assert_eq!(u(&["volume"]), "docker volume COMMAND");
        assert_eq!(u(&["ps"]), "docker ps [OPTIONS]");
        assert_eq!(u(&["container", "list"]), "docker container ls [OPTIONS]");
        assert_eq!(
            u(&["cp"]),
            "docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH"
        );
        assert_eq!(u(&["help"]), "docker help [command]");
    }

    #[test]
    fn names_for_completion() {
        let names = command_names();
        for n in [
            "run",
            "container run",
            "container ps",
            "container list",
            "ps",
            "images",
            "image rmi",
            "remove",
            "volume update",
            "help",
        ] {
            assert!(names.iter().any(|x| x == n), "{n}");
        }
        assert!(names.iter().any(|x| x == "container"));
        assert!(!names.iter().any(|x| x == "container container"));
        let run = flags_of("container run").unwrap();
        assert!(run.iter().any(|f| f.long == "publish" && f.short == Some('p') && f.kind == ValueKind::List));
        assert!(flags_of("nope").is_none());
    }
}
