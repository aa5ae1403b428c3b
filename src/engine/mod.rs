//! The rendering engine, which runs the pipeline: JSON in ([`crate::input`]), a typed document
//! ([`crate::model`]), Typst source ([`crate::template`]), laid-out pages ([`crate::typeset`]),
//! and files out ([`crate::export`], in the formats of [`crate::format`]).
//!
//! An [`Engine`] is built once per process (fonts scanned, templates parsed, Typst's standard
//! library built) and then renders any number of documents, from any number of threads.
//!
//! - [`closing_fit`]: §7.3.5.5, the body set closer so that the 署名 keeps its page;
//! - [`compiled`]: a laid-out document and the files it becomes;
//! - [`draft`]: a document's editable Word draft, written from the document itself;
//! - [`project`]: a document's Typst project, gathered by compiling its entry.

mod closing_fit;
mod compiled;
mod draft;
mod error;
pub mod project;

pub use compiled::Compiled;
pub use error::{EngineError, RenderError};

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use serde_json::{Map, Value};
use typst::foundations::{Array, Dict, IntoValue};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;

use crate::assets::{self, Asset, AssetNotFound};
use crate::diagnostics::{Diagnostic, InputError};
use crate::format::{DocumentFormat, Format};
use crate::input::{Limits, validate_noting};
use crate::model::{Document, TITLE_LINE_CAPACITY};
use crate::template::{ReloadError, Template, TemplateSet};
use crate::typeset::diagnostics::from_typst;
use crate::typeset::fonts::{FontLibrary, FontSources};
use crate::typeset::world::DocumentWorld;

/// comemo's cache is trimmed after every `EVICT_EVERY`th compile (counted over all threads),
/// dropping entries unused for `CACHE_MAX_AGE` trims. Trimming takes comemo's global locks, so
/// trimming after every compile made parallel workers wait for each other (two workers gave
/// 1.3× one worker's throughput; trimming every 8th gives 1.7–1.9×), while never trimming grows
/// memory by about 1.7 MB per document.
const EVICT_EVERY: usize = 8;
const CACHE_MAX_AGE: usize = 2;

/// Settings of an engine.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// The built-in template folder.
    pub templates: PathBuf,
    /// Users' template folders on top of it, highest priority last: they add templates and
    /// override built-in templates or library files with the same name.
    pub user_templates: Vec<PathBuf>,
    /// Where fonts come from.
    pub fonts: FontSources,
    /// Report characters no font can draw as warnings instead of errors.
    pub allow_missing_glyphs: bool,
    /// How big a document may be.
    pub limits: Limits,
}

impl EngineConfig {
    /// The templates and fonts of this source tree (tests, benches, fuzzing).
    pub fn bundled() -> Self {
        Self::with_assets(bundled_dir("templates"), vec![bundled_dir("fonts")])
    }

    /// The templates and fonts of an installation, wherever [`assets::locate`] finds them.
    pub fn installed() -> Result<Self, AssetNotFound> {
        Ok(Self::with_assets(
            assets::locate(Asset::Templates)?,
            vec![assets::locate(Asset::Fonts)?],
        ))
    }

    /// Default settings over the given built-in template folder and font folders.
    pub fn with_assets(templates: PathBuf, font_dirs: Vec<PathBuf>) -> Self {
        Self {
            templates,
            user_templates: Vec::new(),
            fonts: FontSources {
                dirs: font_dirs,
                include_system: false,
            },
            allow_missing_glyphs: false,
            limits: Limits::default(),
        }
    }
}

/// A folder of the source tree xuncha was built from (`templates`, `fonts`, `samples`).
pub fn bundled_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(name)
}

/// A valid document with what was noticed on the way.
#[derive(Debug)]
pub struct Validated {
    /// The document.
    pub document: Document,
    /// Characters no font can draw, when they are allowed (`--allow-missing-glyphs`).
    pub missing_glyphs: Vec<InputError>,
    /// Values read other than as typed (full-width digits, office date forms), at their paths.
    pub read_as_meant: Vec<InputError>,
}

impl Validated {
    /// Everything worth telling the sender: values read as meant, then missing characters.
    pub fn warnings(&self) -> Vec<InputError> {
        self.read_as_meant
            .iter()
            .chain(&self.missing_glyphs)
            .cloned()
            .collect()
    }
}

