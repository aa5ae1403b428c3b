//! Documents from spreadsheets as offices keep them: one row per item of a list (a problem of a
//! 抄告单, a line of a 整改台账), rows grouped into one document per key (抄告对象, 被巡察单位).
//! What a kind's sheet looks like is the kind's own [`SheetSpec`]; this module reads any of them.
//!
//! - The worksheet used is the first whose header row names the columns the kind needs; the
//!   header row may sit below title rows. Merged cells count in every row they cover.
//! - Columns the kind does not know are warnings, with a suggestion when a header is a near miss.
//! - Everything else in a document comes from the shared fields, in whose strings `{n}` stands
//!   for the document's number from 1 and `{group}` for its key.
//! - Errors name the worksheet, row and column header, and keep the document's JSON Pointer.

pub mod build;
mod error;
pub mod file;
pub mod header;
pub mod places;
pub mod table;
pub mod workbook;

use std::path::Path;

use serde_json::{Map, Value};

use crate::input::Limits;
use crate::model::DocKind;
use crate::model::sheet::{Fill, SheetSpec};
use crate::record::Record;
use build::Sheet;
pub use error::SheetError;
use file::{SheetFile, read_tables};
use header::{Header, find_header, is_guide};
use table::{Row, Table};

/// What to make from a sheet.
#[derive(Debug, Clone, Copy)]
pub struct SheetRequest<'a> {
    /// The kind; `None` takes `doc_kind` from the shared fields, or else the one kind whose
    /// columns the sheet has.
    pub kind: Option<DocKind>,
    /// The grouping by name or key header (`recipient` or 抄告对象); `None` is the kind's first.
    pub group_by: Option<&'a str>,
    /// The fields every document shares.
    pub shared: &'a Value,
}

/// The documents made from a sheet, one record each, and what the reader noticed.
#[derive(Debug)]
pub struct SheetRecords {
    /// The kind made.
    pub kind: DocKind,
    /// One record per group of rows, in order of first appearance.
    pub records: Vec<Record>,
    /// Columns ignored and the like, in Chinese.
    pub warnings: Vec<String>,
}

/// Reads a `.xlsx` (`.xlsm`, `.xls`, `.ods`) or `.csv` file and makes one record per group of
/// rows.
pub fn records_from_sheet(
    path: &Path,
    request: SheetRequest,
    limits: &Limits,
) -> Result<SheetRecords, SheetError> {
    records_from_file(&SheetFile::read(path)?, request, limits)
}

/// [`records_from_sheet`] for a spreadsheet already in memory (an upload).
pub fn records_from_file(
    sheet_file: &SheetFile,
    request: SheetRequest,
    limits: &Limits,
) -> Result<SheetRecords, SheetError> {
    let Value::Object(shared) = request.shared else {
        return Err(SheetError::Shared("应为 JSON 对象 {…}".into()));
    };
    let file = sheet_file.name.clone();
    let tables = read_tables(sheet_file, limits)?;
    let kind = match request.kind.or(shared_kind(shared)?) {
        Some(kind) => kind,
        None => infer_kind(&file, &tables, request.group_by)?,
    };
    let spec = sheet_of(kind)?;
    let (_, key_header) = grouping(kind, spec, request.group_by)?;
    let (table, header) = locate(&file, &tables, spec, key_header)?;
    let mut warnings = header.ignored(spec, table);
    for other in tables.iter().filter(|t| !std::ptr::eq(*t, table)) {
        if find_header(spec, other).is_some() {
            warnings.push(format!(
                "工作表「{}」也有{}表格的列，但未使用：只读取第一张列齐全的工作表「{}」",
                other.name.as_deref().unwrap_or_default(),
                kind.chinese_name(),
                table.name.as_deref().unwrap_or_default()
            ));
        }
    }
    let key = header
        .position_of(spec, key_header)
        .expect("located sheets have their key column");
    let groups = group_rows(&table.rows[header.row + 1..], key);
    check_distinct(spec, &header, shared, groups.len())?;
    let sheet = Sheet {
        file: &file,
        table,
        header: &header,
        spec,
        kind,
    };
    let records = groups
        .iter()
        .enumerate()
        .map(|(n, rows)| sheet.record(shared, n + 1, rows, key, limits))
        .collect();
    Ok(SheetRecords {
        kind,
        records,
        warnings,
    })
}

