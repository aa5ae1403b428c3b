//! Criterion benchmarks of one warm engine: the whole render of each sample and its stages on
//! one core, documents per second with one and with two workers, and a cold `xuncha render`.
//!
//! ```text
//! cargo bench --bench render                 # everything
//! cargo bench --bench render -- render/      # one group
//! python3 benches/summarize.py               # median, min and max per benchmark
//! ```
//!
//! Every render gets fresh data (a different signing organisation each time), as a server does, so Typst's
//! memoization cannot replay an earlier document.

mod common;

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use common::{fresh, sample_paths};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use serde_json::Value;
use xuncha::pool::{Job, WorkerPool};
use xuncha::{Engine, EngineConfig};

/// The samples, each with its name and number of pages.
fn samples(engine: &Engine) -> Vec<(String, Value, usize)> {
    sample_paths()
        .into_iter()
        .map(|path| {
            let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            let rendered = engine.render_pdf(&value).expect("samples render");
            let pages = rendered.pages.expect("a PDF is laid out");
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            (name, value, pages)
        })
        .collect()
}

fn single_core(c: &mut Criterion) {
    let engine = Engine::new(&EngineConfig::bundled()).unwrap();
    let samples = samples(&engine);
    let counter = AtomicUsize::new(0);
    let next = || counter.fetch_add(1, Ordering::Relaxed);

    let mut group = c.benchmark_group("render");
    group.sample_size(30);
    for (name, document, pages) in &samples {
        group.bench_function(BenchmarkId::new(format!("{pages}p"), name), |b| {
            b.iter_batched(
                || fresh(document, next()),
                |d| engine.render_pdf(&d).unwrap(),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();

    // The stages, on the 3–5 page samples.
    let mut group = c.benchmark_group("stage");
    group.sample_size(30);
    for (name, document, _) in samples.iter().filter(|(_, _, p)| (3..=5).contains(p)) {
        group.bench_function(BenchmarkId::new("check", name), |b| {
            b.iter_batched(
                || fresh(document, next()),
                |d| engine.validate(&d).unwrap(),
                criterion::BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("compile", name), |b| {
            b.iter_batched(
                || fresh(document, next()),
                |d| engine.compile(&d).unwrap(),
                criterion::BatchSize::SmallInput,
            )
        });
        group.bench_function(BenchmarkId::new("pdf", name), |b| {
            b.iter_batched(
                || engine.compile(&fresh(document, next())).unwrap(),
                |compiled| compiled.pdf().unwrap(),
                criterion::BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// Documents per second through the worker pool with one and with two workers: each
/// iteration renders every sample once.
fn workers(c: &mut Criterion) {
    let engine = Arc::new(Engine::new(&EngineConfig::bundled()).unwrap());
    let documents: Vec<Value> = samples(&engine).into_iter().map(|(_, d, _)| d).collect();
    let counter = Arc::new(AtomicUsize::new(0));
    let mut group = c.benchmark_group("workers");
    group.sample_size(20);
    group.throughput(Throughput::Elements(documents.len() as u64));
    for workers in [1, 2] {
        let pool = WorkerPool::new(Arc::clone(&engine), workers, 64);
        group.bench_function(BenchmarkId::from_parameter(workers), |b| {
            b.iter_custom(|iterations| {
                let started = Instant::now();
                for _ in 0..iterations {
                    let (done, finished) = mpsc::channel();
                    for document in &documents {
                        let document = fresh(document, counter.fetch_add(1, Ordering::Relaxed));
                        let done = done.clone();
                        pool.submit(Job::new(
                            move |engine| engine.render_pdf(&document).is_ok(),
                            move |ok| done.send(ok == Ok(true)).unwrap(),
                        ));
                    }
                    drop(done);
                    assert!(finished.iter().all(|ok| ok), "every sample renders");
                }
                started.elapsed()
            })
        });
    }
    group.finish();
}

/// A cold `xuncha render`: process start to PDF written.
fn cold(c: &mut Criterion) {
    let out = std::env::temp_dir().join(format!("xuncha-cold-{}.pdf", std::process::id()));
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/fb-02-minimal.json");
    let mut group = c.benchmark_group("cold");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("render fb-02-minimal", |b| {
        b.iter(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_xuncha"))
                .arg("render")
                .arg(&input)
                .arg("-o")
                .arg(&out)
                .status()
                .unwrap();
            assert!(status.success());
        })
    });
    group.finish();
    let _ = std::fs::remove_file(out);
}

criterion_group!(benches, single_core, workers, cold);
criterion_main!(benches);
