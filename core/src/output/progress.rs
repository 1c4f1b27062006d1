//! Pull progress as the real client draws it on a terminal: one line per layer, redrawn in
//! place as it moves through `Pulling fs layer`, `Waiting`, `Downloading [==>   ] 1.2MB/3.4MB`,
//! `Verifying Checksum` and `Download complete`.
//!
//! The engine pulls instantly; a transcript keeps only the final lines. A view that wants the
//! animation asks [`frame`] for the lines at a moment of (virtual) time. The pace follows the
//! layer sizes, three downloads at a time, and the whole pull takes a second or two.

use crate::go::units::size_with_precision;
use serde::{Deserialize, Serialize};

/// One layer of a pull being animated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerPlan {
    /// The 12-hex ID the line starts with.
    pub short: String,
    /// Compressed size in bytes.
    pub size: u64,
    /// Present already: the line says `Already exists` from the start.
    pub existed: bool,
}

/// The layer lines of one pull inside a transcript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullAnimation {
    /// Index of the first layer line in the transcript's lines.
    pub first_line: usize,
    /// The layers, in line order.
    pub layers: Vec<LayerPlan>,
    /// The final status every downloaded layer ends on (`Download complete`).
    pub final_status: String,
}

const PARALLEL: usize = 3;
const CHECKSUM_MS: u64 = 60;
const FS_LAYER_MS: u64 = 60;
const TOTAL_MS: u64 = 1400;

/// When each layer starts and finishes downloading, in ms from the start of the pull.
fn schedule(anim: &PullAnimation) -> Vec<(u64, u64)> {
    let total: u64 = anim.layers.iter().filter(|l| !l.existed).map(|l| l.size.max(1)).sum();
    // Bytes per ms so that the biggest pulls still end in about TOTAL_MS.
    let rate = (total as f64 / TOTAL_MS as f64 * PARALLEL as f64 / 2.0).max(1.0);
    // Every layer shows `Pulling fs layer` for a moment before the first downloads begin.
    let mut slots = [FS_LAYER_MS; PARALLEL];
    anim.layers
        .iter()
        .map(|l| {
            if l.existed {
                return (0, 0);
            }
            let (i, start) = slots.iter().enumerate().min_by_key(|(_, t)| **t).map(|(i, t)| (i, *t)).unwrap_or((0, 0));
            let end = start + 80 + (l.size.max(1) as f64 / rate) as u64;
            slots[i] = end + CHECKSUM_MS;
            (start, end)
        })
        .collect()
}

impl PullAnimation {
    /// How long the animation runs, in ms.
    pub fn duration_ms(&self) -> u64 {
        duration_ms(self)
    }

    /// The layer lines at `elapsed` ms into the pull (the final lines once it is over).
    pub fn frame(&self, elapsed: u64) -> Vec<String> {
        frame(self, elapsed)
    }
}

fn duration_ms(anim: &PullAnimation) -> u64 {
    schedule(anim).iter().map(|(_, end)| end + CHECKSUM_MS).max().unwrap_or(0)
}

fn frame(anim: &PullAnimation, elapsed: u64) -> Vec<String> {
    anim.layers
        .iter()
        .zip(schedule(anim))
        .map(|(l, (start, end))| {
            let status = if l.existed {
                "Already exists".to_string()
            } else if elapsed < FS_LAYER_MS {
                "Pulling fs layer".to_string()
            } else if elapsed < start {
                "Waiting".to_string()
            } else if elapsed < end {
                let done = ((elapsed - start) as f64 / (end - start).max(1) as f64 * l.size as f64) as u64;
                format!("Downloading {}", bar(done, l.size))
            } else if elapsed < end + CHECKSUM_MS {
                "Verifying Checksum".to_string()
            } else {
                anim.final_status.clone()
            };
            format!("{}: {}", l.short, status)
        })
        .collect()
}

/// `[=====>      ]  12.35MB/28.23MB`, as docker's jsonmessage draws a wide terminal.
fn bar(current: u64, total: u64) -> String {
    let pct = ((current as f64 / total.max(1) as f64 * 100.0) as usize / 2).min(50);
    format!(
        "[{}>{}] {:>8}/{}",
        "=".repeat(pct),
        " ".repeat(50 - pct),
        size_with_precision(current as f64, 4),
        size_with_precision(total as f64, 4)
    )
}

/// Finds the layer lines of pulls in a transcript's lines: after `TAG: Pulling from REPO`,
/// the run of `<12 hex>: <status>` lines. `size_of` gives a layer's size from its short ID.
pub fn find(lines: &[String], size_of: impl Fn(&str) -> Option<u64>) -> Vec<PullAnimation> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].contains(": Pulling from ") {
            let first = i + 1;
            let mut layers = Vec::new();
            let mut final_status = "Download complete".to_string();
            let mut j = first;
            while let Some((short, status)) = lines.get(j).and_then(|l| l.split_once(": ")) {
                if short.len() != 12 || !short.bytes().all(|c| c.is_ascii_hexdigit()) {
                    break;
                }
                let existed = status == "Already exists";
                if !existed {
                    final_status = status.to_string();
                }
                layers.push(LayerPlan { short: short.to_string(), size: size_of(short).unwrap_or(1_000_000), existed });
                j += 1;
            }
            if layers.iter().any(|l| !l.existed) {
                found.push(PullAnimation { first_line: first, layers, final_status });
            }
            i = j;
        } else {
            i += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pull_animates_and_ends_on_the_final_lines() {
        let lines: Vec<String> = [
            "latest: Pulling from library/httpd",
            "aaaaaaaaaaaa: Download complete",
            "bbbbbbbbbbbb: Already exists",
            "Digest: sha256:x",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let anims = find(&lines, |s| (s == "aaaaaaaaaaaa").then_some(28_230_000));
        assert_eq!(anims.len(), 1);
        let a = &anims[0];
        assert_eq!(a.first_line, 1);
        assert_eq!(frame(a, 0), vec!["aaaaaaaaaaaa: Pulling fs layer", "bbbbbbbbbbbb: Already exists"]);
        let mid = frame(a, duration_ms(a) / 2);
        assert!(mid[0].starts_with("aaaaaaaaaaaa: Downloading [="), "{mid:?}");
        assert!(mid[0].ends_with("/28.23MB"));
        assert_eq!(frame(a, duration_ms(a)), vec!["aaaaaaaaaaaa: Download complete", "bbbbbbbbbbbb: Already exists"]);
        assert!(duration_ms(a) <= 2500);
        assert_eq!(bar(0, 100), format!("[>{}]       0B/100B", " ".repeat(50)));
    }
}
