//! Building blocks shared by every document kind (`$defs` of the input contract); attachments
//! and their tables are in [`super::attachment`].

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An ISO date `YYYY-MM-DD`; printed as `2024年6月18日`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct IsoDate(
    #[schemars(
        regex(pattern = r"^\d{4}-\d{2}-\d{2}$"),
        extend(
            "format" = "date",
            "x-pattern-message" = "不是有效日期，应写作 YYYY-MM-DD，如 2024-06-18"
        )
    )]
    pub String,
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
fn chinese_date(date: &NaiveDate) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// 发文字号 / 编号: 机关代字 + 〔年份〕 + 顺序号 + 号.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct DocNumber(
    #[schemars(
        regex(
            pattern = r"^[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0002ebefA-Za-z0-9]{1,20}〔(19|20)\d{2}〕[1-9]\d{0,4}号$"
        ),
        extend(
            "x-pattern-message" = "不符合发文字号格式：机关代字＋〔四位年份〕＋序号＋号，如 云巡办〔2024〕27号（六角括号〔〕，序号不加“第”、不编虚位）"
        )
    )]
    pub String,
);

/// The full name of an organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct OrgName(
    #[schemars(
        length(min = 2, max = 60),
        regex(pattern = r"^\S(.*\S)?$"),
        extend("x-pattern-message" = "首尾不能有空白字符")
    )]
    pub String,
);

/// A heading without its number; the renderer numbers headings (一、（一）1.（1）).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct HeadingText(
    #[schemars(
        length(min = 2, max = 80),
        regex(
            pattern = r"^(?![一二三四五六七八九十]+、)(?!（[一二三四五六七八九十]+）)(?!\(?[0-9]+[\.．、)）])(?!（[0-9]+）).+"
        ),
        extend("x-pattern-message" = "不要自带序号（一、（一）1.（1））：序号由系统自动编排")
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
    #[schemars(
        regex(pattern = r"^(0\d{2,3}-?\d{7,8}(-\d{1,4})?|1[3-9]\d{9})$"),
        extend("x-pattern-message" = "不是有效电话号码，应为固定电话（如 0871-6123456）或手机号码")
    )]
    pub phone: String,
}

/// `true`, the default of flags that are on unless turned off.
pub(super) fn yes() -> bool {
    true
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

/// What a signer's seal needs that the schema cannot say by type: the signer's post.
pub const SIGNER_TITLE_NEEDED: &str =
    "加盖签发人签名章（seal 为 signer_seal）时应写明签发人职务，如“局长”：职务标注在签名章左侧";
/// What a signer's seal needs that the schema cannot say by type: a name or an image.
pub const SIGNER_NAME_NEEDED: &str = "加盖签发人签名章（seal 为 signer_seal）时应给出签发人姓名（signer_name）或签名章图片（seal_image_ref）";

/// 发文机关署名, 成文日期 and 印章.
///
/// The schema says what a signer's seal needs (row 18): with `seal: "signer_seal"`, the
/// signer's post (`signer_title`) and a name (`signer_name`) unless a seal image is given, so a
/// form or client built from the schema asks for them. `x-required-messages` gives the
/// validator's message for each such field.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = {"properties": {"seal": {"const": "signer_seal"}}, "required": ["seal"]},
    "then" = {
        "required": ["signer_title"],
        "properties": {"signer_title": {"type": "string"}},
        "if": {"not": {"required": ["seal_image_ref"]}},
        "then": {"required": ["signer_name"], "properties": {"signer_name": {"type": "string"}}}
    },
    "x-required-messages" = {
        "signer_title": SIGNER_TITLE_NEEDED,
        "signer_name": SIGNER_NAME_NEEDED
    }
))]
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
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9_\-]+\.(png|jpg|jpeg|svg)$"),
        extend(
            "x-pattern-message" = "印章图片应为模板 seals/ 文件夹中的文件名（png、jpg 或 svg），不能含路径"
        )
    )]
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
    #[schemars(
        regex(pattern = r"^\d{6}$"),
        extend("x-pattern-message" = "份号应为 6 位阿拉伯数字，如 000017")
    )]
    pub copy_no: Option<String>,
    /// 密级.
    #[serde(default)]
    pub classification: Option<Classification>,
    /// 保密期限, e.g. `5年`.
    #[serde(default)]
    #[schemars(
        regex(pattern = r"^\d{1,2}(年|个月)$|^长期$"),
        extend("x-pattern-message" = "保密期限应写作“5年”“6个月”或“长期”")
    )]
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

impl Default for Envelope {
    /// No 版头 element, and ★ in the red line as for every Party organ.
    fn default() -> Self {
        Self {
            copy_no: None,
            classification: None,
            secrecy_period: None,
            urgency: None,
            header_org: None,
            header_suffix_wenjian: false,
            party_star: true,
            signers: Vec::new(),
        }
    }
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
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9_-]{1,16}$"),
        extend("x-pattern-message" = "编号只能由字母、数字、下划线和连字符组成，最长 16 位")
    )]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// 文件格式.
    Standard,
    /// 信函格式.
    Letter,
    /// A table form (抄告单).
    Form,
    /// No 版头.
    Plain,
}

impl Layout {
    /// The name in the input: `standard`, `letter`, `form` or `plain`.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Standard => "standard",
            Layout::Letter => "letter",
            Layout::Form => "form",
            Layout::Plain => "plain",
        }
    }
}

/// Characters of a 2号 title that fit on one line of the 156 mm 版心 (⌊156 mm / 22 pt⌋, row 11
/// of gbt9704.md). The validator checks the author's title lines against it, and the engine
/// passes it to the templates (`sys.inputs.xuncha-title-line-capacity`) for automatic breaks.
pub const TITLE_LINE_CAPACITY: usize = 20;

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
