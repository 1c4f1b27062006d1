//! The practice Docker Hub: a remote service in the model, kept in the engine's state so that
//! undo and saved progress keep it. Accounts are made at the first `docker login` with a new
//! name (a practice hub needs no sign-up page); later logins must use the same password. A
//! logged-in learner pushes to repositories under their own name (`alice/app`), which then
//! pull, run and turn up in `docker search` like any other image. Official images stay the
//! built-in registry's; nobody may push to `library/`.
//!
//! The engine side of `login`, `push`, `pull` and `search`: it answers with data and the
//! registry's errors; the client prints docker's progress lines.

use super::archive::Bundle;
use super::reference::{ImageRef, DEFAULT_DOMAIN};
use super::{DaemonError, Engine, LocalImage, PullReport, PulledLayer};
use crate::env::SimTime;
use crate::event::{Action, ObjectKind};
use crate::map::Map;
use serde::{Deserialize, Serialize};

/// The hub's server key in `~/.docker/config.json` and in `docker logout`'s message.
pub const HUB_SERVER: &str = "https://index.docker.io/v1/";

/// The size docker prints for an image index with one manifest and its attestation.
const INDEX_SIZE: u64 = 856;

/// The hub's state.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hub {
    /// Accounts: name → password.
    #[serde(default)]
    accounts: Map<String, String>,
    /// Repositories by path (`alice/app`).
    #[serde(default)]
    repos: Map<String, HubRepo>,
}

/// One repository on the hub.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubRepo {
    /// Tag → image ID.
    pub tags: Map<String, String>,
    /// Images by ID.
    pub images: Map<String, Bundle>,
    /// Blobs (12-hex short digests) the repository holds.
    pub blobs: Vec<String>,
    /// When it was last pushed to.
    pub pushed: SimTime,
}

/// Who pushes: the credentials the client sends (from `~/.docker/config.json`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    /// The Docker ID.
    pub username: String,
    /// The password or token.
    pub password: String,
}

/// What happened to one blob of a push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobPush {
    /// Uploaded.
    Pushed,
    /// A layer the repository already had.
    LayerExists,
    /// A config or attestation the repository already had.
    Exists,
    /// Mounted from another repository (`library/nginx`).
    Mounted(String),
}

/// One line of push progress: the blob's 12-hex short digest, its size and what happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushedBlob {
    /// First 12 hex digits of the compressed blob's digest.
    pub short: String,
    /// Bytes (for the progress bar).
    pub size: u64,
    /// The outcome.
    pub status: BlobPush,
}

/// What `docker push` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PushReport {
    /// `docker.io/alice/app`.
    pub repository: String,
    /// The tag.
    pub tag: String,
    /// The blobs in the order docker lists them.
    pub blobs: Vec<PushedBlob>,
    /// `sha256:...` of the pushed index (the image ID).
    pub digest: String,
    /// Bytes of the index.
    pub size: u64,
}

/// Why a push failed after its first line (`The push refers to repository [...]`) was printed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushError {
    /// The daemon refused before pushing (no such image, bad reference).
    Daemon(DaemonError),
    /// The registry refused: the blob lines shown so far and its message.
    Denied {
        /// `docker.io/alice/app`.
        repository: String,
        /// The blob that was waiting when it was refused.
        waiting: String,
        /// `push access denied, ...`.
        message: String,
    },
}

/// A `docker search` result from the hub's own repositories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HubSearchResult {
    /// `alice/app`.
    pub name: String,
    /// Empty: learners' repositories have no description.
    pub description: String,
    /// Stars.
    pub stars: u32,
}

