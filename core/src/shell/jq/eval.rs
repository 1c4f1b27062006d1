//! Running a jq filter: every expression is a generator that hands its outputs, in order, to
//! the next stage, as jq's backtracking does; errors carry jq's texts (`Cannot index array
//! with string "Name"`, `null (null) has no keys`). The builtins are the ones tutorials reach
//! for when they pipe `docker inspect` into jq; a step budget bounds every program.

use super::json::{cmp, dump, format_number, set, sorted_keys, Json, Layout};
use super::parse::{Ast, Key, Op, Part};
use std::cell::{Cell, RefCell};
use std::cmp::Ordering;

/// Why evaluation stopped early.
#[derive(Debug)]
pub(crate) enum Fail {
    /// `error(v)` or a runtime error; the value is the message.
    Error(Json),
    /// `first(f)`, `limit(n; f)` have what they want.
    Enough,
    /// The step budget ran out.
    Budget,
}

fn err(msg: String) -> Fail {
    Fail::Error(Json::Str(msg))
}

/// Where a builtin's name was used with an arity jq does not define, or a variable that is not
/// bound: jq's compile errors, with their offsets.
pub(crate) fn undefined(ast: &Ast, bound: &mut Vec<String>, out: &mut Vec<(String, usize)>) {
    let walk = |a: &Ast, out: &mut Vec<(String, usize)>, bound: &mut Vec<String>| undefined(a, bound, out);
    match ast {
        Ast::Identity | Ast::Recurse | Ast::Literal(_) | Ast::Format(_) => {}
        Ast::Field(t, _) | Ast::Iterate(t) | Ast::Neg(t) => walk(t, out, bound),
        Ast::Index(a, b) | Ast::Pipe(a, b) | Ast::Comma(a, b) | Ast::Bin(_, a, b) => {
            walk(a, out, bound);
            walk(b, out, bound);
        }
        Ast::Slice(t, a, b) => {
            walk(t, out, bound);
            for x in [a, b].into_iter().flatten() {
                walk(x, out, bound);
            }
        }
        Ast::Try(a, b) => {
            walk(a, out, bound);
            if let Some(b) = b {
                walk(b, out, bound);
            }
        }
        Ast::Str(_, parts) => {
            for p in parts {
                if let Part::Expr(e) = p {
                    walk(e, out, bound);
                }
            }
        }
        Ast::Array(e) => {
            if let Some(e) = e {
                walk(e, out, bound);
            }
        }
        Ast::Object(entries) => {
            for (k, v) in entries {
                match k {
                    Key::Expr(e) => walk(e, out, bound),
                    Key::Var(n) if !bound.contains(n) => out.push((format!("${n} is not defined"), 0)),
                    _ => {}
                }
                if let Some(v) = v {
                    walk(v, out, bound);
                }
            }
        }
        Ast::If(arms, other) => {
            for (c, b) in arms {
                walk(c, out, bound);
                walk(b, out, bound);
            }
            if let Some(o) = other {
                walk(o, out, bound);
            }
        }
        Ast::Call(name, args, at) => {
            if !is_builtin(name, args.len()) {
                out.push((format!("{name}/{} is not defined", args.len()), *at));
            }
            for a in args {
                walk(a, out, bound);
            }
        }
        Ast::Var(name, at) => {
            if !bound.contains(name) {
                out.push((format!("${name} is not defined"), *at));
            }
        }
        Ast::Bind(src, name, body) => {
            walk(src, out, bound);
            bound.push(name.clone());
            walk(body, out, bound);
            bound.pop();
        }
        Ast::Reduce(src, name, init, update) => {
            walk(src, out, bound);
            walk(init, out, bound);
            bound.push(name.clone());
            walk(update, out, bound);
            bound.pop();
        }
    }
}

const BUILTINS: &[(&str, usize)] = &[
    ("empty", 0),
    ("not", 0),
    ("length", 0),
    ("utf8bytelength", 0),
    ("keys", 0),
    ("keys_unsorted", 0),
    ("values", 0),
    ("add", 0),
    ("any", 0),
    ("all", 0),
    ("flatten", 0),
    ("floor", 0),
    ("sqrt", 0),
    ("tostring", 0),
    ("tonumber", 0),
    ("ascii_downcase", 0),
    ("ascii_upcase", 0),
    ("reverse", 0),
    ("sort", 0),
    ("unique", 0),
    ("min", 0),
    ("max", 0),
    ("to_entries", 0),
    ("from_entries", 0),
    ("type", 0),
    ("first", 0),
    ("last", 0),
    ("tojson", 0),
    ("fromjson", 0),
    ("arrays", 0),
    ("objects", 0),
    ("strings", 0),
    ("numbers", 0),
    ("booleans", 0),
    ("nulls", 0),
    ("scalars", 0),
    ("error", 0),
    ("env", 0),
    ("paths", 0),
    ("error", 1),
    ("has", 1),
    ("in", 1),
    ("map", 1),
    ("map_values", 1),
    ("select", 1),
    ("sort_by", 1),
    ("group_by", 1),
    ("unique_by", 1),
    ("min_by", 1),
    ("max_by", 1),
    ("with_entries", 1),
    ("first", 1),
    ("last", 1),
    ("range", 1),
    ("join", 1),
    ("split", 1),
    ("startswith", 1),
    ("endswith", 1),
    ("ltrimstr", 1),
    ("rtrimstr", 1),
    ("contains", 1),
    ("test", 1),
    ("any", 1),
    ("all", 1),
    ("flatten", 1),
    ("range", 2),
    ("limit", 2),
    ("test", 2),
];

