//! Runs a parsed template over a [`Value`], with Go's semantics and error texts.
//!
//! A port of the evaluation rules of Go's `text/template` (`exec.go`, `funcs.go`): field
//! chains on structs and maps, method-like fields of docker's list contexts, variables,
//! pipelines feeding their value as the last argument, `if`/`with`/`range`/`break`,
//! Go's builtins (`and or not len index slice eq ne lt le gt ge print printf println html
//! urlquery js`) and docker's (`json split join title lower upper pad truncate`). Errors
//! read `template: :1:2: executing "" at <.Foo>: ...` as in Go. Nothing here parses or
//! touches anything but the value it is given.

use super::gofmt;
use super::parse::{Arg, Cmd, ControlKind, Node, Pipe, Tree};
use super::value::Value;

/// Which function table is in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Funcs {
    /// docker's `basicFunctions` plus Go's builtins: rows, inspect, version.
    Basic,
    /// docker's `HeaderFunctions`: `json`, `lower`, ... return their string argument
    /// unchanged, so a table header shows the column title, not `"CONTAINER ID"`.
    Header,
}

/// Every function name a template may use (the parser refuses others).
pub fn is_function(name: &str) -> bool {
    matches!(
        name,
        "and"
            | "or"
            | "not"
            | "len"
            | "index"
            | "slice"
            | "eq"
            | "ne"
            | "lt"
            | "le"
            | "gt"
            | "ge"
            | "print"
            | "printf"
            | "println"
            | "html"
            | "js"
            | "urlquery"
            | "call"
            | "json"
            | "split"
            | "join"
            | "title"
            | "lower"
            | "upper"
            | "pad"
            | "truncate"
    )
}

/// How deep `{{template}}` calls may nest before we stop (Go allows far more; a template
/// that calls itself is the only way to get here).
const MAX_TEMPLATE_DEPTH: usize = 50;

/// Output larger than this is cut off with an error instead of filling memory.
const MAX_OUTPUT: usize = 4 << 20;

/// How deeply nodes may nest during execution (template calls multiply the parser's
/// own limit), so that the stack never runs out.
const MAX_WALK_DEPTH: usize = 400;

/// How many nodes one execution may visit: `{{range 100000}}{{range 100000}}...` would
/// otherwise keep the page busy for hours.
const MAX_STEPS: u64 = 2_000_000;

enum Flow {
    Break,
    Continue,
    Error(String),
}

type R<T> = Result<T, Flow>;

#[derive(Clone, Copy)]
enum At<'t> {
    None,
    Node(&'t Node),
    Pipe(&'t Pipe),
    Cmd(&'t Cmd),
    Arg(&'t Arg),
}

/// A parameter's Go type, for argument checks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PT {
    /// `reflect.Value` (builtins): anything goes, missing values too.
    Reflect,
    /// `any` (docker's `json`, Go's `print`): anything, a missing value becomes nil.
    Any,
    Str,
    Int,
    StrList,
}

impl PT {
    fn name(self) -> &'static str {
        match self {
            PT::Reflect => "reflect.Value",
            PT::Any => "interface {}",
            PT::Str => "string",
            PT::Int => "int",
            PT::StrList => "[]string",
        }
    }
}

/// A function's signature: fixed parameters, then an optional variadic one.
struct Sig {
    fixed: &'static [PT],
    variadic: Option<PT>,
}

fn signature(name: &str, funcs: Funcs) -> Sig {
    use PT::*;
    let header = funcs == Funcs::Header;
    match name {
        "and" | "or" | "index" | "slice" | "call" | "eq" => Sig { fixed: &[Reflect], variadic: Some(Reflect) },
        "not" | "len" => Sig { fixed: &[Reflect], variadic: None },
        "ne" | "lt" | "le" | "gt" | "ge" => Sig { fixed: &[Reflect, Reflect], variadic: None },
        "print" | "println" | "html" | "js" | "urlquery" => Sig { fixed: &[], variadic: Some(Any) },
        "printf" => Sig { fixed: &[Str], variadic: Some(Any) },
        "json" if header => Sig { fixed: &[Str], variadic: None },
        "json" => Sig { fixed: &[Any], variadic: None },
        "split" => Sig { fixed: &[Str, Str], variadic: None },
        "join" if header => Sig { fixed: &[Str, Str], variadic: None },
        "join" => Sig { fixed: &[StrList, Str], variadic: None },
        "title" | "lower" | "upper" => Sig { fixed: &[Str], variadic: None },
        "pad" => Sig { fixed: &[Str, Int, Int], variadic: None },
        "truncate" => Sig { fixed: &[Str, Int], variadic: None },
        _ => Sig { fixed: &[], variadic: Some(Any) },
    }
}

/// One execution.
pub(crate) struct Exec<'t> {
    tree: &'t Tree,
    funcs: Funcs,
    /// docker's raw-JSON fallback: `missingkey=error` and JSON type names.
    raw: bool,
    vars: Vec<(String, Value)>,
    at: At<'t>,
    out: String,
    depth: usize,
    walk_depth: usize,
    steps: u64,
}

