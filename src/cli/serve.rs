//! `xuncha serve`: the HTTP service.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
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
    /// Require `Authorization: Bearer TOKEN` on every route but /healthz and /readyz.
    #[arg(long, env = "XUNCHA_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// Let web pages from this origin call the API (CORS), e.g. https://xuncha.example.gov.cn;
    /// repeatable, or comma-separated in the variable; `*` for any. Default: none.
    #[arg(
        long = "cors-origin",
        env = "XUNCHA_CORS_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ',',
        value_parser = parse_origin
    )]
    cors_origins: Vec<String>,
    /// Log one JSON object per line (else readable text). Filter with XUNCHA_LOG, e.g. `debug`.
    #[arg(long, env = "XUNCHA_LOG_JSON")]
    log_json: bool,
    /// Replace the serving process with a fresh one after it has handled N documents (0: never).
    /// Typst's memoization keeps memory it never returns (docs/ARCHITECTURE.md, "Memory"); a
    /// small supervising process holds the socket, so no connection is refused meanwhile.
    #[arg(
        long,
        env = "XUNCHA_RECYCLE_AFTER",
        value_name = "N",
        default_value_t = 10_000
    )]
    recycle_after: u64,
    /// Serve on this inherited, listening socket: set by the supervising process for the
    /// process it starts.
    #[arg(long, hide = true, value_name = "FD")]
    listen_fd: Option<i32>,
}

/// Exit status of a serving process that stopped because it reached `--recycle-after`, telling
/// its supervisor to start a fresh one (EX_TEMPFAIL of sysexits.h).
const RECYCLED: i32 = 75;

/// Serves until Ctrl-C or SIGTERM, reloading the user's templates when they change or on
/// SIGHUP. With `--recycle-after N` this process only holds the socket and supervises the
/// serving process, which it replaces after every N documents; `engine` is then built only in
/// the serving process.
pub fn run(
    engine: impl FnOnce() -> anyhow::Result<Engine>,
    args: &ServeArgs,
    user_templates: Option<&Path>,
) -> anyhow::Result<bool> {
    let filter = EnvFilter::try_from_env("XUNCHA_LOG").unwrap_or_else(|_| EnvFilter::new("info"));
    // Colours only on a terminal: a log written to a file or a pipe stays plain text.
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    if args.log_json {
        logs.json().init();
    } else {
        logs.init();
    }
    log_panics();
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
        cors_origins: args.cors_origins.clone(),
    };
    #[cfg(unix)]
    if args.recycle_after > 0 && args.listen_fd.is_none() {
        return recycle::supervise(args.addr, args.recycle_after);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let engine = Arc::new(engine()?);
    if let Some(folder) = user_templates {
        watch_templates(Arc::clone(&engine), folder.to_path_buf())?;
    }
    // Only a process started by the supervisor recycles itself.
    let recycle_after =
        (args.listen_fd.is_some() && args.recycle_after > 0).then_some(args.recycle_after);
    let recycled = runtime.block_on(async {
        #[cfg(unix)]
        reload_on_sighup(Arc::clone(&engine))?;
        let server = match args.listen_fd {
            #[cfg(unix)]
            Some(fd) => Server::on_listener(engine, config.clone(), recycle::inherited(fd)?),
            _ => Server::bind(engine, config.clone())
                .await
                .with_context(|| format!("cannot listen on {}", config.addr))?,
        };
        let addr = server.local_addr()?;
        tracing::info!(
            %addr,
            workers = config.workers,
            queue = config.queue,
            auth = config.token.is_some(),
            "listening on http://{addr}"
        );
        let shared = server.shared();
        let recycle_due = async move {
            match recycle_after {
                Some(limit) => shared.metrics.documents_reach(limit).await,
                None => std::future::pending().await,
            }
        };
        let supervised = args.listen_fd.is_some();
        let recycled = Arc::new(AtomicBool::new(false));
        let stop = {
            let recycled = Arc::clone(&recycled);
            let shared = server.shared();
            let told_to_stop = shutdown_signal();
            async move {
                let mut told_to_stop = std::pin::pin!(told_to_stop);
                tokio::select! {
                    () = &mut told_to_stop => return,
                    () = recycle_due => {
                        tracing::info!("recycling: a fresh process starts; this one stops accepting when that one accepts, and answers what it has");
                    }
                    // Nothing stops an abandoned compile but the end of its process.
                    () = shared.pool.first_abandoned() => {
                        tracing::error!("a job was abandoned past the deadline: this process is replaced, which stops it");
                    }
                }
                recycled.store(true, Ordering::SeqCst);
                #[cfg(unix)]
                if supervised {
                    // Every answer from now on closes its connection, so that clients move to
                    // the fresh process; the supervisor says when that one accepts.
                    shared.draining.store(true, Ordering::SeqCst);
                    recycle::ask_for_successor();
                    told_to_stop.await;
                }
            }
        };
        #[cfg(unix)]
        if supervised {
            recycle::tell_ready();
        }
        server.run(stop).await?;
        tracing::info!("stopped");
        anyhow::Ok(recycled.load(Ordering::SeqCst))
    })?;
    // Every request and batch has answered by now; nothing is left to wait for.
    runtime.shutdown_timeout(Duration::from_secs(1));
    if recycled {
        std::process::exit(RECYCLED);
    }
    Ok(true)
}

