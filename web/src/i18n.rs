//! Every string the site says in its own voice, in Korean, in one module.
//!
//! Keeping them together lets a second language be added later by swapping this module
//! (issue #5). Docker's own output never passes through here: terminal text comes from core,
//! in English, byte for byte. No logic beyond formatting belongs here.

use whalelab_core::diagram::{Change, Changes};
use whalelab_core::event::{Action, ObjectKind};
use whalelab_core::session::Key;
use whalelab_core::snapshot::ContainerStatus;

/// The site's name in the header.
pub const SITE_TITLE: &str = "whalelab";
/// The line under the site's name.
pub const SITE_TAGLINE: &str = "브라우저에서 배우는 Docker";
/// What the site is, for search engines and link previews (the pages' description).
pub const SITE_DESCRIPTION: &str = "설치 없이 브라우저에서 Docker 명령을 직접 실행하며 배우는 한국어 코스";
/// The site's name when installed as an app (the web app manifest).
pub const APP_NAME: &str = "whalelab — 브라우저에서 배우는 Docker";
/// The short name under an installed app's icon.
pub const APP_SHORT_NAME: &str = "whalelab";

/// The document's title: a page's own name before the site's, or the site alone.
pub fn page_title(page: Option<&str>) -> String {
    match page {
        Some(page) => format!("{page} — {SITE_TITLE}"),
        None => format!("{SITE_TITLE} — {SITE_TAGLINE}"),
    }
}

/// The terminal's place while the engine loads (a page rendered ahead of time).
pub const BOOT_TITLE: &str = "터미널을 준비하는 중입니다…";
/// Under it: the lesson can be read meanwhile.
pub const BOOT_HINT: &str =
    "Docker 엔진을 내려받고 있습니다. 그동안 왼쪽 레슨을 읽을 수 있고, ▶ 실행을 누르면 준비되는 대로 실행합니다.";
/// Accessible name of the download's progress bar.
pub const BOOT_PROGRESS_LABEL: &str = "터미널 내려받기 진행률";
/// Commands clicked while loading; `{n}` is replaced by their number (by the page's script).
pub const BOOT_QUEUED: &str = "실행을 기다리는 명령 {n}개: 터미널이 준비되면 차례로 실행합니다.";
/// The engine could not be loaded.
pub const BOOT_FAILED: &str =
    "터미널을 불러오지 못했습니다. 네트워크를 확인하고 새로 고침해 주세요. 레슨은 그대로 읽을 수 있습니다.";
/// Without JavaScript: the lesson still reads, the terminal cannot run.
pub const BOOT_NO_SCRIPT: &str =
    "JavaScript가 꺼져 있어 터미널을 실행할 수 없습니다. 레슨과 레슨 사이의 링크는 그대로 쓸 수 있습니다.";

/// A line needs what the first download left out: the second wasm is on its way.
pub const FULL_ENGINE_TITLE: &str = "이 명령에 필요한 도구(docker build · compose · jq)를 불러오는 중입니다…";
/// Under it.
pub const FULL_ENGINE_HINT: &str =
    "처음 한 번만 내려받습니다. 지금까지의 실습 환경과 터미널 기록은 그대로 이어지고, 명령은 준비되는 대로 실행됩니다.";
/// Accessible name of its progress bar.
pub const FULL_ENGINE_PROGRESS_LABEL: &str = "도구 내려받기 진행률";
/// It could not be loaded.
pub const FULL_ENGINE_FAILED: &str =
    "docker build · compose · jq가 든 엔진을 불러오지 못했습니다. 실습 환경은 그대로입니다. \
     네트워크를 확인하고 Enter를 눌러 다시 실행해 보세요.";

/// Accessible name of the lesson pane.
pub const LESSON_PANE_LABEL: &str = "레슨";
/// Accessible name of the practice pane (terminal and state view).
pub const PRACTICE_PANE_LABEL: &str = "실습";
/// Shown while the lesson is being fetched.
pub const LESSON_LOADING: &str = "레슨을 불러오는 중입니다…";
/// Heading of the message shown when the lesson cannot be shown.
pub const LESSON_FAILED_TITLE: &str = "레슨을 불러오지 못했습니다";
/// Advice under that heading.
pub const LESSON_FAILED_HINT: &str =
    "터미널은 그대로 쓸 수 있습니다. 레슨 파일(content/)이 사이트와 함께 배포되었는지 확인해 주세요.";
