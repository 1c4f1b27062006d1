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
        for w in words {
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
                        return Err(ShellError::ParamUnset(format!("${}", p.name), "cannot assign in this way".into()).into());
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
            std::iter::once(&ao.first).chain(ao.rest.iter().map(|(_, p)| p)).any(|p| p.commands.iter().any(|c| self.may_change_state(c)))
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
        for (s, t) in cap.chunks {
            match s {
                Stream::Stdout => text.push_str(&t),
                Stream::Stderr => io.err(&t),
            }
        }
        while text.ends_with('\n') {
            text.pop();
        }
        Ok(text)
    }
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
}
