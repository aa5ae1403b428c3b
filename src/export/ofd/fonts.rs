//! The fonts of a document: each font the pages use gets one resource id, its glyphs are
//! renumbered as they are met, and the font is embedded as a subset that keeps a cmap.
//!
//! Subsetting is done by `subsetter` (the subsetter typst-pdf uses): it handles TrueType and
//! CFF outlines alike — three bundled fonts are CFF — but it writes only the tables a PDF
//! needs and drops `cmap` and `OS/2`. OFD readers that do not honour `CGTransform` map the
//! Unicode text through the font's cmap, and searching and copying need it too, so a new cmap
//! (formats 4 and 12, built by `write-fonts`) maps every code point that the original cmap
//! maps to a kept glyph onto that glyph's new id, and the original `OS/2` is copied back.
//! (`skera`, the fontations subsetter, keeps the cmap but, in 0.9, has no CFF subsetting: it
//! drops the `CFF ` table, leaving the outlines out, or passes it through whole.)

use std::collections::{BTreeMap, HashMap};

use skrifa::MetadataProvider;
use skrifa::raw::{FontRef, TableProvider};
use subsetter::GlyphRemapper;
use typst::text::Font;
use write_fonts::FontBuilder;
use write_fonts::tables::cmap::Cmap;
use write_fonts::types::{GlyphId, Tag};

use super::ids::Ids;
use super::options::OfdError;

/// A font as the package embeds it.
pub struct FontFile {
    /// Its resource id.
    pub id: u32,
    /// `FontName`: the PostScript name, or the family when there is none.
    pub name: String,
    /// `FamilyName`.
    pub family: String,
    /// Whether the face is bold (weight 600 or more).
    pub bold: bool,
    /// Whether the face is italic or oblique.
    pub italic: bool,
    /// File name inside `Res/`, e.g. `font_3.otf`.
    pub file_name: String,
    /// The subset font.
    pub bytes: Vec<u8>,
}

/// The fonts used so far and the glyphs used of each.
#[derive(Default)]
pub struct Fonts {
    used: Vec<UsedFont>,
    index: HashMap<Font, usize>,
}

struct UsedFont {
    id: u32,
    font: Font,
    glyphs: GlyphRemapper,
    /// The glyph (original id) that first drew each character on its own: the cmap's own
    /// glyph, or a `locl` or `calt` form (the Chinese 一字线 of Noto, Zhuque's joined ——).
    drawn_alone: BTreeMap<char, u16>,
}

impl Fonts {
    /// The resource id of `font`, giving it one when it is first used.
    pub fn id(&mut self, font: &Font, ids: &mut Ids) -> u32 {
        let index = self.index_of(font, ids);
        self.used[index].id
    }

    /// The id `glyph` of `font` has in the embedded subset.
    pub fn glyph(&mut self, font: &Font, glyph: u16, ids: &mut Ids) -> u16 {
        let index = self.index_of(font, ids);
        self.used[index].glyphs.remap(glyph)
    }

    /// Notes that `c` was drawn alone by `glyph` of `font`: when the glyph the font's cmap gives
    /// `c` is used nowhere (a substituted form drew it), the embedded cmap maps `c` to this one.
    pub fn drawn(&mut self, font: &Font, c: char, glyph: u16, ids: &mut Ids) {
        let index = self.index_of(font, ids);
        self.used[index].drawn_alone.entry(c).or_insert(glyph);
    }

    fn index_of(&mut self, font: &Font, ids: &mut Ids) -> usize {
        if let Some(&index) = self.index.get(font) {
            return index;
        }
        self.used.push(UsedFont {
            id: ids.next(),
            font: font.clone(),
            glyphs: GlyphRemapper::new(),
            drawn_alone: BTreeMap::new(),
        });
        self.index.insert(font.clone(), self.used.len() - 1);
        self.used.len() - 1
    }

    /// Every used font as an embedded subset, in the order they were first used.
    pub fn into_files(self) -> Result<Vec<FontFile>, OfdError> {
        self.used.into_iter().map(embed).collect()
    }
}

fn embed(used: UsedFont) -> Result<FontFile, OfdError> {
    let info = used.font.info();
    let family = info.family.clone();
    let name = used
        .font
        .post_script_name()
        .unwrap_or_else(|| family.clone());
    let bytes =
        subset_keeping_cmap(&used.font, &used.glyphs, &used.drawn_alone).map_err(|reason| {
            OfdError::Font {
                family: family.clone(),
                reason,
            }
        })?;
    let extension = if FontRef::new(&bytes).is_ok_and(|f| f.cff().is_ok()) {
        "otf"
    } else {
        "ttf"
    };
    Ok(FontFile {
        id: used.id,
        bold: info.variant.weight.to_number() >= 600,
        italic: info.variant.style != typst::text::FontStyle::Normal,
        file_name: format!("font_{}.{extension}", used.id),
        name,
        family,
        bytes,
    })
}

/// The subset of `font` with the glyphs of `glyphs` (renumbered as `glyphs` says), with a cmap
/// for every code point the original maps to a kept glyph (else to the glyph
/// that drew it), and the original `OS/2`.
fn subset_keeping_cmap(
    font: &Font,
    glyphs: &GlyphRemapper,
    drawn_alone: &BTreeMap<char, u16>,
) -> Result<Vec<u8>, String> {
    let data = font.data().as_slice();
    let subset = subsetter::subset(data, font.index(), glyphs)
        .map_err(|e| format!("subsetting failed: {e}"))?;
    let original =
        FontRef::from_index(data, font.index()).map_err(|e| format!("cannot read font: {e}"))?;
    // One glyph per code point, as in the original's best Unicode subtable.
    let mut mappings: BTreeMap<char, GlyphId> = original
        .charmap()
        .mappings()
        .filter_map(|(code_point, old)| {
            let new = glyphs.get(u16::try_from(old.to_u32()).ok()?)?;
            Some((char::from_u32(code_point)?, GlyphId::new(u32::from(new))))
        })
        .collect();
    for (&c, &old) in drawn_alone {
        if let (false, Some(new)) = (mappings.contains_key(&c), glyphs.get(old)) {
            mappings.insert(c, GlyphId::new(u32::from(new)));
        }
    }
    let cmap = Cmap::from_mappings(mappings).map_err(|e| format!("cannot build cmap: {e}"))?;
    let subset_ref =
        FontRef::new(&subset).map_err(|e| format!("the subset does not parse: {e}"))?;
    let mut builder = FontBuilder::new();
    builder
        .add_table(&cmap)
        .map_err(|e| format!("cannot write cmap: {e}"))?;
    let os2 = Tag::new(b"OS/2");
    if let Some(table) = original.table_data(os2) {
        builder.add_raw(os2, table.as_bytes().to_vec());
    }
    builder.copy_missing_tables(subset_ref);
    Ok(builder.build())
}
