//! The dispatch table: every command the simulator performs, as one enum of typed
//! arguments (mini-redis's `Command`). [`Command::parse`] reads an invocation into its
//! command's args struct — the one place each command's flags are read — and
//! [`Command::run`] performs it. A command the parser knows but the simulator does not
//! perform is [`Command::Unsupported`], answered in the site's own voice.
//!
//! A new docker command goes in three places: its file under the group of docker's command
//! tree (`container/`, `image/`, `network/`, `volume/`, `system/`, `registry/`) with an args
//! struct, `parse` and `run`; a variant here with its row in both tables; and, if docker's
//! `--help` for it is not yet in `cli/help/`, the text and its row in `cli/commands.tsv`.

#[cfg(feature = "full")]
use super::buildx::build;
use super::buildx::prune as builder_prune;
use super::cli::Invocation;
use super::container::{
    attach, commit, cp, create, diff, exec, inspect as container_inspect, kill, logs, ls as ps, pause, port,
    prune as container_prune, rename, restart, rm, run, start, stats, stop, top, unpause, wait,
};
use super::image::{
    history, inspect as image_inspect, load, ls as images, prune as image_prune, pull, push, rm as rmi, save, tag,
};
use super::network::{
    connect, create as network_create, disconnect, inspect as network_inspect, ls as network_ls,
    prune as network_prune, rm as network_rm,
};
use super::plugins::PluginCommand;
use super::registry::{login, logout, search};
#[cfg(feature = "full")]
use super::system::events;
use super::system::{df, info, inspect, prune as system_prune, version};
use super::volume::{
    create as volume_create, inspect as volume_inspect, ls as volume_ls, prune as volume_prune, rm as volume_rm,
};
use super::{ClientHost, Outcome};
use crate::engine::Engine;
use crate::output::Output;

