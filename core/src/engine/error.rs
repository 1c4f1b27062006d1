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
    /// Nothing matched a network name or ID (as typed).
    NoSuchNetwork(String),
    /// runc found no program to start: the first word of the container's ENTRYPOINT and
    /// CMD (a name looked up in `$PATH`, or a path) does not exist in its file tree.
    ProgramNotFound(String),
    /// Any other refusal, already worded as the daemon words it.
    Message(String),
}

impl DaemonError {
    /// `docker run`'s exit status when this stops the container from running (the CLI's
    /// `toStatusError`): 127 when its program does not exist, 125 for every other refusal.
    /// (docker/cli finds these by the words of the message; here the kind of error says it.)
    pub fn run_status(&self) -> i32 {
        match self {
            DaemonError::ProgramNotFound(_) => 127,
            _ => 125,
        }
    }
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
            DaemonError::NoSuchNetwork(term) => write!(f, "network {term} not found"),
            DaemonError::ProgramNotFound(program) => {
                f.write_str("failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ")
                    ?;
                if program.contains('/') {
                    write!(f, "exec: \"{program}\": stat {program}: no such file or directory")?;
                } else {
                    write!(f, "exec: \"{program}\": executable file not found in $PATH")?;
                }
                f.write_str(": unknown")
            }
            DaemonError::Message(m) => f.write_str(m),
        }
    }
}
