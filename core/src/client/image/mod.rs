//! `docker image ...` and its top-level forms (`docker pull`, `docker images`, `docker rmi`
//! ...), one file per command as docker/cli lays them out.

pub mod history;
pub mod inspect;
pub mod load;
pub mod ls;
pub mod prune;
pub mod pull;
pub mod push;
pub mod rm;
pub mod save;
pub mod tag;
