//! Word drafts (`.docx`) read by programs xuncha did not write: python-docx reads back the
//! package (sections, settings, styles, footers, fonts, tables, pictures, the text), and
//! LibreOffice converts every draft to PDF with only the bundled fonts, whose pages poppler
//! measures as `tests/layout.rs` measures xuncha's: A4, text inside the mirrored 版心, 22 lines
//! of at most 28 characters, the line pitch, page numbers at the outer edge and none on a
//! letter's first page, the header row on every landscape page, and about as many pages as
//! xuncha's PDF. Every sample and every kind × layout is converted, in one LibreOffice run.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use xuncha::DocKind;
use xuncha::format::DocumentFormat;

use common::tools::{python_with, required};

/// A document converted both ways.
struct Draft {
    /// `samples/NAME` or `KIND-LAYOUT`.
    name: String,
    /// The input.
    input: Value,
    /// The draft.
    docx: Vec<u8>,
    /// Pages of xuncha's own PDF.
    pages: usize,
    /// xuncha's text (the laid-out pages, page numbers left out), white space removed.
    text: String,
    /// The layout (`standard`, `letter`, …).
    layout: String,
}

/// Every sample, and every kind's template sample in each of its layouts.
fn drafts() -> &'static [Draft] {
    static DRAFTS: OnceLock<Vec<Draft>> = OnceLock::new();
    DRAFTS.get_or_init(|| {
        let mut inputs: Vec<(String, Value)> = common::sample_files()
            .iter()
            .map(|p| {
                let name = p.file_stem().unwrap().to_string_lossy().to_string();
                (
                    name,
                    common::sample(&p.file_name().unwrap().to_string_lossy()),
                )
            })
            .collect();
        for kind in DocKind::ALL {
            for layout in kind.layouts() {
                let mut input = common::template_sample(kind.as_str());
                input["layout"] = Value::from(layout.as_str());
                inputs.push((format!("{kind}-{}", layout.as_str()), input));
            }
        }
        let engine = common::engine();
        inputs
            .into_iter()
            .map(|(name, input)| {
                let docx = engine
                    .render(&input, DocumentFormat::DOCX)
                    .unwrap_or_else(|e| panic!("{name}: {e}"))
                    .bytes;
                let typeset = common::layout(&input);
                let layout = engine
                    .validate(&input)
                    .unwrap()
                    .document
                    .common()
                    .layout
                    .as_str()
                    .to_string();
                Draft {
                    name,
                    docx,
                    pages: typeset.pages().len(),
                    text: common::squeezed_text(&typeset),
                    input,
                    layout,
                }
            })
            .collect()
    })
}

/// A folder under `target/` for the test's files.
fn work_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/docx-test");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The drafts written to `target/docx-test/docx/`, in order.
fn written() -> &'static [PathBuf] {
    static WRITTEN: OnceLock<Vec<PathBuf>> = OnceLock::new();
    WRITTEN.get_or_init(|| {
        let dir = work_dir().join("docx");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        drafts()
            .iter()
            .map(|d| {
                let path = dir.join(format!("{}.docx", d.name));
                std::fs::write(&path, &d.docx).unwrap();
                path
            })
            .collect()
    })
}

#[test]
fn the_same_input_gives_the_same_bytes_on_any_thread() {
    let engine = common::engine();
    std::thread::scope(|scope| {
        let handles: Vec<_> = drafts()
            .iter()
            .map(|d| scope.spawn(move || (d, engine.draft(&d.input).unwrap().bytes)))
            .collect();
        for handle in handles {
            let (draft, again) = handle.join().unwrap();
            assert!(again == draft.docx, "{}: bytes differ", draft.name);
        }
    });
}

// ---------------------------------------------------------------------------------------------
// python-docx

/// python-docx's reading of every draft (`tests/data/docx_facts.py`), or `None` when it is
/// not installed outside CI.
fn facts() -> Option<&'static [Value]> {
    static FACTS: OnceLock<Option<Vec<Value>>> = OnceLock::new();
    FACTS
        .get_or_init(|| {
            let python = python_with("docx");
            if !required("python-docx", python.is_some(), common::tools::VENV_INSTALL) {
                return None;
            }
            let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/docx_facts.py");
            let output = Command::new(python.unwrap())
                .arg(script)
                .args(written())
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "python-docx failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            Some(serde_json::from_slice(&output.stdout).unwrap())
        })
        .as_deref()
}

