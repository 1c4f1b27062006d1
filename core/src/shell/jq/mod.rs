//! `jq` 1.7.1 (Ubuntu 24.04's) on the host, for what tutorials pipe `docker inspect` into:
//! its common options (`-r`, `-c`, `-j`, `-n`, `-s`, `-e`, `-S`, `--arg`), inputs from stdin or
//! files, pretty-printing, and its own words for bad filters (compile errors, exit 3), bad
//! input (`jq: parse error: ...`, exit 5) and runtime errors (`jq: error (at <stdin>:N): ...`).
//! Colours are left out (this terminal shows none); options and syntax it leaves out are
//! named as such in the site's voice. Kept small on purpose: every line here is in the bundle.

mod eval;
mod json;
mod parse;

use super::builtins::Call;
use super::exec::{Exec, Stop};
use eval::{Fail, Machine};
use json::{dump, Json, Layout};
use parse::ParseError;

/// Steps a program may take on one input before this terminal stops it.
const BUDGET: u64 = 2_000_000;

const HELP_HEAD: &str = "\
jq - commandline JSON processor [version 1.7.1]

Usage:\tjq [options] <jq filter> [file...]
\tjq [options] --args <jq filter> [strings...]
\tjq [options] --jsonargs <jq filter> [JSON_TEXTS...]

jq is a tool for processing JSON inputs, applying the given filter to
its JSON text inputs and producing the filter's results as JSON on
standard output.

The simplest filter is ., which copies jq's input to its output
unmodified except for formatting. For more advanced filters see
the jq(1) manpage (\"man jq\") and/or https://jqlang.github.io/jq/.

Example:

\t$ echo '{\"foo\": 0}' | jq .
\t{
\t  \"foo\": 0
\t}

";

/// What the command line asked for.
struct Opts {
    program: Option<String>,
    files: Vec<String>,
    layout: Layout,
    raw: bool,
    join: bool,
    null_input: bool,
    slurp: bool,
    exit_status: bool,
    named: Vec<(String, Json)>,
}

/// jq's other options: accepted by the real jq, left out here.
const LEFT_OUT: &str = "R a f L h --help --raw-input --ascii-output --tab --indent --unbuffered --stream --stream-errors --seq --from-file --argjson --slurpfile --rawfile --args --jsonargs --raw-output0 --build-configuration";

/// `jq`: parses its options, reads its inputs, runs the filter on each.
pub(crate) fn jq(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let mut o = Opts {
        program: None,
        files: Vec::new(),
        layout: Layout { pretty: true, sort_keys: false },
        raw: false,
        join: false,
        null_input: false,
        slurp: false,
        exit_status: false,
        named: Vec::new(),
    };
    let mut done = false;
    let mut i = 0;
    let die = |c: &mut Call<'_>, msg: &str| {
        c.err(msg);
        c.err("Use jq --help for help with command-line options,");
        c.err("or see the jq manpage, or online docs  at https://jqlang.github.io/jq");
        Ok(2)
    };
    while let Some(a) = args.get(i) {
        i += 1;
        let optish = a.starts_with('-') && a.chars().nth(1).is_some_and(|n| n == '-' || n.is_ascii_alphabetic());
        if done || !optish {
            match o.program {
                None => o.program = Some(a.clone()),
                Some(_) => o.files.push(a.clone()),
            }
            continue;
        }
        let letters: Vec<char> = match a.as_str() {
            "--" => {
                done = true;
                continue;
            }
            "--arg" => {
                let (Some(name), Some(value)) = (args.get(i), args.get(i + 1)) else {
                    return die(c, "jq: --arg takes two parameters (e.g. --arg varname value)");
                };
                i += 2;
                if !o.named.iter().any(|(n, _)| n == name) {
                    o.named.push((name.clone(), Json::Str(value.clone())));
                }
                continue;
            }
            "--slurp" => vec!['s'],
            "--raw-output" => vec!['r'],
            "--join-output" => vec!['j'],
            "--compact-output" => vec!['c'],
            "--color-output" => vec!['C'],
            "--monochrome-output" => vec!['M'],
            "--sort-keys" => vec!['S'],
            "--null-input" => vec!['n'],
            "--exit-status" => vec!['e'],
            "--version" => vec!['V'],
            long if long.starts_with("--") => vec![' '],
            short => short.chars().skip(1).collect(),
        };
        for ch in letters {
            match ch {
                's' => o.slurp = true,
                'r' => o.raw = true,
                'j' => (o.raw, o.join) = (true, true),
                'c' => o.layout.pretty = false,
                'S' => o.layout.sort_keys = true,
                'n' => o.null_input = true,
                'e' => o.exit_status = true,
                'C' | 'M' => {}
                'V' => {
                    c.out("jq-1.7.1");
                    return Ok(0);
                }
                other => {
                    let word = if a.starts_with("--") { a.as_str() } else { &other.to_string() };
                    if LEFT_OUT.split(' ').any(|w| w == word) {
                        c.err(&crate::voice::jq_unsupported(a));
                        return Ok(2);
                    }
                    return die(c, &format!("jq: Unknown option {a}"));
                }
            }
        }
    }
    if o.program.is_none() && (!c.tty || !c.stdin.is_empty()) {
        o.program = Some(".".to_string());
    }
    let Some(program) = o.program.clone() else {
        c.io.err(HELP_HEAD);
        c.err("For listing the command options, use jq --help.");
        return Ok(2);
    };
    let ast = match compile(&program, &o) {
        Ok(ast) => ast,
        Err(lines) => {
            for l in lines {
                c.err(&l);
            }
            return Ok(3);
        }
    };
    run(ex, c, &o, &ast)
}

