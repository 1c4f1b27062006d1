//! Containers: their configuration, their state, and the one place that knows which
//! lifecycle transitions are legal.

use super::DaemonError;
use crate::env::SimTime;
use crate::map::Map;
use crate::snapshot::ContainerStatus;
use serde::{Deserialize, Serialize};

/// What `docker create`/`run` asked for, after the client parsed its flags. Saved sessions
/// leave out what was not asked for (a thousand containers save a fifth smaller).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContainerConfig {
    /// The image as the user named it (`httpd`, `nginx:1.27`, an ID prefix).
    pub image: String,
    /// `--entrypoint`, if given (an empty string clears the image's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<Vec<String>>,
    /// COMMAND and ARGs after the image (empty: the image's CMD).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cmd: Vec<String>,
    /// `-e`/`--env-file` entries, `KEY=value` (a bare `KEY` was resolved by the client).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub env: Vec<String>,
    /// `-t`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub tty: bool,
    /// `-i`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub open_stdin: bool,
    /// `-p` bindings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ports: Vec<PortSpec>,
    /// `-P`: publish every exposed port to an ephemeral host port.
    #[serde(default, skip_serializing_if = "is_false")]
    pub publish_all: bool,
    /// `--rm`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub auto_remove: bool,
    /// `--restart` policy as typed (`no`, `always`, `unless-stopped`, `on-failure[:N]`).
    #[serde(default = "restart_no", skip_serializing_if = "is_no")]
    pub restart: String,
    /// `-h`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hostname: Option<String>,
    /// `-w`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workdir: Option<String>,
    /// `-u`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// `--network`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network: Option<String>,
    /// `-v`/`--mount` specs as typed; the engine resolves them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub volumes: Vec<String>,
    /// `--label`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
    /// `--health-cmd` and friends, or a compose service's `healthcheck:`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<HealthConfig>,
}

/// A container's health check (the API's `HealthConfig`), times in ms.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthConfig {
    /// `["CMD", prog, args...]` or `["CMD-SHELL", script]`.
    pub test: Vec<String>,
    /// Between probes (docker's default 30 s).
    pub interval: u64,
    /// How long a probe may take (default 30 s).
    pub timeout: u64,
    /// Failures in a row that make it unhealthy (default 3).
    pub retries: u32,
    /// Failures during this time after the start do not count.
    pub start_period: u64,
}

/// What a container's health check says (the API's `State.Health.Status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HealthStatus {
    /// No probe has passed yet.
    Starting,
    /// The last probe passed.
    Healthy,
    /// `retries` probes in a row failed.
    Unhealthy,
}

/// A running container's health.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Its status.
    pub status: HealthStatus,
    /// Failed probes in a row.
    pub failing_streak: u32,
    /// When the next probe runs; `None` once the status has settled (the simulated
    /// processes do not change by themselves, so probing on would only repeat itself).
    pub next_probe: Option<SimTime>,
}

/// One `-p` binding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortSpec {
    /// Host address (empty when not given: `0.0.0.0`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
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

fn is_zero(n: &u32) -> bool {
    *n == 0
}

fn is_zero_code(n: &i32) -> bool {
    *n == 0
}

/// `--restart` when not given.
fn restart_no() -> String {
    "no".to_string()
}

fn is_no(policy: &str) -> bool {
    policy == "no"
}

/// A container as the daemon keeps it. Saved sessions leave out empty and default fields.
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
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entrypoint: Vec<String>,
    /// CMD actually used.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cmd: Vec<String>,
    /// Environment: image defaults overlaid with `-e`.
    pub env: Vec<String>,
    /// Ports the image exposes plus the ones published.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exposed: Vec<(u16, String)>,
    /// Current lifecycle state.
    pub status: ContainerStatus,
    /// Exit code of the last run.
    #[serde(default, skip_serializing_if = "is_zero_code")]
    pub exit_code: i32,
    /// When it was created.
    pub created: SimTime,
    /// When it last started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<SimTime>,
    /// When it last stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<SimTime>,
    /// While running: the bound host ports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bindings: Vec<PortBinding>,
    /// While running: its address on the default bridge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// How often the restart policy restarted it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub restart_count: u32,
    /// Everything its processes wrote, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<LogLine>,
    /// Set by `docker stop`/`kill` so restart policies know it was a manual stop.
    #[serde(default, skip_serializing_if = "is_false")]
    pub stopped_by_user: bool,
    /// While running: when its main process ends by itself, and with which code (`sleep 5`,
    /// `sh -c "sleep 3; exit 2"`). The engine applies it once its clock passes that time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_at: Option<(SimTime, i32)>,
    /// While running with a health check: what it says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<Health>,
    /// What a server process holds for its clients (a Redis server's keys, a MongoDB's
    /// documents), by key. It outlives a stop (the server saves it to its data directory) and
    /// goes with the container.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub data: Map<String, String>,
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
        // One string built in place: `docker ps` asks this of every container.
        let len: usize = self.entrypoint.iter().chain(self.cmd.iter()).map(|a| a.len() + 3).sum();
        let mut out = String::with_capacity(len);
        for (i, a) in self.entrypoint.iter().chain(self.cmd.iter()).enumerate() {
            if i > 0 {
                out.push(' ');
            }
            let quote = i > 0 && a.contains(' ');
            if quote {
                out.push('\'');
            }
            out.push_str(a);
            if quote {
                out.push('\'');
            }
        }
        out
    }

    /// Whether its main process is alive (running or frozen).
    pub fn is_running(&self) -> bool {
        matches!(self.status, ContainerStatus::Running | ContainerStatus::Paused | ContainerStatus::Restarting)
    }
}

/// moby's `ValidateRestartPolicy` for a policy as the client sent it (`NAME[:COUNT]`, the
/// form already checked by the client).
pub(super) fn validate_restart_policy(policy: &str) -> Result<(), DaemonError> {
    let (name, count) = policy.split_once(':').unwrap_or((policy, "0"));
    let count: i64 = count.parse().unwrap_or(0);
    let refuse = |why: String| Err(DaemonError::Message(format!("invalid restart policy: {why}")));
    match name {
        // An empty name (engines before v25 created it) takes any count.
        "" => Ok(()),
        "always" | "unless-stopped" | "no" if count != 0 => {
            let negative = if count < 0 { " and cannot be negative" } else { "" };
            refuse(format!("maximum retry count can only be used with 'on-failure'{negative}"))
        }
        "always" | "unless-stopped" | "no" => Ok(()),
        "on-failure" if count < 0 => refuse("maximum retry count cannot be negative".to_string()),
        "on-failure" => Ok(()),
        other => {
            refuse(format!("unknown policy '{other}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'"))
        }
    }
}
