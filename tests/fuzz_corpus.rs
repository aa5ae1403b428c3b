//! Replays every input the fuzzers kept (`fuzz/corpus/<target>/`) through the checks the fuzz
//! targets run, so CI repeats each case on stable Rust without cargo-fuzz.

mod common;

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

use common::engine;

/// The kept inputs of one fuzz target.
fn corpus(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} is empty", dir.display());
    files
}

/// Runs `check` on every input, and lists every input that fails, not just the first.
fn replay(target: &str, check: impl Fn(&[u8]) + std::panic::RefUnwindSafe) {
    let failed: Vec<String> = corpus(target)
        .iter()
        .filter_map(|path| {
            let data = std::fs::read(path).unwrap();
            std::panic::catch_unwind(|| check(&data))
                .err()
                .map(|_| path.display().to_string())
        })
        .collect();
    assert!(failed.is_empty(), "failing inputs:\n{}", failed.join("\n"));
}

#[test]
fn the_escape_corpus_passes() {
    replay("escape", harness::escape_literal);
}

#[test]
fn the_render_corpus_passes() {
    replay("render", |data| harness::render_json(engine(), data));
}

#[test]
fn the_workbook_corpus_passes() {
    replay("workbook", harness::workbook_bytes);
}
