//! Text → tokens: words (with their quoting kept as parts), operators and redirections.
//!
//! Follows bash's token rules: blanks and `| & ; ( ) < >` end a word, quotes and backslashes
//! protect characters, `$(...)` and backticks nest (their inside is lexed and parsed right away,
//! as bash does), `#` at the start of a word starts a comment. It never runs anything and never
//! panics; bad input is a [`ShellError`] with bash's own text.

use super::ast::{Param, ParamOp, RedirOp, Word, WordPart};
use super::error::ShellError;
use super::parser;

/// How deep `$(`, backticks, `${` and `(` may nest before the line is refused.
pub const MAX_DEPTH: u32 = 32;

/// A token and the byte range of the source it came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// What was found.
    pub kind: TokenKind,
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// The kinds of token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A word, quoting preserved.
    Word(Word),
    /// A control operator.
    Op(Op),
    /// A redirection operator with the descriptor written in front of it (`2>`).
    Redir(Option<u32>, RedirOp),
}

/// Control operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `|`
    Pipe,
    /// `|&`
    PipeAmp,
    /// `&&`
    AndIf,
    /// `||`
    OrIf,
    /// `;`
    Semi,
    /// `;;`, `;&` or `;;&`: only meaningful in `case`, an error anywhere else.
    CaseEnd(&'static str),
    /// `&`
    Amp,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// A newline inside the input (pasted multi-line text).
    Newline,
}

impl Op {
    /// The operator as bash names it in `syntax error near unexpected token`.
    pub fn text(self) -> &'static str {
        match self {
            Op::Pipe => "|",
            Op::PipeAmp => "|&",
            Op::AndIf => "&&",
            Op::OrIf => "||",
            Op::Semi => ";",
            Op::CaseEnd(t) => t,
            Op::Amp => "&",
            Op::LParen => "(",
            Op::RParen => ")",
            Op::Newline => "newline",
        }
    }
}

/// The text bash shows for a redirection operator in error messages.
pub fn redir_text(op: RedirOp) -> &'static str {
    match op {
        RedirOp::Out => ">",
        RedirOp::Append => ">>",
        RedirOp::In => "<",
        RedirOp::DupOut => ">&",
        RedirOp::DupIn => "<&",
        RedirOp::OutErr => "&>",
        RedirOp::AppendErr => "&>>",
        RedirOp::HereString => "<<<",
        RedirOp::HereDoc => "<<",
    }
}

/// Splits a whole line into tokens.
pub fn lex(src: &str) -> Result<Vec<Token>, ShellError> {
    Lexer::new(src, 0).tokens(false)
}

/// Where a word ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A command word: ends at a blank, a newline or a metacharacter.
    Top,
    /// The word inside `${x:-word}`: ends at an unquoted `}`.
    Brace,
    /// The inside of `$((...))`: runs to the end of its text.
    Whole,
}

/// What a run of double-quote-like text ends at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Quoting {
    /// `"..."`: the closing quote.
    Double,
    /// A here-document body: the end of the text.
    HereDoc,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn is_meta(c: char) -> bool {
    matches!(c, '|' | '&' | ';' | '(' | ')' | '<' | '>' | '\n') || is_blank(c)
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `NAME=` exactly: the point after which a tilde expands in an assignment.
fn is_assign_prefix(s: &str) -> bool {
    match s.strip_suffix('=') {
        Some(name) => is_name(name),
        None => false,
    }
}

/// A valid shell variable name.
pub fn is_name(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if is_name_start(c)) && cs.all(is_name_char)
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    depth: u32,
}

/// A here-document whose body comes after the next newline: the token it fills, its
/// delimiter, whether the delimiter was quoted (no expansion) and whether it was `<<-`.
struct PendingDoc {
    token: usize,
    delim: String,
    quoted: bool,
    strip_tabs: bool,
}

