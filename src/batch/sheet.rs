//! Spreadsheets of problems, as 巡察办 keep them, turned into one 巡察抄告单 per group of rows.
//!
//! The first row of the first worksheet (or of the CSV file) names the columns; the Chinese
//! headers below are recognised, in any order, and other columns are ignored:
//!
//! | column     | goes to                                        | level    |
//! |------------|------------------------------------------------|----------|
//! | 抄告对象   | `recipient.name`                               | document |
//! | 对象类型   | `recipient.type` (分管领导, 主责部门, 主管部门, 纪检监察机关, 组织部门) | document |
//! | 对象职务   | `recipient.title`                              | document |
//! | 编号       | `serial_no`                                    | document |
//! | 反馈时限   | `requirements.feedback_deadline`               | document |
//! | 办理时限   | `requirements.handle_deadline`                 | document |
//! | 被巡察单位 | `problems[].org`, and `inspected_orgs` (each once) | row  |
//! | 类别       | `problems[].category`                          | row      |
//! | 问题描述   | `problems[].description` (required)            | row      |
//! | 处理建议   | `problems[].suggested_action`                  | row      |
//!
//! Rows are grouped by 抄告对象 (or by 被巡察单位); each group becomes one document. A document-level
//! column may be filled in on any row of its group, but where it is filled twice the values must
//! agree. Everything else (issuer, signature, contact, …) comes from the shared-fields JSON, in
//! which `serial_no` may contain `{n}`, the group's number from 1.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::{Map, Value, json};

use super::input::{Origin, Record};
use crate::failure::{Failure, Stage};
use crate::input::{InputError, Limits, validate};
use crate::model::{CcNotice, DocKind, Kind};

/// How rows become documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    /// One 抄告单 per 抄告对象.
    Recipient,
    /// One 抄告单 per 被巡察单位.
    Org,
}

/// A spreadsheet that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// Only 抄告单 are made from spreadsheets.
    #[error("spreadsheets can only make inspection_cc_notice documents, not {0}")]
    UnsupportedKind(DocKind),
    /// The file could not be opened or parsed.
    #[error("cannot read {0}: {1}")]
    Unreadable(String, String),
    /// A column the grouping or the documents need is missing.
    #[error("{file}: no column 「{column}」 in the header row (found: {found})")]
    MissingColumn {
        /// The spreadsheet.
        file: String,
        /// The missing header.
        column: &'static str,
        /// The headers that are there.
        found: String,
    },
    /// The shared fields are not usable.
    #[error("shared fields: {0}")]
    Shared(String),
}

/// Column headers understood, and the field each fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Recipient,
    RecipientType,
    RecipientTitle,
    SerialNo,
    FeedbackDeadline,
    HandleDeadline,
    Org,
    Category,
    Description,
    SuggestedAction,
}

impl Column {
    const ALL: [(&'static str, Column); 10] = [
        ("抄告对象", Column::Recipient),
        ("对象类型", Column::RecipientType),
        ("对象职务", Column::RecipientTitle),
        ("编号", Column::SerialNo),
        ("反馈时限", Column::FeedbackDeadline),
        ("办理时限", Column::HandleDeadline),
        ("被巡察单位", Column::Org),
        ("类别", Column::Category),
        ("问题描述", Column::Description),
        ("处理建议", Column::SuggestedAction),
    ];

    fn header(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(_, c)| *c == self)
            .map(|(h, _)| *h)
            .expect("every column has a header")
    }

    fn is_date(self) -> bool {
        matches!(self, Column::FeedbackDeadline | Column::HandleDeadline)
    }
}

/// The cells of one row, already turned into text (dates as `YYYY-MM-DD`).
struct Row {
    /// 1-based row number as the spreadsheet shows it.
    number: usize,
    cells: Vec<String>,
}

/// A spreadsheet as a header and text rows.
struct Table {
    file: String,
    headers: Vec<String>,
    rows: Vec<Row>,
}

