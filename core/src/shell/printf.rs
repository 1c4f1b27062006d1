//! `echo` and `printf` as bash 5.2 runs them: backslash escapes, `-n`/`-e`, and printf's
//! formats (`%5d`, `%-10s`, `%x`, `%b`, ...) reused while arguments remain. Shared by every
//! shell (the prompt, `docker exec`, a container's main process) and by `date`.

use super::builtins::{shell_quote, Call};
use super::exec::{Exec, Stop};

/// Decodes one backslash escape at `cs[i]` (which is the `\\`): the text, how many characters
/// it used, and whether it was `\c` (stop printing). In `echo -e` and `%b` octal needs a leading
/// `0` (`\0101`); in a printf format it does not (`\101`).
fn escape_at(cs: &[char], i: usize, octal_needs_zero: bool) -> (String, usize, bool) {
    let Some(&e) = cs.get(i + 1) else { return ("\\".to_string(), 1, false) };
    let simple = match e {
        'n' => Some('\n'),
        't' => Some('\t'),
        'r' => Some('\r'),
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'e' | 'E' => Some('\x1b'),
        'f' => Some('\x0c'),
        'v' => Some('\x0b'),
        '\\' => Some('\\'),
        '"' if !octal_needs_zero => Some('"'),
        _ => None,
    };
    if let Some(c) = simple {
        return (c.to_string(), 2, false);
    }
    match e {
        'c' => (String::new(), 2, true),
        'x' => {
            let hex: String = cs.iter().skip(i + 2).take(2).take_while(|c| c.is_ascii_hexdigit()).collect();
            match u8::from_str_radix(&hex, 16) {
                Ok(b) => (char::from(b).to_string(), 2 + hex.len(), false),
                Err(_) => ("\\x".to_string(), 2, false),
            }
        }
        '0'..='7' if !octal_needs_zero || e == '0' => {
            let start = if octal_needs_zero { i + 2 } else { i + 1 };
            let digits: String = cs.iter().skip(start).take(3).take_while(|c| ('0'..='7').contains(c)).collect();
            let v = u32::from_str_radix(if digits.is_empty() { "0" } else { &digits }, 8).unwrap_or(0) & 0xff;
            (char::from_u32(v).unwrap_or('?').to_string(), start - i + digits.len(), false)
        }
        other => (format!("\\{other}"), 2, false),
    }
}

/// Decodes every escape in `s` (`echo -e`, `printf %b`); the flag says whether `\c` cut it short.
pub(crate) fn unescape(s: &str, octal_needs_zero: bool) -> (String, bool) {
    let cs: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while let Some(&c) = cs.get(i) {
        if c == '\\' {
            let (text, used, cut) = escape_at(&cs, i, octal_needs_zero);
            out.push_str(&text);
            if cut {
                return (out, true);
            }
            i += used;
        } else {
            out.push(c);
            i += 1;
        }
    }
    (out, false)
}

pub(crate) fn echo(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut newline = true;
    let mut escapes = false;
    let mut args = c.args();
    while let Some(a) = args.first() {
        let Some(flags) = a.strip_prefix('-') else { break };
        if flags.is_empty() || !flags.chars().all(|f| matches!(f, 'n' | 'e' | 'E')) {
            break;
        }
        for f in flags.chars() {
            match f {
                'n' => newline = false,
                'e' => escapes = true,
                _ => escapes = false,
            }
        }
        args = args.get(1..).unwrap_or(&[]);
    }
    let mut text = args.join(" ");
    if escapes {
        let (t, cut) = unescape(&text, true);
        text = t;
        if cut {
            newline = false;
        }
    }
    if newline {
        text.push('\n');
    }
    c.io.out(&text);
    Ok(0)
}

pub(crate) fn printf(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let Some(format) = c.args().first().cloned() else {
        c.err("printf: usage: printf [-v var] format [arguments]");
        return Ok(2);
    };
    let mut args: Vec<String> = c.args().iter().skip(1).cloned().collect();
    let mut out = String::new();
    let mut status = 0;
    let mut first = true;
    while first || !args.is_empty() {
        let (text, used, cut, bad) = format_once(&format, &args);
        out.push_str(&text);
        for b in bad {
            c.io.out(&std::mem::take(&mut out));
            c.err(&format!("bash: printf: {b}: invalid number"));
            status = 1;
        }
        if cut || used == 0 {
            break;
        }
        args.drain(..used.min(args.len()));
        first = false;
        if out.len() > 1 << 20 {
            break;
        }
    }
    c.io.out(&out);
    Ok(status)
}

