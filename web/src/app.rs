//! The root component: creates the state, provides it as context, follows the address (links
//! between the site's pages, Back and Forward), loads the outline, every lesson (the routed one
//! first) and the routed lesson's machine, restores and saves progress and machines, and lays
//! out the frame: the header and the two panes (lesson | practice), or the check page.
//!
//! The release build renders this same component ahead of time into each page
//! ([`AppProps::initial`], `crate::prerender`), so the lesson paints from the first response.
//! The app then mounts outside the document and, once it shows that same page (its lesson and
//! its machine), takes the rendered copy's place in one step (`platform::take_over`) and runs
//! the ▶ commands clicked while it loaded.
//!
//! The frame never scrolls: the page is exactly the viewport and each pane scrolls inside
//! itself (the stylesheet). On a phone the practice pane is a bottom sheet that shows the
//! terminal, the diagram or the preview, and opens on the terminal whenever a ▶ runs.
//! It must not contain view details of the panes or any Docker knowledge.

use std::rc::Rc;

use whalelab_core::course::summary::Summary;
use yew::prelude::*;

#[cfg(feature = "full")]
use crate::components::check_page::CheckPage;
use crate::components::diagram::DiagramPane;
use crate::components::lesson::LessonPane;
use crate::components::nav::SiteHeader;
use crate::components::preview::Preview;
use crate::components::splitter::Splitter;
use crate::components::terminal::Terminal;
use crate::context::{current_route, navigate, run_command, start_exercise, AppContext};
use crate::i18n;
use crate::loader::{fetch_lesson, fetch_registry_files, load_lesson_at, load_outline};
use crate::platform::{self, Timeout};
use crate::route::{lines_of, unpack, Pages, Route, Share};
use crate::state::handover::{self, Handed};
use crate::state::lesson::load_lesson;
use crate::state::machine;
use crate::state::persist::{self, Corrupt};
use crate::state::{machine_key, routed_lesson, AppAction, AppState, LessonStatus, OutlineStatus, Same};

/// Props of [`App`]; the site uses the defaults.
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    /// Show this lesson file's text (front matter and Markdown) instead of fetching
    /// `content/` (tests, and later the instructors' preview).
    #[prop_or_default]
    pub lesson_markdown: Option<AttrValue>,
    /// A fixed seed for the session (tests); by default `platform` picks one.
    #[prop_or_default]
    pub seed: Option<u64>,
    /// A practice registry to use instead of fetching `content/registry/` (tests).
    #[prop_or_default]
    pub catalogue: Option<whalelab_core::Catalogue>,
    /// The whole state to start from: the release build's rendering of a page ahead of time
    /// ([`AppState::prerendered`]), where nothing is fetched and no effect runs.
    #[prop_or_default]
    pub initial: Option<Same<AppState>>,
}

/// How long after a change a machine is saved (a burst of commands saves once).
const SAVE_DELAY_MS: u32 = 400;

/// What the practice pane shows on a phone, where only one of its parts fits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sheet {
    Terminal,
    Diagram,
    Preview,
}

/// The sheet's parts and their names.
const SHEETS: [(Sheet, &str); 3] = [
    (Sheet::Terminal, i18n::TERMINAL_LABEL),
    (Sheet::Diagram, i18n::DIAGRAM_PANE_LABEL),
    (Sheet::Preview, i18n::PREVIEW_TITLE),
];

