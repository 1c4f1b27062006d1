//! What a key means to the terminal: a pure function from a key press (and the little the
//! terminal remembers between keys) to an [`Intent`].
//!
//! The keyboard and the touch keys under the screen end in the same place: a keydown is
//! turned into an intent here, a touch key *is* an intent, and the terminal applies both
//! with one function (`components::terminal::input`). No synthetic keyboard events.
//!
//! The keys follow bash/readline and docker: Enter runs the line, ↑/↓ (Ctrl+P/N) walk the
//! history, Tab completes, Ctrl+C interrupts, Ctrl+D ends input on an empty line, Ctrl+P
//! Ctrl+Q detaches, Ctrl+L clears the screen, Ctrl+R searches, Ctrl+A/E/U/K/W edit. Tab
//! belongs to completion; Escape then Tab (the convention of code editors) and Shift+Tab
//! let the focus move on, so a keyboard user is never trapped. While a reverse search is
//! open, [`search_intent`] decides instead. Pure: no DOM, no state.

use crate::state::line_edit::Edit;

/// A key as the browser reports it, reduced to what the terminal reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyPress<'a> {
    /// `KeyboardEvent.key` (`Enter`, `a`, `ㅊ`).
    pub key: &'a str,
    /// `KeyboardEvent.code` (`KeyC`), for Ctrl+letter on a Korean layout.
    pub code: &'a str,
    /// Ctrl is held.
    pub ctrl: bool,
    /// Alt is held.
    pub alt: bool,
    /// Meta (⌘, ⊞) is held.
    pub meta: bool,
    /// Shift is held.
    pub shift: bool,
}

/// What the terminal knows about itself when a key arrives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyContext {
    /// The input line is empty.
    pub line_empty: bool,
    /// Some of the input's text is selected (Ctrl+C then copies, as in a browser).
    pub has_selection: bool,
    /// A container or a question holds the terminal (no history to walk or search).
    pub held: bool,
}

/// What the previous keys left behind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct KeyMemory {
    /// The last key was Ctrl+P: a following Ctrl+Q detaches (docker's detach keys).
    pub after_ctrl_p: bool,
    /// The last key was Escape: a following Tab leaves the terminal.
    pub after_escape: bool,
}

/// What the terminal does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Not the terminal's key: the browser handles it (typing, or Tab moving the focus on).
    Pass,
    /// Enter: run the line.
    Submit,
    /// ↑ / Ctrl+P: the previous command.
    HistoryPrev,
    /// ↓ / Ctrl+N: the next command.
    HistoryNext,
    /// Tab: complete the word at the caret.
    Complete,
    /// Ctrl+C: interrupt (abandon the line, stop the container holding the terminal).
    Interrupt,
    /// Ctrl+D on an empty line: end of input.
    EndOfInput,
    /// Ctrl+P Ctrl+Q: detach from a container.
    Detach,
    /// Ctrl+L: clear the screen.
    ClearScreen,
    /// Ctrl+R: open the reverse search.
    StartSearch,
    /// A readline edit of the line.
    Edit(Edit),
    /// Escape: remembered, so that Tab next leaves the terminal.
    Escape,
    /// A touch key that types text at the caret (`-`, `:`, `/`, `|`).
    Insert(&'static str),
    /// A key the terminal swallows so the browser does nothing with it (Ctrl+R while held
    /// would reload the page).
    Swallow,
}

impl Intent {
    /// Whether the browser's own handling of the key must be stopped.
    pub fn prevents_default(self) -> bool {
        !matches!(self, Intent::Pass | Intent::Escape)
    }
}

/// The letter of a Ctrl+letter chord, lower-cased: from `key`, or from the physical `code`
/// (`KeyC`) when a Korean layout reports a Hangul jamo as the key.
pub fn ctrl_letter(press: &KeyPress<'_>) -> Option<char> {
    let mut chars = press.key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_alphabetic() {
            return Some(c.to_ascii_lowercase());
        }
    }
    press.code.strip_prefix("Key").and_then(|k| k.chars().next()).map(|c| c.to_ascii_lowercase())
}

