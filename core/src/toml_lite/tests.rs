//! The reader against the `toml` crate (a test-only dependency): every TOML file the site
//! reads must give the same values, and malformed input must give a located error, never a
//! panic.

use super::*;
use proptest::prelude::*;
use serde::Deserialize;

/// Our tree as JSON, to compare with what the `toml` crate reads.
fn to_json(item: &Item) -> serde_json::Value {
    match &item.value {
        Value::String(s) => serde_json::Value::String(s.clone()),
        Value::Integer(i) => serde_json::Value::from(*i),
        Value::Float(f) => serde_json::Value::from(*f),
        Value::Boolean(b) => serde_json::Value::Bool(*b),
        Value::Array(items) => serde_json::Value::Array(items.iter().map(to_json).collect()),
        Value::Table(entries) => {
            serde_json::Value::Object(entries.iter().map(|e| (e.key.clone(), to_json(&e.item))).collect())
        }
    }
}

fn reference(text: &str) -> serde_json::Value {
    let v: toml::Value = toml::from_str(text).expect("the toml crate reads it");
    serde_json::to_value(v).expect("as json")
}

fn same_as_toml_crate(text: &str) {
    let ours = parse(text).unwrap_or_else(|e| panic!("{e:?} at {:?}", line_col(text, e.offset)));
    assert_eq!(to_json(&ours), reference(text));
}

#[test]
fn the_practice_registry_files_read_as_the_toml_crate_reads_them() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/registry");
    let files = crate::catalogue::testing::files(&dir);
    assert!(files.len() > 20);
    for (path, text) in files {
        eprintln!("{path}");
        same_as_toml_crate(&text);
    }
}

#[test]
fn every_front_matter_and_exercise_block_of_the_course_reads_the_same() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/lessons");
    let mut blocks = 0;
    for entry in std::fs::read_dir(&dir).expect("content/lessons") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).unwrap_or_default();
        let mut block: Option<String> = None;
        let mut front: Option<String> = None;
        for (n, line) in text.lines().enumerate() {
            match (&mut block, &mut front, line.trim_end()) {
                (None, None, "+++") if n == 0 => front = Some(String::new()),
                (None, Some(f), "+++") => {
                    same_as_toml_crate(f);
                    blocks += 1;
                    front = None;
                }
                (None, Some(f), l) => {
                    f.push_str(l);
                    f.push('\n');
                }
                (None, None, "```exercise") => block = Some(String::new()),
                (Some(b), _, "```") => {
                    same_as_toml_crate(b);
                    blocks += 1;
                    block = None;
                }
                (Some(b), _, l) => {
                    b.push_str(l);
                    b.push('\n');
                }
                _ => {}
            }
        }
    }
    assert!(blocks > 40, "found only {blocks} TOML blocks");
}

#[test]
fn the_syntax_tables_and_strings_of_toml_1_0() {
    same_as_toml_crate(
        r#"
# comment
title = "a \"quoted\" \u00e9 \U0001F433 tab\tend" # trailing
lit = 'C:\path\no-escape'
multi = """
first \
    joined
second "" quotes"""
mlit = '''
raw \n kept
'''
ints = [1, +2, -3, 1_000, 0xff_ff, 0o17, 0b101]
floats = [1.5, -0.25, 6e3, 1.5E-2, inf, -inf]
"quoted key" = true
dotted.key.deep = false
inline = { a = 1, b.c = "x", d = [1, 2] }
nested = [[1, 2], ["a"], [], [ { x = 1 } ],]
multi_line_array = [
  "a", # one
  "b",
]

[table]
x = 1

[table.sub]
y = 2

[[arr]]
name = "one"
[arr.inner]
z = 3
[[arr.items]]
k = 1
[[arr.items]]
k = 2

[[arr]]
name = "two"
"#,
    );
}

#[test]
fn malformed_input_is_a_located_korean_error() {
    for (text, line) in [
        ("a = \"open\n", 1),
        ("a = 1\nb = \n", 2),
        ("a = 1\na = 2\n", 2),
        ("[t]\nx = 1\n[t]\n", 3),
        ("x = [1, 2\n", 1),
        ("x = nope\n", 1),
        ("x = 1 y = 2\n", 1),
        ("[a\n", 1),
        ("x = { a = 1\n", 1),
        ("x = \"\\q\"\n", 1),
        ("x = 2025-01-15\n", 1),
        ("x = 012\n", 1),
        ("a = 1\na.b = 2\n", 2),
        ("a = [1]\n[[a]]\n", 2),
    ] {
        let e = parse(text).expect_err(text);
        assert_eq!(line_col(text, e.offset).0, line, "{text:?} -> {e:?}");
        assert!(e.message.chars().any(|c| ('가'..='힣').contains(&c)), "{e:?}");
    }
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Exercise {
    id: String,
    #[serde(default)]
    count: Option<u32>,
    #[serde(default, rename = "goal")]
    goals: Vec<Goal>,
    kind: Kind,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
struct Goal {
    container: String,
}

#[derive(Deserialize, Debug, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Server,
    Shell,
}

#[test]
fn serde_types_read_through_it_with_located_errors() {
    let text = "id = \"x\"\nkind = \"shell\"\n\n[[goal]]\ncontainer = \"web\"\n";
    let e: Exercise = from_str(text).expect("reads");
    assert_eq!(e.id, "x");
    assert_eq!(e.kind, Kind::Shell);
    assert_eq!(e.goals.len(), 1);
    assert_eq!(e.goals[0].container, "web");

    let unknown =
        from_str::<Exercise>("id = \"x\"\nkind = \"shell\"\n[[goal]]\ncontainr = \"web\"\n").expect_err("typo");
    assert!(unknown.message.starts_with("unknown field `containr`"), "{unknown:?}");
    assert_eq!(unknown.offset, Some(33));

    let missing = from_str::<Exercise>("kind = \"server\"\n").expect_err("no id");
    assert_eq!(missing.message, "missing field `id`");

    let wrong = from_str::<Exercise>("id = 5\nkind = \"server\"\n").expect_err("type");
    assert_eq!(wrong.message, "invalid type: integer `5`, expected a string");
    assert_eq!(wrong.offset, Some(5));

    let range = from_str::<Exercise>("id = \"x\"\nkind = \"server\"\ncount = -1\n").expect_err("range");
    assert!(range.message.contains("-1"), "{range:?}");
    let variant = from_str::<Exercise>("id = \"x\"\nkind = \"daemon\"\n").expect_err("variant");
    assert!(variant.message.starts_with("unknown variant `daemon`"), "{variant:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Arbitrary text: an error or a value, never a panic.
    #[test]
    fn never_panics_on_any_text(text in "(?s).{0,200}") {
        let _ = parse(&text);
    }

    /// Text made of TOML's own punctuation, where a parser's edge cases live.
    #[test]
    fn never_panics_on_toml_shaped_text(text in r#"[\[\]{}="'.,#a-z0-9_\\\n \t+-]{0,120}"#) {
        if let Ok(item) = parse(&text) {
            prop_assert!(item.end <= text.len());
        }
    }
}
