//! [`SheetError`]: a spreadsheet that cannot be used at all, in words for a clerk.

/// A sheet that cannot be used at all. Every message is for a clerk.
#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    /// The file could not be opened or parsed.
    #[error("无法读取表格 {0}：{1}（请确认是 .xlsx、.xls、.ods 或 .csv 文件）")]
    Unreadable(String, String),
    /// The file was not read: it is not a workbook, or it passes a limit. The reason says
    /// what the file is and what to do.
    #[error("表格 {0} 未读取：{1}")]
    Refused(String, String),
    /// The kind is not made from sheets.
    #[error("「{name}」（{kind}）不能由表格生成；可由表格生成的文书：{possible}")]
    NotFromSheets {
        /// The kind asked for (`doc_kind`).
        kind: &'static str,
        /// Its Chinese name.
        name: &'static str,
        /// The kinds that can.
        possible: String,
    },
    /// No sheet has the columns the kind needs.
    #[error("{file}：{place}缺少列 {missing}。找到的列：{found}")]
    MissingColumns {
        /// The spreadsheet.
        file: String,
        /// The worksheet looked at, in words.
        place: String,
        /// The headers missing, with near misses.
        missing: String,
        /// The headers that are there.
        found: String,
    },
    /// `--kind` was not given and the sheet does not say.
    #[error("{file}：{reason}，请用 --kind 指明要生成的文书（{possible}）")]
    KindUnknown {
        /// The spreadsheet.
        file: String,
        /// Why, in words.
        reason: String,
        /// The kinds that can be made from sheets, with the columns they need.
        possible: String,
    },
    /// `--group-by` names no grouping of the kind.
    #[error("「{name}」不能按「{given}」分组；可选：{possible}")]
    Grouping {
        /// The kind's Chinese name.
        name: &'static str,
        /// What was asked for.
        given: String,
        /// The groupings.
        possible: String,
    },
    /// The shared fields are not usable.
    #[error("共用字段（--shared）：{0}")]
    Shared(String),
}
