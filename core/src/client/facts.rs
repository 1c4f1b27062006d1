//! What a real daemon's kernel, clock and store would supply and the simulation does not
//! track, derived deterministically so the same session prints the same bytes: PIDs and
//! nanoseconds ([`stable`]), the API's time formats, manifest digests, writable-layer sizes,
//! and the label and key=value maps several commands share. Reads engine state only.

use crate::engine::container::Container;
use crate::engine::registry::sha256_hex;
use crate::engine::{Engine, LocalImage};
use crate::env::SimTime;
use crate::go::time::{rfc3339_nano, time_string};
use crate::map::Map;

/// Go's zero `time.Time` in RFC 3339, which the API shows for "never".
pub const ZERO_TIME: &str = "0001-01-01T00:00:00Z";

/// A number in `0..n` derived from some text: stable stand-ins for values a real daemon
/// gets from the kernel (PIDs, nanoseconds, sizes).
pub fn stable(text: &str, n: u64) -> u64 {
    let h = sha256_hex(text.as_bytes());
    let v = u64::from_str_radix(h.get(..15).unwrap_or("0"), 16).unwrap_or(0);
    if n == 0 {
        0
    } else {
        v % n
    }
}

/// A time as the Engine API writes it: RFC 3339 with nanoseconds, trailing zeros dropped
/// (Go's `time.RFC3339Nano`). Our clock counts milliseconds; the digits below them are
/// derived from `salt`, so each object gets its own believable nanoseconds.
pub fn api_time(t: SimTime, salt: &str) -> String {
    rfc3339_nano(t, (t % 1000) * 1_000_000 + stable(salt, 1_000_000))
}

/// The nanoseconds a network's times show: the milliseconds, then digits from the hex
/// `salt` (a network ID); a whole-second clock (replays) takes them all from the salt.
fn salted_nanos(t: SimTime, salt: &str) -> u64 {
    let salt = salt.get(..8).and_then(|h| u32::from_str_radix(h, 16).ok()).unwrap_or(0);
    match (t % 1000) as u32 {
        0 => u64::from(salt % 1_000_000_000),
        ms => u64::from(ms * 1_000_000 + salt % 1_000_000),
    }
}

/// Go's `time.Time` in JSON (network `Created`): RFC 3339 with nanoseconds.
pub fn network_time(t: SimTime, salt: &str) -> String {
    rfc3339_nano(t, salted_nanos(t, salt))
}

/// Go's `time.Time.String()` (`network ls --format '{{.CreatedAt}}'`):
/// `2025-02-11 07:00:00.123456789 +0000 UTC`.
pub fn network_time_string(t: SimTime, salt: &str) -> String {
    time_string(t, salted_nanos(t, salt))
}

/// The digest of an image's linux/amd64 manifest (the image ID is the index's digest).
pub fn manifest_digest(image_id: &str) -> String {
    let hex = image_id.strip_prefix("sha256:").unwrap_or(image_id);
    format!("sha256:{}", sha256_hex(format!("manifest\0{hex}").as_bytes()))
}

/// What the container wrote into its own writable layer (`SizeRw`): servers leave a PID
/// file or edited configuration behind, as the facts of each image say.
pub fn size_rw(engine: &Engine, c: &Container) -> u64 {
    if c.started_at.is_none() {
        return 0;
    }
    let repo = engine
        .container(&c.id)
        .and_then(|c| engine.images().find(|i| i.id == c.image_id))
        .map(|i| i.repo_path.clone())
        .unwrap_or_default();
    match repo.trim_start_matches("library/") {
        "httpd" => 2,
        "nginx" => 1093,
        "mysql" | "mariadb" => 6,
        "postgres" => 63,
        "redmine" => 8_192,
        _ => 0,
    }
}

/// The unpacked size of an image (`SizeRootFs` without the writable layer): under the
/// containerd store `docker images` counts compressed blobs too, so this is smaller.
pub fn unpacked_size(img: &LocalImage) -> u64 {
    let compressed: u64 = img.layers.iter().map(|l| l.size).sum();
    img.size.saturating_sub(compressed)
}

/// `k=v` strings as pairs, a bare `k` as `(k, "")`.
pub fn labels_of(list: &[String]) -> Vec<(String, String)> {
    list.iter()
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (l.clone(), String::new()),
        })
        .collect()
}

/// docker's `ConvertKVStringsToMap`: `k=v` → k: v, a bare `k` → k: "".
pub fn kv_map(items: &[String]) -> Map<String, String> {
    labels_of(items).into_iter().collect()
}

/// The labels a container has: its image's, overridden by `--label`.
pub fn container_labels(engine: &Engine, c: &Container) -> Vec<(String, String)> {
    let mut labels: Vec<(String, String)> =
        engine.images().find(|i| i.id == c.image_id).map(|i| labels_of(&i.config.labels)).unwrap_or_default();
    for (k, v) in labels_of(&c.config.labels) {
        labels.retain(|(ek, _)| *ek != k);
        labels.push((k, v));
    }
    crate::sort::sort(&mut labels);
    labels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_times_drop_trailing_zeros() {
        let t = crate::go::time::from_civil(2025, 2, 11, 7, 0, 0);
        let s = api_time(t, "x");
        assert!(s.starts_with("2025-02-11T07:00:00.") && s.ends_with('Z'), "{s}");
        assert_eq!(api_time(t, "x"), api_time(t, "x"));
        assert!(stable("a", 10) < 10);
    }

    #[test]
    fn network_times() {
        let t = crate::go::time::from_civil(2025, 2, 11, 7, 0, 0);
        assert_eq!(network_time(t, "00000000"), "2025-02-11T07:00:00Z");
        assert_eq!(network_time(t, "075bcd15"), "2025-02-11T07:00:00.123456789Z");
        assert_eq!(network_time(t + 500, "00000000"), "2025-02-11T07:00:00.5Z");
        assert_eq!(network_time(t + 12, "000f4241"), "2025-02-11T07:00:00.012000001Z");
        assert_eq!(network_time_string(t, "0"), "2025-02-11 07:00:00 +0000 UTC");
    }

    #[test]
    fn key_value_maps() {
        assert_eq!(
            kv_map(&["a=1=2".to_string(), "b".to_string()]).into_iter().collect::<Vec<_>>(),
            vec![("a".to_string(), "1=2".to_string()), ("b".to_string(), String::new())]
        );
    }
}
