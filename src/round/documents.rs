//! The documents of a round, built from the register through the existing kinds: a 反馈意见, a
//! 立行立改通知书 (when it has such problems) and a 问题清单 per unit; a 抄告单 per 分管领导 and
//! per 主责部门; a 建议书 per 主管部门; the 共性问题清单 and the 线索清单. Each document is
//! validated as it is built, and each error is told at the register cell its value came from.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::register::{PROBLEMS, ROUND, Register, RegisterRow};
use crate::batch::input::{Origin, Record};
use crate::batch::sheet::places::Places;
use crate::failure::{Failure, Stage};
use crate::input::{InputError, Limits, SheetCell, validate};
use crate::model::feedback::Framework;

/// A document of the round and the 问题编号 it carries.
pub struct Planned {
    /// The record to render.
    pub record: Record,
    /// The 问题编号 it prints.
    pub problems: Vec<String>,
}

/// The round's facts every document shares, read once.
struct Facts<'r> {
    row: &'r RegisterRow,
    round: Value,
    framework: Framework,
    office: String,
    date: String,
    contact: Value,
}

impl<'r> Facts<'r> {
    fn of(row: &'r RegisterRow) -> Option<Self> {
        let framework = serde_json::from_value(Value::from(row.text("framework")?)).ok()?;
        let mut round = json!({"label": row.text("label")?});
        if let Some(kind) = row.text("type") {
            round["type"] = Value::from(kind);
        }
        Some(Self {
            row,
            round,
            framework,
            office: row.text("office")?.to_string(),
            date: row.text("date")?.to_string(),
            contact: json!({
                "name": row.text("contact_name")?,
                "phone": row.text("contact_phone")?,
            }),
        })
    }

    fn label(&self) -> &str {
        self.round["label"].as_str().unwrap_or_default()
    }

    /// A document number from a pattern of the 轮次 sheet, `{n}` replaced.
    fn number(&self, member: &str, n: usize) -> Option<String> {
        self.row
            .text(member)
            .map(|pattern| pattern.replace("{n}", &n.to_string()))
    }

    /// The places every document takes from the 轮次 sheet.
    fn places(&self, places: &mut Places) {
        places.add("/round/label", self.row.cell("label"));
        places.add("/round/type", self.row.cell("type"));
        places.add("/contact", self.row.cell("contact_phone"));
        places.add("/contact/name", self.row.cell("contact_name"));
    }

    /// The signature of the 巡察办 on the round's date.
    fn office_signature(&self, draft: &mut Draft) -> Value {
        draft
            .places
            .add("/signature/org_name", self.row.cell("office"));
        draft.places.add("/signature/date", self.row.cell("date"));
        json!({"org_name": self.office, "date": self.date, "seal": "seal"})
    }
}

/// A document being built: its fields, where each came from, the rows it draws on.
struct Draft {
    places: Places,
    problems: Vec<String>,
    sheet: String,
    rows: Vec<usize>,
}

impl Draft {
    fn new(sheet: &str) -> Self {
        Self {
            places: Places::default(),
            problems: Vec::new(),
            sheet: sheet.to_string(),
            rows: Vec::new(),
        }
    }

    /// Validates `document` and places its errors at their cells.
    fn finish(mut self, file: &str, what: String, document: Value, limits: &Limits) -> Planned {
        self.rows.sort_unstable();
        self.rows.dedup();
        let source = Origin {
            sheet: Some(self.sheet),
            rows: self.rows,
            ..Origin::file(file)
        };
        let input = match validate(&document, limits) {
            Ok(_) => Ok(document),
            Err(errors) => Err(Failure {
                errors: errors
                    .iter()
                    .map(|e| {
                        self.places.locate(e).unwrap_or_else(|| InputError {
                            message: format!("由登记表生成的字段：{}", e.message),
                            ..e.clone()
                        })
                    })
                    .collect(),
                ..Failure::new(Stage::Validate, format!("{what}有问题"))
            }),
        };
        Planned {
            record: Record { source, input },
            problems: self.problems,
        }
    }
}