fn is_builtin(name: &str, arity: usize) -> bool {
    BUILTINS.contains(&(name, arity))
}

/// A running program: its variables and what it may still spend. Generators nest closures
/// that all reach the machine, hence the cells.
pub(crate) struct Machine {
    pub vars: RefCell<Vec<(String, Json)>>,
    pub budget: Cell<u64>,
}

type Out<'a> = &'a mut dyn FnMut(Json) -> Result<(), Fail>;

impl Machine {
    fn spend(&self) -> Result<(), Fail> {
        let left = self.budget.get();
        if left == 0 {
            return Err(Fail::Budget);
        }
        self.budget.set(left - 1);
        Ok(())
    }

    fn var(&self, name: &str) -> Json {
        let vars = self.vars.try_borrow();
        vars.ok().and_then(|v| v.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.clone())).unwrap_or(Json::Null)
    }

    /// Runs `body` with `name` bound to `value`.
    fn bound(&self, name: &str, value: Json, body: impl FnOnce() -> Result<(), Fail>) -> Result<(), Fail> {
        if let Ok(mut vars) = self.vars.try_borrow_mut() {
            vars.push((name.to_string(), value));
        }
        let r = body();
        if let Ok(mut vars) = self.vars.try_borrow_mut() {
            vars.pop();
        }
        r
    }

    /// Runs `ast` on `input`, handing each output to `out`.
    pub(crate) fn run(&self, ast: &Ast, input: &Json, out: Out<'_>) -> Result<(), Fail> {
        self.spend()?;
        match ast {
            Ast::Identity => out(input.clone()),
            Ast::Recurse => self.recurse(input, out),
            Ast::Literal(v) => out(v.clone()),
            Ast::Field(t, name) => self.run(t, input, &mut |v| out(index(&v, &Json::Str(name.clone()))?)),
            Ast::Index(t, k) => self.run(t, input, &mut |v| self.run(k, input, &mut |key| out(index(&v, &key)?))),
            Ast::Slice(t, from, to) => self.run(t, input, &mut |v| {
                self.opt(from.as_deref(), input, &mut |a| {
                    self.opt(to.as_deref(), input, &mut |b| out(slice(&v, &a, &b)?))
                })
            }),
            Ast::Iterate(t) => self.run(t, input, &mut |v| match v {
                Json::Arr(items) => items.into_iter().try_for_each(&mut *out),
                Json::Obj(entries) => entries.into_iter().try_for_each(|(_, v)| out(v)),
                other => Err(err(format!("Cannot iterate over {} ({})", other.kind(), other.brief()))),
            }),
            Ast::Try(body, handler) => {
                // Errors raised by what consumes the outputs are not this `try`'s to catch.
                let mut downstream: Option<Fail> = None;
                let r = self.run(body, input, &mut |v| {
                    out(v).map_err(|f| {
                        downstream = Some(f);
                        Fail::Enough
                    })
                });
                match (r, downstream) {
                    (_, Some(f)) => Err(f),
                    (Err(Fail::Error(e)), None) => match handler {
                        Some(h) => self.run(h, &e, out),
                        None => Ok(()),
                    },
                    (r, None) => r,
                }
            }
            Ast::Str(format, parts) => self.string(format.as_deref(), parts, 0, String::new(), input, out),
            Ast::Format(name) => out(Json::Str(format(name, input)?)),
            Ast::Array(None) => out(Json::Arr(Vec::new())),
            Ast::Array(Some(e)) => {
                let mut items = Vec::new();
                self.run(e, input, &mut |v| {
                    items.push(v);
                    Ok(())
                })?;
                out(Json::Arr(items))
            }
            Ast::Object(entries) => self.object(entries, 0, Vec::new(), input, out),
            Ast::Neg(e) => self.run(e, input, &mut |v| match v {
                Json::Num(n, _) => out(Json::num(-n)),
                other => Err(err(format!("{} ({}) cannot be negated", other.kind(), other.brief()))),
            }),
            Ast::Pipe(a, b) => self.run(a, input, &mut |v| self.run(b, &v, out)),
            Ast::Comma(a, b) => {
                self.run(a, input, out)?;
                self.run(b, input, out)
            }
            Ast::Bin(Op::And, a, b) | Ast::Bin(Op::Or, a, b) => {
                let and = matches!(ast, Ast::Bin(Op::And, ..));
                self.run(a, input, &mut |l| {
                    if l.truthy() != and {
                        return out(Json::Bool(!and));
                    }
                    self.run(b, input, &mut |r| out(Json::Bool(r.truthy())))
                })
            }
            Ast::Bin(Op::Alt, a, b) => {
                // `a`'s own errors count as no output; errors downstream are not `a`'s.
                let mut any = false;
                let mut downstream: Option<Fail> = None;
                let r = self.run(a, input, &mut |v| {
                    if v.truthy() {
                        any = true;
                        out(v).map_err(|f| {
                            downstream = Some(f);
                            Fail::Enough
                        })?;
                    }
                    Ok(())
                });
                match (r, downstream) {
                    (_, Some(f)) => Err(f),
                    (Err(Fail::Error(_)) | Ok(()), None) if !any => self.run(b, input, out),
                    (Err(Fail::Error(_)), None) => Ok(()),
                    (r, None) => r,
                }
            }
            Ast::Bin(op, a, b) => self.run(b, input, &mut |r| self.run(a, input, &mut |l| out(binop(*op, &l, &r)?))),
            Ast::If(arms, other) => self.branch(arms, other.as_deref(), input, out),
            Ast::Var(name, _) => out(self.var(name)),
            Ast::Bind(src, name, body) => {
                self.run(src, input, &mut |v| self.bound(name, v, || self.run(body, input, &mut *out)))
            }
            Ast::Reduce(src, name, init, update) => self.run(init, input, &mut |start| {
                let mut acc = Some(start);
                self.run(src, input, &mut |x| {
                    let state = acc.take().unwrap_or(Json::Null);
                    self.bound(name, x, || {
                        self.run(update, &state, &mut |next| {
                            acc = Some(next);
                            Ok(())
                        })
                    })
                })?;
                match acc {
                    Some(v) => out(v),
                    None => Ok(()),
                }
            }),
            Ast::Call(name, args, _) => self.call(name, args, input, out),
        }
    }

    /// Runs `e`, or yields `null` when there is none (an open end of a slice).
    fn opt(&self, e: Option<&Ast>, input: &Json, out: Out<'_>) -> Result<(), Fail> {
        match e {
            Some(e) => self.run(e, input, out),
            None => out(Json::Null),
        }
    }

    /// Every output of `e` on `input`.
    fn all(&self, e: &Ast, input: &Json) -> Result<Vec<Json>, Fail> {
        let mut vals = Vec::new();
        self.run(e, input, &mut |v| {
            vals.push(v);
            Ok(())
        })?;
        Ok(vals)
    }

    fn recurse(&self, v: &Json, out: Out<'_>) -> Result<(), Fail> {
        self.spend()?;
        out(v.clone())?;
        match v {
            Json::Arr(items) => items.iter().try_for_each(|i| self.recurse(i, out)),
            Json::Obj(entries) => entries.iter().try_for_each(|(_, i)| self.recurse(i, out)),
            _ => Ok(()),
        }
    }

    fn branch(&self, arms: &[(Ast, Ast)], other: Option<&Ast>, input: &Json, out: Out<'_>) -> Result<(), Fail> {
        let Some(((cond, then), rest)) = arms.split_first() else {
            return match other {
                Some(e) => self.run(e, input, out),
                None => out(input.clone()),
            };
        };
        self.run(cond, input, &mut |c| {
            if c.truthy() {
                self.run(then, input, out)
            } else {
                self.branch(rest, other, input, out)
            }
        })
    }

    fn string(
        &self,
        format: Option<&str>,
        parts: &[Part],
        i: usize,
        acc: String,
        input: &Json,
        out: Out<'_>,
    ) -> Result<(), Fail> {
        match parts.get(i) {
            None => out(Json::Str(acc)),
            Some(Part::Text(t)) => self.string(format, parts, i + 1, acc + t, input, out),
            Some(Part::Expr(e)) => self.run(e, input, &mut |v| {
                let piece = match format {
                    None => text(&v),
                    Some(f) => self::format(f, &v)?,
                };
                self.string(format, parts, i + 1, format!("{acc}{piece}"), input, out)
            }),
        }
    }

    /// Objects for every combination of the entries' keys and values, in jq's order.
    fn object(
        &self,
        entries: &[(Key, Option<Ast>)],
        i: usize,
        acc: Vec<(String, Json)>,
        input: &Json,
        out: Out<'_>,
    ) -> Result<(), Fail> {
        let Some((key, value)) = entries.get(i) else { return out(Json::Obj(acc)) };
        let keys: Vec<Json> = match key {
            Key::Name(n) | Key::Var(n) => vec![Json::Str(n.clone())],
            Key::Expr(e) => self.all(e, input)?,
        };
        for k in keys {
            let Json::Str(k) = k else {
                return Err(err(format!("Cannot use {} ({}) as object key", k.kind(), k.brief())));
            };
            let values = match (key, value) {
                (_, Some(v)) => self.all(v, input)?,
                (Key::Var(n), None) => vec![self.var(n)],
                (_, None) => vec![index(input, &Json::Str(k.clone()))?],
            };
            for v in values {
                let mut next = acc.clone();
                set(&mut next, k.clone(), v);
                self.object(entries, i + 1, next, input, out)?;
            }
        }
        Ok(())
    }

    fn call(&self, name: &str, args: &[Ast], input: &Json, out: Out<'_>) -> Result<(), Fail> {
        let kind_err = |v: &Json, what: &str| err(format!("{} ({}) {what}", v.kind(), v.brief()));
        match (name, args) {
            ("empty", []) => Ok(()),
            ("not", []) => out(Json::Bool(!input.truthy())),
            ("length", []) => out(match input {
                Json::Null => Json::num(0.0),
                Json::Bool(_) => return Err(kind_err(input, "has no length")),
                Json::Num(n, _) => Json::num(n.abs()),
                Json::Str(s) => Json::num(s.chars().count() as f64),
                Json::Arr(a) => Json::num(a.len() as f64),
                Json::Obj(o) => Json::num(o.len() as f64),
            }),
            ("utf8bytelength", []) => match input {
                Json::Str(s) => out(Json::num(s.len() as f64)),
                _ => Err(kind_err(input, "only strings have UTF-8 byte length")),
            },
            ("keys", []) | ("keys_unsorted", []) => out(match input {
                Json::Obj(o) if name == "keys" => {
                    Json::Arr(sorted_keys(o).into_iter().map(|k| Json::Str(k.into())).collect())
                }
                Json::Obj(o) => Json::Arr(o.iter().map(|(k, _)| Json::Str(k.clone())).collect()),
                Json::Arr(a) => Json::Arr((0..a.len()).map(|i| Json::num(i as f64)).collect()),
                _ => return Err(kind_err(input, "has no keys")),
            }),
            ("values", []) => self.filter(input, out, |v| !matches!(v, Json::Null)),
            ("nulls", []) => self.filter(input, out, |v| matches!(v, Json::Null)),
            ("arrays", []) => self.filter(input, out, |v| matches!(v, Json::Arr(_))),
            ("objects", []) => self.filter(input, out, |v| matches!(v, Json::Obj(_))),
            ("strings", []) => self.filter(input, out, |v| matches!(v, Json::Str(_))),
            ("numbers", []) => self.filter(input, out, |v| matches!(v, Json::Num(..))),
            ("booleans", []) => self.filter(input, out, |v| matches!(v, Json::Bool(_))),
            ("scalars", []) => self.filter(input, out, |v| !matches!(v, Json::Arr(_) | Json::Obj(_))),
            ("add", []) => {
                let mut acc = Json::Null;
                for v in elements(input)? {
                    acc = binop(Op::Add, &acc, &v)?;
                }
                out(acc)
            }
            ("any", []) => out(Json::Bool(elements(input)?.iter().any(Json::truthy))),
            ("all", []) => out(Json::Bool(elements(input)?.iter().all(Json::truthy))),
            ("any", [f]) | ("all", [f]) => {
                let mut hits = Vec::new();
                for v in elements(input)? {
                    hits.extend(self.all(f, &v)?.iter().map(Json::truthy));
                }
                out(Json::Bool(if name == "any" { hits.contains(&true) } else { !hits.contains(&false) }))
            }
            ("flatten", []) => out(Json::Arr(flatten(input, 1_000_000)?)),
            ("flatten", [d]) => self.run(d, input, &mut |d| match d {
                Json::Num(n, _) if n >= 0.0 => out(Json::Arr(flatten(input, n as usize)?)),
                _ => Err(err("flatten depth must not be negative".to_string())),
            }),
            ("floor", []) => out(Json::num(number(input, "number required")?.floor())),
            ("sqrt", []) => out(Json::num(number(input, "number required")?.sqrt())),
            ("tostring", []) => out(Json::Str(text(input))),
            ("tojson", []) => out(Json::Str(dump(input, &Layout::COMPACT))),
            ("tonumber", []) => out(match input {
                Json::Num(..) => input.clone(),
                Json::Str(s) => match super::json::read_all(s) {
                    (mut v, None) if v.len() == 1 && matches!(v.first(), Some((Json::Num(..), _))) => {
                        v.pop().map_or(Json::Null, |(v, _)| v)
                    }
                    _ => return Err(err(format!("Cannot parse '{s}' as JSON"))),
                },
                _ => return Err(kind_err(input, "cannot be parsed as a number")),
            }),
            ("fromjson", []) => match input {
                Json::Str(s) => match super::json::read_all(s) {
                    (mut v, None) if v.len() == 1 => out(v.pop().map_or(Json::Null, |(v, _)| v)),
                    (_, Some(e)) => Err(err(format!("{e} (while parsing '{s}')"))),
                    _ => Err(err(format!("Expected JSON value (while parsing '{s}')"))),
                },
                _ => Err(kind_err(input, "only strings can be parsed")),
            },
            ("ascii_downcase", []) | ("ascii_upcase", []) => match input {
                Json::Str(s) => out(Json::Str(if name == "ascii_downcase" {
                    s.to_ascii_lowercase()
                } else {
                    s.to_ascii_uppercase()
                })),
                _ => Err(err(format!("{name} input must be a string"))),
            },
            ("reverse", []) => out(match input {
                Json::Arr(a) => Json::Arr(a.iter().rev().cloned().collect()),
                Json::Str(s) => Json::Str(s.chars().rev().collect()),
                Json::Null => Json::Arr(Vec::new()),
                _ => return Err(kind_err(input, "cannot be reversed, as it is not an array")),
            }),
            ("sort", []) => {
                let mut a = array(input, "cannot be sorted, as it is not an array")?;
                crate::sort::sort_by(&mut a, cmp);
                out(Json::Arr(a))
            }
            ("unique", []) => {
                let mut a = array(input, "cannot be sorted, as it is not an array")?;
                crate::sort::sort_by(&mut a, cmp);
                a.dedup_by(|x, y| cmp(x, y) == Ordering::Equal);
                out(Json::Arr(a))
            }
            ("min", []) | ("max", []) => {
                let mut a = array(input, "cannot be sorted, as it is not an array")?;
                crate::sort::sort_by(&mut a, cmp);
                let pick = if name == "min" { a.into_iter().next() } else { a.into_iter().last() };
                out(pick.unwrap_or(Json::Null))
            }
            ("sort_by", [f]) | ("group_by", [f]) | ("unique_by", [f]) | ("min_by", [f]) | ("max_by", [f]) => {
                let a = array(input, "cannot be sorted, as it is not an array")?;
                let mut keyed = Vec::with_capacity(a.len());
                for v in a {
                    keyed.push((Json::Arr(self.all(f, &v)?), v));
                }
                crate::sort::sort_by(&mut keyed, |x, y| cmp(&x.0, &y.0));
                match name {
                    "sort_by" => out(Json::Arr(keyed.into_iter().map(|(_, v)| v).collect())),
                    "min_by" => out(keyed.into_iter().next().map_or(Json::Null, |(_, v)| v)),
                    "max_by" => out(keyed.into_iter().last().map_or(Json::Null, |(_, v)| v)),
                    _ => {
                        let mut groups: Vec<(Json, Vec<Json>)> = Vec::new();
                        for (k, v) in keyed {
                            match groups.last_mut() {
                                Some((gk, g)) if cmp(gk, &k) == Ordering::Equal => g.push(v),
                                _ => groups.push((k, vec![v])),
                            }
                        }
                        out(Json::Arr(if name == "group_by" {
                            groups.into_iter().map(|(_, g)| Json::Arr(g)).collect()
                        } else {
                            groups.into_iter().filter_map(|(_, g)| g.into_iter().next()).collect()
                        }))
                    }
                }
            }
            ("to_entries", []) => match input {
                Json::Obj(o) => out(Json::Arr(
                    o.iter()
                        .map(|(k, v)| {
                            Json::Obj(vec![("key".into(), Json::Str(k.clone())), ("value".into(), v.clone())])
                        })
                        .collect(),
                )),
                _ => Err(kind_err(input, "has no keys")),
            },
            ("from_entries", []) => {
                let mut obj = Vec::new();
                for e in elements(input)? {
                    let k = ["key", "k", "name", "Name", "Key", "K"]
                        .iter()
                        .find_map(|n| e.get(n).filter(|v| v.truthy() || matches!(v, Json::Bool(false))))
                        .cloned()
                        .unwrap_or(Json::Null);
                    let v = ["value", "v", "Value", "V"].iter().find_map(|n| e.get(n)).cloned().unwrap_or(Json::Null);
                    let key = match k {
                        Json::Str(s) => s,
                        Json::Num(..) | Json::Bool(_) => dump(&k, &Layout::COMPACT),
                        Json::Null => "null".to_string(),
                        other => {
                            return Err(err(format!("Cannot use {} ({}) as object key", other.kind(), other.brief())))
                        }
                    };
                    set(&mut obj, key, v);
                }
                out(Json::Obj(obj))
            }
            ("with_entries", [f]) => {
                let entries = Ast::Call("to_entries".into(), Vec::new(), 0);
                let mapped = Ast::Call("map".into(), vec![f.clone()], 0);
                let back = Ast::Call("from_entries".into(), Vec::new(), 0);
                let prog = Ast::Pipe(Box::new(entries), Box::new(Ast::Pipe(Box::new(mapped), Box::new(back))));
                self.run(&prog, input, out)
            }
            ("type", []) => out(Json::Str(input.kind().to_string())),
            ("first", []) => out(index(input, &Json::num(0.0))?),
            ("last", []) => out(index(input, &Json::num(-1.0))?),
            ("first", [f]) => {
                let mut got = None;
                match self.run(f, input, &mut |v| {
                    got = Some(v);
                    Err(Fail::Enough)
                }) {
                    Err(Fail::Enough) | Ok(()) => got.map_or(Ok(()), &mut *out),
                    Err(e) => Err(e),
                }
            }
            ("last", [f]) => {
                let all = self.all(f, input)?;
                all.into_iter().last().map_or(Ok(()), out)
            }
            ("limit", [n, f]) => self.run(n, input, &mut |n| {
                let n = number(&n, "Invalid limit")? as i64;
                if n <= 0 {
                    return Ok(());
                }
                let mut left = n;
                match self.run(f, input, &mut |v| {
                    out(v)?;
                    left -= 1;
                    if left == 0 {
                        Err(Fail::Enough)
                    } else {
                        Ok(())
                    }
                }) {
                    Err(Fail::Enough) if left == 0 => Ok(()),
                    r => r,
                }
            }),
            ("range", [to]) => {
                self.run(to, input, &mut |to| self.range(0.0, number(&to, "Range bounds must be numeric")?, out))
            }
            ("range", [from, to]) => self.run(from, input, &mut |a| {
                self.run(to, input, &mut |b| {
                    self.range(
                        number(&a, "Range bounds must be numeric")?,
                        number(&b, "Range bounds must be numeric")?,
                        out,
                    )
                })
            }),
            ("error", []) => Err(Fail::Error(input.clone())),
            ("error", [m]) => self.run(m, input, &mut |m| Err(Fail::Error(m))),
            ("env", []) => out(self.var("ENV")),
            ("paths", []) => {
                let mut found = Vec::new();
                paths(input, &mut Vec::new(), &mut found);
                found.into_iter().try_for_each(|p| out(Json::Arr(p)))
            }
            ("map", [f]) => {
                let mut items = Vec::new();
                for v in elements(input)? {
                    self.run(f, &v, &mut |x| {
                        items.push(x);
                        Ok(())
                    })?;
                }
                out(Json::Arr(items))
            }
            ("map_values", [f]) => match input {
                Json::Obj(o) => {
                    let mut next = Vec::new();
                    for (k, v) in o {
                        if let Some(x) = self.all(f, v)?.into_iter().next() {
                            next.push((k.clone(), x));
                        }
                    }
                    out(Json::Obj(next))
                }
                _ => {
                    let mut next = Vec::new();
                    for v in elements(input)? {
                        next.extend(self.all(f, &v)?.into_iter().next());
                    }
                    out(Json::Arr(next))
                }
            },
            ("select", [f]) => self.run(f, input, &mut |c| if c.truthy() { out(input.clone()) } else { Ok(()) }),
            ("has", [k]) => self.run(k, input, &mut |k| out(Json::Bool(has(input, &k)?))),
            ("in", [o]) => self.run(o, input, &mut |o| out(Json::Bool(has(&o, input)?))),
            ("contains", [b]) => self.run(b, input, &mut |b| out(Json::Bool(contains(input, &b)?))),
            ("join", [sep]) => self.run(sep, input, &mut |sep| {
                let mut acc: Option<String> = None;
                for v in elements(input)? {
                    let piece = match v {
                        Json::Null => String::new(),
                        Json::Str(s) => s,
                        Json::Num(..) | Json::Bool(_) => dump(&v, &Layout::COMPACT),
                        other => return Err(err(format!("Cannot join with {}", other.kind()))),
                    };
                    acc = Some(match (acc, &sep) {
                        (None, _) => piece,
                        (Some(a), Json::Str(s)) => format!("{a}{s}{piece}"),
                        (Some(a), other) => {
                            let joined = binop(Op::Add, &Json::Str(a), other)?;
                            text(&binop(Op::Add, &joined, &Json::Str(piece))?)
                        }
                    });
                }
                out(Json::Str(acc.unwrap_or_default()))
            }),
            ("split", [sep]) => self.run(sep, input, &mut |sep| match (input, &sep) {
                (Json::Str(s), Json::Str(p)) => out(split(s, p)),
                _ => Err(err("split input and separator must be strings".to_string())),
            }),
            ("startswith", [p]) | ("endswith", [p]) => self.run(p, input, &mut |p| match (input, &p) {
                (Json::Str(s), Json::Str(p)) => out(Json::Bool(if name == "startswith" {
                    s.starts_with(p.as_str())
                } else {
                    s.ends_with(p.as_str())
                })),
                _ => Err(err(format!("{name}() requires string inputs"))),
            }),
            ("ltrimstr", [p]) | ("rtrimstr", [p]) => self.run(p, input, &mut |p| match (input, &p) {
                (Json::Str(s), Json::Str(p)) => {
                    let cut = if name == "ltrimstr" { s.strip_prefix(p.as_str()) } else { s.strip_suffix(p.as_str()) };
                    out(Json::Str(cut.unwrap_or(s).to_string()))
                }
                _ => out(input.clone()),
            }),
            ("test", [re]) => self.run(re, input, &mut |re| out(Json::Bool(test(input, &re, &Json::Null)?))),
            ("test", [re, flags]) => self.run(re, input, &mut |re| {
                self.run(flags, input, &mut |flags| out(Json::Bool(test(input, &re, &flags)?)))
            }),
            _ => Err(err(format!("{name}/{} is not defined", args.len()))),
        }
    }

    fn filter(&self, input: &Json, out: Out<'_>, keep: impl Fn(&Json) -> bool) -> Result<(), Fail> {
        if keep(input) {
            out(input.clone())
        } else {
            Ok(())
        }
    }

    fn range(&self, from: f64, to: f64, out: Out<'_>) -> Result<(), Fail> {
        let mut i = from;
        while i < to {
            self.spend()?;
            out(Json::num(i))?;
            i += 1.0;
        }
        Ok(())
    }
}

