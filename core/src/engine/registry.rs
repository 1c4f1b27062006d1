//! The daemon's side of the practice registry: which image a pull gets, and content
//! addressing for the images, as Docker does it.
//!
//! Each layer's digest is the SHA-256 of its content (here: its name), the config digest is
//! the SHA-256 of the image config, and the manifest digest — which the containerd image store
//! also shows as the IMAGE ID — is the SHA-256 of a manifest naming the config and layers. The
//! same image therefore always has the same ID, in every session and every browser. (A layer
//! may carry its real digest instead: the 32-byte empty layer every registry shares; an image
//! may carry its real digest where public sources give it.) The images themselves are data:
//! see `crate::catalogue`.

use super::reference::ImageRef;
use super::DaemonError;
use crate::catalogue::{Catalogue, Layer, RegImage, Shortfall};
use crate::env::SimTime;
use crate::go::time::parse_rfc3339;
use sha2::{Digest, Sha256};

impl Layer {
    /// The layer's digest, hex without the `sha256:` prefix: the given one if it is valid,
    /// else derived from the name.
    pub fn digest_hex(&self) -> String {
        match &self.digest {
            Some(d) if is_hex64(d) => d.clone(),
            _ => sha256_hex(format!("layer\0{}", self.name).as_bytes()),
        }
    }
}

fn is_hex64(d: &str) -> bool {
    d.len() == 64 && d.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Whether `d` is a digest as Docker prints one: `sha256:` and 64 lower-case hex digits.
pub fn is_digest(d: &str) -> bool {
    d.strip_prefix("sha256:").is_some_and(is_hex64)
}

/// The manifest digest of an image of repository `repo` (its index name), hex.
pub fn manifest_digest_hex(repo: &str, image: &RegImage) -> String {
    let config = serde_json::json!({
        "created": image.created,
        "config": image.config,
        "rootfs": image.layers.iter().map(|l| l.digest_hex()).collect::<Vec<_>>(),
        "repo": repo,
    });
    let config_digest = sha256_hex(config.to_string().as_bytes());
    let manifest = serde_json::json!({
        "schemaVersion": 2,
        "config": { "digest": format!("sha256:{config_digest}") },
        "layers": image.layers.iter().map(|l| (format!("sha256:{}", l.digest_hex()), l.size)).collect::<Vec<_>>(),
    });
    sha256_hex(manifest.to_string().as_bytes())
}

/// Lower-case hex SHA-256 of some bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        s.push(char::from_digit((b >> 4) as u32, 16).unwrap_or('0'));
        s.push(char::from_digit((b & 15) as u32, 16).unwrap_or('0'));
    }
    s
}

impl RegImage {
    /// Build time as [`SimTime`] (0 if the data is malformed).
    pub fn created_time(&self) -> SimTime {
        parse_rfc3339(&self.created).unwrap_or(0)
    }
}

/// Why the practice registry has no image for a reference; each asker words it its own way
/// (the daemon's pull and BuildKit's FROM say different things of the same miss).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Miss {
    /// The index lists no such repository.
    NoRepository,
    /// The repository has no such tag or digest.
    NoImage,
    /// The repository is in the schema 1 format docker v28 refuses.
    Schema1,
}

/// The image `r` names in the practice registry, or why not. A miss is noted on the catalogue
/// (the site's Korean note below docker's error), except for a digest of a repository not
/// loaded yet, which may be there once it is.
pub fn lookup<'c>(catalogue: &'c Catalogue, r: &ImageRef) -> Result<&'c RegImage, Miss> {
    let name = crate::catalogue::catalogue_name(&r.domain, &r.path);
    let Some(entry) = catalogue.indexed(&name) else {
        catalogue.note_missing(Shortfall::NotHeld(r.familiar()));
        return Err(Miss::NoRepository);
    };
    if entry.schema1 {
        catalogue.note_missing(Shortfall::Schema1(r.familiar()));
        return Err(Miss::Schema1);
    }
    let found = match (&r.digest, &r.tag) {
        (Some(d), _) => catalogue.by_digest(&name, d),
        // The index knows every tag: a tag it lacks needs no repository file to refuse.
        (None, Some(t)) if catalogue.has_tag(&name, t) => catalogue.resolve(&name, t),
        _ => None,
    };
    match found {
        Some((_, image)) => Ok(image),
        None => {
            if r.digest.is_none() || catalogue.repo(&name).is_some() {
                catalogue.note_missing(Shortfall::NotHeld(r.familiar()));
            }
            Err(Miss::NoImage)
        }
    }
}

/// docker v28's words for a schema 1 image (moby's DeprecatedSchema1ImageError).
pub fn schema1_error(r: &ImageRef) -> String {
    format!(
        "Docker Image Format v1 and Docker Image manifest version 2, schema 1 support has been removed. \
         Suggest the author of {} to upgrade the image to the OCI Format or Docker Image manifest v2, schema 2. \
         More information at https://docs.docker.com/go/deprecated-image-specs/",
        r.full()
    )
}

/// The image a pull of `r` gets from the practice registry, or the daemon's error: `pull access
/// denied` for a repository the index lacks, the containerd store's `not found` for a tag or
/// digest it lacks, the deprecation error for a schema 1 repository (the containerd store
/// refuses its manifest before any progress is written, so the API call itself fails).
pub fn resolve_for_pull<'c>(catalogue: &'c Catalogue, r: &ImageRef) -> Result<&'c RegImage, DaemonError> {
    lookup(catalogue, r).map_err(|miss| {
        DaemonError::Message(match miss {
            Miss::NoRepository => format!(
                "pull access denied for {}, repository does not exist or may require 'docker login'",
                r.familiar_repo()
            ),
            Miss::Schema1 => schema1_error(r),
            // The containerd image store's wording (Docker Desktop, as in the seeds).
            Miss::NoImage => {
                let full = r.full();
                format!("failed to resolve reference \"{full}\": {full}: not found")
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_stable() {
        assert_eq!(sha256_hex(b"hello"), "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        assert!(is_digest(&format!("sha256:{}", sha256_hex(b"x"))) && !is_digest("sha256:ABC"));
    }
}
