//! IPv4 addresses and prefixes as the daemon's IPAM handles them: host-order bits, dotted
//! text, `a.b.c.d/n` prefixes and their overlaps.

use serde::{Deserialize, Serialize};

/// An IPv4 prefix (`172.18.0.0/16`) as host-order bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ipv4Net {
    /// The address as written (host bits may be set until [`masked`](Self::masked)).
    pub addr: u32,
    /// Prefix length, 0..=32.
    pub prefix: u8,
}

impl Ipv4Net {
    fn mask(self) -> u32 {
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - u32::from(self.prefix.min(32)))
        }
    }

    /// The same prefix with its host bits cleared.
    pub fn masked(self) -> Ipv4Net {
        Ipv4Net { addr: self.addr & self.mask(), prefix: self.prefix }
    }

    /// First address (the network address).
    pub fn first(self) -> u32 {
        self.addr & self.mask()
    }

    /// Last address (the broadcast address).
    pub fn last(self) -> u32 {
        self.first() | !self.mask()
    }

    /// Whether `ip` lies inside.
    pub fn contains(self, ip: u32) -> bool {
        ip & self.mask() == self.first()
    }

    /// Whether the two prefixes share any address.
    pub fn overlaps(self, other: Ipv4Net) -> bool {
        self.contains(other.first()) || other.contains(self.first())
    }
}

impl std::fmt::Display for Ipv4Net {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", ip_string(self.addr), self.prefix)
    }
}

/// Dotted-quad text of an address.
pub fn ip_string(ip: u32) -> String {
    let b = ip.to_be_bytes();
    format!("{}.{}.{}.{}", b[0], b[1], b[2], b[3])
}

/// Go's `netip.ParseAddr` for IPv4: four decimal fields 0..=255, no leading zeros.
pub fn parse_ipv4(s: &str) -> Option<u32> {
    let fields: Vec<&str> = s.split('.').collect();
    if fields.len() != 4 {
        return None;
    }
    let mut v: u32 = 0;
    for f in fields {
        if f.is_empty() || f.len() > 3 || !f.bytes().all(|b| b.is_ascii_digit()) || (f.len() > 1 && f.starts_with('0'))
        {
            return None;
        }
        let n: u32 = f.parse().ok()?;
        if n > 255 {
            return None;
        }
        v = (v << 8) | n;
    }
    Some(v)
}

/// Go's `netip.ParsePrefix` for IPv4 (`10.0.0.0/24`; bits 0..=32 without leading zeros).
pub fn parse_prefix(s: &str) -> Option<Ipv4Net> {
    let (a, bits) = s.split_once('/')?;
    if bits.is_empty()
        || bits.len() > 2
        || !bits.bytes().all(|b| b.is_ascii_digit())
        || (bits.len() > 1 && bits.starts_with('0'))
    {
        return None;
    }
    let prefix: u8 = bits.parse().ok()?;
    if prefix > 32 {
        return None;
    }
    Some(Ipv4Net { addr: parse_ipv4(a)?, prefix })
}
