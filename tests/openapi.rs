//! The OpenAPI document as standard tools read it: `openapi-spec-validator` accepts it, and
//! Schemathesis, generating requests from it, finds no answer that contradicts it (no 5xx, every
//! status, content type, header and body as described, every invalid request refused).

mod common;

use std::process::Command;

use common::http::*;
use common::tools;
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
