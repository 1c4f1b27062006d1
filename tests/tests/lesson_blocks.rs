//! Every ▶ of every lesson, clicked in order on a fresh machine per lesson, as a learner who
//! reads a lesson top to bottom would: no line may answer with whalelab's "not supported"
//! (the terminal's own limits), and a here-document's body reaches its file as written.
//!
//! A ▶ pressed while a container holds the terminal first returns to the host, as the page's
//! offer does (detach, or leave the container's shell, or Ctrl+C).

use std::path::Path;
use whalelab::check::load_dir;
use whalelab_core::course::validate::load_course;
use whalelab_core::course::Block;
use whalelab_core::session::Key;
use whalelab_core::{Session, SessionConfig, SimTime, SECOND};
use whalelab_tests::{session, workspace_root};

/// Runs one ▶ (a command, or a here-document's lines one after another) at `now`; returns the
/// lines of output that say the terminal does not support something.
fn click(machine: &mut Session, unit: &str, now: &mut SimTime) -> Vec<String> {
    for _ in 0..6 {
        if !machine.is_held() {
            break;
        }
        *now += SECOND;
        let _ = machine.key(Key::Detach, *now);
        if !machine.is_held() {
            break;
        }
        if machine.prompt().is_empty() {
            let _ = machine.key(Key::CtrlC, *now);
        } else {
            let _ = machine.run_line("exit", *now);
        }
    }
    let mut unsupported = Vec::new();
    for line in unit.split('\n') {
        *now += SECOND;
        let t = machine.run_line(line, *now);
        unsupported.extend(t.lines.iter().filter(|l| l.text.contains("지원하지 않")).map(|l| l.text.clone()));
    }
    unsupported
}

#[test]
fn every_lesson_block_runs_without_an_unsupported_note() {
    let (files, _) = load_dir(&workspace_root().join("content")).expect("content loads");
    let (course, _) = load_course(&files);
    let mut failures = Vec::new();
    let mut clicked = 0;
    for lesson in course.parts.iter().flat_map(|p| &p.lessons) {
        let mut machine = session(SessionConfig::default());
        let mut now = SessionConfig::default().start_time;
        for block in &lesson.blocks {
            let Block::Runnable { lines, .. } = block else { continue };
            for unit in lines {
                clicked += 1;
                for text in click(&mut machine, unit, &mut now) {
                    failures.push(format!("{}: `{unit}` → {text}", lesson.id));
                }
            }
        }
    }
    assert!(clicked > 100, "only {clicked} buttons found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A lesson's here-document keeps its body's blank lines, comments and indentation: the file
/// it writes is the one the lesson shows.
#[test]
fn a_lesson_here_document_writes_its_body_as_written() {
    let root = workspace_root().join("tests/fixtures/heredoc-lesson");
    let (files, problems) = load_dir(Path::new(&root)).expect("fixture loads");
    assert!(problems.is_empty(), "{problems:?}");
    let (course, diagnostics) = load_course(&files);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let lesson = &course.parts[0].lessons[0];
    let mut machine = session(SessionConfig::default());
    let mut now = SessionConfig::default().start_time;
    for block in &lesson.blocks {
        if let Block::Runnable { lines, .. } = block {
            for unit in lines {
                assert!(click(&mut machine, unit, &mut now).is_empty());
            }
        }
    }
    let (_, text) = machine.read_file("/home/user/app/compose.yaml").expect("written");
    assert_eq!(text, "# 웹 서버 하나\nservices:\n\n  web:\n    image: nginx:alpine\n");
    let (_, script) = machine.read_file("/home/user/app/hello.sh").expect("written");
    assert_eq!(script, "# 인사\n\necho hello\n");
}
