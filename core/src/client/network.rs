//! `docker network create|ls|inspect|connect|disconnect|rm|prune`: the client-side steps
//! of each (including the IPAM consolidation and checks the CLI makes before it calls the
//! daemon) and docker's output; plus the `--network`/`--network-alias` checks of
//! `docker run`/`create`. Nothing here changes engine state except through engine methods.

use super::spec::{Flags, Invocation};
use super::volume::{confirm, daemon_error, inspect_print, kv_map, natural_cmp};
use crate::engine::network::{
    ip_string, is_user_defined, parse_ipv4, parse_network_spec, IpamRequest, Ipv4Net, Network, NetworkCreateRequest,
};
use crate::engine::Engine;
use crate::env::SimTime;
use crate::output::template::print_list;
use crate::output::template::{StructBuilder, Value};
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

/// The question `docker network prune` asks without `-f`.
pub const PRUNE_WARNING: &str = "WARNING! This will remove all custom networks not used by at least one container.\nAre you sure you want to continue?";

/// `docker network create NETWORK`: prints the new network's full ID.
pub fn create(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    let Some(name) = inv.args.first() else { return out };
    let ipam = match ipam_config(f.list("subnet"), f.list("ip-range"), f.list("gateway"), f.list("aux-address")) {
        Ok(i) => i,
        Err(e) => {
            out.err(e);
            out.code = 1;
            return out;
        }
    };
    let req = NetworkCreateRequest {
        name: name.clone(),
        driver: f.string("driver").unwrap_or("bridge").to_string(),
        ipam,
        ipam_driver: f.string("ipam-driver").unwrap_or("default").to_string(),
        ipam_options: kv_map(f.list("ipam-opt")),
        options: kv_map(f.list("opt")),
        labels: kv_map(f.list("label")),
        internal: f.bool("internal"),
        attachable: f.bool("attachable"),
        ipv6: f.bool("ipv6"),
    };
    match engine.network_create(req) {
        Ok(id) => out.out(id),
        Err(e) => daemon_error(&mut out, &e),
    }
    out
}

/// Go's `net.ParseCIDR` (IPv4): the address and its prefix, host bits allowed.
fn parse_cidr(s: &str) -> Option<Ipv4Net> {
    let (a, bits) = s.split_once('/')?;
    if bits.is_empty() || bits.len() > 3 || !bits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let prefix: u8 = bits.parse().ok().filter(|p| *p <= 32)?;
    Some(Ipv4Net { addr: parse_ipv4(a)?, prefix })
}

/// The CLI's `subnetMatches`: does `subnet` contain `data` (an address or a CIDR)?
fn subnet_matches(subnet: &str, data: &str) -> Result<bool, String> {
    let s = parse_cidr(subnet).ok_or_else(|| format!("invalid subnet: invalid CIDR address: {subnet}"))?;
    let ip = if data.contains('/') {
        Some(parse_cidr(data).ok_or_else(|| format!("invalid CIDR address: {data}"))?.addr)
    } else {
        parse_ipv4(data)
    };
    Ok(ip.is_some_and(|ip| s.contains(ip)))
}

/// The CLI's `createIPAMConfig`: pairs each `--ip-range`/`--gateway` with the `--subnet`
/// that contains it, refusing what it can't place (plain error text, status 1).
pub fn ipam_config(
    subnets: &[String],
    ranges: &[String],
    gateways: &[String],
    aux: &[String],
) -> Result<Vec<IpamRequest>, String> {
    if subnets.len() < ranges.len() || subnets.len() < gateways.len() {
        return Err("every ip-range or gateway must have a corresponding subnet".to_string());
    }
    let mut data: Vec<IpamRequest> = Vec::new();
    for s in subnets {
        for k in &data {
            if subnet_matches(s, &k.subnet)? || subnet_matches(&k.subnet, s)? {
                return Err("multiple overlapping subnet configuration is not supported".to_string());
            }
        }
        data.push(IpamRequest { subnet: s.clone(), gateway: String::new(), ip_range: String::new() });
    }
    for r in ranges {
        let mut matched = false;
        for d in data.iter_mut() {
            if parse_cidr(r).is_none() {
                return Err(format!("invalid CIDR address: {r}"));
            }
            if !subnet_matches(&d.subnet, r)? {
                continue;
            }
            if !d.ip_range.is_empty() {
                return Err(format!(
                    "cannot configure multiple ranges ({r}, {}) on the same subnet ({})",
                    d.ip_range, d.subnet
                ));
            }
            d.ip_range = r.clone();
            matched = true;
        }
        if !matched {
            return Err(format!("no matching subnet for range {r}"));
        }
    }
    for g in gateways {
        let mut matched = false;
        for d in data.iter_mut() {
            if !subnet_matches(&d.subnet, g)? {
                continue;
            }
            if !d.gateway.is_empty() {
                return Err(format!(
                    "cannot configure multiple gateways ({g}, {}) for the same subnet ({})",
                    d.gateway, d.subnet
                ));
            }
            d.gateway = g.clone();
            matched = true;
        }
        if !matched {
            return Err(format!("no matching subnet for gateway {g}"));
        }
    }
    for entry in aux {
        let addr = entry.split_once('=').map_or("", |(_, a)| a);
        let mut matched = false;
        for d in &data {
            matched |= subnet_matches(&d.subnet, addr)?;
        }
        if !matched {
            return Err(format!("no matching subnet for aux-address {addr}"));
        }
    }
    Ok(data)
}

