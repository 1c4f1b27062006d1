//! The input line (`#terminal-input`): a real `<input>` (so on-screen keyboards and Korean IME
//! work) whose keys become [`AppAction`]s.
//!
//! Enter submits, ↑/↓ (Ctrl+P/N) walk the history, Tab completes (core's completion), Ctrl+C
//! interrupts, Ctrl+D ends input on an empty line, Ctrl+P Ctrl+Q detaches, Ctrl+L clears the
//! screen, Ctrl+A/E/U/K/W edit the line like readline. While an IME is composing
//! (`isComposing`, or keyCode 229 on older engines) keys belong to the IME: Enter then only
//! finishes the Hangul syllable and must not submit. The typed text lives in the DOM, not in
//! the state, so typing does not repaint the page; the state only *requests* a value (after
//! ↑/↓) through [`InputRequest`]. This module must not run commands itself.

use wasm_bindgen::JsCast;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use whalelab_core::session::Key;

use crate::context::{run_command, use_app};
use crate::i18n;
use crate::platform;
use crate::state::line_edit::{self, Edit};
use crate::state::search::ReverseSearch;
use crate::state::terminal::InputRequest;
use crate::state::{self, AppAction};

/// Props of [`PromptLine`].
#[derive(Properties, PartialEq)]
pub struct PromptLineProps {
    /// The prompt (`$ `).
    pub prompt: AttrValue,
    /// The latest value the state asked the input to show.
    pub request: InputRequest,
    /// The `<input>` element, shared with the terminal so clicks can focus it.
    pub input_ref: NodeRef,
}

