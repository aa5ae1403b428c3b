//! Template authoring: errors at the line the author wrote, user templates that add to and
//! override the built-in ones, reloads that keep what works, the commands, and change detection.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::*;
use serde_json::{Value, json};
use xuncha::diagnostics::Diagnostic;
use xuncha::watch::ChangeWatcher;
use xuncha::{Engine, EngineConfig, RenderError};

/// A user template folder holding a copy of the built-in `from` template named `name`, with
/// `edit` applied to its entry.
fn user_template(root: &Path, name: &str, from: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let folder = copy_builtin_template(root, name, from);
    let entry = folder.join("main.typ.tera");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, edit(text)).unwrap();
    folder
}

fn engine_with(user: &Path) -> Engine {
    let mut config = EngineConfig::bundled();
    config.user_templates = vec![user.to_path_buf()];
    Engine::new(&config).unwrap()
}

/// Inserts `line` right after the line of the entry that contains `after`.
fn insert_after(text: &str, after: &str, line: &str) -> String {
    let mut out = String::new();
    for l in text.lines() {
        out.push_str(l);
        out.push('\n');
        if l.contains(after) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The 1-based line of `needle` in a file.
fn line_of(path: &Path, needle: &str) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

fn typst_errors(error: RenderError) -> Vec<Diagnostic> {
    match error {
        RenderError::Typst(diagnostics)
        | RenderError::Template(diagnostics)
        | RenderError::Unconverged(diagnostics) => diagnostics,
        other => panic!("expected a template failure, got {other}"),
    }
}

#[test]
fn typst_errors_point_at_the_tera_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let folder = user_template(
        dir.path(),
        "inspection_feedback",
        "inspection_feedback",
        |t| {
            // Inside a loop, after an expression: the line is repeated and shifted in the output.
            insert_after(
                &t,
                "#heading(level: 2, {{ p.heading }})",
                "#let broken = {{ p.heading }} + 1",
            )
        },
    );
    let entry = folder.join("main.typ.tera");
    let engine = engine_with(dir.path());
    let error = engine.compile(&sample("fb-02-minimal.json")).err().unwrap();
    let diagnostic = &typst_errors(error)[0];
    let location = diagnostic.location.as_ref().expect("located");
    assert_eq!(Path::new(&location.file), entry.canonicalize().unwrap());
    assert_eq!(location.line, line_of(&entry, "#let broken"));
    assert_eq!(location.column, 15, "at the expression: {diagnostic}");
    assert_eq!(location.source_line, "#let broken = {{ p.heading }} + 1");
    assert!(diagnostic.message.contains("cannot add"), "{diagnostic}");
    assert!(
        diagnostic
            .hints
            .iter()
            .any(|h| h.starts_with("generated Typst line")),
        "{diagnostic}"
    );
}

#[test]
fn tera_errors_point_at_the_tera_source_and_name_the_variable() {
    let dir = tempfile::tempdir().unwrap();
    let syntax = user_template(dir.path(), "broken-syntax", "inspection_feedback", |t| {
        t.replace(
            "#heading(level: 1, {{ g.heading }})",
            "#heading(level: 1, {{ g.heading })",
        )
    });
    user_template(dir.path(), "unknown-field", "inspection_feedback", |t| {
        t.replace(
            "#heading(level: 1, {{ g.heading }})",
            "#heading(level: 1, {{ render_hints.no_such_hint | typst }})",
        )
    });
    user_template(dir.path(), "unknown-variable", "inspection_feedback", |t| {
        t.replace(
            "#heading(level: 1, {{ g.heading }})",
            "#heading(level: 1, {{ no_such_variable }})",
        )
    });
    let engine = engine_with(dir.path());

    let problems = engine.templates().load_errors().to_vec();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let location = problems[0].location.as_ref().unwrap();
    let entry = syntax.join("main.typ.tera").canonicalize().unwrap();
    assert_eq!(Path::new(&location.file), entry);
    let broken = "#heading(level: 1, {{ g.heading })";
    assert_eq!(location.line, line_of(&entry, broken));
    let lone_brace = broken.chars().count() - 1; // 1-based column of the `}` before `)`
    assert_eq!(
        location.column, lone_brace,
        "at the lone brace: {}",
        problems[0]
    );
    assert!(engine.templates().get("broken-syntax").is_none());

    for (template, name) in [
        ("unknown-field", "render_hints.no_such_hint"),
        ("unknown-variable", "no_such_variable"),
    ] {
        let mut document = sample("fb-02-minimal.json");
        document["template"] = json!(template);
        let diagnostic = &typst_errors(engine.compile(&document).err().unwrap())[0];
        assert!(
            diagnostic.message.contains(name),
            "{template}: {diagnostic}"
        );
        let location = diagnostic.location.as_ref().unwrap();
        assert!(
            location
                .file
                .ends_with(&format!("{template}/main.typ.tera"))
        );
        assert!(location.source_line.contains(name));
    }
}

#[test]
fn user_templates_add_and_override_and_broken_ones_do_not() {
    let dir = tempfile::tempdir().unwrap();
    let marker = "用户模板已生效";
    user_template(
        dir.path(),
        "inspection_feedback",
        "inspection_feedback",
        |t| format!("{t}\n#par(\"{marker}\")\n"),
    );
    user_template(dir.path(), "my-letter", "inspection_recommendation", |t| t);
    user_template(
        dir.path(),
        "inspection_cc_notice",
        "inspection_cc_notice",
        |t| t.replace("#import", "{% if %}#import"),
    );
    let engine = engine_with(dir.path());
    let templates = engine.templates();
    let names: Vec<(&str, bool)> = templates
        .templates()
        .map(|t| (t.name(), t.builtin))
        .collect();
    assert_eq!(
        names,
        [
            ("inspection_cc_notice", true),
            ("inspection_feedback", false),
            ("inspection_list", true),
            ("inspection_recommendation", true),
            ("my-letter", false),
            ("rectification_notice", true),
            ("rectification_report", true),
            ("rectification_review", true),
        ],
        "the broken override leaves the built-in 抄告单 in place"
    );
    assert_eq!(templates.load_errors().len(), 1);

    let overridden = squeezed_text(
        &engine
            .compile(&sample("fb-02-minimal.json"))
            .unwrap()
            .typeset,
    );
    assert!(
        overridden.contains(marker),
        "the user's feedback template is the default"
    );
    assert!(engine.compile(&sample("cc-03-minimal.json")).is_ok());

    let mut letter = sample("rec-02-minimal.json");
    letter["template"] = json!("my-letter");
    assert!(engine.compile(&letter).is_ok());
    letter["template"] = json!("inspection_feedback");
    let wrong_kind = engine.validate(&letter).err().unwrap();
    letter["template"] = json!("no-such-template");
    let missing = engine.validate(&letter).err().unwrap();
    for error in [wrong_kind, missing] {
        let RenderError::Invalid(problems) = error else {
            panic!("a problem in the input")
        };
        assert_eq!(problems[0].path, "/template");
        assert!(
            problems[0].message.contains("模板"),
            "{}",
            problems[0].message
        );
    }
}

#[test]
fn a_reload_that_fails_keeps_the_working_templates() {
    let dir = tempfile::tempdir().unwrap();
    let folder = user_template(dir.path(), "my-feedback", "inspection_feedback", |t| t);
    let engine = engine_with(dir.path());
    let before = engine.templates().digest().to_string();
    let mut document = sample("fb-02-minimal.json");
    document["template"] = json!("my-feedback");

    let entry = folder.join("main.typ.tera");
    let good = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, good.replace("#import", "{% for %}#import")).unwrap();
    let error = engine.reload_templates().err().expect("refused");
    assert!(error.to_string().contains("main.typ.tera"), "{error}");
    assert_eq!(
        engine.templates().digest(),
        before,
        "the old templates stay"
    );
    assert!(engine.compile(&document).is_ok(), "and still render");

    std::fs::write(&entry, good.replace("#import", "// edited\n#import")).unwrap();
    let reloaded = engine.reload_templates().expect("loads");
    assert_ne!(reloaded.digest(), before);
    assert!(engine.compile(&document).is_ok());
}

