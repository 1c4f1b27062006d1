//! compose's progress output (`pkg/progress`): on a terminal the TTY view's final screen
//! (`[+] Running 4/4`, one line per resource, status aligned two spaces after the longest
//! name, the elapsed time right-aligned at the terminal's edge), otherwise one plain line per
//! event (` Container shop-db-1  Started`). Both go to stderr. Colours, the spinner and the
//! cursor moves of the live view are left out: this terminal shows plain text, and the
//! final screen is what stays on it.
//!
//! Times are the simulation's: each step takes a fixed virtual duration (see [`Clock`]), so
//! the figures are stable from run to run.

use crate::output::{Output, COLUMNS};

/// How progress is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The TTY view's final screen.
    Tty,
    /// One line per event.
    Plain,
    /// Nothing (`--progress quiet`).
    Quiet,
}

/// An event's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Still going (a spinner on a terminal).
    Working,
    /// Done (`✔`).
    Done,
    /// Failed (`✘`).
    Error,
}

#[derive(Clone, Debug)]
struct Event {
    id: String,
    parent: Option<String>,
    text: String,
    status: Status,
    status_text: String,
    start: u64,
    end: u64,
}

/// One progress view (`progress.RunWithTitle`): events by ID, in first-seen order.
#[derive(Clone, Debug)]
pub struct Progress {
    mode: Mode,
    title: &'static str,
    events: Vec<Event>,
    /// Plain lines, as they happen.
    plain: Vec<String>,
    /// `TailMsgf` messages the TTY view prints after its final screen.
    tail: Vec<String>,
}

impl Progress {
    /// A view titled `Running`, `Stopping`, `Pulling` ...
    pub fn new(mode: Mode, title: &'static str) -> Progress {
        Progress { mode, title, events: Vec::new(), plain: Vec::new(), tail: Vec::new() }
    }

    /// How it shows (compose's `ui.Mode`, which the build printer follows too).
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Records an event at `t` ms into the command: `status_text` is `Creating`, `Started` ...
    pub fn event(&mut self, id: &str, status: Status, status_text: &str, t: u64) {
        self.event_with(id, None, "", status, status_text, t);
    }

    /// An event with a text after the ID (`web Pulling`) and maybe a parent (a layer).
    pub fn event_with(
        &mut self,
        id: &str,
        parent: Option<&str>,
        text: &str,
        status: Status,
        status_text: &str,
        t: u64,
    ) {
        // plain.go: `fmt.Fprintln(w.out, prefix, e.ID, e.Text, e.StatusText)`.
        self.plain.push(format!(" {id} {text} {status_text}"));
        match self.events.iter_mut().find(|e| e.id == id) {
            Some(e) => {
                e.text = text.to_string();
                e.status = status;
                e.status_text = status_text.to_string();
                if status != Status::Working {
                    e.end = t;
                }
            }
            None => self.events.push(Event {
                id: id.to_string(),
                parent: parent.map(str::to_string),
                text: text.to_string(),
                status,
                status_text: status_text.to_string(),
                start: t,
                end: t,
            }),
        }
    }

    /// `TailMsgf`: a plain line where it happens, or a line under the TTY view's final screen.
    pub fn tail(&mut self, msg: String) {
        match self.mode {
            Mode::Plain => self.plain.push(msg),
            _ => self.tail.push(msg),
        }
    }

    /// The view stops at `t`: an event still working has a timer running until then.
    pub fn finish(&mut self, t: u64) {
        for e in self.events.iter_mut().filter(|e| e.status == Status::Working) {
            e.end = e.end.max(t);
        }
    }

    /// Writes the view to stderr.
    pub fn print(&self, out: &mut Output) {
        match self.mode {
            Mode::Quiet => {}
            Mode::Plain => {
                for l in &self.plain {
                    out.err(l.clone());
                }
            }
            Mode::Tty => {
                if !self.events.is_empty() {
                    self.print_screen(out);
                }
                for t in &self.tail {
                    out.err(t.clone());
                }
            }
        }
    }

