//! An exercise in the lesson, as an explicit task: its prompt and goals, "이 문제 시작하기",
//! and once started the goals checked live (✔/✗ with Korean feedback and the goal-vs-current
//! view from `state::goal_view`), the hints that apply, "정답 보기" and "처음부터 다시"; when
//! solved, the completion moment and "다음 연습 문제".
//!
//! Starting it makes the lesson's machine the exercise's own start (a fresh machine with its
//! setup run, shown in the terminal; undo brings the old machine back). It is solved only by
//! commands after the start, and only the started exercise can be solved: the reducer decides
//! (core's `Attempt`). "정답 보기" shows the solution's commands first; running them from
//! the panel is allowed and is recorded as solved with help. Goals are checked by core
//! against *state*; this module must not check goals by comparing typed text. The prompt
//! arrives as safe HTML; hints go through the same safe Markdown renderer.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use whalelab_core::course::{heredoc, Exercise, Source};
use yew::prelude::*;

use crate::components::lesson::runnable_block::lines;
use crate::context::{navigate, run_command, start_exercise, use_app};
use crate::i18n;
use crate::platform;
use crate::state::course::neighbours;
use crate::state::goal_view::goal_rows;
use crate::state::markdown::render;
use crate::state::persist::Solved;
use crate::state::{exercise_status, LessonStatus, OutlineStatus};

/// Props of [`ExercisePanel`]: equal when they hold the same parsed exercise.
#[derive(Properties)]
pub struct ExercisePanelProps {
    /// The exercise as core parsed it.
    pub exercise: Rc<Exercise>,
    /// Its prompt, already rendered to safe HTML.
    pub prompt_html: AttrValue,
}

impl PartialEq for ExercisePanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.exercise, &other.exercise) && self.prompt_html == other.prompt_html
    }
}

