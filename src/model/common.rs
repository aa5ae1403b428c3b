//! Building blocks shared by every document kind (`$defs` of the input contract).

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An ISO date `YYYY-MM-DD`; printed as `2024年6月18日`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct IsoDate(
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"), extend("format" = "date"))] pub String,
);

impl IsoDate {
    /// The calendar date, or `None` when the text is not a real date (2024-02-30).
    pub fn parse(&self) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(&self.0, "%Y-%m-%d").ok()
    }

    /// The date as GB/T 9704 wants it: Arabic numerals, full year, no zero padding.
    pub fn chinese(&self) -> Option<String> {
        self.parse().map(|d| chinese_date(&d))
    }
}

/// Formats a date as `2024年6月18日`.
pub fn chinese_date(date: &NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// 发文字号 / 编号: 机关代字 + 〔年份〕 + 顺序号 + 号.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct DocNumber(
    #[schemars(regex(
        pattern = r"^[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ebefA-Za-z0-9]{1,20}〔(19|20)\d{2}〕[1-9]\d{0,4}号$"
    ))]
    pub String,
);

/// The full name of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct OrgName(
    #[schemars(length(min = 2, max = 60), regex(pattern = r"^\S(.*\S)?$"))] pub String,
);

/// A heading without its number; the renderer numbers headings (一、（一）1.（1）).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct HeadingText(
    #[schemars(
        length(min = 2, max = 80),
        regex(
            pattern = r"^(?![一二三四五六七八九十]+、)(?!（[一二三四五六七八九十]+）)(?!\(?[0-9]+[\.．、)）])(?!（[0-9]+）).+"
        )
    )]
    pub String,
);

/// A person named in a document.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Name; may contain CJK Extension A/B characters and the middle dot.
    #[schemars(length(min = 1, max = 20))]
    pub name: String,
    /// Post or role.
    #[serde(default)]
    #[schemars(length(max = 60))]
    pub title: Option<String>,
}

/// A contact person and telephone number.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// Name of the contact person.
    #[schemars(length(max = 20))]
    pub name: String,
    /// Landline (0871-6123456) or mobile (13912345678).
    #[schemars(regex(pattern = r"^(0\d{2,3}-?\d{7,8}(-\d{1,4})?|1[3-9]\d{9})$"))]
    pub phone: String,
}

/// Page orientation of an attached table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Upright A4.
    #[default]
    Portrait,
    /// 横排表格: the table is laid out across the page.
    Landscape,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// One column of a table.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableColumn {
    /// Key of the column's cells in each row.
    #[schemars(regex(pattern = r"^[a-z][a-z0-9_]*$"))]
    pub key: String,
    /// Header text.
    #[schemars(length(max = 20))]
    pub label: String,
    /// Relative width; columns without one get 1.
    #[serde(default)]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub width_ratio: Option<f64>,
    /// Alignment of the cells (header cells are always centred).
    #[serde(default)]
    pub align: Option<Align>,
}

/// A table cell: text, a number, or empty.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number, printed as written.
    Number(serde_json::Number),
    /// An empty cell.
    Empty(()),
}

/// A table, e.g. the 问题清单 attached to a feedback report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Caption printed above the table.
    #[serde(default)]
    #[schemars(length(max = 80))]
    pub caption: Option<String>,
    /// Portrait or landscape pages.
    #[serde(default)]
    pub orientation: Orientation,
    /// Repeat the header row on every page.
    #[serde(default = "yes")]
    pub repeat_header: bool,
    /// The columns, left to right.
    #[schemars(length(min = 1))]
    pub columns: Vec<TableColumn>,
    /// The rows; each maps column keys to cells.
    pub rows: Vec<std::collections::BTreeMap<String, Cell>>,
    /// Note printed under the table.
    #[serde(default)]
    pub footnote: Option<String>,
}

fn yes() -> bool {
    true
}

/// An attachment, printed on its own pages after the body.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Number N of “附件N”; attachments run 1..n.
    #[schemars(range(min = 1))]
    pub seq: u32,
    /// Title; printed in the 附件说明 and on the attachment page, without final punctuation.
    #[schemars(length(min = 2, max = 80), regex(pattern = r"^.*[^。，；：、.,;:]$"))]
    pub title: String,
    /// Paragraphs of text.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 3000)))]
    pub body: Option<Vec<String>>,
    /// A table.
    #[serde(default)]
    pub table: Option<Table>,
    /// A separately bound file; its page carries the 发文字号 and “附件N” only.
    #[serde(default)]
    pub file_ref: Option<String>,
}

/// How a document is sealed (GB/T 9704 7.3.5).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SealKind {
    /// 加盖印章的公文 (7.3.5.1).
    #[default]
    Seal,
    /// 不加盖印章的公文 (7.3.5.2).
    None,
    /// 加盖签发人签名章的公文 (7.3.5.3).
    SignerSeal,
}

