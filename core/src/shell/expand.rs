//! Word expansion, in bash's order: tilde, parameters, `$(...)`, arithmetic; then splitting of
//! unquoted results on blanks, then globbing, then quote removal.
//!
//! So `docker rm $(docker ps -aq)` gets one argument per ID, `"$(...)"` stays one word, and an
//! unquoted empty result gives no word at all. Expansion runs substitutions through the executor
//! but never prints anything itself except their stderr.

use super::arith;
use super::ast::{Param, ParamOp, Script, Word, WordPart};
use super::error::ShellError;
use super::exec::{Exec, Io, Stop};
use super::fs;
use super::glob;
use crate::output::Stream;

/// Longest single word an expansion may build.
const WORD_LIMIT: usize = 1 << 20;

/// One resulting word: its text, and the same text as a glob pattern in which quoted
/// characters are escaped, so `"*"` never globs but `*` does.
#[derive(Debug, Default)]
struct Field {
    text: String,
    pattern: String,
    glob: bool,
}

/// Collects fields while a word's parts are expanded.
struct Builder {
    fields: Vec<Field>,
    cur: Field,
    /// The current field exists even if empty (`""` makes an empty argument).
    started: bool,
    /// Whether unquoted expansion results are split into several words.
    split: bool,
}

fn is_ifs(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n')
}

impl Builder {
    fn new(split: bool) -> Self {
        Builder { fields: Vec::new(), cur: Field::default(), started: false, split }
    }

    fn check(&self) -> Result<(), ShellError> {
        if self.cur.text.len() > WORD_LIMIT {
            Err(ShellError::TooBig)
        } else {
            Ok(())
        }
    }

    /// Text that came from quotes: taken literally.
    fn quoted(&mut self, s: &str) -> Result<(), ShellError> {
        self.cur.text.push_str(s);
        for c in s.chars() {
            if matches!(c, '*' | '?' | '[' | '\\') {
                self.cur.pattern.push('\\');
            }
            self.cur.pattern.push(c);
        }
        self.started = true;
        self.check()
    }

    /// Unquoted text typed on the line: may glob.
    fn literal(&mut self, s: &str) -> Result<(), ShellError> {
        if s.is_empty() {
            return Ok(());
        }
        self.cur.text.push_str(s);
        self.cur.pattern.push_str(s);
        self.cur.glob |= s.contains(['*', '?', '[']);
        self.started = true;
        self.check()
    }

    /// The result of an unquoted expansion: split on blanks and newlines, then may glob.
    fn expanded(&mut self, s: &str, quoted: bool) -> Result<(), ShellError> {
        if quoted || !self.split {
            return self.quoted(s);
        }
        for c in s.chars() {
            if is_ifs(c) {
                if self.started {
                    self.fields.push(std::mem::take(&mut self.cur));
                    self.started = false;
                }
            } else {
                if c == '\\' {
                    self.cur.pattern.push('\\');
                }
                self.cur.text.push(c);
                self.cur.pattern.push(c);
                self.cur.glob |= matches!(c, '*' | '?' | '[');
                self.started = true;
            }
        }
        self.check()
    }

    fn finish(mut self) -> Vec<Field> {
        if self.started {
            self.fields.push(self.cur);
        }
        self.fields
    }
}

