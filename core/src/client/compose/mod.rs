//! `docker compose`: the Docker Compose v2 plugin (v2.36.2, as docker-ce 28 installs it).
//!
//! The way through is the client's: argv → [`cli::parse`] (compose's own cobra tree and
//! error texts) → a project loaded from the compose files ([`load`]: discovery, `.env`,
//! interpolation, validation, [`model`]) → engine calls → output. As the real plugin, it
//! keeps no state of its own: a project in the engine is the containers, networks and
//! volumes carrying compose's labels ([`project`]), so `ps`, `logs` and `down` find it again
//! the way compose does. Progress goes to stderr as compose draws it ([`progress`]).
//!
//! One file per group of commands: `up.rs` (up, create, start and the other lifecycle
//! commands, down), `query.rs` (ps, ls, images, top, port, config, version), `exec.rs`
//! (exec, run), `push.rs` (push), `attach.rs` (the log streams of `up` and `logs`, also
//! while they hold the terminal).

pub mod attach;
mod build;
pub mod cli;
mod config;
mod exec;
pub mod load;
pub mod model;
mod progress;
pub mod project;
mod push;
mod query;
mod up;
mod validate;
pub mod yaml;

use super::{ClientHost, Outcome, DAEMON_DOWN};
use crate::engine::Engine;
use crate::output::Output;
use cli::{ComposeInvocation, Parsed};
use model::Project;
use progress::Mode;

/// What every compose command shares: the root flags and the machine.
pub(crate) struct Cx<'h, 'a> {
    inv: ComposeInvocation,
    host: &'h mut ClientHost<'a>,
    out: Output,
}

impl Cx<'_, '_> {
    fn options(&self) -> load::Options {
        let r = &self.inv.root;
        load::Options {
            files: r.list("file").to_vec(),
            name: r.string("project-name").filter(|n| !n.is_empty()).map(str::to_string),
            project_dir: r.string("project-directory").filter(|d| !d.is_empty()).map(str::to_string),
            env_files: r.list("env-file").to_vec(),
        }
    }

    /// Loads the project, printing its warnings; `None` after printing the error.
    fn load(&mut self) -> Option<Project> {
        let opts = self.options();
        let host = load::Host { fs: self.host.fs, cwd: self.host.cwd, env: self.host.env, now: self.host.now };
        match load::load(&host, &opts) {
            Ok(l) => {
                for w in l.warnings {
                    self.out.err(w);
                }
                Some(l.project)
            }
            Err(e) => {
                for w in e.warnings {
                    self.out.err(w);
                }
                self.out.fail(&e.message, 1);
                None
            }
        }
    }

    /// compose's `projectOrName`: `-p` alone names the project (no file needed); otherwise
    /// the files are loaded (and `COMPOSE_PROJECT_NAME` rescues a failed load).
    fn project_or_name(&mut self) -> Option<(Option<Project>, String)> {
        let opts = self.options();
        if let (Some(name), true) = (&opts.name, opts.files.is_empty()) {
            if let Err(e) = load::check_name(name) {
                self.out.fail(&e, 1);
                return None;
            }
            return Some((None, name.clone()));
        }
        let mark = self.out.lines.len();
        match self.load() {
            Some(p) => {
                let name = p.name.clone();
                Some((Some(p), name))
            }
            None => {
                let env = self.host.env.get("COMPOSE_PROJECT_NAME").filter(|n| !n.is_empty()).cloned();
                if let Some(n) = env {
                    self.out.lines.truncate(mark);
                    self.out.code = 0;
                    return Some((None, n));
                }
                None
            }
        }
    }

    /// The progress mode: `--progress`, `--ansi never`, else the terminal decides.
    fn mode(&self) -> Mode {
        let r = &self.inv.root;
        let ansi = r.string("ansi").unwrap_or("auto");
        match r.string("progress").unwrap_or("auto") {
            "quiet" | "none" => Mode::Quiet,
            "plain" | "json" => Mode::Plain,
            "tty" => Mode::Tty,
            _ if ansi == "never" => Mode::Plain,
            _ if ansi == "always" || self.host.tty => Mode::Tty,
            _ => Mode::Plain,
        }
    }

