//! The HTTP service against a real server on 127.0.0.1 and a real HTTP client: every route,
//! every error status, auth on and off, batches with bad documents, shutdown.

mod common;

use std::io::Read;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use common::http::*;
use common::serve::{ServeProcess, message_of};
use common::*;
use serde_json::{Value, json};
use xuncha::pool::Job;
use xuncha::server::ServerConfig;
use xuncha::{Engine, EngineConfig};

/// Percent-decodes the `filename*=UTF-8''…` of a Content-Disposition header.
fn filename_star(disposition: &str) -> String {
    let encoded = disposition.split("filename*=UTF-8''").nth(1).unwrap();
    let bytes = encoded.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&encoded[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

#[test]
fn render_returns_a_named_pdf_and_page_previews() {
    let server = TestServer::start(ServerConfig::default());
    let pdf = reply(
        agent()
            .post(server.url("/v1/render"))
            .header("Content-Type", "application/json; charset=utf-8")
            .header("X-Request-Id", "clerk-42")
            .send(&sample_bytes("fb-02-minimal.json")[..]),
    );
    assert_eq!(pdf.status, 200, "{}", String::from_utf8_lossy(&pdf.body));
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf.body.starts_with(b"%PDF-"));
    assert_eq!(pdf.header("x-request-id"), "clerk-42");
    assert_eq!(pdf.header("x-page-count"), "1");
    let disposition = pdf.header("content-disposition");
    assert!(disposition.starts_with("attachment; filename=\"inspection_feedback.pdf\""));
    assert_eq!(
        filename_star(disposition),
        "中共云岫县委第一巡察组关于巡察云岫县档案馆党支部的反馈意见.pdf"
    );
    let same = post_json(
        &server.url("/v1/render"),
        &sample_bytes("fb-02-minimal.json"),
    );
    assert_eq!(same.body, pdf.body, "the same input gives the same bytes");
    assert!(
        !same.header("x-request-id").is_empty(),
        "an id is made up when none is sent"
    );

    let doc = sample_bytes("rec-02-minimal.json");
    let png = post_json(&server.url("/v1/render?format=png&page=1&dpi=30"), &doc);
    assert_eq!(png.status, 200);
    assert_eq!(png.header("content-type"), "image/png");
    assert!(png.body.starts_with(b"\x89PNG"));
    let svg = post_json(&server.url("/v1/render?format=svg"), &doc);
    assert_eq!(svg.status, 200);
    assert_eq!(svg.header("content-type"), "image/svg+xml");
    assert!(String::from_utf8_lossy(&svg.body).contains("<svg"));

    let missing_page = post_json(&server.url("/v1/render?format=png&page=9"), &doc).problem(400);
    assert!(
        missing_page["detail"]
            .as_str()
            .unwrap()
            .contains("文书共 1 页")
    );
    // Parameters that do not apply to a format are ignored, as the OpenAPI description says.
    for query in [
        "?format=pdf&dpi=144",
        "?page=1",
        "?format=PDF",
        "?format=svg&dpi=100",
    ] {
        let answer = post_json(&server.url(&format!("/v1/render{query}")), &doc);
        assert_eq!(answer.status, 200, "{query}");
    }
    for (query, said) in [
        ("?format=gif", "未知的格式“gif”"),
        ("?format=png&dpi=5", "dpi 应为 10 到 600 之间的数"),
        ("?format=png&page=0", "page 应为从 1 开始的页码"),
        ("?format=pdf&page=0", "page 应为从 1 开始的页码"),
        ("?pdf_standard=a-9", "a-2b"),
        ("?colour=red", "未知的查询参数“colour”"),
    ] {
        let problem = post_json(&server.url(&format!("/v1/render{query}")), &doc).problem(400);
        let detail = problem["detail"].as_str().unwrap();
        assert!(detail.contains(said), "{query}: {detail}");
    }

    // The same document as OFD and as PDF/A-2b. A PDF standard does not apply to OFD and is
    // ignored there, as every parameter that does not apply to the format asked for.
    let ofd = post_json(&server.url("/v1/render?format=ofd&pdf_standard=a-2b"), &doc);
    assert_eq!(ofd.status, 200);
    assert_eq!(ofd.header("content-type"), "application/ofd");
    assert!(ofd.body.starts_with(b"PK"), "an OFD is a zip package");
    assert!(ofd.header("content-disposition").contains(".ofd"));
    let archival = post_json(&server.url("/v1/render?pdf_standard=a-2b"), &doc);
    assert_eq!(archival.status, 200);
    assert!(String::from_utf8_lossy(&archival.body).contains("pdfaid:part"));
    let formats = get(&server.url("/v1/formats")).json();
    let names: Vec<&str> = formats["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["format"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["pdf", "ofd", "ofd-a", "docx"]);
    assert_eq!(formats["pdf_standards"].as_array().unwrap().len(), 4);
}

#[test]
fn every_error_is_problem_json_with_its_status() {
    let server = TestServer::start(ServerConfig {
        max_body_bytes: 4 * 1024,
        ..ServerConfig::default()
    });
    let render = server.url("/v1/render");
    let malformed = post_json(&render, b"{\"doc_kind\": ").problem(400);
    assert!(malformed["detail"].as_str().unwrap().contains("第 1 行"));
    post_json(&render, "\u{feff}[1,".as_bytes()).problem(400);
    post_json(&render, br#"{"title": "\ud800"}"#).problem(400);

    post_json(&render, &vec![b' '; 5000]).problem(413);
    let text = reply(
        agent()
            .post(&render)
            .header("Content-Type", "text/plain")
            .send("{}"),
    );
    text.problem(415);
    reply(agent().post(&render).send_empty()).problem(415);

    let mut doc: Value = serde_json::from_slice(&sample_bytes("cc-03-minimal.json")).unwrap();
    doc["problems"][0]["description"] = json!("短");
    doc["signature"]["date"] = json!("2024-13-01");
    doc["surprise"] = json!(true);
    let invalid = post_json(&render, doc.to_string().as_bytes()).problem(422);
    let mut paths: Vec<&str> = invalid["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        ["/problems/0/description", "/signature/date", "/surprise"]
    );

    get(&server.url("/v1/nothing-here")).problem(404);
    get(&server.url("/v1/schema/inspection_memo")).problem(404);
    get(&render).problem(405);
}

#[test]
fn a_full_queue_answers_503_with_retry_after() {
    let server = TestServer::start(ServerConfig {
        workers: 1,
        queue: 1,
        ..ServerConfig::default()
    });
    // Occupy the only worker, then the only queue slot.
    let (release, gate) = mpsc::channel::<()>();
    let (running, is_running) = mpsc::channel::<()>();
    server.shared.pool.submit(Job::new(
        move |_| {
            running.send(()).unwrap();
            gate.recv().unwrap();
        },
        |_| (),
    ));
    is_running.recv().unwrap();
    server.shared.pool.submit(Job::new(|_| (), |_| ()));

    let busy = post_json(
        &server.url("/v1/render"),
        &sample_bytes("fb-02-minimal.json"),
    );
    busy.problem(503);
    assert_eq!(busy.header("retry-after"), "1");
    let ready = get(&server.url("/readyz"));
    assert_eq!(ready.status, 503);
    assert_eq!(ready.json()["status"], "busy");
    post_json(&server.url("/v1/batch"), b"[{}]").problem(503);

    release.send(()).unwrap();
    while server.shared.pool.queued() + server.shared.pool.busy() > 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(get(&server.url("/readyz")).status, 200);
    let ok = post_json(
        &server.url("/v1/render"),
        &sample_bytes("fb-02-minimal.json"),
    );
    assert_eq!(ok.status, 200);
}

#[test]
fn a_request_past_its_deadline_gets_503() {
    let server = TestServer::start(ServerConfig {
        workers: 1,
        deadline: Duration::from_millis(1),
        ..ServerConfig::default()
    });
    let late = post_json(
        &server.url("/v1/render"),
        &sample_bytes("fb-03-lookback-long-landscape.json"),
    )
    .problem(503);
    assert!(
        late["detail"].as_str().unwrap().contains("deadline"),
        "{late}"
    );
}

#[test]
fn the_token_guards_every_route_but_healthz() {
    let open = TestServer::start(ServerConfig::default());
    assert_eq!(get(&open.url("/v1/kinds")).status, 200, "no token, no auth");

    let server = TestServer::start(ServerConfig {
        token: Some("s3cret".into()),
        ..ServerConfig::default()
    });
    assert_eq!(get(&server.url("/healthz")).status, 200);
    let refused = get(&server.url("/v1/kinds"));
    refused.problem(401);
    assert_eq!(refused.header("www-authenticate"), "Bearer");
    reply(
        agent()
            .get(server.url("/metrics"))
            .header("Authorization", "Bearer wrong")
            .call(),
    )
    .problem(401);
    reply(
        agent()
            .post(server.url("/v1/render"))
            .header("Content-Type", "application/json")
            .send(&sample_bytes("fb-02-minimal.json")[..]),
    )
    .problem(401);
    let allowed = reply(
        agent()
            .get(server.url("/v1/kinds"))
            .header("Authorization", "Bearer s3cret")
            .call(),
    );
    assert_eq!(allowed.status, 200);
}

#[test]
fn batch_returns_a_zip_that_accounts_for_bad_documents() {
    let server = TestServer::start(ServerConfig::default());
    let good: Value = serde_json::from_slice(&sample_bytes("cc-03-minimal.json")).unwrap();
    let mut invalid = good.clone();
    invalid["serial_no"] = json!("第五号");
    let body = json!([good, invalid, {"doc_kind": "inspection_memo"}, "not a document"]);
    let zip = post_json(&server.url("/v1/batch"), body.to_string().as_bytes());
    assert_eq!(zip.status, 200, "{}", String::from_utf8_lossy(&zip.body));
    assert_eq!(zip.header("content-type"), "application/zip");
    assert_eq!(zip.header("x-documents-ok"), "1");
    assert_eq!(zip.header("x-documents-failed"), "3");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    let mut manifest = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    let documents = manifest["documents"].as_array().unwrap();
    let statuses: Vec<&str> = documents
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["ok", "error", "error", "error"]);
    assert_eq!(documents[1]["source"]["file"], "/1");
    assert_eq!(documents[1]["errors"][0]["path"], "/serial_no");
    assert_eq!(documents[2]["errors"][0]["path"], "/doc_kind");
    let name = documents[0]["output"].as_str().unwrap();
    let mut pdf = Vec::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_end(&mut pdf)
        .unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(archive.len(), 2, "one PDF and the manifest");

    post_json(&server.url("/v1/batch"), b"{}").problem(400);
    post_json(&server.url("/v1/batch"), b"[]").problem(400);
}

#[test]
fn render_and_batch_write_word_drafts_with_the_errors_a_pdf_gets() {
    let server = TestServer::start(ServerConfig::default());
    // A sealed document: the seal picture is drawn on the worker.
    let name = "not-03-letter-12items.json";
    let draft = post_json(&server.url("/v1/render?format=docx"), &sample_bytes(name));
    assert_eq!(
        draft.status,
        200,
        "{}",
        String::from_utf8_lossy(&draft.body)
    );
    assert_eq!(
        draft.header("content-type"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    assert!(
        draft
            .header("content-disposition")
            .starts_with("attachment; filename=\"rectification_notice.docx\"")
    );
    assert_eq!(draft.header("x-page-count"), "", "Word paginates a draft");
    let expected = engine().draft(&sample(name)).unwrap().bytes;
    assert!(draft.body == expected, "the bytes the engine writes");

    // A bad document gets the 422 a PDF gets, with the same errors at the same paths.
    let mut bad = sample("rec-02-minimal.json");
    bad["title"] = json!("");
    bad["template"] = json!("no-such-template");
    let bad = bad.to_string();
    let as_docx = post_json(&server.url("/v1/render?format=docx"), bad.as_bytes()).problem(422);
    let as_pdf = post_json(&server.url("/v1/render"), bad.as_bytes()).problem(422);
    assert!(
        as_docx["errors"].as_array().unwrap().len() >= 2,
        "{as_docx}"
    );
    assert_eq!(as_docx["errors"], as_pdf["errors"]);

    let body = format!(
        "[{}, {bad}]",
        String::from_utf8(sample_bytes(name)).unwrap()
    );
    let zip = post_json(&server.url("/v1/batch?format=DOCX"), body.as_bytes());
    assert_eq!(zip.status, 200, "{}", String::from_utf8_lossy(&zip.body));
    assert_eq!(zip.header("x-documents-failed"), "1");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    let mut manifest = String::new();
    archive
        .by_name("manifest.json")
        .unwrap()
        .read_to_string(&mut manifest)
        .unwrap();
    let manifest: Value = serde_json::from_str(&manifest).unwrap();
    let entry = &manifest["documents"][0];
    assert_eq!(entry["pages"], Value::Null);
    let mut written = Vec::new();
    archive
        .by_name(entry["output"].as_str().unwrap())
        .unwrap()
        .read_to_end(&mut written)
        .unwrap();
    assert!(written == expected, "the same bytes in a batch");
    assert_eq!(manifest["documents"][1]["errors"], as_pdf["errors"]);
}

#[test]
fn validate_kinds_schema_health_metrics_and_openapi() {
    let server = TestServer::start(ServerConfig::default());
    let valid = post_json(
        &server.url("/v1/validate"),
        &sample_bytes("rec-02-minimal.json"),
    );
    assert_eq!(valid.status, 200);
    assert_eq!(valid.json()["valid"], true);
    let mut doc: Value = serde_json::from_slice(&sample_bytes("rec-02-minimal.json")).unwrap();
    doc["title"] = json!(7);
    let invalid = post_json(&server.url("/v1/validate"), doc.to_string().as_bytes()).problem(422);
    assert_eq!(invalid["errors"][0]["path"], "/title");

    let kinds = get(&server.url("/v1/kinds")).json();
    let names: Vec<&str> = kinds["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["doc_kind"].as_str().unwrap())
        .collect();
    let registered: Vec<&str> = xuncha::DocKind::ALL.iter().map(|k| k.as_str()).collect();
    assert_eq!(names, registered);
    assert_eq!(kinds["kinds"][1]["default_layout"], "form");
    assert_eq!(
        kinds["kinds"][0]["templates"][0],
        json!({"name": "inspection_feedback", "version": "1.0.0", "default": true, "builtin": true,
               "description": "巡察反馈意见：文件格式、信函格式或无版头，GB/T 9704-2012"})
    );
    assert_eq!(kinds["templates"]["digest"].as_str().unwrap().len(), 12);
    for kind in names {
        let schema = get(&server.url(&format!("/v1/schema/{kind}")));
        assert_eq!(schema.status, 200);
        let schema = schema.json();
        assert_eq!(schema["properties"]["doc_kind"]["enum"], json!([kind]));
    }
    assert_eq!(get(&server.url("/healthz")).json()["status"], "ok");

    let openapi = get(&server.url("/openapi.json")).json();
    assert_eq!(openapi["openapi"], "3.1.0");
    for path in [
        "/v1/render",
        "/v1/batch",
        "/v1/validate",
        "/v1/kinds",
        "/v1/schema/{kind}",
        "/healthz",
        "/readyz",
        "/metrics",
        "/openapi.json",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} is described");
    }

    let metrics = String::from_utf8(get(&server.url("/metrics")).body).unwrap();
    for line in [
        "xuncha_http_requests_total{route=\"/v1/validate\",method=\"POST\",status=\"200\"} 1",
        "xuncha_http_requests_total{route=\"/v1/validate\",method=\"POST\",status=\"422\"} 1",
        "xuncha_queue_depth 0",
        "xuncha_process_documents 0",
    ] {
        assert!(metrics.contains(line), "{line} in\n{metrics}");
    }
    let schemas = format!(
        "xuncha_http_requests_total{{route=\"/v1/schema/{{kind}}\",method=\"GET\",status=\"200\"}} {}",
        xuncha::DocKind::ALL.len()
    );
    assert!(metrics.contains(&schemas), "{schemas} in\n{metrics}");
    assert!(metrics.contains("# TYPE xuncha_render_duration_seconds histogram"));
    let resident: f64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix("xuncha_process_resident_memory_bytes "))
        .expect("the resident memory is exported")
        .parse()
        .unwrap();
    assert!(resident > 10e6, "{resident} bytes resident");
}

#[test]
fn shutdown_finishes_the_requests_in_flight() {
    let server = TestServer::start(ServerConfig {
        workers: 1,
        ..ServerConfig::default()
    });
    let url = server.url("/v1/render");
    let client = std::thread::spawn(move || {
        post_json(&url, &sample_bytes("fb-03-lookback-long-landscape.json"))
    });
    while server.shared.pool.busy() == 0 {
        std::thread::sleep(Duration::from_millis(1));
    }
    server.shut_down();
    let answer = client.join().unwrap();
    assert_eq!(answer.status, 200);
    assert!(answer.body.starts_with(b"%PDF-"));
}

#[test]
fn a_failing_template_answers_500_with_located_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let folder = copy_builtin_template(
        dir.path(),
        "inspection_recommendation",
        "inspection_recommendation",
    );
    let entry = folder.join("main.typ.tera");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, format!("{text}#let oops = 1 + \"a\"\n")).unwrap();
    let mut config = EngineConfig::bundled();
    config.user_templates = vec![dir.path().to_path_buf()];
    let engine = Arc::new(Engine::new(&config).unwrap());
    let server = TestServer::start_with(engine, ServerConfig::default());
    let failed = post_json(
        &server.url("/v1/render"),
        &sample_bytes("rec-02-minimal.json"),
    )
    .problem(500);
    assert_eq!(failed["type"], "urn:xuncha:problem:template-error");
    let location = &failed["diagnostics"][0]["location"];
    assert!(
        location["file"]
            .as_str()
            .unwrap()
            .ends_with("inspection_recommendation/main.typ.tera")
    );
    assert_eq!(location["line"], text.lines().count() + 1);
    assert_eq!(location["source_line"], "#let oops = 1 + \"a\"");
}

#[test]
fn the_serve_command_listens_and_stops_on_sigterm() {
    let mut server = ServeProcess::start(&["--token", "from-arg"]);
    assert_eq!(get(&format!("{}/healthz", server.base)).status, 200);
    assert_eq!(
        get(&format!("{}/readyz", server.base)).status,
        200,
        "probes need no token"
    );
    assert_eq!(
        get(&format!("{}/v1/kinds", server.base)).status,
        401,
        "the token is required"
    );
    let answered = server.wait_for(|l| l["fields"]["status"] == 401);
    assert!(answered["span"]["request_id"].is_string(), "{answered}");
    server.signal("-TERM");
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "stops cleanly on SIGTERM: {exit:?}");
}