impl Table {
    fn column(&self, column: Column) -> Option<usize> {
        self.headers.iter().position(|h| h == column.header())
    }

    fn require(&self, column: Column) -> Result<usize, SheetError> {
        self.column(column)
            .ok_or_else(|| SheetError::MissingColumn {
                file: self.file.clone(),
                column: column.header(),
                found: self.headers.join(", "),
            })
    }
}

/// Reads an `.xlsx` (`.xlsm`, `.xls`, `.ods`) or `.csv` file and makes one 抄告单 record per
/// group. `shared` holds the fields every document shares.
pub fn records_from_sheet(
    path: &Path,
    kind: DocKind,
    group_by: GroupBy,
    shared: &Value,
    limits: &Limits,
) -> Result<Vec<Record>, SheetError> {
    if kind.as_str() != CcNotice::DOC_KIND {
        return Err(SheetError::UnsupportedKind(kind));
    }
    let Value::Object(shared) = shared else {
        return Err(SheetError::Shared("must be a JSON object".into()));
    };
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let table = if is_csv {
        read_csv(path)?
    } else {
        read_workbook(path)?
    };
    table.require(Column::Description)?;
    let key_column = match group_by {
        GroupBy::Recipient => table.require(Column::Recipient)?,
        GroupBy::Org => table.require(Column::Org)?,
    };
    let groups = group_rows(&table, key_column);
    let numbered_serial = shared
        .get("serial_no")
        .and_then(Value::as_str)
        .is_some_and(|s| s.contains("{n}"));
    if groups.len() > 1 && table.column(Column::SerialNo).is_none() && !numbered_serial {
        return Err(SheetError::Shared(
            "every 抄告单 needs its own 编号: put {n} in serial_no (e.g. \"云巡抄〔2024〕{n}号\") or add a 编号 column"
                .into(),
        ));
    }
    Ok(groups
        .into_iter()
        .enumerate()
        .map(|(n, group)| document_record(&table, shared, n + 1, &group, limits))
        .collect())
}

/// Rows with a problem, in groups by the key column, in order of first appearance. A row with a
/// problem but no key is a group of its own (and fails with a clear message).
fn group_rows(table: &Table, key_column: usize) -> Vec<Vec<&Row>> {
    let mut keys: Vec<String> = Vec::new();
    let mut groups: Vec<Vec<&Row>> = Vec::new();
    for row in &table.rows {
        if row.cells.iter().all(String::is_empty) {
            continue;
        }
        let key = row.cells[key_column].clone();
        match keys.iter().position(|k| !key.is_empty() && *k == key) {
            Some(i) => groups[i].push(row),
            None => {
                keys.push(key);
                groups.push(vec![row]);
            }
        }
    }
    groups
}

