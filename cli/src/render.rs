//! `whalelab render DIR`: writes the pages of a built site (`dist/`) from its content folder,
//! so each lesson is a page of its own that paints with no wasm and reads with JavaScript off.
//! The release build runs it after Trunk (scripts/release.sh); a self-hoster who edits
//! `DIR/content/` on the server runs it again to refresh the pages' text (the app always shows
//! the content as it is once it has loaded; the pages follow at the next render).
//!
//! For every lesson of `content/SUMMARY.md` it writes `<id>.html`, and `index.html` (the first
//! lesson), `sandbox.html` and `check.html`: the site's HTML shell (`index.html` as Trunk wrote
//! it, or as an earlier render left it) with the page's title and description in the head and,
//! in the body, the app's own components rendered natively (`whalelab_web::prerender`). The
//! site has two builds of the app (scripts/release.sh): every page loads the lite one, as
//! Trunk's loader in the shell names it, and names the full one in its head
//! (`whalelab-full-js`, `whalelab-full-wasm`, `whalelab-full-bytes`), which the lite app imports
//! when a line first needs it; the check page loads the full one as its app instead. Then the
//! service worker (`sw.js`, whose cache is named after the hash of every file it keeps), the web
//! app manifest and its icon. Compressed siblings (`.gz`, `.br`) of the files it rewrites are
//! removed, as they would now be stale (the release build makes them afresh:
//! scripts/compress.mjs). It reads and writes only inside DIR.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256, Sha384};
use whalelab_core::course::summary::parse_summary;
use whalelab_core::course::SourceFile;
use whalelab_web::i18n;
use whalelab_web::prerender::{self, Page, Site};
use whalelab_web::route::{lesson_id, Pages, Route, Share, RESERVED};

/// The service worker's source, with `__VERSION__` and `__FILES__` to fill in.
const SERVICE_WORKER: &str = include_str!("../../web/sw.js");
/// The site's icon (the manifest's and the tab's).
const ICON: &str = include_str!("../../web/icon.svg");
/// Where the head part that this command writes begins and ends (so a second render replaces it).
const HEAD_START: &str = "<!--page-->";
const HEAD_END: &str = "<!--/page-->";
/// What marks a page this command wrote (the app's root rendered ahead of time).
const RENDERED_MARK: &str = "data-static=\"true\"";
/// How the full build's files are named in DIR (scripts/release.sh): `whalelab-full-HASH.js`
/// and `whalelab-full-HASH_bg.wasm`.
const FULL_PREFIX: &str = "whalelab-full-";
const WASM_SUFFIX: &str = "_bg.wasm";

/// What a render did.
#[derive(Debug, Default)]
pub struct Report {
    /// The pages written, relative to DIR.
    pub pages: Vec<String>,
    /// Lessons of the outline that got no page, with the Korean reason.
    pub skipped: Vec<String>,
    /// Pages of an earlier render removed because their lesson left the outline.
    pub removed: Vec<String>,
    /// The service worker's cache version.
    pub version: String,
}

/// Renders DIR's pages and prints what it did; the exit status: 0, or 2 when DIR is not a
/// built site.
pub fn run(dir: &Path) -> i32 {
    match render_site(dir) {
        Ok(report) => {
            for reason in &report.skipped {
                println!("경고: {reason}");
            }
            for page in &report.removed {
                println!("지움: {page} (SUMMARY.md에 없는 레슨)");
            }
            println!(
                "{}쪽을 썼습니다 ({}): {}. 서비스 워커 캐시 {}.",
                report.pages.len(),
                dir.display(),
                report.pages.join(", "),
                report.version
            );
            0
        }
        Err(message) => {
            eprintln!("whalelab render: {message}");
            2
        }
    }
}

