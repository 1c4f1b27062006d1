//! The root component: creates the state, provides it as context, follows the hash route,
//! loads the outline and the routed lesson, restores and saves progress, and lays out the
//! header and the two panes (lesson | practice) or the check page.
//!
//! It must not contain view details of the panes or any Docker knowledge.

use std::rc::Rc;

use whalelab_core::SessionConfig;
use yew::prelude::*;

use crate::components::check_page::CheckPage;
use crate::components::diagram::DiagramPane;
use crate::state::lesson::load_lesson;
use crate::loader::{load_lesson_at, load_outline};
use crate::components::lesson::LessonPane;
use crate::components::nav::SiteHeader;
use crate::components::preview::Preview;
use crate::components::splitter::Splitter;
use crate::components::terminal::Terminal;
use crate::context::{run_command, AppContext};
use crate::i18n;
use crate::platform;
use crate::route::{lesson_id, Route};
use crate::state::persist::{self, Corrupt};
use crate::state::{AppAction, AppState, OutlineStatus};

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
}

/// The whole page.
#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let seed = props.seed;
    let state = use_reducer(move || {
        AppState::new(SessionConfig { seed: seed.unwrap_or_else(platform::new_seed), start_time: platform::now() })
    });

    // What earlier visits saved; unreadable data is replaced and explained, never fatal.
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let history = persist::decode_history(platform::storage_get(persist::HISTORY_KEY).as_deref());
            let solved = persist::decode_progress(platform::storage_get(persist::PROGRESS_KEY).as_deref());
            let corrupt = history.is_err() || solved.is_err();
            if history == Err(Corrupt) {
                platform::storage_set(persist::HISTORY_KEY, &persist::encode_history(&[]));
            }
            if solved == Err(Corrupt) {
                platform::storage_set(persist::PROGRESS_KEY, &persist::encode_progress(&Default::default()));
            }
            dispatcher.dispatch(AppAction::Restore {
                history: history.unwrap_or_default(),
                solved: solved.unwrap_or_default(),
                notice: corrupt.then(|| i18n::STORAGE_CORRUPT.to_string()),
            });
        });
    }

    // Save the history after every command and the progress when it grows.
    {
        let history = state.full_history();
        use_effect_with(state.revision, move |revision| {
            if *revision > 0 {
                platform::storage_set(persist::HISTORY_KEY, &persist::encode_history(&history));
            }
        });
        use_effect_with(state.solved.clone(), |solved| {
            if !solved.is_empty() {
                platform::storage_set(persist::PROGRESS_KEY, &persist::encode_progress(solved));
            }
        });
    }

    // Follow the hash: now, and on every change (links, Back, Forward).
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            let route = Route::parse(&platform::location_hash());
            if let Route::Sandbox { replay } = &route {
                for line in replay {
                    run_command(&dispatcher, line.clone());
                }
            }
            dispatcher.dispatch(AppAction::Navigate(route));
            let listener = {
                let dispatcher = dispatcher.clone();
                platform::HashListener::new(move |hash| dispatcher.dispatch(AppAction::Navigate(Route::parse(&hash))))
            };
            move || drop(listener)
        });
    }

    // The outline, fetched once (an inline lesson needs none).
    {
        let dispatcher = state.dispatcher();
        let inline = props.lesson_markdown.is_some();
        use_effect_with((), move |_| {
            if !inline {
                yew::platform::spawn_local(async move {
                    dispatcher.dispatch(AppAction::OutlineLoaded(match load_outline().await {
                        Ok(summary) => OutlineStatus::Ready(Rc::new(summary)),
                        Err(reason) => OutlineStatus::Failed(reason),
                    }));
                });
            }
        });
    }

    // The lesson for the route, once the outline says which file it is.
    {
        let dispatcher = state.dispatcher();
        let inline = props.lesson_markdown.clone();
        use_effect_with((state.route.clone(), state.outline.clone(), inline), move |(route, outline, inline)| {
            if let Some(markdown) = inline {
                dispatcher.dispatch(match load_lesson("lessons/inline.md", markdown) {
                    Ok(doc) => AppAction::LessonLoaded(Rc::new(doc)),
                    Err(reason) => AppAction::LessonFailed(reason),
                });
                return;
            }
            let path = match (route, outline) {
                (Route::Home, OutlineStatus::Ready(summary)) => summary.entries().next().map(|e| e.path.clone()),
                (Route::Lesson(id), OutlineStatus::Ready(summary)) => {
                    match summary.entries().find(|e| lesson_id(&e.path) == id) {
                        Some(entry) => Some(entry.path.clone()),
                        None => {
                            dispatcher.dispatch(AppAction::LessonFailed(i18n::lesson_not_in_outline(id)));
                            return;
                        }
                    }
                }
                (Route::Home | Route::Lesson(_), OutlineStatus::Failed(reason)) => {
                    dispatcher.dispatch(AppAction::LessonFailed(reason.clone()));
                    return;
                }
                _ => None,
            };
            if let Some(path) = path {
                dispatcher.dispatch(AppAction::LessonLoading);
                yew::platform::spawn_local(async move {
                    dispatcher.dispatch(match load_lesson_at(&path).await {
                        Ok(doc) => AppAction::LessonLoaded(Rc::new(doc)),
                        Err(reason) => AppAction::LessonFailed(reason),
                    });
                });
            }
        });
    }

    // The end-to-end test times a cold load up to here (effects run after the first paint
    // is committed to the DOM).
    use_effect_with((), |_| platform::mark("app-rendered"));

    let on_dismiss = {
        let dispatcher = state.dispatcher();
        Callback::from(move |_: MouseEvent| dispatcher.dispatch(AppAction::DismissNotice))
    };
    let check = state.route == Route::Check;

    html! {
        <ContextProvider<AppContext> context={state.clone()}>
            <div class="app">
                <SiteHeader />
                if let Some(notice) = &state.notice {
                    <div class="notice-banner" role="status">
                        <span>{ notice.clone() }</span>
                        <button type="button" onclick={on_dismiss}>{ i18n::DISMISS }</button>
                    </div>
                }
                if check {
                    <CheckPage />
                } else {
                    <main class="layout">
                        <LessonPane />
                        <Splitter />
                        <section class="practice-pane" aria-label={i18n::PRACTICE_PANE_LABEL}>
                            <Terminal />
                            <DiagramPane snapshot={state.snapshot.clone()} events={state.last_events.clone()}
                                command={AttrValue::from(state.session.history().last().cloned().unwrap_or_default())}
                                revision={state.revision} />
                            <Preview />
                        </section>
                    </main>
                }
            </div>
        </ContextProvider<AppContext>>
    }
}
