//! The built-in "Docker Hub": what a learner can pull, loaded from `registry.toml`.
//!
//! Image identity is content-addressed exactly as in Docker: each layer's digest is the
//! SHA-256 of its content (here: its name), the config digest is the SHA-256 of the image
//! config, and the manifest digest — which the containerd image store also shows as the
//! IMAGE ID — is the SHA-256 of a manifest naming the config and layers. The same image
//! therefore always has the same ID, in every session and every browser. (A layer may carry
//! its real digest instead: the 32-byte empty layer every registry shares.)
//!
//! Besides repositories the file describes base systems (`[[os]]`): the programs a container
//! built on them can exec and the files that name them (`/etc/os-release`). `process.rs`
//! reads both; nothing here runs anything.

use crate::env::{from_civil, SimTime};
use crate::map::Map;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// The whole registry.
#[derive(Clone, Debug, Default)]
pub struct Registry {
    /// Repositories in file order.
    pub repos: Vec<Repo>,
    /// The base operating systems images are built on (`[[os]]` in the file): the programs a
    /// container can exec and the files that tell which system it is.
    pub oses: Vec<OsInfo>,
}

/// One repository (`httpd`, `library/httpd`).
#[derive(Clone, Debug, Deserialize)]
pub struct Repo {
    /// Path without `library/` for official images.
    pub name: String,
    /// One-line description, as `docker search` shows it.
    #[serde(default)]
    pub description: String,
    /// Star count for `docker search`.
    #[serde(default)]
    pub stars: u32,
    /// The distinct images, each with its tags.
    #[serde(rename = "image", default)]
    pub images: Vec<RegImage>,
}

/// One image as published: its tags, config and layers.
#[derive(Clone, Debug, Deserialize)]
pub struct RegImage {
    /// Tags pointing at this image.
    pub tags: Vec<String>,
    /// Build time, RFC 3339 (`2025-01-23T01:03:12Z`).
    pub created: String,
    /// Size as `docker images` shows it, in bytes.
    pub size: u64,
    /// Layers, base first.
    #[serde(default)]
    pub layers: Vec<Layer>,
    /// The configuration containers inherit.
    #[serde(flatten)]
    pub config: ImageConfig,
    /// What the main process does.
    #[serde(default)]
    pub process: ProcessSpec,
    /// Computed at load: the manifest digest (`sha256:...`), which is also the image ID.
    #[serde(skip)]
    pub digest: String,
}

/// One layer: a name standing for its content, and its compressed size.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Layer {
    /// Names are shared between images that share the layer.
    pub name: String,
    /// Compressed size in bytes.
    pub size: u64,
    /// A real digest (64 hex digits) for layers every registry shares, such as the 32-byte
    /// empty tar `4f4fb700ef54…` that many images contain and a real pull prints.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
}

impl Layer {
    /// The layer's digest, hex without the `sha256:` prefix: the given one if it is valid,
    /// else derived from the name.
    pub fn digest_hex(&self) -> String {
        match &self.digest {
            Some(d) if d.len() == 64 && d.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) => {
                d.clone()
            }
            _ => sha256_hex(format!("layer\0{}", self.name).as_bytes()),
        }
    }
}

/// The parts of an image config a container inherits (the `Config` of `docker image inspect`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct ImageConfig {
    /// ENTRYPOINT.
    #[serde(default)]
    pub entrypoint: Vec<String>,
    /// CMD.
    #[serde(default)]
    pub cmd: Vec<String>,
    /// ENV as `KEY=value`.
    #[serde(default)]
    pub env: Vec<String>,
    /// EXPOSE, as `80/tcp`.
    #[serde(default)]
    pub exposed: Vec<String>,
    /// VOLUME paths.
    #[serde(default)]
    pub volumes: Vec<String>,
    /// WORKDIR.
    #[serde(default)]
    pub workdir: String,
    /// USER.
    #[serde(default)]
    pub user: String,
    /// STOPSIGNAL (empty = SIGTERM).
    #[serde(default)]
    pub stop_signal: String,
    /// LABEL entries as `key=value` (`maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<String>,
}

