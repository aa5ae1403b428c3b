//! The spreadsheets a round hands out, written with `rust_xlsxwriter`: the lists as workbooks the
//! receiving units keep working in (title, a header row frozen and repeated on every printed
//! page, widths, wrapped text, A4 landscape), a 整改台账 per unit pre-filled with its problems
//! for the unit to complete and return (read back by `batch --from-xlsx`), and the empty
//! register that `round --template` writes. The same input gives the same bytes: the creation
//! time is the round's date, not the clock.

use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};
use serde_json::Value;

use super::register::SHEETS;

/// One column of a written list: header, width in characters, and the row member it shows.
pub struct ListColumn {
    /// The header.
    pub header: &'static str,
    /// Width in Excel character units.
    pub width: f64,
    /// The member of a document row it shows (`units` arrays are joined with 、); `None` for
    /// 序号 or a column left blank to fill in.
    pub member: Option<&'static str>,
}

const fn col(header: &'static str, width: f64, member: Option<&'static str>) -> ListColumn {
    ListColumn {
        header,
        width,
        member,
    }
}

static PROBLEM_COLUMNS: [ListColumn; 7] = [
    col("序号", 6.0, None),
    col("问题编号", 10.0, Some("id")),
    col("方面", 18.0, Some("aspect")),
    col("问题", 60.0, Some("problem")),
    col("责任领导", 12.0, Some("responsible_leader")),
    col("责任部门", 16.0, Some("responsible_dept")),
    col("整改时限", 12.0, Some("deadline")),
];

static COMMON_COLUMNS: [ListColumn; 5] = [
    col("序号", 6.0, None),
    col("领域", 16.0, Some("area")),
    col("共性问题", 40.0, Some("problem")),
    col("涉及单位", 36.0, Some("units")),
    col("整改要求", 50.0, Some("requirement")),
];

static LEAD_COLUMNS: [ListColumn; 6] = [
    col("序号", 6.0, None),
    col("编号", 10.0, Some("id")),
    col("涉及单位", 30.0, Some("units")),
    col("线索摘要", 60.0, Some("summary")),
    col("移交单位", 16.0, Some("transferred_to")),
    col("移交日期", 12.0, Some("transferred_on")),
];

/// The columns of each list type's workbook, as in its document.
pub fn list_columns(list_type: &str) -> &'static [ListColumn] {
    match list_type {
        "problems" => &PROBLEM_COLUMNS,
        "common_problems" => &COMMON_COLUMNS,
        _ => &LEAD_COLUMNS,
    }
}

/// The 整改台账's columns: the batch reader's headers for `rectification_report`, the last
/// three left for the unit.
const LEDGER: [ListColumn; 9] = [
    col("被巡察单位", 20.0, Some("unit")),
    col("问题编号", 10.0, Some("id")),
    col("问题", 50.0, Some("problem")),
    col("整改措施", 40.0, None),
    col("责任领导", 12.0, Some("responsible_leader")),
    col("责任部门", 16.0, Some("responsible_dept")),
    col("整改时限", 12.0, Some("deadline")),
    col("整改状态", 12.0, None),
    col("整改结果", 40.0, None),
];

/// The statuses a 台账 line may have, offered as a drop-down.
const STATUSES: [&str; 5] = ["已完成", "基本完成", "持续推进", "未完成", "待整改"];

/// The formats every written sheet uses.
struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    centred: Format,
    note: Format,
}

