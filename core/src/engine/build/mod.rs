//! `docker build` on the daemon side: BuildKit as dockerd 28 runs it with the containerd image
//! store. A Dockerfile is read ([`dockerfile`]), its variables expanded ([`words`]), the
//! stages the target needs are solved step by step against the build context ([`context`]),
//! each filesystem step is looked up in the layer cache or run (RUN on the one shell through
//! [`crate::container_shell::run_build_step`]), and the result is exported as an image whose
//! config, history and digests follow BuildKit's rules ([`image`]).
//!
//! What comes back is data: the progress vertices with virtual durations, the warnings, and
//! the image or BuildKit's error with the Dockerfile lines it points at. The client draws the
//! `[+] Building` view or `--progress=plain` from it; nothing here formats terminal text. The
//! build cache, the built images' records and their layers are plain engine state.

#[cfg(feature = "full")]
pub mod context;
#[cfg(feature = "full")]
pub mod dockerfile;
mod image;
#[cfg(feature = "full")]
mod solve;
#[cfg(feature = "full")]
pub mod words;

use super::files::LayerEntries;
use super::{Engine, LocalImage};
use crate::env::SimTime;
use crate::map::Map;
use crate::shell::fs::Fs;
use serde::{Deserialize, Serialize};

pub use image::{HistoryEntry, ImageExtra, HISTORY_COMMENT};

/// What `docker build` asks the daemon for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BuildRequest {
    /// The context directory, absolute, on the host.
    pub context: String,
    /// The Dockerfile, absolute path on the host.
    pub dockerfile: String,
    /// The Dockerfile's name as the progress shows it (`Dockerfile`, `nope.Dockerfile`).
    pub dockerfile_name: String,
    /// `-t` references as given.
    pub tags: Vec<String>,
    /// `--build-arg NAME=value` (a bare `NAME` takes the client's environment value).
    pub build_args: Vec<(String, String)>,
    /// `--label`.
    pub labels: Vec<(String, String)>,
    /// `--target`.
    pub target: String,
    /// `--no-cache`.
    pub no_cache: bool,
    /// Credentials for Docker Hub (the `[auth]` row, private bases).
    pub logged_in: bool,
    /// No provenance attestation (buildx's `attests["provenance"] = nil`, as compose asks
    /// unless `--provenance`): the image is its manifest, with no attestation manifest and
    /// no index over the two.
    pub no_provenance: bool,
}

/// How a vertex ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VertexEnd {
    /// It ran.
    Done,
    /// Its result came from the cache (`CACHED`).
    Cached,
    /// It failed with this message.
    Error(String),
}

/// A status line of a vertex (`transferring context: 2B`, `naming to ...`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    /// Its text.
    pub id: String,
    /// Bytes done and total (`4.07MB / 4.07MB` rows of a pull); `(0, 0)` for none.
    pub bytes: (u64, u64),
    /// When it started and ended, in ms since the build started.
    pub start: u64,
    /// When it ended.
    pub end: u64,
    /// The plain printer also showed it once before it completed.
    pub interim: bool,
}

/// One line a vertex's process wrote, with seconds since the vertex started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// Milliseconds since the vertex started.
    pub at: u64,
    /// The text.
    pub text: String,
}

/// A step of the build as the progress shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vertex {
    /// `[internal] load build definition from Dockerfile`, `[2/4] WORKDIR /app`, ...
    pub name: String,
    /// When it started, ms since the build started.
    pub start: u64,
    /// When it ended.
    pub end: u64,
    /// How it ended.
    pub state: VertexEnd,
    /// Its status lines.
    pub statuses: Vec<Status>,
    /// What its process wrote (RUN steps).
    pub logs: Vec<LogLine>,
    /// Build-check warnings shown under it (`load build definition`).
    pub warnings: Vec<String>,
}

impl Vertex {
    fn new(name: impl Into<String>, start: u64, end: u64) -> Vertex {
        Vertex {
            name: name.into(),
            start,
            end,
            state: VertexEnd::Done,
            statuses: Vec::new(),
            logs: Vec::new(),
            warnings: Vec::new(),
        }
    }

    fn status(mut self, id: impl Into<String>, start: u64, end: u64) -> Vertex {
        self.statuses.push(Status { id: id.into(), bytes: (0, 0), start, end, interim: false });
        self
    }
}

