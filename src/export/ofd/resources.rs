//! Everything the pages refer to by id: fonts, images and drawing parameters, with the one
//! id sequence of the document.

use std::collections::BTreeMap;

use super::fonts::Fonts;
use super::ids::Ids;
use super::media::Media;

/// The document's resources as the pages are written.
#[derive(Default)]
pub struct Resources {
    /// The id sequence.
    pub ids: Ids,
    /// Fonts and their glyphs.
    pub fonts: Fonts,
    /// Images.
    pub media: Media,
    /// `DrawParam`s by line width: readers that ignore a text object's own `LineWidth` take
    /// the stroke width of outlined text (faux bold) from its drawing parameter.
    draw_params: BTreeMap<String, u32>,
}

impl Resources {
    /// The id of a drawing parameter with line width `width` (mm, as written).
    pub fn draw_param(&mut self, width: &str) -> u32 {
        if let Some(&id) = self.draw_params.get(width) {
            return id;
        }
        let id = self.ids.next();
        self.draw_params.insert(width.to_string(), id);
        id
    }

    /// The drawing parameters as (id, line width), by id.
    pub fn draw_params(&self) -> Vec<(u32, String)> {
        let mut params: Vec<(u32, String)> = self
            .draw_params
            .iter()
            .map(|(width, &id)| (id, width.clone()))
            .collect();
        params.sort();
        params
    }
}
