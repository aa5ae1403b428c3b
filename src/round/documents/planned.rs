//! What the builders of a round's documents hand back ([`Planned`], or a document that cannot
//! be built, [`failed`]) and the register's errors by row ([`RowErrors`]).

use std::collections::BTreeMap;

use crate::diagnostics::InputError;
use crate::failure::{Failure, Stage};
use crate::record::{Origin, Record};
use crate::round::register::RegisterRow;

/// A document of the round and the 问题编号 it carries.
pub struct Planned {
    /// The record to render.
    pub record: Record,
    /// The 问题编号 it prints.
    pub problems: Vec<String>,
    /// The inspected unit it goes to or is about (its 反馈意见, 立行立改通知书, 问题清单, and the
    /// 抄告单 to its leaders and departments); `None` for the round's own (建议书, 共性问题清单,
    /// 问题线索清单).
    pub unit: Option<String>,
}

impl Planned {
    /// The document, as one of `unit`'s.
    pub fn of_unit(self, unit: &str) -> Self {
        Self {
            unit: Some(unit.to_string()),
            ..self
        }
    }
}

/// A document that cannot be built, with the errors of the rows it needs.
pub fn failed(file: &str, row: &RegisterRow, what: String, errors: Vec<InputError>) -> Planned {
    Planned {
        record: Record {
            source: Origin {
                sheet: Some(row.sheet.clone()),
                rows: vec![row.number],
                ..Origin::file(file)
            },
            input: Err(Failure {
                errors,
                ..Failure::new(Stage::Validate, what)
            }),
        },
        problems: Vec::new(),
        unit: None,
    }
}

/// The register's cell errors by sheet and row.
pub struct RowErrors(BTreeMap<(String, usize), Vec<InputError>>);

impl RowErrors {
    /// The errors that name a cell, by its sheet and row.
    pub fn of(errors: &[InputError]) -> Self {
        let mut by_row: BTreeMap<(String, usize), Vec<InputError>> = BTreeMap::new();
        for error in errors {
            if let Some(cell) = &error.cell {
                let key = (cell.sheet.clone().unwrap_or_default(), cell.row);
                by_row.entry(key).or_default().push(error.clone());
            }
        }
        Self(by_row)
    }

    /// The errors of one row.
    pub fn of_row(&self, row: &RegisterRow) -> Vec<InputError> {
        self.0
            .get(&(row.sheet.clone(), row.number))
            .cloned()
            .unwrap_or_default()
    }

    /// Whether a row has errors.
    pub fn has(&self, row: &RegisterRow) -> bool {
        self.0.contains_key(&(row.sheet.clone(), row.number))
    }

    /// Every error of one sheet.
    pub fn of_sheet(&self, sheet: &str) -> Vec<InputError> {
        self.0
            .iter()
            .filter(|((s, _), _)| s == sheet)
            .flat_map(|(_, errors)| errors.iter().cloned())
            .collect()
    }
}
