//! `docker version`: the client's versions, then the daemon's, in docker's tabwriter
//! layout, or through `--format`.

use super::*;
use crate::client::cli::spec::{CLIENT_COMMIT, CLIENT_VERSION};
use crate::client::cli::Invocation;
use crate::client::DAEMON_DOWN;
use crate::engine::Engine;
use crate::host::KERNEL_RELEASE;
use crate::output::template::{tabwrite, StructBuilder, Value};
use crate::output::Output;

/// The client's `*platformInfo`.
pub(super) fn platform() -> Value {
    StructBuilder::new("*command.platformInfo").pointer().o("Name", Value::str(PLATFORM)).build()
}

fn client_version_value() -> Value {
    StructBuilder::new("command.clientVersion")
        .o("Platform", platform())
        .f("Version", Value::str(CLIENT_VERSION))
        .g("ApiVersion", "APIVersion", Value::str("1.50"))
        .f("DefaultAPIVersion", Value::str("1.50"))
        .f("GitCommit", Value::str(CLIENT_COMMIT))
        .f("GoVersion", Value::str(GO_VERSION))
        .f("Os", Value::str("linux"))
        .f("Arch", Value::str("amd64"))
        .f("BuildTime", Value::str(BUILT))
        .f("Context", Value::str("default"))
        .build()
}

fn server_version_value() -> Value {
    let component = |name: &str, version: &str, details: Vec<(&str, &str)>| {
        StructBuilder::new("types.ComponentVersion")
            .f("Name", Value::str(name))
            .f("Version", Value::str(version))
            .o("Details", Value::string_map(details))
            .build()
    };
    StructBuilder::new("*types.Version")
        .pointer()
        .f("Platform", StructBuilder::new("struct { Name string }").f("Name", Value::str(PLATFORM)).build())
        .o(
            "Components",
            Value::List(vec![
                component(
                    "Engine",
                    CLIENT_VERSION,
                    vec![
                        ("ApiVersion", "1.50"),
                        ("Arch", "amd64"),
                        ("BuildTime", BUILT),
                        ("Experimental", "false"),
                        ("GitCommit", ENGINE_COMMIT),
                        ("GoVersion", GO_VERSION),
                        ("KernelVersion", KERNEL_RELEASE),
                        ("MinAPIVersion", "1.24"),
                        ("Os", "linux"),
                    ],
                ),
                component("containerd", CONTAINERD_VERSION, vec![("GitCommit", CONTAINERD_COMMIT)]),
                component("runc", RUNC_VERSION, vec![("GitCommit", RUNC_COMMIT)]),
                component("docker-init", INIT_VERSION, vec![("GitCommit", INIT_COMMIT)]),
            ]),
        )
        .f("Version", Value::str(CLIENT_VERSION))
        .g("ApiVersion", "APIVersion", Value::str("1.50"))
        .o("MinAPIVersion", Value::str("1.24"))
        .f("GitCommit", Value::str(ENGINE_COMMIT))
        .f("GoVersion", Value::str(GO_VERSION))
        .f("Os", Value::str("linux"))
        .f("Arch", Value::str("amd64"))
        .o("KernelVersion", Value::str(KERNEL_RELEASE))
        .o("BuildTime", Value::str(BUILD_TIME))
        .build()
}

/// `docker version [OPTIONS]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Version<'a> {
    /// `-f, --format`.
    pub format: &'a str,
}

impl<'a> Version<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Version<'a> {
        Version { format: inv.flags.string("format").unwrap_or("") }
    }

    /// Prints the client's versions, then the server's (if the daemon runs).
    pub fn run(self, engine: &mut Engine) -> Output {
        version(engine, self.format)
    }
}

fn version(engine: &Engine, format: &str) -> Output {
    let mut out = Output::new();
    let up = engine.daemon_running();
    if let Some(t) = format_template(format) {
        let t = match t {
            Ok(t) => t,
            Err(e) => {
                out.fail(&e, 64);
                return out;
            }
        };
        let data = StructBuilder::new("system.versionInfo")
            .f("Client", client_version_value())
            .f("Server", if up { server_version_value() } else { Value::Nil })
            .build();
        let (text, err) = t.execute_partial(&data, crate::output::template::Funcs::Basic);
        out.out_text(&format!("{}\n", tabwrite(&text, 20, 1)));
        if let Some(e) = err {
            out.fail(&e, 1);
        } else if !up {
            out.fail(DAEMON_DOWN, 1);
        }
        return out;
    }
    let kv = |k: &str, v: &str| format!("{k:<20}{v}");
    out.out(format!("Client: {PLATFORM}"));
    out.out(kv(" Version:", CLIENT_VERSION));
    out.out(kv(" API version:", "1.50"));
    out.out(kv(" Go version:", GO_VERSION));
    out.out(kv(" Git commit:", CLIENT_COMMIT));
    out.out(kv(" Built:", BUILT));
    out.out(kv(" OS/Arch:", "linux/amd64"));
    out.out(kv(" Context:", "default"));
    if !up {
        out.fail(DAEMON_DOWN, 1);
        return out;
    }
    out.out("");
    out.out(format!("Server: {PLATFORM}"));
    out.out(" Engine:");
    out.out(kv("  Version:", CLIENT_VERSION));
    out.out(kv("  API version:", "1.50 (minimum version 1.24)"));
    out.out(kv("  Go version:", GO_VERSION));
    out.out(kv("  Git commit:", ENGINE_COMMIT));
    out.out(kv("  Built:", BUILT));
    out.out(kv("  OS/Arch:", "linux/amd64"));
    out.out(kv("  Experimental:", "false"));
    for (name, version, commit) in [
        ("containerd", CONTAINERD_VERSION, CONTAINERD_COMMIT),
        ("runc", RUNC_VERSION, RUNC_COMMIT),
        ("docker-init", INIT_VERSION, INIT_COMMIT),
    ] {
        out.out(format!(" {name}:"));
        out.out(kv("  Version:", version));
        out.out(kv("  GitCommit:", commit));
    }
    out
}
