//! `docker stats` (`docker container stats`): a live table of containers' resource use.
//! Figures a kernel would report are derived deterministically from each container and
//! its image, so a frame is the same on every replay.

use crate::client::cli::Invocation;
use crate::client::facts::stable;
use crate::client::{daemon_error, Hold, HoldKind, Outcome};
use crate::engine::container::Container;
use crate::engine::Engine;
use crate::go::units;
use crate::output::template::{print_list, StructBuilder, Value};
use crate::output::Output;
use crate::snapshot::ContainerStatus;
use serde::{Deserialize, Serialize};

/// Memory a container's processes use, in bytes: a stable figure per image, a little
/// different per container.
fn memory_usage(engine: &Engine, c: &Container) -> u64 {
    let repo = engine
        .images()
        .find(|i| i.id == c.image_id)
        .map(|i| i.repo_path.trim_start_matches("library/").to_string())
        .unwrap_or_default();
    let base: u64 = match repo.as_str() {
        "httpd" => 4_571_136,
        "nginx" => 9_437_184,
        "mysql" => 430_000_000,
        "mariadb" => 98_000_000,
        "postgres" => 38_000_000,
        "registry" => 11_000_000,
        "wordpress" | "nextcloud" => 25_000_000,
        "redmine" => 180_000_000,
        _ => 700_000,
    };
    base + stable(&format!("mem\0{}", c.id), base / 20 + 1)
}

/// `docker stats [OPTIONS] [CONTAINER...]`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// The containers, as typed (none: every running one).
    pub containers: Vec<String>,
    /// `-a, --all`.
    pub all: bool,
    /// `--format`.
    pub format: String,
    /// `--no-stream`: one table and done.
    pub no_stream: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
}

impl Stats {
    /// Reads the invocation.
    pub fn parse(inv: &Invocation) -> Stats {
        let f = &inv.flags;
        Stats {
            containers: inv.args.clone(),
            all: f.bool("all"),
            format: f.text("format"),
            no_stream: f.bool("no-stream"),
            no_trunc: f.bool("no-trunc"),
        }
    }

    /// Prints one sample of the table. Without `--no-stream` this is the first frame: the
    /// client then holds the terminal and [`frame`] redraws it until Ctrl+C, unless it
    /// failed or has nothing left to watch.
    pub fn run(self, engine: &mut Engine, tty: bool) -> Outcome {
        let out = table(engine, &self);
        let goes_on = out.code == 0
            && (self.containers.is_empty() || self.containers.iter().any(|a| engine.container_resolve(a).is_ok()));
        if self.no_stream || !tty || !goes_on {
            return Outcome::Done(out);
        }
        Outcome::Holds(out, Hold::watcher(String::new(), HoldKind::Stats(self), 0))
    }
}

/// One more frame of a streaming `docker stats`. The real client moves the cursor to the
/// top-left corner and rewrites the screen (`ESC[H`, each line ending in `ESC[K`, then
/// `ESC[J`); here a frame is the table's lines and the session marks the screen cleared,
/// so the view shows the frame in place of the previous one. `Some(status)` ends it.
pub fn frame(engine: &Engine, stats: &Stats, out: &mut Output) -> Option<i32> {
    let frame = table(engine, stats);
    let code = frame.code;
    out.lines.extend(frame.lines);
    (code != 0).then_some(code)
}

