//! Tokens → nodes, following libyaml's parser states (block and flow collections, indentless
//! sequences, empty values) so its errors carry the same context marks, then go-yaml's
//! composer: anchors and aliases, with go-yaml's guards against alias bombs.

use super::scan::{Kind, Scanner, Token};
use super::{Mark, Node, Problem, Style, Value};

/// How many nodes aliases may add (go-yaml refuses documents that alias excessively).
const ALIAS_BUDGET: usize = 100_000;
/// How deep collections may nest. go-yaml allows 10000; a browser's stack does not, and no
/// compose file comes near this.
const MAX_DEPTH: usize = 64;

/// Reads every document of `text`. A text of only comments has none.
pub fn parse(text: &str) -> Result<Vec<Node>, Problem> {
    let mut p = Parser { s: Scanner::new(text), anchors: Vec::new(), budget: ALIAS_BUDGET, depth: 0 };
    p.stream()
}

struct Parser {
    s: Scanner,
    /// Anchors defined so far, latest last (a name defined again takes the later node).
    anchors: Vec<(String, Node)>,
    budget: usize,
    depth: usize,
}

type Parse<T> = Result<T, Problem>;

fn node_at(value: Value, mark: Mark) -> Node {
    Node { value, line: mark.line + 1, column: mark.column + 1 }
}

fn count(n: &Node) -> usize {
    match &n.value {
        Value::Scalar(..) => 1,
        Value::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|(k, v)| count(k) + count(v)).sum::<usize>(),
    }
}

impl Parser {
    fn peek(&mut self) -> Parse<Token> {
        self.s.peek().cloned()
    }

    fn next(&mut self) -> Parse<Token> {
        self.s.next()
    }

    fn stream(&mut self) -> Parse<Vec<Node>> {
        self.next()?;
        let mut docs = Vec::new();
        let mut implicit = true;
        loop {
            if !implicit {
                while self.peek()?.kind == Kind::DocumentEnd {
                    self.next()?;
                }
            }
            let tok = self.peek()?;
            match tok.kind {
                Kind::StreamEnd => break,
                Kind::DocumentStart => {
                    self.next()?;
                    let tok = self.peek()?;
                    if matches!(tok.kind, Kind::DocumentStart | Kind::DocumentEnd | Kind::StreamEnd) {
                        docs.push(Node::null(tok.start));
                    } else {
                        docs.push(self.node(true, false)?);
                    }
                }
                _ if implicit => docs.push(self.node(true, false)?),
                _ => return Err(Problem::parser(None, "did not find expected <document start>", tok.start)),
            }
            if self.peek()?.kind == Kind::DocumentEnd {
                self.next()?;
            }
            implicit = false;
        }
        Ok(docs)
    }

    fn node(&mut self, block: bool, indentless: bool) -> Parse<Node> {
        let tok = self.peek()?;
        if let Kind::Alias(name) = &tok.kind {
            self.next()?;
            let Some(found) = self.anchors.iter().rev().find(|(a, _)| a == name).map(|(_, n)| n.clone()) else {
                return Err(Problem::plain(format!("unknown anchor '{name}' referenced")));
            };
            let n = count(&found);
            if n > self.budget {
                return Err(Problem::plain("document contains excessive aliasing".to_string()));
            }
            self.budget -= n;
            return Ok(found);
        }
        let start = tok.start;
        let mut anchor = None;
        let mut tag = None;
        for _ in 0..2 {
            match self.peek()?.kind {
                Kind::Anchor(a) if anchor.is_none() => {
                    anchor = Some(a);
                    self.next()?;
                }
                Kind::Tag(t) if tag.is_none() => {
                    tag = Some(expand_tag(&t));
                    self.next()?;
                }
                _ => break,
            }
        }
        let tok = self.peek()?;
        let node = match tok.kind {
            Kind::BlockEntry if indentless => self.nested(start, |p, s| p.indentless_sequence(s))?,
            Kind::Scalar(text, style) => {
                self.next()?;
                node_at(Value::Scalar(text, style, tag), start)
            }
            Kind::FlowSequenceStart => self.nested(start, |p, s| p.flow_sequence(s))?,
            Kind::FlowMappingStart => self.nested(start, |p, s| p.flow_mapping(s))?,
            Kind::BlockSequenceStart if block => self.nested(start, |p, s| p.block_sequence(s))?,
            Kind::BlockMappingStart if block => self.nested(start, |p, s| p.block_mapping(s))?,
            _ if anchor.is_some() || tag.is_some() => node_at(Value::Scalar(String::new(), Style::Plain, tag), start),
            _ => {
                return Err(Problem::parser(Some(start), "did not find expected node content", tok.start));
            }
        };
        if let Some(a) = anchor {
            self.anchors.push((a, node.clone()));
        }
        Ok(node)
    }

