//! The YAML compose files are written in: a reader (text → [`Node`] tree) and a writer
//! (`docker compose config`'s canonical output).
//!
//! Why not a YAML crate: compose reports go-yaml v3's errors, whose line numbers are those of
//! libyaml's scanner and parser marks (`yaml: line 1: did not find expected key` for a key
//! indented wrongly four lines further down), and no Rust crate reproduces them; and the
//! bundle pays for every kilobyte. Measured on a wasm cdylib that reads a compose file into a
//! tree (release, opt-level z, LTO, gzip -9, minus the same cdylib without a reader):
//! `serde_yaml` 0.9.33 (unsafe-libyaml) +83.6 KB, `yaml-rust2` 0.13.2 +64.3 KB,
//! `saphyr-parser` 0.3.4 (events only, no tree) +34.2 KB; this reader +16.8 KB. So the
//! scanner and parser here follow libyaml's structure (`scan.rs`, `parse.rs`), which is what
//! makes the error texts and their line numbers come out as compose prints them.
//!
//! Never panics: every input gives a tree or a [`Problem`].

mod emit;
mod parse;
mod scan;

pub use emit::Emitter;
pub use parse::{apply_merges, parse};

/// A position in the text: character offset, 0-based line and column (libyaml's marks).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Mark {
    /// Characters before it.
    pub index: usize,
    /// 0-based line.
    pub line: usize,
    /// 0-based column, in characters.
    pub column: usize,
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `nginx`, `8080:80`, `true`: typed by how it reads.
    Plain,
    /// `'nginx'`.
    Single,
    /// `"nginx"`.
    Double,
    /// `|`.
    Literal,
    /// `>`.
    Folded,
}

/// A syntax error, as go-yaml keeps it: where the construct began (context), where it
/// went wrong (problem), and whether the scanner or the parser found it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    scanner: bool,
    context_mark: Mark,
    problem_mark: Mark,
    problem: String,
}

impl Problem {
    pub(super) fn scanner(_context: &'static str, context_mark: Mark, problem: &str, problem_mark: Mark) -> Problem {
        Problem { scanner: true, context_mark, problem_mark, problem: problem.to_string() }
    }

    pub(super) fn parser(context_mark: Option<Mark>, problem: &str, problem_mark: Mark) -> Problem {
        Problem {
            scanner: false,
            context_mark: context_mark.unwrap_or_default(),
            problem_mark,
            problem: problem.to_string(),
        }
    }

    /// An error the decoder raises about a whole document (no position).
    pub(super) fn plain(problem: String) -> Problem {
        Problem { scanner: false, context_mark: Mark::default(), problem_mark: Mark::default(), problem }
    }
}

impl std::fmt::Display for Problem {
    /// go-yaml's `parser.fail`: the context's line if it is not the first, else the
    /// problem's; 0-based for the parser's errors and 1-based for the scanner's (sic), and
    /// no line at all when both are on the first line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bump = usize::from(self.scanner);
        let line = if self.context_mark.line != 0 {
            self.context_mark.line + bump
        } else if self.problem_mark.line != 0 {
            self.problem_mark.line + bump
        } else {
            0
        };
        if line != 0 {
            write!(f, "yaml: line {line}: {}", self.problem)
        } else {
            write!(f, "yaml: {}", self.problem)
        }
    }
}

/// A node of the document, with the 1-based line and column it starts at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// What it holds.
    pub value: Value,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A node's content.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A scalar's text, how it was written, and its explicit tag (`!!str`), if any.
    Scalar(String, Style, Option<String>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in the order written (merge keys already applied).
    Map(Vec<(Node, Node)>),
}

/// What a scalar means, resolved as go-yaml v3 resolves plain scalars.
#[derive(Clone, Debug, PartialEq)]
pub enum Scalar<'a> {
    /// `~`, `null`, or nothing.
    Null,
    /// `true`, `False` ...
    Bool(bool),
    /// A number that fits in an i64 (`80`, `0x1F`, `1_000`).
    Int(i64),
    /// Any other number (`1.5`, `.inf`).
    Float(f64),
    /// A string.
    Str(&'a str),
}

impl Node {
    /// An empty (null) scalar at `mark`.
    pub(super) fn null(mark: Mark) -> Node {
        Node { value: Value::Scalar(String::new(), Style::Plain, None), line: mark.line + 1, column: mark.column + 1 }
    }

    /// The scalar's meaning; `None` for a collection.
    pub fn scalar(&self) -> Option<Scalar<'_>> {
        match &self.value {
            Value::Scalar(text, style, tag) => Some(resolve(text, *style, tag.as_deref())),
            _ => None,
        }
    }

    /// The scalar's text whatever its type (`80` → `"80"`), `None` for null or a collection.
    pub fn text(&self) -> Option<&str> {
        match (&self.value, self.scalar()) {
            (_, Some(Scalar::Null)) | (_, None) => None,
            (Value::Scalar(t, _, _), _) => Some(t),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub fn seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(s) => Some(s),
            _ => None,
        }
    }

    /// Whether this is a null scalar.
    pub fn is_null(&self) -> bool {
        matches!(self.scalar(), Some(Scalar::Null))
    }

    /// The value of key `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.map()?.iter().find(|(k, _)| k.text() == Some(key)).map(|(_, v)| v)
    }

    /// go-yaml's short tag: `!!str`, `!!int`, `!!bool`, `!!float`, `!!null`, `!!seq`, `!!map`.
    pub fn short_tag(&self) -> &'static str {
        match self.scalar() {
            None if self.seq().is_some() => "!!seq",
            None => "!!map",
            Some(Scalar::Null) => "!!null",
            Some(Scalar::Bool(_)) => "!!bool",
            Some(Scalar::Int(_)) => "!!int",
            Some(Scalar::Float(_)) => "!!float",
            Some(Scalar::Str(_)) => "!!str",
        }
    }
}

/// go-yaml v3's `resolve` for one scalar.
fn resolve<'a>(text: &'a str, style: Style, tag: Option<&str>) -> Scalar<'a> {
    match tag {
        Some("tag:yaml.org,2002:str") => return Scalar::Str(text),
        Some(_) | None if style != Style::Plain => return Scalar::Str(text),
        _ => {}
    }
    resolve_plain(text)
}

/// The type a plain scalar reads as.
pub fn resolve_plain(text: &str) -> Scalar<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Scalar::Null,
        "true" | "True" | "TRUE" => return Scalar::Bool(true),
        "false" | "False" | "FALSE" => return Scalar::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return Scalar::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return Scalar::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Scalar::Float(f64::NAN),
        _ => {}
    }
    let first = text.as_bytes().first().copied().unwrap_or(b' ');
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return Scalar::Str(text);
    }
    let plain: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(n) = go_parse_int(&plain) {
        return Scalar::Int(n);
    }
    if is_yaml_float(&plain) {
        if let Ok(f) = plain.parse::<f64>() {
            return Scalar::Float(f);
        }
    }
    Scalar::Str(text)
}

/// Go's `strconv.ParseInt(s, 0, 64)`: sign, then `0x`, `0o`, `0b`, a leading `0` (octal) or
/// decimal digits.
fn go_parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if let Some(d) = lower.strip_prefix("0x") {
        (16, d)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (8, d)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (2, d)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let v = i128::from_str_radix(digits, radix).ok()?;
    let v = if neg { -v } else { v };
    i64::try_from(v).ok()
}

/// go-yaml's `yamlStyleFloat`: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
fn is_yaml_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    if b.get(i) == Some(&b'.') {
        i += 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

#[cfg(test)]
mod tests;
