//! `GET /v1/sample/{kind}`: the sample document of a kind's template, a valid document to start
//! from (the workbench's “载入示例”; a client's test data).

use axum::Json;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::{ApiError, ApiErrorKind};
use crate::DocKind;
use crate::batch::input::read_json_file;

/// The sample of the kind's default template, as its `sample.json` has it.
pub(super) async fn sample(
    State(app): State<AppState>,
    Path(kind): Path<String>,
) -> Result<Response, ApiError> {
    let kind: DocKind = kind
        .parse()
        .map_err(|message: String| ApiError::new(ApiErrorKind::NotFound, message))?;
    let path = app.engine.templates().default_for(kind).sample_path();
    let sample = tokio::task::spawn_blocking(move || read_json_file(&path))
        .await
        .ok()
        .and_then(Result::ok);
    // The reason stays in the server: it names the template's folder.
    let sample = sample.ok_or_else(|| {
        ApiError::new(
            ApiErrorKind::NotFound,
            format!("“{}”的模板没有可读的示例", kind.chinese_name()),
        )
    })?;
    Ok(Json(sample).into_response())
}
