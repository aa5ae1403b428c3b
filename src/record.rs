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
            write!(f, "（{}）", row_runs(&self.rows))?;
        }
        Ok(())
    }
}

/// Row numbers in words, runs of consecutive rows as one range: 第 3–5、8、10–100002 行.
pub fn row_runs(rows: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &row in rows {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == row => *last = row,
            _ => runs.push((row, row)),
        }
    }
    let runs: Vec<String> = runs
        .iter()
        .map(|&(first, last)| match last - first {
            0 => first.to_string(),
            _ => format!("{first}–{last}"),
        })
        .collect();
    format!("第 {} 行", runs.join("、"))
}

/// One input document, or why it could not be read.
#[derive(Debug)]
pub struct Record {
    /// Where it came from.
    pub source: Origin,
    /// The parsed JSON.
    pub input: Result<Value, Failure>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_rows_are_ranges() {
        assert_eq!(row_runs(&[3]), "第 3 行");
        assert_eq!(row_runs(&[3, 4, 5, 8, 10, 11]), "第 3–5、8、10–11 行");
        let many: Vec<usize> = (3..=100_002).collect();
        assert_eq!(row_runs(&many), "第 3–100002 行");
    }
}
