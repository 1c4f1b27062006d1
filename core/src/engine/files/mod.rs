//! Container filesystems: what a container's processes see, and what survives it.
//!
//! A container's view is built on demand, as overlayfs would present it: the image's tree
//! ([`rootfs`], plus the layers of `docker commit` ancestors), then the container's own
//! writable layer (files it added or changed, and whiteouts for what it deleted), then the
//! files Docker generates (`/etc/hostname`, `/etc/hosts`, `/etc/resolv.conf`), then its volumes
//! and bind mounts at their paths. Callers take the view as a plain [`Fs`] (so the host's
//! shell code runs inside a container unchanged), change it, and hand it back to
//! [`Engine::container_fs_store`], which splits the changes again: mount contents go to the
//! volume store (keyed by volume name, so they outlive the container) or to the host's own
//! filesystem (bind mounts), the rest becomes the container's layer. `docker diff` and
//! `docker commit` read the same layer.
//!
//! This module is a child of `engine` so it can keep its data in the engine (and thus in
//! undo, saves and replays); it never formats terminal text.

pub mod rootfs;

use super::container::Container;
use super::error::DaemonError;
use super::reference::ImageRef;
use super::registry::sha256_hex;
use super::volume::{MountType, VOLUMES_ROOT};
use super::{Engine, LocalImage};
use crate::catalogue::{ImageConfig, Layer};
use crate::env::SimTime;
use crate::event::{Action, ObjectKind};
use crate::map::{Map, Set};
use crate::shell::fs::{self, Fs, Node, NodeKind, Who};
use serde::{Deserialize, Serialize};

/// Files Docker writes for every container and bind-mounts over the image's: they never show
/// in `docker diff` or a commit.
pub const GENERATED: [&str; 4] = ["/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/proc/version"];

/// How deep `docker commit` chains may go before we stop following parents (a guard against
/// a cycle in corrupted save data, not a Docker limit).
const MAX_CHAIN: usize = 64;

/// One entry of a writable layer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    /// The path holds this node (added, or changed from the image's).
    Put(Node),
    /// The image's node at this path (and everything below it) is deleted.
    Whiteout,
}

/// A layer: entries by absolute path.
pub type LayerEntries = Map<String, Entry>;

/// A container's writable layer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct ContainerLayer {
    entries: LayerEntries,
    /// The first start's own changes (nginx's cache directories) are part of `entries`.
    started: bool,
}

/// An image made by `docker commit`: its parent and the layer on top.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitRecord {
    /// The image the container was created from.
    pub parent: String,
    /// The container's changes.
    pub layer: LayerEntries,
    /// `docker history`'s CREATED BY: the container's command (`/bin/bash`).
    pub created_by: String,
    /// `-m`.
    pub comment: String,
    /// `-a`.
    pub author: String,
    /// When it was committed.
    pub created: SimTime,
    /// Bytes the layer adds (`docker history`'s SIZE).
    pub size: u64,
}

/// Everything this module keeps: container layers, volume contents and committed layers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStore {
    containers: Map<String, ContainerLayer>,
    /// Volume contents by volume name; a volume without an entry has never been used and
    /// gets the image's files at its mount point the first time (Docker's copy-up).
    volumes: Map<String, VolumeData>,
    pub(in crate::engine) commits: Map<String, CommitRecord>,
}

/// What a volume holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct VolumeData {
    /// The creation time of the volume this data belongs to: a volume removed and created
    /// again under the same name starts empty.
    created: Option<SimTime>,
    /// Nodes by path relative to the volume's root (`/index.html`).
    tree: Tree,
}

/// Where a mount's files live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MountSource {
    /// A named or anonymous volume.
    Volume(String),
    /// A host directory or file (absolute path).
    Bind(String),
}

/// One mount of a container, as far as its files are concerned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileMount {
    /// Absolute path inside the container.
    pub target: String,
    /// What is mounted there.
    pub source: MountSource,
    /// `:ro` / `readonly`.
    pub read_only: bool,
}

/// One line of `docker diff`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// `A`, `C` or `D`.
    pub kind: char,
    /// Absolute path.
    pub path: String,
}

/// Options of `docker commit`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommitOptions {
    /// `REPOSITORY[:TAG]`.
    pub reference: Option<String>,
    /// `-m`.
    pub comment: String,
    /// `-a`.
    pub author: String,
    /// `-c` Dockerfile instructions.
    pub changes: Vec<String>,
}

/// Parses `-v` and `--mount` specs into mount points. Relative or `~` host paths are left to
/// the client; a spec we cannot read is skipped (the daemon's validation is the client's job).
pub fn parse_mount_spec(spec: &str, container_id: &str) -> Option<FileMount> {
    if spec.contains('=') {
        let mut kind = "volume";
        let (mut src, mut dst, mut ro) = (String::new(), String::new(), false);
        for part in spec.split(',') {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            match k {
                "type" => {
                    kind = if v == "bind" {
                        "bind"
                    } else if v == "tmpfs" {
                        "tmpfs"
                    } else {
                        "volume"
                    }
                }
                "source" | "src" => src = v.to_string(),
                "target" | "destination" | "dst" => dst = v.to_string(),
                "readonly" | "ro" => ro = v.is_empty() || v == "true" || v == "1",
                _ => {}
            }
        }
        if kind == "tmpfs" || !dst.starts_with('/') {
            return None;
        }
        let dst = fs::normalize("/", &dst);
        let source = match kind {
            "bind" => MountSource::Bind(fs::normalize("/", &src)),
            _ if src.is_empty() => MountSource::Volume(anonymous_name(container_id, &dst)),
            _ => MountSource::Volume(src),
        };
        return Some(FileMount { target: dst, source, read_only: ro });
    }
    let parts: Vec<&str> = spec.split(':').collect();
    let (src, dst, opts) = match parts.as_slice() {
        [dst] => ("", *dst, ""),
        [src, dst] => (*src, *dst, ""),
        [src, dst, opts] => (*src, *dst, *opts),
        _ => return None,
    };
    if !dst.starts_with('/') {
        return None;
    }
    let dst = fs::normalize("/", dst);
    let read_only = opts.split(',').any(|o| o == "ro" || o == "readonly");
    let source = if src.is_empty() {
        MountSource::Volume(anonymous_name(container_id, &dst))
    } else if src.starts_with('/') {
        MountSource::Bind(fs::normalize("/", src))
    } else {
        MountSource::Volume(src.to_string())
    };
    Some(FileMount { target: dst, source, read_only })
}

