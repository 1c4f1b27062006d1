//! Tab completion for the learner's terminal: for a line and a cursor, what one Tab inserts
//! and what a second Tab lists.
//!
//! It behaves like docker's own bash completion (docker/cli `contrib/completion/bash/docker`)
//! on top of bash's defaults: command names at a command position, host paths elsewhere, and
//! for `docker ...` the command tree, flags and the names of the engine's objects, filtered
//! the way that script filters them (`docker stop` offers running and paused containers,
//! `docker start` exited ones, `docker rm` removable ones unless `-f` is given ...). Like the
//! script, which asks the daemon, it offers no object names while dockerd is stopped.
//!
//! This module only reads the session: it never changes state, never fails and never panics,
//! whatever the line and the cursor (a cursor past the end or inside a multi-byte character is
//! clamped to a character boundary). Commands and flags come from [`crate::client::spec`], the
//! one definition of docker's grammar; the word under the cursor from
//! [`crate::shell::complete::context`].

use crate::client::spec::{self, CommandSpec, FlagSpec, Spec};
use crate::engine::Engine;
use crate::session::Session;
use crate::shell::complete::{common_prefix, context, paths};
use crate::shell::Shell;
use crate::snapshot::ContainerStatus;
use serde::{Deserialize, Serialize};

/// What Tab does to a line.
///
/// Offsets are byte offsets into the line given to [`complete`]. The web terminal replaces
/// `replace_from..replace_to` with [`common_prefix`](Self::common_prefix) on the first Tab and
/// shows [`candidates`](Self::candidates) on the second when there are several.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completion {
    /// Where the replaced text starts: the start of the word under the cursor (its opening
    /// quote included), or just after the `=` of `--network=br` and `status=ru`.
    pub replace_from: usize,
    /// Where it ends: the cursor, as readline completes only what is left of the point.
    pub replace_to: usize,
    /// Every match, sorted and without duplicates, as bash lists them (unquoted).
    pub candidates: Vec<String>,
    /// The text to put in place of `replace_from..replace_to`: the only match followed by a
    /// space (none after a directory's `/` or a value still to be typed, `status=` or
    /// `container:`), or the longest prefix shared by all matches; quoted or backslash-escaped
    /// as the word was. Equal to the replaced text when Tab changes nothing.
    pub common_prefix: String,
}

impl Completion {
    /// The line after the first Tab, and the cursor after the inserted text.
    pub fn apply(&self, line: &str) -> (String, usize) {
        let (Some(head), Some(tail)) = (line.get(..self.replace_from), line.get(self.replace_to..)) else {
            return (line.to_string(), self.replace_to.min(line.len()));
        };
        (format!("{head}{}{tail}", self.common_prefix), head.len() + self.common_prefix.len())
    }
}

/// Completes `line` at byte `cursor` in `session`: the host's shell and engine, or nothing
/// while a container holds the terminal (its shell's files are not ours to list).
pub fn complete(session: &Session, line: &str, cursor: usize) -> Completion {
    if session.is_held() {
        return unchanged(clamp(line, cursor));
    }
    complete_in(session.shell(), session.engine(), line, cursor)
}

/// Completes `line` at byte `cursor` against a host shell and an engine (what
/// [`complete`] does for a session; public for tests and benchmarks).
pub fn complete_in(shell: &Shell, engine: &Engine, line: &str, cursor: usize) -> Completion {
    let cursor = clamp(line, cursor);
    let ctx = context(line, cursor);
    let start = ctx.start.min(cursor);
    let raw = line.get(start..cursor).unwrap_or("");
    let world = World { shell, engine };
    let found =
        if ctx.after_redirect { Found::all(paths(shell, &ctx.prefix)) } else { world.line(&ctx.words, &ctx.prefix) };

    // Keep the first `skip` bytes of the typed word (`--network=`), if they were typed plainly.
    let skip = found.skip.min(ctx.prefix.len());
    let (from, typed, raw) = match (ctx.prefix.get(..skip), ctx.prefix.get(skip..), raw.get(..skip), raw.get(skip..)) {
        (Some(kept), Some(rest), Some(raw_kept), Some(raw_rest)) if kept == raw_kept => (start + skip, rest, raw_rest),
        _ if skip == 0 => (start, ctx.prefix.as_str(), raw),
        // The kept part was quoted or escaped: we can't tell where to cut, so change nothing.
        _ => return unchanged(cursor),
    };

    let mut candidates: Vec<String> = found
        .candidates
        .into_iter()
        .filter(|c| if found.upper { c.starts_with(&typed.to_ascii_uppercase()) } else { c.starts_with(typed) })
        .collect();
    crate::sort::sort(&mut candidates);
    candidates.dedup();

    // The whole word is rewritten, so a quote opened mid-word moves to its start.
    let quote = ctx.quote;
    let common_prefix = match candidates.as_slice() {
        [] => raw.to_string(),
        [one] => {
            let open = one.ends_with(['/', '=', ':']);
            let mut s = quoted(one, quote);
            // The quote closes only on a finished word, as bash closes it.
            if let Some(q) = quote.filter(|_| !open) {
                s.push(q);
            }
            if !open {
                s.push(' ');
            }
            s
        }
        many => {
            let shared = common_prefix(many);
            if shared.len() > typed.len() || (found.upper && shared != typed) {
                quoted(&shared, quote)
            } else {
                raw.to_string()
            }
        }
    };
    Completion { replace_from: from, replace_to: cursor, candidates, common_prefix }
}

