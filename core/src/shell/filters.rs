//! Text filters for pipelines: `grep`, `head`, `tail`, `wc`, `sort`, `uniq`, `cut`, `tr`, `seq`
//! and `xargs` (which runs a program once per batch of input words, as in
//! `docker ps -q | xargs docker stop`).
//!
//! Each reads its file operands from the host filesystem or its stdin, and matches GNU
//! coreutils / grep 3.11 output and messages under `LANG=C.UTF-8` (so `sort` compares bytes).
//! Nothing here panics; huge requests (`seq 1 1000000000`) stop when the output buffer is full.

use super::builtins::Call;
use super::exec::{Exec, Stop};
use super::files::split_opts;
use super::printf::unescape;
use crate::regex::{Regex, Syntax};

/// How a tool words "could not read this file".
#[derive(Clone, Copy, PartialEq, Eq)]
enum Msg {
    /// `grep: x: No such file or directory`
    Plain,
    /// `head: cannot open 'x' for reading: No such file or directory`
    Open,
    /// `sort: cannot read: x: No such file or directory`
    Read,
}

/// Reads each operand (or stdin for none or `-`), in order: `Ok((name, text))`, or `Err` with
/// the message to print at that point (GNU tools report a missing file between the outputs of
/// the files around it).
fn read_inputs(
    ex: &Exec<'_>,
    c: &mut Call<'_>,
    operands: &[String],
    msg: Msg,
) -> Vec<Result<(String, String), String>> {
    if operands.is_empty() {
        return vec![Ok(("-".to_string(), c.take_stdin()))];
    }
    let name = c.name().rsplit('/').next().unwrap_or("").to_string();
    let mut out = Vec::new();
    for op in operands {
        if op == "-" {
            out.push(Ok((op.clone(), c.take_stdin())));
            continue;
        }
        let path = ex.sh.resolve(op);
        out.push(match ex.sh.fs.read(&path, c.who) {
            Ok(t) => Ok((op.clone(), t.to_string())),
            Err(e) => Err(match msg {
                Msg::Plain => format!("{name}: {op}: {e}"),
                Msg::Open => format!("{name}: cannot open '{op}' for reading: {e}"),
                Msg::Read => format!("{name}: cannot read: {op}: {e}"),
            }),
        });
    }
    out
}

/// Reads every input first (as `sort` and `uniq` do), printing the errors; returns the texts and
/// whether any input failed.
fn inputs(ex: &Exec<'_>, c: &mut Call<'_>, operands: &[String], msg: Msg) -> (Vec<(String, String)>, bool) {
    let mut texts = Vec::new();
    let mut failed = false;
    for r in read_inputs(ex, c, operands, msg) {
        match r {
            Ok(t) => texts.push(t),
            Err(m) => {
                c.err(&m);
                failed = true;
            }
        }
    }
    (texts, failed)
}

/// Prints what has been produced so far, then an error line: keeps GNU's interleaving.
fn fail_here(c: &mut Call<'_>, out: &mut String, msg: &str) {
    c.io.out(&std::mem::take(out));
    c.err(msg);
}

/// Splits text into lines, keeping each line's newline (the last line may lack one).
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn strip_nl(l: &str) -> &str {
    l.strip_suffix('\n').unwrap_or(l)
}

