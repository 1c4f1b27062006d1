//! The one-liners learners hand a language runtime: `python -c`, `node -e`/`-p`, `ruby -e`,
//! `perl -e`/`-E` and `php -r`. A tiny expression interpreter shared by all five: numbers,
//! strings, variables, arithmetic, comparisons, a few built-in functions, each language's print
//! statement, and each runtime's own error report (Python's traceback, Node's stack). What it
//! cannot parse produces no output (exit 0) rather than a made-up error. Loops, output and
//! strings are bounded, and nothing panics.
//!
//! The evaluator proper (`Interp`) lives in `interp.rs`; this file holds the values, the lexer,
//! statement splitting and error reports.

use crate::map::Map;

mod interp;

/// Longest string the interpreter builds (`"a" * 10**9` stops here).
const MAX_STR: usize = 64 * 1024;
/// Most list items a one-liner builds (`range(10**9)` stops here).
const MAX_LINES: usize = 2_000;
/// Most bytes one run prints.
const MAX_OUT: usize = 256 * 1024;

/// What a runtime knows of its container: working directory, environment, and the first line of
/// each program's `--version` (Python's traceback style and Node's footer depend on them).
pub(crate) struct LangEnv {
    pub workdir: String,
    pub env: Vec<(String, String)>,
    pub versions: Vec<(&'static str, String)>,
}

impl LangEnv {
    fn env_value(&self, name: &str) -> Option<String> {
        self.env.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    fn version_text(&self, program: &str) -> Option<String> {
        self.versions.iter().find(|(p, _)| *p == program).map(|(_, v)| v.clone())
    }

    pub(crate) fn node_version(&self) -> String {
        self.version_text("node").unwrap_or_else(|| "v23.6.0".to_string())
    }
}

/// What a runtime writes, stream by stream, in order (text need not end a line).
#[derive(Default)]
pub(crate) struct Sink {
    pub chunks: Vec<(bool, String)>,
    bytes: usize,
}

impl Sink {
    /// Writes raw text (`print("a", end="")`, Perl's `print`).
    pub(crate) fn write(&mut self, stderr: bool, text: &str) {
        if self.full() || text.is_empty() {
            return;
        }
        self.bytes += text.len();
        match self.chunks.last_mut() {
            Some((s, t)) if *s == stderr => t.push_str(text),
            _ => self.chunks.push((stderr, text.to_string())),
        }
    }

    pub(crate) fn out(&mut self, line: &str) {
        self.write(false, line);
        self.write(false, "\n");
    }

    pub(crate) fn err(&mut self, line: &str) {
        self.write(true, line);
        self.write(true, "\n");
    }

    /// Kept for the shape of the evaluator: the sink writes through at once.
    fn flush(&mut self) {}

