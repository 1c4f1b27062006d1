//! Loading a project as compose-go v2.6.4 (compose v2.36.2) does: find the files, read the
//! environment (the shell's, then `.env`), parse the YAML, interpolate `${VAR}`, validate
//! against the compose schema, decode into the [`Project`] model and check it is consistent.
//! Every refusal is compose's own text (`no configuration file provided: not found`,
//! `validating /home/user/shop/compose.yaml: services.web Additional property foo is not
//! allowed`, `service "web" depends on undefined service "db": invalid compose project`);
//! warnings (an unset variable, the obsolete `version:`) come as logrus prints them.

use super::model::{Build, Dependency, Healthcheck, Mount, Network, Port, Project, Service, Volume};
use super::validate::{shape, validate};
use super::yaml::{self, Node, Scalar, Style, Value};
use crate::env::SimTime;
use crate::go::time::rfc3339;
use crate::map::Map;
use crate::shell::fs::{self, Fs, Who};

/// The files compose looks for, in the order it prefers them.
pub const DEFAULT_FILES: [&str; 4] = ["compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml"];

/// What the command line says about the project.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `-f` (relative to the working directory).
    pub files: Vec<String>,
    /// `-p`.
    pub name: Option<String>,
    /// `--project-directory`.
    pub project_dir: Option<String>,
    /// `--env-file`.
    pub env_files: Vec<String>,
}

/// The machine the files are read from.
pub struct Host<'a> {
    /// The host's files.
    pub fs: &'a Fs,
    /// The working directory.
    pub cwd: &'a str,
    /// The shell's exported variables.
    pub env: &'a Map<String, String>,
    /// For warnings' timestamps.
    pub now: SimTime,
}

/// A loaded project and the warnings printed on the way (stderr, before anything else).
#[derive(Clone, Debug)]
pub struct Loaded {
    /// The project.
    pub project: Project,
    /// logrus warning lines.
    pub warnings: Vec<String>,
}

/// A refusal, with the warnings printed before it.
#[derive(Clone, Debug)]
pub struct LoadError {
    /// logrus warning lines.
    pub warnings: Vec<String>,
    /// The error text (stderr, status 1).
    pub message: String,
}

type Res<T> = Result<T, String>;

struct Ctx<'a> {
    host: &'a Host<'a>,
    warnings: Vec<String>,
    /// The interpolation environment: the shell's, then `.env` for what it does not set.
    env: Map<String, String>,
    warned: Vec<String>,
}

impl Ctx<'_> {
    fn warn(&mut self, msg: &str) {
        self.warnings.push(logrus_warning(self.host.now, msg));
    }
}

/// `time="2025-02-11T07:00:00Z" level=warning msg="..."`, as compose's logrus prints.
pub fn logrus_warning(now: SimTime, msg: &str) -> String {
    format!("time=\"{}\" level=warning msg={}", rfc3339(now), crate::go::strconv::quote(msg))
}

/// The project's name as compose-go derives it from `-p`, `COMPOSE_PROJECT_NAME` or a
/// directory, or an error for a `-p` it refuses.
pub fn check_name(name: &str) -> Res<()> {
    let ok = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "invalid project name {}: must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number",
            crate::go::strconv::quote(name)
        ))
    }
}

/// compose-go's `NormalizeProjectName`: lower-case, keep `[a-z0-9_-]`, no leading `_`/`-`.
pub fn normalize_name(s: &str) -> String {
    let lower = s.to_lowercase();
    let kept: String =
        lower.chars().filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '-').collect();
    kept.trim_start_matches(['_', '-']).to_string()
}

/// The compose files and the project directory, found as compose finds them.
pub fn find_files(host: &Host<'_>, opts: &Options) -> Result<(Vec<String>, String, Vec<String>), String> {
    let mut warnings = Vec::new();
    if !opts.files.is_empty() {
        let files: Vec<String> = opts.files.iter().map(|f| fs::normalize(host.cwd, f)).collect();
        for f in &files {
            if !host.fs.exists(f) {
                return Err(format!("open {f}: no such file or directory"));
            }
        }
        let dir = match &opts.project_dir {
            Some(d) => fs::normalize(host.cwd, d),
            None => fs::parent(files.first().map(String::as_str).unwrap_or(host.cwd)).to_string(),
        };
        return Ok((files, dir, warnings));
    }
    let start = match &opts.project_dir {
        Some(d) => fs::normalize(host.cwd, d),
        None => host.cwd.to_string(),
    };
    let mut dir = start.clone();
    for _ in 0..64 {
        let found: Vec<String> = DEFAULT_FILES
            .iter()
            .map(|n| if dir == "/" { format!("/{n}") } else { format!("{dir}/{n}") })
            .filter(|p| host.fs.get(p).is_some_and(|n| !n.is_dir()))
            .collect();
        if let Some(first) = found.first() {
            if found.len() > 1 {
                warnings.push(logrus_warning(
                    host.now,
                    &format!("Found multiple config files with supported names: {}", found.join(", ")),
                ));
                warnings.push(logrus_warning(host.now, &format!("Using {first}")));
            }
            let project_dir = if opts.project_dir.is_some() { start } else { dir.clone() };
            return Ok((vec![first.clone()], project_dir, warnings));
        }
        if dir == "/" {
            break;
        }
        dir = fs::parent(&dir).to_string();
    }
    Err("no configuration file provided: not found".to_string())
}

