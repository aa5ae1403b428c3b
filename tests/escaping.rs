//! Untrusted data stays data: hostile strings in every text field print literally.

mod common;

use common::*;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Fragments of Typst, Tera and Markdown syntax, quotes, escapes and rare characters.
const FRAGMENTS: &[&str] = &[
    "#",
    "\"",
    "\\",
    "]",
    "[",
    "//",
    "/*",
    "*/",
    "{{",
    "}}",
    "{%",
    "%}",
    "{#",
    "#}",
    "$",
    "*",
    "_",
    "`",
    "```",
    "<a>",
    "@ref",
    "= ",
    "- ",
    "+ ",
    "~",
    "'",
    "(",
    ")",
    ",",
    ":",
    ";",
    "#let x = 1",
    "#read(\"/etc/passwd\")",
    "\\u{41}",
    "{{ title }}",
    "{% for x in y %}",
    "#set text(fill: red)",
    "\")#panic(\"",
    "巡察",
    "𠈓",
    "䶮",
    "abc",
    "１２３",
    "★",
    "<!--",
    "&amp;",
    "%",
    "≠",
    "·",
];

/// A hostile string: fragments joined by spaces; `newlines` allows line breaks too.
fn hostile(newlines: bool) -> impl Strategy<Value = String> {
    let pick = prop::sample::select(FRAGMENTS);
    prop::collection::vec((pick, prop::bool::ANY), 1..8).prop_map(move |parts| {
        let mut s = String::new();
        for (fragment, newline) in parts {
            s.push_str(fragment);
            s.push(if newline && newlines { '\n' } else { ' ' });
        }
        s.trim().to_string()
    })
}

/// Puts `text` into the document at `pointer` (wrapped so every field's rules still hold) and
/// returns what must appear in the PDF.
fn plant(doc: &mut Value, pointer: &str, text: &str) -> String {
    let value = format!("甲乙丙丁{text}戊己庚辛壬");
    let value = match pointer {
        "/title" => format!("{value}的反馈意见"),
        "/annotation" => format!("（{value}）"),
        _ => value,
    };
    *doc.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer}")) = json!(value);
    value
}

/// Fields printed in the document, and whether line breaks are allowed in them.
const FIELDS: &[(&str, bool)] = &[
    ("/title", false),
    ("/envelope/header_org", false),
    ("/addressee/0", false),
    ("/basic_info/paragraphs/0", true),
    ("/overall_assessment/0", true),
    ("/problem_intro", true),
    ("/problem_groups/0/heading", false),
    ("/problem_groups/0/summary", true),
    ("/problem_groups/0/problems/0/heading", false),
    ("/problem_groups/0/problems/0/description", true),
    ("/problem_groups/0/problems/0/typical_cases/0", true),
    ("/suggestions/0/heading", false),
    ("/suggestions/0/content", true),
    ("/rectification/requirements/0", true),
    ("/clue_transfer/note", true),
    ("/signature/org_name", false),
    ("/annotation", false),
    ("/attachments/0/title", false),
    ("/attachments/1/body/0", true),
    ("/attachments/0/table/rows/0/problem", true),
    ("/cc/0", false),
    ("/imprint/org_name", false),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, .. ProptestConfig::default() })]

    #[test]
    fn hostile_strings_print_verbatim(texts in prop::collection::vec((hostile(false), hostile(true)), FIELDS.len())) {
        let mut doc = sample("fb-01-standard-16problems.json");
        doc["envelope"]["header_org"] = json!("x");
        doc["problem_groups"][0]["problems"][0]["typical_cases"] = json!(["x"]);
        let mut expected = Vec::new();
        for ((pointer, newlines), (flat, multiline)) in FIELDS.iter().zip(&texts) {
            let text = if *newlines { multiline } else { flat };
            let text: String = text.chars().take(30).collect();
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            expected.push((*pointer, plant(&mut doc, pointer, text)));
        }
        doc["render_hints"]["title_lines"] = json!([]);
        let compiled = engine().compile(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let printed = squeezed_text(&compiled.typeset);
        for (pointer, value) in expected {
            let want: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert!(printed.contains(&want), "{} = {:?} is not printed verbatim", pointer, value);
        }
    }
}

/// Text fields of a 巡察清单 (the 问题清单's row cells among them), and whether line breaks are
/// allowed in them.
const LIST_FIELDS: &[(&str, bool)] = &[
    ("/unit", false),
    ("/addressee/0", false),
    ("/note", true),
    ("/rows/0/aspect", false),
    ("/rows/0/problem", true),
    ("/rows/1/responsible_leader", false),
    ("/rows/2/responsible_dept", false),
    ("/signature/org_name", false),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, .. ProptestConfig::default() })]

    #[test]
    fn hostile_strings_print_verbatim_in_a_list(
        title in hostile(false),
        texts in prop::collection::vec((hostile(false), hostile(true)), LIST_FIELDS.len()),
    ) {
        let mut doc = sample("list-01-problems-unit.json");
        let mut expected = Vec::new();
        let title: String = title.chars().take(30).collect();
        let title = format!("甲乙丙丁{}戊己庚辛壬清单", title.trim());
        doc["title"] = json!(title);
        expected.push(("/title", title));
        for ((pointer, newlines), (flat, multiline)) in LIST_FIELDS.iter().zip(&texts) {
            let text = if *newlines { multiline } else { flat };
            let text: String = text.chars().take(30).collect();
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            expected.push((*pointer, plant(&mut doc, pointer, text)));
        }
        let compiled = engine().compile(&doc).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let printed = squeezed_text(&compiled.typeset);
        for (pointer, value) in expected {
            let want: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert!(printed.contains(&want), "{} = {:?} is not printed verbatim", pointer, value);
        }
    }
}

#[test]
fn a_typst_injection_attempt_is_printed_not_run() {
    let mut doc = sample("fb-02-minimal.json");
    let attack = "\")\n#set page(fill: red)\n#read(\"/etc/passwd\") // ]] {{ title }}";
    doc["problem_groups"][0]["problems"][0]["description"] = json!(attack);
    let compiled = engine().compile(&doc).expect("compiles");
    let printed = squeezed_text(&compiled.typeset);
    let want: String = attack.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(printed.contains(&want), "{printed}");
    assert!(
        compiled.typeset.pages().iter().all(|p| p.fill.is_auto()),
        "no page was filled"
    );
}

#[test]
fn templates_cannot_read_outside_their_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("templates");
    copy_dir(&xuncha::engine::bundled_dir("templates"), &root);
    let entry = root.join("inspection_feedback/main.typ.tera");
    let mut text = std::fs::read_to_string(&entry).unwrap();
    text.push_str("\n#read(\"../../outside.txt\")\n");
    std::fs::write(&entry, text).unwrap();
    std::fs::write(dir.path().join("outside.txt"), "secret").unwrap();
    let mut config = xuncha::EngineConfig::bundled();
    config.templates = root;
    let engine = xuncha::Engine::new(&config).unwrap();
    let error = engine
        .compile(&sample("fb-02-minimal.json"))
        .err()
        .expect("refused");
    let message = error.to_string();
    assert!(!message.contains("secret"), "{message}");
    assert!(message.contains("typesetting failed"), "{message}");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
