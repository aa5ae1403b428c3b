//! Schema violations, found by the kind's JSON Schema (built once per kind), as errors a clerk
//! can act on: in Chinese, at the path of the value. A pattern's message is the one its field
//! declares (`x-pattern-message` next to the pattern, see [`crate::model::schema`]); an unknown
//! field is told the known field it most looks like; a value that breaks its pattern comes with
//! the form a clerk probably meant ([`super::normalize::folded`]) for the caller to try.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

use super::normalize::{folded, unseen_in};
use crate::diagnostics::InputError;
use crate::diagnostics::pointer::escape_pointer;
use crate::model::DocKind;
use crate::model::schema::for_each_pattern;

/// Every kind's schema and validator, and the message of every pattern of every kind.
struct Validators {
    by_kind: HashMap<DocKind, (Value, jsonschema::Validator)>,
    pattern_messages: HashMap<String, String>,
}

fn validators() -> &'static Validators {
    static VALIDATORS: OnceLock<Validators> = OnceLock::new();
    VALIDATORS.get_or_init(|| {
        let mut by_kind = HashMap::new();
        let mut pattern_messages = HashMap::new();
        for &kind in DocKind::ALL {
            let schema = kind.schema();
            for_each_pattern(&schema, &mut |pattern, message| {
                if let Some(message) = message {
                    pattern_messages.insert(pattern.to_string(), message.to_string());
                }
            });
            let validator = jsonschema::options()
                .should_validate_formats(true)
                .build(&schema)
                .expect("the schema generated from the Rust types is valid");
            by_kind.insert(kind, (schema, validator));
        }
        Validators {
            by_kind,
            pattern_messages,
        }
    })
}

/// One schema violation, and for a value that breaks its pattern or format the form a clerk
/// probably meant, if it differs.
pub struct Violation {
    /// The error.
    pub error: InputError,
    /// The value as a clerk probably meant it (full-width digits as ASCII, a date in the shape
    /// offices write it as ISO, the ends trimmed).
    pub fix: Option<String>,
}

/// Every violation of the kind's schema.
pub fn schema_errors(kind: DocKind, value: &Value) -> Vec<Violation> {
    let validators = validators();
    let (schema, validator) = &validators.by_kind[&kind];
    let errors: Vec<_> = validator.iter_errors(value).collect();
    let pattern_paths: HashSet<String> = errors
        .iter()
        .filter(|e| matches!(e.kind(), ValidationErrorKind::Pattern { .. }))
        .map(|e| e.instance_path().as_str().to_string())
        .collect();
    errors
        .iter()
        .filter(|e| {
            // A value that breaks its pattern need not also be told its format is wrong.
            !(matches!(e.kind(), ValidationErrorKind::Format { .. })
                && pattern_paths.contains(e.instance_path().as_str()))
        })
        .map(|error| {
            let path = error.instance_path().as_str().to_string();
            let fix = match (error.kind(), error.instance().as_ref()) {
                (
                    ValidationErrorKind::Pattern { .. } | ValidationErrorKind::Format { .. },
                    Value::String(text),
                ) => folded(text),
                _ => None,
            };
            Violation {
                error: message(path, error.kind(), error.instance(), validators, schema),
                fix,
            }
        })
        .collect()
}

/// The schema of the value at `pointer` in a document of `kind`, following properties, array
/// items and `$ref`s; `None` where the schema says nothing.
pub fn schema_at(kind: DocKind, pointer: &str) -> Option<&'static Value> {
    schema_of_instance(&validators().by_kind[&kind].0, pointer)
}

/// `node` with its `$ref` (to `#/$defs/…`) followed, and an `anyOf` of one schema opened.
fn resolve<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..8 {
        if let Some(reference) = node.get("$ref").and_then(Value::as_str) {
            match reference
                .strip_prefix("#/$defs/")
                .and_then(|name| root.get("$defs")?.get(name))
            {
                Some(target) => node = target,
                None => break,
            }
        } else {
            break;
        }
    }
    node
}

/// The known field most like `name` among the properties of the object at `parent`, if one is
/// close enough to be a typing slip.
fn suggestion(schema: &Value, parent: &Value, name: &str) -> Option<String> {
    let properties = resolve(schema, parent).get("properties")?.as_object()?;
    properties
        .keys()
        .map(|known| (strsim::damerau_levenshtein(name, known), known))
        .filter(|(distance, known)| *distance <= (known.chars().count() / 3).max(1))
        .min()
        .map(|(_, known)| known.clone())
}

/// The key, in an object's schema, of the message for each field it requires only on a
/// condition (`if`/`then`): `{"field": "message"}`.
const REQUIRED_MESSAGES: &str = "x-required-messages";

