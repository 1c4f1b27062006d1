//! The whole course as the page knows it so far: every lesson of the outline that has been
//! fetched and parsed, for the 목차 (✔, minutes, summary), the header's "solved out of
//! total", the previous/next links and finding an exercise by id.
//!
//! The page fetches every lesson in the background after the outline; until all arrived the
//! total is unknown ([`CourseIndex::total`] says so). The fetched texts are kept for the
//! instructors' check page, which validates them once every file has been tried. Pure data;
//! it must not fetch.

use std::rc::Rc;

use whalelab_core::course::summary::Summary;
use whalelab_core::course::{Exercise, SourceFile};
use whalelab_core::map::Map;

use crate::route::{lesson_id, Pages, Route};
use crate::state::lesson::{DocBlock, LessonDoc};
use crate::state::persist::Progress;

/// Lessons parsed so far, by path, and the texts fetched.
#[derive(Clone, Debug, Default)]
pub struct CourseIndex {
    lessons: Map<String, Rc<LessonDoc>>,
    /// `SUMMARY.md` and every lesson file fetched, for the check page.
    pub files: Vec<SourceFile>,
    /// Every file of the outline has been tried.
    pub complete: bool,
}

impl CourseIndex {
    /// Adds (or replaces) a parsed lesson.
    pub fn insert(&mut self, doc: Rc<LessonDoc>) {
        self.lessons.insert(doc.path.clone(), doc);
    }

    /// The lesson at `path`, if parsed.
    pub fn get(&self, path: &str) -> Option<&Rc<LessonDoc>> {
        self.lessons.get(path)
    }

    /// The number of exercises in the course, once every lesson of `summary` is parsed.
    pub fn total(&self, summary: &Summary) -> Option<usize> {
        let mut total = 0;
        for entry in summary.entries() {
            total += self.lessons.get(&entry.path)?.exercises().count();
        }
        Some(total)
    }

    /// An exercise by id, from any parsed lesson.
    pub fn exercise(&self, id: &str) -> Option<Rc<Exercise>> {
        self.lessons.values().find_map(|doc| doc.exercise(id))
    }
}

impl LessonDoc {
    /// Its exercises, in order.
    pub fn exercises(&self) -> impl Iterator<Item = &Rc<Exercise>> {
        self.blocks.iter().filter_map(|b| match b {
            DocBlock::Exercise { exercise, .. } => Some(exercise),
            _ => None,
        })
    }

    /// One of its exercises by id.
    pub fn exercise(&self, id: &str) -> Option<Rc<Exercise>> {
        self.exercises().find(|e| e.id == id).cloned()
    }

    /// How many of its exercises `progress` has, and how many it has.
    pub fn solved_of(&self, progress: &Progress) -> (usize, usize) {
        let all: Vec<&Rc<Exercise>> = self.exercises().collect();
        (all.iter().filter(|e| progress.contains_key(&e.id)).count(), all.len())
    }
}

/// A link to a lesson: its address (relative to the site's folder) and its title.
pub type LessonLink = (String, String);

/// The lessons before and after `path` in the outline.
pub fn neighbours(summary: &Summary, path: &str, pages: &Pages) -> (Option<LessonLink>, Option<LessonLink>) {
    let entries: Vec<_> = summary.entries().collect();
    let Some(at) = entries.iter().position(|e| e.path == path) else { return (None, None) };
    let link =
        |i: usize| entries.get(i).map(|e| (Route::Lesson(lesson_id(&e.path).to_string()).href(pages), e.title.clone()));
    (at.checked_sub(1).and_then(link), link(at + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::lesson::load_lesson;
    use crate::state::persist::Solved;
    use wasm_bindgen_test::wasm_bindgen_test;
    use whalelab_core::course::summary::parse_summary;
    use whalelab_core::course::SourceFile;

    fn lesson(path: &str, ids: &[&str]) -> Rc<LessonDoc> {
        let mut text = "+++\nid = \"x\"\ntitle = \"제목\"\nsummary = \"요약\"\nminutes = 7\n+++\n\n본문\n".to_string();
        for id in ids {
            text.push_str(&format!(
                "\n```exercise\nid = \"{id}\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps\"]\n\n[[goal]]\ncontainers = 0\n```\n"
            ));
        }
        Rc::new(load_lesson(path, &text).expect("lesson"))
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn totals_wait_for_every_lesson_and_neighbours_follow_the_outline() {
        let (summary, _) = parse_summary(&SourceFile::new(
            "SUMMARY.md",
            "# 하나\n\n- [가](lessons/01-a.md)\n- [나](lessons/02-b.md)\n",
        ));
        let mut index = CourseIndex::default();
        index.insert(lesson("lessons/01-a.md", &["a1", "a2"]));
        assert_eq!(index.total(&summary), None, "lesson 02 is not parsed yet");
        index.insert(lesson("lessons/02-b.md", &["b1"]));
        assert_eq!(index.total(&summary), Some(3));
        assert_eq!(index.exercise("b1").map(|e| e.id.clone()).as_deref(), Some("b1"));
        let doc = index.get("lessons/01-a.md").expect("a");
        assert_eq!((doc.summary.as_str(), doc.minutes), ("요약", 7));
        let progress: Progress = [("a2".to_string(), Solved::WithHelp)].into_iter().collect();
        assert_eq!(doc.solved_of(&progress), (1, 2));
        let pages = Pages::default();
        let (prev, next) = neighbours(&summary, "lessons/01-a.md", &pages);
        assert_eq!((prev, next), (None, Some(("02-b.html".to_string(), "나".to_string()))));
        let (prev, next) = neighbours(&summary, "lessons/02-b.md", &pages);
        assert_eq!((prev.map(|p| p.0), next), (Some("01-a.html".to_string()), None));
        let (_, next) = neighbours(&summary, "lessons/01-a.md", &Pages::only(vec!["01-a".into()]));
        assert_eq!(next.map(|n| n.0).as_deref(), Some("./#/lesson/02-b"), "a lesson added after the build");
    }
}
