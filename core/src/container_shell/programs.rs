//! The programs an image adds that a learner calls by name: `--version` banners from the
//! catalogue (`python --version`, `nginx -v`, `node -v`), the language runtimes (`python -c`,
//! `node -e`, `ruby -e`, `perl -e`, `php -r`, their REPLs, `java`, `gcc`) and the image's own
//! server started from a script (`exec nginx -g 'daemon off;'`). The same answers under
//! `docker run` and `docker exec`: both reach them through [`ContainerHost`].
//!
//! A new container program goes here (or, when it is about the container's system rather than
//! the image, such as `ps` or `ping`, in `host.rs`); the one-liner evaluator is `lang/`.

use super::host::ContainerHost;
use super::lang::{self, Lang, Sink};
use crate::catalogue::LogTemplate;
use crate::engine::process;
use crate::engine::LocalImage;
use crate::output::Output;
use crate::shell::HostCtx;

/// Answers `name ARGS` if it is one of the programs above; `None` leaves it to the host.
pub(super) fn run(h: &mut ContainerHost<'_>, ctx: &mut HostCtx<'_>, name: &str, args: &[String]) -> Option<Output> {
    let image = h.image()?;
    if let Some(out) = version_reply(h, &image, name, args) {
        return Some(out);
    }
    let mut argv = vec![name.to_string()];
    argv.extend(args.iter().cloned());
    if h.main && process::starts_main(&image, &argv) {
        // The image's own server, started by a script: it writes its start-up log and runs.
        let c = h.engine.container(&h.info.container)?.clone();
        let (logs, code) = process::main_logs(&c, &image, ctx.now);
        let mut out = Output::with_code(code.unwrap_or(0));
        for l in logs {
            if l.stderr {
                out.err(l.text);
            } else {
                out.out(l.text);
            }
        }
        ctx.blocks = code.is_none();
        return Some(out);
    }
    let mut rt = Runtime { h, ctx, image: &image, sink: Sink::default() };
    let status = match name {
        p if is_python(p) => rt.python(args),
        "node" | "nodejs" => rt.node(args),
        "ruby" => rt.script_lang(Lang::Ruby, args, "-e"),
        "irb" | "jshell" => rt.repl(),
        p if p == "perl" || p.starts_with("perl5") => rt.perl(args),
        "php" => rt.php(args),
        "java" => rt.java(args),
        "gcc" | "g++" | "cc" | "c++" => gcc(name, args, &mut rt.sink),
        _ => return None,
    };
    let blocks = status.is_none();
    let mut out = Output::with_code(status.unwrap_or(0));
    sink_into(rt.sink, &mut out);
    ctx.blocks |= blocks;
    Some(out)
}

/// Moves what a runtime wrote into terminal lines (a last line without newline still shows).
fn sink_into(sink: Sink, out: &mut Output) {
    for (stderr, text) in sink.chunks {
        if stderr {
            out.err_text(&text);
        } else {
            out.out_text(&text);
        }
    }
}

/// The catalogue's templates rendered as the container prints them now.
fn render(h: &ContainerHost<'_>, image: &LocalImage, templates: &[LogTemplate], now: u64, sink: &mut Sink) {
    let Some(c) = h.engine.container(&h.info.container) else { return };
    for (stderr, line) in process::program_text(c, image, templates, now) {
        if stderr {
            sink.err(&line);
        } else {
            sink.out(&line);
        }
    }
}