#[test]
fn a_burst_of_writes_is_one_change_and_reads_are_none() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("templates");
    std::fs::create_dir_all(folder.join("lib")).unwrap();
    let library = folder.join("lib/x.typ");
    std::fs::write(&library, "a").unwrap();
    let data = dir.path().join("data.json");
    std::fs::write(&data, "{}").unwrap();
    let neighbour = dir.path().join("other.json");
    std::fs::write(&neighbour, "{}").unwrap();

    let watcher =
        ChangeWatcher::new(&[folder.clone(), data.clone()], Duration::from_millis(100)).unwrap();
    for i in 0..5 {
        std::fs::write(&library, format!("edit {i}")).unwrap();
        std::thread::sleep(Duration::from_millis(10));
    }
    let changed = watcher
        .next_change(Duration::from_secs(5))
        .expect("a change");
    assert_eq!(changed, [library.canonicalize().unwrap()]);
    assert_eq!(
        watcher.next_change(Duration::from_millis(400)),
        None,
        "one burst, one change"
    );

    std::fs::read_to_string(&library).unwrap();
    std::fs::write(&neighbour, "{\"x\": 1}").unwrap();
    assert_eq!(
        watcher.next_change(Duration::from_millis(400)),
        None,
        "reading, and files beside the data file, do not count"
    );
    std::fs::write(&data, "{\"changed\": true}").unwrap();
    assert_eq!(
        watcher.next_change(Duration::from_secs(5)),
        Some(vec![data.canonicalize().unwrap()])
    );
}

