//! The practice registry as data: the images a learner can pull, read from `content/registry/`
//! files that the site fetches and the native tools read from disk.
//!
//! A [`Catalogue`] starts from the small index (`index.toml`: repository names, tags,
//! descriptions) and takes the heavier files as they arrive: a repository's images
//! (`library/redis.toml`), the base systems they are built on (`os/debian12.toml`), the package
//! mirrors (`packages/debian.toml`). Core never reads a file itself. When a lookup needs a file
//! that is not loaded yet, the lookup answers "not there" and notes the file in
//! [`Catalogue::take_needs`]; the session then undoes the line and asks its caller for those
//! files (see `Session::attempt_line`), so a line runs to the end only with everything it
//! needs, and its output is the same as with the whole catalogue loaded from the start.
//!
//! The catalogue is shared, not copied: sessions and their undo copies hold the same `Rc`,
//! and loading a file copies only the small maps of pointers. Loading never panics on any
//! text: a broken file is a [`LoadError`] with a byte offset and a Korean message.

pub mod model;
pub mod names;
pub mod validate;

use crate::map::{Map, Set};
pub use model::*;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// The path of the index, relative to the registry folder.
pub const INDEX_PATH: &str = "index.toml";

/// How long a chain of `base` systems or `tree.from` repositories may be (a cycle in the data
/// cannot loop for ever).
const MAX_CHAIN: usize = 8;

/// The practice registry: the index and whatever files have been loaded. Cheap to clone.
#[derive(Clone, Default)]
pub struct Catalogue {
    inner: Rc<Inner>,
}

#[derive(Clone, Default)]
struct Inner {
    index: Vec<IndexRepo>,
    repos: Map<String, Rc<Repo>>,
    oses: Map<String, Rc<OsInfo>>,
    merged: Map<String, Rc<OsInfo>>,
    families: Map<String, Rc<Family>>,
    /// Files asked for that do not exist (so they are not asked for again).
    absent: Set<String>,
    /// Every file there is has been loaded: nothing is ever needed (the native tools).
    sealed: bool,
    /// Files lookups wanted since the last [`Catalogue::take_needs`].
    needs: RefCell<Vec<String>>,
    /// Images a pull asked for that the catalogue does not hold (see [`Catalogue::take_missing`]).
    missing: RefCell<Vec<String>>,
}

/// Two catalogues are equal when they are the same shared data (what a page's state needs to
/// tell "unchanged" cheaply); loading a file makes a new one.
impl PartialEq for Catalogue {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Catalogue({} repos indexed, {} loaded, {} systems)",
            self.inner.index.len(),
            self.inner.repos.len(),
            self.inner.oses.len()
        )
    }
}

/// A file that could not be read as catalogue data: where, and why (Korean).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file, relative to the registry folder.
    pub path: String,
    /// Byte offset of the problem in the file's text.
    pub offset: usize,
    /// What is wrong, in Korean.
    pub message: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// What a file under the registry folder is, by its path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// `index.toml`.
    Index,
    /// A repository's images: `library/NAME.toml` (official) or `OWNER/NAME.toml`.
    Repo(String),
    /// A base system: `os/NAME.toml`.
    Os(String),
    /// A package mirror: `packages/NAME.toml`.
    Packages(String),
}

impl FileKind {
    /// Reads a path relative to the registry folder; `None` for anything that is not a
    /// catalogue file (a README, a file without `.toml`).
    pub fn of(path: &str) -> Option<FileKind> {
        if path == INDEX_PATH {
            return Some(FileKind::Index);
        }
        let stem = path.strip_suffix(".toml")?;
        if let Some(name) = stem.strip_prefix("os/") {
            return valid_simple_name(name).then(|| FileKind::Os(name.to_string()));
        }
        if let Some(name) = stem.strip_prefix("packages/") {
            return valid_simple_name(name).then(|| FileKind::Packages(name.to_string()));
        }
        let name = stem.strip_prefix("library/").filter(|n| !n.contains('/')).unwrap_or(stem);
        (stem.contains('/') && valid_repo_name(name)).then(|| FileKind::Repo(name.to_string()))
    }
}

