//! Variable expansion in Dockerfile instructions, as BuildKit's `frontend/dockerfile/shell`
//! lexer does it: `$NAME`, `${NAME}`, `${NAME:-word}` and the `-`, `+`, `?` forms (with and
//! without `:`), single quotes protect, double quotes expand, the escape character (`\` or
//! `` ` ``) escapes. [`expand`] gives one word (ENV values, WORKDIR, COPY paths), [`words`]
//! splits into several (EXPOSE), and [`expand_raw`] keeps quotes and leaves unknown variables
//! as written, for the step names the progress shows (`RUN echo 1 > out.txt`).
//!
//! Errors carry BuildKit's text (`failed to process "${A": syntax error: missing '}'`).
//! Nothing here panics; the input is bounded by the Dockerfile's size.

use crate::map::Map;

/// The variables a word sees: build args in scope and the stage's ENV.
pub type Env = Map<String, String>;

/// How to treat quotes and unknown variables.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Mode {
    /// Keep quote characters in the result (progress names).
    raw_quotes: bool,
    /// Leave `$UNSET` as written instead of expanding it to nothing.
    skip_unset: bool,
}

/// Expands `word` into one string (quotes removed, unset variables empty).
pub fn expand(word: &str, env: &Env, escape: char) -> Result<String, String> {
    let mut lx = Lexer::new(word, env, escape, Mode { raw_quotes: false, skip_unset: false });
    lx.run(None).map(|(s, _)| s).map_err(|e| format!("failed to process \"{word}\": {e}"))
}

/// Expands `word` and splits the result at unquoted blanks (EXPOSE `80 443`).
pub fn words(word: &str, env: &Env, escape: char) -> Result<Vec<String>, String> {
    let mut lx = Lexer::new(word, env, escape, Mode { raw_quotes: false, skip_unset: false });
    lx.run(None).map(|(_, w)| w).map_err(|e| format!("failed to process \"{word}\": {e}"))
}

/// Expands what is known and keeps everything else as written: the text BuildKit shows as a
/// step's name. On a lexing error the text comes back unchanged.
pub fn expand_raw(text: &str, env: &Env, escape: char) -> String {
    let mut lx = Lexer::new(text, env, escape, Mode { raw_quotes: true, skip_unset: true });
    lx.raw_escapes = true;
    lx.run(None).map(|(s, _)| s).unwrap_or_else(|_| text.to_string())
}

struct Lexer<'a> {
    chars: Vec<char>,
    pos: usize,
    env: &'a Env,
    escape: char,
    mode: Mode,
    /// Keep escape characters in the result (raw mode keeps the text as typed).
    raw_escapes: bool,
}

/// Collects the words of a result: blanks outside quotes and expansions end a word.
#[derive(Default)]
struct Words {
    buf: String,
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, c: char) {
        if c.is_whitespace() {
            if self.in_word && !self.buf.is_empty() {
                self.words.push(std::mem::take(&mut self.buf));
                self.in_word = false;
            }
        } else {
            self.add_raw_char(c);
        }
    }

    fn add_raw_char(&mut self, c: char) {
        self.buf.push(c);
        self.in_word = true;
    }

    fn add_str(&mut self, s: &str) {
        for c in s.chars() {
            self.add_char(c);
        }
    }

    fn add_raw_str(&mut self, s: &str) {
        self.buf.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.buf.is_empty() {
            self.words.push(self.buf);
        }
        self.words
    }
}

impl<'a> Lexer<'a> {
    fn new(text: &str, env: &'a Env, escape: char, mode: Mode) -> Self {
        Lexer { chars: text.chars().collect(), pos: 0, env, escape, mode, raw_escapes: false }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    /// Reads to `stop` (consumed) or the end; returns the text and its words.
    fn run(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), String> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(c) = self.peek() {
            if Some(c) == stop {
                self.pos += 1;
                return Ok((result, words.finish()));
            }
            match c {
                '$' => {
                    let v = self.dollar()?;
                    result.push_str(&v);
                    words.add_str(&v);
                }
                '\'' => {
                    let v = self.single_quoted()?;
                    result.push_str(&v);
                    words.add_raw_str(&v);
                }
                '"' => {
                    let v = self.double_quoted()?;
                    result.push_str(&v);
                    words.add_raw_str(&v);
                }
                _ => {
                    self.pos += 1;
                    if c == self.escape {
                        if self.raw_escapes {
                            words.add_raw_char(c);
                            result.push(c);
                        }
                        let Some(e) = self.next() else { break };
                        words.add_raw_char(e);
                        result.push(e);
                    } else {
                        words.add_char(c);
                        result.push(c);
                    }
                }
            }
        }
        if let Some(s) = stop {
            return Err(format!("unexpected end of statement while looking for matching {s}"));
        }
        Ok((result, words.finish()))
    }

