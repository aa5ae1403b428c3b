//! Round throughput: `xuncha round` over a large register (the 市直 sample register's 12 units
//! and their findings, copied `--copies` times as units of their own) with one job and with
//! every core, reporting wall time, CPU time (user + system, of the process) over wall time, and
//! the speed-up. On 2 cores the round should keep both busy: CPU/wall ≥ 1.7 (issue 22).
//!
//! ```text
//! cargo bench --bench round -- --copies 8
//! ```

#[path = "../tests/round/registers.rs"]
#[allow(dead_code)]
mod registers;

use std::process::{Command, Stdio};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let copies: usize = args
        .iter()
        .position(|a| a == "--copies")
        .and_then(|i| args.get(i + 1)?.parse().ok())
        .unwrap_or(8);
    let work = tempfile::tempdir().unwrap();
    let register = work.path().join("register.xlsx");
    registers::write(&register, &repeated(registers::city(), copies));

    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "round: the 市直 register × {copies} ({} units), {cores} cores",
        12 * copies
    );
    let mut walls = Vec::new();
    for jobs in [1, cores] {
        let out = work.path().join(format!("out-{jobs}.zip"));
        let before = children_cpu_seconds();
        let started = Instant::now();
        let status = Command::new(env!("CARGO_BIN_EXE_xuncha"))
            .arg("round")
            .arg(&register)
            .args(["--jobs", &jobs.to_string(), "--quiet", "-o"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap();
        let wall = started.elapsed().as_secs_f64();
        let cpu = children_cpu_seconds() - before;
        assert!(status.success(), "round failed with {jobs} jobs");
        println!(
            "  jobs {jobs}: {wall:.2} s wall, {cpu:.2} s CPU, CPU/wall {:.2}",
            cpu / wall
        );
        walls.push(wall);
    }
    println!("  speed-up with {cores} jobs: {:.2}×", walls[0] / walls[1]);
}

/// The register's 单位 and 问题 rows copied `copies` times, each copy's units renamed (临江市 →
/// 临江市第N片区…) and its 问题编号 suffixed, so that every copy is a unit of its own.
fn repeated(mut sheets: Vec<registers::Sheet>, copies: usize) -> Vec<registers::Sheet> {
    for sheet in sheets
        .iter_mut()
        .filter(|s| ["单位", "问题"].contains(&s.name))
    {
        let header = sheet.rows[0].clone();
        let body: Vec<Vec<String>> = sheet.rows[1..].to_vec();
        let unit_at = header
            .iter()
            .position(|h| h == "被巡察单位")
            .expect("a 被巡察单位 column");
        let short_at = header.iter().position(|h| h == "简称");
        let id_at = header.iter().position(|h| h == "问题编号");
        sheet.rows.truncate(1);
        for copy in 1..=copies {
            for row in &body {
                let mut row = row.clone();
                if copy > 1 {
                    row[unit_at] = renamed(&row[unit_at], copy);
                    if let Some(at) = short_at.filter(|&at| !row[at].is_empty()) {
                        row[at] = format!("{}{copy}", row[at]);
                    }
                    if let Some(at) = id_at {
                        row[at] = format!("{}-{copy}", row[at]);
                    }
                }
                sheet.rows.push(row);
            }
        }
    }
    sheets
}

/// A unit's name in copy `copy`: 中共临江市水务局党组 → 中共临江市水务局第2分局党组 would not
/// parse as a unit; the copy number goes before the Party-organisation words instead.
fn renamed(name: &str, copy: usize) -> String {
    let words = [
        "党组（党委）",
        "工作委员会",
        "总支部委员会",
        "支部委员会",
        "委员会",
        "党组",
        "党工委",
        "党委",
        "党支部",
    ];
    for word in words {
        if let Some(body) = name.strip_suffix(word) {
            return format!("{body}{copy}{word}");
        }
    }
    format!("{name}{copy}")
}

/// The user and system CPU seconds of every child process waited for so far.
fn children_cpu_seconds() -> f64 {
    // SAFETY: getrusage writes into the zeroed struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
