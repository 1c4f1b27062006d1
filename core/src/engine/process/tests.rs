//! The image's own main processes: databases that need a password, servers that log and
//! keep running, shells that wait for `-i`, templates filled, signals answered. Programs a
//! container runs instead (`sh -c`, `echo`, `python -c`) are the container shell's business and
//! are tested by transcripts.

use super::*;
use crate::engine::container::ContainerConfig;
use crate::snapshot::ContainerStatus;

fn cat() -> Catalogue {
    crate::catalogue::testing::full()
}

fn image(repo: &str, tag: &str) -> LocalImage {
    let cat = cat();
    let (_, img) = cat.resolve(repo, tag).unwrap_or_else(|| panic!("{repo}:{tag} in registry"));
    LocalImage {
        id: img.digest.clone(),
        repo_path: format!("library/{repo}"),
        domain: String::new(),
        config: img.config.clone(),
        process: img.process.clone(),
        own_command: None,
        created: img.created_time(),
        size: img.size,
        layers: img.layers.clone(),
    }
}

/// A container as the engine builds it: the image's env overlaid with `-e`, the image's
/// entrypoint unless `--entrypoint` was given, the image's CMD unless a command was.
fn container(img: &LocalImage, cmd: &[&str], env: &[&str], it: bool) -> Container {
    let config = ContainerConfig {
        image: "x".into(),
        cmd: cmd.iter().map(|s| s.to_string()).collect(),
        env: env.iter().map(|s| s.to_string()).collect(),
        tty: it,
        open_stdin: it,
        ..ContainerConfig::default()
    };
    let mut env_all = img.config.env.clone();
    env_all.extend(config.env.iter().cloned());
    Container {
        id: "58f387c6520598518264e9f0a70ac6e6d9830bf381157aa96063f9eccfc867e6".into(),
        name: "test".into(),
        image_id: img.id.clone(),
        entrypoint: img.config.entrypoint.clone(),
        cmd: if config.cmd.is_empty() { img.config.cmd.clone() } else { config.cmd.clone() },
        config,
        env: env_all,
        exposed: Vec::new(),
        status: ContainerStatus::Created,
        exit_code: 0,
        created: 0,
        started_at: None,
        finished_at: None,
        bindings: Vec::new(),
        ip: None,
        restart_count: 0,
        logs: Vec::new(),
        stopped_by_user: false,
        exit_at: None,
        health: None,
        data: Default::default(),
    }
}

fn t0() -> SimTime {
    crate::go::time::from_civil(2025, 2, 11, 7, 0, 1)
}

fn start(repo: &str, tag: &str, cmd: &[&str], env: &[&str], it: bool) -> (StartOutcome, Container, LocalImage) {
    let img = image(repo, tag);
    let c = container(&img, cmd, env, it);
    (done(on_start(&cat(), &c, Some(&img), "172.17.0.2", t0())), c, img)
}

fn text(o: &StartOutcome, stderr: Option<bool>) -> Vec<String> {
    o.logs.iter().filter(|l| stderr.is_none_or(|s| l.stderr == s)).map(|l| l.text.clone()).collect()
}

#[test]
fn templates_and_signals() {
    let t = t0();
    assert_eq!(fill("[{apache_time}] x {ip}", "172.17.0.2", t), "[Tue Feb 11 07:00:01.000000 2025] x 172.17.0.2");
    assert_eq!(fill("{nginx_time} [notice]", "", t), "2025/02/11 07:00:01 [notice]");
    assert_eq!(fill("{entrypoint_time} [Note]", "", t), "2025-02-11 07:00:01+00:00 [Note]");
    assert_eq!(fill("{pg_time} [1] LOG:", "", t), "2025-02-11 07:00:01.000 UTC [1] LOG:");
    assert_eq!(fill("{mariadb_time} 0 [Note]", "", t), "2025-02-11  7:00:01 0 [Note]");
    assert_eq!(fill("{mariadb_short}", "", t), "250211  7:00:01");
    assert_eq!(fill("{ {json} {nope}", "", t), "{ {json} {nope}");
    assert_eq!(signal_number("SIGKILL"), Some(9));
    assert_eq!(signal_number("term"), Some(15));
    assert_eq!(signal_number("9"), Some(9));
    assert_eq!(signal_number("NOPE"), None);
}

