//! `docker login`, `docker logout` and `docker search`: the registry commands, one file per
//! command as docker/cli lays them out (`cli/command/registry/`).

pub mod login;
pub mod logout;
pub mod search;
