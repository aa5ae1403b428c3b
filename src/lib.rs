//! xuncha (巡察文书): structured data in, Chinese Party-inspection documents out, typeset to
//! GB/T 9704-2012 with Typst.
//!
//! The pipeline, one folder per stage, driven by the [`engine`]:
//!
//! [`input`] (strict JSON, validation, every error at its JSON Pointer) → [`model`] (one Rust
//! type per document kind, from which the schema is generated) → [`template`] (Tera expands a
//! kind's template into Typst source, every value escaped) → [`typeset`] (Typst lays it out in a
//! sandboxed world with the shared fonts) → [`export`] (PDF, PDF/A, OFD, PNG, SVG), in the
//! formats of the one table [`format`].
//!
//! Front doors around the engine: [`batch`] (many records to a zip or folder with a manifest),
//! [`round`] (a register workbook to every document of an inspection round) and [`server`] (the
//! HTTP API), all on the bounded [`pool`] of workers; the `xuncha` binary's commands. Shared
//! below them: [`sheet`] (spreadsheets read into rows with every cell's place) and
//! [`diagnostics`] (what is reported about an input or a template, a leaf every stage uses).
//! Plumbing: [`failure`] (one shape for a failed document everywhere), [`watch`] (re-rendering
//! on change), [`walk`] (sorted directory listings), [`assets`] (finding fonts and templates).

pub mod assets;
pub mod batch;
pub mod diagnostics;
pub mod docx;
pub mod engine;
pub mod export;
pub mod failure;
pub mod format;
pub mod input;
pub mod model;
pub mod pool;
pub mod record;
pub mod round;
pub mod server;
pub mod sheet;
pub mod template;
pub mod typeset;
pub mod walk;
pub mod watch;

pub use diagnostics::InputError;
pub use engine::{Compiled, Engine, EngineConfig, RenderError, RenderedDocument, Validated};
pub use model::{DocKind, Document};
