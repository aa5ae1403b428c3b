//! The documents of a round, built from the register as the kinds' own Rust types (so that a
//! misspelt field does not compile) and serialized for rendering: a 反馈意见, a 立行立改通知书
//! (when it has such problems) and a 问题清单 per unit; a 抄告单 per 分管领导 and per 主责部门; a
//! 建议书 per 主管部门; the 共性问题清单; the secret lists in numbered copies. Validation is the
//! renderer's, on the worker pool; each error is then told at the register cell its value came
//! from (`Planned::places`).
//!
//! `plan` (here) decides which documents the register makes; `facts` reads the 轮次 row,
//! `findings` the units and problems checked across the register, `names` names units,
//! departments and leaders as offices do, `draft` holds the document being built; one module
//! per kind of document builds it.

#[macro_use]
mod construct;
mod draft;
mod facts;
mod feedback;
mod findings;
mod lists;
mod names;
mod notices;
mod recommendation;

use crate::diagnostics::InputError;
use crate::model::inspection_list::ListType;
use crate::round::register::{Register, RegisterRow};
use draft::failed;
pub use draft::{CopyOf, Home, Planned, WorkbookKind, WorkbookPlan};
pub use facts::DEFAULT_COPIES;
use facts::Facts;
use feedback::feedback;
use findings::{Finding, Unit, aspects, findings, units};
pub use lists::UNITS_NAMED;
use lists::{Secret, common_list, problem_list, secret_list};
use notices::{Addressee, cc_notice, notice};
use recommendation::recommendation;

/// The round's documents, with what the workbooks and the folders need.
pub struct Plan {
    /// Every document, in order.
    pub documents: Vec<Planned>,
    /// Register rows and cells no document uses, with why, each once at its cell.
    pub rejected: Vec<InputError>,
    /// Cells read other than as typed, or to look at again, at their cells.
    pub notes: Vec<InputError>,
    /// The round's label (轮次名称).
    pub round_label: String,
    /// The round's date (成文日期), `YYYY-MM-DD`, when it can be read: the workbooks' creation
    /// time.
    pub date: Option<String>,
    /// Each unit's short name, in the order of the 单位 sheet (its folder).
    pub units: Vec<String>,
    /// Each unit's name as the 单位 sheet writes it, in the same order.
    pub unit_names: Vec<String>,
}

/// Every document of the round, in order: per unit (反馈意见, 立行立改通知书, 问题清单), the
/// 抄告单, the 建议书, the 共性问题清单, the secret lists. A row with errors stays out of the
/// documents, and a document lacking a cell it needs fails, saying which; only a register
/// without its 轮次 (and 轮次名称), 单位 or 问题 sheet stops the round, with every error found.
pub fn plan(register: &Register, file: &str) -> Result<Plan, Vec<InputError>> {
    if !register.errors.is_empty() {
        return Err(register.errors.clone());
    }
    let Some(round) = register.round.as_ref() else {
        return Err(register.errors.clone());
    };
    let facts = Facts::of(round).map_err(|e| vec![e])?;
    let mut rejected: Vec<InputError> = Vec::new();
    let mut notes = register.notes.clone();
    let units = units(register, &facts);
    let aspects = aspects(facts.framework, register);
    let found = findings(
        register,
        &units,
        &facts,
        &aspects,
        &mut rejected,
        &mut notes,
    );
    let mut planned = Vec::new();
    let (mut notices, mut feedbacks) = (0, 0);
    for unit in &units {
        let name = unit.row.text("name").unwrap_or_default();
        let home = (
            Home::Unit(unit.index),
            format!("单位（{}）", unit.name.short),
        );
        if let Some(first) = unit.repeats {
            let error = unit.row.cell("name").error(
                "",
                format!("“{name}”与第 {first} 行重复：每个被巡察单位只写一行"),
            );
            let what = format!("“{name}”的文书无法生成");
            planned.push(failed(file, unit.row, what, home, vec![error]));
            continue;
        }
        if let Some(error) = unit.row.bad("name") {
            let what = "单位的文书无法生成".to_string();
            planned.push(failed(file, unit.row, what, home, vec![error.clone()]));
            continue;
        }
        let own: Vec<&Finding> = found.iter().filter(|f| f.unit == unit.index).collect();
        if own.is_empty() {
            let error = unit.row.cell("name").error(
                "",
                format!("问题表中没有“{name}”的有效问题，无法生成反馈意见和问题清单"),
            );
            let what = format!("“{name}”的文书无法生成");
            planned.push(failed(file, unit.row, what, home, vec![error]));
            continue;
        }
        rejected.extend(
            UNIT_FIELDS_TOLD_ONCE
                .iter()
                .filter_map(|member| unit.row.bad(member).cloned()),
        );
        feedbacks += 1;
        planned.push(feedback(&facts, unit, &own, &aspects, feedbacks, file));
        if own.iter().any(|f| f.row.yes("immediate")) {
            notices += 1;
            planned.push(notice(&facts, unit, &own, notices, file, &mut notes));
        }
        planned.push(problem_list(&facts, unit, &own, &aspects, file));
    }
    planned.extend(cc_notices(&facts, &found, &units, file));
    planned.extend(recommendations(
        &facts,
        register,
        &found,
        &units,
        file,
        &mut rejected,
    ));
    let common: Vec<&Finding> = found.iter().filter(|f| f.common()).collect();
    if !common.is_empty() {
        planned.push(common_list(&facts, &common, &units, register, file));
    }
    let mut leads_to: Vec<String> = Vec::new();
    for lead in &register.leads {
        if let Some(to) = lead.text("to")
            && !leads_to.iter().any(|t| t == to)
        {
            leads_to.push(to.to_string());
        }
    }
    let secrets = [
        (ListType::Leads, &register.leads, leads_to),
        (
            ListType::Accountability,
            &register.accountability,
            [facts.discipline(), facts.organization()]
                .into_iter()
                .flatten()
                .collect(),
        ),
        (
            ListType::PersonsAndMatters,
            &register.persons,
            facts.organization().into_iter().collect(),
        ),
    ];
    for (list_type, rows, addressee) in secrets {
        let secret = Secret {
            list_type,
            rows,
            addressee,
        };
        planned.extend(secret_list(
            &facts,
            secret,
            &units,
            file,
            &mut rejected,
            &mut notes,
        ));
    }
    rejected.extend(facts.unusable());
    Ok(Plan {
        documents: planned,
        rejected,
        notes,
        round_label: facts.label.clone(),
        date: facts.text("date").map(str::to_string),
        units: units.iter().map(|u| u.name.short.clone()).collect(),
        unit_names: units
            .iter()
            .map(|u| u.row.text("name").unwrap_or_default().to_string())
            .collect(),
    })
}

