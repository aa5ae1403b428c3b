//! The template folder: Tera entry templates per document kind and the Typst files they import.
//!
//! Layout of the folder (see `docs/TEMPLATES.md`):
//! - `<doc_kind>/main.typ.tera`: the entry template of a kind, preprocessed by Tera;
//! - `lib/*.typ`: the GB/T 9704 layout library, plain Typst;
//! - `lib/fonts.toml`: the font chain of each role;
//! - `seals/`: seal images a document may name.
//!
//! Every file Typst reads comes from this folder; paths that leave it are refused.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tera::{Kwargs, State, Tera};
use typst::diag::{FileError, FileResult};
use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};

use crate::escape::{typst_string_literal, typst_value_literal};
use crate::model::{DocKind, IsoDate};
use crate::walk;

/// File name of a kind's entry template inside its folder.
pub const ENTRY_TEMPLATE: &str = "main.typ.tera";

/// A template folder that failed to load.
#[derive(Debug, thiserror::Error)]
pub enum TemplateLoadError {
    /// The folder is not there.
    #[error("template folder {0} does not exist")]
    MissingFolder(PathBuf),
    /// A file could not be read.
    #[error("cannot read template {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Tera rejected a template.
    #[error("template {name} does not parse:\n{message}")]
    Syntax {
        /// Name of the template.
        name: String,
        /// Tera's report, with line and column.
        message: String,
    },
    /// A kind has no entry template.
    #[error("no template for {kind}: expected {path}")]
    MissingEntry {
        /// The kind.
        kind: DocKind,
        /// Where it was looked for.
        path: PathBuf,
    },
}

/// The loaded template folder.
pub struct TemplateSet {
    root: PathBuf,
    tera: Tera,
    digest: String,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

impl TemplateSet {
    /// Loads and parses every Tera template under `root`; each kind must have an entry template.
    pub fn load(root: &Path) -> Result<Self, TemplateLoadError> {
        let root = root
            .canonicalize()
            .map_err(|_| TemplateLoadError::MissingFolder(root.to_path_buf()))?;
        let mut tera = Tera::new();
        tera.autoescape_on([".tera"]);
        tera.set_escape_fn(typst_string_literal);
        tera.register_filter("safe", refuse_safe);
        tera.register_filter("cn_date", cn_date);
        tera.register_filter("typst", TypstLiteral);
        let is_tera = |path: &Path| path.extension().is_some_and(|e| e == "tera");
        let sources =
            walk::files_below(&root, &is_tera).map_err(|source| TemplateLoadError::Io {
                path: root.clone(),
                source,
            })?;
        for path in &sources {
            let name = path
                .strip_prefix(&root)
                .expect("walked below root")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(path).map_err(|source| TemplateLoadError::Io {
                path: path.clone(),
                source,
            })?;
            tera.add_raw_template(&name, &text)
                .map_err(|e| TemplateLoadError::Syntax {
                    name: name.clone(),
                    message: e.to_string(),
                })?;
        }
        for &kind in DocKind::ALL {
            if !tera.contains_template(&entry_name(kind)) {
                return Err(TemplateLoadError::MissingEntry {
                    kind,
                    path: root.join(kind.as_str()).join(ENTRY_TEMPLATE),
                });
            }
        }
        let digest = folder_digest(&root).map_err(|source| TemplateLoadError::Io {
            path: root.clone(),
            source,
        })?;
        Ok(Self {
            root,
            tera,
            digest,
            files: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
        })
    }

    /// A short SHA-256 of every file in the folder as loaded: changes whenever any template,
    /// library or image changes, so clients can tell which templates rendered a document.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The folder, canonicalized.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The fixed file id the generated entry source of `kind` is compiled under.
    pub fn entry_id(kind: DocKind) -> FileId {
        let path = VirtualPath::new(format!("/{}/main.typ", kind.as_str()))
            .expect("kind names are valid paths");
        RootedPath::new(VirtualRoot::Project, path).intern()
    }

    /// Runs Tera over the entry template of `kind` with `context`, giving Typst source.
    pub fn render_entry(
        &self,
        kind: DocKind,
        context: &serde_json::Value,
    ) -> Result<String, tera::Error> {
        let context = tera::Context::from_serialize(context)?;
        self.tera.render(&entry_name(kind), &context)
    }

    /// Reads a file of the folder by its Typst id, once; refuses anything outside the folder.
    pub fn file(&self, id: FileId) -> FileResult<Bytes> {
        let mut files = self.files.lock().expect("file cache lock");
        files.entry(id).or_insert_with(|| self.read(id)).clone()
    }

    /// A Typst source file of the folder, parsed once.
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
                "packages are not available: templates may only use files of their own folder"
                    .into(),
            )));
        }
        let path = rooted
            .vpath()
            .realize(&self.root)
            .map_err(FileError::Realize)?;
        let canonical = path
            .canonicalize()
            .map_err(|e| FileError::from_io(e, &path))?;
        if !canonical.starts_with(&self.root) {
            return Err(FileError::AccessDenied);
        }
        if canonical.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&canonical)
            .map(Bytes::new)
            .map_err(|e| FileError::from_io(e, &path))
    }
}

fn entry_name(kind: DocKind) -> String {
    format!("{}/{ENTRY_TEMPLATE}", kind.as_str())
}

/// `{{ value | typst }}`: any value as a Typst literal (strings escaped, `null` → `none`).
/// Its output is code built by the escaper, so Tera must not escape it again.
struct TypstLiteral;

impl tera::Filter<tera::Value, tera::TeraResult<String>> for TypstLiteral {
    fn call(&self, value: tera::Value, _: Kwargs, _: &State) -> tera::TeraResult<String> {
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

/// SHA-256 over the relative path and bytes of every file below `root`, as 12 hex digits.
fn folder_digest(root: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    for path in walk::files_below(root, &|_| true)? {
        let name = path.strip_prefix(root).unwrap_or(&path).to_string_lossy();
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(&path)?);
        hasher.update([0]);
    }
    Ok(hasher.finalize()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}
