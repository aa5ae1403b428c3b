//! The package around the pages: `OFD.xml` with the document's information, the document's
//! `Document.xml`, its resource files, and the zip that holds them all.
//!
//! ```text
//! OFD.xml                          DocInfo (DocID, Title, Author, CreationDate, Creator), DocRoot
//! Doc_0/Document.xml               MaxUnitID, PageArea, PublicRes, DocumentRes, the pages
//! Doc_0/PublicRes.xml              drawing parameters and fonts (files in Res/)
//! Doc_0/DocumentRes.xml            images (files in Res/), when there are any
//! Doc_0/Pages/Page_N/Content.xml   one Body layer per page
//! Doc_0/Res/font_N.otf|ttf, image_N.png|jpg
//! ```
//!
//! The `DocID` is the first 128 bits of a SHA-256 over every other file of the package, and
//! the zip entries carry a fixed time stamp, so the same pages give the same bytes.

use std::io::{Cursor, Write};

use sha2::{Digest, Sha256};
use typst::foundations::Smart;
use typst::layout::{Size, Transform};
use typst::model::Document;
use typst::visualize::Geometry;
use typst_layout::PagedDocument;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::content;
use super::geometry::{Placement, length, mm};
use super::options::{OfdError, OfdOptions};
use super::resources::Resources;
use super::shape;
use super::units::{ObjectSink, State};
use super::xml::Xml;

/// The folder of the one document in the package.
const DOC: &str = "Doc_0";

/// Writes the package of `document`.
pub fn write(document: &PagedDocument, options: &OfdOptions) -> Result<Vec<u8>, OfdError> {
    let mut resources = Resources::default();
    let mut pages: Vec<(u32, Vec<u8>)> = Vec::new();
    for page in document.pages() {
        let page_id = resources.ids.next();
        let mut xml = Xml::new("Page", &[]);
        xml.open("Area", &[]);
        xml.text("PhysicalBox", &[], &physical_box(page.frame.size()));
        xml.close("Area");
        xml.open("Content", &[]);
        let layer = resources.ids.next().to_string();
        xml.open("Layer", &[("ID", layer.as_str()), ("Type", "Body")]);
        let mut sink = ObjectSink {
            xml,
            resources: &mut resources,
        };
        let state = State {
            placement: Placement(Transform::identity()),
            clip: None,
        };
        if let Smart::Custom(Some(paint)) = &page.fill {
            let background = Geometry::Rect(page.frame.size()).filled(paint.clone());
            shape::write(&mut sink, &background, state)?;
        }
        content::write_frame(&mut sink, &page.frame, state)?;
        let mut xml = sink.xml;
        xml.close("Layer");
        xml.close("Content");
        pages.push((page_id, xml.finish("Page")));
    }

    let page_area = document.pages().first().map_or_else(
        || "0 0 210 297".to_string(),
        |p| physical_box(p.frame.size()),
    );
    let draw_params = resources.draw_params();
    let max_id = resources.ids.max();
    let fonts = resources.fonts.into_files()?;
    let media = resources.media.into_files();

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut document_xml = Xml::new("Document", &[]);
    document_xml.open("CommonData", &[]);
    document_xml.text("MaxUnitID", &[], &max_id.to_string());
    document_xml.open("PageArea", &[]);
    document_xml.text("PhysicalBox", &[], &page_area);
    document_xml.close("PageArea");
    document_xml.text("PublicRes", &[], "PublicRes.xml");
    if !media.is_empty() {
        document_xml.text("DocumentRes", &[], "DocumentRes.xml");
    }
    document_xml.close("CommonData");
    document_xml.open("Pages", &[]);
    for (index, (id, _)) in pages.iter().enumerate() {
        let id = id.to_string();
        let location = format!("Pages/Page_{index}/Content.xml");
        document_xml.empty(
            "Page",
            &[("ID", id.as_str()), ("BaseLoc", location.as_str())],
        );
    }
    document_xml.close("Pages");
    files.push((
        format!("{DOC}/Document.xml"),
        document_xml.finish("Document"),
    ));

    let mut public = Xml::new("Res", &[("BaseLoc", "Res")]);
    if !draw_params.is_empty() {
        public.open("DrawParams", &[]);
        for (id, width) in &draw_params {
            let id = id.to_string();
            public.empty(
                "DrawParam",
                &[("ID", id.as_str()), ("LineWidth", width.as_str())],
            );
        }
        public.close("DrawParams");
    }
    public.open("Fonts", &[]);
    for font in &fonts {
        let id = font.id.to_string();
        let mut attributes = vec![
            ("ID", id.as_str()),
            ("FontName", font.name.as_str()),
            ("FamilyName", font.family.as_str()),
        ];
        if font.bold {
            attributes.push(("Bold", "true"));
        }
        if font.italic {
            attributes.push(("Italic", "true"));
        }
        public.open("Font", &attributes);
        public.text("FontFile", &[], &font.file_name);
        public.close("Font");
    }
    public.close("Fonts");
    files.push((format!("{DOC}/PublicRes.xml"), public.finish("Res")));

    if !media.is_empty() {
        let mut res = Xml::new("Res", &[("BaseLoc", "Res")]);
        res.open("MultiMedias", &[]);
        for image in &media {
            let id = image.id.to_string();
            res.open(
                "MultiMedia",
                &[
                    ("ID", id.as_str()),
                    ("Type", "Image"),
                    ("Format", image.format),
                ],
            );
            res.text("MediaFile", &[], &image.file_name);
            res.close("MultiMedia");
        }
        res.close("MultiMedias");
        files.push((format!("{DOC}/DocumentRes.xml"), res.finish("Res")));
    }
    for (index, (_, content)) in pages.into_iter().enumerate() {
        files.push((format!("{DOC}/Pages/Page_{index}/Content.xml"), content));
    }
    for font in fonts {
        files.push((format!("{DOC}/Res/{}", font.file_name), font.bytes));
    }
    for image in media {
        files.push((format!("{DOC}/Res/{}", image.file_name), image.bytes));
    }

    let ofd_xml = ofd_xml(document, options, &doc_id(&files));
    zip(std::iter::once(("OFD.xml".to_string(), ofd_xml)).chain(files))
}

