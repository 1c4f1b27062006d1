//! The terminal's place while the engine loads, in the page the release build renders ahead
//! of time: what is coming, the download's progress (bytes loaded of the total), the ▶
//! commands waiting for it, or why it failed; without JavaScript, that the lesson still reads.
//!
//! Only markup: the page's own small scripts fill it in before the app exists (Trunk's loader
//! calls `web/boot.js`, which sets `#boot-progress` and `#boot-bytes`; the head script of
//! `index.html` counts queued commands into `#boot-queue` from its `data-template`), and the
//! app replaces the whole page once it runs. Every sentence comes from `i18n` so that those
//! scripts carry no text of their own. Only the pages rendered ahead of time show it (the `ssr`
//! build); the app itself never does, so the wasm has an empty stand-in instead of its markup.

use yew::prelude::*;

#[cfg(feature = "ssr")]
use crate::i18n;

/// The placeholder inside `.terminal-screen`, in the page rendered ahead of time (`shown`).
#[cfg(feature = "ssr")]
pub fn boot_placeholder(shown: bool) -> Html {
    if !shown {
        return Html::default();
    }
    html! {
        <div id="terminal-boot" class="terminal-boot">
            <div class="boot-live">
                <p class="boot-title">{ i18n::BOOT_TITLE }</p>
                <progress id="boot-progress" class="boot-progress" aria-label={i18n::BOOT_PROGRESS_LABEL}></progress>
                <p id="boot-bytes" class="boot-bytes"></p>
                <p class="boot-hint">{ i18n::BOOT_HINT }</p>
                <p id="boot-queue" class="boot-queue" role="status" hidden=true data-template={i18n::BOOT_QUEUED}></p>
                <p id="boot-failed" class="boot-failed" role="alert" hidden=true>{ i18n::BOOT_FAILED }</p>
            </div>
            <p class="boot-no-script">{ i18n::BOOT_NO_SCRIPT }</p>
        </div>
    }
}

/// The app never shows the placeholder (see the module's note).
#[cfg(not(feature = "ssr"))]
pub fn boot_placeholder(_shown: bool) -> Html {
    Html::default()
}
