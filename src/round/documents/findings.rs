//! The register's units and findings, checked across the register. A 问题 row with anything
//! wrong (an unknown unit, with the closest one suggested; a repeated 编号; an aspect the
//! framework lacks; a 共性 problem without 领域; a text too long for the documents; a 整改时限
//! before the 成文日期 that is not 立行立改) is left out of every document and told at its
//! cell. What is read as meant (a unit by its 简称 or another Party-organisation word, a
//! numbered 问题标题) and what is written two ways (a department, a leader's post) is noted at
//! the cells.

use std::collections::BTreeMap;

use super::facts::Facts;
use super::names::{Department, UnitName, body_of};
use crate::diagnostics::InputError;
use crate::model::feedback::Framework;
use crate::round::register::{Register, RegisterRow};

/// The longest 问题标题 (the kinds' heading).
const HEADING_CHARS: usize = 80;
/// The longest 问题描述 (the 反馈意见's).
const DESCRIPTION_CHARS: usize = 1500;
/// The longest 整改建议 (the 抄告单's suggested action).
const ACTION_CHARS: usize = 400;

/// An inspected unit.
pub(super) struct Unit<'r> {
    /// Its 单位 row.
    pub(super) row: &'r RegisterRow,
    /// Its names.
    pub(super) name: UnitName,
    /// Its place in the 单位 sheet, from 0.
    pub(super) index: usize,
    /// The 单位 row it repeats, if it does.
    pub(super) repeats: Option<usize>,
}

/// The units of the 单位 sheet, in order.
pub(super) fn units<'r>(register: &'r Register, facts: &Facts) -> Vec<Unit<'r>> {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    register
        .units
        .iter()
        .enumerate()
        .map(|(index, row)| {
            let full = row.text("name").unwrap_or_default();
            let repeats = first.get(full).copied();
            first.entry(full).or_insert(row.number);
            Unit {
                row,
                name: UnitName::new(full, row.text("short"), facts.county.as_deref()),
                index,
                repeats,
            }
        })
        .collect()
}

/// A 分管领导 as the 抄告单 addresses them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Leader {
    /// 姓名.
    pub(super) name: String,
    /// 职务, with the 镇 of a 镇 leader.
    pub(super) title: Option<String>,
    /// The body whose leader they are (the unit's full name, or a 镇's): leaders of one scope
    /// and name are one person.
    pub(super) scope: String,
    /// The short name of that body, for file names.
    pub(super) scope_short: String,
}

/// A 问题 row with what the documents need of it.
pub(super) struct Finding<'r> {
    pub(super) row: &'r RegisterRow,
    pub(super) id: &'r str,
    /// Its unit's index in the 单位 sheet.
    pub(super) unit: usize,
    /// The index of its aspect (framework order, or first appearance for `custom`).
    pub(super) aspect: usize,
    /// 问题标题, without a number of its own.
    pub(super) heading: String,
    /// 问题描述.
    pub(super) description: &'r str,
    /// 主责部门, named with its unit.
    pub(super) department: Option<Department>,
    /// 分管领导.
    pub(super) leader: Option<Leader>,
}

impl Finding<'_> {
    /// The heading a 共性 problem is grouped under: its 共性问题标题, else its 问题标题.
    pub(super) fn common_heading(&self) -> &str {
        self.row.text("common_heading").unwrap_or(&self.heading)
    }

    /// Whether the problem is 共性 (it then has a 领域).
    pub(super) fn common(&self) -> bool {
        self.row.yes("common")
    }

    /// The 领域 of a 共性 problem.
    pub(super) fn area(&self) -> Option<&str> {
        self.row.text("area")
    }

    /// “问题标题：问题描述”, as lists and notices print a problem.
    pub(super) fn text(&self) -> String {
        format!("{}：{}", self.heading, self.description)
    }
}

/// The aspect headings the problems use: the framework's, or for `custom` each new 方面 text in
/// order of first appearance; none when the framework cannot be read.
pub(super) fn aspects(framework: Option<Framework>, register: &Register) -> Vec<String> {
    match framework {
        None => Vec::new(),
        Some(Framework::Custom) => {
            let mut seen: Vec<String> = Vec::new();
            for row in register.problems.iter().filter(|r| r.is_clean()) {
                if let Some(text) = row.text("aspect")
                    && !seen.iter().any(|s| s == text)
                {
                    seen.push(text.to_string());
                }
            }
            seen
        }
        Some(framework) => framework.aspects().iter().map(|a| a.to_string()).collect(),
    }
}

