//! Typed input documents: one Rust file per document kind, from which the JSON Schema is
//! generated, and the registry of kinds ([`KINDS`]).
//!
//! Inside, the files depend on each other in one direction: `common` and `attachment` (building
//! blocks) ← `shared` (the fields every kind shares) ← `frame` (the `gongwen(...)` arguments) and
//! `rules` (the cross-field rule vocabulary, [`Checks`]) ← `kind` (the [`Kind`] trait) ← one file
//! per kind ← `erased` and `registry` ([`DocKind`], [`KINDS`]) ← `document` ([`Document`]).
//! To add a kind, see `docs/ARCHITECTURE.md`, “Adding a document kind”.

mod attachment;
pub mod cc_notice;
pub mod common;
mod document;
mod erased;
pub mod feedback;
mod fields;
mod frame;
pub mod inspection_list;
mod kind;
pub mod labels;
pub mod recommendation;
pub mod rectification_notice;
pub mod rectification_report;
pub mod rectification_review;
mod registry;
mod rules;
pub mod schema;
mod shared;
pub mod sheet;
pub mod title_breaks;

pub use attachment::*;
pub use cc_notice::CcNotice;
pub use common::*;
pub use document::Document;
pub use feedback::Feedback;
pub use frame::{Frame, FrameText};
pub use inspection_list::InspectionList;
pub use kind::{Kind, KindTag, standard_frame};
pub use recommendation::RecommendationLetter;
pub use rectification_notice::RectificationNotice;
pub use rectification_report::RectificationReport;
pub use rectification_review::RectificationReview;
pub use registry::{DocKind, KINDS, ReadError};
pub use rules::Checks;
pub use shared::{Common, SharedFields};
