//! Checks of table forms (抄告单, 整改通知书) and of a list's table, as a reviewer reads them,
//! shared by `tests/layout.rs` and `tests/combinations.rs`. Each returns what is wrong, if
//! anything.

use serde_json::Value;
use typst_layout::PagedDocument;

use super::{Rule, TextRun, close, is_page_number, items};

/// The 黑体 of labels and table headers.
const HEITI: &str = "Noto Sans SC";

/// The labels of a form's sealing rows, the first of which starts them.
const SEALING_LABELS: [&str; 3] = ["联系人及电话", "抄告单位", "通知单位"];

/// Whether a rule is vertical and spans the height `y`.
fn vertical_at(r: &Rule, page: usize, y: f64) -> bool {
    r.page == page && close(r.x0, r.x1, 0.01) && r.y0.min(r.y1) <= y && r.y0.max(r.y1) >= y
}

/// Whether a rule is horizontal and spans the abscissa `x`.
fn horizontal_at(r: &Rule, page: usize, x: f64) -> bool {
    r.page == page && close(r.y0, r.y1, 0.01) && r.x0.min(r.x1) <= x && r.x0.max(r.x1) >= x
}

/// What is wrong with the end of a table form, if anything:
/// - the sealing rows (联系人, 盖章, 签收栏) stand on a page with nothing of the form above them;
/// - the 附件说明 or the 附注 stand on another page than the 签收栏 they follow;
/// - the sealing cell's text (署名, 日期, the signer's post and name) reaches outside its
///   cell, or an unwrapped 署名 is not centred over the date.
pub fn form_end_fault(doc: &PagedDocument, input: &Value) -> Option<String> {
    let (runs, rules) = items(doc);
    let label = |text: &str| {
        runs.iter()
            .find(|r| r.family == HEITI && close(r.size, 14.0, 0.01) && r.text == text)
    };
    let Some(first) = runs
        .iter()
        .filter(|r| r.family == HEITI && SEALING_LABELS.contains(&r.text.as_str()))
        .min_by(|a, b| (a.page, a.y).partial_cmp(&(b.page, b.y)).unwrap())
    else {
        return Some("no sealing rows".into());
    };
    // Something of the form (its 4号 rows or 小四 list) above the sealing rows on their page.
    let form_above = runs.iter().any(|r| {
        r.page == first.page
            && !is_page_number(r)
            && (close(r.size, 14.0, 0.01) || close(r.size, 12.0, 0.01))
            && r.y < first.y - 2.0
    });
    if !form_above {
        return Some(format!(
            "the sealing rows stand alone on page {}",
            first.page + 1
        ));
    }
    let Some(receipt) = label("签收栏") else {
        return Some("no 签收栏".into());
    };
    let annotation = input["annotation"].as_str().unwrap_or("\u{0}");
    for r in runs.iter().filter(|r| {
        close(r.size, 16.0, 0.01)
            && (r.text.starts_with("附件：")
                || r.text.chars().count() >= 4 && annotation.contains(r.text.as_str()))
    }) {
        if r.page != receipt.page || r.y < receipt.y {
            return Some(format!(
                "“{}” on page {}, not under the 签收栏 on page {}",
                r.text,
                r.page + 1,
                receipt.page + 1
            ));
        }
    }
    seal_cell_fault(&runs, &rules, input)
}

/// The sealing cell's text inside the cell, and an unwrapped 署名 centred over the date.
fn seal_cell_fault(runs: &[TextRun], rules: &[Rule], input: &Value) -> Option<String> {
    let seal_label = runs
        .iter()
        .find(|r| r.family == HEITI && (r.text == "抄告单位" || r.text == "通知单位"))?;
    let page = seal_label.page;
    let label_right = seal_label.x + seal_label.width;
    let (left, right) = {
        let xs: Vec<f64> = rules
            .iter()
            .filter(|r| vertical_at(r, page, seal_label.y))
            .map(|r| r.x0)
            .collect();
        let left = xs
            .iter()
            .copied()
            .filter(|&x| x > label_right)
            .fold(f64::MAX, f64::min);
        (left, xs.iter().copied().fold(f64::MIN, f64::max))
    };
    if left >= right {
        return Some("no rules around the sealing cell".into());
    }
    let middle = (left + right) / 2.0;
    let label_bottom = runs
        .iter()
        .filter(|r| r.page == page && r.text == "（盖章）" && r.family == HEITI)
        .map(|r| r.y)
        .fold(seal_label.y, f64::max);
    let heights: Vec<f64> = rules
        .iter()
        .filter(|r| horizontal_at(r, page, middle))
        .map(|r| r.y0)
        .collect();
    let top = heights
        .iter()
        .copied()
        .filter(|&y| y < seal_label.y - 4.0)
        .fold(f64::MIN, f64::max);
    let bottom = heights
        .iter()
        .copied()
        .filter(|&y| y > label_bottom)
        .fold(f64::MAX, f64::min);
    let inside: Vec<&TextRun> = runs
        .iter()
        .filter(|r| r.page == page && r.y > top && r.y < bottom && r.x > label_right)
        .collect();
    for r in &inside {
        if r.x < left + 0.5 || r.x + r.width > right - 0.5 {
            return Some(format!(
                "“{}” reaches outside its cell ({:.1}–{:.1} mm in {left:.1}–{right:.1} mm)",
                r.text,
                r.x,
                r.x + r.width
            ));
        }
    }
    let signature = &input["signature"];
    if signature["seal"] == "signer_seal" {
        return None;
    }
    let org = signature["org_name"].as_str().unwrap_or_default();
    let date = xuncha::model::IsoDate(signature["date"].as_str().unwrap_or_default().into())
        .chinese()
        .unwrap_or_default();
    // All of the 署名 and the date within the cell's rules, however many lines.
    let mut lines: Vec<&&TextRun> = inside.iter().collect();
    lines.sort_by(|a, b| (a.y, a.x).partial_cmp(&(b.y, b.x)).unwrap());
    let text: String = lines.iter().map(|r| r.text.as_str()).collect();
    if !text.contains(&format!("{org}{date}")) {
        return Some(format!(
            "the sealing cell holds “{text}”, not the 署名 and date"
        ));
    }
    let find = |text: &str| inside.iter().find(|r| r.text == text);
    match (find(org), find(&date)) {
        (Some(o), Some(d)) => {
            let (co, cd) = (o.x + o.width / 2.0, d.x + d.width / 2.0);
            (!close(co, cd, 0.5))
                .then(|| format!("the 署名 centred at {co:.1}, the date at {cd:.1}"))
        }
        // A wrapped 署名 is centred line by line; the date must be there.
        (_, None) => Some("no date in the sealing cell".into()),
        _ => None,
    }
}

