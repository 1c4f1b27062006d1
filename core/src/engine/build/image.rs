//! The image a build exports: its history (with BuildKit's rules for the times of metadata
//! rows), the config fields the engine's [`ImageConfig`](crate::engine::registry::ImageConfig)
//! does not carry, layer sizes as the containerd snapshotter counts them, and the digests of
//! layers, config, manifest, attestation and index. Everything is a function of the content
//! and the cache records' times, so an unchanged rebuild exports the same image ID.

use crate::engine::files::LayerEntries;
use crate::engine::registry::sha256_hex;
use crate::env::SimTime;
use crate::shell::fs::{Node, NodeKind};
use serde::{Deserialize, Serialize};

/// The history comment of every BuildKit row.
pub const HISTORY_COMMENT: &str = "buildkit.dockerfile.v0";

/// One row of an image's history (OCI `history`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// When (the layer's creation, or BuildKit's fill-in for metadata rows).
    pub created: SimTime,
    /// `RUN /bin/sh -c apt-get update # buildkit`, `ENV A=b`, ...
    pub created_by: String,
    /// No layer of its own.
    pub empty_layer: bool,
    /// Bytes the row's layer adds (0 for metadata rows).
    pub size: u64,
}

/// HEALTHCHECK as the image config holds it (durations in nanoseconds).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthConfig {
    /// `["CMD-SHELL", "curl -f http://localhost/"]`.
    pub test: Vec<String>,
    /// `--interval`.
    #[serde(default)]
    pub interval: i64,
    /// `--timeout`.
    #[serde(default)]
    pub timeout: i64,
    /// `--start-period`.
    #[serde(default)]
    pub start_period: i64,
    /// `--start-interval`.
    #[serde(default)]
    pub start_interval: i64,
    /// `--retries`.
    #[serde(default)]
    pub retries: i64,
}

/// Config fields a built image may set beyond the engine's image config.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageExtra {
    /// HEALTHCHECK.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub healthcheck: Option<HealthConfig>,
    /// SHELL.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shell: Vec<String>,
    /// Set by CMD and ENTRYPOINT (`ArgsEscaped: true` in `docker image inspect`).
    #[serde(default)]
    pub args_escaped: bool,
    /// ONBUILD triggers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub on_build: Vec<String>,
    /// MAINTAINER (the config's `Author`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
}

/// A history row while the build runs: metadata rows get their time at export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct PendingRow {
    pub created: Option<SimTime>,
    pub created_by: String,
    pub empty_layer: bool,
    pub size: u64,
}

