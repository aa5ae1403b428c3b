//! 巡察清单 (`doc_kind: "inspection_list"`): a list handed over after an inspection round, framed
//! as a 公文 — a 问题清单 of one inspected unit, a 共性问题清单, a 问题线索清单, a 追责问责清单, a
//! 点人点事清单 or an 整改监督责任清单.
//! No contract existed for it: this type is the project's, and `tests/data/input.schema.json`
//! has it.
//!
//! Every row has the same fields; which of them a row must have, and which it may not have,
//! depends on `list_type` ([`ListType::columns`]), checked in [`Kind::rules`]. The columns as
//! printed (headers, order, widths) are the template's (`templates/inspection_list/`).

use std::borrow::Cow;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Checks;
use super::common::*;
use super::{Frame, Kind, Layout, standard_frame};

/// Which list this is; it decides the columns of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ListType {
    /// 问题清单: the problems of one inspected unit (序号, 问题编号, 方面, 问题, 责任领导, 责任部门,
    /// 整改时限).
    Problems,
    /// 共性问题清单: problems found in several units (序号, 领域, 共性问题, 涉及单位, 整改要求).
    CommonProblems,
    /// 问题线索清单 (序号, 编号, 涉及单位, 线索摘要, 移交单位, 移交日期). Secret: without
    /// `envelope.classification` it prints 密级 “机密”.
    Leads,
    /// 整改监督责任清单 (序号, 编号, 问题, 督促科室, 责任人, 时限, 销号情况).
    Supervision,
    /// 追责问责清单, for the 纪委监委 and the 组织部 (序号, 编号, 姓名, 所在单位, 职务, 问题,
    /// 处理建议). Secret like the leads: without `envelope.classification` it prints “机密”.
    Accountability,
    /// 点人点事清单, for the 组织部's cadre supervision (序号, 编号, 姓名, 所在单位, 职务, 具体问题,
    /// 运用建议). Secret like the leads: without `envelope.classification` it prints “机密”.
    PersonsAndMatters,
}

/// A row field that a list type prints: the field, its column's name, and whether every row
/// must have it.
type Column = (&'static str, &'static str, bool);

impl ListType {
    /// The list's name in messages.
    pub fn chinese_name(self) -> &'static str {
        match self {
            ListType::Problems => "问题清单",
            ListType::CommonProblems => "共性问题清单",
            ListType::Leads => "问题线索清单",
            ListType::Supervision => "整改监督责任清单",
            ListType::Accountability => "追责问责清单",
            ListType::PersonsAndMatters => "点人点事清单",
        }
    }

    /// Whether the list is secret by default (printed “机密” without a 密级 of its own): the
    /// leads and the lists naming persons.
    pub fn secret(self) -> bool {
        matches!(
            self,
            ListType::Leads | ListType::Accountability | ListType::PersonsAndMatters
        )
    }

    /// The row fields this list type prints (序号 is the row's position, not a field).
    pub fn columns(self) -> &'static [Column] {
        match self {
            ListType::Problems => &[
                ("id", "问题编号", true),
                ("aspect", "方面", false),
                ("problem", "问题", true),
                ("responsible_leader", "责任领导", false),
                ("responsible_dept", "责任部门", false),
                ("deadline", "整改时限", true),
                ("immediate_fix", "立行立改", false),
            ],
            ListType::CommonProblems => &[
                ("area", "领域", true),
                ("problem", "共性问题", true),
                ("units", "涉及单位", true),
                ("units_total", "涉及单位数", false),
                ("requirement", "整改要求", true),
            ],
            ListType::Leads => &[
                ("id", "编号", true),
                ("units", "涉及单位", true),
                ("summary", "线索摘要", true),
                ("transferred_to", "移交单位", true),
                ("transferred_on", "移交日期", true),
            ],
            ListType::Supervision => &[
                ("id", "编号", true),
                ("problem", "问题", true),
                ("supervising_office", "督促科室", true),
                ("responsible_person", "责任人", true),
                ("deadline", "时限", true),
                ("closure", "销号情况", false),
            ],
            ListType::Accountability => &[
                ("id", "编号", true),
                ("person", "姓名", true),
                ("units", "所在单位", true),
                ("post", "职务", true),
                ("problem", "问题", true),
                ("handling", "处理建议", true),
            ],
            ListType::PersonsAndMatters => &[
                ("id", "编号", true),
                ("person", "姓名", true),
                ("units", "所在单位", true),
                ("post", "职务", true),
                ("problem", "具体问题", true),
                ("handling", "运用建议", false),
            ],
        }
    }
}

