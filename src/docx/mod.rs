//! Editable Word drafts (`.docx`) of every document, set to GB/T 9704.
//!
//! The draft is built from the document's model and the same layout decisions the templates
//! take ([`Frame`](crate::model::Frame)), not from laid-out pages, so that it reflows when a
//! reviewer edits it: 版头, title, 主送, the body with headings Word numbers 一、（一）1.（1）,
//! tables, 附件说明, 署名/日期/印章, 附注, attachments (landscape ones in landscape sections),
//! 版记. The PDF and OFD stay the 正式 outputs; rules that only a finished layout can keep (版记
//! on an even page, 署名 with 正文) hold in the draft only until it is edited.
//!
//! WordprocessingML is written directly with quick-xml and packed with zip (see
//! `docs/ARCHITECTURE.md`, “Word drafts”): every element the standard needs is reachable, and
//! the same input gives the same bytes.
//!
//! | file | job |
//! |---|---|
//! | `compose.rs` | the draft in the order of `gongwen(...)` |
//! | `head.rs`, `closing.rs`, `attachments.rs`, `tables.rs`, `banji.rs`, `form.rs` | the frame's parts |
//! | `kinds/` | each kind's body, one file per kind |
//! | `content.rs`, `write.rs`, `xml.rs` | paragraphs, runs, tables, sections, and their XML |
//! | `styles.rs`, `footers.rs`, `package.rs` | styles, numbering and fonts; page numbers and the letter's first page; the package |
//! | `units.rs`, `text.rs` | the measures in Word's units; dates and title lines |

mod attachments;
mod banji;
mod closing;
mod compose;
mod content;
mod footers;
mod form;
mod head;
mod kinds;
mod package;
mod styles;
mod tables;
mod text;
mod units;
mod write;
mod xml;

use crate::model::{
    CcNotice, Document, Feedback, InspectionList, Layout, RecommendationLetter,
    RectificationNotice, RectificationReport, RectificationReview,
};

pub use closing::SealPicture;
use footers::Side;
use kinds::KindBody;
pub use kinds::inspection_list::{ListSpec, ListSpecs};
use package::{Part, WordParts};
use write::{BodyWriter, SectionSetup};
use xml::{MAIN_NAMESPACES, Xml};

/// What the draft needs besides the document.
#[derive(Debug, Clone, Default)]
pub struct DocxOptions {
    /// The seal (or signer's seal) picture as PNG, when the signature names one.
    pub seal: Option<SealPicture>,
    /// The list types' lead sentences and columns (the template's `lists.toml`), for a 巡察清单.
    pub lists: Option<ListSpecs>,
}

/// Why a draft could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// A kind without a draft writer (every built-in kind has one).
    #[error("no Word draft for documents of kind {0}")]
    UnsupportedKind(String),
    /// The template's `lists.toml` (a 巡察清单's columns) is missing, unreadable or lacks the
    /// document's list type.
    #[error("lists.toml: {0}")]
    ListColumns(String),
    /// The zip could not be written.
    #[error("cannot write the .docx package: {0}")]
    Zip(#[from] zip::result::ZipError),
}

