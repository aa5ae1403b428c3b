//! `xuncha batch`: inputs of every shape, failures that do not stop the rest, the manifest,
//! names, zip and folder outputs and determinism (spreadsheets: `tests/spreadsheets.rs`).

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::cli::*;
use common::*;
use serde_json::{Value, json};

fn batch(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .arg("batch")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// Every entry of a zip output, by name, in the order they were written.
fn zip_files(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

fn compact(name: &str) -> String {
    serde_json::to_string(&sample(name)).unwrap()
}

/// A folder with two good documents and, below it, a JSON Lines file of three records.
fn input_folder(root: &Path) -> PathBuf {
    let dir = root.join("in");
    std::fs::create_dir_all(dir.join("more")).unwrap();
    std::fs::copy(
        samples_dir().join("fb-02-minimal.json"),
        dir.join("a-feedback.json"),
    )
    .unwrap();
    std::fs::copy(
        samples_dir().join("rec-02-minimal.json"),
        dir.join("b-rec.json"),
    )
    .unwrap();
    std::fs::write(dir.join("notes.txt"), "not an input").unwrap();
    let lines = format!(
        "{}\n\n{}\n{}\n",
        compact("cc-03-minimal.json"),
        compact("fb-02-minimal.json"),
        compact("rec-02-minimal.json")
    );
    std::fs::write(dir.join("more/round.jsonl"), lines).unwrap();
    dir
}

#[test]
fn folders_json_lines_and_stdin_are_all_read_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = input_folder(tmp.path());
    let out = tmp.path().join("out");
    let stdin = format!("{}\n", compact("cc-03-minimal.json"));
    let run = batch(&[path(&folder), "-", "-o", path(&out)], stdin.as_bytes());
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));

    let manifest = manifest_of(&out);
    assert_eq!(manifest["total"], 6);
    assert_eq!(manifest["ok"], 6);
    let sources: Vec<String> = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let file = Path::new(d["source"]["file"].as_str().unwrap());
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            match d["source"]["line"].as_u64() {
                Some(line) => format!("{name}:{line}"),
                None => name,
            }
        })
        .collect();
    assert_eq!(
        sources,
        [
            "a-feedback.json",
            "b-rec.json",
            "round.jsonl:1",
            "round.jsonl:3",
            "round.jsonl:4",
            "-:1"
        ]
    );
    for document in manifest["documents"].as_array().unwrap() {
        let name = document["output"].as_str().unwrap();
        let pdf = std::fs::read(out.join(name)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        assert_eq!(document["bytes"], pdf.len());
        assert!(document["pages"].as_u64().unwrap() >= 1);
        assert_eq!(document["sha256"].as_str().unwrap().len(), 64);
    }
    let first = manifest["documents"][0]["output"].as_str().unwrap();
    assert!(
        first.starts_with("001-inspection_feedback-"),
        "names carry index and kind: {first}"
    );
}

#[test]
fn bad_records_are_reported_exactly_and_the_rest_are_written() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        samples_dir().join("fb-02-minimal.json"),
        dir.join("1-good.json"),
    )
    .unwrap();
    std::fs::write(
        dir.join("2-malformed.json"),
        "{\"doc_kind\": \"inspection_feedback\",\n  oops",
    )
    .unwrap();
    let mut invalid = sample("rec-02-minimal.json");
    invalid["signature"]["date"] = json!("2024-02-30");
    invalid["title"] = json!(7);
    std::fs::write(dir.join("3-invalid.json"), invalid.to_string()).unwrap();
    let mut unknown = sample("cc-03-minimal.json");
    unknown["doc_kind"] = json!("inspection_memo");
    std::fs::write(dir.join("4-unknown-kind.json"), unknown.to_string()).unwrap();
    std::fs::copy(
        samples_dir().join("cc-03-minimal.json"),
        dir.join("5-good.json"),
    )
    .unwrap();

    let out = tmp.path().join("out");
    let run = batch(&[path(&dir), "-o", path(&out)], b"");
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let manifest = manifest_of(&out);
    assert_eq!(
        (manifest["ok"].as_u64(), manifest["failed"].as_u64()),
        (Some(2), Some(3))
    );
    let documents = manifest["documents"].as_array().unwrap();
    let statuses: Vec<&str> = documents
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["ok", "error", "error", "error", "ok"]);

    assert_eq!(documents[1]["stage"], "read");
    assert!(
        documents[1]["message"]
            .as_str()
            .unwrap()
            .contains("第 2 行"),
        "the malformed file's line is named: {}",
        documents[1]["message"]
    );
    let paths = |d: &Value| -> Vec<String> {
        d["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["path"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(documents[2]["stage"], "validate");
    let invalid_paths = paths(&documents[2]);
    assert!(
        invalid_paths.contains(&"/title".to_string()),
        "{invalid_paths:?}"
    );
    assert!(
        invalid_paths.contains(&"/signature/date".to_string()),
        "{invalid_paths:?}"
    );
    assert_eq!(paths(&documents[3]), ["/doc_kind"]);
    assert!(
        documents[3]["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("inspection_memo")
    );

    let written: Vec<String> = folder_files(&out).into_keys().collect();
    assert_eq!(written.len(), 3, "two PDFs and the manifest: {written:?}");
    let log = stderr(&run);
    for name in ["2-malformed.json", "3-invalid.json", "4-unknown-kind.json"] {
        assert!(log.contains(name), "stderr names {name}:\n{log}");
    }
}

#[test]
fn zip_and_folder_agree_and_reruns_are_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = input_folder(tmp.path());
    let zip_a = tmp.path().join("a.zip");
    let zip_b = tmp.path().join("b.zip");
    let dir = tmp.path().join("dir");
    for (out, jobs) in [(&zip_a, "1"), (&zip_b, "2"), (&dir, "2")] {
        let run = batch(&[path(&folder), "--jobs", jobs, "-o", path(out)], b"");
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    }
    assert!(!tmp.path().join("a.zip.partial").exists());
    assert_eq!(
        std::fs::read(&zip_a).unwrap(),
        std::fs::read(&zip_b).unwrap(),
        "one worker and two give the same zip"
    );
    let zipped = zip_files(&zip_a);
    let names: Vec<&str> = zipped.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.last(), Some(&"manifest.json"));
    let mut sorted = names[..names.len() - 1].to_vec();
    sorted.sort();
    assert_eq!(
        sorted,
        names[..names.len() - 1],
        "PDFs are written in input order"
    );
    let from_folder = folder_files(&dir);
    assert_eq!(zipped.len(), from_folder.len());
    for (name, bytes) in &zipped {
        if name != "manifest.json" {
            assert_eq!(Some(bytes), from_folder.get(name), "{name}");
        }
    }
}

