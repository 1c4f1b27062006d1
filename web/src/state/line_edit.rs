//! readline's editing keys on the input line: Ctrl+A/E (start/end), Ctrl+U/K (cut before/after
//! the cursor), Ctrl+W (cut the word before the cursor).
//!
//! Pure over (text, cursor in characters), so the rules are unit-tested; the prompt line maps
//! the `<input>`'s UTF-16 caret to characters and back. Also how a multi-line paste splits
//! into lines to run ([`split_paste`]). It must not touch the DOM.

/// An editing key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Ctrl+A: caret to the start.
    Home,
    /// Ctrl+E: caret to the end.
    End,
    /// Ctrl+U: delete from the start to the caret.
    KillBefore,
    /// Ctrl+K: delete from the caret to the end.
    KillAfter,
    /// Ctrl+W: delete the whitespace-delimited word before the caret (and the spaces after it).
    KillWord,
}

/// Applies `edit` to `text` with the caret at character `cursor`; returns the new text and caret.
pub fn apply(text: &str, cursor: usize, edit: Edit) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let cursor = cursor.min(chars.len());
    match edit {
        Edit::Home => (text.to_string(), 0),
        Edit::End => (text.to_string(), chars.len()),
        Edit::KillBefore => (chars[cursor..].iter().collect(), 0),
        Edit::KillAfter => (chars[..cursor].iter().collect(), cursor),
        Edit::KillWord => {
            let mut start = cursor;
            while start > 0 && chars[start - 1].is_whitespace() {
                start -= 1;
            }
            while start > 0 && !chars[start - 1].is_whitespace() {
                start -= 1;
            }
            let mut out: String = chars[..start].iter().collect();
            out.extend(&chars[cursor..]);
            (out, start)
        }
    }
}

/// The character index of a UTF-16 offset (the `<input>`'s `selectionStart`).
pub fn char_index(text: &str, utf16: usize) -> usize {
    let mut units = 0;
    for (i, c) in text.chars().enumerate() {
        if units >= utf16 {
            return i;
        }
        units += c.len_utf16();
    }
    text.chars().count()
}

/// The UTF-16 offset of a character index.
pub fn utf16_index(text: &str, chars: usize) -> usize {
    text.chars().take(chars).map(char::len_utf16).sum()
}

/// The byte offset of a character index (core's completion works on bytes).
pub fn byte_index(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(b, _)| b)
}

/// A paste into the line: the text before the caret, the pasted text and the text after it
/// become the complete lines to run, in order, and the unfinished last line left in the input,
/// as bash does with pasted newlines. A backslash before a newline joins the two lines (bash's
/// line continuation); `\r\n` counts as one newline.
pub fn split_paste(before: &str, pasted: &str, after: &str) -> (Vec<String>, String) {
    let mut text = String::with_capacity(before.len() + pasted.len() + after.len());
    text.push_str(before);
    text.push_str(&pasted.replace("\r\n", "\n").replace('\r', "\n"));
    text.push_str(after);
    // Join continuation lines: an odd number of trailing backslashes escapes the newline.
    let mut joined: Vec<String> = Vec::new();
    let mut pending = false;
    let mut pieces = text.split('\n').peekable();
    while let Some(piece) = pieces.next() {
        match (pending, joined.last_mut()) {
            (true, Some(last)) => last.push_str(piece),
            _ => joined.push(piece.to_string()),
        }
        pending = false;
        if let (Some(last), true) = (joined.last_mut(), pieces.peek().is_some()) {
            if last.bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 1 {
                last.pop();
                pending = true;
            }
        }
    }
    let rest = joined.pop().unwrap_or_default();
    (joined, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn readline_keys_edit_around_the_caret() {
        let line = "docker run  --name 웹 nginx";
        assert_eq!(apply(line, 5, Edit::Home), (line.to_string(), 0));
        assert_eq!(apply(line, 5, Edit::End).1, line.chars().count());
        assert_eq!(apply(line, 10, Edit::KillBefore), ("  --name 웹 nginx".to_string(), 0));
        assert_eq!(apply(line, 10, Edit::KillAfter), ("docker run".to_string(), 10));
        assert_eq!(apply(line, 12, Edit::KillWord), ("docker --name 웹 nginx".to_string(), 7));
        assert_eq!(
            apply(line, 20, Edit::KillWord),
            ("docker run  --name  nginx".to_string(), 19),
            "only the word goes"
        );
        assert_eq!(apply("", 0, Edit::KillWord), (String::new(), 0));
        assert_eq!(apply("abc", 99, Edit::KillAfter), ("abc".to_string(), 3), "a caret past the end is clamped");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn caret_offsets_convert_between_units() {
        let s = "a🐳웹b";
        assert_eq!(char_index(s, 3), 2, "the whale takes two UTF-16 units");
        assert_eq!(utf16_index(s, 2), 3);
        assert_eq!(byte_index(s, 2), 5);
        assert_eq!(byte_index(s, 9), s.len());
        assert_eq!(char_index(s, 99), 4);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_paste_runs_whole_lines_and_keeps_the_unfinished_one() {
        let (run, rest) = split_paste("", "docker ps\necho hi\n", "");
        assert_eq!((run, rest.as_str()), (vec!["docker ps".to_string(), "echo hi".to_string()], ""));
        let (run, rest) = split_paste("echo ", "a\r\nls -", "l");
        assert_eq!((run, rest.as_str()), (vec!["echo a".to_string()], "ls -l"));
        let (run, rest) = split_paste("", "docker run \\\n  -d nginx\nls", "");
        assert_eq!((run, rest.as_str()), (vec!["docker run   -d nginx".to_string()], "ls"), "backslash-newline joins");
        let (run, rest) = split_paste("", "echo a\\\\\nls", "");
        assert_eq!((run, rest.as_str()), (vec!["echo a\\\\".to_string()], "ls"), "an escaped backslash does not");
        let (run, rest) = split_paste("", "echo a \\", "");
        assert_eq!((run.len(), rest.as_str()), (0, "echo a \\"), "no newline follows: the backslash stays");
        let (run, rest) = split_paste("x", "", "");
        assert_eq!((run.len(), rest.as_str()), (0, "x"));
    }
}
