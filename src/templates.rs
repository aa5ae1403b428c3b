//! Templates: self-describing folders, layered so that a user's folder adds to or overrides the
//! built-in ones.
//!
//! A template folder holds `template.toml` (see [`TemplateManifest`]), an entry file
//! preprocessed by Tera (`main.typ.tera`), a `sample.json` and any Typst files it imports. Next to
//! the template folders, `lib/` holds the shared GB/T 9704 library and `seals/` seal images.
//!
//! Layers: the built-in folder at the bottom, a user's folder (`--templates DIR`) on top. A file
//! path (`/lib/gongwen.typ`) resolves to the first layer that has it, and a template name to the
//! highest layer that defines it, so a user can override one library file, one template, or
//! add a template that imports the built-in library. A user's template that does not load
//! (bad manifest, Tera syntax error) is reported in [`TemplateSet::problems`] and does not hide
//! the template below it.
//!
//! Every file Typst reads comes from the layers; paths that leave them, and packages, are refused.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Deserialize;
use tera::{Kwargs, State, Tera};
use typst::diag::{FileError, FileResult};
use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};

use crate::diagnostics::{Diagnostic, SourceLocation};
use crate::escape::{typst_string_literal, typst_value_literal};
use crate::model::{DocKind, IsoDate, Layout};
use crate::sourcemap::{self, SourceMap};
use crate::walk;

/// File name of a template's manifest.
pub const MANIFEST: &str = "template.toml";

/// A template folder set that cannot be used at all.
#[derive(Debug, thiserror::Error)]
pub enum TemplateLoadError {
    /// The folder is not there.
    #[error("template folder {0} does not exist")]
    MissingFolder(PathBuf),
    /// A folder could not be listed or a file read.
    #[error("cannot read template {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A kind has no working default template (one named after the kind).
    #[error("no working template for {kind} (a template named {kind}):{}", problems.iter().map(|p| format!("\n{p}")).collect::<String>())]
    MissingDefault {
        /// The kind.
        kind: DocKind,
        /// Why the templates that were there did not load.
        problems: Vec<Diagnostic>,
    },
}

