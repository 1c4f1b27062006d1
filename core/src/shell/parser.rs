//! Tokens → [`Script`]: `;` and newlines, `&&`/`||`, `|`/`|&`, `!`, `( ... )`, assignments and
//! redirections.
//!
//! Grammar (a subset of bash's):
//!
//! ```text
//! script   := newline* (and_or ((';' | newline) newline* and_or)*)? (';' | newline)*
//! and_or   := pipeline (('&&' | '||') newline* pipeline)*
//! pipeline := '!'? command (('|' | '|&') newline* command)*
//! command  := '(' script ')' redirect* | compound redirect* | (assign | word | redirect)+
//! compound := 'for' name newline* ('in' word* (';' | newline))? newline* 'do' script 'done'
//!           | ('while' | 'until') script 'do' script 'done'
//!           | 'if' script 'then' script ('elif' script 'then' script)* ('else' script)? 'fi'
//!           | '{' script '}'
//! ```
//!
//! A list may end in `&` (a background job). Anything else is bash's own syntax error, or, for
//! real bash syntax we leave out on purpose (`case`, functions), an "unsupported" error. It
//! never runs anything.

use super::ast::{
    AndOr, Assign, Command, Compound, Connector, Pipeline, RedirOp, Redirect, Script, SimpleCommand, Word, WordPart,
};
use super::error::ShellError;
use super::lexer::{self, is_name, redir_text, Op, Token, TokenKind, MAX_DEPTH};

/// Lexes and parses one line.
pub fn parse(src: &str) -> Result<Script, ShellError> {
    parse_tokens(lexer::lex(src)?, 0)
}

/// Parses a whole script (`sh -c`, a file, a container's command): as in a non-interactive
/// shell, a here-document still open at the end of the text ends there.
pub fn parse_script(src: &str) -> Result<Script, ShellError> {
    let mut text = std::borrow::Cow::Borrowed(src);
    // Each round closes one here-document; a line holds only a few.
    for _ in 0..16 {
        match parse(&text) {
            Err(ShellError::HereDocEof(delim)) => {
                let sep = if text.ends_with('\n') { "" } else { "\n" };
                text = std::borrow::Cow::Owned(format!("{text}{sep}{delim}"));
            }
            other => return other,
        }
    }
    parse(&text)
}

/// Parses tokens already lexed (the lexer calls this for the inside of `$(...)`).
pub fn parse_tokens(tokens: Vec<Token>, depth: u32) -> Result<Script, ShellError> {
    let mut p = Parser { tokens, pos: 0, depth, open: Vec::new() };
    let script = match p.script(End::Input) {
        Ok(s) => s,
        // The compound command still open when the input ran out (the innermost one).
        Err(ShellError::UnexpectedEof) => {
            return Err(match p.open.last() {
                Some(&(opener, expecting)) => ShellError::EofIn { opener, expecting },
                None => ShellError::UnexpectedEof,
            })
        }
        Err(e) => return Err(e),
    };
    match p.peek() {
        None => Ok(script),
        Some(kind) => Err(unexpected(kind)),
    }
}

/// Words that start a compound command bash has but this shell does not.
const UNSUPPORTED_KEYWORDS: &[&str] = &["case", "select", "function", "[[", "coproc", "time"];

/// Where a list of commands ends.
#[derive(Clone, Copy)]
enum End {
    /// At the end of the input.
    Input,
    /// At the `)` of a subshell.
    Paren,
    /// At one of these reserved words where a command would start (`done`, `fi`, ...).
    Words(&'static [&'static str]),
}

/// Reserved words that are a syntax error where a command should start.
const MISPLACED_KEYWORDS: &[&str] = &["then", "else", "elif", "fi", "do", "done", "esac", "}"];

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    depth: u32,
    /// Compound commands being parsed, innermost last: the reserved word that opened each and
    /// the word it waits for now (a script's shell names them when the input ends early).
    open: Vec<(&'static str, &'static str)>,
}

fn unexpected(kind: &TokenKind) -> ShellError {
    ShellError::UnexpectedToken(token_text(kind))
}