/// BuildKit's `normalizeLayersAndHistory`: a metadata row takes the time of the first new
/// layer after the first metadata row (or, with none, of the last row with a time), later
/// ones the time of the layer before them. `base_last` is the base image's last history time.
pub(super) fn fill_times(rows: &[PendingRow], base_last: SimTime) -> Vec<HistoryEntry> {
    let mut created = base_last;
    let mut gap = false;
    for r in rows {
        match r.created {
            Some(t) => {
                created = t;
                if gap {
                    break;
                }
            }
            None => gap = true,
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    let mut gap = false;
    for r in rows {
        let t = match r.created {
            Some(t) => {
                if gap {
                    created = t;
                }
                t
            }
            None => {
                gap = true;
                created
            }
        };
        out.push(HistoryEntry {
            created: t,
            created_by: r.created_by.clone(),
            empty_layer: r.empty_layer,
            size: r.size,
        });
    }
    out
}

const BLOCK: u64 = 4096;

/// Bytes the containerd snapshotter counts for a layer: a block for the layer's root, for every
/// entry and for every parent directory copied up, files rounded up to whole blocks. A RUN step
/// also leaves the mount points of `/etc/hosts` and `/etc/resolv.conf` behind.
pub(super) fn layer_disk_usage(layer: &LayerEntries, run: bool) -> u64 {
    let mut paths: crate::map::Set<String> = crate::map::Set::new();
    let mut blocks = 1u64;
    for (path, entry) in layer {
        let mut dir = crate::shell::fs::parent(path).to_string();
        while dir != "/" && paths.insert(dir.clone()) {
            blocks += 1;
            dir = crate::shell::fs::parent(&dir).to_string();
        }
        if !paths.insert(path.clone()) {
            continue;
        }
        blocks += match entry {
            crate::engine::files::Entry::Put(Node { kind: NodeKind::File(s), .. }) => {
                (s.len() as u64).div_ceil(BLOCK).max(1)
            }
            _ => 1,
        };
    }
    if run {
        for p in ["/etc", "/etc/hosts", "/etc/resolv.conf"] {
            if paths.insert(p.to_string()) {
                blocks += 1;
            }
        }
    }
    blocks * BLOCK
}

/// The compressed size of a layer's tar: headers and gzip's own bytes around the content.
pub(super) fn blob_size(layer: &LayerEntries) -> u64 {
    let content: u64 = layer
        .iter()
        .map(|(p, e)| {
            let data = match e {
                crate::engine::files::Entry::Put(Node { kind: NodeKind::File(s), .. }) => s.len() as u64,
                _ => 0,
            };
            40 + p.len() as u64 + data * 3 / 5
        })
        .sum();
    32 + content
}

/// A layer's diff ID (hex): the digest of its content.
pub(super) fn diff_id(layer: &LayerEntries) -> String {
    sha256_hex(format!("layer\0{}", serde_json::to_string(layer).unwrap_or_default()).as_bytes())
}

/// The compressed blob's digest (hex) for a diff ID.
pub(super) fn blob_digest(diff_id: &str) -> String {
    sha256_hex(format!("gzip\0{diff_id}").as_bytes())
}

/// The digests an export writes: (config, manifest, attestation manifest, index = image ID),
/// each `sha256:<hex>`.
pub(super) fn digests(config_json: &str, blobs: &[String]) -> (String, String, String, String) {
    let config = sha256_hex(config_json.as_bytes());
    let manifest = sha256_hex(format!("manifest\0{config}\0{}", blobs.join(",")).as_bytes());
    let attestation = sha256_hex(format!("attestation\0{manifest}").as_bytes());
    let index = sha256_hex(format!("index\0{manifest}\0{attestation}").as_bytes());
    let d = |h: String| format!("sha256:{h}");
    (d(config), d(manifest), d(attestation), d(index))
}

/// Go's `%q` of a string list, as history rows print CMD and ENTRYPOINT: `["node" "app.js"]`.
pub(super) fn go_quoted_list(v: &[String]) -> String {
    let parts: Vec<String> = v.iter().map(|s| crate::go::strconv::quote(s)).collect();
    format!("[{}]", parts.join(" "))
}

/// Go's `time.Duration` text (`30s`, `1m30s`, `500ms`, `0s`).
pub(super) fn go_duration_text(ns: i64) -> String {
    if ns == 0 {
        return "0s".to_string();
    }
    if ns < 1_000_000_000 {
        return if ns % 1_000_000 == 0 {
            format!("{}ms", ns / 1_000_000)
        } else if ns % 1000 == 0 {
            format!("{}µs", ns / 1000)
        } else {
            format!("{ns}ns")
        };
    }
    let total_s = ns / 1_000_000_000;
    let frac = ns % 1_000_000_000;
    let (h, m, s) = (total_s / 3600, (total_s / 60) % 60, total_s % 60);
    let mut sec = s.to_string();
    if frac > 0 {
        let f = format!("{frac:09}");
        sec = format!("{s}.{}", f.trim_end_matches('0'));
    }
    match (h, m) {
        (0, 0) => format!("{sec}s"),
        (0, m) => format!("{m}m{sec}s"),
        (h, m) => format!("{h}h{m}m{sec}s"),
    }
}

/// Go's `%q` of an int, which prints it as a quoted rune: `'\x00'`, `'\t'`, `'A'`.
fn go_quote_rune(n: i64) -> String {
    let named = match n {
        7 => Some("\\a"),
        8 => Some("\\b"),
        9 => Some("\\t"),
        10 => Some("\\n"),
        11 => Some("\\v"),
        12 => Some("\\f"),
        13 => Some("\\r"),
        39 => Some("\\'"),
        92 => Some("\\\\"),
        _ => None,
    };
    match (named, u32::try_from(n).ok().and_then(char::from_u32)) {
        (Some(t), _) => format!("'{t}'"),
        (None, Some(c)) if (' '..='~').contains(&c) => format!("'{c}'"),
        (None, _) if (0..0x80).contains(&n) => format!("'\\x{n:02x}'"),
        (None, _) => format!("'\\u{:04x}'", n.clamp(0, 0xffff)),
    }
}

/// The HEALTHCHECK history text: Go's `%q` of the config struct pointer.
pub(super) fn healthcheck_text(h: &HealthConfig) -> String {
    let q = |ns: i64| format!("\"{}\"", go_duration_text(ns));
    let retries = go_quote_rune(h.retries);
    format!(
        "HEALTHCHECK &{{{} {} {} {} {} {}}}",
        go_quoted_list(&h.test),
        q(h.interval),
        q(h.timeout),
        q(h.start_period),
        q(h.start_interval),
        retries
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(t: Option<SimTime>, s: &str) -> PendingRow {
        PendingRow { created: t, created_by: s.into(), empty_layer: t.is_none(), size: 0 }
    }

    #[test]
    fn metadata_rows_take_buildkits_times() {
        // ARG, LABEL, ENV before a cached WORKDIR (t=50), then COPY (t=90), RUN (t=95), EXPOSE, CMD.
        let rows = [
            row(None, "ARG"),
            row(None, "LABEL"),
            row(Some(50), "WORKDIR"),
            row(Some(90), "COPY"),
            row(Some(95), "RUN"),
            row(None, "EXPOSE"),
            row(None, "CMD"),
        ];
        let times: Vec<SimTime> = fill_times(&rows, 10).iter().map(|h| h.created).collect();
        assert_eq!(times, [50, 50, 50, 90, 95, 95, 95]);
        // Only metadata: the base image's time.
        let times: Vec<SimTime> =
            fill_times(&[row(None, "ENV"), row(None, "CMD")], 10).iter().map(|h| h.created).collect();
        assert_eq!(times, [10, 10]);
    }

    #[test]
    fn go_texts() {
        assert_eq!(go_duration_text(30_000_000_000), "30s");
        assert_eq!(go_duration_text(90_000_000_000), "1m30s");
        assert_eq!(go_duration_text(500_000_000), "500ms");
        let h = HealthConfig { test: vec!["CMD-SHELL".into(), "true".into()], ..HealthConfig::default() };
        assert_eq!(healthcheck_text(&h), "HEALTHCHECK &{[\"CMD-SHELL\" \"true\"] \"0s\" \"0s\" \"0s\" \"0s\" '\\x00'}");
    }

    #[test]
    fn disk_usage_counts_blocks_like_the_snapshotter() {
        use crate::engine::files::Entry;
        let dir = Node { kind: NodeKind::Dir, owner: "root".into(), mode: 0o755, mtime: 0 };
        let file = Node { kind: NodeKind::File("1\n".into()), owner: "root".into(), mode: 0o644, mtime: 0 };
        let mut workdir = LayerEntries::new();
        workdir.insert("/app".into(), Entry::Put(dir));
        assert_eq!(layer_disk_usage(&workdir, false), 8192);
        let mut copy = LayerEntries::new();
        copy.insert("/app/app.txt".into(), Entry::Put(file.clone()));
        assert_eq!(layer_disk_usage(&copy, false), 12288);
        let mut run = LayerEntries::new();
        run.insert("/app/v.txt".into(), Entry::Put(file));
        assert_eq!(layer_disk_usage(&run, true), 24576);
    }
}