/// The name of an anonymous volume: 64 hex digits, stable for a container and path.
pub fn anonymous_name(container_id: &str, target: &str) -> String {
    sha256_hex(format!("anonymous-volume\0{container_id}\0{target}").as_bytes())
}

/// A tree as plain data: nodes by absolute path. Views are composed on this type, because
/// removing from an [`Fs`] stamps the parent directory's time, which `docker diff` would then
/// report as a change nobody made.
pub(in crate::engine) type Tree = Map<String, Node>;

/// The host's files lent for one docker command (see [`Engine::host_files_lend`]).
#[derive(Clone, Debug)]
pub(crate) struct LentHost {
    fs: Fs,
    /// The bind sources of the main processes that changed them.
    written: Vec<String>,
}

pub(in crate::engine) fn tree_of(fs: &Fs) -> Tree {
    fs.walk("/").into_iter().map(|(p, n)| (p.to_string(), n.clone())).collect()
}

/// Builds an [`Fs`] from a tree. Parents sort before their children, so each directory is
/// inserted with its own metadata before anything inside it.
pub(in crate::engine) fn fs_of(tree: &Tree) -> Fs {
    let mut fs = Fs::empty();
    for (p, n) in tree {
        if p != "/" {
            let _ = fs.insert(p, n.clone());
        }
    }
    fs
}

/// The key range strictly below a directory.
fn below(dir: &str) -> (String, String) {
    if dir == "/" {
        ("/".to_string(), "0".to_string())
    } else {
        (format!("{dir}/"), format!("{dir}0"))
    }
}

/// Removes a node and everything below it.
fn remove_subtree(tree: &mut Tree, path: &str) {
    let (lo, hi) = below(path);
    let doomed: Vec<String> = tree.range(lo..hi).map(|(k, _)| k.clone()).collect();
    for k in doomed {
        tree.remove(&k);
    }
    if path != "/" {
        tree.remove(path);
    }
}

/// Every node at or below `path`, with paths relative to it (`""` for `path` itself, else
/// starting with `/`).
fn subtree(tree: &Tree, path: &str) -> Vec<(String, Node)> {
    let mut out = Vec::new();
    if let Some(n) = tree.get(path) {
        out.push((String::new(), n.clone()));
        if n.is_dir() {
            let (lo, hi) = below(path);
            let cut = if path == "/" { 0 } else { path.len() };
            out.extend(tree.range(lo..hi).map(|(k, n)| (k.get(cut..).unwrap_or("").to_string(), n.clone())));
        }
    }
    out
}

/// `base` + `rel` (`rel` empty or starting with `/`).
fn join(base: &str, rel: &str) -> String {
    if base == "/" {
        if rel.is_empty() {
            "/".to_string()
        } else {
            rel.to_string()
        }
    } else {
        format!("{base}{rel}")
    }
}

/// Whether `path` is `dir` or below it.
pub fn is_within(path: &str, dir: &str) -> bool {
    dir == "/" || path == dir || (path.starts_with(dir) && path.as_bytes().get(dir.len()) == Some(&b'/'))
}

/// Puts `node` at `path`: a directory over a directory keeps its children, anything else
/// replaces what was there.
fn put(tree: &mut Tree, path: &str, node: Node) {
    let keep_children = node.is_dir() && tree.get(path).is_some_and(Node::is_dir);
    if !keep_children {
        remove_subtree(tree, path);
    }
    tree.insert(path.to_string(), node);
}

/// Applies a layer's entries to a tree. Parents sort before their children, so a directory
/// deleted and created again (a whiteout, then new entries below it) comes out right.
pub(in crate::engine) fn apply(tree: &mut Tree, layer: &LayerEntries) {
    for (path, e) in layer {
        match e {
            Entry::Whiteout => remove_subtree(tree, path),
            Entry::Put(n) => put(tree, path, n.clone()),
        }
    }
}

/// Applies a layer to a filesystem in place (cheaper than a round trip through a tree when
/// the filesystem is large and the layer small).
pub(in crate::engine) fn apply_to_fs(fs: &mut Fs, layer: &LayerEntries) {
    for (path, e) in layer {
        match e {
            Entry::Whiteout => {
                let _ = fs.remove(path, true, Who::Root, 0);
            }
            Entry::Put(n) => {
                let keep_children = n.is_dir() && fs.is_dir(path);
                if keep_children {
                    let _ = fs.set_node(path, n.clone());
                } else {
                    if fs.exists(path) {
                        let _ = fs.remove(path, true, Who::Root, 0);
                    }
                    let _ = fs.insert(path, n.clone());
                }
            }
        }
    }
}