/// Escapes a fixed string so the basic regex syntax matches it literally.
fn bre_escape(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        if matches!(ch, '.' | '[' | ']' | '*' | '^' | '$' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

const GREP_USAGE: &str = "Usage: grep [OPTION]... PATTERNS [FILE]...";

pub(crate) fn grep(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut syntax = if c.name().ends_with("egrep") { Syntax::Extended } else { Syntax::Basic };
    let mut fixed = false;
    let (
        mut invert,
        mut icase,
        mut count,
        mut number,
        mut word,
        mut whole,
        mut only,
        mut quiet,
        mut list,
        mut no_name,
        mut with_name,
        mut silent,
    ) = (false, false, false, false, false, false, false, false, false, false, false, false);
    let mut patterns: Vec<String> = Vec::new();
    let mut operands: Vec<String> = Vec::new();
    let args = c.args().to_vec();
    let mut i = 0;
    let mut done = false;
    while let Some(a) = args.get(i) {
        i += 1;
        if done || a == "-" || !a.starts_with('-') {
            operands.push(a.clone());
            continue;
        }
        if a == "--" {
            done = true;
            continue;
        }
        if let Some(l) = a.strip_prefix("--") {
            match l {
                _ if l.starts_with("color") || l.starts_with("colour") => {}
                "invert-match" => invert = true,
                "ignore-case" => icase = true,
                "count" => count = true,
                "line-number" => number = true,
                "word-regexp" => word = true,
                "line-regexp" => whole = true,
                "only-matching" => only = true,
                "quiet" | "silent" => quiet = true,
                "extended-regexp" => syntax = Syntax::Extended,
                "fixed-strings" => fixed = true,
                _ if l.starts_with("regexp=") => patterns.push(l.get(7..).unwrap_or("").to_string()),
                _ => {
                    c.err(&format!("grep: unrecognized option '{a}'"));
                    c.err(GREP_USAGE);
                    c.err("Try 'grep --help' for more information.");
                    return Ok(2);
                }
            }
            continue;
        }
        let flags: Vec<char> = a.chars().skip(1).collect();
        for (j, f) in flags.iter().enumerate() {
            match f {
                'v' => invert = true,
                'i' | 'y' => icase = true,
                'c' => count = true,
                'n' => number = true,
                'w' => word = true,
                'x' => whole = true,
                'o' => only = true,
                'q' => quiet = true,
                'l' => list = true,
                'h' => no_name = true,
                'H' => with_name = true,
                's' => silent = true,
                'E' => syntax = Syntax::Extended,
                'G' => syntax = Syntax::Basic,
                'F' => fixed = true,
                'e' => {
                    let rest: String = flags.iter().skip(j + 1).collect();
                    if !rest.is_empty() {
                        patterns.push(rest);
                    } else if let Some(p) = args.get(i) {
                        patterns.push(p.clone());
                        i += 1;
                    } else {
                        c.err("grep: option requires an argument -- 'e'");
                        c.err(GREP_USAGE);
                        c.err("Try 'grep --help' for more information.");
                        return Ok(2);
                    }
                    break;
                }
                other => {
                    c.err(&format!("grep: invalid option -- '{other}'"));
                    c.err(GREP_USAGE);
                    c.err("Try 'grep --help' for more information.");
                    return Ok(2);
                }
            }
        }
    }
    if patterns.is_empty() {
        if operands.is_empty() {
            c.err(GREP_USAGE);
            c.err("Try 'grep --help' for more information.");
            return Ok(2);
        }
        patterns.push(operands.remove(0));
    }
    let patterns: Vec<String> =
        patterns.iter().flat_map(|p| p.split('\n').map(str::to_string).collect::<Vec<_>>()).collect();
    let mut regexes = Vec::new();
    for p in &patterns {
        let (mut src, mut syn) = if fixed { (bre_escape(p), Syntax::Basic) } else { (p.clone(), syntax) };
        if whole || word {
            let ere = syn == Syntax::Extended;
            src = match (whole, ere) {
                (true, true) => format!("^({src})$"),
                (true, false) => format!("^\\({src}\\)$"),
                (false, true) => format!("(^|[^[:alnum:]_])({src})([^[:alnum:]_]|$)"),
                (false, false) => format!("\\(^\\|[^[:alnum:]_]\\)\\({src}\\)\\([^[:alnum:]_]\\|$\\)"),
            };
            syn = if ere { Syntax::Extended } else { Syntax::Basic };
        }
        match Regex::new(&src, syn, icase) {
            Ok(r) => regexes.push(r),
            Err(e) => {
                c.err(&format!("grep: {e}"));
                return Ok(2);
            }
        }
    }
    let show_names = with_name || (operands.len() > 1 && !no_name);
    let mut failed = false;
    let mut any = false;
    let mut out = String::new();
    for input in read_inputs(ex, c, &operands, Msg::Plain) {
        let (name, text) = match input {
            Ok(t) => t,
            Err(m) => {
                failed = true;
                if !silent {
                    fail_here(c, &mut out, &m);
                }
                continue;
            }
        };
        let (name, text) = (&name, &text);
        let shown = if name == "-" { "(standard input)" } else { name.as_str() };
        let mut n = 0usize;
        for (idx, line) in lines(text).into_iter().enumerate() {
            let l = strip_nl(line);
            let hit = regexes.iter().any(|r| r.is_match(l)) != invert;
            if !hit {
                continue;
            }
            n += 1;
            any = true;
            if quiet || list || count {
                continue;
            }
            let prefix = format!(
                "{}{}",
                if show_names { format!("{shown}:") } else { String::new() },
                if number { format!("{}:", idx + 1) } else { String::new() }
            );
            if only && !invert {
                let mut rest = l;
                while let Some((s, e)) = regexes.iter().filter_map(|r| r.find(rest)).min_by_key(|(s, _)| *s) {
                    if e > s {
                        out.push_str(&prefix);
                        out.push_str(rest.get(s..e).unwrap_or(""));
                        out.push('\n');
                    }
                    let next = if e > s {
                        e
                    } else {
                        s + rest.get(s..).and_then(|r| r.chars().next()).map(char::len_utf8).unwrap_or(1)
                    };
                    match rest.get(next..) {
                        Some(r) if !r.is_empty() => rest = r,
                        _ => break,
                    }
                }
            } else if !only {
                out.push_str(&prefix);
                out.push_str(l);
                out.push('\n');
            }
        }
        if count && !quiet {
            if show_names {
                out.push_str(&format!("{shown}:{n}\n"));
            } else {
                out.push_str(&format!("{n}\n"));
            }
        }
        if list && n > 0 && !quiet {
            out.push_str(shown);
            out.push('\n');
        }
        if quiet && any {
            break;
        }
    }
    c.io.out(&out);
    Ok(if any && (quiet || !failed) {
        0
    } else if failed {
        2
    } else {
        1
    })
}

/// Parses `-n N` / `-N` / `-n +N` / `-c N` for head and tail: (count, from_start, bytes, rest).
fn count_opts(c: &mut Call<'_>, default: i64) -> Result<(i64, bool, bool, bool, Vec<String>), i32> {
    let name = c.name().to_string();
    let args = c.args().to_vec();
    let mut count = default;
    let mut plus = false;
    let mut bytes = false;
    let mut quiet_headers = false;
    let mut operands = Vec::new();
    let mut i = 0;
    let bad = |c: &mut Call<'_>, what: &str, v: &str| {
        c.err(&format!("{name}: invalid number of {what}: ‘{v}’"));
        Err(1)
    };
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "-" || !a.starts_with('-') {
            operands.push(a.clone());
            continue;
        }
        if a == "-f" || a == "-F" || a == "--follow" {
            continue;
        }
        if a == "-q" || a == "--quiet" || a == "--silent" {
            quiet_headers = true;
            continue;
        }
        let body = a.get(1..).unwrap_or("");
        if body.chars().all(|ch| ch.is_ascii_digit()) && !body.is_empty() {
            count = body.parse().unwrap_or(i64::MAX);
            continue;
        }
        let (flag, inline) = (body.chars().next().unwrap_or('-'), body.get(1..).unwrap_or(""));
        if flag != 'n' && flag != 'c' {
            c.err(&format!("{name}: invalid option -- '{flag}'"));
            c.err(&format!("Try '{name} --help' for more information."));
            return Err(1);
        }
        bytes = flag == 'c';
        let value = if !inline.is_empty() {
            inline.to_string()
        } else if let Some(v) = args.get(i) {
            i += 1;
            v.clone()
        } else {
            c.err(&format!("{name}: option requires an argument -- '{flag}'"));
            c.err(&format!("Try '{name} --help' for more information."));
            return Err(1);
        };
        let what = if bytes { "bytes" } else { "lines" };
        let (sign, digits) = match value.strip_prefix('+') {
            Some(d) => (1, d),
            None => match value.strip_prefix('-') {
                Some(d) => (-1, d),
                None => (0, value.as_str()),
            },
        };
        match digits.parse::<i64>() {
            Ok(n) => {
                plus = sign == 1;
                count = if sign == -1 { -n } else { n };
            }
            Err(_) => return bad(c, what, &value),
        }
    }
    Ok((count, plus, bytes, quiet_headers, operands))
}