fn xuncha(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn templates_list_new_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("mine");
    let user_arg = user.to_str().unwrap();
    let new_template = [
        "--templates",
        user_arg,
        "templates",
        "new",
        "my-notice",
        "--from",
        "inspection_cc_notice",
    ];
    let created = xuncha(&new_template);
    assert!(
        created.status.success(),
        "{}",
        String::from_utf8_lossy(&created.stderr)
    );
    let manifest = std::fs::read_to_string(user.join("my-notice/template.toml")).unwrap();
    assert!(manifest.starts_with("name = \"my-notice\"\n"), "{manifest}");
    let sample: Value =
        serde_json::from_str(&std::fs::read_to_string(user.join("my-notice/sample.json")).unwrap())
            .unwrap();
    assert_eq!(sample["template"], "my-notice");
    let again = xuncha(&new_template);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing folder is not overwritten"
    );

    let list = xuncha(&["--templates", user_arg, "--json", "templates", "list"]);
    let list: Value = serde_json::from_slice(&list.stdout).unwrap();
    let mine = list["templates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "my-notice")
        .expect("listed");
    assert_eq!(mine["doc_kind"], "inspection_cc_notice");
    assert_eq!(mine["version"], "0.1.0");
    assert_eq!(mine["builtin"], false);

    let check = xuncha(&["--templates", user_arg, "templates", "check"]);
    let log = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{log}");
    assert_eq!(
        log.lines().filter(|l| l.starts_with("ok ")).count(),
        xuncha::DocKind::ALL.len() + 1,
        "every built-in template and the new one: {log}"
    );

    let entry = user.join("my-notice/main.typ.tera");
    let text = std::fs::read_to_string(&entry).unwrap();
    std::fs::write(&entry, format!("{text}\n#let x = 1 + \"a\"\n")).unwrap();
    let check = xuncha(&["--templates", user_arg, "templates", "check"]);
    let log = String::from_utf8_lossy(&check.stderr);
    assert_eq!(check.status.code(), Some(1), "{log}");
    assert!(
        log.contains("error my-notice") && log.contains("main.typ.tera:"),
        "{log}"
    );
}

