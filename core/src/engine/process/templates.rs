//! Log templates: `{nginx_time}`, `{ip}`, `{env:NAME}`, ... filled with a container's
//! details and the virtual time a line is written at (see [`fill`]).

use super::Ctx;
use crate::engine::registry;
use crate::go::time::{civil, short_day_name, short_month_name};
use crate::host::{CPUS, KERNEL_RELEASE};

/// Fills a log template: `{ip}`, `{apache_time}` (`Tue Feb 11 07:00:00.123456 2025`),
/// `{apache22_time}` (`Tue Feb 11 07:00:00 2025`), `{nginx_time}` (`2025/02/11 07:00:00`),
/// `{iso_time}` (`2025-02-11T07:00:00.123456Z`, mysqld), `{entrypoint_time}`
/// (`2025-02-11 07:00:00+00:00`, `date --rfc-3339=seconds`), `{pg_time}`
/// (`2025-02-11 07:00:00.123 UTC`), `{pg_time_s}` (`2025-02-11 07:00:00 UTC`), `{mariadb_time}`
/// (`2025-02-11  7:00:00`), `{mariadb_short}` (`250211  7:00:00`), `{go_time}`
/// (`2025-02-11T07:00:00.123456789Z`), `{puma_time}` (`2025-02-11 07:00:00 +0000`), `{date}`
/// (`Tue Feb 11 07:00:00 UTC 2025`), `{fpm_time}` (`11-Feb-2025 07:00:00`), `{php_time}`
/// (`Tue Feb 11 07:00:00 2025`, PHP's built-in server), `{redis_time}` (`11 Feb 2025 07:00:00.123`),
/// `{unix_time}` (seconds since 1970), `{mongo_time}` (`2025-02-11T07:00:00.123+00:00`),
/// `{iso_ms}` (`2025-02-11T07:00:00.123Z`, Elasticsearch), `{rabbit_time}`
/// (`2025-02-11 07:00:00.123456+00:00`), `{rfc3339}` (`2025-02-11T07:00:00Z`, Go's zerolog
/// and logrus) and `{kernel}`. Container-specific keys (`{hostname}`,
/// `{env:NAME}`, `{env_names:PREFIX}`, `{uuid}`, `{secret}`, `{password}`, `{fingerprint}`,
/// `{token}`, `{worker}`) are filled when the
/// engine renders a container's logs. Unknown `{...}` text is left alone.
pub fn fill(template: &str, ip: &str, now: crate::env::SimTime) -> String {
    fill_with(template, &Fill { ctx: None, ip, micros: now * 1000, worker: None })
}

pub(super) struct Fill<'a> {
    pub ctx: Option<&'a Ctx<'a>>,
    pub ip: &'a str,
    pub micros: u64,
    pub worker: Option<u32>,
}

pub(super) fn fill_with(template: &str, f: &Fill) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or(""));
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find('}') {
            Some(close) if !after.get(..close).unwrap_or("{").contains('{') => {
                let key = after.get(..close).unwrap_or("");
                match expand_key(key, f) {
                    Some(v) => out.push_str(&v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn expand_key(key: &str, f: &Fill) -> Option<String> {
    let secs = f.micros / 1_000_000;
    let us = f.micros % 1_000_000;
    let (y, mo, d, h, mi, s) = civil(secs);
    let (dow, mon) = (short_day_name(secs * 1000), short_month_name(mo));
    let v = match key {
        "ip" => f.ip.to_string(),
        "apache_time" => format!("{dow} {mon} {d:02} {h:02}:{mi:02}:{s:02}.{us:06} {y}"),
        "apache22_time" => format!("{dow} {mon} {d:02} {h:02}:{mi:02}:{s:02} {y}"),
        "nginx_time" => format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02}"),
        "iso_time" => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{us:06}Z"),
        "entrypoint_time" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}+00:00"),
        "pg_time" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{:03} UTC", us / 1000),
        "pg_time_s" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC"),
        "mariadb_time" => format!("{y:04}-{mo:02}-{d:02} {h:2}:{mi:02}:{s:02}"),
        "mariadb_short" => format!("{:02}{mo:02}{d:02} {h:2}:{mi:02}:{s:02}", y.rem_euclid(100)),
        "go_time" => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{us:06}{:03}Z", (us * 7 + 311) % 1000),
        "puma_time" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} +0000"),
        "fpm_time" => format!("{d:02}-{mon}-{y:04} {h:02}:{mi:02}:{s:02}"),
        "date" => format!("{dow} {mon} {d:>2} {h:02}:{mi:02}:{s:02} UTC {y}"),
        "php_time" => format!("{dow} {mon} {d:>2} {h:02}:{mi:02}:{s:02} {y}"),
        "redis_time" => format!("{d:02} {mon} {y} {h:02}:{mi:02}:{s:02}.{:03}", us / 1000),
        "unix_time" => secs.to_string(),
        "mongo_time" => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}+00:00", us / 1000),
        "iso_ms" => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:03}Z", us / 1000),
        "rabbit_time" => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}.{us:06}+00:00"),
        "rfc3339" => format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"),
        "kernel" => KERNEL_RELEASE.to_string(),
        "cpus" => CPUS.to_string(),
        "worker" => f.worker?.to_string(),
        _ => {
            let ctx = f.ctx?;
            match key.split_once(':') {
                Some(("env", names)) => {
                    names.split('|').find_map(|n| ctx.env_value(n).filter(|v| !v.is_empty())).unwrap_or_default()
                }
                Some(("env_names", prefix)) => {
                    let mut names: Vec<&str> =
                        ctx.env.iter().filter_map(|(k, _)| k.starts_with(prefix).then_some(k.as_str())).collect();
                    crate::sort::sort(&mut names);
                    names.join(" ")
                }
                None => match key {
                    "hostname" => ctx.hostname.clone(),
                    "id" => ctx.c.short_id().to_string(),
                    "uuid" => uuid_from(&ctx.c.id),
                    "secret" => secret_from(&ctx.c.id),
                    // Elasticsearch's first start: the elastic user's password, the HTTP CA's
                    // fingerprint and the enrollment tokens, all derived from the container.
                    "password" => secret_from(&ctx.c.id)
                        .chars()
                        .take(20)
                        .map(|c| match c {
                            '+' => '*',
                            '/' => '_',
                            c => c,
                        })
                        .collect(),
                    "fingerprint" => registry::sha256_hex(format!("fingerprint\0{}", ctx.c.id).as_bytes()),
                    "token" => (0..5).map(|i| secret_from(&format!("{}\0{i}", ctx.c.id))).collect::<String>() + "==",
                    _ => return None,
                },
                _ => return None,
            }
        }
    };
    Some(v)
}

/// A version-4-shaped UUID derived from the container ID (the registry's `instance.id`).
fn uuid_from(id: &str) -> String {
    let hex = registry::sha256_hex(format!("uuid\0{id}").as_bytes());
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or("0");
    format!("{}-{}-4{}-a{}-{}", part(0, 8), part(8, 12), part(13, 16), part(17, 20), part(20, 32))
}

/// A 32-character password derived from the container ID (MYSQL_RANDOM_ROOT_PASSWORD).
fn secret_from(id: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let hex = registry::sha256_hex(format!("secret\0{id}").as_bytes());
    hex.as_bytes()
        .chunks(2)
        .take(32)
        .map(|p| {
            let v = p.iter().fold(0usize, |acc, b| acc * 16 + (*b as char).to_digit(16).unwrap_or(0) as usize);
            ALPHABET.get(v % 64).copied().unwrap_or(b'A') as char
        })
        .collect()
}