/// Parses the program and checks its names, or the compile errors as jq prints them.
fn compile(program: &str, o: &Opts) -> Result<parse::Ast, Vec<String>> {
    let report = |msg: &str, at: usize| {
        let before = program.get(..at.min(program.len())).unwrap_or("");
        let line = before.matches('\n').count();
        let start = before.rfind('\n').map_or(0, |n| n + 1);
        let text = program.lines().nth(line).unwrap_or("");
        vec![
            format!("jq: error: {msg} at <top-level>, line {}:", line + 1),
            format!("{text}{}", " ".repeat(at.saturating_sub(start))),
        ]
    };
    let mut errors = match parse::parse(program) {
        Ok(ast) => {
            if let Some(what) = eval::left_out(&ast) {
                return Err(vec![crate::voice::jq_unsupported(&what)]);
            }
            let bound: Vec<String> = o.named.iter().map(|(n, _)| n.clone()).collect();
            let mut missing = Vec::new();
            eval::undefined(&ast, &bound, &mut missing);
            if missing.is_empty() {
                return Ok(ast);
            }
            missing
        }
        Err(ParseError::Syntax(msg, at)) => vec![(format!("{msg} (Unix shell quoting issues?)"), at)],
        Err(ParseError::Unsupported(what)) => return Err(vec![crate::voice::jq_unsupported(&what)]),
    };
    let count = errors.len();
    let mut lines: Vec<String> = errors.drain(..).flat_map(|(msg, at)| report(&msg, at)).collect();
    lines.push(format!("jq: {count} compile error{}", if count == 1 { "" } else { "s" }));
    Err(lines)
}

