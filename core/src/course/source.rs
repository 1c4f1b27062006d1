//! A content file's text and the mapping from byte offsets to line and column.
//!
//! Every parser here reports positions as byte offsets into the file; only this file turns
//! them into the 1-based line and character column that a diagnostic prints. It never reads
//! the disk: the CLI and the web app load the text and hand it in.

/// One file of `content/`, already loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the content root with `/` separators (`lessons/01-first-container.md`).
    pub path: String,
    /// The whole text.
    pub text: String,
    /// Byte offset where each line starts; always begins with 0.
    line_starts: Vec<usize>,
}

impl SourceFile {
    /// Wraps a loaded file.
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile { path: path.into(), text, line_starts }
    }

    /// 1-based line and character column of a byte offset. Offsets past the end map to the
    /// end, and offsets inside a multi-byte character map to that character, so any number
    /// is safe to pass.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        // The last line start at or before the offset.
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..)
            .map_or(0, |rest| rest.char_indices().take_while(|(i, c)| start + i + c.len_utf8() <= offset).count());
        (to_u32(line + 1), to_u32(column + 1))
    }

    /// The byte offset where a 1-based line starts (the end of the text for lines past it).
    pub fn line_start(&self, line: u32) -> usize {
        let index = (line as usize).saturating_sub(1);
        self.line_starts.get(index).copied().unwrap_or(self.text.len())
    }
}

/// Saturating conversion: files with four billion lines are not a real concern, a panic is.
pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, offset: usize, expected: (u32, u32)) {
        assert_eq!(SourceFile::new("a.md", text).line_col(offset), expected, "offset {offset} in {text:?}");
    }

    #[test]
    fn maps_offsets_to_lines_and_char_columns() {
        check("", 0, (1, 1));
        check("abc", 2, (1, 3));
        check("ab\ncd", 3, (2, 1));
        check("ab\ncd", 4, (2, 2));
        check("ab\n", 3, (2, 1));
        // Korean syllables are three bytes each but one column.
        check("가나다\n라", 6, (1, 3));
        check("가나다\n라", 10, (2, 1));
    }

    #[test]
    fn odd_offsets_do_not_panic() {
        check("가나", 1, (1, 1));
        check("가나", 4, (1, 2));
        check("ab", 99, (1, 3));
        assert_eq!(SourceFile::new("a", "x\ny").line_start(2), 2);
        assert_eq!(SourceFile::new("a", "x\ny").line_start(9), 3);
    }
}
