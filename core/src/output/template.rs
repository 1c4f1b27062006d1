//! docker's `--format` and `inspect -f`: Go templates over docker's objects, and the table
//! and JSON layouts around them.
//!
//! [`Template`] is a port of Go's `text/template` (parser in `template/parse.rs`,
//! evaluator in `template/exec.rs`, `fmt` verbs in `template/gofmt.rs`) running over
//! [`Value`], a small model of Go values that prints, serializes and fails like the real
//! ones. On top of it, [`format_list`] is docker's `formatter.Context` (the `table`
//! prefix, `\t` columns, header rows, the `json` shorthand) and [`tabwrite`] docker's
//! tabwriter. Nothing here knows about the engine: the client builds the values.

mod exec;
mod gofmt;
mod lex;
mod parse;
pub mod value;

use crate::output::table::display_width;
pub use exec::{is_function, Funcs};
pub use value::{StructBuilder, Value};

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    tree: parse::Tree,
}

impl Template {
    /// Parses Go template source. The error is Go's text (`template: :1: function "foo"
    /// not defined`); docker prefixes it with `template parsing error: `.
    pub fn parse(src: &str) -> Result<Template, String> {
        parse::parse(src, &is_function).map(|tree| Template { tree })
    }

    /// Runs the template over `data` with docker's functions. On failure the error is
    /// Go's (`template: :1:2: executing "" at <.Foo>: ...`).
    pub fn execute(&self, data: &Value) -> Result<String, String> {
        match exec::execute(&self.tree, data, Funcs::Basic, false) {
            (out, None) => Ok(out),
            (_, Some(e)) => Err(e),
        }
    }

    /// Runs the template and keeps what was written before an error (a table header,
    /// whose errors docker ignores, prints that much).
    pub fn execute_partial(&self, data: &Value, funcs: Funcs) -> (String, Option<String>) {
        exec::execute(&self.tree, data, funcs, false)
    }

    /// What `docker inspect -f` does with one object: the template runs on the typed
    /// object; if that fails it runs again on the object's JSON (so both `.ID` and `.Id`
    /// work) with missing keys as errors, and that second error is the one reported.
    pub fn execute_inspect(&self, data: &Value) -> Result<String, String> {
        match exec::execute(&self.tree, data, Funcs::Basic, false) {
            (out, None) => Ok(out),
            (_, Some(_)) => match exec::execute(&self.tree, &data.to_raw(), Funcs::Basic, true) {
                (out, None) => Ok(out),
                (_, Some(e)) => Err(e),
            },
        }
    }
}

/// The format string docker actually parses for a listing: `table` stripped, `json`
/// expanded to `{{json .}}`, surrounding spaces trimmed, and the two-character escapes
/// `\t` and `\n` turned into a tab and a newline.
pub fn prepare_format(format: &str) -> (bool, String) {
    let (table, body) = if let Some(rest) = format.strip_prefix("table") {
        (true, rest.to_string())
    } else if format == "json" {
        (false, "{{json .}}".to_string())
    } else {
        (false, format.to_string())
    };
    let body = body.trim_matches(' ').replace("\\t", "\t").replace("\\n", "\n");
    (table, body)
}

/// Prints [`format_list`]'s table or list into `out`, or its error with status 1: what every
/// `ls`-like command does with its `--format`.
pub fn print_list(out: &mut crate::output::Output, format: &str, rows: &[Value], headers: &[(&str, &str)]) {
    match format_list(format, rows, headers) {
        Ok(text) => out.out_text(&text),
        Err(e) => {
            out.err_text(&e);
            out.code = 1;
        }
    }
}

