//! An exercise in the lesson: its prompt, every goal with ✔/✗ checked against the machine
//! after each command, Korean feedback for unmet goals, the hints that apply now, "정답 보기",
//! "다시 시작", the completion moment and "다음 연습 문제".
//!
//! Goals are checked by core against *state* (`Exercise::check`), through
//! [`state::exercise_status`]; this module must not check goals by comparing typed text.
//! The prompt arrives as safe HTML from `document.rs`; hints are rendered by the same safe
//! Markdown renderer.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use whalelab_core::course::Exercise;
use yew::prelude::*;

use crate::components::lesson::markdown::render;
use crate::context::{restart, type_and_run, use_app};
use crate::i18n;
use crate::route::{lesson_id, Route};
use crate::state::{exercise_status, AppAction, LessonStatus, OutlineStatus};

/// Props of [`ExercisePanel`].
#[derive(Properties, PartialEq)]
pub struct ExercisePanelProps {
    /// The exercise as core parsed it.
    pub exercise: Rc<Exercise>,
    /// Its prompt, already rendered to safe HTML.
    pub prompt_html: AttrValue,
}

/// One exercise box (`section.exercise[data-exercise][data-solved]`).
#[function_component(ExercisePanel)]
pub fn exercise_panel(props: &ExercisePanelProps) -> Html {
    let app = use_app();
    let exercise = props.exercise.clone();
    let status = exercise_status(&app.session, &exercise);

    // The completion moment is remembered in the progress.
    {
        let dispatcher = app.dispatcher();
        use_effect_with((status.solved, exercise.id.clone()), move |(solved, id)| {
            if *solved {
                dispatcher.dispatch(AppAction::MarkSolved(id.clone()));
            }
        });
    }

    let on_solution = {
        let dispatcher = app.dispatcher();
        let lines = exercise.solution.clone();
        Callback::from(move |_: MouseEvent| type_and_run(dispatcher.clone(), lines.clone()))
    };
    let on_reset = {
        let dispatcher = app.dispatcher();
        let setup = exercise.setup.clone();
        Callback::from(move |_: MouseEvent| restart(&dispatcher, setup.clone()))
    };
    let next_lesson = next_lesson_hash(&app.outline, &app.lesson);
    let on_next = {
        let id = exercise.id.clone();
        Callback::from(move |_: MouseEvent| go_next(&id, next_lesson.as_deref()))
    };
    let solved_before = !status.solved && app.solved.contains(&exercise.id);

    html! {
        <section class={classes!("exercise", status.solved.then_some("solved"))}
                 data-exercise={exercise.id.clone()} data-solved={status.solved.to_string()}>
            <header class="exercise-head">
                <span class="exercise-label">{ i18n::EXERCISE_LABEL }</span>
                <h3 class="exercise-title">{ exercise.title.clone() }</h3>
                if solved_before { <span class="solved-badge">{ i18n::SOLVED_BEFORE }</span> }
            </header>
            <div class="exercise-prompt prose">{ Html::from_html_unchecked(props.prompt_html.clone()) }</div>
            <h4 class="goals-title">{ i18n::GOALS_TITLE }</h4>
            <ul class="goals">
                { for status.goals.iter().map(|g| html! {
                    <li class={classes!("goal", if g.met { "met" } else { "unmet" })} data-met={g.met.to_string()}>
                        <span class="goal-mark" aria-label={if g.met { i18n::GOAL_MET } else { i18n::GOAL_UNMET }}>
                            { if g.met { "✔" } else { "✗" } }
                        </span>
                        <span class="goal-text">{ with_code(&g.message_ko) }</span>
                        if let (false, Some(detail)) = (g.met, &g.detail_ko) {
                            <span class="goal-detail">{ with_code(detail) }</span>
                        }
                    </li>
                }) }
            </ul>
            if status.solved {
                <div class="exercise-solved" role="status">
                    <strong>{ i18n::SOLVED_TITLE }</strong>
                    <p>{ exercise.success_ko().to_string() }</p>
                    <button type="button" class="next-exercise" onclick={on_next}>{ i18n::NEXT_EXERCISE }</button>
                </div>
            } else {
                <details class="hints">
                    <summary>{ i18n::HINTS_TITLE }</summary>
                    if status.hints.is_empty() {
                        <p>{ i18n::NO_HINT }</p>
                    }
                    { for status.hints.iter().map(|h| html! {
                        <div class="hint prose">{ Html::from_html_unchecked(AttrValue::from(render(h, "").html)) }</div>
                    }) }
                </details>
            }
            <div class="exercise-actions">
                if !exercise.solution.is_empty() {
                    <button type="button" class="show-solution" onclick={on_solution}>{ i18n::SHOW_SOLUTION }</button>
                }
                <button type="button" class="reset-exercise" title={i18n::RESET_EXERCISE_TITLE} onclick={on_reset}>
                    { i18n::RESET_EXERCISE }
                </button>
            </div>
        </section>
    }
}

/// Core's Korean sentences mark names with backticks (`` `web` ``): those become `<code>`,
/// built as elements around text nodes, so nothing in a name is ever parsed as HTML.
fn with_code(text: &str) -> Html {
    html! {
        { for text.split('`').enumerate().map(|(i, part)| if i % 2 == 1 {
            html! { <code>{ part.to_string() }</code> }
        } else {
            html! { { part.to_string() } }
        }) }
    }
}

/// The hash of the lesson after the open one, if any.
fn next_lesson_hash(outline: &OutlineStatus, lesson: &LessonStatus) -> Option<String> {
    let (OutlineStatus::Ready(summary), LessonStatus::Ready(doc)) = (outline, lesson) else { return None };
    let mut entries = summary.entries().skip_while(|e| e.path != doc.path);
    entries.next()?;
    entries.next().map(|e| Route::Lesson(lesson_id(&e.path).to_string()).to_hash())
}

/// Scrolls to the next exercise of this lesson, or opens the next lesson.
fn go_next(id: &str, next_lesson: Option<&str>) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    if let Ok(list) = document.query_selector_all("#lesson .exercise") {
        let all: Vec<web_sys::Element> =
            (0..list.length()).filter_map(|i| list.get(i)).filter_map(|n| n.dyn_into().ok()).collect();
        let here = all.iter().position(|e| e.get_attribute("data-exercise").as_deref() == Some(id));
        if let Some(next) = here.and_then(|i| all.get(i + 1)) {
            next.scroll_into_view();
            return;
        }
    }
    if let Some(hash) = next_lesson {
        crate::platform::set_location_hash(hash);
    }
}