    fn full(&self) -> bool {
        self.bytes >= MAX_OUT
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    Python,
    Node,
    NodePrint,
    Ruby,
    Perl,
    PerlSay,
    Php,
}

impl Lang {
    fn is_node(self) -> bool {
        matches!(self, Lang::Node | Lang::NodePrint)
    }
    fn is_perl(self) -> bool {
        matches!(self, Lang::Perl | Lang::PerlSay)
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Int(i128),
    Float(f64),
    Str(String),
    Bool(bool),
    Nil,
}

/// Why evaluation stopped: an error the language reports, or code we do not model.
enum Stop {
    Error(String),
    Unsupported,
}

struct Interp<'a> {
    lang: Lang,
    vars: Map<String, Val>,
    ctx: &'a LangEnv,
    steps: usize,
}

pub(crate) fn run_code(lang: Lang, code: &str, ctx: &LangEnv, out: &mut Sink) -> i32 {
    let mut it = Interp { lang, vars: Map::new(), ctx, steps: 0 };
    if lang == Lang::NodePrint {
        return match it.eval_str(code.trim().trim_end_matches(';')) {
            Ok(v) => {
                out.out(&it.show(&v, false));
                0
            }
            Err(Stop::Error(e)) => report_error(lang, code, code, &e, ctx, out),
            Err(Stop::Unsupported) => 0,
        };
    }
    for (line_no, stmt) in split_statements(code, lang).into_iter().enumerate() {
        match it.statement(&stmt, out, 0) {
            Ok(()) => {}
            Err(Stop::Error(e)) => {
                out.flush();
                let _ = line_no;
                return report_error(lang, code, &stmt, &e, ctx, out);
            }
            Err(Stop::Unsupported) => break,
        }
        if out.full() {
            break;
        }
    }
    out.flush();
    0
}

fn report_error(lang: Lang, code: &str, stmt: &str, e: &str, ctx: &LangEnv, out: &mut Sink) -> i32 {
    // The source line the error is on, and where the offending name sits in it.
    let (line_no, line) = code
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains(stmt.trim()))
        .map(|(i, l)| (i + 1, l))
        .unwrap_or((1, stmt.trim()));
    let undefined = e
        .strip_prefix("NameError: name '")
        .or_else(|| e.strip_prefix("ReferenceError: "))
        .and_then(|r| r.split(['\'', ' ']).next())
        .unwrap_or("");
    let col = name_col(line, undefined);
    match lang {
        Lang::Python => {
            out.err("Traceback (most recent call last):");
            out.err(&format!("  File \"<string>\", line {line_no}, in <module>"));
            // Python 3.13 quotes `-c` source lines in tracebacks; older versions cannot.
            let minor = ctx
                .version_text("python3")
                .and_then(|v| {
                    v.strip_prefix("Python 3.").and_then(|r| r.split('.').next()).and_then(|m| m.parse::<u32>().ok())
                })
                .unwrap_or(13);
            let quotes = minor >= 13;
            if quotes {
                let trimmed = line.trim_start();
                out.err(&format!("    {trimmed}"));
                if let Some(c) = col {
                    let indent = c.saturating_sub(line.len() - trimmed.len());
                    out.err(&format!("    {}{}", " ".repeat(indent), "^".repeat(undefined.chars().count().max(1))));
                }
            }
            out.err(e);
            1
        }
        Lang::Node | Lang::NodePrint => {
            let (kind, msg) = e.split_once(": ").unwrap_or(("Error", e));
            let c = col.unwrap_or(0);
            out.err(&format!("[eval]:{line_no}"));
            out.err(line);
            out.err(&format!("{}^", " ".repeat(c)));
            out.err("");
            out.err(&format!("{kind}: {msg}"));
            out.err(&format!("    at [eval]:{line_no}:{}", c + 1));
            out.err("    at runScriptInThisContext (node:internal/vm:209:10)");
            out.err("    at node:internal/process/execution:118:14");
            out.err("    at [eval]-wrapper:6:24");
            out.err("    at runScript (node:internal/process/execution:101:62)");
            out.err("    at evalScript (node:internal/process/execution:133:3)");
            out.err("    at node:internal/main/eval_string:51:3");
            out.err("");
            out.err(&format!("Node.js {}", ctx.node_version()));
            1
        }
        Lang::Ruby => {
            let quote = if e.contains('`') { "`" } else { "'" };
            out.err(&format!("-e:{line_no}:in {quote}<main>': {e}"));
            1
        }
        Lang::Perl | Lang::PerlSay => {
            out.err(&format!("{e} at -e line 1."));
            255
        }
        Lang::Php => {
            out.out(&format!("PHP Fatal error:  {e} in Command line code:1"));
            255
        }
    }
}

/// Where `name` first appears in `line` as a whole identifier (a character index).
fn name_col(line: &str, name: &str) -> Option<usize> {
    if name.is_empty() {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let want: Vec<char> = name.chars().collect();
    let ident = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
    (0..chars.len()).find(|&i| {
        chars.get(i..i + want.len()) == Some(&want[..])
            && !ident(i.checked_sub(1).and_then(|j| chars.get(j)))
            && !ident(chars.get(i + want.len()))
    })
}

/// Splits code into statements at `;` and newlines outside strings and brackets.
fn split_statements(code: &str, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0i32;
    let mut escaped = false;
    for c in code.chars() {
        if let Some(q) = quote {
            cur.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '\'' | '"' | '`' => {
                quote = Some(c);
                cur.push(c);
            }
            '(' | '[' | '{' => {
                depth += 1;
                cur.push(c);
            }
            ')' | ']' | '}' => {
                depth -= 1;
                cur.push(c);
            }
            ';' | '\n' if depth <= 0 => {
                if !cur.trim().is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
            '#' if lang == Lang::Python || lang == Lang::Ruby || lang.is_perl() => {
                // A comment runs to the end of the line; keep scanning for the newline.
                quote = Some('\n');
            }
            _ => cur.push(c),
        }
        if out.len() > 10_000 {
            break;
        }
    }
    if !cur.trim().is_empty() && quote != Some('\n') {
        out.push(cur);
    } else if quote == Some('\n') {
        // Drop the comment text that was collected.
        let keep: String = cur.split('#').next().unwrap_or("").to_string();
        if !keep.trim().is_empty() {
            out.push(keep);
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

#[derive(Clone, Debug, PartialEq)]
enum T {
    Num(Val),
    Str(String),
    Id(String),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "**", "//", "==", "!=", "<=", ">=", "&&", "||", "===", "!==", "+", "-", "*", "/", "%", "<", ">", "(", ")", ",",
    ".", "!", "[", "]", "=", "{", "}", "|",
];

fn lex(src: &str, lang: Lang) -> Result<Vec<T>, Stop> {
    let chars: Vec<char> = src.chars().collect();
    let mut toks = Vec::new();
    let mut i = 0usize;
    let at = |i: usize| chars.get(i).copied();
    while let Some(c) = at(i) {
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && at(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let start = i;
            while at(i).is_some_and(|d| d.is_ascii_digit() || d == '_' || d == '.' || d == 'e' || d == 'E')
                || (matches!(at(i), Some('+') | Some('-')) && matches!(at(i.wrapping_sub(1)), Some('e') | Some('E')))
            {
                // `1.upcase` style method calls on integers are not supported; stop at `..`.
                if at(i) == Some('.') && !at(i + 1).is_some_and(|d| d.is_ascii_digit()) {
                    break;
                }
                i += 1;
            }
            let text: String = chars.get(start..i).unwrap_or(&[]).iter().filter(|c| **c != '_').collect();
            let v = if text.contains(['.', 'e', 'E']) {
                Val::Float(text.parse::<f64>().map_err(|_| Stop::Unsupported)?)
            } else {
                Val::Int(text.parse::<i128>().map_err(|_| Stop::Unsupported)?)
            };
            toks.push(T::Num(v));
            continue;
        }
        if c == '"' || c == '\'' || (c == '`' && lang.is_node()) {
            let q = c;
            i += 1;
            let mut s = String::new();
            let raw = q == '\'' && (lang == Lang::Ruby || lang.is_perl() || lang == Lang::Php);
            let mut closed = false;
            while let Some(ch) = at(i) {
                i += 1;
                if ch == q {
                    closed = true;
                    break;
                }
                if ch == '\\' {
                    let n = at(i).unwrap_or('\\');
                    i += 1;
                    if raw {
                        if n != q && n != '\\' {
                            s.push('\\');
                        }
                        s.push(n);
                        continue;
                    }
                    s.push(match n {
                        'n' => '\n',
                        't' => '\t',
                        '0' => '\0',
                        'e' => '\u{1b}',
                        other => other,
                    });
                    continue;
                }
                s.push(ch);
            }
            if !closed {
                return Err(Stop::Unsupported);
            }
            let interpolates = q == '"' && (lang.is_perl() || lang == Lang::Php || lang == Lang::Ruby) || q == '`';
            if interpolates && (s.contains('$') || s.contains("#{")) {
                return Err(Stop::Unsupported);
            }
            toks.push(T::Str(s));
            continue;
        }
        if c.is_alphabetic() || c == '_' || c == '$' {
            let start = i;
            i += 1;
            while at(i).is_some_and(|d| d.is_alphanumeric() || d == '_') {
                i += 1;
            }
            // Ruby methods may end in `?` or `!`.
            toks.push(T::Id(chars.get(start..i).unwrap_or(&[]).iter().collect()));
            continue;
        }
        let rest: String = chars.get(i..(i + 3).min(chars.len())).unwrap_or(&[]).iter().collect();
        let Some(op) = OPS.iter().filter(|o| rest.starts_with(**o)).max_by_key(|o| o.len()) else {
            return Err(Stop::Unsupported);
        };
        toks.push(T::Op(op));
        i += op.chars().count();
        if toks.len() > 10_000 {
            return Err(Stop::Unsupported);
        }
    }
    Ok(toks)
}

struct Parser<'t> {
    toks: &'t [T],
    pos: usize,
    depth: u32,
}

impl<'t> Parser<'t> {
    fn peek(&self) -> Option<&'t T> {
        self.toks.get(self.pos)
    }
    fn next(&mut self) -> Option<&'t T> {
        let t = self.toks.get(self.pos);
        self.pos += 1;
        t
    }
}

/// The arguments inside `name( ... )` when `s` is exactly such a call.
fn call_args<'s>(s: &'s str, name: &str) -> Option<&'s str> {
    let rest = s.strip_prefix(name)?.trim_start();
    let inner = rest.strip_prefix('(')?.strip_suffix(')')?;
    // `print(a)(b)` is not a single call.
    let mut depth = 0i32;
    for c in inner.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            _ => {}
        }
    }
    Some(inner)
}

