//! The file editor (`#editor`) that `nano FILE`, `vi FILE`, `vim FILE` and `code FILE` open, or
//! a click in the files tab: a plain `<textarea>` with line numbers, over the terminal as a
//! full-screen editor would be, with save (Ctrl+S, the button) and close (Esc, the button).
//!
//! A hook of the terminal's rather than a component of its own (a component costs the bundle
//! about a kilobyte of Yew's machinery): [`use_editor`] draws the open file, if any, and gives
//! the focus to its text when it opens and back to the prompt when it closes. Closing with
//! unsaved changes asks first, as nano does ("Save modified buffer?"), with the browser's own
//! confirmation (keyboard- and screen-reader-ready). Tab is left to the browser (it moves the
//! focus on), so a keyboard user is never trapped. The text lives in the DOM while it is typed
//! (a keystroke repaints only when the line count or the modified mark changes); a save sends
//! it to the state, which writes it through core's `Session::save_file`
//! ([`AppAction::SaveFile`]). This module must not call core.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::i18n;
use crate::platform;
use crate::state::editor::{EditFile, Saved};
use crate::state::{AppAction, AppState};

/// The editor over the terminal while `file` is open (nothing otherwise); `prompt` is the
/// terminal's input, which gets the focus back when the editor closes.
#[hook]
pub fn use_editor(file: Option<Rc<EditFile>>, dispatcher: UseReducerDispatcher<AppState>, prompt: NodeRef) -> Html {
    let area = use_node_ref();
    let gutter = use_node_ref();
    // The text as typed (kept in step with the DOM), and what repaints: lines and "modified".
    let typed = use_mut_ref(String::new);
    let shape = use_state_eq(|| (1, false));

    // A file that opens gets its text and the focus; when none is open, the prompt has it.
    {
        let (area, typed, shape) = (area.clone(), typed.clone(), shape.clone());
        let opened = file.as_ref().map(|f| (f.seq, f.saved.clone()));
        use_effect_with(opened.as_ref().map(|o| o.0), move |_| match (opened, area.cast::<HtmlTextAreaElement>()) {
            (Some((_, saved)), Some(el)) => {
                el.set_value(&saved);
                let _ = el.set_selection_range(0, 0);
                platform::focus_quietly(&el);
                shape.set((line_count(&saved), false));
                *typed.borrow_mut() = saved;
            }
            _ => {
                if let Some(el) = prompt.cast::<HtmlElement>() {
                    platform::focus_quietly(&el);
                }
            }
        });
    }

    let Some(file) = file else { return Html::default() };
    // Typed since it opened, and not what was saved since.
    let dirty = shape.1 && *typed.borrow() != file.saved;
    let numbers: String = (1..=shape.0).map(|n| format!("{n}\n")).collect();
    // Save, or close (after asking if the text is not saved).
    let act = {
        let (typed, saved) = (typed.clone(), file.saved.clone());
        Rc::new(move |save: bool| {
            let text = typed.borrow().clone();
            if save {
                dispatcher.dispatch(AppAction::SaveFile { text });
            } else if text == saved || platform::confirm(i18n::EDITOR_ASK) {
                dispatcher.dispatch(AppAction::CloseEditor);
            }
        })
    };
    let oninput = {
        let (area, saved) = (area.clone(), file.saved.clone());
        Callback::from(move |_: InputEvent| {
            let Some(el) = area.cast::<HtmlTextAreaElement>() else { return };
            let now = el.value();
            shape.set((line_count(&now), now != saved));
            *typed.borrow_mut() = now;
        })
    };
    let onkeydown = {
        let act = act.clone();
        Callback::from(move |e: KeyboardEvent| {
            let save = (e.ctrl_key() || e.meta_key()) && e.code() == "KeyS";
            if save || (e.key() == "Escape" && !e.is_composing()) {
                e.prevent_default();
                act(save);
            }
        })
    };
    // The numbers scroll with the text.
    let onscroll = {
        let (area, gutter) = (area.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let (Some(a), Some(g)) = (area.cast::<HtmlElement>(), gutter.cast::<HtmlElement>()) {
                g.set_scroll_top(a.scroll_top());
            }
        })
    };
    let button = |save: bool| {
        let act = act.clone();
        Callback::from(move |_: MouseEvent| act(save))
    };

    let status = match &file.status {
        Saved::Failed(reason) => i18n::editor_failed(reason),
        _ if dirty => i18n::EDITOR_MODIFIED.to_string(),
        Saved::No if !file.exists => i18n::EDITOR_NEW_FILE.to_string(),
        Saved::No => String::new(),
        Saved::Wrote(n) => i18n::editor_wrote(*n),
    };
    html! {
        <section id="editor" class="editor" aria-label={i18n::editor_label(&file.path)} data-path={file.path.clone()}
                 data-dirty={if dirty { "true" } else { "false" }}>
            <div class="editor-bar">
                <label for="editor-text"><b>{ i18n::editor_name(&file.editor) }</b>{ " " }<code>{ file.path.clone() }</code></label>
                <button id="editor-save" type="button" aria-keyshortcuts="Control+S" onclick={button(true)}>
                    { i18n::EDITOR_SAVE }
                </button>
                <button id="editor-close" type="button" aria-keyshortcuts="Escape" onclick={button(false)}>
                    { i18n::EDITOR_CLOSE }
                </button>
            </div>
            <div class="editor-body">
                <pre aria-hidden="true" ref={gutter}>{ numbers }</pre>
                <textarea id="editor-text" ref={area} wrap="off" spellcheck="false" autocapitalize="off"
                          aria-describedby="editor-status" {oninput} {onkeydown} {onscroll} />
            </div>
            <p id="editor-status" class="editor-foot" role="status">{ status }</p>
        </section>
    }
}

/// How many lines the text area shows (the empty one after a final newline too, where the
/// caret goes next).
fn line_count(text: &str) -> usize {
    text.split('\n').count()
}
