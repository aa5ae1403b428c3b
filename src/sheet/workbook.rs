//! Opening a workbook without trusting it: every size is bounded before anything is allocated
//! by it, and every refusal says, in Chinese, what the file is and what to do.
//!
//! - The file is recognised by its bytes, not its name: a zip (`.xlsx`, `.xlsm`, `.ods`), a
//!   compound file (`.xls`, or an `.xlsx` with a password), an empty file, or something else.
//! - A zip's central directory is read first: the declared uncompressed sizes (all parts, and
//!   the parts calamine reads whole) and each large part's compression ratio are bounded (the
//!   `zip` crate then stops any part at its declared size).
//! - `.xlsx` worksheets are streamed cell by cell: only cells that hold something count, so
//!   the `<dimension>` a file declares allocates nothing; a cell past the row or column limit
//!   is an error naming it, and the text kept is bounded.
//! - calamine reads `.xls` and `.ods` sheets whole, as dense ranges, so their records (BIFF cell
//!   records and declared dimensions; OpenDocument rows and repeated cells) are scanned first
//!   against the same limits.
//! - Merged ranges are clipped to the used range before they are filled in.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{
    CellErrorType, Data, DataRef, Dimensions, Ods, Reader, SheetType, SheetVisible, Xls, Xlsx,
    XlsxError,
};
use quick_xml::events::Event;

use super::error::SheetError;
use super::table::{Row, Table, cell_text, column_letters, data_ref_text};
use crate::input::Limits;

/// The largest workbook file read.
const MAX_FILE_BYTES: u64 = 64 << 20;
/// The most all parts of a zip may unpack to, as declared.
const MAX_UNPACKED_BYTES: u64 = 256 << 20;
/// The most one part that calamine reads whole (shared strings, styles, the workbook) may
/// unpack to; worksheets are streamed.
const MAX_WHOLE_PART_BYTES: u64 = 32 << 20;
/// Parts over this size must not unpack to more than `MAX_RATIO` times their packed size
/// (spreadsheet XML packs 5–30 times; a zip bomb, a thousand).
const RATIO_CHECKED_BYTES: u64 = 1 << 20;
const MAX_RATIO: u64 = 200;
/// The most text kept from one workbook.
const MAX_TEXT_BYTES: usize = 64 << 20;

/// Why a file of `size` bytes is not read, if it is larger than any workbook read.
pub fn too_large(size: u64) -> Option<String> {
    (size > MAX_FILE_BYTES).then(|| {
        format!(
            "文件有 {} MB，超过了表格文件 {} MB 的上限",
            size >> 20,
            MAX_FILE_BYTES >> 20
        )
    })
}

/// Reads every visible worksheet of a workbook's bytes; `file` names it in errors.
pub fn read_workbook_bytes(
    file: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Vec<Table>, SheetError> {
    let refuse = |reason: String| SheetError::Refused(file.to_string(), reason);
    if let Some(reason) = too_large(bytes.len() as u64) {
        return Err(refuse(reason));
    }
    let mut reader = WorkbookReader {
        file,
        limits,
        text: 0,
    };
    let tables = match sniff(bytes) {
        Container::Empty => Err(refuse(
            "文件是空的（0 字节）：请确认选对了文件，或在 Excel/WPS 中重新保存为 .xlsx".into(),
        )),
        Container::Zip => reader.zip(bytes),
        Container::Compound => reader.compound(bytes),
        Container::Other(what) => Err(refuse(format!(
            "这不是 Excel 工作簿，而像是{what}：请在 Excel/WPS 中打开，另存为 .xlsx 后再试"
        ))),
    }?;
    if tables.is_empty() {
        return Err(refuse("工作簿中没有可见的工作表".into()));
    }
    Ok(tables)
}

/// What a file's first bytes say it is.
enum Container {
    Empty,
    Zip,
    Compound,
    Other(&'static str),
}

fn sniff(bytes: &[u8]) -> Container {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(512)]).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    match bytes {
        [] => Container::Empty,
        [b'P', b'K', 3, 4, ..] | [b'P', b'K', 5, 6, ..] => Container::Zip,
        [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, ..] => Container::Compound,
        [b'%', b'P', b'D', b'F', ..] => Container::Other("一份 PDF 文件"),
        _ if text.starts_with("<!doctype html") || text.starts_with("<html") => {
            Container::Other("网页（有的系统导出的“.xls”其实是网页）")
        }
        _ if text.starts_with('<') => Container::Other("一份 XML 文本"),
        _ if text.starts_with("{\\rtf") => Container::Other("一份 RTF 文档"),
        _ if std::str::from_utf8(bytes).is_ok() => {
            Container::Other("一份文本文件（若是 CSV，请用 --from-csv 读取）")
        }
        _ => Container::Other("别的格式的文件"),
    }
}

