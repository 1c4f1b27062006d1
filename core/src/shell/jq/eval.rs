//! Running a filter. Every expression yields its outputs in order into a list; an error ends
//! an expression after the outputs it already gave, which still flow on, as jq's backtracking
//! has them. Errors carry jq's texts (`Cannot index array with string "Name"`, `null (null)
//! has no keys`); a step budget bounds every program.

use super::json::{cmp, dump, sorted_keys, Json, Layout};
use super::parse::{Ast, Op};
use std::cmp::Ordering;

/// Why evaluation stopped early.
#[derive(Debug)]
pub(crate) enum Fail {
    /// A runtime error; the value is the message.
    Error(Json),
    /// The step budget ran out.
    Budget,
}

fn err(msg: String) -> Fail {
    Fail::Error(Json::Str(msg))
}

/// `KIND (VALUE) what`: how jq's builtins word a value they cannot use.
fn kind_err(v: &Json, what: &str) -> Fail {
    err(format!("{} ({}) {what}", v.kind(), v.brief()))
}

const BUILTINS: [(&str, usize); 16] = [
    ("empty", 0),
    ("not", 0),
    ("length", 0),
    ("keys", 0),
    ("keys_unsorted", 0),
    ("values", 0),
    ("type", 0),
    ("first", 0),
    ("last", 0),
    ("sort", 0),
    ("to_entries", 0),
    ("tostring", 0),
    ("select", 1),
    ("map", 1),
    ("has", 1),
    ("join", 1),
];

/// jq 1.7.1's other builtins: real jq has them, this one says it leaves them out.
const LEFT_OUT: &str = " abs add all any arrays ascii booleans capture ceil combinations contains debug del delpaths \
endswith env error explode fabs first flatten floor from_entries fromjson getpath group_by gsub halt halt_error \
implode in index indices input inputs inside ascii_downcase ascii_upcase startswith isempty isinfinite isnan isnormal isvalid iterables last leaf_paths \
limit ltrimstr map_values match max max_by min min_by nan not nth nulls numbers objects path paths pick range \
recurse repeat reverse rindex round rtrimstr scalars scan setpath sort_by split splits sqrt strings sub test \
to_entries todate tojson tonumber tostream tostring transpose trim ltrimstr type unique unique_by until \
utf8bytelength values walk while with_entries ";

/// What jq has that this jq leaves out (`split`), first in the program.
pub(crate) fn left_out(ast: &Ast) -> Option<String> {
    let mut found = None;
    visit(ast, &mut |a| {
        let what = match a {
            Ast::Call(name, args, _) if !BUILTINS.contains(&(name.as_str(), args.len())) => {
                LEFT_OUT.contains(&format!(" {name} ")).then(|| format!("{name}/{}", args.len()))
            }
            Ast::Var(name, _) if name == "ENV" => Some("$ENV".to_string()),
            _ => None,
        };
        if found.is_none() {
            found = what;
        }
    });
    found
}

/// Calls `f` on every node of `ast`, parents first.
fn visit(ast: &Ast, f: &mut dyn FnMut(&Ast)) {
    f(ast);
    match ast {
        Ast::Identity | Ast::Literal(_) | Ast::Array(None) | Ast::Var(..) => {}
        Ast::Field(t, _) | Ast::Iterate(t) | Ast::Try(t) | Ast::Array(Some(t)) => visit(t, f),
        Ast::Index(a, b) | Ast::Pipe(a, b) | Ast::Comma(a, b) | Ast::Bin(_, a, b) => {
            visit(a, f);
            visit(b, f);
        }
        Ast::Object(entries) => {
            for (k, v) in entries {
                if let Err(k) = k {
                    visit(k, f);
                }
                if let Some(v) = v {
                    visit(v, f);
                }
            }
        }
        Ast::Call(_, args, _) => args.iter().for_each(|a| visit(a, f)),
    }
}

/// Calls of builtins jq does not define with that many arguments, and variables nothing
/// binds: jq's compile errors (`NAME/N is not defined`), with their offsets.
pub(crate) fn undefined(ast: &Ast, bound: &[String], out: &mut Vec<(String, usize)>) {
    visit(ast, &mut |a| match a {
        Ast::Call(name, args, at) if !BUILTINS.contains(&(name.as_str(), args.len())) => {
            out.push((format!("{name}/{} is not defined", args.len()), *at));
        }
        Ast::Var(name, at) if !bound.contains(name) => out.push((format!("${name} is not defined"), *at)),
        _ => {}
    });
}

/// A running program: its variables (`--arg`) and the steps it may still take.
pub(crate) struct Machine {
    pub vars: Vec<(String, Json)>,
    pub budget: u64,
}

type Out = Vec<Json>;

