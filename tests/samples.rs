//! Every sample renders cleanly, deterministically, and the samples keep to the input contract.

mod common;

use common::*;
use serde_json::Value;

#[test]
fn every_sample_renders_without_warnings() {
    let files = sample_files();
    assert!(files.len() >= 3);
    for file in files {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        let compiled = engine()
            .compile(&doc)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            compiled.warnings.is_empty(),
            "{}: {:?}",
            file.display(),
            compiled.warnings
        );
        assert!(
            compiled.missing_glyphs.is_empty(),
            "{}: {:?}",
            file.display(),
            compiled.missing_glyphs
        );
        let pdf = compiled.pdf().unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
    }
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let doc = sample("fb-01-standard-16problems.json");
    let first = engine().compile(&doc).unwrap().pdf().unwrap();
    let second = engine().compile(&doc).unwrap().pdf().unwrap();
    assert!(first == second, "PDF bytes differ between two renders");
}

#[test]
fn the_long_sample_runs_past_five_pages() {
    let doc = layout(&sample("fb-03-lookback-long-landscape.json"));
    assert!(doc.pages().len() > 5, "{} pages", doc.pages().len());
}

/// The shared input contract (`../shared/spec/input.schema.json`, copied into `tests/data/`):
/// the samples must satisfy it, so that they stay inputs other systems can produce.
#[test]
fn samples_satisfy_the_shared_input_contract() {
    let contract: Value = serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/input.schema.json"),
        )
        .unwrap(),
    )
    .unwrap();
    for file in sample_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        // The contract's `rectification` definition is the 整改情况报告's.
        let kind = match doc["doc_kind"].as_str().unwrap() {
            "rectification_report" => "rectification",
            other => other,
        };
        let mut schema = contract["$defs"][kind].clone();
        schema["$defs"] = contract["$defs"].clone();
        let validator = jsonschema::validator_for(&schema).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{}: {e}", e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}