/// A string as itself, anything else as JSON (`tostring`).
fn text(v: &Json) -> String {
    match v {
        Json::Str(s) => s.clone(),
        other => dump(other, &Layout::COMPACT),
    }
}

fn number(v: &Json, what: &str) -> Result<f64, Fail> {
    match v {
        Json::Num(n, _) => Ok(*n),
        _ => Err(err(format!("{} ({}) {what}", v.kind(), v.brief()))),
    }
}

fn array(v: &Json, what: &str) -> Result<Vec<Json>, Fail> {
    match v {
        Json::Arr(a) => Ok(a.clone()),
        _ => Err(err(format!("{} ({}) {what}", v.kind(), v.brief()))),
    }
}

/// What `.[]` would give.
fn elements(v: &Json) -> Result<Vec<Json>, Fail> {
    match v {
        Json::Arr(a) => Ok(a.clone()),
        Json::Obj(o) => Ok(o.iter().map(|(_, v)| v.clone()).collect()),
        other => Err(err(format!("Cannot iterate over {} ({})", other.kind(), other.brief()))),
    }
}

/// Every path into `v` (not `v` itself), depth first, as `path(..)` lists them.
fn paths(v: &Json, at: &mut Vec<Json>, found: &mut Vec<Vec<Json>>) {
    let children: Vec<(Json, &Json)> = match v {
        Json::Arr(items) => items.iter().enumerate().map(|(i, c)| (Json::num(i as f64), c)).collect(),
        Json::Obj(entries) => entries.iter().map(|(k, c)| (Json::Str(k.clone()), c)).collect(),
        _ => Vec::new(),
    };
    for (key, child) in children {
        at.push(key);
        found.push(at.clone());
        paths(child, at, found);
        at.pop();
    }
}