/// Runs `tree` over `data`. Returns the output and, on failure, Go's error text (the
/// output then holds what was written before the error).
pub(crate) fn execute(tree: &Tree, data: &Value, funcs: Funcs, raw: bool) -> (String, Option<String>) {
    let mut e = Exec {
        tree,
        funcs,
        raw,
        vars: vec![("$".to_string(), data.clone())],
        at: At::None,
        out: String::new(),
        depth: 0,
        walk_depth: 0,
        steps: 0,
    };
    let result = e.walk_list(data, &tree.root);
    let err = match result {
        Ok(()) => None,
        Err(Flow::Error(msg)) => Some(msg),
        // The parser only allows break/continue inside a range.
        Err(Flow::Break | Flow::Continue) => None,
    };
    (e.out, err)
}

impl<'t> Exec<'t> {
    fn errorf(&self, msg: impl Into<String>) -> Flow {
        let msg = msg.into();
        let (pos, context) = match self.at {
            At::None => return Flow::Error(format!("template: : {msg}")),
            At::Node(n) => (node_pos(n), node_string(n)),
            At::Pipe(p) => (p.pos, p.to_string()),
            At::Cmd(c) => (c.pos, c.to_string()),
            At::Arg(a) => (a.pos(), a.to_string()),
        };
        let text = self.tree.text.get(..pos).unwrap_or(&self.tree.text);
        let line = 1 + text.matches('\n').count();
        let col = match text.rfind('\n') {
            Some(i) => pos - (i + 1),
            None => pos,
        };
        Flow::Error(format!("template: :{line}:{col}: executing \"\" at <{context}>: {msg}"))
    }

    fn write(&mut self, s: &str) -> R<()> {
        if self.out.len() + s.len() > MAX_OUTPUT {
            return Err(self.errorf("output too large"));
        }
        self.out.push_str(s);
        Ok(())
    }

    fn walk_list(&mut self, dot: &Value, list: &'t [Node]) -> R<()> {
        for n in list {
            self.walk(dot, n)?;
        }
        Ok(())
    }

