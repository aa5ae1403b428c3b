//! OFD output, checked by readers nobody here wrote: its structure with an XML parser
//! (roxmltree) and a font parser (ttf-parser), its pages drawn by `ofd-core` next to xuncha's
//! own PNG of the same page, its text read by `ofdkit` next to poppler's text of the PDF.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Cursor, Read};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use common::*;
use roxmltree::{Document, Node};
use xuncha::Compiled;
use xuncha::export::ofd::{OfdDocType, OfdOptions, ofd};

const NS: &str = "http://www.ofdspec.org/2016";

/// Every sample laid out once, with its OFD and PDF.
struct Rendered {
    name: String,
    compiled: Compiled,
    ofd: Vec<u8>,
}

fn options(compiled: &Compiled) -> OfdOptions {
    OfdOptions {
        doc_type: OfdDocType::Ofd,
        creation_date: compiled.document.common().signature.date.parse(),
    }
}

fn rendered() -> &'static [Rendered] {
    static ALL: OnceLock<Vec<Rendered>> = OnceLock::new();
    ALL.get_or_init(|| {
        sample_files()
            .into_iter()
            .map(|file| {
                let input = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
                let compiled = engine().compile(&input).unwrap();
                let ofd = ofd(&compiled.typeset, &options(&compiled))
                    .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
                Rendered {
                    name: file.file_stem().unwrap().to_string_lossy().into_owned(),
                    compiled,
                    ofd,
                }
            })
            .collect()
    })
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("the OFD is a zip");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).unwrap();
            (entry.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// An `ST_Loc` resolved against the folder `base` (absolute when it starts with `/`).
fn resolve(base: &str, location: &str) -> String {
    let mut parts: Vec<&str> = if location.starts_with('/') {
        Vec::new()
    } else {
        base.split('/').filter(|p| !p.is_empty()).collect()
    };
    for part in location.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

fn folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn ofd_children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> Node<'a, 'i> {
    ofd_children(node, name)
        .next()
        .unwrap_or_else(|| panic!("<{}> has no <{name}>", node.tag_name().name()))
}

fn numbers(text: &str) -> Vec<f64> {
    text.split_whitespace()
        .map(|n| n.parse().unwrap_or_else(|_| panic!("not a number: {n}")))
        .collect()
}

/// Checks one package; returns the number of text objects checked.
fn check_structure(name: &str, package: &BTreeMap<String, Vec<u8>>, compiled: &Compiled) -> usize {
    let text_of = |path: &str| -> String {
        String::from_utf8(
            package
                .get(path)
                .unwrap_or_else(|| panic!("{name}: {path} is referred to but missing"))
                .clone(),
        )
        .unwrap()
    };
    let xml_files: Vec<&String> = package.keys().filter(|k| k.ends_with(".xml")).collect();
    for path in &xml_files {
        let text = text_of(path);
        assert!(
            text.contains("<ofd:"),
            "{name}: {path} lacks the ofd: prefix"
        );
        assert!(
            !text.contains("xmlns=\""),
            "{name}: {path} uses a default namespace"
        );
    }
    let ofd_text = text_of("OFD.xml");
    let ofd_xml = Document::parse(&ofd_text).unwrap();
    let root = ofd_xml.root_element();
    assert_eq!(root.tag_name().namespace(), Some(NS));
    assert_eq!(root.attribute("DocType"), Some("OFD"));
    let body = child(root, "DocBody");
    let info = child(body, "DocInfo");
    let doc_id = child(info, "DocID").text().unwrap();
    assert!(
        doc_id.len() == 32 && doc_id.chars().all(|c| c.is_ascii_hexdigit()),
        "{name}: DocID {doc_id}"
    );
    assert_eq!(
        child(info, "CreationDate").text(),
        Some(compiled.document.common().signature.date.0.as_str())
    );
    assert_eq!(child(info, "Title").text(), Some(compiled.document.title()));
    let doc_root = resolve("", child(body, "DocRoot").text().unwrap());
    let doc_dir = folder(&doc_root).to_string();

    let mut ids: Vec<u64> = Vec::new();
    let document_text = text_of(&doc_root);
    let document = Document::parse(&document_text).unwrap();
    let common = child(document.root_element(), "CommonData");
    let max_unit_id: u64 = child(common, "MaxUnitID").text().unwrap().parse().unwrap();

    // Resources: fonts, images, drawing parameters, each file resolved through BaseLoc.
    let mut fonts: HashMap<String, Vec<u8>> = HashMap::new();
    let mut media: BTreeSet<String> = BTreeSet::new();
    let mut draw_params: BTreeSet<String> = BTreeSet::new();
    let res_locations: Vec<String> = ofd_children(common, "PublicRes")
        .chain(ofd_children(common, "DocumentRes"))
        .map(|n| resolve(&doc_dir, n.text().unwrap()))
        .collect();
    assert!(!res_locations.is_empty());
    for location in &res_locations {
        let res_text = text_of(location);
        let res = Document::parse(&res_text).unwrap();
        let res_root = res.root_element();
        let base = resolve(
            folder(location),
            res_root.attribute("BaseLoc").unwrap_or(""),
        );
        for node in res_root.descendants().filter(|n| n.is_element()) {
            let id = node.attribute("ID");
            match node.tag_name().name() {
                "Font" => {
                    let file = resolve(&base, child(node, "FontFile").text().unwrap());
                    fonts.insert(id.unwrap().to_string(), text_of_bytes(package, &file, name));
                }
                "MultiMedia" => {
                    let file = resolve(&base, child(node, "MediaFile").text().unwrap());
                    assert!(package.contains_key(&file), "{name}: {file} is missing");
                    media.insert(id.unwrap().to_string());
                }
                "DrawParam" => {
                    draw_params.insert(id.unwrap().to_string());
                }
                _ => {}
            }
            if let Some(id) = id {
                ids.push(id.parse().unwrap());
            }
        }
    }
    assert!(!fonts.is_empty(), "{name}: no fonts");

    // Every embedded font parses, keeps a cmap and draws outlines.
    let faces: HashMap<&String, ttf_parser::Face> = fonts
        .iter()
        .map(|(id, data)| {
            let face = ttf_parser::Face::parse(data, 0)
                .unwrap_or_else(|e| panic!("{name}: font {id} does not parse: {e}"));
            assert!(
                face.tables().cmap.is_some(),
                "{name}: font {id} has no cmap"
            );
            (id, face)
        })
        .collect();

    let pages: Vec<Node> = ofd_children(child(document.root_element(), "Pages"), "Page").collect();
    assert_eq!(
        pages.len(),
        compiled.typeset.pages().len(),
        "{name}: page count"
    );
    let mut text_objects = 0;
    for (index, page_ref) in pages.iter().enumerate() {
        ids.push(page_ref.attribute("ID").unwrap().parse().unwrap());
        let location = resolve(&doc_dir, page_ref.attribute("BaseLoc").unwrap());
        let page_text = text_of(&location);
        let page = Document::parse(&page_text).unwrap();
        let physical = numbers(
            child(child(page.root_element(), "Area"), "PhysicalBox")
                .text()
                .unwrap(),
        );
        let size = compiled.typeset.pages()[index].frame.size();
        assert!(
            (physical[2] - size.x.to_mm()).abs() < 0.01
                && (physical[3] - size.y.to_mm()).abs() < 0.01,
            "{name} page {}: PhysicalBox {physical:?} is not the page's size",
            index + 1
        );
        for node in page.root_element().descendants().filter(|n| n.is_element()) {
            if let Some(id) = node.attribute("ID") {
                ids.push(id.parse().unwrap());
            }
            if let Some(boundary) = node.attribute("Boundary") {
                let b = numbers(boundary);
                assert!(
                    b.len() == 4 && b[2] > 0.0 && b[3] > 0.0,
                    "{name}: Boundary {boundary}"
                );
            }
            match node.tag_name().name() {
                "TextObject" => {
                    text_objects += 1;
                    let font = node.attribute("Font").unwrap();
                    let face = faces
                        .get(&font.to_string())
                        .unwrap_or_else(|| panic!("{name}: Font {font} does not resolve"));
                    if let Some(param) = node.attribute("DrawParam") {
                        assert!(draw_params.contains(param), "{name}: DrawParam {param}");
                    }
                    check_text_object(name, node, face);
                }
                "ImageObject" => {
                    let resource = node.attribute("ResourceID").unwrap();
                    assert!(
                        media.contains(resource),
                        "{name}: ResourceID {resource} does not resolve"
                    );
                }
                _ => {}
            }
        }
    }
    let unique: BTreeSet<u64> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "{name}: ids are not unique");
    assert!(
        unique.last().copied().unwrap_or(0) <= max_unit_id,
        "{name}: MaxUnitID {max_unit_id} < largest id {:?}",
        unique.last()
    );
    text_objects
}

fn text_of_bytes(package: &BTreeMap<String, Vec<u8>>, path: &str, name: &str) -> Vec<u8> {
    package
        .get(path)
        .unwrap_or_else(|| panic!("{name}: {path} is referred to but missing"))
        .clone()
}

/// DeltaX has one gap per pair of characters; the CGTransforms cover the text exactly once,
/// in order, with as many glyph ids as they say; the glyphs exist, and where a character
/// maps to one glyph the font's own cmap maps it to that glyph.
fn check_text_object(name: &str, object: Node, face: &ttf_parser::Face) {
    let code = child(object, "TextCode");
    let chars: Vec<char> = code.text().unwrap_or("").chars().collect();
    assert!(!chars.is_empty(), "{name}: empty TextCode");
    let gaps = code.attribute("DeltaX").map_or(0, |d| numbers(d).len());
    assert_eq!(
        gaps,
        chars.len() - 1,
        "{name}: DeltaX of “{}”",
        code.text().unwrap()
    );
    let mut next = 0;
    // Characters drawn one-to-one, with their glyphs: a face may draw one character in more
    // than one form (Zhuque Fangsong joins the two dashes of ——), and the cmap can name one.
    let mut one_to_one: Vec<(char, u16)> = Vec::new();
    for transform in ofd_children(object, "CGTransform") {
        let attribute = |key| -> usize { transform.attribute(key).unwrap().parse().unwrap() };
        let (position, count, glyph_count) = (
            attribute("CodePosition"),
            attribute("CodeCount"),
            attribute("GlyphCount"),
        );
        assert_eq!(
            position, next,
            "{name}: CGTransforms leave a gap or overlap"
        );
        let glyphs: Vec<u16> = child(transform, "Glyphs")
            .text()
            .unwrap()
            .split_whitespace()
            .map(|g| g.parse().unwrap())
            .collect();
        assert_eq!(glyphs.len(), glyph_count, "{name}: GlyphCount");
        for &glyph in &glyphs {
            assert!(
                glyph < face.number_of_glyphs(),
                "{name}: glyph {glyph} not in the font"
            );
        }
        if count == glyph_count {
            for (c, &glyph) in chars[position..position + count].iter().zip(&glyphs) {
                one_to_one.push((*c, glyph));
                if !c.is_whitespace() {
                    assert!(
                        face.glyph_bounding_box(ttf_parser::GlyphId(glyph))
                            .is_some(),
                        "{name}: “{c}” has no outline in the embedded font"
                    );
                }
            }
        }
        next = position + count;
    }
    assert_eq!(
        next,
        chars.len(),
        "{name}: CGTransforms do not cover the text"
    );
    // The embedded cmap maps each character to its glyph, or to another form of it drawn here.
    for &(c, glyph) in &one_to_one {
        let mapped = face.glyph_index(c).map(|g| g.0);
        assert!(
            mapped == Some(glyph) || one_to_one.iter().any(|&(d, g)| d == c && Some(g) == mapped),
            "{name}: the embedded cmap does not map “{c}” to its glyph ({mapped:?}, drawn {glyph})"
        );
    }
}

#[test]
fn every_reference_resolves_and_every_count_agrees() {
    let mut objects = 0;
    for sample in rendered() {
        objects += check_structure(&sample.name, &unzip(&sample.ofd), &sample.compiled);
    }
    assert!(objects > 100, "only {objects} text objects checked");
}

#[test]
fn the_same_input_gives_the_same_ofd_bytes() {
    for sample in rendered().iter().take(3) {
        let again = engine().compile(&sample::input(&sample.name)).unwrap();
        let bytes = ofd(&again.typeset, &options(&again)).unwrap();
        assert!(
            bytes == sample.ofd,
            "{}: OFD bytes differ between two renders",
            sample.name
        );
    }
    let ids: BTreeSet<String> = rendered()
        .iter()
        .map(|s| {
            let text = String::from_utf8(unzip(&s.ofd)["OFD.xml"].clone()).unwrap();
            let xml = Document::parse(&text).unwrap();
            let info = child(child(xml.root_element(), "DocBody"), "DocInfo");
            child(info, "DocID").text().unwrap().to_string()
        })
        .collect();
    assert_eq!(ids.len(), rendered().len(), "two documents share a DocID");
}

#[test]
fn the_archival_doc_type_is_written_when_asked() {
    let sample = &rendered()[0];
    let options = OfdOptions {
        doc_type: OfdDocType::OfdA,
        ..options(&sample.compiled)
    };
    let package = unzip(&ofd(&sample.compiled.typeset, &options).unwrap());
    let text = String::from_utf8(package["OFD.xml"].clone()).unwrap();
    assert!(text.contains("DocType=\"OFD-A\""), "{text}");
}

mod sample {
    /// A sample's input by its file stem.
    pub fn input(stem: &str) -> serde_json::Value {
        super::common::sample(&format!("{stem}.json"))
    }
}

// ---------------------------------------------------------------------------------------------
// Drawing: ofd-core's picture of each page next to xuncha's own (typst-render, as `--format
// png` draws it), both at RENDER_DPI on white.

/// Resolution of both pictures: 0.3 mm is 1.8 pixels.
const RENDER_DPI: f64 = 150.0;
/// A pixel is ink when its darkest channel is below this (black text and red rules alike).
const INK_BELOW: u8 = 128;
/// How far apart the same ink line may be in the two pictures, in mm: the 0.3 mm.
/// Measured on the samples: at most 1 pixel (0.17 mm) on any edge of any line.
const EDGE_TOLERANCE_MM: f64 = 0.3;
/// Share of ink pixels with no ink of the other picture within one pixel. The two renderers
/// rasterise glyph edges differently (typst-render's pixglyph, ofd-core's tiny-skia paths);
/// measured on the samples: at most 0.034 % of a page's ink (one pixel of a line edge, 0.17
/// mm, at most). The limit leaves room for other renderer versions and still fails a single
/// missing character on a sparse page; a page compared with the page before it scores far
/// above it (the test checks that too).
const UNMATCHED_INK_LIMIT: f64 = 0.005;

/// An RGBA picture (premultiplied over white, so only darkness matters here).
struct Picture {
    width: usize,
    height: usize,
    ink: Vec<bool>,
}

impl Picture {
    fn from_rgba(width: usize, height: usize, rgba: &[u8]) -> Self {
        let ink = rgba
            .chunks_exact(4)
            .map(|p| {
                // Over white: a premultiplied pixel's visible channel is c + (255 - a).
                let over_white = |c: u8| c.saturating_add(255 - p[3]);
                over_white(p[0]).min(over_white(p[1])).min(over_white(p[2])) < INK_BELOW
            })
            .collect();
        Picture { width, height, ink }
    }

    fn ink_at(&self, x: isize, y: isize) -> bool {
        x >= 0
            && y >= 0
            && (x as usize) < self.width
            && (y as usize) < self.height
            && self.ink[y as usize * self.width + x as usize]
    }

    /// Bands of rows with ink (the lines of text and rules), each with its ink's box in pixels
    /// `(x0, y0, x1, y1)`.
    fn lines(&self) -> Vec<(usize, usize, usize, usize)> {
        let mut lines = Vec::new();
        let mut current: Option<(usize, usize, usize, usize)> = None;
        for y in 0..self.height {
            let row = &self.ink[y * self.width..(y + 1) * self.width];
            let first = row.iter().position(|&i| i);
            match (first, current.as_mut()) {
                (Some(x0), Some(line)) => {
                    let x1 = row.iter().rposition(|&i| i).unwrap();
                    line.0 = line.0.min(x0);
                    line.2 = line.2.max(x1);
                    line.3 = y;
                }
                (Some(x0), None) => {
                    let x1 = row.iter().rposition(|&i| i).unwrap();
                    current = Some((x0, y, x1, y));
                }
                (None, Some(_)) => lines.push(current.take().unwrap()),
                (None, None) => {}
            }
        }
        lines.extend(current);
        lines
    }

    /// Ink pixels of `self` with no ink of `other` within one pixel.
    fn unmatched(&self, other: &Picture) -> usize {
        let mut count = 0;
        for y in 0..self.height {
            for x in 0..self.width {
                if !self.ink[y * self.width + x] {
                    continue;
                }
                let (x, y) = (x as isize, y as isize);
                let near = (-1..=1).any(|dy| (-1..=1).any(|dx| other.ink_at(x + dx, y + dy)));
                if !near {
                    count += 1;
                }
            }
        }
        count
    }

    fn ink_count(&self) -> usize {
        self.ink.iter().filter(|&&i| i).count()
    }
}

/// The share of ink in either picture that the other does not have within a pixel.
fn unmatched_share(a: &Picture, b: &Picture) -> f64 {
    let total = a.ink_count() + b.ink_count();
    if total == 0 {
        return 0.0;
    }
    (a.unmatched(b) + b.unmatched(a)) as f64 / total as f64
}

fn xuncha_picture(compiled: &Compiled, page: usize) -> (Picture, Vec<u8>) {
    let png = compiled
        .png_page(page, RENDER_DPI as f32)
        .expect("page exists");
    let decoder = png::Decoder::new(Cursor::new(png.clone()));
    let mut reader = decoder.read_info().unwrap();
    let mut buffer = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buffer).unwrap();
    assert_eq!(info.color_type, png::ColorType::Rgba);
    // The PNG is not premultiplied; on an opaque white page that is the same.
    let picture = Picture::from_rgba(info.width as usize, info.height as usize, &buffer);
    (picture, png)
}