/// One row of the list. Every field is optional here; `list_type` decides which a row must
/// have and which it may not have (see [`ListType`]).
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListRow {
    /// 问题编号 / 编号 (problems, leads, supervision, accountability, persons_and_matters;
    /// required there), unique in the list.
    #[serde(default)]
    #[schemars(
        regex(pattern = r"^[A-Za-z0-9_-]{1,16}$"),
        extend("x-pattern-message" = "编号只能由字母、数字、下划线和连字符组成，最长 16 位")
    )]
    pub id: Option<String>,
    /// 方面, e.g. 落实全面从严治党战略部署方面 (problems).
    #[serde(default)]
    #[schemars(length(min = 1, max = 60))]
    pub aspect: Option<String>,
    /// 问题 / 共性问题 / 具体问题 (problems, common_problems, supervision, accountability,
    /// persons_and_matters; required there). Up to 1,600 characters: a round's 问题清单 prints
    /// “问题标题：问题描述” (80 + 1,500 at most, as the 反馈意见).
    #[serde(default)]
    #[schemars(length(min = 1, max = 1600))]
    pub problem: Option<String>,
    /// 责任领导 (problems).
    #[serde(default)]
    #[schemars(length(min = 1, max = 40))]
    pub responsible_leader: Option<String>,
    /// 责任部门 (problems). Optional as the register's 主责部门 is: a problem of the 班子 as a
    /// whole may have none, and its cell is left blank.
    #[serde(default)]
    #[schemars(length(min = 1, max = 60))]
    pub responsible_dept: Option<String>,
    /// 整改时限 / 时限 (problems, supervision; required there): not before the 成文日期, except
    /// for a problem fixed at once (`immediate_fix`).
    #[serde(default)]
    pub deadline: Option<IsoDate>,
    /// 立行立改 (problems): the problem was handed over to be fixed during the 进驻, so its
    /// 整改时限 may be before the list's 成文日期; printed after the 整改时限.
    #[serde(default)]
    pub immediate_fix: bool,
    /// 领域, e.g. 财务管理 (common_problems; required there).
    #[serde(default)]
    #[schemars(length(min = 1, max = 30))]
    pub area: Option<String>,
    /// 涉及单位 (common_problems, leads) / 所在单位 (accountability, persons_and_matters); at
    /// least one there. A common problem found in more units than fit names some of them here
    /// and gives the count in `units_total`.
    #[serde(default)]
    #[schemars(length(min = 1, max = 50))]
    pub units: Option<Vec<OrgName>>,
    /// How many units a common problem was found in, when `units` names only some of them:
    /// printed “…等83个单位” (common_problems).
    #[serde(default)]
    #[schemars(range(min = 1))]
    pub units_total: Option<u32>,
    /// 整改要求 (common_problems; required there).
    #[serde(default)]
    #[schemars(length(min = 1, max = 800))]
    pub requirement: Option<String>,
    /// 线索摘要 (leads; required there).
    #[serde(default)]
    #[schemars(length(min = 1, max = 800))]
    pub summary: Option<String>,
    /// 移交单位 (leads; required there).
    #[serde(default)]
    pub transferred_to: Option<OrgName>,
    /// 移交日期 (leads; required there).
    #[serde(default)]
    pub transferred_on: Option<IsoDate>,
    /// 督促科室 (supervision; required there).
    #[serde(default)]
    #[schemars(length(min = 1, max = 40))]
    pub supervising_office: Option<String>,
    /// 责任人 (supervision; required there).
    #[serde(default)]
    #[schemars(length(min = 1, max = 40))]
    pub responsible_person: Option<String>,
    /// 销号情况 (supervision); without it the cell stays blank, to be filled in by hand.
    #[serde(default)]
    #[schemars(length(min = 1, max = 200))]
    pub closure: Option<String>,
    /// 姓名 of the person named (accountability, persons_and_matters; required there).
    #[serde(default)]
    #[schemars(length(min = 1, max = 20))]
    pub person: Option<String>,
    /// 职务 of the person named (accountability, persons_and_matters; required there).
    #[serde(default)]
    #[schemars(length(min = 1, max = 60))]
    pub post: Option<String>,
    /// 处理建议 (accountability; required there) / 运用建议 (persons_and_matters).
    #[serde(default)]
    #[schemars(length(min = 1, max = 400))]
    pub handling: Option<String>,
}

