//! The round's register: one workbook with the sheets 轮次 (the round's facts, one row), 单位
//! (one row per inspected organisation), 问题 (one row per finding) and, optionally, 线索 and
//! 建议. Sheets are found by name or, renamed, by their headers; headers are matched as clerks
//! write them (the batch reader's rules); every cell read keeps its sheet, row and column.

mod sheets;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{InputError, SheetCell};
use crate::input::Limits;
use crate::model::sheet::{Cell, Fill};
use crate::sheet::SheetError;
use crate::sheet::build::{as_date, read_cell};
use crate::sheet::file::{SheetFile, read_tables};
use crate::sheet::header::{Header, canonical, find_header};
use crate::sheet::table::{Table, column_letters};
pub use sheets::*;

/// One data row of a register sheet: each non-empty cell's value (read as its column says) and
/// where every column is, for errors.
#[derive(Debug, Clone)]
pub struct RegisterRow {
    /// The worksheet's name.
    pub sheet: String,
    /// 1-based row number.
    pub number: usize,
    values: BTreeMap<&'static str, Value>,
    cells: BTreeMap<&'static str, SheetCell>,
}

impl RegisterRow {
    /// The text of a member's cell, if filled.
    pub fn text(&self, member: &str) -> Option<&str> {
        self.values.get(member).and_then(Value::as_str)
    }

    /// A 是/否 cell.
    pub fn yes(&self, member: &str) -> bool {
        self.text(member) == Some("true")
    }

    /// The cell of a member (the row alone when the sheet lacks the column).
    pub fn cell(&self, member: &str) -> SheetCell {
        self.cells.get(member).cloned().unwrap_or(SheetCell {
            sheet: Some(self.sheet.clone()),
            row: self.number,
            column: None,
            header: None,
        })
    }

    /// The row as a whole, for errors about it.
    pub fn whole(&self) -> SheetCell {
        SheetCell {
            sheet: Some(self.sheet.clone()),
            row: self.number,
            column: None,
            header: None,
        }
    }
}

/// The register as read: rows of each sheet, warnings, and every cell that could not be read.
#[derive(Debug, Default)]
pub struct Register {
    /// 轮次's first data row (none when the sheet is missing or empty: see `errors`).
    pub round: Option<RegisterRow>,
    /// 单位.
    pub units: Vec<RegisterRow>,
    /// 问题.
    pub problems: Vec<RegisterRow>,
    /// 线索.
    pub leads: Vec<RegisterRow>,
    /// 建议.
    pub advice: Vec<RegisterRow>,
    /// Columns not used, sheets not recognised.
    pub warnings: Vec<String>,
    /// Sheets missing, required cells empty, cells that cannot be read.
    pub errors: Vec<InputError>,
}

/// Reads the register; a file that is not a workbook is an error, anything else in it is
/// gathered in `errors` and `warnings`.
pub fn read_register(path: &Path, limits: &Limits) -> Result<Register, SheetError> {
    read_register_file(&SheetFile::read(path)?, limits)
}