/// The entries that turn `base` into `cur`, ignoring paths `skip` says belong elsewhere.
///
/// One walk over both trees in path order (they are sorted maps): every build step diffs a
/// whole image's files, and a lookup per path was most of a build's time.
pub(in crate::engine) fn layer_diff(base: &Tree, cur: &Tree, skip: &dyn Fn(&str) -> bool) -> LayerEntries {
    let mut out = LayerEntries::new();
    let gone = |p: &String, out: &mut LayerEntries| {
        // Only the topmost deleted path needs a whiteout.
        if p != "/" && !skip(p) && cur.get(fs::parent(p)).is_some_and(Node::is_dir) {
            out.insert(p.clone(), Entry::Whiteout);
        }
    };
    let mut old = base.iter().peekable();
    for (p, n) in cur {
        while let Some((bp, _)) = old.next_if(|(bp, _)| *bp < p) {
            gone(bp, &mut out);
        }
        let same = old.next_if(|(bp, _)| *bp == p).is_some_and(|(_, bn)| bn == n);
        if !same && p != "/" && !skip(p) {
            out.insert(p.clone(), Entry::Put(n.clone()));
        }
    }
    for (bp, _) in old {
        gone(bp, &mut out);
    }
    out
}

/// Bytes a layer adds: the size of its files.
fn layer_size(layer: &LayerEntries) -> u64 {
    layer
        .values()
        .map(|e| match e {
            Entry::Put(Node { kind: NodeKind::File(s), .. }) => s.len() as u64,
            _ => 0,
        })
        .sum()
}

/// Sorts paths as a directory walk visits them: a directory, then everything below it, then
/// its next sibling (`/tmp`, `/tmp/x`, `/tmp-old`), which is the order overlay2's `docker diff`
/// prints.
fn walk_order(paths: &mut [String]) {
    crate::sort::sort_by(paths, |a, b| a.split('/').cmp(b.split('/')));
}

/// The `-v`/`--mount` specs of a container as mounts, plus anonymous volumes for the image's
/// `VOLUME`s that nothing else covers: a fallback for containers the volume store has no
/// record of.
fn parsed_mounts(c: &Container, image: Option<&LocalImage>) -> Vec<FileMount> {
    let mut out: Vec<FileMount> = Vec::new();
    for spec in &c.config.volumes {
        if let Some(m) = parse_mount_spec(spec, &c.id) {
            if m.target != "/" && !out.iter().any(|o| o.target == m.target) {
                out.push(m);
            }
        }
    }
    if let Some(img) = image {
        for v in &img.config.volumes {
            let target = fs::normalize("/", v);
            if target != "/" && !out.iter().any(|o| o.target == target) {
                out.push(FileMount {
                    target: target.clone(),
                    source: MountSource::Volume(anonymous_name(&c.id, &target)),
                    read_only: false,
                });
            }
        }
    }
    out
}

/// Shallow mounts first: a mount inside another one is laid over it.
fn sort_mounts(mounts: &mut [FileMount]) {
    crate::sort::sort_by(mounts, |a, b| {
        a.target.matches('/').count().cmp(&b.target.matches('/').count()).then(a.target.cmp(&b.target))
    });
}

/// Whether the container runs its image's own main process (the one that writes pid files
/// and serves pages), rather than a command the user gave.
pub fn runs_main(c: &Container, image: &LocalImage) -> bool {
    let (entrypoint, cmd) = image.main_command();
    if c.entrypoint != entrypoint {
        return false;
    }
    if c.cmd == cmd {
        return true;
    }
    let first = c.cmd.first().map(|p| p.rsplit('/').next().unwrap_or(p)).unwrap_or("");
    image.process.main.iter().any(|m| m == first)
}

/// What the container's view is made of, for the store step to take apart again.
struct View {
    tree: Tree,
    base: Tree,
    mounts: Vec<FileMount>,
    /// Paths the main process holds while running (not part of the layer).
    runtime: Vec<String>,
}

impl View {
    /// Whether a path's content belongs to a mount (the mount point itself does not).
    fn in_mount(&self, path: &str) -> bool {
        self.mounts.iter().any(|m| path != m.target && is_within(path, &m.target))
    }

    /// Paths that are not the container's own layer: generated files, mount contents, and
    /// (unless `with_runtime`) the main process's pid files.
    fn foreign(&self, path: &str, with_runtime: bool) -> bool {
        GENERATED.contains(&path) || self.in_mount(path) || (!with_runtime && self.runtime.iter().any(|r| r == path))
    }

    /// The container's layer: its tree minus the image's, mount points the image has left out.
    fn layer(&self, tree: &Tree, with_runtime: bool) -> LayerEntries {
        let mut entries = layer_diff(&self.base, tree, &|p| self.foreign(p, with_runtime));
        for m in &self.mounts {
            if self.base.contains_key(&m.target) {
                entries.remove(&m.target);
            }
        }
        entries
    }
}

impl Engine {
    /// The image's own tree: the registry image's files, plus every committed or built layer
    /// on the way.
    fn image_tree(&self, image_id: &str) -> Tree {
        self.image_tree_at(image_id, 0)
    }

    fn image_tree_at(&self, id: &str, depth: usize) -> Tree {
        if depth > MAX_CHAIN {
            return skeleton();
        }
        if let Some(rec) = self.files.commits.get(id) {
            let mut tree = self.image_tree_at(&rec.parent, depth + 1);
            apply(&mut tree, &rec.layer);
            return tree;
        }
        if let Some((base, layers)) = self.built_layers(id) {
            let mut tree = match base {
                Some(b) => self.base_tree(b, depth + 1),
                None => tree_of(&Fs::empty()),
            };
            for l in layers {
                apply(&mut tree, l);
            }
            return tree;
        }
        match self.images.get(id).or_else(|| self.builds.bases.get(id)) {
            Some(img) => tree_of(&rootfs::image_tree(&self.catalogue, img)),
            // The image is gone (removed while only stopped containers used it): Docker
            // keeps its layers; we keep at least the directory skeleton.
            None => skeleton(),
        }
    }

