//! The engine: our model of dockerd. It owns every image, container, volume and network.
//!
//! Methods are named after Docker Engine API operations (`container_create`,
//! `image_pull`, ...). Each validates first, then mutates, then records events; refusals
//! come back as [`DaemonError`]s. The engine never formats terminal text: the client does.

pub mod archive;
pub mod build;
mod clock;
pub mod container;
mod daemon;
pub mod error;
pub mod files;
mod health;
pub mod hub;
mod ipv4;
pub mod names;
pub mod network;
pub mod process;
pub mod reference;
pub mod registry;
mod view;
pub mod volume;

use crate::catalogue::{Catalogue, ImageConfig, Layer, ProcessSpec, RegImage};
use crate::env::{Rng, SimTime};
use crate::event::{Action, Event, ObjectKind};
use crate::map::Map;
use crate::snapshot::ContainerStatus;
use container::{Container, ContainerConfig, Health, HealthStatus, PortBinding};
pub use error::DaemonError;
use reference::ImageRef;
use serde::{Deserialize, Serialize};

/// Where events older than this many are forgotten (the diagram only needs the latest).
const EVENT_CAP: usize = 10_000;

/// The save format [`Engine::version`] names. 2: the name index is left out, and so are a
/// container's empty and default fields; [`Engine::after_load`] rebuilds the index. Version
/// 1 saves (with the index and every field) still load.
pub const SAVE_VERSION: u32 = 2;

/// An image in the local store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalImage {
    /// `sha256:<64 hex>`: with the containerd store, the manifest digest.
    pub id: String,
    /// Repository path it was pulled from (`library/httpd`), for digests and history.
    pub repo_path: String,
    /// The registry host it was pulled from when that is not Docker Hub
    /// (`docker.elastic.co`); empty for Docker Hub.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub domain: String,
    /// The config containers inherit.
    pub config: ImageConfig,
    /// What its main process does.
    pub process: ProcessSpec,
    /// For an image built on another with a command of its own: the base's ENTRYPOINT and
    /// CMD, which start the image's own process (nginx serving); see [`Self::main_command`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_command: Option<(Vec<String>, Vec<String>)>,
    /// Build time.
    pub created: SimTime,
    /// Size as `docker images` shows it.
    pub size: u64,
    /// Layers, base first.
    pub layers: Vec<Layer>,
}

impl LocalImage {
    /// The image `r` named, as the practice registry holds it (a pull's or a build's FROM).
    pub fn from_registry(r: &ImageRef, image: &RegImage) -> LocalImage {
        LocalImage {
            id: image.digest.clone(),
            repo_path: r.path.clone(),
            domain: if r.domain == reference::DEFAULT_DOMAIN { String::new() } else { r.domain.clone() },
            config: image.config.clone(),
            process: image.process.clone(),
            own_command: None,
            created: image.created_time(),
            size: image.size,
            layers: image.layers.clone(),
        }
    }

    /// The repository's name in the catalogue (`httpd`, `docker.elastic.co/elasticsearch/elasticsearch`).
    pub fn catalogue_name(&self) -> String {
        crate::catalogue::catalogue_name(&self.domain, &self.repo_path)
    }

    /// The 12-hex short ID tables show.
    pub fn short_id(&self) -> &str {
        self.id.strip_prefix("sha256:").and_then(|h| h.get(..12)).unwrap_or(&self.id)
    }

    /// The ENTRYPOINT and CMD that start the image's own process: its config's, or, for an
    /// image built with a command of its own, its base's.
    pub fn main_command(&self) -> (&[String], &[String]) {
        match &self.own_command {
            Some((ep, cmd)) => (ep, cmd),
            None => (&self.config.entrypoint, &self.config.cmd),
        }
    }
}

/// One layer line of a pull, in its final printed state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PulledLayer {
    /// 12-hex short digest.
    pub short: String,
    /// Compressed size (for progress animation).
    pub size: u64,
    /// The layer was already present (`Already exists`).
    pub existed: bool,
}

/// What a pull did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PullReport {
    /// The normalised reference pulled.
    pub reference: ImageRef,
    /// Per-layer outcome (empty when the image was up to date).
    pub layers: Vec<PulledLayer>,
    /// Manifest digest.
    pub digest: String,
    /// Nothing new was downloaded.
    pub up_to_date: bool,
}

/// One line of `docker rmi` output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageDeleteItem {
    /// A tag was removed (`Untagged: httpd:latest`).
    Untagged(String),
    /// An image was deleted (`Deleted: sha256:...`).
    Deleted(String),
}

