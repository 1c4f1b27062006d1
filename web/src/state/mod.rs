//! The page's whole state and its transitions: [`AppState`], [`AppAction`] and the
//! [`Reducible`] impl that Yew's `use_reducer` drives.
//!
//! This is the only module that calls `whalelab-core`. `reduce` is pure: anything impure
//! (the time, the seed, fetched text, stored data) arrives inside the action, so every
//! transition can be tested without a browser. It returns a new `Rc` whenever something
//! changed and the same `Rc` when nothing did (Yew 0.23 then skips the repaint); it never
//! mutates through interior mutability. It must not touch the DOM.
//!
//! The page has one [`Machine`] per lesson and one for the sandbox; the open one is
//! [`AppState::machine`], the others visited in this visit wait in [`AppState::parked`].
//! Exercises are started explicitly ([`AppAction::StartExercise`]) and followed by core's
//! [`Attempt`] after every command on their machine; only the started exercise can be
//! solved, and only by commands after its start.

pub mod course;
pub mod editor;
pub mod files;
pub mod goal_view;
pub mod handover;
pub mod keys;
pub mod lesson;
pub mod line_edit;
pub mod machine;
pub mod markdown;
pub mod persist;
pub mod preview;
pub mod registry;
pub mod search;
pub mod suggest;
pub mod terminal;

use std::rc::Rc;

use whalelab_core::course::summary::{parse_summary, Summary};
use whalelab_core::course::{Attempt, Exercise, GoalResult, Source, SourceFile};
use whalelab_core::map::Map;
use whalelab_core::session::Key;
use whalelab_core::{
    Attempt as LineAttempt, Catalogue, Line, Note, Session, SessionConfig, SimTime, Stream, Transcript,
};
use yew::Reducible;

use crate::i18n;
use crate::route::{lesson_id, Pages, Route};
use crate::state::course::CourseIndex;
use crate::state::editor::{EditFile, Saved};
use crate::state::lesson::LessonDoc;
use crate::state::machine::{Genesis, Input, Machine, Stored};
use crate::state::persist::{Corrupt, Progress, Solved};
use crate::state::registry::{Awaiting, Registry, MAX_ROUNDS};
use terminal::{HistoryCursor, InputRequest, NoteKind};
use whalelab_core::EditRequest;

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

/// Equal when it is the same lesson (the same parsed document): the pane's props compare in
/// O(1) after every command, and no lesson's deep equality is needed in the bundle.
impl PartialEq for LessonStatus {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (LessonStatus::Loading, LessonStatus::Loading) => true,
            (LessonStatus::Ready(a), LessonStatus::Ready(b)) => Rc::ptr_eq(a, b),
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

/// A shared value compared by identity (props and hook dependencies that must not compare a
/// whole lesson or course by value).
#[derive(Clone, Debug)]
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// A ▶ command that waits because a container holds the terminal: the terminal explains
/// and offers to go back to the host first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    /// The command.
    pub line: String,
    /// Which button it came from.
    pub source: Source,
}

/// A sentence for screen readers (the terminal's status region), numbered so that the same
/// sentence twice is read twice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Announcement {
    /// Bumped with every sentence.
    pub seq: u64,
    /// The Korean sentence.
    pub text: String,
}

/// Everything the page shows.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The machine of the open lesson (or the sandbox).
    pub machine: Machine,
    /// The other machines visited in this visit, by key.
    pub parked: Rc<Map<String, Machine>>,
    /// Where ↑/↓ points in the history.
    pub history: HistoryCursor,
    /// Commands from earlier visits (localStorage) and from other machines, older than the
    /// open machine's own.
    pub saved_history: Rc<Vec<String>>,
    /// The value the input line should show (after ↑/↓).
    pub input: InputRequest,
    /// The lesson pane.
    pub lesson: LessonStatus,
    /// The course outline for the navigation.
    pub outline: OutlineStatus,
    /// Every lesson parsed so far (the 목차, totals, exercises by id).
    pub course: Rc<CourseIndex>,
    /// The current hash route.
    pub route: Route,
    /// Solved exercises (saved in localStorage).
    pub progress: Rc<Progress>,
    /// A Korean notice for the banner (e.g. stored data could not be read).
    pub notice: Option<String>,
    /// The last sentence for screen readers.
    pub announcement: Announcement,
    /// A ▶ command waiting for the learner's word (see [`Offer`]).
    pub offer: Option<Offer>,
    /// Bumped after every change of the open machine, and when another machine opens, so
    /// views can react to "the machine changed".
    pub revision: u64,
    /// The practice registry as loaded so far, and the action waiting for its files.
    pub registry: Registry,
    /// Which lessons have a page of their own (the links to the others keep the hash form).
    pub pages: Pages,
    /// This is the page rendered ahead of time by the release build ([`AppState::prerendered`]):
    /// the terminal shows that it is coming, nothing else differs.
    pub static_page: bool,
}

