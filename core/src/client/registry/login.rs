//! `docker login`: credentials for Docker Hub (the simulation's practice hub) or another
//! registry, checked by the daemon and stored in `~/.docker/config.json`.
//!
//! docker 28 first tries Docker Hub's web-based (device code) login on a terminal; the
//! simulated host has no browser to finish it, so it falls back to the command-line prompts,
//! as docker does when the login service cannot be reached: the hints, `Username: `, the PAT
//! note and `Password: `. The prompts are questions the session answers with the next lines
//! (see [`answer`]). Piped (`--password-stdin`) and `-u`/`-p` logins need no prompt.

use crate::client::cli::Invocation;
use crate::client::registry::config;
use crate::client::{from_daemon, ClientHost, Outcome, Pending};
use crate::engine::hub::HUB_SERVER;
use crate::engine::Engine;
use crate::output::Output;
use serde::{Deserialize, Serialize};

/// `docker login [OPTIONS] [SERVER]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Login<'a> {
    /// SERVER, if given.
    pub server: Option<&'a str>,
    /// `-u, --username`, if typed.
    pub username: Option<&'a str>,
    /// `-p, --password`, if typed.
    pub password: Option<&'a str>,
    /// `--password-stdin`, if typed (and its value).
    pub password_stdin: Option<bool>,
}

/// A login waiting for the learner to type a user name or a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginPrompt {
    /// The credentials' key (`https://index.docker.io/v1/`, `localhost:5000`).
    key: String,
    /// The name typed so far (`None`: the next line is the user name).
    user: Option<String>,
}

impl LoginPrompt {
    /// Whether the next line is a password (a page should not show what is typed).
    pub fn wants_password(&self) -> bool {
        self.user.is_some()
    }
}

impl<'a> Login<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Login<'a> {
        let f = &inv.flags;
        let typed = |name: &str| f.is_set(name).then(|| f.string(name).unwrap_or(""));
        Login {
            server: inv.args.first().map(String::as_str),
            username: typed("username"),
            password: typed("password"),
            password_stdin: f.is_set("password-stdin").then(|| f.bool("password-stdin")),
        }
    }

    /// Logs in, or asks for what is missing.
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>, stdin: &str) -> Outcome {
        login(engine, self, host, stdin)
    }
}

/// Whether a server names Docker Hub.
fn is_hub(server: &str) -> bool {
    matches!(server, "" | "docker.io" | "index.docker.io" | "registry-1.docker.io" | HUB_SERVER)
}

/// The PAT note docker prints before the hub's password prompt.
fn pat_note(out: &mut Output) {
    out.err("");
    out.err("i Info → A Personal Access Token (PAT) can be used instead.");
    out.err("         To create a PAT, visit https://app.docker.com/settings");
    out.err("         ");
    out.err("         ");
}

