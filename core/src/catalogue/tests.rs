//! Tests of catalogue loading: the shipped data, lazy lookups, and no panic on any text.

use super::*;
use crate::go::time::from_civil;
use crate::go::units as humanize;
use proptest::prelude::*;

fn full() -> Catalogue {
    testing::full()
}

fn shipped_files() -> Vec<(String, String)> {
    testing::files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/registry"))
}

fn index_only() -> Catalogue {
    let index = shipped_files().into_iter().find(|(p, _)| p == INDEX_PATH).map(|(_, t)| t).unwrap_or_default();
    Catalogue::from_index(&index).expect("index.toml loads")
}

#[test]
fn the_shipped_catalogue_is_content_addressed() {
    let r = full();
    assert!(r.has_tag("httpd", "latest") && r.has_tag("library/nginx", "1.27"));
    let (_, a) = r.resolve("httpd", "latest").unwrap();
    let (_, b) = r.resolve("httpd", "2.4").unwrap();
    assert_eq!(a.digest, b.digest, "tags of one image share its digest");
    let (_, c) = r.resolve("httpd", "2.2").unwrap();
    assert_ne!(a.digest, c.digest);
    assert_eq!(a.digest.len(), 71);
    // The digest the engine always computed for httpd:latest (IMAGE ID f8c3409f25d6).
    assert!(a.digest.starts_with("sha256:f8c3409f25d6"), "{}", a.digest);
    assert_eq!(r.index().len(), r.loaded_repos().count(), "every indexed repository has its file");
}

/// The data is consistent: dates from before the seeds' replay, one size per shared layer,
/// sizes that cover the layers, known base systems.
#[test]
fn the_shipped_data_is_consistent() {
    let r = full();
    let replay = from_civil(2025, 2, 11, 7, 0, 0);
    let mut layer_sizes: Map<String, u64> = Map::new();
    for entry in r.index() {
        // Official images all have a description and stars on Docker Hub; a user's repository
        // may have no description, and another registry's have neither (search skips them).
        if !entry.name.contains('/') {
            assert!(!entry.description.is_empty() && entry.stars > 0, "{}", entry.name);
        }
        let repo = r.repo(&entry.name).unwrap_or_else(|| panic!("{} has a file", entry.name));
        for img in &repo.images {
            let created = crate::go::time::parse_rfc3339(&img.created)
                .unwrap_or_else(|| panic!("{}: bad created {}", repo.name, img.created));
            assert!(created < replay, "{}:{} built after 2025-02-11", repo.name, img.tags[0]);
            assert!(
                !img.layers.is_empty() && img.size > img.layers.iter().map(|l| l.size).sum::<u64>(),
                "{}:{} size",
                repo.name,
                img.tags[0]
            );
            for l in &img.layers {
                let prev = layer_sizes.insert(l.name.clone(), l.size);
                assert!(prev.is_none_or(|p| p == l.size), "layer {} has two sizes", l.name);
            }
            assert!(r.os(&img.process.os).is_some(), "{}:{} os {:?}", repo.name, img.tags[0], img.process.os);
        }
    }
    let (_, httpd) = r.resolve("httpd", "latest").unwrap();
    assert!(httpd.layers.iter().any(|l| l.digest_hex().starts_with("4f4fb700ef54")));
    // Base systems inherit: Debian 11 has Debian 12's programs and its own os-release.
    let d11 = r.os("debian11").unwrap();
    assert!(d11.programs.iter().any(|p| p == "bash") && d11.tree_name == "debian12");
    assert!(d11.files.get("/etc/os-release").is_some_and(|f| f.contains("VERSION_CODENAME=bullseye")));
    assert!(r.os("nope").is_none());
}