/// ofd-core's picture of every page, with its PNG when pictures are being saved.
fn ofd_pictures(ofd: &[u8]) -> Vec<(Picture, Option<Vec<u8>>)> {
    let package = ofd_core::OfdPackage::new(Cursor::new(ofd.to_vec())).unwrap();
    let mut reader = ofd_core::OfdReader::new(package).unwrap();
    let body = reader.ofd().doc_bodies[0].clone();
    let document = reader.load_document(&body).unwrap();
    let options = ofd_core::render::RenderOptions::with_dpi(RENDER_DPI);
    (0..document.pages().len())
        .map(|page| {
            let pixmap = reader.render_page(&document, page, &options).unwrap();
            let picture = Picture::from_rgba(
                pixmap.width() as usize,
                pixmap.height() as usize,
                pixmap.data(),
            );
            let png = picture_folder().map(|_| pixmap.encode_png().unwrap());
            (picture, png)
        })
        .collect()
}

/// Where to save each OFD and both pictures of every page for a person to look at, if anywhere
/// (`XUNCHA_OFD_PICTURES=DIR cargo test --test ofd`).
fn picture_folder() -> Option<PathBuf> {
    std::env::var_os("XUNCHA_OFD_PICTURES").map(PathBuf::from)
}

/// The worst figures of a comparison, for the summary line.
#[derive(Clone, Copy)]
struct Agreement {
    pages: usize,
    worst_edge: f64,
    worst_share: f64,
    least_other: f64,
}

