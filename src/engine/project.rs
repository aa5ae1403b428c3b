//! A document's Typst project: the entry Tera generated, as `main.typ`, and every template
//! file compiling it reads (`lib/gongwen.typ`, `lib/fonts.toml`, `seals/…`, a template's own
//! files), each at its path below the project folder. `typst compile DIR/main.typ
//! --font-path fonts/` then lays out the same pages, and the Tinymist editor previews it.
//!
//! The files are found by compiling the entry exactly as it will sit in the project — at
//! `/main.typ`, in a world that reads the template layers — and recording what Typst reads,
//! so a file from a user's layer is written in place of the built-in one it overrides, and
//! an entry that refers to a file by a path that does not work from the project root fails
//! here with Typst's own error instead of in the author's editor.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;
use typst::diag::FileResult;
use typst::foundations::Bytes;
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst_layout::PagedDocument;

use super::Engine;
use super::error::RenderError;
use crate::typeset::diagnostics::from_typst;
use crate::typeset::world::{DocumentWorld, SourceFiles};

/// The entry's name in the project.
pub const MAIN: &str = "main.typ";

/// The files of a document's Typst project.
pub struct TypstProject {
    /// Every file by its path relative to the project folder (`/` separators), `main.typ`
    /// first, then the others sorted.
    pub files: Vec<(String, Bytes)>,
    /// Pages the project lays out.
    pub pages: usize,
}

impl TypstProject {
    /// Writes the files into `dir` (created if needed), returning their paths.
    pub fn write_to(&self, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
        let mut written = Vec::new();
        for (relative, bytes) in &self.files {
            let path = dir.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, bytes.as_slice())?;
            written.push(path);
        }
        Ok(written)
    }
}

/// Validates `input` and gathers its Typst project.
pub fn typst_project(engine: &Engine, input: &Value) -> Result<TypstProject, RenderError> {
    let entry = engine.generate(input)?;
    let path = VirtualPath::new(format!("/{MAIN}")).expect("a plain file name");
    let main = Source::new(
        RootedPath::new(VirtualRoot::Project, path).intern(),
        entry.text,
    );
    let files = RecordingFiles {
        inner: &*entry.templates,
        read: Mutex::new(BTreeMap::new()),
    };
    let world = DocumentWorld::new(
        engine.library(),
        engine.fonts(),
        &files,
        main.clone(),
        entry.today,
    );
    let result = typst::compile::<PagedDocument>(&world);
    let layout = result.output.map_err(|errors| {
        RenderError::Typst(errors.iter().map(|d| from_typst(&world, d)).collect())
    })?;
    let mut project = vec![(
        MAIN.to_string(),
        Bytes::from_string(main.text().to_string()),
    )];
    let read = std::mem::take(&mut *files.read.lock().expect("recording lock"));
    for (path, id) in read {
        let bytes = entry
            .templates
            .file(id)
            .expect("a file Typst read is there");
        project.push((path, bytes));
    }
    Ok(TypstProject {
        files: project,
        pages: layout.pages().len(),
    })
}

/// The template files, noting every file Typst reads through them.
struct RecordingFiles<'a> {
    inner: &'a dyn SourceFiles,
    /// What was read, by path.
    read: Mutex<BTreeMap<String, FileId>>,
}

impl RecordingFiles<'_> {
    fn note(&self, id: FileId) {
        let path = id.get().vpath().get_without_slash().to_string();
        self.read.lock().expect("recording lock").insert(path, id);
    }
}

impl SourceFiles for RecordingFiles<'_> {
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        let bytes = self.inner.file(id)?;
        self.note(id);
        Ok(bytes)
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let source = self.inner.source(id)?;
        self.note(id);
        Ok(source)
    }
}