fn clamp(line: &str, cursor: usize) -> usize {
    let mut cursor = cursor.min(line.len());
    while !line.is_char_boundary(cursor) {
        cursor -= 1;
    }
    cursor
}

fn unchanged(cursor: usize) -> Completion {
    Completion { replace_from: cursor, replace_to: cursor, candidates: Vec::new(), common_prefix: String::new() }
}

/// `text` as it must be typed: inside the open quote `q`, or with backslashes outside quotes.
fn quoted(text: &str, q: Option<char>) -> String {
    let mut s = String::new();
    match q {
        Some('\'') => {
            s.push('\'');
            s.push_str(&text.replace('\'', "'\\''"));
        }
        Some(q) => {
            s.push(q);
            for c in text.chars() {
                if matches!(c, '"' | '\\' | '$' | '`') {
                    s.push('\\');
                }
                s.push(c);
            }
        }
        None => {
            for (i, c) in text.char_indices() {
                // A leading `~` stays: it is how the learner typed their home directory.
                let special = c.is_whitespace() || "'\"\\$`|&;()<>*?[]!{}#".contains(c) || (c == '~' && i > 0);
                if special {
                    s.push('\\');
                }
                s.push(c);
            }
        }
    }
    s
}

/// What a completer found for the word under the cursor.
#[derive(Debug, Default)]
struct Found {
    /// Whole candidates (before filtering by what was typed).
    candidates: Vec<String>,
    /// Bytes at the start of the typed word that stay as they are (`--network=` ...).
    skip: usize,
    /// Compare in upper case (signal names: `sigk` finds `SIGKILL`, as the script does).
    upper: bool,
}

impl Found {
    fn all(candidates: Vec<String>) -> Found {
        Found { candidates, skip: 0, upper: false }
    }

    fn none() -> Found {
        Found::default()
    }

    fn words(list: &str) -> Found {
        Found::all(list.split_whitespace().map(str::to_string).collect())
    }

    fn after(mut self, skip: usize) -> Found {
        self.skip += skip;
        self
    }
}

/// The state a completer reads.
struct World<'a> {
    shell: &'a Shell,
    engine: &'a Engine,
}

/// Which containers a position offers, as the script's `__docker_complete_containers_*`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Which {
    /// `--all`.
    All,
    /// `status=running`.
    Running,
    /// `status=running` or `status=paused` (stop).
    Stoppable,
    /// `status=exited` (start).
    Stopped,
    /// `status=created` or `status=exited` (rm without `-f`).
    Removable,
    /// `status=paused` (unpause).
    Paused,
}

