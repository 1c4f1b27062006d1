//! `systemctl` on the simulated host, for the one unit a Docker course needs: `docker`.
//!
//! Texts follow systemd 255 on Ubuntu 24.04. Starting the daemon applies containers'
//! restart policies; stopping it stops every running container (the engine does both).

use crate::engine::Engine;
use crate::env::SimTime;
use crate::go::time::{civil, short_day_name};
use crate::output::Output;

const UNITS: &[&str] = &["docker", "docker.service"];

/// Runs `systemctl ARGS...`.
pub fn run(engine: &mut Engine, args: &[String]) -> Output {
    let mut out = Output::new();
    let args: Vec<&str> =
        args.iter().map(String::as_str).filter(|a| !matches!(*a, "--now" | "--no-pager" | "-q" | "--quiet")).collect();
    let Some((&verb, units)) = args.split_first() else {
        out.err("systemctl: this simulated host only manages the docker service; try 'systemctl status docker'");
        out.code = 1;
        return out;
    };
    let needs_unit = !matches!(verb, "list-units" | "daemon-reload" | "--version");
    if needs_unit && units.is_empty() {
        out.err("Too few arguments.");
        out.code = 1;
        return out;
    }
    for unit in units {
        if !UNITS.contains(unit) {
            let name = if unit.contains('.') { unit.to_string() } else { format!("{unit}.service") };
            match verb {
                "status" => {
                    out.err(format!("Unit {name} could not be found."));
                    out.code = 4;
                }
                "is-active" => {
                    out.out("inactive");
                    out.code = 3;
                }
                "is-enabled" => {
                    out.err(format!("Failed to get unit file state for {name}: No such file or directory"));
                    out.code = 1;
                }
                v => {
                    let what = match v {
                        "start" => "start",
                        "stop" => "stop",
                        "restart" => "restart",
                        "enable" | "disable" => {
                            out.err(format!("Failed to {v} unit: Unit file {name} does not exist."));
                            out.code = 1;
                            return out;
                        }
                        _ => v,
                    };
                    out.err(format!("Failed to {what} {name}: Unit {name} not found."));
                    out.code = 5;
                }
            }
            return out;
        }
    }
    // The learner may manage the docker unit with or without sudo (issue #3): the course's
    // host grants it, so there is no polkit password prompt to fake.
    let privileged = |_: &mut Output| true;
    match verb {
        "start" => {
            if privileged(&mut out) {
                engine.daemon_start();
            } else {
                out.err("Failed to start docker.service: Access denied");
                out.err("See system logs and 'systemctl status docker.service' for details.");
            }
        }
        "stop" => {
            if privileged(&mut out) {
                engine.daemon_stop();
            } else {
                out.err("Failed to stop docker.service: Access denied");
                out.err("See system logs and 'systemctl status docker.service' for details.");
            }
        }
        "restart" | "reload-or-restart" | "try-restart" => {
            if privileged(&mut out) {
                engine.daemon_stop();
                engine.daemon_start();
            } else {
                out.err("Failed to restart docker.service: Access denied");
                out.err("See system logs and 'systemctl status docker.service' for details.");
            }
        }
        "enable" | "disable" => {
            if privileged(&mut out) {
                out.err("Synchronizing state of docker.service with SysV service script with /usr/lib/systemd/systemd-sysv-install.");
                out.err(format!("Executing: /usr/lib/systemd/systemd-sysv-install {verb} docker"));
                engine.daemon_set_enabled(verb == "enable");
            } else {
                out.err(format!("Failed to {verb} unit: Access denied"));
                out.code = 1;
            }
        }
        "is-active" => {
            let active = engine.daemon_running();
            out.out(if active { "active" } else { "inactive" });
            out.code = if active { 0 } else { 3 };
        }
        "is-enabled" => {
            out.out(if engine.daemon_enabled() { "enabled" } else { "disabled" });
            out.code = if engine.daemon_enabled() { 0 } else { 1 };
        }
        "status" => status(engine, &mut out),
        other => {
            out.err(format!("Unknown command verb '{other}'."));
            out.code = 1;
        }
    }
    out
}

