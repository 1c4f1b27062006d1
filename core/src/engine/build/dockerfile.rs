//! Dockerfile text → stages of typed instructions, as BuildKit's Dockerfile frontend reads it
//! (`frontend/dockerfile/parser` and `instructions`): comments and the `# escape=` directive,
//! line continuations, `--flag=value` words, JSON (exec) and shell forms, `KEY=value` pairs,
//! here-documents in `RUN` and `COPY`, and every error with BuildKit's wording and the lines
//! it points at (`dockerfile parse error on line 2: unknown instruction: RUNN (did you mean
//! RUN?)`). It also collects the build-check warnings BuildKit prints for the common slips.
//!
//! Parsing expands nothing: variables are the builder's business ([`super::words`]). Nothing
//! here panics; every input gives a [`Dockerfile`] or a [`ParseError`].

/// A whole Dockerfile, ready to build.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dockerfile {
    /// The escape character (`\`, or `` ` `` after `# escape=`` ` ``).
    pub escape: char,
    /// `ARG`s before the first `FROM`.
    pub meta_args: Vec<Instruction>,
    /// The stages in order.
    pub stages: Vec<Stage>,
    /// Build checks that fired (`JSONArgsRecommended`, ...), in Dockerfile order.
    pub warnings: Vec<Warning>,
}

/// One `FROM ...` and the instructions after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stage {
    /// The base as written (`node:20`, `${BASE}`, `scratch`, another stage's name).
    pub base: String,
    /// `AS name`, lower-cased; empty when unnamed.
    pub name: String,
    /// The lines of the `FROM` instruction.
    pub lines: (usize, usize),
    /// `FROM --platform=...`.
    pub platform: String,
    /// The instructions after `FROM`.
    pub commands: Vec<Instruction>,
}

/// One instruction: what it says, its text and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instruction {
    /// The parsed instruction.
    pub kind: Kind,
    /// Its text with continuations joined (`RUN apt-get update && apt-get install -y curl`).
    pub code: String,
    /// First and last line (1-based).
    pub lines: (usize, usize),
}

/// A `KEY=value` pair of ENV or LABEL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyValue {
    /// The key, as written.
    pub key: String,
    /// The value, as written (quotes still in it).
    pub value: String,
    /// Written the legacy way, `ENV KEY value`.
    pub legacy: bool,
}

/// A command line of RUN, CMD, ENTRYPOINT or HEALTHCHECK.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandLine {
    /// Exec form: the JSON array's strings. Shell form: one string, the whole text.
    pub args: Vec<String>,
    /// Written as a JSON array (no `/bin/sh -c` in front).
    pub exec: bool,
}

/// A here-document attached to RUN or COPY (`RUN <<EOF` ... `EOF`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heredoc {
    /// Its delimiter (`EOF`), which COPY uses as the file name.
    pub name: String,
    /// The body.
    pub content: String,
    /// Unquoted delimiter: variables in the body expand.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped.
    pub chomp: bool,
}

/// COPY and ADD.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Copy {
    /// Sources as written (globs allowed); here-documents are in `heredocs`.
    pub sources: Vec<String>,
    /// Here-documents used as sources.
    pub heredocs: Vec<Heredoc>,
    /// The destination as written.
    pub dest: String,
    /// `--from=stage|image`.
    pub from: String,
    /// `--chown=user:group`.
    pub chown: String,
    /// `--chmod=755`.
    pub chmod: String,
}

/// HEALTHCHECK.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Health {
    /// `["NONE"]`, `["CMD", ...]` or `["CMD-SHELL", "..."]`.
    pub test: Vec<String>,
    /// `--interval`, `--timeout`, `--start-period`, `--start-interval` in nanoseconds.
    pub interval: i64,
    /// `--timeout`.
    pub timeout: i64,
    /// `--start-period`.
    pub start_period: i64,
    /// `--start-interval`.
    pub start_interval: i64,
    /// `--retries`.
    pub retries: i64,
}

/// What an instruction says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `ARG NAME[=default] ...`.
    Arg(Vec<(String, Option<String>)>),
    /// `ENV`.
    Env(Vec<KeyValue>),
    /// `LABEL`.
    Label(Vec<KeyValue>),
    /// `RUN`, with its here-documents.
    Run(CommandLine, Vec<Heredoc>),
    /// `CMD`.
    Cmd(CommandLine),
    /// `ENTRYPOINT`.
    Entrypoint(CommandLine),
    /// `SHELL ["..."]`.
    Shell(Vec<String>),
    /// `COPY`.
    Copy(Copy),
    /// `ADD`.
    Add(Copy),
    /// `WORKDIR`.
    Workdir(String),
    /// `USER`.
    User(String),
    /// `VOLUME`.
    Volume(Vec<String>),
    /// `EXPOSE`, sorted as BuildKit sorts them.
    Expose(Vec<String>),
    /// `STOPSIGNAL`.
    StopSignal(String),
    /// `MAINTAINER` (deprecated).
    Maintainer(String),
    /// `HEALTHCHECK`.
    Healthcheck(Health),
    /// `ONBUILD` and its trigger text.
    Onbuild(String),
}

