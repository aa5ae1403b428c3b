//! What a draft is made of before it is written as WordprocessingML: paragraphs of runs,
//! tables, and the ends of sections. The builders of the 版头, the body and the closing
//! elements produce these; `write.rs` turns them into XML.

use super::units::ZI;

/// The roles of GB/T 9704's fonts [14] and the face each names in the draft: the official
/// name first, as offices have them installed (the bundled open fonts stand in for them through
/// the reader's font substitution, as the test's fontconfig does).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// 仿宋: body text, 三级/四级标题, 版记.
    Fangsong,
    /// 黑体: 一级标题, 密级, 紧急程度, 附件标识, table heads.
    Heiti,
    /// 楷体: 二级标题, 签发人姓名, a list's unit line.
    Kaiti,
    /// 小标宋: the title and the 发文机关标志.
    Title,
    /// 宋体: page numbers and the ★ of the red rule.
    Songti,
}

impl Font {
    /// The family name Word and WPS know the font by.
    pub fn name(self) -> &'static str {
        match self {
            Font::Fangsong => "仿宋_GB2312",
            Font::Heiti => "黑体",
            Font::Kaiti => "楷体_GB2312",
            Font::Title => "方正小标宋简体",
            Font::Songti => "宋体",
        }
    }

    /// The name of the same face on systems without the GB2312-era font (`w:altName`).
    pub fn alternative(self) -> &'static str {
        match self {
            Font::Fangsong => "仿宋",
            Font::Heiti => "SimHei",
            Font::Kaiti => "楷体",
            Font::Title => "FZXiaoBiaoSong-B05S",
            Font::Songti => "SimSun",
        }
    }

    /// Every role, in the order the font table lists them.
    pub const ALL: [Font; 5] = [
        Font::Fangsong,
        Font::Heiti,
        Font::Kaiti,
        Font::Title,
        Font::Songti,
    ];
}

/// How a run looks where it differs from its paragraph's style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunStyle {
    /// The font role.
    pub font: Option<Font>,
    /// Size in half-points.
    pub size: Option<u32>,
    /// Bold (加粗, practice).
    pub bold: bool,
    /// Red (`FF0000`).
    pub red: bool,
    /// Horizontal scale in percent (`w:w`), for narrowing the 标志.
    pub scale: Option<u32>,
    /// Character spacing in twentieths of a point (`w:spacing`).
    pub spacing: Option<i64>,
    /// Lowered (negative) or raised by half-points (`w:position`).
    pub position: Option<i64>,
    /// A thick red underline (the red rule's halves around ★).
    pub red_rule: bool,
    /// A thin black underline (a line to sign on).
    pub underline: bool,
}

/// A piece of a paragraph.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Text; `\n` and `\t` in it are written as `w:br` and `w:tab`.
    Text(String, RunStyle),
    /// The page number field (`PAGE`).
    PageNumber(RunStyle),
    /// The seal picture, anchored behind the text.
    Seal(SealAnchor),
}

/// Where the seal picture stands: its left edge from the 版心's left and its top from the top
/// of the paragraph it is anchored in, in millimetres, and its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SealAnchor {
    /// Left edge from the 版心's left edge.
    pub left_mm: f64,
    /// Top edge from the paragraph's top.
    pub top_mm: f64,
    /// Width.
    pub width_mm: f64,
    /// Height.
    pub height_mm: f64,
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Justified (`both`), the body's.
    #[default]
    Justify,
    /// Flush left.
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// A paragraph border line: style (`single`, `thickThinSmallGap`, …), width in eighths of a
/// point, distance from the text in points, red or black.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Border {
    /// `w:val`.
    pub style: &'static str,
    /// `w:sz`, eighths of a point.
    pub size: u32,
    /// `w:space`, points.
    pub space: u32,
    /// Red, else black.
    pub red: bool,
}

/// How a paragraph is set where it differs from its style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParaStyle {
    /// Alignment, when not the style's.
    pub align: Option<Align>,
    /// Left indent, twips.
    pub left: Option<i64>,
    /// Right indent, twips.
    pub right: Option<i64>,
    /// First-line indent (negative: hanging), twips.
    pub first_line: Option<i64>,
    /// Space before, twips.
    pub before: Option<i64>,
    /// Space after, twips.
    pub after: Option<i64>,
    /// Exact line height, twips.
    pub line_exact: Option<i64>,
    /// Keep with the next paragraph.
    pub keep_next: bool,
    /// Keep the lines of this paragraph together.
    pub keep_lines: bool,
    /// Start on a new page.
    pub page_break_before: bool,
    /// Borders above and below.
    pub top_border: Option<Border>,
    /// Border below.
    pub bottom_border: Option<Border>,
    /// Tab stops: (`left`/`center`/`right`, position in twips).
    pub tabs: Vec<(&'static str, i64)>,
}