/// Renders DIR's pages, service worker and manifest; what it did, or why DIR is no built site.
pub fn render_site(dir: &Path) -> Result<Report, String> {
    let shell_path = dir.join("index.html");
    let shell = std::fs::read_to_string(&shell_path)
        .map_err(|e| format!("`{}`을(를) 읽을 수 없습니다 ({e}): 먼저 사이트를 빌드하세요.", shell_path.display()))?;
    check_shell(&shell)?;
    let content = dir.join("content");
    let summary_path = content.join("SUMMARY.md");
    let summary_text = std::fs::read_to_string(&summary_path)
        .map_err(|e| format!("`{}`을(를) 읽을 수 없습니다: {e}", summary_path.display()))?;
    let summary = SourceFile::new("SUMMARY.md", summary_text);
    let (outline, _) = parse_summary(&summary);

    let mut report = Report::default();
    let mut lessons: Vec<SourceFile> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    for entry in outline.entries() {
        if lessons.iter().any(|l| l.path == entry.path) {
            continue;
        }
        let id = lesson_id(&entry.path).to_string();
        match std::fs::read_to_string(content.join(&entry.path)) {
            Ok(text) => lessons.push(SourceFile::new(entry.path.clone(), text)),
            Err(e) => {
                report.skipped.push(format!("content/{}을(를) 읽을 수 없어 쪽을 만들지 않았습니다: {e}", entry.path));
                continue;
            }
        }
        if RESERVED.contains(&id.as_str()) {
            report.skipped.push(format!(
                "content/{}: `{id}.html`은 사이트가 쓰는 이름이라 이 레슨은 쪽 없이 앱에서만 열립니다. 파일 이름을 바꾸세요.",
                entry.path
            ));
        } else if !ids.contains(&id) {
            ids.push(id);
        }
    }

    let site = Site { summary, lessons, pages: ids.clone() };
    let lite = lite_app(dir, &shell);
    let full = full_app(dir)?;
    let head = Head {
        pages: Pages::only(ids.clone()).to_meta().unwrap_or_default(),
        wasm_bytes: lite.as_ref().map_or(0, |app| app.wasm_bytes),
        full: full.clone(),
    };
    // The check page runs every exercise, build, compose and jq included: the full app is its app.
    let check_shell = match (&lite, &full) {
        (Some(lite), Some(full)) => Some(load_full(dir, &shell, lite, full)?),
        _ => None,
    };
    let check_head = Head { wasm_bytes: full.as_ref().map_or(head.wasm_bytes, |app| app.wasm_bytes), ..head.clone() };
    let mut routes: Vec<(String, Route)> = vec![("index.html".to_string(), Route::Home)];
    routes.extend(ids.iter().map(|id| (format!("{id}.html"), Route::Lesson(id.clone()))));
    routes.push(("sandbox.html".to_string(), Route::Sandbox { share: Share::None }));
    routes.push(("check.html".to_string(), Route::Check));
    for (file, route) in &routes {
        let page = prerender::render(route, &site);
        let html = match (route, &check_shell) {
            (Route::Check, Some(check_shell)) => assemble(check_shell, &page, &check_head)?,
            _ => assemble(&shell, &page, &head)?,
        };
        write(dir, file, &html)?;
        report.pages.push(file.clone());
    }
    report.removed = remove_stale_pages(dir, &report.pages)?;
    write(dir, "manifest.webmanifest", &manifest())?;
    write(dir, "icon.svg", ICON)?;
    report.version = write_service_worker(dir)?;
    Ok(report)
}

/// Whether `shell` is an HTML page this command can fill in.
fn check_shell(shell: &str) -> Result<(), String> {
    let has_title = shell.contains("<title>") && shell.contains("</title>");
    if !has_title || body_range(shell).is_none() {
        return Err("index.html에 <title>이나 <body>가 없습니다: Trunk가 빌드한 사이트 폴더를 지정하세요.".to_string());
    }
    Ok(())
}

/// Where the body's content is: after `<body…>`, before the last `</body>`.
fn body_range(shell: &str) -> Option<(usize, usize)> {
    let open = shell.find("<body")?;
    let start = open + shell[open..].find('>')? + 1;
    let end = shell.rfind("</body>")?;
    (start <= end).then_some((start, end))
}

/// What every page's head says besides its title and description.
#[derive(Clone)]
struct Head {
    /// The lessons that have pages (`whalelab-pages`, read by the head script and the app).
    pages: String,
    /// The size of the wasm the page loads: the total of the download's progress (web/boot.js).
    /// Trunk's own figure is taken before wasm-opt shrinks the file, and a compressed response's
    /// length is not what the browser counts.
    wasm_bytes: u64,
    /// The full build, which the lite app fetches when a line first needs it; none in a site
    /// built before there were two.
    full: Option<App>,
}

/// One build of the app in DIR: its JS glue and wasm (file names in DIR) and the wasm's size.
#[derive(Clone, Debug, PartialEq)]
struct App {
    js: String,
    wasm: String,
    wasm_bytes: u64,
}

