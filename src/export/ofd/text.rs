//! Text runs as `TextObject`s: the run's Unicode text with a pen position for every character
//! (`TextCode` `X`, `Y`, `DeltaX`, in mm), and the glyph ids Typst chose (`CGTransform`), so
//! a reader draws exactly the shaped glyphs and can still search and copy the text.
//!
//! Typst gives each glyph the byte range of its cluster in the run's text. A cluster of `m`
//! characters and `k` glyphs becomes one `CGTransform` (`CodeCount` m, `GlyphCount` k);
//! neighbouring one-to-one clusters share one. A reader puts the `j`th glyph of a transform
//! at the pen position of the `j`th character of its code range, so each character is given
//! the position of the glyph it stands for (`x_offset` included, which is how kerning and
//! mark offsets survive); characters beyond the glyphs stay on the last glyph.

use typst::layout::{Abs, Em};
use typst::text::TextItem;

use super::geometry::{Rect, length, mm, number};
use super::options::OfdError;
use super::units::{ObjectSink, State, colour_attributes};

/// One cluster: where its characters are in the text and which glyphs draw them.
struct Cluster {
    chars: usize,
    glyphs: Vec<u16>,
    /// Pen positions (run space, mm) of the cluster's glyphs, `x_offset` and `y_offset` applied.
    positions: Vec<(f64, f64)>,
}