fn table(engine: &Engine, args: &Stats) -> Output {
    let mut out = Output::new();
    let all = args.all;
    let mut chosen: Vec<&Container> = Vec::new();
    let mut errors = Vec::new();
    if args.containers.is_empty() {
        let mut list: Vec<&Container> = engine.containers().filter(|c| all || c.is_running()).collect();
        crate::sort::sort_by(&mut list, |a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
        chosen = list;
    } else {
        for a in &args.containers {
            match engine.container_resolve(a) {
                Ok(c) => chosen.push(c),
                Err(e) => errors.push(e),
            }
        }
    }
    if !errors.is_empty() {
        for e in &errors {
            daemon_error(&mut out, e);
        }
        return out;
    }
    let trunc = !args.no_trunc;
    let mem_limit = crate::client::system::MEM_TOTAL as f64;
    let rows: Vec<Value> = chosen
        .iter()
        .map(|c| {
            let live = c.status == ContainerStatus::Running || c.status == ContainerStatus::Paused;
            let mem = if live { memory_usage(engine, c) as f64 } else { 0.0 };
            let limit = if live { mem_limit } else { 0.0 };
            let cpu = if live && c.status == ContainerStatus::Running {
                stable(&format!("cpu\0{}", c.id), 5) as f64 / 100.0
            } else {
                0.0
            };
            let rx = if live { 796 + stable(&format!("rx\0{}", c.id), 400) } else { 0 };
            let block_read = if live { stable(&format!("blk\0{}", c.id), 3) * 1_000_000 } else { 0 };
            let pids = if live { super_processes_count(engine, c) } else { 0 };
            let name = c.name.clone();
            StructBuilder::context("*container.statsContext")
                .f(
                    "Container",
                    Value::str(
                        args.containers
                            .iter()
                            .find(|a| engine.container_resolve(a).is_ok_and(|x| x.id == c.id))
                            .cloned()
                            .unwrap_or_else(|| if trunc { c.short_id().to_string() } else { c.id.clone() }),
                    ),
                )
                .f("Name", Value::str(name))
                .f("ID", Value::str(if trunc { c.short_id().to_string() } else { c.id.clone() }))
                .f("CPUPerc", Value::str(format!("{cpu:.2}%")))
                .f("MemUsage", Value::str(format!("{} / {}", units::bytes_size(mem), units::bytes_size(limit))))
                .f("MemPerc", Value::str(format!("{:.2}%", if limit > 0.0 { mem * 100.0 / limit } else { 0.0 })))
                .f("NetIO", Value::str(format!("{} / {}", units::size(rx), units::size(0))))
                .f("BlockIO", Value::str(format!("{} / {}", units::size(block_read), units::size(0))))
                .f("PIDs", Value::str(pids.to_string()))
                .build()
        })
        .collect();
    let format = match args.format.as_str() {
        "" | "table" => "table {{.ID}}\\t{{.Name}}\\t{{.CPUPerc}}\\t{{.MemUsage}}\\t{{.MemPerc}}\\t{{.NetIO}}\\t{{.BlockIO}}\\t{{.PIDs}}".to_string(),
        other => other.to_string(),
    };
    let headers = [
        ("Container", "CONTAINER"),
        ("ID", "CONTAINER ID"),
        ("Name", "NAME"),
        ("CPUPerc", "CPU %"),
        ("MemUsage", "MEM USAGE / LIMIT"),
        ("MemPerc", "MEM %"),
        ("NetIO", "NET I/O"),
        ("BlockIO", "BLOCK I/O"),
        ("PIDs", "PIDS"),
    ];
    print_list(&mut out, &format, &rows, &headers);
    out
}

/// The PIDS column: threads count too (each Apache child runs 25 worker threads).
fn super_processes_count(engine: &Engine, c: &Container) -> usize {
    let repo = engine
        .images()
        .find(|i| i.id == c.image_id)
        .map(|i| i.repo_path.trim_start_matches("library/").to_string())
        .unwrap_or_default();
    let own = c
        .config
        .cmd
        .first()
        .is_some_and(|f| !matches!(f.as_str(), "httpd-foreground" | "nginx" | "mysqld" | "postgres" | "mariadbd"));
    if own {
        return 1;
    }
    match repo.as_str() {
        "httpd" => 109,
        "nginx" => 1 + crate::host::CPUS as usize,
        "mysql" => 37,
        "mariadb" => 8,
        "postgres" => 6,
        "registry" => 8,
        "wordpress" | "nextcloud" => 6,
        "redmine" => 12,
        _ => 1,
    }
}
