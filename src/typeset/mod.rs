//! Typesetting: the generated Typst source laid out into pages, in a sandboxed world with the
//! process's fonts.
//!
//! - [`fonts`]: the font collection, scanned once; glyph coverage;
//! - [`world`]: the `World` of one document;
//! - [`diagnostics`]: Typst's errors and warnings as [`crate::diagnostics::Diagnostic`]s, with
//!   file, line and column.

pub mod diagnostics;
pub mod fonts;
pub mod world;
