//! The one shell, driven with random scripts from all three doors into it: the learner's
//! prompt, `docker exec CONTAINER sh -c SCRIPT`, and a container's main process
//! (`docker run IMAGE sh -c SCRIPT`). Whatever the script, nothing panics, every line returns,
//! and output stays bounded (terminal lines and the container's log alike).

use proptest::prelude::*;
use whalelab_core::{Session, SessionConfig};

/// Shell-ish pieces: reserved words, operators, quotes, expansions, builtins, background jobs,
/// redirections and the odd unfinished construct.
const PIECES: &[&str] = &[
    "for", "i", "in", "do", "done", "while", "until", "true", "false", "if", "then", "elif", "else", "fi", "{", "}",
    "(", ")", ";", "\n", "&&", "||", "&", "|", "echo", "printf", "%5d", "$i", "$(", "`", "\"", "\\", "$((", "1+", "))",
    "sleep", "1", "infinity", "break", "continue", "exit", "read", "x", "wait", "[", "]", "-eq", "test", "seq", "3",
    "#", "2>&1", ">", "/tmp/f", "cat", "tail", "-f", "case", "esac", ";;", "yes", "sh", "-c", "cd", "/nope", "$x",
    "x=1",
];

/// Most terminal lines one line of input may print, and most log lines one container keeps.
const MAX_LINES: usize = 25_000;
/// Most text one line of input may print.
const MAX_BYTES: usize = 5 << 20;

/// The script as one single-quoted shell word.
fn quoted(script: &str) -> String {
    format!("'{}'", script.replace('\'', "'\\''"))
}

fn script() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 1..20).prop_map(|p| p.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_script_from_any_door_returns_bounded_output(s in script()) {
        let config = SessionConfig::default();
        let mut now = config.start_time;
        let mut session = whalelab_tests::session(config);
        let run = |session: &mut Session, line: &str, now: &mut u64| {
            *now += 1_000;
            let t = session.run_line(line, *now);
            let bytes: usize = t.lines.iter().map(|l| l.text.len()).sum();
            prop_assert!(t.lines.len() <= MAX_LINES, "{line:?} printed {} lines", t.lines.len());
            prop_assert!(bytes <= MAX_BYTES, "{line:?} printed {bytes} bytes");
            Ok(t)
        };
        run(&mut session, "docker run -d --name box busybox sleep infinity", &mut now)?;
        // The prompt (an unfinished script leaves the prompt waiting: Ctrl+C ends it).
        run(&mut session, &s, &mut now)?;
        session.key(whalelab_core::session::Key::CtrlC, now);
        run(&mut session, &format!("docker exec box sh -c {}", quoted(&s)), &mut now)?;
        run(&mut session, &format!("docker run -d --name main busybox sh -c {}", quoted(&s)), &mut now)?;
        run(&mut session, "sleep 5", &mut now)?;
        let logs = run(&mut session, "docker logs main", &mut now)?;
        prop_assert!(logs.lines.len() <= 2_100, "a main process's log is bounded: {}", logs.lines.len());
        run(&mut session, &format!("docker run --rm -i debian bash -c {}", quoted(&s)), &mut now)?;
        session.key(whalelab_core::session::Key::CtrlC, now);
    }
}
