//! `docker search`: images on Docker Hub — here, the practice registry's index (see
//! [`found`]) — by name or description, exact matches first, then by stars.

use crate::client::cli::Invocation;
use crate::client::filters::{filter_pairs, invalid_filter};
use crate::client::from_daemon;
use crate::client::DAEMON_DOWN;
use crate::engine::Engine;
use crate::go::strconv::NumError;
use crate::output::template::{prepare_format, print_list, StructBuilder, Value};
use crate::output::{table, Output};

/// `docker search [OPTIONS] TERM`.
#[derive(Clone, Debug, PartialEq)]
pub struct Search<'a> {
    /// TERM.
    pub term: &'a str,
    /// `-f, --filter` as `(name, value)`.
    pub filters: Vec<(String, String)>,
    /// `--format`.
    pub format: &'a str,
    /// `--limit` (0: the default 25).
    pub limit: i64,
    /// `--no-trunc`.
    pub no_trunc: bool,
}

impl<'a> Search<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Search<'a> {
        let f = &inv.flags;
        Search {
            term: inv.args.first().map(String::as_str).unwrap_or(""),
            filters: filter_pairs(f.list("filter")),
            format: f.string("format").unwrap_or(""),
            limit: f.int("limit").unwrap_or(0),
            no_trunc: f.bool("no-trunc"),
        }
    }

    /// Searches the practice registry, which stands in for Docker Hub.
    pub fn run(self, engine: &mut Engine) -> Output {
        search(engine, &self)
    }
}

/// A repository a search finds: one row of docker's table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// NAME (`redis`, `myschool/hello-web`).
    pub name: String,
    /// DESCRIPTION, untruncated.
    pub description: String,
    /// STARS.
    pub stars: u32,
    /// OFFICIAL: Docker Hub's `library/` images.
    pub official: bool,
}

/// Every repository whose name or description contains `needle` (lower case), from each
/// source Docker Hub stands for here: the practice registry's index (its Docker Hub
/// repositories, instructors' included; not those of other registries such as
/// `docker.elastic.co/...`), then the repositories learners pushed to the practice hub;
/// ranking, limit and filters apply to them all alike.
pub fn found(engine: &Engine, needle: &str) -> Vec<Hit> {
    let matches = |name: &str, description: &str| {
        name.to_lowercase().contains(needle) || description.to_lowercase().contains(needle)
    };
    engine
        .catalogue()
        .index()
        .iter()
        .filter(|r| !crate::engine::reference::has_registry_host(&r.name))
        .filter(|r| matches(&r.name, &r.description))
        .map(|r| Hit {
            name: r.name.clone(),
            description: r.description.clone(),
            stars: r.stars,
            official: !r.name.contains('/'),
        })
        // The learners' own repositories on the practice hub are found too (no stars yet).
        .chain(engine.hub_search(needle).into_iter().map(|h| Hit {
            official: !h.name.contains('/'),
            name: h.name,
            description: h.description,
            stars: h.stars,
        }))
        .collect()
}

fn search(engine: &Engine, args: &Search) -> Output {
    let mut out = Output::new();
    if !engine.daemon_running() {
        out.fail(DAEMON_DOWN, 1);
        return out;
    }
    let term = args.term;
    let pairs = &args.filters;
    if pairs.iter().any(|(k, _)| k == "is-automated") {
        out.err("WARNING: the \"is-automated\" filter is deprecated, and searching for \"is-automated=true\" will not yield any results in future.");
    }
    if term.contains("://") {
        out.fail(&format!("Error response from daemon: invalid repository name: repository name ({term}) should not have a scheme"), 1);
        return out;
    }
    if let Some(e) = invalid_filter(pairs, &["is-automated", "is-official", "stars"]) {
        out.fail(&from_daemon(&e), 1);
        return out;
    }
    let bool_filter = |name: &str| -> Result<Option<bool>, String> {
        let vs: Vec<&str> = pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect();
        if vs.is_empty() {
            return Ok(None);
        }
        let t = vs.iter().any(|v| *v == "1" || v.eq_ignore_ascii_case("true"));
        let fl = vs.iter().any(|v| *v == "0" || v.eq_ignore_ascii_case("false"));
        if t == fl {
            return Err(format!("Error response from daemon: invalid filter '{name}=[{}]'", vs.join(" ")));
        }
        Ok(Some(t))
    };
    let automated = match bool_filter("is-automated") {
        Ok(v) => v,
        Err(e) => {
            out.fail(&e, 1);
            return out;
        }
    };
    let official = match bool_filter("is-official") {
        Ok(v) => v,
        Err(e) => {
            out.fail(&e, 1);
            return out;
        }
    };
    let mut min_stars: u32 = 0;
    for (_, v) in pairs.iter().filter(|(k, _)| k == "stars") {
        match v.parse::<i64>() {
            Ok(n) => min_stars = min_stars.max(n.clamp(0, u32::MAX as i64) as u32),
            Err(_) => {
                out.fail(
                    &format!(
                        "Error response from daemon: invalid filter 'stars={v}': {}",
                        NumError::Syntax.text("Atoi", v)
                    ),
                    1,
                );
                return out;
            }
        }
    }
    let limit = match args.limit {
        n if n <= 0 => 25,
        n => n,
    };
    if limit > 100 {
        out.fail(&format!("Error response from daemon: limit {limit} is outside the range of [1, 100]"), 1);
        return out;
    }
    // Docker Hub ranks an exact match first, then by popularity.
    let needle = term.trim_start_matches("docker.io/").trim_start_matches("library/").to_lowercase();
    let mut hits = found(engine, &needle);
    crate::sort::sort_by(&mut hits, |a, b| {
        (b.name == needle).cmp(&(a.name == needle)).then(b.stars.cmp(&a.stars)).then(a.name.cmp(&b.name))
    });
    hits.truncate(limit as usize);
    if automated == Some(true) {
        hits.clear();
    }
    let trunc = !args.no_trunc;
    let format = args.format;
    let json = prepare_format(format).1.contains("json");
    let rows: Vec<Value> = hits
        .into_iter()
        .filter(|h| official.is_none_or(|o| o == h.official))
        .filter(|h| h.stars >= min_stars)
        .map(|h| {
            let desc = h.description.replace(['\n', '\r'], " ");
            StructBuilder::context("*registry.searchContext")
                .f("Name", Value::str(h.name))
                .f("Description", Value::str(if trunc { table::ellipsis(&desc, 45) } else { desc }))
                .f("StarCount", Value::str(h.stars.to_string()))
                .f(
                    "IsOfficial",
                    Value::str(match (h.official, json) {
                        (true, true) => "true",
                        (true, false) => "[OK]",
                        (false, true) => "false",
                        (false, false) => "",
                    }),
                )
                .build()
        })
        .collect();
    let format = match format {
        "" | "table" => "table {{.Name}}\\t{{.Description}}\\t{{.StarCount}}\\t{{.IsOfficial}}",
        other => other,
    };
    let headers =
        [("Name", "NAME"), ("Description", "DESCRIPTION"), ("StarCount", "STARS"), ("IsOfficial", "OFFICIAL")];
    print_list(&mut out, format, &rows, &headers);
    out
}
