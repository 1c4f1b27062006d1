//! The file editor (`#editor`) that `nano FILE`, `vi FILE`, `vim FILE` and `code FILE` open, or
//! a click in the files tab: a plain `<textarea>` with line numbers, over the terminal as a
//! full-screen editor would be, with save (Ctrl+S, the button) and close (Esc, the button).
//!
//! Closing with unsaved changes asks first, as nano does ("Save modified buffer?"), in an
//! alert dialog that keeps the focus. Tab is left to the browser (it moves the focus on), so a
//! keyboard user is never trapped. The text lives in the DOM while it is typed (a keystroke
//! repaints only the line numbers when their count changes); a save sends it to the state,
//! which writes it through core's `Session::save_file` ([`AppAction::SaveFile`]). This module
//! must not call core.

use std::rc::Rc;

use web_sys::{HtmlElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::context::use_app;
use crate::i18n;
use crate::platform;
use crate::state::editor::{EditFile, Saved};
use crate::state::AppAction;

/// Props of [`Editor`].
#[derive(Properties, PartialEq)]
pub struct EditorProps {
    /// The open file.
    pub file: Rc<EditFile>,
}

/// The editor pane.
#[function_component(Editor)]
pub fn editor(props: &EditorProps) -> Html {
    let app = use_app();
    let file = props.file.clone();
    let text = use_node_ref();
    let gutter = use_node_ref();
    let lines = use_state_eq(|| line_count(&file.saved));
    let dirty = use_state_eq(|| false);
    let asking = use_state_eq(|| false);

    // The file's text once, when it opens (the editor is keyed by the opening), and the focus.
    {
        let text = text.clone();
        let saved = file.saved.clone();
        use_effect_with((), move |_| {
            if let Some(el) = text.cast::<HtmlTextAreaElement>() {
                el.set_value(&saved);
                let _ = el.set_selection_range(0, 0);
                platform::focus_quietly(&el);
            }
        });
    }
    // After a save, the text is clean again if nothing was typed meanwhile.
    {
        let (text, dirty) = (text.clone(), dirty.clone());
        use_effect_with(file.saved.clone(), move |saved| {
            if let Some(el) = text.cast::<HtmlTextAreaElement>() {
                dirty.set(el.value() != **saved);
            }
        });
    }
    // The question takes the focus; answering it gives it back to the text.
    let first_answer = use_node_ref();
    {
        let (first_answer, text) = (first_answer.clone(), text.clone());
        use_effect_with(*asking, move |asking| {
            let target = if *asking { first_answer.cast::<HtmlElement>() } else { text.cast::<HtmlElement>() };
            if let Some(el) = target {
                platform::focus_quietly(&el);
            }
        });
    }

    let value = {
        let text = text.clone();
        move || text.cast::<HtmlTextAreaElement>().map(|el| el.value()).unwrap_or_default()
    };
    let save = {
        let (dispatcher, value) = (app.dispatcher(), value.clone());
        Rc::new(move || dispatcher.dispatch(AppAction::SaveFile { text: value(), close: false }))
    };
    let close = {
        let (dispatcher, dirty, asking) = (app.dispatcher(), dirty.clone(), asking.clone());
        Rc::new(move || {
            if *dirty {
                asking.set(true);
            } else {
                dispatcher.dispatch(AppAction::CloseEditor);
            }
        })
    };
    let oninput = {
        let (value, lines, dirty, saved) = (value.clone(), lines.clone(), dirty.clone(), file.saved.clone());
        Callback::from(move |_: InputEvent| {
            let now = value();
            lines.set(line_count(&now));
            dirty.set(now != *saved);
        })
    };
    let onkeydown = {
        let (save, close) = (save.clone(), close.clone());
        Callback::from(move |e: KeyboardEvent| {
            if (e.ctrl_key() || e.meta_key()) && (e.key() == "s" || e.code() == "KeyS") {
                e.prevent_default();
                save();
            } else if e.key() == "Escape" && !e.is_composing() {
                e.prevent_default();
                close();
            }
        })
    };
    // The numbers scroll with the text.
    let onscroll = {
        let (text, gutter) = (text.clone(), gutter.clone());
        Callback::from(move |_: Event| {
            if let (Some(t), Some(g)) = (text.cast::<HtmlElement>(), gutter.cast::<HtmlElement>()) {
                g.set_scroll_top(t.scroll_top());
            }
        })
    };
    let on_save = {
        let save = save.clone();
        Callback::from(move |_: MouseEvent| save())
    };
    let on_close = Callback::from(move |_: MouseEvent| close());
    // The question's answers: save then close, close without saving, or go on editing.
    let answer = |what: u8| {
        let (dispatcher, asking, value) = (app.dispatcher(), asking.clone(), value.clone());
        Callback::from(move |_: MouseEvent| {
            asking.set(false);
            match what {
                0 => dispatcher.dispatch(AppAction::SaveFile { text: value(), close: true }),
                1 => dispatcher.dispatch(AppAction::CloseEditor),
                _ => {}
            }
        })
    };
    let on_dialog_key = {
        let asking = asking.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                asking.set(false);
            }
        })
    };

    let numbers: String = (1..=*lines).map(|n| format!("{n}\n")).collect();
    let status = match &file.status {
        Saved::No if *dirty => i18n::EDITOR_MODIFIED.to_string(),
        Saved::No if !file.exists => i18n::EDITOR_NEW_FILE.to_string(),
        Saved::No => String::new(),
        Saved::Wrote(n) if !*dirty => i18n::editor_wrote(*n),
        Saved::Wrote(_) => i18n::EDITOR_MODIFIED.to_string(),
        Saved::Failed(reason) => i18n::editor_failed(reason),
    };
    html! {
        <section id="editor" class="editor" aria-label={i18n::editor_label(&file.path)} data-path={file.path.clone()}
                 data-dirty={if *dirty { "true" } else { "false" }}>
            <div class="editor-bar">
                <label class="editor-file" for="editor-text">
                    <span class="editor-name">{ i18n::editor_name(&file.editor) }</span>
                    <code>{ file.path.clone() }</code>
                </label>
                <button id="editor-save" type="button" aria-keyshortcuts="Control+S" onclick={on_save}>
                    { i18n::EDITOR_SAVE }
                </button>
                <button id="editor-close" type="button" aria-keyshortcuts="Escape" onclick={on_close}>
                    { i18n::EDITOR_CLOSE }
                </button>
            </div>
            <div class="editor-body">
                <pre class="editor-gutter" aria-hidden="true" ref={gutter}>{ numbers }</pre>
                <textarea id="editor-text" class="editor-text" ref={text} wrap="off" spellcheck="false"
                          autocomplete="off" autocapitalize="off" aria-describedby="editor-help editor-status"
                          {oninput} {onkeydown} {onscroll} />
            </div>
            if *asking {
                <div class="editor-ask" role="alertdialog" aria-modal="true" aria-labelledby="editor-ask-text"
                     onkeydown={on_dialog_key}>
                    <p id="editor-ask-text">{ i18n::EDITOR_ASK }</p>
                    <button id="editor-ask-save" type="button" ref={first_answer} onclick={answer(0)}>
                        { i18n::EDITOR_ASK_SAVE }
                    </button>
                    <button id="editor-ask-discard" type="button" onclick={answer(1)}>{ i18n::EDITOR_ASK_DISCARD }</button>
                    <button type="button" onclick={answer(2)}>{ i18n::EDITOR_ASK_CANCEL }</button>
                </div>
            }
            <p class="editor-foot">
                <span id="editor-status" role="status">{ status }</span>
                <span id="editor-help" class="editor-help">{ i18n::EDITOR_HELP }</span>
            </p>
        </section>
    }
}

/// How many lines the text area shows (the empty one after a final newline too, where the
/// caret goes next).
fn line_count(text: &str) -> usize {
    text.split('\n').count()
}