/// Loads the project. `services` are the ones named on the command line (only checked to
/// exist by the commands themselves).
pub fn load(host: &Host<'_>, opts: &Options) -> Result<Loaded, LoadError> {
    let mut ctx = Ctx { host, warnings: Vec::new(), env: host.env.clone(), warned: Vec::new() };
    match load_in(&mut ctx, opts) {
        Ok(project) => Ok(Loaded { project, warnings: ctx.warnings }),
        Err(message) => Err(LoadError { warnings: ctx.warnings, message }),
    }
}

fn load_in(ctx: &mut Ctx<'_>, opts: &Options) -> Res<Project> {
    let host = ctx.host;
    let (files, project_dir, warnings) = find_files(host, opts)?;
    ctx.warnings.extend(warnings);
    // The environment: the shell's variables win over `.env` (or `--env-file`).
    let env_files: Vec<String> = if opts.env_files.is_empty() {
        let dot = format!("{}/.env", project_dir.trim_end_matches('/'));
        if host.fs.get(&dot).is_some_and(|n| !n.is_dir()) {
            vec![dot]
        } else {
            Vec::new()
        }
    } else {
        opts.env_files.iter().map(|f| fs::normalize(host.cwd, f)).collect()
    };
    for f in &env_files {
        let Ok(text) = host.fs.read(f, Who::User) else {
            return Err(format!("couldn't find env file: {f}"));
        };
        for (k, v) in dotenv(text, &ctx.env.clone())? {
            if !host.env.contains_key(&k) {
                ctx.env.insert(k, v);
            }
        }
    }
    let mut merged: Option<Node> = None;
    for file in &files {
        let text = host.fs.read(file, Who::User).map_err(|_| format!("open {file}: no such file or directory"))?;
        let mut root = read_file(text)?;
        if root.get("version").is_some() {
            ctx.warn(&format!(
                "{file}: the attribute `version` is obsolete, it will be ignored, please remove it to avoid potential confusion"
            ));
        }
        shape(&root)?;
        interpolate(ctx, &mut root, "")?;
        validate(&root).map_err(|e| format!("validating {file}: {e}"))?;
        merged = Some(match merged {
            None => root,
            Some(base) => merge(base, root),
        });
    }
    let root = merged.unwrap_or_else(|| Node { value: Value::Map(Vec::new()), line: 1, column: 1 });
    let name = project_name(ctx, opts, &root, &project_dir)?;
    let mut project = decode(ctx, &root, &project_dir)?;
    project.name = name;
    project.config_files = files;
    project.working_dir = project_dir;
    normalize(&mut project);
    check(&project)?;
    Ok(project)
}

/// One file's text → its root mapping (documents merged), with go-yaml's and compose-go's
/// errors for what is not one.
fn read_file(text: &str) -> Res<Node> {
    let docs = yaml::parse(text).map_err(|p| p.to_string())?;
    let mut root: Option<Node> = None;
    for doc in docs {
        match &doc.value {
            Value::Map(_) => {
                check_duplicates(&doc, true)?;
                root = Some(match root {
                    None => doc,
                    Some(base) => merge(base, doc),
                });
            }
            Value::Scalar(..) if doc.is_null() => {}
            Value::Scalar(t, _, _) => {
                return Err(format!(
                    "yaml: unmarshal errors:\n  line {}: cannot unmarshal {} `{t}` into cli.named",
                    doc.line,
                    doc.short_tag()
                ));
            }
            Value::Seq(_) => {}
        }
    }
    let mut root = root.ok_or_else(|| "empty compose file".to_string())?;
    yaml::apply_merges(&mut root)?;
    Ok(root)
}

