//! Criterion benchmarks: the figures the closing notes of issues #3 and #4 report.
//!
//! `cargo bench -p whalelab-core --bench engine -- --warm-up-time 1 --measurement-time 3`
//!
//! Targets (native, release): `docker ps -a` over 1,000 containers ≤ 0.5 ms; a mixed
//! 10,000-command replay ≤ 1 s; save + restore of a session with 1,000 containers through
//! serde_json ≤ 5 ms (and `Session::clone`, the undo step); parse + run of a 200-character
//! pipeline ≤ 50 µs; Tab completion over 1,000 container names ≤ 1 ms; a 10-instruction
//! `docker build` (issue #14) ≤ 5 ms, run in full and as a cached rebuild. These are figures to
//! report, not assertions: nothing here fails when a target is missed.

use criterion::{black_box, BatchSize, Criterion};
use whalelab_core::catalogue::Catalogue;
use whalelab_core::client::ClientHost;
use whalelab_core::complete::complete_in;
use whalelab_core::engine::Engine;
use whalelab_core::map::Map;
use whalelab_core::shell::fs::Fs;
use whalelab_core::shell::Shell;
use whalelab_core::{Session, SessionConfig, SimTime};

const SECOND: SimTime = 1_000;

thread_local! {
    static CATALOGUE: Catalogue = load_catalogue();
}

/// The shipped practice registry (`content/registry/`), read from disk whole, as the native
/// tools read it: every image the benchmarks pull is there.
fn load_catalogue() -> Catalogue {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/registry");
    let mut files = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "toml") {
                let rel = path.strip_prefix(&root).map(|r| r.to_string_lossy().replace('\\', "/")).unwrap_or_default();
                files.push((rel, std::fs::read_to_string(&path).unwrap_or_default()));
            }
        }
    }
    let (catalogue, errors) = Catalogue::from_files(&files);
    assert!(errors.is_empty(), "{errors:?}");
    catalogue
}

fn catalogue() -> Catalogue {
    CATALOGUE.with(Clone::clone)
}

/// A fresh session on the shipped registry.
fn new_session(config: SessionConfig) -> Session {
    Session::with_catalogue(config, catalogue())
}

/// A fresh daemon on the shipped registry.
fn new_engine(seed: u64, now: SimTime) -> Engine {
    let mut e = Engine::new(seed, now);
    e.set_catalogue(catalogue());
    e
}

fn argv(line: &str) -> Vec<String> {
    line.split_whitespace().map(str::to_string).collect()
}

/// The lines that build a host with 1,000 containers: every other one a running httpd with
/// its own published port, the rest created busybox containers.
fn thousand_lines() -> Vec<String> {
    let mut lines = vec!["docker pull httpd".to_string(), "docker pull busybox".to_string()];
    for i in 0..1_000 {
        lines.push(if i % 2 == 0 {
            format!("docker run -d --name c{i} -p {}:80 httpd", 10_000 + i)
        } else {
            format!("docker create --name c{i} busybox")
        });
    }
    lines
}

/// An engine (no shell) with the 1,000 containers.
fn thousand_engine() -> Engine {
    let start = SessionConfig::default().start_time;
    let mut e = new_engine(1, start);
    let mut fs = Fs::host();
    let env = Map::new();
    for (i, line) in thousand_lines().iter().enumerate() {
        e.set_now(start + i as SimTime * SECOND);
        let args = argv(line);
        let mut host = ClientHost::detached(&mut fs, &env, e.now());
        let out = whalelab_core::client::run(&mut e, &mut host, args.get(1..).unwrap_or(&[]), "").into_output();
        assert_eq!(out.code, 0, "{line}: {:?}", out.lines);
    }
    assert_eq!(e.containers().count(), 1_000);
    e
}

/// A session with the 1,000 containers, built through the shell.
fn thousand_session() -> Session {
    let config = SessionConfig::default();
    let mut s = new_session(config);
    let mut now = config.start_time;
    for line in thousand_lines() {
        now += SECOND;
        let t = s.run_line(&line, now);
        assert_eq!(t.exit_code, 0, "{line}: {:?}", t.lines);
    }
    s
}

