//! Helpers shared by the integration tests: one warm engine, sample loading, and measurements
//! of the laid-out document (positions in millimetres from the page's top-left corner).

#![allow(dead_code)] // each test binary uses a different subset of the helpers

pub mod cli;
pub mod forms;
pub mod http;
pub mod serve;
pub mod tools;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::visualize::{Geometry, Paint};
use typst_layout::PagedDocument;
use xuncha::{Engine, EngineConfig};

/// The engine with the bundled templates and fonts, built once per test binary.
pub fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(&EngineConfig::bundled()).expect("engine starts"))
}

/// The repository's `samples/` folder.
pub fn samples_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

/// A sample document by file name.
pub fn sample(name: &str) -> Value {
    let text = std::fs::read_to_string(samples_dir().join(name)).expect("sample exists");
    serde_json::from_str(&text).expect("sample is JSON")
}

/// The sample document of a built-in template (`templates/<name>/sample.json`): every kind has
/// one, so tests that iterate the kinds use them.
pub fn template_sample(name: &str) -> Value {
    let path = xuncha::engine::bundled_dir("templates")
        .join(name)
        .join("sample.json");
    let text = std::fs::read_to_string(&path).expect("template sample exists");
    serde_json::from_str(&text).expect("template sample is JSON")
}

/// Every `.json` file in `samples/`, sorted.
pub fn sample_files() -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(samples_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

/// Copies the built-in template `from` into `root/name` as a user template named `name`.
pub fn copy_builtin_template(root: &Path, name: &str, from: &str) -> PathBuf {
    let builtin = xuncha::engine::bundled_dir("templates").join(from);
    let folder = root.join(name);
    std::fs::create_dir_all(&folder).unwrap();
    for entry in std::fs::read_dir(&builtin).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), folder.join(entry.file_name())).unwrap();
    }
    let manifest = folder.join("template.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        text.replace(&format!("name = \"{from}\""), &format!("name = \"{name}\"")),
    )
    .unwrap();
    folder
}

/// Lays out a document, failing the test with every problem if it does not compile.
pub fn layout(input: &Value) -> PagedDocument {
    match engine().compile(input) {
        Ok(compiled) => compiled.typeset,
        Err(e) => panic!("{e}"),
    }
}

/// A run of text as laid out.
#[derive(Debug, Clone)]
pub struct TextRun {
    /// 0-based page index.
    pub page: usize,
    /// Left end of the run, mm.
    pub x: f64,
    /// Baseline, mm.
    pub y: f64,
    /// Advance width, mm.
    pub width: f64,
    /// Font size, pt.
    pub size: f64,
    /// The text.
    pub text: String,
    /// Fill colour as RGBA.
    pub rgba: [u8; 4],
    /// Family of the font.
    pub family: String,
    /// Number of glyphs.
    pub glyphs: usize,
    /// Whether the run is drawn rotated (landscape page numbers).
    pub rotated: bool,
}

/// A stroked line as laid out.
#[derive(Debug, Clone)]
pub struct Rule {
    /// 0-based page index.
    pub page: usize,
    /// Start, mm.
    pub x0: f64,
    /// Start, mm.
    pub y0: f64,
    /// End, mm.
    pub x1: f64,
    /// End, mm.
    pub y1: f64,
    /// Stroke thickness, mm.
    pub thickness: f64,
    /// Stroke colour.
    pub rgba: [u8; 4],
}

/// An image as laid out: page, left, top, width, height (mm).
pub type Placed = (usize, f64, f64, f64, f64);

/// Everything the tests measure on the pages.
#[derive(Default)]
struct Laid {
    runs: Vec<TextRun>,
    rules: Vec<Rule>,
    images: Vec<Placed>,
}

/// Walks every page once, collecting text runs, rules and images in page coordinates.
fn laid_out(doc: &PagedDocument) -> Laid {
    let mut laid = Laid::default();
    for (page, p) in doc.pages().iter().enumerate() {
        walk(&p.frame, Transform::identity(), page, &mut laid);
    }
    laid
}

