//! The fields every kind shares: [`SharedFields`], which [`document_fields!`] implements for
//! each kind, and [`Common`], the borrowed view of them.
//!
//! [`document_fields!`]: crate::document_fields

use serde_json::{Map, Value};

use super::attachment::Attachment;
use super::common::{Envelope, Imprint, Layout, OrgName, RenderHints, Signature};

/// The fields every kind shares, implemented by [`document_fields!`](crate::document_fields).
pub trait SharedFields {
    /// The shared fields, borrowed.
    fn common(&self) -> Common<'_>;
    /// Sets the layout (a template's default, when the input names none).
    fn set_layout(&mut self, layout: Layout);
}

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
