//! 整改情况审核意见 (`doc_kind: "rectification_review"`): the 四方联审 opinion on one
//! organisation's 整改情况报告, sent back to it. The 巡察办, the 纪委监委, the 组织部 and the 巡察组
//! review together whether 整改责任 is carried out, the measures are precise, each problem is
//! fixed, rules were made and the effect is evident and accepted (documents.md §2, §7). No
//! contract existed for it: this type is the project's, and `tests/data/input.schema.json` has it.

use std::collections::HashSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Checks;
use super::common::*;
use super::rectification_report::RectificationStatus;
use super::{Kind, Layout};

/// The report under review.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportRef {
    /// Its title.
    #[schemars(length(min = 1, max = 90))]
    pub title: String,
    /// Its 发文字号.
    #[serde(default)]
    pub doc_number: Option<DocNumber>,
    /// The day it was sent.
    #[serde(default)]
    pub date: Option<IsoDate>,
}

/// One of the four bodies of the 四方联审.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum ReviewBody {
    /// 巡察工作领导小组办公室.
    #[serde(rename = "巡察办")]
    InspectionOffice,
    /// 纪委监委.
    #[serde(rename = "纪委监委")]
    DisciplineCommission,
    /// 组织部.
    #[serde(rename = "组织部")]
    OrganizationDept,
    /// The 巡察组 that inspected the unit.
    #[serde(rename = "巡察组")]
    InspectionGroup,
}

/// A reviewing body and, if named, the people who reviewed for it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reviewer {
    /// Which of the four.
    pub body: ReviewBody,
    /// Its full name, e.g. 云岫县纪委监委; without it, the short name is printed.
    #[serde(default)]
    pub name: Option<OrgName>,
    /// The reviewers' names.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 20)))]
    pub persons: Vec<String>,
}

/// What the review looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Aspect {
    /// Whether 整改责任 is carried out.
    #[serde(rename = "整改责任落实")]
    Responsibility,
    /// Whether the measures are precise.
    #[serde(rename = "整改措施精准")]
    Measures,
    /// Whether each problem is fixed.
    #[serde(rename = "问题整改到位")]
    Rectified,
    /// Whether rules were made.
    #[serde(rename = "建章立制")]
    Rules,
    /// Whether the effect is evident and accepted by cadres and the public.
    #[serde(rename = "整改成效")]
    Effect,
}

/// The reviewers' assessment of one aspect.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// The aspect.
    pub aspect: Aspect,
    /// The assessment.
    #[schemars(length(min = 1, max = 1500))]
    pub opinion: String,
}

/// A problem of the report, as the report states it.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewedProblem {
    /// Its id (P07).
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9_-]{1,16}$"),
        extend("x-pattern-message" = "编号只能由字母、数字、下划线和连字符组成，最长 16 位")
    )]
    pub id: String,
    /// The problem.
    #[schemars(length(min = 1, max = 800))]
    pub problem: String,
    /// The status the report gave it.
    #[serde(default)]
    pub reported_status: Option<RectificationStatus>,
}

/// The reviewers' verdict on one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Verdict {
    /// Accepted.
    #[serde(rename = "认可")]
    Accepted,
    /// To be supplemented.
    #[serde(rename = "需补充完善")]
    Supplement,
    /// Not accepted.
    #[serde(rename = "不认可")]
    Rejected,
}

/// The verdict and opinion on one problem.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProblemVerdict {
    /// The problem's id, one of `problems`.
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9_-]{1,16}$"),
        extend("x-pattern-message" = "编号只能由字母、数字、下划线和连字符组成，最长 16 位")
    )]
    pub problem_id: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Why, and what is asked.
    #[serde(default)]
    #[schemars(length(min = 1, max = 1500))]
    pub opinion: Option<String>,
}

/// The re-report asked for problems not accepted.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rereport {
    /// By when.
    pub deadline: IsoDate,
    /// To whom; without it, the signing body.
    #[serde(default)]
    pub to: Option<OrgName>,
    /// Further requirements.
    #[serde(default)]
    #[schemars(length(min = 1, max = 800))]
    pub text: Option<String>,
}

