//! A lesson file → [`Lesson`]: TOML front matter between `+++` lines, then Markdown whose
//! ```` ```docker ````/```` ```bash ```` and ```` ```exercise ```` blocks carry structure.
//!
//! pulldown-cmark finds the fenced blocks (so a fence inside a list or a longer fence is read
//! exactly as a renderer reads it); everything between them stays Markdown text for the view
//! to render. Parsing never fails: problems become located [`Diagnostic`]s, a broken exercise
//! is left out, and only a broken front matter loses the whole lesson. Course-wide rules
//! (ids, links, runnable commands, solutions) are [`validate`](super::validate)'s job.

use super::diagnostic::Diagnostic;
use super::exercise::{is_identifier, parse_exercise};
use super::heredoc;
use super::source::SourceFile;
use super::table::{self, Kind as ValueKind, Table};
use super::{Block, Lesson};
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

/// The result of reading one lesson file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedLesson {
    /// The lesson, unless its front matter is unusable.
    pub lesson: Option<Lesson>,
    /// Everything wrong with the file, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Every runnable line with its place, for the validator.
    pub commands: Vec<Located>,
    /// Every relative `.md` link target (fragment removed) with its place.
    pub links: Vec<Located>,
}

/// A piece of text and where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    /// The text (a command, a link target).
    pub text: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based character column.
    pub column: u32,
}

struct FrontMatter {
    id: String,
    title: String,
    summary: String,
    minutes: u32,
}

/// The front matter's keys, all required.
const FRONT_MATTER_KEYS: &[(&str, ValueKind, bool)] = &[
    ("id", ValueKind::Str, true),
    ("title", ValueKind::Str, true),
    ("summary", ValueKind::Str, true),
    ("minutes", ValueKind::Count, true),
];

/// The fence languages whose lines get a run button.
pub const RUNNABLE_LANGS: [&str; 2] = ["docker", "bash"];

/// The Markdown extensions lessons may use; the web view should render with the same set.
pub fn markdown_options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH
}

/// Reads one lesson file.
pub fn parse_lesson(file: &SourceFile) -> ParsedLesson {
    let mut out = ParsedLesson::default();
    let text = file.text.as_str();
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let front = match split_front_matter(text, start) {
        Ok(split) => Some(split),
        Err(message) => {
            out.diagnostics.push(Diagnostic::error(&file.path, 1, 1, message));
            None
        }
    };
    let body_start = front.as_ref().map_or(start, |f| f.body_start);
    let meta = front.and_then(|f| {
        let toml_text = text.get(f.toml.clone()).unwrap_or_default();
        let read = table::parse(toml_text).and_then(|root| {
            let t = Table::read(&root, FRONT_MATTER_KEYS)?;
            Ok(FrontMatter {
                id: t.str("id").unwrap_or_default(),
                title: t.str("title").unwrap_or_default(),
                summary: t.str("summary").unwrap_or_default(),
                minutes: t.int("minutes").and_then(|m| u32::try_from(m).ok()).unwrap_or_default(),
            })
        });
        match read {
            Ok(meta) => check_front_matter(file, f.toml.start, toml_text, meta, &mut out.diagnostics),
            Err(p) => {
                push_error(&mut out.diagnostics, file, f.toml.start + p.offset, format!("머리말: {}", p.message));
                None
            }
        }
    });
    let blocks = parse_body(file, body_start, &mut out);
    out.lesson = meta.map(|m| Lesson { id: m.id, title: m.title, summary: m.summary, minutes: m.minutes, blocks });
    out
}

struct FrontSplit {
    /// The TOML between the `+++` lines.
    toml: std::ops::Range<usize>,
    /// Where the Markdown starts.
    body_start: usize,
}

fn split_front_matter(text: &str, start: usize) -> Result<FrontSplit, &'static str> {
    let rest = text.get(start..).unwrap_or_default();
    let mut lines = rest.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim() != "+++" {
        return Err("레슨 파일은 `+++` 줄로 시작하는 머리말(id, title, summary, minutes)이 있어야 합니다.");
    }
    let toml_start = start + first.len();
    let mut offset = toml_start;
    for line in lines {
        if line.trim() == "+++" {
            return Ok(FrontSplit { toml: toml_start..offset, body_start: offset + line.len() });
        }
        offset += line.len();
    }
    Err("머리말을 닫는 `+++` 줄이 없습니다.")
}

