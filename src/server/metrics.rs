//! Prometheus metrics of the service (`GET /metrics`, OpenMetrics text).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::pool::WorkerPool;

/// Labels of an HTTP request.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

/// Labels of a rendered (or failed) document.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct DocumentLabels {
    kind: String,
    status: String,
}

/// Every metric the service exports.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    documents: Family<DocumentLabels, Counter>,
    render_seconds: Histogram,
    queue_depth: Gauge,
    workers_busy: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("xuncha");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests by route, method and status",
            requests.clone(),
        );
        let documents = Family::<DocumentLabels, Counter>::default();
        registry.register(
            "documents",
            "Documents rendered (status ok) or refused (status error), by kind",
            documents.clone(),
        );
        // 2.5 ms to about 5 s.
        let render_seconds = Histogram::new(exponential_buckets(0.0025, 2.0, 12));
        registry.register(
            "render_duration_seconds",
            "Time to validate, lay out and export one document on a worker",
            render_seconds.clone(),
        );
        let queue_depth = Gauge::default();
        registry.register(
            "queue_depth",
            "Jobs waiting for a worker",
            queue_depth.clone(),
        );
        let workers_busy = Gauge::default();
        registry.register(
            "workers_busy",
            "Workers running a job",
            workers_busy.clone(),
        );
        Self {
            registry,
            requests,
            documents,
            render_seconds,
            queue_depth,
            workers_busy,
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, method: &str, status: u16) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                method: method.to_string(),
                status,
            })
            .inc();
    }

    /// Counts one document of `kind` (`unknown` when it had none) and, when it was rendered,
    /// how long that took.
    pub fn document(&self, kind: &str, ok: bool, seconds: Option<f64>) {
        self.documents
            .get_or_create(&DocumentLabels {
                kind: kind.to_string(),
                status: if ok { "ok" } else { "error" }.to_string(),
            })
            .inc();
        if let Some(seconds) = seconds {
            self.render_seconds.observe(seconds);
        }
    }

    /// The metrics as OpenMetrics text, with the pool's gauges read now.
    pub fn encode(&self, pool: &WorkerPool) -> String {
        self.queue_depth.set(pool.queued() as i64);
        self.workers_busy.set(pool.busy() as i64);
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}