/// A reload whose templates do not all load; the templates in use stay.
#[derive(Debug, thiserror::Error)]
pub enum ReloadError {
    /// The folders cannot be used at all.
    #[error(transparent)]
    Load(#[from] TemplateLoadError),
    /// Some templates failed; each problem says where.
    #[error("{} template problem(s); the templates in use stay:{}", .0.len(), .0.iter().map(|p| format!("\n{p}")).collect::<String>())]
    Broken(Vec<Diagnostic>),
}

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
    fn entry_name(&self) -> String {
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

/// The Typst source Tera made from an entry template (under the template's entry id), with
/// the way back to the template.
pub struct Generated {
    /// The Typst source.
    pub source: Source,
    map: SourceMap,
}

/// A `.tera` file as loaded: where it is and its text.
struct TeraFile {
    path: PathBuf,
    text: String,
    instrumented: String,
}

/// One folder in the stack of layers.
#[derive(Debug, Clone)]
struct Layer {
    root: PathBuf,
    builtin: bool,
}

/// Every template of every layer, parsed once.
pub struct TemplateSet {
    layers: Vec<Layer>,
    templates: BTreeMap<String, Template>,
    problems: Vec<Diagnostic>,
    tera: Tera,
    tera_files: HashMap<String, TeraFile>,
    digest: String,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

impl TemplateSet {
    /// Loads the built-in folder and, on top of it, the user's folders (highest priority last).
    pub fn load(builtin: &Path, user: &[PathBuf]) -> Result<Self, TemplateLoadError> {
        let mut layers = Vec::new();
        for (dir, is_builtin) in user
            .iter()
            .rev()
            .map(|d| (d.as_path(), false))
            .chain([(builtin, true)])
        {
            let root = dir
                .canonicalize()
                .map_err(|_| TemplateLoadError::MissingFolder(dir.to_path_buf()))?;
            layers.push(Layer {
                root,
                builtin: is_builtin,
            });
        }
        let mut problems = Vec::new();
        let (tera, tera_files) = load_tera(&layers, &mut problems)?;
        let templates = load_manifests(&layers, &tera_files, &mut problems)?;
        for &kind in DocKind::ALL {
            if templates.get(kind.as_str()).is_none_or(|t| t.kind != kind) {
                return Err(TemplateLoadError::MissingDefault { kind, problems });
            }
        }
        let digest = layers_digest(&layers).map_err(|source| TemplateLoadError::Io {
            path: layers[0].root.clone(),
            source,
        })?;
        Ok(Self {
            layers,
            templates,
            problems,
            tera,
            tera_files,
            digest,
            files: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
        })
    }

    /// Every template that loaded, by name.
    pub fn templates(&self) -> impl Iterator<Item = &Template> {
        self.templates.values()
    }

    /// A template by name.
    pub fn get(&self, name: &str) -> Option<&Template> {
        self.templates.get(name)
    }

    /// The template a document of `kind` uses when it names none.
    pub fn default_for(&self, kind: DocKind) -> &Template {
        &self.templates[kind.as_str()]
    }

    /// Templates that did not load, each with where and why.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    /// The folders, highest priority first.
    pub fn folders(&self) -> impl Iterator<Item = &Path> {
        self.layers.iter().map(|l| l.root.as_path())
    }

    /// A short SHA-256 of every file of every layer: changes whenever any template, library
    /// or image changes, so clients can tell which templates rendered a document.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The file a template-relative path (`lib/fonts.toml`) resolves to, if any layer has it.
    pub fn resolve(&self, relative: &Path) -> Option<PathBuf> {
        self.layers
            .iter()
            .map(|l| l.root.join(relative))
            .find(|p| p.is_file())
    }

    /// Runs Tera over `template`'s entry with `context`, giving Typst source.
    pub fn render_entry(
        &self,
        template: &Template,
        context: &serde_json::Value,
    ) -> Result<Generated, Box<Diagnostic>> {
        let name = template.entry_name();
        let fail = |e: tera::Error| Box::new(self.tera_diagnostic(&name, &e));
        let context = tera::Context::from_serialize(context).map_err(fail)?;
        let output = self.tera.render(&name, &context).map_err(fail)?;
        let (text, map) = sourcemap::strip(&output);
        Ok(Generated {
            source: Source::new(template.entry_id(), text),
            map,
        })
    }

    /// Moves a location in `template`'s generated entry to the `.tera` line that produced it
    /// (the generated line goes into a hint); other locations get the real file's path.
    pub fn locate(&self, template: &Template, generated: &Generated, diagnostic: &mut Diagnostic) {
        let Some(location) = &mut diagnostic.location else {
            return;
        };
        let entry = template.entry_id();
        if location.file != entry.get().vpath().get_with_slash() {
            if let Some(path) = self.resolve(Path::new(location.file.trim_start_matches('/'))) {
                location.file = path.display().to_string();
            }
            return;
        }
        let Some(file) = self.tera_files.get(&template.entry_name()) else {
            return;
        };
        let Some((line, column)) = generated.map.locate(
            location.line,
            location.column,
            generated.source.text(),
            &file.text,
        ) else {
            return;
        };
        diagnostic.hints.push(format!(
            "generated Typst line {}: {}",
            location.line,
            location.source_line.trim()
        ));
        *location = SourceLocation {
            file: file.path.display().to_string(),
            line,
            column,
            source_line: file
                .text
                .lines()
                .nth(line - 1)
                .unwrap_or_default()
                .to_string(),
        };
    }

    /// Reads a file by its Typst id from the first layer that has it, once; refuses anything
    /// outside the layers and packages.
    pub fn file(&self, id: FileId) -> FileResult<Bytes> {
        let mut files = self.files.lock().expect("file cache lock");
        files.entry(id).or_insert_with(|| self.read(id)).clone()
    }

    /// A Typst source file, parsed once.
    pub fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(source) = self.sources.lock().expect("source cache lock").get(&id) {
            return source.clone();
        }
        let source = self.file(id).and_then(|bytes| {
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_string()))
        });
        self.sources
            .lock()
            .expect("source cache lock")
            .insert(id, source.clone());
        source
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        let rooted = id.get();
        if matches!(rooted.root(), VirtualRoot::Package(_)) {
            return Err(FileError::Other(Some(
                "packages are not available: templates may only use files of their own folders"
                    .into(),
            )));
        }
        let mut last_error = FileError::NotFound(rooted.vpath().get_without_slash().into());
        for layer in &self.layers {
            let path = rooted
                .vpath()
                .realize(&layer.root)
                .map_err(FileError::Realize)?;
            let canonical = match path.canonicalize() {
                Ok(canonical) => canonical,
                Err(e) => {
                    last_error = FileError::from_io(e, &path);
                    continue;
                }
            };
            if !canonical.starts_with(&layer.root) {
                return Err(FileError::AccessDenied);
            }
            if canonical.is_dir() {
                return Err(FileError::IsDirectory);
            }
            return std::fs::read(&canonical)
                .map(Bytes::new)
                .map_err(|e| FileError::from_io(e, &path));
        }
        Err(last_error)
    }

