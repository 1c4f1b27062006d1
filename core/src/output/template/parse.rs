//! Go `text/template` source → syntax tree, with Go's own error texts.
//!
//! A port of the grammar of Go's `text/template/parse` (lexer states, `{{- -}}` trim
//! markers, comments, pipelines, `if`/`else if`/`range`/`with`/`define`/`template`,
//! variables, parenthesized pipelines and field chains), because a learner who mistypes a
//! `--format` must see the message docker would print (`template: :1: function "foo" not
//! defined`). Only parsing lives here; nothing is evaluated.

use super::lex::{Item, Lexer, Tok};
use crate::go::strconv;

/// Deepest nesting of parentheses and control blocks we accept; Go has a (much larger)
/// limit too, and ours keeps recursion far from the stack's end.
const MAX_DEPTH: usize = 100;

// ----- the tree ------------------------------------------------------------------------

/// A node of the template body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// Literal text.
    Text(String),
    /// `{{pipeline}}`.
    Action { pos: usize, pipe: Pipe },
    /// `{{if}}`, `{{range}}`, `{{with}}`.
    Control { kind: ControlKind, pos: usize, pipe: Pipe, list: Vec<Node>, else_list: Option<Vec<Node>> },
    /// `{{break}}`.
    Break { pos: usize },
    /// `{{continue}}`.
    Continue { pos: usize },
    /// `{{template "name" pipeline}}`.
    Template { pos: usize, name: String, pipe: Option<Pipe> },
}

/// Which control structure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ControlKind {
    If,
    Range,
    With,
}

/// `$x := cmd | cmd`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Pipe {
    pub pos: usize,
    pub is_assign: bool,
    pub decl: Vec<String>,
    pub cmds: Vec<Cmd>,
}

/// One command of a pipeline: its operands, the first being what is called.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Cmd {
    pub pos: usize,
    pub args: Vec<Arg>,
}

/// An operand.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Arg {
    /// `.A.B`.
    Field { pos: usize, idents: Vec<String> },
    /// `$x.A` (`idents[0]` is the variable).
    Variable { pos: usize, idents: Vec<String> },
    /// `(pipeline).A.B`.
    Chain { pos: usize, node: Box<Arg>, fields: Vec<String> },
    /// A function name.
    Identifier { pos: usize, name: String },
    /// `.`.
    Dot { pos: usize },
    /// `nil`.
    Nil { pos: usize },
    /// `true`, `false`.
    Bool { pos: usize, value: bool },
    /// A number literal.
    Number { pos: usize, text: String, int: Option<i64>, float: Option<f64> },
    /// A string literal (`quoted` as written).
    Str { pos: usize, quoted: String, text: String },
    /// `(pipeline)`.
    Pipe(Box<Pipe>),
}

impl Arg {
    pub(crate) fn pos(&self) -> usize {
        match self {
            Arg::Field { pos, .. }
            | Arg::Variable { pos, .. }
            | Arg::Chain { pos, .. }
            | Arg::Identifier { pos, .. }
            | Arg::Dot { pos }
            | Arg::Nil { pos }
            | Arg::Bool { pos, .. }
            | Arg::Number { pos, .. }
            | Arg::Str { pos, .. } => *pos,
            Arg::Pipe(p) => p.pos,
        }
    }
}

impl std::fmt::Display for Arg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Arg::Field { idents, .. } => {
                for i in idents {
                    write!(f, ".{i}")?;
                }
                Ok(())
            }
            Arg::Variable { idents, .. } => write!(f, "{}", idents.join(".")),
            Arg::Chain { node, fields, .. } => {
                match node.as_ref() {
                    Arg::Pipe(p) => write!(f, "({p})")?,
                    other => write!(f, "{other}")?,
                }
                for fl in fields {
                    write!(f, ".{fl}")?;
                }
                Ok(())
            }
            Arg::Identifier { name, .. } => write!(f, "{name}"),
            Arg::Dot { .. } => write!(f, "."),
            Arg::Nil { .. } => write!(f, "nil"),
            Arg::Bool { value, .. } => write!(f, "{value}"),
            Arg::Number { text, .. } => write!(f, "{text}"),
            Arg::Str { quoted, .. } => write!(f, "{quoted}"),
            Arg::Pipe(p) => write!(f, "{p}"),
        }
    }
}

