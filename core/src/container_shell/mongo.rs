//! `mongosh`, the MongoDB shell of the mongo images: its greeting, and the commands first
//! tutorials type (`show dbs`, `use`, `db.createCollection`, `insertOne`, `find`,
//! `countDocuments`), printed the way mongosh prints them (Node's `util.inspect` layout:
//! single-quoted strings, `ObjectId('...')`). The server is a running container whose main
//! process is `mongod`; documents live in its [`data`](crate::engine::container::Container::data).
//! With `-it` and no `--eval` it holds the terminal at its `test> ` prompt until `exit`.

use super::host::ContainerHost;
use super::net;
use crate::engine::registry::sha256_hex;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// Where a mongosh session is: its server and current database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    server: String,
    db: String,
}

/// How a document is stored in the server's data: one JSON array of documents per collection.
fn key(db: &str, collection: &str) -> String {
    format!("mongo:{db}/{collection}")
}

/// Node's `util.inspect` line limit as mongosh prints objects. UNCERTAIN: chosen so that the
/// real transcripts' layouts come out (`{ ok: 1 }` on one line, an insert's reply on four).
const BREAK_LENGTH: usize = 72;

/// Runs `mongosh ARGS`: a greeting, then `--eval`'s result, or the prompt with `-it`.
pub(super) fn run(h: &mut ContainerHost<'_>, args: &[String]) -> (Output, Option<Session>) {
    let mut out = Output::new();
    let mut host = "127.0.0.1".to_string();
    let mut eval: Option<String> = None;
    let mut quiet = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        match a.as_str() {
            "--host" => {
                host = args.get(i + 1).cloned().unwrap_or_default();
                i += 1;
            }
            "--eval" => {
                eval = args.get(i + 1).cloned();
                i += 1;
            }
            "--quiet" => quiet = true,
            url if url.starts_with("mongodb://") => {
                let rest = url.trim_start_matches("mongodb://");
                let authority = rest.split('/').next().unwrap_or(rest);
                let authority = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
                host = authority.split(':').next().unwrap_or("127.0.0.1").to_string();
            }
            _ => {}
        }
        i += 1;
    }
    let version = client_version(h);
    let log_id = object_id(&format!("log\0{}", h.info.container), h.engine.now());
    if !quiet {
        out.out(format!("Current Mongosh Log ID:\t{log_id}"));
        let target = if host == "127.0.0.1" || host == "localhost" { "127.0.0.1".to_string() } else { host.clone() };
        out.out(format!(
            "Connecting to:\t\tmongodb://{target}:27017/?directConnection=true&serverSelectionTimeoutMS=2000&appName=mongosh+{version}"
        ));
    }
    let server = net::address(h, &host)
        .ok_or_else(|| format!("MongoNetworkError: getaddrinfo ENOTFOUND {host}"))
        .and_then(|ip| {
            net::server_container_at(h.engine, &ip, &["mongod"])
                .ok_or_else(|| format!("MongoNetworkError: connect ECONNREFUSED {ip}:27017"))
        });
    let server = match server {
        Ok(s) => s,
        Err(e) => {
            out.err(e);
            out.code = 1;
            return (out, None);
        }
    };
    let session = Session { server, db: "test".to_string() };
    if !quiet {
        let (server_version, started) = server_details(h, &session.server);
        out.out(format!("Using MongoDB:\t\t{server_version}"));
        out.out(format!("Using Mongosh:\t\t{version}"));
        out.out("");
        out.out("For mongosh info see: https://www.mongodb.com/docs/mongodb-shell/");
        out.out("");
        // UNCERTAIN: the real list holds more warnings (memory allocator, swappiness, ...);
        // only the two the facts record verbatim are shown.
        out.out("------");
        out.out("   The server generated these startup warnings when booting");
        out.out(format!("   {started}: Access control is not enabled for the database. Read and write access to data and configuration is unrestricted"));
        out.out(format!("   {started}: For customers running the current memory allocator, we suggest changing the contents of the following sysfsFile"));
        out.out("------");
        out.out("");
    }
    let mut session = session;
    if let Some(code) = eval {
        for line in code.split(';').map(str::trim).filter(|l| !l.is_empty()) {
            let (o, _) = session.line(h, line);
            out.extend(o);
        }
        return (out, None);
    }
    if h.interactive && h.info.tty {
        return (out, Some(session));
    }
    (out, None)
}

/// The mongosh version: the image's `mongosh --version` answer.
fn client_version(h: &ContainerHost<'_>) -> String {
    h.image()
        .and_then(|i| i.process.version.get("mongosh").and_then(|t| t.first()).map(|t| t.text().to_string()))
        .unwrap_or_else(|| "2.3.7".to_string())
}

/// The server's version (`MONGO_VERSION`) and its start time as mongod stamps its log.
fn server_details(h: &ContainerHost<'_>, id: &str) -> (String, String) {
    let Some(c) = h.engine.container(id) else { return (String::new(), String::new()) };
    let version = c.env.iter().find_map(|e| e.strip_prefix("MONGO_VERSION=")).unwrap_or("").to_string();
    let started = crate::engine::process::fill("{mongo_time}", "", c.started_at.unwrap_or(c.created) + 521);
    (version, started)
}

