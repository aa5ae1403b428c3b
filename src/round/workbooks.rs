//! The spreadsheets a round hands out, written with `rust_xlsxwriter`: the lists as workbooks the
//! receiving units keep working in (title, a header row frozen and repeated on every printed
//! page, widths, wrapped text, dates as dates, A4 landscape), a 整改台账 per unit pre-filled with
//! its problems for the unit to complete and return (read back by `batch --from-xlsx`), the
//! 分发登记 of the secret lists' numbered copies, and the empty register that `round --template`
//! writes, with drop-downs where a column has a list. The same input gives the same bytes: the
//! creation time is the round's date, not the clock.

use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook,
    Worksheet, XlsxError,
};

use super::register::{FRAMEWORKS, ROUND_TYPES, SHEETS, YES_NO};
use crate::model::IsoDate;
use crate::model::feedback::Framework;
use crate::model::inspection_list::{InspectionList, ListRow, ListType};

/// What a cell of a written list holds.
enum Shown {
    Text(String),
    Date(NaiveDate),
    Blank,
}

impl Shown {
    fn text(value: Option<&str>) -> Self {
        value.map_or(Shown::Blank, |v| Shown::Text(v.to_string()))
    }

    fn date(value: Option<&IsoDate>) -> Self {
        match value {
            Some(date) => date
                .parse()
                .map_or(Shown::Text(date.0.clone()), Shown::Date),
            None => Shown::Blank,
        }
    }
}

/// One column of a written list: header, width in characters, and what it shows of a row
/// (`None`: 序号, or a column left blank to fill in).
struct ListColumn {
    header: &'static str,
    width: f64,
    value: Option<fn(&ListRow) -> Shown>,
}

const fn col(header: &'static str, width: f64, value: fn(&ListRow) -> Shown) -> ListColumn {
    ListColumn {
        header,
        width,
        value: Some(value),
    }
}

const NUMBER: ListColumn = ListColumn {
    header: "序号",
    width: 6.0,
    value: None,
};

fn units(row: &ListRow) -> Shown {
    Shown::Text(
        row.units
            .iter()
            .flatten()
            .map(|u| u.0.as_str())
            .collect::<Vec<_>>()
            .join("、"),
    )
}

static PROBLEM_COLUMNS: [ListColumn; 8] = [
    NUMBER,
    col("问题编号", 10.0, |r| Shown::text(r.id.as_deref())),
    col("方面", 18.0, |r| Shown::text(r.aspect.as_deref())),
    col("问题", 60.0, |r| Shown::text(r.problem.as_deref())),
    col("责任领导", 12.0, |r| {
        Shown::text(r.responsible_leader.as_deref())
    }),
    col("责任部门", 16.0, |r| {
        Shown::text(r.responsible_dept.as_deref())
    }),
    col("整改时限", 12.0, |r| Shown::date(r.deadline.as_ref())),
    col("立行立改", 9.0, |r| {
        Shown::text(r.immediate_fix.then_some("是"))
    }),
];

static COMMON_COLUMNS: [ListColumn; 5] = [
    NUMBER,
    col("领域", 16.0, |r| Shown::text(r.area.as_deref())),
    col("共性问题", 40.0, |r| Shown::text(r.problem.as_deref())),
    col("涉及单位", 36.0, units),
    col("整改要求", 50.0, |r| {
        Shown::text(r.requirement.as_deref())
    }),
];

static LEAD_COLUMNS: [ListColumn; 6] = [
    NUMBER,
    col("编号", 10.0, |r| Shown::text(r.id.as_deref())),
    col("涉及单位", 30.0, units),
    col("线索摘要", 60.0, |r| Shown::text(r.summary.as_deref())),
    col("移交单位", 16.0, |r| {
        Shown::text(r.transferred_to.as_ref().map(|o| o.0.as_str()))
    }),
    col("移交日期", 12.0, |r| {
        Shown::date(r.transferred_on.as_ref())
    }),
];

