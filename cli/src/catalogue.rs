//! The practice registry read from disk: the native tools' side of `whalelab_core::catalogue`,
//! which never reads files itself.
//!
//! `whalelab replay` and `repl` use the registry of the content folder in the current
//! directory (`content/registry`) when there is one, else the workspace's own; the tests use
//! the same files, eagerly ([`load`]) or one by one as lines need them ([`read`]).

use std::path::{Path, PathBuf};
use whalelab_core::Catalogue;

/// The registry folder the native tools use by default.
pub fn default_dir() -> PathBuf {
    let here = Path::new("content/registry");
    if here.join("index.toml").is_file() {
        return here.to_path_buf();
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/registry")
}

/// Every `.toml` file under `dir`, as paths relative to `dir` with `/` separators, sorted.
pub fn paths(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "toml") {
                if let Ok(rel) = p.strip_prefix(dir) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    out.sort();
    out
}

/// Every `.toml` file under `dir` as `(path relative to dir, text)`, sorted by path. Files that
/// cannot be read as UTF-8 are left out.
pub fn files(dir: &Path) -> Vec<(String, String)> {
    paths(dir).into_iter().filter_map(|p| Some((p.clone(), std::fs::read_to_string(dir.join(&p)).ok()?))).collect()
}

/// The whole registry under `dir`, sealed; a file that does not load is an error naming it.
pub fn load(dir: &Path) -> Result<Catalogue, String> {
    let (catalogue, errors) = Catalogue::from_files(&files(dir));
    if errors.is_empty() {
        Ok(catalogue)
    } else {
        Err(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
    }
}

/// One file of the registry under `dir` (`None` if there is no such file): what a lazily
/// loading session asks for.
pub fn read(dir: &Path, path: &str) -> Option<String> {
    if path.split('/').any(|c| c == ".." || c.is_empty()) {
        return None;
    }
    std::fs::read_to_string(dir.join(path)).ok()
}

thread_local! {
    static DEFAULT: Result<Catalogue, String> = load(&default_dir());
}

/// The default registry ([`default_dir`]), loaded once per thread.
pub fn default() -> Result<Catalogue, String> {
    DEFAULT.with(Clone::clone)
}

/// `extra` laid over `base` (both `(path, text)` lists of a registry folder), as an instructor
/// adds to a site's registry: `extra`'s `index.toml` goes before `base`'s (so a diagnostic in it
/// keeps the line it has in `extra`'s own file, however the shipped index grows), its other
/// files are added or replace `base`'s.
pub fn overlay(base: Vec<(String, String)>, extra: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out = base;
    for (path, text) in extra {
        match out.iter_mut().find(|(p, _)| *p == path) {
            Some((_, existing)) if path == "index.toml" => {
                *existing = format!("{text}\n{existing}");
            }
            Some((_, existing)) => *existing = text,
            None => out.push((path, text)),
        }
    }
    out
}
