//! Every route, with its middleware: the open routes (probes that send no token, the workbench
//! page's files), the protected ones behind the bearer token, and around both the request log,
//! metrics, the security headers and CORS.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::handler::Handler;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};

use super::error::{method_not_allowed, not_found};
use super::state::AppState;
use super::{batch, catalog, middleware, probes, render, samples, uploads, validate, web};

/// The router. CORS is outermost, so that a browser's preflight is answered without a token;
/// the token is asked for on the protected routes (`route_layer`) and on any path that is no route
/// (the fallback), so that only the probes and the page's own files answer without one, and an
/// unknown path tells a caller without the token nothing.
pub fn router(state: AppState) -> Router {
    let cors = middleware::cors(&state.config.cors_origins);
    let open = Router::new()
        .route("/healthz", get(probes::healthz))
        .route("/readyz", get(probes::readyz))
        .merge(web::routes());
    let protected = Router::new()
        .route("/v1/render", post(render::render))
        .route("/v1/batch", post(batch::batch))
        .route("/v1/validate", post(validate::validate))
        .route("/v1/kinds", get(catalog::kinds))
        .route("/v1/formats", get(catalog::formats))
        .route("/v1/schema/{kind}", get(catalog::schema))
        .route("/metrics", get(probes::metrics))
        .route("/openapi.json", get(catalog::openapi))
        .route("/v1/sample/{kind}", get(samples::sample))
        .route("/v1/round/template", get(uploads::round_template))
        .route("/v1/round", post(uploads::round))
        .route("/v1/round/documents", post(uploads::round_documents))
        .route("/v1/sheet/documents", post(uploads::sheet_documents))
        .route_layer(from_fn_with_state(state.clone(), middleware::authorize));
    let routes = open
        .merge(protected)
        .route_layer(from_fn(middleware::matched_route))
        .fallback(not_found.layer(from_fn_with_state(state.clone(), middleware::authorize)))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(from_fn_with_state(state.clone(), middleware::observe))
        .layer(from_fn(web::security_headers))
        .layer(from_fn_with_state(
            state.clone(),
            middleware::close_when_draining,
        ))
        .with_state(state);
    match cors {
        Some(cors) => routes.layer(cors),
        None => routes,
    }
}
