//! A lesson as the page shows it: the course model's lesson (`whalelab_core::course`) with its
//! prose rendered to safe HTML once, its problems worded for the pane, and the first lesson
//! picked from `SUMMARY.md`.
//!
//! Pure (no Yew, no DOM, no fetching): the loader fetches, this decides. Parsing lessons is
//! core's job; this module must not second-guess it, only adapt its output to the view.

use std::rc::Rc;

use whalelab_core::course::lesson::{parse_lesson, ParsedLesson};
use whalelab_core::course::summary::parse_summary;
use whalelab_core::course::{Block, Diagnostic, Exercise, SourceFile};

use crate::i18n;
use crate::state::markdown::{dir_of, heading, join, render};

/// Where the content folder is, relative to the page (works from any sub-path).
pub const CONTENT_BASE: &str = "content/";
/// The course outline, relative to the content folder.
pub const SUMMARY_PATH: &str = "SUMMARY.md";

/// A lesson ready to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LessonDoc {
    /// The file, relative to the content folder (`lessons/01-first-container.md`).
    pub path: String,
    /// The lesson's id from its front matter.
    pub id: String,
    /// The lesson's title from its front matter.
    pub title: String,
    /// Its one-line summary from the front matter (the 목차 shows it).
    pub summary: String,
    /// Its estimated minutes from the front matter.
    pub minutes: u32,
    /// The body in order.
    pub blocks: Vec<DocBlock>,
    /// Problems core found that did not stop the lesson (Korean, located), e.g. a broken
    /// exercise that was left out.
    pub notices: Vec<String>,
}

/// One piece of a lesson, ready for the view.
#[derive(Clone, Debug, PartialEq)]
pub enum DocBlock {
    /// Prose as HTML in which nothing can execute.
    Prose(String),
    /// Commands with run buttons.
    Runnable {
        /// The fence's language.
        lang: String,
        /// The commands.
        lines: Vec<String>,
    },
    /// An exercise: the full model (goals and hints, for the panel of issue #5) and its prompt
    /// rendered to safe HTML.
    Exercise {
        /// The exercise as core parsed it.
        exercise: Rc<Exercise>,
        /// Its prompt as safe HTML.
        prompt_html: String,
    },
}

/// The URL of a file in the content folder.
pub fn content_url(path: &str) -> String {
    join(CONTENT_BASE, path)
}

/// The first lesson's path (relative to the content folder) from `SUMMARY.md`'s text, or a
/// Korean explanation.
pub fn first_lesson_path(summary_text: &str) -> Result<String, String> {
    let (summary, diagnostics) = parse_summary(&SourceFile::new(SUMMARY_PATH, summary_text));
    let first = summary.entries().next().map(|entry| entry.path.clone());
    first.ok_or_else(|| with_diagnostics(i18n::SUMMARY_HAS_NO_LESSON.to_string(), &diagnostics))
}

/// Parses a lesson file's text (core's parser) and prepares it for the view.
pub fn load_lesson(path: &str, text: &str) -> Result<LessonDoc, String> {
    from_parsed(path, parse_lesson(&SourceFile::new(path, text)))
}

/// Prepares a parsed lesson for the view, or explains in Korean why it cannot be shown.
pub fn from_parsed(path: &str, parsed: ParsedLesson) -> Result<LessonDoc, String> {
    let errors: Vec<&Diagnostic> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    let Some(lesson) = parsed.lesson else {
        return Err(with_diagnostics(i18n::lesson_unreadable(path), &parsed.diagnostics));
    };
    let base = dir_of(&content_url(path)).to_string();
    let mut has_h1 = false;
    let mut blocks: Vec<DocBlock> = lesson
        .blocks
        .into_iter()
        .map(|block| match block {
            Block::Prose(markdown) => {
                let rendered = render(&markdown, &base);
                has_h1 |= rendered.has_h1;
                DocBlock::Prose(rendered.html)
            }
            Block::Runnable { lang, lines } => DocBlock::Runnable { lang, lines },
            Block::Exercise(exercise) => {
                let prompt_html = render(&exercise.prompt, &base).html;
                DocBlock::Exercise { exercise: Rc::new(exercise), prompt_html }
            }
        })
        .collect();
    if !has_h1 {
        blocks.insert(0, DocBlock::Prose(heading(&lesson.title)));
    }
    Ok(LessonDoc {
        path: path.to_string(),
        id: lesson.id,
        title: lesson.title,
        summary: lesson.summary,
        minutes: lesson.minutes,
        blocks,
        notices: errors.iter().map(|d| d.to_string()).collect(),
    })
}