/// SUMMARY.md was read but links to no lesson file.
pub const SUMMARY_HAS_NO_LESSON: &str = "content/SUMMARY.md에 레슨(.md) 링크가 없습니다.";

/// A file could not be fetched: which file and why.
pub fn file_failed(url: &str, reason: &str) -> String {
    format!("{url} 파일을 불러오지 못했습니다: {reason}")
}

/// The request never got an answer.
pub fn fetch_network_error(detail: &str) -> String {
    format!("네트워크 오류 ({detail})")
}

/// The server answered with an error status.
pub fn fetch_status_error(status: u16) -> String {
    match status {
        404 => "파일이 없습니다 (HTTP 404)".to_string(),
        _ => format!("서버가 HTTP {status} 상태로 응답했습니다"),
    }
}

/// The lesson file cannot be shown (core's located reasons follow on their own lines).
pub fn lesson_unreadable(path: &str) -> String {
    format!("{path} 레슨 파일을 읽을 수 없습니다.")
}

/// The label on an exercise box.
pub const EXERCISE_LABEL: &str = "연습 문제";
/// Heading of an exercise's goal list.
pub const GOALS_TITLE: &str = "목표";
/// Accessible text of a met goal's mark.
pub const GOAL_MET: &str = "달성";
/// Accessible text of an unmet goal's mark.
pub const GOAL_UNMET: &str = "아직";
/// The hints toggle.
pub const HINTS_TITLE: &str = "힌트";
/// Shown when no hint applies right now.
pub const NO_HINT: &str = "지금은 보여 줄 힌트가 없습니다.";
/// The toggle that shows the model answer's commands.
pub const SHOW_SOLUTION: &str = "정답 보기";
/// Under the solution, once the exercise is started.
pub const SOLUTION_NOTE: &str = "▶ 실행으로 실행할 수 있습니다. 도움받아 푼 것으로 기록됩니다.";
/// Under the solution, before the exercise is started.
pub const SOLUTION_NOT_STARTED: &str = "문제를 시작하면 여기서 정답 명령을 실행할 수 있습니다.";
/// The button that starts an exercise.
pub const START_EXERCISE: &str = "이 문제 시작하기";
/// The same button once it is started.
pub const RESTART_EXERCISE: &str = "처음부터 다시";
/// Tooltip of that button.
pub const START_EXERCISE_TITLE: &str = "실습 환경을 이 문제의 출발점으로 바꿉니다. 되돌리기로 돌아갈 수 있습니다.";
/// While an exercise is started and not solved yet.
pub const EXERCISE_IN_PROGRESS: &str = "진행 중입니다. 터미널에서 명령을 입력해 목표를 이뤄 보세요.";
/// Under the completion moment when help was used.
pub const SOLVED_HELP_NOTE: &str = "정답이나 ▶ 버튼의 도움을 받아 풀었습니다.";
/// The button to the next exercise (or the next lesson).
pub const NEXT_EXERCISE: &str = "다음 연습 문제";
/// The heading of the completion moment.
pub const SOLVED_TITLE: &str = "🎉 해결했습니다!";
/// A badge on exercises already solved.
pub const SOLVED_BEFORE: &str = "푼 문제";
/// A badge on exercises solved with help.
pub const SOLVED_WITH_HELP: &str = "도움받아 푼 문제";

/// Progress in the header: solved out of the course's total, once it is known.
pub fn progress(solved: usize, total: Option<usize>) -> String {
    match total {
        Some(total) => format!("푼 연습 문제 {solved} / {total}"),
        None => format!("푼 연습 문제 {solved}개"),
    }
}

/// A lesson in the 목차: its minutes and how many of its exercises are solved.
pub fn lesson_meta(minutes: u32, solved: usize, total: usize) -> String {
    format!("{minutes}분 · 연습 문제 {solved}/{total}")
}
/// Accessible text of a lesson's ✔ in the 목차.
pub const LESSON_DONE: &str = "모든 연습 문제를 풂";
/// The skip link to the lesson.
pub const SKIP_TO_LESSON: &str = "레슨으로 건너뛰기";
/// The skip link to the terminal.
pub const SKIP_TO_TERMINAL: &str = "터미널로 건너뛰기";
/// Accessible name of the previous/next links at a lesson's end.
pub const LESSON_LINKS_LABEL: &str = "레슨 이동";
/// Before the previous lesson's title.
pub const PREVIOUS_LESSON: &str = "← 이전 레슨";
/// Before the next lesson's title.
pub const NEXT_LESSON: &str = "다음 레슨 →";
/// The navigation's toggle.
pub const NAV_TITLE: &str = "목차";
/// Link to the sandbox.
pub const NAV_SANDBOX: &str = "샌드박스";
/// Link to the content check page (for instructors, at the foot of the 목차).
pub const NAV_CHECK: &str = "강사용: 콘텐츠 검사";
/// Shown in the navigation while the outline loads.
pub const NAV_LOADING: &str = "목차를 불러오는 중…";
/// The outline could not be loaded.
pub const NAV_FAILED: &str = "목차를 불러오지 못했습니다.";

