//! Batch throughput: `xuncha batch` over 1,000 documents (the samples, repeated) with one job
//! and with every core, reporting documents per second and the process's peak resident memory.
//!
//! ```text
//! cargo bench --bench batch -- --documents 1000
//! ```

mod common;

use common::{sample_paths, status_mib};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let documents: usize = args
        .iter()
        .position(|a| a == "--documents")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(1000);
    let samples = sample_paths();
    let lines: Vec<String> = samples
        .iter()
        .map(|p| {
            let value: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
            value.to_string()
        })
        .collect();
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("round.jsonl");
    let text: String = (0..documents)
        .map(|i| format!("{}\n", lines[i % lines.len()]))
        .collect();
    std::fs::write(&input, text).unwrap();

    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "batch: {documents} documents ({} samples repeated), {cores} cores",
        lines.len()
    );
    let mut rates = Vec::new();
    for jobs in [1, cores] {
        let out = work.path().join(format!("out-{jobs}.zip"));
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_xuncha"))
            .arg("batch")
            .arg(&input)
            .args(["--jobs", &jobs.to_string(), "--quiet", "-o"])
            .arg(&out)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let mut peak = 0.0f64;
        let status = loop {
            if let Some(rss) = status_mib(&child.id().to_string(), "VmHWM") {
                peak = peak.max(rss);
            }
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let seconds = started.elapsed().as_secs_f64();
        assert!(status.success(), "the batch succeeds");
        let rate = documents as f64 / seconds;
        rates.push(rate);
        println!(
            "  --jobs {jobs}: {seconds:.1} s, {rate:.1} documents/s, peak RSS {peak:.0} MiB, zip {:.1} MiB",
            std::fs::metadata(&out).unwrap().len() as f64 / (1024.0 * 1024.0)
        );
    }
    if rates.len() == 2 {
        println!("  speed-up with {cores} jobs: {:.2}x", rates[1] / rates[0]);
    }
}
