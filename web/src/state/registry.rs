//! The state's side of the practice registry: the [`Catalogue`] the page has loaded so far
//! (`content/registry/index.toml` at start, a repository's file when a line first needs it),
//! and the action that waits for files.
//!
//! Core never fetches: a line that needs a file it lacks leaves the machine untouched and names
//! the file ([`whalelab_core::Attempt::NeedsFiles`]). The reducer then parks the whole action
//! here ([`Awaiting`]); the app fetches the files, hands them over with
//! [`AppAction::RegistryFiles`](super::AppAction::RegistryFiles), and the parked action runs
//! again, now with what it needs, exactly as it would have with everything loaded. Pure.

use whalelab_core::catalogue::INDEX_PATH;
use whalelab_core::Catalogue;

use super::AppAction;

/// The most rounds of fetching one action may wait through (a line needs a repository, then
/// its base systems, then perhaps a package mirror); past it the action runs with what there
/// is, so a broken site never stalls the terminal.
pub const MAX_ROUNDS: u8 = 8;

/// An action waiting for registry files.
#[derive(Clone, Debug, PartialEq)]
pub struct Awaiting {
    /// Paths relative to `content/registry/`.
    pub files: Vec<String>,
    /// What runs once they are loaded.
    pub action: Box<AppAction>,
    /// How many rounds it has waited already.
    pub rounds: u8,
}

/// What the page knows of the practice registry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registry {
    /// Everything loaded so far (shared with the sessions, which are handed the newest).
    pub catalogue: Catalogue,
    /// Whether the index has arrived (or failed: then the registry is empty, and says so).
    pub ready: bool,
    /// The action waiting for files, if any.
    pub awaiting: Option<Awaiting>,
    /// Actions that came while one was waiting, to run after it in order (a second line
    /// typed during a pull's fetch runs after the first, as in a terminal).
    pub queued: Vec<AppAction>,
}

impl Registry {
    /// The files an action must wait for before it can run at all: the index, until it is here.
    pub fn prerequisites(&self) -> Vec<String> {
        if self.ready {
            Vec::new()
        } else {
            vec![INDEX_PATH.to_string()]
        }
    }

    /// Whether `action` must queue behind the one waiting: anything that runs on a machine.
    pub fn must_queue(&self, action: &AppAction) -> bool {
        self.awaiting.is_some()
            && matches!(
                action,
                AppAction::Submit { .. }
                    | AppAction::Key { .. }
                    | AppAction::StartExercise { .. }
                    | AppAction::ResetMachine { .. }
                    | AppAction::ShareReplay { .. }
                    | AppAction::SwitchMachine { .. }
                    | AppAction::ReturnAndRun { .. }
                    | AppAction::Undo
                    | AppAction::Redo
            )
    }

    /// Takes fetched files (`None`: the site has none); a file that fails to load counts as
    /// missing. Returns the action that was waiting, if any, with its round count.
    pub fn take(&mut self, files: Vec<(String, Option<String>)>) -> Option<(AppAction, u8)> {
        for (path, text) in files {
            if path == INDEX_PATH {
                self.ready = true;
                match text.as_deref().map(Catalogue::from_index) {
                    Some(Ok(c)) => self.catalogue = c,
                    _ => self.catalogue = Catalogue::default(),
                }
                continue;
            }
            if self.catalogue.load(&path, text.as_deref()).is_err() {
                let _ = self.catalogue.load(&path, None);
            }
        }
        let waiting = self.awaiting.take()?;
        Some((*waiting.action, waiting.rounds))
    }
}

/// The shipped practice registry's files, embedded for the tests by `build.rs` (the site
/// fetches them).
#[cfg(test)]
pub(crate) fn shipped_files() -> Vec<(String, String)> {
    let files: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/registry_files.rs"));
    files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect()
}

/// The shipped practice registry, whole.
#[cfg(test)]
pub(crate) fn shipped() -> Catalogue {
    let (catalogue, errors) = Catalogue::from_files(&shipped_files());
    assert!(errors.is_empty(), "{errors:?}");
    catalogue
}
