//! The file tree an image ships with, built from `rootfs.toml` (plus the registry's `[[os]]`
//! data when it names the image's base system).
//!
//! The tree is a plain [`Fs`]: directories and text files owned by root, with the image's build
//! time as their modification time (or a recorded time where HTTP headers show it). Programs are
//! empty executable files, which is all `ls`, `which` and "command not found" need. Nothing here
//! touches a container's own changes; `files/mod.rs` layers those on top. A broken data file
//! yields an empty catalogue (and a failing test), never a panic.

use crate::engine::registry;
use crate::engine::LocalImage;
use crate::env::SimTime;
use crate::go::time::parse_rfc3339;
use crate::map::Map;
use crate::shell::fs::{Fs, Node, NodeKind};
use serde::Deserialize;
use std::sync::OnceLock;

/// One base system (`[[base]]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Base {
    /// `debian12`, `alpine3.21`, ...
    pub name: String,
    /// First-layer name prefixes that select this base.
    #[serde(default)]
    pub layers: Vec<String>,
    /// Repositories that use it when no layer matches.
    #[serde(default)]
    pub repos: Vec<String>,
    /// `bash` or `ash`.
    #[serde(default)]
    pub shell: String,
    /// bash's version as `\v` shows it (`5.2`).
    #[serde(default)]
    pub bash_version: String,
    /// The interactive prompt template.
    #[serde(default)]
    pub ps1: String,
    /// `/bin` mirrors `/usr/bin` (Debian 12, Ubuntu, Oracle Linux 9).
    #[serde(default)]
    pub merged_usr: bool,
    /// `apt`, `apk`, `microdnf` or `none`.
    #[serde(default)]
    pub pkg: String,
    /// Entries of `/`.
    #[serde(default)]
    pub root: Vec<String>,
    /// More directories, `path` or `path:mode`.
    #[serde(default)]
    pub dirs: Vec<String>,
    /// Programs in `/usr/bin` (merged) or `/bin`.
    #[serde(default)]
    pub bin: String,
    /// Programs in `/usr/bin` when `/bin` is separate (Alpine).
    #[serde(default)]
    pub usr_bin: String,
    /// Programs in `/usr/sbin` (merged) or `/sbin`.
    #[serde(default)]
    pub sbin: String,
    /// Text files.
    #[serde(default)]
    pub files: Map<String, String>,
}

/// What one repository's images add (`[[image]]`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageFiles {
    /// Repository names (without `library/`).
    pub repos: Vec<String>,
    /// Directories, `path` or `path:mode`.
    #[serde(default)]
    pub dirs: Vec<String>,
    /// Executables by directory.
    #[serde(default)]
    pub programs: Map<String, String>,
    /// Text files.
    #[serde(default)]
    pub files: Map<String, String>,
    /// Recorded modification times (RFC 3339) of some files.
    #[serde(default)]
    pub mtimes: Map<String, String>,
    /// Files the main process keeps while it runs.
    #[serde(default)]
    pub running: Map<String, String>,
    /// Files (or, with a trailing `/`, directories) the first start writes.
    #[serde(default)]
    pub started: Map<String, String>,
    /// The web server behind the image's port.
    #[serde(default)]
    pub http: Option<HttpServer>,
}

/// A web server an image runs as its main process.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HttpServer {
    /// `apache` or `nginx`: which server's headers and error pages.
    pub server: String,
    /// The port it listens on inside the container.
    pub port: u16,
    /// The document root.
    pub root: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    #[serde(default)]
    base: Vec<Base>,
    #[serde(default)]
    image: Vec<ImageFiles>,
}

/// The parsed data file. An unreadable file gives an empty catalogue; the tests catch that.
fn catalogue() -> &'static Catalogue {
    static CAT: OnceLock<Catalogue> = OnceLock::new();
    CAT.get_or_init(|| parse(include_str!("rootfs.toml")).unwrap_or_default())
}

fn parse(text: &str) -> Result<Catalogue, String> {
    crate::toml_lite::from_str(text).map_err(|e| e.to_string())
}

/// The repository name without `library/` and any registry host.
fn repo_name(image: &LocalImage) -> &str {
    let p = image.repo_path.as_str();
    p.strip_prefix("library/").unwrap_or(p)
}

