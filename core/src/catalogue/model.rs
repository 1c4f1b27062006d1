//! The catalogue's data types: what `content/registry/` files say, as serde reads them.
//!
//! Four kinds of file, each with its own type: the index (`index.toml`: [`IndexFile`]), a
//! repository (`library/httpd.toml`: [`RepoFile`], read into a [`Repo`]), a base system
//! (`os/debian12.toml`: [`OsInfo`]) and a package mirror (`packages/debian.toml`: [`Family`]).
//! Every table refuses keys it does not know, so a typo in an instructor's file is an error
//! with a line number instead of a silently missing behaviour. Nothing here runs anything:
//! process kinds and template names are only named (see `catalogue::names` for the list the
//! validator checks against); their behaviour lives in `engine::process` and `http`.

use crate::map::Map;
use serde::{Deserialize, Serialize};

// ---------------------------------------------------------------------------------------------
// index.toml

/// `index.toml`: every repository a learner can pull or find with `docker search`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexFile {
    /// `[[repo]]` entries in file order.
    #[serde(rename = "repo", default)]
    pub repos: Vec<IndexRepo>,
}

/// One repository as the index lists it: enough for `docker search`, for telling a missing
/// repository from a missing tag, and for finding its file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct IndexRepo {
    /// `httpd` (official images, file `library/httpd.toml`), `myschool/hello-web`
    /// (`myschool/hello-web.toml`) or `docker.elastic.co/elasticsearch/elasticsearch`.
    pub name: String,
    /// One-line description, as `docker search` shows it.
    #[serde(default)]
    pub description: String,
    /// Star count for `docker search`.
    #[serde(default)]
    pub stars: u32,
    /// Every tag of every image in the repository's file.
    #[serde(default)]
    pub tags: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// Repository files

/// A repository file as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoFile {
    /// `[[image]]`: the distinct images, each with its tags.
    #[serde(rename = "image", default)]
    pub images: Vec<ImageEntry>,
    /// `[tree]`: what every image of the repository adds to its base system's files.
    #[serde(default)]
    pub tree: Tree,
    /// `[http]`: the web server behind the images' port.
    #[serde(default)]
    pub http: Option<HttpServer>,
}

/// A repository, loaded: its images (digests computed) and what they share.
#[derive(Clone, Debug, Default)]
pub struct Repo {
    /// The index name (`httpd`).
    pub name: String,
    /// The images in file order.
    pub images: Vec<RegImage>,
    /// Files every image adds.
    pub tree: Tree,
    /// The web server, if the images run one.
    pub http: Option<HttpServer>,
}

/// One `[[image]]` as written: the config keys sit beside the image's own keys.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageEntry {
    /// Tags pointing at this image.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Build time, RFC 3339 (`2025-01-23T01:03:12Z`).
    #[serde(default)]
    pub created: String,
    /// Size as `docker images` shows it, in bytes.
    #[serde(default)]
    pub size: u64,
    /// The real digest (`sha256:` + 64 hex) where public sources give it: what `Digest:`
    /// prints and the containerd store's IMAGE ID. Without it the digest is computed from
    /// the image's config and layers, which is just as stable.
    #[serde(default)]
    pub digest: Option<String>,
    /// Layers, base first.
    #[serde(default)]
    pub layers: Vec<Layer>,
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
    /// LABEL entries as `key=value`.
    #[serde(default)]
    pub labels: Vec<String>,
    /// What the main process does.
    #[serde(default)]
    pub process: ProcessSpec,
}

/// One image as published: its tags, config and layers.
#[derive(Clone, Debug, Default)]
pub struct RegImage {
    /// Tags pointing at this image.
    pub tags: Vec<String>,
    /// Build time, RFC 3339.
    pub created: String,
    /// Size as `docker images` shows it, in bytes.
    pub size: u64,
    /// Layers, base first.
    pub layers: Vec<Layer>,
    /// The configuration containers inherit.
    pub config: ImageConfig,
    /// What the main process does.
    pub process: ProcessSpec,
    /// The manifest digest (`sha256:...`), which is also the image ID: the file's, or
    /// computed at load.
    pub digest: String,
}

/// One layer: a name standing for its content, and its compressed size.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
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
#[serde(deny_unknown_fields)]
pub struct ProcessSpec {
    /// `server`, `shell`, `oneshot` or `command`.
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
    /// The base system (`os/NAME.toml`): its programs and files.
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

impl LogTemplate {
    /// The template text, whichever stream it goes to.
    pub fn text(&self) -> &str {
        match self {
            LogTemplate::Text(s) => s,
            LogTemplate::Line(l) => l.out.as_deref().or(l.err.as_deref()).unwrap_or(""),
        }
    }
}

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
    /// Its command is a script that runs on the container's shell like any other command, with
    /// its output, timing and signals (`jpetazzo/clock`: `sh -c 'while date; do sleep 1; done'`).
    Command,
}

/// What a repository's images add to their base system's files (`[tree]`).
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    /// Another repository whose tree comes first (`nginx` for a site served by nginx).
    #[serde(default)]
    pub from: String,
    /// Directories, `path` or `path:mode`.
    #[serde(default)]
    pub dirs: Vec<String>,
    /// Executables by directory: `"/usr/sbin" = "nginx nginx-debug"`.
    #[serde(default)]
    pub programs: Map<String, String>,
    /// Text files.
    #[serde(default)]
    pub files: Map<String, String>,
    /// Recorded modification times (RFC 3339) of some files (they show in HTTP headers).
    #[serde(default)]
    pub mtimes: Map<String, String>,
    /// Files the main process keeps while it runs (pid files).
    #[serde(default)]
    pub running: Map<String, String>,
    /// Files (or, with a trailing `/`, directories) the first start writes.
    #[serde(default)]
    pub started: Map<String, String>,
}

