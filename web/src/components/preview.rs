//! The browser preview (`#preview`): an address bar (`#preview-address`) and a frame
//! (`#preview-frame`) showing what that address serves on the simulated machine right now,
//! redrawn after every command — the seed's Apache "It works!" page, live.
//!
//! The page goes into a sandboxed `<iframe srcdoc>` with `sandbox="allow-same-origin"` and a
//! script-blocking CSP: no scripts, no forms, no pop-ups, so nothing a learner's container
//! serves can run in the site. Same-origin (safe without `allow-scripts`) lets the pane see
//! clicks on the page's links: they go to the address the link names, through the address
//! bar, as in a browser, instead of loading the site's own files into the frame. When
//! nothing answers, the frame shows a Korean error page worded like Chrome's
//! (`ERR_CONNECTION_REFUSED`). The machine is asked through `state::preview`; this module
//! must not call core or change state.

use std::rc::Rc;

use web_sys::{HtmlIFrameElement, HtmlInputElement};
use yew::prelude::*;

use crate::context::use_app;
use crate::i18n;
use crate::platform::{self, EventListener};
use crate::state::preview::{follow_link, preview, PreviewError, PreviewPage, DEFAULT_ADDRESS};

/// Keeps a served page from loading anything from the network (images, styles, fonts from
/// other hosts): the site fetches nothing but its own files.
/// `script-src` falls back to `'none'` too: with the frame same-origin, the CSP is a second
/// lock on scripts besides the sandbox.
const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">";

/// The preview pane.
#[function_component(Preview)]
pub fn preview_pane() -> Html {
    let app = use_app();
    let address = use_state(|| DEFAULT_ADDRESS.to_string());
    // Bumped by Enter and ↻, so reloading the same address redraws the frame.
    let reloads = use_state(|| 0u32);
    let field = use_node_ref();

    let page = {
        let session = app.machine.session.clone();
        use_memo((app.revision, (*address).clone(), *reloads), move |(_, address, _)| {
            frame_document(&preview(&session, address))
        })
    };

    let reload = {
        let address = address.clone();
        let reloads = reloads.clone();
        let field = field.clone();
        Rc::new(move || {
            if let Some(el) = field.cast::<HtmlInputElement>() {
                let typed = el.value().trim().to_string();
                let typed = if typed.is_empty() { DEFAULT_ADDRESS.to_string() } else { typed };
                el.set_value(&typed);
                address.set(typed);
            }
            reloads.set(*reloads + 1);
        })
    };
    let onkeydown = {
        let reload = reload.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && !e.is_composing() {
                e.prevent_default();
                reload();
            }
        })
    };
    let onclick = Callback::from(move |_: MouseEvent| reload());

    // Each page the frame loads gets its own link listener (the old one goes with its page).
    let frame = use_node_ref();
    let links = use_mut_ref(|| None::<EventListener>);
    let onload = {
        let frame = frame.clone();
        let current = (*address).clone();
        let address = address.clone();
        let reloads = reloads.clone();
        Callback::from(move |_: Event| {
            let Some(el) = frame.cast::<HtmlIFrameElement>() else { return };
            let current = current.clone();
            let address = address.clone();
            let reloads = reloads.clone();
            *links.borrow_mut() = platform::on_frame_link_click(&el, move |href| match follow_link(&current, &href) {
                Some(next) => {
                    address.set(next);
                    reloads.set(*reloads + 1);
                    true
                }
                // A `#fragment` scrolls the page itself; other schemes go nowhere.
                None => !href.trim_start().starts_with('#'),
            });
        })
    };

    html! {
        <section id="preview" class="preview" aria-label={i18n::PREVIEW_TITLE}>
            <div class="preview-bar">
                <button type="button" class="preview-reload" title={i18n::PREVIEW_RELOAD}
                        aria-label={i18n::PREVIEW_RELOAD} {onclick}>{ "↻" }</button>
                <input id="preview-address" class="preview-address" type="text" ref={field}
                       value={(*address).clone()} spellcheck="false" autocomplete="off"
                       autocapitalize="off" enterkeyhint="go"
                       aria-label={i18n::PREVIEW_ADDRESS_LABEL} {onkeydown} />
            </div>
            <iframe id="preview-frame" class="preview-frame" title={i18n::PREVIEW_FRAME_LABEL} ref={frame}
                    sandbox="allow-same-origin" referrerpolicy="no-referrer" srcdoc={(*page).clone()} {onload} />
        </section>
    }
}

/// The `srcdoc` for a result: the served HTML (behind a restrictive CSP), a text body in a
/// `<pre>`, or the Korean error page.
fn frame_document(page: &PreviewPage) -> AttrValue {
    let mut doc = String::from(CSP);
    match page {
        PreviewPage::Served { html: true, body, .. } => push_without_scripts(&mut doc, body),
        PreviewPage::Served { html: false, body, .. } => {
            doc.push_str("<pre style=\"white-space:pre-wrap;font:13px monospace\">");
            push_escaped(&mut doc, body);
            doc.push_str("</pre>");
        }
        PreviewPage::Failed(error) => error_page(&mut doc, error),
    }
    AttrValue::from(doc)
}

/// A page in the look of Chrome's network error pages, in Korean.
fn error_page(doc: &mut String, error: &PreviewError) {
    let (title, host) = match error {
        PreviewError::Refused { host } | PreviewError::TimedOut { host } | PreviewError::NameNotResolved { host } => {
            (i18n::PREVIEW_UNREACHABLE, host.as_str())
        }
        PreviewError::Ssl { host } => (i18n::PREVIEW_NO_SECURE, host.as_str()),
        PreviewError::Reset => (i18n::PREVIEW_UNREACHABLE, ""),
        PreviewError::InvalidUrl => (i18n::PREVIEW_BAD_ADDRESS, ""),
    };
    doc.push_str(
        "<style>body{font:15px system-ui,'Noto Sans KR',sans-serif;color:#202124;background:#fff;margin:0;padding:12vh 8vw}\
         .icon{font-size:48px;color:#5f6368}h1{font-size:1.5em;font-weight:500;margin:.6em 0}\
         p{color:#5f6368;line-height:1.6}code{color:#5f6368;font-size:.8em}</style><div class=\"icon\">&#9785;</div><h1>",
    );
    push_escaped(doc, title);
    doc.push_str("</h1><p><strong>");
    push_escaped(doc, &i18n::preview_reason(error.code(), host));
    doc.push_str("</strong></p>");
    if matches!(error, PreviewError::Refused { .. } | PreviewError::Reset) {
        doc.push_str("<p>");
        push_escaped(doc, i18n::PREVIEW_TRY);
        doc.push_str("<br>");
        push_escaped(doc, i18n::PREVIEW_REFUSED_ADVICE);
        doc.push_str("</p>");
    }
    doc.push_str("<code>");
    doc.push_str(error.code());
    doc.push_str("</code>");
}

/// Appends a served page without its `<script>` elements: the frame may not run them anyway,
/// and leaving them in only makes Chromium log that the sandbox blocked them.
fn push_without_scripts(out: &mut String, html: &str) {
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(start) = lower.get(at..).and_then(|rest| rest.find("<script")).map(|i| at + i) {
        out.push_str(&html[at..start]);
        at = match lower.get(start..).and_then(|rest| rest.find("</script>")) {
            Some(end) => start + end + "</script>".len(),
            None => html.len(),
        };
    }
    out.push_str(&html[at..]);
}

/// Appends `text` with HTML's special characters escaped.
fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}