/// One parsed docker command, ready to run.
#[derive(Clone, Debug, PartialEq)]
pub enum Command<'a> {
    /// `docker attach`.
    Attach(attach::Attach<'a>),
    /// `docker commit`.
    Commit(commit::Commit<'a>),
    /// `docker cp`.
    Cp(cp::Cp<'a>),
    /// `docker create`.
    Create(create::Create<'a>),
    /// `docker diff`.
    Diff(diff::Diff<'a>),
    /// `docker exec`.
    Exec(exec::Exec<'a>),
    /// `docker container inspect`.
    ContainerInspect(container_inspect::Inspect<'a>),
    /// `docker kill`.
    Kill(kill::Kill<'a>),
    /// `docker logs`.
    Logs(logs::Logs<'a>),
    /// `docker ps`.
    Ps(ps::Ps<'a>),
    /// `docker pause`.
    Pause(pause::Pause<'a>),
    /// `docker port`.
    Port(port::Port<'a>),
    /// `docker container prune`.
    ContainerPrune(container_prune::Prune),
    /// `docker rename`.
    Rename(rename::Rename<'a>),
    /// `docker restart`.
    Restart(restart::Restart<'a>),
    /// `docker rm`.
    Rm(rm::Rm<'a>),
    /// `docker run`.
    Run(run::Run<'a>),
    /// `docker start`.
    Start(start::Start<'a>),
    /// `docker stats`.
    Stats(stats::Stats),
    /// `docker stop`.
    Stop(stop::Stop<'a>),
    /// `docker top`.
    Top(top::Top<'a>),
    /// `docker unpause`.
    Unpause(unpause::Unpause<'a>),
    /// `docker wait`.
    Wait(wait::Wait<'a>),
    /// `docker history`.
    History(history::History<'a>),
    /// `docker image inspect`.
    ImageInspect(image_inspect::Inspect<'a>),
    /// `docker images`.
    Images(images::Images<'a>),
    /// `docker image prune`.
    ImagePrune(image_prune::Prune),
    /// `docker pull`.
    Pull(pull::Pull<'a>),
    /// `docker rmi`.
    Rmi(rmi::Rmi<'a>),
    /// `docker tag`.
    Tag(tag::Tag<'a>),
    /// `docker push`.
    Push(push::Push<'a>),
    /// `docker save`.
    Save(save::Save<'a>),
    /// `docker load`.
    Load(load::Load<'a>),
    /// `docker build` (`docker buildx build`).
    #[cfg(feature = "full")]
    Build(build::Build<'a>),
    /// A command only the full engine carries (`docker build`, `docker events`), in a build
    /// without it: the page loads the full engine.
    #[cfg(not(feature = "full"))]
    Full,
    /// `docker builder prune` (`docker buildx prune`).
    BuilderPrune(builder_prune::Prune),
    /// `docker network connect`.
    NetworkConnect(connect::Connect<'a>),
    /// `docker network create`.
    NetworkCreate(network_create::Create<'a>),
    /// `docker network disconnect`.
    NetworkDisconnect(disconnect::Disconnect<'a>),
    /// `docker network inspect`.
    NetworkInspect(network_inspect::Inspect<'a>),
    /// `docker network ls`.
    NetworkLs(network_ls::Ls<'a>),
    /// `docker network prune`.
    NetworkPrune(network_prune::Prune),
    /// `docker network rm`.
    NetworkRm(network_rm::Rm<'a>),
    /// `docker volume create`.
    VolumeCreate(volume_create::Create<'a>),
    /// `docker volume inspect`.
    VolumeInspect(volume_inspect::Inspect<'a>),
    /// `docker volume ls`.
    VolumeLs(volume_ls::Ls<'a>),
    /// `docker volume prune`.
    VolumePrune(volume_prune::Prune),
    /// `docker volume rm`.
    VolumeRm(volume_rm::Rm<'a>),
    /// `docker system df`.
    Df(df::Df<'a>),
    /// `docker events`.
    #[cfg(feature = "full")]
    Events(events::Events<'a>),
    /// `docker info`.
    Info(info::Info<'a>),
    /// `docker inspect`.
    Inspect(inspect::Inspect<'a>),
    /// `docker system prune`.
    SystemPrune(system_prune::Prune),
    /// `docker version`.
    Version(version::Version<'a>),
    /// `docker login`.
    Login(login::Login<'a>),
    /// `docker logout`.
    Logout(logout::Logout<'a>),
    /// `docker search`.
    Search(search::Search<'a>),
    /// `docker buildx ...` or `docker compose ...`: a CLI plugin's command.
    Plugin(PluginCommand<'a>),
    /// A command docker has and the simulator does not perform (`docker export`,
    /// `docker context ls` ...): how to name it.
    Unsupported(String),
}

impl<'a> Command<'a> {
    /// The command an invocation names, its flags read into its args struct.
    pub fn parse(inv: &'a Invocation) -> Command<'a> {
        match inv.path {
            "container attach" => Command::Attach(attach::Attach::parse(inv)),
            "container commit" => Command::Commit(commit::Commit::parse(inv)),
            "container cp" => Command::Cp(cp::Cp::parse(inv)),
            "container create" => Command::Create(create::Create::parse(inv)),
            "container diff" => Command::Diff(diff::Diff::parse(inv)),
            "container exec" => Command::Exec(exec::Exec::parse(inv)),
            "container inspect" => Command::ContainerInspect(container_inspect::Inspect::parse(inv)),
            "container kill" => Command::Kill(kill::Kill::parse(inv)),
            "container logs" => Command::Logs(logs::Logs::parse(inv)),
            "container ls" => Command::Ps(ps::Ps::parse(inv)),
            "container pause" => Command::Pause(pause::Pause::parse(inv)),
            "container port" => Command::Port(port::Port::parse(inv)),
            "container prune" => Command::ContainerPrune(container_prune::Prune::parse(inv)),
            "container rename" => Command::Rename(rename::Rename::parse(inv)),
            "container restart" => Command::Restart(restart::Restart::parse(inv)),
            "container rm" => Command::Rm(rm::Rm::parse(inv)),
            "container run" => Command::Run(run::Run::parse(inv)),
            "container start" => Command::Start(start::Start::parse(inv)),
            "container stats" => Command::Stats(stats::Stats::parse(inv)),
            "container stop" => Command::Stop(stop::Stop::parse(inv)),
            "container top" => Command::Top(top::Top::parse(inv)),
            "container unpause" => Command::Unpause(unpause::Unpause::parse(inv)),
            "container wait" => Command::Wait(wait::Wait::parse(inv)),
            "image history" => Command::History(history::History::parse(inv)),
            "image inspect" => Command::ImageInspect(image_inspect::Inspect::parse(inv)),
            "image ls" => Command::Images(images::Images::parse(inv)),
            "image prune" => Command::ImagePrune(image_prune::Prune::parse(inv)),
            "image pull" => Command::Pull(pull::Pull::parse(inv)),
            "image rm" => Command::Rmi(rmi::Rmi::parse(inv)),
            "image tag" => Command::Tag(tag::Tag::parse(inv)),
            "image push" => Command::Push(push::Push::parse(inv)),
            "image save" => Command::Save(save::Save::parse(inv)),
            "image load" => Command::Load(load::Load::parse(inv)),
            #[cfg(feature = "full")]
            "buildx build" => Command::Build(build::Build::parse(inv)),
            #[cfg(not(feature = "full"))]
            "buildx build" | "system events" => Command::Full,
            "buildx prune" => Command::BuilderPrune(builder_prune::Prune::parse(inv)),
            "network connect" => Command::NetworkConnect(connect::Connect::parse(inv)),
            "network create" => Command::NetworkCreate(network_create::Create::parse(inv)),
            "network disconnect" => Command::NetworkDisconnect(disconnect::Disconnect::parse(inv)),
            "network inspect" => Command::NetworkInspect(network_inspect::Inspect::parse(inv)),
            "network ls" => Command::NetworkLs(network_ls::Ls::parse(inv)),
            "network prune" => Command::NetworkPrune(network_prune::Prune::parse(inv)),
            "network rm" => Command::NetworkRm(network_rm::Rm::parse(inv)),
            "volume create" => Command::VolumeCreate(volume_create::Create::parse(inv)),
            "volume inspect" => Command::VolumeInspect(volume_inspect::Inspect::parse(inv)),
            "volume ls" => Command::VolumeLs(volume_ls::Ls::parse(inv)),
            "volume prune" => Command::VolumePrune(volume_prune::Prune::parse(inv)),
            "volume rm" => Command::VolumeRm(volume_rm::Rm::parse(inv)),
            "system df" => Command::Df(df::Df::parse(inv)),
            #[cfg(feature = "full")]
            "system events" => Command::Events(events::Events::parse(inv)),
            "system info" => Command::Info(info::Info::parse(inv)),
            "inspect" => Command::Inspect(inspect::Inspect::parse(inv)),
            "system prune" => Command::SystemPrune(system_prune::Prune::parse(inv)),
            "version" => Command::Version(version::Version::parse(inv)),
            "login" => Command::Login(login::Login::parse(inv)),
            "logout" => Command::Logout(logout::Logout::parse(inv)),
            "search" => Command::Search(search::Search::parse(inv)),
            "buildx" | "compose" => Command::Plugin(PluginCommand::parse(inv)),
            // A group the simulator does not perform (`open` in commands.tsv) took
            // everything after its name.
            "context" | "manifest" | "plugin" | "swarm" | "trust" => {
                Command::Unsupported(format!("{} {}", inv.called_as, inv.args.join(" ")))
            }
            other => Command::Unsupported(format!("docker {other}")),
        }
    }

    /// Whether the client contacts the daemon before anything else. `version` and `info`
    /// print their client part first; the prune commands ask their question first; `search`
    /// reports the daemon itself; `login` and `logout` only touch the client's config.
    pub fn needs_daemon(&self) -> bool {
        !matches!(
            self,
            Command::Login(_)
                | Command::Logout(_)
                | Command::Search(_)
                | Command::Version(_)
                | Command::Info(_)
                | Command::ContainerPrune(_)
                | Command::ImagePrune(_)
                | Command::SystemPrune(_)
                | Command::BuilderPrune(_)
                | Command::Plugin(_)
        )
    }

    /// Performs the command on `host` against the engine, `stdin` being what a pipe fed it.
    /// (Inlined into `client::run`, where the command is parsed, so the parsed command never
    /// has to sit in memory whole: a little less code.)
    #[inline(always)]
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>, stdin: &str) -> Outcome {
        let done = Outcome::Done;
        match self {
            Command::Attach(c) => c.run(engine, host),
            Command::Commit(c) => done(c.run(engine, host)),
            Command::Cp(c) => done(c.run(engine, host)),
            Command::Create(c) => done(c.run(engine, host)),
            Command::Diff(c) => done(c.run(engine, host)),
            Command::Exec(c) => c.run(engine, host),
            Command::ContainerInspect(c) => done(c.run(engine)),
            Command::Kill(c) => done(c.run(engine)),
            Command::Logs(c) => c.run(engine, host.tty),
            Command::Ps(c) => done(c.run(engine)),
            Command::Pause(c) => done(c.run(engine)),
            Command::Port(c) => done(c.run(engine)),
            Command::ContainerPrune(c) => c.run(engine, host.tty, stdin),
            Command::Rename(c) => done(c.run(engine)),
            Command::Restart(c) => done(c.run(engine)),
            Command::Rm(c) => done(c.run(engine)),
            Command::Run(c) => c.run(engine, host),
            Command::Start(c) => done(c.run(engine)),
            Command::Stats(c) => c.run(engine, host.tty),
            Command::Stop(c) => done(c.run(engine)),
            Command::Top(c) => done(c.run(engine)),
            Command::Unpause(c) => done(c.run(engine)),
            Command::Wait(c) => c.run(engine, host.tty),
            Command::History(c) => done(c.run(engine)),
            Command::ImageInspect(c) => done(c.run(engine)),
            Command::Images(c) => done(c.run(engine)),
            Command::ImagePrune(c) => c.run(engine, host.tty, stdin),
            Command::Pull(c) => done(c.run(engine)),
            Command::Rmi(c) => done(c.run(engine)),
            Command::Tag(c) => done(c.run(engine)),
            Command::Push(c) => done(c.run(engine, host)),
            Command::Save(c) => done(c.run(engine, host)),
            Command::Load(c) => done(c.run(engine, host, stdin)),
            #[cfg(feature = "full")]
            Command::Build(c) => done(c.run(engine, host, stdin)),
            #[cfg(not(feature = "full"))]
            Command::Full => {
                engine.ask_for_full();
                done(Output::new())
            }
            Command::BuilderPrune(c) => c.run(engine, host.tty, stdin),
            Command::NetworkConnect(c) => done(c.run(engine)),
            Command::NetworkCreate(c) => done(c.run(engine)),
            Command::NetworkDisconnect(c) => done(c.run(engine)),
            Command::NetworkInspect(c) => done(c.run(engine)),
            Command::NetworkLs(c) => done(c.run(engine)),
            Command::NetworkPrune(c) => c.run(engine, host.tty, stdin),
            Command::NetworkRm(c) => done(c.run(engine)),
            Command::VolumeCreate(c) => done(c.run(engine)),
            Command::VolumeInspect(c) => done(c.run(engine)),
            Command::VolumeLs(c) => done(c.run(engine)),
            Command::VolumePrune(c) => c.run(engine, host.tty, stdin),
            Command::VolumeRm(c) => done(c.run(engine)),
            Command::Df(c) => done(c.run(engine)),
            #[cfg(feature = "full")]
            Command::Events(c) => c.run(engine, host.tty),
            Command::Info(c) => done(c.run(engine)),
            Command::Inspect(c) => done(c.run(engine)),
            Command::SystemPrune(c) => c.run(engine, host.tty, stdin),
            Command::Version(c) => done(c.run(engine)),
            Command::Login(c) => c.run(engine, host, stdin),
            Command::Logout(c) => done(c.run(host)),
            Command::Search(c) => done(c.run(engine)),
            Command::Plugin(c) => c.run(engine, host, stdin),
            Command::Unsupported(what) => {
                let mut out = Output::new();
                out.fail(&unsupported(&what), 1);
                done(out)
            }
        }
    }
}

/// What the site says about a command docker has and the simulator does not perform yet.
/// Docker would never say this, so the site says it in its own (Korean) voice instead of
/// faking a daemon error.
pub(crate) fn unsupported(command: &str) -> String {
    crate::voice::unsupported_command(command)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::cli::{self, spec, Parsed};

    /// Every command's args struct reads its flags from its own spec: building each command
    /// from a line that gives it no flags at all exercises every flag name it reads (a name
    /// the spec lacks fails the flags' debug check), and every path the parser knows is
    /// either performed or explicitly unsupported.
    #[test]
    fn every_command_reads_only_flags_it_has() {
        let mut performed = 0;
        for cmd in spec::spec().commands().iter().filter(|c| !c.is_group() && c.path != "help") {
            let mut argv: Vec<String> = cmd.path.split(' ').map(str::to_string).collect();
            // Enough arguments for any argument rule.
            argv.extend(["a", "b"].map(str::to_string));
            let inv = match cli::parse(&argv) {
                Parsed::Run(inv) => inv,
                Parsed::Done(_) | Parsed::NeedsFull => {
                    argv.truncate(argv.len() - 1);
                    match cli::parse(&argv) {
                        Parsed::Run(inv) => inv,
                        Parsed::Done(_) | Parsed::NeedsFull => {
                            argv.truncate(argv.len() - 1);
                            let Parsed::Run(inv) = cli::parse(&argv) else { panic!("{} does not parse", cmd.path) };
                            inv
                        }
                    }
                }
            };
            if !matches!(Command::parse(&inv), Command::Unsupported(_)) {
                performed += 1;
            }
        }
        assert!(performed >= 50, "{performed}");
    }
}
