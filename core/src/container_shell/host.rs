//! The commands a container answers in its own way, behind the shell's [`Host`] trait.
//!
//! The shell asks [`ContainerHost::overrides`] before running one of its own programs: a program
//! the image lacks is "not found" (in the words of the shell in use), and `uname`, `hostname`,
//! `whoami`, `id`, `which` and a bare `env` describe the container rather than the host. Programs
//! the shell does not implement arrive in [`Host::exec_in`]: `ps`, package managers, `curl`,
//! `wget`, `ping`, editors. A program the image has but we do not model runs quietly and exits
//! 0, as in `engine::process`. Nothing here formats docker output or panics.

use super::net;
use super::packages;
use super::programs;
use super::Flavour;
use crate::engine::files::runs_main;
use crate::engine::Engine;
use crate::env::SimTime;
use crate::go::time::civil;
use crate::host::CPUS;
use crate::http::curl::{self, CurlEnv};
use crate::http::Origin;
use crate::output::Output;
use crate::shell::fs::{self, Fs, Who};
use crate::shell::{Host, HostCtx};
use serde::{Deserialize, Serialize};

/// What the shell process knows about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ShellInfo {
    pub container: String,
    pub hostname: String,
    pub flavour: Flavour,
    /// How the shell was invoked (`bash`, `/bin/sh`): ash names itself this way in errors.
    pub arg0: String,
    pub user: String,
    pub uid: u32,
    pub gid: u32,
    pub group: String,
    pub home: String,
    /// `$PATH` as the container has it.
    pub path: String,
    /// Environment names in the order the process received them.
    pub env_order: Vec<String>,
    pub tty: bool,
    pub ps1: String,
    pub bash_version: String,
    /// The base system's name (`debian12`, `alpine3.21`).
    pub base: String,
    /// Its package manager (`apt`, `apk`, `microdnf`, `none`).
    pub pkg: String,
    /// The package mirror it installs from (`debian`, `alpine`: `packages/NAME.toml`).
    #[serde(default)]
    pub packages: String,
    /// This shell's PID.
    pub pid: u32,
    /// When it started.
    pub started: SimTime,
    /// The PID the next command gets.
    pub next_pid: u32,
    /// A program run by `docker exec` directly, with no shell around it.
    #[serde(default)]
    pub one_shot: bool,
    /// What `/bin/sh` is in this container.
    #[serde(default = "dash")]
    pub sh: Flavour,
    /// A Dockerfile RUN step has no container: its stage's image stands in for the
    /// container's (programs, versions).
    #[serde(skip)]
    pub image: Option<Box<crate::engine::LocalImage>>,
}

fn dash() -> Flavour {
    Flavour::Dash
}

/// Whether a base system's small programs are BusyBox's.
pub(crate) fn is_busybox(base: &str) -> bool {
    base.starts_with("alpine") || base == "busybox"
}

/// A user as `/etc/passwd` describes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Account {
    pub name: String,
    pub uid: u32,
    pub gid: u32,
    pub group: String,
    pub home: String,
    /// The name is known (`whoami` can say it).
    pub known: bool,
}

/// Looks a `-u` value (`root`, `www-data`, `1000`, `1000:1000`) up in the container's
/// `/etc/passwd` and `/etc/group`.
pub(crate) fn account(files: &Fs, spec: &str) -> Account {
    let user = spec.split(':').next().unwrap_or(spec);
    let passwd = files.read("/etc/passwd", Who::Root).unwrap_or("root:x:0:0:root:/root:/bin/sh\n");
    let groups = files.read("/etc/group", Who::Root).unwrap_or("root:x:0:\n");
    let group_name = |gid: u32| {
        groups.lines().find_map(|l| {
            let f: Vec<&str> = l.split(':').collect();
            (f.get(2).and_then(|g| g.parse::<u32>().ok()) == Some(gid))
                .then(|| f.first().map(|s| s.to_string()).unwrap_or_default())
        })
    };
    for line in passwd.lines() {
        let f: Vec<&str> = line.split(':').collect();
        let (Some(name), Some(uid), Some(gid), Some(home)) = (
            f.first(),
            f.get(2).and_then(|u| u.parse::<u32>().ok()),
            f.get(3).and_then(|g| g.parse::<u32>().ok()),
            f.get(5),
        ) else {
            continue;
        };
        if *name == user || uid.to_string() == user {
            return Account {
                name: name.to_string(),
                uid,
                gid,
                group: group_name(gid).unwrap_or_else(|| gid.to_string()),
                home: home.to_string(),
                known: true,
            };
        }
    }
    let uid = user.parse::<u32>().unwrap_or(0);
    Account {
        name: if uid == 0 { "root".to_string() } else { uid.to_string() },
        uid,
        gid: 0,
        group: "root".to_string(),
        home: if uid == 0 { "/root".into() } else { "/".into() },
        known: uid == 0,
    }
}

