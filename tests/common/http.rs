//! An in-process HTTP server and a blocking client for the tests of the service.

use std::net::SocketAddr;
use std::sync::mpsc;
use std::sync::{Arc, OnceLock};

use serde_json::Value;
use ureq::Agent;
use xuncha::server::{Server, ServerConfig, Shared};
use xuncha::{Engine, EngineConfig};

use super::samples_dir;

/// The engine with the bundled templates and fonts, shared by every server of a test binary.
pub fn shared_engine() -> Arc<Engine> {
    static ENGINE: OnceLock<Arc<Engine>> = OnceLock::new();
    Arc::clone(
        ENGINE.get_or_init(|| {
            Arc::new(Engine::new(&EngineConfig::bundled()).expect("engine starts"))
        }),
    )
}

/// A server running on its own runtime in a background thread.
pub struct TestServer {
    pub base: String,
    pub shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TestServer {
    pub fn start(config: ServerConfig) -> Self {
        Self::start_with(shared_engine(), config)
    }

    pub fn start_with(engine: Arc<Engine>, config: ServerConfig) -> Self {
        let config = ServerConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            ..config
        };
        let (ready, started) = mpsc::channel();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let server = Server::bind(engine, config).await.unwrap();
                ready
                    .send((server.local_addr().unwrap(), server.shared()))
                    .unwrap();
                server
                    .run(async move {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
        });
        let (addr, shared) = started.recv().unwrap();
        Self {
            base: format!("http://{addr}"),
            shared,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Stops the server and waits until it has finished.
    pub fn shut_down(mut self) {
        let _ = self.stop.take().unwrap().send(());
        self.thread.take().unwrap().join().unwrap();
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A client that returns error statuses as replies.
pub fn agent() -> Agent {
    Agent::new_with_config(Agent::config_builder().http_status_as_error(false).build())
}

/// A whole response.
pub struct Reply {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A header's value, or empty.
    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or_default()
    }

    /// Asserts a problem+json body of `status` and returns it.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.header("content-type"), "application/problem+json");
        let problem = self.json();
        assert_eq!(problem["status"], status);
        assert!(
            problem["type"]
                .as_str()
                .unwrap()
                .starts_with("urn:xuncha:problem:")
        );
        assert!(problem["title"].is_string() && problem["detail"].is_string());
        problem
    }
}

/// Reads a whole response.
pub fn reply(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Reply {
    let mut response = response.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .body_mut()
        .with_config()
        .limit(100 * 1024 * 1024)
        .read_to_vec()
        .unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

/// POSTs `body` as application/json.
pub fn post_json(url: &str, body: &[u8]) -> Reply {
    reply(
        agent()
            .post(url)
            .header("Content-Type", "application/json")
            .send(body),
    )
}

/// GETs `url`.
pub fn get(url: &str) -> Reply {
    reply(agent().get(url).call())
}

/// The bytes of a sample file.
pub fn sample_bytes(name: &str) -> Vec<u8> {
    std::fs::read(samples_dir().join(name)).unwrap()
}
