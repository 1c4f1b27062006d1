//! `redis-cli`, the client of the Redis images: it finds the server the way a container does
//! (Docker's DNS on user-defined networks, `localhost` = its own container), and talks to a
//! running container whose main process is `redis-server`, whose keys live in the container's
//! [`data`](crate::engine::container::Container::data). Commands are the ones tutorials use
//! (`PING`, `SET`/`GET`, `DEL`, `EXISTS`, `INCR`, `KEYS`, ...); replies are written as
//! redis-cli writes them: quoted and typed (`"v"`, `(integer) 1`, `(nil)`) on a terminal,
//! raw (`v`, `1`) when its output is not one. Without a command and with `-it` it becomes a
//! prompt (`127.0.0.1:6379> `) that holds the terminal until `quit`.

use super::host::{is_busybox, ContainerHost};
use super::net;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// Where a redis-cli session talks to: the host and port as typed, and the server container
/// (none when the connection failed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    host: String,
    port: u16,
    server: Option<String>,
}

/// What a key holds in the server's data.
const PREFIX: &str = "redis:";

/// Runs `redis-cli ARGS`. `interactive` is whether it reads a terminal (`-it`): then, without
/// a command, it returns the session to hold the terminal with.
pub(super) fn run(h: &mut ContainerHost<'_>, args: &[String], stdin: &str) -> (Output, Option<Session>) {
    let mut out = Output::new();
    let mut host = "127.0.0.1".to_string();
    let mut port: u16 = 6379;
    let mut raw_forced = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        match a.as_str() {
            "-h" => host = args.get(i + 1).cloned().unwrap_or_default(),
            "-p" => port = args.get(i + 1).and_then(|p| p.parse().ok()).unwrap_or(6379),
            "-n" => {}
            "-a" | "--pass" => out.err(
                "Warning: Using a password with '-a' or '-u' option on the command line interface may not be safe.",
            ),
            "--raw" => {
                raw_forced = true;
                i += 1;
                continue;
            }
            _ => break,
        }
        i += 2;
    }
    let command: Vec<String> = args.get(i..).unwrap_or(&[]).to_vec();
    let tty = h.info.tty && !raw_forced;
    let server = connect(h, &host, port);
    let mut session = Session { host, port, server: None };
    match server {
        Ok(id) => session.server = Some(id),
        Err(e) => {
            out.err(e);
            if command.is_empty() && h.interactive && h.info.tty {
                return (out, Some(session));
            }
            out.code = 1;
            return (out, None);
        }
    }
    if command.is_empty() {
        if h.interactive && h.info.tty {
            return (out, Some(session));
        }
        // No terminal: it reads commands from its input, one per line.
        for line in stdin.lines() {
            let words: Vec<String> = line.split_whitespace().map(str::to_string).collect();
            if !words.is_empty() {
                reply(h, &session, &words, false, &mut out);
            }
        }
        return (out, None);
    }
    reply(h, &session, &command, tty, &mut out);
    (out, None)
}

/// Finds the server: the container at `host` whose main process is `redis-server`, or the error
/// redis-cli prints (`Could not connect to Redis at db:6379: Name or service not known`).
fn connect(h: &ContainerHost<'_>, host: &str, port: u16) -> Result<String, String> {
    let Some(ip) = net::address(h, host) else {
        let why = if is_busybox(&h.info.base) { "Name does not resolve" } else { "Name or service not known" };
        return Err(format!("Could not connect to Redis at {host}:{port}: {why}"));
    };
    net::server_container_at(h.engine, &ip, &["redis-server"])
        .filter(|_| port == 6379)
        .ok_or_else(|| format!("Could not connect to Redis at {host}:{port}: Connection refused"))
}

impl Session {
    /// The prompt: `127.0.0.1:6379> `, the host as typed, or `not connected> `.
    pub fn prompt(&self) -> String {
        match self.server {
            Some(_) => format!("{}:{}> ", self.host, self.port),
            None => "not connected> ".to_string(),
        }
    }

    /// One line typed at the prompt; `true` when it ends the session (`quit`, `exit`).
    pub(super) fn line(&mut self, h: &mut ContainerHost<'_>, line: &str) -> (Output, bool) {
        let mut out = Output::new();
        let words = split(line);
        let Some(first) = words.first() else { return (out, false) };
        if matches!(first.to_ascii_lowercase().as_str(), "quit" | "exit") {
            return (out, true);
        }
        if self.server.is_none() {
            // redis-cli tries again before each command.
            match connect(h, &self.host, self.port) {
                Ok(id) => self.server = Some(id),
                Err(e) => {
                    out.out(e);
                    return (out, false);
                }
            }
        }
        reply(h, self, &words, true, &mut out);
        (out, false)
    }
}

/// Splits a typed line into words as redis-cli does: spaces separate, double quotes group.
fn split(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut in_word = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

/// A server's reply.
enum Reply {
    Status(String),
    Bulk(Option<String>),
    Int(i64),
    Array(Vec<String>),
    Error(String),
}

/// Runs one command on the session's server and writes its reply.
fn reply(h: &mut ContainerHost<'_>, session: &Session, words: &[String], tty: bool, out: &mut Output) {
    let Some(id) = &session.server else { return };
    let Some(data) = h.engine.container_data_mut(id) else { return };
    let r = execute(data, words);
    match (r, tty) {
        (Reply::Status(s), _) => out.out(s),
        (Reply::Bulk(Some(v)), true) => out.out(format!("\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\""))),
        (Reply::Bulk(Some(v)), false) => out.out(v),
        (Reply::Bulk(None), true) => out.out("(nil)"),
        (Reply::Bulk(None), false) => out.out(""),
        (Reply::Int(n), true) => out.out(format!("(integer) {n}")),
        (Reply::Int(n), false) => out.out(n.to_string()),
        (Reply::Array(v), true) if v.is_empty() => out.out("(empty array)"),
        (Reply::Array(v), true) => {
            let width = v.len().to_string().len();
            for (i, item) in v.iter().enumerate() {
                out.out(format!("{:>width$}) \"{item}\"", i + 1));
            }
        }
        (Reply::Array(v), false) => v.into_iter().for_each(|item| out.out(item)),
        (Reply::Error(e), true) => out.out(format!("(error) {e}")),
        (Reply::Error(e), false) => {
            out.out(e);
            out.code = 1;
        }
    }
}

