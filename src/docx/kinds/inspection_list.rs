//! 巡察清单: as `templates/inspection_list/main.typ.tera` prints it: the unit line under the
//! title, the 说明 (or a lead sentence), then the table with the closing elements under it,
//! on landscape pages when it has more than five columns.

use std::collections::BTreeMap;

use crate::model::inspection_list::{ListRow, ListType};
use crate::model::{Align, Cell, InspectionList, Orientation, Table, TableColumn};

use super::KindBody;
use crate::docx::text::cn_date;

/// A list type's lead sentence and columns (key, header, width ratio, alignment), as the
/// template's `lists`.
fn list(kind: ListType) -> (&'static str, Vec<(&'static str, &'static str, f64, Align)>) {
    use Align::{Center as C, Left as L};
    match kind {
        ListType::Problems => (
            "现将巡察发现的问题清单印发给你们，请对照清单逐项制定整改措施，明确责任领导、责任部门和整改时限，按期整改到位。",
            vec![
                ("n", "序号", 0.7, C),
                ("id", "问题编号", 1.15, C),
                ("aspect", "方面", 2.3, L),
                ("problem", "问题", 5.0, L),
                ("responsible_leader", "责任领导", 1.15, C),
                ("responsible_dept", "责任部门", 1.6, C),
                ("deadline", "整改时限", 1.9, C),
            ],
        ),
        ListType::CommonProblems => (
            "现将巡察发现的共性问题清单印发给你们，请涉及单位举一反三、对照整改，主管部门加强行业监管，推动建章立制。",
            vec![
                ("n", "序号", 0.8, C),
                ("area", "领域", 1.25, C),
                ("problem", "共性问题", 3.4, L),
                ("units", "涉及单位", 2.0, L),
                ("requirement", "整改要求", 2.6, L),
            ],
        ),
        ListType::Leads => (
            "现将巡察发现的问题线索移交如下，请按照有关规定分类处置，并及时反馈处置情况。",
            vec![
                ("n", "序号", 0.7, C),
                ("id", "编号", 0.9, C),
                ("units", "涉及单位", 2.0, L),
                ("summary", "线索摘要", 5.4, L),
                ("transferred_to", "移交单位", 1.7, C),
                ("transferred_on", "移交日期", 1.9, C),
            ],
        ),
        ListType::Supervision => (
            "现将巡察整改监督责任分解如下，请各督促科室和责任人按照时限跟踪督促，逐项对账销号。",
            vec![
                ("n", "序号", 0.7, C),
                ("id", "编号", 0.9, C),
                ("problem", "问题", 5.0, L),
                ("supervising_office", "督促科室", 1.5, C),
                ("responsible_person", "责任人", 1.1, C),
                ("deadline", "时限", 1.9, C),
                ("closure", "销号情况", 1.8, L),
            ],
        ),
        ListType::Accountability => (
            "现将巡察发现的需要追责问责的问题及有关人员移交如下，请按照干部管理权限和有关规定调查处理，并及时反馈处理结果。",
            vec![
                ("n", "序号", 0.7, C),
                ("id", "编号", 0.9, C),
                ("person", "姓名", 1.1, C),
                ("units", "所在单位", 1.8, L),
                ("post", "职务", 1.5, L),
                ("problem", "问题", 4.2, L),
                ("handling", "处理建议", 1.8, L),
            ],
        ),
        ListType::PersonsAndMatters => (
            "现将巡察中发现的需要在干部监督管理中关注的人和事移交如下，请在干部日常监督、选拔任用中统筹运用，并及时反馈运用情况。",
            vec![
                ("n", "序号", 0.7, C),
                ("id", "编号", 0.9, C),
                ("person", "姓名", 1.1, C),
                ("units", "所在单位", 1.8, L),
                ("post", "职务", 1.5, L),
                ("problem", "具体问题", 4.2, L),
                ("handling", "运用建议", 1.8, L),
            ],
        ),
    }
}

/// A row's cells by key: the 序号, units joined with 、, dates as 2024年6月18日.
fn cells(i: usize, row: &ListRow) -> BTreeMap<String, Cell> {
    // Units joined with 、, and “等N个单位” when `units_total` counts more than are named.
    let units = row.units.as_ref().map(|u| {
        let named = u
            .iter()
            .map(|o| o.0.as_str())
            .collect::<Vec<_>>()
            .join("、");
        match row.units_total {
            Some(total) if total as usize > u.len() => format!("{named}等{total}个单位"),
            _ => named,
        }
    });
    let fields = [
        ("n", Some((i + 1).to_string())),
        ("id", row.id.clone()),
        ("aspect", row.aspect.clone()),
        ("problem", row.problem.clone()),
        ("responsible_leader", row.responsible_leader.clone()),
        ("responsible_dept", row.responsible_dept.clone()),
        ("deadline", row.deadline.as_ref().map(cn_date)),
        ("area", row.area.clone()),
        ("units", units),
        ("requirement", row.requirement.clone()),
        ("summary", row.summary.clone()),
        (
            "transferred_to",
            row.transferred_to.as_ref().map(|o| o.0.clone()),
        ),
        ("transferred_on", row.transferred_on.as_ref().map(cn_date)),
        ("supervising_office", row.supervising_office.clone()),
        ("responsible_person", row.responsible_person.clone()),
        ("closure", row.closure.clone()),
        ("person", row.person.clone()),
        ("post", row.post.clone()),
        ("handling", row.handling.clone()),
    ];
    fields
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), Cell::Text(v?))))
        .collect()
}

/// The body of a 清单.
pub fn body(d: &InspectionList) -> KindBody {
    let mut b = KindBody::default();
    let (lead, columns) = list(d.list_type);
    b.subtitle = d.unit.as_ref().map(|u| format!("被巡察单位：{}", u.0));
    match &d.note {
        Some(note) => {
            let paragraphs = note.split('\n').map(str::trim).filter(|p| !p.is_empty());
            for (k, p) in paragraphs.enumerate() {
                b.par(if k == 0 {
                    format!("说明：{p}")
                } else {
                    p.to_string()
                });
            }
        }
        None => {
            let round = d
                .round
                .as_ref()
                .map(|r| format!("根据{}工作安排，", r.label))
                .unwrap_or_default();
            b.par(format!("{round}{lead}"));
        }
    }
    let orientation = if columns.len() > 5 {
        Orientation::Landscape
    } else {
        Orientation::Portrait
    };
    b.body_table = Some(Table {
        caption: None,
        orientation,
        repeat_header: true,
        columns: columns
            .into_iter()
            .map(|(key, label, ratio, align)| TableColumn {
                key: key.to_string(),
                label: label.to_string(),
                width_ratio: Some(ratio),
                align: Some(align),
            })
            .collect(),
        rows: d
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| cells(i, r))
            .collect(),
        footnote: None,
    });
    b
}
