//! Shows the lesson pane: a loading line, the lesson's blocks, or a Korean error message; on
//! `#/sandbox` the sandbox's introduction and share link, on an unknown route a way home.
//!
//! Prose arrives as HTML that `markdown.rs` already made safe (raw HTML escaped, script
//! links neutralised), so it is inserted as is; nothing else here builds HTML from strings.
//! This module must not parse Markdown or fetch files.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::lesson::{DocBlock, LessonDoc};
use crate::components::lesson::exercise_panel::ExercisePanel;
use crate::components::lesson::runnable_block::RunnableBlockView;
use crate::context::{run_command, use_app};
use crate::i18n;
use crate::route::Route;
use crate::state::LessonStatus;

/// The pane (`#lesson`), fed from the app state.
#[function_component(LessonPane)]
pub fn lesson_pane() -> Html {
    let app = use_app();
    let on_run = {
        let dispatcher = app.dispatcher();
        use_callback((), move |line: String, _| run_command(&dispatcher, line))
    };
    let body = match &app.route {
        Route::Sandbox { .. } => {
            let history = app.session.history();
            let share = (!history.is_empty()).then(|| Route::Sandbox { replay: history.to_vec() }.to_hash());
            html! {
                <div class="sandbox-intro">
                    <h1>{ i18n::SANDBOX_TITLE }</h1>
                    <p>{ i18n::SANDBOX_INTRO }</p>
                    <p class="share">
                        <strong>{ i18n::SHARE_LINK }</strong>{ " " }
                        { match share {
                            Some(hash) => html! { <a id="share-link" href={hash.clone()}>{ hash }</a> },
                            None => html! { <span>{ i18n::SHARE_EMPTY }</span> },
                        } }
                    </p>
                </div>
            }
        }
        Route::NotFound(_) => html! {
            <div class="lesson-error" role="alert">
                <h1>{ i18n::NOT_FOUND_TITLE }</h1>
                <a href="#/">{ i18n::GO_HOME }</a>
            </div>
        },
        _ => html! { <LessonBody status={app.lesson.clone()} {on_run} /> },
    };
    html! {
        <article id="lesson" class="lesson-pane" aria-label={i18n::LESSON_PANE_LABEL}>
            { body }
        </article>
    }
}

/// Props of [`LessonBody`].
#[derive(Properties, PartialEq)]
pub struct LessonBodyProps {
    /// What to show.
    pub status: LessonStatus,
    /// Runs a command in the terminal (the ▶ buttons).
    pub on_run: Callback<String>,
}

/// The pane's content. A separate component so that commands, which change the state but
/// not the lesson, do not repaint the lesson.
#[function_component(LessonBody)]
pub fn lesson_body(props: &LessonBodyProps) -> Html {
    match &props.status {
        LessonStatus::Loading => html! { <p class="lesson-loading" aria-busy="true">{ i18n::LESSON_LOADING }</p> },
        LessonStatus::Failed(reason) => html! {
            <div class="lesson-error" role="alert">
                <h2>{ i18n::LESSON_FAILED_TITLE }</h2>
                <p class="lesson-error-reason">{ reason.clone() }</p>
                <p>{ i18n::LESSON_FAILED_HINT }</p>
            </div>
        },
        LessonStatus::Ready(doc) => render_doc(doc, &props.on_run),
    }
}

fn render_doc(doc: &Rc<LessonDoc>, on_run: &Callback<String>) -> Html {
    html! {
        <div class="lesson" data-lesson={doc.id.clone()} data-path={doc.path.clone()}>
            { for doc.notices.iter().map(|n| html! { <p class="lesson-notice" role="note">{ n.clone() }</p> }) }
            { for doc.blocks.iter().map(|block| match block {
                DocBlock::Prose(safe_html) => html! {
                    <div class="prose">{ Html::from_html_unchecked(AttrValue::from(safe_html.clone())) }</div>
                },
                DocBlock::Runnable { lang, lines } => html! {
                    <RunnableBlockView lang={lang.clone()} lines={lines.clone()} on_run={on_run.clone()} />
                },
                DocBlock::Exercise { exercise, prompt_html } => html! {
                    <ExercisePanel exercise={exercise.clone()} prompt_html={prompt_html.clone()} />
                },
            }) }
        </div>
    }
}
