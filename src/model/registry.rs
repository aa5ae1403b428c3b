//! The registry of kinds: [`KINDS`], and [`DocKind`], a kind's entry, which the rest of the
//! program uses instead of the kind's type: its names, layouts, schema and how to read it.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

use schemars::Schema;
use serde::{Serialize, Serializer};
use serde_json::Value;

use super::cc_notice::CcNotice;
use super::common::Layout;
use super::erased::AnyKind;
use super::feedback::Feedback;
use super::inspection_list::InspectionList;
use super::kind::Kind;
use super::recommendation::RecommendationLetter;
use super::rectification_notice::RectificationNotice;
use super::rectification_report::RectificationReport;
use super::rectification_review::RectificationReview;
use super::sheet::SheetSpec;
use crate::diagnostics::pointer::escape_pointer;

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

/// A kind in the registry: its names, layouts and the functions that read and describe its
/// documents. Two `DocKind`s are equal when their `doc_kind` is.
#[derive(Clone, Copy)]
pub struct DocKind {
    doc_kind: &'static str,
    name: &'static str,
    layouts: &'static [Layout],
    title_path: &'static str,
    sheet: Option<&'static SheetSpec>,
    schema: fn() -> Schema,
    read: fn(&Value) -> Result<Box<dyn AnyKind>, ReadError>,
}

/// Why a value could not be read as a document of a kind: where, and what serde said.
#[derive(Debug, Clone)]
pub struct ReadError {
    /// JSON Pointer of the value that could not be read (its parent for a missing field).
    pub pointer: String,
    /// serde's message, e.g. “missing field `title`”.
    pub message: String,
}

impl DocKind {
    /// Every kind, in the order they are listed to users.
    pub const ALL: &'static [DocKind] = KINDS;

    /// The registry entry of kind `K`.
    pub const fn of<K: Kind>() -> Self {
        Self {
            doc_kind: K::DOC_KIND,
            name: K::NAME,
            layouts: K::LAYOUTS,
            title_path: K::TITLE_PATH,
            sheet: K::SHEET,
            schema: schema_of::<K>,
            read: read_as::<K>,
        }
    }

    /// The `doc_kind` value in the input.
    pub fn as_str(self) -> &'static str {
        self.doc_kind
    }

    /// The Chinese name of the kind.
    pub fn chinese_name(self) -> &'static str {
        self.name
    }

    /// The layouts this kind can be rendered in; the first is the default.
    pub fn layouts(self) -> &'static [Layout] {
        self.layouts
    }

    /// JSON Pointer of the field holding the title.
    pub fn title_path(self) -> &'static str {
        self.title_path
    }

    /// How documents of this kind are made from a spreadsheet, if they can be.
    pub fn sheet(self) -> Option<&'static SheetSpec> {
        self.sheet
    }

    /// The JSON Schema of this kind's input, generated from its Rust type, tidied
    /// ([`super::schema`]) and labelled in Chinese ([`super::labels`]).
    pub fn schema(self) -> Value {
        let mut schema = super::schema::tidy((self.schema)(), self.layouts);
        super::labels::label(&mut schema, self.doc_kind);
        schema
    }

    /// Deserializes a document of this kind, borrowing the value (no copy of the input); the
    /// document as `Document::read` wraps it.
    pub(super) fn read_erased(self, value: &Value) -> Result<Box<dyn AnyKind>, ReadError> {
        (self.read)(value)
    }
}

fn schema_of<K: Kind>() -> Schema {
    schemars::schema_for!(K)
}

fn read_as<K: Kind>(value: &Value) -> Result<Box<dyn AnyKind>, ReadError> {
    serde_path_to_error::deserialize::<_, K>(value)
        .map(|document| Box::new(document) as Box<dyn AnyKind>)
        .map_err(|e| {
            let mut pointer = String::new();
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        pointer.push_str(&format!("/{index}"));
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        pointer.push('/');
                        pointer.push_str(&escape_pointer(key));
                    }
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => {}
                }
            }
            ReadError {
                pointer,
                message: e.into_inner().to_string(),
            }
        })
}

impl PartialEq for DocKind {
    fn eq(&self, other: &Self) -> bool {
        self.doc_kind == other.doc_kind
    }
}

impl Eq for DocKind {}

impl Hash for DocKind {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.doc_kind.hash(state);
    }
}

impl fmt::Debug for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.doc_kind)
    }
}

impl fmt::Display for DocKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.doc_kind)
    }
}

impl FromStr for DocKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DocKind::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let known: Vec<_> = DocKind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "unknown document kind “{s}”; known kinds: {}",
                    known.join(", ")
                )
            })
    }
}

impl Serialize for DocKind {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.doc_kind)
    }
}