/// Finds a program as `execvp` would: a path is taken as it is, a name is searched for along
/// `PATH`. Returns the file's path.
pub(crate) fn find_program(files: &Fs, path: &str, name: &str) -> Option<String> {
    if name.is_empty() {
        return None;
    }
    if name.contains('/') {
        let p = fs::normalize("/", name);
        return files.get(&p).filter(|n| !n.is_dir()).map(|_| p);
    }
    path.split(':')
        .filter(|d| d.starts_with('/'))
        .map(|d| format!("{}/{name}", d.trim_end_matches('/')))
        .find(|p| files.get(p).is_some_and(|n| !n.is_dir()))
}

/// The container's side of the shell.
pub(crate) struct ContainerHost<'a> {
    pub engine: &'a mut Engine,
    pub host_fs: &'a mut Fs,
    pub info: &'a mut ShellInfo,
    /// Keystrokes reach the shell (`-i`): package managers may ask questions.
    pub interactive: bool,
    /// It is the container's main process (`docker run IMAGE CMD`): its `sleep` is its own
    /// time, not the session's, and programs that never end leave it running.
    pub main: bool,
    /// Set by a program that goes on reading the terminal after this line (`redis-cli` with
    /// `-it`): the shell hands it the next lines.
    pub repl: Option<super::repl::Repl>,
}

/// Lines `yes` writes before the terminal or the log stops taking them.
const YES_LINES: usize = 2_000;

/// Programs whose container version differs from the host's builtin of the same name.
const OWN_VERSIONS: &[&str] = &["uname", "hostname", "whoami", "id", "which", "sudo"];