    /// The service names given, checked against the project (`no such service: x`).
    fn services<'p>(&mut self, project: &'p Project, names: &[String]) -> Option<Vec<&'p str>> {
        if names.is_empty() {
            return Some(project.services.iter().map(|s| s.name.as_str()).collect());
        }
        let mut picked = Vec::new();
        for n in names {
            match project.service(n) {
                Some(s) => picked.push(s.name.as_str()),
                None => {
                    self.out.fail(&format!("no such service: {n}"), 1);
                    return None;
                }
            }
        }
        Some(picked)
    }

    fn fail(&mut self, msg: &str) {
        self.out.fail(msg, 1);
    }

    /// The project a command acts on, once the daemon answers and every service named on the
    /// command line is the project's (what ps, images, top, logs and the lifecycle commands
    /// check first, in compose's order); `None` once the error is written.
    fn project_for_services(&mut self, engine: &Engine) -> Option<(Option<Project>, String)> {
        let (project, name) = self.project_or_name()?;
        if self.daemon_down(engine) {
            return None;
        }
        let args = self.inv.args.clone();
        if let Some(p) = &project {
            self.services(p, &args)?;
        }
        Some((project, name))
    }

    fn daemon_down(&mut self, engine: &Engine) -> bool {
        if engine.daemon_running() {
            return false;
        }
        self.fail(DAEMON_DOWN);
        true
    }
}

/// Runs `docker compose ARGS...`. Never panics.
pub fn run(engine: &mut Engine, host: &mut ClientHost<'_>, args: &[String], stdin: &str) -> Outcome {
    let inv = match cli::parse(args) {
        Parsed::Run(inv) => inv,
        Parsed::Done(out) => return Outcome::Done(out),
    };
    let out = Output { lines: inv.printed.clone(), code: 0 };
    let mut cx = Cx { inv, host, out };
    let path = cx.inv.path;
    match path {
        "version" => query::version(&mut cx),
        "config" => query::config(&mut cx),
        "ls" => query::ls(&mut cx, engine),
        "ps" => query::ps(&mut cx, engine),
        "images" => query::images(&mut cx, engine),
        "top" => query::top(&mut cx, engine),
        "port" => query::port(&mut cx, engine),
        "up" | "create" => return up::up(cx, engine, path == "create"),
        "start" | "stop" | "restart" | "kill" | "pause" | "unpause" | "rm" => up::lifecycle(&mut cx, engine, path),
        "down" => up::down(&mut cx, engine),
        "pull" => up::pull(&mut cx, engine),
        "build" => up::build(&mut cx, engine),
        "push" => push::push(&mut cx, engine),
        "logs" => return attach::logs(cx, engine),
        "exec" => return exec::exec(cx, engine, stdin),
        "run" => return exec::run(cx, engine),
        _ => {
            let line = format!("docker compose {path}");
            cx.out.fail(&crate::client::command::unsupported(&line), 1);
        }
    }
    Outcome::Done(cx.out)
}

#[cfg(test)]
mod tests {
    use crate::session::{Session, SessionConfig};

    /// Every compose command runs on a small project without reading a flag its spec lacks
    /// (a wrong name fails the flags' debug check), and every command of the tree is either
    /// performed or answered as unsupported.
    #[test]
    fn every_command_reads_only_flags_it_has() {
        let config = SessionConfig::default();
        let mut s = Session::new(config);
        let t = config.start_time;
        let file = r#"printf 'services:\n  web:\n    image: busybox\n    command: ["sleep", "600"]\n    ports: ["8080:80"]\n    depends_on: [db]\n  db:\n    image: busybox\n    command: ["sleep", "600"]\n' > compose.yaml"#;
        assert_eq!(s.run_line(file, t).exit_code, 0);
        let spec = super::cli::spec();
        let mut lines: Vec<String> = spec
            .children(spec.root())
            .filter(|c| !c.is_group())
            .map(|c| match c.path {
                "exec" | "run" => format!("{} web true", c.path),
                "port" => "port web 80".to_string(),
                "cp" => "cp web:/etc/hostname /tmp/x".to_string(),
                "commit" | "export" | "attach" => format!("{} web", c.path),
                "publish" => "publish x".to_string(),
                "scale" => "scale web=1".to_string(),
                "wait" => "wait web".to_string(),
                p => p.to_string(),
            })
            .collect();
        lines.extend(
            ["up -d", "up -d --force-recreate", "logs -f", "ps -a --services", "config --images", "down -v --rmi all"]
                .map(str::to_string),
        );
        for (i, line) in lines.iter().enumerate() {
            let tr = s.run_line(&format!("docker compose {line}"), t + 1000 * (i as u64 + 1));
            assert!(tr.exit_code == 0 || tr.exit_code == 1 || tr.exit_code == 130, "{line}: {:?}", tr.lines);
            if s.is_held() {
                s.key(crate::session::Key::CtrlC, t + 1000 * (i as u64 + 1) + 500);
            }
        }
    }
}
