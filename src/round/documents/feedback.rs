//! A unit's 反馈意见: its problems under the framework's aspects, in the framework's order.

use serde_json::{Map, Value, json};

use super::draft::{Draft, Facts, Finding, deadline, deadline_of_unit, heading_and_text, lines};
use super::planned::Planned;
use crate::input::Limits;
use crate::round::register::RegisterRow;

/// The 反馈意见 of `unit`, the `n`th of the round (for its number pattern).
pub(super) fn feedback(
    facts: &Facts,
    unit: &RegisterRow,
    own: &[&Finding],
    aspects: &[String],
    n: usize,
    file: &str,
    limits: &Limits,
) -> Planned {
    // Its rows are its problems'; the 单位 row's cells are named in its errors.
    let mut draft = Draft::new(&own[0].row.sheet);
    facts.places(&mut draft.places);
    let name = unit.text("name").unwrap_or_default();
    let group = unit.text("group").unwrap_or_default();
    let places = &mut draft.places;
    places.add("/title", unit.cell("name"));
    places.add("/addressee", unit.cell("addressee"));
    places.add("/inspected_org/name", unit.cell("name"));
    places.add("/inspection_group/name", unit.cell("group"));
    places.add("/inspection_group/leader", unit.cell("leader"));
    places.add("/signature/org_name", unit.cell("group"));
    places.add("/signature/date", unit.cell("date"));
    places.add("/period/feedback_meeting", unit.cell("date"));
    places.add("/period/start", facts.row.cell("start"));
    places.add("/period/end", facts.row.cell("end"));
    places.add("/framework", facts.row.cell("framework"));
    places.add("/overall_assessment", unit.cell("assessment"));
    places.add("/suggestions", unit.cell("suggestions"));
    places.add("/rectification/plan_deadline", unit.cell("plan_deadline"));
    let mut groups = Vec::new();
    for (index, heading) in aspects.iter().enumerate() {
        let members: Vec<&&Finding> = own.iter().filter(|f| f.aspect == index).collect();
        if members.is_empty() {
            continue;
        }
        let g = groups.len();
        let mut problems = Vec::new();
        for (p, finding) in members.iter().enumerate() {
            let row = finding.row;
            let at = format!("/problem_groups/{g}/problems/{p}");
            draft.place_item(
                &at,
                row,
                &[
                    ("id", "id"),
                    ("heading", "heading"),
                    ("description", "description"),
                    ("responsible", "department"),
                ],
            );
            draft.carry(finding);
            let mut problem = json!({
                "id": finding.id,
                "heading": row.text("heading"),
                "description": row.text("description"),
            });
            if row.yes("immediate") {
                problem["immediate_fix"] = Value::Bool(true);
            }
            if let Some(dept) = row.text("department") {
                problem["responsible"] = Value::from(dept);
            }
            if let Some((date, cell)) = deadline(row, Some(unit), facts) {
                draft.places.add(format!("{at}/deadline"), cell);
                problem["deadline"] = Value::from(date);
            }
            problems.push(problem);
        }
        groups.push(json!({"heading": heading, "problems": problems}));
    }
    let suggestions: Vec<Value> = lines(unit.text("suggestions"))
        .iter()
        .map(|line| match heading_and_text(line) {
            (heading, Some(content)) => json!({"heading": heading, "content": content}),
            (heading, None) => json!({"heading": heading}),
        })
        .collect();
    let mut rectification = Map::new();
    match deadline_of_unit(unit, facts) {
        Some((date, cell)) => {
            draft.places.add("/rectification/report_deadline", cell);
            rectification.insert("report_deadline".into(), Value::from(date));
        }
        None => draft.places.add(
            "/rectification/report_deadline",
            unit.cell("report_deadline"),
        ),
    }
    if let Some(plan) = unit.text("plan_deadline") {
        rectification.insert("plan_deadline".into(), Value::from(plan));
    }
    rectification.insert("report_to".into(), Value::from(facts.office.as_str()));
    let mut document = json!({
        "doc_kind": "inspection_feedback",
        "title": format!("{group}关于巡察{name}的反馈意见"),
        "addressee": [unit.text("addressee").unwrap_or(name)],
        "inspected_org": {"name": name},
        "inspection_group": {"name": group, "leader": {"name": unit.text("leader"), "title": "组长"}},
        "round": facts.round,
        "period": {"start": facts.row.text("start"), "end": facts.row.text("end"), "feedback_meeting": unit.text("date")},
        "overall_assessment": lines(unit.text("assessment")),
        "framework": facts.row.text("framework"),
        "problem_groups": groups,
        "suggestions": suggestions,
        "rectification": rectification,
        "signature": {"org_name": group, "date": unit.text("date"), "seal": "seal"},
    });
    let number = unit
        .text("number")
        .map(|d| (d.to_string(), unit.cell("number")))
        .or_else(|| {
            facts
                .number("feedback_number", n)
                .map(|d| (d, facts.row.cell("feedback_number")))
        });
    if let Some((number, cell)) = number {
        draft.places.add("/doc_number", cell);
        document["doc_number"] = Value::from(number);
    }
    draft.finish(file, format!("“{name}”的反馈意见"), document, limits)
}
