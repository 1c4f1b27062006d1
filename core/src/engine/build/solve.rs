//! The solver: one build from Dockerfile to exported image, in BuildKit's order of vertices.
//!
//! `load build definition` → parse → stages the target needs → `load metadata` for each base
//! image → `load .dockerignore` → for each stage its `FROM`, then its filesystem steps (each a
//! cache hit or a run), with `load build context` beside the first `FROM` → `exporting to
//! image`. Metadata instructions (ENV, CMD, ...) change the config and the history but make no
//! vertex. Every failure stops the build where BuildKit stops, with its message and the lines
//! it points at. Durations are virtual: the same build always takes the same time.

mod steps;

use super::context::{self, Context};
use super::dockerfile::{self, CommandLine, Dockerfile, Instruction, Kind, ParseError};
use super::image::{self, HealthConfig, ImageExtra, PendingRow};
use super::words::{self, Env};
use super::{
    bytes, BuildFailure, BuildReport, BuildRequest, Built, BuiltImage, CacheRecord, Excerpt, Vertex, VertexEnd,
};
use crate::catalogue::{ImageConfig, Layer, ProcessKind};
use crate::engine::files::LayerEntries;
use crate::engine::reference::{ImageRef, DEFAULT_DOMAIN};
use crate::engine::registry::sha256_hex;
use crate::engine::{Engine, LocalImage};
use crate::env::SimTime;
use crate::event::{Action, ObjectKind};
use crate::map::Map;
use crate::shell::fs::{self, Fs, Who};
use steps::mkdir_p;

/// The PATH BuildKit gives `FROM scratch`.
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Image names BuildKit suggests for a mistyped base (`commonImageNames`).
const COMMON_IMAGES: [&str; 7] = ["alpine", "busybox", "centos", "debian", "golang", "ubuntu", "fedora"];

/// Log lines the error box keeps (`logsBufferSize`).
const LOG_BOX: usize = 10;

/// Runs one build.
pub(super) fn build(engine: &mut Engine, req: &BuildRequest, host: &Fs) -> BuildReport {
    let now = engine.now();
    let mut b =
        Builder { engine, req, host, now, clock: 0, vertices: Vec::new(), text: String::new(), warnings: Vec::new() };
    let outcome = b.run().map_err(|f| *f);
    BuildReport { vertices: b.vertices, duration: b.clock.max(1), warnings: b.warnings, outcome }
}

/// Where a stage starts from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Base {
    Scratch,
    Stage(usize),
    Image(String),
}

/// A stage being built: its files, config and history so far.
#[derive(Clone, Debug)]
struct State {
    /// The image the chain started from, and its name as the Dockerfile gave it.
    root: Option<LocalImage>,
    root_name: String,
    fs: Fs,
    config: ImageConfig,
    extra: ImageExtra,
    /// Environment of RUN steps and of expansion: config ENV plus ARG values, in order.
    env: Vec<(String, String)>,
    /// Declared ARGs with their values (for `RUN |1 V=1 ...` history).
    args: Vec<(String, String)>,
    rows: Vec<PendingRow>,
    layers: Vec<String>,
    blobs: Vec<(String, u64)>,
    key: String,
    cmd_set: bool,
    workdir_set: bool,
    size: u64,
}

/// How a failure is reported: message, place, and the vertex whose log box is printed.
struct Fail {
    message: String,
    lines: Option<(usize, usize)>,
    log_vertex: Option<usize>,
}

impl Fail {
    fn at(message: impl Into<String>, lines: (usize, usize)) -> Fail {
        Fail { message: message.into(), lines: Some(lines), log_vertex: None }
    }

    fn plain(message: impl Into<String>) -> Fail {
        Fail { message: message.into(), lines: None, log_vertex: None }
    }
}

struct Builder<'a> {
    engine: &'a mut Engine,
    req: &'a BuildRequest,
    host: &'a Fs,
    now: SimTime,
    clock: u64,
    vertices: Vec<Vertex>,
    text: String,
    warnings: Vec<String>,
}

/// A base image found for a stage: the image and whether it had to be fetched.
struct Resolved {
    image: LocalImage,
    full: String,
    fetched: bool,
}

fn env_map(env: &[(String, String)]) -> Env {
    env.iter().cloned().collect()
}

fn set_env(env: &mut Vec<(String, String)>, k: &str, v: &str) {
    match env.iter_mut().find(|(ek, _)| ek == k) {
        Some(slot) => slot.1 = v.to_string(),
        None => env.push((k.to_string(), v.to_string())),
    }
}

/// `%.3f`-style seconds for the ref of a missing COPY source: the build session's shared key
/// and a per-build id, as `<uuid>::<25 base-36 characters>`.
fn session_ref(dir: &str, now: SimTime) -> String {
    let h = sha256_hex(format!("session\0{dir}").as_bytes());
    let uuid = format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]);
    format!("{uuid}::{}", base36_id(&format!("ref\0{dir}\0{now}")))
}

