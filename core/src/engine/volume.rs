//! Volumes: named and anonymous volumes, and the mount points containers hold on them.
//!
//! This is the daemon side of `docker volume ...` and of `-v`/`--mount` (moby's
//! `volume/service`, `volume/local` and `volume/mounts/linux_parser.go`, rewritten): the
//! store, the name rules, the `-v` spec grammar, reference counting by containers, and the
//! anonymous-volume label that decides what `docker volume prune` and `docker rm -v` may
//! delete. It never formats terminal text; refusals are [`DaemonError`]s worded as dockerd
//! words them.

use super::{DaemonError, Engine};
use crate::env::SimTime;
use crate::event::{Action, ObjectKind};
use crate::go::strconv::{parse_bool, NumError};
use crate::map::Map;
use serde::{Deserialize, Serialize};

/// The label the daemon puts on volumes it names itself (moby's `AnonymousLabel`).
/// `docker volume prune` without `-a` only removes volumes carrying it.
pub const ANONYMOUS_LABEL: &str = "com.docker.volume.anonymous";

/// Where the local driver keeps volume data on the (simulated) host.
pub const VOLUMES_ROOT: &str = "/var/lib/docker/volumes";

/// Everything the daemon knows about volumes and mounts. Plain data, cloned with the engine.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeStore {
    /// Volumes by name.
    volumes: Map<String, Volume>,
    /// Container ID → its mount points, in the order docker registers them.
    mounts: Map<String, Vec<MountPoint>>,
}

/// One volume, as `docker volume inspect` describes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volume {
    /// Name (64 hex digits for anonymous volumes).
    pub name: String,
    /// Always `local` here: the only driver our daemon has.
    pub driver: String,
    /// Labels; `None` prints as `null` (volumes created by `-v`, which sends no labels).
    pub labels: Option<Map<String, String>>,
    /// Driver options (`-o`); `None` prints as `null`, like labels.
    pub options: Option<Map<String, String>>,
    /// Creation time (`CreatedAt` is this in RFC 3339, seconds).
    pub created: SimTime,
    /// Bytes of data inside, which `docker volume prune` reports as reclaimed.
    pub size: u64,
}

impl Volume {
    /// `/var/lib/docker/volumes/NAME/_data`.
    pub fn mountpoint(&self) -> String {
        format!("{VOLUMES_ROOT}/{}/_data", self.name)
    }

    /// Whether the daemon named it (the anonymous label is set).
    pub fn is_anonymous(&self) -> bool {
        self.labels.as_ref().is_some_and(|l| l.contains_key(ANONYMOUS_LABEL))
    }
}

/// What kind of mount a container has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MountType {
    /// A volume (named or anonymous).
    Volume,
    /// A host path.
    Bind,
    /// An in-memory file system (`--mount type=tmpfs`).
    Tmpfs,
}

impl MountType {
    /// Docker's word for it (`volume`, `bind`, `tmpfs`), as `.Mounts[].Type` prints it.
    pub fn as_str(self) -> &'static str {
        match self {
            MountType::Volume => "volume",
            MountType::Bind => "bind",
            MountType::Tmpfs => "tmpfs",
        }
    }
}

/// One mount of one container, shaped like an entry of `docker inspect`'s `Mounts`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountPoint {
    /// Volume, bind or tmpfs.
    pub kind: MountType,
    /// The volume's name (empty for binds and tmpfs).
    pub name: String,
    /// Host path: the bind source, or the volume's mountpoint.
    pub source: String,
    /// Path inside the container.
    pub destination: String,
    /// `local` for volumes, empty otherwise.
    pub driver: String,
    /// The mode string as docker records it (`z` for named volumes, `ro`, or empty).
    pub mode: String,
    /// Writable.
    pub rw: bool,
    /// `rprivate` for binds, empty otherwise.
    pub propagation: String,
    /// The spec named the volume (`-v data:/x`, `--mount source=data,...`): `docker rm -v`
    /// and `--rm` keep such volumes even when they are anonymous ones.
    pub named: bool,
}

/// `docker volume create` options, as the client sends them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolumeCreateRequest {
    /// Name; empty asks the daemon to pick a 64-hex one (an anonymous volume).
    pub name: String,
    /// `-d` (the client's default is `local`).
    pub driver: String,
    /// `--label` entries.
    pub labels: Map<String, String>,
    /// `-o` entries.
    pub options: Map<String, String>,
}

/// What `docker volume prune` removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VolumePruneReport {
    /// Names, in removal order.
    pub deleted: Vec<String>,
    /// Bytes freed.
    pub reclaimed: u64,
}

/// A mount the daemon will register once the container exists (validated, not yet applied).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PlannedMount {
    kind: MountType,
    /// Volume name (`None`: create an anonymous one) or bind source.
    source: Option<String>,
    destination: String,
    mode: String,
    rw: bool,
    propagation: String,
    labels: Option<Map<String, String>>,
    /// Driver options of a volume `--mount` creates (`volume-opt`); `None` prints as `null`.
    options: Option<Map<String, String>>,
}