/// The route names a lesson the outline does not have.
pub fn lesson_not_in_outline(id: &str) -> String {
    format!("`{id}` 레슨은 목차(content/SUMMARY.md)에 없습니다.")
}
/// Heading of an unknown route.
pub const NOT_FOUND_TITLE: &str = "없는 페이지입니다";
/// Link back to the start.
pub const GO_HOME: &str = "처음으로";

/// The sandbox page's heading.
pub const SANDBOX_TITLE: &str = "샌드박스";
/// The sandbox page's text (where the terminal is follows it).
pub const SANDBOX_INTRO: &str =
    "레슨 없이 자유롭게 연습하는 곳입니다. 어떤 docker 명령이든 입력해 보세요. 아래 공유 링크를 보내면 받는 사람의 브라우저에서 지금까지의 명령이 그대로 다시 실행됩니다.";
/// Where the terminal is when it is beside the lesson.
pub const TERMINAL_BESIDE: &str = "실습 터미널은 오른쪽에 있습니다.";
/// Where the terminal is when it is under the lesson (a phone).
pub const TERMINAL_BELOW: &str = "실습 터미널은 화면 아래쪽에 있습니다. ▶ 실행을 누르면 결과가 거기 나타납니다.";
/// Label of the share link.
pub const SHARE_LINK: &str = "공유 링크";
/// The share link's copy button.
pub const SHARE_COPY: &str = "복사";
/// After copying.
pub const SHARE_COPIED: &str = "복사했습니다";
/// A share link that cannot be read.
pub const SHARE_BROKEN: &str = "공유 링크를 읽을 수 없습니다. 링크가 끝까지 복사되었는지 확인해 주세요.";
/// Before any command ran.
pub const SHARE_EMPTY: &str = "명령을 실행하면 공유 링크가 만들어집니다.";

/// The check page's heading.
pub const CHECK_TITLE: &str = "콘텐츠 검사";
/// What the check page does.
pub const CHECK_INTRO: &str =
    "content/ 폴더의 목차와 레슨을 `whalelab check`와 같은 규칙으로 검사합니다. 연습 문제는 새 실습 환경에서 준비 명령과 정답을 실제로 실행해 확인합니다.";
/// While checking.
pub const CHECK_RUNNING: &str = "검사하는 중…";
/// The check page's built copy read with JavaScript off: the check runs in the browser.
pub const CHECK_NO_SCRIPT: &str =
    "검사는 브라우저에서 실행되므로 JavaScript가 켜져 있어야 합니다. 터미널에서는 `whalelab check content/`로 같은 검사를 할 수 있습니다.";
/// No problems at all.
pub const CHECK_CLEAN: &str = "문제가 없습니다.";

/// Stored data could not be read and was reset.
pub const STORAGE_CORRUPT: &str =
    "저장된 진도나 명령 기록을 읽을 수 없어 새로 시작합니다. (다른 버전에서 저장되었거나 손상된 데이터입니다.)";
/// Closes the notice banner.
pub const DISMISS: &str = "닫기";

/// The button beside each runnable command in a lesson.
pub const RUN_BUTTON: &str = "▶ 실행";
/// Tooltip and accessible description of that button.
pub fn run_button_title(command: &str) -> String {
    let command = command.lines().next().unwrap_or_default();
    format!("터미널에서 실행: {command}")
}