/// The lite build: the wasm Trunk's loader in the shell names (`*_bg.wasm`), else the one
/// `*_bg.wasm` in DIR that is not the full build's (a shell without Trunk's loader).
fn lite_app(dir: &Path, shell: &str) -> Option<App> {
    let named = shell.match_indices(WASM_SUFFIX).find_map(|(at, _)| {
        let start = shell[..at]
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .map_or(0, |i| i + 1);
        let stem = &shell[start..at];
        (!stem.is_empty() && !stem.starts_with(FULL_PREFIX)).then(|| stem.to_string())
    });
    let stem = named.or_else(|| {
        file_names(dir).into_iter().find_map(|name| {
            let stem = name.strip_suffix(WASM_SUFFIX)?;
            (!stem.starts_with(FULL_PREFIX)).then(|| stem.to_string())
        })
    })?;
    let wasm = format!("{stem}{WASM_SUFFIX}");
    let wasm_bytes = std::fs::metadata(dir.join(&wasm)).map_or(0, |m| m.len());
    Some(App { js: format!("{stem}.js"), wasm, wasm_bytes })
}

/// The full build (`whalelab-full-HASH.js` and `whalelab-full-HASH_bg.wasm`), if DIR holds it;
/// an error when it holds half of it or two of them (a new build copied over an old one).
fn full_app(dir: &Path) -> Result<Option<App>, String> {
    let stems: Vec<String> = file_names(dir)
        .into_iter()
        .filter(|name| name.starts_with(FULL_PREFIX))
        .filter_map(|name| name.strip_suffix(WASM_SUFFIX).map(str::to_string))
        .collect();
    let stem = match stems.as_slice() {
        [] => return Ok(None),
        [stem] => stem,
        _ => {
            return Err(format!(
                "전체 앱의 wasm이 여러 개입니다 ({}): 지난 빌드의 파일을 지우고 다시 실행하세요.",
                stems.iter().map(|s| format!("{s}{WASM_SUFFIX}")).collect::<Vec<_>>().join(", ")
            ))
        }
    };
    let js = format!("{stem}.js");
    if !dir.join(&js).is_file() {
        return Err(format!(
            "`{js}`이(가) 없습니다: 전체 앱의 wasm만 있고 그 JS가 없습니다. 사이트를 다시 빌드하세요."
        ));
    }
    let wasm = format!("{stem}{WASM_SUFFIX}");
    let wasm_bytes =
        std::fs::metadata(dir.join(&wasm)).map_err(|e| format!("`{wasm}`을(를) 읽을 수 없습니다: {e}"))?.len();
    Ok(Some(App { js, wasm, wasm_bytes }))
}

/// The names of DIR's files (not folders), sorted.
fn file_names(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    names
}

/// The shell with Trunk's loader, module preload and wasm preload turned from the lite build
/// to the full one: its file names, the wasm's size the loader reports progress against, and
/// the preloads' integrity hashes (a preload whose hash does not match its file is refused).
fn load_full(dir: &Path, shell: &str, lite: &App, full: &App) -> Result<String, String> {
    let mut text = shell.replace(&lite.js, &full.js).replace(&lite.wasm, &full.wasm);
    // `__trunkInitializer(init, './NAME_bg.wasm', SIZE, …)`
    for quote in ['\'', '"'] {
        let call = format!("{}{quote}, ", full.wasm);
        if let Some(at) = text.find(&call) {
            let from = at + call.len();
            let digits = text[from..].find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len() - from);
            if digits > 0 {
                text.replace_range(from..from + digits, &full.wasm_bytes.to_string());
            }
        }
    }
    for name in [&full.js, &full.wasm] {
        let bytes = std::fs::read(dir.join(name)).map_err(|e| format!("`{name}`을(를) 읽을 수 없습니다: {e}"))?;
        text = set_integrity(&text, name, &integrity(&bytes));
    }
    Ok(text)
}

/// `text` with the `integrity` attribute of each `<link>` whose href names `name` set to `value`.
fn set_integrity(text: &str, name: &str, value: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find("<link") {
        let Some(len) = rest[open..].find('>') else { break };
        let tag = &rest[open..open + len];
        out.push_str(&rest[..open]);
        out.push_str(&if tag.contains(name) { with_integrity(tag, value) } else { tag.to_string() });
        rest = &rest[open + len..];
    }
    out.push_str(rest);
    out
}

