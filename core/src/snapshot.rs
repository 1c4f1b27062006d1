//! A read-only picture of the engine for the views and for exercise goals.
//!
//! Plain data with public fields, built fresh after each command: the diagram draws it and
//! the course's goals are checked against it, so neither ever reaches into engine internals.

use crate::env::SimTime;
use serde::{Deserialize, Serialize};

/// A container's lifecycle state, as `docker inspect` names it in `.State.Status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ContainerStatus {
    /// Created but never started (or reset by a failed start).
    Created,
    /// Its main process runs.
    Running,
    /// Frozen by `docker pause`.
    Paused,
    /// Between a crash and the restart its policy asked for.
    Restarting,
    /// Its main process ended.
    Exited,
    /// Removal failed half-way; only `docker rm` helps.
    Dead,
    /// Gone. Never stored: only events use it, as the end of a container's path.
    Removed,
}

impl ContainerStatus {
    /// The lower-case name docker uses (`running`, `exited`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerStatus::Created => "created",
            ContainerStatus::Running => "running",
            ContainerStatus::Paused => "paused",
            ContainerStatus::Restarting => "restarting",
            ContainerStatus::Exited => "exited",
            ContainerStatus::Dead => "dead",
            ContainerStatus::Removed => "removed",
        }
    }

    /// Parses a name as [`as_str`](Self::as_str) prints it.
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "created" => ContainerStatus::Created,
            "running" => ContainerStatus::Running,
            "paused" => ContainerStatus::Paused,
            "restarting" => ContainerStatus::Restarting,
            "exited" => ContainerStatus::Exited,
            "dead" => ContainerStatus::Dead,
            "removed" => ContainerStatus::Removed,
            _ => return None,
        })
    }
}

/// Everything the views and the goals may look at.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Whether the daemon runs (`systemctl stop docker` turns it off).
    pub daemon_running: bool,
    /// Containers, oldest first.
    pub containers: Vec<ContainerView>,
    /// Local images, one entry per image (not per tag).
    pub images: Vec<ImageView>,
    /// Volumes by name.
    pub volumes: Vec<VolumeView>,
    /// Networks by name.
    pub networks: Vec<NetworkView>,
    /// Repositories pushed to the practice Docker Hub, by name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hub: Vec<HubRepoView>,
    /// The Docker ID `docker login` stored for the practice hub (`None` when logged out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hub_user: Option<String>,
}

/// One container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerView {
    /// Full 64-hex ID.
    pub id: String,
    /// Name without the leading slash.
    pub name: String,
    /// The image as the user named it (`httpd`, `nginx:1.27`).
    pub image: String,
    /// The image's full ID (`sha256:...`).
    pub image_id: String,
    /// Lifecycle state.
    pub status: ContainerStatus,
    /// Exit code of the last run (0 if it never ran).
    pub exit_code: i32,
    /// When it was created.
    pub created: SimTime,
    /// Published ports.
    pub ports: Vec<PortView>,
    /// Environment as `KEY=value`, image defaults included.
    pub env: Vec<String>,
    /// Volumes and bind mounts.
    pub mounts: Vec<MountView>,
    /// Names of the networks it is attached to.
    pub networks: Vec<String>,
    /// The compose project and service it belongs to (its `com.docker.compose.project` and
    /// `.service` labels), for the graph's project frame and project goals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose: Option<ComposeLabels>,
}

/// What compose's labels say an object belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComposeLabels {
    /// `com.docker.compose.project`.
    pub project: String,
    /// `com.docker.compose.service` of a container, `.volume` or `.network` of the others:
    /// the key the compose file gives it.
    pub key: String,
}

/// One published port: host address and port to container port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortView {
    /// Host address (`0.0.0.0`).
    pub host_ip: String,
    /// Host port.
    pub host_port: u16,
    /// Container port.
    pub container_port: u16,
    /// `tcp` or `udp`.
    pub proto: String,
}

/// One mount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MountView {
    /// `volume` or `bind`.
    pub kind: String,
    /// Volume name or host path.
    pub source: String,
    /// Path inside the container.
    pub destination: String,
}

/// One local image.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageView {
    /// Full ID (`sha256:...`).
    pub id: String,
    /// Tags pointing at it (`httpd:latest`), short form.
    pub tags: Vec<String>,
    /// Size in bytes.
    pub size: u64,
    /// For a built image: what its Dockerfile's `FROM` named (`nginx:alpine`, or `scratch`)
    /// and that image's ID, so a view can draw the edge and a goal can ask for the base.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub built_from: Option<BuiltFrom>,
    /// Labels as `key=value`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// ENTRYPOINT.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entrypoint: Vec<String>,
    /// CMD.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cmd: Vec<String>,
    /// Exposed ports (`3000/tcp`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposed: Vec<String>,
}

/// The image a built image came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuiltFrom {
    /// The base as the Dockerfile named it, short form (`node:20`, `scratch`).
    pub name: String,
    /// Its ID (empty for `scratch`).
    pub id: String,
}

/// A repository on the practice Docker Hub.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HubRepoView {
    /// `alice/app`.
    pub name: String,
    /// Its tags.
    pub tags: Vec<String>,
}

/// One volume.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeView {
    /// Name (64 hex for anonymous volumes).
    pub name: String,
    /// The compose project that made it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose: Option<ComposeLabels>,
}

/// One network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkView {
    /// Name.
    pub name: String,
    /// Driver (`bridge`, `host`, `null`).
    pub driver: String,
    /// The compose project that made it, if one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compose: Option<ComposeLabels>,
}

impl Snapshot {
    /// The container with this name, if any.
    pub fn container(&self, name: &str) -> Option<&ContainerView> {
        self.containers.iter().find(|c| c.name == name)
    }
}
