//! Component tests of the site features in headless Chromium: the browser preview, reverse
//! search, multi-line paste, IME composition, touch keys, themes, the splitter, progress
//! export/import, the goal-vs-current view, `docker stats` frames and when an exercise
//! counts as solved.
//!
//! Like `browser.rs`, every wait polls a condition with a 5 s limit (`wait_for`), never a
//! fixed sleep, and queries are scoped to the test's own root. Nothing here needs
//! `content/`: lessons are passed inline.

use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use whalelab_core::course::Source;
use whalelab_core::session::Key;
use whalelab_core::SessionConfig;
use whalelab_web::route::Route;
use whalelab_web::state::persist::{self, Export};
use whalelab_web::state::{AppAction, AppState};
use whalelab_web::{App, AppProps};
use yew::Reducible;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

/// Mounts the app on a clean slate (nothing saved, no route).
fn mount_app(lesson: Option<&str>) -> Mounted<App> {
    local_storage().clear().expect("clear localStorage");
    let _ = web_sys::window().expect("window").location().set_hash("");
    mount::<App>(AppProps {
        seed: Some(7),
        lesson_markdown: lesson.map(Into::into),
        catalogue: Some(catalogue()),
        ..AppProps::default()
    })
}

fn ctrl(target: &Element, letter: &str) {
    key(target, letter, |init| init.set_ctrl_key(true));
}

/// Types into the input the way a keyboard does: the value changes, then `input` fires.
fn type_text(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::InputEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::InputEvent::new_with_event_init_dict("input", &init).expect("input event");
    input.dispatch_event(&event).expect("dispatch");
}

/// The exercise's start button, once the lesson is on the page.
async fn start_button(root: &Element) -> HtmlElement {
    wait_for("the start button", || query(root, "#lesson .start-exercise")?.dyn_into::<HtmlElement>().ok()).await
}

fn srcdoc(root: &Element) -> Option<String> {
    query(root, "#preview-frame")?.get_attribute("srcdoc")
}

fn button(root: &Element, selector: &str) -> HtmlElement {
    query(root, selector).and_then(|e| e.dyn_into::<HtmlElement>().ok()).unwrap_or_else(|| panic!("{selector}"))
}

// ---------- 1. Browser preview ----------

#[wasm_bindgen_test]
async fn the_preview_shows_it_works_after_the_seeds_run_command() {
    let app = mount_app(None);
    let refused =
        wait_for("the refused page", || srcdoc(&app.root).filter(|d| d.contains("ERR_CONNECTION_REFUSED"))).await;
    assert!(
        refused.contains("사이트에 연결할 수 없음") && refused.contains("localhost에서 연결을 거부했습니다"),
        "{refused}"
    );
    let frame = query(&app.root, "#preview-frame").expect("frame");
    // No scripts, forms or pop-ups; same-origin only so the pane can follow the page's links.
    assert_eq!(frame.get_attribute("sandbox").as_deref(), Some("allow-same-origin"), "no allow-scripts");
    let address = query(&app.root, "#preview-address").and_then(|e| e.dyn_into::<HtmlInputElement>().ok()).unwrap();
    assert_eq!(address.value(), "http://localhost:8080/");

    run(&app.root, "docker run --name apa000ex1 -d -p 8080:80 httpd").await;
    wait_for("It works!", || srcdoc(&app.root).filter(|d| d.contains("It works!"))).await;

    // Enter in the address bar loads another address.
    address.set_value("localhost:8080/missing.html");
    press(&address, "Enter");
    let missing = wait_for("the 404 page", || srcdoc(&app.root).filter(|d| d.contains("Not Found"))).await;
    assert!(!missing.contains("It works!"));
    address.set_value("http://localhost:8080/");
    press(&address, "Enter");
    wait_for("It works! again", || srcdoc(&app.root).filter(|d| d.contains("It works!"))).await;

    // A served page's scripts stay out of the frame (they could not run; Chromium would log
    // that the sandbox blocked them).
    run(
        &app.root,
        "docker exec apa000ex1 sh -c 'echo \"<p>before</p><SCRIPT>alert(1)</script><p>after</p>\" > htdocs/index.html'",
    )
    .await;
    let page = wait_for("the page without its script", || srcdoc(&app.root).filter(|d| d.contains("after"))).await;
    assert!(page.contains("<p>before</p><p>after</p>") && !page.to_lowercase().contains("<script"), "{page}");

    // It follows every command.
    run(&app.root, "docker stop apa000ex1").await;
    wait_for("refused after stop", || srcdoc(&app.root).filter(|d| d.contains("ERR_CONNECTION_REFUSED"))).await;
}

