//! The one table of output formats ([`FORMATS`]): name, media type, extension, shape and which
//! standards apply. The command line (`--format`, through [`clap::ValueEnum`]), the server's
//! `format` query parameter, `GET /v1/formats`, the OpenAPI document and the help texts all read
//! it; the engine writes each format (`Compiled::export`).
//!
//! Adding a format is one [`Format`] variant, its entry here, and its writer in the engine's
//! match (see `docs/ARCHITECTURE.md`, “Adding an output format”).

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;
use std::sync::LazyLock;

use clap::ValueEnum;
use clap::builder::{PossibleValue, TypedValueParser};

use crate::export::pdf_standard::PdfStandard;

/// The resolutions a PNG page may be asked for, in dots per inch: below 10 a page is a smudge,
/// above 600 one A4 page takes more than 100 MB.
pub const PNG_DPI: RangeInclusive<f32> = 10.0..=600.0;

/// The resolution of PNG pages when none is asked for.
pub const PNG_DEFAULT_DPI: f32 = 144.0;

/// A PNG resolution as typed (`--dpi`, `?dpi=`), or a message that gives the bounds.
pub fn parse_dpi(text: &str) -> Result<f32, String> {
    text.trim()
        .parse::<f32>()
        .ok()
        .filter(|dpi| PNG_DPI.contains(dpi))
        .ok_or_else(|| {
            format!(
                "dpi 应为 {} 到 {} 之间的数，收到“{text}”",
                PNG_DPI.start(),
                PNG_DPI.end()
            )
        })
}

/// A command-line value parser for `--pdf-standard` that lists the standards in `--help`.
pub fn pdf_standard_parser() -> impl TypedValueParser<Value = PdfStandard> {
    let values: Vec<PossibleValue> = PdfStandard::ALL
        .iter()
        .map(|s| PossibleValue::new(s.as_str()).help(s.description()))
        .collect();
    clap::builder::PossibleValuesParser::new(values).map(|name: String| {
        name.parse::<PdfStandard>()
            .expect("the parser accepts only known names")
    })
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// PDF 1.7; with a PDF standard, PDF/A or PDF/UA.
    #[default]
    Pdf,
    /// OFD (GB/T 33190-2016).
    Ofd,
    /// OFD for archiving (`DocType` OFD-A).
    OfdA,
    /// An editable Word draft (`.docx`), written from the document rather than its pages.
    Docx,
    /// One PNG per page.
    Png,
    /// One SVG per page.
    Svg,
    /// The document's Typst project: a folder with `main.typ` and the files it imports.
    Typst,
}

/// What a format writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// One file holding the whole document.
    Document,
    /// One file per page.
    Pages,
    /// A folder of files.
    Project,
}

/// A format's entry in the table.
#[derive(Debug)]
pub struct FormatSpec {
    /// The format.
    pub format: Format,
    /// Its name everywhere: `--format NAME`, `?format=NAME`, `/v1/formats`.
    pub name: &'static str,
    /// Media type of the file (of each page's file); none for a folder.
    pub media_type: Option<&'static str>,
    /// File name extension, without the dot; none for a folder.
    pub extension: Option<&'static str>,
    /// One file for the document, one per page, or a folder.
    pub shape: Shape,
    /// Whether a PDF standard (`--pdf-standard`, `?pdf_standard=`) applies.
    pub takes_pdf_standard: bool,
    /// One line for the command line's help.
    pub help: &'static str,
    /// One line for `/v1/formats` and the OpenAPI document, in Chinese like every message.
    pub description: &'static str,
}

/// Every format, in the order they are listed.
pub const FORMATS: &[FormatSpec] = &[
    FormatSpec {
        format: Format::Pdf,
        name: "pdf",
        media_type: Some("application/pdf"),
        extension: Some("pdf"),
        shape: Shape::Document,
        takes_pdf_standard: true,
        help: "PDF 1.7 (with --pdf-standard: PDF/A or PDF/UA)",
        description: "PDF 1.7；加 pdf_standard 时为 PDF/A 或 PDF/UA",
    },
    FormatSpec {
        format: Format::Ofd,
        name: "ofd",
        media_type: Some("application/ofd"),
        extension: Some("ofd"),
        shape: Shape::Document,
        takes_pdf_standard: false,
        help: "OFD (GB/T 33190-2016)",
        description: "OFD（GB/T 33190-2016）",
    },
    FormatSpec {
        format: Format::OfdA,
        name: "ofd-a",
        media_type: Some("application/ofd"),
        extension: Some("ofd"),
        shape: Shape::Document,
        takes_pdf_standard: false,
        help: "OFD for archiving (DocType OFD-A)",
        description: "归档用 OFD（DocType 为 OFD-A）",
    },
    FormatSpec {
        format: Format::Docx,
        name: "docx",
        media_type: Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        extension: Some("docx"),
        shape: Shape::Document,
        takes_pdf_standard: false,
        help: "an editable Word draft for review (the PDF or OFD stays the official copy)",
        description: "可编辑的 Word 草稿（供审签修改；正式文件仍为 PDF 或 OFD）",
    },
    FormatSpec {
        format: Format::Png,
        name: "png",
        media_type: Some("image/png"),
        extension: Some("png"),
        shape: Shape::Pages,
        takes_pdf_standard: false,
        help: "one PNG per page (--dpi)",
        description: "逐页 PNG 图片（page、dpi）",
    },
    FormatSpec {
        format: Format::Svg,
        name: "svg",
        media_type: Some("image/svg+xml"),
        extension: Some("svg"),
        shape: Shape::Pages,
        takes_pdf_standard: false,
        help: "one SVG per page",
        description: "逐页 SVG 图片（page）",
    },
    FormatSpec {
        format: Format::Typst,
        name: "typst",
        media_type: None,
        extension: None,
        shape: Shape::Project,
        takes_pdf_standard: false,
        help: "the document's Typst project: a folder with main.typ and the files it imports",
        description: "文书的 Typst 工程：含 main.typ 及其引用文件的文件夹",
    },
];

