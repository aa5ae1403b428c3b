//! A page's content: Typst's frames walked with the accumulated transform, as typst-svg and
//! typst-render walk them, each text run, shape and image written as an OFD graphic unit.
//!
//! Every unit has a `Boundary` in page space and OFD clips drawing to it, so boxes are
//! generous (text: 1.25 em above the baseline, 0.5 em below and beside). A group that clips
//! (Typst's `clip: true`) narrows the boxes of what it holds to its clip's bounding box — a
//! rectangle exactly, a curved clip by its bounding box. Units inside a scaled or turned
//! group carry a `CTM`; the others are placed by their boundary alone.

use typst::layout::{Abs, Frame, FrameItem, Point, Size, Transform};
use typst::visualize::{Curve, CurveItem, Image, Paint};

use super::OfdError;
use super::geometry::{Placement, Rect, mm, number};
use super::resources::Resources;
use super::xml::Xml;
use super::{shape, text};

/// Where the walk is: the transform from the current frame to the page, and the clip box.
#[derive(Debug, Clone, Copy)]
pub struct State {
    /// Current frame → page.
    pub placement: Placement,
    /// What is visible, in page mm; `None` when nothing clips.
    pub clip: Option<Rect>,
}

impl State {
    /// The state of an item at `pos` in the current frame.
    fn at(self, pos: Point) -> Self {
        State {
            placement: Placement(
                self.placement
                    .0
                    .pre_concat(Transform::translate(pos.x, pos.y)),
            ),
            ..self
        }
    }
}

/// A unit's place: its `Boundary`, its `CTM` if it needs one, and what to add to its own
/// coordinates (mm) to make them relative to the boundary when it has no `CTM`.
pub struct Placed {
    /// The boundary in page mm.
    pub rect: Rect,
    /// `Boundary="x y w h"`.
    pub boundary: String,
    /// `CTM`, for scaled, turned or skewed units.
    pub ctm: Option<String>,
    /// Offset from the unit's own origin to the boundary's top-left, in mm.
    pub offset: (f64, f64),
}

/// Where the units of one page go, with the document's resources.
pub struct ObjectSink<'a> {
    /// The page's `Content.xml`, inside its layer.
    pub xml: Xml,
    /// Fonts, images, drawing parameters and ids.
    pub resources: &'a mut Resources,
}

impl ObjectSink<'_> {
    /// Places a unit whose own box (mm, relative to the origin of `state`) is `local`;
    /// `None` when the clip hides it entirely.
    pub fn place(&self, state: State, local: Rect) -> Option<Placed> {
        let placement = state.placement;
        let page = placement.page_box(
            Abs::mm(local.x0),
            Abs::mm(local.y0),
            Abs::mm(local.x1),
            Abs::mm(local.y1),
        );
        let rect = match state.clip {
            Some(clip) => page.intersect(clip)?,
            None => page,
        };
        let (ctm, offset) = if placement.is_translation() {
            let (x, y) = placement.page_mm(Point::zero());
            (None, (x - rect.x0, y - rect.y0))
        } else {
            (
                Some(placement.ctm((rect.x0, rect.y0), 1.0, 1.0)),
                (0.0, 0.0),
            )
        };
        Some(Placed {
            rect,
            boundary: rect.boundary(),
            ctm,
            offset,
        })
    }

    /// Writes every item of `frame` and of the frames inside it.
    pub fn frame(&mut self, frame: &Frame, state: State) -> Result<(), OfdError> {
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
                    self.frame(&group.frame, State { placement, clip })?;
                }
                FrameItem::Text(run) => text::write(self, run, here)?,
                FrameItem::Shape(shape, _) => shape::write(self, shape, here)?,
                FrameItem::Image(image, size, _) => self.image(image, *size, here),
                FrameItem::Link(..) | FrameItem::Tag(_) => {}
            }
        }
        Ok(())
    }

    /// An `ImageObject`: the image fills the unit square, which its `CTM` scales to `size`.
    fn image(&mut self, image: &Image, size: Size, state: State) {
        let local = Rect {
            x0: 0.0,
            y0: 0.0,
            x1: mm(size.x),
            y1: mm(size.y),
        };
        let Some(placed) = self.place(state, local) else {
            return;
        };
        let resource = self
            .resources
            .media
            .id(image, size, &mut self.resources.ids);
        let id = self.resources.ids.next().to_string();
        let resource = resource.to_string();
        let ctm = state
            .placement
            .ctm((placed.rect.x0, placed.rect.y0), mm(size.x), mm(size.y));
        self.xml.empty(
            "ImageObject",
            &[
                ("ID", id.as_str()),
                ("Boundary", placed.boundary.as_str()),
                ("CTM", ctm.as_str()),
                ("ResourceID", resource.as_str()),
            ],
        );
    }
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

/// A colour as OFD's `Value="r g b"` (sRGB, 0–255) and `Alpha` when not opaque.
pub struct Colour {
    value: String,
    alpha: Option<String>,
}

impl Colour {
    /// The attributes of a `FillColor` or `StrokeColor`.
    pub fn as_attributes(&self) -> Vec<(&str, &str)> {
        let mut attributes = vec![("Value", self.value.as_str())];
        if let Some(alpha) = &self.alpha {
            attributes.push(("Alpha", alpha.as_str()));
        }
        attributes
    }
}

/// The colour of a solid paint; gradients and tilings have no OFD form here and are an error
/// naming `what` was painted with them.
pub fn colour_attributes(paint: &Paint, what: &str) -> Result<Colour, OfdError> {
    let Paint::Solid(colour) = paint else {
        return Err(OfdError::Unsupported(format!(
            "{what}: gradient and tiling paints cannot be written to OFD"
        )));
    };
    let rgb = colour.to_rgb();
    let byte = |v: f32| number(f64::from((v.clamp(0.0, 1.0) * 255.0).round()), 0);
    let alpha = (rgb.alpha < 1.0).then(|| byte(rgb.alpha));
    Ok(Colour {
        value: format!("{} {} {}", byte(rgb.red), byte(rgb.green), byte(rgb.blue)),
        alpha,
    })
}
