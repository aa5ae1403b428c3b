//! Shapes (lines, rectangles, curves) as `PathObject`s with their fill, stroke, width, caps,
//! joins, dashes and `MiterLimit` (readers' defaults differ: 3.528 and 4.234; Typst's is 4).

use typst::layout::{Abs, Point};
use typst::visualize::{CurveItem, FillRule, Geometry, LineCap, LineJoin, Shape};

use super::geometry::{Rect, length, mm, number};
use super::options::OfdError;
use super::units::{ObjectSink, State, colour_attributes};

/// Writes `shape`, whose origin is the origin of `state`.
pub fn write(sink: &mut ObjectSink, shape: &Shape, state: State) -> Result<(), OfdError> {
    let stroke = shape
        .stroke
        .as_ref()
        .filter(|stroke| stroke.thickness > Abs::zero());
    if shape.fill.is_none() && stroke.is_none() {
        return Ok(());
    }
    let (commands, points) = path(&shape.geometry);
    let Some(bounds) = Rect::around(points.iter().map(|p| (mm(p.x), mm(p.y)))) else {
        return Ok(());
    };
    // Half the width, times the miter limit for pointed joins, and a millimetre to spare.
    let reach = stroke.map_or(0.0, |s| {
        mm(s.thickness) * s.miter_limit.get().max(1.0) / 2.0
    });
    let Some(placed) = sink.place(state, bounds.grown(reach + 1.0)) else {
        return Ok(());
    };
    let (dx, dy) = placed.offset;
    let data = commands
        .iter()
        .map(|(command, points)| {
            let mut parts = vec![command.to_string()];
            for p in points {
                parts.push(length(mm(p.x) + dx));
                parts.push(length(mm(p.y) + dy));
            }
            parts.join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ");

    let id = sink.resources.ids.next().to_string();
    let mut attributes: Vec<(&str, String)> =
        vec![("ID", id), ("Boundary", placed.boundary.clone())];
    if let Some(ctm) = &placed.ctm {
        attributes.push(("CTM", ctm.clone()));
    }
    match stroke {
        Some(stroke) => {
            attributes.push(("LineWidth", length(mm(stroke.thickness))));
            attributes.push((
                "Cap",
                match stroke.cap {
                    LineCap::Butt => "Butt",
                    LineCap::Round => "Round",
                    LineCap::Square => "Square",
                }
                .to_string(),
            ));
            attributes.push((
                "Join",
                match stroke.join {
                    LineJoin::Miter => "Miter",
                    LineJoin::Round => "Round",
                    LineJoin::Bevel => "Bevel",
                }
                .to_string(),
            ));
            attributes.push(("MiterLimit", number(stroke.miter_limit.get(), 3)));
            if let Some(dash) = &stroke.dash {
                let lengths: Vec<String> = dash.array.iter().map(|l| length(mm(*l))).collect();
                attributes.push(("DashOffset", length(mm(dash.phase))));
                attributes.push(("DashPattern", lengths.join(" ")));
            }
        }
        None => attributes.push(("Stroke", "false".to_string())),
    }
    if shape.fill.is_some() {
        attributes.push(("Fill", "true".to_string()));
        if shape.fill_rule == FillRule::EvenOdd {
            attributes.push(("Rule", "Even-Odd".to_string()));
        }
    }
    let stroke_colour = stroke
        .map(|s| colour_attributes(&s.paint, "line"))
        .transpose()?;
    let fill_colour = shape
        .fill
        .as_ref()
        .map(|paint| colour_attributes(paint, "shape fill"))
        .transpose()?;

    let attributes: Vec<(&str, &str)> = attributes.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let xml = &mut sink.xml;
    xml.open("PathObject", &attributes);
    if let Some(colour) = &stroke_colour {
        xml.empty("StrokeColor", &colour.as_attributes());
    }
    if let Some(colour) = &fill_colour {
        xml.empty("FillColor", &colour.as_attributes());
    }
    xml.text("AbbreviatedData", &[], &data);
    xml.close("PathObject");
    Ok(())
}

/// The path's commands (`M`, `L`, `B` cubic, `C` close) with their points, and every point
/// (control points included, for the boundary).
fn path(geometry: &Geometry) -> (Vec<(char, Vec<Point>)>, Vec<Point>) {
    let commands = match geometry {
        Geometry::Line(target) => vec![('M', vec![Point::zero()]), ('L', vec![*target])],
        Geometry::Rect(size) => vec![
            ('M', vec![Point::zero()]),
            ('L', vec![Point::with_x(size.x)]),
            ('L', vec![Point::new(size.x, size.y)]),
            ('L', vec![Point::with_y(size.y)]),
            ('C', vec![]),
        ],
        Geometry::Curve(curve) => curve
            .0
            .iter()
            .map(|item| match item {
                CurveItem::Move(p) => ('M', vec![*p]),
                CurveItem::Line(p) => ('L', vec![*p]),
                CurveItem::Cubic(a, b, c) => ('B', vec![*a, *b, *c]),
                CurveItem::Close => ('C', vec![]),
            })
            .collect(),
    };
    let points = commands
        .iter()
        .flat_map(|(_, p)| p.iter().copied())
        .collect();
    (commands, points)
}
