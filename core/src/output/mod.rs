//! What a command leaves on the terminal: lines tagged with their stream, and an exit code.
//!
//! Only this module and its children turn engine results into text; nothing here mutates
//! engine state.

use serde::{Deserialize, Serialize};

pub mod build_progress;
pub mod progress;
pub mod table;
pub mod template;

/// The width of the simulated terminal, which every full-width view (the build's and compose's
/// progress, right-aligned at the edge) lays out to.
pub const COLUMNS: usize = 80;

/// Which of the two output streams a line was written to.
///
/// A terminal shows both interleaved; pipes and `$(...)` only capture stdout, which is why
/// `docker run` prints `Unable to find image ...` on stderr and the container ID on stdout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Stream {
    /// Standard output.
    Stdout,
    /// Standard error.
    Stderr,
}

/// One line of output, without its trailing newline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// The stream the line was written to.
    pub stream: Stream,
    /// The text, exactly as printed.
    pub text: String,
}

/// The output of one command: its lines in the order a terminal shows them, and its status.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// Lines in print order.
    pub lines: Vec<Line>,
    /// The exit status (`$?`).
    pub code: i32,
}

impl Output {
    /// An empty, successful output.
    pub fn new() -> Self {
        Self::default()
    }

    /// An output with a status and no lines.
    pub fn with_code(code: i32) -> Self {
        Output { lines: Vec::new(), code }
    }

    /// Appends one stdout line.
    pub fn out(&mut self, text: impl Into<String>) {
        self.lines.push(Line { stream: Stream::Stdout, text: text.into() });
    }

    /// Appends one stderr line.
    pub fn err(&mut self, text: impl Into<String>) {
        self.lines.push(Line { stream: Stream::Stderr, text: text.into() });
    }

    /// Appends text that may hold several lines to stdout (a trailing newline adds no line).
    pub fn out_text(&mut self, text: &str) {
        for l in split_lines(text) {
            self.out(l);
        }
    }

    /// Appends text that may hold several lines to stderr.
    pub fn err_text(&mut self, text: &str) {
        for l in split_lines(text) {
            self.err(l);
        }
    }

    /// Appends an error that may hold several lines to stderr and sets the status.
    pub fn fail(&mut self, text: &str, code: i32) {
        self.err_text(text);
        self.code = code;
    }

    /// Appends every line of `other` and takes its status.
    pub fn extend(&mut self, other: Output) {
        self.lines.extend(other.lines);
        self.code = other.code;
    }

    #[cfg(test)]
    /// Every line joined with newlines, as a terminal shows them.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

/// Splits text into lines the way a terminal would show them: a final newline ends the last
/// line instead of starting an empty one.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let trimmed = text.strip_suffix('\n').unwrap_or(text);
    let empty = text.is_empty();
    trimmed.split('\n').filter(move |_| !empty)
}
