//! Property tests of whole sessions: random sequences of plausible docker and shell lines
//! (and Ctrl+C, Ctrl+D, Ctrl+P Ctrl+Q) run through `Session` with an advancing clock, and
//! after every step the engine's invariants must hold.
//!
//! The invariants are the ones a learner relies on without knowing it: every container's
//! image exists (unless `rmi -f` deleted it from under a stopped container, which the
//! containerd store allows), names are unique, a host IP:port:proto is bound at most once,
//! removed objects are gone from every index, a volume in use is never removed and a
//! running container's image is never deleted. This module reads the engine through its
//! getters only and changes nothing but its own sessions. (It lives inside core because
//! the engine is not part of core's public façade.)

use crate::engine::volume::MountType;
use crate::session::Key;
use crate::{Session, SessionConfig};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::collections::{BTreeMap, BTreeSet};

/// One step of a sequence: what the learner does, and how many milliseconds pass first.
#[derive(Clone, Debug)]
enum Step {
    Line(String),
    Key(Key),
}

// ----- the grammar ---------------------------------------------------------------------

/// Every `repo:tag` of the built-in registry, plus references that fail in the usual ways.
fn images() -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    let catalogue = crate::catalogue::testing::full();
    for repo in catalogue.index() {
        v.push(repo.name.clone());
        for tag in &repo.tags {
            v.push(format!("{}:{tag}", repo.name));
        }
    }
    v.extend(["nosuchimage", "httpd:nope", "Bad/Name", "docker.io/library/httpd:latest"].map(String::from));
    v
}

/// A handful of images get most of the traffic, so that conflicts between them happen.
fn image() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::sample::select(vec!["httpd", "nginx", "busybox", "hello-world", "ubuntu", "mysql:8.0", "alpine"]).prop_map(String::from),
        1 => prop::sample::select(images()),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["web", "db", "app", "cache", "web2", "a_1"]).prop_map(String::from)
}

/// A container as a command names it: by name, through `$(...)`, or one that isn't there.
fn target() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => name(),
        1 => Just("$(docker ps -lq)".to_string()),
        1 => Just("$(docker ps -q)".to_string()),
        1 => Just("$(docker ps -aq)".to_string()),
        1 => Just("nosuch".to_string()),
    ]
}

fn port() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!["", "", "", "127.0.0.1:", "0.0.0.0:"]),
        prop::option::weighted(0.85, prop::sample::select(vec![80u16, 8080, 8081, 3306, 5000])),
        prop::sample::select(vec![80u16, 443, 3306]),
        prop::sample::select(vec!["", "", "", "/udp", "/tcp"]),
    )
        .prop_map(|(ip, host, cport, proto)| match host {
            Some(h) => format!("{ip}{h}:{cport}{proto}"),
            None => format!("{cport}{proto}"),
        })
}

fn network() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["bridge", "host", "none", "appnet", "backnet"]).prop_map(String::from)
}

fn volume_spec() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "data:/data",
        "logs:/var/log",
        "/data",
        "data:/data:ro",
        "./html:/usr/share/nginx/html",
        "/tmp:/x",
    ])
    .prop_map(String::from)
}

/// `docker run|create` with a random mix of the options lessons use.
fn run_line() -> impl Strategy<Value = String> {
    (
        // Mostly detached: a foreground run holds the terminal until Ctrl+C.
        (
            prop::sample::select(vec!["run", "run", "run", "create", "container run"]),
            prop::bool::weighted(0.75),
            prop::sample::select(vec!["", "", "-it", "-i", "-t"]),
            prop::bool::weighted(0.2),
        ),
        (prop::option::weighted(0.7, name()), prop::collection::vec(port(), 0..3), prop::bool::weighted(0.05)),
        (
            prop::option::weighted(0.25, volume_spec()),
            prop::option::weighted(0.2, network()),
            prop::option::weighted(0.15, prop::sample::select(vec!["always", "unless-stopped", "on-failure:2", "no"])),
        ),
        (
            prop::option::weighted(
                0.2,
                prop::sample::select(vec!["MYSQL_ROOT_PASSWORD=pw", "POSTGRES_PASSWORD=pw", "A=b"]),
            ),
            image(),
            prop::sample::select(vec!["", "", "", " sh", " echo hi", " bash", " sleep 5"]),
        ),
    )
        .prop_map(
            |((cmd, detach, tty, rm), (name, ports, publish_all), (vol, net, restart), (env, image, tail))| {
                let mut l = format!("docker {cmd}");
                // `create` has no -d (docker rejects it as an unknown flag).
                if detach && cmd != "create" {
                    l.push_str(" -d");
                }
                if !tty.is_empty() {
                    l.push(' ');
                    l.push_str(tty);
                }
                if rm {
                    l.push_str(" --rm");
                }
                if let Some(n) = name {
                    l.push_str(&format!(" --name {n}"));
                }
                for p in ports {
                    l.push_str(&format!(" -p {p}"));
                }
                if publish_all {
                    l.push_str(" -P");
                }
                if let Some(v) = vol {
                    l.push_str(&format!(" -v {v}"));
                }
                if let Some(n) = net {
                    l.push_str(&format!(" --network {n}"));
                }
                if let Some(r) = restart {
                    l.push_str(&format!(" --restart {r}"));
                }
                if let Some(e) = env {
                    l.push_str(&format!(" -e {e}"));
                }
                format!("{l} {image}{tail}")
            },
        )
}

