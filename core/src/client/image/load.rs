//! `docker load` (`docker image load`): images from an archive `docker save` wrote, read from
//! a file on the host (`-i FILE`) or standard input (`docker load < app.tar`).

use crate::client::cli::Invocation;
use crate::client::ClientHost;
use crate::engine::archive::LoadedImage;
use crate::engine::Engine;
use crate::output::Output;
use crate::shell::fs::Who;

/// `docker load [OPTIONS]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Load<'a> {
    /// `-i, --input`.
    pub input: Option<&'a str>,
    /// `-q, --quiet`.
    pub quiet: bool,
}

impl<'a> Load<'a> {
    /// Reads the invocation.
    pub fn parse(inv: &'a Invocation) -> Load<'a> {
        Load { input: inv.flags.string("input").filter(|i| !i.is_empty()), quiet: inv.flags.bool("quiet") }
    }

    /// Loads the images and says which.
    pub fn run(self, engine: &mut Engine, host: &mut ClientHost<'_>, stdin: &str) -> Output {
        let mut out = Output::new();
        let text = match self.input {
            Some(file) => {
                let path = crate::shell::fs::normalize(host.cwd, file);
                match host.fs.read(&path, Who::User) {
                    Ok(t) => t.to_string(),
                    Err(e) => {
                        out.fail(&format!("open {path}: {}", e.to_string().to_lowercase()), 1);
                        return out;
                    }
                }
            }
            None if stdin.is_empty() => {
                out.fail("requested load from stdin, but stdin is empty", 1);
                return out;
            }
            None => stdin.to_string(),
        };
        match engine.image_load(&text) {
            Ok(loaded) => {
                for l in loaded {
                    match l {
                        LoadedImage::Tag(t) => out.out(format!("Loaded image: {t}")),
                        LoadedImage::Id(id) => out.out(format!("Loaded image ID: {id}")),
                    }
                }
            }
            Err(e) => out.fail(&e.to_string(), 1),
        }
        out
    }
}
