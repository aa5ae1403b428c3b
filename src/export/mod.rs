//! Outputs beside the plain PDF, PNG and SVG of [`crate::engine`]: OFD ([`ofd`]), the PDF
//! standards a PDF can claim ([`pdf_standard`]) and a document's Typst project
//! ([`typst_project`]).

pub mod ofd;
pub mod pdf_standard;
pub mod typst_project;
