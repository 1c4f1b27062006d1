//! Unit tests of the diagram's layout: real sessions for what commands do, hand-made
//! snapshots for the crowded cases (50 and 1,000 containers).

use super::*;
use crate::event::ObjectKind;
use crate::snapshot::{ContainerStatus, ContainerView, Snapshot};
use crate::SessionConfig;

/// Changes in docker's words, one line each, to compare in tests (the site's wording is web's).
fn plain(changes: &Changes) -> Vec<String> {
    changes
        .items
        .iter()
        .map(|c| match c {
            Change::Container { name, states } => {
                format!("{name}: {}", states.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" → "))
            }
            Change::Object { kind, action, name } => {
                let kind = match kind {
                    ObjectKind::Container => "container",
                    ObjectKind::Image => "image",
                    ObjectKind::Volume => "volume",
                    ObjectKind::Network => "network",
                    ObjectKind::Daemon => "daemon",
                };
                format!("{kind} {action} {name}").trim_end().to_string()
            }
        })
        .collect()
}

/// Runs `lines` on a fresh session; returns the snapshot and the last line's events.
fn after(lines: &[&str]) -> (Snapshot, Vec<Event>, String) {
    let config = SessionConfig::default();
    let mut s = crate::catalogue::testing::session(config);
    let mut events = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let t = s.run_line(line, config.start_time + 1000 * (i as u64 + 1));
        assert!(t.exit_code == 0, "{line}: {:?}", t.lines);
        events = t.events;
    }
    (s.snapshot(), events, lines.last().map(|l| l.to_string()).unwrap_or_default())
}

fn container(i: usize, status: ContainerStatus) -> ContainerView {
    ContainerView {
        id: format!("{i:064x}"),
        name: format!("container_number_{i}"),
        image: "httpd".into(),
        image_id: "sha256:img".into(),
        status,
        exit_code: 0,
        created: i as u64,
        ports: Vec::new(),
        env: Vec::new(),
        mounts: Vec::new(),
        networks: vec!["bridge".into()],
        compose: None,
    }
}

fn crowd(n: usize, status: impl Fn(usize) -> ContainerStatus) -> Snapshot {
    Snapshot {
        daemon_running: true,
        containers: (0..n).map(|i| container(i, status(i))).collect(),
        ..Snapshot::default()
    }
}

fn node(m: &Machine, s: ContainerStatus) -> &StateNode {
    m.nodes.iter().find(|n| n.state == s).expect("every state has a node")
}

fn token<'a>(m: &'a Machine, name: &str) -> Option<&'a Token> {
    m.tokens.iter().find(|t| t.name == name)
}

fn edge(m: &Machine, from: ContainerStatus, to: ContainerStatus) -> &Edge {
    m.edges.iter().find(|e| e.from == from && e.to == to).expect("the edge exists")
}

/// Nothing overlaps: nodes with nodes, and inside each node its tokens and "+N" cell.
fn assert_machine_is_tidy(m: &Machine) {
    assert_eq!(m.nodes.len(), 7);
    for (i, a) in m.nodes.iter().enumerate() {
        assert!(a.rect.x >= 0 && a.rect.y >= 0 && a.rect.right() <= m.width && a.rect.bottom() <= m.height, "{a:?}");
        for b in m.nodes.iter().skip(i + 1) {
            assert!(!a.rect.overlaps(&b.rect), "{:?} overlaps {:?}", a.state, b.state);
        }
        let mut cells: Vec<Rect> = m.tokens.iter().filter(|t| t.state == a.state).map(|t| t.rect).collect();
        cells.extend(a.more_rect);
        for (j, c) in cells.iter().enumerate() {
            assert!(a.rect.contains(c), "a token leaves {:?}: {c:?} in {:?}", a.state, a.rect);
            for d in cells.iter().skip(j + 1) {
                assert!(!c.overlaps(d), "tokens overlap in {:?}: {c:?} {d:?}", a.state);
            }
        }
        assert!(cells.len() <= MAX_TOKEN_CELLS);
    }
}

fn assert_graph_is_tidy(g: &Graph) {
    for (i, a) in g.nodes.iter().enumerate() {
        assert!(a.rect.right() <= g.width && a.rect.bottom() <= g.height, "{a:?}");
        for b in g.nodes.iter().skip(i + 1) {
            assert!(!a.rect.overlaps(&b.rect), "{} overlaps {}", a.key, b.key);
            assert_ne!(a.key, b.key, "keys are unique");
        }
    }
}

