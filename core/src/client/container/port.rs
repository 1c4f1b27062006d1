//! `docker port` (`docker container port`): the host addresses a running container's ports
//! are published on.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::engine::Engine;
use crate::go::{sortorder, strconv};
use crate::output::Output;

fn join_host_port(ip: &str, port: u16) -> String {
    if ip.contains(':') {
        format!("[{ip}]:{port}")
    } else {
        format!("{ip}:{port}")
    }
}

/// `docker port CONTAINER [PRIVATE_PORT[/PROTO]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Port<'a> {
    /// The container, as typed.
    pub container: &'a str,
    /// The one private port asked about, if any.
    pub private: Option<&'a str>,
}

impl<'a> Port<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Port<'a> {
        Port {
            container: inv.args.first().map(String::as_str).unwrap_or(""),
            private: inv.args.get(1).map(String::as_str),
        }
    }

    /// Prints the mappings, in natural order.
    pub fn run(self, engine: &mut Engine) -> Output {
        port(engine, &self)
    }
}

fn port(engine: &Engine, args: &Port) -> Output {
    let mut out = Output::new();
    let name = &args.container;
    let c = match engine.container_resolve(name) {
        Ok(c) => c,
        Err(e) => {
            daemon_error(&mut out, &e);
            return out;
        }
    };
    let running = c.is_running();
    let mut lines: Vec<String> = Vec::new();
    if let Some(p) = &args.private {
        let (num, proto) = p.split_once('/').unwrap_or((p, "tcp"));
        let proto = if proto.is_empty() { "tcp" } else { proto };
        // nat.ParsePort: strconv.ParseUint(num, 10, 16).
        if let Err(e) = strconv::parse_uint_base10(num, 16) {
            out.err(format!("Error: invalid port ({num}): {}", e.text("ParseUint", num)));
            out.code = 1;
            return out;
        }
        let port: u16 = num.parse().unwrap_or(0);
        for b in c.bindings.iter().filter(|b| running && b.container_port == port && b.proto == proto) {
            lines.push(join_host_port(&b.host_ip, b.host_port));
        }
        if lines.is_empty() {
            out.err(format!("Error: No public port '{p}' published for {name}"));
            out.code = 1;
            return out;
        }
    } else if running {
        for b in &c.bindings {
            lines.push(format!("{}/{} -> {}", b.container_port, b.proto, join_host_port(&b.host_ip, b.host_port)));
        }
    }
    crate::sort::sort_by(&mut lines, |a, b| sortorder::cmp(a, b));
    for l in lines {
        out.out(l);
    }
    out
}
