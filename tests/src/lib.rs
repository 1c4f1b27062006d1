//! The cross-crate test harness: transcripts in, transcripts out.
//!
//! A transcript file is what a learner would see: `$ ` lines (input), then the output
//! exactly as printed, then `[exit N]` after a non-zero status. Optional `#` comment lines
//! at the top describe it. [`render`] replays the `$ ` lines on a fresh engine and rebuilds
//! the file, so a test is a byte comparison, and `UPDATE_EXPECT=1` rewrites the files for a
//! human to review with `git diff`.

use std::path::{Path, PathBuf};

/// Replays a transcript's commands and renders the file it should be: the leading comment
/// block, then every command with its output.
pub fn render(text: &str) -> String {
    let header: String = text.lines().take_while(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
    let commands = whalelab::replay::commands(text);
    format!("{header}{}", whalelab::replay::replay(&commands))
}

thread_local! {
    static SHIPPED: whalelab_core::Catalogue =
        whalelab::catalogue::load(&workspace_root().join("content/registry")).unwrap_or_else(|e| panic!("{e}"));
}

/// The shipped practice registry (`content/registry`), loaded whole once per thread.
pub fn catalogue() -> whalelab_core::Catalogue {
    SHIPPED.with(Clone::clone)
}

/// A fresh session on the shipped practice registry.
pub fn session(config: whalelab_core::SessionConfig) -> whalelab_core::Session {
    whalelab_core::Session::with_catalogue(config, catalogue())
}

/// Every `*.txt` file under `dir`, sorted, recursively.
pub fn transcript_files(dir: &Path) -> Vec<PathBuf> {
    files_with_extension(dir, "txt")
}

/// Every file under `dir` whose name ends in `.ext`, sorted, recursively.
pub fn files_with_extension(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

/// Whether tests should rewrite expectations instead of comparing (`UPDATE_EXPECT=1`).
pub fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v != "0")
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}
