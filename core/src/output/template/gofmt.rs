//! Go's `fmt.Sprint`, `Sprintln` and `Sprintf` over template [`Value`]s: the part of
//! `fmt` that `print`, `println` and `printf` in a `--format` reach.
//!
//! Covers the verbs people use in docker formats (`%s %v %d %q %t %x %X %f %c %%`) with
//! widths, precision and the `-`, `0`, `+` flags, and Go's error notes (`%!d(string=x)`,
//! `%!s(MISSING)`, `%!(EXTRA int=2)`). It formats; it does not evaluate anything.

use super::value::Value;
use crate::go::strconv::{self, format_float};

/// `fmt.Sprint`: operands joined, with a space between two operands when neither is a
/// string.
pub(crate) fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !matches!(a, Value::Str(_)) && !matches!(args.get(i - 1), Some(Value::Str(_))) {
            out.push(' ');
        }
        out.push_str(&fmt_v(a));
    }
    out
}

/// `fmt.Sprintln`: operands always separated by spaces, plus a newline.
pub(crate) fn sprintln(args: &[Value]) -> String {
    let parts: Vec<String> = args.iter().map(fmt_v).collect();
    format!("{}\n", parts.join(" "))
}

/// `%v` of a value passed to a `fmt` function: unlike the template printer, a pointer to
/// a struct shows as `&{...}`.
fn fmt_v(v: &Value) -> String {
    match v {
        Value::Struct(s) if s.pointer => format!("&{}", strip_ptr(v).go_print()),
        Value::Missing => "<nil>".to_string(),
        other => other.go_print(),
    }
}

fn strip_ptr(v: &Value) -> Value {
    match v {
        Value::Struct(s) => {
            let mut s = s.clone();
            s.pointer = false;
            Value::Struct(s)
        }
        other => other.clone(),
    }
}

#[derive(Default)]
struct Spec {
    minus: bool,
    plus: bool,
    zero: bool,
    space: bool,
    sharp: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// `fmt.Sprintf`.
pub(crate) fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut next_arg = 0usize;
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = Spec::default();
        while let Some(&f) = chars.peek() {
            match f {
                '-' => spec.minus = true,
                '+' => spec.plus = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                '#' => spec.sharp = true,
                _ => break,
            }
            chars.next();
        }
        let num = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| -> Option<usize> {
            let mut n: Option<usize> = None;
            while let Some(d) = chars.peek().and_then(|c| c.to_digit(10)) {
                n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize).min(10_000));
                chars.next();
            }
            n
        };
        spec.width = num(&mut chars);
        if chars.peek() == Some(&'.') {
            chars.next();
            spec.prec = Some(num(&mut chars).unwrap_or(0));
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(arg) = args.get(next_arg) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        next_arg += 1;
        out.push_str(&format_one(verb, &spec, arg));
    }
    if next_arg < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[next_arg..].iter().map(|a| format!("{}={}", type_of(a), fmt_v(a))).collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

fn type_of(v: &Value) -> String {
    match v {
        Value::Struct(s) => s.type_name.clone(),
        Value::Missing => "<nil>".to_string(),
        other => other.type_name(false),
    }
}

fn bad(verb: char, v: &Value) -> String {
    format!("%!{verb}({}={})", type_of(v), fmt_v(v))
}

fn pad(s: String, spec: &Spec, numeric: bool) -> String {
    let Some(w) = spec.width else { return s };
    let len = s.chars().count();
    if len >= w {
        return s;
    }
    let fill = w - len;
    if spec.minus {
        format!("{s}{}", " ".repeat(fill))
    } else if spec.zero && numeric {
        let (sign, digits) = match s.strip_prefix('-') {
            Some(d) => ("-", d.to_string()),
            None => match s.strip_prefix('+') {
                Some(d) => ("+", d.to_string()),
                None => ("", s.clone()),
            },
        };
        format!("{sign}{}{digits}", "0".repeat(fill))
    } else {
        format!("{}{s}", " ".repeat(fill))
    }
}

