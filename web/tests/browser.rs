//! Component tests in headless Chromium: mount the app (or one component) into a `<div>`,
//! type and click as a learner would, and wait for the DOM to show the result.
//!
//! Every wait polls for a condition with a 5 s limit (`wait_for`), never a fixed sleep, and
//! all queries are scoped to the test's own root. These tests must not depend on `content/`
//! being served: the fetch fails here, which one test checks on purpose.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};
use whalelab_core::{Line, Stream};
use whalelab_web::components::terminal::output_line::{TerminalOutput, TerminalOutputProps};
use whalelab_web::state::terminal::Entry;
use whalelab_web::{App, AppProps};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

const PS_HEADER: &str = "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES";

/// Mounts the app on a clean slate: nothing saved by an earlier test.
fn mount_app(props: AppProps) -> Mounted<App> {
    local_storage().clear().expect("clear localStorage");
    let _ = web_sys::window().expect("window").location().set_hash("");
    mount::<App>(AppProps { seed: Some(7), catalogue: props.catalogue.clone().or_else(|| Some(catalogue())), ..props })
}

#[wasm_bindgen_test]
async fn docker_ps_prints_the_table_header() {
    let app = mount_app(AppProps::default());
    run(&app.root, "docker ps").await;
    let header = wait_for("the docker ps header", || {
        texts(&app.root, "#terminal-output .line.stdout").into_iter().find(|t| t == PS_HEADER)
    })
    .await;
    assert_eq!(header, PS_HEADER);
    assert_eq!(texts(&app.root, "#terminal-output .line.cmd"), [echoed("docker ps")]);
    assert_eq!(input(&app.root).await.value(), "", "Enter empties the input");
    // Output lines keep their spacing (the table lines up) and wrap where the screen ends,
    // as a terminal emulator does: `white-space: break-spaces`, breaking anywhere.
    let line = query(&app.root, "#terminal-output .line.stdout").expect("a stdout line");
    let style = web_sys::window().unwrap().get_computed_style(&line).unwrap().unwrap();
    assert_eq!(style.get_property_value("white-space").unwrap(), "break-spaces");
    assert_eq!(style.get_property_value("word-break").unwrap(), "break-all");
}

#[wasm_bindgen_test]
async fn arrow_keys_walk_the_history() {
    let app = mount_app(AppProps::default());
    run(&app.root, "docker ps").await;
    wait_for_commands(&app.root, 1).await;
    run(&app.root, "docker images").await;
    wait_for_commands(&app.root, 2).await;
    let input = input(&app.root).await;
    input.set_value("dra");
    let expect = |v: &'static str| {
        let input = input.clone();
        move || (input.value() == v).then_some(())
    };
    press(&input, "ArrowUp");
    wait_for("↑ → docker images", expect("docker images")).await;
    press(&input, "ArrowUp");
    wait_for("↑↑ → docker ps", expect("docker ps")).await;
    press(&input, "ArrowDown");
    wait_for("↓ → docker images", expect("docker images")).await;
    press(&input, "ArrowDown");
    wait_for("↓↓ → the draft", expect("dra")).await;
}

#[wasm_bindgen_test]
async fn ctrl_l_clears_the_screen() {
    let app = mount_app(AppProps::default());
    run(&app.root, "docker ps").await;
    wait_for_commands(&app.root, 1).await;
    let input = input(&app.root).await;
    key(&input, "l", |init| init.set_ctrl_key(true));
    wait_for("an empty screen", || texts(&app.root, "#terminal-output .line").is_empty().then_some(())).await;
    press(&input, "ArrowUp");
    wait_for("history survives the clear", || (input.value() == "docker ps").then_some(())).await;
}

#[wasm_bindgen_test]
async fn the_clear_command_clears_the_screen() {
    let app = mount_app(AppProps::default());
    run(&app.root, "docker ps").await;
    wait_for_commands(&app.root, 1).await;
    run(&app.root, "clear; echo fresh").await;
    let lines = wait_for("only the output after clear", || {
        let lines = texts(&app.root, "#terminal-output .line");
        (lines.len() == 1).then_some(lines)
    })
    .await;
    assert_eq!(lines, ["fresh"]);
}

