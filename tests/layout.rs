//! The laid-out documents measured against GB/T 9704-2012 (`gbt9704.md`, rows in brackets).

mod common;

use common::*;
use serde_json::{Value, json};

/// A feedback document whose problem descriptions are long runs of hanzi without punctuation,
/// so that body pages and lines are full.
fn full_pages_document() -> Value {
    let hanzi = "巡察组对党组织履行职责情况开展监督检查发现有关单位落实主体责任不够有力";
    // 1500 characters are 54 lines: pages 2 and 3 hold nothing but this text.
    let long: String = hanzi.chars().cycle().take(1500).collect();
    let mut doc = sample("fb-02-minimal.json");
    doc["problem_groups"][0]["problems"] = json!([
        {"id": "A1", "heading": "第一个问题标题", "description": long},
        {"id": "A2", "heading": "第二个问题标题", "description": long},
        {"id": "A3", "heading": "第三个问题标题", "description": long},
    ]);
    doc
}

#[test]
fn pages_are_a4_portrait_except_landscape_tables() {
    let doc = layout(&sample("fb-03-lookback-long-landscape.json"));
    let mut landscape = 0;
    for page in doc.pages() {
        let size = page.frame.size();
        let (w, h) = (size.x.to_mm(), size.y.to_mm());
        if w > h {
            landscape += 1;
            assert!(close(w, PAGE_H, 0.01) && close(h, PAGE_W, 0.01), "{w}×{h}");
        } else {
            assert!(close(w, PAGE_W, 0.01) && close(h, PAGE_H, 0.01), "{w}×{h}");
        }
    }
    assert!(landscape >= 1, "the landscape table gets landscape pages");
}

#[test]
fn a_full_page_holds_22_lines_and_a_full_line_28_characters() {
    let doc = layout(&full_pages_document());
    let (runs, _) = items(&doc);
    let body: Vec<TextRun> = runs
        .into_iter()
        .filter(|r| close(r.size, 16.0, 0.01))
        .collect();
    // Page 2 and 3 are pure body text [3].
    for page in [1, 2] {
        let lines = lines_of(&body, page);
        assert_eq!(
            lines.len(),
            22,
            "page {} has {} body lines",
            page + 1,
            lines.len()
        );
        // The lines follow each other at 225/22 mm and fill the 版心.
        for pair in lines.windows(2) {
            let step = pair[1][0].y - pair[0][0].y;
            assert!(close(step, TYPE_H / 22.0, 0.01), "line pitch {step} mm");
        }
        let first_top = lines[0][0].y - 0.88 * 16.0 * 25.4 / 72.0;
        assert!(first_top >= TOP, "first line inside the 版心: {first_top}");
        let last_bottom = lines[21][0].y + 0.12 * 16.0 * 25.4 / 72.0;
        assert!(
            last_bottom <= BOTTOM,
            "last line inside the 版心: {last_bottom}"
        );
        // Every line that continues a paragraph holds exactly 28 characters edge to edge.
        let left = type_left(page);
        let mut full = 0;
        for line in &lines {
            let text = line_text(line);
            let chars = text.chars().count();
            let x0 = line[0].x;
            let last = line.last().unwrap();
            let x1 = last.x + last.width;
            if close(x0, left, TOL) && chars >= 27 {
                assert_eq!(chars, 28, "line “{text}”");
                assert!(
                    close(x1, left + TYPE_W, TOL),
                    "line ends at {x1}, 版心 ends at {}",
                    left + TYPE_W
                );
                full += 1;
            }
        }
        assert!(full >= 18, "page {} has only {full} full lines", page + 1);
    }
}

#[test]
fn paragraphs_are_indented_two_characters() {
    let doc = layout(&full_pages_document());
    let (runs, _) = items(&doc);
    let body: Vec<TextRun> = runs
        .into_iter()
        .filter(|r| close(r.size, 16.0, 0.01))
        .collect();
    let lines = lines_of(&body, 0);
    let first_para = lines
        .iter()
        .find(|l| line_text(l).starts_with("巡察组对"))
        .expect("the description starts on page 1");
    let zi = TYPE_W / 28.0;
    assert!(
        close(first_para[0].x, type_left(0) + 2.0 * zi, TOL),
        "{}",
        first_para[0].x
    );
}

/// Asserts that every text run of a laid-out document (but the red 版头 and page numbers)
/// lies inside the 版心 of its page.

#[test]
fn every_sample_keeps_its_text_inside_the_type_area() {
    for file in sample_files() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        assert_inside_type_area(&name, &layout(&sample(&name)));
    }
}

#[test]
fn every_kind_renders_in_every_layout_it_supports() {
    for kind in xuncha::DocKind::ALL {
        let name = format!("{kind} sample");
        for layout in kind.layouts() {
            let layout_name = layout.as_str();
            let mut input = template_sample(kind.as_str());
            input["layout"] = json!(layout_name);
            let compiled = engine()
                .compile(&input)
                .unwrap_or_else(|e| panic!("{name} as {layout_name}: {e}"));
            assert!(
                compiled.warnings.is_empty(),
                "{name} as {layout_name}: {:?}",
                compiled.warnings
            );
            assert_inside_type_area(&format!("{name} as {layout_name}"), &compiled.typeset);
            let (runs, _) = items(&compiled.typeset);
            let title = compiled.document.title().to_string();
            let printed: String = runs
                .iter()
                .filter(|r| r.page == 0 && r.size > 20.0 && r.size < 23.0)
                .map(|r| r.text.as_str())
                .collect();
            assert_eq!(printed, title, "{name} as {layout_name}: the title in 2号");
        }
    }
}

#[test]
fn the_issuing_body_mark_and_its_rule_are_red() {
    let doc = layout(&sample("fb-01-standard-16problems.json"));
    let (runs, rules) = items(&doc);
    let is_red = |c: [u8; 4]| c[0] > 200 && c[1] < 80 && c[2] < 80;
    let mark: Vec<_> = runs
        .iter()
        .filter(|r| r.page == 0 && r.size > 22.0 && r.text.contains("巡察"))
        .collect();
    assert!(!mark.is_empty(), "a 发文机关标志 is laid out");
    assert!(mark.iter().all(|r| is_red(r.rgba)), "{mark:?}");
    assert!(mark.iter().any(|r| r.text.contains("文件")));
    // 标志 top 35 mm under the 版心 top [7]: its baseline is below 72 mm, its glyphs start there.
    assert!(
        mark[0].y > TOP + 35.0 && mark[0].y < TOP + 35.0 + 16.0,
        "{}",
        mark[0].y
    );
    // 发文字号 centred, red rule 4 mm under it, as wide as the 版心 [8, 10].
    let number = runs
        .iter()
        .find(|r| r.page == 0 && r.text.contains("〔2024〕"))
        .expect("发文字号");
    let number_center = number.x + number.width / 2.0;
    assert!(
        close(number_center, type_left(0) + TYPE_W / 2.0, 0.5),
        "{number_center}"
    );
    let red_rules: Vec<_> = rules
        .iter()
        .filter(|r| r.page == 0 && is_red(r.rgba))
        .collect();
    assert!(!red_rules.is_empty());
    let rule_y = red_rules[0].y0;
    let glyph_bottom = number.y + 0.12 * 16.0 * 25.4 / 72.0;
    assert!(
        close(rule_y - glyph_bottom, 4.0, 0.5),
        "rule {rule_y}, 发文字号 bottom {glyph_bottom}"
    );
    let span = red_rules.iter().map(|r| r.x1).fold(0.0, f64::max)
        - red_rules.iter().map(|r| r.x0).fold(f64::MAX, f64::min);
    assert!(close(span, TYPE_W, 0.5), "red rule spans {span} mm");
    assert!(
        runs.iter()
            .any(|r| r.page == 0 && r.text.contains('★') && is_red(r.rgba))
    );
}

