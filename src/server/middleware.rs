//! What wraps every request: a request id, a log line, metrics, the optional bearer token, and
//! CORS for the origins allowed.

use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tracing::Instrument;

use super::error::{ApiError, ApiErrorKind};
use super::state::AppState;

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

/// Asks the client to close its connection after this response once the process is draining
/// (`Connection: close`, which hyper honours by closing it when the response is sent), so that
/// no keep-alive connection is left idle to be cut when the process ends.
pub async fn close_when_draining(
    State(app): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if app.draining.load(Ordering::SeqCst) {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Requires `Authorization: Bearer <token>` (the scheme in any case, RFC 9110 §11.1) when a
/// token is set; the router puts it on the protected routes only.
pub async fn authorize(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let Some(token) = app.config.token.as_deref() else {
        return next.run(request).await;
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token);
    match given {
        Some(given) if same_secret(given.as_bytes(), token.as_bytes()) => next.run(request).await,
        Some(_) => ApiError::new(ApiErrorKind::Unauthorized, "令牌不正确").into_response(),
        None => ApiError::new(
            ApiErrorKind::Unauthorized,
            "缺少令牌：请在请求头中发送 `Authorization: Bearer <令牌>`",
        )
        .into_response(),
    }
}

/// The token of an `Authorization` header value with the Bearer scheme, in any case.
fn bearer_token(value: &str) -> Option<&str> {
    let (scheme, token) = value.trim().split_once(char::is_whitespace)?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The CORS layer for `--cors-origin`: the origins given (or any, for `*`), the API's methods
/// and request headers, and the response headers a page may read. `None` when no origin is
/// given: browsers then refuse cross-origin calls, as before.
pub fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allowed = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()))
    };
    let exposed = [
        "content-disposition",
        "x-page-count",
        "x-request-id",
        "x-documents-ok",
        "x-documents-failed",
        "retry-after",
    ]
    .map(HeaderName::from_static);
    Some(
        CorsLayer::new()
            .allow_origin(allowed)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers(exposed)
            .max_age(std::time::Duration::from_secs(3600)),
    )
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

    #[test]
    fn the_bearer_scheme_is_read_in_any_case() {
        for header in ["Bearer T", "bearer T", "BEARER  T ", "\tbEaReR\tT"] {
            assert_eq!(bearer_token(header), Some("T"), "{header:?}");
        }
        for header in ["Basic T", "Bearer", "Bearer   ", "BearerT", "T"] {
            assert_eq!(bearer_token(header), None, "{header:?}");
        }
    }
}
