//! `docker history` (`docker image history`): the steps an image was built from.
//!
//! An image `docker build` made shows its Dockerfile's steps (BuildKit's rows, with the
//! base image's own rows and dates below them); an image `docker commit` made shows the
//! container's command on top of its parent's rows (the parent's newest row keeping its ID,
//! as the containerd store shows a local parent). For the registry's images, whose
//! Dockerfiles the simulator does not keep, a plausible history is derived from what the
//! image is made of: the base system's layer, the usual ENV/WORKDIR/RUN/COPY steps for the
//! other layers, and the metadata steps (VOLUME, ENTRYPOINT, EXPOSE, STOPSIGNAL, CMD) its
//! config shows. Sizes are the layers' unpacked sizes; a given image always shows the same
//! steps.

use crate::client::cli::Invocation;
use crate::client::daemon_error;
use crate::client::facts::unpacked_size;
use crate::engine::{Engine, LocalImage};
use crate::go::time::rfc3339;
use crate::go::units;
use crate::output::template::{print_list, StructBuilder, Value};
use crate::output::{table, Output};

/// One step of an image's build history, newest last.
struct Step {
    created_by: String,
    size: u64,
    comment: String,
    created: u64,
    /// The image this step made, when the engine knows it as a parent (IMAGE column).
    id: Option<String>,
}

/// How deep a chain of built or committed images is followed.
const MAX_DEPTH: usize = 64;

/// The steps of an image, following builds and commits down to a registry image.
fn lineage_steps(engine: &Engine, img: &LocalImage, depth: usize) -> Vec<Step> {
    if depth < MAX_DEPTH {
        if let Some(b) = engine.build_info(&img.id) {
            let mut steps = match &b.base {
                Some(base) => lineage_steps(engine, base, depth + 1),
                None => Vec::new(),
            };
            steps.extend(b.history.iter().map(|h| Step {
                created_by: h.created_by.clone(),
                size: h.size,
                comment: crate::engine::build::HISTORY_COMMENT.to_string(),
                created: h.created,
                id: None,
            }));
            return steps;
        }
        if let Some(c) = engine.commit_record(&img.id) {
            let mut steps = match engine.image_record(&c.parent) {
                Some(parent) => {
                    let mut s = lineage_steps(engine, parent, depth + 1);
                    if let Some(last) = s.last_mut() {
                        last.id = Some(parent.id.clone());
                    }
                    s
                }
                None => Vec::new(),
            };
            steps.push(Step {
                created_by: c.created_by.clone(),
                size: crate::engine::build::snapshot_size(&c.layer),
                comment: c.comment.clone(),
                created: c.created,
                id: None,
            });
            return steps;
        }
    }
    history_steps(img)
}

fn go_args(v: &[String]) -> String {
    let parts: Vec<String> = v.iter().map(|s| crate::go::strconv::quote(s)).collect();
    format!("[{}]", parts.join(" "))
}

