//! A shell inside a container: `docker run -it ubuntu bash`, `docker exec -it web sh`, and the
//! one-shot `docker exec web cat /etc/hostname`.
//!
//! The host's own [`Shell`] runs unchanged inside the container: it gets the container's
//! filesystem (built by `engine::files`), runs as root (or the `-u` user), starts in the image's
//! `WORKDIR`, and sees the container's environment. Commands the image lacks (`ps` in Debian
//! slim images, `vim` anywhere until installed) fail as that shell reports it, and the
//! container's own versions of `uname`, `hostname`, `ps`, `env`, `apt-get`, `apk`, `curl`,
//! `wget` and `ping` come from [`host::ContainerHost`]. After every line the changed files go
//! back to the engine, so they show in `docker diff`, survive in volumes and reach the host
//! through bind mounts. The session decides when a shell starts and ends; this module only
//! answers lines. It never panics and never reads a clock.

#[cfg(feature = "full")]
mod build;
mod host;
mod lang;
mod main;
#[cfg(feature = "full")]
mod mongo;
mod net;
mod packages;
mod programs;
mod redis;
mod repl;

#[cfg(feature = "full")]
pub use build::{run_build_step, BuildStep};
pub use main::{probe, run_main};

use crate::engine::Engine;
use crate::env::SimTime;
use crate::output::{Output, Stream};
use crate::shell::fs::{Fs, Who};
use crate::shell::{RunMode, Shell};
use serde::{Deserialize, Serialize};

/// How the shell answers: its prompt and its error messages (the one shell's dialects).
pub use crate::shell::Dialect as Flavour;

/// What the container shell was asked to be.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ShellOptions {
    /// `-t`: a terminal (prompt shown, one output stream).
    pub tty: bool,
    /// `-i`: keystrokes reach it.
    pub interactive: bool,
    /// `-u`: user name or UID.
    pub user: Option<String>,
    /// `-w`: working directory.
    pub workdir: Option<String>,
    /// `-e` entries (`KEY=value`) on top of the container's environment.
    pub env: Vec<String>,
    /// It is the container's main process (`docker run -it`): its `exit` stops the container.
    pub main: bool,
}

/// Why a process could not start in the container (`docker exec` prints the runtime's error).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartError {
    /// No such container.
    NoContainer,
    /// The program is not on the PATH (or not at the given path).
    NotFound(String),
    /// The working directory does not exist.
    NoWorkdir(String),
}

impl StartError {
    /// The OCI runtime's message as `docker exec` prints it, and the exit status.
    pub fn message(&self) -> (String, i32) {
        match self {
            StartError::NoContainer => ("Error response from daemon: No such container".to_string(), 1),
            StartError::NotFound(p) if p.contains('/') => (
                format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{p}\": stat {p}: no such file or directory: unknown"),
                127,
            ),
            StartError::NotFound(p) => {
                (format!("OCI runtime exec failed: exec failed: unable to start container process: exec: \"{p}\": executable file not found in $PATH: unknown"), 127)
            }
            StartError::NoWorkdir(d) => (
                format!("OCI runtime exec failed: exec failed: unable to start container process: chdir to cwd (\"{d}\") set in config.json failed: no such file or directory: unknown"),
                127,
            ),
        }
    }
}

/// A shell process in a container. Plain data, so a session holding one can be cloned and saved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerShell {
    container: String,
    shell: Shell,
    tty: bool,
    interactive: bool,
    main: bool,
    info: host::ShellInfo,
    /// Lines read so far (dash numbers its errors by line).
    lines: u32,
    cleared: bool,
    /// An editor the last line asked for (`vi /etc/motd` in an image that has `vi`).
    #[serde(default, skip)]
    edit: Option<crate::shell::EditRequest>,
    /// A program that reads the terminal instead of the shell (`redis-cli` at its prompt).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    repl: Option<repl::Repl>,
    /// The program was what `docker exec` started: when it ends, the session ends.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    repl_is_session: bool,
}

