//! The HTTP service (`xuncha serve`): axum in front, the worker pool behind.
//!
//! Requests are parsed on the async runtime; every validation and compile is handed to the
//! bounded [`WorkerPool`] (`state::on_pool`), so the runtime's threads never block on Typst. A
//! full queue answers 503 with `Retry-After` at once. Errors are RFC 9457 problem details
//! ([`error`]).
//!
//! One file per role: `router` (open and protected routes, middleware order), `state` (what
//! handlers share), `extract` (strict JSON bodies and query strings), one file per group of
//! handlers (`render`, `batch`, `validate`, `catalog`, `probes`, `uploads`, `samples`),
//! [`middleware`], [`metrics`], [`openapi`], and the workbench page ([`web`]).

mod batch;
mod catalog;
mod drain;
pub mod error;
mod extract;
pub mod metrics;
pub mod middleware;
pub mod openapi;
mod probes;
mod render;
mod router;
mod samples;
mod state;
mod uploads;
mod validate;
pub mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

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
            draining: AtomicBool::new(false),
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

    /// Serves until `stop` completes, then stops without cutting a connection (see
    /// [`drain`]): it stops accepting, answers every request on the connections it has with
    /// `Connection: close`, and ends when they have closed (idle ones are closed after
    /// [`drain::DRAIN_GRACE`]) and the requests in flight are answered.
    pub async fn run(self, stop: impl Future<Output = ()> + Send + 'static) -> std::io::Result<()> {
        let shared = self.shared();
        let (listener, drain) = drain::DrainingListener::new(self.listener)?;
        let app = router(self.state);
        let stopped = async move {
            stop.await;
            shared.draining.store(true, Ordering::SeqCst);
            drain.stop_and_wait().await;
        };
        axum::serve(listener, app)
            .with_graceful_shutdown(stopped)
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

/// Completes on Ctrl-C or SIGTERM. The signals are caught from this call on, not from the
/// first poll: a process told to stop right after it started stops as it should.
pub fn shutdown_signal() -> impl Future<Output = ()> {
    #[cfg(unix)]
    let signals = {
        use tokio::signal::unix::{SignalKind, signal};
        (
            signal(SignalKind::terminate()).ok(),
            signal(SignalKind::interrupt()).ok(),
        )
    };
    async move {
        #[cfg(unix)]
        {
            let (mut terminate, mut interrupt) = signals;
            let received = |signal: Option<tokio::signal::unix::Signal>| async move {
                match signal {
                    Some(mut signal) => {
                        signal.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = received(terminate.take()) => {},
                () = received(interrupt.take()) => {},
            }
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down: finishing requests in flight");
    }
}