#[test]
fn title_lines_are_the_authors_and_centred() {
    let input = sample("fb-01-standard-16problems.json");
    let doc = layout(&input);
    let (runs, _) = items(&doc);
    let title: Vec<TextRun> = runs
        .into_iter()
        .filter(|r| r.page == 0 && close(r.size, 22.0, 0.01))
        .collect();
    let lines = lines_of(&title, 0);
    let expected: Vec<&str> = input["render_hints"]["title_lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let got: Vec<String> = lines.iter().map(|l| line_text(l)).collect();
    assert_eq!(got, expected);
    for line in &lines {
        let center = (line[0].x + line.last().unwrap().x + line.last().unwrap().width) / 2.0;
        assert!(close(center, type_left(0) + TYPE_W / 2.0, 0.5), "{center}");
    }
}

#[test]
fn page_numbers_alternate_sides_one_character_in() {
    for file in sample_files() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let input = sample(&name);
        let letter = input["layout"] == "letter"
            || input["doc_kind"] == "inspection_recommendation" && input.get("layout").is_none();
        let doc = layout(&input);
        let (runs, _) = items(&doc);
        let numbers: Vec<&TextRun> = runs.iter().filter(|r| is_page_number(r)).collect();
        for (page, frame) in doc.pages().iter().enumerate() {
            let size = frame.frame.size();
            let found: Vec<_> = numbers.iter().filter(|r| r.page == page).collect();
            if letter && page == 0 {
                assert!(
                    found.is_empty(),
                    "{name}: no page number on page 1 of a letter [27]"
                );
                continue;
            }
            if found.is_empty() {
                continue; // unnumbered blank / 版记 pages
            }
            assert_eq!(found.len(), 1, "{name}");
            let n = found[0];
            assert_eq!(n.text, format!("— {} —", page + 1), "{name}");
            if size.x > size.y {
                assert!(
                    n.rotated,
                    "{name}: landscape page numbers turn with the page"
                );
                continue;
            }
            // Dash top 7 mm under the 版心 [25]: the em box top is 0.88 em above the baseline.
            let top = n.y - 0.88 * SI_ZI;
            assert!(
                close(top, BOTTOM + 7.0, TOL),
                "{name} page {} number top {top}",
                page + 1
            );
            if page.is_multiple_of(2) {
                let right = n.x + n.width;
                assert!(
                    close(right, type_left(page) + TYPE_W - SI_ZI, TOL),
                    "{name}: odd page right {right}"
                );
            } else {
                assert!(
                    close(n.x, type_left(page) + SI_ZI, TOL),
                    "{name}: even page left {}",
                    n.x
                );
            }
        }
        let expected_min = doc.pages().len().saturating_sub(2 + usize::from(letter));
        assert!(
            numbers.len() >= expected_min,
            "{name}: {} numbers on {} pages",
            numbers.len(),
            doc.pages().len()
        );
    }
}

#[test]
fn the_imprint_block_ends_on_the_last_even_page_at_the_type_area_bottom() {
    for name in [
        "fb-01-standard-16problems.json",
        "fb-03-lookback-long-landscape.json",
    ] {
        let doc = layout(&sample(name));
        let (runs, rules) = items(&doc);
        let last = doc.pages().len() - 1;
        assert!(
            doc.pages().len().is_multiple_of(2),
            "{name}: the 版记 page is even"
        );
        let black = |c: [u8; 4]| c[0] < 40 && c[1] < 40 && c[2] < 40;
        let lowest = rules
            .iter()
            .filter(|r| r.page == last && black(r.rgba) && close(r.y0, r.y1, 0.01))
            .max_by(|a, b| a.y0.partial_cmp(&b.y0).unwrap())
            .expect("版记 rules");
        assert!(
            close(lowest.y0, BOTTOM, TOL),
            "{name}: last rule at {}",
            lowest.y0
        );
        assert!(close(lowest.thickness, 0.35, 0.01), "thick last rule");
        assert!(
            close(lowest.x1 - lowest.x0, TYPE_W, TOL),
            "rule as wide as the 版心"
        );
        let cc = runs.iter().find(|r| r.text.contains("抄送")).expect("抄送");
        assert_eq!(cc.page, last);
        assert!(close(cc.size, 14.0, 0.01), "版记 in 4号");
        assert!(
            runs.iter()
                .any(|r| r.page == last && r.text.contains("印发"))
        );
    }
}

#[test]
fn rare_name_characters_are_drawn_from_the_fallback_font() {
    let mut doc = sample("fb-02-minimal.json");
    doc["problem_groups"][0]["problems"][0]["description"] =
        json!("经查，王𠈓、李䶮经手的3笔账目未按规定审批。");
    let laid = layout(&doc);
    let (runs, _) = items(&laid);
    let rare = runs
        .iter()
        .find(|r| r.text.contains('𠈓'))
        .expect("𠈓 laid out");
    assert_eq!(rare.family, "BabelStone Han");
    assert!(squeezed_text(&laid).contains("王𠈓、李䶮"));
}

#[test]
fn headings_are_numbered_in_their_fonts() {
    let doc = layout(&sample("fb-01-standard-16problems.json"));
    let (runs, _) = items(&doc);
    let starting = |prefix: &str| runs.iter().find(|r| r.text.starts_with(prefix)).cloned();
    let h1 = starting("一、").expect("一、");
    assert_eq!(h1.family, "Noto Sans SC", "一、 in 黑体");
    let h2 = starting("（一）").expect("（一）");
    assert_eq!(h2.family, "LXGW WenKai", "（一） in 楷体");
    assert!(runs.iter().any(|r| r.text.starts_with("四、")));
    assert!(runs.iter().any(|r| r.text.starts_with("（五）")));
}

/// The baseline of a 三号 line in grid cell `n` (0-based) of a page, mm.
fn baseline_of_cell(n: usize, size_pt: f64) -> f64 {
    TOP + n as f64 * PITCH + PITCH / 2.0 + 0.38 * size_pt * 25.4 / 72.0
}

fn run_with<'a>(runs: &'a [TextRun], text: &str) -> &'a TextRun {
    runs.iter()
        .find(|r| r.text == text)
        .unwrap_or_else(|| panic!("no run “{text}”"))
}

#[test]
fn sealed_signature_date_is_four_characters_in_with_the_name_centred_over_it() {
    let doc = layout(&sample("fb-01-standard-16problems.json"));
    let (runs, _) = items(&doc);
    let date = run_with(&runs, "2024年6月18日");
    let org = runs
        .iter()
        .find(|r| r.page == date.page && r.text == "中共云岫县委第二巡察组")
        .expect("署名 on the page of the date");
    let left = type_left(date.page);
    assert!(
        close(date.x + date.width, left + TYPE_W - 4.0 * ZI, TOL),
        "date right + 4 字 [16]"
    );
    assert!(
        close(org.x + org.width / 2.0, date.x + date.width / 2.0, TOL),
        "署名 centred over the date"
    );
    assert!(
        close(date.y - org.y, PITCH, 0.01),
        "date on the line after the 署名"
    );
    // The 附注 is on the line after the date, indented 2 字 [20].
    let note = run_with(&runs, "（此件发至局党组成员）");
    assert!(close(note.y - date.y, PITCH, 0.01) && close(note.x, left + 2.0 * ZI, TOL));
}

#[test]
fn unsealed_signature_is_two_characters_in_with_the_date_two_characters_right() {
    let doc = layout(&sample("fb-02-minimal.json"));
    let (runs, _) = items(&doc);
    let org = runs
        .iter()
        .filter(|r| r.text == "中共云岫县委第一巡察组")
        .max_by(|a, b| a.y.partial_cmp(&b.y).unwrap())
        .unwrap();
    let date = run_with(&runs, "2024年10月30日");
    let left = type_left(org.page);
    assert!(
        close(org.x + org.width, left + TYPE_W - 2.0 * ZI, TOL),
        "署名 right + 2 字 [17]"
    );
    assert!(
        close(date.x, org.x + 2.0 * ZI, TOL),
        "date 2 字 right of the 署名's first character"
    );
    assert!(close(date.y - org.y, PITCH, 0.01));
}

#[test]
fn attachment_pages_start_with_their_label_and_title() {
    let doc = layout(&sample("fb-01-standard-16problems.json"));
    let (runs, _) = items(&doc);
    let label = run_with(&runs, "附件2");
    assert_eq!(label.family, "Noto Sans SC", "附件N in 黑体 [21]");
    assert!(close(label.x, type_left(label.page), TOL), "flush left");
    assert!(
        close(label.y, baseline_of_cell(0, 16.0), 0.05),
        "on line 1: {}",
        label.y
    );
    let title = runs
        .iter()
        .find(|r| r.page == label.page && r.text == "立行立改事项交办清单")
        .expect("attachment title");
    assert!(close(title.size, 22.0, 0.01), "2号 title");
    assert!(
        close(title.y, baseline_of_cell(2, 22.0), 0.05),
        "title on line 3: {}",
        title.y
    );
    // The 附件说明 names it in the body [15].
    assert!(
        runs.iter()
            .any(|r| r.text.contains("2.立行立改事项交办清单")
                || r.text == "立行立改事项交办清单" && r.page < label.page)
    );
}

