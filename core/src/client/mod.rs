//! The docker client: argv after `docker` → a parsed command → engine calls → output lines.
//!
//! [`spec`]/[`args`] parse exactly as the real CLI does (same flags, same usage errors);
//! the per-group modules perform each command's client-side steps (`run` = create, pull if
//! missing, create again, start) and print results in docker's formats. This layer never
//! mutates engine state except through engine methods.

pub mod cli;
pub mod commit;
pub mod container;
pub mod cp;
pub mod diff;
pub mod exec;
pub mod image;
pub mod images;
pub mod inspect;
pub mod inspect_json;
pub mod more;
pub mod network;
pub mod ps;
pub mod system;
pub mod timestamp;
pub mod volume;

use crate::engine::{DaemonError, Engine};
use crate::output::Output;
pub use cli::spec;
use serde::{Deserialize, Serialize};
use spec::{Invocation, Parsed};

/// What the daemon-down error says, for every command that needs the daemon.
pub const DAEMON_DOWN: &str =
    "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?";

/// A command that keeps the terminal after it printed what it had: `docker run` of a
/// process that keeps running, `docker attach`, `docker logs -f`. The session streams the
/// container's output until Ctrl+C (or Ctrl+P Ctrl+Q with `-it`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hold {
    /// The container's full ID.
    pub container: String,
    /// What holds the terminal.
    pub kind: HoldKind,
    /// Ctrl+C is passed on to the container as SIGINT (`--sig-proxy`, on by default).
    pub sig_proxy: bool,
    /// The terminal's keystrokes reach the container (`-i`).
    pub stdin: bool,
    /// The container has a terminal (`-t`).
    pub tty: bool,
    /// What a client-side watcher (`logs -f`, `wait`, `events`, `stats`) needs to go on:
    /// the command's arguments after `docker`, or for `wait` the containers still to report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub argv: Vec<String>,
    /// How far the watcher got: log lines or events already printed, containers of `wait`
    /// already reported.
    #[serde(default)]
    pub mark: usize,
}

/// Which command holds the terminal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HoldKind {
    /// `docker run` without `-d`.
    Run,
    /// `docker attach` or `docker start -a`.
    Attach,
    /// `docker logs -f`: Ctrl+C only stops following.
    Follow,
    /// `docker wait` on a running container: prints exit codes as containers exit.
    Wait,
    /// `docker events` without `--until`: prints events as they happen.
    Events,
    /// `docker stats` without `--no-stream`: redraws the table every half second.
    Stats,
}

impl HoldKind {
    /// Whether the docker client itself produces the output while it holds the terminal
    /// ([`watch`] streams it), rather than a container's attached streams. Ctrl+C ends only
    /// the client; the containers carry on.
    pub fn is_watcher(self) -> bool {
        matches!(self, HoldKind::Follow | HoldKind::Wait | HoldKind::Events | HoldKind::Stats)
    }
}

/// What a watching client prints since the last call, and `Some(status)` once it has
/// nothing more to wait for (its exit status). Never mutates engine state.
pub fn watch(engine: &Engine, hold: &mut Hold, out: &mut Output) -> Option<i32> {
    match hold.kind {
        HoldKind::Follow => more::follow(engine, hold, out),
        HoldKind::Wait => more::wait_more(engine, &hold.argv, &mut hold.mark, out),
        HoldKind::Events => system::events_more(engine, hold, out),
        HoldKind::Stats => more::stats_frame(engine, &hold.argv, out),
        HoldKind::Run | HoldKind::Attach => None,
    }
}

/// Runs `docker ARGV...` against the engine with `stdin` as its standard input (what a
/// pipe fed it, or a learner's answer to a `[y/N]` prompt). Never panics; every failure is
/// output.
pub fn run(engine: &mut Engine, argv: &[String], stdin: &str) -> Output {
    run_holding(engine, argv, stdin).0
}