/// Reads one workbook's sheets, counting the text kept.
struct WorkbookReader<'a> {
    file: &'a str,
    limits: &'a Limits,
    text: usize,
}

impl WorkbookReader<'_> {
    fn refuse(&self, reason: impl Into<String>) -> SheetError {
        SheetError::Refused(self.file.to_string(), reason.into())
    }

    fn unreadable(&self, reason: impl std::fmt::Display) -> SheetError {
        SheetError::Unreadable(self.file.to_string(), reason.to_string())
    }

    /// An `.xlsx` or `.xlsm` (`xl/workbook.xml`), or an `.ods` (`content.xml`).
    fn zip(&mut self, bytes: &[u8]) -> Result<Vec<Table>, SheetError> {
        let names = self.check_zip(bytes)?;
        if names.iter().any(|n| n == "xl/workbook.xml") {
            self.xlsx(bytes)
        } else if names.iter().any(|n| n == "content.xml") {
            self.ods(bytes)
        } else if names.iter().any(|n| n == "xl/workbook.bin") {
            Err(self.refuse(
                "这是 Excel 二进制工作簿（.xlsb），无法读取：请在 Excel 中另存为 .xlsx 后再试",
            ))
        } else if names.iter().any(|n| n == "word/document.xml") {
            Err(self.refuse("这是 Word 文档，不是 Excel 工作簿"))
        } else {
            Err(self.refuse("这是 zip 压缩包，不是 Excel 工作簿：请解压后选其中的 .xlsx 文件"))
        }
    }

    /// The zip's parts, once their declared sizes and ratios are within bounds.
    fn check_zip(&self, bytes: &[u8]) -> Result<Vec<String>, SheetError> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
            self.refuse(format!(
                "文件已损坏，或不是完整的 .xlsx 文件（{e}）：请在 Excel/WPS 中重新保存为 .xlsx"
            ))
        })?;
        let mut names = Vec::new();
        let mut total: u64 = 0;
        for i in 0..archive.len() {
            let Some(part) = archive.by_index_data(i).ok() else {
                continue;
            };
            let name = part.name().unwrap_or_default().to_string();
            let (packed, unpacked) = (part.compressed_size(), part.size());
            total = total.saturating_add(unpacked);
            let whole = !name.contains("worksheets/") && name != "content.xml";
            let bomb = unpacked > RATIO_CHECKED_BYTES && unpacked / packed.max(1) > MAX_RATIO;
            if bomb || (whole && name.ends_with(".xml") && unpacked > MAX_WHOLE_PART_BYTES) {
                return Err(self.refuse(format!(
                    "工作簿中的“{name}”解压后有 {} MB（压缩后 {} KB），大得不合常理，未读取：请在 Excel/WPS 中打开检查，重新保存为 .xlsx",
                    unpacked >> 20,
                    packed >> 10
                )));
            }
            names.push(name);
        }
        if total > MAX_UNPACKED_BYTES {
            return Err(self.refuse(format!(
                "工作簿解压后共 {} MB，超过了 {} MB 的上限，未读取",
                total >> 20,
                MAX_UNPACKED_BYTES >> 20
            )));
        }
        Ok(names)
    }

    fn xlsx(&mut self, bytes: &[u8]) -> Result<Vec<Table>, SheetError> {
        let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|e| self.xlsx_error(e))?;
        let mut tables = Vec::new();
        for name in visible_worksheets(&workbook) {
            let mut table = TableBuilder::new(&name);
            {
                let mut cells = workbook
                    .worksheet_cells_reader(&name)
                    .map_err(|e| self.sheet_error(&name, e))?;
                while let Some(cell) = cells
                    .next_cell_with_formula_metadata()
                    .map_err(|e| self.sheet_error(&name, e))?
                {
                    let flaw = match &cell.value {
                        DataRef::Error(error) => Some(error_flaw(error)),
                        DataRef::Empty if cell.formula.is_some() => Some(UNCALCULATED.to_string()),
                        _ => None,
                    };
                    let text = data_ref_text(&cell.value);
                    table.add(self, cell.pos, text, flaw)?;
                }
            }
            let merged = workbook
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default();
            tables.push(table.finish(self, &merged)?);
        }
        Ok(tables)
    }

    fn xlsx_error(&self, error: XlsxError) -> SheetError {
        match error {
            XlsxError::Password => password(self.file),
            other => self.refuse(format!(
                "无法读取工作簿（{other}）：请在 Excel/WPS 中打开后重新保存为 .xlsx"
            )),
        }
    }

    fn sheet_error(&self, sheet: &str, error: impl std::fmt::Display) -> SheetError {
        self.unreadable(format!("工作表「{sheet}」：{error}"))
    }

    /// A compound file: an `.xls` workbook, or an encrypted (password-protected) `.xlsx`.
    fn compound(&mut self, bytes: &[u8]) -> Result<Vec<Table>, SheetError> {
        let mut compound = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| {
            self.refuse(format!(
                "文件已损坏，或不是完整的 .xls 文件（{e}）：请在 Excel/WPS 中重新保存为 .xlsx"
            ))
        })?;
        if compound.is_stream("/EncryptedPackage") {
            return Err(password(self.file));
        }
        let stream = ["/Workbook", "/Book"]
            .into_iter()
            .find(|s| compound.is_stream(s))
            .ok_or_else(|| {
                self.refuse("这是 Office 文件，但不是 Excel 工作簿（可能是 .doc 文档）")
            })?;
        let mut biff = Vec::new();
        compound
            .open_stream(stream)
            .and_then(|mut s| s.read_to_end(&mut biff))
            .map_err(|e| self.unreadable(e))?;
        scan_biff(&biff, self.limits).map_err(|e| self.refuse(e))?;
        drop(biff);
        let mut workbook = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
            calamine::XlsError::Password => password(self.file),
            other => self.refuse(format!(
                "无法读取 .xls 工作簿（{other}）：请在 Excel/WPS 中打开后另存为 .xlsx"
            )),
        })?;
        let mut tables = Vec::new();
        for name in visible_worksheets(&workbook) {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|e| self.sheet_error(&name, e))?;
            let merged = workbook
                .merge_cells_by_sheet_name(&name)
                .unwrap_or_default();
            tables.push(self.dense(&name, &range, &merged)?);
        }
        Ok(tables)
    }

    fn ods(&mut self, bytes: &[u8]) -> Result<Vec<Table>, SheetError> {
        let mut archive =
            zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| self.unreadable(e))?;
        let content = archive
            .by_name("content.xml")
            .map_err(|e| self.unreadable(e))?;
        scan_ods(std::io::BufReader::new(content), self.limits).map_err(|e| self.refuse(e))?;
        let mut workbook = Ods::new(Cursor::new(bytes)).map_err(|e| {
            self.refuse(format!(
                "无法读取 .ods 工作簿（{e}）：请在 WPS 或 LibreOffice 中打开后另存为 .xlsx"
            ))
        })?;
        let mut tables = Vec::new();
        for name in visible_worksheets(&workbook) {
            let range = workbook
                .worksheet_range(&name)
                .map_err(|e| self.sheet_error(&name, e))?;
            tables.push(self.dense(&name, &range, &[])?);
        }
        Ok(tables)
    }

    /// A sheet calamine read whole (its size checked before).
    fn dense(
        &mut self,
        name: &str,
        range: &calamine::Range<Data>,
        merged: &[Dimensions],
    ) -> Result<Table, SheetError> {
        let (top, left) = range.start().unwrap_or_default();
        let mut table = TableBuilder::new(name);
        for (row, column, cell) in range.used_cells() {
            let flaw = match cell {
                Data::Error(error) => Some(error_flaw(error)),
                _ => None,
            };
            let at = (top + row as u32, left + column as u32);
            table.add(self, at, cell_text(cell), flaw)?;
        }
        table.finish(self, merged)
    }

    /// Counts `bytes` more of text kept.
    fn keep(&mut self, bytes: usize) -> Result<(), SheetError> {
        self.text += bytes;
        if self.text > MAX_TEXT_BYTES {
            return Err(self.refuse(format!(
                "表格中的文字超过 {} MB，未读取：请只保留需要的工作表和行",
                MAX_TEXT_BYTES >> 20
            )));
        }
        Ok(())
    }

    /// A cell past the limits, in words.
    fn too_far(&self, sheet: &str, (row, column): (u32, u32)) -> SheetError {
        self.refuse(format!(
            "工作表「{sheet}」的单元格 {}{} 有内容，超出了读取范围（{} 行、{} 列）：请删去超出范围的内容（可能是误输入的），或用 --max-sheet-rows、--max-sheet-columns 调高上限",
            column_letters(column as usize),
            u64::from(row) + 1,
            self.limits.max_sheet_rows,
            self.limits.max_sheet_columns,
        ))
    }
}