fn execute(data: &mut crate::map::Map<String, String>, words: &[String]) -> Reply {
    let name = words.first().map(String::as_str).unwrap_or("");
    let args = words.get(1..).unwrap_or(&[]);
    let key = |k: &str| format!("{PREFIX}{k}");
    let arity = |ok: bool| -> Option<Reply> {
        (!ok)
            .then(|| Reply::Error(format!("ERR wrong number of arguments for '{}' command", name.to_ascii_lowercase())))
    };
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "ping" => match args {
            [] => Reply::Status("PONG".to_string()),
            [msg] => Reply::Bulk(Some(msg.clone())),
            _ => arity(false).unwrap_or(Reply::Status(String::new())),
        },
        "echo" => arity(args.len() == 1).unwrap_or_else(|| Reply::Bulk(args.first().cloned())),
        "set" => {
            if let Some(e) = arity(args.len() >= 2) {
                return e;
            }
            data.insert(key(&args[0]), args[1].clone());
            Reply::Status("OK".to_string())
        }
        "get" => arity(args.len() == 1).unwrap_or_else(|| Reply::Bulk(data.get(&key(&args[0])).cloned())),
        "del" | "unlink" => {
            if let Some(e) = arity(!args.is_empty()) {
                return e;
            }
            Reply::Int(args.iter().filter(|k| data.remove(&key(k)).is_some()).count() as i64)
        }
        "exists" => {
            if let Some(e) = arity(!args.is_empty()) {
                return e;
            }
            Reply::Int(args.iter().filter(|k| data.contains_key(&key(k))).count() as i64)
        }
        "incr" | "decr" | "incrby" | "decrby" => {
            let by_arg = lower.ends_with("by");
            if let Some(e) = arity(args.len() == if by_arg { 2 } else { 1 }) {
                return e;
            }
            let step: i64 = if by_arg {
                match args[1].parse() {
                    Ok(n) => n,
                    Err(_) => return Reply::Error("ERR value is not an integer or out of range".to_string()),
                }
            } else {
                1
            };
            let step = if lower.starts_with("decr") { step.saturating_neg() } else { step };
            let k = key(&args[0]);
            let current = match data.get(&k).map(|v| v.parse::<i64>()) {
                None => 0,
                Some(Ok(n)) => n,
                Some(Err(_)) => return Reply::Error("ERR value is not an integer or out of range".to_string()),
            };
            let Some(next) = current.checked_add(step) else {
                return Reply::Error("ERR increment or decrement would overflow".to_string());
            };
            data.insert(k, next.to_string());
            Reply::Int(next)
        }
        "keys" => {
            if let Some(e) = arity(args.len() == 1) {
                return e;
            }
            let pattern = &args[0];
            let keys = data
                .keys()
                .filter_map(|k| k.strip_prefix(PREFIX))
                .filter(|k| glob(pattern, k))
                .map(str::to_string)
                .collect();
            Reply::Array(keys)
        }
        "dbsize" => Reply::Int(data.keys().filter(|k| k.starts_with(PREFIX)).count() as i64),
        "flushall" | "flushdb" => {
            data.retain(|k, _| !k.starts_with(PREFIX));
            Reply::Status("OK".to_string())
        }
        _ => {
            let shown: String = args.iter().map(|a| format!("'{a}' ")).collect();
            Reply::Error(format!("ERR unknown command '{name}', with args beginning with: {shown}"))
        }
    }
}

/// Redis's glob: `*`, `?` and plain characters (enough for `KEYS *`, `KEYS user:*`).
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Iterative matching with one backtrack point for `*`.
    let (mut pi, mut ti, mut star, mut mark) = (0usize, 0usize, None, 0usize);
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some(pi);
                mark = ti;
                pi += 1;
            }
            Some(&c) if c == '?' || c == t[ti] => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some(s) => {
                    pi = s + 1;
                    mark += 1;
                    ti = mark;
                }
                None => return false,
            },
        }
    }
    p.get(pi..).unwrap_or(&[]).iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_words() {
        assert!(glob("*", "a") && glob("user:*", "user:1") && !glob("user:?", "user:10") && glob("a*c", "abbc"));
        assert_eq!(split(r#"SET greeting "hello world""#), ["SET", "greeting", "hello world"]);
    }

    #[test]
    fn commands_change_the_data() {
        let mut d = crate::map::Map::new();
        let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert!(matches!(execute(&mut d, &w("SET k v")), Reply::Status(s) if s == "OK"));
        assert!(matches!(execute(&mut d, &w("get k")), Reply::Bulk(Some(v)) if v == "v"));
        assert!(matches!(execute(&mut d, &w("INCR n")), Reply::Int(1)));
        assert!(matches!(execute(&mut d, &w("INCR k")), Reply::Error(_)));
        assert!(matches!(execute(&mut d, &w("KEYS *")), Reply::Array(v) if v == ["k", "n"]));
        assert!(matches!(execute(&mut d, &w("DEL k n x")), Reply::Int(2)));
        assert!(
            matches!(execute(&mut d, &w("GET")), Reply::Error(e) if e == "ERR wrong number of arguments for 'get' command")
        );
    }
}
