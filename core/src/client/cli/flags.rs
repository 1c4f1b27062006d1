//! The flags one command was given, read by long name against that command's spec.
//!
//! Every accessor first finds the flag in the command's own spec (the one its `--help` text
//! defines). Asking for a name the spec does not have, or reading a flag as a kind it is not
//! (`bool` of a `string` flag), is a mistake in our code rather than in the learner's line:
//! debug builds and every test stop there, and a release build answers as if the flag had not
//! been given. A command reads all its flags at once, in its args struct's `parse`, so a test
//! that builds every command covers every name (see `client::command`).

use super::spec::{FlagSpec, ValueKind};
use super::value::parse_cpus;
use crate::go::strconv::parse_int;
use crate::go::time::parse_duration;
use crate::go::units::ram_in_bytes;

/// The flags given to one command, with the help text's defaults behind them.
///
/// Accessors take the long name. A hidden alias stores into its target (`--net` into
/// `network`, `--time` into `timeout`), as the Go code binds both to one variable;
/// [`Flags::is_set`] still tells which name was typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Flags {
    specs: &'static [FlagSpec],
    values: Vec<(&'static str, Vec<String>)>,
    typed: Vec<&'static str>,
}

/// What an accessor reads a flag as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum As {
    Bool,
    /// One value, last one wins.
    One,
    /// A number (`int`, `uint`, `bytes`, `duration`, `decimal`).
    Number,
    /// Every value of a repeatable flag.
    Many,
    /// Only whether it was typed.
    Typed,
}

impl Flags {
    pub(super) fn new(specs: &'static [FlagSpec]) -> Flags {
        Flags { specs, values: Vec::new(), typed: Vec::new() }
    }

