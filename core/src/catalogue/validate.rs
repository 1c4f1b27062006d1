//! The practice registry's lints, behind `whalelab check` and the site's `check.html` page.
//!
//! Input is the content folder's `registry/**.toml` files (any other path is left to the course
//! validator); output is the catalogue those files make and located Korean diagnostics: files
//! that do not parse or use keys the format does not have, the index and the repository files
//! disagreeing (a repository without a file, a file the index does not list, tags on one side
//! only, a tag on two images), references that lead nowhere (a base system, a package mirror,
//! a `tree.from` repository), and names of behaviours the engine does not have (a log template
//! key, a web server, a package manager, a stop signal). Pure: the caller reads the files.

use super::{
    names, os_path, packages_path, repo_path, valid_repo_name, valid_simple_name, Catalogue, FileKind, INDEX_PATH,
};
use crate::course::{Diagnostic, SourceFile};
use crate::map::{Map, Set};
use crate::toml_lite::{self, Item, Value};

/// Where the registry lives inside the content folder.
pub const REGISTRY_DIR: &str = "registry/";

/// One step into a TOML document: a key or an array index.
enum Seg<'a> {
    Key(&'a str),
    At(usize),
}

/// The item at `path` in a parsed document, if it is there.
fn find<'a>(root: &'a Item, path: &[Seg<'_>]) -> Option<&'a Item> {
    let mut cur = root;
    for seg in path {
        cur = match (seg, &cur.value) {
            (Seg::Key(k), Value::Table(entries)) => &entries.iter().find(|e| e.key == *k)?.item,
            (Seg::At(i), Value::Array(items)) => items.get(*i)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// A registry file being checked: its text, its parsed tree, and the diagnostics about it.
struct Checked<'f> {
    file: &'f SourceFile,
    root: Option<Item>,
}

impl Checked<'_> {
    /// The offset of the value at `path`, or of the nearest enclosing one that exists.
    fn offset(&self, path: &[Seg<'_>]) -> usize {
        let Some(root) = &self.root else { return 0 };
        (0..=path.len()).rev().find_map(|n| find(root, &path[..n]).map(|i| i.start)).unwrap_or(0)
    }

    fn error(&self, out: &mut Vec<Diagnostic>, path: &[Seg<'_>], message: impl Into<String>) {
        let (line, col) = self.file.line_col(self.offset(path));
        out.push(Diagnostic::error(&self.file.path, line, col, message));
    }

    fn warning(&self, out: &mut Vec<Diagnostic>, path: &[Seg<'_>], message: impl Into<String>) {
        let (line, col) = self.file.line_col(self.offset(path));
        out.push(Diagnostic::warning(&self.file.path, line, col, message));
    }
}

/// Checks the registry files among `files` (paths under `registry/`) and returns the
/// catalogue they make (broken files left out, sealed) with every problem found.
pub fn check(files: &[SourceFile]) -> (Catalogue, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut catalogue = Catalogue::default();
    let registry: Vec<(&str, &SourceFile)> =
        files.iter().filter_map(|f| Some((f.path.strip_prefix(REGISTRY_DIR)?, f))).collect();
    let Some((_, index_file)) = registry.iter().find(|(p, _)| *p == INDEX_PATH) else {
        out.push(Diagnostic::error(
            &format!("{REGISTRY_DIR}{INDEX_PATH}"),
            1,
            1,
            "연습용 레지스트리의 목차 파일이 없습니다. 이미지를 쓰는 코스라면 `registry/index.toml`이 있어야 합니다.",
        ));
        catalogue.seal();
        return (catalogue, out);
    };
    // Load every file; a file that fails to load is reported at its error and left out.
    let mut checked: Map<String, Checked<'_>> = Map::new();
    let ordered =
        std::iter::once((INDEX_PATH, *index_file)).chain(registry.iter().copied().filter(|(p, _)| *p != INDEX_PATH));
    for (path, file) in ordered {
        if FileKind::of(path).is_none() {
            if path.ends_with(".toml") {
                out.push(Diagnostic::error(
                    &file.path,
                    1,
                    1,
                    "연습용 레지스트리에 둘 수 없는 경로입니다. `index.toml`, `library/이름.toml`, `소유자/이름.toml`, `os/이름.toml`, `packages/이름.toml` 중 하나여야 합니다.",
                ));
            }
            continue;
        }
        let root = toml_lite::parse(&file.text).ok();
        match catalogue.load(path, Some(&file.text)) {
            Ok(()) => {
                checked.insert(path.to_string(), Checked { file, root });
            }
            Err(e) => {
                let (line, col) = file.line_col(e.offset);
                out.push(Diagnostic::error(&file.path, line, col, e.message));
            }
        }
    }
    catalogue.seal();
    let present: Set<&str> = registry.iter().map(|(p, _)| *p).collect();
    if let Some(index) = checked.get(INDEX_PATH) {
        check_index(&catalogue, index, &checked, &present, &mut out);
    }
    for (path, c) in &checked {
        match FileKind::of(path) {
            Some(FileKind::Repo(name)) => check_repo(&catalogue, &name, c, &mut out),
            Some(FileKind::Os(name)) => check_os(&catalogue, &name, c, &checked, &mut out),
            _ => {}
        }
    }
    (catalogue, out)
}

/// The index: valid unique names, each with its file, the file's tags and no others.
fn check_index(
    cat: &Catalogue,
    index: &Checked<'_>,
    checked: &Map<String, Checked<'_>>,
    present: &Set<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen: Set<&str> = Set::new();
    for (i, r) in cat.index().iter().enumerate() {
        let at = |key: &'static str| [Seg::Key("repo"), Seg::At(i), Seg::Key(key)];
        if !valid_repo_name(&r.name) {
            index.error(
                out,
                &at("name"),
                format!(
                    "저장소 이름 `{}`의 모양이 올바르지 않습니다. 영어 소문자, 숫자, `-`, `_`, `.`와 `/`로 씁니다 (`library/`는 빼고 씁니다).",
                    r.name
                ),
            );
            continue;
        }
        if !seen.insert(&r.name) {
            index.error(out, &at("name"), format!("저장소 `{}`가 목차에 두 번 나옵니다.", r.name));
            continue;
        }
        let file = repo_path(&r.name);
        let Some(repo) = cat.repo(&r.name) else {
            if !present.contains(file.as_str()) {
                index.error(
                    out,
                    &at("name"),
                    format!("목차에 있는 저장소 `{}`의 파일 `registry/{file}`이 없습니다.", r.name),
                );
            }
            continue;
        };
        let file_tags: Vec<&str> = repo.images.iter().flat_map(|i| i.tags.iter().map(String::as_str)).collect();
        for (t, tag) in r.tags.iter().enumerate() {
            if !file_tags.contains(&tag.as_str()) {
                index.error(
                    out,
                    &[Seg::Key("repo"), Seg::At(i), Seg::Key("tags"), Seg::At(t)],
                    format!("목차의 `{}:{tag}` 태그가 `registry/{file}`의 어느 이미지에도 없습니다.", r.name),
                );
            }
        }
        if let Some(c) = checked.get(&file) {
            for (n, image) in repo.images.iter().enumerate() {
                for (t, tag) in image.tags.iter().enumerate() {
                    if !r.tags.contains(tag) {
                        c.error(
                            out,
                            &[Seg::Key("image"), Seg::At(n), Seg::Key("tags"), Seg::At(t)],
                            format!(
                                "`{}:{tag}` 태그가 목차(`registry/index.toml`)의 `{}` 저장소 태그 목록에 없습니다.",
                                r.name, r.name
                            ),
                        );
                    }
                }
            }
        }
    }
    for (path, c) in checked {
        if let Some(FileKind::Repo(name)) = FileKind::of(path) {
            if cat.indexed(&name).is_none() {
                c.error(
                    out,
                    &[],
                    format!("목차(`registry/index.toml`)에 없는 저장소 파일입니다. 목차에 `name = \"{name}\"`인 `[[repo]]`를 더하세요."),
                );
            }
        }
    }
}

/// One repository file: tags, dates, references and behaviour names.
fn check_repo(cat: &Catalogue, name: &str, c: &Checked<'_>, out: &mut Vec<Diagnostic>) {
    let Some(repo) = cat.repo(name) else { return };
    if repo.images.is_empty() {
        c.error(out, &[], "이미지가 하나도 없습니다. `[[image]]` 표를 하나 이상 쓰세요.");
    }
    let mut tags: Map<&str, usize> = Map::new();
    for (n, image) in repo.images.iter().enumerate() {
        let at = |key: &'static str| [Seg::Key("image"), Seg::At(n), Seg::Key(key)];
        if image.tags.is_empty() {
            c.error(
                out,
                &[Seg::Key("image"), Seg::At(n)],
                "태그가 없는 이미지입니다. `tags = [\"latest\"]`처럼 하나 이상 쓰세요.",
            );
        }
        for (t, tag) in image.tags.iter().enumerate() {
            if crate::engine::reference::ImageRef::parse(&format!("x:{tag}")).ok().and_then(|r| r.tag).as_deref()
                != Some(tag.as_str())
            {
                c.error(
                    out,
                    &[Seg::Key("image"), Seg::At(n), Seg::Key("tags"), Seg::At(t)],
                    format!("태그 `{tag}`의 모양이 올바르지 않습니다."),
                );
            } else if let Some(first) = tags.insert(tag, n) {
                c.error(
                    out,
                    &[Seg::Key("image"), Seg::At(n), Seg::Key("tags"), Seg::At(t)],
                    format!("태그 `{tag}`가 {}번째 이미지에도 있습니다. 한 태그는 한 이미지만 가리킵니다.", first + 1),
                );
            }
        }
        if crate::go::time::parse_rfc3339(&image.created).is_none() {
            c.error(out, &at("created"), "`created`는 `2025-01-15T07:00:00Z` 모양의 날짜여야 합니다.");
        }
        if image.layers.is_empty() {
            c.error(
                out,
                &at("layers"),
                "레이어가 없습니다. `layers = [{ name = \"...\", size = 1234 }]`처럼 하나 이상 쓰세요.",
            );
        }
        if let Some(d) = find_digest(c, n) {
            if !crate::engine::registry::is_digest(&d) {
                c.error(out, &at("digest"), "`digest`는 `sha256:`과 소문자 16진수 64자리여야 합니다.");
            }
        }
        if !names::is_signal(&image.config.stop_signal) {
            c.error(out, &at("stop_signal"), format!("모르는 시그널입니다: `{}`", image.config.stop_signal));
        }
        let p = &image.process;
        let process = |key: &'static str| [Seg::Key("image"), Seg::At(n), Seg::Key("process"), Seg::Key(key)];
        if p.os.is_empty() {
            c.warning(out, &process("os"), "`process.os`가 없어 기본 시스템(debian12)의 파일과 프로그램을 씁니다.");
        } else if !valid_simple_name(&p.os) || cat.os(&p.os).is_none() {
            c.error(
                out,
                &process("os"),
                format!("기본 시스템 `{}`의 파일 `registry/{}`이 없습니다.", p.os, os_path(&p.os)),
            );
        }
        if p.wrapper && image.config.entrypoint.is_empty() {
            c.error(out, &process("wrapper"), "`wrapper = true`에는 `entrypoint`가 있어야 합니다.");
        }
        // A web server that writes nothing at start still logs every request it answers.
        if p.kind == super::ProcessKind::Server && p.logs.is_empty() && repo.http.is_none() {
            c.warning(
                out,
                &process("logs"),
                "서버 프로세스인데 `logs`가 비어 있어 `docker logs`에 아무것도 나오지 않습니다.",
            );
        }
        let lists = [
            ("logs", &p.logs),
            ("restart_logs", &p.restart_logs),
            ("tty_logs", &p.tty_logs),
            ("stop_logs", &p.stop_logs),
            ("term_logs", &p.term_logs),
            ("missing_env_logs", &p.missing_env_logs),
        ];
        for (key, list) in lists {
            for (l, t) in list.iter().enumerate() {
                for k in names::unknown_template_keys(t.text()) {
                    c.error(
                        out,
                        &[Seg::Key("image"), Seg::At(n), Seg::Key("process"), Seg::Key(key), Seg::At(l)],
                        format!("모르는 템플릿 `{{{k}}}`입니다. 쓸 수 있는 것: {}", template_list()),
                    );
                }
            }
        }
        for (program, list) in &p.version {
            for (l, t) in list.iter().enumerate() {
                for k in names::unknown_template_keys(t.text()) {
                    c.error(
                        out,
                        &[
                            Seg::Key("image"),
                            Seg::At(n),
                            Seg::Key("process"),
                            Seg::Key("version"),
                            Seg::Key(program),
                            Seg::At(l),
                        ],
                        format!("모르는 템플릿 `{{{k}}}`입니다. 쓸 수 있는 것: {}", template_list()),
                    );
                }
            }
        }
    }
    if !repo.tree.from.is_empty() && cat.indexed(&repo.tree.from).is_none() {
        c.error(
            out,
            &[Seg::Key("tree"), Seg::Key("from")],
            format!("`tree.from`의 저장소 `{}`가 목차에 없습니다.", repo.tree.from),
        );
    }
    for (path, _) in repo.tree.files.iter().chain(repo.tree.started.iter()).chain(repo.tree.running.iter()) {
        if !path.starts_with('/') {
            c.error(out, &[Seg::Key("tree")], format!("파일 경로는 `/`로 시작해야 합니다: `{path}`"));
        }
    }
    if let Some(http) = &repo.http {
        if !names::SERVERS.contains(&http.server.as_str()) {
            c.error(
                out,
                &[Seg::Key("http"), Seg::Key("server")],
                format!("모르는 웹 서버 `{}`입니다. 쓸 수 있는 것: {}", http.server, quoted(names::SERVERS)),
            );
        }
    }
}

/// The `digest` an image's table gives, as written (the loaded image keeps only valid ones).
fn find_digest(c: &Checked<'_>, n: usize) -> Option<String> {
    let root = c.root.as_ref()?;
    match &find(root, &[Seg::Key("image"), Seg::At(n), Seg::Key("digest")])?.value {
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

/// One base system: its base and mirror exist, the behaviours it names are known.
fn check_os(
    cat: &Catalogue,
    name: &str,
    c: &Checked<'_>,
    checked: &Map<String, Checked<'_>>,
    out: &mut Vec<Diagnostic>,
) {
    let Some((_, os)) = cat.loaded_oses().find(|(n, _)| n.as_str() == name) else { return };
    if !os.base.is_empty() && !checked.contains_key(&os_path(&os.base)) {
        c.error(
            out,
            &[Seg::Key("base")],
            format!("`base`의 시스템 `{}`의 파일 `registry/{}`이 없습니다.", os.base, os_path(&os.base)),
        );
    }
    // A chain that comes back to itself.
    let mut next = os.base.clone();
    for _ in 0..super::MAX_CHAIN {
        if next.is_empty() {
            break;
        }
        if next == name {
            c.error(out, &[Seg::Key("base")], "`base`를 따라가면 이 시스템으로 돌아옵니다.");
            break;
        }
        next = cat.loaded_oses().find(|(n, _)| **n == next).map(|(_, o)| o.base.clone()).unwrap_or_default();
    }
    let known = [
        ("pkg", &os.pkg, names::PACKAGE_MANAGERS),
        ("shell", &os.shell, names::SHELLS),
        ("sh", &os.sh, names::SH),
        ("ps", &os.ps, names::PS),
    ];
    for (key, value, allowed) in known {
        if !value.is_empty() && !allowed.contains(&value.as_str()) {
            c.error(
                out,
                &[Seg::Key(key)],
                format!("`{key}`에 모르는 값 `{value}`입니다. 쓸 수 있는 것: {}", quoted(allowed)),
            );
        }
    }
    if !os.packages.is_empty() && !checked.contains_key(&packages_path(&os.packages)) {
        c.error(
            out,
            &[Seg::Key("packages")],
            format!("패키지 저장소 `{}`의 파일 `registry/{}`이 없습니다.", os.packages, packages_path(&os.packages)),
        );
    }
    for path in os.files.keys() {
        if !path.starts_with('/') {
            c.error(out, &[Seg::Key("files")], format!("파일 경로는 `/`로 시작해야 합니다: `{path}`"));
        }
    }
}

fn quoted(list: &[&str]) -> String {
    list.iter().filter(|s| !s.is_empty()).map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
}

fn template_list() -> String {
    let mut keys: Vec<String> = names::TEMPLATE_KEYS.iter().map(|k| format!("`{{{k}}}`")).collect();
    keys.extend(names::TEMPLATE_PREFIXES.iter().map(|p| format!("`{{{p}:이름}}`")));
    keys.join(", ")
}

#[cfg(test)]
mod tests;
