//! Load test of `xuncha serve`: concurrent clients POST the sample documents to a real server
//! process until a number of renders or a time limit is reached, then report throughput,
//! latency percentiles, errors, and the server's resident memory along the way.
//!
//! ```text
//! cargo bench --bench load -- --clients 4 --renders 5000 --workers 2
//! cargo bench --bench load -- --clients 8 --seconds 60
//! ```

mod common;

use std::collections::BTreeMap;
use std::io::BufRead;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{sample_paths, tree_rss_mib};

struct Settings {
    clients: usize,
    renders: usize,
    seconds: u64,
    workers: usize,
}

fn settings() -> Settings {
    let mut settings = Settings {
        clients: 4,
        renders: 5000,
        seconds: 600,
        workers: std::thread::available_parallelism().map_or(1, usize::from),
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || -> u64 {
            args.get(i + 1)
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{} needs a number", args[i]))
        };
        match args[i].as_str() {
            "--clients" => settings.clients = value() as usize,
            "--renders" => settings.renders = value() as usize,
            "--seconds" => settings.seconds = value(),
            "--workers" => settings.workers = value() as usize,
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    settings
}

/// Resident memory of the server's processes (supervisor and serving process) in MiB, from
/// /proc; NaN once they are gone.
fn rss_mib(pid: u32) -> f64 {
    tree_rss_mib(pid).unwrap_or(f64::NAN)
}

fn start_server(workers: usize) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(["serve", "--addr", "127.0.0.1:0", "--log-json"])
        .args(["--workers", &workers.to_string(), "--queue", "1024"])
        .env("XUNCHA_LOG", "warn,xuncha::cli::serve=info")
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server starts");
    let stderr = child.stderr.take().unwrap();
    let (found, address) = mpsc::channel();
    std::thread::spawn(move || {
        let mut sent = false;
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if !sent && let Some(at) = line.find("\"addr\":\"") {
                let rest = &line[at + 8..];
                let _ = found.send(rest[..rest.find('"').unwrap()].to_string());
                sent = true;
            }
        }
    });
    let addr = address
        .recv_timeout(Duration::from_secs(30))
        .expect("the server reports its address");
    (child, format!("http://{addr}"))
}

fn samples() -> Vec<Vec<u8>> {
    sample_paths()
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank]
}

fn main() {
    let settings = settings();
    let (mut server, base) = start_server(settings.workers);
    let pid = server.id();
    let documents = Arc::new(samples());
    let agent: ureq::Agent = ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build(),
    );
    let render = move |body: &[u8]| -> (u16, Duration) {
        let started = Instant::now();
        let mut response = agent
            .post(format!("{base}/v1/render"))
            .header("Content-Type", "application/json")
            .send(body)
            .expect("the server answers");
        let _ = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec();
        (response.status().as_u16(), started.elapsed())
    };
    // Warm up: every sample once.
    for document in documents.iter() {
        assert_eq!(render(document).0, 200, "samples render");
    }
    let rss_start = rss_mib(pid);

    let done = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (results, received) = mpsc::channel::<(u16, Duration)>();
    let started = Instant::now();
    let clients: Vec<_> = (0..settings.clients)
        .map(|client| {
            let (documents, done, stop, results) = (
                Arc::clone(&documents),
                Arc::clone(&done),
                Arc::clone(&stop),
                results.clone(),
            );
            let render = render.clone();
            std::thread::spawn(move || {
                let mut n = client;
                while !stop.load(Ordering::Relaxed) {
                    if done.fetch_add(1, Ordering::SeqCst) >= settings.renders {
                        break;
                    }
                    let outcome = render(&documents[n % documents.len()]);
                    let _ = results.send(outcome);
                    n += 1;
                }
            })
        })
        .collect();
    drop(results);

    let limit = Duration::from_secs(settings.seconds);
    let mut latencies = Vec::new();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut rss_at_500 = f64::NAN;
    let mut rss_max = rss_start;
    while let Ok((status, latency)) = received.recv() {
        *statuses.entry(status).or_default() += 1;
        latencies.push(latency.as_secs_f64() * 1000.0);
        if latencies.len() % 100 == 0 {
            let rss = rss_mib(pid);
            rss_max = rss_max.max(rss);
            if latencies.len() == 500 {
                rss_at_500 = rss;
            }
            eprint!("\r{} renders, RSS {rss:.1} MiB   ", latencies.len());
        }
        if started.elapsed() > limit {
            stop.store(true, Ordering::Relaxed);
        }
    }
    for client in clients {
        client.join().unwrap();
    }
    let elapsed = started.elapsed().as_secs_f64();
    let rss_end = rss_mib(pid);
    let _ = server.kill();
    let _ = server.wait();

    latencies.sort_by(f64::total_cmp);
    let total = latencies.len();
    let errors = total - statuses.get(&200).copied().unwrap_or(0);
    eprintln!();
    println!(
        "load: {} clients, {} workers, {} renders of the {} samples in {elapsed:.1} s",
        settings.clients,
        settings.workers,
        total,
        documents.len()
    );
    println!("  throughput     {:.1} documents/s", total as f64 / elapsed);
    println!(
        "  latency ms     p50 {:.1}  p90 {:.1}  p99 {:.1}  max {:.1}",
        percentile(&latencies, 50.0),
        percentile(&latencies, 90.0),
        percentile(&latencies, 99.0),
        latencies.last().copied().unwrap_or(f64::NAN)
    );
    println!("  statuses       {statuses:?} ({errors} not 200)");
    println!(
        "  server RSS MiB after warm-up {rss_start:.1}, after 500 {rss_at_500:.1}, at the end {rss_end:.1}, max {rss_max:.1}"
    );
    if rss_at_500.is_finite() {
        println!(
            "  growth from 500 to the end: {:+.1} %",
            (rss_end / rss_at_500 - 1.0) * 100.0
        );
    }
}