impl ContainerHost<'_> {
    /// The container's image.
    pub(super) fn image(&self) -> Option<crate::engine::LocalImage> {
        if let Some(i) = &self.info.image {
            return Some((**i).clone());
        }
        let c = self.engine.container(&self.info.container)?;
        self.engine.images().find(|i| i.id == c.image_id).cloned()
    }

    /// `pip ...` with the image's own pip: its version and site-packages directory come from
    /// its `pip --version` line (`pip 24.3.1 from /usr/local/lib/python3.13/site-packages/pip`).
    pub(super) fn pip(&mut self, ctx: &mut HostCtx<'_>, args: &[String]) -> Output {
        let line = self
            .image()
            .and_then(|i| i.process.version.get("pip").cloned())
            .and_then(|t| t.into_iter().next())
            .map(|t| match t {
                crate::catalogue::LogTemplate::Text(s) => s,
                crate::catalogue::LogTemplate::Line(l) => l.out.or(l.err).unwrap_or_default(),
            })
            .unwrap_or_default();
        let mut words = line.split_whitespace();
        let version = words.nth(1).unwrap_or("24.3.1").to_string();
        let site = line
            .split(" from ")
            .nth(1)
            .and_then(|r| r.split_whitespace().next())
            .and_then(|p| p.strip_suffix("/pip"))
            .unwrap_or("/usr/local/lib/python3.13/site-packages")
            .to_string();
        let pypi = self
            .engine
            .catalogue()
            .packages(crate::catalogue::language_mirror("pip").unwrap_or_default())
            .cloned()
            .unwrap_or_default();
        packages::pip(ctx, self.info, &pypi, args, &site, &version)
    }

    /// `npm start`, `npm run NAME`, `npm test`: npm's banner, then the script from
    /// `package.json` (a `node FILE` script runs; others are taken as done).
    fn npm_script(&mut self, ctx: &mut HostCtx<'_>, args: &[String]) -> Output {
        let mut out = Output::new();
        let script = match args.first().map(String::as_str) {
            Some("start") => "start".to_string(),
            Some("test") => "test".to_string(),
            _ => args.get(1).cloned().unwrap_or_default(),
        };
        let path = ctx.resolve("package.json");
        let Some(manifest) =
            ctx.fs.read(&path, ctx.who).ok().and_then(|t| serde_json::from_str::<serde_json::Value>(t).ok())
        else {
            out.err("npm error code ENOENT");
            out.err("npm error syscall open");
            out.err(format!("npm error path {path}"));
            out.err("npm error errno -2");
            out.err(format!(
                "npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '{path}'"
            ));
            out.err("npm error enoent This is related to npm not being able to find a file.");
            out.err("npm error enoent");
            out.code = 254;
            return out;
        };
        let name = manifest.get("name").and_then(|v| v.as_str()).unwrap_or("");
        let version = manifest.get("version").and_then(|v| v.as_str()).unwrap_or("");
        let Some(cmd) =
            manifest.get("scripts").and_then(|s| s.get(&script)).and_then(|v| v.as_str()).map(str::to_string)
        else {
            out.err(format!("npm error Missing script: \"{script}\""));
            out.err("npm error");
            out.err("npm error To see a list of scripts, run:");
            out.err("npm error   npm run");
            out.code = 1;
            return out;
        };
        let id = if name.is_empty() { String::new() } else { format!("{name}@{version} ") };
        out.out("");
        out.out(format!("> {id}{script}"));
        out.out(format!("> {cmd}"));
        out.out("");
        let argv: Vec<String> = cmd.split_whitespace().map(str::to_string).collect();
        if let Some(("node", rest)) = argv.split_first().map(|(a, r)| (a.as_str(), r)) {
            if let Some(o) = programs::run(self, ctx, "node", rest) {
                out.lines.extend(o.lines);
                out.code = o.code;
            }
        }
        out
    }

    fn take_pid(&mut self) -> u32 {
        let p = self.info.next_pid;
        self.info.next_pid = self.info.next_pid.saturating_add(1).min(4_000_000);
        p
    }
}