fn flatten(v: &Json, depth: usize) -> Result<Vec<Json>, Fail> {
    let Json::Arr(items) = v else { return Err(err("Cannot flatten non-array".to_string())) };
    let mut out = Vec::new();
    for i in items {
        match i {
            Json::Arr(_) if depth > 0 => out.extend(flatten(i, depth - 1)?),
            other => out.push(other.clone()),
        }
    }
    Ok(out)
}

/// `jv_get`: `.[k]` on `t`.
fn index(t: &Json, k: &Json) -> Result<Json, Fail> {
    Ok(match (t, k) {
        (Json::Obj(_), Json::Str(key)) => t.get(key).cloned().unwrap_or(Json::Null),
        (Json::Arr(a), Json::Num(n, _)) => {
            let i = n.clamp(i32::MIN as f64, i32::MAX as f64) as i64;
            let i = if i < 0 { i + a.len() as i64 } else { i };
            usize::try_from(i).ok().and_then(|i| a.get(i)).cloned().unwrap_or(Json::Null)
        }
        (Json::Null, Json::Str(_) | Json::Num(..) | Json::Obj(_)) => Json::Null,
        (_, Json::Str(key)) if key.len() < 30 => {
            return Err(err(format!("Cannot index {} with string \"{key}\"", t.kind())));
        }
        _ => return Err(err(format!("Cannot index {} with {}", t.kind(), k.kind()))),
    })
}