#[test]
fn python_docx_reads_the_page_setup_of_the_standard() {
    let Some(facts) = facts() else { return };
    for (draft, f) in drafts().iter().zip(facts) {
        let name = &draft.name;
        assert_eq!(f["mirror_margins"], true, "{name}: w:mirrorMargins");
        assert_eq!(f["even_and_odd"], true, "{name}: w:evenAndOddHeaders");
        let sections = f["sections"].as_array().unwrap();
        for (i, s) in sections.iter().enumerate() {
            let mm = |key: &str| s[key].as_f64().unwrap();
            assert_eq!(s["grid_type"], "lines", "{name} §{i}");
            assert_eq!(s["line_pitch"], "579", "{name} §{i}");
            if s["landscape"] == true {
                assert!((mm("width_mm") - 297.0).abs() < 0.1, "{name} §{i}");
                assert!((mm("height_mm") - 210.0).abs() < 0.1, "{name} §{i}");
            } else {
                assert!((mm("width_mm") - 210.0).abs() < 0.1, "{name} §{i}");
                assert!((mm("height_mm") - 297.0).abs() < 0.1, "{name} §{i}");
                for (key, want) in [
                    ("top_mm", 37.0),
                    ("bottom_mm", 35.0),
                    ("left_mm", 28.0),
                    ("right_mm", 26.0),
                ] {
                    assert!((mm(key) - want).abs() < 0.05, "{name} §{i} {key}");
                }
            }
            let letter_first = draft.layout == "letter" && i == 0;
            assert_eq!(s["title_page"], letter_first, "{name} §{i}: w:titlePg");
            for side in ["odd_footer", "even_footer"] {
                assert_eq!(s[side]["page_field"], true, "{name} §{i} {side}");
                assert_eq!(s[side]["text"], "— 1 —", "{name} §{i} {side}");
            }
            if letter_first {
                assert_eq!(s["first_footer"]["page_field"], false, "{name}: page 1");
            }
        }
    }
}

#[test]
fn python_docx_reads_fonts_by_their_official_names_and_no_theme() {
    let Some(facts) = facts() else { return };
    for (draft, f) in drafts().iter().zip(facts) {
        let name = &draft.name;
        assert_eq!(f["theme_attributes"], Value::Array(vec![]), "{name}");
        assert_eq!(
            f["line_breaks_in_text"], 0,
            "{name}: a line break inside w:t"
        );
        let styles = &f["styles"];
        let normal = &styles["Normal"];
        assert_eq!(normal["fonts"]["eastAsia"], "仿宋_GB2312", "{name}");
        assert_eq!(normal["fonts"]["ascii"], "仿宋_GB2312", "{name}");
        assert_eq!(normal["fonts"]["hint"], "eastAsia", "{name}");
        assert_eq!(normal["size"], 16.0, "{name}");
        assert_eq!(normal["line"], "579", "{name}");
        assert_eq!(normal["line_rule"], "exact", "{name}");
        assert_eq!(normal["char_spacing"], "-5", "{name}");
        assert_eq!(normal["kinsoku"], true, "{name}");
        assert_eq!(normal["lang_east_asia"], "zh-CN", "{name}");
        for (style, font) in [
            ("Heading1", "黑体"),
            ("Heading2", "楷体_GB2312"),
            ("Heading3", "仿宋_GB2312"),
            ("Heading4", "仿宋_GB2312"),
            ("Title", "方正小标宋简体"),
            ("Footer", "宋体"),
        ] {
            assert_eq!(styles[style]["fonts"]["eastAsia"], font, "{name} {style}");
            assert_eq!(styles[style]["next"], "Normal", "{name} {style}");
        }
        for font in f["run_fonts"].as_array().unwrap() {
            let font = font.as_str().unwrap();
            assert!(
                [
                    "仿宋_GB2312",
                    "黑体",
                    "楷体_GB2312",
                    "方正小标宋简体",
                    "宋体"
                ]
                .contains(&font),
                "{name}: {font}"
            );
        }
    }
}