impl Exec<'_> {
    /// Expands command words into arguments: splitting and globbing included.
    pub(crate) fn expand_words(&mut self, words: &[Word], io: &mut Io) -> Result<Vec<String>, Stop> {
        let mut out = Vec::new();
        let mut total = 0usize;
        let mut braced = Vec::new();
        for w in words {
            braced.extend(brace_expand(w)?);
        }
        for w in &braced {
            let mut b = Builder::new(true);
            for p in &w.parts {
                self.expand_part(p, false, &mut b, io)?;
            }
            for f in b.finish() {
                if f.glob {
                    let matches = glob::expand(&self.sh.fs, &self.sh.cwd, &f.pattern);
                    if matches.is_empty() {
                        total += f.text.len();
                        out.push(f.text);
                    } else {
                        total += matches.iter().map(String::len).sum::<usize>();
                        out.extend(matches);
                    }
                } else {
                    total += f.text.len();
                    out.push(f.text);
                }
                if total > WORD_LIMIT * 4 {
                    return Err(ShellError::TooBig.into());
                }
            }
        }
        Ok(out)
    }

    /// Expands a word into exactly one string, without splitting or globbing (assignment values,
    /// here-strings, the operand of `${x:-word}`).
    pub(crate) fn expand_one(&mut self, w: &Word, io: &mut Io) -> Result<String, Stop> {
        let mut b = Builder::new(false);
        for p in &w.parts {
            self.expand_part(p, false, &mut b, io)?;
        }
        Ok(b.cur.text)
    }

    /// Expands a word into a glob pattern (for `${x#pattern}`): quoted parts match literally.
    fn expand_pattern(&mut self, w: &Word, io: &mut Io) -> Result<String, Stop> {
        let mut b = Builder::new(false);
        for p in &w.parts {
            self.expand_part(p, false, &mut b, io)?;
        }
        Ok(b.cur.pattern)
    }

    fn expand_part(&mut self, part: &WordPart, quoted: bool, b: &mut Builder, io: &mut Io) -> Result<(), Stop> {
        match part {
            WordPart::Literal(s) if quoted => b.quoted(s)?,
            WordPart::Literal(s) => b.literal(s)?,
            WordPart::Quoted(s) => b.quoted(s)?,
            WordPart::DoubleQuoted(parts) => {
                // `"$@"` with no positional parameters is no word at all, not an empty one.
                if let [WordPart::Param(Param { name, op: ParamOp::Plain })] = parts.as_slice() {
                    if name == "@" {
                        return Ok(());
                    }
                }
                b.started = true;
                for p in parts {
                    self.expand_part(p, true, b, io)?;
                }
            }
            WordPart::Tilde(user) => {
                let dir = match user.as_str() {
                    "" => self.sh.var("HOME").unwrap_or("").to_string(),
                    "root" => "/root".to_string(),
                    fs::USER => fs::HOME.to_string(),
                    other => format!("~{other}"),
                };
                b.quoted(&dir)?;
            }
            WordPart::Param(p) => {
                let v = self.param(p, io)?;
                b.expanded(&v, quoted)?;
            }
            WordPart::CommandSubst(script) => {
                let v = self.command_subst(script, io)?;
                b.expanded(&v, quoted)?;
            }
            WordPart::Arith(w) => {
                let expr = self.expand_one(w, io)?;
                let sh = &*self.sh;
                let v = arith::eval(&expr, &|name| sh.var(name).map(str::to_string))?;
                b.expanded(&v.to_string(), quoted)?;
            }
            WordPart::BadSubst(raw) => return Err(ShellError::BadSubstitution(raw.clone()).into()),
        }
        Ok(())
    }

    /// The value of a parameter before any operator: `None` when unset.
    fn param_value(&mut self, name: &str) -> Option<String> {
        match name {
            "?" => Some(self.sh.last_status.to_string()),
            "$" => Some(SHELL_PID.to_string()),
            "#" => Some("0".to_string()),
            "0" => Some("-bash".to_string()),
            "-" => Some("himBHs".to_string()),
            "@" | "*" | "!" => None,
            "RANDOM" => {
                // xorshift64: deterministic, and saved with the shell.
                let mut x = self.sh.random;
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                self.sh.random = x;
                Some((x % 32768).to_string())
            }
            n if n.bytes().all(|b| b.is_ascii_digit()) => None,
            n => self.sh.var(n).map(str::to_string),
        }
    }

    fn param(&mut self, p: &Param, io: &mut Io) -> Result<String, Stop> {
        let value = self.param_value(&p.name);
        let missing = |colon: bool, v: &Option<String>| match v {
            None => true,
            Some(s) => colon && s.is_empty(),
        };
        Ok(match &p.op {
            ParamOp::Plain => value.unwrap_or_default(),
            ParamOp::Length => value.map(|v| v.chars().count()).unwrap_or(0).to_string(),
            ParamOp::Default(colon, w) => {
                if missing(*colon, &value) {
                    self.expand_one(w, io)?
                } else {
                    value.unwrap_or_default()
                }
            }
            ParamOp::Assign(colon, w) => {
                if missing(*colon, &value) {
                    let v = self.expand_one(w, io)?;
                    if !super::lexer::is_name(&p.name) {
                        return Err(
                            ShellError::ParamUnset(format!("${}", p.name), "cannot assign in this way".into()).into()
                        );
                    }
                    self.sh.assign(&p.name, v.clone())?;
                    v
                } else {
                    value.unwrap_or_default()
                }
            }
            ParamOp::Alt(colon, w) => {
                if missing(*colon, &value) {
                    String::new()
                } else {
                    self.expand_one(w, io)?
                }
            }
            ParamOp::Error(colon, w) => {
                if missing(*colon, &value) {
                    let msg = self.expand_one(w, io)?;
                    let msg = if !msg.is_empty() {
                        msg
                    } else if *colon {
                        "parameter null or not set".to_string()
                    } else {
                        "parameter not set".to_string()
                    };
                    return Err(ShellError::ParamUnset(p.name.clone(), msg).into());
                }
                value.unwrap_or_default()
            }
            ParamOp::TrimPrefix(longest, w) => {
                let v = value.unwrap_or_default();
                let pat = self.expand_pattern(w, io)?;
                trim_prefix(&v, &pat, *longest)
            }
            ParamOp::TrimSuffix(longest, w) => {
                let v = value.unwrap_or_default();
                let pat = self.expand_pattern(w, io)?;
                trim_suffix(&v, &pat, *longest)
            }
        })
    }

    /// `$(...)`: runs the script in a subshell with stdout captured; its stderr goes on to the
    /// terminal; trailing newlines are dropped.
    fn command_subst(&mut self, script: &Script, io: &mut Io) -> Result<String, Stop> {
        let isolate = script.items.iter().any(|ao| {
            std::iter::once(&ao.first)
                .chain(ao.rest.iter().map(|(_, p)| p))
                .any(|p| p.commands.iter().any(|c| self.may_change_state(c)))
        });
        let saved = if isolate { Some(self.sh.save_proc()) } else { None };
        let mut cap = Io::default();
        let mut stdin = String::new();
        let r = self.nested(|ex| ex.run_script(script, &mut stdin, &mut cap, false));
        if let Some(saved) = saved {
            self.sh.restore_proc(saved);
        }
        let status = match r {
            Ok(s) | Err(Stop::Exit(s)) => s,
            Err(e) => return Err(e),
        };
        if cap.over {
            return Err(ShellError::TooBig.into());
        }
        // `echo $(exit 5) $?` prints 5: the status is visible to the rest of the expansion.
        self.sh.last_status = status;
        self.subst_status = Some(status);
        let mut text = String::new();
        for c in cap.chunks {
            match c.stream {
                Stream::Stdout => text.push_str(&c.text),
                Stream::Stderr => io.push_at(Stream::Stderr, &c.text, c.at),
            }
        }
        while text.ends_with('\n') {
            text.pop();
        }
        Ok(text)
    }
}