/// The prompt and the input.
#[function_component(PromptLine)]
pub fn prompt_line(props: &PromptLineProps) -> Html {
    let app = use_app();
    let input = props.input_ref.clone();

    // Show what the state asked for (history recall), caret at the end.
    {
        let input = input.clone();
        use_effect_with(props.request.clone(), move |request| {
            if request.seq > 0 {
                if let Some(el) = input.cast::<HtmlInputElement>() {
                    el.set_value(&request.text);
                    let end = request.text.encode_utf16().count() as u32;
                    let _ = el.set_selection_range(end, end);
                }
            }
        });
    }

    // `autofocus` only works for elements present at page load; Yew mounts later. No
    // scrolling: on a phone the lesson comes first and must stay in view.
    {
        let input = input.clone();
        use_effect_with((), move |_| {
            if let Some(el) = input.cast::<HtmlInputElement>() {
                let options = web_sys::FocusOptions::new();
                options.set_prevent_scroll(true);
                let _ = el.focus_with_options(&options);
            }
        });
    }

    // Ctrl+P was the last key: a following Ctrl+Q detaches (docker's detach keys).
    let after_ctrl_p = use_mut_ref(|| false);
    // An IME is composing (between compositionstart and compositionend).
    let composing = use_mut_ref(|| false);
    // The open reverse search. A ref, not state: two keys can arrive before a repaint, and
    // the second must see what the first did; `redraw` repaints after each change.
    let search = use_mut_ref(|| None::<ReverseSearch>);
    let redraw = use_force_update();

    // Yew has no composition attributes: listen on the element directly.
    {
        let input = input.clone();
        let composing = composing.clone();
        use_effect_with((), move |_| {
            let listeners = input.cast::<web_sys::Element>().map(|el| {
                let (start, end, blur) = (composing.clone(), composing.clone(), composing);
                [
                    platform::Listener::new(&el, "compositionstart", move |_| *start.borrow_mut() = true),
                    platform::Listener::new(&el, "compositionend", move |_| *end.borrow_mut() = false),
                    // A composition cut short by leaving the field must not block Enter later.
                    platform::Listener::new(&el, "blur", move |_| *blur.borrow_mut() = false),
                ]
            });
            move || drop(listeners)
        });
    }

    // While searching, every change of the query searches again.
    let oninput = {
        let input = input.clone();
        let search = search.clone();
        let redraw = redraw.clone();
        let app = app.clone();
        Callback::from(move |_: InputEvent| {
            let mut open = search.borrow_mut();
            let (Some(s), Some(el)) = (open.as_mut(), input.cast::<HtmlInputElement>()) else { return };
            s.set_query(&app.full_history(), &el.value());
            drop(open);
            redraw.force_update();
        })
    };

    // A paste with newlines runs line by line.
    let onpaste = {
        let input = input.clone();
        let search = search.clone();
        let app = app.clone();
        Callback::from(move |e: Event| {
            let Some(e) = e.dyn_ref::<web_sys::ClipboardEvent>() else { return };
            let Some(pasted) = e.clipboard_data().and_then(|d| d.get_data("text").ok()) else { return };
            if search.borrow().is_some() || !pasted.contains(['\n', '\r']) {
                return;
            }
            let Some(el) = input.cast::<HtmlInputElement>() else { return };
            e.prevent_default();
            let value = el.value();
            let start = line_edit::char_index(&value, el.selection_start().ok().flatten().unwrap_or(0) as usize);
            let end = line_edit::char_index(&value, el.selection_end().ok().flatten().unwrap_or(0) as usize).max(start);
            let (before, after) = (line_edit::byte_index(&value, start), line_edit::byte_index(&value, end));
            let (lines, rest) = line_edit::split_paste(&value[..before], &pasted, &value[after..]);
            el.set_value(&rest);
            let at = rest.encode_utf16().count() as u32;
            let _ = el.set_selection_range(at, at);
            let dispatcher = app.dispatcher();
            for line in lines {
                run_command(&dispatcher, line);
            }
        })
    };

    let onkeydown = {
        let input = input.clone();
        let search = search.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.is_composing() || e.key_code() == 229 || *composing.borrow() {
                return;
            }
            let Some(el) = input.cast::<HtmlInputElement>() else { return };
            if search.borrow().is_some() {
                let open = search.borrow_mut().take();
                if let Some(mut s) = open {
                    let keep = search_key(&e, &el, &mut s, &app);
                    if keep {
                        *search.borrow_mut() = Some(s);
                    }
                    redraw.force_update();
                }
                return;
            }
            let ctrl = e.ctrl_key() && !e.alt_key() && !e.meta_key();
            let was_ctrl_p = std::mem::replace(&mut *after_ctrl_p.borrow_mut(), false);
            let letter = ctrl_letter(&e);
            let value = el.value();
            let caret_utf16 = el.selection_start().ok().flatten().unwrap_or(0) as usize;
            let has_selection = el.selection_end().ok().flatten().is_some_and(|end| end as usize != caret_utf16);
            let caret = line_edit::char_index(&value, caret_utf16);
            let set = |text: &str, caret_chars: usize| {
                el.set_value(text);
                let at = line_edit::utf16_index(text, caret_chars) as u32;
                let _ = el.set_selection_range(at, at);
            };
            let edit = |edit: Edit| {
                let (text, caret) = line_edit::apply(&value, caret, edit);
                set(&text, caret);
            };
            match (e.key().as_str(), ctrl, letter) {
                ("Enter", _, _) => {
                    e.prevent_default();
                    el.set_value("");
                    run_command(&app.dispatcher(), value);
                }
                ("ArrowUp", _, _) | (_, true, Some('p')) if !ctrl || !was_ctrl_p => {
                    e.prevent_default();
                    if ctrl {
                        // Ctrl+P also starts docker's detach sequence.
                        *after_ctrl_p.borrow_mut() = true;
                    }
                    if !ctrl || !app.session.is_held() {
                        app.dispatch(AppAction::HistoryPrev { current: value });
                    }
                }
                ("ArrowDown", _, _) | (_, true, Some('n')) => {
                    e.prevent_default();
                    app.dispatch(AppAction::HistoryNext);
                }
                (_, true, Some('q')) if was_ctrl_p => {
                    e.prevent_default();
                    app.dispatch(AppAction::Key { key: Key::Detach, typed: String::new(), now: platform::now() });
                }
                ("Tab", false, _) => {
                    e.prevent_default();
                    let byte = line_edit::byte_index(&value, caret);
                    let (text, caret_byte, candidates) = state::complete(&app.session, &value, byte);
                    if text != value {
                        let caret_chars = text.get(..caret_byte).map_or(0, |head| head.chars().count());
                        set(&text, caret_chars);
                    } else if !candidates.is_empty() {
                        app.dispatch(AppAction::ShowCandidates { line: value, candidates });
                    }
                }
                (_, true, Some('r')) => {
                    // Also keeps the browser from reloading the page, even while a container
                    // holds the terminal (then there is no history to search).
                    e.prevent_default();
                    if !app.session.is_held() {
                        *search.borrow_mut() = Some(ReverseSearch::start(&value));
                        el.set_value("");
                        redraw.force_update();
                    }
                }
                (_, true, Some('c')) if !has_selection => {
                    e.prevent_default();
                    el.set_value("");
                    app.dispatch(AppAction::Key { key: Key::CtrlC, typed: value, now: platform::now() });
                }
                (_, true, Some('d')) if value.is_empty() => {
                    e.prevent_default();
                    app.dispatch(AppAction::Key { key: Key::CtrlD, typed: String::new(), now: platform::now() });
                }
                (_, true, Some('l')) => {
                    // Also keeps the browser from jumping to its address bar.
                    e.prevent_default();
                    app.dispatch(AppAction::ClearScreen);
                }
                (_, true, Some('a')) => {
                    e.prevent_default();
                    edit(Edit::Home);
                }
                (_, true, Some('e')) => {
                    e.prevent_default();
                    edit(Edit::End);
                }
                (_, true, Some('u')) => {
                    e.prevent_default();
                    edit(Edit::KillBefore);
                }
                (_, true, Some('k')) => {
                    e.prevent_default();
                    edit(Edit::KillAfter);
                }
                (_, true, Some('w')) => {
                    e.prevent_default();
                    edit(Edit::KillWord);
                }
                _ => {}
            }
        })
    };

    let open = search.borrow().clone();
    html! {
        <div class={classes!("prompt-line", open.is_some().then_some("searching"))}>
            if let Some(s) = &open {
                <label class="search-label" for="terminal-input">{ s.label() }</label>
            } else {
                <label class="prompt" for="terminal-input">{ props.prompt.clone() }</label>
            }
            <input
                id="terminal-input"
                class="terminal-input"
                ref={input}
                type="text"
                autofocus=true
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                autocorrect="off"
                enterkeyhint="send"
                aria-label={i18n::TERMINAL_INPUT_LABEL}
                {onkeydown}
                {oninput}
                {onpaste}
            />
            if let Some(s) = &open {
                <span class="search-match">{ "': " }{ s.line.clone() }</span>
            }
        </div>
    }
}

