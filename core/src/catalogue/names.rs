//! The behaviours catalogue files may name. They are Rust (how a server answers, how a
//! timestamp is written); the data only names them, and the validator rejects a name that is
//! not here. A new behaviour is added in its module and named here in the same change.

/// `{...}` keys a log template may use, filled by `engine::process::templates`.
pub const TEMPLATE_KEYS: &[&str] = &[
    "ip",
    "apache_time",
    "apache22_time",
    "nginx_time",
    "iso_time",
    "entrypoint_time",
    "pg_time",
    "pg_time_s",
    "mariadb_time",
    "mariadb_short",
    "go_time",
    "puma_time",
    "fpm_time",
    "date",
    "php_time",
    "redis_time",
    "unix_time",
    "mongo_time",
    "iso_ms",
    "rabbit_time",
    "rfc3339",
    "kernel",
    "cpus",
    "worker",
    "hostname",
    "id",
    "uuid",
    "secret",
    "password",
    "fingerprint",
    "token",
];

/// Template keys with an argument after a colon: `{env:NAME}`, `{env_names:PREFIX}`.
pub const TEMPLATE_PREFIXES: &[&str] = &["env", "env_names"];

/// Web servers an image's `[http]` may name (`http::server`).
pub const SERVERS: &[&str] = &["apache", "nginx", "traefik", "elasticsearch", "php"];

/// Package managers a base system's `pkg` may name (`container_shell::packages`).
pub const PACKAGE_MANAGERS: &[&str] = &["apt", "apk", "microdnf", "none"];

/// What a base system's `shell` may be.
pub const SHELLS: &[&str] = &["bash", "ash", "none"];

/// What a base system's `sh` may be.
pub const SH: &[&str] = &["dash", "bash", "ash", "none"];

/// What a base system's `ps` may be.
pub const PS: &[&str] = &["procps", "busybox", ""];

/// Stop signals an image config may name (without `SIG`, any case), besides numbers.
pub fn is_signal(s: &str) -> bool {
    s.is_empty() || crate::engine::process::signal_number(s).is_some()
}

/// Whether `{key}` is a template key the engine fills.
pub fn is_template_key(key: &str) -> bool {
    match key.split_once(':') {
        Some((prefix, arg)) => TEMPLATE_PREFIXES.contains(&prefix) && !arg.is_empty(),
        None => TEMPLATE_KEYS.contains(&key),
    }
}

/// The `{...}` keys in a template text that the engine does not know, found the way the
/// engine reads them (`engine::process::templates::fill`): a `{` whose `}` comes after another
/// `{` is text, so JSON in a log line (`{"t":{"$date":"{mongo_time}"}}`) is text around the
/// one key. Only identifier-like keys count: `{"ok":1}` is text too.
pub fn unknown_template_keys(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find('}') {
            Some(close) if !after.get(..close).unwrap_or("{").contains('{') => {
                let key = after.get(..close).unwrap_or("");
                let looks_like_key = !key.is_empty()
                    && key.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'|' | b'-'));
                if looks_like_key && !is_template_key(key) {
                    out.push(key.to_string());
                }
                rest = after.get(close + 1..).unwrap_or("");
            }
            Some(_) => rest = after,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_keys_are_checked_and_json_braces_are_text() {
        assert!(unknown_template_keys("[{apache_time}] {ip} {env:A|B} {worker}").is_empty());
        assert_eq!(unknown_template_keys("{nginx_tme} x"), vec!["nginx_tme"]);
        assert!(unknown_template_keys(r#"{"t":{"$date":"{mongo_time}"},"ok":1}"#).is_empty());
        assert_eq!(unknown_template_keys(r#"{"t":{"$date":"{mongo_tim}"}}"#), vec!["mongo_tim"]);
        assert!(unknown_template_keys("{").is_empty());
    }
}