/// Renders rows through a list format as docker's `formatter.Context.Write` does.
///
/// `format` is the final format (the command has already replaced `table` alone or an
/// empty format by its default). Each row is the template's output plus a newline; a
/// `table` format adds a header row, made by running the template with docker's header
/// functions over `headers` (field → column title; other fields show `<no value>`), and
/// aligns everything with the tabwriter. The error, if any, is the full text docker
/// prints (`template parsing error: ...`); then nothing is printed.
pub fn format_list(format: &str, rows: &[Value], headers: &[(&str, &str)]) -> Result<String, String> {
    let (table, body) = prepare_format(format);
    let tmpl = Template::parse(&body).map_err(|e| format!("template parsing error: {e}"))?;
    let mut buffer = String::new();
    for row in rows {
        let text = tmpl.execute(row).map_err(|e| format!("template parsing error: {e}"))?;
        buffer.push_str(&text);
        buffer.push('\n');
    }
    if !table {
        return Ok(buffer);
    }
    let header = Value::Header(headers.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect());
    // docker ignores errors in the header row and prints what was written.
    let (head, _) = tmpl.execute_partial(&header, Funcs::Header);
    Ok(tabwrite(&format!("{head}\n{buffer}"), 10, 3))
}

/// docker's tabwriter (Go's `text/tabwriter` measuring display width) with padding by
/// spaces: tab-terminated cells of consecutive lines form columns as wide as their widest
/// cell plus `padding`, at least `minwidth`; the text after a line's last tab is not
/// aligned and never padded.
pub fn tabwrite(text: &str, minwidth: usize, padding: usize) -> String {
    let ends_with_newline = text.ends_with('\n');
    let body = text.strip_suffix('\n').unwrap_or(text);
    let rows: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    // widths[line][col] for each tab-terminated cell.
    let mut widths: Vec<Vec<usize>> = rows.iter().map(|r| vec![0; r.len().saturating_sub(1)]).collect();
    let max_cols = rows.iter().map(|r| r.len().saturating_sub(1)).max().unwrap_or(0);
    for col in 0..max_cols {
        // A column block is a run of consecutive lines that all have a terminated cell
        // in this column (Go's tabwriter formats block by block).
        let mut line = 0;
        while line < rows.len() {
            if rows[line].len().saturating_sub(1) <= col {
                line += 1;
                continue;
            }
            let start = line;
            let mut width = minwidth;
            while line < rows.len() && rows[line].len().saturating_sub(1) > col {
                width = width.max(display_width(rows[line][col]) + padding);
                line += 1;
            }
            for w in widths.iter_mut().take(line).skip(start) {
                if let Some(cell) = w.get_mut(col) {
                    *cell = width;
                }
            }
        }
    }
    let mut out = String::with_capacity(text.len() + rows.len() * 8);
    for (i, row) in rows.iter().enumerate() {
        for (j, cell) in row.iter().enumerate() {
            out.push_str(cell);
            if let Some(w) = widths.get(i).and_then(|w| w.get(j)) {
                out.extend(std::iter::repeat_n(' ', w.saturating_sub(display_width(cell))));
            }
        }
        if i + 1 < rows.len() || ends_with_newline {
            out.push('\n');
        }
    }
    out
}

