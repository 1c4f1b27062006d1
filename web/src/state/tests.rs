//! The reducer's transitions, natively and in the browser: each test is a short story of
//! actions and what the state says afterwards.

use super::*;
use crate::state::lesson::load_lesson;
use crate::state::machine::{decode, encode, SANDBOX_KEY};
use crate::state::terminal::Note;
use wasm_bindgen_test::wasm_bindgen_test;
use whalelab_core::snapshot::ContainerStatus;
use whalelab_core::Stream;

/// A fresh page whose practice registry has arrived (the shipped one, whole).
fn start() -> Rc<AppState> {
    Rc::new(AppState::new(SessionConfig::default())).reduce(AppAction::UseCatalogue(crate::state::registry::shipped()))
}

fn at(state: &AppState) -> SimTime {
    SessionConfig::default().start_time + 1000 * (state.revision + 10)
}

fn submit(state: Rc<AppState>, line: &str) -> Rc<AppState> {
    let now = at(&state);
    state.reduce(AppAction::Submit { line: line.into(), now, source: Source::Typed })
}

fn click(state: Rc<AppState>, line: &str) -> Rc<AppState> {
    let now = at(&state);
    state.reduce(AppAction::Submit { line: line.into(), now, source: Source::Lesson })
}

fn status(state: &AppState, name: &str) -> Option<ContainerStatus> {
    state.machine.snapshot.container(name).map(|c| c.status)
}

fn notes(state: &AppState) -> Vec<Note> {
    state.machine.scrollback.entries().iter().filter_map(|e| e.note.clone()).collect()
}

/// Lesson 01's two exercises, shortened.
const LESSON: &str = "+++\nid = \"first\"\ntitle = \"첫 컨테이너\"\nsummary = \"s\"\nminutes = 5\n+++\n\n본문\n\n\
```docker\ndocker run --name apa000ex1 -d -p 8080:80 httpd\n```\n\n\
```exercise\nid = \"first-run\"\ntitle = \"띄우기\"\nprompt = \"p\"\nsolution = [\"docker run --name apa000ex1 -d -p 8080:80 httpd\"]\n\n\
[[goal]]\ncontainer = \"apa000ex1\"\nstate = \"running\"\n```\n\n\
```exercise\nid = \"first-cleanup\"\ntitle = \"지우기\"\nprompt = \"p\"\nsetup = [\"docker run --name apa000ex1 -d -p 8080:80 httpd\"]\n\
solution = [\"docker stop apa000ex1\", \"docker rm apa000ex1\"]\n\n[[goal]]\ncontainer = \"apa000ex1\"\npresent = false\n\n\
[[goal]]\nimage = \"httpd\"\n```\n";

fn with_lesson() -> Rc<AppState> {
    let doc = Rc::new(load_lesson("lessons/01-first.md", LESSON).expect("lesson"));
    start().reduce(AppAction::LessonLoaded(doc))
}

fn start_exercise(state: Rc<AppState>, id: &str) -> Rc<AppState> {
    let exercise = state.exercise(id).expect("exercise");
    let config = SessionConfig { seed: 5, start_time: at(&state) };
    state.reduce(AppAction::StartExercise { exercise, config })
}

#[wasm_bindgen_test(unsupported = test)]
fn submit_echoes_the_command_and_appends_core_output() {
    let s0 = start();
    let s1 = submit(s0.clone(), "docker ps");
    assert!(!Rc::ptr_eq(&s0, &s1), "a command gives a new state");
    assert!(s0.machine.scrollback.entries().is_empty(), "the old state is untouched");
    assert_eq!(s1.revision, 1);
    let entry = &s1.machine.scrollback.entries()[0];
    assert_eq!((entry.prompt.as_str(), entry.command.as_str()), ("user@docker-host:~$ ", "docker ps"));
    assert_eq!(entry.exit_code, 0);
    assert_eq!(
        entry.output.first().map(|l| (l.stream, l.text.as_str())),
        Some((Stream::Stdout, "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES"))
    );
    assert_eq!(s1.machine.session.history(), ["docker ps"]);
    assert_eq!(s1.machine.log.len(), 1, "the log records it for the next visit");
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
    assert!(Rc::ptr_eq(&down.machine.session, &s.machine.session), "history moves never copy the machine");
}