/// Accessible name of the terminal.
pub const TERMINAL_LABEL: &str = "터미널";
/// Accessible name of the terminal's input line.
pub const TERMINAL_INPUT_LABEL: &str = "명령 입력";
/// One-line help under the terminal.
pub const TERMINAL_HELP: &str = "Enter: 실행 · ↑/↓: 이전 명령 · Tab: 자동 완성 · Ctrl+C: 중단 · Ctrl+L: 화면 지우기 · Ctrl+R: 이전 명령 검색 · Ctrl+P Ctrl+Q: 컨테이너에서 빠져나오기 · Esc 다음 Tab: 터미널 밖으로";
/// The machine bar above the terminal: which machine this is.
pub fn machine_label(name: &str, exercise: Option<&str>) -> String {
    match exercise {
        Some(title) => format!("실습 환경: {name} · 진행 중인 연습 문제: {title}"),
        None => format!("실습 환경: {name}"),
    }
}
/// The machine bar's reset button.
pub const RESET_MACHINE: &str = "새 실습 환경";
/// Its tooltip.
pub const RESET_MACHINE_TITLE: &str = "컨테이너도 이미지도 없는 처음 상태로 바꿉니다. 되돌리기로 돌아갈 수 있습니다.";
/// Accessible name of the offer shown when a ▶ meets a container holding the terminal.
pub const OFFER_LABEL: &str = "호스트로 돌아가기";
/// The offer's text.
pub fn offer_text(command: &str) -> String {
    // A here-document is named by its first line (`cat > Dockerfile <<'EOF'`).
    let command = command.lines().next().unwrap_or_default();
    format!("지금은 컨테이너가 터미널을 쓰고 있어 `{command}` 명령이 컨테이너로 갑니다. 호스트로 돌아간 뒤 실행할까요?")
}
/// The offer's yes.
pub const OFFER_RETURN: &str = "호스트로 돌아가서 실행";
/// The offer's no.
pub const OFFER_CANCEL: &str = "취소";
/// The phone sheet's switcher.
pub const SHEET_LABEL: &str = "실습 창";
/// The phone sheet's grow button.
pub const SHEET_LARGER: &str = "크게 ▲";
/// The phone sheet's shrink button.
pub const SHEET_SMALLER: &str = "작게 ▼";

/// Heading of the state view's containers.
pub const STATE_VIEW_TITLE: &str = "컨테이너";

/// A heading of the list tab with its count (`이미지 (2)`).
pub fn list_heading(what: &str, count: usize) -> String {
    format!("{what} ({count})")
}
/// Shown in the state view when there are no containers.
pub const STATE_VIEW_EMPTY: &str = "아직 컨테이너가 없습니다. 터미널에서 docker run 명령으로 만들어 보세요.";
/// Shown when the simulated daemon is stopped.
pub const DAEMON_STOPPED: &str = "Docker 데몬이 멈춰 있습니다.";
/// Label of a container's image in its box.
pub const IMAGE_LABEL: &str = "이미지";
/// Label of a container's published ports in its box.
pub const PORTS_LABEL: &str = "포트";
/// Label of a container's state in its box.
pub const STATE_LABEL: &str = "상태";

/// The Korean name of a container state; the view shows docker's English name beside it.
pub fn state_label(status: ContainerStatus) -> &'static str {
    match status {
        ContainerStatus::Created => "생성됨",
        ContainerStatus::Running => "실행 중",
        ContainerStatus::Paused => "일시 정지됨",
        ContainerStatus::Restarting => "재시작 중",
        ContainerStatus::Exited => "정지됨",
        ContainerStatus::Dead => "제거 실패",
        ContainerStatus::Removed => "삭제됨",
    }
}

/// The crash banner's message (see `platform::install_panic_hook`).
pub const CRASH_MESSAGE: &str = "문제가 생겨 페이지가 멈췄습니다. 다시 시작하면 처음 상태로 돌아갑니다.";
/// The crash banner's button.
pub const CRASH_RESTART: &str = "다시 시작";

/// Undo button.
pub const UNDO: &str = "↶ 되돌리기";
/// Tooltip of the undo button.
pub const UNDO_TITLE: &str = "마지막 명령 전의 상태로 되돌립니다";
/// Redo button.
pub const REDO: &str = "↷ 다시 하기";
/// Tooltip of the redo button.
pub const REDO_TITLE: &str = "되돌린 명령의 결과를 다시 적용합니다";

// ---- Site features (preview, terminal extras, theme, splitter, export, goal view) ----

