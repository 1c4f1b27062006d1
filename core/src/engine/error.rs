//! Errors the daemon answers with. `Display` is the daemon's exact text; the client adds
//! `Error response from daemon: ` in front, as the real CLI does.

use std::fmt;

/// A refusal from the simulated dockerd.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DaemonError {
    /// Nothing matched a container name or ID.
    NoSuchContainer(String),
    /// Nothing matched an image reference or ID.
    NoSuchImage(String),
    /// An ID prefix matched more than one object.
    AmbiguousPrefix(String),
    /// `--name` is taken.
    NameConflict {
        /// The requested name.
        name: String,
        /// Full ID of the container that has it.
        id: String,
    },
    /// A host port is already bound by another running container.
    PortAllocated {
        /// Name of the container being started.
        name: String,
        /// The network endpoint's ID (random, unrelated to the container's).
        endpoint: String,
        /// `0.0.0.0:8080`.
        host: String,
    },
    /// `docker rm` on a running container without `-f` (holds the argument as typed).
    RemoveRunning(String),
    /// `docker rm` on a paused container without `-f`.
    RemovePaused(String),
    /// Any other refusal, already worded as the daemon words it.
    Message(String),
}

impl fmt::Display for DaemonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DaemonError::NoSuchContainer(s) => write!(f, "No such container: {s}"),
            DaemonError::NoSuchImage(s) => write!(f, "No such image: {s}"),
            DaemonError::AmbiguousPrefix(s) => write!(f, "multiple IDs found with provided prefix: {s}"),
            DaemonError::NameConflict { name, id } => write!(
                f,
                "Conflict. The container name \"/{name}\" is already in use by container \"{id}\". You have to remove (or rename) that container to be able to reuse that name."
            ),
            DaemonError::PortAllocated { name, endpoint, host } => write!(
                f,
                "failed to set up container networking: driver failed programming external connectivity on endpoint {name} ({endpoint}): Bind for {host} failed: port is already allocated"
            ),
            // The name is the argument as the user typed it (the CLI trims slashes).
            DaemonError::RemoveRunning(arg) => write!(
                f,
                "cannot remove container \"{arg}\": container is running: stop the container before removing or force remove"
            ),
            DaemonError::RemovePaused(arg) => write!(
                f,
                "cannot remove container \"{arg}\": container is paused and must be unpaused first"
            ),
            DaemonError::Message(m) => f.write_str(m),
        }
    }
}
