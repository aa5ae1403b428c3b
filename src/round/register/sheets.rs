//! The register's sheets: their names, columns (headers, other names clerks use, how a cell
//! is read, which are required), what each is for, and the example row `round --template`
//! writes.

use crate::model::sheet::{Cell, Fill, SheetColumn, SheetSpec};

/// 是/否 as clerks write it.
pub const YES_NO: &[(&str, &str)] = &[
    ("是", "true"),
    ("否", "false"),
    ("√", "true"),
    ("✓", "true"),
    ("×", "false"),
    ("✗", "false"),
    ("Y", "true"),
    ("N", "false"),
    ("YES", "true"),
    ("NO", "false"),
];

/// 巡察类型 as the kinds' `round.type` values, then the variants clerks write (a word without
/// 巡察, 村（社区）巡察 without 对).
pub const ROUND_TYPES: &[(&str, &str)] = &[
    ("常规巡察", "常规巡察"),
    ("专项巡察", "专项巡察"),
    ("巡察“回头看”", "巡察“回头看”"),
    ("机动巡察", "机动巡察"),
    ("提级巡察", "提级巡察"),
    ("交叉巡察", "交叉巡察"),
    ("联动巡察", "联动巡察"),
    ("对村（社区）巡察", "对村（社区）巡察"),
    ("常规", "常规巡察"),
    ("专项", "专项巡察"),
    ("回头看", "巡察“回头看”"),
    ("机动", "机动巡察"),
    ("提级", "提级巡察"),
    ("交叉", "交叉巡察"),
    ("联动", "联动巡察"),
    ("村（社区）巡察", "对村（社区）巡察"),
    ("对村巡察", "对村（社区）巡察"),
    ("村巡察", "对村（社区）巡察"),
    ("对社区巡察", "对村（社区）巡察"),
    ("社区巡察", "对村（社区）巡察"),
    ("村级巡察", "对村（社区）巡察"),
];

/// 问题框架 words as the feedback kind's codes, then the variants clerks write.
pub const FRAMEWORKS: &[(&str, &str)] = &[
    ("四个落实", "four_implementation"),
    ("五个方面", "five_aspects_2024"),
    ("三个聚焦", "three_focus"),
    ("四个聚焦", "four_focus_grassroots"),
    ("三大问题", "three_big_problems"),
    ("自定义", "custom"),
    ("四个落实框架", "four_implementation"),
    ("五个方面框架", "five_aspects_2024"),
    ("三个聚焦框架", "three_focus"),
    ("四个聚焦框架", "four_focus_grassroots"),
    ("三大问题框架", "three_big_problems"),
    ("其他", "custom"),
];

/// A column of a register sheet: `Fill::Item(member)` names the member it fills.
const fn column(
    header: &'static str,
    aliases: &'static [&'static str],
    member: &'static str,
    cell: Cell,
    required: bool,
) -> SheetColumn {
    SheetColumn {
        header,
        aliases,
        fills: Fill::Item(member),
        cell,
        required,
    }
}

/// What a register sheet is for in the round.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetRole {
    /// 轮次: the round's facts, one row.
    Round,
    /// 单位: one row per inspected organisation.
    Units,
    /// 问题: one row per finding.
    Problems,
    /// 线索: one row per lead handed over.
    Leads,
    /// 建议: one row per recommendation to a competent department.
    Advice,
    /// 追责问责: one row per person whose accountability the round asks for.
    Accountability,
    /// 点人点事: one row per person and matter named for cadre supervision.
    PersonsAndMatters,
}

/// A register sheet: its role, name and columns (as a [`SheetSpec`], so the spreadsheet
/// reader's header matching applies), whether the workbook must have it, and what it is for.
pub struct RegisterSheet {
    /// What the sheet is for in the round.
    pub role: SheetRole,
    /// The worksheet's name.
    pub name: &'static str,
    /// What one row is and the columns.
    pub spec: SheetSpec,
    /// The workbook must have the sheet.
    pub required: bool,
    /// One line for the 填表说明 and the README.
    pub purpose: &'static str,
    /// A filled example row for `round --template`, one cell per column.
    pub example: &'static [&'static str],
}

const fn spec(row: &'static str, columns: &'static [SheetColumn]) -> SheetSpec {
    SheetSpec {
        row,
        list: "",
        numbered: None,
        distinct: None,
        groupings: &[],
        columns,
    }
}