#[test]
fn names_follow_the_pattern_and_stay_unique() {
    let tmp = tempfile::tempdir().unwrap();
    let mut doc = sample("fb-02-minimal.json");
    doc["title"] = json!("关于巡察/“某单位”的反馈意见");
    doc["render_hints"] = json!({});
    let line = format!("{doc}\n");
    let out = tmp.path().join("out");
    let run = batch(
        &["-", "--name", "{title}", "-o", path(&out)],
        line.repeat(3).as_bytes(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let names: Vec<String> = manifest_of(&out)["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["output"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "关于巡察_“某单位”的反馈意见.pdf",
            "关于巡察_“某单位”的反馈意见-2.pdf",
            "关于巡察_“某单位”的反馈意见-3.pdf"
        ]
    );
    let run = batch(&["-", "--name", "{nonsense}", "-o", path(&out)], b"");
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("{nonsense}"), "{}", stderr(&run));
}

#[test]
fn fail_fast_skips_the_rest_and_usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = format!(
        "{}\nnot json\n{}\n{}\n",
        compact("fb-02-minimal.json"),
        compact("cc-03-minimal.json"),
        compact("rec-02-minimal.json")
    );
    let out = tmp.path().join("out.zip");
    let run = batch(
        &["-", "--fail-fast", "--jobs", "1", "-o", path(&out)],
        lines.as_bytes(),
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let zipped = zip_files(&out);
    let manifest: Value = serde_json::from_slice(&zipped.last().unwrap().1).unwrap();
    let statuses: Vec<&str> = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses[..2], ["ok", "error"]);
    assert!(
        statuses[2..].iter().all(|s| *s == "skipped"),
        "{statuses:?}"
    );
    assert_eq!(manifest["skipped"], 2);

    let missing = batch(
        &["/no/such/input.json", "-o", path(&tmp.path().join("x"))],
        b"",
    );
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("/no/such/input.json"));
}

