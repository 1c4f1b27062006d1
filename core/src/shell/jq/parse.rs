//! jq's filter language, the part tutorials pipe `docker inspect` through: paths (`.a.b`,
//! `.[0]`, `.["k"]`, `.[]`, `?`), `|`, `,`, comparisons, `and`/`or`, `//`, literals, array and
//! object construction and builtin calls. The lexer follows `lexer.l` (its bracket states turn
//! an unmatched `)` into `INVALID_CHARACTER`) and syntax errors carry bison's words
//! (`syntax error, unexpected IDENT, expecting end of file`) with the offset jq pads its report
//! with. The rest of jq's language is named as left out (`voice.rs`), never misread.

use super::json::Json;

/// A filter.
#[derive(Debug)]
pub(crate) enum Ast {
    Identity,
    Field(Box<Ast>, String),
    Index(Box<Ast>, Box<Ast>),
    Iterate(Box<Ast>),
    /// `t?`: `t`'s errors end its outputs quietly.
    Try(Box<Ast>),
    Literal(Json),
    Array(Option<Box<Ast>>),
    /// Keys (a name, or an expression) and values (`None`: `{a}` is `{a: .a}`).
    Object(Vec<(Result<String, Ast>, Option<Ast>)>),
    Pipe(Box<Ast>, Box<Ast>),
    Comma(Box<Ast>, Box<Ast>),
    Bin(Op, Box<Ast>, Box<Ast>),
    /// A builtin by name, its arguments and where it was written (for "not defined").
    Call(String, Vec<Ast>, usize),
    Var(String, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
    Alt,
}

/// Why a program does not compile: bison's message and the offset of the token it is about,
/// or jq syntax this jq leaves out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ParseError {
    Syntax(String, usize),
    Unsupported(String),
}

