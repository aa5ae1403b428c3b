//! The lists: a unit's 问题清单 (and its 整改台账), the round's 共性问题清单, and the secret lists
//! (问题线索清单, 追责问责清单, 点人点事清单), each printed in numbered copies.

use super::draft::{CopyOf, Draft, Home, Planned, WorkbookKind, WorkbookPlan, lines};
use super::facts::Facts;
use super::findings::{Finding, Unit};
use crate::diagnostics::InputError;
use crate::model::inspection_list::{InspectionList, ListRow, ListType};
use crate::model::{Attachment, Cell, Envelope, IsoDate, OrgName, Table, TableColumn};
use crate::record::Record;
use crate::round::register::{Register, RegisterRow};

/// A common problem's cell names at most this many units; the rest are counted, and every unit
/// is listed in the attached table.
pub const UNITS_NAMED: usize = 10;

/// A list document with the fields every list of the round has.
fn list(
    facts: &Facts,
    list_type: ListType,
    title: String,
    addressee: Vec<String>,
    rows: Vec<ListRow>,
    signature: crate::model::Signature,
) -> InspectionList {
    document!(
        InspectionList {
            list_type,
            doc_number: None,
            title,
            addressee: addressee.into_iter().map(OrgName).collect(),
            round: Some(facts.round()),
            unit: None,
            note: None,
            rows,
        },
        signature
    )
}

/// Marks a planned list's workbooks.
fn with_workbooks(
    mut planned: Planned,
    list: Option<InspectionList>,
    workbooks: Vec<WorkbookPlan>,
) -> Planned {
    if planned.record.input.is_ok() {
        planned.list = list;
        planned.workbooks = workbooks;
    }
    planned
}

/// The 问题清单 of `unit`, its problems in the framework's order, and its 整改台账.
pub(super) fn problem_list(
    facts: &Facts,
    unit: &Unit,
    own: &[&Finding],
    aspects: &[String],
    file: &str,
) -> Planned {
    // Its rows are its problems'; the 单位 row's cells are named in its errors.
    let mut draft = Draft::new(&own[0].row.sheet);
    draft.places.add("/title", facts.row.cell("label"));
    draft.places.add("/unit", unit.row.cell("name"));
    let signature = facts.office_signature(&mut draft);
    let mut ordered: Vec<&&Finding> = own.iter().collect();
    ordered.sort_by_key(|f| f.aspect);
    let mut rows = Vec::new();
    for finding in ordered {
        let row = finding.row;
        let at = format!("/rows/{}", rows.len());
        draft.place_item(
            &at,
            row,
            &[
                ("id", "id"),
                ("problem", "description"),
                ("responsible_leader", "leader"),
                ("responsible_dept", "department"),
            ],
        );
        draft.carry(finding.row, finding.id);
        // Its own 整改时限, else its unit's 整改报告时限, else the round's.
        let deadline = if row.text("deadline").is_some() {
            draft
                .places
                .add(format!("{at}/deadline"), row.cell("deadline"));
            row.text("deadline")
        } else if unit.row.text("report_deadline").is_some()
            || unit.row.bad("report_deadline").is_some()
        {
            draft
                .places
                .add(format!("{at}/deadline"), unit.row.cell("report_deadline"));
            draft.need(unit.row, "report_deadline")
        } else {
            draft
                .places
                .add(format!("{at}/deadline"), facts.row.cell("report_deadline"));
            facts.need("report_deadline", &mut draft)
        };
        rows.push(ListRow {
            id: Some(finding.id.to_string()),
            aspect: aspects
                .get(finding.aspect)
                .map(|a| a.trim_end_matches("方面").to_string()),
            problem: Some(finding.text()),
            responsible_leader: row.text("leader").map(str::to_string),
            responsible_dept: finding.department.as_ref().map(|d| d.local.clone()),
            deadline: deadline.map(|d| IsoDate(d.to_string())),
            immediate_fix: row.yes("immediate"),
            ..ListRow::default()
        });
    }
    let short = &unit.name.short;
    let document = signature.map(|signature| InspectionList {
        unit: Some(OrgName(unit.name.full.clone())),
        ..list(
            facts,
            ListType::Problems,
            format!("{}问题清单", facts.label),
            Vec::new(),
            rows,
            signature,
        )
    });
    let workbooks = vec![
        WorkbookPlan {
            stem: format!("问题清单（{short}）"),
            title: format!("{}问题清单（{}）", facts.label, unit.name.full),
            kind: WorkbookKind::List,
        },
        WorkbookPlan {
            stem: format!("整改台账（{short}）"),
            title: format!("{}巡察整改落实台账", unit.name.full),
            kind: WorkbookKind::Ledger,
        },
    ];
    let planned = draft.finish(
        file,
        format!("“{}”的问题清单", unit.name.full),
        (Home::Unit(unit.index), format!("问题清单（{short}）")),
        document.clone(),
    );
    with_workbooks(planned, document, workbooks)
}

