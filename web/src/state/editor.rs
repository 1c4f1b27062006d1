//! The file open in the page's editor: which file, the text as last saved, and what the last
//! save said. Opened by core's edit request (`nano Dockerfile` → `Transcript::edit`) or by the
//! files tab; saved through `Session::save_file` by the reducer ([`AppAction::SaveFile`]).
//!
//! Pure data; the text being typed lives in the view's `<textarea>` until it is saved. It must
//! not touch the DOM.
//!
//! [`AppAction::SaveFile`]: crate::state::AppAction::SaveFile

use whalelab_core::EditRequest;

/// What the last save did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saved {
    /// Nothing saved since the file opened.
    No,
    /// Written, this many lines (nano's `[ Wrote 3 lines ]`).
    Wrote(usize),
    /// Refused, and why (core's `Permission denied`).
    Failed(String),
}

/// A file open in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditFile {
    /// A number of its own for every opening (the view is keyed by it, so opening the same
    /// file again starts from the file's text).
    pub seq: u64,
    /// The editor the learner typed (`nano`, `vim`, `code`), or empty from the files tab.
    pub editor: String,
    /// The file, absolute.
    pub path: String,
    /// Its text as opened or last saved.
    pub saved: String,
    /// Whether the file exists (a new file is made by its first save).
    pub exists: bool,
    /// What the last save did.
    pub status: Saved,
}

impl EditFile {
    /// A file opened by an editor command.
    pub fn open(request: EditRequest, seq: u64) -> Self {
        let EditRequest { editor, path, content, exists, .. } = request;
        EditFile { seq, editor, path, saved: content, exists, status: Saved::No }
    }
}

/// How many lines nano says it wrote: newline-ended lines, plus an unfinished last one.
pub fn lines_written(text: &str) -> usize {
    text.matches('\n').count() + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn lines_are_counted_as_nano_counts_them() {
        assert_eq!([lines_written(""), lines_written("a"), lines_written("a\n"), lines_written("a\nb")], [0, 1, 1, 2]);
    }
}
