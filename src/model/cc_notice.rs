//! 巡察抄告单 (`doc_kind: "inspection_cc_notice"`), `documents.md` §5.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Checks;
use super::common::*;
use super::sheet::{Cell, Fill, SheetColumn, SheetSpec};
use super::{Kind, Layout};

/// Which kind of body receives the notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecipientType {
    /// 分管领导.
    Leader,
    /// 主责部门 / 主管部门.
    Department,
    /// 纪检监察机关.
    DisciplineInspection,
    /// 组织部门.
    OrganizationDept,
}

/// 抄告对象.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// Kind of recipient.
    #[serde(rename = "type")]
    pub recipient_type: RecipientType,
    /// Name of the person or body.
    #[schemars(length(max = 60))]
    pub name: String,
    /// Post of the person (a leader's 职务).
    #[serde(default)]
    #[schemars(length(max = 60))]
    pub title: Option<String>,
}

/// One row of the 抄告问题清单.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeProblem {
    /// Row number, from 1.
    #[schemars(range(min = 1))]
    pub seq: u32,
    /// Unit concerned.
    #[serde(default)]
    #[schemars(length(max = 60))]
    pub org: Option<String>,
    /// Category.
    #[serde(default)]
    #[schemars(length(max = 30))]
    pub category: Option<String>,
    /// The problem's heading (问题标题), printed before its description; an addition to the
    /// contract.
    #[serde(default)]
    #[schemars(length(min = 2, max = 80))]
    pub heading: Option<String>,
    /// The problem. Up to 1,500 characters, relaxed from the contract's 600: a 抄告单 made from
    /// a round's register carries each problem as its 反馈意见 prints it, which the contract
    /// allows up to 1,500 (`problem.description`).
    #[schemars(length(min = 5, max = 1500))]
    pub description: String,
    /// Suggested handling.
    #[serde(default)]
    #[schemars(length(min = 1, max = 400))]
    pub suggested_action: Option<String>,
}

/// How the recipient reports back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum FeedbackForm {
    /// In writing.
    #[serde(rename = "书面")]
    Written,
    /// In writing and electronically.
    #[serde(rename = "书面+电子版")]
    WrittenAndElectronic,
    /// Through the reporting system.
    #[serde(rename = "系统填报")]
    System,
}

/// 办理和反馈要求.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeRequirements {
    /// 办理时限.
    #[serde(default)]
    pub handle_deadline: Option<IsoDate>,
    /// 反馈时限.
    pub feedback_deadline: IsoDate,
    /// 反馈方式.
    #[serde(default)]
    pub feedback_form: Option<FeedbackForm>,
    /// The requirements in words; without it a sentence is made from the dates.
    #[serde(default)]
    #[schemars(length(min = 1, max = 800))]
    pub text: Option<String>,
}

/// 签收栏; empty fields print blank lines to fill in by hand.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// 签收人.
    #[serde(default)]
    pub signer: Option<String>,
    /// 签收时间.
    #[serde(default)]
    pub date: Option<IsoDate>,
}

crate::document_fields! {
    /// 巡察抄告单: the 巡察办 passes problems to the leader or department responsible for them.
    #[schemars(title = "巡察抄告单 (inspection_cc_notice)")]
    pub struct CcNotice {
        /// 文书名称, the title.
        #[serde(default = "default_form_title")]
        #[schemars(length(max = 20))]
        pub form_title: String,
        /// 编号.
        pub serial_no: DocNumber,
        /// 抄告单位.
        pub issuer: OrgName,
        /// 抄告对象.
        pub recipient: Recipient,
        /// 巡察轮次.
        #[serde(default)]
        pub round: Option<Round>,
        /// 巡察组.
        #[serde(default)]
        pub inspection_group: Option<OrgName>,
        /// 被巡察单位.
        #[schemars(length(min = 1))]
        pub inspected_orgs: Vec<OrgName>,
        /// 抄告依据 / 导语.
        #[serde(default)]
        #[schemars(length(min = 1, max = 600))]
        pub basis: Option<String>,
        /// 抄告问题清单.
        #[schemars(length(min = 1))]
        pub problems: Vec<NoticeProblem>,
        /// 履责建议.
        #[serde(default)]
        #[schemars(inner(length(min = 1, max = 400)))]
        pub duty_suggestions: Vec<String>,
        /// 办理和反馈要求.
        pub requirements: NoticeRequirements,
        /// 联系人.
        pub contact: Contact,
        /// 签收栏.
        #[serde(default)]
        pub receipt: Option<Receipt>,
    }
}