/// A validated document and the template it is rendered with.
struct Chosen<'t> {
    validated: Validated,
    template: &'t Template,
}

/// A finished file (PDF, OFD, Word draft) with everything said about it.
pub struct RenderedDocument {
    /// The validated input.
    pub document: Document,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Number of pages as laid out; none for a Word draft, which Word or WPS paginate.
    pub pages: Option<usize>,
    /// Typst warnings.
    pub warnings: Vec<Diagnostic>,
    /// Characters no font can draw, when they are allowed.
    pub missing_glyphs: Vec<InputError>,
}

/// A document's generated Typst entry with what compiling it needs besides the engine.
pub struct GeneratedEntry {
    /// The templates it came from: its imports resolve in them.
    pub templates: Arc<TemplateSet>,
    /// The Typst source.
    pub text: String,
    /// The document's date, Typst's “today” while it compiles.
    pub today: NaiveDate,
}

/// A document as laid out, with the frame arguments the engine added for it.
struct Laid {
    typeset: PagedDocument,
    warnings: Vec<Diagnostic>,
    /// `closing-fit`, when the layout needed it; else empty.
    args: Map<String, Value>,
}

/// The process-wide renderer.
pub struct Engine {
    fonts: FontLibrary,
    templates: RwLock<Arc<TemplateSet>>,
    template_folders: (PathBuf, Vec<PathBuf>),
    library: LazyHash<Library>,
    allow_missing_glyphs: bool,
    limits: Limits,
    /// Compiles so far, to trim comemo's cache every `EVICT_EVERY`th.
    compiles: AtomicUsize,
}

impl Engine {
    /// Loads fonts and templates and builds Typst's library.
    pub fn new(config: &EngineConfig) -> Result<Self, EngineError> {
        let fonts = FontLibrary::scan(&config.fonts)?;
        if fonts.is_empty() {
            return Err(EngineError::NoFonts(config.fonts.dirs.clone()));
        }
        let templates = TemplateSet::load(&config.templates, &config.user_templates)?;
        let library = build_library(&fonts);
        Ok(Self {
            fonts,
            templates: RwLock::new(Arc::new(templates)),
            template_folders: (config.templates.clone(), config.user_templates.clone()),
            library: LazyHash::new(library),
            allow_missing_glyphs: config.allow_missing_glyphs,
            limits: config.limits,
            compiles: AtomicUsize::new(0),
        })
    }

    /// The fonts in use.
    pub fn fonts(&self) -> &FontLibrary {
        &self.fonts
    }

    /// How big a document may be.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The templates in use (a snapshot: a reload does not change it).
    pub fn templates(&self) -> Arc<TemplateSet> {
        Arc::clone(&self.templates.read().expect("templates lock"))
    }

    /// Loads the template folders again. When every template loads, they replace the templates
    /// in use (renders already running finish with the old ones); when any fails, the
    /// templates in use stay and the error lists every one that failed, with its place.
    pub fn reload_templates(&self) -> Result<Arc<TemplateSet>, ReloadError> {
        let (builtin, user) = &self.template_folders;
        let fresh = Arc::new(TemplateSet::load(builtin, user)?);
        if !fresh.load_errors().is_empty() {
            return Err(ReloadError::Broken(fresh.load_errors().to_vec()));
        }
        *self.templates.write().expect("templates lock") = Arc::clone(&fresh);
        Ok(fresh)
    }

    /// Validates a document (including the template it names) and checks that every character
    /// can be drawn.
    pub fn validate(&self, input: &Value) -> Result<Validated, RenderError> {
        self.validate_with(&self.templates(), input)
            .map(|chosen| chosen.validated)
    }

