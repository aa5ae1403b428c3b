//! [`AnyKind`]: a document of some kind with its type erased, so that documents of every kind
//! share one type (`Document`) and the registry can read any of them.

use std::any::Any;
use std::fmt;

use serde_json::Value;

use super::common::Layout;
use super::frame::Frame;
use super::kind::Kind;
use super::rules::Checks;
use super::shared::{Common, SharedFields};

/// [`Kind`] without its type.
pub trait AnyKind: fmt::Debug + Send + Sync {
    /// The `doc_kind` value.
    fn doc_kind(&self) -> &'static str;
    /// The fields every kind shares.
    fn common(&self) -> Common<'_>;
    /// Sets the layout.
    fn set_layout(&mut self, layout: Layout);
    /// The title.
    fn title(&self) -> &str;
    /// JSON Pointer of the field holding the title.
    fn title_path(&self) -> &'static str;
    /// 发文字号.
    fn doc_number(&self) -> Option<&str>;
    /// The person or body the document is sent to by name.
    fn recipient(&self) -> Option<&str>;
    /// The title as a file name shows it.
    fn file_title(&self) -> String;
    /// The kind's own cross-field rules.
    fn rules(&self, checks: &mut Checks);
    /// The `gongwen(...)` frame.
    fn frame(&self) -> Frame<'_>;
    /// The document as JSON, every field present.
    fn to_json(&self) -> Value;
    /// The document as `Any`, to be read as its own type again.
    fn as_any(&self) -> &dyn Any;
}

impl<K: Kind> AnyKind for K {
    fn doc_kind(&self) -> &'static str {
        K::DOC_KIND
    }

    fn common(&self) -> Common<'_> {
        SharedFields::common(self)
    }

    fn set_layout(&mut self, layout: Layout) {
        SharedFields::set_layout(self, layout);
    }

    fn title(&self) -> &str {
        Kind::title(self)
    }

    fn title_path(&self) -> &'static str {
        K::TITLE_PATH
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
