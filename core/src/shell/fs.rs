//! The host machine's filesystem: a small tree of directories and text files as plain data.
//!
//! Paths are absolute and normalised (`/home/user/html`); turning what a learner typed into such a
//! path (cwd, `~`, `..`) is [`normalize`]'s job. Permission checks follow Unix rules closely enough
//! for `echo x > /etc/motd` to fail without `sudo`. The session uses the same API for bind mounts
//! and `docker cp`. Nothing here prints: errors are [`FsError`]s whose `Display` is the C library's
//! `strerror` text, which every command wraps in its own message.

use crate::env::SimTime;
use crate::host::{HOST_NAME, OS_RELEASE};
use crate::map::Map;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most text the whole filesystem holds; beyond it writes fail with `ENOSPC`, which keeps a
/// doubling loop (`cat f f >> g`, repeated) from eating the browser's memory.
pub const CAPACITY: usize = 8 << 20;

/// The learner's login name.
pub const USER: &str = "user";
/// The learner's home directory.
pub const HOME: &str = "/home/user";

/// One file or directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Node {
    /// Directory or file (with its contents).
    pub kind: NodeKind,
    /// Owner and group name (`user` or `root`).
    pub owner: String,
    /// Permission bits, e.g. `0o755` (plus `0o1000` for the sticky `/tmp`).
    pub mode: u32,
    /// Last modification time.
    pub mtime: SimTime,
}

/// What a node is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeKind {
    /// A directory; its children are the nodes whose paths continue it.
    Dir,
    /// A regular file and its text.
    File(String),
}

impl Node {
    /// True for directories.
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, NodeKind::Dir)
    }

    /// The size `ls -l` shows: 4096 for directories, the byte length for files.
    pub fn size(&self) -> u64 {
        match &self.kind {
            NodeKind::Dir => 4096,
            NodeKind::File(s) => s.len() as u64,
        }
    }

    fn allows(&self, who: Who, bit: u32) -> bool {
        match who {
            Who::Root => true,
            Who::User if self.owner == USER => self.mode & (bit << 6) != 0,
            Who::User => self.mode & bit != 0,
        }
    }
}

/// Who performs an operation, for permission checks: the learner, or root through `sudo`
/// (and inside a container, where shells run as root).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Who {
    /// The unprivileged learner (`user`).
    #[default]
    User,
    /// root (after `sudo`).
    Root,
}

impl Who {
    fn owner(self) -> &'static str {
        match self {
            Who::User => USER,
            Who::Root => "root",
        }
    }

    /// Modes of new files and directories: Ubuntu's umask is 002 for users and 022 for root.
    fn modes(self) -> (u32, u32) {
        match self {
            Who::User => (0o664, 0o775),
            Who::Root => (0o644, 0o755),
        }
    }
}

const READ: u32 = 4;
const WRITE: u32 = 2;
const EXEC: u32 = 1;

/// How [`Fs::write`] treats existing content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// `>`: replace.
    Truncate,
    /// `>>`: add at the end.
    Append,
}

/// Why a filesystem operation failed; `Display` is the `strerror` text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FsError {
    /// ENOENT
    NotFound,
    /// ENOTDIR
    NotADirectory,
    /// EISDIR
    IsADirectory,
    /// EEXIST
    Exists,
    /// ENOTEMPTY
    NotEmpty,
    /// EACCES
    PermissionDenied,
    /// ENOSPC
    NoSpace,
    /// EINVAL (moving a directory into itself)
    Invalid,
    /// EPERM (`chmod` on someone else's file)
    NotPermitted,
}

impl fmt::Display for FsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FsError::NotFound => "No such file or directory",
            FsError::NotADirectory => "Not a directory",
            FsError::IsADirectory => "Is a directory",
            FsError::Exists => "File exists",
            FsError::NotEmpty => "Directory not empty",
            FsError::PermissionDenied => "Permission denied",
            FsError::NoSpace => "No space left on device",
            FsError::Invalid => "Invalid argument",
            FsError::NotPermitted => "Operation not permitted",
        })
    }
}