/// The most words one brace expansion may produce (`{1..100000000}` is refused, not attempted).
const BRACE_LIMIT: usize = 10_000;

/// A word as brace expansion sees it: unquoted literal characters are active, everything else
/// (quotes, `$x`, `$(...)`) is opaque.
#[derive(Clone, Debug)]
enum Atom {
    Char(char),
    Part(WordPart),
}

/// Brace expansion: `a{b,c}d` → `abd acd`, `{1..3}` → `1 2 3`, `{a..c}`, `{01..10..3}`.
/// Words without an unquoted `{` come back unchanged.
fn brace_expand(w: &Word) -> Result<Vec<Word>, ShellError> {
    let has_brace = w.parts.iter().any(|p| matches!(p, WordPart::Literal(s) if s.contains('{')));
    if !has_brace {
        return Ok(vec![w.clone()]);
    }
    let mut atoms = Vec::new();
    for p in &w.parts {
        match p {
            WordPart::Literal(s) => atoms.extend(s.chars().map(Atom::Char)),
            other => atoms.push(Atom::Part(other.clone())),
        }
    }
    let mut out = Vec::new();
    expand_atoms(atoms, &mut out)?;
    Ok(out.into_iter().map(atoms_to_word).collect())
}

fn expand_atoms(atoms: Vec<Atom>, out: &mut Vec<Vec<Atom>>) -> Result<(), ShellError> {
    let is = |a: Option<&Atom>, c: char| matches!(a, Some(Atom::Char(x)) if *x == c);
    for open in 0..atoms.len() {
        if !is(atoms.get(open), '{') {
            continue;
        }
        // Find the matching `}` and the top-level commas.
        let mut depth = 0usize;
        let mut commas = Vec::new();
        let mut close = None;
        for (i, a) in atoms.iter().enumerate().skip(open + 1) {
            match a {
                Atom::Char('{') => depth += 1,
                Atom::Char('}') if depth == 0 => {
                    close = Some(i);
                    break;
                }
                Atom::Char('}') => depth -= 1,
                Atom::Char(',') if depth == 0 => commas.push(i),
                _ => {}
            }
        }
        let Some(close) = close else { continue };
        let prefix = atoms.get(..open).unwrap_or(&[]);
        let suffix = atoms.get(close + 1..).unwrap_or(&[]);
        let inner = atoms.get(open + 1..close).unwrap_or(&[]);
        let alternatives: Vec<Vec<Atom>> = if commas.is_empty() {
            match sequence(inner) {
                Some(items) => items.into_iter().map(|s| s.chars().map(Atom::Char).collect()).collect(),
                None => continue,
            }
        } else {
            let mut alts = Vec::new();
            let mut start = open + 1;
            for &c in commas.iter().chain(std::iter::once(&close)) {
                alts.push(atoms.get(start..c).unwrap_or(&[]).to_vec());
                start = c + 1;
            }
            alts
        };
        if alternatives.len() > BRACE_LIMIT {
            return Err(ShellError::TooBig);
        }
        for alt in alternatives {
            let mut v = prefix.to_vec();
            v.extend(alt);
            v.extend_from_slice(suffix);
            expand_atoms(v, out)?;
            if out.len() > BRACE_LIMIT {
                return Err(ShellError::TooBig);
            }
        }
        return Ok(());
    }
    out.push(atoms);
    Ok(())
}

