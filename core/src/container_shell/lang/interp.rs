//! The evaluator of the language one-liners: statements, expressions and built-in functions,
//! each language's spelling of them (see the parent module).

use super::*;

impl<'a> Interp<'a> {
    fn tick(&mut self) -> Result<(), Stop> {
        self.steps += 1;
        if self.steps > 100_000 {
            Err(Stop::Unsupported)
        } else {
            Ok(())
        }
    }

    pub(super) fn eval_str(&mut self, src: &str) -> Result<Val, Stop> {
        let toks = lex(src, self.lang)?;
        let mut p = Parser { toks: &toks, pos: 0, depth: 0 };
        let v = self.expr(&mut p, 0)?;
        if p.pos != toks.len() {
            return Err(Stop::Unsupported);
        }
        Ok(v)
    }

    pub(super) fn statement(&mut self, stmt: &str, out: &mut Sink, depth: u32) -> Result<(), Stop> {
        self.tick()?;
        let s = stmt.trim();
        let lang = self.lang;
        // Python: `import x`, `for v in range(...): body`.
        if lang == Lang::Python {
            if s.starts_with("import ") || s.starts_with("from ") {
                return Ok(());
            }
            if let Some(rest) = s.strip_prefix("for ") {
                let (head, body) = rest.split_once(':').ok_or(Stop::Unsupported)?;
                let (var, iter) = head.split_once(" in ").ok_or(Stop::Unsupported)?;
                let var = var.trim().to_string();
                let items = self.iterable(iter.trim())?;
                for item in items {
                    self.vars.insert(var.clone(), item);
                    if depth > 4 {
                        return Err(Stop::Unsupported);
                    }
                    for part in split_statements(body, lang) {
                        self.statement(&part, out, depth + 1)?;
                    }
                    if out.full() {
                        break;
                    }
                }
                return Ok(());
            }
            if let Some(args) = call_args(s, "print") {
                let vals = self.args(args)?;
                let text = vals.iter().map(|v| self.show(v, false)).collect::<Vec<_>>().join(" ");
                out.out(&text);
                return Ok(());
            }
        }
        if lang == Lang::Node {
            for (name, err) in
                [("console.log", false), ("console.info", false), ("console.error", true), ("console.warn", true)]
            {
                if let Some(args) = call_args(s, name) {
                    let vals = self.args(args)?;
                    let text = vals.iter().map(|v| self.show(v, false)).collect::<Vec<_>>().join(" ");
                    if err {
                        out.err(&text);
                    } else {
                        out.out(&text);
                    }
                    return Ok(());
                }
            }
            for kw in ["let ", "const ", "var "] {
                if let Some(rest) = s.strip_prefix(kw) {
                    return self.assign(rest);
                }
            }
        }
        if lang == Lang::Ruby {
            for (kw, mode) in [("puts", 0), ("print", 1), ("p", 2)] {
                if let Some(rest) = s.strip_prefix(kw).filter(|r| r.is_empty() || r.starts_with([' ', '('])) {
                    let rest = rest.trim();
                    let rest = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(rest);
                    let vals = if rest.is_empty() { Vec::new() } else { self.args(rest)? };
                    match mode {
                        0 if vals.is_empty() => out.out(""),
                        0 => vals.iter().for_each(|v| out.out(&self.show(v, false))),
                        1 => vals.iter().for_each(|v| out.write(false, &self.show(v, false))),
                        _ => vals.iter().for_each(|v| out.out(&self.show(v, true))),
                    }
                    return Ok(());
                }
            }
        }
        if lang.is_perl() {
            let s = s.strip_prefix("my ").unwrap_or(s);
            for (kw, newline) in [("print", false), ("say", true)] {
                if let Some(rest) = s.strip_prefix(kw).filter(|r| r.is_empty() || r.starts_with([' ', '('])) {
                    if kw == "say" && lang != Lang::PerlSay {
                        return Err(Stop::Unsupported);
                    }
                    let rest = rest.trim();
                    let vals = if rest.is_empty() { Vec::new() } else { self.args(rest)? };
                    let text: String = vals.iter().map(|v| self.show(v, false)).collect();
                    out.write(false, &text);
                    if newline {
                        out.write(false, "\n");
                    }
                    return Ok(());
                }
            }
            if s.contains('=') && !s.contains("==") {
                return self.assign(s);
            }
        }
        if lang == Lang::Php {
            let s = s.strip_prefix("<?php").unwrap_or(s).trim();
            for kw in ["echo", "print"] {
                if let Some(rest) = s.strip_prefix(kw).filter(|r| r.starts_with([' ', '(', '"', '\''])) {
                    let vals = self.args(rest.trim())?;
                    let text: String = vals.iter().map(|v| self.show(v, false)).collect();
                    out.write(false, &text);
                    return Ok(());
                }
            }
        }
        // `name = expr` in every language, else an expression evaluated for its errors.
        if let Some((lhs, _)) = s.split_once('=') {
            let after = s.get(lhs.len() + 1..).unwrap_or("");
            if !lhs.ends_with(['=', '!', '<', '>']) && !after.starts_with('=') && is_name(lhs.trim()) {
                return self.assign(s);
            }
        }
        self.eval_str(s).map(|_| ())
    }