/// Builds the document of one group and checks it, so that errors name spreadsheet rows.
fn document_record(
    table: &Table,
    shared: &Map<String, Value>,
    n: usize,
    rows: &[&Row],
    limits: &Limits,
) -> Record {
    let source = Origin {
        rows: rows.iter().map(|r| r.number).collect(),
        ..Origin::file(&table.file)
    };
    let mut errors = Vec::new();
    let cell = |row: &Row, column: Column| -> Option<String> {
        let i = table.column(column)?;
        Some(row.cells[i].clone()).filter(|v| !v.is_empty())
    };
    // Document-level values: the first filled cell, and every disagreeing one reported.
    let mut level = |column: Column, path: &str| -> Option<String> {
        let mut value: Option<(usize, String)> = None;
        for row in rows {
            let Some(text) = cell(row, column) else {
                continue;
            };
            match &value {
                None => value = Some((row.number, text)),
                Some((first, seen)) if *seen != text => errors.push(InputError::new(
                    path,
                    format!(
                        "第 {} 行「{}」为“{text}”，与第 {first} 行的“{seen}”不一致：同一份抄告单只能有一个值",
                        row.number,
                        column.header()
                    ),
                )),
                Some(_) => {}
            }
        }
        value.map(|(_, v)| v)
    };
    let recipient_name = level(Column::Recipient, "/recipient/name");
    let recipient_type = level(Column::RecipientType, "/recipient/type");
    let recipient_title = level(Column::RecipientTitle, "/recipient/title");
    let serial_no = level(Column::SerialNo, "/serial_no");
    let feedback_deadline = level(Column::FeedbackDeadline, "/requirements/feedback_deadline");
    let handle_deadline = level(Column::HandleDeadline, "/requirements/handle_deadline");

    let mut document = shared.clone();
    document.insert("doc_kind".into(), json!(CcNotice::DOC_KIND));
    if let Some(serial) = serial_no.or_else(|| {
        shared
            .get("serial_no")
            .and_then(Value::as_str)
            .map(|s| s.replace("{n}", &n.to_string()))
    }) {
        document.insert("serial_no".into(), json!(serial));
    }
    let recipient = object_at(&mut document, "recipient");
    if let Some(name) = recipient_name {
        recipient.insert("name".into(), json!(name));
    }
    if let Some(kind) = recipient_type {
        recipient.insert("type".into(), json!(recipient_type_code(&kind)));
    }
    if let Some(title) = recipient_title {
        recipient.insert("title".into(), json!(title));
    }
    let requirements = object_at(&mut document, "requirements");
    if let Some(date) = feedback_deadline {
        requirements.insert("feedback_deadline".into(), json!(date));
    }
    if let Some(date) = handle_deadline {
        requirements.insert("handle_deadline".into(), json!(date));
    }
    let mut orgs: Vec<String> = Vec::new();
    let mut items = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let mut item = Map::new();
        item.insert("seq".into(), json!(i + 1));
        if let Some(org) = cell(row, Column::Org) {
            if !orgs.contains(&org) {
                orgs.push(org.clone());
            }
            item.insert("org".into(), json!(org));
        }
        if let Some(category) = cell(row, Column::Category) {
            item.insert("category".into(), json!(category));
        }
        item.insert(
            "description".into(),
            json!(cell(row, Column::Description).unwrap_or_default()),
        );
        if let Some(action) = cell(row, Column::SuggestedAction) {
            item.insert("suggested_action".into(), json!(action));
        }
        items.push(Value::Object(item));
    }
    if !orgs.is_empty() {
        document.insert("inspected_orgs".into(), json!(orgs));
    }
    document.insert("problems".into(), Value::Array(items));
    let document = Value::Object(document);

    if let Err(found) = validate(&document, limits) {
        errors.extend(found.into_iter().map(|e| with_row(e, rows, &source)));
    }
    let input = if errors.is_empty() {
        Ok(document)
    } else {
        Err(Failure {
            errors,
            ..Failure::new(
                Stage::Validate,
                format!("表格第 {} 组（{source}）有问题", n),
            )
        })
    };
    Record { source, input }
}

/// Adds the spreadsheet row to an error inside `/problems/N/…`, or the group's rows otherwise.
fn with_row(mut error: InputError, rows: &[&Row], source: &Origin) -> InputError {
    let row = error
        .path
        .strip_prefix("/problems/")
        .and_then(|rest| rest.split('/').next())
        .and_then(|i| i.parse::<usize>().ok())
        .and_then(|i| rows.get(i));
    let place = match row {
        Some(row) => format!("表格第 {} 行", row.number),
        None if error.path.starts_with("/recipient")
            || error.path.starts_with("/requirements")
            || error.path.starts_with("/serial_no") =>
        {
            format!("表格 {source}")
        }
        None => "共用字段".to_string(),
    };
    error.message = format!("{}（{place}）", error.message);
    error
}

/// The object at `key`, created if missing (a non-object value is replaced).
fn object_at<'a>(document: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let slot = document.entry(key).or_insert_with(|| json!({}));
    if !slot.is_object() {
        *slot = json!({});
    }
    slot.as_object_mut().expect("just made an object")
}