impl Value {
    #[cfg(test)]
    /// A value from decoded JSON, as docker's raw fallback sees it: objects are maps,
    /// `null` is nil, whole numbers are integers.
    pub fn from_json(j: &serde_json::Value) -> Value {
        match j {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(0.0)),
            },
            serde_json::Value::String(s) => Value::Str(s.clone()),
            serde_json::Value::Array(a) => Value::List(a.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(o) => {
                Value::map(o.iter().map(|(k, v)| (k.clone(), Value::from_json(v))), Value::Missing)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `template` over the JSON `data` (maps, as docker's raw fallback sees them)
    /// and compares with what Go 1.19's text/template printed for the same input.
    fn check(template: &str, data: &str, expected: &str) {
        let json: serde_json::Value = serde_json::from_str(data).expect("test JSON");
        let value = Value::from_json(&json);
        let got = Template::parse(template).and_then(|t| t.execute(&value)).unwrap_or_else(|e| format!("ERR {e}"));
        assert_eq!(got, expected, "template {template:?}");
    }

    const C: &str = r#"{"Id":"abc","Name":"/web","State":{"Status":"running","Running":true,"Pid":42},
        "Config":{"Labels":{"b":"2","a":"x<y>"},"Env":["A=1","B=2"],"Cmd":null},
        "NetworkSettings":{"Ports":{"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"8080"}],"443/tcp":null}},
        "Mounts":[{"Type":"volume","Name":"data","Destination":"/data"}]}"#;

    #[test]
    fn fields_and_nesting() {
        check("{{.Name}}", C, "/web");
        check("{{.State.Status}}", C, "running");
        check("{{.State.Pid}}", C, "42");
        check("{{.State.Running}}", C, "true");
        check("{{.Config.Labels}}", C, "map[a:x<y> b:2]");
        check("{{.Config.Env}}", C, "[A=1 B=2]");
        check("{{.Config.Cmd}}", C, "<no value>");
        check("{{.Config.Labels.zz}}", C, "<no value>");
        check(
            "{{.Name.Foo}}",
            C,
            r#"ERR template: :1:7: executing "" at <.Name.Foo>: can't evaluate field Foo in type string"#,
        );
        check("{{.}}", r#"{"a":1}"#, "map[a:1]");
        check("x{{/* c */}}y", C, "xy");
        check("a  {{- .Name -}}  b", C, "a/webb");
    }

    #[test]
    fn json_function() {
        check("{{json .Mounts}}", C, r#"[{"Destination":"/data","Name":"data","Type":"volume"}]"#);
        check("{{json .Config.Labels}}", C, r#"{"a":"x<y>","b":"2"}"#);
        check("{{json .Name}}", C, r#""/web""#);
        check("{{json .Config.Cmd}}", C, "null");
    }

    #[test]
    fn ranges_and_variables() {
        check("{{range .Config.Env}}[{{.}}]{{end}}", C, "[A=1][B=2]");
        check("{{range $i, $e := .Config.Env}}{{$i}}:{{$e}} {{end}}", C, "0:A=1 1:B=2 ");
        check("{{range $k, $v := .Config.Labels}}{{$k}}={{$v}};{{end}}", C, "a=x<y>;b=2;");
        check(
            "{{range $p, $conf := .NetworkSettings.Ports}}{{$p}} -> {{$conf}}\n{{end}}",
            C,
            "443/tcp -> <no value>\n80/tcp -> [map[HostIp:0.0.0.0 HostPort:8080]]\n",
        );
        check("{{range .Config.Cmd}}x{{else}}none{{end}}", C, "none");
        check("{{range .Mounts}}{{.Name}}:{{.Destination}}{{end}}", C, "data:/data");
        check("{{range .Config.Env}}{{if eq . \"B=2\"}}{{break}}{{end}}{{.}} {{end}}", C, "A=1 ");
        check("{{range .Config.Env}}{{if eq . \"A=1\"}}{{continue}}{{end}}{{.}}{{end}}", C, "B=2");
        check("{{$n := .Name}}{{$n}}", C, "/web");
        check("{{$x := 1}}{{$x = 2}}{{$x}}", C, "2");
        check("{{range $.Config.Env}}{{$.Name}}{{end}}", C, "/web/web");
        check("{{range 3}}{{.}}{{end}}", C, "012");
        check(
            "{{range .Name}}x{{end}}",
            C,
            r#"ERR template: :1:8: executing "" at <.Name>: range can't iterate over /web"#,
        );
    }

    #[test]
    fn conditionals() {
        check(r#"{{if eq .State.Status "running"}}up{{else}}down{{end}}"#, C, "up");
        check(r#"{{if .Config.Cmd}}y{{else if .Config.Env}}env{{else}}n{{end}}"#, C, "env");
        check("{{with .State}}{{.Status}}{{end}}", C, "running");
        check("{{with .Config.Cmd}}x{{else}}empty{{end}}", C, "empty");
        check("{{if and .State.Running (eq .Name \"/web\")}}ok{{end}}", C, "ok");
        check("{{and 1 0 2}}", C, "0");
        check(r#"{{or 0 "" "x"}}"#, C, "x");
        check("{{not .Name}}", C, "false");
        check(r#"{{eq .Name "/web" "x"}}"#, C, "true");
        check(r#"{{ne .Name "/db"}}"#, C, "true");
        check("{{lt 1 2}} {{ge 3 3}} {{gt 1 2}} {{le 2 2}}", C, "true true false true");
        check(
            r#"{{eq 1 "a"}}"#,
            C,
            r#"ERR template: :1:2: executing "" at <eq 1 "a">: error calling eq: incompatible types for comparison"#,
        );
    }

    #[test]
    fn index_and_parens() {
        check(r#"{{(index (index .NetworkSettings.Ports "80/tcp") 0).HostPort}}"#, C, "8080");
        check(r#"{{index .Config.Labels "a"}}"#, C, "x<y>");
        check("{{index .Config.Env 1}}", C, "B=2");
        check(
            "{{index .Config.Env 5}}",
            C,
            r#"ERR template: :1:2: executing "" at <index .Config.Env 5>: error calling index: index out of range: 5"#,
        );
        check(
            r#"{{index .Config.Env "a"}}"#,
            C,
            r#"ERR template: :1:2: executing "" at <index .Config.Env "a">: error calling index: cannot index slice/array with type string"#,
        );
        check(
            "{{index nil 1}}",
            C,
            r#"ERR template: :1:2: executing "" at <index nil 1>: error calling index: index of untyped nil"#,
        );
        check("{{len .Config.Env}} {{len .Name}}", C, "2 4");
        check(
            "{{len .State.Pid}}",
            C,
            r#"ERR template: :1:2: executing "" at <len .State.Pid>: error calling len: len of type int"#,
        );
        check("{{slice .Name 1 3}}", C, "we");
    }

    #[test]
    fn docker_functions() {
        check("{{upper .State.Status}} {{lower \"ABC\"}} {{title \"hello world\"}}", C, "RUNNING abc Hello World");
        check(r#"{{join .Config.Env ","}}"#, C, "A=1,B=2");
        check(r#"{{split "a,b" ","}}"#, C, "[a b]");
        check("{{pad .State.Status 2 1}}|", C, "  running |");
        check("{{truncate .State.Status 3}}", C, "run");
        check("{{.Name | upper}}", C, "/WEB");
        check(
            "{{lower}}",
            C,
            r#"ERR template: :1:2: executing "" at <lower>: wrong number of args for lower: want 1 got 0"#,
        );
        check(
            "{{lower .State.Pid}}",
            C,
            r#"ERR template: :1:14: executing "" at <.State.Pid>: wrong type for value; expected string; got int"#,
        );
        check(
            "{{join .Name \",\"}}",
            C,
            r#"ERR template: :1:7: executing "" at <.Name>: wrong type for value; expected []string; got string"#,
        );
        check(
            "{{.Config.Labels.zz | lower}}",
            C,
            r#"ERR template: :1:22: executing "" at <lower>: invalid value; expected string"#,
        );
    }

    #[test]
    fn printf_and_print() {
        check(r#"{{printf "%s-%d" .Name .State.Pid}}"#, C, "/web-42");
        check(r#"{{printf "%d" .Name}}"#, C, "%!d(string=/web)");
        check(r#"{{print .Name 1 2 "a" "b" 3}}"#, C, "/web1 2ab3");
        check("{{println .Name 1}}", C, "/web 1\n");
        check(r#"{{printf "%q" .Name}}"#, C, "\"/web\"");
    }

    #[test]
    fn parse_errors() {
        check("{{foo .}}", C, r#"ERR template: :1: function "foo" not defined"#);
        check("{{.Name", C, "ERR template: :1: unclosed action");
        check("{{if .X}}", C, "ERR template: :1: unexpected EOF");
    }

    #[test]
    fn inspect_falls_back_to_json_names() {
        let v = StructBuilder::new("types.ContainerJSON")
            .g("Id", "ID", Value::str("abc"))
            .f("Name", Value::str("/web"))
            .o("Empty", Value::str(""))
            .build();
        let t = |s: &str| Template::parse(s).unwrap().execute_inspect(&v);
        assert_eq!(t("{{.ID}}"), Ok("abc".to_string()));
        assert_eq!(t("{{.Id}}"), Ok("abc".to_string()));
        assert_eq!(
            t("{{.Foo}}"),
            Err(r#"template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo""#.to_string())
        );
        assert_eq!(t("{{.Empty}}"), Ok(String::new()));
    }

    #[test]
    fn list_contexts_and_tables() {
        let row = |id: &str, name: &str| {
            StructBuilder::context("*formatter.ContainerContext")
                .f("ID", Value::str(id))
                .f("Names", Value::str(name))
                .f("Label", Value::Labels(vec![("app".to_string(), "web<1>".to_string())]))
                .build()
        };
        let rows = [row("abc", "web"), row("def", "a-much-longer-name")];
        let headers = [("ID", "CONTAINER ID"), ("Names", "NAMES")];
        assert_eq!(
            format_list("table {{.ID}}\\t{{.Names}}", &rows, &headers).unwrap(),
            "CONTAINER ID   NAMES\nabc            web\ndef            a-much-longer-name\n"
        );
        assert_eq!(format_list("{{.Names}}", &rows, &headers).unwrap(), "web\na-much-longer-name\n");
        assert_eq!(
            format_list("table {{.Names}}\\t{{.Label \"app\"}}", &rows[..1], &headers).unwrap(),
            "NAMES     app\nweb       web<1>\n"
        );
        assert_eq!(format_list("json", &rows[..1], &headers).unwrap(), "{\"ID\":\"abc\",\"Names\":\"web\"}\n");
        assert_eq!(format_list("table {{.Foo}}", &[], &headers).unwrap(), "<no value>\n");
        assert_eq!(
            format_list("{{.Foo}}", &rows, &headers).unwrap_err(),
            r#"template parsing error: template: :1:2: executing "" at <.Foo>: can't evaluate field Foo in type *formatter.ContainerContext"#
        );
        assert_eq!(
            format_list("{{.ID 1}}", &rows, &headers).unwrap_err(),
            r#"template parsing error: template: :1:2: executing "" at <.ID>: wrong number of args for ID: want 0 got 1"#
        );
        assert_eq!(
            format_list("table {{json .Names}}\\t{{upper .ID}}", &rows[..1], &headers).unwrap(),
            "NAMES     CONTAINER ID\n\"web\"     ABC\n"
        );
    }

    proptest::proptest! {
        /// Any template text over a pool of tricky pieces parses and runs (or fails with
        /// an error), without a panic, on a nested object.
        #[test]
        fn never_panics(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "{{", "}}", "{{-", "-}}", ".", ".A", ".B.C", "$", "$x", ":=", "=", "|", "(", ")", " ", "\"", "`", "'a'",
            "range", "if", "else", "end", "with", "break", "continue", "define", "template", "block", "nil", "true",
            "index", "len", "printf", "json", "join", "eq", "lt", "and", "slice", "pad", "truncate", "3", "-1",
            "1e400", "0x", ",", "/*", "*/", "%", "%s", "%d", "é", "\n", "\t",
        ]), 0..14)) {
            let src: String = pieces.concat();
            let data = Value::from_json(&serde_json::json!({"A": [1, "x", null], "B": {"C": {"D": true}}, "E": ""}));
            if let Ok(t) = Template::parse(&src) {
                let _ = t.execute(&data);
                let _ = t.execute_inspect(&data);
                let _ = t.execute_partial(&Value::Header(vec![("A".to_string(), "AA".to_string())]), Funcs::Header);
            }
            let _ = format_list(&src, std::slice::from_ref(&data), &[("A", "A")]);
        }
    }

    #[test]
    fn runaway_templates_stop() {
        check(
            "{{range 100000}}{{range 100000}}{{end}}{{end}}",
            "{}",
            r#"ERR template: :1:24: executing "" at <{{range 100000}}{{end}}>: template execution took too long"#,
        );
        check(
            r#"{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}"#,
            "{}",
            r#"ERR template: :1:25: executing "" at <{{template "r" .}}>: exceeded maximum template depth (50)"#,
        );
    }

    #[test]
    fn tabwriter_blocks() {
        assert_eq!(tabwrite("a\tb\nlonger-cell\tc\n", 10, 3), "a             b\nlonger-cell   c\n");
        assert_eq!(tabwrite("x\ty\n\nlong-long-long\tz\n", 10, 3), "x         y\n\nlong-long-long   z\n");
        assert_eq!(tabwrite("a\t\n", 10, 3), "a         \n");
        assert_eq!(tabwrite("UID\tPID\n0\t1\n", 20, 3), "UID                 PID\n0                   1\n");
    }
}