    fn walk(&mut self, dot: &Value, node: &'t Node) -> R<()> {
        self.at = At::Node(node);
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(self.errorf("template execution took too long"));
        }
        if self.walk_depth >= MAX_WALK_DEPTH {
            return Err(self.errorf(format!("exceeded maximum template depth ({MAX_WALK_DEPTH})")));
        }
        self.walk_depth += 1;
        let r = self.walk_node(dot, node);
        self.walk_depth -= 1;
        r
    }

    fn walk_node(&mut self, dot: &Value, node: &'t Node) -> R<()> {
        match node {
            Node::Text(t) => self.write(t),
            Node::Action { pipe, .. } => {
                let v = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    self.at = At::Node(node);
                    let s = v.go_print();
                    self.write(&s)?;
                }
                Ok(())
            }
            Node::Break { .. } => Err(Flow::Break),
            Node::Continue { .. } => Err(Flow::Continue),
            Node::Control { kind: ControlKind::Range, pipe, list, else_list, .. } => {
                self.walk_range(dot, node, pipe, list, else_list.as_deref())
            }
            Node::Control { kind, pipe, list, else_list, .. } => {
                let mark = self.vars.len();
                let v = self.eval_pipeline(dot, pipe)?;
                let truth = is_true(&v);
                let r = if truth {
                    if *kind == ControlKind::With {
                        self.walk_list(&v, list)
                    } else {
                        self.walk_list(dot, list)
                    }
                } else if let Some(e) = else_list {
                    self.walk_list(dot, e)
                } else {
                    Ok(())
                };
                self.vars.truncate(mark);
                r
            }
            Node::Template { name, pipe, .. } => {
                let Some((_, body)) = self.tree.defines.iter().find(|(n, _)| n == name) else {
                    return Err(self.errorf(format!("template {} not defined", crate::go::strconv::quote(name))));
                };
                if self.depth >= MAX_TEMPLATE_DEPTH {
                    return Err(self.errorf(format!("exceeded maximum template depth ({MAX_TEMPLATE_DEPTH})")));
                }
                let new_dot = match pipe {
                    Some(p) => self.eval_pipeline(dot, p)?,
                    None => Value::Missing,
                };
                let saved = std::mem::replace(&mut self.vars, vec![("$".to_string(), new_dot.clone())]);
                self.depth += 1;
                let r = self.walk_list(&new_dot, body);
                self.depth -= 1;
                self.vars = saved;
                r
            }
        }
    }

    fn walk_range(
        &mut self,
        dot: &Value,
        node: &'t Node,
        pipe: &'t Pipe,
        list: &'t [Node],
        else_list: Option<&'t [Node]>,
    ) -> R<()> {
        self.at = At::Node(node);
        let mark = self.vars.len();
        let val = self.eval_pipeline(dot, pipe)?;
        let body_mark = self.vars.len();
        let items: Vec<(Value, Value)> = match &val {
            Value::List(l) => l.iter().enumerate().map(|(i, v)| (Value::Int(i as i64), v.clone())).collect(),
            Value::Map(m) => m.entries.iter().map(|(k, v)| (Value::str(k.clone()), v.clone())).collect(),
            Value::Header(h) => {
                let mut h = h.clone();
                crate::sort::sort(&mut h);
                h.into_iter().map(|(k, v)| (Value::Str(k), Value::Str(v))).collect()
            }
            Value::Int(n) if *n >= 0 => {
                if pipe.decl.len() > 1 {
                    return Err(self.errorf(format!("can't use {n} to iterate over more than one variable")));
                }
                (0..(*n).min(1_000_000)).map(|i| (Value::Int(i), Value::Int(i))).collect()
            }
            Value::Missing | Value::Nil | Value::Null | Value::NilList | Value::NilMap => Vec::new(),
            other => return Err(self.errorf(format!("range can't iterate over {}", other.go_print()))),
        };
        let mut result = Ok(());
        for (index, elem) in &items {
            self.steps += 1;
            if self.steps > MAX_STEPS {
                self.at = At::Node(node);
                result = Err(self.errorf("template execution took too long"));
                break;
            }
            // The last declared variable gets the element, the one before it the index.
            let n = self.vars.len();
            if !pipe.decl.is_empty() && n >= 1 {
                self.vars[n - 1].1 = elem.clone();
            }
            if pipe.decl.len() > 1 && n >= 2 {
                self.vars[n - 2].1 = index.clone();
            }
            let r = self.walk_list(elem, list);
            self.vars.truncate(body_mark);
            match r {
                Ok(()) | Err(Flow::Continue) => {}
                Err(Flow::Break) => break,
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if result.is_ok() && items.is_empty() {
            if let Some(e) = else_list {
                result = self.walk_list(dot, e);
            }
        }
        self.vars.truncate(mark);
        result
    }

    fn eval_pipeline(&mut self, dot: &Value, pipe: &'t Pipe) -> R<Value> {
        self.at = At::Pipe(pipe);
        let mut value: Option<Value> = None;
        for cmd in &pipe.cmds {
            let v = self.eval_command(dot, cmd, value)?;
            // Go digs through an empty interface after each command: a nil one becomes
            // the invalid value (`<no value>`).
            value = Some(if v == Value::Null { Value::Missing } else { v });
        }
        let value = value.unwrap_or(Value::Missing);
        for name in &pipe.decl {
            if pipe.is_assign {
                match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    Some(v) => v.1 = value.clone(),
                    None => return Err(self.errorf(format!("undefined variable: {name}"))),
                }
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn not_a_function(&self, args: &'t [Arg], final_: &Option<Value>) -> R<()> {
        if args.len() > 1 || final_.is_some() {
            let first = args.first().map(|a| a.to_string()).unwrap_or_default();
            return Err(self.errorf(format!("can't give argument to non-function {first}")));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Value, cmd: &'t Cmd, final_: Option<Value>) -> R<Value> {
        let Some(first) = cmd.args.first() else { return Ok(Value::Missing) };
        match first {
            Arg::Field { idents, .. } => {
                self.at = At::Arg(first);
                return self.eval_field_chain(dot, dot.clone(), first, idents, &cmd.args, final_);
            }
            Arg::Chain { node, fields, .. } => {
                self.at = At::Arg(first);
                if matches!(node.as_ref(), Arg::Nil { .. }) {
                    return Err(self.errorf(format!("indirection through explicit nil in {first}")));
                }
                let recv = self.eval_arg(dot, PT::Any, node)?;
                self.at = At::Arg(first);
                return self.eval_field_chain(dot, recv, first, fields, &cmd.args, final_);
            }
            Arg::Identifier { name, .. } => {
                self.at = At::Arg(first);
                return self.eval_function(dot, name, first, Some(cmd), &cmd.args, final_);
            }
            Arg::Pipe(p) => {
                self.not_a_function(&cmd.args, &final_)?;
                return self.eval_pipeline(dot, p);
            }
            Arg::Variable { idents, .. } => {
                self.at = At::Arg(first);
                return self.eval_variable(dot, first, idents, &cmd.args, final_);
            }
            _ => {}
        }
        self.at = At::Arg(first);
        self.not_a_function(&cmd.args, &final_)?;
        match first {
            Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.errorf("nil is not a command")),
            Arg::Number { int, float, .. } => Ok(ideal_constant(*int, *float)),
            Arg::Str { text, .. } => Ok(Value::Str(text.clone())),
            other => {
                Err(self.errorf(format!("can't evaluate command {}", crate::go::strconv::quote(&other.to_string()))))
            }
        }
    }

    fn var_value(&self, name: &str) -> R<Value> {
        match self.vars.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => Err(self.errorf(format!("undefined variable: {name}"))),
        }
    }

    fn eval_variable(
        &mut self,
        dot: &Value,
        node: &'t Arg,
        idents: &'t [String],
        args: &'t [Arg],
        final_: Option<Value>,
    ) -> R<Value> {
        let name = idents.first().map(String::as_str).unwrap_or("$");
        let value = self.var_value(name)?;
        if idents.len() == 1 {
            self.not_a_function(args, &final_)?;
            return Ok(value);
        }
        self.eval_field_chain(dot, value, node, &idents[1..], args, final_)
    }

    fn eval_field_chain(
        &mut self,
        dot: &Value,
        mut receiver: Value,
        node: &'t Arg,
        idents: &'t [String],
        args: &'t [Arg],
        final_: Option<Value>,
    ) -> R<Value> {
        let n = idents.len();
        for ident in idents.iter().take(n.saturating_sub(1)) {
            receiver = self.eval_field(dot, ident, node, &[], None, &receiver)?;
        }
        match idents.last() {
            Some(last) => self.eval_field(dot, last, node, args, final_, &receiver),
            None => Ok(receiver),
        }
    }

    /// `.Name` on `receiver`; `args[0]` is the field itself, the rest (plus `final_`) are
    /// arguments for a method.
    fn eval_field(
        &mut self,
        dot: &Value,
        name: &str,
        node: &'t Arg,
        args: &'t [Arg],
        final_: Option<Value>,
        receiver: &Value,
    ) -> R<Value> {
        let has_args = args.len() > 1 || final_.is_some();
        match receiver {
            Value::Missing => {
                if self.raw {
                    return Err(self.errorf(format!("nil data; no entry for key {}", crate::go::strconv::quote(name))));
                }
                Ok(Value::Missing)
            }
            Value::Nil | Value::Null => Err(self.errorf(format!("nil pointer evaluating interface {{}}.{name}"))),
            Value::Struct(s) => {
                let Some(field) = s.fields.iter().find(|f| f.go_name() == name) else {
                    return Err(self.errorf(format!("can't evaluate field {name} in type {}", s.type_name)));
                };
                if let Value::Labels(labels) = &field.value {
                    let a = self.method_args(dot, name, node, args, final_, 1)?;
                    let key = match a.first() {
                        Some(Value::Str(k)) => k.clone(),
                        _ => String::new(),
                    };
                    return Ok(Value::Str(
                        labels.iter().find(|(k, _)| *k == key).map(|(_, v)| v.clone()).unwrap_or_default(),
                    ));
                }
                if has_args {
                    if s.marshal == super::value::Marshal::SortedEscaped {
                        // The fields of a list context are methods without parameters.
                        let got = args.len().saturating_sub(1) + usize::from(final_.is_some());
                        return Err(self.errorf(format!("wrong number of args for {name}: want 0 got {got}")));
                    }
                    return Err(self.errorf(format!("{name} has arguments but cannot be invoked as function")));
                }
                Ok(field.value.clone())
            }
            Value::Map(m) => {
                if has_args {
                    return Err(self.errorf(format!("{name} is not a method but has arguments")));
                }
                match m.entries.iter().find(|(k, _)| k == name) {
                    Some((_, v)) => Ok(v.clone()),
                    None if self.raw => {
                        Err(self.errorf(format!("map has no entry for key {}", crate::go::strconv::quote(name))))
                    }
                    None => Ok(Value::Missing),
                }
            }
            Value::NilMap => {
                if has_args {
                    return Err(self.errorf(format!("{name} is not a method but has arguments")));
                }
                Ok(Value::Missing)
            }
            Value::Header(h) => {
                if name == "Label" {
                    let a = self.method_args(dot, name, node, args, final_, 1)?;
                    let key = match a.first() {
                        Some(Value::Str(k)) => k.clone(),
                        _ => String::new(),
                    };
                    return Ok(Value::Str(header_label(&key)));
                }
                if has_args {
                    return Err(self.errorf(format!("{name} is not a method but has arguments")));
                }
                Ok(h.iter().find(|(k, _)| k == name).map(|(_, v)| Value::Str(v.clone())).unwrap_or(Value::Missing))
            }
            // In the raw fallback every value came out of a `map[string]interface {}`.
            _ if self.raw => Err(self.errorf(format!("can't evaluate field {name} in type interface {{}}"))),
            other => Err(self.errorf(format!("can't evaluate field {name} in type {}", other.type_name(false)))),
        }
    }

    /// Evaluates the string arguments of a method such as `.Label "x"`.
    fn method_args(
        &mut self,
        dot: &Value,
        name: &str,
        node: &'t Arg,
        args: &'t [Arg],
        final_: Option<Value>,
        want: usize,
    ) -> R<Vec<Value>> {
        let given = args.len().saturating_sub(1) + usize::from(final_.is_some());
        if given != want {
            return Err(self.errorf(format!("wrong number of args for {name}: want {want} got {given}")));
        }
        let mut out = Vec::new();
        for a in args.iter().skip(1) {
            out.push(self.eval_arg(dot, PT::Str, a)?);
        }
        if let Some(f) = final_ {
            self.at = At::Arg(node);
            out.push(self.validate(f, PT::Str)?);
        }
        Ok(out)
    }

    /// Checks a value against a parameter type (Go's `validateType`).
    fn validate(&self, v: Value, pt: PT) -> R<Value> {
        match (pt, &v) {
            (PT::Reflect, _) => Ok(v),
            (PT::Any, Value::Missing | Value::Null) => Ok(Value::Nil),
            (PT::Any, _) => Ok(v),
            (PT::Str, Value::Str(_)) | (PT::Int, Value::Int(_)) => Ok(v),
            (PT::StrList, Value::NilList) => Ok(v),
            (PT::StrList, Value::List(items)) if !self.raw && items.iter().all(|i| matches!(i, Value::Str(_))) => Ok(v),
            (_, Value::Missing) => Err(self.errorf(format!("invalid value; expected {}", pt.name()))),
            _ => {
                Err(self.errorf(format!("wrong type for value; expected {}; got {}", pt.name(), v.type_name(self.raw))))
            }
        }
    }

    /// Evaluates one argument node for a parameter of type `pt` (Go's `evalArg`).
    fn eval_arg(&mut self, dot: &Value, pt: PT, n: &'t Arg) -> R<Value> {
        self.at = At::Arg(n);
        match n {
            Arg::Dot { .. } => return self.validate(dot.clone(), pt),
            Arg::Nil { .. } => {
                return match pt {
                    PT::Reflect => Ok(Value::Missing),
                    PT::Any | PT::StrList => Ok(Value::Nil),
                    _ => Err(self.errorf(format!("cannot assign nil to {}", pt.name()))),
                };
            }
            Arg::Field { idents, .. } => {
                let v = self.eval_field_chain(dot, dot.clone(), n, idents, std::slice::from_ref(n), None)?;
                self.at = At::Arg(n);
                return self.validate(v, pt);
            }
            Arg::Variable { idents, .. } => {
                let v = self.eval_variable(dot, n, idents, &[], None)?;
                self.at = At::Arg(n);
                return self.validate(v, pt);
            }
            Arg::Pipe(p) => {
                let v = self.eval_pipeline(dot, p)?;
                self.at = At::Arg(n);
                return self.validate(v, pt);
            }
            Arg::Identifier { name, .. } => {
                let cmd_args = std::slice::from_ref(n);
                let v = self.eval_function(dot, name, n, None, cmd_args, None)?;
                self.at = At::Arg(n);
                return self.validate(v, pt);
            }
            Arg::Chain { node, fields, .. } => {
                if matches!(node.as_ref(), Arg::Nil { .. }) {
                    return Err(self.errorf(format!("indirection through explicit nil in {n}")));
                }
                let recv = self.eval_arg(dot, PT::Any, node)?;
                self.at = At::Arg(n);
                let v = self.eval_field_chain(dot, recv, n, fields, &[], None)?;
                self.at = At::Arg(n);
                return self.validate(v, pt);
            }
            _ => {}
        }
        match pt {
            PT::Str => match n {
                Arg::Str { text, .. } => Ok(Value::Str(text.clone())),
                _ => Err(self.errorf(format!("expected string; found {n}"))),
            },
            PT::Int => match n {
                Arg::Number { int: Some(i), .. } => Ok(Value::Int(*i)),
                _ => Err(self.errorf(format!("expected integer; found {n}"))),
            },
            PT::StrList => Err(self.errorf(format!("can't handle {n} for arg of type []string"))),
            PT::Any | PT::Reflect => match n {
                Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
                Arg::Number { int, float, .. } => Ok(ideal_constant(*int, *float)),
                Arg::Str { text, .. } => Ok(Value::Str(text.clone())),
                _ => Err(self.errorf(format!("can't handle assignment of {n} to empty interface argument"))),
            },
        }
    }

    /// Calls a function: `args[0]` is its name, the rest (plus the piped `final_`) its
    /// arguments.
    fn eval_function(
        &mut self,
        dot: &Value,
        name: &str,
        ident: &'t Arg,
        cmd: Option<&'t Cmd>,
        args: &'t [Arg],
        final_: Option<Value>,
    ) -> R<Value> {
        self.at = At::Arg(ident);
        let sig = signature(name, self.funcs);
        let given = args.len().saturating_sub(1);
        let num_in = given + usize::from(final_.is_some());
        match sig.variadic {
            Some(_) if num_in < sig.fixed.len() => {
                return Err(self.errorf(format!(
                    "wrong number of args for {name}: want at least {} got {given}",
                    sig.fixed.len()
                )));
            }
            None if num_in != sig.fixed.len() => {
                return Err(
                    self.errorf(format!("wrong number of args for {name}: want {} got {num_in}", sig.fixed.len()))
                );
            }
            _ => {}
        }
        let param = |i: usize| sig.fixed.get(i).copied().or(sig.variadic).unwrap_or(PT::Any);
        let call_args = args.get(1..).unwrap_or(&[]);
        // `and` and `or` stop at the first argument that decides the result.
        if name == "and" || name == "or" {
            let mut v = Value::Missing;
            for a in call_args {
                v = self.eval_arg(dot, PT::Reflect, a)?;
                if is_true(&v) == (name == "or") {
                    return Ok(v);
                }
            }
            if let Some(f) = final_ {
                v = f;
            }
            return Ok(v);
        }
        let mut vals = Vec::with_capacity(num_in);
        for (i, a) in call_args.iter().enumerate() {
            vals.push(self.eval_arg(dot, param(i), a)?);
        }
        if let Some(f) = final_ {
            self.at = At::Arg(ident);
            let pt = param(vals.len());
            vals.push(self.validate(f, pt)?);
        }
        match self.call(name, &vals) {
            Ok(v) => Ok(v),
            Err(msg) => {
                self.at = match cmd {
                    Some(c) => At::Cmd(c),
                    None => At::Arg(ident),
                };
                Err(self.errorf(format!("error calling {name}: {msg}")))
            }
        }
    }

    fn call(&self, name: &str, a: &[Value]) -> Result<Value, String> {
        let s = |i: usize| match a.get(i) {
            Some(Value::Str(s)) => s.clone(),
            _ => String::new(),
        };
        let n = |i: usize| match a.get(i) {
            Some(Value::Int(n)) => *n,
            _ => 0,
        };
        let header = self.funcs == Funcs::Header;
        Ok(match name {
            "not" => Value::Bool(!is_true(a.first().unwrap_or(&Value::Missing))),
            "len" => Value::Int(length(a.first().unwrap_or(&Value::Missing))?),
            "index" => index(a)?,
            "slice" => slice(a)?,
            "eq" => Value::Bool(eq(a)?),
            "ne" => Value::Bool(!eq(a)?),
            "lt" => Value::Bool(less(a.first(), a.get(1))?),
            "le" => Value::Bool(less(a.first(), a.get(1))? || eq(a)?),
            "gt" => Value::Bool(!less(a.first(), a.get(1))? && !eq(a)?),
            "ge" => Value::Bool(!less(a.first(), a.get(1))?),
            "print" => Value::Str(gofmt::sprint(a)),
            "println" => Value::Str(gofmt::sprintln(a)),
            "printf" => Value::Str(gofmt::sprintf(&s(0), a.get(1..).unwrap_or(&[]))),
            "html" => Value::Str(html_escape(&gofmt::sprint(a))),
            "js" => Value::Str(js_escape(&gofmt::sprint(a))),
            "urlquery" => Value::Str(url_query_escape(&gofmt::sprint(a))),
            "call" => {
                return Err(format!(
                    "non-function of type {}",
                    a.first().map(|v| v.type_name(self.raw)).unwrap_or_default()
                ))
            }
            "json" if header => Value::Str(s(0)),
            "json" => Value::Str(a.first().map(|v| v.to_json(false)).unwrap_or_else(|| "null".to_string())),
            "split" if header => Value::Str(s(0)),
            "split" => Value::strings(go_split(&s(0), &s(1))),
            "join" if header => Value::Str(s(0)),
            "join" => Value::Str(match a.first() {
                Some(Value::List(items)) => items.iter().map(|i| i.go_print()).collect::<Vec<_>>().join(&s(1)),
                _ => String::new(),
            }),
            "title" | "lower" | "upper" if header => Value::Str(s(0)),
            "title" => Value::Str(title(&s(0))),
            "lower" => Value::Str(s(0).to_lowercase()),
            "upper" => Value::Str(s(0).to_uppercase()),
            "pad" => {
                let src = s(0);
                if src.is_empty() {
                    Value::Str(src)
                } else if n(1) < 0 || n(2) < 0 {
                    return Err("strings: negative Repeat count".to_string());
                } else {
                    Value::Str(format!(
                        "{}{src}{}",
                        " ".repeat(n(1).min(10_000) as usize),
                        " ".repeat(n(2).min(10_000) as usize)
                    ))
                }
            }
            "truncate" if header => Value::Str(s(0)),
            "truncate" => {
                let src = s(0);
                let len = n(1);
                if (src.len() as i64) < len {
                    Value::Str(src)
                } else if len < 0 {
                    return Err(format!("runtime error: slice bounds out of range [:{len}]"));
                } else {
                    Value::Str(String::from_utf8_lossy(src.as_bytes().get(..len as usize).unwrap_or(b"")).into_owned())
                }
            }
            other => return Err(format!("{other} is not supported")),
        })
    }
}

fn ideal_constant(int: Option<i64>, float: Option<f64>) -> Value {
    match (int, float) {
        (Some(i), _) => Value::Int(i),
        (None, Some(f)) => Value::Float(f),
        _ => Value::Int(0),
    }
}

/// Go's `isTrue`: zero values, empty collections and nils are false; structs are true.
pub(crate) fn is_true(v: &Value) -> bool {
    match v {
        Value::Missing | Value::Nil | Value::Null | Value::NilList | Value::NilMap => false,
        Value::Bool(b) => *b,
        Value::Int(i) => *i != 0,
        Value::Float(f) => *f != 0.0,
        Value::Str(s) => !s.is_empty(),
        Value::List(l) => !l.is_empty(),
        Value::Map(m) => !m.entries.is_empty(),
        Value::Header(h) => !h.is_empty(),
        Value::Struct(_) | Value::Labels(_) => true,
    }
}

/// docker's `SubHeaderContext.Label`: the last dotted part with `-` and `_` as spaces.
fn header_label(name: &str) -> String {
    name.rsplit('.').next().unwrap_or(name).replace(['-', '_'], " ")
}

fn length(v: &Value) -> Result<i64, String> {
    Ok(match v {
        Value::Str(s) => s.len() as i64,
        Value::List(l) => l.len() as i64,
        Value::Map(m) => m.entries.len() as i64,
        Value::Header(h) => h.len() as i64,
        Value::NilList | Value::NilMap => 0,
        Value::Nil => return Err("len of nil pointer".to_string()),
        Value::Missing | Value::Null => return Err("reflect: call of reflect.Value.Type on zero Value".to_string()),
        other => return Err(format!("len of type {}", other.type_name(false))),
    })
}

fn index(a: &[Value]) -> Result<Value, String> {
    let mut item = a.first().cloned().unwrap_or(Value::Missing);
    if matches!(item, Value::Missing | Value::Null) {
        return Err("index of untyped nil".to_string());
    }
    for idx in a.iter().skip(1) {
        item = match &item {
            Value::List(_) | Value::NilList | Value::Str(_) => {
                let len = match &item {
                    Value::List(l) => l.len(),
                    Value::Str(s) => s.len(),
                    _ => 0,
                };
                let i = match idx {
                    Value::Int(i) => *i,
                    Value::Missing | Value::Nil | Value::Null => {
                        return Err("cannot index slice/array with nil".to_string())
                    }
                    other => return Err(format!("cannot index slice/array with type {}", other.type_name(false))),
                };
                // Go checks against the capacity; reading at the length itself then
                // fails inside reflect.
                if i < 0 || i as usize > len {
                    return Err(format!("index out of range: {i}"));
                }
                if i as usize == len {
                    let what = if matches!(item, Value::Str(_)) { "string" } else { "slice" };
                    return Err(format!("reflect: {what} index out of range"));
                }
                match &item {
                    Value::List(l) => l.get(i as usize).cloned().unwrap_or(Value::Missing),
                    Value::Str(s) => Value::Int(s.as_bytes().get(i as usize).copied().unwrap_or(0) as i64),
                    _ => Value::Missing,
                }
            }
            Value::Map(m) => {
                let key = match idx {
                    Value::Str(k) => k,
                    other => return Err(format!("value has type {}; should be string", other.type_name(false))),
                };
                m.entries.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_else(|| (*m.zero).clone())
            }
            Value::Header(h) => {
                let key = match idx {
                    Value::Str(k) => k,
                    other => return Err(format!("value has type {}; should be string", other.type_name(false))),
                };
                Value::Str(h.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default())
            }
            Value::NilMap => Value::str(""),
            Value::Nil => return Err("index of nil pointer".to_string()),
            other => return Err(format!("can't index item of type {}", other.type_name(false))),
        };
    }
    Ok(item)
}

fn slice(a: &[Value]) -> Result<Value, String> {
    let item = a.first().cloned().unwrap_or(Value::Missing);
    let idx: Vec<i64> = a
        .iter()
        .skip(1)
        .map(|v| match v {
            Value::Int(i) => Ok(*i),
            other => Err(format!("cannot index slice/array with type {}", other.type_name(false))),
        })
        .collect::<Result<_, _>>()?;
    let len = match &item {
        Value::List(l) => l.len() as i64,
        Value::Str(s) => s.len() as i64,
        Value::NilList => 0,
        Value::Missing | Value::Null => return Err("slice of untyped nil".to_string()),
        other => return Err(format!("can't slice item of type {}", other.type_name(false))),
    };
    if idx.len() > 3 {
        return Err(format!("too many slice indexes: {}", idx.len()));
    }
    if idx.len() == 3 && matches!(item, Value::Str(_)) {
        return Err("cannot 3-index slice a string".to_string());
    }
    let i = idx.first().copied().unwrap_or(0);
    let j = idx.get(1).copied().unwrap_or(len);
    if i < 0 || j < i || j > len {
        return Err(format!("invalid slice index: {i} > {j}"));
    }
    Ok(match item {
        Value::List(l) => Value::List(l.get(i as usize..j as usize).unwrap_or(&[]).to_vec()),
        Value::Str(s) => {
            Value::Str(String::from_utf8_lossy(s.as_bytes().get(i as usize..j as usize).unwrap_or(b"")).into_owned())
        }
        other => other,
    })
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Kind {
    Invalid,
    Bool,
    Int,
    Float,
    Str,
    Other,
}

fn basic_kind(v: &Value) -> Kind {
    match v {
        Value::Missing | Value::Null => Kind::Invalid,
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) => Kind::Int,
        Value::Float(_) => Kind::Float,
        Value::Str(_) => Kind::Str,
        _ => Kind::Other,
    }
}

fn eq(a: &[Value]) -> Result<bool, String> {
    let Some(first) = a.first() else { return Err("missing argument for comparison".to_string()) };
    if a.len() < 2 {
        return Err("missing argument for comparison".to_string());
    }
    let k1 = basic_kind(first);
    for other in &a[1..] {
        let k2 = basic_kind(other);
        let truth = if k1 != k2 {
            if k1 != Kind::Invalid && k2 != Kind::Invalid {
                return Err("incompatible types for comparison".to_string());
            }
            false
        } else {
            match (first, other) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Int(x), Value::Int(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::Str(x), Value::Str(y)) => x == y,
                (_, _) if k1 == Kind::Invalid => true,
                _ => {
                    let nil = |v: &Value| matches!(v, Value::Nil | Value::Null | Value::NilList | Value::NilMap);
                    if nil(first) || nil(other) {
                        nil(first) == nil(other)
                    } else {
                        return Err(format!("non-comparable type {}: {}", other.go_print(), other.type_name(false)));
                    }
                }
            }
        };
        if truth {
            return Ok(true);
        }
    }
    Ok(false)
}

fn less(a: Option<&Value>, b: Option<&Value>) -> Result<bool, String> {
    let (Some(a), Some(b)) = (a, b) else { return Err("missing argument for comparison".to_string()) };
    let (k1, k2) = (basic_kind(a), basic_kind(b));
    if matches!(k1, Kind::Invalid | Kind::Other | Kind::Bool) || matches!(k2, Kind::Invalid | Kind::Other | Kind::Bool)
    {
        return Err("invalid type for comparison".to_string());
    }
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => Ok(x < y),
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::Str(x), Value::Str(y)) => Ok(x < y),
        _ => Err("incompatible types for comparison".to_string()),
    }
}

