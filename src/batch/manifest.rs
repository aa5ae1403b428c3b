//! `manifest.json`: one entry for every input record, whatever became of it.

use schemars::JsonSchema;
use serde::Serialize;

use crate::diagnostics::InputError;
use crate::diagnostics::{Diagnostic, hide_folders};
use crate::failure::{Failure, Stage};
use crate::record::Origin;

/// What became of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Its file was written.
    Ok,
    /// It failed; `errors` and `message` say why.
    Error,
    /// Not attempted, because `--fail-fast` stopped the batch earlier.
    Skipped,
}

/// One record of the batch.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Entry {
    /// 1-based position in the batch.
    pub index: usize,
    /// Where the record came from.
    pub source: Origin,
    /// What became of it.
    pub status: Status,
    /// `doc_kind`, once known.
    pub doc_kind: Option<String>,
    /// The title, once known.
    pub title: Option<String>,
    /// File name of the document's file (PDF, OFD, Word draft).
    pub output: Option<String>,
    /// File name of its Word draft, written beside it when drafts are asked for
    /// (`--drafts`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    /// Pages of the document as laid out; null for a Word draft, which Word or WPS paginate.
    pub pages: Option<usize>,
    /// Size of the file in bytes.
    pub bytes: Option<usize>,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: Option<String>,
    /// The step that failed.
    pub stage: Option<Stage>,
    /// Why it failed, in one line.
    pub message: Option<String>,
    /// Every error in the input, with its JSON path.
    pub errors: Vec<InputError>,
    /// Typst's errors and warnings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diagnostics: Vec<Diagnostic>,
    /// Characters no font can draw, when they were allowed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_glyphs: Vec<InputError>,
}

impl Entry {
    /// The entry with every path inside one of `folders` written from that folder (see
    /// [`crate::diagnostics::hide_folders`]).
    pub fn hide_folders(&mut self, folders: &[String]) {
        if let Some(message) = &mut self.message {
            hide_folders(message, folders);
        }
        for diagnostic in &mut self.diagnostics {
            diagnostic.hide_folders(folders);
        }
    }

    /// An entry for a record that has not produced anything yet.
    pub fn new(index: usize, source: Origin, status: Status) -> Self {
        Self {
            index,
            source,
            status,
            doc_kind: None,
            title: None,
            output: None,
            draft: None,
            pages: None,
            bytes: None,
            sha256: None,
            stage: None,
            message: None,
            errors: Vec::new(),
            diagnostics: Vec::new(),
            missing_glyphs: Vec::new(),
        }
    }

    /// A failed record.
    pub fn failed(index: usize, source: Origin, failure: Failure) -> Self {
        Self {
            stage: Some(failure.stage),
            message: Some(failure.message),
            errors: failure.errors,
            diagnostics: failure.diagnostics,
            ..Self::new(index, source, Status::Error)
        }
    }
}

/// The whole manifest.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Manifest {
    /// The program that wrote it, e.g. `xuncha 0.1.0`.
    pub generator: String,
    /// Number of records.
    pub total: usize,
    /// Records rendered.
    pub ok: usize,
    /// Records that failed.
    pub failed: usize,
    /// Records skipped after `--fail-fast` stopped the batch.
    pub skipped: usize,
    /// Warnings about the inputs as a whole, such as spreadsheet columns that were not used.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
    /// Every record, in input order.
    pub documents: Vec<Entry>,
}

impl Manifest {
    /// Counts the entries; `warnings` are about the inputs as a whole.
    pub fn new(documents: Vec<Entry>, warnings: Vec<String>) -> Self {
        let count = |status| documents.iter().filter(|e| e.status == status).count();
        Self {
            generator: format!("xuncha {}", env!("CARGO_PKG_VERSION")),
            total: documents.len(),
            ok: count(Status::Ok),
            failed: count(Status::Error),
            skipped: count(Status::Skipped),
            warnings,
            documents,
        }
    }

    /// Whether every record rendered.
    pub fn all_ok(&self) -> bool {
        self.ok == self.total
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("the manifest serializes");
        bytes.push(b'\n');
        bytes
    }
}
