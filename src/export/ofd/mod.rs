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
mod options;
mod package;
mod resources;
mod shape;
mod text;
mod units;
mod xml;

use typst_layout::PagedDocument;

pub use options::{OfdDocType, OfdError, OfdOptions};

/// Writes `document` as an OFD package (a zip file).
pub fn ofd(document: &PagedDocument, options: &OfdOptions) -> Result<Vec<u8>, OfdError> {
    package::write(document, options)
}
