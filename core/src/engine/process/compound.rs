//! Compound commands in a container's `sh -c` script: `for`, `while`, `until`, `if`, `{ }`,
//! `( )`, `break`, `continue` and background jobs (`&`) — the loops of every `docker logs -f`
//! demo (`while true; do echo hello; sleep 1; done`).
//!
//! The script is first cut into a tree at the shell's reserved words and operators, keeping
//! each simple command's text as written; a simple command is expanded only when it runs, by
//! the same word splitter as before ([`super::run_script`]), so `$i` in a loop body sees each
//! value in turn. Time is the process's virtual time: a `sleep` in a loop stamps the next
//! iteration's lines later, so the loop's lines appear one by one in `docker logs`. A loop
//! that never ends (or whose output passes the log cap) leaves the process running.

use super::{run_script, Ctx, Out, ShellState};

/// Loop iterations one start may run; past this the loop is taken to run on forever.
const MAX_ITERATIONS: u32 = 10_000;
/// Deepest nesting of compound commands a script may have.
const MAX_NESTING: u32 = 64;

/// One command of a list and how it joins the one before it.
#[derive(Debug, PartialEq)]
pub(super) struct Item {
    join: Join,
    node: Node,
    /// `&`: runs beside the script, which goes on at once.
    background: bool,
}

#[derive(Debug, PartialEq, Clone, Copy)]
enum Join {
    /// `;`, a newline or the start of the list.
    Always,
    /// `&&`.
    And,
    /// `||`.
    Or,
}

#[derive(Debug, PartialEq)]
enum Node {
    /// A simple command or pipeline, as written (`echo $i | wc -c > /tmp/n`).
    Simple(String),
    For {
        var: String,
        words: Option<String>,
        body: Vec<Item>,
    },
    Loop {
        until: bool,
        cond: Vec<Item>,
        body: Vec<Item>,
    },
    If {
        arms: Vec<(Vec<Item>, Vec<Item>)>,
        otherwise: Vec<Item>,
    },
    Group(Vec<Item>),
    Subshell(Vec<Item>),
    Break(u32),
    Continue(u32),
    /// A pipe into or out of a compound command (`seq 3 | while read n; do ...; done`).
    Pipe(Box<Node>, Box<Node>),
}

/// Why a script does not parse, worded by [`syntax_error`] in the shell's own way.
#[derive(Debug, PartialEq)]
pub(super) enum SyntaxError {
    /// The script ended inside a compound command opened by `opener`, which wants `expecting`.
    Eof { expecting: &'static str, opener: &'static str },
    /// A word or operator where none can be.
    Unexpected(String),
}