/// The items of a `{x..y[..step]}` sequence, or `None` if the text is not one.
fn sequence(inner: &[Atom]) -> Option<Vec<String>> {
    let text: String =
        inner.iter().map(|a| if let Atom::Char(c) = a { Some(*c) } else { None }).collect::<Option<String>>()?;
    let parts: Vec<&str> = text.split("..").collect();
    let (a, b, step) = match parts.as_slice() {
        [a, b] => (*a, *b, None),
        [a, b, s] => (*a, *b, Some(s.parse::<i64>().ok()?)),
        _ => return None,
    };
    let step = step.map(|s| s.unsigned_abs().max(1)).unwrap_or(1);
    if let (Ok(x), Ok(y)) = (a.parse::<i64>(), b.parse::<i64>()) {
        let width = if (a.starts_with('0') && a.len() > 1) || (b.starts_with('0') && b.len() > 1) {
            a.len().max(b.len())
        } else {
            0
        };
        let count = x.abs_diff(y) / step + 1;
        if count > BRACE_LIMIT as u64 {
            return Some(vec![String::new(); BRACE_LIMIT + 1]);
        }
        let mut v = Vec::new();
        let mut n = x;
        for _ in 0..count {
            v.push(format!("{n:0width$}"));
            n = if x <= y { n.saturating_add(step as i64) } else { n.saturating_sub(step as i64) };
        }
        return Some(v);
    }
    let (mut ca, mut cb) = (a.chars(), b.chars());
    match (ca.next(), ca.next(), cb.next(), cb.next()) {
        (Some(x), None, Some(y), None) if x.is_ascii_alphabetic() && y.is_ascii_alphabetic() => {
            let (lo, hi) = (x as u32, y as u32);
            let mut v = Vec::new();
            let mut n = lo;
            loop {
                v.push(char::from_u32(n).map(String::from).unwrap_or_default());
                if n == hi {
                    break;
                }
                let next = if lo <= hi { n + step as u32 } else { n.saturating_sub(step as u32) };
                if (lo <= hi && next > hi) || (lo > hi && (next < hi || next == n)) {
                    break;
                }
                n = next;
            }
            Some(v)
        }
        _ => None,
    }
}