/// The whole page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let seed = props.seed;
    let initial = props.initial.clone();
    let state = use_reducer(move || match initial {
        Some(Same(state)) => (*state).clone(),
        None => AppState {
            pages: platform::rendered_pages().map_or_else(Pages::default, |meta| Pages::from_meta(&meta)),
            ..AppState::new(whalelab_core::SessionConfig {
                seed: seed.unwrap_or_else(platform::new_seed),
                start_time: platform::now(),
            })
        },
    });
    let root = use_node_ref();
    let inline = props.lesson_markdown.clone();

    // The practice registry: its index at start (or the one the props give), then whatever
    // files an action waits for, fetched and handed to the reducer, which runs the action.
    {
        let dispatcher = state.dispatcher();
        let given = props.catalogue.clone();
        use_effect_with((), move |_| match given {
            Some(catalogue) => dispatcher.dispatch(AppAction::UseCatalogue(catalogue)),
            None => yew::platform::spawn_local(async move {
                let files = fetch_registry_files(vec![whalelab_core::catalogue::INDEX_PATH.to_string()]).await;
                dispatcher.dispatch(AppAction::RegistryFiles(files));
            }),
        });
    }
    {
        let dispatcher = state.dispatcher();
        // Keyed by the round too: a round that asks for the same files again fetches again.
        // (What waits for the full engine is handed over instead: see below.)
        let wanted = state
            .registry
            .awaiting
            .as_ref()
            .filter(|_| state.registry.ready && !state.registry.needs_full_engine())
            .map(|a| (a.files.clone(), a.rounds));
        use_effect_with(wanted, move |wanted| {
            if let Some((files, _)) = wanted.clone() {
                yew::platform::spawn_local(async move {
                    dispatcher.dispatch(AppAction::RegistryFiles(fetch_registry_files(files).await));
                });
            }
        });
    }

    // After every change: the history and the progress are saved at once; the open machine
    // (its genesis and inputs) shortly after (a burst of commands saves once), and at once
    // when another machine opens or the page goes away (see the mount effect below).
    let pending = use_mut_ref(|| None::<(String, String)>);
    let flush = {
        let pending = pending.clone();
        Rc::new(move || {
            if let Some((key, text)) = pending.borrow_mut().take() {
                platform::storage_set(&machine::storage_key(&key), &text);
            }
        })
    };
    {
        let timer = use_mut_ref(|| None::<Timeout>);
        let flush = flush.clone();
        let history = state.full_history();
        let progress = state.progress.clone();
        let m = &state.machine;
        let key = m.key.clone();
        let text = (!m.key.is_empty() && m.used() && m.log.len() <= machine::MAX_LOG)
            .then(|| machine::encode(&m.genesis, &m.log, m.attempt.as_ref()));
        use_effect_with((state.revision, Rc::as_ptr(&state.progress) as usize), move |(revision, _)| {
            if *revision > 0 {
                platform::storage_set(persist::HISTORY_KEY, &persist::encode_history(&history));
            }
            if !progress.is_empty() {
                platform::storage_set(persist::PROGRESS_KEY, &persist::encode_progress(&progress));
            }
            if pending.borrow().as_ref().is_some_and(|(k, _)| *k != key) {
                flush();
            }
            if let Some(text) = text {
                *pending.borrow_mut() = Some((key, text));
                *timer.borrow_mut() = Some(Timeout::new(SAVE_DELAY_MS, move || flush()));
            }
        });
    }

    // A line that needs docker build, compose or jq in the first wasm: the machine is saved at
    // once and the full engine's wasm takes the page over, with what waited (state::handover).
    {
        let dispatcher = state.dispatcher();
        let handed = state.registry.needs_full_engine().then(|| state.registry.handed());
        let screen = handed.as_ref().map(|_| handover::encode_screen(&state.machine.key, &state.machine.scrollback));
        let flush = flush.clone();
        use_effect_with(handed, move |handed| {
            if let (Some(handed), Some(screen)) = (handed, screen) {
                flush();
                platform::hand_over(handed, &screen, move || dispatcher.dispatch(AppAction::HandOverFailed));
            }
        });
    }

    // Once, at mount: what earlier visits saved (unreadable data is replaced and explained,
    // never fatal); the address, now and after every change (links to the site's pages, which
    // the app opens itself, Back, Forward); a save when the page goes away; the outline (an
    // inline lesson needs none), then every lesson in the background for the 목차 and the
    // totals; and the mark the end-to-end test times a cold load to (effects run after the
    // first paint is committed to the DOM).
    {
        let dispatcher = state.dispatcher();
        let inline = inline.is_some();
        use_effect_with((), move |_| {
            let history = persist::decode_history(platform::storage_get(persist::HISTORY_KEY).as_deref());
            let progress = persist::decode_progress(platform::storage_get(persist::PROGRESS_KEY).as_deref());
            let corrupt = history.is_err() || progress.is_err();
            if history == Err(Corrupt) {
                platform::storage_set(persist::HISTORY_KEY, &persist::encode_history(&[]));
            }
            if progress == Err(Corrupt) {
                platform::storage_set(persist::PROGRESS_KEY, &persist::encode_progress(&Default::default()));
            }
            dispatcher.dispatch(AppAction::Restore {
                history: history.unwrap_or_default(),
                progress: progress.unwrap_or_default(),
                notice: corrupt.then(|| i18n::STORAGE_CORRUPT.to_string()),
            });
            dispatcher.dispatch(AppAction::Navigate(current_route()));
            let history = {
                let dispatcher = dispatcher.clone();
                platform::on_history_change(move || dispatcher.dispatch(AppAction::Navigate(current_route())))
            };
            let links = {
                let dispatcher = dispatcher.clone();
                platform::on_site_link_click(move |href| navigate(&dispatcher, &href))
            };
            let hide = platform::on_page_hide(move || flush());
            if !inline {
                yew::platform::spawn_local(async move {
                    match load_outline().await {
                        Ok((summary, file)) => {
                            let summary = Rc::new(summary);
                            dispatcher.dispatch(AppAction::OutlineLoaded(OutlineStatus::Ready(summary.clone())));
                            dispatcher.dispatch(AppAction::CourseFile { file, doc: None });
                            index_lessons(&dispatcher, &summary).await;
                        }
                        Err(reason) => dispatcher.dispatch(AppAction::OutlineLoaded(OutlineStatus::Failed(reason))),
                    }
                });
            }
            platform::mark("app-rendered");
            move || drop((history, links, hide))
        });
    }

    // The lesson for the route, once the outline says which file it is.
    {
        let dispatcher = state.dispatcher();
        let index = state.course.clone();
        use_effect_with(
            (state.route.clone(), state.outline.clone(), inline.clone()),
            move |(route, outline, inline)| {
                if let Some(markdown) = inline {
                    dispatcher.dispatch(match load_lesson("lessons/inline.md", markdown) {
                        Ok(doc) => AppAction::LessonLoaded(Rc::new(doc)),
                        Err(reason) => AppAction::LessonFailed(reason),
                    });
                    return;
                }
                let path = match routed_lesson(route, outline) {
                    Some(Ok(path)) => path,
                    Some(Err(reason)) => {
                        dispatcher.dispatch(AppAction::LessonFailed(reason));
                        return;
                    }
                    None => return,
                };
                if let Some(doc) = index.get(&path) {
                    dispatcher.dispatch(AppAction::LessonLoaded(doc.clone()));
                    return;
                }
                dispatcher.dispatch(AppAction::LessonLoading);
                yew::platform::spawn_local(async move {
                    dispatcher.dispatch(match load_lesson_at(&path).await {
                        Ok(doc) => AppAction::LessonLoaded(Rc::new(doc)),
                        Err(reason) => AppAction::LessonFailed(reason),
                    });
                });
            },
        );
    }

    // The routed lesson's machine (or the sandbox's): one visited before in this visit, else
    // the stored one, else a fresh one. A share link then runs on a fresh sandbox, once.
    {
        let dispatcher = state.dispatcher();
        let key = machine_key(&state.route, &state.outline, &state.lesson);
        let share = match &state.route {
            Route::Sandbox { share } => share.clone(),
            _ => Share::None,
        };
        let replayed = use_mut_ref(|| None::<Share>);
        let parked = state.parked.contains_key(key.as_deref().unwrap_or_default());
        use_effect_with((key, share), move |(key, share)| {
            let Some(key) = key.clone() else { return };
            let stored = if parked {
                Ok(None)
            } else {
                let stored = machine::decode(platform::storage_get(&machine::storage_key(&key)).as_deref());
                if stored.is_err() {
                    platform::storage_remove(&machine::storage_key(&key));
                }
                stored
            };
            dispatcher.dispatch(AppAction::SwitchMachine { key, stored, config: platform::fresh_config() });
            if *share != Share::None && replayed.borrow().as_ref() != Some(share) {
                *replayed.borrow_mut() = Some(share.clone());
                replay_share(dispatcher, share.clone());
            }
        });
    }

    // The page is ready once it shows what the address asks for (its lesson, or why not, on
    // its own machine): then it takes the place of the copy rendered ahead of time, if the
    // page has one, and runs the ▶ commands clicked meanwhile. After that, another lesson
    // starts at its top, or where the reader left it when Back or Forward returns to it.
    {
        let ready = !state.static_page && page_ready(&state);
        let taken = use_mut_ref(|| false);
        let root = root.clone();
        let dispatcher = state.dispatcher();
        let app = state.clone();
        // What the pane shows, cheaply compared: the kind of route and the lesson's identity.
        let kind = match &state.route {
            Route::Home | Route::Lesson(_) => 0u8,
            Route::Sandbox { .. } => 1,
            Route::Check => 2,
            Route::NotFound(_) => 3,
        };
        let lesson_ptr = match &state.lesson {
            LessonStatus::Ready(doc) => Rc::as_ptr(doc) as usize,
            _ => 0,
        };
        use_effect_with((ready, kind, lesson_ptr), move |(ready, _, _)| {
            if *taken.borrow() {
                platform::scroll_lesson_pane(platform::saved_pane_scroll().unwrap_or(0));
            } else if *ready {
                *taken.borrow_mut() = true;
                if let Some(app) = root.cast::<web_sys::Element>() {
                    platform::take_over(&app);
                }
                if let Some((key, screen)) = platform::take_handed_screen().and_then(|t| handover::decode_screen(&t)) {
                    dispatcher.dispatch(AppAction::AdoptScreen { key, screen });
                }
                for item in platform::take_queued_commands() {
                    match item {
                        Handed::Command { line, source } => run_command(&dispatcher, line, source),
                        Handed::Exercise(id) => {
                            if let Some(exercise) = app.exercise(&id) {
                                start_exercise(&dispatcher, exercise);
                            }
                        }
                    }
                }
                platform::mark("app-ready");
            }
        });
    }
    {
        let title = state.title();
        use_effect_with(title, |title| {
            if let Some(title) = title {
                platform::set_title(title);
            }
        });
    }

    // The phone's bottom sheet: which part, and whether it is opened wide. A ▶ (or an
    // exercise's start) brings the terminal up, so its result is on screen.
    let sheet = use_state(|| Sheet::Terminal);
    let wide = use_state(|| false);
    {
        let sheet = sheet.clone();
        let last_command = state.machine.scrollback.entries().iter().rev().find(|e| e.echo).map(|e| e.id);
        // So does a file opened from the files tab (the editor is in the terminal's part). The
        // two numbers never change in the same step, so their sum changes whenever either does
        // (and the effect keeps its one dependency type).
        let moved = Some(last_command.map_or(0, |id| id + 1) + state.machine.editor.as_ref().map_or(0, |f| f.seq + 1));
        use_effect_with((moved, state.machine.key.clone()), move |_| sheet.set(Sheet::Terminal));
    }

    let on_dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(AppAction::DismissNotice))
    };
    let check = state.route == Route::Check;
    use_effect_with(check, |check| {
        if *check && !cfg!(feature = "full") {
            // check.html loads the full engine itself (see check_page).
            platform::reload();
        }
    });
    let sheet_tab = |(which, label): (Sheet, &'static str)| {
        let onclick = {
            let sheet = sheet.clone();
            Callback::from(move |_: MouseEvent| sheet.set(which))
        };
        let on = *sheet == which;
        html! {
            <button type="button" class={classes!("sheet-tab", on.then_some("selected"))}
                    aria-pressed={if on { "true" } else { "false" }} {onclick}>{ label }</button>
        }
    };
    let on_wide = {
        let wide = wide.clone();
        Callback::from(move |_: MouseEvent| wide.set(!*wide))
    };
    let sheet_name = match *sheet {
        Sheet::Terminal => "terminal",
        Sheet::Diagram => "diagram",
        Sheet::Preview => "preview",
    };

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <div class="app" ref={root} data-static={state.static_page.then_some("true")}>
                <SiteHeader />
                if let Some(notice) = &state.notice {
                    <div class="notice-banner" role="status">
                        <span>{ notice.clone() }</span>
                        <button type="button" onclick={on_dismiss}>{ i18n::DISMISS }</button>
                    </div>
                }
                if check {
                    { check_page() }
                } else {
                    <main class="layout">
                        <LessonPane />
                        <Splitter />
                        <section class={classes!("practice-pane", (*wide).then_some("wide"))}
                                 data-sheet={sheet_name} aria-label={i18n::PRACTICE_PANE_LABEL}>
                            <div class="sheet-bar" role="group" aria-label={i18n::SHEET_LABEL}>
                                { for SHEETS.into_iter().map(sheet_tab) }
                                <button id="sheet-size" type="button" class="sheet-size" aria-expanded={if *wide { "true" } else { "false" }}
                                        onclick={on_wide}>{ if *wide { i18n::SHEET_SMALLER } else { i18n::SHEET_LARGER } }</button>
                            </div>
                            <Terminal />
                            <DiagramPane snapshot={state.machine.snapshot.clone()} events={state.machine.last_events.clone()}
                                command={AttrValue::from(state.session().history().last().cloned().unwrap_or_default())}
                                revision={state.revision} />
                            <Preview />
                        </section>
                    </main>
                }
            </div>
        </ContextProvider<AppContext>>
    }
}

