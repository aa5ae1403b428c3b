//! Building the document of one group of rows: shared fields with `{n}` and `{group}` filled
//! in, document-level cells, one list item per row; then validating it and placing each error at
//! the cell its value came from.

use serde_json::{Map, Value};

use super::header::Header;
use super::places::Places;
use super::table::{Row, Table, column_letters};
use crate::diagnostics::{InputError, SheetCell};
use crate::failure::{Failure, Stage};
use crate::input::normalize::parse_date;
use crate::input::{Limits, validate};
use crate::model::DocKind;
use crate::model::sheet::{Cell, Fill, SheetColumn, SheetSpec};
use crate::record::{Origin, Record, row_runs};

/// A located sheet, ready to make documents.
pub struct Sheet<'a> {
    /// The file, as given.
    pub file: &'a str,
    /// The worksheet.
    pub table: &'a Table,
    /// Its header row.
    pub header: &'a Header<'static>,
    /// What its columns mean.
    pub spec: &'static SheetSpec,
    /// The kind made.
    pub kind: DocKind,
}

impl Sheet<'_> {
    /// Builds and checks the document of group `n` (from 1); its errors name sheet cells.
    pub fn record(
        &self,
        shared: &Map<String, Value>,
        n: usize,
        rows: &[&Row],
        key: usize,
        limits: &Limits,
    ) -> Record {
        let group = rows[0].cell(key);
        let source = Origin {
            sheet: self.table.name.clone(),
            rows: rows.iter().map(|r| r.number).collect(),
            ..Origin::file(self.file)
        };
        let mut document = substituted(shared, n, group);
        document.insert("doc_kind".into(), Value::from(self.kind.as_str()));
        let mut built = Built::default();
        let items = rows
            .iter()
            .enumerate()
            .map(|(i, row)| self.item(&mut document, &mut built, i, row))
            .collect();
        for (pointer, values) in std::mem::take(&mut built.lists) {
            set(&mut document, pointer, Value::Array(values));
        }
        set(&mut document, self.spec.list, Value::Array(items));
        let mut errors = built.errors;
        if group.is_empty() {
            let header = self.header.columns[key]
                .expect("the key column is named")
                .header;
            errors.push(self.cell(rows[0], key).error(
                self.spec.list,
                format!(
                    "为空：每一行都要写明{header}，才能归入一份{}（合并单元格另存为 CSV 后只有第一行有值，请逐行填写，或直接使用 .xlsx 文件）",
                    self.kind.chinese_name()
                ),
            ));
        }
        let document = Value::Object(document);
        if let Err(found) = validate(&document, limits) {
            // A cell that could not be read is reported once, not again as a missing value.
            let unread: Vec<String> = errors.iter().map(|e| e.path.clone()).collect();
            errors.extend(
                found
                    .into_iter()
                    .filter(|e| !unread.contains(&e.path))
                    .map(|e| self.locate_error(e, &built.places, rows)),
            );
        }
        let input = if errors.is_empty() {
            Ok(document)
        } else {
            let what = if group.is_empty() { "未分组" } else { group };
            Err(Failure {
                errors,
                ..Failure::new(
                    Stage::Validate,
                    format!("第 {n} 份{}（{what}）有问题", self.kind.chinese_name()),
                )
            })
        };
        Record { source, input }
    }

    /// The item of row `i` of a group; document-level cells go into `document`.
    fn item(
        &self,
        document: &mut Map<String, Value>,
        built: &mut Built,
        i: usize,
        row: &Row,
    ) -> Value {
        let mut item = Map::new();
        if let Some(member) = self.spec.numbered {
            item.insert(member.into(), Value::from(i + 1));
        }
        let item_path = format!("{}/{i}", self.spec.list);
        built.places.add(
            item_path.clone(),
            SheetCell {
                sheet: self.table.name.clone(),
                row: row.number,
                column: None,
                header: None,
            },
        );
        for (column, at) in self.present_columns() {
            let text = row.cell(at);
            let cell = self.cell(row, at);
            let pointer = match column.fills {
                Fill::Document(pointer) => pointer.to_string(),
                Fill::Item(member) | Fill::ItemAndList(member, _) | Fill::ItemLines(member) => {
                    format!("{item_path}/{member}")
                }
                Fill::Key => continue,
            };
            if let Some(flaw) = row.flaw(at) {
                built.errors.push(cell.error(pointer, flaw));
                continue;
            }
            if text.is_empty() {
                if !matches!(column.fills, Fill::Document(_)) {
                    built.places.add(pointer, cell);
                }
                continue;
            }
            let value = match read_cell(column, text) {
                Ok(value) => value,
                Err(message) => {
                    built.errors.push(cell.error(pointer, message));
                    continue;
                }
            };
            match column.fills {
                Fill::Document(at) => {
                    if let Some(first) = built.places.exact(at) {
                        let seen = lookup(document, at).unwrap_or_default();
                        if seen != value {
                            let message = format!(
                                "为“{text}”，与第 {} 行的“{}”不一致：同一份{}只能有一个值",
                                first.row,
                                seen.as_str().unwrap_or_default(),
                                self.kind.chinese_name()
                            );
                            built.errors.push(cell.error(at, message));
                        }
                        continue;
                    }
                    set(document, at, value);
                }
                Fill::Item(member) | Fill::ItemAndList(member, _) => {
                    if let Fill::ItemAndList(_, list) = column.fills {
                        built.add_to_list(list, &value, &cell);
                    }
                    item.insert(member.into(), value);
                }
                Fill::ItemLines(member) => {
                    let lines = text
                        .lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty())
                        .map(Value::from)
                        .collect();
                    item.insert(member.into(), Value::Array(lines));
                }
                Fill::Key => {}
            }
            built.places.add(pointer, cell);
        }
        Value::Object(item)
    }

    /// The spec's columns present in the sheet, with their positions.
    fn present_columns(&self) -> impl Iterator<Item = (&'static SheetColumn, usize)> + '_ {
        self.spec
            .columns
            .iter()
            .filter_map(|c| self.header.position(c).map(|at| (c, at)))
    }

    /// The cell of `row` in sheet column `at`.
    fn cell(&self, row: &Row, at: usize) -> SheetCell {
        SheetCell {
            sheet: self.table.name.clone(),
            row: row.number,
            column: Some(column_letters(at)),
            header: self.header.columns[at].map(|c| c.header.to_string()),
        }
    }

    /// An error of the built document, placed at the cell its value came from (the longest
    /// pointer that is a prefix of its path); a document field no cell gave is the shared
    /// fields', or a column's that the sheet left empty or lacks.
    fn locate_error(&self, error: InputError, places: &Places, rows: &[&Row]) -> InputError {
        if error.path == self.spec.list {
            // The list as a whole (too many items): the rows it was made from.
            let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
            let cell = SheetCell {
                sheet: self.table.name.clone(),
                row: rows[0].number,
                column: None,
                header: None,
            };
            return InputError {
                message: format!(
                    "{}{}：{}",
                    cell.sheet
                        .as_deref()
                        .map_or(String::new(), |s| format!("工作表「{s}」")),
                    row_runs(&numbers),
                    error.message
                ),
                cell: Some(Box::new(cell)),
                ..error
            };
        }
        if let Some(located) = places.locate(&error) {
            return located;
        }
        let column = self.spec.columns.iter().find(|c| match c.fills {
            Fill::Document(at) | Fill::ItemAndList(_, at) => at == error.path,
            _ => false,
        });
        let message = match column {
            Some(column) => format!(
                "{}（可在表格「{}」列填写，或写在共用字段中）",
                error.message, column.header
            ),
            None => format!("共用字段：{}", error.message),
        };
        InputError { message, ..error }
    }
}

