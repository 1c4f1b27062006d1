//! A program that holds the terminal after it starts: `docker exec -it db redis-cli` (or
//! `redis-cli` typed in a container's shell) shows its own prompt and reads the lines the
//! learner types until `quit`, then gives the terminal back to the shell (or ends the
//! `docker exec` it was started by). Plain data, so a session holding one clones and saves.

use super::host::ContainerHost;
#[cfg(feature = "full")]
use super::mongo;
use super::redis;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// The program reading the terminal, with what it remembers between lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Repl {
    /// `redis-cli` connected (or not) to a server.
    Redis(redis::Session),
    /// `mongosh` at a database.
    #[cfg(feature = "full")]
    Mongo(mongo::Session),
}

impl Repl {
    /// Its prompt.
    pub fn prompt(&self) -> String {
        match self {
            Repl::Redis(s) => s.prompt(),
            #[cfg(feature = "full")]
            Repl::Mongo(s) => s.prompt(),
        }
    }

    /// One typed line; `true` when the program ends.
    pub(super) fn line(&mut self, h: &mut ContainerHost<'_>, line: &str) -> (Output, bool) {
        match self {
            Repl::Redis(s) => s.line(h, line),
            #[cfg(feature = "full")]
            Repl::Mongo(s) => s.line(h, line),
        }
    }
}
