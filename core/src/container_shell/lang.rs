//! The one-liners tutorials hand a language runtime: `python -c 'print("hi")'`,
//! `node -e 'console.log(1 + 1)'`, `node -p '2**10'`, `ruby -e 'puts "hi"'`, `perl -e 'print
//! "hi\n"'`, `php -r 'echo "hi";'`. Each language's print statement with literals (strings,
//! numbers) and arithmetic on them, printed the way that language prints: Python's `2.0`,
//! Node's `2`, Ruby's integer division. Anything more (variables, loops, functions) is not
//! modelled: the runtime says so in a note instead of inventing an answer.
//!
//! Why so little: a general expression interpreter cost 15,321 gzipped bytes of the bundle
//! (about 2%) and no lesson, exercise or transcript used more than this. Nothing panics;
//! nesting, numbers and output are bounded.

/// Which runtime, and which of its print forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    /// `python -c`.
    Python,
    /// `node -e`.
    Node,
    /// `node -p`: the value of one expression.
    NodePrint,
    /// `ruby -e`.
    Ruby,
    /// `perl -e`.
    Perl,
    /// `perl -E` (`say` prints a newline).
    PerlSay,
    /// `php -r`.
    Php,
}

/// What a runtime writes, stream by stream, in order (text need not end a line).
#[derive(Default)]
pub(crate) struct Sink {
    pub chunks: Vec<(bool, String)>,
}