/// `docker network ls`.
pub fn ls(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let f = &inv.flags;
    let mut list: Vec<&Network> = match engine.network_list(f.list("filter")) {
        Ok(l) => l,
        Err(e) => {
            daemon_error(&mut out, &e);
            return out;
        }
    };
    crate::sort::sort_by(&mut list, |a, b| natural_cmp(&a.name, &b.name));
    let trunc = !f.bool("no-trunc");
    let quiet = f.bool("quiet");
    let format = match f.string("format").unwrap_or("") {
        "" | "table" if quiet => "{{.ID}}".to_string(),
        "" | "table" => "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}".to_string(),
        other => other.to_string(),
    };
    let rows: Vec<Value> = list.iter().map(|n| list_row(n, trunc)).collect();
    print_list(&mut out, &format, &rows, HEADERS);
    out
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
        .f("CreatedAt", Value::str(go_time_string(n.created, &n.id)))
        .build()
}

/// `docker network inspect NETWORK...`.
pub fn inspect(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let results: Vec<Result<Value, String>> = inv
        .args
        .iter()
        .map(|term| {
            let term = term.trim();
            if term.is_empty() {
                return Err("invalid network name or ID: value is empty".to_string());
            }
            engine
                .network_resolve(term)
                .map(|n| inspect_value(engine, n))
                .map_err(|e| format!("Error response from daemon: {e}"))
        })
        .collect();
    inspect_print(&mut out, results, inv.flags.string("format").unwrap_or(""), true);
    out
}

