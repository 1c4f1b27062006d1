//! The data a Go template looks at: a small model of the Go values docker formats.
//!
//! docker's templates run over Go structs (`types.ContainerJSON`), maps (`Labels`), slices
//! and the method-only "contexts" of list commands (`formatter.ContainerContext`). Each of
//! those prints differently (`{a b}`, `map[k:v]`, `[a b]`), serializes differently (struct
//! fields in declaration order, map keys sorted) and fails differently, so [`Value`] keeps
//! exactly that much type information. This module only describes and prints values; it
//! never parses or executes templates.

use crate::go::{json, strconv};
use std::fmt::Write as _;

/// A Go value as a template sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Go's invalid `reflect.Value`: what a missing map key yields. Prints `<no value>`.
    Missing,
    /// A nil pointer: prints `<nil>`, JSON `null`.
    Nil,
    /// A nil interface (JSON `null` as docker's raw fallback decodes it). A template
    /// action digs through interfaces, so at the top it prints `<no value>`; inside a
    /// map or slice it prints `<nil>`.
    Null,
    /// A nil slice: prints `[]`, JSON `null`.
    NilList,
    /// A nil map: prints `map[]`, JSON `null`.
    NilMap,
    /// `bool`.
    Bool(bool),
    /// Any integer type.
    Int(i64),
    /// `float64` (number literals with a fraction).
    Float(f64),
    /// `string`.
    Str(String),
    /// A slice.
    List(Vec<Value>),
    /// A map with string keys (Go prints and serializes map keys sorted).
    Map(Map),
    /// A struct, or a pointer to one.
    Struct(Struct),
    /// A method that takes one string argument (`.Label "com.example"` of list contexts).
    Labels(Vec<(String, String)>),
    /// The header row of a `table` format: docker's `SubHeaderContext`, a
    /// `map[string]string` from field name to column title with a `Label` method.
    Header(Vec<(String, String)>),
}

/// A Go map with string keys.
#[derive(Clone, Debug, PartialEq)]
pub struct Map {
    /// Entries sorted by key.
    pub entries: Vec<(String, Value)>,
    /// The element type's zero value, which `index` returns for a missing key (`""` for
    /// `map[string]string`, a nil slice for `map[nat.Port][]PortBinding`).
    pub zero: Box<Value>,
}

/// How a struct becomes JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marshal {
    /// `encoding/json` on the struct: fields in declaration order under their JSON names,
    /// `omitempty` fields left out when empty.
    Fields,
    /// docker's formatter contexts (`MarshalJSON` over their methods): a map with sorted
    /// keys, HTML characters escaped (`-\u003e`) because an inner `json.Marshal` did it.
    SortedEscaped,
}

/// A Go struct value.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    /// The Go type as error messages name it (`*formatter.ContainerContext`).
    pub type_name: String,
    /// Its fields (and argument-less methods) in declaration order.
    pub fields: Vec<Field>,
    /// A pointer to the struct: inside another value Go prints its address, not its fields.
    pub pointer: bool,
    /// How `json` serializes it.
    pub marshal: Marshal,
    /// What its `String()` method returns, for types that are `fmt.Stringer`s: Go's
    /// printing uses that instead of the fields (`linux/amd64` for a platform).
    pub stringer: Option<String>,
}

/// One field of a struct.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// The JSON name (also the Go name unless [`Field::go`] says otherwise).
    pub name: String,
    /// The Go field name when it differs from the JSON one (`ID` for `"Id"`).
    pub go: Option<&'static str>,
    /// The value.
    pub value: Value,
    /// `json:",omitempty"`: left out of JSON when empty.
    pub omitempty: bool,
}

impl Field {
    /// The name a template uses (`.ID`).
    pub fn go_name(&self) -> &str {
        self.go.unwrap_or(&self.name)
    }
}

impl Value {
    /// A string value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// A `[]string`; `None` gives a nil slice.
    pub fn strings<I, S>(items: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Value::List(items.into_iter().map(|s| Value::Str(s.into())).collect())
    }

