//! `POST /v1/render`: one document to a PDF, or one page to PNG or SVG.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use serde_json::Value;

use super::error::{ApiError, ApiErrorKind};
use super::extract::StrictJson;
use super::routes::{api_error_of, kind_label, on_pool};
use super::{AppState, Shared};
use crate::batch::naming::title_stem;
use crate::{Document, Engine};

/// Output of `POST /v1/render`.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum RenderFormat {
    /// The whole document as PDF.
    #[default]
    Pdf,
    /// One page as PNG.
    Png,
    /// One page as SVG.
    Svg,
}

/// Query of `POST /v1/render`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RenderQuery {
    /// `pdf` (default), `png` or `svg`.
    #[serde(default)]
    format: RenderFormat,
    /// 1-based page for `png` and `svg`; default 1.
    page: Option<usize>,
    /// Resolution of `png`; default 144, 10 to 600.
    dpi: Option<f32>,
}

/// `POST /v1/render`: one document to a PDF, or one page to PNG or SVG.
pub(super) async fn render(
    State(app): State<AppState>,
    query: Result<Query<RenderQuery>, QueryRejection>,
    StrictJson(value): StrictJson,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::new(ApiErrorKind::BadRequest, e.body_text()))?;
    let dpi = query.dpi.unwrap_or(144.0);
    if !(10.0..=600.0).contains(&dpi) {
        return Err(ApiError::new(
            ApiErrorKind::BadRequest,
            "dpi must be between 10 and 600",
        ));
    }
    if query.format == RenderFormat::Pdf && (query.page.is_some() || query.dpi.is_some()) {
        return Err(ApiError::new(
            ApiErrorKind::BadRequest,
            "page and dpi apply to format=png and format=svg only",
        ));
    }
    let page = query.page.unwrap_or(1);
    if page == 0 {
        return Err(ApiError::new(
            ApiErrorKind::BadRequest,
            "pages are numbered from 1",
        ));
    }
    let shared = Arc::clone(&app.0);
    let format = query.format;
    let output = on_pool(&app, move |engine| {
        render_on_worker(&shared, engine, &value, format, page, dpi)
    })
    .await??;
    Ok(output.into_response())
}

/// What a worker made of one render request.
struct RenderOutput {
    document: Document,
    pages: usize,
    body: Vec<u8>,
    format: RenderFormat,
    page: usize,
}

fn render_on_worker(
    shared: &Shared,
    engine: &Engine,
    value: &Value,
    format: RenderFormat,
    page: usize,
    dpi: f32,
) -> Result<RenderOutput, ApiError> {
    let started = Instant::now();
    let kind = kind_label(value.get("doc_kind").and_then(Value::as_str));
    let result = engine.compile(value).and_then(|compiled| {
        let pages = compiled.typeset.pages().len();
        let body = match format {
            RenderFormat::Pdf => Some(compiled.pdf()?),
            RenderFormat::Png => compiled.png_page(page - 1, dpi),
            RenderFormat::Svg => compiled.svg_page(page - 1).map(String::into_bytes),
        };
        Ok((compiled.document, pages, body))
    });
    let seconds = started.elapsed().as_secs_f64();
    shared
        .metrics
        .document(kind, result.is_ok(), result.is_ok().then_some(seconds));
    let (document, pages, body) = result.map_err(api_error_of)?;
    let body = body.ok_or_else(|| {
        ApiError::new(
            ApiErrorKind::BadRequest,
            format!("there is no page {page}: the document has {pages} page(s)"),
        )
    })?;
    Ok(RenderOutput {
        document,
        pages,
        body,
        format,
        page,
    })
}

impl IntoResponse for RenderOutput {
    fn into_response(self) -> Response {
        let stem = title_stem(&self.document);
        let kind = self.document.kind().as_str();
        // A PDF is a download named after the title; a page image is shown inline.
        let (media_type, disposition, suffix) = match self.format {
            RenderFormat::Pdf => ("application/pdf", "attachment", ".pdf".to_string()),
            RenderFormat::Png => ("image/png", "inline", format!("-{}.png", self.page)),
            RenderFormat::Svg => ("image/svg+xml", "inline", format!("-{}.svg", self.page)),
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
        headers.insert("x-page-count", HeaderValue::from(self.pages));
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
fn content_disposition(disposition: &str, name: &str, fallback: &str) -> HeaderValue {
    let encoded = utf8_percent_encode(name, ATTR_CHAR);
    HeaderValue::from_str(&format!(
        "{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    ))
    .expect("the value is ASCII without control characters")
}