/// The intent of a key at the prompt, updating `memory` for the next key.
pub fn intent(press: &KeyPress<'_>, context: &KeyContext, memory: &mut KeyMemory) -> Intent {
    let ctrl = press.ctrl && !press.alt && !press.meta;
    let letter = if ctrl { ctrl_letter(press) } else { None };
    let was = std::mem::take(memory);
    match (press.key, letter) {
        ("Escape", _) => {
            memory.after_escape = true;
            Intent::Escape
        }
        // Escape then Tab, and Shift+Tab, move the focus on: the keyboard is never trapped.
        ("Tab", _) if was.after_escape || press.shift || press.alt || press.meta || press.ctrl => Intent::Pass,
        ("Tab", _) => Intent::Complete,
        ("Enter", _) if !press.shift => Intent::Submit,
        (_, Some('q')) if was.after_ctrl_p => Intent::Detach,
        (_, Some('p')) => {
            // Also the first half of docker's detach keys; while a container holds the
            // terminal there is no history to walk.
            memory.after_ctrl_p = true;
            if context.held {
                Intent::Swallow
            } else {
                Intent::HistoryPrev
            }
        }
        ("ArrowUp", _) => Intent::HistoryPrev,
        ("ArrowDown", _) | (_, Some('n')) => Intent::HistoryNext,
        (_, Some('r')) if context.held => Intent::Swallow,
        (_, Some('r')) => Intent::StartSearch,
        (_, Some('c')) if context.has_selection => Intent::Pass,
        (_, Some('c')) => Intent::Interrupt,
        (_, Some('d')) if context.line_empty => Intent::EndOfInput,
        (_, Some('l')) => Intent::ClearScreen,
        (_, Some('a')) => Intent::Edit(Edit::Home),
        (_, Some('e')) => Intent::Edit(Edit::End),
        (_, Some('u')) => Intent::Edit(Edit::KillBefore),
        (_, Some('k')) => Intent::Edit(Edit::KillAfter),
        (_, Some('w')) => Intent::Edit(Edit::KillWord),
        _ => Intent::Pass,
    }
}

/// What a key does while the reverse search (Ctrl+R) is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchIntent {
    /// Not the search's key: it goes to the input, whose `input` event searches again.
    Type,
    /// Ctrl+R: the next older match.
    Older,
    /// Enter: run the match.
    Run,
    /// Ctrl+G: back to the line as it was.
    Cancel,
    /// Ctrl+C: abandon the match like a typed line.
    Interrupt,
    /// Put the match in the line with the caret at the match (Escape), one before (←) or
    /// after (→) it, at the start (Home, Ctrl+A) or at the end (End, Tab, ↑, ↓, Ctrl+E).
    Accept(Caret),
}

/// Where the caret goes when a search is accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caret {
    /// At the match.
    Match,
    /// One character before the match.
    BeforeMatch,
    /// One character after the match's start.
    AfterMatch,
    /// At the start of the line.
    Start,
    /// At the end of the line.
    End,
}

