//! `jq` 1.7.1 (Ubuntu 24.04's) on the host, for what tutorials pipe `docker inspect` into:
//! its options (`-r`, `-c`, `-n`, `-s`, `-e`, `-S`, `--arg`, ...), inputs from stdin or files,
//! pretty-printing, and its own words for bad filters (compile errors, exit 3), bad input
//! (`jq: parse error: ...`, exit 5) and runtime errors (`jq: error (at <stdin>:N): ...`).
//! Colours are left out: this terminal shows none.

mod eval;
mod json;
mod parse;

use super::builtins::Call;
use super::exec::{Exec, Stop};
use eval::{Fail, Machine};
use json::{dump, Json, Layout};
use parse::ParseError;
use std::cell::{Cell, RefCell};

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

const HELP_OPTIONS: &str = "\
Command options:
  -n, --null-input          use `null` as the single input value;
  -R, --raw-input           read each line as string instead of JSON;
  -s, --slurp               read all inputs into an array and use it as
                            the single input value;
  -c, --compact-output      compact instead of pretty-printed output;
  -r, --raw-output          output strings without escapes and quotes;
      --raw-output0         implies -r and output NUL after each output;
  -j, --join-output         implies -r and output without newline after
                            each output;
  -a, --ascii-output        output strings by only ASCII characters
                            using escape sequences;
  -S, --sort-keys           sort keys of each object on output;
  -C, --color-output        colorize JSON output;
  -M, --monochrome-output   disable colored output;
      --tab                 use tabs for indentation;
      --indent n            use n spaces for indentation (max 7 spaces);
      --unbuffered          flush output stream after each output;
      --stream              parse the input value in streaming fashion;
      --stream-errors       implies --stream and report parse error as
                            an array;
      --seq                 parse input/output as application/json-seq;
  -f, --from-file file      load filter from the file;
  -L directory              search modules from the directory;
      --arg name value      set $name to the string value;
      --argjson name value  set $name to the JSON value;
      --slurpfile name file set $name to an array of JSON values read
                            from the file;
      --rawfile name file   set $name to string contents of file;
      --args                consume remaining arguments as positional
                            string values;
      --jsonargs            consume remaining arguments as positional
                            JSON values;
  -e, --exit-status         set exit status code based on the output;
  -V, --version             show the version;
  --build-configuration     show jq's build configuration;
  -h, --help                show the help;
  --                        terminates argument processing;

Named arguments are also available as $ARGS.named[], while
positional arguments are available as $ARGS.positional[].
";

/// What the command line asked for.
struct Opts {
    program: Option<String>,
    files: Vec<String>,
    layout: Layout,
    raw: bool,
    join: bool,
    null_input: bool,
    raw_input: bool,
    slurp: bool,
    exit_status: bool,
    named: Vec<(String, Json)>,
    positional: Vec<Json>,
}

/// The options jq takes as a word of its own (`--tab`) or a letter in a cluster (`-rc`).
const FLAGS: [(char, &str); 14] = [
    ('s', "slurp"),
    ('r', "raw-output"),
    ('j', "join-output"),
    ('c', "compact-output"),
    ('C', "color-output"),
    ('M', "monochrome-output"),
    ('a', "ascii-output"),
    ('S', "sort-keys"),
    ('R', "raw-input"),
    ('n', "null-input"),
    ('e', "exit-status"),
    ('h', "help"),
    ('V', "version"),
    ('\0', "tab"),
];