/// On the seeds' replay date `docker images` shows the ages and sizes the seeds recorded.
#[test]
fn seed_images_look_as_recorded() {
    let r = full();
    let replay = from_civil(2025, 2, 11, 7, 0, 0);
    for (repo, age, size) in
        [("httpd", "4 months ago", "221MB"), ("nginx", "6 weeks ago", "279MB"), ("mysql", "4 weeks ago", "825MB")]
    {
        let (_, img) = r.resolve(repo, "latest").unwrap();
        assert_eq!(humanize::ago(replay - img.created_time()), age, "{repo}");
        assert_eq!(humanize::size(img.size), size, "{repo}");
    }
    let (_, mysql) = r.resolve("mysql", "latest").unwrap();
    assert_eq!(mysql.layers.len(), 10, "the seed's mysql pull shows ten layers");
    assert!(r.has_tag("httpd", "2.2") && r.has_tag("mysql", "5.7") && r.has_tag("centos", "7"));
}

#[test]
fn lookups_name_the_files_they_need() {
    let mut c = index_only();
    assert!(c.has_tag("redis", "7") || c.has_tag("httpd", "latest"), "the index alone answers tags");
    assert!(c.take_needs().is_empty());
    assert!(c.resolve("httpd", "latest").is_none());
    assert_eq!(c.take_needs(), ["library/httpd.toml"]);
    assert!(c.repo("nosuchimage").is_none());
    assert!(c.take_needs().is_empty(), "a repository the index lacks needs nothing");
    let files = shipped_files();
    let text = |p: &str| files.iter().find(|(q, _)| q == p).map(|(_, t)| t.clone());
    c.load("library/httpd.toml", text("library/httpd.toml").as_deref()).unwrap();
    assert!(c.resolve("httpd", "latest").is_some());
    // A system asks for its whole chain, one file at a time.
    assert!(c.os("debian11").is_none());
    assert_eq!(c.take_needs(), ["os/debian11.toml"]);
    c.load("os/debian11.toml", text("os/debian11.toml").as_deref()).unwrap();
    assert!(c.os("debian11").is_none());
    assert_eq!(c.take_needs(), ["os/debian12.toml"]);
    c.load("os/debian12.toml", text("os/debian12.toml").as_deref()).unwrap();
    assert!(c.os("debian11").is_some_and(|o| o.tree_name == "debian12"));
    // A file the site does not have is asked for once.
    c.load("packages/nope.toml", None).unwrap();
    assert!(c.packages("nope").is_none() && c.take_needs().is_empty());
    // Sealed: nothing more to ask for.
    c.seal();
    assert!(c.repo("redis").is_none() && c.take_needs().is_empty());
}

#[test]
fn paths_say_what_a_file_is() {
    assert_eq!(FileKind::of("index.toml"), Some(FileKind::Index));
    assert_eq!(FileKind::of("library/redis.toml"), Some(FileKind::Repo("redis".into())));
    assert_eq!(FileKind::of("myschool/hello-web.toml"), Some(FileKind::Repo("myschool/hello-web".into())));
    assert_eq!(
        FileKind::of("docker.elastic.co/elasticsearch/elasticsearch.toml"),
        Some(FileKind::Repo("docker.elastic.co/elasticsearch/elasticsearch".into()))
    );
    assert_eq!(FileKind::of("os/alpine3.21.toml"), Some(FileKind::Os("alpine3.21".into())));
    assert_eq!(FileKind::of("packages/debian.toml"), Some(FileKind::Packages("debian".into())));
    for bad in ["redis.toml", "library/Redis.toml", "os/../x.toml", "library/a/b.toml", "README.md", "../x.toml"] {
        assert_eq!(FileKind::of(bad), None, "{bad}");
    }
    for name in ["redis", "myschool/hello-web", "docker.elastic.co/elasticsearch/elasticsearch"] {
        assert_eq!(FileKind::of(&repo_path(name)), Some(FileKind::Repo(name.into())));
    }
}

#[test]
fn a_broken_file_is_located_and_changes_nothing() {
    let mut c = index_only();
    let e = c.load("library/httpd.toml", Some("[[image]]\ntags = [\"x\"]\nkind = \"server\"\n")).unwrap_err();
    assert_eq!(e.path, "library/httpd.toml");
    assert!(e.message.contains("kind"), "{}", e.message);
    assert!(c.repo("httpd").is_none());
}

