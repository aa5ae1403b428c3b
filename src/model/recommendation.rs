//! 巡察建议书 (`doc_kind: "inspection_recommendation"`), `documents.md` §6.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::*;

/// 问题来源.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The rounds the problems come from.
    #[serde(default)]
    pub rounds: Vec<Round>,
    /// The inspected bodies where they were found.
    #[serde(default)]
    pub inspected_orgs: Vec<OrgName>,
    /// The paragraph saying where the problems come from.
    #[schemars(length(min = 1, max = 1500))]
    pub text: String,
}

/// One cause (原因分析).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cause {
    /// Heading.
    pub heading: HeadingText,
    /// Text.
    #[schemars(length(min = 1, max = 1500))]
    pub text: String,
}

/// One recommendation with its measures (建议措施).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    /// Heading.
    pub heading: HeadingText,
    /// Measures, numbered 1. 2. … under the heading.
    #[schemars(length(min = 1), inner(length(min = 1, max = 800)))]
    pub measures: Vec<String>,
}

/// 回复时限 and 要求.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reply {
    /// 回复时限.
    pub deadline: IsoDate,
    /// Who the reply goes to.
    #[serde(default)]
    pub to: Option<OrgName>,
    /// The requirement in words; without it a sentence is made from the deadline.
    #[serde(default)]
    #[schemars(length(min = 1, max = 600))]
    pub text: Option<String>,
}

/// Which kind of document this is; always `inspection_recommendation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum RecommendationKind {
    /// 巡察建议书.
    #[serde(rename = "inspection_recommendation")]
    InspectionRecommendation,
}

/// 巡察建议书: problems common to many inspected units, sent to the competent department.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "巡察建议书 (inspection_recommendation)")]
pub struct RecommendationLetter {
    /// Always `inspection_recommendation`.
    pub doc_kind: RecommendationKind,
    /// Fields for a custom template, passed through as they are: `{{ extra.NAME }}` in a
    /// template. xuncha checks only that their text is printable.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The template to render with (a name from `xuncha templates list`); default: the one named
    /// after the kind.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]{0,63}$"))]
    pub template: Option<String>,
    /// letter (default), standard or plain.
    #[serde(default = "Layout::letter")]
    pub layout: Layout,
    /// 版头 elements.
    #[serde(default)]
    pub envelope: Option<Envelope>,
    /// 编号.
    pub doc_number: DocNumber,
    /// 标题: 关于…建议(书).
    #[schemars(length(min = 6, max = 90), regex(pattern = r"^关于.+建议(书)?$"))]
    pub title: String,
    /// Typesetting hints.
    #[serde(default)]
    pub render_hints: RenderHints,
    /// 主送单位.
    #[schemars(length(min = 1))]
    pub addressee: Vec<OrgName>,
    /// 问题来源.
    pub source: Source,
    /// 存在问题.
    #[schemars(length(min = 1))]
    pub problems: Vec<Problem>,
    /// 原因分析.
    #[serde(default)]
    pub cause_analysis: Vec<Cause>,
    /// 建议措施.
    #[schemars(length(min = 1))]
    pub recommendations: Vec<Recommendation>,
    /// 回复时限.
    pub reply: Reply,
    /// 联系人.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// 落款.
    pub signature: Signature,
    /// 附注.
    #[serde(default)]
    #[schemars(regex(pattern = r"^（.+）$"))]
    pub annotation: Option<String>,
    /// 附件.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// 抄送.
    #[serde(default)]
    pub cc: Vec<OrgName>,
    /// 印发机关和印发日期.
    #[serde(default)]
    pub imprint: Option<Imprint>,
}
