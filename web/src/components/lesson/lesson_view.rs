//! Shows the lesson pane: a loading line, the lesson's blocks and the links to the previous
//! and next lessons, or a Korean error message; on `sandbox.html` the sandbox's introduction and
//! its share link, on an unknown route a way home.
//!
//! Prose arrives as HTML that `state::markdown` already made safe (raw HTML escaped, script
//! links neutralised), so it is inserted as is; nothing else here builds HTML from strings.
//! Where the terminal is depends on the layout (beside the lesson, or under it on a phone):
//! the pane says it in words for both and the stylesheet shows the one that holds. This
//! module must not parse Markdown or fetch files.

use std::rc::Rc;

use whalelab_core::course::Source;
use yew::prelude::*;

use crate::components::lesson::exercise_panel::ExercisePanel;
use crate::components::lesson::runnable_block::RunnableBlockView;
use crate::context::{run_command, use_app};
use crate::i18n;
use crate::platform;
use crate::route::{pack, share_text, Pages, Route, Share};
use crate::state::course::{neighbours, LessonLink};
use crate::state::lesson::{DocBlock, LessonDoc};
use crate::state::{LessonStatus, OutlineStatus};

/// The pane (`#lesson`), fed from the app state.
#[function_component(LessonPane)]
pub fn lesson_pane() -> Html {
    let app = use_app();
    let on_run = {
        let dispatcher = app.dispatcher();
        use_callback((), move |line: String, _| run_command(&dispatcher, line, Source::Lesson))
    };
    let share = use_share_link(app.session().history(), matches!(app.route, Route::Sandbox { .. }), &app.pages);
    let body = match &app.route {
        Route::Sandbox { .. } => sandbox_intro(share),
        Route::NotFound(_) => html! {
            <div class="lesson-error" role="alert">
                <h1>{ i18n::NOT_FOUND_TITLE }</h1>
                <a href={Route::Home.href(&app.pages)}>{ i18n::GO_HOME }</a>
            </div>
        },
        _ => {
            let links = match (&app.outline, &app.lesson) {
                (OutlineStatus::Ready(summary), LessonStatus::Ready(doc)) => neighbours(summary, &doc.path, &app.pages),
                _ => (None, None),
            };
            html! { <LessonBody status={app.lesson.clone()} {on_run} previous={links.0} next={links.1} /> }
        }
    };
    html! {
        <article id="lesson" class="lesson-pane" aria-label={i18n::LESSON_PANE_LABEL} tabindex="-1">
            { body }
        </article>
    }
}

/// The sandbox's share link (and whether it was copied): short, the commands compressed by
/// the browser; recomputed when the commands change, on the sandbox only.
#[hook]
fn use_share_link(history: &[String], sandbox: bool, pages: &Pages) -> ShareLink {
    let link = use_state(|| None::<(String, usize)>);
    let copied = use_state(|| false);
    {
        let link = link.clone();
        let copied = copied.clone();
        let text = sandbox.then(|| share_text(history));
        let pages = pages.clone();
        use_effect_with(text, move |text| {
            copied.set(false);
            match text.clone().filter(|t| !t.is_empty()) {
                None => link.set(None),
                Some(text) => yew::platform::spawn_local(async move {
                    // The compressed form, unless the plain one is shorter (a single short
                    // command) or the browser has no CompressionStream.
                    let lines = crate::route::lines_of(&text);
                    let count = lines.len();
                    let plain = Route::Sandbox { share: Share::Plain(lines) }.href(&pages);
                    let packed = platform::deflate(&text)
                        .await
                        .map(|bytes| Route::Sandbox { share: Share::Packed(pack(&bytes)) }.href(&pages));
                    let href = packed.ok().filter(|p| p.len() < plain.len()).unwrap_or(plain);
                    link.set(Some((format!("{}{href}", platform::site_address()), count)));
                }),
            }
        });
    }
    (link, copied)
}

