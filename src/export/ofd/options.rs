//! How to write an OFD package ([`OfdOptions`], [`OfdDocType`]) and why it could not be
//! written ([`OfdError`]).

use chrono::NaiveDate;

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