    /// The tree of an image the engine may no longer list (a build's base).
    fn base_tree(&self, img: &LocalImage, depth: usize) -> Tree {
        let derived = self.files.commits.contains_key(&img.id) || self.build_info(&img.id).is_some();
        if derived || self.images.contains_key(&img.id) {
            self.image_tree_at(&img.id, depth)
        } else {
            tree_of(&rootfs::image_tree(&self.catalogue, img))
        }
    }

    #[cfg(test)]
    /// An image's files (registry images, committed and built ones), `None` for an unknown
    /// image.
    pub fn image_files(&self, image_id: &str) -> Option<Fs> {
        (self.images.contains_key(image_id)
            || self.files.commits.contains_key(image_id)
            || self.build_info(image_id).is_some())
        .then(|| fs_of(&self.image_tree(image_id)))
    }

    /// The files of `img`, known to the engine or not (a base a build fetched).
    pub(in crate::engine) fn files_of_image(&self, img: &LocalImage) -> Fs {
        fs_of(&self.base_tree(img, 0))
    }

    /// A container's mounts as far as its files go, shallowest first: the volume store's
    /// record (volumes and binds; tmpfs mounts hold nothing that lasts), or the specs parsed
    /// here when the store has none.
    pub fn container_file_mounts(&self, c: &Container) -> Vec<FileMount> {
        let registered = self.container_mounts(&c.id);
        let mut out: Vec<FileMount> = if registered.is_empty() {
            parsed_mounts(c, self.images.get(&c.image_id))
        } else {
            registered
                .iter()
                .filter_map(|m| {
                    let source = match m.kind {
                        MountType::Volume => MountSource::Volume(m.name.clone()),
                        MountType::Bind => MountSource::Bind(m.source.clone()),
                        MountType::Tmpfs => return None,
                    };
                    let target = fs::normalize("/", &m.destination);
                    (target != "/").then_some(FileMount { target, source, read_only: !m.rw })
                })
                .collect()
        };
        sort_mounts(&mut out);
        out
    }

    /// The hostname a container's processes see (`-h`, else its short ID).
    pub fn container_hostname(&self, c: &Container) -> String {
        c.config.hostname.clone().filter(|h| !h.is_empty()).unwrap_or_else(|| c.short_id().to_string())
    }

    /// The container's `/etc/resolv.conf`: Docker's embedded DNS on a user-defined network,
    /// the host's resolver on the default bridge.
    fn resolv_conf(&self, c: &Container) -> String {
        let internal = self.container_networks(&c.id).iter().any(|n| !crate::engine::network::is_predefined(&n.name));
        if internal { RESOLV_CONF_INTERNAL } else { RESOLV_CONF }.to_string()
    }

