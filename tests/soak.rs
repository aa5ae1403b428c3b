//! Soak test (ignored by default): a `xuncha serve` process under concurrent load for ten
//! minutes, with good documents and bad ones. Every answer must be the expected one, the process
//! must stay up, and its memory must reach a plateau: from 5,000 PDFs on, within 1.2 × the RSS at
//! 5,000 and below 300 MiB (the server's processes together).
//!
//! ```text
//! cargo build --release
//! XUNCHA_BIN=target/release/xuncha cargo test --test soak -- --ignored --nocapture
//! ```
//!
//! `XUNCHA_SOAK_SECONDS` (600) and `XUNCHA_SOAK_CLIENTS` (4) change the length and the load;
//! `XUNCHA_BIN` chooses the server binary (default: the one this test was built with).
//! `XUNCHA_SOAK_DOCUMENTS=N` stops after N PDFs instead (with no time limit unless
//! `XUNCHA_SOAK_SECONDS` is also given), `XUNCHA_SOAK_CSV=FILE` writes the server's RSS after
//! every 1,000 PDFs, and `XUNCHA_SOAK_SERVER_ARGS` adds options to `xuncha serve` (split at
//! spaces). The 100,000-document curve of docs/PERFORMANCE.md:
//!
//! ```text
//! XUNCHA_BIN=target/release/xuncha XUNCHA_SOAK_DOCUMENTS=100000 XUNCHA_SOAK_CSV=rss.csv \
//!     cargo test --release --test soak -- --ignored --nocapture
//! ```

mod common;

use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::http::*;
use common::*;
use serde_json::{Value, json};

/// One kind of request and the status it must get.
struct Request {
    body: Vec<u8>,
    status: u16,
}

/// The samples (200), and bad documents of each kind the service refuses (4xx).
fn requests() -> Vec<Request> {
    let mut requests: Vec<Request> = sample_files()
        .iter()
        .map(|path| Request {
            body: std::fs::read(path).unwrap(),
            status: 200,
        })
        .collect();
    let minimal = sample("fb-02-minimal.json");
    let mut invalid = minimal.clone();
    invalid["signature"]["date"] = json!("2024-02-30");
    invalid["titel"] = json!("x");
    let mut long = minimal.clone();
    long["problem_groups"][0]["problems"][0]["description"] = json!("长".repeat(20_000));
    let mut many = sample("cc-03-minimal.json");
    let problem = many["problems"][0].clone();
    many["problems"] = Value::Array(
        (1..=600)
            .map(|seq| {
                let mut p = problem.clone();
                p["seq"] = json!(seq);
                p
            })
            .collect(),
    );
    let text = serde_json::to_string(&minimal).unwrap();
    for (body, status) in [
        (serde_json::to_vec(&invalid).unwrap(), 422),
        (serde_json::to_vec(&long).unwrap(), 422),
        (serde_json::to_vec(&many).unwrap(), 422),
        (
            text.replacen("\"title\":", "\"title\":1,\"title\":", 1)
                .into_bytes(),
            400,
        ),
        (text.as_bytes()[..text.len() / 2].to_vec(), 400),
        (b"[]".to_vec(), 422),
    ] {
        requests.push(Request { body, status });
    }
    requests
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Resident memory of a process and its descendants, in MiB: with `--recycle-after` the
/// documents are served by a child of the process started here.
fn rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    let descendants: f64 = children
        .split_whitespace()
        .filter_map(|child| rss_mib(child.parse().ok()?))
        .sum();
    Some(kib / 1024.0 + descendants)
}