/// The kind named by the shared fields' `doc_kind`, if any.
fn shared_kind(shared: &Map<String, Value>) -> Result<Option<DocKind>, SheetError> {
    match shared.get("doc_kind") {
        None => Ok(None),
        Some(Value::String(name)) => name
            .parse()
            .map(Some)
            .map_err(|_| SheetError::Shared(format!("doc_kind “{name}”不是已知的文书类型"))),
        Some(_) => Err(SheetError::Shared("doc_kind 应为字符串".into())),
    }
}

/// The kinds that can be made from sheets, in words.
fn sheet_kinds(with_columns: bool) -> String {
    DocKind::ALL
        .iter()
        .filter_map(|k| k.sheet().map(|s| (k, s)))
        .map(|(k, s)| {
            let needs: Vec<String> = s
                .columns
                .iter()
                .filter(|c| c.required || c.header == s.groupings[0].1)
                .map(|c| format!("「{}」", c.header))
                .collect();
            if with_columns {
                format!(
                    "{}（{}，需要列 {}）",
                    k.as_str(),
                    k.chinese_name(),
                    needs.join("")
                )
            } else {
                format!("{}（{}）", k.as_str(), k.chinese_name())
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn sheet_of(kind: DocKind) -> Result<&'static SheetSpec, SheetError> {
    kind.sheet().ok_or_else(|| SheetError::NotFromSheets {
        kind: kind.as_str(),
        name: kind.chinese_name(),
        possible: sheet_kinds(false),
    })
}

/// The kind whose columns a worksheet of the file has: the one with all it needs, or else the
/// one that names most columns (whose missing ones are then reported).
fn infer_kind(file: &str, tables: &[Table], group_by: Option<&str>) -> Result<DocKind, SheetError> {
    // For each kind: whether some worksheet has every column it needs, and the most columns
    // one names.
    let fits: Vec<(DocKind, bool, usize)> = DocKind::ALL
        .iter()
        .filter_map(|kind| {
            let spec = kind.sheet()?;
            let key = grouping(*kind, spec, group_by).map_or(spec.groupings[0].1, |g| g.1);
            let headers: Vec<Header> = tables.iter().filter_map(|t| find_header(spec, t)).collect();
            let complete = headers.iter().any(|h| h.missing(spec, key).is_empty());
            let named = headers.iter().map(Header::named).max().unwrap_or(0);
            Some((*kind, complete, named))
        })
        .collect();
    let complete: Vec<DocKind> = fits.iter().filter(|f| f.1).map(|f| f.0).collect();
    let most = fits.iter().map(|f| f.2).max().unwrap_or(0);
    let closest: Vec<DocKind> = fits.iter().filter(|f| f.2 == most).map(|f| f.0).collect();
    match (&complete[..], &closest[..]) {
        ([kind], _) => Ok(*kind),
        ([], [kind]) if most > 0 => Ok(*kind),
        ([], _) => Err(SheetError::KindUnknown {
            file: file.into(),
            reason: "表格的列不符合任何一种文书".into(),
            possible: sheet_kinds(true),
        }),
        (several, _) => Err(SheetError::KindUnknown {
            file: file.into(),
            reason: "表格的列符合不止一种文书".into(),
            possible: several
                .iter()
                .map(|k| format!("{}（{}）", k.as_str(), k.chinese_name()))
                .collect::<Vec<_>>()
                .join("；"),
        }),
    }
}

/// The grouping asked for (by name or key header), or the kind's first.
fn grouping(
    kind: DocKind,
    spec: &'static SheetSpec,
    asked: Option<&str>,
) -> Result<(&'static str, &'static str), SheetError> {
    let Some(asked) = asked else {
        return Ok(spec.groupings[0]);
    };
    let plain = header::canonical(asked);
    spec.groupings
        .iter()
        .find(|(name, key)| name.eq_ignore_ascii_case(asked) || *key == plain)
        .copied()
        .ok_or_else(|| SheetError::Grouping {
            name: kind.chinese_name(),
            given: asked.into(),
            possible: spec
                .groupings
                .iter()
                .map(|(name, key)| format!("{name}（每个「{key}」一份）"))
                .collect::<Vec<_>>()
                .join("、"),
        })
}

/// The first worksheet whose header row has every column needed, and that header.
fn locate<'t>(
    file: &str,
    tables: &'t [Table],
    spec: &'static SheetSpec,
    key: &str,
) -> Result<(&'t Table, Header<'static>), SheetError> {
    // When no worksheet will do, the one to tell about is the one closest to it, never a
    // sheet of explanations.
    let mut closest: Option<(&Table, Option<Header>)> = None;
    for table in tables {
        match find_header(spec, table) {
            Some(header) if header.missing(spec, key).is_empty() => return Ok((table, header)),
            found => {
                let named = found.as_ref().map_or(0, Header::named);
                let better = match &closest {
                    None => true,
                    Some((best, best_header)) => {
                        (is_guide(best) && !is_guide(table))
                            || (is_guide(best) == is_guide(table)
                                && named > best_header.as_ref().map_or(0, Header::named))
                    }
                };
                if better {
                    closest = Some((table, found));
                }
            }
        }
    }
    let first_miss = closest;
    let (table, header) = first_miss.expect("a file has at least one table");
    let place = match &table.name {
        Some(name) => format!("工作表「{name}」"),
        None => String::new(),
    };
    let (missing, found) = match header {
        Some(header) => (
            header.missing(spec, key).join("、"),
            format!(
                "第 {} 行：{}",
                table.rows[header.row].number,
                listed(&header.found)
            ),
        ),
        None => (
            spec.columns
                .iter()
                .filter(|c| c.required || c.header == key)
                .map(|c| format!("「{}」", c.header))
                .collect::<Vec<_>>()
                .join("、"),
            table
                .rows
                .iter()
                .find(|r| !r.blank)
                .map_or("（表格是空的）".into(), |r| {
                    format!("第 {} 行：{}", r.number, listed(&r.cells))
                }),
        ),
    };
    let register = ["轮次", "问题"]
        .iter()
        .all(|sheet| tables.iter().any(|t| t.name.as_deref() == Some(sheet)));
    let place = if register {
        format!(
            "这是一轮巡察的登记表（有「轮次」「问题」等工作表），应使用 `xuncha round 登记表.xlsx -o 输出` 生成本轮全部文书；{place}"
        )
    } else {
        place
    };
    Err(SheetError::MissingColumns {
        file: file.into(),
        place,
        missing,
        found,
    })
}

fn listed(cells: &[String]) -> String {
    let named: Vec<String> = cells
        .iter()
        .filter(|c| !c.is_empty())
        .map(|c| format!("「{c}」"))
        .collect();
    if named.is_empty() {
        "（没有列名）".into()
    } else {
        named.join("")
    }
}

/// Rows with something typed in them, grouped by the key column in order of first appearance.
/// A row without a key is a group of its own, which fails with a message naming the row.
fn group_rows(rows: &[Row], key: usize) -> Vec<Vec<&Row>> {
    let mut keys: Vec<&str> = Vec::new();
    let mut groups: Vec<Vec<&Row>> = Vec::new();
    for row in rows.iter().filter(|r| !r.blank) {
        let value = row.cell(key);
        match keys.iter().position(|k| !value.is_empty() && *k == value) {
            Some(i) => groups[i].push(row),
            None => {
                keys.push(value);
                groups.push(vec![row]);
            }
        }
    }
    groups
}

/// With several documents, the field each needs its own value for must come from a column or
/// hold `{n}` or `{group}`.
fn check_distinct(
    spec: &SheetSpec,
    header: &Header,
    shared: &Map<String, Value>,
    documents: usize,
) -> Result<(), SheetError> {
    let Some((pointer, name)) = spec.distinct else {
        return Ok(());
    };
    let from_column = spec.columns.iter().any(|c| {
        matches!(c.fills, Fill::Document(p) if p == pointer) && header.position(c).is_some()
    });
    let numbered = Value::Object(shared.clone())
        .pointer(pointer)
        .and_then(Value::as_str)
        .is_some_and(|s| s.contains("{n}") || s.contains("{group}"));
    if documents > 1 && !from_column && !numbered {
        return Err(SheetError::Shared(format!(
            "表格将生成 {documents} 份文书，每份需要不同的{name}：请在 {pointer} 中写入 {{n}}（如 “云巡抄〔2024〕{{n}}号”），或在表格中加一列「{name}」"
        )));
    }
    Ok(())
}