/// A build check that fired.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// `JSONArgsRecommended`.
    pub rule: &'static str,
    /// The message without the rule name.
    pub message: String,
    /// The line it is about.
    pub line: usize,
}

impl Warning {
    /// The text BuildKit shows: `JSONArgsRecommended: JSON arguments ... (line 4)`.
    pub fn short(&self) -> String {
        format!("{}: {} (line {})", self.rule, self.message, self.line)
    }
}

/// A Dockerfile that cannot be read: BuildKit's message and the lines it points at (none for
/// an empty file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// The text after `failed to solve: `.
    pub message: String,
    /// First and last line the excerpt box marks.
    pub lines: Option<(usize, usize)>,
}

impl ParseError {
    fn at(message: impl Into<String>, lines: (usize, usize)) -> Self {
        ParseError { message: message.into(), lines: Some(lines) }
    }
}

/// Every instruction BuildKit knows, for "did you mean" suggestions.
const INSTRUCTIONS: [&str; 18] = [
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// Longest Dockerfile we read (BuildKit's own limit is a line of 64 KiB; ours keeps a typo'd
/// paste from costing the page).
const MAX_LEN: usize = 256 * 1024;

/// One logical line: the instruction text and its line range, plus heredoc bodies.
struct Node {
    command: String,
    flags: Vec<String>,
    rest: String,
    code: String,
    lines: (usize, usize),
    heredocs: Vec<Heredoc>,
}

/// Parses a Dockerfile.
pub fn parse(text: &str) -> Result<Dockerfile, ParseError> {
    if text.is_empty() {
        return Err(ParseError { message: "the Dockerfile cannot be empty".into(), lines: None });
    }
    let text = if text.len() > MAX_LEN { text.get(..MAX_LEN).unwrap_or("") } else { text };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (nodes, escape, mut warnings) = nodes(text)?;
    let mut df = Dockerfile { escape, ..Dockerfile::default() };
    for node in nodes {
        let located =
            |e: String| ParseError::at(format!("dockerfile parse error on line {}: {e}", node.lines.0), node.lines);
        let kind = instruction(&node, &mut warnings).map_err(located)?;
        let Some(kind) = kind else {
            // FROM: a new stage.
            let args = split_ws(&node.rest);
            let name = stage_name(&args).map_err(located)?;
            let mut flags = Flags::new(&node.flags);
            let platform = flags.string("platform");
            flags.check().map_err(located)?;
            if args.len() == 3 && from_as_casing_differs(&node.command, &args[1]) {
                warnings.push(Warning {
                    rule: "FromAsCasing",
                    message: format!("'{}' and '{}' keywords' casing do not match", args[1], node.command),
                    line: node.lines.0,
                });
            }
            if args.len() == 3 && args[2] != args[2].to_lowercase() {
                warnings.push(Warning {
                    rule: "StageNameCasing",
                    message: format!("Stage name '{}' should be lowercase", args[2]),
                    line: node.lines.0,
                });
            }
            if !name.is_empty() && df.stages.iter().any(|s| s.name == name) {
                warnings.push(Warning {
                    rule: "DuplicateStageName",
                    message: format!("Duplicate stage name {name:?}, stage names should be unique"),
                    line: node.lines.0,
                });
            }
            df.stages.push(Stage {
                base: args.first().cloned().unwrap_or_default(),
                name,
                lines: node.lines,
                platform,
                commands: Vec::new(),
            });
            continue;
        };
        let ins = Instruction { kind, code: node.code.clone(), lines: node.lines };
        match df.stages.last_mut() {
            Some(stage) => stage.commands.push(ins),
            None if matches!(ins.kind, Kind::Arg(_)) => df.meta_args.push(ins),
            None => return Err(ParseError::at("no build stage in current context", node.lines)),
        }
    }
    if df.stages.is_empty() {
        return Err(ParseError { message: "dockerfile contains no stages to build".into(), lines: None });
    }
    df.warnings = warnings;
    Ok(df)
}

/// `FROM x AS y` where `FROM` and `AS` are cased differently (`FROM x as y`).
fn from_as_casing_differs(from: &str, as_word: &str) -> bool {
    let lower = from == from.to_lowercase();
    let upper = from == from.to_uppercase();
    if !lower && !upper {
        return false;
    }
    if lower {
        as_word != as_word.to_lowercase()
    } else {
        as_word != as_word.to_uppercase()
    }
}

/// `AS name` → the stage name (lower case), checked as BuildKit checks it.
fn stage_name(args: &[String]) -> Result<String, String> {
    match args.len() {
        3 if args[1].eq_ignore_ascii_case("as") => {
            let name = args[2].to_lowercase();
            let mut cs = name.chars();
            let valid = cs.next().is_some_and(|c| c.is_ascii_lowercase())
                && cs.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
            if !valid {
                return Err(format!(
                    "invalid name for build stage: {:?}, name can't start with a number or contain symbols",
                    args[2]
                ));
            }
            Ok(name)
        }
        1 => Ok(String::new()),
        _ => Err("FROM requires either one or three arguments".into()),
    }
}

/// Splits the text into logical lines (BuildKit's `parser.Parse`).
fn nodes(text: &str) -> Result<(Vec<Node>, char, Vec<Warning>), ParseError> {
    let raw: Vec<&str> = text.split_inclusive('\n').collect();
    let mut escape = '\\';
    let mut directives_done = false;
    let mut seen_directives: Vec<String> = Vec::new();
    let mut nodes = Vec::new();
    let warnings = Vec::new();
    let mut i = 0usize;
    while i < raw.len() {
        let first = trim_newline(raw[i]).trim_start();
        // Parser directives: `# escape=``, only before anything else.
        if !directives_done {
            match directive(first) {
                Some((k, v)) => {
                    if seen_directives.contains(&k) {
                        return Err(ParseError::at(
                            format!("only one {k} parser directive can be used"),
                            (i + 1, i + 1),
                        ));
                    }
                    if k == "escape" {
                        if v != "`" && v != "\\" {
                            return Err(ParseError::at(
                                format!("invalid escape token '{v}' does not match ` or \\"),
                                (i + 1, i + 1),
                            ));
                        }
                        escape = v.chars().next().unwrap_or('\\');
                    }
                    seen_directives.push(k);
                    i += 1;
                    continue;
                }
                None => directives_done = true,
            }
        }
        i += 1;
        let start = i;
        let line = if is_comment(first) { "" } else { first };
        let (mut buf, mut done) = continuation(line, escape);
        if done && buf.is_empty() {
            continue;
        }
        while !done && i < raw.len() {
            let next = trim_newline(raw[i]);
            i += 1;
            if is_comment(next) || next.trim().is_empty() {
                continue;
            }
            let (part, end) = continuation(next, escape);
            buf.push_str(&part);
            done = end;
        }
        let line_text = buf;
        let trimmed = line_text.trim();
        let (command, after) = match trimmed.find(|c: char| c.is_whitespace()) {
            Some(p) => (trimmed.get(..p).unwrap_or(""), trimmed.get(p..).unwrap_or("").trim_start()),
            None => (trimmed, ""),
        };
        let (rest, flags) = builder_flags(after, escape);
        let mut node = Node {
            command: command.to_string(),
            flags,
            rest: rest.trim().to_string(),
            code: trimmed.to_string(),
            lines: (start, i),
            heredocs: Vec::new(),
        };
        let upper = command.to_ascii_uppercase();
        if matches!(upper.as_str(), "RUN" | "COPY" | "ADD") && line_text.contains("<<") && !is_json(&node.rest) {
            for (name, expand, chomp) in heredoc_names(&node.rest) {
                let mut content = String::new();
                let mut terminated = false;
                while i < raw.len() {
                    let l = raw[i];
                    i += 1;
                    let mut candidate = trim_newline(l);
                    if chomp {
                        candidate = candidate.trim_start_matches('\t');
                    }
                    if candidate == name {
                        terminated = true;
                        break;
                    }
                    content.push_str(l);
                }
                if !terminated {
                    return Err(ParseError::at("unterminated heredoc", (start, i)));
                }
                node.heredocs.push(Heredoc { name, content, expand, chomp });
            }
            node.lines.1 = i;
        }
        nodes.push(node);
    }
    if nodes.is_empty() {
        return Err(ParseError::at("file with no instructions", (raw.len(), raw.len())));
    }
    Ok((nodes, escape, warnings))
}

fn trim_newline(s: &str) -> &str {
    s.trim_end_matches(['\r', '\n'])
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// `# name=value` as a parser directive (`escape`, `syntax`, `check`).
fn directive(line: &str) -> Option<(String, String)> {
    let body = line.strip_prefix('#')?.trim_start();
    let (k, v) = body.split_once('=')?;
    let k = k.trim();
    let valid_name =
        k.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) && k.chars().all(|c| c.is_ascii_alphanumeric());
    let k = k.to_lowercase();
    let v = v.trim();
    (valid_name && !v.is_empty() && matches!(k.as_str(), "escape" | "syntax" | "check")).then(|| (k, v.to_string()))
}

/// Strips a line-continuation escape at the end; `true` when the line ends the instruction.
fn continuation(line: &str, escape: char) -> (String, bool) {
    let body = line.trim_end_matches([' ', '\t']);
    if let Some(head) = body.strip_suffix(escape) {
        if !head.ends_with(escape) || head.is_empty() {
            return (head.to_string(), false);
        }
    }
    (line.to_string(), true)
}

/// Leading `--name=value` words (BuildKit's `extractBuilderFlags`): the rest and the flags.
fn builder_flags(line: &str, escape: char) -> (String, Vec<String>) {
    let mut flags = Vec::new();
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start();
        if !trimmed.starts_with("--") {
            return (trimmed.to_string(), flags);
        }
        let mut word = String::new();
        let mut chars = trimmed.char_indices().peekable();
        let mut quote: Option<char> = None;
        let mut end = trimmed.len();
        while let Some((i, c)) = chars.next() {
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) if c == escape => {
                    if let Some((_, n)) = chars.next() {
                        word.push(n);
                    }
                }
                Some(_) => word.push(c),
                None if c.is_whitespace() => {
                    end = i;
                    break;
                }
                None if c == '\'' || c == '"' => quote = Some(c),
                None if c == escape => {
                    if let Some((_, n)) = chars.next() {
                        word.push(n);
                    }
                }
                None => word.push(c),
            }
        }
        rest = trimmed.get(end..).unwrap_or("");
        if word == "--" {
            return (rest.trim_start().to_string(), flags);
        }
        flags.push(word);
    }
}

