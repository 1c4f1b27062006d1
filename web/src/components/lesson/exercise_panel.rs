//! An exercise in the lesson: its prompt, every goal with ✔/✗ checked against the machine
//! after each command, Korean feedback for unmet goals, the hints that apply now, "정답 보기",
//! "다시 시작", the completion moment and "다음 연습 문제"; and the goal-vs-current view, the
//! goal state drawn beside the machine's (`.goal-view`, from `state::goal_view`).
//!
//! Goals are checked by core against *state* (`Exercise::check`), through
//! [`state::exercise_status`]; this module must not check goals by comparing typed text.
//!
//! The page has one machine for every lesson, so an exercise's goals may already hold when
//! it is shown (its `setup` never ran there). It counts as solved only once the learner's
//! commands took the machine from a state where a goal was unmet to one where all hold:
//! the panel reports each check (`AppAction::ExerciseChecked`) and the reducer decides
//! (`AppState::exercise_solved`). "다시 시작" gives the exercise its own starting point.
//! The prompt arrives as safe HTML from `document.rs`; hints are rendered by the same safe
//! Markdown renderer.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use whalelab_core::course::Exercise;
use yew::prelude::*;

use crate::state::markdown::render;
use crate::context::{restart, type_and_run, use_app};
use crate::i18n;
use crate::route::{lesson_id, Route};
use crate::state::goal_view::goal_rows;
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
    let armed = app.armed.contains(&exercise.id);
    // Every goal holds *and* the learner got here from a state where one did not.
    let solved = app.exercise_solved(&exercise.id, status.solved);

    // Report the check: an unmet one arms the exercise, a met one of an armed exercise is the
    // completion moment, remembered in the progress. Re-sent when the arming changes, so a
    // "다시 시작" (which disarms every exercise) re-arms this one at once.
    {
        let dispatcher = app.dispatcher();
        use_effect_with((status.solved, armed, exercise.id.clone()), move |(met, _, id)| {
            dispatcher.dispatch(AppAction::ExerciseChecked { id: id.clone(), met: *met });
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
    let solved_before = !solved && app.solved.contains(&exercise.id);
    let rows = goal_rows(&exercise, &status.goals, &app.snapshot);

    html! {
        <section class={classes!("exercise", solved.then_some("solved"))}
                 data-exercise={exercise.id.clone()} data-solved={solved.to_string()} data-armed={armed.to_string()}>
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
            if !rows.is_empty() {
                <table class="goal-view">
                    <caption>{ i18n::GV_TITLE }</caption>
                    <thead>
                        <tr>
                            <th scope="col"><span class="visually-hidden">{ i18n::GOALS_TITLE }</span></th>
                            <th scope="col">{ i18n::GV_OBJECT }</th>
                            <th scope="col">{ i18n::GV_WANT }</th>
                            <th scope="col">{ i18n::GV_HAVE }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for rows.iter().map(|r| html! {
                            <tr class={classes!("goal-row", if r.met { "met" } else { "unmet" })} data-met={r.met.to_string()}>
                                <td class="goal-mark" aria-label={if r.met { i18n::GOAL_MET } else { i18n::GOAL_UNMET }}>
                                    { if r.met { "✔" } else { "✗" } }
                                </td>
                                <th scope="row" class="goal-object">{ r.object.clone() }</th>
                                <td class="goal-want">{ r.want.clone() }</td>
                                <td class="goal-have">{ r.have.clone() }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
            if status.solved && !armed && !solved {
                <p class="exercise-already-met" role="note">{ i18n::ALREADY_AT_GOAL }</p>
            }
            if solved {
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