impl std::error::Error for FsError {}

/// The whole tree, keyed by absolute path. `Map` keeps listings sorted and deterministic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fs {
    nodes: Map<String, Node>,
}

/// Joins `path` onto `base` (an absolute directory) and resolves `.` and `..` lexically.
///
/// `normalize("/home/user", "../x/./y")` is `/home/x/y`; `..` at the root stays at the root.
pub fn normalize(base: &str, path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let joined: Vec<&str> = if path.starts_with('/') {
        path.split('/').collect()
    } else {
        base.split('/').chain(path.split('/')).collect()
    };
    for p in joined {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = String::new();
    for p in &parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    out
}

/// The directory part of an absolute path (`/a/b` → `/a`, `/a` → `/`).
pub fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => path.get(..i).unwrap_or("/"),
    }
}

/// The last component of a path (`/a/b` → `b`, `/` → `/`).
pub fn file_name(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return "/";
    }
    trimmed.rsplit('/').next().unwrap_or(trimmed)
}

/// `path` (at or below `from`) moved to the same place below `to`.
fn rebase(path: &str, from: &str, to: &str) -> String {
    let rel = path.get(from.len()..).unwrap_or("").trim_start_matches('/');
    if rel.is_empty() {
        to.to_string()
    } else if to == "/" {
        format!("/{rel}")
    } else {
        format!("{to}/{rel}")
    }
}

/// The key range holding everything below `dir`.
fn below(dir: &str) -> (String, String) {
    if dir == "/" {
        ("/".to_string(), "0".to_string())
    } else {
        (format!("{dir}/"), format!("{dir}0"))
    }
}

impl Default for Fs {
    fn default() -> Self {
        Fs::host()
    }
}