/// A web server an image runs as its main process.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HttpServer {
    /// Which server's behaviour: headers, error pages, access log (see `catalogue::names::SERVERS`).
    pub server: String,
    /// The port it listens on inside the container.
    pub port: u16,
    /// The document root (`apache`, `nginx`).
    #[serde(default)]
    pub root: String,
    /// What a server that answers every request alike sends (`elasticsearch`'s banner,
    /// `php`'s page); `{hostname}` is the container's host name.
    #[serde(default)]
    pub body: String,
    /// The version its headers name (`php`: `X-Powered-By: PHP/7.4.33`).
    #[serde(default)]
    pub version: String,
}

// ---------------------------------------------------------------------------------------------
// Base systems (os/NAME.toml)

/// A base operating system: what it can run, the files that name it, and the skeleton of its
/// file tree. A file may name a `base` it extends: programs and files add up, and every other
/// key it leaves out is inherited.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OsInfo {
    /// Another system this one extends (Debian 11 on Debian 12).
    #[serde(default)]
    pub base: String,
    /// Programs on its PATH (besides `bin`/`sbin` below).
    #[serde(default)]
    pub programs: Vec<String>,
    /// Entries of `/`, as `ls /` prints them.
    #[serde(default)]
    pub root: Vec<String>,
    /// Text files by absolute path (`/etc/os-release`, `/etc/passwd`).
    #[serde(default)]
    pub files: Map<String, String>,
    /// What `id` prints for root.
    #[serde(default)]
    pub id_root: String,
    /// Which `ps` it has: `procps`, `busybox` or empty (none).
    #[serde(default)]
    pub ps: String,
    /// What `/bin/sh` is: `dash`, `bash`, `ash` or `none`.
    #[serde(default)]
    pub sh: String,
    /// `GNU/Linux` (coreutils `uname -o`) or `Linux` (busybox).
    #[serde(default)]
    pub uname_os: String,
    /// The interactive shell: `bash`, `ash` or `none`. A system that sets it owns a tree
    /// skeleton; one that does not borrows its base's.
    #[serde(default)]
    pub shell: String,
    /// bash's version as `\v` shows it (`5.2`).
    #[serde(default)]
    pub bash_version: String,
    /// The interactive prompt template.
    #[serde(default)]
    pub ps1: String,
    /// `/bin` mirrors `/usr/bin` (Debian 12, Ubuntu, Oracle Linux 9).
    #[serde(default)]
    pub merged_usr: Option<bool>,
    /// `apt`, `apk`, `microdnf` or `none`.
    #[serde(default)]
    pub pkg: String,
    /// The package mirror (`packages/NAME.toml`) its package manager installs from.
    #[serde(default)]
    pub packages: String,
    /// More directories, `path` or `path:mode`.
    #[serde(default)]
    pub dirs: Vec<String>,
    /// Programs in `/usr/bin` (merged) or `/bin`, separated by spaces.
    #[serde(default)]
    pub bin: String,
    /// Programs in `/usr/bin` when `/bin` is separate (Alpine).
    #[serde(default)]
    pub usr_bin: String,
    /// Programs in `/usr/sbin` (merged) or `/sbin`.
    #[serde(default)]
    pub sbin: String,
    /// Filled in when merged: the system (this one or a base) whose tree skeleton it uses.
    #[serde(skip)]
    pub tree_name: String,
}

// ---------------------------------------------------------------------------------------------
// Package mirrors (packages/NAME.toml)

/// One package manager family's mirror: what `apt-get update` prints and what it can install.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Family {
    /// What `apt-get update` / `apk update` prints.
    #[serde(default)]
    pub update: String,
    /// The index lines `apk add` prints first.
    #[serde(default)]
    pub fetch: String,
    /// The mirror line `apt-get install` shows per package.
    #[serde(default)]
    pub mirror: String,
    /// Packages in the fresh image (apk's "OK: N packages" count starts there).
    #[serde(default)]
    pub base_packages: u32,
    /// Size of the fresh image in MiB (apk's summary line).
    #[serde(default)]
    pub base_mib: u32,
    /// The packages by name.
    #[serde(default)]
    pub packages: Map<String, Package>,
}

/// One installable package.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Version string as the manager prints it.
    pub version: String,
    /// What it pulls in ("additional packages").
    #[serde(default)]
    pub deps: Vec<String>,
    /// The programs it adds (absolute paths).
    #[serde(default)]
    pub programs: Vec<String>,
    /// Download size in kB.
    #[serde(default)]
    pub kb: u64,
    /// Installed size as text (`11.4 MB`).
    #[serde(default)]
    pub installed: String,
    /// pip: the project's own spelling (`Jinja2`) when it is not the key.
    #[serde(default)]
    pub name: String,
    /// pip: the wheel's file name.
    #[serde(default)]
    pub wheel: String,
    /// pip: the wheel's download size as pip prints it (`102 kB`).
    #[serde(default)]
    pub size: String,
    /// pip: the size of the wheel's metadata (`2.7 kB`).
    #[serde(default)]
    pub meta: String,
    /// pip: the import name, its directory in site-packages (the key with `_` when empty).
    #[serde(default)]
    pub module: String,
    /// npm: how many packages installing it adds in all, dependencies included.
    #[serde(default)]
    pub added: u32,
    /// npm: how many of those ask for funding.
    #[serde(default)]
    pub funding: u32,
}
