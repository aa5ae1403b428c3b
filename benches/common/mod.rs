//! Helpers shared by the benchmarks: the sample documents, fresh data, and memory from /proc.

#![allow(dead_code)] // each benchmark uses a different subset

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The sample documents of `samples/`, sorted by name.
pub fn sample_paths() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
}

/// The sample documents, parsed.
pub fn sample_documents() -> Vec<Value> {
    sample_paths()
        .iter()
        .map(|p| serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap())
        .collect()
}

/// `document` with a signing organisation no earlier render had, so nothing can be replayed:
/// digits after the first character keep every rule of the field.
pub fn fresh(document: &Value, n: usize) -> Value {
    let mut document = document.clone();
    if let Some(Value::String(text)) = document.pointer_mut("/signature/org_name") {
        let mut chars = text.chars();
        let first = chars.next().unwrap();
        *text = format!("{first}{n}{}", chars.as_str());
    }
    document
}

/// A memory figure of `/proc/{process}/status` (`VmRSS`, `VmHWM`, …) in MiB; `process` is a
/// pid or `self`. `None` once the process is gone.
pub fn status_mib(process: &str, field: &str) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{process}/status")).ok()?;
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(kib / 1024.0)
}

/// Resident memory of a process and all its descendants in MiB (`xuncha serve` serves from a
/// child of the process started; docs/ARCHITECTURE.md, "Memory"). `None` once it is gone.
pub fn tree_rss_mib(pid: u32) -> Option<f64> {
    let own = status_mib(&pid.to_string(), "VmRSS")?;
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    let descendants: f64 = children
        .split_whitespace()
        .filter_map(|child| tree_rss_mib(child.parse().ok()?))
        .sum();
    Some(own + descendants)
}