/// Duplicate keys: go-yaml's own check at the top level (all of them, `yaml: unmarshal
/// errors:`), compose-go's further down (the first one found).
fn check_duplicates(node: &Node, top: bool) -> Res<()> {
    match &node.value {
        Value::Map(entries) => {
            let mut dups = Vec::new();
            for (i, (k, _)) in entries.iter().enumerate() {
                for (k2, _) in entries.iter().skip(i + 1) {
                    if k.value == k2.value {
                        let name = k.text().unwrap_or("");
                        dups.push(format!(
                            "line {}: mapping key {} already defined at line {}",
                            k2.line,
                            crate::go::strconv::quote(name),
                            k.line
                        ));
                    }
                }
            }
            if !dups.is_empty() {
                return Err(if top {
                    format!("yaml: unmarshal errors:\n  {}", dups.join("\n  "))
                } else {
                    dups.swap_remove(0)
                });
            }
            entries.iter().try_for_each(|(_, v)| check_duplicates(v, false))
        }
        Value::Seq(items) => items.iter().try_for_each(|i| check_duplicates(i, false)),
        Value::Scalar(..) => Ok(()),
    }
}

/// A later file or document over an earlier one: mappings merge key by key, anything else
/// is replaced (compose's override rules, less their special cases for lists).
fn merge(base: Node, over: Node) -> Node {
    match (base.value, over.value) {
        (Value::Map(mut a), Value::Map(b)) => {
            for (k, v) in b {
                match a.iter().position(|(ak, _)| ak.value == k.value) {
                    Some(i) => {
                        let (ak, av) = a.remove(i);
                        a.insert(i, (ak, merge(av, v)));
                    }
                    None => a.push((k, v)),
                }
            }
            Node { value: Value::Map(a), line: base.line, column: base.column }
        }
        (_, v) => Node { value: v, line: over.line, column: over.column },
    }
}

/// `.env` and `env_file:` files as compose-go's dotenv reads them: `KEY=VALUE` lines,
/// `export`, comments, quotes, and `${VAR}` in unquoted and double-quoted values.
pub fn dotenv(text: &str, env: &Map<String, String>) -> Res<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").map(str::trim_start).unwrap_or(line);
        // A name alone takes the shell's value, if it has one.
        let Some((key, value)) = line.split_once('=') else {
            if let Some(v) = env.get(line) {
                out.push((line.to_string(), v.clone()));
            }
            continue;
        };
        let key = key.trim().to_string();
        let value = value.trim();
        let lookup =
            |k: &str| out.iter().rev().find(|(ok, _)| ok == k).map(|(_, v)| v.clone()).or_else(|| env.get(k).cloned());
        let value = if let Some(v) = value.strip_prefix('\'') {
            v.split('\'').next().unwrap_or("").to_string()
        } else if let Some(v) = value.strip_prefix('"') {
            let inner = v.rsplit_once('"').map(|(a, _)| a).unwrap_or(v);
            let unescaped = inner.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
            substitute(&unescaped, &|k| lookup(k)).map(|(s, _)| s).unwrap_or(unescaped)
        } else {
            let v = match value.find(" #") {
                Some(at) => value[..at].trim_end(),
                None => value,
            };
            substitute(v, &|k| lookup(k)).map(|(s, _)| s).unwrap_or_else(|_| v.to_string())
        };
        out.push((key, value));
    }
    Ok(out)
}

/// The result of substituting one string: the text and the variables it found unset.
type Substituted = (String, Vec<String>);