    fn assign(&mut self, s: &str) -> Result<(), Stop> {
        let (name, expr) = s.split_once('=').ok_or(Stop::Unsupported)?;
        let name = name.trim();
        if !is_name(name) {
            return Err(Stop::Unsupported);
        }
        let v = self.eval_str(expr.trim())?;
        self.vars.insert(name.to_string(), v);
        Ok(())
    }

    fn iterable(&mut self, src: &str) -> Result<Vec<Val>, Stop> {
        let args = call_args(src, "range").ok_or(Stop::Unsupported)?;
        let vals = self.args(args)?;
        let n = |v: &Val| match v {
            Val::Int(i) => Ok(*i),
            _ => Err(Stop::Unsupported),
        };
        let (start, end, step) = match vals.as_slice() {
            [e] => (0, n(e)?, 1),
            [s, e] => (n(s)?, n(e)?, 1),
            [s, e, st] => (n(s)?, n(e)?, n(st)?),
            _ => return Err(Stop::Unsupported),
        };
        if step == 0 {
            return Err(Stop::Error("ValueError: range() arg 3 must not be zero".into()));
        }
        let mut items = Vec::new();
        let mut i = start;
        while (step > 0 && i < end) || (step < 0 && i > end) {
            items.push(Val::Int(i));
            i += step;
            if items.len() >= MAX_LINES {
                break;
            }
        }
        Ok(items)
    }

    fn args(&mut self, src: &str) -> Result<Vec<Val>, Stop> {
        let toks = lex(src, self.lang)?;
        let mut p = Parser { toks: &toks, pos: 0, depth: 0 };
        let mut vals = Vec::new();
        if toks.is_empty() {
            return Ok(vals);
        }
        loop {
            vals.push(self.expr(&mut p, 0)?);
            match p.peek() {
                Some(T::Op(",")) => p.pos += 1,
                None => break,
                _ => return Err(Stop::Unsupported),
            }
        }
        Ok(vals)
    }

    /// Precedence climbing over the binary operators.
    fn expr(&mut self, p: &mut Parser, min: u8) -> Result<Val, Stop> {
        self.tick()?;
        p.depth += 1;
        if p.depth > 64 {
            return Err(Stop::Unsupported);
        }
        let mut lhs = self.unary(p)?;
        loop {
            let op = match p.peek() {
                Some(T::Op(o)) => *o,
                Some(T::Id(w)) if matches!(w.as_str(), "and" | "or" | "x" | "eq" | "ne") => match w.as_str() {
                    "and" => "&&",
                    "or" => "||",
                    "x" if self.lang.is_perl() => "x",
                    "eq" if self.lang.is_perl() => "==",
                    "ne" if self.lang.is_perl() => "!=",
                    _ => break,
                },
                _ => break,
            };
            let prec = match op {
                "||" => 1,
                "&&" => 2,
                "==" | "!=" | "===" | "!==" | "<" | ">" | "<=" | ">=" => 3,
                "+" | "-" => 4,
                "." if self.lang.is_perl() || self.lang == Lang::Php => 4,
                "*" | "/" | "//" | "%" | "x" => 5,
                "**" => 7,
                _ => break,
            };
            if prec < min {
                break;
            }
            p.pos += 1;
            let next_min = if op == "**" { prec } else { prec + 1 };
            let rhs = self.expr(p, next_min)?;
            lhs = self.binary(op, lhs, rhs)?;
        }
        p.depth -= 1;
        Ok(lhs)
    }

