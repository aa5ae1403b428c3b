//! A page's content: Typst's frames walked with the accumulated transform, as typst-svg and
//! typst-render walk them, each text run, shape and image written as an OFD graphic unit.
//!
//! Every unit has a `Boundary` in page space and OFD clips drawing to it, so boxes are
//! generous (text: 1.25 em above the baseline, 0.5 em below and beside). A group that clips
//! (Typst's `clip: true`) narrows the boxes of what it holds to its clip's bounding box — a
//! rectangle exactly, a curved clip by its bounding box. Units inside a scaled or turned
//! group carry a `CTM`; the others are placed by their boundary alone.

use typst::layout::{Frame, FrameItem, Size};
use typst::visualize::{Curve, CurveItem, Image};

use super::geometry::{Placement, Rect, mm};
use super::options::OfdError;
use super::units::{ObjectSink, State};
use super::{shape, text};

/// Writes every item of `frame` and of the frames inside it into `sink`.
pub fn write_frame(sink: &mut ObjectSink, frame: &Frame, state: State) -> Result<(), OfdError> {
    for (pos, item) in frame.items() {
        let here = state.at(*pos);
        match item {
            FrameItem::Group(group) => {
                let placement = Placement(here.placement.0.pre_concat(group.transform));
                let clip = match &group.clip {
                    None => state.clip,
                    Some(curve) => {
                        let Some(clip) = curve_box(curve, placement) else {
                            continue; // an empty clip shows nothing
                        };
                        match state.clip {
                            None => Some(clip),
                            Some(outer) => match outer.intersect(clip) {
                                Some(inner) => Some(inner),
                                None => continue,
                            },
                        }
                    }
                };
                write_frame(sink, &group.frame, State { placement, clip })?;
            }
            FrameItem::Text(run) => text::write(sink, run, here)?,
            FrameItem::Shape(shape, _) => shape::write(sink, shape, here)?,
            FrameItem::Image(image, size, _) => write_image(sink, image, *size, here),
            FrameItem::Link(..) | FrameItem::Tag(_) => {}
        }
    }
    Ok(())
}

/// An `ImageObject`: the image fills the unit square, which its `CTM` scales to `size`.
fn write_image(sink: &mut ObjectSink, image: &Image, size: Size, state: State) {
    let local = Rect {
        x0: 0.0,
        y0: 0.0,
        x1: mm(size.x),
        y1: mm(size.y),
    };
    let Some(placed) = sink.place(state, local) else {
        return;
    };
    let resource = sink
        .resources
        .media
        .id(image, size, &mut sink.resources.ids);
    let id = sink.resources.ids.next().to_string();
    let resource = resource.to_string();
    let ctm = state
        .placement
        .ctm((placed.rect.x0, placed.rect.y0), mm(size.x), mm(size.y));
    sink.xml.empty(
        "ImageObject",
        &[
            ("ID", id.as_str()),
            ("Boundary", placed.boundary.as_str()),
            ("CTM", ctm.as_str()),
            ("ResourceID", resource.as_str()),
        ],
    );
}

/// The page box of a clip curve (its points and control points).
fn curve_box(curve: &Curve, placement: Placement) -> Option<Rect> {
    let points = curve.0.iter().flat_map(|item| match item {
        CurveItem::Move(p) | CurveItem::Line(p) => vec![*p],
        CurveItem::Cubic(a, b, c) => vec![*a, *b, *c],
        CurveItem::Close => vec![],
    });
    Rect::around(points.map(|p| placement.page_mm(p)))
}