/// Turns one schema violation into an error a clerk can act on.
fn message(
    path: String,
    kind: &ValidationErrorKind,
    instance: &Value,
    validators: &Validators,
    schema: &Value,
) -> InputError {
    use ValidationErrorKind as K;
    match kind {
        K::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            // A field required only with another's value (a signer's seal needs the signer's
            // post) says why, in the words its object declares.
            let declared = schema_of_instance(schema, &path)
                .and_then(|object| object.get(REQUIRED_MESSAGES)?.get(name)?.as_str());
            InputError::new(
                format!("{path}/{}", escape_pointer(name)),
                declared.map_or_else(|| format!("缺少必填字段“{name}”"), str::to_string),
            )
        }
        K::AdditionalProperties { unexpected } => {
            // One error per unknown field, each at its own path.
            let name = unexpected.first().cloned().unwrap_or_default();
            let parent = schema_of_instance(schema, &path);
            let hint = match parent.and_then(|p| suggestion(schema, p, &name)) {
                Some(known) => format!("是否应为“{known}”？"),
                None => "字段名是否拼写错误？".to_string(),
            };
            InputError::new(
                format!("{path}/{}", escape_pointer(&name)),
                format!("未知字段“{}”（{hint}）", unexpected.join("”“")),
            )
        }
        K::Type { kind } => InputError::new(
            path,
            format!(
                "类型错误：应为{}，实际为{}",
                type_kind_name(kind),
                json_type_name(instance)
            ),
        ),
        K::MinLength { limit } => InputError::new(
            path,
            format!(
                "内容过短：至少 {limit} 个字符，实际 {} 个",
                char_count(instance)
            ),
        ),
        K::MaxLength { limit } => InputError::new(
            path,
            format!(
                "内容过长：最多 {limit} 个字符，实际 {} 个",
                char_count(instance)
            ),
        ),
        K::MinItems { limit } => InputError::new(path, format!("至少应有 {limit} 项")),
        K::MaxItems { limit } => InputError::new(
            path,
            format!(
                "最多 {limit} 项，实际 {} 项",
                instance.as_array().map_or(0, Vec::len)
            ),
        ),
        K::Minimum { limit } => InputError::new(path, format!("数值不能小于 {limit}")),
        K::Maximum { limit } => InputError::new(path, format!("数值不能大于 {limit}")),
        K::ExclusiveMinimum { limit } => InputError::new(path, format!("数值应大于 {limit}")),
        K::Enum { options } => InputError::new(
            path,
            format!(
                "取值“{}”无效，可选值：{}",
                display_value(instance),
                enum_options(options)
            ),
        ),
        K::Constant { expected_value } => {
            InputError::new(path, format!("取值应为“{}”", display_value(expected_value)))
        }
        K::Pattern { pattern } => {
            let message = validators
                .pattern_messages
                .get(pattern.as_str())
                .cloned()
                .unwrap_or_else(|| format!("不符合格式要求（{path} 应匹配 {pattern}）"));
            let unseen = instance.as_str().and_then(unseen_in).unwrap_or_default();
            InputError::new(
                path,
                format!("“{}”{message}{unseen}", display_value(instance)),
            )
        }
        K::Format { format } if format == "date" => InputError::new(
            path,
            format!(
                "“{}”不是真实存在的日期（应写作 YYYY-MM-DD，如 2024-06-18）",
                display_value(instance)
            ),
        ),
        K::OneOfNotValid { .. } | K::AnyOf { .. } => InputError::new(
            path,
            format!("取值“{}”不是允许的类型或格式", display_value(instance)),
        ),
        other => InputError::new(path, format!("不符合格式要求（{other:?}）")),
    }
}

/// The schema of the value at `pointer` within the kind schema `schema`.
fn schema_of_instance<'a>(schema: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = resolve(schema, schema);
    for segment in pointer.split('/').skip(1) {
        let key = segment.replace("~1", "/").replace("~0", "~");
        node = if let Some(item) = node.get("items").filter(|_| key.parse::<usize>().is_ok()) {
            resolve(schema, item)
        } else {
            resolve(schema, node.get("properties")?.get(&key)?)
        };
    }
    Some(node)
}

fn char_count(value: &Value) -> usize {
    value.as_str().map_or(0, |s| s.chars().count())
}

fn display_value(value: &Value) -> String {
    let text = match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

fn enum_options(options: &Value) -> String {
    options
        .as_array()
        .map(|a| a.iter().map(display_value).collect::<Vec<_>>().join("、"))
        .unwrap_or_default()
}

/// The Chinese name of a JSON value's type.
pub(super) fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "空值 null",
        Value::Bool(_) => "布尔值",
        Value::Number(_) => "数字",
        Value::String(_) => "字符串",
        Value::Array(_) => "数组",
        Value::Object(_) => "对象",
    }
}

fn type_kind_name(kind: &TypeKind) -> String {
    let name = |t: &str| match t {
        "string" => "字符串",
        "integer" => "整数",
        "number" => "数字",
        "boolean" => "布尔值（true/false）",
        "array" => "数组",
        "object" => "对象",
        "null" => "空值",
        _ => "其他类型",
    };
    match kind {
        TypeKind::Single(t) => name(&t.to_string()).to_string(),
        TypeKind::Multiple(set) => set
            .iter()
            .map(|t| name(&t.to_string()))
            .collect::<Vec<_>>()
            .join("或"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A patterned field without its message would give the clerk a regular expression.
    #[test]
    fn every_pattern_of_every_kind_declares_one_message() {
        let mut messages: HashMap<String, HashSet<String>> = HashMap::new();
        for &kind in DocKind::ALL {
            for_each_pattern(&kind.schema(), &mut |pattern, message| {
                let message = message.unwrap_or_else(|| panic!("{kind}: no message for {pattern}"));
                messages
                    .entry(pattern.to_string())
                    .or_default()
                    .insert(message.to_string());
            });
        }
        for (pattern, said) in messages {
            assert_eq!(said.len(), 1, "{pattern} has several messages: {said:?}");
        }
    }
}