#[test]
fn ofd_core_draws_every_page_like_xuncha() {
    // Samples are compared on every core: drawing ~150 pages twice at 150 dpi is most of
    // this suite's time.
    let samples = rendered();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunk = samples.len().div_ceil(threads);
    let results: Vec<Agreement> = std::thread::scope(|scope| {
        let handles: Vec<_> = samples
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(compare_drawings).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a comparison failed; its message is above"))
            .collect()
    });
    let total = results.iter().fold(
        Agreement {
            pages: 0,
            worst_edge: 0.0,
            worst_share: 0.0,
            least_other: 1.0,
        },
        |a, b| Agreement {
            pages: a.pages + b.pages,
            worst_edge: a.worst_edge.max(b.worst_edge),
            worst_share: a.worst_share.max(b.worst_share),
            least_other: a.least_other.min(b.least_other),
        },
    );
    eprintln!(
        "{} pages: worst line edge {:.3} mm, worst unmatched ink {:.3} %, \
         least against the page before {:.1} %",
        total.pages,
        total.worst_edge,
        total.worst_share * 100.0,
        total.least_other * 100.0
    );
}

/// ofd-core's pictures of a sample's pages against xuncha's own, page by page.
fn compare_drawings(sample: &Rendered) -> Agreement {
    let px_per_mm = RENDER_DPI / 25.4;
    let mut agreement = Agreement {
        pages: 0,
        worst_edge: 0.0,
        worst_share: 0.0,
        least_other: 1.0,
    };
    if let Some(dir) = picture_folder() {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{}.ofd", sample.name)), &sample.ofd).unwrap();
    }
    let drawn = ofd_pictures(&sample.ofd);
    assert_eq!(
        drawn.len(),
        sample.compiled.typeset.pages().len(),
        "{}",
        sample.name
    );
    let mut previous: Option<Picture> = None;
    for (index, (ofd_picture, ofd_png)) in drawn.into_iter().enumerate() {
        let (own, own_png) = xuncha_picture(&sample.compiled, index);
        let at = format!("{} page {}", sample.name, index + 1);
        if let (Some(dir), Some(ofd_png)) = (picture_folder(), ofd_png) {
            std::fs::write(
                dir.join(format!("{}-{}-ofd.png", sample.name, index + 1)),
                &ofd_png,
            )
            .unwrap();
            std::fs::write(
                dir.join(format!("{}-{}-own.png", sample.name, index + 1)),
                &own_png,
            )
            .unwrap();
        }
        assert_eq!(
            (ofd_picture.width, ofd_picture.height),
            (own.width, own.height),
            "{at}: size"
        );
        let (ours, theirs) = (own.lines(), ofd_picture.lines());
        assert_eq!(
            ours.len(),
            theirs.len(),
            "{at}: {} ink lines drawn by xuncha, {} by ofd-core\n{ours:?}\n{theirs:?}",
            ours.len(),
            theirs.len()
        );
        for (a, b) in ours.iter().zip(&theirs) {
            let edge = [
                a.0.abs_diff(b.0),
                a.1.abs_diff(b.1),
                a.2.abs_diff(b.2),
                a.3.abs_diff(b.3),
            ]
            .into_iter()
            .max()
            .unwrap() as f64
                / px_per_mm;
            agreement.worst_edge = agreement.worst_edge.max(edge);
            assert!(
                edge <= EDGE_TOLERANCE_MM,
                "{at}: an ink line is {edge:.2} mm off: xuncha {a:?}, ofd-core {b:?} (pixels)"
            );
        }
        let share = unmatched_share(&own, &ofd_picture);
        agreement.worst_share = agreement.worst_share.max(share);
        assert!(
            share <= UNMATCHED_INK_LIMIT,
            "{at}: {:.2} % of the ink does not match",
            share * 100.0
        );
        // The measure tells pages apart: this page against the one before it.
        if let Some(before) = &previous
            && before.ink_count() > 0
            && ofd_picture.ink_count() > 0
        {
            let other = unmatched_share(before, &ofd_picture);
            agreement.least_other = agreement.least_other.min(other);
            assert!(
                other > UNMATCHED_INK_LIMIT,
                "{at}: looks like the page before ({other})"
            );
        }
        previous = Some(own);
        agreement.pages += 1;
    }
    agreement
}