impl std::fmt::Display for Cmd {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, a) in self.args.iter().enumerate() {
            if i > 0 {
                write!(f, " ")?;
            }
            match a {
                Arg::Pipe(p) => write!(f, "({p})")?,
                other => write!(f, "{other}")?,
            }
        }
        Ok(())
    }
}

impl std::fmt::Display for Pipe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.decl.is_empty() {
            write!(f, "{}", self.decl.join(", "))?;
            write!(f, " := ")?;
        }
        for (i, c) in self.cmds.iter().enumerate() {
            if i > 0 {
                write!(f, " | ")?;
            }
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

/// A parsed template: its body and the `{{define}}`d templates beside it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Tree {
    pub root: Vec<Node>,
    pub defines: Vec<(String, Vec<Node>)>,
    pub text: String,
}

/// Parses template source. `has_function` says which names are functions (docker's set
/// plus Go's builtins); any other identifier is `function "x" not defined`. The error is
/// Go's full text (`template: :1: unexpected "}" in operand`).
pub(crate) fn parse(text: &str, has_function: &dyn Fn(&str) -> bool) -> Result<Tree, String> {
    let lexer = Lexer {
        input: text,
        pos: 0,
        start: 0,
        line: 1,
        start_line: 1,
        at_eof: false,
        paren_depth: 0,
        items: Vec::new(),
    };
    let items = lexer.run();
    let mut p = Parser {
        items,
        i: 0,
        vars: vec!["$".to_string()],
        has_function,
        action_line: 0,
        range_depth: 0,
        depth: 0,
        defines: Vec::new(),
    };
    let root = p.parse_top()?;
    Ok(Tree { root, defines: p.defines, text: text.to_string() })
}

struct Parser<'f> {
    items: Vec<Item>,
    i: usize,
    vars: Vec<String>,
    has_function: &'f dyn Fn(&str) -> bool,
    action_line: usize,
    range_depth: usize,
    depth: usize,
    defines: Vec<(String, Vec<Node>)>,
}

type PResult<T> = Result<T, String>;

enum ListEnd {
    End,
    Else { is_if: bool },
}

