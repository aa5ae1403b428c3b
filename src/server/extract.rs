//! [`StrictJson`]: a request body read as one JSON document, strictly (see
//! [`crate::input::json`]), refused as problem details when it is not.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde_json::Value;

use super::AppState;
use super::error::{ApiError, ApiErrorKind};
use crate::input::json;

/// A JSON body: `Content-Type` must be JSON (415 otherwise), the body within `--max-body`
/// (413), and the text one JSON document with no key given twice (400, the key's path in
/// `errors`).
pub struct StrictJson(pub Value);

impl FromRequest<AppState> for StrictJson {
    type Rejection = ApiError;

    async fn from_request(request: Request, app: &AppState) -> Result<Self, ApiError> {
        let media_type = request
            .headers()
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
            return Err(ApiError::new(
                ApiErrorKind::UnsupportedMediaType,
                format!("Content-Type 为 {media_type:?}，应为 application/json"),
            ));
        }
        let bytes = Bytes::from_request(request, app)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        ApiErrorKind::PayloadTooLarge,
                        format!("请求体超过 {} 字节的上限", app.config.max_body_bytes),
                    )
                } else {
                    ApiError::new(ApiErrorKind::BadRequest, rejection.body_text())
                }
            })?;
        json::parse_bytes(&bytes)
            .map(StrictJson)
            .map_err(|e| ApiError::malformed_json(&e))
    }
}
