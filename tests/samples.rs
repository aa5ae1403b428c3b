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
        // Nothing read other than as typed, and every secret sample has its 份号.
        let validated = engine().validate(&doc).unwrap();
        assert!(
            validated.read_as_meant.is_empty(),
            "{}: {:?}",
            file.display(),
            validated.read_as_meant
        );
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

/// The shared input contract with xuncha's additions (`tests/data/input.schema.json`).
fn contract() -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/input.schema.json"),
        )
        .unwrap(),
    )
    .unwrap()
}

/// Errors of `doc` against the contract's definition `name`.
fn contract_errors(contract: &Value, name: &str, doc: &Value) -> Vec<String> {
    let mut schema = contract["$defs"][name].clone();
    schema["$defs"] = contract["$defs"].clone();
    let validator = jsonschema::validator_for(&schema).unwrap();
    validator
        .iter_errors(doc)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// A 整改通知书 written to the shared contract's `rectification` definition (items with a
/// `status`, a `feedback_ref`, no `requirements`) renders, with the standard requirement text;
/// a status other than 待整改 is an error at its path.
#[test]
fn a_notice_valid_under_the_shared_contract_renders() {
    let contract = contract();
    let mut doc = sample("not-02-minimal.json");
    doc.as_object_mut().unwrap().remove("requirements");
    doc["items"][0]["status"] = "待整改".into();
    doc["title"] = "立行立改通知书".into();
    doc["feedback_ref"] =
        serde_json::json!({"title": "中共云岫县委第三巡察组关于巡察云岫县城关镇的反馈意见"});
    assert_eq!(
        contract_errors(&contract, "rectification", &doc),
        Vec::<String>::new()
    );
    let text = squeezed_text(&layout(&doc));
    assert!(
        text.contains(
            "请对照以上问题立即整改，整改完成后将整改情况书面报告中共云岫县委第三巡察组。"
        ),
        "{text}"
    );
    doc["items"][0]["status"] = "已完成".into();
    match engine().validate(&doc) {
        Err(xuncha::RenderError::Invalid(errors)) => assert!(
            errors
                .iter()
                .any(|e| e.path == "/items/0/status" && e.message.contains("只能是“待整改”")),
            "{errors:#?}"
        ),
        other => panic!("expected an error at /items/0/status, got {other:?}"),
    }
}

/// The shared input contract (`../shared/spec/input.schema.json`, copied into `tests/data/`):
/// the samples must satisfy it, so that they stay inputs other systems can produce.
#[test]
fn samples_satisfy_the_shared_input_contract() {
    let contract = contract();
    for file in sample_files() {
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
        // The contract's `rectification` definition is the 整改情况报告's.
        let kind = match doc["doc_kind"].as_str().unwrap() {
            "rectification_report" => "rectification",
            other => other,
        };
        let errors = contract_errors(&contract, kind, &doc);
        assert!(errors.is_empty(), "{}: {errors:#?}", file.display());
    }
}