impl World<'_> {
    /// Candidates for the word `typed` after the complete `words` of its simple command.
    fn line(&self, words: &[String], typed: &str) -> Found {
        // `sudo [-E] CMD ...` completes CMD as if typed alone.
        let mut words = words;
        if words.first().is_some_and(|w| w == "sudo") {
            words = words.get(1..).unwrap_or(&[]);
            while words.first().is_some_and(|w| w.starts_with('-')) {
                words = words.get(1..).unwrap_or(&[]);
            }
        }
        let Some((cmd, args)) = words.split_first() else { return self.commands(typed) };
        match cmd.as_str() {
            "docker" => self.docker(args, typed),
            "systemctl" => {
                if args.iter().any(|a| !a.starts_with('-')) {
                    Found::words("docker.service")
                } else {
                    Found::words(
                        "daemon-reload disable enable is-active is-enabled list-units restart start status stop",
                    )
                }
            }
            "cd" | "pushd" | "rmdir" => {
                Found::all(paths(self.shell, typed).into_iter().filter(|p| p.ends_with('/')).collect())
            }
            "type" | "which" | "command" | "help" | "man" => self.commands(typed),
            _ => Found::all(paths(self.shell, typed)),
        }
    }

    /// A command position: commands and aliases, or paths once a `/` is typed.
    fn commands(&self, typed: &str) -> Found {
        if typed.contains('/') {
            return Found::all(paths(self.shell, typed));
        }
        let mut v: Vec<String> = crate::shell::command_names().into_iter().map(|(n, _)| n.to_string()).collect();
        v.extend(self.shell.aliases().map(|(n, _)| n.to_string()));
        Found::all(v)
    }

    // ----- docker ----------------------------------------------------------------------

    fn docker(&self, args: &[String], typed: &str) -> Found {
        let spec = spec::spec();
        let p = Walk::new(spec, args);
        if let Some(flag) = p.pending {
            return self.flag_value(p.cmd.path, flag.store, typed);
        }
        if !p.flags_done && typed.starts_with('-') {
            if let Some(eq) = typed.find('=').filter(|_| typed.starts_with("--")) {
                let long = typed.get(2..eq).unwrap_or("");
                return match spec.flags(p.cmd).iter().find(|f| f.long == long && f.takes_value()) {
                    Some(f) => self.flag_value(p.cmd.path, f.store, typed.get(eq + 1..).unwrap_or("")).after(eq + 1),
                    None => Found::none(),
                };
            }
            return flags(spec.flags(p.cmd));
        }
        if p.cmd.is_group() {
            if !p.args.is_empty() {
                return Found::none();
            }
            let mut names: Vec<String> =
                spec.children(p.cmd).filter(|c| !c.hidden && c.name != "help").map(|c| c.name.to_string()).collect();
            if p.cmd.path.is_empty() {
                names.push("help".to_string());
            }
            return Found::all(names);
        }
        self.argument(spec, &p, typed)
    }

    /// A positional argument of a leaf command (`p.args` are the ones before it).
    fn argument(&self, spec: &Spec, p: &Walk<'_, '_>, typed: &str) -> Found {
        let n = p.args.len();
        let first = n == 0;
        let containers = |w: Which| Found::all(self.containers(w));
        match p.cmd.path {
            "container attach" | "container top" if first => containers(Which::Running),
            "container exec" if first => containers(Which::Running),
            "container commit" if first => containers(Which::All),
            "container commit" if n == 1 => Found::all(self.images(true, true)),
            "container cp" => self.cp(p, typed),
            "container create" | "container run" if first => Found::all(self.images(true, true)),
            "container diff" | "container export" | "container logs" | "container port" | "container rename"
                if first =>
            {
                containers(Which::All)
            }
            "container inspect" | "container restart" | "container update" | "container wait" => containers(Which::All),
            "container kill" | "container pause" | "container stats" => containers(Which::Running),
            "container rm" if p.seen("force") => containers(Which::All),
            "container rm" => containers(Which::Removable),
            "container start" => containers(Which::Stopped),
            "container stop" => containers(Which::Stoppable),
            "container unpause" if first => containers(Which::Paused),
            "image history" if first => Found::all(self.images(false, true)),
            "image import" if first => Found::all(paths(self.shell, typed)),
            "image import" if n == 1 => Found::all(self.images(true, true)),
            "image inspect" | "image rm" => Found::all(self.images(false, true)),
            "image ls" | "image push" if first => Found::all(self.images(true, true)),
            "image pull" if first => Found::all(self.images(true, !p.seen("all-tags"))),
            "image save" => Found::all(self.images(true, true)),
            "image tag" if first => Found::all(self.images(false, true)),
            "image tag" if n == 1 => Found::all(self.images(true, true)),
            "inspect" => match p.value("type") {
                Some("container") => containers(Which::All),
                Some("image") => Found::all(self.images(false, true)),
                Some("network") => Found::all(self.networks(false)),
                Some("volume") => Found::all(self.volumes()),
                Some(_) => Found::none(),
                None => {
                    let mut v = self.containers(Which::All);
                    v.extend(self.images(false, true));
                    v.extend(self.networks(false));
                    v.extend(self.volumes());
                    Found::all(v)
                }
            },
            "network connect" if first => Found::all(self.networks(false)),
            "network connect" if n == 1 => containers(Which::All),
            "network disconnect" if first => Found::all(self.networks(false)),
            "network disconnect" if n == 1 => {
                Found::all(p.args.first().map(|net| self.containers_in(net)).unwrap_or_default())
            }
            "network inspect" => Found::all(self.networks(false)),
            "network rm" => Found::all(self.networks(true)),
            "volume inspect" | "volume rm" => Found::all(self.volumes()),
            "help" if first => {
                let mut names: Vec<String> = spec
                    .children(spec.root())
                    .filter(|c| !c.hidden && c.name != "help")
                    .map(|c| c.name.to_string())
                    .collect();
                names.push("help".to_string());
                Found::all(names)
            }
            _ => Found::none(),
        }
    }

    /// `docker cp`: a host path or `CONTAINER:` on either side.
    fn cp(&self, p: &Walk<'_, '_>, typed: &str) -> Found {
        let in_container = |w: &str| w.contains(':') && !w.starts_with(['/', '.', '~']);
        if typed.contains(':') {
            return Found::none();
        }
        match p.args.as_slice() {
            [] => {
                let mut v = paths(self.shell, typed);
                v.extend(self.containers(Which::All).into_iter().map(|c| format!("{c}:")));
                Found::all(v)
            }
            [src] if in_container(src) => Found::all(paths(self.shell, typed)),
            [_] => Found::all(self.containers(Which::All).into_iter().map(|c| format!("{c}:")).collect()),
            _ => Found::none(),
        }
    }

    /// The value of flag `store` of command `path` (`docker run --network <Tab>`).
    fn flag_value(&self, path: &str, store: &str, typed: &str) -> Found {
        let run = matches!(path, "container run" | "container create");
        match (path, store) {
            ("", "log-level") => Found::words("debug info warn error fatal"),
            ("", "context") => Found::words("default"),
            ("", "config") => Found::all(paths(self.shell, typed).into_iter().filter(|p| p.ends_with('/')).collect()),
            (_, "network") if run => match typed.strip_prefix("container:") {
                Some(_) => Found::all(self.containers(Which::All)).after("container:".len()),
                None => {
                    let mut v = self.networks(false);
                    if self.engine.daemon_running() {
                        v.extend(["bridge", "host", "ipvlan", "macvlan", "null", "overlay"].map(str::to_string));
                    }
                    v.push("container:".to_string());
                    Found::all(v)
                }
            },
            (_, "volumes-from") if run => Found::all(self.containers(Which::All)),
            (_, "link") if run && !typed.contains(':') => {
                Found::all(self.containers(Which::Running).into_iter().map(|c| format!("{c}:")).collect())
            }
            (_, "restart") if run || path == "container update" => {
                if typed.starts_with("on-failure:") {
                    Found::none()
                } else {
                    Found::words("always no on-failure on-failure: unless-stopped")
                }
            }
            (_, "pull") if run => Found::words("always missing never"),
            (_, "volume") if run => {
                if typed.contains(':') {
                    Found::none()
                } else if typed.is_empty() {
                    Found::words("/")
                } else if typed.starts_with('/') {
                    Found::all(paths(self.shell, typed))
                } else {
                    Found::none()
                }
            }
            (_, "env-file" | "cidfile" | "label-file") if run => Found::all(paths(self.shell, typed)),
            (_, "log-driver") if run => {
                Found::words("awslogs etwlogs fluentd gcplogs gelf journald json-file local none splunk syslog")
            }
            (_, "pid") if run => match typed.strip_prefix("container:") {
                Some(_) => Found::all(self.containers(Which::Running)).after("container:".len()),
                None => Found::words("host container:"),
            },
            (_, "ipc") if run => match typed.find(':') {
                Some(i) => Found::all(self.containers(Which::Running)).after(i + 1),
                None => Found::words("none host private shareable container:"),
            },
            (_, "userns") if run => Found::words("host"),
            (_, "signal" | "stop-signal") => {
                let mut f = Found::words("SIGCONT SIGHUP SIGINT SIGKILL SIGQUIT SIGSTOP SIGTERM SIGUSR1 SIGUSR2 CONT HUP INT KILL QUIT STOP TERM USR1 USR2");
                f.upper = true;
                f
            }
            ("inspect", "type") => Found::words("container image network node plugin secret service volume"),
            ("volume create", "driver") => Found::words("local"),
            ("network create", "driver") => Found::words("bridge ipvlan macvlan overlay"),
            ("network create", "config-from") => Found::all(self.networks(false)),
            ("network create", "scope") => Found::words("local swarm"),
            ("network create", "ipam-driver") => Found::words("default"),
            ("image save" | "container export" | "image load", "output" | "input" | "file") => {
                Found::all(paths(self.shell, typed))
            }
            (_, "filter") => self.filter(path, typed),
            _ => Found::none(),
        }
    }

    /// `--filter KEY=VALUE`: the keys a listing knows, then the values of one key.
    fn filter(&self, path: &str, typed: &str) -> Found {
        let Some(eq) = typed.find('=') else {
            let keys = match path {
                "container ls" => {
                    "ancestor before exited expose health id is-task label name network publish since status volume"
                }
                "image ls" => "before dangling label reference since",
                "volume ls" => "dangling driver label name",
                "network ls" => "dangling driver id label name scope type",
                "container prune" | "image prune" | "network prune" | "system prune" => "label label! until",
                "volume prune" => "label label!",
                "search" => "is-automated is-official stars",
                _ => "",
            };
            return Found::all(keys.split_whitespace().map(|k| format!("{k}=")).collect());
        };
        let key = typed.get(..eq).unwrap_or("");
        let values = match (path, key) {
            ("container ls", "ancestor") => Found::all(self.images(true, true)),
            ("container ls", "before" | "since" | "name") => Found::all(self.containers(Which::All)),
            ("container ls", "id") => {
                Found::all(self.live(|| self.engine.containers().map(|c| c.short_id().to_string()).collect()))
            }
            ("container ls", "health") => Found::words("healthy starting none unhealthy"),
            ("container ls", "is-task") => Found::words("true false"),
            ("container ls", "network") => Found::all(self.networks(false)),
            ("container ls", "status") => Found::words("created dead exited paused restarting running removing"),
            ("container ls", "volume") => Found::all(self.volumes()),
            ("image ls", "before" | "since") => Found::all(self.images(false, true)),
            ("image ls" | "volume ls" | "network ls", "dangling") => Found::words("false true"),
            ("image ls", "reference") => Found::all(self.images(true, true)),
            ("volume ls", "driver") => Found::words("local"),
            ("volume ls", "name") => Found::all(self.volumes()),
            ("network ls", "driver") => Found::words("bridge host ipvlan macvlan null overlay"),
            ("network ls", "id") => Found::all(
                self.live(|| self.engine.networks().map(|n| n.id.get(..12).unwrap_or(&n.id).to_string()).collect()),
            ),
            ("network ls", "name") => Found::all(self.networks(false)),
            ("network ls", "scope") => Found::words("global local swarm"),
            ("network ls", "type") => Found::words("builtin custom"),
            ("search", "is-automated" | "is-official") => Found::words("false true"),
            _ => Found::none(),
        };
        values.after(eq + 1)
    }

    // ----- the engine's objects, as `docker ... ls --format` would list them ----------------

    /// What the daemon answers; nothing while it is stopped (the script's `docker` calls fail).
    fn live(&self, list: impl FnOnce() -> Vec<String>) -> Vec<String> {
        if self.engine.daemon_running() {
            list()
        } else {
            Vec::new()
        }
    }

    fn containers(&self, which: Which) -> Vec<String> {
        use ContainerStatus as S;
        self.live(|| {
            self.engine
                .containers()
                .filter(|c| match which {
                    Which::All => true,
                    Which::Running => c.status == S::Running,
                    Which::Stoppable => matches!(c.status, S::Running | S::Paused),
                    Which::Stopped => c.status == S::Exited,
                    Which::Removable => matches!(c.status, S::Created | S::Exited),
                    Which::Paused => c.status == S::Paused,
                })
                .map(|c| c.name.trim_start_matches('/').to_string())
                .collect()
        })
    }

    /// Tagged images as `repo` (`with_repo`) and/or `repo:tag` (`with_tag`); `<none>` never.
    fn images(&self, with_repo: bool, with_tag: bool) -> Vec<String> {
        self.live(|| {
            let mut v = Vec::new();
            for (r, _) in self.engine.tagged_images() {
                let repo = r.familiar_repo();
                if with_tag {
                    v.push(format!("{repo}:{}", r.tag.as_deref().unwrap_or("latest")));
                }
                if with_repo {
                    v.push(repo);
                }
            }
            v
        })
    }

    /// Network names; only user-defined ones for `network rm` (`type=custom`).
    fn networks(&self, custom_only: bool) -> Vec<String> {
        self.live(|| {
            self.engine.networks().filter(|n| !custom_only || n.is_user_defined()).map(|n| n.name.clone()).collect()
        })
    }

    fn volumes(&self) -> Vec<String> {
        self.live(|| self.engine.volumes().map(|v| v.name.clone()).collect())
    }

    /// The names of the containers attached to a network (`network disconnect NET <Tab>`).
    fn containers_in(&self, network: &str) -> Vec<String> {
        self.live(|| match self.engine.network_resolve(network) {
            Ok(n) => self
                .engine
                .live_endpoints(n)
                .into_iter()
                .map(|(c, _)| c.name.trim_start_matches('/').to_string())
                .collect(),
            Err(_) => Vec::new(),
        })
    }
}

