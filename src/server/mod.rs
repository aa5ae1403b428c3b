//! The HTTP service (`xuncha serve`): axum in front, the worker pool behind.
//!
//! Requests are parsed on the async runtime; every validation and compile is handed to the
//! bounded [`WorkerPool`], so the runtime's threads never block on Typst. A full queue answers
//! 503 with `Retry-After` at once. Errors are RFC 9457 problem details ([`error`]).

pub mod error;
mod extract;
pub mod metrics;
pub mod middleware;
pub mod openapi;
mod render;
pub mod routes;
mod samples;
mod uploads;
pub mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use tokio::net::TcpListener;

use crate::pool::WorkerPool;
use crate::{DocKind, Engine};
use metrics::Metrics;

/// Settings of the service.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Address to listen on.
    pub addr: SocketAddr,
    /// Worker threads compiling documents.
    pub workers: usize,
    /// Jobs that may wait for a worker before requests are refused with 503.
    pub queue: usize,
    /// Largest request body.
    pub max_body_bytes: usize,
    /// How long a request may wait for and use a worker.
    pub deadline: Duration,
    /// Bearer token every route but `/healthz` and `/readyz` requires, when set.
    pub token: Option<String>,
    /// Origins whose web pages may call the API (CORS); empty: none. `*` allows any.
    pub cors_origins: Vec<String>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        let workers = WorkerPool::default_workers();
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            workers,
            queue: workers * 16,
            max_body_bytes: 10 * 1024 * 1024,
            deadline: Duration::from_secs(30),
            token: None,
            cors_origins: Vec::new(),
        }
    }
}

/// What every handler shares.
pub struct Shared {
    /// The renderer.
    pub engine: Arc<Engine>,
    /// The workers.
    pub pool: WorkerPool,
    /// The metrics.
    pub metrics: Metrics,
    /// The settings.
    pub config: ServerConfig,
    /// The OpenAPI description, made once at start.
    pub openapi: serde_json::Value,
}

/// Handler state: a cheap handle on [`Shared`].
#[derive(Clone)]
pub struct AppState(pub Arc<Shared>);

impl Deref for AppState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// Every route, with its middleware; CORS outermost, so that a browser's preflight is
/// answered without a token.
pub fn router(state: AppState) -> Router {
    let cors = middleware::cors(&state.config.cors_origins);
    let routes = Router::new()
        .route("/v1/render", post(render::render))
        .route("/v1/batch", post(routes::batch))
        .route("/v1/validate", post(routes::validate))
        .route("/v1/kinds", get(routes::kinds))
        .route("/v1/formats", get(routes::formats))
        .route("/v1/schema/{kind}", get(routes::schema))
        .route("/healthz", get(routes::healthz))
        .route("/readyz", get(routes::readyz))
        .route("/metrics", get(routes::metrics))
        .route("/openapi.json", get(routes::openapi))
        .route("/v1/sample/{kind}", get(samples::sample))
        .route("/v1/round/template", get(uploads::round_template))
        .route("/v1/round", post(uploads::round))
        .route("/v1/round/documents", post(uploads::round_documents))
        .route("/v1/sheet/documents", post(uploads::sheet_documents))
        .merge(web::routes())
        .route_layer(axum::middleware::from_fn(middleware::matched_route))
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(DefaultBodyLimit::max(state.config.max_body_bytes))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::authorize,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::observe,
        ))
        .layer(axum::middleware::from_fn(web::security_headers))
        .with_state(state);
    match cors {
        Some(cors) => routes.layer(cors),
        None => routes,
    }
}

/// A bound, not yet running, server.
pub struct Server {
    listener: TcpListener,
    state: AppState,
}

impl Server {
    /// Starts the workers and binds the address (port 0 picks a free port).
    pub async fn bind(engine: Arc<Engine>, config: ServerConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(config.addr).await?;
        Ok(Self::on_listener(engine, config, listener))
    }

    /// Starts the workers and serves on a socket that is already listening (one a supervising
    /// process handed down); `config.addr` is then not used.
    pub fn on_listener(engine: Arc<Engine>, config: ServerConfig, listener: TcpListener) -> Self {
        let pool = WorkerPool::new(Arc::clone(&engine), config.workers, config.queue);
        let openapi = openapi::document(&samples(&engine));
        let state = AppState(Arc::new(Shared {
            engine,
            pool,
            metrics: Metrics::default(),
            config,
            openapi,
        }));
        Self { listener, state }
    }

    /// What the handlers share (engine, pool, metrics): lets a caller watch or load the pool.
    pub fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.state.0)
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then stops accepting connections, finishes the
    /// requests in flight, and lets the workers finish their jobs.
    pub async fn run(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = router(self.state);
        axum::serve(self.listener, app)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// The sample document of each kind's default template, for the OpenAPI examples; one that
/// cannot be read is left out.
fn samples(engine: &Engine) -> Vec<(DocKind, serde_json::Value)> {
    let templates = engine.templates();
    DocKind::ALL
        .iter()
        .filter_map(|&kind| {
            let path = templates.default_for(kind).sample_path();
            let sample = crate::batch::input::read_json_file(&path).ok()?;
            Some((kind, sample))
        })
        .collect()
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