/// One tag's `integrity` value replaced (quoted or not, as Trunk's minifier left it).
fn with_integrity(tag: &str, value: &str) -> String {
    let Some(at) = tag.find("integrity=") else { return tag.to_string() };
    let from = at + "integrity=".len();
    let (from, to) = match tag[from..].chars().next() {
        Some(quote @ ('"' | '\'')) => (from + 1, tag[from + 1..].find(quote).map_or(tag.len(), |i| from + 1 + i)),
        _ => (from, tag[from..].find(|c: char| c.is_ascii_whitespace()).map_or(tag.len(), |i| from + i)),
    };
    format!("{}{value}{}", &tag[..from], &tag[to..])
}

/// A subresource integrity value: `sha384-` and the digest in base64.
fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", base64(&Sha384::digest(bytes)))
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The page: the shell with this page's head part and body.
fn assemble(shell: &str, page: &Page, common: &Head) -> Result<String, String> {
    let head = format!(
        "{HEAD_START}<title>{}</title><meta name=\"description\" content=\"{}\">\
         <meta name=\"whalelab-pages\" content=\"{}\"><meta name=\"whalelab-wasm-bytes\" content=\"{}\">\
         {}<meta name=\"whalelab-prefetch\" content=\"{}\">\
         <link rel=\"manifest\" href=\"manifest.webmanifest\"><link rel=\"icon\" href=\"icon.svg\" type=\"image/svg+xml\">\
         {HEAD_END}",
        escape(&page.title),
        escape(&page.description),
        escape(&common.pages),
        common.wasm_bytes,
        common.full.as_ref().map_or(String::new(), |full| format!(
            "<meta name=\"whalelab-full-js\" content=\"{}\"><meta name=\"whalelab-full-wasm\" content=\"{}\">\
             <meta name=\"whalelab-full-bytes\" content=\"{}\">",
            escape(&full.js),
            escape(&full.wasm),
            full.wasm_bytes
        )),
        escape(&page.prefetch.iter().map(|url| url.replace(' ', "%20")).collect::<Vec<_>>().join(" "))
    );
    let (from, to) = match (shell.find(HEAD_START), shell.find(HEAD_END)) {
        (Some(from), Some(to)) if from < to => (from, to + HEAD_END.len()),
        _ => {
            let from = shell.find("<title>").unwrap_or(0);
            (from, shell[from..].find("</title>").map_or(from, |i| from + i + "</title>".len()))
        }
    };
    let with_head = format!("{}{head}{}", &shell[..from], &shell[to..]);
    let (start, end) = body_range(&with_head).ok_or("index.html에 <body>가 없습니다.")?;
    Ok(format!("{}{}{}", &with_head[..start], page.body, &with_head[end..]))
}

/// HTML text and attribute escaping.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Writes `DIR/name` and removes its compressed siblings, which would now be stale.
fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|e| format!("`{}`에 쓸 수 없습니다: {e}", path.display()))?;
    remove_siblings(dir, name)
}

/// Removes `DIR/name.gz` and `DIR/name.br` if they exist.
fn remove_siblings(dir: &Path, name: &str) -> Result<(), String> {
    for ext in ["gz", "br"] {
        let sibling = dir.join(format!("{name}.{ext}"));
        if sibling.exists() {
            std::fs::remove_file(&sibling)
                .map_err(|e| format!("`{}`을(를) 지울 수 없습니다: {e}", sibling.display()))?;
        }
    }
    Ok(())
}

/// Removes pages an earlier render wrote whose lesson is no longer in the outline.
fn remove_stale_pages(dir: &Path, written: &[String]) -> Result<Vec<String>, String> {
    let mut removed = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("`{}`을(를) 읽을 수 없습니다: {e}", dir.display()))?;
    let mut names: Vec<String> =
        entries.filter_map(Result::ok).filter_map(|e| e.file_name().into_string().ok()).collect();
    names.sort();
    for name in names {
        if !name.ends_with(".html") || written.contains(&name) {
            continue;
        }
        let path = dir.join(&name);
        if std::fs::read_to_string(&path).is_ok_and(|text| text.contains(RENDERED_MARK)) {
            remove_siblings(dir, &name)?;
            std::fs::remove_file(&path).map_err(|e| format!("`{}`을(를) 지울 수 없습니다: {e}", path.display()))?;
            removed.push(name);
        }
    }
    Ok(removed)
}

