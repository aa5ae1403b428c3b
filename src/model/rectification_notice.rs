//! 整改通知书 / 立行立改通知书 (`doc_kind: "rectification_notice"`), `documents.md` §7: the
//! 巡察组 tells a unit which problems to fix and by when, during the 进驻 or after the 反馈.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Checks;
use super::cc_notice::{NoticeRequirements, Receipt};
use super::common::*;
use super::rectification_report::{FeedbackRef, RectificationStatus};
use super::{Kind, Layout};

/// One problem to fix and what is asked.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeItem {
    /// The problem's id (P07).
    #[serde(default)]
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9_-]{1,16}$"),
        extend("x-pattern-message" = "编号只能由字母、数字、下划线和连字符组成，最长 16 位")
    )]
    pub problem_id: Option<String>,
    /// The problem. Up to 1,600 characters, relaxed from the contract's 800: a notice made from
    /// a round's register prints “问题标题：问题描述” (80 + 1,500 at most, as the 反馈意见).
    #[schemars(length(min = 1, max = 1600))]
    pub problem: String,
    /// 整改要求, one or more.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 800)))]
    pub measures: Vec<String>,
    /// 整改时限.
    #[serde(default)]
    pub deadline: Option<IsoDate>,
    /// 责任领导.
    #[serde(default)]
    #[schemars(length(max = 40))]
    pub responsible_leader: Option<String>,
    /// 责任部门.
    #[serde(default)]
    #[schemars(length(max = 60))]
    pub responsible_dept: Option<String>,
    /// 整改状态, as the contract's `rectification` items carry it: a problem a notice hands
    /// over is still to be fixed, so 待整改 is the only value a notice accepts.
    #[serde(default)]
    pub status: Option<RectificationStatus>,
}

crate::document_fields! {
    /// 整改通知书 / 立行立改通知书.
    ///
    /// Against the contract's `rectification` definition, two constraints are relaxed, with
    /// reasons: `feedback_ref` is optional (a 立行立改通知书 is issued during the 进驻, before any
    /// 反馈意见 exists) and the items' `status` is optional (every problem of a notice is still
    /// to be fixed: 待整改 is the only value accepted). `basis`, `requirements`, `contact` and
    /// `receipt` are additions, the form's rows; without `requirements` a standard text asks for
    /// the fixes and a written report.
    #[schemars(title = "整改通知书 (rectification_notice)")]
    pub struct RectificationNotice {
        /// 编号.
        #[serde(default)]
        pub doc_number: Option<DocNumber>,
        /// 标题: 整改通知书 or 立行立改通知书 (with a qualifier before it if wanted).
        /// A line break (`\n`; `\r\n` is read as one) forces the title's line break there, as an
        /// author breaks a title by sense (GB/T 9704 7.3.1); longer lines are still balanced. So
        /// the pattern lets up to three breaks, none at either end and no empty line, precede the
        /// ending.
        #[schemars(
            length(min = 5, max = 90),
            regex(pattern = r"^(.+\r?\n){0,3}.*(整改通知书|立行立改通知书)$"),
            extend("x-pattern-message" = "标题应以“整改通知书”或“立行立改通知书”结尾；标题中的换行用于指定回行处，至多三处，不能有空行")
        )]
        pub title: String,
        /// 被通知单位 (主送).
        #[schemars(length(min = 1))]
        pub addressee: Vec<OrgName>,
        /// The 反馈意见 the notice follows, if it follows one.
        #[serde(default)]
        pub feedback_ref: Option<FeedbackRef>,
        /// 依据: why the notice is sent.
        #[serde(default)]
        #[schemars(length(min = 1, max = 800))]
        pub basis: Option<String>,
        /// The problems to fix.
        #[schemars(length(min = 1))]
        pub items: Vec<NoticeItem>,
        /// 反馈要求: by when and how the unit reports back; without it, a standard text.
        #[serde(default)]
        pub requirements: Option<NoticeRequirements>,
        /// 联系人.
        #[serde(default)]
        pub contact: Option<Contact>,
        /// 签收栏.
        #[serde(default)]
        pub receipt: Option<Receipt>,
    }
}

impl Kind for RectificationNotice {
    const DOC_KIND: &'static str = "rectification_notice";
    const NAME: &'static str = "整改通知书";
    const LAYOUTS: &'static [Layout] = &[Layout::Form, Layout::Letter, Layout::Standard];

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

    /// Every notice has much the same title, so a file name adds the unit.
    fn file_title(&self) -> String {
        match self.addressee.first() {
            Some(unit) => format!("{}（{}）", self.title, unit.0),
            None => self.title.clone(),
        }
    }

    fn rules(&self, c: &mut Checks) {
        let signed = ("/signature/date", &self.signature.date);
        c.unique_ids(
            "问题编号",
            self.items.iter().enumerate().filter_map(|(i, item)| {
                Some((
                    format!("/items/{i}/problem_id"),
                    item.problem_id.as_deref()?,
                ))
            }),
        );
        for (i, item) in self.items.iter().enumerate() {
            if let Some(status) = item.status.filter(|s| *s != RectificationStatus::Pending) {
                let word = serde_json::to_value(status).unwrap_or_default();
                c.add(
                    format!("/items/{i}/status"),
                    format!(
                        "整改通知书交办的问题尚待整改，整改状态只能是“待整改”，不能是“{}”：已整改的问题写入整改情况报告（rectification_report）",
                        word.as_str().unwrap_or_default()
                    ),
                );
            }
            if let Some(deadline) = &item.deadline {
                c.not_before(
                    (&format!("/items/{i}/deadline"), deadline),
                    signed,
                    "整改时限",
                    "成文日期",
                );
            }
        }
        if let Some(requirements) = &self.requirements {
            c.not_before(
                (
                    "/requirements/feedback_deadline",
                    &requirements.feedback_deadline,
                ),
                signed,
                "反馈时限",
                "成文日期",
            );
            if let Some(handle) = &requirements.handle_deadline {
                c.not_before(
                    ("/requirements/handle_deadline", handle),
                    signed,
                    "办理时限",
                    "成文日期",
                );
            }
        }
        if let Some(date) = self.receipt.as_ref().and_then(|r| r.date.as_ref()) {
            c.not_before(("/receipt/date", date), signed, "签收时间", "成文日期");
        }
    }
}
