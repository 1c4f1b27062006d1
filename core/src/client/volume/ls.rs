//! `docker volume ls`: `DRIVER    VOLUME NAME`, sorted by name the natural way.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::engine::volume::Volume;
use crate::engine::Engine;
use crate::go::sortorder;
use crate::output::template::{print_list, StructBuilder, Value};
use crate::output::Output;

/// The columns `docker volume ls` knows, for `--format` headers.
const HEADERS: &[(&str, &str)] = &[
    ("Name", "VOLUME NAME"),
    ("Driver", "DRIVER"),
    ("Scope", "SCOPE"),
    ("Mountpoint", "MOUNTPOINT"),
    ("Labels", "LABELS"),
    ("Links", "LINKS"),
    ("Size", "SIZE"),
    ("Group", "GROUP"),
    ("Availability", "AVAILABILITY"),
    ("Status", "STATUS"),
    ("ID", "ID"),
];

/// `docker volume ls [OPTIONS]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Ls<'a> {
    /// `-f, --filter`, as typed.
    pub filters: &'a [String],
    /// `--format`.
    pub format: &'a str,
    /// `-q, --quiet`.
    pub quiet: bool,
}

impl<'a> Ls<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Ls<'a> {
        let f = &inv.flags;
        Ls { filters: f.list("filter"), format: f.string("format").unwrap_or(""), quiet: f.bool("quiet") }
    }

    /// Lists the volumes.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let mut list: Vec<&Volume> = match engine.volume_list(self.filters) {
            Ok(l) => l,
            Err(e) => {
                daemon_error(&mut out, &e);
                return out;
            }
        };
        crate::sort::sort_by(&mut list, |a, b| sortorder::cmp(&a.name, &b.name));
        let format = match self.format {
            "" | "table" if self.quiet => "{{.Name}}".to_string(),
            "" | "table" => "table {{.Driver}}\t{{.Name}}".to_string(),
            other => other.to_string(),
        };
        let rows: Vec<Value> = list.iter().map(|v| list_row(v)).collect();
        print_list(&mut out, &format, &rows, HEADERS);
        out
    }
}

/// One row of `docker volume ls` as docker's `volumeContext` (its methods, by name).
fn list_row(v: &Volume) -> Value {
    let labels: Vec<(String, String)> = v.labels.iter().flatten().map(|(k, l)| (k.clone(), l.clone())).collect();
    StructBuilder::context("*formatter.volumeContext")
        .f("Name", Value::str(&v.name))
        .f("Driver", Value::str(&v.driver))
        .f("Scope", Value::str("local"))
        .f("Mountpoint", Value::str(v.mountpoint()))
        .f("Labels", Value::str(labels.iter().map(|(k, l)| format!("{k}={l}")).collect::<Vec<_>>().join(",")))
        .f("Label", Value::Labels(labels))
        .f("Links", Value::str("N/A"))
        .f("Size", Value::str("N/A"))
        .f("Group", Value::str("N/A"))
        .f("Availability", Value::str("N/A"))
        .f("Status", Value::str("N/A"))
        .build()
}
