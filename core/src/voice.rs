//! Everything core says in the site's own voice: Korean sentences for the learner (where this
//! practice terminal stops short of a real one, the `help` guide, the first `sudo`) and for
//! instructors (TOML syntax errors in exercise blocks). Docker, bash and the other programs
//! speak their own English elsewhere; a tidy test keeps Hangul out of every other module of
//! core except the course model.

/// `bash: WHAT: ...`: shell syntax this terminal does not run (`case`, functions, here-documents).
pub(crate) fn unsupported_syntax(what: &str) -> String {
    format!("bash: {what}: 이 연습용 터미널에서는 지원하지 않는 문법입니다")
}

/// What [`unsupported_syntax`] names for a job sent to the background at the prompt.
pub(crate) const BACKGROUND_JOB: &str = "& (백그라운드 실행)";

/// A line whose loops went round more than `limit` times (bash would spin until Ctrl+C).
pub(crate) fn loop_limit(limit: u32) -> String {
    format!(
        "bash: 반복이 {limit}번을 넘어 이 연습용 터미널이 멈췄습니다 (실제 bash라면 Ctrl+C를 누를 때까지 계속 돕니다)"
    )
}

/// `bash` or `sh` typed at the prompt: this terminal has one shell level.
pub(crate) fn nested_shell(arg0: &str) -> String {
    format!("{arg0}: 이 연습용 터미널에서는 셸 안에 새 셸을 열 수 없습니다. 명령을 바로 입력하세요.")
}

/// `sudo -i`, `sudo su`: no root shell here.
pub(crate) const SUDO_ROOT_SHELL: &str =
    "sudo: 이 연습용 터미널에서는 root 셸을 열 수 없습니다. 명령 앞에 sudo 를 붙여 실행하세요.";

/// The first `sudo` of a session: the learner is not root, and a real server would ask for a
/// password here.
pub(crate) const SUDO_FIRST_USE: &str = "whalelab: sudo는 명령을 관리자(root) 권한으로 실행합니다. 이 터미널의 사용자(user)는 root가 아니어서 /var/lib/docker 같은 곳은 sudo를 붙여야 볼 수 있습니다. 실제 서버라면 이때 user의 비밀번호를 묻습니다.";

/// `nano FILE` with its output piped or redirected: the page's editor needs the terminal.
pub(crate) fn editor_without_terminal(editor: &str) -> String {
    format!("{editor}: 이 연습용 터미널에서는 편집기를 파이프나 파일로 연결해 열 수 없습니다.")
}

/// `nano FILE` in a terminal without the page's editor pane (the native `whalelab repl`): write
/// the file with a here-document instead.
pub(crate) fn editor_without_pane(editor: &str, file: &str) -> String {
    format!(
        "{editor}: 이 터미널(whalelab repl)에는 편집기 창이 없습니다. 웹 페이지에서는 편집기가 열립니다.\n\
         여기서는 히어 문서(here-document)로 파일을 쓰세요. 마지막 줄에 EOF만 쓰면 끝납니다:\n\
         \x20 cat > {file} <<'EOF'\n\
         \x20 (파일 내용을 한 줄씩 입력)\n\
         \x20 EOF"
    )
}

/// A docker command the simulator does not perform yet (docker itself would never say this).
pub(crate) fn unsupported_command(command: &str) -> String {
    format!("whalelab: '{command}' 명령은 이 연습용 터미널에서 아직 지원하지 않습니다.")
}

/// `vi`, `nano`, `less` in a container: full-screen programs cannot take this terminal.
pub(crate) fn full_screen(program: &str) -> String {
    format!(
        "{program}: 이 연습용 터미널에서는 전체 화면 프로그램을 열 수 없습니다. 파일은 echo '내용' > 파일 로 쓰고 cat 으로 확인하세요."
    )
}

/// A language one-liner beyond printing text and numbers (`python -c`, `node -e`, ...);
/// `how` is the language's print statement.
pub(crate) fn one_liner_limit(how: &str) -> String {
    format!("whalelab: 이 연습용 터미널은 {how}로 글자와 숫자를 출력하는 한 줄짜리 코드만 실행합니다.")
}

/// What jq has and this terminal's jq leaves out (a builtin, an operator, an option).
pub(crate) fn jq_unsupported(what: &str) -> String {
    format!("whalelab: 이 연습용 터미널의 jq는 `{what}`을(를) 지원하지 않습니다.")
}

/// A jq program that ran too long on one input.
pub(crate) fn jq_budget() -> String {
    "whalelab: jq 프로그램이 너무 오래 돌아 이 연습용 터미널이 멈췄습니다.".to_string()
}