/// A problem row with what the documents need of it.
struct Finding<'r> {
    row: &'r RegisterRow,
    id: &'r str,
    unit: &'r str,
    /// The index of its aspect (framework order, or first appearance for `custom`).
    aspect: usize,
}

/// Every document of the round, in order: per unit (反馈意见, 立行立改通知书, 问题清单), the
/// 抄告单, the 建议书, the 共性问题清单, the 线索清单. A row with errors stays out of the
/// documents (a unit's, 建议's or 线索's row makes its document fail with them; a 问题 row is
/// listed in `rejected`); only a register without a usable 轮次, 单位 or 问题 sheet stops the
/// round, with every error found.
pub fn plan(register: &Register, file: &str, limits: &Limits) -> Result<Plan, Vec<InputError>> {
    let fatal = register.errors.iter().any(|e| {
        e.cell
            .as_ref()
            .is_none_or(|c| c.sheet.as_deref() == Some(ROUND.name))
    });
    let facts = register.round.as_ref().and_then(Facts::of);
    let Some(facts) = facts.filter(|_| !fatal) else {
        return Err(register.errors.clone());
    };
    let bad = RowErrors::of(&register.errors);
    let mut rejected: Vec<InputError> = bad.of_sheet(PROBLEMS.name);
    let aspects = aspects(&facts, register, &bad, &mut rejected);
    let findings = findings(register, &aspects, &bad, &mut rejected);
    let mut planned = Vec::new();
    let (mut notices, mut feedbacks) = (0, 0);
    let mut unit_rows: BTreeMap<&str, usize> = BTreeMap::new();
    for unit in &register.units {
        let name = unit.text("name").unwrap_or_default();
        let own: Vec<&Finding> = findings.iter().filter(|f| f.unit == name).collect();
        let mut errors = bad.of_row(unit);
        if let Some(&first) = unit_rows.get(name) {
            errors.push(unit.cell("name").error(
                "",
                format!("“{name}”与第 {first} 行重复：每个被巡察单位只写一行"),
            ));
        } else {
            unit_rows.insert(name, unit.number);
        }
        if own.is_empty() && errors.is_empty() {
            errors.push(unit.cell("name").error(
                "",
                format!("问题表中没有“{name}”的有效问题，无法生成反馈意见和问题清单"),
            ));
        }
        if !errors.is_empty() {
            planned.push(failed(
                file,
                unit,
                format!("“{name}”的文书无法生成"),
                errors,
            ));
            continue;
        }
        feedbacks += 1;
        planned.push(feedback(
            &facts, unit, &own, &aspects, feedbacks, file, limits,
        ));
        if own.iter().any(|f| f.row.yes("immediate")) {
            notices += 1;
            planned.push(notice(&facts, unit, &own, notices, file, limits));
        }
        planned.push(problem_list(&facts, unit, &own, &aspects, file, limits));
    }
    let mut serial = 0;
    for (recipient, member, title_member) in [
        ("leader", "leader", Some("leader_title")),
        ("department", "department", None),
    ] {
        // A 分管领导 or 主责部门 is the unit's own: 办公室 of two units are two recipients.
        for ((unit, name), group) in grouped(&findings, |f| f.row.text(member).map(|m| (f.unit, m)))
        {
            serial += 1;
            let name = if recipient == "department" {
                department_of(unit, name)
            } else {
                name.to_string()
            };
            let recipient = (recipient, name.as_str(), member, title_member);
            planned.push(cc_notice(&facts, recipient, &group, serial, file, limits));
        }
    }
    let mut advice_by_dept: Vec<(&str, Vec<&RegisterRow>)> = Vec::new();
    for row in &register.advice {
        let dept = row.text("department").unwrap_or_default();
        match advice_by_dept.iter_mut().find(|(d, _)| *d == dept) {
            Some((_, rows)) => rows.push(row),
            None => advice_by_dept.push((dept, vec![row])),
        }
    }
    for (n, (dept, rows)) in advice_by_dept.iter().enumerate() {
        let errors: Vec<InputError> = rows.iter().flat_map(|r| bad.of_row(r)).collect();
        if !errors.is_empty() {
            planned.push(failed(
                file,
                rows[0],
                format!("给“{dept}”的建议书无法生成"),
                errors,
            ));
            continue;
        }
        planned.push(recommendation(
            &facts,
            dept,
            rows,
            &findings,
            n + 1,
            file,
            limits,
        ));
    }
    let common: Vec<&Finding> = findings.iter().filter(|f| f.row.yes("common")).collect();
    if !common.is_empty() {
        planned.push(common_list(&facts, &common, register, file, limits));
    }
    if let Some(first) = register.leads.first() {
        let errors: Vec<InputError> = register.leads.iter().flat_map(|r| bad.of_row(r)).collect();
        planned.push(if errors.is_empty() {
            leads_list(&facts, &register.leads, file, limits)
        } else {
            failed(file, first, "问题线索清单无法生成".to_string(), errors)
        });
    }
    Ok(Plan {
        documents: planned,
        rejected,
        round_label: facts.label().to_string(),
        date: facts.date.clone(),
    })
}

