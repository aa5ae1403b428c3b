//! OFD (GB/T 33190-2016, the Chinese national fixed-layout format) from laid-out pages.
//!
//! [`ofd`] writes the same `PagedDocument` that becomes the PDF as an OFD package: one
//! `Content.xml` per page with its text runs ([`text`]), shapes ([`shape`]) and images
//! ([`media`]) found by walking the frames ([`content`]), the fonts embedded as subsets that
//! keep a cmap ([`fonts`]), and the package files around them ([`package`]). The same pages
//! and options always give the same bytes.

mod content;
mod fonts;
mod geometry;
mod ids;
mod media;
mod package;
mod resources;
mod shape;
mod text;
mod xml;

use chrono::NaiveDate;
use typst_layout::PagedDocument;

/// The kind of OFD document (`DocType`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OfdDocType {
    /// `OFD`: an ordinary document.
    #[default]
    Ofd,
    /// `OFD-A`: a document for archiving.
    OfdA,
}

impl OfdDocType {
    /// The `DocType` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            OfdDocType::Ofd => "OFD",
            OfdDocType::OfdA => "OFD-A",
        }
    }
}

/// How to write the package.
#[derive(Debug, Clone, Default)]
pub struct OfdOptions {
    /// `DocType`: ordinary or archival.
    pub doc_type: OfdDocType,
    /// `CreationDate` when the document sets no date of its own (xuncha passes the 成文日期);
    /// no date is written when neither has one.
    pub creation_date: Option<NaiveDate>,
}

/// Why a document could not be written as OFD.
#[derive(Debug, thiserror::Error)]
pub enum OfdError {
    /// The pages use something OFD output does not support.
    #[error("cannot write OFD: {0}")]
    Unsupported(String),
    /// A font could not be embedded.
    #[error("cannot embed the font {family} in the OFD: {reason}")]
    Font {
        /// The font's family.
        family: String,
        /// What went wrong.
        reason: String,
    },
    /// The zip package could not be written.
    #[error("cannot write the OFD package: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// Writes `document` as an OFD package (a zip file).
pub fn ofd(document: &PagedDocument, options: &OfdOptions) -> Result<Vec<u8>, OfdError> {
    package::write(document, options)
}