    fn nested(&mut self, start: Mark, f: impl FnOnce(&mut Parser, Mark) -> Parse<Value>) -> Parse<Node> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Problem::plain("exceeded max depth of 10000".to_string()));
        }
        let value = f(self, start)?;
        self.depth -= 1;
        Ok(node_at(value, start))
    }

    fn block_sequence(&mut self, _start: Mark) -> Parse<Value> {
        let context = self.next()?.start;
        let mut items = Vec::new();
        loop {
            let tok = self.peek()?;
            match tok.kind {
                Kind::BlockEntry => {
                    self.next()?;
                    let after = self.peek()?;
                    if matches!(after.kind, Kind::BlockEntry | Kind::BlockEnd) {
                        items.push(Node::null(tok.end));
                    } else {
                        items.push(self.node(true, false)?);
                    }
                }
                Kind::BlockEnd => {
                    self.next()?;
                    return Ok(Value::Seq(items));
                }
                _ => {
                    return Err(Problem::parser(Some(context), "did not find expected '-' indicator", tok.start));
                }
            }
        }
    }

    fn indentless_sequence(&mut self, _start: Mark) -> Parse<Value> {
        let mut items = Vec::new();
        loop {
            let tok = self.peek()?;
            if tok.kind != Kind::BlockEntry {
                return Ok(Value::Seq(items));
            }
            self.next()?;
            let after = self.peek()?;
            if matches!(after.kind, Kind::BlockEntry | Kind::Key | Kind::Value | Kind::BlockEnd) {
                items.push(Node::null(tok.end));
            } else {
                items.push(self.node(true, false)?);
            }
        }
    }

    fn block_mapping(&mut self, _start: Mark) -> Parse<Value> {
        let context = self.next()?.start;
        let mut entries = Vec::new();
        loop {
            let tok = self.peek()?;
            let key = match tok.kind {
                Kind::Key => {
                    self.next()?;
                    let after = self.peek()?;
                    if matches!(after.kind, Kind::Key | Kind::Value | Kind::BlockEnd) {
                        Node::null(tok.end)
                    } else {
                        self.node(true, true)?
                    }
                }
                Kind::BlockEnd => {
                    self.next()?;
                    return Ok(Value::Map(entries));
                }
                _ => return Err(Problem::parser(Some(context), "did not find expected key", tok.start)),
            };
            let tok = self.peek()?;
            let value = if tok.kind == Kind::Value {
                self.next()?;
                let after = self.peek()?;
                if matches!(after.kind, Kind::Key | Kind::Value | Kind::BlockEnd) {
                    Node::null(tok.end)
                } else {
                    self.node(true, true)?
                }
            } else {
                Node::null(tok.start)
            };
            entries.push((key, value));
        }
    }

    fn flow_sequence(&mut self, _start: Mark) -> Parse<Value> {
        let context = self.next()?.start;
        let mut items = Vec::new();
        let mut first = true;
        loop {
            let mut tok = self.peek()?;
            if tok.kind != Kind::FlowSequenceEnd {
                if !first {
                    if tok.kind == Kind::FlowEntry {
                        self.next()?;
                        tok = self.peek()?;
                    } else {
                        return Err(Problem::parser(Some(context), "did not find expected ',' or ']'", tok.start));
                    }
                }
                if tok.kind == Kind::Key {
                    // `[a: b]`: a single-pair mapping as the item.
                    self.next()?;
                    let key = match self.peek()?.kind {
                        Kind::Value | Kind::FlowEntry | Kind::FlowSequenceEnd => Node::null(tok.end),
                        _ => self.node(false, false)?,
                    };
                    let vtok = self.peek()?;
                    let value = if vtok.kind == Kind::Value {
                        self.next()?;
                        match self.peek()?.kind {
                            Kind::FlowEntry | Kind::FlowSequenceEnd => Node::null(vtok.end),
                            _ => self.node(false, false)?,
                        }
                    } else {
                        Node::null(vtok.start)
                    };
                    items.push(node_at(Value::Map(vec![(key, value)]), tok.start));
                    first = false;
                    continue;
                }
                if tok.kind != Kind::FlowSequenceEnd {
                    items.push(self.node(false, false)?);
                    first = false;
                    continue;
                }
            }
            self.next()?;
            return Ok(Value::Seq(items));
        }
    }

    fn flow_mapping(&mut self, _start: Mark) -> Parse<Value> {
        let context = self.next()?.start;
        let mut entries = Vec::new();
        let mut first = true;
        loop {
            let mut tok = self.peek()?;
            if tok.kind != Kind::FlowMappingEnd {
                if !first {
                    if tok.kind == Kind::FlowEntry {
                        self.next()?;
                        tok = self.peek()?;
                    } else {
                        return Err(Problem::parser(Some(context), "did not find expected ',' or '}'", tok.start));
                    }
                }
                first = false;
                if tok.kind == Kind::Key {
                    self.next()?;
                    let key = match self.peek()?.kind {
                        Kind::Value | Kind::FlowEntry | Kind::FlowMappingEnd => Node::null(tok.end),
                        _ => self.node(false, false)?,
                    };
                    let vtok = self.peek()?;
                    let value = if vtok.kind == Kind::Value {
                        self.next()?;
                        match self.peek()?.kind {
                            Kind::FlowEntry | Kind::FlowMappingEnd => Node::null(vtok.end),
                            _ => self.node(false, false)?,
                        }
                    } else {
                        Node::null(vtok.start)
                    };
                    entries.push((key, value));
                    continue;
                }
                if tok.kind != Kind::FlowMappingEnd {
                    // A key without `:` (`{a, b}`): its value is empty.
                    let key = self.node(false, false)?;
                    let at = self.peek()?.start;
                    entries.push((key, Node::null(at)));
                    continue;
                }
            }
            self.next()?;
            return Ok(Value::Map(entries));
        }
    }
}