#[test]
fn letter_format_has_its_own_head_and_no_number_on_page_one() {
    let mut input = sample("fb-01-standard-16problems.json");
    input["layout"] = json!("letter");
    let doc = layout(&input);
    let (runs, rules) = items(&doc);
    let red = |c: [u8; 4]| c[0] > 200 && c[1] < 80 && c[2] < 80;
    let mut red_rules: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.page == 0 && red(r.rgba))
        .collect();
    red_rules.sort_by(|a, b| a.y0.partial_cmp(&b.y0).unwrap());
    assert_eq!(red_rules.len(), 4, "two double lines [27]");
    for rule in &red_rules {
        assert!(close(rule.x1 - rule.x0, 170.0, TOL), "170 mm long");
        assert!(
            close((rule.x0 + rule.x1) / 2.0, PAGE_W / 2.0, TOL),
            "centred on the page"
        );
    }
    assert!(
        red_rules[0].thickness > red_rules[1].thickness,
        "thick over thin at the top"
    );
    assert!(
        red_rules[3].thickness > red_rules[2].thickness,
        "thin over thick at the bottom"
    );
    let bottom_edge = red_rules[3].y0 + red_rules[3].thickness / 2.0;
    assert!(
        close(bottom_edge, PAGE_H - 20.0, TOL),
        "bottom line 20 mm from the page foot: {bottom_edge}"
    );
    // 标志 above the line, starting 30 mm from the page top.
    let mark = runs
        .iter()
        .find(|r| r.page == 0 && red(r.rgba))
        .expect("标志");
    assert!(
        mark.y > 30.0 && mark.y < red_rules[0].y0 - 4.0,
        "标志 baseline {}",
        mark.y
    );
    // 份号 flush left and 发文字号 flush right at 7/8 of a 三号 height under the line.
    let copy_no = run_with(&runs, "000017");
    let number = runs
        .iter()
        .find(|r| r.page == 0 && r.text.contains("〔2024〕"))
        .unwrap();
    let line_bottom = red_rules[1].y0 + red_rules[1].thickness / 2.0;
    let glyph_top = copy_no.y - 0.88 * 16.0 * 25.4 / 72.0;
    assert!(
        close(glyph_top - line_bottom, 7.0 / 8.0 * 16.0 * 25.4 / 72.0, 0.1),
        "{glyph_top} vs {line_bottom}"
    );
    assert!(close(copy_no.x, type_left(0), TOL));
    assert!(close(number.x + number.width, type_left(0) + TYPE_W, TOL));
    assert!(close(number.y, copy_no.y, 0.01));
    // No page number on page 1; page 2 has one.
    assert!(!runs.iter().any(|r| r.page == 0 && is_page_number(r)));
    assert!(runs.iter().any(|r| r.page == 1 && r.text == "— 2 —"));
    // The 版记 has no rules and no 印发 line.
    let last = doc.pages().len() - 1;
    assert!(
        runs.iter()
            .any(|r| r.page == last && r.text.contains("抄送"))
    );
    assert!(!runs.iter().any(|r| r.text.contains("印发")));
    assert!(!rules.iter().any(|r| r.page == last && !red(r.rgba)));
}

#[test]
fn plain_layout_has_no_head_but_keeps_copy_number_and_classification() {
    let mut input = sample("fb-01-standard-16problems.json");
    input["layout"] = json!("plain");
    let doc = layout(&input);
    let (runs, rules) = items(&doc);
    let red = |c: [u8; 4]| c[0] > 200 && c[1] < 80 && c[2] < 80;
    assert!(!runs.iter().any(|r| red(r.rgba)) && !rules.iter().any(|r| red(r.rgba)));
    // 份号 on line 1 and 密级★期限 on line 2, flush left [4, 5]; a blank line; the title.
    let copy_no = run_with(&runs, "000017");
    assert!(
        close(copy_no.x, type_left(0), TOL),
        "份号 flush left: {}",
        copy_no.x
    );
    assert!(close(copy_no.y, baseline_of_cell(0, 16.0), 0.05));
    let secret = runs
        .iter()
        .find(|r| r.page == 0 && r.text.starts_with("秘密"))
        .expect("密级");
    assert!(close(secret.x, type_left(0), TOL) && close(secret.y, baseline_of_cell(1, 16.0), 0.05));
    assert_eq!(secret.family, "Noto Sans SC", "密级 in 黑体");
    let title = runs
        .iter()
        .filter(|r| r.page == 0 && close(r.size, 22.0, 0.01))
        .min_by(|a, b| a.y.partial_cmp(&b.y).unwrap())
        .unwrap();
    assert!(
        close(title.y, baseline_of_cell(3, 22.0), 0.05),
        "title on line 4: {}",
        title.y
    );
    let mut bare = input.clone();
    bare.as_object_mut().unwrap().remove("envelope");
    let (runs, _) = items(&layout(&bare));
    let first = runs
        .iter()
        .filter(|r| r.page == 0)
        .min_by(|a, b| a.y.partial_cmp(&b.y).unwrap())
        .unwrap();
    assert!(
        close(first.size, 22.0, 0.01),
        "without them the title comes first"
    );
    assert!(
        close(first.y, baseline_of_cell(0, 22.0), 0.05),
        "on line 1: {}",
        first.y
    );
}

#[test]
fn a_seal_image_is_centred_on_the_date_and_starts_within_a_line_of_the_text() {
    let mut input = sample("fb-01-standard-16problems.json");
    input["signature"]["seal_image_ref"] = json!("specimen.svg");
    let doc = layout(&input);
    let (runs, _) = items(&doc);
    let seals = images(&doc);
    assert_eq!(seals.len(), 1, "one seal");
    let (page, x, y, w, h) = seals[0];
    assert!(
        close(w, 42.0, 0.01) && close(h, 42.0, 0.01),
        "42 mm, not cropped: {w}×{h}"
    );
    let date = run_with(&runs, "2024年6月18日");
    assert_eq!(page, date.page);
    assert!(
        close(x + w / 2.0, date.x + date.width / 2.0, TOL),
        "centred on the date [16]"
    );
    // 署名 and 日期 sit slightly below the seal's centre.
    let org = runs
        .iter()
        .find(|r| r.page == page && r.text == "中共云岫县委第二巡察组")
        .unwrap();
    let centre = y + h / 2.0;
    assert!(
        centre < (org.y + date.y) / 2.0 && centre > org.y - PITCH,
        "centre {centre}"
    );
    // The seal's top is within one line of the last text line above it (the 附件说明).
    let above = runs
        .iter()
        .filter(|r| r.page == page && r.y < org.y - 0.5 && !r.text.contains("巡察组"))
        .map(|r| r.y + 0.12 * 16.0 * 25.4 / 72.0)
        .fold(0.0, f64::max);
    assert!(
        y > above && y - above <= PITCH,
        "seal top {y}, text above ends at {above}"
    );
}

#[test]
fn a_long_cc_notice_repeats_the_list_header_on_every_page() {
    let doc = layout(&sample("cc-02-department-17problems-table.json"));
    let (runs, _) = items(&doc);
    // The list's rows are in 小四 (12 pt), the form's other rows in 4号; a row is found by its 序号.
    let is_row = |r: &TextRun| close(r.size, 12.0, 0.01) && r.text.parse::<u32>().is_ok();
    let pages_with_rows: Vec<usize> = (0..doc.pages().len())
        .filter(|&p| runs.iter().any(|r| r.page == p && is_row(r)))
        .collect();
    assert!(
        pages_with_rows.len() >= 2,
        "the list runs over pages: {pages_with_rows:?}"
    );
    for page in pages_with_rows {
        for header in ["抄告事项", "序号", "单位", "类别", "问题"] {
            let cell = runs
                .iter()
                .filter(|r| r.page == page && r.text == header)
                .min_by(|a, b| a.y.partial_cmp(&b.y).unwrap());
            let cell =
                cell.unwrap_or_else(|| panic!("“{header}” heads the list on page {}", page + 1));
            let first_row = runs
                .iter()
                .filter(|r| r.page == page && is_row(r))
                .map(|r| r.y)
                .fold(f64::MAX, f64::min);
            assert!(
                cell.y < first_row,
                "“{header}” above the rows on page {}",
                page + 1
            );
        }
    }
}

#[test]
fn the_cc_form_has_its_number_right_and_title_centred() {
    let doc = layout(&sample("cc-01-leader-form.json"));
    let (runs, rules) = items(&doc);
    let number = runs
        .iter()
        .find(|r| r.page == 0 && r.text.contains("云巡抄〔2024〕5号"))
        .expect("编号");
    assert!(
        close(number.x + number.width, type_left(0) + TYPE_W, TOL),
        "编号 flush right"
    );
    let title = run_with(&runs, "巡察抄告单");
    assert!(close(title.size, 22.0, 0.01));
    assert!(
        close(
            title.x + title.width / 2.0,
            type_left(0) + TYPE_W / 2.0,
            0.5
        ),
        "title centred"
    );
    // The form's frame spans the 版心 exactly.
    let horizontal: Vec<&Rule> = rules
        .iter()
        .filter(|r| r.page == 0 && close(r.y0, r.y1, 0.01))
        .collect();
    let x0 = horizontal
        .iter()
        .map(|r| r.x0.min(r.x1))
        .fold(f64::MAX, f64::min);
    let x1 = horizontal
        .iter()
        .map(|r| r.x0.max(r.x1))
        .fold(0.0, f64::max);
    assert!(
        close(x0, type_left(0), TOL) && close(x1, type_left(0) + TYPE_W, TOL),
        "{x0}–{x1}"
    );
    for label in [
        "抄告对象",
        "被巡察单位",
        "抄告事项",
        "履责建议",
        "反馈要求",
        "签收栏",
    ] {
        assert!(runs.iter().any(|r| r.text == label), "row “{label}”");
    }
}