/// Accessible name and heading of the browser preview.
pub const PREVIEW_TITLE: &str = "브라우저 미리보기";
/// Accessible name of the preview's address bar.
pub const PREVIEW_ADDRESS_LABEL: &str = "주소";
/// The reload button's tooltip.
pub const PREVIEW_RELOAD: &str = "새로고침";
/// Accessible name of the preview frame.
pub const PREVIEW_FRAME_LABEL: &str = "미리보기 화면";
/// Heading of the browser's error page (Chrome's wording).
pub const PREVIEW_UNREACHABLE: &str = "사이트에 연결할 수 없음";
/// Chrome's heading when `https://` meets a plain HTTP server.
pub const PREVIEW_NO_SECURE: &str = "이 사이트는 보안 연결을 제공할 수 없습니다";
/// Heading of the error page for an address that cannot be opened.
pub const PREVIEW_BAD_ADDRESS: &str = "주소가 올바르지 않습니다";
/// A hint under the error page's reason.
pub const PREVIEW_TRY: &str = "다음 방법을 시도해 보세요.";
/// Advice on the refused page: this is a lesson, so say what usually fixes it.
pub const PREVIEW_REFUSED_ADVICE: &str =
    "컨테이너가 실행 중인지, 포트를 -p 옵션으로 공개했는지 확인해 보세요 (docker ps).";

/// The reason line of the browser's error page for each failure.
pub fn preview_reason(code: &str, host: &str) -> String {
    match code {
        "ERR_CONNECTION_REFUSED" => format!("{host}에서 연결을 거부했습니다."),
        "ERR_CONNECTION_RESET" => "연결이 재설정되었습니다.".to_string(),
        "ERR_CONNECTION_TIMED_OUT" => format!("{host}에서 응답하는 데 시간이 너무 오래 걸립니다."),
        "ERR_NAME_NOT_RESOLVED" => format!("{host}의 서버 IP 주소를 찾을 수 없습니다."),
        "ERR_SSL_PROTOCOL_ERROR" => format!("{host}에서 잘못된 응답을 전송했습니다."),
        _ => "이 주소는 미리보기에서 열 수 없습니다. http://localhost:포트/ 형식으로 입력해 보세요.".to_string(),
    }
}

/// Accessible name of the touch key row.
pub const TOUCH_KEYS_LABEL: &str = "터치 키";
/// Touch key: Ctrl+C's label.
pub const TOUCH_CTRL_C: &str = "Ctrl+C";
/// Touch key tooltips and accessible names: the visible label first (WCAG's label in name).
pub const TOUCH_TAB_TITLE: &str = "Tab (자동 완성)";
/// Touch key tooltip for ↑.
pub const TOUCH_UP_TITLE: &str = "↑ (이전 명령)";
/// Touch key tooltip for ↓.
pub const TOUCH_DOWN_TITLE: &str = "↓ (다음 명령)";
/// Touch key tooltip for Ctrl+C.
pub const TOUCH_CTRL_C_TITLE: &str = "Ctrl+C (중단)";
/// Touch key: `-`.
pub const TOUCH_DASH_TITLE: &str = "- (빼기 기호)";
/// Touch key: `:`.
pub const TOUCH_COLON_TITLE: &str = ": (쌍점)";
/// Touch key: `/`.
pub const TOUCH_SLASH_TITLE: &str = "/ (빗금)";
/// Touch key: `|`.
pub const TOUCH_PIPE_TITLE: &str = "| (파이프)";
/// Touch key: Escape.
pub const TOUCH_ESC_TITLE: &str = "Esc";
/// Touch key: Ctrl+P Ctrl+Q's label.
pub const TOUCH_DETACH: &str = "Ctrl+P Ctrl+Q";
/// Touch key: Ctrl+P Ctrl+Q.
pub const TOUCH_DETACH_TITLE: &str = "Ctrl+P Ctrl+Q (컨테이너에서 빠져나오기)";

/// The theme toggle while the dark theme is on.
pub const THEME_TO_LIGHT: &str = "☀ 밝은 테마";
/// The theme toggle while the light theme is on.
pub const THEME_TO_DARK: &str = "☾ 어두운 테마";

/// Accessible name of the pane splitter.
pub const SPLITTER_LABEL: &str = "레슨과 실습 창 너비 조절 (←/→)";

/// Export button.
pub const EXPORT_PROGRESS: &str = "진행 상황 내보내기";
/// Export button tooltip.
pub const EXPORT_PROGRESS_TITLE: &str = "푼 연습 문제, 명령 기록, 지금 레슨을 JSON 파일로 저장합니다";
/// Import button.
pub const IMPORT_PROGRESS: &str = "가져오기";
/// Import button tooltip.
pub const IMPORT_PROGRESS_TITLE: &str = "내보낸 진행 상황 파일을 불러옵니다";
/// The imported file is not a progress file.
pub const IMPORT_INVALID: &str =
    "진행 상황 파일이 아니거나 손상된 파일이라 가져오지 않았습니다. 지금 진행 상황은 그대로입니다.";