/// Whether the page shows what its address asks for: the routed lesson (or the reason it
/// cannot) on its own machine, the sandbox's machine, the check page's verdict.
fn page_ready(state: &AppState) -> bool {
    let key = machine_key(&state.route, &state.outline, &state.lesson);
    match (&state.route, &state.lesson) {
        (Route::Home | Route::Lesson(_), LessonStatus::Failed(_)) => true,
        (Route::Home | Route::Lesson(_), LessonStatus::Loading) => false,
        (Route::Check, _) => state.course.complete || matches!(state.outline, OutlineStatus::Failed(_)),
        (Route::NotFound(_), _) => true,
        _ => key.is_some_and(|k| k == state.machine.key),
    }
}

/// Runs a share link's commands on a fresh sandbox (unpacking a compressed link first), then
/// makes the address the plain sandbox's, so a reload does not run them again.
fn replay_share(dispatcher: UseReducerDispatcher<AppState>, share: Share) {
    yew::platform::spawn_local(async move {
        let lines = match share {
            Share::None => return,
            Share::Plain(lines) => lines,
            Share::Packed(packed) => {
                let text = match unpack(&packed) {
                    Some(bytes) => platform::inflate(&bytes).await.ok(),
                    None => None,
                };
                match text {
                    Some(text) => lines_of(&text),
                    None => {
                        dispatcher.dispatch(AppAction::Notify(i18n::SHARE_BROKEN.to_string()));
                        return;
                    }
                }
            }
        };
        if !lines.is_empty() {
            dispatcher.dispatch(AppAction::ShareReplay { lines, config: platform::fresh_config() });
        }
        // The sandbox page's address does not depend on which lessons have pages.
        platform::replace_address(&Route::Sandbox { share: Share::None }.href(&Pages::default()));
    });
}

/// Fetches and parses every lesson of the outline, one after another, for the 목차, the
/// totals and the check page. A lesson that cannot be fetched is left out (its own page says
/// why, and the check page reports it missing).
async fn index_lessons(dispatcher: &UseReducerDispatcher<AppState>, summary: &Summary) {
    let mut done: Vec<&str> = Vec::new();
    for entry in summary.entries() {
        if done.contains(&entry.path.as_str()) {
            continue;
        }
        done.push(&entry.path);
        if let Ok(file) = fetch_lesson(&entry.path).await {
            let doc = load_lesson(&file.path, &file.text).ok().map(Rc::new);
            dispatcher.dispatch(AppAction::CourseFile { file, doc });
        }
    }
    dispatcher.dispatch(AppAction::CourseComplete);
}

/// The instructors' check page runs every exercise's solution, builds and compose projects
/// included, so it belongs to the full engine: its page loads the second wasm directly
/// (`whalelab render`), and the first one, sent there by a link or Back, loads that page.
#[cfg(feature = "full")]
fn check_page() -> Html {
    html! { <CheckPage /> }
}

/// See the full engine's version: this one only waits for the page to load.
#[cfg(not(feature = "full"))]
fn check_page() -> Html {
    Html::default()
}
