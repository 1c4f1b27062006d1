//! "진행 상황 내보내기" and "가져오기" in the header: progress (solved exercises, history,
//! current lesson) as a JSON file the learner keeps or moves to another browser.
//!
//! Export downloads `persist::encode_export(state.export())`; import reads the chosen file
//! (`#import-file`), and only a file `persist::decode_export` accepts changes anything: then
//! it is saved to localStorage like the page's own progress and the lesson it names opens.
//! Anything else gives a Korean notice and leaves everything as it was. This module must not
//! parse JSON itself.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::context::{navigate, use_app, AppContext};
use crate::i18n;
use crate::platform;
use crate::route::Route;
use crate::state::persist;
use crate::state::AppAction;

/// The two header buttons.
#[function_component(ProgressFile)]
pub fn progress_file() -> Html {
    let app = use_app();
    let file = use_node_ref();

    let on_export = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| {
            let text = persist::encode_export(&app.export());
            platform::download_text(persist::EXPORT_FILE_NAME, "application/json", &text);
        })
    };
    let on_import_click = {
        let file = file.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(el) = file.cast::<HtmlInputElement>() {
                el.click();
            }
        })
    };
    let on_change = {
        let file = file.clone();
        Callback::from(move |_: Event| {
            let Some(el) = file.cast::<HtmlInputElement>() else { return };
            let Some(chosen) = el.files().and_then(|list| list.get(0)) else { return };
            // The same file can be chosen again later.
            el.set_value("");
            let app = app.clone();
            yew::platform::spawn_local(async move {
                let text = platform::read_file_text(chosen).await.unwrap_or_default();
                import_text(&app, &text);
            });
        })
    };

    html! {
        <span class="progress-file">
            <button id="export-progress" type="button" class="header-button"
                    title={i18n::EXPORT_PROGRESS_TITLE} onclick={on_export}>
                { i18n::EXPORT_PROGRESS }
            </button>
            <button id="import-progress" type="button" class="header-button"
                    title={i18n::IMPORT_PROGRESS_TITLE} onclick={on_import_click}>
                { i18n::IMPORT_PROGRESS }
            </button>
            <input id="import-file" class="visually-hidden" type="file" accept=".json,application/json"
                   ref={file} tabindex="-1" aria-hidden="true" onchange={on_change} />
        </span>
    }
}

/// Applies an export file's text: saves and dispatches it when valid, else only a notice.
fn import_text(app: &AppContext, text: &str) {
    match persist::decode_export(text) {
        Ok(export) => {
            platform::storage_set(persist::HISTORY_KEY, &persist::encode_history(&export.history));
            platform::storage_set(persist::PROGRESS_KEY, &persist::encode_progress(&export.solved));
            if let Some(id) = &export.lesson {
                navigate(&app.dispatcher(), &Route::Lesson(id.clone()).href(&app.pages));
            }
            app.dispatch(AppAction::Import(export));
        }
        Err(persist::Corrupt) => app.dispatch(AppAction::Notify(i18n::IMPORT_INVALID.to_string())),
    }
}