/// 25 lower-case base-36 characters derived from `seed` (BuildKit's identity IDs).
pub(super) fn base36_id(seed: &str) -> String {
    let h = sha256_hex(seed.as_bytes());
    let digits = b"0123456789abcdefghijklmnopqrstuvwxyz";
    h.as_bytes()
        .chunks(2)
        .take(25)
        .map(|c| {
            let v = c.iter().fold(0u32, |a, b| a * 16 + (*b as char).to_digit(16).unwrap_or(0));
            digits[(v % 36) as usize] as char
        })
        .collect()
}

impl Builder<'_> {
    fn push(&mut self, v: Vertex) -> usize {
        self.clock = self.clock.max(v.end);
        self.vertices.push(v);
        self.vertices.len() - 1
    }

    fn fail(&self, f: Fail) -> Box<BuildFailure> {
        Box::new(BuildFailure {
            message: f.message,
            excerpt: f.lines.map(|lines| Excerpt {
                file: self.req.dockerfile_name.clone(),
                text: self.text.clone(),
                lines,
            }),
            log: f.log_vertex.map(|i| {
                let v = self.vertices.get(i);
                let name = v.map(|v| v.name.clone()).unwrap_or_default();
                let logs = v.map(|v| v.logs.clone()).unwrap_or_default();
                let skip = logs.len().saturating_sub(LOG_BOX);
                (
                    name,
                    logs.into_iter()
                        .skip(skip)
                        .map(|l| format!("{}.{:03} {}", l.at / 1000, l.at % 1000, l.text))
                        .collect(),
                )
            }),
        })
    }

    fn run(&mut self) -> Result<Built, Box<BuildFailure>> {
        // The Dockerfile.
        let text = self.host.read(&self.req.dockerfile, Who::Root).ok().map(str::to_string);
        let size = text.as_ref().map(|t| t.len() as u64);
        let transfer = context::single_file_transfer(&self.req.dockerfile_name, size);
        let def = Vertex::new(format!("[internal] load build definition from {}", self.req.dockerfile_name), 0, 40)
            .status(format!("transferring dockerfile: {}", bytes(transfer)), 5, 12);
        let def_index = self.push(def);
        let Some(text) = text else {
            return Err(self.fail(Fail::plain(format!(
                "failed to read dockerfile: open {}: no such file or directory",
                self.req.dockerfile_name
            ))));
        };
        self.text = text;
        let df = match dockerfile::parse(&self.text) {
            Ok(df) => df,
            Err(ParseError { message, lines }) => return Err(self.fail(Fail { message, lines, log_vertex: None })),
        };
        let shorts: Vec<String> = df.warnings.iter().map(|w| w.short()).collect();
        if let Some(v) = self.vertices.get_mut(def_index) {
            v.warnings = shorts.clone();
        }
        self.warnings = shorts;
        self.solve(&df).map_err(|f| self.fail(f))
    }

    fn solve(&mut self, df: &Dockerfile) -> Result<Built, Fail> {
        let escape = df.escape;
        // Global ARGs, for FROM lines.
        let mut globals = Env::new();
        for ins in &df.meta_args {
            if let Kind::Arg(pairs) = &ins.kind {
                for (k, v) in pairs {
                    let value = match (self.build_arg(k), v) {
                        (Some(b), _) => Some(b),
                        (None, Some(d)) => {
                            Some(words::expand(d, &globals, escape).map_err(|e| Fail::at(e, ins.lines))?)
                        }
                        (None, None) => None,
                    };
                    if let Some(v) = value {
                        globals.insert(k.clone(), v);
                    }
                }
            }
        }
        let single = df.stages.len() == 1;
        let names: Vec<String> = df
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| if !s.name.is_empty() { s.name.clone() } else { format!("stage-{i}") })
            .collect();
        let find_stage = |name: &str, before: usize| -> Option<usize> {
            let lower = name.to_lowercase();
            df.stages
                .iter()
                .take(before)
                .position(|s| !s.name.is_empty() && s.name == lower)
                .or_else(|| name.parse::<usize>().ok().filter(|i| *i < before))
        };
        // Bases.
        let mut bases = Vec::new();
        for (i, st) in df.stages.iter().enumerate() {
            let name = words::expand(&st.base, &globals, escape).map_err(|e| Fail::at(e, st.lines))?;
            if name.is_empty() {
                return Err(Fail::at(format!("base name ({}) should not be blank", st.base), st.lines));
            }
            let base = if name.eq_ignore_ascii_case("scratch") {
                Base::Scratch
            } else if let Some(j) =
                df.stages.iter().take(i).position(|s| !s.name.is_empty() && s.name == name.to_lowercase())
            {
                Base::Stage(j)
            } else {
                Base::Image(name)
            };
            bases.push(base);
        }
        // The target and the stages it needs.
        let target = if self.req.target.is_empty() {
            df.stages.len() - 1
        } else {
            match df.stages.iter().position(|s| s.name == self.req.target) {
                Some(i) => i,
                None => {
                    let options: Vec<&str> =
                        df.stages.iter().map(|s| s.name.as_str()).filter(|n| !n.is_empty()).collect();
                    return Err(Fail::plain(dockerfile::suggest(
                        &format!("target stage {:?} could not be found", self.req.target),
                        &self.req.target,
                        &options,
                        true,
                    )));
                }
            }
        };
        let mut needed = vec![false; df.stages.len()];
        let mut stack = vec![target];
        while let Some(i) = stack.pop() {
            if needed[i] {
                continue;
            }
            needed[i] = true;
            if let Some(Base::Stage(j)) = bases.get(i) {
                stack.push(*j);
            }
            for ins in &df.stages[i].commands {
                if let Kind::Copy(c) = &ins.kind {
                    if c.from.is_empty() {
                        continue;
                    }
                    match find_stage(&c.from, df.stages.len()) {
                        Some(j) if j >= i => {
                            return Err(Fail::at(
                                format!(
                                    "cannot copy from stage {:?}, it needs to be defined before current stage {:?}",
                                    c.from, names[i]
                                ),
                                ins.lines,
                            ))
                        }
                        Some(j) => stack.push(j),
                        None => {}
                    }
                }
            }
        }
        // Base images, and images COPY --from names: `load metadata` for each, in order.
        let mut images: Map<String, Resolved> = Map::new();
        for (i, st) in df.stages.iter().enumerate() {
            if !needed[i] {
                continue;
            }
            let mut wanted: Vec<(String, (usize, usize))> = Vec::new();
            if let Base::Image(n) = &bases[i] {
                wanted.push((n.clone(), st.lines));
            }
            for ins in &st.commands {
                if let Kind::Copy(c) = &ins.kind {
                    if !c.from.is_empty() && find_stage(&c.from, i).is_none() {
                        wanted.push((c.from.clone(), ins.lines));
                    }
                }
            }
            for (name, lines) in wanted {
                if images.contains_key(&name) {
                    continue;
                }
                let suggestions: Vec<&str> = names.iter().map(String::as_str).chain(COMMON_IMAGES).collect();
                let r = self.resolve(&name, lines, &suggestions)?;
                images.insert(name, r);
            }
        }
        // .dockerignore and the context.
        let ignore_path = fs::normalize(&self.req.context, ".dockerignore");
        let ignore = self.host.read(&ignore_path, Who::Root).ok().map(str::to_string);
        let t = self.clock;
        let ig = context::single_file_transfer(".dockerignore", ignore.as_ref().map(|s| s.len() as u64));
        self.push(Vertex::new("[internal] load .dockerignore", t, t + 20).status(
            format!("transferring context: {}", bytes(ig)),
            t + 2,
            t + 8,
        ));
        let needs_context = df.stages.iter().enumerate().any(|(i, s)| {
            needed[i]
                && s.commands.iter().any(|c| match &c.kind {
                    Kind::Copy(c) => c.from.is_empty() && !c.sources.is_empty(),
                    Kind::Add(c) => !c.sources.is_empty(),
                    _ => false,
                })
        });
        let ctx = needs_context.then(|| Context::load(self.host, &self.req.context, ignore.as_deref()));
        let mut context_shown = !needs_context;
        // The stages.
        let mut states: Vec<Option<State>> = vec![None; df.stages.len()];
        let mut from_vertices: Map<String, usize> = Map::new();
        for (i, st) in df.stages.iter().enumerate() {
            if !needed[i] {
                continue;
            }
            let prefix_name = if single { String::new() } else { names[i].clone() };
            let total = usize::from(matches!(bases[i], Base::Image(_)))
                + st.commands
                    .iter()
                    .filter(|c| matches!(c.kind, Kind::Run(..) | Kind::Copy(_) | Kind::Add(_) | Kind::Workdir(_)))
                    .count();
            let mut counter = Counter { name: prefix_name, total, index: 0 };
            let mut state = match &bases[i] {
                Base::Scratch => scratch_state(),
                Base::Stage(j) => match states.get(*j).cloned().flatten() {
                    Some(s) => s,
                    None => return Err(Fail::at("circular dependency detected on stage", st.lines)),
                },
                Base::Image(n) => {
                    let Some(r) = images.get(n) else { return Err(Fail::at("failed to resolve base", st.lines)) };
                    let name = counter.next(&format!("FROM {}@{}", r.full, r.image.id));
                    let shown = format!("FROM {}@{}", r.full, r.image.id);
                    match from_vertices.get(&shown) {
                        Some(&v) => {
                            if let Some(vx) = self.vertices.get_mut(v) {
                                vx.state = VertexEnd::Cached;
                            }
                        }
                        None => {
                            let v = self.base_vertex(name, r);
                            from_vertices.insert(shown, v);
                        }
                    }
                    let mut s = image_state(self.engine, &r.image);
                    s.root_name = ImageRef::parse(&r.full).map(|x| x.familiar()).unwrap_or_else(|_| r.full.clone());
                    s
                }
            };
            if !context_shown {
                if let Some(c) = &ctx {
                    self.context_vertex(c);
                }
                context_shown = true;
            }
            for ins in &st.commands {
                self.step(&mut state, ins, &mut counter, ctx.as_ref(), &states, &images, df, escape, &find_stage, i)?;
            }
            states[i] = Some(state);
        }
        let Some(state) = states.get(target).cloned().flatten() else {
            return Err(Fail::plain("no build stage in current context"));
        };
        Ok(self.export(state))
    }

    /// A `--build-arg` value.
    fn build_arg(&self, name: &str) -> Option<String> {
        self.req.build_args.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    /// `load metadata for ...`: finds a base image locally, on the practice hub or in the
    /// registry.
    fn resolve(&mut self, name: &str, lines: (usize, usize), suggestions: &[&str]) -> Result<Resolved, Fail> {
        let r = match ImageRef::parse(name) {
            Ok(r) => r.with_default_tag(),
            Err(e) => return Err(Fail::at(format!("failed to parse stage name {name:?}: {e}"), lines)),
        };
        let full = r.full();
        let t = self.clock;
        let local = self.engine.image_resolve(name).ok().cloned();
        if let Some(image) = local {
            self.push(Vertex::new(format!("[internal] load metadata for {full}"), t, t + 15));
            return Ok(Resolved { image, full, fetched: false });
        }
        if self.req.logged_in && r.domain == DEFAULT_DOMAIN {
            self.push(Vertex::new(format!("[auth] {}:pull token for registry-1.docker.io", r.path), t, t + 10));
        }
        let found = self.engine.remote_image(&r);
        match found {
            Ok(image) => {
                let t = self.clock;
                self.push(Vertex::new(format!("[internal] load metadata for {full}"), t, t + 1_100));
                let fetched = !self.engine.builds.fetched.contains(&image.id);
                Ok(Resolved { image, full, fetched })
            }
            Err(why) => {
                let t = self.clock;
                let mut v = Vertex::new(format!("[internal] load metadata for {full}"), t, t + 2_300);
                v.state = VertexEnd::Error(why.clone());
                let idx = self.push(v);
                let message = format!("{name}: failed to resolve source metadata for {full}: {why}");
                let message = dockerfile::suggest(&message, name, suggestions, true);
                Err(Fail { message, lines: Some(lines), log_vertex: Some(idx) })
            }
        }
    }

    /// The `FROM` vertex: a resolve row, and a pull's rows the first time the image is fetched.
    fn base_vertex(&mut self, name: String, r: &Resolved) -> usize {
        let t = self.clock;
        let mut v = Vertex::new(name, t, t + 20).status(format!("resolve {}@{}", r.full, r.image.id), t + 1, t + 5);
        if r.fetched {
            let mut at = t + 10;
            for l in &r.image.layers {
                let ms = 30 + l.size / 40_000;
                v.statuses.push(super::Status {
                    id: format!("sha256:{}", l.digest_hex()),
                    bytes: (l.size, l.size),
                    start: at,
                    end: at + ms,
                    interim: false,
                });
                at += ms / 3;
            }
            let mut end = v.statuses.iter().map(|s| s.end).max().unwrap_or(at);
            for l in &r.image.layers {
                let ms = 20 + l.size / 90_000;
                v.statuses.push(super::Status {
                    id: format!("extracting sha256:{}", l.digest_hex()),
                    bytes: (0, 0),
                    start: end,
                    end: end + ms,
                    interim: false,
                });
                end += ms;
            }
            v.end = end + 5;
            let id = r.image.id.clone();
            if !self.engine.builds.fetched.contains(&id) {
                self.engine.builds.fetched.push(id);
            }
        }
        self.push(v)
    }

    /// `load build context`, beside the first `FROM`.
    fn context_vertex(&mut self, ctx: &Context) {
        let dir = self.req.context.clone();
        let size = context::context_transfer(ctx, self.engine.builds.transfers.get(&dir));
        self.engine.builds.transfers.insert(dir.clone(), context::transfer_state(ctx));
        let t = self.vertices.last().map(|v| v.start).unwrap_or(self.clock);
        self.push(Vertex::new("[internal] load build context", t, t + 30).status(
            format!("transferring context: {}", bytes(size)),
            t + 2,
            t + 9,
        ));
        let key = format!("local\0{dir}");
        let now = self.now;
        let desc = format!("local source for context: {dir}");
        let rec = self.engine.builds.cache.entry(key.clone()).or_insert_with(|| CacheRecord {
            id: base36_id(&key),
            kind: "source.local".into(),
            layer: String::new(),
            size: 0,
            created: now,
            last_used: now,
            usage: 0,
            description: desc,
        });
        rec.size = ctx.bytes();
        rec.last_used = now;
        rec.usage = rec.usage.saturating_add(1);
    }

    #[allow(clippy::too_many_arguments)]
    fn step(
        &mut self,
        st: &mut State,
        ins: &Instruction,
        counter: &mut Counter,
        ctx: Option<&Context>,
        states: &[Option<State>],
        images: &Map<String, Resolved>,
        df: &Dockerfile,
        escape: char,
        find_stage: &dyn Fn(&str, usize) -> Option<usize>,
        stage_index: usize,
    ) -> Result<(), Fail> {
        let env = env_map(&st.env);
        let ex = |w: &str| words::expand(w, &env, escape).map_err(|e| Fail::at(e, ins.lines));
        match &ins.kind {
            Kind::Env(pairs) => {
                let mut msg = String::from("ENV");
                for p in pairs {
                    let (k, v) = (ex(&p.key)?, ex(&p.value)?);
                    msg.push_str(&format!(" {k}={v}"));
                    set_env(&mut st.env, &k, &v);
                    st.config.env.retain(|e| e.split('=').next() != Some(k.as_str()));
                    st.config.env.push(format!("{k}={v}"));
                }
                st.meta(msg);
            }
            Kind::Label(pairs) => {
                let mut msg = String::from("LABEL");
                for p in pairs {
                    let (k, v) = (ex(&p.key)?, ex(&p.value)?);
                    msg.push_str(&format!(" {k}={v}"));
                    st.config.labels.retain(|l| l.split('=').next() != Some(k.as_str()));
                    st.config.labels.push(format!("{k}={v}"));
                }
                crate::sort::sort(&mut st.config.labels);
                st.meta(msg);
            }
            Kind::Arg(pairs) => {
                let mut parts = Vec::new();
                for (k, default) in pairs {
                    let k = ex(k)?;
                    let value = match (self.build_arg(&k), default) {
                        (Some(b), _) => Some(b),
                        (None, Some(d)) => Some(ex(d)?),
                        (None, None) => self.global_arg(df, &k, escape),
                    };
                    match &value {
                        Some(v) => {
                            set_env(&mut st.env, &k, v);
                            set_env(&mut st.args, &k, v);
                            parts.push(format!("{k}={v}"));
                        }
                        None => {
                            set_env(&mut st.args, &k, "");
                            parts.push(k.clone());
                        }
                    }
                }
                st.meta(format!("ARG {}", parts.join(" ")));
            }
            Kind::Expose(ports) => {
                let mut specs = Vec::new();
                for p in ports {
                    for w in words::words(p, &env, escape).map_err(|e| Fail::at(e, ins.lines))? {
                        specs.extend(port_specs(&w).map_err(|e| Fail::at(e, ins.lines))?);
                    }
                }
                for s in &specs {
                    if !st.config.exposed.contains(s) {
                        st.config.exposed.push(s.clone());
                    }
                }
                crate::sort::sort(&mut st.config.exposed);
                let mut shown = specs.clone();
                crate::sort::sort(&mut shown);
                shown.dedup();
                let map: Vec<String> = shown.iter().map(|s| format!("{s}:{{}}")).collect();
                st.meta(format!("EXPOSE map[{}]", map.join(" ")));
            }
            Kind::User(u) => {
                let u = ex(u)?;
                st.config.user = u.clone();
                st.meta(format!("USER {u}"));
            }
            Kind::Volume(vols) => {
                let mut vs = Vec::new();
                for v in vols {
                    let v = ex(v)?;
                    if v.trim().is_empty() {
                        return Err(Fail::at("VOLUME specified can not be an empty string", ins.lines));
                    }
                    if !st.config.volumes.contains(&v) {
                        st.config.volumes.push(v.clone());
                    }
                    vs.push(v);
                }
                st.meta(format!("VOLUME [{}]", vs.join(" ")));
            }
            Kind::StopSignal(s) => {
                let s = ex(s)?;
                if crate::engine::process::signal_number(&s).is_none() {
                    return Err(Fail::at(format!("Invalid signal: {s}"), ins.lines));
                }
                st.config.stop_signal = s.clone();
                st.meta(format!("STOPSIGNAL {s}"));
            }
            Kind::Cmd(cl) => {
                let args = st.with_shell(cl);
                st.config.cmd = args.clone();
                st.extra.args_escaped = true;
                st.cmd_set = true;
                st.meta(format!("CMD {}", image::go_quoted_list(&args)));
            }
            Kind::Entrypoint(cl) => {
                let args = if cl.args.is_empty() && !cl.exec { Vec::new() } else { st.with_shell(cl) };
                st.config.entrypoint = args.clone();
                if !st.cmd_set {
                    st.config.cmd = Vec::new();
                }
                st.extra.args_escaped = true;
                st.meta(format!("ENTRYPOINT {}", image::go_quoted_list(&args)));
            }
            Kind::Shell(sh) => {
                st.extra.shell = sh.clone();
                st.meta(format!("SHELL [{}]", sh.join(" ")));
            }
            Kind::Healthcheck(h) => {
                let hc = HealthConfig {
                    test: h.test.clone(),
                    interval: h.interval,
                    timeout: h.timeout,
                    start_period: h.start_period,
                    start_interval: h.start_interval,
                    retries: h.retries,
                };
                st.meta(image::healthcheck_text(&hc));
                st.extra.healthcheck = Some(hc);
            }
            Kind::Maintainer(m) => {
                st.extra.author = m.clone();
                st.meta(format!("MAINTAINER {m}"));
            }
            Kind::Onbuild(t) => st.extra.on_build.push(t.clone()),
            Kind::Workdir(path) => {
                let p = ex(path)?;
                if !st.workdir_set && !p.starts_with('/') {
                    self.warnings.push(
                        dockerfile::Warning {
                            rule: "WorkdirRelativePath",
                            message: format!(
                                "Relative workdir {p:?} can have unexpected results if the base image changes"
                            ),
                            line: ins.lines.0,
                        }
                        .short(),
                    );
                }
                st.workdir_set = true;
                let base = if st.config.workdir.is_empty() { "/" } else { st.config.workdir.as_str() };
                let wd = fs::normalize(base, &p);
                st.config.workdir = wd.clone();
                if wd == "/" {
                    // Counted in the total but never numbered: no vertex (BuildKit's quirk).
                    st.meta("WORKDIR /".to_string());
                    return Ok(());
                }
                let name = counter
                    .next(&uppercase_cmd(&words::expand(&ins.code, &env, escape).unwrap_or_else(|_| ins.code.clone())));
                let key = cache_key(&st.key, &format!("WORKDIR\0{wd}\0{}", st.config.user));
                let user = st.config.user.clone();
                let now = self.now;
                let wd2 = wd.clone();
                let make = Box::new(move |fs: &Fs| {
                    let owner = if user.is_empty() || user == "root" {
                        "root".to_string()
                    } else {
                        user.split(':').next().unwrap_or("root").to_string()
                    };
                    let mut fs = fs.clone();
                    mkdir_p(&mut fs, &wd2, &owner, now);
                    Ok(fs)
                });
                self.layer_step(st, name, key, 100, format!("WORKDIR {wd}"), false, make)?;
            }
            Kind::Copy(c) | Kind::Add(c) => {
                let add = matches!(ins.kind, Kind::Add(_));
                self.copy(st, ins, c, add, counter, ctx, states, images, escape, find_stage, stage_index)?;
            }
            Kind::Run(cl, heredocs) => self.run_step(st, ins, cl, heredocs, counter, escape)?,
        }
        Ok(())
    }

    /// An `ARG NAME` without a default inside a stage takes the global one.
    fn global_arg(&self, df: &Dockerfile, name: &str, escape: char) -> Option<String> {
        let mut globals = Env::new();
        for ins in &df.meta_args {
            if let Kind::Arg(pairs) = &ins.kind {
                for (k, v) in pairs {
                    let value =
                        self.build_arg(k).or_else(|| v.as_ref().and_then(|d| words::expand(d, &globals, escape).ok()));
                    if let Some(v) = value {
                        globals.insert(k.clone(), v);
                    }
                }
            }
        }
        globals.get(name).cloned()
    }

    /// `exporting to image`: stores the image, names it and returns it.
    fn export(&mut self, st: State) -> Built {
        let base_last = st.root.as_ref().map(|i| i.created).unwrap_or(0);
        let history = image::fill_times(&st.rows, base_last);
        let created = history.last().map(|h| h.created).unwrap_or(base_last);
        let mut config = st.config.clone();
        for (k, v) in &self.req.labels {
            config.labels.retain(|l| l.split('=').next() != Some(k.as_str()));
            config.labels.push(format!("{k}={v}"));
        }
        crate::sort::sort(&mut config.labels);
        let base_layers: Vec<Layer> = st.root.as_ref().map(|i| i.layers.clone()).unwrap_or_default();
        let mut layers = base_layers;
        for (blob, size) in &st.blobs {
            layers.push(Layer {
                name: format!("build:{}", blob.get(..12).unwrap_or(blob)),
                size: *size,
                digest: Some(blob.clone()),
            });
        }
        let config_json = serde_json::json!({
            "config": config,
            "extra": st.extra,
            "created": created,
            "history": history,
            "rootfs": layers.iter().map(|l| l.digest_hex()).collect::<Vec<_>>(),
        })
        .to_string();
        let blobs: Vec<String> = layers.iter().map(|l| l.digest_hex()).collect();
        let (config_digest, manifest, attestation, id) = match image::digests(&config_json, &blobs) {
            (c, m, _, _) if self.req.no_provenance => (c, m.clone(), String::new(), m),
            d => d,
        };
        let mut process = st.root.as_ref().map(|i| i.process.clone()).unwrap_or_default();
        let own_command = match &st.root {
            Some(root) => {
                // What starts the base's own process (for a built base, what started its base's).
                let (ep, cmd) = root.main_command();
                let own = (ep.to_vec(), cmd.to_vec());
                (own != (config.entrypoint.clone(), config.cmd.clone())).then_some(own)
            }
            None => {
                process.kind = ProcessKind::Oneshot;
                Some((Vec::new(), Vec::new()))
            }
        };
        let size = st.root.as_ref().map(|i| i.size).unwrap_or(0) + st.size;
        let local = LocalImage {
            id: id.clone(),
            repo_path: st.root.as_ref().map(|i| i.repo_path.clone()).unwrap_or_default(),
            domain: st.root.as_ref().map(|i| i.domain.clone()).unwrap_or_default(),
            config,
            process,
            own_command,
            created,
            size,
            layers,
        };
        self.engine.builds.images.insert(
            id.clone(),
            BuiltImage {
                base: st.root.clone(),
                base_name: st.root_name.clone(),
                layers: st.layers.clone(),
                history,
                extra: st.extra.clone(),
                manifest: manifest.clone(),
                config: config_digest.clone(),
                attestation: attestation.clone(),
            },
        );
        self.engine.images.entry(id.clone()).or_insert(local);
        // The export vertex.
        let t = self.clock;
        let new_layers = st.rows.iter().any(|r| !r.empty_layer && r.created == Some(self.now));
        let layers_ms = if new_layers { 110 } else { 20 };
        let mut v = Vertex::new("exporting to image", t, t);
        let mut at = t + 2;
        let mut add = |id: String, ms: u64, interim: bool, v: &mut Vertex| {
            v.statuses.push(super::Status { id, bytes: (0, 0), start: at, end: at + ms, interim });
            at += ms + 1;
        };
        add("exporting layers".into(), layers_ms, false, &mut v);
        add(format!("exporting manifest {manifest}"), 4, true, &mut v);
        add(format!("exporting config {config_digest}"), 4, false, &mut v);
        if !attestation.is_empty() {
            add(format!("exporting attestation manifest {attestation}"), 25, false, &mut v);
            add(format!("exporting manifest list {id}"), 4, false, &mut v);
        }
        let mut names = Vec::new();
        for tag in &self.req.tags {
            if let Ok(r) = ImageRef::parse(tag) {
                names.push(r.with_default_tag());
            }
        }
        let shown: Vec<String> = if names.is_empty() {
            vec![format!("moby-dangling@{id}")]
        } else {
            names.iter().map(|r| r.full()).collect()
        };
        for n in &shown {
            add(format!("naming to {n}"), 3, false, &mut v);
            add(format!("unpacking to {n}"), 60, false, &mut v);
        }
        v.end = at + 10;
        self.push(v);
        for r in &names {
            self.engine.tags.insert(r.tag_key(), id.clone());
            self.engine.emit(ObjectKind::Image, Action::Tag, &id, &r.familiar(), None, None);
        }
        Built { id, names: shown }
    }
}

