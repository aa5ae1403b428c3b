//! Typed input documents: one Rust type per document kind, from which the JSON Schema is generated.

pub mod common;
pub mod feedback;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use common::*;
pub use feedback::Feedback;

/// The kinds of document the engine renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// 巡察反馈意见.
    InspectionFeedback,
}

impl DocKind {
    /// Every kind, in the order they are listed to users.
    pub const ALL: &'static [DocKind] = &[DocKind::InspectionFeedback];

    /// The `doc_kind` value in the input.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::InspectionFeedback => "inspection_feedback",
        }
    }

    /// The Chinese name of the kind.
    pub fn chinese_name(self) -> &'static str {
        match self {
            DocKind::InspectionFeedback => "巡察反馈意见",
        }
    }

    /// The layouts this kind can be rendered in; the first is the default.
    pub fn layouts(self) -> &'static [Layout] {
        match self {
            DocKind::InspectionFeedback => &[Layout::Standard, Layout::Letter, Layout::Plain],
        }
    }

    /// The JSON Schema of this kind's input, generated from its Rust type.
    ///
    /// Optional fields may be left out but, as in the input contract, not set to `null`.
    pub fn schema(self) -> serde_json::Value {
        let schema = match self {
            DocKind::InspectionFeedback => schemars::schema_for!(Feedback),
        };
        let mut value = serde_json::to_value(schema).expect("a generated schema serializes");
        tidy_schema(&mut value);
        value
    }
}

/// Makes the generated schema say what the input contract says, so errors are specific:
/// removes the `null` alternative schemars gives every `Option` field, and turns a `oneOf` of
/// documented constants (enums) into a plain `enum` list.
fn tidy_schema(schema: &mut serde_json::Value) {
    use serde_json::Value;
    let Value::Object(map) = schema else {
        if let Value::Array(items) = schema {
            items.iter_mut().for_each(tidy_schema);
        }
        return;
    };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types.remove(0);
            map.insert("type".into(), only);
        }
    }
    if let Some(Value::Array(options)) = map.get_mut("enum") {
        options.retain(|o| !o.is_null());
    }
    if let Some(Value::Array(alternatives)) = map.get_mut("anyOf") {
        alternatives.retain(|a| a.get("type").is_none_or(|t| t != "null"));
        if alternatives.len() == 1 {
            let Some(Value::Object(only)) = alternatives.pop() else {
                unreachable!("schemas are objects")
            };
            map.remove("anyOf");
            for (key, value) in only {
                map.entry(key).or_insert(value);
            }
        }
    }
    if let Some(Value::Array(variants)) = map.get("oneOf") {
        let constants: Option<Vec<Value>> =
            variants.iter().map(|v| v.get("const").cloned()).collect();
        if let Some(constants) = constants {
            map.remove("oneOf");
            map.insert("enum".into(), Value::Array(constants));
        }
    }
    map.values_mut().for_each(tidy_schema);
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DocKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<_> = DocKind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "unknown document kind “{s}”; known kinds: {}",
                    known.join(", ")
                )
            })
    }
}

/// A validated input document of any kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Document {
    /// 巡察反馈意见.
    Feedback(Box<Feedback>),
}

impl Document {
    /// Which kind of document this is.
    pub fn kind(&self) -> DocKind {
        match self {
            Document::Feedback(_) => DocKind::InspectionFeedback,
        }
    }

    /// The layout asked for.
    pub fn layout(&self) -> Layout {
        match self {
            Document::Feedback(d) => d.layout,
        }
    }

    /// 署名 and 成文日期; its date is the document's date.
    pub fn signature(&self) -> &Signature {
        match self {
            Document::Feedback(d) => &d.signature,
        }
    }

    /// The title of the document.
    pub fn title(&self) -> &str {
        match self {
            Document::Feedback(d) => &d.title,
        }
    }
}