/// `PROGRAM --version` and friends, from the image's `version` table.
fn version_reply(h: &ContainerHost<'_>, image: &LocalImage, prog: &str, args: &[String]) -> Option<Output> {
    let flag = args.first().map(String::as_str)?;
    let key = canonical_program(prog);
    let wants = match key {
        "python3" | "pip" => matches!(flag, "--version" | "-V"),
        "node" | "npm" | "yarn" | "ruby" | "perl" | "php" => matches!(flag, "--version" | "-v"),
        "java" | "javac" => matches!(flag, "-version" | "--version"),
        "nginx" | "httpd" | "apache2" => matches!(flag, "-v" | "-V"),
        "gcc" => flag == "--version",
        // Go has a subcommand where others have a flag.
        "go" => flag == "version",
        _ => matches!(flag, "--version" | "-V"),
    };
    if !wants {
        return None;
    }
    let templates = image.process.version.get(key).or_else(|| image.process.version.get(prog))?;
    let mut sink = Sink::default();
    render(h, image, templates, h.engine.now(), &mut sink);
    let mut out = Output::new();
    // `java --version` prints to stdout and says `openjdk 17.0.2` where `-version` (stderr)
    // says `openjdk version "17.0.2"`.
    if key == "java" && flag == "--version" {
        for (_, text) in sink.chunks {
            for l in text.lines() {
                out.out(l.replacen(" version \"", " ", 1).replacen('"', "", 1));
            }
        }
        return Some(out);
    }
    sink_into(sink, &mut out);
    Some(out)
}

fn canonical_program(prog: &str) -> &str {
    match prog {
        p if is_python(p) => "python3",
        "pip3" | "pip" => "pip",
        p if p.starts_with("pip3.") => "pip",
        "nodejs" => "node",
        p if p.starts_with("perl5") => "perl",
        "g++" | "cc" | "c++" | "gcc" => "gcc",
        p if p.starts_with("gcc-") => "gcc",
        "mariadbd" | "mysqld" => "mysqld",
        p => p,
    }
}

fn is_python(p: &str) -> bool {
    p == "python"
        || p == "python3"
        || p.strip_prefix("python3.").is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
}

/// One run of a language runtime: where it writes and what it knows of the container.
struct Runtime<'r, 'h, 'c> {
    h: &'r mut ContainerHost<'h>,
    ctx: &'r mut HostCtx<'c>,
    image: &'r LocalImage,
    sink: Sink,
}

