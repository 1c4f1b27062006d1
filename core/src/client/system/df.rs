//! `docker system df`: how much disk images, containers, volumes and the build cache use.

use crate::client::cli::Invocation;
use crate::client::facts::size_rw;
use crate::engine::Engine;
use crate::go::units;
use crate::output::template::{print_list, StructBuilder, Value};
use crate::output::{table, Output};

/// `docker system df [OPTIONS]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Df<'a> {
    /// `--format`.
    pub format: &'a str,
    /// `-v, --verbose`.
    pub verbose: bool,
}

impl<'a> Df<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Df<'a> {
        let f = &inv.flags;
        Df { format: f.string("format").unwrap_or(""), verbose: f.bool("verbose") }
    }

    /// Prints the summary table (or, with `-v`, one table per kind of object).
    pub fn run(self, engine: &mut Engine) -> Output {
        df(engine, &self)
    }
}

fn df(engine: &Engine, args: &Df) -> Output {
    let mut out = Output::new();
    let h4 = |n: u64| units::size_with_precision(n as f64, 4);
    let images: Vec<_> = engine.images().collect();
    let used_images: Vec<&String> = engine.containers().map(|c| &c.image_id).collect();
    // Layers shared between images count once in the total.
    let mut seen = crate::map::Set::new();
    let mut total: u64 = 0;
    for img in &images {
        let shared: u64 = img.layers.iter().filter(|l| !seen.insert(l.name.clone())).map(|l| l.size).sum();
        total += img.size.saturating_sub(shared);
    }
    let active_images = images.iter().filter(|i| used_images.contains(&&i.id)).count();
    let used: u64 = images.iter().filter(|i| used_images.contains(&&i.id)).map(|i| i.size).sum();
    let reclaim = |total: u64, reclaimable: u64| match (reclaimable * 100).checked_div(total) {
        Some(percent) => format!("{} ({percent}%)", h4(reclaimable)),
        None => h4(reclaimable),
    };
    let containers: Vec<_> = engine.containers().collect();
    let c_total: u64 = containers.iter().map(|c| size_rw(engine, c)).sum();
    let c_active = containers.iter().filter(|c| c.is_running()).count();
    let c_reclaim: u64 = containers.iter().filter(|c| !c.is_running()).map(|c| size_rw(engine, c)).sum();
    let volumes: Vec<_> = engine.volumes().collect();
    let v_total: u64 = volumes.iter().map(|v| v.size).sum();
    let v_active = volumes.iter().filter(|v| !engine.volume_refs(&v.name).is_empty()).count();
    let v_reclaim: u64 = volumes.iter().filter(|v| engine.volume_refs(&v.name).is_empty()).map(|v| v.size).sum();
    let cache = engine.build_cache();
    let cache_total: u64 = cache.iter().map(|r| r.size).sum();
    if args.verbose && args.format.is_empty() {
        return df_verbose(engine, h4(cache_total));
    }
    let row = |t: &str, n: usize, a: usize, size: String, r: String| {
        StructBuilder::context("*formatter.diskUsageContext")
            .f("Type", Value::str(t))
            .f("TotalCount", Value::str(n.to_string()))
            .f("Active", Value::str(a.to_string()))
            .f("Size", Value::str(size))
            .f("Reclaimable", Value::str(r))
            .build()
    };
    let rows = vec![
        row("Images", images.len(), active_images, h4(total), reclaim(total, total.saturating_sub(used.min(total)))),
        row("Containers", containers.len(), c_active, h4(c_total), reclaim(c_total, c_reclaim)),
        row("Local Volumes", volumes.len(), v_active, h4(v_total), reclaim(v_total, v_reclaim)),
        // The build cache's RECLAIMABLE has no percentage (docker's own formatter quirk).
        row("Build Cache", cache.len(), 0, h4(cache_total), h4(cache_total)),
    ];
    let format = match args.format {
        "" | "table" => "table {{.Type}}\\t{{.TotalCount}}\\t{{.Active}}\\t{{.Size}}\\t{{.Reclaimable}}".to_string(),
        "raw" => "type: {{.Type}}\ntotal: {{.TotalCount}}\nactive: {{.Active}}\nsize: {{.Size}}\nreclaimable: {{.Reclaimable}}\n".to_string(),
        other => other.to_string(),
    };
    let headers = [
        ("Type", "TYPE"),
        ("TotalCount", "TOTAL"),
        ("Active", "ACTIVE"),
        ("Size", "SIZE"),
        ("Reclaimable", "RECLAIMABLE"),
    ];
    print_list(&mut out, &format, &rows, &headers);
    out
}

