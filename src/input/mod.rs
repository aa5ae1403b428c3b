//! Reading and validating input: every error in a document at once, each with its JSON path.
//!
//! [`json`] reads the text strictly. [`validate`] then runs every check that can run, so that a
//! clerk sees everything in one go, in the order of the document:
//! 1. sizes ([`Limits`]), first, since patterns over megabytes of text take seconds; then what a
//!    clerk cannot see is made right ([`normalize`]: Windows line ends, tabs, `null` for an
//!    option, full-width digits and office date shapes in patterned fields);
//! 2. the JSON Schema generated from the kind's Rust type (types, lengths, patterns, unknown
//!    fields) ([`schema_errors`]);
//! 3. characters the typesetter cannot print ([`characters`]);
//! 4. cross-field rules a schema cannot express (`Document::check`, with the model's
//!    [`Checks`](crate::model::Checks)): the shared ones and the kind's own,
//!    on a stand-in document where a value could not be read at all (`repair`).
//!
//! Messages are in Chinese, for the clerks who fix the data.

mod characters;
pub mod json;
mod limits;
pub mod normalize;
mod order;
mod repair;
mod schema_errors;

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::Value;

pub use limits::Limits;
use schema_errors::json_type_name;

use crate::diagnostics::InputError;
use crate::model::{DocKind, Document};

/// Validates a parsed JSON value and returns the typed document, or every error found, in the
/// order the fields stand in the document.
pub fn validate(value: &Value, limits: &Limits) -> Result<Document, Vec<InputError>> {
    validate_noting(value, limits).map(|(document, _)| document)
}

/// [`validate`], also returning each value that was read other than as typed (full-width
/// digits, a date in an office form), at its path, so that a clerk can correct the source.
pub fn validate_noting(
    value: &Value,
    limits: &Limits,
) -> Result<(Document, Vec<InputError>), Vec<InputError>> {
    let kind = document_kind(value).map_err(|e| vec![e])?;
    let oversized = limits.oversize_errors(value);
    if !oversized.is_empty() {
        // Patterns over megabytes of text take seconds, and every item costs layout time:
        // such a document is refused before anything else looks at it.
        return Err(oversized);
    }
    let (value, read_as_meant) = as_meant(kind, normalize::invisible(value));
    let mut errors: Vec<InputError> = schema_errors::schema_errors(kind, &value)
        .into_iter()
        .map(|v| v.error)
        .collect();
    errors.extend(characters::unprintable_errors(&value));
    match kind.read(&value) {
        Ok(document) => {
            errors.extend(document.check());
            if errors.is_empty() {
                let mut notes = read_as_meant;
                notes.extend(unnumbered_secret(&document));
                return Ok((document, notes));
            }
        }
        Err(_) if errors.is_empty() => {
            return Err(vec![InputError::new(
                "",
                "文档结构无法识别，请对照 `xuncha schema` 输出的结构检查",
            )]);
        }
        // The cross-field rules run even so, on a stand-in document (see `repair`).
        Err(_) => errors.extend(repair::rules_despite_errors(kind, &value)),
    }
    Err(order::in_document_order(&value, dedup(errors)))
}

/// The document with every patterned value that breaks its pattern, but passes it as a clerk
/// meant it (full-width digits, a date written 2024年9月2日, spaces at the ends), read that way;
/// and a note at the path of each value so read.
fn as_meant(kind: DocKind, value: Cow<'_, Value>) -> (Cow<'_, Value>, Vec<InputError>) {
    let fixes: Vec<(String, String)> = schema_errors::schema_errors(kind, &value)
        .into_iter()
        .filter_map(|v| Some((v.error.path, v.fix?)))
        .collect();
    if fixes.is_empty() {
        return (value, Vec::new());
    }
    let with = |fixes: &[(String, String)]| {
        let mut fixed = value.clone().into_owned();
        for (path, text) in fixes {
            if let Some(slot) = fixed.pointer_mut(path) {
                *slot = Value::String(text.clone());
            }
        }
        fixed
    };
    let tried = with(&fixes);
    let still: HashSet<String> = schema_errors::schema_errors(kind, &tried)
        .into_iter()
        .map(|v| v.error.path)
        .collect();
    // A fix that does not make the value pass is dropped: the error then quotes what was typed.
    let helped: Vec<(String, String)> = fixes
        .into_iter()
        .filter(|(path, _)| !still.contains(path))
        .collect();
    let notes = helped
        .iter()
        .map(|(path, text)| {
            let typed = value
                .pointer(path)
                .and_then(Value::as_str)
                .unwrap_or_default();
            let message = if typed.trim().contains('\n') {
                format!("中间有换行，已连成一行，按“{text}”读取，请在原文中改正")
            } else {
                format!("“{typed}”已按“{text}”读取，请在原文中改正")
            };
            InputError::new(path, message)
        })
        .collect();
    (Cow::Owned(with(&helped)), notes)
}

/// A note when the document carries a 密级 (its own, or its kind's default) but no 份号: GB/T
/// 9704 7.2.1 numbers every copy of a 涉密 document.
fn unnumbered_secret(document: &Document) -> Option<InputError> {
    let frame = document.frame();
    let envelope = frame.envelope.as_deref()?;
    let classification = envelope.classification?;
    if envelope.copy_no.is_some() {
        return None;
    }
    let word = serde_json::to_value(classification).unwrap_or_default();
    Some(InputError::new(
        "/envelope/copy_no",
        format!(
            "本件标注密级“{}”但没有份号：涉密公文应标注 6 位份号（GB/T 9704 7.2.1），请在 envelope.copy_no 写明，如 000001",
            word.as_str().unwrap_or_default()
        ),
    ))
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