    pub(super) fn specs(&self) -> &'static [FlagSpec] {
        self.specs
    }

    pub(super) fn typed(&self) -> &[&'static str] {
        &self.typed
    }

    /// Every stored value by the name it is stored under, in the order first given (tests).
    #[cfg(test)]
    pub(super) fn values(&self) -> &[(&'static str, Vec<String>)] {
        &self.values
    }

    pub(super) fn record(&mut self, f: &FlagSpec, values: Vec<String>) {
        if !self.typed.contains(&f.long) {
            self.typed.push(f.long);
        }
        match self.values.iter_mut().find(|(k, _)| *k == f.store) {
            Some((_, v)) => v.extend(values),
            None => self.values.push((f.store, values)),
        }
    }

    /// The spec of flag `long`, checked against how the caller reads it.
    fn spec(&self, long: &str, how: As) -> Option<&'static FlagSpec> {
        let found = self.specs.iter().find(|f| f.long == long);
        let fits = |f: &FlagSpec| match how {
            As::Bool => f.kind == ValueKind::Bool,
            As::One => f.kind != ValueKind::Bool && !f.kind.repeatable(),
            As::Number => matches!(
                f.kind,
                ValueKind::Int | ValueKind::Uint(_) | ValueKind::Bytes | ValueKind::Duration | ValueKind::Decimal
            ),
            As::Many => f.kind.repeatable(),
            As::Typed => true,
        };
        debug_assert!(
            found.is_some_and(fits),
            "flag --{long} read as {how:?}: {}",
            match found {
                Some(f) => format!("it is {:?}", f.kind),
                None => "this command has no such flag".to_string(),
            }
        );
        found.filter(|f| fits(f))
    }

    fn stored(&self, f: &FlagSpec) -> &[String] {
        self.values.iter().find(|(k, _)| *k == f.store).map(|(_, v)| v.as_slice()).unwrap_or(&[])
    }

    /// The last value given, otherwise the help's default.
    fn value(&self, f: &'static FlagSpec) -> Option<&str> {
        self.stored(f).last().map(String::as_str).or(f.default.as_deref())
    }

    /// Whether the command has flag `long` at all (a command reached another way, such as
    /// `docker compose -v` for `version`, may carry no flags).
    pub fn has(&self, long: &str) -> bool {
        self.specs.iter().any(|f| f.long == long)
    }

    /// A boolean flag: `--detach`, `-d`, `--detach=false`; otherwise its help default
    /// (`--sig-proxy` defaults to true), otherwise false.
    pub fn bool(&self, long: &str) -> bool {
        self.spec(long, As::Bool).and_then(|f| self.value(f)) == Some("true")
    }

    /// The last value given, otherwise the help's default (`volume create -d` → `local`).
    pub fn string(&self, long: &str) -> Option<&str> {
        self.spec(long, As::One).and_then(|f| self.value(f))
    }

    /// [`Flags::string`] as an owned value, empty when unset (most commands treat both alike).
    pub fn text(&self, long: &str) -> String {
        self.string(long).unwrap_or("").to_string()
    }

    /// Every value of a repeatable flag, in order (`-p`, `-e`, `-v`, `--filter` ...).
    /// `strings` flags come split (`--platform a,b` → two values); filters come as
    /// `name=value` with the name lower-cased and both sides trimmed, as docker stores them.
    pub fn list(&self, long: &str) -> &[String] {
        self.spec(long, As::Many).map(|f| self.stored(f)).unwrap_or(&[])
    }

    /// A number flag (already validated at parse time), otherwise its help default
    /// (`ps -n` → -1), otherwise `None`: `bytes` as bytes (`-m 1g`), `duration` as
    /// nanoseconds, `decimal` as nano-units (`--cpus 1.5`).
    pub fn int(&self, long: &str) -> Option<i64> {
        let f = self.spec(long, As::Number)?;
        let v = self.value(f)?;
        match f.kind {
            ValueKind::Bytes => ram_in_bytes(v).ok(),
            ValueKind::Duration => parse_duration(v).ok(),
            ValueKind::Decimal => parse_cpus(v).ok(),
            _ => parse_int(v).ok(),
        }
    }

    /// Whether the flag was typed, under this long name (`is_set("time")` for `--time`).
    pub fn is_set(&self, long: &str) -> bool {
        self.spec(long, As::Typed).is_some_and(|f| self.typed.contains(&f.long))
    }

    /// The last value typed, ignoring the help's default (the parser's own checks).
    pub(super) fn given(&self, long: &str) -> Option<&str> {
        self.spec(long, As::One).and_then(|f| self.stored(f).last()).map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use crate::client::cli::{parse, Parsed};

    fn run_flags(line: &str) -> super::Flags {
        let argv: Vec<String> = line.split(' ').map(str::to_string).collect();
        match parse(&argv) {
            Parsed::Run(inv) => inv.flags,
            Parsed::Done(out) => panic!("{line}: {out:?}"),
            Parsed::NeedsFull => panic!("{line}: needs the full engine"),
        }
    }

    #[test]
    fn names_and_kinds_the_spec_has_read_fine() {
        let f = run_flags("run -d --name web -p 80:80 --cpus 1.5 nginx");
        assert!(f.bool("detach") && !f.bool("rm"));
        assert_eq!((f.string("name"), f.list("publish").len(), f.int("cpus")), (Some("web"), 1, Some(1_500_000_000)));
        assert!(f.is_set("name") && !f.is_set("net"));
    }

    /// What a read that must fail panics with (debug builds and tests check every name).
    fn failure(read: impl FnOnce(&super::Flags) + std::panic::UnwindSafe) -> String {
        let flags = run_flags("run nginx");
        let err = std::panic::catch_unwind(move || read(&flags)).err().unwrap_or_else(|| Box::new("no failure"));
        err.downcast_ref::<String>().cloned().unwrap_or_else(|| "no message".to_string())
    }

    #[test]
    fn a_name_the_spec_lacks_or_a_wrong_kind_fails() {
        assert_eq!(
            failure(|f| {
                let _ = f.bool("detatch");
            }),
            "flag --detatch read as Bool: this command has no such flag"
        );
        assert_eq!(
            failure(|f| {
                let _ = f.bool("name");
            }),
            "flag --name read as Bool: it is Str"
        );
        assert_eq!(
            failure(|f| {
                let _ = f.list("name");
            }),
            "flag --name read as Many: it is Str"
        );
    }
}
