//! 整改情况报告 (`doc_kind: "rectification_report"`), `documents.md` §7 and the
//! `rectification` definition of the input contract.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Checks;
use super::common::*;
use super::sheet::{Cell, Fill, SheetColumn, SheetSpec};
use super::{Kind, Layout};

/// The 反馈意见 the report answers.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackRef {
    /// Its title.
    #[schemars(length(min = 1, max = 90))]
    pub title: String,
    /// Its 发文字号.
    #[serde(default)]
    pub doc_number: Option<DocNumber>,
    /// The day it was fed back (反馈会).
    #[serde(default)]
    pub feedback_date: Option<IsoDate>,
}

/// One heading of 整改工作总体情况.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OverallPart {
    /// Heading, without number.
    pub heading: HeadingText,
    /// Text.
    #[schemars(length(min = 1, max = 2000))]
    pub text: String,
}

/// Where the fix of one problem stands (the vocabulary of published 整改进展通报, X23).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum RectificationStatus {
    /// Done.
    #[serde(rename = "已完成")]
    Completed,
    /// Basically done, results at a stage, fix continues.
    #[serde(rename = "基本完成")]
    BasicallyCompleted,
    /// Being pushed forward (long-term).
    #[serde(rename = "持续推进")]
    Ongoing,
    /// Not done.
    #[serde(rename = "未完成")]
    NotCompleted,
    /// Not started.
    #[serde(rename = "待整改")]
    Pending,
}

/// One problem and how it was fixed (逐项整改情况, a row of the 台账).
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportItem {
    /// The problem's id in the 反馈意见 (P07).
    #[serde(default)]
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9_-]{1,16}$"),
        extend("x-pattern-message" = "编号只能由字母、数字、下划线和连字符组成，最长 16 位")
    )]
    pub problem_id: Option<String>,
    /// The problem.
    #[schemars(length(min = 1, max = 800))]
    pub problem: String,
    /// 整改措施.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 800)))]
    pub measures: Vec<String>,
    /// 整改状态.
    pub status: RectificationStatus,
    /// 责任领导.
    #[serde(default)]
    #[schemars(length(max = 40))]
    pub responsible_leader: Option<String>,
    /// 责任部门.
    #[serde(default)]
    #[schemars(length(max = 60))]
    pub responsible_dept: Option<String>,
    /// 整改时限.
    #[serde(default)]
    pub deadline: Option<IsoDate>,
    /// 整改结果 / 成效.
    #[serde(default)]
    #[schemars(length(min = 1, max = 800))]
    pub result: Option<String>,
}

/// 整改统计. Counts are whole numbers (the contract allows any number; a count of 2.5 problems
/// means a typing error).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportStats {
    /// 反馈问题总数.
    #[serde(default)]
    pub total: Option<u32>,
    /// 已完成.
    #[serde(default)]
    pub completed: Option<u32>,
    /// 基本完成.
    #[serde(default)]
    pub basically_completed: Option<u32>,
    /// 持续推进.
    #[serde(default)]
    pub ongoing: Option<u32>,
    /// 未完成 (and 待整改).
    #[serde(default)]
    pub not_completed: Option<u32>,
    /// 建立完善制度 (项).
    #[serde(default)]
    pub rules_made: Option<u32>,
    /// 清退（追缴）资金, 万元.
    #[serde(default)]
    #[schemars(range(min = 0.0))]
    pub funds_recovered_wan: Option<f64>,
    /// 问责 (人).
    #[serde(default)]
    pub persons_held_accountable: Option<u32>,
}

/// 公开监督联系方式.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PublicContact {
    /// 监督电话.
    #[serde(default)]
    #[schemars(length(min = 1, max = 40))]
    pub phone: Option<String>,
    /// 邮政信箱.
    #[serde(default)]
    #[schemars(length(min = 1, max = 80))]
    pub mailbox: Option<String>,
    /// 电子邮箱.
    #[serde(default)]
    #[schemars(length(min = 1, max = 80))]
    pub email: Option<String>,
}

crate::document_fields! {
    /// 整改情况报告: the inspected Party organisation reports how it fixed the problems fed back.
    #[schemars(title = "整改情况报告 (rectification_report)")]
    pub struct RectificationReport {
        /// 发文字号.
        #[serde(default)]
        pub doc_number: Option<DocNumber>,
        /// 标题, e.g. 中共某局党组关于巡察反馈意见整改情况的报告.
        /// A line break (`\n`; `\r\n` is read as one) forces the title's line break there, as an
        /// author breaks a title by sense (GB/T 9704 7.3.1); longer lines are still balanced. So
        /// the pattern lets up to three breaks, none at either end and no empty line, precede the
        /// ending.
        #[schemars(
            length(min = 6, max = 90),
            regex(pattern = r"^(.+\r?\n){0,3}.*报告$"),
            extend("x-pattern-message" = "整改情况报告的标题应以“报告”结尾，如“关于巡察反馈意见整改情况的报告”；标题中的换行用于指定回行处，至多三处，不能有空行")
        )]
        pub title: String,
        /// 主送机关.
        #[schemars(length(min = 1))]
        pub addressee: Vec<OrgName>,
        /// The 反馈意见 answered.
        pub feedback_ref: FeedbackRef,
        /// The opening paragraph; without it one is made from the 反馈意见 (an addition to the
        /// contract, for reports that open otherwise).
        #[serde(default)]
        #[schemars(length(min = 1, max = 1500))]
        pub intro: Option<String>,
        /// 整改工作总体情况.
        #[serde(default)]
        pub overall: Vec<OverallPart>,
        /// 逐项整改情况, one per problem; also the rows of the 台账.
        #[schemars(length(min = 1))]
        pub items: Vec<ReportItem>,
        /// 整改统计; without it the counts come from the items.
        #[serde(default)]
        pub stats: Option<ReportStats>,
        /// 下一步打算.
        #[serde(default)]
        #[schemars(inner(length(min = 1, max = 3000)))]
        pub next_steps: Vec<String>,
        /// 公开监督联系方式.
        #[serde(default)]
        pub public_contact: Option<PublicContact>,
    }
}