/// compose-go's template: `$$`, `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`, `${VAR:?msg}`,
/// `${VAR?msg}`, `${VAR:+x}`, `${VAR+x}`, nested in defaults. `Err(None)` is a syntax error,
/// `Err(Some(msg))` a required variable's message.
fn substitute(s: &str, lookup: &dyn Fn(&str) -> Option<String>) -> Result<Substituted, Option<String>> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut unset = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '$' {
            out.push(c);
            i += 1;
            continue;
        }
        match chars.get(i + 1) {
            Some('$') => {
                out.push('$');
                i += 2;
            }
            Some('{') => {
                // Find the matching brace (defaults may nest `${...}`).
                let mut depth = 0;
                let mut j = i + 1;
                let mut end = None;
                while j < chars.len() {
                    match chars[j] {
                        '{' => depth += 1,
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                end = Some(j);
                                break;
                            }
                        }
                        _ => {}
                    }
                    j += 1;
                }
                let Some(end) = end else { return Err(None) };
                let body: String = chars[i + 2..end].iter().collect();
                let name_len = body.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').count();
                if name_len == 0 {
                    return Err(None);
                }
                let name = &body[..name_len];
                let rest = &body[name_len..];
                let value = lookup(name);
                let (op, arg) = if let Some(a) = rest.strip_prefix(":-") {
                    (":-", a)
                } else if let Some(a) = rest.strip_prefix(":?") {
                    (":?", a)
                } else if let Some(a) = rest.strip_prefix(":+") {
                    (":+", a)
                } else if let Some(a) = rest.strip_prefix('-') {
                    ("-", a)
                } else if let Some(a) = rest.strip_prefix('?') {
                    ("?", a)
                } else if let Some(a) = rest.strip_prefix('+') {
                    ("+", a)
                } else if rest.is_empty() {
                    ("", "")
                } else {
                    return Err(None);
                };
                let expand = |a: &str| substitute(a, lookup);
                let set = value.is_some();
                let non_empty = value.as_deref().is_some_and(|v| !v.is_empty());
                match op {
                    "" => match value {
                        Some(v) => out.push_str(&v),
                        None => unset.push(name.to_string()),
                    },
                    ":-" | "-" => {
                        if (op == ":-" && non_empty) || (op == "-" && set) {
                            out.push_str(&value.unwrap_or_default());
                        } else {
                            let (v, u) = expand(arg)?;
                            out.push_str(&v);
                            unset.extend(u);
                        }
                    }
                    ":?" | "?" => {
                        if (op == ":?" && non_empty) || (op == "?" && set) {
                            out.push_str(&value.unwrap_or_default());
                        } else {
                            let (msg, _) = expand(arg)?;
                            let mut text = format!("required variable {name} is missing a value");
                            if !msg.is_empty() {
                                text = format!("{text}: {msg}");
                            }
                            return Err(Some(text));
                        }
                    }
                    _ => {
                        if (op == ":+" && non_empty) || (op == "+" && set) {
                            let (v, u) = expand(arg)?;
                            out.push_str(&v);
                            unset.extend(u);
                        }
                    }
                }
                i = end + 1;
            }
            Some(n) if n.is_ascii_alphabetic() || *n == '_' => {
                let mut j = i + 1;
                while chars.get(j).is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
                    j += 1;
                }
                let name: String = chars[i + 1..j].iter().collect();
                match lookup(&name) {
                    Some(v) => out.push_str(&v),
                    None => unset.push(name),
                }
                i = j;
            }
            _ => {
                out.push('$');
                i += 1;
            }
        }
    }
    Ok((out, unset))
}

/// Interpolates every scalar value (not keys) in place.
fn interpolate(ctx: &mut Ctx<'_>, node: &mut Node, path: &str) -> Res<()> {
    match &mut node.value {
        Value::Scalar(text, style, _) => {
            if !text.contains('$') {
                return Ok(());
            }
            let env = &ctx.env;
            let lookup = |k: &str| env.get(k).cloned();
            match substitute(text, &lookup) {
                Ok((s, unset)) => {
                    for u in unset {
                        if !ctx.warned.contains(&u) {
                            ctx.warn(&format!("The \"{u}\" variable is not set. Defaulting to a blank string."));
                            ctx.warned.push(u);
                        }
                    }
                    // What interpolation gives is a string (typed fields cast it later).
                    *text = s;
                    *style = Style::Double;
                    Ok(())
                }
                Err(Some(msg)) => Err(format!("error while interpolating {path}: {msg}")),
                Err(None) => Err(format!(
                    "invalid interpolation format for {path}.\nYou may need to escape any $ with another $.\n{text}"
                )),
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                interpolate(ctx, item, &format!("{path}.[{i}]"))?;
            }
            Ok(())
        }
        Value::Map(entries) => {
            for (k, v) in entries.iter_mut() {
                let key = k.text().unwrap_or("").to_string();
                let p = if path.is_empty() { key } else { format!("{path}.{key}") };
                interpolate(ctx, v, &p)?;
            }
            Ok(())
        }
    }
}

// ----- decoding ----------------------------------------------------------------------------

fn project_name(ctx: &Ctx<'_>, opts: &Options, root: &Node, dir: &str) -> Res<String> {
    if let Some(n) = &opts.name {
        check_name(n)?;
        return Ok(n.clone());
    }
    if let Some(n) = ctx.env.get("COMPOSE_PROJECT_NAME").filter(|n| !n.is_empty()) {
        check_name(n)?;
        return Ok(n.clone());
    }
    if let Some(n) = root.get("name").and_then(Node::text) {
        let n = normalize_name(n);
        if !n.is_empty() {
            return Ok(n);
        }
    }
    let n = normalize_name(fs::file_name(dir));
    if n.is_empty() {
        return Err("project name must not be empty".to_string());
    }
    Ok(n)
}

fn decode_error(field: &str, msg: &str) -> String {
    format!("decoding failed due to the following error(s):\n\nerror decoding '{field}': {msg}")
}