#[derive(Debug, PartialEq, Clone)]
enum Tok {
    Word(String),
    Op(&'static str),
}

/// Runs an `sh -c` script. `None` if the process keeps running.
pub(super) fn run(script: &str, ctx: &Ctx, sh: &mut ShellState, out: &mut Out, depth: u32) -> Option<i32> {
    match parse(script) {
        Ok(items) => {
            let flow = run_list(&items, ctx, sh, out, depth, 0);
            match flow {
                Flow::Running => None,
                _ => {
                    // The shell ends: its background jobs end with it.
                    let now = out.now;
                    out.kill_background_after(now);
                    Some(sh.last)
                }
            }
        }
        Err(e) => {
            out.err(&syntax_error(&e, script, sh));
            sh.last = 2;
            Some(2)
        }
    }
}

/// The message each shell prints for `e` in `sh -c SCRIPT`.
fn syntax_error(e: &SyntaxError, script: &str, sh: &ShellState) -> String {
    let name = &sh.name;
    let lines = script.trim_end_matches('\n').lines().count().max(1);
    match (sh.flavour.as_str(), e) {
        ("bash", SyntaxError::Eof { opener, .. }) => {
            format!("{name}: -c: line {lines}: syntax error: unexpected end of file from `{opener}' command on line 1")
        }
        ("bash", SyntaxError::Unexpected(t)) => {
            let first = script.lines().next().unwrap_or("");
            format!("{name}: -c: line 1: syntax error near unexpected token `{t}'\n{name}: -c: line 1: `{first}'")
        }
        ("ash", SyntaxError::Eof { expecting, .. }) => {
            format!("{name}: syntax error: unexpected end of file (expecting \"{expecting}\")")
        }
        ("ash", SyntaxError::Unexpected(t)) => format!("{name}: syntax error: unexpected \"{t}\""),
        (_, SyntaxError::Eof { expecting, .. }) => {
            format!("{name}: {lines}: Syntax error: end of file unexpected (expecting \"{expecting}\")")
        }
        (_, SyntaxError::Unexpected(t)) => format!("{name}: 1: Syntax error: \"{t}\" unexpected"),
    }
}

// ---------------------------------------------------------------------------------------------
// Cutting the script into tokens: words as written (quotes kept) and operators.

fn lex(script: &str) -> Vec<Tok> {
    let chars: Vec<char> = script.chars().collect();
    let mut toks = Vec::new();
    let mut word = String::new();
    let mut i = 0usize;
    let at = |i: usize| chars.get(i).copied();
    let end_word = |word: &mut String, toks: &mut Vec<Tok>| {
        if !word.is_empty() {
            toks.push(Tok::Word(std::mem::take(word)));
        }
    };
    while let Some(c) = at(i) {
        match c {
            ' ' | '\t' | '\r' => {
                end_word(&mut word, &mut toks);
                i += 1;
            }
            '\n' | ';' => {
                end_word(&mut word, &mut toks);
                // `;;` only ends a `case` arm, which this shell does not run.
                toks.push(Tok::Op(if c == ';' && at(i + 1) == Some(';') { ";;" } else { ";" }));
                i += if c == ';' && at(i + 1) == Some(';') { 2 } else { 1 };
            }
            '#' if word.is_empty() => {
                while at(i).is_some_and(|c| c != '\n') {
                    i += 1;
                }
            }
            '&' if word.ends_with('>') || word.ends_with('<') || at(i + 1) == Some('>') => {
                // `2>&1`, `>&2`, `&>file`: part of a redirection.
                word.push(c);
                i += 1;
            }
            '&' | '|' => {
                end_word(&mut word, &mut toks);
                let double = at(i + 1) == Some(c);
                toks.push(Tok::Op(match (c, double) {
                    ('&', true) => "&&",
                    ('&', false) => "&",
                    ('|', true) => "||",
                    _ => "|",
                }));
                i += if double { 2 } else { 1 };
            }
            '(' | ')' if word.is_empty() || c == ')' => {
                end_word(&mut word, &mut toks);
                toks.push(Tok::Op(if c == '(' { "(" } else { ")" }));
                i += 1;
            }
            '\'' => {
                let close = (i + 1..chars.len()).find(|&j| at(j) == Some('\'')).unwrap_or(chars.len());
                word.extend(chars.get(i..=close.min(chars.len().saturating_sub(1))).unwrap_or(&[]));
                i = close + 1;
            }
            '"' | '`' => {
                let mut j = i + 1;
                while let Some(d) = at(j) {
                    if d == '\\' {
                        j += 2;
                        continue;
                    }
                    if d == c {
                        break;
                    }
                    j += 1;
                }
                word.extend(chars.get(i..=j.min(chars.len().saturating_sub(1))).unwrap_or(&[]));
                i = j + 1;
            }
            '\\' => {
                word.extend(chars.get(i..(i + 2).min(chars.len())).unwrap_or(&[]));
                i += 2;
            }
            '$' if at(i + 1) == Some('(') || at(i + 1) == Some('{') => {
                // `$( ... )` and `${ ... }` stay in the word whole, nesting and quotes included.
                let (open, close) = if at(i + 1) == Some('(') { ('(', ')') } else { ('{', '}') };
                let j = super::matching_close(&chars, i + 1, open, close);
                word.extend(chars.get(i..=j.min(chars.len().saturating_sub(1))).unwrap_or(&[]));
                i = j + 1;
            }
            c => {
                word.push(c);
                i += 1;
            }
        }
    }
    end_word(&mut word, &mut toks);
    toks
}

// ---------------------------------------------------------------------------------------------
// Parsing: lists of and-or items down to simple commands.

/// Words that end a list when they come where a command would start.
const CLOSERS: &[&str] = &["do", "done", "then", "elif", "else", "fi", "}", "esac"];

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    nesting: u32,
}