/// `OFD.xml`: the document's information and where its root is.
fn ofd_xml(document: &PagedDocument, options: &OfdOptions, doc_id: &str) -> Vec<u8> {
    let info = document.info();
    let mut xml = Xml::new(
        "OFD",
        &[("Version", "1.0"), ("DocType", options.doc_type.as_str())],
    );
    xml.open("DocBody", &[]);
    xml.open("DocInfo", &[]);
    xml.text("DocID", &[], doc_id);
    if let Some(title) = &info.title {
        xml.text("Title", &[], title);
    }
    if !info.author.is_empty() {
        let authors: Vec<&str> = info.author.iter().map(|a| a.as_str()).collect();
        xml.text("Author", &[], &authors.join("、"));
    }
    let own_date = match &info.date {
        Smart::Custom(Some(date)) => match (date.year(), date.month(), date.day()) {
            (Some(y), Some(m), Some(d)) => Some(format!("{y:04}-{m:02}-{d:02}")),
            _ => None,
        },
        _ => None,
    };
    let date = own_date.or_else(|| {
        options
            .creation_date
            .map(|d| d.format("%Y-%m-%d").to_string())
    });
    if let Some(date) = date {
        xml.text("CreationDate", &[], &date);
    }
    xml.text("Creator", &[], "xuncha");
    xml.text("CreatorVersion", &[], env!("CARGO_PKG_VERSION"));
    xml.close("DocInfo");
    xml.text("DocRoot", &[], &format!("{DOC}/Document.xml"));
    xml.close("DocBody");
    xml.finish("OFD")
}

/// 32 hex digits of a SHA-256 over the names and bytes of `files`.
fn doc_id(files: &[(String, Vec<u8>)]) -> String {
    let mut hasher = Sha256::new();
    for (name, bytes) in files {
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `"0 0 w h"` in mm for a page of `size`.
fn physical_box(size: Size) -> String {
    format!("0 0 {} {}", length(mm(size.x)), length(mm(size.y)))
}

/// The zip of `files` in the order given: XML and fonts compressed, images stored (they are
/// compressed already), every entry with the same fixed time stamp.
fn zip(files: impl IntoIterator<Item = (String, Vec<u8>)>) -> Result<Vec<u8>, OfdError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in files {
        let stored = name.ends_with(".png") || name.ends_with(".jpg");
        let method = if stored {
            CompressionMethod::Stored
        } else {
            CompressionMethod::Deflated
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .last_modified_time(DateTime::default());
        zip.start_file(name, options)?;
        zip.write_all(&bytes).map_err(zip::result::ZipError::Io)?;
    }
    Ok(zip.finish()?.into_inner())
}
