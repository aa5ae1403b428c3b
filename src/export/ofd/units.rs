//! Where a page's graphic units go ([`ObjectSink`]), how each is placed ([`State`], [`Placed`]:
//! its `Boundary` and `CTM`, clipped), and how it is coloured ([`colour_attributes`]).

use typst::layout::{Abs, Point, Transform};
use typst::visualize::Paint;

use super::geometry::{Placement, Rect, number};
use super::options::OfdError;
use super::resources::Resources;
use super::xml::Xml;

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
    pub fn at(self, pos: Point) -> Self {
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