#[test]
fn mysql_without_password_exits_1_with_the_entrypoint_error() {
    let (o, _, _) = start("mysql", "latest", &[], &[], false);
    assert_eq!(o.exit_code, Some(1));
    let out = text(&o, Some(false));
    assert_eq!(
        out,
        [
            "2025-02-11 07:00:01+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 9.1.0-1.el9 started.",
            "2025-02-11 07:00:01+00:00 [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
            "2025-02-11 07:00:01+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 9.1.0-1.el9 started.",
        ]
    );
    assert_eq!(
        text(&o, Some(true)),
        [
            "2025-02-11 07:00:01+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified",
            "    You need to specify one of the following as an environment variable:",
            "    - MYSQL_ROOT_PASSWORD",
            "    - MYSQL_ALLOW_EMPTY_PASSWORD",
            "    - MYSQL_RANDOM_ROOT_PASSWORD",
        ]
    );
    // An empty value does not count, as in the entrypoint's `[ -z ... ]`.
    let (o, _, _) = start("mysql", "8.0", &[], &["MYSQL_ROOT_PASSWORD="], false);
    assert_eq!(o.exit_code, Some(1));
}

#[test]
fn mysql_with_a_password_keeps_running_and_stops_cleanly() {
    for env in ["MYSQL_ROOT_PASSWORD=1234", "MYSQL_ALLOW_EMPTY_PASSWORD=yes", "MYSQL_RANDOM_ROOT_PASSWORD=1"] {
        let (o, c, img) = start("mysql", "latest", &[], &[env], true);
        assert_eq!(o.exit_code, None, "{env}");
        let all = text(&o, None);
        assert!(
            all.iter().any(|l| l.contains("ready for connections. Version: '9.1.0'") && l.contains("port: 3306")),
            "{all:?}"
        );
        assert_eq!(all.iter().any(|l| l.contains("GENERATED ROOT PASSWORD: ")), env.starts_with("MYSQL_RANDOM"));
        assert!(o.logs.windows(2).all(|w| w[0].time <= w[1].time), "log times never go back");
        assert_eq!(exit_code_on_stop(&cat(), &c, Some(&img)), 0);
        let stop = on_stop(&cat(), &c, Some(&img), t0() + 60_000);
        assert!(stop.last().is_some_and(|l| l.text.ends_with("[Server] MySQL Server - end.")), "{stop:?}");
    }
}

#[test]
fn mariadb_accepts_either_variable_family() {
    let (o, _, _) = start("mariadb", "latest", &[], &[], false);
    assert_eq!(o.exit_code, Some(1));
    let err = text(&o, Some(true));
    assert!(err.iter().any(|l| l == "\tYou need to specify one of MARIADB_ROOT_PASSWORD, MARIADB_ROOT_PASSWORD_HASH, MARIADB_ALLOW_EMPTY_ROOT_PASSWORD and MARIADB_RANDOM_ROOT_PASSWORD"), "{err:?}");
    for env in ["MYSQL_ROOT_PASSWORD=x", "MARIADB_ROOT_PASSWORD=x", "MARIADB_ALLOW_EMPTY_ROOT_PASSWORD=1"] {
        assert_eq!(start("mariadb", "latest", &[], &[env], false).0.exit_code, None, "{env}");
    }
}

#[test]
fn postgres_needs_a_password_or_trust() {
    let (o, _, _) = start("postgres", "latest", &[], &["POSTGRES_ROOT_PASSWORD=x"], false);
    assert_eq!(o.exit_code, Some(1));
    assert_eq!(
        text(&o, Some(true)).first().map(String::as_str),
        Some("Error: Database is uninitialized and superuser password is not specified.")
    );
    let (o, c, img) = start("postgres", "16", &[], &["POSTGRES_PASSWORD=pw"], false);
    assert_eq!(o.exit_code, None);
    assert!(text(&o, None).iter().any(|l| l.ends_with("LOG:  database system is ready to accept connections")));
    // SIGINT is its stop signal: a fast shutdown, exit 0.
    assert_eq!(exit_code_on_stop(&cat(), &c, Some(&img)), 0);
    let (o, _, _) = start("postgres", "latest", &[], &["POSTGRES_HOST_AUTH_METHOD=trust"], false);
    assert_eq!(o.exit_code, None);
    assert!(text(&o, Some(true))
        .iter()
        .any(|l| l.starts_with("WARNING: POSTGRES_HOST_AUTH_METHOD has been set to \"trust\"")));
}