pub(crate) fn head(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (count, _, bytes, quiet, operands) = match count_opts(c, 10) {
        Ok(x) => x,
        Err(s) => return Ok(s),
    };
    let headers = operands.len() > 1 && !quiet;
    let mut out = String::new();
    let mut failed = false;
    let mut shown = 0;
    for input in read_inputs(ex, c, &operands, Msg::Open) {
        let (name, text) = match input {
            Ok(t) => t,
            Err(m) => {
                failed = true;
                fail_here(c, &mut out, &m);
                continue;
            }
        };
        if headers {
            if shown > 0 {
                out.push('\n');
            }
            out.push_str(&format!("==> {} <==\n", if name == "-" { "standard input" } else { &name }));
        }
        shown += 1;
        if bytes {
            let b = text.as_bytes();
            let n = if count >= 0 {
                (count as usize).min(b.len())
            } else {
                b.len().saturating_sub(count.unsigned_abs() as usize)
            };
            out.push_str(&String::from_utf8_lossy(b.get(..n).unwrap_or(b)));
        } else {
            let ls = lines(&text);
            let n = if count >= 0 {
                (count as usize).min(ls.len())
            } else {
                ls.len().saturating_sub(count.unsigned_abs() as usize)
            };
            for l in ls.iter().take(n) {
                out.push_str(l);
            }
        }
    }
    c.io.out(&out);
    Ok(i32::from(failed))
}

