//! PDF from laid-out pages, optionally claiming PDF/A or PDF/UA ([`super::pdf_standard`]).

use chrono::Datelike;
use typst::foundations::Smart;
use typst_layout::PagedDocument;

use super::pdf_standard::PdfStandard;
use super::{DocumentInfo, ExportError, ExportProblem};

/// The pages as PDF, claiming `standard` when one is given. The same pages and info always give
/// the same bytes: the identifier is `info.ident`, the timestamp `info.date`. Pages that cannot
/// meet the standard are an [`ExportError::Pdf`] naming the cause.
pub fn pdf(
    typeset: &PagedDocument,
    info: &DocumentInfo,
    standard: Option<PdfStandard>,
) -> Result<Vec<u8>, ExportError> {
    let prepared;
    let (typeset, standards) = match standard {
        Some(standard) => {
            prepared = standard.prepare(typeset);
            (&prepared, standard.to_typst())
        }
        None => (typeset, typst_pdf::PdfStandards::default()),
    };
    let timestamp = info
        .date
        .and_then(|d| {
            typst::foundations::Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
        })
        .map(typst_pdf::Timestamp::new_utc);
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(info.ident.clone()),
        timestamp,
        standards,
        ..Default::default()
    };
    typst_pdf::pdf(typeset, &options).map_err(|errors| {
        ExportError::Pdf(
            errors
                .iter()
                .map(|d| ExportProblem {
                    message: d.message.to_string(),
                    hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
                })
                .collect(),
        )
    })
}