/// Splits at runs of blanks.
fn split_ws(s: &str) -> Vec<String> {
    s.split([' ', '\t', '\x0b', '\x0c', '\r']).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn is_json(rest: &str) -> bool {
    rest.trim_start().starts_with('[') && json_array(rest).is_ok()
}

/// A JSON array of strings, as exec form. `Err(true)` when it is JSON but not all strings.
fn json_array(rest: &str) -> Result<Vec<String>, bool> {
    let rest = rest.trim_start();
    if !rest.starts_with('[') {
        return Err(false);
    }
    match serde_json::from_str::<Vec<serde_json::Value>>(rest) {
        Ok(values) => values.into_iter().map(|v| v.as_str().map(str::to_string).ok_or(true)).collect(),
        Err(_) => Err(false),
    }
}

/// BuildKit's `parseWords`: words at blanks, quotes and escapes kept in the word.
fn parse_words(rest: &str, escape: char) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut blank_ok = false;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            None => {
                if c.is_whitespace() {
                    if in_word && (blank_ok || !cur.is_empty()) {
                        words.push(std::mem::take(&mut cur));
                    }
                    in_word = false;
                    blank_ok = false;
                    continue;
                }
                in_word = true;
                if c == '\'' || c == '"' {
                    quote = Some(c);
                    blank_ok = true;
                }
                if c == escape {
                    if chars.peek().is_none() {
                        continue;
                    }
                    cur.push(c);
                    if let Some(n) = chars.next() {
                        cur.push(n);
                    }
                    continue;
                }
                cur.push(c);
            }
            Some(q) => {
                if c == q {
                    quote = None;
                    cur.push(c);
                    continue;
                }
                if c == escape && q != '\'' {
                    match chars.next() {
                        Some(n) => {
                            cur.push(c);
                            cur.push(n);
                        }
                        None => quote = None,
                    }
                    continue;
                }
                cur.push(c);
            }
        }
    }
    if in_word && (blank_ok || !cur.is_empty()) {
        words.push(cur);
    }
    words
}