/// The web app manifest: the site's Korean name, its icon, and its folder as scope.
fn manifest() -> String {
    format!(
        "{{\n  \"name\": \"{}\",\n  \"short_name\": \"{}\",\n  \"description\": \"{}\",\n  \"lang\": \"ko\",\n  \
         \"start_url\": \"./\",\n  \"scope\": \"./\",\n  \"display\": \"standalone\",\n  \
         \"background_color\": \"#0d1117\",\n  \"theme_color\": \"#0d1117\",\n  \
         \"icons\": [{{ \"src\": \"icon.svg\", \"sizes\": \"any\", \"type\": \"image/svg+xml\", \"purpose\": \"any\" }}]\n}}\n",
        json(i18n::APP_NAME),
        json(i18n::APP_SHORT_NAME),
        json(i18n::SITE_DESCRIPTION)
    )
}

/// A JSON string's content.
fn json(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Writes `sw.js`: every file of the site (not compressed siblings, not itself) for the cache,
/// and the cache's version, the hash of all their names and bytes, so that any change to the
/// site makes a new worker that replaces the old cache.
fn write_service_worker(dir: &Path) -> Result<String, String> {
    let mut files = Vec::new();
    collect(dir, dir, &mut files)?;
    files.retain(|f| f != "sw.js" && !f.ends_with(".gz") && !f.ends_with(".br"));
    files.sort();
    let mut hash = Sha256::new();
    for file in &files {
        let bytes = std::fs::read(dir.join(file)).map_err(|e| format!("`{file}`을(를) 읽을 수 없습니다: {e}"))?;
        hash.update(file.as_bytes());
        hash.update([0]);
        hash.update((bytes.len() as u64).to_le_bytes());
        hash.update(&bytes);
    }
    let version: String = hash.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
    let list: Vec<String> =
        std::iter::once("./".to_string()).chain(files).map(|f| format!("\"{}\"", json(&f))).collect();
    let source =
        SERVICE_WORKER.replace("__VERSION__", &version).replace("__FILES__", &format!("[{}]", list.join(", ")));
    write(dir, "sw.js", &source)?;
    Ok(version)
}

/// Every file under `dir` (hidden ones left out), relative to `root` with `/` separators.
fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("`{}`을(를) 읽을 수 없습니다: {e}", dir.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let path: PathBuf = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(root, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push(parts.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    /// A shell as Trunk writes it (minified, no `<head>` tag, its loader cut short), for a site
    /// in a fresh folder holding a copy of the course's content and both builds of the app.
    const SHELL: &str = "<!doctype html><html lang=ko><meta charset=utf-8><title>whalelab</title>\
                         <script>/* head */</script><link href=./main-0123.css rel=stylesheet>\
                         <script type=module>import init, * as bindings from './whalelab-web-0123.js';\n\
                         import initializer from './0123-boot.js';\n\
                         const wasm = await __trunkInitializer(init, './whalelab-web-0123_bg.wasm', 99999, initializer(), true);\
                         </script><link crossorigin href=./whalelab-web-0123.js integrity=sha384-LITEJS rel=modulepreload>\
                         <link crossorigin href=./0123-boot.js integrity=sha384-BOOT rel=modulepreload>\
                         <link as=fetch crossorigin href=./whalelab-web-0123_bg.wasm integrity=sha384-LITEWASM rel=preload \
                         type=application/wasm></head><body><noscript>JavaScript</noscript></body></html>";
    /// The full build's files in that site, and their subresource integrity values
    /// (`openssl dgst -sha384 -binary | base64`).
    const FULL_JS: &str = "// full glue\n";
    const FULL_JS_INTEGRITY: &str = "sha384-hKYPbzhu/vB/i71OzjgU9hFR+wSCN21p7GaSDZdVY5kp68PlXnwfHd1N27Qw7G9Q";
    const FULL_WASM: [u8; 5678] = [1; 5678];
    const FULL_WASM_INTEGRITY: &str = "sha384-Rwa35/LKxSyq5OUc+Kv5L2xDeUZHM8EaFyMLDdPMiG/bglIhkNmOmd+N05Tnho24";

    fn built_site() -> PathBuf {
        static N: AtomicU32 = AtomicU32::new(0);
        let dir = std::env::temp_dir().join(format!(
            "whalelab-render-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../content"), &dir.join("content"));
        std::fs::write(dir.join("index.html"), SHELL).expect("shell");
        std::fs::write(dir.join("main-0123.css"), "body{}").expect("css");
        std::fs::write(dir.join("whalelab-web-0123_bg.wasm"), [0u8; 1234]).expect("wasm");
        std::fs::write(dir.join("whalelab-web-0123.js"), "// lite glue\n").expect("js");
        std::fs::write(dir.join("0123-boot.js"), "// initializer\n").expect("boot");
        std::fs::write(dir.join("whalelab-full-4567_bg.wasm"), FULL_WASM).expect("full wasm");
        std::fs::write(dir.join("whalelab-full-4567.js"), FULL_JS).expect("full js");
        dir
    }

    fn copy_dir(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read_dir").filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                copy_dir(&path, &to.join(entry.file_name()));
            } else {
                std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
            }
        }
    }

    fn read(dir: &Path, name: &str) -> String {
        std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    #[test]
    fn every_lesson_becomes_a_page_of_the_apps_own_markup() {
        let dir = built_site();
        let report = render_site(&dir).expect("render");
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        assert!(report.pages.len() >= 13, "{:?}", report.pages);
        for page in ["index.html", "01-first-container.html", "02-docker-engine.html", "sandbox.html", "check.html"] {
            assert!(report.pages.iter().any(|p| p == page), "{page} in {:?}", report.pages);
        }
        let first = read(&dir, "01-first-container.html");
        assert!(first.contains("<title>첫 컨테이너 띄워 보기 — whalelab</title>"), "{}", &first[..400]);
        assert!(first.contains("<meta name=\"description\" content=\"아파치 웹 서버를 컨테이너로 띄우고"));
        assert!(first.contains("content=\"01-first-container 02-docker-engine "), "the lessons that have pages");
        assert!(first.contains("<meta name=\"whalelab-wasm-bytes\" content=\"1234\">"), "the download's total");
        assert!(
            first.contains(
                "<meta name=\"whalelab-prefetch\" content=\"content/SUMMARY.md content/lessons/01-first-container.md \
                 content/registry/index.toml\">"
            ),
            "the files the app asks for first"
        );
        assert!(read(&dir, "sandbox.html")
            .contains("<meta name=\"whalelab-prefetch\" content=\"content/SUMMARY.md content/registry/index.toml\">"));
        assert_eq!(first.matches(HEAD_START).count(), 1);
        assert!(first.contains("<script>/* head */</script><link href=./main-0123.css"), "the shell's head is kept");
        // The body is the app: its root marked as rendered ahead of time, the lesson's text and
        // its ▶ commands, a link to the next page, the terminal's placeholder.
        let body = &first[first.find("<body>").expect("body")..];
        assert!(body.starts_with("<body><div data-static=\"true\" class=\"app\">"), "{}", &body[..120]);
        assert!(body.contains("설명보다 손이 먼저입니다."));
        assert!(body.contains("data-command=\"docker run --name apa000ex1 -d -p 8080:80 httpd\""));
        assert!(body.contains("href=\"02-docker-engine.html\""));
        assert!(body.contains("id=\"terminal-boot\"") && !body.contains("<noscript>JavaScript"));
        // The site's folder shows the first lesson; the sandbox and check pages are theirs.
        assert!(read(&dir, "index.html").contains("data-path=\"lessons/01-first-container.md\""));
        assert!(read(&dir, "sandbox.html").contains("class=\"sandbox-intro\""));
        let check = read(&dir, "check.html");
        assert!(check.contains("<main id=\"check\" class=\"check-page\">"));
        assert!(check.contains("class=\"check-no-script\""), "with JavaScript off the page says the check needs it");
        let manifest = read(&dir, "manifest.webmanifest");
        assert!(
            manifest.contains("\"name\": \"whalelab — 브라우저에서 배우는 Docker\"") && manifest.contains("icon.svg")
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn rendering_again_follows_the_content_and_changes_nothing_else() {
        let dir = built_site();
        render_site(&dir).expect("first render");
        let pages: Vec<(String, String)> = ["index.html", "02-docker-engine.html", "check.html", "sw.js"]
            .map(|p| (p.to_string(), read(&dir, p)))
            .into();
        // A second render from the pages of the first (its shell) writes the same bytes.
        let again = render_site(&dir).expect("second render");
        for (name, text) in &pages {
            assert_eq!(&read(&dir, name), text, "{name} changed on a second render");
        }
        // An edit on the server: the page follows, its stale compressed copies go, and the
        // service worker gets a new cache.
        std::fs::write(dir.join("02-docker-engine.html.gz"), "stale").expect("sibling");
        let lesson = dir.join("content/lessons/02-docker-engine.md");
        let text = std::fs::read_to_string(&lesson).expect("lesson");
        std::fs::write(&lesson, text.replacen("# 도커 엔진 켜고 끄기", "# 고쳐 쓴 제목", 1)).expect("edit");
        let third = render_site(&dir).expect("third render");
        assert!(read(&dir, "02-docker-engine.html").contains("<h1>고쳐 쓴 제목</h1>"));
        assert!(!dir.join("02-docker-engine.html.gz").exists(), "a stale sibling would be served instead");
        assert_ne!(third.version, again.version);
        // A lesson taken out of the outline loses its page.
        let summary = dir.join("content/SUMMARY.md");
        let outline = std::fs::read_to_string(&summary).expect("summary");
        let without: String =
            outline.lines().filter(|l| !l.contains("14-exec-logs-inspect")).map(|l| format!("{l}\n")).collect();
        std::fs::write(&summary, without).expect("summary");
        let fourth = render_site(&dir).expect("fourth render");
        assert_eq!(fourth.removed, ["14-exec-logs-inspect.html"]);
        assert!(!dir.join("14-exec-logs-inspect.html").exists());
        assert!(!read(&dir, "index.html").contains("14-exec-logs-inspect"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_service_worker_keeps_every_file_but_compressed_copies() {
        let dir = built_site();
        std::fs::write(dir.join("main-0123.css.br"), "x").expect("sibling");
        let report = render_site(&dir).expect("render");
        let sw = read(&dir, "sw.js");
        assert!(sw.contains(&format!("const VERSION = '{}';", report.version)) && report.version.len() == 16);
        let files = &sw[sw.find("const FILES = [").expect("files")..];
        let files = &files[..files.find("];").expect("end")];
        for file in [
            "\"./\"",
            "\"index.html\"",
            "\"01-first-container.html\"",
            "\"content/SUMMARY.md\"",
            "\"main-0123.css\"",
            "\"whalelab-web-0123_bg.wasm\"",
            // The full app too: after one visit, a build or compose line works offline.
            "\"whalelab-full-4567.js\"",
            "\"whalelab-full-4567_bg.wasm\"",
        ] {
            assert!(files.contains(file), "{file} in {files}");
        }
        assert!(!files.contains(".br\"") && !files.contains("\"sw.js\""), "{files}");
        // A new full app (a change that reaches only the second wasm) is a new cache.
        std::fs::write(dir.join("whalelab-full-4567_bg.wasm"), [3u8; 5678]).expect("rebuilt");
        assert_ne!(render_site(&dir).expect("render again").version, report.version);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn every_page_names_the_full_app_and_the_check_page_loads_it() {
        let dir = built_site();
        let report = render_site(&dir).expect("render");
        let metas = "<meta name=\"whalelab-full-js\" content=\"whalelab-full-4567.js\">\
                     <meta name=\"whalelab-full-wasm\" content=\"whalelab-full-4567_bg.wasm\">\
                     <meta name=\"whalelab-full-bytes\" content=\"5678\">";
        for page in &report.pages {
            assert!(read(&dir, page).contains(metas), "{page} names the full app");
        }
        // A lesson page loads the lite app, as Trunk wrote its loader.
        let lesson = read(&dir, "01-first-container.html");
        assert!(lesson.contains("<meta name=\"whalelab-wasm-bytes\" content=\"1234\">"));
        assert!(lesson.contains("__trunkInitializer(init, './whalelab-web-0123_bg.wasm', 99999, initializer(), true)"));
        assert!(lesson.contains("href=./whalelab-web-0123.js integrity=sha384-LITEJS rel=modulepreload"));
        // The check page loads the full one: the loader, the preloads with the full files'
        // integrity, the size the progress counts against.
        let check = read(&dir, "check.html");
        assert!(check.contains("<meta name=\"whalelab-wasm-bytes\" content=\"5678\">"));
        assert!(check.contains("import init, * as bindings from './whalelab-full-4567.js';"));
        assert!(check.contains("import initializer from './0123-boot.js';"), "the same initializer");
        assert!(check.contains("__trunkInitializer(init, './whalelab-full-4567_bg.wasm', 5678, initializer(), true)"));
        assert!(check.contains(&format!(
            "<link crossorigin href=./whalelab-full-4567.js integrity={FULL_JS_INTEGRITY} rel=modulepreload>"
        )));
        assert!(check.contains(&format!(
            "<link as=fetch crossorigin href=./whalelab-full-4567_bg.wasm integrity={FULL_WASM_INTEGRITY} rel=preload"
        )));
        assert!(check.contains("href=./0123-boot.js integrity=sha384-BOOT rel=modulepreload"));
        assert!(!check.contains("whalelab-web-0123"), "nothing of the lite app is loaded there");
        assert!(check.contains("class=\"check-page\""));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_site_built_with_one_app_gets_no_full_metas() {
        let dir = built_site();
        std::fs::remove_file(dir.join("whalelab-full-4567_bg.wasm")).expect("remove");
        std::fs::remove_file(dir.join("whalelab-full-4567.js")).expect("remove");
        let report = render_site(&dir).expect("render");
        for page in &report.pages {
            assert!(!read(&dir, page).contains("whalelab-full"), "{page} names no full app");
        }
        let check = read(&dir, "check.html");
        assert!(check.contains("<meta name=\"whalelab-wasm-bytes\" content=\"1234\">"));
        assert!(check.contains("__trunkInitializer(init, './whalelab-web-0123_bg.wasm', 99999, initializer(), true)"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn half_a_full_app_or_two_of_them_are_refused() {
        let dir = built_site();
        std::fs::write(dir.join("whalelab-full-89ab_bg.wasm"), [2u8; 10]).expect("second");
        let err = render_site(&dir).unwrap_err();
        assert!(err.contains("whalelab-full-4567_bg.wasm, whalelab-full-89ab_bg.wasm"), "{err}");
        std::fs::remove_file(dir.join("whalelab-full-89ab_bg.wasm")).expect("remove");
        std::fs::remove_file(dir.join("whalelab-full-4567.js")).expect("remove");
        let err = render_site(&dir).unwrap_err();
        assert!(err.contains("`whalelab-full-4567.js`이(가) 없습니다"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn integrity_values_are_sha384_in_padded_base64() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        assert_eq!(integrity(b""), "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb");
        assert_eq!(integrity(FULL_JS.as_bytes()), FULL_JS_INTEGRITY);
        let quoted = "<link rel=\"preload\" href=\"./x_bg.wasm\" integrity=\"sha384-OLD\" as=\"fetch\">";
        assert_eq!(
            set_integrity(quoted, "x_bg.wasm", "sha384-NEW"),
            "<link rel=\"preload\" href=\"./x_bg.wasm\" integrity=\"sha384-NEW\" as=\"fetch\">"
        );
        assert_eq!(set_integrity(quoted, "y_bg.wasm", "sha384-NEW"), quoted, "another file's link is left alone");
    }

    #[test]
    fn a_folder_that_is_no_built_site_is_refused() {
        let dir = built_site();
        std::fs::write(dir.join("index.html"), "<p>no shell</p>").expect("write");
        assert!(render_site(&dir).unwrap_err().contains("<title>"));
        std::fs::remove_file(dir.join("index.html")).expect("remove");
        assert!(render_site(&dir).unwrap_err().contains("빌드"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_lesson_named_like_a_page_of_the_site_gets_none() {
        let dir = built_site();
        std::fs::copy(dir.join("content/lessons/_template.md"), dir.join("content/lessons/check.md")).expect("copy");
        let summary = dir.join("content/SUMMARY.md");
        let outline = std::fs::read_to_string(&summary).expect("summary");
        std::fs::write(&summary, format!("{outline}\n- [검사](lessons/check.md)\n")).expect("summary");
        let report = render_site(&dir).expect("render");
        assert!(report.skipped.iter().any(|s| s.contains("`check.html`")), "{:?}", report.skipped);
        assert!(read(&dir, "check.html").contains("class=\"check-page\""), "the check page stays the check page");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
