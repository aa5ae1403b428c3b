//! Templates: self-describing folders, layered so that a user's folder adds to or overrides the
//! built-in ones, expanded by Tera into the Typst source of a document.
//!
//! A template folder holds `template.toml` ([`manifest`]), an entry file preprocessed by Tera
//! (`main.typ.tera`), a `sample.json` and any Typst files it imports. Next to the template
//! folders, `lib/` holds the shared GB/T 9704 library and `seals/` seal images.
//!
//! - [`layers`]: the stack of folders and the file sandbox Typst reads through;
//! - [`tera_env`]: Tera with every value escaped ([`escape`]) and the filters;
//! - [`locate`] and [`sourcemap`]: errors reported at the `.tera` line the author wrote.
//!
//! A template name resolves to the highest layer that defines it, so a user can override one
//! library file, one template, or add a template that imports the built-in library. A user's
//! template that does not load (bad manifest, Tera syntax error) is reported in
//! [`TemplateSet::load_errors`] and does not hide the template below it.

mod error;
pub mod escape;
mod layers;
mod locate;
pub mod manifest;
pub mod sourcemap;
mod tera_env;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::Value;
use tera::Tera;
use typst::diag::FileResult;
use typst::foundations::Bytes;
use typst::syntax::{FileId, Source};

pub use error::{ReloadError, TemplateLoadError};
pub use locate::Generated;
pub use manifest::{MANIFEST, Template, TemplateManifest, is_valid_name};

use crate::diagnostics::Diagnostic;
use crate::model::{DocKind, Document};
use crate::typeset::world::SourceFiles;
use layers::Layers;
use tera_env::TeraFile;

/// Every template of every layer, parsed once.
pub struct TemplateSet {
    layers: Layers,
    templates: BTreeMap<String, Template>,
    load_errors: Vec<Diagnostic>,
    tera: Tera,
    tera_files: HashMap<String, TeraFile>,
    digest: String,
}

impl TemplateSet {
    /// Loads the built-in folder and, on top of it, the user's folders (highest priority last).
    pub fn load(builtin: &Path, user: &[PathBuf]) -> Result<Self, TemplateLoadError> {
        let layers = Layers::new(builtin, user)?;
        let mut load_errors = Vec::new();
        let (tera, tera_files) = tera_env::load_tera(layers.iter(), &mut load_errors)?;
        let templates = manifest::load_manifests(layers.iter(), &tera_files, &mut load_errors)?;
        for &kind in DocKind::ALL {
            if templates.get(kind.as_str()).is_none_or(|t| t.kind != kind) {
                return Err(TemplateLoadError::MissingDefault {
                    kind,
                    errors: load_errors,
                });
            }
        }
        let digest = layers.digest()?;
        Ok(Self {
            layers,
            templates,
            load_errors,
            tera,
            tera_files,
            digest,
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
    pub fn load_errors(&self) -> &[Diagnostic] {
        &self.load_errors
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
        self.layers.resolve(relative)
    }

    /// The seal images every layer's `seals/` folder holds, by file name, sorted and once each.
    pub fn seal_images(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .folders()
            .filter_map(|folder| std::fs::read_dir(folder.join("seals")).ok())
            .flatten()
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| !name.starts_with('.'))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Runs Tera over `template`'s entry for `document`, giving Typst source. The template sees
    /// the document's fields as they are (absent options as `null`) and `gongwen`, the
    /// arguments of the GB/T 9704 frame built from the shared fields ([`crate::model::Frame`]).
    ///
    /// `layout_args` go into `gongwen` besides the frame's own: arguments the engine adds
    /// after a first layout (`closing-fit`); empty, they leave the entry as it always was, so
    /// a template whose library predates them still renders.
    pub fn render_entry(
        &self,
        template: &Template,
        document: &Document,
        layout_args: &serde_json::Map<String, Value>,
    ) -> Result<Generated, Box<Diagnostic>> {
        let name = template.entry_name();
        let fail = |e: tera::Error| Box::new(self.tera_diagnostic(&name, &e));
        let mut data = document.to_json();
        if let Value::Object(fields) = &mut data {
            let mut frame = serde_json::to_value(document.frame()).expect("frames serialize");
            if let Value::Object(args) = &mut frame {
                args.extend(layout_args.clone());
            }
            fields.insert("gongwen".into(), frame);
        }
        let context = tera::Context::from_serialize(&data).map_err(fail)?;
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
        locate::locate(
            &self.layers,
            &self.tera_files,
            template,
            generated,
            diagnostic,
        );
    }

    /// A Tera error as a diagnostic at the `.tera` line and column the author wrote.
    fn tera_diagnostic(&self, name: &str, error: &tera::Error) -> Diagnostic {
        tera_env::tera_error_diagnostic(error, |file| self.tera_files.get(file), name)
    }
}

/// Typst reads the files a document imports through the template set.
impl SourceFiles for TemplateSet {
    /// Reads a file by its Typst id from the first layer that has it, once; refuses anything
    /// outside the layers and packages.
    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.layers.file(id)
    }

    /// A Typst source file, parsed once.
    fn source(&self, id: FileId) -> FileResult<Source> {
        self.layers.source(id)
    }
}