impl Machine {
    /// Runs `ast` on `input`, adding its outputs to `out`.
    pub(crate) fn run(&mut self, ast: &Ast, input: &Json, out: &mut Out) -> Result<(), Fail> {
        if self.budget == 0 || out.len() > 100_000 {
            return Err(Fail::Budget);
        }
        self.budget -= 1;
        match ast {
            Ast::Identity => out.push(input.clone()),
            Ast::Literal(v) => out.push(v.clone()),
            Ast::Var(name, _) => {
                out.push(self.vars.iter().find(|(n, _)| n == name).map_or(Json::Null, |(_, v)| v.clone()))
            }
            Ast::Field(t, name) => {
                let key = Json::Str(name.clone());
                return self.each(t, input, out, &mut |_, v, out| index(&v, &key).map(|x| out.push(x)));
            }
            Ast::Index(t, k) => {
                return self.each(t, input, out, &mut |m, v, out| {
                    m.each(k, input, out, &mut |_, key, out| index(&v, &key).map(|x| out.push(x)))
                })
            }
            Ast::Iterate(t) => return self.each(t, input, out, &mut |_, v, out| elements(v).map(|e| out.extend(e))),
            Ast::Try(t) => {
                if let Err(Fail::Budget) = self.run(t, input, out) {
                    return Err(Fail::Budget);
                }
            }
            Ast::Array(None) => out.push(Json::Arr(Vec::new())),
            Ast::Array(Some(e)) => {
                let mut items = Vec::new();
                self.run(e, input, &mut items)?;
                out.push(Json::Arr(items));
            }
            Ast::Object(entries) => {
                // Every combination of the entries' keys and values, the last entry varying fastest.
                let mut objects = vec![Vec::new()];
                for (key, value) in entries {
                    let keys = match key {
                        Ok(name) => vec![Json::Str(name.clone())],
                        Err(e) => self.all(e, input)?,
                    };
                    let mut next = Vec::new();
                    for obj in &objects {
                        for k in &keys {
                            let Json::Str(k) = k else {
                                return Err(err(format!("Cannot use {} ({}) as object key", k.kind(), k.brief())));
                            };
                            let values = match value {
                                Some(v) => self.all(v, input)?,
                                None => vec![index(input, &Json::Str(k.clone()))?],
                            };
                            for v in values {
                                let mut o: Vec<(String, Json)> = obj.clone();
                                super::json::set(&mut o, k.clone(), v);
                                next.push(o);
                            }
                        }
                    }
                    objects = next;
                }
                out.extend(objects.into_iter().map(Json::Obj));
            }
            Ast::Pipe(a, b) => return self.each(a, input, out, &mut |m, v, out| m.run(b, &v, out)),
            Ast::Comma(a, b) => {
                self.run(a, input, out)?;
                return self.run(b, input, out);
            }
            Ast::Bin(op @ (Op::And | Op::Or), a, b) => {
                let and = *op == Op::And;
                return self.each(a, input, out, &mut |m, l, out| {
                    if l.truthy() != and {
                        out.push(Json::Bool(!and));
                        return Ok(());
                    }
                    m.each(b, input, out, &mut |_, r, out| {
                        out.push(Json::Bool(r.truthy()));
                        Ok(())
                    })
                });
            }
            Ast::Bin(Op::Alt, a, b) => {
                // `a`'s truthy outputs; if it has none (or fails), `b`'s.
                let mut left = Vec::new();
                if let Err(Fail::Budget) = self.run(a, input, &mut left) {
                    return Err(Fail::Budget);
                }
                left.retain(Json::truthy);
                if left.is_empty() {
                    return self.run(b, input, out);
                }
                out.extend(left);
            }
            Ast::Bin(op, a, b) => {
                // The right side varies slowest, as in jq.
                return self.each(b, input, out, &mut |m, r, out| {
                    m.each(a, input, out, &mut |_, l, out| {
                        let o = cmp(&l, &r);
                        out.push(Json::Bool(match op {
                            Op::Eq => o == Ordering::Equal,
                            Op::Ne => o != Ordering::Equal,
                            Op::Lt => o == Ordering::Less,
                            Op::Le => o != Ordering::Greater,
                            Op::Gt => o == Ordering::Greater,
                            _ => o != Ordering::Less,
                        }));
                        Ok(())
                    })
                });
            }
            Ast::Call(name, args, _) => return self.call(name, args, input, out),
        }
        Ok(())
    }

    /// Runs `e` on `input` and hands each output to `then`; an error in `e` comes after the
    /// outputs it already gave have been through `then`.
    fn each(
        &mut self,
        e: &Ast,
        input: &Json,
        out: &mut Out,
        then: &mut dyn FnMut(&mut Machine, Json, &mut Out) -> Result<(), Fail>,
    ) -> Result<(), Fail> {
        let mut vals = Vec::new();
        let r = self.run(e, input, &mut vals);
        for v in vals {
            then(self, v, out)?;
        }
        r
    }

