//! `xuncha serve`: the HTTP service.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::Args;
use tracing_subscriber::EnvFilter;

use xuncha::Engine;
use xuncha::pool::WorkerPool;
use xuncha::server::{Server, ServerConfig, shutdown_signal};
use xuncha::watch::{ChangeWatcher, QUIET_PERIOD};

/// Options of `xuncha serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "XUNCHA_ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Worker threads compiling documents (default: all cores).
    #[arg(long, env = "XUNCHA_WORKERS", value_name = "N")]
    workers: Option<usize>,
    /// Jobs that may wait for a worker before requests get 503 (default: 16 per worker).
    #[arg(long, env = "XUNCHA_QUEUE", value_name = "N")]
    queue: Option<usize>,
    /// Largest request body, in bytes.
    #[arg(long, env = "XUNCHA_MAX_BODY", value_name = "BYTES", default_value_t = 10 * 1024 * 1024)]
    max_body: usize,
    /// Seconds a request may wait for and use a worker before it gets 503.
    #[arg(
        long,
        env = "XUNCHA_DEADLINE",
        value_name = "SECONDS",
        default_value_t = 30.0
    )]
    deadline: f64,
    /// Require `Authorization: Bearer TOKEN` on every route but /healthz.
    #[arg(long, env = "XUNCHA_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Log one JSON object per line (else readable text). Filter with XUNCHA_LOG, e.g. `debug`.
    #[arg(long, env = "XUNCHA_LOG_JSON")]
    log_json: bool,
}

/// Serves until Ctrl-C or SIGTERM, reloading the user's templates when they change or on
/// SIGHUP.
pub fn run(
    engine: Engine,
    args: &ServeArgs,
    user_templates: Option<&Path>,
) -> anyhow::Result<bool> {
    let filter = EnvFilter::try_from_env("XUNCHA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if args.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    if !(args.deadline > 0.0 && args.deadline.is_finite()) {
        anyhow::bail!("--deadline must be a positive number of seconds");
    }
    let workers = args
        .workers
        .unwrap_or_else(WorkerPool::default_workers)
        .max(1);
    let config = ServerConfig {
        addr: args.addr,
        workers,
        queue: args.queue.unwrap_or(workers * 16).max(1),
        max_body_bytes: args.max_body,
        deadline: Duration::from_secs_f64(args.deadline),
        token: args.token.clone().filter(|t| !t.is_empty()),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let engine = Arc::new(engine);
    if let Some(folder) = user_templates {
        watch_templates(Arc::clone(&engine), folder.to_path_buf())?;
    }
    runtime.block_on(async {
        #[cfg(unix)]
        reload_on_sighup(Arc::clone(&engine))?;
        let server = Server::bind(engine, config.clone())
            .await
            .with_context(|| format!("cannot listen on {}", config.addr))?;
        let addr = server.local_addr()?;
        tracing::info!(
            %addr,
            workers = config.workers,
            queue = config.queue,
            auth = config.token.is_some(),
            "listening on http://{addr}"
        );
        server.run(shutdown_signal()).await?;
        tracing::info!("stopped");
        anyhow::Ok(())
    })?;
    Ok(true)
}

/// Reloads the templates after every burst of changes in `folder`, on a thread of its own.
fn watch_templates(engine: Arc<Engine>, folder: PathBuf) -> anyhow::Result<()> {
    let watcher = ChangeWatcher::new(std::slice::from_ref(&folder), QUIET_PERIOD)
        .with_context(|| format!("cannot watch {}", folder.display()))?;
    std::thread::Builder::new()
        .name("xuncha-template-watch".into())
        .spawn(move || {
            loop {
                if let Some(changed) = watcher.next_change(Duration::from_secs(3600)) {
                    tracing::info!(files = changed.len(), "templates changed");
                    reload(&engine);
                }
            }
        })?;
    Ok(())
}

/// Reloads the templates on every SIGHUP.
#[cfg(unix)]
fn reload_on_sighup(engine: Arc<Engine>) -> anyhow::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut hangups = signal(SignalKind::hangup()).context("cannot listen for SIGHUP")?;
    tokio::spawn(async move {
        while hangups.recv().await.is_some() {
            tracing::info!("SIGHUP: reloading templates");
            let engine = Arc::clone(&engine);
            let _ = tokio::task::spawn_blocking(move || reload(&engine)).await;
        }
    });
    Ok(())
}

/// Loads the templates again; on failure the templates in use stay.
fn reload(engine: &Engine) {
    match engine.reload_templates() {
        Ok(templates) => tracing::info!(digest = templates.digest(), "templates reloaded"),
        Err(error) => {
            tracing::error!(%error, "templates not reloaded; the previous ones stay in use");
        }
    }
}
