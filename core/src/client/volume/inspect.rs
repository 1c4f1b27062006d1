//! `docker volume inspect`: the API's `volume.Volume`, field order and `null`s as dockerd
//! sends them.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::client::inspect;
use crate::engine::volume::Volume;
use crate::engine::Engine;
use crate::go::time::rfc3339;
use crate::map::Map;
use crate::output::template::{StructBuilder, Value};
use crate::output::Output;

/// `docker volume inspect [OPTIONS] VOLUME [VOLUME...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspect<'a> {
    /// The volumes, as typed.
    pub volumes: &'a [String],
    /// `-f, --format`.
    pub format: &'a str,
}

impl<'a> Inspect<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Inspect<'a> {
        Inspect { volumes: &inv.args, format: inv.flags.string("format").unwrap_or("") }
    }

    /// Prints each volume's document. The API sends volumes typed, so a template that fails
    /// on one is not retried on its JSON.
    pub fn run(self, engine: &mut Engine) -> Output {
        let engine = &*engine;
        inspect::print(self.volumes, self.format, false, &mut |name, _| {
            let name = name.trim();
            if name.is_empty() {
                return Err("invalid volume name or ID: value is empty".to_string());
            }
            engine.volume_inspect(name).map(document).map_err(|e| from_daemon(&e))
        })
    }
}

/// A volume as the API's `volume.Volume`.
pub fn document(v: &Volume) -> Value {
    let map = |m: &Option<Map<String, String>>| match m {
        Some(m) => Value::string_map(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
        None => Value::NilMap,
    };
    StructBuilder::new("volume.Volume")
        .o("ClusterVolume", Value::Nil)
        .o("CreatedAt", Value::str(rfc3339(v.created)))
        .f("Driver", Value::str(&v.driver))
        .f("Labels", map(&v.labels))
        .f("Mountpoint", Value::str(v.mountpoint()))
        .f("Name", Value::str(&v.name))
        .f("Options", map(&v.options))
        .f("Scope", Value::str("local"))
        .o("Status", Value::NilMap)
        .o("UsageData", Value::Nil)
        .build()
}