impl Format {
    /// Every format, in the table's order.
    pub fn all() -> impl Iterator<Item = Format> {
        FORMATS.iter().map(|spec| spec.format)
    }

    /// The formats of some shapes, in the table's order.
    pub fn of_shapes(shapes: &[Shape]) -> impl Iterator<Item = &'static FormatSpec> {
        FORMATS
            .iter()
            .filter(move |spec| shapes.contains(&spec.shape))
    }

    /// The format's entry in the table.
    pub fn spec(self) -> &'static FormatSpec {
        FORMATS
            .iter()
            .find(|spec| spec.format == self)
            .expect("every format is in the table")
    }

    /// The format's name.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The format named `name` (any case), if it is among `shapes`; otherwise an error that
    /// lists the names that are.
    pub fn parse_among(name: &str, shapes: &[Shape]) -> Result<Self, String> {
        let name = name.trim();
        Format::of_shapes(shapes)
            .find(|spec| spec.name.eq_ignore_ascii_case(name))
            .map(|spec| spec.format)
            .ok_or_else(|| {
                let names: Vec<&str> = Format::of_shapes(shapes).map(|s| s.name).collect();
                format!("未知的格式“{name}”，可选：{}", names.join("、"))
            })
    }

    /// A command-line value parser that takes the formats of `shapes` and lists them in `--help`.
    pub fn value_parser(shapes: &'static [Shape]) -> impl TypedValueParser<Value = Format> {
        let values: Vec<PossibleValue> = Format::of_shapes(shapes)
            .map(|spec| {
                spec.format
                    .to_possible_value()
                    .expect("every format has a name")
            })
            .collect();
        clap::builder::PossibleValuesParser::new(values).map(|name: String| {
            name.parse::<Format>()
                .expect("the parser accepts only the table's names")
        })
    }
}

impl FromStr for Format {
    type Err = String;

    /// The format of any shape named `name` (any case).
    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Format::parse_among(name, &[Shape::Document, Shape::Pages, Shape::Project])
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// `--format` on the command line takes the table's names and shows its help lines.
impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        static VARIANTS: LazyLock<Vec<Format>> = LazyLock::new(|| Format::all().collect());
        &VARIANTS
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        let spec = self.spec();
        Some(PossibleValue::new(spec.name).help(spec.help))
    }
}

/// A file that holds the whole document: a format of shape [`Shape::Document`] and, for PDF,
/// the standard it claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DocumentFormat {
    format: Format,
    pdf_standard: Option<PdfStandard>,
}

impl DocumentFormat {
    /// PDF 1.7.
    pub const PDF: DocumentFormat = DocumentFormat {
        format: Format::Pdf,
        pdf_standard: None,
    };

    /// The editable Word draft.
    pub const DOCX: DocumentFormat = DocumentFormat {
        format: Format::Docx,
        pdf_standard: None,
    };

    /// `format`, claiming `pdf_standard`: an error when the format does not write the whole
    /// document in one file, or takes no standard and one is given.
    pub fn new(format: Format, pdf_standard: Option<PdfStandard>) -> Result<Self, String> {
        let spec = format.spec();
        if spec.shape != Shape::Document {
            return Err(format!("格式“{}”不是整份文书的单个文件", spec.name));
        }
        if pdf_standard.is_some() && !spec.takes_pdf_standard {
            return Err(format!(
                "PDF 标准（pdf_standard）只适用于 PDF 格式，不适用于 {}",
                spec.name
            ));
        }
        Ok(Self {
            format,
            pdf_standard,
        })
    }

    /// The format.
    pub fn format(self) -> Format {
        self.format
    }

    /// The PDF standard claimed, if any.
    pub fn pdf_standard(self) -> Option<PdfStandard> {
        self.pdf_standard
    }

    /// The file name extension.
    pub fn extension(self) -> &'static str {
        self.format
            .spec()
            .extension
            .expect("a document format has an extension")
    }

    /// The media type.
    pub fn media_type(self) -> &'static str {
        self.format
            .spec()
            .media_type
            .expect("a document format has a media type")
    }
}

impl fmt::Display for DocumentFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pdf_standard {
            Some(standard) => write!(f, "{} ({standard})", self.format),
            None => write!(f, "{}", self.format),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_in_the_table_once_and_its_name_reads_back() {
        for format in Format::value_variants() {
            assert_eq!(FORMATS.iter().filter(|s| s.format == *format).count(), 1);
            assert_eq!(format.name().parse::<Format>(), Ok(*format));
            assert_eq!(
                format.name().to_uppercase().parse::<Format>(),
                Ok(*format),
                "names are read in any case"
            );
        }
    }

    #[test]
    fn a_document_format_is_one_file_and_only_pdf_takes_a_standard() {
        assert!(DocumentFormat::new(Format::Pdf, Some(PdfStandard::A2b)).is_ok());
        assert!(DocumentFormat::new(Format::Ofd, Some(PdfStandard::A2b)).is_err());
        assert!(DocumentFormat::new(Format::Png, None).is_err());
        assert_eq!(DocumentFormat::PDF.extension(), "pdf");
        let error = Format::parse_among("png", &[Shape::Document]).unwrap_err();
        assert!(error.contains("pdf、ofd、ofd-a"), "{error}");
    }
}