/// A network as the API's `network.Inspect`, fields in dockerd's order.
pub fn inspect_value(engine: &Engine, n: &Network) -> Value {
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
        .f("Created", Value::str(rfc3339_nano(n.created, &n.id)))
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

/// `docker network connect NETWORK CONTAINER`: silent on success.
pub fn connect(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let [network, container] = inv.args.as_slice() else { return out };
    let (network, container) = (network.trim(), container.trim());
    if network.is_empty() || container.is_empty() {
        out.err(format!(
            "invalid {} name or ID: value is empty",
            if network.is_empty() { "network" } else { "container" }
        ));
        out.code = 1;
        return out;
    }
    let f = &inv.flags;
    let aliases = f.list("alias").to_vec();
    if let Err(e) = engine.network_connect(network, container, aliases, f.string("ip")) {
        daemon_error(&mut out, &e);
    }
    out
}

/// `docker network disconnect NETWORK CONTAINER`: silent on success.
pub fn disconnect(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let [network, container] = inv.args.as_slice() else { return out };
    let (network, container) = (network.trim(), container.trim());
    if network.is_empty() || container.is_empty() {
        out.err(format!(
            "invalid {} name or ID: value is empty",
            if network.is_empty() { "network" } else { "container" }
        ));
        out.code = 1;
        return out;
    }
    if let Err(e) = engine.network_disconnect(network, container, inv.flags.bool("force")) {
        daemon_error(&mut out, &e);
    }
    out
}

/// `docker network rm NETWORK...`: each failure is printed as it happens; if any failed
/// the CLI ends with `exit status 1` (its `StatusError` text).
pub fn rm(engine: &mut Engine, inv: &Invocation) -> Output {
    let mut out = Output::new();
    let force = inv.flags.bool("force");
    let mut failed = false;
    for name in &inv.args {
        let term = name.trim();
        if term.is_empty() {
            out.err("invalid network name or ID: value is empty");
            failed = true;
            continue;
        }
        match engine.network_remove(term) {
            Ok(()) => out.out(name.clone()),
            Err(e) if force && e.to_string().ends_with(" not found") => {}
            Err(e) => {
                out.err_text(&format!("Error response from daemon: {e}"));
                failed = true;
            }
        }
    }
    if failed {
        out.err("exit status 1");
        out.code = 1;
    }
    out
}

/// `docker network prune`: `Deleted Networks:` and the names, then a blank line.
pub fn prune(engine: &mut Engine, inv: &Invocation, stdin: &str) -> Output {
    let mut out = Output::new();
    if !inv.flags.bool("force") && !confirm(&mut out, PRUNE_WARNING, stdin) {
        return out;
    }
    match engine.network_prune(inv.flags.list("filter")) {
        Ok(names) => {
            if !names.is_empty() {
                out.out("Deleted Networks:");
                for n in names {
                    out.out(n);
                }
                out.out("");
            }
        }
        Err(e) => daemon_error(&mut out, &e),
    }
    out
}

/// The `--network`/`--network-alias` values of `docker run`/`create` as one network spec
/// for the engine (`name=mynet,alias=a` when there are aliases), checked as the CLI's
/// `parseNetworkOpts` does. `None`: the default network. The error is printed after
/// `docker: `. Only the first `--network` is kept: the simulated daemon attaches a new
/// container to one network (connect adds more).
pub fn run_network_spec(f: &Flags) -> Result<Option<String>, String> {
    let aliases = f.list("network-alias");
    let networks = f.list("network");
    if networks.is_empty() {
        if !aliases.is_empty() {
            return Err("network-scoped aliases are only supported for user-defined networks".to_string());
        }
        return Ok(None);
    }
    let mut seen: Vec<String> = Vec::new();
    let (mut user, mut builtin) = (false, false);
    let mut first = None;
    for (i, spec) in networks.iter().enumerate() {
        let (name, mut own, _) = parse_network_spec(spec);
        if i == 0 && !aliases.is_empty() {
            if !own.is_empty() {
                return Err(
                    "conflicting options: cannot specify both --network-alias and per-network alias".to_string()
                );
            }
            own = aliases.to_vec();
        }
        if name.trim().is_empty() {
            return Err("no name set for network".to_string());
        }
        if !is_user_defined(&name) && !own.is_empty() {
            return Err("network-scoped aliases are only supported for user-defined networks".to_string());
        }
        if seen.contains(&name) {
            return Err(format!("network \"{name}\" is specified multiple times"));
        }
        seen.push(name.clone());
        if is_user_defined(&name) {
            user = true;
        } else {
            builtin = true;
        }
        if i == 0 {
            first = Some(if own.is_empty() {
                name
            } else {
                let mut s = format!("name={name}");
                for a in own {
                    s.push_str(&format!(",alias={a}"));
                }
                s
            });
        }
    }
    if user && builtin {
        return Err(
            "conflicting options: cannot attach both user-defined and non-user-defined network-modes".to_string()
        );
    }
    Ok(first)
}

/// Prints the daemon's create warnings as the CLI does (`WARNING: ...` on stderr).
pub fn print_create_warnings(engine: &Engine, id: &str, out: &mut Output) {
    for w in engine.container_create_warnings(id) {
        out.err(format!("WARNING: {w}"));
    }
}

/// Go's `time.Time` in JSON (RFC 3339 with nanoseconds, trailing zeros dropped). The
/// simulated clock has milliseconds; the rest of the fraction comes from `salt` so the
/// value looks like a real one and stays stable.
pub fn rfc3339_nano(t: SimTime, salt: &str) -> String {
    let (y, mo, d, h, mi, s) = crate::env::civil(t / 1000);
    let frac = fraction(t, salt);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{frac}Z")
}

/// Go's `time.Time.String()`: `2025-02-11 07:00:00.123456789 +0000 UTC`.
pub fn go_time_string(t: SimTime, salt: &str) -> String {
    let (y, mo, d, h, mi, s) = crate::env::civil(t / 1000);
    let frac = fraction(t, salt);
    format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}{frac} +0000 UTC")
}

