//! Health checks as dockerd's health monitor runs them: a probe at each interval after the
//! start, on the container's own shell; `retries` failures in a row (outside the start
//! period) make it unhealthy, a pass healthy. Once settled it stops probing (the simulated
//! processes do not change by themselves).

use super::container::HealthStatus;
use super::Engine;
use crate::env::SimTime;
use crate::event::{Action, ObjectKind};

impl Engine {
    /// A health probe is due: run the check in the container and move its status on.
    pub(super) fn probe_due(&mut self, id: &str) {
        let Some(c) = self.containers.get(id) else { return };
        let (Some(config), Some(health)) = (c.config.healthcheck.clone(), c.health.clone()) else { return };
        let now = self.now;
        let started = c.started_at.unwrap_or(now);
        let name = c.name.clone();
        let passed = crate::container_shell::probe(self, id, &config.test, now) == 0;
        let in_start_period = now < started + config.start_period;
        let mut h = health;
        let before = h.status;
        if passed {
            h.status = HealthStatus::Healthy;
            h.failing_streak = 0;
        } else if !in_start_period {
            h.failing_streak += 1;
            if h.failing_streak >= config.retries.max(1) {
                h.status = HealthStatus::Unhealthy;
            }
        }
        h.next_probe = match h.status {
            HealthStatus::Starting => Some(now + config.interval.max(1)),
            _ => None,
        };
        let status = h.status;
        if let Some(cm) = self.containers.get_mut(id) {
            cm.health = Some(h);
        }
        // A check never goes back to starting, so a change is to one of these two.
        let action = match status {
            HealthStatus::Healthy => Some(Action::Healthy),
            HealthStatus::Unhealthy => Some(Action::Unhealthy),
            HealthStatus::Starting => None,
        };
        if let Some(action) = action.filter(|_| status != before) {
            self.emit(ObjectKind::Container, action, id, &name, None, None);
        }
    }

    /// When the health status of a running container next changes, if it can (the time of
    /// its next probe), for clients that wait for it (`compose up` and `service_healthy`).
    pub fn health_next_change(&self, id: &str) -> Option<SimTime> {
        self.containers.get(id)?.health.as_ref()?.next_probe
    }
}