fn check_front_matter(
    file: &SourceFile,
    toml_start: usize,
    toml_text: &str,
    meta: FrontMatter,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FrontMatter> {
    let at = |key: &str| toml_start + line_offset_of_key(toml_text, key);
    let mut ok = true;
    if !is_identifier(&meta.id) {
        push_error(
            diagnostics,
            file,
            at("id"),
            format!("레슨 `id` 값 `{}`에는 영어 소문자, 숫자, `-`만 쓸 수 있습니다.", meta.id),
        );
        ok = false;
    }
    if meta.title.trim().is_empty() {
        push_error(diagnostics, file, at("title"), "레슨 `title`이 비어 있습니다.".to_string());
        ok = false;
    }
    if meta.minutes == 0 {
        push_error(diagnostics, file, at("minutes"), "`minutes`는 1 이상이어야 합니다.".to_string());
        ok = false;
    }
    ok.then_some(meta)
}

fn line_offset_of_key(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_start();
        if t.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('=')) {
            return offset + line.len() - t.len();
        }
        offset += line.len();
    }
    0
}

fn push_error(diagnostics: &mut Vec<Diagnostic>, file: &SourceFile, offset: usize, message: String) {
    let (line, column) = file.line_col(offset);
    diagnostics.push(Diagnostic::error(&file.path, line, column, message));
}

fn push_warning(diagnostics: &mut Vec<Diagnostic>, file: &SourceFile, offset: usize, message: String) {
    let (line, column) = file.line_col(offset);
    diagnostics.push(Diagnostic::warning(&file.path, line, column, message));
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Runnable,
    Exercise,
}

/// A structural fenced block being read.
struct Fence {
    kind: Kind,
    lang: String,
    /// The whole block in the file, fences included.
    range: std::ops::Range<usize>,
    /// The block's content, as pulldown-cmark hands it over.
    content: String,
    /// `(offset in content, offset in file)` for each piece, so errors inside indented
    /// blocks still point at the right column.
    pieces: Vec<(usize, usize)>,
}

impl Fence {
    fn file_offset(&self, content_offset: usize, file: &SourceFile) -> usize {
        match self.pieces.iter().rev().find(|(c, _)| *c <= content_offset) {
            Some((c, f)) => f + (content_offset - c),
            // An empty block: point at the line after the opening fence.
            None => {
                let (line, _) = file.line_col(self.range.start);
                file.line_start(line + 1).min(self.range.end)
            }
        }
    }
}

fn parse_body(file: &SourceFile, body_start: usize, out: &mut ParsedLesson) -> Vec<Block> {
    let text = file.text.as_str();
    let body = text.get(body_start..).unwrap_or_default();
    let mut blocks = Vec::new();
    let mut prose_start = body_start;
    let mut depth: u32 = 0;
    let mut fence: Option<Fence> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        let range = body_start + range.start..body_start + range.end;
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let lang = info.split_whitespace().next().unwrap_or_default().to_string();
                let kind = if RUNNABLE_LANGS.contains(&lang.as_str()) {
                    Some(Kind::Runnable)
                } else if lang == "exercise" {
                    Some(Kind::Exercise)
                } else {
                    None
                };
                match kind {
                    Some(kind) if depth == 0 => {
                        fence = Some(Fence { kind, lang, range, content: String::new(), pieces: Vec::new() });
                    }
                    Some(_) => push_warning(
                        &mut out.diagnostics,
                        file,
                        range.start,
                        format!(
                            "목록이나 인용문 안의 `{lang}` 블록은 일반 코드로만 보입니다. 블록을 맨 바깥으로 옮기세요."
                        ),
                    ),
                    None => {}
                }
            }
            Event::Text(t) => {
                if let Some(f) = fence.as_mut() {
                    f.pieces.push((f.content.len(), range.start));
                    f.content.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(f) = fence.take() {
                    push_prose(&mut blocks, text, prose_start, f.range.start);
                    prose_start = f.range.end;
                    if let Some(block) = finish_fence(file, f, out) {
                        blocks.push(block);
                    }
                }
            }
            Event::Start(Tag::List(_) | Tag::Item | Tag::BlockQuote(_) | Tag::FootnoteDefinition(_)) => depth += 1,
            Event::End(TagEnd::List(_) | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition) => {
                depth = depth.saturating_sub(1);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                if let Some(target) = relative_md_target(&dest_url) {
                    let (line, column) = file.line_col(range.start);
                    out.links.push(Located { text: target, line, column });
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => push_warning(
                &mut out.diagnostics,
                file,
                range.start,
                "HTML은 화면에 글자 그대로 보입니다. 마크다운으로 쓰세요.".to_string(),
            ),
            _ => {}
        }
    }
    push_prose(&mut blocks, text, prose_start, text.len());
    blocks
}