/// A paragraph: its named style (a `w:styleId` from `styles.rs`), its own settings and runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The style id; `None` is Normal (正文).
    pub style: Option<&'static str>,
    /// Settings over the style.
    pub set: ParaStyle,
    /// The runs.
    pub inlines: Vec<Inline>,
}

impl Para {
    /// A paragraph of one run of `text` in the style `style`.
    pub fn styled(style: Option<&'static str>, text: impl Into<String>) -> Self {
        let text = text.into();
        Self {
            style,
            set: ParaStyle::default(),
            inlines: if text.is_empty() {
                Vec::new()
            } else {
                vec![Inline::Text(text, RunStyle::default())]
            },
        }
    }

    /// A body paragraph (正文: indented 2 字, justified).
    pub fn body(text: impl Into<String>) -> Self {
        Self::styled(None, text)
    }

    /// An empty grid line (空一行).
    pub fn blank() -> Self {
        Self::styled(Some(style::PLAIN), "")
    }

    /// A paragraph with several runs.
    pub fn runs(style: Option<&'static str>, inlines: Vec<Inline>) -> Self {
        Self {
            style,
            set: ParaStyle::default(),
            inlines,
        }
    }

    /// The same paragraph with other settings.
    pub fn with(mut self, change: impl FnOnce(&mut ParaStyle)) -> Self {
        change(&mut self.set);
        self
    }
}

/// A run of `text` in `font` (`None`: the paragraph's).
pub fn run(text: impl Into<String>, font: Option<Font>) -> Inline {
    Inline::Text(
        text.into(),
        RunStyle {
            font,
            ..RunStyle::default()
        },
    )
}

/// A table cell: how many grid columns it spans, its paragraphs, its alignment.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// Grid columns spanned.
    pub span: usize,
    /// Its paragraphs (at least one is written).
    pub paras: Vec<Para>,
    /// No borders (a layout table).
    pub borderless: bool,
    /// Text turned a quarter clockwise (`tbRl`), for a landscape page's number.
    pub turned: bool,
}

impl Cell {
    /// A cell of one paragraph.
    pub fn of(para: Para) -> Self {
        Self::with_paras(vec![para])
    }

    /// A cell of several paragraphs.
    pub fn with_paras(paras: Vec<Para>) -> Self {
        Self {
            span: 1,
            paras,
            borderless: false,
            turned: false,
        }
    }
}

/// A table row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// A header row, repeated on every page (`w:tblHeader`).
    pub header: bool,
    /// A row that must not break across pages (`w:cantSplit`).
    pub cant_split: bool,
    /// An exact height, twips.
    pub height: Option<i64>,
    /// The cells.
    pub cells: Vec<Cell>,
}

/// A table: its column widths in twips (written in `w:tblGrid` and every `w:tcW`, as WPS takes
/// widths from the grid) and its rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column widths, twips; they add up to the table's width.
    pub widths: Vec<i64>,
    /// The rows.
    pub rows: Vec<Row>,
    /// Border width in eighths of a point; 0 for a borderless layout table.
    pub border: u32,
    /// Cell margins in twips: (left and right, top and bottom).
    pub margins: (u32, u32),
    /// A table floating at this place on the page (left, top; twips from the page's corner).
    pub float: Option<(i64, i64)>,
}

/// The orientation of a section's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Orientation {
    /// A4 upright.
    Portrait,
    /// A4 turned, for wide tables [26].
    Landscape,
}

/// A block of the document's body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(Para),
    /// A table.
    Table(Table),
    /// The end of a section whose pages have this orientation; the next block starts a new
    /// page in a new section.
    SectionEnd(Orientation),
}

/// The style ids of `styles.rs`.
pub mod style {
    /// 正文 without first-line indent, for blank lines and flush-left text.
    pub const PLAIN: &str = "Plain";
    /// 一级标题 … 四级标题.
    pub const HEADINGS: [&str; 4] = ["Heading1", "Heading2", "Heading3", "Heading4"];
    /// 标题.
    pub const TITLE: &str = "Title";
    /// The line under the title (a list's 被巡察单位).
    pub const SUBTITLE: &str = "Subtitle";
    /// 发文机关标志.
    pub const MARK: &str = "OrgMark";
    /// Table text.
    pub const TABLE: &str = "TableText";
    /// 版记.
    pub const BANJI: &str = "Banji";
    /// 页码.
    pub const FOOTER: &str = "Footer";
}

/// A text width in twips at the body's 字: `n` characters.
pub fn zi(n: f64) -> i64 {
    (n * ZI as f64).round() as i64
}
