//! The standards a PDF export can claim: PDF/A for archiving, PDF/UA for accessibility.
//! typst-pdf checks the document against the standard while writing it, so a document that
//! cannot meet it (transparency under PDF/A-1b, no title under PDF/UA-1) fails with the cause.
//!
//! typst-pdf 0.15 cannot embed the CMYK output profile PDF/A asks for when CMYK colours are
//! used ("the PDF is missing a CMYK profile"), and the GB/T 9704 red of the templates is
//! `cmyk(0%, 100%, 100%, 0%)`. For PDF/A, [`PdfStandard::prepare`] therefore gives the pages
//! with every CMYK colour of text and lines in sRGB (Typst's own conversion: that red is
//! `rgb(255, 0, 0)`, as a screen shows it), which the sRGB output intent covers.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;
use typst::layout::{Frame, FrameItem, GroupItem};
use typst::model::Document;
use typst::visualize::{Color, Paint, ProcessColorSpace};
use typst_layout::{Page, PagedDocument};

/// A standard a PDF claims to meet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub enum PdfStandard {
    /// PDF/A-2b: the archival choice (PDF 1.7, transparency allowed, visual appearance kept).
    #[default]
    #[serde(rename = "a-2b")]
    A2b,
    /// PDF/A-2u: PDF/A-2b whose text also maps to Unicode.
    #[serde(rename = "a-2u")]
    A2u,
    /// PDF/A-1b: the oldest archival level (PDF 1.4, no transparency).
    #[serde(rename = "a-1b")]
    A1b,
    /// PDF/UA-1: accessible, tagged PDF; the document needs a title.
    #[serde(rename = "ua-1")]
    Ua1,
}

impl PdfStandard {
    /// Every standard, the default first.
    pub const ALL: &[PdfStandard] = &[Self::A2b, Self::A2u, Self::A1b, Self::Ua1];

    /// What the standard is for, in a line.
    pub fn description(self) -> &'static str {
        match self {
            Self::A2b => "PDF/A-2b: archiving, the appearance preserved",
            Self::A2u => "PDF/A-2u: archiving, with every character's Unicode text",
            Self::A1b => {
                "PDF/A-1b: archiving for older systems; no transparency (a transparent seal image is refused)"
            }
            Self::Ua1 => "PDF/UA-1: accessible (tagged, with a title)",
        }
    }

    /// The name used on the command line and in the API, e.g. `a-2b`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::A2b => "a-2b",
            Self::A2u => "a-2u",
            Self::A1b => "a-1b",
            Self::Ua1 => "ua-1",
        }
    }

    /// The standards typst-pdf writes and checks for this one.
    pub fn to_typst(self) -> typst_pdf::PdfStandards {
        let standard = match self {
            Self::A2b => typst_pdf::PdfStandard::A_2b,
            Self::A2u => typst_pdf::PdfStandard::A_2u,
            Self::A1b => typst_pdf::PdfStandard::A_1b,
            Self::Ua1 => typst_pdf::PdfStandard::Ua_1,
        };
        typst_pdf::PdfStandards::new(&[standard]).expect("a single standard is always valid")
    }
}

impl PdfStandard {
    /// The pages as this standard can take them: for PDF/A, CMYK colours in sRGB; for
    /// PDF/UA, as they are.
    pub fn prepare(self, document: &PagedDocument) -> PagedDocument {
        if self == Self::Ua1 {
            return document.clone();
        }
        let pages = document
            .pages()
            .iter()
            .map(|page| Page {
                frame: in_srgb(&page.frame),
                ..page.clone()
            })
            .collect();
        PagedDocument::new(pages, document.info().clone())
    }
}

/// `frame` with the CMYK colours of its text and shapes, and of every frame in it, in sRGB.
fn in_srgb(frame: &Frame) -> Frame {
    let mut recoloured = Frame::new(frame.size(), frame.kind());
    if frame.has_baseline() {
        recoloured.set_baseline(frame.baseline());
    }
    for (pos, item) in frame.items() {
        let item = match item {
            FrameItem::Group(group) => FrameItem::Group(GroupItem {
                frame: in_srgb(&group.frame),
                ..group.clone()
            }),
            FrameItem::Text(text) => {
                let mut text = text.clone();
                text.fill = srgb(&text.fill);
                if let Some(stroke) = &mut text.stroke {
                    stroke.paint = srgb(&stroke.paint);
                }
                FrameItem::Text(text)
            }
            FrameItem::Shape(shape, span) => {
                let mut shape = shape.clone();
                shape.fill = shape.fill.as_ref().map(srgb);
                if let Some(stroke) = &mut shape.stroke {
                    stroke.paint = srgb(&stroke.paint);
                }
                FrameItem::Shape(shape, *span)
            }
            other => other.clone(),
        };
        recoloured.push(*pos, item);
    }
    recoloured
}

/// A solid CMYK paint in sRGB; any other paint as it is.
fn srgb(paint: &Paint) -> Paint {
    match paint {
        Paint::Solid(Color::Process(colour)) if colour.space() == ProcessColorSpace::Cmyk => {
            Paint::Solid(Color::Process(colour.to_space(ProcessColorSpace::Srgb)))
        }
        other => other.clone(),
    }
}

impl fmt::Display for PdfStandard {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not one of [`PdfStandard::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown PDF standard “{0}”; choose one of a-2b, a-2u, a-1b, ua-1")]
pub struct UnknownPdfStandard(pub String);

impl FromStr for PdfStandard {
    type Err = UnknownPdfStandard;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .iter()
            .copied()
            .find(|s| s.as_str().eq_ignore_ascii_case(name))
            .ok_or_else(|| UnknownPdfStandard(name.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_choices() {
        for standard in PdfStandard::ALL {
            assert_eq!(standard.as_str().parse::<PdfStandard>(), Ok(*standard));
            let _ = standard.to_typst();
        }
        assert_eq!(PdfStandard::default(), PdfStandard::A2b);
        let error = "a-3b".parse::<PdfStandard>().unwrap_err();
        assert!(error.to_string().contains("a-2b, a-2u, a-1b, ua-1"));
    }
}