/// 10,000 lines of what a class types: runs, stops, starts, listings, logs, pulls, removals,
/// a few pipelines and mistakes, cycling over 40 names so that state stays lesson-sized.
fn replay_lines() -> Vec<String> {
    let mut lines = Vec::with_capacity(10_000);
    for i in 0..10_000usize {
        let k = (i / 10) % 40;
        let line = match i % 10 {
            0 => format!("docker run -d --name w{k} -p {}:80 httpd", 8_000 + k),
            1 => "docker ps".to_string(),
            2 => format!("docker stop w{k}"),
            3 => format!("docker start w{k}"),
            4 => format!("docker logs w{k}"),
            5 => "docker images".to_string(),
            6 => "docker ps -a | grep httpd | wc -l".to_string(),
            7 => {
                if k % 3 == 0 {
                    "docker pull nginx:1.27".to_string()
                } else {
                    "docker run hello-world".to_string()
                }
            }
            8 => {
                if k % 2 == 0 {
                    format!("docker rm -f w{k}")
                } else {
                    "docker rnu httpd".to_string()
                }
            }
            _ => "docker rm $(docker ps -aq -f status=exited)".to_string(),
        };
        lines.push(line);
    }
    lines
}

/// A 200-character pipeline of the kind lessons end with.
const PIPELINE: &str = "docker ps -a | grep -v Exited | awk '{print $NF}' | sort | uniq -c | sort -rn | head -3; echo \"images: $(docker images -q | wc -l)\" && docker images | tail -n +2 | cut -c1-20 | head -2 || echo no images";

/// A small host for the pipeline: two servers, a finished hello-world, a pulled nginx.
fn small_session() -> (Session, SimTime) {
    let config = SessionConfig::default();
    let mut s = new_session(config);
    let mut t = config.start_time;
    for line in [
        "docker run -d --name web -p 8080:80 httpd",
        "docker run -d --name db -e MYSQL_ROOT_PASSWORD=pw mysql:8.0",
        "docker run hello-world",
        "docker pull nginx:1.27",
    ] {
        t += SECOND;
        s.run_line(line, t);
    }
    assert!((190..=210).contains(&PIPELINE.len()), "pipeline is {} characters", PIPELINE.len());
    let probe = s.clone().run_line(PIPELINE, t + SECOND);
    assert_eq!(probe.exit_code, 0, "{:?}", probe.lines);
    (s, t + SECOND)
}

/// Prints how big a saved session is and which parts weigh most (the figure to watch when
/// save + restore misses its target).
fn describe_save(s: &Session) {
    let value = serde_json::to_value(s).expect("serializes");
    let total = value.to_string().len();
    let mut parts: Vec<(usize, String)> = Vec::new();
    for (side, v) in value.as_object().into_iter().flatten() {
        for (key, part) in v.as_object().into_iter().flatten() {
            parts.push((part.to_string().len(), format!("{side}.{key}")));
        }
    }
    parts.sort_by(|a, b| b.cmp(a));
    let top: Vec<String> = parts.iter().take(4).map(|(n, k)| format!("{k} {n}")).collect();
    eprintln!("saved session with 1000 containers: {total} bytes of JSON; largest parts: {}", top.join(", "));
    let heaviest =
        value["engine"]["containers"].as_object().and_then(|m| m.values().max_by_key(|c| c.to_string().len()));
    if let Some(c) = heaviest.and_then(|c| c.as_object()) {
        let mut fields: Vec<(usize, &String)> = c.iter().map(|(k, v)| (v.to_string().len(), k)).collect();
        fields.sort_by(|a, b| b.cmp(a));
        let top: Vec<String> = fields.iter().take(5).map(|(n, k)| format!("{k} {n}")).collect();
        eprintln!("heaviest container: {}", top.join(", "));
    }
}

/// Replays the lines once to say what they do (and that none holds the terminal).
fn describe_replay(lines: &[String]) {
    let config = SessionConfig::default();
    let mut once = new_session(config);
    let (mut at, mut failed) = (config.start_time, 0);
    for line in lines {
        at += SECOND;
        failed += usize::from(once.run_line(line, at).exit_code != 0);
        assert!(!once.is_held(), "{line} holds the terminal");
    }
    eprintln!(
        "replay: {failed} of {} lines exit non-zero; {} containers at the end",
        lines.len(),
        once.engine().containers().count()
    );
}

