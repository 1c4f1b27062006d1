//! The scrollback view (`#terminal-output`): one element per line, as text.
//!
//! Every line is a `div.line` with `cmd`, `stdout` or `stderr`, and its text goes in as a
//! text node, never as HTML, so a container named `<img src=x onerror=alert(1)>` shows as
//! exactly that. Pull progress redraws in place while it runs. Entries are keyed components over `Rc`s, so a new command renders only its
//! own lines. This module must not change state.

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use whalelab_core::output::progress;
use whalelab_core::Stream;
use yew::prelude::*;

use crate::platform;
use crate::state::terminal::Entry;

/// Time between animation frames (about 60 per second).
const FRAME_MS: u64 = 16;

/// Props of [`TerminalOutput`].
#[derive(Properties, PartialEq)]
pub struct TerminalOutputProps {
    /// What is on screen, oldest first.
    pub entries: Vec<Rc<Entry>>,
}

/// All lines on screen.
#[function_component(TerminalOutput)]
pub fn terminal_output(props: &TerminalOutputProps) -> Html {
    html! {
        <div id="terminal-output" class="terminal-output" role="log">
            { for props.entries.iter().map(|e| html! { <OutputEntry key={e.id} entry={e.clone()} /> }) }
        </div>
    }
}

/// Props of [`OutputEntry`].
#[derive(Properties, PartialEq)]
pub struct OutputEntryProps {
    /// The command and its output.
    pub entry: Rc<Entry>,
}

/// One command: the echoed prompt line (`$ docker ps`) and its output lines.
///
/// An entry with pulls first animates their layer lines in place (core's `progress::frame`
/// at ~60 fps) and holds back the lines after them, then shows the final text.
#[function_component(OutputEntry)]
pub fn output_entry(props: &OutputEntryProps) -> Html {
    let e = &props.entry;
    let total = e.pulls.iter().map(progress::duration_ms).max().unwrap_or(0);
    let elapsed = use_state(|| if total == 0 { None } else { Some(0u64) });
    {
        let elapsed = elapsed.clone();
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            if total > 0 {
                let alive = alive.clone();
                let start = platform::now();
                yew::platform::spawn_local(async move {
                    loop {
                        yew::platform::time::sleep(Duration::from_millis(FRAME_MS)).await;
                        if !alive.get() {
                            break;
                        }
                        let t = platform::now().saturating_sub(start);
                        if t >= total {
                            elapsed.set(None);
                            break;
                        }
                        elapsed.set(Some(t));
                    }
                });
            }
            move || alive.set(false)
        });
    }
    let failed = (e.exit_code != 0).then_some("failed");
    let frames: Vec<(usize, Vec<String>)> = match *elapsed {
        Some(t) => e.pulls.iter().map(|p| (p.first_line, progress::frame(p, t))).collect(),
        None => Vec::new(),
    };
    // While animating, nothing after the last layer line is shown yet.
    let visible = frames.iter().map(|(first, lines)| first + lines.len()).max().unwrap_or(e.output.len());
    let text_of = |i: usize, original: &str| -> String {
        for (first, lines) in &frames {
            if let Some(text) = i.checked_sub(*first).and_then(|k| lines.get(k)) {
                return text.clone();
            }
        }
        original.to_string()
    };
    html! {
        <>
            if e.echo {
                <div class={classes!("line", "cmd", failed)}>
                    <span class="prompt">{ e.prompt.clone() }</span>{ e.command.clone() }
                </div>
            }
            { for e.output.iter().take(visible).enumerate().map(|(i, l)| html! {
                <div class={classes!("line", stream_class(l.stream))}>{ text_of(i, &l.text) }</div>
            }) }
        </>
    }
}

/// The CSS class of a stream.
pub fn stream_class(stream: Stream) -> &'static str {
    match stream {
        Stream::Stdout => "stdout",
        Stream::Stderr => "stderr",
    }
}
