//! The handlers of every route but `/v1/render` ([`super::render`]), and the bridge to the
//! worker pool. Compiles and validations run on the pool; handlers only parse, wait and answer.

use std::sync::Arc;
use std::time::Instant;

use std::collections::HashMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::error::{ApiError, ApiErrorKind};
use super::extract::StrictJson;
use super::render::query_pairs;
use super::{AppState, Shared};
use crate::batch::input::{Origin, Record};
use crate::batch::manifest::{Entry, Status};
use crate::batch::naming::NamePattern;
use crate::batch::sink::MemoryZip;
use crate::batch::{BatchOptions, Progress};
use crate::export::DocumentFormat;
use crate::export::pdf_standard::PdfStandard;
use crate::{DocKind, Engine, RenderError};

/// The query parameters `/v1/batch` takes.
pub(super) const BATCH_PARAMETERS: [&str; 2] = ["format", "pdf_standard"];

/// `POST /v1/validate`: the checks of `xuncha check`, without rendering.
pub async fn validate(
    State(app): State<AppState>,
    StrictJson(value): StrictJson,
) -> Result<Response, ApiError> {
    let validated = on_pool(&app, move |engine| engine.validate(&value))
        .await?
        .map_err(api_error_of)?;
    let document = &validated.document;
    Ok(Json(json!({
        "valid": true,
        "doc_kind": document.kind().as_str(),
        "title": document.title(),
        "warnings": validated.warnings(),
        "missing_glyphs": validated.missing_glyphs,
    }))
    .into_response())
}

/// `POST /v1/batch`: an array of documents to a zip of PDFs (`?format=ofd` or `ofd-a`: OFD;
/// `?pdf_standard=a-2b` …: PDF/A or PDF/UA) with `manifest.json`.
pub async fn batch(
    State(app): State<AppState>,
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
    StrictJson(value): StrictJson,
) -> Result<Response, ApiError> {
    let format = batch_format(query)?;
    let Value::Array(items) = value else {
        return Err(ApiError::new(
            ApiErrorKind::BadRequest,
            "请求体应为文书组成的 JSON 数组 [{…}, {…}]",
        ));
    };
    if items.is_empty() {
        return Err(ApiError::new(ApiErrorKind::BadRequest, "数组中没有文书"));
    }
    if app.pool.queued() >= app.pool.queue_capacity() {
        return Err(ApiError::overloaded("排版队列已满，请稍后重试", 1));
    }
    let records: Vec<Record> = items
        .into_iter()
        .enumerate()
        .map(|(i, input)| Record {
            source: Origin::file(format!("/{i}")),
            input: Ok(input),
        })
        .collect();
    let shared = Arc::clone(&app.0);
    let options = BatchOptions {
        names: NamePattern::default(),
        fail_fast: false,
        deadline: Some(Instant::now() + app.config.deadline),
        format,
        notes: Vec::new(),
    };
    let (manifest, zip) = tokio::task::spawn_blocking(move || {
        let mut sink = MemoryZip::in_memory();
        let progress = CountDocuments(&shared);
        let manifest = crate::batch::run(&shared.pool, records, &mut sink, &options, &progress)
            .map_err(|e| e.0)?;
        Ok::<_, std::io::Error>((manifest, sink.finish()?.into_inner()))
    })
    .await
    .map_err(|_| ApiError::new(ApiErrorKind::InternalError, "批量任务意外中止"))?
    .map_err(|e| ApiError::new(ApiErrorKind::InternalError, format!("无法生成 zip：{e}")))?;
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

/// The file format of a batch's documents from its query (`format`, `pdf_standard`); any other
/// parameter is a 400.
pub(super) fn batch_format(
    query: Result<Query<HashMap<String, String>>, QueryRejection>,
) -> Result<DocumentFormat, ApiError> {
    let query = query_pairs(query)?;
    if let Some(unknown) = query
        .keys()
        .find(|k| !BATCH_PARAMETERS.contains(&k.as_str()))
    {
        return Err(ApiError::new(
            ApiErrorKind::BadRequest,
            format!(
                "未知的查询参数“{unknown}”；可用：{}",
                BATCH_PARAMETERS.join("、")
            ),
        ));
    }
    DocumentFormat::parse(
        &query
            .get("format")
            .map_or("pdf".to_string(), |f| f.trim().to_ascii_lowercase()),
        query.get("pdf_standard").map(String::as_str),
    )
    .map_err(|message| ApiError::new(ApiErrorKind::BadRequest, message))
}

/// Counts the documents of a batch in the metrics.
pub(super) struct CountDocuments<'a>(pub(super) &'a Shared);

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
                "sample": format!("/v1/sample/{kind}"),
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

