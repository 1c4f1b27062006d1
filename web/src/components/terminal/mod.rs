//! The terminal: scrollback above, the prompt line below, one scrolling screen.
//!
//! This module only lays the pieces out and keeps the newest line in view; the line model is
//! `state::terminal`, the keys are handled in `prompt_line.rs`. It must not run commands.

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

    html! {
        <section id="terminal" class="terminal" aria-label={i18n::TERMINAL_LABEL}>
            <div class="terminal-screen" ref={screen} {onmouseup}>
                <TerminalOutput entries={app.scrollback.entries().to_vec()} />
                <PromptLine
                    prompt={AttrValue::from(app.prompt())}
                    request={app.input.clone()}
                    input_ref={input}
                />
            </div>
            <div class="terminal-bar">
                <button id="undo" type="button" title={i18n::UNDO_TITLE} disabled={app.undo.is_empty()} onclick={on_undo}>
                    { i18n::UNDO }
                </button>
                <button id="redo" type="button" title={i18n::REDO_TITLE} disabled={app.redo.is_empty()} onclick={on_redo}>
                    { i18n::REDO }
                </button>
                <p class="terminal-help">{ i18n::TERMINAL_HELP }</p>
            </div>
        </section>
    }
}
