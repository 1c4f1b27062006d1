//! Typed records of every state change, in the order they happened.
//!
//! The engine records them; the diagram animates them and `docker events` prints them.
//! Nothing here formats text for the terminal.

use crate::env::SimTime;
use crate::snapshot::ContainerStatus;
use serde::{Deserialize, Serialize};

/// The kind of object an event is about, as `docker events` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ObjectKind {
    /// A container.
    Container,
    /// An image.
    Image,
    /// A volume.
    Volume,
    /// A network.
    Network,
    /// The daemon itself.
    Daemon,
}

/// What happened, as `docker events` words it (the `Action` of moby's `events.Message`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// A container, volume or network was created.
    Create,
    /// A container (or the daemon) started.
    Start,
    /// A container's main process ended.
    Die,
    /// A container (or the daemon) was stopped.
    Stop,
    /// The daemon sent a container's main process a signal.
    Kill,
    /// A container was frozen.
    Pause,
    /// A frozen container thawed.
    Unpause,
    /// A container was restarted.
    Restart,
    /// A container was renamed.
    Rename,
    /// A container was removed, or a volume or network deleted.
    Destroy,
    /// A container's changes became an image.
    Commit,
    /// An image was pulled.
    Pull,
    /// An image was pushed to a registry.
    Push,
    /// An image was loaded from an archive (`docker load`).
    Load,
    /// An image got a name.
    Tag,
    /// An image lost a name.
    Untag,
    /// An image was deleted.
    Delete,
    /// A volume was mounted into a starting container.
    Mount,
    /// A volume was unmounted from a stopped container.
    Unmount,
    /// A container joined a network.
    Connect,
    /// A container left a network.
    Disconnect,
    /// Unused volumes or networks were pruned.
    Prune,
    /// A running container's health check began to pass (`health_status: healthy`).
    #[serde(rename = "health_status: healthy")]
    Healthy,
    /// A running container's health check failed its retries (`health_status: unhealthy`).
    #[serde(rename = "health_status: unhealthy")]
    Unhealthy,
}

impl Action {
    /// Docker's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Start => "start",
            Action::Die => "die",
            Action::Stop => "stop",
            Action::Kill => "kill",
            Action::Pause => "pause",
            Action::Unpause => "unpause",
            Action::Restart => "restart",
            Action::Rename => "rename",
            Action::Destroy => "destroy",
            Action::Commit => "commit",
            Action::Pull => "pull",
            Action::Push => "push",
            Action::Load => "load",
            Action::Tag => "tag",
            Action::Untag => "untag",
            Action::Delete => "delete",
            Action::Mount => "mount",
            Action::Unmount => "unmount",
            Action::Connect => "connect",
            Action::Disconnect => "disconnect",
            Action::Prune => "prune",
            Action::Healthy => "health_status: healthy",
            Action::Unhealthy => "health_status: unhealthy",
        }
    }
}

impl std::fmt::Display for Action {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One state change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// When it happened.
    pub time: SimTime,
    /// What kind of object changed.
    pub object: ObjectKind,
    /// What happened.
    pub action: Action,
    /// The object's ID (or name, for volumes and networks).
    pub id: String,
    /// The object's name (container name without slash, image reference, volume name).
    pub name: String,
    /// For containers: the state before. (Absent fields stay out of saved sessions,
    /// which hold thousands of events.)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<ContainerStatus>,
    /// For containers: the state after ([`ContainerStatus::Removed`] when it is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<ContainerStatus>,
    /// For `die`: the main process's exit code (docker events' `exitCode`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_code: Option<i32>,
    /// Attributes the daemon attaches that the object itself no longer tells once it
    /// changed: the container of a network `connect`/`disconnect` or a volume `mount`, a
    /// mount's destination, a removed container's image and labels. Empty for most events.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attrs: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_actions_are_dockers_words() {
        use Action::*;
        let all = [
            Create, Start, Die, Stop, Kill, Pause, Unpause, Restart, Rename, Destroy, Commit, Pull, Tag, Untag, Delete,
            Mount, Unmount, Connect, Disconnect, Prune,
        ];
        for a in all {
            assert_eq!(serde_json::to_string(&a).unwrap_or_default(), format!("\"{a}\""));
        }
    }

    #[test]
    fn saves_leave_out_empty_fields_and_read_old_ones() {
        let e = Event {
            time: 5,
            object: ObjectKind::Image,
            action: Action::Pull,
            id: "httpd:latest".into(),
            name: "httpd".into(),
            from: None,
            to: None,
            exit_code: None,
            attrs: Vec::new(),
        };
        let json = serde_json::to_string(&e).unwrap_or_default();
        assert_eq!(json, r#"{"time":5,"object":"image","action":"pull","id":"httpd:latest","name":"httpd"}"#);
        let back: Option<Event> = serde_json::from_str(&json).ok();
        assert_eq!(back.as_ref(), Some(&e));
        // Saves written before the fields were skipped spell them out.
        let old = r#"{"time":5,"object":"image","action":"pull","id":"httpd:latest","name":"httpd","from":null,"to":null,"exit_code":null,"attrs":[]}"#;
        assert_eq!(serde_json::from_str::<Event>(old).ok(), Some(e.clone()));
        let die = Event {
            from: Some(ContainerStatus::Running),
            to: Some(ContainerStatus::Exited),
            exit_code: Some(0),
            attrs: vec![("signal".into(), "15".into())],
            ..e
        };
        let json = serde_json::to_string(&die).unwrap_or_default();
        assert!(json.contains(r#""from":"running","to":"exited","exit_code":0,"attrs":[["signal","15"]]"#), "{json}");
        assert_eq!(serde_json::from_str::<Event>(&json).ok(), Some(die));
    }
}