/// One pass over a printf format: the text, arguments consumed, whether `\c` stopped output,
/// and the numeric arguments that were not numbers.
pub(crate) fn format_once(format: &str, args: &[String]) -> (String, usize, bool, Vec<String>) {
    let cs: Vec<char> = format.chars().collect();
    let mut out = String::new();
    let mut used = 0;
    let mut bad = Vec::new();
    let mut i = 0;
    let next_arg = |used: &mut usize| {
        let a = args.get(*used).cloned();
        *used += 1;
        a
    };
    while let Some(&ch) = cs.get(i) {
        if ch == '\\' {
            let (text, step, cut) = escape_at(&cs, i, false);
            if cut {
                return (out, used.min(args.len()), true, bad);
            }
            out.push_str(&text);
            i += step;
            continue;
        }
        if ch != '%' {
            out.push(ch);
            i += 1;
            continue;
        }
        i += 1;
        if cs.get(i) == Some(&'%') {
            out.push('%');
            i += 1;
            continue;
        }
        let mut flags = String::new();
        while let Some(&f) = cs.get(i).filter(|f| matches!(f, '-' | '0' | '+' | ' ' | '#')) {
            flags.push(f);
            i += 1;
        }
        let mut width = String::new();
        while let Some(&d) = cs.get(i).filter(|d| d.is_ascii_digit()) {
            width.push(d);
            i += 1;
        }
        let mut prec: Option<usize> = None;
        if cs.get(i) == Some(&'.') {
            i += 1;
            let mut p = String::new();
            while let Some(&d) = cs.get(i).filter(|d| d.is_ascii_digit()) {
                p.push(d);
                i += 1;
            }
            prec = Some(p.parse::<usize>().unwrap_or(0).min(1000));
        }
        let width: usize = width.parse::<usize>().unwrap_or(0).min(1000);
        let Some(&conv) = cs.get(i) else {
            out.push('%');
            break;
        };
        i += 1;
        let arg = next_arg(&mut used);
        let body = match conv {
            's' => {
                let s = arg.unwrap_or_default();
                match prec {
                    Some(p) => s.chars().take(p).collect(),
                    None => s,
                }
            }
            'b' => unescape(&arg.unwrap_or_default(), true).0,
            'q' => shell_quote(&arg.unwrap_or_default()),
            'c' => arg.unwrap_or_default().chars().next().map(String::from).unwrap_or_default(),
            'd' | 'i' | 'u' | 'x' | 'X' | 'o' => {
                let a = arg.unwrap_or_default();
                let n: i64 = if a.is_empty() {
                    0
                } else {
                    match a.trim().parse() {
                        Ok(n) => n,
                        Err(_) => {
                            bad.push(a.clone());
                            a.trim().parse::<f64>().map(|f| f as i64).unwrap_or(0)
                        }
                    }
                };
                match conv {
                    'x' => format!("{n:x}"),
                    'X' => format!("{n:X}"),
                    'o' => format!("{n:o}"),
                    _ if flags.contains('+') && n >= 0 => format!("+{n}"),
                    _ => n.to_string(),
                }
            }
            'f' | 'e' | 'g' => {
                let n: f64 = arg.unwrap_or_default().trim().parse().unwrap_or(0.0);
                format!("{:.*}", prec.unwrap_or(6), n)
            }
            other => {
                out.push('%');
                out.push(other);
                continue;
            }
        };
        let len = body.chars().count();
        if len >= width {
            out.push_str(&body);
        } else if flags.contains('-') {
            out.push_str(&body);
            out.push_str(&" ".repeat(width - len));
        } else if flags.contains('0') && conv != 's' {
            let (sign, digits) = if let Some(d) = body.strip_prefix('-') { ("-", d) } else { ("", body.as_str()) };
            out.push_str(sign);
            out.push_str(&"0".repeat(width - len));
            out.push_str(digits);
        } else {
            out.push_str(&" ".repeat(width - len));
            out.push_str(&body);
        }
    }
    (out, used, false, bad)
}
