//! Networks: the predefined `bridge`, `host` and `none`, user-defined networks, address
//! management, container attachments and endpoints, and the embedded DNS.
//!
//! This is the daemon side of `docker network ...` and of `--network`/`--network-alias`
//! (moby's `daemon/network.go`, `daemon/container_operations.go` and libnetwork, rewritten
//! for the simulation). Two layers, as in docker: an *attachment* is configuration (the
//! container is on network X, with these aliases) and lives from create to removal; an
//! *endpoint* (address, MAC, DNS entry) exists only while the container runs. Endpoints are
//! read through [`Engine::live_endpoints`], which ignores those of stopped containers, so a
//! container that exits needs no bookkeeping here. Nothing in this file formats terminal
//! text; refusals are [`DaemonError`]s worded as dockerd words them.

use super::container::Container;
use super::volume::Filters;
use super::{registry, DaemonError, Engine};
use crate::env::SimTime;
use crate::event::{Action, ObjectKind};
use crate::map::Map;
use serde::{Deserialize, Serialize};

/// The options dockerd gives the default bridge (`docker network inspect bridge`).
const BRIDGE_OPTIONS: &[(&str, &str)] = &[
    ("com.docker.network.bridge.default_bridge", "true"),
    ("com.docker.network.bridge.enable_icc", "true"),
    ("com.docker.network.bridge.enable_ip_masquerade", "true"),
    ("com.docker.network.bridge.host_binding_ipv4", "0.0.0.0"),
    ("com.docker.network.bridge.name", "docker0"),
    ("com.docker.network.driver.mtu", "1500"),
];

/// The address a process sees for itself on `--network host` (Docker Desktop's VM).
const HOST_NETWORK_IP: &str = "192.168.65.3";

/// Accepted keys of `docker network ls --filter`.
const LIST_FILTERS: &[&str] = &["driver", "id", "label", "name", "scope", "type", "dangling"];
/// Accepted keys of `docker network prune --filter`.
const PRUNE_FILTERS: &[&str] = &["label", "label!", "until"];

pub use super::ipv4::{ip_string, parse_ipv4, parse_prefix, Ipv4Net};

/// One address pool of a network (`IPAM.Config` entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpamPool {
    /// The subnet.
    pub subnet: Ipv4Net,
    /// `--ip-range`: where container addresses come from.
    pub ip_range: Option<Ipv4Net>,
    /// The gateway address.
    pub gateway: u32,
    /// The user gave `--subnet` (inspect then shows only what was configured).
    pub subnet_configured: bool,
    /// The user gave `--gateway`.
    pub gateway_configured: bool,
}

/// One network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    /// 64 hex digits.
    pub id: String,
    /// Unique name.
    pub name: String,
    /// `bridge`, `host`, `null` (for `none`), `macvlan`, `ipvlan`.
    pub driver: String,
    /// When it was created.
    pub created: SimTime,
    /// `--internal`.
    pub internal: bool,
    /// `--attachable`.
    pub attachable: bool,
    /// IPv4 address pools (empty for `host` and `none`).
    pub pools: Vec<IpamPool>,
    /// `--ipam-driver` (`default`).
    pub ipam_driver: String,
    /// `--ipam-opt`; `None` prints as `null` (the default bridge).
    pub ipam_options: Option<Map<String, String>>,
    /// Driver options (`-o`; the default bridge has its own set).
    pub options: Map<String, String>,
    /// `--label`.
    pub labels: Map<String, String>,
    /// Endpoints by container ID. Entries of containers that no longer run are stale and
    /// ignored by every reader (see [`Engine::live_endpoints`]).
    endpoints: Map<String, Endpoint>,
}

impl Network {
    /// Whether this is one of `bridge`, `host`, `none` (which can't be removed).
    pub fn is_predefined(&self) -> bool {
        is_predefined(&self.name)
    }

    /// Whether containers on it resolve each other by name (not on the predefined ones).
    pub fn is_user_defined(&self) -> bool {
        !is_predefined(&self.name)
    }

    /// Always `local`: no swarm here.
    pub fn scope(&self) -> &'static str {
        "local"
    }
}

/// A container's presence on a network while it runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// 64 hex digits.
    pub id: String,
    /// IPv4 address (none on `host` and `none`).
    pub ip: Option<u32>,
    /// MAC address (empty on `host` and `none`).
    pub mac: String,
}

/// A container's configured membership of a network, from create (or connect) to removal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    /// The network's name (or the name as typed, if it did not exist at create).
    pub network: String,
    /// The network's ID once the container was connected (a recreated network of the same
    /// name is a different network, as in docker).
    pub network_id: Option<String>,
    /// `--network-alias` / `--alias`.
    pub aliases: Vec<String>,
    /// `--ip`: the requested address.
    pub ip: Option<u32>,
}

/// Networks, attachments and the counter behind their IDs. Plain data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkStore {
    networks: Map<String, Network>,
    /// Container ID → attachments, in connection order (the first is the network mode).
    attachments: Map<String, Vec<Attachment>>,
    /// Counter for IDs made here (networks, endpoints, MACs, anonymous volumes). Separate
    /// from the engine's main generator so container IDs and names don't shift when a
    /// session also uses volumes and networks.
    counter: u64,
}

impl NetworkStore {
    /// The daemon's predefined networks, with IDs fixed by the seed.
    pub fn new(seed: u64, now: SimTime) -> Self {
        let mut networks = Map::new();
        for (name, driver) in [("bridge", "bridge"), ("host", "host"), ("none", "null")] {
            let id = registry::sha256_hex(format!("{seed}:network:{name}").as_bytes());
            let bridge = name == "bridge";
            let n = Network {
                id: id.clone(),
                name: name.to_string(),
                driver: driver.to_string(),
                created: now,
                internal: false,
                attachable: false,
                pools: if bridge {
                    vec![IpamPool {
                        subnet: Ipv4Net { addr: 0xAC11_0000, prefix: 16 },
                        ip_range: None,
                        gateway: 0xAC11_0001,
                        subnet_configured: true,
                        gateway_configured: true,
                    }]
                } else {
                    Vec::new()
                },
                ipam_driver: "default".to_string(),
                ipam_options: None,
                options: if bridge {
                    BRIDGE_OPTIONS.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
                } else {
                    Map::new()
                },
                labels: Map::new(),
                endpoints: Map::new(),
            };
            networks.insert(id, n);
        }
        NetworkStore { networks, attachments: Map::new(), counter: 0 }
    }
}

/// `docker network create` as the client sends it (IPAM already consolidated by the
/// client, which also checked that each gateway belongs to a subnet).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NetworkCreateRequest {
    /// Name.
    pub name: String,
    /// `-d` (`bridge` by default).
    pub driver: String,
    /// One entry per `--subnet` (with its `--gateway`/`--ip-range`, if any).
    pub ipam: Vec<IpamRequest>,
    /// `--ipam-driver`.
    pub ipam_driver: String,
    /// `--ipam-opt`.
    pub ipam_options: Map<String, String>,
    /// `-o`.
    pub options: Map<String, String>,
    /// `--label`.
    pub labels: Map<String, String>,
    /// `--internal`.
    pub internal: bool,
    /// `--attachable`.
    pub attachable: bool,
    /// `--ipv6`.
    pub ipv6: bool,
}

