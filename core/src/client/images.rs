//! `docker images` / `docker image ls`: the containerd image store's list and filters,
//! and the client's `formatter.ImageContext`.
//!
//! One row per repository:tag (an image with two tags shows twice, in `-q` too), newest
//! image first; untagged images show as `<none>`. Filters (`dangling`, `reference`,
//! `before`, `since`, `label`, `until`) follow moby's `daemon/containerd/image_list.go`.
//! The `docker images ls` slip gets the CLI's hint. Nothing here mutates engine state.

use super::ps::{filter_pairs, invalid_filter};
use super::spec::Invocation;
use crate::engine::reference::ImageRef;
use crate::engine::{Engine, LocalImage};
use crate::output::template::{print_list, StructBuilder, Value};
use crate::output::{humanize, Output};

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

/// Go's `path.Match` (`*`, `?`, `[...]`; `*` does not cross `/`), which
/// `reference.FamiliarMatch` uses for `reference=` filters.
pub(crate) fn path_match(pattern: &str, name: &str) -> bool {
    fn go(p: &[char], n: &[char], depth: usize) -> bool {
        if depth > 64 {
            return false;
        }
        match p.first() {
            None => n.is_empty(),
            Some('*') => {
                (0..=n.len()).take_while(|&i| i == 0 || n[i - 1] != '/').any(|i| go(&p[1..], &n[i..], depth + 1))
            }
            Some('?') => !n.is_empty() && n[0] != '/' && go(&p[1..], &n[1..], depth + 1),
            Some('[') => {
                let Some(end) = p.iter().position(|c| *c == ']') else { return false };
                let Some(&c) = n.first() else { return false };
                let class = &p[1..end];
                let (negate, class) = match class.first() {
                    Some('^') => (true, &class[1..]),
                    _ => (false, class),
                };
                let mut hit = false;
                let mut i = 0;
                while i < class.len() {
                    if i + 2 < class.len() && class[i + 1] == '-' {
                        hit |= class[i] <= c && c <= class[i + 2];
                        i += 3;
                    } else {
                        hit |= class[i] == c;
                        i += 1;
                    }
                }
                hit != negate && go(&p[end + 1..], &n[1..], depth + 1)
            }
            Some('\\') if p.len() > 1 => n.first() == Some(&p[1]) && go(&p[2..], &n[1..], depth + 1),
            Some(c) => n.first() == Some(c) && go(&p[1..], &n[1..], depth + 1),
        }
    }
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    go(&p, &n, 0)
}

/// One listed row: a tag of an image, or an untagged image.
struct Row<'a> {
    image: &'a LocalImage,
    repo: String,
    tag: String,
    tagged: Option<ImageRef>,
}

fn image_labels(img: &LocalImage) -> Vec<(String, String)> {
    img.config
        .labels
        .iter()
        .map(|l| match l.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (l.clone(), String::new()),
        })
        .collect()
}

/// `docker images`.
pub fn ls(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    let mut pairs = filter_pairs(f.list("filter"));
    let match_name = inv.args.first().cloned();
    if let Some(m) = &match_name {
        pairs.push(("reference".to_string(), m.clone()));
    }
    if f.bool("tree") {
        for (flag, what) in
            [("quiet", "--quiet"), ("no-trunc", "--no-trunc"), ("digests", "--show-digest"), ("format", "--format")]
        {
            if f.is_set(flag) {
                out.err(format!("{what} is not yet supported with --tree"));
                out.code = 1;
                return out;
            }
        }
    }
    let rows = match list(engine, &pairs) {
        Ok(r) => r,
        Err(e) => {
            out.err(format!("Error response from daemon: {e}"));
            out.code = 1;
            return out;
        }
    };
    let quiet = f.bool("quiet");
    let digests = f.bool("digests");
    let format_flag = f.string("format").unwrap_or("");
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
    let trunc = !f.bool("no-trunc");
    let now = engine.now();
    // The everyday forms (`docker images`, `-q`, `--digests`) skip the template engine,
    // as `docker ps` does: the same columns, built directly.
    if matches!(format_flag, "" | "table") {
        let mut table_rows: Vec<Vec<String>> = Vec::with_capacity(rows.len() + 1);
        if !quiet {
            let mut head = vec!["REPOSITORY".to_string(), "TAG".to_string()];
            if digests {
                head.push("DIGEST".to_string());
            }
            head.extend(["IMAGE ID", "CREATED", "SIZE"].map(String::from));
            table_rows.push(head);
        }
        for r in &rows {
            let id = if trunc { r.image.short_id().to_string() } else { r.image.id.clone() };
            if quiet {
                out.out(id);
                continue;
            }
            let mut row = vec![r.repo.clone(), r.tag.clone()];
            if digests {
                row.push(if r.tagged.is_some() { r.image.id.clone() } else { "<none>".to_string() });
            }
            let since = humanize::ago(now.saturating_sub(r.image.created));
            row.extend([id, if since.is_empty() { "N/A".to_string() } else { since }, humanize::size(r.image.size)]);
            table_rows.push(row);
        }
        for l in crate::output::table::render(&table_rows) {
            out.out(l);
        }
        no_match_hint(&mut out, inv, match_name.as_deref(), rows.is_empty());
        return out;
    }
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
                .f("CreatedSince", Value::str(humanize::ago(now.saturating_sub(r.image.created))))
                .f("CreatedAt", Value::str(crate::env::go_time(r.image.created)))
                .f("Size", Value::str(humanize::size(r.image.size)))
                .f("Containers", Value::str("N/A"))
                .f("VirtualSize", Value::str(humanize::size_with_precision(r.image.size as f64, 4)))
                .f("SharedSize", Value::str("N/A"))
                .f("UniqueSize", Value::str("N/A"))
                .build()
        })
        .collect();
    print_list(&mut out, &format, &values, &HEADERS);
    if out.code != 0 {
        return out;
    }
    no_match_hint(&mut out, inv, match_name.as_deref(), rows.is_empty());
    out
}

/// `docker images ls` and friends: nothing matched a name that is really a subcommand.
fn no_match_hint(out: &mut Output, inv: &Invocation, match_name: Option<&str>, empty: bool) {
    if let Some(m) = match_name {
        if empty && inv.called_as == "docker images" && IMAGE_SUBCOMMANDS.contains(&m) {
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
            if !refs.iter().any(|p| path_match(p, &full) || path_match(p, &name)) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_patterns() {
        assert!(path_match("nginx", "nginx"));
        assert!(path_match("ng*", "nginx"));
        assert!(path_match("nginx:*", "nginx:1.27"));
        assert!(!path_match("ng*", "user/nginx"));
        assert!(path_match("*/app", "user/app"));
        assert!(path_match("httpd:2.?", "httpd:2.4"));
        assert!(path_match("[hn]*", "httpd"));
        assert!(!path_match("nginx", "nginx:latest"));
    }
}