impl Parser<'_> {
    fn item(&self, i: usize) -> Item {
        self.items.get(i).cloned().unwrap_or(Item { typ: Tok::Eof, pos: 0, val: String::new(), line: 1 })
    }

    fn next(&mut self) -> Item {
        let it = self.item(self.i);
        if self.i < self.items.len() {
            self.i += 1;
        }
        it
    }

    fn backup(&mut self) {
        self.i = self.i.saturating_sub(1);
    }

    fn peek(&self) -> Item {
        self.item(self.i)
    }

    fn next_non_space(&mut self) -> Item {
        loop {
            let it = self.next();
            if it.typ != Tok::Space {
                return it;
            }
            if self.i >= self.items.len() {
                return it;
            }
        }
    }

    fn peek_non_space(&mut self) -> Item {
        let save = self.i;
        let it = self.next_non_space();
        // Go keeps the spaces consumed; only the non-space token is pushed back.
        let _ = save;
        self.backup();
        it
    }

    fn line(&self) -> usize {
        self.item(self.i.saturating_sub(1)).line
    }

    fn errorf(&self, msg: impl Into<String>) -> String {
        format!("template: :{}: {}", self.line(), msg.into())
    }

    fn unexpected(&self, token: &Item, context: &str) -> String {
        if token.typ == Tok::Error {
            let mut extra = String::new();
            if self.action_line != 0 && self.action_line != token.line {
                extra = format!(" in action started at :{}", self.action_line);
                if token.val.ends_with(" action") {
                    extra = extra[" in action".len()..].to_string();
                }
            }
            return format!("template: :{}: {}{}", token.line, token.describe(), extra);
        }
        self.errorf(format!("unexpected {} in {}", token.describe(), context))
    }

    fn expect(&mut self, typ: Tok, context: &str) -> PResult<Item> {
        let t = self.next_non_space();
        if t.typ != typ {
            return Err(self.unexpected(&t, context));
        }
        Ok(t)
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.errorf("max expression depth exceeded"));
        }
        Ok(())
    }

    fn parse_top(&mut self) -> PResult<Vec<Node>> {
        let mut root = Vec::new();
        while self.peek().typ != Tok::Eof {
            if self.peek().typ == Tok::LeftDelim {
                let delim_index = self.i;
                self.next();
                if self.next_non_space().typ == Tok::Define {
                    self.parse_definition()?;
                    continue;
                }
                self.i = delim_index;
            }
            match self.text_or_action()? {
                Ok(n) => root.push(n),
                Err(ListEnd::End) => return Err(self.errorf("unexpected {{end}}")),
                Err(ListEnd::Else { .. }) => return Err(self.errorf("unexpected {{else}}")),
            }
        }
        Ok(root)
    }

    fn parse_definition(&mut self) -> PResult<()> {
        let context = "define clause";
        let name = self.next_non_space();
        if name.typ != Tok::Str && name.typ != Tok::RawString {
            return Err(self.unexpected(&name, context));
        }
        let name = strconv::unquote(&name.val).map_err(|e| self.errorf(e))?;
        self.expect(Tok::RightDelim, context)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, end) = self.item_list()?;
        self.vars = saved_vars;
        if let ListEnd::Else { .. } = end {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {context}")));
        }
        self.defines.retain(|(n, _)| *n != name);
        self.defines.push((name, list));
        Ok(())
    }

    /// `textOrAction*` up to `{{end}}` or `{{else}}`.
    fn item_list(&mut self) -> PResult<(Vec<Node>, ListEnd)> {
        let mut list = Vec::new();
        while self.peek_non_space().typ != Tok::Eof {
            match self.text_or_action()? {
                Ok(n) => list.push(n),
                Err(end) => return Ok((list, end)),
            }
        }
        Err(self.errorf("unexpected EOF"))
    }

    /// One text or action; `Err(end)` when the action was `{{end}}` or `{{else}}`.
    fn text_or_action(&mut self) -> PResult<Result<Node, ListEnd>> {
        let token = self.next_non_space();
        match token.typ {
            Tok::Text => Ok(Ok(Node::Text(token.val))),
            Tok::LeftDelim => {
                self.action_line = token.line;
                let r = self.action();
                self.action_line = 0;
                r
            }
            _ => Err(self.unexpected(&token, "input")),
        }
    }

    fn action(&mut self) -> PResult<Result<Node, ListEnd>> {
        let token = self.next_non_space();
        match token.typ {
            Tok::Block => return self.block_control().map(Ok),
            Tok::Break | Tok::Continue => {
                let what = if token.typ == Tok::Break { "{{break}}" } else { "{{continue}}" };
                let t = self.next_non_space();
                if t.typ != Tok::RightDelim {
                    return Err(self.unexpected(&t, what));
                }
                if self.range_depth == 0 {
                    return Err(self.errorf(format!("{what} outside {{{{range}}}}")));
                }
                return Ok(Ok(if token.typ == Tok::Break {
                    Node::Break { pos: token.pos }
                } else {
                    Node::Continue { pos: token.pos }
                }));
            }
            Tok::Else => {
                let peek = self.peek_non_space();
                if peek.typ == Tok::If {
                    return Ok(Err(ListEnd::Else { is_if: true }));
                }
                self.expect(Tok::RightDelim, "else")?;
                return Ok(Err(ListEnd::Else { is_if: false }));
            }
            Tok::End => {
                self.expect(Tok::RightDelim, "end")?;
                return Ok(Err(ListEnd::End));
            }
            Tok::If => return self.control(ControlKind::If).map(Ok),
            Tok::Range => return self.control(ControlKind::Range).map(Ok),
            Tok::With => return self.control(ControlKind::With).map(Ok),
            Tok::Template => return self.template_control().map(Ok),
            _ => {}
        }
        self.backup();
        let pos = self.peek().pos;
        let pipe = self.pipeline("command", Tok::RightDelim)?;
        Ok(Ok(Node::Action { pos, pipe }))
    }

    fn control(&mut self, kind: ControlKind) -> PResult<Node> {
        self.enter()?;
        let context = match kind {
            ControlKind::If => "if",
            ControlKind::Range => "range",
            ControlKind::With => "with",
        };
        let vars_mark = self.vars.len();
        let pipe = self.pipeline(context, Tok::RightDelim)?;
        if kind == ControlKind::Range {
            self.range_depth += 1;
        }
        let listed = self.item_list();
        if kind == ControlKind::Range {
            self.range_depth -= 1;
        }
        let (list, next) = listed?;
        let mut else_list = None;
        if let ListEnd::Else { is_if } = next {
            // `{{else if x}}` (and since Go 1.23 `{{else with x}}`) is an `if` nested in
            // the else branch that shares the outer `{{end}}`.
            let nested = match kind {
                ControlKind::If if is_if => self.peek().typ == Tok::If,
                ControlKind::With => self.peek_non_space().typ == Tok::With && self.peek().typ == Tok::With,
                _ => false,
            };
            if nested {
                let t = self.next();
                let inner = if t.typ == Tok::If { ControlKind::If } else { ControlKind::With };
                else_list = Some(vec![self.control(inner)?]);
            } else {
                if is_if {
                    // `{{else if}}` inside range/with: the `if` is read as the start of
                    // the else branch's content.
                    let t = self.next_non_space();
                    return Err(self.unexpected(&t, "input"));
                }
                let (l, n) = self.item_list()?;
                if let ListEnd::Else { .. } = n {
                    return Err(self.errorf("expected end; found {{else}}"));
                }
                else_list = Some(l);
            }
        }
        self.vars.truncate(vars_mark);
        self.depth -= 1;
        Ok(Node::Control { kind, pos: pipe.pos, pipe, list, else_list })
    }

    fn template_control(&mut self) -> PResult<Node> {
        let context = "template clause";
        let token = self.next_non_space();
        if token.typ != Tok::Str && token.typ != Tok::RawString {
            return Err(self.unexpected(&token, context));
        }
        let name = strconv::unquote(&token.val).map_err(|e| self.errorf(e))?;
        let mut pipe = None;
        if self.next_non_space().typ != Tok::RightDelim {
            self.backup();
            pipe = Some(self.pipeline(context, Tok::RightDelim)?);
        }
        Ok(Node::Template { pos: token.pos, name, pipe })
    }

    fn block_control(&mut self) -> PResult<Node> {
        let context = "block clause";
        let token = self.next_non_space();
        if token.typ != Tok::Str && token.typ != Tok::RawString {
            return Err(self.unexpected(&token, context));
        }
        let name = strconv::unquote(&token.val).map_err(|e| self.errorf(e))?;
        let pipe = self.pipeline(context, Tok::RightDelim)?;
        let saved_vars = std::mem::replace(&mut self.vars, vec!["$".to_string()]);
        let (list, end) = self.item_list()?;
        self.vars = saved_vars;
        if let ListEnd::Else { .. } = end {
            return Err(self.errorf(format!("unexpected {{{{else}}}} in {context}")));
        }
        self.defines.retain(|(n, _)| *n != name);
        self.defines.push((name.clone(), list));
        Ok(Node::Template { pos: token.pos, name, pipe: Some(pipe) })
    }

    fn pipeline(&mut self, context: &str, end: Tok) -> PResult<Pipe> {
        self.enter()?;
        let token = self.peek_non_space();
        let mut pipe = Pipe { pos: token.pos, is_assign: false, decl: Vec::new(), cmds: Vec::new() };
        // Declarations: `$x :=`, `$x =`, `$i, $v :=` (range only).
        loop {
            let v = self.peek_non_space();
            if v.typ != Tok::Variable {
                break;
            }
            let v_index = self.i;
            self.next();
            let after = self.peek();
            let next = self.peek_non_space();
            if next.typ == Tok::Assign || next.typ == Tok::Declare {
                pipe.is_assign = next.typ == Tok::Assign;
                self.next_non_space();
                pipe.decl.push(v.val.clone());
                self.vars.push(v.val.clone());
                break;
            } else if next.typ == Tok::Char && next.val == "," {
                self.next_non_space();
                pipe.decl.push(v.val.clone());
                self.vars.push(v.val.clone());
                if context == "range" && pipe.decl.len() < 2 {
                    match self.peek_non_space().typ {
                        Tok::Variable | Tok::RightDelim | Tok::RightParen => continue,
                        _ => return Err(self.errorf("range can only initialize variables")),
                    }
                }
                return Err(self.errorf(format!("too many declarations in {context}")));
            } else {
                let _ = after;
                self.i = v_index;
                break;
            }
        }
        loop {
            let token = self.next_non_space();
            if token.typ == end {
                self.check_pipeline(&pipe, context)?;
                self.depth -= 1;
                return Ok(pipe);
            }
            match token.typ {
                Tok::Bool
                | Tok::CharConstant
                | Tok::Complex
                | Tok::Dot
                | Tok::Field
                | Tok::Identifier
                | Tok::Number
                | Tok::Nil
                | Tok::RawString
                | Tok::Str
                | Tok::Variable
                | Tok::LeftParen => {
                    self.backup();
                    let cmd = self.command()?;
                    pipe.cmds.push(cmd);
                }
                _ => return Err(self.unexpected(&token, context)),
            }
        }
    }

    fn check_pipeline(&self, pipe: &Pipe, context: &str) -> PResult<()> {
        if pipe.cmds.is_empty() {
            return Err(self.errorf(format!("missing value for {context}")));
        }
        for (i, c) in pipe.cmds.iter().enumerate().skip(1) {
            if matches!(
                c.args.first(),
                Some(Arg::Bool { .. } | Arg::Dot { .. } | Arg::Nil { .. } | Arg::Number { .. } | Arg::Str { .. })
            ) {
                return Err(self.errorf(format!("non executable command in pipeline stage {}", i + 1)));
            }
        }
        Ok(())
    }

    fn command(&mut self) -> PResult<Cmd> {
        let pos = self.peek_non_space().pos;
        let mut cmd = Cmd { pos, args: Vec::new() };
        loop {
            self.peek_non_space();
            if let Some(op) = self.operand()? {
                cmd.args.push(op);
            }
            let token = self.next();
            match token.typ {
                Tok::Space => continue,
                Tok::RightDelim | Tok::RightParen => self.backup(),
                Tok::Pipe => {}
                _ => return Err(self.unexpected(&token, "operand")),
            }
            break;
        }
        if cmd.args.is_empty() {
            return Err(self.errorf("empty command"));
        }
        Ok(cmd)
    }

    fn operand(&mut self) -> PResult<Option<Arg>> {
        let Some(node) = self.term()? else { return Ok(None) };
        if self.peek().typ != Tok::Field {
            return Ok(Some(node));
        }
        let chain_pos = self.peek().pos;
        let mut fields = Vec::new();
        while self.peek().typ == Tok::Field {
            let f = self.next();
            fields.push(f.val.trim_start_matches('.').to_string());
        }
        Ok(Some(match node {
            Arg::Field { pos: _, mut idents } => {
                idents.extend(fields);
                Arg::Field { pos: chain_pos, idents }
            }
            Arg::Variable { pos: _, mut idents } => {
                idents.extend(fields);
                Arg::Variable { pos: chain_pos, idents }
            }
            Arg::Bool { .. } | Arg::Str { .. } | Arg::Number { .. } | Arg::Nil { .. } | Arg::Dot { .. } => {
                return Err(self.errorf(format!("unexpected . after term {}", strconv::quote(&node.to_string()))));
            }
            other => Arg::Chain { pos: chain_pos, node: Box::new(other), fields },
        }))
    }

    fn term(&mut self) -> PResult<Option<Arg>> {
        let token = self.next_non_space();
        let pos = token.pos;
        Ok(Some(match token.typ {
            Tok::Identifier => {
                if !(self.has_function)(&token.val) {
                    return Err(self.errorf(format!("function {} not defined", strconv::quote(&token.val))));
                }
                Arg::Identifier { pos, name: token.val }
            }
            Tok::Dot => Arg::Dot { pos },
            Tok::Nil => Arg::Nil { pos },
            Tok::Variable => {
                let name = token.val.split('.').next().unwrap_or("").to_string();
                if !self.vars.contains(&name) {
                    return Err(self.errorf(format!("undefined variable {}", strconv::quote(&name))));
                }
                let idents = token.val.split('.').map(str::to_string).collect();
                Arg::Variable { pos, idents }
            }
            Tok::Field => {
                Arg::Field { pos, idents: token.val.trim_start_matches('.').split('.').map(str::to_string).collect() }
            }
            Tok::Bool => Arg::Bool { pos, value: token.val == "true" },
            Tok::CharConstant | Tok::Complex | Tok::Number => self.number(pos, &token.val, token.typ)?,
            Tok::LeftParen => Arg::Pipe(Box::new(self.pipeline("parenthesized pipeline", Tok::RightParen)?)),
            Tok::Str | Tok::RawString => {
                let text = strconv::unquote(&token.val).map_err(|e| self.errorf(e))?;
                Arg::Str { pos, quoted: token.val, text }
            }
            _ => {
                self.backup();
                return Ok(None);
            }
        }))
    }

    fn number(&self, pos: usize, text: &str, typ: Tok) -> PResult<Arg> {
        if typ == Tok::CharConstant {
            let inner = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
            let c = strconv::unquote_char(inner)
                .ok_or_else(|| self.errorf(format!("malformed character constant: {text}")))?;
            return Ok(Arg::Number { pos, text: text.to_string(), int: Some(c as i64), float: Some(c as u32 as f64) });
        }
        if typ == Tok::Complex || text.ends_with('i') {
            return Err(self.errorf(format!("complex constants are not supported: {text}")));
        }
        let clean: String = text.chars().filter(|c| *c != '_').collect();
        let int = strconv::parse_int(text).ok();
        let float = match int {
            Some(i) => Some(i as f64),
            None => {
                let f = clean.parse::<f64>().ok();
                if f.is_some() && !clean.contains(['.', 'e', 'E', 'p', 'P']) {
                    return Err(self.errorf(format!("integer overflow: {}", strconv::quote(text))));
                }
                f
            }
        };
        let int = int.or_else(|| float.filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64));
        if int.is_none() && float.is_none() {
            return Err(self.errorf(format!("illegal number syntax: {}", strconv::quote(text))));
        }
        Ok(Arg::Number { pos, text: text.to_string(), int, float })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn funcs(name: &str) -> bool {
        matches!(name, "json" | "lower" | "upper" | "index" | "printf" | "eq" | "len" | "join")
    }

    fn err(src: &str) -> String {
        parse(src, &funcs).err().unwrap_or_else(|| format!("no error for {src:?}"))
    }

    #[test]
    fn parse_errors_match_go() {
        assert_eq!(err("{{foo .}}"), r#"template: :1: function "foo" not defined"#);
        assert_eq!(err("{{.Name"), "template: :1: unclosed action");
        assert_eq!(err("{{.Name}"), "template: :1: bad character U+007D '}'");
        assert_eq!(err("{{end}}"), "template: :1: unexpected {{end}}");
        assert_eq!(err("{{if .X}}a"), "template: :1: unexpected EOF");
        assert_eq!(err("{{range}}{{end}}"), "template: :1: missing value for range");
        assert_eq!(err("{{}}"), "template: :1: missing value for command");
        assert_eq!(err("{{.A | 3}}"), "template: :1: non executable command in pipeline stage 2");
        assert_eq!(err("{{$x}}"), r#"template: :1: undefined variable "$x""#);
        assert_eq!(err(r#"{{"abc}}"#), "template: :1: unterminated quoted string");
        assert_eq!(err("{{.A!}}"), "template: :1: bad character U+0021 '!'");
        assert_eq!(err("{{(.A}}"), "template: :1: unclosed left paren");
        assert_eq!(err("{{.A)}}"), "template: :1: unexpected \")\" in command");
        assert_eq!(err("{{break}}"), "template: :1: {{break}} outside {{range}}");
        assert_eq!(err("{{else}}"), "template: :1: unexpected {{else}}");
        assert_eq!(err("{{3.A}}"), "template: :1: bad number syntax: \"3.A\"");
        assert_eq!(err("{{\"x\".A}}"), r#"template: :1: unexpected . after term "\"x\"""#);
    }

    #[test]
    fn parses_the_usual_forms() {
        for ok in [
            "{{.State.Status}}",
            "{{json .Mounts}}",
            "{{range $k, $v := .Config.Labels}}{{$k}}={{$v}}\n{{end}}",
            "{{(index (index .NetworkSettings.Ports \"80/tcp\") 0).HostPort}}",
            "{{if eq .State.Status \"running\"}}up{{else if .X}}x{{else}}down{{end}}",
            "{{- .Name -}}  {{/* comment */}}",
            "{{with $x := .A}}{{$x}}{{end}}",
            "{{range .}}{{if .X}}{{break}}{{end}}{{end}}",
            "{{define \"t\"}}T{{end}}{{template \"t\" .}}",
        ] {
            assert!(parse(ok, &funcs).is_ok(), "{ok}: {:?}", parse(ok, &funcs).err());
        }
    }

    #[test]
    fn trim_markers_eat_spaces() {
        let t = parse("a  {{- .X -}}  b", &funcs).unwrap();
        assert_eq!(t.root.first(), Some(&Node::Text("a".to_string())));
        assert_eq!(t.root.last(), Some(&Node::Text("b".to_string())));
    }
}
