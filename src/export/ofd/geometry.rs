//! Geometry in OFD's terms: millimetres, origin at the top-left, y down (as in Typst), boxes
//! in page space, and the `CTM`s that place an object's own coordinates inside its box.

use typst::layout::{Abs, Point, Transform};

/// Millimetres from a Typst length.
pub fn mm(length: Abs) -> f64 {
    length.to_mm()
}

/// A number as OFD writes it: at most `decimals` decimals, no trailing zeros, no `-0`.
pub fn number(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        &text
    };
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A length in mm, to a thousandth of a millimetre.
pub fn length(value: f64) -> String {
    number(value, 3)
}

/// An axis-aligned box in page millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Rect {
    /// The smallest box around `points` (page millimetres); `None` for no points.
    pub fn around(points: impl IntoIterator<Item = (f64, f64)>) -> Option<Self> {
        points.into_iter().fold(None, |rect: Option<Rect>, (x, y)| {
            Some(match rect {
                None => Rect {
                    x0: x,
                    y0: y,
                    x1: x,
                    y1: y,
                },
                Some(r) => Rect {
                    x0: r.x0.min(x),
                    y0: r.y0.min(y),
                    x1: r.x1.max(x),
                    y1: r.y1.max(y),
                },
            })
        })
    }

    /// The box grown by `margin` on every side.
    pub fn grown(self, margin: f64) -> Self {
        Rect {
            x0: self.x0 - margin,
            y0: self.y0 - margin,
            x1: self.x1 + margin,
            y1: self.y1 + margin,
        }
    }

    /// The part of this box inside `other`; `None` when they do not overlap.
    pub fn intersect(self, other: Rect) -> Option<Self> {
        let rect = Rect {
            x0: self.x0.max(other.x0),
            y0: self.y0.max(other.y0),
            x1: self.x1.min(other.x1),
            y1: self.y1.min(other.y1),
        };
        (rect.x0 < rect.x1 && rect.y0 < rect.y1).then_some(rect)
    }

    /// `Boundary="x y w h"`.
    pub fn boundary(self) -> String {
        format!(
            "{} {} {} {}",
            length(self.x0),
            length(self.y0),
            length(self.x1 - self.x0),
            length(self.y1 - self.y0)
        )
    }
}

/// Where an object sits on the page: the accumulated Typst transform (points, page space).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement(pub Transform);

impl Placement {
    /// A point of the object's own space (points) in page millimetres.
    pub fn page_mm(self, point: Point) -> (f64, f64) {
        let p = point.transform(self.0);
        (mm(p.x), mm(p.y))
    }

    /// The box, in page millimetres, around the object-space box `(x0, y0)–(x1, y1)` (points).
    pub fn page_box(self, x0: Abs, y0: Abs, x1: Abs, y1: Abs) -> Rect {
        Rect::around(
            [(x0, y0), (x1, y0), (x1, y1), (x0, y1)].map(|(x, y)| self.page_mm(Point::new(x, y))),
        )
        .expect("four corners")
    }

    /// Whether the transform only moves (no scaling, rotation or skew).
    pub fn is_translation(self) -> bool {
        let t = self.0;
        t.sx.get() == 1.0 && t.sy.get() == 1.0 && t.kx.get() == 0.0 && t.ky.get() == 0.0
    }

    /// The object's `CTM` inside a `Boundary` whose top-left is `origin`, for object
    /// coordinates in mm scaled by `scale_x`, `scale_y` first (an image's unit square is
    /// scaled to its size).
    pub fn ctm(self, origin: (f64, f64), scale_x: f64, scale_y: f64) -> String {
        let t = self.0;
        let (e, f) = self.page_mm(Point::zero());
        let factors = [
            t.sx.get() * scale_x,
            t.ky.get() * scale_x,
            t.kx.get() * scale_y,
            t.sy.get() * scale_y,
        ];
        let mut parts: Vec<String> = factors.iter().map(|v| number(*v, 6)).collect();
        parts.push(length(e - origin.0));
        parts.push(length(f - origin.1));
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_have_no_trailing_zeros_or_negative_zero() {
        assert_eq!(number(1.5, 3), "1.5");
        assert_eq!(number(2.0, 3), "2");
        assert_eq!(number(-0.0001, 3), "0");
        assert_eq!(number(0.123456, 3), "0.123");
        assert_eq!(number(-12.3456, 2), "-12.35");
    }

    #[test]
    fn a_turned_object_keeps_its_ctm_relative_to_its_box() {
        let turn = Transform::translate(Abs::mm(100.0), Abs::mm(50.0))
            .pre_concat(Transform::rotate(typst::layout::Angle::deg(90.0)));
        let placement = Placement(turn);
        let ctm = placement.ctm((90.0, 40.0), 1.0, 1.0);
        assert_eq!(ctm, "0 1 -1 0 10 10");
        assert!(!placement.is_translation());
    }
}