impl Host for ContainerHost<'_> {
    fn exec(&mut self, _argv: &[String], _stdin: &str) -> Option<Output> {
        None
    }

    fn exec_in(&mut self, ctx: &mut HostCtx<'_>, argv: &[String], stdin: &str) -> Option<Output> {
        let first = argv.first()?;
        // A program the image lacks: the shell says `not found` in its own words.
        find_program(ctx.fs, &self.info.path, first)?;
        let name = first.rsplit('/').next().unwrap_or(first).to_string();
        if !cfg!(feature = "full") && crate::shell::FULL_ENGINE_PROGRAMS.contains(&name.as_str()) {
            // Only in a build without the full engine does the shell leave these to the host.
            self.engine.ask_for_full();
            return Some(Output::new());
        }
        let args: Vec<String> = argv.iter().skip(1).cloned().collect();
        self.info.next_pid = self.info.next_pid.saturating_add(1);
        if let Some(out) = programs::run(self, ctx, &name, &args) {
            return Some(out);
        }
        Some(match name.as_str() {
            "uname" => uname(&args, &self.info.hostname, &self.info.base),
            "hostname" => hostname(self, &args),
            "whoami" => whoami(self.info),
            "id" => id(self.engine.catalogue(), self.info, &args),
            "which" => which(ctx.fs, &self.info.path, &args),
            "env" | "printenv" => env(ctx, self.info, &args),
            "ps" => ps(self, &args),
            "apt-get" | "apt" | "apk" | "microdnf" | "dnf" | "yum" => {
                let family = self.engine.catalogue().packages(&self.info.packages).cloned().unwrap_or_default();
                match name.as_str() {
                    "apk" => packages::apk(ctx, self.info, &family, &args),
                    "apt-get" | "apt" => packages::apt(ctx, self.info, &family, &name, &args, self.interactive),
                    _ => packages::dnf(ctx, &family, &name, &args),
                }
            }
            p if p == "pip" || p == "pip3" || p.starts_with("pip3.") => self.pip(ctx, &args),
            "npm" if matches!(args.first().map(String::as_str), Some("start" | "run" | "run-script" | "test")) => {
                self.npm_script(ctx, &args)
            }
            "npm" => {
                let registry = self
                    .engine
                    .catalogue()
                    .packages(crate::catalogue::language_mirror("npm").unwrap_or_default())
                    .cloned()
                    .unwrap_or_default();
                packages::npm(ctx, &registry, &args)
            }
            "curl" => {
                let ua = packages::curl_user_agent(&self.info.base);
                let env = CurlEnv {
                    origin: Origin::Container(&self.info.container),
                    tty: ctx.tty,
                    cwd: ctx.cwd,
                    who: ctx.who,
                    now: ctx.now,
                    user_agent: &ua,
                };
                curl::run(self.engine, ctx.fs, Some(self.host_fs), &env, &args).into_output()
            }
            "wget" => net::wget(self, ctx, &args),
            "ping" => net::ping(self, &args),
            "getent" => net::getent(self, ctx, &args),
            "nslookup" => net::nslookup(self, ctx, &args),
            "mysql" | "mariadb" => net::mysql(self, ctx, &name, &args),
            "psql" => net::psql(self, ctx, &args),
            "redis-cli" => {
                let (out, session) = super::redis::run(self, &args, stdin);
                if let Some(s) = session.filter(|_| !self.main) {
                    self.repl = Some(super::repl::Repl::Redis(s));
                }
                out
            }
            // MongoDB's shell is the full engine's: few beginners' tutorials reach it.
            #[cfg(not(feature = "full"))]
            "mongosh" => {
                self.engine.ask_for_full();
                Output::new()
            }
            #[cfg(feature = "full")]
            "mongosh" => {
                let (out, session) = super::mongo::run(self, &args);
                if let Some(s) = session.filter(|_| !self.main) {
                    self.repl = Some(super::repl::Repl::Mongo(s));
                }
                out
            }
            "yes" => {
                // It writes for ever; the terminal (or the log) holds this much of it.
                let word = if args.is_empty() { "y".to_string() } else { args.join(" ") };
                let mut out = Output::new();
                for _ in 0..YES_LINES {
                    out.out(word.clone());
                }
                ctx.blocks = true;
                out
            }
            "top" | "htop" | "watch" if self.main => {
                // They never end by themselves; a container running one just goes on.
                ctx.blocks = true;
                Output::new()
            }
            "vi" | "vim" | "nano" | "emacs" | "top" | "htop" => editor(&name),
            "less" | "more" => pager(ctx, &args, stdin),
            _ => Output::new(),
        })
    }

    fn overrides(&mut self, argv: &[String], files: &Fs) -> bool {
        let Some(first) = argv.first() else { return false };
        if find_program(files, &self.info.path, first).is_none() {
            return true;
        }
        let name = first.rsplit('/').next().unwrap_or(first);
        OWN_VERSIONS.contains(&name) || (matches!(name, "env" | "printenv") && argv.len() == 1)
    }

    fn advance_clock(&mut self, ms: SimTime) {
        if self.main {
            return;
        }
        let now = self.engine.now();
        self.engine.set_now(now.saturating_add(ms));
    }

    fn sh_dialect(&self) -> Flavour {
        self.info.sh
    }

    fn busybox(&self) -> bool {
        is_busybox(&self.info.base)
    }
}