/// `GET /v1/formats`: what a document can be written as, from `/v1/render` and `/v1/batch`.
pub async fn formats() -> Response {
    let standards: Vec<Value> = PdfStandard::ALL
        .iter()
        .map(|s| json!({"pdf_standard": s.as_str(), "description": s.description()}))
        .collect();
    Json(json!({
        "documents": [
            {"format": "pdf", "media_type": "application/pdf", "description": "PDF 1.7; with pdf_standard, PDF/A or PDF/UA"},
            {"format": "ofd", "media_type": "application/ofd", "description": "OFD (GB/T 33190-2016)"},
            {"format": "ofd-a", "media_type": "application/ofd", "description": "OFD for archiving (DocType OFD-A)"},
        ],
        "pages": [
            {"format": "png", "media_type": "image/png", "description": "one page (page, dpi)"},
            {"format": "svg", "media_type": "image/svg+xml", "description": "one page (page)"},
        ],
        "pdf_standards": standards,
    }))
    .into_response()
}

/// `GET /v1/schema/{kind}`: the JSON Schema of one kind's input.
pub async fn schema(Path(kind): Path<String>) -> Result<Response, ApiError> {
    let kind: DocKind = kind
        .parse()
        .map_err(|message: String| ApiError::new(ApiErrorKind::NotFound, message))?;
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
pub async fn openapi(State(app): State<AppState>) -> Response {
    Json(app.openapi.clone()).into_response()
}

/// Any other path.
pub async fn not_found() -> ApiError {
    ApiError::new(
        ApiErrorKind::NotFound,
        "没有这个接口；可用的接口见 /openapi.json",
    )
}

/// A known path with the wrong method.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ApiErrorKind::MethodNotAllowed,
        "这个接口不接受该请求方法；见 /openapi.json",
    )
}

/// Runs `work` on the worker pool and waits for it, refusing at once when the queue is full
/// and giving up at the deadline (the work is then skipped if it has not started).
pub(super) async fn on_pool<T: Send + 'static>(
    app: &AppState,
    work: impl FnOnce(&Engine) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let limit = app.config.deadline;
    let deadline = Instant::now() + limit;
    app.pool
        .try_submit(Box::new(move |engine: &Engine| {
            if Instant::now() < deadline {
                let _ = sender.send(work(engine));
            }
        }))
        .map_err(|_| ApiError::overloaded("排版队列已满，请稍后重试", 1))?;
    let too_late = || {
        ApiError::overloaded(
            format!("未在 {} 秒的时限（deadline）内完成", limit.as_secs_f64()),
            1,
        )
    };
    match tokio::time::timeout(limit, receiver).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) if Instant::now() >= deadline => Err(too_late()),
        Ok(Err(_)) => Err(ApiError::new(
            ApiErrorKind::InternalError,
            "排版进程在处理这份文书时中止",
        )),
        Err(_) => Err(too_late()),
    }
}

/// Maps an engine error to its response.
pub(super) fn api_error_of(error: RenderError) -> ApiError {
    match error {
        RenderError::Invalid(errors) => ApiError::invalid(errors),
        RenderError::Template(diagnostics) => ApiError::template(
            "模板展开失败（模板的问题，不是文书数据的问题），见 diagnostics",
            diagnostics,
        ),
        RenderError::Unconverged(diagnostics) => ApiError::template(
            "模板的版面没有收敛，文书未输出（模板的问题），见 diagnostics",
            diagnostics,
        ),
        RenderError::Typst(diagnostics) => ApiError::template(
            "模板排版这份文书失败（模板的问题），见 diagnostics",
            diagnostics,
        ),
    }
}

/// The document kind for metric labels: a known kind, or `unknown` (never the client's text).
pub(super) fn kind_label(doc_kind: Option<&str>) -> &'static str {
    doc_kind
        .and_then(|k| k.parse::<DocKind>().ok())
        .map_or("unknown", DocKind::as_str)
}