/// A key while the reverse search is open; returns whether the search stays open. Keys it
/// does not handle (letters, Backspace) go to the `<input>`, whose `input` event searches.
fn search_key(
    e: &KeyboardEvent,
    el: &HtmlInputElement,
    s: &mut ReverseSearch,
    app: &crate::context::AppContext,
) -> bool {
    let ctrl = e.ctrl_key() && !e.alt_key() && !e.meta_key();
    let letter = if ctrl { ctrl_letter(e) } else { None };
    let accept = |el: &HtmlInputElement, s: &ReverseSearch, caret: usize| {
        el.set_value(&s.line);
        let at = line_edit::utf16_index(&s.line, caret.min(s.line.chars().count())) as u32;
        let _ = el.set_selection_range(at, at);
    };
    let end = s.line.chars().count();
    match (e.key().as_str(), letter) {
        (_, Some('r')) => {
            e.prevent_default();
            s.older(&app.full_history());
            true
        }
        ("Enter", _) => {
            e.prevent_default();
            el.set_value("");
            run_command(&app.dispatcher(), std::mem::take(&mut s.line));
            false
        }
        (_, Some('g')) => {
            e.prevent_default();
            el.set_value(&s.original);
            false
        }
        (_, Some('c')) => {
            e.prevent_default();
            el.set_value("");
            app.dispatch(AppAction::Key { key: Key::CtrlC, typed: std::mem::take(&mut s.line), now: platform::now() });
            false
        }
        ("Escape", _) => {
            e.prevent_default();
            accept(el, s, s.match_caret());
            false
        }
        ("ArrowLeft", _) => {
            e.prevent_default();
            accept(el, s, s.match_caret().saturating_sub(1));
            false
        }
        ("ArrowRight", _) => {
            e.prevent_default();
            accept(el, s, s.match_caret() + 1);
            false
        }
        ("Home", _) | (_, Some('a')) => {
            e.prevent_default();
            accept(el, s, 0);
            false
        }
        ("End" | "Tab" | "ArrowUp" | "ArrowDown", _) | (_, Some('e')) => {
            e.prevent_default();
            accept(el, s, end);
            false
        }
        _ => true,
    }
}

/// The letter of a Ctrl+letter chord, lower-cased: from `key`, or from the physical `code`
/// (`KeyC`) when a Korean layout reports a Hangul jamo as the key.
fn ctrl_letter(e: &KeyboardEvent) -> Option<char> {
    let key = e.key();
    let mut chars = key.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_ascii_alphabetic() {
            return Some(c.to_ascii_lowercase());
        }
    }
    e.code().strip_prefix("Key").and_then(|k| k.chars().next()).map(|c| c.to_ascii_lowercase())
}