/// The 共性问题清单: one line per 领域 and problem, with the units it was found in (a long list
/// of units is counted, and given in full in an attached table).
pub(super) fn common_list(
    facts: &Facts,
    common: &[&Finding],
    units: &[Unit],
    register: &Register,
    file: &str,
) -> Planned {
    let mut draft = Draft::new(&common[0].row.sheet);
    draft.places.add("/title", facts.row.cell("label"));
    let signature = facts.office_signature(&mut draft);
    let mut entries: Vec<(&str, &str, Vec<&Finding>)> = Vec::new();
    for finding in common {
        let area = finding.area().unwrap_or_default();
        let heading = finding.common_heading();
        match entries
            .iter_mut()
            .find(|(a, h, _)| *a == area && *h == heading)
        {
            Some((_, _, members)) => members.push(finding),
            None => entries.push((area, heading, vec![finding])),
        }
    }
    entries.sort_by_key(|(area, _, _)| common.iter().position(|f| f.area() == Some(*area)));
    let mut rows = Vec::new();
    let mut all_units = Vec::new();
    for (area, heading, members) in &entries {
        let at = format!("/rows/{}", rows.len());
        draft.place_item(
            &at,
            members[0].row,
            &[
                ("area", "area"),
                ("problem", "heading"),
                ("requirement", "action"),
            ],
        );
        let mut names: Vec<&str> = Vec::new();
        for finding in members {
            draft.carry(finding.row, finding.id);
            let name = units[finding.unit].name.short.as_str();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let total = names.len();
        if total > UNITS_NAMED {
            all_units.push((heading.to_string(), names.join("、")));
        }
        rows.push(ListRow {
            area: Some(area.to_string()),
            problem: Some(heading.to_string()),
            units: Some(
                names
                    .iter()
                    .take(UNITS_NAMED)
                    .map(|n| OrgName(n.to_string()))
                    .collect(),
            ),
            units_total: (total > UNITS_NAMED).then_some(total as u32),
            requirement: Some(requirement(area, members, register)),
            ..ListRow::default()
        });
    }
    let mut departments = vec!["各被巡察党组织".to_string()];
    for row in &register.advice {
        if let Some(dept) = row.text("department")
            && !departments.iter().any(|d| d == dept)
        {
            departments.push(dept.to_string());
        }
    }
    let attachments = if all_units.is_empty() {
        Vec::new()
    } else {
        vec![units_table(all_units)]
    };
    let document = signature.map(|signature| InspectionList {
        attachments,
        ..list(
            facts,
            ListType::CommonProblems,
            format!("{}共性问题清单", facts.label),
            departments,
            rows,
            signature,
        )
    });
    let workbooks = vec![WorkbookPlan {
        stem: "共性问题清单".to_string(),
        title: format!("{}共性问题清单", facts.label),
        kind: WorkbookKind::List,
    }];
    let planned = draft.finish(
        file,
        "共性问题清单".to_string(),
        (Home::Lists, "共性问题清单".to_string()),
        document.clone(),
    );
    with_workbooks(planned, document, workbooks)
}

/// The 整改要求 of a common problem: its 整改建议 when the units share one; else the 建议 sheet's
/// 对策 for its 领域; else the units' 整改建议 together when they fit; else a sentence sending
/// each unit to its own 问题清单.
fn requirement(area: &str, members: &[&Finding], register: &Register) -> String {
    const MOST: usize = 800;
    let mut actions: Vec<&str> = Vec::new();
    for finding in members {
        if let Some(action) = finding.row.text("action")
            && !actions.contains(&action)
        {
            actions.push(action);
        }
    }
    if let [one] = actions[..] {
        return one.to_string();
    }
    // Sentences joined with 、 … ； and ended with 。.
    let joined = |texts: &[String]| {
        let parts: Vec<&str> = texts
            .iter()
            .map(|t| t.trim_end_matches(['。', '；', '，']))
            .collect();
        format!("{}。", parts.join("；"))
    };
    let measures: Vec<String> = register
        .advice
        .iter()
        .filter(|r| r.text("area") == Some(area))
        .flat_map(|r| lines(r.text("measures")))
        .collect();
    if !measures.is_empty() && joined(&measures).chars().count() <= MOST {
        return joined(&measures);
    }
    let actions: Vec<String> = actions.iter().map(|a| a.to_string()).collect();
    if !actions.is_empty() && joined(&actions).chars().count() <= MOST {
        return joined(&actions);
    }
    "各涉及单位对照本单位问题清单中的整改建议逐项整改，举一反三、建章立制。".to_string()
}

/// The attached table naming every unit of the common problems found in more than
/// [`UNITS_NAMED`] units.
fn units_table(rows: Vec<(String, String)>) -> Attachment {
    let column = |key: &str, label: &str, width: f64| TableColumn {
        key: key.to_string(),
        label: label.to_string(),
        width_ratio: Some(width),
        align: None,
    };
    Attachment {
        seq: 1,
        title: "共性问题涉及单位名单".to_string(),
        body: None,
        table: Some(Table {
            caption: None,
            orientation: Default::default(),
            repeat_header: true,
            columns: vec![
                column("problem", "共性问题", 1.0),
                column("units", "涉及单位", 2.4),
            ],
            rows: rows
                .into_iter()
                .map(|(problem, units)| {
                    [("problem", problem), ("units", units)]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), Cell::Text(v)))
                        .collect()
                })
                .collect(),
            footnote: None,
        }),
        file_ref: None,
    }
}