/// A here-document delimiter after quote removal, and whether any of it was quoted.
fn delimiter(w: &Word) -> (String, bool) {
    fn text(parts: &[WordPart], s: &mut String, quoted: &mut bool) {
        for p in parts {
            match p {
                WordPart::Literal(t) => s.push_str(t),
                WordPart::Quoted(t) => {
                    *quoted = true;
                    s.push_str(t);
                }
                WordPart::DoubleQuoted(inner) => {
                    *quoted = true;
                    text(inner, s, quoted);
                }
                WordPart::Tilde(u) => {
                    s.push('~');
                    s.push_str(u);
                }
                WordPart::Param(p) => {
                    s.push('$');
                    s.push_str(&p.name);
                }
                _ => s.push('$'),
            }
        }
    }
    let (mut s, mut quoted) = (String::new(), false);
    text(&w.parts, &mut s, &mut quoted);
    (s, quoted)
}

impl<'a> Lexer<'a> {
    fn new(src: &'a str, depth: u32) -> Self {
        Lexer { src, pos: 0, depth }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.rest().chars().nth(n)
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn deeper(&self) -> Result<u32, ShellError> {
        if self.depth >= MAX_DEPTH {
            Err(ShellError::TooDeep)
        } else {
            Ok(self.depth + 1)
        }
    }

    /// Lexes tokens to the end of the input, or, inside `$(`, to its closing `)`.
    fn tokens(&mut self, in_subst: bool) -> Result<Vec<Token>, ShellError> {
        let mut out = Vec::new();
        let mut parens = 0u32;
        let mut docs: Vec<PendingDoc> = Vec::new();
        loop {
            loop {
                match self.peek() {
                    Some(c) if is_blank(c) => {
                        self.pos += 1;
                    }
                    Some('\\') if self.peek_at(1) == Some('\n') => self.pos += 2,
                    _ => break,
                }
            }
            let start = self.pos;
            let Some(c) = self.peek() else {
                if let Some(doc) = docs.first() {
                    return Err(ShellError::HereDocEof(doc.delim.clone()));
                }
                if in_subst {
                    return Err(ShellError::Unclosed(')'));
                }
                return Ok(out);
            };
            let kind = match c {
                '#' => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                    continue;
                }
                ')' if in_subst && parens == 0 => {
                    self.bump();
                    return Ok(out);
                }
                '\n' => {
                    self.bump();
                    out.push(Token { kind: TokenKind::Op(Op::Newline), start, end: self.pos });
                    self.read_heredocs(&mut out, &mut docs)?;
                    continue;
                }
                '(' => {
                    self.bump();
                    parens += 1;
                    TokenKind::Op(Op::LParen)
                }
                ')' => {
                    self.bump();
                    parens = parens.saturating_sub(1);
                    TokenKind::Op(Op::RParen)
                }
                '|' => {
                    if self.eat("||") {
                        TokenKind::Op(Op::OrIf)
                    } else if self.eat("|&") {
                        TokenKind::Op(Op::PipeAmp)
                    } else {
                        self.bump();
                        TokenKind::Op(Op::Pipe)
                    }
                }
                '&' => {
                    if self.eat("&&") {
                        TokenKind::Op(Op::AndIf)
                    } else if self.eat("&>>") {
                        TokenKind::Redir(None, RedirOp::AppendErr)
                    } else if self.eat("&>") {
                        TokenKind::Redir(None, RedirOp::OutErr)
                    } else {
                        self.bump();
                        TokenKind::Op(Op::Amp)
                    }
                }
                ';' => {
                    if self.eat(";;&") {
                        TokenKind::Op(Op::CaseEnd(";;&"))
                    } else if self.eat(";;") {
                        TokenKind::Op(Op::CaseEnd(";;"))
                    } else if self.eat(";&") {
                        TokenKind::Op(Op::CaseEnd(";&"))
                    } else {
                        self.bump();
                        TokenKind::Op(Op::Semi)
                    }
                }
                '<' | '>' => self.redirect(None)?,
                '0'..='9' => match self.fd_prefix() {
                    Some((fd, len)) => {
                        self.pos += len;
                        self.redirect(Some(fd))?
                    }
                    None => match self.word_token(Mode::Top)? {
                        Some(w) => w,
                        None => continue,
                    },
                },
                _ => match self.word_token(Mode::Top)? {
                    Some(w) => w,
                    None => continue,
                },
            };
            let heredoc = matches!(kind, TokenKind::Redir(_, RedirOp::HereDoc));
            out.push(Token { kind, start, end: self.pos });
            if heredoc {
                self.heredoc_delimiter(&mut out, &mut docs)?;
            }
        }
    }

