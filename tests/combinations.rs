//! Every kind, in every layout it allows, with generated mixes of its optional elements and
//! bodies of every length, laid out to GB/T 9704 (`gbt9704.md`, rows in brackets).
//!
//! Two sets, rendered on every core:
//! - **body ends**: every kind × layout × signature arrangement (sealed, sealed with a seal
//!   image, unsealed, signer's seal with a name, with an image) × a body grown one line at a
//!   time over 45 lengths, so that it ends on every line of an odd and of an even page and at a
//!   page break; the other elements (抄送, 印发, 附注, 附件 inline or landscape, 版头 elements) are
//!   drawn for each document from a generator with a fixed seed;
//! - **closing elements**: every kind × layout × the full product of 抄送 × 印发 × 附注 ×
//!   附件 (none, inline, landscape) × 版头 (none, elements without 发文机关标志, with it), the
//!   signature arrangement and body length drawn with the same generator.
//!
//! Each document must converge with no warning and: keep its text in the 版心, no opening mark
//! in its margin, its punctuation full width, its full lines full and its title broken between
//! words (`typography_faults`, `title_break_faults`); never leave the
//! 署名 and 日期 on a page without 正文 [19]; have no blank page but the one before a 版记 [22];
//! put the 版记 at the foot of an even last page, its last rule on the 版心 bottom [22]; and number
//! its pages as row 25 says. A table form keeps its sealing rows with the row before them, its
//! 附件说明 and 附注 under the 签收栏 and its 署名 inside the sealing cell; a list's table is
//! 五号, its header never ends a page and repeats on every page of rows, and it starts on the
//! page where the text above it ends (`common::forms`).

mod common;

use std::sync::Mutex;

use common::*;
use serde_json::{Value, json};
use xuncha::DocKind;