fn container_line() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(vec![
                "start",
                "stop",
                "kill",
                "restart",
                "pause",
                "unpause",
                "rm",
                "rm -f",
                "rm -v",
                "rm -fv",
                "stop -t 0",
                "kill -s INT",
                "logs",
                "container rm -f"
            ]),
            prop::collection::vec(target(), 1..3)
        )
            .prop_map(|(cmd, ts)| format!("docker {cmd} {}", ts.join(" "))),
        (target(), name()).prop_map(|(t, n)| format!("docker rename {t} {n}")),
        Just("docker rm $(docker ps -qa)".to_string()),
        Just("docker rm -f $(docker ps -qa)".to_string()),
        Just("docker stop $(docker ps -q)".to_string()),
        Just("docker container prune -f".to_string()),
        prop::sample::select(vec![
            "docker ps",
            "docker ps -a",
            "docker ps -aq",
            "docker ps -a --no-trunc",
            "docker ps -f status=exited"
        ])
        .prop_map(String::from),
    ]
}

fn image_line() -> impl Strategy<Value = String> {
    prop_oneof![
        image().prop_map(|i| format!("docker pull {i}")),
        (prop::sample::select(vec!["rmi", "rmi -f", "image rm", "image rm -f"]), image())
            .prop_map(|(c, i)| format!("docker {c} {i}")),
        (image(), prop::sample::select(vec!["mine:1", "mine", "web:v2", "localhost:5000/x"]))
            .prop_map(|(i, t)| format!("docker tag {i} {t}")),
        Just("docker image rm $(docker images -q)".to_string()),
        Just("docker rmi -f $(docker images -q)".to_string()),
        Just("docker rmi -f $(docker images -q httpd)".to_string()),
        Just("docker rmi $(docker images -q httpd)".to_string()),
        Just("docker images".to_string()),
        Just("docker images -a -q".to_string()),
        Just("docker image prune -a -f".to_string()),
    ]
}

fn object_line() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec!["data", "logs", "x"]).prop_map(|v| format!("docker volume create {v}")),
        (
            prop::sample::select(vec!["volume rm", "volume rm -f"]),
            prop::sample::select(vec!["data", "logs", "x", "$(docker volume ls -q)"])
        )
            .prop_map(|(c, v)| format!("docker {c} {v}")),
        Just("docker volume prune -f".to_string()),
        Just("docker volume prune -a -f".to_string()),
        Just("docker volume ls".to_string()),
        prop::sample::select(vec!["appnet", "backnet"]).prop_map(|n| format!("docker network create {n}")),
        network().prop_map(|n| format!("docker network rm {n}")),
        (network(), target()).prop_map(|(n, t)| format!("docker network connect {n} {t}")),
        (network(), target()).prop_map(|(n, t)| format!("docker network disconnect {n} {t}")),
        Just("docker network prune -f".to_string()),
        Just("docker network ls".to_string()),
        Just("docker system prune -a -f --volumes".to_string()),
    ]
}

fn host_line() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "systemctl stop docker",
            "sudo systemctl start docker",
            "systemctl restart docker",
            "sudo systemctl stop docker",
            "systemctl start docker",
            "systemctl status docker"
        ])
        .prop_map(String::from),
        prop::sample::select(vec![
            "exit",
            "ls",
            "echo $?",
            "cat /etc/hostname",
            "sleep 3",
            "history | tail -3",
            "docker",
            "docker --help",
            "curl localhost:8080"
        ])
        .prop_map(String::from),
        // Garbage: printable ASCII, then anything printable.
        "[ -~]{0,40}",
        "\\PC{0,16}",
    ]
}

