//! The file tree an image ships with, built from its base system (`os/NAME.toml` in the
//! catalogue, with its `base` chain folded in) and its repository's `[tree]`.
//!
//! The tree is a plain [`Fs`]: directories and text files owned by root, with the image's build
//! time as their modification time (or a recorded time where HTTP headers show it). Programs are
//! empty executable files, which is all `ls`, `which` and "command not found" need. Nothing here
//! touches a container's own changes; `files/mod.rs` layers those on top. Data the catalogue has
//! not loaded yet gives a smaller tree (the session runs the line again once it is loaded),
//! never a panic.

use crate::catalogue::{Catalogue, HttpServer, OsInfo, Tree};
use crate::engine::LocalImage;
use crate::env::SimTime;
use crate::go::time::parse_rfc3339;
use crate::shell::fs::{Fs, Node, NodeKind};

/// The system most official images are built on: what an image that names no base system gets.
const DEFAULT_SYSTEM: &str = "debian12";

/// The base system an image is built on, with its inheritance folded in.
pub fn system<'c>(cat: &'c Catalogue, image: &LocalImage) -> Option<&'c OsInfo> {
    let os = image.process.os.as_str();
    cat.os(if os.is_empty() { DEFAULT_SYSTEM } else { os })
}

/// The trees of an image's repository (and the repositories its `tree.from` names), base first.
pub fn image_files<'c>(cat: &'c Catalogue, image: &LocalImage) -> Vec<&'c Tree> {
    cat.trees(&image.catalogue_name())
}

/// The web server an image runs, if any.
pub fn http_server(cat: &Catalogue, image: &LocalImage) -> Option<HttpServer> {
    cat.http(&image.catalogue_name()).cloned()
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

/// The tree an image from the catalogue ships with.
pub fn image_tree(cat: &Catalogue, image: &LocalImage) -> Fs {
    let mtime = image.created;
    let mut fs = Fs::empty();
    let fallback = OsInfo::default();
    let os = system(cat, image).unwrap_or(&fallback);
    for entry in &os.root {
        let mode = match entry.as_str() {
            "root" => 0o700,
            "tmp" => 0o1777,
            "proc" | "sys" => 0o555,
            _ => 0o755,
        };
        let _ = fs.insert(&format!("/{entry}"), dir_node(mode, mtime));
    }
    for d in &os.dirs {
        add_dir(&mut fs, d, mtime);
    }
    let _ = fs.insert("/dev/null", file_node("", 0o666, mtime));
    let merged_usr = os.merged_usr.unwrap_or(false);
    if merged_usr {
        for dir in ["/usr/bin", "/bin"] {
            add_programs(&mut fs, dir, &os.bin, mtime);
        }
        for dir in ["/usr/sbin", "/sbin"] {
            add_programs(&mut fs, dir, &os.sbin, mtime);
        }
    } else {
        add_programs(&mut fs, "/bin", &os.bin, mtime);
        add_programs(&mut fs, "/usr/bin", &os.usr_bin, mtime);
        add_programs(&mut fs, "/sbin", &os.sbin, mtime);
    }
    for (path, text) in &os.files {
        let _ = fs.insert(path, file_node(text, 0o644, mtime));
    }
    for p in &os.programs {
        if !has_program(&fs, p) {
            if merged_usr {
                add_programs(&mut fs, "/usr/bin", p, mtime);
                add_programs(&mut fs, "/bin", p, mtime);
            } else {
                add_programs(&mut fs, "/bin", p, mtime);
            }
        }
    }
    for img in image_files(cat, image) {
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
pub fn started_files(cat: &Catalogue, image: &LocalImage) -> Vec<(String, Option<String>)> {
    image_files(cat, image)
        .into_iter()
        .flat_map(|t| t.started.iter())
        .map(|(p, t)| match p.strip_suffix('/') {
            Some(dir) => (dir.to_string(), None),
            None => (p.clone(), Some(t.clone())),
        })
        .collect()
}

/// Files the main process holds while it runs (pid files).
pub fn running_files(cat: &Catalogue, image: &LocalImage) -> Vec<(String, String)> {
    image_files(cat, image).into_iter().flat_map(|t| t.running.iter()).map(|(p, t)| (p.clone(), t.clone())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::{ImageConfig, Layer, ProcessSpec};

    fn image(repo: &str, os: &str) -> LocalImage {
        LocalImage {
            id: "sha256:0".into(),
            repo_path: format!("library/{repo}"),
            domain: String::new(),
            config: ImageConfig::default(),
            process: ProcessSpec { os: os.into(), ..ProcessSpec::default() },
            own_command: None,
            created: 1_700_000_000_000,
            size: 0,
            layers: vec![Layer { name: "x".into(), size: 1, digest: None }],
        }
    }

    fn tree(repo: &str, os: &str) -> Fs {
        image_tree(&crate::catalogue::testing::full(), &image(repo, os))
    }

    #[test]
    fn httpd_tree_has_its_page_and_no_ps() {
        let fs = tree("httpd", "debian12");
        assert_eq!(fs.get("/usr/local/apache2/htdocs/index.html").map(|n| n.size()), Some(45));
        assert!(fs.get("/usr/bin/ls").is_some() && fs.get("/bin/bash").is_some());
        assert!(fs.get("/usr/bin/ps").is_none(), "debian slim has no procps");
        assert!(fs.get("/usr/local/apache2/bin/httpd").is_some());
        let os = fs.read("/etc/os-release", crate::shell::Who::Root).unwrap();
        assert!(os.starts_with("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\""));
    }

    #[test]
    fn nginx_pages_have_their_real_sizes() {
        let fs = tree("nginx", "debian12");
        assert_eq!(fs.get("/usr/share/nginx/html/index.html").map(|n| n.size()), Some(615));
        assert_eq!(fs.get("/usr/share/nginx/html/50x.html").map(|n| n.size()), Some(497));
        assert!(fs.get("/usr/bin/curl").is_some());
    }

    #[test]
    fn systems_inherit_their_base_skeleton() {
        let cat = crate::catalogue::testing::full();
        assert_eq!(system(&cat, &image("alpine", "alpine3.20")).map(|o| o.tree_name.as_str()), Some("alpine3.21"));
        assert_eq!(system(&cat, &image("x", "")).map(|o| o.tree_name.as_str()), Some("debian12"));
        let fs = tree("alpine", "alpine3.21");
        assert!(fs.get("/bin/ps").is_some() && fs.get("/usr/bin/ps").is_none());
        assert!(fs.get("/bin/bash").is_none());
        let fs = tree("alpine", "alpine3.20");
        assert!(fs.read("/etc/alpine-release", crate::shell::Who::Root).is_ok_and(|t| t == "3.20.5\n"));
    }
}