pub(crate) fn tail(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    // `tail -f` prints the end and then waits for more for ever (a main process keeps
    // running); here nothing is ever appended, so elsewhere it prints the end and stops.
    let follows = |a: &String| matches!(a.as_str(), "-f" | "-F") || a.starts_with("--follow");
    if c.args().iter().any(follows) {
        let rest: Vec<String> = c.argv.iter().filter(|a| !follows(a)).cloned().collect();
        let status = tail(ex, &mut Call { argv: &rest, stdin: c.stdin, io: c.io, tty: c.tty, who: c.who })?;
        return ex.block_or(status);
    }
    let (count, from_start, bytes, quiet, operands) = match count_opts(c, 10) {
        Ok(x) => x,
        Err(s) => return Ok(s),
    };
    let headers = operands.len() > 1 && !quiet;
    let mut out = String::new();
    let n = count.unsigned_abs() as usize;
    let mut failed = false;
    let mut shown = 0;
    for input in read_inputs(ex, c, &operands, Msg::Open) {
        let (name, text) = match input {
            Ok(t) => t,
            Err(m) => {
                failed = true;
                fail_here(c, &mut out, &m);
                continue;
            }
        };
        if headers {
            if shown > 0 {
                out.push('\n');
            }
            out.push_str(&format!("==> {} <==\n", if name == "-" { "standard input" } else { &name }));
        }
        shown += 1;
        if bytes {
            let b = text.as_bytes();
            let start = if from_start { n.saturating_sub(1).min(b.len()) } else { b.len().saturating_sub(n) };
            out.push_str(&String::from_utf8_lossy(b.get(start..).unwrap_or(b)));
        } else {
            let ls = lines(&text);
            let start = if from_start { n.saturating_sub(1).min(ls.len()) } else { ls.len().saturating_sub(n) };
            for l in ls.iter().skip(start) {
                out.push_str(l);
            }
        }
    }
    c.io.out(&out);
    Ok(i32::from(failed))
}

pub(crate) fn wc(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (flags, _, operands) = match split_opts(c.args(), "lwcmL") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    let mut want: Vec<char> = ['l', 'w', 'm', 'c', 'L'].into_iter().filter(|f| flags.contains(f)).collect();
    if want.is_empty() {
        want = vec!['l', 'w', 'c'];
    }
    let inputs = read_inputs(ex, c, &operands, Msg::Plain);
    let failed = inputs.iter().any(Result::is_err);
    let files: Vec<(String, String)> = inputs.iter().filter_map(|r| r.as_ref().ok().cloned()).collect();
    let counts = |t: &str| -> Vec<u64> {
        want.iter()
            .map(|f| match f {
                'l' => t.matches('\n').count() as u64,
                'w' => t.split_whitespace().count() as u64,
                'm' => t.chars().count() as u64,
                'c' => t.len() as u64,
                _ => t.lines().map(|l| l.chars().count()).max().unwrap_or(0) as u64,
            })
            .collect()
    };
    let rows: Vec<(String, Vec<u64>)> = files.iter().map(|(n, t)| (n.clone(), counts(t))).collect();
    let mut total = vec![0u64; want.len()];
    for (_, r) in &rows {
        for (t, v) in total.iter_mut().zip(r) {
            *t += v;
        }
    }
    let width = if want.len() == 1 && rows.len() == 1 {
        1
    } else {
        let min = if files.iter().any(|(n, _)| n == "-") { 7 } else { 1 };
        let regular: usize = files.iter().filter(|(n, _)| n != "-").map(|(_, t)| t.len()).sum();
        regular.to_string().len().max(min)
    };
    let fmt = |vals: &[u64], name: Option<&str>| -> String {
        let mut s = vals.iter().map(|v| format!("{v:>width$}")).collect::<Vec<_>>().join(" ");
        if let Some(n) = name {
            s.push(' ');
            s.push_str(n);
        }
        s
    };
    let mut rows_iter = rows.iter();
    for input in &inputs {
        if let Err(m) = input {
            c.err(m);
            continue;
        }
        let Some((name, r)) = rows_iter.next() else { break };
        let shown = if name == "-" && operands.is_empty() { None } else { Some(name.as_str()) };
        let line = fmt(r, shown);
        c.out(&line);
    }
    if operands.len() > 1 {
        let line = fmt(&total, Some("total"));
        c.out(&line);
    }
    Ok(i32::from(failed))
}

/// The numeric value `sort -n` sees at the start of a key (no number is 0).
fn leading_number(s: &str) -> f64 {
    let t = s.trim_start();
    let mut end = 0;
    for (i, ch) in t.char_indices() {
        if ch.is_ascii_digit() || (ch == '-' && i == 0) || ch == '.' {
            end = i + ch.len_utf8();
        } else {
            break;
        }
    }
    t.get(..end).and_then(|n| n.parse().ok()).unwrap_or(0.0)
}