/// The file a repository's images are in: `library/httpd.toml`, `myschool/hello-web.toml`.
pub fn repo_path(name: &str) -> String {
    if name.contains('/') {
        format!("{name}.toml")
    } else {
        format!("library/{name}.toml")
    }
}

/// The file of a base system.
pub fn os_path(name: &str) -> String {
    format!("os/{name}.toml")
}

/// The file of a package mirror.
pub fn packages_path(name: &str) -> String {
    format!("packages/{name}.toml")
}

/// The package mirror a language's own installer reads (`pip` → `pypi`, `npm` → `npm`), for an
/// image that ships that program.
pub fn language_mirror(program: &str) -> Option<&'static str> {
    match program {
        "pip" | "pip3" => Some("pypi"),
        "npm" => Some("npm"),
        _ => None,
    }
}

/// A repository name as an image reference would normalise it: lower-case path components
/// (`redis`, `myschool/hello-web`), an optional registry host first
/// (`docker.elastic.co/elasticsearch/elasticsearch`), no tag, no `library/`.
pub fn valid_repo_name(name: &str) -> bool {
    if name.starts_with("library/") || name.contains(':') || name.contains('@') {
        return false;
    }
    // Every component, a registry host included, starts with a letter or digit: no `..`.
    if !name.split('/').all(|c| c.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())) {
        return false;
    }
    match crate::engine::reference::ImageRef::parse(name) {
        Ok(r) => r.tag.is_none() && r.digest.is_none() && r.familiar_repo() == name,
        Err(_) => false,
    }
}

/// An OS or package mirror name: `debian12`, `alpine3.21`, `buildpack-deps-bookworm`.
pub fn valid_simple_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'_'))
}

/// The repository a reference's path and registry host name in the catalogue.
pub fn catalogue_name(domain: &str, path: &str) -> String {
    if domain.is_empty() || domain == crate::engine::reference::DEFAULT_DOMAIN {
        path.strip_prefix("library/").unwrap_or(path).to_string()
    } else {
        format!("{domain}/{path}")
    }
}

impl Catalogue {
    /// A catalogue that starts from the index's text.
    pub fn from_index(text: &str) -> Result<Catalogue, LoadError> {
        let mut c = Catalogue::default();
        c.load(INDEX_PATH, Some(text))?;
        Ok(c)
    }

    /// A sealed catalogue from every file of a registry folder (`(path, text)` pairs, paths
    /// relative to the folder), the index first: what the native tools and the tests use.
    /// Files that fail to load are left out and reported.
    pub fn from_files(files: &[(String, String)]) -> (Catalogue, Vec<LoadError>) {
        let mut c = Catalogue::default();
        let mut errors = Vec::new();
        let index = files.iter().filter(|(p, _)| p == INDEX_PATH);
        let rest = files.iter().filter(|(p, _)| p != INDEX_PATH && FileKind::of(p).is_some());
        for (path, text) in index.chain(rest) {
            if let Err(e) = c.load(path, Some(text)) {
                errors.push(e);
            }
        }
        c.seal();
        (c, errors)
    }

    /// Takes one file (its text, or `None` when the site or disk has no such file, which is
    /// remembered so it is not asked for again). Which kind of file it is follows from
    /// `path` (see [`FileKind::of`]). A broken file changes nothing.
    pub fn load(&mut self, path: &str, text: Option<&str>) -> Result<(), LoadError> {
        let err = |offset: usize, message: String| LoadError { path: path.to_string(), offset, message };
        let Some(kind) = FileKind::of(path) else {
            return Err(err(0, "연습용 레지스트리 파일의 경로가 아닙니다.".to_string()));
        };
        let Some(text) = text else {
            Rc::make_mut(&mut self.inner).absent.insert(path.to_string());
            return Ok(());
        };
        let from_toml =
            |e: crate::toml_lite::de::DeError| err(e.offset.unwrap_or(0).min(text.len()), message_ko(&e.message));
        match kind {
            FileKind::Index => {
                let file: IndexFile = crate::toml_lite::from_str(text).map_err(from_toml)?;
                let inner = Rc::make_mut(&mut self.inner);
                inner.index = file.repos;
            }
            FileKind::Repo(name) => {
                let file: RepoFile = crate::toml_lite::from_str(text).map_err(from_toml)?;
                let repo = repo_from_file(&name, file);
                Rc::make_mut(&mut self.inner).repos.insert(name, Rc::new(repo));
            }
            FileKind::Os(name) => {
                let os: OsInfo = crate::toml_lite::from_str(text).map_err(from_toml)?;
                let inner = Rc::make_mut(&mut self.inner);
                inner.oses.insert(name, Rc::new(os));
                inner.merged =
                    inner.oses.keys().filter_map(|n| Some((n.clone(), Rc::new(merge(&inner.oses, n)?)))).collect();
            }
            FileKind::Packages(name) => {
                let family: Family = crate::toml_lite::from_str(text).map_err(from_toml)?;
                Rc::make_mut(&mut self.inner).families.insert(name, Rc::new(family));
            }
        }
        Ok(())
    }