/// Every text run and rule of a document. Runs of one face that continue each other on a line
/// are one run (the library sets an opening mark and the character it opens in a box).
pub fn items(doc: &PagedDocument) -> (Vec<TextRun>, Vec<Rule>) {
    let laid = laid_out(doc);
    let mut runs: Vec<TextRun> = Vec::with_capacity(laid.runs.len());
    for run in laid.runs {
        match runs.last_mut() {
            Some(prev)
                if prev.page == run.page
                    && !prev.rotated
                    && !run.rotated
                    && (prev.y - run.y).abs() < 0.05
                    && close(prev.size, run.size, 0.01)
                    && prev.rgba == run.rgba
                    && prev.family == run.family
                    && (-0.5..1.0).contains(&(run.x - (prev.x + prev.width))) =>
            {
                prev.width = run.x + run.width - prev.x;
                prev.text.push_str(&run.text);
                prev.glyphs += run.glyphs;
            }
            _ => runs.push(run),
        }
    }
    (runs, laid.rules)
}

/// Every image of a document.
pub fn images(doc: &PagedDocument) -> Vec<Placed> {
    laid_out(doc).images
}

fn walk(frame: &Frame, ts: Transform, page: usize, laid: &mut Laid) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                walk(&group.frame, inner, page, laid);
            }
            FrameItem::Text(text) => {
                let at = pos.transform(ts);
                // On a justified line the stretch after the last glyph prints nothing; a glyph
                // compressed below its own advance (line-end punctuation) keeps its width.
                let stretch_after_last = text.glyphs.last().map_or(Abs::zero(), |g| {
                    let natural = text.font.x_advance(g.id).unwrap_or(g.x_advance);
                    (g.x_advance - natural).at(text.size).max(Abs::zero())
                });
                let end =
                    Point::new(pos.x + text.width() - stretch_after_last, pos.y).transform(ts);
                laid.runs.push(TextRun {
                    page,
                    x: at.x.to_mm(),
                    y: at.y.to_mm(),
                    width: (end.x - at.x).to_mm().hypot((end.y - at.y).to_mm()),
                    size: text.size.to_pt(),
                    text: text.text.to_string(),
                    rgba: paint_rgba(&text.fill),
                    family: text.font.info().family.clone(),
                    glyphs: text.glyphs.len(),
                    rotated: ts.kx.get().abs() > 0.5,
                });
            }
            FrameItem::Shape(shape, _) => {
                if let (Geometry::Line(to), Some(stroke)) = (&shape.geometry, &shape.stroke) {
                    let a = pos.transform(ts);
                    let b = (*pos + *to).transform(ts);
                    laid.rules.push(Rule {
                        page,
                        x0: a.x.to_mm(),
                        y0: a.y.to_mm(),
                        x1: b.x.to_mm(),
                        y1: b.y.to_mm(),
                        thickness: stroke.thickness.to_mm(),
                        rgba: paint_rgba(&stroke.paint),
                    });
                }
            }
            FrameItem::Image(_, size, _) => {
                let at = pos.transform(ts);
                laid.images.push((
                    page,
                    at.x.to_mm(),
                    at.y.to_mm(),
                    size.x.to_mm(),
                    size.y.to_mm(),
                ));
            }
            _ => {}
        }
    }
}

fn paint_rgba(paint: &Paint) -> [u8; 4] {
    match paint {
        Paint::Solid(color) => {
            let rgb = color.to_rgb();
            [rgb.red, rgb.green, rgb.blue, rgb.alpha].map(|c| (c * 255.0).round() as u8)
        }
        _ => [0, 0, 0, 0],
    }
}

/// Whether a run is a page number (“— N —”), which sits outside the text flow.
pub fn is_page_number(run: &TextRun) -> bool {
    let text = run.text.trim();
    text.starts_with("— ") && text.ends_with(" —") && (run.size - 14.0).abs() < 0.01
}

/// The document's text, page by page, in reading order of the frames, without page numbers.
pub fn page_texts(doc: &PagedDocument) -> Vec<String> {
    let (runs, _) = items(doc);
    let mut pages = vec![String::new(); doc.pages().len()];
    for run in runs.iter().filter(|r| !is_page_number(r)) {
        pages[run.page].push_str(&run.text);
    }
    pages
}

