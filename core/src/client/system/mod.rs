//! `docker system ...` and the daemon-wide top-level commands (`docker version`, `docker
//! info`, `docker events`, `docker inspect`), one file per command as docker/cli lays them
//! out, plus what the simulated host's story is made of.
//!
//! The story (`crate::host`): an Ubuntu 24.04 machine (`docker-host`, under WSL 2) with
//! docker-ce 28.2.2 installed from Docker's apt repository — client and engine from one
//! build, the containerd image store enabled, the buildx and compose plugins beside them
//! (`client::plugins`). The client block matches the installed 28.2.2 client (commit, Go
//! version, build time); the daemon's figures are the simulation's real counts. The kernel
//! and CPUs, the host's name and its operating system come from `crate::host`, as `uname`,
//! the prompt and `/etc/os-release` do.

pub mod df;
#[cfg(feature = "full")]
pub mod events;
pub mod info;
pub mod inspect;
pub mod prune;
pub mod version;

use crate::output::template::Template;

/// The platform docker-ce's packages are built as (`Client:` and `Server:` headers).
const PLATFORM: &str = "Docker Engine - Community";
/// docker-ce's packages' default product license (`docker info`).
const PRODUCT_LICENSE: &str = "Community Engine";
/// Bytes of memory the machine has (`7.655GiB`); `docker stats` shows it as every
/// container's limit.
pub const MEM_TOTAL: i64 = 8_219_348_992;
const GO_VERSION: &str = "go1.24.3";
/// When the client and the engine were built (one docker-ce build): as `docker version`
/// prints it, and as the engine reports it.
const BUILT: &str = "Fri May 30 12:07:14 2025";
const BUILD_TIME: &str = "2025-05-30T12:07:14.000000000+00:00";
/// moby v28.2.2.
const ENGINE_COMMIT: &str = "45873be";
const CONTAINERD_VERSION: &str = "1.7.27";
const CONTAINERD_COMMIT: &str = "05044ec0a9a75232cad458027ca83437aae3f4da";
const RUNC_VERSION: &str = "1.2.5";
const RUNC_COMMIT: &str = "v1.2.5-0-g59923ef";
const INIT_VERSION: &str = "0.19.0";
const INIT_COMMIT: &str = "de40ad0";

/// The `--format` of `docker version` and `docker info`: `None` without one; `json` means
/// `{{json .}}`; a template that doesn't parse is docker's error text (the client exits 64).
fn format_template(format: &str) -> Option<Result<Template, String>> {
    if format.is_empty() {
        return None;
    }
    let src = if format == "json" { "{{json .}}" } else { format };
    Some(Template::parse(src).map_err(|e| format!("template parsing error: {e}")))
}