fn is_name(s: &str) -> bool {
    let s = s.strip_prefix('$').unwrap_or(s);
    !s.is_empty()
        && s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn truthy(v: &Val) -> bool {
    match v {
        Val::Int(i) => *i != 0,
        Val::Float(f) => *f != 0.0 && !f.is_nan(),
        Val::Str(s) => !s.is_empty(),
        Val::Bool(b) => *b,
        Val::Nil => false,
    }
}

fn to_f(v: &Val) -> f64 {
    match v {
        Val::Int(i) => *i as f64,
        Val::Float(f) => *f,
        Val::Bool(b) => *b as i32 as f64,
        Val::Str(s) => s.trim().parse().unwrap_or(0.0),
        Val::Nil => 0.0,
    }
}

/// Perl and PHP turn strings into numbers for arithmetic.
fn num_of(v: &Val) -> Val {
    match v {
        Val::Str(s) => {
            let t = s.trim();
            t.parse::<i128>().map(Val::Int).unwrap_or_else(|_| Val::Float(t.parse().unwrap_or(0.0)))
        }
        other => other.clone(),
    }
}

/// Integer division rounding toward negative infinity (Python's `//`, Ruby's `/`).
fn floor_div(x: i128, y: i128) -> Option<i128> {
    let q = x.checked_div(y)?;
    let r = x.checked_rem(y)?;
    Some(if r != 0 && (r < 0) != (y < 0) { q - 1 } else { q })
}

fn int_op_float(op: &str, x: f64, y: f64) -> f64 {
    match op {
        "+" => x + y,
        "-" => x - y,
        "*" => x * y,
        "/" => x / y,
        "//" => (x / y).floor(),
        "%" => x % y,
        "**" => x.powf(y),
        _ => f64::NAN,
    }
}

/// `s` repeated `n` times, never longer than [`MAX_STR`].
fn repeat(s: &str, n: i128) -> String {
    let fit = MAX_STR / s.len().max(1);
    let n = usize::try_from(n.clamp(0, fit as i128)).unwrap_or(0);
    cap(s.repeat(n))
}

fn cap(mut s: String) -> String {
    if s.len() > MAX_STR {
        let mut end = MAX_STR;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + &c.as_str().to_lowercase(),
        None => String::new(),
    }
}

fn py_type(v: &Val) -> &'static str {
    match v {
        Val::Int(_) => "int",
        Val::Float(_) => "float",
        Val::Str(_) => "str",
        Val::Bool(_) => "bool",
        Val::Nil => "NoneType",
    }
}