#[test]
fn python_docx_reads_tables_with_widths_and_repeated_heads() {
    let Some(facts) = facts() else { return };
    for (draft, f) in drafts().iter().zip(facts) {
        let name = &draft.name;
        for t in f["tables"].as_array().unwrap() {
            assert!(
                !t["grid"].as_array().unwrap().is_empty(),
                "{name}: w:tblGrid"
            );
            assert_eq!(t["cells_with_width"], t["cells"], "{name}: w:tcW");
        }
        let has_data_table = draft.input.get("rows").is_some()
            || draft.input["attachments"]
                .as_array()
                .is_some_and(|a| a.iter().any(|a| a.get("table").is_some()))
            || (draft.input["doc_kind"] == "rectification_report"
                && draft.input["attachments"]
                    .as_array()
                    .is_none_or(|a| a.is_empty()))
            // A form's list of one item is a label | value row (no heads to repeat).
            || (draft.layout == "form"
                && ["problems", "items"].iter().any(|list| {
                    draft.input[list].as_array().is_some_and(|a| a.len() > 1)
                }));
        let repeated = f["tables"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["header_rows"].as_u64().unwrap() > 0);
        assert_eq!(repeated, has_data_table, "{name}: w:tblHeader");
        let signature = &draft.input["signature"];
        // A form's sealing cell shows no picture for a signer's seal, as the template.
        let sealed = signature["seal_image_ref"].is_string()
            && signature["seal"] != "none"
            && !(draft.layout == "form" && signature["seal"] == "signer_seal");
        let anchors = f["anchors"].as_array().unwrap();
        assert_eq!(!anchors.is_empty(), sealed, "{name}: the seal picture");
        for a in anchors {
            assert_eq!(a["wrap_none"], true, "{name}");
            assert_eq!(a["behind"], "1", "{name}");
        }
    }
}

/// Heading numbers as Word prints them from `numbering.xml`: 一、（一）1.（1）.
fn numbered(items: &[Value]) -> String {
    let mut counts = [0usize; 4];
    let mut text = String::new();
    for item in items {
        let style = item["style"].as_str().unwrap_or("");
        if let Some(level) = style
            .strip_prefix("Heading")
            .and_then(|l| l.parse::<usize>().ok())
        {
            counts[level - 1] += 1;
            counts[level..].iter_mut().for_each(|c| *c = 0);
            let n = counts[level - 1];
            text.push_str(&match level {
                1 => format!("{}、", chinese_number(n)),
                2 => format!("（{}）", chinese_number(n)),
                3 => format!("{n}."),
                _ => format!("（{n}）"),
            });
        }
        text.push_str(item["text"].as_str().unwrap());
    }
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The draft's text as python-docx reads it: a letter's first-page header (its 标志), then the
/// body with the heading numbers, white space removed.
fn draft_text(facts: &Value) -> String {
    let header: String = facts["letter_header"]
        .as_str()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    header + &numbered(facts["items"].as_array().unwrap())
}

fn chinese_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        1..=9 => DIGITS[n].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => format!("{}十{}", DIGITS[n / 10], DIGITS[n % 10]),
    }
}

/// The header rows of the draft's tables, each as one string without white space.
fn table_heads(facts: &Value) -> Vec<String> {
    facts["tables"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|t| t["header_text"].as_str())
        .map(|h| h.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|h| !h.is_empty())
        .collect()
}

/// `text` with every repetition of a table's header rows after the first left out: a PDF
/// prints them again on every page the table runs over, the draft holds them once.
fn without_repeated_heads(text: &str, heads: &[String]) -> String {
    let mut text = text.to_string();
    for head in heads {
        if let Some(first) = text.find(head.as_str()) {
            let keep = first + head.len();
            let rest = text[keep..].replace(head.as_str(), "");
            text.truncate(keep);
            text.push_str(&rest);
        }
    }
    text
}

fn sorted_chars(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().collect();
    chars.sort_unstable();
    chars
}

#[test]
fn the_draft_says_what_the_pdf_says() {
    let Some(facts) = facts() else { return };
    for (draft, f) in drafts().iter().zip(facts) {
        let items = f["items"].as_array().unwrap();
        let docx_text = draft_text(f);
        let pdf_text = without_repeated_heads(&draft.text, &table_heads(f));
        assert_eq!(
            sorted_chars(&docx_text),
            sorted_chars(&pdf_text),
            "{}: the draft's characters are not the PDF's\ndraft: {docx_text}\npdf:   {}",
            draft.name,
            pdf_text
        );
        // The body's paragraphs come in the PDF's order.
        let mut rest = pdf_text.as_str();
        let body: Vec<&Value> = items
            .iter()
            .filter(|i| i["table"] == false)
            .filter(|i| {
                let style = i["style"].as_str().unwrap_or("Normal");
                style == "Normal"
            })
            .collect();
        for item in body {
            let text: String = item["text"]
                .as_str()
                .unwrap()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            if text.is_empty() {
                continue;
            }
            let at = rest
                .find(&text)
                .unwrap_or_else(|| panic!("{}: “{text}” is not where the PDF has it", draft.name));
            rest = &rest[at + text.len()..];
        }
    }
}

