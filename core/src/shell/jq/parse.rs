//! jq's filter language read into a tree: the lexer follows `lexer.l` (tokens, the bracket
//! states that turn an unmatched `)` into `INVALID_CHARACTER`, string interpolation) and the
//! parser the precedence of `parser.y`. Syntax errors carry bison's words (`syntax error,
//! unexpected IDENT, expecting end of file`) and the offset jq pads its report with.

use super::json::Json;

/// A filter.
#[derive(Clone, Debug)]
pub(crate) enum Ast {
    Identity,
    /// `..`
    Recurse,
    Field(Box<Ast>, String),
    Index(Box<Ast>, Box<Ast>),
    Slice(Box<Ast>, Option<Box<Ast>>, Option<Box<Ast>>),
    Iterate(Box<Ast>),
    /// `t?` (no handler) and `try t catch h`.
    Try(Box<Ast>, Option<Box<Ast>>),
    Literal(Json),
    /// A string with its interpolations, under a format (`@csv "..."`) or none.
    Str(Option<String>, Vec<Part>),
    /// `@base64` applied to the input.
    Format(String),
    Array(Option<Box<Ast>>),
    Object(Vec<(Key, Option<Ast>)>),
    Neg(Box<Ast>),
    Pipe(Box<Ast>, Box<Ast>),
    Comma(Box<Ast>, Box<Ast>),
    Bin(Op, Box<Ast>, Box<Ast>),
    If(Vec<(Ast, Ast)>, Option<Box<Ast>>),
    /// A builtin by name, its arguments and where it was written (for "not defined").
    Call(String, Vec<Ast>, usize),
    Var(String, usize),
    /// `src as $name | body`
    Bind(Box<Ast>, String, Box<Ast>),
    /// `reduce src as $name (init; update)`
    Reduce(Box<Ast>, String, Box<Ast>, Box<Ast>),
}

/// A piece of a string literal.
#[derive(Clone, Debug)]
pub(crate) enum Part {
    Text(String),
    Expr(Ast),
}

/// An object constructor's key.
#[derive(Clone, Debug)]
pub(crate) enum Key {
    /// `name`, `"name"`: with no value, the value is `.name`.
    Name(String),
    /// `$name`: with no value, the variable's value.
    Var(String),
    /// `(expr)` or an interpolated string.
    Expr(Ast),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
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

/// Why a program does not compile: a syntax error (bison's message and the offset of the
/// token it is about), or what jq has and this jq leaves out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ParseError {
    /// Bison's error, then what the grammar's error rules add (`Possibly unterminated 'if'
    /// statement`), each with its offset.
    Syntax(Vec<(String, usize)>),
    Unsupported(String),
    /// Nested deeper than this jq follows.
    TooDeep,
}