#[test]
fn a_database_restarted_over_its_data_skips_initialisation() {
    let img = image("postgres", "latest");
    let mut c = container(&img, &[], &["POSTGRES_PASSWORD=pw"], false);
    let first = text(&done(on_start(&cat(), &c, Some(&img), "172.17.0.2", t0())), None);
    assert!(first.iter().any(|l| l.contains("PostgreSQL init process complete")));
    c.started_at = Some(t0());
    let again = text(&done(on_start(&cat(), &c, Some(&img), "172.17.0.2", t0() + 5000)), None);
    assert!(again.iter().any(|l| l.contains("Skipping initialization")), "{again:?}");
    assert!(!again.iter().any(|l| l.contains("init process complete")));
}

#[test]
fn hello_world_prints_its_exact_message() {
    let (o, _, _) = start("hello-world", "latest", &[], &[], false);
    assert_eq!(o.exit_code, Some(0));
    assert!(o.logs.iter().all(|l| !l.stderr));
    let text = text(&o, None).join("\n") + "\n";
    let expected = "\nHello from Docker!\nThis message shows that your installation appears to be working correctly.\n\nTo generate this message, Docker took the following steps:\n 1. The Docker client contacted the Docker daemon.\n 2. The Docker daemon pulled the \"hello-world\" image from the Docker Hub.\n    (amd64)\n 3. The Docker daemon created a new container from that image which runs the\n    executable that produces the output you are currently reading.\n 4. The Docker daemon streamed that output to the Docker client, which sent it\n    to your terminal.\n\nTo try something more ambitious, you can run an Ubuntu container with:\n $ docker run -it ubuntu bash\n\nShare images, automate workflows, and more with a free Docker ID:\n https://hub.docker.com/\n\nFor more examples and ideas, visit:\n https://docs.docker.com/get-started/\n\n";
    assert_eq!(text, expected);
}

#[test]
fn servers_log_and_keep_running() {
    let (o, c, img) = start("httpd", "latest", &[], &[], false);
    assert_eq!(o.exit_code, None);
    assert_eq!(
        text(&o, None).first().map(String::as_str),
        Some("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message")
    );
    assert_eq!(exit_code_on_stop(&cat(), &c, Some(&img)), 0);
    let stop = on_stop(&cat(), &c, Some(&img), t0());
    assert!(stop.first().is_some_and(|l| l.text.ends_with("AH00492: caught SIGWINCH, shutting down gracefully")));
    let term = on_signal(&cat(), &c, Some(&img), 15, t0());
    assert!(term.first().is_some_and(|l| l.text.ends_with("AH00491: caught SIGTERM, shutting down")), "{term:?}");
    assert_eq!(exit_code_on_signal(&cat(), &c, Some(&img), 1), None, "SIGHUP restarts httpd, it does not end it");

    let (o, c, img) = start("nginx", "latest", &[], &[], false);
    assert_eq!(o.exit_code, None);
    let out = text(&o, Some(false));
    assert_eq!(
        out.first().map(String::as_str),
        Some("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration")
    );
    let workers = text(&o, Some(true)).iter().filter(|l| l.contains("start worker process ")).count();
    assert_eq!(workers, CPUS as usize);
    assert!(on_stop(&cat(), &c, Some(&img), t0())
        .iter()
        .any(|l| l.text.ends_with("[notice] 1#1: signal 3 (SIGQUIT) received, shutting down")));

    for (repo, port) in [
        ("registry", "[::]:5000"),
        ("wordpress", "AH00094"),
        ("nextcloud", "AH00094"),
        ("redmine", "Listening on http://0.0.0.0:3000"),
    ] {
        let (o, _, _) = start(repo, "latest", &[], &[], false);
        assert_eq!(o.exit_code, None, "{repo}");
        assert!(text(&o, None).iter().any(|l| l.contains(port)), "{repo}: {:?}", text(&o, None));
    }
}