/// The worksheets a clerk sees, in order.
fn visible_worksheets<R: std::io::Read + std::io::Seek, W: Reader<R>>(workbook: &W) -> Vec<String> {
    workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

fn password(file: &str) -> SheetError {
    SheetError::Refused(
        file.to_string(),
        "工作簿设有打开密码，无法读取：请在 Excel/WPS 中打开，取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存，再试".into(),
    )
}

/// What a clerk is told about a cell that holds a formula with no value saved.
const UNCALCULATED: &str = "单元格中的公式没有计算结果（文件保存时没有重新计算，常见于程序生成的表格）：请在 Excel/WPS 中打开、重新计算（F9）后保存，或直接填写内容";

/// What a clerk is told about a cell that holds an error value.
fn error_flaw(error: &CellErrorType) -> String {
    let (code, meaning) = match error {
        CellErrorType::Ref => ("#REF!", "公式引用的单元格已被删除"),
        CellErrorType::Div0 => ("#DIV/0!", "公式除以零"),
        CellErrorType::NA => ("#N/A", "查找公式没有找到匹配的值"),
        CellErrorType::Name => ("#NAME?", "公式中有无法识别的名称"),
        CellErrorType::Value => ("#VALUE!", "公式中的值类型不对"),
        CellErrorType::Num => ("#NUM!", "数值无效"),
        CellErrorType::Null => ("#NULL!", "公式中的区域不相交"),
        CellErrorType::GettingData => ("#GETTING_DATA", "数据尚未取得"),
    };
    format!("单元格是错误值 {code}（{meaning}）：请在 Excel/WPS 中改正公式，或直接填写内容")
}

/// A worksheet's cells as they are read, within the limits.
struct TableBuilder {
    name: String,
    /// Row index → the cells' text by column index.
    rows: BTreeMap<u32, Vec<String>>,
    flaws: BTreeMap<u32, Vec<(usize, String)>>,
    columns: u32,
}

impl TableBuilder {
    fn new(name: &str) -> Self {
        Self {
            name: name.to_string(),
            rows: BTreeMap::new(),
            flaws: BTreeMap::new(),
            columns: 0,
        }
    }

    /// A cell at zero-based `(row, column)`; an empty one is not kept.
    fn add(
        &mut self,
        reader: &mut WorkbookReader,
        (row, column): (u32, u32),
        text: String,
        flaw: Option<String>,
    ) -> Result<(), SheetError> {
        if text.is_empty() && flaw.is_none() {
            return Ok(());
        }
        if row as usize >= reader.limits.max_sheet_rows
            || column as usize >= reader.limits.max_sheet_columns
        {
            return Err(reader.too_far(&self.name, (row, column)));
        }
        reader.keep(text.len() + size_of::<String>())?;
        let cells = self.rows.entry(row).or_default();
        let at = column as usize;
        if cells.len() <= at {
            cells.resize(at + 1, String::new());
        }
        cells[at] = text;
        self.columns = self.columns.max(column + 1);
        if let Some(flaw) = flaw {
            self.flaws.entry(row).or_default().push((at, flaw));
        }
        Ok(())
    }

    /// The table: every row from the first used to the last (blank ones too), each merged
    /// range clipped to the used range and its value copied into the cells it covers.
    fn finish(
        mut self,
        reader: &mut WorkbookReader,
        merged: &[Dimensions],
    ) -> Result<Table, SheetError> {
        let (Some(&first), Some(&last)) = (self.rows.keys().next(), self.rows.keys().last()) else {
            return Ok(Table {
                name: Some(self.name),
                rows: Vec::new(),
            });
        };
        for region in merged {
            let ((top, left), (bottom, right)) = (region.start, region.end);
            if top < first || top > last || left >= self.columns {
                continue;
            }
            let value = self
                .rows
                .get(&top)
                .and_then(|cells| cells.get(left as usize))
                .cloned()
                .unwrap_or_default();
            if value.is_empty() {
                continue;
            }
            let (bottom, right) = (bottom.min(last), right.min(self.columns - 1));
            for row in top..=bottom {
                reader.keep((value.len() + size_of::<String>()) * (right + 1 - left) as usize)?;
                let cells = self.rows.entry(row).or_default();
                if cells.len() <= right as usize {
                    cells.resize(right as usize + 1, String::new());
                }
                for cell in &mut cells[left as usize..=right as usize] {
                    cell.clone_from(&value);
                }
            }
        }
        let rows = (first..=last)
            .map(|row| {
                let cells = self.rows.remove(&row).unwrap_or_default();
                Row {
                    number: row as usize + 1,
                    blank: cells.iter().all(String::is_empty),
                    cells,
                    flaws: self.flaws.remove(&row).unwrap_or_default(),
                }
            })
            .collect();
        Ok(Table {
            name: Some(self.name),
            rows,
        })
    }
}

/// Checks an `.xls` workbook stream (BIFF8) before calamine reads it: calamine reserves room
/// for each sheet's declared dimensions and allocates the box of its cells, so every declared
/// dimension and every cell record must be within the limits.
fn scan_biff(stream: &[u8], limits: &Limits) -> Result<(), String> {
    let mut names = Vec::new();
    let (mut depth, mut sheet) = (0usize, 0usize);
    let mut at = 0;
    while at + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[at], stream[at + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[at + 2], stream[at + 3]]));
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        at += 4 + len;
        let u16_at = |i: usize| {
            data.get(i..i + 2)
                .map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
        };
        let name = |sheet: usize| {
            names
                .get(sheet)
                .cloned()
                .unwrap_or_else(|| format!("第 {} 张", sheet + 1))
        };
        let beyond = |rows: u32, columns: u32| {
            rows as usize > limits.max_sheet_rows || columns as usize > limits.max_sheet_columns
        };
        match kind {
            // BoundSheet8: the sheets' names, in order.
            0x0085 if data.len() >= 8 => {
                let count = usize::from(data[6]);
                let text = &data[8..];
                names.push(if data[7] & 1 == 1 {
                    let units: Vec<u16> = text
                        .chunks_exact(2)
                        .take(count)
                        .map(|b| u16::from_le_bytes([b[0], b[1]]))
                        .collect();
                    String::from_utf16_lossy(&units)
                } else {
                    text.iter().take(count).map(|&b| char::from(b)).collect()
                });
            }
            // BOF: a substream starts (the globals, then each sheet, charts nested in them).
            0x0809 => {
                depth += 1;
                if depth == 1 && at > 4 + len {
                    sheet += 1;
                }
            }
            // EOF.
            0x000A => depth = depth.saturating_sub(1),
            // Dimensions: the sheet's declared extent (last row and column + 1).
            0x0200 if data.len() >= 14 => {
                let rows = u32::from_le_bytes([data[4], data[5], data[6], data[7]]);
                let columns = u16_at(10);
                if beyond(rows, columns) {
                    return Err(format!(
                        "工作表「{}」声明的范围有 {rows} 行、{columns} 列，超出了读取范围（{} 行、{} 列）：请在 Excel/WPS 中删去多余的行列，另存为 .xlsx 后再试",
                        name(sheet.saturating_sub(1)),
                        limits.max_sheet_rows,
                        limits.max_sheet_columns
                    ));
                }
            }
            // Cell records: Number, Label, RString, BoolErr, RK, LabelSst, MulRk, Formula.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x00BD | 0x0006 => {
                let last_column = if kind == 0x00BD {
                    u16_at(data.len().saturating_sub(2))
                } else {
                    u16_at(2)
                };
                if beyond(u16_at(0) + 1, last_column + 1) {
                    return Err(format!(
                        "工作表「{}」的单元格 {}{} 有内容，超出了读取范围（{} 行、{} 列）：请删去超出范围的内容，或用 --max-sheet-rows、--max-sheet-columns 调高上限",
                        name(sheet.saturating_sub(1)),
                        column_letters(last_column as usize),
                        u16_at(0) + 1,
                        limits.max_sheet_rows,
                        limits.max_sheet_columns
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// Checks an OpenDocument spreadsheet's `content.xml` before calamine reads it: calamine copies
/// a repeated cell into every column it covers and repeated rows into every row, so every cell
/// that holds something must be within the limits, repetitions counted.
fn scan_ods(content: impl std::io::BufRead, limits: &Limits) -> Result<(), String> {
    let mut xml = quick_xml::Reader::from_reader(content);
    let mut buffer = Vec::new();
    let (mut sheet, mut row, mut column, mut row_repeats) = (String::new(), 0u64, 0u64, 1u64);
    let repeats = |e: &quick_xml::events::BytesStart, name: &str| -> u64 {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == name)
            .and_then(|a| a.value.trim().parse().ok())
            .unwrap_or(1)
    };
    loop {
        let event = xml
            .read_event_into(&mut buffer)
            .map_err(|e| format!("content.xml 无法解析（{e}）"))?;
        let (e, has_content) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(e) if e.local_name().as_ref() == "table-row" => {
                row += row_repeats;
                buffer.clear();
                continue;
            }
            Event::Eof => return Ok(()),
            _ => {
                buffer.clear();
                continue;
            }
        };
        match e.local_name().as_ref() {
            "table" => {
                sheet = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "name")
                    .map(|a| a.value.into_owned())
                    .unwrap_or_default();
                row = 0;
            }
            "table-row" => {
                row_repeats = repeats(e, "table:number-rows-repeated");
                column = 0;
                if !has_content {
                    row += row_repeats;
                }
            }
            "table-cell" | "covered-table-cell" => {
                let count = repeats(e, "table:number-columns-repeated");
                let valued = has_content
                    || e.attributes()
                        .flatten()
                        .any(|a| a.key.local_name().as_ref() == "value-type");
                if valued
                    && (row + row_repeats > limits.max_sheet_rows as u64
                        || column + count > limits.max_sheet_columns as u64)
                {
                    return Err(format!(
                        "工作表「{sheet}」第 {} 行起第 {} 列起的单元格（重复 {row_repeats} 行、{count} 列）有内容，超出了读取范围（{} 行、{} 列）：请删去超出范围的内容，或用 --max-sheet-rows、--max-sheet-columns 调高上限",
                        row + 1,
                        column + 1,
                        limits.max_sheet_rows,
                        limits.max_sheet_columns
                    ));
                }
                column = column.saturating_add(count);
            }
            _ => {}
        }
        buffer.clear();
    }
}