/// What an image's main process does when it starts, stops or is missing configuration,
/// and what else the image can run (`docker run python python -c ...`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct ProcessSpec {
    /// `server`, `shell` or `oneshot`.
    #[serde(default)]
    pub kind: ProcessKind,
    /// Lines written at the first start (templates: `{ip}`, `{apache_time}`, `{nginx_time}`, ...;
    /// see `process::fill`).
    #[serde(default)]
    pub logs: Vec<LogTemplate>,
    /// Lines written when a container starts again over data its first run initialised
    /// (databases skip their setup); empty means `logs` again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub restart_logs: Vec<LogTemplate>,
    /// Lines written when started with `-it`: a REPL's banner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tty_logs: Vec<LogTemplate>,
    /// Lines written on a graceful stop (the image's STOPSIGNAL).
    #[serde(default)]
    pub stop_logs: Vec<LogTemplate>,
    /// Lines written when SIGTERM, SIGINT or SIGQUIT arrives and that is not the STOPSIGNAL
    /// (`docker kill -s TERM` on httpd); empty means `stop_logs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub term_logs: Vec<LogTemplate>,
    /// Exit code of a oneshot process.
    #[serde(default)]
    pub exit_code: i32,
    /// Exit code of a server after its stop signal (0 for most; Go programs such as the
    /// registry die with 2, Ruby's puma with 1).
    #[serde(default)]
    pub stop_exit_code: i32,
    /// The container only starts if one of these is set: `NAME` (non-empty) or `NAME=value`.
    #[serde(default)]
    pub requires_env: Vec<String>,
    /// What it logs (then exits 1) when none of `requires_env` is set.
    #[serde(default)]
    pub missing_env_logs: Vec<LogTemplate>,
    /// The base system (an `[[os]]` name): its programs and files.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub os: String,
    /// Programs the image adds to its base system (`python3`, `pip`, `node`, ...).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub programs: Vec<String>,
    /// Programs that run the image's own main process whatever their arguments
    /// (`mysqld`, `postgres`, `httpd-foreground`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub main: Vec<String>,
    /// The ENTRYPOINT is a script that ends with `exec "$@"`: the command it is given runs.
    #[serde(default, skip_serializing_if = "is_false")]
    pub wrapper: bool,
    /// What the wrapper puts before a first argument that starts with `-` (`mysqld`, `node`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub dash_prepend: String,
    /// The wrapper also puts `dash_prepend` before a first argument that is no program
    /// (node's `docker run node app.js`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub prepend_unknown: bool,
    /// The wrapper's own error when the program to exec does not exist (`{program}` is filled in);
    /// the container then exits 127.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub exec_error: String,
    /// What `PROGRAM --version` (or `-v`, `-V`, `-version`, as that program spells it) prints.
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub version: Map<String, Vec<LogTemplate>>,
    /// For an image built on another one with a command of its own: the base's ENTRYPOINT and
    /// CMD, which are what start the image's own process (nginx serving); its own default
    /// command is then just a program. Never set in the registry's data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own_command: Option<(Vec<String>, Vec<String>)>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One log line template: plain text goes to the process's usual stream (stderr for servers,
/// stdout otherwise); a table names the stream and may add conditions and a time offset.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum LogTemplate {
    /// `"text"`.
    Text(String),
    /// `{ out = "text" }`, `{ err = "text", at = 2.5, if_env = "MYSQL_DATABASE" }`.
    Line(LogLineSpec),
}

/// `at` is the only float, and the data never holds a NaN there, so equality is total.
impl Eq for LogTemplate {}

/// A log line with its stream and conditions spelled out. Unknown keys are refused so that a
/// typo in the data fails the registry test instead of silently printing nothing.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LogLineSpec {
    /// Text written to stdout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out: Option<String>,
    /// Text written to stderr.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub err: Option<String>,
    /// Seconds after the start at which this and the following lines are written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<f64>,
    /// Written only if this holds: `NAME` (set, non-empty), `NAME=value`, `PREFIX*` (some variable
    /// starts with PREFIX), alternatives joined by `|`, all-of joined by `,`.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub if_env: String,
    /// Written only if `if_env`-style condition does not hold.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unless_env: String,
}

/// A base operating system: what it can run and the files that name it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OsInfo {
    /// `debian12`, `alpine3.21`, ...
    pub name: String,
    /// Another `[[os]]` this one extends (buildpack-deps on Debian): programs and files add up,
    /// empty fields are inherited.
    #[serde(default)]
    pub base: String,
    /// Programs on its PATH.
    #[serde(default)]
    pub programs: Vec<String>,
    /// Entries of `/`, as `ls /` prints them.
    #[serde(default)]
    pub root: Vec<String>,
    /// Text files by absolute path (`/etc/os-release`), one string per line.
    #[serde(default)]
    pub files: Map<String, Vec<String>>,
    /// What `id` prints for root.
    #[serde(default)]
    pub id_root: String,
    /// Which `ps` it has: `procps`, `busybox` or empty (none).
    #[serde(default)]
    pub ps: String,
    /// The name `sh` errors use and its flavour: `dash`, `bash` or `ash`.
    #[serde(default)]
    pub sh: String,
    /// `GNU/Linux` (coreutils `uname -o`) or `Linux` (busybox).
    #[serde(default)]
    pub uname_os: String,
}

