//! The body of `word/document.xml`, headers and footers: paragraphs, runs, tables, the seal
//! picture and the section properties, from the blocks of `content.rs`.

use super::content::{
    Align, Block, Border, Cell, Font, Inline, Orientation, Para, ParaStyle, RunStyle, Table,
};
use super::package::rel;
use super::units::{
    LANDSCAPE_MARGINS_MM, MARGIN_BOTTOM_MM, MARGIN_INSIDE_MM, MARGIN_OUTSIDE_MM, MARGIN_TOP_MM,
    PAGE_HEIGHT_MM, PAGE_WIDTH_MM, PITCH, RED, emu, twips,
};
use super::xml::Xml;

/// Where the parts a section refers to are, and which pages it has.
#[derive(Debug, Clone, Copy)]
pub struct SectionSetup {
    /// A 信函格式: the first section's first page has its own header (标志 and double line)
    /// and footer (the lower double line, no page number).
    pub letter: bool,
}

/// Writes blocks as the children of `w:body` (or of a header or footer), numbering drawing ids
/// from 1 in document order.
pub struct BodyWriter {
    xml: Xml,
    drawings: u32,
}

impl BodyWriter {
    /// A writer into `xml`, which is inside `w:body`, `w:hdr` or `w:ftr`.
    pub fn new(xml: Xml) -> Self {
        Self { xml, drawings: 0 }
    }

    /// The XML written so far.
    pub fn into_xml(self) -> Xml {
        self.xml
    }

    /// Writes the blocks of a document body, the sections' properties where each ends, and
    /// the last section's at the end of the body.
    pub fn document(&mut self, blocks: &[Block], setup: SectionSetup) {
        // A trailing section end names the last section's orientation: nothing follows it.
        let (blocks, last) = match blocks.split_last() {
            Some((Block::SectionEnd(o), rest)) => (rest, *o),
            _ => (blocks, Orientation::Portrait),
        };
        let mut first_section = true;
        let mut pending: Option<&Para> = None;
        for block in blocks {
            match block {
                Block::Para(para) => {
                    if let Some(previous) = pending.replace(para) {
                        self.para(previous, None);
                    }
                }
                Block::Table(table) => {
                    if let Some(previous) = pending.take() {
                        self.para(previous, None);
                    }
                    self.table(table);
                }
                Block::SectionEnd(orientation) => {
                    // The section's properties ride on its last paragraph; after a table an
                    // empty paragraph one point high carries them.
                    let carrier = pending.take().cloned().unwrap_or_else(|| {
                        Para::blank().with(|s| {
                            s.line_exact = Some(20);
                            s.after = Some(0);
                        })
                    });
                    let section = Section {
                        orientation: *orientation,
                        title_page: setup.letter && first_section,
                    };
                    self.para(&carrier, Some(section));
                    first_section = false;
                }
            }
        }
        if let Some(previous) = pending.take() {
            self.para(previous, None);
        }
        section_props(
            &mut self.xml,
            Section {
                orientation: last,
                title_page: setup.letter && first_section,
            },
        );
    }

