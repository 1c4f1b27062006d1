//! The page's first wasm is core without its `full` feature: no `docker build`, no compose, no
//! jq, no awk, no `--help` texts. A line that needs one of them must leave the machine exactly
//! as it was and name [`FULL_ENGINE`], so that the page can hand the machine over to the full
//! engine; every other line must print exactly what the full engine prints.
//!
//! Run with `cargo test -p whalelab-core --no-default-features --test lite_engine` (the test
//! command does); with the feature on, this file compiles to nothing.
#![cfg(not(feature = "full"))]

use std::cell::Cell;
use std::path::{Path, PathBuf};

use whalelab_core::replay::{commands, replay_with};
use whalelab_core::{Attempt, Catalogue, Session, SessionConfig, FULL_ENGINE, SECOND};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A session that knows the practice registry's index; the rest loads on demand.
fn session() -> Session {
    let index = std::fs::read_to_string(workspace().join("content/registry/index.toml")).expect("index.toml");
    Session::with_catalogue(SessionConfig::default(), Catalogue::from_index(&index).expect("the index loads"))
}

fn registry_file(path: &str) -> Option<String> {
    std::fs::read_to_string(workspace().join("content/registry").join(path)).ok()
}

/// Runs `line` on `s` (loading registry files as the page does) and returns what it asked for
/// last: `None` once it ran.
fn attempt(s: &mut Session, line: &str, at: u64) -> Result<whalelab_core::Transcript, Vec<String>> {
    let now = SessionConfig::default().start_time + at * SECOND;
    for _ in 0..16 {
        match s.attempt_line(line, now) {
            Attempt::Done(t) => return Ok(t),
            Attempt::NeedsFiles(files) if files.iter().any(|f| f == FULL_ENGINE) => return Err(files),
            Attempt::NeedsFiles(files) => {
                for f in files {
                    let _ = s.load_catalogue_file(&f, registry_file(&f).as_deref());
                }
            }
        }
    }
    Ok(s.run_line(line, now))
}

#[test]
fn a_line_that_needs_the_full_engine_changes_nothing_and_names_it() {
    let mut s = session();
    let t = attempt(&mut s, "docker run -d --name web nginx", 1).expect("runs in the lite engine");
    assert_eq!(t.exit_code, 0);
    let before = s.snapshot();
    for (i, line) in [
        "docker build -t my-site .",
        "docker image build .",
        "docker buildx build --load -t app .",
        "docker rm -f web && docker compose up -d",
        "docker compose version",
        "echo '{\"a\": 1}' | jq .a",
        "for i in 1 2; do docker compose ps; done",
        "docker ps | awk '{print $1}'",
        "docker run --rm busybox sh -c 'echo a b | awk \"{print \\$2}\"'",
        "docker exec web mawk --version",
        "docker events --since 0 --until 1",
        "docker run -d --name mongo mongo && docker exec mongo mongosh --eval 'db.version()'",
        // The client's help texts are the full engine's too: `--help`, `docker help X`, a
        // management command alone (its help on stderr), `docker` alone.
        "docker run --help",
        "docker container ls -h",
        "docker help network create",
        "docker volume",
        "docker network --help",
        "docker",
    ]
    .iter()
    .enumerate()
    {
        assert_eq!(attempt(&mut s, line, 2 + i as u64), Err(vec![FULL_ENGINE.to_string()]), "{line}");
        assert_eq!(s.snapshot(), before, "{line} left a trace");
    }
    // Still the same machine: the container the first line started is there.
    let t = attempt(&mut s, "docker ps --format '{{.Names}}'", 20).expect("runs");
    assert_eq!(t.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["web"]);
}

#[test]
fn usage_errors_print_their_use_lines_without_the_help_texts() {
    let mut s = session();
    for (line, code, want) in [
        (
            "docker cp a",
            1,
            "docker: 'docker cp' requires 2 arguments\n\nUsage:  docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tdocker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nRun 'docker cp --help' for more information",
        ),
        (
            "docker run --bogus",
            125,
            "unknown flag: --bogus\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\nRun 'docker run --help' for more information",
        ),
        ("docker ps --last x", 125, "invalid argument \"x\" for \"-n, --last\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\n\nUsage:  docker ps [OPTIONS]\n\nRun 'docker ps --help' for more information"),
    ] {
        let t = attempt(&mut s, line, 1).expect("runs in the lite engine");
        let text: Vec<&str> = t.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!((t.exit_code, text.join("\n").as_str()), (code, want), "{line}");
    }
}

#[test]
fn what_the_lite_engine_carries_prints_what_the_full_one_prints() {
    let dir = workspace().join("tests/transcripts");
    let mut files = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("transcripts").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
    }
    files.sort();
    let (mut compared, mut handed_over) = (0, 0);
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let header: String = text.lines().take_while(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
        let needs_full = Cell::new(false);
        let replayed = replay_with(session(), &commands(&text), &mut |f| {
            if f == FULL_ENGINE {
                needs_full.set(true);
            }
            registry_file(f)
        });
        if needs_full.get() {
            handed_over += 1;
            continue;
        }
        compared += 1;
        if format!("{header}{replayed}") != text {
            failures.push(path.display().to_string());
        }
    }
    assert!(failures.is_empty(), "the lite engine prints otherwise: {failures:#?}");
    assert!(compared > 50 && handed_over > 10, "{compared} compared, {handed_over} handed over");
}
