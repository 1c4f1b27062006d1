//! A small awk (mawk 1.3.4, Ubuntu's default) for pipelines such as
//! `docker ps -a | awk 'NR>1 {print $1}'` and `awk -F: '{print $1, $NF}'`.
//!
//! Supports `BEGIN`/`END`, patterns (expressions and `/regex/`), `print` (with `>`/`>>` into
//! host files), `printf`, `next`, `exit`, `if`/`else`, variables, fields (assignable), `NR NF FS
//! OFS ORS FILENAME`, arithmetic, comparisons, `~ !~`, `&& || !`, concatenation, `++ --`,
//! compound assignment, and `length substr index tolower toupper int`. No arrays or loops: the
//! interpreter has no way to run forever. Errors print mawk's text and exit 2.

use super::builtins::Call;
use super::exec::{Exec, Stop};
use super::fs::WriteMode;
use crate::map::Map;
use crate::regex::{Regex, Syntax};

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Re(String),
    Name(String),
    Func(String),
    Sym(&'static str),
    Newline,
}

const SYMS: &[&str] = &[
    "+=", "-=", "*=", "/=", "%=", "^=", "==", "!=", "<=", ">=", "&&", "||", "++", "--", "!~", ">>", "{", "}", "(", ")",
    ";", ",", "+", "-", "*", "/", "%", "^", "!", ">", "<", "~", "=", "$", "?", ":",
];

const FUNCS: &[&str] = &["length", "substr", "index", "tolower", "toupper", "int", "sprintf"];

fn syntax_err(near: &str) -> String {
    format!("awk: line 1: syntax error at or near {near}")
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let cs: Vec<char> = src.chars().collect();
    let mut out: Vec<Tok> = Vec::new();
    let mut i = 0;
    while let Some(&c) = cs.get(i) {
        let operand_before =
            matches!(out.last(), Some(Tok::Num(_) | Tok::Str(_) | Tok::Name(_) | Tok::Sym(")") | Tok::Sym("$")));
        if c == ' ' || c == '\t' {
            i += 1;
        } else if c == '\\' && cs.get(i + 1) == Some(&'\n') {
            i += 2;
        } else if c == '\n' {
            out.push(Tok::Newline);
            i += 1;
        } else if c == '#' {
            while cs.get(i).is_some_and(|c| *c != '\n') {
                i += 1;
            }
        } else if c.is_ascii_digit() || (c == '.' && cs.get(i + 1).is_some_and(char::is_ascii_digit)) {
            let start = i;
            while cs.get(i).is_some_and(|c| c.is_ascii_digit() || *c == '.') {
                i += 1;
            }
            let s: String = cs.get(start..i).unwrap_or(&[]).iter().collect();
            out.push(Tok::Num(s.parse().unwrap_or(0.0)));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while cs.get(i).is_some_and(|c| c.is_alphanumeric() || *c == '_') {
                i += 1;
            }
            let s: String = cs.get(start..i).unwrap_or(&[]).iter().collect();
            if FUNCS.contains(&s.as_str()) {
                out.push(Tok::Func(s));
            } else {
                out.push(Tok::Name(s));
            }
        } else if c == '"' {
            i += 1;
            let mut s = String::new();
            loop {
                match cs.get(i) {
                    None | Some('\n') => {
                        return Err("awk: line 1: runaway string constant \"".to_string()
                            + &s.chars().take(10).collect::<String>()
                            + " ...")
                    }
                    Some('"') => {
                        i += 1;
                        break;
                    }
                    Some('\\') => {
                        i += 1;
                        match cs.get(i) {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('\\') => s.push('\\'),
                            Some('"') => s.push('"'),
                            Some('/') => s.push('/'),
                            Some(&o) => {
                                s.push('\\');
                                s.push(o);
                            }
                            None => s.push('\\'),
                        }
                        i += 1;
                    }
                    Some(&o) => {
                        s.push(o);
                        i += 1;
                    }
                }
            }
            out.push(Tok::Str(s));
        } else if c == '/' && !operand_before {
            i += 1;
            let mut s = String::new();
            loop {
                match cs.get(i) {
                    None | Some('\n') => {
                        return Err("awk: line 1: runaway regular expression /".to_string()
                            + &s.chars().take(10).collect::<String>()
                            + " ...")
                    }
                    Some('/') => {
                        i += 1;
                        break;
                    }
                    Some('\\') if cs.get(i + 1) == Some(&'/') => {
                        s.push('/');
                        i += 2;
                    }
                    Some(&o) => {
                        s.push(o);
                        i += 1;
                    }
                }
            }
            out.push(Tok::Re(s));
        } else {
            let rest: String = cs.get(i..(i + 2).min(cs.len())).unwrap_or(&[]).iter().collect();
            match SYMS.iter().find(|s| rest.starts_with(**s)) {
                Some(s) => {
                    out.push(Tok::Sym(s));
                    i += s.chars().count();
                }
                None => return Err(syntax_err(&c.to_string())),
            }
        }
    }
    Ok(out)
}

