//! The files tab (`#files-view`): the directory the learner's shell is in, as a list to click.
//! A directory opens in the tab, a file in the editor; "위로" goes up, and the tab follows the
//! shell again after each `cd` (or with "터미널 위치로").
//!
//! A hook of the diagram pane's rather than a component of its own (a component costs the
//! bundle about a kilobyte of Yew's machinery). Every entry is a button, so it works with the
//! keyboard and says what it is to a screen reader. The directory is read through
//! `state::files` when the tab is shown; this module must not call core or change the machine
//! (opening a file is [`AppAction::OpenFile`], which runs no command).

use yew::prelude::*;

use crate::context::use_app;
use crate::i18n;
use crate::state::files::{listing, parent};
use crate::state::AppAction;
use whalelab_core::session::FileEntry;

/// The files tab's panel while `shown` (nothing otherwise).
#[hook]
pub fn use_files(shown: bool) -> Html {
    let app = use_app();
    // The directory chosen in the tab, with the shell's directory when it was chosen: a ref, so
    // that a `cd` can drop it during a render (and coming back there does not bring it back).
    let chosen = use_mut_ref(|| None::<(String, String)>);
    let redraw = use_force_update();
    if !shown {
        return Html::default();
    }
    let list = listing(app.session(), chosen.borrow().as_ref());
    if chosen.borrow().as_ref().is_some_and(|(cwd, _)| *cwd != list.cwd) {
        *chosen.borrow_mut() = None;
    }

    // A directory opens here (`None`: the shell's), a file in the editor.
    let open = |path: Option<String>, file: bool| {
        let (chosen, redraw, dispatcher, cwd) = (chosen.clone(), redraw.clone(), app.dispatcher(), list.cwd.clone());
        Callback::from(move |_: MouseEvent| match (&path, file) {
            (Some(path), true) => dispatcher.dispatch(AppAction::OpenFile { path: path.clone() }),
            _ => {
                *chosen.borrow_mut() = path.clone().map(|dir| (cwd.clone(), dir));
                redraw.force_update();
            }
        })
    };
    let entry = |e: &FileEntry| {
        let (class, extra) = if e.dir {
            ("visually-hidden", i18n::FILES_DIR.to_string())
        } else {
            ("file-size", format!("{} B", e.size))
        };
        html! {
            <li>
                <button type="button" class="file-entry" data-path={e.path.clone()} onclick={open(Some(e.path.clone()), !e.dir)}>
                    { e.name.clone() }{ if e.dir { "/" } else { "" } }<span {class}>{ extra }</span>
                </button>
            </li>
        }
    };
    let (items, note) = match &list.entries {
        Ok(entries) => (entries.as_slice(), entries.is_empty().then(|| i18n::FILES_EMPTY.to_string())),
        Err(reason) => (&[][..], Some(i18n::files_unreadable(reason))),
    };
    let parent = parent(&list.dir).to_string();
    html! {
        <div id="files-view" class="files-view" data-dir={list.dir.clone()}>
            <p>
                <code>{ i18n::files_where(list.container.as_deref(), &list.dir) }</code>
                <button type="button" disabled={list.dir == "/"} onclick={open(Some(parent), false)}>{ i18n::FILES_UP }</button>
                if list.dir != list.cwd {
                    <button type="button" onclick={open(None, false)}>{ i18n::FILES_HERE }</button>
                }
            </p>
            <ul aria-label={list.dir.clone()}>{ for items.iter().map(entry) }</ul>
            if let Some(note) = note {
                <p class="state-empty">{ note }</p>
            }
        </div>
    }
}
