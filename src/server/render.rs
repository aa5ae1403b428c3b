//! `POST /v1/render`: one document to a PDF, PDF/A, OFD or Word draft, or one page to PNG or
//! SVG.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use super::error::{ApiError, ApiErrorKind};
use super::extract::{QueryParameters, StrictJson, StrictQuery, format_parameters};
use super::metrics::kind_label;
use super::state::{AppState, Shared, on_pool};
use crate::batch::naming::title_stem;
use crate::format::{self, DocumentFormat, Format, Shape};
use crate::{Document, Engine};

/// Output of `POST /v1/render`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RenderFormat {
    /// The whole document as one file (PDF, PDF/A, OFD, Word draft).
    Document(DocumentFormat),
    /// One page as PNG at a resolution.
    Png { page: usize, dpi: f32 },
    /// One page as SVG.
    Svg { page: usize },
}

/// The formats `/v1/render` writes: the whole document, or one page.
pub const RENDER_SHAPES: &[Shape] = &[Shape::Document, Shape::Pages];

/// The query of `/v1/render`: `format` (any case), `pdf_standard` (with `pdf`), `page` (with
/// `png` and `svg`, from 1), `dpi` (with `png`, 10 to 600). A parameter that does not apply to
/// the format asked for is ignored, as the OpenAPI description says; one with a wrong value is
/// an error in words a person can act on.
impl QueryParameters for RenderFormat {
    const NAMES: &'static [&'static str] = &["format", "pdf_standard", "page", "dpi"];

    fn from_pairs(query: &HashMap<String, String>) -> Result<Self, ApiError> {
        let bad = |message: String| ApiError::new(ApiErrorKind::BadRequest, message);
        let (format, standard) = format_parameters(query, RENDER_SHAPES)?;
        // A parameter that does not apply to the format is ignored, but a wrong value is wrong
        // whatever the format.
        let page = match query.get("page") {
            None => 1,
            Some(text) => text
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|p| *p >= 1)
                .ok_or_else(|| bad(format!("page 应为从 1 开始的页码，收到“{text}”")))?,
        };
        let dpi = match query.get("dpi") {
            None => format::PNG_DEFAULT_DPI,
            Some(text) => format::parse_dpi(text).map_err(bad)?,
        };
        match format {
            Format::Png => Ok(Self::Png { page, dpi }),
            Format::Svg => Ok(Self::Svg { page }),
            Format::Pdf | Format::Ofd | Format::OfdA | Format::Docx => {
                DocumentFormat::new(format, standard)
                    .map(Self::Document)
                    .map_err(bad)
            }
            Format::Typst => unreachable!("not among the render shapes"),
        }
    }
}

/// `POST /v1/render`: one document to a PDF (or PDF/A, OFD, Word draft), or one page to PNG or
/// SVG.
pub async fn render(
    State(app): State<AppState>,
    StrictQuery(format): StrictQuery<RenderFormat>,
    StrictJson(value): StrictJson,
) -> Result<Response, ApiError> {
    let shared = Arc::clone(&app.0);
    let output = on_pool(&app, move |engine| {
        render_on_worker(&shared, engine, &value, format)
    })
    .await??;
    Ok(output.into_response())
}

/// What a worker made of one render request.
struct RenderOutput {
    document: Document,
    /// Pages as laid out; none for a Word draft.
    pages: Option<usize>,
    body: Vec<u8>,
    format: RenderFormat,
}

fn render_on_worker(
    shared: &Shared,
    engine: &Engine,
    value: &Value,
    format: RenderFormat,
) -> Result<RenderOutput, ApiError> {
    let started = Instant::now();
    let kind = kind_label(value.get("doc_kind").and_then(Value::as_str));
    let result = match format {
        RenderFormat::Document(format) => engine
            .render(value, format)
            .map(|rendered| (rendered.document, rendered.pages, Some(rendered.bytes))),
        RenderFormat::Png { page, dpi } => engine.compile(value).map(|compiled| {
            let body = compiled.png_page(page - 1, dpi);
            (
                compiled.document,
                Some(compiled.typeset.pages().len()),
                body,
            )
        }),
        RenderFormat::Svg { page } => engine.compile(value).map(|compiled| {
            let body = compiled.svg_page(page - 1).map(String::into_bytes);
            (
                compiled.document,
                Some(compiled.typeset.pages().len()),
                body,
            )
        }),
    };
    let seconds = started.elapsed().as_secs_f64();
    shared
        .metrics
        .document(kind, result.is_ok(), result.is_ok().then_some(seconds));
    let (document, pages, body) =
        result.map_err(|error| ApiError::from(error).hiding_folders(engine))?;
    let body = body.ok_or_else(|| {
        let asked = match format {
            RenderFormat::Png { page, .. } | RenderFormat::Svg { page } => page,
            RenderFormat::Document(_) => 1,
        };
        ApiError::new(
            ApiErrorKind::BadRequest,
            format!("没有第 {asked} 页：文书共 {} 页", pages.unwrap_or_default()),
        )
    })?;
    Ok(RenderOutput {
        document,
        pages,
        body,
        format,
    })
}

impl IntoResponse for RenderOutput {
    fn into_response(self) -> Response {
        let stem = title_stem(&self.document);
        let kind = self.document.kind().as_str();
        // A document is a download named after the title; a page image is shown inline.
        let (media_type, disposition, suffix) = match self.format {
            RenderFormat::Document(format) => (
                format.media_type(),
                "attachment",
                format!(".{}", format.extension()),
            ),
            RenderFormat::Png { page, .. } => ("image/png", "inline", format!("-{page}.png")),
            RenderFormat::Svg { page } => ("image/svg+xml", "inline", format!("-{page}.svg")),
        };
        let disposition = content_disposition(
            disposition,
            &format!("{stem}{suffix}"),
            &format!("{kind}{suffix}"),
        );
        let mut response = (StatusCode::OK, self.body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media_type));
        headers.insert(header::CONTENT_DISPOSITION, disposition);
        if let Some(pages) = self.pages {
            headers.insert("x-page-count", HeaderValue::from(pages));
        }
        response
    }
}

/// Characters RFC 5987 allows unencoded in `filename*` (attr-char).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename="fallback"; filename*=UTF-8''…` (RFC 6266): the ASCII `fallback` for
/// old clients, the real (Chinese) name for the rest.
pub(super) fn content_disposition(disposition: &str, name: &str, fallback: &str) -> HeaderValue {
    let encoded = utf8_percent_encode(name, ATTR_CHAR);
    HeaderValue::from_str(&format!(
        "{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    ))
    .expect("the value is ASCII without control characters")
}
