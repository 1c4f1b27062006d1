//! `docker volume ...`, one file per command as docker/cli lays them out.

pub mod create;
pub mod inspect;
pub mod ls;
pub mod prune;
pub mod rm;
