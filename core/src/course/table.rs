//! Reading the course's TOML (front matter, exercise blocks) key by key from `toml_lite`'s
//! tree, with located Korean errors.
//!
//! A [`Table`] is checked against its keys in the order they were written, as serde's
//! `deny_unknown_fields` derives did: the first unknown key or value of the wrong kind is the
//! error (at the key, or at the value), then a missing required key (at the table). Reading by
//! hand instead of deriving `Deserialize` matters for the bundle: the derived readers of the
//! goal, hint, exercise and front-matter structs were 16 KB of wasm for a handful of keys.
//! Values are then taken by name; the kinds were checked, so they cannot fail. It must never
//! panic on any input.

use crate::toml_lite::{Entry, Item, Value};

/// An error at a byte offset of the text, in Korean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Byte offset into the table's text.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// What a key's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A string.
    Str,
    /// A whole number from 0 to `u32::MAX`.
    Count,
    /// A whole number that fits an `i32`.
    Int,
    /// `true` or `false`.
    Bool,
    /// An array of strings.
    Strs,
    /// A table (`{ ... }`).
    Table,
    /// An array of tables (`[[name]]`).
    Tables,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Str => "문자열",
            Kind::Count => "0 이상의 정수",
            Kind::Int => "정수",
            Kind::Bool => "true나 false",
            Kind::Strs => "문자열 배열",
            Kind::Table => "표",
            Kind::Tables => "표의 배열",
        }
    }

    fn accepts(self, value: &Value) -> bool {
        match (self, value) {
            (Kind::Str, Value::String(_)) | (Kind::Bool, Value::Boolean(_)) | (Kind::Table, Value::Table(_)) => true,
            (Kind::Count, Value::Integer(i)) => u32::try_from(*i).is_ok(),
            (Kind::Int, Value::Integer(i)) => i32::try_from(*i).is_ok(),
            (Kind::Strs, Value::Array(items)) => items.iter().all(|i| matches!(i.value, Value::String(_))),
            (Kind::Tables, Value::Array(items)) => items.iter().all(|i| matches!(i.value, Value::Table(_))),
            _ => false,
        }
    }
}

/// A table's keys and values.
pub(crate) struct Table<'a> {
    entries: &'a [Entry],
}

/// How a value of the wrong kind is named in the error.
fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("문자열 `{s}`"),
        Value::Integer(i) => format!("정수 `{i}`"),
        Value::Float(f) => format!("실수 `{f}`"),
        Value::Boolean(b) => format!("`{b}`"),
        Value::Array(_) => "배열".to_string(),
        Value::Table(_) => "표".to_string(),
    }
}

impl<'a> Table<'a> {
    /// `item` as a table whose keys are `schema`'s (name, kind, required), checked in the
    /// order they were written.
    pub fn read(item: &'a Item, schema: &[(&str, Kind, bool)]) -> Result<Table<'a>, Problem> {
        let Value::Table(entries) = &item.value else {
            return Err(Problem {
                offset: item.start,
                message: format!("값의 종류가 맞지 않습니다: 표이어야 하는데 {}입니다.", describe(&item.value)),
            });
        };
        for entry in entries {
            let Some((_, kind, _)) = schema.iter().find(|(k, _, _)| *k == entry.key) else {
                let keys: Vec<String> = schema.iter().map(|(k, _, _)| format!("`{k}`")).collect();
                return Err(Problem {
                    offset: entry.key_start,
                    message: format!("모르는 키 `{}`입니다. 쓸 수 있는 키: {}", entry.key, keys.join(", ")),
                });
            };
            if !kind.accepts(&entry.item.value) {
                return Err(Problem {
                    offset: entry.item.start,
                    message: format!(
                        "값의 종류가 맞지 않습니다: `{}` 값은 {}이어야 하는데 {}입니다.",
                        entry.key,
                        kind.name(),
                        describe(&entry.item.value)
                    ),
                });
            }
        }
        if let Some((key, _, _)) =
            schema.iter().find(|(k, _, required)| *required && !entries.iter().any(|e| e.key == *k))
        {
            return Err(Problem {
                offset: item.start, message: format!("꼭 있어야 하는 키가 빠졌습니다: `{key}`")
            });
        }
        Ok(Table { entries })
    }

    fn get(&self, key: &str) -> Option<&'a Item> {
        self.entries.iter().find(|e| e.key == key).map(|e| &e.item)
    }

    /// A string value.
    pub fn str(&self, key: &str) -> Option<String> {
        match self.get(key).map(|i| &i.value) {
            Some(Value::String(s)) => Some(s.clone()),
            _ => None,
        }
    }

    /// A whole-number value.
    pub fn int(&self, key: &str) -> Option<i64> {
        match self.get(key).map(|i| &i.value) {
            Some(Value::Integer(i)) => Some(*i),
            _ => None,
        }
    }

    /// A boolean value.
    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.get(key).map(|i| &i.value) {
            Some(Value::Boolean(b)) => Some(*b),
            _ => None,
        }
    }

    /// An array of strings.
    pub fn strs(&self, key: &str) -> Option<Vec<String>> {
        match self.get(key).map(|i| &i.value) {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(|i| match &i.value {
                        Value::String(s) => Some(s.clone()),
                        _ => None,
                    })
                    .collect(),
            ),
            _ => None,
        }
    }

    /// A table value, or each table of an array of tables.
    pub fn items(&self, key: &str) -> Vec<&'a Item> {
        match self.get(key) {
            Some(Item { value: Value::Array(items), .. }) => items.iter().collect(),
            Some(item) => vec![item],
            None => Vec::new(),
        }
    }
}

/// `text` parsed as TOML, or its syntax error in Korean.
pub(crate) fn parse(text: &str) -> Result<Item, Problem> {
    crate::toml_lite::parse(text)
        .map_err(|e| Problem { offset: e.offset, message: format!("TOML 문법 오류입니다: {}", e.message) })
}