    fn unary(&mut self, p: &mut Parser) -> Result<Val, Stop> {
        match p.peek() {
            Some(T::Op("-")) => {
                p.pos += 1;
                let v = self.unary(p)?;
                self.binary("-", Val::Int(0), v)
            }
            Some(T::Op("+")) => {
                p.pos += 1;
                self.unary(p)
            }
            Some(T::Op("!")) => {
                p.pos += 1;
                let v = self.unary(p)?;
                Ok(Val::Bool(!truthy(&v)))
            }
            Some(T::Id(w)) if w == "not" => {
                p.pos += 1;
                let v = self.unary(p)?;
                Ok(Val::Bool(!truthy(&v)))
            }
            _ => {
                let base = self.primary(p)?;
                let v = self.postfix(p, base)?;
                // `**` binds tighter than unary minus on its left: handled by expr's precedence.
                Ok(v)
            }
        }
    }

    fn primary(&mut self, p: &mut Parser) -> Result<Val, Stop> {
        let Some(t) = p.next() else { return Err(Stop::Unsupported) };
        match t {
            T::Num(v) => Ok(v.clone()),
            T::Str(s) => Ok(Val::Str(s.clone())),
            T::Op("(") => {
                let v = self.expr(p, 0)?;
                match p.next() {
                    Some(T::Op(")")) => Ok(v),
                    _ => Err(Stop::Unsupported),
                }
            }
            T::Id(name) => {
                let name = name.clone();
                if let Some(T::Op("(")) = p.peek() {
                    p.pos += 1;
                    let args = self.call_list(p)?;
                    return self.call(&name, args);
                }
                self.name_value(&name, p)
            }
            _ => Err(Stop::Unsupported),
        }
    }

    fn call_list(&mut self, p: &mut Parser) -> Result<Vec<Val>, Stop> {
        let mut args = Vec::new();
        if let Some(T::Op(")")) = p.peek() {
            p.pos += 1;
            return Ok(args);
        }
        loop {
            args.push(self.expr(p, 0)?);
            match p.next() {
                Some(T::Op(",")) => continue,
                Some(T::Op(")")) => return Ok(args),
                _ => return Err(Stop::Unsupported),
            }
        }
    }