/// 发文机关署名, 成文日期 and 印章.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Name of the issuing organization.
    pub org_name: OrgName,
    /// 成文日期.
    pub date: IsoDate,
    /// Sealed, unsealed or signer's seal.
    #[serde(default)]
    pub seal: SealKind,
    /// File name of a seal image in the templates' `seals/` folder (PNG, JPEG or SVG).
    #[serde(default)]
    #[schemars(regex(pattern = r"^[A-Za-z0-9_\-]+\.(png|jpg|jpeg|svg)$"))]
    pub seal_image_ref: Option<String>,
    /// Post of the signer, printed left of the signer's seal (`seal: "signer_seal"`).
    #[serde(default)]
    #[schemars(length(max = 30))]
    pub signer_title: Option<String>,
    /// Name of the signer, printed in 楷体 where no seal image is given (`seal: "signer_seal"`).
    #[serde(default)]
    #[schemars(length(max = 20))]
    pub signer_name: Option<String>,
}

/// 印发机关和印发日期.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Imprint {
    /// 印发机关.
    pub org_name: OrgName,
    /// 印发日期.
    pub date: IsoDate,
}

/// 密级.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Classification {
    /// Top secret.
    #[serde(rename = "绝密")]
    TopSecret,
    /// Secret.
    #[serde(rename = "机密")]
    Secret,
    /// Confidential.
    #[serde(rename = "秘密")]
    Confidential,
}

/// 紧急程度.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Urgency {
    /// Extra urgent.
    #[serde(rename = "特急")]
    VeryUrgent,
    /// Urgent.
    #[serde(rename = "加急")]
    Urgent,
}

/// The 版头 elements.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// 份号, six digits.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{6}$"))]
    pub copy_no: Option<String>,
    /// 密级.
    #[serde(default)]
    pub classification: Option<Classification>,
    /// 保密期限, e.g. `5年`.
    #[serde(default)]
    #[schemars(regex(pattern = r"^\d{1,2}(年|个月)$|^长期$"))]
    pub secrecy_period: Option<String>,
    /// 紧急程度.
    #[serde(default)]
    pub urgency: Option<Urgency>,
    /// 发文机关标志 text; several issuing bodies (联合行文) are separated by newlines.
    #[serde(default)]
    #[schemars(length(max = 40))]
    pub header_org: Option<String>,
    /// Append “文件” to the 发文机关标志.
    #[serde(default)]
    pub header_suffix_wenjian: bool,
    /// Put ★ in the middle of the red line (党的机关, practice).
    #[serde(default = "yes")]
    pub party_star: bool,
    /// 签发人 of an upward document (上行文), one per issuing body.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 20)))]
    pub signers: Vec<String>,
}

/// 巡察类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum RoundType {
    /// 常规巡察.
    #[serde(rename = "常规巡察")]
    Regular,
    /// 专项巡察.
    #[serde(rename = "专项巡察")]
    Special,
    /// 巡察“回头看”.
    #[serde(rename = "巡察“回头看”")]
    LookBack,
    /// 机动巡察.
    #[serde(rename = "机动巡察")]
    Mobile,
    /// 提级巡察.
    #[serde(rename = "提级巡察")]
    Elevated,
    /// 交叉巡察.
    #[serde(rename = "交叉巡察")]
    Cross,
    /// 联动巡察.
    #[serde(rename = "联动巡察")]
    Linked,
    /// 对村（社区）巡察.
    #[serde(rename = "对村（社区）巡察")]
    Village,
}

/// An inspection round.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// e.g. 十五届县委第三轮巡察.
    #[schemars(length(max = 40))]
    pub label: String,
    /// Kind of round.
    #[serde(default, rename = "type")]
    pub round_type: Option<RoundType>,
}

/// A problem found by the inspection.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    /// Identifier, unique in the document (P07).
    #[schemars(regex(pattern = r"^[A-Za-z0-9_-]{1,16}$"))]
    pub id: String,
    /// Short heading, without number.
    pub heading: HeadingText,
    /// Facts and figures.
    #[schemars(length(min = 10, max = 1500))]
    pub description: String,
    /// Typical cases.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 500)))]
    pub typical_cases: Vec<String>,
    /// Already handed over as an immediate-fix item (立行立改).
    #[serde(default)]
    pub immediate_fix: bool,
    /// Unit responsible for the fix.
    #[serde(default)]
    #[schemars(length(max = 60))]
    pub responsible: Option<String>,
    /// Deadline of the fix.
    #[serde(default)]
    pub deadline: Option<IsoDate>,
    /// Free tags.
    #[serde(default)]
    #[schemars(inner(length(max = 12)))]
    pub tags: Vec<String>,
}

/// 版式.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// 文件格式.
    #[default]
    Standard,
    /// 信函格式.
    Letter,
    /// A table form (抄告单).
    Form,
    /// No 版头.
    Plain,
}

/// Hints for the typesetter.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RenderHints {
    /// The title broken into lines by sense; must concatenate to the title.
    #[serde(default)]
    #[schemars(length(max = 4))]
    pub title_lines: Vec<String>,
    /// Bold 楷体/仿宋 headings (practice, not standard).
    #[serde(default = "yes")]
    pub heading_bold: bool,
}

impl Default for RenderHints {
    fn default() -> Self {
        Self {
            title_lines: Vec::new(),
            heading_bold: true,
        }
    }
}

impl Layout {
    /// The default of the 抄告单.
    pub fn form() -> Self {
        Layout::Form
    }

    /// The default of the 建议书.
    pub fn letter() -> Self {
        Layout::Letter
    }
}
