//! The reader against go-yaml v3 as compose v2.36.2 reports it (`docker compose config` on
//! each text, stderr captured), and the writer against compose's canonical output.

use super::emit::quote_if_needed;
use super::*;

fn err(text: &str) -> String {
    match parse(text) {
        Ok(docs) => format!("ok {}", docs.len()),
        Err(p) => p.to_string(),
    }
}

#[test]
fn syntax_errors_are_go_yamls_with_its_line_numbers() {
    let cases = [
        // A key dedented to a column no mapping has: the enclosing mapping's 0-based line.
        (
            "services:\n  web:\n    image: nginx\n   ports:\n      - \"80:80\"\n",
            "yaml: line 1: did not find expected key",
        ),
        (
            "services:\n  web:\n    image: nginx\n    ports:\n    - \"80:80\"\n   - \"81:81\"\n",
            "yaml: line 1: did not find expected key",
        ),
        (
            "services:\n    web:\n      image: nginx\n  db:\n      image: redis\n",
            "yaml: line 3: did not find expected key",
        ),
        ("services:\n  web:\n    image: nginx\n    : x\n", "yaml: line 2: did not find expected key"),
        ("services:\n  web:\n\timage: nginx\n", "yaml: line 3: found character that cannot start any token"),
        ("\tservices:\n", "yaml: found character that cannot start any token"),
        ("services:\n  web:\n    image: \"nginx\n", "yaml: line 3: found unexpected end of stream"),
        ("services:\n  web:\n    image: 'nginx\n    ports: []\n", "yaml: line 3: found unexpected end of stream"),
        (
            "services:\n  web:\n    image nginx\n    ports: []\n",
            "yaml: line 4: mapping values are not allowed in this context",
        ),
        (
            "services:\n  web:\n    image: nginx: latest\n",
            "yaml: line 3: mapping values are not allowed in this context",
        ),
        (
            "services:\n  web:\n    image: nginx\n      ports: []\n",
            "yaml: line 4: mapping values are not allowed in this context",
        ),
        (
            "services:\n  web:\n    image: nginx\n    ports: - 80\n",
            "yaml: line 4: block sequence entries are not allowed in this context",
        ),
        (
            "services:\n  web:\n    image: nginx\n    ports: [\"80:80\"\n",
            "yaml: line 3: did not find expected ',' or ']'",
        ),
        ("services:\n  web: {image: nginx\n", "yaml: line 1: did not find expected ',' or '}'"),
        ("services:\n  web:\n    image: nginx\nfoo\n", "yaml: line 4: could not find expected ':'"),
        ("services:\n  web:\n    image: nginx\n---\n[\n", "yaml: line 5: did not find expected node content"),
        ("services:\n  web:\n    image: *x\n", "yaml: unknown anchor 'x' referenced"),
        ("services:\n  web:\n    image: \"ngi\\qnx\"\n", "yaml: line 3: found unknown escape character"),
        (
            "services:\n  web:\n    image: & nginx\n",
            "yaml: line 3: did not find expected alphabetic or numeric character",
        ),
    ];
    for (text, want) in cases {
        assert_eq!(err(text), want, "{text:?}");
    }
}

#[test]
fn reads_what_compose_files_use() {
    let text = "# shop\nx-env: &env\n  A: \"1\"\nservices:\n  web:\n    image: nginx:1.27\n    ports: [\"8080:80\", 443]\n    environment:\n      <<: *env\n      B: 'it''s'\n    command: >\n      sh -c\n      'echo hi'\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      retries: 3\n      disable: false\n  db:\nvolumes:\n  data: {}\n";
    let mut docs = parse(text).unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &mut docs[0];
    parse::apply_merges(doc).unwrap();
    let web = doc.get("services").and_then(|s| s.get("web")).unwrap();
    assert_eq!((web.line, web.column), (6, 5));
    assert_eq!(web.get("image").and_then(Node::text), Some("nginx:1.27"));
    let ports = web.get("ports").and_then(Node::seq).unwrap();
    assert_eq!(ports[0].scalar(), Some(Scalar::Str("8080:80")));
    assert_eq!(ports[1].scalar(), Some(Scalar::Int(443)));
    let env = web.get("environment").unwrap();
    assert_eq!(env.get("A").and_then(Node::text), Some("1"));
    assert_eq!(env.get("B").and_then(Node::text), Some("it's"));
    assert_eq!(web.get("command").and_then(Node::text), Some("sh -c 'echo hi'\n"));
    let hc = web.get("healthcheck").unwrap();
    assert_eq!(hc.get("retries").and_then(Node::scalar), Some(Scalar::Int(3)));
    assert_eq!(hc.get("disable").and_then(Node::scalar), Some(Scalar::Bool(false)));
    assert!(doc.get("services").and_then(|s| s.get("db")).unwrap().is_null());
    assert_eq!(doc.get("volumes").and_then(|v| v.get("data")).and_then(Node::map).map(<[_]>::len), Some(0));
}

