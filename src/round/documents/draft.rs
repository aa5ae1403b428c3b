//! What every document builder shares: the round's facts, the document being built with the
//! cell each value came from, and the findings checked across the register.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::planned::{Planned, RowErrors};
use crate::diagnostics::{InputError, SheetCell};
use crate::failure::{Failure, Stage};
use crate::input::{Limits, validate};
use crate::model::feedback::Framework;
use crate::record::{Origin, Record};
use crate::round::register::{Register, RegisterRow};
use crate::sheet::places::Places;

/// The round's facts every document shares, read once.
pub(super) struct Facts<'r> {
    pub(super) row: &'r RegisterRow,
    pub(super) round: Value,
    pub(super) framework: Framework,
    pub(super) office: String,
    pub(super) date: String,
    pub(super) contact: Value,
}

impl<'r> Facts<'r> {
    pub(super) fn of(row: &'r RegisterRow) -> Option<Self> {
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

    pub(super) fn label(&self) -> &str {
        self.round["label"].as_str().unwrap_or_default()
    }

    /// A document number from a pattern of the 轮次 sheet, `{n}` replaced.
    pub(super) fn number(&self, member: &str, n: usize) -> Option<String> {
        self.row
            .text(member)
            .map(|pattern| pattern.replace("{n}", &n.to_string()))
    }

    /// The places every document takes from the 轮次 sheet.
    pub(super) fn places(&self, places: &mut Places) {
        places.add("/round/label", self.row.cell("label"));
        places.add("/round/type", self.row.cell("type"));
        places.add("/contact", self.row.cell("contact_phone"));
        places.add("/contact/name", self.row.cell("contact_name"));
    }

    /// The signature of the 巡察办 on the round's date.
    pub(super) fn office_signature(&self, draft: &mut Draft) -> Value {
        draft
            .places
            .add("/signature/org_name", self.row.cell("office"));
        draft.places.add("/signature/date", self.row.cell("date"));
        json!({"org_name": self.office, "date": self.date, "seal": "seal"})
    }
}

/// A document being built: its fields, where each came from, the rows it draws on.
pub(super) struct Draft {
    pub(super) places: Places,
    pub(super) problems: Vec<String>,
    pub(super) sheet: String,
    pub(super) rows: Vec<usize>,
}

impl Draft {
    pub(super) fn new(sheet: &str) -> Self {
        Self {
            places: Places::default(),
            problems: Vec::new(),
            sheet: sheet.to_string(),
            rows: Vec::new(),
        }
    }

    /// Records that the list item at `at` comes from `row`: the whole row for errors about the
    /// item, and each `(member of the item, register column)` at its cell.
    pub(super) fn place_item(&mut self, at: &str, row: &RegisterRow, members: &[(&str, &str)]) {
        self.places.add(at, row.whole());
        for (member, column) in members {
            self.places.add(format!("{at}/{member}"), row.cell(column));
        }
    }

    /// The document prints `finding`: its row is one of the document's, its 问题编号 one the
    /// document carries.
    pub(super) fn carry(&mut self, finding: &Finding) {
        self.rows.push(finding.row.number);
        self.problems.push(finding.id.to_string());
    }

    /// Validates `document` and places its errors at their cells.
    pub(super) fn finish(
        mut self,
        file: &str,
        what: String,
        document: Value,
        limits: &Limits,
    ) -> Planned {
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
            unit: None,
        }
    }
}

/// A problem row with what the documents need of it.
pub(super) struct Finding<'r> {
    pub(super) row: &'r RegisterRow,
    pub(super) id: &'r str,
    pub(super) unit: &'r str,
    /// The index of its aspect (framework order, or first appearance for `custom`).
    pub(super) aspect: usize,
}

/// The aspect headings the problems use: the framework's, or for `custom` each new 方面 text in
/// order of first appearance.
pub(super) fn aspects(
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
pub(super) fn aspect_index(canonical: &[&str], text: &str) -> Option<usize> {
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
pub(super) fn findings<'r>(
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
pub(super) fn grouped<'f, 'r, K: PartialEq>(
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
pub(super) fn department_of(unit: &str, department: &str) -> String {
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
pub(super) fn problem_text(row: &RegisterRow) -> String {
    format!(
        "{}：{}",
        row.text("heading").unwrap_or_default(),
        row.text("description").unwrap_or_default()
    )
}

/// The deadline of a problem: its own, else its unit's 整改报告时限, else the round's.
pub(super) fn deadline<'r>(
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

/// Each filled register column of `row` into `item`, as `(member of the item, register column)`.
pub(super) fn copy_texts(item: &mut Value, row: &RegisterRow, members: &[(&str, &str)]) {
    for (member, column) in members {
        if let Some(text) = row.text(column) {
            item[*member] = Value::from(text);
        }
    }
}

/// Lines of a cell, trimmed, blank ones dropped.
pub(super) fn lines(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// “标题：内容” split at the first colon; a line without one is all heading.
pub(super) fn heading_and_text(line: &str) -> (String, Option<String>) {
    match line.split_once(['：', ':']) {
        Some((heading, text)) if !heading.trim().is_empty() && !text.trim().is_empty() => {
            (heading.trim().to_string(), Some(text.trim().to_string()))
        }
        _ => (line.to_string(), None),
    }
}

/// A unit's 整改报告时限, else the round's.
pub(super) fn deadline_of_unit<'r>(
    unit: &'r RegisterRow,
    facts: &'r Facts,
) -> Option<(&'r str, SheetCell)> {
    unit.text("report_deadline")
        .map(|d| (d, unit.cell("report_deadline")))
        .or_else(|| {
            facts
                .row
                .text("report_deadline")
                .map(|d| (d, facts.row.cell("report_deadline")))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn an_aspect_is_named_by_number_numeral_or_heading() {
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