impl Sink {
    /// Writes raw text (Perl's `print`, PHP's `echo`).
    pub(crate) fn write(&mut self, stderr: bool, text: &str) {
        if text.is_empty() {
            return;
        }
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
}

/// A value: a number or a string.
#[derive(Clone, Debug, PartialEq)]
enum Val {
    Int(i64),
    Float(f64),
    Str(String),
}

/// Runs `code` and returns its status; what it cannot run gets a note on stderr (status 0, as
/// nothing ran that could fail).
pub(crate) fn run_code(lang: Lang, code: &str, out: &mut Sink) -> i32 {
    if lang == Lang::NodePrint {
        match expr_of(code.trim().trim_end_matches(';'), lang) {
            Some(v) => out.out(&show(&v, lang, false)),
            None => note(lang, out),
        }
        return 0;
    }
    let mut printed = Sink::default();
    for stmt in statements(code) {
        if !statement(&stmt, lang, &mut printed) {
            out.chunks.append(&mut printed.chunks);
            note(lang, out);
            return 0;
        }
    }
    out.chunks.append(&mut printed.chunks);
    0
}

/// The site's note for code this terminal does not run (Korean, the site's own voice).
fn note(lang: Lang, out: &mut Sink) {
    let what = match lang {
        Lang::Python => "print(...)",
        Lang::Node | Lang::NodePrint => "console.log(...)",
        Lang::Ruby => "puts",
        Lang::Perl | Lang::PerlSay => "print",
        Lang::Php => "echo",
    };
    out.err(&crate::voice::one_liner_limit(what));
}

/// The statements of a one-liner: split at `;` and newlines outside quotes.
fn statements(code: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for c in code.chars() {
        match quote {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == ';' || c == '\n' => {
                out.push(String::new());
                continue;
            }
            None => {}
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// One print statement; `false` if it is anything else.
fn statement(stmt: &str, lang: Lang, out: &mut Sink) -> bool {
    // (keyword, to stderr, newline after, inspect strings, joined by)
    let forms: &[(&str, bool, bool, bool, &str)] = match lang {
        Lang::Python => &[("print", false, true, false, " ")],
        Lang::Node | Lang::NodePrint => &[
            ("console.log", false, true, false, " "),
            ("console.info", false, true, false, " "),
            ("console.error", true, true, false, " "),
            ("console.warn", true, true, false, " "),
        ],
        Lang::Ruby => {
            &[("puts", false, true, false, "\n"), ("print", false, false, false, ""), ("p", false, true, true, "\n")]
        }
        Lang::Perl | Lang::PerlSay => &[("print", false, false, false, ""), ("say", false, true, false, "")],
        Lang::Php => &[("echo", false, false, false, ""), ("print", false, false, false, "")],
    };
    for &(kw, stderr, newline, inspect, sep) in forms {
        let Some(rest) = stmt.strip_prefix(kw) else { continue };
        let rest = rest.trim();
        let bare = !rest.starts_with('(') && rest.ends_with(')');
        let args = match rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
            Some(inner) if matches!(lang, Lang::Python | Lang::Node | Lang::NodePrint) || !bare => inner,
            _ if matches!(lang, Lang::Python | Lang::Node | Lang::NodePrint) => return false,
            _ => rest,
        };
        if kw == "say" && lang != Lang::PerlSay {
            return false;
        }
        let mut texts = Vec::new();
        for arg in split_args(args) {
            match expr_of(&arg, lang) {
                Some(v) => texts.push(show(&v, lang, inspect)),
                None => return false,
            }
        }
        let mut text = texts.join(sep);
        if newline {
            text.push('\n');
        }
        out.write(stderr, &text);
        return true;
    }
    false
}

/// Arguments separated by top-level commas.
fn split_args(args: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let (mut depth, mut quote, mut escaped) = (0i32, None::<char>, false);
    for c in args.chars() {
        match quote {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '\'' | '"' => quote = Some(c),
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    out.push(String::new());
                    continue;
                }
                _ => {}
            },
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
    }
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

/// A literal or an arithmetic expression of literals.
fn expr_of(src: &str, lang: Lang) -> Option<Val> {
    let chars: Vec<char> = src.chars().collect();
    let mut p = Parser { chars: &chars, pos: 0, lang, depth: 0 };
    let v = p.sum()?;
    p.skip();
    (p.pos == chars.len()).then_some(v)
}

struct Parser<'a> {
    chars: &'a [char],
    pos: usize,
    lang: Lang,
    depth: u32,
}

impl Parser<'_> {
    fn skip(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| c.is_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, s: &str) -> bool {
        self.skip();
        let n = s.chars().count();
        if self.chars.get(self.pos..self.pos + n).is_some_and(|w| w.iter().copied().eq(s.chars())) {
            self.pos += n;
            return true;
        }
        false
    }

    /// `a + b - c`, and `.` (concatenation) in Perl and PHP.
    fn sum(&mut self) -> Option<Val> {
        let mut v = self.product()?;
        loop {
            let dot = matches!(self.lang, Lang::Perl | Lang::PerlSay | Lang::Php);
            if dot && self.eat(".") {
                let r = self.product()?;
                v = Val::Str(format!("{}{}", show(&v, self.lang, false), show(&r, self.lang, false)));
            } else if self.eat("+") {
                let r = self.product()?;
                v = arith(self.lang, '+', v, r)?;
            } else if self.eat("-") {
                let r = self.product()?;
                v = arith(self.lang, '-', v, r)?;
            } else {
                return Some(v);
            }
        }
    }

    /// `a * b / c % d`, `//` in Python.
    fn product(&mut self) -> Option<Val> {
        let mut v = self.power()?;
        loop {
            let op = if self.lang == Lang::Python && self.eat("//") {
                'f'
            } else if !self.at("**") && self.eat("*") {
                '*'
            } else if self.eat("/") {
                '/'
            } else if self.eat("%") {
                '%'
            } else {
                return Some(v);
            };
            let r = self.power()?;
            v = arith(self.lang, op, v, r)?;
        }
    }

    fn at(&mut self, s: &str) -> bool {
        let save = self.pos;
        let yes = self.eat(s);
        self.pos = save;
        yes
    }

    /// `a ** b` (right-associative).
    fn power(&mut self) -> Option<Val> {
        let base = self.unary()?;
        if self.eat("**") {
            let exp = self.power()?;
            return arith(self.lang, '^', base, exp);
        }
        Some(base)
    }

    fn unary(&mut self) -> Option<Val> {
        if self.eat("-") {
            return arith(self.lang, '-', Val::Int(0), self.unary()?);
        }
        self.eat("+");
        self.atom()
    }

    fn atom(&mut self) -> Option<Val> {
        self.skip();
        self.depth += 1;
        if self.depth > 64 {
            return None;
        }
        let c = *self.chars.get(self.pos)?;
        let v = if c == '(' {
            self.pos += 1;
            let v = self.sum()?;
            self.eat(")").then_some(v)?
        } else if c == '\'' || c == '"' || c == '`' && self.lang.is_node() {
            self.string(c)?
        } else if c.is_ascii_digit() || c == '.' {
            self.number()?
        } else if self.lang == Lang::Php && self.eat("PHP_EOL") {
            Val::Str("\n".into())
        } else {
            return None;
        };
        self.depth -= 1;
        Some(v)
    }

    fn string(&mut self, q: char) -> Option<Val> {
        self.pos += 1;
        // Single quotes keep backslashes in Perl, PHP and Ruby; everywhere else they escape.
        let raw = q == '\'' && matches!(self.lang, Lang::Perl | Lang::PerlSay | Lang::Php | Lang::Ruby);
        let mut s = String::new();
        loop {
            let c = *self.chars.get(self.pos)?;
            self.pos += 1;
            if c == q {
                return Some(Val::Str(s));
            }
            if c != '\\' {
                s.push(c);
                continue;
            }
            let e = *self.chars.get(self.pos)?;
            self.pos += 1;
            match e {
                _ if raw && e != q && e != '\\' => {
                    s.push('\\');
                    s.push(e);
                }
                'n' => s.push('\n'),
                't' => s.push('\t'),
                other => s.push(other),
            }
        }
    }

    fn number(&mut self) -> Option<Val> {
        let start = self.pos;
        while self.chars.get(self.pos).is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_')) {
            self.pos += 1;
        }
        let text: String = self.chars.get(start..self.pos)?.iter().filter(|c| **c != '_').collect();
        if text.contains(['.', 'e', 'E']) {
            text.parse::<f64>().ok().filter(|f| f.is_finite()).map(Val::Float)
        } else {
            text.parse::<i64>().ok().map(Val::Int)
        }
    }
}