fn default_form_title() -> String {
    "巡察抄告单".to_string()
}

impl CcNotice {
    /// How the 抄告对象 is addressed: a leader as 职务 + 姓名 + 同志, a body by its name.
    fn recipient_line(&self) -> String {
        let r = &self.recipient;
        match r.recipient_type {
            RecipientType::Leader => {
                format!("{}{}同志", r.title.as_deref().unwrap_or_default(), r.name)
            }
            _ => r.name.clone(),
        }
    }
}

/// A 抄告问题 spreadsheet as 巡察办 keep it: one row per problem, one 抄告单 per 抄告对象 (or per
/// 被巡察单位); the rest of each notice (issuer, signature, contact, …) comes from the shared
/// fields.
static SHEET: SheetSpec = SheetSpec {
    row: "问题",
    list: "/problems",
    numbered: Some("seq"),
    distinct: Some(("/serial_no", "编号")),
    groupings: &[("recipient", "抄告对象"), ("org", "被巡察单位")],
    columns: &[
        SheetColumn {
            header: "抄告对象",
            aliases: &["抄告对象名称", "抄送对象"],
            fills: Fill::Document("/recipient/name"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "对象类型",
            aliases: &["抄告对象类型"],
            fills: Fill::Document("/recipient/type"),
            cell: Cell::Codes(&[
                ("分管领导", "leader"),
                ("领导", "leader"),
                ("主责部门", "department"),
                ("主管部门", "department"),
                ("部门", "department"),
                ("纪检监察机关", "discipline_inspection"),
                ("纪委监委", "discipline_inspection"),
                ("组织部门", "organization_dept"),
                ("组织部", "organization_dept"),
            ]),
            required: false,
        },
        SheetColumn {
            header: "对象职务",
            aliases: &["职务"],
            fills: Fill::Document("/recipient/title"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "编号",
            aliases: &["抄告单编号", "文号"],
            fills: Fill::Document("/serial_no"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "反馈时限",
            aliases: &["反馈期限"],
            fills: Fill::Document("/requirements/feedback_deadline"),
            cell: Cell::Date,
            required: false,
        },
        SheetColumn {
            header: "办理时限",
            aliases: &["办理期限"],
            fills: Fill::Document("/requirements/handle_deadline"),
            cell: Cell::Date,
            required: false,
        },
        SheetColumn {
            header: "被巡察单位",
            aliases: &["被巡察党组织", "单位"],
            fills: Fill::ItemAndList("org", "/inspected_orgs"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "类别",
            aliases: &["问题类别", "问题类型"],
            fills: Fill::Item("category"),
            cell: Cell::Text,
            required: false,
        },
        SheetColumn {
            header: "问题描述",
            aliases: &["问题", "问题内容", "具体问题"],
            fills: Fill::Item("description"),
            cell: Cell::Text,
            required: true,
        },
        SheetColumn {
            header: "处理建议",
            aliases: &["建议", "处置建议"],
            fills: Fill::Item("suggested_action"),
            cell: Cell::Text,
            required: false,
        },
    ],
};

impl Kind for CcNotice {
    const DOC_KIND: &'static str = "inspection_cc_notice";
    const NAME: &'static str = "巡察抄告单";
    const LAYOUTS: &'static [Layout] = &[
        Layout::Form,
        Layout::Letter,
        Layout::Standard,
        Layout::Plain,
    ];
    const TITLE_PATH: &'static str = "/form_title";
    const SHEET: Option<&'static SheetSpec> = Some(&SHEET);

    fn title(&self) -> &str {
        &self.form_title
    }

    fn doc_number(&self) -> Option<&str> {
        Some(&self.serial_no.0)
    }

    /// A 公文 layout addresses the 抄告对象 (the form names it in a row instead).
    fn addressee(&self) -> Vec<String> {
        vec![self.recipient_line()]
    }

    fn author(&self) -> &str {
        &self.issuer.0
    }

    fn recipient(&self) -> Option<&str> {
        Some(&self.recipient.name)
    }

    /// Every form has the same title, so a file name adds the 抄告对象.
    fn file_title(&self) -> String {
        format!("{}（{}）", self.form_title, self.recipient.name)
    }

    fn rules(&self, c: &mut Checks) {
        let signed = ("/signature/date", &self.signature.date);
        c.numbered_from_one("problems", "问题", self.problems.iter().map(|p| p.seq));
        let requirements = &self.requirements;
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
        if let Some(date) = self.receipt.as_ref().and_then(|r| r.date.as_ref()) {
            c.not_before(("/receipt/date", date), signed, "签收时间", "成文日期");
        }
    }
}