    /// Says that every file there is has been loaded: lookups that find nothing need nothing.
    pub fn seal(&mut self) {
        Rc::make_mut(&mut self.inner).sealed = true;
    }

    /// Whether [`seal`](Self::seal) was called.
    pub fn is_sealed(&self) -> bool {
        self.inner.sealed
    }

    /// The files lookups wanted since the last call, in the order they were wanted.
    pub fn take_needs(&self) -> Vec<String> {
        self.inner.needs.try_borrow_mut().map(|mut n| std::mem::take(&mut *n)).unwrap_or_default()
    }

    /// Notes that a pull asked for an image the catalogue does not hold (`nginxx:latest`),
    /// so the page can say the practice registry, not the learner's command, is the limit.
    pub fn note_missing(&self, image: &str) {
        if let Ok(mut m) = self.inner.missing.try_borrow_mut() {
            if !m.iter().any(|x| x == image) {
                m.push(image.to_string());
            }
        }
    }

    /// The images noted by [`note_missing`](Self::note_missing) since the last call.
    pub fn take_missing(&self) -> Vec<String> {
        self.inner.missing.try_borrow_mut().map(|mut m| std::mem::take(&mut *m)).unwrap_or_default()
    }

    fn need(&self, path: String) {
        if self.inner.sealed || self.inner.absent.contains(&path) {
            return;
        }
        if let Ok(mut needs) = self.inner.needs.try_borrow_mut() {
            if !needs.contains(&path) {
                needs.push(path);
            }
        }
    }

    /// The index's repositories, in file order.
    pub fn index(&self) -> &[IndexRepo] {
        &self.inner.index
    }

    /// A repository's index entry (`httpd` or `library/httpd`).
    pub fn indexed(&self, name: &str) -> Option<&IndexRepo> {
        let name = name.strip_prefix("library/").unwrap_or(name);
        self.inner.index.iter().find(|r| r.name == name)
    }

    /// Whether the index lists `name:tag` (no file needed).
    pub fn has_tag(&self, name: &str, tag: &str) -> bool {
        self.indexed(name).is_some_and(|r| r.tags.iter().any(|t| t == tag))
    }

    /// A repository's images, if its file is loaded; a repository the index lists but whose
    /// file is not loaded yet is noted as needed.
    pub fn repo(&self, name: &str) -> Option<&Repo> {
        let name = name.strip_prefix("library/").unwrap_or(name);
        if let Some(r) = self.inner.repos.get(name) {
            return Some(r);
        }
        if self.indexed(name).is_some() {
            self.need(repo_path(name));
        }
        None
    }

    /// The image `name:tag` points at.
    pub fn resolve(&self, name: &str, tag: &str) -> Option<(&Repo, &RegImage)> {
        let repo = self.repo(name)?;
        repo.images.iter().find(|i| i.tags.iter().any(|t| t == tag)).map(|i| (repo, i))
    }

    /// The image with this digest in this repository.
    pub fn by_digest(&self, name: &str, digest: &str) -> Option<(&Repo, &RegImage)> {
        let repo = self.repo(name)?;
        repo.images.iter().find(|i| i.digest == digest).map(|i| (repo, i))
    }

