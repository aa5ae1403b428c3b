//! The round's register: one workbook with the sheets 轮次 (the round's facts, one row), 单位
//! (one row per inspected organisation), 问题 (one row per finding) and, optionally, 线索, 建议,
//! 追责问责 and 点人点事. Sheets are found by name or, renamed, by their headers; headers are
//! matched as clerks write them (the batch reader's rules); every cell read keeps its sheet,
//! row and column, and a cell that cannot be read stays with its row, so that only what needs
//! it fails.

mod sheets;

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::diagnostics::{InputError, SheetCell};
use crate::input::Limits;
use crate::input::normalize::{folded, joined_lines};
use crate::model::sheet::{Cell, Fill};
use crate::sheet::SheetError;
use crate::sheet::build::{as_date, read_cell};
use crate::sheet::file::{SheetFile, read_tables};
use crate::sheet::header::{Header, canonical, find_header};
use crate::sheet::table::{Table, column_letters};
pub use sheets::*;

/// Members whose cells hold a name or a heading, on one line: a line break pasted into one
/// (from Word) is joined, noted at the cell.
const SINGLE_LINE: [&str; 16] = [
    "label",
    "office",
    "name",
    "short",
    "group",
    "leader",
    "unit",
    "heading",
    "leader_title",
    "department",
    "area",
    "common_heading",
    "title",
    "person",
    "post",
    "to",
];

/// One data row of a register sheet: each cell's value (read as its column says), where every
/// column is, and the cells that could not be read (or are empty but required), with why.
#[derive(Debug, Clone)]
pub struct RegisterRow {
    /// The worksheet's name.
    pub sheet: String,
    /// 1-based row number.
    pub number: usize,
    values: BTreeMap<&'static str, Value>,
    cells: BTreeMap<&'static str, SheetCell>,
    bad: BTreeMap<&'static str, InputError>,
}

impl RegisterRow {
    /// The text of a member's cell, if filled and readable.
    pub fn text(&self, member: &str) -> Option<&str> {
        self.values.get(member).and_then(Value::as_str)
    }

    /// A 是/否 cell.
    pub fn yes(&self, member: &str) -> bool {
        self.text(member) == Some("true")
    }

    /// The cell of a member (the row alone when the sheet lacks the column).
    pub fn cell(&self, member: &str) -> SheetCell {
        self.cells
            .get(member)
            .cloned()
            .unwrap_or_else(|| self.whole())
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

    /// Why a member's cell cannot be used, if it cannot: unreadable, or empty where required.
    pub fn bad(&self, member: &str) -> Option<&InputError> {
        self.bad.get(member)
    }

    /// Every cell of the row that cannot be used.
    pub fn errors(&self) -> impl Iterator<Item = &InputError> {
        self.bad.values()
    }

    /// Whether every cell of the row can be used.
    pub fn is_clean(&self) -> bool {
        self.bad.is_empty()
    }

    /// Marks a member's cell as unusable (a check across rows found it wrong).
    pub fn refuse(&mut self, member: &'static str, message: impl std::fmt::Display) {
        let error = self.cell(member).error("", message);
        self.values.remove(member);
        self.bad.entry(member).or_insert(error);
    }
}

/// The register as read: rows of each sheet, and what was noticed.
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
    /// 追责问责.
    pub accountability: Vec<RegisterRow>,
    /// 点人点事.
    pub persons: Vec<RegisterRow>,
    /// Columns not used, sheets not recognised.
    pub warnings: Vec<String>,
    /// Cells read other than as typed (a full-width 问题编号), at their cells.
    pub notes: Vec<InputError>,
    /// What keeps a sheet from being read at all: a sheet missing, a column missing. Those of a
    /// required sheet (轮次, 单位, 问题) stop the round.
    pub errors: Vec<InputError>,
}

impl Register {
    /// The rows of a sheet's role.
    pub fn rows(&self, role: SheetRole) -> &[RegisterRow] {
        match role {
            SheetRole::Round => self.round.as_slice(),
            SheetRole::Units => &self.units,
            SheetRole::Problems => &self.problems,
            SheetRole::Leads => &self.leads,
            SheetRole::Advice => &self.advice,
            SheetRole::Accountability => &self.accountability,
            SheetRole::PersonsAndMatters => &self.persons,
        }
    }
}