/// Ctrl+C pressed again and again at a process that ignores SIGINT: the terminal is given back.
pub(crate) fn interrupt_ignored(container: &str) -> String {
    format!(
        "whalelab: 컨테이너의 프로세스가 Ctrl+C(SIGINT)를 무시해 계속 실행 중입니다. 실제 터미널이라면 docker는 계속 기다리고, 다른 터미널에서 docker stop {container} 명령으로 멈춥니다.\nwhalelab: 이 연습용 터미널은 하나뿐이라 프롬프트를 돌려드립니다. 컨테이너는 계속 실행 중입니다."
    )
}

/// The guide `help` prints: what this practice terminal understands.
pub(crate) const HELP: &str = "\
whalelab 연습용 터미널 도움말

이 터미널은 Docker가 설치된 Ubuntu 서버(docker-host)의 bash처럼 동작합니다.
모든 것이 브라우저 안에서 흉내 낸 것이라 마음껏 실험해도 괜찮습니다.

Docker
  docker run / ps / images / pull / stop / start / rm / rmi / logs / exec ...
  docker 명령 --help          명령마다 쓸 수 있는 옵션 보기
  sudo systemctl start docker 도커 서비스 시작 (stop, restart, status, enable)
  curl http://localhost:8080  게시한 포트로 컨테이너의 웹 페이지 확인

셸 문법
  명령1 ; 명령2               차례로 실행
  명령1 && 명령2              앞 명령이 성공하면 다음 명령 실행 (|| 는 실패하면)
  명령1 | 명령2               앞 명령의 출력을 다음 명령의 입력으로
  $(명령)                     명령의 출력을 인자로 사용 (예: docker rm $(docker ps -aq))
  > 파일, >> 파일             출력을 파일에 저장 / 덧붙이기 (2>/dev/null 은 오류 숨기기)
  이름=값, export, $이름      변수 만들기와 사용
  for 이름 in 값들; do 명령; done    값마다 반복 (while, until, if, { } 도 씁니다)
  sudo 명령, sudo !!          관리자 권한으로 실행 (!! 는 바로 앞 명령)

파일과 시스템 명령
  ls cd pwd cat echo mkdir touch rm cp mv
  grep head tail wc sort uniq awk cut tr xargs tee jq
  date sleep whoami hostname history clear type which env

단축키
  Tab       명령, 옵션, 컨테이너·이미지 이름 자동 완성
  ↑ / ↓     이전에 입력한 명령 다시 불러오기
  Ctrl+C    실행 중인 명령 중단 (포그라운드 컨테이너 정지)
  Ctrl+L    화면 지우기 (clear 와 같음)
";

/// TOML syntax errors, as instructors read them for exercise blocks and front matter.
pub(crate) mod toml {
    pub(crate) const ARRAY_HEADER_UNCLOSED: &str = "`[[` 머리글이 `]]`로 닫히지 않았습니다.";
    pub(crate) const TABLE_HEADER_UNCLOSED: &str = "`[` 머리글이 `]`로 닫히지 않았습니다.";
    pub(crate) const EQUALS_EXPECTED: &str = "키 다음에 `=`가 있어야 합니다.";
    pub(crate) const NO_TABLE_FOR_KEY: &str = "이 키를 넣을 표를 찾을 수 없습니다.";
    pub(crate) const CONTROL_IN_COMMENT: &str = "주석 안에 제어 문자가 있습니다.";
    pub(crate) const TRAILING_TEXT: &str =
        "한 줄에는 `키 = 값` 하나만 쓸 수 있습니다. 값 뒤에 알 수 없는 글자가 있습니다.";
    pub(crate) const MULTILINE_KEY: &str = "키에는 여러 줄 문자열을 쓸 수 없습니다.";
    pub(crate) const KEY_EXPECTED: &str = "키가 있어야 할 자리입니다.";
    pub(crate) const TOO_DEEP: &str = "배열이나 표가 너무 깊게 겹쳐 있습니다.";
    pub(crate) const VALUE_EXPECTED: &str = "`=` 다음에 값이 있어야 합니다.";
    pub(crate) const VALUE_UNREADABLE: &str = "값을 읽을 수 없습니다. 문자열은 따옴표로 감싸야 합니다.";
    pub(crate) const ARRAY_UNCLOSED: &str = "배열이 `]`로 닫히지 않았습니다.";
    pub(crate) const ARRAY_COMMA: &str = "배열의 값 사이에는 쉼표(`,`)가 있어야 합니다.";
    pub(crate) const INLINE_TABLE_UNCLOSED: &str = "인라인 표 `{ … }`는 한 줄 안에서 `}`로 닫아야 합니다.";
    pub(crate) const INLINE_TABLE_COMMA: &str = "인라인 표의 항목 사이에는 쉼표(`,`)가 있어야 합니다.";
    pub(crate) const BASIC_STRING_UNCLOSED: &str = "문자열이 닫히지 않았습니다. 같은 줄에서 `\"`로 닫아야 합니다.";
    pub(crate) const LITERAL_STRING_UNCLOSED: &str = "문자열이 닫히지 않았습니다. 같은 줄에서 `'`로 닫아야 합니다.";
    pub(crate) const CONTROL_IN_STRING: &str = "문자열 안에 제어 문자가 있습니다.";
    pub(crate) const BAD_UNICODE_ESCAPE: &str = "`\\u` 다음에는 올바른 16진수 문자 코드가 있어야 합니다.";
    pub(crate) const UNKNOWN_ESCAPE: &str = "알 수 없는 이스케이프입니다. 역슬래시 자체는 `\\\\`로 씁니다.";
    pub(crate) const MULTILINE_BASIC_UNCLOSED: &str = "여러 줄 문자열이 `\"\"\"`로 닫히지 않았습니다.";
    pub(crate) const MULTILINE_LITERAL_UNCLOSED: &str = "여러 줄 문자열이 `'''`로 닫히지 않았습니다.";
    pub(crate) const DATE_TIME: &str = "날짜와 시간 값은 지원하지 않습니다. 따옴표로 감싼 문자열로 쓰세요.";