/// [`read_register`] for a workbook already in memory (an upload).
pub fn read_register_file(file: &SheetFile, limits: &Limits) -> Result<Register, SheetError> {
    let tables = read_tables(file, limits)?;
    let mut register = Register::default();
    let mut used = vec![false; tables.len()];
    for sheet in SHEETS {
        let Some((at, header)) = locate(sheet, &tables, &used) else {
            if sheet.required {
                register.errors.push(InputError::new(
                    "",
                    format!(
                        "登记表缺少工作表「{}」（{}）；`xuncha round --template 登记表.xlsx` 可生成带表头和示例的空白登记表",
                        sheet.name, sheet.purpose
                    ),
                ));
            }
            continue;
        };
        used[at] = true;
        let table = &tables[at];
        let name = table.name.clone().unwrap_or_default();
        let missing = header.missing(&sheet.spec, "");
        if !missing.is_empty() {
            register.errors.push(InputError::new(
                "",
                format!("工作表「{name}」缺少列：{}", missing.join("、")),
            ));
            continue;
        }
        register.warnings.extend(
            header
                .ignored(&sheet.spec, table)
                .into_iter()
                .map(|w| format!("工作表「{name}」{w}")),
        );
        let rows = read_rows(sheet, table, &header, &mut register.errors);
        match sheet.role {
            SheetRole::Round => {
                if rows.is_empty() {
                    register.errors.push(InputError::new(
                        "",
                        format!("工作表「{name}」没有数据：请在表头下一行填写本轮巡察的信息"),
                    ));
                }
                register.round = rows.into_iter().next();
            }
            SheetRole::Units => register.units = rows,
            SheetRole::Problems => register.problems = rows,
            SheetRole::Leads => register.leads = rows,
            SheetRole::Advice => register.advice = rows,
        }
    }
    for (table, used) in tables.iter().zip(used) {
        if !used
            && let Some(name) = &table.name
            && !GUIDE_SHEETS.contains(&canonical(name).as_str())
        {
            register.warnings.push(format!(
                "工作表「{name}」不是登记表的工作表（{}），未使用",
                SHEETS.map(|s| s.name).join("、")
            ));
        }
    }
    Ok(register)
}

/// The worksheet for `sheet`: the one with its name, else an unused one whose header row names
/// every required column.
fn locate(
    sheet: &'static RegisterSheet,
    tables: &[Table],
    used: &[bool],
) -> Option<(usize, Header<'static>)> {
    let named = tables.iter().position(|t| {
        t.name
            .as_deref()
            .is_some_and(|n| canonical(n) == sheet.name)
    });
    if let Some(at) = named.filter(|at| !used[*at]) {
        return find_header(&sheet.spec, &tables[at]).map(|h| (at, h));
    }
    tables.iter().enumerate().find_map(|(at, table)| {
        let header = find_header(&sheet.spec, table).filter(|h| {
            !used[at]
                && sheet
                    .spec
                    .columns
                    .iter()
                    .filter(|c| c.required)
                    .all(|c| h.position(c).is_some())
        })?;
        Some((at, header))
    })
}

/// The data rows below the header, blank ones skipped; empty required cells and unreadable
/// cells are errors at their cells.
fn read_rows(
    sheet: &RegisterSheet,
    table: &Table,
    header: &Header<'static>,
    errors: &mut Vec<InputError>,
) -> Vec<RegisterRow> {
    let name = table.name.clone().unwrap_or_default();
    let mut rows = Vec::new();
    for row in table.rows[header.row + 1..].iter().filter(|r| !r.blank) {
        let mut read = RegisterRow {
            sheet: name.clone(),
            number: row.number,
            values: BTreeMap::new(),
            cells: BTreeMap::new(),
        };
        for column in sheet.spec.columns {
            let Fill::Item(member) = column.fills else {
                continue;
            };
            let Some(at) = header.position(column) else {
                continue;
            };
            let cell = SheetCell {
                sheet: Some(name.clone()),
                row: row.number,
                column: Some(column_letters(at)),
                header: Some(column.header.to_string()),
            };
            let text = row.cell(at);
            if let Some(flaw) = row.flaw(at) {
                errors.push(cell.error("", flaw));
            } else if text.is_empty() {
                if column.required {
                    errors.push(cell.error("", format!("为空：请填写{}", column.header)));
                }
            } else if matches!(column.cell, Cell::Date) && as_date(text).is_none() {
                errors.push(cell.error(
                    "",
                    format!("“{text}”不是日期：请写成 2024-09-18 或 2024年9月18日 这样的日期"),
                ));
            } else {
                match read_cell(column, text) {
                    Ok(value) => {
                        read.values.insert(member, value);
                    }
                    Err(message) => errors.push(cell.error("", message)),
                }
            }
            read.cells.insert(member, cell);
        }
        rows.push(read);
    }
    rows
}
