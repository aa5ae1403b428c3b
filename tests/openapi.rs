//! The OpenAPI document as standard tools read it: `openapi-spec-validator` accepts it, and
//! Schemathesis, generating requests from it, finds no answer that contradicts it (no 5xx, every
//! status, content type, header and body as described, every invalid request refused).

mod common;

use std::process::Command;

use common::http::*;
use common::tools;
use serde_json::{Value, json};
use xuncha::server::ServerConfig;

#[test]
fn openapi_spec_validator_accepts_the_document() {
    let python = tools::python_with("openapi_spec_validator");
    if !tools::required(
        "openapi-spec-validator",
        python.is_some(),
        tools::VENV_INSTALL,
    ) {
        return;
    }
    let server = TestServer::start(ServerConfig::default());
    let document = get(&server.url("/openapi.json"));
    assert_eq!(document.status, 200);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("openapi.json");
    std::fs::write(&path, &document.body).unwrap();
    let out = Command::new(python.unwrap())
        .args(["-m", "openapi_spec_validator"])
        .arg(&path)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(said.contains("OK"), "{said}");
}

#[test]
fn schemathesis_finds_no_answer_that_contradicts_the_document() {
    let schemathesis = tools::venv().join("bin/schemathesis");
    if !tools::required("schemathesis", schemathesis.is_file(), tools::VENV_INSTALL) {
        return;
    }
    let server = TestServer::start(ServerConfig::default());
    let scratch = tempfile::tempdir().unwrap();
    // The coverage phase (every boundary of every schema, valid and invalid) is most of the
    // time: about a minute for each route with a document body. /v1/validate takes the same
    // body as /v1/render, so it gets examples and random cases only.
    for (phases, paths) in [
        (
            "examples,coverage,fuzzing",
            ["--exclude-path", "/v1/validate"],
        ),
        ("examples,fuzzing", ["--include-path", "/v1/validate"]),
    ] {
        let out = Command::new(&schemathesis)
            .current_dir(scratch.path()) // its cache folder goes here, not into the checkout
            .arg("run")
            .arg(server.url("/openapi.json"))
            .args(paths)
            .args([
                "--checks",
                "not_a_server_error,status_code_conformance,content_type_conformance,\
                 response_schema_conformance,response_headers_conformance,negative_data_rejection",
                "--mode",
                "all",
                "--phases",
                phases,
                "--max-examples",
                "4",
                "--seed",
                "2",
                "--generation-database",
                "none",
                "--no-color",
                "--workers",
                "1",
                "--request-timeout",
                "120",
            ])
            .env("SCHEMATHESIS_HOOKS", "")
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{paths:?}: {said}");
        assert!(said.contains("passed"), "{paths:?}: {said}");
    }
}

/// `schema` with every `$ref` that `lookup` knows replaced by what it points at, recursively;
/// a reference back into a definition being expanded becomes `{"$cycle": depth}`, so that two
/// schemas compare equal whatever their definitions are named.
fn expanded(
    schema: &Value,
    lookup: &dyn Fn(&str) -> Option<Value>,
    open: &mut Vec<String>,
) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                let target = (key == "$ref")
                    .then(|| value.as_str())
                    .flatten()
                    .and_then(|reference| Some((reference.to_string(), lookup(reference)?)));
                let value = match target {
                    Some((reference, _)) if open.contains(&reference) => {
                        let depth = open.len() - open.iter().position(|r| *r == reference).unwrap();
                        json!({"$cycle": depth})
                    }
                    Some((reference, definition)) => {
                        open.push(reference);
                        let inlined = expanded(&definition, lookup, open);
                        open.pop();
                        inlined
                    }
                    None => expanded(value, lookup, open),
                };
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| expanded(v, lookup, open)).collect())
        }
        other => other.clone(),
    }
}

/// The OpenAPI schema without what the service adds for clients that send `null` for an option
/// they leave out: `"type": [T, "null"]` and `{"anyOf": [S, {"type": "null"}]}` become `T` and `S`.
fn without_null(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(alternatives)) = map.get("anyOf")
                && alternatives.len() == 2
                && alternatives[1] == json!({"type": "null"})
            {
                let mut inner = without_null(&alternatives[0]);
                for (key, value) in map.iter().filter(|(k, _)| *k != "anyOf") {
                    inner[key] = without_null(value);
                }
                return inner;
            }
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                let value = match value.as_array().map(Vec::as_slice) {
                    Some([plain, null]) if key == "type" && null == "null" => plain.clone(),
                    _ => without_null(value),
                };
                out.insert(key.clone(), value);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(without_null).collect()),
        other => other.clone(),
    }
}

#[test]
fn every_document_schema_in_the_openapi_is_the_one_xuncha_schema_prints() {
    let server = TestServer::start(ServerConfig::default());
    let openapi = get(&server.url("/openapi.json")).json();
    let components = openapi["components"]["schemas"].clone();
    let component = |reference: &str| {
        let name = reference.strip_prefix("#/components/schemas/")?;
        components.get(name).cloned()
    };
    // The error body has a name of its own: the document model's `Problem` (a finding) is not it.
    assert!(components["ProblemDetails"]["properties"]["status"].is_object());
    for kind in xuncha::DocKind::ALL {
        let out = Command::new(env!("CARGO_BIN_EXE_xuncha"))
            .args(["schema", kind.as_str()])
            .output()
            .unwrap();
        assert!(out.status.success(), "xuncha schema {kind}");
        let mut printed: Value = serde_json::from_slice(&out.stdout).unwrap();
        let definitions = printed["$defs"].clone();
        let printed_map = printed.as_object_mut().unwrap();
        printed_map.remove("$defs");
        printed_map.remove("$schema");
        let definition = |reference: &str| {
            let name = reference.strip_prefix("#/$defs/")?;
            definitions.get(name).cloned()
        };
        let in_openapi = expanded(&components[kind.as_str()], &component, &mut Vec::new());
        let printed = expanded(&printed, &definition, &mut Vec::new());
        assert!(
            without_null(&in_openapi) == printed,
            "{kind}: the OpenAPI schema differs from `xuncha schema {kind}`"
        );
    }
}
