//! Stopping without cutting a connection: the listener stops accepting first (a process taking
//! over, or the kernel's queue, has the new connections), the connections already open are
//! served until they close, each response asking the client to close (`Connection: close`, set
//! by [`super::middleware::close_when_draining`]), and only then, or after [`DRAIN_GRACE`],
//! are the idle ones that are left closed and the requests still in flight finished.

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, watch};

/// How long connections still open after the listener stopped may go on before the idle ones
/// are closed: a client sending on a keep-alive connection gets its `Connection: close` answer
/// well within it.
pub const DRAIN_GRACE: Duration = Duration::from_secs(3);

/// A listener that can stop accepting while the server goes on, and counts the connections it
/// accepted that are still open.
pub struct DrainingListener {
    listener: Option<TcpListener>,
    addr: SocketAddr,
    stop: watch::Receiver<bool>,
    open: Arc<OpenConnections>,
}

/// The other end of a [`DrainingListener`]: stops it and waits for its connections.
pub struct Drain {
    stop: watch::Sender<bool>,
    open: Arc<OpenConnections>,
}

/// How many accepted connections are open, whether the listener still accepts, and a wake-up
/// whenever either changes.
struct OpenConnections {
    count: AtomicUsize,
    accepting: AtomicBool,
    changed: Notify,
}

impl DrainingListener {
    /// Wraps `listener`, with the handle that stops it.
    pub fn new(listener: TcpListener) -> std::io::Result<(Self, Drain)> {
        let addr = listener.local_addr()?;
        let (stop, stopped) = watch::channel(false);
        let open = Arc::new(OpenConnections {
            count: AtomicUsize::new(0),
            accepting: AtomicBool::new(true),
            changed: Notify::new(),
        });
        let drain = Drain {
            stop,
            open: Arc::clone(&open),
        };
        let listener = Self {
            listener: Some(listener),
            addr,
            stop: stopped,
            open,
        };
        Ok((listener, drain))
    }
}

impl axum::serve::Listener for DrainingListener {
    type Io = CountedConnection;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Some(listener) = self.listener.as_mut() else {
                // Stopped: the server goes on with the connections it has.
                return std::future::pending().await;
            };
            tokio::select! {
                (stream, addr) = axum::serve::Listener::accept(listener) => {
                    self.open.count.fetch_add(1, Ordering::SeqCst);
                    let connection = CountedConnection {
                        stream,
                        open: Arc::clone(&self.open),
                    };
                    return (connection, addr);
                }
                _ = self.stop.wait_for(|&stop| stop) => {
                    // This process's copy of the socket closes; one that shares it accepts.
                    self.listener = None;
                    self.open.accepting.store(false, Ordering::SeqCst);
                    self.open.changed.notify_waiters();
                }
            }
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        Ok(self.addr)
    }
}

impl Drain {
    /// Stops accepting, then completes when the listener has stopped (a connection it
    /// accepted before is counted) and every accepted connection has closed, or when
    /// [`DRAIN_GRACE`] has passed.
    pub async fn stop_and_wait(&self) {
        let _ = self.stop.send(true);
        let all_closed = async {
            loop {
                let changed = self.open.changed.notified();
                if !self.open.accepting.load(Ordering::SeqCst)
                    && self.open.count.load(Ordering::SeqCst) == 0
                {
                    return;
                }
                changed.await;
            }
        };
        let _ = tokio::time::timeout(DRAIN_GRACE, all_closed).await;
    }
}

/// An accepted connection, counted while it is open.
pub struct CountedConnection {
    stream: TcpStream,
    open: Arc<OpenConnections>,
}

impl Drop for CountedConnection {
    fn drop(&mut self) {
        self.open.count.fetch_sub(1, Ordering::SeqCst);
        self.open.changed.notify_waiters();
    }
}

impl AsyncRead for CountedConnection {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for CountedConnection {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