/// A document that cannot be built, with the errors of the rows it needs.
fn failed(file: &str, row: &RegisterRow, what: String, errors: Vec<InputError>) -> Planned {
    Planned {
        record: Record {
            source: Origin {
                sheet: Some(row.sheet.clone()),
                rows: vec![row.number],
                ..Origin::file(file)
            },
            input: Err(Failure {
                errors,
                ..Failure::new(Stage::Validate, what)
            }),
        },
        problems: Vec::new(),
    }
}

/// The register's cell errors by sheet and row.
struct RowErrors(BTreeMap<(String, usize), Vec<InputError>>);

impl RowErrors {
    fn of(errors: &[InputError]) -> Self {
        let mut by_row: BTreeMap<(String, usize), Vec<InputError>> = BTreeMap::new();
        for error in errors {
            if let Some(cell) = &error.cell {
                let key = (cell.sheet.clone().unwrap_or_default(), cell.row);
                by_row.entry(key).or_default().push(error.clone());
            }
        }
        Self(by_row)
    }

    fn of_row(&self, row: &RegisterRow) -> Vec<InputError> {
        self.0
            .get(&(row.sheet.clone(), row.number))
            .cloned()
            .unwrap_or_default()
    }

    fn has(&self, row: &RegisterRow) -> bool {
        self.0.contains_key(&(row.sheet.clone(), row.number))
    }

    fn of_sheet(&self, sheet: &str) -> Vec<InputError> {
        self.0
            .iter()
            .filter(|((s, _), _)| s == sheet)
            .flat_map(|(_, errors)| errors.iter().cloned())
            .collect()
    }
}

/// The round's documents, with what the workbooks need.
pub struct Plan {
    /// Every document, in order.
    pub documents: Vec<Planned>,
    /// 问题 rows left out of every document, with why.
    pub rejected: Vec<InputError>,
    /// The round's label (轮次名称).
    pub round_label: String,
    /// The round's date (成文日期), `YYYY-MM-DD`: the workbooks' creation time.
    pub date: String,
}

/// The aspect headings the problems use: the framework's, or for `custom` each new 方面 text in
/// order of first appearance.
fn aspects(
    facts: &Facts,
    register: &Register,
    bad: &RowErrors,
    errors: &mut Vec<InputError>,
) -> Vec<String> {
    let canonical = facts.framework.aspects();
    if canonical.is_empty() {
        let mut seen: Vec<String> = Vec::new();
        for row in &register.problems {
            if let Some(text) = row.text("aspect")
                && !seen.iter().any(|s| s == text)
            {
                seen.push(text.to_string());
            }
        }
        return seen;
    }
    for row in register.problems.iter().filter(|r| !bad.has(r)) {
        if let Some(text) = row.text("aspect")
            && aspect_index(canonical, text).is_none()
        {
            let choices: Vec<String> = canonical
                .iter()
                .enumerate()
                .map(|(i, a)| format!("{} {a}", i + 1))
                .collect();
            errors.push(row.cell("aspect").error(
                "",
                format!(
                    "“{text}”不是所选问题框架的方面，应为序号或方面名称：{}",
                    choices.join("；")
                ),
            ));
        }
    }
    canonical.iter().map(|a| a.to_string()).collect()
}

