//! `SUMMARY.md` → the ordered course outline.
//!
//! The grammar, one construct per line (mdBook's outline, reduced to what a course needs):
//!
//! ```text
//! summary  = { line } ;
//! line     = blank | part | lesson ;
//! blank    = only spaces ;
//! part     = "#" { "#" } " " title ;             (* starts a new part; deeper "#"s are the same *)
//! lesson   = ( "-" | "*" ) " " "[" title "]" "(" path ")" ;
//! path     = "lessons/" name ".md" ;             (* relative, no "..", no "#" or "?" *)
//! ```
//!
//! Lessons before the first heading belong to a part without a title. Any other line is a
//! located error, and parsing goes on, so one bad line never hides the rest of the course.
//! This file only reads the outline; whether the files exist is [`validate`](super::validate)'s job.

use super::diagnostic::Diagnostic;
use super::source::{to_u32, SourceFile};

/// The parsed outline.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Parts in order.
    pub parts: Vec<SummaryPart>,
}

/// One part: a heading and the lessons under it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SummaryPart {
    /// The heading text (empty for lessons before the first heading).
    pub title: String,
    /// Lessons in course order.
    pub lessons: Vec<SummaryEntry>,
}

/// One lesson link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SummaryEntry {
    /// The link text, shown in the outline.
    pub title: String,
    /// Path relative to the content root (`lessons/01-first-container.md`).
    pub path: String,
    /// 1-based line in `SUMMARY.md`, for diagnostics about this entry.
    pub line: u32,
}

impl Summary {
    /// Every lesson entry in course order, across parts.
    pub fn entries(&self) -> impl Iterator<Item = &SummaryEntry> {
        self.parts.iter().flat_map(|p| p.lessons.iter())
    }
}

/// Parses `SUMMARY.md`. Never fails: bad lines become diagnostics and are skipped.
pub fn parse_summary(file: &SourceFile) -> (Summary, Vec<Diagnostic>) {
    let mut summary = Summary::default();
    let mut diagnostics = Vec::new();
    let text = file.text.strip_prefix('\u{feff}').unwrap_or(&file.text);
    for (index, raw) in text.lines().enumerate() {
        let line_no = to_u32(index + 1);
        let indent = raw.chars().take_while(|c| c.is_whitespace()).count();
        let column = to_u32(indent + 1);
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with('#') {
            let title = line.trim_start_matches('#');
            if !title.starts_with(' ') || title.trim().is_empty() {
                diagnostics.push(Diagnostic::error(
                    &file.path,
                    line_no,
                    column,
                    "파트 제목은 `# 제목`처럼 `#` 뒤에 빈칸 하나와 제목을 씁니다.",
                ));
                continue;
            }
            summary.parts.push(SummaryPart { title: title.trim().to_string(), lessons: Vec::new() });
            continue;
        }
        let item = line.strip_prefix("- ").or_else(|| line.strip_prefix("* "));
        let Some(item) = item else {
            diagnostics.push(Diagnostic::error(
                &file.path,
                line_no,
                column,
                "SUMMARY.md에는 `# 파트 제목` 줄과 `- [레슨 제목](lessons/파일.md)` 줄만 쓸 수 있습니다.",
            ));
            continue;
        };
        match parse_link(item.trim()) {
            Ok((title, path)) => {
                if let Err(message) = check_path(path) {
                    diagnostics.push(Diagnostic::error(&file.path, line_no, column, message));
                    continue;
                }
                if summary.parts.is_empty() {
                    summary.parts.push(SummaryPart::default());
                }
                if let Some(part) = summary.parts.last_mut() {
                    part.lessons.push(SummaryEntry { title: title.to_string(), path: path.to_string(), line: line_no });
                }
            }
            Err(message) => diagnostics.push(Diagnostic::error(&file.path, line_no, column, message)),
        }
    }
    (summary, diagnostics)
}

