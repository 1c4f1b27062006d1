//! Random compose files, valid and broken, through the whole `docker compose` path: the YAML
//! reader, loading, and `config`, `up -d`, `ps`, `logs`, `down -v` on a session. Whatever the
//! file says, nothing panics (a panic aborts the test binary) and the output stays bounded.

use proptest::prelude::*;
use whalelab_core::{Session, SessionConfig};

/// One line of a compose file: keys, values and mistakes compose files are made of.
fn line() -> impl Strategy<Value = String> {
    let indent = prop::sample::select(vec!["", "  ", "    ", "      ", "   ", "\t", "        "]);
    let key = prop::sample::select(vec![
        "services:",
        "web:",
        "db:",
        "image: busybox",
        "image: nginx",
        "image: nosuch",
        "build: .",
        "command: [\"sleep\", \"600\"]",
        "command: echo \"hi",
        "ports:",
        "- \"8080:80\"",
        "- 80",
        "- abc",
        "volumes:",
        "- data:/data",
        "- ./html:/usr/share/nginx/html",
        "- /anon",
        "depends_on:",
        "- db",
        "- web",
        "condition: service_healthy",
        "environment:",
        "- A=${A:-x}",
        "B: ${B:?need B}",
        "C: $$D",
        "healthcheck:",
        "test: [\"CMD\", \"true\"]",
        "interval: 1s",
        "retries: x",
        "networks:",
        "- front",
        "front:",
        "data:",
        "data: {}",
        "x-base: &b",
        "<<: *b",
        "*nope",
        "version: \"3\"",
        "name: Mixed Case",
        "foo: bar",
        "[",
        "{a: [b, {c: d}]}",
        "'x",
        "| ",
        "> ",
        "---",
        "...",
        "? k",
        ": v",
        "restart: always",
        "container_name: fixed",
        "env_file: .env",
        "scale: 3",
        "tty: yes",
        "expose: [\"90\"]",
        "entrypoint: [\"sh\", \"-c\"]",
    ]);
    (indent, key).prop_map(|(i, k)| format!("{i}{k}"))
}

fn file() -> impl Strategy<Value = String> {
    prop_oneof![
        // Mostly sensible files with a twist.
        3 => prop::collection::vec(line(), 1..14).prop_map(|lines| {
            let mut s = String::from("services:\n  web:\n    image: busybox\n    command: [\"sleep\", \"600\"]\n");
            for l in lines {
                s.push_str(&l);
                s.push('\n');
            }
            s
        }),
        // Anything at all.
        1 => prop::collection::vec(line(), 0..20).prop_map(|lines| lines.join("\n")),
        1 => "[ -~\t\n]{0,200}",
    ]
}

/// printf's format for a text: `%` and `\` escaped, newlines as `\n`, quotes closed around `'`.
fn printf_arg(text: &str) -> String {
    let mut s = String::from("'");
    for c in text.chars() {
        match c {
            '\'' => s.push_str("'\\''"),
            '\\' => s.push_str("\\\\"),
            '%' => s.push_str("%%"),
            '\n' => s.push_str("\\n"),
            '\t' => s.push_str("\\t"),
            c => s.push(c),
        }
    }
    s.push('\'');
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn any_compose_file_gives_bounded_output(text in file()) {
        let config = SessionConfig::default();
        let mut s = Session::new(config);
        let mut t = config.start_time;
        for line in [
            "mkdir p && cd p".to_string(),
            format!("printf {} > compose.yaml", printf_arg(&text)),
            "docker compose config".to_string(),
            "docker compose up -d".to_string(),
            "docker compose ps -a".to_string(),
            "docker compose logs".to_string(),
            "docker compose up -d".to_string(),
            "docker compose down -v".to_string(),
        ] {
            t += 1_000;
            let out = s.run_line(&line, t);
            prop_assert!(out.lines.len() < 5_000, "{line}: {} lines", out.lines.len());
            prop_assert!(out.lines.iter().all(|l| l.text.len() < 20_000), "{line}: a line too long");
            if s.is_held() {
                s.key(whalelab_core::session::Key::CtrlC, t + 500);
            }
        }
    }
}