#[test]
fn the_server_reloads_changed_templates_and_keeps_working_ones() {
    let dir = tempfile::tempdir().unwrap();
    let folder = copy_builtin_template(dir.path(), "my-letter", "inspection_recommendation");
    let mut server = ServeProcess::start(&["--templates", dir.path().to_str().unwrap()]);
    let base = server.base.clone();
    let digest = || get(&format!("{base}/v1/kinds")).json()["templates"]["digest"].clone();
    let before = digest();
    let mut letter: Value = serde_json::from_slice(&sample_bytes("rec-02-minimal.json")).unwrap();
    letter["template"] = json!("my-letter");
    let render =
        |base: &str| post_json(&format!("{base}/v1/render"), letter.to_string().as_bytes());
    assert_eq!(render(&base).status, 200);

    let entry = folder.join("main.typ.tera");
    let good = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, format!("{good}\n// edited\n")).unwrap();
    server.wait_for(|l| message_of(l) == "templates reloaded");
    let edited = digest();
    assert_ne!(edited, before, "a change is picked up");
    assert_eq!(render(&base).status, 200);

    std::fs::write(&entry, good.replace("#import", "{% if %}#import")).unwrap();
    let refused = server.wait_for(|l| message_of(l).starts_with("templates not reloaded"));
    assert!(
        refused["fields"]["error"]
            .as_str()
            .unwrap()
            .contains("main.typ.tera"),
        "{refused}"
    );
    assert_eq!(
        digest(),
        edited,
        "a broken template does not replace the working one"
    );
    let still = render(&base);
    assert_eq!(
        still.status,
        200,
        "documents still render: {}",
        String::from_utf8_lossy(&still.body)
    );

    std::fs::write(&entry, &good).unwrap();
    server.wait_for(|l| message_of(l) == "templates reloaded");
    server.signal("-HUP");
    server.wait_for(|l| message_of(l) == "SIGHUP: reloading templates");
    server.wait_for(|l| message_of(l) == "templates reloaded");
}