/// The findings, checked; rows left out go to `rejected`, what was read as meant to `notes`.
pub(super) fn findings<'r>(
    register: &'r Register,
    units: &[Unit],
    facts: &Facts,
    aspects: &[String],
    rejected: &mut Vec<InputError>,
    notes: &mut Vec<InputError>,
) -> Vec<Finding<'r>> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut found = Vec::new();
    let date = facts.text("date");
    for row in &register.problems {
        if !row.is_clean() {
            rejected.extend(row.errors().cloned());
            continue;
        }
        let (Some(id), Some(unit_text), Some(aspect_text), Some(typed_heading), Some(description)) = (
            row.text("id"),
            row.text("unit"),
            row.text("aspect"),
            row.text("heading"),
            row.text("description"),
        ) else {
            continue; // required cells are filled in a clean row
        };
        let mut errors = Vec::new();
        let mut error =
            |member: &str, message: String| errors.push(row.cell(member).error("", message));
        if !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            || id.len() > 16
        {
            error(
                "id",
                format!("“{id}”不能作问题编号：只能由字母、数字、下划线和连字符组成，最长 16 位"),
            );
        }
        if let Some(first) = seen.get(id) {
            error(
                "id",
                format!("问题编号“{id}”与第 {first} 行重复：每个问题的编号须唯一"),
            );
        }
        let unit = match unit_of(unit_text, units) {
            Ok((unit, read_as)) => {
                if let Some(note) = read_as {
                    notes.push(row.cell("unit").error("", note));
                }
                Some(unit)
            }
            Err(message) => {
                error("unit", message);
                None
            }
        };
        let aspect = aspect_of(facts.framework, aspects, aspect_text);
        if aspect.is_none() {
            let choices: Vec<String> = aspects
                .iter()
                .enumerate()
                .map(|(i, a)| format!("{} {a}", i + 1))
                .collect();
            error(
                "aspect",
                format!(
                    "“{aspect_text}”不是所选问题框架的方面，应为序号或方面名称：{}",
                    choices.join("；")
                ),
            );
        }
        let heading = match unnumbered(typed_heading) {
            Some(bare) => {
                notes.push(row.cell("heading").error(
                    "",
                    format!("“{typed_heading}”自带序号，已按“{bare}”读取：序号由系统编排"),
                ));
                bare
            }
            None => typed_heading.to_string(),
        };
        let length = heading.chars().count();
        if !(2..=HEADING_CHARS).contains(&length) {
            error(
                "heading",
                format!("有 {length} 个字：问题标题应为 2 至 {HEADING_CHARS} 个字"),
            );
        }
        let length = description.chars().count();
        if !(10..=DESCRIPTION_CHARS).contains(&length) {
            error(
                "description",
                format!("有 {length} 个字：问题描述应为 10 至 {DESCRIPTION_CHARS} 个字"),
            );
        }
        if let Some(action) = row.text("action")
            && action.chars().count() > ACTION_CHARS
        {
            error(
                "action",
                format!(
                    "有 {} 个字：整改建议最多 {ACTION_CHARS} 个字（抄告单逐条列出）",
                    action.chars().count()
                ),
            );
        }
        if row.yes("common") && row.text("area").is_none() {
            error(
                "area",
                "为空：共性问题须写明所属领域，才能归入共性问题清单和建议书".to_string(),
            );
        }
        if let (Some(deadline), Some(date)) = (row.text("deadline"), date)
            && deadline < date
            && !row.yes("immediate")
        {
            error(
                "deadline",
                format!(
                    "整改时限（{deadline}）早于成文日期（{date}）：只有立行立改的问题可以在成文日期前完成整改，请核对时限或在“是否立行立改”填“是”"
                ),
            );
        }
        let (Some(unit), Some(aspect)) = (unit, aspect) else {
            rejected.extend(errors);
            continue;
        };
        if !errors.is_empty() {
            rejected.extend(errors);
            continue;
        }
        seen.insert(id, row.number);
        let names = &units[unit].name;
        found.push(Finding {
            row,
            id,
            unit,
            aspect,
            heading,
            description,
            department: row.text("department").map(|d| names.department(d)),
            leader: row.text("leader").map(|name| {
                let (title, scope) = names.leader(row.text("leader_title"));
                let scope_short = if scope == names.full {
                    names.short.clone()
                } else {
                    names.town.clone().unwrap_or_else(|| scope.clone())
                };
                Leader {
                    name: name.to_string(),
                    title,
                    scope,
                    scope_short,
                }
            }),
        });
    }
    notes.extend(written_two_ways(&found));
    found
}

