//! The site loads the practice registry lazily: it starts from `index.toml` alone and fetches
//! a repository's file, its base systems and package mirrors when a line first needs them.
//! Every transcript replayed that way must print exactly what it prints with the whole
//! registry loaded from the start, and a line that needs nothing must load nothing.

use std::cell::RefCell;
use whalelab::catalogue::read;
use whalelab::replay::{commands, replay, replay_with};
use whalelab_core::{Catalogue, Session, SessionConfig};
use whalelab_tests::{transcript_files, workspace_root};

/// A session that knows only the index, and a loader that reads files from disk and keeps a
/// list of what it was asked for.
fn lazy(asked: &RefCell<Vec<String>>) -> (Session, impl FnMut(&str) -> Option<String> + '_) {
    let dir = workspace_root().join("content/registry");
    let index = read(&dir, "index.toml").expect("index.toml");
    let catalogue = Catalogue::from_index(&index).expect("the index loads");
    let session = Session::with_catalogue(SessionConfig::default(), catalogue);
    let load = move |path: &str| {
        asked.borrow_mut().push(path.to_string());
        read(&dir, path)
    };
    (session, load)
}

#[test]
fn every_transcript_replays_the_same_when_files_load_on_demand() {
    let files = transcript_files(&workspace_root().join("tests/transcripts"));
    assert!(files.len() > 50);
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let cmds = commands(&text);
        let eager = replay(&cmds);
        let asked = RefCell::new(Vec::new());
        let (session, mut load) = lazy(&asked);
        let lazily = replay_with(session, &cmds, &mut load);
        if eager != lazily {
            failures.push(format!("{}:\n--- eager\n{eager}\n--- lazy\n{lazily}", path.display()));
        }
        let asked = asked.borrow();
        let mut unique = asked.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), asked.len(), "{}: a file was asked for twice: {asked:?}", path.display());
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_line_loads_only_what_it_needs() {
    let asked = RefCell::new(Vec::new());
    let (session, mut load) = lazy(&asked);
    let out = replay_with(session, &["docker version", "docker search redis", "docker pull nosuchimage"], &mut load);
    assert!(out.contains("pull access denied"), "{out}");
    assert!(asked.borrow().is_empty(), "the index answers these: {:?}", asked.borrow());
    let (session, mut load) = lazy(&asked);
    let out =
        replay_with(session, &["docker run -d --name web httpd", "docker exec web cat /etc/debian_version"], &mut load);
    assert!(out.ends_with("12.9\n"), "{out}");
    let asked = asked.borrow();
    assert_eq!(asked.first().map(String::as_str), Some("library/httpd.toml"));
    assert!(asked.iter().any(|p| p == "os/debian12.toml"), "{asked:?}");
    assert!(!asked.iter().any(|p| p.contains("nginx") || p.contains("alpine")), "{asked:?}");
}