/// The import worked.
pub fn import_done(solved: usize, history: usize) -> String {
    format!("진행 상황을 가져왔습니다: 푼 연습 문제 {solved}개, 명령 기록 {history}개.")
}

/// Goal-vs-current view: heading.
pub const GV_TITLE: &str = "목표와 지금 상태";
/// Column: the object.
pub const GV_OBJECT: &str = "대상";
/// Column: what the goal wants.
pub const GV_WANT: &str = "목표";
/// Column: what the machine has.
pub const GV_HAVE: &str = "지금";
/// Object word: container.
pub const GV_CONTAINER: &str = "컨테이너";
/// Object word: image.
pub const GV_IMAGE: &str = "이미지";
/// Object word: volume.
pub const GV_VOLUME: &str = "볼륨";
/// Object word: network.
pub const GV_NETWORK: &str = "네트워크";
/// Object: the daemon.
pub const GV_DAEMON: &str = "도커 엔진";
/// Object: the number of containers.
pub const GV_CONTAINER_COUNT: &str = "컨테이너 수";
/// Object: the number of images.
pub const GV_IMAGE_COUNT: &str = "이미지 수";
/// Exists.
pub const GV_PRESENT: &str = "있음";
/// Does not exist.
pub const GV_ABSENT: &str = "없음";
/// No ports and the like.
pub const GV_NONE: &str = "없음";
/// Ports label.
pub const GV_PORTS: &str = "포트";
/// Exit code label.
pub const GV_EXIT_CODE: &str = "종료 코드";
/// A response must contain some text.
pub const GV_CONTAINS: &str = "포함:";
/// A command's output as expected.
pub const GV_EXPECTED_OUTPUT: &str = "기대한 출력";
/// The output matches.
pub const GV_MATCHES: &str = "일치";
/// Not yet the case.
pub const GV_NOT_YET: &str = "아직 아님";
/// An image `docker build` made.
pub const GV_BUILT: &str = "docker build로 만듦";
/// An image pulled or tagged, not built.
pub const GV_NOT_BUILT: &str = "빌드한 이미지 아님";
/// Object word: the practice Docker Hub.
pub const GV_HUB: &str = "Docker Hub";
/// Goal view: a compose project.
pub const GV_PROJECT: &str = "프로젝트";

// ----- The diagram pane (components/diagram) -----

/// Accessible name of the diagram pane and its tab list.
pub const DIAGRAM_PANE_LABEL: &str = "상태 그림";
/// The tab with the lifecycle state machine.
pub const DIAGRAM_TAB_MACHINE: &str = "상태 다이어그램";
/// The tab with the object graph.
pub const DIAGRAM_TAB_GRAPH: &str = "객체 그래프";
/// The tab with the plain container list.
pub const DIAGRAM_TAB_LIST: &str = "목록";
/// Accessible name of the state machine's SVG (the caption beside it reads out the changes).
pub const DIAGRAM_MACHINE_LABEL: &str = "컨테이너 생명 주기 다이어그램: 각 컨테이너가 지금 상태 칸에 놓여 있습니다";
/// Accessible name of the object graph's SVG.
pub const DIAGRAM_GRAPH_LABEL: &str =
    "객체 그래프: 이미지와 호스트 포트에서 컨테이너로, 컨테이너에서 볼륨과 네트워크로 이어집니다";
/// Section heading of the graph's images.
pub const GRAPH_IMAGES: &str = "이미지";
/// Section heading of the graph's published host ports.
pub const GRAPH_PORTS: &str = "호스트 포트";
/// Section heading of the graph's containers.
pub const GRAPH_CONTAINERS: &str = "컨테이너";
/// Section heading of the graph's volumes and bind-mounted host paths.
pub const GRAPH_VOLUMES: &str = "볼륨";
/// Section heading of the graph's networks.
pub const GRAPH_NETWORKS: &str = "네트워크";
/// The object graph: a compose project's frame label (`프로젝트 shop`).
pub const GRAPH_PROJECT: &str = "프로젝트";

/// The diagram's caption and screen-reader text: one line per change the last command made,
/// containers as their path in docker's words with the Korean ones after
/// (`web: running → exited (실행 중 → 정지됨)`), other objects in a short Korean sentence,
/// and "외 N건" for what did not fit.
pub fn caption_lines(changes: &Changes) -> Vec<String> {
    let mut lines: Vec<String> = changes.items.iter().map(change_line).collect();
    if changes.more > 0 {
        lines.push(format!("외 {}건", changes.more));
    }
    lines
}

