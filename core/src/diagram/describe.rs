//! The diagram's text equivalent: what the last command changed, one short Korean line per
//! object, for the page's aria-live region (screen readers) and its caption.
//!
//! Containers read as their path through the states, with docker's words first and the
//! Korean ones after (`web: running → exited (실행 중 → 정지됨)`); images, volumes and
//! networks say what happened to them (not `connect`/`disconnect`, which every start and
//! stop causes and which would drown the state change). Long lists stop after [`MAX_LINES`] lines with a
//! count of the rest, so `docker rm -f $(docker ps -aq)` on 1,000 containers stays short.
//! This module must not format terminal output: the terminal shows docker's own text.

use super::paths;
use crate::event::{Event, ObjectKind};
use crate::snapshot::ContainerStatus;

/// The most lines [`describe`] returns (the last one may be the "외 N건" count).
pub const MAX_LINES: usize = 8;

/// What `events` changed, in the order the objects first appear in them.
pub fn describe(events: &[Event]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut rest = 0usize;
    let mut push = |lines: &mut Vec<String>, line: String| {
        if lines.len() < MAX_LINES - 1 {
            lines.push(line);
        } else {
            rest += 1;
        }
    };

    let (container_paths, _) = paths(events);
    for p in container_paths.iter().filter(|p| p.moved() || p.created) {
        let mut line = String::new();
        line.push_str(p.name);
        line.push_str(": ");
        let mut korean = String::new();
        for (i, s) in p.states.iter().enumerate() {
            if i > 0 {
                line.push_str(" → ");
                korean.push_str(" → ");
            }
            line.push_str(s.as_str());
            korean.push_str(korean_state(*s));
        }
        line.push_str(" (");
        line.push_str(&korean);
        line.push(')');
        push(&mut lines, line);
    }

    for e in events {
        let (what, done) = match (e.object, e.action.as_str()) {
            (ObjectKind::Image, "pull") => ("이미지", "내려받음"),
            (ObjectKind::Image, "tag") => ("이미지 태그", "추가됨"),
            (ObjectKind::Image, "untag") => ("이미지 태그", "제거됨"),
            (ObjectKind::Volume, "create") => ("볼륨", "생성됨"),
            (ObjectKind::Volume, "destroy") => ("볼륨", "삭제됨"),
            (ObjectKind::Network, "create") => ("네트워크", "생성됨"),
            (ObjectKind::Network, "destroy") => ("네트워크", "삭제됨"),
            (ObjectKind::Container, "rename") => ("컨테이너 이름", "(으)로 바뀜"),
            (ObjectKind::Daemon, "start") => ("Docker 데몬", "시작됨"),
            (ObjectKind::Daemon, "stop") => ("Docker 데몬", "중지됨"),
            _ => continue,
        };
        let mut line = String::from(what);
        if e.object != ObjectKind::Daemon {
            line.push(' ');
            line.push_str(&e.name);
        }
        if !done.starts_with('(') {
            line.push(' ');
        }
        line.push_str(done);
        push(&mut lines, line);
    }

    if rest > 0 {
        lines.push("외 ".to_string() + &rest.to_string() + "건");
    }
    lines
}

/// The state in the site's Korean words (the same words as the state list's labels).
fn korean_state(s: ContainerStatus) -> &'static str {
    match s {
        ContainerStatus::Created => "생성됨",
        ContainerStatus::Running => "실행 중",
        ContainerStatus::Paused => "일시 정지됨",
        ContainerStatus::Restarting => "재시작 중",
        ContainerStatus::Exited => "정지됨",
        ContainerStatus::Dead => "제거 실패",
        ContainerStatus::Removed => "삭제됨",
    }
}
