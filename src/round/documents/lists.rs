//! The lists: a unit's 问题清单, the round's 共性问题清单 and its 问题线索清单.

use serde_json::{Value, json};

use super::draft::{Draft, Facts, Finding, copy_texts, deadline, lines, problem_text};
use super::planned::Planned;
use crate::input::Limits;
use crate::round::register::{Register, RegisterRow};

/// The 问题清单 of `unit`, its problems in the framework's order.
pub(super) fn problem_list(
    facts: &Facts,
    unit: &RegisterRow,
    own: &[&Finding],
    aspects: &[String],
    file: &str,
    limits: &Limits,
) -> Planned {
    // Its rows are its problems'; the 单位 row's cells are named in its errors.
    let mut draft = Draft::new(&own[0].row.sheet);
    let name = unit.text("name").unwrap_or_default();
    draft.places.add("/title", facts.row.cell("label"));
    draft.places.add("/unit", unit.cell("name"));
    let signature = facts.office_signature(&mut draft);
    let mut rows = Vec::new();
    let mut ordered: Vec<&&Finding> = own.iter().collect();
    ordered.sort_by_key(|f| f.aspect);
    for finding in ordered {
        let row = finding.row;
        let at = format!("/rows/{}", rows.len());
        let responsible = [
            ("responsible_leader", "leader"),
            ("responsible_dept", "department"),
        ];
        let placed = [
            &[("id", "id"), ("problem", "description")][..],
            &responsible,
        ]
        .concat();
        draft.place_item(&at, row, &placed);
        draft.carry(finding);
        let mut item = json!({
            "id": finding.id,
            "aspect": aspects[finding.aspect].trim_end_matches("方面"),
            "problem": problem_text(row),
        });
        copy_texts(&mut item, row, &responsible);
        match deadline(row, Some(unit), facts) {
            Some((date, cell)) => {
                draft.places.add(format!("{at}/deadline"), cell);
                item["deadline"] = Value::from(date);
            }
            None => draft
                .places
                .add(format!("{at}/deadline"), row.cell("deadline")),
        }
        rows.push(item);
    }
    let document = json!({
        "doc_kind": "inspection_list",
        "list_type": "problems",
        "title": format!("{}问题清单", facts.label()),
        "unit": name,
        "round": facts.round,
        "rows": rows,
        "signature": signature,
    });
    draft.finish(file, format!("“{name}”的问题清单"), document, limits)
}

/// The 共性问题清单: one line per 领域 and 问题标题, with every unit it was found in.
pub(super) fn common_list(
    facts: &Facts,
    common: &[&Finding],
    register: &Register,
    file: &str,
    limits: &Limits,
) -> Planned {
    let mut draft = Draft::new(&common[0].row.sheet);
    draft.places.add("/title", facts.row.cell("label"));
    let signature = facts.office_signature(&mut draft);
    // One row per area and heading: the same problem found in several units is one line.
    let mut entries: Vec<(&str, &str, Vec<&Finding>)> = Vec::new();
    for finding in common {
        let area = finding.row.text("area").unwrap_or_default();
        let heading = finding.row.text("heading").unwrap_or_default();
        match entries
            .iter_mut()
            .find(|(a, h, _)| *a == area && *h == heading)
        {
            Some((_, _, members)) => members.push(finding),
            None => entries.push((area, heading, vec![finding])),
        }
    }
    entries.sort_by_key(|(area, _, _)| {
        common
            .iter()
            .position(|f| f.row.text("area") == Some(*area))
    });
    let mut rows = Vec::new();
    for (area, heading, members) in &entries {
        let at = format!("/rows/{}", rows.len());
        let first = members[0].row;
        draft.place_item(
            &at,
            first,
            &[
                ("area", "area"),
                ("problem", "heading"),
                ("requirement", "action"),
            ],
        );
        let mut units: Vec<&str> = Vec::new();
        for finding in members {
            draft.carry(finding);
            if !units.contains(&finding.unit) {
                units.push(finding.unit);
            }
        }
        let requirement = members
            .iter()
            .find_map(|f| f.row.text("action"))
            .map(str::to_string)
            .or_else(|| {
                let measures: Vec<String> = register
                    .advice
                    .iter()
                    .filter(|r| r.text("area") == Some(area))
                    .flat_map(|r| lines(r.text("measures")))
                    .collect();
                (!measures.is_empty()).then(|| measures.join("；"))
            });
        let mut row = json!({"area": area, "problem": heading, "units": units});
        if let Some(requirement) = requirement {
            row["requirement"] = Value::from(requirement);
        }
        rows.push(row);
    }
    let document = json!({
        "doc_kind": "inspection_list",
        "list_type": "common_problems",
        "title": format!("{}共性问题清单", facts.label()),
        "round": facts.round,
        "rows": rows,
        "signature": signature,
    });
    draft.finish(file, "共性问题清单".to_string(), document, limits)
}

/// The 问题线索清单, from the 线索 sheet alone.
pub(super) fn leads_list(
    facts: &Facts,
    leads: &[RegisterRow],
    file: &str,
    limits: &Limits,
) -> Planned {
    let mut draft = Draft::new(&leads[0].sheet);
    draft.places.add("/title", facts.row.cell("label"));
    let signature = facts.office_signature(&mut draft);
    let mut rows = Vec::new();
    for (i, lead) in leads.iter().enumerate() {
        let at = format!("/rows/{i}");
        draft.place_item(
            &at,
            lead,
            &[
                ("id", "id"),
                ("units", "units"),
                ("summary", "summary"),
                ("transferred_to", "to"),
                ("transferred_on", "on"),
            ],
        );
        draft.rows.push(lead.number);
        let units: Vec<&str> = lead
            .text("units")
            .unwrap_or_default()
            .split(['、', '，', ',', '\n'])
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .collect();
        rows.push(json!({
            "id": lead.text("id"),
            "units": units,
            "summary": lead.text("summary"),
            "transferred_to": lead.text("to"),
            "transferred_on": lead.text("on"),
        }));
    }
    let document = json!({
        "doc_kind": "inspection_list",
        "list_type": "leads",
        "title": format!("{}问题线索清单", facts.label()),
        "round": facts.round,
        "rows": rows,
        "signature": signature,
    });
    draft.finish(file, "问题线索清单".to_string(), document, limits)
}