    /// A `map[string]string`, sorted as Go does; empty input gives an empty (non-nil) map.
    pub fn string_map<I, K, V>(items: I) -> Value
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Value::map(items.into_iter().map(|(k, v)| (k.into(), Value::Str(v.into()))), Value::str(""))
    }

    /// A map with the given element zero value; keys are sorted (the last of equal keys wins).
    pub fn map(items: impl IntoIterator<Item = (String, Value)>, zero: Value) -> Value {
        let mut entries: Vec<(String, Value)> = Vec::new();
        for (k, v) in items {
            match entries.iter_mut().find(|(ek, _)| *ek == k) {
                Some(e) => e.1 = v,
                None => entries.push((k, v)),
            }
        }
        crate::sort::sort_by(&mut entries, |a, b| a.0.cmp(&b.0));
        Value::Map(Map { entries, zero: Box::new(zero) })
    }

    /// Whether `encoding/json`'s `omitempty` treats it as empty.
    pub fn is_empty_for_json(&self) -> bool {
        match self {
            Value::Missing | Value::Nil | Value::Null | Value::NilList | Value::NilMap => true,
            Value::Bool(b) => !*b,
            Value::Int(i) => *i == 0,
            Value::Float(f) => *f == 0.0,
            Value::Str(s) => s.is_empty(),
            Value::List(l) => l.is_empty(),
            Value::Map(m) => m.entries.is_empty(),
            Value::Struct(_) | Value::Labels(_) | Value::Header(_) => false,
        }
    }

    /// The Go type name error messages use.
    pub fn type_name(&self, raw: bool) -> String {
        match self {
            Value::Missing => "<invalid reflect.Value>".to_string(),
            Value::Nil | Value::Null => "interface {}".to_string(),
            Value::NilList => "[]string".to_string(),
            Value::NilMap => "map[string]string".to_string(),
            Value::Bool(_) => "bool".to_string(),
            Value::Int(_) if raw => "json.Number".to_string(),
            Value::Int(_) => "int".to_string(),
            Value::Float(_) => "float64".to_string(),
            Value::Str(_) => "string".to_string(),
            Value::List(items) => {
                if !raw && items.iter().all(|v| matches!(v, Value::Str(_))) {
                    "[]string".to_string()
                } else {
                    "[]interface {}".to_string()
                }
            }
            Value::Map(m) => {
                if !raw && m.entries.iter().all(|(_, v)| matches!(v, Value::Str(_))) {
                    "map[string]string".to_string()
                } else {
                    "map[string]interface {}".to_string()
                }
            }
            Value::Struct(s) => s.type_name.clone(),
            Value::Labels(_) => "func(string) string".to_string(),
            Value::Header(_) => "formatter.SubHeaderContext".to_string(),
        }
    }

    /// The value as docker's raw-JSON fallback sees it: structs become maps under their
    /// JSON names (omitted fields gone), nils become untyped nils, numbers stay numbers.
    ///
    /// `docker inspect -f` first runs the template on the typed object and, if that
    /// fails, again on the decoded JSON; the second run's error is the one printed.
    pub fn to_raw(&self) -> Value {
        match self {
            Value::NilList | Value::NilMap | Value::Nil | Value::Null => Value::Null,
            Value::List(items) => Value::List(items.iter().map(Value::to_raw).collect()),
            Value::Map(m) => Value::map(m.entries.iter().map(|(k, v)| (k.clone(), v.to_raw())), Value::Missing),
            Value::Struct(s) => Value::map(
                s.fields
                    .iter()
                    .filter(|f| !matches!(f.value, Value::Labels(_)))
                    .filter(|f| !(f.omitempty && f.value.is_empty_for_json()))
                    .map(|f| (f.name.clone(), f.value.to_raw())),
                Value::Missing,
            ),
            other => other.clone(),
        }
    }

    /// What `fmt.Print` writes for the value at the top of a template action.
    ///
    /// A pointer at the top is followed (text/template's `printableValue`), so a
    /// `*ContainerState` prints its fields; nested pointers print as addresses.
    pub fn go_print(&self) -> String {
        let mut s = String::new();
        self.write_go(&mut s, true);
        s
    }

    fn write_go(&self, out: &mut String, top: bool) {
        match self {
            Value::Missing => out.push_str("<no value>"),
            Value::Nil | Value::Null => out.push_str("<nil>"),
            Value::NilList => out.push_str("[]"),
            Value::NilMap => out.push_str("map[]"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.push_str(&strconv::format_float(*f)),
            Value::Str(s) => out.push_str(s),
            Value::List(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    v.write_go(out, false);
                }
                out.push(']');
            }
            Value::Map(m) => write_go_map(out, m.entries.iter().map(|(k, v)| (k.as_str(), v))),
            Value::Header(h) => {
                let mut sorted: Vec<&(String, String)> = h.iter().collect();
                crate::sort::sort(&mut sorted);
                out.push_str("map[");
                for (i, (k, v)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    let _ = write!(out, "{k}:{v}");
                }
                out.push(']');
            }
            Value::Struct(s) => {
                if let Some(text) = &s.stringer {
                    out.push_str(text);
                    return;
                }
                if s.pointer && !top {
                    // Go prints the address of a nested pointer; any stable address will do.
                    let _ = write!(out, "0xc000{:06x}", fake_address(&s.type_name));
                    return;
                }
                out.push('{');
                let mut first = true;
                for f in s.fields.iter().filter(|f| !matches!(f.value, Value::Labels(_))) {
                    if !first {
                        out.push(' ');
                    }
                    first = false;
                    f.value.write_go(out, false);
                }
                out.push('}');
            }
            Value::Labels(_) => {
                let _ = write!(out, "0xc000{:06x}", fake_address("func"));
            }
        }
    }

    /// `encoding/json`: compact, with `<`, `>` and `&` escaped when `escape_html`.
    pub fn to_json(&self, escape_html: bool) -> String {
        let mut s = String::new();
        self.write_json(&mut s, escape_html);
        s
    }

    fn write_json(&self, out: &mut String, escape_html: bool) {
        match self {
            Value::Missing | Value::Nil | Value::Null | Value::NilList | Value::NilMap | Value::Labels(_) => {
                out.push_str("null")
            }
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Value::Float(f) => out.push_str(&json::float(*f)),
            Value::Str(s) => json::write_string(out, s, escape_html),
            Value::List(items) => {
                out.push('[');
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    v.write_json(out, escape_html);
                }
                out.push(']');
            }
            Value::Map(m) => {
                let mut sorted: Vec<&(String, Value)> = m.entries.iter().collect();
                crate::sort::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
                write_json_object(out, sorted.into_iter().map(|(k, v)| (k.as_str(), v)), escape_html);
            }
            Value::Header(h) => {
                let mut sorted: Vec<&(String, String)> = h.iter().collect();
                crate::sort::sort(&mut sorted);
                out.push('{');
                for (i, (k, v)) in sorted.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json::write_string(out, k, escape_html);
                    out.push(':');
                    json::write_string(out, v, escape_html);
                }
                out.push('}');
            }
            Value::Struct(s) => match s.marshal {
                Marshal::Fields => write_json_object(
                    out,
                    s.fields
                        .iter()
                        .filter(|f| !matches!(f.value, Value::Labels(_)))
                        .filter(|f| !(f.omitempty && f.value.is_empty_for_json()))
                        .map(|f| (f.name.as_str(), &f.value)),
                    escape_html,
                ),
                Marshal::SortedEscaped => {
                    let mut fields: Vec<&Field> =
                        s.fields.iter().filter(|f| !matches!(f.value, Value::Labels(_))).collect();
                    crate::sort::sort_by(&mut fields, |a, b| a.go_name().cmp(b.go_name()));
                    write_json_object(out, fields.into_iter().map(|f| (f.go_name(), &f.value)), true);
                }
            },
        }
    }

    /// `json.MarshalIndent(v, "", "    ")`-style output, the layout `docker inspect` prints.
    pub fn to_json_indented(&self, escape_html: bool) -> String {
        json::indent(&self.to_json(escape_html), "    ")
    }
}

