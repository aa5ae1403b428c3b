//! The stack of template folders, and the sandbox through which Typst reads their files.
//!
//! Layers: the built-in folder at the bottom, a user's folders (`--templates DIR`) on top. A
//! file path (`/lib/gongwen.typ`) resolves to the first layer, from the top, that has it. Every
//! file Typst reads comes from the layers; paths that leave them, and packages, are refused.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult};
use typst::foundations::Bytes;
use typst::syntax::{FileId, Source, VirtualRoot};

use super::error::TemplateLoadError;
use crate::walk;

/// One folder in the stack.
#[derive(Debug, Clone)]
pub(super) struct Layer {
    /// The folder, canonical.
    pub root: PathBuf,
    /// Whether it is the built-in folder.
    pub builtin: bool,
}

/// The folders, highest priority first, and the files Typst has read from them.
pub(super) struct Layers {
    layers: Vec<Layer>,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

impl Layers {
    /// The built-in folder under the user's folders (highest priority last in `user`).
    pub fn new(builtin: &Path, user: &[PathBuf]) -> Result<Self, TemplateLoadError> {
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
        Ok(Self {
            layers,
            files: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
        })
    }

    /// The layers, highest priority first.
    pub fn iter(&self) -> std::slice::Iter<'_, Layer> {
        self.layers.iter()
    }

    /// The file a template-relative path (`lib/fonts.toml`) resolves to, if any layer has it.
    pub fn resolve(&self, relative: &Path) -> Option<PathBuf> {
        self.layers
            .iter()
            .map(|l| l.root.join(relative))
            .find(|p| p.is_file())
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
            // Errors name the file as the template sees it, never where it lies on the server.
            let seen_as = Path::new(rooted.vpath().get_with_slash());
            let canonical = match path.canonicalize() {
                Ok(canonical) => canonical,
                Err(e) => {
                    last_error = FileError::from_io(e, seen_as);
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
                .map_err(|e| FileError::from_io(e, seen_as));
        }
        Err(last_error)
    }

    /// A short SHA-256 of every file of every layer, as 12 hex digits: it changes whenever any
    /// template, library file or image changes.
    pub fn digest(&self) -> Result<String, TemplateLoadError> {
        use sha2::{Digest, Sha256};
        let io = |source| TemplateLoadError::Io {
            path: self.layers[0].root.clone(),
            source,
        };
        let mut hasher = Sha256::new();
        for layer in &self.layers {
            for path in walk::files_below(&layer.root, &|_| true).map_err(io)? {
                hasher.update(relative_name(&layer.root, &path).as_bytes());
                hasher.update([0]);
                hasher.update(std::fs::read(&path).map_err(io)?);
                hasher.update([0]);
            }
        }
        Ok(hasher.finalize()[..6]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }
}

/// A file's path relative to its layer, with `/` separators.
pub(super) fn relative_name(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .expect("walked below root")
        .to_string_lossy()
        .replace('\\', "/")
}
