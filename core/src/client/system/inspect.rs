//! `docker inspect`: any object by name or ID — a container, else an image, else a
//! network, else a volume — or only those of `--type`. Swarm objects and plugins are the
//! daemon's to refuse: it is not a swarm manager.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::{container, image, inspect, network, volume};
use crate::engine::Engine;
use crate::output::Output;

/// Every object type `docker inspect --type` knows, in docker's order.
const ALL_TYPES: [&str; 10] =
    ["config", "container", "image", "network", "node", "plugin", "secret", "service", "task", "volume"];

/// `docker inspect [OPTIONS] NAME|ID [NAME|ID...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspect<'a> {
    /// The objects, as typed.
    pub objects: &'a [String],
    /// `-f, --format`.
    pub format: &'a str,
    /// `-s, --size`.
    pub size: bool,
    /// `--type`, and whether it was typed at all (`--type ''` is an error).
    pub kind: Option<&'a str>,
}

impl<'a> Inspect<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Inspect<'a> {
        let f = &inv.flags;
        let kind = f.is_set("type").then(|| f.string("type").unwrap_or(""));
        Inspect { objects: &inv.args, format: f.string("format").unwrap_or(""), size: f.bool("size"), kind }
    }

    /// Prints each object's document.
    pub fn run(self, engine: &mut Engine) -> Output {
        inspect_any(engine, &self)
    }
}

fn inspect_any(engine: &Engine, args: &Inspect) -> Output {
    let kind = args.kind.unwrap_or("");
    let quoted = ALL_TYPES.join("\", \"");
    if args.kind.is_some() && kind.is_empty() {
        let mut out = Output::with_code(1);
        out.err(format!("type is empty: must be one of \"{quoted}\""));
        return out;
    }
    if !kind.is_empty() && !ALL_TYPES.contains(&kind) {
        let mut out = Output::with_code(1);
        out.err(format!("unknown type: {}: must be one of \"{quoted}\"", crate::go::strconv::quote(kind)));
        return out;
    }
    let size = args.size;
    inspect::print(args.objects, args.format, true, &mut |r, out| {
        let wanted = |t: &str| kind.is_empty() || kind == t;
        // Each type in turn; "not found" moves on to the next unless a type was given.
        if wanted("container") {
            match engine.container_resolve(r) {
                Ok(c) => return Ok(container::inspect::document(engine, c, size)),
                Err(e) if !kind.is_empty() => return Err(from_daemon(&e)),
                Err(_) => {}
            }
        }
        if wanted("image") {
            match engine.image_resolve(r) {
                Ok(img) => {
                    if size {
                        out.err("WARNING: --size ignored for image");
                    }
                    return Ok(image::inspect::document(engine, img));
                }
                Err(e) if !kind.is_empty() => return Err(from_daemon(&e)),
                Err(_) => {}
            }
        }
        if wanted("network") {
            match engine.network_resolve(r) {
                Ok(n) => {
                    if size {
                        out.err("WARNING: --size ignored for network");
                    }
                    return Ok(network::inspect::document(engine, n));
                }
                Err(e) if !kind.is_empty() => return Err(from_daemon(&e)),
                Err(_) => {}
            }
        }
        if wanted("volume") {
            match engine.volume_inspect(r) {
                Ok(v) => {
                    if size {
                        out.err("WARNING: --size ignored for volume");
                    }
                    return Ok(volume::inspect::document(v));
                }
                Err(e) if !kind.is_empty() => return Err(from_daemon(&e)),
                Err(_) => {}
            }
        }
        if !kind.is_empty() {
            // Swarm objects and plugins: this daemon is not a swarm manager.
            return Err(match kind {
                "plugin" => format!("Error response from daemon: plugin {} not found", crate::go::strconv::quote(r)),
                _ => "Error response from daemon: This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.".to_string(),
            });
        }
        Err(format!("Error: No such object: {r}"))
    })
}
