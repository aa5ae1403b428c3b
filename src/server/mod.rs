//! The HTTP service (`xuncha serve`): axum in front, the worker pool behind.
//!
//! Requests are parsed on the async runtime; every validation and compile is handed to the
//! bounded [`WorkerPool`] (`state::on_pool`), so the runtime's threads never block on Typst. A
//! full queue answers 503 with `Retry-After` at once. Errors are RFC 9457 problem details
//! ([`error`]).
//!
//! One file per role: `router` (open and protected routes, middleware order), `state` (what
//! handlers share), `extract` (strict JSON bodies and query strings), one file per group of
//! handlers (`render`, `batch`, `validate`, `catalog`, `probes`), [`middleware`], [`metrics`],
//! [`openapi`].

mod batch;
mod catalog;
pub mod error;
mod extract;
pub mod metrics;
pub mod middleware;
pub mod openapi;
mod probes;
mod render;
mod router;
mod state;
mod validate;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::pool::WorkerPool;
use crate::{DocKind, Engine};
use metrics::Metrics;
pub use router::router;
pub use state::{AppState, ServerConfig, Shared};

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
        // A job that runs as long as a whole request may is abandoned (see `pool`).
        let pool = WorkerPool::with_time_limit(
            Arc::clone(&engine),
            config.workers,
            config.queue,
            config.deadline,
        );
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