#[test]
fn plain_scalars_resolve_as_go_yaml_v3() {
    for (t, want) in [
        ("80", Scalar::Int(80)),
        ("0x1F", Scalar::Int(31)),
        ("017", Scalar::Int(15)),
        ("1_000", Scalar::Int(1000)),
        ("1.5", Scalar::Float(1.5)),
        ("yes", Scalar::Str("yes")),
        ("no", Scalar::Str("no")),
        ("True", Scalar::Bool(true)),
        ("~", Scalar::Null),
        ("8080:80", Scalar::Str("8080:80")),
        ("1e3", Scalar::Float(1000.0)),
        ("-", Scalar::Str("-")),
    ] {
        assert_eq!(resolve_plain(t), want, "{t}");
    }
}

#[test]
fn the_writer_quotes_only_what_would_read_back_otherwise() {
    let doc = Emitter::Map(vec![
        ("name".into(), Emitter::str("shop")),
        (
            "services".into(),
            Emitter::Map(vec![(
                "web".into(),
                Emitter::Map(vec![
                    (
                        "command".into(),
                        Emitter::Seq(vec![Emitter::str("echo"), Emitter::str("a: b"), Emitter::str("#x")]),
                    ),
                    (
                        "environment".into(),
                        Emitter::Map(vec![("A".into(), Emitter::str("1")), ("B".into(), Emitter::str("no"))]),
                    ),
                    ("networks".into(), Emitter::Map(vec![("default".into(), Emitter::Null)])),
                    (
                        "ports".into(),
                        Emitter::Seq(vec![Emitter::Map(vec![
                            ("target".into(), Emitter::Int(80)),
                            ("published".into(), Emitter::str("8080")),
                        ])]),
                    ),
                    ("volumes".into(), Emitter::Seq(vec![Emitter::Map(vec![("volume".into(), Emitter::Map(vec![]))])])),
                    ("entrypoint".into(), Emitter::str("line one\nline two\n")),
                ]),
            )]),
        ),
    ]);
    assert_eq!(
        doc.to_yaml(),
        "name: shop\nservices:\n  web:\n    command:\n      - echo\n      - 'a: b'\n      - '#x'\n    environment:\n      A: \"1\"\n      B: \"no\"\n    networks:\n      default: null\n    ports:\n      - target: 80\n        published: \"8080\"\n    volumes:\n      - volume: {}\n    entrypoint: |\n      line one\n      line two\n"
    );
    assert_eq!(quote_if_needed(""), "\"\"");
    assert_eq!(quote_if_needed("12:30"), "\"12:30\"");
    assert_eq!(quote_if_needed(" x"), "' x'");
}

#[test]
fn hostile_texts_end_in_an_error_not_a_crash() {
    let deep = "[".repeat(5_000);
    assert!(parse(&deep).is_err());
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    assert_eq!(err(bomb), "yaml: document contains excessive aliasing");
    for t in [
        "",
        "#",
        "-",
        ":",
        "? ",
        "[",
        "{",
        "'",
        "\"",
        "|",
        ">",
        "&",
        "*",
        "!",
        "--- |\n  x",
        "a:\n- b\n-",
        "\u{feff}a: 1",
    ] {
        let _ = parse(t);
    }
}
