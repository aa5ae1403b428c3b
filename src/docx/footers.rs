//! Headers and footers: page numbers “— N —” in 四号 宋体 7 mm under the 版心, one 字 in from
//! the outer edge (right on odd pages, left on even ones) [25]; a 信函格式's first page has no
//! number, and carries its 标志 with the upper double line in its header and the lower double
//! line in its footer [27].

use crate::model::Frame;

use super::content::{Align, Block, Border, Cell, Inline, Para, Row, RunStyle, Table, run, style};
use super::head::{letter_header, page_centred_indents};
use super::units::{
    LETTER_FOOT_MM, LETTER_RULE_MM, MARGIN_BOTTOM_MM, MARGIN_OUTSIDE_MM, MARGIN_TOP_MM,
    PAGE_HEIGHT_MM, PAGE_NUMBER_GAP_MM, PAGE_WIDTH_MM, SI, TYPE_HEIGHT_MM, twips,
};
use super::write::{BodyWriter, FOOTER_MM};
use super::xml::{MAIN_NAMESPACES, Xml};

/// Which page-number footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Odd pages: the number at the right (outer) edge.
    Odd,
    /// Even pages: at the left (outer) edge.
    Even,
}

/// A page number footer part.
pub fn page_number_footer(side: Side) -> Vec<u8> {
    let one = i64::from(SI) * 10;
    // The footer's bottom is FOOTER_MM over the page edge; the space after the line lifts the
    // characters' top to 7 mm under the 版心.
    let lift = twips(MARGIN_BOTTOM_MM - PAGE_NUMBER_GAP_MM - FOOTER_MM) - NUMBER_LINE;
    let para = Para::runs(Some(style::FOOTER), number_runs()).with(|s| {
        s.after = Some(lift.max(0));
        match side {
            Side::Odd => {
                s.align = Some(Align::Right);
                s.right = Some(one);
            }
            Side::Even => {
                s.align = Some(Align::Left);
                s.left = Some(one);
            }
        }
    });
    part("w:ftr", &[Block::Para(para)])
}

/// A landscape page's number footer [26]: the number stays where it is on the portrait sheet,
/// turned with the page. Reading the landscape page, the sheet is turned a quarter clockwise
/// (its left edge is the top, its foot the left), so the number stands near the left edge in
/// a floating one-cell table whose text runs top to bottom (`tbRl`): ending 1 字 above the
/// bottom of the sheet's 切口 on odd pages, starting 1 字 under the top on even ones.
pub fn landscape_number_footer(side: Side) -> Vec<u8> {
    let one = i64::from(SI) * 10;
    let number_top = MARGIN_TOP_MM + TYPE_HEIGHT_MM + PAGE_NUMBER_GAP_MM;
    // The cell is the line's height across and RUN long; its right edge is where the tops of
    // the characters are on the portrait sheet.
    let across = twips(6.0);
    let left = twips(PAGE_HEIGHT_MM - number_top) - across;
    let outer = twips(MARGIN_OUTSIDE_MM) + one;
    let top = match side {
        Side::Odd => twips(PAGE_WIDTH_MM) - outer - RUN,
        Side::Even => outer,
    };
    let para = Para::runs(Some(style::FOOTER), number_runs()).with(|s| {
        s.align = Some(match side {
            Side::Odd => Align::Right,
            Side::Even => Align::Left,
        });
    });
    let table = Table {
        widths: vec![across],
        rows: vec![Row {
            header: false,
            cant_split: true,
            height: Some(RUN),
            cells: vec![Cell {
                turned: true,
                borderless: true,
                ..Cell::of(para)
            }],
        }],
        border: 0,
        margins: (0, 0),
        float: Some((left, top)),
    };
    part(
        "w:ftr",
        &[
            Block::Table(table),
            Block::Para(Para::blank().with(|s| s.line_exact = Some(20))),
        ],
    )
}

/// The length of a landscape page number's cell: room for “— 9999 —”.
const RUN: i64 = 1300;

/// “— N —”.
fn number_runs() -> Vec<Inline> {
    vec![
        run("— ", None),
        Inline::PageNumber(RunStyle::default()),
        run(" —", None),
    ]
}

/// The height of a page number's line (single spacing of 四号), twips.
const NUMBER_LINE: i64 = 330;

/// A letter's first-page footer: the red double line, thin over thick, 170 mm long and 20 mm
/// over the page's bottom edge [27]; no page number.
pub fn letter_first_footer() -> Vec<u8> {
    let (left, right) = page_centred_indents(LETTER_RULE_MM);
    let lift = twips(LETTER_FOOT_MM - FOOTER_MM);
    let para = Para::blank().with(|s| {
        s.line_exact = Some(20);
        s.after = Some(lift.max(0));
        s.left = Some(left);
        s.right = Some(right);
        s.top_border = Some(Border {
            style: "thickThinSmallGap",
            size: 24,
            space: 0,
            red: true,
        });
    });
    part("w:ftr", &[Block::Para(para)])
}

/// A letter's first-page header: the 标志 and the upper double line.
pub fn letter_first_header(frame: &Frame<'_>) -> Vec<u8> {
    part("w:hdr", &letter_header(frame))
}

fn part(root: &str, blocks: &[Block]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(root, MAIN_NAMESPACES);
    let mut writer = BodyWriter::new(x);
    writer.blocks(blocks);
    let mut x = writer.into_xml();
    x.close(root);
    x.finish()
}