/// Reads the register; a file that is not a workbook is an error, anything else in it is
/// gathered in the register.
pub fn read_register(path: &Path, limits: &Limits) -> Result<Register, SheetError> {
    read_register_file(&SheetFile::read(path)?, limits)
}

/// [`read_register`] for a workbook already in memory (an upload).
pub fn read_register_file(file: &SheetFile, limits: &Limits) -> Result<Register, SheetError> {
    Ok(register_of(&read_tables(file, limits)?))
}

/// The register in a workbook's sheets, already read.
pub fn register_of(tables: &[Table]) -> Register {
    let mut register = Register::default();
    let mut used = vec![false; tables.len()];
    for sheet in SHEETS {
        let Some((at, header)) = locate(sheet, tables, &used) else {
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
        // 轮次's cells are needed by some documents and not others: a missing column is an
        // empty cell there, told to the documents that need it.
        let missing = match sheet.role {
            SheetRole::Round => Vec::new(),
            _ => header.missing(&sheet.spec, ""),
        };
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
        let rows = read_rows(sheet, table, &header, &mut register.notes);
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
            SheetRole::Accountability => register.accountability = rows,
            SheetRole::PersonsAndMatters => register.persons = rows,
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
    register
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

/// The data rows below the header, blank ones skipped. Empty required cells and unreadable
/// cells stay with their row; a 编号 with full-width characters is read as ASCII, noted.
fn read_rows(
    sheet: &RegisterSheet,
    table: &Table,
    header: &Header<'static>,
    notes: &mut Vec<InputError>,
) -> Vec<RegisterRow> {
    let name = table.name.clone().unwrap_or_default();
    let mut rows = Vec::new();
    for row in table.rows[header.row + 1..].iter().filter(|r| !r.blank) {
        let mut read = RegisterRow {
            sheet: name.clone(),
            number: row.number,
            values: BTreeMap::new(),
            cells: BTreeMap::new(),
            bad: BTreeMap::new(),
        };
        for column in sheet.spec.columns {
            let Fill::Item(member) = column.fills else {
                continue;
            };
            let Some(at) = header.position(column) else {
                if column.required {
                    let message = format!("工作表「{name}」没有「{}」列", column.header);
                    read.bad.insert(member, read.whole().error("", message));
                }
                continue;
            };
            let cell = SheetCell {
                sheet: Some(name.clone()),
                row: row.number,
                column: Some(column_letters(at)),
                header: Some(column.header.to_string()),
            };
            if let Some(flaw) = row.flaw(at) {
                read.bad.insert(member, cell.error("", flaw));
                read.cells.insert(member, cell);
                continue;
            }
            let typed = row.cell(at);
            let text = if member == "id"
                && let Some(ascii) = folded(typed)
            {
                notes.push(cell.error(
                    "",
                    format!("“{typed}”中有全角字符或空格，已按“{ascii}”读取，请在原文中改正"),
                ));
                ascii
            } else if SINGLE_LINE.contains(&member) && typed.contains('\n') {
                let joined = joined_lines(typed).into_owned();
                notes.push(cell.error(
                    "",
                    format!("中间有换行，已连成一行，按“{joined}”读取，请在原文中改正"),
                ));
                joined
            } else {
                typed.to_string()
            };
            if text.is_empty() {
                if column.required {
                    read.bad.insert(
                        member,
                        cell.error("", format!("为空：请填写{}", column.header)),
                    );
                }
            } else if matches!(column.cell, Cell::Date) && as_date(&text).is_none() {
                read.bad.insert(
                    member,
                    cell.error(
                        "",
                        format!("“{text}”不是日期：请写成 2024-09-18 或 2024年9月18日 这样的日期"),
                    ),
                );
            } else {
                match read_cell(column, &text) {
                    Ok(value) => {
                        read.values.insert(member, value);
                    }
                    Err(message) => {
                        read.bad.insert(member, cell.error("", message));
                    }
                }
            }
            read.cells.insert(member, cell);
        }
        rows.push(read);
    }
    rows
}
