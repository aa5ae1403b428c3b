//! A document being built ([`Draft`]: the cell each value came from, the rows it draws on, what
//! it needs and lacks) and what a builder hands back ([`Planned`]).

use serde::Serialize;

use crate::diagnostics::InputError;
use crate::failure::{Failure, Stage};
use crate::model::InspectionList;
use crate::record::{Origin, Record};
use crate::round::register::RegisterRow;
use crate::sheet::places::Places;

/// Where a document goes when the round is laid out by unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// The folder of the unit at this index of the 单位 sheet.
    Unit(usize),
    /// 抄告单 concerning several units (a 镇 leader's, a 镇 department's).
    SharedNotices,
    /// 建议书.
    Recommendations,
    /// The round's lists and their workbooks.
    Lists,
}

/// A workbook a list document becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorkbookKind {
    /// The list itself.
    List,
    /// A unit's 整改台账, pre-filled from its 问题清单.
    Ledger,
}

/// A workbook to make from a list document once it is valid.
#[derive(Debug, Clone)]
pub struct WorkbookPlan {
    /// The file name without `.xlsx`.
    pub stem: String,
    /// What it is, e.g. 问题清单（市卫健委）.
    pub title: String,
    /// Which workbook.
    pub kind: WorkbookKind,
}

/// One numbered copy of a secret document.
#[derive(Debug, Clone, Serialize)]
pub struct CopyOf {
    /// 份号, six digits.
    pub copy_no: String,
    /// Who receives it (the 巡察办 keeps one; the rest are spare).
    pub recipient: String,
}

/// A document of the round: its record, where its values came from, the 问题编号 it carries,
/// where it goes and what it is called, and the workbooks it becomes.
pub struct Planned {
    /// The record to render.
    pub record: Record,
    /// The cell of each value, to tell the renderer's errors at their cells.
    pub places: Places,
    /// The 问题编号 it prints.
    pub problems: Vec<String>,
    /// Its folder in a by-unit layout.
    pub home: Home,
    /// Its file name without index and extension.
    pub stem: String,
    /// The workbooks it becomes when valid.
    pub workbooks: Vec<WorkbookPlan>,
    /// The list they are made from.
    pub list: Option<InspectionList>,
    /// The numbered copy this is, for a secret document.
    pub copy: Option<CopyOf>,
}

/// A document being built: where each value came from, the rows it draws on, and the cells it
/// needs but cannot use.
pub(super) struct Draft {
    pub(super) places: Places,
    pub(super) problems: Vec<String>,
    sheet: String,
    pub(super) rows: Vec<usize>,
    /// Cells the document cannot do without that are empty or wrong.
    pub(super) needs: Vec<InputError>,
}

impl Draft {
    pub(super) fn new(sheet: &str) -> Self {
        Self {
            places: Places::default(),
            problems: Vec::new(),
            sheet: sheet.to_string(),
            rows: Vec::new(),
            needs: Vec::new(),
        }
    }

    /// Records that the list item at `at` comes from `row`: the whole row for errors about the
    /// item, and each `(member of the item, register column)` at its cell.
    pub(super) fn place_item(&mut self, at: &str, row: &RegisterRow, members: &[(&str, &str)]) {
        self.places.add(at, row.whole());
        for (member, column) in members {
            self.places.add(format!("{at}/{member}"), row.cell(column));
        }
    }

    /// The document prints the finding of `row` numbered `id`: its row is one of the
    /// document's, its 问题编号 one the document carries.
    pub(super) fn carry(&mut self, row: &RegisterRow, id: &str) {
        self.rows.push(row.number);
        self.problems.push(id.to_string());
    }

    /// A cell of `row` the document cannot do without: its text, or `None` with why.
    pub(super) fn need<'r>(&mut self, row: &'r RegisterRow, member: &str) -> Option<&'r str> {
        let text = row.text(member);
        if text.is_none() {
            let why = row
                .bad(member)
                .cloned()
                .unwrap_or_else(|| row.cell(member).error("", "为空，本文书需要此项"));
            self.needs.push(why);
        }
        text
    }

    /// The planned document: `document` as its kind's JSON, or, when a cell it needs is empty
    /// or wrong, a failure naming each such cell.
    pub(super) fn finish<K: Serialize>(
        mut self,
        file: &str,
        what: String,
        (home, stem): (Home, String),
        document: Option<K>,
    ) -> Planned {
        self.rows.sort_unstable();
        self.rows.dedup();
        // A cell needed by several items is told once.
        let mut told = Vec::new();
        self.needs.retain(|e| {
            let key = (e.cell.clone(), e.message.clone());
            let new = !told.contains(&key);
            told.push(key);
            new
        });
        let source = Origin {
            sheet: Some(self.sheet),
            rows: self.rows,
            ..Origin::file(file)
        };
        debug_assert!(
            document.is_some() || !self.needs.is_empty(),
            "{what}: a document not built says which cell it lacks"
        );
        let input = match document {
            Some(document) if self.needs.is_empty() => {
                Ok(serde_json::to_value(document).expect("documents serialize"))
            }
            _ => Err(Failure {
                errors: self.needs,
                ..Failure::new(Stage::Validate, format!("{what}无法生成"))
            }),
        };
        Planned {
            record: Record { source, input },
            places: self.places,
            problems: self.problems,
            home,
            stem,
            workbooks: Vec::new(),
            list: None,
            copy: None,
        }
    }
}

/// A document that cannot be built, with the errors of the rows it needs.
pub(super) fn failed(
    file: &str,
    row: &RegisterRow,
    what: String,
    (home, stem): (Home, String),
    errors: Vec<InputError>,
) -> Planned {
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
        places: Places::default(),
        problems: Vec::new(),
        home,
        stem,
        workbooks: Vec::new(),
        list: None,
        copy: None,
    }
}

/// Lines of a cell, trimmed, blank ones dropped.
pub(super) fn lines(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// “标题：内容” split at the first colon; a line without one is all heading.
pub(super) fn heading_and_text(line: &str) -> (String, Option<String>) {
    match line.split_once(['：', ':']) {
        Some((heading, text)) if !heading.trim().is_empty() && !text.trim().is_empty() => {
            (heading.trim().to_string(), Some(text.trim().to_string()))
        }
        _ => (line.to_string(), None),
    }
}