/// Splits a line into sort fields: by `sep`, or by runs of blanks (leading blanks belong to the
/// field they precede, as in GNU sort).
fn sort_fields(line: &str, sep: Option<char>) -> Vec<&str> {
    match sep {
        Some(s) => line.split(s).collect(),
        None => {
            let mut out = Vec::new();
            let b = line.as_bytes();
            let mut start = 0;
            let mut i = 0;
            while i < b.len() {
                while i < b.len() && (b[i] == b' ' || b[i] == b'\t') {
                    i += 1;
                }
                while i < b.len() && b[i] != b' ' && b[i] != b'\t' {
                    i += 1;
                }
                out.push(line.get(start..i).unwrap_or(""));
                start = i;
            }
            if out.is_empty() {
                out.push("");
            }
            out
        }
    }
}

pub(crate) fn sort(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let (mut reverse, mut numeric, mut unique, mut fold) = (false, false, false, false);
    let mut key: Option<(usize, Option<usize>)> = None;
    let mut sep: Option<char> = None;
    let mut output: Option<String> = None;
    let mut operands = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "-" || !a.starts_with('-') {
            operands.push(a.clone());
            continue;
        }
        let flags: Vec<char> = a.chars().skip(1).collect();
        for (j, f) in flags.iter().enumerate() {
            match f {
                'r' => reverse = true,
                'n' | 'g' | 'h' => numeric = true,
                'u' => unique = true,
                'f' => fold = true,
                'b' | 'd' | 's' => {}
                'k' | 't' | 'o' => {
                    let rest: String = flags.iter().skip(j + 1).collect();
                    let value = if !rest.is_empty() {
                        rest
                    } else if let Some(v) = args.get(i) {
                        i += 1;
                        v.clone()
                    } else {
                        return c.usage(&format!("option requires an argument -- '{f}'"), 2);
                    };
                    if *f == 't' {
                        sep = value.chars().next();
                    } else if *f == 'o' {
                        output = Some(value);
                    } else {
                        let spec: String = value.chars().filter(|ch| ch.is_ascii_digit() || *ch == ',').collect();
                        let mut parts = spec.split(',');
                        let start = parts.next().and_then(|s| s.parse::<usize>().ok()).filter(|n| *n > 0);
                        let Some(start) = start else {
                            c.err(&format!("sort: invalid number at field start: invalid count at start of ‘{value}’"));
                            return Ok(2);
                        };
                        let end = parts.next().and_then(|s| s.parse::<usize>().ok());
                        key = Some((start, end));
                    }
                    break;
                }
                other => return c.usage(&format!("invalid option -- '{other}'"), 2),
            }
        }
    }
    let (files, failed) = inputs(ex, c, &operands, Msg::Read);
    let mut all: Vec<String> = Vec::new();
    for (_, t) in &files {
        all.extend(lines(t).into_iter().map(|l| strip_nl(l).to_string()));
    }
    let key_of = |l: &str| -> String {
        match key {
            None => l.to_string(),
            Some((s, e)) => {
                let fields = sort_fields(l, sep);
                let end = e.unwrap_or(fields.len()).min(fields.len());
                let joiner = sep.map(String::from).unwrap_or_default();
                fields.get(s - 1..end.max(s - 1)).map(|f| f.join(&joiner)).unwrap_or_default()
            }
        }
    };
    let cmp_keys = |a: &str, b: &str| -> std::cmp::Ordering {
        let (ka, kb) = (key_of(a), key_of(b));
        if numeric {
            leading_number(&ka).partial_cmp(&leading_number(&kb)).unwrap_or(std::cmp::Ordering::Equal)
        } else if fold {
            ka.to_uppercase().cmp(&kb.to_uppercase())
        } else {
            ka.cmp(&kb)
        }
    };
    crate::sort::sort_by(&mut all, |a, b| {
        let o = cmp_keys(a, b);
        let o = if o == std::cmp::Ordering::Equal && !unique { a.cmp(b) } else { o };
        if reverse {
            o.reverse()
        } else {
            o
        }
    });
    if unique {
        all.dedup_by(|a, b| cmp_keys(a, b) == std::cmp::Ordering::Equal);
    }
    let mut out = String::new();
    for l in all {
        out.push_str(&l);
        out.push('\n');
    }
    match output {
        Some(file) => {
            let path = ex.sh.resolve(&file);
            if let Err(e) = ex.sh.fs.write(&path, &out, super::fs::WriteMode::Truncate, c.who, ex.sh.now) {
                c.err(&format!("sort: open failed: {file}: {e}"));
                return Ok(2);
            }
        }
        None => c.io.out(&out),
    }
    Ok(if failed { 2 } else { 0 })
}

