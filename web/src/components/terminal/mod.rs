//! The terminal: which machine it is, the scrollback and the prompt line in one scrolling
//! screen, the touch keys, undo/redo and the help line.
//!
//! Like a terminal emulator it follows its output to the end (new lines, a pull's animated
//! progress, lines re-wrapped after a resize) unless the learner has scrolled up to read; a
//! new command brings it back to the end. Keys and touch keys go through one
//! [`input::Driver`]. A ▶ clicked while a container holds the terminal shows the state's
//! [`Offer`](crate::state::Offer) above the prompt. Screen readers hear what undo, redo and an
//! exercise's start did through a status region. A file an editor command opens covers the
//! screen (`components::editor`) until it is closed. In the page rendered ahead of time the
//! screen shows [`boot`]'s placeholder and no input line (nothing could answer it yet). The
//! line model is `state::terminal`; this module must not run commands.

pub mod boot;
pub mod input;
pub mod output_line;
pub mod prompt_line;

use std::cell::Cell;
use std::rc::Rc;

use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::components::editor::use_editor;
use crate::components::terminal::input::Driver;
use crate::context::{reset_machine, use_app};
use crate::i18n;
use crate::platform::{self, EventListener, Interval, ResizeWatch, Timeout};
use crate::route::lesson_id;
use crate::state::keys::{Intent, KeyMemory};
use crate::state::machine::SANDBOX_KEY;
use crate::state::search::ReverseSearch;
use crate::state::{AppAction, AppState};
use output_line::TerminalOutput;
use prompt_line::prompt_line;

/// How often a held terminal asks the container for new output.
const POLL_MS: u32 = 200;
/// How close to the end (in pixels) still counts as "at the end".
const STICKY_PX: i32 = 24;

/// The touch keys: what each does, its label and its accessible name.
const TOUCH_KEYS: [(Intent, &str, &str); 10] = [
    (Intent::Complete, "Tab", i18n::TOUCH_TAB_TITLE),
    (Intent::HistoryPrev, "↑", i18n::TOUCH_UP_TITLE),
    (Intent::HistoryNext, "↓", i18n::TOUCH_DOWN_TITLE),
    (Intent::Insert("-"), "-", i18n::TOUCH_DASH_TITLE),
    (Intent::Insert(":"), ":", i18n::TOUCH_COLON_TITLE),
    (Intent::Insert("/"), "/", i18n::TOUCH_SLASH_TITLE),
    (Intent::Insert("|"), "|", i18n::TOUCH_PIPE_TITLE),
    (Intent::Escape, "Esc", i18n::TOUCH_ESC_TITLE),
    (Intent::Interrupt, i18n::TOUCH_CTRL_C, i18n::TOUCH_CTRL_C_TITLE),
    (Intent::Detach, i18n::TOUCH_DETACH, i18n::TOUCH_DETACH_TITLE),
];

