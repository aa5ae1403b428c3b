//! What a document kind is: the [`Kind`] trait that each kind's own file implements (see
//! `docs/ARCHITECTURE.md`, “Adding a document kind”), and [`KindTag`], its `doc_kind` field.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::common::Layout;
use super::frame::{Frame, FrameText};
use super::rules::Checks;
use super::shared::SharedFields;
use super::sheet::SheetSpec;

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
    /// from the shared fields and the methods above ([`standard_frame`]).
    fn frame(&self) -> Frame<'_> {
        standard_frame(self)
    }
}

/// The frame of a document from its shared fields and its kind's title, number, addressee and
/// author: what [`Kind::frame`] gives unless a kind adds to it.
pub fn standard_frame<K: Kind>(document: &K) -> Frame<'_> {
    Frame::of(
        document.common(),
        FrameText {
            title: document.title(),
            doc_number: document.doc_number(),
            addressee: document.addressee(),
            author: document.author(),
        },
    )
}

/// The `doc_kind` field of a kind `K`: always `K::DOC_KIND`.
pub struct KindTag<K>(PhantomData<fn() -> K>);

impl<K> Clone for KindTag<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for KindTag<K> {}

impl<K> Default for KindTag<K> {
    /// The tag of kind `K`, for a document built in code.
    fn default() -> Self {
        KindTag(PhantomData)
    }
}

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
