//! What survives a reload, as text for localStorage: the command history and the solved
//! exercises, each under a versioned header.
//!
//! Pure encode/decode; platform reads and writes the storage. Anything that does not start
//! with the expected header (another version, a hand edit, garbage) is reported as
//! [`Corrupt`] so the page can say so in Korean and start fresh, never fail to load.

use std::collections::BTreeSet;

/// localStorage key of the command history.
pub const HISTORY_KEY: &str = "whalelab.history";
/// localStorage key of the progress (solved exercise ids).
pub const PROGRESS_KEY: &str = "whalelab.progress";
/// First line of the stored history (bump the number when the format changes).
pub const HISTORY_HEADER: &str = "whalelab-history v1";
/// First line of the stored progress.
pub const PROGRESS_HEADER: &str = "whalelab-progress v1";
/// How many commands are kept across reloads.
pub const MAX_SAVED_HISTORY: usize = 500;

/// Stored data that cannot be read (wrong version or damaged).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Corrupt;

/// The history as stored: the header, then one command per line (newest last, capped).
pub fn encode_history(entries: &[String]) -> String {
    let start = entries.len().saturating_sub(MAX_SAVED_HISTORY);
    let mut text = HISTORY_HEADER.to_string();
    for line in entries.get(start..).unwrap_or_default().iter().filter(|l| !l.contains('\n')) {
        text.push('\n');
        text.push_str(line);
    }
    text
}

/// Reads stored history; `None` stored means an empty history.
pub fn decode_history(stored: Option<&str>) -> Result<Vec<String>, Corrupt> {
    let Some(text) = stored else { return Ok(Vec::new()) };
    let mut lines = text.split('\n');
    if lines.next() != Some(HISTORY_HEADER) {
        return Err(Corrupt);
    }
    Ok(lines.filter(|l| !l.is_empty()).map(str::to_string).collect())
}

/// The progress as stored: the header, then one solved exercise id per line.
pub fn encode_progress(solved: &BTreeSet<String>) -> String {
    let mut text = PROGRESS_HEADER.to_string();
    for id in solved {
        text.push('\n');
        text.push_str(id);
    }
    text
}

/// Reads stored progress.
pub fn decode_progress(stored: Option<&str>) -> Result<BTreeSet<String>, Corrupt> {
    let Some(text) = stored else { return Ok(BTreeSet::new()) };
    let mut lines = text.split('\n');
    if lines.next() != Some(PROGRESS_HEADER) {
        return Err(Corrupt);
    }
    let ids: BTreeSet<String> = lines.filter(|l| !l.is_empty()).map(str::to_string).collect();
    if ids.iter().any(|id| id.chars().any(char::is_control) || id.len() > 200) {
        return Err(Corrupt);
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test(unsupported = test)]
    fn history_round_trips_and_rejects_other_formats() {
        let entries: Vec<String> = ["docker ps", "echo 한글"].map(String::from).into();
        assert_eq!(decode_history(Some(&encode_history(&entries))), Ok(entries));
        assert_eq!(decode_history(None), Ok(vec![]));
        assert_eq!(decode_history(Some("[\"docker ps\"]")), Err(Corrupt));
        assert_eq!(decode_history(Some("whalelab-history v0\ndocker ps")), Err(Corrupt));
        let many: Vec<String> = (0..MAX_SAVED_HISTORY + 5).map(|i| i.to_string()).collect();
        let kept = decode_history(Some(&encode_history(&many))).unwrap();
        assert_eq!((kept.len(), kept[0].as_str()), (MAX_SAVED_HISTORY, "5"), "the newest are kept");
    }

    #[wasm_bindgen_test(unsupported = test)]
    fn progress_round_trips_and_rejects_garbage() {
        let solved: BTreeSet<String> = ["run-nginx", "stop-web"].map(String::from).into();
        assert_eq!(decode_progress(Some(&encode_progress(&solved))), Ok(solved));
        assert_eq!(decode_progress(Some("{not progress}")), Err(Corrupt));
        assert_eq!(decode_progress(Some("")), Err(Corrupt));
        assert_eq!(decode_progress(Some("whalelab-progress v1\na\u{7}b")), Err(Corrupt));
    }
}
