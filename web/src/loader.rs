//! Fetches the course: `content/SUMMARY.md` and the lesson files, prepared by
//! [`lesson`](crate::state::lesson), and the practice registry's files
//! (`content/registry/index.toml` at start, the others when a line needs them, all of them
//! for the check page).
//!
//! The async glue between [`platform::fetch_text`] and the pure parts; all URLs are relative
//! to the page, so the site works from any sub-path. Every failure becomes a Korean message
//! for the pane. It must not touch the state: the caller dispatches the result.

use whalelab_core::course::summary::{parse_summary, Summary};
use whalelab_core::course::SourceFile;

use crate::i18n;
use crate::platform;
use crate::state::lesson::{content_url, load_lesson, LessonDoc, SUMMARY_PATH};

/// Fetches and parses `content/SUMMARY.md` (the navigation), and keeps its text for the
/// check page. Lines core rejects are left out (the check page lists them); a missing file is
/// a Korean error.
pub async fn load_outline() -> Result<(Summary, SourceFile), String> {
    let file = SourceFile::new(SUMMARY_PATH, fetch_markdown(&content_url(SUMMARY_PATH)).await?);
    let (summary, _diagnostics) = parse_summary(&file);
    if summary.entries().next().is_none() {
        return Err(i18n::SUMMARY_HAS_NO_LESSON.to_string());
    }
    Ok((summary, file))
}

/// Fetches one lesson file (path relative to the content folder).
pub async fn fetch_lesson(path: &str) -> Result<SourceFile, String> {
    Ok(SourceFile::new(path, fetch_markdown(&content_url(path)).await?))
}

/// Fetches one lesson file and prepares it.
pub async fn load_lesson_at(path: &str) -> Result<LessonDoc, String> {
    let file = fetch_lesson(path).await?;
    load_lesson(path, &file.text)
}

/// Fetches practice-registry files (paths relative to `content/registry/`): `None` for a file
/// the site does not have, as core wants to be told.
pub async fn fetch_registry_files(paths: Vec<String>) -> Vec<(String, Option<String>)> {
    let mut out = Vec::with_capacity(paths.len());
    for path in paths {
        let url = content_url(&format!("registry/{path}"));
        let text = platform::fetch_text(&url).await.ok().filter(|t| !looks_like_html(t));
        out.push((path, text));
    }
    out
}

/// Every practice-registry file the index reaches, for the check page (a page cannot list a
/// folder): the index, then round after round the files the loaded ones name, as
/// `registry/PATH` sources for the validator. A missing file is left out (the validator
/// reports it); a file that does not load is kept, for its located error, and not followed.
pub async fn fetch_whole_registry() -> Vec<SourceFile> {
    let mut catalogue = whalelab_core::Catalogue::default();
    let mut out = Vec::new();
    let mut wanted = vec![whalelab_core::catalogue::INDEX_PATH.to_string()];
    for _ in 0..crate::state::registry::MAX_ROUNDS {
        if wanted.is_empty() {
            break;
        }
        for (path, text) in fetch_registry_files(wanted).await {
            if catalogue.load(&path, text.as_deref()).is_err() {
                let _ = catalogue.load(&path, None);
            }
            if let Some(text) = text {
                out.push(SourceFile::new(format!("registry/{path}"), text));
            }
        }
        wanted = catalogue.unloaded_references();
    }
    out
}

/// Fetches a Markdown file. Some static hosts answer a missing file with their index page
/// and status 200; an HTML document is therefore treated as "not found" rather than shown as
/// a lesson.
async fn fetch_markdown(url: &str) -> Result<String, String> {
    let text = platform::fetch_text(url).await.map_err(|e| i18n::file_failed(url, &e.to_string()))?;
    if looks_like_html(&text) {
        return Err(i18n::file_failed(url, &i18n::fetch_status_error(404)));
    }
    Ok(text)
}

/// Whether a response is an HTML page instead of Markdown.
pub fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    let head: String = head.chars().take(15).collect::<String>().to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn html_fallback_pages_are_not_lessons() {
        assert!(looks_like_html("<!DOCTYPE html><html>"));
        assert!(looks_like_html("\u{feff}\n  <html lang=\"ko\">"));
        assert!(looks_like_html("<html>한국어 페이지"));
        assert!(!looks_like_html("+++\ntitle = \"x\"\n+++\n"));
        assert!(!looks_like_html("# 목차\n<html> 태그 이야기"));
        assert!(!looks_like_html("한"));
    }
}