/// The simulated daemon and all its state. Plain data: clone it to undo, serialize it to save.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Engine {
    /// Format version of this structure, for saved sessions.
    pub version: u32,
    now: SimTime,
    seed: u64,
    rng: Rng,
    id_counter: u64,
    daemon_running: bool,
    /// When dockerd last started or stopped (for `systemctl status`).
    daemon_since: SimTime,
    /// `systemctl enable docker` (Docker's packages enable it on install).
    daemon_enabled: bool,
    images: Map<String, LocalImage>,
    /// Full tag key (`docker.io/library/httpd:latest`) → image ID.
    tags: Map<String, String>,
    containers: Map<String, Container>,
    /// Container name → ID: derived from `containers`, so not saved (see `after_load`).
    #[serde(default, skip_serializing)]
    names: Map<String, String>,
    events: Vec<Event>,
    events_dropped: usize,
    /// See [`Engine::recently_removed`].
    #[serde(default)]
    last_removed: Option<Container>,
    next_ephemeral_port: u16,
    /// Volumes and container mounts (see `volume.rs`).
    volume_store: volume::VolumeStore,
    /// Networks, attachments and endpoints (see `network.rs`).
    network_store: network::NetworkStore,
    /// Container layers, volume contents and committed layers (see `files/mod.rs`).
    #[serde(default)]
    files: files::FileStore,
    /// Built images, their layers and the build cache (see `build/`).
    #[serde(default)]
    builds: build::BuildStore,
    /// The practice Docker Hub (see `hub.rs`).
    #[serde(default)]
    hub: hub::Hub,
    /// What `docker save` wrote, by the digest its archive file names (see `archive.rs`).
    #[serde(default, skip_serializing_if = "archive::Archives::is_empty")]
    archives: archive::Archives,
    /// The last build's progress, for the page to animate (see [`Engine::take_build_report`]).
    #[serde(skip)]
    last_build: Option<Box<build::BuildReport>>,
    /// Restart managers of containers a restart policy restarted (see [`Engine::set_now`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    restarts: Vec<container::RestartTimer>,
    /// The practice registry: shared data, not part of the machine's state (a save leaves it
    /// out; whoever loads a save hands it back with [`Engine::set_catalogue`]).
    #[serde(skip)]
    catalogue: Catalogue,
    /// A line asked for a command this build leaves out (see [`Engine::ask_for_full`]).
    #[serde(skip)]
    wants_full: bool,
    /// The host's files, lent for one docker command (see [`Engine::host_files_lend`]).
    #[serde(skip)]
    lent_host: Option<Box<files::LentHost>>,
}

impl Engine {
    /// A fresh daemon with nothing pulled, running since `now`.
    pub fn new(seed: u64, now: SimTime) -> Self {
        Engine {
            version: SAVE_VERSION,
            now,
            seed,
            rng: Rng::new(seed),
            id_counter: 0,
            daemon_running: true,
            daemon_since: now,
            daemon_enabled: true,
            images: Map::new(),
            tags: Map::new(),
            containers: Map::new(),
            names: Map::new(),
            events: Vec::new(),
            events_dropped: 0,
            last_removed: None,
            next_ephemeral_port: 32768,
            volume_store: volume::VolumeStore::default(),
            network_store: network::NetworkStore::new(seed, now),
            files: files::FileStore::default(),
            builds: build::BuildStore::default(),
            hub: hub::Hub::default(),
            archives: archive::Archives::default(),
            last_build: None,
            restarts: Vec::new(),
            catalogue: Catalogue::default(),
            wants_full: false,
            lent_host: None,
        }
    }

    /// A command of the full engine was asked for (`docker build`, `docker compose`, `jq`) in a
    /// build without it (core's `full` feature off: the page's first wasm). The session undoes
    /// the line and reports [`crate::Attempt::NeedsEngine`]; the page hands over to the full one.
    pub fn ask_for_full(&mut self) {
        self.wants_full = true;
    }

    /// Whether [`ask_for_full`](Self::ask_for_full) was called since the last call.
    pub fn take_full_request(&mut self) -> bool {
        std::mem::take(&mut self.wants_full)
    }

    /// The practice registry this daemon pulls from.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// Replaces the practice registry (a new catalogue, or one with more files loaded).
    pub fn set_catalogue(&mut self, catalogue: Catalogue) {
        self.catalogue = catalogue;
    }

    /// The practice registry, to load more files into.
    pub fn catalogue_mut(&mut self) -> &mut Catalogue {
        &mut self.catalogue
    }

    /// Rebuilds what a save leaves out: the name index. `Session` calls this when it loads;
    /// whoever deserializes an `Engine` by itself must call it too. Harmless on a version 1
    /// save, which has the index already.
    pub fn after_load(&mut self) {
        if self.names.len() != self.containers.len() {
            // A name two containers claim (only a damaged save has that) stays the first's.
            self.names.clear();
            for c in self.containers.values() {
                self.names.entry(c.name.clone()).or_insert_with(|| c.id.clone());
            }
        }
        self.version = SAVE_VERSION;
    }

    // ----- time and events -------------------------------------------------------------

    /// The engine's current time.
    pub fn now(&self) -> SimTime {
        self.now
    }

    /// How many events were ever recorded: a mark for [`events_since`](Self::events_since).
    pub fn event_count(&self) -> usize {
        self.events_dropped + self.events.len()
    }

    /// Events recorded after `mark`.
    pub fn events_since(&self, mark: usize) -> &[Event] {
        let start = mark.saturating_sub(self.events_dropped).min(self.events.len());
        &self.events[start..]
    }

    fn emit(
        &mut self,
        object: ObjectKind,
        action: Action,
        id: &str,
        name: &str,
        from: Option<ContainerStatus>,
        to: Option<ContainerStatus>,
    ) {
        if self.events.len() >= EVENT_CAP {
            let drop = EVENT_CAP / 2;
            self.events.drain(..drop);
            self.events_dropped += drop;
        }
        self.events.push(Event {
            time: self.now,
            object,
            action,
            id: id.to_string(),
            name: name.to_string(),
            from,
            to,
            exit_code: None,
            attrs: Vec::new(),
        });
    }

    /// A `kill` event: the daemon sent `signal` to the container's main process.
    fn emit_signal(&mut self, c: &Container, signal: i32) {
        self.emit_with(
            ObjectKind::Container,
            Action::Kill,
            &c.id,
            &c.name,
            vec![("signal".to_string(), signal.to_string())],
        );
    }