fn format_one(verb: char, spec: &Spec, v: &Value) -> String {
    // Slices and maps apply the verb to each element, as fmt does.
    match v {
        Value::List(items) if verb != 'v' && verb != 'T' => {
            let parts: Vec<String> = items.iter().map(|i| nested(verb, i)).collect();
            return pad(format!("[{}]", parts.join(" ")), spec, false);
        }
        Value::NilList if verb != 'T' => return pad("[]".to_string(), spec, false),
        Value::Map(m) if verb != 'v' && verb != 'T' => {
            let parts: Vec<String> = m
                .entries
                .iter()
                .map(|(k, v)| {
                    format!("{}:{}", format_one(verb, &Spec::default(), &Value::str(k.clone())), nested(verb, v))
                })
                .collect();
            return pad(format!("map[{}]", parts.join(" ")), spec, false);
        }
        Value::Struct(st) if verb != 'v' && verb != 'T' => {
            let parts: Vec<String> = st
                .fields
                .iter()
                .filter(|f| !matches!(f.value, Value::Labels(_)))
                .map(|f| nested(verb, &f.value))
                .collect();
            let amp = if st.pointer { "&" } else { "" };
            return pad(format!("{amp}{{{}}}", parts.join(" ")), spec, false);
        }
        _ => {}
    }
    match verb {
        'v' => pad(
            if spec.plus && matches!(v, Value::Int(_)) { format!("{:+}", as_i64(v).unwrap_or(0)) } else { fmt_v(v) },
            spec,
            matches!(v, Value::Int(_) | Value::Float(_)),
        ),
        'T' => pad(type_of(v), spec, false),
        's' => match v {
            Value::Str(s) => pad(truncate(s, spec.prec), spec, false),
            Value::Nil | Value::Null | Value::Missing => "%!s(<nil>)".to_string(),
            Value::NilMap => pad(fmt_v(v), spec, false),
            other => bad('s', other),
        },
        'q' => match v {
            Value::Str(s) => pad(strconv::quote(&truncate(s, spec.prec)), spec, false),
            Value::Int(i) => match char::from_u32(*i as u32) {
                Some(c) => pad(format!("'{c}'"), spec, false),
                None => bad('q', v),
            },
            other => bad('q', other),
        },
        'd' => match v {
            Value::Int(i) => pad(
                if spec.plus {
                    format!("{i:+}")
                } else if spec.space && *i >= 0 {
                    format!(" {i}")
                } else {
                    i.to_string()
                },
                spec,
                true,
            ),
            other => bad('d', other),
        },
        'x' | 'X' => {
            let s = match v {
                Value::Int(i) => {
                    let h = if *i < 0 { format!("-{:x}", i.unsigned_abs()) } else { format!("{i:x}") };
                    if spec.sharp {
                        format!("0x{h}")
                    } else {
                        h
                    }
                }
                Value::Str(s) => s.bytes().map(|b| format!("{b:02x}")).collect(),
                other => return bad(verb, other),
            };
            pad(if verb == 'X' { s.to_uppercase() } else { s }, spec, true)
        }
        'o' => match v {
            Value::Int(i) => pad(format!("{i:o}"), spec, true),
            other => bad('o', other),
        },
        'b' => match v {
            Value::Int(i) => pad(format!("{i:b}"), spec, true),
            other => bad('b', other),
        },
        'c' => match v {
            Value::Int(i) => {
                pad(char::from_u32(*i as u32).map(String::from).unwrap_or_else(|| "\u{fffd}".to_string()), spec, false)
            }
            other => bad('c', other),
        },
        't' => match v {
            Value::Bool(b) => pad(b.to_string(), spec, false),
            other => bad('t', other),
        },
        'f' | 'F' | 'e' | 'g' => match v {
            Value::Float(f) => pad(float_verb(verb, *f, spec.prec), spec, true),
            other => bad(verb, other),
        },
        other => bad(other, v),
    }
}

/// An element inside a slice, map or struct: nils print as `<nil>` whatever the verb.
fn nested(verb: char, v: &Value) -> String {
    match v {
        Value::Nil | Value::Null | Value::Missing => "<nil>".to_string(),
        other => format_one(verb, &Spec::default(), other),
    }
}

fn as_i64(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        _ => None,
    }
}

fn truncate(s: &str, prec: Option<usize>) -> String {
    match prec {
        Some(p) => s.chars().take(p).collect(),
        None => s.to_string(),
    }
}

fn float_verb(verb: char, f: f64, prec: Option<usize>) -> String {
    match verb {
        'f' | 'F' => format!("{f:.*}", prec.unwrap_or(6)),
        'e' => {
            let s = format!("{f:.*e}", prec.unwrap_or(6));
            match s.split_once('e') {
                Some((m, e)) => {
                    let (sign, d) = match e.strip_prefix('-') {
                        Some(d) => ('-', d),
                        None => ('+', e),
                    };
                    format!("{m}e{sign}{d:0>2}")
                }
                None => s,
            }
        }
        _ => format_float(f),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printf_matches_go() {
        let s = |x: &str| Value::str(x);
        assert_eq!(sprintf("%s-%d", &[s("/web"), Value::Int(42)]), "/web-42");
        assert_eq!(sprintf("%d", &[s("/web")]), "%!d(string=/web)");
        assert_eq!(sprintf("%s", &[]), "%!s(MISSING)");
        assert_eq!(sprintf("%s", &[Value::Int(1), Value::Int(2)]), "%!s(int=1)%!(EXTRA int=2)");
        assert_eq!(
            sprintf(
                "%v %q %5s|%-5s|%05d %x %t",
                &[
                    Value::strings(["A=1", "B=2"]),
                    s("/web"),
                    s("ab"),
                    s("cd"),
                    Value::Int(42),
                    s("hi"),
                    Value::Bool(true)
                ]
            ),
            "[A=1 B=2] \"/web\"    ab|cd   |00042 6869 true"
        );
        assert_eq!(sprintf("%z", &[Value::Int(1)]), "%!z(int=1)");
        assert_eq!(sprintf("100%%", &[]), "100%");
        assert_eq!(sprintf("%.2f", &[Value::Float(1.234)]), "1.23");
    }

    #[test]
    fn print_spacing() {
        assert_eq!(
            sprint(&[
                Value::str("/web"),
                Value::Int(1),
                Value::Int(2),
                Value::str("a"),
                Value::str("b"),
                Value::Int(3)
            ]),
            "/web1 2ab3"
        );
        assert_eq!(sprintln(&[Value::str("/web"), Value::Int(1)]), "/web 1\n");
    }
}
