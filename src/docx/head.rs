//! The top of a draft: 版头 of the 文件格式, 信函格式, plain layout and forms [4–10, 27], the
//! title [11], a list's unit line and the 主送机关 [12], as `templates/lib/head.typ` sets them.

use crate::model::{Envelope, Frame, Layout};

use super::content::{
    Align, Block, Border, Cell, Font, Inline, Para, Row, RunStyle, Table, run, style,
};
use super::text::{label, title_lines};
use super::units::{
    LETTER_RULE_MM, MARGIN_INSIDE_MM, MARGIN_OUTSIDE_MM, MARK_MIN_SQUEEZE, MARK_SIZE_PT,
    MARK_TOP_MM, PAGE_WIDTH_MM, PITCH, RULE_GAP_MM, SAN, TYPE_WIDTH_MM, ZI, pt_twips, twips,
};

/// The blocks from the top of page 1 down to the 主送机关 (or to the body, without one).
pub fn head(frame: &Frame<'_>, subtitle: Option<&str>) -> Vec<Block> {
    let env = frame.envelope.as_deref();
    let mut blocks = Vec::new();
    match frame.layout {
        Layout::Standard => standard(&mut blocks, env, frame),
        Layout::Letter => letter(&mut blocks, env, frame),
        Layout::Plain => plain(&mut blocks, env, frame),
        Layout::Form => form(&mut blocks, env, frame),
    }
    if frame.layout != Layout::Form
        && let Some(line) = subtitle
    {
        blocks.push(Block::Para(Para::styled(Some(style::SUBTITLE), line)));
    }
    if !frame.addressee.is_empty() {
        blocks.push(Block::Para(Para::blank()));
        let names = frame.addressee.join("、") + "：";
        blocks.push(Block::Para(Para::styled(Some(style::PLAIN), names)));
    }
    blocks
}

/// 份号, 密级★保密期限 (黑体), 紧急程度 (黑体) [4–6], as runs, one line each.
fn envelope_lines(env: Option<&Envelope>) -> Vec<Inline> {
    let Some(env) = env else { return Vec::new() };
    let mut lines = Vec::new();
    if let Some(copy) = env.copy_no.as_deref().filter(|c| !c.is_empty()) {
        lines.push(run(copy, None));
    }
    if let Some(class) = &env.classification {
        let period = env
            .secrecy_period
            .as_deref()
            .filter(|p| !p.is_empty())
            .map(|p| format!("★{p}"))
            .unwrap_or_default();
        lines.push(run(label(class) + &period, Some(Font::Heiti)));
    }
    if let Some(urgency) = &env.urgency {
        lines.push(run(label(urgency), Some(Font::Heiti)));
    }
    lines
}

fn plain_lines(lines: Vec<Inline>) -> impl Iterator<Item = Block> {
    lines
        .into_iter()
        .map(|line| Block::Para(Para::runs(Some(style::PLAIN), vec![line])))
}

/// The title in 二号小标宋, centred, its lines broken by the author or balanced [11].
fn title(frame: &Frame<'_>, before: Option<i64>) -> Block {
    let lines = title_lines(frame.title, frame.title_lines);
    Block::Para(
        Para::styled(Some(style::TITLE), lines.join("\n")).with(|s| {
            s.before = before;
            s.keep_next = true;
        }),
    )
}