/// The cells of a 单位 row that no document needs: when wrong, they are left out of the
/// 反馈意见 and told once.
const UNIT_FIELDS_TOLD_ONCE: [&str; 1] = ["plan_deadline"];

/// The 抄告单: one per 分管领导 (a 镇 leader's covering every 村 of the 镇), then one per 主责部门
/// (the same department written two ways being one), in order of first appearance.
fn cc_notices(facts: &Facts, found: &[Finding], units: &[Unit], file: &str) -> Vec<Planned> {
    let mut leaders: Vec<(&findings::Leader, Vec<&Finding>)> = Vec::new();
    let mut departments: Vec<(&names::Department, Vec<&Finding>)> = Vec::new();
    for finding in found {
        if let Some(leader) = &finding.leader {
            let same = |l: &&findings::Leader| l.scope == leader.scope && l.name == leader.name;
            match leaders.iter_mut().find(|(l, _)| same(l)) {
                Some((_, members)) => members.push(finding),
                None => leaders.push((leader, vec![finding])),
            }
        }
        if let Some(department) = &finding.department {
            match departments
                .iter_mut()
                .find(|(d, _)| d.name == department.name)
            {
                Some((_, members)) => members.push(finding),
                None => departments.push((department, vec![finding])),
            }
        }
    }
    let mut planned = Vec::new();
    for (leader, members) in &leaders {
        let serial = planned.len() + 1;
        let to = Addressee::Leader(leader);
        planned.push(cc_notice(facts, to, members, units, serial, file));
    }
    for (department, members) in &departments {
        let serial = planned.len() + 1;
        let to = Addressee::Department(department);
        planned.push(cc_notice(facts, to, members, units, serial, file));
    }
    planned
}

/// The 建议书, one per 主管部门 of the 建议 sheet; a 建议 row with a wrong cell is left out.
fn recommendations(
    facts: &Facts,
    register: &Register,
    found: &[Finding],
    units: &[Unit],
    file: &str,
    rejected: &mut Vec<InputError>,
) -> Vec<Planned> {
    let mut by_department: Vec<(&str, Vec<&RegisterRow>)> = Vec::new();
    for row in &register.advice {
        if !row.is_clean() {
            rejected.extend(row.errors().cloned());
            continue;
        }
        let dept = row.text("department").unwrap_or_default();
        match by_department.iter_mut().find(|(d, _)| *d == dept) {
            Some((_, rows)) => rows.push(row),
            None => by_department.push((dept, vec![row])),
        }
    }
    by_department
        .iter()
        .enumerate()
        .map(|(n, (dept, rows))| {
            recommendation(facts, dept, rows, found, units, n + 1, file, rejected)
        })
        .collect()
}