/// A tag as go-yaml resolves its handle: `!!str` → `tag:yaml.org,2002:str`.
fn expand_tag(t: &str) -> String {
    match t.strip_prefix("!!") {
        Some(rest) => format!("tag:yaml.org,2002:{rest}"),
        None => t.to_string(),
    }
}

/// Applies merge keys (`<<: *base`, `<<: [*a, *b]`) everywhere, as go-yaml does when it
/// decodes: the mapping's own keys win, then earlier merged mappings over later ones.
pub fn apply_merges(node: &mut Node) -> Result<(), String> {
    match &mut node.value {
        Value::Scalar(..) => Ok(()),
        Value::Seq(items) => items.iter_mut().try_for_each(apply_merges),
        Value::Map(entries) => {
            for (_, v) in entries.iter_mut() {
                apply_merges(v)?;
            }
            let is_merge = |k: &Node| matches!(&k.value, Value::Scalar(t, Style::Plain, None) if t == "<<");
            if !entries.iter().any(|(k, _)| is_merge(k)) {
                return Ok(());
            }
            let mut own: Vec<(Node, Node)> = Vec::new();
            let mut merged: Vec<Node> = Vec::new();
            for (k, v) in entries.drain(..) {
                if is_merge(&k) {
                    match &v.value {
                        Value::Map(_) => merged.push(v),
                        Value::Seq(items) if items.iter().all(|i| i.map().is_some()) => merged.extend(items.clone()),
                        _ => return Err("map merge requires map or sequence of maps as the value".to_string()),
                    }
                } else {
                    own.push((k, v));
                }
            }
            for m in merged {
                if let Value::Map(more) = m.value {
                    for (k, v) in more {
                        if !own.iter().any(|(ok, _)| ok.value == k.value) {
                            own.push((k, v));
                        }
                    }
                }
            }
            *entries = own;
            Ok(())
        }
    }
}