#[wasm_bindgen_test(unsupported = test)]
fn clear_screen_keeps_history_and_machine() {
    let s = submit(start(), "docker ps");
    let cleared = s.clone().reduce(AppAction::ClearScreen);
    assert!(cleared.machine.scrollback.entries().is_empty());
    assert_eq!(cleared.machine.session.history(), ["docker ps"]);
    assert!(Rc::ptr_eq(&cleared.machine.session, &s.machine.session));
    let again = cleared.clone().reduce(AppAction::ClearScreen);
    assert!(Rc::ptr_eq(&cleared, &again), "clearing an empty screen changes nothing");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_clear_command_wipes_the_screen_but_keeps_later_output() {
    let s = submit(submit(start(), "docker ps"), "clear");
    assert!(s.machine.scrollback.entries().is_empty(), "{:?}", s.machine.scrollback);
    let s = submit(submit(s, "docker ps"), "clear; echo after");
    let lines: Vec<_> =
        s.machine.scrollback.entries().iter().flat_map(|e| e.output.iter().map(|l| l.text.clone())).collect();
    assert_eq!(lines, ["after"]);
    assert!(!s.machine.scrollback.entries()[0].echo, "the prompt line went with the screen");
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
    assert!(ready.course.get("a.md").is_some(), "a loaded lesson joins the index");
}

#[wasm_bindgen_test(unsupported = test)]
fn the_snapshot_follows_every_command() {
    let s = submit(start(), "docker run --name web -d -p 8080:80 nginx");
    assert_eq!(status(&s, "web"), Some(ContainerStatus::Running), "{:#?}", s.machine.scrollback);
    let s = submit(s, "docker stop web");
    assert_eq!(status(&s, "web"), Some(ContainerStatus::Exited));
}

#[wasm_bindgen_test(unsupported = test)]
fn ctrl_c_abandons_the_typed_line_like_bash() {
    let s = start().reduce(AppAction::Key { key: Key::CtrlC, typed: "docker ps".into(), now: 1 });
    let entry = &s.machine.scrollback.entries()[0];
    assert_eq!((entry.command.as_str(), entry.exit_code), ("docker ps^C", 130));
    assert!(s.machine.session.history().is_empty(), "an abandoned line is not history");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_foreground_container_holds_the_prompt_until_ctrl_c() {
    let s = submit(start(), "docker run --name web -p 8080:80 nginx");
    assert!(s.machine.session.is_held(), "{:#?}", s.machine.scrollback);
    assert_eq!(s.prompt(), "", "no prompt while held");
    let now = SessionConfig::default().start_time + 60_000;
    let polled = s.clone().reduce(AppAction::Poll { now });
    let s = polled.reduce(AppAction::Key { key: Key::CtrlC, typed: String::new(), now: now + 1000 });
    assert!(!s.machine.session.is_held());
    assert_eq!(s.prompt(), "user@docker-host:~$ ");
    let last = s.machine.scrollback.entries().last().unwrap();
    assert!(!last.echo && last.output[0].text == "^C", "{last:?}");
    let idle = s.clone().reduce(AppAction::Poll { now: now + 2000 });
    assert!(Rc::ptr_eq(&s, &idle), "polling with nothing held changes nothing");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_detached_container_that_exits_later_is_seen_exiting_without_a_keypress() {
    let now = SessionConfig::default().start_time;
    let s = start().reduce(AppAction::Submit {
        line: "docker run -d --name nap busybox sleep 5".into(),
        now,
        source: Source::Typed,
    });
    assert_eq!(status(&s, "nap"), Some(ContainerStatus::Running));
    let due = s.machine.session.next_timer().expect("the sleep ends at a known time");
    let early = s.clone().reduce(AppAction::Poll { now: due - 1 });
    assert!(Rc::ptr_eq(&s, &early), "nothing is due yet");
    let later = s.reduce(AppAction::Poll { now: due });
    assert_eq!(status(&later, "nap"), Some(ContainerStatus::Exited));
    assert!(
        later.machine.last_events.iter().any(|e| e.action == whalelab_core::event::Action::Die),
        "{:?}",
        later.machine.last_events
    );
    assert!(matches!(later.machine.log.last(), Some(Input::Poll { .. })), "a poll that changed something is logged");
}

#[wasm_bindgen_test(unsupported = test)]
fn saved_history_comes_before_the_machines_own() {
    let s = start().reduce(AppAction::Restore {
        history: vec!["docker images".into()],
        progress: Progress::new(),
        notice: None,
    });
    let s = submit(s, "docker ps");
    let up = s.reduce(AppAction::HistoryPrev { current: String::new() });
    let up = up.reduce(AppAction::HistoryPrev { current: String::new() });
    assert_eq!(up.input.text, "docker images");
}

#[wasm_bindgen_test(unsupported = test)]
fn an_import_replaces_the_history_even_in_the_same_session() {
    let s = submit(submit(start(), "docker run -d --name a nginx"), "docker images");
    let file = s.export();
    assert_eq!(file.history, ["docker run -d --name a nginx", "docker images"]);
    let s = s.reduce(AppAction::Import(file));
    assert_eq!(s.full_history(), ["docker run -d --name a nginx", "docker images"], "no command twice");
    let s = submit(s, "echo later");
    assert_eq!(s.full_history(), ["docker run -d --name a nginx", "docker images", "echo later"]);
    let other = persist::Export { history: vec!["docker version".into()], ..persist::Export::default() };
    let s = s.reduce(AppAction::Import(other));
    assert_eq!(s.full_history(), ["docker version"]);
    let s = submit(s, "docker info");
    assert_eq!(s.full_history(), ["docker version", "docker info"]);
    // Undo goes back to a machine with a shorter history: later commands still show.
    let s = submit(s.reduce(AppAction::Undo), "echo again");
    assert_eq!(s.full_history().last().map(String::as_str), Some("echo again"));
    // A reset keeps what ↑ reached, once.
    let s = s.reduce(AppAction::ResetMachine { config: SessionConfig::default() });
    assert_eq!(s.full_history().iter().filter(|l| l.as_str() == "docker version").count(), 1, "{:?}", s.full_history());
}

#[wasm_bindgen_test(unsupported = test)]
fn tab_completes_from_core() {
    let s = start();
    let (line, caret, list) = complete(&s.machine.session, "docker ver", 10);
    assert_eq!((line.as_str(), caret, list.len()), ("docker version ", 15, 0));
    let (_, _, list) = complete(&s.machine.session, "docker st", 9);
    assert!(list.len() > 1, "{list:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn undo_and_redo_move_between_machines_skip_reading_commands_and_leave_a_marker() {
    let s = submit(start(), "docker run -d --name web nginx");
    let s = submit(submit(s, "docker stop web"), "docker ps -a");
    assert_eq!(s.machine.undo.len(), 2, "`docker ps -a` changed nothing: no undo step");
    let u = s.clone().reduce(AppAction::Undo);
    assert_eq!(status(&u, "web"), Some(ContainerStatus::Running), "undo skips the reading command");
    let marker = notes(&u).pop().expect("a marker");
    assert_eq!((marker.kind, marker.text.as_str()), (NoteKind::Undo, "↶ 되돌림: docker stop web"));
    assert_eq!(u.announcement.text, marker.text, "screen readers hear it");
    let u = u.reduce(AppAction::Undo);
    assert!(u.machine.snapshot.container("web").is_none());
    let none = u.clone().reduce(AppAction::Undo);
    assert!(Rc::ptr_eq(&u, &none), "nothing left to undo");
    let r = u.reduce(AppAction::Redo).reduce(AppAction::Redo);
    assert_eq!(status(&r, "web"), Some(ContainerStatus::Exited));
    assert_eq!(notes(&r).pop().map(|n| n.text), Some("↷ 다시 함: docker stop web".into()));
    let again = r.clone().reduce(AppAction::Undo);
    let read = submit(again, "docker ps");
    assert_eq!(read.machine.redo.len(), 1, "a reading command keeps what can be redone");
    let fresh = submit(read, "docker rm -f web");
    assert!(fresh.machine.redo.is_empty(), "a change forgets what was undone");
    let mut many = start();
    for i in 0..machine::MAX_UNDO + 3 {
        many = submit(many, &format!("docker volume create v{i}"));
    }
    assert_eq!(many.machine.undo.len(), machine::MAX_UNDO);
}

#[wasm_bindgen_test(unsupported = test)]
fn lesson_buttons_never_solve_an_exercise_that_was_not_started() {
    let s = with_lesson();
    let s = click(s, "docker run --name apa000ex1 -d -p 8080:80 httpd");
    assert_eq!(status(&s, "apa000ex1"), Some(ContainerStatus::Running));
    assert!(s.progress.is_empty(), "reading the lesson with ▶ solves nothing");
}

#[wasm_bindgen_test(unsupported = test)]
fn starting_an_exercise_clears_the_machine_runs_its_setup_visibly_and_undo_brings_the_old_one_back() {
    let s = submit(with_lesson(), "docker run -d --name leftover -p 9090:80 nginx");
    let s = start_exercise(s, "first-cleanup");
    assert!(s.machine.snapshot.container("leftover").is_none(), "the machine was cleared");
    assert_eq!(status(&s, "apa000ex1"), Some(ContainerStatus::Running), "the setup ran");
    assert_eq!(s.attempt_of("first-cleanup").map(|a| a.commands), Some(0));
    let start_note = notes(&s).into_iter().find(|n| n.kind == NoteKind::Start).expect("a start marker");
    assert!(
        start_note.text.contains("지우기") && start_note.text.contains("docker run --name apa000ex1"),
        "{start_note:?}"
    );
    let echoed: Vec<&str> =
        s.machine.scrollback.entries().iter().filter(|e| e.echo).map(|e| e.command.as_str()).collect();
    assert_eq!(echoed.last(), Some(&"docker run --name apa000ex1 -d -p 8080:80 httpd"), "the setup is shown");
    let back = s.clone().reduce(AppAction::Undo);
    assert_eq!(status(&back, "leftover"), Some(ContainerStatus::Running), "undo brings the previous machine back");
    assert!(back.machine.attempt.is_none());
}

#[wasm_bindgen_test(unsupported = test)]
fn a_started_exercise_is_solved_by_the_learners_commands_and_never_marks_another() {
    let s = start_exercise(with_lesson(), "first-cleanup");
    // The setup's `apa000ex1` runs: `first-run`'s goal holds, but it was not started.
    let s = submit(s, "docker ps");
    assert!(s.progress.is_empty(), "{:?}", s.progress);
    let s = submit(submit(s, "docker stop apa000ex1"), "docker rm apa000ex1");
    assert_eq!(s.progress.get("first-cleanup"), Some(&Solved::Alone));
    assert!(!s.progress.contains_key("first-run"), "one exercise's goal never solves another");
    assert!(s.attempt_of("first-cleanup").is_some_and(|a| a.solved));
    assert_eq!(notes(&s).pop().map(|n| n.kind), Some(NoteKind::Solved));
}

#[wasm_bindgen_test(unsupported = test)]
fn the_solutions_buttons_count_as_help() {
    let s = start_exercise(with_lesson(), "first-run");
    let now = at(&s);
    let s = s.reduce(AppAction::Submit {
        line: "docker run --name apa000ex1 -d -p 8080:80 httpd".into(),
        now,
        source: Source::Solution,
    });
    assert_eq!(s.progress.get("first-run"), Some(&Solved::WithHelp));
    // Solving it again alone (a new start) upgrades it.
    let s = submit(start_exercise(s, "first-run"), "docker run --name apa000ex1 -d -p 8080:80 httpd");
    assert_eq!(s.progress.get("first-run"), Some(&Solved::Alone));
}

#[wasm_bindgen_test(unsupported = test)]
fn each_lesson_has_its_own_machine_kept_while_visiting_others() {
    let config = SessionConfig::default();
    let switch =
        |s: Rc<AppState>, key: &str| s.reduce(AppAction::SwitchMachine { key: key.into(), stored: Ok(None), config });
    // Typed before the page knew its lesson: adopted by that lesson.
    let s = submit(start(), "docker run -d --name web -p 8080:80 nginx");
    let s = switch(s, "09-ports");
    assert_eq!(s.machine.key, "09-ports");
    assert_eq!(status(&s, "web"), Some(ContainerStatus::Running));
    let s = switch(s, "01-first");
    assert!(s.machine.snapshot.containers.is_empty(), "lesson 01 does not see lesson 09's port 8080");
    let s = submit(s, "docker run --name apa000ex1 -d -p 8080:80 httpd");
    assert_eq!(s.machine.scrollback.entries().last().map(|e| e.exit_code), Some(0), "no `port is already allocated`");
    let s = switch(s, "09-ports");
    assert_eq!(status(&s, "web"), Some(ContainerStatus::Running), "lesson 09's machine was kept");
    let up = s.reduce(AppAction::HistoryPrev { current: String::new() });
    assert_eq!(
        up.input.text, "docker run --name apa000ex1 -d -p 8080:80 httpd",
        "↑ still reaches other machines' commands"
    );
    let same = up.clone().reduce(AppAction::SwitchMachine { key: "09-ports".into(), stored: Ok(None), config });
    assert!(Rc::ptr_eq(&up, &same));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_stored_machine_is_replayed_and_a_damaged_one_gives_a_notice_and_a_fresh_machine() {
    let s = submit(start_exercise(with_lesson(), "first-cleanup"), "docker stop apa000ex1");
    let text = encode(&s.machine.genesis, &s.machine.log, s.machine.attempt.as_ref());
    let config = SessionConfig { seed: 99, start_time: at(&s) };
    let reloaded =
        with_lesson().reduce(AppAction::SwitchMachine { key: "01-first".into(), stored: decode(Some(&text)), config });
    assert_eq!(*reloaded.machine.snapshot, *s.machine.snapshot, "the same machine after a reload");
    assert_eq!(reloaded.machine.attempt, s.machine.attempt, "with its started exercise");
    assert_eq!(notes(&reloaded).pop().map(|n| n.kind), Some(NoteKind::Machine), "the terminal says so");
    let s = submit(reloaded, "docker rm apa000ex1");
    assert_eq!(s.progress.get("first-cleanup"), Some(&Solved::Alone), "and it can be finished there");
    let damaged = with_lesson().reduce(AppAction::SwitchMachine {
        key: "01-first".into(),
        stored: decode(Some("whalelab-machine v1\ngarbage")),
        config,
    });
    assert_eq!(damaged.notice.as_deref(), Some(i18n::MACHINE_CORRUPT));
    assert!(damaged.machine.snapshot.containers.is_empty());
}

#[wasm_bindgen_test(unsupported = test)]
fn a_lesson_button_while_a_container_holds_the_terminal_waits_for_the_learners_word() {
    let s = submit(start(), "docker run -it --name box busybox sh");
    assert!(s.machine.session.is_held());
    let asked = click(s.clone(), "docker ps");
    assert_eq!(asked.offer, Some(Offer { line: "docker ps".into(), source: Source::Lesson }));
    assert!(Rc::ptr_eq(&asked.machine.session, &s.machine.session), "nothing was typed into the container");
    assert!(asked.clone().reduce(AppAction::DismissOffer).offer.is_none());
    let ran = asked.reduce(AppAction::ReturnAndRun { now: at(&s) });
    assert!(!ran.machine.session.is_held(), "back at the host");
    assert_eq!(ran.machine.scrollback.entries().last().map(|e| e.command.as_str()), Some("docker ps"));
    assert_eq!(status(&ran, "box"), Some(ContainerStatus::Running), "detached: the container runs on");
    let typed = submit(s, "ls");
    assert!(typed.offer.is_none(), "typing goes to the container, as in a terminal");
}

/// A lesson's here-document is one ▶: its lines are typed one after another, the body as
/// written (blank and `#` lines too), and the terminal shows bash's `> ` prompts.
#[wasm_bindgen_test(unsupported = test)]
fn a_here_document_button_types_every_line_of_it() {
    let unit = "cat > Dockerfile <<'EOF'\n# a comment\nFROM nginx:alpine\n\nCOPY . /usr/share/nginx/html\nEOF";
    let s = click(start(), unit);
    assert_eq!(
        s.machine.session.read_file("Dockerfile").map(|(_, text)| text),
        Ok(unit
            .split_once('\n')
            .map(|(_, rest)| format!("{}\n", rest.trim_end_matches("EOF").trim_end_matches('\n')))
            .unwrap_or_default())
    );
    let typed: Vec<(&str, &str)> =
        s.machine.scrollback.entries().iter().map(|e| (e.prompt.as_str(), e.command.as_str())).collect();
    assert_eq!(typed.len(), 6, "{typed:?}");
    assert_eq!(typed[0], ("user@docker-host:~$ ", "cat > Dockerfile <<'EOF'"));
    assert_eq!(typed[1], ("> ", "# a comment"));
    assert_eq!(typed[3], ("> ", ""));
    assert_eq!(typed[5], ("> ", "EOF"));
    assert_eq!(
        s.machine.session.history(),
        ["cat > Dockerfile <<'EOF'\n# a comment\nFROM nginx:alpine\n\nCOPY . /usr/share/nginx/html\nEOF\n"]
    );

    // While a container holds the terminal, the offer runs the whole unit on the host.
    let held = submit(start(), "docker run -it --name box busybox sh");
    let asked = click(held, unit);
    assert_eq!(asked.offer.as_ref().map(|o| o.line.as_str()), Some(unit));
    let ran = asked.reduce(AppAction::ReturnAndRun { now: SessionConfig::default().start_time + 99_000 });
    assert!(ran.machine.session.read_file("Dockerfile").is_ok_and(|(_, t)| t.starts_with("# a comment\nFROM")));
}

#[wasm_bindgen_test(unsupported = test)]
fn a_mistyped_docker_command_gets_a_korean_suggestion() {
    let s = submit(start(), "docker rnu -d nginx");
    let note = s.machine.scrollback.entries().last().and_then(|e| e.note.clone()).expect("a suggestion");
    assert_eq!(note.kind, NoteKind::Suggestion);
    assert!(note.text.contains("`docker run`"), "{note:?}");
    let entry = &s.machine.scrollback.entries()[0];
    assert_eq!(entry.output[0].text, "unknown shorthand flag: 'd' in -d", "docker's own error first");
}

#[wasm_bindgen_test(unsupported = test)]
fn compose_v1_spelling_gets_a_korean_hint_about_the_plugin() {
    let s = submit(start(), "docker-compose up -d");
    let entry = s.machine.scrollback.entries().last().expect("an entry");
    assert_eq!(entry.output[0].text, "bash: docker-compose: command not found", "bash's own error first");
    let note = entry.note.clone().expect("a hint");
    assert_eq!(note.kind, NoteKind::Suggestion);
    assert!(note.text.contains("`docker compose`"), "{note:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_share_link_runs_on_a_fresh_sandbox() {
    let config = SessionConfig { seed: 3, start_time: SessionConfig::default().start_time };
    let s = submit(start(), "docker volume create mine");
    let s = s.reduce(AppAction::SwitchMachine { key: SANDBOX_KEY.into(), stored: Ok(None), config });
    let s = s.reduce(AppAction::ShareReplay { lines: vec!["docker run -d --name web nginx".into()], config });
    assert_eq!(status(&s, "web"), Some(ContainerStatus::Running));
    assert_eq!(s.machine.genesis.setup, ["docker run -d --name web nginx"]);
    let back = s.reduce(AppAction::Undo);
    assert!(back.machine.snapshot.containers.is_empty());
}

fn save(state: Rc<AppState>, text: &str) -> Rc<AppState> {
    state.reduce(AppAction::SaveFile { text: text.into() })
}

fn output_of(state: &AppState) -> Vec<String> {
    let last = state.machine.scrollback.entries().last().expect("an entry");
    last.output.iter().map(|l| l.text.clone()).collect()
}

#[wasm_bindgen_test(unsupported = test)]
fn nano_opens_the_editor_and_a_save_writes_through_the_shell_with_undo_and_a_log_entry() {
    let s = submit(start(), "nano Dockerfile");
    let file = s.machine.editor.clone().expect("the editor is open");
    assert_eq!(
        (file.editor.as_str(), file.path.as_str(), file.saved.as_str(), file.exists),
        ("nano", "/home/user/Dockerfile", "", false)
    );
    let changes = s.machine.undo.len();
    let s = save(s, "FROM nginx\nCOPY index.html /usr/share/nginx/html/\n");
    let file = s.machine.editor.clone().expect("still open");
    assert_eq!((file.status.clone(), file.exists), (Saved::Wrote(2), true));
    assert_eq!(s.machine.undo.len(), changes + 1, "a save is an undo step");
    assert!(matches!(s.machine.log.last(), Some(Input::Save { path, .. }) if path == "/home/user/Dockerfile"));
    let s = s.reduce(AppAction::CloseEditor);
    assert!(s.machine.editor.is_none());
    let s = submit(s, "cat Dockerfile");
    assert_eq!(output_of(&s), ["FROM nginx", "COPY index.html /usr/share/nginx/html/"]);
    // Undo takes the file back (to before the save, which is before `cat`'s no-change step).
    let s = submit(s.reduce(AppAction::Undo), "cat Dockerfile");
    assert_eq!(output_of(&s), ["cat: Dockerfile: No such file or directory"]);
}

#[wasm_bindgen_test(unsupported = test)]
fn a_save_survives_a_reload_through_the_machines_log() {
    let s = submit(start(), "mkdir 'my site' && cd 'my site'");
    let s = submit(s, "vim index.html");
    let s = save(s, "<h1>고래\\n</h1>\r\n  둘째 줄").reduce(AppAction::CloseEditor);
    let s = submit(s, "ls -l");
    let text = encode(&s.machine.genesis, &s.machine.log, None);
    assert!(text.contains("\nw /home/user/my\\ssite/index.html <h1>고래\\\\n</h1>\\r\\n  둘째 줄\n"), "{text}");
    let stored = decode(Some(&text)).expect("readable").expect("present");
    let again = Machine::restore(SANDBOX_KEY, stored, &crate::state::registry::shipped()).expect("a whole registry");
    assert_eq!(
        again.session.read_file("/home/user/my site/index.html").map(|f| f.1).as_deref(),
        Ok("<h1>고래\\n</h1>\r\n  둘째 줄")
    );
    assert_eq!(again.session.history(), s.machine.session.history());
}

#[wasm_bindgen_test(unsupported = test)]
fn a_refused_save_changes_nothing_and_says_why() {
    let s = submit(start(), "nano /etc/hosts");
    let before = s.clone();
    let s = s.reduce(AppAction::SaveFile { text: "x".into() });
    assert_eq!(
        s.machine.editor.as_ref().map(|f| f.status.clone()),
        Some(Saved::Failed("Permission denied".into())),
        "and it stays open"
    );
    assert!(Rc::ptr_eq(&s.machine.session, &before.machine.session), "the machine is the one before");
    assert_eq!((s.machine.undo.len(), s.machine.log.len()), (before.machine.undo.len(), before.machine.log.len()));
}

#[wasm_bindgen_test(unsupported = test)]
fn the_files_tab_opens_a_file_without_running_a_command() {
    let s = submit(start(), "echo hello > note.txt && touch secret && chmod 000 secret");
    let opened = s.clone().reduce(AppAction::OpenFile { path: "note.txt".into() });
    let file = opened.machine.editor.clone().expect("open");
    assert_eq!((file.editor.as_str(), file.path.as_str(), file.saved.as_str()), ("", "/home/user/note.txt", "hello\n"));
    assert!(Rc::ptr_eq(&opened.machine.session, &s.machine.session) && opened.machine.log.len() == s.machine.log.len());
    let refused = s.reduce(AppAction::OpenFile { path: "secret".into() });
    assert!(refused.machine.editor.is_none());
    assert_eq!(refused.notice.as_deref(), Some("열 수 없습니다: Permission denied"));
}

// The full engine's (the browser tests build with it; see the hand-over test below).
#[cfg(feature = "full")]
#[wasm_bindgen_test(unsupported = test)]
fn a_build_is_drawn_as_it_proceeds_and_the_preview_shows_the_built_site() {
    let mut s = start();
    for line in [
        "echo '<h1>whale site</h1>' > index.html",
        "printf 'FROM nginx\\nCOPY index.html /usr/share/nginx/html/\\n' > Dockerfile",
        "docker build -t site .",
    ] {
        s = submit(s, line);
    }
    let entry = s.machine.scrollback.entries().last().expect("the build").clone();
    assert_eq!(entry.builds.len(), 1, "{:?}", entry.output);
    let total = entry.animation_ms();
    assert!(total > 0 && total <= crate::state::terminal::BUILD_PLAY_MS, "{total}");
    let (first, lines) = entry.frame_at(0).expect("a first frame");
    assert!(entry.output[first].text.starts_with("[+] Building") && lines[0].starts_with("[+] Building"));
    assert!(!lines[0].contains("FINISHED") && lines.len() < entry.builds[0].lines, "{lines:?}");
    let (_, late) = entry.frame_at(total - 1).expect("a late frame");
    assert!(late.len() >= lines.len());
    assert_eq!(entry.frame_at(total), None, "then the output as it is");
    let s = submit(s, "docker run -d -p 8080:80 site");
    match crate::state::preview::preview(&s.machine.session, crate::state::preview::DEFAULT_ADDRESS) {
        crate::state::preview::PreviewPage::Served { status: 200, body, .. } => {
            assert_eq!(body, "<h1>whale site</h1>\n")
        }
        other => panic!("{other:?}"),
    }
}

#[wasm_bindgen_test(unsupported = test)]
fn a_password_is_neither_echoed_nor_named_in_undo() {
    let s = submit(start(), "docker login -u whale");
    assert!(s.machine.session.input_hidden(), "{:?}", output_of(&s));
    let s = submit(s, "s3cret-pass");
    let echoed: Vec<&str> = s.machine.scrollback.entries().iter().map(|e| e.command.as_str()).collect();
    assert!(!echoed.contains(&"s3cret-pass"), "{echoed:?}");
    assert!(s.machine.undo.iter().all(|step| step.label != "s3cret-pass"));
    assert!(!s.full_history().contains(&"s3cret-pass".to_string()));
}

#[wasm_bindgen_test(unsupported = test)]
fn an_editor_in_a_container_shell_saves_into_the_container() {
    let s = submit(start(), "docker run -it --name box busybox sh");
    let s = submit(s, "vi /tmp/notes.txt");
    let Some(file) = s.machine.editor.clone() else { panic!("no editor: {:?}", output_of(&s)) };
    assert_eq!(file.path, "/tmp/notes.txt");
    let s = submit(save(s, "in the box\n").reduce(AppAction::CloseEditor), "cat /tmp/notes.txt");
    assert_eq!(output_of(&s), ["in the box"]);
    let s = submit(submit(s, "exit"), "cat /tmp/notes.txt");
    assert_eq!(output_of(&s), ["cat: /tmp/notes.txt: No such file or directory"], "not on the host");
}

/// Hands over the files the waiting action asks for, from the shipped registry (a site
/// without some file answers `None`), round after round until nothing waits.
fn serve_registry(mut s: Rc<AppState>, fetched: &mut Vec<String>) -> Rc<AppState> {
    let files = crate::state::registry::shipped_files();
    while let Some(waiting) = s.registry.awaiting.clone() {
        let answer = waiting
            .files
            .iter()
            .map(|path| (path.clone(), files.iter().find(|(p, _)| p == path).map(|(_, t)| t.clone())))
            .collect();
        fetched.extend(waiting.files);
        s = s.reduce(AppAction::RegistryFiles(answer));
    }
    s
}

#[wasm_bindgen_test(unsupported = test)]
fn a_line_waits_for_the_registry_files_it_needs_and_then_runs_as_if_they_were_there() {
    // A cold page: nothing loaded; a line typed now waits for the index.
    let s = submit(Rc::new(AppState::new(SessionConfig::default())), "docker run -d --name cache redis");
    assert_eq!(s.registry.awaiting.as_ref().map(|a| a.files.clone()), Some(vec!["index.toml".to_string()]));
    assert_eq!(s.pending_lines(), ["docker run -d --name cache redis"], "echoed while it waits");
    assert!(s.machine.scrollback.entries().is_empty(), "nothing ran yet");
    let s = submit(s, "docker ps --format '{{.Names}}'");
    assert_eq!(s.pending_lines().len(), 2, "typed meanwhile: queued behind it");

    let mut fetched = Vec::new();
    let s = serve_registry(s, &mut fetched);
    assert_eq!(fetched[0], "index.toml");
    assert!(fetched.contains(&"library/redis.toml".to_string()), "{fetched:?}");
    assert!(!fetched.iter().any(|f| f.contains("nginx") || f.contains("mysql")), "only what redis needs: {fetched:?}");
    assert!(s.pending_lines().is_empty());
    assert_eq!(status(&s, "cache"), Some(ContainerStatus::Running));
    let entries = s.machine.scrollback.entries();
    assert_eq!(entries.len(), 2, "both lines ran, in order");
    assert_eq!(entries[0].output[0].text, "Unable to find image 'redis:latest' locally");
    assert!(!entries[0].pulls.is_empty(), "the pull animates as usual");
    assert_eq!(entries[1].output.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(), ["cache"]);

    // The same again needs nothing new.
    let again = submit(s, "docker run -d --name cache2 redis");
    assert!(again.registry.awaiting.is_none());
    assert_eq!(status(&again, "cache2"), Some(ContainerStatus::Running));
}

#[wasm_bindgen_test(unsupported = test)]
fn an_image_the_registry_lacks_gets_dockers_error_and_a_note_of_the_sites() {
    let s = serve_registry(submit(start(), "docker pull nginxx"), &mut Vec::new());
    let entry = s.machine.scrollback.entries().last().expect("ran").clone();
    assert!(entry.output.iter().any(|l| l.text.contains("pull access denied for nginxx")), "{:?}", entry.output);
    let note = entry.note.clone().expect("a note");
    assert_eq!(note.kind, NoteKind::Catalogue);
    assert!(note.text.contains("`nginxx:latest`") && note.text.contains("docker search"), "{note:?}");
}

#[wasm_bindgen_test(unsupported = test)]
fn a_line_typed_before_a_whole_registry_is_handed_over_runs_when_it_is() {
    let cold = Rc::new(AppState::new(SessionConfig::default()));
    let s = submit(cold, "docker run -d --name web nginx");
    assert_eq!(s.pending_lines(), ["docker run -d --name web nginx"]);
    let s = s.reduce(AppAction::UseCatalogue(crate::state::registry::shipped()));
    assert!(s.pending_lines().is_empty() && s.registry.awaiting.is_none());
    assert_eq!(status(&s, "web"), Some(ContainerStatus::Running), "the waiting line ran");
}

#[wasm_bindgen_test(unsupported = test)]
fn nano_without_a_file_opens_a_buffer_that_cannot_be_saved() {
    let s = submit(start(), "nano");
    assert_eq!(s.machine.editor.as_ref().map(|f| f.path.as_str()), Some(""), "{:?}", output_of(&s));
    let s = save(s, "text");
    assert_eq!(
        s.machine.editor.as_ref().map(|f| f.status.clone()),
        Some(Saved::Failed(i18n::EDITOR_NO_NAME.to_string()))
    );
    assert!(s.machine.log.iter().all(|i| !matches!(i, Input::Save { .. })));
}

/// The first wasm has no `docker build`, compose or jq: such a line waits for the full engine
/// like a line that waits for registry files, and the page hands it over (state::handover).
#[cfg(not(feature = "full"))]
#[wasm_bindgen_test(unsupported = test)]
fn a_line_that_needs_the_full_engine_waits_for_it_and_is_handed_over_with_what_follows() {
    use crate::state::handover::Handed;
    let mut fetched = Vec::new();
    let s = serve_registry(submit(start(), "docker run -d --name web nginx"), &mut fetched);
    let log = s.machine.log.len();
    let s = submit(s, "docker build -t my-site .");
    assert!(s.registry.needs_full_engine());
    assert_eq!(s.pending_lines(), ["docker build -t my-site ."], "echoed while it waits");
    assert_eq!(s.machine.log.len(), log, "not recorded: the full engine runs it");
    let s = click(s, "docker compose up -d");
    let ticked = s.clone().reduce(AppAction::Poll { now: at(&s) + 60_000 });
    assert!(Rc::ptr_eq(&ticked, &s), "the machine stands still while it is handed over");
    assert_eq!(
        s.registry.handed(),
        [
            Handed::Command { line: "docker build -t my-site .".into(), source: Source::Typed },
            Handed::Command { line: "docker compose up -d".into(), source: Source::Lesson },
        ]
    );

    // The second wasm could not be loaded: the machine is as it was, the line is back in the input.
    let s = s.reduce(AppAction::HandOverFailed);
    assert!(!s.registry.needs_full_engine() && s.pending_lines().is_empty());
    assert_eq!(s.input.text, "docker build -t my-site .");
    assert_eq!(notes(&s).last().map(|n| n.text.as_str()), Some(i18n::FULL_ENGINE_FAILED));
    assert_eq!(status(&s, "web"), Some(ContainerStatus::Running));
}

/// The second wasm shows the screen the first one showed: every entry's prompt, command,
/// output (stdout and stderr), exit status and note, byte for byte.
#[wasm_bindgen_test(unsupported = test)]
fn the_handed_over_screen_reads_back_as_it_was_shown() {
    use crate::state::handover::{decode_screen, encode_screen};
    let mut fetched = Vec::new();
    let s = serve_registry(submit(start(), "docker run -d --name web nginx"), &mut fetched);
    let s = submit(submit(s, "docker rn web"), "echo 'tab\there  two  spaces \\ back'");
    let s = submit(s, "printf 'no newline'");
    let text = encode_screen(&s.machine.key, &s.machine.scrollback);
    let (key, screen) = decode_screen(&text).expect("reads back");
    assert_eq!(key, s.machine.key);
    let shown = |e: &terminal::Entry| {
        (e.prompt.clone(), e.command.clone(), e.output.clone(), e.exit_code, e.echo, e.note.clone())
    };
    let before: Vec<_> = s.machine.scrollback.entries().iter().map(|e| shown(e)).collect();
    let after: Vec<_> = screen.entries().iter().map(|e| shown(e)).collect();
    assert_eq!(after, before);
    assert!(before.iter().any(|e| e.5.is_some()), "a note (the suggestion after `docker rn`) went along");
    assert!(before.iter().any(|e| e.2.iter().any(|l| l.stream == Stream::Stderr)), "and stderr");
    assert_eq!(decode_screen("whalelab-screen v0\nK x"), None);
    assert_eq!(decode_screen(&text.replace("\nO o ", "\nQ o ")), None);
}