#[test]
fn signers_stand_two_to_a_line_with_the_number_on_the_last() {
    let mut input = sample("fb-01-standard-16problems.json");
    input["envelope"]["signers"] = json!(["张堃", "李䶮", "王𠈓"]);
    let doc = layout(&input);
    let (runs, _) = items(&doc);
    let label = run_with(&runs, "签发人：");
    let first = runs
        .iter()
        .find(|r| r.page == 0 && r.text == "张堃")
        .expect("first signer");
    let second = runs
        .iter()
        .find(|r| r.page == 0 && r.text == "李䶮")
        .expect("second signer");
    let third = runs
        .iter()
        .find(|r| r.page == 0 && r.text.contains("王"))
        .expect("third signer");
    assert_eq!(first.family, "LXGW WenKai", "names in 楷体 [9]");
    assert!(
        close(first.y, label.y, 0.01) && close(second.y, label.y, 0.01),
        "two to a line"
    );
    assert!(
        close(first.x, label.x + label.width, TOL),
        "the first name follows the label"
    );
    assert!(
        close(second.x + second.width, type_left(0) + TYPE_W - ZI, TOL),
        "right + 1 字"
    );
    assert!(
        close(third.y - first.y, PITCH, 0.01) && close(third.x, first.x, TOL),
        "wrapped under the first name"
    );
    let number = runs
        .iter()
        .find(|r| r.page == 0 && r.text.contains("〔2024〕"))
        .unwrap();
    assert!(
        close(number.y, third.y, 0.01),
        "发文字号 on the line of the last 签发人"
    );
    assert!(
        close(number.x, type_left(0) + ZI, TOL),
        "发文字号 left + 1 字"
    );
}

#[test]
fn automatic_title_breaks_never_start_a_line_with_closing_punctuation() {
    let closing = ['）', '”', '、', '，', '。', '》'];
    let opening = ['（', '“', '《'];
    let base: Vec<char> = "中共云岫县委第二巡察组关于巡察县自然资源和规划局党组工作情况的反馈意见"
        .chars()
        .collect();
    // Parentheses around every stretch of two characters, so that one of them meets each break.
    for at in 4..base.len() - 6 {
        let mut title: String = base[..at].iter().collect();
        title.push('（');
        title.extend(&base[at..at + 2]);
        title.push('）');
        title.extend(&base[at + 2..]);
        let mut input = sample("fb-02-minimal.json");
        input["title"] = json!(title);
        let doc = layout(&input);
        let (runs, _) = items(&doc);
        let title_runs: Vec<TextRun> = runs
            .into_iter()
            .filter(|r| r.page == 0 && close(r.size, 22.0, 0.01))
            .collect();
        let mut lines: Vec<f64> = title_runs.iter().map(|r| r.y).collect();
        lines.sort_by(f64::total_cmp);
        lines.dedup_by(|a, b| close(*a, *b, 0.1));
        let texts: Vec<String> = lines
            .iter()
            .map(|y| {
                let mut line: Vec<&TextRun> =
                    title_runs.iter().filter(|r| close(r.y, *y, 0.1)).collect();
                line.sort_by(|a, b| a.x.total_cmp(&b.x));
                line.iter().map(|r| r.text.as_str()).collect()
            })
            .collect();
        assert_eq!(texts.concat(), title);
        for line in &texts {
            assert!(line.chars().count() <= 20, "{title}: {texts:?}");
            let first = line.chars().next().unwrap();
            let last = line.chars().last().unwrap();
            assert!(
                !closing.contains(&first),
                "{title}: a line starts with {first}: {texts:?}"
            );
            assert!(
                !opening.contains(&last),
                "{title}: a line ends with {last}: {texts:?}"
            );
        }
    }
}

#[test]
fn forms_print_copy_number_and_classification_top_left() {
    let mut input = sample("cc-01-leader-form.json");
    input["envelope"] = json!({"copy_no": "000003", "classification": "机密", "urgency": "特急"});
    let doc = layout(&input);
    let (runs, _) = items(&doc);
    let copy_no = run_with(&runs, "000003");
    assert!(
        close(copy_no.x, type_left(0), TOL) && close(copy_no.y, baseline_of_cell(0, 16.0), 0.05)
    );
    let secret = runs
        .iter()
        .find(|r| r.text.starts_with("机密"))
        .expect("密级");
    assert!(close(secret.x, type_left(0), TOL) && close(secret.y, baseline_of_cell(1, 16.0), 0.05));
    let urgent = run_with(&runs, "特急");
    assert!(close(urgent.y, baseline_of_cell(2, 16.0), 0.05));
    let number = runs
        .iter()
        .find(|r| r.text.starts_with("编号"))
        .expect("编号");
    assert!(
        close(number.y, copy_no.y, 0.05),
        "编号 on the line of the 份号"
    );
}

// ---------------------------------------------------------------------------------------------
// 巡察清单: a 公文 whose body is a table, landscape for lists of six or seven columns.

/// The 版心 of a landscape page, the portrait one turned [26]: 225 × 156 mm inside margins of
/// 35 mm left, 37 mm right and 27 mm top and bottom (`landscape-margins` in spec.typ).
const LANDSCAPE_LEFT: f64 = 35.0;
const LANDSCAPE_TOP: f64 = 27.0;

fn is_landscape(doc: &typst_layout::PagedDocument, page: usize) -> bool {
    let size = doc.pages()[page].frame.size();
    size.x > size.y
}

/// Whether a run is in the red of the 版头 (the 信函格式's 发文机关标志 is as wide as its red
/// lines, wider than the 版心).
fn is_red(run: &TextRun) -> bool {
    run.rgba[0] > 200 && run.rgba[1] < 80 && run.rgba[2] < 80
}

/// Every text of the landscape pages (but the turned page numbers and the red 版头) inside the
/// turned 版心.
fn assert_inside_landscape_type_area(name: &str, doc: &typst_layout::PagedDocument) {
    let (runs, _) = items(doc);
    for run in runs
        .iter()
        .filter(|r| is_landscape(doc, r.page) && !r.rotated && !is_red(r))
    {
        let where_ = format!("{name}: “{}” on page {}", run.text, run.page + 1);
        assert!(
            run.x >= LANDSCAPE_LEFT - TOL,
            "{where_} starts at {}",
            run.x
        );
        assert!(
            run.x + run.width <= LANDSCAPE_LEFT + TYPE_H + TOL + 0.5 * run.size * 25.4 / 72.0,
            "{where_} ends at {}",
            run.x + run.width
        );
        assert!(
            run.y > LANDSCAPE_TOP && run.y <= LANDSCAPE_TOP + TYPE_W + TOL,
            "{where_} at y {}",
            run.y
        );
    }
}

/// The pages holding rows of a list (a 五号 序号 cell), and on each the header cells above them.
fn assert_header_on_every_page(name: &str, doc: &typst_layout::PagedDocument, headers: &[&str]) {
    let (runs, _) = items(doc);
    let is_seq = |r: &TextRun| close(r.size, 10.5, 0.01) && r.text.parse::<u32>().is_ok();
    let pages: Vec<usize> = (0..doc.pages().len())
        .filter(|&p| runs.iter().any(|r| r.page == p && is_seq(r)))
        .collect();
    assert!(
        pages.len() >= 2,
        "{name}: the list runs over pages: {pages:?}"
    );
    for page in pages {
        let first_row = runs
            .iter()
            .filter(|r| r.page == page && is_seq(r))
            .map(|r| r.y)
            .fold(f64::MAX, f64::min);
        for header in headers {
            assert!(
                runs.iter()
                    .any(|r| r.page == page && r.text == *header && r.y < first_row),
                "{name}: “{header}” heads the list on page {}",
                page + 1
            );
        }
    }
}