/// The share link and the number of commands it carries, and whether it was just copied.
type ShareLink = (UseStateHandle<Option<(String, usize)>>, UseStateHandle<bool>);

/// The sandbox's introduction and its share link with a copy button.
fn sandbox_intro((link, copied): ShareLink) -> Html {
    let on_copy = {
        let link = link.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            let Some((text, _)) = (*link).clone() else { return };
            let copied = copied.clone();
            yew::platform::spawn_local(async move { copied.set(platform::copy_text(&text).await) });
        })
    };
    let (button, status) = if *copied { (i18n::SHARE_COPIED, i18n::SHARE_COPIED) } else { (i18n::SHARE_COPY, "") };
    html! {
        <div class="sandbox-intro">
            <h1>{ i18n::SANDBOX_TITLE }</h1>
            <p>{ i18n::SANDBOX_INTRO }{ " " }{ where_terminal() }</p>
            <div class="share">
                <strong>{ i18n::SHARE_LINK }</strong>
                { match &*link {
                    Some((url, count)) => html! {
                        <>
                            <input id="share-link" class="share-link" type="text" readonly=true value={url.clone()}
                                   aria-label={i18n::SHARE_LINK} data-commands={count.to_string()} />
                            <button id="share-copy" type="button" class="header-button" onclick={on_copy}>{ button }</button>
                            <span class="visually-hidden" role="status">{ status }</span>
                        </>
                    },
                    None => html! { <span>{ i18n::SHARE_EMPTY }</span> },
                } }
            </div>
        </div>
    }
}

/// Where the terminal is, for both layouts; the stylesheet shows the one in effect.
fn where_terminal() -> Html {
    html! {
        <>
            <span class="where-wide">{ i18n::TERMINAL_BESIDE }</span>
            <span class="where-narrow">{ i18n::TERMINAL_BELOW }</span>
        </>
    }
}

/// Props of [`LessonBody`].
#[derive(Properties, PartialEq)]
pub struct LessonBodyProps {
    /// What to show.
    pub status: LessonStatus,
    /// Runs a command in the terminal (the ▶ buttons).
    pub on_run: Callback<String>,
    /// The previous lesson's route and title.
    #[prop_or_default]
    pub previous: Option<LessonLink>,
    /// The next lesson's route and title.
    #[prop_or_default]
    pub next: Option<LessonLink>,
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
        LessonStatus::Ready(doc) => html! {
            <>
                { render_doc(doc, &props.on_run) }
                <nav class="lesson-links" aria-label={i18n::LESSON_LINKS_LABEL}>
                    if let Some((hash, title)) = &props.previous {
                        <a class="lesson-link previous" rel="prev" href={hash.clone()}>
                            <span class="lesson-link-dir">{ i18n::PREVIOUS_LESSON }</span>{ title.clone() }
                        </a>
                    }
                    if let Some((hash, title)) = &props.next {
                        <a class="lesson-link next" rel="next" href={hash.clone()}>
                            <span class="lesson-link-dir">{ i18n::NEXT_LESSON }</span>{ title.clone() }
                        </a>
                    }
                </nav>
            </>
        },
    }
}

fn render_doc(doc: &Rc<LessonDoc>, on_run: &Callback<String>) -> Html {
    html! {
        <div class="lesson" data-lesson={doc.id.clone()} data-path={doc.path.clone()}>
            { for doc.notices.iter().map(|n| html! { <p class="lesson-notice" role="note">{ n.clone() }</p> }) }
            { for doc.blocks.iter().enumerate().map(|(i, block)| match block {
                // Under the title: where the terminal is in this layout.
                DocBlock::Prose(safe_html) => html! {
                    <>
                        <div class="prose">{ Html::from_html_unchecked(AttrValue::from(safe_html.clone())) }</div>
                        if i == 0 { <p class="where-terminal">{ where_terminal() }</p> }
                    </>
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