/// Reads the inputs and runs the program on each, printing as jq does; the exit status.
fn run(ex: &mut Exec<'_>, c: &mut Call<'_>, o: &Opts, ast: &parse::Ast) -> Result<i32, Stop> {
    // Inputs: stdin, or each file in turn (one that cannot be read is reported and skipped).
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut ret: i32 = -4;
    if o.files.is_empty() {
        sources.push(("<stdin>".to_string(), c.take_stdin()));
    }
    for f in &o.files {
        let path = ex.sh.resolve(f);
        match ex.sh.fs.read(&path, c.who) {
            Ok(text) => sources.push((f.clone(), text.to_string())),
            Err(e) => {
                c.err(&format!("jq: error: Could not open file {f}: {e}"));
                ret = 2;
            }
        }
    }
    let failed = ret == 2;
    let mut values: Vec<(Json, String)> = Vec::new();
    let mut parse_error = None;
    for (name, text) in &sources {
        let (read, err) = json::read_all(text);
        values.extend(read.into_iter().map(|(v, line)| (v, format!("{name}:{line}"))));
        if err.is_some() {
            parse_error = err;
            break;
        }
    }
    let inputs: Vec<(Json, String)> = if o.null_input {
        vec![(Json::Null, "<unknown>".to_string())]
    } else if o.slurp {
        let last = values.last().map_or_else(|| "<unknown>".to_string(), |(_, at)| at.clone());
        vec![(Json::Arr(values.into_iter().map(|(v, _)| v).collect()), last)]
    } else {
        values
    };
    let mut machine = Machine { vars: o.named.clone(), budget: 0 };
    // jq's `ret` after each input: -4 no output, -1 last output false or null, 0 output, 5 error.
    let mut last_result = -1;
    for (input, at) in inputs {
        machine.budget = BUDGET;
        let mut outputs = Vec::new();
        let r = machine.run(ast, &input, &mut outputs);
        ret = -4;
        for v in outputs {
            ret = if matches!(v, Json::Null | Json::Bool(false)) { -1 } else { 0 };
            let text = match &v {
                Json::Str(s) if o.raw => s.clone(),
                other => dump(other, &o.layout),
            };
            c.io.out(&text);
            if !o.join {
                c.io.out("\n");
            }
        }
        let errored = r.is_err();
        match r {
            Ok(()) if ret != -4 => last_result = i32::from(ret != -1),
            Ok(()) => {}
            Err(Fail::Error(Json::Str(msg))) => c.err(&format!("jq: error (at {at}): {msg}")),
            Err(Fail::Error(v)) => {
                c.err(&format!("jq: error (at {at}) (not a string): {}", dump(&v, &Layout::COMPACT)))
            }
            Err(Fail::Budget) => c.err(&crate::voice::jq_budget()),
        }
        if errored {
            ret = 5;
        }
    }
    if let Some(msg) = parse_error {
        c.err(&format!("jq: parse error: {msg}"));
        ret = 5;
    }
    if failed {
        ret = 2;
    }
    Ok(match ret {
        -4 if o.exit_status => [4, 1, 0][(last_result + 1) as usize],
        r if o.exit_status => r.abs(),
        r => r.max(0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Runs `program` on `input` the way `jq -c` does, collecting what it prints.
    fn run_all(program: &str, input: &str) -> String {
        let o = Opts {
            program: None,
            files: Vec::new(),
            layout: Layout::COMPACT,
            raw: false,
            join: false,
            null_input: false,
            slurp: false,
            exit_status: false,
            named: Vec::new(),
        };
        let Ok(ast) = compile(program, &o) else { return "compile error".into() };
        let mut machine = Machine { vars: Vec::new(), budget: 100_000 };
        let mut out = String::new();
        for (v, _) in json::read_all(input).0 {
            let mut outputs = Vec::new();
            let r = machine.run(&ast, &v, &mut outputs);
            out.extend(outputs.iter().map(|v| dump(v, &Layout::COMPACT)));
            if r.is_err() {
                out.push('!');
            }
        }
        out
    }

    #[test]
    fn generators_and_errors_behave_as_jq() {
        assert_eq!(run_all("[.[] | select(. > 1)]", "[1,2,3]"), "[2,3]");
        assert_eq!(run_all("(1,2) == (1,2)", "null"), "truefalsefalsetrue");
        assert_eq!(run_all(".a // \"none\", (.b // \"none\")", "{\"a\":false,\"b\":2}"), "\"none\"2");
        assert_eq!(run_all("{a: (1,2), b: .x}", "{\"x\":3}"), "{\"a\":1,\"b\":3}{\"a\":2,\"b\":3}");
        assert_eq!(run_all(".[] | .a", "[{\"a\":1},2,{\"a\":3}]"), "1!");
        assert_eq!(run_all("[.[] | .a?]", "[{\"a\":1},2,{\"a\":3}]"), "[1,3]");
        assert_eq!(run_all("to_entries | map(.key) | join(\",\")", "{\"a\":1,\"b\":2}"), "\"a,b\"");
        assert_eq!(run_all("nope", "1"), "compile error");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn never_panics(
            program in "[.\\[\\]a-z|,()\"{}:$ 0-9?=+*/<>!-]{0,24}",
            input in "[\\[\\]{}\",:0-9a-z. -]{0,30}",
        ) {
            let _ = run_all(&program, &input);
        }
    }
}
