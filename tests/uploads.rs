//! The routes that take spreadsheets, and the workbench page's files, against a real server:
//! a register as a raw body or a multipart part becomes the round's zip (the same files as
//! `xuncha round`) or its documents as JSON; a returned 台账 with its shared fields becomes its
//! report's JSON with bad cells named; uploads are bounded by `--max-body`, refused with the
//! media types they may have, and what is not a workbook is a 422; the page is served without
//! the token, with its security headers, and every API answer is `no-store`.

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::http::*;
use common::*;
use serde_json::Value;
use xuncha::server::ServerConfig;

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// A multipart/form-data body of `(name, file name, bytes)` parts, and its Content-Type.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "xuncha-test-boundary-5b2d";
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match file {
            Some(file) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn post(url: &str, content_type: &str, body: &[u8]) -> Reply {
    reply(
        agent()
            .post(url)
            .header("Content-Type", content_type)
            .send(body),
    )
}

fn register() -> Vec<u8> {
    sample_bytes("round/register.xlsx")
}

fn unzip(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut out = Vec::new();
            file.read_to_end(&mut out).unwrap();
            (file.name().unwrap().to_string(), out)
        })
        .collect()
}

#[test]
fn a_register_becomes_the_rounds_zip_as_the_command_line_makes_it() {
    let server = TestServer::start(ServerConfig::default());
    let raw = post(&server.url("/v1/round"), XLSX, &register());
    assert_eq!(raw.status, 200, "{}", String::from_utf8_lossy(&raw.body));
    assert_eq!(raw.header("content-type"), "application/zip");
    assert_eq!(raw.header("cache-control"), "no-store");
    assert!(
        raw.header("content-disposition")
            .contains("filename*=UTF-8''")
    );
    assert_eq!(raw.header("x-documents-failed"), "0");
    assert_eq!(raw.header("x-rows-rejected"), "0");
    let files = unzip(&raw.body);
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    // 3 units' 反馈意见, 通知书 and 问题清单, 27 抄告单, 2 建议书, the 共性问题清单 and 5 numbered
    // copies of the 线索清单; 3 问题清单 and 3 台账, the 共性 and 线索 lists, the 分发登记.
    assert_eq!(manifest["documents"].as_array().unwrap().len(), 44);
    assert_eq!(manifest["workbooks"].as_array().unwrap().len(), 9);
    // Each unit's files: its documents and its two workbooks.
    let units = manifest["units"].as_array().unwrap();
    assert_eq!(units.len(), 3);
    for unit in units {
        let name = unit["unit"].as_str().unwrap();
        let files_of: Vec<&str> = unit["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert!(
            files_of.iter().any(|f| f.contains("反馈意见")),
            "{files_of:?}"
        );
        assert!(
            files_of
                .iter()
                .any(|f| f.starts_with("整改台账（") && f.ends_with(".xlsx")),
            "{name}: {files_of:?}"
        );
        assert!(files_of.iter().all(|f| files.contains_key(*f)));
    }
    // The same zip as a multipart part, and byte for byte as `xuncha round` writes it.
    let (content_type, body) = multipart(&[("register", Some("登记表.xlsx"), &register())]);
    let parted = post(&server.url("/v1/round"), &content_type, &body);
    assert_eq!(parted.status, 200);
    let mut same = unzip(&parted.body);
    let named: Value = serde_json::from_slice(&same["manifest.json"]).unwrap();
    assert_eq!(named["documents"][0]["source"]["file"], "登记表.xlsx");
    same.remove("manifest.json");
    assert!(
        same.iter()
            .all(|(name, bytes)| files.get(name) == Some(bytes)),
        "the same register gives the same files"
    );
    let dir = tempfile::tempdir().unwrap();
    let cli_zip = dir.path().join("round.zip");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(["round", "--quiet"])
        .arg(samples_dir().join("round/register.xlsx"))
        .arg("-o")
        .arg(&cli_zip)
        .output()
        .unwrap();
    assert!(out.status.success());
    let cli = unzip(&std::fs::read(&cli_zip).unwrap());
    for (name, bytes) in &cli {
        if name != "manifest.json" {
            assert_eq!(files.get(name), Some(bytes), "{name}");
        }
    }
    assert_eq!(
        cli.keys().collect::<Vec<_>>(),
        files.keys().collect::<Vec<_>>()
    );

    let template = get(&server.url("/v1/round/template"));
    assert_eq!(template.status, 200);
    assert_eq!(template.header("content-type"), XLSX);
    assert!(template.body.starts_with(b"PK"));
    assert!(
        template
            .header("content-disposition")
            .contains("%E7%99%BB%E8%AE%B0%E8%A1%A8.xlsx"),
        "登记表.xlsx"
    );
}

