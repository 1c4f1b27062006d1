//! What the input line does with an intent: one [`Driver::apply`] for the keyboard and the
//! touch keys alike.
//!
//! A keydown becomes an [`Intent`] through the pure `state::keys::intent`; a touch key is an
//! intent already. Both end here, where the intent edits the `<input>` (the typed text lives
//! in the DOM, so typing does not repaint the page) or becomes an [`AppAction`]. The reverse
//! search (Ctrl+R) is kept in a ref, not in the state: two keys can arrive before a repaint
//! and the second must see what the first did. This module must not run commands itself.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use whalelab_core::course::Source;
use whalelab_core::session::Key;
use yew::prelude::*;

use crate::context::{run_command, AppContext};
use crate::platform;
use crate::state::keys::{intent, search_intent, Caret, Intent, KeyContext, KeyMemory, KeyPress, SearchIntent};
use crate::state::line_edit;
use crate::state::search::ReverseSearch;
use crate::state::{self, AppAction};

/// The input line's behaviour, rebuilt at every render around the same refs.
#[derive(Clone)]
pub struct Driver {
    /// The state now (completion and ↑ read it).
    pub app: AppContext,
    /// The `<input>`.
    pub input: NodeRef,
    /// The open reverse search, if any.
    pub search: Rc<RefCell<Option<ReverseSearch>>>,
    /// What the previous keys left (Ctrl+P, Escape).
    pub memory: Rc<RefCell<KeyMemory>>,
    /// An IME is composing (between compositionstart and compositionend).
    pub composing: Rc<RefCell<bool>>,
    /// Repaints the terminal (the search's label lives in a ref).
    pub redraw: Callback<()>,
}

impl Driver {
    fn element(&self) -> Option<HtmlInputElement> {
        self.input.cast::<HtmlInputElement>()
    }

    /// A keydown on the input.
    pub fn keydown(&self, e: &KeyboardEvent) {
        // Keys belong to an IME while it composes: Enter then only finishes the syllable.
        if e.is_composing() || e.key_code() == 229 || *self.composing.borrow() {
            return;
        }
        let (key, code) = (e.key(), e.code());
        let press = KeyPress {
            key: &key,
            code: &code,
            ctrl: e.ctrl_key(),
            alt: e.alt_key(),
            meta: e.meta_key(),
            shift: e.shift_key(),
        };
        if self.search.borrow().is_some() {
            let what = search_intent(&press);
            if what != SearchIntent::Type {
                e.prevent_default();
            }
            self.apply_search(what);
            return;
        }
        let Some(el) = self.element() else { return };
        let caret = el.selection_start().ok().flatten().unwrap_or(0);
        let context = KeyContext {
            line_empty: el.value().is_empty(),
            has_selection: el.selection_end().ok().flatten().is_some_and(|end| end != caret),
            held: self.app.session().is_held(),
        };
        let what = intent(&press, &context, &mut self.memory.borrow_mut());
        if what.prevents_default() {
            e.prevent_default();
        }
        self.apply(what);
    }

    /// A touch key: the same intents, and the focus stays in the input so a phone's keyboard
    /// stays open.
    pub fn touch(&self, what: Intent) {
        if self.search.borrow().is_some() {
            let in_search = match what {
                Intent::Interrupt => SearchIntent::Interrupt,
                Intent::Escape => SearchIntent::Accept(Caret::Match),
                Intent::Insert(_) => SearchIntent::Type,
                _ => SearchIntent::Accept(Caret::End),
            };
            if in_search != SearchIntent::Type {
                self.apply_search(in_search);
            }
        } else {
            if what == Intent::Escape {
                self.memory.borrow_mut().after_escape = true;
            }
            self.apply(what);
        }
        if let Some(el) = self.element() {
            platform::focus_quietly(&el);
        }
    }

