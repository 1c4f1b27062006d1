//! A ```` ```docker ```` / ```` ```bash ```` block: each command with a "▶ 실행" button that
//! runs it in the terminal.
//!
//! Commands go in as text nodes, one `span.word` per word, so a narrow screen wraps a long
//! command only between words (never inside `-d`, where a hyphen would otherwise allow a
//! break); the text a learner copies is unchanged. A here-document (see core's
//! `course::heredoc`) is one command of several lines with one button. The button only reports the command
//! through `on_run`; this module must not dispatch or run anything itself.

use yew::prelude::*;

use crate::i18n;

/// Props of [`RunnableBlockView`].
#[derive(Properties, PartialEq)]
pub struct RunnableBlockProps {
    /// The fence's language (`docker`, `bash`).
    pub lang: AttrValue,
    /// The commands, in order.
    pub lines: Vec<String>,
    /// Called with a command when its button is pressed.
    pub on_run: Callback<String>,
}

/// One runnable block.
#[function_component(RunnableBlockView)]
pub fn runnable_block_view(props: &RunnableBlockProps) -> Html {
    html! {
        <div class="runnable" data-lang={props.lang.clone()}>
            { for props.lines.iter().map(|command| {
                let onclick = {
                    let on_run = props.on_run.clone();
                    let command = command.clone();
                    Callback::from(move |_: MouseEvent| on_run.emit(command.clone()))
                };
                html! {
                    <div class={classes!("code-line", "command", command.contains('\n').then_some("heredoc"))}>
                        <code class="code-text">{ lines(command) }</code>
                        <button
                            type="button"
                            class="run-button"
                            title={i18n::run_button_title(command)}
                            data-command={command.clone()}
                            {onclick}
                        >{ i18n::RUN_BUTTON }</button>
                    </div>
                }
            }) }
        </div>
    }
}

/// A command's lines (a here-document has several: one ▶ types them all), each as
/// [`words`]; the code's `pre-wrap` keeps the newlines and a body's indentation.
pub fn lines(command: &str) -> Html {
    html! {
        { for command.split('\n').enumerate().map(|(i, line)| html! {
            <>
                if i > 0 { { "\n" } }
                { words(line) }
            </>
        }) }
    }
}

/// A command as words that do not break inside, with the spaces between them kept.
pub fn words(command: &str) -> Html {
    html! {
        { for command.split(' ').enumerate().map(|(i, word)| html! {
            <>
                if i > 0 { { " " } }
                <span class="word">{ word.to_string() }</span>
            </>
        }) }
    }
}
