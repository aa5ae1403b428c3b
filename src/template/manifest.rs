//! `template.toml`: what a template folder says about itself, and reading it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use typst::syntax::{FileId, RootedPath, VirtualPath, VirtualRoot};

use super::error::TemplateLoadError;
use super::layers::Layer;
use super::tera_env::TeraFile;
use crate::diagnostics::{Diagnostic, SourceLocation};
use crate::model::{DocKind, Layout};

/// File name of a template's manifest.
pub const MANIFEST: &str = "template.toml";

/// `template.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateManifest {
    /// Template name; must equal the folder's name. A template named after a `doc_kind` is that
    /// kind's default.
    pub name: String,
    /// The kind of document it renders.
    pub doc_kind: String,
    /// The template's own version, e.g. `1.2.0`.
    pub version: String,
    /// One line for people choosing a template.
    #[serde(default)]
    pub description: String,
    /// Layout used when a document does not say (`standard`, `letter`, `form`, `plain`).
    #[serde(default)]
    pub default_layout: Option<Layout>,
    /// The entry file, preprocessed by Tera.
    #[serde(default = "default_entry")]
    pub entry: String,
    /// Sample data (a document of `doc_kind`) rendered by `xuncha templates check`.
    #[serde(default = "default_sample")]
    pub sample: String,
}

fn default_entry() -> String {
    "main.typ.tera".to_string()
}

fn default_sample() -> String {
    "sample.json".to_string()
}

/// A template that loaded.
#[derive(Debug, Clone)]
pub struct Template {
    /// Its manifest.
    pub manifest: TemplateManifest,
    /// Its kind.
    pub kind: DocKind,
    /// Its folder on disk.
    pub folder: PathBuf,
    /// Whether it comes from the built-in folder (else from a user's folder).
    pub builtin: bool,
}

impl Template {
    /// The template's name.
    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// Tera's name of the entry file, e.g. `inspection_feedback/main.typ.tera`.
    pub(super) fn entry_name(&self) -> String {
        format!("{}/{}", self.manifest.name, self.manifest.entry)
    }

    /// The fixed file id the generated entry source is compiled under, e.g.
    /// `/inspection_feedback/main.typ` (the entry's name without `.tera`).
    pub fn entry_id(&self) -> FileId {
        let entry = self.manifest.entry.trim_end_matches(".tera");
        let path = VirtualPath::new(format!("/{}/{entry}", self.manifest.name))
            .expect("template names and entries are checked on load");
        RootedPath::new(VirtualRoot::Project, path).intern()
    }

    /// Path of the sample data.
    pub fn sample_path(&self) -> PathBuf {
        self.folder.join(&self.manifest.sample)
    }
}

/// Reads every `*/template.toml` of every layer; the highest layer's working version of each
/// name wins.
pub(super) fn load_manifests<'a>(
    layers: impl DoubleEndedIterator<Item = &'a Layer>,
    tera_files: &HashMap<String, TeraFile>,
    errors: &mut Vec<Diagnostic>,
) -> Result<BTreeMap<String, Template>, TemplateLoadError> {
    let mut templates = BTreeMap::new();
    for layer in layers.rev() {
        let entries = std::fs::read_dir(&layer.root).map_err(|source| TemplateLoadError::Io {
            path: layer.root.clone(),
            source,
        })?;
        let mut folders: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join(MANIFEST).is_file())
            .collect();
        folders.sort();
        for folder in folders {
            match read_manifest(&folder, layer.builtin, tera_files) {
                Ok(Some(template)) => {
                    templates.insert(template.manifest.name.clone(), template);
                }
                Ok(None) => {}
                Err(error) => errors.push(*error),
            }
        }
    }
    Ok(templates)
}

/// The template of a folder; `None` when its entry did not parse (already reported), so that
/// the template of the same name below it stays.
fn read_manifest(
    folder: &Path,
    builtin: bool,
    tera_files: &HashMap<String, TeraFile>,
) -> Result<Option<Template>, Box<Diagnostic>> {
    let path = folder.join(MANIFEST);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| manifest_error(&path, "", 0, 0, format!("cannot read: {e}")))?;
    let manifest: TemplateManifest = toml::from_str(&text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| line_column(&text, s.start))
            .unwrap_or((0, 0));
        manifest_error(&path, &text, line, column, e.message().to_string())
    })?;
    let at_key = |key: &str| {
        let line = text
            .lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(0, |i| i + 1);
        (line, 1)
    };
    let folder_name = folder.file_name().unwrap_or_default().to_string_lossy();
    let fail = |key: &str, message: String| {
        let (line, column) = at_key(key);
        Err(manifest_error(&path, &text, line, column, message))
    };
    if manifest.name != folder_name {
        return fail(
            "name",
            format!(
                "name “{}” must equal the folder's name “{folder_name}”",
                manifest.name
            ),
        );
    }
    if !is_valid_name(&manifest.name) {
        return fail(
            "name",
            "a template name uses only a-z, 0-9, _ and -".to_string(),
        );
    }
    let Ok(kind) = manifest.doc_kind.parse::<DocKind>() else {
        return fail(
            "doc_kind",
            format!("unknown doc_kind “{}”", manifest.doc_kind),
        );
    };
    if let Some(layout) = manifest.default_layout
        && !kind.layouts().contains(&layout)
    {
        return fail("default_layout", format!("{kind} has no layout {layout:?}"));
    }
    let entry_ok = manifest.entry.ends_with(".tera")
        && !manifest.entry.starts_with('/')
        && !manifest.entry.split('/').any(|part| part == "..");
    if !entry_ok {
        return fail(
            "entry",
            "entry must be a .tera file inside the template folder".to_string(),
        );
    }
    let template = Template {
        manifest,
        kind,
        folder: folder.to_path_buf(),
        builtin,
    };
    let entry_path = folder.join(&template.manifest.entry);
    if !entry_path.is_file() {
        return fail(
            "entry",
            format!("the entry {} does not exist", entry_path.display()),
        );
    }
    let loaded_from_here = tera_files
        .get(&template.entry_name())
        .is_some_and(|file| file.path == entry_path);
    Ok(loaded_from_here.then_some(template))
}

fn manifest_error(
    path: &Path,
    text: &str,
    line: usize,
    column: usize,
    message: String,
) -> Box<Diagnostic> {
    Box::new(Diagnostic {
        location: Some(SourceLocation {
            file: path.display().to_string(),
            line,
            column,
            source_line: text
                .lines()
                .nth(line.saturating_sub(1))
                .unwrap_or_default()
                .to_string(),
        }),
        ..Diagnostic::error(format!("template manifest: {message}"))
    })
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Whether `name` can name a template: a-z, 0-9, `_` and `-`, not empty.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}