#[derive(Clone, Debug, PartialEq)]
enum T {
    End,
    Ident(String),
    Keyword(&'static str),
    Field(String),
    Var(String),
    Num(String),
    Str(String),
    /// Punctuation, one or more characters.
    P(&'static str),
    Invalid,
    /// Valid jq this jq leaves out (`@base64`, `"\(...)"`).
    Other(&'static str),
}

impl T {
    /// The token as bison names it in "unexpected ...".
    fn name(&self) -> String {
        match self {
            T::End => "end of file".into(),
            T::Ident(_) => "IDENT".into(),
            T::Field(_) => "FIELD".into(),
            T::Var(_) => "BINDING".into(),
            T::Num(_) => "LITERAL".into(),
            T::Str(_) => "QQSTRING_START".into(),
            T::Invalid => "INVALID_CHARACTER".into(),
            T::Other(o) => o.to_string(),
            T::Keyword(k) => k.to_string(),
            T::P(p) if p.len() == 1 => format!("'{p}'"),
            T::P(p) => p.to_string(),
        }
    }
}

const KEYWORDS: [&str; 18] = [
    "as", "import", "include", "module", "def", "if", "then", "else", "elif", "and", "or", "end", "reduce", "foreach",
    "try", "catch", "label", "break",
];

/// Longest first, as flex matches.
const PUNCT: [&str; 35] = [
    "?//", "//=", "!=", "==", "//", "|=", "+=", "-=", "*=", "/=", "%=", "<=", ">=", "..", ".", "?", "=", ";", ",", ":",
    "|", "+", "-", "*", "/", "%", "$", "<", ">", "[", "{", "(", "]", "}", ")",
];

fn lex(src: &str) -> Vec<(T, usize)> {
    let b = src.as_bytes();
    let mut out: Vec<(T, usize)> = Vec::new();
    // jq's lexer states: which bracket each open one is.
    let mut open: Vec<u8> = Vec::new();
    let mut i = 0;
    let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    let word_start = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_');
    while let Some(&c) = b.get(i) {
        let start = i;
        i += 1;
        let tok = match c {
            b' ' | b'\n' | b'\t' => continue,
            b'#' => {
                while b.get(i).is_some_and(|c| *c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'"' => {
                let mut text = String::new();
                loop {
                    match b.get(i) {
                        None => break T::Other("QQSTRING_START"),
                        Some(b'"') => {
                            i += 1;
                            break T::Str(text);
                        }
                        Some(b'\\') if b.get(i + 1) == Some(&b'(') => break T::Other("\\("),
                        Some(b'\\') => {
                            let (ch, len) = escape(b, i);
                            text.push(ch);
                            i += len;
                        }
                        Some(_) => {
                            let ch = src.get(i..).and_then(|r| r.chars().next()).unwrap_or('?');
                            text.push(ch);
                            i += ch.len_utf8();
                        }
                    }
                }
            }
            b'.' if word_start(i) => {
                while word(i) {
                    i += 1;
                }
                T::Field(src.get(start + 1..i).unwrap_or("").to_string())
            }
            b'0'..=b'9' | b'.' if c != b'.' || b.get(i).is_some_and(u8::is_ascii_digit) => {
                while b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'.') {
                    i += 1;
                }
                T::Num(src.get(start..i).unwrap_or("").to_string())
            }
            b'$' | b'@' if word(i) => {
                while word(i) {
                    i += 1;
                }
                match (c, src.get(start + 1..i).unwrap_or("")) {
                    (b'$', "__loc__") => T::Other("$__loc__"),
                    (b'$', name) => T::Var(name.to_string()),
                    _ => T::Other("@format"),
                }
            }
            _ if word_start(start) => {
                while word(i) {
                    i += 1;
                }
                let w = src.get(start..i).unwrap_or("");
                KEYWORDS.iter().find(|k| **k == w).map_or(T::Ident(w.to_string()), |k| T::Keyword(k))
            }
            _ => match PUNCT.iter().find(|p| b.get(start..start + p.len()) == Some(p.as_bytes())) {
                Some(p) => {
                    i = start + p.len();
                    match *p {
                        "(" | "[" | "{" => {
                            open.push(c);
                            T::P(p)
                        }
                        ")" | "]" | "}" => {
                            let want = match c {
                                b')' => b'(',
                                b']' => b'[',
                                _ => b'{',
                            };
                            if open.last() == Some(&want) {
                                open.pop();
                                T::P(p)
                            } else {
                                T::Invalid
                            }
                        }
                        _ => T::P(p),
                    }
                }
                None => {
                    i = start + src.get(start..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
                    T::Invalid
                }
            },
        };
        out.push((tok, start));
    }
    let last = out.last().map_or(0, |(_, at)| *at);
    out.push((T::End, last));
    out
}

/// A JSON escape inside a string literal: the character and how many bytes it took.
fn escape(b: &[u8], i: usize) -> (char, usize) {
    let c = match b.get(i + 1) {
        Some(b'n') => '\n',
        Some(b't') => '\t',
        Some(b'r') => '\r',
        Some(b'u') => {
            let hex = b.get(i + 2..i + 6).and_then(|h| std::str::from_utf8(h).ok());
            if let Some(c) = hex.and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32) {
                return (c, 6);
            }
            'u'
        }
        Some(c) if c.is_ascii() => *c as char,
        _ => '\\',
    };
    (c, 2)
}

/// Parses a whole program.
pub(crate) fn parse(src: &str) -> Result<Ast, ParseError> {
    let mut p = Parser { toks: lex(src), pos: 0, depth: 0 };
    let ast = p.pipe()?;
    match p.peek() {
        T::End => Ok(ast),
        _ => Err(p.unexpected(&["end of file"])),
    }
}

/// What a complete expression is inside, which decides what bison says it expected instead
/// of a stray token.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Ctx {
    Group,
    Args,
    ObjectValue,
}

struct Parser {
    toks: Vec<(T, usize)>,
    pos: usize,
    depth: u32,
}

type R = Result<Ast, ParseError>;

impl Parser {
    fn peek(&self) -> &T {
        self.toks.get(self.pos).map_or(&T::End, |(t, _)| t)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(0, |(_, at)| *at)
    }

    fn next(&mut self) -> T {
        let t = self.peek().clone();
        if t != T::End {
            self.pos += 1;
        }
        t
    }

    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), T::P(q) if *q == p)
    }