/// ENV and LABEL pairs (`parseNameVal`).
fn name_values(rest: &str, key: &str, escape: char) -> Result<Vec<KeyValue>, String> {
    let words = parse_words(rest, escape);
    let Some(first) = words.first() else { return Ok(Vec::new()) };
    if !first.contains('=') {
        let mut parts = rest.splitn(2, [' ', '\t']);
        let k = parts.next().unwrap_or("");
        let v = parts.next().map(str::trim_start).unwrap_or("");
        if v.is_empty() {
            return Err(format!("{key} must have two arguments"));
        }
        return Ok(vec![KeyValue { key: k.to_string(), value: v.to_string(), legacy: true }]);
    }
    words
        .iter()
        .map(|w| match w.split_once('=') {
            Some((k, v)) => Ok(KeyValue { key: k.to_string(), value: v.to_string(), legacy: false }),
            None => Err(format!("Syntax error - can't find = in {w:?}. Must be of the form: name=value")),
        })
        .collect()
}

/// Here-document markers in a RUN/COPY line: `(delimiter, expands, strips tabs)`.
fn heredoc_names(rest: &str) -> Vec<(String, bool, bool)> {
    let mut out = Vec::new();
    for word in rest.split_whitespace() {
        let w = word.trim_start_matches(|c: char| c.is_ascii_digit());
        let Some(after) = w.strip_prefix("<<") else { continue };
        let (chomp, name) = match after.strip_prefix('-') {
            Some(n) => (true, n),
            None => (false, after),
        };
        let quoted = name.contains(['\'', '"']);
        let name: String = name.chars().filter(|c| !matches!(c, '\'' | '"')).collect();
        if !name.is_empty() && !name.starts_with('<') {
            out.push((name, !quoted, chomp));
        }
    }
    out
}

