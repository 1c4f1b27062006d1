//! `docker pull` (`docker image pull`): fetch an image from the built-in registry, printing
//! the progress lines in their final state. `run` and `create` pull through here too.

use crate::client::cli::Invocation;
use crate::client::from_daemon;
use crate::engine::reference::ImageRef;
use crate::engine::Engine;
use crate::output::Output;

/// `docker pull [OPTIONS] NAME[:TAG|@DIGEST]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Pull<'a> {
    /// The image reference, as typed.
    pub name: &'a str,
    /// `-q, --quiet`: only the reference at the end.
    pub quiet: bool,
}

impl<'a> Pull<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Pull<'a> {
        Pull { name: inv.args.first().map(String::as_str).unwrap_or(""), quiet: inv.flags.bool("quiet") }
    }

    /// Pulls the image.
    pub fn run(self, engine: &mut Engine) -> Output {
        let mut progress = Output::new();
        let pulled = pull_progress(engine, self.name, &mut progress, true);
        let mut out = Output::new();
        if self.quiet {
            // Only the full reference, the last line of a pull that worked.
            if let (Ok(()), Some(last)) = (&pulled, progress.lines.pop()) {
                out.lines.push(last);
            }
        } else {
            out.lines = progress.lines;
        }
        if let Err(e) = pulled {
            out.fail(&e, 1);
        }
        out
    }
}

/// Pulls `name` and prints the progress lines in their final state. `standalone` is true
/// for `docker pull` (which says `Using default tag` and ends with the full name) and
/// false inside `docker run`. The error is the client's text for it.
pub fn pull_progress(engine: &mut Engine, name: &str, out: &mut Output, standalone: bool) -> Result<(), String> {
    let parsed = ImageRef::parse(name).map_err(|e| e.to_string())?;
    if standalone && parsed.tag.is_none() && parsed.digest.is_none() {
        out.out("Using default tag: latest");
    }
    let report = engine.image_pull(name).map_err(|e| from_daemon(&e))?;
    let r = &report.reference;
    let what = match (&r.digest, &r.tag) {
        (Some(d), _) => d.clone(),
        (None, Some(t)) => t.clone(),
        _ => "latest".to_string(),
    };
    out.out(format!("{what}: Pulling from {}", r.path));
    for l in &report.layers {
        out.out(format!("{}: {}", l.short, if l.existed { "Already exists" } else { "Download complete" }));
    }
    out.out(format!("Digest: {}", report.digest));
    if report.up_to_date {
        out.out(format!("Status: Image is up to date for {}", r.familiar()));
    } else {
        out.out(format!("Status: Downloaded newer image for {}", r.familiar()));
    }
    if standalone {
        out.out(r.full());
    }
    Ok(())
}
