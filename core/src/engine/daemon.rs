//! dockerd's own life on the host: running or not, since when, enabled at boot, and what
//! stopping and starting it does to the containers (`systemctl stop|start docker`).

use super::Engine;
use crate::env::SimTime;
use crate::event::{Action, ObjectKind};

impl Engine {
    /// Whether dockerd is up.
    pub fn daemon_running(&self) -> bool {
        self.daemon_running
    }

    /// When dockerd last started (running) or stopped (not running).
    pub fn daemon_since(&self) -> SimTime {
        self.daemon_since
    }

    /// Whether dockerd starts at boot.
    pub fn daemon_enabled(&self) -> bool {
        self.daemon_enabled
    }

    /// `systemctl enable|disable docker`.
    pub fn daemon_set_enabled(&mut self, enabled: bool) {
        self.daemon_enabled = enabled;
    }

    /// `systemctl stop docker`: every running container stops with it.
    pub fn daemon_stop(&mut self) {
        if !self.daemon_running {
            return;
        }
        let running: Vec<String> = self.containers.values().filter(|c| c.is_running()).map(|c| c.id.clone()).collect();
        for id in running {
            self.finish(&id, 0, true, false);
        }
        self.daemon_running = false;
        self.daemon_since = self.now;
        self.emit(ObjectKind::Daemon, Action::Stop, "dockerd", "docker", None, None);
    }

    /// `systemctl start docker`: containers whose restart policy says so come back.
    pub fn daemon_start(&mut self) {
        if self.daemon_running {
            return;
        }
        self.daemon_running = true;
        self.daemon_since = self.now;
        self.emit(ObjectKind::Daemon, Action::Start, "dockerd", "docker", None, None);
        let ids: Vec<String> = self
            .containers
            .values()
            .filter(|c| {
                let p = c.config.restart.as_str();
                p == "always" || (p == "unless-stopped" && !c.stopped_by_user)
            })
            .map(|c| c.id.clone())
            .collect();
        for id in ids {
            let _ = self.container_start(&id);
        }
    }
}
