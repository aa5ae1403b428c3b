//! Spreadsheet files as rows of text: every worksheet of an Excel or OpenDocument workbook, with
//! merged cells holding their value in each cell they cover, or a CSV file in UTF-8 or GBK.

use std::io::Cursor;
use std::path::Path;

use calamine::{
    Data, Dimensions, Error, Reader, Sheets, open_workbook_auto_from_rs, open_workbook_from_rs,
};

use super::error::SheetError;

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
}

impl Row {
    /// The text of column `i` (empty past the row's end).
    pub fn cell(&self, i: usize) -> &str {
        self.cells.get(i).map_or("", String::as_str)
    }
}

/// A spreadsheet file held in memory: what the command line reads from disk and what the HTTP
/// service receives as an upload go through the same reader ([`read_tables`]), so every bound on
/// what a workbook may hold applies to both.
pub struct SheetFile {
    /// The file's name as the clerk knows it: named in messages; a `.csv` name makes it CSV, and
    /// an Excel or OpenDocument extension picks that reader (else the format is recognised from
    /// the bytes).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl SheetFile {
    /// Reads a file from disk.
    pub fn read(path: &Path) -> Result<Self, SheetError> {
        let name = path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => Ok(Self { name, bytes }),
            Err(e) => Err(SheetError::Unreadable(name, e.to_string())),
        }
    }

    /// The extension of its name, in lower case.
    fn extension(&self) -> Option<String> {
        Path::new(&self.name)
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
    }
}

/// Every worksheet of a workbook, in order (hidden ones left out), or the one table of a CSV file.
pub fn read_tables(file: &SheetFile) -> Result<Vec<Table>, SheetError> {
    let unreadable = |reason: String| SheetError::Unreadable(file.name.clone(), reason);
    if file.extension().as_deref() == Some("csv") {
        return Ok(vec![read_csv(&file.bytes).map_err(unreadable)?]);
    }
    let mut workbook = open_workbook(file).map_err(|e| unreadable(e.to_string()))?;
    let sheets: Vec<String> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == calamine::SheetVisible::Visible)
        .filter(|s| s.typ == calamine::SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect();
    let mut tables = Vec::new();
    for name in sheets {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| unreadable(format!("工作表「{name}」：{e}")))?;
        let merged = merged_cells(&mut workbook, &name);
        tables.push(table_of(name, &range, &merged));
    }
    if tables.is_empty() {
        return Err(unreadable("工作簿中没有可见的工作表".into()));
    }
    Ok(tables)
}

/// Opens a workbook held in memory with the reader its extension names, as calamine's
/// `open_workbook_auto` does for a path; without a known extension (an upload sent without a
/// name) the format is recognised from the bytes.
fn open_workbook(file: &SheetFile) -> Result<Sheets<Cursor<&[u8]>>, calamine::Error> {
    let bytes = Cursor::new(file.bytes.as_slice());
    Ok(match file.extension().as_deref() {
        Some("xls" | "xla") => Sheets::Xls(open_workbook_from_rs(bytes).map_err(Error::Xls)?),
        Some("xlsx" | "xlsm" | "xlam") => {
            Sheets::Xlsx(open_workbook_from_rs(bytes).map_err(Error::Xlsx)?)
        }
        Some("xlsb") => Sheets::Xlsb(open_workbook_from_rs(bytes).map_err(Error::Xlsb)?),
        Some("ods") => Sheets::Ods(open_workbook_from_rs(bytes).map_err(Error::Ods)?),
        _ => open_workbook_auto_from_rs(bytes)?,
    })
}

/// The merged regions of a worksheet (Excel formats only; OpenDocument has none to read).
fn merged_cells<R: std::io::Read + std::io::Seek>(
    workbook: &mut Sheets<R>,
    name: &str,
) -> Vec<Dimensions> {
    match workbook {
        Sheets::Xlsx(xlsx) => xlsx.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xls(xls) => xls.merge_cells_by_sheet_name(name).unwrap_or_default(),
        Sheets::Xlsb(_) | Sheets::Ods(_) => Vec::new(),
    }
}

/// The text rows of a worksheet, each merged region's value copied into every cell it covers.
fn table_of(name: String, range: &calamine::Range<Data>, merged: &[Dimensions]) -> Table {
    let Some((first_row, first_column)) = range.start() else {
        return Table {
            name: Some(name),
            rows: Vec::new(),
        };
    };
    let mut rows: Vec<Row> = range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let cells: Vec<String> = cells.iter().map(cell_text).collect();
            Row {
                number: first_row as usize + i + 1,
                blank: cells.iter().all(String::is_empty),
                cells,
            }
        })
        .collect();
    for region in merged {
        let at = |(row, column): (u32, u32)| {
            (
                row.checked_sub(first_row).map(|r| r as usize),
                column.checked_sub(first_column).map(|c| c as usize),
            )
        };
        let (Some(top), Some(left)) = at(region.start) else {
            continue;
        };
        let value = rows
            .get(top)
            .map(|r| r.cell(left).to_string())
            .unwrap_or_default();
        let (bottom, right) = at(region.end);
        for row in rows.iter_mut().take(bottom.unwrap_or(top) + 1).skip(top) {
            let right = right.unwrap_or(left);
            if row.cells.len() <= right {
                row.cells.resize(right + 1, String::new());
            }
            for cell in &mut row.cells[left..=right] {
                cell.clone_from(&value);
            }
        }
    }
    Table {
        name: Some(name),
        rows,
    }
}

/// A cell as the text a clerk sees; dates as `YYYY-MM-DD`, whole numbers without `.0`.
fn cell_text(cell: &Data) -> String {
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
fn read_csv(bytes: &[u8]) -> Result<Table, String> {
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
        let cells: Vec<String> = record.iter().map(tidy).collect();
        rows.push(Row {
            number: i + 1,
            blank: cells.iter().all(String::is_empty),
            cells,
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
            let table = read_csv(bytes).unwrap();
            assert_eq!(table.rows[0].cells, ["抄告对象", "问题描述"]);
            assert_eq!(table.rows[1].cells, ["刘赟", "两行\n文字"]);
            assert!(table.rows[2].blank);
        }
    }
}