    /// Records an event with attributes of its own (see [`Event::attrs`]).
    fn emit_with(&mut self, object: ObjectKind, action: Action, id: &str, name: &str, attrs: Vec<(String, String)>) {
        self.emit(object, action, id, name, None, None);
        if let Some(e) = self.events.last_mut() {
            e.attrs = attrs;
        }
    }

    fn new_id(&mut self) -> String {
        self.id_counter += 1;
        let salt = self.rng.next_u64();
        registry::sha256_hex(format!("{}:{}:{}", self.seed, self.id_counter, salt).as_bytes())
    }

    // ----- images ----------------------------------------------------------------------

    /// Every local image by ID.
    pub fn images(&self) -> impl Iterator<Item = &LocalImage> {
        self.images.values()
    }

    /// An image by ID, listed or not (a committed image's parent the learner removed, or
    /// one a pulled image's files stand on).
    pub fn image_record(&self, id: &str) -> Option<&LocalImage> {
        self.images.get(id).or_else(|| self.builds.bases.get(id))
    }

    /// Tags (full keys) pointing at an image ID, sorted.
    pub fn tags_of(&self, id: &str) -> Vec<ImageRef> {
        self.tags.iter().filter(|(_, v)| v.as_str() == id).filter_map(|(k, _)| ImageRef::parse(k).ok()).collect()
    }

    /// Every (tag, image) pair.
    pub fn tagged_images(&self) -> impl Iterator<Item = (ImageRef, &LocalImage)> {
        self.tags.iter().filter_map(|(k, id)| Some((ImageRef::parse(k).ok()?, self.images.get(id)?)))
    }