fn status(engine: &Engine, out: &mut Output) {
    let now = engine.now();
    let since = engine.daemon_since();
    let enabled = if engine.daemon_enabled() { "enabled" } else { "disabled" };
    let when = format!("{}; {}", systemd_time(since), relative(now.saturating_sub(since)));
    if engine.daemon_running() {
        let tasks = 8 + engine.containers().filter(|c| c.is_running()).count();
        out.out("● docker.service - Docker Application Container Engine");
        out.out(format!("     Loaded: loaded (/usr/lib/systemd/system/docker.service; {enabled}; preset: enabled)"));
        out.out(format!("     Active: active (running) since {when}"));
        out.out("TriggeredBy: ● docker.socket");
        out.out("       Docs: https://docs.docker.com");
        out.out("   Main PID: 1123 (dockerd)");
        out.out(format!("      Tasks: {tasks}"));
        out.out("     Memory: 27.4M (peak: 29.1M)");
        out.out("        CPU: 418ms");
        out.out("     CGroup: /system.slice/docker.service");
        out.out("             └─1123 /usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock");
    } else {
        out.out("○ docker.service - Docker Application Container Engine");
        out.out(format!("     Loaded: loaded (/usr/lib/systemd/system/docker.service; {enabled}; preset: enabled)"));
        out.out(format!("     Active: inactive (dead) since {when}"));
        out.out("TriggeredBy: ● docker.socket");
        out.out("       Docs: https://docs.docker.com");
        out.out("    Process: 1123 ExecStart=/usr/bin/dockerd -H fd:// --containerd=/run/containerd/containerd.sock (code=exited, status=0/SUCCESS)");
        out.out("   Main PID: 1123 (code=exited, status=0/SUCCESS)");
        out.out("        CPU: 1.204s");
        out.code = 3;
    }
}

/// `Tue 2025-02-11 07:00:00 UTC`.
fn systemd_time(t: SimTime) -> String {
    let (y, mo, d, h, mi, s) = civil(t / 1000);
    let dow = short_day_name(t);
    format!("{dow} {y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// systemd's `format_timestamp_relative`: `3s ago`, `4min 2s ago`, `1h 5min ago`, ...
fn relative(ms: SimTime) -> String {
    let s = ms / 1000;
    let (min, hour, day) = (60, 3600, 86_400);
    if s >= 2 * day {
        format!("{} days ago", s / day)
    } else if s >= 25 * hour {
        format!("1 day {}h ago", (s - day) / hour)
    } else if s >= 6 * hour {
        format!("{}h ago", s / hour)
    } else if s >= hour {
        format!("{}h {}min ago", s / hour, (s % hour) / min)
    } else if s >= 5 * min {
        format!("{}min ago", s / min)
    } else if s >= min {
        format!("{}min {}s ago", s / min, s % min)
    } else if s >= 1 {
        format!("{s}s ago")
    } else if ms > 0 {
        format!("{ms}ms ago")
    } else {
        "now".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn stop_and_start_the_daemon() {
        let mut e = crate::catalogue::testing::engine(1, crate::go::time::from_civil(2025, 2, 11, 7, 0, 0));
        assert_eq!(run(&mut e, &argv("stop docker")).code, 0);
        assert!(!e.daemon_running());
        let st = run(&mut e, &argv("status docker"));
        assert_eq!(st.code, 3);
        assert!(st.lines[2].text.starts_with("     Active: inactive (dead) since Tue 2025-02-11 07:00:00 UTC"));
        assert_eq!(run(&mut e, &argv("start docker")).code, 0);
        assert!(e.daemon_running());
        assert_eq!(
            run(&mut e, &argv("start nginx")).lines[0].text,
            "Failed to start nginx.service: Unit nginx.service not found."
        );
        assert_eq!(relative(65_000), "1min 5s ago");
        assert_eq!(relative(7_000), "7s ago");
    }
}