// ---------------------------------------------------------------------------------------------
// LibreOffice

/// A fontconfig file that holds only the bundled fonts, the official names aliased to them.
fn fontconfig(dir: &Path) -> PathBuf {
    let fonts = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    let aliases = [
        ("仿宋_GB2312", "Zhuque Fangsong"),
        ("黑体", "Noto Sans SC"),
        ("楷体_GB2312", "LXGW WenKai"),
        ("方正小标宋简体", "Noto Serif SC Black"),
        ("宋体", "Noto Serif SC"),
    ];
    let mut conf = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
         <dir>{}</dir>\n<cachedir>{}</cachedir>\n",
        fonts.display(),
        dir.join("fc-cache").display()
    );
    for (official, bundled) in aliases {
        conf.push_str(&format!(
            "<alias binding=\"same\"><family>{official}</family><prefer><family>{bundled}</family>\
             <family>BabelStone Han</family></prefer></alias>\n"
        ));
    }
    conf.push_str("</fontconfig>\n");
    let path = dir.join("fonts.conf");
    std::fs::write(&path, conf).unwrap();
    path
}

/// A word of a converted page, in millimetres from the page's top-left corner.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

/// A converted page.
#[derive(Debug)]
struct Page {
    width: f64,
    height: f64,
    words: Vec<Word>,
}

impl Page {
    fn landscape(&self) -> bool {
        self.width > self.height
    }
}

/// The LibreOffice PDF of every draft, as pages of words (poppler's `pdftotext -bbox`).
fn converted() -> Option<&'static [Vec<Page>]> {
    static PAGES: OnceLock<Option<Vec<Vec<Page>>>> = OnceLock::new();
    PAGES
        .get_or_init(|| {
            let soffice = Command::new("soffice").arg("--version").output().is_ok();
            let poppler = Command::new("pdftotext").arg("-v").output().is_ok();
            if !required(
                "LibreOffice",
                soffice,
                "apt-get install libreoffice-writer-nogui",
            ) || !required("pdftotext", poppler, "apt-get install poppler-utils")
            {
                return None;
            }
            let dir = work_dir();
            let out = dir.join("pdf");
            let profile = dir.join("profile");
            let _ = std::fs::remove_dir_all(&out);
            let _ = std::fs::remove_dir_all(&profile);
            let conf = fontconfig(&dir);
            let status = Command::new("soffice")
                .env("FONTCONFIG_FILE", &conf)
                .arg(format!(
                    "-env:UserInstallation=file://{}",
                    profile.display()
                ))
                .args([
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                ])
                .arg(&out)
                .args(written())
                .output()
                .unwrap();
            assert!(
                status.status.success(),
                "LibreOffice failed: {}",
                String::from_utf8_lossy(&status.stderr)
            );
            Some(
                drafts()
                    .iter()
                    .map(|d| read_pdf(&out.join(format!("{}.pdf", d.name))))
                    .collect(),
            )
        })
        .as_deref()
}

/// The pages of a PDF with their words, from `pdftotext -bbox`.
fn read_pdf(path: &Path) -> Vec<Page> {
    let output = Command::new("pdftotext")
        .args(["-bbox", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}: pdftotext", path.display());
    let html = String::from_utf8(output.stdout).unwrap();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).unwrap();
    let mm = |node: &roxmltree::Node, key: &str| -> f64 {
        node.attribute(key).unwrap().parse::<f64>().unwrap() * 25.4 / 72.0
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| Page {
            width: mm(&page, "width"),
            height: mm(&page, "height"),
            words: page
                .children()
                .filter(|n| n.has_tag_name("word"))
                .map(|w| Word {
                    text: w.text().unwrap_or_default().to_string(),
                    x0: mm(&w, "xMin"),
                    y0: mm(&w, "yMin"),
                    x1: mm(&w, "xMax"),
                    y1: mm(&w, "yMax"),
                })
                .collect(),
        })
        .collect()
}

