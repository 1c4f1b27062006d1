//! The draggable divider between the lesson pane and the practice pane (`#splitter`).
//!
//! It sets `--lesson-width` (a percentage) on its parent `.layout`, whose grid columns use
//! it; drag with a pointer (captured, so fast moves do not lose it), or focus it and press
//! ←/→ (Home/End for the limits). The width is kept in localStorage. On narrow screens the
//! panes stack and the CSS hides it. This module must not know what the panes contain.

use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::i18n;
use crate::platform;

/// localStorage key of the lesson pane's width (percent).
pub const SPLIT_KEY: &str = "whalelab.split";
/// The lesson pane's default width in percent of the layout.
pub const DEFAULT_PERCENT: f64 = 40.0;
/// Narrowest and widest the lesson pane may get.
pub const MIN_PERCENT: f64 = 20.0;
/// See [`MIN_PERCENT`].
pub const MAX_PERCENT: f64 = 75.0;
/// One arrow key press.
const STEP: f64 = 2.0;

/// A width clamped to the limits (anything unreadable gives the default).
pub fn clamp_percent(p: f64) -> f64 {
    if p.is_finite() {
        p.clamp(MIN_PERCENT, MAX_PERCENT)
    } else {
        DEFAULT_PERCENT
    }
}

/// The splitter.
#[function_component(Splitter)]
pub fn splitter() -> Html {
    let percent = use_state(|| {
        platform::storage_get(SPLIT_KEY).and_then(|s| s.parse::<f64>().ok()).map_or(DEFAULT_PERCENT, clamp_percent)
    });
    let node = use_node_ref();
    let dragging = use_mut_ref(|| false);

    // Apply the width to the layout (the parent) whenever it changes.
    {
        let node = node.clone();
        use_effect_with(*percent, move |p| {
            let parent = node.cast::<HtmlElement>().and_then(|el| el.parent_element());
            if let Some(parent) = parent.and_then(|p| p.dyn_into::<HtmlElement>().ok()) {
                let _ = parent.style().set_property("--lesson-width", &format!("{p:.1}%"));
            }
        });
    }

    let set = {
        let percent = percent.clone();
        move |p: f64, save: bool| {
            let p = clamp_percent(p);
            if save {
                platform::storage_set(SPLIT_KEY, &format!("{p:.1}"));
            }
            percent.set(p);
        }
    };

    let onpointerdown = {
        let dragging = dragging.clone();
        Callback::from(move |e: PointerEvent| {
            if e.button() != 0 {
                return;
            }
            e.prevent_default();
            *dragging.borrow_mut() = true;
            if let Some(el) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
        })
    };
    let onpointermove = {
        let dragging = dragging.clone();
        let node = node.clone();
        let set = set.clone();
        Callback::from(move |e: PointerEvent| {
            if !*dragging.borrow() {
                return;
            }
            if let Some(p) = percent_at(&node, e.client_x()) {
                set(p, false);
            }
        })
    };
    let onpointerup = {
        let node = node.clone();
        let set = set.clone();
        Callback::from(move |e: PointerEvent| {
            if std::mem::replace(&mut *dragging.borrow_mut(), false) {
                if let Some(p) = percent_at(&node, e.client_x()) {
                    set(p, true);
                }
            }
        })
    };
    // Keys read the latest width from a ref: two presses can come before one repaint.
    let latest = use_mut_ref(|| *percent);
    *latest.borrow_mut() = *percent;
    let onkeydown = {
        let latest = latest.clone();
        Callback::from(move |e: KeyboardEvent| {
            let current = *latest.borrow();
            let next = match e.key().as_str() {
                "ArrowLeft" => current - STEP,
                "ArrowRight" => current + STEP,
                "Home" => MIN_PERCENT,
                "End" => MAX_PERCENT,
                _ => return,
            };
            e.prevent_default();
            *latest.borrow_mut() = clamp_percent(next);
            set(next, true);
        })
    };

    html! {
        <div id="splitter" class="splitter" ref={node} role="separator" tabindex="0"
             aria-orientation="vertical" aria-label={i18n::SPLITTER_LABEL}
             aria-valuemin={MIN_PERCENT.to_string()} aria-valuemax={MAX_PERCENT.to_string()}
             aria-valuenow={format!("{:.0}", *percent)}
             {onpointerdown} {onpointermove} {onpointerup} {onkeydown} />
    }
}

/// The lesson pane's width, in percent, if the divider were at `client_x`.
fn percent_at(node: &NodeRef, client_x: i32) -> Option<f64> {
    let parent = node.cast::<HtmlElement>()?.parent_element()?;
    let rect = parent.get_bounding_client_rect();
    (rect.width() > 0.0).then(|| (f64::from(client_x) - rect.left()) / rect.width() * 100.0)
}
