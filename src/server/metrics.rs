//! Prometheus metrics of the service (`GET /metrics`, OpenMetrics text).

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use tokio::sync::watch;

use crate::DocKind;
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
    workers_stuck: Gauge,
    resident_memory: Gauge,
    process_documents: Gauge,
    /// Documents this process has handled, rendered or refused, for whoever waits on a count.
    documents_handled: watch::Sender<u64>,
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
        let workers_stuck = Gauge::default();
        registry.register(
            "workers_stuck",
            "Jobs abandoned past the time limit whose threads still run (the serving process is \
             replaced when one is)",
            workers_stuck.clone(),
        );
        let resident_memory = Gauge::default();
        registry.register(
            "process_resident_memory_bytes",
            "Resident memory of the serving process (VmRSS)",
            resident_memory.clone(),
        );
        let process_documents = Gauge::default();
        registry.register(
            "process_documents",
            "Documents the serving process has handled since it started, that is since the last \
             recycle when --recycle-after is set",
            process_documents.clone(),
        );
        Self {
            registry,
            requests,
            documents,
            render_seconds,
            queue_depth,
            workers_busy,
            workers_stuck,
            resident_memory,
            process_documents,
            documents_handled: watch::Sender::new(0),
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
        self.documents_handled.send_modify(|count| *count += 1);
    }

    /// Documents this process has handled (rendered or refused) since it started.
    pub fn documents_handled(&self) -> u64 {
        *self.documents_handled.borrow()
    }

    /// Completes once this process has handled `count` documents.
    pub async fn documents_reach(&self, count: u64) {
        let mut handled = self.documents_handled.subscribe();
        // The sender lives in `self`, so waiting cannot fail.
        let _ = handled.wait_for(|&n| n >= count).await;
    }

    /// The metrics as OpenMetrics text, with the pool's gauges read now.
    pub fn encode(&self, pool: &WorkerPool) -> String {
        self.queue_depth.set(pool.queued() as i64);
        self.workers_busy.set(pool.busy() as i64);
        self.workers_stuck.set(pool.stuck() as i64);
        self.process_documents
            .set(i64::try_from(self.documents_handled()).unwrap_or(i64::MAX));
        if let Some(bytes) = resident_memory_bytes() {
            self.resident_memory
                .set(i64::try_from(bytes).unwrap_or(i64::MAX));
        }
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .expect("writing to a String cannot fail");
        text
    }
}

/// Resident memory of this process, from `/proc/self/status` (Linux); `None` elsewhere.
fn resident_memory_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// The document kind for metric labels: a known kind, or `unknown` (never the client's text).
pub fn kind_label(doc_kind: Option<&str>) -> &'static str {
    doc_kind
        .and_then(|k| k.parse::<DocKind>().ok())
        .map_or("unknown", DocKind::as_str)
}
