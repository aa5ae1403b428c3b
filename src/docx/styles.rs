//! `word/styles.xml`, `word/numbering.xml` and `word/fontTable.xml`: the body text on the grid
//! [3], one style per element of the frame, headings numbered 一、（一）1.（1） by Word itself so
//! that they renumber when a heading is added or removed [14], and the fonts by their official
//! names. No part names a theme font: a theme font overrides the face named in `w:rFonts`.

use super::content::{Font, style};
use super::units::{BODY_CHAR_SPACING, PITCH, SAN, SI, WU, ZI};
use super::write::fonts;
use super::xml::{W_NAMESPACE, Xml};

/// `word/styles.xml`. `heading_bold`: bold 楷体 and 仿宋 headings (practice).
pub fn styles(heading_bold: bool) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:styles", W_NAMESPACE);
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]);
    x.open("w:rPr", &[]);
    fonts(&mut x, Font::Fangsong);
    size(&mut x, SAN);
    lang(&mut x);
    x.close("w:rPr");
    x.close("w:rPrDefault");
    x.open("w:pPrDefault", &[]);
    x.empty("w:pPr", &[]);
    x.close("w:pPrDefault");
    x.close("w:docDefaults");

    // 正文 [13]: 三号仿宋, exactly one grid line per line, indented 2 字, justified, −0.25 pt
    // so 28 characters fill the line. No widow control: full pages keep 22 lines. 避头尾 on;
    // punctuation does not hang into the margin; no extra space between CJK and Latin text.
    paragraph_style(
        &mut x,
        "Normal",
        "Normal",
        None,
        true,
        |x| {
            x.empty("w:widowControl", &[("w:val", "0")]);
            x.empty("w:kinsoku", &[]);
            x.empty("w:overflowPunct", &[("w:val", "0")]);
            x.empty("w:autoSpaceDE", &[("w:val", "0")]);
            x.empty("w:autoSpaceDN", &[("w:val", "0")]);
            x.empty(
                "w:spacing",
                &[
                    ("w:before", "0"),
                    ("w:after", "0"),
                    ("w:line", &PITCH.to_string()),
                    ("w:lineRule", "exact"),
                ],
            );
            x.empty("w:ind", &[("w:firstLine", &(2 * ZI).to_string())]);
            x.empty("w:jc", &[("w:val", "both")]);
        },
        |x| {
            fonts(x, Font::Fangsong);
            x.empty("w:spacing", &[("w:val", &BODY_CHAR_SPACING.to_string())]);
            size(x, SAN);
            lang(x);
        },
    );
    paragraph_style(
        &mut x,
        style::PLAIN,
        "正文（无缩进）",
        Some("Normal"),
        true,
        |x| {
            x.empty("w:ind", &[("w:firstLine", "0")]);
        },
        |_| {},
    );

    // Headings [14]: 一、黑体, （一）楷体, 1. and （1） 仿宋, all 三号, numbered by Word.
    let roles = [Font::Heiti, Font::Kaiti, Font::Fangsong, Font::Fangsong];
    for (level, id) in style::HEADINGS.iter().enumerate() {
        let name = format!("heading {}", level + 1);
        let bold = heading_bold && level >= 1;
        paragraph_style(
            &mut x,
            id,
            &name,
            Some("Normal"),
            true,
            |x| {
                x.empty("w:keepNext", &[]);
                x.open("w:numPr", &[]);
                x.empty("w:ilvl", &[("w:val", &level.to_string())]);
                x.empty("w:numId", &[("w:val", "1")]);
                x.close("w:numPr");
                x.empty("w:outlineLvl", &[("w:val", &level.to_string())]);
            },
            |x| {
                fonts(x, roles[level]);
                if bold {
                    x.empty("w:b", &[]);
                    x.empty("w:bCs", &[]);
                }
            },
        );
    }

    // 标题 [11]: 二号小标宋, centred, one grid line per line (exactly, not snapped: the grid
    // would give a line as tall as 二号 type two grid lines).
    paragraph_style(
        &mut x,
        style::TITLE,
        "Title",
        Some(style::PLAIN),
        true,
        |x| {
            x.empty("w:snapToGrid", &[("w:val", "0")]);
            x.empty("w:jc", &[("w:val", "center")]);
        },
        |x| {
            fonts(x, Font::Title);
            x.empty("w:spacing", &[("w:val", "0")]);
            size(x, super::units::ER);
        },
    );
    paragraph_style(
        &mut x,
        style::SUBTITLE,
        "Subtitle",
        Some(style::PLAIN),
        true,
        |x| {
            x.empty("w:jc", &[("w:val", "center")]);
        },
        |x| fonts(x, Font::Kaiti),
    );
    // 发文机关标志 [7]: red 小标宋, off the grid (its size is its own).
    paragraph_style(
        &mut x,
        style::MARK,
        "发文机关标志",
        Some(style::PLAIN),
        false,
        |x| {
            x.empty("w:snapToGrid", &[("w:val", "0")]);
            x.empty("w:jc", &[("w:val", "center")]);
        },
        |x| {
            fonts(x, Font::Title);
            x.empty("w:color", &[("w:val", super::units::RED)]);
            x.empty("w:spacing", &[("w:val", "0")]);
        },
    );
    // Table text: 五号仿宋 in single-spaced lines off the grid (a table takes no line pitch).
    paragraph_style(
        &mut x,
        style::TABLE,
        "表格文字",
        Some(style::PLAIN),
        true,
        |x| {
            x.empty("w:snapToGrid", &[("w:val", "0")]);
            x.empty("w:spacing", &[("w:line", "260"), ("w:lineRule", "auto")]);
            x.empty("w:jc", &[("w:val", "left")]);
        },
        |x| {
            x.empty("w:spacing", &[("w:val", "0")]);
            size(x, WU);
        },
    );
    // 版记 [22–24]: 四号仿宋, indented 1 字 on both sides.
    paragraph_style(
        &mut x,
        style::BANJI,
        "版记",
        Some(style::PLAIN),
        true,
        |x| {
            x.empty(
                "w:ind",
                &[
                    ("w:left", &(SI * 10).to_string()),
                    ("w:right", &(SI * 10).to_string()),
                ],
            );
        },
        |x| {
            x.empty("w:spacing", &[("w:val", "0")]);
            size(x, SI);
        },
    );
    // 页码 [25]: 四号 宋体.
    paragraph_style(
        &mut x,
        style::FOOTER,
        "footer",
        Some(style::PLAIN),
        true,
        |x| {
            x.empty("w:snapToGrid", &[("w:val", "0")]);
            x.empty("w:spacing", &[("w:line", "240"), ("w:lineRule", "auto")]);
        },
        |x| {
            fonts(x, Font::Songti);
            x.empty("w:spacing", &[("w:val", "0")]);
            size(x, SI);
        },
    );
    x.close("w:styles");
    x.finish()
}

