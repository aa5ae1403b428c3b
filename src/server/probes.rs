//! What load balancers and monitoring ask: `GET /healthz`, `/readyz` (both open) and `/metrics`.

use std::sync::atomic::Ordering;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::state::AppState;

/// `GET /healthz`: the process is alive.
pub async fn healthz() -> Response {
    Json(json!({"status": "ok"})).into_response()
}

/// `GET /readyz`: fonts and templates are loaded, the queue has room, no abandoned job still
/// runs (one holds a core and memory until the process is replaced: `stuck`) and the process is
/// not stopping (`draining`: it answers what it has while another takes over).
pub async fn readyz(State(app): State<AppState>) -> Response {
    let (queued, capacity) = (app.pool.queued(), app.pool.queue_capacity());
    let stuck = app.pool.stuck();
    let draining = app.draining.load(Ordering::SeqCst);
    let ready = queued < capacity && stuck == 0 && !draining;
    let status = match () {
        () if draining => "draining",
        () if stuck > 0 => "stuck",
        () if !ready => "busy",
        () => "ready",
    };
    let body = json!({
        "status": status,
        "fonts": app.engine.fonts().len(),
        "templates": app.engine.templates().digest(),
        "workers": app.pool.workers(),
        "busy": app.pool.busy(),
        "stuck": stuck,
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