    /// A Tera error as a diagnostic at the `.tera` line and column the author wrote.
    fn tera_diagnostic(&self, name: &str, error: &tera::Error) -> Diagnostic {
        tera_error_diagnostic(error, |file| self.tera_files.get(file), name)
    }
}

/// Loads every `.tera` file of every layer into one Tera, the highest layer's version of each
/// name first; a version that does not parse is reported and the next layer's is tried.
fn load_tera(
    layers: &[Layer],
    problems: &mut Vec<Diagnostic>,
) -> Result<(Tera, HashMap<String, TeraFile>), TemplateLoadError> {
    let mut tera = Tera::new();
    tera.autoescape_on([".tera"]);
    tera.set_escape_fn(typst_string_literal);
    tera.register_filter("safe", refuse_safe);
    tera.register_filter("cn_date", cn_date);
    tera.register_filter("typst", TypstLiteral);
    // Every version of every name, highest layer first.
    let mut versions: BTreeMap<String, Vec<TeraFile>> = BTreeMap::new();
    let is_tera = |path: &Path| path.extension().is_some_and(|e| e == "tera");
    for layer in layers {
        let paths =
            walk::files_below(&layer.root, &is_tera).map_err(|source| TemplateLoadError::Io {
                path: layer.root.clone(),
                source,
            })?;
        for path in paths {
            let name = relative_name(&layer.root, &path);
            let text = std::fs::read_to_string(&path).map_err(|source| TemplateLoadError::Io {
                path: path.clone(),
                source,
            })?;
            let instrumented = sourcemap::instrument(&text);
            versions.entry(name).or_default().push(TeraFile {
                path,
                text,
                instrumented,
            });
        }
    }
    let mut loaded = HashMap::new();
    for (name, candidates) in versions {
        for file in candidates {
            match tera.add_raw_template(&name, &file.instrumented) {
                Ok(()) => {
                    loaded.insert(name.clone(), file);
                    break;
                }
                Err(error) => {
                    let files = HashMap::from([(name.clone(), &file)]);
                    problems.push(tera_error_diagnostic(
                        &error,
                        |n| files.get(n).copied(),
                        &name,
                    ));
                }
            }
        }
    }
    Ok((tera, loaded))
}

