//! Output file names: readable, stable, safe on every file system and unique within a batch.

use std::collections::HashSet;
use std::str::FromStr;

use crate::Document;

/// The default pattern: `001-inspection_feedback-关于巡察….pdf`.
pub const DEFAULT_PATTERN: &str = "{index}-{doc_kind}-{title}";

/// Titles are cut to this many characters in names.
const TITLE_CHARS: usize = 40;

/// Longest name in bytes before `.pdf` and a uniqueness suffix; file systems allow 255.
const NAME_BYTES: usize = 200;

/// A value a pattern can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Index,
    DocKind,
    KindName,
    Title,
    DocNumber,
    Date,
    Recipient,
    Source,
}

impl Field {
    const ALL: [(&'static str, Field); 8] = [
        ("index", Field::Index),
        ("doc_kind", Field::DocKind),
        ("kind", Field::KindName),
        ("title", Field::Title),
        ("doc_number", Field::DocNumber),
        ("date", Field::Date),
        ("recipient", Field::Recipient),
        ("source", Field::Source),
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Field(Field),
}

/// A `--name` pattern such as `{index}-{doc_number}`.
///
/// Placeholders: `{index}` (position in the batch, zero-padded), `{doc_kind}`, `{kind}` (the
/// Chinese name, e.g. 巡察抄告单), `{title}` (cut to 40 characters; a 抄告单's with its 抄告对象), `{doc_number}` (发文字号 or
/// 编号), `{date}` (成文日期, `2024-06-18`), `{recipient}` (抄告对象 of a 抄告单) and
/// `{source}` (the input file's name without extension).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamePattern(Vec<Part>);

/// What is wrong with a pattern.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PatternError {
    /// `{something}` that is not a known placeholder.
    #[error(
        "unknown placeholder {{{0}}} in the name pattern; use {{index}}, {{doc_kind}}, {{kind}}, {{title}}, {{doc_number}}, {{date}}, {{recipient}} or {{source}}"
    )]
    Unknown(String),
    /// A `{` without `}`.
    #[error("unclosed {{ in the name pattern")]
    Unclosed,
    /// No placeholder at all: every file would get the same name.
    #[error("the name pattern has no placeholder")]
    NoPlaceholder,
}

impl FromStr for NamePattern {
    type Err = PatternError;

    fn from_str(pattern: &str) -> Result<Self, Self::Err> {
        let mut parts = Vec::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Literal(rest[..open].to_string()));
            }
            let close = rest[open..].find('}').ok_or(PatternError::Unclosed)? + open;
            let key = &rest[open + 1..close];
            let field = Field::ALL
                .iter()
                .find(|(name, _)| *name == key)
                .map(|(_, field)| *field)
                .ok_or_else(|| PatternError::Unknown(key.to_string()))?;
            parts.push(Part::Field(field));
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Literal(rest.to_string()));
        }
        if !parts.iter().any(|p| matches!(p, Part::Field(_))) {
            return Err(PatternError::NoPlaceholder);
        }
        Ok(Self(parts))
    }
}

impl Default for NamePattern {
    fn default() -> Self {
        DEFAULT_PATTERN
            .parse()
            .expect("the default pattern is valid")
    }
}

/// Hands out unique, safe file names in batch order.
pub struct Namer {
    pattern: NamePattern,
    index_width: usize,
    extension: &'static str,
    used: HashSet<String>,
}

impl Namer {
    /// A namer for a batch of `total` documents; indexes are padded to at least three digits.
    pub fn new(pattern: NamePattern, total: usize, extension: &'static str) -> Self {
        Self {
            pattern,
            index_width: total.to_string().len().max(3),
            extension,
            used: HashSet::new(),
        }
    }

