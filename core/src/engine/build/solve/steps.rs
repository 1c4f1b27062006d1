//! The filesystem steps of a build: WORKDIR's directory, COPY and ADD from the context, another
//! stage or an image, and RUN on the one shell; each one a cache hit (the recorded layer applied
//! again) or a run whose difference to the stage's files becomes a new layer and cache record.

use super::{base36_id, cache_key, env_map, session_ref, uppercase_cmd, Builder, Counter, Fail, Resolved, State};
use crate::container_shell::{run_build_step, BuildStep};
use crate::engine::build::context::{self, Context};
use crate::engine::build::dockerfile::{self, CommandLine, Copy, Instruction};
use crate::engine::build::image;
use crate::engine::build::{words, CacheRecord, LogLine, Vertex, VertexEnd};
use crate::engine::files::layer_diff;
use crate::engine::registry::sha256_hex;
use crate::env::SimTime;
use crate::map::Map;
use crate::shell::fs::{self, Fs, Node, NodeKind, Who};

/// What a step makes of the stage's files. Dynamic, not generic: one copy of
/// [`Builder::layer_step`] serves every kind of step (smaller wasm).
pub(super) type MakeFiles<'a> = Box<dyn FnOnce(&Fs) -> Result<Fs, String> + 'a>;

impl Builder<'_> {
    /// A filesystem step: a cache hit reuses the recorded layer, a miss makes the step's files
    /// from the stage's (`after`) and records the difference as a new layer.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn layer_step(
        &mut self,
        st: &mut State,
        name: String,
        key: String,
        ms: u64,
        history: String,
        run: bool,
        after: MakeFiles<'_>,
    ) -> Result<usize, Fail> {
        let t = self.clock;
        if !self.req.no_cache {
            if let Some(rec) = self.engine.builds.cache.get_mut(&key) {
                rec.last_used = self.now;
                rec.usage = rec.usage.saturating_add(1);
                let (diff, created, size) = (rec.layer.clone(), rec.created, rec.size);
                if let Some(layer) = self.engine.builds.layers.get(&diff).cloned() {
                    crate::engine::files::apply_to_fs(&mut st.fs, &layer);
                    st.add_layer(&diff, &layer, created, size, history);
                    st.key = key;
                    let mut v = Vertex::new(name, t, t + 2);
                    v.state = VertexEnd::Cached;
                    return Ok(self.push(v));
                }
            }
        }
        let fs = match after(&st.fs) {
            Ok(fs) => fs,
            Err(e) => {
                let mut v = Vertex::new(name, t, t + 10);
                v.state = VertexEnd::Error(e);
                return Ok(self.push(v));
            }
        };
        let layer = layer_diff(st.fs.nodes(), fs.nodes(), &|_| false);
        st.fs = fs;
        let diff = image::diff_id(&layer);
        let size = image::layer_disk_usage(&layer, run);
        self.engine.builds.layers.insert(diff.clone(), layer.clone());
        let now = self.now;
        self.engine.builds.cache.insert(
            key.clone(),
            CacheRecord {
                id: base36_id(&key),
                kind: "regular".into(),
                layer: diff.clone(),
                size,
                created: now,
                last_used: now,
                usage: 1,
                description: name.clone(),
            },
        );
        st.add_layer(&diff, &layer, now, size, history);
        st.key = key;
        Ok(self.push(Vertex::new(name, t, t + ms)))
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn copy(
        &mut self,
        st: &mut State,
        ins: &Instruction,
        c: &Copy,
        add: bool,
        counter: &mut Counter,
        ctx: Option<&Context>,
        states: &[Option<State>],
        images: &Map<String, Resolved>,
        escape: char,
        find_stage: &dyn Fn(&str, usize) -> Option<usize>,
        stage_index: usize,
    ) -> Result<(), Fail> {
        let env = env_map(&st.env);
        let ex = |w: &str| words::expand(w, &env, escape).map_err(|e| Fail::at(e, ins.lines));
        let sources: Vec<String> = c.sources.iter().map(|s| ex(s)).collect::<Result<_, _>>()?;
        let dest_raw = ex(&c.dest)?;
        let chown = ex(&c.chown)?;
        let chmod = ex(&c.chmod)?;
        let mode = if chmod.is_empty() {
            None
        } else {
            match u32::from_str_radix(&chmod, 8) {
                Ok(m) if m <= 0o7777 => Some(m),
                _ => {
                    return Err(Fail::at(
                        format!(
                            "invalid chmod parameter: '{chmod}'. it should be octal string and between 0 and 07777"
                        ),
                        ins.lines,
                    ))
                }
            }
        };
        let workdir = if st.config.workdir.is_empty() { "/".to_string() } else { st.config.workdir.clone() };
        let into_dir = dest_raw.ends_with('/')
            || dest_raw == "."
            || dest_raw.ends_with("/.")
            || sources.len() + c.heredocs.len() > 1;
        let dest = fs::normalize(&workdir, &dest_raw);
        let mut history = String::from(if add { "ADD" } else { "COPY" });
        if !chown.is_empty() {
            history.push_str(&format!(" --chown={chown}"));
        }
        if !chmod.is_empty() {
            history.push_str(&format!(" --chmod={chmod}"));
        }
        for s in &sources {
            history.push_str(&format!(" {s}"));
        }
        for h in &c.heredocs {
            history.push_str(&format!(" <<{}", h.name));
        }
        history.push_str(&format!(" {}", c.dest));
        let name =
            counter.next(&uppercase_cmd(&words::expand(&ins.code, &env, escape).unwrap_or_else(|_| ins.code.clone())));
        // What to copy: (path relative to the source root, node).
        let mut picked: Vec<(String, Vec<(String, Node)>)> = Vec::new();
        let mut digest_src = String::new();
        let from_fs: Option<Fs> = if c.from.is_empty() {
            None
        } else if let Some(j) = find_stage(&c.from, stage_index) {
            let s = states.get(j).cloned().flatten();
            digest_src.push_str(&s.as_ref().map(|s| s.key.clone()).unwrap_or_default());
            s.map(|s| s.fs)
        } else {
            let img = images.get(&c.from).map(|r| r.image.clone());
            digest_src.push_str(&img.as_ref().map(|i| i.id.clone()).unwrap_or_default());
            img.map(|i| self.engine.files_of_image(&i))
        };
        for s in &sources {
            if add && (s.starts_with("http://") || s.starts_with("https://")) {
                let file = s.rsplit('/').next().filter(|f| !f.is_empty()).unwrap_or("index.html").to_string();
                let node =
                    Node { kind: NodeKind::File(String::new()), owner: "root".into(), mode: 0o600, mtime: self.now };
                picked.push((s.clone(), vec![(file, node)]));
                continue;
            }
            let found = match &from_fs {
                Some(fsrc) => select_in_fs(fsrc, s),
                None => ctx.and_then(|cx| cx.select(s)),
            };
            match found {
                Some(v) => picked.push((s.clone(), v)),
                None if has_wildcard(s) => {}
                None => {
                    let t = self.clock;
                    let shown = format!("/{}", context::clean(s.trim_start_matches('/')).trim_start_matches("./"));
                    let why = format!(
                        "failed to calculate checksum of ref {}: {shown:?}: not found",
                        session_ref(&self.req.context, self.now)
                    );
                    let mut v = Vertex::new(name, t, t + 5);
                    v.state = VertexEnd::Error(why.clone());
                    let idx = self.push(v);
                    return Err(Fail {
                        message: format!("failed to compute cache key: {why}"),
                        lines: Some(ins.lines),
                        log_vertex: Some(idx),
                    });
                }
            }
        }
        for (_, nodes) in &picked {
            for (p, n) in nodes {
                digest_src.push_str(&format!("\0{p}\0{:o}\0", n.mode));
                if let NodeKind::File(t) = &n.kind {
                    digest_src.push_str(&sha256_hex(t.as_bytes()));
                }
            }
        }
        for h in &c.heredocs {
            digest_src.push_str(&format!("\0<<{}\0{}", h.name, h.content));
        }
        let key = cache_key(&st.key, &format!("{history}\0{dest}\0{}", sha256_hex(digest_src.as_bytes())));
        let now = self.now;
        let owner = chown.split(':').next().filter(|o| !o.is_empty()).unwrap_or("root").to_string();
        let heredocs = c.heredocs.clone();
        let env2 = env.clone();
        let idx = self.layer_step(
            st,
            name,
            key,
            100,
            format!("{history} # buildkit"),
            false,
            Box::new(move |before| {
                let mut fs = before.clone();
                let target = &mut fs;
                for (src, nodes) in &picked {
                    let single_file = nodes.len() == 1 && !nodes[0].1.is_dir();
                    for (rel, node) in nodes {
                        let out = if single_file {
                            let file = fs::file_name(rel).to_string();
                            if into_dir || target.is_dir(&dest) {
                                join(&dest, &file)
                            } else {
                                dest.clone()
                            }
                        } else {
                            // A directory's contents (or `.`) go into the destination.
                            let root = nodes[0].0.as_str();
                            let is_root_dir = nodes[0].1.is_dir();
                            let sub = if is_root_dir {
                                rel.get(root.len()..).unwrap_or("").trim_start_matches('/')
                            } else {
                                fs::file_name(rel)
                            };
                            if sub.is_empty() {
                                mkdir_p(target, &dest, "root", now);
                                continue;
                            }
                            join(&dest, sub)
                        };
                        let _ = src;
                        let mut n = node.clone();
                        n.owner = owner.clone();
                        if let Some(m) = mode {
                            n.mode = m;
                        }
                        mkdir_p(target, fs::parent(&out), "root", now);
                        if target.get(&out).is_some_and(|e| !e.is_dir() || !n.is_dir()) {
                            let _ = target.remove(&out, true, Who::Root, now);
                        }
                        let _ = target.insert(&out, n);
                    }
                }
                for h in &heredocs {
                    let mut content = if h.chomp { chomp(&h.content) } else { h.content.clone() };
                    if h.expand {
                        content = words::expand(&content, &env2, '\\').unwrap_or(content);
                    }
                    let out = if into_dir || target.is_dir(&dest) { join(&dest, &h.name) } else { dest.clone() };
                    mkdir_p(target, fs::parent(&out), "root", now);
                    let _ = target.insert(
                        &out,
                        Node {
                            kind: NodeKind::File(content),
                            owner: owner.clone(),
                            mode: mode.unwrap_or(0o644),
                            mtime: now,
                        },
                    );
                }
                Ok(fs)
            }),
        )?;
        if let Some(VertexEnd::Error(e)) = self.vertices.get(idx).map(|v| v.state.clone()) {
            return Err(Fail { message: e, lines: Some(ins.lines), log_vertex: Some(idx) });
        }
        Ok(())
    }

    pub(super) fn run_step(
        &mut self,
        st: &mut State,
        ins: &Instruction,
        cl: &CommandLine,
        heredocs: &[dockerfile::Heredoc],
        counter: &mut Counter,
        escape: char,
    ) -> Result<(), Fail> {
        let env = env_map(&st.env);
        let mut args = cl.args.clone();
        let mut shown_name = uppercase_cmd(&words::expand_raw(&ins.code, &env, escape));
        if let Some(h) = heredocs.first() {
            if args.len() == 1 && args[0].trim_start().starts_with("<<") && heredocs.len() == 1 {
                args = vec![if h.chomp { chomp(&h.content) } else { h.content.clone() }];
            } else {
                let mut full = args.join(" ");
                for h in heredocs {
                    full.push_str(&format!("\n{}{}", h.content, h.name));
                }
                args = vec![full];
            }
            let doc = h.content.trim();
            let first = doc.lines().next().unwrap_or("");
            let more = if doc.lines().count() > 1 { "..." } else { "" };
            shown_name.push_str(&format!(" ({first}{more})"));
        }
        let argv = if cl.exec {
            args
        } else {
            let mut sh = if st.extra.shell.is_empty() {
                vec!["/bin/sh".to_string(), "-c".to_string()]
            } else {
                st.extra.shell.clone()
            };
            sh.push(args.join(" "));
            sh
        };
        let mut arg_text = String::new();
        if !st.args.is_empty() {
            arg_text = format!("|{} ", st.args.len());
            for (k, v) in &st.args {
                let v = env.get(k).cloned().unwrap_or_else(|| v.clone());
                arg_text.push_str(&format!("{k}={v} "));
            }
        }
        let history = format!("RUN {arg_text}{} # buildkit", argv.join(" "));
        let name = counter.next(&shown_name);
        let key = cache_key(
            &st.key,
            &format!("RUN\0{}\0{:?}\0{}\0{}", argv.join("\0"), st.env, st.config.workdir, st.config.user),
        );
        let t = self.clock;
        // A hit needs no run; a miss runs the command on the step's files.
        if !self.req.no_cache && self.engine.builds.cache.contains_key(&key) {
            self.layer_step(st, name, key, 0, history, true, Box::new(|fs| Ok(fs.clone())))?;
            return Ok(());
        }
        let step = BuildStep {
            image: st.root.as_ref(),
            files: st.fs.clone(),
            env: st.env.clone(),
            workdir: if st.config.workdir.is_empty() { "/".into() } else { st.config.workdir.clone() },
            user: st.config.user.clone(),
            argv: argv.clone(),
            now: self.now,
        };
        let ran = run_build_step(self.engine, step);
        let logs = log_lines(&ran.written, self.now);
        let elapsed = ran.until.saturating_sub(self.now);
        let ms = 210 + elapsed + 12 * logs.len() as u64;
        let shown = argv.join(" ");
        let (status, error) = match ran.status {
            Some(0) => (0, None),
            Some(code) => (code, Some(format!("process {shown:?} did not complete successfully: exit code: {code}"))),
            None => (-1, Some("Canceled: context canceled".to_string())),
        };
        if let Some(e) = error {
            let mut v = Vertex::new(name, t, t + ms.min(600_000));
            v.logs = logs;
            v.state = VertexEnd::Error(if status < 0 { "context canceled".into() } else { e.clone() });
            let idx = self.push(v);
            let message = if status < 0 { e } else { e.clone() };
            return Err(Fail { message, lines: Some(ins.lines), log_vertex: Some(idx) });
        }
        let files = ran.files;
        let idx = self.layer_step(st, name, key, ms, history, true, Box::new(move |_| Ok(files)))?;
        if let Some(v) = self.vertices.get_mut(idx) {
            v.logs = logs;
        }
        Ok(())
    }
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?', '['])
}

fn join(dir: &str, name: &str) -> String {
    if dir == "/" {
        format!("/{name}")
    } else {
        format!("{dir}/{name}")
    }
}

fn chomp(s: &str) -> String {
    s.lines().map(|l| l.trim_start_matches('\t')).collect::<Vec<_>>().join("\n")
        + if s.ends_with('\n') { "\n" } else { "" }
}

/// `mkdir -p` as the builder does it (no permission checks).
pub(super) fn mkdir_p(fs: &mut Fs, path: &str, owner: &str, now: SimTime) {
    if path == "/" || fs.is_dir(path) {
        return;
    }
    mkdir_p(fs, fs::parent(path), "root", now);
    let _ = fs.insert(path, Node { kind: NodeKind::Dir, owner: owner.to_string(), mode: 0o755, mtime: now });
}

/// A COPY --from source: absolute paths in another stage's or image's files.
fn select_in_fs(src: &Fs, pattern: &str) -> Option<Vec<(String, Node)>> {
    let path = fs::normalize("/", pattern);
    let glob = context::Glob::new(path.trim_start_matches('/'), false);
    let roots: Vec<String> = if glob.is_literal() {
        src.get(&path).map(|_| vec![path.clone()]).unwrap_or_default()
    } else {
        src.walk("/")
            .into_iter()
            .map(|(p, _)| p.to_string())
            .filter(|p| glob.matches(p.trim_start_matches('/')))
            .collect()
    };
    if roots.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for r in roots {
        for (p, n) in src.walk(&r) {
            out.push((p.trim_start_matches('/').to_string(), n.clone()));
        }
    }
    Some(out)
}

/// What a RUN step wrote, as BuildKit's log lines: seconds since the step started (a
/// container takes about 0.2 s to start), one line per line of text, both streams in order.
fn log_lines(written: &[crate::shell::Written], start: SimTime) -> Vec<LogLine> {
    let mut out = Vec::new();
    let mut partial = String::new();
    for w in written {
        let mut rest = w.text.as_str();
        while let Some(i) = rest.find('\n') {
            partial.push_str(rest.get(..i).unwrap_or(""));
            let at = 218 + w.at.saturating_sub(start) + out.len() as u64;
            out.push(LogLine { at, text: std::mem::take(&mut partial) });
            rest = rest.get(i + 1..).unwrap_or("");
            if out.len() >= 5_000 {
                return out;
            }
        }
        partial.push_str(rest);
    }
    if !partial.is_empty() {
        let at = 218 + written.last().map(|w| w.at.saturating_sub(start)).unwrap_or(0) + out.len() as u64;
        out.push(LogLine { at, text: partial });
    }
    out
}