/// Cheap equality for Yew's context (which needs `PartialEq` to decide whether consumers
/// repaint): shared parts by identity (the reducer replaces them whenever they change).
impl PartialEq for AppState {
    fn eq(&self, other: &Self) -> bool {
        self.machine == other.machine
            && Rc::ptr_eq(&self.parked, &other.parked)
            && Rc::ptr_eq(&self.saved_history, &other.saved_history)
            && Rc::ptr_eq(&self.course, &other.course)
            && Rc::ptr_eq(&self.progress, &other.progress)
            && self.revision == other.revision
            && self.input == other.input
            && self.history == other.history
            && self.lesson == other.lesson
            && self.outline == other.outline
            && self.route == other.route
            && self.notice == other.notice
            && self.announcement == other.announcement
            && self.offer == other.offer
            && self.registry == other.registry
            && self.pages == other.pages
            && self.static_page == other.static_page
    }
}

impl AppState {
    /// A fresh page: a new machine (whose lesson is not known yet), an empty screen, the
    /// lesson still loading.
    pub fn new(config: SessionConfig) -> Self {
        AppState {
            machine: Machine::fresh("", config, &Catalogue::default()),
            parked: Rc::default(),
            history: HistoryCursor::default(),
            saved_history: Rc::default(),
            input: InputRequest::default(),
            lesson: LessonStatus::Loading,
            outline: OutlineStatus::Loading,
            course: Rc::default(),
            route: Route::Home,
            progress: Rc::default(),
            notice: None,
            announcement: Announcement::default(),
            offer: None,
            revision: 0,
            pages: Pages::default(),
            static_page: false,
            registry: Registry::default(),
        }
    }

    /// The page for `route` as the release build renders it ahead of time (`whalelab render`):
    /// the course as the app has it once everything is fetched (`summary` and the lesson
    /// files, through the same transitions), on a fresh machine, as a first visit sees it.
    pub fn prerendered(route: Route, summary: SourceFile, lessons: Vec<SourceFile>, pages: Pages) -> AppState {
        let start = AppState { pages, static_page: true, ..AppState::new(SessionConfig { seed: 0, start_time: 0 }) };
        let mut state = Rc::new(start).reduce(AppAction::Navigate(route));
        let (outline, _) = parse_summary(&summary);
        state = state.reduce(AppAction::OutlineLoaded(OutlineStatus::Ready(Rc::new(outline))));
        state = state.reduce(AppAction::CourseFile { file: summary, doc: None });
        for file in lessons {
            let doc = lesson::load_lesson(&file.path, &file.text).ok().map(Rc::new);
            state = state.reduce(AppAction::CourseFile { file, doc });
        }
        state = state.reduce(AppAction::CourseComplete);
        match routed_lesson(&state.route, &state.outline) {
            Some(Ok(path)) => {
                let file = state.course.files.iter().find(|f| f.path == path);
                let loaded = match (state.course.get(&path), file) {
                    (Some(doc), _) => Ok(doc.clone()),
                    // The same Korean reason the app shows for a lesson it cannot read.
                    (None, Some(file)) => lesson::load_lesson(&file.path, &file.text).map(Rc::new),
                    (None, None) => Err(i18n::lesson_unreadable(&path)),
                };
                state = state.reduce(match loaded {
                    Ok(doc) => AppAction::LessonLoaded(doc),
                    Err(reason) => AppAction::LessonFailed(reason),
                });
            }
            Some(Err(reason)) => state = state.reduce(AppAction::LessonFailed(reason)),
            None => {}
        }
        if let Some(key) = machine_key(&state.route, &state.outline, &state.lesson) {
            let config = SessionConfig { seed: 0, start_time: 0 };
            state = state.reduce(AppAction::SwitchMachine { key, stored: Ok(None), config });
        }
        Rc::unwrap_or_clone(state)
    }

    /// The document's title for this page (the same in the page rendered ahead of time);
    /// `None` while its lesson loads (the title stays as it is).
    pub fn title(&self) -> Option<String> {
        let page = match (&self.route, &self.lesson) {
            (Route::Home | Route::Lesson(_), LessonStatus::Ready(doc)) => Some(doc.title.as_str()),
            (Route::Home | Route::Lesson(_), LessonStatus::Loading) => return None,
            (Route::Home | Route::Lesson(_), LessonStatus::Failed(_)) => None,
            (Route::Sandbox { .. }, _) => Some(i18n::SANDBOX_TITLE),
            (Route::Check, _) => Some(i18n::CHECK_TITLE),
            (Route::NotFound(_), _) => Some(i18n::NOT_FOUND_TITLE),
        };
        Some(i18n::page_title(page))
    }

    /// The page's description for search engines: the lesson's summary, or the site's.
    pub fn description(&self) -> String {
        match (&self.route, &self.lesson) {
            (Route::Home | Route::Lesson(_), LessonStatus::Ready(doc)) if !doc.summary.is_empty() => {
                doc.summary.clone()
            }
            _ => i18n::SITE_DESCRIPTION.to_string(),
        }
    }

    /// The open machine's session.
    pub fn session(&self) -> &Session {
        &self.machine.session
    }

    /// Every command ↑ can reach: earlier visits', other machines' (or an imported file's)
    /// first, then the open machine's own, minus those already among them.
    pub fn full_history(&self) -> Vec<String> {
        let mut all = (*self.saved_history).clone();
        all.extend(self.own_history().iter().cloned());
        all
    }

    /// The open machine's commands that ↑ shows after the saved ones.
    fn own_history(&self) -> &[String] {
        let own = self.machine.session.history();
        own.get(self.machine.history_skip..).unwrap_or_default()
    }