    /// Writes the blocks of a header or footer.
    pub fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Para(para) => self.para(para, None),
                Block::Table(table) => self.table(table),
                Block::SectionEnd(_) => {}
            }
        }
    }

    fn para(&mut self, para: &Para, section: Option<Section>) {
        self.xml.open("w:p", &[]);
        self.para_props(para, section);
        for inline in &para.inlines {
            self.inline(inline);
        }
        self.xml.close("w:p");
    }

    fn para_props(&mut self, para: &Para, section: Option<Section>) {
        let x = &mut self.xml;
        x.open("w:pPr", &[]);
        if let Some(style) = para.style {
            x.empty("w:pStyle", &[("w:val", style)]);
        }
        let s: &ParaStyle = &para.set;
        if s.keep_next {
            x.empty("w:keepNext", &[]);
        }
        if s.keep_lines {
            x.empty("w:keepLines", &[]);
        }
        if s.page_break_before {
            x.empty("w:pageBreakBefore", &[]);
        }
        if s.top_border.is_some() || s.bottom_border.is_some() {
            x.open("w:pBdr", &[]);
            if let Some(b) = s.top_border {
                border(x, "w:top", b);
            }
            if let Some(b) = s.bottom_border {
                border(x, "w:bottom", b);
            }
            x.close("w:pBdr");
        }
        if !s.tabs.is_empty() {
            x.open("w:tabs", &[]);
            for (kind, pos) in &s.tabs {
                x.empty("w:tab", &[("w:val", *kind), ("w:pos", &pos.to_string())]);
            }
            x.close("w:tabs");
        }
        // Lines of their own height (rules, section carriers) stay off the line grid, which
        // would make each a whole grid line.
        if s.line_exact.is_some_and(|h| h != PITCH) {
            x.empty("w:snapToGrid", &[("w:val", "0")]);
        }
        if s.before.is_some() || s.after.is_some() || s.line_exact.is_some() {
            // Spacing is unsigned in OOXML: a negative value would be read as a huge one.
            let before = s.before.map(|v| v.max(0).to_string());
            let after = s.after.map(|v| v.max(0).to_string());
            let line = s.line_exact.map(|v| v.to_string());
            let mut attrs: Vec<(&str, &str)> = Vec::new();
            if let Some(v) = &before {
                attrs.push(("w:before", v));
            }
            if let Some(v) = &after {
                attrs.push(("w:after", v));
            }
            if let Some(v) = &line {
                attrs.push(("w:line", v));
                attrs.push(("w:lineRule", "exact"));
            }
            x.empty("w:spacing", &attrs);
        }
        if s.left.is_some() || s.right.is_some() || s.first_line.is_some() {
            let left = s.left.map(|v| v.to_string());
            let right = s.right.map(|v| v.to_string());
            let first = s.first_line.map(|v| v.abs().to_string());
            let mut attrs: Vec<(&str, &str)> = Vec::new();
            if let Some(v) = &left {
                attrs.push(("w:left", v));
            }
            if let Some(v) = &right {
                attrs.push(("w:right", v));
            }
            if let (Some(v), Some(f)) = (&first, s.first_line) {
                if f < 0 {
                    attrs.push(("w:hanging", v));
                } else {
                    attrs.push(("w:firstLine", v));
                }
                attrs.push(if f < 0 {
                    ("w:hangingChars", "0")
                } else {
                    ("w:firstLineChars", "0")
                });
            }
            x.empty("w:ind", &attrs);
        }
        if let Some(align) = s.align {
            x.empty("w:jc", &[("w:val", jc(align))]);
        }
        if let Some(section) = section {
            section_props(x, section);
        }
        x.close("w:pPr");
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text, style) => {
                self.xml.open("w:r", &[]);
                run_props(&mut self.xml, style);
                self.xml.run_text(text);
                self.xml.close("w:r");
            }
            Inline::PageNumber(style) => {
                let x = &mut self.xml;
                for (kind, text) in [("begin", None), ("", Some(" PAGE ")), ("separate", None)] {
                    x.open("w:r", &[]);
                    run_props(x, style);
                    match text {
                        Some(t) => x.element("w:instrText", &[("xml:space", "preserve")], t),
                        None => x.empty("w:fldChar", &[("w:fldCharType", kind)]),
                    }
                    x.close("w:r");
                }
                x.open("w:r", &[]);
                run_props(x, style);
                x.element("w:t", &[], "1");
                x.close("w:r");
                x.open("w:r", &[]);
                run_props(x, style);
                x.empty("w:fldChar", &[("w:fldCharType", "end")]);
                x.close("w:r");
            }
            Inline::Seal(anchor) => {
                self.drawings += 1;
                let id = self.drawings.to_string();
                let (cx, cy) = (
                    emu(anchor.width_mm).to_string(),
                    emu(anchor.height_mm).to_string(),
                );
                let x = &mut self.xml;
                x.open("w:r", &[]);
                x.open("w:drawing", &[]);
                x.open(
                    "wp:anchor",
                    &[
                        ("distT", "0"),
                        ("distB", "0"),
                        ("distL", "0"),
                        ("distR", "0"),
                        ("simplePos", "0"),
                        ("relativeHeight", "251659264"),
                        ("behindDoc", "1"),
                        ("locked", "0"),
                        ("layoutInCell", "1"),
                        ("allowOverlap", "1"),
                    ],
                );
                x.empty("wp:simplePos", &[("x", "0"), ("y", "0")]);
                x.open("wp:positionH", &[("relativeFrom", "column")]);
                x.element("wp:posOffset", &[], &emu(anchor.left_mm).to_string());
                x.close("wp:positionH");
                x.open("wp:positionV", &[("relativeFrom", "paragraph")]);
                x.element("wp:posOffset", &[], &emu(anchor.top_mm).to_string());
                x.close("wp:positionV");
                x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
                x.empty(
                    "wp:effectExtent",
                    &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")],
                );
                x.empty("wp:wrapNone", &[]);
                x.empty("wp:docPr", &[("id", &id), ("name", "印章")]);
                x.empty("wp:cNvGraphicFramePr", &[]);
                x.open("a:graphic", &[]);
                x.open(
                    "a:graphicData",
                    &[(
                        "uri",
                        "http://schemas.openxmlformats.org/drawingml/2006/picture",
                    )],
                );
                x.open("pic:pic", &[]);
                x.open("pic:nvPicPr", &[]);
                x.empty("pic:cNvPr", &[("id", &id), ("name", "seal.png")]);
                x.empty("pic:cNvPicPr", &[]);
                x.close("pic:nvPicPr");
                x.open("pic:blipFill", &[]);
                x.empty("a:blip", &[("r:embed", rel::SEAL)]);
                x.open("a:stretch", &[]);
                x.empty("a:fillRect", &[]);
                x.close("a:stretch");
                x.close("pic:blipFill");
                x.open("pic:spPr", &[]);
                x.open("a:xfrm", &[]);
                x.empty("a:off", &[("x", "0"), ("y", "0")]);
                x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
                x.close("a:xfrm");
                x.open("a:prstGeom", &[("prst", "rect")]);
                x.empty("a:avLst", &[]);
                x.close("a:prstGeom");
                x.close("pic:spPr");
                x.close("pic:pic");
                x.close("a:graphicData");
                x.close("a:graphic");
                x.close("wp:anchor");
                x.close("w:drawing");
                x.close("w:r");
            }
        }
    }

    fn table(&mut self, table: &Table) {
        let width: i64 = table.widths.iter().sum();
        let x = &mut self.xml;
        x.open("w:tbl", &[]);
        x.open("w:tblPr", &[]);
        if let Some((left, top)) = table.float {
            x.empty(
                "w:tblpPr",
                &[
                    ("w:leftFromText", "0"),
                    ("w:rightFromText", "0"),
                    ("w:topFromText", "0"),
                    ("w:bottomFromText", "0"),
                    ("w:vertAnchor", "page"),
                    ("w:horzAnchor", "page"),
                    ("w:tblpX", &left.to_string()),
                    ("w:tblpY", &top.to_string()),
                ],
            );
            x.empty("w:tblOverlap", &[("w:val", "overlap")]);
        }
        x.empty("w:tblW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        if table.float.is_none() {
            x.empty("w:jc", &[("w:val", "center")]);
        }
        x.open("w:tblBorders", &[]);
        let size = table.border.to_string();
        for side in [
            "w:top",
            "w:left",
            "w:bottom",
            "w:right",
            "w:insideH",
            "w:insideV",
        ] {
            if table.border == 0 {
                x.empty(side, &[("w:val", "nil")]);
            } else {
                x.empty(
                    side,
                    &[
                        ("w:val", "single"),
                        ("w:sz", &size),
                        ("w:space", "0"),
                        ("w:color", "000000"),
                    ],
                );
            }
        }
        x.close("w:tblBorders");
        x.empty("w:tblLayout", &[("w:type", "fixed")]);
        // Cells keep their text off the rules as the templates' insets do; layout tables
        // have none.
        let (side, top) = (table.margins.0.to_string(), table.margins.1.to_string());
        let (side, top) = (side.as_str(), top.as_str());
        x.open("w:tblCellMar", &[]);
        x.empty("w:top", &[("w:w", top), ("w:type", "dxa")]);
        x.empty("w:left", &[("w:w", side), ("w:type", "dxa")]);
        x.empty("w:bottom", &[("w:w", top), ("w:type", "dxa")]);
        x.empty("w:right", &[("w:w", side), ("w:type", "dxa")]);
        x.close("w:tblCellMar");
        x.empty("w:tblLook", &[("w:val", "0000")]);
        x.close("w:tblPr");
        x.open("w:tblGrid", &[]);
        for w in &table.widths {
            x.empty("w:gridCol", &[("w:w", &w.to_string())]);
        }
        x.close("w:tblGrid");
        for row in &table.rows {
            self.xml.open("w:tr", &[]);
            if row.header || row.cant_split || row.height.is_some() {
                self.xml.open("w:trPr", &[]);
                if row.cant_split {
                    self.xml.empty("w:cantSplit", &[]);
                }
                if let Some(height) = row.height {
                    self.xml.empty(
                        "w:trHeight",
                        &[("w:val", &height.to_string()), ("w:hRule", "exact")],
                    );
                }
                if row.header {
                    self.xml.empty("w:tblHeader", &[]);
                }
                self.xml.close("w:trPr");
            }
            let mut column = 0;
            for cell in &row.cells {
                let w: i64 = table.widths[column..column + cell.span].iter().sum();
                column += cell.span;
                self.cell(cell, w);
            }
            self.xml.close("w:tr");
        }
        self.xml.close("w:tbl");
    }

    fn cell(&mut self, cell: &Cell, width: i64) {
        let x = &mut self.xml;
        x.open("w:tc", &[]);
        x.open("w:tcPr", &[]);
        x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
        if cell.span > 1 {
            x.empty("w:gridSpan", &[("w:val", &cell.span.to_string())]);
        }
        if cell.borderless {
            x.open("w:tcBorders", &[]);
            for side in ["w:top", "w:left", "w:bottom", "w:right"] {
                x.empty(side, &[("w:val", "nil")]);
            }
            x.close("w:tcBorders");
        }
        if cell.turned {
            x.empty("w:textDirection", &[("w:val", "tbRl")]);
        }
        x.empty("w:vAlign", &[("w:val", "center")]);
        x.close("w:tcPr");
        if cell.paras.is_empty() {
            self.para(&Para::styled(Some(super::content::style::TABLE), ""), None);
        }
        for para in &cell.paras {
            self.para(para, None);
        }
        self.xml.close("w:tc");
    }
}