/// A 整改台账 as units keep it: one row per problem, one report per 被巡察单位; the rest of each
/// report (title, 主送, the 反馈意见 answered, signature) comes from the shared fields, where
/// `{group}` stands for the unit.
static SHEET: SheetSpec = SheetSpec {
    row: "问题",
    list: "/items",
    numbered: None,
    distinct: None,
    groupings: &[("org", "被巡察单位")],
    columns: &[
        SheetColumn {
            header: "被巡察单位",
            aliases: &["单位", "整改单位"],
            fills: Fill::Key,
            cell: Cell::Text,
            required: true,
        },
        SheetColumn {
            header: "问题编号",
            aliases: &["编号"],
            fills: Fill::Item("problem_id"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "问题",
            aliases: &["问题描述", "问题内容", "反馈问题"],
            fills: Fill::Item("problem"),
            cell: Cell::Text,
            required: true,
        },
        SheetColumn {
            header: "整改措施",
            aliases: &["措施"],
            fills: Fill::ItemLines("measures"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "责任领导",
            aliases: &["分管领导"],
            fills: Fill::Item("responsible_leader"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "责任部门",
            aliases: &["责任单位", "责任股室", "牵头股室"],
            fills: Fill::Item("responsible_dept"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "整改时限",
            aliases: &["时限", "完成时限"],
            fills: Fill::Item("deadline"),
            cell: Cell::Date,
            required: false,
        },
        SheetColumn {
            header: "整改状态",
            aliases: &["状态", "整改进展"],
            fills: Fill::Item("status"),
            cell: Cell::Text,
            required: true,
        },
        SheetColumn {
            header: "整改结果",
            aliases: &["整改成效", "结果"],
            fills: Fill::Item("result"),
            cell: Cell::Text,
            required: false,
        },
    ],
};

impl Kind for RectificationReport {
    const DOC_KIND: &'static str = "rectification_report";
    const NAME: &'static str = "整改情况报告";
    const LAYOUTS: &'static [Layout] = &[Layout::Standard, Layout::Letter, Layout::Plain];
    const SHEET: Option<&'static SheetSpec> = Some(&SHEET);

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
        c.unique_ids(
            "问题编号",
            self.items.iter().enumerate().filter_map(|(i, item)| {
                Some((
                    format!("/items/{i}/problem_id"),
                    item.problem_id.as_deref()?,
                ))
            }),
        );
        if let Some(fed_back) = &self.feedback_ref.feedback_date {
            c.not_before(
                ("/signature/date", &self.signature.date),
                ("/feedback_ref/feedback_date", fed_back),
                "报告成文日期",
                "反馈日期",
            );
            for (i, item) in self.items.iter().enumerate() {
                if let Some(deadline) = &item.deadline {
                    c.not_before(
                        (&format!("/items/{i}/deadline"), deadline),
                        ("/feedback_ref/feedback_date", fed_back),
                        "整改时限",
                        "反馈日期",
                    );
                }
            }
        }
        if let Some(stats) = &self.stats {
            stats_rules(stats, &self.items, c);
        }
    }
}

/// The counts add up, and agree with the items' statuses: 已完成, 基本完成 and 持续推进 each
/// with their own count, 未完成 and 待整改 together with `not_completed`.
fn stats_rules(stats: &ReportStats, items: &[ReportItem], c: &mut Checks) {
    use RectificationStatus as S;
    let count = |wanted: &[S]| items.iter().filter(|i| wanted.contains(&i.status)).count() as u32;
    let parts = [
        stats.completed,
        stats.basically_completed,
        stats.ongoing,
        stats.not_completed,
    ];
    if let (Some(total), [Some(a), Some(b), Some(o), Some(n)]) = (stats.total, parts) {
        let sum = a + b + o + n;
        if sum != total {
            c.add(
                "/stats/total",
                format!(
                    "统计不相加：已完成 {a} + 基本完成 {b} + 持续推进 {o} + 未完成 {n} = {sum}，而问题总数为 {total}"
                ),
            );
        }
    }
    let checks: [(&str, Option<u32>, &[S], &str); 5] = [
        (
            "total",
            stats.total,
            &[
                S::Completed,
                S::BasicallyCompleted,
                S::Ongoing,
                S::NotCompleted,
                S::Pending,
            ],
            "逐项整改情况（items）共",
        ),
        (
            "completed",
            stats.completed,
            &[S::Completed],
            "状态为“已完成”的",
        ),
        (
            "basically_completed",
            stats.basically_completed,
            &[S::BasicallyCompleted],
            "状态为“基本完成”的",
        ),
        (
            "ongoing",
            stats.ongoing,
            &[S::Ongoing],
            "状态为“持续推进”的",
        ),
        (
            "not_completed",
            stats.not_completed,
            &[S::NotCompleted, S::Pending],
            "状态为“未完成”或“待整改”的",
        ),
    ];
    for (field, given, statuses, what) in checks {
        if let Some(given) = given {
            let counted = count(statuses);
            if given != counted {
                c.add(
                    format!("/stats/{field}"),
                    format!("此处为 {given}，但{what}有 {counted} 项：请核对统计数或各项状态"),
                );
            }
        }
    }
}