    /// The file name (`….pdf`, `….ofd`) for the document at 1-based `index`, read from
    /// `source_stem`.
    pub fn name(&mut self, index: usize, document: &Document, source_stem: &str) -> String {
        let mut stem = String::new();
        for part in &self.pattern.0 {
            match part {
                Part::Literal(text) => stem.push_str(&safe(text)),
                Part::Field(field) => {
                    let value = match field {
                        Field::Index => format!("{index:0width$}", width = self.index_width),
                        Field::DocKind => document.kind().as_str().to_string(),
                        Field::KindName => document.kind().chinese_name().to_string(),
                        Field::Title => document.file_title().chars().take(TITLE_CHARS).collect(),
                        Field::DocNumber => document.doc_number().unwrap_or_default().to_string(),
                        Field::Date => document.common().signature.date.0.clone(),
                        Field::Recipient => document.recipient().unwrap_or_default().to_string(),
                        Field::Source => source_stem.to_string(),
                    };
                    stem.push_str(&safe(&value));
                }
            }
        }
        let mut stem = tidy(&stem);
        if stem.is_empty() {
            stem = format!("{index:0width$}", width = self.index_width);
        }
        self.unique(stem)
    }

    /// Adds `-2`, `-3`, … until the name is new, comparing case-insensitively (as Windows and
    /// macOS do).
    fn unique(&mut self, stem: String) -> String {
        let extension = self.extension;
        let mut candidate = format!("{stem}.{extension}");
        let mut n = 2;
        while !self.used.insert(candidate.to_lowercase()) {
            candidate = format!("{stem}-{n}.{extension}");
            n += 1;
        }
        candidate
    }
}

/// A safe file name stem made from the document's title (as `{title}` gives it: a kind may add
/// to its title, as a 抄告单 adds its 抄告对象).
pub fn title_stem(document: &Document) -> String {
    let title: String = document.file_title().chars().take(TITLE_CHARS).collect();
    safe_stem(&title)
}

/// Any text as a safe file name stem (the rules of [`title_stem`]).
pub fn safe_stem(text: &str) -> String {
    tidy(&safe(text))
}

/// Replaces what some file system forbids or what would mislead a reader: path separators,
/// reserved punctuation, control characters and bidirectional overrides; runs of white space
/// become one space.
fn safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            || c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
        {
            out.push('_');
        } else {
            out.push(c);
        }
    }
    out
}

/// Trims spaces and dots at the ends (Windows drops them), cuts to [`NAME_BYTES`] on a character
/// boundary and keeps Windows' reserved device names (CON, NUL, COM1, …) from being used.
fn tidy(stem: &str) -> String {
    let trimmed = stem.trim_matches(|c: char| c == ' ' || c == '.');
    let mut cut = String::new();
    for c in trimmed.chars() {
        if cut.len() + c.len_utf8() > NAME_BYTES {
            break;
        }
        cut.push(c);
    }
    let cut = cut.trim_end_matches([' ', '.']).to_string();
    let device = cut
        .split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    let reserved = matches!(device.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((device.starts_with("COM") || device.starts_with("LPT"))
            && device.len() == 4
            && device.as_bytes()[3].is_ascii_digit());
    if reserved { format!("_{cut}") } else { cut }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_parse_and_reject_mistakes() {
        assert!("{index}-{doc_number}".parse::<NamePattern>().is_ok());
        assert_eq!(
            "{index}-{nope}".parse::<NamePattern>(),
            Err(PatternError::Unknown("nope".into()))
        );
        assert_eq!("{index".parse::<NamePattern>(), Err(PatternError::Unclosed));
        assert_eq!(
            "fixed".parse::<NamePattern>(),
            Err(PatternError::NoPlaceholder)
        );
    }

    #[test]
    fn unsafe_characters_are_replaced() {
        assert_eq!(safe("a/b\\c:d*e?f\"g<h>i|j"), "a_b_c_d_e_f_g_h_i_j");
        assert_eq!(safe("x\u{0}y\u{202e}z\n\t w"), "x_y_z w");
        assert_eq!(tidy(" ..name.. "), "name");
        assert_eq!(tidy("con"), "_con");
        assert_eq!(tidy("COM1.x"), "_COM1.x");
        assert_eq!(tidy("COMMITTEE"), "COMMITTEE");
        let long = "巡".repeat(100);
        assert_eq!(tidy(&long).len(), 198);
    }
}