fn push_prose(blocks: &mut Vec<Block>, text: &str, from: usize, to: usize) {
    if let Some(prose) = text.get(from..to) {
        if !prose.trim().is_empty() {
            blocks.push(Block::Prose(prose.to_string()));
        }
    }
}

/// A link that points at another lesson: no scheme, not a bare `#fragment`, ends in `.md`.
fn relative_md_target(dest: &str) -> Option<String> {
    if dest.contains(':') || dest.starts_with('#') || dest.starts_with('/') {
        return None;
    }
    let path = dest.split(['#', '?']).next().unwrap_or_default();
    path.ends_with(".md").then(|| path.to_string())
}

fn finish_fence(file: &SourceFile, f: Fence, out: &mut ParsedLesson) -> Option<Block> {
    let source = file.text.get(f.range.clone()).unwrap_or_default();
    if !closes_itself(source) {
        push_error(
            &mut out.diagnostics,
            file,
            f.range.start,
            format!("`{}` 코드 블록을 닫는 줄(```)이 없습니다. 파일 끝까지가 모두 블록이 되어 버립니다.", f.lang),
        );
        return None;
    }
    match f.kind {
        Kind::Runnable => {
            let mut lines = Vec::new();
            // A here-document being read: its opening, and the unit so far (see [`heredoc`]).
            let mut open: Option<(heredoc::Opened, String, usize)> = None;
            let mut offset = 0;
            for raw in f.content.split_inclusive('\n') {
                let text = raw.trim_end_matches(['\n', '\r']);
                if let Some((here, unit, _)) = open.as_mut() {
                    // A body line is a file's text: kept as written, blank and `#` lines too.
                    let (line, column) = file.line_col(f.file_offset(offset, file));
                    out.commands.push(Located { text: text.to_string(), line, column });
                    unit.push('\n');
                    unit.push_str(text);
                    if here.ends_with(text) {
                        lines.extend(open.take().map(|(_, unit, _)| unit));
                    }
                    offset += raw.len();
                    continue;
                }
                let command = raw.trim();
                if !command.is_empty() && !command.starts_with('#') {
                    let lead = raw.len() - raw.trim_start().len();
                    let at = f.file_offset(offset + lead, file);
                    let (line, column) = file.line_col(at);
                    out.commands.push(Located { text: command.to_string(), line, column });
                    match heredoc::opens(command) {
                        Some(here) => open = Some((here, command.to_string(), at)),
                        None => lines.push(command.to_string()),
                    }
                }
                offset += raw.len();
            }
            if let Some((here, unit, at)) = open {
                push_error(
                    &mut out.diagnostics,
                    file,
                    at,
                    format!(
                        "히어 문서가 블록 안에서 끝나지 않습니다: 본문 뒤에 `{}`만 있는 줄을 두세요.",
                        here.delimiter
                    ),
                );
                lines.push(unit);
            }
            if lines.is_empty() {
                push_warning(
                    &mut out.diagnostics,
                    file,
                    f.range.start,
                    format!("`{}` 블록에 실행할 명령이 없습니다.", f.lang),
                );
            }
            Some(Block::Runnable { lang: f.lang, lines })
        }
        Kind::Exercise => {
            let locate = |offset: usize| file.line_col(f.file_offset(offset, file));
            match parse_exercise(&f.content, &locate) {
                Ok(mut exercise) => {
                    exercise.line = file.line_col(f.range.start).0;
                    Some(Block::Exercise(exercise))
                }
                Err(errors) => {
                    for e in errors {
                        let (line, column) = locate(e.offset);
                        out.diagnostics.push(Diagnostic::error(
                            &file.path,
                            line,
                            column,
                            format!("연습 문제: {}", e.message),
                        ));
                    }
                    None
                }
            }
        }
    }
}