// Fixtures are built on first use, so that a filtered run (`-- replay`) builds only its own.
fn benches(c: &mut Criterion) {
    let mut engine: Option<Engine> = None;
    let ps = argv("ps -a");
    let mut fs = Fs::host();
    let env = Map::new();
    c.bench_function("docker ps -a, 1000 containers", |b| {
        let e = engine.get_or_insert_with(thousand_engine);
        b.iter(|| {
            let mut host = ClientHost::detached(&mut fs, &env, e.now());
            let out = whalelab_core::client::run(e, &mut host, black_box(&ps), "").into_output();
            assert_eq!(out.lines.len(), 1_001);
            out
        })
    });

    let shell = Shell::new();
    c.bench_function("complete `docker rm -f ` over 1000 names", |b| {
        let e = engine.get_or_insert_with(thousand_engine);
        b.iter(|| {
            let done = complete_in(&shell, e, black_box("docker rm -f "), 13);
            assert_eq!(done.candidates.len(), 1_000);
            done
        })
    });
    c.bench_function("complete `docker stop c99` over 1000 names", |b| {
        let e = engine.get_or_insert_with(thousand_engine);
        b.iter(|| complete_in(&shell, e, black_box("docker stop c99"), 15))
    });

    let mut big: Option<Session> = None;
    let mut described = false;
    c.bench_function("Session::clone, 1000 containers", |b| {
        let s = big.get_or_insert_with(thousand_session);
        b.iter(|| black_box(&*s).clone())
    });
    c.bench_function("save + restore (serde_json), 1000 containers", |b| {
        let s = big.get_or_insert_with(thousand_session);
        if !described {
            describe_save(s);
            described = true;
        }
        b.iter(|| {
            let text = serde_json::to_string(black_box(&*s)).expect("serializes");
            let back: Session = serde_json::from_str(&text).expect("deserializes");
            back
        })
    });

    let mut small: Option<(Session, SimTime)> = None;
    c.bench_function("parse + run a 200-character pipeline", |b| {
        let (s, t) = small.get_or_insert_with(small_session);
        // The session goes back out with the output, so that dropping it (a page never drops
        // its session) is not timed.
        b.iter_batched(
            || s.clone(),
            |mut s| {
                let out = s.run_line(black_box(PIPELINE), *t);
                (s, out)
            },
            BatchSize::SmallInput,
        )
    });

    let mut lines: Option<Vec<String>> = None;
    let config = SessionConfig::default();
    let mut group = c.benchmark_group("replay");
    group.sample_size(10);
    group.bench_function("10,000 mixed commands", |b| {
        let lines = lines.get_or_insert_with(|| {
            let l = replay_lines();
            describe_replay(&l);
            l
        });
        b.iter_batched(
            || new_session(config),
            |mut s| {
                let mut at = config.start_time;
                for line in lines.iter() {
                    at += SECOND;
                    s.run_line(line, at);
                }
                s
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// A 10-instruction Dockerfile, a small context and an engine with its base image.
fn build_setup() -> (Engine, whalelab_core::shell::Fs, whalelab_core::engine::build::BuildRequest) {
    use whalelab_core::shell::{Who, WriteMode};
    let start = SessionConfig::default().start_time;
    let mut e = new_engine(1, start);
    e.image_pull("node:20").expect("pull");
    let mut fs = whalelab_core::shell::Fs::host();
    let files = [
        (
            "Dockerfile",
            "FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY . .\nENV NODE_ENV=production\nRUN echo built > /built.txt\nEXPOSE 3000\nLABEL org.example=app\nCMD [\"node\", \"app.js\"]\n",
        ),
        ("package.json", "{\"name\": \"app\", \"dependencies\": {}}\n"),
        ("app.js", "console.log(\"hello\")\n"),
        ("README.md", "# app\n"),
    ];
    for (name, text) in files {
        let p = format!("/home/user/app/{name}");
        let _ = fs.mkdir_all("/home/user/app", Who::User, start);
        fs.write(&p, text, WriteMode::Truncate, Who::User, start).expect("write");
    }
    let req = whalelab_core::engine::build::BuildRequest {
        context: "/home/user/app".into(),
        dockerfile: "/home/user/app/Dockerfile".into(),
        dockerfile_name: "Dockerfile".into(),
        tags: vec!["app".into()],
        ..Default::default()
    };
    (e, fs, req)
}

fn build_benches(c: &mut Criterion) {
    let (engine, fs, req) = build_setup();
    let mut cold = req.clone();
    cold.no_cache = true;
    c.bench_function("docker build, 10 instructions, --no-cache", |b| {
        b.iter_batched(|| engine.clone(), |mut e| black_box(e.image_build(&cold, &fs)), BatchSize::SmallInput)
    });
    let mut warm = engine.clone();
    assert!(warm.image_build(&req, &fs).outcome.is_ok());
    c.bench_function("docker build, 10 instructions, cached rebuild", |b| {
        b.iter_batched(|| warm.clone(), |mut e| black_box(e.image_build(&req, &fs)), BatchSize::SmallInput)
    });
}

fn main() {
    // What `criterion_main!` expands to, written out so that the lint for undocumented
    // public items has nothing to say.
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    build_benches(&mut c);
    c.final_summary();
}