#[test]
fn an_empty_engine_draws_seven_empty_states_and_the_default_networks() {
    let (snap, events, cmd) = after(&["docker ps"]);
    let m = machine(&snap, &events, &cmd);
    assert_machine_is_tidy(&m);
    assert!(m.tokens.is_empty());
    assert!(m.edges.iter().all(|e| e.legal && !e.taken && !e.label.is_empty()));
    let g = graph(&snap, &events);
    assert_graph_is_tidy(&g);
    let networks: Vec<&str> =
        g.nodes.iter().filter(|n| n.kind == ObjectType::Network).map(|n| n.label.as_str()).collect();
    assert_eq!(networks, ["bridge", "host", "none"]);
    assert_eq!(describe(&events), Changes::default());
}

#[test]
fn run_puts_a_token_in_running_that_came_from_created() {
    let (snap, events, cmd) = after(&["docker run -d --name web httpd"]);
    let m = machine(&snap, &events, &cmd);
    assert_machine_is_tidy(&m);
    let web = token(&m, "web").expect("a token for web");
    assert_eq!(web.state, ContainerStatus::Running);
    assert!(node(&m, ContainerStatus::Running).rect.contains(&web.rect));
    assert!(web.entering && !web.leaving);
    assert_eq!(web.via.len(), 1, "{web:?}");
    let created = node(&m, ContainerStatus::Created).rect;
    assert!(created.contains(&Rect { x: web.via[0].x, y: web.via[0].y, w: web.rect.w, h: web.rect.h }));
    let start = edge(&m, ContainerStatus::Created, ContainerStatus::Running);
    assert!(start.taken);
    assert_eq!(start.command, "docker run -d --name web httpd");
    assert!(node(&m, ContainerStatus::Running).active);
    assert!(!node(&m, ContainerStatus::Exited).active);
}

#[test]
fn stop_moves_the_token_along_running_to_exited() {
    let (snap, events, cmd) = after(&["docker run -d --name web httpd", "docker stop web"]);
    let m = machine(&snap, &events, &cmd);
    assert_machine_is_tidy(&m);
    let web = token(&m, "web").expect("a token for web");
    assert_eq!(web.state, ContainerStatus::Exited);
    assert!(node(&m, ContainerStatus::Exited).rect.contains(&web.rect));
    assert!(!web.entering && !web.leaving);
    let running = node(&m, ContainerStatus::Running).rect;
    let from = web.via.first().expect("it moved");
    assert!(running.contains(&Rect { x: from.x, y: from.y, w: web.rect.w, h: web.rect.h }), "{from:?} {running:?}");
    let taken: Vec<(ContainerStatus, ContainerStatus, &str)> =
        m.edges.iter().filter(|e| e.taken).map(|e| (e.from, e.to, e.command.as_str())).collect();
    assert_eq!(taken, [(ContainerStatus::Running, ContainerStatus::Exited, "docker stop web")]);
    assert_eq!(plain(&describe(&events)), ["web: running → exited"]);
}

#[test]
fn a_command_without_events_moves_nothing() {
    let (snap, events, cmd) = after(&["docker run -d --name web httpd", "docker ps"]);
    let m = machine(&snap, &events, &cmd);
    let web = token(&m, "web").expect("a token for web");
    assert!(web.via.is_empty() && !web.entering);
    assert!(m.edges.iter().all(|e| !e.taken));
    assert!(m.nodes.iter().all(|n| !n.active));
}

#[test]
fn removed_containers_leave_once_and_then_disappear() {
    let (snap, events, cmd) = after(&["docker run -d --name web httpd", "docker stop web", "docker rm web"]);
    let m = machine(&snap, &events, &cmd);
    assert_machine_is_tidy(&m);
    let ghost = token(&m, "web").expect("the removed container is drawn once more");
    assert!(ghost.leaving);
    assert_eq!(ghost.state, ContainerStatus::Removed);
    assert!(node(&m, ContainerStatus::Removed).rect.contains(&ghost.rect));
    assert_eq!(m.tokens.len(), 1, "no live token is left");
    assert!(edge(&m, ContainerStatus::Exited, ContainerStatus::Removed).taken);
    assert_eq!(plain(&describe(&events)), ["web: exited → removed"]);
    let g = graph(&snap, &events);
    assert!(g.nodes.iter().any(|n| n.key.starts_with("container:") && n.leaving && n.label == "web"));
    assert!(g.edges.iter().all(|e| !e.key.contains("container:")), "a ghost has no arrows: {:?}", g.edges);

    // The next command no longer draws it anywhere.
    let (snap, events, cmd) = after(&["docker run -d --name web httpd", "docker rm -f web", "docker ps"]);
    let m = machine(&snap, &events, &cmd);
    assert!(token(&m, "web").is_none());
    assert_eq!(node(&m, ContainerStatus::Removed).count, 0);
    assert!(graph(&snap, &events).nodes.iter().all(|n| n.kind != ObjectType::Container));
}