fn parse(script: &str) -> Result<Vec<Item>, SyntaxError> {
    let mut p = Parser { toks: lex(script), pos: 0, nesting: 0 };
    let items = p.list()?;
    match p.peek() {
        None => Ok(items),
        Some(t) => Err(SyntaxError::Unexpected(text(t))),
    }
}

fn text(t: &Tok) -> String {
    match t {
        Tok::Word(w) => w.clone(),
        Tok::Op(o) => (*o).to_string(),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn at_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x == w)
    }

    /// Whether the token at `pos` (after newlines) starts a compound command.
    fn opens_compound(&self, mut pos: usize) -> bool {
        while matches!(self.toks.get(pos), Some(Tok::Op(";"))) {
            pos += 1;
        }
        match self.toks.get(pos) {
            Some(Tok::Op("(")) => true,
            Some(Tok::Word(w)) => matches!(w.as_str(), "for" | "while" | "until" | "if" | "{"),
            _ => false,
        }
    }

    fn skip_separators(&mut self) {
        while matches!(self.peek(), Some(Tok::Op(";"))) {
            self.pos += 1;
        }
    }

    /// A list up to a closing word or `)` (left for the caller) or the end.
    fn list(&mut self) -> Result<Vec<Item>, SyntaxError> {
        let mut items = Vec::new();
        let mut join = Join::Always;
        loop {
            // After `&&` or `||` newlines may follow, but then a command must come.
            self.skip_separators();
            match self.peek() {
                None => {
                    return if join == Join::Always {
                        Ok(items)
                    } else {
                        Err(SyntaxError::Unexpected("end of file".into()))
                    };
                }
                Some(Tok::Op(")")) if join == Join::Always => return Ok(items),
                Some(Tok::Word(w)) if join == Join::Always && CLOSERS.contains(&w.as_str()) => return Ok(items),
                Some(Tok::Op(op)) if *op != "(" => return Err(SyntaxError::Unexpected((*op).to_string())),
                _ => {}
            }
            let mut node = self.command()?;
            while matches!(self.peek(), Some(Tok::Op("|"))) {
                self.pos += 1;
                self.skip_separators();
                let right = self.command()?;
                node = Node::Pipe(Box::new(node), Box::new(right));
            }
            let mut background = false;
            let next_join = match self.peek() {
                Some(Tok::Op("&&")) => Join::And,
                Some(Tok::Op("||")) => Join::Or,
                Some(Tok::Op("&")) => {
                    background = true;
                    Join::Always
                }
                _ => Join::Always,
            };
            if matches!(self.peek(), Some(Tok::Op("&&" | "||" | "&" | ";"))) {
                self.pos += 1;
            }
            items.push(Item { join, node, background });
            join = next_join;
        }
    }

    fn command(&mut self) -> Result<Node, SyntaxError> {
        let word = match self.peek() {
            Some(Tok::Word(w)) => Some(w.clone()),
            Some(Tok::Op("(")) => None,
            Some(t) => return Err(SyntaxError::Unexpected(text(t))),
            None => return Err(SyntaxError::Unexpected("end of file".into())),
        };
        let compound = matches!(word.as_deref(), None | Some("for" | "while" | "until" | "if" | "{"));
        if compound {
            self.nesting += 1;
            if self.nesting > MAX_NESTING {
                return Err(SyntaxError::Unexpected(word.unwrap_or_else(|| "(".into())));
            }
        }
        let node = match word.as_deref() {
            None => {
                self.pos += 1;
                let body = self.list()?;
                self.expect_op(")", "(", ")")?;
                Node::Subshell(body)
            }
            Some("for") => self.for_loop()?,
            Some(kw @ ("while" | "until")) => {
                let opener = if kw == "while" { "while" } else { "until" };
                self.pos += 1;
                let cond = self.list()?;
                self.expect_word("do", opener)?;
                let body = self.list()?;
                self.expect_word("done", opener)?;
                Node::Loop { until: kw == "until", cond, body }
            }
            Some("if") => self.if_clause()?,
            Some("{") => {
                self.pos += 1;
                let body = self.list()?;
                self.expect_word("}", "{")?;
                Node::Group(body)
            }
            Some(_) => self.simple()?,
        };
        if compound {
            self.nesting -= 1;
        }
        Ok(node)
    }

    fn expect_word(&mut self, w: &'static str, opener: &'static str) -> Result<(), SyntaxError> {
        match self.next() {
            Some(Tok::Word(x)) if x == w => Ok(()),
            Some(t) => Err(SyntaxError::Unexpected(text(&t))),
            None => Err(SyntaxError::Eof { expecting: w, opener }),
        }
    }

    fn expect_op(
        &mut self,
        op: &'static str,
        opener: &'static str,
        expecting: &'static str,
    ) -> Result<(), SyntaxError> {
        match self.next() {
            Some(Tok::Op(x)) if x == op => Ok(()),
            Some(t) => Err(SyntaxError::Unexpected(text(&t))),
            None => Err(SyntaxError::Eof { expecting, opener }),
        }
    }

    fn for_loop(&mut self) -> Result<Node, SyntaxError> {
        self.pos += 1;
        let var = match self.next() {
            Some(Tok::Word(v))
                if !v.is_empty()
                    && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !v.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                v
            }
            Some(t) => return Err(SyntaxError::Unexpected(text(&t))),
            None => return Err(SyntaxError::Eof { expecting: "do", opener: "for" }),
        };
        self.skip_separators();
        let mut words = None;
        if self.at_word("in") {
            self.pos += 1;
            let mut list = Vec::new();
            while let Some(Tok::Word(w)) = self.peek() {
                list.push(w.clone());
                self.pos += 1;
            }
            words = Some(list.join(" "));
        }
        self.skip_separators();
        self.expect_word("do", "for")?;
        let body = self.list()?;
        self.expect_word("done", "for")?;
        Ok(Node::For { var, words, body })
    }

    fn if_clause(&mut self) -> Result<Node, SyntaxError> {
        self.pos += 1;
        let mut arms = Vec::new();
        let mut otherwise = Vec::new();
        loop {
            let cond = self.list()?;
            self.expect_word("then", "if")?;
            let body = self.list()?;
            arms.push((cond, body));
            match self.next() {
                Some(Tok::Word(w)) if w == "elif" => continue,
                Some(Tok::Word(w)) if w == "else" => {
                    otherwise = self.list()?;
                    self.expect_word("fi", "if")?;
                    break;
                }
                Some(Tok::Word(w)) if w == "fi" => break,
                Some(t) => return Err(SyntaxError::Unexpected(text(&t))),
                None => return Err(SyntaxError::Eof { expecting: "fi", opener: "if" }),
            }
        }
        Ok(Node::If { arms, otherwise })
    }

    /// Words and pipes up to the end of the and-or item; `break`/`continue` are recognised.
    fn simple(&mut self) -> Result<Node, SyntaxError> {
        let mut parts: Vec<String> = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::Word(w)) => {
                    parts.push(w.clone());
                    self.pos += 1;
                }
                // A pipe into a compound command is the caller's (`Node::Pipe`).
                Some(Tok::Op("|")) if self.opens_compound(self.pos + 1) => break,
                Some(Tok::Op("|")) => {
                    parts.push("|".to_string());
                    self.pos += 1;
                    // A pipeline goes on after the pipe, across newlines.
                    self.skip_separators();
                    if !matches!(self.peek(), Some(Tok::Word(_))) {
                        return Err(SyntaxError::Unexpected(
                            self.peek().map(text).unwrap_or_else(|| "end of file".into()),
                        ));
                    }
                }
                _ => break,
            }
        }
        let first = parts.first().map(String::as_str);
        if let Some(kw @ ("break" | "continue")) = first {
            let n = parts.get(1).and_then(|n| n.parse::<u32>().ok()).filter(|&n| n > 0).unwrap_or(1);
            if parts.len() <= 2 {
                return Ok(if kw == "break" { Node::Break(n) } else { Node::Continue(n) });
            }
        }
        Ok(Node::Simple(parts.join(" ")))
    }
}

