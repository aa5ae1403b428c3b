//! [`InputError`]: one thing wrong with an input document, at its JSON path.

use schemars::JsonSchema;
use serde::Serialize;

/// One thing wrong with an input document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct InputError {
    /// JSON Pointer to the offending value, e.g. `/problem_groups/2/problems/0/description`.
    pub path: String,
    /// What is wrong and how to fix it, in Chinese.
    pub message: String,
    /// The spreadsheet cell the value came from, for documents made from a sheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<Box<SheetCell>>,
}

/// A spreadsheet cell, as a clerk finds it: worksheet, row, column letters and header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct SheetCell {
    /// The worksheet's name (none for CSV).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based row number.
    pub row: usize,
    /// Column letters (`C`), when the error is about one cell rather than the whole row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The column's header as the kind knows it (反馈时限).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
}

impl SheetCell {
    /// An error at `path` about this cell; the message starts with where the cell is.
    pub fn error(&self, path: impl Into<String>, message: impl std::fmt::Display) -> InputError {
        InputError {
            path: path.into(),
            message: format!("{self}：{message}"),
            cell: Some(Box::new(self.clone())),
        }
    }
}

impl std::fmt::Display for SheetCell {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(sheet) = &self.sheet {
            write!(f, "工作表「{sheet}」")?;
        }
        write!(f, "第 {} 行", self.row)?;
        match (&self.header, &self.column) {
            (Some(header), _) => write!(f, "「{header}」"),
            (None, Some(column)) => write!(f, "第 {column} 列"),
            (None, None) => Ok(()),
        }
    }
}

impl InputError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            cell: None,
        }
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A spreadsheet cell that fills no document field (a register's) is named by the cell
        // its message starts with.
        if self.path.is_empty() && self.cell.is_some() {
            return f.write_str(&self.message);
        }
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}