pub(crate) fn uniq(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let (flags, _, operands) = match split_opts(c.args(), "cdui") {
        Ok(x) => x,
        Err(f) => return c.usage(&format!("invalid option -- '{f}'"), 1),
    };
    let (files, failed) = inputs(ex, c, operands.get(..1).unwrap_or(&[]), Msg::Plain);
    let text = files.into_iter().next().map(|(_, t)| t).unwrap_or_default();
    let icase = flags.contains(&'i');
    let mut groups: Vec<(String, usize)> = Vec::new();
    for l in lines(&text).into_iter().map(strip_nl) {
        match groups.last_mut() {
            Some((prev, n)) if (icase && prev.to_lowercase() == l.to_lowercase()) || prev == l => *n += 1,
            _ => groups.push((l.to_string(), 1)),
        }
    }
    let mut out = String::new();
    for (l, n) in groups {
        if (flags.contains(&'d') && n < 2) || (flags.contains(&'u') && n > 1) {
            continue;
        }
        if flags.contains(&'c') {
            out.push_str(&format!("{n:>7} {l}\n"));
        } else {
            out.push_str(&l);
            out.push('\n');
        }
    }
    c.io.out(&out);
    Ok(i32::from(failed))
}

/// A `cut` list such as `1,3-5,7-`: is position `n` (1-based) selected?
fn in_list(list: &[(usize, usize)], n: usize) -> bool {
    list.iter().any(|(a, b)| *a <= n && n <= *b)
}

fn parse_list(s: &str) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::new();
    for part in s.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (
                if a.is_empty() { 1 } else { a.parse().ok()? },
                if b.is_empty() { usize::MAX } else { b.parse().ok()? },
            ),
            None => {
                let n = part.parse().ok()?;
                (n, n)
            }
        };
        if a == 0 || a > b {
            return None;
        }
        out.push((a, b));
    }
    Some(out)
}

pub(crate) fn cut(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let mut delim = '\t';
    let mut fields: Option<String> = None;
    let mut chars: Option<String> = None;
    let mut suppress = false;
    let mut operands = Vec::new();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if a == "-" || !a.starts_with('-') {
            operands.push(a.clone());
            continue;
        }
        let flag = a.chars().nth(1).unwrap_or('-');
        let inline = a.get(2..).unwrap_or("").to_string();
        let mut value = || -> Option<String> {
            if !inline.is_empty() {
                Some(inline.clone())
            } else {
                i += 1;
                args.get(i - 1).cloned()
            }
        };
        match flag {
            'd' => match value() {
                Some(v) if v.chars().count() == 1 => delim = v.chars().next().unwrap_or('\t'),
                Some(_) => {
                    c.err("cut: the delimiter must be a single character");
                    c.err("Try 'cut --help' for more information.");
                    return Ok(1);
                }
                None => return c.usage("option requires an argument -- 'd'", 1),
            },
            'f' => fields = value(),
            'c' | 'b' => chars = value(),
            's' => suppress = true,
            other => return c.usage(&format!("invalid option -- '{other}'"), 1),
        }
    }
    let spec = match (&fields, &chars) {
        (Some(f), None) => f.clone(),
        (None, Some(ch)) => ch.clone(),
        (None, None) => return c.usage("you must specify a list of bytes, characters, or fields", 1),
        _ => return c.usage("only one type of list may be specified", 1),
    };
    let Some(list) = parse_list(&spec) else {
        c.err(&format!("cut: invalid field value ‘{spec}’"));
        c.err("Try 'cut --help' for more information.");
        return Ok(1);
    };
    let mut out = String::new();
    let mut failed = false;
    for input in read_inputs(ex, c, &operands, Msg::Plain) {
        let t = match input {
            Ok((_, t)) => t,
            Err(m) => {
                failed = true;
                fail_here(c, &mut out, &m);
                continue;
            }
        };
        for l in lines(&t).into_iter().map(strip_nl) {
            if fields.is_some() {
                if !l.contains(delim) {
                    if !suppress {
                        out.push_str(l);
                        out.push('\n');
                    }
                    continue;
                }
                let picked: Vec<&str> =
                    l.split(delim).enumerate().filter(|(i, _)| in_list(&list, i + 1)).map(|(_, f)| f).collect();
                out.push_str(&picked.join(&delim.to_string()));
            } else {
                out.extend(l.chars().enumerate().filter(|(i, _)| in_list(&list, i + 1)).map(|(_, ch)| ch));
            }
            out.push('\n');
        }
    }
    c.io.out(&out);
    Ok(i32::from(failed))
}