/// 文件格式 [4–11]: envelope lines, the 标志 35 mm under the 版心 top, the 发文字号 two lines
/// under it (or 签发人 and number for an upward document), the red rule 4 mm under, the title
/// two lines under the rule.
fn standard(blocks: &mut Vec<Block>, env: Option<&Envelope>, frame: &Frame<'_>) {
    let lines = envelope_lines(env);
    let used = lines.len() as i64 * PITCH;
    blocks.extend(plain_lines(lines));
    let org = env
        .and_then(|e| e.header_org.as_deref())
        .filter(|o| !o.trim().is_empty());
    let suffix = env.is_some_and(|e| e.header_suffix_wenjian);
    if let Some(org) = org {
        let mark = mark(org, suffix, TYPE_WIDTH_MM, 0, 0);
        let mut first = true;
        for block in mark {
            blocks.push(if first {
                first = false;
                with_before(block, twips(MARK_TOP_MM) - used - MARK_LEADING)
            } else {
                block
            });
        }
    }
    let number = frame.doc_number.filter(|n| !n.is_empty());
    let gap = if org.is_some() { 2 * PITCH } else { 0 };
    if !frame.signers.is_empty() {
        blocks.extend(signer_rows(frame.signers, number, gap));
    } else if let Some(number) = number {
        blocks.push(Block::Para(Para::styled(Some(style::PLAIN), number).with(
            |s| {
                s.align = Some(Align::Center);
                s.before = Some(gap);
            },
        )));
    }
    let star = env.is_none_or(|e| e.party_star);
    blocks.push(red_rule(star));
    blocks.push(title(frame, Some(2 * PITCH)));
}

/// The distance from the top of a 标志 line to the top of its characters (the line is a
/// fifth taller than the characters).
const MARK_LEADING: i64 = 80;

/// 签发人 rows (上行文) [8, 9]: names two to a line right + 1 字 after “签发人：”, the 发文字号
/// left + 1 字 on the line of the last names.
fn signer_rows(signers: &[String], number: Option<&str>, gap: i64) -> Vec<Block> {
    let rows: Vec<&[String]> = signers.chunks(2).collect();
    let count = rows.len();
    rows.into_iter()
        .enumerate()
        .map(|(i, names)| {
            let mut inlines = Vec::new();
            let last = i + 1 == count;
            if last && let Some(number) = number {
                inlines.push(run(number, None));
            }
            inlines.push(run("\t", None));
            inlines.push(run(
                if i == 0 {
                    "签发人："
                } else {
                    "　　　　"
                },
                None,
            ));
            inlines.push(run(names.join("　"), Some(Font::Kaiti)));
            Block::Para(Para::runs(Some(style::PLAIN), inlines).with(|s| {
                s.left = Some(ZI);
                s.right = Some(ZI);
                s.tabs = vec![("right", twips(TYPE_WIDTH_MM) - 2 * ZI)];
                s.before = (i == 0).then_some(gap);
            }))
        })
        .collect()
}

/// 版头分隔线 [10]: red, 156 mm, 4 mm under the 发文字号's characters, with ★ in the middle
/// for Party organs (practice): a bottom border, or two thickly underlined tabs around ★.
fn red_rule(star: bool) -> Block {
    // From the bottom of a grid line to the bottom of its characters.
    let under_glyphs = (PITCH - i64::from(SAN) * 10) / 2;
    let before = (twips(RULE_GAP_MM) - under_glyphs).max(0);
    let para = if star {
        let rule = RunStyle {
            red_rule: true,
            ..RunStyle::default()
        };
        let star_run = RunStyle {
            font: Some(Font::Songti),
            red: true,
            position: Some(-10),
            ..RunStyle::default()
        };
        Para::runs(
            Some(style::PLAIN),
            vec![
                Inline::Text("\t".into(), rule.clone()),
                Inline::Text(" ★ ".into(), star_run),
                Inline::Text("\t".into(), rule),
            ],
        )
        .with(|s| {
            let width = twips(TYPE_WIDTH_MM);
            s.tabs = vec![("center", width / 2), ("right", width)];
            // The underline sits near the foot of this 18 pt line: no space before it.
            s.line_exact = Some(360);
            s.before = Some((before - 180).max(0));
        })
    } else {
        Para::blank().with(|s| {
            s.line_exact = Some(20);
            s.before = Some(before);
            s.bottom_border = Some(Border {
                style: "single",
                size: 12,
                space: 0,
                red: true,
            });
        })
    };
    Block::Para(para.with(|s| s.keep_next = true))
}