/// `.[from:to]` on an array, a string or null.
fn slice(t: &Json, from: &Json, to: &Json) -> Result<Json, Fail> {
    let len = match t {
        Json::Null => return Ok(Json::Null),
        Json::Arr(a) => a.len(),
        Json::Str(s) => s.chars().count(),
        _ => return Err(err(format!("Cannot index {} with object", t.kind()))),
    } as f64;
    let bound = |v: &Json, default: f64, round: fn(f64) -> f64| -> Result<usize, Fail> {
        let n = match v {
            Json::Null => default,
            Json::Num(n, _) => round(*n),
            _ => return Err(err("Start and end indices of an array slice must be numbers".to_string())),
        };
        let n = if n < 0.0 { n + len } else { n };
        Ok(n.clamp(0.0, len) as usize)
    };
    let start = bound(from, 0.0, f64::floor)?;
    let end = bound(to, len, f64::ceil)?.max(start);
    Ok(match t {
        Json::Arr(a) => Json::Arr(a.get(start..end).unwrap_or_default().to_vec()),
        Json::Str(s) => Json::Str(s.chars().skip(start).take(end - start).collect()),
        _ => Json::Null,
    })
}

fn has(t: &Json, k: &Json) -> Result<bool, Fail> {
    match (t, k) {
        (Json::Obj(_), Json::Str(key)) => Ok(t.get(key).is_some()),
        (Json::Arr(a), Json::Num(n, _)) => Ok(*n >= 0.0 && (*n as usize) < a.len()),
        _ => Err(err(format!("Cannot check whether {} has a {} key", t.kind(), k.kind()))),
    }
}

