//! The verbatim `--help` texts of the docker v28 client, for printing them (full build only).
//!
//! `help/*.txt` were captured from the installed client (`docker X --help`, stdout only)
//! while it talked to a Linux daemon that is neither experimental nor a swarm manager, as
//! the simulated docker-ce host's is: such a client hides Windows-only, experimental and
//! swarm flags, and so do these texts. `docker.txt` also lists the host's two CLI plugins
//! (`buildx*`, `compose*`, see `client::plugins`), as a client with them installed does.
//! They are the source of truth for flags, but the parser does not read them here:
//! `core/build.rs` reads their usage blocks and `Options:` rows (with `help_text.rs`) into
//! the table `spec` is built from. Only a build with the `full` feature carries the texts
//! themselves; the lite engine hands a line that prints one to the full engine.

/// `include_str!` of each named file, so the texts live in the binary (no IO in core).
macro_rules! help_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("help/", $name, ".txt")))),*]
    };
}

/// Every help text, keyed by command path with `_` for spaces (`docker` is the top level).
static FILES: &[(&str, &str)] = help_files![
    "docker",
    "buildx",
    "buildx_build",
    "buildx_prune",
    "help",
    "inspect",
    "login",
    "logout",
    "search",
    "version",
    "container",
    "container_attach",
    "container_commit",
    "container_cp",
    "container_diff",
    "container_exec",
    "container_export",
    "container_inspect",
    "container_kill",
    "container_logs",
    "container_ls",
    "container_pause",
    "container_port",
    "container_prune",
    "container_rename",
    "container_restart",
    "container_rm",
    "container_run",
    "container_start",
    "container_stats",
    "container_stop",
    "container_top",
    "container_unpause",
    "container_update",
    "container_wait",
    "image",
    "image_history",
    "image_import",
    "image_inspect",
    "image_load",
    "image_ls",
    "image_prune",
    "image_pull",
    "image_push",
    "image_rm",
    "image_save",
    "image_tag",
    "network",
    "network_connect",
    "network_create",
    "network_disconnect",
    "network_inspect",
    "network_ls",
    "network_prune",
    "network_rm",
    "system",
    "system_df",
    "system_events",
    "system_info",
    "system_prune",
    "volume",
    "volume_create",
    "volume_inspect",
    "volume_ls",
    "volume_prune",
    "volume_rm",
    "volume_update",
    "context",
    "manifest",
    "plugin",
    "swarm",
    "trust"
];

/// `docker container create --help`: `run`'s with its own lines, written by `build.rs`
/// (`help_text::create_from_run`; the two share one flag set in docker/cli, and shipping
/// both texts cost half a kilobyte).
const CREATE: &str = include_str!(concat!(env!("OUT_DIR"), "/container_create.txt"));

/// The help text of a command path (`""` is `docker` itself, `"container run"` ...).
pub(crate) fn text(path: &str) -> Option<&'static str> {
    if path == "container create" {
        return Some(CREATE);
    }
    let key_matches = |key: &str| {
        if path.is_empty() {
            return key == "docker";
        }
        key.len() == path.len() && key.bytes().zip(path.bytes()).all(|(k, p)| k == p || (k == b'_' && p == b' '))
    };
    FILES.iter().find(|(key, _)| key_matches(key)).map(|(_, text)| *text)
}

/// Every text's key, for the tidy test that ties files and table together.
#[cfg(test)]
pub(crate) fn keys() -> impl Iterator<Item = &'static str> {
    FILES.iter().map(|(k, _)| *k).chain(["container_create"])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn create_help_is_the_one_build_rs_derived_from_runs() {
        // The real client's text, kept as the test's fixture (it does not ship).
        let expected = include_str!("help/container_create.txt");
        assert_eq!(text("container create"), Some(expected));
    }

    #[test]
    fn paths_find_their_texts() {
        assert!(text("").is_some_and(|t| t.starts_with("Usage:  docker [OPTIONS] COMMAND\n")));
        assert!(text("container ls").is_some_and(|t| t.starts_with("Usage:  docker container ls [OPTIONS]\n")));
        assert_eq!(text("container nope"), None);
    }
}