    /// [`Engine::validate`] against one snapshot of the templates, also giving the template.
    fn validate_with<'t>(
        &self,
        templates: &'t TemplateSet,
        input: &Value,
    ) -> Result<Chosen<'t>, RenderError> {
        let missing = self.fonts.missing_glyphs(input, &self.limits);
        let mut errors = match validate_noting(input, &self.limits) {
            Ok((mut document, read_as_meant)) => {
                let seal = missing_seal(templates, &document);
                match choose_template(templates, &document) {
                    Ok(template)
                        if seal.is_none() && (missing.is_empty() || self.allow_missing_glyphs) =>
                    {
                        if input.get("layout").is_none()
                            && let Some(layout) = template.manifest.default_layout
                        {
                            document.set_layout(layout);
                        }
                        let validated = Validated {
                            document,
                            missing_glyphs: missing,
                            read_as_meant,
                        };
                        return Ok(Chosen {
                            validated,
                            template,
                        });
                    }
                    Ok(_) => seal.into_iter().collect(),
                    Err(error) => std::iter::once(error).chain(seal).collect(),
                }
            }
            Err(errors) => errors,
        };
        if !self.allow_missing_glyphs {
            errors.extend(missing);
        }
        Err(RenderError::Invalid(errors))
    }

    /// Validates and lays out a document; a layout over the page limit is an input error.
    ///
    /// A layout whose closing elements took a line or two of 正文 to a page of their own is
    /// laid out once more with the body before them set closer, within the library's bound
    /// (§7.3.5.5, [`closing_fit`]); the second layout is kept only when it brought them back.
    pub fn compile(&self, input: &Value) -> Result<Compiled, RenderError> {
        let templates = self.templates();
        let Chosen {
            validated:
                Validated {
                    document,
                    missing_glyphs,
                    ..
                },
            template,
        } = self.validate_with(&templates, input)?;
        let Laid {
            typeset, warnings, ..
        } = self.lay_out_fitted(&templates, template, &document)?;
        if let Some(error) = self.limits.too_many_pages(typeset.pages().len()) {
            return Err(RenderError::Invalid(vec![error]));
        }
        Ok(Compiled {
            document,
            typeset,
            warnings,
            missing_glyphs,
        })
    }

    /// Lays a document out, and once more with the body before the closing set closer when
    /// the first layout needs it and the second brings the closing back ([`closing_fit`]).
    fn lay_out_fitted(
        &self,
        templates: &TemplateSet,
        template: &Template,
        document: &Document,
    ) -> Result<Laid, RenderError> {
        let first = self.lay_out(templates, template, document, Map::new())?;
        let Some(fit) = closing_fit::needed(&first.typeset) else {
            return Ok(first);
        };
        let args = Map::from_iter([(
            "closing-fit".to_string(),
            serde_json::to_value(fit).expect("a fit serializes"),
        )]);
        match self.lay_out(templates, template, document, args) {
            Ok(fitted) if closing_fit::kept(&first.typeset, &fitted.typeset) => Ok(fitted),
            _ => Ok(first),
        }
    }

    /// Generates a document's entry with the frame arguments `args` and lays it out.
    fn lay_out(
        &self,
        templates: &TemplateSet,
        template: &Template,
        document: &Document,
        args: Map<String, Value>,
    ) -> Result<Laid, RenderError> {
        let generated = templates
            .render_entry(template, document, &args)
            .map_err(|d| RenderError::Template(vec![*d]))?;
        let today = document.date().unwrap_or(NaiveDate::MIN);
        let main = generated.source.clone(); // shares the text
        let world = DocumentWorld::new(&self.library, &self.fonts, templates, main, today);
        let result = typst::compile::<PagedDocument>(&world);
        if self.compiles.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
            comemo::evict(CACHE_MAX_AGE);
        }
        let located = |d: &typst::diag::SourceDiagnostic| {
            let mut diagnostic = from_typst(&world, d);
            templates.locate(template, &generated, &mut diagnostic);
            diagnostic
        };
        let warnings: Vec<Diagnostic> = result.warnings.iter().map(located).collect();
        match result.output {
            // A layout that did not settle is wrong somewhere (a 版记 on the wrong page, a
            // stray blank page): a failure to report, never a document to hand out.
            Ok(_) if warnings.iter().any(Diagnostic::is_unconverged) => {
                Err(RenderError::Unconverged(warnings))
            }
            Ok(typeset) => Ok(Laid {
                typeset,
                warnings,
                args,
            }),
            Err(errors) => {
                let mut all: Vec<Diagnostic> = errors.iter().map(located).collect();
                all.extend(warnings);
                Err(RenderError::Typst(all))
            }
        }
    }

    /// Typst's standard library as the engine built it (with `sys.inputs`).
    pub fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    /// Validates a document and generates its Typst entry, as [`Engine::compile`] does before
    /// laying it out: for exporting the document's Typst project. The entry carries the frame
    /// arguments the engine's own layout settled on (a `closing-fit`), so that the project lays
    /// out the same pages; that takes a layout, or two.
    pub fn generate(&self, input: &Value) -> Result<GeneratedEntry, RenderError> {
        let templates = self.templates();
        let Chosen {
            validated: Validated { document, .. },
            template,
        } = self.validate_with(&templates, input)?;
        // A document that does not lay out still gets its entry, to look at in an editor.
        let args = self
            .lay_out_fitted(&templates, template, &document)
            .map(|laid| laid.args)
            .unwrap_or_default();
        let text = templates
            .render_entry(template, &document, &args)
            .map_err(|d| RenderError::Template(vec![*d]))?
            .source
            .text()
            .to_string();
        let today = document.date().unwrap_or(NaiveDate::MIN);
        Ok(GeneratedEntry {
            templates,
            text,
            today,
        })
    }

    /// Validates, lays out and exports a document as PDF in one call.
    pub fn render_pdf(&self, input: &Value) -> Result<RenderedDocument, RenderError> {
        self.render(input, DocumentFormat::PDF)
    }

    /// Validates, lays out and exports a document in `format` in one call: the way to any
    /// format that holds the whole document. A Word draft is written from the validated
    /// document, with nothing laid out ([`Engine::draft`]).
    pub fn render(
        &self,
        input: &Value,
        format: DocumentFormat,
    ) -> Result<RenderedDocument, RenderError> {
        if format.format() == Format::Docx {
            return self.draft(input);
        }
        let compiled = self.compile(input)?;
        let bytes = compiled.export(format)?;
        Ok(RenderedDocument {
            pages: Some(compiled.typeset.pages().len()),
            bytes,
            document: compiled.document,
            warnings: compiled.warnings,
            missing_glyphs: compiled.missing_glyphs,
        })
    }
}

