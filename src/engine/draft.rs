//! Word drafts: the validated document written by [`crate::docx`], which builds from the model
//! and the frame rather than from laid-out pages, so no layout runs; a seal picture is drawn by
//! Typst as the templates draw it.

use chrono::NaiveDate;
use serde_json::Value;
use typst::syntax::{RootedPath, Source, VirtualPath, VirtualRoot};
use typst_layout::PagedDocument;

use super::{Chosen, Engine, RenderError, RenderedDocument, Validated};
use crate::docx::{self, DocxError, DocxOptions, ListSpecs, SealPicture};
use crate::export::pages;
use crate::model::InspectionList;
use crate::template::TemplateSet;
use crate::template::escape::to_typst_string_literal;
use crate::typeset::diagnostics::from_typst;
use crate::typeset::world::{DocumentWorld, SourceFiles};

/// How wide the templates draw a seal (`seal-size` in `templates/lib/spec.typ`).
const SEAL_WIDTH_MM: u32 = 42;

/// The resolution of the seal picture: print quality at its printed size.
const SEAL_DPI: f32 = 300.0;

impl Engine {
    /// Validates a document as [`Engine::compile`] does (the same errors at the same paths)
    /// and writes its editable Word draft (`.docx`). Nothing is laid out, so the draft has no
    /// page count: Word or WPS paginate it when it is opened.
    pub fn draft(&self, input: &Value) -> Result<RenderedDocument, RenderError> {
        let templates = self.templates();
        let Chosen {
            validated:
                Validated {
                    document,
                    missing_glyphs,
                    ..
                },
            ..
        } = self.validate_with(&templates, input)?;
        let signature = document.common().signature;
        let seal = match signature.seal_image_ref.as_deref() {
            Some(name) => Some(self.seal_picture(&templates, name, document.date())?),
            None => None,
        };
        let lists = match document.downcast_ref::<InspectionList>() {
            Some(_) => Some(list_specs(&templates)?),
            None => None,
        };
        let bytes = docx::docx(&document, &DocxOptions { seal, lists })?;
        Ok(RenderedDocument {
            document,
            bytes,
            pages: None,
            warnings: Vec::new(),
            missing_glyphs,
        })
    }

    /// The seal image `name` from the templates' `seals/` as a PNG, drawn by Typst as the
    /// templates draw it (an SVG seal's text in the bundled fonts), with its size in points.
    fn seal_picture(
        &self,
        templates: &TemplateSet,
        name: &str,
        date: Option<NaiveDate>,
    ) -> Result<SealPicture, RenderError> {
        let path = to_typst_string_literal(&format!("/seals/{name}"));
        let text = format!(
            "#set page(width: auto, height: auto, margin: 0pt, fill: none)\n\
             #image({path}, width: {SEAL_WIDTH_MM}mm)"
        );
        let id = RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new("/seal.typ").expect("a plain file name"),
        )
        .intern();
        let world = DocumentWorld::new(
            &self.library,
            &self.fonts,
            templates,
            Source::new(id, text),
            date.unwrap_or(NaiveDate::MIN),
        );
        let typeset = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errors| {
                RenderError::Typst(errors.iter().map(|d| from_typst(&world, d)).collect())
            })?;
        let size = typeset.pages()[0].frame.size();
        let png = pages::png_page(&typeset, 0, SEAL_DPI).expect("the seal has its one page");
        Ok(SealPicture {
            png,
            width: size.x.to_pt(),
            height: size.y.to_pt(),
        })
    }
}

/// The 巡察清单's `lists.toml` (its list types' lead sentences and columns), read as the list
/// template's Typst source reads it: `/inspection_list/lists.toml`, through the template layers,
/// so that a user's layer holding that file changes the PDF and the draft alike.
fn list_specs(templates: &TemplateSet) -> Result<ListSpecs, DocxError> {
    let path = VirtualPath::new("/inspection_list/lists.toml").expect("a plain path");
    let bytes = templates
        .file(RootedPath::new(VirtualRoot::Project, path).intern())
        .map_err(|e| DocxError::ListColumns(format!("无法读取：{e}")))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| DocxError::ListColumns("不是 UTF-8 文本".to_string()))?;
    toml::from_str(text).map_err(|e| DocxError::ListColumns(e.to_string()))
}