#[test]
fn a_registers_documents_come_as_json_with_each_units_report_fields() {
    let server = TestServer::start(ServerConfig::default());
    let answer = post(&server.url("/v1/round/documents"), XLSX, &register());
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let made = answer.json();
    assert_eq!(made["round"], "十五届县委第三轮巡察");
    let documents = made["documents"].as_array().unwrap();
    assert_eq!(documents.len(), 44);
    for (i, document) in documents.iter().enumerate() {
        assert_eq!(document["index"], i + 1);
        assert_eq!(document["status"], "ok");
        assert_eq!(document["document"]["doc_kind"], document["doc_kind"]);
    }
    let of_units = documents.iter().filter(|d| d["unit"].is_string()).count();
    assert!(of_units > 30 && of_units < 44, "{of_units}");
    for unit in made["units"].as_array().unwrap() {
        let fields = &unit["report_fields"];
        let name = unit["unit"].as_str().unwrap();
        assert_eq!(fields["doc_kind"], "rectification_report");
        assert_eq!(fields["signature"]["org_name"], name);
        assert!(fields["title"].as_str().unwrap().starts_with(name));
        assert!(
            fields["feedback_ref"]["title"]
                .as_str()
                .unwrap()
                .ends_with("反馈意见")
        );
    }
}

#[test]
fn a_returned_ledger_becomes_its_report_and_a_bad_cell_is_named() {
    let server = TestServer::start(ServerConfig::default());
    let ledger = sample_bytes("spreadsheet/rectification-ledger.xlsx");
    let shared = sample_bytes("spreadsheet/rectification-shared.json");
    let (content_type, body) = multipart(&[
        ("sheet", Some("台账.xlsx"), &ledger),
        ("shared", None, &shared),
    ]);
    let answer = post(&server.url("/v1/sheet/documents"), &content_type, &body);
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    let made = answer.json();
    assert_eq!(made["doc_kind"], "rectification_report");
    let documents = made["documents"].as_array().unwrap();
    assert!(!documents.is_empty());
    for document in documents {
        assert_eq!(document["status"], "ok", "{document:#}");
        let pdf = post_json(
            &server.url("/v1/render"),
            document["document"].to_string().as_bytes(),
        );
        assert_eq!(pdf.status, 200);
        assert!(pdf.body.starts_with(b"%PDF-"));
    }

    // A CSV ledger with a status no 台账 offers: the report fails, its cell named.
    let csv = "被巡察单位,问题,整改状态\n中共云岫县档案馆党支部,档案库房温湿度记录不全。,搞定了\n";
    let (content_type, body) = multipart(&[
        ("sheet", Some("台账.csv"), csv.as_bytes()),
        ("shared", None, &shared),
    ]);
    let made = post(&server.url("/v1/sheet/documents"), &content_type, &body).json();
    let failed = &made["documents"][0];
    assert_eq!(failed["status"], "error");
    let error = &failed["errors"][0];
    assert_eq!(error["cell"]["row"], 2);
    assert_eq!(error["cell"]["column"], "C");
    assert_eq!(error["cell"]["header"], "整改状态");
    assert!(error["message"].as_str().unwrap().contains("搞定了"));
}

#[test]
fn uploads_are_bounded_typed_and_read_as_workbooks() {
    let server = TestServer::start(ServerConfig {
        max_body_bytes: 64 * 1024,
        ..ServerConfig::default()
    });
    let round = server.url("/v1/round");
    let big = vec![b'P'; 70 * 1024];
    post(&round, XLSX, &big).problem(413);
    let (content_type, body) = multipart(&[("register", Some("a.xlsx"), &big)]);
    post(&round, &content_type, &body).problem(413);
    let wrong = post(&round, "application/json", b"{}").problem(415);
    assert!(
        wrong["detail"]
            .as_str()
            .unwrap()
            .contains("multipart/form-data")
    );
    let not_a_workbook = post(&round, XLSX, b"PK\x03\x04 not really a zip").problem(422);
    assert_eq!(not_a_workbook["type"], "urn:xuncha:problem:unusable-sheet");
    // What is not a workbook is told for what it is (issue 23).
    let sniffed = post(&round, "application/octet-stream", b"%PDF-1.7").problem(422);
    let said = sniffed["detail"].as_str().unwrap();
    assert!(
        said.contains("不是 Excel 工作簿，而像是一份 PDF 文件"),
        "{said}"
    );
    let (content_type, body) = multipart(&[("file", Some("a.xlsx"), b"x")]);
    let unknown = post(&round, &content_type, &body).problem(400);
    assert!(
        unknown["detail"]
            .as_str()
            .unwrap()
            .contains("未知的表单字段“file”")
    );
    let (content_type, body) = multipart(&[]);
    post(&round, &content_type, &body).problem(400);
    post(&format!("{round}?colour=red"), XLSX, &register()).problem(400);

    // A register without its 轮次 sheet: every cell at fault listed.
    let ledger = sample_bytes("spreadsheet/rectification-ledger.xlsx");
    let unusable = post(&round, XLSX, &ledger).problem(422);
    assert!(unusable["errors"].as_array().unwrap().iter().any(|e| {
        e["message"]
            .as_str()
            .unwrap()
            .contains("缺少工作表「轮次」")
    }));
    let documents = server.url("/v1/sheet/documents");
    let (content_type, body) = multipart(&[("sheet", Some("台账.xlsx"), &ledger)]);
    let no_shared = post(&documents, &content_type, &body).problem(400);
    assert!(no_shared["detail"].as_str().unwrap().contains("shared"));
    let (content_type, body) = multipart(&[
        ("sheet", Some("台账.xlsx"), &ledger),
        ("shared", None, "{\"doc_kind\": ".as_bytes()),
    ]);
    post(&documents, &content_type, &body).problem(400);
    post(&documents, XLSX, &ledger).problem(415);
}

