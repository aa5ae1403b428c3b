//! Spreadsheets as rows of text: the [`Table`] and [`Row`] that every reader gives (merged cells
//! holding their value in each cell they cover), a cell's text as a clerk sees it, and CSV files
//! in UTF-8 or GBK.

use calamine::{Data, DataRef};

use crate::input::Limits;

/// One worksheet (or a CSV file) as text.
pub struct Table {
    /// The worksheet's name; `None` for CSV.
    pub name: Option<String>,
    /// The rows, in order.
    pub rows: Vec<Row>,
}

/// One row of a [`Table`].
pub struct Row {
    /// 1-based row number as the spreadsheet shows it.
    pub number: usize,
    /// The cells' text, trimmed, with Windows line ends made plain; Excel dates as `YYYY-MM-DD`.
    pub cells: Vec<String>,
    /// Nothing was typed in the row (a merged cell reaching into it aside).
    pub blank: bool,
    /// Cells that look empty but hold an error value (`#REF!`) or a formula with no saved
    /// result: by column, what to tell the clerk.
    pub flaws: Vec<(usize, String)>,
}

impl Row {
    /// The text of column `i` (empty past the row's end).
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }

    /// Why column `i` reads as empty though something is in it (an error value, a formula
    /// with no result), in words for a clerk.
    pub fn flaw(&self, i: usize) -> Option<&str> {
        self.flaws
            .iter()
            .find(|(at, _)| *at == i)
            .map(|(_, flaw)| flaw.as_str())
    }
}

/// A streamed cell as the text a clerk sees (see [`cell_text`]).
pub(super) fn data_ref_text(cell: &DataRef) -> String {
    match cell {
        DataRef::SharedString(s) => tidy(s),
        DataRef::String(s) => tidy(s),
        other => cell_text(&Data::from(other.clone())),
    }
}

/// A cell as the text a clerk sees; dates as `YYYY-MM-DD`, whole numbers without `.0`; an
/// error value is empty (the row tells it among its flaws).
pub(super) fn cell_text(cell: &Data) -> String {
    let text = match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(true) => "是".into(),
        Data::Bool(false) => "否".into(),
        Data::DateTime(d) => {
            let (y, m, day, ..) = d.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{day:02}")
        }
    };
    tidy(&text)
}

/// Trims a cell; Windows line ends inside it become plain newlines.
fn tidy(text: &str) -> String {
    text.trim().replace("\r\n", "\n").replace('\r', "\n")
}

/// A CSV file: UTF-8 (with or without a byte-order mark) or GBK, as Excel saves it on Chinese
/// Windows.
pub(super) fn read_csv(bytes: &[u8], limits: &Limits) -> Result<Table, String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.trim_start_matches('\u{feff}').to_string(),
        Err(_) => encoding_rs::GB18030.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("第 {} 行：{e}", i + 1))?;
        let mut cells: Vec<String> = record.iter().map(tidy).collect();
        while cells.last().is_some_and(String::is_empty) {
            cells.pop();
        }
        if !cells.is_empty()
            && (i >= limits.max_sheet_rows || cells.len() > limits.max_sheet_columns)
        {
            return Err(format!(
                "第 {} 行超出了读取范围（{} 行、{} 列）：请删去多余的内容，或用 --max-sheet-rows、--max-sheet-columns 调高上限",
                i + 1,
                limits.max_sheet_rows,
                limits.max_sheet_columns
            ));
        }
        rows.push(Row {
            number: i + 1,
            blank: cells.is_empty(),
            cells,
            flaws: Vec::new(),
        });
    }
    Ok(Table { name: None, rows })
}

/// A column's letters as Excel shows them: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rest = (n - 1) % 26;
        letters.push(char::from(b'A' + rest as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        let letters: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702]
            .into_iter()
            .map(column_letters)
            .collect();
        assert_eq!(
            letters,
            ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]
        );
    }

    #[test]
    fn csv_in_gbk_and_utf8_with_a_byte_order_mark_read_alike() {
        let text = "抄告对象,问题描述\r\n刘赟,\"两行\r\n文字\"\r\n,\r\n";
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        let with_bom = format!("\u{feff}{text}");
        for bytes in [gbk.as_ref(), with_bom.as_bytes()] {
            let table = read_csv(bytes, &Limits::default()).unwrap();
            assert_eq!(table.rows[0].cells, ["抄告对象", "问题描述"]);
            assert_eq!(table.rows[1].cells, ["刘赟", "两行\n文字"]);
            assert!(table.rows[2].blank);
        }
    }
}