impl Fs {
    /// A tree with only the root directory.
    pub fn empty() -> Self {
        let mut nodes = Map::new();
        nodes
            .insert("/".to_string(), Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime: INSTALLED });
        Fs { nodes }
    }

    /// The learner's Ubuntu host as it is after installation: the usual top-level directories,
    /// a few files in `/etc`, and a home directory with an empty `html/` to bind-mount.
    pub fn host() -> Self {
        let mut fs = Fs::empty();
        let root_dirs = [
            "bin", "boot", "dev", "etc", "home", "lib", "media", "mnt", "opt", "proc", "root", "run", "sbin", "srv",
            "sys", "tmp", "usr", "var",
        ];
        for d in root_dirs {
            let mode = match d {
                "root" => 0o700,
                "tmp" => 0o1777,
                "proc" | "sys" => 0o555,
                _ => 0o755,
            };
            fs.put_dir(&format!("/{d}"), "root", mode);
        }
        for d in [
            "/usr/bin",
            "/usr/local",
            "/usr/local/bin",
            "/usr/share",
            "/var/lib",
            "/var/log",
            "/var/tmp",
            "/etc/docker",
        ] {
            fs.put_dir(d, "root", 0o755);
        }
        fs.put_dir("/var/lib/docker", "root", 0o710);
        fs.put_file("/dev/null", "", "root", 0o666);
        fs.put_file("/etc/hostname", &format!("{HOST_NAME}\n"), "root", 0o644);
        fs.put_file("/etc/hosts", &format!("127.0.0.1 localhost\n127.0.1.1 {HOST_NAME}\n"), "root", 0o644);
        fs.put_file("/etc/os-release", OS_RELEASE, "root", 0o644);
        fs.put_file(
            "/etc/passwd",
            "root:x:0:0:root:/root:/bin/bash\nuser:x:1000:1000:user,,,:/home/user:/bin/bash\n",
            "root",
            0o644,
        );
        fs.put_file("/etc/group", "root:x:0:\nsudo:x:27:user\nuser:x:1000:\ndocker:x:999:user\n", "root", 0o644);
        fs.put_dir(HOME, USER, 0o750);
        fs.put_file(&format!("{HOME}/.bashrc"), BASHRC, USER, 0o644);
        fs.put_file(&format!("{HOME}/.profile"), PROFILE, USER, 0o644);
        fs.put_dir(&format!("{HOME}/html"), USER, 0o775);
        fs
    }

    fn put_dir(&mut self, path: &str, owner: &str, mode: u32) {
        self.nodes.insert(path.to_string(), Node { kind: NodeKind::Dir, owner: owner.into(), mode, mtime: INSTALLED });
    }

    fn put_file(&mut self, path: &str, text: &str, owner: &str, mode: u32) {
        self.nodes.insert(
            path.to_string(),
            Node { kind: NodeKind::File(text.into()), owner: owner.into(), mode, mtime: INSTALLED },
        );
    }

    /// Every node by absolute path, parents before children.
    pub fn nodes(&self) -> &Map<String, Node> {
        &self.nodes
    }

    /// The node at an absolute path, ignoring permissions.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// True if something exists at the path.
    pub fn exists(&self, path: &str) -> bool {
        self.nodes.contains_key(path)
    }

    /// True if the path is a directory.
    pub fn is_dir(&self, path: &str) -> bool {
        self.nodes.get(path).is_some_and(Node::is_dir)
    }

    /// Follows `path` component by component as the kernel does: a missing component is
    /// `ENOENT`, a file in the middle is `ENOTDIR`, a directory without search permission `EACCES`.
    pub fn lookup(&self, path: &str, who: Who) -> Result<&Node, FsError> {
        let mut cur = String::new();
        let comps: Vec<&str> = path.split('/').filter(|c| !c.is_empty()).collect();
        let mut node = self.nodes.get("/").ok_or(FsError::NotFound)?;
        for c in comps {
            if !node.is_dir() {
                return Err(FsError::NotADirectory);
            }
            if !node.allows(who, EXEC) {
                return Err(FsError::PermissionDenied);
            }
            cur.push('/');
            cur.push_str(c);
            node = self.nodes.get(&cur).ok_or(FsError::NotFound)?;
        }
        Ok(node)
    }

    /// Whether `cd` may enter the directory: it must exist, be a directory and be searchable.
    pub fn can_enter(&self, path: &str, who: Who) -> Result<(), FsError> {
        let node = self.lookup(path, who)?;
        if !node.is_dir() {
            return Err(FsError::NotADirectory);
        }
        if !node.allows(who, EXEC) {
            return Err(FsError::PermissionDenied);
        }
        Ok(())
    }

    /// A file's text (`cat`), with permission checks.
    pub fn read(&self, path: &str, who: Who) -> Result<&str, FsError> {
        let node = self.lookup(path, who)?;
        match &node.kind {
            NodeKind::Dir => Err(FsError::IsADirectory),
            NodeKind::File(_) if !node.allows(who, READ) => Err(FsError::PermissionDenied),
            NodeKind::File(s) => Ok(s),
        }
    }

    /// A directory's entries as (name, node), sorted by name, with permission checks.
    pub fn list(&self, path: &str, who: Who) -> Result<Vec<(&str, &Node)>, FsError> {
        let node = self.lookup(path, who)?;
        if !node.is_dir() {
            return Err(FsError::NotADirectory);
        }
        if !node.allows(who, READ) {
            return Err(FsError::PermissionDenied);
        }
        Ok(self.children(path))
    }

    /// A directory's entries without permission checks (the session's view, `docker cp`).
    pub fn children(&self, dir: &str) -> Vec<(&str, &Node)> {
        let (lo, hi) = below(dir);
        let prefix_len = lo.len();
        self.nodes
            .range(lo..hi)
            .filter_map(|(k, n)| {
                let rest = k.get(prefix_len..)?;
                (!rest.is_empty() && !rest.contains('/')).then_some((rest, n))
            })
            .collect()
    }

    /// The node at `path` and everything below it, parents before children (for `docker cp`).
    pub fn walk(&self, path: &str) -> Vec<(&str, &Node)> {
        let mut out = Vec::new();
        if let Some((k, n)) = self.nodes.get_key_value(path) {
            out.push((k.as_str(), n));
            if n.is_dir() {
                let (lo, hi) = below(path);
                out.extend(self.nodes.range(lo..hi).map(|(k, n)| (k.as_str(), n)));
            }
        }
        out
    }

    /// The directory a new entry at `path` goes into, checked for existence and write access.
    fn writable_parent(&self, path: &str, who: Who) -> Result<(), FsError> {
        let dir = self.lookup(parent(path), who)?;
        if !dir.is_dir() {
            return Err(FsError::NotADirectory);
        }
        if !dir.allows(who, WRITE) {
            return Err(FsError::PermissionDenied);
        }
        Ok(())
    }

    fn used(&self) -> usize {
        self.nodes.values().map(|n| if let NodeKind::File(s) = &n.kind { s.len() } else { 0 }).sum()
    }

    /// Writes a file (`>` or `>>`), creating it if needed. `/dev/null` swallows everything.
    pub fn write(&mut self, path: &str, text: &str, mode: WriteMode, who: Who, now: SimTime) -> Result<(), FsError> {
        if path == "/dev/null" {
            return Ok(());
        }
        match self.lookup(path, who) {
            Ok(node) => {
                if node.is_dir() {
                    return Err(FsError::IsADirectory);
                }
                if !node.allows(who, WRITE) {
                    return Err(FsError::PermissionDenied);
                }
            }
            Err(FsError::NotFound) => self.writable_parent(path, who)?,
            Err(e) => return Err(e),
        }
        let old = match self.nodes.get(path).map(|n| &n.kind) {
            Some(NodeKind::File(s)) => s.len(),
            _ => 0,
        };
        let new_len = if mode == WriteMode::Append { old + text.len() } else { text.len() };
        if self.used() - old + new_len > CAPACITY {
            return Err(FsError::NoSpace);
        }
        let (fmode, _) = who.modes();
        let node = self.nodes.entry(path.to_string()).or_insert_with(|| Node {
            kind: NodeKind::File(String::new()),
            owner: who.owner().into(),
            mode: fmode,
            mtime: now,
        });
        if let NodeKind::File(s) = &mut node.kind {
            if mode == WriteMode::Truncate {
                s.clear();
            }
            s.push_str(text);
        }
        node.mtime = now;
        Ok(())
    }

    /// `touch`: creates an empty file or updates the time of an existing node.
    pub fn touch(&mut self, path: &str, who: Who, now: SimTime) -> Result<(), FsError> {
        match self.lookup(path, who) {
            Ok(node) => {
                if !node.allows(who, WRITE) && who != Who::Root && node.owner != USER {
                    return Err(FsError::PermissionDenied);
                }
                if let Some(n) = self.nodes.get_mut(path) {
                    n.mtime = now;
                }
                Ok(())
            }
            Err(FsError::NotFound) => self.write(path, "", WriteMode::Append, who, now),
            Err(e) => Err(e),
        }
    }

    /// Creates one directory; the parent must exist.
    pub fn mkdir(&mut self, path: &str, who: Who, now: SimTime) -> Result<(), FsError> {
        match self.lookup(path, who) {
            Ok(_) => return Err(FsError::Exists),
            Err(FsError::NotFound) => {}
            Err(e) => return Err(e),
        }
        self.writable_parent(path, who)?;
        let (_, dmode) = who.modes();
        self.nodes
            .insert(path.to_string(), Node { kind: NodeKind::Dir, owner: who.owner().into(), mode: dmode, mtime: now });
        self.touch_dir(parent(path), now);
        Ok(())
    }

    /// `mkdir -p`: creates every missing directory on the way; existing directories are fine.
    pub fn mkdir_all(&mut self, path: &str, who: Who, now: SimTime) -> Result<(), FsError> {
        let mut cur = String::new();
        for c in path.split('/').filter(|c| !c.is_empty()) {
            cur.push('/');
            cur.push_str(c);
            match self.nodes.get(&cur) {
                Some(n) if n.is_dir() => {}
                Some(_) => return Err(FsError::NotADirectory),
                None => self.mkdir(&cur, who, now)?,
            }
        }
        Ok(())
    }

    /// Removes a file, an empty directory, or (with `recursive`) a whole tree.
    pub fn remove(&mut self, path: &str, recursive: bool, who: Who, now: SimTime) -> Result<(), FsError> {
        let node = self.lookup(path, who)?;
        if node.is_dir() && !recursive && !self.children(path).is_empty() {
            return Err(FsError::NotEmpty);
        }
        if path == "/" {
            return Err(FsError::PermissionDenied);
        }
        self.writable_parent(path, who)?;
        if node.is_dir() {
            let (lo, hi) = below(path);
            let doomed: Vec<String> = self.nodes.range(lo..hi).map(|(k, _)| k.clone()).collect();
            for k in doomed {
                self.nodes.remove(&k);
            }
        }
        self.nodes.remove(path);
        self.touch_dir(parent(path), now);
        Ok(())
    }

    /// Copies a file or (when `recursive`) a tree to `to`, which must not exist yet or be a file.
    pub fn copy(&mut self, from: &str, to: &str, who: Who, now: SimTime) -> Result<(), FsError> {
        let items: Vec<(String, Node)> = self.walk(from).into_iter().map(|(k, n)| (k.to_string(), n.clone())).collect();
        if items.is_empty() {
            return Err(FsError::NotFound);
        }
        if to == from || to.starts_with(&format!("{from}/")) {
            return Err(FsError::Invalid);
        }
        for (k, n) in items {
            let dest = rebase(&k, from, to);
            match n.kind {
                NodeKind::Dir => {
                    if !self.is_dir(&dest) {
                        self.mkdir(&dest, who, now)?;
                    }
                }
                NodeKind::File(text) => self.write(&dest, &text, WriteMode::Truncate, who, now)?,
            }
        }
        Ok(())
    }

    /// Moves (renames) a node and everything below it.
    pub fn rename(&mut self, from: &str, to: &str, who: Who, now: SimTime) -> Result<(), FsError> {
        self.lookup(from, who)?;
        if to == from {
            return Ok(());
        }
        if from == "/" {
            return Err(FsError::Invalid);
        }
        if to.starts_with(&format!("{from}/")) {
            return Err(FsError::Invalid);
        }
        self.writable_parent(from, who)?;
        self.writable_parent(to, who)?;
        if let Some(existing) = self.nodes.get(to) {
            if existing.is_dir() && !self.children(to).is_empty() {
                return Err(FsError::NotEmpty);
            }
        }
        let moved: Vec<(String, Node)> = self.walk(from).into_iter().map(|(k, n)| (k.to_string(), n.clone())).collect();
        for (k, _) in &moved {
            self.nodes.remove(k);
        }
        for (k, n) in moved {
            self.nodes.insert(rebase(&k, from, to), n);
        }
        self.touch_dir(parent(from), now);
        self.touch_dir(parent(to), now);
        Ok(())
    }

    /// `chmod`: only the owner (or root) may change a node's permission bits.
    pub fn set_mode(&mut self, path: &str, mode: u32, who: Who) -> Result<(), FsError> {
        let node = self.lookup(path, who)?;
        if who != Who::Root && node.owner != USER {
            return Err(FsError::NotPermitted);
        }
        if let Some(n) = self.nodes.get_mut(path) {
            n.mode = mode & 0o7777;
        }
        Ok(())
    }

    /// Whether `who` may run the file at `path` as a program (its `x` bit).
    pub fn executable(&self, path: &str, who: Who) -> bool {
        self.lookup(path, who).is_ok_and(|n| !n.is_dir() && n.mode & 0o111 != 0 && n.allows(who, EXEC))
    }

    /// Places a node directly, creating missing parent directories as root (for the session's
    /// own use, such as `docker cp` into the host; no permission checks).
    pub fn insert(&mut self, path: &str, node: Node) -> Result<(), FsError> {
        if path == "/" {
            return Err(FsError::Exists);
        }
        let dir = parent(path).to_string();
        match self.nodes.get(&dir) {
            Some(n) if n.is_dir() => {}
            Some(_) => return Err(FsError::NotADirectory),
            None => {
                self.insert(&dir, Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime: node.mtime })?
            }
        }
        if let Some(existing) = self.nodes.get(path) {
            if existing.is_dir() != node.is_dir() {
                return Err(if existing.is_dir() { FsError::IsADirectory } else { FsError::NotADirectory });
            }
            if existing.is_dir() {
                return Ok(());
            }
        }
        self.nodes.insert(path.to_string(), node);
        Ok(())
    }

    /// Replaces the metadata of an existing node of the same kind (a layer's copy of a
    /// directory); `NotFound` when there is none.
    pub fn set_node(&mut self, path: &str, node: Node) -> Result<(), FsError> {
        match self.nodes.get_mut(path) {
            Some(n) if n.is_dir() == node.is_dir() => {
                *n = node;
                Ok(())
            }
            Some(_) => Err(FsError::Exists),
            None => Err(FsError::NotFound),
        }
    }

    fn touch_dir(&mut self, dir: &str, now: SimTime) {
        if let Some(n) = self.nodes.get_mut(dir) {
            n.mtime = now;
        }
    }

    /// Number of subdirectories, for the link count `ls -l` shows (2 + subdirectories).
    pub fn subdir_count(&self, dir: &str) -> usize {
        self.children(dir).iter().filter(|(_, n)| n.is_dir()).count()
    }
}