#[test]
fn a_run_rm_container_passes_every_state_in_one_command() {
    let (snap, events, cmd) = after(&["docker run --rm hello-world"]);
    let m = machine(&snap, &events, &cmd);
    let ghost = m.tokens.first().expect("a ghost token");
    assert!(ghost.entering && ghost.leaving);
    assert_eq!(ghost.via.len(), 3, "created, running, exited before removed: {ghost:?}");
    for (from, to) in [
        (ContainerStatus::Created, ContainerStatus::Running),
        (ContainerStatus::Running, ContainerStatus::Exited),
        (ContainerStatus::Exited, ContainerStatus::Removed),
    ] {
        assert!(edge(&m, from, to).taken, "{from:?} → {to:?}");
    }
    let text = plain(&describe(&events));
    assert!(text.iter().any(|l| l.ends_with(": created → running → exited → removed")), "{text:?}");
}

#[test]
fn pause_and_unpause_take_their_own_edges() {
    let (snap, events, cmd) = after(&["docker run -d --name web httpd", "docker pause web"]);
    let m = machine(&snap, &events, &cmd);
    assert_eq!(token(&m, "web").map(|t| t.state), Some(ContainerStatus::Paused));
    assert!(edge(&m, ContainerStatus::Running, ContainerStatus::Paused).taken);
    let (snap, events, cmd) = after(&["docker run -d --name web httpd", "docker pause web", "docker unpause web"]);
    let m = machine(&snap, &events, &cmd);
    assert!(edge(&m, ContainerStatus::Paused, ContainerStatus::Running).taken);
    assert!(!edge(&m, ContainerStatus::Running, ContainerStatus::Paused).taken);
    assert_eq!(plain(&describe(&events)), ["web: paused → running"]);
}

#[test]
fn the_legal_edges_do_not_leave_the_picture_and_labels_sit_between_nodes() {
    let m = machine(&crowd(0, |_| ContainerStatus::Running), &[], "");
    for e in &m.edges {
        assert!(e.path.starts_with("M "), "{}", e.path);
        for n in e.path.split(|c: char| !c.is_ascii_digit() && c != '-').filter(|s| !s.is_empty()) {
            let v: i32 = n.parse().expect("a number");
            assert!(v >= 0 && v <= m.width.max(m.height), "{}", e.path);
        }
        for (what, at) in [("label", e.label_at), ("command", e.command_at)] {
            let at = Rect { x: at.x, y: at.y - 1, w: 1, h: 1 };
            assert!(m.nodes.iter().all(|n| !n.rect.overlaps(&at)), "{what} of {:?}→{:?} sits on a node", e.from, e.to);
        }
    }
    // A command is wider than the gap between two nodes of a row, so it goes above the row.
    let top = node(&m, ContainerStatus::Running).rect.y;
    for (from, to) in
        [(ContainerStatus::Created, ContainerStatus::Running), (ContainerStatus::Running, ContainerStatus::Paused)]
    {
        let e = edge(&m, from, to);
        assert!(e.command_at.y < top && e.command_at.y > 10, "{:?}", e.command_at);
    }
}

#[test]
fn fifty_containers_stay_legible() {
    // All in one state: the worst case for one node.
    let snap = crowd(50, |_| ContainerStatus::Running);
    let m = machine(&snap, &[], "");
    assert_machine_is_tidy(&m);
    assert_eq!(m.tokens.len(), 50, "all fifty fit");
    assert_eq!(node(&m, ContainerStatus::Running).more, 0);
    for t in &m.tokens {
        assert!(t.font >= 11 && t.rect.w >= 48 && t.rect.h >= 16, "{t:?}");
        assert!(t.label.chars().count() >= 7, "{t:?}");
    }
    // Spread over the states: every node packs its own.
    let states = [ContainerStatus::Created, ContainerStatus::Running, ContainerStatus::Paused, ContainerStatus::Exited];
    let snap = crowd(50, |i| states[i % states.len()]);
    let m = machine(&snap, &[], "");
    assert_machine_is_tidy(&m);
    assert_eq!(m.tokens.len(), 50);
    let g = graph(&snap, &[]);
    assert_graph_is_tidy(&g);
    let drawn = g.nodes.iter().filter(|n| n.kind == ObjectType::Container && n.more == 0).count();
    let more = g.nodes.iter().find(|n| n.key == "more:container").map(|n| n.more);
    assert_eq!((drawn, more), (40, Some(10)));
}

