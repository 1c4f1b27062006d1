//! Containers: their configuration, their state, and the one place that knows which
//! lifecycle transitions are legal.

use crate::env::SimTime;
use crate::snapshot::ContainerStatus;
use serde::{Deserialize, Serialize};

/// What `docker create`/`run` asked for, after the client parsed its flags.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerConfig {
    /// The image as the user named it (`httpd`, `nginx:1.27`, an ID prefix).
    pub image: String,
    /// `--entrypoint`, if given (an empty string clears the image's).
    pub entrypoint: Option<Vec<String>>,
    /// COMMAND and ARGs after the image (empty: the image's CMD).
    pub cmd: Vec<String>,
    /// `-e`/`--env-file` entries, `KEY=value` (a bare `KEY` was resolved by the client).
    pub env: Vec<String>,
    /// `-t`.
    pub tty: bool,
    /// `-i`.
    pub open_stdin: bool,
    /// `-p` bindings.
    pub ports: Vec<PortSpec>,
    /// `-P`: publish every exposed port to an ephemeral host port.
    pub publish_all: bool,
    /// `--rm`.
    pub auto_remove: bool,
    /// `--restart` policy as typed (`no`, `always`, `unless-stopped`, `on-failure[:N]`).
    pub restart: String,
    /// `-h`.
    pub hostname: Option<String>,
    /// `-w`.
    pub workdir: Option<String>,
    /// `-u`.
    pub user: Option<String>,
    /// `--network`.
    pub network: Option<String>,
    /// `-v`/`--mount` specs as typed; the engine resolves them.
    pub volumes: Vec<String>,
    /// `--label`.
    pub labels: Vec<String>,
}

/// One `-p` binding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortSpec {
    /// Host address (`0.0.0.0` when not given).
    pub host_ip: String,
    /// Host port; `None` asks for an ephemeral one.
    pub host_port: Option<u16>,
    /// Container port.
    pub container_port: u16,
    /// `tcp` or `udp`.
    pub proto: String,
}

/// A host port actually bound while the container runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortBinding {
    /// Host address.
    pub host_ip: String,
    /// Host port.
    pub host_port: u16,
    /// Container port.
    pub container_port: u16,
    /// `tcp` or `udp`.
    pub proto: String,
}

/// One line a container's processes wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogLine {
    /// When it was written.
    pub time: SimTime,
    /// Written to stderr (else stdout). Left out of saved sessions when false.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stderr: bool,
    /// The text.
    pub text: String,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A container as the daemon keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Container {
    /// 64 lower-case hex digits.
    pub id: String,
    /// Name without the leading slash.
    pub name: String,
    /// The image's full ID at creation (`sha256:...`).
    pub image_id: String,
    /// What was asked for.
    pub config: ContainerConfig,
    /// ENTRYPOINT actually used.
    pub entrypoint: Vec<String>,
    /// CMD actually used.
    pub cmd: Vec<String>,
    /// Environment: image defaults overlaid with `-e`.
    pub env: Vec<String>,
    /// Ports the image exposes plus the ones published.
    pub exposed: Vec<(u16, String)>,
    /// Current lifecycle state.
    pub status: ContainerStatus,
    /// Exit code of the last run.
    pub exit_code: i32,
    /// When it was created.
    pub created: SimTime,
    /// When it last started.
    pub started_at: Option<SimTime>,
    /// When it last stopped.
    pub finished_at: Option<SimTime>,
    /// While running: the bound host ports.
    pub bindings: Vec<PortBinding>,
    /// While running: its address on the default bridge.
    pub ip: Option<String>,
    /// How often the restart policy restarted it.
    pub restart_count: u32,
    /// Everything its processes wrote, oldest first.
    pub logs: Vec<LogLine>,
    /// Set by `docker stop`/`kill` so restart policies know it was a manual stop.
    pub stopped_by_user: bool,
}

/// A container's restart manager (moby's restartmanager): kept by the engine only for
/// containers a restart policy has restarted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RestartTimer {
    /// The container's full ID.
    pub id: String,
    /// While `restarting`: when the policy starts it again.
    pub at: Option<SimTime>,
    /// The current back-off in ms: 100 ms, doubling up to a minute, and back to 100 ms
    /// after a run of at least 10 seconds.
    pub delay: u64,
}

impl Container {
    /// The first 12 hex digits, as tables show IDs.
    pub fn short_id(&self) -> &str {
        self.id.get(..12).unwrap_or(&self.id)
    }

    /// ENTRYPOINT and CMD joined as the API's `Command` field shows them.
    ///
    /// Arguments with a space are wrapped in single quotes, as the daemon's list does
    /// (`/docker-entrypoint.sh nginx -g 'daemon off;'`).
    pub fn command(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        for (i, a) in self.entrypoint.iter().chain(self.cmd.iter()).enumerate() {
            parts.push(if i > 0 && a.contains(' ') { format!("'{a}'") } else { a.clone() });
        }
        parts.join(" ")
    }

    /// Whether its main process is alive (running or frozen).
    pub fn is_running(&self) -> bool {
        matches!(self.status, ContainerStatus::Running | ContainerStatus::Paused | ContainerStatus::Restarting)
    }
}