    /// Moves the open machine's own commands into the saved history (before it is replaced
    /// or parked), so ↑ still reaches them.
    fn fold_history(&mut self) {
        let own = self.own_history().to_vec();
        if !own.is_empty() {
            Rc::make_mut(&mut self.saved_history).extend(own);
        }
        self.machine.history_skip = self.machine.session.history().len();
    }

    /// What "진행 상황 내보내기" saves: solved exercises, the whole history and the open lesson.
    pub fn export(&self) -> persist::Export {
        let lesson = match (&self.route, &self.lesson) {
            (Route::Lesson(id), _) => Some(id.clone()),
            (Route::Home, LessonStatus::Ready(doc)) => Some(lesson_id(&doc.path).to_string()),
            _ => None,
        };
        persist::Export { solved: (*self.progress).clone(), history: self.full_history(), lesson }
    }

    /// The open machine's prompt, or nothing while a container holds the terminal.
    pub fn prompt(&self) -> String {
        self.machine.session.prompt()
    }

    /// Lines submitted while the page fetches the registry files a line needs (the one
    /// waiting, then those queued behind it): the terminal shows them as running until they
    /// run, as a terminal shows a command until it ends. The pull's progress follows at once.
    pub fn pending_lines(&self) -> Vec<String> {
        let waiting = self.registry.awaiting.iter().map(|a| a.action.as_ref());
        waiting
            .chain(&self.registry.queued)
            .filter_map(|a| match a {
                AppAction::Submit { line, .. } => Some(line.clone()),
                _ => None,
            })
            .collect()
    }

    /// The exercise with this id, from the open lesson or any lesson parsed so far.
    pub fn exercise(&self, id: &str) -> Option<Rc<Exercise>> {
        match &self.lesson {
            LessonStatus::Ready(doc) => doc.exercise(id),
            _ => None,
        }
        .or_else(|| self.course.exercise(id))
    }

    /// The exercise started on the open machine, if it is `id`.
    pub fn attempt_of(&self, id: &str) -> Option<&Attempt> {
        self.machine.attempt.as_ref().filter(|a| a.exercise == id)
    }

    /// How many exercises are solved, and of how many (once every lesson is parsed). The page
    /// rendered ahead of time has every lesson but says what the app says before it has fetched
    /// them all, so that taking the page over changes nothing.
    pub fn solved_count(&self) -> (usize, Option<usize>) {
        let total = match &self.outline {
            OutlineStatus::Ready(summary) if !self.static_page => self.course.total(summary),
            _ => None,
        };
        (self.progress.len(), total)
    }

    /// Says `text` to screen readers.
    fn announce(&mut self, text: String) {
        self.announcement = Announcement { seq: self.announcement.seq + 1, text };
    }

    /// Runs a line on the open machine: the terminal shows it, the log records it, undo
    /// remembers the machine before it if it changed something, and the started exercise is
    /// checked. A line that needs registry files not loaded yet changes nothing and names them.
    fn run_line(&mut self, line: String, now: SimTime, source: Source) -> Result<(), Vec<String>> {
        let held = self.machine.session.is_held();
        // A password typed after `docker login`'s prompt is not echoed, as in a terminal.
        let shown = if self.machine.session.input_hidden() { String::new() } else { line.clone() };
        let step = self.machine.step(shown.clone());
        let catalogue = self.registry.catalogue.clone();
        let session = Rc::make_mut(&mut self.machine.session);
        session.set_catalogue(catalogue);
        let prompt = session.prompt();
        let transcript = match session.attempt_line(&line, now) {
            LineAttempt::Done(t) => t,
            LineAttempt::NeedsFiles(files) => return Err(files),
        };
        let cleared = session.cleared();
        let suggestion = suggest::suggestion(session, &line, &transcript.lines);
        self.history.reset();
        let Transcript { lines, exit_code, events, pulls, builds, edit, notes } = transcript;
        let scrollback = &mut self.machine.scrollback;
        if cleared {
            scrollback.clear_then(prompt.clone(), shown, lines, exit_code);
        } else {
            scrollback.push(prompt.clone(), shown, lines, exit_code);
        }
        scrollback.attach_animations(pulls, builds);
        if let Some(command) = suggestion {
            scrollback.attach_note(NoteKind::Suggestion, i18n::did_you_mean(&command));
        }
        // The site's remarks after docker's output (an image the practice registry lacks).
        for note in notes {
            let kind = match note {
                Note::NotInCatalogue { .. } | Note::Schema1 { .. } => NoteKind::Catalogue,
                Note::ComposeV1 => NoteKind::Suggestion,
            };
            scrollback.attach_note(kind, note.korean());
        }
        if let Some(request) = edit {
            self.machine.editor = Some(Rc::new(EditFile::open(request, self.revision)));
        }
        self.machine.record(Input::Line { at: now, line });
        self.after_input(step, held, &prompt, events, Some(source));
        Ok(())
    }