#[test]
fn a_thousand_containers_are_capped_per_node() {
    let snap = crowd(1000, |i| if i % 10 == 0 { ContainerStatus::Exited } else { ContainerStatus::Running });
    let m = machine(&snap, &[], "");
    assert_machine_is_tidy(&m);
    let running = node(&m, ContainerStatus::Running);
    assert_eq!((running.count, running.more), (900, 900 - (MAX_TOKEN_CELLS - 1)));
    assert!(running.more_rect.is_some());
    let exited = node(&m, ContainerStatus::Exited);
    assert_eq!((exited.count, exited.more), (100, 100 - (MAX_TOKEN_CELLS - 1)));
    assert_eq!(m.tokens.len(), 2 * (MAX_TOKEN_CELLS - 1));
    // The newest are the ones drawn.
    assert!(token(&m, "container_number_999").is_some());
    assert!(token(&m, "container_number_1").is_none());
    assert!(m.height < 2000, "the picture stays bounded: {}", m.height);
    let g = graph(&snap, &[]);
    assert_graph_is_tidy(&g);
    assert!(g.nodes.len() < 80, "{}", g.nodes.len());
}

#[test]
fn the_object_graph_links_image_ports_volumes_and_networks() {
    let (snap, events, _) = after(&["docker run -d --name web -p 8080:80 -v data:/data httpd"]);
    let g = graph(&snap, &events);
    assert_graph_is_tidy(&g);
    let web = g.nodes.iter().find(|n| n.label == "web").expect("a box for web");
    assert_eq!((web.state, web.entering), (Some(ContainerStatus::Running), true));
    let label_of = |key: &str| g.nodes.iter().find(|n| n.key == key).map(|n| n.label.as_str());
    let mut links: Vec<(Option<&str>, Option<&str>, &str, &str)> = g
        .edges
        .iter()
        .map(|e| {
            let mut ends = e.key.split('>');
            let (a, b) = (ends.next().unwrap_or(""), ends.next().unwrap_or(""));
            (label_of(a), label_of(b), e.kind.as_str(), e.label.as_str())
        })
        .collect();
    crate::sort::sort(&mut links);
    assert_eq!(
        links,
        [
            (Some("0.0.0.0:8080"), Some("web"), "port", "80/tcp"),
            (Some("httpd:latest"), Some("web"), "image", ""),
            (Some("web"), Some("bridge"), "network", ""),
            (Some("web"), Some("data"), "volume", "/data"),
        ]
    );
    assert!(g.edges.iter().all(|e| e.entering));
    let image = g.nodes.iter().find(|n| n.kind == ObjectType::Image).expect("the image");
    assert!(image.entering, "pulled by this command");
    let text = plain(&describe(&events));
    assert!(text.contains(&"web: created → running".to_string()), "{text:?}");
    assert!(text.iter().any(|l| l == "volume create data"), "{text:?}");

    // A second command: nothing is new any more.
    let (snap, events, _) = after(&["docker run -d --name web -p 8080:80 -v data:/data httpd", "docker ps"]);
    let g = graph(&snap, &events);
    assert!(g.nodes.iter().all(|n| !n.entering && !n.leaving));
}

