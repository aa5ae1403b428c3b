//! The body of each kind, one file per kind, printing what its `templates/<doc_kind>/
//! main.typ.tera` prints, in the same order: paragraphs and headings (numbered by Word), a
//! form's tables, a list's table, a kind's own attachments.

pub mod cc_notice;
pub mod feedback;
pub mod inspection_list;
pub mod recommendation;
pub mod rectification_notice;
pub mod rectification_report;
pub mod rectification_review;

use crate::model::{Attachment, Table};

use super::content::{Block, Para, style};

/// What a kind adds to the frame.
#[derive(Default)]
pub struct KindBody {
    /// The body: paragraphs, headings, a form's tables.
    pub blocks: Vec<Block>,
    /// A line under the title (a list's 被巡察单位).
    pub subtitle: Option<String>,
    /// A table that ends the body, with the closing elements under it (a list's).
    pub body_table: Option<Table>,
    /// Attachments that replace the document's own (a report's 台账).
    pub attachments: Option<Vec<Attachment>>,
}

impl KindBody {
    /// Adds a body paragraph.
    pub fn par(&mut self, text: impl Into<String>) {
        self.blocks.push(Block::Para(Para::body(text)));
    }

    /// Adds a heading of `level` 1–4; Word numbers it 一、（一）1.（1）.
    pub fn heading(&mut self, level: usize, text: impl Into<String>) {
        let id = style::HEADINGS[level.clamp(1, 4) - 1];
        self.blocks.push(Block::Para(Para::styled(Some(id), text)));
    }
}
