//! Tests of the container shell: prompts, commands, files, packages.

use super::*;
use crate::engine::container::ContainerConfig;

const T0: SimTime = 1_739_257_200_000; // 2025-02-11 07:00:00 UTC

/// An engine with `image` pulled and one running container started from it as `docker run
/// -dit IMAGE CMD...` would.
fn container(image: &str, cmd: &[&str], volumes: &[&str]) -> (Engine, String) {
    let mut e = crate::catalogue::testing::engine(3, T0);
    e.image_pull(image).expect("pull");
    let config = ContainerConfig {
        image: image.into(),
        cmd: cmd.iter().map(|s| s.to_string()).collect(),
        tty: true,
        open_stdin: true,
        volumes: volumes.iter().map(|s| s.to_string()).collect(),
        ..Default::default()
    };
    let id = e.container_create(Some("box"), config).expect("create");
    e.container_start(&id).expect("start");
    (e, id)
}

fn tty() -> ShellOptions {
    ShellOptions { tty: true, interactive: true, main: true, ..Default::default() }
}

/// Runs lines and returns the text of each line's output.
fn lines(sh: &mut ContainerShell, e: &mut Engine, host: &mut Fs, input: &[&str]) -> Vec<String> {
    let mut all = Vec::new();
    for l in input {
        let (out, _) = sh.run_line(e, host, l, T0 + 1_000);
        all.extend(out.lines.into_iter().map(|l| l.text));
    }
    all
}

#[test]
fn ubuntu_bash_has_the_docker_prompt_and_files() {
    let (mut e, id) = container("ubuntu", &["bash"], &[]);
    let mut host = Fs::host();
    let mut sh = ContainerShell::open(&e, &id, &host, "bash", &tty(), T0).unwrap();
    assert_eq!(sh.prompt(), format!("root@{}:/# ", &id[..12]));
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["hostname"]), [&id[..12]]);
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["whoami", "pwd"]), ["root", "/"]);
    lines(&mut sh, &mut e, &mut host, &["cd /tmp"]);
    assert_eq!(sh.prompt(), format!("root@{}:/tmp# ", &id[..12]));
    lines(&mut sh, &mut e, &mut host, &["cd"]);
    assert_eq!(sh.prompt(), format!("root@{}:~# ", &id[..12]));
    let os = lines(&mut sh, &mut e, &mut host, &["cat /etc/os-release"]);
    assert!(os.iter().any(|l| l.starts_with("PRETTY_NAME=\"Ubuntu 24.04")), "{os:?}");
    // Root may write anywhere, and the file is in the container's layer afterwards.
    lines(&mut sh, &mut e, &mut host, &["echo hello > /etc/greeting"]);
    let diff: Vec<String> =
        e.container_changes(&id, &host).unwrap().into_iter().map(|c| format!("{} {}", c.kind, c.path)).collect();
    assert!(diff.contains(&"A /etc/greeting".to_string()), "{diff:?}");
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["vim x"]), ["bash: vim: command not found"]);
    let uname = lines(&mut sh, &mut e, &mut host, &["uname -a"]);
    assert!(
        uname[0].starts_with(&format!("Linux {} ", &id[..12])) && uname[0].ends_with("x86_64 x86_64 x86_64 GNU/Linux"),
        "{uname:?}"
    );
    let ps = lines(&mut sh, &mut e, &mut host, &["ps"]);
    assert_eq!(ps[0], "    PID TTY          TIME CMD");
    assert!(ps[1].starts_with("      1 pts/0    00:00:00 bash"), "{ps:?}");
    let (out, ended) = sh.run_line(&mut e, &mut host, "exit 3", T0 + 2_000);
    assert_eq!(ended, Some(3));
    assert_eq!(out.lines.last().map(|l| l.text.as_str()), Some("exit"));
}