/// `uname` in a container: the host's kernel, the container's hostname, the image's userland.
fn uname(args: &[String], hostname: &str, base: &str) -> Output {
    let mut out = Output::new();
    match crate::host::uname(args, hostname, base) {
        Ok(line) => out.out(line),
        Err(why) => {
            out.err(format!("uname: {why}"));
            out.err("Try 'uname --help' for more information.");
            out.code = 1;
        }
    }
    out
}

fn hostname(h: &ContainerHost<'_>, args: &[String]) -> Output {
    let mut out = Output::new();
    let ip = h
        .engine
        .container(&h.info.container)
        .and_then(|c| c.ip.clone())
        .or_else(|| {
            h.engine.container_networks(&h.info.container).into_iter().map(|n| n.ip_address).find(|i| !i.is_empty())
        })
        .unwrap_or_default();
    match args.first().map(String::as_str) {
        None => out.out(h.info.hostname.clone()),
        Some("-i") | Some("--ip-address") => out.out(ip),
        Some("-I") | Some("--all-ip-addresses") => out.out(format!("{ip} ")),
        Some("-s") | Some("--short") => out.out(h.info.hostname.split('.').next().unwrap_or("").to_string()),
        Some(_) => {
            out.err(if h.info.base.starts_with("alpine") || h.info.base == "busybox" {
                "hostname: sethostname: Operation not permitted".to_string()
            } else {
                "hostname: you must be root to change the host name".to_string()
            });
            out.code = 1;
        }
    }
    out
}

fn whoami(info: &ShellInfo) -> Output {
    let mut out = Output::new();
    if info.user.parse::<u32>().is_ok() && info.uid != 0 {
        out.err(format!("whoami: cannot find name for user ID {}", info.uid));
        out.code = 1;
    } else {
        out.out(info.user.clone());
    }
    out
}

fn id(cat: &crate::catalogue::Catalogue, info: &ShellInfo, args: &[String]) -> Output {
    let mut out = Output::new();
    let named = info.user.parse::<u32>().is_err() || info.uid == 0;
    match args.first().map(String::as_str) {
        Some("-u") => out.out(info.uid.to_string()),
        Some("-g") => out.out(info.gid.to_string()),
        Some("-un") | Some("-nu") if named => out.out(info.user.clone()),
        _ if info.uid == 0 => {
            let from_registry = cat.os(&info.base).map(|o| o.id_root.clone()).filter(|s| !s.is_empty());
            let text = from_registry.unwrap_or_else(|| match info.base.as_str() {
                b if b.starts_with("alpine") => "uid=0(root) gid=0(root) groups=0(root),1(bin),2(daemon),3(sys),4(adm),6(disk),10(wheel),11(floppy),20(dialout),26(tape),27(video)".to_string(),
                "busybox" => "uid=0(root) gid=0(root) groups=0(root),10(wheel)".to_string(),
                _ => "uid=0(root) gid=0(root) groups=0(root)".to_string(),
            });
            out.out(text);
        }
        _ if named => out.out(format!(
            "uid={}({}) gid={}({}) groups={}({})",
            info.uid, info.user, info.gid, info.group, info.gid, info.group
        )),
        _ => out.out(format!("uid={} gid={}({}) groups={}({})", info.uid, info.gid, info.group, info.gid, info.group)),
    }
    out
}

fn which(files: &Fs, path: &str, args: &[String]) -> Output {
    let mut out = Output::new();
    let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    out.code = i32::from(names.is_empty());
    for n in names {
        match find_program(files, path, n) {
            Some(p) => out.out(p),
            None => out.code = 1,
        }
    }
    out
}

