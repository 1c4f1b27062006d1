//! Lesson Markdown → HTML that is safe to insert into the page.
//!
//! Pure: no Yew, no DOM, so it is unit-tested natively and in wasm. Safety lives here: raw
//! HTML in content becomes escaped text (never elements), and link or image targets with a
//! script-capable scheme become `#`. Relative targets are resolved against the lesson's folder,
//! because the page itself sits at the site root. It must not decide how things look
//! (`lesson_view.rs`) or what the lesson's structure is (`whalelab_core::course`).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};
use whalelab_core::course::lesson::markdown_options;

/// Rendered Markdown.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rendered {
    /// HTML in which nothing can execute.
    pub html: String,
    /// Whether it contains a level-1 heading (the view adds the lesson title otherwise).
    pub has_h1: bool,
}

/// Renders Markdown with the same extensions the course parser uses (so both agree on where
/// code blocks are), with `base` (e.g. `content/lessons/`) for relative links.
pub fn render(markdown: &str, base: &str) -> Rendered {
    let mut has_h1 = false;
    let events = Parser::new_ext(markdown, markdown_options()).map(|event| match event {
        // Raw HTML is shown as the text it is, never interpreted.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
        Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
        Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Link { link_type, dest_url: CowStr::from(safe_url(&dest_url, base)), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
            Event::Start(Tag::Image { link_type, dest_url: CowStr::from(safe_url(&dest_url, base)), title, id })
        }
        Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) => {
            has_h1 = true;
            event
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    Rendered { html, has_h1 }
}

/// A heading as safe HTML (`<h1>제목</h1>`), escaped like any Markdown text. Written by hand:
/// a second `push_html` over a different iterator type would be a second copy of
/// pulldown-cmark's HTML writer in the bundle.
pub fn heading(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 10);
    html.push_str("<h1>");
    for c in text.chars() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            _ => html.push(c),
        }
    }
    html.push_str("</h1>\n");
    html
}

/// The directory part of a path, with its trailing slash (`content/lessons/a.md` → `content/lessons/`).
pub fn dir_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "",
    }
}

/// `base` + a relative path, dropping leading `./`.
pub fn join(base: &str, path: &str) -> String {
    let mut path = path;
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    format!("{base}{path}")
}

/// The URL scheme (`https`, `javascript`, ...), lower-cased, if the link has one.
///
/// Browsers ignore ASCII whitespace and control characters inside a scheme
/// (`java\tscript:`), so they are dropped before looking.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url.chars().filter(|c| !c.is_ascii_whitespace() && !c.is_control()).collect();
    let end = cleaned.find([':', '/', '?', '#'])?;
    (cleaned.as_bytes().get(end) == Some(&b':')).then(|| cleaned[..end].to_ascii_lowercase())
}

/// A link or image target that is safe to put in `href`/`src`: web and mail links as they are,
/// relative paths resolved against `base`, and anything else (`javascript:`, `data:`, ...)
/// replaced by `#`.
pub fn safe_url(url: &str, base: &str) -> String {
    match scheme(url) {
        Some(s) if s == "http" || s == "https" || s == "mailto" => url.to_string(),
        Some(_) => "#".to_string(),
        None if url.starts_with('#') || url.starts_with('/') || url.is_empty() => url.to_string(),
        None => join(base, url),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn raw_html_is_escaped_text() {
        let r = render("<script>alert(1)</script>\n\n문단 <img src=x onerror=alert(1)> 끝\n", "");
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("<img"), "{}", r.html);
        assert!(r.html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{}", r.html);
        assert!(r.html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{}", r.html);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn script_links_are_neutralised_and_relative_ones_resolved() {
        let r = render(
            "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](https://docs.docker.com) [d](img/x.png) [e](#top)\n\n\
             ![f](data:text/html,x)",
            "content/lessons/",
        );
        let html = r.html;
        assert!(!html.to_ascii_lowercase().contains("script:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains(r#"href="https://docs.docker.com""#), "{html}");
        assert!(html.contains(r#"href="content/lessons/img/x.png""#), "{html}");
        assert!(html.contains(r##"href="#top""##), "{html}");
        assert_eq!(safe_url(" java\tscript:alert(1)", "x/"), "#", "browsers drop the tab");
        assert_eq!(safe_url("a:b/c", "x/"), "#");
        assert_eq!(safe_url("a/b:c", "x/"), "x/a/b:c", "a colon after a slash is no scheme");
        assert_eq!(safe_url("./a.png", "x/"), "x/a.png");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn headings_are_detected_and_titles_escaped() {
        assert!(render("# 제목\n\n본문", "").has_h1);
        assert!(!render("## 소제목\n\n본문", "").has_h1);
        assert_eq!(heading("첫 <컨테이너>"), "<h1>첫 &lt;컨테이너&gt;</h1>\n");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn tables_render_like_the_course_parser_reads_them() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~옛날~~", "");
        assert!(r.html.contains("<table>") && r.html.contains("<del>옛날</del>"), "{}", r.html);
    }
}
