//! The documents of a round, built from the register through the existing kinds: a 反馈意见, a
//! 立行立改通知书 (when it has such problems) and a 问题清单 per unit; a 抄告单 per 分管领导 and
//! per 主责部门; a 建议书 per 主管部门; the 共性问题清单 and the 线索清单. Each document is
//! validated as it is built, and each error is told at the register cell its value came from.
//!
//! `plan` (here) decides which documents the register makes; `draft` holds what every builder
//! shares (the round's facts, the document being built, the checked findings); one module per
//! kind of document builds it.

mod draft;
mod feedback;
mod lists;
mod notices;
mod planned;
mod recommendation;

use std::collections::BTreeMap;

use super::register::{PROBLEMS, ROUND, Register, RegisterRow};
use crate::diagnostics::InputError;
use crate::input::Limits;
use draft::{Facts, Finding, aspects, department_of, findings, grouped};
use feedback::feedback;
use lists::{common_list, leads_list, problem_list};
use notices::{cc_notice, notice};
pub use planned::Planned;
use planned::{RowErrors, failed};
use recommendation::recommendation;

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
            planned
                .push(failed(file, unit, format!("“{name}”的文书无法生成"), errors).of_unit(name));
            continue;
        }
        feedbacks += 1;
        planned.push(feedback(&facts, unit, &own, &aspects, feedbacks, file, limits).of_unit(name));
        if own.iter().any(|f| f.row.yes("immediate")) {
            notices += 1;
            planned.push(notice(&facts, unit, &own, notices, file, limits).of_unit(name));
        }
        planned.push(problem_list(&facts, unit, &own, &aspects, file, limits).of_unit(name));
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
            planned.push(cc_notice(&facts, recipient, &group, serial, file, limits).of_unit(unit));
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
