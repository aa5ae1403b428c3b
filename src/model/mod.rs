//! Typed input documents: one Rust file per document kind, from which the JSON Schema is
//! generated, and the registry of kinds ([`KINDS`]).
//!
//! To add a kind: write its file (fields with [`document_fields!`](crate::document_fields),
//! and `impl Kind`), list it in [`KINDS`], and give it a template folder named after its
//! `doc_kind` (see `docs/ARCHITECTURE.md`).

mod attachment;
pub mod cc_notice;
pub mod common;
mod document;
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
pub mod schema;
pub mod sheet;

pub use attachment::*;
pub use cc_notice::CcNotice;
pub use common::*;
pub use document::{Common, Document};
pub use feedback::Feedback;
pub use frame::Frame;
pub use inspection_list::InspectionList;
pub use kind::{DocKind, Kind, KindTag, ReadError, SharedFields};
pub use recommendation::RecommendationLetter;
pub use rectification_notice::RectificationNotice;
pub use rectification_report::RectificationReport;
pub use rectification_review::RectificationReview;

/// Every kind, in the order they are listed to users.
pub const KINDS: &[DocKind] = &[
    DocKind::of::<Feedback>(),
    DocKind::of::<CcNotice>(),
    DocKind::of::<RecommendationLetter>(),
    DocKind::of::<RectificationReport>(),
    DocKind::of::<RectificationNotice>(),
    DocKind::of::<RectificationReview>(),
    DocKind::of::<InspectionList>(),
];
