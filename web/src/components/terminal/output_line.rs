//! The scrollback view (`#terminal-output`): one element per line, as text.
//!
//! Every line is a `div.line` with `cmd`, `stdout` or `stderr`, and its text goes in as a
//! text node, never as HTML, so a container named `<img src=x onerror=alert(1)>` shows as
//! exactly that. Long lines wrap at the screen's width like a terminal emulator's (the CSS).
//! The site's own notes (`div.line.note`, Korean) follow the output they are about, styled
//! apart from docker's text. Pull progress redraws in place while it runs. Entries are keyed
//! components over `Rc`s, so a new command renders only its own lines. This module must not
//! change state.

use std::cell::RefCell;
use std::rc::Rc;

use whalelab_core::PullAnimation;
use whalelab_core::Stream;
use yew::prelude::*;

use crate::platform::{self, Interval};
use crate::state::terminal::{Entry, NoteKind};

/// Time between animation frames (about 60 per second).
const FRAME_MS: u32 = 16;

/// Props of [`TerminalOutput`]: equal when they hold the same shared entries.
#[derive(Properties)]
pub struct TerminalOutputProps {
    /// What is on screen, oldest first.
    pub entries: Vec<Rc<Entry>>,
}

impl PartialEq for TerminalOutputProps {
    fn eq(&self, other: &Self) -> bool {
        self.entries.len() == other.entries.len()
            && self.entries.iter().zip(&other.entries).all(|(a, b)| Rc::ptr_eq(a, b))
    }
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

/// Props of [`OutputEntry`]: equal when they hold the same shared entry.
#[derive(Properties)]
pub struct OutputEntryProps {
    /// The command and its output.
    pub entry: Rc<Entry>,
}

impl PartialEq for OutputEntryProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.entry, &other.entry)
    }
}

/// One command: the echoed prompt line (`$ docker ps`) and its output lines.
///
/// An entry with pulls first animates their layer lines in place (core's `PullAnimation::frame`
/// at ~60 fps) and holds back the lines after them, then shows the final text.
#[function_component(OutputEntry)]
pub fn output_entry(props: &OutputEntryProps) -> Html {
    let e = &props.entry;
    let total = e.pulls.iter().map(PullAnimation::duration_ms).max().unwrap_or(0);
    let elapsed = use_state(|| if total == 0 { None } else { Some(0u64) });
    {
        let elapsed = elapsed.clone();
        use_effect_with((), move |_| {
            let start = platform::now();
            // The interval stops itself at the last frame (and with the entry).
            let frames: Rc<RefCell<Option<Interval>>> = Rc::default();
            if total > 0 {
                let own = frames.clone();
                *frames.borrow_mut() = Some(Interval::new(FRAME_MS, move || {
                    let t = platform::now().saturating_sub(start);
                    elapsed.set((t < total).then_some(t));
                    if t >= total {
                        own.borrow_mut().take();
                    }
                }));
            }
            move || drop(frames.borrow_mut().take())
        });
    }
    let failed = (e.exit_code != 0).then_some("failed");
    let frames: Vec<(usize, Vec<String>)> = match *elapsed {
        Some(t) => e.pulls.iter().map(|p| (p.first_line, p.frame(t))).collect(),
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
            if let (true, Some(note)) = (elapsed.is_none(), &e.note) {
                <div class={classes!("line", "note", note_class(note.kind))} data-note={note_class(note.kind)}>
                    { note.text.clone() }
                </div>
            }
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

/// The CSS class (and `data-note`) of a note's kind.
pub fn note_class(kind: NoteKind) -> &'static str {
    match kind {
        NoteKind::Suggestion => "suggestion",
        NoteKind::Undo => "undo",
        NoteKind::Start => "start",
        NoteKind::Machine => "machine",
        NoteKind::Solved => "solved",
        NoteKind::Catalogue => "catalogue",
    }
}
