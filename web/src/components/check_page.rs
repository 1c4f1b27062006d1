//! `#/check`: the instructors' content check — core's validator (the same checks as
//! `whalelab check`) over the content the site fetched, diagnostics grouped by file.
//!
//! The page already fetches the outline and every lesson in the background (the course
//! index); once every file has been tried this page validates those texts with core's
//! `validate` directly: checking is read-only and needs no session. A file that could not be
//! fetched is missing, and the validator says so. It must not reword core's diagnostics
//! (they are already Korean and located as `file:line:col`).

use whalelab_core::course::validate::validate;
use yew::prelude::*;

use crate::context::use_app;
use crate::i18n;
use crate::state::{OutlineStatus, Same};

/// The check page (`#check`).
#[function_component(CheckPage)]
pub fn check_page() -> Html {
    let app = use_app();
    let course = app.course.clone();
    // Validated once, when the index is complete (compared by identity: a new index is a new Rc).
    let report =
        use_memo(course.complete.then_some(Same(course)), |course| course.as_ref().map(|c| validate(&c.0.files)));
    let body = match (&app.outline, report.as_ref()) {
        (OutlineStatus::Failed(reason), _) => html! { <p class="lesson-error" role="alert">{ reason.clone() }</p> },
        (_, None) => html! { <p class="check-running" aria-busy="true">{ i18n::CHECK_RUNNING }</p> },
        (_, Some(report)) => {
            let mut files: Vec<&str> = Vec::new();
            for d in &report.diagnostics {
                if !files.contains(&d.path.as_str()) {
                    files.push(&d.path);
                }
            }
            html! {
                <>
                    <p class={classes!("check-summary", report.has_errors().then_some("failed"))}>{ report.summary_ko() }</p>
                    if report.diagnostics.is_empty() {
                        <p class="check-clean">{ i18n::CHECK_CLEAN }</p>
                    }
                    { for files.iter().map(|file| html! {
                        <section class="check-file" data-file={file.to_string()}>
                            <h2>{ file.to_string() }</h2>
                            <ul>
                                { for report.diagnostics.iter().filter(|d| d.path == *file).map(|d| html! {
                                    <li class={classes!("diagnostic", if d.is_error() { "error" } else { "warning" })}>
                                        <code>{ d.to_string() }</code>
                                    </li>
                                }) }
                            </ul>
                        </section>
                    }) }
                </>
            }
        }
    };
    html! {
        <main id="check" class="check-page">
            <h1>{ i18n::CHECK_TITLE }</h1>
            <p>{ i18n::CHECK_INTRO }</p>
            { body }
        </main>
    }
}