/// Whether a word is part of a page number “— N —”: below the 版心, or on a landscape page
/// left of it (where the portrait sheet's foot is, the number turned with the page).
fn is_page_number(page: &Page, word: &Word) -> bool {
    let outside = if page.landscape() {
        word.x1 < 34.0
    } else {
        word.y0 > 261.5
    };
    outside && word.text.chars().all(|c| c == '—' || c.is_ascii_digit())
}

/// Lines of a page's words (top to bottom): words whose bottoms are within 1 mm.
fn lines(words: &[&Word]) -> Vec<Vec<Word>> {
    let mut sorted: Vec<Word> = words.iter().map(|w| (*w).clone()).collect();
    sorted.sort_by(|a, b| a.y1.partial_cmp(&b.y1).unwrap());
    let mut out: Vec<Vec<Word>> = Vec::new();
    for w in sorted {
        match out.last_mut() {
            Some(line) if (line[0].y1 - w.y1).abs() < 1.0 => line.push(w),
            _ => out.push(vec![w]),
        }
    }
    out
}

#[test]
fn libreoffice_pages_are_a4_with_the_text_inside_the_mirrored_type_area() {
    let Some(pdfs) = converted() else { return };
    for (draft, pages) in drafts().iter().zip(pdfs) {
        let name = &draft.name;
        for (i, page) in pages.iter().enumerate() {
            let odd = i % 2 == 0;
            let (w, h) = if page.landscape() {
                (297.0, 210.0)
            } else {
                (210.0, 297.0)
            };
            assert!(
                (page.width - w).abs() < 0.5 && (page.height - h).abs() < 0.5,
                "{name} p{}: {} × {} mm",
                i + 1,
                page.width,
                page.height
            );
            let (left, right, top, bottom) = if page.landscape() {
                let (l, r) = if odd { (35.0, 37.0) } else { (37.0, 35.0) };
                (l, 297.0 - r, 27.0, 210.0 - 27.0)
            } else {
                let l = if odd { 28.0 } else { 26.0 };
                (l, l + 156.0, 37.0, 262.0)
            };
            // A letter's first page carries its 标志 and double line above the 版心 [27].
            let letter_head = draft.layout == "letter" && i == 0;
            for word in &page.words {
                if is_page_number(page, word) || (letter_head && word.y0 < top) {
                    continue;
                }
                let tolerance = 1.0;
                assert!(
                    word.x0 >= left - tolerance
                        && (word.x1 <= right + tolerance || hangs(word, right + tolerance))
                        && word.y0 >= top - 2.5
                        && word.y1 <= bottom + tolerance,
                    "{name} p{}: “{}” at x {:.1}–{:.1}, y {:.1}–{:.1} is outside the 版心 \
                     {left}–{right} × {top}–{bottom}",
                    i + 1,
                    word.text,
                    word.x0,
                    word.x1,
                    word.y0,
                    word.y1
                );
            }
        }
    }
}

/// Closing punctuation, which LibreOffice lets hang past the line's end: it reads
/// `w:overflowPunct w:val="0"` (no hanging, ECMA-376 §17.3.1.21, as Word does) the wrong way
/// round (writerfilter sets hanging punctuation when the value is 0).
const HANGING: &str = "，。、；：！？）》」』】〉”’";

/// Full-width punctuation, which LibreOffice may set in half a cell.
const PUNCTUATION: &str = "，。、；：！？（）《》「」『』【】〈〉“”‘’";

/// Whether a word ends with punctuation hanging past `right` by at most one character.
fn hangs(word: &Word, right: f64) -> bool {
    word.x1 > right
        && word.x1 <= right + 6.0
        && word
            .text
            .chars()
            .last()
            .is_some_and(|c| HANGING.contains(c))
}

/// The lines of 三号 body text on a page (words of 三号 height, page numbers left out).
fn body_lines(page: &Page) -> Vec<Vec<Word>> {
    let words: Vec<&Word> = page
        .words
        .iter()
        .filter(|w| !is_page_number(page, w))
        .filter(|w| {
            let height = (w.y1 - w.y0) * 72.0 / 25.4;
            (19.5..=24.0).contains(&height)
        })
        .collect();
    lines(&words)
}

