//! The page's whole state and its transitions: [`AppState`], [`AppAction`] and the
//! [`Reducible`] impl that Yew's `use_reducer` drives.
//!
//! This is the only module that calls `whalelab-core`. `reduce` is pure: anything impure
//! (the time, the seed, fetched text, stored data) arrives inside the action, so every
//! transition can be tested without a browser. It returns a new `Rc` whenever something
//! changed and the same `Rc` when nothing did (Yew 0.23 then skips the repaint); it never
//! mutates through interior mutability. It must not touch the DOM.

pub mod goal_view;
pub mod lesson;
pub mod line_edit;
pub mod markdown;
pub mod persist;
pub mod preview;
pub mod search;
pub mod terminal;

use std::rc::Rc;
use whalelab_core::map::Set;

use whalelab_core::course::summary::Summary;
use whalelab_core::course::{Exercise, GoalResult};
use whalelab_core::session::Key;
use whalelab_core::{Event, Line, Session, SessionConfig, SimTime, Snapshot, Stream};
use yew::Reducible;

use crate::state::lesson::LessonDoc;
use crate::route::Route;
use terminal::{HistoryCursor, InputRequest, Scrollback};

/// Where the lesson pane stands.
#[derive(Clone, Debug)]
pub enum LessonStatus {
    /// Being fetched.
    Loading,
    /// Parsed and ready to show.
    Ready(Rc<LessonDoc>),
    /// Could not be loaded; the Korean reason is shown in the pane.
    Failed(String),
}

/// Equal when it is the same lesson: checked by pointer first, so the pane's props compare in
/// O(1) after every command.
impl PartialEq for LessonStatus {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (LessonStatus::Loading, LessonStatus::Loading) => true,
            (LessonStatus::Ready(a), LessonStatus::Ready(b)) => Rc::ptr_eq(a, b) || a == b,
            (LessonStatus::Failed(a), LessonStatus::Failed(b)) => a == b,
            _ => false,
        }
    }
}

/// The course outline from `SUMMARY.md`, or why it is missing.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum OutlineStatus {
    /// Not fetched yet.
    #[default]
    Loading,
    /// Parts and lessons in course order.
    Ready(Rc<Summary>),
    /// The Korean reason.
    Failed(String),
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The learner's simulated machine. Behind an `Rc` so actions that do not run commands
    /// do not copy it; `Rc::make_mut` copies it only when a command runs.
    pub session: Rc<Session>,
    /// What the terminal shows.
    pub scrollback: Scrollback,
    /// Where ↑/↓ points in the history.
    pub history: HistoryCursor,
    /// Commands from earlier visits (localStorage), older than the session's own.
    pub saved_history: Rc<Vec<String>>,
    /// How many of the session's own first commands ↑ skips: those typed before a progress
    /// file was imported, whose history replaced them (see [`AppState::full_history`]).
    pub history_skip: usize,
    /// The value the input line should show (after ↑/↓ or "정답 보기").
    pub input: InputRequest,
    /// The engine as of the last command, for the state view.
    pub snapshot: Rc<Snapshot>,
    /// What the last command changed, oldest first (the diagram will animate these).
    pub last_events: Rc<Vec<Event>>,
    /// The lesson pane.
    pub lesson: LessonStatus,
    /// The course outline for the navigation.
    pub outline: OutlineStatus,
    /// The current hash route.
    pub route: Route,
    /// Ids of solved exercises (saved in localStorage).
    pub solved: Rc<Set<String>>,
    /// Exercises seen with a goal unmet on this machine (since the last "다시 시작"): only
    /// these can be solved. An exercise counts as solved when the learner's commands take
    /// the machine from "not yet" to "every goal holds"; one whose goals already hold when it
    /// is shown (lesson 02's "engine-start" on a running engine) waits for a "다시 시작" or
    /// for the machine to leave its goal first. See [`AppAction::ExerciseChecked`].
    pub armed: Rc<Set<String>>,
    /// A Korean notice for the banner (e.g. stored data could not be read).
    pub notice: Option<String>,
    /// Machines before the last commands, newest last (at most [`MAX_UNDO`]).
    pub undo: Rc<Vec<Rc<Session>>>,
    /// Machines undone, newest last; cleared by a new command.
    pub redo: Rc<Vec<Rc<Session>>>,
    /// Bumped after every change of the machine, so views can react to "a command ran".
    pub revision: u64,
}