    /// After `<<` or `<<-`: the delimiter word. Its token is a placeholder that becomes the
    /// body once the lines after the command have been read. Nothing there (`cat <<` alone)
    /// is left for the parser to report.
    fn heredoc_delimiter(&mut self, out: &mut Vec<Token>, docs: &mut Vec<PendingDoc>) -> Result<(), ShellError> {
        let strip_tabs = self.src.get(..self.pos).is_some_and(|s| s.ends_with("<<-"));
        while self.peek().is_some_and(is_blank) {
            self.bump();
        }
        let start = self.pos;
        if self.peek().is_none_or(is_meta) {
            return Ok(());
        }
        if let Some(TokenKind::Word(w)) = self.word_token(Mode::Top)? {
            let (delim, quoted) = delimiter(&w);
            out.push(Token { kind: TokenKind::Word(Word::default()), start, end: self.pos });
            docs.push(PendingDoc { token: out.len() - 1, delim, quoted, strip_tabs });
        }
        Ok(())
    }

    /// At the start of a line after a command with here-documents: reads each body up to
    /// its delimiter line and puts it in place. Running out of lines first means more input
    /// is needed (bash's `> ` prompt).
    fn read_heredocs(&mut self, out: &mut [Token], docs: &mut Vec<PendingDoc>) -> Result<(), ShellError> {
        for doc in std::mem::take(docs) {
            let mut body = String::new();
            loop {
                let rest = self.rest();
                if rest.is_empty() {
                    return Err(ShellError::HereDocEof(doc.delim));
                }
                let (line, used) = match rest.find('\n') {
                    Some(i) => (rest.get(..i).unwrap_or(""), i + 1),
                    None => (rest, rest.len()),
                };
                self.pos += used;
                let line = if doc.strip_tabs { line.trim_start_matches('\t') } else { line };
                if line == doc.delim {
                    break;
                }
                body.push_str(line);
                body.push('\n');
            }
            let word = if doc.quoted {
                Word { parts: vec![WordPart::Quoted(body)] }
            } else {
                let parts = Lexer::new(&body, self.depth).quoted_text(Quoting::HereDoc)?;
                Word { parts: vec![WordPart::DoubleQuoted(parts)] }
            };
            if let Some(t) = out.get_mut(doc.token) {
                t.kind = TokenKind::Word(word);
            }
        }
        Ok(())
    }

    /// `2>`: digits directly followed by `<` or `>` name a descriptor.
    fn fd_prefix(&self) -> Option<(u32, usize)> {
        let rest = self.rest();
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let next = rest.as_bytes().get(len)?;
        if (*next == b'<' || *next == b'>') && len <= 9 {
            rest.get(..len)?.parse().ok().map(|fd| (fd, len))
        } else {
            None
        }
    }

    fn redirect(&mut self, fd: Option<u32>) -> Result<TokenKind, ShellError> {
        let op = if self.eat("<<<") {
            RedirOp::HereString
        } else if self.eat("<<-") || self.eat("<<") {
            RedirOp::HereDoc
        } else if self.eat("<&") {
            RedirOp::DupIn
        } else if self.eat("<>") || self.eat("<") {
            RedirOp::In
        } else if self.eat(">>") {
            RedirOp::Append
        } else if self.eat(">&") {
            RedirOp::DupOut
        } else if self.eat(">|") || self.eat(">") {
            RedirOp::Out
        } else {
            // Unreachable by construction (called only at `<` or `>`); fall back gracefully.
            self.bump();
            RedirOp::Out
        };
        Ok(TokenKind::Redir(fd, op))
    }