fn pdftotext_works() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

/// Text without any whitespace: the readers break lines and space runs differently.
fn squeezed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The words of the specimen seal's SVG (its `<text>` and `<textPath>` elements).
fn seal_text() -> String {
    let path = xuncha::engine::bundled_dir("templates").join("seals/specimen.svg");
    let svg = std::fs::read_to_string(path).unwrap();
    let svg = Document::parse(&svg).unwrap();
    svg.descendants()
        .filter(|n| {
            n.is_text()
                && n.parent().is_some_and(|p| {
                    p.has_tag_name(("http://www.w3.org/2000/svg", "text"))
                        || p.has_tag_name(("http://www.w3.org/2000/svg", "textPath"))
                })
        })
        .filter_map(|n| n.text())
        .collect()
}

/// `text` with each character of `remove` taken out once, wherever it is (poppler puts the
/// seal's words between the lines they overlap).
fn without(text: &str, remove: &str) -> String {
    let mut text: Vec<char> = squeezed(text).chars().collect();
    for c in squeezed(remove).chars() {
        let at = text
            .iter()
            .position(|&t| t == c)
            .unwrap_or_else(|| panic!("the PDF lacks the seal's “{c}”"));
        text.remove(at);
    }
    text.into_iter().collect()
}

/// The characters of a text, sorted: the two readers put a page's runs in reading order each
/// by its own rules, and in tables they differ (poppler reads a wrapped cell line by line
/// across the row, ofdkit each cell's lines together), so a page's text is compared as the
/// characters it holds: one missing, extra or wrongly mapped character makes them differ.
fn characters(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = squeezed(text).chars().collect();
    chars.sort_unstable();
    chars
}

