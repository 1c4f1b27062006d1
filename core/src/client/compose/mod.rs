//! `docker compose`: the Docker Compose v2 plugin.

pub mod yaml;
