//! xuncha (巡察文书): structured data in, Chinese Party-inspection documents out, typeset to
//! GB/T 9704-2012 with Typst.
//!
//! The flow is: JSON → [`validate`] (schema from [`model`] + cross-field rules) →
//! [`templates`] (Tera, every value escaped by [`escape`]) → [`world`] (sandboxed Typst
//! world with the shared [`fonts`]) → [`engine`] (compile, PDF/PNG export).
//!
//! Around the engine: [`pool`] (bounded worker threads), [`batch`] (many records to a zip or
//! folder with a manifest), [`server`] (the HTTP API), [`sourcemap`] and [`watch`] (template
//! authoring: errors at the `.tera` line, re-rendering on change), [`failure`] (one shape for a
//! failed document everywhere).

pub mod batch;
pub mod diagnostics;
pub mod engine;
pub mod escape;
pub mod export;
pub mod failure;
pub mod fonts;
pub mod json;
pub mod model;
pub mod pool;
pub mod server;
pub mod sourcemap;
pub mod templates;
pub mod validate;
pub mod walk;
pub mod watch;
pub mod world;

pub use engine::{Compiled, Engine, EngineConfig, RenderError, RenderedPdf};
pub use model::{DocKind, Document};
pub use validate::InputProblem;