/// The base system an image is built on: the registry's word if it names one we know, then its
/// first layer, then its repository, then Debian 12 (what most official images use).
pub fn base_of(image: &LocalImage) -> &'static Base {
    let cat = catalogue();
    let os = image.process.os.as_str();
    if !os.is_empty() {
        if let Some(b) = cat.base.iter().find(|b| b.name == os) {
            return b;
        }
        // `alpine3.20` when we only describe `alpine3.21`: same family is close enough.
        let family: String = os.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if let Some(b) = cat.base.iter().find(|b| !family.is_empty() && b.name.starts_with(&family)) {
            return b;
        }
        // A system only the registry knows: its own programs and files on a plain skeleton.
        if registry::registry().os(os).is_some() {
            if let Some(b) = cat.base.iter().find(|b| b.name == "generic") {
                return b;
            }
        }
    }
    if let Some(first) = image.layers.first() {
        if let Some(b) = cat.base.iter().find(|b| b.layers.iter().any(|p| first.name.starts_with(p.as_str()))) {
            return b;
        }
    }
    let repo = repo_name(image);
    if let Some(b) = cat.base.iter().find(|b| b.repos.iter().any(|r| r == repo)) {
        return b;
    }
    static FALLBACK: OnceLock<Base> = OnceLock::new();
    cat.base.iter().find(|b| b.name == "debian12").unwrap_or_else(|| FALLBACK.get_or_init(Base::default))
}

/// The `[[image]]` entry of an image's repository, if it has one.
pub fn image_files(image: &LocalImage) -> Option<&'static ImageFiles> {
    let repo = repo_name(image);
    catalogue().image.iter().find(|i| i.repos.iter().any(|r| r == repo))
}

/// The web server an image runs, if any.
pub fn http_server(image: &LocalImage) -> Option<&'static HttpServer> {
    image_files(image).and_then(|i| i.http.as_ref())
}

fn dir_node(mode: u32, mtime: SimTime) -> Node {
    Node { kind: NodeKind::Dir, owner: "root".into(), mode, mtime }
}

fn file_node(text: &str, mode: u32, mtime: SimTime) -> Node {
    Node { kind: NodeKind::File(text.to_string()), owner: "root".into(), mode, mtime }
}

/// Adds a directory (and its parents) given as `path` or `path:mode`.
fn add_dir(fs: &mut Fs, spec: &str, mtime: SimTime) {
    let (path, mode) = match spec.rsplit_once(':') {
        Some((p, m)) => (p, u32::from_str_radix(m, 8).unwrap_or(0o755)),
        None => (spec, 0o755),
    };
    if path.starts_with('/') && path != "/" {
        let _ = fs.insert(path, dir_node(mode, mtime));
    }
}

fn add_programs(fs: &mut Fs, dir: &str, names: &str, mtime: SimTime) {
    for name in names.split_whitespace() {
        let path = if dir == "/" { format!("/{name}") } else { format!("{dir}/{name}") };
        if fs.get(&path).is_none() {
            let _ = fs.insert(&path, file_node("", 0o755, mtime));
        }
    }
}

/// Whether a program of this name is anywhere a shell would find it.
fn has_program(fs: &Fs, name: &str) -> bool {
    ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        .iter()
        .any(|d| fs.get(&format!("{d}/{name}")).is_some())
}

/// The tree an image from the registry ships with.
pub fn image_tree(image: &LocalImage) -> Fs {
    let mtime = image.created;
    let base = base_of(image);
    let mut fs = Fs::empty();
    let os = registry::registry().os(&image.process.os);
    let root = match &os {
        Some(o) if !o.root.is_empty() => &o.root,
        _ => &base.root,
    };
    for entry in root {
        let mode = match entry.as_str() {
            "root" => 0o700,
            "tmp" => 0o1777,
            "proc" | "sys" => 0o555,
            _ => 0o755,
        };
        let _ = fs.insert(&format!("/{entry}"), dir_node(mode, mtime));
    }
    for d in &base.dirs {
        add_dir(&mut fs, d, mtime);
    }
    let _ = fs.insert("/dev/null", file_node("", 0o666, mtime));
    if base.merged_usr {
        for dir in ["/usr/bin", "/bin"] {
            add_programs(&mut fs, dir, &base.bin, mtime);
        }
        for dir in ["/usr/sbin", "/sbin"] {
            add_programs(&mut fs, dir, &base.sbin, mtime);
        }
    } else {
        add_programs(&mut fs, "/bin", &base.bin, mtime);
        add_programs(&mut fs, "/usr/bin", &base.usr_bin, mtime);
        add_programs(&mut fs, "/sbin", &base.sbin, mtime);
    }
    for (path, text) in &base.files {
        let _ = fs.insert(path, file_node(text, 0o644, mtime));
    }
    // The registry's view of the same system wins where both describe it.
    if let Some(os) = &os {
        for (path, lines) in &os.files {
            let mut text = lines.join("\n");
            text.push('\n');
            let _ = fs.insert(path, file_node(&text, 0o644, mtime));
        }
        for p in &os.programs {
            if !has_program(&fs, p) {
                if base.merged_usr {
                    add_programs(&mut fs, "/usr/bin", p, mtime);
                    add_programs(&mut fs, "/bin", p, mtime);
                } else {
                    add_programs(&mut fs, "/bin", p, mtime);
                }
            }
        }
    }
    if let Some(img) = image_files(image) {
        for d in &img.dirs {
            add_dir(&mut fs, d, mtime);
        }
        for (dir, names) in &img.programs {
            add_programs(&mut fs, dir, names, mtime);
        }
        for (path, text) in &img.files {
            let t = img.mtimes.get(path).and_then(|s| parse_rfc3339(s)).unwrap_or(mtime);
            let mode = if fs.get(path).is_some_and(|n| n.mode & 0o111 != 0) { 0o755 } else { 0o644 };
            let _ = fs.insert(path, file_node(text, mode, t));
        }
    }
    for p in image.process.programs.iter().chain(image.process.main.iter()) {
        if !p.contains('/') && !has_program(&fs, p) {
            add_programs(&mut fs, "/usr/local/bin", p, mtime);
        }
    }
    // `WORKDIR` creates its directory when the image is built.
    let workdir = crate::shell::fs::normalize("/", &image.config.workdir);
    if !image.config.workdir.is_empty() && fs.get(&workdir).is_none() {
        add_dir(&mut fs, &workdir, mtime);
    }
    fs
}