/// The flags a command shows in its help, long and short (`--all -a`), plus `--help`.
fn flags(list: &[FlagSpec]) -> Found {
    let mut v = vec!["--help".to_string()];
    for f in list.iter().filter(|f| !f.hidden) {
        v.push(format!("--{}", f.long));
        if let (Some(s), None) = (f.short, f.shorthand_deprecated) {
            v.push(format!("-{s}"));
        }
    }
    Found::all(v)
}

/// The words after `docker`, read against the command tree the way the parser reads them.
struct Walk<'s, 'w> {
    /// The command reached (`docker` itself, a group, or a leaf).
    cmd: &'s CommandSpec,
    /// Its positional arguments so far.
    args: Vec<&'w str>,
    /// The flags given to it, by the name they store under.
    seen: Vec<&'static str>,
    /// Values given to its flags.
    values: Vec<(&'static str, &'w str)>,
    /// The last word was a flag that takes the next word as its value.
    pending: Option<&'s FlagSpec>,
    /// `--`, or an argument of a command whose flags stop there (`run IMAGE ...`).
    flags_done: bool,
}

impl<'s, 'w> Walk<'s, 'w> {
    fn new(spec: &'s Spec, words: &'w [String]) -> Self {
        let mut w = Walk {
            cmd: spec.root(),
            args: Vec::new(),
            seen: Vec::new(),
            values: Vec::new(),
            pending: None,
            flags_done: false,
        };
        for word in words {
            if let Some(f) = w.pending.take() {
                w.values.push((f.store, word));
                continue;
            }
            if !w.flags_done && word == "--" {
                w.flags_done = true;
                continue;
            }
            if !w.flags_done && word.len() > 1 && word.starts_with('-') {
                w.flag(spec.flags(w.cmd), word);
                continue;
            }
            if w.args.is_empty() && w.cmd.is_group() {
                if let Some(c) = spec.child(w.cmd, word) {
                    w.cmd = c;
                    w.seen.clear();
                    w.values.clear();
                    continue;
                }
            }
            w.args.push(word);
            w.flags_done |= !w.cmd.interspersed;
        }
        w
    }