/// A plausible build history from what the image is made of: the base system's layer,
/// the Dockerfile's ENV/WORKDIR/RUN/COPY steps for the other layers, and the metadata
/// steps (VOLUME, ENTRYPOINT, EXPOSE, STOPSIGNAL, CMD) its config shows.
fn history_steps(img: &LocalImage) -> Vec<Step> {
    const BK: &str = "buildkit.dockerfile.v0";
    let created = img.created;
    let base_time = created.saturating_sub(14 * 86_400_000);
    let compressed: u64 = img.layers.iter().map(|l| l.size).sum::<u64>().max(1);
    let unpacked = unpacked_size(img).max(compressed);
    let scaled = |s: u64| (s as u128 * unpacked as u128 / compressed as u128) as u64;
    let os = img.process.os.clone();
    let cfg = &img.config;
    let mut steps = Vec::new();
    let mut layers = img.layers.iter();
    if let Some(base) = layers.next() {
        let (text, comment) = if os.starts_with("alpine") {
            let v = os.trim_start_matches("alpine");
            (format!("ADD alpine-minirootfs-{v}.0-x86_64.tar.gz / # buildkit"), BK)
        } else if os.starts_with("ubuntu") {
            (
                format!(
                    "/bin/sh -c #(nop) ADD file:{} in / ",
                    &crate::engine::registry::sha256_hex(base.name.as_bytes())[..64]
                ),
                "",
            )
        } else if os == "busybox" {
            ("ADD busybox.tar.xz / # buildkit".to_string(), BK)
        } else if os.is_empty() || os == "scratch" {
            ("COPY hello / # buildkit".to_string(), BK)
        } else if os.starts_with("oraclelinux") || os.starts_with("centos") || os.starts_with("fedora") {
            (
                format!(
                    "/bin/sh -c #(nop) ADD file:{} in / ",
                    &crate::engine::registry::sha256_hex(base.name.as_bytes())[..64]
                ),
                "",
            )
        } else {
            let suite = match os.as_str() {
                "debian11" => "bullseye",
                "debian8" => "jessie",
                _ => "bookworm",
            };
            (format!("# debian.sh --arch 'amd64' out/ '{suite}' '@{}'", base_time / 1000), "debuerreotype 0.15")
        };
        steps.push(Step {
            created_by: text,
            size: scaled(base.size),
            comment: comment.to_string(),
            created: base_time,
            id: None,
        });
    }
    let meta = |t: String| Step { created_by: t, size: 0, comment: BK.to_string(), created, id: None };
    // Base images inherit the default PATH without an ENV step of their own.
    for e in cfg.env.iter().filter(|e| *e != "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin") {
        steps.push(meta(format!("ENV {e}")));
    }
    if !cfg.workdir.is_empty() {
        steps.push(meta(format!("WORKDIR {}", cfg.workdir)));
    }
    let runs = [
        "RUN /bin/sh -c set -eux;  apt-get update;  apt-get install -y --no-install-recommends ca-certificates;  rm -rf /var/lib/apt/lists/* # buildkit",
        "RUN /bin/sh -c set -eux;   savedAptMark=\"$(apt-mark showmanual)\";  apt-get update;  apt-get install -y --no-install-recommends wget # buildkit",
        "RUN /bin/sh -c set -eux;  groupadd -r app --gid=999;  useradd -r -g app --uid=999 app # buildkit",
    ];
    let alpine_runs = [
        "RUN /bin/sh -c set -eux;  apk add --no-cache ca-certificates tzdata # buildkit",
        "RUN /bin/sh -c set -eux;  addgroup -S app && adduser -S -G app app # buildkit",
    ];
    let mut copied = false;
    for (n, l) in layers.enumerate() {
        let text = if l.size <= 32 {
            "RUN /bin/sh -c mkdir -p /docker-entrypoint.d # buildkit".to_string()
        } else if l.size < 20_000 && !copied {
            copied = true;
            match cfg.entrypoint.first() {
                Some(ep) => format!("COPY {} /usr/local/bin/ # buildkit", ep.rsplit('/').next().unwrap_or(ep)),
                None => format!(
                    "COPY {} /usr/local/bin/ # buildkit",
                    cfg.cmd.first().map(String::as_str).unwrap_or("docker-entrypoint.sh")
                ),
            }
        } else if l.size < 20_000 {
            "RUN /bin/sh -c set -eux;  chmod +x /usr/local/bin/*;  ln -sfT /dev/stderr /var/log/error.log # buildkit"
                .to_string()
        } else if os.starts_with("alpine") {
            alpine_runs[n % alpine_runs.len()].to_string()
        } else {
            runs[n % runs.len()].to_string()
        };
        steps.push(Step {
            created_by: text,
            size: if l.size <= 32 { 0 } else { scaled(l.size) },
            comment: BK.to_string(),
            created,
            id: None,
        });
    }
    if !cfg.volumes.is_empty() {
        steps.push(meta(format!("VOLUME [{}]", cfg.volumes.join(" "))));
    }
    if !cfg.entrypoint.is_empty() {
        steps.push(meta(format!("ENTRYPOINT {}", go_args(&cfg.entrypoint))));
    }
    if !cfg.exposed.is_empty() {
        let ports: Vec<String> = cfg.exposed.iter().map(|p| format!("{p}:{{}}")).collect();
        steps.push(meta(format!("EXPOSE map[{}]", ports.join(" "))));
    }
    if !cfg.stop_signal.is_empty() {
        steps.push(meta(format!("STOPSIGNAL {}", cfg.stop_signal)));
    }
    if !cfg.cmd.is_empty() {
        let step = meta(format!("CMD {}", go_args(&cfg.cmd)));
        // Base images that set only CMD were built the same moment as their layer.
        if steps.len() == 1 {
            steps.push(Step { comment: steps[0].comment.clone(), created: steps[0].created, ..step });
        } else {
            steps.push(step);
        }
    }
    steps
}