fn decode(ctx: &mut Ctx<'_>, root: &Node, dir: &str) -> Res<Project> {
    let mut p = Project::default();
    for (k, v) in root.get("services").and_then(Node::map).unwrap_or(&[]) {
        let name = k.text().unwrap_or("").to_string();
        let s = decode_service(ctx, &name, v, dir)?;
        p.services.push(s);
    }
    crate::sort::sort_by(&mut p.services, |a, b| a.name.cmp(&b.name));
    for (k, v) in root.get("networks").and_then(Node::map).unwrap_or(&[]) {
        let key = k.text().unwrap_or("").to_string();
        p.networks.push(Network {
            name: v.get("name").and_then(Node::text).unwrap_or("").to_string(),
            external: v.get("external").and_then(Node::scalar) == Some(Scalar::Bool(true)),
            driver: v.get("driver").and_then(Node::text).map(str::to_string),
            key,
        });
    }
    for (k, v) in root.get("volumes").and_then(Node::map).unwrap_or(&[]) {
        let key = k.text().unwrap_or("").to_string();
        p.volumes.push(Volume {
            name: v.get("name").and_then(Node::text).unwrap_or("").to_string(),
            external: v.get("external").and_then(Node::scalar) == Some(Scalar::Bool(true)),
            driver: v.get("driver").and_then(Node::text).map(str::to_string),
            key,
        });
    }
    p.extensions = root
        .map()
        .unwrap_or(&[])
        .iter()
        .filter(|(k, _)| k.text().is_some_and(|t| t.starts_with("x-")))
        .map(|(k, v)| (k.text().unwrap_or("").to_string(), v.clone()))
        .collect();
    Ok(p)
}

fn text_of(n: &Node) -> Option<String> {
    match n.scalar() {
        Some(Scalar::Null) | None => None,
        Some(Scalar::Bool(b)) => Some(b.to_string()),
        _ => n.text().map(str::to_string),
    }
}

/// `A=1` list entries or a mapping, as `(key, value)` pairs.
fn list_or_dict(n: &Node) -> Vec<(String, Option<String>)> {
    if let Some(m) = n.map() {
        return m.iter().map(|(k, v)| (k.text().unwrap_or("").to_string(), text_of(v))).collect();
    }
    n.seq()
        .unwrap_or(&[])
        .iter()
        .filter_map(text_of)
        .map(|e| match e.split_once('=') {
            Some((k, v)) => (k.to_string(), Some(v.to_string())),
            None => (e, None),
        })
        .collect()
}

fn strings(n: &Node) -> Vec<String> {
    match n.seq() {
        Some(items) => items.iter().filter_map(text_of).collect(),
        None => text_of(n).into_iter().collect(),
    }
}

/// go-shellwords as compose-go splits a `command:` string.
pub fn shell_split(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => cur.push(ch),
                        None => return None,
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch) if matches!(ch, '"' | '\\' | '$' | '`') => cur.push(ch),
                            Some(ch) => {
                                cur.push('\\');
                                cur.push(ch);
                            }
                            None => return None,
                        },
                        Some(ch) => cur.push(ch),
                        None => return None,
                    }
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    Some(words)
}

fn command(n: &Node, field: &str) -> Res<Option<Vec<String>>> {
    if n.is_null() {
        return Ok(None);
    }
    if n.seq().is_some() {
        return Ok(Some(strings(n)));
    }
    let s = text_of(n).unwrap_or_default();
    shell_split(&s).map(Some).ok_or_else(|| decode_error(field, "invalid command line string"))
}

/// Go's `time.ParseDuration`, for healthcheck times (checked at decode).
fn check_duration(s: &str, field: &str) -> Res<()> {
    crate::go::time::parse_duration(s)
        .map(|_| ())
        .map_err(|_| decode_error(field, &format!("time: invalid duration {}", crate::go::strconv::quote(s))))
}

