//! `docker network ls` (`docker network list`): sorted by name the natural way.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::facts::network_time_string;
use crate::engine::network::Network;
use crate::engine::Engine;
use crate::go::sortorder;
use crate::output::template::{print_list, StructBuilder, Value};
use crate::output::Output;

/// The columns `docker network ls` knows, for `--format` headers.
const HEADERS: &[(&str, &str)] = &[
    ("ID", "NETWORK ID"),
    ("Name", "NAME"),
    ("Driver", "DRIVER"),
    ("Scope", "SCOPE"),
    ("IPv4", "IPV4"),
    ("IPv6", "IPV6"),
    ("Internal", "INTERNAL"),
    ("Labels", "LABELS"),
    ("CreatedAt", "CREATED AT"),
];

/// `docker network ls [OPTIONS]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ls<'a> {
    /// `-f, --filter`, as typed.
    pub filters: &'a [String],
    /// `--format`.
    pub format: &'a str,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `-q, --quiet`.
    pub quiet: bool,
}

impl<'a> Ls<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Ls<'a> {
        let f = &inv.flags;
        Ls {
            filters: f.list("filter"),
            format: f.string("format").unwrap_or(""),
            no_trunc: f.bool("no-trunc"),
            quiet: f.bool("quiet"),
        }
    }

    /// Lists the networks.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let mut list: Vec<&Network> = match engine.network_list(self.filters) {
            Ok(l) => l,
            Err(e) => {
                daemon_error(&mut out, &e);
                return out;
            }
        };
        crate::sort::sort_by(&mut list, |a, b| sortorder::cmp(&a.name, &b.name));
        let format = match self.format {
            "" | "table" if self.quiet => "{{.ID}}".to_string(),
            "" | "table" => "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}".to_string(),
            other => other.to_string(),
        };
        let rows: Vec<Value> = list.iter().map(|n| list_row(n, !self.no_trunc)).collect();
        print_list(&mut out, &format, &rows, HEADERS);
        out
    }
}

/// One row of `docker network ls` as docker's `networkContext`.
fn list_row(n: &Network, trunc: bool) -> Value {
    let labels: Vec<(String, String)> = n.labels.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    StructBuilder::context("*network.networkContext")
        .f("ID", Value::str(if trunc { n.id.get(..12).unwrap_or(&n.id) } else { &n.id }))
        .f("Name", Value::str(&n.name))
        .f("Driver", Value::str(&n.driver))
        .f("Scope", Value::str(n.scope()))
        .f("IPv4", Value::str("true"))
        .f("IPv6", Value::str("false"))
        .f("Internal", Value::str(n.internal.to_string()))
        .f("Labels", Value::str(labels.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")))
        .f("Label", Value::Labels(labels))
        .f("CreatedAt", Value::str(network_time_string(n.created, &n.id)))
        .build()
}