/// The three behaviours of a main process.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ProcessKind {
    /// Keeps running until stopped (web servers, databases).
    #[default]
    Server,
    /// A shell: without an open stdin it reads EOF and exits 0 at once.
    Shell,
    /// Prints its output and exits.
    Oneshot,
}

#[derive(Deserialize)]
struct File {
    #[serde(rename = "repo", default)]
    repos: Vec<Repo>,
    #[serde(rename = "os", default)]
    oses: Vec<OsInfo>,
}

/// The registry, parsed once. An unreadable file (a bug in our data, caught by the tests)
/// yields an empty registry rather than a panic.
pub fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| load(include_str!("registry.toml")).unwrap_or_default())
}

/// A base system of the built-in registry with its inheritance folded in, computed once (the
/// engine asks on every container start).
pub fn base_system(name: &str) -> Option<&'static OsInfo> {
    static SYSTEMS: OnceLock<Map<String, OsInfo>> = OnceLock::new();
    SYSTEMS
        .get_or_init(|| {
            let r = registry();
            r.oses.iter().filter_map(|o| r.os(&o.name).map(|m| (o.name.clone(), m))).collect()
        })
        .get(name)
}

/// Parses registry data and computes every digest.
pub fn load(text: &str) -> Result<Registry, String> {
    let file: File = crate::toml_lite::from_str(text).map_err(|e| e.to_string())?;
    let mut repos = file.repos;
    for repo in &mut repos {
        for image in &mut repo.images {
            image.digest = format!("sha256:{}", manifest_digest_hex(&repo.name, image));
        }
    }
    Ok(Registry { repos, oses: file.oses })
}

fn manifest_digest_hex(repo: &str, image: &RegImage) -> String {
    let config = serde_json::json!({
        "created": image.created,
        "config": image.config,
        "rootfs": image.layers.iter().map(|l| l.digest_hex()).collect::<Vec<_>>(),
        "repo": repo,
    });
    let config_digest = sha256_hex(config.to_string().as_bytes());
    let manifest = serde_json::json!({
        "schemaVersion": 2,
        "config": { "digest": format!("sha256:{config_digest}") },
        "layers": image.layers.iter().map(|l| (format!("sha256:{}", l.digest_hex()), l.size)).collect::<Vec<_>>(),
    });
    sha256_hex(manifest.to_string().as_bytes())
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        s.push(char::from_digit((b & 15) as u32, 16).unwrap_or('0'));
    }
    s
}

impl Registry {
    /// The repository with this path (`httpd` or `library/httpd`).
    pub fn repo(&self, path: &str) -> Option<&Repo> {
        let path = path.strip_prefix("library/").unwrap_or(path);
        self.repos.iter().find(|r| r.name == path)
    }

    /// The image a `repo:tag` points at.
    pub fn resolve(&self, path: &str, tag: &str) -> Option<(&Repo, &RegImage)> {
        let repo = self.repo(path)?;
        repo.images.iter().find(|i| i.tags.iter().any(|t| t == tag)).map(|i| (repo, i))
    }

    /// The image with this manifest digest in this repository.
    pub fn by_digest(&self, path: &str, digest: &str) -> Option<(&Repo, &RegImage)> {
        let repo = self.repo(path)?;
        repo.images.iter().find(|i| i.digest == digest).map(|i| (repo, i))
    }

    /// Whether `repo:tag` exists: for the content validator and completion.
    pub fn has(&self, path: &str, tag: &str) -> bool {
        self.resolve(path, tag).is_some()
    }

    /// A base system with everything it inherits folded in (programs and files add up; the
    /// nearer definition wins). `None` for an unknown name.
    pub fn os(&self, name: &str) -> Option<OsInfo> {
        let mut chain: Vec<&OsInfo> = Vec::new();
        let mut next = name;
        // Bounded so that a cycle in the data cannot loop forever.
        while chain.len() < 8 {
            let Some(os) = self.oses.iter().find(|o| o.name == next) else { break };
            chain.push(os);
            if os.base.is_empty() {
                break;
            }
            next = &os.base;
        }
        let mut merged = OsInfo { name: name.to_string(), ..OsInfo::default() };
        if chain.is_empty() {
            return None;
        }
        for os in chain.iter().rev() {
            for p in &os.programs {
                if !merged.programs.contains(p) {
                    merged.programs.push(p.clone());
                }
            }
            for (k, v) in &os.files {
                merged.files.insert(k.clone(), v.clone());
            }
            let pick = |mine: &str, theirs: &mut String| {
                if !mine.is_empty() {
                    *theirs = mine.to_string();
                }
            };
            pick(&os.id_root, &mut merged.id_root);
            pick(&os.ps, &mut merged.ps);
            pick(&os.sh, &mut merged.sh);
            pick(&os.uname_os, &mut merged.uname_os);
            if !os.root.is_empty() {
                merged.root = os.root.clone();
            }
        }
        Some(merged)
    }
}