/// Reads every `*/template.toml` of every layer; the highest layer's working version of each
/// name wins.
fn load_manifests(
    layers: &[Layer],
    tera_files: &HashMap<String, TeraFile>,
    problems: &mut Vec<Diagnostic>,
) -> Result<BTreeMap<String, Template>, TemplateLoadError> {
    let mut templates = BTreeMap::new();
    for layer in layers.iter().rev() {
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
                Err(problem) => problems.push(*problem),
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
        .map_err(|e| manifest_problem(&path, "", 0, 0, format!("cannot read: {e}")))?;
    let manifest: TemplateManifest = toml::from_str(&text).map_err(|e| {
        let (line, column) = e
            .span()
            .map(|s| line_column(&text, s.start))
            .unwrap_or((0, 0));
        manifest_problem(&path, &text, line, column, e.message().to_string())
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
        Err(manifest_problem(&path, &text, line, column, message))
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

fn manifest_problem(
    path: &Path,
    text: &str,
    line: usize,
    column: usize,
    message: String,
) -> Box<Diagnostic> {
    Box::new(Diagnostic {
        severity: "error",
        message: format!("template manifest: {message}"),
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
        hints: Vec::new(),
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

/// A Tera error as a diagnostic: the template file, the line and column in the author's text
/// (markers taken out), the source line and the code the error is about.
fn tera_error_diagnostic<'a>(
    error: &tera::Error,
    file_of: impl Fn(&str) -> Option<&'a TeraFile>,
    fallback_name: &str,
) -> Diagnostic {
    let report = match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report)
        }
        _ => None,
    };
    let Some(report) = report else {
        return Diagnostic {
            severity: "error",
            message: format!("template {fallback_name}: {error}"),
            location: None,
            hints: Vec::new(),
        };
    };
    let name = if report.filename().is_empty() {
        fallback_name
    } else {
        report.filename()
    };
    let span = report.span();
    let file = file_of(name);
    let location = file.map(|file| {
        let shift = sourcemap::marker_width(&file.instrumented, span.start_line);
        SourceLocation {
            file: file.path.display().to_string(),
            line: span.start_line,
            column: span.start_col.saturating_sub(shift) + 1,
            source_line: file
                .text
                .lines()
                .nth(span.start_line.saturating_sub(1))
                .unwrap_or_default()
                .to_string(),
        }
    });
    let code = location
        .as_ref()
        .map(|l| enclosing_tag(&l.source_line, l.column))
        .unwrap_or_default();
    let mut message = format!("template: {}", report.message());
    let code = code.trim();
    if !code.is_empty() && code.len() < 200 && !message.contains(code) {
        message.push_str(&format!(" (in `{code}`)"));
    }
    Diagnostic {
        severity: "error",
        message,
        location,
        hints: Vec::new(),
    }
}

/// The `{{ … }}` or `{% … %}` around a 1-based column of a line, without its braces, so that
/// a message can quote the expression the author wrote.
fn enclosing_tag(line: &str, column: usize) -> String {
    let chars: Vec<char> = line.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let text: String = chars[..at].iter().collect();
    let open = ["{{", "{%"]
        .iter()
        .filter_map(|o| text.rfind(o).map(|i| (i, *o)))
        .max_by_key(|(i, _)| *i);
    let Some((start, open)) = open else {
        return String::new();
    };
    let close = if open == "{{" { "}}" } else { "%}" };
    let rest = &line[start + 2..];
    match rest.find(close) {
        Some(end) => rest[..end].trim_matches(['-', ' ']).to_string(),
        None => String::new(),
    }
}

/// Whether `name` can name a template: a-z, 0-9, `_` and `-`, not empty.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

/// A file's path relative to its layer, with `/` separators.
fn relative_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .expect("walked below root")
        .to_string_lossy()
        .replace('\\', "/")
}

/// `{{ value | typst }}`: any value as a Typst literal (strings escaped, `null` → `none`).
/// Its output is code built by the escaper, so Tera must not escape it again. An undefined
/// value (a field the data does not have) is an error, not `none`, so typos are caught.
struct TypstLiteral;

impl tera::Filter<tera::Value, tera::TeraResult<String>> for TypstLiteral {
    fn call(&self, value: tera::Value, _: Kwargs, _: &State) -> tera::TeraResult<String> {
        if value.is_undefined() {
            return Err(tera::Error::message(
                "the value given to `typst` is undefined: the data has no such field",
            ));
        }
        let json = serde_json::to_value(&value)
            .map_err(|e| tera::Error::message(format!("typst filter: {e}")))?;
        let mut out = String::new();
        typst_value_literal(&json, &mut out);
        Ok(out)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// `safe` would print data unescaped into Typst source; it is disabled.
fn refuse_safe(_: &str, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    Err(tera::Error::message(
        "the `safe` filter is disabled in xuncha templates: data is always escaped into a Typst string",
    ))
}

/// `{{ date | cn_date }}`: `2024-06-18` → `2024年6月18日`.
fn cn_date(value: &str, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    IsoDate(value.to_string())
        .chinese()
        .ok_or_else(|| tera::Error::message(format!("cn_date: “{value}” is not a YYYY-MM-DD date")))
}

/// SHA-256 over the relative path and bytes of every file of every layer, as 12 hex digits.
fn layers_digest(layers: &[Layer]) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for layer in layers {
        for path in walk::files_below(&layer.root, &|_| true)? {
            hasher.update(relative_name(&layer.root, &path).as_bytes());
            hasher.update([0]);
            hasher.update(std::fs::read(&path)?);
            hasher.update([0]);
        }
    }
    Ok(hasher.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