/// `.NNNNNNNNN` without trailing zeros (empty for a whole second).
fn fraction(t: SimTime, salt: &str) -> String {
    let salt = salt.get(..8).and_then(|h| u32::from_str_radix(h, 16).ok()).unwrap_or(0);
    // Whole-second clocks (replays) would print `.000xxxxxx`: then the salt fills it all.
    let nanos = match (t % 1000) as u32 {
        0 => salt % 1_000_000_000,
        ms => ms * 1_000_000 + salt % 1_000_000,
    };
    if nanos == 0 {
        return String::new();
    }
    let digits = format!("{nanos:09}");
    format!(".{}", digits.trim_end_matches('0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipam_consolidation_matches_the_cli() {
        let v = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let err = |s: &[&str], r: &[&str], g: &[&str]| ipam_config(&v(s), &v(r), &v(g), &[]).err().unwrap_or_default();
        assert_eq!(err(&[], &[], &["10.0.0.1"]), "every ip-range or gateway must have a corresponding subnet");
        assert_eq!(err(&["999.1.1.1/40"], &[], &["10.0.0.1"]), "invalid subnet: invalid CIDR address: 999.1.1.1/40");
        assert_eq!(err(&["10.0.0.0/24"], &[], &["10.0.1.1"]), "no matching subnet for gateway 10.0.1.1");
        assert_eq!(
            err(&["10.0.0.0/16", "10.0.1.0/24"], &[], &[]),
            "multiple overlapping subnet configuration is not supported"
        );
        assert_eq!(err(&["10.0.0.0/16"], &["10.1.0.0/24"], &[]), "no matching subnet for range 10.1.0.0/24");
        // A lone bad subnet is the daemon's to refuse.
        assert_eq!(ipam_config(&v(&["999.1.1.1/40"]), &[], &[], &[]).map(|c| c.len()), Ok(1));
        let ok = ipam_config(&v(&["10.0.0.0/16"]), &v(&["10.0.5.0/24"]), &v(&["10.0.5.254"]), &[]).unwrap_or_default();
        assert_eq!((ok[0].ip_range.as_str(), ok[0].gateway.as_str()), ("10.0.5.0/24", "10.0.5.254"));
        assert!(
            parse_cidr("10.0.0.1/8").is_some()
                && parse_cidr("10.0.0.0/8/").is_none()
                && parse_cidr("10.0.0.0/33").is_none()
        );
    }

    /// Odd input never panics and always ends with an exit status (volumes and networks).
    #[test]
    fn odd_input_is_output_not_a_crash() {
        let mut e = crate::catalogue::testing::engine(3, crate::env::from_civil(2025, 2, 11, 7, 0, 0));
        let lines = [
            "network create --subnet 0.0.0.0/0 all",
            "network create --subnet 255.255.255.255/32 one",
            "network create --subnet 10.0.0.0/31 --gateway 10.0.0.1 tiny",
            "network create --subnet 10.0.0.0/32 tiny2",
            "network create --ip-range 10.0.0.0/8 x",
            "network create --subnet 10.0.0.0/8 --ip-range 10.0.0.0/99 x",
            "network create --subnet ::1/64 v6",
            "network create --subnet 1.2.3.4/0x10 x",
            "network create ''",
            "network create ' '",
            "network connect '' ''",
            "network connect --ip 999.1.1.1 tiny2 ghost",
            "network disconnect -f nope ghost",
            "network inspect -f '{{.Nope' bridge",
            "network inspect -f '{{.Nope}}' bridge",
            "network ls -f dangling=1 -f dangling=0",
            "network ls --format '{{json .}}'",
            "network prune -f --filter until=abc",
            "network prune -f --filter until=10m",
            "network rm '' bridge",
            "volume create ''",
            "volume create -o type=tmpfs --label '=x' opt",
            "volume inspect '' ' '",
            "volume inspect -f '{{.Nope}}' nothing",
            "volume ls -f name='[' -f name='a**' -f name='^$'",
            "volume ls --format '{{.Label \"x\"}}'",
            "volume prune -f --filter all=maybe",
            "volume prune -f --filter all=1 --filter all=0",
            "volume rm '' ' '",
            "run -v '' busybox",
            "run -v ':' busybox",
            "run -v '/:/' busybox",
            "run --mount type=tmpfs,target=/t busybox true",
            "run --network 'name=,alias=x' busybox",
            "run --network '' busybox",
            "run --network tiny2 --ip 10.0.0.1 busybox",
        ];
        for line in lines {
            let argv: Vec<String> = shell_words(line);
            let out = crate::client::run(&mut e, &argv, "");
            assert!(out.code >= 0, "{line}");
        }
    }

    /// Splits on spaces, keeping single-quoted words together (enough for the test above).
    fn shell_words(s: &str) -> Vec<String> {
        let mut words = Vec::new();
        let (mut cur, mut quoted, mut any) = (String::new(), false, false);
        for c in s.chars() {
            match c {
                '\'' => {
                    quoted = !quoted;
                    any = true;
                }
                ' ' if !quoted => {
                    if any || !cur.is_empty() {
                        words.push(std::mem::take(&mut cur));
                    }
                    any = false;
                }
                c => cur.push(c),
            }
        }
        if any || !cur.is_empty() {
            words.push(cur);
        }
        words
    }

    #[test]
    fn go_times() {
        let t = crate::env::from_civil(2025, 2, 11, 7, 0, 0);
        assert_eq!(rfc3339_nano(t, "00000000"), "2025-02-11T07:00:00Z");
        assert_eq!(rfc3339_nano(t, "075bcd15"), "2025-02-11T07:00:00.123456789Z");
        assert_eq!(rfc3339_nano(t + 500, "00000000"), "2025-02-11T07:00:00.5Z");
        assert_eq!(rfc3339_nano(t + 12, "000f4241"), "2025-02-11T07:00:00.012000001Z");
        assert_eq!(go_time_string(t, "0"), "2025-02-11 07:00:00 +0000 UTC");
    }
}
