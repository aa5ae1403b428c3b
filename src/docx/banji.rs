//! 版记 [22–24]: 抄送 and 印发机关/日期 in 四号仿宋 between rules, thick first and last and thin
//! between, kept together one blank line under the text. The 信函格式 has neither the 印发 line
//! nor the rules.
//!
//! The draft does not pin the 版记 to the foot of an even page as xuncha's layout does: a
//! frame at the foot of the margin (`w:framePr`) lost its rules and its place in LibreOffice,
//! and no frame keeps a page even once the text is edited (README, “Word drafts”).

use crate::model::{Imprint, OrgName};

use super::content::{Block, Border, Para, style};
use super::text::cn_date;
use super::units::{SI, TYPE_WIDTH_MM, twips};

/// The 版记 blocks, or none when the document has neither 抄送 nor 印发.
pub fn banji(cc: &[OrgName], imprint: Option<&Imprint>, with_rules: bool) -> Vec<Block> {
    let one = i64::from(SI) * 10;
    let width = twips(TYPE_WIDTH_MM);
    let mut rows = Vec::new();
    if !cc.is_empty() {
        let names: Vec<&str> = cc.iter().map(|o| o.0.as_str()).collect();
        rows.push(
            Para::styled(Some(style::BANJI), format!("抄送：{}。", names.join("，"))).with(|s| {
                // Wrapped lines align after the colon.
                s.left = Some(4 * one);
                s.first_line = Some(-3 * one);
            }),
        );
    }
    if with_rules && let Some(imprint) = imprint {
        rows.push(
            Para::styled(
                Some(style::BANJI),
                format!("{}\t{}印发", imprint.org_name.0, cn_date(&imprint.date)),
            )
            .with(|s| s.tabs = vec![("right", width - 2 * one)]),
        );
    }
    let count = rows.len();
    let rule = |size| Border {
        style: "single",
        size,
        space: 1,
        red: false,
    };
    // 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt, in eighths of a point.
    let (thick, thin) = (8, 6);
    if rows.is_empty() {
        return Vec::new();
    }
    let blank = Para::blank().with(|s| s.keep_next = true);
    let rows = rows.into_iter().enumerate().map(|(i, para)| {
        Block::Para(para.with(|s| {
            s.keep_next = i + 1 < count;
            s.keep_lines = true;
            if with_rules {
                s.top_border = Some(rule(if i == 0 { thick } else { thin }));
                if i + 1 == count {
                    s.bottom_border = Some(rule(thick));
                }
            }
        }))
    });
    std::iter::once(Block::Para(blank)).chain(rows).collect()
}
