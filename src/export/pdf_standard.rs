//! The standards a PDF export can claim: PDF/A for archiving, PDF/UA for accessibility.
//! typst-pdf checks the document against the standard while writing it, so a document that
//! cannot meet it (transparency under PDF/A-1b, no title under PDF/UA-1) fails with the cause.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

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