#[test]
fn libreoffice_sets_22_lines_of_28_characters_one_pitch_apart() {
    let Some(pdfs) = converted() else { return };
    let pitch = 579.0 / 20.0 * 25.4 / 72.0;
    let mut full_pages = 0;
    let mut with_full_lines = 0;
    for (draft, pages) in drafts().iter().zip(pdfs) {
        let name = &draft.name;
        let mut longest: f64 = 0.0;
        for (i, page) in pages.iter().enumerate() {
            if page.landscape() {
                continue;
            }
            let lines = body_lines(page);
            // Pages that hold body text only (no table, title or 版记).
            let only_body = page.words.iter().all(|w| {
                is_page_number(page, w)
                    || lines.iter().flatten().any(|l| l.x0 == w.x0 && l.y0 == w.y0)
            });
            if !only_body {
                continue;
            }
            assert!(
                lines.len() <= 22,
                "{name} p{}: {} lines",
                i + 1,
                lines.len()
            );
            let right = if i % 2 == 0 { 184.0 } else { 182.0 };
            for line in &lines {
                // Character cells: digits and Latin letters are half-width, and punctuation
                // may be set in half a cell (LibreOffice compresses it, 标点挤压).
                let mut cells: f64 = line
                    .iter()
                    .flat_map(|w| w.text.chars())
                    .map(|c| {
                        if c.is_ascii() || PUNCTUATION.contains(c) {
                            0.5
                        } else {
                            1.0
                        }
                    })
                    .sum();
                if line.iter().any(|w| hangs(w, right + 1.0)) {
                    cells -= 0.5;
                }
                // Half a cell of slack: LibreOffice's digits are narrower than half a 字.
                assert!(cells <= 28.5, "{name} p{}: {cells} characters", i + 1);
                longest = longest.max(cells);
            }
            if i > 0 && i + 1 < pages.len() && lines.len() >= 21 {
                full_pages += 1;
                // Each line a pitch under the last (a face's own ascent moves its characters
                // by up to 0.7 mm in the line), and the page's lines a whole number of
                // pitches apart.
                let bottoms: Vec<f64> = lines.iter().map(|l| l[0].y1).collect();
                let mut steps = 0.0;
                for pair in bottoms.windows(2) {
                    let gap = pair[1] - pair[0];
                    let n = (gap / pitch).round();
                    steps += n;
                    assert!(
                        n >= 1.0 && (gap - n * pitch).abs() < 0.8,
                        "{name} p{}: lines {gap:.2} mm apart, not a multiple of {pitch:.2}",
                        i + 1
                    );
                }
                let span = bottoms[bottoms.len() - 1] - bottoms[0];
                assert!(
                    (span / steps - pitch).abs() < 0.05,
                    "{name} p{}: pitch {:.3} mm, not {pitch:.3}",
                    i + 1,
                    span / steps
                );
                if i + 2 < pages.len() {
                    assert!(
                        lines.len() == 22 || lines.len() == 21,
                        "{name} p{}: {} lines",
                        i + 1,
                        lines.len()
                    );
                }
            }
        }
        if longest >= 27.0 {
            with_full_lines += 1;
        }
    }
    assert!(full_pages > 20, "only {full_pages} full pages measured");
    // LibreOffice puts space between Chinese and digits (it does not read `w:autoSpaceDN`),
    // so a line with digits holds fewer characters; short drafts have few lines at all.
    assert!(
        with_full_lines * 3 > drafts().len(),
        "only {with_full_lines} drafts have a line of 28 characters"
    );
}