/// One `IPAM.Config` entry of a create request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IpamRequest {
    /// `--subnet`.
    pub subnet: String,
    /// `--gateway` (may be empty).
    pub gateway: String,
    /// `--ip-range` (may be empty).
    pub ip_range: String,
}

/// A container's view of one of its networks, for `docker inspect`'s
/// `NetworkSettings.Networks` (empty strings while it does not run).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerNetwork {
    /// The key: the network's name.
    pub name: String,
    /// The network's ID (empty until the container was first connected).
    pub network_id: String,
    /// Aliases given at create or connect.
    pub aliases: Vec<String>,
    /// Names the embedded DNS answers for (user-defined networks only, else `None`).
    pub dns_names: Option<Vec<String>>,
    /// Endpoint ID while running.
    pub endpoint_id: String,
    /// Gateway while running.
    pub gateway: String,
    /// Address while running.
    pub ip_address: String,
    /// Prefix length while running (0 otherwise).
    pub prefix_len: u8,
    /// MAC while running.
    pub mac: String,
}

/// Whether a network name is one of docker's predefined ones (`default` means `bridge`).
pub fn is_predefined(name: &str) -> bool {
    matches!(name, "bridge" | "host" | "none" | "default")
}

/// Whether a `--network` value names a user-defined network (docker's `IsUserDefined`).
pub fn is_user_defined(mode: &str) -> bool {
    !is_predefined(mode) && !mode.starts_with("container:")
}

/// Reads a `--network` value: a bare name, or docker's long form
/// `name=mynet,alias=web,ip=...` (which the client also uses to pass `--network-alias`).
pub fn parse_network_spec(spec: &str) -> (String, Vec<String>, Option<String>) {
    let long = spec.split(',').any(|f| f.split_once('=').is_some_and(|(k, _)| k.trim().eq_ignore_ascii_case("name")));
    if !long {
        return (spec.to_string(), Vec::new(), None);
    }
    let (mut name, mut aliases, mut ip) = (String::new(), Vec::new(), None);
    for field in spec.split(',') {
        let Some((k, v)) = field.split_once('=') else { continue };
        match k.trim().to_ascii_lowercase().as_str() {
            "name" => name = v.trim().to_string(),
            "alias" => aliases.push(v.trim().to_string()),
            "ip" => ip = Some(v.trim().to_string()),
            _ => {}
        }
    }
    (name, aliases, ip)
}

/// The network and broadcast addresses IPAM never hands out (all addresses of a /31 or
/// /32 are usable, as RFC 3021 allows and libnetwork does).
fn is_reserved(subnet: Ipv4Net, ip: u32) -> bool {
    subnet.prefix < 31 && (ip == subnet.first() || ip == subnet.last())
}

/// Joins errors as moby's `multierror.Join` prints them.
fn join_errors(errs: &[String]) -> String {
    match errs {
        [one] => one.trim().to_string(),
        many => format!("* {}", many.iter().map(|e| e.replace('\n', "\n\t")).collect::<Vec<_>>().join("\n* ")),
    }
}

/// The default address pools, in the order dockerd tries them: 172.17–172.31 as /16s,
/// then 192.168.0.0/16 cut into /20s.
fn predefined_pools() -> impl Iterator<Item = Ipv4Net> {
    let b16 = (17u32..=31).map(|n| Ipv4Net { addr: (172 << 24) | (n << 16), prefix: 16 });
    let b20 = (0u32..16).map(|n| Ipv4Net { addr: (192 << 24) | (168 << 16) | (n << 12), prefix: 20 });
    b16.chain(b20)
}

impl Engine {
    // ----- ids -------------------------------------------------------------------------

    /// A fresh 64-hex ID for networks, endpoints and anonymous volumes, from the seed and
    /// a counter of its own (docker's `stringid.GenerateRandomID`).
    pub(super) fn aux_id(&mut self) -> String {
        self.network_store.counter += 1;
        registry::sha256_hex(format!("{}:aux:{}", self.seed, self.network_store.counter).as_bytes())
    }

    /// A random locally administered unicast MAC, as v28 assigns them.
    fn new_mac(&mut self) -> String {
        let hex = self.aux_id();
        let mut bytes = [0u8; 6];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = hex.get(i * 2..i * 2 + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
        }
        bytes[0] = (bytes[0] & 0xfe) | 0x02;
        bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(":")
    }

    // ----- queries ---------------------------------------------------------------------

    /// Every network, by ID.
    pub fn networks(&self) -> impl Iterator<Item = &Network> {
        self.network_store.networks.values()
    }

    /// Finds a network the way the API routes do (`docker network inspect|rm`): full ID,
    /// then exact name, then unique ID prefix.
    pub fn network_resolve(&self, term: &str) -> Result<&Network, DaemonError> {
        self.find_network(term, "based on name")
    }

    /// The daemon's `FindNetwork` (run/connect), whose ambiguity message differs slightly.
    fn find_network(&self, term: &str, by_name: &str) -> Result<&Network, DaemonError> {
        if let Some(n) = self.network_store.networks.get(term) {
            return Ok(n);
        }
        let named: Vec<&Network> = self.networks().filter(|n| n.name == term).collect();
        let prefixed: Vec<&Network> =
            if term.is_empty() { Vec::new() } else { self.networks().filter(|n| n.id.starts_with(term)).collect() };
        match (named.as_slice(), prefixed.as_slice()) {
            ([n], _) => Ok(n),
            ([_, _, ..], _) => Err(DaemonError::Message(format!(
                "network {term} is ambiguous ({} matches found {by_name})",
                named.len()
            ))),
            ([], [n]) => Ok(n),
            ([], [_, _, ..]) => Err(DaemonError::Message(format!(
                "network {term} is ambiguous ({} matches found based on ID prefix)",
                prefixed.len()
            ))),
            ([], []) => Err(DaemonError::NoSuchNetwork(term.to_string())),
        }
    }

