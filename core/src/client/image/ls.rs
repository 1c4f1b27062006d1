//! `docker images` / `docker image ls`: the containerd image store's list and filters,
//! and the client's `formatter.ImageContext`.
//!
//! One row per repository:tag (an image with two tags shows twice, in `-q` too), newest
//! image first; untagged images show as `<none>`. Filters (`dangling`, `reference`,
//! `before`, `since`, `label`, `until`) follow moby's `daemon/containerd/image_list.go`.
//! The `docker images ls` slip gets the CLI's hint. Nothing here mutates engine state.

use crate::client::cli::Invocation;
use crate::client::facts::labels_of;
use crate::client::filters::{filter_pairs, invalid_filter};
use crate::client::from_daemon;
use crate::engine::reference::ImageRef;
use crate::engine::{Engine, LocalImage};
use crate::go::units;
use crate::output::template::{print_list, StructBuilder, Value};
use crate::output::Output;

const DEFAULT_FORMAT: &str =
    "table {{.Repository}}\\t{{.Tag}}\\t{{.ID}}\\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}";
const DEFAULT_FORMAT_DIGESTS: &str = "table {{.Repository}}\\t{{.Tag}}\\t{{.Digest}}\\t{{.ID}}\\t{{if .CreatedSince }}{{.CreatedSince}}{{else}}N/A{{end}}\\t{{.Size}}";

/// Column titles of the image list (`newImageContext`).
pub const HEADERS: [(&str, &str); 11] = [
    ("ID", "IMAGE ID"),
    ("Repository", "REPOSITORY"),
    ("Tag", "TAG"),
    ("Digest", "DIGEST"),
    ("CreatedSince", "CREATED"),
    ("CreatedAt", "CREATED AT"),
    ("Size", "SIZE"),
    ("Containers", "CONTAINERS"),
    ("VirtualSize", "SIZE"),
    ("SharedSize", "SHARED SIZE"),
    ("UniqueSize", "UNIQUE SIZE"),
];

const ACCEPTED: [&str; 7] = ["dangling", "label", "label!", "before", "since", "reference", "until"];

/// Subcommands of `docker image`: `docker images ls` is almost always meant as one.
const IMAGE_SUBCOMMANDS: [&str; 13] =
    ["build", "history", "import", "inspect", "list", "load", "ls", "prune", "pull", "push", "rm", "save", "tag"];

/// One listed row: a tag of an image, or an untagged image.
struct Row<'a> {
    image: &'a LocalImage,
    repo: String,
    tag: String,
    tagged: Option<ImageRef>,
}

fn image_labels(img: &LocalImage) -> Vec<(String, String)> {
    labels_of(&img.config.labels)
}

/// `docker images [OPTIONS] [REPOSITORY[:TAG]]` (`docker image ls`).
#[derive(Clone, Debug, PartialEq)]
pub struct Images<'a> {
    /// REPOSITORY[:TAG] to match, if given.
    pub reference: Option<&'a str>,
    /// Whether it was typed as `docker images` (the subcommand-slip hint is its own).
    pub top_level: bool,
    /// `-f, --filter` as `(name, value)`.
    pub filters: Vec<(String, String)>,
    /// `--format`.
    pub format: &'a str,
    /// `-q, --quiet`.
    pub quiet: bool,
    /// `--digests`.
    pub digests: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `--tree`, and the flags typed with it that it cannot combine with.
    pub tree: Option<Vec<&'static str>>,
}

impl<'a> Images<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Images<'a> {
        let f = &inv.flags;
        let typed =
            [("quiet", "--quiet"), ("no-trunc", "--no-trunc"), ("digests", "--show-digest"), ("format", "--format")]
                .into_iter()
                .filter(|(flag, _)| f.is_set(flag))
                .map(|(_, what)| what)
                .collect();
        Images {
            reference: inv.args.first().map(String::as_str),
            top_level: inv.called_as == "docker images",
            filters: filter_pairs(f.list("filter")),
            format: f.string("format").unwrap_or(""),
            quiet: f.bool("quiet"),
            digests: f.bool("digests"),
            no_trunc: f.bool("no-trunc"),
            tree: f.bool("tree").then_some(typed),
        }
    }

    /// Lists the images.
    pub fn run(self, engine: &mut Engine) -> Output {
        ls(engine, &self)
    }
}