/// How many commands can be undone.
pub const MAX_UNDO: usize = 50;

/// Cheap equality for Yew's context (which needs `PartialEq` to decide whether consumers
/// repaint). The machine, snapshot and events are compared by identity: the reducer replaces
/// them whenever they change, and a `Session` has no meaningful value equality.
impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.session, &other.session)
            && Rc::ptr_eq(&self.snapshot, &other.snapshot)
            && Rc::ptr_eq(&self.last_events, &other.last_events)
            && Rc::ptr_eq(&self.saved_history, &other.saved_history)
            && self.history_skip == other.history_skip
            && Rc::ptr_eq(&self.undo, &other.undo)
            && Rc::ptr_eq(&self.redo, &other.redo)
            && self.revision == other.revision
            && self.input == other.input
            && self.history == other.history
            && self.lesson == other.lesson
            && self.outline == other.outline
            && self.route == other.route
            && self.solved == other.solved
            && self.armed == other.armed
            && self.notice == other.notice
            && self.scrollback == other.scrollback
    }
}

impl AppState {
    /// A fresh page: a new machine, an empty screen, the lesson still loading.
    pub fn new(config: SessionConfig) -> Self {
        let session = Session::new(config);
        let snapshot = Rc::new(session.snapshot());
        AppState {
            session: Rc::new(session),
            scrollback: Scrollback::default(),
            history: HistoryCursor::default(),
            saved_history: Rc::default(),
            history_skip: 0,
            input: InputRequest::default(),
            snapshot,
            last_events: Rc::default(),
            lesson: LessonStatus::Loading,
            outline: OutlineStatus::Loading,
            route: Route::Home,
            solved: Rc::default(),
            armed: Rc::default(),
            notice: None,
            undo: Rc::default(),
            redo: Rc::default(),
            revision: 0,
        }
    }

    /// Every command ↑ can reach: earlier visits' (or an imported file's) first, then this
    /// session's own, minus those an import replaced.
    pub fn full_history(&self) -> Vec<String> {
        let mut all = (*self.saved_history).clone();
        all.extend(self.own_history().iter().cloned());
        all
    }

    /// The session's commands that ↑ shows after the saved ones.
    fn own_history(&self) -> &[String] {
        let own = self.session.history();
        own.get(self.history_skip..).unwrap_or_default()
    }

    /// Whether exercise `id`, whose goals `met` (or not) on the machine now, counts as solved
    /// here: every goal holds and the learner got there from a state where one did not.
    pub fn exercise_solved(&self, id: &str, met: bool) -> bool {
        met && self.armed.contains(id)
    }

    /// What "진행 상황 내보내기" saves: solved ids, the whole history and the open lesson.
    pub fn export(&self) -> persist::Export {
        let lesson = match (&self.route, &self.lesson) {
            (Route::Lesson(id), _) => Some(id.clone()),
            (Route::Home, LessonStatus::Ready(doc)) => Some(crate::route::lesson_id(&doc.path).to_string()),
            _ => None,
        };
        persist::Export { solved: (*self.solved).clone(), history: self.full_history(), lesson }
    }

    /// The session's prompt, or nothing while a container holds the terminal.
    pub fn prompt(&self) -> String {
        self.session.prompt()
    }
}

/// An exercise's verdict on the current machine, for the panel.
#[derive(Clone, Debug, PartialEq)]
pub struct ExerciseStatus {
    /// Every goal, in author order.
    pub goals: Vec<GoalResult>,
    /// The hints that apply now.
    pub hints: Vec<String>,
    /// Whether every goal holds.
    pub solved: bool,
}

/// Checks an exercise against the machine (core's goals; reads only).
pub fn exercise_status(session: &Session, exercise: &Exercise) -> ExerciseStatus {
    let goals = exercise.check(session);
    let solved = !goals.is_empty() && goals.iter().all(|g| g.met);
    ExerciseStatus { goals, hints: exercise.hints(session).into_iter().map(str::to_string).collect(), solved }
}