fn contains(a: &Json, b: &Json) -> Result<bool, Fail> {
    Ok(match (a, b) {
        (Json::Obj(x), Json::Obj(y)) => y
            .iter()
            .all(|(k, bv)| x.iter().find(|(ak, _)| ak == k).is_some_and(|(_, av)| contains(av, bv).unwrap_or(false))),
        (Json::Arr(x), Json::Arr(y)) => y.iter().all(|bv| x.iter().any(|av| contains(av, bv).unwrap_or(false))),
        (Json::Str(x), Json::Str(y)) => x.contains(y.as_str()),
        _ if a.kind() == b.kind() => a == b,
        _ => {
            return Err(err(format!(
                "{} ({}) and {} ({}) cannot have their containment checked",
                a.kind(),
                a.brief(),
                b.kind(),
                b.brief()
            )))
        }
    })
}

fn split(s: &str, sep: &str) -> Json {
    if s.is_empty() {
        return Json::Arr(Vec::new());
    }
    let parts: Vec<Json> = if sep.is_empty() {
        s.chars().map(|c| Json::Str(c.to_string())).collect()
    } else {
        s.split(sep).map(|p| Json::Str(p.to_string())).collect()
    };
    Json::Arr(parts)
}

/// `test(re; flags)` with the one regex engine (extended syntax; jq's Oniguruma reads the
/// common patterns alike).
fn test(input: &Json, re: &Json, flags: &Json) -> Result<bool, Fail> {
    let (Json::Str(s), Json::Str(re)) = (input, re) else {
        return Err(err(format!("{} ({}) cannot be matched, as it is not a string", input.kind(), input.brief())));
    };
    let icase = matches!(flags, Json::Str(f) if f.contains('i'));
    match crate::regex::Regex::new(re, crate::regex::Syntax::Extended, icase) {
        Ok(r) => Ok(r.is_match(s)),
        Err(e) => Err(err(format!("{re} (at offset 0) is not a valid regex: {e}"))),
    }
}

