//! The `whalelab` command: `replay FILE`, `repl`, `check DIR`, `render DIR`.
//!
//! All IO lives here; the work is done by the library modules and by whalelab-core.

use std::io::{BufRead, Write};
use std::process::ExitCode;
use whalelab::replay;
use whalelab_core::{Session, SessionConfig};

const USAGE: &str = "Usage: whalelab <COMMAND>

Commands:
  replay FILE   run every `$ ` line of FILE on a fresh engine and print the transcript
  repl          practise in this terminal with the simulated engine
  check DIR     validate course content (lessons, exercises) under DIR
  render DIR    write the pages of a built site (dist/) from its content folder";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("replay") => {
            let Some(path) = args.get(1) else {
                eprintln!("whalelab replay: missing FILE\n\n{USAGE}");
                return ExitCode::from(2);
            };
            match std::fs::read_to_string(path) {
                Ok(text) => {
                    print!("{}", replay::replay(&replay::commands(&text)));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("whalelab replay: cannot read {path}: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Some("repl") => repl(),
        Some("check") => {
            let dir = args.get(1).map(String::as_str).unwrap_or("content");
            let code = whalelab::check::run(std::path::Path::new(dir));
            ExitCode::from(code.clamp(0, 255) as u8)
        }
        Some("render") => {
            let dir = args.get(1).map(String::as_str).unwrap_or("dist");
            let code = whalelab::render::run(std::path::Path::new(dir));
            ExitCode::from(code.clamp(0, 255) as u8)
        }
        Some("-h") | Some("--help") | Some("help") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("whalelab: unknown command '{other}'\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// A real-terminal session on the wall clock: the only place the native tools read it.
fn repl() -> ExitCode {
    let now = || {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as u64).unwrap_or(0)
    };
    let seed = now();
    let catalogue = match whalelab::catalogue::default() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("whalelab repl: {e}");
            return ExitCode::from(1);
        }
    };
    let mut session = Session::with_catalogue(SessionConfig { seed, start_time: now() }, catalogue);
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    loop {
        print!("{}", session.prompt());
        let _ = stdout.flush();
        let mut line = String::new();
        match stdin.lock().read_line(&mut line) {
            Ok(0) | Err(_) => {
                println!();
                return ExitCode::SUCCESS;
            }
            Ok(_) => {}
        }
        let t = session.run_line(line.trim_end_matches(['\n', '\r']), now());
        for l in &t.lines {
            match l.stream {
                whalelab_core::Stream::Stdout => println!("{}", l.text),
                whalelab_core::Stream::Stderr => eprintln!("{}", l.text),
            }
        }
        for n in &t.notes {
            eprintln!("[note] {}", n.korean());
        }
        // The page opens its editor pane; this terminal has none.
        if let Some(request) = &t.edit {
            eprintln!("[note] {}", request.terminal_note());
        }
    }
}
