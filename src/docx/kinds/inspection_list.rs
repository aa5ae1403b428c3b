//! 巡察清单: as `templates/inspection_list/main.typ.tera` prints it: the unit line under the
//! title, the 说明 (or a lead sentence), then the table with the closing elements under it,
//! on landscape pages when it has more than five columns.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::inspection_list::ListRow;
use crate::model::{Cell, InspectionList, Orientation, Table, TableColumn};

use super::KindBody;
use crate::docx::text::cn_date;

/// A list type's lead sentence and columns, as `lists.toml` in the template's folder gives
/// them (the template reads the same file).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSpec {
    /// The sentence printed when the document has no 说明.
    pub lead: String,
    /// The columns, in order.
    pub columns: Vec<TableColumn>,
    /// The pages' orientation; landscape when there are more than five columns.
    #[serde(default)]
    pub orientation: Option<Orientation>,
}

/// Every list type's [`ListSpec`], by the type's name (`problems`, `leads`, …): `lists.toml`.
pub type ListSpecs = BTreeMap<String, ListSpec>;

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
pub fn body(d: &InspectionList, spec: &ListSpec) -> KindBody {
    let mut b = KindBody::default();
    let (lead, columns) = (&spec.lead, &spec.columns);
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
    let orientation = spec.orientation.unwrap_or(if columns.len() > 5 {
        Orientation::Landscape
    } else {
        Orientation::Portrait
    });
    b.body_table = Some(Table {
        caption: None,
        orientation,
        repeat_header: true,
        columns: columns.clone(),
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