#[derive(Clone, Debug, PartialEq)]
enum T {
    End,
    Ident(String),
    Keyword(&'static str),
    Field(String),
    Var(String),
    Num(String),
    /// `$__loc__` and the line it is on.
    Loc(usize),
    Format(String),
    StrStart,
    StrText(String),
    InterpStart,
    InterpEnd,
    StrEnd,
    /// Punctuation, one or more characters.
    P(&'static str),
    Invalid,
}

impl T {
    /// The token as bison names it in "unexpected ...".
    fn name(&self) -> String {
        match self {
            T::End => "end of file".to_string(),
            T::Ident(_) => "IDENT".to_string(),
            T::Field(_) => "FIELD".to_string(),
            T::Var(_) => "BINDING".to_string(),
            T::Num(_) => "LITERAL".to_string(),
            T::Loc(_) => "$__loc__".to_string(),
            T::Format(_) => "FORMAT".to_string(),
            T::StrStart => "QQSTRING_START".to_string(),
            T::StrText(_) => "QQSTRING_TEXT".to_string(),
            T::InterpStart => "QQSTRING_INTERP_START".to_string(),
            T::InterpEnd => "QQSTRING_INTERP_END".to_string(),
            T::StrEnd => "QQSTRING_END".to_string(),
            T::Invalid => "INVALID_CHARACTER".to_string(),
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

/// The bracket states of jq's lexer, and being inside a string.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Paren,
    Bracket,
    Brace,
    Interp,
    Str,
}

fn lex(src: &str) -> Vec<(T, usize)> {
    let b = src.as_bytes();
    let mut out: Vec<(T, usize)> = Vec::new();
    let mut modes: Vec<Mode> = Vec::new();
    let mut i = 0;
    let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    let word_start = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_');
    while i < b.len() {
        let start = i;
        if modes.last() == Some(&Mode::Str) {
            match b.get(i..i + 2) {
                Some(b"\\(") => {
                    out.push((T::InterpStart, start));
                    modes.push(Mode::Interp);
                    i += 2;
                }
                _ if b[i] == b'"' => {
                    modes.pop();
                    out.push((T::StrEnd, start));
                    i += 1;
                }
                _ => {
                    let mut text = String::new();
                    while i < b.len() && b[i] != b'"' && b.get(i..i + 2) != Some(b"\\(") {
                        if b[i] == b'\\' {
                            let (c, len) = escape(b, i);
                            text.push(c);
                            i += len;
                        } else {
                            let len = src.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
                            text.push_str(src.get(i..i + len).unwrap_or(""));
                            i += len;
                        }
                    }
                    out.push((T::StrText(text), start));
                }
            }
            continue;
        }
        let c = b[i];
        if c == b' ' || c == b'\n' || c == b'\t' {
            i += 1;
            continue;
        }
        if c == b'#' {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if c == b'"' {
            out.push((T::StrStart, start));
            modes.push(Mode::Str);
            i += 1;
            continue;
        }
        if c == b'.' && word_start(i + 1) {
            i += 1;
            while word(i) {
                i += 1;
            }
            out.push((T::Field(src.get(start + 1..i).unwrap_or("").to_string()), start));
            continue;
        }
        let digit_start = c.is_ascii_digit() || (c == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit));
        if digit_start {
            while b.get(i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
                i += 1;
            }
            if matches!(b.get(i), Some(b'e' | b'E')) {
                let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
                if b.get(i + 1 + sign).is_some_and(u8::is_ascii_digit) {
                    i += 1 + sign;
                    while b.get(i).is_some_and(u8::is_ascii_digit) {
                        i += 1;
                    }
                }
            }
            out.push((T::Num(src.get(start..i).unwrap_or("").to_string()), start));
            continue;
        }
        if (c == b'$' || c == b'@') && word(i + 1) {
            i += 1;
            while word(i) || (c == b'$' && b.get(i..i + 2) == Some(b"::") && word_start(i + 2)) {
                i += if b[i] == b':' { 2 } else { 1 };
            }
            let name = src.get(start + 1..i).unwrap_or("").to_string();
            let line = src.get(..start).unwrap_or("").matches('\n').count() + 1;
            out.push((
                match (c, name.as_str()) {
                    (b'$', "__loc__") => T::Loc(line),
                    (b'$', _) => T::Var(name),
                    _ => T::Format(name),
                },
                start,
            ));
            continue;
        }
        if word_start(i) {
            while word(i) || (b.get(i..i + 2) == Some(b"::") && word_start(i + 2)) {
                i += if b[i] == b':' { 2 } else { 1 };
            }
            let w = src.get(start..i).unwrap_or("");
            out.push((KEYWORDS.iter().find(|k| **k == w).map_or(T::Ident(w.to_string()), |k| T::Keyword(k)), start));
            continue;
        }
        let Some(p) = PUNCT.iter().find(|p| b.get(i..i + p.len()) == Some(p.as_bytes())) else {
            let len = src.get(i..).and_then(|r| r.chars().next()).map_or(1, char::len_utf8);
            out.push((T::Invalid, start));
            i += len;
            continue;
        };
        i += p.len();
        let tok = match *p {
            "(" | "[" | "{" => {
                modes.push(match *p {
                    "(" => Mode::Paren,
                    "[" => Mode::Bracket,
                    _ => Mode::Brace,
                });
                T::P(p)
            }
            ")" | "]" | "}" => {
                let want = match *p {
                    ")" => Mode::Paren,
                    "]" => Mode::Bracket,
                    _ => Mode::Brace,
                };
                match modes.last() {
                    Some(m) if *m == want => {
                        modes.pop();
                        T::P(p)
                    }
                    Some(Mode::Interp) if *p == ")" => {
                        modes.pop();
                        T::InterpEnd
                    }
                    _ => T::Invalid,
                }
            }
            _ => T::P(p),
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
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
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
    let mut p = Parser { toks: lex(src), pos: 0, depth: 0, ctx: Vec::new() };
    let ast = p.pipe()?;
    match p.peek() {
        T::End => Ok(ast),
        _ => Err(p.unexpected(&["end of file"])),
    }
}

/// Where a complete expression stands, which decides what bison says it expected instead of
/// a stray token.
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
    ctx: Vec<Ctx>,
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

    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), T::Keyword(q) if *q == k)
    }

    fn unexpected(&self, expecting: &[&str]) -> ParseError {
        let mut msg = format!("syntax error, unexpected {}", self.peek().name());
        if !expecting.is_empty() {
            msg.push_str(&format!(", expecting {}", expecting.join(" or ")));
        }
        ParseError::Syntax(vec![(msg, self.at())])
    }

    /// What bison expects after a complete expression in `ctx` (or where the parser is).
    fn after_expression(&self, ctx: Option<Ctx>) -> ParseError {
        match ctx.or(self.ctx.last().copied()) {
            Some(Ctx::Args) => self.unexpected(&["';'", "')'"]),
            Some(Ctx::ObjectValue) => self.unexpected(&["'}'"]),
            Some(Ctx::Group) => self.unexpected(&[]),
            None => self.unexpected(&["end of file"]),
        }
    }

    /// Takes `p`, which closes an expression read in `ctx`.
    fn expect(&mut self, p: &str, ctx: Option<Ctx>) -> Result<(), ParseError> {
        if self.is(p) {
            self.pos += 1;
            Ok(())
        } else if *self.peek() == T::End {
            Err(self.unexpected(&[]))
        } else {
            Err(self.after_expression(ctx))
        }
    }

    fn nested(&mut self, ctx: Ctx, f: impl FnOnce(&mut Parser) -> R) -> R {
        self.ctx.push(ctx);
        let r = self.deeper(f);
        self.ctx.pop();
        r
    }

    /// Every recursion of the parser goes through here, so no program can exhaust the stack.
    fn deeper(&mut self, f: impl FnOnce(&mut Parser) -> R) -> R {
        if self.depth >= 200 {
            return Err(ParseError::TooDeep);
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn pipe(&mut self) -> R {
        let left = self.comma()?;
        if self.is("|") {
            self.pos += 1;
            let right = self.deeper(Parser::pipe)?;
            return Ok(Ast::Pipe(Box::new(left), Box::new(right)));
        }
        self.unsupported_here()?;
        Ok(left)
    }

    /// jq syntax this terminal leaves out, named in the site's voice instead of a wrong error
    /// (once the rest reads without a syntax error of its own).
    fn unsupported_here(&mut self) -> Result<(), ParseError> {
        match self.peek().clone() {
            T::P(p @ ("=" | "|=" | "+=" | "-=" | "*=" | "/=" | "%=" | "//=" | "?//")) => {
                self.pos += 1;
                self.deeper(Parser::pipe)?;
                Err(ParseError::Unsupported(p.to_string()))
            }
            T::Keyword(k @ ("def" | "foreach" | "label" | "import" | "include" | "module")) => {
                Err(ParseError::Unsupported(k.to_string()))
            }
            _ => Ok(()),
        }
    }

    fn comma(&mut self) -> R {
        let mut left = self.alt()?;
        while self.is(",") {
            self.pos += 1;
            let right = self.alt()?;
            left = Ast::Comma(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn alt(&mut self) -> R {
        let left = self.binary(0)?;
        if self.is("//") {
            self.pos += 1;
            let right = self.deeper(Parser::alt)?;
            return Ok(Ast::Bin(Op::Alt, Box::new(left), Box::new(right)));
        }
        Ok(left)
    }

    /// `or`, `and`, comparisons (not chained), `+ -`, `* / %`, loosest first.
    fn binary(&mut self, level: usize) -> R {
        if level == 5 {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let op = match (level, self.peek()) {
                (0, T::Keyword("or")) => Op::Or,
                (1, T::Keyword("and")) => Op::And,
                (2, T::P("==")) => Op::Eq,
                (2, T::P("!=")) => Op::Ne,
                (2, T::P("<")) => Op::Lt,
                (2, T::P("<=")) => Op::Le,
                (2, T::P(">")) => Op::Gt,
                (2, T::P(">=")) => Op::Ge,
                (3, T::P("+")) => Op::Add,
                (3, T::P("-")) => Op::Sub,
                (4, T::P("*")) => Op::Mul,
                (4, T::P("/")) => Op::Div,
                (4, T::P("%")) => Op::Mod,
                _ => return Ok(left),
            };
            self.pos += 1;
            let right = self.binary(level + 1)?;
            left = Ast::Bin(op, Box::new(left), Box::new(right));
            if level == 2 && matches!(self.peek(), T::P("==" | "!=" | "<" | "<=" | ">" | ">=")) {
                return Err(self.unexpected(&[]));
            }
        }
    }

    fn unary(&mut self) -> R {
        if self.is("-") {
            self.pos += 1;
            let e = self.deeper(Parser::unary)?;
            return Ok(Ast::Neg(Box::new(e)));
        }
        let t = self.postfix()?;
        // `Term as $x | body`: the body reaches as far as a pipe would.
        if self.is_kw("as") {
            self.pos += 1;
            let T::Var(name) = self.next() else {
                self.pos -= 1;
                return Err(self.unexpected(&["'$'", "'['", "'{'"]));
            };
            self.expect("|", None)?;
            let body = self.deeper(Parser::pipe)?;
            return Ok(Ast::Bind(Box::new(t), name, Box::new(body)));
        }
        Ok(t)
    }

    /// A term and its suffixes: `.a`, `[e]`, `[]`, `[a:b]`, `?`, `."key"`.
    fn postfix(&mut self) -> R {
        let mut t = self.term()?;
        loop {
            match self.peek().clone() {
                T::Field(name) => {
                    self.pos += 1;
                    t = Ast::Field(Box::new(t), name);
                }
                T::P(".") if matches!(self.toks.get(self.pos + 1), Some((T::StrStart, _))) => {
                    self.pos += 1;
                    let key = self.string(None)?;
                    t = Ast::Index(Box::new(t), Box::new(key));
                }
                T::P(".") if matches!(self.toks.get(self.pos + 1), Some((T::P("["), _))) => self.pos += 1,
                T::P("[") => {
                    self.pos += 1;
                    t = self.bracket(t)?;
                }
                T::P("?") => {
                    self.pos += 1;
                    t = Ast::Try(Box::new(t), None);
                }
                _ => return Ok(t),
            }
        }
    }

    /// After `t[`: `]`, `e]`, `e:]`, `:e]`, `e:e]`.
    fn bracket(&mut self, t: Ast) -> R {
        if self.is("]") {
            self.pos += 1;
            return Ok(Ast::Iterate(Box::new(t)));
        }
        let from = if self.is(":") { None } else { Some(Box::new(self.nested(Ctx::Group, Parser::pipe)?)) };
        if self.is(":") {
            self.pos += 1;
            let to = if self.is("]") { None } else { Some(Box::new(self.nested(Ctx::Group, Parser::pipe)?)) };
            self.expect("]", Some(Ctx::Group))?;
            return Ok(Ast::Slice(Box::new(t), from, to));
        }
        self.expect("]", Some(Ctx::Group))?;
        match from {
            Some(i) => Ok(Ast::Index(Box::new(t), i)),
            None => Err(self.unexpected(&[])),
        }
    }

    fn term(&mut self) -> R {
        let at = self.at();
        match self.next() {
            T::P(".") => Ok(match self.peek() {
                T::StrStart => Ast::Index(Box::new(Ast::Identity), Box::new(self.string(None)?)),
                _ => Ast::Identity,
            }),
            T::P("..") => Ok(Ast::Recurse),
            T::Field(name) => Ok(Ast::Field(Box::new(Ast::Identity), name)),
            T::Var(name) => Ok(Ast::Var(name, at)),
            T::Loc(line) => Ok(Ast::Literal(Json::Obj(vec![
                ("file".into(), Json::Str("<top-level>".into())),
                ("line".into(), Json::num(line as f64)),
            ]))),
            T::Num(lit) => {
                let (mut vals, _) = super::json::read_all(&lit);
                Ok(Ast::Literal(vals.pop().map_or(Json::Null, |(v, _)| Json::num(num_value(&v)))))
            }
            T::StrStart => {
                self.pos -= 1;
                self.string(None)
            }
            T::Format(name) => match self.peek() {
                T::StrStart => self.string(Some(name)),
                _ => Ok(Ast::Format(name)),
            },
            T::P("(") => {
                let e = self.nested(Ctx::Group, Parser::pipe)?;
                self.expect(")", Some(Ctx::Group))?;
                Ok(e)
            }
            T::P("[") => {
                if self.is("]") {
                    self.pos += 1;
                    return Ok(Ast::Array(None));
                }
                let e = self.nested(Ctx::Group, Parser::pipe)?;
                self.expect("]", Some(Ctx::Group))?;
                Ok(Ast::Array(Some(Box::new(e))))
            }
            T::P("{") => self.object(),
            T::P("-") => {
                self.pos -= 1;
                self.deeper(Parser::unary)
            }
            T::Keyword("if") => self.if_then(),
            T::Keyword("try") => {
                let body = self.postfix()?;
                let handler = if self.is_kw("catch") {
                    self.pos += 1;
                    Some(Box::new(self.postfix().map_err(|e| unterminated(e, "try", at))?))
                } else {
                    None
                };
                Ok(Ast::Try(Box::new(body), handler))
            }
            T::Keyword("reduce") => {
                let src = self.postfix()?;
                if !self.is_kw("as") {
                    return Err(self.unexpected(&["as"]));
                }
                self.pos += 1;
                let T::Var(name) = self.next() else {
                    self.pos -= 1;
                    return Err(self.unexpected(&["'$'", "'['", "'{'"]));
                };
                self.expect("(", None)?;
                let init = self.nested(Ctx::Args, Parser::pipe)?;
                self.expect(";", Some(Ctx::Args))?;
                let update = self.nested(Ctx::Args, Parser::pipe)?;
                self.expect(")", Some(Ctx::Args))?;
                Ok(Ast::Reduce(Box::new(src), name, Box::new(init), Box::new(update)))
            }
            T::Keyword(k @ ("def" | "foreach" | "label" | "import" | "include" | "module")) => {
                Err(ParseError::Unsupported(k.to_string()))
            }
            T::Ident(name) => match name.as_str() {
                "true" => Ok(Ast::Literal(Json::Bool(true))),
                "false" => Ok(Ast::Literal(Json::Bool(false))),
                "null" => Ok(Ast::Literal(Json::Null)),
                _ => {
                    let mut args = Vec::new();
                    if self.is("(") {
                        self.pos += 1;
                        loop {
                            args.push(self.nested(Ctx::Args, Parser::pipe)?);
                            if self.is(";") {
                                self.pos += 1;
                                continue;
                            }
                            self.expect(")", Some(Ctx::Args))?;
                            break;
                        }
                    }
                    Ok(Ast::Call(name, args, at))
                }
            },
            other => {
                if other != T::End {
                    self.pos -= 1;
                }
                Err(self.unexpected(&[]))
            }
        }
    }

    /// `"..."` from its opening quote, interpolations parsed as programs of their own.
    fn string(&mut self, format: Option<String>) -> R {
        if *self.peek() != T::StrStart {
            return Err(self.unexpected(&["QQSTRING_START"]));
        }
        self.pos += 1;
        let mut parts = Vec::new();
        loop {
            match self.peek().clone() {
                T::StrText(s) => {
                    self.pos += 1;
                    parts.push(Part::Text(s));
                }
                T::InterpStart => {
                    self.pos += 1;
                    let e = self.nested(Ctx::Group, Parser::pipe)?;
                    if *self.peek() != T::InterpEnd {
                        return Err(self.unexpected(&[]));
                    }
                    self.pos += 1;
                    parts.push(Part::Expr(e));
                }
                T::StrEnd => {
                    self.pos += 1;
                    return Ok(Ast::Str(format, parts));
                }
                _ => return Err(self.unexpected(&["QQSTRING_TEXT", "QQSTRING_INTERP_START", "QQSTRING_END"])),
            }
        }
    }

    /// After `if`; a syntax error after its `then` also gets jq's "Possibly unterminated".
    fn if_then(&mut self) -> R {
        let at = self.toks.get(self.pos.saturating_sub(1)).map_or(0, |(_, a)| *a);
        let cond = self.condition()?;
        let (mut arms, other) = self.if_body(cond).map_err(|e| unterminated(e, "if", at))?;
        arms.reverse();
        Ok(Ast::If(arms, other))
    }

    /// `COND then`, after `if` or `elif`.
    fn condition(&mut self) -> R {
        let cond = self.nested(Ctx::Group, Parser::pipe)?;
        if !self.is_kw("then") {
            return Err(if *self.peek() == T::End { self.unexpected(&[]) } else { self.unexpected(&["then"]) });
        }
        self.pos += 1;
        Ok(cond)
    }

    /// `BODY (elif COND then BODY)* (else BODY)? end`: the arms last first, and the else.
    #[allow(clippy::type_complexity)]
    fn if_body(&mut self, cond: Ast) -> Result<(Vec<(Ast, Ast)>, Option<Box<Ast>>), ParseError> {
        let body = self.nested(Ctx::Group, Parser::pipe)?;
        let (mut arms, other) = match self.next() {
            T::Keyword("elif") => {
                let next = self.condition()?;
                self.deeper_body(next)?
            }
            T::Keyword("else") => {
                let other = self.nested(Ctx::Group, Parser::pipe)?;
                if !self.is_kw("end") {
                    return Err(self.unexpected(&[]));
                }
                self.pos += 1;
                (Vec::new(), Some(Box::new(other)))
            }
            T::Keyword("end") => (Vec::new(), None),
            other => {
                if other != T::End {
                    self.pos -= 1;
                }
                return Err(self.unexpected(&[]));
            }
        };
        arms.push((cond, body));
        Ok((arms, other))
    }

    #[allow(clippy::type_complexity)]
    fn deeper_body(&mut self, cond: Ast) -> Result<(Vec<(Ast, Ast)>, Option<Box<Ast>>), ParseError> {
        if self.depth >= 200 {
            return Err(ParseError::TooDeep);
        }
        self.depth += 1;
        let r = self.if_body(cond);
        self.depth -= 1;
        r
    }

    /// After `{`: `key`, `key: value`, `$var`, `"key"`, `(expr): value`, `@fmt "..."`.
    fn object(&mut self) -> R {
        let mut entries = Vec::new();
        if self.is("}") {
            self.pos += 1;
            return Ok(Ast::Object(entries));
        }
        loop {
            let key = match self.next() {
                T::Ident(n) => Key::Name(n),
                T::Keyword(k) => Key::Name(k.to_string()),
                T::Var(n) => Key::Var(n),
                T::Num(n) => Key::Name(n),
                T::StrStart => {
                    self.pos -= 1;
                    match self.string(None)? {
                        Ast::Str(None, parts) if parts.iter().all(|p| matches!(p, Part::Text(_))) => Key::Name(
                            parts.iter().map(|p| if let Part::Text(t) = p { t.as_str() } else { "" }).collect(),
                        ),
                        e => Key::Expr(e),
                    }
                }
                T::Format(f) if *self.peek() == T::StrStart => Key::Expr(self.string(Some(f))?),
                T::P("(") => {
                    let e = self.nested(Ctx::Group, Parser::pipe)?;
                    self.expect(")", Some(Ctx::Group))?;
                    Key::Expr(e)
                }
                _ => {
                    self.pos -= 1;
                    return Err(self.unexpected(&[]));
                }
            };
            let value = if self.is(":") {
                self.pos += 1;
                Some(self.nested(Ctx::ObjectValue, Parser::object_value)?)
            } else {
                if matches!(key, Key::Expr(_)) {
                    return Err(self.unexpected(&["':'"]));
                }
                None
            };
            entries.push((key, value));
            match self.peek() {
                T::P(",") => self.pos += 1,
                T::P("}") => {
                    self.pos += 1;
                    return Ok(Ast::Object(entries));
                }
                T::End => return Err(self.unexpected(&[])),
                _ => return Err(self.unexpected(&["'}'"])),
            }
        }
    }

    /// An object's value: terms joined by `|`, or a negation (`ExpD` in jq's grammar).
    fn object_value(&mut self) -> R {
        if self.is("-") {
            self.pos += 1;
            let e = self.deeper(Parser::object_value)?;
            return Ok(Ast::Neg(Box::new(e)));
        }
        let left = self.postfix()?;
        if self.is("|") {
            self.pos += 1;
            let right = self.deeper(Parser::object_value)?;
            return Ok(Ast::Pipe(Box::new(left), Box::new(right)));
        }
        Ok(left)
    }
}

/// Adds what jq's error rule for an `if` or `try` says after a syntax error inside it.
fn unterminated(e: ParseError, what: &str, at: usize) -> ParseError {
    match e {
        ParseError::Syntax(mut errors) => {
            errors.push((format!("Possibly unterminated '{what}' statement"), at));
            ParseError::Syntax(errors)
        }
        other => other,
    }
}

fn num_value(v: &Json) -> f64 {
    match v {
        Json::Num(n, _) => *n,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> (String, usize) {
        match parse(src) {
            Err(ParseError::Syntax(errors)) => errors.into_iter().next().unwrap_or_default(),
            other => panic!("{src}: {other:?}"),
        }
    }

    #[test]
    fn syntax_errors_are_bisons() {
        let eof = "syntax error, unexpected end of file".to_string();
        assert_eq!(err(".["), (eof.clone(), 1));
        assert_eq!(err(".foo |"), (eof.clone(), 5));
        assert_eq!(err("if . then 1 else 2"), (eof.clone(), 17));
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
        assert_eq!(err(".a as x | .").0, "syntax error, unexpected IDENT, expecting '$' or '[' or '{'");
        assert_eq!(err("\"a\\(.b\""), ("syntax error, unexpected QQSTRING_START".to_string(), 6));
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
            "[.[] | .Id[:12]]",
            "\"\\(.Name) is \\(.State.Status)\"",
            ".Config.Labels[\"com.example\"]",
            "if .a then 1 elif .b then 2 else 3 end",
            "reduce .[] as $x (0; . + $x)",
            ".[] as $c | $c.Name",
            "@csv \"\\(.)\"",
            "-1 + 2 * 3 // 4",
            "try error(\"x\") catch .",
        ] {
            assert!(parse(ok).is_ok(), "{ok}: {:?}", parse(ok));
        }
        assert_eq!(parse(".a = 1").err(), Some(ParseError::Unsupported("=".into())));
        assert!(matches!(parse(".a ="), Err(ParseError::Syntax(_))));
        let unterminated = vec![
            ("syntax error, unexpected end of file".to_string(), 17),
            ("Possibly unterminated 'if' statement".to_string(), 0),
        ];
        assert_eq!(parse("if . then 1 else 2").err(), Some(ParseError::Syntax(unterminated)));
        assert_eq!(parse("def f: .; f").err(), Some(ParseError::Unsupported("def".into())));
    }
}
