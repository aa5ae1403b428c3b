//! [`Record`]: one document to render and where it came from ([`Origin`]): a JSON file, a line
//! of JSON Lines, a group of spreadsheet rows, an item of a request. Batches, spreadsheets and
//! rounds all hand the renderer records.

use std::path::Path;

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::Value;

use crate::failure::Failure;

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Origin {
    /// The file, as given or found (`-` for standard input).
    pub file: String,
    /// 1-based line of a JSON Lines record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// The worksheet of a spreadsheet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based spreadsheet rows a document was made from.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<usize>,
}

impl Origin {
    /// A whole file.
    pub fn file(file: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            line: None,
            sheet: None,
            rows: Vec::new(),
        }
    }

    /// The file name without folder and extension (`{source}` in name patterns).
    pub fn stem(&self) -> String {
        Path::new(&self.file)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(sheet) = &self.sheet {
            write!(f, " 工作表「{sheet}」")?;
        }
        if !self.rows.is_empty() {
            let rows: Vec<String> = self.rows.iter().map(ToString::to_string).collect();
            write!(f, "（第 {} 行）", rows.join("、"))?;
        }
        Ok(())
    }
}

/// One input document, or why it could not be read.
#[derive(Debug)]
pub struct Record {
    /// Where it came from.
    pub source: Origin,
    /// The parsed JSON.
    pub input: Result<Value, Failure>,
}
