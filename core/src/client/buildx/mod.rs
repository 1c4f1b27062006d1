//! The buildx plugin's commands the simulator performs: `docker build` (`buildx build`) and
//! `docker builder prune` (`buildx prune`). Their flags come from buildx's own help texts
//! (`cli/help/buildx_*.txt`); the rest of buildx is answered as unsupported.

#[cfg(feature = "full")]
pub mod build;
pub mod prune;