static ACCOUNTABILITY_COLUMNS: [ListColumn; 7] = [
    NUMBER,
    col("编号", 10.0, |r| Shown::text(r.id.as_deref())),
    col("姓名", 10.0, |r| Shown::text(r.person.as_deref())),
    col("所在单位", 24.0, units),
    col("职务", 18.0, |r| Shown::text(r.post.as_deref())),
    col("问题", 50.0, |r| Shown::text(r.problem.as_deref())),
    col("处理建议", 24.0, |r| Shown::text(r.handling.as_deref())),
];

static PERSONS_COLUMNS: [ListColumn; 7] = [
    NUMBER,
    col("编号", 10.0, |r| Shown::text(r.id.as_deref())),
    col("姓名", 10.0, |r| Shown::text(r.person.as_deref())),
    col("所在单位", 24.0, units),
    col("职务", 18.0, |r| Shown::text(r.post.as_deref())),
    col("具体问题", 50.0, |r| Shown::text(r.problem.as_deref())),
    col("运用建议", 24.0, |r| Shown::text(r.handling.as_deref())),
];

static SUPERVISION_COLUMNS: [ListColumn; 7] = [
    NUMBER,
    col("编号", 10.0, |r| Shown::text(r.id.as_deref())),
    col("问题", 60.0, |r| Shown::text(r.problem.as_deref())),
    col("督促科室", 16.0, |r| {
        Shown::text(r.supervising_office.as_deref())
    }),
    col("责任人", 12.0, |r| {
        Shown::text(r.responsible_person.as_deref())
    }),
    col("时限", 12.0, |r| Shown::date(r.deadline.as_ref())),
    col("销号情况", 24.0, |r| Shown::text(r.closure.as_deref())),
];

/// The columns of each list type's workbook, as in its document.
fn list_columns(list_type: ListType) -> &'static [ListColumn] {
    match list_type {
        ListType::Problems => &PROBLEM_COLUMNS,
        ListType::CommonProblems => &COMMON_COLUMNS,
        ListType::Leads => &LEAD_COLUMNS,
        ListType::Accountability => &ACCOUNTABILITY_COLUMNS,
        ListType::PersonsAndMatters => &PERSONS_COLUMNS,
        ListType::Supervision => &SUPERVISION_COLUMNS,
    }
}

/// The 整改台账's columns: the batch reader's headers for `rectification_report`, three left
/// for the unit.
static LEDGER: [ListColumn; 9] = [
    col("被巡察单位", 20.0, |_| Shown::Blank),
    col("问题编号", 10.0, |r| Shown::text(r.id.as_deref())),
    col("问题", 50.0, |r| Shown::text(r.problem.as_deref())),
    ListColumn {
        header: "整改措施",
        width: 40.0,
        value: None,
    },
    col("责任领导", 12.0, |r| {
        Shown::text(r.responsible_leader.as_deref())
    }),
    col("责任部门", 16.0, |r| {
        Shown::text(r.responsible_dept.as_deref())
    }),
    col("整改时限", 12.0, |r| Shown::date(r.deadline.as_ref())),
    ListColumn {
        header: "整改状态",
        width: 12.0,
        value: None,
    },
    ListColumn {
        header: "整改结果",
        width: 40.0,
        value: None,
    },
];

/// The statuses a 台账 line may have, offered as a drop-down.
const STATUSES: [&str; 5] = ["已完成", "基本完成", "持续推进", "未完成", "待整改"];

/// The formats every written sheet uses.
struct Formats {
    title: Format,
    header: Format,
    cell: Format,
    centred: Format,
    date: Format,
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
            date: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("yyyy\"年\"m\"月\"d\"日\""),
            cell,
            note: Format::new()
                .set_font_name("宋体")
                .set_font_size(11)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
        }
    }
}

/// A workbook whose creation time is `date` (`YYYY-MM-DD`; 2000-01-01 when there is none).
fn workbook(date: Option<&str>, title: &str) -> Result<Workbook, XlsxError> {
    let date = date
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .unwrap_or_default();
    let created = excel_date(date)?;
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(title)
            .set_author("xuncha")
            .set_creation_datetime(&created),
    );
    Ok(workbook)
}