/// A message followed by core's located diagnostics, one per line.
fn with_diagnostics(message: String, diagnostics: &[Diagnostic]) -> String {
    let mut text = message;
    for d in diagnostics.iter().filter(|d| d.is_error()) {
        text.push('\n');
        text.push_str(&d.to_string());
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    const FRONT: &str = "+++\nid = \"first\"\ntitle = \"첫 <컨테이너>\"\nsummary = \"요약\"\nminutes = 5\n+++\n";

    fn prose(doc: &LessonDoc) -> String {
        doc.blocks
            .iter()
            .filter_map(|b| match b {
                DocBlock::Prose(h) => Some(h.as_str()),
                _ => None,
            })
            .collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn summary_gives_the_first_lesson() {
        let summary = "# 첫걸음\n\n- [첫 컨테이너](lessons/01-first.md)\n- [둘](lessons/02.md)\n";
        assert_eq!(first_lesson_path(summary).as_deref(), Ok("lessons/01-first.md"));
        assert_eq!(content_url("lessons/01-first.md"), "content/lessons/01-first.md");
        let err = first_lesson_path("# 빈 목차\n이상한 줄\n").unwrap_err();
        assert!(err.starts_with(i18n::SUMMARY_HAS_NO_LESSON), "{err}");
        assert!(err.contains("SUMMARY.md:2:1"), "core's located diagnostic is shown: {err}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_title_becomes_the_heading_when_the_body_has_none() {
        let doc = load_lesson("lessons/01.md", &format!("{FRONT}\n본문입니다.\n")).unwrap();
        assert_eq!((doc.id.as_str(), doc.title.as_str()), ("first", "첫 <컨테이너>"));
        let html = prose(&doc);
        assert!(html.starts_with("<h1>첫 &lt;컨테이너&gt;</h1>"), "{html}");
        assert!(!html.contains("minutes"), "the front matter is not shown: {html}");
        let doc = load_lesson("lessons/01.md", &format!("{FRONT}\n# 본문 제목\n")).unwrap();
        assert_eq!(prose(&doc).matches("<h1>").count(), 1);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_broken_front_matter_is_a_korean_error() {
        let err = load_lesson("lessons/01.md", "+++\ntitle = \n+++\n본문\n").unwrap_err();
        assert!(err.contains("lessons/01.md"), "{err}");
        assert!(err.contains("lessons/01.md:2:"), "located: {err}");
        let err = load_lesson("lessons/01.md", "머리말 없음\n").unwrap_err();
        assert!(err.contains("머리말"), "{err}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn blocks_keep_their_order_and_kinds() {
        let text = format!(
            "{FRONT}\n앞 <b>굵게</b>\n\n```docker\n# 목록\ndocker ps\n```\n\n```exercise\nid = \"e1\"\ntitle = \"연습\"\n\
             prompt = \"`web`을 *실행*하세요\"\nsolution = [\"docker run -d --name web nginx\"]\n\n[[goal]]\n\
             container = \"web\"\nstate = \"running\"\n```\n\n[그림](img/a.png)\n"
        );
        let doc = load_lesson("lessons/01.md", &text).unwrap();
        assert!(doc.notices.is_empty(), "{:?}", doc.notices);
        let kinds: Vec<&str> = doc
            .blocks
            .iter()
            .map(|b| match b {
                DocBlock::Prose(_) => "prose",
                DocBlock::Runnable { .. } => "run",
                DocBlock::Exercise { .. } => "exercise",
            })
            .collect();
        assert_eq!(kinds, ["prose", "prose", "run", "exercise", "prose"]);
        assert_eq!(doc.blocks[2], DocBlock::Runnable { lang: "docker".into(), lines: vec!["docker ps".into()] });
        let DocBlock::Exercise { exercise, prompt_html } = &doc.blocks[3] else { unreachable!() };
        assert_eq!((exercise.id.as_str(), exercise.goals.len()), ("e1", 1));
        assert!(prompt_html.contains("<code>web</code>") && prompt_html.contains("<em>실행</em>"), "{prompt_html}");
        assert!(prose(&doc).contains("&lt;b&gt;굵게&lt;/b&gt;"));
        assert!(prose(&doc).contains(r#"href="content/lessons/img/a.png""#), "{}", prose(&doc));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_broken_exercise_becomes_a_notice() {
        let text = format!("{FRONT}\n본문\n\n```exercise\nid = \"e1\"\nbogus = 1\n```\n");
        let doc = load_lesson("lessons/01.md", &text).unwrap();
        assert_eq!(doc.notices.len(), 1, "{:?}", doc.notices);
        assert!(doc.notices[0].starts_with("lessons/01.md:"), "{:?}", doc.notices);
        assert!(!doc.blocks.iter().any(|b| matches!(b, DocBlock::Exercise { .. })));
    }
}