#[test]
fn the_page_needs_no_token_and_carries_its_security_headers() {
    let server = TestServer::start(ServerConfig {
        token: Some("s3cret".into()),
        ..ServerConfig::default()
    });
    let page = get(&server.url("/"));
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    let csp = page.header("content-security-policy");
    for directive in [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob:",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(page.header("referrer-policy"), "no-referrer");
    let html = String::from_utf8(page.body.clone()).unwrap();
    assert!(
        !html.contains("<script>") && !html.contains("style="),
        "nothing inline"
    );
    let handlers = html.match_indices(" on").any(|(at, _)| {
        html[at + 3..]
            .chars()
            .take_while(char::is_ascii_lowercase)
            .count()
            > 0
            && html[at + 3..]
                .trim_start_matches(|c: char| c.is_ascii_lowercase())
                .starts_with('=')
    });
    assert!(!handlers, "no inline event handlers");
    // Every file the page loads is served, without the token, and cached only with its ETag.
    for module in [
        "app.js",
        "api.js",
        "form.js",
        "round.js",
        "zip.js",
        "style.css",
    ] {
        let file = get(&server.url(&format!("/web/{module}")));
        assert_eq!(file.status, 200, "{module}");
        assert_eq!(file.header("cache-control"), "no-cache");
        let etag = file.header("etag").to_string();
        let again = reply(
            agent()
                .get(server.url(&format!("/web/{module}")))
                .header("If-None-Match", &etag)
                .call(),
        );
        assert_eq!(again.status, 304, "{module}");
    }
    assert_eq!(
        get(&server.url("/web/app.js")).header("content-type"),
        "text/javascript; charset=utf-8"
    );
    // The API still needs the token; its answers are not stored.
    let refused = get(&server.url("/v1/kinds")).problem(401);
    assert_eq!(refused["title"], "缺少令牌或令牌不正确");
    get(&server.url("/web/missing.js")).problem(401);
    get(&server.url("/v1/round/template")).problem(401);
    let kinds = reply(
        agent()
            .get(server.url("/v1/kinds"))
            .header("Authorization", "Bearer s3cret")
            .call(),
    );
    assert_eq!(kinds.status, 200);
    assert_eq!(kinds.header("cache-control"), "no-store");
    assert!(
        kinds
            .header("content-security-policy")
            .contains("default-src")
    );
    let sample = reply(
        agent()
            .get(server.url("/v1/sample/inspection_cc_notice"))
            .header("Authorization", "Bearer s3cret")
            .call(),
    );
    assert_eq!(sample.json()["doc_kind"], "inspection_cc_notice");
}

#[test]
fn every_member_of_every_kind_has_a_chinese_title() {
    let han = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    for kind in xuncha::DocKind::ALL {
        let schema = kind.schema();
        let mut objects = vec![("(top)".to_string(), &schema)];
        if let Some(definitions) = schema["$defs"].as_object() {
            objects.extend(definitions.iter().map(|(n, d)| (n.clone(), d)));
        }
        for (name, object) in objects {
            for (member, property) in object["properties"].as_object().into_iter().flatten() {
                let title = property["title"].as_str().unwrap_or_default();
                assert!(han(title), "{kind}: {name}.{member} has no Chinese title");
            }
            // Coded options have names; Chinese ones need none.
            let mut enums = vec![object];
            enums.extend(
                object["properties"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(_, p)| p),
            );
            for schema in enums {
                if let Some(options) = schema["enum"].as_array()
                    && options.iter().any(|o| o.as_str().is_some_and(|o| !han(o)))
                    && *options != [Value::from(kind.as_str())]
                {
                    let names = schema["x-enum-descriptions"].as_array();
                    assert_eq!(
                        names.map(Vec::len),
                        Some(options.len()),
                        "{kind}: {name} options {options:?} are not named"
                    );
                }
            }
        }
    }
}

#[test]
fn the_openapi_document_keeps_a_documents_problem_apart_from_problem_details() {
    let server = TestServer::start(ServerConfig::default());
    let document = get(&server.url("/openapi.json")).json();
    let schemas = &document["components"]["schemas"];
    assert!(schemas["Problem"]["properties"]["heading"].is_object());
    assert!(schemas["ProblemDetails"]["properties"]["status"].is_object());
    let sample = get(&server.url("/v1/sample/inspection_recommendation")).json();
    assert!(sample["problems"][0]["heading"].is_string());
}