fn ls(engine: &Engine, args: &Images) -> Output {
    let mut out = Output::new();
    let mut pairs = args.filters.clone();
    let match_name = args.reference;
    if let Some(m) = &match_name {
        pairs.push(("reference".to_string(), m.to_string()));
    }
    if let Some(what) = args.tree.as_ref().and_then(|t| t.first()) {
        out.fail(&format!("{what} is not yet supported with --tree"), 1);
        return out;
    }
    let rows = match list(engine, &pairs) {
        Ok(r) => r,
        Err(e) => {
            out.err(from_daemon(&e));
            out.code = 1;
            return out;
        }
    };
    let quiet = args.quiet;
    let digests = args.digests;
    let format_flag = args.format;
    let format = match format_flag {
        "" | "table" if quiet => "{{.ID}}".to_string(),
        "" | "table" if digests => DEFAULT_FORMAT_DIGESTS.to_string(),
        "" | "table" => DEFAULT_FORMAT.to_string(),
        "raw" if quiet => "image_id: {{.ID}}".to_string(),
        "raw" => {
            let digest = if digests { "digest: {{.Digest}}\n" } else { "" };
            format!("repository: {{{{ .Repository }}}}\ntag: {{{{.Tag}}}}\n{digest}image_id: {{{{.ID}}}}\ncreated_at: {{{{.CreatedAt}}}}\nvirtual_size: {{{{.Size}}}}\n")
        }
        other if other.starts_with("table") && digests && !other.contains("{{.Digest}}") => {
            format!("{other}\\t{{{{.Digest}}}}")
        }
        other => other.to_string(),
    };
    let need_digest = digests || format.contains("{{.Digest}}");
    let trunc = !args.no_trunc;
    let now = engine.now();
    let values: Vec<Value> = rows
        .iter()
        .map(|r| {
            let id = if trunc { r.image.short_id().to_string() } else { r.image.id.clone() };
            let digest = match &r.tagged {
                Some(_) if need_digest => r.image.id.clone(),
                _ => "<none>".to_string(),
            };
            StructBuilder::context("*formatter.imageContext")
                .f("ID", Value::str(id))
                .f("Repository", Value::str(r.repo.clone()))
                .f("Tag", Value::str(r.tag.clone()))
                .f("Digest", Value::str(digest))
                .f("CreatedSince", Value::str(units::ago(now.saturating_sub(r.image.created))))
                .f("CreatedAt", Value::str(crate::go::time::time_string(r.image.created, 0)))
                .f("Size", Value::str(units::size(r.image.size)))
                .f("Containers", Value::str("N/A"))
                .f("VirtualSize", Value::str(units::size_with_precision(r.image.size as f64, 4)))
                .f("SharedSize", Value::str("N/A"))
                .f("UniqueSize", Value::str("N/A"))
                .build()
        })
        .collect();
    print_list(&mut out, &format, &values, &HEADERS);
    if out.code != 0 {
        return out;
    }
    no_match_hint(&mut out, args.top_level, match_name, rows.is_empty());
    out
}

/// `docker images ls` and friends: nothing matched a name that is really a subcommand.
fn no_match_hint(out: &mut Output, top_level: bool, match_name: Option<&str>, empty: bool) {
    if let Some(m) = match_name {
        if empty && top_level && IMAGE_SUBCOMMANDS.contains(&m) {
            out.err("");
            out.err(format!("No images found matching \"{m}\": did you mean \"docker image {m}\"?"));
        }
    }
}

/// The rows `docker images` shows after the daemon's filters, newest image first.
fn list<'a>(engine: &'a Engine, pairs: &[(String, String)]) -> Result<Vec<Row<'a>>, String> {
    if let Some(e) = invalid_filter(pairs, &ACCEPTED) {
        return Err(e);
    }
    let vals = |name: &str| -> Vec<&str> { pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect() };
    let mut before = Vec::new();
    for v in vals("before") {
        before.push(engine.image_resolve(v).map_err(|e| e.to_string())?.created);
    }
    let mut since = Vec::new();
    for v in vals("since") {
        since.push(engine.image_resolve(v).map_err(|e| e.to_string())?.created);
    }
    let dangling = match vals("dangling").as_slice() {
        [] => None,
        vs => {
            let t = vs.iter().any(|v| v.eq_ignore_ascii_case("true") || *v == "1");
            let f = vs.iter().any(|v| v.eq_ignore_ascii_case("false") || *v == "0");
            if t == f {
                return Err(format!("invalid filter 'dangling=[{}]'", vs.join(" ")));
            }
            Some(t)
        }
    };
    let refs = vals("reference");
    let mut rows: Vec<Row> = Vec::new();
    for (r, img) in engine.tagged_images() {
        rows.push(Row { image: img, repo: r.familiar_repo(), tag: r.tag.clone().unwrap_or_default(), tagged: Some(r) });
    }
    for img in engine.images() {
        if engine.tags_of(&img.id).is_empty() {
            rows.push(Row { image: img, repo: "<none>".to_string(), tag: "<none>".to_string(), tagged: None });
        }
    }
    rows.retain(|row| {
        let img = row.image;
        if before.iter().any(|b| img.created >= *b) || since.iter().any(|s| img.created <= *s) {
            return false;
        }
        if let Some(d) = dangling {
            if d != row.tagged.is_none() {
                return false;
            }
        }
        if !refs.is_empty() {
            let Some(r) = &row.tagged else { return false };
            let (full, name) = (r.familiar(), r.familiar_repo());
            if !refs.iter().any(|p| crate::go::path::is_match(p, &full) || crate::go::path::is_match(p, &name)) {
                return false;
            }
        }
        let labels = image_labels(img);
        for (k, v) in pairs.iter().filter(|(k, _)| k == "label" || k == "label!") {
            let negate = k == "label!";
            let (key, value) = match v.split_once('=') {
                Some((a, b)) => (a, Some(b)),
                None => (v.as_str(), None),
            };
            let hit = labels.iter().any(|(lk, lv)| lk == key && value.is_none_or(|x| x == lv));
            if hit == negate {
                return false;
            }
        }
        true
    });
    crate::sort::sort_by(&mut rows, |a, b| {
        b.image.created.cmp(&a.image.created).then(a.repo.cmp(&b.repo)).then(a.tag.cmp(&b.tag))
    });
    Ok(rows)
}