/// A bare `env`: the environment in the order the process holds it.
fn env(ctx: &HostCtx<'_>, info: &ShellInfo, args: &[String]) -> Output {
    let mut out = Output::new();
    let vars = &ctx.env;
    if args.is_empty() && info.one_shot {
        // Run by docker directly: the environment exactly as the runtime passed it.
        for k in &info.env_order {
            if let Some(v) = vars.get(k) {
                out.out(format!("{k}={v}"));
            }
        }
        return out;
    }
    if args.is_empty() {
        let mut order: Vec<String> = Vec::new();
        for k in ["HOSTNAME", "PWD", "HOME"] {
            order.push(k.to_string());
        }
        for k in &info.env_order {
            if !matches!(k.as_str(), "PATH" | "HOSTNAME" | "HOME" | "TERM") && !order.contains(k) {
                order.push(k.clone());
            }
        }
        for k in ["TERM", "SHLVL", "PATH"] {
            order.push(k.to_string());
        }
        for k in vars.keys() {
            if !order.contains(k) && k != "_" {
                order.push(k.clone());
            }
        }
        for k in order {
            if let Some(v) = vars.get(&k) {
                out.out(format!("{k}={v}"));
            }
        }
        out.out("_=/usr/bin/env");
        return out;
    }
    for a in args {
        match vars.get(a) {
            Some(v) => out.out(v.clone()),
            None => out.code = 1,
        }
    }
    out
}

fn hhmm(t: SimTime) -> String {
    let (_, _, _, h, m, _) = civil(t / 1000);
    format!("{h:02}:{m:02}")
}

/// One process for `ps`.
struct Proc {
    pid: u32,
    ppid: u32,
    user: String,
    tty: String,
    /// The command name (`bash`).
    comm: String,
    /// The full command line (`/bin/bash`).
    args: String,
    start: SimTime,
}

