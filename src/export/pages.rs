//! Single pages as images: PNG at a resolution, SVG.

use typst_layout::PagedDocument;

/// Each page as a PNG at `dpi` dots per inch.
pub fn png_pages(typeset: &PagedDocument, dpi: f32) -> Vec<Vec<u8>> {
    (0..typeset.pages().len())
        .filter_map(|index| png_page(typeset, index, dpi))
        .collect()
}

/// The page at 0-based `index` as a PNG, if there is such a page.
pub fn png_page(typeset: &PagedDocument, index: usize, dpi: f32) -> Option<Vec<u8>> {
    let page = typeset.pages().get(index)?;
    let options = typst_render::RenderOptions {
        pixel_per_pt: typst::utils::Scalar::new(f64::from(dpi) / 72.0),
        ..Default::default()
    };
    let png = typst_render::render(page, &options)
        .encode_png()
        .expect("encoding a rendered page as PNG cannot fail");
    Some(png)
}

/// The page at 0-based `index` as an SVG image, if there is such a page.
pub fn svg_page(typeset: &PagedDocument, index: usize) -> Option<String> {
    let page = typeset.pages().get(index)?;
    Some(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
}