    /// A network's endpoints whose container runs, with the container, oldest first.
    pub fn live_endpoints<'a>(&'a self, network: &'a Network) -> Vec<(&'a Container, &'a Endpoint)> {
        let mut v: Vec<(&Container, &Endpoint)> = network
            .endpoints
            .iter()
            .filter_map(|(cid, ep)| self.containers.get(cid).filter(|c| c.is_running()).map(|c| (c, ep)))
            .collect();
        crate::sort::sort_by(&mut v, |a, b| a.0.created.cmp(&b.0.created).then(a.0.id.cmp(&b.0.id)));
        v
    }

    /// A container's attachments, in connection order.
    pub fn container_attachments(&self, id: &str) -> &[Attachment] {
        self.network_store.attachments.get(id).map(Vec::as_slice).unwrap_or(&[])
    }

    /// `HostConfig.NetworkMode`: the network the container was created on.
    pub fn container_network_mode(&self, id: &str) -> String {
        self.container_attachments(id).first().map(|a| a.network.clone()).unwrap_or_else(|| "bridge".to_string())
    }

    /// The network an attachment refers to, if it still exists.
    fn attachment_network(&self, a: &Attachment) -> Option<&Network> {
        match &a.network_id {
            Some(id) => self.network_store.networks.get(id),
            None => self.find_network(&a.network, "on name").ok(),
        }
    }

    /// `docker inspect`'s `NetworkSettings.Networks` for a container, in connection order.
    pub fn container_networks(&self, id: &str) -> Vec<ContainerNetwork> {
        let Some(c) = self.containers.get(id) else { return Vec::new() };
        let mut out = Vec::new();
        for a in self.container_attachments(id) {
            let net = self.attachment_network(a);
            let name = net.map(|n| n.name.clone()).unwrap_or_else(|| a.network.clone());
            let ep = net.and_then(|n| n.endpoints.get(id)).filter(|_| c.is_running());
            let pool =
                net.and_then(|n| ep.and_then(|e| e.ip).and_then(|ip| n.pools.iter().find(|p| p.subnet.contains(ip))));
            out.push(ContainerNetwork {
                name,
                network_id: a.network_id.clone().unwrap_or_default(),
                aliases: a.aliases.clone(),
                dns_names: net.filter(|n| n.is_user_defined()).map(|_| self.dns_names(c, &a.aliases)),
                endpoint_id: ep.map(|e| e.id.clone()).unwrap_or_default(),
                gateway: pool.map(|p| ip_string(p.gateway)).unwrap_or_default(),
                ip_address: ep.and_then(|e| e.ip).map(ip_string).unwrap_or_default(),
                prefix_len: pool.map(|p| p.subnet.prefix).unwrap_or(0),
                mac: ep.map(|e| e.mac.clone()).unwrap_or_default(),
            });
        }
        out
    }

    /// The names other containers can use for `c` on a user-defined network: its name,
    /// its aliases, its short ID and its hostname (moby's `buildEndpointDNSNames`).
    fn dns_names(&self, c: &Container, aliases: &[String]) -> Vec<String> {
        let mut names = vec![c.name.clone()];
        names.extend(aliases.iter().cloned());
        names.push(c.short_id().to_string());
        if let Some(h) = c.config.hostname.as_ref().filter(|h| !h.is_empty()) {
            names.push(h.clone());
        }
        let mut seen = Vec::new();
        names.retain(|n| {
            let fresh = !seen.contains(n);
            seen.push(n.clone());
            fresh
        });
        names
    }

    /// What the embedded DNS answers when a process in container `from` looks up `name`:
    /// the IPv4 address of a running container that shares a user-defined network with it
    /// and is known there by that name (container name, alias, short ID or hostname; also
    /// `name.network`). The default bridge has no DNS, so there the answer is `None`.
    pub fn resolve_name(&self, from: &str, name: &str) -> Option<String> {
        let c = self.containers.get(from).filter(|c| c.is_running())?;
        let name = name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase();
        for a in self.container_attachments(&c.id) {
            let Some(net) = self.attachment_network(a).filter(|n| n.is_user_defined()) else { continue };
            if !net.endpoints.contains_key(&c.id) {
                continue;
            }
            let suffix = format!(".{}", net.name.to_ascii_lowercase());
            let wanted = name.strip_suffix(&suffix).unwrap_or(&name);
            for (other, ep) in self.live_endpoints(net) {
                let aliases = self
                    .container_attachments(&other.id)
                    .iter()
                    .find(|x| x.network == net.name)
                    .map(|x| x.aliases.clone())
                    .unwrap_or_default();
                if self.dns_names(other, &aliases).iter().any(|n| n.to_ascii_lowercase() == wanted) {
                    if let Some(ip) = ep.ip {
                        return Some(ip_string(ip));
                    }
                }
            }
        }
        None
    }

    /// Networks by name, for the snapshot.
    pub(super) fn snapshot_networks(&self) -> Vec<crate::snapshot::NetworkView> {
        let mut v: Vec<crate::snapshot::NetworkView> = self
            .networks()
            .map(|n| crate::snapshot::NetworkView {
                name: n.name.clone(),
                driver: n.driver.clone(),
                compose: super::view::compose_labels(
                    n.labels.get("com.docker.compose.project").cloned(),
                    n.labels.get("com.docker.compose.network").cloned(),
                ),
            })
            .collect();
        crate::sort::sort_by(&mut v, |a, b| a.name.cmp(&b.name));
        v
    }

    /// `docker network ls`: networks matching the filters, by ID (the client sorts).
    pub fn network_list(&self, filters: &[String]) -> Result<Vec<&Network>, DaemonError> {
        let f = Filters::parse(filters, LIST_FILTERS)?;
        let mut out: Vec<&Network> = self
            .networks()
            .filter(|n| f.exact("driver", &n.driver))
            .filter(|n| f.matches("name", &n.name))
            .filter(|n| f.matches("id", &n.id))
            .filter(|n| f.labels("label", Some(&n.labels)))
            .filter(|n| f.exact("scope", n.scope()))
            .collect();
        let dangling = f.values("dangling");
        match dangling.as_slice() {
            [] => {}
            [v] => {
                let only =
                    match v.as_str() {
                        "0" | "false" => false,
                        "1" | "true" => true,
                        _ => return Err(DaemonError::Message(
                            "invalid value for filter 'dangling', must be \"true\" (or \"1\"), or \"false\" (or \"0\")"
                                .to_string(),
                        )),
                    };
                out.retain(|n| {
                    let used = n.is_predefined() || !self.live_endpoints(n).is_empty();
                    if only {
                        !used
                    } else {
                        used
                    }
                });
            }
            _ => return Err(DaemonError::Message("got more than one value for filter key \"dangling\"".to_string())),
        }
        let types = f.values("type");
        if !types.is_empty() {
            let mut typed = Vec::new();
            for t in &types {
                match t.as_str() {
                    "builtin" => typed.extend(out.iter().filter(|n| n.is_predefined())),
                    "custom" => typed.extend(out.iter().filter(|n| !n.is_predefined())),
                    _ => return Err(DaemonError::Message(format!("invalid filter: 'type'='{t}'"))),
                }
            }
            out = typed;
        }
        Ok(out)
    }

    // ----- docker network create / rm / prune --------------------------------------------

    /// `docker network create`: validates the request as dockerd and libnetwork do, picks
    /// a free default pool when no subnet was given, and returns the new ID.
    pub fn network_create(&mut self, req: NetworkCreateRequest) -> Result<String, DaemonError> {
        self.require_daemon()?;
        let msg = |s: String| DaemonError::Message(s);
        if is_predefined(&req.name) {
            return Err(msg(format!("operation is not permitted on predefined {} network ", req.name)));
        }
        let driver = if req.driver.is_empty() { "bridge".to_string() } else { req.driver.clone() };
        if driver == "overlay" {
            return Err(msg("This node is not a swarm manager. Use \"docker swarm init\" or \"docker swarm join\" to connect this node to swarm and try again.".to_string()));
        }
        // api/types/network.ValidateIPAM.
        let mut errs = Vec::new();
        let mut pools = Vec::new();
        for cfg in &req.ipam {
            if cfg.subnet.contains(':') && !req.ipv6 {
                continue; // An IPv6 subnet is ignored while IPv6 is off.
            }
            let Some(subnet) = parse_prefix(&cfg.subnet) else {
                errs.push(format!("invalid subnet {}: invalid CIDR block notation", cfg.subnet));
                continue;
            };
            if subnet != subnet.masked() {
                errs.push(format!("invalid subnet {subnet}: it should be {}", subnet.masked()));
            }
            let mut ip_range = None;
            if !cfg.ip_range.is_empty() {
                match parse_prefix(&cfg.ip_range) {
                    None => errs.push(format!("invalid ip-range {}: invalid CIDR block notation", cfg.ip_range)),
                    Some(r) => {
                        if r.prefix < subnet.prefix {
                            errs.push(format!(
                                "invalid ip-range {}: CIDR block is bigger than its parent subnet {subnet}",
                                cfg.ip_range
                            ));
                        }
                        if r != r.masked() {
                            errs.push(format!("invalid ip-range {r}: it should be {}", r.masked()));
                        }
                        if !subnet.overlaps(r) {
                            errs.push(format!(
                                "invalid ip-range {}: parent subnet {subnet} doesn't contain ip-range",
                                cfg.ip_range
                            ));
                        }
                        ip_range = Some(r.masked());
                    }
                }
            }
            let mut gateway = None;
            if !cfg.gateway.is_empty() {
                match parse_ipv4(&cfg.gateway) {
                    None => errs.push(format!("invalid gateway {}: invalid address", cfg.gateway)),
                    Some(g) if !subnet.contains(g) => errs.push(format!(
                        "invalid gateway {}: parent subnet {subnet} doesn't contain this address",
                        cfg.gateway
                    )),
                    Some(g) => gateway = Some(g),
                }
            }
            let subnet = subnet.masked();
            pools.push(IpamPool {
                subnet,
                ip_range,
                gateway: gateway.unwrap_or(0),
                subnet_configured: true,
                gateway_configured: gateway.is_some(),
            });
        }
        if !errs.is_empty() {
            return Err(msg(format!("invalid network config:\n{}", join_errors(&errs))));
        }
        // libnetwork's NewNetwork.
        if req.name.trim().is_empty() {
            return Err(msg("invalid name: name is empty".to_string()));
        }
        if self.networks().any(|n| n.name == req.name) {
            return Err(msg(format!("network with name {} already exists", req.name)));
        }
        match driver.as_str() {
            "bridge" | "macvlan" | "ipvlan" => {}
            "host" | "null" => return Err(msg(format!("only one instance of \"{driver}\" network is allowed"))),
            other => return Err(msg(format!("plugin \"{other}\" not found"))),
        }
        // IPAM: user pools must not overlap others; otherwise the first free default pool.
        let taken: Vec<Ipv4Net> = self.networks().flat_map(|n| n.pools.iter().map(|p| p.subnet)).collect();
        if pools.iter().any(|p| taken.iter().any(|t| t.overlaps(p.subnet))) {
            return Err(msg("invalid pool request: Pool overlaps with other one on this address space".to_string()));
        }
        if pools.is_empty() {
            let Some(subnet) = predefined_pools().find(|p| !taken.iter().any(|t| t.overlaps(*p))) else {
                return Err(msg("all predefined address pools have been fully subnetted".to_string()));
            };
            pools.push(IpamPool {
                subnet,
                ip_range: None,
                gateway: 0,
                subnet_configured: false,
                gateway_configured: false,
            });
        }
        // The gateway takes the first free address unless one was asked for.
        for p in &mut pools {
            if p.gateway_configured {
                if is_reserved(p.subnet, p.gateway) {
                    return Err(msg(format!(
                        "failed to allocate gateway ({}): Address already in use",
                        ip_string(p.gateway)
                    )));
                }
                continue;
            }
            let range = p.ip_range.unwrap_or(p.subnet);
            match (range.first()..=range.last()).find(|ip| !is_reserved(p.subnet, *ip)) {
                Some(g) => p.gateway = g,
                None => {
                    return Err(msg("failed to allocate gateway (): no available addresses on this pool".to_string()))
                }
            }
        }
        let id = self.aux_id();
        let driver_name = driver.clone();
        let n = Network {
            id: id.clone(),
            name: req.name.clone(),
            driver,
            created: self.now,
            internal: req.internal,
            attachable: req.attachable,
            pools,
            ipam_driver: if req.ipam_driver.is_empty() { "default".to_string() } else { req.ipam_driver.clone() },
            ipam_options: Some(req.ipam_options),
            options: req.options,
            labels: req.labels,
            endpoints: Map::new(),
        };
        self.network_store.networks.insert(id.clone(), n);
        let attrs = vec![("type".to_string(), driver_name.clone())];
        self.emit_with(ObjectKind::Network, Action::Create, &id, &req.name, attrs);
        Ok(id)
    }

    /// `docker network rm`: predefined networks and networks with running containers stay.
    pub fn network_remove(&mut self, term: &str) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let n = self.network_resolve(term)?;
        if n.is_predefined() {
            return Err(DaemonError::Message(format!("{} is a pre-defined network and cannot be removed", n.name)));
        }
        let live = self.live_endpoints(n);
        if !live.is_empty() {
            let eps: Vec<String> = live
                .iter()
                .map(|(c, ep)| format!("name:\"{}\" id:\"{}\"", c.name, ep.id.get(..12).unwrap_or(&ep.id)))
                .collect();
            return Err(DaemonError::Message(format!(
                "error while removing network: network {} has active endpoints ({})",
                n.name,
                eps.join(", ")
            )));
        }
        let (id, name) = (n.id.clone(), n.name.clone());
        self.network_store.networks.remove(&id);
        self.emit_with(
            ObjectKind::Network,
            Action::Destroy,
            &id,
            &name,
            vec![("type".to_string(), "bridge".to_string())],
        );
        Ok(())
    }

    /// `docker network prune`: every user network without running containers; returns the
    /// names removed, in name order.
    pub fn network_prune(&mut self, filters: &[String]) -> Result<Vec<String>, DaemonError> {
        self.require_daemon()?;
        let f = Filters::parse(filters, PRUNE_FILTERS)?;
        let until = match f.values("until").as_slice() {
            [] => None,
            [v] => Some(
                parse_until(v, self.now)
                    .ok_or_else(|| DaemonError::Message(format!("failed to parse value for filter 'until': {v}")))?,
            ),
            _ => return Err(DaemonError::Message("filters 'until' must contain one value only".to_string())),
        };
        let mut doomed: Vec<(String, String)> = self
            .networks()
            .filter(|n| !n.is_predefined())
            .filter(|n| until.is_none_or(|u| n.created <= u))
            .filter(|n| f.labels("label", Some(&n.labels)))
            .filter(|n| !f.has("label!") || !f.labels("label!", Some(&n.labels)))
            .filter(|n| self.live_endpoints(n).is_empty())
            .map(|n| (n.name.clone(), n.id.clone()))
            .collect();
        crate::sort::sort(&mut doomed);
        let mut names = Vec::new();
        for (name, id) in doomed {
            self.network_store.networks.remove(&id);
            self.emit_with(
                ObjectKind::Network,
                Action::Destroy,
                &id,
                &name,
                vec![("type".to_string(), "bridge".to_string())],
            );
            names.push(name);
        }
        self.emit(ObjectKind::Network, Action::Prune, "", "", None, None);
        Ok(names)
    }

    // ----- docker network connect / disconnect -------------------------------------------

    /// `docker network connect`: a running container gets an endpoint at once; a stopped
    /// one only records the attachment (even to a network that doesn't exist, as docker
    /// does; its next start fails then).
    pub fn network_connect(
        &mut self,
        network: &str,
        container: &str,
        aliases: Vec<String>,
        ip: Option<&str>,
    ) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = self.container_resolve(container)?.clone();
        let ip = match ip.filter(|s| !s.is_empty()) {
            Some(s) => match parse_ipv4(s).filter(|v| *v != 0) {
                Some(v) => Some(v),
                None => {
                    return Err(DaemonError::Message(format!("invalid endpoint settings:\ninvalid IPv4 address: {s}")))
                }
            },
            None => None,
        };
        let net = match self.find_network(network, "on name") {
            Ok(n) => n.clone(),
            Err(e) => {
                if c.is_running() {
                    return Err(e);
                }
                if !self.container_attachments(&c.id).iter().any(|a| a.network == network) {
                    self.network_store.attachments.entry(c.id.clone()).or_default().push(Attachment {
                        network: network.to_string(),
                        network_id: None,
                        aliases,
                        ip,
                    });
                }
                return Ok(());
            }
        };
        self.check_endpoint_settings(&net, &aliases, ip)?;
        let already = self.check_attach(&c.id, &net)?;
        if c.is_running()
            && net.endpoints.contains_key(&c.id)
            && self.live_endpoints(&net).iter().any(|(x, _)| x.id == c.id)
        {
            return Err(DaemonError::Message(format!(
                "endpoint with name {} already exists in network {}",
                c.name, net.name
            )));
        }
        if !already {
            self.network_store.attachments.entry(c.id.clone()).or_default().push(Attachment {
                network: net.name.clone(),
                network_id: None,
                aliases,
                ip,
            });
        }
        if c.is_running() {
            let idx = self.container_attachments(&c.id).iter().position(|a| a.network == net.name).unwrap_or(0);
            if let Err(e) = self.attach_endpoint(&c.id, idx) {
                if !already {
                    if let Some(list) = self.network_store.attachments.get_mut(&c.id) {
                        list.retain(|a| a.network != net.name);
                    }
                }
                return Err(e);
            }
        }
        Ok(())
    }

    /// The endpoint-settings checks of moby's `validateEndpointSettings`.
    fn check_endpoint_settings(&self, net: &Network, aliases: &[String], ip: Option<u32>) -> Result<(), DaemonError> {
        let mut errs = Vec::new();
        if !is_user_defined(&net.name) {
            if ip.is_some() {
                errs.push("user specified IP address is supported on user defined networks only".to_string());
            }
            if !aliases.is_empty() {
                errs.push("network-scoped alias is supported only for containers in user defined networks".to_string());
            }
        }
        if let Some(ip) = ip {
            let configured: Vec<&IpamPool> = net.pools.iter().filter(|p| p.subnet_configured).collect();
            if configured.is_empty() {
                errs.push("user specified IP address is supported only when connecting to networks with user configured subnets".to_string());
            } else if !configured.iter().any(|p| p.ip_range.unwrap_or(p.subnet).contains(ip)) {
                errs.push(format!("no configured subnet or ip-range contain the IP address {}", ip_string(ip)));
            }
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(DaemonError::Message(format!("invalid endpoint settings:\n{}", join_errors(&errs))))
        }
    }

    /// moby's `updateNetworkSettings`: the host-network and private-mode rules. Returns
    /// whether the container is already attached (then nothing changes).
    fn check_attach(&self, container_id: &str, net: &Network) -> Result<bool, DaemonError> {
        let mode = self.container_network_mode(container_id);
        if mode != "host" && net.driver == "host" {
            return Err(DaemonError::Message(
                "cannot connect container to host network - container must be created in host network mode".to_string(),
            ));
        }
        for a in self.container_attachments(container_id) {
            let Some(other) = self.attachment_network(a) else { continue };
            if other.id == net.id {
                return Ok(true);
            }
            if other.driver == "host" || net.driver == "host" {
                return Err(DaemonError::Message("container sharing network namespace with another container or host cannot be connected to any other network".to_string()));
            }
            if other.name == "none" || net.name == "none" {
                return Err(DaemonError::Message("container cannot be connected to multiple networks with one of the networks in private (none) mode".to_string()));
            }
        }
        Ok(false)
    }

    /// `docker network disconnect`.
    pub fn network_disconnect(&mut self, network: &str, container: &str, force: bool) -> Result<(), DaemonError> {
        self.require_daemon()?;
        let c = match self.container_resolve(container) {
            Ok(c) => c.clone(),
            Err(e) => {
                if !force {
                    return Err(e);
                }
                // `-f` deletes a leftover endpoint by name; we never leave any behind.
                self.find_network(network, "on name")?;
                return Err(DaemonError::Message(format!("endpoint {container} not found")));
            }
        };
        let found = self.find_network(network, "on name").cloned();
        if !c.is_running() || (found.is_err() && force) {
            // Only the configuration changes (moby: "not connected to the network").
            let name = found.as_ref().map(|n| n.name.clone()).unwrap_or_else(|_| network.to_string());
            let list = self.network_store.attachments.entry(c.id.clone()).or_default();
            let before = list.len();
            list.retain(|a| a.network != name);
            if list.len() == before {
                return Err(DaemonError::Message(format!("container {} is not connected to the network {name}", c.id)));
            }
            if let Ok(n) = found {
                if let Some(n) = self.network_store.networks.get_mut(&n.id) {
                    n.endpoints.remove(&c.id);
                }
            }
            return Ok(());
        }
        let net = found?;
        if self.container_network_mode(&c.id) == "host" && net.driver == "host" {
            return Err(DaemonError::Message(
                "cannot disconnect container from host network - container was created in host network mode"
                    .to_string(),
            ));
        }
        if !self.live_endpoints(&net).iter().any(|(x, _)| x.id == c.id) {
            return Err(DaemonError::Message(format!("container {} is not connected to network {}", c.id, net.name)));
        }
        if let Some(n) = self.network_store.networks.get_mut(&net.id) {
            n.endpoints.remove(&c.id);
        }
        if let Some(list) = self.network_store.attachments.get_mut(&c.id) {
            list.retain(|a| a.network != net.name);
        }
        let attrs = vec![("container".to_string(), c.id.clone()), ("type".to_string(), net.driver.clone())];
        self.emit_with(ObjectKind::Network, Action::Disconnect, &net.id, &net.name, attrs);
        Ok(())
    }

    // ----- hooks for container create / start / remove ------------------------------------

    /// Reads a new container's `--network` value into its first attachment, with the
    /// daemon's create-time checks (`validateNetworkingConfig`). The network itself may be
    /// missing: docker only finds out at start.
    pub(super) fn network_plan(&self, spec: Option<&str>) -> Result<Attachment, DaemonError> {
        let (name, aliases, ip) = parse_network_spec(spec.unwrap_or("default"));
        let name = if name.is_empty() || name == "default" { "bridge".to_string() } else { name };
        if !is_user_defined(&name) && !aliases.is_empty() {
            return Err(DaemonError::Message(format!(
                "invalid config for network {name}: invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks"
            )));
        }
        let ip = ip.and_then(|s| parse_ipv4(&s));
        let name = match self.find_network(&name, "on name") {
            Ok(n) => n.name.clone(),
            Err(_) => name,
        };
        Ok(Attachment { network: name, network_id: None, aliases, ip })
    }

    /// Records a new container's first attachment.
    pub(super) fn network_attach_new(&mut self, container_id: &str, a: Attachment) {
        self.network_store.attachments.insert(container_id.to_string(), vec![a]);
    }

    /// The daemon's create-time warnings (the client prints each as `WARNING: ...`).
    pub fn container_create_warnings(&self, id: &str) -> Vec<String> {
        let Some(c) = self.containers.get(id) else { return Vec::new() };
        if self.container_network_mode(id) == "host" && !c.config.ports.is_empty() {
            return vec!["Published ports are discarded when using host network mode".to_string()];
        }
        Vec::new()
    }

    /// Whether the container's network mode publishes no ports at all (`host`, `none`).
    pub(super) fn network_drops_ports(&self, id: &str) -> bool {
        matches!(self.container_network_mode(id).as_str(), "host" | "none")
    }

    /// Start, step 1: every attached network must exist and have a free address
    /// (otherwise `failed to set up container networking: ...`). Changes nothing.
    pub(super) fn network_check_start(&self, id: &str) -> Result<(), DaemonError> {
        for a in self.container_attachments(id) {
            let Some(net) = self.attachment_network(a) else {
                let what = a.network_id.as_deref().unwrap_or(&a.network);
                return Err(DaemonError::Message(format!(
                    "failed to set up container networking: network {what} not found"
                )));
            };
            if !net.pools.is_empty() && self.free_ip(net, id, a.ip).is_none() {
                return Err(DaemonError::Message(match a.ip {
                    Some(ip) if self.ip_in_use(net, id, ip) => "failed to set up container networking: Address already in use".to_string(),
                    _ => format!("failed to set up container networking: no available IPv4 addresses on this network's address pools: {} ({})", net.name, net.id),
                }));
            }
        }
        Ok(())
    }

    /// Start, step 2: endpoints on every attached network. Returns the container's own
    /// address (`None` on `host`/`none`) and the address its processes see.
    pub(super) fn network_start(&mut self, id: &str) -> (Option<String>, String) {
        // Endpoints left from the last run are stale: every network gets a fresh one.
        for net in self.network_store.networks.values_mut() {
            net.endpoints.remove(id);
        }
        let n = self.container_attachments(id).len();
        let mut primary = None;
        for i in 0..n {
            if let Some(ip) = self.attach_endpoint(id, i).ok().flatten() {
                primary.get_or_insert(ip_string(ip));
            }
        }
        let seen = match (&primary, self.container_network_mode(id).as_str()) {
            (Some(ip), _) => ip.clone(),
            (None, "host") => HOST_NETWORK_IP.to_string(),
            (None, _) => "127.0.0.1".to_string(),
        };
        (primary, seen)
    }

    /// Creates the endpoint for attachment `idx` of a (running) container; returns its IP.
    fn attach_endpoint(&mut self, id: &str, idx: usize) -> Result<Option<u32>, DaemonError> {
        let Some(a) = self.container_attachments(id).get(idx).cloned() else { return Ok(None) };
        let Some(net) = self.attachment_network(&a).cloned() else {
            return Err(DaemonError::Message(format!(
                "network {} not found",
                a.network_id.as_deref().unwrap_or(&a.network)
            )));
        };
        let ip = if net.pools.is_empty() {
            None
        } else {
            match self.free_ip(&net, id, a.ip) {
                Some(ip) => Some(ip),
                None if a.ip.is_some() => return Err(DaemonError::Message("Address already in use".to_string())),
                None => {
                    return Err(DaemonError::Message(format!(
                        "no available IPv4 addresses on this network's address pools: {} ({})",
                        net.name, net.id
                    )))
                }
            }
        };
        let ep_id = self.aux_id();
        let mac = if ip.is_some() { self.new_mac() } else { String::new() };
        if let Some(n) = self.network_store.networks.get_mut(&net.id) {
            n.endpoints.insert(id.to_string(), Endpoint { id: ep_id, ip, mac });
        }
        if let Some(list) = self.network_store.attachments.get_mut(id) {
            if let Some(att) = list.get_mut(idx) {
                att.network = net.name.clone();
                att.network_id = Some(net.id.clone());
            }
        }
        let attrs = vec![("container".to_string(), id.to_string()), ("type".to_string(), net.driver.clone())];
        self.emit_with(ObjectKind::Network, Action::Connect, &net.id, &net.name, attrs);
        Ok(ip)
    }

    /// Whether `ip` is held by another running container on `net`.
    fn ip_in_use(&self, net: &Network, except: &str, ip: u32) -> bool {
        self.live_endpoints(net).iter().any(|(c, ep)| c.id != except && ep.ip == Some(ip))
    }

    /// The lowest free address (or the requested one, if free) on a network, as
    /// libnetwork's default IPAM hands them out: never the network, broadcast or gateway
    /// address, never one a running container holds.
    ///
    /// The addresses in use are gathered once and sorted, so one allocation costs
    /// O(n log n) in the network's endpoints (it used to rebuild the endpoint list for
    /// every address it tried: O(n²)).
    fn free_ip(&self, net: &Network, except: &str, wanted: Option<u32>) -> Option<u32> {
        let mut used: Vec<u32> = net
            .endpoints
            .iter()
            .filter(|(cid, _)| {
                cid.as_str() != except && self.containers.get(cid.as_str()).is_some_and(|c| c.is_running())
            })
            .filter_map(|(_, ep)| ep.ip)
            .collect();
        crate::sort::sort(&mut used);
        let taken = |ip: u32| used.binary_search(&ip).is_ok();
        let usable = |p: &IpamPool, ip: u32| !is_reserved(p.subnet, ip) && ip != p.gateway && !taken(ip);
        if let Some(w) = wanted {
            return net
                .pools
                .iter()
                .find(|p| p.ip_range.unwrap_or(p.subnet).contains(w))
                .filter(|p| usable(p, w))
                .map(|_| w);
        }
        for p in &net.pools {
            let range = p.ip_range.unwrap_or(p.subnet);
            // At most `used.len()` + a few reserved addresses are skipped.
            let mut ip = range.first();
            loop {
                if usable(p, ip) {
                    return Some(ip);
                }
                if ip >= range.last() {
                    break;
                }
                ip += 1;
            }
        }
        None
    }

    /// The container's process ended: each network it was on says `disconnect` (moby's
    /// `releaseNetwork`). The stale endpoints stay until the next start replaces them.
    pub(super) fn network_release(&mut self, id: &str) {
        let mut gone = Vec::new();
        for a in self.container_attachments(id) {
            if let Some(net) = self.attachment_network(a).filter(|n| n.endpoints.contains_key(id)) {
                gone.push((net.id.clone(), net.name.clone(), net.driver.clone()));
            }
        }
        for (net_id, name, driver) in gone {
            let attrs = vec![("container".to_string(), id.to_string()), ("type".to_string(), driver)];
            self.emit_with(ObjectKind::Network, Action::Disconnect, &net_id, &name, attrs);
        }
    }

    /// A container is gone: its attachments and endpoints go with it.
    pub(super) fn network_forget(&mut self, id: &str) {
        self.network_store.attachments.remove(id);
        for n in self.network_store.networks.values_mut() {
            n.endpoints.remove(id);
        }
    }
}