#[test]
fn extra_fields_reach_the_template_and_the_banji_can_move() {
    let dir = tempfile::tempdir().unwrap();
    user_template(dir.path(), "my-feedback", "inspection_feedback", |t| {
        let moved = t.replace(
            "#show: gongwen.with(..{{ gongwen | typst }})",
            "#show: gongwen.with(..{{ gongwen | typst }}, banji-placement: \"after-text\")",
        );
        assert_ne!(moved, t, "the gongwen call is where the tutorial says");
        format!(
            "{moved}\n{{% if extra.contact_room is defined %}}\n#par(\"整改情况报告请送\" + {{{{ extra.contact_room }}}} + \"。\")\n{{% endif %}}\n"
        )
    });
    let engine = engine_with(dir.path());
    let mut document = sample("fb-01-standard-16problems.json");
    let standard = engine.compile(&document).unwrap().typeset;
    document["template"] = json!("my-feedback");
    document["extra"] = json!({"contact_room": "县委巡察办302室#[\"x\"]"});
    let moved = engine.compile(&document).unwrap().typeset;
    assert!(squeezed_text(&moved).contains("整改情况报告请送县委巡察办302室#[\"x\"]。"));

    let banji_top = |layout: &typst_layout::PagedDocument| {
        let (runs, _) = items(layout);
        let last = layout.pages().len() - 1;
        runs.iter()
            .find(|r| r.page == last && r.text.starts_with("抄送"))
            .map(|r| r.y)
            .expect("the 版记 is on the last page")
    };
    assert!(
        banji_top(&standard) > 230.0,
        "the standard's 版记 sits at the foot"
    );
    assert!(
        banji_top(&moved) < 200.0,
        "after-text puts it under the text"
    );

    document["extra"] = json!({"bad": "a\u{0007}b"});
    let RenderError::Invalid(problems) = engine.validate(&document).err().unwrap() else {
        panic!("control characters in extra are refused")
    };
    assert_eq!(problems[0].path, "/extra/bad");
}