/// What is wrong with a list's table, if anything:
/// - text smaller than 五号 (10.5 pt);
/// - a page with rows and no header above them, or a header with no row under it (a header
///   never ends a page);
/// - the table starting on a later page than the text above it while that page had room for
///   its header and first row (with the closing, when that row is the last), so a list never
///   leaves the page of its text for nothing.
pub fn list_table_fault(doc: &PagedDocument) -> Option<String> {
    let (runs, _) = items(doc);
    if let Some(small) = runs.iter().find(|r| r.size < 10.49) {
        return Some(format!(
            "“{}” on page {} at {} pt, under 五号",
            small.text,
            small.page + 1,
            small.size
        ));
    }
    let is_cell = |r: &TextRun| close(r.size, 10.5, 0.01) && r.family != HEITI;
    let is_header =
        |r: &TextRun| close(r.size, 10.5, 0.01) && r.family == HEITI && r.text == "序号";
    for page in 0..doc.pages().len() {
        let header = runs
            .iter()
            .filter(|r| r.page == page && is_header(r))
            .map(|r| r.y)
            .fold(f64::MAX, f64::min);
        let cells: Vec<f64> = runs
            .iter()
            .filter(|r| r.page == page && is_cell(r))
            .map(|r| r.y)
            .collect();
        let has_header = header < f64::MAX;
        let under_header = has_header && cells.iter().all(|&y| y > header);
        if !cells.is_empty() && !under_header {
            return Some(format!("page {}: rows with no header above them", page + 1));
        }
        if has_header && cells.is_empty() {
            return Some(format!("page {}: the table header ends the page", page + 1));
        }
    }
    let first_header = runs
        .iter()
        .filter(|r| is_header(r))
        .min_by(|a, b| (a.page, a.y).partial_cmp(&(b.page, b.y)).unwrap())?;
    let before = runs
        .iter()
        .filter(|r| {
            close(r.size, 16.0, 0.01)
                && !r.rotated
                && (r.page, r.y) < (first_header.page, first_header.y)
        })
        .max_by(|a, b| (a.page, a.y).partial_cmp(&(b.page, b.y)).unwrap())?;
    if before.page < first_header.page {
        // What had to go together: the header and the first row, or, when that row is the last,
        // the row and the closing under it (the 署名's lines, 三号).
        let page = first_header.page;
        let (_, rules) = items(doc);
        let first_row = runs
            .iter()
            .find(|r| r.page == page && is_cell(r) && r.text == "1")?;
        let second_row = runs
            .iter()
            .any(|r| r.page == page && is_cell(r) && r.text == "2");
        let end = if second_row {
            rules
                .iter()
                .filter(|r| r.page == page && close(r.y0, r.y1, 0.01) && r.y0 > first_row.y)
                .map(|r| r.y0)
                .fold(f64::MAX, f64::min)
        } else {
            runs.iter()
                .filter(|r| r.page == page && close(r.size, 16.0, 0.01) && !r.rotated)
                .map(|r| r.y + 2.0)
                .fold(first_row.y, f64::max)
        };
        // From the header's top rule, and half a line between the text and the table.
        let top = rules
            .iter()
            .filter(|r| r.page == page && close(r.y0, r.y1, 0.01) && r.y0 < first_header.y)
            .map(|r| r.y0)
            .fold(f64::MIN, f64::max);
        let needed = end - top + super::PITCH / 2.0;
        let size = doc.pages()[before.page].frame.size();
        let foot = if size.x > size.y {
            27.0 + 156.0
        } else {
            37.0 + 225.0
        };
        // The text's last line box ends 3 mm under its baseline.
        let room = foot - (before.y + 3.0);
        if room > needed + 1.0 {
            return Some(format!(
                "the text ends on page {} {room:.0} mm above the foot, the table starts on page {} \
                 though its header and first row take {needed:.0} mm",
                before.page + 1,
                first_header.page + 1
            ));
        }
    }
    None
}