/// The Dockerfile lines an error points at, for the excerpt box.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Excerpt {
    /// The file name as shown (`Dockerfile`).
    pub file: String,
    /// The whole Dockerfile.
    pub text: String,
    /// First and last line of the failing instruction.
    pub lines: (usize, usize),
}

/// Why a build failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildFailure {
    /// The text after `ERROR: failed to solve: `.
    pub message: String,
    /// The Dockerfile lines, when the error has a place.
    pub excerpt: Option<Excerpt>,
    /// The failing vertex's log box (`> [3/3] RUN false:` and its last lines), if any.
    pub log: Option<(String, Vec<String>)>,
}

/// What the build produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    /// The image ID (the manifest list digest).
    pub id: String,
    /// The names it got, fully qualified (`docker.io/library/app:latest`).
    pub names: Vec<String>,
}

/// Everything a build did, for the client to draw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildReport {
    /// The vertices in the order they started.
    pub vertices: Vec<Vertex>,
    /// The build's duration in ms (the header's time).
    pub duration: u64,
    /// Build-check warnings (`JSONArgsRecommended: ... (line 4)`).
    pub warnings: Vec<String>,
    /// The image, or why there is none.
    pub outcome: Result<Built, BuildFailure>,
}

/// How an image was built: what it stands on and what the build added. Kept for as long as
/// the engine lives, so a container of a removed image keeps its files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuiltImage {
    /// The image the first stage of its chain came from (`None` for `FROM scratch`).
    pub base: Option<LocalImage>,
    /// That base as the Dockerfile named it, short form (`node:20`, `scratch`).
    #[serde(default)]
    pub base_name: String,
    /// Diff IDs (hex) of the layers the build added, oldest first.
    pub layers: Vec<String>,
    /// The build's own history rows, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Config fields the engine's image config does not carry.
    pub extra: ImageExtra,
    /// `sha256:...` of the image manifest, config and attestation manifest.
    pub manifest: String,
    /// The config digest.
    pub config: String,
    /// The attestation manifest digest (empty when the build made none).
    pub attestation: String,
}

/// One build cache record (`docker builder prune`, `docker system df -v`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CacheRecord {
    /// 25 base-36 characters.
    pub id: String,
    /// `regular` (a step's result) or `source.local` (a transferred context).
    pub kind: String,
    /// The layer (diff ID hex) for a step's result.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub layer: String,
    /// Bytes.
    pub size: u64,
    /// When it was made.
    pub created: SimTime,
    /// When a build last used it.
    pub last_used: SimTime,
    /// How many builds used it.
    pub usage: u32,
    /// What made it (`[2/4] WORKDIR /app`), for `--verbose`.
    pub description: String,
}

/// Everything builds leave in the engine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildStore {
    /// Built images by ID.
    #[serde(default)]
    pub(in crate::engine) images: Map<String, BuiltImage>,
    /// Layer contents by diff ID (hex).
    #[serde(default)]
    pub(in crate::engine) layers: Map<String, LayerEntries>,
    /// Cache records by cache key.
    #[serde(default)]
    pub(in crate::engine) cache: Map<String, CacheRecord>,
    /// Per context directory: what its last transfer sent (path → size, mtime).
    #[serde(default)]
    pub(in crate::engine) transfers: Map<String, Map<String, (u64, u64)>>,
    /// Base images pulled into BuildKit's content store (not listed by `docker images`).
    #[serde(default)]
    pub(in crate::engine) fetched: Vec<String>,
    /// Images a pulled or loaded image's files stand on that `docker images` does not list
    /// (a committed image's parent), by ID.
    #[serde(default)]
    pub(in crate::engine) bases: Map<String, LocalImage>,
}

/// One row of `docker builder prune` or `docker system df -v`'s build cache section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheUsage {
    /// The record's ID.
    pub id: String,
    /// `regular`, `source.local`.
    pub kind: String,
    /// Bytes.
    pub size: u64,
    /// When it was made.
    pub created: SimTime,
    /// When it was last used.
    pub last_used: SimTime,
    /// Times used.
    pub usage: u32,
    /// Whether another record shares its layer.
    pub shared: bool,
    /// Whether it may be pruned (always, no build runs while the learner types).
    pub reclaimable: bool,
    /// What made it.
    pub description: String,
}

/// tonistiigi/units' `%.2f`, as BuildKit's status texts carry sizes: `148B`, `1.04kB`, `6.10MB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    if n < 1000 {
        return format!("{n}B");
    }
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u < UNITS.len() - 1 {
        v /= 1000.0;
        u += 1;
    }
    format!("{v:.2}{}", UNITS[u])
}

