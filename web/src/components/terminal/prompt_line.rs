//! The input line (`#terminal-input`): the prompt (or the reverse search's label), a real
//! `<input>` (so on-screen keyboards and Korean IME work) and the search's match.
//!
//! A view only: its keys, typing and pastes go to the terminal's [`Driver`], which turns them
//! into intents. It must not run commands itself.

use yew::prelude::*;

use crate::components::terminal::input::Driver;
use crate::i18n;
use crate::state::search::ReverseSearch;

/// The prompt line, for the terminal to place under its output; `busy` while a line runs
/// (waits for the practice registry): the prompt is hidden, the input keeps the focus and
/// what is typed meanwhile runs after it.
pub fn prompt_line(driver: &Driver, prompt: &str, search: Option<&ReverseSearch>, busy: bool) -> Html {
    let onkeydown = {
        let driver = driver.clone();
        Callback::from(move |e: KeyboardEvent| driver.keydown(&e))
    };
    let oninput = {
        let driver = driver.clone();
        Callback::from(move |_: InputEvent| driver.input_changed())
    };
    let onpaste = {
        let driver = driver.clone();
        Callback::from(move |e: Event| driver.paste(&e))
    };
    html! {
        <div class={classes!("prompt-line", search.is_some().then_some("searching"), busy.then_some("busy"))}>
            if let Some(s) = search {
                <label class="search-label" for="terminal-input">{ s.label() }</label>
            } else {
                <label class="prompt" for="terminal-input">{ prompt.to_string() }</label>
            }
            <input
                id="terminal-input"
                class="terminal-input"
                ref={driver.input.clone()}
                type="text"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                autocorrect="off"
                enterkeyhint="send"
                aria-label={i18n::TERMINAL_INPUT_LABEL}
                aria-describedby="terminal-help"
                {onkeydown}
                {oninput}
                {onpaste}
            />
            if let Some(s) = search {
                <span class="search-match">{ "': " }{ s.line.clone() }</span>
            }
        </div>
    }
}
