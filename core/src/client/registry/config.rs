//! The client's `~/.docker/config.json`: where `docker login` stores credentials (base64
//! `user:password`, no credential helper on a plain docker-ce host), `docker logout` erases
//! them and `docker push` and `docker build` read them. It is a file on the simulated host,
//! so `cat ~/.docker/config.json` shows what docker writes (Go's `json.MarshalIndent` with a
//! tab), and undo and saved progress keep it with the rest of the host.

use crate::client::ClientHost;
use crate::engine::hub::{Credentials, HUB_SERVER};
use crate::shell::fs::{Node, NodeKind, Who, WriteMode};

/// The config file's path for the client's user.
pub fn path(host: &ClientHost<'_>) -> String {
    let home = host.env.get("HOME").map(String::as_str).unwrap_or(crate::shell::fs::HOME);
    format!("{}/.docker/config.json", home.trim_end_matches('/'))
}

/// The `auths` entries: server key → `user:password`.
fn auths(host: &ClientHost<'_>) -> Vec<(String, String)> {
    auths_in(host.fs, &path(host))
}

/// The Docker ID logged in to the practice hub, read from the config file under `home` (the
/// snapshot shows it, so a login is a step undo can take back).
pub fn hub_user(fs: &crate::shell::Fs, home: &str) -> Option<String> {
    let path = format!("{}/.docker/config.json", home.trim_end_matches('/'));
    auths_in(fs, &path).into_iter().find(|(k, _)| k == HUB_SERVER).and_then(|(_, up)| {
        let (u, _) = up.split_once(':')?;
        Some(u.to_string())
    })
}

fn auths_in(fs: &crate::shell::Fs, path: &str) -> Vec<(String, String)> {
    let Ok(text) = fs.read(path, Who::Root) else { return Vec::new() };
    let Ok(v) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    let Some(map) = v.get("auths").and_then(|a| a.as_object()) else { return Vec::new() };
    map.iter()
        .filter_map(|(k, e)| {
            let auth = e.get("auth")?.as_str()?;
            Some((k.clone(), String::from_utf8(base64_decode(auth)?).ok()?))
        })
        .collect()
}

/// The stored Docker Hub credentials, if any.
pub fn credentials(host: &ClientHost<'_>) -> Option<Credentials> {
    auths(host).into_iter().find(|(k, _)| k == HUB_SERVER).and_then(|(_, up)| {
        let (u, p) = up.split_once(':')?;
        Some(Credentials { username: u.to_string(), password: p.to_string() })
    })
}

/// The stored user name for a server key (`Username (alice): ` prompts).
pub fn stored_user(host: &ClientHost<'_>, key: &str) -> Option<String> {
    auths(host).into_iter().find(|(k, _)| k == key).and_then(|(_, up)| up.split_once(':').map(|(u, _)| u.to_string()))
}

/// Writes the file with these entries, as docker formats it.
fn write(host: &mut ClientHost<'_>, entries: &[(String, String)]) {
    let p = path(host);
    let dir = crate::shell::fs::parent(&p).to_string();
    let now = host.now;
    if !host.fs.exists(&dir) {
        let _ = host
            .fs
            .insert(&dir, Node { kind: NodeKind::Dir, owner: crate::shell::fs::USER.into(), mode: 0o700, mtime: now });
    }
    let mut text = String::from("{\n\t\"auths\": {");
    for (i, (k, up)) in entries.iter().enumerate() {
        text.push_str(if i == 0 { "\n" } else { ",\n" });
        text.push_str(&format!(
            "\t\t{}: {{\n\t\t\t\"auth\": \"{}\"\n\t\t}}",
            serde_json::Value::String(k.clone()),
            base64_encode(up.as_bytes())
        ));
    }
    text.push_str(if entries.is_empty() { "}\n}" } else { "\n\t}\n}" });
    if host.fs.exists(&p) {
        let _ = host.fs.write(&p, &text, WriteMode::Truncate, Who::Root, now);
    } else {
        let _ = host.fs.insert(
            &p,
            Node { kind: NodeKind::File(text), owner: crate::shell::fs::USER.into(), mode: 0o600, mtime: now },
        );
    }
}

/// Stores credentials for `key`; whether anything changed (docker warns only then).
pub fn store(host: &mut ClientHost<'_>, key: &str, user: &str, password: &str) -> bool {
    let mut entries = auths(host);
    let value = format!("{user}:{password}");
    if entries.iter().any(|(k, v)| k == key && *v == value) {
        return false;
    }
    entries.retain(|(k, _)| k != key);
    entries.push((key.to_string(), value));
    crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
    write(host, &entries);
    true
}

/// Erases credentials for `key` (nothing to do is fine).
pub fn erase(host: &mut ClientHost<'_>, key: &str) {
    let mut entries = auths(host);
    let before = entries.len();
    entries.retain(|(k, _)| k != key);
    if entries.len() != before {
        write(host, &entries);
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64; `None` when it is not.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut bits = 0;
    for c in text.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(((acc >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_round_trips() {
        for s in ["", "a", "ab", "abc", "alice:secret"] {
            assert_eq!(base64_decode(&base64_encode(s.as_bytes())).as_deref(), Some(s.as_bytes()));
        }
        assert_eq!(base64_encode(b"alice:secret"), "YWxpY2U6c2VjcmV0");
    }
}
