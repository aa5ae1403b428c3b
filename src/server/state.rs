//! What every handler shares ([`AppState`]: engine, pool, metrics, settings) and the bridge from
//! a handler to the worker pool ([`on_pool`]).

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use super::error::{ApiError, ApiErrorKind};
use super::metrics::Metrics;
use crate::Engine;
use crate::pool::{Job, JobError, WorkerPool};

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
    /// Set once this process is to stop (another takes over, or it was told to): every
    /// response then asks its client to close the connection, and `/readyz` says `draining`.
    pub draining: AtomicBool,
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

/// Runs `work` on the worker pool and waits for it, refusing at once when the queue is full
/// and giving up at the deadline (503; the work is then skipped if it has not started, and
/// abandoned by the pool if it runs past the time limit). A job that panicked is a 500.
pub async fn on_pool<T: Send + 'static>(
    app: &AppState,
    work: impl FnOnce(&Engine) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let (sender, receiver) = tokio::sync::oneshot::channel();
    let limit = app.config.deadline;
    let deadline = Instant::now() + limit;
    let job = Job::new(work, move |result| {
        let _ = sender.send(result);
    });
    app.pool
        .try_submit(job.expires(Some(deadline)))
        .map_err(|_| ApiError::overloaded("排版队列已满，请稍后重试", 1))?;
    let too_late = || {
        ApiError::overloaded(
            format!("未在 {} 秒的时限（deadline）内完成", limit.as_secs_f64()),
            1,
        )
    };
    match tokio::time::timeout(limit, receiver).await {
        Ok(Ok(Ok(value))) => Ok(value),
        Ok(Ok(Err(JobError::Panicked(message)))) => Err(ApiError::new(
            ApiErrorKind::InternalError,
            format!(
                "排版程序处理这份文书时出错中止（{message}）：这是排版程序的缺陷，多由模板中的某段 Typst 代码引发，请报告"
            ),
        )),
        Ok(Ok(Err(JobError::Lost))) => Err(ApiError::new(
            ApiErrorKind::InternalError,
            "排版任务意外丢失，未得到结果：这是排版程序的缺陷，请重试并报告",
        )),
        Ok(Ok(Err(JobError::TimedOut(_) | JobError::Expired))) | Err(_) => Err(too_late()),
        Ok(Err(_)) => unreachable!("every job answers"),
    }
}