#[wasm_bindgen_test]
async fn enter_during_ime_composition_does_not_submit() {
    let app = mount_app(AppProps::default());
    let input = input(&app.root).await;
    input.set_value("docker ps");
    key(&input, "Enter", |init| init.set_is_composing(true));
    // Both keys are dispatched before Yew renders, so once one command shows, the count is final.
    press(&input, "Enter");
    let cmds = wait_for_commands(&app.root, 1).await;
    assert_eq!(cmds, [echoed("docker ps")], "the composing Enter must not have submitted");
}

#[wasm_bindgen_test]
async fn output_is_text_never_html() {
    let hostile = ["<b>bold</b>", "<img src=x onerror=alert(1)>"];
    let entry = Entry {
        id: 1,
        prompt: "user@docker-host:~$ ".into(),
        command: "docker ps --format '{{.Names}}'".into(),
        output: hostile.iter().map(|t| Line { stream: Stream::Stdout, text: t.to_string() }).collect(),
        exit_code: 0,
        echo: true,
        pulls: Vec::new(),
        builds: Vec::new(),
        note: None,
    };
    let view = mount::<TerminalOutput>(TerminalOutputProps { entries: vec![Rc::new(entry)] });
    let lines = wait_for("three lines", || {
        let t = texts(&view.root, "#terminal-output .line");
        (t.len() == 3).then_some(t)
    })
    .await;
    assert_eq!(lines[1..], hostile);
    assert!(query(&view.root, "b").is_none() && query(&view.root, "img").is_none());
}

#[wasm_bindgen_test]
async fn typed_markup_is_echoed_as_text() {
    let app = mount_app(AppProps::default());
    run(&app.root, "<img src=x onerror=alert(1)>").await;
    let cmds = wait_for_commands(&app.root, 1).await;
    assert_eq!(cmds, [echoed("<img src=x onerror=alert(1)>")]);
    assert!(query(&app.root, "#terminal img").is_none());
}

/// Waits on core: needs the shell's `echo` builtin.
#[wasm_bindgen_test]
async fn command_output_with_markup_is_text() {
    let app = mount_app(AppProps::default());
    run(&app.root, "echo '<b>bold</b>'").await;
    wait_for("the echoed markup as text", || {
        texts(&app.root, "#terminal-output .line.stdout").into_iter().find(|t| t == "<b>bold</b>")
    })
    .await;
    assert!(query(&app.root, "#terminal-output b").is_none());
}

#[wasm_bindgen_test]
async fn a_missing_lesson_shows_a_korean_message() {
    // The test server has no content/, so the fetch of content/SUMMARY.md fails.
    let app = mount_app(AppProps::default());
    let message = wait_for("the lesson error", || query(&app.root, "#lesson .lesson-error")?.text_content()).await;
    assert!(message.contains("레슨을 불러오지 못했습니다"), "{message}");
    assert!(message.contains("content/SUMMARY.md"), "{message}");
}

#[wasm_bindgen_test]
async fn lesson_runs_commands_on_click_and_escapes_raw_html() {
    let lesson = "+++\nid = \"t\"\ntitle = \"첫 컨테이너\"\nsummary = \"시험\"\nminutes = 1\n+++\n\n\
        <img src=x onerror=alert(1)>\n\n```docker\n# 목록 보기\ndocker ps\n```\n\n\
        ```exercise\nid = \"e\"\ntitle = \"띄워 보기\"\nprompt = \"`web`을 실행하세요\"\n\
        solution = [\"docker run -d --name web nginx\"]\n\n[[goal]]\ncontainer = \"web\"\nstate = \"running\"\n```\n";
    let app = mount_app(AppProps { lesson_markdown: Some(lesson.into()), ..AppProps::default() });
    let button =
        wait_for("a ▶ button", || query(&app.root, "#lesson .run-button")?.dyn_into::<HtmlElement>().ok()).await;
    assert_eq!(button.text_content().as_deref(), Some("▶ 실행"));
    assert_eq!(texts(&app.root, "#lesson .run-button").len(), 1, "comments get no button");
    assert_eq!(texts(&app.root, "#lesson h1"), ["첫 컨테이너"], "the front matter title is the heading");
    assert!(query(&app.root, "#lesson img").is_none(), "raw HTML must not become elements");
    assert!(texts(&app.root, "#lesson .prose").concat().contains("<img src=x onerror=alert(1)>"));
    let exercise = texts(&app.root, "#lesson .exercise").concat();
    assert!(
        exercise.contains("연습 문제") && exercise.contains("띄워 보기") && exercise.contains("web을 실행하세요"),
        "{exercise}"
    );
    button.click();
    wait_for("the clicked command's output", || {
        texts(&app.root, "#terminal-output .line.stdout").into_iter().find(|t| t == PS_HEADER)
    })
    .await;
    assert_eq!(texts(&app.root, "#terminal-output .line.cmd"), [echoed("docker ps")]);
}