#[test]
fn registry_and_redmine_exit_codes_after_stop() {
    let (_, c, img) = start("registry", "2", &[], &[], false);
    assert_eq!(exit_code_on_stop(&cat(), &c, Some(&img)), 2, "a Go program as PID 1 dies with 2 on SIGTERM");
    let (_, c, img) = start("redmine", "latest", &[], &[], false);
    assert_eq!(exit_code_on_stop(&cat(), &c, Some(&img)), 1);
}

#[test]
fn os_images_run_their_shell() {
    for repo in ["ubuntu", "debian", "centos", "fedora", "alpine", "busybox"] {
        let (o, c, img) = start(repo, "latest", &[], &[], false);
        assert_eq!(o.exit_code, Some(0), "{repo} without -it");
        assert!(o.logs.is_empty());
        let (o, _, _) = start(repo, "latest", &[], &[], true);
        assert_eq!(o.exit_code, None, "{repo} with -it");
        // A shell ignores SIGTERM: docker stop waits, then kills it.
        let c2 = container(&img, &[], &[], true);
        assert_eq!(exit_code_on_stop(&cat(), &c2, Some(&img)), 137);
        assert_eq!(exit_code_on_signal(&cat(), &c, Some(&img), 15), None);
        assert_eq!(exit_code_on_signal(&cat(), &c, Some(&img), 9), Some(137));
    }
}

#[test]
fn every_registry_image_starts_without_surprises() {
    let cat = cat();
    for repo in cat.loaded_repos() {
        for img in &repo.images {
            let tag = img.tags.first().cloned().unwrap_or_default();
            let li = image(&repo.name, &tag);
            let c = container(&li, &[], &["MYSQL_ROOT_PASSWORD=x", "POSTGRES_PASSWORD=x"], false);
            let started = on_start(&cat, &c, Some(&li), "172.17.0.2", t0());
            if li.process.kind == ProcessKind::Command {
                // Its command is a script for the container's shell (tested in transcripts).
                assert!(matches!(started, Start::Program(_)), "{}:{tag} runs its command", repo.name);
                continue;
            }
            let o = done(started);
            let kind = li.process.kind;
            match kind {
                ProcessKind::Server => assert_eq!(o.exit_code, None, "{}:{tag}", repo.name),
                _ => assert!(o.exit_code.is_some(), "{}:{tag}", repo.name),
            }
            assert!(missing_executable(&cat, &c, &li).is_none(), "{}:{tag} default command exists", repo.name);
            assert!(
                !li.process.os.is_empty() && cat.os(&li.process.os).is_some(),
                "{}:{tag} names a known os",
                repo.name
            );
            for l in text(&o, None) {
                assert!(!has_placeholder(&l), "{}:{tag}: unfilled template in {l:?}", repo.name);
            }
        }
    }
}

/// The outcome of a start that the image's own process handles.
fn done(s: Start) -> StartOutcome {
    match s {
        Start::Done(o) => o,
        Start::Program(argv) => panic!("{argv:?} runs on the container shell"),
    }
}

fn has_placeholder(line: &str) -> bool {
    line.split('{').skip(1).any(|rest| {
        let key = rest.split('}').next().unwrap_or("");
        rest.contains('}')
            && !key.is_empty()
            && key
                .split(':')
                .next()
                .is_some_and(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
    })
}

/// Every template name the catalogue validator accepts is one the engine fills.
#[test]
fn every_known_template_key_is_filled() {
    let img = image("httpd", "latest");
    let c = container(&img, &[], &["NAME=x"], false);
    let keys = crate::catalogue::names::TEMPLATE_KEYS.iter().map(|k| k.to_string());
    let prefixed = crate::catalogue::names::TEMPLATE_PREFIXES.iter().map(|p| format!("{p}:NAME"));
    for key in keys.chain(prefixed) {
        let template = LogTemplate::Text(format!("<{{{key}}}>"));
        let lines = program_text(&c, &img, &[template], t0());
        assert!(lines.iter().all(|(_, l)| !l.contains('{')), "{key}: {lines:?}");
    }
}