fn ps(h: &mut ContainerHost<'_>, args: &[String]) -> Output {
    let mut out = Output::new();
    let Some(c) = h.engine.container(&h.info.container).cloned() else { return out };
    let image = h.engine.images().find(|i| i.id == c.image_id).cloned();
    let main_tty = if c.config.tty { "pts/0" } else { "?" }.to_string();
    let started = c.started_at.unwrap_or(c.created);
    let repo = image.as_ref().map(|i| i.repo_path.trim_start_matches("library/").to_string()).unwrap_or_default();
    let main = image.as_ref().is_some_and(|i| runs_main(&c, i));
    let mut procs: Vec<Proc> = Vec::new();
    let base_name = |s: &str| s.rsplit('/').next().unwrap_or(s).to_string();
    match (main, repo.as_str()) {
        (true, "httpd") => {
            procs.push(Proc {
                pid: 1,
                ppid: 0,
                user: "root".into(),
                tty: main_tty.clone(),
                comm: "httpd".into(),
                args: "httpd -DFOREGROUND".into(),
                start: started,
            });
            for pid in 7..10 {
                procs.push(Proc {
                    pid,
                    ppid: 1,
                    user: "www-data".into(),
                    tty: main_tty.clone(),
                    comm: "httpd".into(),
                    args: "httpd -DFOREGROUND".into(),
                    start: started,
                });
            }
        }
        (true, "nginx") => {
            procs.push(Proc {
                pid: 1,
                ppid: 0,
                user: "root".into(),
                tty: main_tty.clone(),
                comm: "nginx".into(),
                args: "nginx: master process nginx -g daemon off;".into(),
                start: started,
            });
            for pid in 29..29 + CPUS.min(2) {
                procs.push(Proc {
                    pid,
                    ppid: 1,
                    user: "nginx".into(),
                    tty: main_tty.clone(),
                    comm: "nginx".into(),
                    args: "nginx: worker process".into(),
                    start: started,
                });
            }
        }
        _ => {
            let cmd = c.command();
            let first = c.entrypoint.iter().chain(c.cmd.iter()).next().cloned().unwrap_or_default();
            procs.push(Proc {
                pid: 1,
                ppid: 0,
                user: "root".into(),
                tty: main_tty.clone(),
                comm: base_name(&first),
                args: cmd,
                start: started,
            });
        }
    }
    let my_tty = if h.info.pid == 1 {
        main_tty.clone()
    } else if h.info.tty {
        "pts/1".to_string()
    } else {
        "?".to_string()
    };
    if h.info.pid != 1 {
        procs.push(Proc {
            pid: h.info.pid,
            ppid: 0,
            user: h.info.user.clone(),
            tty: my_tty.clone(),
            comm: base_name(&h.info.arg0),
            args: h.info.arg0.clone(),
            start: h.info.started,
        });
    }
    // `docker run IMAGE ps`: ps itself is PID 1.
    let is_main = h.main && procs.len() == 1 && procs.first().is_some_and(|p| p.comm == "ps");
    let me = if is_main { 1 } else { h.take_pid() };
    let shown_args = std::iter::once("ps".to_string()).chain(args.iter().cloned()).collect::<Vec<_>>().join(" ");
    let now = h.engine.now();
    if !is_main {
        procs.push(Proc {
            pid: me,
            ppid: h.info.pid,
            user: h.info.user.clone(),
            tty: my_tty.clone(),
            comm: "ps".into(),
            args: shown_args,
            start: now,
        });
    }
    if h.info.base.starts_with("alpine") || h.info.base == "busybox" {
        out.out("PID   USER     TIME  COMMAND");
        for p in &procs {
            out.out(format!("{:5} {:<8} {:>5} {}", p.pid, p.user, "0:00", p.args));
        }
        return out;
    }
    let flags: String = args.iter().map(|a| a.trim_start_matches('-')).collect();
    let everyone = flags.contains('e') || flags.contains('A') || flags.contains('a') || flags.contains('x');
    if flags.contains('u') {
        out.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND");
        for p in procs.iter().filter(|p| everyone || p.tty == my_tty) {
            let stat = if p.pid == me {
                if p.tty == "?" {
                    "Rs"
                } else {
                    "R+"
                }
            } else if p.pid == 1 || p.pid == h.info.pid {
                if p.tty == "?" {
                    "Ss"
                } else {
                    "Ss+"
                }
            } else {
                "S"
            };
            let stat = if p.pid == h.info.pid && h.info.pid != 1 { "Ss" } else { stat };
            let (vsz, rss) = if p.comm == "ps" {
                (7888, 3968)
            } else if p.comm == "bash" {
                (4588, 3840)
            } else {
                (11_420, 7_296)
            };
            out.out(format!(
                "{:<8} {:>7} {:>4} {:>4} {:>6} {:>5} {:<8} {:<4} {:>5} {:>6} {}",
                p.user,
                p.pid,
                "0.0",
                "0.0",
                vsz,
                rss,
                p.tty,
                stat,
                hhmm(p.start),
                "0:00",
                p.args
            ));
        }
        return out;
    }
    if flags.contains('f') {
        out.out("UID          PID    PPID  C STIME TTY          TIME CMD");
        for p in procs.iter().filter(|p| everyone || p.tty == my_tty) {
            out.out(format!(
                "{:<8} {:>7} {:>7} {:>2} {:>5} {:<8} {:>8} {}",
                p.user,
                p.pid,
                p.ppid,
                0,
                hhmm(p.start),
                p.tty,
                "00:00:00",
                p.args
            ));
        }
        return out;
    }
    out.out("    PID TTY          TIME CMD");
    for p in procs.iter().filter(|p| everyone || p.tty == my_tty) {
        out.out(format!("{:>7} {:<8} {:>8} {}", p.pid, p.tty, "00:00:00", p.comm));
    }
    out
}

/// Full-screen programs cannot take over this terminal: say so (in the site's voice).
fn editor(name: &str) -> Output {
    let mut out = Output::with_code(1);
    out.err(crate::voice::full_screen(name));
    out
}

/// `less`/`more` without a terminal to page on just print.
fn pager(ctx: &HostCtx<'_>, args: &[String], stdin: &str) -> Output {
    let mut out = Output::new();
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    if files.is_empty() {
        out.out_text(stdin);
        return out;
    }
    for f in files {
        match ctx.fs.read(&ctx.resolve(f), ctx.who) {
            Ok(t) => out.out_text(t),
            Err(e) => {
                out.err(format!("{f}: {e}"));
                out.code = 1;
            }
        }
    }
    out
}