#[test]
fn libreoffice_numbers_pages_at_the_outer_edge_and_not_a_letters_first() {
    let Some(pdfs) = converted() else { return };
    for (draft, pages) in drafts().iter().zip(pdfs) {
        let name = &draft.name;
        for (i, page) in pages.iter().enumerate() {
            let number: Vec<&Word> = page
                .words
                .iter()
                .filter(|w| is_page_number(page, w))
                .collect();
            if draft.layout == "letter" && i == 0 {
                assert!(number.is_empty(), "{name}: a number on the letter's page 1");
                continue;
            }
            let digits: String = number
                .iter()
                .flat_map(|w| w.text.chars())
                .filter(char::is_ascii_digit)
                .collect();
            assert_eq!(
                digits,
                (i + 1).to_string(),
                "{name} p{}: page number",
                i + 1
            );
            let x0 = number.iter().map(|w| w.x0).fold(f64::MAX, f64::min);
            let x1 = number.iter().map(|w| w.x1).fold(f64::MIN, f64::max);
            let y0 = number.iter().map(|w| w.y0).fold(f64::MAX, f64::min);
            let one = 14.0 * 25.4 / 72.0;
            if page.landscape() {
                // Where the portrait sheet has it, turned: the sheet's foot is the left edge
                // and its 切口 the bottom (odd) or the top (even) [26].
                let y1 = number.iter().map(|w| w.y1).fold(f64::MIN, f64::max);
                assert!((x1 - 28.0).abs() < 2.0, "{name} p{}: x {x1:.1}", i + 1);
                if i % 2 == 0 {
                    assert!(
                        (y1 - (210.0 - 26.0 - one)).abs() < 1.5,
                        "{name} p{}: y {y1:.1}",
                        i + 1
                    );
                } else {
                    assert!(
                        (y0 - (26.0 + one)).abs() < 1.5,
                        "{name} p{}: y {y0:.1}",
                        i + 1
                    );
                }
                continue;
            }
            if i % 2 == 0 {
                assert!(
                    (x1 - (210.0 - 26.0 - one)).abs() < 1.5,
                    "{name} p{}: x {x1:.1}",
                    i + 1
                );
            } else {
                assert!(
                    (x0 - (26.0 + one)).abs() < 1.5,
                    "{name} p{}: x {x0:.1}",
                    i + 1
                );
            }
            assert!((y0 - 269.0).abs() < 2.0, "{name} p{}: y {y0:.1}", i + 1);
        }
    }
}

#[test]
fn libreoffice_repeats_the_header_row_on_every_landscape_page() {
    let (Some(pdfs), Some(facts)) = (converted(), facts()) else {
        return;
    };
    let mut landscape = 0;
    for ((draft, pages), f) in drafts().iter().zip(pdfs).zip(facts) {
        let firsts: Vec<&str> = f["tables"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["header_first"].as_str())
            .collect();
        for (i, page) in pages.iter().enumerate().filter(|(_, p)| p.landscape()) {
            // A page of the table (五号 rows); LibreOffice may leave a list's closing
            // elements alone on a last landscape page (it does not keep the last row with
            // them), which the README names among what the draft cannot promise.
            let rows = page
                .words
                .iter()
                .any(|w| !is_page_number(page, w) && (w.y1 - w.y0) * 72.0 / 25.4 < 15.0);
            if !rows {
                continue;
            }
            landscape += 1;
            assert!(
                page.words
                    .iter()
                    .any(|w| firsts.iter().any(|h| w.text.contains(h))),
                "{} p{}: no header row ({firsts:?})",
                draft.name,
                i + 1
            );
        }
    }
    assert!(landscape > 5, "only {landscape} landscape pages");
}

#[test]
fn libreoffice_makes_about_as_many_pages_as_xuncha() {
    let Some(pdfs) = converted() else { return };
    let mut counts = BTreeMap::new();
    for (draft, pages) in drafts().iter().zip(pdfs) {
        counts.insert(draft.name.clone(), (draft.pages, pages.len()));
    }
    eprintln!("pages (xuncha, LibreOffice): {counts:?}");
    for (name, (ours, theirs)) in &counts {
        assert!(
            ours.abs_diff(*theirs) <= 1,
            "{name}: xuncha {ours} pages, LibreOffice {theirs}"
        );
    }
}

#[test]
fn libreoffice_prints_the_drafts_text() {
    let (Some(pdfs), Some(facts)) = (converted(), facts()) else {
        return;
    };
    for ((draft, pages), f) in drafts().iter().zip(pdfs).zip(facts) {
        let printed: String = pages
            .iter()
            .flat_map(|p| p.words.iter().filter(|w| !is_page_number(p, w)))
            .flat_map(|w| w.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let docx_text = draft_text(f);
        // Every character of the draft is printed; beyond them only the header rows that
        // LibreOffice repeats on each page a table runs over.
        let heads = table_heads(f).concat();
        let mut missing = sorted_chars(&docx_text);
        let mut extra = Vec::new();
        for c in sorted_chars(&printed) {
            match missing.binary_search(&c) {
                Ok(at) => {
                    missing.remove(at);
                }
                Err(_) => extra.push(c),
            }
        }
        // LibreOffice hides punctuation it lets hang at a line's end (see HANGING).
        assert!(
            missing.iter().all(|c| HANGING.contains(*c))
                && missing.len() <= 3
                && extra.iter().all(|c| heads.contains(*c)),
            "{}: LibreOffice printed other characters: missing {missing:?}, extra {extra:?}",
            draft.name
        );
    }
}