/// Builder flags of one instruction, read as BuildKit's `BFlags` reads them.
struct Flags<'a> {
    args: &'a [String],
    known: Vec<(&'static str, FlagKind)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FlagKind {
    Str,
    Bool,
    Strings,
}

impl<'a> Flags<'a> {
    fn new(args: &'a [String]) -> Self {
        Flags { args, known: Vec::new() }
    }

    fn string(&mut self, name: &'static str) -> String {
        self.declare(name, FlagKind::Str)
    }

    fn boolean(&mut self, name: &'static str) -> bool {
        self.declare(name, FlagKind::Bool) == "true"
    }

    fn strings(&mut self, name: &'static str) {
        self.declare(name, FlagKind::Strings);
    }

    fn declare(&mut self, name: &'static str, kind: FlagKind) -> String {
        self.known.push((name, kind));
        let mut value = None;
        for a in self.args {
            let body = a.strip_prefix("--").unwrap_or(a);
            let (n, v) = body.split_once('=').unwrap_or((body, ""));
            if n == name {
                value = Some(v);
            }
        }
        match (kind, value) {
            (FlagKind::Bool, Some(v)) if v.is_empty() || v.eq_ignore_ascii_case("true") => "true".to_string(),
            (_, Some(v)) => v.to_string(),
            (_, None) => String::new(),
        }
    }

    /// Unknown, repeated or valueless flags: BuildKit's errors.
    fn check(&self) -> Result<(), String> {
        let mut used: Vec<&str> = Vec::new();
        for a in self.args {
            if a == "--" {
                return Ok(());
            }
            let Some(body) = a.strip_prefix("--") else {
                return Err(format!("arg should start with -- : {a}"));
            };
            let (name, value) = match body.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (body, None),
            };
            let shown = format!("--{name}");
            let Some((_, kind)) = self.known.iter().find(|(n, _)| *n == name) else {
                let names: Vec<&str> = self.known.iter().map(|(n, _)| *n).collect();
                return Err(suggest(&format!("unknown flag: {shown}"), name, &names, true));
            };
            if used.contains(&name) && *kind != FlagKind::Strings {
                return Err(format!("duplicate flag specified: {shown}"));
            }
            used.push(name);
            match (kind, value) {
                (FlagKind::Bool, Some("")) => return Err(format!("missing a value on flag: {shown}")),
                (FlagKind::Bool, Some(v)) if !matches!(v.to_lowercase().as_str(), "true" | "false") => {
                    return Err(format!("expecting boolean value for flag {shown}, not: {v}"))
                }
                (FlagKind::Str | FlagKind::Strings, None) => return Err(format!("missing a value on flag: {shown}")),
                _ => {}
            }
        }
        Ok(())
    }
}

/// Appends ` (did you mean X?)` when one of `options` is within edit distance 2 of `value`
/// (BuildKit's `suggest.WrapError`): the nearest wins, the first of equals in `options` order;
/// case-insensitive matching answers in the case the value was typed in.
pub fn suggest(message: &str, value: &str, options: &[&str], case_sensitive: bool) -> String {
    let fold = |s: &str| if case_sensitive { s.to_string() } else { s.to_lowercase() };
    let val = fold(value);
    let mut best: Option<String> = None;
    let mut min = 3;
    for opt in options {
        let o = fold(opt);
        if o == val {
            return message.to_string();
        }
        let d = levenshtein(&val, &o);
        if d < min {
            min = d;
            best = Some(if case_sensitive {
                o
            } else if value == value.to_lowercase() {
                o.to_lowercase()
            } else if value == value.to_uppercase() {
                o.to_uppercase()
            } else {
                o
            });
        }
    }
    match best {
        Some(m) => format!("{message} (did you mean {m}?)"),
        None => message.to_string(),
    }
}