    fn view(&self, c: &Container, host: &Fs) -> View {
        let image = self.images.get(&c.image_id);
        let base = self.image_tree(&c.image_id);
        let mut tree = base.clone();
        let layer = self.files.containers.get(&c.id);
        let main = image.is_some_and(|i| runs_main(c, i));
        let since = c.started_at.unwrap_or(c.created);
        if let (Some(img), Some(_)) = (image, c.started_at) {
            if main && !layer.is_some_and(|l| l.started) {
                // The entrypoint only changes what is not already as it wants it (an image
                // committed from a started container has these changes in it already).
                for (path, text) in rootfs::started_files(&self.catalogue, img) {
                    let text = text.map(|t| crate::engine::process::fill_started(c, img, &t));
                    let node = match text {
                        Some(t) if tree.get(&path).is_some_and(|n| n.kind == NodeKind::File(t.clone())) => continue,
                        Some(t) => Node { kind: NodeKind::File(t), owner: "root".into(), mode: 0o644, mtime: since },
                        None if tree.get(&path).is_some_and(Node::is_dir) => continue,
                        None => Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o700, mtime: since },
                    };
                    put(&mut tree, &path, node);
                }
                // The directory of a pid file was written to (and stays changed after the
                // process removed its pid file on exit).
                for (path, _) in rootfs::running_files(&self.catalogue, img) {
                    let dir = fs::parent(&path).to_string();
                    if let Some(mut d) = tree.get(&dir).cloned().filter(Node::is_dir) {
                        d.mtime = since;
                        tree.insert(dir, d);
                    }
                }
            }
        }
        if let Some(l) = layer {
            apply(&mut tree, &l.entries);
        }
        let mut runtime = Vec::new();
        if let Some(img) = image.filter(|_| main && c.is_running()) {
            for (path, text) in rootfs::running_files(&self.catalogue, img) {
                put(
                    &mut tree,
                    &path,
                    Node { kind: NodeKind::File(text), owner: "root".into(), mode: 0o644, mtime: since },
                );
                runtime.push(path);
            }
        }
        let hostname = self.container_hostname(c);
        let ip = c.ip.clone().unwrap_or_default();
        let generated = [
            ("/etc/hostname", format!("{hostname}\n")),
            ("/etc/hosts", hosts_file(&hostname, &ip)),
            ("/etc/resolv.conf", self.resolv_conf(c)),
            ("/proc/version", format!("{}\n", crate::host::proc_version())),
        ];
        for (path, text) in generated {
            put(&mut tree, path, Node { kind: NodeKind::File(text), owner: "root".into(), mode: 0o644, mtime: since });
        }
        let mounts = self.container_file_mounts(c);
        let host_tree =
            if mounts.iter().any(|m| matches!(m.source, MountSource::Bind(_))) { tree_of(host) } else { Tree::new() };
        for m in &mounts {
            self.lay_mount(&mut tree, &base, m, &host_tree, since);
        }
        View { tree, base, mounts, runtime }
    }

    /// Lays a mount's contents over the tree at its target.
    fn lay_mount(&self, tree: &mut Tree, base: &Tree, m: &FileMount, host: &Tree, since: SimTime) {
        let contents: Vec<(String, Node)> = match &m.source {
            MountSource::Volume(name) => match self.volume_data(name) {
                Some(data) => {
                    let root = Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime: since };
                    std::iter::once((String::new(), root))
                        .chain(data.tree.iter().map(|(k, n)| (k.clone(), n.clone())))
                        .collect()
                }
                // Never used yet: Docker copies the image's files at the mount point into it.
                None if base.get(&m.target).is_some_and(Node::is_dir) => subtree(base, &m.target),
                None => Vec::new(),
            },
            MountSource::Bind(src) => subtree(host, src),
        };
        remove_subtree(tree, &m.target);
        ensure_parents(tree, &m.target, since);
        if contents.is_empty() {
            tree.insert(
                m.target.clone(),
                Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime: since },
            );
        }
        for (rel, node) in contents {
            tree.insert(join(&m.target, &rel), node);
        }
    }

    /// The filesystem container `id` (exact ID) sees now, with bind mounts read from `host`.
    /// `None` if there is no such container.
    pub fn container_fs(&self, id: &str, host: &Fs) -> Option<Fs> {
        let c = self.containers.get(id)?;
        Some(fs_of(&self.view(c, host).tree))
    }

    /// Takes back a container's filesystem after a command changed it: volume contents go to
    /// the volume store, bind-mounted files to `host`, everything else into the container's
    /// layer. Read-only mounts keep what they had.
    pub fn container_fs_store(&mut self, id: &str, fs: &Fs, host: &mut Fs) {
        let Some(c) = self.containers.get(id).cloned() else { return };
        let now = self.now;
        let view = self.view(&c, host);
        let cur = tree_of(fs);
        for (i, m) in view.mounts.iter().enumerate() {
            if m.read_only {
                continue;
            }
            // Paths that belong to a deeper mount are that mount's business.
            let deeper: Vec<&str> = view
                .mounts
                .iter()
                .skip(i + 1)
                .filter(|o| is_within(&o.target, &m.target))
                .map(|o| o.target.as_str())
                .collect();
            let mine: Vec<(String, Node)> = subtree(&cur, &m.target)
                .into_iter()
                .filter(|(rel, _)| rel.is_empty() || !deeper.iter().any(|d| is_within(&join(&m.target, rel), d)))
                .collect();
            match &m.source {
                MountSource::Volume(name) => {
                    let tree: Tree = mine.into_iter().filter(|(rel, _)| !rel.is_empty()).collect();
                    let created = self.volume_inspect(name).ok().map(|v| v.created);
                    self.files.volumes.insert(name.clone(), VolumeData { created, tree });
                }
                MountSource::Bind(src) => sync_host(host, src, &mine, now),
            }
        }
        let layer = ContainerLayer { entries: view.layer(&cur, false), started: c.started_at.is_some() };
        self.files.containers.insert(c.id.clone(), layer);
        self.files_gc();
    }

    /// Forgets the layers of containers that are gone and the contents of volumes that are.
    fn files_gc(&mut self) {
        let live: Set<String> = self.containers.keys().cloned().collect();
        self.files.containers.retain(|k, _| live.contains(k));
        let mut used: Set<String> = self.volumes().map(|v| v.name.clone()).collect();
        for c in self.containers.values() {
            for m in self.container_file_mounts(c) {
                if let MountSource::Volume(name) = m.source {
                    used.insert(name);
                }
            }
        }
        self.files.volumes.retain(|k, _| used.contains(k));
    }

    /// A volume's stored contents, if they belong to the volume of that name that exists now.
    fn volume_data(&self, name: &str) -> Option<&VolumeData> {
        let data = self.files.volumes.get(name)?;
        match self.volume_inspect(name) {
            Ok(v) if data.created.is_some_and(|t| t != v.created) => None,
            _ => Some(data),
        }
    }

    /// Settles a container's files as Docker does when it creates and starts one: missing
    /// bind-mount sources are created on the host (as root), and never-used volumes receive the
    /// image's files at their mount point.
    pub fn container_prepare_files(&mut self, id: &str, host: &mut Fs) {
        let Some(c) = self.containers.get(id) else { return };
        let mounts = self.container_file_mounts(c);
        let now = self.now;
        let fresh = mounts.iter().any(|m| match &m.source {
            MountSource::Volume(name) => self.volume_data(name).is_none(),
            MountSource::Bind(src) => !host.exists(src),
        });
        if !fresh {
            return;
        }
        for m in &mounts {
            if let MountSource::Bind(src) = &m.source {
                if !host.exists(src) {
                    let _ =
                        host.insert(src, Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime: now });
                }
            }
        }
        if let Some(view_fs) = self.container_fs(id, host) {
            self.container_fs_store(id, &view_fs, host);
        }
    }

    /// Lends the engine a copy of the host's files for one docker command: a container's main
    /// process started by it sees its bind mounts' contents (`docker run -v "$PWD":/data alpine
    /// ls /data`), and what it writes there goes back with [`Engine::host_files_return`]. A
    /// process started at another time (a restart policy) sees the mount points empty.
    pub(crate) fn host_files_lend(&mut self, host: &Fs) {
        self.lent_host = Some(Box::new(LentHost { fs: host.clone(), written: Vec::new() }));
    }

    /// The lent host files for a main process, and whether there were any (else an empty tree).
    pub(crate) fn host_files_borrow(&mut self) -> (Fs, bool) {
        match self.lent_host.as_mut() {
            Some(lent) => (std::mem::replace(&mut lent.fs, Fs::empty()), true),
            None => (Fs::empty(), false),
        }
    }

    /// Hands the borrowed files back after container `id`'s process ran (and stored what it
    /// wrote in them); its bind sources are noted for [`Engine::host_files_return`] (the
    /// container may be gone by then: `--rm`).
    pub(crate) fn host_files_give_back(&mut self, id: &str, fs: Fs, lent: bool) {
        let sources: Vec<String> = match self.containers.get(id) {
            Some(c) => self
                .container_file_mounts(c)
                .into_iter()
                .filter_map(|m| match m.source {
                    MountSource::Bind(src) => Some(src),
                    MountSource::Volume(_) => None,
                })
                .collect(),
            None => Vec::new(),
        };
        if let (true, Some(slot)) = (lent, self.lent_host.as_mut()) {
            if fs != slot.fs {
                for src in sources {
                    if !slot.written.contains(&src) {
                        slot.written.push(src);
                    }
                }
            }
            slot.fs = fs;
        }
    }

    /// Ends the loan: what main processes wrote into bind mounts is copied to `host`, source by
    /// source (the rest of the host is the docker command's own business).
    pub(crate) fn host_files_return(&mut self, host: &mut Fs) {
        let Some(lent) = self.lent_host.take() else { return };
        if lent.written.is_empty() {
            return;
        }
        let tree = tree_of(&lent.fs);
        for src in lent.written {
            let mine = subtree(&tree, &src);
            if !mine.is_empty() {
                sync_host(host, &src, &mine, self.now);
            }
        }
    }

    /// [`Engine::container_prepare_files`] for every container: what the session calls after a
    /// docker command, so new containers' bind sources and volumes are settled.
    pub fn containers_prepare_files(&mut self, host: &mut Fs) {
        let ids: Vec<String> = self.containers.keys().cloned().collect();
        for id in ids {
            self.container_prepare_files(&id, host);
        }
    }

    /// Lays every volume's contents on the host where dockerd keeps them,
    /// `/var/lib/docker/volumes/NAME/_data` (the directories are root's, so the learner reads
    /// them with `sudo`). The session calls it before the host shell runs anything, so the
    /// host sees what containers wrote; [`Engine::volumes_absorb`] takes the host's changes
    /// back.
    pub(crate) fn volumes_publish(&self, host: &mut Fs) {
        let root = |mode: u32, mtime: SimTime| Node { kind: NodeKind::Dir, owner: "root".into(), mode, mtime };
        let since = self.volumes().map(|v| v.created).min().unwrap_or(self.now);
        // moby's local driver: the volumes directory and each volume's own are 0701, the data 0755.
        let mut mine = vec![(String::new(), root(0o701, since))];
        for v in self.volumes() {
            let dir = format!("/{}", v.name);
            mine.push((dir.clone(), root(0o701, v.created)));
            mine.push((format!("{dir}/_data"), root(0o755, v.created)));
            if let Some(data) = self.volume_data(&v.name) {
                mine.extend(data.tree.iter().map(|(rel, n)| (format!("{dir}/_data{rel}"), n.clone())));
            }
        }
        if !host.exists(VOLUMES_ROOT) {
            let _ = host.insert(VOLUMES_ROOT, root(0o701, since));
        }
        sync_host(host, VOLUMES_ROOT, &mine, self.now);
    }

    /// Takes the published volumes off the host again once the host shell is done with them
    /// (after [`Engine::volumes_absorb`]): the volume store is where they live, and a saved
    /// session should not hold them twice.
    pub(crate) fn volumes_withdraw(&self, host: &mut Fs) {
        if let Some(Node { mode, mtime, owner, .. }) = host.get(VOLUMES_ROOT).cloned() {
            let root = Node { kind: NodeKind::Dir, owner, mode, mtime };
            sync_host(host, VOLUMES_ROOT, &[(String::new(), root)], self.now);
        }
    }

    /// Takes back what the host changed under a volume's `_data` since
    /// [`Engine::volumes_publish`] laid it there (`sudo cp index.html
    /// /var/lib/docker/volumes/site/_data/`), as the contents containers then see. A volume
    /// whose directory still shows what was published keeps its state (a never-used volume
    /// still receives the image's files at its first mount).
    pub(crate) fn volumes_absorb(&mut self, host: &Fs) {
        let volumes: Vec<(String, String, SimTime)> =
            self.volumes().map(|v| (v.name.clone(), v.mountpoint(), v.created)).collect();
        for (name, data_path, created) in volumes {
            let on_host: Tree = host
                .walk(&data_path)
                .into_iter()
                .filter(|(p, _)| *p != data_path)
                .map(|(p, n)| (p.get(data_path.len()..).unwrap_or("").to_string(), n.clone()))
                .collect();
            let ours = self.volume_data(&name).map(|d| &d.tree);
            if ours.map_or(!on_host.is_empty(), |t| *t != on_host) {
                self.files.volumes.insert(name, VolumeData { created: Some(created), tree: on_host });
            }
        }
    }

    #[cfg(test)]
    /// The files of a volume (paths relative to its root), if anything has been stored in it.
    pub fn volume_files(&self, name: &str) -> Option<Fs> {
        self.volume_data(name).map(|d| fs_of(&d.tree))
    }

    /// `docker diff`: what the container changed, in the order Docker lists it.
    pub fn container_changes(&self, name_or_id: &str, host: &Fs) -> Result<Vec<Change>, DaemonError> {
        let c = self.container_resolve(name_or_id)?;
        let view = self.view(c, host);
        let entries = view.layer(&view.tree, true);
        let mut kinds: Map<String, char> = Map::new();
        for (p, e) in &entries {
            let kind = match e {
                Entry::Whiteout => 'D',
                Entry::Put(_) if view.base.contains_key(p) => 'C',
                Entry::Put(_) => 'A',
            };
            kinds.insert(p.clone(), kind);
        }
        // Every directory above a change was copied up, so it shows as changed too.
        let paths: Vec<String> = kinds.keys().cloned().collect();
        for p in paths {
            let mut dir = fs::parent(&p).to_string();
            while dir != "/" {
                kinds.entry(dir.clone()).or_insert('C');
                dir = fs::parent(&dir).to_string();
            }
        }
        let mut paths: Vec<String> = kinds.keys().cloned().collect();
        walk_order(&mut paths);
        Ok(paths.into_iter().map(|p| Change { kind: kinds.get(&p).copied().unwrap_or('C'), path: p }).collect())
    }

    /// `docker commit`: a new image from the container's changes. Returns the new image ID.
    pub fn container_commit(
        &mut self,
        name_or_id: &str,
        opts: &CommitOptions,
        host: &Fs,
    ) -> Result<String, DaemonError> {
        self.require_daemon()?;
        let c = self.container_resolve(name_or_id)?.clone();
        let Some(parent) = self.images.get(&c.image_id).cloned() else {
            return Err(DaemonError::Message(format!("unable to find image {}", c.image_id)));
        };
        let reference = match &opts.reference {
            Some(r) if !r.is_empty() => {
                let parsed = ImageRef::parse(r).map_err(|e| DaemonError::Message(e.to_string()))?;
                if parsed.digest.is_some() {
                    return Err(DaemonError::Message("invalid reference format".to_string()));
                }
                Some(parsed.with_default_tag())
            }
            _ => None,
        };
        let mut config = ImageConfig {
            entrypoint: c.entrypoint.clone(),
            cmd: c.cmd.clone(),
            env: c.env.clone(),
            exposed: c.exposed.iter().map(|(p, proto)| format!("{p}/{proto}")).collect(),
            volumes: parent.config.volumes.clone(),
            workdir: c
                .config
                .workdir
                .clone()
                .filter(|w| !w.is_empty())
                .unwrap_or_else(|| parent.config.workdir.clone()),
            user: c.config.user.clone().filter(|u| !u.is_empty()).unwrap_or_else(|| parent.config.user.clone()),
            stop_signal: parent.config.stop_signal.clone(),
            labels: parent.config.labels.clone(),
        };
        for (i, change) in opts.changes.iter().enumerate() {
            apply_instruction(&mut config, change)
                .map_err(|e| DaemonError::Message(format!("dockerfile parse error on line {}: {e}", i + 1)))?;
        }
        let view = self.view(&c, host);
        let layer = view.layer(&view.tree, false);
        let size = layer_size(&layer);
        let now = self.now;
        let layer_json = serde_json::to_string(&layer).unwrap_or_default();
        let config_json = serde_json::to_string(&config).unwrap_or_default();
        let hex = sha256_hex(
            format!("commit\0{}\0{}\0{}\0{}\0{}\0{}", parent.id, c.id, now, config_json, opts.comment, layer_json)
                .as_bytes(),
        );
        let id = format!("sha256:{hex}");
        let layer_hex = sha256_hex(format!("layer\0{layer_json}").as_bytes());
        let mut layers = parent.layers.clone();
        layers.push(Layer {
            name: format!("commit:{}", layer_hex.get(..12).unwrap_or(&layer_hex)),
            size,
            digest: Some(layer_hex),
        });
        let image = LocalImage {
            id: id.clone(),
            repo_path: parent.repo_path.clone(),
            domain: parent.domain.clone(),
            config,
            process: parent.process.clone(),
            own_command: parent.own_command.clone(),
            created: now,
            size: parent.size + size,
            layers,
        };
        self.images.insert(id.clone(), image);
        self.files.commits.insert(
            id.clone(),
            CommitRecord {
                parent: parent.id.clone(),
                layer,
                // moby's commit writes the container's Cmd (not its Entrypoint) joined by
                // spaces, unquoted.
                created_by: c.cmd.join(" "),
                comment: opts.comment.clone(),
                author: opts.author.clone(),
                created: now,
                size,
            },
        );
        self.emit(ObjectKind::Container, Action::Commit, &c.id, &c.name, None, None);
        if let Some(r) = reference {
            self.tags.insert(r.tag_key(), id.clone());
            self.emit(ObjectKind::Image, Action::Tag, &id, &r.familiar(), None, None);
        }
        Ok(id)
    }

    /// How `docker commit` made an image, for `docker history` (`None` for pulled images).
    pub fn commit_record(&self, image_id: &str) -> Option<&CommitRecord> {
        self.files.commits.get(image_id)
    }

    /// What a container's server holds for its clients (see [`Container::data`]), to change.
    pub fn container_data_mut(&mut self, id: &str) -> Option<&mut crate::map::Map<String, String>> {
        self.containers.get_mut(id).map(|c| &mut c.data)
    }

    /// Appends a line to a container's log, as its process writing to stdout/stderr would
    /// (a web server's access log after a request).
    pub fn container_log(&mut self, id: &str, text: &str, stderr: bool) {
        let now = self.now;
        if let Some(c) = self.containers.get_mut(id) {
            c.logs.push(super::container::LogLine { time: now, stderr, text: text.to_string() });
        }
    }
}

