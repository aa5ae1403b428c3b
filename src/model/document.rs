//! A validated document of any kind, and the view of the fields every kind shares.

use std::any::Any;
use std::fmt;

use serde_json::{Map, Value};

use super::attachment::Attachment;
use super::common::{Envelope, Imprint, Layout, OrgName, RenderHints, Signature};
use super::frame::Frame;
use super::kind::{DocKind, Kind};
use crate::input::Checks;

/// The fields every kind shares, borrowed from a document.
#[derive(Debug, Clone, Copy)]
pub struct Common<'a> {
    /// Fields for a custom template, passed through.
    pub extra: &'a Map<String, Value>,
    /// The template the document asks for, if any.
    pub template: Option<&'a str>,
    /// The layout.
    pub layout: Layout,
    /// 版头 elements.
    pub envelope: Option<&'a Envelope>,
    /// Typesetting hints.
    pub render_hints: &'a RenderHints,
    /// 署名 and 成文日期; its date is the document's date.
    pub signature: &'a Signature,
    /// 附注.
    pub annotation: Option<&'a str>,
    /// 附件.
    pub attachments: &'a [Attachment],
    /// 抄送机关.
    pub cc: &'a [OrgName],
    /// 印发机关和印发日期.
    pub imprint: Option<&'a Imprint>,
}

/// A validated input document of any kind.
pub struct Document(Box<dyn AnyKind>);

impl Document {
    /// Wraps a document of kind `K`.
    pub fn new<K: Kind>(document: K) -> Self {
        Self(Box::new(document))
    }

    /// Which kind of document this is.
    pub fn kind(&self) -> DocKind {
        self.0.kind()
    }

    /// The fields every kind shares.
    pub fn common(&self) -> Common<'_> {
        self.0.common()
    }

    /// Sets the layout (a template's default, when the input names none).
    pub fn set_layout(&mut self, layout: Layout) {
        self.0.set_layout(layout);
    }

    /// The title (a form's 文书名称).
    pub fn title(&self) -> &str {
        self.0.title()
    }

    /// 发文字号 (a form's 编号), when the document has one.
    pub fn doc_number(&self) -> Option<&str> {
        self.0.doc_number()
    }

    /// The person or body the document is sent to by name, if any.
    pub fn recipient(&self) -> Option<&str> {
        self.0.recipient()
    }

    /// The title as a file name shows it.
    pub fn file_title(&self) -> String {
        self.0.file_title()
    }

    /// Runs the kind's own cross-field rules.
    pub fn rules(&self, checks: &mut Checks) {
        self.0.rules(checks);
    }

    /// The arguments of the `gongwen(...)` frame.
    pub fn frame(&self) -> Frame<'_> {
        self.0.frame()
    }

    /// The document as JSON, every field present (absent options as `null`): the data a
    /// template sees.
    pub fn to_json(&self) -> Value {
        self.0.to_json()
    }

    /// The document as its kind's own type, when it is of kind `K` (for writers that build
    /// from the model, such as the Word draft).
    pub fn downcast_ref<K: Kind>(&self) -> Option<&K> {
        self.0.as_any().downcast_ref::<K>()
    }
}

impl fmt::Debug for Document {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// [`Kind`] without its type, so that documents of every kind share one type.
trait AnyKind: fmt::Debug + Send + Sync {
    fn kind(&self) -> DocKind;
    fn common(&self) -> Common<'_>;
    fn set_layout(&mut self, layout: Layout);
    fn title(&self) -> &str;
    fn doc_number(&self) -> Option<&str>;
    fn recipient(&self) -> Option<&str>;
    fn file_title(&self) -> String;
    fn rules(&self, checks: &mut Checks);
    fn frame(&self) -> Frame<'_>;
    fn to_json(&self) -> Value;
    fn as_any(&self) -> &dyn Any;
}

impl<K: Kind> AnyKind for K {
    fn kind(&self) -> DocKind {
        DocKind::of::<K>()
    }

    fn common(&self) -> Common<'_> {
        super::kind::SharedFields::common(self)
    }

    fn set_layout(&mut self, layout: Layout) {
        super::kind::SharedFields::set_layout(self, layout);
    }

    fn title(&self) -> &str {
        Kind::title(self)
    }

    fn doc_number(&self) -> Option<&str> {
        Kind::doc_number(self)
    }

    fn recipient(&self) -> Option<&str> {
        Kind::recipient(self)
    }

    fn file_title(&self) -> String {
        Kind::file_title(self)
    }

    fn rules(&self, checks: &mut Checks) {
        Kind::rules(self, checks);
    }

    fn frame(&self) -> Frame<'_> {
        Kind::frame(self)
    }

    fn to_json(&self) -> Value {
        serde_json::to_value(self).expect("documents serialize")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
