//! The engine's state as the read-only [`Snapshot`] the views and the exercise goals read:
//! containers, images (with what a build made them from), volumes, networks and the practice
//! hub's repositories.

use super::{Container, Engine, ImageRef};
use crate::snapshot::{self, Snapshot};

impl Engine {
    /// A plain-data picture for the diagram and for goals.
    pub fn snapshot(&self) -> Snapshot {
        let mut containers: Vec<&Container> = self.containers.values().collect();
        crate::sort::sort_by(&mut containers, |a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        Snapshot {
            daemon_running: self.daemon_running,
            containers: containers
                .into_iter()
                .map(|c| snapshot::ContainerView {
                    id: c.id.clone(),
                    name: c.name.clone(),
                    image: c.config.image.clone(),
                    image_id: c.image_id.clone(),
                    status: c.status,
                    exit_code: c.exit_code,
                    created: c.created,
                    ports: c
                        .bindings
                        .iter()
                        .map(|b| snapshot::PortView {
                            host_ip: b.host_ip.clone(),
                            host_port: b.host_port,
                            container_port: b.container_port,
                            proto: b.proto.clone(),
                        })
                        .collect(),
                    env: c.env.clone(),
                    mounts: self.snapshot_mounts(&c.id),
                    networks: self.container_attachments(&c.id).iter().map(|a| a.network.clone()).collect(),
                    compose: {
                        let label = |k: &str| {
                            c.config
                                .labels
                                .iter()
                                .find_map(|l| l.strip_prefix(k)?.strip_prefix('='))
                                .map(str::to_string)
                        };
                        compose_labels(label(PROJECT), label(SERVICE))
                    },
                })
                .collect(),
            images: self
                .images
                .values()
                .map(|i| snapshot::ImageView {
                    id: i.id.clone(),
                    tags: self.tags_of(&i.id).iter().map(ImageRef::familiar).collect(),
                    size: i.size,
                    built_from: self.build_info(&i.id).map(|b| snapshot::BuiltFrom {
                        name: b.base_name.clone(),
                        id: b.base.as_ref().map(|x| x.id.clone()).unwrap_or_default(),
                    }),
                    labels: i.config.labels.clone(),
                    entrypoint: i.config.entrypoint.clone(),
                    cmd: i.config.cmd.clone(),
                    exposed: i.config.exposed.clone(),
                })
                .collect(),
            volumes: self
                .volumes()
                .map(|v| snapshot::VolumeView {
                    name: v.name.clone(),
                    compose: v.labels.as_ref().and_then(|l| {
                        compose_labels(l.get(PROJECT).cloned(), l.get("com.docker.compose.volume").cloned())
                    }),
                })
                .collect(),
            networks: self.snapshot_networks(),
            hub: self.hub_repositories().into_iter().map(|(name, tags)| snapshot::HubRepoView { name, tags }).collect(),
            // The login is the client's (a file on the host): `Session::snapshot` fills it in.
            hub_user: None,
        }
    }
}

/// compose's project label (the `com.docker.compose.project` of the real plugin).
const PROJECT: &str = "com.docker.compose.project";
/// compose's service label on a container.
const SERVICE: &str = "com.docker.compose.service";

/// An object's compose labels, when it has the project's.
pub(super) fn compose_labels(project: Option<String>, key: Option<String>) -> Option<snapshot::ComposeLabels> {
    Some(snapshot::ComposeLabels { project: project?, key: key.unwrap_or_default() })
}