/// A Docker ID as Docker Hub allows it: 4 to 30 lower-case letters and digits.
fn valid_docker_id(name: &str) -> bool {
    (4..=30).contains(&name.len()) && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

impl Engine {
    /// `POST /auth`: checks credentials against the practice hub (any other server cannot be
    /// reached). A new Docker ID is registered with its first password.
    pub fn registry_login(&mut self, server: &str, username: &str, password: &str) -> Result<(), DaemonError> {
        let hub = matches!(server, "" | "docker.io" | "index.docker.io" | "registry-1.docker.io" | HUB_SERVER)
            || server.starts_with("https://index.docker.io");
        if !hub {
            // No other registry runs anywhere the simulated host can reach.
            let host = server.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/');
            let name = host.split(':').next().unwrap_or(host);
            if matches!(name, "localhost" | "127.0.0.1") {
                let port = host.split(':').nth(1).unwrap_or("80");
                return Err(DaemonError::Message(format!(
                    "Get \"http://{host}/v2/\": dial tcp 127.0.0.1:{port}: connect: connection refused"
                )));
            }
            return Err(DaemonError::Message(format!(
                "Get \"https://{host}/v2/\": dial tcp: lookup {name}: no such host"
            )));
        }
        let wrong = || {
            DaemonError::Message(
                "Get \"https://registry-1.docker.io/v2/\": unauthorized: incorrect username or password".into(),
            )
        };
        if !valid_docker_id(username) {
            return Err(wrong());
        }
        match self.hub.accounts.get(username) {
            Some(p) if p != password => return Err(wrong()),
            Some(_) => {}
            None => {
                self.hub.accounts.insert(username.to_string(), password.to_string());
            }
        }
        Ok(())
    }

    /// Whether these credentials are a hub account's.
    fn hub_authorized(&self, creds: Option<&Credentials>) -> Option<String> {
        let c = creds?;
        (self.hub.accounts.get(&c.username) == Some(&c.password)).then(|| c.username.clone())
    }

    /// `docker push NAME[:TAG]` (containerd image store).
    pub fn image_push(&mut self, name: &str, creds: Option<&Credentials>) -> Result<PushReport, PushError> {
        self.require_daemon().map_err(PushError::Daemon)?;
        let r = ImageRef::parse(name)
            .map_err(|e| PushError::Daemon(DaemonError::Message(e.to_string())))?
            .with_default_tag();
        let repository = format!("{}/{}", r.domain, r.path);
        let tag = r.tag.clone().unwrap_or_else(|| "latest".into());
        let Some(id) = self.tags.get(&r.tag_key()).cloned() else {
            return Err(PushError::Daemon(DaemonError::Message(format!("tag does not exist: {}", r.full()))));
        };
        let Some(bundle) = self.bundle(&id) else {
            return Err(PushError::Daemon(DaemonError::Message(format!("tag does not exist: {}", r.full()))));
        };
        let blobs = push_blobs(self, &bundle);
        let user = self.hub_authorized(creds);
        let owner = r.path.split('/').next().unwrap_or("");
        let allowed = r.domain == DEFAULT_DOMAIN && r.path.contains('/') && user.as_deref() == Some(owner);
        if !allowed {
            let message = if r.domain == DEFAULT_DOMAIN {
                "push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed".to_string()
            } else {
                let host = r.domain.split(':').next().unwrap_or(&r.domain).to_string();
                format!("failed to do request: Head \"https://{}/v2/{}/blobs/sha256:{}\": dial tcp: lookup {host}: no such host", r.domain, r.path, blobs.first().map(|b| b.0.clone()).unwrap_or_default())
            };
            let waiting = blobs.first().map(|b| b.0.get(..12).unwrap_or("").to_string()).unwrap_or_default();
            return Err(PushError::Denied { repository, waiting, message });
        }
        // Layers the repository has, or an official repository shares, need no upload.
        let official = bundle.image.repo_path.clone();
        let repo = self.hub.repos.entry(r.path.clone()).or_default();
        let mut out = Vec::new();
        for (hex, size, kind) in &blobs {
            let short = hex.get(..12).unwrap_or(hex).to_string();
            let status = if repo.blobs.contains(&short) {
                if *kind != BlobKind::Meta {
                    BlobPush::LayerExists
                } else {
                    BlobPush::Exists
                }
            } else if *kind == BlobKind::BaseLayer && official.starts_with("library/") {
                BlobPush::Mounted(official.clone())
            } else {
                BlobPush::Pushed
            };
            if !repo.blobs.contains(&short) {
                repo.blobs.push(short.clone());
            }
            out.push(PushedBlob { short, size: *size, status });
        }
        repo.tags.insert(tag.clone(), id.clone());
        repo.images.insert(id.clone(), bundle);
        repo.pushed = self.now;
        self.emit(ObjectKind::Image, Action::Push, &id, &r.familiar(), None, None);
        Ok(PushReport { repository, tag, blobs: out, digest: id, size: INDEX_SIZE })
    }

    /// A hub repository's image for `r`: `None` when the hub has no such repository (the
    /// registry may), `Some(None)` when the repository lacks the tag.
    pub(crate) fn hub_lookup(&self, r: &ImageRef) -> Option<Option<LocalImage>> {
        if r.domain != DEFAULT_DOMAIN {
            return None;
        }
        let repo = self.hub.repos.get(&r.path)?;
        let id = match (&r.digest, &r.tag) {
            (Some(d), _) => Some(d.clone()),
            (None, Some(t)) => repo.tags.get(t).cloned(),
            _ => None,
        };
        Some(id.and_then(|id| repo.images.get(&id)).map(|b| b.image.clone()))
    }

    /// `docker pull USER/NAME[:TAG]` from the practice hub: `None` when the hub has no such
    /// repository.
    pub(crate) fn hub_pull(&mut self, r: &ImageRef) -> Option<Result<PullReport, DaemonError>> {
        let repo = self.hub.repos.get(&r.path)?.clone();
        let id = match (&r.digest, &r.tag) {
            (Some(d), _) => Some(d.clone()),
            (None, Some(t)) => repo.tags.get(t).cloned(),
            _ => None,
        };
        let Some(bundle) = id.and_then(|id| repo.images.get(&id).cloned()) else {
            let full = r.full();
            return Some(Err(DaemonError::Message(format!(
                "failed to resolve reference \"{full}\": {full}: not found"
            ))));
        };
        let id = bundle.image.id.clone();
        let key = r.tag_key();
        if r.digest.is_none() && self.tags.get(&key) == Some(&id) {
            return Some(Ok(PullReport { reference: r.clone(), layers: Vec::new(), digest: id, up_to_date: true }));
        }
        let have: crate::map::Set<String> =
            self.images.values().flat_map(|i| i.layers.iter().map(|l| l.digest_hex())).collect();
        let mut layers = Vec::new();
        for l in &bundle.image.layers {
            let hex = l.digest_hex();
            if layers.iter().any(|p: &PulledLayer| hex.starts_with(&p.short)) {
                continue;
            }
            layers.push(PulledLayer {
                short: hex.get(..12).unwrap_or(&hex).to_string(),
                size: l.size,
                existed: have.contains(&hex),
            });
        }
        self.unbundle(bundle);
        if r.digest.is_none() {
            self.tags.insert(key, id.clone());
        }
        self.emit(ObjectKind::Image, Action::Pull, &id, &r.familiar(), None, None);
        Some(Ok(PullReport { reference: r.clone(), layers, digest: id, up_to_date: false }))
    }

    /// The hub's repositories whose name contains `term`, for `docker search`.
    pub fn hub_search(&self, term: &str) -> Vec<HubSearchResult> {
        self.hub
            .repos
            .keys()
            .filter(|name| name.contains(term))
            .map(|name| HubSearchResult { name: name.clone(), description: String::new(), stars: 0 })
            .collect()
    }

    /// The hub's repositories and their tags, for views and exercise goals.
    pub fn hub_repositories(&self) -> Vec<(String, Vec<String>)> {
        self.hub.repos.iter().map(|(k, r)| (k.clone(), r.tags.keys().cloned().collect())).collect()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum BlobKind {
    /// A layer of the image the build started from.
    BaseLayer,
    /// A layer the image added.
    Layer,
    /// The config or the attestation manifest.
    Meta,
}

/// The blobs a push uploads, in the order the containerd store's push lists them: the
/// layers (base first), then the config, then the attestation manifest.
fn push_blobs(engine: &Engine, b: &Bundle) -> Vec<(String, u64, BlobKind)> {
    let built = engine.build_info(&b.image.id);
    let base_layers = built.and_then(|r| r.base.as_ref()).map(|i| i.layers.len()).unwrap_or(b.image.layers.len());
    let mut out: Vec<(String, u64, BlobKind)> = Vec::new();
    for (i, l) in b.image.layers.iter().enumerate() {
        let hex = l.digest_hex();
        if out.iter().any(|(h, _, _)| *h == hex) {
            continue;
        }
        let kind = if i < base_layers { BlobKind::BaseLayer } else { BlobKind::Layer };
        out.push((hex, l.size, kind));
    }
    let strip = |d: &str| d.strip_prefix("sha256:").unwrap_or(d).to_string();
    let (config, attestation) = match built {
        Some(r) => (strip(&r.config), strip(&r.attestation)),
        None => {
            let h = super::registry::sha256_hex(format!("config\0{}", b.image.id).as_bytes());
            let a = super::registry::sha256_hex(format!("attestation\0{}", b.image.id).as_bytes());
            (h, a)
        }
    };
    out.push((config, 1_480, BlobKind::Meta));
    if !attestation.is_empty() {
        out.push((attestation, 1_120, BlobKind::Meta));
    }
    out
}
