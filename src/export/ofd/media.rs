//! The images of a document as OFD multimedia resources.
//!
//! PNG and JPEG images are embedded as they are. OFD has no vector image format, so any other
//! image — above all the SVG seals — is rasterised by typst-render (the renderer of xuncha's
//! PNG output) to an RGBA PNG at [`PRINT_DPI`] for the size it is shown at: a 42 mm seal
//! becomes 496 × 496 pixels, transparent where the SVG is, so the text below shows through.

use std::collections::HashMap;

use typst::foundations::{Content, Smart};
use typst::layout::{Frame, FrameItem, Point, Sides, Size};
use typst::syntax::Span;
use typst::utils::Scalar;
use typst::visualize::{ExchangeFormat, Image, ImageKind, RasterFormat};
use typst_layout::Page;

use super::ids::Ids;

/// Resolution at which images without a raster form are rasterised: print quality.
pub const PRINT_DPI: f64 = 300.0;

/// An image as the package embeds it.
pub struct MediaFile {
    /// Its resource id.
    pub id: u32,
    /// `Format`: `PNG` or `JPEG`.
    pub format: &'static str,
    /// File name inside `Res/`, e.g. `image_5.png`.
    pub file_name: String,
    /// The image file.
    pub bytes: Vec<u8>,
}

/// The images used so far.
#[derive(Default)]
pub struct Media {
    files: Vec<MediaFile>,
    index: HashMap<(Image, Option<(u32, u32)>), usize>,
}

impl Media {
    /// The resource id of `image` shown at `size`, embedding it when it is first used.
    pub fn id(&mut self, image: &Image, size: Size, ids: &mut Ids) -> u32 {
        let original = match image.kind() {
            ImageKind::Raster(raster) => match raster.format() {
                RasterFormat::Exchange(ExchangeFormat::Png) => Some(("PNG", "png")),
                RasterFormat::Exchange(ExchangeFormat::Jpg) => Some(("JPEG", "jpg")),
                _ => None,
            },
            _ => None,
        };
        let pixels = original.is_none().then(|| pixel_size(size));
        let key = (image.clone(), pixels);
        if let Some(&index) = self.index.get(&key) {
            return self.files[index].id;
        }
        let id = ids.next();
        let file = match (original, image.kind()) {
            (Some((format, extension)), ImageKind::Raster(raster)) => MediaFile {
                id,
                format,
                file_name: format!("image_{id}.{extension}"),
                bytes: raster.data().as_slice().to_vec(),
            },
            _ => MediaFile {
                id,
                format: "PNG",
                file_name: format!("image_{id}.png"),
                bytes: rasterise(image, size),
            },
        };
        self.files.push(file);
        self.index.insert(key, self.files.len() - 1);
        id
    }

    /// Every embedded image, in the order they were first used.
    pub fn into_files(self) -> Vec<MediaFile> {
        self.files
    }
}

/// Pixels of an image shown at `size`, at print resolution.
fn pixel_size(size: Size) -> (u32, u32) {
    let pixels = |length: typst::layout::Abs| (length.to_inches() * PRINT_DPI).round().max(1.0);
    (pixels(size.x) as u32, pixels(size.y) as u32)
}

/// `image` drawn by typst-render at `size` on a transparent canvas, as a PNG.
fn rasterise(image: &Image, size: Size) -> Vec<u8> {
    let mut frame = Frame::hard(size);
    frame.push(
        Point::zero(),
        FrameItem::Image(image.clone(), size, Span::detached()),
    );
    let page = Page {
        frame,
        bleed: Sides::splat(typst::layout::Abs::zero()),
        fill: Smart::Custom(None),
        numbering: None,
        supplement: Content::empty(),
        number: 1,
    };
    let options = typst_render::RenderOptions {
        pixel_per_pt: Scalar::new(PRINT_DPI / 72.0),
        render_bleed: false,
    };
    typst_render::render(&page, &options)
        .encode_png()
        .expect("encoding a rendered image as PNG cannot fail")
}