/// When the host was "installed": the time stamp of every file that came with it.
pub const INSTALLED: SimTime = 1_736_931_600_000; // 2025-01-15 09:00:00 UTC

/// A short `~/.bashrc` in this shell's own syntax: the login runs it, so the aliases Ubuntu
/// users expect (`ll`, `la`) exist, and editing it and logging in again changes them.
const BASHRC: &str = "# ~/.bashrc: executed by bash(1) for non-login shells.

# don't put duplicate lines or lines starting with space in the history.
HISTCONTROL=ignoreboth
HISTSIZE=1000

# enable color support of ls and grep
alias ls='ls --color=auto'
alias grep='grep --color=auto'

# some more ls aliases
alias ll='ls -alF'
alias la='ls -A'
alias l='ls -CF'
";

const PROFILE: &str = "# ~/.profile: executed by the command interpreter for login shells.
# This file is not read by bash(1), if ~/.bash_profile or ~/.bash_login exists.

# the default umask is set in /etc/profile
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots() {
        assert_eq!(normalize("/home/user", "../x/./y"), "/home/x/y");
        assert_eq!(normalize("/home/user", "/"), "/");
        assert_eq!(normalize("/", "../../.."), "/");
        assert_eq!(normalize("/a", "b//c/"), "/a/b/c");
        assert_eq!(parent("/a/b"), "/a");
        assert_eq!(parent("/a"), "/");
        assert_eq!(file_name("/a/b/"), "b");
    }

    #[test]
    fn host_tree_and_listing() {
        let fs = Fs::host();
        let names: Vec<&str> = fs.list(HOME, Who::User).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, [".bashrc", ".profile", "html"]);
        assert_eq!(fs.read("/etc/hostname", Who::User), Ok("docker-host\n"));
        assert_eq!(fs.list("/root", Who::User).err(), Some(FsError::PermissionDenied));
        assert_eq!(fs.read("/etc/hostname/x", Who::User).err(), Some(FsError::NotADirectory));
    }

    #[test]
    fn permissions_and_writes() {
        let mut fs = Fs::host();
        assert_eq!(fs.write("/etc/motd", "x", WriteMode::Truncate, Who::User, 5), Err(FsError::PermissionDenied));
        assert_eq!(fs.write("/etc/motd", "x", WriteMode::Truncate, Who::Root, 5), Ok(()));
        assert_eq!(fs.get("/etc/motd").map(|n| n.owner.as_str()), Some("root"));
        fs.write("/home/user/a", "1\n", WriteMode::Truncate, Who::User, 5).unwrap();
        fs.write("/home/user/a", "2\n", WriteMode::Append, Who::User, 6).unwrap();
        assert_eq!(fs.read("/home/user/a", Who::User), Ok("1\n2\n"));
        assert_eq!(fs.write("/home/user/html", "", WriteMode::Truncate, Who::User, 5), Err(FsError::IsADirectory));
        assert_eq!(fs.write("/nope/a", "", WriteMode::Truncate, Who::User, 5), Err(FsError::NotFound));
        assert_eq!(fs.write("/dev/null", "gone", WriteMode::Truncate, Who::User, 5), Ok(()));
        assert_eq!(fs.read("/dev/null", Who::User), Ok(""));
    }

    #[test]
    fn capacity_is_enforced() {
        let mut fs = Fs::host();
        let big = "x".repeat(CAPACITY / 2 + 1);
        fs.write("/tmp/a", &big, WriteMode::Truncate, Who::User, 0).unwrap();
        assert_eq!(fs.write("/tmp/b", &big, WriteMode::Truncate, Who::User, 0), Err(FsError::NoSpace));
        fs.write("/tmp/a", &big, WriteMode::Truncate, Who::User, 0).unwrap();
    }

    #[test]
    fn mkdir_remove_copy_rename() {
        let mut fs = Fs::host();
        fs.mkdir_all("/tmp/a/b/c", Who::User, 1).unwrap();
        assert_eq!(fs.mkdir("/tmp/a", Who::User, 1), Err(FsError::Exists));
        assert_eq!(fs.mkdir("/tmp/x/y", Who::User, 1), Err(FsError::NotFound));
        fs.write("/tmp/a/b/f", "hi", WriteMode::Truncate, Who::User, 1).unwrap();
        assert_eq!(fs.remove("/tmp/a", false, Who::User, 1), Err(FsError::NotEmpty));
        fs.copy("/tmp/a", "/tmp/z", Who::User, 2).unwrap();
        assert_eq!(fs.read("/tmp/z/b/f", Who::User), Ok("hi"));
        assert_eq!(fs.copy("/tmp/a", "/tmp/a/b/q", Who::User, 2), Err(FsError::Invalid));
        fs.copy("/etc", "/tmp/etc-copy", Who::User, 2).unwrap();
        assert!(fs.exists("/tmp/etc-copy/hostname"));
        assert_eq!(rebase("/etc", "/", "/tmp/r"), "/tmp/r/etc");
        fs.rename("/tmp/z", "/tmp/w", Who::User, 3).unwrap();
        assert!(!fs.exists("/tmp/z/b/f"));
        assert_eq!(fs.read("/tmp/w/b/f", Who::User), Ok("hi"));
        fs.remove("/tmp/a", true, Who::User, 4).unwrap();
        assert!(fs.walk("/tmp/a").is_empty());
        let walked: Vec<&str> = fs.walk("/tmp/w").into_iter().map(|(k, _)| k).collect();
        assert_eq!(walked, ["/tmp/w", "/tmp/w/b", "/tmp/w/b/c", "/tmp/w/b/f"]);
    }

    #[test]
    fn insert_creates_parents() {
        let mut fs = Fs::empty();
        let file = Node { kind: NodeKind::File("x".into()), owner: "root".into(), mode: 0o644, mtime: 0 };
        fs.insert("/a/b/c", file.clone()).unwrap();
        assert!(fs.is_dir("/a/b"));
        assert_eq!(fs.insert("/a/b/c/d", file), Err(FsError::NotADirectory));
    }
}
