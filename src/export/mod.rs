//! Files out of laid-out pages: PDF ([`pdf`], also claiming PDF/A or PDF/UA,
//! [`pdf_standard`]), PNG and SVG pages ([`pages`]), and OFD ([`ofd`]).
//!
//! A leaf over Typst's `PagedDocument`: it knows nothing of documents, kinds or the engine.
//! What a file records about its document (an identifier, a date) comes in [`DocumentInfo`];
//! what went wrong goes out as an [`ExportError`], which the engine wraps.

pub mod ofd;
pub mod pages;
pub mod pdf;
pub mod pdf_standard;

use chrono::NaiveDate;

use ofd::OfdError;

/// What a file records about the document it holds, besides its pages.
#[derive(Debug, Clone)]
pub struct DocumentInfo {
    /// A stable identifier (PDF's document id): the same document, the same identifier.
    pub ident: String,
    /// The document's date (its 成文日期), as the file's creation date, so that the same input
    /// gives the same bytes.
    pub date: Option<NaiveDate>,
}

/// Something a writer reported, with its hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportProblem {
    /// What is wrong.
    pub message: String,
    /// How to fix it, when the writer says.
    pub hints: Vec<String>,
}

/// Why laid-out pages could not be written in a format.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// typst-pdf refused the pages, e.g. a transparent seal image under PDF/A-1b.
    #[error("cannot write the PDF: {}", .0.iter().map(|p| p.message.as_str()).collect::<Vec<_>>().join("; "))]
    Pdf(Vec<ExportProblem>),
    /// The OFD writer refused the pages.
    #[error(transparent)]
    Ofd(#[from] OfdError),
}

impl ExportError {
    /// Every problem with its hints, for reports that list them one by one.
    pub fn problems(&self) -> Vec<ExportProblem> {
        match self {
            Self::Pdf(problems) => problems.clone(),
            Self::Ofd(error) => vec![ExportProblem {
                message: error.to_string(),
                hints: Vec::new(),
            }],
        }
    }
}
