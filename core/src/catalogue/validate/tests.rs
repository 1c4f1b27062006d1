//! Tests of the catalogue validator: each rule once, on small registries written here.

use super::*;

const IMAGE: &str = r#"[[image]]
tags = ["latest"]
created = "2025-01-20T09:00:00Z"
size = 9_000
layers = [{ name = "x", size = 10 }]
[image.process]
kind = "oneshot"
os = "tiny"
logs = ["hi"]
"#;

const TINY: &str = "shell = \"ash\"\nsh = \"ash\"\nroot = [\"bin\"]\n";

fn index(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("[[repo]]\nname = \"{n}\"\ndescription = \"d\"\nstars = 1\ntags = [\"latest\"]\n\n"))
        .collect()
}

fn check_files(files: &[(&str, &str)]) -> Vec<String> {
    let files: Vec<SourceFile> = files.iter().map(|(p, t)| SourceFile::new(format!("registry/{p}"), *t)).collect();
    check(&files).1.iter().map(ToString::to_string).collect()
}

#[test]
fn a_small_registry_passes_and_makes_a_catalogue() {
    let files = [("index.toml", index(&["me/one"])), ("me/one.toml", IMAGE.to_string()), ("os/tiny.toml", TINY.into())];
    let files: Vec<SourceFile> =
        files.iter().map(|(p, t)| SourceFile::new(format!("registry/{p}"), t.clone())).collect();
    let (cat, d) = check(&files);
    assert!(d.is_empty(), "{d:?}");
    assert!(cat.is_sealed() && cat.resolve("me/one", "latest").is_some() && cat.os("tiny").is_some());
}

#[test]
fn no_index_is_one_error() {
    assert_eq!(
        check_files(&[("me/one.toml", IMAGE)]),
        ["registry/index.toml:1:1: 오류: 연습용 레지스트리의 목차 파일이 없습니다. 이미지를 쓰는 코스라면 `registry/index.toml`이 있어야 합니다."]
    );
}

#[test]
fn names_paths_dates_and_digests_are_checked() {
    let bad = IMAGE
        .replace("2025-01-20T09:00:00Z", "yesterday")
        .replace("tags = [\"latest\"]", "tags = [\"latest\"]\ndigest = \"sha256:XYZ\"");
    let d = check_files(&[
        ("index.toml", &index(&["Me/One", "me/one"])),
        ("me/one.toml", &bad),
        ("os/tiny.toml", TINY),
        ("stray.toml", "x = 1"),
    ]);
    let text = d.join("\n");
    assert!(text.contains("registry/index.toml:2:8: 오류: 저장소 이름 `Me/One`의 모양이 올바르지 않습니다."), "{text}");
    assert!(text.contains("`created`는 `2025-01-15T07:00:00Z` 모양의 날짜여야 합니다."), "{text}");
    assert!(text.contains("`digest`는 `sha256:`과 소문자 16진수 64자리여야 합니다."), "{text}");
    assert!(text.contains("registry/stray.toml:1:1: 오류: 연습용 레지스트리에 둘 수 없는 경로입니다."), "{text}");
}

#[test]
fn base_systems_are_checked() {
    let d = check_files(&[
        ("index.toml", &index(&["me/one"])),
        ("me/one.toml", IMAGE),
        ("os/tiny.toml", "base = \"loop\"\npkg = \"yum\"\npackages = \"gone\"\n"),
        ("os/loop.toml", "base = \"tiny\"\nshell = \"fish\"\n"),
    ]);
    let text = d.join("\n");
    assert!(text.contains("registry/os/tiny.toml:1:8: 오류: `base`를 따라가면 이 시스템으로 돌아옵니다."), "{text}");
    assert!(text.contains("`pkg`에 모르는 값 `yum`입니다. 쓸 수 있는 것: `apt`, `apk`, `microdnf`, `none`"), "{text}");
    assert!(text.contains("패키지 저장소 `gone`의 파일 `registry/packages/gone.toml`이 없습니다."), "{text}");
    assert!(text.contains("registry/os/loop.toml:2:9: 오류: `shell`에 모르는 값 `fish`입니다."), "{text}");
}

#[test]
fn references_between_repositories_are_checked() {
    let with_tree = format!("{IMAGE}\n[tree]\nfrom = \"me/none\"\n[tree.files]\n\"relative.txt\" = \"x\"\n");
    let d = check_files(&[("index.toml", &index(&["me/one"])), ("me/one.toml", &with_tree), ("os/tiny.toml", TINY)]);
    let text = d.join("\n");
    assert!(text.contains("`tree.from`의 저장소 `me/none`가 목차에 없습니다."), "{text}");
    assert!(text.contains("파일 경로는 `/`로 시작해야 합니다: `relative.txt`"), "{text}");
}

#[test]
fn the_shipped_registry_passes() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/registry");
    let files: Vec<SourceFile> = crate::catalogue::testing::files(&dir)
        .into_iter()
        .map(|(p, t)| SourceFile::new(format!("registry/{p}"), t))
        .collect();
    let (_, d) = check(&files);
    let shown: Vec<String> = d.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
}