    /// A dotted name (`sys.version`, `Math.max`, `process.version`) or a variable.
    fn name_value(&mut self, name: &str, p: &mut Parser) -> Result<Val, Stop> {
        let lang = self.lang;
        // Dotted module constants and functions.
        if matches!(name, "sys" | "Math" | "process" | "os" | "platform") && matches!(p.peek(), Some(T::Op("."))) {
            p.pos += 1;
            let Some(T::Id(attr)) = p.next() else { return Err(Stop::Unsupported) };
            let full = format!("{name}.{attr}");
            if let Some(T::Op("(")) = p.peek() {
                p.pos += 1;
                let args = self.call_list(p)?;
                return self.call(&full, args);
            }
            return match full.as_str() {
                "sys.version" => Ok(Val::Str(self.python_sys_version())),
                "sys.platform" => Ok(Val::Str("linux".into())),
                "process.version" => Ok(Val::Str(self.ctx.node_version())),
                "process.platform" => Ok(Val::Str("linux".into())),
                "process.arch" => Ok(Val::Str("x64".into())),
                "Math.PI" => Ok(Val::Float(std::f64::consts::PI)),
                _ => Err(Stop::Unsupported),
            };
        }
        match (lang, name) {
            (Lang::Python, "True") | (Lang::Node | Lang::NodePrint | Lang::Ruby | Lang::Php, "true") => {
                return Ok(Val::Bool(true))
            }
            (Lang::Python, "False") | (Lang::Node | Lang::NodePrint | Lang::Ruby | Lang::Php, "false") => {
                return Ok(Val::Bool(false))
            }
            (Lang::Python, "None") | (Lang::Ruby, "nil") | (Lang::Node | Lang::NodePrint | Lang::Php, "null") => {
                return Ok(Val::Nil)
            }
            (Lang::Ruby, "RUBY_VERSION") => return Ok(Val::Str(self.ruby_version())),
            (Lang::Php, "PHP_VERSION") => return Ok(Val::Str(self.php_version())),
            (Lang::Php, "PHP_EOL") => return Ok(Val::Str("\n".into())),
            (Lang::Php, "PHP_OS") => return Ok(Val::Str("Linux".into())),
            _ => {}
        }
        match self.vars.get(name) {
            Some(v) => Ok(v.clone()),
            None => match lang {
                Lang::Python => Err(Stop::Error(format!("NameError: name '{name}' is not defined"))),
                Lang::Node | Lang::NodePrint => Err(Stop::Error(format!("ReferenceError: {name} is not defined"))),
                Lang::Ruby if self.ruby_version().as_str() < "3.4" => {
                    Err(Stop::Error(format!("undefined local variable or method `{name}' for main:Object (NameError)")))
                }
                Lang::Ruby => {
                    Err(Stop::Error(format!("undefined local variable or method '{name}' for main (NameError)")))
                }
                Lang::Perl | Lang::PerlSay if name.starts_with('$') => Ok(Val::Nil),
                Lang::Php if name.starts_with('$') => Ok(Val::Nil),
                _ => Err(Stop::Unsupported),
            },
        }
    }

    /// `.upper()`, `.length`, `.toUpperCase()`, `.upcase`, indexing.
    fn postfix(&mut self, p: &mut Parser, mut v: Val) -> Result<Val, Stop> {
        loop {
            match p.peek() {
                Some(T::Op(".")) if !(self.lang.is_perl() || self.lang == Lang::Php) => {
                    p.pos += 1;
                    let Some(T::Id(m)) = p.next() else { return Err(Stop::Unsupported) };
                    let m = m.clone();
                    let args = if let Some(T::Op("(")) = p.peek() {
                        p.pos += 1;
                        self.call_list(p)?
                    } else {
                        Vec::new()
                    };
                    v = self.method(v, &m, args)?;
                }
                _ => return Ok(v),
            }
        }
    }

    fn method(&mut self, v: Val, m: &str, _args: Vec<Val>) -> Result<Val, Stop> {
        let s = match &v {
            Val::Str(s) => s.clone(),
            _ => self.show(&v, false),
        };
        let r = match m {
            "upper" | "toUpperCase" | "upcase" => Val::Str(s.to_uppercase()),
            "lower" | "toLowerCase" | "downcase" => Val::Str(s.to_lowercase()),
            "title" | "capitalize" => Val::Str(capitalize(&s)),
            "strip" | "trim" => Val::Str(s.trim().to_string()),
            "reverse" => Val::Str(s.chars().rev().collect()),
            "length" | "size" => Val::Int(s.chars().count() as i128),
            "to_s" | "toString" => Val::Str(s),
            "to_i" => Val::Int(s.trim().parse().unwrap_or(0)),
            _ => return Err(Stop::Unsupported),
        };
        Ok(r)
    }