    /// Does what `what` means at the prompt.
    pub fn apply(&self, what: Intent) {
        let Some(el) = self.element() else { return };
        let value = el.value();
        let caret = line_edit::char_index(&value, el.selection_start().ok().flatten().unwrap_or(0) as usize);
        let set = |text: &str, caret_chars: usize| {
            el.set_value(text);
            let at = line_edit::utf16_index(text, caret_chars) as u32;
            let _ = el.set_selection_range(at, at);
        };
        let app = &self.app;
        match what {
            Intent::Pass | Intent::Escape | Intent::Swallow => {}
            Intent::Submit => {
                el.set_value("");
                run_command(&app.dispatcher(), value, Source::Typed);
            }
            Intent::HistoryPrev => app.dispatch(AppAction::HistoryPrev { current: value }),
            Intent::HistoryNext => app.dispatch(AppAction::HistoryNext),
            Intent::Complete => {
                let byte = line_edit::byte_index(&value, caret);
                let (text, caret_byte, candidates) = state::complete(app.session(), &value, byte);
                if text != value {
                    set(&text, text.get(..caret_byte).map_or(0, |head| head.chars().count()));
                } else if !candidates.is_empty() {
                    app.dispatch(AppAction::ShowCandidates { line: value, candidates });
                }
            }
            Intent::Interrupt => {
                el.set_value("");
                app.dispatch(AppAction::Key { key: Key::CtrlC, typed: value, now: platform::now() });
            }
            Intent::EndOfInput => {
                app.dispatch(AppAction::Key { key: Key::CtrlD, typed: String::new(), now: platform::now() })
            }
            Intent::Detach => {
                app.dispatch(AppAction::Key { key: Key::Detach, typed: String::new(), now: platform::now() })
            }
            Intent::ClearScreen => app.dispatch(AppAction::ClearScreen),
            Intent::StartSearch => {
                *self.search.borrow_mut() = Some(ReverseSearch::start(&value));
                el.set_value("");
                self.redraw.emit(());
            }
            Intent::Edit(edit) => {
                let (text, caret) = line_edit::apply(&value, caret, edit);
                set(&text, caret);
            }
            Intent::Insert(text) => {
                let end = line_edit::char_index(&value, el.selection_end().ok().flatten().unwrap_or(0) as usize);
                let (from, to) = (line_edit::byte_index(&value, caret), line_edit::byte_index(&value, end.max(caret)));
                let line = format!("{}{text}{}", &value[..from], &value[to..]);
                set(&line, caret + text.chars().count());
            }
        }
    }

    /// Does what a key means while the reverse search is open.
    fn apply_search(&self, what: SearchIntent) {
        let Some(el) = self.element() else { return };
        let open = self.search.borrow_mut().take();
        let Some(mut s) = open else { return };
        let accept = |s: &ReverseSearch, caret: usize| {
            el.set_value(&s.line);
            let at = line_edit::utf16_index(&s.line, caret.min(s.line.chars().count())) as u32;
            let _ = el.set_selection_range(at, at);
        };
        let keep = match what {
            SearchIntent::Type => true,
            SearchIntent::Older => {
                s.older(&self.app.full_history());
                true
            }
            SearchIntent::Run => {
                el.set_value("");
                run_command(&self.app.dispatcher(), std::mem::take(&mut s.line), Source::Typed);
                false
            }
            SearchIntent::Cancel => {
                el.set_value(&s.original);
                false
            }
            SearchIntent::Interrupt => {
                el.set_value("");
                let typed = std::mem::take(&mut s.line);
                self.app.dispatch(AppAction::Key { key: Key::CtrlC, typed, now: platform::now() });
                false
            }
            SearchIntent::Accept(caret) => {
                let at = match caret {
                    Caret::Match => s.match_caret(),
                    Caret::BeforeMatch => s.match_caret().saturating_sub(1),
                    Caret::AfterMatch => s.match_caret() + 1,
                    Caret::Start => 0,
                    Caret::End => s.line.chars().count(),
                };
                accept(&s, at);
                false
            }
        };
        if keep {
            *self.search.borrow_mut() = Some(s);
        }
        self.redraw.emit(());
    }

    /// The input's text changed: while searching, search again for it.
    pub fn input_changed(&self) {
        let Some(el) = self.element() else { return };
        let mut open = self.search.borrow_mut();
        let Some(s) = open.as_mut() else { return };
        s.set_query(&self.app.full_history(), &el.value());
        drop(open);
        self.redraw.emit(());
    }

    /// A paste with newlines runs line by line, as bash runs pasted lines.
    pub fn paste(&self, e: &Event) {
        let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
        let Some(pasted) = e.clipboard_data().and_then(|d| d.get_data("text").ok()) else { return };
        if self.search.borrow().is_some() || !pasted.contains(['\n', '\r']) {
            return;
        }
        let Some(el) = self.element() else { return };
        e.prevent_default();
        let value = el.value();
        let start = line_edit::char_index(&value, el.selection_start().ok().flatten().unwrap_or(0) as usize);
        let end = line_edit::char_index(&value, el.selection_end().ok().flatten().unwrap_or(0) as usize).max(start);
        let (before, after) = (line_edit::byte_index(&value, start), line_edit::byte_index(&value, end));
        let (lines, rest) = line_edit::split_paste(&value[..before], &pasted, &value[after..]);
        el.set_value(&rest);
        let at = rest.encode_utf16().count() as u32;
        let _ = el.set_selection_range(at, at);
        let dispatcher = self.app.dispatcher();
        for line in lines {
            run_command(&dispatcher, line, Source::Typed);
        }
    }
}