/// Which of the framework's aspects a 方面 cell names: its number (1, 一, 第一), or its
/// heading with or without 方面, or the start of it.
fn aspect_index(canonical: &[&str], text: &str) -> Option<usize> {
    const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let bare = text
        .trim_start_matches('第')
        .trim_end_matches(['、', '.', '．', '方', '面'])
        .trim();
    if let Ok(n) = bare.parse::<usize>() {
        return (1..=canonical.len()).contains(&n).then(|| n - 1);
    }
    if let Some(n) = NUMERALS.iter().position(|c| *c == bare) {
        return (n < canonical.len()).then_some(n);
    }
    let core = text.trim_end_matches("方面");
    canonical
        .iter()
        .position(|a| a.trim_end_matches("方面") == core)
        .or_else(|| {
            canonical
                .iter()
                .position(|a| core.chars().count() >= 4 && a.starts_with(core))
        })
}

/// The problem rows, checked across the register: known unit, unique id, 领域 for a 共性
/// problem.
fn findings<'r>(
    register: &'r Register,
    aspects: &[String],
    bad: &RowErrors,
    errors: &mut Vec<InputError>,
) -> Vec<Finding<'r>> {
    let units: Vec<&str> = register
        .units
        .iter()
        .filter_map(|u| u.text("name"))
        .collect();
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut found = Vec::new();
    for row in register.problems.iter().filter(|r| !bad.has(r)) {
        let (Some(id), Some(unit), Some(aspect_text)) =
            (row.text("id"), row.text("unit"), row.text("aspect"))
        else {
            continue; // an empty required cell is reported already
        };
        let before = errors.len();
        if let Some(first) = seen.get(id) {
            errors.push(row.cell("id").error(
                "",
                format!("问题编号“{id}”与第 {first} 行重复：每个问题的编号须唯一"),
            ));
        }
        if !units.contains(&unit) {
            let near = units
                .iter()
                .find(|u| u.contains(unit) || unit.contains(*u))
                .map(|u| format!("（是否应为“{u}”？）"))
                .unwrap_or_default();
            errors.push(row.cell("unit").error(
                "",
                format!("“{unit}”不在工作表「单位」中{near}：请与单位表的写法完全一致"),
            ));
        }
        if row.yes("common") && row.text("area").is_none() {
            errors.push(row.cell("area").error(
                "",
                "为空：共性问题须写明所属领域，才能归入共性问题清单和建议书",
            ));
        }
        let canonical: Vec<&str> = aspects.iter().map(String::as_str).collect();
        let aspect = aspects
            .iter()
            .position(|a| a == aspect_text)
            .or_else(|| aspect_index(&canonical, aspect_text));
        let Some(aspect) = aspect.filter(|_| errors.len() == before) else {
            continue; // the aspect's error is told by `aspects`
        };
        seen.insert(id, row.number);
        found.push(Finding {
            row,
            id,
            unit,
            aspect,
        });
    }
    found
}

/// Findings grouped by a key, groups in order of first appearance; rows without one are left
/// out.
fn grouped<'f, 'r, K: PartialEq>(
    findings: &'f [Finding<'r>],
    key: impl Fn(&Finding<'r>) -> Option<K>,
) -> Vec<(K, Vec<&'f Finding<'r>>)> {
    let mut groups: Vec<(K, Vec<&Finding>)> = Vec::new();
    for finding in findings {
        let Some(value) = key(finding) else { continue };
        match groups.iter_mut().find(|(k, _)| *k == value) {
            Some((_, members)) => members.push(finding),
            None => groups.push((value, vec![finding])),
        }
    }
    groups
}