    fn all(&mut self, e: &Ast, input: &Json) -> Result<Vec<Json>, Fail> {
        let mut vals = Vec::new();
        self.run(e, input, &mut vals)?;
        Ok(vals)
    }

    fn call(&mut self, name: &str, args: &[Ast], input: &Json, out: &mut Out) -> Result<(), Fail> {
        let text = |v: &Json| match v {
            Json::Str(s) => s.clone(),
            other => dump(other, &Layout::COMPACT),
        };
        let v = match (name, args) {
            ("empty", _) => return Ok(()),
            ("not", _) => Json::Bool(!input.truthy()),
            ("length", _) => Json::num(match input {
                Json::Null => 0.0,
                Json::Bool(_) => return Err(kind_err(input, "has no length")),
                Json::Num(n, _) => n.abs(),
                Json::Str(s) => s.chars().count() as f64,
                Json::Arr(a) => a.len() as f64,
                Json::Obj(o) => o.len() as f64,
            }),
            ("keys" | "keys_unsorted", _) => Json::Arr(match input {
                Json::Obj(o) if name == "keys" => sorted_keys(o).into_iter().map(|k| Json::Str(k.into())).collect(),
                Json::Obj(o) => o.iter().map(|(k, _)| Json::Str(k.clone())).collect(),
                Json::Arr(a) => (0..a.len()).map(|i| Json::num(i as f64)).collect(),
                _ => return Err(kind_err(input, "has no keys")),
            }),
            ("values", _) if matches!(input, Json::Null) => return Ok(()),
            ("values", _) => input.clone(),
            ("type", _) => Json::Str(input.kind().into()),
            ("first", _) => index(input, &Json::num(0.0))?,
            ("last", _) => index(input, &Json::num(-1.0))?,
            ("sort", _) => {
                let Json::Arr(a) = input else {
                    return Err(kind_err(input, "cannot be sorted, as it is not an array"));
                };
                let mut a = a.clone();
                crate::sort::sort_by(&mut a, cmp);
                Json::Arr(a)
            }
            ("to_entries", _) => {
                let Json::Obj(o) = input else { return Err(kind_err(input, "has no keys")) };
                Json::Arr(
                    o.iter()
                        .map(|(k, v)| {
                            Json::Obj(vec![("key".into(), Json::Str(k.clone())), ("value".into(), v.clone())])
                        })
                        .collect(),
                )
            }
            ("tostring", _) => Json::Str(text(input)),
            ("select", [f]) => {
                return self.each(f, input, out, &mut |_, c, out| {
                    if c.truthy() {
                        out.push(input.clone());
                    }
                    Ok(())
                })
            }
            ("map", [f]) => {
                let mut items = Vec::new();
                for v in elements(input.clone())? {
                    self.run(f, &v, &mut items)?;
                }
                Json::Arr(items)
            }
            ("has", [k]) => {
                return self.each(k, input, out, &mut |_, k, out| {
                    let has = match (input, &k) {
                        (Json::Obj(_), Json::Str(key)) => input.get(key).is_some(),
                        (Json::Arr(a), Json::Num(n, _)) => *n >= 0.0 && (*n as usize) < a.len(),
                        _ => return Err(err(format!("Cannot check whether {} has a {} key", input.kind(), k.kind()))),
                    };
                    out.push(Json::Bool(has));
                    Ok(())
                })
            }
            ("join", [sep]) => {
                return self.each(sep, input, out, &mut |_, sep, out| {
                    let mut pieces = Vec::new();
                    for v in elements(input.clone())? {
                        pieces.push(match v {
                            Json::Null => String::new(),
                            Json::Arr(_) | Json::Obj(_) => return Err(err(format!("Cannot join with {}", v.kind()))),
                            other => text(&other),
                        });
                    }
                    let Json::Str(sep) = sep else { return Err(kind_err(&sep, "cannot be added")) };
                    out.push(Json::Str(pieces.join(&sep)));
                    Ok(())
                })
            }
            _ => return Err(err(format!("{name}/{} is not defined", args.len()))),
        };
        out.push(v);
        Ok(())
    }
}

/// What `.[]` gives.
fn elements(v: Json) -> Result<Vec<Json>, Fail> {
    match v {
        Json::Arr(a) => Ok(a),
        Json::Obj(o) => Ok(o.into_iter().map(|(_, v)| v).collect()),
        other => Err(err(format!("Cannot iterate over {} ({})", other.kind(), other.brief()))),
    }
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
        (Json::Null, Json::Str(_) | Json::Num(..)) => Json::Null,
        (_, Json::Str(key)) if key.len() < 30 => {
            return Err(err(format!("Cannot index {} with string \"{key}\"", t.kind())));
        }
        _ => return Err(err(format!("Cannot index {} with {}", t.kind(), k.kind()))),
    })
}