/// Like [`run`], also saying whether the command now holds the terminal.
pub fn run_holding(engine: &mut Engine, argv: &[String], stdin: &str) -> (Output, Option<Hold>) {
    let inv = match spec::parse(argv) {
        Parsed::Run(inv) => inv,
        Parsed::Done(out) => return (out, None),
    };
    // Deprecation notices and banners the parser printed come first.
    let mut out = Output { lines: inv.printed.clone(), code: 0 };
    if let Some(e) = inv.endpoint_error() {
        out.err(e);
        out.code = 1;
        return (out, None);
    }
    if needs_daemon(inv.path) && !engine.daemon_running() {
        out.extend(daemon_down(&inv));
        return (out, None);
    }
    let hold = |container: String, kind: HoldKind| Hold {
        container,
        kind,
        sig_proxy: inv.flags.bool("sig-proxy"),
        stdin: inv.flags.bool("interactive"),
        tty: inv.flags.bool("tty"),
        argv: Vec::new(),
        mark: 0,
    };
    // A watcher: only the client holds the terminal; keys don't reach any container.
    let watcher = |kind: HoldKind, argv: Vec<String>, mark: usize| Hold {
        container: String::new(),
        kind,
        sig_proxy: false,
        stdin: false,
        tty: false,
        argv,
        mark,
    };
    match inv.path {
        "container run" => {
            let (o, held) = container::run_attached(engine, &inv);
            out.extend(o);
            (out, held.map(|id| hold(id, HoldKind::Run)))
        }
        "container attach" => {
            let (o, held) = container::attach(engine, &inv);
            out.extend(o);
            // attach has no -i/-t flags: it takes the container's own settings.
            let held = held.map(|id| {
                let (stdin, tty) =
                    engine.container(&id).map(|c| (c.config.open_stdin, c.config.tty)).unwrap_or((false, false));
                Hold {
                    container: id,
                    kind: HoldKind::Attach,
                    sig_proxy: inv.flags.bool("sig-proxy"),
                    stdin,
                    tty,
                    argv: Vec::new(),
                    mark: 0,
                }
            });
            (out, held)
        }
        "container logs" if inv.flags.bool("follow") => {
            out.extend(dispatch(engine, &inv, stdin));
            let running = inv.args.first().and_then(|a| engine.container_resolve(a).ok()).filter(|c| c.is_running());
            // Everything written by now is on screen; later lines stream.
            let held = running.filter(|_| out.code == 0).map(|c| {
                let mut h = watcher(HoldKind::Follow, argv.to_vec(), more::written_by(c, engine.now()));
                h.container = c.id.clone();
                h
            });
            (out, held)
        }
        "container wait" => {
            let entries = more::wait_targets(engine, &inv.args);
            let mut mark = 1;
            match more::wait_more(engine, &entries, &mut mark, &mut out) {
                Some(code) => {
                    out.code = code;
                    (out, None)
                }
                None => (out, Some(watcher(HoldKind::Wait, entries, mark))),
            }
        }
        "system events" if inv.flags.string("until").is_none_or(str::is_empty) => {
            let mark = engine.event_count();
            out.extend(dispatch(engine, &inv, stdin));
            let held = (out.code == 0).then(|| watcher(HoldKind::Events, argv.to_vec(), mark));
            (out, held)
        }
        "container stats" if !inv.flags.bool("no-stream") => {
            out.extend(dispatch(engine, &inv, stdin));
            // The first frame failed (no such container, a bad format), or nothing is left
            // to watch: the client returns.
            let goes_on =
                out.code == 0 && (inv.args.is_empty() || inv.args.iter().any(|a| engine.container_resolve(a).is_ok()));
            let held = goes_on.then(|| watcher(HoldKind::Stats, argv.to_vec(), 0));
            (out, held)
        }
        _ => {
            out.extend(dispatch(engine, &inv, stdin));
            (out, None)
        }
    }
}

