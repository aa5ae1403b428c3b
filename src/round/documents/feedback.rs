//! A unit's 反馈意见: its problems under the framework's aspects, in the framework's order.

use super::draft::{Draft, Home, Planned, heading_and_text, lines};
use super::facts::{Facts, signature};
use super::findings::{Finding, Unit};
use crate::model::feedback::{
    Feedback, InspectedOrg, InspectionGroup, Period, ProblemGroup, Rectification, Suggestion,
};
use crate::model::{DocNumber, HeadingText, IsoDate, OrgName, Person, Problem};

/// The 反馈意见 of `unit`, the `n`th of the round (for its number pattern).
pub(super) fn feedback(
    facts: &Facts,
    unit: &Unit,
    own: &[&Finding],
    aspects: &[String],
    n: usize,
    file: &str,
) -> Planned {
    // Its rows are its problems'; the 单位 row's cells are named in its errors.
    let mut draft = Draft::new(&own[0].row.sheet);
    let row = unit.row;
    let name = &unit.name.full;
    let places = &mut draft.places;
    places.add("/title", row.cell("name"));
    places.add("/addressee", row.cell("addressee"));
    places.add("/inspected_org/name", row.cell("name"));
    places.add("/inspection_group/name", row.cell("group"));
    places.add("/inspection_group/leader", row.cell("leader"));
    places.add("/signature/org_name", row.cell("group"));
    places.add("/signature/date", row.cell("date"));
    places.add("/period/feedback_meeting", row.cell("date"));
    places.add("/period/start", facts.row.cell("start"));
    places.add("/period/end", facts.row.cell("end"));
    places.add("/round/label", facts.row.cell("label"));
    places.add("/overall_assessment", row.cell("assessment"));
    places.add("/suggestions", row.cell("suggestions"));
    places.add("/rectification/plan_deadline", row.cell("plan_deadline"));
    let group = draft.need(row, "group");
    let leader = draft.need(row, "leader");
    let date = draft.need(row, "date");
    let start = facts.need("start", &mut draft);
    let end = facts.need("end", &mut draft);
    let framework = facts.framework;
    if framework.is_none() {
        facts.need("framework", &mut draft);
    }
    // The unit's 整改报告时限, else the round's.
    let own_deadline =
        row.text("report_deadline").is_some() || row.bad("report_deadline").is_some();
    let report_deadline = if own_deadline {
        draft.places.add(
            "/rectification/report_deadline",
            row.cell("report_deadline"),
        );
        draft.need(row, "report_deadline")
    } else {
        draft.places.add(
            "/rectification/report_deadline",
            facts.row.cell("report_deadline"),
        );
        facts.need("report_deadline", &mut draft)
    };
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
                    ("deadline", "deadline"),
                ],
            );
            draft.carry(finding.row, finding.id);
            problems.push(Problem {
                id: finding.id.to_string(),
                heading: HeadingText(finding.heading.clone()),
                description: finding.description.to_string(),
                typical_cases: Vec::new(),
                immediate_fix: row.yes("immediate"),
                responsible: finding.department.as_ref().map(|d| d.local.clone()),
                deadline: row.text("deadline").map(|d| IsoDate(d.to_string())),
                tags: Vec::new(),
            });
        }
        groups.push(ProblemGroup {
            heading: HeadingText(heading.clone()),
            summary: None,
            problems,
        });
    }
    let suggestions = lines(row.text("suggestions"))
        .iter()
        .map(|line| {
            let (heading, content) = heading_and_text(line);
            Suggestion {
                heading: HeadingText(heading),
                content,
            }
        })
        .collect();
    // The unit's 反馈文号, else the round's pattern.
    let number = match row.text("number") {
        Some(number) => {
            draft.places.add("/doc_number", row.cell("number"));
            Some(number.to_string())
        }
        None => {
            draft
                .places
                .add("/doc_number", facts.row.cell("feedback_number"));
            facts.number("feedback_number", n)
        }
    };
    let stem = format!("反馈意见（{}）", unit.name.short);
    let document = (|| {
        let (group, leader, date) = (group?, leader?, date?);
        Some(document!(
            Feedback {
                doc_number: number.map(DocNumber),
                title: format!("{group}关于巡察{name}的反馈意见"),
                addressee: vec![OrgName(row.text("addressee").unwrap_or(name).to_string())],
                inspected_org: InspectedOrg {
                    name: OrgName(name.clone()),
                    principal: None,
                    extended_units: Vec::new(),
                },
                inspection_group: InspectionGroup {
                    name: OrgName(group.to_string()),
                    leader: Person {
                        name: leader.to_string(),
                        title: Some("组长".to_string()),
                    },
                    deputy_leaders: Vec::new(),
                    members: Vec::new(),
                },
                round: facts.round(),
                period: Period {
                    start: IsoDate(start?.to_string()),
                    end: IsoDate(end?.to_string()),
                    feedback_meeting: Some(IsoDate(date.to_string())),
                },
                basic_info: None,
                overall_assessment: lines(row.text("assessment")),
                framework: framework?,
                problem_intro: None,
                problem_groups: groups,
                suggestions,
                rectification: Rectification {
                    plan_deadline: row.text("plan_deadline").map(|d| IsoDate(d.to_string())),
                    report_deadline: IsoDate(report_deadline?.to_string()),
                    report_to: facts.text("office").map(|o| OrgName(o.to_string())),
                    requirements: Vec::new(),
                    public_disclosure: None,
                },
                clue_transfer: None,
            },
            signature(group, date)
        ))
    })();
    draft.finish(
        file,
        format!("“{name}”的反馈意见"),
        (Home::Unit(unit.index), stem),
        document,
    )
}