impl ContainerShell {
    /// Starts `program` (`bash`, `/bin/sh`, `sh`) in container `id` (full ID).
    pub fn open(
        engine: &Engine,
        id: &str,
        host_fs: &Fs,
        program: &str,
        opts: &ShellOptions,
        now: SimTime,
    ) -> Result<ContainerShell, StartError> {
        let c = engine.container(id).ok_or(StartError::NoContainer)?;
        let image = engine.images().find(|i| i.id == c.image_id);
        let files = engine.container_fs(id, host_fs).ok_or(StartError::NoContainer)?;
        let mut env: Vec<(String, String)> = Vec::new();
        let set = |env: &mut Vec<(String, String)>, k: &str, v: &str| match env.iter_mut().find(|(ek, _)| ek == k) {
            Some(slot) => slot.1 = v.to_string(),
            None => env.push((k.to_string(), v.to_string())),
        };
        set(&mut env, "PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        let hostname = engine.container_hostname(c);
        set(&mut env, "HOSTNAME", &hostname);
        if opts.tty {
            set(&mut env, "TERM", "xterm");
        }
        for e in c.env.iter().chain(opts.env.iter()) {
            let (k, v) = e.split_once('=').unwrap_or((e.as_str(), ""));
            if !k.is_empty() {
                set(&mut env, k, v);
            }
        }
        let path = env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.clone()).unwrap_or_default();
        if host::find_program(&files, &path, program).is_none() {
            return Err(StartError::NotFound(program.to_string()));
        }
        let user_spec = opts
            .user
            .clone()
            .filter(|u| !u.is_empty())
            .or_else(|| c.config.user.clone().filter(|u| !u.is_empty()))
            .or_else(|| image.map(|i| i.config.user.clone()).filter(|u| !u.is_empty()))
            .unwrap_or_else(|| "root".to_string());
        let account = host::account(&files, &user_spec);
        if !env.iter().any(|(k, _)| k == "HOME") {
            set(&mut env, "HOME", &account.home);
        }
        let workdir = opts
            .workdir
            .clone()
            .filter(|w| !w.is_empty())
            .or_else(|| c.config.workdir.clone().filter(|w| !w.is_empty()))
            .or_else(|| image.map(|i| i.config.workdir.clone()).filter(|w| !w.is_empty()))
            .unwrap_or_else(|| "/".to_string());
        let workdir = crate::shell::fs::normalize("/", &workdir);
        if !files.is_dir(&workdir) {
            return Err(StartError::NoWorkdir(workdir));
        }
        let os = image.and_then(|i| crate::engine::files::rootfs::system(engine.catalogue(), i));
        let name = program.rsplit('/').next().unwrap_or(program);
        let (sh_kind, sh) = bin_sh(os);
        let flavour = match name {
            "bash" => Flavour::Bash,
            "ash" => Flavour::Ash,
            "sh" | "dash" => sh,
            _ if sh_kind == "ash" => Flavour::Ash,
            _ => Flavour::Bash,
        };
        let mut vars = env.clone();
        vars.push(("PWD".to_string(), workdir.clone()));
        vars.push(("SHLVL".to_string(), "1".to_string()));
        let who = if account.uid == 0 { Who::Root } else { Who::User };
        let mut shell = Shell::in_container(files, &workdir, who, &vars);
        shell.set_now(now);
        shell.set_terminal(opts.tty);
        // Errors name the shell as it was invoked: `bash:`, dash's `sh: 1:`, ash's `/bin/sh:`.
        let arg0 = match flavour {
            Flavour::Bash => "bash",
            Flavour::Dash => "sh",
            Flavour::Ash => program,
        };
        shell.set_dialect(flavour, arg0);
        let info = host::ShellInfo {
            container: id.to_string(),
            hostname,
            flavour,
            arg0: program.to_string(),
            user: account.name.clone(),
            uid: account.uid,
            gid: account.gid,
            group: account.group.clone(),
            home: account.home.clone(),
            path,
            env_order: env.iter().map(|(k, _)| k.clone()).collect(),
            tty: opts.tty,
            ps1: os.map(|b| b.ps1.clone()).filter(|p| !p.is_empty()).unwrap_or_else(|| "\\u@\\h:\\w\\$ ".to_string()),
            bash_version: os
                .map(|b| b.bash_version.clone())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "5.2".to_string()),
            base: os.map(|b| b.tree_name.clone()).unwrap_or_default(),
            pkg: os.map(|b| b.pkg.clone()).unwrap_or_default(),
            packages: os.map(|b| b.packages.clone()).unwrap_or_default(),
            pid: if opts.main { 1 } else { 7 + (c.restart_count % 50) },
            started: now,
            next_pid: if opts.main { 8 } else { 14 },
            one_shot: false,
            sh,
            image: None,
        };
        Ok(ContainerShell {
            container: id.to_string(),
            shell,
            tty: opts.tty,
            interactive: opts.interactive,
            main: opts.main,
            info,
            lines: 0,
            cleared: false,
            edit: None,
            repl: None,
            repl_is_session: false,
        })
    }

    /// The shell that is container `id`'s main process (`docker run -it ubuntu bash`, alpine's
    /// default `/bin/sh`), with the container's own `-t`, `-i`, `-u` and `-w`; `None` when its
    /// command is not a shell (or the container is gone).
    pub fn for_main_process(engine: &Engine, id: &str, host_fs: &Fs, now: SimTime) -> Option<ContainerShell> {
        let c = engine.container(id)?;
        let program = c.entrypoint.iter().chain(c.cmd.iter()).next()?.clone();
        let name = program.rsplit('/').next().unwrap_or(&program);
        if !matches!(name, "bash" | "sh" | "ash" | "dash" | "zsh") {
            return None;
        }
        let opts = ShellOptions {
            tty: c.config.tty,
            interactive: c.config.open_stdin,
            user: None,
            workdir: None,
            env: Vec::new(),
            main: true,
        };
        ContainerShell::open(engine, id, host_fs, &program, &opts, now).ok()
    }

    /// Whether this is the container's main process (its `exit` stops the container).
    pub fn is_main(&self) -> bool {
        self.main
    }

    /// Whether a program reads the terminal instead of the shell (`redis-cli` at its prompt).
    pub fn in_repl(&self) -> bool {
        self.repl.is_some()
    }

    /// Whether the last line ran `clear`.
    pub fn cleared(&self) -> bool {
        self.cleared
    }

    /// The file the last line asked an editor for, once.
    pub fn take_edit(&mut self) -> Option<crate::shell::EditRequest> {
        self.edit.take()
    }

    /// Writes a file the page's editor saved into the container, as this shell's user.
    pub fn save_file(
        &mut self,
        engine: &mut Engine,
        host_fs: &mut Fs,
        path: &str,
        content: &str,
    ) -> Result<(), crate::shell::fs::FsError> {
        if let Some(files) = engine.container_fs(&self.container, host_fs) {
            *self.shell.fs_mut() = files;
        }
        self.shell.save_file(path, content)?;
        engine.container_fs_store(&self.container, self.shell.fs(), host_fs);
        Ok(())
    }

    /// The container it runs in (full ID).
    pub fn container_id(&self) -> &str {
        &self.container
    }

    /// The shell's working directory.
    pub fn cwd(&self) -> &str {
        self.shell.cwd()
    }

    /// Whom the shell runs as.
    pub fn who(&self) -> crate::shell::fs::Who {
        self.shell.who()
    }

    /// Forgets an unfinished multi-line command (Ctrl+C).
    pub fn cancel_pending(&mut self) {
        self.shell.cancel_pending();
    }

    /// The prompt before the next line: `root@1c48a41c5b2c:/# ` (bash), `/ # ` (BusyBox),
    /// `# ` (dash), `> ` while a command goes on; none at all without `-t`, as a shell
    /// without a terminal prints none.
    pub fn prompt(&self) -> String {
        if !self.tty {
            return String::new();
        }
        if let Some(r) = &self.repl {
            return r.prompt();
        }
        if self.shell.continuing() {
            return "> ".to_string();
        }
        let root = self.info.uid == 0;
        match self.info.flavour {
            Flavour::Dash => if root { "# " } else { "$ " }.to_string(),
            Flavour::Ash => render_ps1("\\w \\$ ", &self.info, self.shell.cwd()),
            Flavour::Bash => render_ps1(&self.info.ps1, &self.info, self.shell.cwd()),
        }
    }

    /// Runs one line typed into the shell at time `now`. Returns what the terminal shows and,
    /// when the shell ended (`exit`), its exit status: for the main process of `docker run -it`
    /// the caller then stops the container with that code.
    pub fn run_line(
        &mut self,
        engine: &mut Engine,
        host_fs: &mut Fs,
        line: &str,
        now: SimTime,
    ) -> (Output, Option<i32>) {
        self.cleared = false;
        let alive = engine.container(&self.container).is_some_and(|c| c.is_running());
        if !alive {
            return (Output::new(), Some(self.shell.last_status));
        }
        if let Some(files) = engine.container_fs(&self.container, host_fs) {
            *self.shell.fs_mut() = files;
        }
        self.shell.set_now(now);
        self.lines += 1;
        self.shell.set_line_number(self.lines);
        let mode = if self.info.one_shot { RunMode::Command } else { RunMode::Prompt };
        let mut h = host::ContainerHost {
            engine: &mut *engine,
            host_fs: &mut *host_fs,
            info: &mut self.info,
            interactive: self.interactive,
            main: false,
            repl: None,
        };
        if let Some(mut repl) = self.repl.take() {
            // The program at its prompt reads the line, not the shell.
            let (mut out, ended) = repl.line(&mut h, line);
            if !ended {
                self.repl = Some(repl);
            }
            for l in &mut out.lines {
                l.stream = Stream::Stdout;
            }
            let session_over = ended && self.repl_is_session;
            return (out, session_over.then_some(0));
        }
        let mut out = self.shell.run_as(line, &mut h, mode);
        if let Some(repl) = h.repl.take() {
            self.repl = Some(repl);
            self.repl_is_session = self.info.one_shot;
        }
        engine.container_fs_store(&self.container, self.shell.fs(), host_fs);
        let effects = self.shell.take_effects();
        self.cleared = effects.clear;
        self.edit = effects.edit;
        let ended = effects.logout.then_some(self.shell.last_status);
        if ended.is_some() && self.tty && self.info.flavour == Flavour::Bash {
            out.err("exit");
        }
        if self.tty {
            // A terminal has one stream: everything the shell writes arrives on stdout.
            for l in &mut out.lines {
                l.stream = Stream::Stdout;
            }
        }
        (out, ended)
    }

    /// Runs a program with its arguments, as `docker exec NAME PROGRAM ARGS...` does: the
    /// program must exist in the container (a shell builtin such as `cd` does not), and the
    /// status is the program's.
    pub fn run_argv(
        &mut self,
        engine: &mut Engine,
        host_fs: &mut Fs,
        argv: &[String],
        now: SimTime,
    ) -> Result<Output, StartError> {
        let Some(program) = argv.first() else { return Ok(Output::new()) };
        if host::find_program(self.shell.fs(), &self.info.path, program).is_none() {
            return Err(StartError::NotFound(program.clone()));
        }
        let line: Vec<String> = argv.iter().map(|a| crate::shell::quote_word(a)).collect();
        self.info.one_shot = true;
        let (mut out, ended) = self.run_line(engine, host_fs, &line.join(" "), now);
        self.info.one_shot = false;
        // `exit` typed as a program does not exist; anything else ends with its own status.
        out.code = ended.unwrap_or(self.shell.last_status);
        Ok(out)
    }
}

