//! Data tables [26]: a 小四 黑体 caption, 五号 仿宋 cells, the header row in 黑体 repeated on
//! every page (`w:tblHeader`), column widths from the columns' ratios, as
//! `templates/lib/attachment.typ` sets them.

use crate::model::{Align as ColumnAlign, Cell as DataCell, Table as DataTable};

use super::content::{Align, Block, Cell, Font, Inline, Para, Row, RunStyle, Table, style};
use super::units::{WU, XIAOSI};

/// Cell text: empty for an empty cell, numbers as written.
pub fn cell_text(cell: Option<&DataCell>) -> String {
    match cell {
        Some(DataCell::Text(text)) => text.clone(),
        Some(DataCell::Number(n)) => n.to_string(),
        Some(DataCell::Empty(())) | None => String::new(),
    }
}

/// A paragraph of table text in `font` at `size` half-points, aligned `align`.
pub fn cell_para(text: impl Into<String>, font: Option<Font>, size: u32, align: Align) -> Para {
    let text = text.into();
    let inlines = if text.is_empty() {
        Vec::new()
    } else {
        vec![Inline::Text(
            text,
            RunStyle {
                font,
                size: Some(size),
                ..RunStyle::default()
            },
        )]
    };
    Para::runs(Some(style::TABLE), inlines).with(|s| s.align = Some(align))
}

/// Column widths in twips from relative ratios over `width` twips; the last column takes the
/// rounding so that they add up exactly.
pub fn widths(ratios: &[f64], width: i64) -> Vec<i64> {
    let total: f64 = ratios.iter().sum();
    let mut out: Vec<i64> = ratios
        .iter()
        .map(|r| (width as f64 * r / total).round() as i64)
        .collect();
    let sum: i64 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += width - sum;
    }
    out
}

/// A data table `width` twips wide, with its caption above and footnote below; with
/// `keep_last_with_next`, the last row is kept with what follows (a list's 署名).
pub fn data_table(table: &DataTable, width: i64, keep_last_with_next: bool) -> Vec<Block> {
    let mut blocks = Vec::new();
    if let Some(caption) = table.caption.as_deref().filter(|c| !c.is_empty()) {
        blocks.push(Block::Para(
            cell_para(caption, Some(Font::Heiti), XIAOSI, Align::Center).with(|s| {
                s.after = Some(120);
                s.keep_next = true;
            }),
        ));
    }
    let ratios: Vec<f64> = table
        .columns
        .iter()
        .map(|c| c.width_ratio.unwrap_or(1.0))
        .collect();
    let header = Row {
        header: table.repeat_header,
        cant_split: true,
        height: None,
        cells: table
            .columns
            .iter()
            .map(|c| Cell::of(cell_para(&c.label, Some(Font::Heiti), WU, Align::Center)))
            .collect(),
    };
    let count = table.rows.len();
    let rows = table.rows.iter().enumerate().map(|(i, row)| {
        let keep = keep_last_with_next && i + 1 == count;
        Row {
            header: false,
            cant_split: false,
            height: None,
            cells: table
                .columns
                .iter()
                .map(|c| {
                    let align = match c.align {
                        Some(ColumnAlign::Center) => Align::Center,
                        Some(ColumnAlign::Right) => Align::Right,
                        Some(ColumnAlign::Left) | None => Align::Left,
                    };
                    let text = cell_text(row.get(&c.key));
                    Cell::of(cell_para(text, None, WU, align).with(|s| s.keep_next = keep))
                })
                .collect(),
        }
    });
    blocks.push(Block::Table(Table {
        widths: widths(&ratios, width),
        rows: std::iter::once(header).chain(rows).collect(),
        border: 4,
        margins: (85, 110),
        float: None,
    }));
    if let Some(note) = table.footnote.as_deref().filter(|n| !n.is_empty()) {
        blocks.push(Block::Para(
            cell_para(note, None, WU, Align::Left).with(|s| s.before = Some(80)),
        ));
    }
    blocks
}