#[test]
fn wide_lists_are_set_on_landscape_pages_with_their_header_on_every_page() {
    for (name, headers) in [
        (
            "list-01-problems-unit.json",
            &[
                "序号",
                "问题编号",
                "方面",
                "问题",
                "责任领导",
                "责任部门",
                "整改时限",
            ][..],
        ),
        (
            "list-03-leads.json",
            &[
                "序号",
                "编号",
                "涉及单位",
                "线索摘要",
                "移交单位",
                "移交日期",
            ][..],
        ),
        (
            "list-04-supervision-letter.json",
            &[
                "序号",
                "编号",
                "问题",
                "督促科室",
                "责任人",
                "时限",
                "销号情况",
            ][..],
        ),
    ] {
        let input = sample(name);
        let doc = layout(&input);
        let (runs, _) = items(&doc);
        // The title and the 说明 stand on the first page, which is landscape like the table's
        // (a portrait first page with them alone read as an empty page; issue 21).
        assert!(is_landscape(&doc, 0), "{name}: the first page is landscape");
        assert!(
            runs.iter()
                .any(|r| r.page == 0 && close(r.size, 22.0, 0.01) && !is_red(r)),
            "{name}: the title on page 1"
        );
        if let Some(why) = forms::list_table_fault(&doc) {
            panic!("{name}: {why}");
        }
        // Every page with rows is landscape, and numbered with a turned number [25, 26] (but
        // page 1 of a letter).
        for page in 0..doc.pages().len() {
            let has_rows = runs
                .iter()
                .any(|r| r.page == page && close(r.size, 10.5, 0.01));
            if !has_rows {
                continue;
            }
            assert!(
                is_landscape(&doc, page),
                "{name}: page {} is landscape",
                page + 1
            );
            if page == 0 && input["layout"] == "letter" {
                continue;
            }
            let number = runs
                .iter()
                .find(|r| r.page == page && is_page_number(r))
                .unwrap_or_else(|| panic!("{name}: page {} has a number", page + 1));
            assert!(number.rotated && number.text == format!("— {} —", page + 1));
        }
        assert_inside_type_area(name, &doc);
        assert_inside_landscape_type_area(name, &doc);
        assert_header_on_every_page(name, &doc, headers);
        // The 署名 and 日期 stand under the table on its last page, right + 4 字 in the turned
        // 版心 (whose lines hold 40 characters), with the last row above them [16, 19].
        let date = printed_date(&input);
        let dated = runs
            .iter()
            .find(|r| r.text == date && close(r.size, 16.0, 0.01))
            .expect("成文日期");
        assert!(is_landscape(&doc, dated.page));
        assert!(
            close(
                dated.x + dated.width,
                LANDSCAPE_LEFT + TYPE_H - 4.0 * TYPE_H / 40.0,
                TOL
            ),
            "{name}: date right + 4 字: {}",
            dated.x + dated.width
        );
        let last_seq = input["rows"].as_array().unwrap().len().to_string();
        assert!(
            runs.iter().any(|r| r.page == dated.page
                && r.text == last_seq
                && close(r.size, 10.5, 0.01)
                && r.y < dated.y),
            "{name}: the last row is on the page of the 署名"
        );
    }
}

#[test]
fn a_common_problems_list_stays_portrait_and_keeps_its_header() {
    let name = "list-02-common-standard.json";
    let doc = layout(&sample(name));
    assert!((0..doc.pages().len()).all(|p| !is_landscape(&doc, p)));
    assert_inside_type_area(name, &doc);
    assert_header_on_every_page(
        name,
        &doc,
        &["序号", "领域", "共性问题", "涉及单位", "整改要求"],
    );
    // 文件格式: the 发文字号 and the red 标志 on page 1; the 版记 on an even last page.
    let (runs, _) = items(&doc);
    assert!(
        runs.iter()
            .any(|r| r.page == 0 && r.text.contains("云巡办〔2024〕35号"))
    );
    assert!(doc.pages().len().is_multiple_of(2));
    assert!(
        runs.iter()
            .any(|r| r.page == doc.pages().len() - 1 && r.text.contains("抄送"))
    );
}

#[test]
fn a_unit_list_prints_the_unit_under_the_title() {
    let doc = layout(&sample("list-01-problems-unit.json"));
    let (runs, _) = items(&doc);
    let title = runs
        .iter()
        .filter(|r| r.page == 0 && close(r.size, 22.0, 0.01))
        .map(|r| r.y)
        .fold(0.0, f64::max);
    let unit = runs
        .iter()
        .find(|r| r.page == 0 && r.text.contains("中共云岫县档案馆支部委员会") && r.y > title)
        .expect("the unit line");
    assert_eq!(unit.family, "LXGW WenKai", "in 楷体");
    // Baselines sit 0.38 em under the middle of their grid cell: 二号 above, 三号 here.
    let step = PITCH + 0.38 * (16.0 - 22.0) * 25.4 / 72.0;
    assert!(
        close(unit.y - title, step, 0.05),
        "on the line under the title: {}",
        unit.y - title
    );
    let line: String = runs
        .iter()
        .filter(|r| r.page == 0 && close(r.y, unit.y, 0.1))
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(
        line.replace(' ', ""),
        "被巡察单位：中共云岫县档案馆支部委员会"
    );
}

/// The 成文日期 of a document as printed.
fn printed_date(input: &Value) -> String {
    xuncha::model::IsoDate(input["signature"]["date"].as_str().unwrap().to_string())
        .chinese()
        .unwrap()
}

// ---------------------------------------------------------------------------------------------
// A list's last row of any height keeps the 署名 company [19].

/// The list types, the field of a row that grows, the most characters it takes, and a short row.
fn list_type_rows(list_type: &str) -> (&'static str, usize, Value) {
    match list_type {
        "problems" => (
            "problem",
            1500,
            json!({"id": "P01", "aspect": "落实全面从严治党战略部署方面",
                "problem": "党支部委员会超期未换届11个月。", "responsible_leader": "李明",
                "responsible_dept": "办公室", "deadline": "2024-09-30"}),
        ),
        "common_problems" => (
            "problem",
            1500,
            json!({"area": "公务接待", "problem": "公务接待“无公函不接待”制度执行不严。",
                "units": ["云岫县档案馆", "云岫县水务局"],
                "requirement": "全面清理公务接待台账，对超标准费用予以清退。"}),
        ),
        "leads" => (
            "summary",
            800,
            json!({"id": "X01", "units": ["云岫县自然资源和规划局"],
                "summary": "反映该局原负责人违规为亲属经营的企业承揽测绘项目提供便利。",
                "transferred_to": "云岫县纪委监委", "transferred_on": "2024-07-10"}),
        ),
        "accountability" | "persons_and_matters" => (
            "problem",
            800,
            json!({"id": "P01", "person": "王某某", "units": ["云岫县住房和城乡建设局"],
                "post": "党组成员、副局长", "problem": "分管的保障性住房分配工作把关不严。",
                "handling": "建议依规依纪追究领导责任"}),
        ),
        _ => (
            "problem",
            1500,
            json!({"id": "P01", "problem": "党组理论学习中心组集体学习次数未达到要求。",
                "supervising_office": "监督检查科", "responsible_person": "周晓琍",
                "deadline": "2024-09-30", "closure": "已销号"}),
        ),
    }
}

/// A 巡察清单 of `list_type` in `layout` whose last row's long cell holds `chars` characters of
/// prose with punctuation; a sealed 署名 with a 附注, or an unsealed one.
fn list_with_last_row(list_type: &str, layout: &str, chars: usize, sealed: bool) -> Value {
    const PROSE: &str = "经查，该单位在项目资金管理中存在审批把关不严、台账记录缺失、\
        资金拨付不及时等问题，部分支出未履行集体决策程序；“三重一大”制度执行流于形式。";
    const REQUIREMENT: &str = "主管部门牵头组织专项检查，逐笔核实资金拨付情况，\
        建立健全内部控制制度，明确审批权限和流程（2024年底前完成）。";
    let (field, _, short) = list_type_rows(list_type);
    let (mut second, mut last) = (short.clone(), short.clone());
    if short.get("id").is_some() {
        second["id"] = json!("P02");
        last["id"] = json!("P03");
    }
    last[field] = json!(PROSE.chars().cycle().take(chars).collect::<String>());
    if list_type == "common_problems" {
        // A second tall cell, split at the same height as the first.
        last["requirement"] = json!(
            REQUIREMENT
                .chars()
                .cycle()
                .take((chars / 2).min(800))
                .collect::<String>()
        );
    }
    let mut doc = json!({
        "doc_kind": "inspection_list",
        "layout": layout,
        "list_type": list_type,
        "title": "十五届县委第三轮巡察问题清单",
        "addressee": ["中共云岫县档案馆支部委员会"],
        "rows": [short, second, last],
        "signature": {
            "org_name": "中共云岫县委巡察工作领导小组办公室",
            "date": "2024-07-16",
            "seal": if sealed { "seal" } else { "none" },
        },
    });
    if sealed {
        doc["annotation"] = json!("（此件发至被巡察单位党组织主要负责人）");
    }
    if layout != "plain" {
        doc["envelope"] = json!({"header_org": "中共云岫县委巡察工作领导小组办公室"});
        doc["doc_number"] = json!(if layout == "letter" {
            "云巡办函〔2024〕12号"
        } else {
            "云巡办〔2024〕35号"
        });
    }
    doc
}