// ---------------------------------------------------------------------------------------------
// Running.

/// How a list ended.
#[derive(Debug, PartialEq)]
enum Flow {
    /// Normally: the next item may run.
    Next,
    /// `break N` / `continue N` on their way out to the loop they name.
    Break(u32),
    Continue(u32),
    /// `exit`: the whole script ends.
    Exit,
    /// The process never gets past this point (a loop with no end, `tail -f`).
    Running,
}

fn run_list(items: &[Item], ctx: &Ctx, sh: &mut ShellState, out: &mut Out, depth: u32, loops: u32) -> Flow {
    for item in items {
        let go = match item.join {
            Join::Always => true,
            Join::And => sh.last == 0,
            Join::Or => sh.last != 0,
        };
        if !go {
            continue;
        }
        if item.background {
            // The job runs beside the script: its lines are stamped with its own time, and
            // the script carries on from now. (The lines are put in time order when the
            // process's log is finished; a job still running when the script ends dies with
            // it.)
            let now = out.now;
            let mut copy = sh.clone();
            out.flush();
            let first = out.lines.len();
            let _ = run_node(&item.node, ctx, &mut copy, out, depth, loops);
            out.flush();
            out.background.push(first..out.lines.len());
            sh.iterations = copy.iterations;
            out.advance_to(now);
            sh.last = 0;
            continue;
        }
        match run_node(&item.node, ctx, sh, out, depth, loops) {
            Flow::Next => {}
            other => return other,
        }
    }
    Flow::Next
}