/// The directory skeleton of an image whose files are gone.
fn skeleton() -> Tree {
    let mut t = Tree::new();
    for d in ["/", "/bin", "/etc", "/root", "/tmp", "/usr", "/var"] {
        t.insert(d.to_string(), Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime: 0 });
    }
    t
}

/// Adds any missing directories above `path`.
fn ensure_parents(tree: &mut Tree, path: &str, mtime: SimTime) {
    let mut dir = fs::parent(path).to_string();
    let mut missing = Vec::new();
    while dir != "/" && !tree.contains_key(&dir) {
        missing.push(dir.clone());
        dir = fs::parent(&dir).to_string();
    }
    for d in missing {
        tree.insert(d, Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime });
    }
}

/// Makes the host's tree at `src` hold exactly `mine` (paths relative to the mount point).
fn sync_host(host: &mut Fs, src: &str, mine: &[(String, Node)], now: SimTime) {
    let wanted: Map<String, &Node> = mine.iter().map(|(rel, n)| (join(src, rel), n)).collect();
    let had: Vec<String> = host.walk(src).into_iter().map(|(p, _)| p.to_string()).collect();
    for p in had.iter().rev() {
        if p != src && !wanted.contains_key(p) && host.exists(p) {
            let _ = host.remove(p, true, Who::Root, now);
        }
    }
    for (p, n) in wanted {
        match host.get(&p) {
            Some(h) if h == n => {}
            Some(h) if h.is_dir() && n.is_dir() => {}
            // The source itself changing kind would need a new mount; leave it.
            Some(h) if p == src && h.is_dir() != n.is_dir() => {}
            Some(_) => {
                let _ = host.remove(&p, true, Who::Root, now);
                let _ = host.insert(&p, n.clone());
            }
            None => {
                let _ = host.insert(&p, n.clone());
            }
        }
    }
}

