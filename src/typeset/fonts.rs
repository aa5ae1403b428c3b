//! The process-wide font collection: scanned once, memory-mapped, loaded face by face on demand.

use std::collections::BTreeSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;

use serde_json::Value;

use crate::diagnostics::InputError;
use crate::diagnostics::pointer::for_each_string;
use crate::input::Limits;
use crate::walk;

/// Folders where operating systems keep installed fonts; scanned with `--system-fonts`.
const SYSTEM_FONT_DIRS: &[&str] = &[
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:\\Windows\\Fonts",
];

/// Where fonts are looked for: the bundled folder, extra folders, and optionally the system's.
#[derive(Debug, Clone, Default)]
pub struct FontSources {
    /// Folders scanned recursively, in order; earlier folders win ties between equal faces.
    pub dirs: Vec<PathBuf>,
    /// Also scan the operating system's font folders.
    pub include_system: bool,
}

/// One face of one font file.
struct FontSlot {
    path: PathBuf,
    index: u32,
    data: Bytes,
    font: OnceLock<Option<Font>>,
}

/// Every font face the engine can use, shared by all compilations of a process.
pub struct FontLibrary {
    book: LazyHash<FontBook>,
    slots: Vec<FontSlot>,
    /// One bit per code point: whether any face covers it. Built on first use, because asking
    /// each face's coverage walks its list of ranges (4 % of a render's time did that).
    coverage: OnceLock<Vec<u64>>,
}

/// A font face as reported to the user.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FaceSummary {
    /// Family name as Typst sees it (the name templates must use).
    pub family: String,
    /// File the face comes from.
    pub path: PathBuf,
    /// Face index inside a collection file.
    pub index: u32,
    /// Weight, 100–900.
    pub weight: u16,
}

impl FontLibrary {
    /// Scans the given folders (and the system's, if asked) for `.ttf`, `.otf`, `.ttc` and `.otc` files.
    pub fn scan(sources: &FontSources) -> std::io::Result<Self> {
        let mut dirs: Vec<PathBuf> = sources.dirs.clone();
        if sources.include_system {
            dirs.extend(SYSTEM_FONT_DIRS.iter().map(PathBuf::from));
            if let Some(home) = std::env::var_os("HOME") {
                dirs.push(Path::new(&home).join(".local/share/fonts"));
                dirs.push(Path::new(&home).join(".fonts"));
            }
        }
        let mut files = Vec::new();
        for (i, dir) in dirs.iter().enumerate() {
            // The first folders are the ones the user named: they must exist.
            let required = i < sources.dirs.len();
            if !dir.is_dir() {
                if required {
                    return Err(std::io::Error::new(
                        std::io::ErrorKind::NotFound,
                        format!("font folder {} does not exist", dir.display()),
                    ));
                }
                continue;
            }
            files.extend(walk::files_below(dir, &is_font_file)?);
        }
        let mut book = FontBook::new();
        let mut slots = Vec::new();
        let mut seen = BTreeSet::new();
        for path in files {
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if !seen.insert(canonical) {
                continue;
            }
            let file = File::open(&path)?;
            // SAFETY: the font files are treated as read-only for the life of the process;
            // modifying them while it runs is documented as unsupported.
            let map = unsafe { memmap2::Mmap::map(&file)? };
            let data = Bytes::new(map);
            for (index, info) in FontInfo::iter(&data).enumerate() {
                book.push(info);
                slots.push(FontSlot {
                    path: path.clone(),
                    index: index as u32,
                    data: data.clone(),
                    font: OnceLock::new(),
                });
            }
        }
        Ok(Self {
            book: LazyHash::new(book),
            slots,
            coverage: OnceLock::new(),
        })
    }

    /// The font book Typst selects faces from.
    pub fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    /// The face at `index` of the book, parsed on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| Font::new(slot.data.clone(), slot.index))
            .clone()
    }

    /// Number of faces found.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether no face was found at all.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Whether some face can draw `c`. Typst falls back across every face in the book, so
    /// a character any face covers will be drawn.
    pub fn covers(&self, c: char) -> bool {
        let bits = self.coverage.get_or_init(|| {
            let mut bits = vec![0u64; (char::MAX as usize + 1).div_ceil(64)];
            for info in (0..self.slots.len()).filter_map(|i| self.book.info(i)) {
                for code in info.coverage.iter() {
                    if let Some(word) = bits.get_mut(code as usize / 64) {
                        *word |= 1 << (code % 64);
                    }
                }
            }
            bits
        });
        let code = c as usize;
        bits[code / 64] & (1 << (code % 64)) != 0
    }

    /// Every character of the input that no font can draw, each with its JSON path. Texts
    /// over the size limit are skipped: validation refuses them anyway.
    pub fn missing_glyphs(&self, input: &Value, limits: &Limits) -> Vec<InputError> {
        let mut errors = Vec::new();
        for_each_string(input, &mut String::new(), &mut |path, text| {
            if text.chars().count() > limits.max_text_chars {
                return;
            }
            let mut reported = Vec::new();
            for c in text.chars() {
                if c.is_control() || c == ' ' || self.covers(c) || reported.contains(&c) {
                    continue;
                }
                reported.push(c);
                errors.push(InputError::new(
                    path,
                    format!(
                        "字符“{c}”（U+{:04X}）没有任何字体能够显示：请改用常用字，或用 --fonts 指定含该字的字体",
                        c as u32
                    ),
                ));
            }
        });
        errors
    }

    /// Whether a family of this name (any case) is installed.
    pub fn has_family(&self, family: &str) -> bool {
        self.book.contains_family(&family.to_lowercase())
    }

    /// Lower-cased names of every installed family.
    pub fn family_names(&self) -> Vec<String> {
        self.book
            .families()
            .map(|(name, _)| name.to_lowercase())
            .collect()
    }

    /// Every face, for `xuncha fonts`.
    pub fn faces(&self) -> Vec<FaceSummary> {
        self.slots
            .iter()
            .enumerate()
            .filter_map(|(i, slot)| {
                let info = self.book.info(i)?;
                Some(FaceSummary {
                    family: info.family.clone(),
                    path: slot.path.clone(),
                    index: slot.index,
                    weight: info.variant.weight.to_number(),
                })
            })
            .collect()
    }
}

fn is_font_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        matches!(
            e.to_ascii_lowercase().as_str(),
            "ttf" | "otf" | "ttc" | "otc"
        )
    })
}

/// A role of GB/T 9704 (title, body, …) and its font chain, from `lib/fonts.toml`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct FontRole {
    /// Key in the file, e.g. `fangsong`.
    pub key: String,
    /// What the role is used for.
    pub label: String,
    /// Families, official ones first.
    pub families: Vec<String>,
}

#[derive(serde::Deserialize)]
struct RolesFile {
    roles: std::collections::BTreeMap<String, RoleEntry>,
}

#[derive(serde::Deserialize)]
struct RoleEntry {
    #[serde(default)]
    label: String,
    families: Vec<String>,
}

/// Reads the font roles from a `lib/fonts.toml` file.
pub fn roles(path: &Path) -> std::io::Result<Vec<FontRole>> {
    let text = std::fs::read_to_string(path)?;
    let file: RolesFile = toml::from_str(&text).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {e}", path.display()),
        )
    })?;
    Ok(file
        .roles
        .into_iter()
        .map(|(key, entry)| FontRole {
            key,
            label: entry.label,
            families: entry.families,
        })
        .collect())
}
