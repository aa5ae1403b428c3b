//! Files out of a laid-out document: PDF (also claiming PDF/A or PDF/UA, [`pdf_standard`]),
//! PNG and SVG here; OFD ([`ofd`]); and a document's Typst project ([`typst_project`]).

pub mod ofd;
pub mod pdf_standard;
pub mod typst_project;

use chrono::Datelike;
use typst::foundations::Smart;

use typst_layout::PagedDocument;

use crate::engine::{Compiled, RenderError};
use crate::typeset::diagnostics::Diagnostic;
use pdf_standard::PdfStandard;

impl Compiled {
    /// The document as PDF. The same input always gives the same bytes: the identifier comes
    /// from the kind and title, the timestamp is the 成文日期.
    pub fn pdf(&self) -> Result<Vec<u8>, RenderError> {
        self.pdf_claiming(&self.typeset, typst_pdf::PdfStandards::default())
    }

    /// The document as a PDF that claims `standard` (PDF/A or PDF/UA). A document that cannot
    /// meet it is a [`RenderError::Typst`] whose message names the cause.
    pub fn pdf_with_standard(&self, standard: PdfStandard) -> Result<Vec<u8>, RenderError> {
        let typeset = standard.prepare(&self.typeset);
        self.pdf_claiming(&typeset, standard.to_typst())
    }

    fn pdf_claiming(
        &self,
        typeset: &PagedDocument,
        standards: typst_pdf::PdfStandards,
    ) -> Result<Vec<u8>, RenderError> {
        let timestamp = self
            .document
            .common()
            .signature
            .date
            .parse()
            .and_then(|d| {
                typst::foundations::Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
            })
            .map(typst_pdf::Timestamp::new_utc);
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(format!(
                "xuncha-{}-{}",
                self.document.kind(),
                stable_hash(self.document.title())
            )),
            timestamp,
            standards,
            ..Default::default()
        };
        typst_pdf::pdf(typeset, &options).map_err(|errors| {
            RenderError::Typst(
                errors
                    .iter()
                    .map(|d| Diagnostic {
                        severity: "error",
                        message: d.message.to_string(),
                        location: None,
                        hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
                    })
                    .collect(),
            )
        })
    }

    /// Each page as a PNG at `dpi` dots per inch.
    pub fn png_pages(&self, dpi: f32) -> Vec<Vec<u8>> {
        (0..self.typeset.pages().len())
            .filter_map(|index| self.png_page(index, dpi))
            .collect()
    }

    /// The page at 0-based `index` as a PNG, if there is such a page.
    pub fn png_page(&self, index: usize, dpi: f32) -> Option<Vec<u8>> {
        let page = self.typeset.pages().get(index)?;
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(dpi) / 72.0),
            ..Default::default()
        };
        let png = typst_render::render(page, &options)
            .encode_png()
            .expect("encoding a rendered page as PNG cannot fail");
        Some(png)
    }

    /// The page at 0-based `index` as an SVG image, if there is such a page.
    pub fn svg_page(&self, index: usize) -> Option<String> {
        let page = self.typeset.pages().get(index)?;
        Some(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
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
