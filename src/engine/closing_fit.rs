//! §7.3.5.5 of GB/T 9704: when the 署名 block does not fit under the body, the standard has
//! the 行距 adjusted rather than a page hold a line or two of 正文 and the 署名 alone.
//!
//! The layout library keeps the closing elements (附件说明, 署名/日期/印章, 附注) with the last
//! line of 正文 (`body-with-closing` in `templates/lib/body.typ`), so a closing that does not
//! fit takes a line or more of body text with it to the next page. The library marks every
//! body element with its index and the closing's start and end; [`needed`] reads those marks
//! from a laid-out document and, when the closing stands on a page after the one its body
//! started on, works out how much closer the body of that earlier page must be set for the
//! carried lines and the closing to fit under it. The engine then lays the document out once
//! more with the frame's `closing-fit` argument ([`ClosingFit`]) and keeps that layout only
//! when the closing did move back ([`kept`]).
//!
//! The library bounds the tightening (`closing-fit-lines` in `templates/lib/spec.typ`: the
//! pitch never goes under that of 24 lines in the 版心, 8.3 % under the grid's) and reports
//! that bound in the closing's mark, so a fit it would refuse is never tried. Only the
//! elements that start on that page are set closer: every other page keeps the 22-line grid.

use serde::Serialize;
use typst::foundations::{Dict, Label, Selector, Value};
use typst::introspection::MetadataElem;
use typst::layout::{Frame, FrameItem, Transform};
use typst::utils::PicoStr;
use typst_layout::{PagedDocument, PagedIntrospector};

/// How the body before the closing is set closer: the frame's `closing-fit` argument.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ClosingFit {
    /// The index of the first body element set closer: the first that starts on the page
    /// the closing moves back to.
    pub from: usize,
    /// The tightened pitch over the grid's, under 1 and within the library's bound.
    pub pitch_ratio: f64,
}

/// What the closing's start mark tells, in pt.
struct Grid {
    pitch: f64,
    least_pitch: f64,
    top: f64,
    bottom: f64,
}

/// A mark's page (1-based) and vertical position in pt.
type Place = (usize, f64);

/// How far a tightened pitch may fall under the bound by floating-point rounding, in pt.
const TOLERANCE: f64 = 1e-6;

/// The fit that brings the closing back to the page before it, when the closing stands at the
/// top of a page after a few lines carried over from the page its body started on and the
/// tightening needed stays within the library's bound; `None` when the layout needs none or
/// no allowed tightening would help.
pub fn needed(doc: &PagedDocument) -> Option<ClosingFit> {
    let introspector = doc.introspector();
    let (start, grid) = closing_start(introspector)?;
    let end = single_place(introspector, "xuncha-closing-end")?;
    let (page, _) = start;
    if page < 2 || end.0 != page {
        return None;
    }
    // The first element that starts on the page before, and where.
    let (from, top_of_region) = body_items(introspector)
        .into_iter()
        .filter(|(_, (p, _))| *p == page - 1)
        .min_by_key(|(index, _)| *index)
        .map(|(index, (_, y))| (index, y))?;
    let last_line = lowest_baseline(&doc.pages()[page - 2].frame, &grid)?;
    // The bottom of the line cell the lowest line of that page stands in: the cells run from
    // the region's top (under a first page's 版头 they are off the page's grid).
    let lines_used = ((last_line - top_of_region) / grid.pitch).floor() + 1.0;
    let used_bottom = top_of_region + lines_used * grid.pitch;
    let carried = end.1 - grid.top;
    let needed_height = (used_bottom - top_of_region) + carried;
    let available = grid.bottom - top_of_region;
    let ratio = available / needed_height;
    (ratio < 1.0 && grid.pitch * ratio >= grid.least_pitch - TOLERANCE).then_some(ClosingFit {
        from,
        pitch_ratio: ratio,
    })
}

/// Whether a layout with the fit did what it was for: the closing on the page before the one
/// it stood on, and no more pages than before. The page it left may stay blank, when a 版记
/// must stand on an even page after it: a blank page before the 版记 is the standard's (row
/// 25 numbers neither), a page of a few lines and the 署名 is what §7.3.5.5 is there to avoid.
pub fn kept(before: &PagedDocument, after: &PagedDocument) -> bool {
    let page_of = |doc: &PagedDocument, name| single_place(doc.introspector(), name).map(|p| p.0);
    let (Some(was), Some(start), Some(end)) = (
        page_of(before, "xuncha-closing-start"),
        page_of(after, "xuncha-closing-start"),
        page_of(after, "xuncha-closing-end"),
    ) else {
        return false;
    };
    start + 1 == was && end == start && after.pages().len() <= before.pages().len()
}

/// The places of the elements marked `name`.
fn places(introspector: &PagedIntrospector, name: &str) -> Vec<(Value, Place)> {
    let Some(label) = Label::new(PicoStr::intern(name)) else {
        return Vec::new();
    };
    introspector
        .elements()
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let value = content.to_packed::<MetadataElem>()?.value.clone();
            let position = introspector.position(content.location()?)?;
            Some((value, (position.page.get(), position.point.y.to_pt())))
        })
        .collect()
}

/// The place of the one element marked `name`, if there is exactly one.
fn single_place(introspector: &PagedIntrospector, name: &str) -> Option<Place> {
    match places(introspector, name).as_slice() {
        [(_, place)] => Some(*place),
        _ => None,
    }
}

/// The closing's start and the grid its mark describes.
fn closing_start(introspector: &PagedIntrospector) -> Option<(Place, Grid)> {
    let marks = places(introspector, "xuncha-closing-start");
    let [(Value::Dict(mark), place)] = marks.as_slice() else {
        return None;
    };
    let number = |key: &str| match Dict::get(mark, key).ok()? {
        Value::Float(x) => Some(*x),
        Value::Int(n) => Some(*n as f64),
        _ => None,
    };
    let grid = Grid {
        pitch: number("pitch")?,
        least_pitch: number("least-pitch")?,
        top: number("top")?,
        bottom: number("bottom")?,
    };
    Some((*place, grid))
}

/// The body elements' indices and places.
fn body_items(introspector: &PagedIntrospector) -> Vec<(usize, Place)> {
    places(introspector, "xuncha-body-item")
        .into_iter()
        .filter_map(|(value, place)| match value {
            Value::Int(index) => Some((usize::try_from(index).ok()?, place)),
            _ => None,
        })
        .collect()
}

/// The lowest baseline of text inside the 版心 of a page (page numbers stand under it), in pt.
fn lowest_baseline(frame: &Frame, grid: &Grid) -> Option<f64> {
    let mut lowest: Option<f64> = None;
    visit_text(frame, Transform::identity(), &mut |y| {
        if (grid.top..grid.bottom).contains(&y) {
            lowest = Some(lowest.map_or(y, |l: f64| l.max(y)));
        }
    });
    lowest
}

/// Calls `found` with the page position (pt) of every text run's baseline in `frame`.
fn visit_text(frame: &Frame, ts: Transform, found: &mut impl FnMut(f64)) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let inner = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                visit_text(&group.frame, inner, found);
            }
            FrameItem::Text(_) => found(pos.transform(ts).y.to_pt()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_is_serialized_with_the_names_the_library_reads() {
        let fit = ClosingFit {
            from: 3,
            pitch_ratio: 0.95,
        };
        assert_eq!(
            serde_json::to_value(fit).unwrap(),
            serde_json::json!({"from": 3, "pitch-ratio": 0.95})
        );
    }
}