fn step() -> impl Strategy<Value = (Step, u64)> {
    let step = prop_oneof![
        8 => run_line().prop_map(Step::Line),
        8 => container_line().prop_map(Step::Line),
        4 => image_line().prop_map(Step::Line),
        4 => object_line().prop_map(Step::Line),
        3 => host_line().prop_map(Step::Line),
        3 => prop::sample::select(vec![Key::CtrlC, Key::CtrlC, Key::CtrlD, Key::Detach]).prop_map(Step::Key),
    ];
    let advance = prop_oneof![Just(0u64), 0u64..2_000, 0u64..200_000];
    (step, advance)
}

// ----- the invariants --------------------------------------------------------------------

/// What the checks remember about the engine before a step.
#[derive(Default)]
struct Before {
    /// Container ID → (name, image ID, running).
    containers: BTreeMap<String, (String, String, bool)>,
    images: BTreeSet<String>,
    volumes: BTreeSet<String>,
    networks: BTreeMap<String, String>,
}

fn observe(s: &Session) -> Before {
    let e = s.engine();
    Before {
        containers: e
            .containers()
            .map(|c| (c.id.clone(), (c.name.clone(), c.image_id.clone(), c.is_running())))
            .collect(),
        images: e.images().map(|i| i.id.clone()).collect(),
        volumes: e.volumes().map(|v| v.name.clone()).collect(),
        networks: e.networks().map(|n| (n.id.clone(), n.name.clone())).collect(),
    }
}

