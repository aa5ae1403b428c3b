//! The 建议书 to a 主管部门: the 共性 problems of its 领域, its 原因分析 and 对策建议.

use serde_json::{Value, json};

use super::draft::{Draft, Facts, Finding, heading_and_text, lines};
use super::planned::Planned;
use crate::input::Limits;
use crate::round::register::RegisterRow;

/// The 建议书 to `dept` from its 建议 rows, the `n`th of the round.
pub(super) fn recommendation(
    facts: &Facts,
    dept: &str,
    rows: &[&RegisterRow],
    findings: &[Finding],
    n: usize,
    file: &str,
    limits: &Limits,
) -> Planned {
    let mut draft = Draft::new(&rows[0].sheet);
    facts.places(&mut draft.places);
    draft.places.add("/addressee", rows[0].cell("department"));
    draft
        .places
        .add("/doc_number", facts.row.cell("advice_number"));
    draft
        .places
        .add("/reply", facts.row.cell("advice_deadline"));
    draft.places.add("/title", rows[0].cell("title"));
    draft.places.add("/problems", rows[0].cell("area"));
    let signature = facts.office_signature(&mut draft);
    let areas: Vec<&str> = rows.iter().filter_map(|r| r.text("area")).collect();
    let mut problems = Vec::new();
    let mut units: Vec<&str> = Vec::new();
    for finding in findings
        .iter()
        .filter(|f| f.row.yes("common") && f.row.text("area").is_some_and(|a| areas.contains(&a)))
    {
        let row = finding.row;
        let at = format!("/problems/{}", problems.len());
        draft.place_item(
            &at,
            row,
            &[("heading", "heading"), ("description", "description")],
        );
        // Its rows are the 建议 rows; the problem is carried all the same.
        draft.problems.push(finding.id.to_string());
        if !units.contains(&finding.unit) {
            units.push(finding.unit);
        }
        problems.push(json!({
            "id": finding.id,
            "heading": row.text("heading"),
            "description": row.text("description"),
        }));
    }
    let mut causes = Vec::new();
    let mut recommendations: Vec<Value> = Vec::new();
    for row in rows {
        draft.rows.push(row.number);
        let area = row.text("area").unwrap_or_default();
        if !findings
            .iter()
            .any(|f| f.row.yes("common") && f.row.text("area") == Some(area))
        {
            return super::planned::failed(
                file,
                row,
                format!("给“{dept}”的建议书有问题"),
                vec![row.cell("area").error(
                    "",
                    format!("问题表中没有领域为“{area}”的共性问题：建议书须针对共性问题"),
                )],
            );
        }
        if let Some(text) = row.text("causes") {
            draft.places.add(
                format!("/cause_analysis/{}", causes.len()),
                row.cell("causes"),
            );
            causes.push(json!({"heading": format!("{area}方面"), "text": text}));
        }
        for line in lines(row.text("measures")) {
            draft.places.add(
                format!("/recommendations/{}", recommendations.len()),
                row.cell("measures"),
            );
            match heading_and_text(&line) {
                (heading, Some(text)) => {
                    recommendations.push(json!({"heading": heading, "measures": [text]}))
                }
                (text, None) => match recommendations.last_mut() {
                    Some(last) => last["measures"]
                        .as_array_mut()
                        .expect("measures is an array")
                        .push(Value::from(text)),
                    None => recommendations
                        .push(json!({"heading": format!("加强{area}工作"), "measures": [text]})),
                },
            }
        }
    }
    let title = rows
        .iter()
        .find_map(|r| r.text("title"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("关于{}问题的巡察建议书", areas.join("、")));
    let source_text = format!(
        "{}对{}等{}个单位开展了巡察，发现{}方面存在共性问题。为推动标本兼治，现提出如下建议。",
        facts.label(),
        units.first().copied().unwrap_or_default(),
        units.len(),
        areas.join("、")
    );
    let mut document = json!({
        "doc_kind": "inspection_recommendation",
        "doc_number": facts.number("advice_number", n),
        "title": title,
        "addressee": [dept],
        "source": {"rounds": [facts.round], "inspected_orgs": units, "text": source_text},
        "problems": problems,
        "cause_analysis": causes,
        "recommendations": recommendations,
        "reply": {"deadline": facts.row.text("advice_deadline")},
        "contact": facts.contact,
        "signature": signature,
    });
    if document["doc_number"].is_null() {
        document
            .as_object_mut()
            .expect("an object")
            .remove("doc_number");
    }
    draft.finish(file, format!("给“{dept}”的建议书"), document, limits)
}