/// Step numbering: `[stage i/N] ` with the index padded to the width of N.
struct Counter {
    name: String,
    total: usize,
    index: usize,
}

impl Counter {
    fn next(&mut self, text: &str) -> String {
        if self.total == 0 {
            return text.to_string();
        }
        self.index += 1;
        let width = self.total.to_string().len();
        let name = if self.name.is_empty() { String::new() } else { format!("{} ", self.name) };
        format!("[{name}{:>width$}/{}] {text}", self.index, self.total)
    }
}

impl State {
    fn meta(&mut self, created_by: String) {
        self.rows.push(PendingRow { created: None, created_by, empty_layer: true, size: 0 });
    }

    fn add_layer(&mut self, diff: &str, layer: &LayerEntries, created: SimTime, size: u64, history: String) {
        self.rows.push(PendingRow { created: Some(created), created_by: history, empty_layer: false, size });
        self.layers.push(diff.to_string());
        let blob = image::blob_digest(diff);
        let blob_size = image::blob_size(layer);
        self.blobs.push((blob, blob_size));
        self.size += size + blob_size;
    }

    /// CMD/ENTRYPOINT/RUN args: the exec form as is, the shell form after the SHELL.
    fn with_shell(&self, cl: &CommandLine) -> Vec<String> {
        if cl.exec {
            return cl.args.clone();
        }
        let mut sh = if self.extra.shell.is_empty() {
            vec!["/bin/sh".to_string(), "-c".to_string()]
        } else {
            self.extra.shell.clone()
        };
        sh.push(cl.args.join(" "));
        sh
    }
}