/// `until` for prunes: a Unix timestamp or a Go duration back from now (`24h`, `10m`).
fn parse_until(v: &str, now: SimTime) -> Option<SimTime> {
    if let Ok(secs) = v.parse::<u64>() {
        return Some(secs * 1000);
    }
    let (num, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic())?);
    let n: u64 = num.parse().ok()?;
    let ms = match unit {
        "s" => n * 1000,
        "m" => n * 60_000,
        "h" => n * 3_600_000,
        _ => return None,
    };
    Some(now.saturating_sub(ms))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::container::{ContainerConfig, PortSpec};

    fn engine() -> Engine {
        crate::catalogue::testing::engine(7, crate::go::time::from_civil(2025, 2, 11, 7, 0, 0))
    }

    fn err<T: std::fmt::Debug>(r: Result<T, DaemonError>) -> String {
        match r {
            Ok(v) => format!("unexpected success: {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn create(e: &mut Engine, name: &str, subnet: &str, gateway: &str) -> Result<String, DaemonError> {
        let ipam = if subnet.is_empty() {
            Vec::new()
        } else {
            vec![IpamRequest { subnet: subnet.into(), gateway: gateway.into(), ip_range: String::new() }]
        };
        e.network_create(NetworkCreateRequest {
            name: name.into(),
            driver: "bridge".into(),
            ipam,
            ..Default::default()
        })
    }

    fn run(e: &mut Engine, name: &str, network: Option<&str>) -> String {
        let _ = e.image_pull("nginx");
        let config = ContainerConfig {
            image: "nginx".into(),
            network: network.map(str::to_string),
            restart: "no".into(),
            ..Default::default()
        };
        let id = e.container_create(Some(name), config).unwrap_or_else(|e| panic!("{e}"));
        if let Err(err) = e.container_start(&id) {
            panic!("{err}");
        }
        id
    }

    fn ip_on(e: &Engine, id: &str, net: &str) -> String {
        e.container_networks(id).into_iter().find(|n| n.name == net).map(|n| n.ip_address).unwrap_or_default()
    }

    #[test]
    fn predefined_networks_and_stable_ids() {
        let e = engine();
        let names: Vec<(String, String)> = e.networks().map(|n| (n.name.clone(), n.driver.clone())).collect();
        assert_eq!(names.len(), 3);
        assert!(names.contains(&("none".to_string(), "null".to_string())));
        let again = engine();
        assert_eq!(
            e.network_resolve("bridge").map(|n| n.id.clone()).ok(),
            again.network_resolve("bridge").map(|n| n.id.clone()).ok()
        );
        assert_eq!(err(e.network_resolve("nope")), "network nope not found");
    }

    #[test]
    fn user_networks_get_the_next_free_pool() {
        let mut e = engine();
        let a = create(&mut e, "a", "", "").unwrap_or_default();
        let _ = create(&mut e, "b", "", "");
        let pools = |e: &Engine, n: &str| {
            e.network_resolve(n).map(|n| (n.pools[0].subnet.to_string(), ip_string(n.pools[0].gateway))).ok()
        };
        assert_eq!(pools(&e, "a"), Some(("172.18.0.0/16".to_string(), "172.18.0.1".to_string())));
        assert_eq!(pools(&e, "b"), Some(("172.19.0.0/16".to_string(), "172.19.0.1".to_string())));
        assert!(e.network_remove(&a[..5]).is_ok());
        let _ = create(&mut e, "c", "", "");
        assert_eq!(pools(&e, "c"), Some(("172.18.0.0/16".to_string(), "172.18.0.1".to_string())));
        let _ = create(&mut e, "d", "10.5.0.0/24", "10.5.0.254");
        assert_eq!(pools(&e, "d"), Some(("10.5.0.0/24".to_string(), "10.5.0.254".to_string())));
    }

    #[test]
    fn create_errors_are_dockers() {
        let mut e = engine();
        assert_eq!(err(create(&mut e, "bridge", "", "")), "operation is not permitted on predefined bridge network ");
        assert_eq!(
            err(create(&mut e, "x", "999.1.1.1/40", "")),
            "invalid network config:\ninvalid subnet 999.1.1.1/40: invalid CIDR block notation"
        );
        assert_eq!(
            err(create(&mut e, "x", "10.1.2.3/16", "")),
            "invalid network config:\ninvalid subnet 10.1.2.3/16: it should be 10.1.0.0/16"
        );
        assert_eq!(
            err(create(&mut e, "x", "172.17.5.0/24", "")),
            "invalid pool request: Pool overlaps with other one on this address space"
        );
        assert_eq!(err(create(&mut e, " ", "", "")), "invalid name: name is empty");
        let _ = create(&mut e, "x", "", "");
        assert_eq!(err(create(&mut e, "x", "", "")), "network with name x already exists");
        let req = NetworkCreateRequest { name: "y".into(), driver: "weave".into(), ..Default::default() };
        assert_eq!(err(e.network_create(req)), "plugin \"weave\" not found");
        let req = NetworkCreateRequest { name: "y".into(), driver: "host".into(), ..Default::default() };
        assert_eq!(err(e.network_create(req)), "only one instance of \"host\" network is allowed");
        let bad = NetworkCreateRequest {
            name: "z".into(),
            ipam: vec![IpamRequest {
                subnet: "10.0.0.0/8".into(),
                gateway: String::new(),
                ip_range: "11.0.0.0/4".into(),
            }],
            ..Default::default()
        };
        assert_eq!(
            err(e.network_create(bad)),
            "invalid network config:\n* invalid ip-range 11.0.0.0/4: CIDR block is bigger than its parent subnet 10.0.0.0/8\n* invalid ip-range 11.0.0.0/4: it should be 0.0.0.0/4"
        );
        let _ = create(&mut e, "tiny", "10.0.0.0/31", "");
        assert_eq!(e.network_resolve("tiny").map(|n| ip_string(n.pools[0].gateway)).ok(), Some("10.0.0.0".to_string()));
        assert_eq!(
            err(create(&mut e, "edge", "10.1.0.0/24", "10.1.0.255")),
            "failed to allocate gateway (10.1.0.255): Address already in use"
        );
        for s in ["", "1.2.3.4", "1.2.3.4/", "01.2.3.4/8", "1.2.3.4/08", "1.2.3/8", "a.b.c.d/8", "1.2.3.4/33", "/"] {
            assert!(parse_prefix(s).is_none(), "{s}");
        }
    }

    #[test]
    fn containers_get_addresses_and_dns_on_user_networks_only() {
        let mut e = engine();
        let _ = create(&mut e, "mynet", "", "");
        let a = run(&mut e, "web", Some("name=mynet,alias=site"));
        let b = run(&mut e, "db", Some("mynet"));
        let c = run(&mut e, "old", None);
        assert_eq!(ip_on(&e, &a, "mynet"), "172.18.0.2");
        assert_eq!(ip_on(&e, &b, "mynet"), "172.18.0.3");
        assert_eq!(ip_on(&e, &c, "bridge"), "172.17.0.2");
        assert_eq!(e.container(&c).and_then(|c| c.ip.clone()), Some("172.17.0.2".to_string()));
        assert_eq!(e.resolve_name(&b, "web"), Some("172.18.0.2".to_string()));
        assert_eq!(e.resolve_name(&b, "SITE"), Some("172.18.0.2".to_string()));
        assert_eq!(e.resolve_name(&b, "web.mynet"), Some("172.18.0.2".to_string()));
        assert_eq!(e.resolve_name(&b, &a[..12]), Some("172.18.0.2".to_string()));
        assert_eq!(e.resolve_name(&c, "web"), None, "the default bridge has no DNS");
        assert_eq!(e.resolve_name(&b, "old"), None);
        // A stopped container frees its address and its name.
        assert!(e.container_stop(&a, None).is_ok());
        assert_eq!(e.resolve_name(&b, "web"), None);
        let d = run(&mut e, "third", Some("mynet"));
        assert_eq!(ip_on(&e, &d, "mynet"), "172.18.0.2");
        let info = e.container_networks(&a);
        assert_eq!((info[0].ip_address.as_str(), info[0].aliases.clone()), ("", vec!["site".to_string()]));
    }

    #[test]
    fn rm_refuses_while_containers_run() {
        let mut e = engine();
        let _ = create(&mut e, "mynet", "", "");
        let a = run(&mut e, "web", Some("mynet"));
        let ep = e
            .network_resolve("mynet")
            .ok()
            .and_then(|n| n.endpoints.get(&a).map(|x| x.id[..12].to_string()))
            .unwrap_or_default();
        assert_eq!(
            err(e.network_remove("mynet")),
            format!("error while removing network: network mynet has active endpoints (name:\"web\" id:\"{ep}\")")
        );
        assert_eq!(err(e.network_remove("bridge")), "bridge is a pre-defined network and cannot be removed");
        assert!(e.container_stop(&a, None).is_ok());
        assert!(e.network_remove("mynet").is_ok());
        // The stopped container remembers the network; its start now fails.
        let id = e.network_resolve("bridge").map(|n| n.id.clone()).unwrap_or_default();
        assert_ne!(id, "");
        let msg = err(e.container_start(&a));
        assert!(
            msg.starts_with("failed to set up container networking: network ") && msg.ends_with(" not found"),
            "{msg}"
        );
    }

    #[test]
    fn missing_network_fails_at_start_not_create() {
        let mut e = engine();
        let _ = e.image_pull("nginx");
        let config = ContainerConfig {
            image: "nginx".into(),
            network: Some("nope".into()),
            restart: "no".into(),
            ..Default::default()
        };
        let id = e.container_create(Some("web"), config).unwrap_or_default();
        assert_eq!(err(e.container_start(&id)), "failed to set up container networking: network nope not found");
        let _ = create(&mut e, "nope", "", "");
        assert!(e.container_start(&id).is_ok());
        assert_eq!(ip_on(&e, &id, "nope"), "172.18.0.2");
    }

    #[test]
    fn connect_and_disconnect() {
        let mut e = engine();
        let _ = create(&mut e, "mynet", "10.9.0.0/24", "");
        let a = run(&mut e, "web", None);
        assert!(e.network_connect("mynet", "web", vec!["w".into()], Some("10.9.0.50")).is_ok());
        assert_eq!(ip_on(&e, &a, "mynet"), "10.9.0.50");
        assert_eq!(
            err(e.network_connect("mynet", "web", vec![], None)),
            "endpoint with name web already exists in network mynet"
        );
        assert_eq!(
            err(e.network_connect("host", "web", vec![], None)),
            "cannot connect container to host network - container must be created in host network mode"
        );
        assert_eq!(
            err(e.network_connect("none", "web", vec![], None)),
            "container cannot be connected to multiple networks with one of the networks in private (none) mode"
        );
        assert_eq!(err(e.network_connect("nope", "web", vec![], None)), "network nope not found");
        assert_eq!(err(e.network_connect("mynet", "ghost", vec![], None)), "No such container: ghost");
        assert_eq!(
            err(e.network_connect("bridge", "web", vec!["x".into()], None)),
            "invalid endpoint settings:\nnetwork-scoped alias is supported only for containers in user defined networks"
        );
        assert!(e.network_disconnect("mynet", "web", false).is_ok());
        assert_eq!(
            err(e.network_disconnect("mynet", "web", false)),
            format!("container {a} is not connected to network mynet")
        );
        assert!(e.container_stop(&a, None).is_ok());
        assert_eq!(
            err(e.network_disconnect("mynet", "web", false)),
            format!("container {a} is not connected to the network mynet")
        );
        // A stopped container can be attached (and detached) without an address.
        assert!(e.network_connect("mynet", "web", vec![], None).is_ok());
        assert_eq!(e.container_networks(&a).len(), 2);
        assert!(e.container_start(&a).is_ok());
        assert_eq!(ip_on(&e, &a, "mynet"), "10.9.0.2");
    }

    #[test]
    fn host_and_none_modes() {
        let mut e = engine();
        let _ = e.image_pull("nginx");
        let config = ContainerConfig {
            image: "nginx".into(),
            network: Some("host".into()),
            ports: vec![PortSpec {
                host_ip: String::new(),
                host_port: Some(8080),
                container_port: 80,
                proto: "tcp".into(),
            }],
            restart: "no".into(),
            ..Default::default()
        };
        let id = e.container_create(Some("hostweb"), config).unwrap_or_default();
        assert_eq!(
            e.container_create_warnings(&id),
            vec!["Published ports are discarded when using host network mode".to_string()]
        );
        assert!(e.container_start(&id).is_ok());
        let c = e.container(&id).cloned();
        assert_eq!(c.as_ref().map(|c| (c.bindings.len(), c.ip.clone())), Some((0, None)));
        assert_eq!(e.network_resolve("host").map(|n| e.live_endpoints(n).len()).ok(), Some(1));
        assert_eq!(
            err(e.network_disconnect("host", "hostweb", false)),
            "cannot disconnect container from host network - container was created in host network mode"
        );
        let n = run(&mut e, "nonet", Some("none"));
        assert_eq!(e.container(&n).and_then(|c| c.ip.clone()), None);
    }

    #[test]
    fn ls_filters_and_prune() {
        let mut e = engine();
        let _ = create(&mut e, "front", "", "");
        let _ = create(&mut e, "back", "", "");
        let _ = run(&mut e, "web", Some("front"));
        let names = |r: Result<Vec<&Network>, DaemonError>| {
            let mut v =
                r.map(|v| v.iter().map(|n| n.name.clone()).collect::<Vec<_>>()).unwrap_or_else(|e| vec![e.to_string()]);
            v.sort();
            v
        };
        assert_eq!(names(e.network_list(&["driver=bridge".into()])), vec!["back", "bridge", "front"]);
        assert_eq!(names(e.network_list(&["type=custom".into()])), vec!["back", "front"]);
        assert_eq!(names(e.network_list(&["dangling=true".into()])), vec!["back"]);
        assert_eq!(names(e.network_list(&["name=ront".into()])), vec!["front"]);
        assert_eq!(names(e.network_list(&["bogus=1".into()])), vec!["invalid filter 'bogus'"]);
        assert_eq!(names(e.network_list(&["type=x".into()])), vec!["invalid filter: 'type'='x'"]);
        assert_eq!(e.network_prune(&[]).unwrap_or_default(), vec!["back".to_string()]);
    }
}