#[test]
fn warnings_show_on_the_documents_line_even_when_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let mut doc = sample("fb-02-minimal.json");
    doc["basic_info"] = json!({"paragraphs": ["巡察组进驻\u{1F9EA}期间"]});
    let lines = format!("{doc}\n{}\n", compact("rec-02-minimal.json"));
    let out = tmp.path().join("out");
    let run = batch(
        &[
            "-",
            "--allow-missing-glyphs",
            "--jobs",
            "1",
            "-o",
            path(&out),
        ],
        lines.as_bytes(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = stderr(&run);
    assert!(text.contains("[1/2] ok 001-"), "{text}");
    assert!(text.contains("1 warning)"), "{text}");
    assert!(text.contains("warning: /basic_info/paragraphs/0"), "{text}");
    assert!(text.contains("[2/2] ok 002-"), "{text}");

    let quiet = batch(
        &[
            "-",
            "--allow-missing-glyphs",
            "--quiet",
            "-o",
            path(&tmp.path().join("q")),
        ],
        lines.as_bytes(),
    );
    let said = stderr(&quiet);
    assert!(
        said.contains("1 warning)") && said.contains("U+1F9EA"),
        "{said}"
    );
    assert!(
        !said.contains("inspection_recommendation") && !said.contains("document(s)"),
        "{said}"
    );
}

#[test]
fn a_batch_can_be_written_as_ofd() {
    let tmp = tempfile::tempdir().unwrap();
    let lines = format!(
        "{}\n{}\n",
        compact("rev-02-minimal.json"),
        compact("rep-02-minimal.json")
    );
    let out = tmp.path().join("out");
    let run = batch(
        &["-", "--format", "ofd", "-o", path(&out)],
        lines.as_bytes(),
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let names: Vec<String> = folder_files(&out).into_keys().collect();
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".ofd")).count(),
        2,
        "{names:?}"
    );
    assert!(
        folder_files(&out)
            .iter()
            .all(|(n, b)| !n.ends_with(".ofd") || b.starts_with(b"PK"))
    );
}

#[test]
fn a_batch_writes_word_drafts_instead_of_or_beside_its_files() {
    let tmp = tempfile::tempdir().unwrap();
    let mut bad = sample("fb-02-minimal.json");
    bad["title"] = json!("");
    bad["signature"]["date"] = json!("2024-02-30");
    let lines = format!(
        "{}\n{}\n{}\n",
        compact("rev-02-minimal.json"),
        bad,
        compact("rec-03-finance-standard-long.json")
    );
    let good = [
        sample("rev-02-minimal.json"),
        sample("rec-03-finance-standard-long.json"),
    ];
    let drafts: Vec<Vec<u8>> = good
        .iter()
        .map(|input| engine().draft(input).unwrap().bytes)
        .collect();

    // --format docx: the drafts are the files; a bad record fails as it fails for a PDF.
    let out = tmp.path().join("drafts");
    let run = batch(
        &["-", "--format", "docx", "-o", path(&out)],
        lines.as_bytes(),
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(stderr(&run).contains(".docx (draft)"), "{}", stderr(&run));
    let manifest = manifest_of(&out);
    let documents = manifest["documents"].as_array().unwrap();
    let ok: Vec<&Value> = documents.iter().filter(|d| d["status"] == "ok").collect();
    assert_eq!(ok.len(), 2);
    for (entry, expected) in ok.iter().zip(&drafts) {
        let name = entry["output"].as_str().unwrap();
        assert!(name.ends_with(".docx"), "{name}");
        let bytes = std::fs::read(out.join(name)).unwrap();
        assert!(&bytes == expected, "{name}: the bytes the engine writes");
        assert_eq!(entry["bytes"], bytes.len());
        assert_eq!(entry["pages"], Value::Null, "Word paginates a draft");
        assert!(entry.get("draft").is_none(), "{entry}");
    }
    let pdf_out = tmp.path().join("pdf");
    let pdf_run = batch(&["-", "-o", path(&pdf_out)], lines.as_bytes());
    assert_eq!(pdf_run.status.code(), Some(1));
    let failed = &documents[1];
    assert_eq!(failed["status"], "error");
    assert_eq!(failed["stage"], "validate");
    assert_eq!(
        failed["errors"],
        manifest_of(&pdf_out)["documents"][1]["errors"],
        "the same errors at the same paths as for a PDF"
    );

    // --drafts: each PDF with its draft beside it, in order, the same bytes again.
    let zip = tmp.path().join("both.zip");
    let run = batch(&["-", "--drafts", "-o", path(&zip)], lines.as_bytes());
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let files = zip_files(&zip);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    let manifest: Value = serde_json::from_slice(&files.last().unwrap().1).unwrap();
    let mut expected_names = Vec::new();
    for (i, expected) in [(0, &drafts[0]), (2, &drafts[1])] {
        let entry = &manifest["documents"][i];
        let (output, draft) = (
            entry["output"].as_str().unwrap(),
            entry["draft"].as_str().unwrap(),
        );
        assert!(output.ends_with(".pdf") && entry["pages"].as_u64().unwrap() >= 1);
        assert_eq!(draft, output.replace(".pdf", ".docx"));
        let bytes = &files.iter().find(|(n, _)| n == draft).unwrap().1;
        assert!(bytes == expected, "{draft}: the same bytes as alone");
        expected_names.extend([output, draft]);
    }
    expected_names.push("manifest.json");
    assert_eq!(names, expected_names, "each draft follows its PDF");
    assert!(manifest["documents"][1].get("draft").is_none());

    let both = batch(
        &[
            "-",
            "--drafts",
            "--format",
            "docx",
            "-o",
            path(&tmp.path().join("x")),
        ],
        lines.as_bytes(),
    );
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("--drafts"), "{}", stderr(&both));
}