impl ListRow {
    /// Every field by name, with whether the row has it.
    fn fields(&self) -> [(&'static str, bool); 20] {
        [
            ("id", self.id.is_some()),
            ("aspect", self.aspect.is_some()),
            ("problem", self.problem.is_some()),
            ("responsible_leader", self.responsible_leader.is_some()),
            ("responsible_dept", self.responsible_dept.is_some()),
            ("deadline", self.deadline.is_some()),
            ("immediate_fix", self.immediate_fix),
            ("area", self.area.is_some()),
            ("units", self.units.as_ref().is_some_and(|u| !u.is_empty())),
            ("units_total", self.units_total.is_some()),
            ("requirement", self.requirement.is_some()),
            ("summary", self.summary.is_some()),
            ("transferred_to", self.transferred_to.is_some()),
            ("transferred_on", self.transferred_on.is_some()),
            ("supervising_office", self.supervising_office.is_some()),
            ("responsible_person", self.responsible_person.is_some()),
            ("closure", self.closure.is_some()),
            ("person", self.person.is_some()),
            ("post", self.post.is_some()),
            ("handling", self.handling.is_some()),
        ]
    }
}

/// The name of a field in messages about a list type that does not print it.
fn field_name(field: &str) -> &'static str {
    match field {
        "id" => "编号",
        "aspect" => "方面",
        "problem" => "问题",
        "responsible_leader" => "责任领导",
        "responsible_dept" => "责任部门",
        "deadline" => "时限",
        "immediate_fix" => "立行立改",
        "area" => "领域",
        "units" => "涉及单位",
        "units_total" => "涉及单位数",
        "requirement" => "整改要求",
        "summary" => "线索摘要",
        "transferred_to" => "移交单位",
        "transferred_on" => "移交日期",
        "supervising_office" => "督促科室",
        "responsible_person" => "责任人",
        "person" => "姓名",
        "post" => "职务",
        "handling" => "处理建议",
        _ => "销号情况",
    }
}

crate::document_fields! {
    /// 巡察清单: a 问题清单, 共性问题清单, 问题线索清单, 追责问责清单, 点人点事清单 or
    /// 整改监督责任清单, as a 公文 whose body is a table. The 问题线索清单, 追责问责清单 and
    /// 点人点事清单 are secret: without `envelope.classification` they print 密级 “机密”.
    #[schemars(title = "巡察清单 (inspection_list)")]
    pub struct InspectionList {
        /// Which list: `problems` (问题清单), `common_problems` (共性问题清单), `leads`
        /// (问题线索清单), `accountability` (追责问责清单), `persons_and_matters` (点人点事清单)
        /// or `supervision` (整改监督责任清单). The leads and the two lists naming persons print
        /// 密级 “机密” unless `envelope.classification` says otherwise. It decides the columns
        /// and which row fields are required.
        pub list_type: ListType,
        /// 发文字号.
        #[serde(default)]
        pub doc_number: Option<DocNumber>,
        /// 标题, ending with 清单, e.g. 十五届县委第三轮巡察问题清单.
        /// A line break (`\n`; `\r\n` is read as one) forces the title's line break there, as an
        /// author breaks a title by sense (GB/T 9704 7.3.1); longer lines are still balanced. So
        /// the pattern lets up to three breaks, none at either end and no empty line, precede the
        /// ending.
        #[schemars(
            length(min = 3, max = 90),
            regex(pattern = r"^(.+\r?\n){0,3}.*清单$"),
            extend("x-pattern-message" = "清单的标题应以“清单”结尾，如“十五届县委第三轮巡察问题清单”；标题中的换行用于指定回行处，至多三处，不能有空行")
        )]
        pub title: String,
        /// 主送机关.
        #[serde(default)]
        pub addressee: Vec<OrgName>,
        /// The inspection round the list comes from.
        #[serde(default)]
        pub round: Option<Round>,
        /// 被巡察单位 of a per-unit 问题清单: printed under the title as “被巡察单位：…”.
        #[serde(default)]
        pub unit: Option<OrgName>,
        /// 说明, printed before the table; line breaks start new paragraphs.
        #[serde(default)]
        #[schemars(length(min = 1, max = 3000))]
        pub note: Option<String>,
        /// The rows of the table, in order (序号 is the position).
        #[schemars(length(min = 1))]
        pub rows: Vec<ListRow>,
    }
}