/// `jq`: parses its options, reads its inputs, runs the filter on each.
pub(crate) fn jq(ex: &mut Exec<'_>, c: &mut Call<'_>) -> Result<i32, Stop> {
    let args = c.args().to_vec();
    let mut o = Opts {
        program: None,
        files: Vec::new(),
        layout: Layout { indent: 2, ..Layout::COMPACT },
        raw: false,
        join: false,
        null_input: false,
        raw_input: false,
        slurp: false,
        exit_status: false,
        named: Vec::new(),
        positional: Vec::new(),
    };
    let mut strings = None;
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
            match (&o.program, strings) {
                (None, _) => o.program = Some(a.clone()),
                (Some(_), Some(true)) => o.positional.push(Json::Str(a.clone())),
                (Some(_), Some(false)) => match json::read_all(a) {
                    (mut v, None) if v.len() == 1 => o.positional.extend(v.pop().map(|(v, _)| v)),
                    _ => return die(c, "jq: invalid JSON text passed to --jsonargs"),
                },
                (Some(_), None) => o.files.push(a.clone()),
            }
            continue;
        }
        match a.as_str() {
            "--" => done = true,
            "--args" | "--jsonargs" => strings = Some(a == "--args"),
            "--indent" => {
                let Some(n) = args.get(i) else { return die(c, "jq: --indent takes one parameter") };
                i += 1;
                let n: i64 = n.trim().parse().unwrap_or(0);
                if !(-1..=7).contains(&n) {
                    return die(c, "jq: --indent takes a number between -1 and 7");
                }
                o.layout.tab = false;
                o.layout.indent = n.max(0) as usize;
            }
            "--arg" | "--argjson" => {
                let (Some(name), Some(value)) = (args.get(i), args.get(i + 1)) else {
                    return die(
                        c,
                        &format!(
                            "jq: {a} takes two parameters (e.g. {a} varname {})",
                            if a == "--arg" { "value" } else { "text" }
                        ),
                    );
                };
                i += 2;
                let value = if a == "--arg" {
                    Json::Str(value.clone())
                } else {
                    match json::read_all(value) {
                        (mut v, None) if v.len() == 1 => v.pop().map_or(Json::Null, |(v, _)| v),
                        _ => return die(c, "jq: invalid JSON text passed to --argjson"),
                    }
                };
                if !o.named.iter().any(|(n, _)| n == name) {
                    o.named.push((name.clone(), value));
                }
            }
            _ => {
                let letters: Vec<char> = match a.strip_prefix("--") {
                    Some(long) => FLAGS.iter().filter(|(_, l)| *l == long).map(|(s, _)| *s).collect(),
                    None => a.chars().skip(1).collect(),
                };
                let known = |ch: char| FLAGS.iter().any(|(s, _)| *s == ch && ch != '\0');
                if letters.is_empty() || (!a.starts_with("--") && !letters.iter().all(|ch| known(*ch))) {
                    return die(c, &format!("jq: Unknown option {a}"));
                }
                for ch in letters {
                    match ch {
                        's' => o.slurp = true,
                        'r' => o.raw = true,
                        'j' => (o.raw, o.join) = (true, true),
                        'c' => o.layout = Layout { indent: 0, tab: false, ..o.layout },
                        'a' => o.layout.ascii = true,
                        'S' => o.layout.sort_keys = true,
                        'R' => o.raw_input = true,
                        'n' => o.null_input = true,
                        'e' => o.exit_status = true,
                        'h' => {
                            c.io.out(HELP_HEAD);
                            c.io.out(HELP_OPTIONS);
                            return Ok(0);
                        }
                        'V' => {
                            c.out("jq-1.7.1");
                            return Ok(0);
                        }
                        '\0' => o.layout = Layout { tab: true, ..o.layout },
                        _ => {}
                    }
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
    let ast = match parse::parse(program) {
        Ok(ast) => ast,
        Err(ParseError::Syntax(errors)) => {
            let count = errors.len();
            let mut lines: Vec<String> = errors
                .iter()
                .flat_map(|(msg, at)| {
                    let quoting = if msg.contains("unexpected") { " (Unix shell quoting issues?)" } else { "" };
                    report(&format!("{msg}{quoting}"), *at)
                })
                .collect();
            lines.push(format!("jq: {count} compile error{}", if count == 1 { "" } else { "s" }));
            return Err(lines);
        }
        Err(ParseError::Unsupported(what)) => return Err(vec![crate::voice::jq_unsupported(&what)]),
        Err(ParseError::TooDeep) => return Err(vec![crate::voice::jq_unsupported("(((")]),
    };
    let mut bound: Vec<String> = o.named.iter().map(|(n, _)| n.clone()).collect();
    bound.extend(["ENV", "ARGS", "__prog_args"].map(String::from));
    let mut missing = Vec::new();
    eval::undefined(&ast, &mut bound, &mut missing);
    if missing.is_empty() {
        return Ok(ast);
    }
    let count = missing.len();
    let mut lines: Vec<String> = missing.iter().flat_map(|(msg, at)| report(msg, *at)).collect();
    lines.push(format!("jq: {count} compile error{}", if count == 1 { "" } else { "s" }));
    Err(lines)
}

/// Reads the inputs and runs the program on each, printing as jq does; the exit status.
fn run(ex: &mut Exec<'_>, c: &mut Call<'_>, o: &Opts, ast: &parse::Ast) -> Result<i32, Stop> {
    // Inputs: stdin, or each file in turn (one that cannot be read is reported and skipped).
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut failed = false;
    if o.files.is_empty() {
        sources.push(("<stdin>".to_string(), c.take_stdin()));
    }
    for f in &o.files {
        if f == "-" {
            sources.push(("<stdin>".to_string(), c.take_stdin()));
            continue;
        }
        let path = ex.sh.resolve(f);
        match ex.sh.fs.read(&path, c.who) {
            Ok(text) => sources.push((f.clone(), text.to_string())),
            Err(e) => {
                c.err(&format!("jq: error: Could not open file {f}: {e}"));
                failed = true;
            }
        }
    }
    let mut values: Vec<(Json, String)> = Vec::new();
    let mut parse_error = None;
    for (name, text) in &sources {
        if o.raw_input {
            if o.slurp {
                values.push((Json::Str(text.clone()), format!("{name}:0")));
            } else {
                for (n, l) in text.lines().enumerate() {
                    values.push((Json::Str(l.to_string()), format!("{name}:{}", n + 1)));
                }
            }
            continue;
        }
        let (read, err) = json::read_all(text);
        values.extend(read.into_iter().map(|(v, line)| (v, format!("{name}:{line}"))));
        if err.is_some() {
            parse_error = err;
            break;
        }
    }
    let named = Json::Obj(o.named.clone());
    let args = Json::Obj(vec![("positional".into(), Json::Arr(o.positional.clone())), ("named".into(), named)]);
    let mut vars = o.named.clone();
    vars.push(("ENV".to_string(), Json::Obj(ex.sh.env().into_iter().map(|(k, v)| (k, Json::Str(v))).collect())));
    vars.push(("ARGS".to_string(), args));
    let machine = Machine { vars: RefCell::new(vars), budget: Cell::new(BUDGET) };
    let inputs: Vec<(Json, String)> = if o.null_input {
        vec![(Json::Null, "<unknown>".to_string())]
    } else if o.slurp && !o.raw_input {
        let last = values.last().map_or_else(|| "<unknown>".to_string(), |(_, at)| at.clone());
        vec![(Json::Arr(values.into_iter().map(|(v, _)| v).collect()), last)]
    } else {
        values
    };
    // jq's `ret` after each input: -4 no output, -1 last output false or null, 0 output, 5 error.
    let mut ret: i32 = -4;
    let mut last_result = -1;
    for (input, at) in inputs {
        ret = -4;
        machine.budget.set(BUDGET);
        let r = machine.run(ast, &input, &mut |v| {
            ret = if matches!(v, Json::Null | Json::Bool(false)) { -1 } else { 0 };
            let text = match &v {
                Json::Str(s) if o.raw => s.clone(),
                other => dump(other, &o.layout),
            };
            c.io.out(&text);
            if !o.join {
                c.io.out("\n");
            }
            Ok(())
        });
        match r {
            Ok(()) | Err(Fail::Enough) => {}
            Err(Fail::Error(Json::Str(msg))) => {
                c.err(&format!("jq: error (at {at}): {msg}"));
                ret = 5;
            }
            Err(Fail::Error(v)) => {
                c.err(&format!("jq: error (at {at}) (not a string): {}", dump(&v, &Layout::COMPACT)));
                ret = 5;
            }
            Err(Fail::Budget) => {
                c.err(&crate::voice::jq_budget());
                ret = 5;
            }
        }
        if ret <= 0 && ret != -4 {
            last_result = i32::from(ret != -1);
        }
    }
    if let Some(msg) = parse_error {
        c.err(&format!("jq: parse error: {msg}"));
        ret = 5;
    }
    if failed {
        ret = 2;
    }
    Ok(if o.exit_status {
        match ret {
            -4 if last_result == -1 => 4,
            -4 if last_result == 0 => 1,
            -4 => 0,
            r => r.abs(),
        }
    } else {
        ret.max(0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Runs `program` on `input` the way `jq` does, collecting what it prints.
    fn run_all(program: &str, input: &str) -> String {
        let o = Opts {
            program: None,
            files: Vec::new(),
            layout: Layout::COMPACT,
            raw: false,
            join: false,
            null_input: false,
            raw_input: false,
            slurp: false,
            exit_status: false,
            named: Vec::new(),
            positional: Vec::new(),
        };
        let Ok(ast) = compile(program, &o) else { return String::new() };
        let machine = Machine { vars: RefCell::new(Vec::new()), budget: Cell::new(100_000) };
        let mut out = String::new();
        for (v, _) in json::read_all(input).0 {
            let _ = machine.run(&ast, &v, &mut |v| {
                out.push_str(&dump(&v, &Layout::COMPACT));
                if out.len() > 1_000_000 {
                    return Err(Fail::Enough);
                }
                Ok(())
            });
        }
        out
    }

    #[test]
    fn generators_and_errors_behave_as_jq() {
        assert_eq!(run_all("(1,2) + (10,20)", "null"), "11122122");
        assert_eq!(run_all("[.[] | select(. > 1)]", "[1,2,3]"), "[2,3]");
        assert_eq!(run_all("first(range(5;10)), [limit(2; .[])]", "[7,8,9]"), "5[7,8]");
        assert_eq!(run_all(".a // \"none\", (.b // \"none\")", "{\"a\":false,\"b\":2}"), "\"none\"2");
        assert_eq!(run_all("try error(\"x\") catch (\"caught \" + .)", "null"), "\"caught x\"");
        assert_eq!(run_all("reduce .[] as $x (0; . + $x)", "[1,2,3]"), "6");
        assert_eq!(run_all("(to_entries | from_entries) == .", "{\"a\":1}"), "true");
        assert_eq!(run_all("[paths] | length", "{\"a\":[1,{\"b\":2}]}"), "4");
        // An error in what consumes `try`'s output is not the try's to catch.
        assert_eq!(run_all("[.[] | try . | error]?", "[1]"), "");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn never_panics(
            program in "[.\\[\\]a-z|,()\"{}:$ 0-9?=+*/<>!-]{0,24}",
            input in "[\\[\\]{}\",:0-9a-z. -]{0,30}",
        ) {
            let _ = run_all(&program, &input);
            let _ = parse::parse(&program);
        }
    }
}