crate::document_fields! {
    /// 整改情况审核意见: the 四方联审's opinion on one organisation's 整改情况报告.
    #[schemars(title = "整改情况审核意见 (rectification_review)")]
    pub struct RectificationReview {
        /// 发文字号.
        #[serde(default)]
        pub doc_number: Option<DocNumber>,
        /// 标题, e.g. 关于中共某局党组巡察整改情况的审核意见.
        /// A line break (`\n`; `\r\n` is read as one) forces the title's line break there, as an
        /// author breaks a title by sense (GB/T 9704 7.3.1); longer lines are still balanced. So
        /// the pattern lets up to three breaks, none at either end and no empty line, precede the
        /// ending.
        #[schemars(
            length(min = 6, max = 90),
            regex(pattern = r"^(.+\r?\n){0,3}.*审核意见$"),
            extend("x-pattern-message" = "标题应以“审核意见”结尾，如“关于……巡察整改情况的审核意见”；标题中的换行用于指定回行处，至多三处，不能有空行")
        )]
        pub title: String,
        /// The organisation whose report was reviewed (主送).
        #[schemars(length(min = 1))]
        pub addressee: Vec<OrgName>,
        /// The report under review.
        pub report_ref: ReportRef,
        /// The reviewing bodies, one to four.
        #[schemars(length(min = 1, max = 4))]
        pub reviewers: Vec<Reviewer>,
        /// 总体意见, paragraphs.
        #[schemars(length(min = 1), inner(length(min = 1, max = 3000)))]
        pub overall_opinion: Vec<String>,
        /// Assessments by aspect.
        #[serde(default)]
        pub assessments: Vec<Assessment>,
        /// The report's problems.
        #[schemars(length(min = 1))]
        pub problems: Vec<ReviewedProblem>,
        /// A verdict for every problem.
        #[schemars(length(min = 1))]
        pub verdicts: Vec<ProblemVerdict>,
        /// The re-report, required when any verdict is not 认可.
        #[serde(default)]
        pub rereport: Option<Rereport>,
        /// 联系人.
        #[serde(default)]
        pub contact: Option<Contact>,
    }
}

impl Kind for RectificationReview {
    const DOC_KIND: &'static str = "rectification_review";
    const NAME: &'static str = "整改情况审核意见";
    const LAYOUTS: &'static [Layout] = &[Layout::Letter, Layout::Standard, Layout::Plain];

    fn title(&self) -> &str {
        &self.title
    }

    fn doc_number(&self) -> Option<&str> {
        self.doc_number.as_ref().map(|n| n.0.as_str())
    }

    fn addressee(&self) -> Vec<String> {
        self.addressee.iter().map(|o| o.0.clone()).collect()
    }

    fn recipient(&self) -> Option<&str> {
        self.addressee.first().map(|o| o.0.as_str())
    }

    fn rules(&self, c: &mut Checks) {
        let signed = ("/signature/date", &self.signature.date);
        let mut bodies = HashSet::new();
        for (i, reviewer) in self.reviewers.iter().enumerate() {
            if !bodies.insert(reviewer.body) {
                c.add(
                    format!("/reviewers/{i}/body"),
                    "每个审核单位只列一次：四方联审由巡察办、纪委监委、组织部、巡察组各出一方",
                );
            }
        }
        c.unique_ids(
            "问题编号",
            self.problems
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("/problems/{i}/id"), p.id.as_str())),
        );
        c.unique_ids(
            "审核意见的问题编号",
            self.verdicts
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("/verdicts/{i}/problem_id"), v.problem_id.as_str())),
        );
        let known: HashSet<&str> = self.problems.iter().map(|p| p.id.as_str()).collect();
        for (i, verdict) in self.verdicts.iter().enumerate() {
            if !known.contains(verdict.problem_id.as_str()) {
                c.add(
                    format!("/verdicts/{i}/problem_id"),
                    format!(
                        "问题编号“{}”不在被审核的问题（problems）中，请核对编号",
                        verdict.problem_id
                    ),
                );
            }
        }
        let judged: HashSet<&str> = self
            .verdicts
            .iter()
            .map(|v| v.problem_id.as_str())
            .collect();
        for (i, problem) in self.problems.iter().enumerate() {
            if !judged.contains(problem.id.as_str()) {
                c.add(
                    format!("/problems/{i}/id"),
                    format!("问题“{}”没有审核意见：verdicts 中应有它的一项", problem.id),
                );
            }
        }
        let open = self
            .verdicts
            .iter()
            .filter(|v| v.verdict != Verdict::Accepted)
            .count();
        match &self.rereport {
            None if open > 0 => c.add(
                "/rereport",
                format!(
                    "有 {open} 个问题审核意见为“需补充完善”或“不认可”，应写明重新报送的时限（rereport.deadline）"
                ),
            ),
            Some(rereport) => {
                c.not_before(
                    ("/rereport/deadline", &rereport.deadline),
                    signed,
                    "重新报送时限",
                    "成文日期",
                );
            }
            None => {}
        }
        if let Some(date) = &self.report_ref.date {
            c.not_before(signed, ("/report_ref/date", date), "成文日期", "报告日期");
        }
    }
}
