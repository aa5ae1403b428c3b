//! A unit's 立行立改通知书, and the 抄告单 to a 分管领导 or a 主责部门.

use serde_json::{Map, Value, json};

use super::draft::{Draft, Facts, Finding, copy_texts, problem_text};
use super::planned::Planned;
use crate::input::Limits;
use crate::round::register::RegisterRow;

/// The 立行立改通知书 of `unit`: its problems marked 立行立改.
pub(super) fn notice(
    facts: &Facts,
    unit: &RegisterRow,
    own: &[&Finding],
    n: usize,
    file: &str,
    limits: &Limits,
) -> Planned {
    // Its rows are its problems'; the 单位 row's cells are named in its errors.
    let mut draft = Draft::new(&own[0].row.sheet);
    let name = unit.text("name").unwrap_or_default();
    let group = unit.text("group").unwrap_or_default();
    draft.places.add("/addressee", unit.cell("name"));
    draft.places.add("/signature/org_name", unit.cell("group"));
    draft.places.add("/signature/date", facts.row.cell("end"));
    draft
        .places
        .add("/requirements", facts.row.cell("immediate_deadline"));
    let mut items = Vec::new();
    for finding in own.iter().filter(|f| f.row.yes("immediate")) {
        let row = finding.row;
        let at = format!("/items/{}", items.len());
        let responsible = [
            ("responsible_leader", "leader"),
            ("responsible_dept", "department"),
            ("deadline", "deadline"),
        ];
        let placed = [
            &[("problem", "description"), ("measures", "action")][..],
            &responsible,
        ]
        .concat();
        draft.place_item(&at, row, &placed);
        draft.carry(finding);
        let mut item = json!({"problem_id": finding.id, "problem": problem_text(row)});
        copy_texts(&mut item, row, &responsible);
        if let Some(action) = row.text("action") {
            item["measures"] = json!([action]);
        }
        items.push(item);
    }
    let mut requirements = Map::new();
    if let Some(date) = facts.row.text("immediate_deadline") {
        requirements.insert("feedback_deadline".into(), Value::from(date));
    }
    let mut document = json!({
        "doc_kind": "rectification_notice",
        "title": "立行立改通知书",
        "addressee": [unit.text("addressee").unwrap_or(name)],
        "items": items,
        "requirements": requirements,
        "contact": facts.contact,
        "signature": {"org_name": group, "date": facts.row.text("end"), "seal": "seal"},
    });
    facts.places(&mut draft.places);
    if let Some(number) = facts.number("notice_number", n) {
        draft
            .places
            .add("/doc_number", facts.row.cell("notice_number"));
        document["doc_number"] = Value::from(number);
    }
    draft.finish(file, format!("“{name}”的立行立改通知书"), document, limits)
}

/// The 抄告单 to one 分管领导 or 主责部门 of one unit, the `serial`th of the round.
pub(super) fn cc_notice(
    facts: &Facts,
    (kind, name, member, title_member): (&str, &str, &str, Option<&str>),
    group: &[&Finding],
    serial: usize,
    file: &str,
    limits: &Limits,
) -> Planned {
    let mut draft = Draft::new(&group[0].row.sheet);
    facts.places(&mut draft.places);
    draft
        .places
        .add("/recipient/name", group[0].row.cell(member));
    draft.places.add("/serial_no", facts.row.cell("cc_number"));
    draft.places.add("/issuer", facts.row.cell("office"));
    draft.places.add(
        "/requirements/feedback_deadline",
        facts.row.cell("cc_deadline"),
    );
    let signature = facts.office_signature(&mut draft);
    let mut recipient = json!({"type": kind, "name": name});
    if let Some(title) = title_member.and_then(|m| group.iter().find_map(|f| f.row.text(m))) {
        recipient["title"] = Value::from(title);
        draft.places.add(
            "/recipient/title",
            group[0].row.cell(title_member.unwrap_or_default()),
        );
    }
    let mut orgs: Vec<&str> = Vec::new();
    let mut problems = Vec::new();
    for (i, finding) in group.iter().enumerate() {
        let row = finding.row;
        let at = format!("/problems/{i}");
        draft.place_item(
            &at,
            row,
            &[
                ("org", "unit"),
                ("description", "description"),
                ("suggested_action", "action"),
            ],
        );
        draft.carry(finding);
        if !orgs.contains(&finding.unit) {
            orgs.push(finding.unit);
        }
        let mut problem = json!({
            "seq": i + 1,
            "org": finding.unit,
            "description": row.text("description"),
        });
        if let Some(action) = row.text("action") {
            problem["suggested_action"] = Value::from(action);
        }
        problems.push(problem);
    }
    let mut document = json!({
        "doc_kind": "inspection_cc_notice",
        "serial_no": facts.number("cc_number", serial),
        "issuer": facts.office,
        "recipient": recipient,
        "round": facts.round,
        "inspected_orgs": orgs,
        "problems": problems,
        "requirements": {"feedback_deadline": facts.row.text("cc_deadline")},
        "contact": facts.contact,
        "signature": signature,
    });
    if kind == "leader" {
        // A leader's 抄告单 is a form addressed to the person (the kind's default layout).
        document["layout"] = Value::from("form");
    }
    draft.finish(file, format!("给“{name}”的抄告单"), document, limits)
}