#[test]
fn debian_slim_lacks_ps_and_needs_apt_update_before_install() {
    let (mut e, id) = container("httpd", &[], &[]);
    let mut host = Fs::host();
    let opts = ShellOptions { tty: true, interactive: true, ..Default::default() };
    let mut sh = ContainerShell::open(&e, &id, &host, "bash", &opts, T0).unwrap();
    // The image's WORKDIR is where an exec starts.
    assert_eq!(sh.prompt(), format!("root@{}:/usr/local/apache2# ", &id[..12]));
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["ps"]), ["bash: ps: command not found"]);
    let out = lines(&mut sh, &mut e, &mut host, &["apt-get install -y curl"]);
    assert_eq!(out.last().map(String::as_str), Some("E: Unable to locate package curl"));
    let out = lines(&mut sh, &mut e, &mut host, &["apt-get update"]);
    assert_eq!(out.last().map(String::as_str), Some("Reading package lists... Done"));
    let out = lines(&mut sh, &mut e, &mut host, &["apt-get install -y curl"]);
    assert!(out.iter().any(|l| l.starts_with("Setting up curl (7.88.1")), "{out:?}");
    // curl now exists and reaches the container's own server.
    assert_eq!(
        lines(&mut sh, &mut e, &mut host, &["curl -s localhost"]),
        ["<html><body><h1>It works!</h1></body></html>"]
    );
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["which curl"]), ["/usr/bin/curl"]);
    let out = lines(&mut sh, &mut e, &mut host, &["apt-get install -y curl"]);
    assert!(out.iter().any(|l| l == "curl is already the newest version (7.88.1-10+deb12u8)."), "{out:?}");
    // The exec'd shell ending does not end the container.
    let (_, ended) = sh.run_line(&mut e, &mut host, "exit", T0 + 3_000);
    assert_eq!(ended, Some(0));
    assert!(e.container(&id).is_some_and(|c| c.is_running()));
}

#[test]
fn alpine_sh_has_busybox_manners() {
    let (mut e, id) = container("alpine", &[], &[]);
    let mut host = Fs::host();
    let mut sh = ContainerShell::open(&e, &id, &host, "/bin/sh", &tty(), T0).unwrap();
    assert_eq!(sh.prompt(), "/ # ");
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["vim"]), ["/bin/sh: vim: not found"]);
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["bash"]), ["/bin/sh: bash: not found"]);
    let out = lines(&mut sh, &mut e, &mut host, &["apk add curl"]);
    assert!(out.iter().any(|l| l.ends_with("Installing curl (8.11.1-r0)")), "{out:?}");
    assert!(out.last().is_some_and(|l| l.starts_with("OK: ")), "{out:?}");
    let ps = lines(&mut sh, &mut e, &mut host, &["ps"]);
    assert_eq!(ps[0], "PID   USER     TIME  COMMAND");
    lines(&mut sh, &mut e, &mut host, &["cd /root"]);
    assert_eq!(sh.prompt(), "~ # ");
}

#[test]
fn without_a_terminal_there_is_no_prompt() {
    let (e, id) = container("ubuntu", &["bash"], &[]);
    let host = Fs::host();
    let opts = ShellOptions { tty: false, interactive: true, main: true, ..Default::default() };
    let sh = ContainerShell::open(&e, &id, &host, "bash", &opts, T0).unwrap();
    assert_eq!(sh.prompt(), "");
}

#[test]
fn one_shot_commands_need_a_program() {
    let (mut e, id) = container("nginx", &[], &[]);
    let mut host = Fs::host();
    let opts = ShellOptions::default();
    let mut sh = ContainerShell::open(&e, &id, &host, "cat", &opts, T0).unwrap();
    let out = sh.run_argv(&mut e, &mut host, &["cat".into(), "/etc/hostname".into()], T0).unwrap();
    assert_eq!(out.text(), format!("{}\n", &id[..12]));
    assert_eq!(
        sh.run_argv(&mut e, &mut host, &["cd".into(), "/tmp".into()], T0),
        Err(StartError::NotFound("cd".into()))
    );
    let out = sh.run_argv(&mut e, &mut host, &["ls".into(), "/nope".into()], T0).unwrap();
    assert_eq!(out.code, 2);
    assert_eq!(
        ContainerShell::open(
            &e,
            &id,
            &host,
            "bash",
            &ShellOptions { workdir: Some("/nope".into()), ..Default::default() },
            T0
        )
        .err(),
        Some(StartError::NoWorkdir("/nope".into()))
    );
}

#[test]
fn files_written_to_a_volume_survive_the_container() {
    let (mut e, id) = container("ubuntu", &["bash"], &["notes:/notes"]);
    let mut host = Fs::host();
    let mut sh = ContainerShell::open(&e, &id, &host, "bash", &tty(), T0).unwrap();
    lines(&mut sh, &mut e, &mut host, &["echo kept > /notes/a.txt"]);
    e.container_remove(&id, true, false).unwrap();
    let config = ContainerConfig {
        image: "ubuntu".into(),
        cmd: vec!["bash".into()],
        tty: true,
        open_stdin: true,
        volumes: vec!["notes:/other".into()],
        ..Default::default()
    };
    let id2 = e.container_create(None, config).unwrap();
    e.container_start(&id2).unwrap();
    let mut sh = ContainerShell::open(&e, &id2, &host, "bash", &tty(), T0).unwrap();
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["cat /other/a.txt"]), ["kept"]);
}

