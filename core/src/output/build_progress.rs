//! `docker build` output as buildx v0.24.0 draws it from the engine's vertices
//! ([`BuildReport`]): the TTY view (`[+] Building 1.5s (9/9) FINISHED  docker:default`, one
//! ` => ` row per vertex and ` => => ` per status, times right-aligned at the terminal's edge),
//! its frames while the build runs (for a page that animates it, as pulls are), the
//! `--progress=plain` text (`#1 [internal] load build definition from Dockerfile` ...), and
//! what follows a failure (the log box, the Dockerfile excerpt, `ERROR: failed to solve: ...`).
//!
//! Layout follows BuildKit's `progressui` (`ttyDisplay.print`, `textMux.printVtx`) and
//! `solver/errdefs/source.go`. Colours are left out: this terminal shows plain text.

use crate::engine::build::{BuildReport, Excerpt, Status, Vertex, VertexEnd};
use serde::{Deserialize, Serialize};

/// The builder the header names (docker-ce on Linux with the buildx plugin).
pub const BUILDER: &str = "docker:default";

/// tonistiigi/units' `%.2f`: `148B`, `1.04kB`, `6.10MB`.
pub fn bytes(n: u64) -> String {
    crate::engine::build::bytes(n)
}

/// `fmt.Sprintf("%-[2]*[1]s %[3]s", l, w-len(r)-1, r)`.
fn align(l: &str, r: &str, w: usize) -> String {
    let pad = w.saturating_sub(r.len() + 1);
    format!("{l:<pad$} {r}")
}

/// Seconds as `%.1f`, BuildKit rounding half away from zero like Go.
fn secs(ms: u64) -> String {
    let tenths = (ms + 50) / 100;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// What a row shows at `t` (ms since the build started): `None` when it has not started.
fn row_state(v: &Vertex, t: u64) -> Option<(bool, u64)> {
    if v.start > t {
        return None;
    }
    let done = v.end <= t;
    Some((done, v.end.min(t).saturating_sub(v.start)))
}

/// The TTY screen at `t` ms into the build (the final screen for `t` ≥ the build's end).
pub fn tty_frame(report: &BuildReport, t: u64, width: usize) -> Vec<String> {
    let finished = t >= report.duration;
    let shown: Vec<&Vertex> = report.vertices.iter().filter(|v| v.start <= t).collect();
    let completed = shown.iter().filter(|v| v.end <= t).count();
    let status = if finished && completed == shown.len() && completed > 0 { "FINISHED" } else { "" };
    let elapsed = if finished { report.duration } else { t };
    let header = format!("[+] Building {}s ({}/{}) {status}", secs(elapsed), completed, shown.len());
    let mut header = align(&header, BUILDER, width.saturating_sub(1));
    header.truncate(width);
    let mut out = vec![header];
    for v in shown {
        let Some((done, dt)) = row_state(v, t) else { continue };
        let mut name = v.name.replace('\t', " ");
        match &v.state {
            VertexEnd::Error(_) if done => name = format!("ERROR {name}"),
            VertexEnd::Cached if done => name = format!("CACHED {name}"),
            _ => {}
        }
        row(&mut out, &name, "", dt, width);
        for s in &v.statuses {
            if s.start > t {
                continue;
            }
            let dt = s.end.min(t).saturating_sub(s.start);
            let progress = status_bytes(s, t);
            row(&mut out, &format!("=> {}", s.id), &progress, dt, width);
        }
        for w in &v.warnings {
            row(&mut out, &format!("WARN: {w}"), "", v.end.min(t).saturating_sub(v.start), width);
        }
        // A running step shows its last lines faintly; they go when it is done.
        if !done && !v.logs.is_empty() {
            let seen: Vec<&str> =
                v.logs.iter().filter(|l| v.start + l.at <= t).map(|l| l.text.as_str()).collect::<Vec<_>>();
            for l in seen.iter().skip(seen.len().saturating_sub(6)) {
                let mut line = format!(" => => # {l}");
                line.truncate(width);
                out.push(line);
            }
        }
    }
    out
}

/// `X / Y` for a status with bytes, as far as it has come at `t`.
fn status_bytes(s: &Status, t: u64) -> String {
    let (cur, total) = s.bytes;
    if total == 0 && cur == 0 {
        return String::new();
    }
    let now = if t >= s.end {
        cur
    } else {
        let span = s.end.saturating_sub(s.start).max(1);
        (cur as u128 * t.saturating_sub(s.start) as u128 / span as u128) as u64
    };
    if total != 0 {
        format!("{} / {}", bytes(now), bytes(total))
    } else {
        bytes(now)
    }
}

fn row(out: &mut Vec<String>, name: &str, status: &str, ms: u64, width: usize) {
    let ms = if ms < 50 { 0 } else { ms };
    let timer = format!(" {}s", secs(ms));
    let timer_nl = timer.len() + 1;
    let pfx = " => ";
    let mut left = width as i64 - pfx.len() as i64 - timer_nl as i64 - 1;
    let mut show_status = false;
    if !status.is_empty() && left + status.len() as i64 > 20 {
        show_status = true;
        left -= status.len() as i64 + 1;
    }
    if left < 12 {
        return;
    }
    let name: String = name.chars().take(left as usize).collect();
    let mut line = format!("{pfx}{name}");
    if show_status {
        line.push(' ');
        line.push_str(status);
    }
    // `align(out, timer+"\n", width)`: the newline counts towards the width.
    let pad = width.saturating_sub(timer_nl + 1);
    out.push(format!("{line:<pad$} {timer}"));
}

/// The frames a page can show while the build runs: `(ms since start, screen)`, about every
/// 150 ms (BuildKit's redraw rate) and at every vertex's start and end, the final screen last.
pub fn tty_frames(report: &BuildReport, width: usize) -> Vec<(u64, Vec<String>)> {
    let mut times: Vec<u64> = report.vertices.iter().flat_map(|v| [v.start, v.end]).collect();
    let mut t = 0;
    while t < report.duration && times.len() < 400 {
        times.push(t);
        t += 150;
    }
    times.push(report.duration);
    crate::sort::sort(&mut times);
    times.dedup();
    times.into_iter().map(|t| (t, tty_frame(report, t, width))).collect()
}

/// A build whose TTY view a page may animate in place of its final screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildAnimation {
    /// Index of the view's first line (the `[+] Building` header) in the transcript's lines.
    pub first_line: usize,
    /// How many lines the final screen has.
    pub lines: usize,
    /// `(ms since the build started, the screen then)`, the final screen last.
    pub frames: Vec<(u64, Vec<String>)>,
}