fn scratch_state() -> State {
    let config = ImageConfig { env: vec![format!("PATH={DEFAULT_PATH}")], ..ImageConfig::default() };
    State {
        root: None,
        root_name: "scratch".to_string(),
        fs: Fs::empty(),
        env: vec![("PATH".to_string(), DEFAULT_PATH.to_string())],
        config,
        extra: ImageExtra::default(),
        args: Vec::new(),
        rows: Vec::new(),
        layers: Vec::new(),
        blobs: Vec::new(),
        key: cache_key("", "scratch"),
        cmd_set: false,
        workdir_set: false,
        size: 0,
    }
}

fn image_state(engine: &Engine, img: &LocalImage) -> State {
    let env: Vec<(String, String)> = img
        .config
        .env
        .iter()
        .map(|e| {
            let (k, v) = e.split_once('=').unwrap_or((e.as_str(), ""));
            (k.to_string(), v.to_string())
        })
        .collect();
    // A built base keeps its HEALTHCHECK, SHELL and the like; its own rows and layers are
    // its history, not this build's.
    let extra = engine.build_info(&img.id).map(|b| b.extra.clone()).unwrap_or_default();
    State {
        root: Some(img.clone()),
        root_name: String::new(),
        fs: engine.files_of_image(img),
        config: img.config.clone(),
        extra,
        env,
        args: Vec::new(),
        rows: Vec::new(),
        layers: Vec::new(),
        blobs: Vec::new(),
        key: cache_key("", &format!("from\0{}", img.id)),
        cmd_set: false,
        workdir_set: false,
        size: 0,
    }
}

