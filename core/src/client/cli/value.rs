//! The checks a flag value passes when it is set, as pflag's value types and docker's
//! `opts` package run them (`opts.ValidateEnv`, `MountOpt.Set`, `NetworkOpt.Set` ...),
//! and the form the value is stored in. The error texts are docker's; the parser wraps
//! them in pflag's `invalid argument "..." for "--x" flag: ...`.

use super::spec::{Check, FlagSpec, ValueKind};
use crate::go::csv::record as csv_record;
use crate::go::strconv::{self, parse_bool, parse_int, parse_uint, NumError};
use crate::go::time::parse_duration;
use crate::go::units::ram_in_bytes;

/// The values a flag stores for `value`, or the error text its Go type returns.
pub(super) fn check_value(f: &FlagSpec, value: &str) -> Result<Vec<String>, String> {
    let v = value.to_string();
    match f.kind {
        ValueKind::Bool => {
            parse_bool(value).map(|b| vec![b.to_string()]).ok_or_else(|| NumError::Syntax.text("ParseBool", value))
        }
        ValueKind::Int => parse_int(value).map(|_| vec![v]).map_err(|e| e.text("ParseInt", value)),
        ValueKind::Uint(bits) => parse_uint(value, bits).map(|_| vec![v]).map_err(|e| e.text("ParseUint", value)),
        ValueKind::Bytes if f.check == Check::Swap && value == "-1" => Ok(vec![v]),
        ValueKind::Bytes => ram_in_bytes(value).map(|_| vec![v]),
        ValueKind::Duration => parse_duration(value).map(|_| vec![v]),
        ValueKind::Decimal => parse_cpus(value).map(|_| vec![v]),
        // pflag's `readAsCSV` reads "" as no values; docker's own CSV options say EOF.
        ValueKind::Csv if value.is_empty() => Ok(Vec::new()),
        ValueKind::Csv => csv_record(value),
        ValueKind::Filter => {
            if value.is_empty() {
                return Ok(Vec::new());
            }
            let (name, val) = value.split_once('=').ok_or("bad format of filter (expected name=value)")?;
            Ok(vec![format!("{}={}", name.trim().to_lowercase(), val.trim())])
        }
        ValueKind::Mount => check_mount(value).map(|_| vec![v]),
        ValueKind::Network => check_network(value).map(|_| vec![v]),
        ValueKind::Str | ValueKind::List => check_list(f.check, value).map(|v| vec![v]),
    }
}

