//! Extractors that refuse as problem details, in words a person can act on: [`StrictJson`], a
//! request body read as one JSON document, strictly (see [`crate::input::json`]), and
//! [`StrictQuery`], a query string of known parameters.

use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use serde_json::Value;

use super::error::{ApiError, ApiErrorKind};
use super::state::AppState;
use crate::export::pdf_standard::PdfStandard;
use crate::format::{Format, Shape};
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

/// What a route's query string says, read from its `name=value` pairs.
pub trait QueryParameters: Sized {
    /// Every parameter the route takes; any other is refused.
    const NAMES: &'static [&'static str];

    /// The parameters from the pairs given (each name one of [`Self::NAMES`]); a value that is
    /// wrong is a 400 in words a person can act on.
    fn from_pairs(pairs: &HashMap<String, String>) -> Result<Self, ApiError>;
}

/// A query string of known parameters: one that cannot be parsed, or names a parameter the
/// route does not take, is a 400 that lists the parameters it does.
pub struct StrictQuery<T>(pub T);

impl<T: QueryParameters, S: Send + Sync> FromRequestParts<S> for StrictQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let bad = |message: String| ApiError::new(ApiErrorKind::BadRequest, message);
        let Query(pairs) = Query::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                bad(
                    "查询字符串无法解析：应为 name=value，以 & 分隔，非 ASCII 字符需百分号编码"
                        .to_string(),
                )
            })?;
        if let Some(unknown) = pairs.keys().find(|k| !T::NAMES.contains(&k.as_str())) {
            return Err(bad(format!(
                "未知的查询参数“{unknown}”；可用：{}",
                T::NAMES.join("、")
            )));
        }
        T::from_pairs(&pairs).map(StrictQuery)
    }
}

/// The `format` parameter (any case; `pdf` when absent), among the formats of `shapes`, and the
/// `pdf_standard` parameter when the format takes one: for any other format a known standard is
/// ignored, as the OpenAPI document says of every parameter that does not apply.
pub fn format_parameters(
    pairs: &HashMap<String, String>,
    shapes: &[Shape],
) -> Result<(Format, Option<PdfStandard>), ApiError> {
    let bad = |message: String| ApiError::new(ApiErrorKind::BadRequest, message);
    let format = match pairs.get("format") {
        None => Format::Pdf,
        Some(name) => Format::parse_among(name, shapes).map_err(bad)?,
    };
    let standard = match pairs.get("pdf_standard") {
        None => None,
        Some(name) => Some(name.trim().parse::<PdfStandard>().map_err(|_| {
            let names: Vec<&str> = PdfStandard::ALL.iter().map(|s| s.as_str()).collect();
            bad(format!(
                "未知的 PDF 标准“{name}”，可选：{}",
                names.join("、")
            ))
        })?),
    };
    // A known standard is ignored by a format it does not apply to; an unknown one is an error
    // whatever the format.
    let standard = standard.filter(|_| format.spec().takes_pdf_standard);
    Ok((format, standard))
}