/// `--progress=plain`: every vertex's block in the order they complete.
pub fn plain(report: &BuildReport) -> Vec<String> {
    let mut out = vec!["#0 building with \"default\" instance using docker driver".to_string()];
    let mut order: Vec<usize> = (0..report.vertices.len()).collect();
    crate::sort::sort_by(&mut order, |a, b| {
        let (va, vb) = (&report.vertices[*a], &report.vertices[*b]);
        va.end.cmp(&vb.end).then(a.cmp(b))
    });
    for (n, i) in order.into_iter().enumerate() {
        let v = &report.vertices[i];
        let n = n + 1;
        out.push(String::new());
        out.push(format!("#{n} {}", v.name));
        for s in &v.statuses {
            let b = match s.bytes {
                (_, 0) if s.bytes.0 == 0 => String::new(),
                (c, 0) => format!(" {}", bytes(c)),
                (c, t) => format!(" {} / {}", bytes(c), bytes(t)),
            };
            if s.interim {
                out.push(format!("#{n} {}{b}", s.id));
            }
            let dt = s.end.saturating_sub(s.start);
            let tm = if dt > 10 { format!(" {}s", secs(dt)) } else { String::new() };
            out.push(format!("#{n} {}{b}{tm} done", s.id));
        }
        for w in &v.warnings {
            out.push(format!("#{n} WARN: {w}"));
        }
        for l in &v.logs {
            out.push(format!("#{n} {}.{:03} {}", l.at / 1000, l.at % 1000, l.text));
        }
        match &v.state {
            VertexEnd::Error(e) if e.ends_with("context canceled") => out.push(format!("#{n} CANCELED")),
            VertexEnd::Error(e) => out.push(format!("#{n} ERROR: {e}")),
            VertexEnd::Cached => out.push(format!("#{n} CACHED")),
            VertexEnd::Done => out.push(format!("#{n} DONE {}s", secs(v.end.saturating_sub(v.start)))),
        }
    }
    out
}