#[test]
fn a_built_image_is_joined_to_the_image_it_came_from() {
    let (snap, events, _) = after(&[
        "docker pull busybox",
        "printf 'FROM busybox\\nCMD [\"echo\", \"hi\"]\\n' > Dockerfile",
        "docker build -q -t hello .",
    ]);
    let g = graph(&snap, &events);
    assert_graph_is_tidy(&g);
    let hello = g.nodes.iter().find(|n| n.label == "hello:latest").expect("a box for the built image");
    assert!(hello.entering, "built by this command");
    assert_eq!(hello.title, "hello:latest (FROM busybox:latest)");
    let busybox = g.nodes.iter().find(|n| n.label == "busybox:latest").expect("a box for the base");
    assert!(!busybox.entering);
    let arcs: Vec<&GraphEdge> = g.edges.iter().filter(|e| e.key.starts_with("from:")).collect();
    assert_eq!(arcs.len(), 1);
    assert_eq!(arcs[0].key, format!("from:{}>{}>", busybox.key, hello.key));
    // It stays in the left margin, between the two boxes' left edges.
    let (x, y1, y2) = (busybox.rect.x, busybox.rect.y + busybox.rect.h / 2, hello.rect.y + hello.rect.h / 2);
    assert_eq!(arcs[0].path, format!("M {x} {y1} C 12 {y1}, 12 {y2}, {x} {y2}"));
    // A pulled image has no arc.
    let (snap, events, _) = after(&["docker pull busybox", "docker pull alpine"]);
    assert!(graph(&snap, &events).edges.iter().all(|e| !e.key.starts_with("from:")));
}

#[test]
fn removed_volumes_networks_and_images_fade_out_once() {
    let (snap, events, _) =
        after(&["docker volume create v1", "docker network create n1", "docker pull alpine", "docker volume rm v1"]);
    let g = graph(&snap, &events);
    assert!(g.nodes.iter().any(|n| n.key == "volume:v1" && n.leaving));
    let (snap, events, _) = after(&["docker network create n1", "docker network rm n1"]);
    assert!(graph(&snap, &events).nodes.iter().any(|n| n.key == "network:n1" && n.leaving));
    let (snap, events, _) = after(&["docker pull alpine", "docker rmi alpine"]);
    let g = graph(&snap, &events);
    let ghost = g.nodes.iter().find(|n| n.kind == ObjectType::Image && n.leaving).expect("an image ghost");
    assert_eq!(ghost.label, "alpine:latest");
    assert_graph_is_tidy(&g);
}

#[test]
fn the_text_equivalent_stays_short() {
    let mut s = crate::catalogue::testing::session(SessionConfig::default());
    let t0 = SessionConfig::default().start_time;
    for i in 0..20 {
        s.run_line(&format!("docker create --name c{i} httpd"), t0 + i * 1000);
    }
    let t = s.run_line("docker rm $(docker ps -aq)", t0 + 60_000);
    let changes = describe(&t.events);
    assert_eq!(changes.items.len(), super::describe::MAX_LINES - 1);
    assert_eq!(changes.more, 13);
    let m = machine(&s.snapshot(), &t.events, "docker rm $(docker ps -aq)");
    assert_machine_is_tidy(&m);
    assert_eq!(m.tokens.iter().filter(|t| t.leaving).count(), 20);
}

#[test]
fn long_names_are_cut_with_an_ellipsis() {
    assert_eq!(truncate("web", 5), "web");
    assert_eq!(truncate("abcdefgh", 5), "abcd…");
    assert_eq!(truncate("", 0), "");
}

#[test]
fn a_compose_project_gets_one_frame_around_its_containers_volumes_and_network() {
    let (snap, events, _) = after(&[
        "docker run -d --name loose nginx",
        "mkdir shop && cd shop",
        "printf 'services:\\n  web:\\n    image: nginx\\n  db:\\n    image: redis\\n    volumes:\\n      - data:/data\\nvolumes:\\n  data:\\n' > compose.yaml",
        "docker compose up -d",
    ]);
    let g = graph(&snap, &events);
    assert_graph_is_tidy(&g);
    assert_eq!(g.frames.len(), 1);
    let f = &g.frames[0];
    assert_eq!(f.project, "shop");
    let inside = |k: &str| {
        let n = g.nodes.iter().find(|n| n.key.starts_with(k)).unwrap_or_else(|| panic!("{k}"));
        f.parts.iter().any(|p| p.contains(&n.rect))
    };
    let touches = |k: &str| {
        let n = g.nodes.iter().find(|n| n.key.starts_with(k)).unwrap_or_else(|| panic!("{k}"));
        f.parts.iter().any(|p| p.overlaps(&n.rect))
    };
    let id = |name: &str| snap.container(name).map(|c| format!("container:{}", c.id)).unwrap_or_default();
    assert!(inside(&id("shop-web-1")) && inside(&id("shop-db-1")));
    assert!(inside("volume:shop_data") && inside("network:shop_default"));
    for n in ["network:bridge", "network:host", "network:none"] {
        assert!(!touches(n), "{n} is not the project's");
    }
    assert!(!touches(&id("loose")), "a container outside the project stays outside the frame");
}
