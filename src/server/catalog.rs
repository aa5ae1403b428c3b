//! What the service offers: `GET /v1/kinds`, `/v1/formats`, `/v1/schema/{kind}` and
//! `/openapi.json`.

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::batch::BATCH_SHAPES;
use super::error::{ApiError, ApiErrorKind};
use super::render::RENDER_SHAPES;
use super::state::AppState;
use crate::DocKind;
use crate::export::pdf_standard::PdfStandard;
use crate::format::{FORMATS, Shape};

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

/// `GET /v1/formats`: what a document can be written as, from the table of formats, and which
/// routes take each.
pub async fn formats() -> Response {
    let standards: Vec<Value> = PdfStandard::ALL
        .iter()
        .map(|s| json!({"pdf_standard": s.as_str(), "description": s.description()}))
        .collect();
    let listed = |shape: Shape| -> Vec<Value> {
        FORMATS
            .iter()
            .filter(|spec| spec.shape == shape)
            .map(|spec| {
                json!({
                    "format": spec.name,
                    "media_type": spec.media_type,
                    "extension": spec.extension,
                    "pdf_standard": spec.takes_pdf_standard,
                    "description": spec.description,
                    "render": RENDER_SHAPES.contains(&spec.shape),
                    "batch": BATCH_SHAPES.contains(&spec.shape),
                })
            })
            .collect()
    };
    Json(json!({
        "documents": listed(Shape::Document),
        "pages": listed(Shape::Pages),
        "pdf_standards": standards,
    }))
    .into_response()
}

/// `GET /v1/schema/{kind}`: the JSON Schema of one kind's input.
pub async fn schema(Path(name): Path<String>) -> Result<Response, ApiError> {
    let kind: DocKind = name.parse().map_err(|_| {
        let known: Vec<&str> = DocKind::ALL.iter().map(|k| k.as_str()).collect();
        ApiError::new(
            ApiErrorKind::NotFound,
            format!("没有文种“{name}”；可选：{}", known.join("、")),
        )
    })?;
    Ok(Json(kind.schema()).into_response())
}

/// `GET /openapi.json`.
pub async fn openapi(State(app): State<AppState>) -> Response {
    Json(app.openapi.clone()).into_response()
}
