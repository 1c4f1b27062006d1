//! The site header: the skip links, the course title, the 목차 built from `SUMMARY.md` (parts
//! and lessons, the open one marked, each with ✔ when all its exercises are solved, its
//! minutes and its summary), the sandbox link, the solved count out of the course's total,
//! and at the end the progress file buttons and the theme toggle. The instructors' check page
//! is linked from the foot of the 목차, not from the learner's header.
//!
//! Links are plain anchors to the site's pages (`02-docker-engine.html`), which work as they
//! are in the page rendered ahead of time and which the app opens itself once it runs
//! (`platform::on_site_link_click`); the skip links move the focus instead. It must not fetch or
//! parse anything: the outline and the lessons arrive in the state.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::progress_file::ProgressFile;
use crate::components::theme::ThemeToggle;
use crate::context::use_app;
use crate::i18n;
use crate::platform;
use crate::route::{lesson_id, Route, Share};
use crate::state::{LessonStatus, OutlineStatus};

/// `<header class="site-header">`.
#[function_component(SiteHeader)]
pub fn site_header() -> Html {
    let app = use_app();
    // Opening a lesson from the menu closes the menu.
    let details = use_node_ref();
    {
        let details = details.clone();
        use_effect_with(app.route.clone(), move |_| {
            if let Some(el) = details.cast::<web_sys::Element>() {
                let _ = el.remove_attribute("open");
            }
        });
    }
    let current = match &app.lesson {
        LessonStatus::Ready(doc) if matches!(app.route, Route::Home | Route::Lesson(_)) => {
            Some(lesson_id(&doc.path).to_string())
        }
        _ => None,
    };
    let outline = match &app.outline {
        OutlineStatus::Loading => html! { <p class="nav-status">{ i18n::NAV_LOADING }</p> },
        OutlineStatus::Failed(_) => html! { <p class="nav-status">{ i18n::NAV_FAILED }</p> },
        OutlineStatus::Ready(summary) => html! {
            <ol class="nav-parts">
                { for summary.parts.iter().map(|part| html! {
                    <li class="nav-part">
                        if !part.title.is_empty() { <span class="nav-part-title">{ part.title.clone() }</span> }
                        <ol class="nav-lessons">
                            { for part.lessons.iter().map(|entry| {
                                let id = lesson_id(&entry.path).to_string();
                                let here = current.as_deref() == Some(id.as_str());
                                let doc = app.course.get(&entry.path);
                                let (solved, total) = doc.map_or((0, 0), |d| d.solved_of(&app.progress));
                                let done = total > 0 && solved == total;
                                html! {
                                    <li>
                                        <a class={classes!("nav-lesson", here.then_some("current"), done.then_some("done"))}
                                           href={Route::Lesson(id.clone()).href(&app.pages)}
                                           aria-current={here.then_some("page")}
                                           data-lesson={id} data-done={done.to_string()}>
                                            <span class="nav-lesson-title">
                                                <span class="nav-check" role={done.then_some("img")}
                                                      aria-label={done.then_some(i18n::LESSON_DONE)}>
                                                    { if done { "✔" } else { "" } }
                                                </span>
                                                { entry.title.clone() }
                                            </span>
                                            if let Some(doc) = doc {
                                                <span class="nav-lesson-meta">
                                                    { i18n::lesson_meta(doc.minutes, solved, total) }
                                                </span>
                                                <span class="nav-lesson-summary">{ doc.summary.clone() }</span>
                                            }
                                        </a>
                                    </li>
                                }
                            }) }
                        </ol>
                    </li>
                }) }
            </ol>
        },
    };
    let (solved, total) = app.solved_count();
    html! {
        <header class="site-header">
            <a class="skip-link" href="#lesson" onclick={skip_to("lesson")}>{ i18n::SKIP_TO_LESSON }</a>
            <a class="skip-link" href="#terminal-input" onclick={skip_to("terminal-input")}>{ i18n::SKIP_TO_TERMINAL }</a>
            <a class="site-title" href={Route::Home.href(&app.pages)}>{ i18n::SITE_TITLE }</a>
            <span class="site-tagline">{ i18n::SITE_TAGLINE }</span>
            <details class="course-nav" ref={details}>
                <summary>{ i18n::NAV_TITLE }</summary>
                <nav aria-label={i18n::NAV_TITLE}>
                    { outline }
                    <p class="nav-foot">
                        <a class="nav-link" href={Route::Check.href(&app.pages)}>{ i18n::NAV_CHECK }</a>
                    </p>
                </nav>
            </details>
            <a class="nav-link" href={Route::Sandbox { share: Share::None }.href(&app.pages)}>{ i18n::NAV_SANDBOX }</a>
            <span id="progress" class="progress" data-solved={solved.to_string()}
                  data-total={total.map(|t| t.to_string()).unwrap_or_default()}>
                { i18n::progress(solved, total) }
            </span>
            <ProgressFile />
            <ThemeToggle />
        </header>
    }
}

/// A skip link's click: focus the element with that id (a pane or the terminal's input)
/// without touching the hash, which is the router's.
fn skip_to(id: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        e.prevent_default();
        let target = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
        if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            platform::focus_quietly(&el);
        }
    })
}
