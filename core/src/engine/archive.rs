//! Images as self-contained bundles: an image with every record its files come from (the
//! builds and commits down its chain) and the layers they name. `docker push` leaves a bundle
//! on the practice hub, `docker pull` brings it back, `docker save -o` writes one to a file on
//! the host and `docker load -i` reads it. The archive file is text (the simulated host holds
//! text files): a line that says what it is, the digest of what was saved, and the names in
//! it; the bundles themselves stay in the engine under that digest, as blobs stay in a
//! content store. (Writing them into the file as JSON cost the page 20 KB of wasm to read
//! back.)

use super::build::BuiltImage;
use super::files::{CommitRecord, LayerEntries};
use super::reference::ImageRef;
use super::{DaemonError, Engine, LocalImage};
use crate::event::{Action, ObjectKind};
use crate::map::Map;
use serde::{Deserialize, Serialize};

/// How one image of a chain was derived from the one below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Derived {
    /// `docker build`.
    Built(Box<BuiltImage>),
    /// `docker commit`.
    Committed(CommitRecord),
}

/// An image and everything needed to rebuild its files elsewhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    /// The image.
    pub image: LocalImage,
    /// Records by image ID, for the image and each derived image below it.
    pub lineage: Map<String, Derived>,
    /// The images below it that the engine lists (a commit's parent), by ID.
    #[serde(default)]
    pub parents: Map<String, LocalImage>,
    /// Layer contents by diff ID.
    pub layers: Map<String, LayerEntries>,
}

/// The first line of a `docker save` archive in the simulation.
const MAGIC: &str = "whalelab image archive v1";

/// How deep a chain of derived images is followed.
const MAX_DEPTH: usize = 64;

/// One image in an archive, with the tags it was saved under.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Saved {
    tags: Vec<String>,
    bundle: Bundle,
}

/// Everything `docker save` wrote, by the digest its archive file names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Archives(Map<String, Vec<Saved>>);

impl Archives {
    /// Whether nothing was ever saved (saves leave the field out).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Engine {
    /// The bundle of a local image (by ID).
    pub(crate) fn bundle(&self, id: &str) -> Option<Bundle> {
        let image = self.images.get(id)?.clone();
        let mut lineage = Map::new();
        let mut parents = Map::new();
        let mut layers = Map::new();
        let mut next = Some(id.to_string());
        for _ in 0..MAX_DEPTH {
            let Some(cur) = next.take() else { break };
            if let Some(b) = self.builds.images.get(&cur) {
                for d in &b.layers {
                    if let Some(l) = self.builds.layers.get(d) {
                        layers.insert(d.clone(), l.clone());
                    }
                }
                next = b.base.as_ref().map(|i| i.id.clone());
                lineage.insert(cur, Derived::Built(Box::new(b.clone())));
            } else if let Some(c) = self.files.commits.get(&cur) {
                next = Some(c.parent.clone());
                if let Some(p) = self.images.get(&c.parent).or_else(|| self.builds.bases.get(&c.parent)) {
                    parents.insert(c.parent.clone(), p.clone());
                }
                lineage.insert(cur, Derived::Committed(c.clone()));
            }
        }
        Some(Bundle { image, lineage, parents, layers })
    }

    /// Puts a bundle's image and records into the local store (nothing is tagged).
    pub(crate) fn unbundle(&mut self, b: Bundle) {
        for (id, d) in b.lineage {
            match d {
                Derived::Built(r) => {
                    self.builds.images.entry(id).or_insert(*r);
                }
                Derived::Committed(c) => {
                    self.files.commits.entry(id).or_insert(c);
                }
            }
        }
        for (d, l) in b.layers {
            self.builds.layers.entry(d).or_insert(l);
        }
        for (id, p) in b.parents {
            if !self.images.contains_key(&id) {
                self.builds.bases.entry(id).or_insert(p);
            }
        }
        let id = b.image.id.clone();
        self.images.entry(id).or_insert(b.image);
    }

    /// `docker save`: the archive text for these images (references or IDs as given).
    pub fn image_save(&mut self, names: &[String]) -> Result<String, DaemonError> {
        let mut saved: Vec<Saved> = Vec::new();
        for name in names {
            let img = self.image_resolve(name)?;
            let by_ref = ImageRef::parse(name)
                .ok()
                .map(|r| r.with_default_tag())
                .filter(|r| r.digest.is_none() && self.tags.get(&r.tag_key()) == Some(&img.id));
            let tags: Vec<String> = by_ref.map(|r| vec![r.familiar()]).unwrap_or_default();
            match saved.iter_mut().find(|s| s.bundle.image.id == img.id) {
                Some(s) => s.tags.extend(tags),
                None => {
                    let Some(bundle) = self.bundle(&img.id) else { continue };
                    saved.push(Saved { tags, bundle });
                }
            }
        }
        // What was saved names the archive: the same images under the same tags are one entry.
        let mut key = String::new();
        for s in &saved {
            key.push_str(&s.bundle.image.id);
            for t in &s.tags {
                key.push(' ');
                key.push_str(t);
            }
            key.push('\n');
        }
        let digest = format!("sha256:{}", super::registry::sha256_hex(key.as_bytes()));
        let mut text = format!("{MAGIC}\n{digest}\n");
        for s in &saved {
            text.push_str(&s.bundle.image.id);
            for t in &s.tags {
                text.push(' ');
                text.push_str(t);
            }
            text.push('\n');
        }
        self.archives.0.insert(digest, saved);
        Ok(text)
    }

    /// `docker load`: reads an archive; returns what it loaded, as docker prints it
    /// (`app:latest` per tag, or the image ID when the archive holds none).
    pub fn image_load(&mut self, text: &str) -> Result<Vec<LoadedImage>, DaemonError> {
        let digest = text.strip_prefix(MAGIC).and_then(|rest| rest.trim_start().lines().next()).unwrap_or("");
        let saved =
            self.archives.0.get(digest).cloned().ok_or_else(|| DaemonError::Message("unexpected EOF".into()))?;
        let mut out = Vec::new();
        for s in saved {
            let id = s.bundle.image.id.clone();
            self.unbundle(s.bundle);
            if s.tags.is_empty() {
                out.push(LoadedImage::Id(id.clone()));
            }
            for t in s.tags {
                if let Ok(r) = ImageRef::parse(&t) {
                    let r = r.with_default_tag();
                    self.tags.insert(r.tag_key(), id.clone());
                    out.push(LoadedImage::Tag(r.familiar()));
                }
            }
            self.emit(ObjectKind::Image, Action::Load, &id, &id, None, None);
        }
        Ok(out)
    }
}

/// One line of `docker load`'s output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadedImage {
    /// `Loaded image: app:latest`.
    Tag(String),
    /// `Loaded image ID: sha256:...`.
    Id(String),
}
