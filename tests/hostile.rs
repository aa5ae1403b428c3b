//! Hostile documents sent to the HTTP service, each with its exact expected outcome: a PDF, or a
//! 4xx problem whose errors sit at exactly the listed JSON paths.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use common::http::*;
use common::*;
use serde_json::{Value, json};
use xuncha::input::Limits;
use xuncha::server::ServerConfig;
use xuncha::{Engine, EngineConfig};

/// A free-text field of every feedback report.
const DESCRIBED: &str = "/problem_groups/0/problems/0/description";

/// What the service must answer.
enum Expect {
    /// 200 with a PDF.
    Pdf,
    /// 400 (not one JSON document): the detail says `detail`, errors sit at `paths`.
    Malformed {
        detail: &'static str,
        paths: &'static [&'static str],
    },
    /// 413: the body is over the size limit.
    TooLarge,
    /// 422 with errors at exactly these paths.
    Invalid(&'static [&'static str]),
}

struct Case {
    name: &'static str,
    body: Vec<u8>,
    expect: Expect,
}

impl Case {
    fn new(name: &'static str, body: impl Into<Vec<u8>>, expect: Expect) -> Self {
        Self {
            name,
            body: body.into(),
            expect,
        }
    }

    fn json(name: &'static str, document: &Value, expect: Expect) -> Self {
        Self::new(name, serde_json::to_vec(document).unwrap(), expect)
    }