/// Expands a bash prompt template: `\u`, `\h`, `\H`, `\w`, `\W`, `\$`, `\s`, `\v`, `\\`.
fn render_ps1(ps1: &str, info: &host::ShellInfo, cwd: &str) -> String {
    let home = info.home.as_str();
    let w = if cwd == home && home != "/" {
        "~".to_string()
    } else if let Some(rest) = cwd.strip_prefix(home).filter(|r| r.starts_with('/') && home != "/") {
        format!("~{rest}")
    } else {
        cwd.to_string()
    };
    let mut out = String::new();
    let mut cs = ps1.chars();
    while let Some(c) = cs.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match cs.next() {
            Some('u') => out.push_str(&info.user),
            Some('h') => out.push_str(info.hostname.split('.').next().unwrap_or(&info.hostname)),
            Some('H') => out.push_str(&info.hostname),
            Some('w') => out.push_str(&w),
            Some('W') => out.push_str(if w == "~" || w == "/" { &w } else { w.rsplit('/').next().unwrap_or(&w) }),
            Some('$') => out.push(if info.uid == 0 { '#' } else { '$' }),
            Some('s') => out.push_str(info.arg0.rsplit('/').next().unwrap_or("bash")),
            Some('v') => out.push_str(&info.bash_version),
            Some('\\') => out.push('\\'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// What `/bin/sh` is on a system: its `sh`, else its interactive shell (`ash`, `bash`,
/// `dash`, empty when unknown), and the dialect that runs it (dash's unless ash or bash).
pub(crate) fn bin_sh(os: Option<&crate::catalogue::OsInfo>) -> (String, Flavour) {
    let kind = os
        .map(|o| o.sh.clone())
        .filter(|s| !s.is_empty() && s != "none")
        .or_else(|| os.map(|o| o.shell.clone()))
        .unwrap_or_default();
    let flavour = match kind.as_str() {
        "ash" => Flavour::Ash,
        "bash" => Flavour::Bash,
        _ => Flavour::Dash,
    };
    (kind, flavour)
}

#[cfg(test)]
mod tests;