// ---------- 2. Terminal: Ctrl+R, paste, IME, touch keys ----------

#[wasm_bindgen_test]
async fn ctrl_r_finds_earlier_commands_like_bash() {
    let app = mount_app(None);
    for (i, line) in ["docker images", "echo hello", "docker ps"].iter().enumerate() {
        run(&app.root, line).await;
        wait_for_commands(&app.root, i + 1).await;
    }
    let input = input(&app.root).await;
    let label = |root: &Element| query(root, ".prompt-line .search-label").and_then(|e| e.text_content());
    let shown = |root: &Element| query(root, ".prompt-line .search-match").and_then(|e| e.text_content());

    // Type, search, Enter runs the match.
    input.set_value("draft");
    ctrl(&input, "r");
    wait_for("the search prompt", || (label(&app.root)? == "(reverse-i-search)`").then_some(())).await;
    assert_eq!(input.value(), "", "the input holds the query");
    type_text(&input, "ima");
    wait_for("the match", || (shown(&app.root)? == "': docker images").then_some(())).await;
    press(&input, "Enter");
    let cmds = wait_for_commands(&app.root, 4).await;
    assert_eq!(cmds.last(), Some(&echoed("docker images")));
    wait_for("the search to close", || label(&app.root).is_none().then_some(())).await;
    assert_eq!(input.value(), "");

    // Ctrl+R again goes to older matches; Esc puts the match in the line.
    ctrl(&input, "r");
    type_text(&input, "docker");
    wait_for("the newest match", || (shown(&app.root)? == "': docker images").then_some(())).await;
    ctrl(&input, "r");
    wait_for("an older match", || (shown(&app.root)? == "': docker ps").then_some(())).await;
    ctrl(&input, "r");
    wait_for("the oldest match", || (shown(&app.root)? == "': docker images").then_some(())).await;
    ctrl(&input, "r");
    wait_for("nothing older", || (label(&app.root)? == "(failed reverse-i-search)`").then_some(())).await;
    press(&input, "Escape");
    wait_for("the accepted line", || (input.value() == "docker images").then_some(())).await;
    wait_for("the search to close", || label(&app.root).is_none().then_some(())).await;

    // Ctrl+G gives the original line back.
    input.set_value("unfinished");
    ctrl(&input, "r");
    type_text(&input, "echo");
    wait_for("the echo match", || (shown(&app.root)? == "': echo hello").then_some(())).await;
    ctrl(&input, "g");
    wait_for("the original line", || (input.value() == "unfinished").then_some(())).await;
    assert_eq!(wait_for_commands(&app.root, 4).await.len(), 4, "nothing ran");
}