/// A unit's department named so that it stands on its own: 办公室 of 中共云岫县住房和城乡建设局党组
/// is 云岫县住房和城乡建设局办公室; a department written with its county (云岫县财政局, 县财政局)
/// is left as written.
fn department_of(unit: &str, department: &str) -> String {
    const BODIES: [&str; 8] = [
        "党组（党委）",
        "机关党委",
        "党总支部委员会",
        "党支部委员会",
        "党总支",
        "党支部",
        "委员会",
        "党组",
    ];
    let mut body = unit.strip_prefix("中共").unwrap_or(unit);
    if let Some(stripped) = BODIES.iter().find_map(|b| body.strip_suffix(b)) {
        body = stripped;
    }
    let body = body.strip_suffix("党委").unwrap_or(body);
    let county: String = body.chars().take(3).collect();
    if department.starts_with(&county) || department.starts_with(['县', '市', '区', '州', '省'])
    {
        department.to_string()
    } else {
        format!("{body}{department}")
    }
}

/// The text of a problem in a list or notice: its heading and description.
fn problem_text(row: &RegisterRow) -> String {
    format!(
        "{}：{}",
        row.text("heading").unwrap_or_default(),
        row.text("description").unwrap_or_default()
    )
}

/// The deadline of a problem: its own, else its unit's 整改报告时限, else the round's.
fn deadline<'r>(
    row: &'r RegisterRow,
    unit: Option<&'r RegisterRow>,
    facts: &'r Facts,
) -> Option<(&'r str, SheetCell)> {
    row.text("deadline")
        .map(|d| (d, row.cell("deadline")))
        .or_else(|| {
            unit.and_then(|u| {
                u.text("report_deadline")
                    .map(|d| (d, u.cell("report_deadline")))
            })
        })
        .or_else(|| {
            facts
                .row
                .text("report_deadline")
                .map(|d| (d, facts.row.cell("report_deadline")))
        })
}