fn token_text(kind: &TokenKind) -> String {
    match kind {
        TokenKind::Op(op) => op.text().to_string(),
        TokenKind::Redir(fd, op) => format!("{}{}", fd.map(|f| f.to_string()).unwrap_or_default(), redir_text(*op)),
        TokenKind::Word(w) => word_text(w),
    }
}

/// An approximation of a word's source text, for error messages.
pub(crate) fn word_text(w: &Word) -> String {
    let mut s = String::new();
    for p in &w.parts {
        match p {
            WordPart::Literal(t) | WordPart::Quoted(t) => s.push_str(t),
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
    s
}

impl Parser {
    fn peek(&self) -> Option<&TokenKind> {
        self.tokens.get(self.pos).map(|t| &t.kind)
    }

    fn peek_op(&self) -> Option<Op> {
        match self.peek() {
            Some(TokenKind::Op(op)) => Some(*op),
            _ => None,
        }
    }

    /// Moves the word at the cursor out of the token list (the parser never looks back).
    fn take_word(&mut self) -> Word {
        let w = match self.tokens.get_mut(self.pos).map(|t| &mut t.kind) {
            Some(TokenKind::Word(w)) => std::mem::take(w),
            _ => Word::default(),
        };
        self.pos += 1;
        w
    }

    fn skip_newlines(&mut self) {
        while self.peek_op() == Some(Op::Newline) {
            self.pos += 1;
        }
    }

    /// The reserved word at the cursor, if it is one of `words`.
    fn at_word(&self, words: &[&str]) -> Option<&'static str> {
        let Some(TokenKind::Word(w)) = self.peek() else { return None };
        let plain = w.as_plain()?;
        ["for", "while", "until", "if", "then", "elif", "else", "fi", "do", "done", "in", "{", "}"]
            .into_iter()
            .find(|k| *k == plain && words.contains(k))
    }

    fn script(&mut self, end: End) -> Result<Script, ShellError> {
        let in_paren = matches!(end, End::Paren);
        let mut items = Vec::new();
        self.skip_newlines();
        loop {
            match (self.peek(), end) {
                (None, End::Input) => break,
                (None, _) => return Err(ShellError::UnexpectedEof),
                (Some(TokenKind::Op(Op::RParen)), End::Paren) => break,
                (Some(TokenKind::Word(_)), End::Words(stops)) if self.at_word(stops).is_some() => break,
                _ => {}
            }
            items.push(self.and_or()?);
            match self.peek() {
                None => {}
                Some(TokenKind::Op(Op::Semi | Op::Newline)) => {
                    self.pos += 1;
                    self.skip_newlines();
                }
                Some(TokenKind::Op(Op::Amp)) => {
                    if let Some(last) = items.last_mut() {
                        last.background = true;
                    }
                    self.pos += 1;
                    self.skip_newlines();
                }
                Some(TokenKind::Op(Op::RParen)) if in_paren => {}
                Some(TokenKind::Word(_)) if matches!(end, End::Words(stops) if self.at_word(stops).is_some()) => {}
                Some(kind) => return Err(unexpected(kind)),
            }
        }
        Ok(Script { items })
    }

    fn and_or(&mut self) -> Result<AndOr, ShellError> {
        let first = self.pipeline()?;
        let mut rest = Vec::new();
        loop {
            let conn = match self.peek_op() {
                Some(Op::AndIf) => Connector::And,
                Some(Op::OrIf) => Connector::Or,
                _ => break,
            };
            self.pos += 1;
            self.skip_newlines();
            if self.peek().is_none() {
                return Err(ShellError::UnexpectedEof);
            }
            rest.push((conn, self.pipeline()?));
        }
        Ok(AndOr { first, rest, background: false })
    }

    fn pipeline(&mut self) -> Result<Pipeline, ShellError> {
        let mut negated = false;
        if let Some(TokenKind::Word(w)) = self.peek() {
            if w.as_plain() == Some("!") {
                self.pos += 1;
                negated = true;
                if self.peek_is_end_or_sep() {
                    return Ok(Pipeline { negated, commands: Vec::new() });
                }
            }
        }
        let mut commands = vec![self.command()?];
        loop {
            let both = match self.peek_op() {
                Some(Op::Pipe) => false,
                Some(Op::PipeAmp) => true,
                _ => break,
            };
            if both {
                if let Some(last) = commands.last_mut() {
                    let dup = Redirect { fd: Some(2), op: RedirOp::DupOut, target: Word::literal("1") };
                    match last {
                        Command::Simple(c) => c.redirects.push(dup),
                        Command::Subshell(_, r) | Command::Compound(_, r) => r.push(dup),
                    }
                }
            }
            self.pos += 1;
            self.skip_newlines();
            if self.peek().is_none() {
                return Err(ShellError::UnexpectedEof);
            }
            commands.push(self.command()?);
        }
        Ok(Pipeline { negated, commands })
    }

    fn peek_is_end_or_sep(&self) -> bool {
        matches!(self.peek(), None | Some(TokenKind::Op(Op::Semi | Op::Newline)))
    }

    fn command(&mut self) -> Result<Command, ShellError> {
        match self.peek() {
            None => Err(ShellError::UnexpectedEof),
            Some(TokenKind::Op(Op::LParen)) => self.subshell(),
            Some(TokenKind::Op(op)) => Err(ShellError::UnexpectedToken(op.text().to_string())),
            Some(_) if self.at_word(&["for", "while", "until", "if", "{"]).is_some() => self.compound(),
            Some(_) => self.simple().map(Command::Simple),
        }
    }

    /// `for`, `while`, `until`, `if` or `{ }`, then its redirections.
    fn compound(&mut self) -> Result<Command, ShellError> {
        if self.depth >= MAX_DEPTH {
            return Err(ShellError::TooDeep);
        }
        self.depth += 1;
        let body = self.compound_body();
        self.depth -= 1;
        let body = body?;
        // Popped only on success: after an error the innermost open command stays on top.
        self.open.pop();
        let redirects = self.trailing_redirects()?;
        Ok(Command::Compound(Box::new(body), redirects))
    }

    fn compound_body(&mut self) -> Result<Compound, ShellError> {
        let keyword = self.at_word(&["for", "while", "until", "if", "{"]).unwrap_or("{");
        self.pos += 1;
        let first_wait = match keyword {
            "for" | "while" | "until" => "do",
            "if" => "then",
            _ => "}",
        };
        self.open.push((keyword, first_wait));
        match keyword {
            "for" => {
                let var = match self.peek() {
                    Some(TokenKind::Word(w)) if w.as_plain().is_some_and(is_name) => {
                        w.as_plain().unwrap_or("").to_string()
                    }
                    Some(kind) => return Err(unexpected(kind)),
                    None => return Err(ShellError::UnexpectedEof),
                };
                self.pos += 1;
                self.skip_newlines();
                let mut words = None;
                if self.at_word(&["in"]).is_some() {
                    self.pos += 1;
                    let mut list = Vec::new();
                    while let Some(TokenKind::Word(_)) = self.peek() {
                        list.push(self.take_word());
                    }
                    match self.peek() {
                        Some(TokenKind::Op(Op::Semi | Op::Newline)) => self.pos += 1,
                        Some(kind) => return Err(unexpected(kind)),
                        None => return Err(ShellError::UnexpectedEof),
                    }
                    words = Some(list);
                } else if self.peek_op() == Some(Op::Semi) {
                    self.pos += 1;
                }
                self.skip_newlines();
                self.expect("do")?;
                let body = self.block(&["done"])?;
                self.expect("done")?;
                Ok(Compound::For { var, words, body })
            }
            "while" | "until" => {
                let cond = self.block(&["do"])?;
                self.expect("do")?;
                let body = self.block(&["done"])?;
                self.expect("done")?;
                Ok(Compound::Loop { until: keyword == "until", cond, body })
            }
            "if" => {
                let mut arms = Vec::new();
                loop {
                    let cond = self.block(&["then"])?;
                    self.expect("then")?;
                    let body = self.block(&["elif", "else", "fi"])?;
                    arms.push((cond, body));
                    match self.at_word(&["elif", "else", "fi"]) {
                        Some("elif") => self.pos += 1,
                        Some("else") => {
                            self.pos += 1;
                            let otherwise = self.block(&["fi"])?;
                            self.expect("fi")?;
                            return Ok(Compound::If { arms, otherwise: Some(otherwise) });
                        }
                        _ => {
                            self.expect("fi")?;
                            return Ok(Compound::If { arms, otherwise: None });
                        }
                    }
                }
            }
            _ => {
                let body = self.block(&["}"])?;
                self.expect("}")?;
                Ok(Compound::Group(body))
            }
        }
    }

    /// A non-empty list up to one of `stops` (bash refuses `do done`, `then fi`, `{ }`).
    fn block(&mut self, stops: &'static [&'static str]) -> Result<Script, ShellError> {
        if let (Some(top), Some(last)) = (self.open.last_mut(), stops.last()) {
            top.1 = last;
        }
        let body = self.script(End::Words(stops))?;
        if body.items.is_empty() {
            return Err(match self.peek() {
                Some(kind) => unexpected(kind),
                None => ShellError::UnexpectedEof,
            });
        }
        Ok(body)
    }

    /// The reserved word `word` at the cursor, or bash's error for what is there instead.
    fn expect(&mut self, word: &str) -> Result<(), ShellError> {
        match self.peek() {
            Some(TokenKind::Word(w)) if w.as_plain() == Some(word) => {
                self.pos += 1;
                Ok(())
            }
            Some(kind) => Err(unexpected(kind)),
            None => Err(ShellError::UnexpectedEof),
        }
    }

    /// Redirections after a `)`, `done`, `fi` or `}`; a word there is a syntax error.
    fn trailing_redirects(&mut self) -> Result<Vec<Redirect>, ShellError> {
        let mut redirects = Vec::new();
        loop {
            match self.peek() {
                Some(TokenKind::Redir(..)) => redirects.push(self.redirect()?),
                Some(TokenKind::Word(w)) => return Err(ShellError::UnexpectedToken(word_text(w))),
                Some(TokenKind::Op(Op::LParen)) => return Err(ShellError::UnexpectedToken("(".to_string())),
                _ => break,
            }
        }
        Ok(redirects)
    }

    fn subshell(&mut self) -> Result<Command, ShellError> {
        if self.depth >= MAX_DEPTH {
            return Err(ShellError::TooDeep);
        }
        self.pos += 1;
        self.depth += 1;
        let body = self.script(End::Paren);
        self.depth -= 1;
        let body = body?;
        if body.items.is_empty() {
            return Err(ShellError::UnexpectedToken(")".to_string()));
        }
        // `script(End::Paren)` only returns Ok at a `)`.
        self.pos += 1;
        let redirects = self.trailing_redirects()?;
        Ok(Command::Subshell(body, redirects))
    }

    fn simple(&mut self) -> Result<SimpleCommand, ShellError> {
        let mut cmd = SimpleCommand::default();
        loop {
            match self.peek() {
                Some(TokenKind::Word(w)) => {
                    if cmd.words.is_empty() {
                        if cmd.assigns.is_empty() {
                            if let Some(kw) = w.as_plain() {
                                if UNSUPPORTED_KEYWORDS.contains(&kw) {
                                    return Err(ShellError::Unsupported(kw.to_string()));
                                }
                                if MISPLACED_KEYWORDS.contains(&kw) {
                                    return Err(ShellError::UnexpectedToken(kw.to_string()));
                                }
                            }
                        }
                        if let Some(a) = split_assign(w) {
                            cmd.assigns.push(a);
                            self.pos += 1;
                            continue;
                        }
                    }
                    let w = self.take_word();
                    cmd.words.push(w);
                }
                Some(TokenKind::Redir(..)) => cmd.redirects.push(self.redirect()?),
                Some(TokenKind::Op(Op::LParen)) => {
                    let is_fn = cmd.words.len() == 1
                        && matches!(self.tokens.get(self.pos + 1).map(|t| &t.kind), Some(TokenKind::Op(Op::RParen)));
                    if is_fn {
                        return Err(ShellError::Unsupported("function".to_string()));
                    }
                    return Err(ShellError::UnexpectedToken("(".to_string()));
                }
                _ => break,
            }
        }
        Ok(cmd)
    }

    fn redirect(&mut self) -> Result<Redirect, ShellError> {
        let Some(TokenKind::Redir(fd, op)) = self.peek().cloned() else {
            return Err(ShellError::UnexpectedEof);
        };
        self.pos += 1;
        match self.peek() {
            Some(TokenKind::Word(_)) => {
                let target = self.take_word();
                Ok(Redirect { fd, op, target })
            }
            Some(kind) => Err(unexpected(kind)),
            None => Err(ShellError::UnexpectedToken("newline".to_string())),
        }
    }
}