fn paste(target: &HtmlInputElement, text: &str) {
    let data = web_sys::DataTransfer::new().expect("DataTransfer");
    data.set_data("text/plain", text).expect("set data");
    let init = web_sys::ClipboardEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_clipboard_data(Some(&data));
    let event = web_sys::ClipboardEvent::new_with_event_init_dict("paste", &init).expect("paste event");
    target.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn a_pasted_multi_line_text_runs_line_by_line() {
    let app = mount_app(None);
    let input = input(&app.root).await;
    input.set_value("echo ");
    input.set_selection_range(5, 5).expect("caret");
    paste(&input, "one\r\necho two\necho thr");
    let cmds = wait_for_commands(&app.root, 2).await;
    assert_eq!(cmds, [echoed("echo one"), echoed("echo two")]);
    assert_eq!(texts(&app.root, "#terminal-output .line.stdout"), ["one", "two"]);
    assert_eq!(input.value(), "echo thr", "the unfinished last line stays in the input");
}

fn composition(target: &HtmlInputElement, kind: &str) {
    let init = web_sys::CompositionEventInit::new();
    init.set_bubbles(true);
    let event = web_sys::CompositionEvent::new_with_event_init_dict(kind, &init).expect("composition event");
    target.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn enter_between_compositionstart_and_compositionend_does_not_submit() {
    let app = mount_app(None);
    let input = input(&app.root).await;
    // The prompt line's effects (focus, then the composition listeners) have run once the
    // input has the focus.
    wait_for("the focused input", || {
        let active = document().active_element()?;
        (active == **input).then_some(())
    })
    .await;
    input.set_value("echo 하");
    composition(&input, "compositionstart");
    // Some engines report this Enter without isComposing: the composition events decide.
    press(&input, "Enter");
    assert_eq!(input.value(), "echo 하", "Enter finished the syllable only");
    composition(&input, "compositionend");
    input.set_value("echo 한");
    press(&input, "Enter");
    let cmds = wait_for_commands(&app.root, 1).await;
    assert_eq!(cmds, [echoed("echo 한")]);
}

#[wasm_bindgen_test]
async fn touch_keys_do_what_the_keys_do() {
    let app = mount_app(None);
    let input = input(&app.root).await;
    let keys = texts(&app.root, ".touch-keys button");
    assert_eq!(keys, ["Tab", "↑", "↓", "-", ":", "/", "|", "Esc", "Ctrl+C", "Ctrl+P Ctrl+Q"]);
    // No synthetic keyboard events: the touch keys call the terminal's intents directly.
    let keydowns = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = keydowns.clone();
    let _watch = gloo::events::EventListener::new(&input, "keydown", move |_| counter.set(counter.get() + 1));
    input.set_value("docker ver");
    input.set_selection_range(10, 10).expect("caret");
    button(&app.root, ".touch-keys [data-key='Tab']").click();
    assert_eq!(input.value(), "docker version ");
    press(&input, "Enter");
    wait_for_commands(&app.root, 1).await;
    button(&app.root, ".touch-keys [data-key='↑']").click();
    wait_for("↑ recalls", || (input.value() == "docker version ").then_some(())).await;
    button(&app.root, ".touch-keys [data-key='↓']").click();
    wait_for("↓ returns to the draft", || input.value().is_empty().then_some(())).await;
    // The symbol keys type at the caret.
    input.set_value("docker run  nginx");
    input.set_selection_range(11, 11).expect("caret");
    for k in ["-", "-", "/", ":", "|"] {
        button(&app.root, &format!(".touch-keys [data-key='{k}']")).click();
    }
    assert_eq!(input.value(), "docker run --/:| nginx");
    input.set_value("sleep");
    button(&app.root, ".touch-keys [data-key='Ctrl+C']").click();
    let cmds = wait_for_commands(&app.root, 2).await;
    assert_eq!(cmds.last(), Some(&echoed("sleep^C")));
    assert_eq!(keydowns.get(), 1, "only the real Enter was a keydown");
    // Ctrl+P Ctrl+Q leaves an interactive container, as docker's detach keys do.
    run(&app.root, "docker run -it --name box busybox sh").await;
    wait_for("the container's prompt", || {
        texts(&app.root, ".prompt-line .prompt").concat().contains('#').then_some(())
    })
    .await;
    button(&app.root, ".touch-keys [data-key='Ctrl+P Ctrl+Q']").click();
    wait_for("read escape sequence", || {
        texts(&app.root, "#terminal-output .line").iter().any(|l| l == "read escape sequence").then_some(())
    })
    .await;
    assert_eq!(texts(&app.root, ".prompt-line .prompt").concat(), echoed(""));
}

// ---------- 3. Themes ----------

#[wasm_bindgen_test]
async fn the_theme_toggle_flips_the_attribute_and_is_remembered() {
    let root = document().document_element().expect("<html>");
    let _ = root.remove_attribute("data-theme");
    let app = mount_app(None);
    let initial = wait_for("a theme on <html>", || root.get_attribute("data-theme")).await;
    let system = if web_sys::window().unwrap().match_media("(prefers-color-scheme: light)").unwrap().unwrap().matches()
    {
        "light"
    } else {
        "dark"
    };
    assert_eq!(initial, system, "without a saved choice the system decides");
    let background = || {
        let style = web_sys::window().unwrap().get_computed_style(&root).unwrap().unwrap();
        style.get_property_value("--bg").unwrap().trim().to_string()
    };
    let before = background();
    button(&app.root, "#theme-toggle").click();
    let flipped = if initial == "dark" { "light" } else { "dark" };
    wait_for("the flipped theme", || (root.get_attribute("data-theme")? == flipped).then_some(())).await;
    assert_ne!(background(), before, "the custom properties follow the attribute");
    assert_eq!(local_storage().get_item("whalelab.theme").ok().flatten().as_deref(), Some(flipped));
    drop(app);
    // A new visit keeps the choice.
    let saved = flipped;
    let _ = root.set_attribute("data-theme", "none");
    ensure_stylesheet();
    let div = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    let handle = yew::Renderer::<App>::with_root_and_props(
        div.clone(),
        AppProps { seed: Some(1), catalogue: Some(catalogue()), ..AppProps::default() },
    )
    .render();
    let again = Mounted { root: div, handle: Some(handle) };
    wait_for("the saved theme", || (root.get_attribute("data-theme")? == saved).then_some(())).await;
    button(&again.root, "#theme-toggle").click();
    wait_for("back", || (root.get_attribute("data-theme")? == initial).then_some(())).await;
}

// ---------- 4. Splitter ----------

fn pointer(target: &Element, kind: &str, x: i32) {
    let init = web_sys::PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_client_x(x);
    init.set_pointer_id(1);
    init.set_button(0);
    let event = web_sys::PointerEvent::new_with_event_init_dict(kind, &init).expect("pointer event");
    target.dispatch_event(&event).expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_splitter_resizes_by_keyboard_and_pointer_and_remembers() {
    let app = mount_app(None);
    let splitter = wait_for("#splitter", || query(&app.root, "#splitter")).await;
    let layout = query(&app.root, ".layout").expect(".layout");
    let now = |s: &Element| s.get_attribute("aria-valuenow").unwrap_or_default();
    wait_for("the default width", || (now(&splitter) == "40").then_some(())).await;
    press(&splitter, "ArrowRight");
    wait_for("wider", || (now(&splitter) == "42").then_some(())).await;
    press(&splitter, "ArrowLeft");
    press(&splitter, "ArrowLeft");
    wait_for("narrower", || (now(&splitter) == "38").then_some(())).await;
    let style = layout.get_attribute("style").unwrap_or_default();
    assert!(style.contains("--lesson-width: 38.0%"), "{style}");
    assert_eq!(local_storage().get_item("whalelab.split").ok().flatten().as_deref(), Some("38.0"));

    let rect = layout.get_bounding_client_rect();
    let at = |p: f64| (rect.left() + rect.width() * p) as i32;
    pointer(&splitter, "pointerdown", at(0.38));
    pointer(&splitter, "pointermove", at(0.6));
    wait_for("dragged to 60%", || (now(&splitter) == "60").then_some(())).await;
    pointer(&splitter, "pointerup", at(0.6));
    wait_for("saved", || (local_storage().get_item("whalelab.split").ok().flatten()? == "60.0").then_some(())).await;
    pointer(&splitter, "pointermove", at(0.3));
    yew::platform::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(now(&splitter), "60", "no drag after the pointer is up");
    press(&splitter, "End");
    wait_for("the widest", || (now(&splitter) == "75").then_some(())).await;
    let wide = web_sys::window().unwrap().inner_width().unwrap().as_f64().unwrap_or(0.0) > 899.0;
    let shown = web_sys::window()
        .unwrap()
        .get_computed_style(&splitter)
        .unwrap()
        .unwrap()
        .get_property_value("display")
        .unwrap();
    if wide {
        let lesson = query(&app.root, ".lesson-pane").expect("lesson pane").get_bounding_client_rect();
        assert!(lesson.width() > rect.width() * 0.6, "the lesson pane really got wider");
        assert_ne!(shown, "none");
    } else {
        assert_eq!(shown, "none", "narrow screens stack the panes and hide the splitter");
    }
}

// ---------- 5. Progress export and import ----------

#[wasm_bindgen_test(unsupported = test)]
fn export_and_import_round_trip_through_the_reducer() {
    let config = SessionConfig::default();
    let mut state = Rc::new(AppState::new(config)).reduce(AppAction::UseCatalogue(catalogue()));
    for (i, line) in ["docker run -d --name web nginx", "docker ps"].iter().enumerate() {
        let now = config.start_time + 1000 * (i as u64 + 1);
        state = state.reduce(AppAction::Submit { line: line.to_string(), now, source: Source::Typed });
    }
    let progress: persist::Progress = [("run-web".to_string(), persist::Solved::WithHelp)].into_iter().collect();
    state = state.reduce(AppAction::Restore { history: Vec::new(), progress: progress.clone(), notice: None });
    state = state.reduce(AppAction::Navigate(Route::Lesson("03-run".into())));
    let file = persist::encode_export(&state.export());
    let decoded = persist::decode_export(&file).expect("our own file reads back");
    assert_eq!(decoded.lesson.as_deref(), Some("03-run"));

    let fresh =
        Rc::new(AppState::new(SessionConfig { seed: 99, ..config })).reduce(AppAction::UseCatalogue(catalogue()));
    let imported = fresh.reduce(AppAction::Import(decoded));
    assert_eq!(*imported.progress, progress, "solved with help stays with help");
    assert_eq!(imported.full_history(), ["docker run -d --name web nginx", "docker ps"]);
    assert!(imported.notice.as_deref().is_some_and(|n| n.contains("가져왔습니다")));
    let up = imported.reduce(AppAction::HistoryPrev { current: String::new() });
    assert_eq!(up.input.text, "docker ps", "↑ reaches the imported history");
}

#[wasm_bindgen_test(unsupported = test)]
fn exporting_then_importing_in_the_same_visit_lists_no_command_twice() {
    let config = SessionConfig::default();
    let mut state = Rc::new(AppState::new(config)).reduce(AppAction::UseCatalogue(catalogue()));
    for (i, line) in ["docker ps", "docker images"].iter().enumerate() {
        let now = config.start_time + 1000 * (i as u64 + 1);
        state = state.reduce(AppAction::Submit { line: line.to_string(), now, source: Source::Typed });
    }
    let file = persist::decode_export(&persist::encode_export(&state.export())).expect("our own file reads back");
    let imported = state.reduce(AppAction::Import(file));
    assert_eq!(imported.full_history(), ["docker ps", "docker images"]);
    assert_eq!(imported.export().history, ["docker ps", "docker images"], "a second export is the same");
    let up = imported.reduce(AppAction::HistoryPrev { current: String::new() });
    let up = up.reduce(AppAction::HistoryPrev { current: String::new() });
    let top = up.clone().reduce(AppAction::HistoryPrev { current: String::new() });
    assert_eq!(top.input.text, "docker ps");
    assert!(Rc::ptr_eq(&up, &top), "↑ stops at the oldest command: the list has two, not four");
}

async fn choose_file(root: &Element, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let file = web_sys::File::new_with_str_sequence(&parts, "progress.json").expect("file");
    let data = web_sys::DataTransfer::new().expect("DataTransfer");
    data.items().add_with_file(&file).expect("add file");
    let picker = wait_for("#import-file", || query(root, "#import-file")?.dyn_into::<HtmlInputElement>().ok()).await;
    picker.set_files(data.files().as_ref());
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    picker.dispatch_event(&web_sys::Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

#[wasm_bindgen_test]
async fn importing_a_file_applies_it_and_a_bad_file_changes_nothing() {
    let app = mount_app(None);
    let solved = |root: &Element| query(root, "#progress")?.get_attribute("data-solved");
    wait_for("the progress count", || (solved(&app.root)? == "0").then_some(())).await;
    assert_eq!(texts(&app.root, "#export-progress"), ["진행 상황 내보내기"]);

    choose_file(&app.root, "{\"not\": \"progress\"}").await;
    let notice = wait_for("the refusal", || query(&app.root, ".notice-banner")?.text_content()).await;
    assert!(notice.contains("가져오지 않았습니다"), "{notice}");
    assert_eq!(solved(&app.root).as_deref(), Some("0"));
    assert_eq!(local_storage().get_item("whalelab.progress").ok().flatten(), None, "nothing was saved");

    let export = Export {
        solved: [("a".to_string(), persist::Solved::Alone), ("b".to_string(), persist::Solved::WithHelp)]
            .into_iter()
            .collect(),
        history: vec!["docker images".into()],
        lesson: None,
    };
    choose_file(&app.root, &persist::encode_export(&export)).await;
    wait_for("the imported count", || (solved(&app.root)? == "2").then_some(())).await;
    let notice = wait_for("the success notice", || {
        query(&app.root, ".notice-banner")?.text_content().filter(|t| t.contains("가져왔습니다"))
    })
    .await;
    assert!(notice.contains("2개"), "{notice}");
    assert_eq!(
        local_storage().get_item("whalelab.progress").ok().flatten().as_deref(),
        Some("whalelab-progress v2\na\nb help")
    );
    let input = input(&app.root).await;
    press(&input, "ArrowUp");
    wait_for("the imported history", || (input.value() == "docker images").then_some(())).await;
}

// ---------- 6. Goal-vs-current view ----------

const LESSON: &str = "+++\nid = \"t\"\ntitle = \"연습\"\nsummary = \"시험\"\nminutes = 1\n+++\n\n\
    ```exercise\nid = \"run-web\"\ntitle = \"띄워 보기\"\nprompt = \"`web`을 실행하세요\"\n\
    solution = [\"docker run -d --name web -p 8080:80 nginx\"]\n\n\
    [[goal]]\ncontainer = \"web\"\nstate = \"running\"\nports = [\"8080:80\"]\n```\n";

#[wasm_bindgen_test]
async fn the_goal_view_draws_the_goal_beside_the_current_state() {
    let app = mount_app(Some(LESSON));
    let row = |root: &Element| -> Option<(String, String, String, String)> {
        let r = query(root, "#lesson .goal-view .goal-row")?;
        let cell = |c: &str| r.query_selector(c).ok().flatten().and_then(|e| e.text_content()).unwrap_or_default();
        Some((r.get_attribute("data-met")?, cell(".goal-object"), cell(".goal-want"), cell(".goal-have")))
    };
    let start = start_button(&app.root).await;
    assert!(row(&app.root).is_none(), "no live goal view before the exercise is started");
    start.click();
    let before = wait_for("the goal view", || row(&app.root)).await;
    assert_eq!(before, ("false".into(), "컨테이너 web".into(), "running, 포트 8080→80".into(), "없음".into()));
    assert!(texts(&app.root, "#lesson .goal-view .goal-mark").concat().contains('✗'));

    run(&app.root, "docker run -d --name web -p 8081:80 nginx").await;
    wait_for("a wrong port shown", || (row(&app.root)?.3 == "running, 포트 8081→80").then_some(())).await;
    assert_eq!(row(&app.root).unwrap().0, "false");
    run(&app.root, "docker rm -f web").await;
    run(&app.root, "docker run -d --name web -p 8080:80 nginx").await;
    let done = wait_for("the goal met", || row(&app.root).filter(|r| r.0 == "true")).await;
    assert_eq!(done.3, "running, 포트 8080→80");
    assert!(texts(&app.root, "#lesson .goal-view .goal-mark").concat().contains('✔'));
}

// ---------- 7. docker stats redraws by frames ----------

/// The table header `docker stats` draws on top of each frame.
const STATS_HEADER: &str = "CONTAINER ID";

fn headers_in(state: &AppState) -> usize {
    state
        .machine
        .scrollback
        .entries()
        .iter()
        .flat_map(|e| e.output.iter())
        .filter(|l| l.text.starts_with(STATS_HEADER))
        .count()
}

#[wasm_bindgen_test(unsupported = test)]
fn each_docker_stats_frame_replaces_the_one_before() {
    let config = SessionConfig::default();
    let t = |s: u64| config.start_time + 1000 * s;
    let mut state = Rc::new(AppState::new(config)).reduce(AppAction::UseCatalogue(catalogue()));
    let submit = |line: &str, now| AppAction::Submit { line: line.into(), now, source: Source::Typed };
    state = state.reduce(submit("docker run -d --name web nginx", t(1)));
    state = state.reduce(submit("docker stats", t(2)));
    assert!(state.session().is_held(), "{:#?}", state.machine.scrollback);
    assert_eq!(headers_in(&state), 1, "the first frame: {:#?}", state.machine.scrollback);
    for (i, now) in [t(3), t(4)].into_iter().enumerate() {
        let before = state.machine.scrollback.entries().last().map(|e| e.id);
        state = state.reduce(AppAction::Poll { now });
        assert_ne!(state.machine.scrollback.entries().last().map(|e| e.id), before, "poll {i} drew a new frame");
        assert_eq!(headers_in(&state), 1, "after poll {i} one frame is shown: {:#?}", state.machine.scrollback);
        assert!(
            state.machine.scrollback.entries().iter().flat_map(|e| e.output.iter()).any(|l| l.text.contains(" web ")),
            "the frame lists web: {:#?}",
            state.machine.scrollback
        );
    }
    state = state.reduce(AppAction::Key { key: Key::CtrlC, typed: String::new(), now: t(5) });
    assert!(!state.session().is_held());
    assert_eq!(state.prompt(), echoed(""));
    let last = state.machine.scrollback.entries().last().expect("the ^C line");
    assert_eq!(last.output.first().map(|l| l.text.as_str()), Some("^C"));
    assert_eq!(headers_in(&state), 1, "the last frame stays on screen after Ctrl+C");
}

#[wasm_bindgen_test]
async fn the_terminal_shows_one_docker_stats_frame_at_a_time() {
    let app = mount_app(None);
    run(&app.root, "docker run -d --name web nginx").await;
    wait_for_commands(&app.root, 1).await;
    run(&app.root, "docker stats").await;
    let header = |root: &Element| -> Option<Element> {
        let list = root.query_selector_all("#terminal-output .line").ok()?;
        (0..list.length())
            .filter_map(|i| list.get(i))
            .filter_map(|n| n.dyn_into::<Element>().ok())
            .find(|e| e.text_content().is_some_and(|t| t.starts_with(STATS_HEADER)))
    };
    // The page polls by itself: wait for two frames to replace the first.
    let mut shown = wait_for("the first frame", || header(&app.root)).await;
    for frame in 2..=3 {
        let old = shown.clone();
        shown = wait_for(&format!("frame {frame}"), || header(&app.root).filter(|h| !old.is_connected() && h != &old))
            .await;
        let count = texts(&app.root, "#terminal-output .line").iter().filter(|t| t.starts_with(STATS_HEADER)).count();
        assert_eq!(count, 1, "frame {frame}: {:?}", texts(&app.root, "#terminal-output .line"));
    }
    let input = input(&app.root).await;
    ctrl(&input, "c");
    wait_for("the prompt after Ctrl+C", || {
        (texts(&app.root, ".prompt-line .prompt").concat() == echoed("")).then_some(())
    })
    .await;
}

// ---------- 8. When an exercise counts as solved ----------

/// An exercise whose goal (a running engine) already holds on a fresh machine; its setup
/// stops the engine.
const ENGINE_LESSON: &str = "+++\nid = \"t\"\ntitle = \"엔진\"\nsummary = \"시험\"\nminutes = 1\n+++\n\n\
    ```exercise\nid = \"engine-start\"\ntitle = \"엔진 다시 켜기\"\nprompt = \"엔진을 켜세요\"\n\
    setup = [\"sudo systemctl stop docker\"]\nsolution = [\"sudo systemctl start docker\"]\n\n\
    [[goal]]\ndaemon = \"running\"\n```\n";

#[wasm_bindgen_test]
async fn an_exercise_counts_only_once_started_and_solved_after_its_start() {
    let app = mount_app(Some(ENGINE_LESSON));
    let attr = |root: &Element, name: &str| query(root, "#lesson section.exercise")?.get_attribute(name);
    let progress = |root: &Element| query(root, "#progress")?.get_attribute("data-solved");
    wait_for("the exercise", || attr(&app.root, "data-solved")).await;
    // Not started: the goals are listed without marks, and commands solve nothing.
    assert_eq!(attr(&app.root, "data-started").as_deref(), Some("false"));
    assert_eq!(texts(&app.root, "#lesson .goal .goal-mark").concat(), "•");
    run(&app.root, "docker ps").await;
    wait_for_commands(&app.root, 1).await;
    assert_eq!(attr(&app.root, "data-solved").as_deref(), Some("false"));
    assert_eq!(progress(&app.root).as_deref(), Some("0"));
    // "정답 보기" shows the solution first, with nothing to run before the start.
    button(&app.root, "#lesson .solution > summary").click();
    assert_eq!(texts(&app.root, "#lesson .solution .code-text"), ["sudo systemctl start docker"]);
    assert!(query(&app.root, "#lesson .solution .run-button").is_none());

    // Starting it runs the setup visibly: the goal is unmet.
    button(&app.root, "#lesson .start-exercise").click();
    wait_for("the started exercise", || (attr(&app.root, "data-started")? == "true").then_some(())).await;
    assert_eq!(texts(&app.root, "#lesson .goal .goal-mark").concat(), "✗");
    assert!(
        texts(&app.root, "#terminal-output .line.note").iter().any(|n| n.contains("엔진 다시 켜기")),
        "{:?}",
        texts(&app.root, "#terminal-output .line.note")
    );
    assert!(texts(&app.root, "#terminal-output .line.cmd").contains(&echoed("sudo systemctl stop docker")));
    run(&app.root, "sudo systemctl start docker").await;
    wait_for("the completion moment", || query(&app.root, "#lesson .exercise-solved")).await;
    assert_eq!(attr(&app.root, "data-solved").as_deref(), Some("true"));
    wait_for("the progress count", || (progress(&app.root)? == "1").then_some(())).await;
    // Saving is an effect after the render that shows the count: wait for it, don't race it.
    wait_for("the saved progress", || {
        (local_storage().get_item("whalelab.progress").ok().flatten()?.as_str() == "whalelab-progress v2\nengine-start")
            .then_some(())
    })
    .await;
}

#[wasm_bindgen_test]
async fn the_solution_can_be_run_from_the_panel_and_counts_as_help() {
    let app = mount_app(Some(ENGINE_LESSON));
    start_button(&app.root).await.click();
    wait_for("the started exercise", || query(&app.root, "#lesson section.exercise[data-started='true']")).await;
    button(&app.root, "#lesson .solution > summary").click();
    button(&app.root, "#lesson .solution .run-button").click();
    wait_for("the completion moment", || query(&app.root, "#lesson .exercise-solved")).await;
    assert_eq!(texts(&app.root, "#lesson .solved-badge"), ["도움받아 푼 문제"]);
    wait_for("the saved progress", || {
        (local_storage().get_item("whalelab.progress").ok().flatten()?.as_str()
            == "whalelab-progress v2\nengine-start help")
            .then_some(())
    })
    .await;
}

/// A detached container whose command ends by itself is drawn as exited when its time comes,
/// with no key pressed: the terminal polls when core says something is due.
#[wasm_bindgen_test]
async fn a_detached_sleep_is_drawn_exited_when_it_ends_without_a_keypress() {
    let app = mount_app(None);
    run(&app.root, "docker run -d --name nap busybox sleep 1").await;
    let state =
        |root: &Element| query(root, "#state-view .container-box[data-name=\"nap\"]")?.get_attribute("data-state");
    wait_for("nap running", || (state(&app.root)? == "running").then_some(())).await;
    // About a second of real time later, with nothing typed.
    wait_for("nap exited", || (state(&app.root)? == "exited").then_some(())).await;
}
