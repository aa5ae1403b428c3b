//! A unit's 立行立改通知书, and the 抄告单 to a 分管领导 or a 主责部门.

use super::draft::{Draft, Home, Planned};
use super::facts::{Facts, signature};
use super::findings::{Finding, Leader, Unit};
use super::names::Department;
use crate::diagnostics::InputError;
use crate::model::cc_notice::{
    CcNotice, NoticeProblem, NoticeRequirements, Recipient, RecipientType,
};
use crate::model::rectification_notice::{NoticeItem, RectificationNotice};
use crate::model::{DocNumber, IsoDate, OrgName};

/// The 立行立改通知书 of `unit`: its problems marked 立行立改. A problem whose 整改时限 is before
/// the notice's date (the last day of the 进驻) is printed without it, noted at its cell.
pub(super) fn notice(
    facts: &Facts,
    unit: &Unit,
    own: &[&Finding],
    n: usize,
    file: &str,
    notes: &mut Vec<InputError>,
) -> Planned {
    // Its rows are its problems'; the 单位 row's cells are named in its errors.
    let mut draft = Draft::new(&own[0].row.sheet);
    let row = unit.row;
    let name = &unit.name.full;
    draft.places.add("/addressee", row.cell("name"));
    draft.places.add("/signature/org_name", row.cell("group"));
    draft.places.add("/signature/date", facts.row.cell("end"));
    draft
        .places
        .add("/requirements", facts.row.cell("immediate_deadline"));
    draft
        .places
        .add("/contact", facts.row.cell("contact_phone"));
    draft
        .places
        .add("/doc_number", facts.row.cell("notice_number"));
    let group = draft.need(row, "group");
    let date = facts.need("end", &mut draft);
    let mut items = Vec::new();
    for finding in own.iter().filter(|f| f.row.yes("immediate")) {
        let row = finding.row;
        let at = format!("/items/{}", items.len());
        draft.place_item(
            &at,
            row,
            &[
                ("problem", "description"),
                ("measures", "action"),
                ("responsible_leader", "leader"),
                ("responsible_dept", "department"),
                ("deadline", "deadline"),
            ],
        );
        draft.carry(finding.row, finding.id);
        let deadline = match (row.text("deadline"), date) {
            (Some(deadline), Some(date)) if deadline < date => {
                notes.push(row.cell("deadline").error(
                    "",
                    format!(
                        "立行立改时限（{deadline}）早于立行立改通知书的日期（进驻结束 {date}）：通知书中该问题不写时限，问题清单照写"
                    ),
                ));
                None
            }
            (deadline, _) => deadline.map(|d| IsoDate(d.to_string())),
        };
        items.push(NoticeItem {
            problem_id: Some(finding.id.to_string()),
            problem: finding.text(),
            measures: row.text("action").map(str::to_string).into_iter().collect(),
            deadline,
            responsible_leader: row.text("leader").map(str::to_string),
            responsible_dept: finding.department.as_ref().map(|d| d.local.clone()),
            status: None,
        });
    }
    let requirements = facts
        .text("immediate_deadline")
        .map(|deadline| NoticeRequirements {
            handle_deadline: None,
            feedback_deadline: IsoDate(deadline.to_string()),
            feedback_form: None,
            text: None,
        });
    let document = (|| {
        let (group, date) = (group?, date?);
        Some(document!(
            RectificationNotice {
                doc_number: facts.number("notice_number", n).map(DocNumber),
                title: "立行立改通知书".to_string(),
                addressee: vec![OrgName(row.text("addressee").unwrap_or(name).to_string())],
                feedback_ref: None,
                basis: None,
                items,
                requirements,
                contact: facts.contact(),
                receipt: None,
            },
            signature(group, date)
        ))
    })();
    draft.finish(
        file,
        format!("“{name}”的立行立改通知书"),
        (
            Home::Unit(unit.index),
            format!("立行立改通知书（{}）", unit.name.short),
        ),
        document,
    )
}