#[test]
#[ignore = "runs for ten minutes; see the file's header"]
fn the_server_stays_up_and_flat_under_ten_minutes_of_mixed_load() {
    let documents = env_number("XUNCHA_SOAK_DOCUMENTS", 0) as usize;
    let seconds = env_number(
        "XUNCHA_SOAK_SECONDS",
        if documents > 0 { u64::MAX } else { 600 },
    );
    let clients = env_number("XUNCHA_SOAK_CLIENTS", 4) as usize;
    let server_args = std::env::var("XUNCHA_SOAK_SERVER_ARGS").unwrap_or_default();
    let binary = std::env::var("XUNCHA_BIN").unwrap_or(env!("CARGO_BIN_EXE_xuncha").into());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut server = Command::new(&binary)
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .args(["--workers", "2", "--queue", "64"])
        .args(server_args.split_whitespace())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let up = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(up.elapsed() < Duration::from_secs(20), "the server starts");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(get(&format!("{base}/healthz")).status, 200);

    let requests = Arc::new(requests());
    let renders = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let unexpected = Arc::new(Mutex::new(Vec::<String>::new()));
    let latencies = Arc::new(Mutex::new(Vec::<f64>::new()));
    let by_status = Arc::new(Mutex::new(std::collections::BTreeMap::<u16, usize>::new()));
    let threads: Vec<_> = (0..clients)
        .map(|client| {
            let (requests, renders, stop) = (requests.clone(), renders.clone(), stop.clone());
            let (unexpected, latencies, by_status) =
                (unexpected.clone(), latencies.clone(), by_status.clone());
            let url = format!("{base}/v1/render");
            std::thread::spawn(move || {
                let mut k = client;
                while !stop.load(Ordering::Relaxed) {
                    let request = &requests[k % requests.len()];
                    k += clients + 1;
                    let started = Instant::now();
                    let reply = post_json(&url, &request.body);
                    let millis = started.elapsed().as_secs_f64() * 1000.0;
                    *by_status.lock().unwrap().entry(reply.status).or_default() += 1;
                    if reply.status != request.status {
                        unexpected.lock().unwrap().push(format!(
                            "wanted {}, got {}: {}",
                            request.status,
                            reply.status,
                            String::from_utf8_lossy(&reply.body[..reply.body.len().min(300)])
                        ));
                    }
                    if reply.status == 200 {
                        latencies.lock().unwrap().push(millis);
                        renders.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();

    // RSS with the number of renders so far, once a second and after every 1,000 PDFs.
    let started = Instant::now();
    let mut timeline: Vec<(f64, usize, f64)> = Vec::new();
    let mut per_thousand: Vec<(f64, usize, f64)> = Vec::new();
    let limit = Duration::from_secs(seconds);
    while started.elapsed() < limit
        && (documents == 0 || renders.load(Ordering::Relaxed) < documents)
    {
        std::thread::sleep(Duration::from_millis(100));
        let count = renders.load(Ordering::Relaxed);
        let now = started.elapsed().as_secs_f64();
        if count / 1000 > per_thousand.len() {
            let rss = rss_mib(server.id()).expect("the server is running");
            per_thousand.push((now, count, rss));
        }
        if now >= (timeline.len() + 1) as f64 {
            let rss = rss_mib(server.id()).expect("the server is running");
            timeline.push((now, count, rss));
        }
    }
    let rss = rss_mib(server.id()).expect("the server is running");
    timeline.push((
        started.elapsed().as_secs_f64(),
        renders.load(Ordering::Relaxed),
        rss,
    ));
    if let Ok(path) = std::env::var("XUNCHA_SOAK_CSV") {
        let mut csv = String::from("pdfs,seconds,rss_mib\n");
        for (second, count, rss) in &per_thousand {
            csv.push_str(&format!("{count},{second:.1},{rss:.1}\n"));
        }
        std::fs::write(&path, csv).unwrap();
    }
    stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread.join().unwrap();
    }
    assert!(
        server.try_wait().unwrap().is_none(),
        "the server never exited"
    );
    assert_eq!(get(&format!("{base}/healthz")).status, 200);
    let _ = server.kill();
    let _ = server.wait();

    let mut latencies = latencies.lock().unwrap().clone();
    latencies.sort_by(f64::total_cmp);
    let percentile = |p: f64| latencies[((latencies.len() - 1) as f64 * p) as usize];
    let total_renders = renders.load(Ordering::Relaxed);
    let elapsed = timeline.last().unwrap().0;
    println!(
        "soak: {elapsed:.0} s, {clients} clients, 2 workers: {total_renders} PDFs ({:.1}/s), answers by status {:?}",
        total_renders as f64 / elapsed,
        by_status.lock().unwrap()
    );
    println!(
        "  PDF latency p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        percentile(0.5),
        percentile(0.9),
        percentile(0.99),
        percentile(1.0)
    );
    for (second, count, rss) in timeline
        .iter()
        .filter(|(s, _, _)| (*s as u64).is_multiple_of(60))
    {
        println!("  {second:>4.0} s: {count:>6} PDFs, RSS {rss:.0} MiB");
    }
    let unexpected = unexpected.lock().unwrap();
    assert!(
        unexpected.is_empty(),
        "{} unexpected answers, e.g. {:?}",
        unexpected.len(),
        &unexpected[..unexpected.len().min(5)]
    );
    // The plateau (issue 18): from 5,000 PDFs on, RSS stays within 1.2 × its value then and
    // below 300 MiB, at every sample, recycles included.
    let (_, _, at_5000) = *timeline
        .iter()
        .find(|(_, count, _)| *count >= 5000)
        .expect("5,000 PDFs were made");
    let (_, at_peak, peak) = timeline
        .iter()
        .filter(|(_, count, _)| *count >= 5000)
        .copied()
        .fold((0.0, 0, 0.0), |a, b| if b.2 > a.2 { b } else { a });
    let (_, _, last) = *timeline.last().unwrap();
    println!(
        "  RSS after 5,000 PDFs {at_5000:.0} MiB, highest after that {peak:.0} MiB (at {at_peak} PDFs, {:+.1} %), at the end {last:.0} MiB",
        (peak / at_5000 - 1.0) * 100.0
    );
    assert!(
        peak <= at_5000 * 1.2,
        "memory grew more than 20 % after 5,000 PDFs: {at_5000:.0} → {peak:.0} MiB"
    );
    assert!(peak < 300.0, "memory reached 300 MiB: {peak:.0} MiB");
}
