//! Why an engine could not start ([`EngineError`]) and why a document could not be rendered
//! ([`RenderError`]).

use std::path::PathBuf;

use crate::diagnostics::{Diagnostic, InputError};
use crate::docx::DocxError;
use crate::export::ExportError;
use crate::template::TemplateLoadError;

/// Why an engine could not start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The fonts could not be read.
    #[error("cannot load fonts")]
    Fonts(#[from] std::io::Error),
    /// No font was found at all.
    #[error("no fonts found in {0:?}")]
    NoFonts(Vec<PathBuf>),
    /// The templates could not be loaded.
    #[error(transparent)]
    Templates(#[from] TemplateLoadError),
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The input has errors; every one is listed.
    #[error("the document has {} error(s):{}", .0.len(), .0.iter().map(|e| format!("\n  {e}")).collect::<String>())]
    Invalid(Vec<InputError>),
    /// Tera failed on the entry template.
    #[error("template error: {}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Template(Vec<Diagnostic>),
    /// Typst laid the document out, but its layout did not converge: a template bug.
    #[error("the layout did not converge: {}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Unconverged(Vec<Diagnostic>),
    /// Typst failed to compile the document.
    #[error("typesetting failed: {}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Typst(Vec<Diagnostic>),
    /// The laid-out pages cannot be written in the format asked for (a PDF standard they cannot
    /// meet, something OFD cannot hold).
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The Word draft could not be written (a kind without a draft writer).
    #[error(transparent)]
    Draft(#[from] DocxError),
}