fn run_node(node: &Node, ctx: &Ctx, sh: &mut ShellState, out: &mut Out, depth: u32, loops: u32) -> Flow {
    match node {
        Node::Simple(text) => match run_script(text, ctx, sh, out, depth) {
            None => Flow::Running,
            Some(_) if sh.exited => Flow::Exit,
            Some(_) => Flow::Next,
        },
        Node::Break(n) | Node::Continue(n) if loops == 0 => {
            // Outside a loop both are no-ops that succeed (dash, ash; bash also warns).
            let _ = n;
            sh.last = 0;
            Flow::Next
        }
        Node::Break(n) => Flow::Break((*n).min(loops)),
        Node::Continue(n) => Flow::Continue((*n).min(loops)),
        Node::Group(body) => run_list(body, ctx, sh, out, depth, loops),
        Node::Pipe(left, right) => {
            // The left side runs first and its output is what the right side reads.
            let mut piped = Out::new(out.now);
            let mut copy = sh.clone();
            let flow = run_node(left, ctx, &mut copy, &mut piped, depth, loops);
            sh.iterations = copy.iterations;
            out.advance_to(piped.now);
            let mut input = Vec::new();
            for line in piped.finish() {
                if line.stderr {
                    out.err(&line.text);
                } else {
                    input.push(line.text);
                }
            }
            if flow == Flow::Running {
                return Flow::Running;
            }
            sh.input = input;
            let flow = run_node(right, ctx, sh, out, depth, loops);
            sh.input.clear();
            flow
        }
        Node::Subshell(body) => {
            let mut copy = sh.clone();
            let flow = run_list(body, ctx, &mut copy, out, depth, loops);
            sh.last = copy.last;
            sh.iterations = copy.iterations;
            // `exit` in a subshell ends only the subshell.
            match flow {
                Flow::Running => Flow::Running,
                _ => Flow::Next,
            }
        }
        Node::If { arms, otherwise } => {
            for (cond, body) in arms {
                match run_list(cond, ctx, sh, out, depth, loops) {
                    Flow::Next => {}
                    other => return other,
                }
                if sh.last == 0 {
                    return run_list(body, ctx, sh, out, depth, loops);
                }
            }
            sh.last = 0;
            run_list(otherwise, ctx, sh, out, depth, loops)
        }
        Node::For { var, words, body } => {
            let values: Vec<String> = match words {
                Some(list) => super::tokenize(list, ctx, sh, out.now, depth)
                    .into_iter()
                    .filter_map(|t| match t {
                        super::Tok::Word(w) => Some(w),
                        _ => None,
                    })
                    .collect(),
                None => Vec::new(),
            };
            sh.last = 0;
            for value in values {
                sh.set(var.clone(), value);
                match iterate(body, ctx, sh, out, depth, loops) {
                    Some(flow) => return flow,
                    None => continue,
                }
            }
            Flow::Next
        }
        Node::Loop { until, cond, body } => {
            let mut last_body = 0;
            loop {
                match run_list(cond, ctx, sh, out, depth, loops) {
                    Flow::Next => {}
                    other => return other,
                }
                if (sh.last == 0) == *until {
                    sh.last = last_body;
                    return Flow::Next;
                }
                sh.last = 0;
                if let Some(flow) = iterate(body, ctx, sh, out, depth, loops) {
                    return flow;
                }
                last_body = sh.last;
            }
        }
    }
}