    /// Finds a local image by reference, full ID or unique ID prefix (`image inspect`).
    pub fn image_resolve(&self, name: &str) -> Result<&LocalImage, DaemonError> {
        // The daemon names what it looked for in normalised form (`httpd:latest`).
        let shown = ImageRef::parse(name).map(|r| r.with_default_tag().familiar()).unwrap_or_else(|_| name.to_string());
        let not_found = || DaemonError::NoSuchImage(shown.clone());
        // An ID or ID prefix (with or without `sha256:`).
        let hex = name.strip_prefix("sha256:").unwrap_or(name);
        let looks_like_id =
            hex.len() >= 4 && hex.len() <= 64 && hex.bytes().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase());
        if let Ok(r) = ImageRef::parse(name) {
            let r = r.with_default_tag();
            if let Some(id) = self.tags.get(&r.tag_key()) {
                if r.digest.is_none() {
                    return self.images.get(id).ok_or_else(not_found);
                }
            }
            if let Some(d) = &r.digest {
                if let Some(img) = self.images.values().find(|i| &i.id == d && i.repo_path == r.path) {
                    return Ok(img);
                }
            }
        }
        if looks_like_id {
            let matches: Vec<&LocalImage> = self
                .images
                .values()
                .filter(|i| i.id.strip_prefix("sha256:").is_some_and(|h| h.starts_with(hex)))
                .collect();
            match matches.len() {
                0 => {}
                1 => return Ok(matches[0]),
                _ => return Err(DaemonError::Message("ambiguous reference".to_string())),
            }
        }
        Err(not_found())
    }

    /// The compressed size of a local layer, by its 12-hex short digest (pull animation).
    pub fn layer_size(&self, short: &str) -> Option<u64> {
        self.images.values().flat_map(|i| i.layers.iter()).find(|l| l.digest_hex().starts_with(short)).map(|l| l.size)
    }

    /// `docker pull`: fetches an image from the built-in registry.
    pub fn image_pull(&mut self, name: &str) -> Result<PullReport, DaemonError> {
        self.require_daemon()?;
        let r = ImageRef::parse(name).map_err(|e| DaemonError::Message(e.to_string()))?.with_default_tag();
        // The practice hub's repositories first: what a learner pushed comes back from there.
        if let Some(pulled) = self.hub_pull(&r) {
            return pulled;
        }
        // A clone of the shared handle: the image is borrowed from it while `self` changes.
        let catalogue = self.catalogue.clone();
        let image = registry::resolve_for_pull(&catalogue, &r)?;
        let key = r.tag_key();
        let already_tagged = r.digest.is_none() && self.tags.get(&key) == Some(&image.digest);
        let present = self.images.contains_key(&image.digest);
        if already_tagged || (r.digest.is_some() && present) {
            return Ok(PullReport { reference: r, layers: Vec::new(), digest: image.digest.clone(), up_to_date: true });
        }
        let have: crate::map::Set<String> =
            self.images.values().flat_map(|i| i.layers.iter().map(|l| l.name.clone())).collect();
        let mut layers = Vec::new();
        let mut seen = crate::map::Set::new();
        for l in &image.layers {
            if !seen.insert(l.name.clone()) {
                continue;
            }
            let hex = l.digest_hex();
            layers.push(PulledLayer { short: hex[..12].to_string(), size: l.size, existed: have.contains(&l.name) });
        }
        if !present {
            self.images.insert(image.digest.clone(), LocalImage::from_registry(&r, image));
        }
        if r.digest.is_none() {
            // A tag that moves leaves its old image behind as a dangling `<none>` image.
            self.tags.insert(key, image.digest.clone());
        }
        let labels = label_pairs(&image.config.labels);
        self.emit_with(ObjectKind::Image, Action::Pull, &image.digest, &r.familiar(), labels);
        Ok(PullReport { reference: r, layers, digest: image.digest.clone(), up_to_date: false })
    }

    /// `docker tag SOURCE TARGET`.
    pub fn image_tag(&mut self, source: &str, target: &str) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let id = self.image_resolve(source)?.id.clone();
        let t = ImageRef::parse(target).map_err(|e| DaemonError::Message(e.to_string()))?;
        if t.digest.is_some() {
            return Err(DaemonError::Message("refusing to create a tag with a digest reference".to_string()));
        }
        let t = t.with_default_tag();
        self.tags.insert(t.tag_key(), id.clone());
        let labels = self.images.get(&id).map(|i| label_pairs(&i.config.labels)).unwrap_or_default();
        self.emit_with(ObjectKind::Image, Action::Tag, &id, &t.familiar(), labels);
        Ok(())
    }

    /// `docker rmi NAME`: the containerd image store's rules. By name: untag, and delete
    /// when no other tag and no container keeps the image; `-f` only untags an image a
    /// container uses. By ID: refuse while any container uses it, unless `-f` and every
    /// such container is stopped; several tags need `-f`.
    pub fn image_remove(&mut self, name: &str, force: bool) -> Result<Vec<ImageDeleteItem>, DaemonError> {
        self.require_daemon()?;
        let img = self.image_resolve(name)?;
        let id = img.id.clone();
        let short = img.short_id().to_string();
        let by_tag = ImageRef::parse(name)
            .ok()
            .map(|r| r.with_default_tag())
            .filter(|r| r.digest.is_none() && self.tags.get(&r.tag_key()) == Some(&id));
        let tags = self.tags_of(&id);
        let running =
            self.containers.values().find(|c| c.image_id == id && c.is_running()).map(|c| c.short_id().to_string());
        let stopped =
            self.containers.values().find(|c| c.image_id == id && !c.is_running()).map(|c| c.short_id().to_string());
        let conflict = |what: &str, forced: &str, why: String| {
            DaemonError::Message(format!("conflict: unable to delete {what} ({forced}) - {why}"))
        };
        let mut out = Vec::new();
        if let Some(r) = by_tag {
            let user = running.clone().or(stopped.clone());
            if tags.len() > 1 || (force && user.is_some()) {
                self.tags.remove(&r.tag_key());
                out.push(ImageDeleteItem::Untagged(r.familiar()));
                self.emit(ObjectKind::Image, Action::Untag, &id, &r.familiar(), None, None);
                return Ok(out);
            }
            if let Some(c) = user {
                return Err(conflict(
                    &r.familiar(),
                    "must be forced",
                    format!("container {c} is using its referenced image {short}"),
                ));
            }
        } else {
            if let Some(c) = running {
                return Err(conflict(
                    &short,
                    "cannot be forced",
                    format!("image is being used by running container {c}"),
                ));
            }
            if !force {
                if let Some(c) = stopped {
                    return Err(conflict(
                        &short,
                        "must be forced",
                        format!("image is being used by stopped container {c}"),
                    ));
                }
                if tags.len() > 1 {
                    return Err(conflict(
                        &short,
                        "must be forced",
                        "image is referenced in multiple repositories".to_string(),
                    ));
                }
            }
        }
        for t in &tags {
            self.tags.remove(&t.tag_key());
            out.push(ImageDeleteItem::Untagged(t.familiar()));
            self.emit(ObjectKind::Image, Action::Untag, &id, &t.familiar(), None, None);
        }
        self.images.remove(&id);
        out.push(ImageDeleteItem::Deleted(id.clone()));
        self.emit(ObjectKind::Image, Action::Delete, &id, &id, None, None);
        Ok(out)
    }

    // ----- containers ------------------------------------------------------------------

    /// Every container by ID.
    pub fn containers(&self) -> impl Iterator<Item = &Container> {
        self.containers.values()
    }

    /// A container by exact ID.
    pub fn container(&self, id: &str) -> Option<&Container> {
        self.containers.get(id)
    }

    /// Finds a container by full ID, name, or unique ID prefix, in docker's order.
    pub fn container_resolve(&self, name_or_id: &str) -> Result<&Container, DaemonError> {
        let not_found = || DaemonError::NoSuchContainer(name_or_id.to_string());
        if name_or_id.is_empty() {
            return Err(not_found());
        }
        if let Some(c) = self.containers.get(name_or_id) {
            return Ok(c);
        }
        let name = name_or_id.strip_prefix('/').unwrap_or(name_or_id);
        if let Some(id) = self.names.get(name) {
            return self.containers.get(id).ok_or_else(not_found);
        }
        let matches: Vec<&Container> = self.containers.values().filter(|c| c.id.starts_with(name_or_id)).collect();
        match matches.len() {
            0 => Err(not_found()),
            1 => Ok(matches[0]),
            _ => Err(DaemonError::AmbiguousPrefix(name_or_id.to_string())),
        }
    }

    #[cfg(test)]
    /// `docker create`: a new container in state `created`.
    pub fn container_create(&mut self, name: Option<&str>, config: ContainerConfig) -> Result<String, DaemonError> {
        self.container_create_exposing(name, config, &[])
    }

    /// `docker create --expose`: like [`Engine::container_create`], with ports the client
    /// adds to the image's `EXPOSE` list. They live only in the container's exposed set
    /// (`Config.ExposedPorts`), so `-P` publishes them and saves keep them.
    pub fn container_create_exposing(
        &mut self,
        name: Option<&str>,
        config: ContainerConfig,
        expose: &[(u16, String)],
    ) -> Result<String, DaemonError> {
        self.require_daemon()?;
        // The daemon checks the host config before it looks for the image.
        container::validate_restart_policy(&config.restart)?;
        let image = match self.image_resolve(&config.image) {
            Ok(i) => i.clone(),
            Err(DaemonError::NoSuchImage(_)) => {
                let shown = ImageRef::parse(&config.image)
                    .map(|r| r.with_default_tag().familiar())
                    .unwrap_or_else(|_| config.image.clone());
                return Err(DaemonError::NoSuchImage(shown));
            }
            Err(e) => return Err(e),
        };
        // The daemon checks the networking config before it reserves the name.
        let attachment = self.network_plan(config.network.as_deref())?;
        let name = match name {
            Some(n) => {
                if !names::is_valid(n) {
                    return Err(DaemonError::Message(format!(
                        "Invalid container name ({n}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
                    )));
                }
                let n = n.strip_prefix('/').unwrap_or(n).to_string();
                if let Some(id) = self.names.get(&n) {
                    return Err(DaemonError::NameConflict { name: n, id: id.clone() });
                }
                n
            }
            None => {
                let names = &self.names;
                names::generate(&mut self.rng, |n| names.contains_key(n))
            }
        };
        // Mounts are checked after the name, and before anything changes.
        let mounts = self.mounts_plan(&config.volumes, &image.config.volumes)?;
        // An image with neither ENTRYPOINT nor CMD (`FROM scratch` + COPY) needs a command.
        let no_entrypoint = match &config.entrypoint {
            Some(e) => e.iter().all(String::is_empty),
            None => image.config.entrypoint.is_empty(),
        };
        let no_cmd = config.cmd.is_empty() && (config.entrypoint.is_some() || image.config.cmd.is_empty());
        if no_entrypoint && no_cmd {
            return Err(DaemonError::Message("no command specified".to_string()));
        }
        let id = self.new_id();
        let entrypoint = match &config.entrypoint {
            Some(e) => e.iter().filter(|s| !s.is_empty()).cloned().collect(),
            None => image.config.entrypoint.clone(),
        };
        let cmd = if !config.cmd.is_empty() {
            config.cmd.clone()
        } else if config.entrypoint.is_some() {
            Vec::new()
        } else {
            image.config.cmd.clone()
        };
        let mut env = image.config.env.clone();
        for e in &config.env {
            let key = e.split('=').next().unwrap_or(e);
            env.retain(|x| x.split('=').next() != Some(key));
            env.push(e.clone());
        }
        let mut exposed: Vec<(u16, String)> = image.config.exposed.iter().filter_map(|p| parse_port_proto(p)).collect();
        for p in &config.ports {
            if !exposed.iter().any(|(n, pr)| *n == p.container_port && *pr == p.proto) {
                exposed.push((p.container_port, p.proto.clone()));
            }
        }
        for (port, proto) in expose {
            if !exposed.iter().any(|(n, pr)| n == port && pr == proto) {
                exposed.push((*port, proto.clone()));
            }
        }
        crate::sort::sort(&mut exposed);
        let c = Container {
            id: id.clone(),
            name: name.clone(),
            image_id: image.id.clone(),
            config,
            entrypoint,
            cmd,
            env,
            exposed,
            status: ContainerStatus::Created,
            exit_code: 0,
            created: self.now,
            started_at: None,
            finished_at: None,
            bindings: Vec::new(),
            ip: None,
            restart_count: 0,
            logs: Vec::new(),
            stopped_by_user: false,
            exit_at: None,
            health: None,
            data: Default::default(),
        };
        self.mounts_apply(&id, mounts);
        self.network_attach_new(&id, attachment);
        self.names.insert(name.clone(), id.clone());
        self.containers.insert(id.clone(), c);
        self.emit(ObjectKind::Container, Action::Create, &id, &name, None, Some(ContainerStatus::Created));
        Ok(id)
    }

    /// `docker start`: binds ports and runs the main process. Starting a running container
    /// does nothing, as in docker.
    pub fn container_start(&mut self, id: &str) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = self.container_resolve(id)?.clone();
        match c.status {
            ContainerStatus::Running | ContainerStatus::Restarting => return Ok(()),
            ContainerStatus::Paused => {
                return Err(DaemonError::Message("cannot start a paused container, try unpause instead".to_string()));
            }
            ContainerStatus::Dead => {
                return Err(DaemonError::Message("container is marked for removal and cannot be started".to_string()));
            }
            _ => {}
        }
        // Creating the task comes first: a program the image doesn't have fails the start
        // and leaves the container `created` with exit code 127, as runc does.
        if let Some(program) =
            self.images.get(&c.image_id).and_then(|img| process::missing_executable(&self.catalogue, &c, img))
        {
            if let Some(cm) = self.containers.get_mut(&c.id) {
                cm.exit_code = 127;
            }
            return Err(DaemonError::ProgramNotFound(program));
        }
        // Networks must exist, then ports bind: a failure leaves the container as it was.
        self.network_check_start(&c.id)?;
        let mut bindings = Vec::new();
        let mut wanted = c.config.ports.clone();
        if c.config.publish_all {
            for (port, proto) in &c.exposed {
                if !wanted.iter().any(|p| p.container_port == *port && &p.proto == proto) {
                    wanted.push(container::PortSpec {
                        host_ip: String::new(),
                        host_port: None,
                        container_port: *port,
                        proto: proto.clone(),
                    });
                }
            }
        }
        if self.network_drops_ports(&c.id) {
            // `--network host|none`: nothing is published (the client warned at create).
            wanted.clear();
        }
        for p in &wanted {
            let host_ip = if p.host_ip.is_empty() { "0.0.0.0".to_string() } else { p.host_ip.clone() };
            let host_port = match p.host_port {
                Some(hp) => {
                    if self.port_in_use(&host_ip, hp, &p.proto, &bindings) {
                        let endpoint = self.new_id();
                        return Err(DaemonError::PortAllocated {
                            name: c.name.clone(),
                            endpoint,
                            host: format!("{host_ip}:{hp}"),
                        });
                    }
                    hp
                }
                None => self.ephemeral_port(&host_ip, &p.proto, &bindings),
            };
            bindings.push(PortBinding { host_ip, host_port, container_port: p.container_port, proto: p.proto.clone() });
        }
        let (ip, seen_ip) = self.network_start(&c.id);
        self.mounts_announce(&c.id, Action::Mount);
        let now = self.now;
        let from = c.status;
        let health = c.config.healthcheck.as_ref().filter(|h| h.test.first().is_some_and(|t| t != "NONE")).map(|h| {
            Health { status: HealthStatus::Starting, failing_streak: 0, next_probe: Some(now + h.interval.max(1)) }
        });
        if let Some(cm) = self.containers.get_mut(&c.id) {
            cm.bindings = bindings;
            cm.ip = ip;
            cm.started_at = Some(now);
            cm.status = ContainerStatus::Running;
            cm.stopped_by_user = false;
            cm.health = health;
        }
        // The process sees itself running (its address, its name on the network); any program
        // other than the image's own runs on the container's shell.
        let outcome = match process::on_start(&self.catalogue, &c, self.images.get(&c.image_id), &seen_ip, now) {
            process::Start::Done(o) => o,
            process::Start::Program(argv) => crate::container_shell::run_main(self, &c.id, &argv, now),
        };
        // A process that ends later by itself (after its `sleep`s) runs until then.
        let later = outcome.exit_code.filter(|_| outcome.ends_at > now).map(|code| (outcome.ends_at, code));
        if let Some(cm) = self.containers.get_mut(&c.id) {
            cm.logs.extend(outcome.logs);
            cm.exit_at = later;
        }
        self.emit(ObjectKind::Container, Action::Start, &c.id, &c.name, Some(from), Some(ContainerStatus::Running));
        if let (Some(code), None) = (outcome.exit_code, later) {
            self.finish(&c.id, code, false, true);
        }
        Ok(())
    }

    fn port_in_use(&self, ip: &str, port: u16, proto: &str, pending: &[PortBinding]) -> bool {
        let clash = |b: &PortBinding| {
            b.host_port == port && b.proto == proto && (b.host_ip == ip || b.host_ip == "0.0.0.0" || ip == "0.0.0.0")
        };
        pending.iter().any(clash)
            || self.containers.values().filter(|c| c.is_running()).flat_map(|c| c.bindings.iter()).any(clash)
    }

    fn ephemeral_port(&mut self, ip: &str, proto: &str, pending: &[PortBinding]) -> u16 {
        for _ in 0..30_000 {
            let p = self.next_ephemeral_port;
            self.next_ephemeral_port = if p >= 60_999 { 32_768 } else { p + 1 };
            if !self.port_in_use(ip, p, proto, pending) {
                return p;
            }
        }
        self.next_ephemeral_port
    }

    /// The main process ended with `code`: ports are released, logs closed, and the
    /// restart policy or `--rm` decides what happens next.
    ///
    /// As moby's `handleContainerExit`: networks and volumes are released first (their
    /// `disconnect`/`unmount` events), then `die`; a restart policy that applies leaves the
    /// container `restarting` until its back-off passes (see [`Engine::set_now`]).
    fn finish(&mut self, id: &str, code: i32, graceful_logs: bool, natural: bool) {
        let now = self.now;
        let stop_logs = match self.containers.get(id) {
            Some(c) if graceful_logs => process::on_stop(&self.catalogue, c, self.images.get(&c.image_id), now),
            _ => Vec::new(),
        };
        let Some(c) = self.containers.get_mut(id) else { return };
        let from = c.status;
        if !natural {
            // A stopped process never writes what it would have written later.
            c.logs.retain(|l| l.time <= now);
        }
        c.logs.extend(stop_logs);
        c.status = ContainerStatus::Exited;
        c.exit_at = None;
        if let Some(h) = c.health.as_mut() {
            // docker keeps the last status of a stopped container's check, and stops probing.
            h.next_probe = None;
        }
        c.exit_code = code;
        c.finished_at = Some(now);
        c.bindings.clear();
        c.ip = None;
        let ran = now.saturating_sub(c.started_at.unwrap_or(now));
        let (name, auto_remove, policy, by_user, count) =
            (c.name.clone(), c.config.auto_remove, c.config.restart.clone(), c.stopped_by_user, c.restart_count);
        let max: Option<u32> = policy.strip_prefix("on-failure:").and_then(|n| n.parse().ok());
        let restart = natural
            && !by_user
            && !auto_remove
            && self.daemon_running
            && match policy.as_str() {
                "always" | "unless-stopped" => true,
                p if p.starts_with("on-failure") => code != 0 && max.is_none_or(|m| count < m),
                _ => false,
            };
        if from != ContainerStatus::Restarting {
            self.network_release(id);
            self.mounts_announce(id, Action::Unmount);
        }
        let to = if restart { ContainerStatus::Restarting } else { ContainerStatus::Exited };
        if let Some(c) = self.containers.get_mut(id) {
            if restart {
                c.restart_count += 1;
            }
            c.status = to;
        }
        let timer = match self.restarts.iter().position(|r| r.id == id) {
            Some(i) => self.restarts.get_mut(i),
            None if restart => {
                self.restarts.push(container::RestartTimer { id: id.to_string(), at: None, delay: 0 });
                self.restarts.last_mut()
            }
            None => None,
        };
        if let Some(r) = timer {
            r.at = None;
            if restart {
                // moby's restartmanager: 100 ms, doubling to a minute; a run of 10 s or
                // more starts the back-off afresh.
                r.delay = if ran >= 10 * crate::env::SECOND || r.delay == 0 { 100 } else { (r.delay * 2).min(60_000) };
                r.at = Some(now + r.delay);
            }
        }
        self.emit(ObjectKind::Container, Action::Die, id, &name, Some(from), Some(to));
        if let Some(e) = self.events.last_mut() {
            e.exit_code = Some(code);
        }
        if auto_remove {
            // `--rm` removes the container's anonymous volumes too.
            self.remove_now(id, true);
        }
    }

    /// The labels a container's events carry: the image's, overridden by `--label`.
    fn event_labels(&self, c: &Container) -> Vec<(String, String)> {
        let mut attrs: Vec<(String, String)> = Vec::new();
        let image = self.images.get(&c.image_id).map(|i| i.config.labels.as_slice()).unwrap_or(&[]);
        for (k, v) in label_pairs(image).into_iter().chain(label_pairs(&c.config.labels)) {
            attrs.retain(|(ek, _)| *ek != k);
            attrs.push((k, v));
        }
        attrs
    }

    /// Removes a container for good; `remove_volumes` (`rm -v`, `--rm`) also deletes the
    /// anonymous volumes only it used.
    /// The last container that `--rm` removed, so `docker run --rm` can still print what it
    /// wrote and exit with its code (the real client streams both before the removal).
    pub fn recently_removed(&self, id: &str) -> Option<&Container> {
        self.last_removed.as_ref().filter(|c| c.id == id)
    }

    fn remove_now(&mut self, id: &str, remove_volumes: bool) {
        if let Some(c) = self.containers.remove(id) {
            self.restarts.retain(|r| r.id != id);
            self.last_removed = Some(c.clone());
            self.names.remove(&c.name);
            self.network_forget(id);
            self.mounts_release(id, remove_volumes);
            let mut attrs = self.event_labels(&c);
            attrs.push(("image".to_string(), c.config.image.clone()));
            self.emit(
                ObjectKind::Container,
                Action::Destroy,
                id,
                &c.name,
                Some(c.status),
                Some(ContainerStatus::Removed),
            );
            if let Some(e) = self.events.last_mut() {
                // The container is gone: its event says what it was.
                e.attrs = attrs;
            }
        }
    }

    /// `docker stop`: the stop signal, then SIGKILL after `timeout` seconds if the process
    /// ignores it. Stopping a stopped container is not an error.
    pub fn container_stop(&mut self, id: &str, timeout: Option<i64>) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = self.container_resolve(id)?.clone();
        if !c.is_running() {
            return Ok(());
        }
        if let Some(cm) = self.containers.get_mut(&c.id) {
            cm.stopped_by_user = true;
        }
        let image = self.images.get(&c.image_id);
        let code = process::exit_code_on_stop(&self.catalogue, &c, image);
        let stop_signal = image.and_then(|i| process::signal_number(&i.config.stop_signal)).unwrap_or(15);
        let killed = code == 137;
        // The stop signal first; a process that ignores it gets SIGKILL after the timeout,
        // unless it ends by itself before that (a `sleep 5` that had 3 seconds to go).
        self.emit_signal(&c, stop_signal);
        let wait = timeout.unwrap_or(10).max(0) as u64 * crate::env::SECOND;
        match c.exit_at.filter(|(t, _)| killed && c.status == ContainerStatus::Running && *t <= self.now + wait) {
            Some((t, own)) => {
                self.now = self.now.max(t);
                self.finish(&c.id, own, false, true);
            }
            None => {
                if killed {
                    self.now += wait;
                    self.emit_signal(&c, 9);
                }
                self.finish(&c.id, code, !killed, false);
            }
        }
        if let Some(cm) = self.containers.get(&c.id) {
            let name = cm.name.clone();
            self.emit(ObjectKind::Container, Action::Stop, &c.id, &name, None, None);
        }
        Ok(())
    }

    /// `docker kill`: a signal to a running container (SIGKILL by default).
    pub fn container_kill(&mut self, id: &str, signal: &str) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = match self.container_resolve(id) {
            Ok(c) => c.clone(),
            Err(e) => return Err(DaemonError::Message(format!("cannot kill container: {id}: {e}"))),
        };
        if !c.is_running() {
            return Err(DaemonError::Message(format!(
                "cannot kill container: {id}: container {} is not running",
                c.id
            )));
        }
        let Some(num) = process::signal_number(signal) else {
            return Err(DaemonError::Message(format!("Invalid signal: {signal}")));
        };
        if let Some(cm) = self.containers.get_mut(&c.id) {
            cm.stopped_by_user = true;
        }
        self.emit_signal(&c, num);
        let image = self.images.get(&c.image_id);
        if let Some(code) = process::exit_code_on_signal(&self.catalogue, &c, image, num) {
            let logs =
                if code != 137 { process::on_signal(&self.catalogue, &c, image, num, self.now) } else { Vec::new() };
            if let Some(cm) = self.containers.get_mut(&c.id) {
                cm.logs.extend(logs);
            }
            self.finish(&c.id, code, false, false);
        }
        Ok(())
    }

    /// The main process ended by itself with `code` (a shell's `exit`).
    pub fn container_exit(&mut self, id: &str, code: i32) {
        let Ok(c) = self.container_resolve(id) else { return };
        if c.is_running() {
            let id = c.id.clone();
            self.finish(&id, code, false, true);
        }
    }

    /// `docker restart`: stop (if running), then start.
    pub fn container_restart(&mut self, id: &str, timeout: Option<i64>) -> Result<(), DaemonError> {
        let full = self.container_resolve(id)?.id.clone();
        self.container_stop(&full, timeout)?;
        self.container_start(&full)?;
        let name = self.containers.get(&full).map(|c| c.name.clone()).unwrap_or_default();
        self.emit(ObjectKind::Container, Action::Restart, &full, &name, None, None);
        Ok(())
    }

    /// `docker pause`.
    pub fn container_pause(&mut self, id: &str) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = self.container_resolve(id)?.clone();
        match c.status {
            ContainerStatus::Running => {}
            ContainerStatus::Paused => {
                return Err(DaemonError::Message(format!("Container {} is already paused", c.id)))
            }
            _ => return Err(DaemonError::Message(format!("container {} is not running", c.id))),
        }
        if let Some(cm) = self.containers.get_mut(&c.id) {
            cm.status = ContainerStatus::Paused;
        }
        self.emit(
            ObjectKind::Container,
            Action::Pause,
            &c.id,
            &c.name,
            Some(ContainerStatus::Running),
            Some(ContainerStatus::Paused),
        );
        Ok(())
    }

    /// `docker unpause`.
    pub fn container_unpause(&mut self, id: &str) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = self.container_resolve(id)?.clone();
        if c.status != ContainerStatus::Paused {
            return Err(DaemonError::Message(format!("Container {} is not paused", c.id)));
        }
        if let Some(cm) = self.containers.get_mut(&c.id) {
            cm.status = ContainerStatus::Running;
        }
        self.emit(
            ObjectKind::Container,
            Action::Unpause,
            &c.id,
            &c.name,
            Some(ContainerStatus::Paused),
            Some(ContainerStatus::Running),
        );
        // A sleep that ran out while the process was frozen ends it as soon as it thaws.
        if let Some((_, code)) = c.exit_at.filter(|(t, _)| *t <= self.now) {
            self.exit_due(&c.id, code);
        }
        Ok(())
    }

    /// `docker rm`: a running container needs `force`, which kills it first; `volumes`
    /// (`-v`) also removes its anonymous volumes.
    pub fn container_remove(&mut self, id: &str, force: bool, volumes: bool) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = self.container_resolve(id)?.clone();
        if c.is_running() {
            if !force {
                let arg = id.trim_matches('/').to_string();
                return Err(if c.status == ContainerStatus::Paused {
                    DaemonError::RemovePaused(arg)
                } else {
                    DaemonError::RemoveRunning(arg)
                });
            }
            if let Some(cm) = self.containers.get_mut(&c.id) {
                cm.stopped_by_user = true;
                cm.config.auto_remove = false;
            }
            self.emit_signal(&c, 9);
            self.finish(&c.id, 137, false, false);
        }
        self.remove_now(&c.id, volumes);
        Ok(())
    }

    /// `docker rename`.
    pub fn container_rename(&mut self, id: &str, new_name: &str) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = self.container_resolve(id)?.clone();
        let new_name = new_name.strip_prefix('/').unwrap_or(new_name);
        if !names::is_valid(new_name) {
            return Err(DaemonError::Message(format!(
                "Invalid container name ({new_name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"
            )));
        }
        if c.name == new_name {
            return Err(DaemonError::Message(
                "Renaming a container with the same name as its current name".to_string(),
            ));
        }
        if let Some(other) = self.names.get(new_name) {
            return Err(DaemonError::Message(format!(
                "Error when allocating new name: Conflict. The container name \"/{new_name}\" is already in use by container \"{other}\". You have to remove (or rename) that container to be able to reuse that name."
            )));
        }
        self.names.remove(&c.name);
        self.names.insert(new_name.to_string(), c.id.clone());
        if let Some(cm) = self.containers.get_mut(&c.id) {
            cm.name = new_name.to_string();
        }
        self.emit(ObjectKind::Container, Action::Rename, &c.id, new_name, None, None);
        Ok(())
    }

    fn require_daemon(&self) -> Result<(), DaemonError> {
        if self.daemon_running {
            Ok(())
        } else {
            Err(DaemonError::Message("daemon not running".to_string()))
        }
    }
}

/// `KEY=value` label strings as attribute pairs (events copy an image's labels).
fn label_pairs(labels: &[String]) -> Vec<(String, String)> {
    labels
        .iter()
        .map(|l| {
            l.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).unwrap_or_else(|| (l.clone(), String::new()))
        })
        .collect()
}

/// Parses `80/tcp` (or `80`) into its number and protocol.
pub fn parse_port_proto(s: &str) -> Option<(u16, String)> {
    let (n, proto) = s.split_once('/').unwrap_or((s, "tcp"));
    Some((n.parse().ok()?, proto.to_string()))
}
