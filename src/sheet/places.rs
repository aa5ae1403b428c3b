//! Where each value of a document built from a spreadsheet came from, so that an error the
//! validator finds at a JSON Pointer is told at the worksheet cell a clerk can fix.

use crate::diagnostics::{InputError, SheetCell};

/// A value's origin: the JSON Pointer it fills (a prefix of the paths of errors about it) and
/// its cell.
#[derive(Debug, Clone)]
pub struct Place {
    /// The JSON Pointer.
    pub pointer: String,
    /// The row and column.
    pub cell: SheetCell,
}

/// The origins of a document's values.
#[derive(Debug, Clone, Default)]
pub struct Places(Vec<Place>);

impl Places {
    /// Records that `pointer` was filled from `cell`.
    pub fn add(&mut self, pointer: impl Into<String>, cell: SheetCell) {
        self.0.push(Place {
            pointer: pointer.into(),
            cell,
        });
    }

    /// The first cell that filled exactly `pointer`.
    pub fn exact(&self, pointer: &str) -> Option<&SheetCell> {
        self.0
            .iter()
            .find(|p| p.pointer == pointer)
            .map(|p| &p.cell)
    }

    /// The cell of the longest recorded pointer that is `path` or a prefix of it.
    pub fn cell_of(&self, path: &str) -> Option<&SheetCell> {
        self.0
            .iter()
            .filter(|p| {
                path == p.pointer
                    || path
                        .strip_prefix(p.pointer.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|p| p.pointer.len())
            .map(|p| &p.cell)
    }

    /// `error` told at its cell, when a recorded pointer covers its path.
    pub fn locate(&self, error: &InputError) -> Option<InputError> {
        self.cell_of(&error.path)
            .map(|cell| cell.error(error.path.clone(), &error.message))
    }
}