fn cache_key(parent: &str, step: &str) -> String {
    sha256_hex(format!("{parent}\0{step}").as_bytes())
}

/// `run` → `RUN`: BuildKit upper-cases the instruction word of a step's name.
fn uppercase_cmd(s: &str) -> String {
    match s.split_once(' ') {
        Some((w, rest)) => format!("{} {rest}", w.to_uppercase()),
        None => s.to_uppercase(),
    }
}

/// EXPOSE specs (`80`, `80/tcp`, `8000-8002/udp`) → `port/proto` entries, with nat's errors.
fn port_specs(spec: &str) -> Result<Vec<String>, String> {
    let (port, proto) = spec.split_once('/').unwrap_or((spec, "tcp"));
    let proto = proto.to_lowercase();
    if !matches!(proto.as_str(), "tcp" | "udp" | "sctp") {
        return Err(format!("invalid proto: {proto}"));
    }
    let parse = |p: &str| p.parse::<u16>().ok();
    let (lo, hi) = match port.split_once('-') {
        Some((a, b)) => match (parse(a), parse(b)) {
            (Some(a), Some(b)) if a <= b => (a, b),
            _ => return Err(format!("invalid containerPort: {port}")),
        },
        None => match parse(port) {
            Some(p) => (p, p),
            None => return Err(format!("invalid containerPort: {port}")),
        },
    };
    Ok((lo..=hi.min(lo.saturating_add(1000))).map(|p| format!("{p}/{proto}")).collect())
}

