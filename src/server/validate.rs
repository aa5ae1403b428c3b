//! `POST /v1/validate`: the checks of `xuncha check`, without rendering.

use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::error::ApiError;
use super::extract::StrictJson;
use super::state::{AppState, on_pool};

/// `POST /v1/validate`: the checks of `xuncha check`, without rendering.
pub async fn validate(
    State(app): State<AppState>,
    StrictJson(value): StrictJson,
) -> Result<Response, ApiError> {
    let validated = on_pool(&app, move |engine| engine.validate(&value)).await??;
    let document = &validated.document;
    Ok(Json(json!({
        "valid": true,
        "doc_kind": document.kind().as_str(),
        "title": document.title_text(),
        "warnings": validated.warnings(),
        "missing_glyphs": validated.missing_glyphs,
    }))
    .into_response())
}
