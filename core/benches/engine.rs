//! Criterion benchmarks: the figures the closing notes of issues #3 and #4 report.
//!
//! `cargo bench -p whalelab-core --bench engine -- --warm-up-time 1 --measurement-time 3`
//!
//! Everything runs through `Session`, core's public façade, as the page does.
//!
//! Targets (native, release): `docker ps -a` over 1,000 containers ≤ 0.5 ms; a mixed
//! 10,000-command replay ≤ 1 s; save + restore of a session with 1,000 containers through
//! serde_json ≤ 5 ms (and `Session::clone`, the undo step); parse + run of a 200-character
//! pipeline ≤ 50 µs; Tab completion over 1,000 container names ≤ 1 ms; a 10-instruction
//! `docker build` (issue #14) ≤ 5 ms, in full (`--no-cache`) and as a cached rebuild. These are
//! figures to report, not assertions: nothing here fails when a target is missed.
//!
//! Sessions run on the shipped practice registry (`content/registry/`), read from disk whole
//! as the native tools read it: without it a session pulls nothing.

use criterion::{black_box, BatchSize, Criterion};
use whalelab_core::{Catalogue, Session, SessionConfig, SimTime, SECOND};

thread_local! {
    static CATALOGUE: Catalogue = load_catalogue();
}

/// Every `.toml` file under `content/registry/`, loaded and sealed.
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

/// A fresh session on the shipped registry.
fn new_session(config: SessionConfig) -> Session {
    Session::with_catalogue(config, CATALOGUE.with(Clone::clone))
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
        once.snapshot().containers.len()
    );
}

// Fixtures are built on first use, so that a filtered run (`-- replay`) builds only its own.
fn benches(c: &mut Criterion) {
    // Read-only lines run on the session itself: `docker ps` and Tab change nothing.
    let mut big: Option<Session> = None;
    c.bench_function("docker ps -a, 1000 containers", |b| {
        let s = big.get_or_insert_with(thousand_session);
        let now = SessionConfig::default().start_time + 2_000 * SECOND;
        b.iter(|| {
            let t = s.run_line(black_box("docker ps -a"), now);
            assert_eq!(t.lines.len(), 1_001);
            t
        })
    });

    c.bench_function("complete `docker rm -f ` over 1000 names", |b| {
        let s = big.get_or_insert_with(thousand_session);
        b.iter(|| {
            let done = s.complete(black_box("docker rm -f "), 13);
            assert_eq!(done.candidates.len(), 1_000);
            done
        })
    });
    c.bench_function("complete `docker stop c99` over 1000 names", |b| {
        let s = big.get_or_insert_with(thousand_session);
        b.iter(|| s.complete(black_box("docker stop c99"), 15))
    });

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

/// A session with node:20 pulled and a small app whose Dockerfile has 10 instructions (five
/// of them filesystem steps, two RUNs), in its directory; and the time to build at.
fn build_session() -> (Session, SimTime) {
    let config = SessionConfig::default();
    let mut s = new_session(config);
    let files = [
        (
            "app/Dockerfile",
            "FROM node:20\nWORKDIR /app\nCOPY package.json .\nRUN npm install\nCOPY . .\nENV NODE_ENV=production\nRUN echo built > /built.txt\nEXPOSE 3000\nLABEL org.example=app\nCMD [\"node\", \"app.js\"]\n",
        ),
        ("app/package.json", "{\"name\": \"app\", \"dependencies\": {}}\n"),
        ("app/app.js", "console.log(\"hello\")\n"),
        ("app/README.md", "# app\n"),
    ];
    for (path, text) in files {
        s.put_file(path, text).expect("file");
    }
    let mut t = config.start_time;
    for line in ["docker pull node:20", "cd app"] {
        t += SECOND;
        assert_eq!(s.run_line(line, t).exit_code, 0, "{line}");
    }
    (s, t + SECOND)
}

fn build_benches(c: &mut Criterion) {
    let (cold, t) = build_session();
    let probe = cold.clone().run_line("docker build --no-cache -t app .", t);
    assert_eq!(probe.exit_code, 0, "{:?}", probe.lines);
    c.bench_function("docker build, 10 instructions, --no-cache", |b| {
        b.iter_batched(
            || cold.clone(),
            |mut s| {
                let out = s.run_line(black_box("docker build --no-cache -t app ."), t);
                (s, out)
            },
            BatchSize::SmallInput,
        )
    });
    let mut warm = cold.clone();
    assert_eq!(warm.run_line("docker build -t app .", t).exit_code, 0);
    c.bench_function("docker build, 10 instructions, cached rebuild", |b| {
        b.iter_batched(
            || warm.clone(),
            |mut s| {
                let out = s.run_line(black_box("docker build -t app ."), t + SECOND);
                (s, out)
            },
            BatchSize::SmallInput,
        )
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
