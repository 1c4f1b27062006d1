//! The site header: the course title, the lesson navigation built from `SUMMARY.md` (parts
//! and lessons, the open one marked), links to the sandbox and the check page, and progress.
//!
//! The theme toggle and the progress export/import buttons sit at its end.
//!
//! Links are plain `href="#/…"` anchors, so the browser's history gives Back/Forward for free.
//! It must not fetch or parse anything: the outline arrives in the state.

use yew::prelude::*;

use crate::components::progress_file::ProgressFile;
use crate::components::theme::ThemeToggle;
use crate::context::use_app;
use crate::i18n;
use crate::route::{lesson_id, Route};
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
                                html! {
                                    <li>
                                        <a class={classes!("nav-lesson", here.then_some("current"))}
                                           href={Route::Lesson(id.clone()).to_hash()}
                                           aria-current={here.then_some("page")}
                                           data-lesson={id}>
                                            { entry.title.clone() }
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
    html! {
        <header class="site-header">
            <a class="site-title" href="#/">{ i18n::SITE_TITLE }</a>
            <span class="site-tagline">{ i18n::SITE_TAGLINE }</span>
            <details class="course-nav" ref={details}>
                <summary>{ i18n::NAV_TITLE }</summary>
                <nav aria-label={i18n::NAV_TITLE}>{ outline }</nav>
            </details>
            <a class="nav-link" href="#/sandbox">{ i18n::NAV_SANDBOX }</a>
            <a class="nav-link" href="#/check">{ i18n::NAV_CHECK }</a>
            <span id="progress" class="progress" data-solved={app.solved.len().to_string()}>
                { i18n::progress(app.solved.len()) }
            </span>
            <ProgressFile />
            <ThemeToggle />
        </header>
    }
}