#[test]
fn curl_by_name_fails_on_the_default_bridge() {
    let (mut e, id) = container("nginx", &[], &[]);
    let mut host = Fs::host();
    let config = ContainerConfig { image: "nginx".into(), ..Default::default() };
    let other = e.container_create(Some("web"), config).unwrap();
    e.container_start(&other).unwrap();
    let mut sh = ContainerShell::open(
        &e,
        &id,
        &host,
        "bash",
        &ShellOptions { tty: true, interactive: true, ..Default::default() },
        T0,
    )
    .unwrap();
    assert_eq!(lines(&mut sh, &mut e, &mut host, &["curl web"]), ["curl: (6) Could not resolve host: web"]);
    let ip = e.container(&other).and_then(|c| c.ip.clone()).unwrap();
    let page = lines(&mut sh, &mut e, &mut host, &[&format!("curl -s {ip}")]);
    assert_eq!(page.get(3).map(String::as_str), Some("<title>Welcome to nginx!</title>"));
}

#[test]
fn prompts_render_bash_escapes() {
    let info = host::ShellInfo {
        container: String::new(),
        hostname: "abc.example".into(),
        flavour: Flavour::Bash,
        arg0: "/bin/bash".into(),
        user: "root".into(),
        uid: 0,
        gid: 0,
        group: "root".into(),
        home: "/root".into(),
        path: String::new(),
        env_order: Vec::new(),
        tty: true,
        ps1: String::new(),
        bash_version: "5.1".into(),
        base: String::new(),
        pkg: String::new(),
        packages: String::new(),
        pid: 1,
        started: 0,
        next_pid: 2,
        one_shot: false,
        image: None,
        sh: Flavour::Dash,
    };
    assert_eq!(render_ps1("\\s-\\v\\$ ", &info, "/"), "bash-5.1# ");
    assert_eq!(render_ps1("[\\u@\\h \\W]\\$ ", &info, "/var/lib"), "[root@abc lib]# ");
    assert_eq!(render_ps1("\\w", &info, "/root/x"), "~/x");
}

/// Odd lines never panic, whatever the shell, and the container's files stay usable.
#[test]
fn odd_lines_do_not_panic() {
    let words = [
        "ls",
        "cd",
        "..",
        "/",
        "~",
        "cat",
        "/etc/hosts",
        "echo",
        ">",
        ">>",
        "|",
        "&&",
        ";",
        "'",
        "\"",
        "$(",
        ")",
        "ps",
        "aux",
        "-ef",
        "apt-get",
        "install",
        "-y",
        "curl",
        "update",
        "apk",
        "add",
        "wget",
        "-qO-",
        "ping",
        "-c",
        "0",
        "99999",
        "localhost",
        "web",
        "http://[::1]:0/",
        "uname",
        "-a",
        "-z",
        "hostname",
        "-I",
        "id",
        "-u",
        "whoami",
        "env",
        "which",
        "rm",
        "-rf",
        "/*",
        "mkdir",
        "-p",
        "/a/b",
        "touch",
        "exit",
        "vim",
        "less",
        "top",
        "%zz",
        "\u{1F600}",
        "é",
        "\\",
        "*",
        "?",
        "-",
        "--",
        "/usr/bin/ls",
        "./x",
        "/nonexistent/prog",
        "sh",
        "-c",
        "bash",
        "export",
        "A=1",
        "sleep",
        "1",
        "microdnf",
        "yum",
        "printenv",
        "HOME",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    for (image, program) in [("ubuntu", "bash"), ("alpine", "/bin/sh"), ("httpd", "sh"), ("busybox", "sh")] {
        let (mut e, id) = container(image, &[program], &["vol:/data"]);
        let mut host = Fs::host();
        let mut sh = ContainerShell::open(&e, &id, &host, program, &tty(), T0).unwrap();
        for i in 0..120 {
            let n = 1 + next(6);
            let line: Vec<&str> = (0..n).map(|_| words[next(words.len())]).collect();
            let line = line.join(" ");
            let (_, ended) = sh.run_line(&mut e, &mut host, &line, T0 + i * 1000);
            if ended.is_some() {
                if !e.container(&id).is_some_and(|c| c.is_running()) {
                    let _ = e.container_start(&id);
                }
                sh = ContainerShell::open(&e, &id, &host, program, &tty(), T0).unwrap();
            }
            let _ = sh.prompt();
        }
        assert!(e.container_fs(&id, &host).is_some());
        let _ = e.container_changes(&id, &host);
    }
}
