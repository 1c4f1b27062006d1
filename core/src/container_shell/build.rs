//! A Dockerfile `RUN` step: the one shell run against the step's file tree, as BuildKit runs
//! it in its `buildkitsandbox` container: the stage's environment (PATH, ENV, build args), its
//! WORKDIR and USER, the base image's programs and package managers, no terminal and no input.
//! The files the command changes come back for the builder to turn into a layer; what it
//! writes comes back stamped with virtual time (the log lines BuildKit prefixes with seconds).
//! Nothing here touches the engine's containers.

use super::host::{self, ContainerHost, ShellInfo};
use crate::engine::files::rootfs;
use crate::engine::{Engine, LocalImage};
use crate::env::SimTime;
use crate::shell::fs::{Fs, Who};
use crate::shell::quote_word as quote;
use crate::shell::{Shell, Written};

/// The hostname of every build step's container.
pub const BUILD_HOSTNAME: &str = "buildkitsandbox";

/// One RUN step to run.
#[derive(Debug)]
pub struct BuildStep<'a> {
    /// The stage's base image: its system decides the shell, programs and package manager.
    /// `None` for `FROM scratch`.
    pub image: Option<&'a LocalImage>,
    /// The step's files (base plus the layers so far).
    pub files: Fs,
    /// The environment, in order (`PATH`, ENV, ARG values).
    pub env: Vec<(String, String)>,
    /// The working directory.
    pub workdir: String,
    /// USER, or empty for root.
    pub user: String,
    /// The process: `["/bin/sh", "-c", "apt-get update"]`, or the exec form's argv.
    pub argv: Vec<String>,
    /// When it starts.
    pub now: SimTime,
}

/// What a RUN step did.
#[derive(Debug)]
pub struct StepRun {
    /// The files afterwards.
    pub files: Fs,
    /// Its output, stamped with virtual time.
    pub written: Vec<Written>,
    /// Its exit status (`None`: it never ended, like `sleep infinity`).
    pub status: Option<i32>,
    /// When it ended.
    pub until: SimTime,
}

/// Runs one RUN step. A program that does not exist fails as runc reports it, with status 1
/// for the exec form (BuildKit's own error) and the shell's 127 otherwise.
pub fn run_build_step(engine: &mut Engine, step: BuildStep<'_>) -> StepRun {
    let now = step.now;
    let program = step.argv.first().cloned().unwrap_or_default();
    let mut env = step.env.clone();
    let path = env.iter().find(|(k, _)| k == "PATH").map(|(_, v)| v.clone()).unwrap_or_default();
    let failed = |files: Fs, text: String| StepRun {
        files,
        written: vec![Written { at: now, stream: crate::output::Stream::Stderr, text }],
        status: Some(1),
        until: now,
    };
    if host::find_program(&step.files, &path, &program).is_none() {
        let why = if program.contains('/') {
            format!("stat {program}: no such file or directory")
        } else {
            "executable file not found in $PATH".to_string()
        };
        let text = format!("runc run failed: unable to start container process: exec: {program:?}: {why}\n");
        return failed(step.files, text);
    }
    let account = host::account(&step.files, if step.user.is_empty() { "root" } else { &step.user });
    if !env.iter().any(|(k, _)| k == "HOME") {
        // BuildKit gives a step HOME from /etc/passwd, or `/` when the user has no entry.
        let home = if account.known { account.home.clone() } else { "/".to_string() };
        env.push(("HOME".to_string(), home));
    }
    let workdir = crate::shell::fs::normalize("/", &step.workdir);
    // A clone of the shared handle: the system is borrowed from it while the engine runs the step.
    let catalogue = engine.catalogue().clone();
    let os = step.image.and_then(|i| rootfs::system(&catalogue, i));
    let (_, sh) = super::bin_sh(os);
    let mut vars = env.clone();
    vars.push(("PWD".to_string(), workdir.clone()));
    vars.push(("SHLVL".to_string(), "1".to_string()));
    let who = if account.uid == 0 { Who::Root } else { Who::User };
    let mut shell = Shell::in_container(step.files, &workdir, who, &vars);
    shell.set_now(now);
    shell.set_terminal(false);
    shell.set_dialect(sh, "/bin/sh");
    let mut info = ShellInfo {
        container: String::new(),
        hostname: BUILD_HOSTNAME.to_string(),
        flavour: sh,
        arg0: program.clone(),
        user: account.name.clone(),
        uid: account.uid,
        gid: account.gid,
        group: account.group.clone(),
        home: account.home.clone(),
        path,
        env_order: env.iter().map(|(k, _)| k.clone()).collect(),
        tty: false,
        ps1: String::new(),
        bash_version: os.map(|b| b.bash_version.clone()).unwrap_or_default(),
        base: os.map(|b| b.tree_name.clone()).unwrap_or_else(|| "scratch".to_string()),
        pkg: os.map(|b| b.pkg.clone()).unwrap_or_default(),
        packages: os.map(|b| b.packages.clone()).unwrap_or_default(),
        pid: 1,
        started: now,
        next_pid: 8,
        one_shot: true,
        sh,
        image: step.image.map(|i| Box::new(i.clone())),
    };
    let mut host_fs = Fs::empty();
    let line: Vec<String> = step.argv.iter().map(|a| quote(a)).collect();
    let mut h = ContainerHost {
        engine: &mut *engine,
        host_fs: &mut host_fs,
        info: &mut info,
        interactive: false,
        main: true,
        repl: None,
    };
    let run = shell.run_main(&line.join(" "), &mut h, false);
    let files = std::mem::replace(shell.fs_mut(), Fs::empty());
    StepRun { files, written: run.written, status: run.status, until: run.until }
}
