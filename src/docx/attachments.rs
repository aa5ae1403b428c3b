//! 附件 pages [21] and a list's closing table, landscape ones in sections of their own [26]:
//! “附件N” in 黑体 flush left on line 1, the title centred on line 3, a blank line, then the
//! text and the table.

use crate::model::{Attachment, Orientation as TableOrientation, Table as DataTable};

use super::closing::{SealPicture, closing};
use super::content::{Block, Font, Orientation, Para, run, style};
use super::tables::data_table;
use super::text::title_lines;
use super::units::{LANDSCAPE_MARGINS_MM, PAGE_HEIGHT_MM, PITCH, TYPE_WIDTH_MM, twips};

/// The 版心 width of landscape pages: the portrait 版心 turned.
pub fn landscape_width() -> i64 {
    let [_, _, left, right] = LANDSCAPE_MARGINS_MM;
    twips(PAGE_HEIGHT_MM - left - right)
}

/// The pages of every attachment that has text or a table (one only bound separately,
/// `file_ref`, is listed in the 附件说明 and has none).
pub fn attachment_pages(attachments: &[Attachment]) -> Vec<Block> {
    let mut blocks = Vec::new();
    for a in attachments
        .iter()
        .filter(|a| a.body.is_some() || a.table.is_some())
    {
        let landscape = a
            .table
            .as_ref()
            .is_some_and(|t| t.orientation == TableOrientation::Landscape);
        if landscape {
            blocks.push(Block::SectionEnd(Orientation::Portrait));
        }
        let mut head = head(a);
        if !landscape && let Some(Block::Para(first)) = head.first_mut() {
            first.set.page_break_before = true;
        }
        blocks.extend(head);
        for p in a.body.iter().flatten() {
            blocks.push(Block::Para(Para::body(p)));
        }
        if let Some(table) = &a.table {
            // A caption that repeats the attachment's title (printed above) is left out.
            let mut table = table.clone();
            if table.caption.as_deref() == Some(a.title.as_str()) {
                table.caption = None;
            }
            let width = if landscape {
                landscape_width()
            } else {
                twips(TYPE_WIDTH_MM)
            };
            blocks.extend(data_table(&table, width, false));
        }
        if landscape {
            blocks.push(Block::SectionEnd(Orientation::Landscape));
        }
    }
    blocks
}

/// “附件N” on line 1, a blank line, the title, a blank line [21].
fn head(a: &Attachment) -> Vec<Block> {
    vec![
        Block::Para(Para::runs(
            Some(style::PLAIN),
            vec![run(format!("附件{}", a.seq), Some(Font::Heiti))],
        )),
        Block::Para(Para::blank()),
        Block::Para(Para::styled(
            Some(style::TITLE),
            title_lines(&a.title, &[]).join("\n"),
        )),
        Block::Para(Para::blank()),
    ]
}

/// A table that ends the body (a list's), with the closing elements under its last row and
/// kept with it [19]; a landscape table has landscape pages of its own, whose 版心 is the
/// portrait one turned, and its closing spans that width [26].
pub fn body_table_section(
    table: &DataTable,
    closing_of: impl FnOnce(i64) -> Vec<Para>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let landscape = table.orientation == TableOrientation::Landscape;
    let width = if landscape {
        blocks.push(Block::SectionEnd(Orientation::Portrait));
        landscape_width()
    } else {
        // Half a line between the text and the table.
        blocks.push(Block::Para(Para::blank().with(|s| {
            s.line_exact = Some(PITCH / 2);
        })));
        twips(TYPE_WIDTH_MM)
    };
    let closing = closing_of(width);
    blocks.extend(data_table(table, width, !closing.is_empty()));
    blocks.extend(closing.into_iter().map(Block::Para));
    if landscape {
        blocks.push(Block::SectionEnd(Orientation::Landscape));
    }
    blocks
}

/// The closing for a 版心 `width` twips wide (see [`closing`]).
pub fn closing_for<'a>(
    attachments: &'a [Attachment],
    signature: Option<&'a crate::model::Signature>,
    annotation: Option<&'a str>,
    seal: Option<&'a SealPicture>,
) -> impl Fn(i64) -> Vec<Para> + 'a {
    move |width| closing(attachments, signature, annotation, width, seal)
}