/// An ObjectId as MongoDB makes one: the time in seconds (8 hex digits), then 16 hex digits
/// that differ per process and count up; here derived from `seed`, so replays agree.
fn object_id(seed: &str, now: u64) -> String {
    let rest = sha256_hex(seed.as_bytes());
    format!("{:08x}{}", (now / 1000) as u32, rest.get(..16).unwrap_or("0000000000000000"))
}

impl Session {
    /// The prompt: the current database.
    pub fn prompt(&self) -> String {
        format!("{}> ", self.db)
    }

    /// One typed line; `true` when it ends the shell (`exit`, `quit`).
    pub(super) fn line(&mut self, h: &mut ContainerHost<'_>, line: &str) -> (Output, bool) {
        let mut out = Output::new();
        let line = line.trim().trim_end_matches(';').trim();
        if line.is_empty() {
            return (out, false);
        }
        if matches!(line, "exit" | "quit" | "exit()" | "quit()" | ".exit") {
            return (out, true);
        }
        let now = h.engine.now();
        let Some(data) = h.engine.container_data_mut(&self.server) else { return (out, true) };
        for l in self.eval(data, line, now) {
            out.out(l);
        }
        (out, false)
    }

    fn eval(&mut self, data: &mut crate::map::Map<String, String>, line: &str, now: u64) -> Vec<String> {
        if let Some(db) = line.strip_prefix("use ") {
            self.db = db.trim().to_string();
            return vec![format!("switched to db {}", self.db)];
        }
        match line {
            "show dbs" | "show databases" => return show_dbs(data),
            "show collections" | "show tables" => {
                let prefix = key(&self.db, "");
                return data.keys().filter_map(|k| k.strip_prefix(&prefix)).map(str::to_string).collect();
            }
            "db" | "db.getName()" => return vec![self.db.clone()],
            _ => {}
        }
        if let Some(rest) = line.strip_prefix("db.createCollection(") {
            let name = unquote(rest.trim_end_matches(')'));
            data.entry(key(&self.db, &name)).or_insert_with(|| "[]".to_string());
            return vec!["{ ok: 1 }".to_string()];
        }
        if line.starts_with("db.runCommand(") || line.starts_with("db.adminCommand(") {
            return vec!["{ ok: 1 }".to_string()];
        }
        if let Some(rest) = line.strip_prefix("db.") {
            if let Some((collection, call)) = rest.split_once('.') {
                return self.collection_call(data, collection, call, now);
            }
        }
        let word: String = line.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if word.is_empty() {
            return vec![format!("SyntaxError: Unexpected token (1:0)")];
        }
        vec![format!("ReferenceError: {word} is not defined")]
    }

    fn collection_call(
        &self,
        data: &mut crate::map::Map<String, String>,
        collection: &str,
        call: &str,
        now: u64,
    ) -> Vec<String> {
        let k = key(&self.db, collection);
        let mut docs: Vec<Vec<(String, Value)>> = data.get(&k).map(|t| decode(t)).unwrap_or_default();
        let (method, arg) = match call.split_once('(') {
            Some((m, a)) => (m, a.strip_suffix(')').unwrap_or(a).trim()),
            None => return vec![format!("TypeError: db.{collection}.{call} is not a function")],
        };
        match method {
            "insertOne" => {
                let Some(mut doc) = parse_object(arg) else {
                    return vec!["SyntaxError: Unexpected token".to_string()];
                };
                let id = object_id(&format!("doc\0{k}\0{}", docs.len()), now);
                if !doc.iter().any(|(f, _)| f == "_id") {
                    doc.insert(0, ("_id".to_string(), Value::ObjectId(id.clone())));
                }
                docs.push(doc);
                data.insert(k, encode(&docs));
                let reply = vec![
                    ("acknowledged".to_string(), Value::Bool(true)),
                    ("insertedId".to_string(), Value::ObjectId(id)),
                ];
                inspect_object(&reply, 0)
            }
            "find" => {
                if docs.is_empty() {
                    return Vec::new();
                }
                let mut lines = vec!["[".to_string()];
                let n = docs.len();
                for (i, d) in docs.iter().enumerate() {
                    let mut inner = inspect_object(d, 2);
                    if i + 1 < n {
                        if let Some(last) = inner.last_mut() {
                            last.push(',');
                        }
                    }
                    lines.extend(inner.into_iter().map(|l| format!("  {l}")));
                }
                lines.push("]".to_string());
                lines
            }
            "countDocuments" => vec![docs.len().to_string()],
            "drop" => vec![data.remove(&k).is_some().to_string()],
            _ => vec![format!("TypeError: db.{collection}.{method} is not a function")],
        }
    }
}