/// What building one document gathered besides the document.
#[derive(Default)]
struct Built {
    /// Where each value came from.
    places: Places,
    /// Document arrays filled from item cells, each value once (`/inspected_orgs`).
    lists: Vec<(&'static str, Vec<Value>)>,
    /// Cells that could not be read.
    errors: Vec<InputError>,
}

impl Built {
    /// Adds a value to a document array unless it is there already.
    fn add_to_list(&mut self, list: &'static str, value: &Value, cell: &SheetCell) {
        let at = match self.lists.iter().position(|(p, _)| *p == list) {
            Some(at) => at,
            None => {
                self.lists.push((list, Vec::new()));
                self.lists.len() - 1
            }
        };
        let values = &mut self.lists[at].1;
        if !values.contains(value) {
            self.places
                .add(format!("{list}/{}", values.len()), cell.clone());
            values.push(value.clone());
        }
    }
}

/// A cell's text as the value it fills.
pub fn read_cell(column: &SheetColumn, text: &str) -> Result<Value, String> {
    match column.cell {
        Cell::Text => Ok(Value::from(text)),
        Cell::Date => Ok(Value::from(
            as_date(text).unwrap_or_else(|| text.to_string()),
        )),
        Cell::Codes(words) => {
            if let Some((_, code)) = words.iter().find(|(word, _)| *word == text) {
                return Ok(Value::from(*code));
            }
            // As a clerk meant it: spaces, quotes, half-width brackets and letter case aside.
            let plain = plain_word(text);
            if let Some((_, code)) = words.iter().find(|(word, _)| plain_word(word) == plain) {
                return Ok(Value::from(*code));
            }
            if words.iter().any(|(_, code)| *code == text) {
                return Ok(Value::from(text));
            }
            // One word per code: 分管领导、主责部门 … (synonyms are accepted, not listed).
            let mut choices: Vec<&str> = Vec::new();
            for (i, (word, code)) in words.iter().enumerate() {
                if !words[..i].iter().any(|(_, c)| c == code) {
                    choices.push(word);
                }
            }
            Err(format!(
                "“{text}”不是可选的值，应为：{}",
                choices.join("、")
            ))
        }
    }
}

/// A word with what does not tell words apart taken out: white space and quotation marks;
/// brackets full-width, letters upper case.
fn plain_word(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"“”‘’\"'「」『』".contains(*c))
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

/// A date cell as `YYYY-MM-DD`: a date in an office form, or an Excel day number (a date cell
/// formatted as a number).
pub fn as_date(text: &str) -> Option<String> {
    if let Some(date) = parse_date(text) {
        return Some(date.format("%Y-%m-%d").to_string());
    }
    let days: i64 = text.parse().ok().filter(|d| (20_000..80_000).contains(d))?;
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    Some(
        (epoch + chrono::Duration::days(days))
            .format("%Y-%m-%d")
            .to_string(),
    )
}

/// The shared fields with `{n}` and `{group}` replaced in every string.
fn substituted(shared: &Map<String, Value>, n: usize, group: &str) -> Map<String, Value> {
    fn walk(value: &Value, n: &str, group: &str) -> Value {
        match value {
            Value::String(s) if s.contains('{') => {
                Value::from(s.replace("{n}", n).replace("{group}", group))
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| walk(v, n, group)).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), walk(v, n, group)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }
    let n = n.to_string();
    shared
        .iter()
        .map(|(k, v)| (k.clone(), walk(v, &n, group)))
        .collect()
}

/// The value at a JSON Pointer of a document.
fn lookup(document: &Map<String, Value>, pointer: &str) -> Option<Value> {
    let (first, rest) = split_pointer(pointer);
    let value = document.get(first)?;
    match rest {
        None => Some(value.clone()),
        Some(rest) => value.pointer(rest).cloned(),
    }
}

/// Sets the value at a JSON Pointer, making objects along the way (a non-object there is
/// replaced).
fn set(document: &mut Map<String, Value>, pointer: &str, value: Value) {
    let (first, rest) = split_pointer(pointer);
    match rest {
        None => {
            document.insert(first.into(), value);
        }
        Some(rest) => {
            let slot = document
                .entry(first)
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            set(slot.as_object_mut().expect("an object"), rest, value);
        }
    }
}

/// `/a/b/c` as `a` and `/b/c`.
fn split_pointer(pointer: &str) -> (&str, Option<&str>) {
    let path = pointer.strip_prefix('/').unwrap_or(pointer);
    match path.find('/') {
        Some(at) => (&path[..at], Some(&path[at..])),
        None => (path, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_cells_in_office_forms_and_as_day_numbers() {
        for text in [
            "2024-10-31",
            "2024/10/31",
            "2024.10.31",
            "2024年10月31日",
            "45596",
        ] {
            assert_eq!(as_date(text).as_deref(), Some("2024-10-31"), "{text}");
        }
        for text in ["10月底", "2024-02-30", "3"] {
            assert_eq!(as_date(text), None, "{text}");
        }
    }

    #[test]
    fn shared_strings_take_the_number_and_key_of_each_document() {
        let shared = serde_json::json!({
            "serial_no": "云巡抄〔2024〕{n}号",
            "signature": {"org_name": "中共{group}党组"},
            "list": ["{n}-{group}", 3, "{other}"]
        });
        let done = substituted(shared.as_object().unwrap(), 7, "某局");
        assert_eq!(
            Value::Object(done),
            serde_json::json!({
                "serial_no": "云巡抄〔2024〕7号",
                "signature": {"org_name": "中共某局党组"},
                "list": ["7-某局", 3, "{other}"]
            })
        );
    }
}
