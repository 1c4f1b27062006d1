//! Checks the invariants ARCHITECTURE.md promises, so they can't quietly erode.

use std::path::{Path, PathBuf};
use whalelab_tests::{files_with_extension, workspace_root};

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    files_with_extension(dir, "rs")
}

#[test]
fn core_has_no_browser_dependencies() {
    let manifest = std::fs::read_to_string(workspace_root().join("core/Cargo.toml")).unwrap_or_default();
    assert!(manifest.contains("[dependencies]"), "core/Cargo.toml not found");
    for banned in ["yew", "web-sys", "js-sys", "wasm-bindgen", "gloo", "getrandom", "rand"] {
        let dep_line = manifest.lines().any(|l| {
            l.trim_start().starts_with(&format!("{banned} "))
                || l.trim_start().starts_with(&format!("{banned}."))
                || l.trim_start().starts_with(&format!("{banned}="))
        });
        assert!(!dep_line, "core must not depend on {banned}");
    }
}

#[test]
fn core_reads_no_clock_and_no_os_randomness() {
    let files = rust_files(&workspace_root().join("core/src"));
    assert!(files.len() > 10);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for banned in ["SystemTime::now", "Instant::now", "thread_rng", "getrandom", "OsRng"] {
            assert!(!text.contains(banned), "{} uses {banned}", f.display());
        }
    }
}

#[test]
fn every_rust_file_says_what_it_is_for() {
    let root = workspace_root();
    for dir in ["core/src", "web/src", "cli/src", "tests/src", "tests/tests"] {
        for f in rust_files(&root.join(dir)) {
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            assert!(text.starts_with("//!"), "{} must start with a //! comment", f.display());
        }
    }
}

#[test]
fn no_test_is_switched_off() {
    let root = workspace_root();
    let me = file!().rsplit('/').next().unwrap_or_default().to_string();
    for dir in ["core", "web", "cli", "tests"] {
        for f in rust_files(&root.join(dir)) {
            if f.ends_with(&me) {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            for banned in ["#[ignore", "#[should_panic"] {
                assert!(!text.contains(banned), "{} contains {banned}", f.display());
            }
        }
    }
}

/// Lines of shipped code (core/src and web/src outside tests and `exempt`) that contain one
/// of `needles`, as `file:line: text`.
fn shipped_lines_containing(needles: &[&str], exempt: &str) -> Vec<String> {
    let root = workspace_root();
    let mut offenders = Vec::new();
    for dir in ["core/src", "web/src"] {
        for f in rust_files(&root.join(dir)) {
            if f.ends_with(exempt) || f.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
            for (n, line) in shipped.lines().enumerate() {
                let code = line.split("//").next().unwrap_or_default();
                if needles.iter().any(|needle| code.contains(needle)) {
                    offenders.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    offenders
}

/// The bundle carries one sort (core/src/sort.rs): a direct `.sort_by(` in shipped code
/// would instantiate the standard library's sort again, kilobytes of wasm per call site.
#[test]
fn shipped_code_sorts_through_the_one_sort_helper() {
    let offenders = shipped_lines_containing(
        &[".sort()", ".sort_by(", ".sort_by_key(", ".sort_unstable", ".sort_by_cached_key("],
        "core/src/sort.rs",
    );
    assert!(offenders.is_empty(), "use crate::sort / whalelab_core::sort instead:\n{}", offenders.join("\n"));
}

/// Ordered maps and sets are core/src/map.rs's sorted vectors: the standard B-trees cost
/// kilobytes of wasm per key and value type (48 KB of the gzipped bundle when replaced).
#[test]
fn shipped_code_uses_the_crates_own_ordered_map() {
    let offenders = shipped_lines_containing(&["BTreeMap", "BTreeSet"], "core/src/map.rs");
    assert!(
        offenders.is_empty(),
        "use crate::map::{{Map, Set}} / whalelab_core::map instead:\n{}",
        offenders.join("\n")
    );
}

/// No shipped module is over 1,200 lines (its test module aside): a file that long holds
/// more than one job.
#[test]
fn shipped_modules_stay_under_1200_lines() {
    const LIMIT: usize = 1_200;
    let root = workspace_root();
    let mut offenders = Vec::new();
    for dir in ["core/src", "web/src", "cli/src"] {
        for f in rust_files(&root.join(dir)) {
            let rel = f.strip_prefix(&root).unwrap_or(&f).to_string_lossy().replace('\\', "/");
            if f.file_name().is_some_and(|n| n == "tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&f).unwrap_or_default();
            let shipped = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default().lines().count();
            if shipped > LIMIT {
                offenders.push(format!("{rel}: {shipped} lines"));
            }
        }
    }
    assert!(offenders.is_empty(), "split these modules (at most {LIMIT} lines each):\n{}", offenders.join("\n"));
}

/// Korean sentences core prints live in core/src/voice.rs (the course model and the practice
/// registry's catalogue, which read an instructor's files and report on them in Korean, aside):
/// anywhere else they would be scattered voice nobody can
/// review in one place. Comments and test modules may quote Korean freely.
#[test]
fn core_speaks_korean_only_through_voice_rs() {
    let root = workspace_root();
    let hangul = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c) || ('\u{3131}'..='\u{318E}').contains(&c);
    let mut offenders = Vec::new();
    for f in rust_files(&root.join("core/src")) {
        let rel = f.strip_prefix(&root).unwrap_or(&f).to_string_lossy().replace('\\', "/");
        if rel == "core/src/voice.rs"
            || rel.starts_with("core/src/course/")
            || rel.starts_with("core/src/catalogue/")
            || rel.ends_with("/tests.rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        let shipped = text.split("#[cfg(test)]").next().unwrap_or_default();
        for (n, line) in shipped.lines().enumerate() {
            if !line.trim_start().starts_with("//") && line.chars().any(hangul) {
                offenders.push(format!("{rel}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "move these sentences into core/src/voice.rs:\n{}", offenders.join("\n"));
}