/// Expands a `tr` set: ranges, escapes and `[:class:]`.
fn tr_set(s: &str) -> Vec<char> {
    let (s, _) = unescape(s, false);
    let cs: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&ch) = cs.get(i) {
        if ch == '[' && cs.get(i + 1) == Some(&':') {
            let rest: String = cs.get(i + 2..).unwrap_or(&[]).iter().collect();
            if let Some(end) = rest.find(":]") {
                let name = rest.get(..end).unwrap_or("");
                let range: Vec<char> = match name {
                    "upper" => ('A'..='Z').collect(),
                    "lower" => ('a'..='z').collect(),
                    "digit" => ('0'..='9').collect(),
                    "alpha" => ('A'..='Z').chain('a'..='z').collect(),
                    "alnum" => ('0'..='9').chain('A'..='Z').chain('a'..='z').collect(),
                    "space" => vec![' ', '\t', '\n', '\r', '\x0b', '\x0c'],
                    "blank" => vec![' ', '\t'],
                    _ => Vec::new(),
                };
                out.extend(range);
                i += 2 + name.chars().count() + 2;
                continue;
            }
        }
        if cs.get(i + 1) == Some(&'-') {
            if let Some(&hi) = cs.get(i + 2) {
                if hi >= ch {
                    out.extend((ch as u32..=hi as u32).filter_map(char::from_u32).take(65_536));
                    i += 3;
                    continue;
                }
            }
        }
        out.push(ch);
        i += 1;
    }
    out
}

pub(crate) fn tr(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut delete = false;
    let mut squeeze = false;
    let mut sets = Vec::new();
    for a in c.args().to_vec() {
        if a.len() > 1 && a.starts_with('-') && sets.is_empty() {
            for f in a.chars().skip(1) {
                match f {
                    'd' => delete = true,
                    's' => squeeze = true,
                    other => return c.usage(&format!("invalid option -- '{other}'"), 1),
                }
            }
        } else {
            sets.push(tr_set(&a));
        }
    }
    let needed = if delete || (squeeze && sets.len() == 1) { 1 } else { 2 };
    if sets.len() < needed {
        let msg = if sets.is_empty() {
            "missing operand".to_string()
        } else {
            format!("missing operand after ‘{}’", c.args().last().cloned().unwrap_or_default())
        };
        return c.usage(&msg, 1);
    }
    let text = c.take_stdin();
    let set1 = sets.first().cloned().unwrap_or_default();
    let set2 = sets.get(1).cloned().unwrap_or_default();
    let mut out = String::new();
    let mut last: Option<char> = None;
    for ch in text.chars() {
        let mapped = if delete {
            if set1.contains(&ch) {
                continue;
            }
            ch
        } else if let Some(pos) = set1.iter().position(|x| *x == ch).filter(|_| !set2.is_empty()) {
            set2.get(pos).or(set2.last()).copied().unwrap_or(ch)
        } else {
            ch
        };
        let squeeze_set = if set2.is_empty() || delete { &set1 } else { &set2 };
        if squeeze && last == Some(mapped) && squeeze_set.contains(&mapped) {
            continue;
        }
        out.push(mapped);
        last = Some(mapped);
    }
    c.io.out(&out);
    Ok(0)
}

pub(crate) fn seq(_ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let mut sep = "\n".to_string();
    let mut nums = Vec::new();
    let args = c.args().to_vec();
    let mut i = 0;
    while let Some(a) = args.get(i) {
        i += 1;
        if let Some(inline) = a.strip_prefix("-s") {
            if inline.is_empty() {
                sep = args.get(i).cloned().unwrap_or_default();
                i += 1;
            } else {
                sep = inline.to_string();
            }
            continue;
        }
        match a.parse::<i64>() {
            Ok(n) => nums.push(n),
            Err(_) => return c.usage(&format!("invalid floating point argument: ‘{a}’"), 1),
        }
    }
    let (first, step, last) = match nums.as_slice() {
        [l] => (1, 1, *l),
        [f, l] => (*f, 1, *l),
        [f, s, l] => (*f, *s, *l),
        [] => return c.usage("missing operand", 1),
        _ => return c.usage(&format!("extra operand ‘{}’", nums.get(3).map(|n| n.to_string()).unwrap_or_default()), 1),
    };
    if step == 0 {
        return c.usage("invalid Zero increment value: ‘0’", 1);
    }
    let mut out = String::new();
    let mut n = first;
    let mut count = 0u32;
    while (step > 0 && n <= last) || (step < 0 && n >= last) {
        if count > 0 {
            out.push_str(&sep);
        }
        out.push_str(&n.to_string());
        count += 1;
        if out.len() > 4 << 20 {
            return Err(super::error::ShellError::TooBig.into());
        }
        n = match n.checked_add(step) {
            Some(v) => v,
            None => break,
        };
    }
    if count > 0 {
        out.push('\n');
    }
    c.io.out(&out);
    Ok(0)
}

