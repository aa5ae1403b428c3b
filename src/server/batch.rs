//! `POST /v1/batch`: many documents to a zip with a manifest.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use super::error::{ApiError, ApiErrorKind, template_folders};
use super::extract::{QueryParameters, StrictJson, StrictQuery, format_parameters};
use super::metrics::kind_label;
use super::state::{AppState, Shared};
use crate::batch::manifest::{Entry, Status};
use crate::batch::naming::NamePattern;
use crate::batch::sink::MemoryZip;
use crate::batch::{BatchOptions, Progress};
use crate::format::{DocumentFormat, Shape};
use crate::record::{Origin, Record};

/// The formats `/v1/batch` writes: one file per document.
pub const BATCH_SHAPES: &[Shape] = &[Shape::Document];

/// The query of `/v1/batch`: `format` and `pdf_standard`, as for `/v1/render`.
pub struct BatchQuery(pub DocumentFormat);

impl QueryParameters for BatchQuery {
    const NAMES: &'static [&'static str] = &["format", "pdf_standard"];

    fn from_pairs(pairs: &HashMap<String, String>) -> Result<Self, ApiError> {
        let (format, standard) = format_parameters(pairs, BATCH_SHAPES)?;
        DocumentFormat::new(format, standard)
            .map(BatchQuery)
            .map_err(|message| ApiError::new(ApiErrorKind::BadRequest, message))
    }
}

/// `POST /v1/batch`: an array of documents to a zip of PDFs (`?format=ofd` or `ofd-a`: OFD;
/// `?pdf_standard=a-2b` …: PDF/A or PDF/UA) with `manifest.json`.
pub async fn batch(
    State(app): State<AppState>,
    StrictQuery(BatchQuery(format)): StrictQuery<BatchQuery>,
    StrictJson(value): StrictJson,
) -> Result<Response, ApiError> {
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
        drafts: false,
        notes: Vec::new(),
        hidden_folders: template_folders(&app.engine),
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

/// Counts the documents of a batch in the metrics.
pub struct CountDocuments<'a>(pub &'a Shared);

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
