//! What a unit's 整改情况报告 takes from its round: the fields every report of the unit shares
//! (title, 主送, the 反馈意见 it answers, the signing unit), made from the 反馈意见 the round
//! gave the unit. With them, the unit's returned 整改台账 becomes its report (`batch
//! --from-xlsx 台账.xlsx --shared FIELDS.json`, or the workbench page).

use serde_json::{Value, json};

/// The shared fields of the 整改情况报告 that answers `feedback` (a round's `inspection_feedback`
/// document), or `None` when it is not one. The date the unit signs is not known yet: the
/// caller adds `signature.date`.
pub fn report_fields(feedback: &Value) -> Option<Value> {
    if feedback["doc_kind"] != "inspection_feedback" {
        return None;
    }
    let unit = feedback["inspected_org"]["name"].as_str()?;
    let label = feedback["round"]["label"].as_str()?;
    let office = feedback["rectification"]["report_to"].as_str()?;
    let mut answered = json!({"title": feedback["title"]});
    for (member, value) in [
        ("doc_number", &feedback["doc_number"]),
        ("feedback_date", &feedback["period"]["feedback_meeting"]),
    ] {
        if value.is_string() {
            answered[member] = value.clone();
        }
    }
    Some(json!({
        "doc_kind": "rectification_report",
        "title": format!("{unit}关于{label}反馈意见整改情况的报告"),
        "addressee": [office],
        "feedback_ref": answered,
        "signature": {"org_name": unit, "seal": "seal"},
    }))
}