/// `NAME=value` → an assignment, if the word starts with a valid name and an unquoted `=`.
fn split_assign(w: &Word) -> Option<Assign> {
    let Some(WordPart::Literal(first)) = w.parts.first() else { return None };
    let eq = first.find('=')?;
    let name = first.get(..eq)?;
    if !is_name(name) {
        return None;
    }
    let mut parts = Vec::new();
    let after = first.get(eq + 1..).unwrap_or("");
    if !after.is_empty() {
        parts.push(WordPart::Literal(after.to_string()));
    }
    parts.extend(w.parts.iter().skip(1).cloned());
    Some(Assign { name: name.to_string(), value: Word { parts } })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_err(src: &str, expected: &str) {
        match parse(src) {
            Ok(s) => panic!("{src:?} parsed: {s:?}"),
            Err(e) => assert_eq!(e.to_string(), expected, "parsing {src:?}"),
        }
    }

    fn shape(src: &str) -> String {
        let s = parse(src).unwrap_or_else(|e| panic!("{src:?}: {e}"));
        s.items
            .iter()
            .map(|ao| {
                let mut out = pipe_shape(&ao.first);
                for (c, p) in &ao.rest {
                    out.push_str(if *c == Connector::And { " && " } else { " || " });
                    out.push_str(&pipe_shape(p));
                }
                out
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn pipe_shape(p: &Pipeline) -> String {
        let cmds: Vec<String> = p
            .commands
            .iter()
            .map(|c| match c {
                Command::Simple(s) => {
                    let mut parts: Vec<String> = s.assigns.iter().map(|a| format!("{}=", a.name)).collect();
                    parts.extend(s.words.iter().map(word_text));
                    parts.extend(s.redirects.iter().map(|r| format!("<{}>", redir_text(r.op))));
                    parts.join(" ")
                }
                Command::Subshell(s, _) => format!("({})", s.items.len()),
                Command::Compound(..) => "{compound}".to_string(),
            })
            .collect();
        format!("{}{}", if p.negated { "! " } else { "" }, cmds.join(" | "))
    }

    #[test]
    fn lists_and_pipes() {
        assert_eq!(shape("a | b && c || d; e"), "a | b && c || d; e");
        assert_eq!(shape("a;"), "a");
        assert_eq!(shape("\n a \n\n b \n"), "a; b");
        assert_eq!(shape("! a | b"), "! a | b");
        assert_eq!(shape("(a; b) | c"), "(2) | c");
        assert_eq!(shape("A=1 B=2 env x=3 2>&1"), "A= B= env x=3 <>&>");
        assert_eq!(shape("a |& b"), "a <>&> | b");
    }

    #[test]
    fn bash_syntax_errors() {
        check_err("| x", "bash: syntax error near unexpected token `|'");
        check_err("a ||| b", "bash: syntax error near unexpected token `|'");
        check_err("; x", "bash: syntax error near unexpected token `;'");
        check_err("a;;", "bash: syntax error near unexpected token `;;'");
        check_err("a; ;", "bash: syntax error near unexpected token `;'");
        check_err("echo )", "bash: syntax error near unexpected token `)'");
        check_err("echo a (b)", "bash: syntax error near unexpected token `('");
        check_err("( )", "bash: syntax error near unexpected token `)'");
        check_err("a >", "bash: syntax error near unexpected token `newline'");
        check_err("a > >b", "bash: syntax error near unexpected token `>'");
        check_err("a > | b", "bash: syntax error near unexpected token `|'");
        check_err("&& a", "bash: syntax error near unexpected token `&&'");
        check_err("then", "bash: syntax error near unexpected token `then'");
        check_err("echo a; fi", "bash: syntax error near unexpected token `fi'");
        check_err("(a) b", "bash: syntax error near unexpected token `b'");
    }

    #[test]
    fn incomplete_lines() {
        check_err("a &&", "bash: syntax error: unexpected end of file");
        check_err("a |", "bash: syntax error: unexpected end of file");
        check_err("(a", "bash: syntax error: unexpected end of file");
        assert!(parse("a ||").is_err_and(|e| e.is_incomplete()));
    }

    #[test]
    fn unsupported_syntax() {
        check_err("case $x in a) echo;; esac", "bash: case: 이 연습용 터미널에서는 지원하지 않는 문법입니다");
        check_err("f() { :; }", "bash: function: 이 연습용 터미널에서는 지원하지 않는 문법입니다");
        let bg = parse("sleep 1 & echo a").map(|s| s.items.iter().map(|i| i.background).collect::<Vec<_>>());
        assert_eq!(bg, Ok(vec![true, false]));
        assert!(parse("echo if for").is_ok());
    }

    #[test]
    fn loops_conditions_and_groups() {
        let one = |src: &str| match parse(src) {
            Ok(s) => match s.items.as_slice() {
                [AndOr { first: Pipeline { commands, .. }, rest, .. }] if rest.is_empty() => commands.first().cloned(),
                _ => None,
            },
            Err(e) => panic!("{src}: {e}"),
        };
        assert!(
            matches!(one("for i in 1 2; do echo $i; done"), Some(Command::Compound(c, r)) if matches!(*c, Compound::For { ref words, .. } if words.as_ref().map(Vec::len) == Some(2)) && r.is_empty())
        );
        assert!(
            matches!(one("for i\ndo echo; done"), Some(Command::Compound(c, _)) if matches!(*c, Compound::For { words: None, .. }))
        );
        assert!(
            matches!(one("while true; do :; done > /dev/null"), Some(Command::Compound(c, r)) if matches!(*c, Compound::Loop { until: false, .. }) && r.len() == 1)
        );
        assert!(
            matches!(one("until false\ndo\n:\ndone"), Some(Command::Compound(c, _)) if matches!(*c, Compound::Loop { until: true, .. }))
        );
        assert!(
            matches!(one("if a; then b; elif c; then d; else e; fi"), Some(Command::Compound(c, _)) if matches!(*c, Compound::If { ref arms, otherwise: Some(_) } if arms.len() == 2))
        );
        assert!(
            matches!(one("{ echo a; echo b; }"), Some(Command::Compound(c, _)) if matches!(*c, Compound::Group(ref s) if s.items.len() == 2))
        );
        // Reserved words are only reserved where a command starts.
        assert!(matches!(one("echo for do done fi"), Some(Command::Simple(_))));
        check_err("for i in 1; do done", "bash: syntax error near unexpected token `done'");
        check_err("if true; then fi", "bash: syntax error near unexpected token `fi'");
        check_err("while true; do echo; done done", "bash: syntax error near unexpected token `done'");
        check_err("for 1 in a; do :; done", "bash: syntax error near unexpected token `1'");
        check_err("done", "bash: syntax error near unexpected token `done'");
        check_err("{ echo a; } b", "bash: syntax error near unexpected token `b'");
        for unfinished in
            ["for i in 1 2; do", "while true; do echo", "if true; then echo", "if true; then echo; else", "{ echo"]
        {
            assert!(parse(unfinished).is_err_and(|e| e.is_incomplete()), "{unfinished} asks for more");
        }
        assert!(matches!(parse(&"{ ".repeat(200)), Err(ShellError::TooDeep)), "nesting is bounded");
    }

    #[test]
    fn deep_subshells_are_refused() {
        let line = format!("{}a{}", "(".repeat(50), ")".repeat(50));
        check_err(&line, "bash: maximum nesting level exceeded");
    }
}
