//! `docker login`, `docker logout` and `docker search`: the registry commands, one file per
//! command as docker/cli lays them out (`cli/command/registry/`), and the client's config
//! file where credentials live (`config.rs`).

pub mod config;
pub mod login;
pub mod logout;
pub mod search;