/// A text field printed as a paragraph of the body: its pointer and the most characters the
/// contract allows.
type Field = (&'static str, usize);

/// How the body of each kind grows: the minimal sample, and the fields filled in order. A kind
/// may have more than one line (a 巡察清单's table is landscape or portrait by list type).
const KINDS: &[(&str, &str, &[Field])] = &[
    (
        "inspection_feedback",
        "fb-02-minimal.json",
        &[("/overall_assessment/0", 3000)],
    ),
    (
        "inspection_cc_notice",
        "cc-03-minimal.json",
        &[("/basis", 600), ("/requirements/text", 800)],
    ),
    (
        "inspection_recommendation",
        "rec-02-minimal.json",
        &[("/source/text", 1500)],
    ),
    (
        "rectification_report",
        "rep-02-minimal.json",
        &[("/intro", 1500)],
    ),
    (
        "rectification_notice",
        "not-02-minimal.json",
        &[("/basis", 800), ("/requirements/text", 800)],
    ),
    (
        "rectification_review",
        "rev-02-minimal.json",
        &[("/overall_opinion/0", 3000)],
    ),
    (
        "inspection_list",
        "list-05-minimal.json",
        &[("/note", 3000)],
    ),
    (
        "inspection_list",
        "list-06-common-minimal.json",
        &[("/note", 3000)],
    ),
];

const SIGNATURES: [&str; 5] = [
    "sealed",
    "sealed-image",
    "unsealed",
    "signer-name",
    "signer-image",
];

/// Lengths of the body, in lines added to the minimal sample's.
const BODY_LINES: usize = 45;

/// A small deterministic generator (a linear congruential one), so every run builds the same
/// documents.
struct Draw(u64);

impl Draw {
    fn pick(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// The optional elements of one document.
#[derive(Debug, Clone, Copy)]
struct Mix {
    cc: bool,
    imprint: bool,
    annotation: bool,
    /// 0 none, 1 inline text, 2 landscape table.
    attachment: usize,
    /// 0 none, 1 份号/密级/紧急程度 without 发文机关标志, 2 with 发文机关标志.
    envelope: usize,
}

impl Mix {
    fn drawn(draw: &mut Draw) -> Self {
        Self {
            cc: draw.pick(2) == 1,
            imprint: draw.pick(2) == 1,
            annotation: draw.pick(2) == 1,
            attachment: draw.pick(3),
            envelope: draw.pick(3),
        }
    }

    fn all() -> Vec<Self> {
        let mut all = Vec::new();
        for bits in 0..8 {
            for attachment in 0..3 {
                for envelope in 0..3 {
                    all.push(Self {
                        cc: bits & 1 == 1,
                        imprint: bits & 2 == 2,
                        annotation: bits & 4 == 4,
                        attachment,
                        envelope,
                    });
                }
            }
        }
        all
    }
}

/// One generated document and what it is made of, for messages.
struct Case {
    name: String,
    input: Value,
    letter: bool,
    form: bool,
    banji: bool,
    /// The body ends with a table (a 巡察清单), whose 五号 rows are the text the 署名 keeps.
    table_body: bool,
}

/// Text that fills exactly `lines` body lines of a paragraph (two characters of indent), with
/// quotation marks, a comma and an enumeration comma inside every line (never at its ends).
fn filler(lines: usize) -> String {
    const HANZI: &str = "巡察组对党组织履行职责情况开展监督检查发现有关单位落实主体责任不力";
    let chars: Vec<char> = HANZI.chars().collect();
    let n = (lines * 28).saturating_sub(2).max(6);
    (0..n)
        .map(|i| match (i + 2) % 28 {
            5 => '“',
            8 => '”',
            13 => '，',
            20 => '、',
            _ => chars[i % chars.len()],
        })
        .collect()
}

fn build(
    (kind, sample_name, fields): (&str, &str, &[Field]),
    layout: &str,
    signature: &str,
    body: usize,
    mix: Mix,
) -> Case {
    let mut input = sample(sample_name);
    input["layout"] = json!(layout);
    let mut remaining = body;
    for (pointer, max) in fields {
        let lines = remaining.min((max + 2) / 28);
        remaining -= lines;
        if lines > 0 {
            set(&mut input, pointer, json!(filler(lines)));
        }
    }
    let date = input["signature"]["date"].clone();
    let sig = &mut input["signature"];
    match signature {
        "sealed" => sig["seal"] = json!("seal"),
        "sealed-image" => {
            sig["seal"] = json!("seal");
            sig["seal_image_ref"] = json!("specimen.svg");
        }
        "unsealed" => sig["seal"] = json!("none"),
        "signer-name" => {
            sig["seal"] = json!("signer_seal");
            sig["signer_title"] = json!("县委巡察工作领导小组办公室主任");
            sig["signer_name"] = json!("李䶮");
        }
        _ => {
            sig["seal"] = json!("signer_seal");
            sig["signer_title"] = json!("主任");
            sig["seal_image_ref"] = json!("specimen.svg");
        }
    }
    if mix.cc {
        input["cc"] = json!(["云岫县纪委监委", "中共云岫县委组织部"]);
    }
    if mix.imprint {
        input["imprint"] = json!({"org_name": "中共云岫县委巡察工作领导小组办公室", "date": date});
    }
    if mix.annotation {
        input["annotation"] = json!("（此件发至县级领导班子成员）");
    }
    match mix.attachment {
        1 => {
            input["attachments"] = json!([{"seq": 1, "title": "有关情况说明",
                "body": ["附件正文一段，说明有关情况。"]}])
        }
        2 => {
            input["attachments"] = json!([{"seq": 1, "title": "问题清单", "table": {
                "orientation": "landscape",
                "columns": [{"key": "n", "label": "序号", "width_ratio": 0.5},
                            {"key": "p", "label": "问题", "width_ratio": 4}],
                "rows": [{"n": 1, "p": "问题一"}, {"n": 2, "p": "问题二"}]}}])
        }
        _ => {}
    }
    match mix.envelope {
        1 => {
            input["envelope"] = json!({"copy_no": "000017", "classification": "秘密", "secrecy_period": "5年", "urgency": "加急"})
        }
        2 => {
            input["envelope"] =
                json!({"copy_no": "000017", "header_org": "中共云岫县委巡察工作领导小组办公室"})
        }
        _ => {}
    }
    Case {
        name: format!("{sample_name} {layout} {signature} body+{body} {mix:?}"),
        letter: layout == "letter",
        form: layout == "form",
        banji: mix.cc || (mix.imprint && layout != "letter"),
        table_body: kind == "inspection_list",
        input,
    }
}

/// Sets the value at a JSON Pointer whose parents exist (an array index may be one past the end).
fn set(value: &mut Value, pointer: &str, new: Value) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let parent = if parent.is_empty() {
        value
    } else {
        match value.pointer_mut(parent) {
            Some(parent) => parent,
            None => {
                let empty = if key.parse::<usize>().is_ok() {
                    json!([])
                } else {
                    json!({})
                };
                set(value, parent, empty);
                value.pointer_mut(parent).unwrap()
            }
        }
    };
    match parent {
        Value::Array(items) => {
            let i: usize = key.parse().unwrap();
            if i < items.len() {
                items[i] = new;
            } else {
                items.push(new);
            }
        }
        Value::Object(map) => {
            map.insert(key.to_string(), new);
        }
        _ => panic!("{pointer}: the parent is neither an object nor an array"),
    }
}

/// Every check on one document; the first broken one, if any.
fn check(case: &Case) -> Result<(), String> {
    let compiled = engine()
        .compile(&case.input)
        .map_err(|e| format!("does not render: {e}"))?;
    if !compiled.warnings.is_empty() {
        return Err(format!("warnings: {:?}", compiled.warnings));
    }
    let doc = &compiled.typeset;
    if let Some(why) = outside_type_area(doc) {
        return Err(format!("outside the 版心: {why}"));
    }
    // Punctuation, line edges, full lines and title breaks (issue 21).
    if let Some(why) = typography_faults(doc).into_iter().next() {
        return Err(why);
    }
    if let Some(why) = title_break_faults(doc, compiled.document.title())
        .into_iter()
        .next()
        .filter(|_| case.input.pointer("/render_hints/title_lines").is_none())
    {
        return Err(why);
    }
    let (runs, rules) = items(doc);
    let pages = doc.pages().len();
    let body_runs = |page: usize| {
        runs.iter()
            .filter(move |r| r.page == page && !is_page_number(r))
            .collect::<Vec<_>>()
    };
    let blank: Vec<bool> = (0..pages).map(|p| body_runs(p).is_empty()).collect();
    let black = |c: [u8; 4]| c[0] < 40 && c[1] < 40 && c[2] < 40;
    let black_rules = |page: usize| {
        rules
            .iter()
            .filter(move |r| r.page == page && black(r.rgba) && close(r.y0, r.y1, 0.01))
    };

    // 版记 at the foot of an even last page [22].
    let last = pages - 1;
    let banji_only = |page: usize| {
        body_runs(page).iter().all(|r| close(r.size, 14.0, 0.01)) && !body_runs(page).is_empty()
    };
    if case.banji {
        if pages % 2 != 0 {
            return Err(format!("the 版记 is on page {pages}, an odd page"));
        }
        let cc_or_imprint = runs
            .iter()
            // The 版记 is in 4号; the body may say 印发 too (“现将……清单印发给你们”).
            .filter(|r| {
                close(r.size, 14.0, 0.01) && (r.text.contains("抄送") || r.text.contains("印发"))
            })
            .collect::<Vec<_>>();
        if cc_or_imprint.iter().any(|r| r.page != last) {
            return Err("the 版记 is not on the last page".into());
        }
        if case.letter {
            let lowest = cc_or_imprint.iter().map(|r| r.y).fold(0.0, f64::max);
            if lowest < BOTTOM - PITCH {
                return Err(format!(
                    "the letter's 版记 ends at {lowest}, not at the foot"
                ));
            }
        } else {
            let lowest = black_rules(last).map(|r| r.y0).fold(0.0, f64::max);
            if !close(lowest, BOTTOM, TOL) {
                return Err(format!("the 版记's last rule is at {lowest}, not {BOTTOM}"));
            }
        }
    }

    // No blank page, but one before a 版记 page [22].
    for (page, is_blank) in blank.iter().enumerate() {
        if *is_blank && !(case.banji && page + 2 == pages && banji_only(last)) {
            let on_last: Vec<String> = body_runs(last)
                .iter()
                .map(|r| format!("{}@{}pt", r.text, r.size))
                .collect();
            return Err(format!(
                "page {} of {pages} is blank (the last page holds {on_last:?})",
                page + 1
            ));
        }
    }

    // Page numbers [25]: on every page but page 1 of a letter, a blank page and a 版记 page after
    // one; “— N —” on the right of odd pages and the left of even ones.
    for page in 0..pages {
        let numbers: Vec<_> = runs
            .iter()
            .filter(|r| r.page == page && is_page_number(r))
            .collect();
        let after_blank = page > 0 && blank[page - 1];
        let first_of_letter = case.letter && page == 0;
        let expected = !(first_of_letter || blank[page] || after_blank);
        match (expected, numbers.as_slice()) {
            (false, []) => {}
            (true, [n]) => {
                if n.text != format!("— {} —", page + 1) {
                    return Err(format!("page {} is numbered {}", page + 1, n.text));
                }
                let size = doc.pages()[page].frame.size();
                if size.x < size.y {
                    let odd = page % 2 == 0;
                    let ok = if odd {
                        close(n.x + n.width, type_left(page) + TYPE_W - SI_ZI, TOL)
                    } else {
                        close(n.x, type_left(page) + SI_ZI, TOL)
                    };
                    if !ok {
                        return Err(format!("page {}'s number is at x {}", page + 1, n.x));
                    }
                }
            }
            (expected, found) => {
                return Err(format!(
                    "page {}: {} page number(s), expected {}",
                    page + 1,
                    found.len(),
                    usize::from(expected)
                ));
            }
        }
    }

    // A form's sealing rows keep the row before them, the 附件说明 and 附注 follow the 签收栏,
    // the 署名 stands inside its cell; a list's table is 五号, its header never ends a page
    // and repeats after a break, and it starts where the text above it ends.
    if case.form
        && let Some(why) = forms::form_end_fault(doc, &case.input)
    {
        return Err(why);
    }
    if case.table_body
        && let Some(why) = forms::list_table_fault(doc)
    {
        return Err(why);
    }

    // 署名 and 日期 never on a page without 正文 [19].
    if !case.form {
        let date = xuncha::model::IsoDate(
            case.input["signature"]["date"]
                .as_str()
                .unwrap()
                .to_string(),
        )
        .chinese()
        .unwrap();
        let dated = runs
            .iter()
            .find(|r| r.text == date && close(r.size, 16.0, 0.01))
            .ok_or("no 成文日期")?;
        let closing_top = runs
            .iter()
            .filter(|r| r.page == dated.page && r.text.starts_with("附件："))
            .map(|r| r.y)
            .fold(dated.y - 2.0 * PITCH, f64::min);
        // Of a list, a row's text counts, not the repeated header's 黑体.
        let text_above = runs.iter().any(|r| {
            r.page == dated.page
                && (close(r.size, 16.0, 0.01)
                    || case.table_body && close(r.size, 10.5, 0.01) && r.family != "Noto Sans SC")
                && r.y < closing_top - 0.5
                && !r.rotated
        });
        if !text_above {
            return Err(format!(
                "the 署名 and 日期 stand on page {} without 正文",
                dated.page + 1
            ));
        }
    }
    Ok(())
}

/// Checks every case on every core; fails with each case that broke a rule.
fn check_all(cases: Vec<Case>) {
    let count = cases.len();
    let queue = Mutex::new(cases.into_iter());
    let failures = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let Some(case) = queue.lock().unwrap().next() else {
                        break;
                    };
                    if let Err(why) = check(&case) {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{}: {why}", case.name));
                    }
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap();
    assert!(
        failures.is_empty(),
        "{} of {count} documents break the standard:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Every line of `KINDS` with every layout of its kind.
type Entry = (&'static str, &'static str, &'static [Field]);

fn kinds_and_layouts() -> Vec<(Entry, &'static str)> {
    let mut all = Vec::new();
    for kind in DocKind::ALL {
        assert!(
            KINDS.iter().any(|(k, _, _)| *k == kind.as_str()),
            "{kind}: say in KINDS how its body grows"
        );
        for &entry in KINDS.iter().filter(|(k, _, _)| *k == kind.as_str()) {
            for layout in kind.layouts() {
                all.push((entry, layout.as_str()));
            }
        }
    }
    all
}

#[test]
fn bodies_ending_on_every_line_lay_out_to_the_standard() {
    let mut draw = Draw(0x5eed_0001);
    let mut cases = Vec::new();
    for (entry, layout) in kinds_and_layouts() {
        for signature in SIGNATURES {
            for body in 0..BODY_LINES {
                cases.push(build(entry, layout, signature, body, Mix::drawn(&mut draw)));
            }
        }
    }
    check_all(cases);
}

#[test]
fn every_mix_of_closing_elements_lays_out_to_the_standard() {
    let mut draw = Draw(0x5eed_0002);
    let mut cases = Vec::new();
    for (entry, layout) in kinds_and_layouts() {
        for mix in Mix::all() {
            let signature = SIGNATURES[draw.pick(SIGNATURES.len())];
            let body = draw.pick(BODY_LINES);
            cases.push(build(entry, layout, signature, body, mix));
        }
    }
    check_all(cases);
}