/// 信函格式 [27]: the 标志 and the upper double line are the first page's header
/// ([`letter_header`]); here the 份号 etc. flush left and the 发文字号 flush right at 7/8 of a
/// 三号 height under the line, then the title two lines under the last of them.
fn letter(blocks: &mut Vec<Block>, env: Option<&Envelope>, frame: &Frame<'_>) {
    let mut lines = envelope_lines(env).into_iter();
    let number = frame.doc_number.filter(|n| !n.is_empty());
    let first_gap = pt_twips(f64::from(SAN) / 2.0 * 7.0 / 8.0) - (PITCH - i64::from(SAN) * 10) / 2;
    let first = lines.next();
    if first.is_some() || number.is_some() {
        let mut inlines: Vec<Inline> = first.into_iter().collect();
        if let Some(number) = number {
            inlines.push(run("\t", None));
            inlines.push(run(number, None));
        }
        blocks.push(Block::Para(Para::runs(Some(style::PLAIN), inlines).with(
            |s| {
                s.before = Some(first_gap);
                s.tabs = vec![("right", twips(TYPE_WIDTH_MM))];
            },
        )));
        blocks.extend(plain_lines(lines.collect()));
        blocks.push(title(frame, Some(2 * PITCH)));
    } else {
        blocks.push(title(frame, Some(first_gap + 2 * PITCH)));
    }
}

/// The first page's header of a 信函格式 [27]: the 标志 30 mm from the page top (the header's
/// distance), centred on the page over 170 mm, and the red double line, thick over thin, 4 mm
/// under it.
pub fn letter_header(frame: &Frame<'_>) -> Vec<Block> {
    let env = frame.envelope.as_deref();
    let org = env
        .and_then(|e| e.header_org.as_deref())
        .filter(|o| !o.trim().is_empty())
        .unwrap_or(frame.author);
    let (left, right) = page_centred_indents(LETTER_RULE_MM);
    let mut blocks = mark(org, false, LETTER_RULE_MM, left, right);
    if let Some(Block::Para(last)) = blocks.last_mut() {
        last.set.bottom_border = Some(Border {
            style: "thickThinSmallGap",
            size: 24,
            space: 11,
            red: true,
        });
    }
    blocks
}

/// Indents that centre a line `length_mm` long on the page rather than on the 版心 (the 订口
/// is 2 mm wider than the 切口), on an odd page.
pub fn page_centred_indents(length_mm: f64) -> (i64, i64) {
    let start = (PAGE_WIDTH_MM - length_mm) / 2.0;
    let left = twips(start - MARGIN_INSIDE_MM);
    let right = twips(start - MARGIN_OUTSIDE_MM);
    (left, right)
}

/// The plain layout [4–6]: envelope lines and a blank line before the title, if any.
fn plain(blocks: &mut Vec<Block>, env: Option<&Envelope>, frame: &Frame<'_>) {
    let lines = envelope_lines(env);
    let any = !lines.is_empty();
    blocks.extend(plain_lines(lines));
    if any {
        blocks.push(Block::Para(Para::blank()));
    }
    blocks.push(title(frame, None));
}

/// A form's head, as `form-head` in `templates/lib/head.typ`: 份号 etc. flush left from line 1,
/// “编号：…” flush right on line 1 (no such line when there is none of them), the title, a blank
/// line. The lines are few, so that a short form keeps to one page.
fn form(blocks: &mut Vec<Block>, env: Option<&Envelope>, frame: &Frame<'_>) {
    let mut lines = envelope_lines(env).into_iter();
    let mut first: Vec<Inline> = lines.next().into_iter().collect();
    if let Some(number) = frame.doc_number.filter(|n| !n.is_empty()) {
        first.push(run("\t", None));
        first.push(run(format!("编号：{number}"), None));
    }
    if !first.is_empty() {
        blocks.push(Block::Para(Para::runs(Some(style::PLAIN), first).with(
            |s| {
                s.tabs = vec![("right", twips(TYPE_WIDTH_MM))];
            },
        )));
    }
    blocks.extend(plain_lines(lines.collect()));
    blocks.push(title(frame, None));
    blocks.push(Block::Para(Para::blank()));
}