    /// A word token, or `None` when the characters were only line continuations.
    fn word_token(&mut self, mode: Mode) -> Result<Option<TokenKind>, ShellError> {
        let before = self.pos;
        let w = self.word(mode)?;
        if w.parts.is_empty() {
            if self.pos == before {
                // Defensive: never loop without progress.
                self.bump();
            }
            return Ok(None);
        }
        Ok(Some(TokenKind::Word(w)))
    }

    fn word(&mut self, mode: Mode) -> Result<Word, ShellError> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        fn flush(lit: &mut String, parts: &mut Vec<WordPart>) {
            if !lit.is_empty() {
                parts.push(WordPart::Literal(std::mem::take(lit)));
            }
        }
        while let Some(c) = self.peek() {
            match mode {
                Mode::Top if is_meta(c) => break,
                Mode::Brace if c == '}' => break,
                _ => {}
            }
            match c {
                '\\' => {
                    self.bump();
                    match self.bump() {
                        None => lit.push('\\'),
                        Some('\n') => {}
                        Some(e) => {
                            flush(&mut lit, &mut parts);
                            parts.push(WordPart::Quoted(e.to_string()));
                        }
                    }
                }
                '\'' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let s = self.single_quoted()?;
                    parts.push(WordPart::Quoted(s));
                }
                '"' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    let inner = self.quoted_text(Quoting::Double)?;
                    parts.push(WordPart::DoubleQuoted(inner));
                }
                '`' => {
                    self.bump();
                    flush(&mut lit, &mut parts);
                    parts.push(self.backtick()?);
                }
                '$' => match self.dollar(false)? {
                    Some(p) => {
                        flush(&mut lit, &mut parts);
                        parts.push(p);
                    }
                    None => lit.push('$'),
                },
                '~' if mode == Mode::Top && parts.is_empty() && (lit.is_empty() || is_assign_prefix(&lit)) => {
                    self.bump();
                    match self.tilde_user() {
                        Some(user) => {
                            flush(&mut lit, &mut parts);
                            parts.push(WordPart::Tilde(user));
                        }
                        None => lit.push('~'),
                    }
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        flush(&mut lit, &mut parts);
        Ok(Word { parts })
    }

    /// After `~`: the user name up to a `/` or the end of the word, if the prefix qualifies.
    fn tilde_user(&mut self) -> Option<String> {
        let rest = self.rest();
        let len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')).count();
        let after = rest.get(len..).and_then(|s| s.chars().next());
        match after {
            None | Some('/') => {}
            Some(c) if is_meta(c) => {}
            Some(_) => return None,
        }
        let user = rest.get(..len)?.to_string();
        self.pos += len;
        Some(user)
    }