/// What is wrong with a list's layout: unconverged, text outside the 版心, a blank page, a fault
/// of its table (`forms::list_table_fault`), or the 署名 on a page with no row (or part of one)
/// above it [19].
fn list_fault(input: &Value) -> Option<String> {
    let compiled = match engine().compile(input) {
        Ok(compiled) => compiled,
        Err(e) => return Some(format!("does not render: {e}")),
    };
    if !compiled.warnings.is_empty() {
        return Some(format!("warnings: {:?}", compiled.warnings));
    }
    let doc = &compiled.typeset;
    if let Some(why) = outside_type_area(doc) {
        return Some(format!("outside the 版心: {why}"));
    }
    let (runs, _) = items(doc);
    for run in runs
        .iter()
        .filter(|r| is_landscape(doc, r.page) && !r.rotated && !is_red(r))
    {
        let inside = run.x >= LANDSCAPE_LEFT - TOL
            && run.x + run.width <= LANDSCAPE_LEFT + TYPE_H + TOL + 0.5 * run.size * 25.4 / 72.0
            && run.y > LANDSCAPE_TOP
            && run.y <= LANDSCAPE_TOP + TYPE_W + TOL;
        if !inside {
            return Some(format!(
                "“{}” on page {} outside the turned 版心",
                run.text,
                run.page + 1
            ));
        }
    }
    for page in 0..doc.pages().len() {
        if !runs.iter().any(|r| r.page == page && !is_page_number(r)) {
            return Some(format!("page {} is blank", page + 1));
        }
    }
    // 五号 text, a header on every page of rows and never ending a page, the table starting on
    // the page of the 说明.
    if let Some(why) = forms::list_table_fault(doc) {
        return Some(why);
    }
    // The tall cells print their text whole, once, in order, over the pages.
    let list_type = input["list_type"].as_str().unwrap();
    let (field, _, _) = list_type_rows(list_type);
    let mut columns = vec![(field, column_label(list_type, field))];
    if list_type == "common_problems" {
        columns.push(("requirement", "整改要求"));
    }
    for (field, label) in columns {
        let expected: String = input["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row[field].as_str().unwrap())
            .collect();
        if column_text(doc, &runs, label) != expected {
            return Some(format!(
                "the column “{label}” does not print its cells' text whole"
            ));
        }
    }
    let date = printed_date(input);
    let Some(dated) = runs
        .iter()
        .find(|r| r.text == date && close(r.size, 16.0, 0.01))
    else {
        return Some("no 成文日期".into());
    };
    // A cell's text (五号, not the 黑体 of the header) above the 署名's line.
    let row_above = runs.iter().any(|r| {
        r.page == dated.page
            && close(r.size, 10.5, 0.01)
            && r.family != "Noto Sans SC"
            && r.y < dated.y - PITCH - 1.0
    });
    (!row_above).then(|| {
        format!(
            "the 署名 stands on page {} with no row above it",
            dated.page + 1
        )
    })
}

/// The header of the column that prints `field`.
fn column_label(list_type: &str, field: &str) -> &'static str {
    match (list_type, field) {
        ("common_problems", "problem") => "共性问题",
        ("leads", _) => "线索摘要",
        ("persons_and_matters", "problem") => "具体问题",
        _ => "问题",
    }
}

/// The text of a list's column headed `label`, page after page: the cells' 五号 text between the
/// column's rules, under the header.
fn column_text(doc: &typst_layout::PagedDocument, runs: &[TextRun], label: &str) -> String {
    let (_, rules) = items(doc);
    let mut text = String::new();
    for page in 0..doc.pages().len() {
        let Some(head) = runs
            .iter()
            .find(|r| r.page == page && r.text == label && r.family == "Noto Sans SC")
        else {
            continue;
        };
        let middle = head.x + head.width / 2.0;
        let verticals: Vec<f64> = rules
            .iter()
            .filter(|r| r.page == page && close(r.x0, r.x1, 0.01) && r.y1 > head.y)
            .map(|r| r.x0)
            .collect();
        let left = verticals
            .iter()
            .copied()
            .filter(|&x| x < middle)
            .fold(f64::MIN, f64::max);
        let right = verticals
            .iter()
            .copied()
            .filter(|&x| x > middle)
            .fold(f64::MAX, f64::min);
        for run in runs.iter().filter(|r| {
            r.page == page
                && close(r.size, 10.5, 0.01)
                && r.family != "Noto Sans SC"
                && r.y > head.y
                && r.x > left
                && r.x < right
        }) {
            text.extend(run.text.chars().filter(|c| !c.is_whitespace()));
        }
    }
    text
}

