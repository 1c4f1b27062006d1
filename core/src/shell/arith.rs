//! `$((...))`: integer arithmetic with C precedence, as bash evaluates it (64-bit, wrapping).
//!
//! Supports numbers (decimal, `0x` hex, leading-0 octal), variables (unset or non-numeric is 0),
//! unary `+ - ! ~`, `**`, `* / %`, `+ -`, `<< >>`, comparisons, `& ^ |`, `&& ||` and
//! parentheses. Errors carry bash's text. Pure: variables are read through a callback.

use super::error::ShellError;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(i64),
    Var(String),
    Op(&'static str),
}

const OPS: &[&str] = &[
    "**", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", "+", "-", "*", "/", "%", "<", ">", "&", "^", "|", "!", "~",
    "(", ")", "?", ":",
];

/// Evaluates an expression; `var` looks variables up.
pub fn eval(expr: &str, var: &dyn Fn(&str) -> Option<String>) -> Result<i64, ShellError> {
    let toks = tokenize(expr)?;
    if toks.is_empty() {
        return Ok(0);
    }
    let mut p = P { toks, pos: 0, expr: expr.trim_start(), full: expr, var, depth: 0 };
    let v = p.ternary()?;
    if p.pos < p.toks.len() {
        return Err(p.syntax("syntax error in expression"));
    }
    Ok(v)
}

/// Byte offsets of each token's start, kept to quote bash's `error token is "..."`.
fn tokenize(expr: &str) -> Result<Vec<(Tok, usize)>, ShellError> {
    let mut out = Vec::new();
    let b = expr.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_digit() {
            let start = i;
            while i < b.len() && b[i].is_ascii_alphanumeric() {
                i += 1;
            }
            let text = expr.get(start..i).unwrap_or("");
            let n = parse_number(text).ok_or_else(|| {
                ShellError::Arith(format!(
                    "{expr}: value too great for base (error token is \"{}\")",
                    expr.get(start..).unwrap_or("")
                ))
            })?;
            out.push((Tok::Num(n), start));
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push((Tok::Var(expr.get(start..i).unwrap_or("").to_string()), start));
        } else if let Some(op) = OPS.iter().find(|op| expr.get(i..).is_some_and(|r| r.starts_with(**op))) {
            out.push((Tok::Op(op), i));
            i += op.len();
        } else {
            let rest = expr.get(i..).unwrap_or("");
            return Err(ShellError::Arith(format!(
                "{expr}: syntax error: invalid arithmetic operator (error token is \"{rest}\")"
            )));
        }
    }
    Ok(out)
}

fn parse_number(s: &str) -> Option<i64> {
    if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()
    } else if s.len() > 1 && s.starts_with('0') {
        i64::from_str_radix(&s[1..], 8).ok()
    } else {
        s.parse().ok()
    }
}

struct P<'a> {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    /// The expression as bash shows it in errors (leading blanks dropped).
    expr: &'a str,
    /// The original text the token offsets point into.
    full: &'a str,
    var: &'a dyn Fn(&str) -> Option<String>,
    depth: u32,
}

/// Binary operators by precedence level, lowest first.
const LEVELS: &[&[&str]] = &[
    &["||"],
    &["&&"],
    &["|"],
    &["^"],
    &["&"],
    &["==", "!="],
    &["<", ">", "<=", ">="],
    &["<<", ">>"],
    &["+", "-"],
    &["*", "/", "%"],
];

