//! The package around the parts: `[Content_Types].xml`, the relationships, the document
//! properties, `word/settings.xml`, and the zip, written with fixed time stamps in a fixed
//! order so that the same input gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::xml::{W_NAMESPACE, Xml};

/// The relationship ids of `word/_rels/document.xml.rels`, fixed: no counter is shared
/// between documents or threads.
pub mod rel {
    /// `styles.xml`.
    pub const STYLES: &str = "rId1";
    /// `settings.xml`.
    pub const SETTINGS: &str = "rId2";
    /// `fontTable.xml`.
    pub const FONT_TABLE: &str = "rId3";
    /// `numbering.xml`.
    pub const NUMBERING: &str = "rId4";
    /// Odd pages' footer (`default`).
    pub const FOOTER_ODD: &str = "rId5";
    /// Even pages' footer.
    pub const FOOTER_EVEN: &str = "rId6";
    /// A letter's first-page footer.
    pub const FOOTER_FIRST: &str = "rId7";
    /// A letter's first-page header.
    pub const HEADER_FIRST: &str = "rId8";
    /// The seal picture.
    pub const SEAL: &str = "rId9";
    /// Odd landscape pages' footer.
    pub const FOOTER_LANDSCAPE_ODD: &str = "rId10";
    /// Even landscape pages' footer.
    pub const FOOTER_LANDSCAPE_EVEN: &str = "rId11";
}

/// A part of the package: its name and bytes.
pub struct Part {
    /// The path inside the zip, e.g. `word/document.xml`.
    pub name: &'static str,
    /// The content.
    pub bytes: Vec<u8>,
}

/// The parts of `word/` that the document refers to besides itself.
pub struct WordParts {
    /// Whether the letter's first-page header and footer are there.
    pub letter: bool,
    /// Whether the seal picture is there.
    pub seal: bool,
    /// Whether the landscape pages' footers are there.
    pub landscape: bool,
}

/// `[Content_Types].xml`.
pub fn content_types(parts: &WordParts) -> Vec<u8> {
    const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    let mut x = Xml::new();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    );
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    );
    x.empty(
        "Default",
        &[("Extension", "png"), ("ContentType", "image/png")],
    );
    let mut overrides = vec![
        ("/word/document.xml", format!("{WML}document.main+xml")),
        ("/word/styles.xml", format!("{WML}styles+xml")),
        ("/word/settings.xml", format!("{WML}settings+xml")),
        ("/word/fontTable.xml", format!("{WML}fontTable+xml")),
        ("/word/numbering.xml", format!("{WML}numbering+xml")),
        ("/word/footer1.xml", format!("{WML}footer+xml")),
        ("/word/footer2.xml", format!("{WML}footer+xml")),
    ];
    if parts.letter {
        overrides.push(("/word/footer3.xml", format!("{WML}footer+xml")));
        overrides.push(("/word/header1.xml", format!("{WML}header+xml")));
    }
    if parts.landscape {
        overrides.push(("/word/footer4.xml", format!("{WML}footer+xml")));
        overrides.push(("/word/footer5.xml", format!("{WML}footer+xml")));
    }
    overrides.push((
        "/docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
    ));
    overrides.push((
        "/docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
    ));
    for (name, kind) in &overrides {
        x.empty(
            "Override",
            &[("PartName", *name), ("ContentType", kind.as_str())],
        );
    }
    x.close("Types");
    x.finish()
}

const RELS_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// `_rels/.rels`.
pub fn package_rels() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", RELS_NS)]);
    let rels = [
        (
            "rId1",
            format!("{OFFICE_REL}officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{OFFICE_REL}extended-properties"),
            "docProps/app.xml",
        ),
    ];
    for (id, kind, target) in &rels {
        x.empty(
            "Relationship",
            &[("Id", *id), ("Type", kind.as_str()), ("Target", *target)],
        );
    }
    x.close("Relationships");
    x.finish()
}

/// `word/_rels/document.xml.rels`.
pub fn document_rels(parts: &WordParts) -> Vec<u8> {
    let mut rels = vec![
        (rel::STYLES, "styles", "styles.xml"),
        (rel::SETTINGS, "settings", "settings.xml"),
        (rel::FONT_TABLE, "fontTable", "fontTable.xml"),
        (rel::NUMBERING, "numbering", "numbering.xml"),
        (rel::FOOTER_ODD, "footer", "footer1.xml"),
        (rel::FOOTER_EVEN, "footer", "footer2.xml"),
    ];
    if parts.letter {
        rels.push((rel::FOOTER_FIRST, "footer", "footer3.xml"));
        rels.push((rel::HEADER_FIRST, "header", "header1.xml"));
    }
    if parts.seal {
        rels.push((rel::SEAL, "image", "media/seal.png"));
    }
    if parts.landscape {
        rels.push((rel::FOOTER_LANDSCAPE_ODD, "footer", "footer4.xml"));
        rels.push((rel::FOOTER_LANDSCAPE_EVEN, "footer", "footer5.xml"));
    }
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", RELS_NS)]);
    for (id, kind, target) in &rels {
        x.empty(
            "Relationship",
            &[
                ("Id", *id),
                ("Type", &format!("{OFFICE_REL}{kind}")),
                ("Target", *target),
            ],
        );
    }
    x.close("Relationships");
    x.finish()
}

/// `docProps/core.xml`: title, author, and the 成文日期 as the creation date (so the bytes do
/// not depend on the clock).
pub fn core_properties(title: &str, author: &str, date: Option<&str>) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.element("dc:title", &[], title);
    x.element("dc:creator", &[], author);
    x.element("dc:language", &[], "zh-CN");
    if let Some(date) = date {
        let stamp = format!("{date}T00:00:00Z");
        x.element("dcterms:created", &[("xsi:type", "dcterms:W3CDTF")], &stamp);
        x.element(
            "dcterms:modified",
            &[("xsi:type", "dcterms:W3CDTF")],
            &stamp,
        );
    }
    x.close("cp:coreProperties");
    x.finish()
}

/// `docProps/app.xml`.
pub fn app_properties() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    );
    x.element("Application", &[], "xuncha");
    x.close("Properties");
    x.finish()
}

/// `word/settings.xml`: margins mirrored for duplex printing (the 订口 is `left` in each
/// section), odd and even page footers [25], punctuation not compressed (each character keeps
/// its cell on the grid), a line ended by a line break inside a justified paragraph not spread
/// over the width (`doNotExpandShiftReturn`, which LibreOffice reads too), Word 2013+ layout.
pub fn settings() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:settings", W_NAMESPACE);
    x.empty("w:mirrorMargins", &[]);
    x.empty("w:defaultTabStop", &[("w:val", "420")]);
    x.empty("w:evenAndOddHeaders", &[]);
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    x.open("w:compat", &[]);
    x.empty("w:doNotExpandShiftReturn", &[]);
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    );
    x.close("w:compat");
    x.close("w:settings");
    x.finish()
}

/// The zip: parts in the order given, deflated, every time stamp 1980-01-01 00:00.
pub fn zip(parts: Vec<Part>) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for part in parts {
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default());
        zip.start_file(part.name, options)?;
        zip.write_all(&part.bytes)
            .map_err(zip::result::ZipError::Io)?;
    }
    Ok(zip.finish()?.into_inner())
}
