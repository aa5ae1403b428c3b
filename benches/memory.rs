//! Resident memory of one process over thousands of renders: the engine on a worker pool, fed
//! fresh documents (the samples, each with a new signing organisation) without HTTP, printing
//! RSS at checkpoints and the growth from the 500th render to the last.
//!
//! ```text
//! cargo bench --bench memory -- --renders 5000 --workers 2
//! ```

mod common;

use std::sync::Arc;
use std::sync::mpsc;
use std::time::Instant;

use common::{fresh, sample_documents, status_mib};
use xuncha::pool::{Job, WorkerPool};
use xuncha::{Engine, EngineConfig};

/// The allocator of the `xuncha` binary, so that this measures what the server does.
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Resident memory of this process now, in MiB.
fn rss_mib() -> f64 {
    status_mib("self", "VmRSS").expect("/proc/self/status has VmRSS")
}

fn option(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let renders = option("--renders", 5000);
    let workers = option("--workers", 2);
    let samples = sample_documents();

    let engine = Arc::new(Engine::new(&EngineConfig::bundled()).unwrap());
    let pool = WorkerPool::new(engine, workers, 4 * workers);
    let (done, finished) = mpsc::channel::<bool>();
    let feeder = std::thread::spawn({
        let samples = samples.clone();
        move || {
            for n in 0..renders {
                let document = fresh(&samples[n % samples.len()], n);
                let done = done.clone();
                pool.submit(Job::new(
                    move |engine| engine.render_pdf(&document).is_ok(),
                    move |ok| done.send(ok == Ok(true)).unwrap(),
                ));
            }
        }
    });
    println!(
        "memory: {renders} renders of {} samples, {workers} workers, RSS after start {:.0} MiB",
        samples.len(),
        rss_mib()
    );
    let started = Instant::now();
    let mut at_500 = None;
    let mut peak = 0.0f64;
    for (n, ok) in finished.iter().take(renders).enumerate() {
        assert!(ok, "every sample renders");
        let rss = rss_mib();
        peak = peak.max(rss);
        let count = n + 1;
        if count == 500 {
            at_500 = Some(rss);
        }
        if [100, 500, 1000, 2000, 3000, 4000, 5000, 10_000, 20_000].contains(&count)
            || count == renders
        {
            println!(
                "  after {count:>6} renders: RSS {rss:.0} MiB ({:.0} docs/s)",
                count as f64 / started.elapsed().as_secs_f64()
            );
        }
    }
    feeder.join().unwrap();
    if let Some(base) = at_500 {
        let last = rss_mib();
        println!(
            "  growth from render 500 to {renders}: {:+.1} % ({base:.0} → {last:.0} MiB), peak {peak:.0} MiB",
            (last / base - 1.0) * 100.0
        );
    }
}