fn show_dbs(data: &crate::map::Map<String, String>) -> Vec<String> {
    let mut dbs: Vec<(String, String)> = vec![
        ("admin".into(), "40.00 KiB".into()),
        ("config".into(), "12.00 KiB".into()),
        ("local".into(), "40.00 KiB".into()),
    ];
    for k in data.keys().filter_map(|k| k.strip_prefix("mongo:")) {
        let db = k.split('/').next().unwrap_or(k).to_string();
        if !dbs.iter().any(|(d, _)| *d == db) {
            dbs.push((db, "8.00 KiB".into()));
        }
    }
    crate::sort::sort_by(&mut dbs, |a, b| a.0.cmp(&b.0));
    let width = dbs.iter().map(|(d, _)| d.len()).max().unwrap_or(0);
    dbs.iter().map(|(d, s)| format!("{d:<width$}  {s:>9}")).collect()
}

/// A field's value.
#[derive(Clone, Debug, PartialEq)]
enum Value {
    Str(String),
    Num(String),
    Bool(bool),
    Null,
    ObjectId(String),
}

impl Value {
    fn inspect(&self) -> String {
        match self {
            Value::Str(s) => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
            Value::Num(n) => n.clone(),
            Value::Bool(b) => b.to_string(),
            Value::Null => "null".to_string(),
            Value::ObjectId(id) => format!("ObjectId('{id}')"),
        }
    }
}

/// A document as mongosh prints it: on one line if it fits, else one field per line.
fn inspect_object(doc: &[(String, Value)], indent: usize) -> Vec<String> {
    let fields: Vec<String> = doc.iter().map(|(k, v)| format!("{k}: {}", v.inspect())).collect();
    let one_line = format!("{{ {} }}", fields.join(", "));
    if indent + one_line.len() + fields.len() <= BREAK_LENGTH {
        return vec![one_line];
    }
    let n = fields.len();
    let mut lines = vec!["{".to_string()];
    for (i, f) in fields.into_iter().enumerate() {
        lines.push(format!("  {f}{}", if i + 1 < n { "," } else { "" }));
    }
    lines.push("}".to_string());
    lines
}

/// `{ name: "John", age: 30 }` (flat: strings, numbers, booleans, null).
fn parse_object(text: &str) -> Option<Vec<(String, Value)>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut out = Vec::new();
    for field in split_top(inner) {
        let field = field.trim();
        if field.is_empty() {
            continue;
        }
        let (k, v) = field.split_once(':')?;
        let k = unquote(k.trim());
        let v = v.trim();
        let value = if v.starts_with('"') || v.starts_with('\'') {
            Value::Str(unquote(v))
        } else if v == "true" || v == "false" {
            Value::Bool(v == "true")
        } else if v == "null" {
            Value::Null
        } else if v.parse::<f64>().is_ok() {
            Value::Num(v.to_string())
        } else {
            return None;
        };
        out.push((k, value));
    }
    Some(out)
}

/// Splits on commas outside quotes.
fn split_top(text: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ',') => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(p) = parts.last_mut() {
            p.push(c);
        }
    }
    parts
}

fn unquote(s: &str) -> String {
    let s = s.trim();
    for q in ['"', '\''] {
        if let Some(inner) = s.strip_prefix(q).and_then(|r| r.strip_suffix(q)) {
            return inner.to_string();
        }
    }
    s.to_string()
}

fn encode(docs: &[Vec<(String, Value)>]) -> String {
    let json: Vec<serde_json::Value> = docs
        .iter()
        .map(|d| {
            serde_json::Value::Array(
                d.iter()
                    .map(|(k, v)| {
                        let (t, s) = match v {
                            Value::Str(s) => ("s", s.clone()),
                            Value::Num(n) => ("n", n.clone()),
                            Value::Bool(b) => ("b", b.to_string()),
                            Value::Null => ("z", String::new()),
                            Value::ObjectId(id) => ("o", id.clone()),
                        };
                        serde_json::json!([k, t, s])
                    })
                    .collect(),
            )
        })
        .collect();
    serde_json::Value::Array(json).to_string()
}

fn decode(text: &str) -> Vec<Vec<(String, Value)>> {
    let Ok(serde_json::Value::Array(docs)) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    docs.iter()
        .filter_map(|d| d.as_array())
        .map(|fields| {
            fields
                .iter()
                .filter_map(|f| {
                    let k = f.get(0)?.as_str()?.to_string();
                    let s = f.get(2)?.as_str()?.to_string();
                    let v = match f.get(1)?.as_str()? {
                        "s" => Value::Str(s),
                        "n" => Value::Num(s),
                        "b" => Value::Bool(s == "true"),
                        "o" => Value::ObjectId(s),
                        _ => Value::Null,
                    };
                    Some((k, v))
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_print_as_mongosh_prints_them() {
        let doc = parse_object(r#"{ firstName: "John", lastName: 'Doe', age: 30, ok: true }"#).unwrap();
        assert_eq!(doc.len(), 4);
        assert_eq!(inspect_object(&[("ok".into(), Value::Num("1".into()))], 0), ["{ ok: 1 }"]);
        let reply =
            [("acknowledged".into(), Value::Bool(true)), ("insertedId".into(), Value::ObjectId("6763".repeat(6)))];
        assert_eq!(inspect_object(&reply, 0).len(), 4);
        assert_eq!(decode(&encode(std::slice::from_ref(&doc))), [doc]);
        assert!(parse_object("{ a: b }").is_none());
    }
}