    /// A base system with everything it inherits folded in; a file of the chain that is not
    /// loaded yet is noted as needed (and the answer is `None` until it is).
    pub fn os(&self, name: &str) -> Option<&OsInfo> {
        if name.is_empty() {
            return None;
        }
        let mut next = name.to_string();
        for _ in 0..MAX_CHAIN {
            match self.inner.oses.get(&next) {
                Some(os) if os.base.is_empty() => break,
                Some(os) => next = os.base.clone(),
                None => {
                    let path = os_path(&next);
                    if valid_simple_name(&next) && !self.inner.absent.contains(&path) {
                        self.need(path);
                        return None;
                    }
                    break;
                }
            }
        }
        self.inner.merged.get(name).map(|o| &**o)
    }

    /// A package mirror, if loaded (noted as needed otherwise).
    pub fn packages(&self, name: &str) -> Option<&Family> {
        if let Some(f) = self.inner.families.get(name) {
            return Some(f);
        }
        if valid_simple_name(name) {
            self.need(packages_path(name));
        }
        None
    }

    /// The trees a repository's images start from, base first: those of the repositories its
    /// `tree.from` names, then its own.
    pub fn trees(&self, name: &str) -> Vec<&Tree> {
        let mut chain = Vec::new();
        let mut next = name.to_string();
        while chain.len() < MAX_CHAIN {
            let Some(repo) = self.repo(&next) else { break };
            chain.push(&repo.tree);
            if repo.tree.from.is_empty() || repo.tree.from == next {
                break;
            }
            next = repo.tree.from.clone();
        }
        chain.reverse();
        chain
    }

    /// The web server a repository's images run, if any.
    pub fn http(&self, name: &str) -> Option<&HttpServer> {
        self.repo(name)?.http.as_ref()
    }

    /// Every repository and system file loaded so far, by path (for the validator).
    pub fn loaded_repos(&self) -> impl Iterator<Item = &Repo> {
        self.inner.repos.values().map(|r| &**r)
    }

    /// The base systems loaded so far, as written (not merged), by name.
    pub fn loaded_oses(&self) -> impl Iterator<Item = (&String, &OsInfo)> {
        self.inner.oses.iter().map(|(k, v)| (k, &**v))
    }

    /// The package mirrors loaded so far, by name.
    pub fn loaded_packages(&self) -> impl Iterator<Item = (&String, &Family)> {
        self.inner.families.iter().map(|(k, v)| (k, &**v))
    }

    /// The files the loaded ones name that are neither loaded nor known to be absent: the
    /// index's repositories, the base systems and `tree.from` repositories of loaded
    /// repositories, the bases and package mirrors of loaded systems. A page that cannot list
    /// the registry's folder (the site's check page) loads these round after round until
    /// there are none, and so has every file the index reaches.
    pub fn unloaded_references(&self) -> Vec<String> {
        let inner = &self.inner;
        let mut out: Vec<String> = Vec::new();
        let mut add = |path: String, loaded: bool| {
            if !loaded && !inner.absent.contains(&path) && !out.contains(&path) {
                out.push(path);
            }
        };
        for r in &inner.index {
            if valid_repo_name(&r.name) {
                add(repo_path(&r.name), inner.repos.contains_key(&r.name));
            }
        }
        for repo in inner.repos.values() {
            let from = &repo.tree.from;
            if !from.is_empty() && valid_repo_name(from) {
                add(repo_path(from), inner.repos.contains_key(from.as_str()));
            }
            for os in repo.images.iter().map(|i| &i.process.os).filter(|o| valid_simple_name(o)) {
                add(os_path(os), inner.oses.contains_key(os.as_str()));
            }
            let programs = repo.images.iter().flat_map(|i| i.process.programs.iter());
            for mirror in programs.filter_map(|p| language_mirror(p)) {
                add(packages_path(mirror), inner.families.contains_key(mirror));
            }
        }
        for os in inner.oses.values() {
            if valid_simple_name(&os.base) {
                add(os_path(&os.base), inner.oses.contains_key(os.base.as_str()));
            }
            if valid_simple_name(&os.packages) {
                add(packages_path(&os.packages), inner.families.contains_key(os.packages.as_str()));
            }
        }
        out
    }
}

