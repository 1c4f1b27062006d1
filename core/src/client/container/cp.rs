//! `docker cp` (and `docker container cp`): copy files between a container and the host.
//!
//! The steps and messages follow docker/cli v28 and moby's archive rules: which argument is
//! the container (`NAME:PATH`; a local path with a colon needs `./`), where a file or directory
//! lands (into an existing directory, as a new name, the contents only with `SRC/.`), the errors
//! (`no such directory`, `cannot copy directory`, `Could not find the file ... in container ...`)
//! and the summary `Successfully copied 2.05kB to /home/user/.`, whose size is that of the tar
//! stream and which appears only when stdout is a terminal. Files arriving on the host belong
//! to the learner; files arriving in the container belong to root. Copying works on stopped
//! containers too.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::ClientHost;
use crate::engine::Engine;
use crate::go::units::size as human_size;
use crate::output::Output;
use crate::shell::fs::{self, Fs, Node, NodeKind, Who, WriteMode};

/// The size of a tar stream holding these nodes: a 512-byte header each, file data padded to
/// 512 bytes, and the two empty blocks that end the archive.
pub fn tar_size<'a>(nodes: impl IntoIterator<Item = &'a Node>) -> u64 {
    let mut total = 1024;
    for n in nodes {
        total += 512;
        if let NodeKind::File(t) = &n.kind {
            total += (t.len() as u64).div_ceil(512) * 512;
        }
    }
    total
}

/// Splits `NAME:PATH` as the CLI does: absolute paths and paths starting with `.` are local.
fn split_arg(arg: &str) -> (Option<&str>, &str) {
    if arg.starts_with('/') {
        return (None, arg);
    }
    match arg.split_once(':') {
        Some((c, p)) if !c.starts_with('.') => (Some(c), p),
        _ => (None, arg),
    }
}

/// Go's `filepath.Base`.
fn base(p: &str) -> &str {
    let t = p.trim_end_matches('/');
    if t.is_empty() {
        return "/";
    }
    t.rsplit('/').next().unwrap_or(t)
}

/// moby's `PreserveTrailingDotOrSeparator`: a cleaned absolute path that keeps the `/.` or `/`
/// the user typed at its end.
fn preserve_trailing(cleaned: &str, original: &str) -> String {
    let mut p = cleaned.to_string();
    if base(&p) != "." && base(original) == "." {
        if !p.ends_with('/') {
            p.push('/');
        }
        p.push('.');
    }
    if !p.ends_with('/') && original.ends_with('/') {
        p.push('/');
    }
    p
}

/// Where the copy goes and what it copies.
struct Plan {
    /// Every node to place, by destination path, parents first.
    items: Vec<(String, Node)>,
}

/// moby's copy rules: where `src` (at `src_path`, as typed) lands given what is at `dst`.
fn plan(
    src_tree: &[(String, Node)],
    src_path: &str,
    dst: &str,
    dst_node: Option<&Node>,
    dst_parent_is_dir: bool,
) -> Result<Plan, String> {
    let Some((_, root)) = src_tree.first() else { return Err("no such file".to_string()) };
    let contents_only = base(src_path) == "." && root.is_dir();
    let name = base(fs::normalize("/", src_path.trim_end_matches("/.")).as_str()).to_string();
    let target = match dst_node {
        Some(d) if d.is_dir() => {
            if contents_only {
                fs::normalize("/", dst)
            } else {
                let d = fs::normalize("/", dst);
                if d == "/" {
                    format!("/{name}")
                } else {
                    format!("{d}/{name}")
                }
            }
        }
        Some(_) if root.is_dir() => return Err("cannot copy directory".to_string()),
        Some(_) => fs::normalize("/", dst),
        None => {
            if dst.ends_with('/') && !root.is_dir() {
                return Err("no such directory".to_string());
            }
            if !dst_parent_is_dir {
                return Err("no such directory".to_string());
            }
            fs::normalize("/", dst)
        }
    };
    let mut items = Vec::new();
    for (rel, node) in src_tree {
        let path =
            if rel.is_empty() { target.clone() } else { format!("{}{rel}", if target == "/" { "" } else { &target }) };
        // `SRC/.` into an existing directory adds only the contents; into a new name it
        // creates that directory first.
        if rel.is_empty() && contents_only && dst_node.is_some() {
            continue;
        }
        items.push((path, node.clone()));
    }
    Ok(Plan { items })
}

