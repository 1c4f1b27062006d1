//! The CLI plugins installed on the simulated host, as docker-ce's `docker-buildx-plugin` and
//! `docker-compose-plugin` packages install them: `docker info` lists them, `docker --help`
//! marks them with `*`, and `docker buildx ...`/`docker compose ...` reach them (as do
//! `docker build`, `docker builder` and `docker image build`, which the client hands to
//! buildx). `docker compose` is simulated whole (`client::compose`); of buildx only its
//! `version` so far, the rest answered in the site's own voice.

use super::cli::Invocation;
use crate::output::template::{StructBuilder, Value};
use crate::output::Output;

/// One installed plugin (docker/cli's `pluginmanager.Plugin`).
pub struct Plugin {
    /// The command name (`buildx`).
    pub name: &'static str,
    /// Its metadata's `ShortDescription` (the root command's `Short`).
    pub short: &'static str,
    /// Its version.
    pub version: &'static str,
    /// Its `version` subcommand's output.
    pub version_line: &'static str,
}

/// The plugins in `/usr/libexec/docker/cli-plugins`, in the order docker lists them.
pub const PLUGINS: [Plugin; 2] = [
    Plugin {
        name: "buildx",
        short: "Docker Buildx",
        version: "v0.24.0",
        version_line: "github.com/docker/buildx v0.24.0 d0e5e86",
    },
    Plugin {
        name: "compose",
        short: "Docker Compose",
        version: "v2.36.2",
        version_line: "Docker Compose version v2.36.2",
    },
];

impl Plugin {
    /// Where the package installs it.
    pub fn path(&self) -> String {
        format!("/usr/libexec/docker/cli-plugins/docker-{}", self.name)
    }

    /// As `docker info --format '{{json .ClientInfo.Plugins}}'` shows it.
    pub fn value(&self) -> Value {
        StructBuilder::new("manager.Plugin")
            .o("SchemaVersion", Value::str("0.1.0"))
            .o("Vendor", Value::str("Docker Inc."))
            .o("Version", Value::str(self.version))
            .o("ShortDescription", Value::str(self.short))
            .o("Name", Value::str(self.name))
            .o("Path", Value::str(self.path()))
            .build()
    }
}

/// The plugin a first command word names, if any.
pub fn named(word: &str) -> Option<&'static str> {
    PLUGINS.iter().find(|p| p.name == word).map(|p| p.name)
}

/// `docker buildx ARGS...` or `docker compose ARGS...`.
#[derive(Clone, Debug, PartialEq)]
pub struct PluginCommand<'a> {
    /// The plugin's name.
    pub plugin: &'static str,
    /// The command as typed (`docker compose`, or `docker build` for buildx).
    pub called_as: &'a str,
    /// Everything after it.
    pub args: &'a [String],
}

impl<'a> PluginCommand<'a> {
    /// Reads the invocation (the parser handed everything after the name to the plugin).
    pub fn parse(inv: &'a Invocation) -> PluginCommand<'a> {
        PluginCommand { plugin: inv.path, called_as: &inv.called_as, args: &inv.args }
    }

    /// `docker compose ...` goes to the compose plugin; buildx's `version` prints its
    /// version, and anything else of buildx is not simulated yet.
    pub fn run(
        self,
        engine: &mut crate::engine::Engine,
        host: &mut super::ClientHost<'_>,
        stdin: &str,
    ) -> super::Outcome {
        if self.plugin == "compose" {
            #[cfg(feature = "full")]
            return super::compose::run(engine, host, self.args, stdin);
            #[cfg(not(feature = "full"))]
            {
                let _ = (host, stdin);
                engine.ask_for_full();
                return super::Outcome::Done(Output::new());
            }
        }
        super::Outcome::Done(self.run_buildx())
    }

    fn run_buildx(self) -> Output {
        let mut out = Output::new();
        let Some(plugin) = PLUGINS.iter().find(|p| p.name == self.plugin) else { return out };
        if self.args.iter().map(String::as_str).eq(["version"]) && self.called_as.ends_with(plugin.name) {
            out.out(plugin.version_line);
            return out;
        }
        let mut line = self.called_as.to_string();
        for a in self.args {
            line.push(' ');
            line.push_str(a);
        }
        out.fail(&crate::client::command::unsupported(&line), 1);
        out
    }
}