#[test]
fn a_last_row_of_any_height_keeps_the_signature_company() {
    // The last row's tall cell grows 20 characters (a line or so) at a time, from a few lines to
    // the most the input allows, so that the row ends on every line of two or three pages.
    let mut cases = Vec::new();
    for list_type in [
        "problems",
        "common_problems",
        "leads",
        "supervision",
        "accountability",
        "persons_and_matters",
    ] {
        let (_, most, _) = list_type_rows(list_type);
        for (layout, sealed) in [("plain", true), ("standard", false), ("letter", true)] {
            for chars in (40..=most).step_by(20) {
                cases.push((list_type, layout, sealed, chars));
            }
        }
    }
    let count = cases.len();
    let queue = std::sync::Mutex::new(cases.into_iter());
    let failures = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..std::thread::available_parallelism().map_or(2, usize::from) {
            scope.spawn(|| {
                loop {
                    let Some((list_type, layout, sealed, chars)) = queue.lock().unwrap().next()
                    else {
                        break;
                    };
                    let input = list_with_last_row(list_type, layout, chars, sealed);
                    if let Some(why) = list_fault(&input) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{list_type} {layout} {chars} characters: {why}"));
                    }
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap();
    failures.sort();
    assert!(
        failures.is_empty(),
        "{} of {count} lists:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// Table forms (抄告单, 整改通知书): columns fitted to the items, one page for a short form, the
// sealing rows with the row before them, the 署名 inside its cell.

/// Problems as a 抄告单 lists them, of ordinary length.
const FORM_PROBLEMS: [&str; 3] = [
    "2021年以来新增违法占用耕地图斑43宗、186.4亩，仍有11宗未整改到位，存在“以罚代拆”现象。",
    "3批次征收补偿款发放缺少被征收户签字确认，资金监管存在风险。",
    "审计指出的土地出让收入应缴未缴326.7万元尚未追缴到位。",
];

/// The signature arrangements a form's sealing cell prints.
fn form_signature(kind: &str, org: &str) -> Value {
    let mut sig = json!({"org_name": org, "date": "2024-06-20", "seal": "seal"});
    match kind {
        "sealed-image" => sig["seal_image_ref"] = json!("specimen.svg"),
        "unsealed" => sig["seal"] = json!("none"),
        "signer-name" => {
            sig["seal"] = json!("signer_seal");
            sig["signer_title"] = json!("县委巡察工作领导小组办公室主任");
            sig["signer_name"] = json!("李䶮");
        }
        "signer-image" => {
            sig["seal"] = json!("signer_seal");
            sig["signer_title"] = json!("主任");
            sig["seal_image_ref"] = json!("specimen.svg");
        }
        _ => {}
    }
    sig
}

/// A 抄告单 or 整改通知书 form of `n` problems of ordinary length, from the minimal samples with
/// the rows an office fills in (履责建议, 联系人, 签收栏).
fn short_form(kind: &str, n: usize, signature: &str) -> Value {
    let mut doc = if kind == "inspection_cc_notice" {
        let mut doc = sample("cc-03-minimal.json");
        doc["problems"] = json!(
            (0..n)
                .map(|i| {
                    let category = ["耕地保护", "征收补偿", "审计整改"][i];
                    json!({"seq": i + 1, "org": "县自然资源和规划局", "category": category,
                        "description": FORM_PROBLEMS[i]})
                })
                .collect::<Vec<_>>()
        );
        doc["inspection_group"] = json!("中共云岫县委第二巡察组");
        doc["duty_suggestions"] = json!(["督促建立整改台账，对账销号。"]);
        doc
    } else {
        let mut doc = sample("not-02-minimal.json");
        doc["items"] = json!(
            (0..n)
                .map(|i| json!({"problem": FORM_PROBLEMS[i],
                    "measures": ["逐项核查，限期整改到位"], "deadline": "2024-12-31"}))
                .collect::<Vec<_>>()
        );
        doc["contact"] = json!({"name": "周晓琍", "phone": "0871-6123456"});
        doc["doc_number"] = json!("云巡三组〔2024〕3号");
        doc
    };
    doc["layout"] = json!("form");
    doc["receipt"] = json!({});
    doc["signature"] = form_signature(signature, "中共云岫县委巡察工作领导小组办公室");
    doc
}

const FORM_SIGNATURES: [&str; 5] = [
    "sealed",
    "sealed-image",
    "unsealed",
    "signer-name",
    "signer-image",
];

#[test]
fn a_form_of_one_to_three_problems_fits_one_page() {
    let mut cases: Vec<(String, Value)> = [
        "cc-03-minimal.json",
        "cc-05-one-problem-form.json",
        "not-01-immediate-fix-form.json",
        "not-02-minimal.json",
    ]
    .iter()
    .map(|name| (name.to_string(), sample(name)))
    .collect();
    for kind in ["inspection_cc_notice", "rectification_notice"] {
        for n in 1..=3 {
            for signature in FORM_SIGNATURES {
                cases.push((
                    format!("{kind} {n} {signature}"),
                    short_form(kind, n, signature),
                ));
            }
        }
    }
    for (name, input) in cases {
        let doc = layout(&input);
        assert_eq!(doc.pages().len(), 1, "{name}: one page");
        if let Some(why) = forms::form_end_fault(&doc, &input) {
            panic!("{name}: {why}");
        }
    }
}

#[test]
fn form_columns_fit_what_the_items_hold() {
    let header = |runs: &[TextRun], text: &str| {
        runs.iter()
            .find(|r| r.text == text && r.family == "Noto Sans SC" && close(r.size, 12.0, 0.01))
            .cloned()
    };
    // Three problems of one unit, no 类别: no 类别 column, the unit once above the headers, and
    // the 问题 column most of the width.
    let mut input = short_form("inspection_cc_notice", 3, "sealed");
    for p in input["problems"].as_array_mut().unwrap() {
        p.as_object_mut().unwrap().remove("category");
    }
    let doc = layout(&input);
    let (runs, rules) = items(&doc);
    assert!(header(&runs, "类别").is_none(), "no 类别 column");
    assert!(header(&runs, "单位").is_none(), "no 单位 column");
    let shared = runs
        .iter()
        .find(|r| r.text.starts_with("单位") && r.family == "Noto Sans SC")
        .expect("the unit above the headers");
    let problem = header(&runs, "问题").expect("a 问题 column");
    let sequence = header(&runs, "序号").expect("a 序号 column");
    assert!(shared.y < problem.y, "the shared unit above the headers");
    let value = runs
        .iter()
        .find(|r| r.y > shared.y - 1.0 && r.text.contains("县自然资源和规划局"))
        .expect("the unit's name");
    assert!(close(value.y, shared.y, 0.3), "the unit beside its label");
    let verticals: Vec<f64> = rules
        .iter()
        .filter(|r| {
            close(r.x0, r.x1, 0.01) && r.y0.min(r.y1) < problem.y && r.y0.max(r.y1) > problem.y
        })
        .map(|r| r.x0)
        .collect();
    let left = verticals
        .iter()
        .copied()
        .filter(|&x| x < problem.x)
        .fold(f64::MIN, f64::max);
    let right = verticals
        .iter()
        .copied()
        .filter(|&x| x > problem.x)
        .fold(f64::MAX, f64::min);
    assert!(
        right - left > 0.8 * TYPE_W,
        "the 问题 column {:.1} mm of {TYPE_W}",
        right - left
    );
    assert!(sequence.x < problem.x);

    // Units that differ keep their column; so do categories.
    let mut input = short_form("inspection_cc_notice", 3, "sealed");
    input["problems"][1]["org"] = json!("县不动产登记中心");
    let (runs, _) = items(&layout(&input));
    assert!(header(&runs, "单位").is_some() && header(&runs, "类别").is_some());

    // One problem: a label | value row, its unit and category in the cell, no 序号.
    let input = short_form("inspection_cc_notice", 1, "sealed");
    let (runs, _) = items(&layout(&input));
    for gone in ["序号", "单位", "类别", "问题"] {
        assert!(header(&runs, gone).is_none(), "no “{gone}” header");
    }
    let label = run_with(&runs, "抄告事项");
    let text = runs
        .iter()
        .find(|r| r.text.starts_with("2021年以来"))
        .expect("the problem");
    assert!(text.x > label.x + label.width && text.y > label.y - 15.0 && text.y < label.y + 15.0);

    // 整改通知书 items with one deadline: the deadline once above the headers.
    let input = short_form("rectification_notice", 3, "sealed");
    let (runs, _) = items(&layout(&input));
    assert!(header(&runs, "整改时限").is_none());
    assert!(
        header(&runs, "整改要求").is_none(),
        "the same requirement for all"
    );
    assert!(
        runs.iter()
            .any(|r| r.text.starts_with("整改时限") && r.family == "Noto Sans SC")
    );
}

#[test]
fn the_signature_stays_inside_its_form_cell() {
    // Signing bodies of every length the contract allows, in both forms and every arrangement.
    const NAME: &str = "中共云岫县委巡察工作领导小组办公室第二巡察组驻县自然资源和规划局党组巡察整改督导工作专班联络组秘书处";
    let mut cases = Vec::new();
    for kind in ["inspection_cc_notice", "rectification_notice"] {
        for chars in [8, 17, 19, 20, 21, 22, 24, 30, 45, 60] {
            for signature in FORM_SIGNATURES {
                let mut input = short_form(kind, 1, signature);
                let org: String = NAME.chars().cycle().take(chars).collect();
                input["signature"]["org_name"] = json!(org);
                if kind == "inspection_cc_notice" {
                    input["issuer"] = json!(org);
                }
                cases.push((format!("{kind} {chars} {signature}"), input));
            }
        }
    }
    for (name, input) in cases {
        let doc = layout(&input);
        if let Some(why) = forms::form_end_fault(&doc, &input) {
            panic!("{name}: {why}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// §7.3.5.5 [19]: a 署名 that would take a line or two of 正文 to a page of their own stays on
// the page before, whose body is set closer, at most to 24 lines in the 版心.

/// The closest line pitch the library allows on a page set closer, mm (`closing-fit-lines`).
const CLOSEST_PITCH: f64 = TYPE_H / 24.0;

/// An engine whose library never sets a page closer (its bound is the grid itself): the
/// layout each document has without §7.3.5.5.
fn grid_only_engine() -> &'static xuncha::Engine {
    static ENGINE: std::sync::OnceLock<xuncha::Engine> = std::sync::OnceLock::new();
    ENGINE.get_or_init(|| {
        let user = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("grid-only-library");
        let spec = xuncha::engine::bundled_dir("templates").join("lib/spec.typ");
        let text = std::fs::read_to_string(spec).unwrap();
        assert!(
            text.contains("closing-fit-lines: 24,"),
            "the bound is in spec.typ"
        );
        std::fs::create_dir_all(user.join("lib")).unwrap();
        std::fs::write(
            user.join("lib/spec.typ"),
            text.replace("closing-fit-lines: 24,", "closing-fit-lines: 22,"),
        )
        .unwrap();
        let mut config = xuncha::EngineConfig::bundled();
        config.user_templates = vec![user];
        xuncha::Engine::new(&config).expect("engine starts")
    })
}

/// A 反馈意见 (standard layout, unsealed) whose last problem, the 整改要求 heading and its
/// paragraph leave a few lines and the 署名 to page 3 on the grid: page 2 must hold 24 lines.
fn feedback_at_the_bound() -> Value {
    let hanzi = "巡察组对党组织履行职责情况开展监督检查发现有关单位落实主体责任不够有力";
    let text = |n: usize| -> String { hanzi.chars().cycle().take(n).collect::<String>() + "。" };
    let mut doc = sample("fb-02-minimal.json");
    doc["problem_groups"][0]["problems"] = (1..=6)
        .map(|k| {
            json!({"id": format!("A{k}"), "heading": format!("第{k}个问题的标题"),
                "description": text(if k == 6 { 115 } else { 70 })})
        })
        .collect();
    doc
}

/// A 整改情况报告 (standard layout, sealed, with its 台账 as an attachment) whose last item
/// takes a line and the 附件说明 and 署名 to page 3 on the grid.
fn report_one_line_over() -> Value {
    let mut doc = sample("rep-02-minimal.json");
    doc["signature"]["seal"] = json!("seal");
    doc["signature"]["seal_image_ref"] = json!("specimen.svg");
    doc["items"] = (1..=5)
        .map(|k| {
            let more = if k == 5 { 3 } else { 1 };
            json!({"problem": format!("第{k}项问题：党支部委员会超期未换届11个月。"),
                "status": "已完成",
                "result": format!("2024年9月已召开党员大会完成换届选举，{}。", "补齐了会议记录和党员档案".repeat(more))})
        })
        .collect();
    doc
}

/// The page (0-based) the 成文日期 is printed on.
fn date_page(doc: &typst_layout::PagedDocument, input: &Value) -> usize {
    let date = printed_date(input);
    let (runs, _) = items(doc);
    runs.iter()
        .find(|r| r.text.contains(&date))
        .unwrap_or_else(|| panic!("{date} is printed"))
        .page
}

/// The 三号 lines of a page, top to bottom (body, headings, 附件说明, 署名 and 日期).
fn san_lines(doc: &typst_layout::PagedDocument, page: usize) -> Vec<f64> {
    let (runs, _) = items(doc);
    let san: Vec<TextRun> = runs
        .into_iter()
        .filter(|r| close(r.size, 16.0, 0.01))
        .collect();
    lines_of(&san, page).iter().map(|l| l[0].y).collect()
}

/// Every text run and image where it stands (page, mm rounded to 0.01), to compare layouts.
fn geometry(doc: &typst_layout::PagedDocument) -> Vec<String> {
    let (runs, _) = items(doc);
    let mut out: Vec<String> = runs
        .iter()
        .map(|r| format!("{} {:.2} {:.2} {}", r.page, r.x, r.y, r.text))
        .collect();
    out.extend(
        images(doc)
            .iter()
            .map(|(p, x, y, w, h)| format!("{p} {x:.2} {y:.2} {w:.2}×{h:.2} image")),
    );
    out
}

/// Whether the 署名 stands on the grid with only a few lines of 正文 above it: at most seven
/// 三号 lines on its page (two of 正文, the 附件说明's two, the 署名 and the 日期, one more for
/// a heading), and not on the first page.
fn carried_over(doc: &typst_layout::PagedDocument, input: &Value) -> bool {
    let page = date_page(doc, input);
    page > 0 && san_lines(doc, page).len() <= 7
}

/// Checks that `fitted` is `grid` with the 署名 and the lines carried over brought back to the
/// page before, whose body is set closer within the bound; every other page is the grid's.
fn assert_fitted(
    name: &str,
    input: &Value,
    grid: &typst_layout::PagedDocument,
    fitted: &typst_layout::PagedDocument,
) {
    let page = date_page(grid, input) - 1;
    assert_eq!(
        date_page(fitted, input),
        page,
        "{name}: the 署名 moves back a page"
    );
    // One page fewer, or as many when a 版记 on an even page leaves the page blank.
    assert!(
        fitted.pages().len() <= grid.pages().len(),
        "{name}: no page more"
    );
    assert_inside_type_area(name, fitted);
    // The pages before are untouched.
    let before = |doc: &typst_layout::PagedDocument| -> Vec<String> {
        geometry(doc)
            .into_iter()
            .filter(|g| g.split(' ').next().unwrap().parse::<usize>().unwrap() < page)
            .collect()
    };
    assert_eq!(
        before(grid),
        before(fitted),
        "{name}: the pages before keep the grid"
    );
    // On the page, the lines stand where they stood on the grid down to the first element set
    // closer, then follow each other at one closer pitch, never closer than 24 lines to the 版心.
    let lines = san_lines(fitted, page);
    let kept = lines
        .iter()
        .zip(san_lines(grid, page))
        .take_while(|(a, b)| close(**a, *b, 0.01))
        .count();
    assert!(kept < lines.len(), "{name}: some lines set closer");
    let steps: Vec<f64> = lines[kept..].windows(2).map(|w| w[1] - w[0]).collect();
    let closest = steps.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        (CLOSEST_PITCH - 0.01..PITCH - 0.05).contains(&closest),
        "{name}: page {} set at {closest:.3} mm (grid {PITCH:.3}, closest allowed {CLOSEST_PITCH:.3})",
        page + 1
    );
    // From the last line on the grid to the first set closer: half a cell of each; or from the
    // top of the 版心 to the baseline in the first, closer cell.
    let first = match kept {
        0 => lines[0] - TOP - closest / 2.0 - 0.38 * 16.0 * 25.4 / 72.0,
        _ => lines[kept] - lines[kept - 1] - (PITCH - closest) / 2.0,
    };
    for step in steps.iter().chain([&first]) {
        let lines = step / closest;
        assert!(
            (lines - lines.round()).abs() * closest < 0.02,
            "{name}: a step of {step:.3} mm on page {} at the pitch {closest:.3}",
            page + 1
        );
    }
    let grid_lines = san_lines(grid, page).len() + san_lines(grid, page + 1).len();
    assert_eq!(
        lines.len(),
        grid_lines,
        "{name}: every line of the two pages on one"
    );
}

#[test]
fn a_signature_that_would_take_a_few_lines_over_stays_on_a_page_set_closer() {
    let cases = [
        (
            "rev-02-minimal (letter, one line)",
            sample("rev-02-minimal.json"),
        ),
        ("反馈意见 at the bound (two lines)", feedback_at_the_bound()),
        ("整改情况报告, sealed, 附件说明", report_one_line_over()),
    ];
    for (name, input) in cases {
        let grid = match grid_only_engine().compile(&input) {
            Ok(c) => c.typeset,
            Err(e) => panic!("{name}: {e}"),
        };
        assert!(
            carried_over(&grid, &input),
            "{name}: on the grid the 署名 no longer stands with a few lines on a page of their \
             own; change the document so that it does"
        );
        assert_fitted(name, &input, &grid, &layout(&input));
    }
}

#[test]
fn only_a_signature_carried_over_sets_a_page_closer() {
    // Beyond the bound: a page would need 25 lines.
    let mut beyond = feedback_at_the_bound();
    beyond["problem_groups"][0]["problems"][5]["description"] =
        json!("巡察组对党组织履行职责情况开展监督检查发现有关单位落实主体责任不够有力。".repeat(4));
    let mut cases = vec![("beyond the bound".to_string(), beyond.clone())];
    cases.extend(sample_files().iter().map(|p| {
        (
            p.file_name().unwrap().to_string_lossy().into_owned(),
            sample(p.file_name().unwrap().to_str().unwrap()),
        )
    }));
    for (name, input) in cases {
        let grid = grid_only_engine().compile(&input).expect("renders").typeset;
        let fitted = layout(&input);
        if geometry(&grid) != geometry(&fitted) {
            assert!(
                carried_over(&grid, &input),
                "{name}: set closer without need"
            );
            assert_fitted(&name, &input, &grid, &fitted);
        }
    }
    let grid = grid_only_engine().compile(&beyond).unwrap().typeset;
    assert!(
        carried_over(&grid, &beyond),
        "the document beyond the bound strands on the grid"
    );
    assert_eq!(
        geometry(&grid),
        geometry(&layout(&beyond)),
        "beyond the bound nothing changes"
    );
}

// ---------------------------------------------------------------------------------------------
// A line break in `title` is the author's: the title breaks there [11].

#[test]
fn a_line_break_in_the_title_breaks_it_there_in_every_kind() {
    let titles = [
        (
            "fb-02-minimal.json",
            "中共云岫县委第一巡察组\n关于巡察云岫县档案馆党支部的反馈意见",
        ),
        (
            "rec-02-minimal.json",
            "关于规范村级集体资产管理的\n巡察建议",
        ),
        (
            "rep-02-minimal.json",
            "中共云岫县档案馆党支部\n关于巡察反馈意见整改情况的报告",
        ),
        ("not-02-minimal.json", "云岫县档案馆党支部\n整改通知书"),
        (
            "rev-02-minimal.json",
            "关于云岫县档案馆党支部\n巡察整改情况的审核意见",
        ),
        ("list-05-minimal.json", "十五届县委第三轮巡察\n问题清单"),
    ];
    for (file, title) in titles {
        let mut input = sample(file);
        input["title"] = json!(title);
        let doc = layout(&input);
        let lines: Vec<String> = title.split('\n').map(String::from).collect();
        assert!(
            printed_titles(&doc).contains(&lines),
            "{file}: {lines:?} not printed as given: {:?}",
            printed_titles(&doc)
        );
        // The PDF's title is the text, without the break.
        use typst::model::Document as _;
        assert_eq!(
            doc.info().title.as_deref(),
            Some(title.replace('\n', "").as_str()),
            "{file}"
        );
    }
}

#[test]
fn a_title_line_longer_than_a_line_is_still_balanced_between_words() {
    let first = "中共临江市委第三巡察组";
    let rest = "关于巡察中共临江市青石镇委员会落实全面从严治党主体责任情况的反馈意见";
    let mut input = sample("fb-02-minimal.json");
    input["title"] = json!(format!("{first}\n{rest}"));
    let doc = layout(&input);
    let title = format!("{first}{rest}");
    assert_eq!(title_break_faults(&doc, &title), Vec::<String>::new());
    let block = printed_titles(&doc)
        .into_iter()
        .find(|b| b.concat() == title)
        .unwrap();
    assert_eq!(block[0], first, "the author's break first: {block:?}");
    let counts: Vec<usize> = block[1..].iter().map(|l| l.chars().count()).collect();
    assert!(
        counts.len() == 2 && counts.iter().max().unwrap() - counts.iter().min().unwrap() <= 6,
        "the rest in two balanced lines: {block:?}"
    );
}
