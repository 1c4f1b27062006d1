//! The terminal: scrollback above, the prompt line below, one scrolling screen.
//!
//! This module only lays the pieces out and keeps the newest line in view; the line model is
//! `state::terminal`, the keys are handled in `prompt_line.rs`. It must not run commands.
//!
//! The touch keys under the screen (Tab, ↑, ↓, Ctrl+C) send the input the same `keydown`
//! a keyboard would, so they behave exactly like the keys (also during a reverse search);
//! they keep the focus in the input, so a phone's keyboard stays open.

pub mod output_line;
pub mod prompt_line;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use web_sys::Element;
use yew::prelude::*;

use crate::context::use_app;
use crate::i18n;
use crate::platform;
use crate::state::AppAction;

/// How often a held terminal asks the container for new output.
const POLL_MS: u64 = 200;
use output_line::TerminalOutput;
use prompt_line::PromptLine;

/// The whole terminal (`#terminal`).
#[function_component(Terminal)]
pub fn terminal() -> Html {
    let app = use_app();
    let screen = use_node_ref();
    let input = use_node_ref();

    // Keep the latest line visible after every command, like a real terminal.
    {
        let screen = screen.clone();
        let last = app.scrollback.entries().last().map(|e| e.id);
        use_effect_with((last, app.revision), move |_| {
            if let Some(el) = screen.cast::<Element>() {
                el.set_scroll_top(el.scroll_height());
            }
        });
    }

    // While a container holds the terminal, fetch its new output every 200 ms.
    {
        let dispatcher = app.dispatcher();
        use_effect_with(app.session.is_held(), move |held| {
            let alive = Rc::new(Cell::new(*held));
            if *held {
                let alive = alive.clone();
                yew::platform::spawn_local(async move {
                    loop {
                        yew::platform::time::sleep(Duration::from_millis(POLL_MS)).await;
                        if !alive.get() {
                            break;
                        }
                        dispatcher.dispatch(AppAction::Poll { now: platform::now() });
                    }
                });
            }
            move || alive.set(false)
        });
    }

    // With the prompt free, time can still change the machine (a detached container's
    // `sleep` running out, a restart back-off ending): poll once when core says it is due, so
    // the diagram and the preview follow without a keypress.
    {
        let dispatcher = app.dispatcher();
        let due = if app.session.is_held() { None } else { app.session.next_timer() };
        use_effect_with((app.revision, due), move |(_, due)| {
            let alive = Rc::new(Cell::new(true));
            if let Some(due) = *due {
                let alive = alive.clone();
                // At most a day ahead (a restart back-off is a minute at most; sleeps may be long).
                let wait = due.saturating_sub(platform::now()).min(86_400_000);
                yew::platform::spawn_local(async move {
                    yew::platform::time::sleep(Duration::from_millis(wait + 1)).await;
                    if alive.get() {
                        dispatcher.dispatch(AppAction::Poll { now: platform::now() });
                    }
                });
            }
            move || alive.set(false)
        });
    }

    // A click anywhere on the screen focuses the input, unless the learner is selecting text
    // to copy.
    let onmouseup = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting =
                web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed());
            if !selecting {
                if let Some(el) = input.cast::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
        })
    };

    let on_undo = {
        let dispatcher = app.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(AppAction::Undo))
    };
    let on_redo = {
        let dispatcher = app.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(AppAction::Redo))
    };

    let touch_key = |input: &NodeRef, key: &'static str, ctrl: bool, label: &'static str, title: &'static str| {
        let input = input.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                send_key(&el, key, ctrl);
                let _ = el.focus();
            }
        });
        // Pressing a button would take the focus (and close a phone's keyboard).
        let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
        html! {
            <button type="button" class="touch-key" data-key={key} {title} aria-label={title} {onclick} {onmousedown}>
                { label }
            </button>
        }
    };

    html! {
        <section id="terminal" class="terminal" aria-label={i18n::TERMINAL_LABEL}>
            <div class="terminal-screen" ref={screen} {onmouseup}>
                <TerminalOutput entries={app.scrollback.entries().to_vec()} />
                <PromptLine
                    prompt={AttrValue::from(app.prompt())}
                    request={app.input.clone()}
                    input_ref={input.clone()}
                />
            </div>
            <div class="touch-keys" role="toolbar" aria-label={i18n::TOUCH_KEYS_LABEL}>
                { touch_key(&input, "Tab", false, "Tab", i18n::TOUCH_TAB_TITLE) }
                { touch_key(&input, "ArrowUp", false, "↑", i18n::TOUCH_UP_TITLE) }
                { touch_key(&input, "ArrowDown", false, "↓", i18n::TOUCH_DOWN_TITLE) }
                { touch_key(&input, "c", true, i18n::TOUCH_CTRL_C, i18n::TOUCH_CTRL_C_TITLE) }
            </div>
            <div class="terminal-bar">
                <button id="undo" type="button" title={i18n::UNDO_TITLE} disabled={app.undo.is_empty()} onclick={on_undo}>
                    { i18n::UNDO }
                </button>
                <button id="redo" type="button" title={i18n::REDO_TITLE} disabled={app.redo.is_empty()} onclick={on_redo}>
                    { i18n::REDO }
                </button>
                <p class="terminal-help">{ i18n::TERMINAL_HELP }{ " · " }{ i18n::TERMINAL_HELP_SEARCH }</p>
            </div>
        </section>
    }
}

/// Sends `keydown` for `key` to the input, bubbling so Yew's listener sees it.
fn send_key(input: &web_sys::HtmlInputElement, key: &str, ctrl: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_ctrl_key(ctrl);
    if ctrl {
        init.set_code("KeyC");
    }
    init.set_bubbles(true);
    init.set_cancelable(true);
    if let Ok(event) = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init) {
        let _ = input.dispatch_event(&event);
    }
}
