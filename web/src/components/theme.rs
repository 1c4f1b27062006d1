//! The dark/light theme toggle in the header (`#theme-toggle`).
//!
//! The theme is `data-theme="dark|light"` on `<html>`, which selects the CSS custom
//! properties in `main.css`. The learner's choice is kept in localStorage; without one, the
//! system's `prefers-color-scheme` decides (and the stylesheet already follows it before the
//! wasm loads, so there is no flash). The page's head script sets the same attribute before
//! the first paint, and the button holds both labels, the stylesheet showing the one that
//! applies: the page rendered ahead of time, which cannot know the reader's theme, already
//! shows the right one. This module must not know any colours.

use yew::prelude::*;

use crate::i18n;
use crate::platform;

/// localStorage key of the chosen theme.
pub const THEME_KEY: &str = "whalelab.theme";

/// The theme in effect at start: the saved choice, else the system's.
fn initial_theme() -> &'static str {
    match platform::storage_get(THEME_KEY).as_deref() {
        Some("light") => "light",
        Some("dark") => "dark",
        _ if platform::prefers_light() => "light",
        _ => "dark",
    }
}

/// The toggle button.
#[function_component(ThemeToggle)]
pub fn theme_toggle() -> Html {
    let theme = use_state(initial_theme);
    use_effect_with(*theme, |theme| platform::set_root_attribute("data-theme", theme));
    let onclick = {
        let theme = theme.clone();
        Callback::from(move |_: MouseEvent| {
            let next = if *theme == "dark" { "light" } else { "dark" };
            platform::storage_set(THEME_KEY, next);
            theme.set(next);
        })
    };
    html! {
        <button id="theme-toggle" type="button" class="header-button" data-theme={*theme} {onclick}>
            <span class="to-light">{ i18n::THEME_TO_LIGHT }</span>
            <span class="to-dark">{ i18n::THEME_TO_DARK }</span>
        </button>
    }
}