#[test]
fn ofdkit_reads_the_text_of_the_pdf_on_every_page() {
    let python = tools::python_with("ofdkit");
    let have_python = tools::required("ofdkit", python.is_some(), tools::VENV_INSTALL);
    let have_poppler = tools::required(
        "pdftotext",
        pdftotext_works(),
        "apt-get install poppler-utils",
    );
    if !(have_python && have_poppler) {
        return;
    }
    let python = python.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (mut pages, mut in_order) = (0, 0);
    for sample in rendered() {
        let ofd_path = dir.path().join(format!("{}.ofd", sample.name));
        let pdf_path = dir.path().join(format!("{}.pdf", sample.name));
        std::fs::write(&ofd_path, &sample.ofd).unwrap();
        std::fs::write(&pdf_path, sample.compiled.pdf().unwrap()).unwrap();
        let output = Command::new(&python)
            .args([
                "-c",
                "import json, sys, ofdkit\n\
                 document = ofdkit.open(sys.argv[1])\n\
                 print(json.dumps([page.text() for page in document.pages]))\n\
                 assert not document.warnings, document.warnings",
            ])
            .arg(&ofd_path)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}: ofdkit failed: {}",
            sample.name,
            String::from_utf8_lossy(&output.stderr)
        );
        let ofd_pages: Vec<String> = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(
            ofd_pages.len(),
            sample.compiled.typeset.pages().len(),
            "{}",
            sample.name
        );
        for (index, ofd_text) in ofd_pages.iter().enumerate() {
            let number = (index + 1).to_string();
            let pdf = Command::new("pdftotext")
                .args(["-f", &number, "-l", &number, "-enc", "UTF-8"])
                .arg(&pdf_path)
                .arg("-")
                .output()
                .unwrap();
            assert!(pdf.status.success());
            let pdf_text = String::from_utf8(pdf.stdout).unwrap();
            // The seal is an image in the OFD; the PDF keeps the SVG's words as text.
            let sealed = images(&sample.compiled.typeset)
                .iter()
                .any(|image| image.0 == index);
            let pdf_text = if sealed {
                without(&pdf_text, &seal_text())
            } else {
                pdf_text
            };
            let same_order = squeezed(ofd_text) == squeezed(&pdf_text);
            assert!(
                same_order || characters(ofd_text) == characters(&pdf_text),
                "{} page {}: ofdkit's text of the OFD is not poppler's text of the PDF\n\
                 ofdkit:  {}\npoppler: {}",
                sample.name,
                index + 1,
                squeezed(ofd_text),
                squeezed(&pdf_text)
            );
            pages += 1;
            in_order += usize::from(same_order);
        }
    }
    assert!(pages >= rendered().len());
    // Measured: 35 of the 50 pages; the others hold tables or the seal.
    eprintln!("{in_order} of {pages} pages read in the same order by both");
}