/// Bytes the containerd snapshotter counts for a layer (history's SIZE for built and
/// committed layers).
pub fn snapshot_size(layer: &LayerEntries) -> u64 {
    image::layer_disk_usage(layer, false)
}

/// Parses a Go duration (`30s`, `1m30s`, `500ms`) into nanoseconds.
pub fn go_duration(s: &str) -> Option<i64> {
    let mut total: f64 = 0.0;
    let mut rest = s;
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    while !rest.is_empty() {
        let num_len = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
        if num_len == 0 {
            return None;
        }
        let n: f64 = rest.get(..num_len)?.parse().ok()?;
        rest = rest.get(num_len..)?;
        let unit_len = rest.find(|c: char| c.is_ascii_digit() || c == '.').unwrap_or(rest.len());
        let mult = match rest.get(..unit_len)? {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        rest = rest.get(unit_len..)?;
        total += n * mult;
    }
    (total.is_finite() && total < 9.2e18).then_some(total as i64)
}

impl Engine {
    /// `docker build`: solves the Dockerfile at `req.dockerfile` against the context at
    /// `req.context` on `host`, and on success stores and tags the image.
    #[cfg(feature = "full")]
    pub fn image_build(&mut self, req: &BuildRequest, host: &Fs) -> BuildReport {
        solve::build(self, req, host)
    }

    /// Keeps a build's report for [`Engine::take_build_report`] (the client drew it already).
    pub fn keep_build_report(&mut self, report: BuildReport) {
        self.last_build = Some(Box::new(report));
    }

    /// The last build's report, once: a page animates its progress from it.
    pub fn take_build_report(&mut self) -> Option<BuildReport> {
        self.last_build.take().map(|b| *b)
    }

    /// How a built image was made, `None` for pulled and committed images.
    pub fn build_info(&self, id: &str) -> Option<&BuiltImage> {
        self.builds.images.get(id)
    }

    /// The build cache's records, oldest first.
    pub fn build_cache(&self) -> Vec<CacheUsage> {
        let mut layer_users: Map<&str, u32> = Map::new();
        for r in self.builds.cache.values().filter(|r| !r.layer.is_empty()) {
            *layer_users.entry(r.layer.as_str()).or_insert(0) += 1;
        }
        let mut out: Vec<CacheUsage> = self
            .builds
            .cache
            .values()
            .map(|r| CacheUsage {
                id: r.id.clone(),
                kind: r.kind.clone(),
                size: r.size,
                created: r.created,
                last_used: r.last_used,
                usage: r.usage,
                shared: !r.layer.is_empty() && layer_users.get(r.layer.as_str()).copied().unwrap_or(0) > 1,
                reclaimable: true,
                description: r.description.clone(),
            })
            .collect();
        crate::sort::sort_by(&mut out, |a, b| a.created.cmp(&b.created).then(a.id.cmp(&b.id)));
        out
    }

    /// `docker builder prune`: removes every build cache record (none is in use between
    /// builds) and returns them newest first, as BuildKit reports them; `-a` also drops the
    /// internal records, which the simulation does not keep apart.
    pub fn build_cache_prune(&mut self, _all: bool) -> Vec<CacheUsage> {
        let mut gone = self.build_cache();
        gone.reverse();
        self.builds.cache.clear();
        self.builds.transfers.clear();
        self.builds.fetched.clear();
        self.builds_gc();
        gone
    }

    /// Forgets layers that neither a built image nor a cache record refers to.
    fn builds_gc(&mut self) {
        let mut used: crate::map::Set<String> = crate::map::Set::new();
        for b in self.builds.images.values() {
            used.extend(b.layers.iter().cloned());
        }
        for r in self.builds.cache.values() {
            if !r.layer.is_empty() {
                used.insert(r.layer.clone());
            }
        }
        self.builds.layers.retain(|k, _| used.contains(k));
    }

    /// A built image's layer contents, base first.
    pub(crate) fn built_layers(&self, id: &str) -> Option<(Option<&LocalImage>, Vec<&LayerEntries>)> {
        let b = self.builds.images.get(id)?;
        let layers = b.layers.iter().filter_map(|d| self.builds.layers.get(d)).collect();
        Some((b.base.as_ref(), layers))
    }
}

#[cfg(test)]
mod tests;
