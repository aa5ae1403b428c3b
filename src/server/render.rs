//! `POST /v1/render`: one document to a PDF, PDF/A or OFD, or one page to PNG or SVG.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use super::error::{ApiError, ApiErrorKind};
use super::extract::StrictJson;
use super::routes::{api_error_of, kind_label, on_pool};
use super::{AppState, Shared};
use crate::batch::naming::title_stem;
use crate::export::DocumentFormat;
use crate::{Document, Engine};

/// Output of `POST /v1/render`.
#[derive(Debug, Clone, Copy, PartialEq)]
enum RenderFormat {
    /// The whole document as one file (PDF, PDF/A, OFD).
    Document(DocumentFormat),
    /// One page as PNG at a resolution.
    Png { page: usize, dpi: f32 },
    /// One page as SVG.
    Svg { page: usize },
}

/// The query parameters `/v1/render` takes; each applies to the formats its description names
/// and is ignored by the others.
pub(super) const RENDER_PARAMETERS: [&str; 4] = ["format", "pdf_standard", "page", "dpi"];

impl RenderFormat {
    /// Reads the query: `format` (`pdf`, `png`, `svg`, `ofd`, `ofd-a`; any case), `pdf_standard`
    /// (with `pdf`), `page` (with `png` and `svg`, from 1), `dpi` (with `png`, 10 to 600). A
    /// parameter that does not apply to the format asked for is ignored, as the OpenAPI
    /// description says; one with a wrong value is an error in words a person can act on, for
    /// every format.
    fn from_query(query: &HashMap<String, String>) -> Result<Self, ApiError> {
        let bad = |message: String| ApiError::new(ApiErrorKind::BadRequest, message);
        if let Some(unknown) = query
            .keys()
            .find(|k| !RENDER_PARAMETERS.contains(&k.as_str()))
        {
            return Err(bad(format!(
                "未知的查询参数“{unknown}”；可用：{}",
                RENDER_PARAMETERS.join("、")
            )));
        }
        let format = query
            .get("format")
            .map_or("pdf".to_string(), |f| f.trim().to_ascii_lowercase());
        // A value that does not apply to the format is still checked, as the description's
        // bounds say, but not used.
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
            None => 144.0,
            Some(text) => text
                .trim()
                .parse::<f32>()
                .ok()
                .filter(|d| (10.0..=600.0).contains(d))
                .ok_or_else(|| bad(format!("dpi 应为 10 到 600 之间的数，收到“{text}”")))?,
        };
        match format.as_str() {
            "png" => Ok(Self::Png { page, dpi }),
            "svg" => Ok(Self::Svg { page }),
            document => {
                let standard = query.get("pdf_standard").map(String::as_str);
                DocumentFormat::parse(document, standard)
                    .map(Self::Document)
                    .map_err(|message| {
                        bad(
                            if document == "pdf" || document == "ofd" || document == "ofd-a" {
                                message
                            } else {
                                format!("未知的格式“{document}”，可选：pdf、png、svg、ofd、ofd-a")
                            },
                        )
                    })
            }
        }
    }
}

/// `POST /v1/render`: one document to a PDF (or PDF/A, OFD), or one page to PNG or SVG.
pub(super) async fn render(
    State(app): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    StrictJson(value): StrictJson,
) -> Result<Response, ApiError> {
    let format = RenderFormat::from_query(&query_pairs(query)?)?;
    let shared = Arc::clone(&app.0);
    let output = on_pool(&app, move |engine| {
        render_on_worker(&shared, engine, &value, format)
    })
    .await??;
    Ok(output.into_response())
}

/// The query's parameters, or a 400 in words a person can act on when it cannot be read.
pub(super) fn query_pairs(
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<HashMap<String, String>, ApiError> {
    query.map(|Query(pairs)| pairs).map_err(|_| {
        ApiError::new(
            ApiErrorKind::BadRequest,
            "查询字符串无法解析：应为 name=value，以 & 分隔，非 ASCII 字符需百分号编码",
        )
    })
}

/// What a worker made of one render request.
struct RenderOutput {
    document: Document,
    pages: usize,
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
    let result = engine.compile(value).and_then(|compiled| {
        let pages = compiled.typeset.pages().len();
        let body = match format {
            RenderFormat::Document(format) => Some(compiled.export(format)?),
            RenderFormat::Png { page, dpi } => compiled.png_page(page - 1, dpi),
            RenderFormat::Svg { page } => compiled.svg_page(page - 1).map(String::into_bytes),
        };
        Ok((compiled.document, pages, body))
    });
    let seconds = started.elapsed().as_secs_f64();
    shared
        .metrics
        .document(kind, result.is_ok(), result.is_ok().then_some(seconds));
    let (document, pages, body) = result.map_err(api_error_of)?;
    let body = body.ok_or_else(|| {
        let asked = match format {
            RenderFormat::Png { page, .. } | RenderFormat::Svg { page } => page,
            RenderFormat::Document(_) => 1,
        };
        ApiError::new(
            ApiErrorKind::BadRequest,
            format!("没有第 {asked} 页：文书共 {pages} 页"),
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
pub(super) fn content_disposition(disposition: &str, name: &str, fallback: &str) -> HeaderValue {
    let encoded = utf8_percent_encode(name, ATTR_CHAR);
    HeaderValue::from_str(&format!(
        "{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
    ))
    .expect("the value is ASCII without control characters")
}