fn ruby_class(v: &Val) -> &'static str {
    match v {
        Val::Int(_) => "Integer",
        Val::Float(_) => "Float",
        Val::Str(_) => "String",
        Val::Bool(true) => "true",
        Val::Bool(false) => "false",
        Val::Nil => "nil",
    }
}

/// Floats as each language prints them: Python and Ruby always show a fraction (`5.0`) and
/// switch to exponents at 1e16; JavaScript drops `.0` and switches at 1e21; PHP and Perl round
/// to 14 and 15 significant digits.
fn fmt_float(f: f64, lang: Lang) -> String {
    if f.is_nan() {
        return match lang {
            Lang::Python => "nan",
            Lang::Ruby => "NaN",
            Lang::Php => "NAN",
            Lang::Perl | Lang::PerlSay => "NaN",
            _ => "NaN",
        }
        .into();
    }
    if f.is_infinite() {
        let s = match lang {
            Lang::Python => "inf",
            Lang::Php => "INF",
            Lang::Perl | Lang::PerlSay => "Inf",
            _ => "Infinity",
        };
        return if f < 0.0 { format!("-{s}") } else { s.into() };
    }
    let exp_form = |s: String, plus_pad: bool, ruby: bool| -> String {
        // Rust's `{:e}` gives `1e16` / `1.5e-7`.
        let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
        let (sign, digits) = match e.strip_prefix('-') {
            Some(d) => ("-", d),
            None => ("+", e),
        };
        let m = if ruby && !m.contains('.') { format!("{m}.0") } else { m.to_string() };
        let digits = if plus_pad && digits.len() < 2 { format!("0{digits}") } else { digits.to_string() };
        format!("{m}e{sign}{digits}")
    };
    let a = f.abs();
    match lang {
        Lang::Python | Lang::Ruby => {
            if a != 0.0 && !(1e-4..1e16).contains(&a) {
                exp_form(format!("{f:e}"), true, lang == Lang::Ruby)
            } else {
                let s = format!("{f}");
                if s.contains('.') {
                    s
                } else {
                    format!("{s}.0")
                }
            }
        }
        Lang::Node | Lang::NodePrint => {
            if a != 0.0 && !(1e-6..1e21).contains(&a) {
                exp_form(format!("{f:e}"), false, false)
            } else {
                format!("{f}")
            }
        }
        Lang::Php | Lang::Perl | Lang::PerlSay => {
            let digits = if lang == Lang::Php { 14 } else { 15 };
            let s = format!("{:.*e}", digits - 1, f);
            let (m, e) = s.split_once('e').unwrap_or((&s, "0"));
            let exp: i32 = e.parse().unwrap_or(0);
            let m = m.trim_end_matches('0').trim_end_matches('.');
            if exp < -5 || exp >= digits as i32 {
                let sign = if exp < 0 { "-" } else { "+" };
                let e = exp.abs();
                if lang == Lang::Php {
                    format!("{m}E{sign}{e}")
                } else {
                    format!("{m}e{sign}{e:02}")
                }
            } else {
                let v: f64 = format!("{m}e{exp}").parse().unwrap_or(f);
                let s = format!("{v}");
                s
            }
        }
    }
}