/// `strings.Split`: an empty separator splits into characters.
fn go_split(s: &str, sep: &str) -> Vec<String> {
    if sep.is_empty() {
        return s.chars().map(String::from).collect();
    }
    s.split(sep).map(str::to_string).collect()
}

/// `strings.Title`: upper-cases the first letter of each word.
fn title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_letter = false;
    for c in s.chars() {
        if !prev_letter && c.is_alphabetic() {
            out.extend(c.to_uppercase());
        } else {
            out.push(c);
        }
        prev_letter = c.is_alphanumeric() || c == '_' || c == '\'';
    }
    out
}

fn html_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\'' => out.push_str("&#39;"),
            '"' => out.push_str("&#34;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn js_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

fn url_query_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn node_pos(n: &Node) -> usize {
    match n {
        Node::Text(_) => 0,
        Node::Action { pos, .. }
        | Node::Control { pos, .. }
        | Node::Break { pos }
        | Node::Continue { pos }
        | Node::Template { pos, .. } => *pos,
    }
}

/// A node as Go's `Node.String()` writes it (error messages quote it).
fn node_string(n: &Node) -> String {
    fn list(nodes: &[Node]) -> String {
        nodes.iter().map(node_string).collect()
    }
    match n {
        Node::Text(t) => t.clone(),
        Node::Action { pipe, .. } => format!("{{{{{pipe}}}}}"),
        Node::Control { kind, pipe, list: l, else_list, .. } => {
            let word = match kind {
                ControlKind::If => "if",
                ControlKind::Range => "range",
                ControlKind::With => "with",
            };
            match else_list {
                Some(e) => format!("{{{{{word} {pipe}}}}}{}{{{{else}}}}{}{{{{end}}}}", list(l), list(e)),
                None => format!("{{{{{word} {pipe}}}}}{}{{{{end}}}}", list(l)),
            }
        }
        Node::Break { .. } => "{{break}}".to_string(),
        Node::Continue { .. } => "{{continue}}".to_string(),
        Node::Template { name, pipe, .. } => match pipe {
            Some(p) => format!("{{{{template {} {p}}}}}", crate::go::strconv::quote(name)),
            None => format!("{{{{template {}}}}}", crate::go::strconv::quote(name)),
        },
    }
}
