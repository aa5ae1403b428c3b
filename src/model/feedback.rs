//! 巡察反馈意见 (`doc_kind: "inspection_feedback"`), `documents.md` §4.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::*;

/// The inspected Party organization.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectedOrg {
    /// 被巡察党组织.
    pub name: OrgName,
    /// 主要负责人.
    #[serde(default)]
    pub principal: Option<Person>,
    /// 延伸巡察单位.
    #[serde(default)]
    pub extended_units: Vec<OrgName>,
}

/// The inspection group.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InspectionGroup {
    /// 巡察组.
    pub name: OrgName,
    /// 组长.
    pub leader: Person,
    /// 副组长.
    #[serde(default)]
    pub deputy_leaders: Vec<Person>,
    /// 成员.
    #[serde(default)]
    pub members: Vec<Person>,
}

/// 进驻起止 and 反馈会.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// First day on site.
    pub start: IsoDate,
    /// Last day on site.
    pub end: IsoDate,
    /// Date of the feedback meeting.
    #[serde(default)]
    pub feedback_meeting: Option<IsoDate>,
}

/// 工作量统计.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    /// 个别谈话 (人次).
    #[serde(default)]
    pub individual_talks: Option<u32>,
    /// 调阅资料 (份).
    #[serde(default)]
    pub documents_reviewed: Option<u32>,
    /// 受理信访 (件次).
    #[serde(default)]
    pub petitions_received: Option<u32>,
    /// 实地走访 (次).
    #[serde(default)]
    pub site_visits: Option<u32>,
    /// 问卷调查 (份).
    #[serde(default)]
    pub questionnaires: Option<u32>,
    /// 发现问题 (个).
    #[serde(default)]
    pub problems_found: Option<u32>,
    /// 立行立改事项 (个).
    #[serde(default)]
    pub immediate_fix_items: Option<u32>,
}

/// 巡察基本情况.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BasicInfo {
    /// Paragraphs, without leading indentation.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 3000)))]
    pub paragraphs: Vec<String>,
    /// Work counts.
    #[serde(default)]
    pub stats: Option<Stats>,
}

/// The framework problems are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Framework {
    /// 三个聚焦 (村/社区).
    ThreeFocus,
    /// 四个落实.
    FourImplementation,
    /// 三大问题.
    ThreeBigProblems,
    /// 四个聚焦 (基层).
    FourFocusGrassroots,
    /// 五个方面 (2024).
    FiveAspects2024,
    /// Anything else.
    Custom,
}

/// One aspect of the problems found (一级标题).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemGroup {
    /// Heading of the aspect.
    pub heading: HeadingText,
    /// Summary paragraph.
    #[serde(default)]
    #[schemars(length(min = 1, max = 800))]
    pub summary: Option<String>,
    /// Problems of this aspect.
    #[schemars(length(min = 1))]
    pub problems: Vec<Problem>,
}

/// A suggestion (意见建议).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suggestion {
    /// Heading.
    pub heading: HeadingText,
    /// Text.
    #[serde(default)]
    #[schemars(length(min = 1, max = 1500))]
    pub content: Option<String>,
}

/// 整改要求.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rectification {
    /// 整改方案报送时限.
    #[serde(default)]
    pub plan_deadline: Option<IsoDate>,
    /// 整改情况报告时限.
    pub report_deadline: IsoDate,
    /// 报送单位.
    #[serde(default)]
    pub report_to: Option<OrgName>,
    /// Requirements, one per paragraph.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 3000)))]
    pub requirements: Vec<String>,
    /// The rectification will be made public.
    #[serde(default)]
    pub public_disclosure: Option<bool>,
}

/// 问题线索移交情况 (counts only).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClueTransfer {
    /// 件.
    #[serde(default)]
    pub items: Option<u32>,
    /// 人.
    #[serde(default)]
    pub persons: Option<u32>,
    /// Receiving bodies.
    #[serde(default)]
    pub recipients: Vec<OrgName>,
    /// Free text.
    #[serde(default)]
    #[schemars(length(min = 1, max = 500))]
    pub note: Option<String>,
}

/// Which kind of document this is; always `inspection_feedback`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum FeedbackKind {
    /// 巡察反馈意见.
    #[serde(rename = "inspection_feedback")]
    InspectionFeedback,
}

/// 巡察反馈意见: the inspection group's findings for the inspected Party organization.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "巡察反馈意见 (inspection_feedback)")]
pub struct Feedback {
    /// Always `inspection_feedback`.
    pub doc_kind: FeedbackKind,
    /// Fields for a custom template, passed through as they are: `{{ extra.NAME }}` in a
    /// template. xuncha checks only that their text is printable.
    #[serde(default)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The template to render with (a name from `xuncha templates list`); default: the one named
    /// after the kind.
    #[serde(default)]
    #[schemars(regex(pattern = r"^[a-z0-9][a-z0-9_-]{0,63}$"))]
    pub template: Option<String>,
    /// standard, letter or plain.
    #[serde(default)]
    pub layout: Layout,
    /// 版头 elements.
    #[serde(default)]
    pub envelope: Option<Envelope>,
    /// 发文字号.
    #[serde(default)]
    pub doc_number: Option<DocNumber>,
    /// 标题; ends with 反馈意见, 反馈报告 or 情况反馈.
    #[schemars(
        length(min = 6, max = 90),
        regex(pattern = r"^.*(反馈意见|反馈报告|情况反馈)$")
    )]
    pub title: String,
    /// Typesetting hints.
    #[serde(default)]
    pub render_hints: RenderHints,
    /// 主送机关.
    #[schemars(length(min = 1))]
    pub addressee: Vec<OrgName>,
    /// 被巡察党组织.
    pub inspected_org: InspectedOrg,
    /// 巡察组.
    pub inspection_group: InspectionGroup,
    /// 巡察轮次.
    pub round: Round,
    /// 进驻起止.
    pub period: Period,
    /// 巡察基本情况.
    #[serde(default)]
    pub basic_info: Option<BasicInfo>,
    /// 总体评价.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 3000)))]
    pub overall_assessment: Vec<String>,
    /// 问题框架.
    pub framework: Framework,
    /// Sentence leading into the problems.
    #[serde(default)]
    #[schemars(length(min = 1, max = 500))]
    pub problem_intro: Option<String>,
    /// Problems grouped by aspect.
    #[schemars(length(min = 1, max = 10))]
    pub problem_groups: Vec<ProblemGroup>,
    /// 意见建议.
    #[serde(default)]
    pub suggestions: Vec<Suggestion>,
    /// 整改要求.
    pub rectification: Rectification,
    /// 问题线索移交情况.
    #[serde(default)]
    pub clue_transfer: Option<ClueTransfer>,
    /// 署名, 成文日期, 印章.
    pub signature: Signature,
    /// 附注, in full-width parentheses.
    #[serde(default)]
    #[schemars(regex(pattern = r"^（.+）$"))]
    pub annotation: Option<String>,
    /// 附件.
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// 抄送机关.
    #[serde(default)]
    pub cc: Vec<OrgName>,
    /// 印发机关和印发日期.
    #[serde(default)]
    pub imprint: Option<Imprint>,
}