/// Korean wording for the messages of serde's derives (syntax errors from `toml_lite` are
/// Korean already); anything else keeps the original after a Korean lead-in.
fn message_ko(message: &str) -> String {
    let message = message.trim();
    let list = |rest: &str| -> (String, String) {
        let (what, expected) = rest.split_once(", expected").unwrap_or((rest, ""));
        (what.to_string(), expected.trim_start_matches(" one of").trim().to_string())
    };
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let (field, expected) = list(rest);
        return if expected.is_empty() {
            format!("모르는 키 {field}입니다.")
        } else {
            format!("모르는 키 {field}입니다. 쓸 수 있는 키: {expected}")
        };
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let (value, expected) = list(rest);
        return format!("모르는 값 {value}입니다. 쓸 수 있는 값: {expected}");
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("꼭 있어야 하는 키가 빠졌습니다: {rest}");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return format!("값의 종류가 맞지 않습니다: {expected}이어야 하는데 {found}입니다.");
    }
    if let Some(rest) = message.strip_prefix("duplicate key ") {
        return format!("같은 키가 두 번 나옵니다: {rest}");
    }
    if message.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)) {
        return message.to_string();
    }
    format!("TOML 문법 오류입니다: {message}")
}

/// A repository file read into a [`Repo`]: each image's config gathered and its digest
/// computed (or taken from the file).
fn repo_from_file(name: &str, file: RepoFile) -> Repo {
    let images = file
        .images
        .into_iter()
        .map(|e| {
            let mut image = RegImage {
                tags: e.tags,
                created: e.created,
                size: e.size,
                layers: e.layers,
                config: ImageConfig {
                    entrypoint: e.entrypoint,
                    cmd: e.cmd,
                    env: e.env,
                    exposed: e.exposed,
                    volumes: e.volumes,
                    workdir: e.workdir,
                    user: e.user,
                    stop_signal: e.stop_signal,
                    labels: e.labels,
                },
                process: e.process,
                digest: String::new(),
            };
            image.digest = match e.digest.filter(|d| crate::engine::registry::is_digest(d)) {
                Some(d) => d,
                None => format!("sha256:{}", crate::engine::registry::manifest_digest_hex(name, &image)),
            };
            image
        })
        .collect();
    Repo { name: name.to_string(), images, tree: file.tree, http: file.http }
}

/// A system with its `base` chain folded in: programs and files add up, every other key the
/// nearest definition wins. `None` if `name` is not loaded.
fn merge(oses: &Map<String, Rc<OsInfo>>, name: &str) -> Option<OsInfo> {
    let mut chain: Vec<(&str, &OsInfo)> = Vec::new();
    let mut next = name;
    while chain.len() < MAX_CHAIN {
        let Some((key, os)) = oses.get_key_value(next) else { break };
        if chain.iter().any(|(k, _)| *k == key.as_str()) {
            break;
        }
        chain.push((key, os));
        if os.base.is_empty() {
            break;
        }
        next = &os.base;
    }
    if chain.is_empty() {
        return None;
    }
    let mut m = OsInfo::default();
    for (key, os) in chain.iter().rev() {
        for p in &os.programs {
            if !m.programs.contains(p) {
                m.programs.push(p.clone());
            }
        }
        for (k, v) in &os.files {
            m.files.insert(k.clone(), v.clone());
        }
        let pick = |mine: &String, theirs: &mut String| {
            if !mine.is_empty() {
                theirs.clone_from(mine);
            }
        };
        pick(&os.id_root, &mut m.id_root);
        pick(&os.ps, &mut m.ps);
        pick(&os.sh, &mut m.sh);
        pick(&os.uname_os, &mut m.uname_os);
        pick(&os.shell, &mut m.shell);
        pick(&os.bash_version, &mut m.bash_version);
        pick(&os.ps1, &mut m.ps1);
        pick(&os.pkg, &mut m.pkg);
        pick(&os.packages, &mut m.packages);
        pick(&os.bin, &mut m.bin);
        pick(&os.usr_bin, &mut m.usr_bin);
        pick(&os.sbin, &mut m.sbin);
        if os.merged_usr.is_some() {
            m.merged_usr = os.merged_usr;
        }
        if !os.root.is_empty() {
            m.root.clone_from(&os.root);
        }
        if !os.dirs.is_empty() {
            m.dirs.clone_from(&os.dirs);
        }
        if !os.shell.is_empty() {
            m.tree_name = key.to_string();
        }
    }
    m.base = chain.get(1).map(|(k, _)| k.to_string()).unwrap_or_default();
    Some(m)
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests;