/// Checks every invariant after a step. `orphans` collects containers whose image `rmi -f`
/// deleted while they were stopped: the only containers allowed to lack their image.
fn check(s: &Session, before: &Before, orphans: &mut BTreeSet<String>, what: &str) -> Result<(), TestCaseError> {
    let e = s.engine();
    let images: BTreeSet<&str> = e.images().map(|i| i.id.as_str()).collect();

    // A running container's image is never deleted; a stopped one's may be (rmi -f by ID).
    for gone in before.images.iter().filter(|id| !images.contains(id.as_str())) {
        prop_assert!(e.image_resolve(gone).is_err(), "{what}: deleted image {gone} still resolves");
        prop_assert!(e.tags_of(gone).is_empty(), "{what}: deleted image {gone} keeps tags");
        prop_assert!(!e.tagged_images().any(|(_, i)| &i.id == gone), "{what}: a tag points at deleted image {gone}");
        for (id, (name, image, was_running)) in &before.containers {
            if image == gone {
                let still_running = e.container(id).is_some_and(|c| c.is_running());
                prop_assert!(
                    !(*was_running && still_running),
                    "{what}: image {gone} deleted under running container {name}"
                );
                orphans.insert(id.clone());
            }
        }
    }
    // A line can create a container and force-delete its image in one go (a command
    // substitution over several lines): allowed, as above, only while it is not running.
    for c in e.containers().filter(|c| !before.containers.contains_key(&c.id) && !images.contains(c.image_id.as_str()))
    {
        prop_assert!(!c.is_running(), "{what}: image {} deleted under running container {}", c.image_id, c.name);
        orphans.insert(c.id.clone());
    }
    for (r, i) in e.tagged_images() {
        prop_assert!(images.contains(i.id.as_str()), "{what}: tag {} points nowhere", r.familiar());
    }

    // Every container's image exists; names are unique and resolve to their container.
    let mut names = BTreeSet::new();
    for c in e.containers() {
        prop_assert!(
            images.contains(c.image_id.as_str()) || orphans.contains(&c.id),
            "{what}: container {} lost image {}",
            c.name,
            c.image_id
        );
        prop_assert!(names.insert(c.name.clone()), "{what}: name {} used twice", c.name);
        prop_assert_eq!(
            e.container_resolve(&c.name).map(|x| x.id.clone()).ok(),
            Some(c.id.clone()),
            "{}: name {} resolves elsewhere",
            what,
            c.name
        );
        prop_assert_eq!(
            e.container_resolve(&c.id).map(|x| x.id.clone()).ok(),
            Some(c.id.clone()),
            "{}: ID of {} does not resolve",
            what,
            c.name
        );
    }

    // A host IP:port:proto is bound at most once among live containers.
    let mut bound = BTreeSet::new();
    for c in e.containers().filter(|c| c.is_running()) {
        for b in &c.bindings {
            let ip = if b.host_ip.is_empty() { "0.0.0.0" } else { b.host_ip.as_str() };
            let proto = if b.proto.is_empty() { "tcp" } else { b.proto.as_str() };
            prop_assert!(
                bound.insert((ip.to_string(), b.host_port, proto.to_string())),
                "{what}: {ip}:{}/{proto} bound twice (second: {})",
                b.host_port,
                c.name
            );
        }
    }

    // Running containers on one network never share an address.
    for n in e.networks() {
        let mut ips = BTreeSet::new();
        for (c, ep) in e.live_endpoints(n) {
            if let Some(ip) = ep.ip {
                prop_assert!(ips.insert(ip), "{what}: {} got an address already used on {}", c.name, n.name);
            }
        }
    }

    // A volume in use is never removed.
    for c in e.containers() {
        for m in e.container_mounts(&c.id).iter().filter(|m| m.kind == MountType::Volume) {
            prop_assert!(e.volume_inspect(&m.name).is_ok(), "{what}: volume {} of {} was removed", m.name, c.name);
        }
    }

    // Removed objects are gone from every index.
    for (id, (name, _, _)) in before.containers.iter().filter(|(id, _)| e.container(id).is_none()) {
        prop_assert!(e.container_resolve(id).is_err(), "{what}: removed {name} still resolves by ID");
        if let Ok(other) = e.container_resolve(name) {
            prop_assert!(&other.id != id, "{what}: removed {name} still resolves by name");
        }
        prop_assert!(e.container_attachments(id).is_empty(), "{what}: removed {name} keeps network attachments");
        prop_assert!(e.container_mounts(id).is_empty(), "{what}: removed {name} keeps mounts");
        for v in e.volumes() {
            prop_assert!(
                !e.volume_refs(&v.name).contains(id),
                "{what}: volume {} still referenced by removed {name}",
                v.name
            );
        }
    }
    // The snapshot (the diagram, the goals) shows exactly the engine's objects.
    let snap = s.snapshot();
    let ids: BTreeSet<&str> = snap.containers.iter().map(|c| c.id.as_str()).collect();
    prop_assert_eq!(
        ids,
        e.containers().map(|c| c.id.as_str()).collect::<BTreeSet<_>>(),
        "{}: snapshot containers differ",
        what
    );
    let ids: BTreeSet<&str> = snap.images.iter().map(|i| i.id.as_str()).collect();
    prop_assert_eq!(ids, images.clone(), "{}: snapshot images differ", what);
    let names: BTreeSet<&str> = snap.volumes.iter().map(|v| v.name.as_str()).collect();
    prop_assert_eq!(
        names,
        e.volumes().map(|v| v.name.as_str()).collect::<BTreeSet<_>>(),
        "{}: snapshot volumes differ",
        what
    );
    for v in before.volumes.iter().filter(|v| !e.volumes().any(|x| &x.name == *v)) {
        prop_assert!(e.volume_inspect(v).is_err(), "{what}: removed volume {v} still inspects");
    }
    for (id, name) in before.networks.iter().filter(|(id, _)| !e.networks().any(|n| &n.id == *id)) {
        prop_assert!(e.network_resolve(id).is_err(), "{what}: removed network {name} still resolves by ID");
    }
    Ok(())
}

/// Runs one sequence from a fresh session, checking after every step.
fn run(steps: &[(Step, u64)]) -> Result<(), TestCaseError> {
    let config = SessionConfig::default();
    let mut s = crate::catalogue::testing::session(config);
    let mut now = config.start_time;
    let mut orphans = BTreeSet::new();
    for (i, (step, advance)) in steps.iter().enumerate() {
        now += advance;
        let before = observe(&s);
        let what = format!("step {i} {step:?}");
        let t = match step {
            Step::Line(line) => s.run_line(line, now),
            Step::Key(key) => s.key(*key, now),
        };
        prop_assert!(t.lines.iter().all(|l| !l.text.contains("panicked")), "{what}: output mentions a panic");
        check(&s, &before, &mut orphans, &what)?;
        // Streaming while a container holds the terminal is a step of its own.
        if s.is_held() {
            let before = observe(&s);
            s.poll(now);
            check(&s, &before, &mut orphans, &format!("{what} (poll)"))?;
        }
    }
    Ok(())
}