    fn call(&mut self, name: &str, args: Vec<Val>) -> Result<Val, Stop> {
        let one = args.first().cloned().unwrap_or(Val::Nil);
        let num = |v: &Val| -> Option<f64> {
            match v {
                Val::Int(i) => Some(*i as f64),
                Val::Float(f) => Some(*f),
                Val::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
                _ => None,
            }
        };
        let r = match name {
            "len" | "strlen" | "length" => Val::Int(self.show(&one, false).chars().count() as i128),
            "str" | "String" | "strval" => Val::Str(self.show(&one, false)),
            "int" | "intval" | "parseInt" => match &one {
                Val::Int(i) => Val::Int(*i),
                Val::Float(f) => Val::Int(f.trunc() as i128),
                Val::Str(s) => match s.trim().parse::<i128>() {
                    Ok(i) => Val::Int(i),
                    Err(_) if self.lang == Lang::Python => {
                        return Err(Stop::Error(format!("ValueError: invalid literal for int() with base 10: '{s}'")));
                    }
                    Err(_) => Val::Int(0),
                },
                _ => Val::Int(0),
            },
            "float" | "Number" | "floatval" | "parseFloat" => Val::Float(match &one {
                Val::Str(s) => s.trim().parse().unwrap_or(f64::NAN),
                v => num(v).unwrap_or(0.0),
            }),
            "abs" | "Math.abs" => match one {
                Val::Int(i) => i.checked_abs().map(Val::Int).unwrap_or(Val::Float((i as f64).abs())),
                v => Val::Float(num(&v).unwrap_or(0.0).abs()),
            },
            "max" | "min" | "Math.max" | "Math.min" => {
                let want_max = name.ends_with("max");
                let mut best: Option<Val> = None;
                for a in args {
                    let better = match &best {
                        None => true,
                        Some(b) => {
                            let (x, y) = (num(&a).unwrap_or(0.0), num(b).unwrap_or(0.0));
                            if want_max {
                                x > y
                            } else {
                                x < y
                            }
                        }
                    };
                    if better {
                        best = Some(a);
                    }
                }
                best.ok_or(Stop::Unsupported)?
            }
            "round" | "Math.round" => match one {
                Val::Int(i) => Val::Int(i),
                v => {
                    let f = num(&v).unwrap_or(0.0);
                    if self.lang == Lang::Python {
                        // Python rounds halves to even.
                        let r = f.round();
                        let r = if (f - f.trunc()).abs() == 0.5 && r % 2.0 != 0.0 { r - f.signum() } else { r };
                        Val::Int(r as i128)
                    } else if self.lang == Lang::Php {
                        Val::Float(f.round())
                    } else {
                        Val::Int(f.round() as i128)
                    }
                }
            },
            "Math.floor" | "floor" => Val::Int(num(&one).unwrap_or(0.0).floor() as i128),
            "Math.ceil" | "ceil" => Val::Int(num(&one).unwrap_or(0.0).ceil() as i128),
            "Math.sqrt" | "sqrt" => Val::Float(num(&one).unwrap_or(0.0).sqrt()),
            "strtoupper" | "uc" => Val::Str(self.show(&one, false).to_uppercase()),
            "strtolower" | "lc" => Val::Str(self.show(&one, false).to_lowercase()),
            "phpversion" => Val::Str(self.php_version()),
            "sys.version" => Val::Str(self.python_sys_version()),
            "platform.python_version" => Val::Str(self.python_version()),
            "os.getcwd" => Val::Str(self.ctx.workdir.clone()),
            "os.getenv" => self.ctx.env_value(&self.show(&one, false)).map(Val::Str).unwrap_or(Val::Nil),
            "type" if self.lang == Lang::Python => Val::Str(format!(
                "<class '{}'>",
                match one {
                    Val::Int(_) => "int",
                    Val::Float(_) => "float",
                    Val::Str(_) => "str",
                    Val::Bool(_) => "bool",
                    Val::Nil => "NoneType",
                }
            )),
            _ => {
                return Err(match self.lang {
                    Lang::Python if !self.vars.contains_key(name) && !name.contains('.') => {
                        Stop::Error(format!("NameError: name '{name}' is not defined"))
                    }
                    _ => Stop::Unsupported,
                })
            }
        };
        Ok(r)
    }