fn login(engine: &mut Engine, args: Login, host: &mut ClientHost<'_>, stdin: &str) -> Outcome {
    let mut out = Output::new();
    if args.password_stdin.is_some() {
        if args.password.is_some() {
            out.fail("conflicting options: cannot specify both --password and --password-stdin", 1);
            return Outcome::Done(out);
        }
        if args.username.is_none() {
            out.fail("the --password-stdin option requires --username to be set", 1);
            return Outcome::Done(out);
        }
    }
    let user = args.username.unwrap_or("").to_string();
    let mut password = args.password.unwrap_or("").to_string();
    if args.username.is_some() && user.is_empty() {
        out.fail("username is empty", 1);
        return Outcome::Done(out);
    }
    if args.password.is_some() && password.is_empty() {
        out.fail("password is empty", 1);
        return Outcome::Done(out);
    }
    if !password.is_empty() {
        out.err("WARNING! Using --password via the CLI is insecure. Use --password-stdin.");
    }
    if args.password_stdin == Some(true) {
        let p = stdin.strip_suffix('\n').unwrap_or(stdin);
        password = p.strip_suffix('\r').unwrap_or(p).to_string();
    }
    let server = args.server.unwrap_or("");
    let hub = is_hub(server);
    let key = if hub {
        HUB_SERVER.to_string()
    } else {
        server.trim_start_matches("https://").trim_start_matches("http://").trim_end_matches('/').to_string()
    };
    // Stored credentials, and nothing typed: they are used again.
    if user.is_empty() && password.is_empty() {
        if let Some(stored) = config::credentials(host).filter(|_| hub) {
            if engine.registry_login(server, &stored.username, &stored.password).is_ok() {
                out.err(format!("Authenticating with existing credentials... [Username: {}]", stored.username));
                out.err("");
                out.err("i Info → To login with a different account, run 'docker logout' followed by 'docker login'");
                out.err("");
                out.err("");
                out.out("Login Succeeded");
                return Outcome::Done(out);
            }
            out.err("Stored credentials invalid or expired");
        }
    }
    if !user.is_empty() && !password.is_empty() {
        out.extend(finish(engine, host, server, &key, &user, &password));
        return Outcome::Done(out);
    }
    // Prompts need the learner's terminal.
    if !stdin.is_empty() || !host.tty {
        out.fail("Error: Cannot perform an interactive login from a non TTY device", 1);
        return Outcome::Done(out);
    }
    if user.is_empty() {
        if hub {
            out.err("Failed to start web-based login - falling back to command line login...");
            out.err("");
            out.out("Log in with your Docker ID or email address to push and pull images from Docker Hub. If you don't have a Docker ID, head over to https://hub.docker.com/ to create one.");
            out.out("You can log in with your password or a Personal Access Token (PAT). Using a limited-scope PAT grants better security and is required for organizations using SSO. Learn more at https://docs.docker.com/go/access-tokens/");
            out.out("");
        }
        match config::stored_user(host, &key) {
            Some(u) => out.out(format!("Username ({u}): ")),
            None => out.out("Username: "),
        }
        return Outcome::Confirm(out, Pending::Login(LoginPrompt { key, user: None }));
    }
    if hub {
        pat_note(&mut out);
    }
    out.out("Password: ");
    Outcome::Confirm(out, Pending::Login(LoginPrompt { key, user: Some(user) }))
}

/// The learner typed `line` at a login prompt.
pub fn answer(engine: &mut Engine, host: &mut ClientHost<'_>, prompt: LoginPrompt, line: &str) -> Outcome {
    let mut out = Output::new();
    let hub = prompt.key == HUB_SERVER;
    match prompt.user {
        None => {
            let typed = line.trim();
            let user = if typed.is_empty() {
                config::stored_user(host, &prompt.key).unwrap_or_default()
            } else {
                typed.to_string()
            };
            if user.is_empty() {
                out.fail("Error: Non-null Username Required", 1);
                return Outcome::Done(out);
            }
            if hub {
                pat_note(&mut out);
            }
            out.out("Password: ");
            Outcome::Confirm(out, Pending::Login(LoginPrompt { key: prompt.key, user: Some(user) }))
        }
        Some(user) => {
            let password = line.strip_suffix('\r').unwrap_or(line);
            if password.is_empty() {
                out.fail("Error: Password Required", 1);
                return Outcome::Done(out);
            }
            let server = if hub { "" } else { prompt.key.as_str() };
            Outcome::Done(finish(engine, host, server, &prompt.key, &user, password))
        }
    }
}

/// Asks the daemon, stores the credentials and says so.
fn finish(
    engine: &mut Engine,
    host: &mut ClientHost<'_>,
    server: &str,
    key: &str,
    user: &str,
    password: &str,
) -> Output {
    let mut out = Output::new();
    if let Err(e) = engine.registry_login(server, user, password) {
        out.fail(&from_daemon(&e), 1);
        return out;
    }
    if config::store(host, key, user, password) {
        out.err("");
        out.err(format!("WARNING! Your credentials are stored unencrypted in '{}'.", config::path(host)));
        out.err("Configure a credential helper to remove this warning. See");
        out.err("https://docs.docker.com/go/credential-store/");
        out.err("");
    }
    out.out("Login Succeeded");
    out
}