// Two tests share the work so that `cargo test` can run them on both cores; together they
// run 10,000 random sequences (about 115,000 steps; under a minute in a debug build).
proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    #[test]
    fn short_sessions_keep_every_invariant(steps in prop::collection::vec(step(), 1..14)) {
        run(&steps)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5_000))]

    #[test]
    fn longer_sessions_keep_every_invariant(steps in prop::collection::vec(step(), 10..22)) {
        run(&steps)?;
    }
}

/// Sequences that once broke, or that the random ones reach only rarely, replayed every time.
#[test]
fn known_sequences() {
    let line = |l: &str| (Step::Line(l.to_string()), 1_000);
    let cases: Vec<Vec<(Step, u64)>> = vec![
        // A command substitution over several lines that starts a container holding the terminal.
        vec![
            line("a`"),
            line("docker run -t httpd"),
            line("docker run nginx sh"),
            line("docker rmi -f $(docker images -q)"),
            line("`"),
        ],
        vec![
            line("docker run -d --name web -p 8080:80 httpd"),
            line("docker run -d --name web2 -p 8080:80 httpd"),
            line("docker start web2"),
            line("docker rm -f web"),
            line("docker start web2"),
        ],
        vec![
            line("docker run -d --name web httpd"),
            line("docker rmi -f httpd"),
            line("docker rmi -f $(docker images -q)"),
            line("docker stop web"),
            line("docker rmi -f $(docker images -q)"),
            line("docker start web"),
        ],
        vec![
            line("docker run -d -v data:/data --name db busybox"),
            line("docker volume rm data"),
            line("docker volume prune -a -f"),
            line("docker rm db"),
            line("docker volume rm data"),
        ],
        vec![
            line("docker run -d --name web httpd"),
            line("systemctl stop docker"),
            line("docker ps"),
            line("sudo systemctl start docker"),
            line("docker rm $(docker ps -qa)"),
        ],
        vec![
            line("docker run httpd"),
            (Step::Key(Key::CtrlC), 500),
            line("docker run -it ubuntu bash"),
            line("ls"),
            (Step::Key(Key::Detach), 0),
            line("docker rm -f $(docker ps -qa)"),
        ],
        vec![
            line("docker run -d --restart always --name a -p 80:80 nginx"),
            line("systemctl restart docker"),
            line("docker run -d --name b -p 80:80 nginx"),
            line("docker rename a b"),
            line("docker rename b c"),
        ],
    ];
    for steps in cases {
        if let Err(e) = run(&steps) {
            panic!("{e}");
        }
    }
}

/// The checks can fail: a saved session edited into each broken state is caught.
#[test]
fn broken_states_are_caught() {
    let config = SessionConfig::default();
    let mut s = crate::catalogue::testing::session(config);
    for line in ["docker run -d --name web -p 8080:80 -v data:/data httpd", "docker run -d --name db -p 8081:80 httpd"]
    {
        s.run_line(line, config.start_time);
    }
    let saved = serde_json::to_value(&s).expect("a session serializes");
    let web = s.engine().container_resolve("web").expect("web").clone();
    let db = s.engine().container_resolve("db").expect("db").clone();
    // Each edit breaks one invariant of the saved engine.
    type Edit<'a> = Box<dyn Fn(&mut serde_json::Value) + 'a>;
    let edits: Vec<(&str, Edit)> = vec![
        ("used twice", Box::new(|v| v["engine"]["containers"][&db.id]["name"] = "web".into())),
        ("bound twice", Box::new(|v| v["engine"]["containers"][&db.id]["bindings"][0]["host_port"] = 8080.into())),
        ("lost image", Box::new(|v| v["engine"]["containers"][&web.id]["image_id"] = "sha256:0".into())),
        ("was removed", Box::new(|v| v["engine"]["volume_store"]["volumes"] = serde_json::json!({}))),
    ];
    let before = observe(&s);
    check(&s, &before, &mut BTreeSet::new(), "intact").expect("the intact session passes");
    for (broken, edit) in edits {
        let mut v = saved.clone();
        edit(&mut v);
        let tampered: Session = serde_json::from_value(v).expect("the edited session loads");
        let err = check(&tampered, &before, &mut BTreeSet::new(), "tampered").expect_err(broken);
        assert!(err.to_string().contains(broken), "{broken}: {err}");
    }
}
