//! Every transcript under `tests/transcripts/` replays to exactly its own text.
//!
//! Failures show a line diff (snapbox). `UPDATE_EXPECT=1 cargo test -p whalelab-tests`
//! rewrites the files; review the diff against real docker before committing.

use snapbox::assert::Action;
use snapbox::{Assert, Data};
use whalelab_tests::{render, transcript_files, updating, workspace_root};

#[test]
fn transcripts_replay_exactly() {
    let dir = workspace_root().join("tests/transcripts");
    let files = transcript_files(&dir);
    assert!(files.len() >= 3, "expected transcripts under {}", dir.display());
    let assert = Assert::new()
        .action(if updating() { Action::Overwrite } else { Action::Verify })
        .redact_with(snapbox::Redactions::new())
        .normalize_paths(false);
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let actual = render(&text);
        assert.eq(actual, Data::read_from(&path, None).raw());
    }
}
