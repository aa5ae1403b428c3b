//! Reading a JSON document strictly: a byte-order mark is ignored, and a key that appears twice
//! in one object is an error naming its JSON Pointer, where `serde_json` would silently keep
//! the last value. Nesting is bounded by `serde_json`'s limit of 128 levels.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

use super::error::InputError;
use super::pointer::escape_pointer;

/// Why a text is not a JSON document.
#[derive(Debug)]
pub struct JsonError {
    /// What `serde_json` said, with the line and column.
    pub error: serde_json::Error,
    /// The JSON Pointer of a key given twice, if that is the problem.
    pub duplicate_key: Option<String>,
}

impl JsonError {
    /// The duplicate key as an error at its path, for a clerk; `None` for any other error.
    pub fn duplicate_key_error(&self) -> Option<InputError> {
        self.duplicate_key.as_ref().map(|path| {
            InputError::new(path.clone(), "同一对象中此字段出现了不止一次，请只保留一个")
        })
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl std::error::Error for JsonError {}

/// Parses one JSON document from UTF-8 bytes, ignoring a leading byte-order mark.
pub fn parse_bytes(bytes: &[u8]) -> Result<Value, JsonError> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let seed = StrictValue {
        path: String::new(),
        duplicate: &duplicate,
    };
    seed.deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value))
        .map_err(|error| JsonError {
            error,
            duplicate_key: duplicate.take(),
        })
}

/// Parses one JSON document from text, ignoring a leading byte-order mark.
pub fn parse_str(text: &str) -> Result<Value, JsonError> {
    parse_bytes(text.as_bytes())
}

/// A `serde_json::Value` that refuses duplicate keys, knowing where it is in the document.
struct StrictValue<'a> {
    path: String,
    duplicate: &'a RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for StrictValue<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StrictValue<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        // serde_json never yields a non-finite number.
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue {
            path: format!("{}/{}", self.path, items.len()),
            duplicate: self.duplicate,
        })? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = format!("{}/{}", self.path, escape_pointer(&key));
            if object.contains_key(&key) {
                let message = format!("duplicate key \"{key}\" at {path}");
                *self.duplicate.borrow_mut() = Some(path);
                return Err(de::Error::custom(message));
            }
            let value = map.next_value_seed(StrictValue {
                path,
                duplicate: self.duplicate,
            })?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_refused_with_their_pointer() {
        let error = parse_str(r#"{"a": [{"b~/": 1, "b~/": 2}]}"#).unwrap_err();
        assert_eq!(error.duplicate_key.as_deref(), Some("/a/0/b~0~1"));
        assert_eq!(
            error.to_string(),
            r#"duplicate key "b~/" at /a/0/b~0~1 at line 1 column 23"#
        );
    }

    #[test]
    fn values_parse_as_serde_json_parses_them() {
        let text = "\u{feff}{\"n\": -1.5, \"u\": 18446744073709551615, \"s\": \"\\u00e9\\n\", \"z\": null, \"t\": [true, {}]}";
        let expected: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
        assert_eq!(parse_str(text).unwrap(), expected);
    }

    #[test]
    fn trailing_text_and_deep_nesting_are_errors() {
        assert!(parse_str("{} {}").is_err());
        let deep = "[".repeat(10_000) + &"]".repeat(10_000);
        let error = parse_str(&deep).unwrap_err();
        assert!(error.to_string().contains("recursion limit"), "{error}");
        assert_eq!(error.duplicate_key, None);
    }
}