/// One section's page setup.
#[derive(Debug, Clone, Copy)]
struct Section {
    orientation: Orientation,
    title_page: bool,
}

/// `w:sectPr`: A4 upright or turned, the margins (mirrored through the settings' `w:mirrorMargins`:
/// `left` is the 订口), the page-number footers, and the line grid [3].
fn section_props(x: &mut Xml, section: Section) {
    x.open("w:sectPr", &[]);
    if section.title_page {
        x.empty(
            "w:headerReference",
            &[("w:type", "first"), ("r:id", rel::HEADER_FIRST)],
        );
    }
    // Landscape pages carry their number where the portrait sheet has it, turned [26].
    let (odd, even) = match section.orientation {
        Orientation::Portrait => (rel::FOOTER_ODD, rel::FOOTER_EVEN),
        Orientation::Landscape => (rel::FOOTER_LANDSCAPE_ODD, rel::FOOTER_LANDSCAPE_EVEN),
    };
    x.empty("w:footerReference", &[("w:type", "default"), ("r:id", odd)]);
    x.empty("w:footerReference", &[("w:type", "even"), ("r:id", even)]);
    if section.title_page {
        x.empty(
            "w:footerReference",
            &[("w:type", "first"), ("r:id", rel::FOOTER_FIRST)],
        );
    }
    let (w, h) = (twips(PAGE_WIDTH_MM), twips(PAGE_HEIGHT_MM));
    match section.orientation {
        Orientation::Portrait => {
            x.empty(
                "w:pgSz",
                &[("w:w", &w.to_string()), ("w:h", &h.to_string())],
            );
            x.empty(
                "w:pgMar",
                &[
                    ("w:top", &twips(MARGIN_TOP_MM).to_string()),
                    ("w:right", &twips(MARGIN_OUTSIDE_MM).to_string()),
                    ("w:bottom", &twips(MARGIN_BOTTOM_MM).to_string()),
                    ("w:left", &twips(MARGIN_INSIDE_MM).to_string()),
                    (
                        "w:header",
                        &twips(super::units::LETTER_MARK_TOP_MM).to_string(),
                    ),
                    ("w:footer", &twips(FOOTER_MM).to_string()),
                    ("w:gutter", "0"),
                ],
            );
        }
        Orientation::Landscape => {
            let [top, bottom, left, right] = LANDSCAPE_MARGINS_MM;
            x.empty(
                "w:pgSz",
                &[
                    ("w:w", &h.to_string()),
                    ("w:h", &w.to_string()),
                    ("w:orient", "landscape"),
                ],
            );
            x.empty(
                "w:pgMar",
                &[
                    ("w:top", &twips(top).to_string()),
                    ("w:right", &twips(right).to_string()),
                    ("w:bottom", &twips(bottom).to_string()),
                    ("w:left", &twips(left).to_string()),
                    ("w:header", &twips(15.0).to_string()),
                    ("w:footer", &twips(FOOTER_LANDSCAPE_MM).to_string()),
                    ("w:gutter", "0"),
                ],
            );
        }
    }
    if section.title_page {
        x.empty("w:titlePg", &[]);
    }
    // Line grid only (ECMA-376 §17.18.14 `lines`): every line PITCH apart; characters keep
    // their own advance (16 pt − 0.25 pt from Normal), 28 to the 156 mm line.
    x.empty(
        "w:docGrid",
        &[("w:type", "lines"), ("w:linePitch", &PITCH.to_string())],
    );
    x.close("w:sectPr");
}