    /// Sends the case and says what went wrong, if anything.
    fn check(&self, server: &TestServer) -> Option<String> {
        let reply = post_json(&server.url("/v1/render"), &self.body);
        let body =
            || String::from_utf8_lossy(&reply.body[..reply.body.len().min(600)]).into_owned();
        let (status, paths, detail) = match &self.expect {
            Expect::Pdf => {
                let ok = reply.status == 200
                    && reply.header("content-type") == "application/pdf"
                    && reply.body.starts_with(b"%PDF-");
                return (!ok).then(|| format!("wanted a PDF, got {}: {}", reply.status, body()));
            }
            Expect::TooLarge => (413, &[][..], ""),
            Expect::Malformed { detail, paths } => (400, &paths[..], *detail),
            Expect::Invalid(paths) => (422, &paths[..], ""),
        };
        if reply.status != status || reply.header("content-type") != "application/problem+json" {
            return Some(format!("wanted {status}, got {}: {}", reply.status, body()));
        }
        let problem = reply.json();
        let got: BTreeSet<&str> = problem["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|e| e["path"].as_str().unwrap())
            .collect();
        let wanted: BTreeSet<&str> = paths.iter().copied().collect();
        if got != wanted {
            return Some(format!("wanted errors at {wanted:?}, got {}", body()));
        }
        let messages_given = problem["errors"]
            .as_array()
            .into_iter()
            .flatten()
            .all(|e| !e["message"].as_str().unwrap().is_empty());
        let detail_given = problem["detail"].as_str().unwrap().contains(detail);
        (!messages_given || !detail_given).then(|| format!("wanted detail {detail:?}: {}", body()))
    }
}

/// `document` with `value` at `pointer` (the parent must exist).
fn with(document: &Value, pointer: &str, value: Value) -> Value {
    let mut document = document.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match document.pointer_mut(parent).unwrap() {
        Value::Object(map) => {
            map.insert(key.to_string(), value);
        }
        Value::Array(items) => items[key.parse::<usize>().unwrap()] = value,
        _ => panic!("{parent} holds no fields"),
    }
    document
}

fn run(server: &TestServer, cases: &[Case]) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| case.check(server).map(|f| format!("{}: {f}", case.name)))
        .collect();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn hostile_documents_get_exact_answers() {
    let server = TestServer::start(ServerConfig::default());
    let minimal = sample("fb-02-minimal.json");
    let notice = sample("cc-03-minimal.json");
    let megabyte = "巡".repeat(350_000); // 1.05 MB of UTF-8
    let deep_text = serde_json::to_string(&with(&minimal, "/extra", json!({}))).unwrap();
    let deep_text = deep_text.replacen(
        "\"extra\":{}",
        &format!(
            "\"extra\":{{\"x\":{}}}",
            "[".repeat(10_000) + &"]".repeat(10_000)
        ),
        1,
    );
    let problem = notice["problems"][0].clone();
    let many_problems: Vec<Value> = (1..=10_000)
        .map(|seq| with(&problem, "/seq", json!(seq)))
        .collect();
    let minimal_text = serde_json::to_string(&minimal).unwrap();
    let title = minimal["title"].as_str().unwrap();
    let text_with = |c: &str| {
        with(
            &minimal,
            DESCRIBED,
            json!(format!("这一问题的描述中含有{c}等字样")),
        )
    };

    let cases = vec![
        Case::json("a sample", &minimal, Expect::Pdf),
        Case::new(
            "a byte-order mark",
            [&b"\xef\xbb\xbf"[..], minimal_text.as_bytes()].concat(),
            Expect::Pdf,
        ),
        Case::new(
            "an empty body",
            "",
            Expect::Malformed {
                detail: "第 1 行第 1 列：文件在应有一个值的地方结束了",
                paths: &[],
            },
        ),
        Case::new(
            "not JSON",
            "{\"doc_kind\": ",
            Expect::Malformed {
                detail: "文件在应有一个值的地方结束了",
                paths: &[],
            },
        ),
        Case::json(
            "a megabyte in a free-text field",
            &with(&minimal, DESCRIBED, json!(megabyte)),
            Expect::Invalid(&[DESCRIBED]),
        ),
        Case::json(
            "a megabyte in a pattern field",
            &with(&minimal, "/doc_number", json!(megabyte)),
            Expect::Invalid(&["/doc_number"]),
        ),
        Case::json(
            "a megabyte in extra",
            &with(&minimal, "/extra", json!({"note": megabyte})),
            Expect::Invalid(&["/extra/note"]),
        ),
        Case::json(
            "10,000 problems",
            &with(&notice, "/problems", json!(many_problems)),
            Expect::Invalid(&["/problems"]),
        ),
        Case::new(
            "nesting 10,000 deep",
            deep_text,
            Expect::Malformed {
                detail: "嵌套超过 128 层",
                paths: &[],
            },
        ),
        Case::new(
            "a duplicate key",
            minimal_text.replacen(
                "\"title\":",
                &format!("\"title\":\"{title}\",\"title\":"),
                1,
            ),
            Expect::Malformed {
                detail: "duplicate key \"title\" at /title",
                paths: &["/title"],
            },
        ),
        Case::new(
            "a duplicate key deep down",
            minimal_text.replacen("\"date\":", "\"date\":\"2024-01-01\",\"date\":", 1),
            Expect::Malformed {
                detail: "duplicate key",
                paths: &["/signature/date"],
            },
        ),
        Case::json(
            "unknown fields",
            &with(
                &with(&minimal, "/titel", json!("x")),
                "/signature/nmae",
                json!("x"),
            ),
            Expect::Invalid(&["/titel", "/signature/nmae"]),
        ),
        Case::json(
            "wrong types",
            &with(
                &with(&minimal, "/title", json!(["x"])),
                "/problem_groups",
                json!({"a": 1}),
            ),
            Expect::Invalid(&["/title", "/problem_groups"]),
        ),
        Case::json(
            "numbers where strings belong",
            &with(
                &with(&minimal, "/signature/date", json!(20240618)),
                DESCRIBED,
                json!(17),
            ),
            Expect::Invalid(&["/signature/date", DESCRIBED]),
        ),
        Case::json(
            "null where an object belongs",
            &with(&minimal, "/signature", Value::Null),
            Expect::Invalid(&["/signature"]),
        ),
        Case::new(
            "a lone surrogate",
            minimal_text.replacen(title, "\\ud800", 1),
            Expect::Malformed {
                detail: "代理对缺少后半部分",
                paths: &[],
            },
        ),
        Case::json("NUL", &text_with("\u{0}"), Expect::Invalid(&[DESCRIBED])),
        Case::json(
            "escape, bell and DEL (a carriage return is a Windows line end, read as one)",
            &with(
                &with(
                    &text_with("\u{1b}[31m\u{7}"),
                    "/title",
                    json!(format!("{title}\u{7f}")),
                ),
                "/problem_intro",
                json!("第一行\r\n第二行"),
            ),
            Expect::Invalid(&[DESCRIBED, "/title"]),
        ),
        Case::json(
            "bidi overrides",
            &with(
                &text_with("\u{202e}款资用挪\u{202c}"),
                "/signature/org_name",
                json!("\u{2067}巡察组\u{2069}"),
            ),
            Expect::Invalid(&[DESCRIBED, "/signature/org_name"]),
        ),
        // The bundled fonts draw some emoji, in black and white.
        Case::json("an emoji a font has", &text_with("😀"), Expect::Pdf),
        Case::json(
            "a character no font has",
            &text_with("👍\u{10fffd}"),
            Expect::Invalid(&[DESCRIBED]),
        ),
        Case::json(
            "rare but printable characters",
            &text_with("𠈓䶮〇①"),
            Expect::Pdf,
        ),
        Case::json(
            "Typst and Tera syntax in a field",
            &text_with("#panic(\"x\") {{ title }} {% raw %} \\\" */ ] $x$ <l> @r"),
            Expect::Pdf,
        ),
    ];
    run(&server, &cases);
}