    fn unexpected(&self, expecting: &[&str]) -> ParseError {
        let mut msg = format!("syntax error, unexpected {}", self.peek().name());
        if !expecting.is_empty() {
            msg.push_str(&format!(", expecting {}", expecting.join(" or ")));
        }
        ParseError::Syntax(msg, self.at())
    }

    /// Takes `p`, which closes an expression read in `ctx`; bison's error otherwise.
    fn expect(&mut self, p: &str, ctx: Ctx) -> Result<(), ParseError> {
        if self.is(p) {
            self.pos += 1;
            return Ok(());
        }
        self.left_out()?;
        Err(match (self.peek(), ctx) {
            (T::End, _) | (_, Ctx::Group) => self.unexpected(&[]),
            (_, Ctx::Args) => self.unexpected(&["';'", "')'"]),
            (_, Ctx::ObjectValue) => self.unexpected(&["'}'"]),
        })
    }

    /// jq syntax this jq leaves out, named in the site's voice instead of a wrong error.
    fn left_out(&self) -> Result<(), ParseError> {
        match self.peek() {
            T::P(
                p
                @ ("=" | "|=" | "+=" | "-=" | "*=" | "/=" | "%=" | "//=" | "?//" | "+" | "-" | "*" | "/" | "%" | ".."),
            ) => Err(ParseError::Unsupported(p.to_string())),
            T::Keyword(k) if !matches!(*k, "and" | "or") => Err(ParseError::Unsupported(k.to_string())),
            T::Other(o) if *o != "QQSTRING_START" => Err(ParseError::Unsupported(o.to_string())),
            _ => Ok(()),
        }
    }

