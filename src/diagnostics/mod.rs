//! What xuncha says about an input or a template, in the shapes every stage and front door
//! reports: [`InputError`] (one thing wrong with a document, at its JSON Pointer and, for a
//! spreadsheet, its [`SheetCell`]), [`Diagnostic`] (a Tera or Typst error or warning at a
//! template's file, line and column), and the JSON Pointer helpers ([`pointer`]).
//!
//! A leaf: it depends on no other module of the crate, so that input, model, templates and
//! typesetting can all report in these shapes without depending on each other.

mod input_error;
pub mod pointer;
mod source;

pub use input_error::{InputError, SheetCell};
pub use source::{Diagnostic, Severity, SourceLocation, hide_folders};
