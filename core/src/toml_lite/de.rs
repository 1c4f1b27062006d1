//! serde over [`Item`]: `#[derive(Deserialize)]` types read TOML through this reader.
//!
//! Errors carry the byte offset of the value (or key) they are about, found on the way down,
//! so a misspelt key in a registry file is reported at that key. The messages of serde's
//! derives (`unknown field ...`, `missing field ...`) pass through unchanged; the
//! practice registry's loader (`catalogue`) puts them into Korean.

use super::{parse, Entry, Item, Value};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A parse or type error and where it happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeError {
    /// The message: Korean for syntax errors, serde's English for type and key errors.
    pub message: String,
    /// Byte offset into the text, when known.
    pub offset: Option<usize>,
}

impl DeError {
    /// Attaches `offset` unless a deeper value already did.
    fn at(mut self, offset: usize) -> Self {
        self.offset.get_or_insert(offset);
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError { message: msg.to_string(), offset: None }
    }
}

/// Parses `text` and reads a `T` from it.
pub fn from_str<T: de::DeserializeOwned>(text: &str) -> Result<T, DeError> {
    let root = parse(text).map_err(|e| DeError { message: e.message, offset: Some(e.offset) })?;
    T::deserialize(ItemDe(&root)).map_err(|e| e.at(0))
}

/// Deserializes one [`Item`].
struct ItemDe<'a>(&'a Item);

impl<'de> de::Deserializer<'de> for ItemDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let item = self.0;
        let result = match &item.value {
            Value::String(s) => visitor.visit_str(s),
            Value::Integer(i) => visitor.visit_i64(*i),
            Value::Float(f) => visitor.visit_f64(*f),
            Value::Boolean(b) => visitor.visit_bool(*b),
            Value::Array(items) => visitor.visit_seq(Seq { items: items.iter() }),
            Value::Table(entries) => visitor.visit_map(Map { entries: entries.iter(), value: None }),
        };
        result.map_err(|e| e.at(item.start))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let _ = (name, fields);
        self.deserialize_any(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let item = self.0;
        match &item.value {
            Value::String(s) => {
                visitor.visit_enum(s.as_str().into_deserializer()).map_err(|e: DeError| e.at(item.start))
            }
            Value::Table(entries) if entries.len() == 1 => {
                visitor.visit_enum(Variant { entry: entries.first() }).map_err(|e| e.at(item.start))
            }
            _ => Err(DeError {
                message: "expected a string or a table with one key for an enum".to_string(),
                offset: Some(item.start),
            }),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map identifier
    }
}

struct Seq<'a> {
    items: std::slice::Iter<'a, Item>,
}

impl<'de> SeqAccess<'de> for Seq<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(item) => seed.deserialize(ItemDe(item)).map(Some).map_err(|e| e.at(item.start)),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'a> {
    entries: std::slice::Iter<'a, Entry>,
    value: Option<&'a Item>,
}

impl<'de> MapAccess<'de> for Map<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some(entry) => {
                self.value = Some(&entry.item);
                let key: de::value::StrDeserializer<'_, DeError> = entry.key.as_str().into_deserializer();
                seed.deserialize(key).map(Some).map_err(|e| e.at(entry.key_start))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(item) => seed.deserialize(ItemDe(item)).map_err(|e| e.at(item.start)),
            None => Err(de::Error::custom("a value without a key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// `{ variant = value }` for an externally tagged enum.
struct Variant<'a> {
    entry: Option<&'a Entry>,
}

impl<'de, 'a> de::EnumAccess<'de> for Variant<'a> {
    type Error = DeError;
    type Variant = ItemDe<'a>;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, ItemDe<'a>), DeError> {
        let entry = self.entry.ok_or_else(|| <DeError as de::Error>::custom("an empty table is not an enum"))?;
        let key: de::value::StrDeserializer<'_, DeError> = entry.key.as_str().into_deserializer();
        let v = seed.deserialize(key).map_err(|e| e.at(entry.key_start))?;
        Ok((v, ItemDe(&entry.item)))
    }
}

impl<'de> de::VariantAccess<'de> for ItemDe<'_> {
    type Error = DeError;

    fn unit_variant(self) -> Result<(), DeError> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, DeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}
