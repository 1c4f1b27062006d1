//! A course's own images, added as an instructor adds them (two entries at the end of
//! `registry/index.toml`, one file per repository): the fixture course's transcripts replay on
//! the shipped registry with the fixture's files laid over it, with no Rust and no rebuild.

use snapbox::assert::Action;
use snapbox::{Assert, Data};
use whalelab::catalogue::{files, overlay};
use whalelab::replay::{commands, replay_with};
use whalelab_core::{Catalogue, Session, SessionConfig};
use whalelab_tests::{transcript_files, updating, workspace_root};

#[test]
fn the_instructors_images_replay_their_transcripts() {
    let root = workspace_root();
    let course = root.join("tests/fixtures/instructor-course");
    let all = overlay(files(&root.join("content/registry")), files(&course.join("registry")));
    let (catalogue, errors) = Catalogue::from_files(&all);
    assert!(errors.is_empty(), "{errors:?}");
    let transcripts = transcript_files(&course.join("transcripts"));
    assert!(!transcripts.is_empty());
    let assert = Assert::new()
        .action(if updating() { Action::Overwrite } else { Action::Verify })
        .redact_with(snapbox::Redactions::new())
        .normalize_paths(false);
    for path in transcripts {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let header: String = text.lines().take_while(|l| l.starts_with('#')).map(|l| format!("{l}\n")).collect();
        let session = Session::with_catalogue(SessionConfig::default(), catalogue.clone());
        let actual = format!("{header}{}", replay_with(session, &commands(&text), &mut |_| None));
        assert.eq(actual, Data::read_from(&path, None).raw());
    }
}