/// Any text, or a real file with bytes cut, doubled or inserted, loads or fails without a
/// panic, and a session on whatever loaded runs lines without one.
fn mutated(files: Vec<(String, String)>) -> impl Strategy<Value = (String, String)> {
    (0..files.len(), any::<u16>(), any::<u16>(), 0..4u8, "\\PC{0,12}").prop_map(move |(i, a, b, how, junk)| {
        let (path, text) = files[i].clone();
        let n = text.len().max(1);
        let (mut x, mut y) = (a as usize % n, b as usize % n);
        while !text.is_char_boundary(x) {
            x -= 1;
        }
        while !text.is_char_boundary(y) {
            y -= 1;
        }
        let (x, y) = (x.min(y), x.max(y));
        let out = match how {
            0 => format!("{}{}", &text[..x], &text[y..]),
            1 => format!("{}{junk}{}", &text[..x], &text[x..]),
            2 => format!("{}{}{}", &text[..y], &text[x..y], &text[y..]),
            _ => text[x..y].to_string(),
        };
        (path, out)
    })
}

fn exercise(c: &Catalogue) {
    for r in c.index() {
        let _ = c.repo(&r.name);
        let _ = c.trees(&r.name);
        for t in &r.tags {
            if let Some((_, img)) = c.resolve(&r.name, t) {
                let _ = c.os(&img.process.os);
            }
        }
    }
    for (name, os) in c.loaded_oses() {
        let _ = c.os(name);
        let _ = c.packages(&os.packages);
    }
    let _ = c.take_needs();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn loading_any_text_never_panics(path in "(index|library/[a-z]{1,4}|os/[a-z0-9.]{1,6}|packages/x|x/y)\\.toml", text in "\\PC{0,200}") {
        let mut c = index_only();
        let _ = c.load(&path, Some(&text));
        exercise(&c);
    }

    #[test]
    fn loading_a_mutated_file_never_panics((path, text) in mutated(shipped_files())) {
        let (mut c, _) = Catalogue::from_files(&shipped_files());
        let _ = c.load(&path, Some(&text));
        exercise(&c);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_session_on_a_mutated_catalogue_never_panics((path, text) in mutated(shipped_files())) {
        let (mut c, _) = Catalogue::from_files(&shipped_files());
        let _ = c.load(&path, Some(&text));
        let name = match FileKind::of(&path) {
            Some(FileKind::Repo(n)) => n,
            _ => "httpd".to_string(),
        };
        let config = crate::SessionConfig::default();
        let mut s = crate::Session::with_catalogue(config, c);
        for (i, line) in [
            format!("docker pull {name}"),
            format!("docker run -d --name x {name}"),
            "docker exec x ls /".to_string(),
            "docker logs x".to_string(),
            "curl -s localhost".to_string(),
            "docker stop x".to_string(),
            format!("docker run --rm -it {name} sh"),
            "apt-get update".to_string(),
            "exit".to_string(),
        ]
        .iter()
        .enumerate()
        {
            let _ = s.run_line(line, config.start_time + i as u64 * 1000);
        }
    }
}

/// Following references from the index alone reaches every shipped file, in a few rounds
/// (what the site's check page does, since it cannot list the folder).
#[test]
fn references_from_the_index_reach_every_shipped_file() {
    let files = shipped_files();
    let mut c = index_only();
    let mut loaded = vec![INDEX_PATH.to_string()];
    for _ in 0..8 {
        let wanted = c.unloaded_references();
        if wanted.is_empty() {
            break;
        }
        for path in wanted {
            let text = files.iter().find(|(p, _)| *p == path).map(|(_, t)| t.as_str());
            assert!(text.is_some(), "{path} is referenced but not shipped");
            c.load(&path, text).unwrap_or_else(|e| panic!("{e}"));
            loaded.push(path);
        }
    }
    assert!(c.unloaded_references().is_empty(), "settles within eight rounds");
    let mut all: Vec<String> = files.into_iter().map(|(p, _)| p).collect();
    crate::sort::sort(&mut all);
    crate::sort::sort(&mut loaded);
    assert_eq!(loaded, all, "every shipped file is reachable, and nothing else is asked for");
}