impl Formats {
    fn new() -> Self {
        let cell = Format::new()
            .set_font_name("宋体")
            .set_font_size(11)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter)
            .set_border(FormatBorder::Thin);
        Self {
            title: Format::new()
                .set_font_name("黑体")
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_text_wrap(),
            header: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color("#D9D9D9"),
            centred: cell.clone().set_align(FormatAlign::Center),
            cell,
            note: Format::new()
                .set_font_name("宋体")
                .set_font_size(11)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

/// A workbook whose creation time is `date` (`YYYY-MM-DD`).
fn workbook(date: &str, title: &str) -> Result<Workbook, XlsxError> {
    let mut parts = date.split('-').map(|p| p.parse::<u16>().unwrap_or(1));
    let (y, m, d) = (
        parts.next().unwrap_or(2000),
        parts.next().unwrap_or(1),
        parts.next().unwrap_or(1),
    );
    let created = ExcelDateTime::from_ymd(y, m as u8, d as u8)?;
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("xuncha")
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

/// A sheet set up for printing: A4 landscape, one page wide, title and header rows repeated.
fn table_sheet(
    sheet: &mut Worksheet,
    name: &str,
    title: &str,
    columns: &[ListColumn],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    let last = (columns.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last, title, &formats.title)?;
    sheet.set_row_height(0, 36)?;
    for (i, column) in columns.iter().enumerate() {
        sheet.set_column_width(i as u16, column.width)?;
        sheet.write_string_with_format(1, i as u16, column.header, &formats.header)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    sheet.set_repeat_rows(0, 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// A cell's text from a document row.
fn text_of(row: &Value, member: &str) -> String {
    match &row[member] {
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("、"),
        _ => String::new(),
    }
}

/// Writes rows from row 2 on.
fn write_rows(
    sheet: &mut Worksheet,
    columns: &[ListColumn],
    rows: &[Value],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (r, row) in rows.iter().enumerate() {
        let at = r as u32 + 2;
        for (c, column) in columns.iter().enumerate() {
            match column.member {
                None if column.header == "序号" => sheet.write_number_with_format(
                    at,
                    c as u16,
                    (r + 1) as f64,
                    &formats.centred,
                )?,
                None => sheet.write_blank(at, c as u16, &formats.cell)?,
                Some(member) => sheet.write_string_with_format(
                    at,
                    c as u16,
                    text_of(row, member),
                    &formats.cell,
                )?,
            };
        }
    }
    Ok(())
}

/// A list document (`inspection_list`) as a workbook.
pub fn list_workbook(document: &Value, date: &str) -> Result<Vec<u8>, XlsxError> {
    let title = document["title"].as_str().unwrap_or_default();
    let list_type = document["list_type"].as_str().unwrap_or_default();
    let columns = list_columns(list_type);
    let formats = Formats::new();
    let mut workbook = workbook(date, title)?;
    let sheet = workbook.add_worksheet();
    let heading = match document["unit"].as_str() {
        Some(unit) => format!("{title}\n（{unit}）"),
        None => title.to_string(),
    };
    let name = match list_type {
        "problems" => "问题清单",
        "common_problems" => "共性问题清单",
        _ => "问题线索清单",
    };
    table_sheet(sheet, name, &heading, columns, &formats)?;
    if document["unit"].is_string() {
        sheet.set_row_height(0, 52)?;
    }
    let rows = document["rows"].as_array().map_or(&[][..], Vec::as_slice);
    write_rows(sheet, columns, rows, &formats)?;
    if list_type == "leads" {
        sheet.set_header("&L&\"黑体\"&12机密");
    }
    workbook.save_to_buffer()
}

/// The 整改台账 of one unit, pre-filled from its 问题清单 document: the unit fills in 整改措施
/// (one per line), 整改状态 (a drop-down) and 整改结果, and returns it.
pub fn ledger_workbook(problem_list: &Value, date: &str) -> Result<Vec<u8>, XlsxError> {
    let unit = problem_list["unit"].as_str().unwrap_or_default();
    let title = format!("{unit}巡察整改落实台账");
    let formats = Formats::new();
    let mut workbook = workbook(date, &title)?;
    let guide = workbook.add_worksheet();
    guide.set_name("填表说明")?;
    guide.set_column_width(0, 100)?;
    let lines = [
        format!("{title}：填表说明"),
        "1. 本台账由巡察办根据问题清单生成，请勿改动“被巡察单位”“问题编号”“问题”三列。".into(),
        "2. “整改措施”每行写一条措施（单元格内按 Alt+Enter 换行）。".into(),
        format!("3. “整改状态”从下拉列表中选择：{}。", STATUSES.join("、")),
        "4. “整改结果”写明整改成效；未完成的写明原因和下一步安排。".into(),
        "5. 填好后交回巡察办，用于生成整改情况报告：xuncha batch --from-xlsx 本台账.xlsx --shared 共用字段.json -o 输出文件夹/".into(),
    ];
    for (i, line) in lines.iter().enumerate() {
        guide.write_string_with_format(i as u32, 0, line, &formats.note)?;
    }
    let sheet = workbook.add_worksheet();
    table_sheet(sheet, "整改台账", &title, &LEDGER, &formats)?;
    let rows: Vec<Value> = problem_list["rows"]
        .as_array()
        .map_or(&[][..], Vec::as_slice)
        .iter()
        .map(|row| {
            let mut row = row.clone();
            row["unit"] = Value::from(unit);
            row
        })
        .collect();
    write_rows(sheet, &LEDGER, &rows, &formats)?;
    if !rows.is_empty() {
        let status = LEDGER
            .iter()
            .position(|c| c.header == "整改状态")
            .expect("the ledger has 整改状态") as u16;
        let validation = DataValidation::new()
            .allow_list_strings(&STATUSES)?
            .set_input_message("从下拉列表中选择整改状态")?;
        sheet.add_data_validation(2, status, rows.len() as u32 + 1, status, &validation)?;
    }
    workbook.save_to_buffer()
}

/// The empty register for `round --template`: a 填表说明 sheet, then each register sheet with
/// its headers (required ones marked *) and one filled example row.
pub fn register_template() -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = workbook("2024-01-01", "巡察问题登记表")?;
    let guide = workbook.add_worksheet();
    guide.set_name("填表说明")?;
    guide.set_column_width(0, 16)?;
    guide.set_column_width(1, 100)?;
    guide.write_string_with_format(0, 0, "工作表", &formats.header)?;
    guide.write_string_with_format(0, 1, "怎么填", &formats.header)?;
    for (line, sheet) in (1..).zip(SHEETS) {
        let required: Vec<&str> = sheet
            .spec
            .columns
            .iter()
            .filter(|c| c.required)
            .map(|c| c.header)
            .collect();
        let text = format!(
            "{}{}。必填列（表头带 *）：{}。示例行可直接改写或删除；不需要的可选列可以删去。",
            sheet.purpose,
            if sheet.required {
                ""
            } else {
                "；整张表可省略"
            },
            required.join("、")
        );
        guide.write_string_with_format(line, 0, sheet.name, &formats.cell)?;
        guide.write_string_with_format(line, 1, &text, &formats.cell)?;
    }
    for sheet in SHEETS {
        let page = workbook.add_worksheet();
        page.set_name(sheet.name)?;
        for (i, column) in sheet.spec.columns.iter().enumerate() {
            let header = if column.required {
                format!("{}*", column.header)
            } else {
                column.header.to_string()
            };
            let width = if column.header.contains("描述") || column.header.contains("评价") {
                50.0
            } else {
                16.0
            };
            page.set_column_width(i as u16, width)?;
            page.write_string_with_format(0, i as u16, &header, &formats.header)?;
            let example = sheet.example.get(i).copied().unwrap_or_default();
            page.write_string_with_format(1, i as u16, example, &formats.cell)?;
        }
        page.set_freeze_panes(1, 0)?;
    }
    workbook.save_to_buffer()
}