/// Nodes at and below `path` with paths relative to it (`""` first).
fn tree_at(files: &Fs, path: &str) -> Vec<(String, Node)> {
    files
        .walk(path)
        .into_iter()
        .map(|(p, n)| {
            (
                if path == "/" {
                    if p == "/" {
                        String::new()
                    } else {
                        p.to_string()
                    }
                } else {
                    p.get(path.len()..).unwrap_or("").to_string()
                },
                n.clone(),
            )
        })
        .collect()
}

/// `docker cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-` and the other way round.
#[derive(Clone, Debug, PartialEq)]
pub struct Cp<'a> {
    /// SRC.
    pub src: &'a str,
    /// DEST.
    pub dst: &'a str,
    /// `-q, --quiet`: no `Successfully copied` summary.
    pub quiet: bool,
}

impl<'a> Cp<'a> {
    /// Reads the invocation (the parser has checked there are two arguments).
    pub fn parse(inv: &'a Invocation) -> Cp<'a> {
        let arg = |i: usize| inv.args.get(i).map(String::as_str).unwrap_or("");
        Cp { src: arg(0), dst: arg(1), quiet: inv.flags.bool("quiet") }
    }

    /// Copies between the container and the host's files.
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>) -> Output {
        cp(engine, &self, host)
    }
}