    fn binary(&mut self, op: &str, a: Val, b: Val) -> Result<Val, Stop> {
        use Val::*;
        let lang = self.lang;
        let is_str = |v: &Val| matches!(v, Str(_));
        // String operators first.
        match op {
            "." => return Ok(Str(cap(self.show(&a, false) + &self.show(&b, false)))),
            "x" => {
                let n = match b {
                    Int(n) => n,
                    _ => 0,
                };
                return Ok(Str(repeat(&self.show(&a, false), n)));
            }
            "&&" => return Ok(if truthy(&a) { b } else { a }),
            "||" => return Ok(if truthy(&a) { a } else { b }),
            _ => {}
        }
        if matches!(op, "==" | "===" | "!=" | "!==" | "<" | ">" | "<=" | ">=") {
            let ord = match (&a, &b) {
                (Str(x), Str(y)) => x.partial_cmp(y),
                _ => to_f(&a).partial_cmp(&to_f(&b)),
            };
            let eq = match (&a, &b) {
                (Str(x), Str(y)) => x == y,
                (Str(_), _) | (_, Str(_)) if lang == Lang::Python || op.len() == 3 => false,
                _ => to_f(&a) == to_f(&b),
            };
            let r = match op {
                "==" | "===" => eq,
                "!=" | "!==" => !eq,
                "<" => ord == Some(std::cmp::Ordering::Less),
                ">" => ord == Some(std::cmp::Ordering::Greater),
                "<=" => matches!(ord, Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)),
                _ => matches!(ord, Some(std::cmp::Ordering::Greater | std::cmp::Ordering::Equal)),
            };
            return Ok(Bool(r));
        }
        if op == "+" && (is_str(&a) || is_str(&b)) {
            return match lang {
                Lang::Node | Lang::NodePrint => Ok(Str(cap(self.show(&a, false) + &self.show(&b, false)))),
                _ if is_str(&a) && is_str(&b) => Ok(Str(cap(self.show(&a, false) + &self.show(&b, false)))),
                Lang::Python => Err(Stop::Error(if is_str(&a) {
                    format!("TypeError: can only concatenate str (not \"{}\") to str", py_type(&b))
                } else {
                    format!("TypeError: unsupported operand type(s) for +: '{}' and 'str'", py_type(&a))
                })),
                Lang::Ruby => {
                    Err(Stop::Error(format!("no implicit conversion of {} into String (TypeError)", ruby_class(&b))))
                }
                _ => Ok(self.arith(op, num_of(&a), num_of(&b))?),
            };
        }
        if op == "*" && (lang == Lang::Python || lang == Lang::Ruby) {
            if let (Str(s), Int(n)) | (Int(n), Str(s)) = (&a, &b) {
                return Ok(Str(repeat(s, *n)));
            }
        }
        if is_str(&a) || is_str(&b) {
            return match lang {
                Lang::Python => Err(Stop::Error(format!(
                    "TypeError: unsupported operand type(s) for {op}: '{}' and '{}'",
                    py_type(&a),
                    py_type(&b)
                ))),
                Lang::Node | Lang::NodePrint => Ok(Float(f64::NAN)),
                _ => self.arith(op, num_of(&a), num_of(&b)),
            };
        }
        self.arith(op, a, b)
    }

    fn arith(&mut self, op: &str, a: Val, b: Val) -> Result<Val, Stop> {
        use Val::*;
        let lang = self.lang;
        let a = match a {
            Bool(x) => Int(x as i128),
            Nil => Int(0),
            v => v,
        };
        let b = match b {
            Bool(x) => Int(x as i128),
            Nil => Int(0),
            v => v,
        };
        let zero_div = || match lang {
            Lang::Python => Stop::Error(if op == "%" {
                "ZeroDivisionError: integer modulo by zero".into()
            } else {
                "ZeroDivisionError: division by zero".into()
            }),
            Lang::Ruby => Stop::Error("divided by 0 (ZeroDivisionError)".into()),
            Lang::Perl | Lang::PerlSay => {
                Stop::Error(if op == "%" { "Illegal modulus zero".into() } else { "Illegal division by zero".into() })
            }
            Lang::Php => Stop::Error(if op == "%" {
                "Uncaught DivisionByZeroError: Modulo by zero".into()
            } else {
                "Uncaught DivisionByZeroError: Division by zero".into()
            }),
            _ => Stop::Unsupported,
        };
        if let (Int(x), Int(y)) = (&a, &b) {
            let (x, y) = (*x, *y);
            let r = match op {
                "+" => x.checked_add(y),
                "-" => x.checked_sub(y),
                "*" => x.checked_mul(y),
                "%" => {
                    if y == 0 {
                        if lang.is_node() {
                            return Ok(Float(f64::NAN));
                        }
                        return Err(zero_div());
                    }
                    // Python and Ruby take the divisor's sign; the others the dividend's.
                    x.checked_rem(y).map(|r| {
                        if (lang == Lang::Python || lang == Lang::Ruby) && r != 0 && (r < 0) != (y < 0) {
                            r + y
                        } else {
                            r
                        }
                    })
                }
                "//" => {
                    if y == 0 {
                        return Err(zero_div());
                    }
                    floor_div(x, y)
                }
                "/" => {
                    if y == 0 {
                        if lang.is_node() {
                            return Ok(Float(if x == 0 {
                                f64::NAN
                            } else if x > 0 {
                                f64::INFINITY
                            } else {
                                f64::NEG_INFINITY
                            }));
                        }
                        return Err(zero_div());
                    }
                    match lang {
                        Lang::Ruby => floor_div(x, y),
                        Lang::Python => return Ok(Float(x as f64 / y as f64)),
                        _ if x.checked_rem(y) == Some(0) => x.checked_div(y),
                        _ => return Ok(Float(x as f64 / y as f64)),
                    }
                }
                "**" => {
                    if y < 0 {
                        return Ok(Float((x as f64).powf(y as f64)));
                    }
                    u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
                }
                _ => return Err(Stop::Unsupported),
            };
            return Ok(match r {
                Some(v) if !lang.is_node() || v.unsigned_abs() < (1u128 << 53) => Int(v),
                _ => Float(int_op_float(op, x as f64, y as f64)),
            });
        }
        let (x, y) = (to_f(&a), to_f(&b));
        if y == 0.0 && matches!(op, "/" | "%" | "//") && !lang.is_node() {
            return Err(zero_div());
        }
        Ok(Float(int_op_float(op, x, y)))
    }

    pub(super) fn show(&self, v: &Val, inspect: bool) -> String {
        let lang = self.lang;
        match v {
            Val::Int(i) => i.to_string(),
            Val::Float(f) => fmt_float(*f, lang),
            Val::Str(s) => {
                if inspect {
                    format!("{s:?}")
                } else {
                    s.clone()
                }
            }
            Val::Bool(b) => match lang {
                Lang::Python => if *b { "True" } else { "False" }.into(),
                Lang::Php | Lang::Perl | Lang::PerlSay => if *b { "1" } else { "" }.into(),
                _ => b.to_string(),
            },
            Val::Nil => match lang {
                Lang::Python => "None".into(),
                Lang::Ruby if inspect => "nil".into(),
                Lang::Node | Lang::NodePrint => "null".into(),
                _ => String::new(),
            },
        }
    }

    fn python_version(&self) -> String {
        self.ctx
            .version_text("python3")
            .and_then(|t| t.strip_prefix("Python ").map(str::to_string))
            .unwrap_or_else(|| "3.13.1".into())
    }

    fn python_sys_version(&self) -> String {
        format!("{} (main, Jan 14 2025, 05:25:37) [GCC 12.2.0]", self.python_version())
    }

    fn ruby_version(&self) -> String {
        self.ctx
            .version_text("ruby")
            .and_then(|t| t.split_whitespace().nth(1).map(str::to_string))
            .unwrap_or_else(|| "3.4.1".into())
    }

    fn php_version(&self) -> String {
        self.ctx
            .version_text("php")
            .and_then(|t| t.split_whitespace().nth(1).map(str::to_string))
            .unwrap_or_else(|| "8.4.2".into())
    }
}