    /// Runs `f` one level deeper, so no program can exhaust the stack.
    fn nested(&mut self, f: fn(&mut Parser) -> R) -> R {
        if self.depth >= 100 {
            return Err(ParseError::Unsupported("(((".into()));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn pipe(&mut self) -> R {
        let mut parts = vec![self.comma()?];
        while self.is("|") {
            self.pos += 1;
            parts.push(self.comma()?);
        }
        self.left_out()?;
        let mut ast = parts.pop().unwrap_or(Ast::Identity);
        while let Some(left) = parts.pop() {
            ast = Ast::Pipe(Box::new(left), Box::new(ast));
        }
        Ok(ast)
    }

    fn comma(&mut self) -> R {
        let mut left = self.binary(0)?;
        while self.is(",") {
            self.pos += 1;
            let right = self.binary(0)?;
            left = Ast::Comma(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    /// `//` (right-associative), `or`, `and`, then one comparison, loosest first.
    fn binary(&mut self, level: usize) -> R {
        if level == 4 {
            return self.postfix();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let op = match (level, self.peek()) {
                (0, T::P("//")) => Op::Alt,
                (1, T::Keyword("or")) => Op::Or,
                (2, T::Keyword("and")) => Op::And,
                (3, T::P("==")) => Op::Eq,
                (3, T::P("!=")) => Op::Ne,
                (3, T::P("<")) => Op::Lt,
                (3, T::P("<=")) => Op::Le,
                (3, T::P(">")) => Op::Gt,
                (3, T::P(">=")) => Op::Ge,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = if op == Op::Alt { self.nested(|p| p.binary(0))? } else { self.binary(level + 1)? };
            left = Ast::Bin(op, Box::new(left), Box::new(right));
            if level == 3 && matches!(self.peek(), T::P("==" | "!=" | "<" | "<=" | ">" | ">=")) {
                return Err(self.unexpected(&[]));
            }
        }
    }

    /// A term and its suffixes: `.a`, `."a"`, `[e]`, `[]`, `?`.
    fn postfix(&mut self) -> R {
        let mut t = self.term()?;
        loop {
            t = match self.peek().clone() {
                T::Field(name) => {
                    self.pos += 1;
                    Ast::Field(Box::new(t), name)
                }
                T::P(".") if matches!(self.toks.get(self.pos + 1), Some((T::Str(_) | T::P("["), _))) => {
                    self.pos += 1;
                    continue;
                }
                T::Str(s) if matches!(self.toks.get(self.pos.wrapping_sub(1)), Some((T::P("."), _))) => {
                    self.pos += 1;
                    Ast::Index(Box::new(t), Box::new(Ast::Literal(Json::Str(s))))
                }
                T::P("[") => {
                    self.pos += 1;
                    if self.is("]") {
                        self.pos += 1;
                        Ast::Iterate(Box::new(t))
                    } else {
                        if self.is(":") {
                            return Err(ParseError::Unsupported("[:]".into()));
                        }
                        let i = self.nested(Parser::pipe)?;
                        if self.is(":") {
                            return Err(ParseError::Unsupported("[:]".into()));
                        }
                        self.expect("]", Ctx::Group)?;
                        Ast::Index(Box::new(t), Box::new(i))
                    }
                }
                T::P("?") => {
                    self.pos += 1;
                    Ast::Try(Box::new(t))
                }
                _ => return Ok(t),
            };
        }
    }

    fn term(&mut self) -> R {
        let at = self.at();
        Ok(match self.next() {
            T::P(".") => Ast::Identity,
            T::Field(name) => Ast::Field(Box::new(Ast::Identity), name),
            T::Var(name) => Ast::Var(name, at),
            T::Num(lit) => Ast::Literal(Json::num(lit.parse().unwrap_or(0.0))),
            T::Str(s) => Ast::Literal(Json::Str(s)),
            T::P("(") => {
                let e = self.nested(Parser::pipe)?;
                self.expect(")", Ctx::Group)?;
                e
            }
            T::P("[") if self.is("]") => {
                self.pos += 1;
                Ast::Array(None)
            }
            T::P("[") => {
                let e = self.nested(Parser::pipe)?;
                self.expect("]", Ctx::Group)?;
                Ast::Array(Some(Box::new(e)))
            }
            T::P("{") => self.object()?,
            T::Ident(name) => match name.as_str() {
                "true" => Ast::Literal(Json::Bool(true)),
                "false" => Ast::Literal(Json::Bool(false)),
                "null" => Ast::Literal(Json::Null),
                _ => {
                    let mut args = Vec::new();
                    if self.is("(") {
                        self.pos += 1;
                        loop {
                            args.push(self.nested(Parser::pipe)?);
                            if self.is(";") {
                                self.pos += 1;
                                continue;
                            }
                            self.expect(")", Ctx::Args)?;
                            break;
                        }
                    }
                    Ast::Call(name, args, at)
                }
            },
            T::Other("QQSTRING_START") => {
                let msg = "syntax error, unexpected end of file, expecting QQSTRING_TEXT or QQSTRING_INTERP_START or QQSTRING_END";
                return Err(ParseError::Syntax(msg.into(), at + 1));
            }
            other => {
                if other != T::End {
                    self.pos -= 1;
                }
                self.left_out()?;
                return Err(self.unexpected(&[]));
            }
        })
    }

    /// After `{`: `key`, `key: value`, `$var`, `"key"`, `(expr): value`.
    fn object(&mut self) -> R {
        let mut entries = Vec::new();
        if self.is("}") {
            self.pos += 1;
            return Ok(Ast::Object(entries));
        }
        loop {
            let key = match self.next() {
                T::Ident(n) | T::Str(n) | T::Num(n) => Ok(n),
                T::Keyword(k) => Ok(k.to_string()),
                T::Var(n) => Err(Ast::Var(n, 0)),
                T::P("(") => {
                    let e = self.nested(Parser::pipe)?;
                    self.expect(")", Ctx::Group)?;
                    Err(e)
                }
                other => {
                    if other != T::End {
                        self.pos -= 1;
                    }
                    self.left_out()?;
                    return Err(self.unexpected(&[]));
                }
            };
            let value = if self.is(":") {
                self.pos += 1;
                Some(self.nested(Parser::object_value)?)
            } else if let Err(Ast::Var(n, _)) = &key {
                // `{$x}` is `{x: $x}`.
                let value = Ast::Var(n.clone(), 0);
                entries.push((Ok(n.clone()), Some(value)));
                if self.object_next()? {
                    return Ok(Ast::Object(entries));
                }
                continue;
            } else if key.is_err() {
                return Err(self.unexpected(&["':'"]));
            } else {
                None
            };
            entries.push((key, value));
            if self.object_next()? {
                return Ok(Ast::Object(entries));
            }
        }
    }

    /// After an entry: `,` (more to come: false) or `}` (done: true).
    fn object_next(&mut self) -> Result<bool, ParseError> {
        match self.peek() {
            T::P(",") => {
                self.pos += 1;
                Ok(false)
            }
            T::P("}") => {
                self.pos += 1;
                Ok(true)
            }
            _ => self.expect("}", Ctx::ObjectValue).map(|()| true),
        }
    }

    /// An object's value: terms joined by `|` (`ExpD` in jq's grammar).
    fn object_value(&mut self) -> R {
        let left = self.postfix()?;
        if self.is("|") {
            self.pos += 1;
            let right = self.nested(Parser::object_value)?;
            return Ok(Ast::Pipe(Box::new(left), Box::new(right)));
        }
        Ok(left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> (String, usize) {
        match parse(src) {
            Err(ParseError::Syntax(m, at)) => (m, at),
            other => panic!("{src}: {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_are_bisons() {
        let eof = "syntax error, unexpected end of file".to_string();
        assert_eq!(err(".["), (eof.clone(), 1));
        assert_eq!(err(".foo |"), (eof.clone(), 5));
        assert_eq!(err("select(.x =="), (eof, 10));
        let extra = "syntax error, unexpected INVALID_CHARACTER, expecting end of file".to_string();
        assert_eq!(err(".a)"), (extra.clone(), 2));
        assert_eq!(err("select(.a == \"x\")]"), (extra, 17));
        assert_eq!(err(".a b"), ("syntax error, unexpected IDENT, expecting end of file".to_string(), 3));
        assert_eq!(err("(.a ]"), ("syntax error, unexpected INVALID_CHARACTER".to_string(), 4));
        assert_eq!(err("map(.a ]").0, "syntax error, unexpected INVALID_CHARACTER, expecting ';' or ')'");
        assert_eq!(err("{a: 1 ]").0, "syntax error, unexpected INVALID_CHARACTER, expecting '}'");
        assert_eq!(err("{\"a\" 1}").0, "syntax error, unexpected LITERAL, expecting '}'");
        assert_eq!(err(".a | | .b"), ("syntax error, unexpected '|'".to_string(), 5));
        assert_eq!(err(".a == == .b").0, "syntax error, unexpected ==");
    }

    #[test]
    fn programs_parse() {
        for ok in [
            ".",
            ".[0].Name",
            ".[] | select(.State.Status == \"running\") | .Name",
            "keys, length",
            ".a .b",
            "{name: .Name, ip: .NetworkSettings.IPAddress}",
            "[.[] | .Id]",
            ".Config.Labels[\"com.example\"]",
            ".a.\"b\".[0]",
            ".a // \"x\" | not",
            "{$x, (.k): 1}",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
        for (left_out, what) in [(".a = 1", "="), (".a + 1", "+"), ("if . then 1 end", "if"), (".[1:]", "[:]")] {
            assert_eq!(parse(left_out).err(), Some(ParseError::Unsupported(what.into())), "{left_out}");
        }
        assert_eq!(parse("\"\\(.a)\"").err(), Some(ParseError::Unsupported("\\(".into())));
    }
}