impl Engine {
    /// An image a build can fetch: on the practice hub or in the registry, without adding it
    /// to the local images. The error is the registry's answer.
    pub(in crate::engine) fn remote_image(&self, r: &ImageRef) -> Result<LocalImage, String> {
        let full = r.full();
        let denied = || {
            "pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed".to_string()
        };
        if r.domain == DEFAULT_DOMAIN {
            if let Some(found) = self.hub_lookup(r) {
                return found.ok_or_else(|| format!("{full}: not found"));
            }
        }
        // As a pull finds it (the practice registry), and noted the same way when it lacks it.
        let catalogue = &self.catalogue;
        let name = crate::catalogue::catalogue_name(&r.domain, &r.path);
        if catalogue.indexed(&name).is_none() {
            catalogue.note_missing(&r.familiar());
            return Err(denied());
        }
        let found = match (&r.digest, &r.tag) {
            (Some(d), _) => catalogue.by_digest(&name, d),
            (None, Some(t)) if catalogue.has_tag(&name, t) => catalogue.resolve(&name, t),
            _ => None,
        };
        let Some((_, image)) = found else {
            if r.digest.is_none() || catalogue.repo(&name).is_some() {
                catalogue.note_missing(&r.familiar());
            }
            return Err(format!("{full}: not found"));
        };
        Ok(LocalImage {
            id: image.digest.clone(),
            repo_path: r.path.clone(),
            domain: if r.domain == DEFAULT_DOMAIN { String::new() } else { r.domain.clone() },
            config: image.config.clone(),
            process: image.process.clone(),
            own_command: None,
            created: image.created_time(),
            size: image.size,
            layers: image.layers.clone(),
        })
    }
}