impl Kind for InspectionList {
    const DOC_KIND: &'static str = "inspection_list";
    const NAME: &'static str = "巡察清单";
    const LAYOUTS: &'static [Layout] = &[Layout::Plain, Layout::Standard, Layout::Letter];

    fn title(&self) -> &str {
        &self.title
    }

    fn doc_number(&self) -> Option<&str> {
        self.doc_number.as_ref().map(|n| n.0.as_str())
    }

    fn addressee(&self) -> Vec<String> {
        self.addressee.iter().map(|o| o.0.clone()).collect()
    }

    /// A per-unit list's file name adds the unit: every unit's 问题清单 may have the same title.
    fn file_title(&self) -> String {
        match &self.unit {
            Some(unit) => format!("{}（{}）", self.title, unit.0),
            None => self.title.clone(),
        }
    }

    fn rules(&self, c: &mut Checks) {
        let list = self.list_type;
        let columns = list.columns();
        for (i, row) in self.rows.iter().enumerate() {
            for (field, present) in row.fields() {
                let path = format!("/rows/{i}/{field}");
                match columns.iter().find(|(f, _, _)| *f == field) {
                    Some((_, label, true)) if !present => c.add(
                        path,
                        format!("{}的每一行都要有{label}", list.chinese_name()),
                    ),
                    None if present => c.add(
                        path,
                        format!(
                            "{}的行没有“{}”这一栏",
                            list.chinese_name(),
                            field_name(field)
                        ),
                    ),
                    _ => {}
                }
            }
            if let Some(total) = row.units_total {
                let named = row.units.as_ref().map_or(0, Vec::len);
                if (total as usize) < named {
                    c.add(
                        format!("/rows/{i}/units_total"),
                        format!("涉及单位数（{total}）少于列出的单位（{named} 个）"),
                    );
                }
            }
            if let Some(deadline) = row.deadline.as_ref().filter(|_| !row.immediate_fix) {
                c.not_before(
                    (&format!("/rows/{i}/deadline"), deadline),
                    ("/signature/date", &self.signature.date),
                    "时限",
                    "成文日期",
                );
            }
        }
        c.unique_ids(
            "编号",
            self.rows
                .iter()
                .enumerate()
                .filter_map(|(i, row)| Some((format!("/rows/{i}/id"), row.id.as_deref()?))),
        );
    }

    /// A 问题线索清单, 追责问责清单 or 点人点事清单 without a 密级 prints “机密”: clues and the
    /// persons named are secret.
    fn frame(&self) -> Frame<'_> {
        let mut frame = standard_frame(self);
        let unclassified = frame
            .envelope
            .as_ref()
            .is_none_or(|e| e.classification.is_none());
        if self.list_type.secret() && unclassified {
            let mut envelope = frame.envelope.map(Cow::into_owned).unwrap_or_default();
            envelope.classification = Some(Classification::Secret);
            frame.envelope = Some(Cow::Owned(envelope));
        }
        frame
    }
}
