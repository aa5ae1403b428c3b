//! 巡察反馈意见 (`doc_kind: "inspection_feedback"`), `documents.md` §4.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Checks;
use super::common::*;
use super::{Kind, Layout};

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
    /// 五个方面 (2024). The contract's code is `five_aspects_2024` (snake case alone would
    /// give `five_aspects2024`).
    #[serde(rename = "five_aspects_2024")]
    FiveAspects2024,
    /// Anything else.
    Custom,
}

impl Framework {
    /// The framework's aspects in their canonical order (`documents.md`, “Framework enum”),
    /// each as a 一级标题 reads; none for `custom`.
    pub fn aspects(self) -> &'static [&'static str] {
        match self {
            Framework::ThreeBigProblems => &[
                "党的领导弱化方面",
                "党的建设缺失方面",
                "全面从严治党不力方面",
            ],
            Framework::FourImplementation => &[
                "贯彻落实党的理论和路线方针政策及党中央（上级）决策部署方面",
                "落实全面从严治党战略部署方面",
                "落实新时代党的组织路线方面",
                "落实巡视巡察、审计等监督发现问题整改方面",
            ],
            Framework::ThreeFocus => &[
                "聚焦基层贯彻落实党的路线方针政策和党中央决策部署方面",
                "聚焦群众身边腐败问题和不正之风方面",
                "聚焦基层党组织软弱涣散、组织力欠缺方面",
            ],
            Framework::FourFocusGrassroots => &[
                "聚焦党中央决策部署在基层落实情况方面",
                "聚焦群众身边不正之风和腐败问题方面",
                "聚焦基层党组织和党员队伍建设方面",
                "聚焦巡察、审计等监督发现问题整改落实和成果运用情况方面",
            ],
            Framework::FiveAspects2024 => &[
                "学习贯彻习近平总书记重要讲话和指示批示精神方面",
                "履行职能责任方面",
                "落实全面深化改革要求方面",
                "落实全面从严治党责任方面",
                "领导班子、干部人才队伍建设和基层党建方面",
            ],
            Framework::Custom => &[],
        }
    }
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

crate::document_fields! {
    /// 巡察反馈意见: the inspection group's findings for the inspected Party organization.
    #[schemars(title = "巡察反馈意见 (inspection_feedback)")]
    pub struct Feedback {
        /// 发文字号.
        #[serde(default)]
        pub doc_number: Option<DocNumber>,
        /// 标题; ends with 反馈意见, 反馈报告 or 情况反馈.
        /// A line break (`\n`; `\r\n` is read as one) forces the title's line break there, as an
        /// author breaks a title by sense (GB/T 9704 7.3.1); longer lines are still balanced. So
        /// the pattern lets up to three breaks, none at either end and no empty line, precede the
        /// ending.
        #[schemars(
            length(min = 6, max = 90),
            regex(pattern = r"^(.+\r?\n){0,3}.*(反馈意见|反馈报告|情况反馈)$"),
            extend("x-pattern-message" = "标题应以“反馈意见”“反馈报告”或“情况反馈”结尾；标题中的换行用于指定回行处，至多三处，不能有空行")
        )]
        pub title: String,
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
    }
}

impl Kind for Feedback {
    const DOC_KIND: &'static str = "inspection_feedback";
    const NAME: &'static str = "巡察反馈意见";
    const LAYOUTS: &'static [Layout] = &[Layout::Standard, Layout::Letter, Layout::Plain];

    fn title(&self) -> &str {
        &self.title
    }

    fn doc_number(&self) -> Option<&str> {
        self.doc_number.as_ref().map(|n| n.0.as_str())
    }

    fn addressee(&self) -> Vec<String> {
        self.addressee.iter().map(|o| o.0.clone()).collect()
    }

    fn rules(&self, c: &mut Checks) {
        let signed = ("/signature/date", &self.signature.date);
        c.unique_ids(
            "问题编号",
            self.problem_groups
                .iter()
                .enumerate()
                .flat_map(|(g, group)| {
                    group.problems.iter().enumerate().map(move |(p, problem)| {
                        (
                            format!("/problem_groups/{g}/problems/{p}/id"),
                            problem.id.as_str(),
                        )
                    })
                }),
        );
        c.not_before(
            ("/period/end", &self.period.end),
            ("/period/start", &self.period.start),
            "进驻结束日期",
            "开始日期",
        );
        if let Some(m) = &self.period.feedback_meeting {
            c.not_before(
                ("/period/feedback_meeting", m),
                ("/period/end", &self.period.end),
                "反馈会日期",
                "进驻结束日期",
            );
        }
        let report = &self.rectification.report_deadline;
        c.not_before(
            ("/rectification/report_deadline", report),
            signed,
            "整改情况报告时限",
            "成文日期",
        );
        if let Some(plan) = &self.rectification.plan_deadline {
            c.not_before(
                ("/rectification/plan_deadline", plan),
                signed,
                "整改方案报送时限",
                "成文日期",
            );
            c.not_before(
                ("/rectification/report_deadline", report),
                ("/rectification/plan_deadline", plan),
                "整改情况报告时限",
                "整改方案报送时限",
            );
        }
    }
}
