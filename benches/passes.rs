//! Layout passes and the cost of the introspection the GB/T 9704 rules need.
//!
//! ```text
//! cargo bench --bench passes            # a table: pages, passes, compile ms with and without
//! ```
//!
//! Typst lays a document out again until what it introspects (positions, page numbers) settles.
//! For each sample this counts the passes (from Typst's own timing scopes, `iter (N)`) and times
//! the compile stage (median of 21 fresh renders on one core) with the bundled templates and
//! with a copy of `lib/gongwen.typ` in which the two introspecting features are removed: the page
//! numbers (a page foreground that asks for its page) and the 版记 placement (which asks where the
//! text ended). The ratio is what those features cost; `docs/PERFORMANCE.md` has the figures.

mod common;

use std::path::Path;
use std::time::Instant;

use common::{fresh, sample_paths};
use serde_json::Value;
use xuncha::{Engine, EngineConfig};

const RUNS: usize = 21;

fn main() {
    let with = Engine::new(&EngineConfig::bundled()).unwrap();
    let layer = tempfile::tempdir().unwrap();
    without_introspection(layer.path());
    let mut config = EngineConfig::bundled();
    config.user_templates.push(layer.path().to_path_buf());
    let without = Engine::new(&config).unwrap();

    println!(
        "{:<40} {:>5} {:>6} {:>10} {:>10} {:>6}",
        "sample", "pages", "passes", "compile ms", "without ms", "ratio"
    );
    let mut n = 0;
    for path in sample_paths() {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let document: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let pages = with.compile(&document).unwrap().typeset.pages().len();
        let passes = passes(&with, &fresh(&document, usize::MAX));
        let mut time = |engine: &Engine| {
            let mut ms: Vec<f64> = (0..RUNS)
                .map(|_| {
                    n += 1;
                    let document = fresh(&document, n);
                    let started = Instant::now();
                    engine.compile(&document).unwrap();
                    started.elapsed().as_secs_f64() * 1000.0
                })
                .collect();
            ms.sort_by(f64::total_cmp);
            ms[RUNS / 2]
        };
        let (a, b) = (time(&with), time(&without));
        println!(
            "{name:<40} {pages:>5} {passes:>6} {a:>10.2} {b:>10.2} {:>6.2}",
            a / b
        );
    }
}

/// The layout passes Typst makes for `document`, from its timing scopes `iter (1)` … `iter (5)`.
fn passes(engine: &Engine, document: &Value) -> usize {
    typst_timing::clear();
    typst_timing::enable();
    engine.compile(document).unwrap();
    typst_timing::disable();
    let mut json = Vec::new();
    typst_timing::export_json(&mut json, |_| (String::new(), 0)).unwrap();
    let events: Vec<Value> = serde_json::from_slice(&json).unwrap();
    events
        .iter()
        .filter(|e| e["ph"] == "B" && e["name"].as_str().is_some_and(|n| n.starts_with("iter (")))
        .count()
}

/// Writes into `layer` a `lib/gongwen.typ` without page numbers and with the 版记 right after the
/// text, the baseline the introspection is measured against.
fn without_introspection(layer: &Path) {
    let builtin = xuncha::engine::bundled_dir("templates").join("lib/gongwen.typ");
    let source = std::fs::read_to_string(builtin).unwrap();
    let mut patched = source.clone();
    for (from, to) in [
        (
            "foreground: page-number(s, letter, banji, banji-placement),",
            "foreground: none,",
        ),
        (
            "if banji != none { place-banji(s, banji, placement: banji-placement) }",
            "if banji != none { place-banji(s, banji, placement: \"after-text\") }",
        ),
    ] {
        assert!(
            patched.contains(from),
            "lib/gongwen.typ no longer has {from}"
        );
        patched = patched.replace(from, to);
    }
    std::fs::create_dir_all(layer.join("lib")).unwrap();
    std::fs::write(layer.join("lib/gongwen.typ"), patched).unwrap();
}