/// 轮次: the round's facts, in the first data row.
pub static ROUND: RegisterSheet = RegisterSheet {
    role: SheetRole::Round,
    name: "轮次",
    spec: spec(
        "轮次",
        &[
            column("轮次名称", &["轮次", "巡察轮次"], "label", Cell::Text, true),
            column(
                "巡察类型",
                &["类型"],
                "type",
                Cell::Codes(ROUND_TYPES),
                false,
            ),
            column(
                "问题框架",
                &["框架"],
                "framework",
                Cell::Codes(FRAMEWORKS),
                true,
            ),
            column(
                "巡察办",
                &["发文机关", "巡察机构"],
                "office",
                Cell::Text,
                true,
            ),
            column("进驻开始", &["开始日期"], "start", Cell::Date, true),
            column("进驻结束", &["结束日期"], "end", Cell::Date, true),
            column("成文日期", &["发文日期"], "date", Cell::Date, true),
            column("反馈文号", &[], "feedback_number", Cell::Text, false),
            column("抄告单编号", &["抄告编号"], "cc_number", Cell::Text, true),
            column(
                "建议书文号",
                &["建议书编号"],
                "advice_number",
                Cell::Text,
                false,
            ),
            column(
                "通知书编号",
                &["立行立改编号"],
                "notice_number",
                Cell::Text,
                false,
            ),
            column("联系人", &[], "contact_name", Cell::Text, true),
            column("联系电话", &["电话"], "contact_phone", Cell::Text, true),
            column(
                "密件份数",
                &["份数", "机密件份数", "涉密文件份数"],
                "copies",
                Cell::Text,
                false,
            ),
            column(
                "纪委监委",
                &["纪检监察机关"],
                "discipline",
                Cell::Text,
                false,
            ),
            column("组织部", &["组织部门"], "organization", Cell::Text, false),
            column(
                "抄告反馈时限",
                &["反馈时限"],
                "cc_deadline",
                Cell::Date,
                true,
            ),
            column(
                "建议书回复时限",
                &["回复时限"],
                "advice_deadline",
                Cell::Date,
                false,
            ),
            column("立行立改时限", &[], "immediate_deadline", Cell::Date, false),
            column("整改报告时限", &[], "report_deadline", Cell::Date, false),
        ],
    ),
    required: true,
    purpose: "本轮巡察的基本信息，只填第一行；文号中的 {n} 按文书顺序编为 1、2、3……；密件份数是每份涉密清单印制的份数（默认 5 份），纪委监委、组织部写全称（默认按巡察办推出，如“云岫县纪委监委”“中共云岫县委组织部”）",
    example: &[
        "十五届县委第三轮巡察",
        "常规巡察",
        "四个落实",
        "中共云岫县委巡察工作领导小组办公室",
        "2024-03-11",
        "2024-05-10",
        "2024-06-20",
        "云巡反〔2024〕{n}号",
        "云巡抄〔2024〕{n}号",
        "云巡建〔2024〕{n}号",
        "云巡通〔2024〕{n}号",
        "赵敏",
        "0871-6123456",
        "5",
        "云岫县纪委监委",
        "中共云岫县委组织部",
        "2024-07-20",
        "2024-08-31",
        "2024-07-10",
        "2024-09-20",
    ],
};

/// 单位: one row per inspected organisation.
pub static UNITS: RegisterSheet = RegisterSheet {
    role: SheetRole::Units,
    name: "单位",
    spec: spec(
        "单位",
        &[
            column(
                "被巡察单位",
                &["单位", "被巡察党组织"],
                "name",
                Cell::Text,
                true,
            ),
            column("简称", &["单位简称"], "short", Cell::Text, false),
            column("巡察组", &[], "group", Cell::Text, true),
            column("组长", &["巡察组组长"], "leader", Cell::Text, true),
            column("反馈日期", &[], "date", Cell::Date, true),
            column("反馈文号", &[], "number", Cell::Text, false),
            column("主送", &["主送机关"], "addressee", Cell::Text, false),
            column("总体评价", &[], "assessment", Cell::Text, false),
            column("意见建议", &["建议"], "suggestions", Cell::Text, false),
            column("整改方案时限", &[], "plan_deadline", Cell::Date, false),
            column(
                "整改报告时限",
                &["整改时限"],
                "report_deadline",
                Cell::Date,
                false,
            ),
        ],
    ),
    required: true,
    purpose: "每个被巡察单位一行，写党组织全称；简称用于建议书、清单和文件夹名（不填则由全称推出，如“县档案馆”）；问题表中的“被巡察单位”须与这里一致",
    example: &[
        "中共云岫县档案馆党支部",
        "县档案馆",
        "中共云岫县委第一巡察组",
        "李明",
        "2024-06-18",
        "",
        "",
        "党支部能够贯彻落实上级决策部署，但仍存在一些问题。",
        "强化理论武装：坚持把学习贯彻党的创新理论作为首要政治任务。",
        "2024-07-18",
        "2024-09-18",
    ],
};