fn excel_date(date: NaiveDate) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Datelike;
    ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)
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
    sheet.set_row_height(0, if title.contains('\n') { 52 } else { 36 })?;
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

/// Writes one row per list row from row 2 on; `first` fills the first column when the columns
/// start with a blank one (the 台账's 被巡察单位).
fn write_rows(
    sheet: &mut Worksheet,
    columns: &[ListColumn],
    rows: &[ListRow],
    first: Option<&str>,
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (r, row) in rows.iter().enumerate() {
        let at = r as u32 + 2;
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            let shown = match (column.value, first) {
                (_, Some(unit)) if c == 0 => Shown::Text(unit.to_string()),
                (Some(value), _) => value(row),
                (None, _) if column.header == "序号" => {
                    sheet.write_number_with_format(at, c, (r + 1) as f64, &formats.centred)?;
                    continue;
                }
                (None, _) => Shown::Blank,
            };
            match shown {
                Shown::Text(text) => sheet.write_string_with_format(at, c, text, &formats.cell)?,
                Shown::Date(date) => {
                    sheet.write_datetime_with_format(at, c, excel_date(date)?, &formats.date)?
                }
                Shown::Blank => sheet.write_blank(at, c, &formats.cell)?,
            };
        }
    }
    Ok(())
}

/// A list document as a workbook, titled `title` (with the unit under it for a unit's list).
pub fn list_workbook(
    list: &InspectionList,
    title: &str,
    date: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let columns = list_columns(list.list_type);
    let formats = Formats::new();
    let mut workbook = workbook(date, title)?;
    let sheet = workbook.add_worksheet();
    let heading = match &list.unit {
        Some(unit) => format!("{}\n（{}）", list.title, unit.0),
        None => list.title.clone(),
    };
    table_sheet(
        sheet,
        list.list_type.chinese_name(),
        &heading,
        columns,
        &formats,
    )?;
    write_rows(sheet, columns, &list.rows, None, &formats)?;
    if list.list_type.secret() {
        sheet.set_header("&L&\"黑体\"&12机密");
    }
    workbook.save_to_buffer()
}

/// The 整改台账 of one unit, pre-filled from its 问题清单: the unit fills in 整改措施 (one per
/// line), 整改状态 (a drop-down) and 整改结果, and returns it.
pub fn ledger_workbook(
    problem_list: &InspectionList,
    title: &str,
    date: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    let unit = problem_list.unit.as_ref().map_or("", |u| u.0.as_str());
    let formats = Formats::new();
    let mut workbook = workbook(date, title)?;
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
    table_sheet(sheet, "整改台账", title, &LEDGER, &formats)?;
    let rows = &problem_list.rows;
    write_rows(sheet, &LEDGER, rows, Some(unit), &formats)?;
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

/// One numbered copy of a secret document, as the 分发登记 lists it.
pub struct Distributed<'a> {
    /// The document's title.
    pub title: &'a str,
    /// 密级.
    pub classification: &'a str,
    /// 份号.
    pub copy_no: &'a str,
    /// Who receives it.
    pub recipient: &'a str,
    /// The file.
    pub output: &'a str,
}