    fn single_quoted(&mut self) -> Result<String, ShellError> {
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return Err(ShellError::Unclosed('\'')),
                Some('\'') => return Ok(s),
                Some(c) => s.push(c),
            }
        }
    }

    /// The inside of `"..."` up to its closing quote, or a whole here-document body (where a
    /// `"` is just a character): `$` and backticks expand, a backslash escapes only `$`, a
    /// backtick, a backslash, a newline and (inside quotes) `"`.
    fn quoted_text(&mut self, quoting: Quoting) -> Result<Vec<WordPart>, ShellError> {
        let heredoc = quoting == Quoting::HereDoc;
        let mut parts = Vec::new();
        let mut lit = String::new();
        loop {
            let Some(c) = self.peek() else {
                if heredoc {
                    break;
                }
                return Err(ShellError::Unclosed('"'));
            };
            match c {
                '"' if !heredoc => {
                    self.bump();
                    break;
                }
                '\\' => {
                    self.bump();
                    match self.peek() {
                        Some('"') if heredoc => lit.push('\\'),
                        Some(e @ ('$' | '`' | '"' | '\\')) => {
                            self.bump();
                            lit.push(e);
                        }
                        Some('\n') => {
                            self.bump();
                        }
                        _ => lit.push('\\'),
                    }
                }
                '$' => match self.dollar(true)? {
                    Some(p) => {
                        if !lit.is_empty() {
                            parts.push(WordPart::Literal(std::mem::take(&mut lit)));
                        }
                        parts.push(p);
                    }
                    None => lit.push('$'),
                },
                '`' => {
                    self.bump();
                    if !lit.is_empty() {
                        parts.push(WordPart::Literal(std::mem::take(&mut lit)));
                    }
                    parts.push(self.backtick()?);
                }
                _ => {
                    self.bump();
                    lit.push(c);
                }
            }
        }
        if !lit.is_empty() {
            parts.push(WordPart::Literal(lit));
        }
        Ok(parts)
    }

    /// The inside of backticks: `` \` ``, `\\` and `\$` lose their backslash, then the text is
    /// lexed and parsed as a script of its own.
    fn backtick(&mut self) -> Result<WordPart, ShellError> {
        let mut inner = String::new();
        loop {
            match self.bump() {
                None => return Err(ShellError::Unclosed('`')),
                Some('`') => break,
                Some('\\') => match self.peek() {
                    Some(c @ ('`' | '\\' | '$')) => {
                        self.bump();
                        inner.push(c);
                    }
                    _ => inner.push('\\'),
                },
                Some(c) => inner.push(c),
            }
        }
        let depth = self.deeper()?;
        let tokens = Lexer::new(&inner, depth).tokens(false)?;
        Ok(WordPart::CommandSubst(parser::parse_tokens(tokens, depth)?))
    }

    /// At a `$`: consumes it and returns the expansion, or `None` when the `$` is literal.
    fn dollar(&mut self, in_dquote: bool) -> Result<Option<WordPart>, ShellError> {
        let rest = self.rest();
        if rest.starts_with("$((") {
            if let Some(p) = self.arith()? {
                return Ok(Some(p));
            }
        }
        if rest.starts_with("$(") {
            self.pos += 2;
            let depth = self.deeper()?;
            let saved = self.depth;
            self.depth = depth;
            let tokens = self.tokens(true);
            self.depth = saved;
            return Ok(Some(WordPart::CommandSubst(parser::parse_tokens(tokens?, depth)?)));
        }
        if rest.starts_with("${") {
            return self.brace_param().map(Some);
        }
        if !in_dquote && rest.starts_with("$'") {
            self.pos += 2;
            return self.ansi_c().map(|s| Some(WordPart::Quoted(s)));
        }
        if !in_dquote && rest.starts_with("$\"") {
            self.pos += 2;
            return self.quoted_text(Quoting::Double).map(|p| Some(WordPart::DoubleQuoted(p)));
        }
        self.bump();
        let Some(c) = self.peek() else { return Ok(None) };
        if is_name_start(c) {
            let name = self.name();
            return Ok(Some(WordPart::Param(Param { name, op: ParamOp::Plain })));
        }
        if c.is_ascii_digit() || matches!(c, '?' | '$' | '#' | '!' | '@' | '*' | '-') {
            self.bump();
            return Ok(Some(WordPart::Param(Param { name: c.to_string(), op: ParamOp::Plain })));
        }
        Ok(None)
    }

    fn name(&mut self) -> String {
        let rest = self.rest();
        let len = rest.bytes().take_while(|b| b.is_ascii_alphanumeric() || *b == b'_').count();
        self.pos += len;
        rest.get(..len).unwrap_or("").to_string()
    }

    /// `$((expr))` if the parentheses close as arithmetic; otherwise `None` and nothing consumed,
    /// so the caller treats it as `$(` followed by a subshell, as bash does.
    fn arith(&mut self) -> Result<Option<WordPart>, ShellError> {
        let body_start = self.pos + 3;
        let bytes = self.src.as_bytes();
        let mut i = body_start;
        let mut depth = 0u32;
        while i < bytes.len() {
            match bytes[i] {
                b'(' => depth += 1,
                b')' if depth > 0 => depth -= 1,
                b')' => {
                    if bytes.get(i + 1) == Some(&b')') {
                        let body = self.src.get(body_start..i).unwrap_or("");
                        let d = self.deeper()?;
                        let word = Lexer::new(body, d).word(Mode::Whole)?;
                        self.pos = i + 2;
                        return Ok(Some(WordPart::Arith(word)));
                    }
                    return Ok(None);
                }
                _ => {}
            }
            i += 1;
        }
        Ok(None)
    }

    /// After `${`: the parameter, its operator and operand, up to the closing `}`.
    fn brace_param(&mut self) -> Result<WordPart, ShellError> {
        let start = self.pos;
        self.pos += 2;
        let depth = self.deeper()?;
        let saved = self.depth;
        self.depth = depth;
        let r = self.brace_param_body(start);
        self.depth = saved;
        r
    }

    fn brace_param_body(&mut self, start: usize) -> Result<WordPart, ShellError> {
        // `${#name}`: the length (but `${#}` is `$#` and `${#-x}` its default).
        if self.peek() == Some('#') && !matches!(self.peek_at(1), Some('}' | '-' | '=' | '+' | '?' | ':')) {
            self.bump();
            let name = self.param_name();
            if !name.is_empty() && self.peek() == Some('}') {
                self.bump();
                return Ok(WordPart::Param(Param { name, op: ParamOp::Length }));
            }
            return self.bad_subst(start);
        }
        let name = self.param_name();
        if name.is_empty() {
            return self.bad_subst(start);
        }
        let colon = self.eat(":");
        let op_char = self.peek();
        let make: fn(bool, Word) -> ParamOp = match op_char {
            Some('}') if !colon => {
                self.bump();
                return Ok(WordPart::Param(Param { name, op: ParamOp::Plain }));
            }
            Some('-') => ParamOp::Default,
            Some('=') => ParamOp::Assign,
            Some('+') => ParamOp::Alt,
            Some('?') => ParamOp::Error,
            Some('#') if !colon => ParamOp::TrimPrefix,
            Some('%') if !colon => ParamOp::TrimSuffix,
            _ => return self.bad_subst(start),
        };
        self.bump();
        let mut flag = colon;
        if matches!(op_char, Some('#') | Some('%')) {
            flag = op_char.is_some_and(|c| self.eat(&c.to_string()));
        }
        let word = self.word(Mode::Brace)?;
        if self.bump() != Some('}') {
            return Err(ShellError::Unclosed('}'));
        }
        Ok(WordPart::Param(Param { name, op: make(flag, word) }))
    }

    fn param_name(&mut self) -> String {
        match self.peek() {
            Some(c) if is_name_start(c) => self.name(),
            Some(c) if c.is_ascii_digit() => {
                let rest = self.rest();
                let len = rest.bytes().take_while(u8::is_ascii_digit).count();
                self.pos += len;
                rest.get(..len).unwrap_or("").to_string()
            }
            Some(c @ ('?' | '$' | '#' | '!' | '@' | '*' | '-')) => {
                self.bump();
                c.to_string()
            }
            _ => String::new(),
        }
    }

    /// Skips to the `}` that closes a `${` that does not parse, keeping its text for the error.
    fn bad_subst(&mut self, start: usize) -> Result<WordPart, ShellError> {
        let mut depth = 0u32;
        loop {
            match self.bump() {
                None => return Err(ShellError::Unclosed('}')),
                Some('{') => depth += 1,
                Some('}') if depth == 0 => break,
                Some('}') => depth -= 1,
                Some('\\') => {
                    self.bump();
                }
                Some(_) => {}
            }
        }
        let raw = self.src.get(start..self.pos).unwrap_or("").to_string();
        Ok(WordPart::BadSubst(raw))
    }

    /// The inside of `$'...'`, with C escapes decoded.
    fn ansi_c(&mut self) -> Result<String, ShellError> {
        let mut s = String::new();
        loop {
            match self.bump() {
                None => return Err(ShellError::Unclosed('\'')),
                Some('\'') => return Ok(s),
                Some('\\') => match self.bump() {
                    None => return Err(ShellError::Unclosed('\'')),
                    Some('n') => s.push('\n'),
                    Some('t') => s.push('\t'),
                    Some('r') => s.push('\r'),
                    Some('a') => s.push('\x07'),
                    Some('b') => s.push('\x08'),
                    Some('e') | Some('E') => s.push('\x1b'),
                    Some('f') => s.push('\x0c'),
                    Some('v') => s.push('\x0b'),
                    Some('x') => {
                        let hex: String = self.rest().chars().take(2).take_while(char::is_ascii_hexdigit).collect();
                        self.pos += hex.len();
                        match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                            Some(c) => s.push(c),
                            None => s.push_str("\\x"),
                        }
                    }
                    Some(c) => {
                        if !matches!(c, '\\' | '\'' | '"' | '?') {
                            s.push('\\');
                        }
                        s.push(c);
                    }
                },
                Some(c) => s.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str, expected: &str) {
        let got = match lex(src) {
            Ok(tokens) => tokens.iter().map(show).collect::<Vec<_>>().join(" "),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expected, "lexing {src:?}");
    }

    fn show(t: &Token) -> String {
        match &t.kind {
            TokenKind::Word(w) => format!("W{:?}", w.parts),
            TokenKind::Op(op) => format!("op({})", op.text()),
            TokenKind::Redir(fd, op) => {
                format!("redir({}{})", fd.map(|f| f.to_string()).unwrap_or_default(), redir_text(*op))
            }
        }
    }

    #[test]
    fn plain_words_and_operators() {
        check("a|b", r#"W[Literal("a")] op(|) W[Literal("b")]"#);
        check("a&&b||c;d", r#"W[Literal("a")] op(&&) W[Literal("b")] op(||) W[Literal("c")] op(;) W[Literal("d")]"#);
        check("a ;; b", r#"W[Literal("a")] op(;;) W[Literal("b")]"#);
    }

    #[test]
    fn quotes_become_parts() {
        check(
            r#"a"b $x"'c'"#,
            r#"W[Literal("a"), DoubleQuoted([Literal("b "), Param(Param { name: "x", op: Plain })]), Quoted("c")]"#,
        );
        check(r"a\ b", r#"W[Literal("a"), Quoted(" "), Literal("b")]"#);
        check("$'a\\tb'", r#"W[Quoted("a\tb")]"#);
    }

    #[test]
    fn redirections_with_descriptors() {
        check("a 2>/dev/null", r#"W[Literal("a")] redir(2>) W[Literal("/dev/null")]"#);
        check("a 2>&1", r#"W[Literal("a")] redir(2>&) W[Literal("1")]"#);
        check("a &>>f", r#"W[Literal("a")] redir(&>>) W[Literal("f")]"#);
        check("a 12 >f", r#"W[Literal("a")] W[Literal("12")] redir(>) W[Literal("f")]"#);
    }

    #[test]
    fn comments_and_continuations() {
        check("a # b | c", r#"W[Literal("a")]"#);
        check("a#b", r#"W[Literal("a#b")]"#);
        check("a \\\n b", r#"W[Literal("a")] W[Literal("b")]"#);
        check("a\\", r#"W[Literal("a\\")]"#);
    }

    #[test]
    fn tilde_only_at_word_start() {
        check(
            "~/x a~ ~root \"~\" A=~/y",
            r#"W[Tilde(""), Literal("/x")] W[Literal("a~")] W[Tilde("root")] W[DoubleQuoted([Literal("~")])] W[Literal("A="), Tilde(""), Literal("/y")]"#,
        );
    }

    #[test]
    fn unclosed_things() {
        check("echo \"abc", "error: bash: unexpected EOF while looking for matching `\"'");
        check("echo 'abc", "error: bash: unexpected EOF while looking for matching `''");
        check("echo $(ls", "error: bash: unexpected EOF while looking for matching `)'");
        check("echo `ls", "error: bash: unexpected EOF while looking for matching ``'");
        check("echo ${x", "error: bash: unexpected EOF while looking for matching `}'");
    }

    #[test]
    fn params() {
        check("${#HOME}", r#"W[Param(Param { name: "HOME", op: Length })]"#);
        check("${a b}", r#"W[BadSubst("${a b}")]"#);
        check("$ $? $", r#"W[Literal("$")] W[Param(Param { name: "?", op: Plain })] W[Literal("$")]"#);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let line = format!("{}x{}", "$(".repeat(40), ")".repeat(40));
        check(&line, "error: bash: maximum nesting level exceeded");
    }
}