#[test]
fn the_serving_process_is_replaced_after_recycle_after_documents() {
    let mut server = ServeProcess::start(&["--recycle-after", "2"]);
    let first = server.wait_for(|l| message_of(l) == "serving process started");
    assert_eq!(first["fields"]["generation"], 1);
    let render = sample_bytes("cc-03-minimal.json");
    let mut invalid: Value = serde_json::from_slice(&render).unwrap();
    invalid["title"] = json!(7);
    let base = server.base.clone();
    let documents_now = || {
        let metrics = String::from_utf8(get(&format!("{base}/metrics")).body).unwrap();
        metrics
            .lines()
            .find_map(|l| l.strip_prefix("xuncha_process_documents "))
            .map(str::to_string)
    };
    // Rendered and refused documents both count. A process past its count serves on until its
    // successor accepts, so it may take a few more: send until two successors have started.
    let invalid = invalid.to_string().into_bytes();
    let mut seen: Vec<Value> = Vec::new();
    let said = |seen: &[Value], what: &str| -> Vec<Value> {
        seen.iter()
            .filter(|l| message_of(l).starts_with(what))
            .cloned()
            .collect()
    };
    let mut sent = 0;
    for _ in 0..100 {
        for body in [&render, &invalid] {
            let status = post_json(&format!("{base}/v1/render"), body).status;
            assert!(matches!(status, 200 | 422), "answered: {status}");
            sent += 1;
        }
        seen.extend(server.lines_so_far());
        if said(&seen, "serving process started").len() >= 2 {
            break;
        }
    }
    let generations: Vec<Value> = said(&seen, "serving process started")
        .iter()
        .map(|l| l["fields"]["generation"].clone())
        .collect();
    assert_eq!(generations[..2], [json!(2), json!(3)]);
    // Once the third has taken over, it answers.
    for _ in said(&seen, "handed over").len()..2 {
        server.wait_for(|l| message_of(l).starts_with("handed over"));
    }
    // The count is this process's: the two before it took at least two documents each.
    let counted: usize = documents_now().unwrap().parse().unwrap();
    assert!(counted + 4 <= sent, "{counted} of {sent} documents");
    server.signal("-TERM");
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "stops cleanly on SIGTERM: {exit:?}");
}