    /// Sends a control key to the open machine; `typed` is the unfinished line.
    fn press(&mut self, key: Key, typed: String, now: SimTime) -> bool {
        let held = self.machine.session.is_held();
        let step = self.machine.step(i18n::key_label(key));
        let catalogue = self.registry.catalogue.clone();
        let session = Rc::make_mut(&mut self.machine.session);
        session.set_catalogue(catalogue);
        let prompt = session.prompt();
        let transcript = session.key(key, now);
        let shown = match key {
            Key::CtrlC => format!("{typed}^C"),
            Key::CtrlD | Key::Detach => typed,
        };
        self.history.reset();
        if !prompt.is_empty() && key != Key::Detach {
            self.machine.scrollback.push(prompt.clone(), shown, transcript.lines, transcript.exit_code);
        } else {
            let mut lines = Vec::new();
            if key == Key::CtrlC {
                lines.push(Line { stream: Stream::Stdout, text: shown });
            }
            lines.extend(transcript.lines);
            if lines.is_empty() && transcript.events.is_empty() {
                return false;
            }
            self.machine.scrollback.push_output(lines, transcript.exit_code);
        }
        self.machine.record(Input::Key { at: now, key });
        self.after_input(step, held, &prompt, transcript.events, Some(Source::Typed));
        true
    }

    /// After a line or a key: the snapshot, the undo step if the machine changed, the
    /// exercise check. A command changed the machine when it made events, changed what the
    /// views show, or went to (or came from) a container holding the terminal, whose files
    /// it may change without an event; reading commands (`docker ps`) leave no undo step,
    /// so undo skips them.
    fn after_input(
        &mut self,
        step: machine::Step,
        held_before: bool,
        prompt_before: &str,
        events: Vec<whalelab_core::Event>,
        source: Option<Source>,
    ) {
        let before = self.machine.snapshot.clone();
        let made_events = !events.is_empty();
        self.machine.changed(events);
        let changed = made_events
            || held_before
            || self.machine.session.is_held()
            || self.machine.session.prompt() != prompt_before
            || *self.machine.snapshot != *before;
        if changed {
            self.machine.push_undo(step);
        }
        self.follow_attempt(source);
        self.revision += 1;
    }

    /// Counts a command for the started exercise (when `source` is given) and checks it; at
    /// the moment it is solved, the progress and a note in the terminal say so.
    fn follow_attempt(&mut self, source: Option<Source>) {
        let Some(id) = self.machine.attempt.as_ref().map(|a| a.exercise.clone()) else { return };
        let Some(exercise) = self.exercise(&id) else { return };
        let Some(attempt) = self.machine.attempt.as_mut() else { return };
        if let Some(source) = source {
            attempt.record(source);
        }
        if let Some(help) = attempt.check(&exercise, &self.machine.session) {
            let how = if help { Solved::WithHelp } else { Solved::Alone };
            persist::mark_solved(Rc::make_mut(&mut self.progress), &id, how);
            let text = i18n::exercise_solved(&exercise.title, help);
            self.machine.scrollback.push_note(NoteKind::Solved, text.clone());
            self.announce(text);
        }
    }

    /// Replaces the open machine's session with a new beginning, keeping the old one as an
    /// undo step labelled `label`, and shows what the beginning ran.
    fn begin(&mut self, label: String, note: String, started: whalelab_core::course::Started, genesis: Genesis) {
        self.offer = None;
        self.machine.remember(label);
        self.fold_history();
        self.machine.scrollback.push_note(NoteKind::Start, note.clone());
        let prompt = started.session.prompt();
        let mut events = Vec::new();
        for (line, t) in started.setup {
            self.machine.scrollback.push(prompt.clone(), line, t.lines, t.exit_code);
            self.machine.scrollback.attach_animations(t.pulls, t.builds);
            events.extend(t.events);
        }
        self.machine.begin(started.session, genesis, None);
        self.machine.changed(events);
        self.history.reset();
        self.announce(note);
        self.revision += 1;
    }
}

/// The lesson file (relative to the content folder) the route shows, once the outline is
/// known; an error in Korean when the outline has no such lesson or could not be read; `None`
/// when the route shows no lesson or the outline is still loading.
pub fn routed_lesson(route: &Route, outline: &OutlineStatus) -> Option<Result<String, String>> {
    match (route, outline) {
        (Route::Home, OutlineStatus::Ready(summary)) => summary.entries().next().map(|e| Ok(e.path.clone())),
        (Route::Lesson(id), OutlineStatus::Ready(summary)) => Some(
            summary
                .entries()
                .find(|e| lesson_id(&e.path) == id)
                .map(|e| e.path.clone())
                .ok_or_else(|| i18n::lesson_not_in_outline(id)),
        ),
        (Route::Home | Route::Lesson(_), OutlineStatus::Failed(reason)) => Some(Err(reason.clone())),
        _ => None,
    }
}