/// The contract's code for a 对象类型 written in Chinese (codes pass through unchanged).
fn recipient_type_code(text: &str) -> &str {
    match text {
        "分管领导" | "领导" => "leader",
        "主责部门" | "主管部门" | "部门" => "department",
        "纪检监察机关" | "纪委监委" => "discipline_inspection",
        "组织部门" | "组织部" => "organization_dept",
        other => other,
    }
}

fn read_workbook(path: &Path) -> Result<Table, SheetError> {
    use calamine::{Data, Reader, open_workbook_auto};
    let file = path.display().to_string();
    let unreadable =
        |e: &dyn std::fmt::Display| SheetError::Unreadable(file.clone(), e.to_string());
    let mut workbook = open_workbook_auto(path).map_err(|e| unreadable(&e))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| unreadable(&"the workbook has no worksheet"))?
        .map_err(|e| unreadable(&e))?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let text = |cell: &Data| -> String {
        match cell {
            Data::Empty | Data::Error(_) => String::new(),
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
            Data::Int(i) => i.to_string(),
            Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
            Data::Float(f) => f.to_string(),
            Data::Bool(b) => b.to_string(),
            Data::DateTime(d) => {
                let (y, m, day, ..) = d.to_ymd_hms_milli();
                format!("{y:04}-{m:02}-{day:02}")
            }
        }
    };
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(|c| text(c).trim().to_string()).collect())
        .unwrap_or_default();
    let rows = rows
        .enumerate()
        .map(|(i, cells)| Row {
            number: first_row as usize + i + 2,
            cells: cells.iter().map(|c| normalise(&text(c))).collect(),
        })
        .collect();
    Ok(with_dates_normalised(Table {
        file,
        headers,
        rows,
    }))
}

fn read_csv(path: &Path) -> Result<Table, SheetError> {
    let file = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| SheetError::Unreadable(file.clone(), e.to_string()))?;
    // Excel saves CSV as GBK on Chinese Windows unless told otherwise; accept both.
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::GB18030.decode(&bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let headers: Vec<String> = match records.next() {
        Some(Ok(r)) => r.iter().map(|h| h.trim().to_string()).collect(),
        Some(Err(e)) => return Err(SheetError::Unreadable(file, e.to_string())),
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    for (i, record) in records.enumerate() {
        let record = record.map_err(|e| SheetError::Unreadable(file.clone(), e.to_string()))?;
        let mut cells: Vec<String> = record.iter().map(normalise).collect();
        cells.resize(headers.len(), String::new());
        rows.push(Row {
            number: i + 2,
            cells,
        });
    }
    Ok(with_dates_normalised(Table {
        file,
        headers,
        rows,
    }))
}

/// Trims a cell; Windows line ends inside a cell become plain newlines.
fn normalise(text: &str) -> String {
    text.trim().replace("\r\n", "\n")
}

/// Writes dates in date columns as `YYYY-MM-DD` when they are in a common Chinese form.
fn with_dates_normalised(mut table: Table) -> Table {
    let date_columns: Vec<usize> = Column::ALL
        .iter()
        .filter(|(_, c)| c.is_date())
        .filter_map(|(_, c)| table.column(*c))
        .collect();
    for row in &mut table.rows {
        row.cells.resize(table.headers.len(), String::new());
        for &i in &date_columns {
            if let Some(date) = parse_date(&row.cells[i]) {
                row.cells[i] = date.format("%Y-%m-%d").to_string();
            }
        }
    }
    table
}

/// `2024-07-31`, `2024/7/31`, `2024.7.31` or `2024年7月31日`.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    let shape_ok = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日'));
    match digits[..] {
        [y, m, d] if shape_ok => NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_office_forms_are_understood() {
        let expect = NaiveDate::from_ymd_opt(2024, 7, 31);
        for text in ["2024-07-31", "2024/7/31", "2024.7.31", "2024年7月31日"] {
            assert_eq!(parse_date(text), expect, "{text}");
        }
        for text in ["7月31日", "2024-02-30", "下月底", "2024-07-31 前"] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }
}