/// What a secret list is made of.
pub(super) struct Secret<'a> {
    /// Which list.
    pub(super) list_type: ListType,
    /// Its rows in the register.
    pub(super) rows: &'a [RegisterRow],
    /// Who receives it.
    pub(super) addressee: Vec<String>,
}

/// A secret list (问题线索清单, 追责问责清单, 点人点事清单) from its register rows, printed in
/// numbered copies: one per recipient, one the 巡察办 keeps, the rest spare, as many as 轮次 says
/// (at least enough for the recipients). Rows with a wrong cell are left out, told in
/// `rejected`; a register sheet with rows but none usable makes a failed list.
pub(super) fn secret_list(
    facts: &Facts,
    secret: Secret,
    units: &[Unit],
    file: &str,
    rejected: &mut Vec<InputError>,
    notes: &mut Vec<InputError>,
) -> Vec<Planned> {
    let Secret {
        list_type,
        rows: register_rows,
        addressee,
    } = secret;
    let name = list_type.chinese_name();
    let Some(first) = register_rows.first() else {
        return Vec::new();
    };
    let mut draft = Draft::new(&first.sheet);
    draft.places.add("/title", facts.row.cell("label"));
    let signature = facts.office_signature(&mut draft);
    let mut rows = Vec::new();
    for row in register_rows {
        if !row.is_clean() {
            rejected.extend(row.errors().cloned());
            continue;
        }
        let at = format!("/rows/{}", rows.len());
        draft.rows.push(row.number);
        let text = |member: &str| row.text(member).map(str::to_string);
        let list_row = match list_type {
            ListType::Leads => {
                draft.place_item(
                    &at,
                    row,
                    &[
                        ("id", "id"),
                        ("units", "units"),
                        ("summary", "summary"),
                        ("transferred_to", "to"),
                        ("transferred_on", "on"),
                    ],
                );
                let named: Vec<OrgName> = text("units")
                    .unwrap_or_default()
                    .split(['、', '，', ',', '\n'])
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .map(|u| OrgName(short_of(u, units)))
                    .collect();
                ListRow {
                    id: text("id"),
                    units: Some(named),
                    summary: text("summary"),
                    transferred_to: text("to").map(OrgName),
                    transferred_on: text("on").map(IsoDate),
                    ..ListRow::default()
                }
            }
            _ => {
                draft.place_item(
                    &at,
                    row,
                    &[
                        ("id", "id"),
                        ("person", "person"),
                        ("units", "unit"),
                        ("post", "post"),
                        ("problem", "problem"),
                        ("handling", "handling"),
                    ],
                );
                ListRow {
                    id: text("id"),
                    person: text("person"),
                    units: text("unit").map(|u| vec![OrgName(short_of(&u, units))]),
                    post: text("post"),
                    problem: text("problem"),
                    handling: text("handling"),
                    ..ListRow::default()
                }
            }
        };
        rows.push(list_row);
    }
    let title = format!("{}{name}", facts.label);
    let stem = |copy: Option<&str>| match copy {
        Some(no) => format!("{name}（份号{no}）"),
        None => name.to_string(),
    };
    if rows.is_empty() {
        let mut failed =
            draft.finish::<InspectionList>(file, name.to_string(), (Home::Lists, stem(None)), None);
        if let Err(failure) = &mut failed.record.input {
            failure.message = format!("{name}无法生成：工作表「{}」没有可用的行", first.sheet);
        }
        return vec![failed];
    }
    let Some(signature) = signature else {
        return vec![draft.finish::<InspectionList>(
            file,
            name.to_string(),
            (Home::Lists, stem(None)),
            None,
        )];
    };
    let document = list(
        facts,
        list_type,
        title.clone(),
        addressee.clone(),
        rows,
        signature,
    );
    let mut recipients = addressee;
    if let Some(office) = facts.text("office") {
        recipients.push(format!("{office}（存档）"));
    }
    let copies = if recipients.len() > facts.copies {
        notes.push(facts.row.cell("copies").error(
            "",
            format!(
                "密件份数 {} 份少于{name}的分送单位（{} 个，含存档），已印制 {} 份",
                facts.copies,
                recipients.len(),
                recipients.len()
            ),
        ));
        recipients.len()
    } else {
        facts.copies
    };
    let planned = draft.finish(
        file,
        name.to_string(),
        (Home::Lists, stem(None)),
        Some(&document),
    );
    let (record, places) = (planned.record, planned.places);
    (1..=copies)
        .map(|n| {
            let copy_no = format!("{n:06}");
            let mut numbered = document.clone();
            numbered.envelope = Some(Envelope {
                copy_no: Some(copy_no.clone()),
                ..Envelope::default()
            });
            let recipient = recipients
                .get(n - 1)
                .cloned()
                .unwrap_or_else(|| "备用".to_string());
            let first_copy = n == 1;
            Planned {
                record: Record {
                    source: record.source.clone(),
                    input: Ok(serde_json::to_value(&numbered).expect("documents serialize")),
                },
                places: places.clone(),
                problems: Vec::new(),
                home: Home::Lists,
                stem: stem(Some(&copy_no)),
                workbooks: if first_copy {
                    vec![WorkbookPlan {
                        stem: name.to_string(),
                        title: title.clone(),
                        kind: WorkbookKind::List,
                    }]
                } else {
                    Vec::new()
                },
                list: first_copy.then(|| document.clone()),
                copy: Some(CopyOf { copy_no, recipient }),
            }
        })
        .collect()
}

/// A unit as a list names it: its short name when it is one of the round's, else as written.
fn short_of(written: &str, units: &[Unit]) -> String {
    units
        .iter()
        .find(|u| u.name.full == written || u.name.short == written || u.name.body == written)
        .map_or_else(|| written.to_string(), |u| u.name.short.clone())
}