fn decode_service(ctx: &mut Ctx<'_>, name: &str, v: &Node, dir: &str) -> Res<Service> {
    let mut s = Service { name: name.to_string(), ..Service::default() };
    let get = |k: &str| v.get(k);
    s.image = get("image").and_then(text_of);
    s.container_name = get("container_name").and_then(text_of);
    s.working_dir = get("working_dir").and_then(text_of);
    s.user = get("user").and_then(text_of);
    s.hostname = get("hostname").and_then(text_of);
    s.restart = get("restart").and_then(text_of);
    s.tty = get("tty").and_then(Node::scalar) == Some(Scalar::Bool(true));
    s.stdin_open = get("stdin_open").and_then(Node::scalar) == Some(Scalar::Bool(true));
    for (k, field) in [("tty", "tty"), ("stdin_open", "stdin_open")] {
        if let Some(Scalar::Str(t)) = get(k).and_then(Node::scalar) {
            if matches!(t.to_ascii_lowercase().as_str(), "yes" | "y" | "on") {
                ctx.warn(&format!("\"{t}\" for boolean is not supported by YAML 1.2, please use `true`"));
                if field == "tty" {
                    s.tty = true;
                } else {
                    s.stdin_open = true;
                }
            }
        }
    }
    if let Some(c) = get("command") {
        s.command = command(c, &format!("services[{name}].command"))?;
    }
    if let Some(c) = get("entrypoint") {
        s.entrypoint = command(c, &format!("services[{name}].entrypoint"))?;
    }
    if let Some(b) = get("build") {
        let (context, dockerfile, args, target) = match b.map() {
            Some(_) => (
                b.get("context").and_then(text_of).unwrap_or_else(|| ".".to_string()),
                b.get("dockerfile").and_then(text_of).unwrap_or_else(|| "Dockerfile".to_string()),
                b.get("args").map(list_or_dict).unwrap_or_default(),
                b.get("target").and_then(text_of),
            ),
            None => (text_of(b).unwrap_or_else(|| ".".to_string()), "Dockerfile".to_string(), Vec::new(), None),
        };
        s.build = Some(Build { context: fs::normalize(dir, &context), dockerfile, args, target });
    }
    // env_file first, environment over it.
    let mut env: Vec<(String, Option<String>)> = Vec::new();
    if let Some(files) = get("env_file") {
        let paths: Vec<String> = match files.seq() {
            Some(items) => {
                items.iter().filter_map(|i| i.get("path").and_then(text_of).or_else(|| text_of(i))).collect()
            }
            None => strings(files),
        };
        for f in paths {
            let abs = fs::normalize(dir, &f);
            let Ok(text) = ctx.host.fs.read(&abs, Who::User) else {
                return Err(format!("env file {abs} not found: stat {abs}: no such file or directory"));
            };
            for (k, val) in dotenv(text, &ctx.env)? {
                env.retain(|(ek, _)| *ek != k);
                env.push((k, Some(val)));
            }
        }
    }
    for (k, val) in get("environment").map(list_or_dict).unwrap_or_default() {
        // A name without a value takes the environment's, or stays unset.
        let val = val.or_else(|| ctx.env.get(&k).cloned());
        env.retain(|(ek, _)| *ek != k);
        env.push((k, val));
    }
    crate::sort::sort_by(&mut env, |a, b| a.0.cmp(&b.0));
    s.environment = env;
    let mut labels: Vec<(String, String)> = get("labels")
        .map(list_or_dict)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, v.unwrap_or_default()))
        .collect();
    crate::sort::sort_by(&mut labels, |a, b| a.0.cmp(&b.0));
    s.labels = labels;
    for (i, p) in get("ports").and_then(Node::seq).unwrap_or(&[]).iter().enumerate() {
        s.ports.extend(port(p, &format!("services.{name}.ports.[{i}]"))?);
    }
    s.expose = get("expose").map(strings).unwrap_or_default();
    for m in get("volumes").and_then(Node::seq).unwrap_or(&[]) {
        s.volumes.push(mount(m, dir)?);
    }
    if let Some(n) = get("networks") {
        match n.map() {
            Some(m) => {
                for (k, v) in m {
                    let aliases = v.get("aliases").map(strings).unwrap_or_default();
                    s.networks.push((k.text().unwrap_or("").to_string(), aliases));
                }
            }
            None => s.networks = strings(n).into_iter().map(|k| (k, Vec::new())).collect(),
        }
    }
    if let Some(d) = get("depends_on") {
        match d.map() {
            Some(m) => {
                for (k, v) in m {
                    s.depends_on.push(Dependency {
                        service: k.text().unwrap_or("").to_string(),
                        condition: v
                            .get("condition")
                            .and_then(text_of)
                            .unwrap_or_else(|| "service_started".to_string()),
                        restart: v.get("restart").and_then(Node::scalar) == Some(Scalar::Bool(true)),
                        required: v.get("required").and_then(Node::scalar) != Some(Scalar::Bool(false)),
                    });
                }
            }
            None => {
                for k in strings(d) {
                    s.depends_on.push(Dependency {
                        service: k,
                        condition: "service_started".to_string(),
                        restart: false,
                        required: true,
                    });
                }
            }
        }
    }
    if let Some(h) = get("healthcheck") {
        let mut hc = Healthcheck::default();
        if let Some(t) = h.get("test") {
            hc.test = match t.seq() {
                Some(_) => strings(t),
                None => vec!["CMD-SHELL".to_string(), text_of(t).unwrap_or_default()],
            };
        }
        for (key, slot) in
            [("interval", &mut hc.interval), ("timeout", &mut hc.timeout), ("start_period", &mut hc.start_period)]
        {
            if let Some(t) = h.get(key).and_then(text_of) {
                check_duration(&t, &format!("services[{name}].healthcheck.{key}"))?;
                *slot = Some(t);
            }
        }
        if let Some(r) = h.get("retries") {
            hc.retries = match r.scalar() {
                Some(Scalar::Int(n)) => Some(n.max(0) as u64),
                Some(Scalar::Str(t)) => Some(t.parse::<u64>().map_err(|_| {
                    format!("error while interpolating services.{name}.healthcheck.retries: failed to cast to expected type: strconv.Atoi: parsing {}: invalid syntax", crate::go::strconv::quote(t))
                })?),
                _ => None,
            };
        }
        hc.disable = h.get("disable").and_then(Node::scalar) == Some(Scalar::Bool(true));
        s.healthcheck = Some(hc);
    }
    let replicas = get("deploy").and_then(|d| d.get("replicas")).or_else(|| get("scale"));
    if let Some(Scalar::Int(n)) = replicas.and_then(Node::scalar) {
        s.scale = Some(n.clamp(0, 100) as u32);
    }
    Ok(s)
}

