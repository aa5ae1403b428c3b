//! xuncha (巡察文书): structured data in, Chinese Party-inspection documents out, typeset to
//! GB/T 9704-2012 with Typst.
//!
//! The pipeline, one folder per stage, driven by the [`engine`]:
//!
//! [`input`] (strict JSON, validation, every error at its JSON Pointer) → [`model`] (one Rust
//! type per document kind, from which the schema is generated) → [`template`] (Tera expands a
//! kind's template into Typst source, every value escaped) → [`typeset`] (Typst lays it out in a
//! sandboxed world with the shared fonts) → [`export`] (PDF, PNG, SVG).
//!
//! Front doors around the engine: [`batch`] (many records to a zip or folder with a manifest)
//! and [`server`] (the HTTP API), both on the bounded [`pool`] of workers; the `xuncha` binary's
//! commands. Plumbing: [`failure`] (one shape for a failed document everywhere), [`watch`]
//! (re-rendering on change), [`walk`] (sorted directory listings).

pub mod assets;
pub mod batch;
pub mod engine;
pub mod export;
pub mod failure;
pub mod input;
pub mod model;
pub mod pool;
pub mod round;
pub mod server;
pub mod template;
pub mod typeset;
pub mod walk;
pub mod watch;

pub use engine::{Compiled, Engine, EngineConfig, RenderError, RenderedDocument, Validated};
pub use input::InputError;
pub use model::{DocKind, Document};