    fn single_quoted(&mut self) -> Result<String, String> {
        let mut out = String::new();
        self.pos += 1;
        if self.mode.raw_quotes {
            out.push('\'');
        }
        loop {
            match self.next() {
                None => return Err("unexpected end of statement while looking for matching single-quote".into()),
                Some('\'') => {
                    if self.mode.raw_quotes {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn double_quoted(&mut self) -> Result<String, String> {
        let mut out = String::new();
        self.pos += 1;
        if self.mode.raw_quotes {
            out.push('"');
        }
        loop {
            match self.peek() {
                None => return Err("unexpected end of statement while looking for matching double-quote".into()),
                Some('"') => {
                    self.pos += 1;
                    if self.mode.raw_quotes {
                        out.push('"');
                    }
                    return Ok(out);
                }
                Some('$') => {
                    let v = self.dollar()?;
                    out.push_str(&v);
                }
                Some(c) => {
                    self.pos += 1;
                    let mut c = c;
                    if c == self.escape {
                        if self.raw_escapes {
                            out.push(c);
                        }
                        match self.peek() {
                            None => continue,
                            Some(n) if n == '"' || n == '$' || n == self.escape => {
                                self.pos += 1;
                                c = n;
                            }
                            _ => {}
                        }
                    }
                    out.push(c);
                }
            }
        }
    }

    fn name(&mut self) -> String {
        let mut name = String::new();
        while let Some(c) = self.peek() {
            if name.is_empty() && c.is_ascii_digit() {
                while let Some(d) = self.peek().filter(char::is_ascii_digit) {
                    self.pos += 1;
                    name.push(d);
                }
                return name;
            }
            if name.is_empty() && matches!(c, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                self.pos += 1;
                return c.to_string();
            }
            if !c.is_alphanumeric() && c != '_' {
                break;
            }
            self.pos += 1;
            name.push(c);
        }
        name
    }

    fn lookup(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }

    /// At a `$`: the expansion.
    fn dollar(&mut self) -> Result<String, String> {
        self.pos += 1;
        if self.peek() != Some('{') {
            let name = self.name();
            if name.is_empty() {
                return Ok("$".into());
            }
            return Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.mode.skip_unset => format!("${name}"),
                None => String::new(),
            });
        }
        self.pos += 1;
        match self.peek() {
            None => return Err("syntax error: missing '}'".into()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".into()),
            _ => {}
        }
        let name = self.name();
        let Some(mut op) = self.next() else { return Err("syntax error: missing '}'".into()) };
        let mut ops = op.to_string();
        if op == '}' {
            return Ok(match self.lookup(&name) {
                Some(v) => v,
                None if self.mode.skip_unset => format!("${{{name}}}"),
                None => String::new(),
            });
        }
        let colon = op == ':';
        if colon {
            op = self.next().unwrap_or('}');
            ops.push(op);
        }
        if !matches!(op, '-' | '+' | '?') {
            return Err(format!("unsupported modifier ({ops}) in substitution"));
        }
        let word = match self.run(Some('}')) {
            Ok((w, _)) => w,
            Err(_) if self.peek().is_none() => return Err("syntax error: missing '}'".into()),
            Err(e) => return Err(e),
        };
        let value = self.lookup(&name);
        if value.is_none() && self.mode.skip_unset {
            return Ok(format!("${{{name}{ops}{word}}}"));
        }
        let empty = value.as_deref().is_none_or(|v| colon && v.is_empty());
        match op {
            '-' => Ok(if empty { word } else { value.unwrap_or_default() }),
            '+' => Ok(if empty { String::new() } else { word }),
            _ => {
                if value.is_none() || empty {
                    let why = if value.is_none() { "is not allowed to be unset" } else { "is not allowed to be empty" };
                    let message = if word.is_empty() { why.to_string() } else { word };
                    return Err(format!("{name}: {message}"));
                }
                Ok(value.unwrap_or_default())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Env {
        [("V", "1"), ("NAME", "web app"), ("EMPTY", "")].into_iter().map(|(k, v)| (k.into(), v.into())).collect()
    }

    #[test]
    fn expands_like_buildkit() {
        let e = env();
        assert_eq!(expand("$V-${V}", &e, '\\').unwrap(), "1-1");
        assert_eq!(expand("\"$NAME\" '$V'", &e, '\\').unwrap(), "web app $V");
        assert_eq!(expand("${NOPE:-dflt} ${EMPTY:-e} ${EMPTY-e} ${V:+set}", &e, '\\').unwrap(), "dflt e  set");
        assert_eq!(expand("a\\ b \\$V", &e, '\\').unwrap(), "a b $V");
        assert_eq!(words("80 $V  \"a b\"", &e, '\\').unwrap(), vec!["80", "1", "a b"]);
        assert_eq!(words("$NAME", &e, '\\').unwrap(), vec!["web", "app"]);
        assert_eq!(expand("${A", &e, '\\').unwrap_err(), "failed to process \"${A\": syntax error: missing '}'");
        assert_eq!(
            expand("${NOPE?}", &e, '\\').unwrap_err(),
            "failed to process \"${NOPE?}\": NOPE: is not allowed to be unset"
        );
        assert_eq!(
            expand("'open", &e, '\\').unwrap_err(),
            "failed to process \"'open\": unexpected end of statement while looking for matching single-quote"
        );
    }

    #[test]
    fn raw_keeps_what_it_cannot_expand() {
        let e = env();
        assert_eq!(expand_raw("RUN echo $V > out.txt", &e, '\\'), "RUN echo 1 > out.txt");
        assert_eq!(expand_raw("RUN echo \"$HOME\" '$V' && \\", &e, '\\'), "RUN echo \"$HOME\" '$V' && \\");
        assert_eq!(expand_raw("RUN echo ${X:-y} ${V}", &e, '\\'), "RUN echo ${X:-y} 1");
    }
}