/// Distance of the portrait footers from the page's bottom edge: the page numbers' paragraphs
/// lift themselves from there to 7 mm under the 版心 [25].
pub const FOOTER_MM: f64 = 18.0;
/// The same on landscape pages.
pub const FOOTER_LANDSCAPE_MM: f64 = 12.0;

fn border(x: &mut Xml, side: &str, b: Border) {
    x.empty(
        side,
        &[
            ("w:val", b.style),
            ("w:sz", &b.size.to_string()),
            ("w:space", &b.space.to_string()),
            ("w:color", if b.red { RED } else { "000000" }),
        ],
    );
}

fn jc(align: Align) -> &'static str {
    match align {
        Align::Justify => "both",
        Align::Left => "left",
        Align::Center => "center",
        Align::Right => "right",
    }
}

/// `w:rFonts` naming one face for every script, with `w:hint="eastAsia"` so that quotes and
/// dashes take the Chinese face; never a theme font (a theme font overrides the name).
pub fn fonts(x: &mut Xml, font: Font) {
    let name = font.name();
    x.empty(
        "w:rFonts",
        &[
            ("w:ascii", name),
            ("w:hAnsi", name),
            ("w:eastAsia", name),
            ("w:cs", name),
            ("w:hint", "eastAsia"),
        ],
    );
}

fn run_props(x: &mut Xml, style: &RunStyle) {
    if *style == RunStyle::default() {
        return;
    }
    x.open("w:rPr", &[]);
    if let Some(font) = style.font {
        fonts(x, font);
    }
    if style.bold {
        x.empty("w:b", &[]);
        x.empty("w:bCs", &[]);
    }
    if style.red || style.red_rule {
        x.empty("w:color", &[("w:val", RED)]);
    }
    if let Some(spacing) = style.spacing {
        x.empty("w:spacing", &[("w:val", &spacing.to_string())]);
    }
    if let Some(scale) = style.scale {
        x.empty("w:w", &[("w:val", &scale.to_string())]);
    }
    if let Some(position) = style.position {
        x.empty("w:position", &[("w:val", &position.to_string())]);
    }
    if let Some(size) = style.size {
        x.empty("w:sz", &[("w:val", &size.to_string())]);
        x.empty("w:szCs", &[("w:val", &size.to_string())]);
    }
    if style.red_rule {
        x.empty("w:u", &[("w:val", "thick"), ("w:color", RED)]);
    } else if style.underline {
        x.empty("w:u", &[("w:val", "single")]);
    }
    x.close("w:rPr");
}
