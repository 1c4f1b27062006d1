//! `docker build` (`docker buildx build`, `docker builder build`, `docker image build`): the
//! buildx client side. It checks its flags as buildx does, reads the context directory and the
//! Dockerfile's path on the host, asks the engine (BuildKit) to build, and draws the progress:
//! the TTY view when the terminal shows it (`--progress=auto`), `--progress=plain` otherwise,
//! nothing with `-q` but the image ID. Everything but the ID goes to stderr, as buildx writes
//! it; a failed build ends with BuildKit's boxes and `ERROR: failed to solve: ...`, status 1.

use crate::client::cli::Invocation;
use crate::client::ClientHost;
use crate::engine::build::BuildRequest;
use crate::engine::reference::{ImageRef, RefError};
use crate::engine::Engine;
use crate::output::Output;
use crate::output::{build_progress, COLUMNS};

/// `docker buildx build [OPTIONS] PATH | URL | -`.
#[derive(Clone, Debug, PartialEq)]
pub struct Build<'a> {
    /// The context: a directory, `-` (a Dockerfile on stdin) or a URL.
    pub context: &'a str,
    /// `-f, --file`.
    pub file: Option<&'a str>,
    /// `-t, --tag`, in order.
    pub tags: &'a [String],
    /// `--build-arg`.
    pub build_args: &'a [String],
    /// `--label`.
    pub labels: &'a [String],
    /// `--target`.
    pub target: &'a str,
    /// `--no-cache`.
    pub no_cache: bool,
    /// `-q, --quiet`.
    pub quiet: bool,
    /// `--progress`.
    pub progress: &'a str,
}

impl<'a> Build<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Build<'a> {
        let f = &inv.flags;
        Build {
            context: inv.args.first().map(String::as_str).unwrap_or(""),
            file: f.string("file").filter(|_| f.is_set("file")),
            tags: f.list("tag"),
            build_args: f.list("build-arg"),
            labels: f.list("label"),
            target: f.string("target").unwrap_or(""),
            no_cache: f.bool("no-cache"),
            quiet: f.bool("quiet"),
            progress: f.string("progress").unwrap_or("auto"),
        }
    }

    /// Builds and prints the progress and the result.
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>, stdin: &str) -> Output {
        build(engine, self, host, stdin)
    }
}

/// How the progress is shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Tty,
    Plain,
    Quiet,
}

fn error(out: &mut Output, message: &str) -> Output {
    out.fail(&format!("ERROR: {message}"), 1);
    std::mem::take(out)
}

fn build(engine: &mut Engine, args: Build<'_>, host: &mut ClientHost<'_>, stdin: &str) -> Output {
    let mut out = Output::new();
    let mode = match (args.progress, args.quiet) {
        ("plain", true) => return error(&mut out, "progress=plain and quiet cannot be used together"),
        (_, true) | ("quiet", _) => Mode::Quiet,
        ("plain", _) | ("rawjson", _) => Mode::Plain,
        ("tty", _) => Mode::Tty,
        ("auto", _) if host.tty => Mode::Tty,
        ("auto", _) => Mode::Plain,
        (other, _) => return error(&mut out, &format!("invalid progress mode {other}")),
    };
    let mut tags = Vec::new();
    for t in args.tags {
        match ImageRef::parse(t) {
            Ok(r) if r.digest.is_none() => tags.push(t.clone()),
            Ok(_) => return error(&mut out, &format!("invalid tag {t:?}: invalid reference format")),
            Err(RefError::Uppercase(_)) => {
                return error(&mut out, &format!("invalid tag {t:?}: repository name must be lowercase"))
            }
            Err(RefError::Invalid) => return error(&mut out, &format!("invalid tag {t:?}: invalid reference format")),
        }
    }
    if args.context.contains("://") || args.context.starts_with("git@") {
        out.fail(&crate::client::command::unsupported(&format!("docker build {}", args.context)), 1);
        return out;
    }
    // The context directory, and the Dockerfile (relative to the current directory).
    let stdin_dockerfile = args.context == "-";
    let context = if stdin_dockerfile { String::new() } else { crate::shell::fs::normalize(host.cwd, args.context) };
    if !stdin_dockerfile && !host.fs.is_dir(&context) {
        if mode == Mode::Tty {
            let header = format!("[+] Building 0.0s (0/0) {}", "");
            out.err(format!(
                "{header:<width$} {}",
                build_progress::BUILDER,
                width = COLUMNS - 2 - build_progress::BUILDER.len()
            ));
        }
        return error(&mut out, &format!("unable to prepare context: path {:?} not found", args.context));
    }
    let (dockerfile, name) = match args.file {
        Some("-") => ("-".to_string(), "Dockerfile".to_string()),
        Some(f) => {
            let path = crate::shell::fs::normalize(host.cwd, f);
            let name = crate::shell::fs::file_name(&path).to_string();
            (path, name)
        }
        None if stdin_dockerfile => ("-".to_string(), "Dockerfile".to_string()),
        None => (crate::shell::fs::normalize(&context, "Dockerfile"), "Dockerfile".to_string()),
    };
    // A Dockerfile read from stdin is put where the engine can read it.
    let dockerfile = if dockerfile == "-" {
        let path = "/tmp/.buildx-stdin-Dockerfile".to_string();
        let _ = host.fs.write(&path, stdin, crate::shell::fs::WriteMode::Truncate, crate::shell::Who::Root, host.now);
        path
    } else {
        dockerfile
    };
    let build_args = args
        .build_args
        .iter()
        .filter_map(|a| match a.split_once('=') {
            Some((k, v)) => Some((k.to_string(), v.to_string())),
            None => host.env.get(a).map(|v| (a.clone(), v.clone())),
        })
        .collect();
    let labels = args
        .labels
        .iter()
        .map(|l| l.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).unwrap_or((l.clone(), String::new())))
        .collect();
    let logged_in = super::super::registry::config::credentials(host).is_some();
    let req = BuildRequest {
        context: if stdin_dockerfile { "/var/empty".to_string() } else { context },
        dockerfile: dockerfile.clone(),
        dockerfile_name: name,
        tags,
        build_args,
        labels,
        target: args.target.to_string(),
        no_cache: args.no_cache,
        logged_in,
        no_provenance: false,
    };
    let report = engine.image_build(&req, host.fs);
    if dockerfile.starts_with("/tmp/.buildx-stdin") {
        let _ = host.fs.remove(&dockerfile, false, crate::shell::Who::Root, host.now);
    }
    match mode {
        Mode::Tty => {
            for l in build_progress::tty_frame(&report, report.duration, COLUMNS) {
                out.err(l);
            }
        }
        Mode::Plain => {
            for l in build_progress::plain(&report) {
                out.err(l);
            }
        }
        Mode::Quiet => {}
    }
    match &report.outcome {
        Ok(built) => {
            if mode == Mode::Quiet {
                out.out(built.id.clone());
            } else {
                for l in build_progress::warnings_summary(&report.warnings) {
                    out.err(l);
                }
            }
        }
        Err(_) => {
            for l in build_progress::failure(&report, mode != Mode::Quiet) {
                out.err(l);
            }
            out.code = 1;
        }
    }
    engine.keep_build_report(report);
    out
}