    /// The TTY view's final screen.
    fn print_screen(&self, out: &mut Output) {
        let done = self.events.iter().filter(|e| e.status != Status::Working).count();
        out.err(format!("[+] {} {done}/{}", self.title, self.events.len()));
        // tty.go's padding: the longest `ID Text`, less 2 for each child passed.
        let mut padding = 0usize;
        for e in &self.events {
            padding = padding.max(e.id.chars().count() + 1 + e.text.chars().count());
            if e.parent.is_some() {
                padding = padding.saturating_sub(2);
            }
        }
        for e in self.events.iter().filter(|e| e.parent.is_none()) {
            out.err(line(e, "", padding));
            for c in self.events.iter().filter(|c| c.parent.as_deref() == Some(e.id.as_str())) {
                out.err(line(c, "  ", padding));
            }
        }
    }
}

/// `ttyWriter.lineText` for a finished view.
fn line(e: &Event, pad: &str, padding: usize) -> String {
    let spinner = match e.status {
        Status::Done => "✔",
        Status::Error => "✘",
        Status::Working => "⠿",
    };
    let txt = format!("{} {}", e.id, e.text);
    let len = txt.chars().count();
    let fill = padding.saturating_sub(len);
    let max_status = COLUMNS as i64 - len as i64 - padding as i64 - 15;
    let mut status = e.status_text.clone();
    if max_status > 0 && status.len() as i64 > max_status {
        let cut = (0..=max_status as usize).rev().find(|i| status.is_char_boundary(*i)).unwrap_or(0);
        status.truncate(cut);
        status.push_str("...");
    }
    let text = format!("{pad} {spinner} {txt}{} {status}", " ".repeat(fill));
    let elapsed = e.end.saturating_sub(e.start);
    let tenths = (elapsed + 50) / 100;
    let timer = format!("{}.{}s ", tenths / 10, tenths % 10);
    let used = text.chars().count() + timer.chars().count();
    format!("{text}{}{timer}", " ".repeat(COLUMNS.saturating_sub(used)))
}

/// The virtual clock of one compose command, in ms from its start.
#[derive(Clone, Copy, Debug, Default)]
pub struct Clock {
    /// Now.
    pub t: u64,
}

impl Clock {
    /// Moves on by `ms`, returning the new time.
    pub fn tick(&mut self, ms: u64) -> u64 {
        self.t += ms;
        self.t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_final_screen_aligns_statuses_and_times_as_compose_does() {
        let mut p = Progress::new(Mode::Tty, "Running");
        p.event("Network shop_default", Status::Working, "Creating", 0);
        p.event("Network shop_default", Status::Done, "Created", 100);
        p.event("Container shop-cache-1", Status::Working, "Creating", 100);
        p.event("Container shop-cache-1", Status::Done, "Started", 600);
        p.event("Container shop-db-1", Status::Working, "Creating", 100);
        p.event("Container shop-db-1", Status::Done, "Started", 500);
        let mut out = Output::new();
        p.print(&mut out);
        let lines: Vec<&str> = out.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            lines,
            [
                "[+] Running 3/3",
                " ✔ Network shop_default    Created                                         0.1s ",
                " ✔ Container shop-cache-1  Started                                         0.5s ",
                " ✔ Container shop-db-1     Started                                         0.4s ",
            ]
        );
        assert!(lines[1..].iter().all(|l| l.chars().count() == COLUMNS));
        let mut plain = Progress::new(Mode::Plain, "Running");
        plain.event("Container shop-db-1", Status::Working, "Starting", 0);
        plain.event_with("db", None, "Pulling", Status::Working, "", 0);
        let mut out = Output::new();
        plain.print(&mut out);
        assert_eq!(out.lines[0].text, " Container shop-db-1  Starting");
        assert_eq!(out.lines[1].text, " db Pulling ");
    }
}