/// Applies one `docker commit --change` instruction to an image config.
fn apply_instruction(config: &mut ImageConfig, line: &str) -> Result<(), String> {
    let line = line.trim();
    let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    let list = |s: &str| -> Vec<String> {
        match serde_json::from_str::<Vec<String>>(s) {
            Ok(v) => v,
            Err(_) => vec!["/bin/sh".to_string(), "-c".to_string(), s.to_string()],
        }
    };
    match word.to_ascii_uppercase().as_str() {
        "CMD" => config.cmd = list(rest),
        "ENTRYPOINT" => config.entrypoint = list(rest),
        "ENV" => {
            let pairs: Vec<(String, String)> = if rest.contains('=') {
                rest.split_whitespace()
                    .filter_map(|kv| kv.split_once('=').map(|(k, v)| (k.to_string(), v.trim_matches('"').to_string())))
                    .collect()
            } else {
                let (k, v) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
                vec![(k.to_string(), v.trim().to_string())]
            };
            for (k, v) in pairs {
                config.env.retain(|e| e.split('=').next() != Some(k.as_str()));
                config.env.push(format!("{k}={v}"));
            }
        }
        "EXPOSE" => {
            for p in rest.split_whitespace() {
                let p = if p.contains('/') { p.to_string() } else { format!("{p}/tcp") };
                if !config.exposed.contains(&p) {
                    config.exposed.push(p);
                }
            }
            crate::sort::sort(&mut config.exposed);
        }
        "WORKDIR" => config.workdir = rest.to_string(),
        "USER" => config.user = rest.to_string(),
        "STOPSIGNAL" => config.stop_signal = rest.to_string(),
        "VOLUME" => {
            let vs = serde_json::from_str::<Vec<String>>(rest)
                .unwrap_or_else(|_| rest.split_whitespace().map(str::to_string).collect());
            config.volumes.extend(vs);
        }
        "LABEL" => {
            for kv in rest.split_whitespace() {
                config.labels.push(kv.replace('"', ""));
            }
        }
        "" => return Err("file with no instructions".to_string()),
        other => return Err(format!("unknown instruction: {other}")),
    }
    Ok(())
}

