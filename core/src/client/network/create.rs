//! `docker network create`: a user-defined network. The client pairs each `--ip-range` and
//! `--gateway` with the `--subnet` that contains it (docker/cli's `createIPAMConfig`) and
//! refuses what it cannot place before the daemon hears of it.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::facts::kv_map;
use crate::engine::network::{parse_ipv4, IpamRequest, Ipv4Net, NetworkCreateRequest};
use crate::engine::Engine;
use crate::output::Output;

/// `docker network create [OPTIONS] NETWORK`.
#[derive(Clone, Debug, PartialEq)]
pub struct Create<'a> {
    /// NETWORK.
    pub name: &'a str,
    /// `-d, --driver` (default `bridge`).
    pub driver: &'a str,
    /// `--subnet`.
    pub subnets: &'a [String],
    /// `--ip-range`.
    pub ranges: &'a [String],
    /// `--gateway`.
    pub gateways: &'a [String],
    /// `--aux-address`.
    pub aux: &'a [String],
    /// `--ipam-driver` (default `default`).
    pub ipam_driver: &'a str,
    /// `--ipam-opt`.
    pub ipam_options: &'a [String],
    /// `-o, --opt`.
    pub options: &'a [String],
    /// `--label`.
    pub labels: &'a [String],
    /// `--internal`.
    pub internal: bool,
    /// `--attachable`.
    pub attachable: bool,
    /// `--ipv6`.
    pub ipv6: bool,
}

impl<'a> Create<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Create<'a> {
        let f = &inv.flags;
        Create {
            name: inv.args.first().map(String::as_str).unwrap_or(""),
            driver: f.string("driver").unwrap_or(""),
            subnets: f.list("subnet"),
            ranges: f.list("ip-range"),
            gateways: f.list("gateway"),
            aux: f.list("aux-address"),
            ipam_driver: f.string("ipam-driver").unwrap_or(""),
            ipam_options: f.list("ipam-opt"),
            options: f.list("opt"),
            labels: f.list("label"),
            internal: f.bool("internal"),
            attachable: f.bool("attachable"),
            ipv6: f.bool("ipv6"),
        }
    }

    /// Creates it and prints its full ID.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut out = Output::new();
        let ipam = match ipam_config(self.subnets, self.ranges, self.gateways, self.aux) {
            Ok(i) => i,
            Err(e) => {
                out.fail(&e, 1);
                return out;
            }
        };
        let or = |v: &str, default: &str| if v.is_empty() { default } else { v }.to_string();
        let req = NetworkCreateRequest {
            name: self.name.to_string(),
            driver: or(self.driver, "bridge"),
            ipam,
            ipam_driver: or(self.ipam_driver, "default"),
            ipam_options: kv_map(self.ipam_options),
            options: kv_map(self.options),
            labels: kv_map(self.labels),
            internal: self.internal,
            attachable: self.attachable,
            ipv6: self.ipv6,
        };
        match engine.network_create(req) {
            Ok(id) => out.out(id),
            Err(e) => daemon_error(&mut out, &e),
        }
        out
    }
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
}
