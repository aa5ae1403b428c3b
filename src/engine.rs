//! The rendering engine: JSON in, laid-out document, PDF or PNG out.
//!
//! An [`Engine`] is built once per process (fonts scanned, templates parsed, Typst's standard
//! library built) and then renders any number of documents, from any number of threads.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;
use typst::foundations::{Array, Dict, IntoValue, Smart};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;

use crate::diagnostics::Diagnostic;
use crate::export::pdf_standard::PdfStandard;
use crate::fonts::{FontLibrary, FontSources};
use crate::model::Document;
use crate::templates::{ReloadError, Template, TemplateLoadError, TemplateSet};
use crate::validate::{InputProblem, Limits, for_each_string, too_many_pages, validate};
use crate::world::DocumentWorld;

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
    /// The bundled templates and fonts of this source tree.
    pub fn bundled() -> Self {
        Self {
            templates: bundled_dir("templates"),
            user_templates: Vec::new(),
            fonts: FontSources {
                dirs: vec![bundled_dir("fonts")],
                include_system: false,
            },
            allow_missing_glyphs: false,
            limits: Limits::default(),
        }
    }
}

/// A folder shipped with xuncha: next to the executable if it is there, else in the source tree
/// the binary was built from.
pub fn bundled_dir(name: &str) -> PathBuf {
    let beside_exe = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(name)));
    match beside_exe {
        Some(dir) if dir.is_dir() => dir,
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join(name),
    }
}

