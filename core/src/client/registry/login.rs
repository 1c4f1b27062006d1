//! `docker login`: credentials for a registry. There is no registry to ask, so every
//! well-formed login succeeds; the client's own checks and warnings are docker's.

use crate::client::cli::Invocation;
use crate::output::Output;

/// `docker login [OPTIONS] [SERVER]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Login<'a> {
    /// `-u, --username`, if typed.
    pub username: Option<&'a str>,
    /// `-p, --password`, if typed.
    pub password: Option<&'a str>,
    /// `--password-stdin`, if typed (and its value).
    pub password_stdin: Option<bool>,
}

impl<'a> Login<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Login<'a> {
        let f = &inv.flags;
        let typed = |name: &str| f.is_set(name).then(|| f.string(name).unwrap_or(""));
        Login {
            username: typed("username"),
            password: typed("password"),
            password_stdin: f.is_set("password-stdin").then(|| f.bool("password-stdin")),
        }
    }

    /// Logs in: every well-formed login succeeds (there is no real registry to ask).
    pub fn run(self, stdin: &str) -> Output {
        login(self, stdin)
    }
}

fn login(args: Login, stdin: &str) -> Output {
    let mut out = Output::new();
    if args.password_stdin.is_some() {
        if args.password.is_some() {
            out.fail("conflicting options: cannot specify both --password and --password-stdin", 1);
            return out;
        }
        if args.username.is_none() {
            out.fail("the --password-stdin option requires --username to be set", 1);
            return out;
        }
    }
    let user = args.username.unwrap_or("").to_string();
    let mut password = args.password.unwrap_or("").to_string();
    if args.username.is_some() && user.is_empty() {
        out.fail("username is empty", 1);
        return out;
    }
    if args.password.is_some() && password.is_empty() {
        out.fail("password is empty", 1);
        return out;
    }
    if !password.is_empty() {
        out.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if args.password_stdin == Some(true) {
        let p = stdin.strip_suffix('\n').unwrap_or(stdin);
        password = p.strip_suffix('\r').unwrap_or(p).to_string();
    }
    if user.is_empty() || password.is_empty() {
        // The learner's terminal is not a TTY the client can prompt on.
        out.fail("Error: Cannot perform an interactive login from a non TTY device", 1);
        return out;
    }
    out.out("Login Succeeded");
    out
}
