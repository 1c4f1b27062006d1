//! `docker top` (`docker container top`): the processes a running container runs, as `ps`
//! would show them from the host. Host PIDs, sizes and start times are derived
//! deterministically from the container (see `client::facts`).

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::facts::stable;
use crate::engine::container::Container;
use crate::engine::Engine;
use crate::output::template::tabwrite;
use crate::output::Output;
use crate::snapshot::ContainerStatus;

/// The processes a container's main program runs: (user, command line) per process,
/// the first being PID 1 of the container.
fn processes(engine: &Engine, c: &Container) -> Vec<(String, String)> {
    let repo = engine
        .images()
        .find(|i| i.id == c.image_id)
        .map(|i| i.repo_path.trim_start_matches("library/").to_string())
        .unwrap_or_default();
    let main = c.command();
    // A command given on `docker run` replaces the image's own program.
    let own_command = c.config.cmd.first().is_some_and(|first| {
        !matches!(first.as_str(), "httpd-foreground" | "nginx" | "mysqld" | "postgres" | "mariadbd")
    });
    if own_command {
        return vec![("root".to_string(), c.config.cmd.join(" "))];
    }
    let root = "root".to_string();
    match repo.as_str() {
        "httpd" => {
            let mut v = vec![(root, "httpd -DFOREGROUND".to_string())];
            v.extend((0..3).map(|_| ("33".to_string(), "httpd -DFOREGROUND".to_string())));
            v
        }
        "nginx" => {
            let mut v = vec![(root, "nginx: master process nginx -g daemon off;".to_string())];
            v.extend((0..crate::host::CPUS).map(|_| ("101".to_string(), "nginx: worker process".to_string())));
            v
        }
        "mysql" => vec![("999".to_string(), "mysqld".to_string())],
        "mariadb" => vec![("999".to_string(), "mariadbd".to_string())],
        "postgres" => {
            let mut v = vec![("999".to_string(), "postgres".to_string())];
            for p in [
                "checkpointer",
                "background writer",
                "walwriter",
                "autovacuum launcher",
                "logical replication launcher",
            ] {
                v.push(("999".to_string(), format!("postgres: {p} ")));
            }
            v
        }
        "registry" => vec![(root, "registry serve /etc/docker/registry/config.yml".to_string())],
        "wordpress" | "nextcloud" => {
            let mut v = vec![(root, "apache2 -DFOREGROUND".to_string())];
            v.extend((0..5).map(|_| ("33".to_string(), "apache2 -DFOREGROUND".to_string())));
            v
        }
        _ => vec![(root, main)],
    }
}

/// The host PID of a container's first process and its start time (`STIME`).
fn pid_base(engine: &Engine, c: &Container) -> (u64, String) {
    let base = 2000 + stable(&format!("pid\0{}", c.id), 3000);
    let started = c.started_at.unwrap_or(engine.now());
    let (_, _, _, h, mi, _) = crate::go::time::civil(started / 1000);
    (base, format!("{h:02}:{mi:02}"))
}

/// `ps -ef`'s columns (UID, PID, PPID, C, STIME, TTY, TIME, CMD) for each process of a
/// running container, as `docker top` prints them (compose's `top` shows the same).
pub(crate) fn ps_rows(engine: &Engine, c: &Container) -> Vec<[String; 8]> {
    let (base, stime) = pid_base(engine, c);
    let tty = if c.config.tty { "pts/0" } else { "?" };
    processes(engine, c)
        .into_iter()
        .enumerate()
        .map(|(i, (user, cmd))| {
            let pid = if i == 0 { base } else { base + 20 + i as u64 };
            let ppid = if i == 0 { base - 21 } else { base };
            [
                user,
                pid.to_string(),
                ppid.to_string(),
                "0".to_string(),
                stime.clone(),
                tty.to_string(),
                "00:00:00".to_string(),
                cmd,
            ]
        })
        .collect()
}

/// `docker top CONTAINER [ps OPTIONS]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Top<'a> {
    /// The container, as typed.
    pub container: &'a str,
    /// The `ps` options after it (`aux` selects the BSD columns).
    pub ps_args: &'a [String],
}

impl<'a> Top<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Top<'a> {
        Top { container: inv.args.first().map(String::as_str).unwrap_or(""), ps_args: inv.args.get(1..).unwrap_or(&[]) }
    }

    /// Prints the container's processes.
    pub fn run(self, engine: &mut Engine) -> Output {
        top(engine, &self)
    }
}

fn top(engine: &Engine, args: &Top) -> Output {
    let mut out = Output::new();
    let c = match engine.container_resolve(args.container) {
        Ok(c) => c,
        Err(e) => {
            daemon_error(&mut out, &e);
            return out;
        }
    };
    match c.status {
        ContainerStatus::Restarting => {
            out.fail(
                &format!(
                    "Error response from daemon: Container {} is restarting, wait until the container is running",
                    c.id
                ),
                1,
            );
            return out;
        }
        s if !matches!(s, ContainerStatus::Running | ContainerStatus::Paused) => {
            out.fail(&format!("Error response from daemon: container {} is not running", c.id), 1);
            return out;
        }
        _ => {}
    }
    let procs = processes(engine, c);
    let (base, stime) = pid_base(engine, c);
    let ps_args: Vec<&str> = args.ps_args.iter().map(String::as_str).collect();
    let aux = matches!(ps_args.as_slice(), ["aux"] | ["-aux"] | ["au"] | ["ux"]);
    let mut text = String::new();
    if aux {
        text.push_str("USER\tPID\t%CPU\t%MEM\tVSZ\tRSS\tTTY\tSTAT\tSTART\tTIME\tCOMMAND\n");
    } else {
        text.push_str("UID\tPID\tPPID\tC\tSTIME\tTTY\tTIME\tCMD\n");
    }
    for (i, (user, cmd)) in procs.iter().enumerate() {
        let pid = if i == 0 { base } else { base + 20 + i as u64 };
        let ppid = if i == 0 { base - 21 } else { base };
        let tty = if c.config.tty { "pts/0" } else { "?" };
        if aux {
            let vsz = 10_000 + stable(&format!("vsz\0{}\0{i}", c.id), 200_000);
            let rss = 3_000 + stable(&format!("rss\0{}\0{i}", c.id), 40_000);
            let stat = if c.status == ContainerStatus::Paused {
                "Ds"
            } else if i == 0 {
                "Ss"
            } else {
                "S"
            };
            text.push_str(&format!("{user}\t{pid}\t0.0\t0.1\t{vsz}\t{rss}\t{tty}\t{stat}\t{stime}\t0:00\t{cmd}\n"));
        } else {
            text.push_str(&format!("{user}\t{pid}\t{ppid}\t0\t{stime}\t{tty}\t00:00:00\t{cmd}\n"));
        }
    }
    out.out_text(&tabwrite(&text, 20, 3));
    out
}
