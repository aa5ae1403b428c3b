//! How a kind's documents are made from a spreadsheet as offices keep them: one row per item of
//! a list (a problem of a 抄告单, a line of a 整改台账), rows grouped into documents by a key
//! column. A kind that can be made so declares a [`SheetSpec`] (`Kind::SHEET`); the reading
//! itself is `crate::sheet`'s.

/// How a spreadsheet's rows become documents of one kind.
#[derive(Debug)]
pub struct SheetSpec {
    /// What one row is, for messages, e.g. 问题.
    pub row: &'static str,
    /// The list the rows fill, e.g. `/problems`.
    pub list: &'static str,
    /// A member of each item numbered 1, 2, 3 … in row order (the 抄告单's `seq`), if any.
    pub numbered: Option<&'static str>,
    /// A document field each document needs a value of its own for, with the column header
    /// that names it in messages (the 抄告单's `/serial_no`, 编号): when a sheet makes several
    /// documents, a column must fill it or its shared value must hold `{n}` or `{group}`.
    pub distinct: Option<(&'static str, &'static str)>,
    /// The ways rows are grouped into documents, `(name, header of the key column)`; the first
    /// is the default. `{group}` in the shared fields is replaced by a group's key.
    pub groupings: &'static [(&'static str, &'static str)],
    /// The columns understood.
    pub columns: &'static [SheetColumn],
}

/// One column: its header, other headers offices use for it, and what it fills.
#[derive(Debug)]
pub struct SheetColumn {
    /// The header, e.g. 反馈时限.
    pub header: &'static str,
    /// Other headers taken for it, e.g. 问题内容 for 问题描述.
    pub aliases: &'static [&'static str],
    /// What its cells fill.
    pub fills: Fill,
    /// How a cell is read.
    pub cell: Cell,
    /// The column must be there.
    pub required: bool,
}

/// Where a column's cells go.
#[derive(Debug, Clone, Copy)]
pub enum Fill {
    /// A field of the document (JSON Pointer): one value per group; any row may give it.
    Document(&'static str),
    /// A member of each row's item.
    Item(&'static str),
    /// A member of each row's item and, each value once in row order, an array of the
    /// document (JSON Pointer): the 抄告单's 被巡察单位 fill both `org` and `inspected_orgs`.
    ItemAndList(&'static str, &'static str),
    /// An array member of each row's item, one element per line of the cell.
    ItemLines(&'static str),
    /// Nothing: a grouping key only.
    Key,
}

/// How a cell's text is read.
#[derive(Debug, Clone, Copy)]
pub enum Cell {
    /// As it is (trimmed).
    Text,
    /// A date: an Excel date, 2024-07-31, 2024/7/31, 2024.7.31 or 2024年7月31日.
    Date,
    /// A word offices write, as the contract's code (`分管领导` → `leader`); codes pass through.
    Codes(&'static [(&'static str, &'static str)]),
}

impl SheetSpec {
    /// The column a header names (by its header or an alias).
    pub fn column(&self, header: &str) -> Option<&SheetColumn> {
        self.columns
            .iter()
            .find(|c| c.header == header || c.aliases.contains(&header))
    }
}
