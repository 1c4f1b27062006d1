//! `docker network inspect`: the API's `network.Inspect`, fields in dockerd's order.

use crate::client::cli::Invocation;
use crate::client::facts::network_time;
use crate::client::from_daemon;
use crate::client::inspect;
use crate::engine::network::{ip_string, Network};
use crate::engine::Engine;
use crate::output::template::{StructBuilder, Value};
use crate::output::Output;

/// `docker network inspect [OPTIONS] NETWORK [NETWORK...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspect<'a> {
    /// The networks, as typed.
    pub networks: &'a [String],
    /// `-f, --format`.
    pub format: &'a str,
}

impl<'a> Inspect<'a> {
    /// Reads the invocation. (`-v, --verbose` adds swarm service details, which a
    /// non-swarm daemon has none of.)
    pub fn parse(inv: &'a Invocation) -> Inspect<'a> {
        Inspect { networks: &inv.args, format: inv.flags.string("format").unwrap_or("") }
    }

    /// Prints each network's document.
    pub fn run(self, engine: &mut Engine) -> Output {
        let engine = &*engine;
        inspect::print(self.networks, self.format, true, &mut |term, _| {
            let term = term.trim();
            if term.is_empty() {
                return Err("invalid network name or ID: value is empty".to_string());
            }
            engine.network_resolve(term).map(|n| document(engine, n)).map_err(|e| from_daemon(&e))
        })
    }
}

/// A network as the API's `network.Inspect`, fields in dockerd's order.
pub fn document(engine: &Engine, n: &Network) -> Value {
    let configs: Vec<Value> = n
        .pools
        .iter()
        .map(|p| {
            // A configured subnet shows only what was configured (no gateway unless given).
            let gateway =
                if p.subnet_configured && !p.gateway_configured { String::new() } else { ip_string(p.gateway) };
            StructBuilder::new("network.IPAMConfig")
                .o("Subnet", Value::str(p.subnet.to_string()))
                .o("IPRange", Value::str(p.ip_range.map(|r| r.to_string()).unwrap_or_default()))
                .o("Gateway", Value::str(gateway))
                .go_omit("AuxiliaryAddresses", "AuxAddress", Value::NilMap)
                .build()
        })
        .collect();
    let ipam = StructBuilder::new("network.IPAM")
        .f("Driver", Value::str(&n.ipam_driver))
        .f(
            "Options",
            match &n.ipam_options {
                Some(m) => Value::string_map(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
                None => Value::NilMap,
            },
        )
        .f("Config", if configs.is_empty() { Value::NilList } else { Value::List(configs) })
        .build();
    let prefix = |ip: u32| n.pools.iter().find(|p| p.subnet.contains(ip)).map(|p| p.subnet.prefix).unwrap_or(32);
    let containers = Value::map(
        engine.live_endpoints(n).into_iter().map(|(c, ep)| {
            let v = StructBuilder::new("network.EndpointResource")
                .f("Name", Value::str(&c.name))
                .f("EndpointID", Value::str(&ep.id))
                .f("MacAddress", Value::str(&ep.mac))
                .f(
                    "IPv4Address",
                    Value::str(ep.ip.map(|ip| format!("{}/{}", ip_string(ip), prefix(ip))).unwrap_or_default()),
                )
                .f("IPv6Address", Value::str(""))
                .build();
            (c.id.clone(), v)
        }),
        Value::Missing,
    );
    StructBuilder::new("network.Inspect")
        .f("Name", Value::str(&n.name))
        .g("Id", "ID", Value::str(&n.id))
        .f("Created", Value::str(network_time(n.created, &n.id)))
        .f("Scope", Value::str(n.scope()))
        .f("Driver", Value::str(&n.driver))
        .f("EnableIPv4", Value::Bool(true))
        .f("EnableIPv6", Value::Bool(false))
        .f("IPAM", ipam)
        .f("Internal", Value::Bool(n.internal))
        .f("Attachable", Value::Bool(n.attachable))
        .f("Ingress", Value::Bool(false))
        .f("ConfigFrom", StructBuilder::new("network.ConfigReference").f("Network", Value::str("")).build())
        .f("ConfigOnly", Value::Bool(false))
        .f("Containers", containers)
        .f("Options", Value::string_map(n.options.iter().map(|(k, v)| (k.clone(), v.clone()))))
        .f("Labels", Value::string_map(n.labels.iter().map(|(k, v)| (k.clone(), v.clone()))))
        .o("Peers", Value::NilList)
        .o("Services", Value::NilMap)
        .build()
}
