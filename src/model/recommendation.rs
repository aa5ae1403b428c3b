//! 巡察建议书 (`doc_kind: "inspection_recommendation"`), `documents.md` §6.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Checks;
use super::common::*;
use super::{Kind, Layout};

/// 问题来源.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Source")]
pub struct ProblemSource {
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

crate::document_fields! {
    /// 巡察建议书: problems common to many inspected units, sent to the competent department.
    #[schemars(title = "巡察建议书 (inspection_recommendation)")]
    pub struct RecommendationLetter {
        /// 编号.
        pub doc_number: DocNumber,
        /// 标题: 关于…建议(书).
        /// A line break (`\n`; `\r\n` is read as one) forces the title's line break there, as an
        /// author breaks a title by sense (GB/T 9704 7.3.1); longer lines are still balanced. So
        /// the pattern lets up to three breaks, none at either end and no empty line, precede the
        /// ending.
        #[schemars(
            length(min = 6, max = 90),
            regex(pattern = r"^关于.+(\r?\n.+){0,3}建议(书)?$"),
            extend("x-pattern-message" = "标题应写作“关于……的建议”或“关于……的建议书”；标题中的换行用于指定回行处，至多三处，不能有空行")
        )]
        pub title: String,
        /// 主送单位.
        #[schemars(length(min = 1))]
        pub addressee: Vec<OrgName>,
        /// 问题来源.
        pub source: ProblemSource,
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
    }
}

impl Kind for RecommendationLetter {
    const DOC_KIND: &'static str = "inspection_recommendation";
    const NAME: &'static str = "巡察建议书";
    const LAYOUTS: &'static [Layout] = &[Layout::Letter, Layout::Standard, Layout::Plain];

    fn title(&self) -> &str {
        &self.title
    }

    fn doc_number(&self) -> Option<&str> {
        Some(&self.doc_number.0)
    }

    fn addressee(&self) -> Vec<String> {
        self.addressee.iter().map(|o| o.0.clone()).collect()
    }

    fn rules(&self, c: &mut Checks) {
        c.unique_ids(
            "问题编号",
            self.problems
                .iter()
                .enumerate()
                .map(|(p, problem)| (format!("/problems/{p}/id"), problem.id.as_str())),
        );
        c.not_before(
            ("/reply/deadline", &self.reply.deadline),
            ("/signature/date", &self.signature.date),
            "回复时限",
            "成文日期",
        );
    }
}