/// Logs a panic (a job's: the pool answers for it) as one error line, in JSON with
/// `--log-json`, instead of the default text on stderr.
fn log_panics() {
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let location = info.location().map(ToString::to_string).unwrap_or_default();
        let thread = std::thread::current()
            .name()
            .unwrap_or_default()
            .to_string();
        tracing::error!(panic = %message, %location, %thread, "a job panicked");
    }));
}

/// A CORS origin as browsers send it: `*`, or a scheme and host with no path.
fn parse_origin(origin: &str) -> Result<String, String> {
    let origin = origin.trim().trim_end_matches('/');
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    match host {
        _ if origin == "*" => Ok(origin.to_owned()),
        Some(host) if !host.is_empty() && !host.contains(['/', ' ', ',']) => Ok(origin.to_owned()),
        _ => Err(format!(
            "“{origin}”不是来源（origin）：应写成 https://主机名[:端口]，不带路径，或 * / \
             not an origin: write https://host[:port] with no path, or *"
        )),
    }
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

/// Process recycling: a supervising process holds the listening socket and runs the serving
/// process. When that one is due ([`RECYCLED`]), it asks for a successor (SIGUSR1 to the
/// supervisor) and goes on serving; the successor says when it accepts (SIGUSR2), and only then
/// is the old one told to stop (SIGTERM): it stops accepting and answers what it has (see
/// `xuncha::server::Server::run`). The socket is never without a process accepting on it.
#[cfg(unix)]
mod recycle {
    use std::net::SocketAddr;
    use std::os::fd::{AsRawFd, FromRawFd};

    use anyhow::Context;
    use tokio::process::{Child, Command};
    use tokio::signal::unix::{SignalKind, signal};
    use tokio::task::JoinHandle;

    use super::RECYCLED;

    /// Asks the supervisor for a successor to this serving process.
    pub fn ask_for_successor() {
        to_supervisor(libc::SIGUSR1);
    }

    /// Tells the supervisor that this serving process accepts connections.
    pub fn tell_ready() {
        to_supervisor(libc::SIGUSR2);
    }

    fn to_supervisor(signal: libc::c_int) {
        let supervisor = std::os::unix::process::parent_id();
        // SAFETY: kill has no memory preconditions; the parent is the supervisor, which handles
        // both signals (and this process ends with it, see `inherited`).
        unsafe { libc::kill(supervisor as libc::pid_t, signal) };
    }

    /// Sends `signal` to `child` if it still runs.
    fn send(child: &Child, signal: libc::c_int) {
        if let Some(pid) = child.id() {
            // SAFETY: kill has no memory preconditions; `pid` is our child, not reaped.
            unsafe { libc::kill(pid as libc::pid_t, signal) };
        }
    }

    /// Binds `addr`, then runs serving processes (this executable with the same arguments and
    /// `--listen-fd`), each handing over to the next, until one stops for another reason than
    /// recycling. SIGTERM and SIGINT are passed on to the serving process and a successor being
    /// started, SIGHUP to the serving process.
    pub fn supervise(addr: SocketAddr, recycle_after: u64) -> anyhow::Result<bool> {
        let listener = std::net::TcpListener::bind(addr)
            .with_context(|| format!("cannot listen on {addr}"))?;
        let fd = listener.as_raw_fd();
        // The serving processes inherit the socket: clear close-on-exec.
        // SAFETY: `fd` is a socket this function owns; F_SETFD with 0 only changes its flags.
        if unsafe { libc::fcntl(fd, libc::F_SETFD, 0) } == -1 {
            return Err(std::io::Error::last_os_error()).context("cannot share the socket");
        }
        tracing::info!(
            addr = %listener.local_addr()?,
            recycle_after,
            "supervising: a fresh serving process takes over after every {recycle_after} documents"
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        runtime.block_on(async {
            let mut terminate = signal(SignalKind::terminate())?;
            let mut interrupt = signal(SignalKind::interrupt())?;
            let mut hangup = signal(SignalKind::hangup())?;
            let mut successor_wanted = signal(SignalKind::user_defined1())?;
            let mut successor_ready = signal(SignalKind::user_defined2())?;
            let arguments: Vec<_> = std::env::args_os().skip(1).collect();
            let executable = std::env::current_exe().context("cannot find this executable")?;
            let mut generation = 0u64;
            let mut start = || {
                generation += 1;
                let child = Command::new(&executable)
                    .args(&arguments)
                    .args(["--listen-fd", &fd.to_string()])
                    .spawn()
                    .context("cannot start the serving process")?;
                let pid = child.id().context("the serving process is gone")?;
                tracing::info!(generation, pid, "serving process started");
                anyhow::Ok(child)
            };
            let mut serving = start()?;
            let mut successor: Option<Child> = None;
            // A successor that became due itself before it took over asks for its own.
            let mut wanted_again = false;
            // Processes told to stop, finishing what they accepted.
            let mut stopping: Vec<JoinHandle<()>> = Vec::new();
            loop {
                let successor_exit = async {
                    match successor.as_mut() {
                        Some(child) => child.wait().await,
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    status = serving.wait() => {
                        let status = status?;
                        match successor.take() {
                            // It ended before its successor was ready: the successor takes over.
                            Some(next) if status.code() == Some(RECYCLED) => {
                                serving = next;
                                if std::mem::take(&mut wanted_again) {
                                    successor = Some(start()?);
                                }
                            }
                            None if status.code() == Some(RECYCLED) => serving = start()?,
                            _ => {
                                tracing::error!(%status, "the serving process stopped");
                                return Ok(false);
                            }
                        }
                    }
                    status = successor_exit => {
                        tracing::error!(status = %status?, "the fresh serving process stopped before it accepted");
                        send(&serving, libc::SIGTERM);
                        serving.wait().await?;
                        return Ok(false);
                    }
                    _ = successor_wanted.recv() => {
                        match successor {
                            None => successor = Some(start()?),
                            // Only the process starting can ask now: the serving one has asked.
                            Some(_) => wanted_again = true,
                        }
                    }
                    _ = successor_ready.recv() => {
                        // The first process says so too, with no one to take over from.
                        if let Some(next) = successor.take() {
                            let mut old = std::mem::replace(&mut serving, next);
                            send(&old, libc::SIGTERM);
                            tracing::info!(pid = old.id(), "handed over: the previous serving process answers what it has and ends");
                            stopping.retain(|task| !task.is_finished());
                            stopping.push(tokio::spawn(async move {
                                let _ = old.wait().await;
                            }));
                            if std::mem::take(&mut wanted_again) {
                                successor = Some(start()?);
                            }
                        }
                    }
                    // Not to a successor: it may not handle SIGHUP yet, and it reads the
                    // templates as they are now anyway.
                    _ = hangup.recv() => send(&serving, libc::SIGHUP),
                    _ = async { tokio::select! {
                        _ = terminate.recv() => {},
                        _ = interrupt.recv() => {},
                    } } => {
                        send(&serving, libc::SIGTERM);
                        if let Some(next) = &mut successor {
                            send(next, libc::SIGTERM);
                            next.wait().await?;
                        }
                        let status = serving.wait().await?;
                        for task in stopping {
                            let _ = task.await;
                        }
                        return Ok(status.success() || status.code() == Some(RECYCLED));
                    }
                }
            }
        })
    }

    /// The listening socket handed down by the supervisor. This process also stops (SIGTERM)
    /// when the supervisor dies, even if it is killed outright, so none is left behind.
    pub fn inherited(fd: i32) -> anyhow::Result<tokio::net::TcpListener> {
        #[cfg(target_os = "linux")]
        // SAFETY: PR_SET_PDEATHSIG takes a signal number and touches no memory.
        if unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) } == -1 {
            return Err(std::io::Error::last_os_error()).context("cannot follow the supervisor");
        }
        if std::os::unix::process::parent_id() == 1 {
            anyhow::bail!("the supervising process is gone");
        }
        // SAFETY: the supervisor passes the number of a listening TCP socket it left open for
        // this process, and nothing else in this process uses that descriptor.
        let listener = unsafe { std::net::TcpListener::from_raw_fd(fd) };
        listener.set_nonblocking(true)?;
        Ok(tokio::net::TcpListener::from_std(listener)?)
    }
}