impl Lang {
    fn is_node(self) -> bool {
        matches!(self, Lang::Node | Lang::NodePrint)
    }
}

/// `l OP r` as the language computes it; `None` where it would be an error or overflow.
fn arith(lang: Lang, op: char, l: Val, r: Val) -> Option<Val> {
    if let (Val::Str(a), Val::Str(b), '+') = (&l, &r, op) {
        return (lang != Lang::Php && !matches!(lang, Lang::Perl | Lang::PerlSay)).then(|| Val::Str(format!("{a}{b}")));
    }
    if lang.is_node() && op == '+' && (matches!(l, Val::Str(_)) || matches!(r, Val::Str(_))) {
        return Some(Val::Str(format!("{}{}", show(&l, lang, false), show(&r, lang, false))));
    }
    let (Val::Int(_) | Val::Float(_), Val::Int(_) | Val::Float(_)) = (&l, &r) else { return None };
    // Python and Ruby floor their integer division and modulo; JavaScript, Perl and PHP work in
    // floating point (an integral result prints without a point).
    let floor = matches!(lang, Lang::Python | Lang::Ruby);
    if let (Val::Int(a), Val::Int(b)) = (&l, &r) {
        let (a, b) = (*a, *b);
        let exact = match op {
            '+' => a.checked_add(b),
            '-' => a.checked_sub(b),
            '*' => a.checked_mul(b),
            '^' if b >= 0 => u32::try_from(b).ok().and_then(|e| a.checked_pow(e)),
            'f' | '%' if b == 0 => return None,
            'f' => Some(a.div_euclid(b) - i64::from(b < 0 && a.rem_euclid(b) != 0)),
            '%' if floor => Some(((a % b) + b) % b),
            '%' => Some(a % b),
            '/' if lang == Lang::Ruby && b != 0 => Some(a.div_euclid(b) - i64::from(b < 0 && a.rem_euclid(b) != 0)),
            '/' if b != 0 && a % b == 0 && lang != Lang::Python => Some(a / b),
            _ => None,
        };
        if let Some(v) = exact {
            return Some(Val::Int(v));
        }
    }
    let f = |v: &Val| match v {
        Val::Int(i) => *i as f64,
        Val::Float(x) => *x,
        Val::Str(_) => f64::NAN,
    };
    let (a, b) = (f(&l), f(&r));
    let v = match op {
        '+' => a + b,
        '-' => a - b,
        '*' => a * b,
        '/' if b != 0.0 => a / b,
        '^' => a.powf(b),
        'f' if b != 0.0 => (a / b).floor(),
        '%' if b != 0.0 && floor => a - b * (a / b).floor(),
        '%' if b != 0.0 => a % b,
        _ => return None,
    };
    v.is_finite().then_some(Val::Float(v))
}