/// 问题: one row per finding.
pub static PROBLEMS: RegisterSheet = RegisterSheet {
    role: SheetRole::Problems,
    name: "问题",
    spec: spec(
        "问题",
        &[
            column("问题编号", &["编号"], "id", Cell::Text, true),
            column("被巡察单位", &["单位"], "unit", Cell::Text, true),
            column("方面", &["问题方面", "类别"], "aspect", Cell::Text, true),
            column(
                "问题标题",
                &["小标题", "问题概括"],
                "heading",
                Cell::Text,
                true,
            ),
            column(
                "问题描述",
                &["问题", "具体问题"],
                "description",
                Cell::Text,
                true,
            ),
            column("分管领导", &["责任领导"], "leader", Cell::Text, false),
            column(
                "领导职务",
                &["分管领导职务"],
                "leader_title",
                Cell::Text,
                false,
            ),
            column("主责部门", &["责任部门"], "department", Cell::Text, false),
            column("整改建议", &["处理建议"], "action", Cell::Text, false),
            column(
                "是否共性问题",
                &["共性问题", "共性"],
                "common",
                Cell::Codes(YES_NO),
                false,
            ),
            column("领域", &["共性领域"], "area", Cell::Text, false),
            column(
                "共性问题标题",
                &["归并标题", "共性问题名称"],
                "common_heading",
                Cell::Text,
                false,
            ),
            column(
                "是否立行立改",
                &["立行立改"],
                "immediate",
                Cell::Codes(YES_NO),
                false,
            ),
            column("整改时限", &["时限"], "deadline", Cell::Date, false),
        ],
    ),
    required: true,
    purpose: "每个问题一行；方面写问题框架中的方面（可只写序号 1、2、3……），共性问题须写领域；各单位标题不同的同一共性问题，可在“共性问题标题”写同一标题，建议书和共性问题清单按它归并",
    example: &[
        "P01",
        "中共云岫县档案馆党支部",
        "3",
        "党支部未按期换届",
        "党支部委员会于2022年11月任期届满，至巡察进驻时超期未换届16个月。",
        "王芳",
        "副馆长",
        "办公室",
        "按程序尽快完成换届选举。",
        "是",
        "基层党组织建设",
        "",
        "否",
        "2024-09-18",
    ],
};

/// 线索: 问题线索, listed only in the 线索清单.
pub static LEADS: RegisterSheet = RegisterSheet {
    role: SheetRole::Leads,
    name: "线索",
    spec: spec(
        "线索",
        &[
            column("线索编号", &["编号"], "id", Cell::Text, true),
            column(
                "涉及单位",
                &["被巡察单位", "单位"],
                "units",
                Cell::Text,
                true,
            ),
            column(
                "线索摘要",
                &["线索内容", "摘要"],
                "summary",
                Cell::Text,
                true,
            ),
            column("移交单位", &["移交"], "to", Cell::Text, true),
            column("移交日期", &[], "on", Cell::Date, true),
        ],
    ),
    required: false,
    purpose: "问题线索（可选）：只列入线索清单（默认标“机密”），不写入其他任何文书",
    example: &[
        "XS01",
        "中共云岫县档案馆党支部",
        "反映某干部违规收受礼金问题。",
        "县纪委监委",
        "2024-06-25",
    ],
};