/// The Word draft of `document`: the same input always gives the same bytes.
pub fn docx(document: &Document, options: &DocxOptions) -> Result<Vec<u8>, DocxError> {
    let frame = document.frame();
    let seal = options
        .seal
        .as_ref()
        .filter(|_| document.common().signature.seal_image_ref.is_some());
    let body = kind_body(document, seal, options.lists.as_ref())?;
    let letter = frame.layout == Layout::Letter;
    let blocks = compose::compose(&frame, body, seal);
    let landscape = blocks.contains(&content::Block::SectionEnd(content::Orientation::Landscape));

    let mut x = Xml::new();
    x.open("w:document", MAIN_NAMESPACES);
    x.open("w:body", &[]);
    let mut writer = BodyWriter::new(x);
    writer.document(&blocks, SectionSetup { letter });
    let mut x = writer.into_xml();
    x.close("w:body");
    x.close("w:document");

    let word = WordParts {
        letter,
        seal: seal.is_some(),
        landscape,
    };
    let date = document
        .common()
        .signature
        .date
        .parse()
        .map(|d| d.to_string());
    let mut parts = vec![
        Part {
            name: "[Content_Types].xml",
            bytes: package::content_types(&word),
        },
        Part {
            name: "_rels/.rels",
            bytes: package::package_rels(),
        },
        Part {
            name: "docProps/core.xml",
            bytes: package::core_properties(
                &frame.title.replace('\n', ""),
                frame.author,
                date.as_deref(),
            ),
        },
        Part {
            name: "docProps/app.xml",
            bytes: package::app_properties(),
        },
        Part {
            name: "word/document.xml",
            bytes: x.finish(),
        },
        Part {
            name: "word/_rels/document.xml.rels",
            bytes: package::document_rels(&word),
        },
        Part {
            name: "word/styles.xml",
            bytes: styles::styles(frame.heading_bold),
        },
        Part {
            name: "word/numbering.xml",
            bytes: styles::numbering(frame.heading_bold),
        },
        Part {
            name: "word/fontTable.xml",
            bytes: styles::font_table(),
        },
        Part {
            name: "word/settings.xml",
            bytes: package::settings(),
        },
        Part {
            name: "word/footer1.xml",
            bytes: footers::page_number_footer(Side::Odd),
        },
        Part {
            name: "word/footer2.xml",
            bytes: footers::page_number_footer(Side::Even),
        },
    ];
    if letter {
        parts.push(Part {
            name: "word/footer3.xml",
            bytes: footers::letter_first_footer(),
        });
        parts.push(Part {
            name: "word/header1.xml",
            bytes: footers::letter_first_header(&frame),
        });
    }
    if landscape {
        parts.push(Part {
            name: "word/footer4.xml",
            bytes: footers::landscape_number_footer(Side::Odd),
        });
        parts.push(Part {
            name: "word/footer5.xml",
            bytes: footers::landscape_number_footer(Side::Even),
        });
    }
    if let Some(seal) = seal {
        parts.push(Part {
            name: "word/media/seal.png",
            bytes: seal.png.clone(),
        });
    }
    Ok(package::zip(parts)?)
}

/// The kind's body, from its own type.
fn kind_body(
    document: &Document,
    seal: Option<&SealPicture>,
    lists: Option<&ListSpecs>,
) -> Result<KindBody, DocxError> {
    let layout = document.common().layout;
    if let Some(d) = document.downcast_ref::<Feedback>() {
        return Ok(kinds::feedback::body(d));
    }
    if let Some(d) = document.downcast_ref::<CcNotice>() {
        return Ok(kinds::cc_notice::body(d, layout, seal));
    }
    if let Some(d) = document.downcast_ref::<RecommendationLetter>() {
        return Ok(kinds::recommendation::body(d));
    }
    if let Some(d) = document.downcast_ref::<RectificationReport>() {
        return Ok(kinds::rectification_report::body(d));
    }
    if let Some(d) = document.downcast_ref::<RectificationNotice>() {
        return Ok(kinds::rectification_notice::body(d, layout, seal));
    }
    if let Some(d) = document.downcast_ref::<RectificationReview>() {
        return Ok(kinds::rectification_review::body(d));
    }
    if let Some(d) = document.downcast_ref::<InspectionList>() {
        // The type's name as the input spells it (`problems`, `leads`, …).
        let name = serde_json::to_value(d.list_type)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let spec = lists
            .and_then(|lists| lists.get(&name))
            .ok_or_else(|| DocxError::ListColumns(format!("没有清单类型“{name}”的列")))?;
        return Ok(kinds::inspection_list::body(d, spec));
    }
    Err(DocxError::UnsupportedKind(document.kind().to_string()))
}
