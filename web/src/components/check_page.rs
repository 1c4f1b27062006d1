//! `check.html`: the instructors' content check — core's validator (the same checks as
//! `whalelab check`) over the content the site fetched, diagnostics grouped by file.
//!
//! The page already fetches the outline and every lesson in the background (the course
//! index); this page also fetches every practice-registry file the registry's index reaches.
//! Once every file has been tried it validates those texts with core's `validate` directly:
//! checking is read-only and needs no session. A file that could not be fetched is missing,
//! and the validator says so. (A registry file no index entry reaches cannot be found by a
//! page, which cannot list a folder: `whalelab check` reports those.) It must not reword core's diagnostics
//! (they are already Korean and located as `file:line:col`).

use std::rc::Rc;

use whalelab_core::course::validate::validate;
use whalelab_core::course::SourceFile;
use yew::prelude::*;

use crate::context::use_app;
use crate::i18n;
use crate::loader::fetch_whole_registry;
use crate::state::{OutlineStatus, Same};

/// The check page (`#check`).
#[function_component(CheckPage)]
pub fn check_page() -> Html {
    let app = use_app();
    let course = app.course.clone();
    // The practice registry, fetched whole for this page (the terminal fetches only what its
    // lines need): the lessons' images are checked against it, and its files are checked too.
    let registry = use_state(|| None::<Same<Vec<SourceFile>>>);
    {
        let registry = registry.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                registry.set(Some(Same(Rc::new(fetch_whole_registry().await))));
            });
        });
    }
    // Validated once, when the index and the registry are complete (compared by identity: a
    // new index is a new Rc).
    let ready = course.complete.then_some(Same(course)).zip((*registry).clone());
    let report = use_memo(ready, |ready| {
        ready.as_ref().map(|(course, registry)| {
            let files: Vec<SourceFile> = course.0.files.iter().chain(registry.0.iter()).cloned().collect();
            validate(&files)
        })
    });
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