/// The intent of a key while the reverse search is open.
pub fn search_intent(press: &KeyPress<'_>) -> SearchIntent {
    let ctrl = press.ctrl && !press.alt && !press.meta;
    let letter = if ctrl { ctrl_letter(press) } else { None };
    match (press.key, letter) {
        (_, Some('r')) => SearchIntent::Older,
        ("Enter", _) => SearchIntent::Run,
        (_, Some('g')) => SearchIntent::Cancel,
        (_, Some('c')) => SearchIntent::Interrupt,
        ("Escape", _) => SearchIntent::Accept(Caret::Match),
        ("ArrowLeft", _) => SearchIntent::Accept(Caret::BeforeMatch),
        ("ArrowRight", _) => SearchIntent::Accept(Caret::AfterMatch),
        ("Home", _) | (_, Some('a')) => SearchIntent::Accept(Caret::Start),
        ("End" | "Tab" | "ArrowUp" | "ArrowDown", _) | (_, Some('e')) => SearchIntent::Accept(Caret::End),
        _ => SearchIntent::Type,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn key(key: &str) -> KeyPress<'_> {
        KeyPress { key, ..KeyPress::default() }
    }

    fn ctrl(key: &str) -> KeyPress<'_> {
        KeyPress { key, ctrl: true, ..KeyPress::default() }
    }

    fn run(keys: &[KeyPress<'_>], context: KeyContext) -> Vec<Intent> {
        let mut memory = KeyMemory::default();
        keys.iter().map(|k| intent(k, &context, &mut memory)).collect()
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn tab_completes_but_escape_then_tab_and_shift_tab_leave() {
        let free = KeyContext::default();
        assert_eq!(run(&[key("Tab")], free), [Intent::Complete]);
        assert_eq!(run(&[key("Escape"), key("Tab")], free), [Intent::Escape, Intent::Pass]);
        assert_eq!(run(&[key("Escape"), key("a"), key("Tab")], free), [Intent::Escape, Intent::Pass, Intent::Complete]);
        let shift_tab = KeyPress { key: "Tab", shift: true, ..KeyPress::default() };
        assert_eq!(run(&[shift_tab], free), [Intent::Pass]);
        assert!(!Intent::Pass.prevents_default() && !Intent::Escape.prevents_default());
        assert!(Intent::Complete.prevents_default());
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn readline_and_docker_keys() {
        let free = KeyContext { line_empty: true, ..KeyContext::default() };
        assert_eq!(
            run(&[key("Enter"), key("ArrowUp"), key("ArrowDown"), ctrl("n"), ctrl("l"), ctrl("r")], free),
            [
                Intent::Submit,
                Intent::HistoryPrev,
                Intent::HistoryNext,
                Intent::HistoryNext,
                Intent::ClearScreen,
                Intent::StartSearch
            ]
        );
        assert_eq!(run(&[ctrl("c"), ctrl("d")], free), [Intent::Interrupt, Intent::EndOfInput]);
        let typed = KeyContext::default();
        assert_eq!(run(&[ctrl("d")], typed), [Intent::Pass], "Ctrl+D with text is not end of input");
        let selected = KeyContext { has_selection: true, ..KeyContext::default() };
        assert_eq!(run(&[ctrl("c")], selected), [Intent::Pass], "Ctrl+C copies a selection");
        assert_eq!(
            run(&[ctrl("a"), ctrl("e"), ctrl("u"), ctrl("k"), ctrl("w")], typed),
            [Edit::Home, Edit::End, Edit::KillBefore, Edit::KillAfter, Edit::KillWord].map(Intent::Edit)
        );
        // A Korean layout reports the jamo; the physical key decides.
        let hangul_c = KeyPress { key: "ㅊ", code: "KeyC", ctrl: true, ..KeyPress::default() };
        assert_eq!(run(&[hangul_c], typed), [Intent::Interrupt]);
        assert_eq!(run(&[key("ㅊ")], typed), [Intent::Pass], "typing Hangul is the input's");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn ctrl_p_then_ctrl_q_detaches() {
        let held = KeyContext { held: true, ..KeyContext::default() };
        assert_eq!(run(&[ctrl("p"), ctrl("q")], held), [Intent::Swallow, Intent::Detach]);
        assert_eq!(run(&[ctrl("q")], held), [Intent::Pass], "Ctrl+Q alone does nothing");
        assert_eq!(run(&[ctrl("p"), key("x"), ctrl("q")], held), [Intent::Swallow, Intent::Pass, Intent::Pass]);
        assert_eq!(run(&[ctrl("p")], KeyContext::default()), [Intent::HistoryPrev], "at the prompt it is ↑");
        assert_eq!(run(&[ctrl("r")], held), [Intent::Swallow], "no reload, no search while held");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn search_keys() {
        assert_eq!(search_intent(&ctrl("r")), SearchIntent::Older);
        assert_eq!(search_intent(&key("Enter")), SearchIntent::Run);
        assert_eq!(search_intent(&ctrl("g")), SearchIntent::Cancel);
        assert_eq!(search_intent(&ctrl("c")), SearchIntent::Interrupt);
        assert_eq!(search_intent(&key("Escape")), SearchIntent::Accept(Caret::Match));
        assert_eq!(search_intent(&key("Tab")), SearchIntent::Accept(Caret::End));
        assert_eq!(search_intent(&key("ArrowLeft")), SearchIntent::Accept(Caret::BeforeMatch));
        assert_eq!(search_intent(&key("Home")), SearchIntent::Accept(Caret::Start));
        assert_eq!(search_intent(&key("x")), SearchIntent::Type);
    }
}
