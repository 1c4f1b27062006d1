//! `whalelab check DIR`: the instructors' one command. Loads `SUMMARY.md`, `lessons/*.md` and
//! the practice registry (`registry/**.toml`) from disk, runs the course validator of whalelab-core over them and prints every
//! diagnostic as `path:line:col: 오류: ...`, then a one-line Korean summary.
//!
//! Only the disk reading lives here; every rule is in `whalelab_core::course::validate`, so the
//! site's `check.html` page and this command always agree.

use std::path::Path;
use whalelab_core::course::validate::{validate, Report, SUMMARY_PATH};
use whalelab_core::course::{Diagnostic, SourceFile};

/// Checks the content folder `dir`, prints the result, and returns the exit status:
/// 0 when there is no error (warnings allowed), 1 when there is one, 2 when `dir` cannot be read.
pub fn run(dir: &Path) -> i32 {
    let report = match check_dir(dir) {
        Ok(report) => report,
        Err(message) => {
            eprintln!("whalelab check: {message}");
            return 2;
        }
    };
    for d in &report.diagnostics {
        println!("{d}");
    }
    println!("{}", report.summary_ko());
    i32::from(report.has_errors())
}

/// Checks `dir` without printing: the report the command would print.
pub fn check_dir(dir: &Path) -> Result<Report, String> {
    let (files, mut problems) = load_dir(dir)?;
    let mut report = validate(&files);
    problems.append(&mut report.diagnostics);
    report.diagnostics = problems;
    Ok(report)
}

/// Reads `SUMMARY.md`, every `lessons/*.md` and every `registry/**.toml` under `dir`, with
/// paths relative to `dir`.
/// A file that is not UTF-8 becomes a diagnostic rather than stopping the check.
pub fn load_dir(dir: &Path) -> Result<(Vec<SourceFile>, Vec<Diagnostic>), String> {
    if !dir.is_dir() {
        return Err(format!("`{}`은(는) 폴더가 아닙니다. content 폴더를 지정하세요.", dir.display()));
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut read = |relative: String, path: &Path| match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => files.push(SourceFile::new(relative, text)),
            Err(_) => problems.push(Diagnostic::error(&relative, 1, 1, "파일이 UTF-8로 저장되어 있지 않습니다.")),
        },
        Err(e) => problems.push(Diagnostic::error(&relative, 1, 1, format!("파일을 읽을 수 없습니다: {e}"))),
    };
    let summary = dir.join(SUMMARY_PATH);
    if summary.is_file() {
        read(SUMMARY_PATH.to_string(), &summary);
    }
    let lessons = dir.join("lessons");
    if lessons.is_dir() {
        let entries =
            std::fs::read_dir(&lessons).map_err(|e| format!("`{}`을(를) 읽을 수 없습니다: {e}", lessons.display()))?;
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.path().is_file())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.ends_with(".md"))
            .collect();
        names.sort();
        for name in names {
            read(format!("lessons/{name}"), &lessons.join(&name));
        }
    }
    let registry = dir.join("registry");
    for path in crate::catalogue::paths(&registry) {
        read(format!("registry/{path}"), &registry.join(&path));
    }
    Ok((files, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn root() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// A fixture course checked as `whalelab check` would, on the shipped registry with the
    /// fixture's own `registry/` files laid over it (see [`crate::catalogue::overlay`]): most
    /// fixtures are about lessons and have none; the others add what an instructor would.
    fn check_fixture(case: &Path) -> Report {
        let (files, mut problems) = load_dir(case).expect("fixture loads");
        let (mut files, registry): (Vec<SourceFile>, Vec<SourceFile>) =
            files.into_iter().partition(|f| !f.path.starts_with("registry/"));
        let pairs = |v: Vec<SourceFile>| -> Vec<(String, String)> {
            v.into_iter().filter_map(|f| Some((f.path.strip_prefix("registry/")?.to_string(), f.text))).collect()
        };
        let shipped = crate::catalogue::files(&root().join("content/registry"));
        for (path, text) in crate::catalogue::overlay(shipped, pairs(registry)) {
            files.push(SourceFile::new(format!("registry/{path}"), text));
        }
        let mut report = validate(&files);
        problems.append(&mut report.diagnostics);
        report.diagnostics = problems;
        report
    }

    /// Each folder in `tests/fixtures/content/` is a small broken course; its `expected.txt`
    /// holds the exact diagnostics. `UPDATE_EXPECT=1` rewrites them for review.
    #[test]
    fn broken_fixtures_report_located_korean_errors() {
        let fixtures = root().join("tests/fixtures/content");
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&fixtures)
            .expect("fixtures folder")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        assert!(cases.len() >= 15, "expected a fixture per diagnostic, found {}", cases.len());
        let update = std::env::var_os("UPDATE_EXPECT").is_some();
        let mut failures = Vec::new();
        for case in cases {
            let report = check_fixture(&case);
            let actual: String = report.diagnostics.iter().map(|d| format!("{d}\n")).collect();
            let expected_path = case.join("expected.txt");
            if update {
                std::fs::write(&expected_path, &actual).expect("write expected.txt");
                continue;
            }
            let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
            if actual != expected {
                failures.push(format!("{}:\n--- expected\n{expected}--- actual\n{actual}", case.display()));
            }
            if !report.has_errors() {
                failures.push(format!("{}: a broken fixture must fail the check", case.display()));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    /// A course with images of its own passes: an instructor adds images without Rust.
    #[test]
    fn a_course_with_its_own_images_passes() {
        let report = check_fixture(&root().join("tests/fixtures/instructor-course"));
        let shown: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
        assert!(shown.is_empty(), "{}", shown.join("\n"));
        assert_eq!((report.lessons, report.exercises), (1, 2));
    }

    #[test]
    fn the_course_passes() {
        let report = check_dir(&root().join("content")).expect("content loads");
        let errors: Vec<String> = report.diagnostics.iter().filter(|d| d.is_error()).map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{}", errors.join("\n"));
        assert!(report.lessons >= 1 && report.exercises >= 2);
    }

    /// The course's own rule (not the validator's: drafts may have fewer): every lesson
    /// carries at least two exercises.
    #[test]
    fn every_lesson_has_two_exercises() {
        let (files, _) = load_dir(&root().join("content")).expect("content loads");
        let (course, _) = whalelab_core::course::validate::load_course(&files);
        let lessons: Vec<_> = course.parts.iter().flat_map(|p| &p.lessons).collect();
        assert!(lessons.len() >= 10, "only {} lessons loaded", lessons.len());
        for lesson in lessons {
            let n = lesson.blocks.iter().filter(|b| matches!(b, whalelab_core::course::Block::Exercise(_))).count();
            assert!(n >= 2, "lesson `{}` has {n} exercise(s)", lesson.id);
        }
    }

    #[test]
    fn a_missing_folder_is_a_usage_error() {
        assert_eq!(run(Path::new("/nonexistent/whalelab/content")), 2);
    }
}