impl RegImage {
    /// Build time as [`SimTime`] (0 if the data is malformed).
    pub fn created_time(&self) -> SimTime {
        parse_rfc3339(&self.created).unwrap_or(0)
    }
}

/// Parses `YYYY-MM-DDTHH:MM:SSZ`.
pub fn parse_rfc3339(s: &str) -> Option<SimTime> {
    let b = s.as_bytes();
    if b.len() < 19 {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    Some(from_civil(num(0..4)? as i64, num(5..7)?, num(8..10)?, num(11..13)?, num(14..16)?, num(17..19)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_registry_parses_and_is_content_addressed() {
        let r = load(include_str!("registry.toml")).expect("registry.toml parses");
        assert!(r.has("httpd", "latest") && r.has("library/nginx", "1.27"));
        let (_, a) = r.resolve("httpd", "latest").unwrap();
        let (_, b) = r.resolve("httpd", "2.4").unwrap();
        assert_eq!(a.digest, b.digest, "tags of one image share its digest");
        let (_, c) = r.resolve("httpd", "2.2").unwrap();
        assert_ne!(a.digest, c.digest);
        assert_eq!(a.digest.len(), 71);
        assert_eq!(registry().repos.len(), r.repos.len());
    }

    /// The data is consistent: unique tags, parseable dates from before the seeds' replay,
    /// one size per shared layer, known base systems, servers with logs.
    #[test]
    fn registry_data_is_consistent() {
        let r = registry();
        let replay = crate::env::from_civil(2025, 2, 11, 7, 0, 0);
        let mut layer_sizes: Map<String, u64> = Map::new();
        for repo in &r.repos {
            let mut tags = crate::map::Set::new();
            assert!(!repo.description.is_empty() && repo.stars > 0, "{}", repo.name);
            for img in &repo.images {
                for t in &img.tags {
                    assert!(tags.insert(t.clone()), "{}:{t} names two images", repo.name);
                }
                let created =
                    parse_rfc3339(&img.created).unwrap_or_else(|| panic!("{}: bad created {}", repo.name, img.created));
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
                    assert_eq!(l.digest_hex().len(), 64);
                }
                let p = &img.process;
                assert!(r.os(&p.os).is_some(), "{}:{} os {:?}", repo.name, img.tags[0], p.os);
                if p.kind == ProcessKind::Server {
                    assert!(!p.logs.is_empty(), "{}:{} server without logs", repo.name, img.tags[0]);
                }
                if p.wrapper {
                    assert!(
                        !img.config.entrypoint.is_empty(),
                        "{}:{} wrapper without entrypoint",
                        repo.name,
                        img.tags[0]
                    );
                }
            }
            // Every repository has `latest`, except openjdk, whose `latest` was withdrawn.
            assert_eq!(r.has(&repo.name, "latest"), repo.name != "openjdk", "{}", repo.name);
        }
        // The empty layer keeps its real digest, so pulls print `4f4fb700ef54` as Docker does.
        let (_, httpd) = r.resolve("httpd", "latest").unwrap();
        assert!(httpd.layers.iter().any(|l| l.digest_hex().starts_with("4f4fb700ef54")));
        // Base systems inherit: Debian 11 has Debian 12's programs and its own os-release.
        let d11 = r.os("debian11").unwrap();
        assert!(d11.programs.iter().any(|p| p == "bash"));
        assert!(d11.files.get("/etc/os-release").is_some_and(|f| f.iter().any(|l| l == "VERSION_CODENAME=bullseye")));
        assert!(r.os("nope").is_none());
    }

    /// On the seeds' replay date `docker images` shows the ages and sizes the seeds recorded.
    #[test]
    fn seed_images_look_as_recorded() {
        use crate::output::humanize;
        let replay = crate::env::from_civil(2025, 2, 11, 7, 0, 0);
        for (repo, age, size) in
            [("httpd", "4 months ago", "221MB"), ("nginx", "6 weeks ago", "279MB"), ("mysql", "4 weeks ago", "825MB")]
        {
            let (_, img) = registry().resolve(repo, "latest").unwrap();
            assert_eq!(humanize::ago(replay - img.created_time()), age, "{repo}");
            assert_eq!(humanize::size(img.size), size, "{repo}");
        }
        let (_, mysql) = registry().resolve("mysql", "latest").unwrap();
        assert_eq!(mysql.layers.len(), 10, "the seed's mysql pull shows ten layers");
        assert!(registry().has("httpd", "2.2") && registry().has("mysql", "5.7") && registry().has("centos", "7"));
    }

    #[test]
    fn digests_are_stable() {
        assert_eq!(sha256_hex(b"hello"), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }
}