fn change_line(change: &Change) -> String {
    match change {
        Change::Container { name, states } => {
            let docker: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
            let korean: Vec<&str> = states.iter().map(|s| state_label(*s)).collect();
            format!("{name}: {} ({})", docker.join(" → "), korean.join(" → "))
        }
        Change::Object { kind, action, name } => {
            let (what, done) = match (kind, action) {
                (ObjectKind::Image, Action::Pull) => ("이미지", " 내려받음"),
                (ObjectKind::Image, Action::Tag) => ("이미지 태그", " 추가됨"),
                (ObjectKind::Image, Action::Untag) => ("이미지 태그", " 제거됨"),
                (ObjectKind::Volume, Action::Create) => ("볼륨", " 생성됨"),
                (ObjectKind::Volume, Action::Destroy) => ("볼륨", " 삭제됨"),
                (ObjectKind::Network, Action::Create) => ("네트워크", " 생성됨"),
                (ObjectKind::Network, Action::Destroy) => ("네트워크", " 삭제됨"),
                (ObjectKind::Container, Action::Rename) => ("컨테이너 이름", "(으)로 바뀜"),
                (ObjectKind::Daemon, Action::Start) => ("Docker 데몬", " 시작됨"),
                (ObjectKind::Daemon, Action::Stop) => ("Docker 데몬", " 중지됨"),
                _ => ("", action.as_str()),
            };
            if name.is_empty() {
                format!("{what}{done}")
            } else {
                format!("{what} {name}{done}")
            }
        }
    }
}

// ----- Machines, exercises and notes in the terminal (state/) -----

/// The suggestion after docker's unknown-command error.
pub fn did_you_mean(command: &str) -> String {
    format!("혹시 `{command}` 명령을 입력하려던 건가요?")
}

/// How an undo marker names a control key.
pub fn key_label(key: Key) -> String {
    match key {
        Key::CtrlC => "Ctrl+C",
        Key::CtrlD => "Ctrl+D",
        Key::Detach => "Ctrl+P Ctrl+Q",
    }
    .to_string()
}

/// The marker of an undo.
pub fn undone(label: &str) -> String {
    format!("↶ 되돌림: {label}")
}

/// The marker of a redo.
pub fn redone(label: &str) -> String {
    format!("↷ 다시 함: {label}")
}

/// What undo calls an exercise's start.
pub fn start_label(title: &str) -> String {
    format!("연습 문제 시작 ({title})")
}

/// The marker of an exercise's start, with what its setup runs.
pub fn exercise_started(title: &str, setup: &[String]) -> String {
    if setup.is_empty() {
        format!("▶ 연습 문제 시작: {title} — 새 실습 환경을 만들었습니다. 준비 명령은 없습니다.")
    } else {
        format!(
            "▶ 연습 문제 시작: {title} — 새 실습 환경을 만들고 준비 명령 {}개를 실행했습니다: {}",
            setup.len(),
            setup.join(" ; ")
        )
    }
}

/// The marker when an exercise is solved.
pub fn exercise_solved(title: &str, help: bool) -> String {
    if help {
        format!("🎉 연습 문제 해결: {title} (정답이나 ▶ 버튼의 도움을 받았습니다)")
    } else {
        format!("🎉 연습 문제 해결: {title}")
    }
}

/// What undo calls a reset to a fresh machine.
pub const RESET_LABEL: &str = "새 실습 환경";
/// The marker of a reset.
pub const MACHINE_RESET: &str = "새 실습 환경으로 바꿨습니다: 컨테이너도 이미지도 없는 처음 상태입니다.";
/// What undo calls a share link's replay.
pub const SHARE_LABEL: &str = "공유 링크 실행";

/// The marker of a share link's replay.
pub fn share_replayed(commands: usize) -> String {
    format!("공유 링크의 명령 {commands}개를 새 샌드박스에서 실행했습니다.")
}

/// The marker of a machine rebuilt from an earlier visit.
pub fn machine_restored(commands: usize, containers: usize) -> String {
    format!("지난번 실습 환경을 다시 만들었습니다 (명령 {commands}개, 컨테이너 {containers}개).")
}

/// A stored machine could not be read.
pub const MACHINE_CORRUPT: &str =
    "저장된 실습 환경을 읽을 수 없어 새 실습 환경으로 시작합니다. (다른 버전에서 저장되었거나 손상된 데이터입니다.)";