#[derive(Clone, Debug)]
enum Expr {
    Num(f64),
    Str(String),
    Re(String),
    Field(Box<Expr>),
    Var(String),
    Unary(&'static str, Box<Expr>),
    Binary(&'static str, Box<Expr>, Box<Expr>),
    Concat(Box<Expr>, Box<Expr>),
    Assign(&'static str, Box<Expr>, Box<Expr>),
    IncDec(bool, bool, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Call(String, Vec<Expr>),
}

#[derive(Clone, Debug)]
enum Stmt {
    Print(Vec<Expr>, Option<(bool, Expr)>),
    Printf(Vec<Expr>, Option<(bool, Expr)>),
    Expr(Expr),
    Next,
    Exit(Option<Expr>),
    If(Expr, Vec<Stmt>, Vec<Stmt>),
    Block(Vec<Stmt>),
}

#[derive(Clone, Debug)]
enum Pattern {
    Begin,
    End,
    Always,
    Expr(Expr),
}

/// A pattern and its action (`None`: print the record).
type Item = (Pattern, Option<Vec<Stmt>>);

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: u32,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn is(&self, s: &str) -> bool {
        matches!(self.peek(), Some(Tok::Sym(x)) if *x == s)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.is(s) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn near(&self) -> String {
        match self.peek() {
            None => "end of file".to_string(),
            Some(Tok::Newline) => "end of line".to_string(),
            Some(Tok::Num(n)) => fmt_num(*n),
            Some(Tok::Str(s)) => format!("\"{s}\""),
            Some(Tok::Re(s)) => format!("/{s}/"),
            Some(Tok::Name(s)) | Some(Tok::Func(s)) => s.clone(),
            Some(Tok::Sym(s)) => s.to_string(),
        }
    }

    fn err<T>(&self) -> Result<T, String> {
        if self.peek().is_none()
            && self.toks.iter().filter(|t| **t == Tok::Sym("{")).count()
                > self.toks.iter().filter(|t| **t == Tok::Sym("}")).count()
        {
            return Err("awk: line 2: missing } near end of file".to_string());
        }
        Err(syntax_err(&self.near()))
    }

    fn skip_terms(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline) | Some(Tok::Sym(";"))) {
            self.pos += 1;
        }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline)) {
            self.pos += 1;
        }
    }