/// Writes `text`, whose baseline starts at the origin of `state`.
pub fn write(sink: &mut ObjectSink, text: &TextItem, state: State) -> Result<(), OfdError> {
    if text.glyphs.is_empty() {
        return Ok(());
    }
    let size = text.size;
    let at = |em: Em| em.at(size);
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut characters = String::new();
    let mut pen = Abs::zero();
    let mut pen_y = Abs::zero();
    let mut previous_range = None;
    let font = text.font.font();
    for glyph in &text.glyphs {
        let position = (
            mm(pen + at(glyph.x_offset)),
            mm(-(pen_y + at(glyph.y_offset))),
        );
        pen += at(glyph.x_advance);
        pen_y += at(glyph.y_advance);
        let id = sink
            .resources
            .fonts
            .glyph(font, glyph.id, &mut sink.resources.ids);
        let range = usize::from(glyph.range.start)..usize::from(glyph.range.end);
        let same_cluster = previous_range.as_ref() == Some(&range);
        // A glyph without text (none in the bundled fonts) joins the cluster before it.
        if let Some(last) = clusters
            .last_mut()
            .filter(|_| same_cluster || range.is_empty())
        {
            last.glyphs.push(id);
            last.positions.push(position);
            continue;
        }
        let cluster_text = text.text.get(range.clone()).unwrap_or_default();
        let mut chars = cluster_text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            sink.resources
                .fonts
                .drawn(font, c, glyph.id, &mut sink.resources.ids);
        }
        characters.push_str(cluster_text);
        clusters.push(Cluster {
            chars: cluster_text.chars().count(),
            glyphs: vec![id],
            positions: vec![position],
        });
        previous_range = Some(range);
    }
    // Characters' pen positions: the glyph each stands for, or the cluster's last glyph.
    let mut pens: Vec<(f64, f64)> = Vec::new();
    for cluster in &clusters {
        for j in 0..cluster.chars {
            pens.push(cluster.positions[j.min(cluster.positions.len() - 1)]);
        }
    }
    let Some(&(x, y)) = pens.first() else {
        return Ok(()); // glyphs but no text: nothing a reader could place
    };

    let em = size.to_mm();
    let stroke_width = text.stroke.as_ref().map_or(0.0, |s| mm(s.thickness));
    // The run ends where the pen stopped or at the last glyph, whichever is further.
    let glyph_extent = clusters
        .iter()
        .flat_map(|c| c.positions.iter())
        .map(|p| p.0 + em)
        .fold(mm(pen), f64::max);
    let local = Rect {
        x0: pens.iter().map(|p| p.0).fold(f64::INFINITY, f64::min) - 0.5 * em,
        y0: -1.25 * em,
        x1: glyph_extent + 0.5 * em,
        y1: 0.5 * em,
    }
    .grown(stroke_width);
    let Some(placed) = sink.place(state, local) else {
        return Ok(()); // clipped away
    };

    let font_id = sink.resources.fonts.id(font, &mut sink.resources.ids);
    let id = sink.resources.ids.next().to_string();
    let font_id = font_id.to_string();
    let size_mm = length(em);
    let mut attributes = vec![
        ("ID", id.as_str()),
        ("Boundary", placed.boundary.as_str()),
        ("Font", font_id.as_str()),
        ("Size", size_mm.as_str()),
    ];
    if let Some(ctm) = &placed.ctm {
        attributes.push(("CTM", ctm.as_str()));
    }
    let stroke = match &text.stroke {
        Some(stroke) if stroke.thickness > Abs::zero() => Some(stroke),
        _ => None,
    };
    let line_width = stroke.map(|s| length(mm(s.thickness)));
    let draw_param = line_width
        .as_ref()
        .map(|width| sink.resources.draw_param(width).to_string());
    if let (Some(width), Some(param)) = (&line_width, &draw_param) {
        attributes.push(("Stroke", "true"));
        attributes.push(("LineWidth", width.as_str()));
        attributes.push(("DrawParam", param.as_str()));
    }
    let fill = colour_attributes(&text.fill, "text fill")?;
    let stroke_colour = stroke
        .map(|s| colour_attributes(&s.paint, "text stroke"))
        .transpose()?;

    let xml = &mut sink.xml;
    xml.open("TextObject", &attributes);
    xml.empty("FillColor", &fill.as_attributes());
    if let Some(colour) = &stroke_colour {
        xml.empty("StrokeColor", &colour.as_attributes());
    }
    let mut code_position = 0;
    let mut pending: Option<(usize, usize, Vec<u16>)> = None; // merged one-to-one clusters
    let flush = |xml: &mut super::xml::Xml, run: (usize, usize, Vec<u16>)| {
        let (position, count, glyphs) = run;
        let position = position.to_string();
        let count_text = count.to_string();
        let glyph_count = glyphs.len().to_string();
        let ids: Vec<String> = glyphs.iter().map(u16::to_string).collect();
        xml.open(
            "CGTransform",
            &[
                ("CodePosition", position.as_str()),
                ("CodeCount", count_text.as_str()),
                ("GlyphCount", glyph_count.as_str()),
            ],
        );
        xml.text("Glyphs", &[], &ids.join(" "));
        xml.close("CGTransform");
    };
    for cluster in &clusters {
        let one_to_one = cluster.chars == 1 && cluster.glyphs.len() == 1;
        match &mut pending {
            Some((_, count, glyphs)) if one_to_one => {
                *count += 1;
                glyphs.push(cluster.glyphs[0]);
            }
            _ => {
                if let Some(run) = pending.take() {
                    flush(xml, run);
                }
                pending = Some((code_position, cluster.chars, cluster.glyphs.clone()));
                if !one_to_one {
                    flush(xml, pending.take().expect("just set"));
                }
            }
        }
        code_position += cluster.chars;
    }
    if let Some(run) = pending.take() {
        flush(xml, run);
    }

    let (offset_x, offset_y) = placed.offset;
    let x_text = length(x + offset_x);
    let y_text = length(y + offset_y);
    let delta_x: Vec<String> = pens
        .windows(2)
        .map(|w| number(w[1].0 - w[0].0, 3))
        .collect();
    let delta_x = delta_x.join(" ");
    let mut code_attributes = vec![("X", x_text.as_str()), ("Y", y_text.as_str())];
    if !delta_x.is_empty() {
        code_attributes.push(("DeltaX", delta_x.as_str()));
    }
    let delta_y: Vec<String> = pens
        .windows(2)
        .map(|w| number(w[1].1 - w[0].1, 3))
        .collect();
    let delta_y = delta_y.join(" ");
    if pens.windows(2).any(|w| w[1].1 != w[0].1) {
        code_attributes.push(("DeltaY", delta_y.as_str()));
    }
    xml.text("TextCode", &code_attributes, &characters);
    xml.close("TextObject");
    Ok(())
}