/// A `ports:` entry: the long form, a number, or `[IP:][HOST:]CONTAINER[/PROTO]` (ranges
/// expand to one entry per port).
fn port(n: &Node, path: &str) -> Res<Vec<Port>> {
    if let Some(m) = n.map() {
        let _ = m;
        let Some(target) = n.get("target").and_then(text_of) else {
            return Err(format!("service ports {path} is missing a target port"));
        };
        let target: u16 = target.parse().map_err(|_| format!("invalid containerPort: {target}"))?;
        return Ok(vec![Port {
            host_ip: n.get("host_ip").and_then(text_of).unwrap_or_default(),
            target,
            published: n.get("published").and_then(text_of),
            protocol: n.get("protocol").and_then(text_of).unwrap_or_else(|| "tcp".to_string()),
        }]);
    }
    let spec = text_of(n).unwrap_or_default();
    let (rest, protocol) = match spec.rsplit_once('/') {
        Some((r, p)) => (r.to_string(), p.to_string()),
        None => (spec.clone(), "tcp".to_string()),
    };
    let parts: Vec<&str> = rest.rsplitn(3, ':').collect();
    let (container, host, ip) = match parts.as_slice() {
        [c] => (*c, "", ""),
        [c, h] => (*c, *h, ""),
        [c, h, ip] => (*c, *h, *ip),
        _ => ("", "", ""),
    };
    let range = |s: &str| -> Option<(u16, u16)> {
        match s.split_once('-') {
            Some((a, b)) => Some((a.parse().ok()?, b.parse().ok()?)),
            None => s.parse().ok().map(|p| (p, p)),
        }
    };
    let Some((c0, c1)) = range(container) else { return Err(format!("invalid containerPort: {container}")) };
    let host_range = if host.is_empty() {
        None
    } else {
        match host.split_once('-') {
            Some((a, b)) => match (a.parse::<u16>(), b.parse::<u16>()) {
                (Ok(a), Ok(b)) => Some((a, b)),
                _ => return Err(format!("invalid hostPort: {host}")),
            },
            None => match host.parse::<u16>() {
                Ok(p) => Some((p, p)),
                Err(_) => return Err(format!("invalid hostPort: {host}")),
            },
        }
    };
    let mut out = Vec::new();
    for (i, target) in (c0..=c1.max(c0)).enumerate().take(1000) {
        let published = match host_range {
            Some((a, b)) if a == b && c0 == c1 => Some(a.to_string()),
            Some((a, b)) if c0 == c1 => Some(format!("{a}-{b}")),
            Some((a, _)) => Some((a as usize + i).to_string()),
            None => None,
        };
        out.push(Port {
            host_ip: ip.trim_start_matches('[').trim_end_matches(']').to_string(),
            target,
            published,
            protocol: protocol.clone(),
        });
    }
    Ok(out)
}