/// The template a document asks for, or its kind's default; a missing template or one of
/// another kind is an error at `/template`.
/// An error at `/signature/seal_image_ref` when the seal image the document names is in no
/// template folder's `seals/`: told before Typst would fail on it, with the images there are.
fn missing_seal(templates: &TemplateSet, document: &Document) -> Option<InputError> {
    let name = document.common().signature.seal_image_ref.as_deref()?;
    if name.trim().is_empty() || templates.resolve(&Path::new("seals").join(name)).is_some() {
        return None;
    }
    let available = templates.seal_images();
    let choice = if available.is_empty() {
        "模板的 seals/ 文件夹中没有印章图片".to_string()
    } else {
        format!("可用的印章图片：{}", available.join("、"))
    };
    Some(InputError::new(
        "/signature/seal_image_ref",
        format!(
            "印章图片“{name}”不在模板的 seals/ 文件夹中：请检查文件名，或先把图片放进 seals/ 文件夹；{choice}"
        ),
    ))
}

fn choose_template<'t>(
    templates: &'t TemplateSet,
    document: &Document,
) -> Result<&'t Template, InputError> {
    let kind = document.kind();
    let Some(name) = document.common().template else {
        return Ok(templates.default_for(kind));
    };
    match templates.get(name) {
        Some(template) if template.kind == kind => Ok(template),
        Some(template) => Err(InputError::new(
            "/template",
            format!(
                "模板“{name}”用于{}（{}），不能排印{}",
                template.kind.chinese_name(),
                template.kind,
                kind.chinese_name()
            ),
        )),
        None => {
            let available: Vec<&str> = templates
                .templates()
                .filter(|t| t.kind == kind)
                .map(Template::name)
                .collect();
            Err(InputError::new(
                "/template",
                format!(
                    "没有名为“{name}”的模板；{}可用的模板：{}",
                    kind.chinese_name(),
                    available.join("、")
                ),
            ))
        }
    }
}

/// Builds Typst's standard library, telling templates which font families are installed
/// (`sys.inputs.xuncha-families`) so their font chains name only fonts that exist, and how many
/// characters a title line holds (`xuncha-title-line-capacity`, the bound the validator checks
/// authors' title lines against), so that automatic breaks and the validator agree.
fn build_library(fonts: &FontLibrary) -> Library {
    let families: Array = fonts
        .family_names()
        .into_iter()
        .map(IntoValue::into_value)
        .collect();
    let mut inputs = Dict::new();
    inputs.insert("xuncha-families".into(), families.into_value());
    inputs.insert(
        "xuncha-title-line-capacity".into(),
        (TITLE_LINE_CAPACITY as i64).into_value(),
    );
    Library::builder().with_inputs(inputs).build()
}