/// The 分发登记 of the secret lists: one line per numbered copy, with room to sign for it.
pub fn distribution_workbook(
    copies: &[Distributed],
    title: &str,
    date: Option<&str>,
) -> Result<Vec<u8>, XlsxError> {
    const COLUMNS: [(&str, f64); 8] = [
        ("序号", 6.0),
        ("文件名称", 36.0),
        ("密级", 8.0),
        ("份号", 10.0),
        ("分送单位", 30.0),
        ("文件", 40.0),
        ("签收人", 12.0),
        ("签收日期", 14.0),
    ];
    let formats = Formats::new();
    let mut workbook = workbook(date, title)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name("分发登记")?;
    let last = (COLUMNS.len() - 1) as u16;
    sheet.merge_range(0, 0, 0, last, title, &formats.title)?;
    sheet.set_row_height(0, 36)?;
    for (i, (header, width)) in COLUMNS.iter().enumerate() {
        sheet.set_column_width(i as u16, *width)?;
        sheet.write_string_with_format(1, i as u16, *header, &formats.header)?;
    }
    for (r, copy) in copies.iter().enumerate() {
        let at = r as u32 + 2;
        sheet.write_number_with_format(at, 0, (r + 1) as f64, &formats.centred)?;
        let texts = [
            copy.title,
            copy.classification,
            copy.copy_no,
            copy.recipient,
            copy.output,
        ];
        for (c, text) in (1..).zip(texts) {
            sheet.write_string_with_format(at, c, text, &formats.cell)?;
        }
        sheet.write_blank(at, 6, &formats.cell)?;
        sheet.write_blank(at, 7, &formats.cell)?;
    }
    sheet.set_freeze_panes(2, 0)?;
    sheet.set_repeat_rows(0, 1)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_header("&L&\"黑体\"&12机密");
    workbook.save_to_buffer()
}

/// The drop-down a register column offers: the values of its list (the first word of each code,
/// which is the one the README gives), or the aspects of every framework.
fn drop_down(member: &str) -> Option<Vec<String>> {
    let words = |codes: &[(&str, &str)]| {
        let mut seen: Vec<&str> = Vec::new();
        let mut words = Vec::new();
        for (word, code) in codes {
            if !seen.contains(code) {
                seen.push(code);
                words.push(word.to_string());
            }
        }
        words
    };
    match member {
        "framework" => Some(words(FRAMEWORKS)),
        "type" => Some(words(ROUND_TYPES)),
        "common" | "immediate" => Some(words(YES_NO)),
        "aspect" => {
            // The numbers every framework has; the names differ by framework.
            let most = [
                Framework::FourImplementation,
                Framework::FiveAspects2024,
                Framework::ThreeFocus,
                Framework::FourFocusGrassroots,
                Framework::ThreeBigProblems,
            ]
            .iter()
            .map(|f| f.aspects().len())
            .max()
            .unwrap_or(0);
            Some((1..=most).map(|n| n.to_string()).collect())
        }
        _ => None,
    }
}

/// Rows of a register sheet the template's drop-downs and formats reach.
const TEMPLATE_ROWS: u32 = 500;

/// The empty register for `round --template`: a 填表说明 sheet, then each register sheet with
/// its headers (required ones marked *), one filled example row, drop-downs on the columns with
/// a list (问题框架, 巡察类型, 方面, 是否共性问题, 是否立行立改; other values are still read, as the
/// README says) and date formats on the date columns.
pub fn register_template() -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut workbook = workbook(Some("2024-01-01"), "巡察问题登记表")?;
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
            let c = i as u16;
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
            page.set_column_width(c, width)?;
            page.write_string_with_format(0, c, &header, &formats.header)?;
            let example = sheet.example.get(i).copied().unwrap_or_default();
            let member = match column.fills {
                crate::model::sheet::Fill::Item(member) => member,
                _ => "",
            };
            match (column.cell, NaiveDate::parse_from_str(example, "%Y-%m-%d")) {
                (crate::model::sheet::Cell::Date, Ok(date)) => {
                    page.write_datetime_with_format(1, c, excel_date(date)?, &formats.date)?;
                }
                _ => {
                    page.write_string_with_format(1, c, example, &formats.cell)?;
                }
            }
            if let Some(values) = drop_down(member) {
                let validation = DataValidation::new()
                    .allow_list_strings(&values)?
                    .ignore_blank(true)
                    .set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Information)
                    .set_input_message(format!("从下拉列表选择，如：{}", values.join("、")))?;
                page.add_data_validation(1, c, TEMPLATE_ROWS, c, &validation)?;
            }
        }
        page.set_freeze_panes(1, 0)?;
    }
    workbook.save_to_buffer()
}
