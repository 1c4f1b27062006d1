//! `#/check`: the instructors' content check — core's validator (the same checks as
//! `whalelab check`) over the content fetched from the site, diagnostics grouped by file.
//!
//! It fetches with the loader and calls core's `validate` directly: checking is read-only and
//! needs no session, so it does not go through the reducer. It must not reword core's
//! diagnostics (they are already Korean and located as `file:line:col`).

use whalelab_core::course::validate::{validate, Report};
use yew::prelude::*;

use crate::i18n;
use crate::loader::load_course_files;

/// The check page (`#check`).
#[function_component(CheckPage)]
pub fn check_page() -> Html {
    let result = use_state(|| None::<Result<Report, String>>);
    {
        let result = result.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let report = load_course_files().await.map(|files| validate(&files));
                result.set(Some(report));
            });
        });
    }
    let body = match &*result {
        None => html! { <p class="check-running" aria-busy="true">{ i18n::CHECK_RUNNING }</p> },
        Some(Err(reason)) => html! { <p class="lesson-error" role="alert">{ reason.clone() }</p> },
        Some(Ok(report)) => {
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
