//! The 建议书 to a 主管部门: the 共性 problems of its 领域, one heading per problem however many
//! units it was found in, each naming those units; its 原因分析 and 对策建议.

use super::draft::{Draft, Home, Planned, heading_and_text, lines};
use super::facts::Facts;
use super::findings::{Finding, Unit};
use super::names::UnitName;
use crate::diagnostics::InputError;
use crate::model::recommendation::{
    Cause, ProblemSource, Recommendation, RecommendationLetter, Reply,
};
use crate::model::{DocNumber, HeadingText, IsoDate, OrgName, Problem};
use crate::round::register::RegisterRow;

/// The longest text of a problem (the kinds' `description`).
const DESCRIPTION_CHARS: usize = 1500;

/// The 建议书 to `dept` from its 建议 rows, the `n`th of the round. A row whose 领域 has no 共性
/// problem is left out, told in `rejected`.
#[allow(clippy::too_many_arguments)]
pub(super) fn recommendation(
    facts: &Facts,
    dept: &str,
    rows: &[&RegisterRow],
    findings: &[Finding],
    units: &[Unit],
    n: usize,
    file: &str,
    rejected: &mut Vec<InputError>,
) -> Planned {
    let mut draft = Draft::new(&rows[0].sheet);
    draft.places.add("/addressee", rows[0].cell("department"));
    draft
        .places
        .add("/doc_number", facts.row.cell("advice_number"));
    draft
        .places
        .add("/reply/deadline", facts.row.cell("advice_deadline"));
    draft.places.add("/title", rows[0].cell("title"));
    draft.places.add("/source/text", facts.row.cell("label"));
    let number = facts.need("advice_number", &mut draft);
    let deadline = facts.need("advice_deadline", &mut draft);
    let signed = facts.office_signature(&mut draft);
    let stem = format!(
        "建议书（{}）",
        UnitName::new(dept, None, facts.county.as_deref()).short
    );
    let mut areas: Vec<&str> = Vec::new();
    let mut used: Vec<&RegisterRow> = Vec::new();
    for row in rows {
        let area = row.text("area").unwrap_or_default();
        if findings
            .iter()
            .any(|f| f.common() && f.area() == Some(area))
        {
            areas.push(area);
            used.push(row);
        } else {
            rejected.push(row.cell("area").error(
                "",
                format!("问题表中没有领域为“{area}”的共性问题：建议书须针对共性问题，本行未采用"),
            ));
        }
    }
    if used.is_empty() {
        return draft.finish::<RecommendationLetter>(
            file,
            format!("给“{dept}”的建议书"),
            (Home::Recommendations, stem),
            None,
        );
    }
    // One problem per 领域 and heading, with every unit it was found in.
    let mut grouped: Vec<(&str, &str, Vec<&Finding>)> = Vec::new();
    for finding in findings.iter().filter(|f| f.common()) {
        let Some(area) = finding.area().filter(|a| areas.contains(a)) else {
            continue;
        };
        let heading = finding.common_heading();
        match grouped
            .iter_mut()
            .find(|(a, h, _)| *a == area && *h == heading)
        {
            Some((_, _, members)) => members.push(finding),
            None => grouped.push((area, heading, vec![finding])),
        }
    }
    grouped.sort_by_key(|(area, _, _)| areas.iter().position(|a| a == area));
    let mut found_in: Vec<usize> = Vec::new();
    let mut problems = Vec::new();
    for (p, (_, heading, members)) in grouped.iter().enumerate() {
        let at = format!("/problems/{p}");
        draft.place_item(
            &at,
            members[0].row,
            &[("heading", "heading"), ("description", "description")],
        );
        let mut in_units: Vec<usize> = Vec::new();
        for finding in members {
            // Its rows are the 建议 rows; the problem is carried all the same.
            draft.problems.push(finding.id.to_string());
            if !in_units.contains(&finding.unit) {
                in_units.push(finding.unit);
            }
            if !found_in.contains(&finding.unit) {
                found_in.push(finding.unit);
            }
        }
        let names: Vec<&str> = in_units
            .iter()
            .map(|&u| units[u].name.short.as_str())
            .collect();
        let mut description = match names[..] {
            [_] => String::new(),
            _ => format!("{}存在此问题。", units_phrase(&names)),
        };
        for finding in members {
            let case = format!(
                "{}{}：{}",
                if description.is_empty() { "" } else { "\n" },
                units[finding.unit].name.short,
                finding.description
            );
            if description.chars().count() + case.chars().count() > DESCRIPTION_CHARS {
                break;
            }
            description.push_str(&case);
        }
        problems.push(Problem {
            id: members[0].id.to_string(),
            heading: HeadingText(heading.to_string()),
            description,
            typical_cases: Vec::new(),
            immediate_fix: false,
            responsible: None,
            deadline: None,
            tags: Vec::new(),
        });
    }
    let mut causes: Vec<Cause> = Vec::new();
    let mut recommendations: Vec<Recommendation> = Vec::new();
    for row in &used {
        draft.rows.push(row.number);
        let area = row.text("area").unwrap_or_default();
        for line in lines(row.text("causes")) {
            draft.places.add(
                format!("/cause_analysis/{}", causes.len()),
                row.cell("causes"),
            );
            match (heading_and_text(&line), causes.last_mut()) {
                ((heading, Some(text)), _) => causes.push(Cause {
                    heading: HeadingText(heading),
                    text,
                }),
                ((text, None), Some(last)) if last.heading.0.starts_with(area) => {
                    last.text.push('\n');
                    last.text.push_str(&text);
                }
                ((text, None), _) => causes.push(Cause {
                    heading: HeadingText(format!("{area}方面")),
                    text,
                }),
            }
        }
        for line in lines(row.text("measures")) {
            draft.places.add(
                format!("/recommendations/{}", recommendations.len()),
                row.cell("measures"),
            );
            match (heading_and_text(&line), recommendations.last_mut()) {
                ((heading, Some(text)), _) => recommendations.push(Recommendation {
                    heading: HeadingText(heading),
                    measures: vec![text],
                }),
                ((text, None), Some(last)) => last.measures.push(text),
                ((text, None), None) => recommendations.push(Recommendation {
                    heading: HeadingText(format!("加强{area}工作")),
                    measures: vec![text],
                }),
            }
        }
    }
    let title = used
        .iter()
        .find_map(|r| r.text("title"))
        .map(str::to_string)
        .unwrap_or_else(|| format!("关于{}问题的巡察建议书", areas.join("、")));
    let inspected = units.iter().filter(|u| u.repeats.is_none()).count();
    let source_text = format!(
        "{}对{inspected}个单位开展了巡察，发现{}方面存在共性问题，涉及{}个单位。为推动标本兼治，现提出如下建议。",
        facts.label,
        areas.join("、"),
        found_in.len()
    );
    let document = (|| {
        Some(document!(
            RecommendationLetter {
                doc_number: DocNumber(number.and(facts.number("advice_number", n))?),
                title,
                addressee: vec![OrgName(dept.to_string())],
                source: ProblemSource {
                    rounds: vec![facts.round()],
                    inspected_orgs: found_in
                        .iter()
                        .map(|&u| OrgName(units[u].name.full.clone()))
                        .collect(),
                    text: source_text,
                },
                problems,
                cause_analysis: causes,
                recommendations,
                reply: Reply {
                    deadline: IsoDate(deadline?.to_string()),
                    to: None,
                    text: None,
                },
                contact: facts.contact(),
            },
            signed?
        ))
    })();
    draft.finish(
        file,
        format!("给“{dept}”的建议书"),
        (Home::Recommendations, stem),
        document,
    )
}

/// The units a problem was found in, as a sentence starts: 市卫健委; 市卫健委和城投集团;
/// 市卫健委、城投集团、市水务局3个单位; 市卫健委、城投集团、市水务局等8个单位.
pub(super) fn units_phrase(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [a, b] => format!("{a}和{b}"),
        [a, b, c] => format!("{a}、{b}、{c}3个单位"),
        [a, b, c, ..] => format!("{a}、{b}、{c}等{}个单位", names.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_units_of_a_problem_are_named_and_counted() {
        assert_eq!(units_phrase(&["市卫健委"]), "市卫健委");
        assert_eq!(
            units_phrase(&["市卫健委", "城投集团"]),
            "市卫健委和城投集团"
        );
        assert_eq!(
            units_phrase(&["市卫健委", "城投集团", "市水务局"]),
            "市卫健委、城投集团、市水务局3个单位"
        );
        assert_eq!(
            units_phrase(&["市卫健委", "城投集团", "市水务局", "市人民医院", "市档案馆"]),
            "市卫健委、城投集团、市水务局等5个单位"
        );
    }
}