/// Waits on core: needs `docker run` (pulling nginx) and `docker stop`.
#[wasm_bindgen_test]
async fn the_state_view_follows_containers() {
    let app = mount_app(AppProps::default());
    let empty = wait_for("the empty state", || query(&app.root, "#state-view .state-empty")?.text_content()).await;
    assert!(empty.contains("컨테이너가 없습니다"), "{empty}");

    run(&app.root, "docker run --name web -d -p 8080:80 nginx").await;
    let running = wait_for("a running box for web", || {
        query(&app.root, "#state-view .container-box[data-name='web'][data-state='running']")
    })
    .await;
    let text = running.text_content().unwrap_or_default();
    assert!(text.contains("실행 중") && text.contains("running") && text.contains("nginx"), "{text}");
    assert!(text.contains("0.0.0.0:8080→80/tcp"), "{text}");
    assert!(query(&app.root, "#state-view .state-empty").is_none());

    run(&app.root, "docker stop web").await;
    let exited =
        wait_for("web exited", || query(&app.root, "#state-view .container-box[data-name='web'][data-state='exited']"))
            .await;
    assert!(exited.text_content().unwrap_or_default().contains("정지됨"));
}

#[wasm_bindgen_test]
async fn the_first_render_sets_the_performance_mark() {
    let performance = web_sys::window().and_then(|w| w.performance()).expect("performance");
    performance.clear_marks_with_mark_name("app-rendered");
    let _app = mount_app(AppProps::default());
    wait_for("performance.mark('app-rendered')", || {
        (performance.get_entries_by_name("app-rendered").length() > 0).then_some(())
    })
    .await;
}

fn ctrl(target: &HtmlInputElement, letter: &str) {
    key(target, letter, |init| init.set_ctrl_key(true));
}

fn goal_marks(root: &Element) -> Vec<String> {
    let Ok(list) = root.query_selector_all("#lesson .goal") else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.get(i))
        .filter_map(|n| n.dyn_into::<Element>().ok())
        .map(|e| e.get_attribute("data-met").unwrap_or_default())
        .collect()
}