/// `docker history [OPTIONS] IMAGE` (`docker image history`).
#[derive(Clone, Debug, PartialEq)]
pub struct History<'a> {
    /// The image, as typed.
    pub image: &'a str,
    /// `--format`.
    pub format: &'a str,
    /// `-H, --human` (default true).
    pub human: bool,
    /// `--no-trunc`.
    pub no_trunc: bool,
    /// `-q, --quiet`.
    pub quiet: bool,
}

impl<'a> History<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> History<'a> {
        let f = &inv.flags;
        History {
            image: inv.args.first().map(String::as_str).unwrap_or(""),
            format: f.string("format").unwrap_or(""),
            human: f.bool("human"),
            no_trunc: f.bool("no-trunc"),
            quiet: f.bool("quiet"),
        }
    }

    /// Prints the image's build steps, newest first.
    pub fn run(self, engine: &mut Engine) -> Output {
        history(engine, &self)
    }
}

fn history(engine: &Engine, args: &History) -> Output {
    let mut out = Output::new();
    let img = match engine.image_resolve(args.image) {
        Ok(i) => i,
        Err(e) => {
            daemon_error(&mut out, &e);
            return out;
        }
    };
    let human = args.human;
    let trunc = !args.no_trunc;
    let quiet = args.quiet;
    let now = engine.now();
    let steps = lineage_steps(engine, img, 0);
    let rows: Vec<Value> = steps
        .iter()
        .rev()
        .enumerate()
        .map(|(i, s)| {
            let shown = |id: &str| {
                if trunc {
                    id.strip_prefix("sha256:").and_then(|h| h.get(..12)).unwrap_or(id).to_string()
                } else {
                    id.to_string()
                }
            };
            let id = match (&s.id, i) {
                (_, 0) => shown(&img.id),
                (Some(parent), _) => shown(parent),
                (None, _) => "<missing>".to_string(),
            };
            let created_at = rfc3339(s.created);
            let created_by = s.created_by.replace('\t', " ");
            StructBuilder::context("*image.historyContext")
                .f("ID", Value::str(id))
                .f(
                    "CreatedSince",
                    Value::str(if human { units::ago(now.saturating_sub(s.created)) } else { created_at.clone() }),
                )
                .f("CreatedAt", Value::str(created_at))
                .f("CreatedBy", Value::str(if trunc { table::ellipsis(&created_by, 45) } else { created_by }))
                .f("Size", Value::str(if human { units::size(s.size) } else { s.size.to_string() }))
                .f("Comment", Value::str(s.comment.clone()))
                .build()
        })
        .collect();
    let format = match args.format {
        "" | "table" if quiet => "{{.ID}}".to_string(),
        "" | "table" if !human => {
            "table {{.ID}}\\t{{.CreatedAt}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}".to_string()
        }
        "" | "table" => "table {{.ID}}\\t{{.CreatedSince}}\\t{{.CreatedBy}}\\t{{.Size}}\\t{{.Comment}}".to_string(),
        other => other.to_string(),
    };
    let headers = [
        ("ID", "IMAGE"),
        ("CreatedSince", "CREATED"),
        ("CreatedAt", "CREATED AT"),
        ("CreatedBy", "CREATED BY"),
        ("Size", "SIZE"),
        ("Comment", "COMMENT"),
    ];
    print_list(&mut out, &format, &rows, &headers);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_style_args() {
        assert_eq!(
            go_args(&["nginx".to_string(), "-g".to_string(), "daemon off;".to_string()]),
            r#"["nginx" "-g" "daemon off;"]"#
        );
    }
}