/// One exercise box (`section.exercise[data-exercise][data-started][data-solved]`).
#[function_component(ExercisePanel)]
pub fn exercise_panel(props: &ExercisePanelProps) -> Html {
    let app = use_app();
    let exercise = props.exercise.clone();
    let attempt = app.attempt_of(&exercise.id).cloned();
    let started = attempt.is_some();
    let solved = attempt.as_ref().is_some_and(|a| a.solved);
    let status = started.then(|| exercise_status(app.session(), &exercise));

    let on_start = {
        let dispatcher = app.dispatcher();
        let exercise = exercise.clone();
        Callback::from(move |_: MouseEvent| start_exercise(&dispatcher, exercise.clone()))
    };
    let next_lesson = match (&app.outline, &app.lesson) {
        (OutlineStatus::Ready(summary), LessonStatus::Ready(doc)) => {
            neighbours(summary, &doc.path, &app.pages).1.map(|n| n.0)
        }
        _ => None,
    };
    let on_next = {
        let id = exercise.id.clone();
        let dispatcher = app.dispatcher();
        Callback::from(move |_: MouseEvent| {
            if let Some(href) = go_next(&id, next_lesson.as_deref()) {
                navigate(&dispatcher, href);
            }
        })
    };
    let badge = match app.progress.get(&exercise.id) {
        Some(Solved::Alone) => Some(i18n::SOLVED_BEFORE),
        Some(Solved::WithHelp) => Some(i18n::SOLVED_WITH_HELP),
        None => None,
    };
    let title_id = format!("exercise-{}", exercise.id);

    // Before the start the goals are a plain list; once started each shows core's verdict.
    let goals = html! {
        <ul class={classes!("goals", (!started).then_some("not-started"))}>
            { for exercise.goals.iter().enumerate().map(|(i, goal)| {
                let result = status.as_ref().and_then(|s| s.goals.get(i));
                let (class, mark, label) = match result {
                    Some(g) if g.met => ("met", "✔", i18n::GOAL_MET),
                    Some(_) => ("unmet", "✗", i18n::GOAL_UNMET),
                    None => ("", "•", ""),
                };
                let text = result.map_or_else(|| goal.message.clone().unwrap_or_else(|| goal.condition.describe_ko()), |g| g.message_ko.clone());
                html! {
                    <li class={classes!("goal", class)} data-met={result.map(|g| g.met.to_string())}>
                        <span class="goal-mark" role={result.map(|_| "img")} aria-label={result.map(|_| label)}
                              aria-hidden={result.is_none().then_some("true")}>{ mark }</span>
                        <span class="goal-text">{ with_code(&text) }</span>
                        if let Some(detail) = result.filter(|g| !g.met).and_then(|g| g.detail_ko.as_deref()) {
                            <span class="goal-detail">{ with_code(detail) }</span>
                        }
                    </li>
                }
            }) }
        </ul>
    };

    html! {
        <section class={classes!("exercise", started.then_some("started"), solved.then_some("solved"))}
                 aria-labelledby={title_id.clone()}
                 data-exercise={exercise.id.clone()} data-started={started.to_string()} data-solved={solved.to_string()}>
            <header class="exercise-head">
                <span class="exercise-label">{ i18n::EXERCISE_LABEL }</span>
                <h3 class="exercise-title" id={title_id}>{ exercise.title.clone() }</h3>
                if let Some(badge) = badge { <span class="solved-badge">{ badge }</span> }
            </header>
            <div class="exercise-prompt prose">{ Html::from_html_unchecked(props.prompt_html.clone()) }</div>
            <h4 class="goals-title">{ i18n::GOALS_TITLE }</h4>
            { goals }
            if let Some(status) = &status {
                { goal_view(&exercise, status, &app) }
                if solved {
                    <div class="exercise-solved" role="status">
                        <strong>{ i18n::SOLVED_TITLE }</strong>
                        <p>{ exercise.success_ko().to_string() }</p>
                        if attempt.as_ref().is_some_and(|a| a.help) { <p class="solved-help">{ i18n::SOLVED_HELP_NOTE }</p> }
                        <button type="button" class="next-exercise" onclick={on_next}>{ i18n::NEXT_EXERCISE }</button>
                    </div>
                } else {
                    <p class="exercise-progress">{ i18n::EXERCISE_IN_PROGRESS }</p>
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
            }
            <details class="solution">
                <summary>{ i18n::SHOW_SOLUTION }</summary>
                <p class="solution-note">{ if started { i18n::SOLUTION_NOTE } else { i18n::SOLUTION_NOT_STARTED } }</p>
                <div class="runnable solution-lines">
                    { for heredoc::units(&exercise.solution).iter().map(|line| solution_line(&app, line, started)) }
                </div>
            </details>
            <div class="exercise-actions">
                <button type="button" class={classes!("start-exercise", (!started).then_some("primary"))}
                        title={i18n::START_EXERCISE_TITLE} onclick={on_start}>
                    { if started { i18n::RESTART_EXERCISE } else { i18n::START_EXERCISE } }
                </button>
            </div>
        </section>
    }
}

/// The goal-vs-current table.
fn goal_view(exercise: &Exercise, status: &crate::state::ExerciseStatus, app: &crate::context::AppContext) -> Html {
    let rows = goal_rows(exercise, &status.goals, &app.machine.snapshot);
    if rows.is_empty() {
        return Html::default();
    }
    html! {
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
                        <td class="goal-mark">
                            <span role="img" aria-label={if r.met { i18n::GOAL_MET } else { i18n::GOAL_UNMET }}>
                                { if r.met { "✔" } else { "✗" } }
                            </span>
                        </td>
                        <th scope="row" class="goal-object">{ r.object.clone() }</th>
                        <td class="goal-want">{ r.want.clone() }</td>
                        <td class="goal-have">{ r.have.clone() }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

/// One command of the solution, runnable once the exercise is started.
fn solution_line(app: &crate::context::AppContext, line: &str, started: bool) -> Html {
    let onclick = {
        let dispatcher = app.dispatcher();
        let line = line.to_string();
        Callback::from(move |_: MouseEvent| run_command(&dispatcher, line.clone(), Source::Solution))
    };
    html! {
        <div class="code-line command">
            <code class="code-text">{ lines(line) }</code>
            if started {
                <button type="button" class="run-button solution-run" title={i18n::run_button_title(line)}
                        data-command={line.to_string()} {onclick}>{ i18n::RUN_BUTTON }</button>
            }
        </div>
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

/// Moves to the next exercise of this lesson (its start button, scrolled into the lesson pane
/// only), or says which lesson to open next.
fn go_next<'a>(id: &str, next_lesson: Option<&'a str>) -> Option<&'a str> {
    let document = web_sys::window().and_then(|w| w.document())?;
    let (Some(pane), Ok(list)) =
        (document.get_element_by_id("lesson"), document.query_selector_all("#lesson .exercise"))
    else {
        return None;
    };
    let all: Vec<web_sys::Element> =
        (0..list.length()).filter_map(|i| list.get(i)).filter_map(|n| n.dyn_into().ok()).collect();
    let here = all.iter().position(|e| e.get_attribute("data-exercise").as_deref() == Some(id));
    if let Some(next) = here.and_then(|i| all.get(i + 1)) {
        platform::reveal_in(&pane, next);
        let button = next
            .query_selector(".start-exercise")
            .ok()
            .flatten()
            .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(button) = button {
            platform::focus_quietly(&button);
        }
        return None;
    }
    next_lesson
}
