//! `docker image ...` and its top-level forms (`docker pull`, `docker images`, `docker rmi`
//! ...), one file per command as docker/cli lays them out.

pub mod history;
pub mod inspect;
pub mod ls;
pub mod prune;
pub mod pull;
pub mod rm;
pub mod tag;