/// A `volumes:` entry of a service.
fn mount(n: &Node, dir: &str) -> Res<Mount> {
    if n.map().is_some() {
        let kind = n.get("type").and_then(text_of).unwrap_or_else(|| "volume".to_string());
        let source = n.get("source").and_then(text_of);
        let source = match (&source, kind.as_str()) {
            (Some(s), "bind") => Some(fs::normalize(dir, s)),
            _ => source,
        };
        return Ok(Mount {
            kind,
            source,
            target: n.get("target").and_then(text_of).unwrap_or_default(),
            read_only: n.get("read_only").and_then(Node::scalar) == Some(Scalar::Bool(true)),
        });
    }
    let spec = text_of(n).unwrap_or_default();
    let parts: Vec<&str> = spec.split(':').collect();
    if parts.iter().any(|p| p.is_empty()) {
        return Err(format!("invalid spec: {spec}: empty section between colons"));
    }
    let (source, target, mode) = match parts.as_slice() {
        [t] => (None, *t, ""),
        [s, t] => (Some(*s), *t, ""),
        [s, t, m] => (Some(*s), *t, *m),
        _ => return Err(format!("invalid spec: {spec}: too many colons")),
    };
    let read_only = mode.split(',').any(|m| m == "ro");
    Ok(match source {
        None => Mount { kind: "volume".to_string(), source: None, target: target.to_string(), read_only },
        Some(s) if s.starts_with('.') || s.starts_with('/') || s.starts_with('~') => {
            let s = if let Some(rest) = s.strip_prefix('~') { format!("{}{rest}", fs::HOME) } else { s.to_string() };
            Mount {
                kind: "bind".to_string(),
                source: Some(fs::normalize(dir, &s)),
                target: target.to_string(),
                read_only,
            }
        }
        Some(s) => {
            Mount { kind: "volume".to_string(), source: Some(s.to_string()), target: target.to_string(), read_only }
        }
    })
}

/// Names networks and volumes as the engine will know them, and adds `default`.
fn normalize(p: &mut Project) {
    let uses_default =
        p.services.iter().any(|s| s.networks.is_empty() || s.networks.iter().any(|(k, _)| k == "default"));
    if uses_default && p.network("default").is_none() {
        p.networks.push(Network { key: "default".to_string(), ..Network::default() });
    }
    for n in &mut p.networks {
        if n.name.is_empty() {
            n.name = if n.external { n.key.clone() } else { format!("{}_{}", p.name, n.key) };
        }
    }
    crate::sort::sort_by(&mut p.networks, |a, b| a.key.cmp(&b.key));
    for v in &mut p.volumes {
        if v.name.is_empty() {
            v.name = if v.external { v.key.clone() } else { format!("{}_{}", p.name, v.key) };
        }
    }
    crate::sort::sort_by(&mut p.volumes, |a, b| a.key.cmp(&b.key));
}

/// compose-go's `checkConsistency`, then the dependency cycle check.
fn check(p: &Project) -> Res<()> {
    let invalid = |m: String| format!("{m}: invalid compose project");
    for s in &p.services {
        if s.image.is_none() && s.build.is_none() {
            return Err(invalid(format!("service \"{}\" has neither an image nor a build context specified", s.name)));
        }
        for (n, _) in &s.networks {
            if p.network(n).is_none() {
                return Err(invalid(format!("service \"{}\" refers to undefined network {n}", s.name)));
            }
        }
        if let Some(hc) = &s.healthcheck {
            if let Some(first) = hc.test.first() {
                if !matches!(first.as_str(), "CMD" | "CMD-SHELL" | "NONE") {
                    return Err(invalid(format!(
                        "service \"{}\" healthcheck.test must start either by \"CMD\", \"CMD-SHELL\" or \"NONE\"",
                        s.name
                    )));
                }
            }
        }
        for d in &s.depends_on {
            if d.required && p.service(&d.service).is_none() {
                return Err(invalid(format!("service \"{}\" depends on undefined service \"{}\"", s.name, d.service)));
            }
        }
        for m in &s.volumes {
            if let (Some(src), "volume") = (&m.source, m.kind.as_str()) {
                if p.volume(src).is_none() {
                    return Err(invalid(format!("service \"{}\" refers to undefined volume {src}", s.name)));
                }
            }
        }
    }
    // A cycle: walk from each service, as compose's graph does.
    for s in &p.services {
        let mut path = vec![s.name.as_str()];
        if let Some(cycle) = find_cycle(p, &mut path) {
            return Err(format!("dependency cycle detected: {}", cycle.join(" -> ")));
        }
    }
    Ok(())
}

fn find_cycle<'a>(p: &'a Project, path: &mut Vec<&'a str>) -> Option<Vec<String>> {
    if path.len() > p.services.len() + 1 {
        return None;
    }
    let last = *path.last()?;
    for d in &p.service(last)?.depends_on {
        if let Some(at) = path.iter().position(|n| *n == d.service) {
            let mut c: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
            c.push(d.service.clone());
            return Some(c);
        }
        if let Some(svc) = p.service(&d.service) {
            path.push(&svc.name);
            if let Some(c) = find_cycle(p, path) {
                return Some(c);
            }
            path.pop();
        }
    }
    None
}