/// Accepted keys of `docker volume ls --filter` (moby's `acceptedListFilters`).
const LIST_FILTERS: &[&str] = &["dangling", "name", "driver", "label"];
/// Accepted keys of `docker volume prune --filter`.
const PRUNE_FILTERS: &[&str] = &["label", "label!", "all"];

impl Engine {
    // ----- queries ---------------------------------------------------------------------

    /// Every volume, by name.
    pub fn volumes(&self) -> impl Iterator<Item = &Volume> {
        self.volume_store.volumes.values()
    }

    /// A volume by exact name (`docker volume inspect`): `get NAME: no such volume`.
    pub fn volume_inspect(&self, name: &str) -> Result<&Volume, DaemonError> {
        self.volume_store.volumes.get(name).ok_or_else(|| DaemonError::Message(format!("get {name}: no such volume")))
    }

    /// The containers (full IDs, oldest first) whose mounts hold the volume: a container
    /// references its volumes from creation until removal, running or not.
    pub fn volume_refs(&self, name: &str) -> Vec<String> {
        let mut refs: Vec<(SimTime, String)> = self
            .volume_store
            .mounts
            .iter()
            .filter(|(_, ms)| ms.iter().any(|m| m.kind == MountType::Volume && m.name == name))
            .map(|(id, _)| (self.containers.get(id).map(|c| c.created).unwrap_or(0), id.clone()))
            .collect();
        crate::sort::sort(&mut refs);
        refs.into_iter().map(|(_, id)| id).collect()
    }

    /// Records a `mount` (container start) or `unmount` (container exit) event for each
    /// volume a container uses, with the attributes moby gives them; binds and tmpfs
    /// mounts have no volume and no event.
    pub(super) fn mounts_announce(&mut self, container_id: &str, action: Action) {
        let mut events = Vec::new();
        for m in self.container_mounts(container_id).iter().filter(|m| m.kind == MountType::Volume) {
            let mut attrs = vec![("container".to_string(), container_id.to_string())];
            if action == Action::Mount {
                attrs.push(("destination".to_string(), m.destination.clone()));
            }
            attrs.push(("driver".to_string(), m.driver.clone()));
            if action == Action::Mount {
                attrs.push(("propagation".to_string(), m.propagation.clone()));
                attrs.push(("read/write".to_string(), if m.rw { "true" } else { "false" }.to_string()));
            }
            events.push((m.name.clone(), attrs));
        }
        for (name, attrs) in events {
            self.emit_with(ObjectKind::Volume, action, &name, &name, attrs);
        }
    }