/// Why an engine could not start.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The fonts could not be read.
    #[error("cannot load fonts: {0}")]
    Fonts(#[from] std::io::Error),
    /// No font was found at all.
    #[error("no fonts found in {0:?}")]
    NoFonts(Vec<PathBuf>),
    /// The templates could not be loaded.
    #[error(transparent)]
    Templates(#[from] TemplateLoadError),
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// The input has problems; every one is listed.
    #[error("the document has {} problem(s):{}", .0.len(), .0.iter().map(|p| format!("\n  {p}")).collect::<String>())]
    Invalid(Vec<InputProblem>),
    /// Tera failed on the entry template.
    #[error("template error: {}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Template(Vec<Diagnostic>),
    /// Typst failed to compile or export.
    #[error("typesetting failed: {}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Typst(Vec<Diagnostic>),
}

/// A laid-out document with everything said about it.
pub struct Compiled {
    /// The validated input.
    pub document: Document,
    /// Pages and frames, as Typst laid them out.
    pub layout: PagedDocument,
    /// Typst warnings; the bundled templates produce none.
    pub warnings: Vec<Diagnostic>,
    /// Characters no font can draw, when they are allowed (`allow_missing_glyphs`).
    pub missing_glyphs: Vec<InputProblem>,
}

/// A finished PDF with everything said about it.
pub struct RenderedPdf {
    /// The validated input.
    pub document: Document,
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Typst warnings.
    pub warnings: Vec<Diagnostic>,
    /// Characters no font can draw, when they are allowed.
    pub missing_glyphs: Vec<InputProblem>,
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

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum OutputFormat {
    /// One PDF.
    Pdf,
    /// One PNG per page.
    Png,
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
    /// templates in use stay and the error lists every problem with its place.
    pub fn reload_templates(&self) -> Result<Arc<TemplateSet>, ReloadError> {
        let (builtin, user) = &self.template_folders;
        let fresh = Arc::new(TemplateSet::load(builtin, user)?);
        if !fresh.problems().is_empty() {
            return Err(ReloadError::Broken(fresh.problems().to_vec()));
        }
        *self.templates.write().expect("templates lock") = Arc::clone(&fresh);
        Ok(fresh)
    }

    /// Validates a document (including the template it names) and checks that every character
    /// can be drawn. Returns the document and, when they are allowed, the characters that
    /// cannot be drawn.
    pub fn check(&self, input: &Value) -> Result<(Document, Vec<InputProblem>), RenderError> {
        self.check_with(&self.templates(), input)
            .map(|(document, _, missing)| (document, missing))
    }

    /// [`Engine::check`] against one snapshot of the templates, also giving the template.
    fn check_with<'t>(
        &self,
        templates: &'t TemplateSet,
        input: &Value,
    ) -> Result<(Document, &'t Template, Vec<InputProblem>), RenderError> {
        let missing = self.missing_glyphs(input);
        let mut problems = match validate(input, &self.limits) {
            Ok(mut document) => match choose_template(templates, &document) {
                Ok(template) if missing.is_empty() || self.allow_missing_glyphs => {
                    if input.get("layout").is_none()
                        && let Some(layout) = template.manifest.default_layout
                    {
                        document.set_layout(layout);
                    }
                    return Ok((document, template, missing));
                }
                Ok(_) => Vec::new(),
                Err(problem) => vec![problem],
            },
            Err(problems) => problems,
        };
        if !self.allow_missing_glyphs {
            problems.extend(missing);
        }
        Err(RenderError::Invalid(problems))
    }

    /// Validates and lays out a document; a layout over the page limit is an input problem.
    pub fn compile(&self, input: &Value) -> Result<Compiled, RenderError> {
        let templates = self.templates();
        let (document, template, missing_glyphs) = self.check_with(&templates, input)?;
        let context = serde_json::to_value(&document).expect("documents serialize");
        let generated = templates
            .render_entry(template, &context)
            .map_err(|d| RenderError::Template(vec![*d]))?;
        let today = document.signature().date.parse().unwrap_or(NaiveDate::MIN);
        let main = generated.source.clone(); // shares the text
        let world = DocumentWorld::new(&self.library, &self.fonts, &templates, main, today);
        let result = typst::compile::<PagedDocument>(&world);
        if self.compiles.fetch_add(1, Ordering::Relaxed) % EVICT_EVERY == EVICT_EVERY - 1 {
            comemo::evict(CACHE_MAX_AGE);
        }
        let located = |d: &typst::diag::SourceDiagnostic| {
            let mut diagnostic = Diagnostic::from_typst(&world, d);
            templates.locate(template, &generated, &mut diagnostic);
            diagnostic
        };
        let warnings: Vec<Diagnostic> = result.warnings.iter().map(located).collect();
        match result.output {
            Ok(layout) => {
                if let Some(problem) = too_many_pages(layout.pages().len(), &self.limits) {
                    return Err(RenderError::Invalid(vec![problem]));
                }
                Ok(Compiled {
                    document,
                    layout,
                    warnings,
                    missing_glyphs,
                })
            }
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
    /// laying it out: for exporting the document's Typst project.
    pub fn generate(&self, input: &Value) -> Result<GeneratedEntry, RenderError> {
        let templates = self.templates();
        let (document, template, _) = self.check_with(&templates, input)?;
        let context = serde_json::to_value(&document).expect("documents serialize");
        let text = templates
            .render_entry(template, &context)
            .map_err(|d| RenderError::Template(vec![*d]))?
            .source
            .text()
            .to_string();
        let today = document.signature().date.parse().unwrap_or(NaiveDate::MIN);
        Ok(GeneratedEntry {
            templates,
            text,
            today,
        })
    }

    /// Validates, lays out and exports a document as PDF in one call.
    pub fn render_pdf(&self, input: &Value) -> Result<RenderedPdf, RenderError> {
        let compiled = self.compile(input)?;
        let bytes = self.pdf(&compiled)?;
        Ok(RenderedPdf {
            pages: compiled.layout.pages().len(),
            bytes,
            document: compiled.document,
            warnings: compiled.warnings,
            missing_glyphs: compiled.missing_glyphs,
        })
    }

    /// Exports a laid-out document as PDF. The same input always gives the same bytes.
    pub fn pdf(&self, compiled: &Compiled) -> Result<Vec<u8>, RenderError> {
        self.pdf_claiming(
            compiled,
            &compiled.layout,
            typst_pdf::PdfStandards::default(),
        )
    }

    /// Exports a laid-out document as a PDF that claims `standard` (PDF/A or PDF/UA). A
    /// document that cannot meet it is a [`RenderError::Typst`] whose message names the cause.
    pub fn pdf_with_standard(
        &self,
        compiled: &Compiled,
        standard: PdfStandard,
    ) -> Result<Vec<u8>, RenderError> {
        let layout = standard.prepare(&compiled.layout);
        self.pdf_claiming(compiled, &layout, standard.to_typst())
    }

    fn pdf_claiming(
        &self,
        compiled: &Compiled,
        layout: &PagedDocument,
        standards: typst_pdf::PdfStandards,
    ) -> Result<Vec<u8>, RenderError> {
        let signature = compiled.document.signature();
        let timestamp = signature
            .date
            .parse()
            .and_then(|d| {
                use chrono::Datelike;
                typst::foundations::Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
            })
            .map(typst_pdf::Timestamp::new_utc);
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(format!(
                "xuncha-{}-{}",
                compiled.document.kind(),
                stable_hash(compiled.document.title())
            )),
            timestamp,
            standards,
            ..Default::default()
        };
        typst_pdf::pdf(layout, &options).map_err(|errors| {
            RenderError::Typst(
                errors
                    .iter()
                    .map(|d| Diagnostic {
                        severity: "error",
                        message: d.message.to_string(),
                        location: None,
                        hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
                    })
                    .collect(),
            )
        })
    }

    /// Renders each page as a PNG at `dpi` dots per inch.
    pub fn png_pages(&self, compiled: &Compiled, dpi: f32) -> Vec<Vec<u8>> {
        (0..compiled.layout.pages().len())
            .filter_map(|index| self.png_page(compiled, index, dpi))
            .collect()
    }

    /// Renders the page at 0-based `index` as a PNG, if there is such a page.
    pub fn png_page(&self, compiled: &Compiled, index: usize, dpi: f32) -> Option<Vec<u8>> {
        let page = compiled.layout.pages().get(index)?;
        let options = typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new(f64::from(dpi) / 72.0),
            ..Default::default()
        };
        let png = typst_render::render(page, &options)
            .encode_png()
            .expect("encoding a rendered page as PNG cannot fail");
        Some(png)
    }

    /// The page at 0-based `index` as an SVG image, if there is such a page.
    pub fn svg_page(&self, compiled: &Compiled, index: usize) -> Option<String> {
        let page = compiled.layout.pages().get(index)?;
        Some(typst_svg::svg(page, &typst_svg::SvgOptions::default()))
    }

    /// Every character of the input that no font can draw, with its JSON path.
    pub fn missing_glyphs(&self, input: &Value) -> Vec<InputProblem> {
        let mut problems = Vec::new();
        for_each_string(input, &mut String::new(), &mut |path, text| {
            if text.chars().count() > self.limits.max_text_chars {
                return; // refused by validation anyway
            }
            let mut reported = Vec::new();
            for c in text.chars() {
                if c.is_control() || c == ' ' || self.fonts.covers(c) || reported.contains(&c) {
                    continue;
                }
                reported.push(c);
                problems.push(InputProblem::new(
                    path,
                    format!(
                        "字符“{c}”（U+{:04X}）没有任何字体能够显示：请改用常用字，或用 --fonts 指定含该字的字体",
                        c as u32
                    ),
                ));
            }
        });
        problems
    }
}

/// The template a document asks for, or its kind's default; a missing template or one of
/// another kind is a problem at `/template`.
fn choose_template<'t>(
    templates: &'t TemplateSet,
    document: &Document,
) -> Result<&'t Template, InputProblem> {
    let kind = document.kind();
    let Some(name) = document.template() else {
        return Ok(templates.default_for(kind));
    };
    match templates.get(name) {
        Some(template) if template.kind == kind => Ok(template),
        Some(template) => Err(InputProblem::new(
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
            Err(InputProblem::new(
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
/// (`sys.inputs.xuncha-families`) so their font chains name only fonts that exist.
fn build_library(fonts: &FontLibrary) -> Library {
    let families: Array = fonts
        .family_names()
        .into_iter()
        .map(IntoValue::into_value)
        .collect();
    let mut inputs = Dict::new();
    inputs.insert("xuncha-families".into(), families.into_value());
    Library::builder().with_inputs(inputs).build()
}

/// FNV-1a: a hash that stays the same across builds and platforms.
fn stable_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf29ce484222325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x100000001b3);
    }
    format!("{hash:016x}")
}