/// The page could not get back to the host prompt for a ▶ command.
pub const STILL_HELD: &str = "호스트 프롬프트로 돌아가지 못했습니다. Ctrl+C를 눌러 보세요.";

// ----- The editor (components/editor) and the files tab (components/files_view) -----

/// The editor's save button.
pub const EDITOR_SAVE: &str = "저장 (Ctrl+S)";
/// The editor's close button.
pub const EDITOR_CLOSE: &str = "닫기 (Esc)";
/// The status while there are unsaved changes.
pub const EDITOR_MODIFIED: &str = "수정됨 (저장 안 함)";
/// The status of a file that does not exist yet.
pub const EDITOR_NEW_FILE: &str = "새 파일";
/// A save of a buffer opened without a file name (`nano` alone).
pub const EDITOR_NO_NAME: &str = "파일 이름이 없습니다. 닫고 nano 파일이름 으로 다시 여세요";
/// The question before unsaved changes are thrown away (nano's "Save modified buffer?").
pub const EDITOR_ASK: &str = "저장하지 않은 내용이 있습니다. 저장하지 않고 닫을까요?";

/// The editor's accessible name.
pub fn editor_label(path: &str) -> String {
    format!("파일 편집기: {path}")
}

/// The editor's name in its bar: the command typed, or the files tab's.
pub fn editor_name(editor: &str) -> &str {
    if editor.is_empty() {
        "편집기"
    } else {
        editor
    }
}

/// After a save (nano's `[ Wrote 3 lines ]`).
pub fn editor_wrote(lines: usize) -> String {
    format!("저장했습니다 ({lines}줄)")
}

/// A save that was refused.
pub fn editor_failed(reason: &str) -> String {
    format!("저장하지 못했습니다: {reason}")
}

/// What undo calls a save.
pub fn save_label(path: &str) -> String {
    format!("파일 저장 {path}")
}

/// The files tab.
pub const DIAGRAM_TAB_FILES: &str = "파일";
/// Up one directory.
pub const FILES_UP: &str = "위로";
/// Back to the shell's directory.
pub const FILES_HERE: &str = "터미널 위치로";
/// Read after a directory's name.
pub const FILES_DIR: &str = " 디렉터리";
/// An empty directory.
pub const FILES_EMPTY: &str = "빈 디렉터리";

/// Whose files the tab shows and where: the host's, or a container's.
pub fn files_where(container: Option<&str>, dir: &str) -> String {
    match container {
        Some(name) => format!("컨테이너 {name}: {dir}"),
        None => format!("호스트: {dir}"),
    }
}

/// A directory that cannot be listed, or a file that cannot be opened.
pub fn files_unreadable(reason: &str) -> String {
    format!("열 수 없습니다: {reason}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;
    use whalelab_core::{Session, SessionConfig};

    fn caption(lines: &[&str]) -> Vec<String> {
        let mut s = Session::with_catalogue(SessionConfig::default(), crate::state::registry::shipped());
        let t0 = SessionConfig::default().start_time;
        let mut events = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            events = s.run_line(line, t0 + i as u64 * 1000).events;
        }
        caption_lines(&whalelab_core::diagram::describe(&events))
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn the_caption_reads_docker_words_then_korean_ones() {
        assert_eq!(
            caption(&["docker run -d --name web httpd", "docker stop web"]),
            ["web: running → exited (실행 중 → 정지됨)"]
        );
        let created = caption(&["docker run -d --name web -v data:/data httpd"]);
        assert!(created.contains(&"web: created → running (생성됨 → 실행 중)".to_string()), "{created:?}");
        assert!(created.contains(&"볼륨 data 생성됨".to_string()), "{created:?}");
        assert!(
            created.contains(&"이미지 httpd 내려받음".to_string()) || created.iter().any(|l| l.starts_with("이미지 ")),
            "{created:?}"
        );
        assert_eq!(caption(&["sudo systemctl stop docker"]).last().map(String::as_str), Some("Docker 데몬 중지됨"));
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn a_long_caption_ends_with_the_count_of_the_rest() {
        let mut lines: Vec<String> = (0..20).map(|i| format!("docker create --name c{i} httpd")).collect();
        lines.push("docker rm $(docker ps -aq)".to_string());
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let text = caption(&refs);
        assert_eq!(text.len(), whalelab_core::diagram::MAX_LINES);
        assert_eq!(text.last().map(String::as_str), Some("외 13건"));
    }
}