impl Runtime<'_, '_, '_> {
    /// Whether keystrokes reach the program (`-i`) and whether it has a terminal (`-t`).
    fn stdin(&self) -> (bool, bool) {
        (self.h.interactive, self.h.info.tty)
    }

    /// A REPL: with `-it` it greets and waits; with `-i` alone it waits silently; with its
    /// input closed it reads EOF and ends.
    fn repl(&mut self) -> Option<i32> {
        let (open, tty) = self.stdin();
        if !open {
            return Some(0);
        }
        if tty {
            render(self.h, self.image, &self.image.process.tty_logs, self.ctx.now, &mut self.sink);
        }
        None
    }

    fn code(&mut self, lang: Lang, code: &str) -> Option<i32> {
        Some(lang::run_code(lang, code, &mut self.sink))
    }

    /// The first line of a program's `--version` (`v23.6.0` for node).
    fn version_line(&self, program: &str) -> Option<String> {
        let t = self.image.process.version.get(program)?;
        let mut s = Sink::default();
        render(self.h, self.image, t, self.ctx.now, &mut s);
        s.chunks.iter().flat_map(|(_, t)| t.lines()).find(|l| !l.is_empty()).map(str::to_string)
    }

    /// A script file in the container (`python app.py`, `node server.js`): `None` when it
    /// does not exist. A server (it listens: `app.run(`, `.listen(`, `serve_forever(`) keeps
    /// running silently; anything else runs as the one-liners do, comments and blank lines
    /// left out.
    fn script_file(&mut self, lang: Lang, path: &str) -> Option<Option<i32>> {
        let text = self.ctx.fs.read(path, self.ctx.who).ok()?.to_string();
        let servers = ["app.run(", ".listen(", "serve_forever(", "uvicorn.run(", "web.run_app(", "HTTPServer("];
        if servers.iter().any(|p| text.contains(p)) {
            return Some(None);
        }
        let comment = if lang == Lang::Python { "#" } else { "//" };
        let code: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with(comment) && !l.starts_with("\"use strict\""))
            .collect();
        Some(self.code(lang, &code.join("\n")))
    }

    fn python(&mut self, args: &[String]) -> Option<i32> {
        let mut i = 0usize;
        while let Some(a) = args.get(i) {
            match a.as_str() {
                "-c" => return self.code(Lang::Python, args.get(i + 1).map(String::as_str).unwrap_or("")),
                "-m" => {
                    let module = args.get(i + 1).map(String::as_str).unwrap_or("");
                    if module == "pip" && args.get(i + 2).map(String::as_str) == Some("--version") {
                        if let Some(t) = self.image.process.version.get("pip") {
                            render(self.h, self.image, t, self.ctx.now, &mut self.sink);
                        }
                        return Some(0);
                    }
                    if module == "pip" {
                        let rest: Vec<String> = args.get(i + 2..).unwrap_or(&[]).to_vec();
                        let out = self.h.pip(self.ctx, &rest);
                        for l in out.lines {
                            match l.stream {
                                crate::output::Stream::Stdout => self.sink.out(&l.text),
                                crate::output::Stream::Stderr => self.sink.err(&l.text),
                            }
                        }
                        return Some(out.code);
                    }
                    if module == "http.server" {
                        // Python block-buffers stdout without a terminal, so `docker logs` stays
                        // empty unless -t, -u or PYTHONUNBUFFERED says otherwise: a classic surprise.
                        let port = args
                            .get(i + 2)
                            .filter(|p| p.parse::<u16>().is_ok())
                            .cloned()
                            .unwrap_or_else(|| "8000".into());
                        let unbuffered = self.h.info.tty
                            || args.iter().any(|a| a == "-u")
                            || self.ctx.env.get("PYTHONUNBUFFERED").is_some_and(|v| !v.is_empty());
                        if unbuffered {
                            self.sink.out(&format!("Serving HTTP on 0.0.0.0 port {port} (http://0.0.0.0:{port}/) ..."));
                        }
                        return None;
                    }
                    return Some(0);
                }
                "-i" => return self.repl(),
                a if a.starts_with('-') => i += 1,
                file => {
                    let path = crate::shell::fs::normalize(self.ctx.cwd, file);
                    if let Some(status) = self.script_file(Lang::Python, &path) {
                        return status;
                    }
                    self.sink.err(&format!("python3: can't open file '{path}': [Errno 2] No such file or directory"));
                    return Some(2);
                }
            }
        }
        self.repl()
    }

    fn node(&mut self, args: &[String]) -> Option<i32> {
        let mut i = 0usize;
        while let Some(a) = args.get(i) {
            match a.as_str() {
                "-e" | "--eval" => return self.code(Lang::Node, args.get(i + 1).map(String::as_str).unwrap_or("")),
                "-p" | "--print" => {
                    return self.code(Lang::NodePrint, args.get(i + 1).map(String::as_str).unwrap_or(""))
                }
                "-i" | "--interactive" => return self.repl(),
                a if a.starts_with('-') => i += 1,
                file => {
                    let path = crate::shell::fs::normalize(self.ctx.cwd, file);
                    let path = if self.ctx.fs.is_dir(&path) { format!("{path}/index.js") } else { path };
                    if let Some(status) = self.script_file(Lang::Node, &path) {
                        return status;
                    }
                    let version = self.version_line("node").unwrap_or_else(|| "v23.6.0".to_string());
                    for l in [
                        "node:internal/modules/cjs/loader:1244",
                        "  throw err;",
                        "  ^",
                        "",
                        &format!("Error: Cannot find module '{path}'"),
                        "    at Function._resolveFilename (node:internal/modules/cjs/loader:1241:15)",
                        "    at Function._load (node:internal/modules/cjs/loader:1067:27)",
                        "    at TracingChannel.traceSync (node:diagnostics_channel:322:14)",
                        "    at wrapModuleLoad (node:internal/modules/cjs/loader:218:24)",
                        "    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:170:5)",
                        "    at node:internal/main/run_main_module:36:49 {",
                        "  code: 'MODULE_NOT_FOUND',",
                        "  requireStack: []",
                        "}",
                        "",
                        &format!("Node.js {version}"),
                    ] {
                        self.sink.err(l);
                    }
                    return Some(1);
                }
            }
        }
        self.repl()
    }

    /// `ruby -e`, `perl -e`/`-E`, `php -r`: the code, a missing script's error, or the REPL.
    fn script_lang(&mut self, lang: Lang, args: &[String], flag: &str) -> Option<i32> {
        let mut i = 0usize;
        while let Some(a) = args.get(i) {
            if a == flag || (lang == Lang::Perl && a == "-E") {
                let l = if a == "-E" { Lang::PerlSay } else { lang };
                return self.code(l, args.get(i + 1).map(String::as_str).unwrap_or(""));
            }
            if !a.starts_with('-') {
                match lang {
                    Lang::Ruby => self.sink.err(&format!("ruby: No such file or directory -- {a} (LoadError)")),
                    Lang::Php => self.sink.out(&format!("Could not open input file: {a}")),
                    _ => self.sink.err(&format!("Can't open perl script \"{a}\": No such file or directory")),
                }
                return Some(if lang == Lang::Perl { 2 } else { 1 });
            }
            i += 1;
        }
        self.repl()
    }

    fn perl(&mut self, args: &[String]) -> Option<i32> {
        if args.iter().any(|a| a == "-de0" || a == "-d") {
            // The debugger as the image's CMD: without a terminal it reads EOF and quits.
            if !self.h.interactive {
                render(self.h, self.image, &self.image.process.logs, self.ctx.now, &mut self.sink);
                return Some(0);
            }
            return self.repl();
        }
        self.script_lang(Lang::Perl, args, "-e")
    }

    fn php(&mut self, args: &[String]) -> Option<i32> {
        if args.first().map(String::as_str) == Some("-a") {
            let (open, tty) = self.stdin();
            if !open || tty {
                self.sink.out("Interactive shell");
                self.sink.out("");
            }
            return if open { None } else { Some(0) };
        }
        self.script_lang(Lang::Php, args, "-r")
    }

    fn java(&mut self, args: &[String]) -> Option<i32> {
        let Some(class) = args.iter().find(|a| !a.starts_with('-')) else {
            if args.is_empty() {
                for l in JAVA_USAGE {
                    self.sink.err(l);
                }
                return Some(1);
            }
            return Some(0);
        };
        let class = class.trim_end_matches(".class");
        if class.ends_with(".java") {
            self.sink.err(&format!("error: file not found: {class}"));
            self.sink.err("Usage: java <options> <main class> [args...]");
            self.sink.err("           (to execute a class)");
            return Some(1);
        }
        self.sink.err(&format!("Error: Could not find or load main class {class}"));
        self.sink.err(&format!("Caused by: java.lang.ClassNotFoundException: {class}"));
        Some(1)
    }
}

const JAVA_USAGE: &[&str] = &[
    "Usage: java [options] <mainclass> [args...]",
    "           (to execute a class)",
    "   or  java [options] -jar <jarfile> [args...]",
    "           (to execute a jar file)",
    "   or  java [options] -m <module>[/<mainclass>] [args...]",
    "       java [options] --module <module>[/<mainclass>] [args...]",
    "           (to execute the main class in a module)",
    "   or  java [options] <sourcefile> [args]",
    "           (to execute a single source-file program)",
    "",
    " Arguments following the main class, source file, -jar <jarfile>,",
    " -m or --module <module>/<mainclass> are passed as the arguments to",
    " main class.",
];

/// `gcc FILE`: no file exists to compile, so it says so as gcc does.
fn gcc(prog: &str, args: &[String], sink: &mut Sink) -> Option<i32> {
    let files: Vec<&String> = args
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.starts_with('-') && args.get(i.wrapping_sub(1)).is_none_or(|p| p != "-o"))
        .map(|(_, a)| a)
        .collect();
    for f in &files {
        sink.err(&format!("{prog}: error: {f}: No such file or directory"));
    }
    sink.err(&format!("{prog}: fatal error: no input files"));
    sink.err("compilation terminated.");
    Some(1)
}
