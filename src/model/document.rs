//! [`Document`]: a validated document of any kind.

use std::fmt;

use chrono::NaiveDate;
use serde_json::Value;

use super::common::Layout;
use super::erased::AnyKind;
use super::frame::Frame;
use super::kind::Kind;
use super::registry::{DocKind, ReadError};
use super::rules::Checks;
use super::shared::Common;
use crate::diagnostics::InputError;

/// A validated input document of any kind.
pub struct Document(Box<dyn AnyKind>);

impl DocKind {
    /// Deserializes a document of this kind, borrowing the value (no copy of the input).
    pub fn read(self, value: &Value) -> Result<Document, ReadError> {
        self.read_erased(value).map(Document)
    }
}

impl Document {
    /// Wraps a document of kind `K`.
    pub fn new<K: Kind>(document: K) -> Self {
        Self(Box::new(document))
    }

    /// Which kind of document this is.
    pub fn kind(&self) -> DocKind {
        self.0
            .doc_kind()
            .parse()
            .expect("a document's kind is in the registry")
    }

    /// The fields every kind shares.
    pub fn common(&self) -> Common<'_> {
        self.0.common()
    }

    /// Sets the layout (a template's default, when the input names none).
    pub fn set_layout(&mut self, layout: Layout) {
        self.0.set_layout(layout);
    }

    /// The document's date, its 成文日期 (the signature's date): the date files record and
    /// Typst's “today”; `None` only for a date the validator would refuse.
    pub fn date(&self) -> Option<NaiveDate> {
        self.common().signature.date.parse()
    }

    /// The title (a form's 文书名称), with the line breaks its author forced in it (`\n`).
    pub fn title(&self) -> &str {
        self.0.title()
    }

    /// The title as one line of text (for a file's name and metadata): its forced line breaks
    /// left out.
    pub fn title_text(&self) -> String {
        self.0.title().replace('\n', "")
    }

    /// 发文字号 (a form's 编号), when the document has one.
    pub fn doc_number(&self) -> Option<&str> {
        self.0.doc_number()
    }

    /// The person or body the document is sent to by name, if any.
    pub fn recipient(&self) -> Option<&str> {
        self.0.recipient()
    }

    /// The title as a file name shows it, on one line.
    pub fn file_title(&self) -> String {
        self.0.file_title().replace('\n', "")
    }

    /// Runs the cross-field rules, the shared ones and the kind's own; returns every error.
    pub fn check(&self) -> Vec<InputError> {
        let mut checks = Checks::shared(self.common(), self.title(), self.0.title_path());
        self.0.rules(&mut checks);
        checks.into_errors()
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