    fn program(&mut self) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        self.skip_terms();
        while self.peek().is_some() {
            let pat = match self.peek() {
                Some(Tok::Name(n)) if n == "BEGIN" => {
                    self.pos += 1;
                    Pattern::Begin
                }
                Some(Tok::Name(n)) if n == "END" => {
                    self.pos += 1;
                    Pattern::End
                }
                Some(Tok::Sym("{")) => Pattern::Always,
                _ => Pattern::Expr(self.expr(false)?),
            };
            let action = if self.is("{") { Some(self.block()?) } else { None };
            if action.is_none() && matches!(pat, Pattern::Begin | Pattern::End) {
                return self.err();
            }
            let had_action = action.is_some();
            items.push((pat, action));
            if !(had_action
                || self.peek().is_none()
                || matches!(self.peek(), Some(Tok::Newline) | Some(Tok::Sym(";")))
                || self.is("{"))
            {
                return self.err();
            }
            self.skip_terms();
        }
        Ok(items)
    }

    fn block(&mut self) -> Result<Vec<Stmt>, String> {
        if !self.eat("{") {
            return self.err();
        }
        self.depth += 1;
        if self.depth > 50 {
            return Err("awk: line 1: nesting too deep".to_string());
        }
        let mut stmts = Vec::new();
        loop {
            self.skip_terms();
            if self.eat("}") {
                break;
            }
            if self.peek().is_none() {
                return Err("awk: line 2: missing } near end of file".to_string());
            }
            stmts.push(self.stmt()?);
            if !(self.is("}") || matches!(self.peek(), Some(Tok::Newline) | Some(Tok::Sym(";")))) {
                return self.err();
            }
        }
        self.depth -= 1;
        Ok(stmts)
    }

    fn stmt(&mut self) -> Result<Stmt, String> {
        match self.peek().cloned() {
            Some(Tok::Sym("{")) => Ok(Stmt::Block(self.block()?)),
            Some(Tok::Name(n)) if n == "print" || n == "printf" => {
                self.pos += 1;
                let paren = self.is("(") && self.toks.get(self.pos + 1) != Some(&Tok::Sym(")"));
                let mut args = Vec::new();
                if !(self.is(";")
                    || self.is("}")
                    || self.is(">")
                    || self.is(">>")
                    || matches!(self.peek(), None | Some(Tok::Newline)))
                {
                    args.push(self.expr(true)?);
                    while self.eat(",") {
                        self.skip_newlines();
                        args.push(self.expr(true)?);
                    }
                }
                let _ = paren;
                let redirect = if self.eat(">>") {
                    Some((true, self.primary()?))
                } else if self.eat(">") {
                    Some((false, self.primary()?))
                } else {
                    None
                };
                if n == "print" {
                    Ok(Stmt::Print(args, redirect))
                } else if args.is_empty() {
                    self.err()
                } else {
                    Ok(Stmt::Printf(args, redirect))
                }
            }
            Some(Tok::Name(n)) if n == "next" => {
                self.pos += 1;
                Ok(Stmt::Next)
            }
            Some(Tok::Name(n)) if n == "exit" => {
                self.pos += 1;
                let code = if self.is(";") || self.is("}") || matches!(self.peek(), None | Some(Tok::Newline)) {
                    None
                } else {
                    Some(self.expr(false)?)
                };
                Ok(Stmt::Exit(code))
            }
            Some(Tok::Name(n)) if n == "if" => {
                self.pos += 1;
                if !self.eat("(") {
                    return self.err();
                }
                let cond = self.expr(false)?;
                if !self.eat(")") {
                    return self.err();
                }
                self.skip_newlines();
                let then = vec![self.stmt()?];
                let save = self.pos;
                self.skip_terms();
                let els = if matches!(self.peek(), Some(Tok::Name(n)) if n == "else") {
                    self.pos += 1;
                    self.skip_newlines();
                    vec![self.stmt()?]
                } else {
                    self.pos = save;
                    Vec::new()
                };
                Ok(Stmt::If(cond, then, els))
            }
            Some(Tok::Name(n)) if matches!(n.as_str(), "while" | "for" | "do" | "getline" | "function" | "delete") => {
                self.err()
            }
            _ => Ok(Stmt::Expr(self.expr(false)?)),
        }
    }

    /// `no_gt`: inside `print`, a bare `>` is a redirection, not a comparison.
    fn expr(&mut self, no_gt: bool) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > 30 {
            return Err("awk: line 1: expression nesting too deep".to_string());
        }
        let r = self.ternary(no_gt);
        self.depth -= 1;
        r
    }

    fn ternary(&mut self, no_gt: bool) -> Result<Expr, String> {
        let cond = self.assignment(no_gt)?;
        if self.eat("?") {
            let a = self.expr(no_gt)?;
            if !self.eat(":") {
                return self.err();
            }
            let b = self.expr(no_gt)?;
            return Ok(Expr::Cond(Box::new(cond), Box::new(a), Box::new(b)));
        }
        Ok(cond)
    }

    fn assignment(&mut self, no_gt: bool) -> Result<Expr, String> {
        let left = self.or(no_gt)?;
        for op in ["=", "+=", "-=", "*=", "/=", "%=", "^="] {
            if self.is(op) {
                if !matches!(left, Expr::Var(_) | Expr::Field(_)) {
                    return self.err();
                }
                self.pos += 1;
                let right = self.expr(no_gt)?;
                let op: &'static str = SYMS.iter().find(|s| **s == op).copied().unwrap_or("=");
                return Ok(Expr::Assign(op, Box::new(left), Box::new(right)));
            }
        }
        Ok(left)
    }

    fn binary_level(
        &mut self,
        ops: &[&'static str],
        no_gt: bool,
        next: fn(&mut Parser, bool) -> Result<Expr, String>,
    ) -> Result<Expr, String> {
        let mut left = next(self, no_gt)?;
        while let Some(op) = ops.iter().find(|o| self.is(o) && !(no_gt && **o == ">")).copied() {
            self.pos += 1;
            if matches!(op, "&&" | "||") {
                self.skip_newlines();
            }
            let right = next(self, no_gt)?;
            left = Expr::Binary(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn or(&mut self, no_gt: bool) -> Result<Expr, String> {
        self.binary_level(&["||"], no_gt, Parser::and)
    }

    fn and(&mut self, no_gt: bool) -> Result<Expr, String> {
        self.binary_level(&["&&"], no_gt, Parser::matching)
    }

    fn matching(&mut self, no_gt: bool) -> Result<Expr, String> {
        self.binary_level(&["~", "!~"], no_gt, Parser::comparison)
    }

    fn comparison(&mut self, no_gt: bool) -> Result<Expr, String> {
        let left = self.concat(no_gt)?;
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.is(op) && !(no_gt && op == ">") {
                self.pos += 1;
                let right = self.concat(no_gt)?;
                let op: &'static str = SYMS.iter().find(|s| **s == op).copied().unwrap_or("==");
                return Ok(Expr::Binary(op, Box::new(left), Box::new(right)));
            }
        }
        Ok(left)
    }

    fn starts_operand(&self) -> bool {
        match self.peek() {
            Some(Tok::Num(_) | Tok::Str(_) | Tok::Func(_) | Tok::Re(_)) => true,
            Some(Tok::Name(n)) => {
                !matches!(n.as_str(), "print" | "printf" | "next" | "exit" | "if" | "else" | "BEGIN" | "END")
            }
            Some(Tok::Sym(s)) => matches!(*s, "$" | "(" | "!" | "-" | "+" | "++" | "--"),
            _ => false,
        }
    }

    fn concat(&mut self, no_gt: bool) -> Result<Expr, String> {
        let mut left = self.additive(no_gt)?;
        while self.starts_operand() && !self.is("-") && !self.is("+") && !self.is("!") {
            let right = self.additive(no_gt)?;
            left = Expr::Concat(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn additive(&mut self, no_gt: bool) -> Result<Expr, String> {
        self.binary_level(&["+", "-"], no_gt, Parser::multiplicative)
    }

    fn multiplicative(&mut self, no_gt: bool) -> Result<Expr, String> {
        self.binary_level(&["*", "/", "%"], no_gt, Parser::unary)
    }

    fn unary(&mut self, no_gt: bool) -> Result<Expr, String> {
        for op in ["!", "-", "+"] {
            if self.is(op) {
                self.pos += 1;
                self.depth += 1;
                if self.depth > 30 {
                    return Err("awk: line 1: expression nesting too deep".to_string());
                }
                let e = self.unary(no_gt);
                self.depth -= 1;
                let op: &'static str = SYMS.iter().find(|s| **s == op).copied().unwrap_or("!");
                return Ok(Expr::Unary(op, Box::new(e?)));
            }
        }
        self.power(no_gt)
    }

    fn power(&mut self, no_gt: bool) -> Result<Expr, String> {
        let base = self.postfix()?;
        if self.eat("^") {
            let exp = self.unary(no_gt)?;
            return Ok(Expr::Binary("^", Box::new(base), Box::new(exp)));
        }
        Ok(base)
    }

    fn postfix(&mut self) -> Result<Expr, String> {
        if self.is("++") || self.is("--") {
            let inc = self.is("++");
            self.pos += 1;
            let target = self.primary()?;
            return Ok(Expr::IncDec(inc, true, Box::new(target)));
        }
        let e = self.primary()?;
        if matches!(e, Expr::Var(_) | Expr::Field(_)) && (self.is("++") || self.is("--")) {
            let inc = self.is("++");
            self.pos += 1;
            return Ok(Expr::IncDec(inc, false, Box::new(e)));
        }
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        let Some(t) = self.peek().cloned() else { return self.err() };
        self.pos += 1;
        match t {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Str(s) => Ok(Expr::Str(s)),
            Tok::Re(r) => Ok(Expr::Re(r)),
            Tok::Name(n) => Ok(Expr::Var(n)),
            Tok::Sym("$") => {
                self.depth += 1;
                if self.depth > 30 {
                    return Err("awk: line 1: expression nesting too deep".to_string());
                }
                let inner = if self.is("++") || self.is("--") { self.postfix() } else { self.primary() };
                self.depth -= 1;
                Ok(Expr::Field(Box::new(inner?)))
            }
            Tok::Sym("(") => {
                let e = self.expr(false)?;
                if !self.eat(")") {
                    return self.err();
                }
                Ok(e)
            }
            Tok::Func(name) => {
                let mut args = Vec::new();
                if self.eat("(") {
                    if !self.eat(")") {
                        args.push(self.expr(false)?);
                        while self.eat(",") {
                            args.push(self.expr(false)?);
                        }
                        if !self.eat(")") {
                            return self.err();
                        }
                    }
                } else if name != "length" {
                    return self.err();
                }
                Ok(Expr::Call(name, args))
            }
            _ => {
                self.pos -= 1;
                self.err()
            }
        }
    }
}

/// How awk prints a number: integers plainly, others with `%.6g`.
fn fmt_num(n: f64) -> String {
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e16 {
        return format!("{}", n as i64);
    }
    if !n.is_finite() {
        return if n.is_nan() {
            "nan".into()
        } else if n > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let exp = n.abs().log10().floor() as i32;
    if !(-4..6).contains(&exp) {
        let s = format!("{:.5e}", n);
        let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
        let mant = mant.trim_end_matches('0').trim_end_matches('.');
        let e: i32 = e.parse().unwrap_or(0);
        return format!("{mant}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
    }
    let decimals = (5 - exp).max(0) as usize;
    let s = format!("{:.*}", decimals, n);
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A value: numbers, strings, and field/input strings that compare as numbers when they look
/// like one ("strnum").
#[derive(Clone, Debug)]
enum Val {
    Num(f64),
    Str(String),
    StrNum(String),
}

fn looks_numeric(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    t.parse::<f64>().ok().filter(|_| !t.contains(['i', 'I', 'n', 'N']))
}

fn str_to_num(s: &str) -> f64 {
    let t = s.trim_start();
    let mut end = 0;
    let mut seen_dot = false;
    let mut seen_e = false;
    for (i, ch) in t.char_indices() {
        let ok = ch.is_ascii_digit()
            || ((ch == '-' || ch == '+') && (i == 0 || t.get(i - 1..i).is_some_and(|p| p == "e" || p == "E")))
            || (ch == '.' && !seen_dot && !seen_e)
            || ((ch == 'e' || ch == 'E') && !seen_e && i > 0);
        if !ok {
            break;
        }
        seen_dot |= ch == '.';
        seen_e |= ch == 'e' || ch == 'E';
        end = i + 1;
    }
    let mut slice = t.get(..end).unwrap_or("");
    while !slice.is_empty() && slice.parse::<f64>().is_err() {
        slice = slice.get(..slice.len() - 1).unwrap_or("");
    }
    slice.parse().unwrap_or(0.0)
}

impl Val {
    fn num(&self) -> f64 {
        match self {
            Val::Num(n) => *n,
            Val::Str(s) | Val::StrNum(s) => str_to_num(s),
        }
    }

    fn text(&self) -> String {
        match self {
            Val::Num(n) => fmt_num(*n),
            Val::Str(s) | Val::StrNum(s) => s.clone(),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Val::Num(n) => *n != 0.0,
            Val::Str(s) => !s.is_empty(),
            Val::StrNum(s) => match looks_numeric(s) {
                Some(n) => n != 0.0,
                None => !s.is_empty(),
            },
        }
    }

    fn numeric(&self) -> Option<f64> {
        match self {
            Val::Num(n) => Some(*n),
            Val::StrNum(s) => looks_numeric(s),
            Val::Str(_) => None,
        }
    }
}

enum Flow {
    Next,
    Exit(i32),
}

struct Machine<'x, 'a, 'c> {
    ex: &'x mut Exec<'a>,
    c: &'x mut Call<'c>,
    vars: Map<String, Val>,
    fields: Vec<String>,
    record: String,
    regexes: Map<String, Option<Regex>>,
    out: String,
}

impl Machine<'_, '_, '_> {
    fn var(&self, name: &str) -> Val {
        match name {
            "NF" => Val::Num(self.fields.len() as f64),
            _ => self.vars.get(name).cloned().unwrap_or(Val::StrNum(String::new())),
        }
    }

    fn fs(&self) -> String {
        self.vars.get("FS").map(Val::text).unwrap_or_else(|| " ".to_string())
    }

    fn set_record(&mut self, text: &str) {
        self.record = text.to_string();
        let fs = self.fs();
        self.fields = if fs == " " {
            text.split_whitespace().map(str::to_string).collect()
        } else if fs.chars().count() == 1 && fs != "\\" {
            if text.is_empty() {
                Vec::new()
            } else {
                text.split(fs.as_str()).map(str::to_string).collect()
            }
        } else {
            self.split_re(text, &fs)
        };
    }

    fn split_re(&mut self, text: &str, fs: &str) -> Vec<String> {
        let Some(re) = self.regex(fs) else { return vec![text.to_string()] };
        let mut out = Vec::new();
        let mut rest = text;
        while let Some((s, e)) = re.find(rest).filter(|(s, e)| e > s) {
            out.push(rest.get(..s).unwrap_or("").to_string());
            rest = rest.get(e..).unwrap_or("");
        }
        if !text.is_empty() {
            out.push(rest.to_string());
        }
        out
    }

    fn rebuild(&mut self) {
        let ofs = self.vars.get("OFS").map(Val::text).unwrap_or_else(|| " ".to_string());
        self.record = self.fields.join(&ofs);
    }

    fn regex(&mut self, src: &str) -> Option<Regex> {
        if let Some(r) = self.regexes.get(src) {
            return r.clone();
        }
        let r = Regex::new(src, Syntax::Extended, false).ok();
        self.regexes.insert(src.to_string(), r.clone());
        r
    }

    fn field(&self, i: f64) -> Val {
        let i = i.max(0.0) as usize;
        if i == 0 {
            return Val::StrNum(self.record.clone());
        }
        Val::StrNum(self.fields.get(i - 1).cloned().unwrap_or_default())
    }

    fn assign(&mut self, target: &Expr, v: Val) -> Result<(), String> {
        match target {
            Expr::Var(n) if n == "NF" => {
                let n = v.num().max(0.0) as usize;
                self.fields.resize(n.min(10_000), String::new());
                self.rebuild();
            }
            Expr::Var(n) => {
                self.vars.insert(n.clone(), v);
            }
            Expr::Field(e) => {
                let i = self.eval(e)?.num().max(0.0) as usize;
                if i == 0 {
                    self.set_record(&v.text());
                } else {
                    if i > 10_000 {
                        return Err("awk: program limit exceeded: maximum number of fields".to_string());
                    }
                    if self.fields.len() < i {
                        self.fields.resize(i, String::new());
                    }
                    if let Some(f) = self.fields.get_mut(i - 1) {
                        *f = v.text();
                    }
                    self.rebuild();
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn eval(&mut self, e: &Expr) -> Result<Val, String> {
        Ok(match e {
            Expr::Num(n) => Val::Num(*n),
            Expr::Str(s) => Val::Str(s.clone()),
            Expr::Re(r) => {
                let rec = self.record.clone();
                Val::Num(f64::from(u8::from(self.regex(r).is_some_and(|re| re.is_match(&rec)))))
            }
            Expr::Field(i) => {
                let i = self.eval(i)?.num();
                self.field(i)
            }
            Expr::Var(n) => self.var(n),
            Expr::Unary(op, a) => {
                let v = self.eval(a)?;
                match *op {
                    "!" => Val::Num(f64::from(u8::from(!v.truthy()))),
                    "-" => Val::Num(-v.num()),
                    _ => Val::Num(v.num()),
                }
            }
            Expr::Concat(a, b) => {
                let s = self.eval(a)?.text() + &self.eval(b)?.text();
                if s.len() > 1 << 20 {
                    return Err("awk: string too long".to_string());
                }
                Val::Str(s)
            }
            Expr::Binary(op, a, b) => {
                if *op == "&&" {
                    return Ok(Val::Num(f64::from(u8::from(self.eval(a)?.truthy() && self.eval(b)?.truthy()))));
                }
                if *op == "||" {
                    return Ok(Val::Num(f64::from(u8::from(self.eval(a)?.truthy() || self.eval(b)?.truthy()))));
                }
                if *op == "~" || *op == "!~" {
                    let text = self.eval(a)?.text();
                    let re = match &**b {
                        Expr::Re(r) => r.clone(),
                        other => self.eval(other)?.text(),
                    };
                    let hit = self.regex(&re).is_some_and(|r| r.is_match(&text));
                    return Ok(Val::Num(f64::from(u8::from(hit == (*op == "~")))));
                }
                let (x, y) = (self.eval(a)?, self.eval(b)?);
                match *op {
                    "+" => Val::Num(x.num() + y.num()),
                    "-" => Val::Num(x.num() - y.num()),
                    "*" => Val::Num(x.num() * y.num()),
                    "^" => Val::Num(x.num().powf(y.num())),
                    "/" | "%" => {
                        if y.num() == 0.0 {
                            return Err(format!(
                                "awk: run time error: {} by zero",
                                if *op == "/" { "division" } else { "division by zero in %" }
                            ));
                        }
                        if *op == "/" {
                            Val::Num(x.num() / y.num())
                        } else {
                            Val::Num(x.num() % y.num())
                        }
                    }
                    cmp => {
                        let ord = match (x.numeric(), y.numeric()) {
                            (Some(p), Some(q)) => p.partial_cmp(&q).unwrap_or(std::cmp::Ordering::Equal),
                            _ => x.text().cmp(&y.text()),
                        };
                        use std::cmp::Ordering::*;
                        let r = match cmp {
                            "==" => ord == Equal,
                            "!=" => ord != Equal,
                            "<" => ord == Less,
                            "<=" => ord != Greater,
                            ">" => ord == Greater,
                            _ => ord != Less,
                        };
                        Val::Num(f64::from(u8::from(r)))
                    }
                }
            }
            Expr::Assign(op, target, value) => {
                let v = self.eval(value)?;
                let new = if *op == "=" {
                    v
                } else {
                    let old = self.eval(target)?.num();
                    let r = v.num();
                    Val::Num(match *op {
                        "+=" => old + r,
                        "-=" => old - r,
                        "*=" => old * r,
                        "/=" if r != 0.0 => old / r,
                        "%=" if r != 0.0 => old % r,
                        "^=" => old.powf(r),
                        _ => return Err("awk: run time error: division by zero".to_string()),
                    })
                };
                self.assign(target, new.clone())?;
                new
            }
            Expr::IncDec(inc, prefix, target) => {
                let old = self.eval(target)?.num();
                let new = if *inc { old + 1.0 } else { old - 1.0 };
                self.assign(target, Val::Num(new))?;
                Val::Num(if *prefix { new } else { old })
            }
            Expr::Cond(c, a, b) => {
                if self.eval(c)?.truthy() {
                    self.eval(a)?
                } else {
                    self.eval(b)?
                }
            }
            Expr::Call(name, args) => {
                let mut vals = Vec::new();
                for a in args {
                    vals.push(self.eval(a)?);
                }
                let s0 = vals.first().map(Val::text).unwrap_or_else(|| self.record.clone());
                match name.as_str() {
                    "length" => Val::Num(s0.chars().count() as f64),
                    "tolower" => Val::Str(s0.to_lowercase()),
                    "toupper" => Val::Str(s0.to_uppercase()),
                    "int" => Val::Num(vals.first().map(Val::num).unwrap_or(0.0).trunc()),
                    "index" => {
                        let t = vals.get(1).map(Val::text).unwrap_or_default();
                        Val::Num(s0.find(&t).map(|b| s0.get(..b).unwrap_or("").chars().count() + 1).unwrap_or(0) as f64)
                    }
                    "substr" => {
                        let chars: Vec<char> = s0.chars().collect();
                        let start = vals.get(1).map(Val::num).unwrap_or(1.0).round();
                        let len = vals.get(2).map(|v| v.num().round()).unwrap_or(f64::INFINITY);
                        let from = start.max(1.0);
                        let to = (start + len).min(chars.len() as f64 + 1.0);
                        if to <= from {
                            Val::Str(String::new())
                        } else {
                            Val::Str(chars.iter().skip(from as usize - 1).take((to - from) as usize).collect())
                        }
                    }
                    _ => {
                        let strs: Vec<String> = vals.iter().skip(1).map(Val::text).collect();
                        Val::Str(super::printf::format_once(&s0, &strs).0)
                    }
                }
            }
        })
    }

    fn emit(&mut self, text: &str, redirect: &Option<(bool, Expr)>) -> Result<(), String> {
        match redirect {
            None => {
                self.out.push_str(text);
                if self.out.len() > 4 << 20 {
                    return Err("awk: output too long".to_string());
                }
            }
            Some((append, target)) => {
                let name = self.eval(target)?.text();
                let path = self.ex.sh.resolve(&name);
                // awk truncates a `>` file once, when it first opens it; later prints append.
                let key = format!("\0open:{path}");
                let mode =
                    if *append || self.vars.contains_key(&key) { WriteMode::Append } else { WriteMode::Truncate };
                self.vars.insert(key, Val::Num(1.0));
                let now = self.ex.sh.now;
                if let Err(e) = self.ex.sh.fs.write(&path, text, mode, self.c.who, now) {
                    return Err(format!("awk: cannot open \"{name}\" for output ({e})"));
                }
            }
        }
        Ok(())
    }

    fn run(&mut self, stmts: &[Stmt]) -> Result<Option<Flow>, String> {
        for s in stmts {
            match s {
                Stmt::Print(args, redirect) => {
                    let ofs = self.vars.get("OFS").map(Val::text).unwrap_or_else(|| " ".to_string());
                    let ors = self.vars.get("ORS").map(Val::text).unwrap_or_else(|| "\n".to_string());
                    let mut parts = Vec::new();
                    for a in args {
                        parts.push(self.eval(a)?.text());
                    }
                    let line = if args.is_empty() { self.record.clone() } else { parts.join(&ofs) };
                    self.emit(&(line + &ors), redirect)?;
                }
                Stmt::Printf(args, redirect) => {
                    let mut vals = Vec::new();
                    for a in args {
                        vals.push(self.eval(a)?.text());
                    }
                    let fmt = vals.first().cloned().unwrap_or_default();
                    let text = super::printf::format_once(&fmt, vals.get(1..).unwrap_or(&[])).0;
                    self.emit(&text, redirect)?;
                }
                Stmt::Expr(e) => {
                    self.eval(e)?;
                }
                Stmt::Next => return Ok(Some(Flow::Next)),
                Stmt::Exit(code) => {
                    let c = match code {
                        Some(e) => self.eval(e)?.num() as i32,
                        None => 0,
                    };
                    return Ok(Some(Flow::Exit(c)));
                }
                Stmt::If(cond, then, els) => {
                    let branch = if self.eval(cond)?.truthy() { then } else { els };
                    if let Some(f) = self.run(branch)? {
                        return Ok(Some(f));
                    }
                }
                Stmt::Block(b) => {
                    if let Some(f) = self.run(b)? {
                        return Ok(Some(f));
                    }
                }
            }
        }
        Ok(None)
    }
}

const MAWK_USAGE: &str = "Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a \"--\" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.
";

pub(crate) fn awk(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let mut fs: Option<String> = None;
    let mut assigns: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a == "--" {
            i += 1;
            break;
        }
        if !a.starts_with('-') || a == "-" {
            break;
        }
        i += 1;
        let flag = a.chars().nth(1).unwrap_or('-');
        let inline = a.get(2..).unwrap_or("").to_string();
        let value = if !inline.is_empty() {
            Some(inline)
        } else {
            i += 1;
            args.get(i - 1).cloned()
        };
        match (flag, value) {
            ('F', Some(v)) => fs = Some(if v == "t" { "\t".to_string() } else { super::printf::unescape(&v, false).0 }),
            ('v', Some(v)) => match v.split_once('=') {
                Some((k, val)) => assigns.push((k.to_string(), val.to_string())),
                None => {
                    c.err(&format!("mawk: improper assignment: -v {v}"));
                    return Ok(2);
                }
            },
            ('F' | 'v' | 'f', None) => {
                c.err(&format!("mawk: option requires an argument -- {flag}"));
                c.io.err(MAWK_USAGE);
                return Ok(2);
            }
            _ => {
                c.err(&format!("mawk: not an option: {a}"));
                return Ok(2);
            }
        }
    }
    let Some(program) = args.get(i).cloned() else {
        c.io.out(MAWK_USAGE);
        return Ok(0);
    };
    let files: Vec<String> = args.get(i + 1..).unwrap_or(&[]).to_vec();
    let items = match lex(&program).and_then(|toks| Parser { toks, pos: 0, depth: 0 }.program()) {
        Ok(items) => items,
        Err(e) => {
            c.err(&e);
            return Ok(2);
        }
    };
    let mut vars = Map::new();
    vars.insert("FS".to_string(), Val::Str(fs.unwrap_or_else(|| " ".to_string())));
    vars.insert("OFS".to_string(), Val::Str(" ".to_string()));
    vars.insert("ORS".to_string(), Val::Str("\n".to_string()));
    vars.insert("NR".to_string(), Val::Num(0.0));
    for (k, v) in assigns {
        vars.insert(k, Val::StrNum(super::printf::unescape(&v, false).0));
    }
    let mut m =
        Machine { ex, c, vars, fields: Vec::new(), record: String::new(), regexes: Map::new(), out: String::new() };
    let result = run_program(&mut m, &items, &files);
    let out = std::mem::take(&mut m.out);
    let c = m.c;
    c.io.out(&out);
    match result {
        Ok(status) => Ok(status),
        Err(e) => {
            c.err(&e);
            Ok(2)
        }
    }
}

fn run_program(m: &mut Machine<'_, '_, '_>, items: &[Item], files: &[String]) -> Result<i32, String> {
    let print_record = vec![Stmt::Print(Vec::new(), None)];
    for (p, action) in items {
        if matches!(p, Pattern::Begin) {
            if let Some(Flow::Exit(code)) = m.run(action.as_deref().unwrap_or(&[]))? {
                return Ok(code);
            }
        }
    }
    let has_main = items.iter().any(|(p, _)| !matches!(p, Pattern::Begin));
    let mut exit_code = None;
    if has_main {
        let mut inputs: Vec<(String, String)> = Vec::new();
        if files.is_empty() {
            inputs.push((String::new(), m.c.take_stdin()));
        }
        for f in files {
            if f == "-" {
                inputs.push((String::new(), m.c.take_stdin()));
                continue;
            }
            let path = m.ex.sh.resolve(f);
            match m.ex.sh.fs.read(&path, m.c.who) {
                Ok(t) => inputs.push((f.clone(), t.to_string())),
                Err(_) => return Err(format!("mawk: cannot open {f} (No such file or directory)")),
            }
        }
        'records: for (name, text) in inputs {
            m.vars.insert("FILENAME".to_string(), Val::Str(name));
            for line in text.lines() {
                let nr = m.var("NR").num() + 1.0;
                m.vars.insert("NR".to_string(), Val::Num(nr));
                m.set_record(line);
                for (p, action) in items {
                    let hit = match p {
                        Pattern::Begin | Pattern::End => false,
                        Pattern::Always => true,
                        Pattern::Expr(e) => m.eval(e)?.truthy(),
                    };
                    if !hit {
                        continue;
                    }
                    match m.run(action.as_deref().unwrap_or(&print_record))? {
                        Some(Flow::Next) => continue 'records,
                        Some(Flow::Exit(code)) => {
                            exit_code = Some(code);
                            break 'records;
                        }
                        None => {}
                    }
                }
            }
        }
    }
    for (p, action) in items {
        if matches!(p, Pattern::End) {
            if let Some(Flow::Exit(code)) = m.run(action.as_deref().unwrap_or(&[]))? {
                return Ok(code);
            }
        }
    }
    Ok(exit_code.unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formatting() {
        assert_eq!(fmt_num(3.0), "3");
        assert_eq!(fmt_num(0.5), "0.5");
        assert_eq!(fmt_num(1.0 / 3.0), "0.333333");
        assert_eq!(fmt_num(1234567.5), "1.23457e+06");
        assert_eq!(str_to_num("12abc"), 12.0);
        assert_eq!(str_to_num("1e3x"), 1000.0);
        assert_eq!(str_to_num("abc"), 0.0);
    }

    #[test]
    fn parse_errors() {
        let parse = |src: &str| lex(src).and_then(|toks| Parser { toks, pos: 0, depth: 0 }.program()).map(|_| ());
        assert_eq!(parse("{print $1"), Err("awk: line 2: missing } near end of file".to_string()));
        assert!(parse("{print $1}").is_ok());
        assert_eq!(parse("NR>1 {print $1, $NF} END {print NR}"), Ok(()));
        assert!(parse("{ for (i=0;;) print }").is_err());
        assert!(parse(&"(".repeat(500)).is_err());
    }
}