/// A paragraph style with its paragraph and run properties.
fn paragraph_style(
    x: &mut Xml,
    id: &str,
    name: &str,
    based_on: Option<&str>,
    quick: bool,
    para: impl FnOnce(&mut Xml),
    run: impl FnOnce(&mut Xml),
) {
    let mut attrs = vec![("w:type", "paragraph"), ("w:styleId", id)];
    if id == "Normal" {
        attrs.push(("w:default", "1"));
    }
    x.open("w:style", &attrs);
    x.empty("w:name", &[("w:val", name)]);
    if let Some(base) = based_on {
        x.empty("w:basedOn", &[("w:val", base)]);
    }
    // After any paragraph comes body text: a heading's style never leaks into the next one.
    x.empty("w:next", &[("w:val", "Normal")]);
    if quick {
        x.empty("w:qFormat", &[]);
    }
    x.open("w:pPr", &[]);
    para(x);
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    run(x);
    x.close("w:rPr");
    x.close("w:style");
}

fn size(x: &mut Xml, half_points: u32) {
    let v = half_points.to_string();
    x.empty("w:sz", &[("w:val", &v)]);
    x.empty("w:szCs", &[("w:val", &v)]);
}

/// Chinese text, so that Word picks Chinese line breaking and punctuation.
fn lang(x: &mut Xml) {
    x.empty(
        "w:lang",
        &[
            ("w:val", "zh-CN"),
            ("w:eastAsia", "zh-CN"),
            ("w:bidi", "ar-SA"),
        ],
    );
}

/// `word/numbering.xml`: the heading numbers 一、（一）1.（1） [14], each level counting from the
/// last heading of the level above, with nothing between the number and the text.
pub fn numbering(heading_bold: bool) -> Vec<u8> {
    let levels = [
        ("chineseCounting", "%1、", Font::Heiti),
        ("chineseCounting", "（%2）", Font::Kaiti),
        ("decimal", "%3.", Font::Fangsong),
        ("decimal", "（%4）", Font::Fangsong),
    ];
    let mut x = Xml::new();
    x.open("w:numbering", W_NAMESPACE);
    x.open("w:abstractNum", &[("w:abstractNumId", "0")]);
    x.empty("w:multiLevelType", &[("w:val", "multilevel")]);
    for (level, (format, text, font)) in levels.iter().enumerate() {
        x.open("w:lvl", &[("w:ilvl", &level.to_string())]);
        x.empty("w:start", &[("w:val", "1")]);
        x.empty("w:numFmt", &[("w:val", *format)]);
        x.empty("w:pStyle", &[("w:val", style::HEADINGS[level])]);
        x.empty("w:suff", &[("w:val", "nothing")]);
        x.empty("w:lvlText", &[("w:val", *text)]);
        x.empty("w:lvlJc", &[("w:val", "left")]);
        x.open("w:pPr", &[]);
        x.empty(
            "w:ind",
            &[("w:left", "0"), ("w:firstLine", &(2 * ZI).to_string())],
        );
        x.close("w:pPr");
        x.open("w:rPr", &[]);
        fonts(&mut x, *font);
        if heading_bold && level >= 1 {
            x.empty("w:b", &[]);
            x.empty("w:bCs", &[]);
        }
        x.close("w:rPr");
        x.close("w:lvl");
    }
    x.close("w:abstractNum");
    x.open("w:num", &[("w:numId", "1")]);
    x.empty("w:abstractNumId", &[("w:val", "0")]);
    x.close("w:num");
    x.close("w:numbering");
    x.finish()
}

/// `word/fontTable.xml`: each role's face by its official name, with the common alternative
/// name and the GB2312 character set.
pub fn font_table() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:fonts", W_NAMESPACE);
    for font in Font::ALL {
        x.open("w:font", &[("w:name", font.name())]);
        x.empty("w:altName", &[("w:val", font.alternative())]);
        x.empty("w:charset", &[("w:val", "86")]);
        x.empty("w:family", &[("w:val", "auto")]);
        x.empty("w:pitch", &[("w:val", "variable")]);
        x.close("w:font");
    }
    x.close("w:fonts");
    x.finish()
}
