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

use web_sys::HtmlInputElement;
use yew::prelude::*;

use whalelab_core::session::Key;

use crate::context::{run_command, use_app};
use crate::i18n;
use crate::platform;
use crate::state::line_edit::{self, Edit};
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

    let onkeydown = {
        let input = input.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.is_composing() || e.key_code() == 229 {
                return;
            }
            let Some(el) = input.cast::<HtmlInputElement>() else { return };
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

    html! {
        <div class="prompt-line">
            <label class="prompt" for="terminal-input">{ props.prompt.clone() }</label>
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
            />
        </div>
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
