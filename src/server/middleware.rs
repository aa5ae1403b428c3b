//! What wraps every request: a request id, a log line, metrics, and the optional bearer token.

use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use super::AppState;
use super::error::{ApiError, ApiErrorKind};

/// The header that carries the request id, both ways.
const REQUEST_ID: &str = "x-request-id";

/// Gives the request an id (the client's `X-Request-Id` if it is sane, else a new UUID), logs
/// it with its outcome, counts it, and returns the id in the response.
pub async fn observe(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 64 && v.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let method = request.method().to_string();
    let path = request.uri().path().to_string();
    let span = tracing::info_span!("request", request_id = %id, method = %method, path = %path);
    let started = Instant::now();
    let mut response = next.run(request).instrument(span.clone()).await;
    let status = response.status().as_u16();
    // The route's pattern, never the client's path, so that metrics have few label values.
    let route = response
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str);
    app.metrics.request(route, &method, status);
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    span.in_scope(|| {
        tracing::info!(
            status,
            elapsed_ms = (started.elapsed().as_secs_f64() * 10_000.0).round() / 10.0,
            "answered"
        );
    });
    response
}

/// Requires `Authorization: Bearer <token>` on every route but `/healthz` when a token is set.
pub async fn authorize(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let Some(token) = app.config.token.as_deref() else {
        return next.run(request).await;
    };
    if request.uri().path() == "/healthz" {
        return next.run(request).await;
    }
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match given {
        Some(given) if same_secret(given.trim().as_bytes(), token.as_bytes()) => {
            next.run(request).await
        }
        Some(_) => {
            ApiError::new(ApiErrorKind::Unauthorized, "the bearer token is wrong").into_response()
        }
        None => ApiError::new(
            ApiErrorKind::Unauthorized,
            "send the token as `Authorization: Bearer <token>`",
        )
        .into_response(),
    }
}

/// Compares two secrets in time that depends only on their lengths.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Hands the route's pattern (axum's [`MatchedPath`], known only once a route matched) out to
/// [`observe`], which wraps the router, in the response's extensions. Applied with
/// `route_layer`, so requests no route matches keep none and are labelled `unmatched`.
pub async fn matched_route(request: Request, next: Next) -> Response {
    let matched = request.extensions().get::<MatchedPath>().cloned();
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.extensions_mut().insert(matched);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_compare_by_content_and_length() {
        assert!(same_secret(b"s3cret", b"s3cret"));
        assert!(!same_secret(b"s3cret", b"s3creT"));
        assert!(!same_secret(b"s3cret", b"s3cret!"));
    }
}
