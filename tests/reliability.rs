//! Nothing hostile brings xuncha down: a job that panics or never returns answers as a failed
//! document in `batch` and `round`, as a 500 or a 503 from the server, which then replaces its
//! serving process; `/readyz` says when a worker is stuck; SIGTERM still ends the server; no
//! request is lost when a serving process hands over to the next; a seal image that is not
//! there is the document's error, and no answer names a place on the server.

mod common;

use std::path::Path;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use common::cli::*;
use common::http::*;
use common::serve::*;
use common::*;
use serde_json::{Value, json};
use xuncha::pool::Job;
use xuncha::server::ServerConfig;

fn xuncha(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn write_json(path: &Path, value: &Value) {
    std::fs::write(path, value.to_string()).unwrap();
}

#[test]
fn a_batch_accounts_for_a_job_that_panics_and_one_that_never_ends() {
    let dir = tempfile::tempdir().unwrap();
    let templates = dir.path().join("templates");
    runaway_templates(&templates);
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    write_json(&inputs.join("1-panics.json"), &on_template("panics"));
    write_json(
        &inputs.join("2-never-ends.json"),
        &on_template("never-ends"),
    );
    write_json(&inputs.join("3-fine.json"), &sample("rec-02-minimal.json"));
    let out = dir.path().join("out");
    let started = Instant::now();
    let run = xuncha(&[
        "batch",
        path(&inputs),
        "-o",
        path(&out),
        "--templates",
        path(&templates),
        "--job-timeout",
        "2",
        "--jobs",
        "2",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the batch ends"
    );
    let manifest = manifest_of(&out);
    let entries = manifest["documents"].as_array().unwrap();
    assert_eq!(entries[0]["status"], "error");
    assert_eq!(entries[0]["stage"], "panic", "{manifest:#}");
    assert!(
        entries[0]["message"]
            .as_str()
            .unwrap()
            .contains("size.is_finite()")
    );
    assert_eq!(entries[1]["stage"], "deadline", "{manifest:#}");
    assert!(
        entries[1]["message"]
            .as_str()
            .unwrap()
            .contains("超过 2 秒")
    );
    assert_eq!(entries[2]["status"], "ok");
    assert_eq!(
        (manifest["ok"].clone(), manifest["failed"].clone()),
        (json!(1), json!(2))
    );
}

#[test]
fn a_round_finishes_when_one_kind_of_document_panics() {
    let dir = tempfile::tempdir().unwrap();
    // The user's template of the 巡察建议书 replaces the built-in one and always panics.
    let templates = dir.path().join("templates");
    let folder = copy_builtin_template(
        &templates,
        "inspection_recommendation",
        "inspection_recommendation",
    );
    let entry = folder.join("main.typ.tera");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, format!("{text}{TYPST_PANICS}")).unwrap();
    let out = dir.path().join("round");
    let register = samples_dir().join("round/register.xlsx");
    let run = xuncha(&[
        "round",
        path(&register),
        "-o",
        path(&out),
        "--templates",
        path(&templates),
        "--quiet",
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let manifest = manifest_of(&out);
    let entries = manifest["documents"].as_array().unwrap();
    let panicked: Vec<&Value> = entries.iter().filter(|e| e["stage"] == "panic").collect();
    assert!(!panicked.is_empty(), "{manifest:#}");
    assert!(
        panicked
            .iter()
            .all(|e| e["doc_kind"].is_null() || e["doc_kind"] == "inspection_recommendation")
    );
    assert!(
        entries.iter().filter(|e| e["status"] == "ok").count() > panicked.len(),
        "the other documents are made"
    );
}

#[test]
fn the_server_answers_a_panic_and_replaces_itself_after_a_job_that_never_returns() {
    let dir = tempfile::tempdir().unwrap();
    runaway_templates(dir.path());
    let mut server = ServeProcess::start(&[
        "--templates",
        path(dir.path()),
        "--deadline",
        "2",
        "--recycle-after",
        "1000",
    ]);
    let first = server.wait_for(|l| message_of(l) == "serving process started");
    let base = server.base.clone();
    let render = |document: &Value| {
        post_json(
            &format!("{base}/v1/render"),
            document.to_string().as_bytes(),
        )
    };

    let panicked = render(&on_template("panics")).problem(500);
    assert_eq!(panicked["type"], "urn:xuncha:problem:internal-error");
    assert!(
        panicked["detail"]
            .as_str()
            .unwrap()
            .contains("size.is_finite()")
    );
    let logged = server.wait_for(|l| message_of(l) == "a job panicked");
    assert!(
        logged["fields"]["panic"]
            .as_str()
            .unwrap()
            .contains("size.is_finite()")
    );
    let batch = json!([on_template("panics"), sample("rec-02-minimal.json")]);
    let zipped = post_json(&format!("{base}/v1/batch"), batch.to_string().as_bytes());
    assert_eq!(zipped.status, 200);
    assert_eq!(zipped.header("x-documents-failed"), "1");
    assert_eq!(zipped.header("x-documents-ok"), "1");
    assert_eq!(
        render(&sample("rec-02-minimal.json")).status,
        200,
        "the worker survived"
    );

    let started = Instant::now();
    let late = render(&on_template("never-ends")).problem(503);
    assert!(
        late["detail"].as_str().unwrap().contains("deadline"),
        "{late}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "answered at the deadline"
    );
    let fresh = server.wait_for(|l| message_of(l) == "serving process started");
    assert_ne!(fresh["fields"]["pid"], first["fields"]["pid"]);
    assert_eq!(render(&sample("rec-02-minimal.json")).status, 200);
    server.signal("-TERM");
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "stops cleanly on SIGTERM: {exit:?}");
}

#[test]
fn sigterm_ends_a_server_whose_job_never_returns() {
    let dir = tempfile::tempdir().unwrap();
    runaway_templates(dir.path());
    let mut server = ServeProcess::start(&[
        "--templates",
        path(dir.path()),
        "--deadline",
        "3",
        "--recycle-after",
        "0",
    ]);
    let url = format!("{}/v1/render", server.base);
    let client = std::thread::spawn(move || {
        post_json(&url, on_template("never-ends").to_string().as_bytes()).status
    });
    std::thread::sleep(Duration::from_millis(700));
    server.signal("-TERM");
    let stopping = Instant::now();
    let exit = server.child.wait().unwrap();
    assert!(stopping.elapsed() < Duration::from_secs(10), "{exit:?}");
    assert_eq!(client.join().unwrap(), 503, "the request is answered");
}

#[test]
fn readyz_is_503_while_an_abandoned_job_still_runs() {
    let server = TestServer::start(ServerConfig {
        workers: 1,
        deadline: Duration::from_secs(1),
        ..ServerConfig::default()
    });
    let (release, gate) = mpsc::channel::<()>();
    let (answers, answered) = mpsc::channel();
    server.shared.pool.submit(Job::new(
        move |_| gate.recv().unwrap(),
        move |r| answers.send(r).unwrap(),
    ));
    assert!(answered.recv().unwrap().is_err(), "abandoned at the limit");
    let stuck = get(&server.url("/readyz"));
    assert_eq!(stuck.status, 503);
    assert_eq!(stuck.json()["status"], "stuck");
    assert_eq!(stuck.json()["stuck"], 1);
    let metrics = String::from_utf8(get(&server.url("/metrics")).body).unwrap();
    assert!(metrics.contains("xuncha_workers_stuck 1"), "{metrics}");
    let validated = post_json(
        &server.url("/v1/validate"),
        &sample_bytes("fb-02-minimal.json"),
    );
    assert_eq!(validated.status, 200, "a fresh worker serves");
    release.send(()).unwrap();
    while server.shared.pool.stuck() > 0 {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(get(&server.url("/readyz")).status, 200);
}

/// A document whose seal image is in no template's `seals/` folder.
fn with_missing_seal() -> Value {
    let mut document = sample("rec-03-finance-standard-long.json");
    document["signature"]["seal_image_ref"] = json!("no-such-seal.png");
    document
}

#[test]
fn a_seal_image_that_is_not_there_is_a_422_at_its_field_in_check_validate_and_render() {
    let errors = match engine().validate(&with_missing_seal()) {
        Err(xuncha::RenderError::Invalid(errors)) => errors,
        other => panic!("not refused as invalid: {:?}", other.map(|_| ())),
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "/signature/seal_image_ref");
    assert!(
        errors[0].message.contains("no-such-seal.png")
            && errors[0].message.contains("specimen.svg"),
        "names the file and the images there are: {}",
        errors[0].message
    );
    // Told with the other problems of the document at once.
    let mut also_untitled = with_missing_seal();
    also_untitled["template"] = json!("no-such-template");
    match engine().validate(&also_untitled) {
        Err(xuncha::RenderError::Invalid(errors)) => {
            let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
            assert_eq!(paths, ["/template", "/signature/seal_image_ref"]);
        }
        other => panic!("not refused as invalid: {:?}", other.map(|_| ())),
    }

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seal.json");
    write_json(&file, &with_missing_seal());
    let checked = xuncha(&["check", path(&file)]);
    assert_eq!(checked.status.code(), Some(1), "{}", stderr(&checked));
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&checked.stdout),
        stderr(&checked)
    );
    assert!(said.contains("/signature/seal_image_ref"), "{said}");

    let server = TestServer::start(ServerConfig::default());
    let body = with_missing_seal().to_string();
    for route in ["/v1/validate", "/v1/render"] {
        let problem = post_json(&server.url(route), body.as_bytes()).problem(422);
        assert_eq!(
            problem["errors"][0]["path"], "/signature/seal_image_ref",
            "{route}: {problem}"
        );
    }
    let mut sealed = with_missing_seal();
    sealed["signature"]["seal_image_ref"] = json!("specimen.svg");
    assert_eq!(
        post_json(&server.url("/v1/render"), sealed.to_string().as_bytes()).status,
        200,
        "a seal that is there is drawn"
    );
}

#[test]
fn a_template_that_reads_a_missing_file_answers_without_a_server_path() {
    let dir = tempfile::tempdir().unwrap();
    let folder = copy_builtin_template(dir.path(), "reads-nothing", "inspection_recommendation");
    let entry = folder.join("main.typ.tera");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, format!("{text}#image(\"/seals/gone.png\")\n")).unwrap();
    let engine = xuncha::Engine::new(&xuncha::EngineConfig {
        user_templates: vec![dir.path().to_path_buf()],
        ..xuncha::EngineConfig::bundled()
    })
    .unwrap();
    let server = TestServer::start_with(std::sync::Arc::new(engine), ServerConfig::default());
    let answer = post_json(
        &server.url("/v1/render"),
        on_template("reads-nothing").to_string().as_bytes(),
    );
    assert_eq!(answer.status, 500);
    let problem = String::from_utf8(answer.body.clone()).unwrap();
    assert!(
        problem.contains("/seals/gone.png"),
        "names the file: {problem}"
    );
    assert!(
        problem.contains("\"/reads-nothing/main.typ.tera\""),
        "the template's file, from its folder: {problem}"
    );
    let batch = json!([on_template("reads-nothing")]).to_string();
    let zipped = post_json(&server.url("/v1/batch"), batch.as_bytes());
    assert_eq!(zipped.status, 200);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zipped.body)).unwrap();
    let mut manifest = String::new();
    std::io::Read::read_to_string(
        &mut archive.by_name("manifest.json").unwrap(),
        &mut manifest,
    )
    .unwrap();
    assert!(manifest.contains("/seals/gone.png"), "{manifest}");
    for (body, server_path) in [&problem, &manifest].into_iter().flat_map(|body| {
        [
            dir.path().canonicalize().unwrap().display().to_string(),
            dir.path().display().to_string(),
            env!("CARGO_MANIFEST_DIR").to_string(),
        ]
        .map(|server_path| (body, server_path))
    }) {
        assert!(!body.contains(&server_path), "{server_path} in {body}");
    }
}

