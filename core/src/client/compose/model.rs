//! The compose model: a project as compose-go loads it (services, networks, volumes), after
//! interpolation, validation and normalisation. Plain data; `load.rs` builds it, the commands
//! read it, `config.rs` prints it.

/// A loaded project.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Project {
    /// `-p`, `COMPOSE_PROJECT_NAME`, `name:` or the directory's name, normalised.
    pub name: String,
    /// The project directory (absolute).
    pub working_dir: String,
    /// The compose files read (absolute), in order.
    pub config_files: Vec<String>,
    /// Services by name, sorted.
    pub services: Vec<Service>,
    /// Networks by their key in the file (`default` included), sorted.
    pub networks: Vec<Network>,
    /// Named volumes by their key, sorted.
    pub volumes: Vec<Volume>,
    /// Top-level `x-*` entries, for `config`.
    pub extensions: Vec<(String, super::yaml::Node)>,
}

/// One service.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Service {
    /// Its key.
    pub name: String,
    /// `image:`.
    pub image: Option<String>,
    /// `build:`.
    pub build: Option<Build>,
    /// `container_name:`.
    pub container_name: Option<String>,
    /// `command:` as argv (a string is split as a shell would).
    pub command: Option<Vec<String>>,
    /// `entrypoint:` as argv.
    pub entrypoint: Option<Vec<String>>,
    /// `environment:` merged over `env_file:`, sorted; `None` values were left unset.
    pub environment: Vec<(String, Option<String>)>,
    /// `ports:`.
    pub ports: Vec<Port>,
    /// `expose:` (`80`, `8080/udp`).
    pub expose: Vec<String>,
    /// `volumes:`.
    pub volumes: Vec<Mount>,
    /// `networks:` (keys of the top level), with aliases; empty means `default`.
    pub networks: Vec<(String, Vec<String>)>,
    /// `depends_on:`.
    pub depends_on: Vec<Dependency>,
    /// `restart:`.
    pub restart: Option<String>,
    /// `working_dir:`.
    pub working_dir: Option<String>,
    /// `user:`.
    pub user: Option<String>,
    /// `hostname:`.
    pub hostname: Option<String>,
    /// `labels:`, sorted.
    pub labels: Vec<(String, String)>,
    /// `healthcheck:`.
    pub healthcheck: Option<Healthcheck>,
    /// `tty:`.
    pub tty: bool,
    /// `stdin_open:`.
    pub stdin_open: bool,
    /// `scale:` / `deploy.replicas`.
    pub scale: Option<u32>,
}

/// `build:`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Build {
    /// The context directory (absolute).
    pub context: String,
    /// The Dockerfile, relative to the context.
    pub dockerfile: String,
    /// `args:`.
    pub args: Vec<(String, Option<String>)>,
    /// `target:`.
    pub target: Option<String>,
}

/// One `ports:` entry (long form).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Port {
    /// `host_ip`.
    pub host_ip: String,
    /// `target`.
    pub target: u16,
    /// `published` (a port or range, as written).
    pub published: Option<String>,
    /// `tcp` or `udp`.
    pub protocol: String,
}

/// One `volumes:` entry of a service (long form).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Mount {
    /// `volume`, `bind` or `tmpfs`.
    pub kind: String,
    /// A volume's key in the file, a bind's absolute path; `None` for an anonymous volume.
    pub source: Option<String>,
    /// Where it appears in the container.
    pub target: String,
    /// `:ro`.
    pub read_only: bool,
}

/// One `depends_on:` entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Dependency {
    /// The service depended on.
    pub service: String,
    /// `service_started`, `service_healthy` or `service_completed_successfully`.
    pub condition: String,
    /// `restart:`.
    pub restart: bool,
    /// `required:`.
    pub required: bool,
}

/// `healthcheck:`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Healthcheck {
    /// `test:` as written in list form (`["CMD", ...]`, `["CMD-SHELL", "..."]`, `["NONE"]`).
    pub test: Vec<String>,
    /// `interval:` as written.
    pub interval: Option<String>,
    /// `timeout:` as written.
    pub timeout: Option<String>,
    /// `retries:`.
    pub retries: Option<u64>,
    /// `start_period:` as written.
    pub start_period: Option<String>,
    /// `disable: true`.
    pub disable: bool,
}

/// A top-level network.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Network {
    /// Its key (`default`, `front`).
    pub key: String,
    /// The engine's name (`shop_default`, or `name:`).
    pub name: String,
    /// `external: true`.
    pub external: bool,
    /// `driver:`.
    pub driver: Option<String>,
}

/// A top-level volume.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Volume {
    /// Its key.
    pub key: String,
    /// The engine's name (`shop_data`, or `name:`).
    pub name: String,
    /// `external: true`.
    pub external: bool,
    /// `driver:`.
    pub driver: Option<String>,
}

impl Project {
    /// The service named `name`.
    pub fn service(&self, name: &str) -> Option<&Service> {
        self.services.iter().find(|s| s.name == name)
    }

    /// The network `key` (as services name it).
    pub fn network(&self, key: &str) -> Option<&Network> {
        self.networks.iter().find(|n| n.key == key)
    }

    /// The volume `key`.
    pub fn volume(&self, key: &str) -> Option<&Volume> {
        self.volumes.iter().find(|v| v.key == key)
    }

    /// Service names in start order: each after what it depends on; ties by name.
    pub fn start_order(&self) -> Vec<&Service> {
        let mut done: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for _ in 0..=self.services.len() {
            for s in &self.services {
                if done.contains(&s.name.as_str()) {
                    continue;
                }
                let ready = s
                    .depends_on
                    .iter()
                    .all(|d| done.contains(&d.service.as_str()) || self.service(&d.service).is_none());
                if ready {
                    out.push(s);
                }
            }
            done = out.iter().map(|s| s.name.as_str()).collect();
        }
        out
    }

    /// The levels of the dependency graph: services whose dependencies are all in earlier
    /// levels, each level sorted by name (what compose creates and starts together).
    pub fn levels(&self, selected: &[&str]) -> Vec<Vec<&Service>> {
        let mut placed: Vec<&str> = Vec::new();
        let mut levels = Vec::new();
        let wanted: Vec<&Service> = self.services.iter().filter(|s| selected.contains(&s.name.as_str())).collect();
        for _ in 0..=wanted.len() {
            let level: Vec<&Service> = wanted
                .iter()
                .copied()
                .filter(|s| !placed.contains(&s.name.as_str()))
                .filter(|s| {
                    s.depends_on
                        .iter()
                        .all(|d| placed.contains(&d.service.as_str()) || !selected.contains(&d.service.as_str()))
                })
                .collect();
            if level.is_empty() {
                break;
            }
            placed.extend(level.iter().map(|s| s.name.as_str()));
            levels.push(level);
        }
        levels
    }

    /// `names` with every service they depend on, transitively (compose's
    /// `WithSelectedServices`), in the project's order.
    pub fn with_dependencies<'a>(&'a self, names: &[&'a str]) -> Vec<&'a str> {
        let mut picked: Vec<&str> = names.to_vec();
        for _ in 0..=self.services.len() {
            let more: Vec<&str> = picked
                .iter()
                .filter_map(|n| self.service(n))
                .flat_map(|s| s.depends_on.iter().filter(|d| d.required || self.service(&d.service).is_some()))
                .map(|d| d.service.as_str())
                .filter(|d| !picked.contains(d))
                .collect();
            if more.is_empty() {
                break;
            }
            picked.extend(more);
        }
        self.services.iter().map(|s| s.name.as_str()).filter(|n| picked.contains(n)).collect()
    }
}