fn binop(op: Op, a: &Json, b: &Json) -> Result<Json, Fail> {
    let fail = |what: &str| Err(err(format!("{} ({}) and {} ({}) {what}", a.kind(), a.brief(), b.kind(), b.brief())));
    let ord = cmp(a, b);
    Ok(match op {
        Op::Eq => Json::Bool(ord == Ordering::Equal),
        Op::Ne => Json::Bool(ord != Ordering::Equal),
        Op::Lt => Json::Bool(ord == Ordering::Less),
        Op::Le => Json::Bool(ord != Ordering::Greater),
        Op::Gt => Json::Bool(ord == Ordering::Greater),
        Op::Ge => Json::Bool(ord != Ordering::Less),
        Op::Add => match (a, b) {
            (Json::Null, v) | (v, Json::Null) => v.clone(),
            (Json::Num(x, _), Json::Num(y, _)) => Json::num(x + y),
            (Json::Str(x), Json::Str(y)) => Json::Str(format!("{x}{y}")),
            (Json::Arr(x), Json::Arr(y)) => Json::Arr(x.iter().chain(y).cloned().collect()),
            (Json::Obj(x), Json::Obj(y)) => {
                let mut o = x.clone();
                for (k, v) in y {
                    set(&mut o, k.clone(), v.clone());
                }
                Json::Obj(o)
            }
            _ => return fail("cannot be added"),
        },
        Op::Sub => match (a, b) {
            (Json::Num(x, _), Json::Num(y, _)) => Json::num(x - y),
            (Json::Arr(x), Json::Arr(y)) => Json::Arr(x.iter().filter(|v| !y.contains(v)).cloned().collect()),
            _ => return fail("cannot be subtracted"),
        },
        Op::Mul => match (a, b) {
            (Json::Num(x, _), Json::Num(y, _)) => Json::num(x * y),
            (Json::Str(s), Json::Num(n, _)) | (Json::Num(n, _), Json::Str(s)) => {
                if *n <= 0.0 {
                    Json::Null
                } else {
                    Json::Str(s.repeat((*n as usize).clamp(1, 100_000 / s.len().max(1))))
                }
            }
            (Json::Obj(_), Json::Obj(_)) => deep_merge(a, b),
            _ => return fail("cannot be multiplied"),
        },
        Op::Div => match (a, b) {
            (Json::Num(_, _), Json::Num(y, _)) if *y == 0.0 => {
                return fail("cannot be divided because the divisor is zero")
            }
            (Json::Num(x, _), Json::Num(y, _)) => Json::num(x / y),
            (Json::Str(x), Json::Str(y)) => split(x, y),
            _ => return fail("cannot be divided"),
        },
        Op::Mod => match (a, b) {
            (Json::Num(_, _), Json::Num(y, _)) if (*y as i64) == 0 => {
                return fail("cannot be divided (remainder) because the divisor is zero")
            }
            (Json::Num(x, _), Json::Num(y, _)) => Json::num(((*x as i64) % (*y as i64).abs()) as f64),
            _ => return fail("cannot be divided (remainder)"),
        },
        Op::And | Op::Or | Op::Alt => Json::Null,
    })
}

