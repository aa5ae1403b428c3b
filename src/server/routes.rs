//! The handlers of every route. Compiles and validations run on the worker pool; handlers only
//! parse, wait and answer.

use std::sync::Arc;
use std::time::Instant;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Deserialize;
use serde_json::{Value, json};

use super::problem::{Problem, ProblemKind};
use super::{AppState, Shared};
use crate::batch::input::{Record, SourceRef};
use crate::batch::manifest::{Entry, Status};
use crate::batch::naming::{NamePattern, title_stem};
use crate::batch::sink::MemoryZip;
use crate::batch::{BatchOptions, Progress};
use crate::{DocKind, Document, Engine, RenderError, json};

/// Output of `POST /v1/render`.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum RenderFormat {
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
pub struct RenderQuery {
    /// `pdf` (default), `png` or `svg`.
    #[serde(default)]
    format: RenderFormat,
    /// 1-based page for `png` and `svg`; default 1.
    page: Option<usize>,
    /// Resolution of `png`; default 144, 10 to 600.
    dpi: Option<f32>,
}

/// `POST /v1/render`: one document to a PDF, or one page to PNG or SVG.
pub async fn render(
    State(app): State<AppState>,
    query: Result<Query<RenderQuery>, QueryRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let Query(query) = query.map_err(|e| Problem::new(ProblemKind::BadRequest, e.body_text()))?;
    let dpi = query.dpi.unwrap_or(144.0);
    if !(10.0..=600.0).contains(&dpi) {
        return Err(Problem::new(
            ProblemKind::BadRequest,
            "dpi must be between 10 and 600",
        ));
    }
    if query.format == RenderFormat::Pdf && (query.page.is_some() || query.dpi.is_some()) {
        return Err(Problem::new(
            ProblemKind::BadRequest,
            "page and dpi apply to format=png and format=svg only",
        ));
    }
    let page = query.page.unwrap_or(1);
    if page == 0 {
        return Err(Problem::new(
            ProblemKind::BadRequest,
            "pages are numbered from 1",
        ));
    }
    let value = json_body(&app, &headers, body)?;
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
) -> Result<RenderOutput, Problem> {
    let started = Instant::now();
    let kind = kind_label(value.get("doc_kind").and_then(Value::as_str));
    let result = engine.compile(value).and_then(|compiled| {
        let pages = compiled.layout.pages().len();
        let body = match format {
            RenderFormat::Pdf => Some(engine.pdf(&compiled)?),
            RenderFormat::Png => engine.png_page(&compiled, page - 1, dpi),
            RenderFormat::Svg => engine.svg_page(&compiled, page - 1).map(String::into_bytes),
        };
        Ok((compiled.document, pages, body))
    });
    let seconds = started.elapsed().as_secs_f64();
    shared
        .metrics
        .document(kind, result.is_ok(), result.is_ok().then_some(seconds));
    let (document, pages, body) = result.map_err(problem_of)?;
    let body = body.ok_or_else(|| {
        Problem::new(
            ProblemKind::BadRequest,
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

/// `POST /v1/validate`: the checks of `xuncha check`, without rendering.
pub async fn validate(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let value = json_body(&app, &headers, body)?;
    let (document, missing_glyphs) = on_pool(&app, move |engine| engine.check(&value))
        .await?
        .map_err(problem_of)?;
    Ok(Json(json!({
        "valid": true,
        "doc_kind": document.kind().as_str(),
        "title": document.title(),
        "missing_glyphs": missing_glyphs,
    }))
    .into_response())
}

/// `POST /v1/batch`: an array of documents to a zip of PDFs with `manifest.json`.
pub async fn batch(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, Problem> {
    let value = json_body(&app, &headers, body)?;
    let Value::Array(items) = value else {
        return Err(Problem::new(
            ProblemKind::BadRequest,
            "the body must be a JSON array of documents",
        ));
    };
    if items.is_empty() {
        return Err(Problem::new(
            ProblemKind::BadRequest,
            "the array holds no document",
        ));
    }
    if app.pool.queued() >= app.pool.queue_capacity() {
        return Err(Problem::overloaded("the render queue is full", 1));
    }
    let records: Vec<Record> = items
        .into_iter()
        .enumerate()
        .map(|(i, input)| Record {
            source: SourceRef::file(format!("/{i}")),
            input: Ok(input),
        })
        .collect();
    let shared = Arc::clone(&app.0);
    let options = BatchOptions {
        names: NamePattern::default(),
        fail_fast: false,
        deadline: Some(Instant::now() + app.config.deadline),
    };
    let (manifest, zip) = tokio::task::spawn_blocking(move || {
        let mut sink = MemoryZip::in_memory();
        let progress = CountDocuments(&shared);
        let manifest = crate::batch::run(&shared.pool, records, &mut sink, &options, &progress)
            .map_err(|e| e.0)?;
        Ok::<_, std::io::Error>((manifest, sink.finish()?.into_inner()))
    })
    .await
    .map_err(|_| Problem::new(ProblemKind::InternalError, "the batch stopped unexpectedly"))?
    .map_err(|e| {
        Problem::new(
            ProblemKind::InternalError,
            format!("cannot build the zip: {e}"),
        )
    })?;
    let mut response = (StatusCode::OK, zip).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/zip"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"xuncha-batch.zip\""),
    );
    headers.insert("x-documents-ok", HeaderValue::from(manifest.ok));
    headers.insert("x-documents-failed", HeaderValue::from(manifest.failed));
    Ok(response)
}

/// Counts the documents of a batch in the metrics.
struct CountDocuments<'a>(&'a Shared);

impl Progress for CountDocuments<'_> {
    fn start(&self, _total: usize) {}

    fn done(&self, entry: &Entry) {
        let kind = kind_label(entry.doc_kind.as_deref());
        self.0
            .metrics
            .document(kind, entry.status == Status::Ok, None);
    }

    fn finish(&self) {}
}

/// `GET /v1/kinds`: the document kinds, their layouts, and the templates of each kind with
/// their versions.
pub async fn kinds(State(app): State<AppState>) -> Response {
    let templates = app.engine.templates();
    let kinds: Vec<Value> = DocKind::ALL
        .iter()
        .map(|&kind| {
            let of_kind: Vec<Value> = templates
                .templates()
                .filter(|t| t.kind == kind)
                .map(|t| {
                    json!({
                        "name": t.name(),
                        "version": t.manifest.version,
                        "description": t.manifest.description,
                        "default": t.name() == kind.as_str(),
                        "builtin": t.builtin,
                    })
                })
                .collect();
            let default_layout = templates
                .default_for(kind)
                .manifest
                .default_layout
                .unwrap_or(kind.layouts()[0]);
            json!({
                "doc_kind": kind.as_str(),
                "name": kind.chinese_name(),
                "layouts": kind.layouts(),
                "default_layout": default_layout,
                "templates": of_kind,
                "schema": format!("/v1/schema/{kind}"),
            })
        })
        .collect();
    Json(json!({
        "kinds": kinds,
        "templates": {"digest": templates.digest()},
        "version": env!("CARGO_PKG_VERSION"),
    }))
    .into_response()
}

/// `GET /v1/schema/{kind}`: the JSON Schema of one kind's input.
pub async fn schema(Path(kind): Path<String>) -> Result<Response, Problem> {
    let kind: DocKind = kind
        .parse()
        .map_err(|message: String| Problem::new(ProblemKind::NotFound, message))?;
    Ok(Json(kind.schema()).into_response())
}

/// `GET /healthz`: the process is alive.
pub async fn healthz() -> Response {
    Json(json!({"status": "ok"})).into_response()
}

/// `GET /readyz`: fonts and templates are loaded and the queue has room.
pub async fn readyz(State(app): State<AppState>) -> Response {
    let (queued, capacity) = (app.pool.queued(), app.pool.queue_capacity());
    let ready = queued < capacity;
    let body = json!({
        "status": if ready { "ready" } else { "busy" },
        "fonts": app.engine.fonts().len(),
        "templates": app.engine.templates().digest(),
        "workers": app.pool.workers(),
        "busy": app.pool.busy(),
        "queued": queued,
        "queue_capacity": capacity,
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// `GET /metrics`: Prometheus metrics.
pub async fn metrics(State(app): State<AppState>) -> Response {
    let text = app.metrics.encode(&app.pool);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// `GET /openapi.json`.
pub async fn openapi() -> Response {
    Json(super::openapi::document()).into_response()
}

/// Any other path.
pub async fn not_found() -> Problem {
    Problem::new(ProblemKind::NotFound, "no such route; see /openapi.json")
}

/// A known path with the wrong method.
pub async fn method_not_allowed() -> Problem {
    Problem::new(
        ProblemKind::MethodNotAllowed,
        "this route does not take that method; see /openapi.json",
    )
}

/// Runs `work` on the worker pool and waits for it, refusing at once when the queue is full
/// and giving up at the deadline (the work is then skipped if it has not started).
async fn on_pool<T: Send + 'static>(
    app: &AppState,
    work: impl FnOnce(&Engine) -> T + Send + 'static,
) -> Result<T, Problem> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let limit = app.config.deadline;
    let deadline = Instant::now() + limit;
    app.pool
        .try_submit(Box::new(move |engine: &Engine| {
            if Instant::now() < deadline {
                let _ = sender.send(work(engine));
            }
        }))
        .map_err(|_| Problem::overloaded("the render queue is full; try again shortly", 1))?;
    let too_late = || {
        Problem::overloaded(
            format!("not finished within the {} s deadline", limit.as_secs_f64()),
            1,
        )
    };
    match tokio::time::timeout(limit, receiver).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) if Instant::now() >= deadline => Err(too_late()),
        Ok(Err(_)) => Err(Problem::new(
            ProblemKind::InternalError,
            "the worker stopped while rendering this document",
        )),
        Err(_) => Err(too_late()),
    }
}

/// Parses a JSON request body after checking its media type and size.
fn json_body(
    app: &AppState,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Value, Problem> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if essence != "application/json" && !essence.ends_with("+json") {
        return Err(Problem::new(
            ProblemKind::UnsupportedMediaType,
            format!("got Content-Type {media_type:?}; send application/json"),
        ));
    }
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Problem::new(
                ProblemKind::PayloadTooLarge,
                format!(
                    "the body is over the limit of {} bytes",
                    app.config.max_body_bytes
                ),
            )
        } else {
            Problem::new(ProblemKind::BadRequest, rejection.body_text())
        }
    })?;
    json::parse_bytes(&bytes).map_err(|e| Problem::malformed_json(&e))
}

/// Maps an engine error to its response.
fn problem_of(error: RenderError) -> Problem {
    match error {
        RenderError::Invalid(problems) => Problem::invalid(problems),
        RenderError::Template(diagnostics) => {
            Problem::template("the template failed to expand", diagnostics)
        }
        RenderError::Typst(diagnostics) => {
            Problem::template("the template failed to typeset this document", diagnostics)
        }
    }
}

/// The document kind for metric labels: a known kind, or `unknown` (never the client's text).
fn kind_label(doc_kind: Option<&str>) -> &'static str {
    doc_kind
        .and_then(|k| k.parse::<DocKind>().ok())
        .map_or("unknown", DocKind::as_str)
}