/// The 发文机关标志 [7]: red 小标宋, 40 pt narrowed to 70 % at most to fit `width_mm`, then
/// smaller. Several bodies (联合行文, one per line) are stacked, each spread to the widest;
/// “文件” then stands to their right, centred on the stack.
fn mark(text: &str, suffix: bool, width_mm: f64, left: i64, right: i64) -> Vec<Block> {
    let names: Vec<&str> = text
        .split('\n')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .collect();
    let ems = |s: &str| -> f64 {
        s.chars()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .sum()
    };
    let widest = names.iter().map(|n| ems(n)).fold(0.0, f64::max);
    let joint_suffix = suffix && names.len() > 1;
    let natural_ems = if names.len() <= 1 {
        widest + if suffix { 2.0 } else { 0.0 }
    } else if joint_suffix {
        widest + 2.8
    } else {
        widest
    };
    let natural = natural_ems * MARK_SIZE_PT;
    let width = width_mm / 25.4 * 72.0;
    let (size, squeeze) = if natural <= width {
        (MARK_SIZE_PT, 1.0)
    } else if width / natural >= MARK_MIN_SQUEEZE {
        (MARK_SIZE_PT, width / natural)
    } else {
        (
            MARK_SIZE_PT * width / (natural * MARK_MIN_SQUEEZE),
            MARK_MIN_SQUEEZE,
        )
    };
    let half_points = (size * 2.0).round() as u32;
    let scale = ((squeeze * 100.0).floor() as u32).clamp(1, 100);
    let line = pt_twips(size * 1.2);
    let styled = |text: String, spacing: Option<i64>| {
        Inline::Text(
            text,
            RunStyle {
                font: Some(Font::Title),
                size: Some(half_points),
                red: true,
                scale: (scale < 100).then_some(scale),
                spacing,
                ..RunStyle::default()
            },
        )
    };
    let name_para = |name: &str| {
        let count = name.chars().count() as f64;
        let gap = (widest - ems(name)) * size * 20.0;
        let spacing = (count > 1.0 && gap > 0.0).then(|| (gap / (count - 1.0)).round() as i64);
        Para::runs(Some(style::MARK), vec![styled(name.to_string(), spacing)]).with(|s| {
            s.line_exact = Some(line);
            s.left = Some(left);
            s.right = Some(right);
            s.keep_next = true;
        })
    };
    if names.len() <= 1 {
        let name = names.first().copied().unwrap_or_default();
        let text = format!("{name}{}", if suffix { "文件" } else { "" });
        return vec![Block::Para(name_para(&text))];
    }
    if !joint_suffix {
        return names.iter().map(|n| Block::Para(name_para(n))).collect();
    }
    // 联合行文 with “文件”: the names in one cell, “文件” centred beside them.
    let name_width = pt_twips(widest * size * squeeze) + 200;
    let suffix_width = pt_twips(2.8 * size * squeeze);
    let cell = |paras: Vec<Para>| Cell {
        borderless: true,
        ..Cell::with_paras(paras)
    };
    vec![Block::Table(Table {
        widths: vec![name_width, suffix_width],
        rows: vec![Row {
            header: false,
            cant_split: true,
            height: None,
            cells: vec![
                cell(names.iter().map(|n| name_para(n)).collect()),
                cell(vec![name_para("文件")]),
            ],
        }],
        border: 0,
        margins: (0, 0),
        float: None,
    })]
}

/// The block with space before its first paragraph.
fn with_before(block: Block, before: i64) -> Block {
    match block {
        Block::Para(p) => Block::Para(p.with(|s| s.before = Some(before.max(0)))),
        other => other,
    }
}