#[wasm_bindgen_test]
async fn ctrl_c_abandons_the_line_and_ctrl_u_w_edit_it() {
    let app = mount_app(AppProps::default());
    let input = input(&app.root).await;
    input.set_value("docker run --name web");
    ctrl(&input, "w");
    assert_eq!(input.value(), "docker run --name ", "Ctrl+W cuts the word before the caret");
    input.set_selection_range(6, 6).expect("caret");
    ctrl(&input, "k");
    assert_eq!(input.value(), "docker");
    ctrl(&input, "c");
    let cmds = wait_for_commands(&app.root, 1).await;
    assert_eq!(cmds, [echoed("docker^C")]);
    assert_eq!(input.value(), "", "the abandoned line is gone");
    input.set_value("echo hi");
    ctrl(&input, "u");
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
async fn an_unfinished_loop_asks_for_more_lines_with_bash_s_continuation_prompt() {
    let app = mount_app(AppProps::default());
    let prompt = || query(&app.root, ".prompt-line .prompt").and_then(|p| p.text_content()).unwrap_or_default();
    run(&app.root, "for i in 1 2").await;
    wait_for("the `> ` prompt", || (prompt() == "> ").then_some(())).await;
    run(&app.root, "do echo \"n=$i\"").await;
    wait_for_commands(&app.root, 2).await;
    run(&app.root, "done").await;
    wait_for("the loop's output", || {
        (texts(&app.root, "#terminal-output .line.stdout") == ["n=1", "n=2"]).then_some(())
    })
    .await;
    assert_eq!(
        texts(&app.root, "#terminal-output .line.cmd"),
        [echoed("for i in 1 2"), "> do echo \"n=$i\"".to_string(), "> done".to_string()]
    );
    assert_eq!(prompt(), echoed(""), "the shell's prompt is back");
}

#[wasm_bindgen_test]
async fn a_foreground_container_holds_the_prompt_until_ctrl_c() {
    let app = mount_app(AppProps::default());
    run(&app.root, "docker run --name web nginx").await;
    wait_for("the prompt to disappear", || {
        query(&app.root, ".prompt-line .prompt")?.text_content()?.is_empty().then_some(())
    })
    .await;
    let input = input(&app.root).await;
    ctrl(&input, "c");
    wait_for("the prompt to come back", || {
        (query(&app.root, ".prompt-line .prompt")?.text_content()? == echoed("")).then_some(())
    })
    .await;
    assert!(texts(&app.root, "#terminal-output .line").iter().any(|t| t == "^C"));
}

#[wasm_bindgen_test]
async fn an_interactive_container_shell_changes_the_prompt_until_exit() {
    let app = mount_app(AppProps::default());
    run(&app.root, "docker run -it --name box ubuntu bash").await;
    wait_for("the container's prompt", || {
        query(&app.root, ".prompt-line .prompt")?.text_content()?.starts_with("root@").then_some(())
    })
    .await;
    run(&app.root, "hostname").await;
    wait_for("hostname inside the container", || {
        texts(&app.root, "#terminal-output .line.stdout")
            .iter()
            .any(|t| t.len() == 12 && t.chars().all(|c| c.is_ascii_hexdigit()))
            .then_some(())
    })
    .await;
    run(&app.root, "exit").await;
    wait_for("the host prompt to come back", || {
        (query(&app.root, ".prompt-line .prompt")?.text_content()? == echoed("")).then_some(())
    })
    .await;
    assert!(app
        .root
        .query_selector("#state-view .container-box[data-name=\"box\"][data-state=\"exited\"]")
        .ok()
        .flatten()
        .is_some());
}

#[wasm_bindgen_test]
async fn tab_completes_and_lists_candidates() {
    let app = mount_app(AppProps::default());
    let input = input(&app.root).await;
    input.set_value("docker ver");
    input.set_selection_range(10, 10).expect("caret");
    press(&input, "Tab");
    assert_eq!(input.value(), "docker version ");
    input.set_value("docker st");
    input.set_selection_range(9, 9).expect("caret");
    press(&input, "Tab");
    let listed = wait_for("the candidates", || {
        let lines = texts(&app.root, "#terminal-output .line.stdout");
        (lines.len() > 1).then_some(lines)
    })
    .await;
    assert!(listed.iter().any(|l| l == "start") && listed.iter().any(|l| l == "stop"), "{listed:?}");
    assert_eq!(input.value(), "docker st", "the line stays for more typing");
}

const EXERCISE_LESSON: &str = "+++\nid = \"t\"\ntitle = \"연습\"\nsummary = \"시험\"\nminutes = 1\n+++\n\n\
    ```exercise\nid = \"run-web\"\ntitle = \"띄워 보기\"\nprompt = \"`web`을 실행하세요\"\n\
    solution = [\"docker run -d --name web nginx\"]\n\n[[goal]]\ncontainer = \"web\"\nstate = \"running\"\n\n\
    [[hint]]\ntext = \"docker run -d 를 써 보세요\"\n```\n";

#[wasm_bindgen_test]
async fn the_exercise_panel_checks_goals_after_each_command_and_saves_progress() {
    let app = mount_app(AppProps { lesson_markdown: Some(EXERCISE_LESSON.into()), ..AppProps::default() });
    let start =
        wait_for("the start button", || query(&app.root, "#lesson .start-exercise")?.dyn_into::<HtmlElement>().ok())
            .await;
    assert_eq!(start.text_content().as_deref(), Some("이 문제 시작하기"));
    start.click();
    wait_for("an unmet goal", || (goal_marks(&app.root) == ["false"]).then_some(())).await;
    assert!(texts(&app.root, "#lesson .hint").concat().contains("docker run -d"));
    assert!(query(&app.root, "#lesson .exercise-solved").is_none());
    run(&app.root, "docker run -d --name web nginx").await;
    wait_for("the goal to be met", || (goal_marks(&app.root) == ["true"]).then_some(())).await;
    let solved =
        wait_for("the completion moment", || query(&app.root, "#lesson .exercise-solved")?.text_content()).await;
    assert!(solved.contains("해결했습니다") && solved.contains("다음 연습 문제"), "{solved}");
    wait_for("the progress count", || {
        (query(&app.root, "#progress")?.get_attribute("data-solved")? == "1").then_some(())
    })
    .await;
    // Progress is saved by an effect after the repaint: wait for it rather than race it.
    wait_for("the saved progress", || {
        let stored = local_storage().get_item("whalelab.progress").ok().flatten()?;
        (stored == "whalelab-progress v2\nrun-web").then_some(())
    })
    .await;

    // 처음부터 다시: a fresh machine with the exercise's setup, so the goal is unmet again.
    start.click();
    wait_for("the goal to be unmet after a restart", || (goal_marks(&app.root) == ["false"]).then_some(())).await;
    assert!(query(&app.root, "#state-view .container-box[data-name='web']").is_none());
    // Undo brings the solved machine back.
    query(&app.root, "#undo").and_then(|e| e.dyn_into::<HtmlElement>().ok()).unwrap().click();
    wait_for("the machine before the restart", || query(&app.root, "#state-view .container-box[data-name='web']"))
        .await;
    assert!(
        texts(&app.root, "#terminal-output .line.note").iter().any(|n| n.starts_with("↶ 되돌림: 연습 문제 시작")),
        "{:?}",
        texts(&app.root, "#terminal-output .line.note")
    );
    wait_for("the announcement", || {
        query(&app.root, "#terminal-status")?.text_content().filter(|t| t.starts_with("↶ 되돌림"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn history_survives_a_remount_and_corrupt_storage_gives_a_notice() {
    let app = mount_app(AppProps::default());
    run(&app.root, "docker images").await;
    wait_for_commands(&app.root, 1).await;
    wait_for("the saved history", || {
        local_storage().get_item("whalelab.history").ok().flatten().filter(|h| h.ends_with("docker images"))
    })
    .await;
    let history = local_storage().get_item("whalelab.history").ok().flatten();
    drop(app);
    let app = mount::<App>(AppProps { seed: Some(3), catalogue: Some(catalogue()), ..AppProps::default() });
    let input = input(&app.root).await;
    wait_for("↑ to recall the earlier visit's command", || {
        press(&input, "ArrowUp");
        (input.value() == "docker images").then_some(())
    })
    .await;
    drop(app);
    assert!(history.is_some());

    local_storage().set_item("whalelab.progress", "{garbage").expect("set");
    let app = mount::<App>(AppProps { seed: Some(3), catalogue: Some(catalogue()), ..AppProps::default() });
    let notice = wait_for("the Korean notice", || query(&app.root, ".notice-banner")?.text_content()).await;
    assert!(notice.contains("새로 시작합니다"), "{notice}");
    assert!(query(&app.root, "#terminal-input").is_some(), "the page still works");
    assert_eq!(
        local_storage().get_item("whalelab.progress").ok().flatten().as_deref(),
        Some("whalelab-progress v2"),
        "the corrupt data was replaced"
    );
}

#[wasm_bindgen_test]
async fn the_sandbox_route_replays_a_share_link() {
    use whalelab_web::route::{Pages, Route, Share};
    let window = web_sys::window().expect("window");
    let history = window.history().expect("history");
    // The test runner's own page: put back at the end, for the tests after this one.
    let start = window.location().href().expect("href");
    let lines: Vec<String> = [
        "docker run -d --name shared nginx",
        "docker ps",
        "docker ps -a",
        "docker images",
        "docker run -d --name other nginx",
    ]
    .map(String::from)
    .into();
    let replay = Route::Sandbox { share: Share::Plain(lines.clone()) };
    local_storage().clear().expect("clear localStorage");
    // A link of the hash-routed site before it had pages still replays.
    let old = replay.href(&Pages::default()).replacen("sandbox.html#", "#/sandbox?", 1);
    window.location().set_hash(&old).expect("hash");
    let app = mount::<App>(AppProps { seed: Some(7), catalogue: Some(catalogue()), ..AppProps::default() });
    wait_for("the replayed container", || {
        query(&app.root, "#state-view .container-box[data-name='shared'][data-state='running']")
    })
    .await;
    let title = wait_for("the sandbox page", || query(&app.root, "#lesson h1")?.text_content()).await;
    assert_eq!(title, "샌드박스");
    // The page's own link is the short, compressed form of the sandbox page, and it replays the same commands.
    let link = wait_for("the share link", || {
        query(&app.root, "#share-link")?.dyn_into::<HtmlInputElement>().ok().map(|i| i.value())
    })
    .await;
    let (page, hash) = link.split_once('#').map(|(p, h)| (p.to_string(), format!("#{h}"))).unwrap_or_default();
    assert!(page.ends_with("/sandbox.html") && hash.starts_with("#z="), "{link}");
    assert!(hash.len() + 12 < replay.href(&Pages::default()).len(), "{hash} is shorter than the plain form");
    let Route::Sandbox { share: Share::Packed(packed) } = Route::from_location(&page, &hash) else { panic!("{link}") };
    let text = whalelab_web::platform::inflate(&whalelab_web::route::unpack(&packed).unwrap()).await.unwrap();
    assert_eq!(whalelab_web::route::lines_of(&text), lines);
    let location = window.location();
    assert!(
        location.pathname().unwrap().ends_with("/sandbox.html"),
        "the plain sandbox page: a reload will not run the link again"
    );
    assert_eq!(location.hash().unwrap(), "");
    window.location().set_hash("#/check").expect("hash");
    wait_for("the check page after an old hash address", || query(&app.root, "#check h1")).await;
    history.back().expect("back");
    wait_for("the sandbox again after Back", || query(&app.root, "#lesson .sandbox-intro")).await;
    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&start)).expect("restore the address");
}

#[wasm_bindgen_test]
async fn pull_progress_animates_in_place_then_shows_the_final_lines() {
    let app = mount_app(AppProps::default());
    run(&app.root, "docker pull nginx").await;
    let frame = wait_for("a progress frame", || {
        let lines = texts(&app.root, "#terminal-output .line.stdout");
        let animating =
            lines.iter().any(|l| l.contains("Downloading") || l.contains("Pulling fs layer") || l.contains("Waiting"));
        (animating && !lines.iter().any(|l| l.starts_with("Status:"))).then_some(lines)
    })
    .await;
    assert!(!frame.is_empty());
    let done = wait_for("the final lines", || {
        let lines = texts(&app.root, "#terminal-output .line.stdout");
        lines.iter().any(|l| l.starts_with("Status: Downloaded newer image for nginx:latest")).then_some(lines)
    })
    .await;
    assert!(!done.iter().any(|l| l.contains("Downloading")), "no progress left over: {done:?}");
}

#[wasm_bindgen_test]
async fn undo_and_redo_buttons_move_the_machine() {
    let app = mount_app(AppProps::default());
    let undo = wait_for("#undo", || query(&app.root, "#undo")?.dyn_into::<web_sys::HtmlButtonElement>().ok()).await;
    assert!(undo.disabled(), "nothing to undo yet");
    run(&app.root, "docker run -d --name web nginx").await;
    wait_for("the web box", || query(&app.root, "#state-view .container-box[data-name='web']")).await;
    wait_for("undo enabled", || (!undo.disabled()).then_some(())).await;
    undo.click();
    wait_for("the box gone after undo", || {
        query(&app.root, "#state-view .container-box[data-name='web']").is_none().then_some(())
    })
    .await;
    let redo = query(&app.root, "#redo").and_then(|e| e.dyn_into::<HtmlElement>().ok()).unwrap();
    redo.click();
    wait_for("the box back after redo", || query(&app.root, "#state-view .container-box[data-name='web']")).await;
}