fn deep_merge(a: &Json, b: &Json) -> Json {
    match (a, b) {
        (Json::Obj(x), Json::Obj(y)) => {
            let mut o = x.clone();
            for (k, v) in y {
                let merged = match o.iter().find(|(ok, _)| ok == k) {
                    Some((_, old)) if matches!((old, v), (Json::Obj(_), Json::Obj(_))) => deep_merge(old, v),
                    _ => v.clone(),
                };
                set(&mut o, k.clone(), merged);
            }
            Json::Obj(o)
        }
        _ => b.clone(),
    }
}

/// `@name` applied to a value.
fn format(name: &str, v: &Json) -> Result<String, Fail> {
    Ok(match name {
        "text" => text(v),
        "json" => dump(v, &Layout::COMPACT),
        "csv" | "tsv" => {
            let Json::Arr(items) = v else {
                return Err(err(format!(
                    "{} ({}) cannot be {name}-formatted, only an array can be",
                    v.kind(),
                    v.brief()
                )));
            };
            let mut cells = Vec::new();
            for i in items {
                cells.push(match i {
                    Json::Num(n, _) => format_number(*n),
                    Json::Bool(b) => b.to_string(),
                    Json::Null => String::new(),
                    Json::Str(s) if name == "csv" => format!("\"{}\"", s.replace('"', "\"\"")),
                    Json::Str(s) => {
                        s.replace('\\', "\\\\").replace('\t', "\\t").replace('\n', "\\n").replace('\r', "\\r")
                    }
                    other => {
                        return Err(err(format!("{} ({}) is not valid in a csv row", other.kind(), other.brief())))
                    }
                });
            }
            cells.join(if name == "csv" { "," } else { "\t" })
        }
        "html" => text(v)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('\'', "&#39;")
            .replace('"', "&quot;"),
        "uri" => text(v)
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect(),
        "sh" => {
            let quote = |v: &Json| match v {
                Json::Str(s) => Ok(format!("'{}'", s.replace('\'', "'\\''"))),
                Json::Arr(_) | Json::Obj(_) => {
                    Err(err(format!("{} ({}) can not be escaped for shell", v.kind(), v.brief())))
                }
                other => Ok(dump(other, &Layout::COMPACT)),
            };
            match v {
                Json::Arr(items) => items.iter().map(quote).collect::<Result<Vec<_>, _>>()?.join(" "),
                other => quote(other)?,
            }
        }
        "base64" => base64(text(v).as_bytes()),
        _ => return Err(err(format!("{name} is not a valid format"))),
    })
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}
