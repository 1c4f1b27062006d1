//! Ctrl+R, readline's reverse incremental search: `(reverse-i-search)`q': match`.
//!
//! Pure over the history list (oldest first), so the rules are unit-tested without a browser;
//! the prompt line keeps one [`ReverseSearch`] while the search is open and maps keys to these
//! calls. It must not touch the DOM or run commands.

/// An open reverse search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReverseSearch {
    /// What the learner typed after Ctrl+R.
    pub query: String,
    /// The line before the search began, given back by Ctrl+G.
    pub original: String,
    /// Index (into the history) of the shown match, if any.
    pub found: Option<usize>,
    /// The line readline would accept now: the last match, or the original line before any.
    pub line: String,
    /// Whether the last step found nothing (`(failed reverse-i-search)`).
    pub failed: bool,
}

impl ReverseSearch {
    /// Ctrl+R on a line: an empty query, the line kept.
    pub fn start(original: &str) -> Self {
        ReverseSearch { original: original.to_string(), line: original.to_string(), ..ReverseSearch::default() }
    }

    /// The query changed (typing, Backspace): search again from the newest entry, like
    /// readline does for a shorter query.
    pub fn set_query(&mut self, history: &[String], query: &str) {
        self.query = query.to_string();
        self.found = None;
        self.seek(history, history.len());
    }

    /// Ctrl+R again: the next older entry containing the query and different from the shown
    /// one (readline skips repeats of the same line).
    pub fn older(&mut self, history: &[String]) {
        let before = self.found.unwrap_or(history.len());
        self.seek(history, before);
    }

    /// Looks for the query in entries older than `before`.
    fn seek(&mut self, history: &[String], before: usize) {
        if self.query.is_empty() {
            self.failed = false;
            return;
        }
        let shown = self.found.and_then(|i| history.get(i));
        let hit = (0..before.min(history.len()))
            .rev()
            .find(|&i| history[i].contains(self.query.as_str()) && Some(&history[i]) != shown);
        match hit {
            Some(i) => {
                self.found = Some(i);
                self.line = history[i].clone();
                self.failed = false;
            }
            None => self.failed = true,
        }
    }

    /// Where the caret goes when the search is accepted: at the match, as readline leaves it.
    pub fn match_caret(&self) -> usize {
        match (self.query.is_empty(), self.line.find(self.query.as_str())) {
            (false, Some(byte)) => self.line[..byte].chars().count(),
            _ => self.line.chars().count(),
        }
    }

    /// The label before the query: `(reverse-i-search)` or `(failed reverse-i-search)`.
    pub fn label(&self) -> &'static str {
        if self.failed {
            "(failed reverse-i-search)`"
        } else {
            "(reverse-i-search)`"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn history() -> Vec<String> {
        ["docker ps", "docker images", "echo hi", "docker ps -a", "docker ps -a", "ls"].map(String::from).into()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn finds_newest_first_then_older_skipping_repeats() {
        let h = history();
        let mut s = ReverseSearch::start("dra");
        assert_eq!((s.line.as_str(), s.label()), ("dra", "(reverse-i-search)`"), "nothing typed: the line stays");
        s.set_query(&h, "ps");
        assert_eq!((s.found, s.line.as_str()), (Some(4), "docker ps -a"));
        s.older(&h);
        assert_eq!((s.found, s.line.as_str()), (Some(0), "docker ps"), "the repeated `docker ps -a` is skipped");
        s.older(&h);
        assert!(s.failed);
        assert_eq!((s.found, s.line.as_str(), s.label()), (Some(0), "docker ps", "(failed reverse-i-search)`"));
        s.set_query(&h, "ima");
        assert_eq!((s.line.as_str(), s.failed, s.match_caret()), ("docker images", false, 7));
        s.set_query(&h, "zzz");
        assert!(s.failed);
        assert_eq!(s.line, "docker images", "a failed search keeps the last match");
        assert_eq!(s.original, "dra");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn empty_history_and_hangul_queries_are_harmless() {
        let mut s = ReverseSearch::start("");
        s.set_query(&[], "x");
        assert!(s.failed && s.found.is_none());
        s.older(&[]);
        let h: Vec<String> = vec!["echo 한글 웹".into()];
        s.set_query(&h, "웹");
        assert_eq!((s.line.as_str(), s.match_caret()), ("echo 한글 웹", 8));
    }
}