/// docker's `opts.Validate*` functions for list flags; the value they store.
fn check_list(check: Check, value: &str) -> Result<String, String> {
    match check {
        Check::Env => match value.split_once('=').map_or(value, |(k, _)| k) {
            "" => Err(format!("invalid environment variable: {value}")),
            _ => Ok(value.to_string()),
        },
        Check::Label => {
            let key = value.split_once('=').map_or(value, |(k, _)| k);
            let key = key.trim_start_matches([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']);
            if key.is_empty() {
                Err(format!("invalid label '{value}': empty name"))
            } else if key.contains([' ', '\t', '\n', '\u{b}', '\u{c}', '\r']) {
                Err(format!("label '{key}' contains whitespaces"))
            } else {
                Ok(value.to_string())
            }
        }
        Check::Attach => {
            let s = value.to_lowercase();
            match s.as_str() {
                "stdin" | "stdout" | "stderr" => Ok(s),
                _ => Err("valid streams are STDIN, STDOUT and STDERR".to_string()),
            }
        }
        Check::Host => {
            let (k, v) = value
                .split_once('=')
                .or_else(|| value.split_once(':'))
                .ok_or_else(|| format!("bad format for add-host: {}", strconv::quote(value)))?;
            if k.is_empty() || k.contains(':') {
                return Err(format!("bad format for add-host: {}", strconv::quote(value)));
            }
            if v != "host-gateway" {
                let ip = v.strip_prefix('[').and_then(|x| x.strip_suffix(']')).filter(|_| v.len() > 2).unwrap_or(v);
                if ip.trim().parse::<std::net::IpAddr>().is_err() {
                    return Err(format!("invalid IP address in add-host: {}", strconv::quote(ip)));
                }
            }
            Ok(format!("{k}:{v}"))
        }
        Check::Ip => match value.trim().parse::<std::net::IpAddr>() {
            Ok(_) => Ok(value.trim().to_string()),
            Err(_) => Err(format!("IP address is not correctly formatted: {value}")),
        },
        Check::Link => {
            if value.is_empty() {
                Err("empty string specified for links".to_string())
            } else if value.split(':').count() > 2 {
                Err(format!("bad format for links: {value}"))
            } else {
                Ok(value.to_string())
            }
        }
        Check::Sysctl => {
            let ok = match value.split_once('=') {
                Some((k, _)) if !k.is_empty() => {
                    matches!(
                        k,
                        "kernel.msgmax"
                            | "kernel.msgmnb"
                            | "kernel.msgmni"
                            | "kernel.sem"
                            | "kernel.shmall"
                            | "kernel.shmmax"
                            | "kernel.shmmni"
                            | "kernel.shm_rmid_forced"
                    ) || k.starts_with("net.")
                        || k.starts_with("fs.mqueue.")
                }
                _ => false,
            };
            if ok {
                Ok(value.to_string())
            } else {
                Err(format!("sysctl '{value}' is not allowed"))
            }
        }
        Check::None | Check::Swap => Ok(value.to_string()),
    }
}

/// docker's `MountOpt.Set`: `type=volume,source=data,target=/data,readonly` ...
fn check_mount(value: &str) -> Result<(), String> {
    let fields = csv_record(value)?;
    let mut kind = "volume".to_string();
    let mut target = false;
    let (mut bind, mut volume, mut image, mut tmpfs) = (false, false, false, false);
    let (mut readonly, mut writable_rec, mut readonly_rec, mut rprivate) = (false, false, false, false);
    for field in &fields {
        let (key, val) = match field.split_once('=') {
            Some((k, v)) => (k.to_lowercase(), v),
            None => {
                match field.to_lowercase().as_str() {
                    "readonly" | "ro" => readonly = true,
                    "volume-nocopy" => volume = true,
                    "bind-nonrecursive" => bind = true,
                    _ => return Err(format!("invalid field '{field}' must be a key=value pair")),
                }
                continue;
            }
        };
        let bad_value = || format!("invalid value for {key}: {val}");
        match key.as_str() {
            "type" => kind = val.to_lowercase(),
            "source" | "src" | "consistency" => {}
            "target" | "dst" | "destination" => target = !val.is_empty(),
            "readonly" | "ro" => readonly = parse_bool(val).ok_or_else(bad_value)?,
            "bind-propagation" => {
                bind = true;
                rprivate = val.eq_ignore_ascii_case("rprivate");
            }
            "bind-nonrecursive" => {
                bind = true;
                parse_bool(val).ok_or_else(bad_value)?;
            }
            "bind-recursive" => match val {
                "enabled" => {}
                "disabled" => bind = true,
                "writable" => (bind, writable_rec) = (true, true),
                "readonly" => (bind, readonly_rec) = (true, true),
                _ => {
                    let choices = r#""enabled", "disabled", "writable", or "readonly""#;
                    return Err(format!("invalid value for {key}: {val} (must be {choices})"));
                }
            },
            "volume-subpath" | "volume-label" | "volume-driver" | "volume-opt" => volume = true,
            "volume-nocopy" => {
                volume = true;
                parse_bool(val).ok_or_else(|| format!("invalid value for volume-nocopy: {val}"))?;
            }
            "image-subpath" => image = true,
            "tmpfs-size" => {
                tmpfs = true;
                ram_in_bytes(val).map_err(|_| bad_value())?;
            }
            "tmpfs-mode" => {
                tmpfs = true;
                u32::from_str_radix(val, 8).map_err(|_| bad_value())?;
            }
            _ => return Err(format!("unexpected key '{key}' in '{field}'")),
        }
    }
    if kind.is_empty() {
        return Err("type is required".to_string());
    }
    if !target {
        return Err("target is required".to_string());
    }
    for (used, prefix, own) in
        [(volume, "volume", "volume"), (image, "image", "image"), (bind, "bind", "bind"), (tmpfs, "tmpfs", "tmpfs")]
    {
        if used && kind != own {
            return Err(format!("cannot mix '{prefix}-*' options with mount type '{kind}'"));
        }
    }
    if writable_rec && !readonly {
        return Err("option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction".to_string());
    }
    if readonly_rec && !readonly {
        return Err("option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction".to_string());
    }
    if readonly_rec && !rprivate {
        return Err(
            "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in conjunction"
                .to_string(),
        );
    }
    Ok(())
}

/// docker's `NetworkOpt.Set`: a bare name, or `name=...,alias=...` when the value has any
/// `word=word` in it (an unanchored regexp in docker).
fn check_network(value: &str) -> Result<(), String> {
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let b = value.as_bytes();
    let long = (1..b.len().saturating_sub(1)).any(|i| b[i] == b'=' && word(b[i - 1]) && word(b[i + 1]));
    if !long {
        return Ok(());
    }
    let mut named = false;
    for field in csv_record(value)? {
        let lower = field.to_lowercase();
        let (key, val) = match lower.split_once('=') {
            Some((k, v)) if !k.is_empty() => (k.trim(), v.trim()),
            _ => return Err(format!("invalid field {field}")),
        };
        match key {
            "name" => named = !val.is_empty(),
            "alias" | "ip" | "ip6" | "mac-address" | "link-local-ip" => {}
            "driver-opt" => {
                if val.split_once('=').is_none_or(|(k, _)| k.is_empty()) {
                    return Err("invalid key value pair format in driver options".to_string());
                }
            }
            "gw-priority" => {
                // strconv.Atoi: decimal only.
                if let Err(e) = val.parse::<i64>() {
                    let range =
                        matches!(e.kind(), std::num::IntErrorKind::PosOverflow | std::num::IntErrorKind::NegOverflow);
                    let why = if range { "value out of range" } else { "invalid syntax" };
                    return Err(format!("invalid gw-priority ({val}): {why}"));
                }
            }
            _ => return Err(format!("invalid field key {key}")),
        }
    }
    if named {
        Ok(())
    } else {
        Err("network name/id is not specified".to_string())
    }
}

/// docker's `ParseCPUs` (`--cpus 1.5` → 1.5e9 nano-CPUs): a rational number (`1.5`,
/// `3/2`, `2e-1`) that must be a whole number of nano-CPUs.
pub(super) fn parse_cpus(value: &str) -> Result<i64, String> {
    let not_rational = || format!("failed to parse {value} as a rational number");
    let too_precise = || "value is too precise".to_string();
    if let Some((a, b)) = value.split_once('/') {
        let a: i128 = a.parse().map_err(|_| not_rational())?;
        let b: i128 = b.parse().map_err(|_| not_rational())?;
        if b <= 0 {
            return Err(not_rational());
        }
        let nano = a.checked_mul(1_000_000_000).ok_or_else(too_precise)?;
        return if nano % b == 0 { Ok((nano / b) as i64) } else { Err(too_precise()) };
    }
    let (mantissa, exp) = match value.find(['e', 'E']) {
        Some(at) => (&value[..at], value[at + 1..].parse::<i64>().map_err(|_| not_rational())?),
        None => (value, 0),
    };
    let (neg, m) = match mantissa.as_bytes().first() {
        Some(b'-') => (true, &mantissa[1..]),
        Some(b'+') => (false, &mantissa[1..]),
        _ => (false, mantissa),
    };
    let (int, frac) = m.split_once('.').unwrap_or((m, ""));
    if (int.is_empty() && frac.is_empty()) || !int.bytes().chain(frac.bytes()).all(|c| c.is_ascii_digit()) {
        return Err(not_rational());
    }
    let digits = format!("{int}{frac}");
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Ok(0);
    }
    let n: i128 = digits.parse().map_err(|_| too_precise())?;
    let n = if neg { -n } else { n };
    // value = n × 10^(exp − |frac|); nano-CPUs = value × 10^9.
    let scale = exp.saturating_sub(frac.len() as i64).saturating_add(9);
    let pow = |e: i64| u32::try_from(e).ok().and_then(|e| 10i128.checked_pow(e));
    if scale >= 0 {
        let p = pow(scale).ok_or_else(too_precise)?;
        n.checked_mul(p).map(|v| v as i64).ok_or_else(too_precise)
    } else {
        match pow(-scale) {
            Some(p) if n % p == 0 => Ok((n / p) as i64),
            _ => Err(too_precise()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpus_are_whole_nano_cpus() {
        assert_eq!(parse_cpus("1.5"), Ok(1_500_000_000));
        assert_eq!(parse_cpus("3/2"), Ok(1_500_000_000));
        assert_eq!(parse_cpus("2e-1"), Ok(200_000_000));
        assert_eq!(parse_cpus("1e-10"), Err("value is too precise".to_string()));
        assert_eq!(parse_cpus("x"), Err("failed to parse x as a rational number".to_string()));
    }
}