/// Who a 抄告单 goes to.
pub(super) enum Addressee<'a> {
    /// A 分管领导.
    Leader(&'a Leader),
    /// A 主责部门.
    Department(&'a Department),
}

/// The 抄告单 to one 分管领导 or 主责部门, the `serial`th of the round, with their problems in
/// every unit they concern.
pub(super) fn cc_notice(
    facts: &Facts,
    to: Addressee,
    group: &[&Finding],
    units: &[Unit],
    serial: usize,
    file: &str,
) -> Planned {
    let mut draft = Draft::new(&group[0].row.sheet);
    let first = group[0].row;
    draft.places.add("/serial_no", facts.row.cell("cc_number"));
    draft.places.add("/issuer", facts.row.cell("office"));
    draft.places.add("/round/label", facts.row.cell("label"));
    draft.places.add(
        "/requirements/feedback_deadline",
        facts.row.cell("cc_deadline"),
    );
    let serial_no = facts.need("cc_number", &mut draft).map(|_| ());
    let issuer = facts.need("office", &mut draft);
    let deadline = facts.need("cc_deadline", &mut draft);
    let contact = facts.need_contact(&mut draft);
    let signed = facts.office_signature(&mut draft);
    let mut involved: Vec<usize> = Vec::new();
    let mut problems = Vec::new();
    for (i, finding) in group.iter().enumerate() {
        let row = finding.row;
        let at = format!("/problems/{i}");
        draft.place_item(
            &at,
            row,
            &[
                ("org", "unit"),
                ("heading", "heading"),
                ("description", "description"),
                ("suggested_action", "action"),
            ],
        );
        draft.carry(finding.row, finding.id);
        if !involved.contains(&finding.unit) {
            involved.push(finding.unit);
        }
        problems.push(NoticeProblem {
            seq: i as u32 + 1,
            org: Some(units[finding.unit].name.short.clone()),
            category: None,
            heading: Some(finding.heading.clone()),
            description: finding.description.to_string(),
            suggested_action: row.text("action").map(str::to_string),
        });
    }
    let one = |&i: &usize| &units[i];
    let groups: Vec<&str> = involved
        .iter()
        .filter_map(|i| one(i).row.text("group"))
        .collect();
    let inspection_group = groups
        .first()
        .filter(|g| groups.iter().all(|x| x == *g))
        .map(|g| OrgName(g.to_string()));
    let (recipient, what, stem) = match to {
        Addressee::Leader(leader) => {
            draft.places.add("/recipient/name", first.cell("leader"));
            draft
                .places
                .add("/recipient/title", first.cell("leader_title"));
            (
                Recipient {
                    recipient_type: RecipientType::Leader,
                    name: leader.name.clone(),
                    title: leader.title.clone(),
                },
                format!("给“{}”的抄告单", leader.name),
                format!("抄告单（{}-{}）", leader.scope_short, leader.name),
            )
        }
        Addressee::Department(department) => {
            draft
                .places
                .add("/recipient/name", first.cell("department"));
            let unit = one(&involved[0]);
            // 石门镇财政所, 市卫健委规划财务科, 市卫健委; another body as written (市财政局).
            let names = &unit.name;
            let label = match &names.town {
                Some(town) if department.local.starts_with(town.as_str()) => {
                    department.local.clone()
                }
                _ if department.name == names.body => names.short.clone(),
                _ if department.name.starts_with(&names.body) => {
                    format!("{}{}", names.short, department.local)
                }
                _ => department.local.clone(),
            };
            (
                Recipient {
                    recipient_type: RecipientType::Department,
                    name: department.name.clone(),
                    title: None,
                },
                format!("给“{}”的抄告单", department.name),
                format!("抄告单（{label}）"),
            )
        }
    };
    let home = match involved[..] {
        [unit] => Home::Unit(unit),
        _ => Home::SharedNotices,
    };
    let document = (|| {
        serial_no?;
        Some(document!(
            CcNotice {
                form_title: "巡察抄告单".to_string(),
                serial_no: DocNumber(facts.number("cc_number", serial)?),
                issuer: OrgName(issuer?.to_string()),
                recipient,
                round: Some(facts.round()),
                inspection_group,
                inspected_orgs: involved
                    .iter()
                    .map(|i| OrgName(one(i).name.full.clone()))
                    .collect(),
                basis: None,
                problems,
                duty_suggestions: Vec::new(),
                requirements: NoticeRequirements {
                    handle_deadline: None,
                    feedback_deadline: IsoDate(deadline?.to_string()),
                    feedback_form: None,
                    text: None,
                },
                contact: contact?,
                receipt: None,
            },
            signed?
        ))
    })();
    draft.finish(file, what, (home, stem), document)
}
