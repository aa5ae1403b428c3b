//! What a document kind is: the [`Kind`] trait that each kind's own file implements, and
//! [`DocKind`], the entry of the registry (`model::KINDS`) that the rest of the program uses.
//!
//! Adding a kind means writing one file that declares its type with [`document_fields!`]
//! (which adds the fields every kind shares) and implements [`Kind`], adding it to
//! `model::KINDS`, and writing its template folder. Schema, OpenAPI, `/v1/kinds`, metrics,
//! batch and the tests that iterate [`DocKind::ALL`] pick it up.
//!
//! [`document_fields!`]: crate::document_fields

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

use super::common::Layout;
use super::document::{Common, Document};
use super::frame::Frame;
use super::sheet::SheetSpec;
use crate::input::Checks;

/// The fields every kind shares, implemented by [`document_fields!`](crate::document_fields).
pub trait SharedFields {
    /// The shared fields, borrowed.
    fn common(&self) -> Common<'_>;
    /// Sets the layout (a template's default, when the input names none).
    fn set_layout(&mut self, layout: Layout);
}

/// A document kind: its input type and everything the program needs to know about it.
pub trait Kind:
    SharedFields
    + Serialize
    + DeserializeOwned
    + JsonSchema
    + Clone
    + fmt::Debug
    + Send
    + Sync
    + 'static
{
    /// The `doc_kind` value in the input, e.g. `inspection_feedback`.
    const DOC_KIND: &'static str;
    /// The Chinese name, e.g. 巡察反馈意见.
    const NAME: &'static str;
    /// The layouts the kind can be rendered in; the first is the default.
    const LAYOUTS: &'static [Layout];
    /// JSON Pointer of the field holding the title.
    const TITLE_PATH: &'static str = "/title";
    /// How documents of this kind are made from a spreadsheet, if they can be.
    const SHEET: Option<&'static SheetSpec> = None;

    /// The title (标题; a form's 文书名称).
    fn title(&self) -> &str;

    /// 发文字号 (a form's 编号), when the document has one.
    fn doc_number(&self) -> Option<&str>;

    /// The 主送机关 printed under the title.
    fn addressee(&self) -> Vec<String>;

    /// The body the document comes from (the PDF's author): by default the signing body.
    fn author(&self) -> &str {
        &self.common().signature.org_name.0
    }

    /// The person or body the document is sent to by name (a 抄告单's 抄告对象), if any.
    fn recipient(&self) -> Option<&str> {
        None
    }

    /// The title as a file name shows it; by default the title.
    fn file_title(&self) -> String {
        self.title().to_string()
    }

    /// The cross-field rules of this kind, beyond the shared ones every kind gets.
    fn rules(&self, checks: &mut Checks);

    /// The arguments of `gongwen(...)`, the frame every template applies. By default they come
    /// from the shared fields and the methods above.
    fn frame(&self) -> Frame<'_> {
        Frame::of(self)
    }
}

/// The `doc_kind` field of a kind `K`: always `K::DOC_KIND`.
pub struct KindTag<K>(PhantomData<fn() -> K>);

impl<K> Clone for KindTag<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for KindTag<K> {}

impl<K> fmt::Debug for KindTag<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KindTag")
    }
}

impl<K: Kind> Serialize for KindTag<K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(K::DOC_KIND)
    }
}

impl<'de, K: Kind> Deserialize<'de> for KindTag<K> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Cow::<str>::deserialize(deserializer)?;
        if text == K::DOC_KIND {
            Ok(KindTag(PhantomData))
        } else {
            Err(serde::de::Error::invalid_value(
                serde::de::Unexpected::Str(&text),
                &K::DOC_KIND,
            ))
        }
    }
}

impl<K: Kind> JsonSchema for KindTag<K> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        Cow::Borrowed("DocKind")
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        schemars::json_schema!({"type": "string", "enum": [K::DOC_KIND]})
    }
}

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
    read: fn(&Value) -> Result<Document, ReadError>,
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
    pub const ALL: &'static [DocKind] = super::KINDS;

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

    /// Deserializes a document of this kind, borrowing the value (no copy of the input).
    pub fn read(self, value: &Value) -> Result<Document, ReadError> {
        (self.read)(value)
    }
}

fn schema_of<K: Kind>() -> Schema {
    schemars::schema_for!(K)
}

fn read_as<K: Kind>(value: &Value) -> Result<Document, ReadError> {
    serde_path_to_error::deserialize::<_, K>(value)
        .map(Document::new)
        .map_err(|e| {
            let mut pointer = String::new();
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        pointer.push_str(&format!("/{index}"));
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        pointer.push('/');
                        pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
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
