//! Typography a 公文 reviewer checks beyond GB/T 9704's geometry (issue 21): punctuation as
//! GB/T 15834 sets it (quotation marks one character wide, …… and —— two), no opening mark in
//! the margin, full lines of 28 characters, e-mail addresses that break, titles broken between
//! words (GB/T 9704 7.3.1).

mod common;

use common::*;
use serde_json::{Value, json};

/// The title of a document as the engine reads it (a 抄告单's is its form title).
fn title_of(input: &Value) -> String {
    engine()
        .validate(input)
        .expect("the document is valid")
        .document
        .title()
        .to_string()
}

#[test]
fn every_sample_sets_its_punctuation_and_full_lines_right() {
    let mut faults = Vec::new();
    for file in sample_files() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let input = sample(&name);
        let doc = layout(&input);
        for fault in typography_faults(&doc) {
            faults.push(format!("{name}: {fault}"));
        }
        // Automatic breaks only: an author's `title_lines` are the author's.
        if input.pointer("/render_hints/title_lines").is_none() {
            for fault in title_break_faults(&doc, &title_of(&input)) {
                faults.push(format!("{name}: {fault}"));
            }
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// The 仿宋 body: a paragraph of `text` in a minimal 反馈意见, laid out.
fn body_with(text: &str) -> typst_layout::PagedDocument {
    let mut input = sample("fb-02-minimal.json");
    input["problem_groups"][0]["problems"][0]["description"] = json!(text);
    layout(&input)
}

/// The 三号 lines of a laid-out document that contain `needle`.
fn body_lines_with(doc: &typst_layout::PagedDocument, needle: &str) -> Vec<Vec<PlacedGlyph>> {
    let body: Vec<PlacedGlyph> = glyphs(doc)
        .into_iter()
        .filter(|g| close(g.size, 16.0, 0.01))
        .collect();
    glyph_lines(&body)
        .into_iter()
        .filter(|l| l.iter().map(|g| g.c).collect::<String>().contains(needle))
        .collect()
}

#[test]
fn quotation_marks_ellipses_and_dashes_are_full_width() {
    let doc = body_with(
        "巡察组指出“两个责任”落实不到位，‘一岗双责’流于形式……部分干部存在“等靠要”思想——亟须整改。",
    );
    let faults = typography_faults(&doc);
    assert!(faults.is_empty(), "{faults:?}");
    let all = glyphs(&doc);
    let em = 16.0 * 25.4 / 72.0;
    for c in ['“', '”', '‘', '’', '…', '—'] {
        let found: Vec<&PlacedGlyph> = all
            .iter()
            .filter(|g| g.c == c && close(g.size, 16.0, 0.01))
            .collect();
        assert!(!found.is_empty(), "{c} is printed");
        for g in found {
            // One character cell as laid out (tracking aside), unless compressed beside another mark.
            assert!(g.advance > 0.45 * em, "{c} takes {:.2} mm", g.advance);
            assert!(
                close(g.natural_em, 1.0, 0.02),
                "{c} is {:.2} em in {}",
                g.natural_em,
                g.family
            );
        }
    }
    // …… and —— span two characters.
    let line = body_lines_with(&doc, "……").remove(0);
    let dots: Vec<&PlacedGlyph> = line.iter().filter(|g| g.c == '…').collect();
    let span = dots[1].x + dots[1].advance - dots[0].x;
    assert!(close(span, 2.0 * ZI, 0.3), "…… spans {span:.2} mm");
}

/// A paragraph whose `k`-th character (1-based, after the 2 字 indent of its first line) on its
/// second line is `mark`: filler hanzi with `mark` placed so it meets a line end or start.
fn paragraph_with_mark_at(k: usize, mark: &str) -> String {
    let hanzi: Vec<char> = "巡察组对党组织履行职责情况开展监督检查发现有关单位落实主体责任不力"
        .chars()
        .collect();
    // Line 1 holds 26 characters after the indent; line 2 starts with character 27.
    let before = 26 + k - 1;
    let mut text: String = (0..before).map(|i| hanzi[i % hanzi.len()]).collect();
    text.push_str(mark);
    text.extend((0..40).map(|i| hanzi[(i + 7) % hanzi.len()]));
    text.push('。');
    text
}

#[test]
fn punctuation_pushed_by_the_line_end_rules_never_spreads_a_line_over_27_characters() {
    // A closing mark as the 29th character of a line (避头), an opening one as the 28th (避尾),
    // an ellipsis and a dash across the line end. (Not an ellipsis as the 29th and 30th: it
    // may not be parted from the 28th character, and three characters cannot be squeezed into
    // one cell, so that line is spread over 27, as a word processor does.)
    for (k, mark) in [
        (29, "，"),
        (29, "。"),
        (29, "”"),
        (29, "）"),
        (28, "（注"),
        (28, "“注"),
        (28, "《注"),
        (28, "……"),
        (28, "——"),
        (27, "，"),
        (28, "，"),
    ] {
        let text = paragraph_with_mark_at(k, mark);
        let doc = body_with(&text);
        let faults = typography_faults(&doc);
        assert!(faults.is_empty(), "{mark} at {k}: {faults:?}");
    }
}

#[test]
fn an_opening_mark_at_the_start_of_a_line_stays_inside_the_type_area() {
    for mark in ["（", "〔", "《", "“", "【"] {
        // The mark as the first character of the paragraph's second line.
        let text = paragraph_with_mark_at(1, &format!("{mark}注"));
        let doc = body_with(&text);
        let lines = body_lines_with(&doc, &format!("{mark}注"));
        let line = lines.first().expect("the line is printed");
        let first = &line[0];
        assert_eq!(
            first.c,
            mark.chars().next().unwrap(),
            "the mark starts the line"
        );
        let left = type_left(first.page);
        assert!(
            first.x >= left - TOL,
            "{mark}: its box starts at {:.2}, 版心 at {left}",
            first.x
        );
        assert!(
            first.ink.0 >= left,
            "{mark}: its ink starts at {:.2}",
            first.ink.0
        );
        // Full width: the next character one cell further on.
        assert!(
            close(line[1].x - first.x, ZI, 0.3),
            "{mark} takes {:.2} mm",
            line[1].x - first.x
        );
    }
}

#[test]
fn an_email_address_breaks_at_its_dots_and_at_sign_instead_of_spreading_the_line_before_it() {
    // The address meets the line end at every offset of the first line's last characters.
    for k in 10..27 {
        let hanzi: String = "如有意见建议请通过以下方式反映巡察整改落实情况监督电话和电子邮箱"
            .chars()
            .cycle()
            .take(k)
            .collect();
        let text = format!("{hanzi}电子邮箱：yxzrzy@example.invalid；监督电话：0871-12345678。");
        let doc = body_with(&text);
        let faults = typography_faults(&doc);
        assert!(faults.is_empty(), "{k}: {faults:?}");
        let printed: String = squeezed_text(&doc);
        assert!(
            printed.contains("yxzrzy@example.invalid"),
            "the address prints whole"
        );
    }
}

#[test]
fn titles_break_between_words() {
    for (title, whole) in [
        (
            "中共临江市委第三巡察组关于巡察中共临江市青石镇委员会的反馈意见",
            "中共",
        ),
        (
            "中共云岫县委巡察工作领导小组关于十五届县委第三轮巡察共性问题的整改反馈意见",
            "十五届",
        ),
        (
            "中共云岫县委第二巡察组关于十五届县委第三轮巡察云岫县水务局党组的反馈意见",
            "第三轮",
        ),
    ] {
        let mut input = sample("fb-02-minimal.json");
        input["title"] = json!(title);
        let doc = layout(&input);
        let faults = title_break_faults(&doc, title);
        assert!(faults.is_empty(), "{faults:?}");
        let lines = printed_titles(&doc).remove(0);
        assert!(
            lines.iter().any(|l| l.contains(whole)),
            "{whole} stays on one line: {lines:?}"
        );
    }
}

#[test]
fn the_new_samples_show_what_they_are_for() {
    let doc = layout(&sample("fb-04-title-zhonggong.json"));
    let lines = printed_titles(&doc).remove(0);
    assert!(lines.iter().all(|l| !l.ends_with('中')), "{lines:?}");
    let doc = layout(&sample("rec-04-title-shiwujie.json"));
    let lines = printed_titles(&doc).remove(0);
    assert!(lines.iter().any(|l| l.contains("十五届")), "{lines:?}");
    let doc = layout(&sample("rep-04-email-quotes.json"));
    assert!(squeezed_text(&doc).contains("yxzrzy@example.invalid"));
}