/// Typst and Tera syntax, quotes and backslashes in every text field of one sample of each
/// kind: each field that accepts the text alone gets its own marked payload, and every payload
/// is printed exactly, except in the fields that are not printed at all.
#[test]
fn syntax_in_every_text_field_prints_as_text() {
    let server = TestServer::start(ServerConfig::default());
    // Each sample with the fields it does not print, and where its table cells are: a narrow
    // cell wraps its text, and its lines interleave with the neighbouring cells' lines in
    // reading order, so a cell's text is checked character by character, in order.
    for (name, not_printed, cells) in [
        (
            "fb-01-standard-16problems.json",
            &[
                // Used by the sentence made from the counts, when there are no paragraphs.
                "/inspected_org/name",
                "/inspection_group/name",
                // Used when there is no note.
                "/clue_transfer/recipients/0",
                "/clue_transfer/recipients/1",
                // Records for the office; the report does not print them.
                "/inspected_org/principal/title",
                "/inspected_org/extended_units/0",
                "/inspected_org/extended_units/1",
                "/inspection_group/leader/title",
                "/inspection_group/deputy_leaders/0/title",
                "/round/label",
                "/problem_groups/0/problems/1/responsible",
            ][..],
            "/attachments/0/table/rows/",
        ),
        (
            "cc-02-department-17problems-table.json",
            &[
                // The PDF's author, not printed.
                "/issuer",
                // Printed before a leader's name only; this notice goes to a department.
                "/recipient/title",
            ][..],
            "/problems/",
        ),
        (
            "rec-03-finance-standard-long.json",
            &[
                // The letter prints `source.text`, the sentence that names them.
                "/source/inspected_orgs/0",
                "/source/inspected_orgs/1",
                "/source/inspected_orgs/2",
                "/source/inspected_orgs/3",
                "/source/rounds/0/label",
                "/source/rounds/1/label",
            ][..],
            "/attachments/",
        ),
    ] {
        let original = sample(name);
        let mut document = original.clone();
        let mut planted = Vec::new();
        let mut pointers = Vec::new();
        xuncha::diagnostics::pointer::for_each_string(
            &original,
            &mut String::new(),
            &mut |p, _| {
                pointers.push(p.to_string());
            },
        );
        for (i, pointer) in pointers.iter().enumerate() {
            let text = original.pointer(pointer).unwrap().as_str().unwrap();
            let mut chars = text.chars();
            let Some(first) = chars.next() else { continue };
            let payload = format!("#[{i}]\"\\{{{{t}}}}{{%x%}}$*_//`");
            let planted_text = format!("{first}{payload}{}", chars.as_str());
            let candidate = with(&document, pointer, json!(planted_text));
            if engine().validate(&candidate).is_ok() {
                document = candidate;
                planted.push((pointer.clone(), payload));
            }
        }
        assert!(planted.len() > 20, "{name}: only {} fields", planted.len());
        let reply = post_json(
            &server.url("/v1/render"),
            &serde_json::to_vec(&document).unwrap(),
        );
        assert_eq!(
            reply.status,
            200,
            "{name}: {}",
            String::from_utf8_lossy(&reply.body)
        );
        let printed = squeezed_text(&layout(&document));
        let mut missing: Vec<&str> = planted
            .iter()
            .filter(|(pointer, payload)| {
                if pointer.starts_with(cells) {
                    !in_order(payload, &printed)
                } else {
                    !printed.contains(payload.as_str())
                }
            })
            .map(|(pointer, _)| pointer.as_str())
            .collect();
        missing.sort_unstable();
        let mut not_printed = not_printed.to_vec();
        not_printed.sort_unstable();
        assert_eq!(missing, not_printed, "{name}: payloads not printed");
    }
}

/// Whether the characters of `needle` appear in `haystack` in order.
fn in_order(needle: &str, haystack: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}

/// Limits are settings: each one passed gives a clear 413 or 422.
#[test]
fn configured_limits_give_413_and_422() {
    let limits = Limits {
        max_text_chars: 200,
        max_list_items: 5,
        max_pages: 1,
        ..Limits::default()
    };
    let engine = Arc::new(
        Engine::new(&EngineConfig {
            limits,
            ..EngineConfig::bundled()
        })
        .unwrap(),
    );
    let server = TestServer::start_with(
        engine,
        ServerConfig {
            max_body_bytes: 64 * 1024,
            ..ServerConfig::default()
        },
    );
    let minimal = sample("fb-02-minimal.json");
    let notice = sample("cc-03-minimal.json");
    let problem = notice["problems"][0].clone();
    let six: Vec<Value> = (1..=6)
        .map(|seq| with(&problem, "/seq", json!(seq)))
        .collect();
    let cases = vec![
        Case::json("within every limit", &minimal, Expect::Pdf),
        Case::json(
            "a text over the limit",
            &with(&minimal, DESCRIBED, json!("长".repeat(201))),
            Expect::Invalid(&[DESCRIBED]),
        ),
        Case::json(
            "a list over the limit",
            &with(&notice, "/problems", json!(six)),
            Expect::Invalid(&["/problems"]),
        ),
        Case::json(
            "more pages than allowed",
            &sample("cc-01-leader-form.json"),
            Expect::Invalid(&[""]),
        ),
        Case::new(
            "a body over the limit",
            vec![b' '; 65 * 1024],
            Expect::TooLarge,
        ),
    ];
    run(&server, &cases);
    let reply = post_json(
        &server.url("/v1/render"),
        &serde_json::to_vec(&sample("cc-01-leader-form.json")).unwrap(),
    );
    let message = reply.problem(422)["errors"][0]["message"].clone();
    assert!(
        message.as_str().unwrap().contains("上限"),
        "the page limit is named: {message}"
    );
}