fn write_go_map<'a>(out: &mut String, entries: impl Iterator<Item = (&'a str, &'a Value)>) {
    let mut sorted: Vec<(&str, &Value)> = entries.collect();
    crate::sort::sort_by(&mut sorted, |a, b| a.0.cmp(b.0));
    out.push_str("map[");
    for (i, (k, v)) in sorted.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(k);
        out.push(':');
        v.write_go(out, false);
    }
    out.push(']');
}

fn write_json_object<'a>(out: &mut String, fields: impl Iterator<Item = (&'a str, &'a Value)>, escape_html: bool) {
    out.push('{');
    for (i, (k, v)) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_string(out, k, escape_html);
        out.push(':');
        v.write_json(out, escape_html);
    }
    out.push('}');
}

fn fake_address(seed: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in seed.bytes() {
        h = (h ^ b as u32).wrapping_mul(0x0100_0193);
    }
    (h & 0xfff) << 12
}

/// Builds a [`Struct`] field by field, for the inspect documents and list rows.
#[derive(Clone, Debug)]
pub struct StructBuilder {
    inner: Struct,
}

impl StructBuilder {
    /// A struct of Go type `type_name`, serialized field by field.
    pub fn new(type_name: &str) -> Self {
        StructBuilder {
            inner: Struct {
                type_name: type_name.to_string(),
                fields: Vec::new(),
                pointer: false,
                marshal: Marshal::Fields,
                stringer: None,
            },
        }
    }

