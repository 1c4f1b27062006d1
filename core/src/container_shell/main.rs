//! A container's main process when it is not the image's own server or shell:
//! `docker run IMAGE sh -c '...'`, `docker run ubuntu echo hi`, a `CMD` script, and (later) a
//! Dockerfile `RUN` step. It runs on the same shell as `docker exec` and the learner's prompt,
//! through [`ContainerHost`] in its main-process mode: the container's files, environment,
//! user and programs, and its own virtual clock, so that a line written after `sleep 3` is
//! stamped three seconds later in `docker logs`. Background jobs end with it; a program that
//! never ends (`sleep infinity`, `tail -f`, an endless loop) leaves it running.

use super::host::ContainerHost;
use super::{ContainerShell, ShellOptions};
use crate::engine::container::LogLine;
use crate::engine::process::StartOutcome;
use crate::engine::Engine;
use crate::env::SimTime;
use crate::output::Stream;
use crate::shell::fs::Fs;
use crate::shell::Written;

/// Runs `argv` as container `id`'s main process from `now` on. Files it changes go back to the
/// container's layer (and volumes). A program missing from the container's files ends at once
/// with runc's status 127 (the engine refuses such a start before it gets here).
pub fn run_main(engine: &mut Engine, id: &str, argv: &[String], now: SimTime) -> StartOutcome {
    let ended = |code| StartOutcome { logs: Vec::new(), exit_code: Some(code), ends_at: now };
    let Some(c) = engine.container(id) else { return ended(127) };
    let Some(program) = argv.first() else { return ended(0) };
    let opts = ShellOptions {
        tty: c.config.tty,
        interactive: c.config.open_stdin,
        user: None,
        workdir: None,
        env: Vec::new(),
        main: true,
    };
    // Bind mounts show the host's files as the docker command that starts the process saw
    // them (Engine::host_files_lend); at other times their mount points look empty.
    let (mut host_fs, lent) = engine.host_files_borrow();
    let Ok(mut sh) = ContainerShell::open(engine, id, &host_fs, program, &opts, now) else {
        engine.host_files_give_back(id, host_fs, lent);
        return ended(127);
    };
    let line: Vec<String> = argv.iter().map(|a| crate::shell::quote_word(a)).collect();
    sh.info.one_shot = true;
    let mut h = ContainerHost {
        engine: &mut *engine,
        host_fs: &mut host_fs,
        info: &mut sh.info,
        interactive: opts.interactive,
        main: true,
        repl: None,
    };
    let run = sh.shell.run_main(&line.join(" "), &mut h, opts.interactive);
    engine.container_fs_store(id, sh.shell.fs(), &mut host_fs);
    engine.host_files_give_back(id, host_fs, lent);
    StartOutcome { logs: log_lines(run.written), exit_code: run.status, ends_at: run.until }
}

/// Runs a health check's test in container `id` (as dockerd's health monitor execs it:
/// `CMD` runs the program, `CMD-SHELL` runs `/bin/sh -c`), returning its exit status; a
/// program the image lacks fails the probe. Bind mounts look empty, as for a main process.
pub fn probe(engine: &mut Engine, id: &str, test: &[String], now: SimTime) -> i32 {
    let argv: Vec<String> = match test.split_first() {
        Some((kind, rest)) if kind == "CMD" => rest.to_vec(),
        Some((kind, rest)) if kind == "CMD-SHELL" => {
            vec!["/bin/sh".to_string(), "-c".to_string(), rest.join(" ")]
        }
        _ => return 0,
    };
    let Some(program) = argv.first() else { return 0 };
    let opts = ShellOptions { tty: false, interactive: false, user: None, workdir: None, env: Vec::new(), main: false };
    let mut host_fs = Fs::empty();
    let Ok(mut sh) = ContainerShell::open(engine, id, &host_fs, program, &opts, now) else {
        // The program cannot start (`exec: "pg_isready": executable file not found`).
        return 1;
    };
    match sh.run_argv(engine, &mut host_fs, &argv, now) {
        Ok(out) => out.code,
        Err(_) => 1,
    }
}

/// Cuts what the process wrote into log lines, each at the time its text was written. A line
/// written in pieces (`printf a; sleep 1; echo b`) is stamped when it ends; a last line without
/// a newline still counts, as docker logs it.
fn log_lines(written: Vec<Written>) -> Vec<LogLine> {
    let mut lines = Vec::new();
    let mut partial: Option<(Stream, String)> = None;
    for w in written {
        if let Some((s, text)) = partial.take_if(|(s, _)| *s != w.stream) {
            lines.push(LogLine { time: w.at, stderr: s == Stream::Stderr, text });
        }
        let mut rest = w.text.as_str();
        while let Some(i) = rest.find('\n') {
            let mut text = partial.take().map(|(_, t)| t).unwrap_or_default();
            text.push_str(rest.get(..i).unwrap_or(""));
            lines.push(LogLine { time: w.at, stderr: w.stream == Stream::Stderr, text });
            rest = rest.get(i + 1..).unwrap_or("");
        }
        if !rest.is_empty() {
            let mut text = partial.take().map(|(_, t)| t).unwrap_or_default();
            text.push_str(rest);
            partial = Some((w.stream, text));
        }
    }
    if let Some((s, text)) = partial {
        let time = lines.last().map(|l: &LogLine| l.time).unwrap_or(0);
        lines.push(LogLine { time, stderr: s == Stream::Stderr, text });
    }
    lines
}