impl P<'_> {
    /// The text from the failing token on; at the end, bash quotes from the last operator.
    fn rest_text(&self) -> &str {
        let at = match self.toks.get(self.pos) {
            Some((_, at)) => Some(*at),
            None => self.pos.checked_sub(1).and_then(|i| self.toks.get(i)).map(|(_, at)| *at),
        };
        at.and_then(|a| self.full.get(a..)).unwrap_or("")
    }

    fn ternary(&mut self) -> Result<i64, ShellError> {
        let cond = self.binary(0)?;
        if self.peek_op() != Some("?") {
            return Ok(cond);
        }
        self.pos += 1;
        let a = self.ternary()?;
        if self.peek_op() != Some(":") {
            return Err(self.syntax("expected `:' for conditional expression"));
        }
        self.pos += 1;
        let b = self.ternary()?;
        Ok(if cond != 0 { a } else { b })
    }

    fn syntax(&self, what: &str) -> ShellError {
        ShellError::Arith(format!("{}: {what} (error token is \"{}\")", self.expr, self.rest_text()))
    }

    fn peek_op(&self) -> Option<&'static str> {
        match self.toks.get(self.pos) {
            Some((Tok::Op(o), _)) => Some(o),
            _ => None,
        }
    }

    fn binary(&mut self, level: usize) -> Result<i64, ShellError> {
        let Some(ops) = LEVELS.get(level) else { return self.power() };
        let mut left = self.binary(level + 1)?;
        while let Some(op) = self.peek_op().filter(|o| ops.contains(o)) {
            self.pos += 1;
            let at = self.pos;
            let right = self.binary(level + 1)?;
            left = match op {
                "||" => i64::from(left != 0 || right != 0),
                "&&" => i64::from(left != 0 && right != 0),
                "|" => left | right,
                "^" => left ^ right,
                "&" => left & right,
                "==" => i64::from(left == right),
                "!=" => i64::from(left != right),
                "<" => i64::from(left < right),
                ">" => i64::from(left > right),
                "<=" => i64::from(left <= right),
                ">=" => i64::from(left >= right),
                "<<" => left.wrapping_shl(right as u32),
                ">>" => left.wrapping_shr(right as u32),
                "+" => left.wrapping_add(right),
                "-" => left.wrapping_sub(right),
                "*" => left.wrapping_mul(right),
                "/" | "%" => {
                    if right == 0 {
                        let tok = self.toks.get(at).map(|(_, i)| self.full.get(*i..).unwrap_or("")).unwrap_or("");
                        return Err(ShellError::Arith(format!(
                            "{}: division by 0 (error token is \"{tok}\")",
                            self.expr
                        )));
                    }
                    if op == "/" {
                        left.wrapping_div(right)
                    } else {
                        left.wrapping_rem(right)
                    }
                }
                _ => left,
            };
        }
        Ok(left)
    }

    fn power(&mut self) -> Result<i64, ShellError> {
        let base = self.unary()?;
        if self.peek_op() == Some("**") {
            self.pos += 1;
            let exp = self.power()?;
            if exp < 0 {
                return Err(ShellError::Arith(format!(
                    "{}: exponent less than 0 (error token is \"{}\")",
                    self.expr,
                    self.rest_text()
                )));
            }
            return Ok(base.wrapping_pow(exp.min(u32::MAX as i64) as u32));
        }
        Ok(base)
    }

    fn unary(&mut self) -> Result<i64, ShellError> {
        self.depth += 1;
        if self.depth > super::lexer::MAX_DEPTH {
            return Err(ShellError::TooDeep);
        }
        let r = self.unary_inner();
        self.depth -= 1;
        r
    }

    fn unary_inner(&mut self) -> Result<i64, ShellError> {
        match self.toks.get(self.pos).cloned() {
            Some((Tok::Op("-"), _)) => {
                self.pos += 1;
                Ok(self.unary()?.wrapping_neg())
            }
            Some((Tok::Op("+"), _)) => {
                self.pos += 1;
                self.unary()
            }
            Some((Tok::Op("!"), _)) => {
                self.pos += 1;
                Ok(i64::from(self.unary()? == 0))
            }
            Some((Tok::Op("~"), _)) => {
                self.pos += 1;
                Ok(!self.unary()?)
            }
            Some((Tok::Op("("), _)) => {
                self.pos += 1;
                let v = self.ternary()?;
                if self.peek_op() != Some(")") {
                    return Err(self.syntax("missing `)'"));
                }
                self.pos += 1;
                Ok(v)
            }
            Some((Tok::Num(n), _)) => {
                self.pos += 1;
                Ok(n)
            }
            Some((Tok::Var(name), _)) => {
                self.pos += 1;
                let v = (self.var)(&name).unwrap_or_default();
                Ok(v.trim().parse().unwrap_or(0))
            }
            _ => Err(self.syntax("syntax error: operand expected")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(expr: &str, expected: &str) {
        let var = |n: &str| (n == "x").then(|| "5".to_string());
        let got = match eval(expr, &var) {
            Ok(v) => v.to_string(),
            Err(e) => e.to_string(),
        };
        assert_eq!(got, expected, "{expr}");
    }

    #[test]
    fn arithmetic() {
        check("2+3*4", "14");
        check("(2+3)*4", "20");
        check("x*2", "10");
        check("y+1", "1");
        check("2**10", "1024");
        check("-3 % 2", "-1");
        check("1 < 2 && 3 > 4", "0");
        check("0x10 + 010", "24");
        check("", "0");
        check("7/0", "bash: 7/0: division by 0 (error token is \"0\")");
        check(" 1 + ", "bash: 1 + : syntax error: operand expected (error token is \"+ \")");
        check("x > 3 ? 10 : 20", "10");
        check("0 ? 1 : 2 ? 3 : 4", "3");
        check("2 $ 3", "bash: 2 $ 3: syntax error: invalid arithmetic operator (error token is \"$ 3\")");
        check(&"(".repeat(500), "bash: maximum nesting level exceeded");
    }
}