#[test]
fn no_request_is_lost_across_recycles_under_keep_alive_load() {
    const CLIENTS: usize = 8;
    /// Serving processes the load must see start, the first one included.
    const PROCESSES: usize = 8;
    let mut server = ServeProcess::start(&["--recycle-after", "10"]);
    let url = format!("{}/v1/render", server.base);
    // A document the service refuses (422) counts towards a recycle, and costs no typesetting.
    let mut refused = sample("rec-02-minimal.json");
    refused["title"] = json!(7);
    let body = refused.to_string();
    let began = Instant::now();
    let enough = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (url, body, enough) = (url.clone(), body.clone(), Arc::clone(&enough));
            std::thread::spawn(move || {
                // Seven clients keep their connection alive; one opens a new one each time.
                let keep_alive = agent();
                let (mut sent, mut lost) = (0, Vec::new());
                while !enough.load(Ordering::SeqCst) {
                    let agent = match client {
                        0 => agent(),
                        _ => keep_alive.clone(),
                    };
                    let answer = agent
                        .post(&url)
                        .header("Content-Type", "application/json")
                        .send(body.as_bytes())
                        .and_then(|mut r| Ok((r.status().as_u16(), r.body_mut().read_to_vec()?)));
                    sent += 1;
                    match answer {
                        Ok((422, _)) => {}
                        Ok((status, _)) => lost.push(format!("client {client}, {sent}: {status}")),
                        Err(error) => lost.push(format!("client {client}, {sent}: {error}")),
                    }
                    // Spread over several starts of a serving process.
                    std::thread::sleep(Duration::from_millis(4));
                }
                (sent, lost)
            })
        })
        .collect();
    let mut started = 0;
    while started < PROCESSES && began.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
        started += server
            .lines_so_far()
            .iter()
            .filter(|l| message_of(l) == "serving process started")
            .count();
    }
    enough.store(true, Ordering::SeqCst);
    let (mut sent, mut lost) = (0, Vec::new());
    for client in clients {
        let (client_sent, client_lost) = client.join().unwrap();
        sent += client_sent;
        lost.extend(client_lost);
    }
    eprintln!(
        "{sent} requests in {:.1} s, {started} serving processes",
        began.elapsed().as_secs_f64()
    );
    assert!(
        started >= PROCESSES,
        "{started} serving processes in a minute"
    );
    assert!(
        lost.is_empty(),
        "{} of {sent} requests lost:\n{}",
        lost.len(),
        lost.join("\n")
    );
    server.signal("-TERM");
    let exit = server.child.wait().unwrap();
    assert!(exit.success(), "stops cleanly on SIGTERM: {exit:?}");
}
