//! [`Compiled`]: a laid-out document, and the files it becomes in each format of the table
//! ([`crate::format`]).

use typst_layout::PagedDocument;

use super::error::RenderError;
use crate::diagnostics::{Diagnostic, InputError};
use crate::export::ofd::{OfdDocType, OfdOptions};
use crate::export::pdf_standard::PdfStandard;
use crate::export::{DocumentInfo, ExportError, ofd, pages, pdf};
use crate::format::{DocumentFormat, Format};
use crate::model::Document;

/// A laid-out document with everything said about it.
pub struct Compiled {
    /// The validated input.
    pub document: Document,
    /// Pages and frames, as Typst laid them out.
    pub typeset: PagedDocument,
    /// Typst warnings; the bundled templates produce none.
    pub warnings: Vec<Diagnostic>,
    /// Characters no font can draw, when they are allowed (`allow_missing_glyphs`).
    pub missing_glyphs: Vec<InputError>,
}

impl Compiled {
    /// The whole document in `format`: each format's writer. [`super::Engine::render`] is
    /// the way in; it writes a Word draft itself, from the document rather than the pages.
    pub(super) fn export(&self, format: DocumentFormat) -> Result<Vec<u8>, RenderError> {
        let standard = format.pdf_standard();
        let written = match format.format() {
            Format::Pdf => pdf::pdf(&self.typeset, &self.info(), standard),
            Format::Ofd => self.ofd(OfdDocType::Ofd),
            Format::OfdA => self.ofd(OfdDocType::OfdA),
            Format::Docx => unreachable!("Engine::render writes a draft from the document"),
            Format::Png | Format::Svg | Format::Typst => {
                unreachable!("a DocumentFormat holds the whole document in one file")
            }
        };
        Ok(written?)
    }

    /// The document as PDF. The same input always gives the same bytes: the identifier comes
    /// from the kind and title, the timestamp is the 成文日期.
    pub fn pdf(&self) -> Result<Vec<u8>, RenderError> {
        Ok(pdf::pdf(&self.typeset, &self.info(), None)?)
    }

    /// The document as a PDF that claims `standard` (PDF/A or PDF/UA). A document that cannot
    /// meet it is a [`RenderError::Export`] whose message names the cause.
    pub fn pdf_with_standard(&self, standard: PdfStandard) -> Result<Vec<u8>, RenderError> {
        Ok(pdf::pdf(&self.typeset, &self.info(), Some(standard))?)
    }

    /// Each page as a PNG at `dpi` dots per inch.
    pub fn png_pages(&self, dpi: f32) -> Vec<Vec<u8>> {
        pages::png_pages(&self.typeset, dpi)
    }

    /// The page at 0-based `index` as a PNG, if there is such a page.
    pub fn png_page(&self, index: usize, dpi: f32) -> Option<Vec<u8>> {
        pages::png_page(&self.typeset, index, dpi)
    }

    /// The page at 0-based `index` as an SVG image, if there is such a page.
    pub fn svg_page(&self, index: usize) -> Option<String> {
        pages::svg_page(&self.typeset, index)
    }

    fn ofd(&self, doc_type: OfdDocType) -> Result<Vec<u8>, ExportError> {
        let options = OfdOptions {
            doc_type,
            creation_date: self.info().date,
        };
        Ok(ofd::ofd(&self.typeset, &options)?)
    }

    /// What the files record of the document: an identifier from its kind and title, and its
    /// 成文日期.
    fn info(&self) -> DocumentInfo {
        DocumentInfo {
            ident: format!(
                "xuncha-{}-{}",
                self.document.kind(),
                stable_hash(self.document.title())
            ),
            date: self.document.date(),
        }
    }
}

/// FNV-1a: a hash that stays the same across builds and platforms.
fn stable_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{hash:016x}")
}