/// One pass through a loop body. `Some(flow)` ends the loop with that flow; `None` goes on.
fn iterate(body: &[Item], ctx: &Ctx, sh: &mut ShellState, out: &mut Out, depth: u32, loops: u32) -> Option<Flow> {
    sh.iterations += 1;
    if sh.iterations > MAX_ITERATIONS || out.full() {
        // Taken to run on forever (or to write past what the log keeps): the process stays.
        return Some(Flow::Running);
    }
    match run_list(body, ctx, sh, out, depth, loops + 1) {
        Flow::Next | Flow::Continue(1) => None,
        Flow::Break(1) => Some(Flow::Next),
        Flow::Break(n) => Some(Flow::Break(n - 1)),
        Flow::Continue(n) => Some(Flow::Continue(n - 1)),
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simple(s: &str) -> Item {
        Item { join: Join::Always, node: Node::Simple(s.into()), background: false }
    }

    #[test]
    fn a_loop_keeps_its_body_as_written_for_later_expansion() {
        let items = parse("while true; do echo \"hello $i\"; sleep 1; done").unwrap_or_default();
        assert_eq!(
            items,
            vec![Item {
                join: Join::Always,
                node: Node::Loop {
                    until: false,
                    cond: vec![simple("true")],
                    body: vec![simple("echo \"hello $i\""), simple("sleep 1")]
                },
                background: false,
            }]
        );
    }

    #[test]
    fn lists_pipes_redirections_and_background_jobs_are_told_apart() {
        let items = parse("echo a 2>&1 | wc -l && (sleep 2; echo late) & echo b || echo c").unwrap_or_default();
        assert_eq!(items.len(), 4);
        assert_eq!(items[0], simple("echo a 2>&1 | wc -l"));
        assert_eq!(items[1].join, Join::And);
        assert!(items[1].background);
        assert_eq!(items[1].node, Node::Subshell(vec![simple("sleep 2"), simple("echo late")]));
        assert_eq!(items[3].join, Join::Or);
        let quoted = parse("echo 'a; b' \"c && d\" $(echo e; echo f) # done").unwrap_or_default();
        assert_eq!(quoted, vec![simple("echo 'a; b' \"c && d\" $(echo e; echo f)")]);
    }

    #[test]
    fn unfinished_or_misplaced_words_are_syntax_errors() {
        assert_eq!(parse("for i in 1 2; do echo $i"), Err(SyntaxError::Eof { expecting: "done", opener: "for" }));
        assert_eq!(parse("if true; then echo"), Err(SyntaxError::Eof { expecting: "fi", opener: "if" }));
        assert_eq!(parse("echo a; done"), Err(SyntaxError::Unexpected("done".into())));
        assert_eq!(parse("if true; echo a; fi"), Err(SyntaxError::Unexpected("fi".into())));
        assert_eq!(parse("echo a &&"), Err(SyntaxError::Unexpected("end of file".into())));
        assert!(parse(&"{ ".repeat(200)).is_err(), "nesting is bounded");
        let piped = parse("seq 3 | while read n; do echo $n; done | wc -l").unwrap_or_default();
        assert!(matches!(&piped[..], [Item { node: Node::Pipe(_, _), .. }]), "{piped:?}");
        for odd in [
            "(",
            ")",
            "&&",
            "| x",
            "for",
            "for 1 in a; do :; done",
            "while",
            "if",
            "{",
            "}",
            "x |",
            "$(",
            "'",
            "\"",
            "\\",
        ] {
            let _ = parse(odd);
        }
    }
}