/// What a command prints when dockerd is not running. `run` wraps the error like its
/// other errors; `pull` has already said which tag it uses.
fn daemon_down(inv: &Invocation) -> Output {
    let mut out = Output::with_code(1);
    match inv.path {
        "container run" => {
            out.err(format!("docker: {DAEMON_DOWN}"));
            out.err("");
            out.err(format!("Run '{} --help' for more information", inv.called_as));
            out.code = 125;
        }
        "image pull" => {
            if inv.args.first().is_some_and(|a| {
                crate::engine::reference::ImageRef::parse(a).is_ok_and(|r| r.tag.is_none() && r.digest.is_none())
            }) {
                out.out("Using default tag: latest");
            }
            out.err(DAEMON_DOWN);
        }
        _ => out.err(DAEMON_DOWN),
    }
    out
}

fn needs_daemon(path: &str) -> bool {
    // version and info print their client part first; prune commands ask their question
    // before contacting the daemon; search reports the daemon itself.
    !matches!(
        path,
        "login" | "logout" | "search" | "version" | "system info" | "container prune" | "image prune" | "system prune"
    )
}

fn dispatch(engine: &mut Engine, inv: &Invocation, stdin: &str) -> Output {
    match inv.path {
        "container run" => container::run(engine, inv),
        "container create" => container::create(engine, inv),
        "container start" => container::start(engine, inv),
        "container stop" => container::stop(engine, inv),
        "container kill" => container::kill(engine, inv),
        "container restart" => container::restart(engine, inv),
        "container pause" => container::pause(engine, inv),
        "container unpause" => container::unpause(engine, inv),
        "container rm" => container::rm(engine, inv),
        "container ls" => ps::ls(engine, inv),
        "container logs" => more::logs(engine, inv),
        "container inspect" => inspect::container(engine, inv),
        "container top" => more::top(engine, inv),
        "container port" => more::port(engine, inv),
        "container wait" => more::wait(engine, inv),
        "container stats" => more::stats(engine, inv),
        "container prune" => system::container_prune(engine, inv, stdin),
        "container rename" => container::rename(engine, inv),
        "container exec" | "container cp" | "container diff" | "container commit" => {
            exec::dispatch_without_host(engine, inv)
        }
        "image pull" => image::pull(engine, inv),
        "image ls" => images::ls(engine, inv),
        "image inspect" => inspect::image(engine, inv),
        "image history" => more::history(engine, inv),
        "image prune" => system::image_prune(engine, inv, stdin),
        "inspect" => inspect::any(engine, inv),
        "version" => system::version(engine, inv),
        "system info" => system::info(engine, inv),
        "system df" => system::df(engine, inv),
        "system prune" => system::system_prune(engine, inv, stdin),
        "system events" => system::events(engine, inv),
        "search" => system::search(engine, inv),
        "login" => system::login(inv, stdin),
        "logout" => system::logout(inv),
        "image rm" => image::rm(engine, inv),
        "image tag" => image::tag(engine, inv),
        "volume create" => volume::create(engine, inv),
        "volume ls" => volume::ls(engine, inv),
        "volume inspect" => volume::inspect(engine, inv),
        "volume rm" => volume::rm(engine, inv),
        "volume prune" => volume::prune(engine, inv, stdin),
        "network create" => network::create(engine, inv),
        "network ls" => network::ls(engine, inv),
        "network inspect" => network::inspect(engine, inv),
        "network connect" => network::connect(engine, inv),
        "network disconnect" => network::disconnect(engine, inv),
        "network rm" => network::rm(engine, inv),
        "network prune" => network::prune(engine, inv, stdin),
        other => {
            // Known to the parser but not simulated yet. Docker would never say this, so the
            // site says it in its own (Korean) voice instead of faking a daemon error.
            let mut out = Output::with_code(1);
            out.err(format!("whalelab: 'docker {other}' 명령은 이 연습용 터미널에서 아직 지원하지 않습니다."));
            out
        }
    }
}

/// Prints a daemon refusal the way the CLI does for most commands.
pub(crate) fn daemon_error(out: &mut Output, e: &DaemonError) {
    out.err(format!("Error response from daemon: {e}"));
    out.code = 1;
}