/// `/etc/hosts` as Docker writes it.
fn hosts_file(hostname: &str, ip: &str) -> String {
    let mut s = String::from(
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::\tip6-localnet\nff00::\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n",
    );
    if !ip.is_empty() {
        s.push_str(&format!("{ip}\t{hostname}\n"));
    }
    s
}

/// `/etc/resolv.conf` on a user-defined network: Docker's embedded DNS server answers at
/// 127.0.0.11 and forwards other names to the host's resolver.
const RESOLV_CONF_INTERNAL: &str = "# Generated by Docker Engine.
# This file can be edited; Docker Engine will not make further changes once it
# has been modified.

nameserver 127.0.0.11
search .
options ndots:0

# Based on host file: '/run/systemd/resolve/resolv.conf' (internal resolver)
# ExtServers: [10.0.2.3]
# Overrides: []
# Option ndots from: internal
";

/// `/etc/resolv.conf` on the default bridge of an Ubuntu host with systemd-resolved.
const RESOLV_CONF: &str = "# Generated by Docker Engine.
# This file can be edited; Docker Engine will not make further changes once it
# has been modified.

nameserver 10.0.2.3
search .

# Based on host file: '/run/systemd/resolve/resolv.conf' (legacy)
# Overrides: []
";

#[cfg(test)]
mod tests;
