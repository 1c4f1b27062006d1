//! `docker image inspect`: the document the API returns for an image (the containerd
//! store's `image.InspectResponse`, API 1.50), field order and `null`s as dockerd sends them.

use crate::client::cli::Invocation;
use crate::client::facts::{api_time, labels_of, stable};
use crate::client::from_daemon;
use crate::client::inspect;
use crate::engine::registry::sha256_hex;
use crate::engine::{Engine, LocalImage};
use crate::env::SimTime;
use crate::event::{Action, ObjectKind};
use crate::go::time::rfc3339;
use crate::output::template::{StructBuilder, Value};
use crate::output::Output;

/// `docker image inspect [OPTIONS] IMAGE [IMAGE...]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Inspect<'a> {
    /// The images, as typed.
    pub images: &'a [String],
    /// `-f, --format`.
    pub format: &'a str,
}

impl<'a> Inspect<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Inspect<'a> {
        Inspect { images: &inv.args, format: inv.flags.string("format").unwrap_or("") }
    }

    /// Prints each image's document.
    pub fn run(self, engine: &mut Engine) -> Output {
        let engine = &*engine;
        inspect::print(self.images, self.format, true, &mut |r, _| match engine.image_resolve(r) {
            Ok(img) => Ok(document(engine, img)),
            Err(e) => Err(from_daemon(&e)),
        })
    }
}

/// When an image got its current tag: the last pull or tag event about it (the
/// containerd store's `LastTagTime`).
fn last_tag_time(engine: &Engine, img: &LocalImage) -> SimTime {
    engine
        .events_since(0)
        .iter()
        .rev()
        .find(|e| {
            e.object == ObjectKind::Image && e.id == img.id && (e.action == Action::Pull || e.action == Action::Tag)
        })
        .map(|e| e.time)
        .unwrap_or_else(|| engine.now())
}

/// `docker image inspect` for one image (containerd store, API 1.50).
pub fn document(engine: &Engine, img: &LocalImage) -> Value {
    let tags = engine.tags_of(&img.id);
    let mut repos: Vec<String> = tags.iter().map(|t| t.familiar_repo()).collect();
    repos.dedup();
    let c = &img.config;
    let omit_list = |v: &[String]| if v.is_empty() { Value::NilList } else { Value::strings(v.iter().cloned()) };
    let exposed: Vec<(String, Value)> =
        c.exposed.iter().map(|p| (p.clone(), StructBuilder::new("struct {}").build())).collect();
    let volumes: Vec<(String, Value)> =
        c.volumes.iter().map(|p| (p.clone(), StructBuilder::new("struct {}").build())).collect();
    let built = engine.build_info(&img.id);
    let committed = engine.commit_record(&img.id);
    let extra = built.map(|b| b.extra.clone()).unwrap_or_default();
    let health = extra.healthcheck.as_ref().map(|h| {
        let ns = |v: i64| if v == 0 { Value::Missing } else { Value::Int(v) };
        StructBuilder::new("*v1.HealthcheckConfig")
            .pointer()
            .o("Test", Value::strings(h.test.iter().cloned()))
            .o("Interval", ns(h.interval))
            .o("Timeout", ns(h.timeout))
            .o("StartPeriod", ns(h.start_period))
            .o("StartInterval", ns(h.start_interval))
            .o("Retries", ns(h.retries))
            .build()
    });
    let config = StructBuilder::new("*v1.DockerOCIImageConfig")
        .pointer()
        .o("User", Value::str(c.user.clone()))
        .o("ExposedPorts", if exposed.is_empty() { Value::NilMap } else { Value::map(exposed, Value::Missing) })
        .o("Env", omit_list(&c.env))
        .o("Entrypoint", omit_list(&c.entrypoint))
        .o("Cmd", omit_list(&c.cmd))
        .o("Volumes", if volumes.is_empty() { Value::NilMap } else { Value::map(volumes, Value::Missing) })
        .o("WorkingDir", Value::str(c.workdir.clone()))
        .o("Labels", if c.labels.is_empty() { Value::NilMap } else { Value::string_map(labels_of(&c.labels)) })
        .o("StopSignal", Value::str(c.stop_signal.clone()))
        .o("ArgsEscaped", if extra.args_escaped { Value::Bool(true) } else { Value::Missing })
        .o("Healthcheck", health.unwrap_or(Value::Missing))
        .o("OnBuild", omit_list(&extra.on_build))
        .o("Shell", omit_list(&extra.shell))
        .build();
    let diff_ids: Vec<String> =
        img.layers.iter().map(|l| format!("sha256:{}", sha256_hex(format!("diff\0{}", l.name).as_bytes()))).collect();
    // Images built before BuildKit was the default carry no builder comment.
    let built_2023 = crate::go::time::from_civil(2023, 1, 1, 0, 0, 0);
    let comment = match (committed, built) {
        (Some(rec), _) => rec.comment.clone(),
        (None, Some(_)) => "buildkit.dockerfile.v0".to_string(),
        (None, None) if img.created >= built_2023 => "buildkit.dockerfile.v0".to_string(),
        _ => String::new(),
    };
    let author = committed.map(|r| r.author.clone()).unwrap_or(extra.author);
    let docker_version = if committed.is_some() { crate::client::cli::spec::CLIENT_VERSION } else { "" };
    let index_size = if built.is_some() { 856 } else { 6000 + stable(&img.id, 5000) as i64 };
    StructBuilder::new("image.InspectResponse")
        .g("Id", "ID", Value::str(img.id.clone()))
        .f("RepoTags", Value::strings(tags.iter().map(|t| t.familiar())))
        .f("RepoDigests", Value::strings(repos.iter().map(|r| format!("{r}@{}", img.id))))
        .f("Parent", Value::str(""))
        .f("Comment", Value::str(comment))
        // Official images are built reproducibly: their config's time is whole seconds.
        .o("Created", Value::str(rfc3339(img.created)))
        .f("DockerVersion", Value::str(docker_version))
        .f("Author", Value::str(author))
        .f("Config", config)
        .f("Architecture", Value::str("amd64"))
        .f("Os", Value::str("linux"))
        .f("Size", Value::Int(img.size as i64))
        .f(
            "GraphDriver",
            StructBuilder::new("storage.DriverData")
                .f("Data", Value::NilMap)
                .f("Name", Value::str("overlayfs"))
                .build(),
        )
        .g(
            "RootFS",
            "RootFS",
            StructBuilder::new("image.RootFS")
                .f("Type", Value::str("layers"))
                .o("Layers", Value::strings(diff_ids))
                .build(),
        )
        .f(
            "Metadata",
            StructBuilder::new("image.Metadata")
                .f("LastTagTime", Value::str(api_time(last_tag_time(engine, img), &format!("tag\0{}", img.id))))
                .build(),
        )
        .o(
            "Descriptor",
            StructBuilder::new("*v1.Descriptor")
                .pointer()
                .g("mediaType", "MediaType", Value::str("application/vnd.oci.image.index.v1+json"))
                .g("digest", "Digest", Value::str(img.id.clone()))
                .g("size", "Size", Value::Int(index_size))
                .build(),
        )
        .build()
}