    /// `[a.b]` where `a` holds a plain value.
    pub(crate) fn not_a_table(key: &str) -> String {
        format!("`{key}`는 표가 아니어서 그 아래에 표를 만들 수 없습니다.")
    }

    /// `[[key]]` after `key = [...]`.
    pub(crate) fn inline_array_fixed(key: &str) -> String {
        format!("`{key}`는 이미 배열 값으로 정해져 있어 `[[{key}]]`로 늘릴 수 없습니다.")
    }

    /// `[key.x]` after `key = [...]`.
    pub(crate) fn array_value_below(key: &str) -> String {
        format!("`{key}`는 배열 값이어서 그 아래에 표를 만들 수 없습니다.")
    }

    /// `[[key]]` after `[key]`.
    pub(crate) fn table_not_array(key: &str) -> String {
        format!("`{key}`는 이미 표로 정해져 있어 `[[{key}]]`로 쓸 수 없습니다.")
    }

    /// `[key]` after `key = { ... }`.
    pub(crate) fn inline_table_fixed(key: &str) -> String {
        format!("`{key}`는 인라인 표로 이미 정해져 있습니다.")
    }

    /// The same `[table]` header twice.
    pub(crate) fn duplicate_table(keys: &str) -> String {
        format!("같은 표 `[{keys}]`가 두 번 나옵니다.")
    }

    /// `[key]` where `key` holds a value.
    pub(crate) fn value_not_table(key: &str) -> String {
        format!("`{key}`는 이미 값이 있는 키여서 표로 쓸 수 없습니다.")
    }

    /// The same key twice in one table.
    pub(crate) fn duplicate_key(keys: &str) -> String {
        format!("같은 키가 두 번 나옵니다: `{keys}`")
    }

    /// `key.x = ...` where `key` holds a value.
    pub(crate) fn value_not_dotted(key: &str) -> String {
        format!("`{key}`는 이미 정해진 값이어서 점 키로 늘릴 수 없습니다.")
    }

    /// A bare word where a value goes.
    pub(crate) fn bad_value(raw: &str) -> String {
        format!("`{raw}`은(는) 올바른 값이 아닙니다. 문자열은 따옴표로 감싸야 합니다.")
    }
}

/// After docker's own error for an image the practice registry lacks: the limit is the
/// simulator's, not the learner's command, and `docker search` shows what there is.
pub(crate) fn not_in_catalogue(image: &str) -> String {
    format!(
        "연습용 레지스트리에는 `{image}` 이미지가 없습니다. 명령이 틀린 것이 아니라 이 연습장에 준비되지 않은 이미지일 수 있습니다. `docker search`로 쓸 수 있는 이미지를 찾아보세요."
    )
}

/// After bash's `docker-compose: command not found`: Compose v1's spelling; docker-ce 28
/// installs Compose v2 as a docker plugin.
pub(crate) const COMPOSE_V1: &str = "`docker-compose`는 예전 Compose v1의 명령 이름입니다. 지금 Docker에 함께 설치되는 Compose v2는 docker의 플러그인이어서 `docker compose`처럼 띄어 씁니다. 예: `docker compose up -d`";