/// Whether a fenced block's source ends with a closing fence (pulldown-cmark silently runs an
/// unclosed fence to the end of the document or container).
fn closes_itself(source: &str) -> bool {
    let opening = source.trim_start();
    let fence_char = opening.chars().next().unwrap_or('`');
    let width = opening.chars().take_while(|&c| c == fence_char).count();
    let mut lines = source.trim_end().lines();
    lines.next();
    lines.last().is_some_and(|last| {
        let last = last.trim();
        last.chars().all(|c| c == fence_char) && last.chars().count() >= width
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::course::Condition;
    use proptest::prelude::*;

    const FRONT: &str = "+++\nid = \"demo\"\ntitle = \"데모\"\nsummary = \"소개\"\nminutes = 5\n+++\n";

    fn parse(text: &str) -> ParsedLesson {
        parse_lesson(&SourceFile::new("lessons/demo.md", text))
    }

    fn diags(text: &str) -> Vec<String> {
        parse(text).diagnostics.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn front_matter_and_blocks() {
        let text = format!(
            "{FRONT}\n# 제목\n\n글입니다.\n\n```docker\ndocker ps\n\n# 주석\ndocker ps -a\n```\n\n사이 글\n\n```exercise\nid = \"ex\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps\"]\n[[goal]]\ncontainers = 0\n```\n\n```text\n그냥 코드\n```\n"
        );
        let p = parse(&text);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let l = p.lesson.unwrap();
        assert_eq!((l.id.as_str(), l.title.as_str(), l.summary.as_str(), l.minutes), ("demo", "데모", "소개", 5));
        assert_eq!(l.blocks.len(), 5, "{:#?}", l.blocks);
        assert!(matches!(&l.blocks[0], Block::Prose(s) if s.contains("# 제목") && s.contains("글입니다.")));
        assert_eq!(
            l.blocks[1],
            Block::Runnable { lang: "docker".into(), lines: vec!["docker ps".into(), "docker ps -a".into()] }
        );
        assert!(matches!(&l.blocks[2], Block::Prose(s) if s.trim() == "사이 글"));
        let Block::Exercise(e) = &l.blocks[3] else { panic!() };
        assert_eq!(e.id, "ex");
        assert_eq!(e.line, 21, "the exercise's opening fence");
        assert_eq!(e.goals[0].line, 26);
        assert!(matches!(e.goals[0].condition, Condition::ContainerCount { count: 0, .. }));
        assert!(matches!(&l.blocks[4], Block::Prose(s) if s.contains("그냥 코드")));
        let cmds: Vec<_> = p.commands.iter().map(|c| (c.text.as_str(), c.line, c.column)).collect();
        assert_eq!(cmds, [("docker ps", 13, 1), ("docker ps -a", 16, 1)]);
    }

    /// A here-document is one command whose body keeps its blank lines, `#` lines and
    /// indentation; the validator still sees every line where it is written.
    #[test]
    fn a_here_document_is_one_command_with_its_body_as_written() {
        let text = format!(
            "{FRONT}\n```bash\nmkdir site\ncat > Dockerfile <<'EOF'\n# syntax comment\nFROM nginx:alpine\n\n  COPY . /x\nEOF\n# 주석\ndocker build -t s .\n```\n"
        );
        let p = parse(&text);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        let Block::Runnable { lines, .. } = &p.lesson.unwrap().blocks[0] else { panic!() };
        assert_eq!(
            lines,
            &[
                "mkdir site".to_string(),
                "cat > Dockerfile <<'EOF'\n# syntax comment\nFROM nginx:alpine\n\n  COPY . /x\nEOF".to_string(),
                "docker build -t s .".to_string(),
            ]
        );
        let located: Vec<(&str, u32, u32)> = p.commands.iter().map(|c| (c.text.as_str(), c.line, c.column)).collect();
        assert_eq!(located[2], ("# syntax comment", 11, 1));
        assert_eq!(located[4], ("", 13, 1));
        assert_eq!(located[5], ("  COPY . /x", 14, 1));
        assert_eq!(located.last(), Some(&("docker build -t s .", 17, 1)));

        let open = format!("{FRONT}\n```bash\ncat > a <<EOF\nhello\n```\n");
        assert_eq!(diags(&open), vec!["lessons/demo.md:9:1: 오류: 히어 문서가 블록 안에서 끝나지 않습니다: 본문 뒤에 `EOF`만 있는 줄을 두세요."]);
    }

    #[test]
    fn front_matter_problems_are_located() {
        assert_eq!(
            diags("# 머리말 없음\n"),
            ["lessons/demo.md:1:1: 오류: 레슨 파일은 `+++` 줄로 시작하는 머리말(id, title, summary, minutes)이 있어야 합니다."]
        );
        assert_eq!(diags("+++\nid = \"x\"\n"), ["lessons/demo.md:1:1: 오류: 머리말을 닫는 `+++` 줄이 없습니다."]);
        assert_eq!(
            diags("+++\nid = \"x\"\ntitle = \"t\"\nsummary = \"s\"\nminutes = 5\nauthor = \"me\"\n+++\n"),
            ["lessons/demo.md:6:1: 오류: 머리말: 모르는 키 `author`입니다. 쓸 수 있는 키: `id`, `title`, `summary`, `minutes`"]
        );
        assert_eq!(
            diags("+++\nid = \"Big Id\"\ntitle = \"t\"\nsummary = \"s\"\nminutes = 0\n+++\n"),
            [
                "lessons/demo.md:2:1: 오류: 레슨 `id` 값 `Big Id`에는 영어 소문자, 숫자, `-`만 쓸 수 있습니다.",
                "lessons/demo.md:5:1: 오류: `minutes`는 1 이상이어야 합니다."
            ]
        );
        assert!(parse("+++\nid = \"Big Id\"\ntitle = \"t\"\nsummary = \"s\"\nminutes = 1\n+++\n").lesson.is_none());
    }

    #[test]
    fn exercise_errors_point_into_the_lesson() {
        let text = format!("{FRONT}\n```exercise\nid = \"ex\"\ntitle = \"t\"\nprompt = \"p\"\nsolution = [\"docker ps\"]\n[[goal]]\ncontainer = \"a\"\nstat = \"running\"\n```\n");
        let d = diags(&text);
        assert_eq!(d.len(), 1);
        assert!(d[0].starts_with("lessons/demo.md:15:1: 오류: 연습 문제: 모르는 키 `stat`입니다."), "{d:?}");
        // The lesson survives without the broken exercise.
        assert_eq!(parse(&text).lesson.unwrap().blocks.len(), 0);
    }

    #[test]
    fn unclosed_fence_and_html_and_nesting() {
        let d = diags(&format!("{FRONT}\n```docker\ndocker ps\n"));
        assert_eq!(d, ["lessons/demo.md:8:1: 오류: `docker` 코드 블록을 닫는 줄(```)이 없습니다. 파일 끝까지가 모두 블록이 되어 버립니다."]);
        let d = diags(&format!("{FRONT}\n<b>굵게</b>\n"));
        assert!(d[0].starts_with("lessons/demo.md:8:1: 경고: HTML"), "{d:?}");
        let d = diags(&format!("{FRONT}\n- 목록\n\n  ```docker\n  docker ps\n  ```\n"));
        assert!(d[0].starts_with("lessons/demo.md:10:3: 경고: 목록이나 인용문"), "{d:?}");
    }

    #[test]
    fn links_to_other_lessons_are_collected() {
        let p = parse(&format!(
            "{FRONT}\n[다음](02-next.md#top) [밖](https://docs.docker.com/x.md) [여기](#a) [그림](pic.png)\n"
        ));
        assert_eq!(p.links, [Located { text: "02-next.md".into(), line: 8, column: 1 }]);
    }

    #[test]
    fn crlf_and_bom_are_fine() {
        let text = format!("\u{feff}{}\r\n```docker\r\ndocker ps\r\n```\r\n", FRONT.replace('\n', "\r\n"));
        let p = parse(&text);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
        assert_eq!(p.commands[0].text, "docker ps");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn never_panics_on_any_text(text in "\\PC{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn never_panics_on_lesson_like_text(parts in proptest::collection::vec(prop_oneof![
            Just("+++\n".to_string()),
            Just("id = \"a\"\ntitle = \"t\"\nsummary = \"s\"\nminutes = 1\n".to_string()),
            Just("```exercise\n".to_string()),
            Just("```docker\n".to_string()),
            Just("```\n".to_string()),
            Just("[[goal]]\n".to_string()),
            Just("[[hint]]\nwhen = { container = \"x\" }\n".to_string()),
            Just("container = \"가\"\nports = [\"8080:80\"]\n".to_string()),
            Just("solution = [\"docker ps\"]\nprompt = \"p\"\n".to_string()),
            Just("- 목록\n  ".to_string()),
            Just("> ".to_string()),
            "\\PC{0,12}",
        ], 0..24)) {
            let text: String = parts.concat();
            let p = parse(&text);
            for d in p.diagnostics {
                prop_assert!(d.line >= 1 && d.column >= 1);
            }
        }
    }
}
