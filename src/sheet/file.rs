//! A spreadsheet file in memory, and the one reader every caller goes through: the command line
//! reads the file from disk, the HTTP service receives it as an upload, and both get the same
//! bounds (see [`super::workbook`]).

use std::path::Path;

use super::error::SheetError;
use super::table::{Table, read_csv};
use super::workbook::{read_workbook_bytes, too_large};
use crate::input::Limits;

/// A spreadsheet file held in memory: what the command line reads from disk and what the HTTP
/// service receives as an upload go through the same reader ([`read_tables`]), so every bound on
/// what a workbook may hold applies to both.
pub struct SheetFile {
    /// The file's name as the clerk knows it: named in messages; a `.csv` name makes it CSV
    /// (else the format is recognised from the bytes, see [`super::workbook`]).
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

impl SheetFile {
    /// Reads a file from disk, refusing one larger than any workbook read before reading it.
    pub fn read(path: &Path) -> Result<Self, SheetError> {
        let name = path.display().to_string();
        let size = std::fs::metadata(path)
            .map_err(|e| SheetError::Unreadable(name.clone(), e.to_string()))?
            .len();
        if let Some(reason) = too_large(size) {
            return Err(SheetError::Refused(name, reason));
        }
        match std::fs::read(path) {
            Ok(bytes) => Ok(Self { name, bytes }),
            Err(e) => Err(SheetError::Unreadable(name, e.to_string())),
        }
    }

    /// Whether its name ends in `.csv`, in any case.
    fn is_csv(&self) -> bool {
        Path::new(&self.name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
    }
}

/// Every worksheet of a workbook, in order (hidden ones left out), or the one table of a CSV
/// file; every size bounded by `limits` (see [`super::workbook`]).
pub fn read_tables(file: &SheetFile, limits: &Limits) -> Result<Vec<Table>, SheetError> {
    if file.is_csv() {
        if let Some(reason) = too_large(file.bytes.len() as u64) {
            return Err(SheetError::Refused(file.name.clone(), reason));
        }
        return Ok(vec![read_csv(&file.bytes, limits).map_err(|reason| {
            SheetError::Refused(file.name.clone(), reason)
        })?]);
    }
    read_workbook_bytes(&file.name, &file.bytes, limits)
}