/// Edit distance (insertions, deletions, substitutions), on characters.
fn levenshtein(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(256).collect();
    let b: Vec<char> = b.chars().take(256).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A shell-form command line or a JSON array (`parseMaybeJSON`).
fn command_line(rest: &str) -> Result<CommandLine, String> {
    match json_array(rest) {
        Ok(args) => Ok(CommandLine { args, exec: true }),
        Err(true) => Err("when using JSON array syntax, arrays must be comprised of strings only".into()),
        Err(false) if rest.is_empty() => Ok(CommandLine::default()),
        Err(false) => Ok(CommandLine { args: vec![rest.to_string()], exec: false }),
    }
}

/// A list that may be JSON (`parseMaybeJSONToList`: COPY, ADD, VOLUME).
fn list(rest: &str) -> Result<Vec<String>, String> {
    match json_array(rest) {
        Ok(v) => Ok(v),
        Err(true) => Err("when using JSON array syntax, arrays must be comprised of strings only".into()),
        Err(false) => Ok(split_ws(rest)),
    }
}

/// Parses one logical line into an instruction (`None` for FROM, which the caller handles).
fn instruction(node: &Node, warnings: &mut Vec<Warning>) -> Result<Option<Kind>, String> {
    let upper = node.command.to_ascii_uppercase();
    let rest = node.rest.as_str();
    let line = node.lines.0;
    let mut flags = Flags::new(&node.flags);
    let escape = '\\';
    let kind = match upper.as_str() {
        "FROM" => {
            // Checked by the caller, which also needs the stage; the flags are read there.
            return Ok(None);
        }
        "ENV" | "LABEL" => {
            let pairs = name_values(rest, &upper, escape)?;
            if pairs.is_empty() {
                return Err(format!("{upper} requires at least one argument"));
            }
            if pairs.iter().any(|p| p.key.is_empty()) {
                return Err(format!("{upper} names can not be blank"));
            }
            flags.check()?;
            if pairs.iter().any(|p| p.legacy) {
                warnings.push(Warning {
                    rule: "LegacyKeyValueFormat",
                    message: format!(
                        "\"{upper} key=value\" should be used instead of legacy \"{upper} key value\" format"
                    ),
                    line,
                });
            }
            if upper == "ENV" {
                Kind::Env(pairs)
            } else {
                Kind::Label(pairs)
            }
        }
        "ARG" => {
            let words = parse_words(rest, escape);
            if words.is_empty() {
                return Err("ARG requires at least one argument".into());
            }
            let mut pairs = Vec::new();
            for w in words {
                match w.split_once('=') {
                    Some(("", _)) => return Err("ARG names can not be blank".into()),
                    Some((k, v)) => pairs.push((k.to_string(), Some(v.to_string()))),
                    None => pairs.push((w, None)),
                }
            }
            flags.check()?;
            Kind::Arg(pairs)
        }
        "MAINTAINER" => {
            if rest.is_empty() {
                return Err("MAINTAINER requires exactly one argument".into());
            }
            flags.check()?;
            warnings.push(Warning {
                rule: "MaintainerDeprecated",
                message: "Maintainer instruction is deprecated in favor of using label".into(),
                line,
            });
            Kind::Maintainer(rest.to_string())
        }
        "COPY" | "ADD" => {
            let args = list(rest)?;
            if args.len() < 2 {
                return Err(format!(
                    "{upper} requires at least two arguments, but only one was provided. Destination could not be determined"
                ));
            }
            let from = if upper == "COPY" { flags.string("from") } else { String::new() };
            let chown = flags.string("chown");
            let chmod = flags.string("chmod");
            flags.boolean("link");
            if upper == "ADD" {
                flags.boolean("keep-git-dir");
                flags.string("checksum");
            }
            flags.check()?;
            let (dest, srcs) = args.split_last().map(|(d, s)| (d.clone(), s.to_vec())).unwrap_or_default();
            if dest.starts_with("<<") {
                return Err(format!("{upper} cannot accept a heredoc as a destination"));
            }
            let mut sources = Vec::new();
            let mut heredocs = Vec::new();
            for s in srcs {
                let marker = s.strip_prefix("<<").map(|n| n.trim_start_matches('-').replace(['\'', '"'], ""));
                match marker.and_then(|n| node.heredocs.iter().find(|h| h.name == n)) {
                    Some(h) => heredocs.push(h.clone()),
                    None => sources.push(s),
                }
            }
            let c = Copy { sources, heredocs, dest, from, chown, chmod };
            if upper == "COPY" {
                Kind::Copy(c)
            } else {
                Kind::Add(c)
            }
        }
        "WORKDIR" | "USER" | "STOPSIGNAL" => {
            if rest.is_empty() {
                return Err(format!("{upper} requires exactly one argument"));
            }
            flags.check()?;
            match upper.as_str() {
                "WORKDIR" => Kind::Workdir(rest.to_string()),
                "USER" => Kind::User(rest.to_string()),
                _ => Kind::StopSignal(rest.to_string()),
            }
        }
        "RUN" => {
            flags.strings("mount");
            flags.string("network");
            flags.string("security");
            flags.check()?;
            Kind::Run(command_line(rest)?, node.heredocs.clone())
        }
        "CMD" | "ENTRYPOINT" => {
            flags.check()?;
            let cl = command_line(rest)?;
            if !cl.exec && !cl.args.is_empty() {
                warnings.push(Warning {
                    rule: "JSONArgsRecommended",
                    message: format!(
                        "JSON arguments recommended for {upper} to prevent unintended behavior related to OS signals"
                    ),
                    line,
                });
            }
            if upper == "CMD" {
                Kind::Cmd(cl)
            } else {
                Kind::Entrypoint(cl)
            }
        }
        "SHELL" => {
            flags.check()?;
            match json_array(rest) {
                Ok(v) if !v.is_empty() => Kind::Shell(v),
                Ok(_) => return Err("SHELL requires at least one argument".into()),
                Err(true) => {
                    return Err("when using JSON array syntax, arrays must be comprised of strings only".into())
                }
                Err(false) if rest.is_empty() => return Err("SHELL requires at least one argument".into()),
                Err(false) => return Err(format!("SHELL requires the arguments to be in JSON form ({})", node.code)),
            }
        }
        "VOLUME" => {
            let vols = list(rest)?;
            if vols.is_empty() {
                return Err("VOLUME requires at least one argument".into());
            }
            flags.check()?;
            if vols.iter().any(|v| v.trim().is_empty()) {
                return Err("VOLUME specified can not be an empty string".into());
            }
            Kind::Volume(vols)
        }
        "EXPOSE" => {
            let mut ports = split_ws(rest);
            if ports.is_empty() {
                return Err("EXPOSE requires at least one argument".into());
            }
            flags.check()?;
            crate::sort::sort(&mut ports);
            Kind::Expose(ports)
        }
        "HEALTHCHECK" => healthcheck(rest, &mut flags)?,
        "ONBUILD" => {
            if rest.is_empty() {
                return Err("ONBUILD requires at least one argument".into());
            }
            let trigger = rest.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
            match trigger.as_str() {
                "ONBUILD" => return Err("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".into()),
                "MAINTAINER" | "FROM" => return Err(format!("{trigger} isn't allowed as an ONBUILD trigger")),
                _ => {}
            }
            Kind::Onbuild(rest.to_string())
        }
        _ => {
            return Err(suggest(
                &format!("unknown instruction: {}", node.command),
                &node.command,
                &INSTRUCTIONS,
                false,
            ));
        }
    };
    Ok(Some(kind))
}

fn healthcheck(rest: &str, flags: &mut Flags<'_>) -> Result<Kind, String> {
    let (typ, cmd) = match rest.find(char::is_whitespace) {
        Some(p) => (rest.get(..p).unwrap_or(""), rest.get(p..).unwrap_or("").trim_start()),
        None => (rest, ""),
    };
    if typ.is_empty() {
        return Err("HEALTHCHECK requires at least one argument".into());
    }
    let typ = typ.to_ascii_uppercase();
    if typ == "NONE" {
        if !cmd.is_empty() {
            return Err("HEALTHCHECK NONE takes no arguments".into());
        }
        flags.check()?;
        return Ok(Kind::Healthcheck(Health { test: vec!["NONE".into()], ..Health::default() }));
    }
    let interval = flags.string("interval");
    let timeout = flags.string("timeout");
    let start_period = flags.string("start-period");
    let start_interval = flags.string("start-interval");
    let retries = flags.string("retries");
    flags.check()?;
    if typ != "CMD" {
        return Err(format!("Unknown type {typ:?} in HEALTHCHECK (try CMD)"));
    }
    let cl = command_line(cmd)?;
    if cl.args.is_empty() {
        return Err("Missing command after HEALTHCHECK CMD".into());
    }
    let mut test = vec![if cl.exec { "CMD".to_string() } else { "CMD-SHELL".to_string() }];
    test.extend(cl.args);
    let duration = |name: &str, v: &str| -> Result<i64, String> {
        if v.is_empty() {
            return Ok(0);
        }
        let d = crate::engine::build::go_duration(v).ok_or_else(|| format!("time: invalid duration {v:?}"))?;
        if d != 0 && d < 1_000_000 {
            return Err(format!("Interval {name:?} cannot be less than 1ms"));
        }
        Ok(d)
    };
    let retries = if retries.is_empty() {
        0
    } else {
        let r: i64 = retries.parse().map_err(|_| format!("strconv.ParseInt: parsing {retries:?}: invalid syntax"))?;
        if r < 0 {
            return Err(format!("--retries cannot be negative ({r})"));
        }
        r
    };
    Ok(Kind::Healthcheck(Health {
        test,
        interval: duration("interval", &interval)?,
        timeout: duration("timeout", &timeout)?,
        start_period: duration("start-period", &start_period)?,
        start_interval: duration("start-interval", &start_interval)?,
        retries,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        match parse(text) {
            Ok(_) => "ok".into(),
            Err(e) => match e.lines {
                Some((a, b)) => format!("{a}-{b}: {}", e.message),
                None => e.message,
            },
        }
    }

    #[test]
    fn errors_as_buildkit_words_them() {
        assert_eq!(err(""), "the Dockerfile cannot be empty");
        assert_eq!(
            err("FROM busybox\nRUNN echo hi\n"),
            "2-2: dockerfile parse error on line 2: unknown instruction: RUNN (did you mean RUN?)"
        );
        assert_eq!(
            err("FROM busybox\nCOPPY . .\n"),
            "2-2: dockerfile parse error on line 2: unknown instruction: COPPY (did you mean COPY?)"
        );
        assert_eq!(
            err("foo bar\n"),
            "1-1: dockerfile parse error on line 1: unknown instruction: foo (did you mean from?)"
        );
        assert_eq!(
            err("FROM busybox\nENV\n"),
            "2-2: dockerfile parse error on line 2: ENV requires at least one argument"
        );
        assert_eq!(
            err("FROM busybox\nARG\n"),
            "2-2: dockerfile parse error on line 2: ARG requires at least one argument"
        );
        assert_eq!(err("FROM\n"), "1-1: dockerfile parse error on line 1: FROM requires either one or three arguments");
        assert_eq!(
            err("FROM busybox AS\n"),
            "1-1: dockerfile parse error on line 1: FROM requires either one or three arguments"
        );
        assert_eq!(
            err("FROM busybox\nWORKDIR\n"),
            "2-2: dockerfile parse error on line 2: WORKDIR requires exactly one argument"
        );
        assert_eq!(
            err("FROM busybox\nUSER\n"),
            "2-2: dockerfile parse error on line 2: USER requires exactly one argument"
        );
        assert_eq!(
            err("FROM busybox\nCOPY app.py\n"),
            "2-2: dockerfile parse error on line 2: COPY requires at least two arguments, but only one was provided. Destination could not be determined"
        );
        assert_eq!(err("FROM busybox\nENV A\n"), "2-2: dockerfile parse error on line 2: ENV must have two arguments");
        assert_eq!(err("RUN echo hi\n"), "1-1: no build stage in current context");
        assert_eq!(err("# only a comment\n"), "1-1: file with no instructions");
        assert_eq!(err("ARG A=1\n"), "dockerfile contains no stages to build");
        assert_eq!(
            err("FROM busybox\nCOPY --form=x a b\n"),
            "2-2: dockerfile parse error on line 2: unknown flag: --form (did you mean from?)"
        );
        assert_eq!(err("FROM busybox\nRUN\nCMD\nENTRYPOINT\nfrom busybox\nrun echo hi\n"), "ok");
    }

    #[test]
    fn lines_continuations_and_forms() {
        let df = parse("# escape=\\\nFROM node:20 AS build\n# comment\nRUN apt-get update && \\\n  # inside\n    apt-get install -y curl\nCOPY [\"a b\", \"/dst/\"]\nCMD [\"node\", \"app.js\"]\nENV A=1 B=\"two words\"\nENV C 3 4\n").unwrap();
        let st = &df.stages[0];
        assert_eq!((st.base.as_str(), st.name.as_str(), st.lines), ("node:20", "build", (2, 2)));
        let run = &st.commands[0];
        assert_eq!(run.lines, (4, 6));
        assert_eq!(run.code, "RUN apt-get update &&     apt-get install -y curl");
        assert!(matches!(&st.commands[1].kind, Kind::Copy(c) if c.sources == ["a b"] && c.dest == "/dst/"));
        assert!(matches!(&st.commands[2].kind, Kind::Cmd(c) if c.exec && c.args == ["node", "app.js"]));
        assert!(matches!(&st.commands[3].kind, Kind::Env(p) if p[1].value == "\"two words\""));
        assert!(matches!(&st.commands[4].kind, Kind::Env(p) if p[0].key == "C" && p[0].value == "3 4" && p[0].legacy));
        assert_eq!(df.warnings.iter().map(Warning::short).collect::<Vec<_>>(), ["LegacyKeyValueFormat: \"ENV key=value\" should be used instead of legacy \"ENV key value\" format (line 10)"]);
    }

    #[test]
    fn heredocs_and_warnings() {
        let df = parse("FROM alpine as b\nRUN <<EOF\necho hi\nEOF\nCOPY <<-X /greeting\n\thello\n\tX\nCMD echo hi\n")
            .unwrap();
        let cmds = &df.stages[0].commands;
        assert!(matches!(&cmds[0].kind, Kind::Run(_, h) if h[0].content == "echo hi\n"));
        assert_eq!(cmds[0].lines, (2, 4));
        assert!(matches!(&cmds[1].kind, Kind::Copy(c) if c.heredocs[0].name == "X" && c.dest == "/greeting"));
        let shorts: Vec<String> = df.warnings.iter().map(Warning::short).collect();
        assert_eq!(shorts, [
            "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
            "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 8)",
        ]);
    }
}
