//! The shipped catalogue (`content/registry/`), read from disk for core's own tests.

use super::Catalogue;
use std::path::{Path, PathBuf};

thread_local! {
    static FULL: Catalogue = load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/registry"));
}

/// Every file of the shipped catalogue, loaded and sealed.
pub(crate) fn full() -> Catalogue {
    FULL.with(Clone::clone)
}

/// Every `.toml` file under `dir` as `(relative path, text)`.
pub(crate) fn files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                let rel = p.strip_prefix(dir).map(|r| r.to_string_lossy().replace('\\', "/")).unwrap_or_default();
                out.push((rel, std::fs::read_to_string(&p).unwrap_or_default()));
            }
        }
    }
    crate::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
    out
}

fn load(dir: &Path) -> Catalogue {
    let (c, errors) = Catalogue::from_files(&files(dir));
    assert!(errors.is_empty(), "{errors:?}");
    c
}

/// A fresh session on the shipped catalogue.
pub(crate) fn session(config: crate::SessionConfig) -> crate::Session {
    crate::Session::with_catalogue(config, full())
}

/// A fresh daemon on the shipped catalogue.
pub(crate) fn engine(seed: u64, now: crate::SimTime) -> crate::engine::Engine {
    let mut e = crate::engine::Engine::new(seed, now);
    e.set_catalogue(full());
    e
}