/// A value as the language prints it (`inspect`: Ruby's `p`, which quotes strings).
fn show(v: &Val, lang: Lang, inspect: bool) -> String {
    match v {
        Val::Int(i) => i.to_string(),
        Val::Str(s) if inspect => format!("{s:?}"),
        Val::Str(s) => s.clone(),
        Val::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => match lang {
            Lang::Python | Lang::Ruby => format!("{f:.1}"),
            _ => format!("{f:.0}"),
        },
        Val::Float(f) => f.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(lang: Lang, code: &str) -> Vec<(bool, String)> {
        let mut out = Sink::default();
        run_code(lang, code, &mut out);
        out.chunks
    }

    fn text(lang: Lang, code: &str) -> String {
        run(lang, code).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn each_language_prints_literals_and_arithmetic_its_own_way() {
        assert_eq!(text(Lang::Python, "print(1+1)"), "2\n");
        assert_eq!(text(Lang::Python, "print('hi', 7/2, 2**10, 10//3, -7 % 3, 6/2)"), "hi 3.5 1024 3 2 3.0\n");
        assert_eq!(text(Lang::Python, "print(0.1 + 0.2); print(\"a\" + 'b')"), "0.30000000000000004\nab\n");
        assert_eq!(text(Lang::Node, "console.log('a' + 1, 10 / 4, 6 / 2)"), "a1 2.5 3\n");
        assert_eq!(text(Lang::NodePrint, "2**10"), "1024\n");
        assert_eq!(text(Lang::Ruby, "puts 1+2; p 'x'; puts 7/2"), "3\n\"x\"\n3\n");
        assert_eq!(text(Lang::Perl, r#"print "hi\n"; print 1+1"#), "hi\n2");
        assert_eq!(text(Lang::PerlSay, "say 'a' . 'b'"), "ab\n");
        assert_eq!(text(Lang::Php, "echo 10/4, PHP_EOL; echo 'a' . 'b';"), "2.5\nab");
        assert_eq!(run(Lang::Node, "console.error('oops')"), [(true, "oops\n".to_string())]);
    }

    #[test]
    fn anything_else_gets_a_note_and_no_invented_output() {
        for (lang, code) in [
            (Lang::Python, "x = 3; print(x)"),
            (Lang::Node, "console.log([1,2].map(x=>x*2))"),
            (Lang::Python, "print(1/0)"),
            (Lang::NodePrint, "process.version"),
            (Lang::Python, &"(".repeat(500)),
        ] {
            let out = run(lang, code);
            assert!(out.iter().all(|(stderr, _)| *stderr), "{code}: {out:?}");
            assert!(out.iter().any(|(_, t)| t.starts_with("whalelab: ")), "{code}: {out:?}");
        }
        assert_eq!(run(Lang::Python, ""), []);
    }
}