/// What the first start of the image's main process writes: `(path, Some(text))` for a file,
/// `(path, None)` for a directory.
pub fn started_files(image: &LocalImage) -> Vec<(String, Option<String>)> {
    let Some(img) = image_files(image) else { return Vec::new() };
    img.started
        .iter()
        .map(|(p, t)| match p.strip_suffix('/') {
            Some(dir) => (dir.to_string(), None),
            None => (p.clone(), Some(t.clone())),
        })
        .collect()
}

/// Files the main process holds while it runs (pid files).
pub fn running_files(image: &LocalImage) -> Vec<(String, String)> {
    image_files(image).map(|i| i.running.iter().map(|(p, t)| (p.clone(), t.clone())).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::registry::{ImageConfig, Layer, ProcessSpec};

    pub(crate) fn image(repo: &str, first_layer: &str) -> LocalImage {
        LocalImage {
            id: "sha256:0".into(),
            repo_path: format!("library/{repo}"),
            config: ImageConfig::default(),
            process: ProcessSpec::default(),
            created: 1_700_000_000_000,
            size: 0,
            layers: vec![Layer { name: first_layer.into(), size: 1, digest: None }],
        }
    }

    #[test]
    fn data_file_parses() {
        let cat = parse(include_str!("rootfs.toml")).expect("rootfs.toml parses");
        assert!(cat.base.len() >= 5);
        assert!(cat.image.iter().any(|i| i.repos.contains(&"httpd".to_string())));
    }

    #[test]
    fn httpd_tree_has_its_page_and_no_ps() {
        let fs = image_tree(&image("httpd", "debian:bookworm-slim"));
        assert_eq!(fs.get("/usr/local/apache2/htdocs/index.html").map(|n| n.size()), Some(45));
        assert!(fs.get("/usr/bin/ls").is_some() && fs.get("/bin/bash").is_some());
        assert!(fs.get("/usr/bin/ps").is_none(), "debian slim has no procps");
        assert!(fs.get("/usr/local/apache2/bin/httpd").is_some());
        let os = fs.read("/etc/os-release", crate::shell::Who::Root).unwrap();
        assert!(os.starts_with("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\""));
    }

    #[test]
    fn nginx_pages_have_their_real_sizes() {
        let fs = image_tree(&image("nginx", "debian:bookworm-slim"));
        assert_eq!(fs.get("/usr/share/nginx/html/index.html").map(|n| n.size()), Some(615));
        assert_eq!(fs.get("/usr/share/nginx/html/50x.html").map(|n| n.size()), Some(497));
        assert!(fs.get("/usr/bin/curl").is_some());
    }

    #[test]
    fn bases_are_chosen_by_layer_then_repo() {
        assert_eq!(base_of(&image("ubuntu", "ubuntu:noble")).name, "ubuntu24.04");
        assert_eq!(base_of(&image("alpine", "whatever")).name, "alpine3.21");
        assert_eq!(base_of(&image("unknown", "whatever")).name, "debian12");
        let fs = image_tree(&image("alpine", "alpine:3.21"));
        assert!(fs.get("/bin/ps").is_some() && fs.get("/usr/bin/ps").is_none());
        assert!(fs.get("/bin/bash").is_none());
    }
}
