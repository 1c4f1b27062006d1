//! The engine's clock: what becomes due as virtual time passes (a process that ends by itself,
//! a restart policy's back-off, a health probe), done in time order by [`Engine::set_now`].

use super::Engine;
use crate::env::SimTime;
use crate::snapshot::ContainerStatus;

/// What the clock brings about for a container (see [`Engine::set_now`]): its process ends
/// by itself with a code, its restart policy starts it again, or its health check runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Due {
    Exit(i32),
    Restart,
    Probe,
}

impl Engine {
    /// Moves the clock to `now` (never backwards), doing on the way what was due, each at
    /// its own time and in time order: processes that end by themselves (`sleep 5`) exit,
    /// and the restart policy brings back containers whose back-off has passed.
    pub fn set_now(&mut self, now: SimTime) {
        // Bounded: back-offs double up to a minute, so even hours pass in few rounds.
        for _ in 0..10_000 {
            let Some((t, id, due)) = self.next_due(now) else { break };
            if t > self.now {
                self.now = t;
            }
            match due {
                Due::Exit(code) => self.exit_due(&id, code),
                Due::Restart => self.restart_due(&id),
                Due::Probe => self.probe_due(&id),
            }
        }
        if now > self.now {
            self.now = now;
        }
    }

    /// The earliest thing due by `now`: a process that ends by itself, a restart, or a
    /// health probe. Ties go by ID, so the order never depends on how the maps are laid out.
    fn next_due(&self, now: SimTime) -> Option<(SimTime, String, Due)> {
        let mut best: Option<(SimTime, &str, Due)> = None;
        for r in &self.restarts {
            if let Some(t) = r.at.filter(|t| *t <= now) {
                if best.is_none_or(|(bt, bid, _)| (t, r.id.as_str()) < (bt, bid)) {
                    best = Some((t, &r.id, Due::Restart));
                }
            }
        }
        for c in self.containers.values().filter(|c| c.status == ContainerStatus::Running) {
            if let Some(t) = c.health.as_ref().and_then(|h| h.next_probe).filter(|t| *t <= now) {
                if best.is_none_or(|(bt, bid, _)| (t, c.id.as_str()) < (bt, bid)) {
                    best = Some((t, &c.id, Due::Probe));
                }
            }
        }
        // A frozen process's sleep runs out too, but it exits only once thawed (see
        // `container_unpause`).
        for c in self.containers.values().filter(|c| c.status == ContainerStatus::Running) {
            if let Some((t, code)) = c.exit_at.filter(|(t, _)| *t <= now) {
                if best.is_none_or(|(bt, bid, _)| (t, c.id.as_str()) < (bt, bid)) {
                    best = Some((t, &c.id, Due::Exit(code)));
                }
            }
        }
        best.map(|(t, id, exit)| (t, id.to_string(), exit))
    }

    /// When the clock next has something to do (a process ending by itself, a restart),
    /// so a page can look again then even while nothing holds the terminal.
    pub fn next_timer(&self) -> Option<SimTime> {
        self.next_due(SimTime::MAX).map(|(t, _, _)| t)
    }

    /// A running container's main process ended by itself (its `sleep` ran out).
    pub(super) fn exit_due(&mut self, id: &str, code: i32) {
        if let Some(c) = self.containers.get_mut(id) {
            c.exit_at = None;
            if c.status == ContainerStatus::Running {
                self.finish(id, code, false, true);
            }
        }
    }

    /// The restart policy's back-off for `id` has passed: its process starts again.
    fn restart_due(&mut self, id: &str) {
        if let Some(r) = self.restarts.iter_mut().find(|r| r.id == id) {
            r.at = None;
        }
        let Some(c) = self.containers.get_mut(id) else { return };
        if c.status != ContainerStatus::Restarting {
            return;
        }
        // container_start treats a restarting container as running; it is not any more.
        c.status = ContainerStatus::Exited;
        if self.daemon_running && self.container_start(id).is_err() {
            // As moby: a restart that fails leaves the container stopped.
        }
    }
}
