//! The `xuncha` binary: commands, outputs and exit codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::cli::{path, stderr};
use common::*;
use serde_json::{Value, json};

fn xuncha(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(args)
        .output()
        .expect("the binary runs")
}

#[test]
fn render_writes_a_pdf_and_png_pages() {
    let dir = tempfile::tempdir().unwrap();
    let input = samples_dir().join("fb-02-minimal.json");
    let pdf = dir.path().join("out.pdf");
    let out = xuncha(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));

    let png = dir.path().join("page.png");
    let out = xuncha(&[
        "render",
        input.to_str().unwrap(),
        "--format",
        "png",
        "--dpi",
        "30",
        "-o",
        png.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let first = std::fs::read(dir.path().join("page-1.png")).unwrap();
    assert!(first.starts_with(b"\x89PNG"));
}

#[test]
fn render_of_several_inputs_fills_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let a = samples_dir().join("fb-01-standard-16problems.json");
    let b = samples_dir().join("fb-02-minimal.json");
    let out_dir = dir.path().join("out");
    let out = xuncha(&[
        "render",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out_dir.join("fb-01-standard-16problems.pdf").is_file());
    assert!(out_dir.join("fb-02-minimal.pdf").is_file());
}

#[test]
fn check_exits_1_with_every_problem_and_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = sample("fb-02-minimal.json");
    doc["title"] = Value::from(7);
    doc["signature"]["date"] = Value::from("2024-02-30");
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, doc.to_string()).unwrap();
    let good = samples_dir().join("fb-02-minimal.json");

    let out = xuncha(&["check", good.to_str().unwrap(), bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("ok: "), "{stderr}");
    assert!(stderr.contains("/title"), "{stderr}");
    assert!(stderr.contains("/signature/date"), "{stderr}");

    let out = xuncha(&["check", "--json", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["status"], "error");
    let paths: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"/title") && paths.contains(&"/signature/date"),
        "{paths:?}"
    );
}

