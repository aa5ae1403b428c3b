//! Files out of a document: PDF (also claiming PDF/A or PDF/UA, [`pdf_standard`]),
//! PNG and SVG here; OFD ([`ofd`]); and a document's Typst project ([`typst_project`]).

pub mod docx;
pub mod ofd;
pub mod pdf_standard;
pub mod typst_project;

use chrono::Datelike;
use typst::foundations::Smart;

use std::fmt;
use std::str::FromStr;

use typst_layout::PagedDocument;

use crate::engine::{Compiled, RenderError};
use crate::typeset::diagnostics::Diagnostic;
use ofd::{OfdDocType, OfdOptions};
use pdf_standard::PdfStandard;

/// A file that holds the whole document: PDF (optionally claiming a PDF standard) or OFD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentFormat {
    /// PDF 1.7.
    #[default]
    Pdf,
    /// A PDF that claims PDF/A or PDF/UA.
    PdfStandard(PdfStandard),
    /// OFD (GB/T 33190-2016), `DocType` OFD or OFD-A (archival).
    Ofd(OfdDocType),
}

impl DocumentFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf | Self::PdfStandard(_) => "pdf",
            Self::Ofd(_) => "ofd",
        }
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Pdf | Self::PdfStandard(_) => "application/pdf",
            Self::Ofd(_) => "application/ofd",
        }
    }

    /// The format from a format name (`pdf`, `ofd`, `ofd-a`) and an optional PDF standard
    /// (`a-2b`, `a-2u`, `a-1b`, `ua-1`), which only PDF takes.
    pub fn parse(format: &str, standard: Option<&str>) -> Result<Self, String> {
        let standard = standard
            .map(|s| PdfStandard::from_str(s).map_err(|e| e.to_string()))
            .transpose()?;
        match (format, standard) {
            ("pdf", None) => Ok(Self::Pdf),
            ("pdf", Some(standard)) => Ok(Self::PdfStandard(standard)),
            ("ofd" | "ofd-a", Some(_)) => Err(format!(
                "PDF 标准（pdf_standard）只适用于 PDF 格式，不适用于 {format}"
            )),
            ("ofd", None) => Ok(Self::Ofd(OfdDocType::Ofd)),
            ("ofd-a", None) => Ok(Self::Ofd(OfdDocType::OfdA)),
            (other, _) => Err(format!("未知的格式“{other}”，可选：pdf、ofd、ofd-a")),
        }
    }
}

impl fmt::Display for DocumentFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Pdf => f.write_str("pdf"),
            Self::PdfStandard(standard) => write!(f, "pdf ({standard})"),
            Self::Ofd(OfdDocType::Ofd) => f.write_str("ofd"),
            Self::Ofd(OfdDocType::OfdA) => f.write_str("ofd-a"),
        }
    }
}

impl Compiled {
    /// The whole document in `format`.
    pub fn export(&self, format: DocumentFormat) -> Result<Vec<u8>, RenderError> {
        match format {
            DocumentFormat::Pdf => self.pdf(),
            DocumentFormat::PdfStandard(standard) => self.pdf_with_standard(standard),
            DocumentFormat::Ofd(doc_type) => {
                let options = OfdOptions {
                    doc_type,
                    creation_date: self.document.common().signature.date.parse(),
                };
                ofd::ofd(&self.typeset, &options).map_err(|e| {
                    RenderError::Typst(vec![Diagnostic {
                        severity: "error",
                        message: format!("cannot write OFD: {e}"),
                        location: None,
                        hints: Vec::new(),
                    }])
                })
            }
        }
    }

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