/// What Tab does: the new line, the caret (in bytes) and, when several words match, the
/// candidates to list. Reads the session only.
pub fn complete(session: &Session, line: &str, cursor_byte: usize) -> (String, usize, Vec<String>) {
    let completion = session.complete(line, cursor_byte);
    let (text, caret) = completion.apply(line);
    let list = if completion.candidates.len() > 1 { completion.candidates } else { Vec::new() };
    (text, caret, list)
}

/// What the learner (or the page) asks for. Imperative names; impure inputs carried inside.
#[derive(Clone, Debug, PartialEq)]
pub enum AppAction {
    /// Run a line typed at the prompt (Enter) or clicked in a lesson (▶), at time `now`.
    Submit {
        /// The line as typed.
        line: String,
        /// The wall clock when it was submitted (from `platform::now`).
        now: SimTime,
    },
    /// A control key (Ctrl+C, Ctrl+D, Ctrl+P Ctrl+Q); `typed` is the unfinished line.
    Key {
        /// Which key.
        key: Key,
        /// What the input held (echoed with `^C` like bash).
        typed: String,
        /// The wall clock.
        now: SimTime,
    },
    /// Fetch new output of a container holding the terminal.
    Poll {
        /// The wall clock.
        now: SimTime,
    },
    /// Tab found several candidates: list them under the line, like bash.
    ShowCandidates {
        /// The line as typed.
        line: String,
        /// The matches.
        candidates: Vec<String>,
    },
    /// Put this text in the input line (the solution being typed).
    SetInput(String),
    /// ↑: show the previous command; `current` is the input's text, kept as the draft.
    HistoryPrev {
        /// What the input holds now.
        current: String,
    },
    /// ↓: show the next command, or the draft.
    HistoryNext,
    /// Ctrl+L: clear the screen, keep everything else.
    ClearScreen,
    /// A fresh machine with these commands replayed (exercise reset, share link).
    Restart {
        /// The new machine's seed and start.
        config: SessionConfig,
        /// Commands run silently on it first (the exercise's setup).
        setup: Vec<String>,
    },
    /// What earlier visits stored (history, solved ids), and a notice if it was unreadable.
    Restore {
        /// Earlier commands.
        history: Vec<String>,
        /// Solved exercise ids.
        solved: Set<String>,
        /// Korean notice about data that could not be read.
        notice: Option<String>,
    },
    /// A progress file was imported: its solved ids and history replace the current ones
    /// (the machine stays; the file holds no engine state).
    Import(persist::Export),
    /// A Korean notice for the banner (e.g. an import that was refused).
    Notify(String),
    /// An exercise's goals all hold.
    MarkSolved(String),
    /// An exercise panel checked its goals on the machine now (`met`: every goal holds). An
    /// unmet check arms the exercise; a met check of an armed exercise solves it and saves
    /// that in the progress; a met check of an unarmed one changes nothing (the machine was
    /// already there before the learner did anything).
    ExerciseChecked {
        /// The exercise's id.
        id: String,
        /// Whether every goal holds.
        met: bool,
    },
    /// Put the machine back to before the last command.
    Undo,
    /// Run again what was undone.
    Redo,
    /// Close the notice banner.
    DismissNotice,
    /// The hash changed.
    Navigate(Route),
    /// The outline arrived (or failed).
    OutlineLoaded(OutlineStatus),
    /// The lesson arrived and was parsed.
    LessonLoaded(Rc<LessonDoc>),
    /// The lesson could not be loaded (Korean reason).
    LessonFailed(String),
    /// The lesson is being fetched.
    LessonLoading,
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        match action {
            AppAction::Submit { line, now } => {
                let mut next = (*self).clone();
                next.remember_for_undo();
                let session = Rc::make_mut(&mut next.session);
                let prompt = session.prompt();
                let transcript = session.run_line(&line, now);
                next.history.reset();
                if session.cleared() {
                    next.scrollback.clear_then(prompt, line, transcript.lines, transcript.exit_code);
                } else {
                    next.scrollback.push(prompt, line, transcript.lines, transcript.exit_code);
                }
                next.scrollback.attach_pulls(transcript.pulls);
                next.after_change(transcript.events);
                Rc::new(next)
            }
            AppAction::Key { key, typed, now } => {
                let mut next = (*self).clone();
                next.remember_for_undo();
                let session = Rc::make_mut(&mut next.session);
                let prompt = session.prompt();
                let transcript = session.key(key, now);
                let shown = match key {
                    Key::CtrlC => format!("{typed}^C"),
                    Key::CtrlD | Key::Detach => typed,
                };
                next.history.reset();
                if !prompt.is_empty() && key != Key::Detach {
                    next.scrollback.push(prompt, shown, transcript.lines, transcript.exit_code);
                } else {
                    let mut lines = Vec::new();
                    if key == Key::CtrlC {
                        lines.push(Line { stream: Stream::Stdout, text: shown });
                    }
                    lines.extend(transcript.lines);
                    if lines.is_empty() && transcript.events.is_empty() {
                        return self;
                    }
                    next.scrollback.push_output(lines, transcript.exit_code);
                }
                next.after_change(transcript.events);
                Rc::new(next)
            }
            AppAction::Poll { now } => {
                if !self.session.is_held() {
                    // Nothing holds the terminal, but time may still change the machine (a
                    // detached `sleep 5` ending, a restart back-off): let the diagram follow.
                    if self.session.next_timer().is_none_or(|due| due > now) {
                        return self;
                    }
                    let mut next = (*self).clone();
                    let transcript = Rc::make_mut(&mut next.session).poll(now);
                    if transcript.events.is_empty() {
                        return self;
                    }
                    next.after_change(transcript.events);
                    return Rc::new(next);
                }
                let mut next = (*self).clone();
                let session = Rc::make_mut(&mut next.session);
                let transcript = session.poll(now);
                if transcript.lines.is_empty() && transcript.events.is_empty() && session.is_held() {
                    return self;
                }
                // `docker stats` redraws from the top: each frame replaces the one before, as
                // when the frame came with the command itself (Submit).
                if session.cleared() && !transcript.lines.is_empty() {
                    next.scrollback.clear();
                }
                next.scrollback.push_output(transcript.lines, transcript.exit_code);
                next.after_change(transcript.events);
                Rc::new(next)
            }
            AppAction::ShowCandidates { line, candidates } => {
                let mut next = (*self).clone();
                let lines = candidates.into_iter().map(|text| Line { stream: Stream::Stdout, text }).collect();
                next.scrollback.push(self.prompt(), line, lines, 0);
                Rc::new(next)
            }
            AppAction::SetInput(text) => {
                let input = InputRequest { text, seq: self.input.seq + 1 };
                Rc::new(AppState { input, ..(*self).clone() })
            }
            AppAction::HistoryPrev { current } => {
                let mut history = self.history.clone();
                match history.back(&self.full_history(), &current) {
                    Some(text) => with_input(&self, history, text),
                    None => self,
                }
            }
            AppAction::HistoryNext => {
                let mut history = self.history.clone();
                match history.forward(&self.full_history()) {
                    Some(text) => with_input(&self, history, text),
                    None => self,
                }
            }
            AppAction::ClearScreen => {
                if self.scrollback.entries().is_empty() {
                    return self;
                }
                let mut next = (*self).clone();
                next.scrollback.clear();
                Rc::new(next)
            }
            AppAction::Restart { config, setup } => {
                let mut next = (*self).clone();
                let mut session = Session::new(config);
                let mut events = Vec::new();
                for (i, line) in setup.iter().enumerate() {
                    events.extend(session.run_line(line, config.start_time + i as SimTime).events);
                }
                // Earlier commands stay reachable with ↑ after a reset.
                let mut saved = (*self.saved_history).clone();
                saved.extend(self.own_history().iter().cloned());
                next.saved_history = Rc::new(saved);
                next.history_skip = 0;
                next.session = Rc::new(session);
                // A new machine: every exercise is judged afresh (the panels re-arm the ones
                // whose goals the setup leaves unmet).
                next.armed = Rc::default();
                next.scrollback.clear();
                next.history.reset();
                next.undo = Rc::default();
                next.redo = Rc::default();
                next.after_change(events);
                Rc::new(next)
            }
            AppAction::Undo => {
                let mut undo = (*self.undo).clone();
                let Some(previous) = undo.pop() else { return self };
                let mut next = (*self).clone();
                let mut redo = (*self.redo).clone();
                redo.push(std::mem::replace(&mut next.session, previous));
                // The older machine's history is shorter: keep showing what it has.
                next.history_skip = next.history_skip.min(next.session.history().len());
                next.undo = Rc::new(undo);
                next.redo = Rc::new(redo);
                next.after_change(Vec::new());
                Rc::new(next)
            }
            AppAction::Redo => {
                let mut redo = (*self.redo).clone();
                let Some(later) = redo.pop() else { return self };
                let mut next = (*self).clone();
                let mut undo = (*self.undo).clone();
                undo.push(std::mem::replace(&mut next.session, later));
                next.undo = Rc::new(undo);
                next.redo = Rc::new(redo);
                next.after_change(Vec::new());
                Rc::new(next)
            }
            AppAction::Restore { history, solved, notice } => Rc::new(AppState {
                saved_history: Rc::new(history),
                solved: Rc::new(solved),
                notice,
                ..(*self).clone()
            }),
            AppAction::Import(export) => {
                let notice = Some(crate::i18n::import_done(export.solved.len(), export.history.len()));
                let mut next = (*self).clone();
                next.solved = Rc::new(export.solved);
                // The file's history replaces what ↑ reaches, this session's commands too (an
                // export re-imported in the same visit must not list them twice).
                next.saved_history = Rc::new(export.history);
                next.history_skip = self.session.history().len();
                next.history.reset();
                next.notice = notice;
                // No revision bump: the machine did not change (views keyed on it, like the
                // diagram's animations, must not replay); the importer saves the file's data.
                Rc::new(next)
            }
            AppAction::Notify(text) => Rc::new(AppState { notice: Some(text), ..(*self).clone() }),
            AppAction::MarkSolved(id) => {
                if self.solved.contains(&id) {
                    return self;
                }
                let mut solved = (*self.solved).clone();
                solved.insert(id);
                Rc::new(AppState { solved: Rc::new(solved), ..(*self).clone() })
            }
            AppAction::ExerciseChecked { id, met } => {
                if !met {
                    if self.armed.contains(&id) {
                        return self;
                    }
                    let mut armed = (*self.armed).clone();
                    armed.insert(id);
                    return Rc::new(AppState { armed: Rc::new(armed), ..(*self).clone() });
                }
                if !self.armed.contains(&id) {
                    return self;
                }
                self.reduce(AppAction::MarkSolved(id))
            }
            AppAction::DismissNotice => {
                if self.notice.is_none() {
                    return self;
                }
                Rc::new(AppState { notice: None, ..(*self).clone() })
            }
            AppAction::Navigate(route) => {
                if route == self.route {
                    return self;
                }
                Rc::new(AppState { route, ..(*self).clone() })
            }
            AppAction::OutlineLoaded(outline) => Rc::new(AppState { outline, ..(*self).clone() }),
            AppAction::LessonLoaded(doc) => Rc::new(AppState { lesson: LessonStatus::Ready(doc), ..(*self).clone() }),
            AppAction::LessonFailed(reason) => {
                Rc::new(AppState { lesson: LessonStatus::Failed(reason), ..(*self).clone() })
            }
            AppAction::LessonLoading => Rc::new(AppState { lesson: LessonStatus::Loading, ..(*self).clone() }),
        }
    }
}

