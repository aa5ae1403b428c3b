//! Reading and validating input: every error in a document at once, each with its JSON path.
//!
//! [`json`] reads the text strictly. [`validate`] then runs every check that can run, so that a
//! clerk sees everything in one go:
//! 1. sizes ([`Limits`]), first, since patterns over megabytes of text take seconds;
//! 2. the JSON Schema generated from the kind's Rust type (types, lengths, patterns, unknown
//!    fields) ([`schema_errors`]);
//! 3. characters the typesetter cannot print ([`characters`]);
//! 4. cross-field rules a schema cannot express ([`Checks`]): the shared ones and the kind's own.
//!
//! Messages are in Chinese, for the clerks who fix the data.

mod characters;
mod checks;
mod error;
pub mod json;
mod limits;
pub mod pointer;
mod schema_errors;

use std::collections::HashSet;

use serde_json::Value;

pub use checks::Checks;
pub use error::InputError;
pub use limits::Limits;
use schema_errors::json_type_name;

use crate::model::{DocKind, Document};

/// Validates a parsed JSON value and returns the typed document, or every error found.
pub fn validate(value: &Value, limits: &Limits) -> Result<Document, Vec<InputError>> {
    let kind = document_kind(value).map_err(|e| vec![e])?;
    let oversized = limits.oversize_errors(value);
    if !oversized.is_empty() {
        // Patterns over megabytes of text take seconds, and every item costs layout time:
        // such a document is refused before anything else looks at it.
        return Err(oversized);
    }
    let mut errors = schema_errors::schema_errors(kind, value);
    errors.extend(characters::unprintable_errors(value));
    match kind.read(value) {
        Ok(document) => {
            errors.extend(Checks::run(&document));
            if errors.is_empty() {
                Ok(document)
            } else {
                Err(dedup(errors))
            }
        }
        Err(_) if errors.is_empty() => Err(vec![InputError::new(
            "",
            "文档结构无法识别，请对照 `xuncha schema` 输出的结构检查",
        )]),
        Err(_) => Err(dedup(errors)),
    }
}

/// Reads `doc_kind` and says clearly when it is missing or unknown.
fn document_kind(value: &Value) -> Result<DocKind, InputError> {
    let Some(object) = value.as_object() else {
        return Err(InputError::new(
            "",
            format!(
                "文档应为 JSON 对象（{{…}}），实际为{}",
                json_type_name(value)
            ),
        ));
    };
    match object.get("doc_kind") {
        None => Err(InputError::new(
            "/doc_kind",
            format!("缺少必填字段“doc_kind”（文种），可选值：{}", known_kinds()),
        )),
        Some(Value::String(s)) => s.parse().map_err(|_| {
            InputError::new(
                "/doc_kind",
                format!("不支持的文种“{s}”，可选值：{}", known_kinds()),
            )
        }),
        Some(other) => Err(InputError::new(
            "/doc_kind",
            format!("“doc_kind”应为字符串，实际为{}", json_type_name(other)),
        )),
    }
}

fn known_kinds() -> String {
    DocKind::ALL
        .iter()
        .map(|k| format!("{}（{}）", k.as_str(), k.chinese_name()))
        .collect::<Vec<_>>()
        .join("、")
}

fn dedup(mut errors: Vec<InputError>) -> Vec<InputError> {
    let mut seen = HashSet::new();
    errors.retain(|e| seen.insert((e.path.clone(), e.message.clone())));
    errors
}