/// `docker system df -v`: one table per kind of object.
fn df_verbose(engine: &Engine, zero: String) -> Output {
    let mut out = Output::new();
    let now = engine.now();
    out.out("Images space usage:");
    out.out("");
    let mut rows =
        vec![["REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE", "SHARED SIZE", "UNIQUE SIZE", "CONTAINERS"]
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()];
    let mut images: Vec<_> = engine.images().collect();
    crate::sort::sort_by(&mut images, |a, b| b.created.cmp(&a.created).then_with(|| a.id.cmp(&b.id)));
    for img in &images {
        let tag = engine.tags_of(&img.id).into_iter().next();
        let shared: u64 = img
            .layers
            .iter()
            .filter(|l| engine.images().filter(|o| o.id != img.id).any(|o| o.layers.iter().any(|ol| ol.name == l.name)))
            .map(|l| l.size)
            .sum();
        let users = engine.containers().filter(|c| c.image_id == img.id).count();
        rows.push(vec![
            tag.as_ref().map(|t| t.familiar_repo()).unwrap_or_else(|| "<none>".to_string()),
            tag.as_ref().and_then(|t| t.tag.clone()).unwrap_or_else(|| "<none>".to_string()),
            img.short_id().to_string(),
            units::ago(now.saturating_sub(img.created)),
            units::size(img.size),
            units::size_with_precision(shared as f64, 4),
            units::size_with_precision(img.size.saturating_sub(shared) as f64, 4),
            users.to_string(),
        ]);
    }
    table::render(&rows).into_iter().for_each(|l| out.out(l));
    out.out("");
    out.out("Containers space usage:");
    out.out("");
    let mut rows = vec![["CONTAINER ID", "IMAGE", "COMMAND", "LOCAL VOLUMES", "SIZE", "CREATED", "STATUS", "NAMES"]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()];
    let mut containers: Vec<_> = engine.containers().collect();
    crate::sort::sort_by(&mut containers, |a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
    for c in containers {
        let local = engine.container_mounts(&c.id).iter().filter(|m| m.driver == "local").count();
        rows.push(vec![
            c.short_id().to_string(),
            crate::client::container::ls::image_field(engine, c, true),
            crate::go::strconv::quote(&table::ellipsis(&c.command(), 20)),
            local.to_string(),
            units::size(size_rw(engine, c)),
            units::ago(now.saturating_sub(c.created)),
            crate::client::container::status(c, now),
            c.name.clone(),
        ]);
    }
    table::render(&rows).into_iter().for_each(|l| out.out(l));
    out.out("");
    out.out("Local Volumes space usage:");
    out.out("");
    let mut rows = vec![vec!["VOLUME NAME".to_string(), "LINKS".to_string(), "SIZE".to_string()]];
    for v in engine.volumes() {
        rows.push(vec![v.name.clone(), engine.volume_refs(&v.name).len().to_string(), units::size(v.size)]);
    }
    table::render(&rows).into_iter().for_each(|l| out.out(l));
    out.out("");
    out.out(format!("Build cache usage: {zero}"));
    out.out("");
    let mut rows = vec![["CACHE ID", "CACHE TYPE", "SIZE", "CREATED", "LAST USED", "USAGE", "SHARED"]
        .iter()
        .map(|s| s.to_string())
        .collect::<Vec<_>>()];
    for r in engine.build_cache() {
        rows.push(vec![
            r.id.get(..12).unwrap_or(&r.id).to_string(),
            r.kind.clone(),
            units::size(r.size),
            units::ago(now.saturating_sub(r.created)),
            units::ago(now.saturating_sub(r.last_used)),
            r.usage.to_string(),
            r.shared.to_string(),
        ]);
    }
    table::render(&rows).into_iter().for_each(|l| out.out(l));
    out
}