    fn flag(&mut self, flags: &'s [FlagSpec], word: &'w str) {
        if let Some(long) = word.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            if let Some(f) = flags.iter().find(|f| f.long == name) {
                self.seen.push(f.store);
                match value {
                    Some(v) => self.values.push((f.store, v)),
                    None if f.takes_value() => self.pending = Some(f),
                    None => {}
                }
            }
            return;
        }
        // A bundle (`-dit`, `-p8080:80`): letters until one takes a value, which is the rest.
        let bundle = word.get(1..).unwrap_or("");
        for (i, c) in bundle.char_indices() {
            let Some(f) = flags.iter().find(|f| f.short == Some(c)) else { return };
            self.seen.push(f.store);
            if f.takes_value() {
                let rest = bundle.get(i + c.len_utf8()..).unwrap_or("");
                if rest.is_empty() {
                    self.pending = Some(f);
                } else {
                    self.values.push((f.store, rest.strip_prefix('=').unwrap_or(rest)));
                }
                return;
            }
        }
    }

    fn seen(&self, store: &str) -> bool {
        self.seen.contains(&store)
    }

    fn value(&self, store: &str) -> Option<&'w str> {
        self.values.iter().rev().find(|(s, _)| *s == store).map(|(_, v)| *v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::container::ContainerConfig;
    use crate::engine::network::NetworkCreateRequest;
    use crate::engine::volume::VolumeCreateRequest;

    /// A host with images httpd and nginx:1.27 and busybox, and containers in every state:
    /// `web` running, `api` running, `frozen` paused, `old` exited, `fresh` created; a volume
    /// `data` and a user network `appnet` with `web` on it.
    fn world() -> (Shell, Engine) {
        let mut e = crate::catalogue::testing::engine(7, crate::SessionConfig::default().start_time);
        for image in ["httpd", "nginx:1.27", "busybox"] {
            e.image_pull(image).expect("pull");
        }
        let mut make = |name: &str, image: &str| {
            let config = ContainerConfig { image: image.to_string(), ..ContainerConfig::default() };
            e.container_create(Some(name), config).expect("create")
        };
        let web = make("web", "httpd");
        let api = make("api", "nginx:1.27");
        let frozen = make("frozen", "httpd");
        let old = make("old", "busybox");
        make("fresh", "httpd");
        for id in [&web, &api, &frozen, &old] {
            e.container_start(id).expect("start");
        }
        e.container_pause(&frozen).expect("pause");
        if e.container(&old).is_some_and(|c| c.is_running()) {
            e.container_stop(&old, Some(0)).expect("stop");
        }
        e.volume_create(VolumeCreateRequest { name: "data".into(), ..Default::default() }).expect("volume");
        e.network_create(NetworkCreateRequest { name: "appnet".into(), driver: "bridge".into(), ..Default::default() })
            .expect("network");
        e.network_connect("appnet", &web, Vec::new(), None).expect("connect");
        (Shell::new(), e)
    }

    /// Completes the line at `$0` and compares the candidates joined by spaces.
    fn check(line_with_cursor: &str, expected: &str) {
        let (sh, e) = world();
        check_in(&sh, &e, line_with_cursor, expected);
    }

    fn check_in(sh: &Shell, e: &Engine, line_with_cursor: &str, expected: &str) {
        let cursor = line_with_cursor.find("$0").expect("a $0 marker");
        let line = line_with_cursor.replacen("$0", "", 1);
        let c = complete_in(sh, e, &line, cursor);
        assert_eq!(c.candidates.join(" "), expected, "candidates for {line_with_cursor:?}");
    }

    /// The line after one Tab at `$0`, with `$0` marking the new cursor.
    fn check_tab(line_with_cursor: &str, expected: &str) {
        let (sh, e) = world();
        let cursor = line_with_cursor.find("$0").expect("a $0 marker");
        let line = line_with_cursor.replacen("$0", "", 1);
        let (after, at) = complete_in(&sh, &e, &line, cursor).apply(&line);
        let shown = format!("{}$0{}", &after[..at], &after[at..]);
        assert_eq!(shown, expected, "after Tab in {line_with_cursor:?}");
    }

    #[test]
    fn docker_commands_and_groups() {
        check("docker st$0", "start stats stop");
        check("docker $0", &{
            let spec = spec::spec();
            let mut v: Vec<String> = spec
                .children(spec.root())
                .filter(|c| !c.hidden && c.name != "help")
                .map(|c| c.name.to_string())
                .collect();
            v.push("help".into());
            v.sort();
            v.dedup();
            v.join(" ")
        });
        check("docker container r$0", "rename restart rm run");
        check("docker volume $0", "create inspect ls prune rm");
        check("docker network c$0", "connect create");
        check("docker help ru$0", "run");
        check("docker --debug ps$0", "ps");
        check("docker -H unix:///x.sock vo$0", "volume");
        check("docker nosuch $0", "");
    }

    #[test]
    fn flags_long_and_short() {
        check(
            "docker ps -$0",
            "--all --filter --format --help --last --latest --no-trunc --quiet --size -a -f -l -n -q -s",
        );
        check("docker ps --n$0", "--no-trunc");
        check("docker run --rest$0", "--restart");
        check("docker run --net$0", "--network --network-alias");
        // Flags after the image belong to the container's command.
        check("docker run httpd --rm$0", "");
        check("docker run -- -$0", "");
        check("docker --lo$0", "--log-level");
    }

    #[test]
    fn containers_by_state_as_the_script_filters_them() {
        check("docker stop $0", "api frozen web");
        check("docker container stop $0", "api frozen web");
        check("docker start $0", "old");
        check("docker rm $0", "fresh old");
        check("docker rm -f $0", "api fresh frozen old web");
        check("docker rm old -f $0", "api fresh frozen old web");
        check("docker rm --force $0", "api fresh frozen old web");
        check("docker kill $0", "api web");
        check("docker pause $0", "api web");
        check("docker unpause $0", "frozen");
        check("docker unpause frozen $0", "");
        check("docker restart $0", "api fresh frozen old web");
        check("docker logs $0", "api fresh frozen old web");
        check("docker logs web $0", "");
        check("docker logs --tail 5 w$0", "web");
        check("docker exec -it $0", "api web");
        check("docker exec -it web $0", "");
        check("docker stop w$0", "web");
        check("docker stop web a$0", "api");
        check("docker container inspect f$0", "fresh frozen");
    }

    #[test]
    fn images_as_repo_and_repo_tag() {
        check("docker run $0", "busybox busybox:latest httpd httpd:latest nginx nginx:1.27");
        check("docker run -d -p 8080:80 --name x ng$0", "nginx nginx:1.27");
        check("docker run -dp8080:80 h$0", "httpd httpd:latest");
        check("docker rmi $0", "busybox:latest httpd:latest nginx:1.27");
        check("docker image rm ng$0", "nginx:1.27");
        check("docker tag h$0", "httpd:latest");
        check("docker tag httpd:latest h$0", "httpd httpd:latest");
        check("docker tag a b $0", "");
        check("docker pull ng$0", "nginx nginx:1.27");
        check("docker pull -a ng$0", "nginx");
        check("docker history $0", "busybox:latest httpd:latest nginx:1.27");
    }

    #[test]
    fn volumes_and_networks() {
        check("docker volume rm $0", "data");
        check("docker volume inspect d$0", "data");
        check("docker network connect $0", "appnet bridge host none");
        check("docker network connect appnet $0", "api fresh frozen old web");
        check("docker network connect --alias x appnet w$0", "web");
        check("docker network disconnect appnet $0", "web");
        check("docker network rm $0", "appnet");
        check("docker run --network $0", "appnet bridge container: host ipvlan macvlan none null overlay");
        check("docker run --network=a$0", "appnet");
        check("docker run --network container:w$0", "web");
        check("docker inspect --type volume $0", "data");
        check("docker inspect a$0", "api appnet");
    }

    #[test]
    fn flag_values_and_filters() {
        check("docker run --restart $0", "always no on-failure on-failure: unless-stopped");
        check("docker kill -s k$0", "KILL");
        check("docker kill --signal=sigk$0", "SIGKILL");
        check("docker ps --filter $0", "ancestor= before= exited= expose= health= id= is-task= label= name= network= publish= since= status= volume=");
        check("docker ps -f status=r$0", "removing restarting running");
        check("docker ps -f name=w$0", "web");
        check("docker images -f dangling=$0", "false true");
        check("docker volume ls -f $0", "dangling= driver= label= name=");
        check("docker run --name $0", "");
        check("docker run -v $0", "/");
        check("docker run -e $0", "");
        check("docker --log-level $0", "debug error fatal info warn");
    }

    #[test]
    fn tab_inserts_the_match_or_the_shared_prefix() {
        check_tab("docker star$0", "docker start $0");
        check_tab("docker sta$0", "docker sta$0");
        check_tab("docker st$0", "docker st$0");
        check_tab("docker un$0", "docker unpause $0");
        check_tab("docker stop fr$0", "docker stop frozen $0");
        check_tab("docker ps --filter st$0", "docker ps --filter status=$0");
        check_tab("docker ps --filter status=run$0", "docker ps --filter status=running $0");
        check_tab("docker run --network=app$0", "docker run --network=appnet $0");
        check_tab("docker run --restart on-f$0", "docker run --restart on-failure$0");
        check_tab("docker run ngi$0", "docker run nginx$0");
        check_tab("docker image rm ngi$0", "docker image rm nginx:1.27 $0");
        check_tab("docker volume rm $0", "docker volume rm data $0");
        check_tab("docker stop we$0 -t 3", "docker stop web $0 -t 3");
        check_tab("docker stop \"fr$0", "docker stop \"frozen\" $0");
        check_tab("docker ps --filter 'st$0", "docker ps --filter 'status=$0");
        check_tab("cat 'ht$0", "cat 'html/$0");
        check_tab("docker nosuch x$0", "docker nosuch x$0");
    }

    #[test]
    fn host_commands_and_paths() {
        check("sys$0", "systemctl");
        check("dock$0", "docker");
        check("sudo sys$0", "systemctl");
        check(
            "sudo systemctl $0",
            "daemon-reload disable enable is-active is-enabled list-units restart start status stop",
        );
        check("sudo systemctl stop d$0", "docker.service");
        check("cat ~/ht$0", "~/html/");
        check("ls /etc/host$0", "/etc/hostname /etc/hosts");
        check("echo hi > ht$0", "html/");
        check("cd $0", "html/");
        check("ls | gr$0", "grep");
        check(
            "docker rm $(docker ps -$0",
            "--all --filter --format --help --last --latest --no-trunc --quiet --size -a -f -l -n -q -s",
        );
        check("docker rm $(docker ps -aq) o$0", "old");
        check_tab("cat ~/ht$0", "cat ~/html/$0");
        check_tab("cat /etc/hostn$0", "cat /etc/hostname $0");
        check_tab("cat \"/etc/hostn$0", "cat \"/etc/hostname\" $0");
    }

    #[test]
    fn nothing_from_a_stopped_daemon() {
        let (sh, mut e) = world();
        e.daemon_stop();
        check_in(&sh, &e, "docker start $0", "");
        check_in(&sh, &e, "docker rmi $0", "");
        check_in(&sh, &e, "docker st$0", "start stats stop");
    }

    #[test]
    fn cursor_anywhere_never_panics() {
        let (sh, e) = world();
        let lines = [
            "docker run -d --name wébsite ngi",
            "échо 'héllo wörld' | gr",
            "docker \"st",
            "docker rm $(docker ps -q",
            "docker --network=",
            "docker ps -f =",
            "docker run --network='container:",
            "\\",
            "'",
            "docker run -p",
            "docker -",
            "$(",
            "docker cp web:/etc ",
            "docker cp ./x ",
            "한글 명령 ",
            "docker ps --filter \"status=ru",
            "docker kill -s=",
        ];
        for line in lines {
            for cursor in 0..=line.len() + 2 {
                let c = complete_in(&sh, &e, line, cursor);
                assert!(c.replace_from <= c.replace_to && c.replace_to <= line.len());
                assert!(line.is_char_boundary(c.replace_from) && line.is_char_boundary(c.replace_to));
                let _ = c.apply(line);
            }
        }
    }

    #[test]
    fn a_held_terminal_completes_nothing() {
        let mut s = crate::catalogue::testing::session(crate::SessionConfig::default());
        let now = crate::SessionConfig::default().start_time;
        s.run_line("docker run httpd", now);
        assert!(s.is_held());
        let c = complete(&s, "docker st", 9);
        assert!(c.candidates.is_empty());
    }
}