#[test]
fn malformed_json_is_an_error_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(
        &bad,
        "{\"doc_kind\": \"inspection_feedback\",\n  \"title\": }",
    )
    .unwrap();
    let out = xuncha(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("第 2 行第 12 列"), "{stderr}");
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(xuncha(&["render"]).status.code(), Some(2));
    assert_eq!(xuncha(&["schema", "no_such_kind"]).status.code(), Some(2));
    assert_eq!(xuncha(&["frobnicate"]).status.code(), Some(2));
    let out = xuncha(&["--templates", "/no/such/folder", "fonts"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/folder"));
    let out = xuncha(&["serve", "--cors-origin", "oa.example.gov.cn/path"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("不是来源（origin）"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn schema_is_printed_for_every_kind_and_every_sample_validates_against_it() {
    let mut checked = 0;
    for kind in xuncha::DocKind::ALL.iter().map(|k| k.as_str()) {
        let out = xuncha(&["schema", kind]);
        assert!(out.status.success(), "{kind}");
        let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for file in sample_files() {
            let doc: Value =
                serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
            if doc["doc_kind"] == kind {
                let errors: Vec<String> =
                    validator.iter_errors(&doc).map(|e| e.to_string()).collect();
                assert!(errors.is_empty(), "{}: {errors:?}", file.display());
                checked += 1;
            }
        }
    }
    assert_eq!(
        checked,
        sample_files().len(),
        "every sample is of a known kind"
    );
}

#[test]
fn fonts_lists_roles_and_what_fills_them() {
    let out = xuncha(&["fonts", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let uses = |role: &str| {
        report["roles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["role"] == role)
            .map(|r| r["uses"].as_str().unwrap_or_default().to_string())
            .unwrap()
    };
    assert_eq!(uses("fangsong"), "Zhuque Fangsong");
    assert_eq!(uses("title"), "Noto Serif SC");
    assert_eq!(uses("heiti"), "Noto Sans SC");
    assert_eq!(uses("kaiti"), "LXGW WenKai");
    let text = xuncha(&["fonts"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("FangSong_GB2312") && stdout.contains("not found"),
        "{stdout}"
    );
}

#[test]
fn each_schema_lists_only_the_layouts_its_kind_accepts() {
    for kind in xuncha::DocKind::ALL {
        let schema = kind.schema();
        let layouts: Vec<&str> = kind.layouts().iter().map(|l| l.as_str()).collect();
        assert_eq!(
            schema["properties"]["layout"]["enum"],
            json!(layouts),
            "{kind}"
        );
        assert_eq!(
            schema["properties"]["layout"]["default"],
            json!(layouts[0]),
            "{kind}"
        );
    }
}

#[test]
fn render_writes_every_format_and_refuses_several_inputs_into_one_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = samples_dir().join("rev-02-minimal.json");
    let input = input.to_str().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_string();

    let ofd = xuncha(&["render", input, "--format", "ofd", "-o", &out("a.ofd")]);
    assert!(
        ofd.status.success(),
        "{}",
        String::from_utf8_lossy(&ofd.stderr)
    );
    assert!(std::fs::read(out("a.ofd")).unwrap().starts_with(b"PK"));
    let archival = xuncha(&[
        "render",
        input,
        "--pdf-standard",
        "a-2b",
        "-o",
        &out("a.pdf"),
    ]);
    assert!(archival.status.success());
    let pdf = std::fs::read(out("a.pdf")).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains("pdfaid:part"));
    let svg = xuncha(&["render", input, "--format", "svg", "-o", &out("p.svg")]);
    assert!(svg.status.success());
    assert!(
        std::fs::read_to_string(dir.path().join("p-1.svg"))
            .unwrap()
            .contains("<svg")
    );
    let project = xuncha(&["render", input, "--format", "typst", "-o", &out("project/")]);
    assert!(project.status.success());
    let main = std::fs::read_to_string(dir.path().join("project/main.typ")).unwrap();
    assert!(main.contains("#import \"/lib/gongwen.typ\""));
    assert!(dir.path().join("project/lib/spec.typ").is_file());
    // Another process writes the same entry, byte for byte: values keep their fields' order.
    let again = xuncha(&["render", input, "--format", "typst", "-o", &out("again/")]);
    assert!(again.status.success());
    let main_again = std::fs::read_to_string(dir.path().join("again/main.typ")).unwrap();
    assert_eq!(
        main, main_again,
        "the Typst project is the same in every run"
    );

    for (args, said) in [
        (
            vec!["render", input, input, "-o", &out("one.pdf")],
            "give a folder",
        ),
        (
            vec!["render", input, "--format", "png", "--pdf-standard", "a-2b"],
            "--format pdf only",
        ),
        (vec!["render", input, "--pdf-standard", "a-3x"], "a-2b"),
        (
            vec!["render", input, "--format", "png", "--dpi", "inf"],
            "10",
        ),
        (
            vec!["render", input, "--format", "png", "--dpi", "100000"],
            "600",
        ),
        (
            vec!["render", input, "--format", "png", "--dpi", "0"],
            "600",
        ),
        (
            vec!["render", input, "--format", "png", "--dpi", "NaN"],
            "600",
        ),
        (
            vec!["render", input, "--format", "png", "--dpi", "-5"],
            "600",
        ),
        (vec!["render", input, "--format", "docs"], "pdf"),
    ] {
        let run = xuncha(&args);
        assert_eq!(run.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains(said), "{args:?}: {stderr}");
    }
    assert!(
        !dir.path().join("one.pdf").exists(),
        "nothing made of a usage error"
    );
}

#[test]
fn json_as_windows_editors_save_it_is_read_and_syntax_errors_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(samples_dir().join("fb-02-minimal.json")).unwrap();
    let gbk: Vec<u8> = encoding_rs::GB18030.encode(&text).0.into_owned();
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    for (name, bytes) in [("gbk.json", gbk), ("utf16.json", utf16)] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = xuncha(&["check", path.to_str().unwrap()]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let chinese_colon = text.replacen("\"title\":", "\"title\"：", 1);
    let truncated = &text[..text.len() / 2];
    for (name, content, said) in [
        ("colon.json", chinese_colon.as_str(), "是中文（全角）标点"),
        ("short.json", truncated, "结束了"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let out = xuncha(&["check", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(said) && stderr.contains("行第"),
            "{name}: {stderr}"
        );
    }
}

/// An installed layout: the binary under `bin/`, its assets wherever `place` puts them.
fn install(root: &Path) -> PathBuf {
    let bin = root.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let installed = bin.join("xuncha");
    // A hard link keeps the link's own path as the running binary's path; copy across disks.
    std::fs::hard_link(env!("CARGO_BIN_EXE_xuncha"), &installed)
        .or_else(|_| std::fs::copy(env!("CARGO_BIN_EXE_xuncha"), &installed).map(drop))
        .unwrap();
    installed
}

/// Links the checkout's `fonts/` and `templates/` into `home`.
fn link_assets(home: &Path) {
    std::fs::create_dir_all(home).unwrap();
    for folder in ["fonts", "templates"] {
        std::os::unix::fs::symlink(
            Path::new(env!("CARGO_MANIFEST_DIR")).join(folder),
            home.join(folder),
        )
        .unwrap();
    }
}

fn assets_in_use(binary: &Path, home: Option<&Path>) -> Value {
    let mut command = Command::new(binary);
    command.args(["--json", "assets"]).env_remove("XUNCHA_HOME");
    if let Some(home) = home {
        command.env("XUNCHA_HOME", home);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_installed_binary_finds_its_assets_by_home_share_or_its_folder() {
    let root = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let binary = install(root.path());
    let share = root.path().join("bin/../share/xuncha");
    link_assets(&share);
    let used = assets_in_use(&binary, None);
    assert_eq!(used["templates"], path(&share.join("templates")), "{used}");
    assert_eq!(used["fonts"], path(&share.join("fonts")));
    let out = Command::new(&binary)
        .args([
            "render",
            path(&samples_dir().join("fb-02-minimal.json")),
            "-o",
        ])
        .arg(root.path().join("out.pdf"))
        .env_remove("XUNCHA_HOME")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read(root.path().join("out.pdf"))
            .unwrap()
            .starts_with(b"%PDF-")
    );

    let home = root.path().join("home");
    link_assets(&home);
    let used = assets_in_use(&binary, Some(&home));
    assert_eq!(used["templates"], path(&home.join("templates")), "{used}");

    link_assets(&root.path().join("bin"));
    let used = assets_in_use(&binary, None);
    assert_eq!(
        used["fonts"],
        path(&root.path().join("bin/fonts")),
        "{used}"
    );
}

#[test]
fn a_home_without_assets_is_named_once_in_chinese_and_english() {
    let nowhere = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args([
            "render",
            path(&samples_dir().join("fb-02-minimal.json")),
            "-o",
        ])
        .arg(nowhere.path().join("out.pdf"))
        .env("XUNCHA_HOME", nowhere.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert_eq!(said.matches("找不到 xuncha 的").count(), 1, "{said}");
    assert!(said.contains("cannot find xuncha's"), "{said}");
    assert!(
        said.contains(path(&nowhere.path().join("templates"))),
        "{said}"
    );
    assert!(said.contains("XUNCHA_HOME"), "{said}");
    let listed = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .arg("assets")
        .env("XUNCHA_HOME", nowhere.path())
        .output()
        .unwrap();
    assert_eq!(
        listed.status.code(),
        Some(1),
        "assets says it is incomplete"
    );
}

#[test]
fn render_writes_the_word_draft_the_engine_writes_and_refuses_what_the_pdf_refuses() {
    let dir = tempfile::tempdir().unwrap();
    // A sealed document: its seal picture is drawn by Typst in the process that writes it.
    let input = dir.path().join("rec-03.json");
    std::fs::copy(
        samples_dir().join("rec-03-finance-standard-long.json"),
        &input,
    )
    .unwrap();
    let draft = dir.path().join("draft.docx");
    let run = xuncha(&[
        "render",
        path(&input),
        "--format",
        "DOCX",
        "-o",
        path(&draft),
    ]);
    assert!(run.status.success(), "{}", stderr(&run));
    let bytes = std::fs::read(&draft).unwrap();
    let expected = engine()
        .draft(&sample("rec-03-finance-standard-long.json"))
        .unwrap();
    assert!(
        bytes == expected.bytes,
        "the binary writes the bytes the library writes"
    );
    assert_eq!(
        expected.pages, None,
        "a draft is paginated by Word, not here"
    );
    let as_json = xuncha(&["--json", "render", path(&input), "--format", "docx"]);
    assert!(as_json.status.success(), "{}", stderr(&as_json));
    let line: Value = serde_json::from_slice(&as_json.stdout).unwrap();
    let beside = dir.path().join("rec-03.docx");
    assert_eq!(line["outputs"], json!([beside]), "{line}");
    let again = std::fs::read(&beside).unwrap();
    assert!(again == bytes, "another run writes the same bytes");

    // A bad document is refused with the errors a PDF gets, at the same paths.
    let mut bad = sample("fb-02-minimal.json");
    bad["title"] = json!("");
    bad["signature"]["date"] = json!("2024-13-45");
    let bad_path = dir.path().join("bad.json");
    std::fs::write(&bad_path, bad.to_string()).unwrap();
    let errors_of = |format: &str| {
        let run = xuncha(&["--json", "render", path(&bad_path), "--format", format]);
        assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
        let line: Value = serde_json::from_slice(&run.stdout).unwrap();
        assert_eq!(line["stage"], "validate", "{line}");
        line["errors"].clone()
    };
    let errors = errors_of("docx");
    assert!(errors.as_array().unwrap().len() >= 2, "{errors}");
    assert_eq!(errors, errors_of("pdf"));
    assert!(!dir.path().join("bad.docx").exists());
    let run = xuncha(&[
        "render",
        path(&input),
        "--format",
        "docx",
        "--pdf-standard",
        "a-2b",
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("只适用于 PDF"), "{}", stderr(&run));
}