/// The whole terminal (`#terminal`).
#[function_component(Terminal)]
pub fn terminal() -> Html {
    let app = use_app();
    let screen = use_node_ref();
    let output = use_node_ref();
    let input = use_node_ref();
    let search = use_mut_ref(|| None::<ReverseSearch>);
    let memory = use_mut_ref(KeyMemory::default);
    let composing = use_mut_ref(|| false);
    let redraw = use_force_update();
    let driver = Driver {
        app: app.clone(),
        input: input.clone(),
        search: search.clone(),
        memory,
        composing: composing.clone(),
        redraw: Callback::from(move |_| redraw.force_update()),
    };

    // Whether the screen is at its end: then new output keeps it there.
    let stuck: Rc<Cell<bool>> = use_memo((), |_| Cell::new(true));
    // Where following last put the screen (`i32::MAX` once the learner has scrolled away). A
    // scroll event arrives a frame late: the output may have grown since (a build's lines),
    // and that must not read as the learner scrolling up.
    let ours: Rc<Cell<i32>> = use_memo((), |_| Cell::new(0));
    let to_end = {
        let screen = screen.clone();
        let (stuck, ours) = (stuck.clone(), ours.clone());
        Rc::new(move || {
            if let (true, Some(el)) = (stuck.get(), screen.cast::<Element>()) {
                el.set_scroll_top(el.scroll_height());
                ours.set(el.scroll_top());
            }
        })
    };
    // A new command (or another machine) brings the screen back to its end; any other change
    // keeps it there if it was there.
    {
        let stuck = stuck.clone();
        let to_end = to_end.clone();
        let last_command = app.machine.scrollback.entries().iter().rev().find(|e| e.echo).map(|e| e.id);
        let latest = use_mut_ref(|| None::<(Option<u64>, String)>);
        let now = (last_command, app.machine.key.clone());
        use_effect_with(app.revision, move |_| {
            if latest.borrow().as_ref() != Some(&now) {
                stuck.set(true);
                *latest.borrow_mut() = Some(now);
            }
            to_end();
        });
    }

    // Show what the state asked the input to show (history recall), caret at the end.
    {
        let input = input.clone();
        use_effect_with(app.input.clone(), move |request| {
            if request.seq > 0 {
                if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                    el.set_value(&request.text);
                    let end = request.text.encode_utf16().count() as u32;
                    let _ = el.set_selection_range(end, end);
                }
            }
        });
    }

    // Once, at mount: scrolling up to read stops the following and scrolling back to the end
    // resumes it; the output growing (a command, streamed lines, a pull's frames) or
    // re-wrapping is followed; the input listens for an IME's composition (Yew has no
    // attributes for it); and the focus starts in the terminal (`autofocus` only works for
    // elements present at page load), without scrolling: on a phone the lesson comes first.
    {
        let screen = screen.clone();
        let output = output.clone();
        let input = input.clone();
        let stuck = stuck.clone();
        let to_end = to_end.clone();
        let ours = ours.clone();
        use_effect_with((), move |_| {
            let scroll = screen.cast::<Element>().map(|el| {
                let target = el.clone();
                EventListener::new(&el, "scroll", move |_| {
                    let top = target.scroll_top();
                    let gap = target.scroll_height() - top - target.client_height();
                    let follow = gap <= STICKY_PX || top >= ours.get();
                    if !follow {
                        ours.set(i32::MAX);
                    }
                    stuck.set(follow);
                })
            });
            let watch = output.cast::<Element>().and_then(|el| ResizeWatch::new(&el, move || to_end()));
            let ime = input.cast::<HtmlElement>().map(|el| {
                platform::focus_quietly(&el);
                let (start, end, blur) = (composing.clone(), composing.clone(), composing);
                [
                    EventListener::new(&el, "compositionstart", move |_| *start.borrow_mut() = true),
                    EventListener::new(&el, "compositionend", move |_| *end.borrow_mut() = false),
                    // A composition cut short by leaving the field must not block Enter later.
                    EventListener::new(&el, "blur", move |_| *blur.borrow_mut() = false),
                ]
            });
            move || drop((scroll, watch, ime))
        });
    }

    // While a container holds the terminal, fetch its new output every 200 ms.
    {
        let dispatcher = app.dispatcher();
        use_effect_with(app.session().is_held(), move |held| {
            let poll = held
                .then(|| Interval::new(POLL_MS, move || dispatcher.dispatch(AppAction::Poll { now: platform::now() })));
            move || drop(poll)
        });
    }

    // With the prompt free, time can still change the machine (a detached container's
    // `sleep` running out, a restart back-off ending): poll once when core says it is due, so
    // the diagram and the preview follow without a keypress.
    {
        let dispatcher = app.dispatcher();
        let due = if app.session().is_held() { None } else { app.session().next_timer() };
        use_effect_with((app.revision, due), move |(_, due)| {
            // At most a day ahead (a restart back-off is a minute at most; sleeps may be long).
            let timer = due.map(|due| {
                let wait = due.saturating_sub(platform::now()).min(86_400_000) as u32;
                Timeout::new(wait + 1, move || dispatcher.dispatch(AppAction::Poll { now: platform::now() }))
            });
            move || drop(timer)
        });
    }

    // The file an editor command opened covers the screen; when it closes, the terminal resumes
    // with the focus at the prompt, as after nano.
    let editor = use_editor(app.machine.editor.clone(), app.dispatcher(), input.clone());

    // The offer appears where the learner's eyes and focus go next.
    let offer_button = use_node_ref();
    {
        let offer_button = offer_button.clone();
        use_effect_with(app.offer.is_some(), move |shown| {
            if let (true, Some(el)) = (*shown, offer_button.cast::<HtmlElement>()) {
                platform::focus_quietly(&el);
            }
        });
    }

    // A click anywhere on the screen focuses the input, unless the learner is selecting text
    // to copy.
    let onmouseup = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            let selecting =
                web_sys::window().and_then(|w| w.get_selection().ok().flatten()).is_some_and(|s| !s.is_collapsed());
            if let (false, Some(el)) = (selecting, input.cast::<HtmlElement>()) {
                platform::focus_quietly(&el);
            }
        })
    };

    let dispatch = |action: fn() -> AppAction| {
        let dispatcher = app.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(action()))
    };
    let on_reset = {
        let dispatcher = app.dispatcher();
        Callback::from(move |_: MouseEvent| reset_machine(&dispatcher))
    };
    let on_return = {
        let dispatcher = app.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(AppAction::ReturnAndRun { now: platform::now() }))
    };

    let touch_key = |&(what, label, title): &(Intent, &'static str, &'static str)| {
        let driver = driver.clone();
        let onclick = Callback::from(move |_: MouseEvent| driver.touch(what));
        // Pressing a button would take the focus (and close a phone's keyboard).
        let onmousedown = Callback::from(|e: MouseEvent| e.prevent_default());
        html! {
            <button type="button" class="touch-key" data-key={label} {title} aria-label={title} {onclick} {onmousedown}>
                { label }
            </button>
        }
    };

    let open_search = search.borrow().clone();
    // Lines waiting for the practice registry's files: echoed, with no prompt under them yet.
    let pending = app.pending_lines();
    html! {
        <section id="terminal" class="terminal" aria-label={i18n::TERMINAL_LABEL}>
            <div class="machine-bar">
                <span id="machine-label" class="machine-label" data-machine={app.machine.key.clone()}>
                    { machine_label(&app) }
                </span>
                <button id="reset-machine" type="button" class="machine-reset" title={i18n::RESET_MACHINE_TITLE}
                        onclick={on_reset}>{ i18n::RESET_MACHINE }</button>
            </div>
            { editor }
            // Kept (hidden) while the editor is open: its listeners and scroll stay as they were.
            <div class="terminal-body" hidden={app.machine.editor.is_some()}>
            <div class="terminal-screen" ref={screen} {onmouseup}>
                { boot::boot_placeholder(app.static_page) }
                <div ref={output}>
                    <TerminalOutput entries={app.machine.scrollback.entries().to_vec()} />
                    // In a box of their own: Yew matches unkeyed children from the end, so lines
                    // spliced in here would make it redraw the whole scrollback (and replay its
                    // pulls and builds).
                    <div>
                        { for pending.iter().map(|line| html! {
                            <div class="line cmd pending" aria-busy="true">
                                <span class="prompt">{ app.prompt() }</span>{ line.clone() }
                            </div>
                        }) }
                    </div>
                    if app.registry.needs_full_engine() {
                        // web/boot.js fills in the progress as the second wasm arrives.
                        <div id="handover" class="terminal-boot handover" role="status">
                            <p class="boot-title">{ i18n::FULL_ENGINE_TITLE }</p>
                            <progress id="handover-progress" class="boot-progress"
                                      aria-label={i18n::FULL_ENGINE_PROGRESS_LABEL}></progress>
                            <p id="handover-bytes" class="boot-bytes"></p>
                            <p class="boot-hint">{ i18n::FULL_ENGINE_HINT }</p>
                        </div>
                    }
                    if let Some(offer) = &app.offer {
                        <div class="terminal-offer" role="group" aria-label={i18n::OFFER_LABEL}>
                            <p>{ i18n::offer_text(&offer.line) }</p>
                            <button id="offer-return" type="button" ref={offer_button} onclick={on_return}>
                                { i18n::OFFER_RETURN }
                            </button>
                            <button type="button" onclick={dispatch(|| AppAction::DismissOffer)}>{ i18n::OFFER_CANCEL }</button>
                        </div>
                    }
                    if !app.static_page {
                        { prompt_line(&driver, &app.prompt(), open_search.as_ref(), !pending.is_empty(), app.session().input_hidden()) }
                    }
                </div>
            </div>
            <div class="touch-keys" role="toolbar" aria-label={i18n::TOUCH_KEYS_LABEL}>
                { for TOUCH_KEYS.iter().map(touch_key) }
            </div>
            <div class="terminal-bar">
                <button id="undo" type="button" title={i18n::UNDO_TITLE} disabled={app.machine.undo.is_empty()}
                        onclick={dispatch(|| AppAction::Undo)}>
                    { i18n::UNDO }
                </button>
                <button id="redo" type="button" title={i18n::REDO_TITLE} disabled={app.machine.redo.is_empty()}
                        onclick={dispatch(|| AppAction::Redo)}>
                    { i18n::REDO }
                </button>
                <p id="terminal-help" class="terminal-help">{ i18n::TERMINAL_HELP }</p>
            </div>
            </div>
            <p id="terminal-status" class="visually-hidden" role="status">
                <span key={app.announcement.seq}>{ app.announcement.text.clone() }</span>
            </p>
        </section>
    }
}

/// Which machine the terminal is, in Korean: the lesson's title, the sandbox, and the
/// exercise started on it.
fn machine_label(app: &AppState) -> String {
    let key = app.machine.key.as_str();
    let name = if key == SANDBOX_KEY {
        i18n::SANDBOX_TITLE.to_string()
    } else {
        let title = match &app.outline {
            crate::state::OutlineStatus::Ready(summary) => {
                summary.entries().find(|e| lesson_id(&e.path) == key).map(|e| e.title.clone())
            }
            _ => None,
        };
        title.unwrap_or_else(|| key.to_string())
    };
    let exercise = app.machine.attempt.as_ref().and_then(|a| app.exercise(&a.exercise)).map(|e| e.title.clone());
    i18n::machine_label(&name, exercise.as_deref())
}
