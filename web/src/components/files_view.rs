//! The files tab (`#files-view`): the directory the learner's shell is in, as a list to click.
//! A directory opens in the tab, a file in the editor; "위로" goes up, and the tab follows the
//! shell again after each `cd` (or with "터미널 위치로").
//!
//! Every entry is a button, so it works with the keyboard and says what it is to a screen
//! reader. The directory is read through `state::files` after every change of the machine;
//! this module must not call core or change the machine (opening a file is
//! [`AppAction::OpenFile`], which runs no command).

use yew::prelude::*;

use crate::context::use_app;
use crate::i18n;
use crate::state::files::{listing, FileEntry};
use crate::state::AppAction;

/// The files tab's panel.
#[function_component(FilesView)]
pub fn files_view() -> Html {
    let app = use_app();
    // The directory shown, or `None` to follow the shell's.
    let dir = use_state_eq(|| None::<String>);
    let list = {
        let session = app.machine.session.clone();
        use_memo((app.revision, (*dir).clone()), move |(_, dir)| listing(&session, dir.as_deref()))
    };
    // A `cd` in the terminal brings the tab back to the shell's directory.
    {
        let dir = dir.clone();
        use_effect_with(list.cwd.clone(), move |_| dir.set(None));
    }

    let go = |to: Option<String>| {
        let dir = dir.clone();
        Callback::from(move |_: MouseEvent| dir.set(to.clone()))
    };
    let entry = |e: &FileEntry| {
        let onclick = if e.dir {
            go(Some(e.path.clone()))
        } else {
            let (dispatcher, path) = (app.dispatcher(), e.path.clone());
            Callback::from(move |_: MouseEvent| dispatcher.dispatch(AppAction::OpenFile { path: path.clone() }))
        };
        html! {
            <li>
                <button type="button" class={classes!("file-entry", e.dir.then_some("dir"))} data-path={e.path.clone()}
                        {onclick}>
                    <span class="file-name">{ e.name.clone() }{ if e.dir { "/" } else { "" } }</span>
                    if e.dir {
                        <span class="visually-hidden">{ i18n::FILES_DIR }</span>
                    } else {
                        <span class="file-size">{ i18n::file_size(e.size) }</span>
                    }
                </button>
            </li>
        }
    };
    let parent = whalelab_core::shell::fs::parent(&list.dir).to_string();
    html! {
        <div id="files-view" class="files-view" data-dir={list.dir.clone()}>
            <div class="files-bar">
                <span class="files-where">{ i18n::files_where(list.container.as_deref()) }</span>
                <code class="files-dir">{ list.dir.clone() }</code>
                <button type="button" disabled={list.dir == "/"} onclick={go(Some(parent))}>{ i18n::FILES_UP }</button>
                if list.dir != list.cwd {
                    <button type="button" onclick={go(None)}>{ i18n::FILES_HERE }</button>
                }
            </div>
            { match &list.entries {
                Ok(entries) if entries.is_empty() => html! { <p class="state-empty">{ i18n::FILES_EMPTY }</p> },
                Ok(entries) => html! {
                    <ul class="files-list" aria-label={i18n::files_list_label(&list.dir)}>
                        { for entries.iter().map(entry) }
                    </ul>
                },
                Err(reason) => html! { <p class="state-empty">{ i18n::files_unreadable(reason) }</p> },
            } }
        </div>
    }
}