#[test]
fn probes_and_lowercase_bearer_pass_the_token_guard() {
    let server = TestServer::start(ServerConfig {
        token: Some("s3cret".into()),
        ..ServerConfig::default()
    });
    assert_eq!(get(&server.url("/readyz")).status, 200, "probes are open");
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let allowed = reply(
            agent()
                .get(server.url("/v1/kinds"))
                .header("Authorization", &format!("{scheme} s3cret"))
                .call(),
        );
        assert_eq!(allowed.status, 200, "scheme {scheme}");
    }
    let refused = get(&server.url("/v1/kinds")).problem(401);
    assert!(
        refused["detail"].as_str().unwrap().contains("令牌"),
        "{refused}"
    );
}

#[test]
fn cors_answers_preflights_for_the_origins_given_only() {
    let server = TestServer::start(ServerConfig {
        token: Some("s3cret".into()),
        cors_origins: vec!["https://oa.example.gov.cn".into()],
        ..ServerConfig::default()
    });
    let preflight = |origin: &str| {
        reply(
            agent()
                .options(server.url("/v1/render"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization,content-type",
                )
                .call(),
        )
    };
    let allowed = preflight("https://oa.example.gov.cn");
    assert_eq!(allowed.status, 200, "a preflight carries no token");
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        "https://oa.example.gov.cn"
    );
    assert!(
        allowed
            .header("access-control-allow-headers")
            .to_ascii_lowercase()
            .contains("authorization")
    );
    let other = preflight("https://elsewhere.example.com");
    assert!(other.headers.get("access-control-allow-origin").is_none());

    let answered = reply(
        agent()
            .get(server.url("/v1/kinds"))
            .header("Origin", "https://oa.example.gov.cn")
            .header("Authorization", "Bearer s3cret")
            .call(),
    );
    assert_eq!(answered.status, 200);
    assert_eq!(
        answered.header("access-control-allow-origin"),
        "https://oa.example.gov.cn"
    );
    assert!(
        answered
            .header("access-control-expose-headers")
            .to_ascii_lowercase()
            .contains("x-page-count")
    );

    let closed = TestServer::start(ServerConfig::default());
    let plain = reply(
        agent()
            .get(closed.url("/v1/kinds"))
            .header("Origin", "https://oa.example.gov.cn")
            .call(),
    );
    assert!(plain.headers.get("access-control-allow-origin").is_none());
}

#[test]
fn validate_reports_values_read_as_meant_and_null_means_absent() {
    let server = TestServer::start(ServerConfig::default());
    let mut doc: Value = serde_json::from_slice(&sample_bytes("fb-02-minimal.json")).unwrap();
    doc["signature"]["date"] = json!("２０２４年３月５日");
    doc["template"] = Value::Null;
    let valid = post_json(&server.url("/v1/validate"), doc.to_string().as_bytes());
    assert_eq!(
        valid.status,
        200,
        "{}",
        String::from_utf8_lossy(&valid.body)
    );
    let valid = valid.json();
    assert_eq!(valid["valid"], true);
    let warning = &valid["warnings"][0];
    assert_eq!(warning["path"], "/signature/date", "{valid}");
    assert!(
        warning["message"].as_str().unwrap().contains("2024-03-05"),
        "{warning}"
    );

    let pdf = post_json(
        &server.url("/v1/render?format=pdf&page=2&dpi=300"),
        doc.to_string().as_bytes(),
    );
    assert_eq!(pdf.status, 200, "page and dpi are ignored for PDF");
    assert_eq!(pdf.header("content-type"), "application/pdf");
}