/// Splits xargs input into words: blanks and newlines separate, quotes and backslashes group.
fn xargs_words(text: &str) -> Result<Vec<String>, &'static str> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut started = false;
    let mut cs = text.chars();
    while let Some(ch) = cs.next() {
        match ch {
            ' ' | '\t' | '\n' => {
                if started {
                    words.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            '\'' | '"' => {
                started = true;
                loop {
                    match cs.next() {
                        Some(q) if q == ch => break,
                        Some('\n') | None => {
                            return Err(if ch == '"' { "double" } else { "single" });
                        }
                        Some(x) => cur.push(x),
                    }
                }
            }
            '\\' => {
                started = true;
                if let Some(x) = cs.next() {
                    cur.push(x);
                }
            }
            _ => {
                started = true;
                cur.push(ch);
            }
        }
    }
    if started {
        words.push(cur);
    }
    Ok(words)
}

pub(crate) fn xargs(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let mut no_empty = false;
    let mut per: Option<usize> = None;
    let mut replace: Option<String> = None;
    let mut trace = false;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if !a.starts_with('-') || a == "-" {
            break;
        }
        i += 1;
        match a.as_str() {
            "-r" | "--no-run-if-empty" => no_empty = true,
            "-t" | "--verbose" => trace = true,
            "--" => break,
            s if s.starts_with("-n") || s.starts_with("-L") => {
                let v = if s.len() > 2 {
                    s.get(2..).unwrap_or("").to_string()
                } else {
                    i += 1;
                    args.get(i - 1).cloned().unwrap_or_default()
                };
                match v.parse::<usize>() {
                    Ok(n) if n > 0 => per = Some(n),
                    _ => {
                        c.err(&format!(
                            "xargs: invalid number \"{v}\" for -{} option",
                            s.chars().nth(1).unwrap_or('n')
                        ));
                        c.err("Try 'xargs --help' for more information.");
                        return Ok(1);
                    }
                }
            }
            s if s.starts_with("-I") || s.starts_with("-i") => {
                let v = if s.len() > 2 {
                    s.get(2..).unwrap_or("").to_string()
                } else if s == "-i" {
                    "{}".to_string()
                } else {
                    i += 1;
                    args.get(i - 1).cloned().unwrap_or_default()
                };
                replace = Some(v);
            }
            s => {
                let f = s.chars().nth(1).unwrap_or('-');
                c.err(&format!("xargs: invalid option -- '{f}'"));
                c.err("Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...");
                c.err("Try 'xargs --help' for more information.");
                return Ok(1);
            }
        }
    }
    let mut cmd: Vec<String> = args.get(i..).unwrap_or(&[]).to_vec();
    if cmd.is_empty() {
        cmd.push("echo".to_string());
    }
    let input = c.take_stdin();
    let mut batches: Vec<Vec<String>> = Vec::new();
    if let Some(r) = &replace {
        for line in input.lines() {
            let item = line.trim_start();
            if item.is_empty() {
                continue;
            }
            batches.push(cmd.iter().map(|a| a.replace(r.as_str(), item)).collect());
        }
    } else {
        let words = match xargs_words(&input) {
            Ok(w) => w,
            Err(kind) => {
                c.err(&format!("xargs: unmatched {kind} quote; by default quotes are special to xargs unless you use the -0 option"));
                return Ok(1);
            }
        };
        if words.is_empty() {
            if !no_empty {
                batches.push(cmd.clone());
            }
        } else {
            for chunk in words.chunks(per.unwrap_or(usize::MAX).max(1)) {
                let mut argv = cmd.clone();
                argv.extend(chunk.iter().cloned());
                batches.push(argv);
            }
        }
    }
    let mut status = 0;
    for argv in batches {
        if trace {
            c.err(&argv.join(" "));
        }
        let mut empty = String::new();
        match ex.run_program(&argv, &mut empty, c.io, c.tty, c.who)? {
            None => {
                c.err(&format!("xargs: {}: No such file or directory", argv.first().cloned().unwrap_or_default()));
                return Ok(127);
            }
            Some(255) => {
                c.err(&format!(
                    "xargs: {}: exited with status 255; aborting",
                    argv.first().cloned().unwrap_or_default()
                ));
                return Ok(124);
            }
            Some(0) => {}
            Some(_) => status = 123,
        }
        if c.io.full() {
            break;
        }
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        assert_eq!(leading_number("  42abc"), 42.0);
        assert_eq!(leading_number("x"), 0.0);
        assert_eq!(sort_fields("a  b c", None), ["a", "  b", " c"]);
        assert_eq!(parse_list("1,3-4,6-"), Some(vec![(1, 1), (3, 4), (6, usize::MAX)]));
        assert_eq!(parse_list("0"), None);
        assert_eq!(tr_set("a-c[:digit:]"), "abc0123456789".chars().collect::<Vec<_>>());
        assert_eq!(xargs_words("a 'b c'\n\"d\" e\\ f"), Ok(vec!["a".into(), "b c".into(), "d".into(), "e f".into()]));
        assert_eq!(xargs_words("'a"), Err("single"));
    }
}
