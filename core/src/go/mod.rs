//! Go, as far as docker's output depends on it: one module per Go package (or Go library
//! docker links) whose behaviour shows on the terminal, each a pure port with Go's exact
//! texts and no docker knowledge. Everything in core that quotes, parses a number or a
//! duration, prints a time or a size, sorts names naturally or writes JSON the way docker
//! does calls these, so each behaviour exists once.
//!
//! A new Go behaviour goes in the module of the package it comes from (a new file named
//! after the package when none fits); docker's own rules built on top of it (`opts`,
//! `filters`, formatters) stay in the client.

pub mod csv;
pub mod json;
pub mod path;
pub mod sortorder;
pub mod strconv;
pub mod time;
pub mod units;