fn atoms_to_word(atoms: Vec<Atom>) -> Word {
    let mut parts = Vec::new();
    let mut lit = String::new();
    for a in atoms {
        match a {
            Atom::Char(c) => lit.push(c),
            Atom::Part(p) => {
                if !lit.is_empty() {
                    parts.push(WordPart::Literal(std::mem::take(&mut lit)));
                }
                parts.push(p);
            }
        }
    }
    if !lit.is_empty() {
        parts.push(WordPart::Literal(lit));
    }
    Word { parts }
}

/// The process ID `$$` shows: fixed, since there is only one shell.
const SHELL_PID: u32 = 1234;

fn char_boundaries(s: &str) -> impl DoubleEndedIterator<Item = usize> + '_ {
    s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len()))
}

fn trim_prefix(v: &str, pat: &str, longest: bool) -> String {
    let cut = |i: usize| glob::matches(pat, v.get(..i).unwrap_or(""));
    let found = if longest { char_boundaries(v).rev().find(|&i| cut(i)) } else { char_boundaries(v).find(|&i| cut(i)) };
    match found {
        Some(i) => v.get(i..).unwrap_or("").to_string(),
        None => v.to_string(),
    }
}

fn trim_suffix(v: &str, pat: &str, longest: bool) -> String {
    let cut = |i: usize| glob::matches(pat, v.get(i..).unwrap_or(""));
    let found = if longest { char_boundaries(v).find(|&i| cut(i)) } else { char_boundaries(v).rev().find(|&i| cut(i)) };
    match found {
        Some(i) => v.get(..i).unwrap_or("").to_string(),
        None => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims() {
        assert_eq!(trim_prefix("/tmp/shx/home", "/tmp", false), "/shx/home");
        assert_eq!(trim_prefix("a.b.c", "*.", false), "b.c");
        assert_eq!(trim_prefix("a.b.c", "*.", true), "c");
        assert_eq!(trim_suffix("a.b.c", ".*", false), "a.b");
        assert_eq!(trim_suffix("a.b.c", ".*", true), "a");
        assert_eq!(trim_suffix("abc", "x", true), "abc");
    }

    fn braces(w: &str) -> String {
        let word = Word { parts: vec![WordPart::Literal(w.to_string())] };
        match brace_expand(&word) {
            Ok(ws) => ws.iter().map(super::super::parser::word_text).collect::<Vec<_>>().join(" "),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn brace_expansion() {
        assert_eq!(braces("a{b,c}d"), "abd acd");
        assert_eq!(braces("{a,b}{1,2}"), "a1 a2 b1 b2");
        assert_eq!(braces("x{a,{b,c}}"), "xa xb xc");
        assert_eq!(braces("{1..4}"), "1 2 3 4");
        assert_eq!(braces("{3..1}"), "3 2 1");
        assert_eq!(braces("{01..10..4}"), "01 05 09");
        assert_eq!(braces("{a..e..2}"), "a c e");
        assert_eq!(braces("{}"), "{}");
        assert_eq!(braces("{a}"), "{a}");
        assert_eq!(braces("{a,b"), "{a,b");
        assert_eq!(braces("{1..100000}"), "bash: xmalloc: cannot allocate memory");
        assert_eq!(
            braces("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}"),
            "bash: xmalloc: cannot allocate memory"
        );
    }
}