/// Splits `[title](path)`.
fn parse_link(item: &str) -> Result<(&str, &str), &'static str> {
    const SHAPE: &str = "레슨 줄은 `- [레슨 제목](lessons/파일.md)` 모양이어야 합니다.";
    let rest = item.strip_prefix('[').ok_or(SHAPE)?;
    let close = rest.find("](").ok_or(SHAPE)?;
    let title = rest.get(..close).ok_or(SHAPE)?;
    let after = rest.get(close + 2..).ok_or(SHAPE)?;
    let path = after.strip_suffix(')').ok_or(SHAPE)?;
    if title.trim().is_empty() {
        return Err("레슨 제목이 비어 있습니다.");
    }
    Ok((title.trim(), path.trim()))
}

/// The rules for a lesson path in the outline.
fn check_path(path: &str) -> Result<(), String> {
    if path.is_empty() {
        return Err("레슨 파일 경로가 비어 있습니다.".to_string());
    }
    if path.starts_with('/') || path.contains("://") || path.split('/').any(|p| p == "..") {
        return Err(format!(
            "레슨 경로는 content 폴더 안의 상대 경로여야 합니다 (예: `lessons/01-first-container.md`): `{path}`"
        ));
    }
    if !path.starts_with("lessons/") || !path.ends_with(".md") || path.contains(['#', '?', ' ']) {
        return Err(format!("레슨 경로는 `lessons/이름.md` 모양이어야 합니다: `{path}`"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn never_panics(text in "([-*#\\[\\]() a-z/.가\n]|\\PC){0,120}") {
            let (_, diagnostics) = parse_summary(&SourceFile::new("SUMMARY.md", text));
            for d in diagnostics {
                prop_assert!(d.line >= 1 && d.column >= 1);
            }
        }
    }

    fn parse(text: &str) -> (Summary, Vec<String>) {
        let (s, d) = parse_summary(&SourceFile::new("SUMMARY.md", text));
        (s, d.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn parts_and_lessons_in_order() {
        let (s, d) = parse(
            "# 첫걸음\n\n- [하나](lessons/01-a.md)\n* [둘](lessons/02-b.md)\n\n## 이미지\n- [셋](lessons/03-c.md)\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(s.parts.len(), 2);
        assert_eq!(s.parts[0].title, "첫걸음");
        assert_eq!(s.parts[1].title, "이미지");
        let paths: Vec<_> = s.entries().map(|e| (e.path.as_str(), e.line)).collect();
        assert_eq!(paths, [("lessons/01-a.md", 3), ("lessons/02-b.md", 4), ("lessons/03-c.md", 7)]);
        assert_eq!(s.parts[0].lessons[1].title, "둘");
    }

    #[test]
    fn lessons_before_any_heading_get_an_untitled_part() {
        let (s, d) = parse("- [하나](lessons/01-a.md)\n");
        assert!(d.is_empty());
        assert_eq!(s.parts[0].title, "");
        assert_eq!(s.parts[0].lessons.len(), 1);
    }

    #[test]
    fn bad_lines_are_located_and_skipped() {
        let (s, d) = parse("# 파트\n그냥 글\n  - [빈 경로]()\n- [밖](../x.md)\n- [모양](lessons/x.txt)\n#붙임\n- 링크 아님\n- [좋음](lessons/ok.md)\n");
        assert_eq!(s.entries().count(), 1);
        assert_eq!(
            d,
            [
                "SUMMARY.md:2:1: 오류: SUMMARY.md에는 `# 파트 제목` 줄과 `- [레슨 제목](lessons/파일.md)` 줄만 쓸 수 있습니다.",
                "SUMMARY.md:3:3: 오류: 레슨 파일 경로가 비어 있습니다.",
                "SUMMARY.md:4:1: 오류: 레슨 경로는 content 폴더 안의 상대 경로여야 합니다 (예: `lessons/01-first-container.md`): `../x.md`",
                "SUMMARY.md:5:1: 오류: 레슨 경로는 `lessons/이름.md` 모양이어야 합니다: `lessons/x.txt`",
                "SUMMARY.md:6:1: 오류: 파트 제목은 `# 제목`처럼 `#` 뒤에 빈칸 하나와 제목을 씁니다.",
                "SUMMARY.md:7:1: 오류: 레슨 줄은 `- [레슨 제목](lessons/파일.md)` 모양이어야 합니다.",
            ]
        );
    }
}