    /// A container's mounts, in registration order (`docker inspect`'s `Mounts`).
    pub fn container_mounts(&self, id: &str) -> &[MountPoint] {
        self.volume_store.mounts.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `docker volume ls`: the volumes matching every filter (`name=value` strings as the
    /// client sends them), in name order; the client sorts them its own way.
    pub fn volume_list(&self, filters: &[String]) -> Result<Vec<&Volume>, DaemonError> {
        let f = Filters::parse(filters, LIST_FILTERS)?;
        let dangling = f.bool("dangling")?;
        let out = self
            .volume_store
            .volumes
            .values()
            .filter(|v| f.exact("driver", &v.driver))
            .filter(|v| f.matches("name", &v.name))
            .filter(|v| f.labels("label", v.labels.as_ref()))
            .filter(|v| dangling.is_none_or(|d| self.volume_refs(&v.name).is_empty() == d))
            .collect();
        Ok(out)
    }

    // ----- changes ---------------------------------------------------------------------

    /// `docker volume create`: creates the volume, or returns the existing one of that name
    /// unchanged (the daemon treats a second create as a no-op).
    pub fn volume_create(&mut self, req: VolumeCreateRequest) -> Result<Volume, DaemonError> {
        self.require_daemon()?;
        let anonymous = req.name.is_empty();
        let name = if anonymous { self.aux_id() } else { req.name.clone() };
        let driver = if req.driver.is_empty() { "local".to_string() } else { req.driver.clone() };
        let mut labels = req.labels.clone();
        if anonymous {
            labels.insert(ANONYMOUS_LABEL.to_string(), String::new());
        }
        self.volume_create_inner(&name, &driver, Some(labels), Some(req.options))
    }

    /// The store's create: driver lookup, name rules, option rules, then the volume.
    fn volume_create_inner(
        &mut self,
        name: &str,
        driver: &str,
        labels: Option<Map<String, String>>,
        options: Option<Map<String, String>>,
    ) -> Result<Volume, DaemonError> {
        let op = |e: String| DaemonError::Message(format!("create {name}: {e}"));
        if driver != "local" {
            return Err(op(format!(
                "error looking up volume plugin {driver}: plugin {} not found",
                crate::go::strconv::quote(driver)
            )));
        }
        if let Some(v) = self.volume_store.volumes.get(name) {
            return Ok(v.clone());
        }
        validate_volume_name(name).map_err(op)?;
        for key in options.iter().flat_map(|o| o.keys()) {
            if !matches!(key.as_str(), "type" | "o" | "device" | "size") {
                return Err(op(format!("invalid option: {}", crate::go::strconv::quote(key))));
            }
        }
        let v =
            Volume { name: name.to_string(), driver: driver.to_string(), labels, options, created: self.now, size: 0 };
        self.volume_store.volumes.insert(name.to_string(), v.clone());
        self.emit(ObjectKind::Volume, Action::Create, name, name, None, None);
        Ok(v)
    }

    /// `docker volume rm`: refused while any container (running or not) references it;
    /// `force` only turns a missing volume into a success.
    pub fn volume_remove(&mut self, name: &str, force: bool) -> Result<(), DaemonError> {
        self.require_daemon()?;
        if !self.volume_store.volumes.contains_key(name) {
            return if force { Ok(()) } else { Err(DaemonError::Message(format!("get {name}: no such volume"))) };
        }
        let refs = self.volume_refs(name);
        if !refs.is_empty() {
            return Err(DaemonError::Message(format!("remove {name}: volume is in use - [{}]", refs.join(", "))));
        }
        self.volume_store.volumes.remove(name);
        self.emit(ObjectKind::Volume, Action::Destroy, name, name, None, None);
        Ok(())
    }

    /// `docker volume prune`: unreferenced local volumes without driver options; only
    /// anonymous ones unless `all` (or the `all=true` filter).
    pub fn volume_prune(&mut self, all: bool, filters: &[String]) -> Result<VolumePruneReport, DaemonError> {
        self.require_daemon()?;
        let mut f = Filters::parse(filters, PRUNE_FILTERS)?;
        let all_values = f.values("all");
        let all = match all_values.as_slice() {
            [] => all,
            [one] => {
                all || parse_bool(one).ok_or_else(|| {
                    DaemonError::Message(format!("invalid filter 'all': {}", NumError::Syntax.text("ParseBool", one)))
                })?
            }
            many => {
                return Err(DaemonError::Message(format!(
                    "invalid filter 'all={}': only one value is expected",
                    go_list(many)
                )))
            }
        };
        if !all {
            f.add("label", ANONYMOUS_LABEL);
        }
        let doomed: Vec<String> = self
            .volume_store
            .volumes
            .values()
            .filter(|v| v.driver == "local" && v.options.as_ref().is_none_or(Map::is_empty))
            .filter(|v| f.labels("label", v.labels.as_ref()))
            .filter(|v| !f.has("label!") || !f.labels("label!", v.labels.as_ref()))
            .map(|v| v.name.clone())
            .filter(|n| self.volume_refs(n).is_empty())
            .collect();
        let mut report = VolumePruneReport::default();
        for name in doomed {
            if let Some(v) = self.volume_store.volumes.remove(&name) {
                report.reclaimed += v.size;
                self.emit(ObjectKind::Volume, Action::Destroy, &name, &name, None, None);
                report.deleted.push(name);
            }
        }
        self.emit(ObjectKind::Volume, Action::Prune, "", "", None, None);
        Ok(report)
    }

    /// A container's mounts for the snapshot: kind, volume name or host path, target.
    pub(super) fn snapshot_mounts(&self, id: &str) -> Vec<crate::snapshot::MountView> {
        self.container_mounts(id)
            .iter()
            .map(|m| crate::snapshot::MountView {
                kind: m.kind.as_str().to_string(),
                source: if m.kind == MountType::Volume { m.name.clone() } else { m.source.clone() },
                destination: m.destination.clone(),
            })
            .collect()
    }

    // ----- hooks for container create / remove -------------------------------------------

    /// Validates a new container's `-v`/`--mount` specs and the image's `VOLUME`s, as
    /// moby's `registerMountPoints` and `createContainerOSSpecificSettings` do, without
    /// changing anything. `specs` holds `-v` values and `--mount` values (told apart by
    /// [`is_mount_spec`]); `image_volumes` are the image's declared paths.
    pub(super) fn mounts_plan(
        &self,
        specs: &[String],
        image_volumes: &[String],
    ) -> Result<Vec<PlannedMount>, DaemonError> {
        let mut plan: Vec<PlannedMount> = Vec::new();
        let mut anonymous: Vec<String> = Vec::new();
        let taken = |plan: &[PlannedMount], dest: &str| plan.iter().any(|p| p.destination == dest);
        // 1. Binds (`-v` with a source), then 2. `--mount`s; anonymous `-v /path` wait.
        for spec in specs.iter().filter(|s| !is_mount_spec(s)) {
            if !spec.contains(':') {
                anonymous.push(spec.clone());
                continue;
            }
            let m = parse_mount_raw(spec)?;
            if taken(&plan, &m.destination) {
                return Err(DaemonError::Message(format!("Duplicate mount point: {}", m.destination)));
            }
            plan.push(m);
        }
        for spec in specs.iter().filter(|s| is_mount_spec(s)) {
            let (m, target) = parse_mount_spec(spec)?;
            if taken(&plan, &m.destination) {
                return Err(DaemonError::Message(format!("Duplicate mount point: {target}")));
            }
            plan.push(m);
        }
        // Named volumes must be creatable (or exist).
        for m in &plan {
            if let (MountType::Volume, Some(name)) = (m.kind, &m.source) {
                if !self.volume_store.volumes.contains_key(name) {
                    validate_volume_name(name).map_err(|e| DaemonError::Message(format!("create {name}: {e}")))?;
                }
            }
        }
        // 3. Anonymous volumes for `-v /path` and the image's VOLUMEs not mounted already.
        for path in anonymous.iter().chain(image_volumes.iter()) {
            let dest = clean_path(path);
            if taken(&plan, &dest) {
                continue;
            }
            plan.push(PlannedMount {
                kind: MountType::Volume,
                source: None,
                destination: dest,
                mode: String::new(),
                rw: true,
                propagation: String::new(),
                labels: None,
                options: None,
            });
        }
        Ok(plan)
    }

    /// Creates the planned volumes and records the container's mounts.
    pub(super) fn mounts_apply(&mut self, container_id: &str, plan: Vec<PlannedMount>) {
        let mut mounts = Vec::new();
        for p in plan {
            let m = match p.kind {
                MountType::Bind | MountType::Tmpfs => MountPoint {
                    kind: p.kind,
                    name: String::new(),
                    source: p.source.unwrap_or_default(),
                    destination: p.destination,
                    driver: String::new(),
                    mode: p.mode,
                    rw: p.rw,
                    propagation: p.propagation,
                    named: false,
                },
                MountType::Volume => {
                    let named = p.source.is_some();
                    let options = p.options;
                    let (name, labels) = match p.source {
                        Some(n) => (n, p.labels),
                        None => {
                            let mut l = p.labels.unwrap_or_default();
                            l.insert(ANONYMOUS_LABEL.to_string(), String::new());
                            (self.aux_id(), Some(l))
                        }
                    };
                    // Validated by the plan; a failure here would be a bug, and the
                    // mount is then simply left out rather than crashing the session.
                    let Ok(v) = self.volume_create_inner(&name, "local", labels, options) else {
                        debug_assert!(false, "planned volume {name} could not be created");
                        continue;
                    };
                    MountPoint {
                        kind: MountType::Volume,
                        name: v.name.clone(),
                        source: v.mountpoint(),
                        destination: p.destination,
                        driver: v.driver.clone(),
                        mode: p.mode,
                        rw: p.rw,
                        propagation: p.propagation,
                        named,
                    }
                }
            };
            mounts.push(m);
        }
        if !mounts.is_empty() {
            self.volume_store.mounts.insert(container_id.to_string(), mounts);
        }
    }

    /// A container is gone: its references go, and with `remove_anonymous` (`rm -v`,
    /// `--rm`) so do the anonymous volumes it did not name, unless another container
    /// still uses them (moby's `removeMountPoints`).
    pub(super) fn mounts_release(&mut self, container_id: &str, remove_anonymous: bool) {
        let Some(mounts) = self.volume_store.mounts.remove(container_id) else { return };
        if !remove_anonymous {
            return;
        }
        for m in mounts {
            if m.kind != MountType::Volume || m.named {
                continue;
            }
            let anonymous = self.volume_store.volumes.get(&m.name).is_some_and(Volume::is_anonymous);
            if anonymous && self.volume_refs(&m.name).is_empty() {
                self.volume_store.volumes.remove(&m.name);
                self.emit(ObjectKind::Volume, Action::Destroy, &m.name, &m.name, None, None);
            }
        }
    }
}

/// The local driver's name rule: at least two characters from `[a-zA-Z0-9][a-zA-Z0-9_.-]`.
fn validate_volume_name(name: &str) -> Result<(), String> {
    if name.len() == 1 {
        return Err("volume name is too short, names should be at least two alphanumeric characters".to_string());
    }
    let mut chars = name.chars();
    let ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if !ok {
        return Err(format!(
            "{} includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path",
            crate::go::strconv::quote(name)
        ));
    }
    Ok(())
}

/// Whether a `volumes` entry of a container config is a `--mount` value rather than a `-v`
/// one: `--mount` always names its target (`target=`, `dst=` or `destination=`), which no
/// valid `-v` spec does.
pub fn is_mount_spec(spec: &str) -> bool {
    spec.split(',').any(|field| {
        let key = field.split_once('=').map_or("", |(k, _)| k).trim().to_ascii_lowercase();
        matches!(key.as_str(), "target" | "dst" | "destination")
    })
}

/// Go's `path.Clean` for absolute or relative slash paths.
fn clean_path(p: &str) -> String {
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    match (abs, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

const PROPAGATIONS: &[&str] = &["private", "rprivate", "slave", "rslave", "shared", "rshared"];

/// moby's `linuxValidMountMode`: a comma list with at most one of each kind of mode.
fn valid_mount_mode(mode: &str) -> bool {
    if mode.is_empty() {
        return true;
    }
    let mut counts = [0u8; 5];
    for o in mode.split(',') {
        let kind = match o {
            "rw" | "ro" => 0,
            "z" | "Z" => 1,
            p if PROPAGATIONS.contains(&p) => 2,
            "nocopy" => 3,
            "consistent" | "cached" | "delegated" => 4,
            _ => return false,
        };
        counts[kind] += 1;
    }
    counts.iter().all(|c| *c <= 1)
}

/// moby's `ParseMountRaw` for a `-v SOURCE:TARGET[:MODE]` bind (named volume or host path).
fn parse_mount_raw(raw: &str) -> Result<PlannedMount, DaemonError> {
    let spec_err = || DaemonError::Message(format!("invalid volume specification: '{raw}'"));
    let arr: Vec<&str> = raw.splitn(4, ':').collect();
    if arr.first().is_none_or(|s| s.is_empty()) {
        return Err(spec_err());
    }
    let (source, target, mode) = match arr.as_slice() {
        [_] => return Err(spec_err()),
        [s, t] => {
            if valid_mount_mode(t) {
                return Err(spec_err());
            }
            (*s, *t, "")
        }
        [s, t, m] => (*s, *t, *m),
        _ => return Err(spec_err()),
    };
    if !valid_mount_mode(mode) {
        return Err(DaemonError::Message(format!("invalid mode: {mode}")));
    }
    let kind = if source.starts_with('/') { MountType::Bind } else { MountType::Volume };
    let config_err = |e: &str| {
        DaemonError::Message(format!(
            "invalid volume specification: '{raw}': invalid mount config for type \"{}\": {e}",
            kind.as_str()
        ))
    };
    if target.is_empty() {
        return Err(config_err("field Target must not be empty"));
    }
    if clean_path(target) == "/" {
        return Err(config_err("invalid specification: destination can't be '/'"));
    }
    if !target.starts_with('/') {
        return Err(config_err(&format!("invalid mount path: '{target}' mount path must be absolute")));
    }
    let rw = !mode.split(',').any(|o| o == "ro");
    let propagation = mode.split(',').find(|o| PROPAGATIONS.contains(o)).unwrap_or("rprivate");
    Ok(match kind {
        MountType::Bind => PlannedMount {
            kind,
            source: Some(clean_path(source)),
            destination: clean_path(target),
            mode: mode.to_string(),
            rw,
            propagation: propagation.to_string(),
            labels: None,
            options: None,
        },
        _ => PlannedMount {
            kind,
            source: Some(source.to_string()),
            destination: clean_path(target),
            // The local driver marks named volumes for SELinux relabelling (`z`).
            mode: if mode.is_empty() { "z".to_string() } else { mode.to_string() },
            rw,
            propagation: String::new(),
            labels: None,
            options: None,
        },
    })
}

/// moby's `ParseMountSpec` for one `--mount` value (the client already checked its
/// syntax). Returns the plan and the target as typed (for the duplicate error).
fn parse_mount_spec(spec: &str) -> Result<(PlannedMount, String), DaemonError> {
    let mut kind = "volume".to_string();
    let (mut source, mut target, mut readonly) = (String::new(), String::new(), false);
    let mut propagation = String::new();
    let mut labels: Map<String, String> = Map::new();
    let mut options: Map<String, String> = Map::new();
    for field in spec.split(',') {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k.trim().to_ascii_lowercase(), v.to_string()),
            None => (field.trim().to_ascii_lowercase(), "true".to_string()),
        };
        match key.as_str() {
            "type" => kind = val.to_ascii_lowercase(),
            "source" | "src" => source = val,
            "target" | "dst" | "destination" => target = val,
            "readonly" | "ro" => readonly = parse_bool(&val).unwrap_or(false),
            "bind-propagation" => propagation = val.to_ascii_lowercase(),
            "volume-label" => {
                let (k, v) = val.split_once('=').unwrap_or((val.as_str(), ""));
                labels.insert(k.to_string(), v.to_string());
            }
            "volume-opt" => {
                let (k, v) = val.split_once('=').unwrap_or((val.as_str(), ""));
                options.insert(k.to_string(), v.to_string());
            }
            _ => {}
        }
    }
    let config_err = |e: String| DaemonError::Message(format!("invalid mount config for type \"{kind}\": {e}"));
    if target.is_empty() {
        return Err(config_err("field Target must not be empty".to_string()));
    }
    if clean_path(&target) == "/" {
        return Err(config_err("invalid specification: destination can't be '/'".to_string()));
    }
    if !target.starts_with('/') {
        return Err(config_err(format!("invalid mount path: '{target}' mount path must be absolute")));
    }
    let plan = match kind.as_str() {
        "bind" => {
            if source.is_empty() {
                return Err(config_err("field Source must not be empty".to_string()));
            }
            if !source.starts_with('/') {
                return Err(config_err(format!("invalid mount path: '{source}' mount path must be absolute")));
            }
            if !propagation.is_empty() && !PROPAGATIONS.contains(&propagation.as_str()) {
                return Err(config_err(format!("invalid propagation mode: {propagation}")));
            }
            PlannedMount {
                kind: MountType::Bind,
                source: Some(clean_path(&source)),
                destination: clean_path(&target),
                mode: String::new(),
                rw: !readonly,
                propagation: if propagation.is_empty() { "rprivate".to_string() } else { propagation },
                labels: None,
                options: None,
            }
        }
        "volume" => {
            if readonly && source.is_empty() {
                return Err(config_err("must not set ReadOnly mode when using anonymous volumes".to_string()));
            }
            PlannedMount {
                kind: MountType::Volume,
                source: if source.is_empty() { None } else { Some(source) },
                destination: clean_path(&target),
                mode: "z".to_string(),
                rw: !readonly,
                propagation: String::new(),
                labels: if labels.is_empty() { None } else { Some(labels) },
                options: if options.is_empty() { None } else { Some(options) },
            }
        }
        "tmpfs" => {
            if !source.is_empty() {
                return Err(config_err("field Source must not be specified".to_string()));
            }
            PlannedMount {
                kind: MountType::Tmpfs,
                source: None,
                destination: clean_path(&target),
                mode: String::new(),
                rw: !readonly,
                propagation: String::new(),
                labels: None,
                options: None,
            }
        }
        _ => return Err(config_err("mount type unknown".to_string())),
    };
    Ok((plan, target))
}

/// Go's `%s` of a `[]string`: `[a b]`.
fn go_list(v: &[String]) -> String {
    format!("[{}]", v.join(" "))
}

/// Filters as the daemon receives them (moby's `filters.Args`): key → values.
#[derive(Clone, Debug, Default)]
pub(super) struct Filters {
    map: Map<String, Vec<String>>,
}

impl Filters {
    /// Reads `key=value` strings, refusing keys outside `accepted` (`invalid filter 'x'`).
    pub(super) fn parse(raw: &[String], accepted: &[&str]) -> Result<Filters, DaemonError> {
        let mut f = Filters::default();
        for r in raw {
            let (k, v) = r.split_once('=').unwrap_or((r.as_str(), ""));
            f.add(k, v);
        }
        if let Some(bad) = f.map.keys().find(|k| !accepted.contains(&k.as_str())) {
            return Err(DaemonError::Message(format!("invalid filter '{bad}'")));
        }
        Ok(f)
    }

    pub(super) fn add(&mut self, key: &str, value: &str) {
        let vals = self.map.entry(key.to_string()).or_default();
        if !vals.iter().any(|v| v == value) {
            vals.push(value.to_string());
        }
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub(super) fn values(&self, key: &str) -> Vec<String> {
        self.map.get(key).cloned().unwrap_or_default()
    }

    /// `ExactMatch`: no filter, or one value equals `s`.
    pub(super) fn exact(&self, key: &str, s: &str) -> bool {
        self.map.get(key).is_none_or(|vals| vals.is_empty() || vals.iter().any(|v| v == s))
    }

    /// `Match`: exact, or the value as a regular expression (Go syntax) found in `s`.
    pub(super) fn matches(&self, key: &str, s: &str) -> bool {
        self.exact(key, s)
            || self.map.get(key).is_some_and(|vals| vals.iter().any(|v| crate::regex::go_match_string(v, s)))
    }

    /// `MatchKVList`: every `k` or `k=v` value names a label the object has.
    pub(super) fn labels(&self, key: &str, labels: Option<&Map<String, String>>) -> bool {
        let Some(vals) = self.map.get(key) else { return true };
        if vals.is_empty() {
            return true;
        }
        let Some(labels) = labels else { return false };
        vals.iter().all(|v| match v.split_once('=') {
            Some((k, want)) => labels.get(k).is_some_and(|have| have == want),
            None => labels.contains_key(v.as_str()),
        })
    }

    /// `GetBoolOrDefault`: `None` when absent; `invalid filter 'k=[v]'` when not a boolean.
    pub(super) fn bool(&self, key: &str) -> Result<Option<bool>, DaemonError> {
        let Some(vals) = self.map.get(key) else { return Ok(None) };
        let is_true = vals.iter().any(|v| v == "1" || v == "true");
        let is_false = vals.iter().any(|v| v == "0" || v == "false");
        if is_true == is_false {
            return Err(DaemonError::Message(format!("invalid filter '{key}={}'", go_list(vals))));
        }
        Ok(Some(is_true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::container::ContainerConfig;

    fn engine() -> Engine {
        crate::catalogue::testing::engine(7, crate::go::time::from_civil(2025, 2, 11, 7, 0, 0))
    }

    fn create(e: &mut Engine, name: &str) -> Result<Volume, DaemonError> {
        e.volume_create(VolumeCreateRequest {
            name: name.to_string(),
            driver: "local".to_string(),
            ..Default::default()
        })
    }

    fn err(r: Result<impl std::fmt::Debug, DaemonError>) -> String {
        match r {
            Ok(v) => format!("unexpected success: {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    /// Runs a container from a pulled image with the given `-v`/`--mount` specs.
    fn run_with(e: &mut Engine, image: &str, name: &str, volumes: &[&str]) -> Result<String, DaemonError> {
        let _ = e.image_pull(image);
        let config = ContainerConfig {
            image: image.to_string(),
            volumes: volumes.iter().map(|s| s.to_string()).collect(),
            restart: "no".to_string(),
            ..Default::default()
        };
        e.container_create(Some(name), config)
    }

    #[test]
    fn named_and_anonymous_volumes() {
        let mut e = engine();
        let v = create(&mut e, "data").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(v.mountpoint(), "/var/lib/docker/volumes/data/_data");
        assert_eq!(v.labels, Some(Map::new()));
        assert!(!v.is_anonymous());
        // Creating it again is a no-op that returns the same volume.
        assert_eq!(create(&mut e, "data").map(|v| v.created).ok(), Some(v.created));
        let anon = create(&mut e, "").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(anon.name.len(), 64);
        assert!(anon.is_anonymous());
    }

    #[test]
    fn name_and_driver_errors_are_dockers() {
        let mut e = engine();
        assert_eq!(
            err(create(&mut e, "a")),
            "create a: volume name is too short, names should be at least two alphanumeric characters"
        );
        assert_eq!(
            err(create(&mut e, "my vol")),
            "create my vol: \"my vol\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path"
        );
        let req = VolumeCreateRequest { name: "x1".into(), driver: "nfs".into(), ..Default::default() };
        assert_eq!(
            err(e.volume_create(req)),
            "create x1: error looking up volume plugin nfs: plugin \"nfs\" not found"
        );
        let mut opts = Map::new();
        opts.insert("foo".to_string(), "1".to_string());
        let req =
            VolumeCreateRequest { name: "x1".into(), driver: "local".into(), options: opts, ..Default::default() };
        assert_eq!(err(e.volume_create(req)), "create x1: invalid option: \"foo\"");
        assert_eq!(err(e.volume_inspect("nope")), "get nope: no such volume");
        assert_eq!(err(e.volume_remove("nope", false)), "get nope: no such volume");
        assert!(e.volume_remove("nope", true).is_ok());
    }

    #[test]
    fn in_use_volumes_are_kept_until_the_container_goes() {
        let mut e = engine();
        let id = run_with(&mut e, "busybox", "app", &["data:/data"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.volume_refs("data"), vec![id.clone()]);
        assert_eq!(err(e.volume_remove("data", true)), format!("remove data: volume is in use - [{id}]"));
        let m = &e.container_mounts(&id)[0];
        assert_eq!((m.kind, m.mode.as_str(), m.rw, m.named), (MountType::Volume, "z", true, true));
        assert!(e.container_remove(&id, false, true).is_ok());
        // Named volumes survive `rm -v`.
        assert!(e.volume_inspect("data").is_ok());
        assert!(e.volume_remove("data", false).is_ok());
    }

    #[test]
    fn image_volumes_are_anonymous_and_rm_v_removes_them() {
        let mut e = engine();
        let id = run_with(&mut e, "mysql", "db", &[]).unwrap_or_else(|e| panic!("{e}"));
        let anon: Vec<String> = e.volumes().map(|v| v.name.clone()).collect();
        assert_eq!(anon.len(), 1);
        assert_eq!(e.container_mounts(&id)[0].destination, "/var/lib/mysql");
        // A -v on the same path replaces the image's anonymous volume.
        let id2 = run_with(&mut e, "mysql", "db2", &["dbdata:/var/lib/mysql"]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(e.container_mounts(&id2).len(), 1);
        assert_eq!(e.volumes().count(), 2);
        assert!(e.container_remove(&id, false, true).is_ok());
        assert!(e.volume_inspect(&anon[0]).is_err());
        // Without -v the anonymous volume stays behind, dangling.
        let id3 = run_with(&mut e, "mysql", "db3", &[]).unwrap_or_else(|e| panic!("{e}"));
        assert!(e.container_remove(&id3, false, false).is_ok());
        let dangling: Vec<&str> =
            e.volume_list(&["dangling=true".to_string()]).unwrap_or_default().iter().map(|v| v.name.as_str()).collect();
        assert_eq!(dangling.len(), 1);
        assert_ne!(dangling[0], "dbdata");
    }

    #[test]
    fn spec_errors_match_the_daemon() {
        let mut e = engine();
        let cases = [
            (vec!["data:rel"], "invalid volume specification: 'data:rel': invalid mount config for type \"volume\": invalid mount path: 'rel' mount path must be absolute"),
            (vec!["/h:/"], "invalid volume specification: '/h:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'"),
            (vec!["/data:rw"], "invalid volume specification: '/data:rw'"),
            (vec!["a:/x:bogus"], "invalid mode: bogus"),
            (vec!["a:/x"], "create a: volume name is too short, names should be at least two alphanumeric characters"),
            (vec!["/a:/x", "/b:/x/"], "Duplicate mount point: /x"),
            (vec!["type=volume,target=/x,readonly"], "invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous volumes"),
            (vec!["type=bind,target=/x"], "invalid mount config for type \"bind\": field Source must not be empty"),
        ];
        for (specs, want) in cases {
            assert_eq!(err(run_with(&mut e, "busybox", "box", &specs)), want, "{specs:?}");
        }
        assert_eq!(e.volumes().count(), 0, "a refused create leaves no volume behind");
    }

    #[test]
    fn binds_and_mounts() {
        let mut e = engine();
        let id = run_with(&mut e, "busybox", "box", &["/srv/www/:/usr/share/html:ro", "type=volume,src=v2,dst=/v2"])
            .unwrap_or_else(|e| panic!("{e}"));
        let ms = e.container_mounts(&id);
        assert_eq!(
            (ms[0].kind, ms[0].source.as_str(), ms[0].mode.as_str(), ms[0].rw, ms[0].propagation.as_str()),
            (MountType::Bind, "/srv/www", "ro", false, "rprivate")
        );
        assert_eq!((ms[1].kind, ms[1].name.as_str(), ms[1].mode.as_str()), (MountType::Volume, "v2", "z"));
        assert!(is_mount_spec("type=bind,source=/a,target=/b"));
        assert!(!is_mount_spec("data:/data"));
    }

    #[test]
    fn filters_and_prune() {
        let mut e = engine();
        let mut labels = Map::new();
        labels.insert("env".to_string(), "prod".to_string());
        let _ = e.volume_create(VolumeCreateRequest {
            name: "web-data".into(),
            driver: "local".into(),
            labels,
            ..Default::default()
        });
        let _ = create(&mut e, "db-data");
        let anon = create(&mut e, "").map(|v| v.name).unwrap_or_default();
        let names = |r: Result<Vec<&Volume>, DaemonError>| {
            r.map(|v| v.iter().map(|v| v.name.clone()).collect::<Vec<_>>()).unwrap_or_else(|e| vec![e.to_string()])
        };
        assert_eq!(names(e.volume_list(&["name=web".into()])), vec!["web-data"]);
        assert_eq!(names(e.volume_list(&["name=^db".into()])), vec!["db-data"]);
        assert_eq!(names(e.volume_list(&["label=env=prod".into()])), vec!["web-data"]);
        assert_eq!(names(e.volume_list(&["driver=nfs".into()])), Vec::<String>::new());
        assert_eq!(names(e.volume_list(&["bogus=1".into()])), vec!["invalid filter 'bogus'"]);
        assert_eq!(names(e.volume_list(&["dangling=maybe".into()])), vec!["invalid filter 'dangling=[maybe]'"]);
        let r = e.volume_prune(false, &[]).unwrap_or_default();
        assert_eq!(r.deleted, vec![anon]);
        let r = e.volume_prune(true, &["label!=env".into()]).unwrap_or_default();
        assert_eq!(r.deleted, vec!["db-data".to_string()]);
        assert_eq!(
            err(e.volume_prune(false, &["all=maybe".into()])),
            "invalid filter 'all': strconv.ParseBool: parsing \"maybe\": invalid syntax"
        );
    }

    #[test]
    fn clean_paths_and_filter_values() {
        let f = Filters::parse(&["name=^we.*ta$".to_string(), "name=db[0-9]+".to_string()], &["name"]);
        let f = f.unwrap_or_default();
        assert!(f.matches("name", "web-data") && f.matches("name", "mydb12"));
        assert!(!f.matches("name", "web-data2") && !f.matches("name", "db"));
        assert_eq!(clean_path("/x//y/../z/"), "/x/z");
        assert_eq!(clean_path("/.."), "/");
    }
}
