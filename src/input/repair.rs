//! The cross-field rules of a document that cannot be read as its kind's type (a value of the
//! wrong type, an unknown enum value, a missing field): they run on a stand-in copy in which each
//! value that could not be read is replaced by one of the right shape, so that a clerk sees the
//! rule errors in the same run as the schema errors. Errors at replaced values are dropped: they
//! would be about the stand-ins.

use serde_json::{Value, json};

use super::schema_errors::schema_at;
use crate::diagnostics::InputError;
use crate::diagnostics::pointer::escape_pointer;
use crate::model::DocKind;

/// Values replaced at most, before giving up on the rules of this document.
const MOST_REPAIRS: usize = 64;

/// The cross-field errors of `value`, read as `kind` once its unreadable values are replaced.
pub fn rules_despite_errors(kind: DocKind, value: &Value) -> Vec<InputError> {
    let mut stand_in = value.clone();
    let mut replaced: Vec<String> = Vec::new();
    for _ in 0..MOST_REPAIRS {
        match kind.read(&stand_in) {
            Ok(document) => {
                return document
                    .check()
                    .into_iter()
                    .filter(|e| {
                        !replaced
                            .iter()
                            .any(|p| e.path == *p || e.path.starts_with(&format!("{p}/")))
                    })
                    .collect();
            }
            Err(error) => {
                if let Some(field) = named_field(&error.message, "unknown field `") {
                    // An unknown field is left out of the stand-in.
                    let path = member_path(&error.pointer, field);
                    if !remove(&mut stand_in, &path) {
                        return Vec::new();
                    }
                    continue;
                }
                let path = match named_field(&error.message, "missing field `") {
                    Some(field) => member_path(&error.pointer, field),
                    None => error.pointer,
                };
                if replaced.contains(&path) || !replace(&mut stand_in, &path, shape_of(kind, &path))
                {
                    return Vec::new();
                }
                replaced.push(path);
            }
        }
    }
    Vec::new()
}

/// The field serde names after `prefix`: “missing field `title`” → `title`.
fn named_field<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    message.strip_prefix(prefix)?.split('`').next()
}

/// The path of member `field` from serde's pointer, which names the member itself or, for some
/// errors, its object.
fn member_path(pointer: &str, field: &str) -> String {
    let member = format!("/{}", escape_pointer(field));
    if pointer.ends_with(&member) {
        pointer.to_string()
    } else {
        format!("{pointer}{member}")
    }
}

/// Removes the member at `path`; whether there was one.
fn remove(document: &mut Value, path: &str) -> bool {
    let Some((parent, key)) = path.rsplit_once('/') else {
        return false;
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => map.remove(&key).is_some(),
        _ => false,
    }
}

/// A value the schema at `path` accepts in shape: its first enum value or constant, else an
/// empty value of its type.
fn shape_of(kind: DocKind, path: &str) -> Value {
    let Some(schema) = schema_at(kind, path) else {
        return Value::Null;
    };
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    if let Some(constant) = schema.get("const") {
        return constant.clone();
    }
    let kind = match schema.get("type") {
        Some(Value::Array(types)) => types.first().and_then(Value::as_str),
        Some(other) => other.as_str(),
        None => None,
    };
    match kind {
        Some("string") => json!(""),
        Some("integer" | "number") => json!(0),
        Some("boolean") => json!(false),
        Some("array") => json!([]),
        Some("object") => json!({}),
        _ => Value::Null,
    }
}

/// Sets the value at `path` (its parent must exist); whether it could.
fn replace(document: &mut Value, path: &str, new: Value) -> bool {
    let Some((parent, key)) = path.rsplit_once('/') else {
        return false;
    };
    let key = key.replace("~1", "/").replace("~0", "~");
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.insert(key, new);
            true
        }
        Some(Value::Array(items)) => match key.parse::<usize>() {
            Ok(i) if i < items.len() => {
                items[i] = new;
                true
            }
            _ => false,
        },
        _ => false,
    }
}