#[test]
fn a_layout_that_does_not_converge_is_a_failure_and_fails_templates_check() {
    let dir = tempfile::tempdir().unwrap();
    // Each layout pass finds one more marker than the last and adds one: never the same twice.
    user_template(dir.path(), "restless", "inspection_feedback", |t| {
        format!(
            "{t}\n#context {{ let n = query(<restless>).len(); for i in range(n + 1) [#metadata(i) <restless>] }}\n"
        )
    });
    let engine = engine_with(dir.path());
    let mut document = sample("fb-02-minimal.json");
    document["template"] = json!("restless");
    match engine.compile(&document) {
        Err(RenderError::Unconverged(diagnostics)) => {
            assert!(
                diagnostics
                    .iter()
                    .any(|d| d.message.contains("did not converge")),
                "{diagnostics:?}"
            );
        }
        Err(other) => panic!("expected a convergence failure, got {other}"),
        Ok(_) => panic!("a layout that does not converge must not render"),
    }
    let failure = xuncha::failure::Failure::from(engine.compile(&document).err().unwrap());
    assert_eq!(failure.stage, xuncha::failure::Stage::Typeset);
    assert!(
        failure.message.contains("排版未能收敛"),
        "{}",
        failure.message
    );

    let out = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args([
            "--templates",
            dir.path().to_str().unwrap(),
            "templates",
            "check",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("error restless") && said.contains("did not converge"),
        "{said}"
    );
    assert!(said.contains("ok inspection_feedback"), "{said}");
}

#[test]
fn a_template_changes_one_measure_with_style() {
    let dir = tempfile::tempdir().unwrap();
    user_template(dir.path(), "small-seal", "inspection_recommendation", |t| {
        let styled = t.replace(
            "#show: gongwen.with(..{{ gongwen | typst }})",
            "#show: gongwen.with(..{{ gongwen | typst }}, style: (seal-size: 30mm, margins: (top: 40mm)))",
        );
        assert_ne!(styled, t, "the frame line is where the docs say");
        styled
    });
    let engine = engine_with(dir.path());
    let mut document = sample("rec-03-finance-standard-long.json");
    let standard = engine.compile(&document).unwrap().typeset;
    document["template"] = json!("small-seal");
    let styled = engine.compile(&document).unwrap().typeset;
    let seal_width = |doc: &typst_layout::PagedDocument| images(doc).last().unwrap().3;
    assert!(close(seal_width(&standard), 42.0, 0.01));
    assert!(
        close(seal_width(&styled), 30.0, 0.01),
        "{}",
        seal_width(&styled)
    );
    // A nested measure is merged: the top margin moved, the others stayed.
    let first_line = |doc: &typst_layout::PagedDocument| {
        let (runs, _) = items(doc);
        runs.iter()
            .filter(|r| r.page == 1 && !is_page_number(r))
            .map(|r| r.y)
            .fold(f64::MAX, f64::min)
    };
    assert!(close(
        first_line(&styled) - first_line(&standard),
        3.0,
        0.01
    ));
}

#[test]
fn a_style_reaches_the_forms() {
    // Forms are drawn by the body, outside the frame: they read the measures in force, so a
    // template's `style:` changes them too (their text size, their rules).
    let dir = tempfile::tempdir().unwrap();
    user_template(dir.path(), "small-form", "inspection_cc_notice", |t| {
        let styled = t.replace(
            "#show: gongwen.with(..frame)",
            "#show: gongwen.with(..frame, style: (zihao: (si: 12pt), form: (rule: 1.5pt)))",
        );
        assert_ne!(styled, t, "the frame line is where the template has it");
        styled
    });
    let engine = engine_with(dir.path());
    let mut document = sample("cc-01-leader-form.json");
    let label_size = |doc: &typst_layout::PagedDocument| {
        let (runs, _) = items(doc);
        runs.iter().find(|r| r.text == "抄告对象").unwrap().size
    };
    let thickest = |doc: &typst_layout::PagedDocument| {
        let (_, rules) = items(doc);
        rules.iter().map(|r| r.thickness).fold(0.0, f64::max)
    };
    let standard = engine.compile(&document).unwrap().typeset;
    assert!(close(label_size(&standard), 14.0, 0.01));
    assert!(close(thickest(&standard), 0.75 * 25.4 / 72.0, 0.001));
    document["template"] = json!("small-form");
    let styled = engine.compile(&document).unwrap().typeset;
    assert!(
        close(label_size(&styled), 12.0, 0.01),
        "{}",
        label_size(&styled)
    );
    assert!(
        close(thickest(&styled), 1.5 * 25.4 / 72.0, 0.001),
        "{}",
        thickest(&styled)
    );
}

#[test]
fn a_lists_columns_changed_in_lists_toml_reach_the_pdf_and_the_word_draft() {
    // A user layer with only `inspection_list/lists.toml`, the 问题 column of the 问题清单
    // renamed: the built-in template reads it through the layers, and so does the draft.
    let root = tempfile::tempdir().unwrap();
    let folder = root.path().join("inspection_list");
    std::fs::create_dir_all(&folder).unwrap();
    let builtin = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/inspection_list/lists.toml"),
    )
    .unwrap();
    let renamed = builtin.replacen(
        r#"{ key = "problem", label = "问题","#,
        r#"{ key = "problem", label = "存在的问题","#,
        1,
    );
    assert_ne!(renamed, builtin);
    std::fs::write(folder.join("lists.toml"), renamed).unwrap();
    let engine = engine_with(root.path());
    let input = sample("list-01-problems-unit.json");
    let (runs, _) = items(&engine.compile(&input).unwrap().typeset);
    let printed: String = runs.iter().map(|r| r.text.as_str()).collect();
    assert!(printed.contains("存在的问题"), "the PDF's column header");
    let draft = engine.draft(&input).unwrap().bytes;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(draft)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("存在的问题"), "the draft's column header");
    // The built-in engine keeps the built-in header.
    let builtin_draft = common::engine().draft(&input).unwrap().bytes;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(builtin_draft)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(!xml.contains("存在的问题") && xml.contains("问题"));
}