/// Lines of a cell, trimmed, blank ones dropped.
fn lines(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// “标题：内容” split at the first colon; a line without one is all heading.
fn heading_and_text(line: &str) -> (String, Option<String>) {
    match line.split_once(['：', ':']) {
        Some((heading, text)) if !heading.trim().is_empty() && !text.trim().is_empty() => {
            (heading.trim().to_string(), Some(text.trim().to_string()))
        }
        _ => (line.to_string(), None),
    }
}

fn feedback(
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
            draft.places.add(&at, row.whole());
            draft.places.add(format!("{at}/id"), row.cell("id"));
            draft
                .places
                .add(format!("{at}/heading"), row.cell("heading"));
            draft
                .places
                .add(format!("{at}/description"), row.cell("description"));
            draft
                .places
                .add(format!("{at}/responsible"), row.cell("department"));
            draft.rows.push(row.number);
            draft.problems.push(finding.id.to_string());
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

/// A unit's 整改报告时限, else the round's.
fn deadline_of_unit<'r>(unit: &'r RegisterRow, facts: &'r Facts) -> Option<(&'r str, SheetCell)> {
    unit.text("report_deadline")
        .map(|d| (d, unit.cell("report_deadline")))
        .or_else(|| {
            facts
                .row
                .text("report_deadline")
                .map(|d| (d, facts.row.cell("report_deadline")))
        })
}

fn notice(
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
        draft.places.add(&at, row.whole());
        draft
            .places
            .add(format!("{at}/problem"), row.cell("description"));
        draft
            .places
            .add(format!("{at}/measures"), row.cell("action"));
        draft
            .places
            .add(format!("{at}/responsible_leader"), row.cell("leader"));
        draft
            .places
            .add(format!("{at}/responsible_dept"), row.cell("department"));
        draft
            .places
            .add(format!("{at}/deadline"), row.cell("deadline"));
        draft.rows.push(row.number);
        draft.problems.push(finding.id.to_string());
        let mut item = json!({"problem_id": finding.id, "problem": problem_text(row)});
        for (member, key) in [
            ("leader", "responsible_leader"),
            ("department", "responsible_dept"),
            ("deadline", "deadline"),
        ] {
            if let Some(text) = row.text(member) {
                item[key] = Value::from(text);
            }
        }
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

fn cc_notice(
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
        draft.places.add(&at, row.whole());
        draft.places.add(format!("{at}/org"), row.cell("unit"));
        draft
            .places
            .add(format!("{at}/description"), row.cell("description"));
        draft
            .places
            .add(format!("{at}/suggested_action"), row.cell("action"));
        draft.rows.push(row.number);
        draft.problems.push(finding.id.to_string());
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

fn recommendation(
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
        draft.places.add(&at, row.whole());
        draft
            .places
            .add(format!("{at}/heading"), row.cell("heading"));
        draft
            .places
            .add(format!("{at}/description"), row.cell("description"));
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
            let failure = Failure {
                errors: vec![row.cell("area").error(
                    "",
                    format!("问题表中没有领域为“{area}”的共性问题：建议书须针对共性问题"),
                )],
                ..Failure::new(Stage::Validate, format!("给“{dept}”的建议书有问题"))
            };
            return Planned {
                record: Record {
                    source: Origin {
                        sheet: Some(row.sheet.clone()),
                        rows: vec![row.number],
                        ..Origin::file(file)
                    },
                    input: Err(failure),
                },
                problems: Vec::new(),
            };
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

fn problem_list(
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
        draft.places.add(&at, row.whole());
        draft.places.add(format!("{at}/id"), row.cell("id"));
        draft
            .places
            .add(format!("{at}/problem"), row.cell("description"));
        draft
            .places
            .add(format!("{at}/responsible_leader"), row.cell("leader"));
        draft
            .places
            .add(format!("{at}/responsible_dept"), row.cell("department"));
        draft.rows.push(row.number);
        draft.problems.push(finding.id.to_string());
        let mut item = json!({
            "id": finding.id,
            "aspect": aspects[finding.aspect].trim_end_matches("方面"),
            "problem": problem_text(row),
        });
        for (member, key) in [
            ("leader", "responsible_leader"),
            ("department", "responsible_dept"),
        ] {
            if let Some(text) = row.text(member) {
                item[key] = Value::from(text);
            }
        }
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

fn common_list(
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
        draft.places.add(&at, first.whole());
        draft.places.add(format!("{at}/area"), first.cell("area"));
        draft
            .places
            .add(format!("{at}/problem"), first.cell("heading"));
        draft
            .places
            .add(format!("{at}/requirement"), first.cell("action"));
        let mut units: Vec<&str> = Vec::new();
        for finding in members {
            draft.rows.push(finding.row.number);
            draft.problems.push(finding.id.to_string());
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

fn leads_list(facts: &Facts, leads: &[RegisterRow], file: &str, limits: &Limits) -> Planned {
    let mut draft = Draft::new(&leads[0].sheet);
    draft.places.add("/title", facts.row.cell("label"));
    let signature = facts.office_signature(&mut draft);
    let mut rows = Vec::new();
    for (i, lead) in leads.iter().enumerate() {
        let at = format!("/rows/{i}");
        draft.places.add(&at, lead.whole());
        for (member, key) in [
            ("id", "id"),
            ("units", "units"),
            ("summary", "summary"),
            ("to", "transferred_to"),
            ("on", "transferred_on"),
        ] {
            draft.places.add(format!("{at}/{key}"), lead.cell(member));
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_aspect_is_named_by_number_numeral_or_heading() {
        let four = Framework::FourImplementation.aspects();
        for text in [
            "2",
            "二",
            "第二",
            "落实全面从严治党战略部署方面",
            "落实全面从严治党战略部署",
            "2、",
        ] {
            assert_eq!(aspect_index(four, text), Some(1), "{text}");
        }
        assert_eq!(aspect_index(four, "落实新时代"), Some(2));
        assert_eq!(
            department_of("中共云岫县住房和城乡建设局党组", "办公室"),
            "云岫县住房和城乡建设局办公室"
        );
        assert_eq!(
            department_of("中共云岫县城关镇委员会", "党政办"),
            "云岫县城关镇党政办"
        );
        assert_eq!(
            department_of("中共云岫县档案馆党支部", "云岫县财政局"),
            "云岫县财政局"
        );
        assert_eq!(
            department_of("中共云岫县档案馆党支部", "县财政局"),
            "县财政局"
        );
        for text in ["5", "六", "党风廉政", ""] {
            assert_eq!(aspect_index(four, text), None, "{text}");
        }
    }
}