/// 建议: what each 主管部门 is asked to do about a 共性 area.
pub static ADVICE: RegisterSheet = RegisterSheet {
    role: SheetRole::Advice,
    name: "建议",
    spec: spec(
        "建议",
        &[
            column("主管部门", &["建议对象"], "department", Cell::Text, true),
            column("领域", &["共性领域"], "area", Cell::Text, true),
            column("建议标题", &["标题"], "title", Cell::Text, false),
            column("原因分析", &["原因"], "causes", Cell::Text, false),
            column(
                "对策建议",
                &["建议措施", "措施"],
                "measures",
                Cell::Text,
                true,
            ),
        ],
    ),
    required: false,
    purpose: "巡察建议书（可选）：每个主管部门、每个共性领域一行；对策建议每行一条，可写“标题：内容”",
    example: &[
        "中共云岫县委组织部",
        "基层党组织建设",
        "",
        "部分单位党组织书记抓党建意识不强。",
        "规范按期换届：建立党组织换届提醒机制。",
    ],
};

/// 追责问责: persons whose accountability the round asks the 纪委监委 and 组织部 to pursue.
pub static ACCOUNTABILITY: RegisterSheet = RegisterSheet {
    role: SheetRole::Accountability,
    name: "追责问责",
    spec: spec(
        "追责问责",
        &[
            column("编号", &["问题编号"], "id", Cell::Text, true),
            column("姓名", &["责任人"], "person", Cell::Text, true),
            column(
                "所在单位",
                &["单位", "被巡察单位"],
                "unit",
                Cell::Text,
                true,
            ),
            column("职务", &[], "post", Cell::Text, true),
            column(
                "问题",
                &["主要问题", "问题描述"],
                "problem",
                Cell::Text,
                true,
            ),
            column("处理建议", &["建议"], "handling", Cell::Text, true),
        ],
    ),
    required: false,
    purpose: "追责问责清单（可选）：每人一行，只列入追责问责清单（默认标“机密”，送纪委监委、组织部）",
    example: &[
        "ZZ01",
        "王某",
        "中共云岫县档案馆党支部",
        "副馆长",
        "分管的档案数字化项目验收把关不严，造成资金损失。",
        "建议依规依纪追究责任",
    ],
};

/// 点人点事: persons and matters named for the 组织部's cadre supervision.
pub static PERSONS_AND_MATTERS: RegisterSheet = RegisterSheet {
    role: SheetRole::PersonsAndMatters,
    name: "点人点事",
    spec: spec(
        "点人点事",
        &[
            column("编号", &["问题编号"], "id", Cell::Text, true),
            column("姓名", &[], "person", Cell::Text, true),
            column(
                "所在单位",
                &["单位", "被巡察单位"],
                "unit",
                Cell::Text,
                true,
            ),
            column("职务", &[], "post", Cell::Text, true),
            column(
                "具体问题",
                &["问题", "具体事项"],
                "problem",
                Cell::Text,
                true,
            ),
            column(
                "运用建议",
                &["处理建议", "建议"],
                "handling",
                Cell::Text,
                false,
            ),
        ],
    ),
    required: false,
    purpose: "点人点事清单（可选）：每人每事一行，只列入点人点事清单（默认标“机密”，送组织部）",
    example: &[
        "DR01",
        "陈某",
        "中共云岫县档案馆党支部",
        "办公室主任",
        "组织生活记录多处补记，“三会一课”落实流于形式。",
        "提醒谈话",
    ],
};

pub use crate::sheet::header::GUIDE_SHEETS;

/// Every register sheet, in the workbook's order.
pub static SHEETS: [&RegisterSheet; 7] = [
    &ROUND,
    &UNITS,
    &PROBLEMS,
    &LEADS,
    &ADVICE,
    &ACCOUNTABILITY,
    &PERSONS_AND_MATTERS,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RoundType;
    use crate::model::feedback::Framework;

    #[test]
    fn every_word_of_a_list_is_a_code_of_its_kind() {
        for (word, code) in FRAMEWORKS {
            let parsed: Result<Framework, _> = serde_json::from_value(code.to_string().into());
            assert!(parsed.is_ok(), "{word} → {code}");
        }
        for (word, code) in ROUND_TYPES {
            let parsed: Result<RoundType, _> = serde_json::from_value(code.to_string().into());
            assert!(parsed.is_ok(), "{word} → {code}");
        }
    }
}