impl AppState {
    /// Keeps the machine as it is now on the undo stack (capped) and forgets the redo stack:
    /// called right before a command changes it. Sharing the `Rc` is enough: the command then
    /// copies the machine on write.
    fn remember_for_undo(&mut self) {
        let mut undo = (*self.undo).clone();
        undo.push(self.session.clone());
        if undo.len() > MAX_UNDO {
            undo.remove(0);
        }
        self.undo = Rc::new(undo);
        self.redo = Rc::default();
    }

    /// Bookkeeping after the machine changed: new snapshot, events, revision.
    fn after_change(&mut self, events: Vec<Event>) {
        self.snapshot = Rc::new(self.session.snapshot());
        self.last_events = Rc::new(events);
        self.revision += 1;
    }
}

/// A new state whose input line shows `text`.
fn with_input(state: &AppState, history: HistoryCursor, text: String) -> Rc<AppState> {
    let input = InputRequest { text, seq: state.input.seq + 1 };
    Rc::new(AppState { history, input, ..state.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use whalelab_core::Stream;

    fn start() -> Rc<AppState> {
        Rc::new(AppState::new(SessionConfig::default()))
    }

    fn submit(state: Rc<AppState>, line: &str) -> Rc<AppState> {
        let now = SessionConfig::default().start_time + 1000 * (state.revision + 1);
        state.reduce(AppAction::Submit { line: line.into(), now })
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn submit_echoes_the_command_and_appends_core_output() {
        let s0 = start();
        let s1 = submit(s0.clone(), "docker ps");
        assert!(!Rc::ptr_eq(&s0, &s1), "a command gives a new state");
        assert!(s0.scrollback.entries().is_empty(), "the old state is untouched");
        assert_eq!(s1.revision, 1);
        let entry = &s1.scrollback.entries()[0];
        assert_eq!((entry.prompt.as_str(), entry.command.as_str()), ("user@docker-host:~$ ", "docker ps"));
        assert_eq!(entry.exit_code, 0);
        assert_eq!(
            entry.output.first().map(|l| (l.stream, l.text.as_str())),
            Some((Stream::Stdout, "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES"))
        );
        assert_eq!(s1.session.history(), ["docker ps"]);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn history_actions_set_the_input_and_no_op_actions_keep_the_same_rc() {
        let s = submit(submit(start(), "docker ps"), "docker images");
        let up = s.clone().reduce(AppAction::HistoryPrev { current: "do".into() });
        assert_eq!(up.input, InputRequest { text: "docker images".into(), seq: 1 });
        let up2 = up.reduce(AppAction::HistoryPrev { current: "docker images".into() });
        assert_eq!(up2.input.text, "docker ps");
        let top = up2.clone().reduce(AppAction::HistoryPrev { current: "docker ps".into() });
        assert!(Rc::ptr_eq(&up2, &top), "nothing older: same Rc, no repaint");
        let down = top.reduce(AppAction::HistoryNext).reduce(AppAction::HistoryNext);
        assert_eq!(down.input, InputRequest { text: "do".into(), seq: 4 }, "the draft comes back");
        let same = down.clone().reduce(AppAction::HistoryNext);
        assert!(Rc::ptr_eq(&down, &same));
        assert!(Rc::ptr_eq(&down.session, &s.session), "history moves never copy the machine");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn clear_screen_keeps_history_and_machine() {
        let s = submit(start(), "docker ps");
        let cleared = s.clone().reduce(AppAction::ClearScreen);
        assert!(cleared.scrollback.entries().is_empty());
        assert_eq!(cleared.session.history(), ["docker ps"]);
        assert!(Rc::ptr_eq(&cleared.session, &s.session));
        let again = cleared.clone().reduce(AppAction::ClearScreen);
        assert!(Rc::ptr_eq(&cleared, &again), "clearing an empty screen changes nothing");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_clear_command_wipes_the_screen_but_keeps_later_output() {
        let s = submit(submit(start(), "docker ps"), "clear");
        assert!(s.scrollback.entries().is_empty(), "{:?}", s.scrollback);
        let s = submit(submit(s, "docker ps"), "clear; echo after");
        let lines: Vec<_> =
            s.scrollback.entries().iter().flat_map(|e| e.output.iter().map(|l| l.text.clone())).collect();
        assert_eq!(lines, ["after"]);
        assert!(!s.scrollback.entries()[0].echo, "the prompt line went with the screen");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn lesson_actions_replace_the_lesson_status() {
        let s = start();
        assert_eq!(s.lesson, LessonStatus::Loading);
        let failed = s.clone().reduce(AppAction::LessonFailed("없음".into()));
        assert_eq!(failed.lesson, LessonStatus::Failed("없음".into()));
        let doc = Rc::new(LessonDoc { path: "a.md".into(), ..LessonDoc::default() });
        let ready = failed.reduce(AppAction::LessonLoaded(doc.clone()));
        assert_eq!(ready.lesson, LessonStatus::Ready(doc));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_snapshot_follows_every_command() {
        let s = submit(start(), "docker run --name web -d -p 8080:80 nginx");
        let web = s.snapshot.container("web").map(|c| c.status);
        assert_eq!(web, Some(whalelab_core::snapshot::ContainerStatus::Running), "{:#?}", s.scrollback);
        let s = submit(s, "docker stop web");
        assert_eq!(
            s.snapshot.container("web").map(|c| c.status),
            Some(whalelab_core::snapshot::ContainerStatus::Exited)
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn ctrl_c_abandons_the_typed_line_like_bash() {
        let s = start().reduce(AppAction::Key { key: Key::CtrlC, typed: "docker ps".into(), now: 1 });
        let entry = &s.scrollback.entries()[0];
        assert_eq!((entry.command.as_str(), entry.exit_code), ("docker ps^C", 130));
        assert!(s.session.history().is_empty(), "an abandoned line is not history");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_foreground_container_holds_the_prompt_until_ctrl_c() {
        let s = submit(start(), "docker run --name web -p 8080:80 nginx");
        assert!(s.session.is_held(), "{:#?}", s.scrollback);
        assert_eq!(s.prompt(), "", "no prompt while held");
        let now = SessionConfig::default().start_time + 60_000;
        let polled = s.clone().reduce(AppAction::Poll { now });
        let s = polled.reduce(AppAction::Key { key: Key::CtrlC, typed: String::new(), now: now + 1000 });
        assert!(!s.session.is_held());
        assert_eq!(s.prompt(), "user@docker-host:~$ ");
        let last = s.scrollback.entries().last().unwrap();
        assert!(!last.echo && last.output[0].text == "^C", "{last:?}");
        let idle = s.clone().reduce(AppAction::Poll { now: now + 2000 });
        assert!(Rc::ptr_eq(&s, &idle), "polling with nothing held changes nothing");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_detached_container_that_exits_later_is_seen_exiting_without_a_keypress() {
        let now = SessionConfig::default().start_time;
        let s = start().reduce(AppAction::Submit { line: "docker run -d --name nap busybox sleep 5".into(), now });
        assert_eq!(
            s.snapshot.container("nap").map(|c| c.status),
            Some(whalelab_core::snapshot::ContainerStatus::Running)
        );
        let due = s.session.next_timer().expect("the sleep ends at a known time");
        let early = s.clone().reduce(AppAction::Poll { now: due - 1 });
        assert!(Rc::ptr_eq(&s, &early), "nothing is due yet");
        let later = s.reduce(AppAction::Poll { now: due });
        assert_eq!(
            later.snapshot.container("nap").map(|c| c.status),
            Some(whalelab_core::snapshot::ContainerStatus::Exited)
        );
        assert!(later.last_events.iter().any(|e| e.action == "die"), "{:?}", later.last_events);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn restart_replays_the_setup_on_a_fresh_machine_and_keeps_history() {
        let s = submit(start(), "docker run -d --name old nginx");
        let s = s.reduce(AppAction::Restart {
            config: SessionConfig { seed: 9, ..SessionConfig::default() },
            setup: vec!["docker run -d --name web nginx".into()],
        });
        assert!(s.snapshot.container("old").is_none());
        assert!(s.snapshot.container("web").is_some());
        assert!(s.scrollback.entries().is_empty());
        assert!(s.full_history().contains(&"docker run -d --name old nginx".to_string()));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn saved_history_comes_before_the_sessions_and_solved_ids_are_a_set() {
        let s = start().reduce(AppAction::Restore {
            history: vec!["docker images".into()],
            solved: Set::new(),
            notice: None,
        });
        let s = submit(s, "docker ps");
        let up = s.reduce(AppAction::HistoryPrev { current: String::new() });
        let up = up.reduce(AppAction::HistoryPrev { current: String::new() });
        assert_eq!(up.input.text, "docker images");
        let a = up.reduce(AppAction::MarkSolved("e1".into()));
        let b = a.clone().reduce(AppAction::MarkSolved("e1".into()));
        assert!(Rc::ptr_eq(&a, &b));
        assert_eq!(b.solved.len(), 1);
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_exercise_is_solved_only_when_commands_take_the_machine_to_its_goal() {
        let checked = |s: Rc<AppState>, met: bool| s.reduce(AppAction::ExerciseChecked { id: "e".into(), met });
        // Shown on a machine that already meets its goals: nothing counts, nothing is saved.
        let s = start();
        let opened = checked(s.clone(), true);
        assert!(Rc::ptr_eq(&s, &opened), "a goal met before the learner did anything changes nothing");
        assert!(!opened.exercise_solved("e", true) && opened.solved.is_empty());
        // Once seen unmet it is armed (once), and the next met check solves it.
        let armed = checked(opened, false);
        assert!(armed.armed.contains("e") && !armed.exercise_solved("e", false));
        assert!(Rc::ptr_eq(&armed, &checked(armed.clone(), false)), "arming twice changes nothing");
        let solved = checked(armed, true);
        assert!(solved.exercise_solved("e", true));
        assert_eq!(*solved.solved, Set::from(["e".to_string()]));
        assert!(!solved.exercise_solved("e", false), "solved shows only while the goals hold");
        // "다시 시작" (a new machine) disarms every exercise: it must be seen unmet again.
        let restarted = solved.reduce(AppAction::Restart { config: SessionConfig::default(), setup: Vec::new() });
        assert!(restarted.armed.is_empty());
        assert!(!restarted.exercise_solved("e", true));
        assert_eq!(restarted.solved.len(), 1, "the progress keeps it");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn an_import_replaces_the_history_even_in_the_same_session() {
        let s = submit(submit(start(), "docker ps"), "docker images");
        let file = s.export();
        assert_eq!(file.history, ["docker ps", "docker images"]);
        let s = s.reduce(AppAction::Import(file));
        assert_eq!(s.full_history(), ["docker ps", "docker images"], "no command twice");
        let s = submit(s, "echo later");
        assert_eq!(s.full_history(), ["docker ps", "docker images", "echo later"]);
        // Another file: only its commands, then what comes after.
        let other = persist::Export { history: vec!["docker version".into()], ..persist::Export::default() };
        let s = s.reduce(AppAction::Import(other));
        assert_eq!(s.full_history(), ["docker version"]);
        let s = submit(s, "docker info");
        assert_eq!(s.full_history(), ["docker version", "docker info"]);
        // Undo goes back to a machine with a shorter history: later commands still show.
        let s = submit(s.reduce(AppAction::Undo).reduce(AppAction::Undo).reduce(AppAction::Undo), "echo again");
        assert_eq!(s.full_history().last().map(String::as_str), Some("echo again"));
        // A reset keeps what ↑ reached, once.
        let s = s.reduce(AppAction::Restart { config: SessionConfig::default(), setup: Vec::new() });
        assert_eq!(
            s.full_history().iter().filter(|l| l.as_str() == "docker version").count(),
            1,
            "{:?}",
            s.full_history()
        );
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn tab_completes_from_core() {
        let s = start();
        let (line, caret, list) = complete(&s.session, "docker ver", 10);
        assert_eq!((line.as_str(), caret, list.len()), ("docker version ", 15, 0));
        let (_, _, list) = complete(&s.session, "docker st", 9);
        assert!(list.len() > 1, "{list:?}");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn undo_and_redo_move_between_machines() {
        let s = submit(start(), "docker run -d --name web nginx");
        let s = submit(s, "docker stop web");
        assert_eq!(s.undo.len(), 2);
        let u = s.clone().reduce(AppAction::Undo);
        assert_eq!(
            u.snapshot.container("web").map(|c| c.status),
            Some(whalelab_core::snapshot::ContainerStatus::Running)
        );
        let u = u.reduce(AppAction::Undo);
        assert!(u.snapshot.container("web").is_none());
        let none = u.clone().reduce(AppAction::Undo);
        assert!(Rc::ptr_eq(&u, &none), "nothing left to undo");
        let r = u.reduce(AppAction::Redo).reduce(AppAction::Redo);
        assert_eq!(
            r.snapshot.container("web").map(|c| c.status),
            Some(whalelab_core::snapshot::ContainerStatus::Exited)
        );
        let again = r.clone().reduce(AppAction::Undo);
        let fresh = submit(again, "docker ps");
        assert!(fresh.redo.is_empty(), "a new command forgets what was undone");
        let mut many = start();
        for i in 0..MAX_UNDO + 3 {
            many = submit(many, &format!("echo {i}"));
        }
        assert_eq!(many.undo.len(), MAX_UNDO);
    }
}
