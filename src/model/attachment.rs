//! Attachments (附件) and the tables they may carry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::common::yes;

/// Page orientation of an attached table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    /// Upright A4.
    #[default]
    Portrait,
    /// 横排表格: the table is laid out across the page.
    Landscape,
}

/// Horizontal alignment of a table column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// One column of a table.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableColumn {
    /// Key of the column's cells in each row.
    #[schemars(
        regex(pattern = r"^[a-z][a-z0-9_]*$"),
        extend("x-pattern-message" = "应由小写字母、数字和下划线组成，并以字母开头")
    )]
    pub key: String,
    /// Header text.
    #[schemars(length(max = 20))]
    pub label: String,
    /// Relative width; columns without one get 1.
    #[serde(default)]
    #[schemars(extend("exclusiveMinimum" = 0))]
    pub width_ratio: Option<f64>,
    /// Alignment of the cells (header cells are always centred).
    #[serde(default)]
    pub align: Option<Align>,
}

/// A table cell: text, a number, or empty.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number, printed as written.
    Number(serde_json::Number),
    /// An empty cell.
    Empty(()),
}

/// A table, e.g. the 问题清单 attached to a feedback report.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// Caption printed above the table.
    #[serde(default)]
    #[schemars(length(max = 80))]
    pub caption: Option<String>,
    /// Portrait or landscape pages.
    #[serde(default)]
    pub orientation: Orientation,
    /// Repeat the header row on every page.
    #[serde(default = "yes")]
    pub repeat_header: bool,
    /// The columns, left to right.
    #[schemars(length(min = 1))]
    pub columns: Vec<TableColumn>,
    /// The rows; each maps column keys to cells.
    pub rows: Vec<std::collections::BTreeMap<String, Cell>>,
    /// Note printed under the table.
    #[serde(default)]
    pub footnote: Option<String>,
}

/// An attachment, printed on its own pages after the body.
#[derive(Debug, Clone, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// Number N of “附件N”; attachments run 1..n.
    #[schemars(range(min = 1))]
    pub seq: u32,
    /// Title; printed in the 附件说明 and on the attachment page, without final punctuation.
    #[schemars(
        length(min = 2, max = 80),
        regex(pattern = r"^.*[^。，；：、.,;:]$"),
        extend("x-pattern-message" = "附件名称末尾不加标点符号")
    )]
    pub title: String,
    /// Paragraphs of text.
    #[serde(default)]
    #[schemars(inner(length(min = 1, max = 3000)))]
    pub body: Option<Vec<String>>,
    /// A table.
    #[serde(default)]
    pub table: Option<Table>,
    /// A separately bound file; its page carries the 发文字号 and “附件N” only.
    #[serde(default)]
    pub file_ref: Option<String>,
}