    /// A list context (`*formatter.ContainerContext`): methods only, JSON sorted and escaped.
    pub fn context(type_name: &str) -> Self {
        StructBuilder {
            inner: Struct {
                type_name: type_name.to_string(),
                fields: Vec::new(),
                pointer: true,
                marshal: Marshal::SortedEscaped,
                stringer: None,
            },
        }
    }

    /// Gives it a `String()` method: templates print `text` for it.
    pub fn stringer(mut self, text: &str) -> Self {
        self.inner.stringer = Some(text.to_string());
        self
    }

    /// Marks it as a pointer (prints as an address when nested).
    pub fn pointer(mut self) -> Self {
        self.inner.pointer = true;
        self
    }

    /// A field whose Go and JSON names agree.
    pub fn f(mut self, name: &str, value: Value) -> Self {
        self.inner.fields.push(Field { name: name.to_string(), go: None, value, omitempty: false });
        self
    }

    /// A field left out of JSON when empty (`json:",omitempty"`).
    pub fn o(mut self, name: &str, value: Value) -> Self {
        self.inner.fields.push(Field { name: name.to_string(), go: None, value, omitempty: true });
        self
    }

    /// A field whose Go name differs from its JSON name (`ID` / `"Id"`).
    pub fn g(mut self, name: &str, go: &'static str, value: Value) -> Self {
        self.inner.fields.push(Field { name: name.to_string(), go: Some(go), value, omitempty: false });
        self
    }

    /// Like [`g`](Self::g), omitted from JSON when empty.
    pub fn go_omit(mut self, name: &str, go: &'static str, value: Value) -> Self {
        self.inner.fields.push(Field { name: name.to_string(), go: Some(go), value, omitempty: true });
        self
    }

    /// The finished value.
    pub fn build(self) -> Value {
        Value::Struct(self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_printing() {
        assert_eq!(Value::strings(["a", "b"]).go_print(), "[a b]");
        assert_eq!(Value::string_map([("b", "2"), ("a", "1")]).go_print(), "map[a:1 b:2]");
        assert_eq!(Value::NilList.go_print(), "[]");
        assert_eq!(Value::NilMap.go_print(), "map[]");
        assert_eq!(Value::Nil.go_print(), "<nil>");
        assert_eq!(Value::Missing.go_print(), "<no value>");
        let s =
            StructBuilder::new("T").f("A", Value::str("x")).f("B", Value::Int(3)).f("C", Value::Bool(false)).build();
        assert_eq!(s.go_print(), "{x 3 false}");
        assert_eq!(strconv::format_float(1.5), "1.5");
        let platform = StructBuilder::new("*formatter.Platform")
            .pointer()
            .stringer("linux/amd64")
            .f("os", Value::str("linux"))
            .build();
        assert_eq!(platform.go_print(), "linux/amd64");
        assert_eq!(platform.to_json(false), r#"{"os":"linux"}"#);
        assert_eq!(strconv::format_float(1e21), "1e+21");
    }

    #[test]
    fn json_escaping_and_indent() {
        let v = Value::string_map([("m", "a <b> & c")]);
        assert_eq!(v.to_json(true), r#"{"m":"a \u003cb\u003e \u0026 c"}"#);
        assert_eq!(v.to_json(false), r#"{"m":"a <b> & c"}"#);
        let s = StructBuilder::new("T")
            .f("Id", Value::str("x"))
            .f("E", Value::List(vec![]))
            .f("M", Value::string_map(Vec::<(String, String)>::new()))
            .o("O", Value::str(""))
            .f("N", Value::NilList)
            .build();
        assert_eq!(s.to_json(true), r#"{"Id":"x","E":[],"M":{},"N":null}"#);
        assert_eq!(
            s.to_json_indented(true),
            "{\n    \"Id\": \"x\",\n    \"E\": [],\n    \"M\": {},\n    \"N\": null\n}"
        );
        assert_eq!(Value::str("a\"b\\c\n\u{1}").to_json(true), r#""a\"b\\c\n\u0001""#);
    }

    #[test]
    fn raw_view_uses_json_names() {
        let s = StructBuilder::new("T")
            .g("Id", "ID", Value::str("x"))
            .o("O", Value::str(""))
            .f("L", Value::NilList)
            .build();
        let raw = s.to_raw();
        assert_eq!(raw.go_print(), "map[Id:x L:<nil>]");
        assert_eq!(Value::Null.to_json(false), "null");
    }
}