/// The Dockerfile excerpt box (`solver/errdefs/source.go` `Source.Print`).
pub fn excerpt(x: &Excerpt) -> Vec<String> {
    let lines: Vec<&str> = x.text.split('\n').collect();
    let (mut start, mut end) = x.lines;
    if start < 1 || start > lines.len() {
        return Vec::new();
    }
    end = end.max(start).min(lines.len());
    let first = start;
    let pad = if end == start { 4 } else { 2 };
    let mut p = 0;
    while p < pad {
        if start > 1 {
            start -= 1;
            p += 1;
        }
        if end != lines.len() {
            end += 1;
            p += 1;
        }
        p += 1;
    }
    let mut out = vec![format!("{}:{first}", x.file), "--------------------".to_string()];
    for i in start..=end {
        let marked = i >= x.lines.0 && i <= x.lines.1.max(x.lines.0);
        let pfx = if marked { ">>>" } else { "   " };
        out.push(format!(" {i:>3} | {pfx} {}", lines.get(i - 1).copied().unwrap_or("")));
    }
    out.push("--------------------".to_string());
    out
}

/// The warnings summary buildx prints after a build (`1 warning found ...`).
pub fn warnings_summary(warnings: &[String]) -> Vec<String> {
    if warnings.is_empty() {
        return Vec::new();
    }
    let n = warnings.len();
    let noun = if n == 1 { "warning" } else { "warnings" };
    let mut out = vec![String::new(), format!(" {n} {noun} found (use docker --debug to expand):")];
    out.extend(warnings.iter().map(|w| format!(" - {w}")));
    out
}

/// What follows the progress of a failed build: the failing step's log box, the warnings,
/// the excerpt and `ERROR: failed to solve: ...`.
pub fn failure(report: &BuildReport, with_log: bool) -> Vec<String> {
    let Err(f) = &report.outcome else { return Vec::new() };
    let mut out = Vec::new();
    if let (true, Some((name, lines))) = (with_log, &f.log) {
        out.push("------".to_string());
        out.push(format!(" > {name}:"));
        out.extend(lines.iter().cloned());
        out.push("------".to_string());
    }
    if with_log {
        out.extend(warnings_summary(&report.warnings));
    }
    if let Some(x) = &f.excerpt {
        out.extend(excerpt(x));
    }
    out.push(format!("ERROR: failed to solve: {}", f.message));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::build::{BuildFailure, Built};

    fn v(name: &str, start: u64, end: u64) -> Vertex {
        Vertex {
            name: name.into(),
            start,
            end,
            state: VertexEnd::Done,
            statuses: Vec::new(),
            logs: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn final_screen_aligns_like_buildx() {
        let mut def = v("[internal] load build definition from Dockerfile", 0, 40);
        def.statuses.push(Status {
            id: "transferring dockerfile: 148B".into(),
            bytes: (0, 0),
            start: 5,
            end: 12,
            interim: false,
        });
        let mut cached = v("[2/4] WORKDIR /app", 50, 52);
        cached.state = VertexEnd::Cached;
        let r = BuildReport {
            vertices: vec![def, cached],
            duration: 700,
            warnings: Vec::new(),
            outcome: Ok(Built { id: String::new(), names: Vec::new() }),
        };
        let screen = tty_frame(&r, 700, 80);
        assert_eq!(
            screen,
            [
                "[+] Building 0.7s (2/2) FINISHED                                 docker:default",
                " => [internal] load build definition from Dockerfile                       0.0s",
                " => => transferring dockerfile: 148B                                       0.0s",
                " => CACHED [2/4] WORKDIR /app                                              0.0s",
            ]
        );
        assert!(screen.iter().all(|l| l.len() == 79));
    }

    #[test]
    fn excerpt_box_pads_like_buildkit() {
        let x = Excerpt {
            file: "Dockerfile".into(),
            text: "FROM busybox\nWORKDIR /app\nRUN false\nCMD [\"sh\"]\n".into(),
            lines: (3, 3),
        };
        assert_eq!(
            excerpt(&x),
            [
                "Dockerfile:3",
                "--------------------",
                "   1 |     FROM busybox",
                "   2 |     WORKDIR /app",
                "   3 | >>> RUN false",
                "   4 |     CMD [\"sh\"]",
                "   5 |     ",
                "--------------------",
            ]
        );
        let x = Excerpt { file: "Dockerfile".into(), text: "FROM nosuch\nRUN echo hi\n".into(), lines: (1, 1) };
        assert_eq!(excerpt(&x).len(), 2 + 3 + 1);
        let r = BuildReport {
            vertices: Vec::new(),
            duration: 1,
            warnings: Vec::new(),
            outcome: Err(BuildFailure {
                message: "x".into(),
                excerpt: None,
                log: Some(("[2/2] RUN y".into(), vec!["0.300 out".into()])),
            }),
        };
        assert_eq!(
            failure(&r, true),
            ["------", " > [2/2] RUN y:", "0.300 out", "------", "ERROR: failed to solve: x"]
        );
    }
}
