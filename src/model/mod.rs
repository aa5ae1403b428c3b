//! Typed input documents: one Rust type per document kind, from which the JSON Schema is generated.

pub mod cc_notice;
pub mod common;
pub mod feedback;
pub mod recommendation;

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

pub use cc_notice::CcNotice;
pub use common::*;
pub use feedback::Feedback;
pub use recommendation::RecommendationLetter;

/// The kinds of document the engine renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocKind {
    /// 巡察反馈意见.
    InspectionFeedback,
    /// 巡察抄告单.
    InspectionCcNotice,
    /// 巡察建议书.
    InspectionRecommendation,
}

impl DocKind {
    /// Every kind, in the order they are listed to users.
    pub const ALL: &'static [DocKind] = &[
        DocKind::InspectionFeedback,
        DocKind::InspectionCcNotice,
        DocKind::InspectionRecommendation,
    ];

    /// The `doc_kind` value in the input.
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::InspectionFeedback => "inspection_feedback",
            DocKind::InspectionCcNotice => "inspection_cc_notice",
            DocKind::InspectionRecommendation => "inspection_recommendation",
        }
    }

    /// The Chinese name of the kind.
    pub fn chinese_name(self) -> &'static str {
        match self {
            DocKind::InspectionFeedback => "巡察反馈意见",
            DocKind::InspectionCcNotice => "巡察抄告单",
            DocKind::InspectionRecommendation => "巡察建议书",
        }
    }

    /// The layouts this kind can be rendered in; the first is the default.
    pub fn layouts(self) -> &'static [Layout] {
        match self {
            DocKind::InspectionFeedback => &[Layout::Standard, Layout::Letter, Layout::Plain],
            DocKind::InspectionCcNotice => &[
                Layout::Form,
                Layout::Letter,
                Layout::Standard,
                Layout::Plain,
            ],
            DocKind::InspectionRecommendation => &[Layout::Letter, Layout::Standard, Layout::Plain],
        }
    }

    /// The JSON Schema of this kind's input, generated from its Rust type.
    ///
    /// Optional fields may be left out but, as in the input contract, not set to `null`.
    pub fn schema(self) -> serde_json::Value {
        let schema = match self {
            DocKind::InspectionFeedback => schemars::schema_for!(Feedback),
            DocKind::InspectionCcNotice => schemars::schema_for!(CcNotice),
            DocKind::InspectionRecommendation => schemars::schema_for!(RecommendationLetter),
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
    /// 巡察抄告单.
    CcNotice(Box<CcNotice>),
    /// 巡察建议书.
    Recommendation(Box<RecommendationLetter>),
}

impl Document {
    /// Deserializes a document of a known kind, borrowing the value (no copy of the input).
    pub fn from_value(kind: DocKind, value: &serde_json::Value) -> serde_json::Result<Self> {
        use serde::Deserialize;
        Ok(match kind {
            DocKind::InspectionFeedback => {
                Document::Feedback(Box::new(Feedback::deserialize(value)?))
            }
            DocKind::InspectionCcNotice => {
                Document::CcNotice(Box::new(CcNotice::deserialize(value)?))
            }
            DocKind::InspectionRecommendation => {
                Document::Recommendation(Box::new(RecommendationLetter::deserialize(value)?))
            }
        })
    }

    /// Which kind of document this is.
    pub fn kind(&self) -> DocKind {
        match self {
            Document::Feedback(_) => DocKind::InspectionFeedback,
            Document::CcNotice(_) => DocKind::InspectionCcNotice,
            Document::Recommendation(_) => DocKind::InspectionRecommendation,
        }
    }

    /// The layout asked for.
    pub fn layout(&self) -> Layout {
        match self {
            Document::Feedback(d) => d.layout,
            Document::CcNotice(d) => d.layout,
            Document::Recommendation(d) => d.layout,
        }
    }

    /// 署名 and 成文日期; its date is the document's date.
    pub fn signature(&self) -> &Signature {
        match self {
            Document::Feedback(d) => &d.signature,
            Document::CcNotice(d) => &d.signature,
            Document::Recommendation(d) => &d.signature,
        }
    }

    /// 发文字号 (编号 of a 抄告单), when the document has one.
    pub fn doc_number(&self) -> Option<&str> {
        match self {
            Document::Feedback(d) => d.doc_number.as_ref().map(|n| n.0.as_str()),
            Document::CcNotice(d) => Some(&d.serial_no.0),
            Document::Recommendation(d) => Some(&d.doc_number.0),
        }
    }

    /// The template the document asks for, if any.
    pub fn template(&self) -> Option<&str> {
        match self {
            Document::Feedback(d) => d.template.as_deref(),
            Document::CcNotice(d) => d.template.as_deref(),
            Document::Recommendation(d) => d.template.as_deref(),
        }
    }

    /// Sets the layout (a template's default, when the input names none).
    pub fn set_layout(&mut self, layout: Layout) {
        match self {
            Document::Feedback(d) => d.layout = layout,
            Document::CcNotice(d) => d.layout = layout,
            Document::Recommendation(d) => d.layout = layout,
        }
    }

    /// The title of the document (the form title of a 抄告单).
    pub fn title(&self) -> &str {
        match self {
            Document::Feedback(d) => &d.title,
            Document::CcNotice(d) => &d.form_title,
            Document::Recommendation(d) => &d.title,
        }
    }

    /// The title broken into lines by the author, if it was.
    pub fn render_hints(&self) -> &RenderHints {
        match self {
            Document::Feedback(d) => &d.render_hints,
            Document::CcNotice(d) => &d.render_hints,
            Document::Recommendation(d) => &d.render_hints,
        }
    }

    /// The attachments.
    pub fn attachments(&self) -> &[Attachment] {
        match self {
            Document::Feedback(d) => &d.attachments,
            Document::CcNotice(d) => &d.attachments,
            Document::Recommendation(d) => &d.attachments,
        }
    }

    /// 印发机关和印发日期.
    pub fn imprint(&self) -> Option<&Imprint> {
        match self {
            Document::Feedback(d) => d.imprint.as_ref(),
            Document::CcNotice(d) => d.imprint.as_ref(),
            Document::Recommendation(d) => d.imprint.as_ref(),
        }
    }
}