/// Which of the framework's aspects a 方面 cell names; for `custom`, its place among the texts;
/// without a readable framework, the first (the documents that print aspects need one).
fn aspect_of(framework: Option<Framework>, aspects: &[String], text: &str) -> Option<usize> {
    match framework {
        None => Some(0),
        Some(Framework::Custom) => aspects.iter().position(|a| a == text),
        Some(_) => {
            let canonical: Vec<&str> = aspects.iter().map(String::as_str).collect();
            aspect_index(&canonical, text)
        }
    }
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

/// A heading without the number a clerk typed before it (一、 （一） 1. （1） 1、), if it had one.
fn unnumbered(heading: &str) -> Option<String> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let chars: Vec<char> = heading.trim().chars().collect();
    let is_number = |c: char| c.is_ascii_digit() || NUMERALS.contains(c);
    let mut at = 0;
    let bracketed = matches!(chars.first(), Some('（' | '('));
    if bracketed {
        at += 1;
    }
    let digits = chars[at..].iter().take_while(|c| is_number(**c)).count();
    if digits == 0 {
        return None;
    }
    at += digits;
    match (bracketed, chars.get(at)) {
        (true, Some('）' | ')')) => at += 1,
        (false, Some('、' | '.' | '．' | ' ')) => at += 1,
        _ => return None,
    }
    let rest: String = chars[at..].iter().collect::<String>().trim().to_string();
    (rest.chars().count() >= 2).then_some(rest)
}

/// The unit a 问题 row names: exactly as in 单位; or, read as meant with a note, by its 简称, its
/// body or another Party-organisation word for it (…党委 for …委员会) when that names one unit;
/// else an error suggesting the closest unit.
fn unit_of(text: &str, units: &[Unit]) -> Result<(usize, Option<String>), String> {
    if let Some(at) = units.iter().position(|u| u.name.full == text) {
        return Ok((at, None));
    }
    let body = body_of(text);
    let same: Vec<usize> = (0..units.len())
        .filter(|&i| {
            let name = &units[i].name;
            name.body == body || name.short == text || name.body == text
        })
        .collect();
    if let [at] = same[..] {
        let full = &units[at].name.full;
        return Ok((
            at,
            Some(format!(
                "“{text}”已按工作表「单位」中的“{full}”读取，请统一写法"
            )),
        ));
    }
    let closest = units
        .iter()
        .map(|u| {
            let score = strsim::normalized_levenshtein(text, &u.name.full)
                .max(strsim::normalized_levenshtein(&body, &u.name.body));
            (score, &u.name.full)
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let near = closest
        .map(|(_, full)| format!("（是否应为“{full}”？）"))
        .unwrap_or_default();
    Err(format!(
        "“{text}”不在工作表「单位」中{near}：请与单位表的写法完全一致"
    ))
}

/// A department or a leader's post written two ways in one unit, noted at both cells.
fn written_two_ways(findings: &[Finding]) -> Vec<InputError> {
    let mut notes = Vec::new();
    let mut departments: BTreeMap<(usize, &str), Vec<(&RegisterRow, &str)>> = BTreeMap::new();
    let mut leaders: BTreeMap<(&str, &str), Vec<(&RegisterRow, &str)>> = BTreeMap::new();
    for f in findings {
        if let (Some(dept), Some(written)) = (&f.department, f.row.text("department")) {
            departments
                .entry((f.unit, dept.name.as_str()))
                .or_default()
                .push((f.row, written));
        }
        if let (Some(leader), Some(title)) = (&f.leader, f.row.text("leader_title")) {
            leaders
                .entry((leader.scope.as_str(), leader.name.as_str()))
                .or_default()
                .push((f.row, title));
        }
    }
    let mut tell = |rows: &[(&RegisterRow, &str)], member: &str, what: &str, merged: &str| {
        let mut forms: Vec<(&RegisterRow, &str)> = Vec::new();
        for (row, written) in rows {
            if !forms.iter().any(|(_, w)| w == written) {
                forms.push((row, written));
            }
        }
        for pair in forms.windows(2) {
            let ((a, a_text), (b, b_text)) = (pair[0], pair[1]);
            for (row, text, other, other_text) in [(a, a_text, b, b_text), (b, b_text, a, a_text)] {
                notes.push(row.cell(member).error(
                    "",
                    format!(
                        "“{text}”与第 {} 行的“{other_text}”是同一{what}的两种写法，已合并为“{merged}”；请统一写法",
                        other.number
                    ),
                ));
            }
        }
    };
    for ((_, name), rows) in &departments {
        tell(rows, "department", "部门", name);
    }
    for rows in leaders.values() {
        let first = rows[0].1;
        tell(rows, "leader_title", "领导的职务", first);
    }
    notes
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
        for text in ["5", "六", "党风廉政", ""] {
            assert_eq!(aspect_index(four, text), None, "{text}");
        }
    }

    #[test]
    fn a_heading_loses_the_number_a_clerk_typed() {
        for typed in [
            "（一）党支部未按期换届",
            "(1)党支部未按期换届",
            "一、党支部未按期换届",
            "1.党支部未按期换届",
            "12、党支部未按期换届",
        ] {
            assert_eq!(
                unnumbered(typed).as_deref(),
                Some("党支部未按期换届"),
                "{typed}"
            );
        }
        for typed in [
            "党支部未按期换届",
            "“三会一课”制度落实不严格",
            "2023年账目不清",
            "1",
        ] {
            assert_eq!(unnumbered(typed), None, "{typed}");
        }
    }
}