/// All text with white space removed (line breaks drop spaces).
pub fn squeezed_text(doc: &PagedDocument) -> String {
    page_texts(doc)
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Runs grouped into lines: same page, baselines within 0.2 mm; sorted top to bottom.
pub fn lines_of(runs: &[TextRun], page: usize) -> Vec<Vec<TextRun>> {
    let mut on_page: Vec<TextRun> = runs.iter().filter(|r| r.page == page).cloned().collect();
    on_page.sort_by(|a, b| {
        a.y.partial_cmp(&b.y)
            .unwrap()
            .then(a.x.partial_cmp(&b.x).unwrap())
    });
    let mut lines: Vec<Vec<TextRun>> = Vec::new();
    for run in on_page {
        match lines.last_mut() {
            Some(line) if (line[0].y - run.y).abs() < 0.2 => line.push(run),
            _ => lines.push(vec![run]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap());
    }
    lines
}

/// The text of a line.
pub fn line_text(line: &[TextRun]) -> String {
    line.iter().map(|r| r.text.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// The geometry of GB/T 9704 (`gbt9704.md`), in mm from the page's top-left corner.

pub const PAGE_W: f64 = 210.0;
pub const PAGE_H: f64 = 297.0;
pub const TOP: f64 = 37.0;
pub const TYPE_W: f64 = 156.0;
pub const TYPE_H: f64 = 225.0;
pub const BOTTOM: f64 = TOP + TYPE_H;
/// One 4号 character (page numbers, 版记), mm.
pub const SI_ZI: f64 = 14.0 * 25.4 / 72.0;
pub const TOL: f64 = 0.3;

/// Left edge of the 版心 on a page (0-based index): the 订口 (28 mm) is left on odd pages.
pub fn type_left(page: usize) -> f64 {
    if page.is_multiple_of(2) { 28.0 } else { 26.0 }
}

pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// Width of one 三号 character cell, mm.
pub const ZI: f64 = TYPE_W / 28.0;
/// Line pitch, mm.
pub const PITCH: f64 = TYPE_H / 22.0;

/// Asserts that every text of `doc` but page numbers and the red 版头 is inside the 版心.
pub fn assert_inside_type_area(name: &str, doc: &typst_layout::PagedDocument) {
    if let Some(why) = outside_type_area(doc) {
        panic!("{name}: {why}");
    }
}

/// The first text of `doc` (but page numbers and the red 版头) outside the 版心, if any.
pub fn outside_type_area(doc: &typst_layout::PagedDocument) -> Option<String> {
    let (runs, _) = items(doc);
    let red = |c: [u8; 4]| c[0] > 200 && c[1] < 80 && c[2] < 80;
    for run in runs
        .iter()
        .filter(|r| !r.rotated && !red(r.rgba) && !is_page_number(r))
    {
        let size = doc.pages()[run.page].frame.size();
        if size.x > size.y {
            continue; // landscape pages are turned
        }
        let left = type_left(run.page);
        let where_ = format!("“{}” on page {}", run.text, run.page + 1);
        // A full-width mark ending a line is set half width (行末标点挤压): its ink is inside,
        // its empty half of the advance may reach past the edge.
        let slack = if run
            .text
            .ends_with(['，', '。', '、', '；', '：', '）', '”', '！', '？'])
        {
            0.5 * run.size * 25.4 / 72.0
        } else {
            0.0
        };
        if run.x < left - TOL {
            return Some(format!("{where_} starts at {}", run.x));
        }
        if run.x + run.width > left + TYPE_W + TOL + slack {
            return Some(format!("{where_} ends at {}", run.x + run.width));
        }
        if run.y <= TOP || run.y > BOTTOM + TOL {
            return Some(format!("{where_} at y {}", run.y));
        }
    }
    None
}

/// Typst code that makes typst-layout 0.15.1 panic (`assertion failed: size.is_finite()` in
/// `flow/distribute.rs`; typst issue 7639).
pub const TYPST_PANICS: &str = "#figure({\n  show: pad.with(50%)\n  show: block.with(inset: 1cm)\n  grid(h(1fr), stack())\n})\n";

/// Typst code on which typst-layout 0.15.1 never returns, its memory growing by about
/// 100 MB a second (the same issue, without the figure).
pub const TYPST_NEVER_ENDS: &str =
    "#{\n  show: pad.with(50%)\n  show: block.with(inset: 1cm)\n  grid(h(1fr), stack())\n}\n";

/// Two user templates in `root` for 巡察建议书 whose Typst code breaks the typesetter: `panics`
/// and `never-ends`. A document takes one with `"template": "panics"`.
pub fn runaway_templates(root: &Path) {
    for (name, code) in [("panics", TYPST_PANICS), ("never-ends", TYPST_NEVER_ENDS)] {
        let folder = copy_builtin_template(root, name, "inspection_recommendation");
        let entry = folder.join("main.typ.tera");
        let text = std::fs::read_to_string(&entry).unwrap();
        std::fs::write(&entry, format!("{text}{code}")).unwrap();
    }
}

/// The minimal 巡察建议书 sample on `template`.
pub fn on_template(template: &str) -> Value {
    let mut document = sample("rec-02-minimal.json");
    document["template"] = Value::from(template);
    document
}

// ---------------------------------------------------------------------------------------------
// Typography (GB/T 15834 and Chinese typesetting as a 公文 reviewer reads it): one glyph at a
// time.

/// One glyph as laid out.
#[derive(Debug, Clone)]
pub struct PlacedGlyph {
    /// 0-based page index.
    pub page: usize,
    /// Left edge of the glyph's box (its origin with its offset), mm.
    pub x: f64,
    /// Baseline, mm.
    pub y: f64,
    /// Advance as laid out (tracking, compression and justification included), mm.
    pub advance: f64,
    /// The face's own advance, in em.
    pub natural_em: f64,
    /// The ink's left and right edges, mm (the box's left edge where the glyph has no ink).
    pub ink: (f64, f64),
    /// Font size, pt.
    pub size: f64,
    /// The character (first of its cluster).
    pub c: char,
    /// Family of the font.
    pub family: String,
    /// Drawn rotated or scaled (landscape page numbers, the squeezed 发文机关标志).
    pub transformed: bool,
}

/// Every glyph of a document, in page coordinates.
pub fn glyphs(doc: &PagedDocument) -> Vec<PlacedGlyph> {
    let mut out = Vec::new();
    for (page, p) in doc.pages().iter().enumerate() {
        walk_glyphs(&p.frame, Transform::identity(), page, &mut out);
    }
    out
}

fn walk_glyphs(frame: &Frame, ts: Transform, page: usize, out: &mut Vec<PlacedGlyph>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                walk_glyphs(&group.frame, inner, page, out);
            }
            FrameItem::Text(text) => {
                let transformed = !ts.kx.get().abs().lt(&1e-9)
                    || !ts.ky.get().abs().lt(&1e-9)
                    || (ts.sx.get() - 1.0).abs() > 1e-9;
                let upem = text.font.units_per_em();
                let mut x = pos.x;
                for g in &text.glyphs {
                    let at = Point::new(x + g.x_offset.at(text.size), pos.y).transform(ts);
                    let advance = g.x_advance.at(text.size);
                    let natural = text.font.x_advance(g.id).unwrap_or(g.x_advance);
                    let ink = text
                        .font
                        .ttf()
                        .glyph_bounding_box(ttf_parser::GlyphId(g.id))
                        .map_or((0.0, 0.0), |b| {
                            let em = |v: i16| Abs::pt(f64::from(v) / upem * text.size.to_pt());
                            (em(b.x_min).to_mm(), em(b.x_max).to_mm())
                        });
                    out.push(PlacedGlyph {
                        page,
                        x: at.x.to_mm(),
                        y: at.y.to_mm(),
                        advance: advance.to_mm(),
                        natural_em: natural.get(),
                        ink: (at.x.to_mm() + ink.0, at.x.to_mm() + ink.1),
                        size: text.size.to_pt(),
                        c: text.text[g.range()].chars().next().unwrap_or(' '),
                        family: text.font.font().info().family.clone(),
                        transformed,
                    });
                    x += advance;
                }
            }
            _ => {}
        }
    }
}

/// Quotation marks, which GB/T 15834 sets one character wide, the ink beside the quoted text.
pub const QUOTES: [char; 4] = ['“', '”', '‘', '’'];
/// Marks set one character wide each, so that …… and —— take two.
pub const DOUBLED: [char; 2] = ['…', '—'];
/// Opening marks, which never hang into the margin at the start of a line.
pub const OPENING_MARKS: &str = "（「『《〈【〔〖［｛“‘";

/// Glyphs grouped into lines: same page, baselines within 0.2 mm, left to right.
pub fn glyph_lines(glyphs: &[PlacedGlyph]) -> Vec<Vec<PlacedGlyph>> {
    let mut sorted: Vec<PlacedGlyph> = glyphs.to_vec();
    sorted.sort_by(|a, b| (a.page, a.y, a.x).partial_cmp(&(b.page, b.y, b.x)).unwrap());
    let mut lines: Vec<Vec<PlacedGlyph>> = Vec::new();
    for g in sorted {
        match lines.last_mut() {
            Some(line) if line[0].page == g.page && (line[0].y - g.y).abs() < 0.2 => line.push(g),
            _ => lines.push(vec![g]),
        }
    }
    for line in &mut lines {
        line.sort_by(|a, b| a.x.partial_cmp(&b.x).unwrap());
    }
    lines
}

/// Every fault of punctuation and full lines in a laid-out document, described:
/// - “ ” ‘ ’, … and — one em wide in the face, the quotes' ink on the side of the quoted text;
/// - no glyph's box or ink left of the 版心 on a portrait page (an opening mark at the start
///   of a line keeps its full width);
/// - a full line of 三号 body text (one reaching the right edge of the 版心) holds as many
///   characters as it has cells from its start (28, or 26 after an indent), less at most three
///   quarters of a character (half-width digits and letters do not fill whole cells): never 27
///   spread over 28 (避头尾 is met by compressing punctuation and characters); a line broken
///   at an e-mail address's `@` or `.`, or before one, may fall short by three.
pub fn typography_faults(doc: &PagedDocument) -> Vec<String> {
    let all = glyphs(doc);
    let mut faults = Vec::new();
    let portrait = |page: usize| {
        let size = doc.pages()[page].frame.size();
        size.x < size.y
    };
    for g in all.iter().filter(|g| !g.transformed) {
        let at = format!(
            "“{}” ({}, {:.1} pt) on page {}",
            g.c,
            g.family,
            g.size,
            g.page + 1
        );
        if (QUOTES.contains(&g.c) || DOUBLED.contains(&g.c)) && (g.natural_em - 1.0).abs() > 0.02 {
            faults.push(format!("{at} is {:.2} em wide", g.natural_em));
        }
        if QUOTES.contains(&g.c) {
            let em = g.size * 25.4 / 72.0 * g.natural_em;
            let middle = (g.ink.0 + g.ink.1) / 2.0 - g.x;
            let opening = matches!(g.c, '“' | '‘');
            if opening != (middle > em / 2.0) && g.natural_em > 0.9 {
                faults.push(format!("{at} has its ink on the wrong side"));
            }
        }
        if portrait(g.page) && !is_page_number_glyph(g) {
            let left = type_left(g.page);
            if g.x < left - TOL || g.ink.0 < left - TOL {
                faults.push(format!(
                    "{at} starts at {:.2} mm, left of the 版心 ({left})",
                    g.x.min(g.ink.0)
                ));
            }
        }
    }
    let body: Vec<PlacedGlyph> = all
        .iter()
        .filter(|g| !g.transformed && close(g.size, 16.0, 0.01) && portrait(g.page))
        .cloned()
        .collect();
    let lines = glyph_lines(&body);
    // The colon of “附件：” keeps its full cell [GB/T 9704 7.3.4, 全角冒号]: in a column sized to
    // it, it once ended a line there, was set half width, and the name stood over its right half.
    // (Inside a justified line a 点号 may give up to half its width, as 标点挤压 does.)
    for line in &lines {
        for w in line.windows(4) {
            let em = w[2].size * 25.4 / 72.0;
            if w[0].c == '附' && w[1].c == '件' && w[2].c == '：' && w[3].x - w[2].x < 0.95 * em
            {
                faults.push(format!(
                    "“附件：” on page {}: the colon takes {:.2} em",
                    w[2].page + 1,
                    (w[3].x - w[2].x) / em
                ));
            }
        }
    }
    for (i, line) in lines.iter().enumerate() {
        let left = type_left(line[0].page);
        let last = line.last().unwrap();
        let right = last.x + last.advance;
        if right < left + TYPE_W - 0.6 * ZI {
            continue;
        }
        // Text placed apart on one baseline (份号 left, 发文字号 right) is not a paragraph's line.
        if line
            .windows(2)
            .any(|w| w[1].x - (w[0].x + w[0].advance) > 1.5 * ZI)
        {
            continue;
        }
        // The character cells from the line's start (after an indent) to the right edge.
        let cells = (left + TYPE_W - line[0].x) / ZI;
        let held: f64 = line
            .iter()
            .filter(|g| g.c != ' ')
            .map(|g| g.natural_em)
            .sum();
        // A line that ends where an e-mail address breaks (at `@` or `.`), or before one that
        // went down whole, may fall short by the piece that did not fit (three characters).
        let next_ascii = lines.get(i + 1).is_some_and(|l| l[0].c.is_ascii_graphic());
        let slack = if last.c.is_ascii_graphic() || next_ascii {
            3.0
        } else {
            0.75
        };
        if held < cells - slack {
            let text: String = line.iter().map(|g| g.c).collect();
            faults.push(format!(
                "a full line on page {} holds {held:.1} characters in {cells:.1}: “{text}”",
                line[0].page + 1
            ));
        }
    }
    faults
}

/// Whether a glyph belongs to a page number (4号, “— N —”), outside the text flow.
fn is_page_number_glyph(g: &PlacedGlyph) -> bool {
    close(g.size, 14.0, 0.01) && (g.y > BOTTOM + 1.0)
}

/// The printed lines of every 二号 title (22 pt runs, grouped into consecutive lines per page).
pub fn printed_titles(doc: &PagedDocument) -> Vec<Vec<String>> {
    let (runs, _) = items(doc);
    let titles: Vec<TextRun> = runs
        .into_iter()
        .filter(|r| close(r.size, 22.0, 0.01) && r.rgba[0] < 100)
        .collect();
    let mut blocks: Vec<Vec<String>> = Vec::new();
    for page in 0..doc.pages().len() {
        let lines = lines_of(&titles, page);
        let mut last_y = f64::NEG_INFINITY;
        for line in lines {
            let text = line_text(&line);
            if line[0].y - last_y < 2.0 * PITCH && !blocks.is_empty() {
                blocks.last_mut().unwrap().push(text);
            } else {
                blocks.push(vec![text]);
            }
            last_y = line[0].y;
        }
    }
    blocks
}

/// Faults of the automatic breaks of `title` as printed in `doc`: a line over the capacity, a
/// break inside one of the segmenter's pieces (a word, a number with what it counts), a line
/// starting with a mark that may not start one or ending with one that may not end one.
pub fn title_break_faults(doc: &PagedDocument, title: &str) -> Vec<String> {
    let Some(lines) = printed_titles(doc)
        .into_iter()
        .find(|block| block.concat() == title)
    else {
        return vec![format!("the title “{title}” is not printed as one block")];
    };
    let pieces = xuncha::model::title_breaks::pieces(title, &[]);
    let mut bounds = std::collections::BTreeSet::new();
    let mut at = 0;
    for p in &pieces {
        at += p.text.chars().count();
        bounds.insert(at);
    }
    let no_start = "）」』》〉】〕〗］｝”’、，。；：！？…—·%‰℃";
    let no_end = "（「『《〈【〔〖［｛“‘";
    let mut faults = Vec::new();
    let mut at = 0;
    for (i, line) in lines.iter().enumerate() {
        let n = line.chars().count();
        if n > xuncha::model::TITLE_LINE_CAPACITY {
            faults.push(format!("title line “{line}” has {n} characters"));
        }
        at += n;
        if i + 1 < lines.len() && !bounds.contains(&at) {
            faults.push(format!("the title breaks inside a word: {lines:?}"));
        }
        if line.starts_with(|c| no_start.contains(c)) || line.ends_with(|c| no_end.contains(c)) {
            faults.push(format!("a title line breaks 避头尾: {lines:?}"));
        }
    }
    faults
}