/// Which machine the route shows: the lesson's (by route id), the sandbox's, or none yet
/// (the home route before the outline says which lesson comes first; the check page and
/// unknown routes keep the machine that was open).
pub fn machine_key(route: &Route, outline: &OutlineStatus, lesson: &LessonStatus) -> Option<String> {
    match (route, outline, lesson) {
        (Route::Sandbox { .. }, _, _) => Some(machine::SANDBOX_KEY.to_string()),
        (Route::Lesson(id), _, _) => Some(id.clone()),
        (Route::Home, OutlineStatus::Ready(summary), _) => {
            summary.entries().next().map(|e| lesson_id(&e.path).to_string())
        }
        (Route::Home, _, LessonStatus::Ready(doc)) => Some(lesson_id(&doc.path).to_string()),
        _ => None,
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
    /// Run a line typed at the prompt (Enter) or clicked (▶), at time `now`.
    Submit {
        /// The line.
        line: String,
        /// The wall clock when it was submitted (from `platform::now`).
        now: SimTime,
        /// Typed, or which ▶ button.
        source: Source,
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
    /// Fetch new output of a container holding the terminal, or let time act.
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
    /// Put this text in the input line.
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
    /// "이 문제 시작하기": the open machine becomes the exercise's start (a fresh machine with
    /// its setup run, visibly); undo brings the previous machine back.
    StartExercise {
        /// The exercise.
        exercise: Rc<Exercise>,
        /// The new machine's seed and start.
        config: SessionConfig,
    },
    /// "새 실습 환경": the open machine becomes a fresh one (undo brings it back).
    ResetMachine {
        /// The new machine's seed and start.
        config: SessionConfig,
    },
    /// A share link's commands, run on a fresh sandbox machine (undo brings the old back).
    ShareReplay {
        /// The commands.
        lines: Vec<String>,
        /// The new machine's seed and start.
        config: SessionConfig,
    },
    /// Open machine `key`: one visited earlier in this visit, else the stored one (replayed),
    /// else a fresh one. Unreadable stored data gives a notice and a fresh machine.
    SwitchMachine {
        /// Which machine.
        key: String,
        /// What storage holds for it (read by the caller).
        stored: Result<Option<Stored>, Corrupt>,
        /// A fresh machine's seed and start, if one is needed.
        config: SessionConfig,
    },
    /// The learner accepted the [`Offer`]: back to the host prompt, then run the command.
    ReturnAndRun {
        /// The wall clock.
        now: SimTime,
    },
    /// The learner declined the [`Offer`].
    DismissOffer,
    /// What earlier visits stored (history, progress), and a notice if it was unreadable.
    Restore {
        /// Earlier commands.
        history: Vec<String>,
        /// Solved exercises.
        progress: Progress,
        /// Korean notice about data that could not be read.
        notice: Option<String>,
    },
    /// A progress file was imported: its solved exercises and history replace the current
    /// ones (the machines stay; the file holds none).
    Import(persist::Export),
    /// A Korean notice for the banner (e.g. an import that was refused).
    Notify(String),
    /// Open a file of the shell's (the files tab) in the editor.
    OpenFile {
        /// Its path (absolute, or relative to the shell's directory).
        path: String,
    },
    /// Write the editor's text to its file through the open machine's shell (an undo step,
    /// and an input of the machine's log).
    SaveFile {
        /// The text.
        text: String,
    },
    /// Close the editor (unsaved text is the view's to ask about first).
    CloseEditor,
    /// Put the open machine back to before its last change.
    Undo,
    /// Apply again what was undone.
    Redo,
    /// Close the notice banner.
    DismissNotice,
    /// The hash changed.
    Navigate(Route),
    /// The outline arrived (or failed).
    OutlineLoaded(OutlineStatus),
    /// The routed lesson arrived and was parsed.
    LessonLoaded(Rc<LessonDoc>),
    /// A course file fetched in the background (the outline, or a lesson and what it parsed
    /// to): the 목차, the totals and the check page.
    CourseFile {
        /// The text.
        file: whalelab_core::course::SourceFile,
        /// The lesson it holds, if it is one that parsed.
        doc: Option<Rc<LessonDoc>>,
    },
    /// Every file of the outline has been fetched (or tried).
    CourseComplete,
    /// The lesson could not be loaded (Korean reason).
    LessonFailed(String),
    /// The lesson is being fetched.
    LessonLoading,
    /// The full engine could not be loaded (offline, a missing file): what waited for it is
    /// dropped, and the first line of it goes back into the input so that Enter tries again.
    HandOverFailed,
    /// The first wasm's screen of machine `key` (state::handover): the second shows it in place
    /// of its restored machine's empty one.
    AdoptScreen {
        /// The machine's key.
        key: String,
        /// What its terminal showed.
        screen: terminal::Scrollback,
    },
    /// Practice-registry files fetched for the waiting action (`None`: the site has no such
    /// file); the index arrives this way at start too.
    RegistryFiles(Vec<(String, Option<String>)>),
    /// A whole practice registry handed over at once (tests, and pages that embed one).
    UseCatalogue(Catalogue),
}

impl Reducible for AppState {
    type Action = AppAction;

    fn reduce(self: Rc<Self>, action: AppAction) -> Rc<Self> {
        if self.registry.must_queue(&action) {
            let mut next = (*self).clone();
            next.registry.queued.push(action);
            return Rc::new(next);
        }
        match action {
            AppAction::Submit { line, now, source } => {
                if source != Source::Typed && self.machine.session.is_held() {
                    // A ▶ while a container holds the terminal would be typed into the
                    // container: explain and offer to go back to the host first.
                    let offer = Some(Offer { line, source });
                    return Rc::new(AppState { offer, ..(*self).clone() });
                }
                if line.contains('\n') {
                    // A ▶ of a here-document: its lines go in one after another, as typed
                    // (what waits for registry files queues the rest behind it).
                    return line.split('\n').fold(self, |state, line| {
                        state.reduce(AppAction::Submit { line: line.to_string(), now, source })
                    });
                }
                if !self.registry.ready {
                    let files = self.registry.prerequisites();
                    return self.wait_for(files, AppAction::Submit { line, now, source });
                }
                let mut next = (*self).clone();
                next.offer = None;
                if let Err(files) = next.run_line(line.clone(), now, source) {
                    return self.wait_for(files, AppAction::Submit { line, now, source });
                }
                Rc::new(next)
            }
            AppAction::RegistryFiles(files) => {
                let mut next = (*self).clone();
                match next.registry.take(files) {
                    Some((action, rounds)) => Rc::new(next).resume(action, rounds),
                    None => Rc::new(next),
                }
            }
            AppAction::HandOverFailed => {
                if !self.registry.needs_full_engine() {
                    return self;
                }
                let retry = self.registry.handed().into_iter().find_map(|h| match h {
                    handover::Handed::Command { line, .. } => Some(line),
                    handover::Handed::Exercise(_) => None,
                });
                let mut next = (*self).clone();
                next.registry.awaiting = None;
                next.registry.queued.clear();
                next.machine.scrollback.push_note(NoteKind::Machine, i18n::FULL_ENGINE_FAILED.to_string());
                next.announce(i18n::FULL_ENGINE_FAILED.to_string());
                match retry {
                    Some(line) => with_input(&next, next.history.clone(), line),
                    None => Rc::new(next),
                }
            }
            AppAction::AdoptScreen { key, screen } => {
                if key != self.machine.key {
                    return self;
                }
                let mut next = (*self).clone();
                next.machine.scrollback = screen;
                Rc::new(next)
            }
            AppAction::UseCatalogue(catalogue) => {
                // What was typed before it arrived waits for it, and runs now.
                let mut next = (*self).clone();
                next.registry.catalogue = catalogue;
                next.registry.ready = true;
                match next.registry.awaiting.take() {
                    Some(waiting) => Rc::new(next).resume(*waiting.action, waiting.rounds),
                    None => Rc::new(next),
                }
            }
            AppAction::Key { key, typed, now } => {
                let mut next = (*self).clone();
                if !next.press(key, typed, now) {
                    return self;
                }
                Rc::new(next)
            }
            AppAction::Poll { now } => {
                if self.registry.needs_full_engine() {
                    // The machine is saved for the full engine, which takes it from there.
                    return self;
                }
                let held = self.machine.session.is_held();
                if !held && self.machine.session.next_timer().is_none_or(|due| due > now) {
                    // Nothing holds the terminal and nothing is due.
                    return self;
                }
                let mut next = (*self).clone();
                let catalogue = next.registry.catalogue.clone();
                let session = Rc::make_mut(&mut next.machine.session);
                session.set_catalogue(catalogue);
                let transcript = session.poll(now);
                let still_held = session.is_held();
                if transcript.lines.is_empty() && transcript.events.is_empty() && still_held == held {
                    return self;
                }
                // `docker stats` redraws from the top: each frame replaces the one before, as
                // when the frame came with the command itself.
                if session.cleared() && !transcript.lines.is_empty() {
                    next.machine.scrollback.clear();
                }
                next.machine.scrollback.push_output(transcript.lines, transcript.exit_code);
                next.machine.record(Input::Poll { at: now });
                next.machine.changed(transcript.events);
                // Time passing is no command: the exercise is checked, not counted.
                next.follow_attempt(None);
                next.revision += 1;
                Rc::new(next)
            }
            AppAction::ShowCandidates { line, candidates } => {
                let mut next = (*self).clone();
                let lines = candidates.into_iter().map(|text| Line { stream: Stream::Stdout, text }).collect();
                next.machine.scrollback.push(self.prompt(), line, lines, 0);
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
                if self.machine.scrollback.entries().is_empty() {
                    return self;
                }
                let mut next = (*self).clone();
                next.machine.scrollback.clear();
                Rc::new(next)
            }
            AppAction::StartExercise { exercise, config } => {
                let started = match exercise.start(config, &self.registry.catalogue) {
                    Ok(started) if self.registry.ready => started,
                    Ok(_) => {
                        let files = self.registry.prerequisites();
                        return self.wait_for(files, AppAction::StartExercise { exercise, config });
                    }
                    Err(files) => return self.wait_for(files, AppAction::StartExercise { exercise, config }),
                };
                let mut next = (*self).clone();
                let genesis = Genesis { config, files: exercise.files.clone(), setup: exercise.setup.clone() };
                next.begin(
                    i18n::start_label(&exercise.title),
                    i18n::exercise_started(&exercise.title, &exercise.setup),
                    started,
                    genesis,
                );
                next.machine.attempt = Some(Attempt::new(exercise.id.clone()));
                Rc::new(next)
            }
            AppAction::ResetMachine { config } => {
                let mut next = (*self).clone();
                let genesis = Genesis::fresh(config);
                let Ok(started) = genesis.build(&self.registry.catalogue) else { return self };
                next.begin(i18n::RESET_LABEL.to_string(), i18n::MACHINE_RESET.to_string(), started, genesis);
                Rc::new(next)
            }
            AppAction::ShareReplay { lines, config } => {
                if !self.registry.ready {
                    let files = self.registry.prerequisites();
                    return self.wait_for(files, AppAction::ShareReplay { lines, config });
                }
                let genesis = Genesis { config, files: Vec::new(), setup: lines };
                let started = match genesis.build(&self.registry.catalogue) {
                    Ok(started) => started,
                    Err(files) => return self.wait_for(files, AppAction::ShareReplay { lines: genesis.setup, config }),
                };
                let mut next = (*self).clone();
                let note = i18n::share_replayed(genesis.setup.len());
                next.begin(i18n::SHARE_LABEL.to_string(), note, started, genesis);
                Rc::new(next)
            }
            AppAction::SwitchMachine { key, stored, config } => {
                if key == self.machine.key {
                    return self;
                }
                // A stored machine is rebuilt by replaying its log, which may need registry
                // files first: the switch waits for them, changing nothing meanwhile.
                let adopting = self.machine.key.is_empty() && self.machine.used();
                let restored = match &stored {
                    Ok(Some(s)) if !adopting && !self.parked.contains_key(&key) => {
                        if !self.registry.ready {
                            let files = self.registry.prerequisites();
                            return self.wait_for(files, AppAction::SwitchMachine { key, stored, config });
                        }
                        match Machine::restore(key.clone(), s.clone(), &self.registry.catalogue) {
                            Ok(machine) => Some(machine),
                            Err(files) => {
                                return self.wait_for(files, AppAction::SwitchMachine { key, stored, config })
                            }
                        }
                    }
                    _ => None,
                };
                let mut next = (*self).clone();
                next.fold_history();
                next.offer = None;
                next.history.reset();
                let mut parked = (*next.parked).clone();
                let adopt = next.machine.key.is_empty() && next.machine.used();
                if adopt {
                    // Commands typed before the page knew its lesson belong to that lesson.
                    next.machine.key = key;
                } else {
                    let open = match parked.remove(&key) {
                        Some(machine) => machine,
                        None => match stored {
                            Ok(Some(stored)) => {
                                let commands = stored.log.len();
                                let catalogue = &next.registry.catalogue;
                                let mut machine = restored
                                    .unwrap_or_else(|| Machine::fresh(key.clone(), stored.genesis.config, catalogue));
                                let note = i18n::machine_restored(commands, machine.snapshot.containers.len());
                                machine.scrollback.push_note(NoteKind::Machine, note);
                                machine
                            }
                            Ok(None) => Machine::fresh(key, config, &next.registry.catalogue),
                            Err(Corrupt) => {
                                next.notice = Some(i18n::MACHINE_CORRUPT.to_string());
                                Machine::fresh(key, config, &next.registry.catalogue)
                            }
                        },
                    };
                    let before = std::mem::replace(&mut next.machine, open);
                    if !before.key.is_empty() {
                        parked.insert(before.key.clone(), before);
                    }
                }
                next.parked = Rc::new(parked);
                next.revision += 1;
                Rc::new(next)
            }
            AppAction::ReturnAndRun { now } => {
                let Some(offer) = self.offer.clone() else { return self };
                let mut next = (*self).clone();
                next.offer = None;
                // Detach where docker allows it (the container keeps running), else leave the
                // container's shell or interrupt what holds the terminal, as the learner would.
                for _ in 0..6 {
                    if !next.machine.session.is_held() {
                        break;
                    }
                    if next.press(Key::Detach, String::new(), now) && !next.machine.session.is_held() {
                        break;
                    }
                    if next.machine.session.prompt().is_empty() {
                        next.press(Key::CtrlC, String::new(), now);
                    } else {
                        let _ = next.run_line("exit".to_string(), now, offer.source);
                    }
                }
                if next.machine.session.is_held() {
                    next.machine.scrollback.push_note(NoteKind::Machine, i18n::STILL_HELD.to_string());
                    return Rc::new(next);
                }
                // The host prompt is back: the command runs as a ▶ would run it there.
                Rc::new(next).reduce(AppAction::Submit { line: offer.line, now, source: offer.source })
            }
            AppAction::DismissOffer => {
                if self.offer.is_none() {
                    return self;
                }
                Rc::new(AppState { offer: None, ..(*self).clone() })
            }
            AppAction::OpenFile { path } => {
                let mut next = (*self).clone();
                match self.machine.session.read_file(&path) {
                    Ok((path, content)) => {
                        let request =
                            EditRequest { editor: String::new(), path, name: String::new(), content, exists: true };
                        next.machine.editor = Some(Rc::new(EditFile::open(request, self.revision)));
                    }
                    Err(reason) => next.notice = Some(i18n::files_unreadable(&reason)),
                }
                Rc::new(next)
            }
            AppAction::SaveFile { text } => {
                let Some(file) = self.machine.editor.clone() else { return self };
                let mut next = (*self).clone();
                let step = next.machine.step(i18n::save_label(&file.path));
                let mut file = (*file).clone();
                // `nano` alone opens a buffer without a name, which has nowhere to go.
                let saved = match file.path.is_empty() {
                    true => Err(i18n::EDITOR_NO_NAME.to_string()),
                    false => Rc::make_mut(&mut next.machine.session).save_file(&file.path, &text),
                };
                match saved {
                    Ok(()) => {
                        let lines = editor::lines_written(&text);
                        next.machine.record(Input::Save { path: file.path.clone(), text: text.clone() });
                        next.machine.push_undo(step);
                        next.machine.changed(Vec::new());
                        next.follow_attempt(None);
                        next.revision += 1;
                        (file.saved, file.exists, file.status) = (text, true, Saved::Wrote(lines));
                    }
                    Err(reason) => {
                        // Nothing was written: the machine stays as it was.
                        next.machine.session = self.machine.session.clone();
                        file.status = Saved::Failed(reason);
                    }
                }
                next.machine.editor = Some(Rc::new(file));
                Rc::new(next)
            }
            AppAction::CloseEditor => {
                if self.machine.editor.is_none() {
                    return self;
                }
                let mut next = (*self).clone();
                next.machine.editor = None;
                Rc::new(next)
            }
            AppAction::Undo => self.travel(true),
            AppAction::Redo => self.travel(false),
            AppAction::Restore { history, progress, notice } => Rc::new(AppState {
                saved_history: Rc::new(history),
                progress: Rc::new(progress),
                notice,
                ..(*self).clone()
            }),
            AppAction::Import(export) => {
                let notice = Some(i18n::import_done(export.solved.len(), export.history.len()));
                let mut next = (*self).clone();
                next.progress = Rc::new(export.solved);
                // The file's history replaces what ↑ reaches, this machine's commands too (an
                // export re-imported in the same visit must not list them twice).
                next.saved_history = Rc::new(export.history);
                next.machine.history_skip = self.machine.session.history().len();
                next.history.reset();
                next.notice = notice;
                // No revision bump: the machine did not change (views keyed on it, like the
                // diagram's animations, must not replay); the importer saves the file's data.
                Rc::new(next)
            }
            AppAction::Notify(text) => Rc::new(AppState { notice: Some(text), ..(*self).clone() }),
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
                Rc::new(AppState { route, offer: None, ..(*self).clone() })
            }
            AppAction::OutlineLoaded(outline) => Rc::new(AppState { outline, ..(*self).clone() }),
            AppAction::LessonLoaded(doc) => {
                let mut next = (*self).clone();
                Rc::make_mut(&mut next.course).insert(doc.clone());
                next.lesson = LessonStatus::Ready(doc);
                Rc::new(next)
            }
            AppAction::CourseFile { file, doc } => {
                let mut next = (*self).clone();
                let course = Rc::make_mut(&mut next.course);
                if let Some(doc) = doc {
                    course.insert(doc);
                }
                course.files.push(file);
                Rc::new(next)
            }
            AppAction::CourseComplete => {
                let mut next = (*self).clone();
                Rc::make_mut(&mut next.course).complete = true;
                Rc::new(next)
            }
            AppAction::LessonFailed(reason) => {
                Rc::new(AppState { lesson: LessonStatus::Failed(reason), ..(*self).clone() })
            }
            AppAction::LessonLoading => Rc::new(AppState { lesson: LessonStatus::Loading, ..(*self).clone() }),
        }
    }
}

impl AppState {
    /// Parks `action` until the registry `files` are loaded (the app fetches them and sends
    /// [`AppAction::RegistryFiles`]); nothing else changes meanwhile.
    fn wait_for(self: Rc<Self>, files: Vec<String>, action: AppAction) -> Rc<Self> {
        let rounds = self.registry.awaiting.as_ref().map_or(0, |a| a.rounds);
        let mut next = (*self).clone();
        next.registry.awaiting = Some(Awaiting { files, action: Box::new(action), rounds });
        Rc::new(next)
    }

    /// Runs an action that waited for registry files, now that they are here, then the
    /// actions queued behind it until one waits again. After [`MAX_ROUNDS`] rounds, whatever
    /// an action still asks for counts as missing, so it always runs in the end.
    fn resume(self: Rc<Self>, action: AppAction, rounds: u8) -> Rc<Self> {
        let mut state = self.reduce(action);
        if let Some(waiting) = state.registry.awaiting.clone() {
            let mut next = (*state).clone();
            next.registry.awaiting = Some(Awaiting { rounds: rounds + 1, ..waiting.clone() });
            if rounds + 1 < MAX_ROUNDS {
                return Rc::new(next);
            }
            let missing = waiting.files.iter().map(|f| (f.clone(), None)).collect();
            return Rc::new(next).reduce(AppAction::RegistryFiles(missing));
        }
        while state.registry.awaiting.is_none() && !state.registry.queued.is_empty() {
            let mut next = (*state).clone();
            let action = next.registry.queued.remove(0);
            state = Rc::new(next).reduce(action);
        }
        state
    }

    /// Undo (`back`) or redo: the open machine goes to the newest step of one stack, the
    /// machine as it is now goes onto the other, and a marker says what moved.
    fn travel(self: Rc<Self>, back: bool) -> Rc<Self> {
        let (from, to) =
            if back { (&self.machine.undo, &self.machine.redo) } else { (&self.machine.redo, &self.machine.undo) };
        let mut from = (**from).clone();
        let Some(step) = from.pop() else { return self };
        let mut to = (**to).clone();
        let mut next = (*self).clone();
        let label = step.label.clone();
        to.push(next.machine.step(label.clone()));
        next.machine.go_to(step);
        let (from, to) = (Rc::new(from), Rc::new(to));
        (next.machine.undo, next.machine.redo) = if back { (from, to) } else { (to, from) };
        next.machine.changed(Vec::new());
        let text = if back { i18n::undone(&label) } else { i18n::redone(&label) };
        next.machine.scrollback.push_note(NoteKind::Undo, text.clone());
        next.announce(text);
        next.offer = None;
        next.revision += 1;
        Rc::new(next)
    }
}

/// A new state whose input line shows `text`.
fn with_input(state: &AppState, history: HistoryCursor, text: String) -> Rc<AppState> {
    let input = InputRequest { text, seq: state.input.seq + 1 };
    Rc::new(AppState { history, input, ..state.clone() })
}

#[cfg(test)]
mod tests;
