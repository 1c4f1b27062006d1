//! `docker system ...` and the daemon-wide top-level commands (`docker version`, `docker
//! info`, `docker events`, `docker inspect`), one file per command as docker/cli lays them
//! out, plus what the simulated host's story is made of: the versions `version` and `info`
//! print.
//!
//! The client block is what the installed 28.2.2 client prints (context `default`); the
//! server block is a plausible Docker Desktop 4.42 / Engine 28.2.2 with the simulation's
//! real counts.

pub mod df;
pub mod events;
pub mod info;
pub mod inspect;
pub mod prune;
pub mod version;

use crate::output::template::Template;

/// The Docker Desktop release the simulated daemon belongs to.
const DESKTOP: &str = "Docker Desktop 4.42.0 (195023)";
/// Bytes of memory the machine has (`7.655GiB`); `docker stats` shows it as every
/// container's limit.
pub const MEM_TOTAL: i64 = 8_219_348_992;
const GO_VERSION: &str = "go1.24.3";
const CLIENT_BUILT: &str = "Fri May 30 12:07:14 2025";
const ENGINE_COMMIT: &str = "45873be";
const ENGINE_BUILT: &str = "Fri May 30 12:07:27 2025";
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