fn cp(engine: &mut Engine, args: &Cp, host: &mut ClientHost<'_>) -> Output {
    let mut out = Output::new();
    let (src, dst) = (&args.src, &args.dst);
    let fail = |mut out: Output, text: String| {
        out.err(text);
        out.code = 1;
        out
    };
    if src.is_empty() {
        return fail(out, "source can not be empty".to_string());
    }
    if dst.is_empty() {
        return fail(out, "destination can not be empty".to_string());
    }
    let quiet = args.quiet || !host.tty;
    let (src_ctr, src_path) = split_arg(src);
    let (dst_ctr, dst_path) = split_arg(dst);
    match (src_ctr, dst_ctr) {
        (Some(_), Some(_)) => fail(out, "copying between containers is not supported".to_string()),
        (None, None) => fail(out, "must specify at least one container source".to_string()),
        (Some(name), None) => {
            let c = match engine.container_resolve(name) {
                Ok(c) => c.id.clone(),
                Err(e) => return fail(out, from_daemon(&e)),
            };
            let Some(view) = engine.container_fs(&c, host.fs) else {
                return fail(out, format!("Error response from daemon: No such container: {name}"));
            };
            let inside = fs::normalize("/", src_path);
            let tree = tree_at(&view, &inside);
            if tree.is_empty() {
                return fail(
                    out,
                    format!("Error response from daemon: Could not find the file {src_path} in container {name}"),
                );
            }
            let size = tar_size(tree.iter().map(|(_, n)| n));
            if dst_path == "-" {
                // A tar stream to stdout; the terminal shows the files' text.
                for (_, n) in &tree {
                    if let NodeKind::File(t) = &n.kind {
                        out.out_text(t);
                    }
                }
                return out;
            }
            let abs = preserve_trailing(&fs::normalize(host.cwd, dst_path), dst_path);
            let clean = fs::normalize("/", &abs);
            let dst_node = host.fs.get(&clean).cloned();
            let parent = fs::parent(&clean).to_string();
            if dst_node.is_none() && !host.fs.is_dir(&parent) {
                return fail(out, format!("lstat {parent}: no such file or directory"));
            }
            let p = match plan(&tree, src_path, &abs, dst_node.as_ref(), true) {
                Ok(p) => p,
                Err(e) => return fail(out, e),
            };
            let now = host.now;
            for (path, node) in p.items {
                let r = if node.is_dir() {
                    match host.fs.get(&path) {
                        Some(n) if n.is_dir() => Ok(()),
                        _ => host.fs.mkdir(&path, Who::User, now),
                    }
                } else {
                    host.fs.write(&path, "", WriteMode::Truncate, Who::User, now)
                };
                if let Err(e) = r {
                    return fail(out, format!("open {path}: {}", e.to_string().to_lowercase()));
                }
                // The learner owns what arrives; mode and time come from the archive.
                let placed =
                    Node { kind: node.kind.clone(), owner: fs::USER.to_string(), mode: node.mode, mtime: node.mtime };
                if !placed.is_dir() {
                    let _ = host.fs.insert(&path, placed);
                }
            }
            if !quiet {
                out.err(format!("Successfully copied {} to {abs}", human_size(size)));
            }
            out
        }
        (None, Some(name)) => {
            let c = match engine.container_resolve(name) {
                Ok(c) => c.id.clone(),
                Err(e) => return fail(out, from_daemon(&e)),
            };
            if src_path == "-" {
                return fail(out, format!("destination \"{name}:{dst_path}\" must be a directory"));
            }
            let abs = preserve_trailing(&fs::normalize(host.cwd, src_path), src_path);
            let clean = fs::normalize("/", &abs);
            if host.fs.lookup(&clean, Who::User).is_err() {
                return fail(out, format!("lstat {clean}: no such file or directory"));
            }
            let tree = tree_at(host.fs, &clean);
            if let Some((_, root)) = tree.first() {
                if !root.is_dir() && host.fs.read(&clean, Who::User).is_err() {
                    return fail(out, format!("open {clean}: permission denied"));
                }
            }
            let size = tar_size(tree.iter().map(|(_, n)| n));
            let Some(mut view) = engine.container_fs(&c, host.fs) else {
                return fail(out, format!("Error response from daemon: No such container: {name}"));
            };
            let inside = fs::normalize("/", dst_path);
            let dst_node = view.get(&inside).cloned();
            let parent = fs::parent(&inside).to_string();
            if dst_node.is_none() && !view.is_dir(&parent) {
                // The client asks the daemon to extract into the destination's directory, as typed.
                let typed_parent = match dst_path.trim_end_matches('/').rsplit_once('/') {
                    Some(("", _)) => "/",
                    Some((p, _)) => p,
                    None => ".",
                };
                return fail(
                    out,
                    format!("Error response from daemon: Could not find the file {typed_parent} in container {name}"),
                );
            }
            let read_only = engine
                .container(&c)
                .map(|cc| engine.container_file_mounts(cc))
                .unwrap_or_default()
                .into_iter()
                .any(|m| m.read_only && crate::engine::files::is_within(&inside, &m.target));
            if read_only {
                return fail(out, "Error response from daemon: mounted volume is marked read-only".to_string());
            }
            let p = match plan(&tree, src_path, dst_path, dst_node.as_ref(), true) {
                Ok(p) => p,
                Err(e) => return fail(out, e),
            };
            for (path, node) in p.items {
                let placed =
                    Node { kind: node.kind.clone(), owner: "root".to_string(), mode: node.mode, mtime: node.mtime };
                if view.get(&path).is_some_and(|n| n.is_dir() != placed.is_dir()) {
                    let _ = view.remove(&path, true, Who::Root, host.now);
                }
                let _ = view.insert(&path, placed);
            }
            engine.container_fs_store(&c, &view, host.fs);
            if !quiet {
                out.err(format!("Successfully copied {} to {name}:{dst_path}", human_size(size)));
            }
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn human_size_matches_go_units() {
        assert_eq!(human_size(2048), "2.05kB");
        assert_eq!(human_size(45), "45B");
        assert_eq!(human_size(1000), "1kB");
        assert_eq!(human_size(123_456), "123kB");
        assert_eq!(human_size(1_234_567), "1.23MB");
    }

    #[test]
    fn tar_of_a_small_file_is_2048_bytes() {
        let n = Node { kind: NodeKind::File("x".repeat(45)), owner: "root".into(), mode: 0o644, mtime: 0 };
        assert_eq!(tar_size([&n]), 2048);
        let big = Node { kind: NodeKind::File("x".repeat(615)), owner: "root".into(), mode: 0o644, mtime: 0 };
        assert_eq!(tar_size([&big]), 2560);
    }

    #[test]
    fn args_split_like_the_cli() {
        assert_eq!(split_arg("web:/etc/hosts"), (Some("web"), "/etc/hosts"));
        assert_eq!(split_arg("/tmp/a:b"), (None, "/tmp/a:b"));
        assert_eq!(split_arg("./a:b"), (None, "./a:b"));
        assert_eq!(split_arg("index.html"), (None, "index.html"));
        assert_eq!(preserve_trailing("/home/user", "."), "/home/user/.");
        assert_eq!(preserve_trailing("/home/user/x", "x/"), "/home/user/x/");
    }
}
