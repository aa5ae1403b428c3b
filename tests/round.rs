//! `xuncha round`: the sample register becomes every document of the round and the workbooks,
//! the manifest ties each 问题编号 to its files, an edit in the register reaches every document
//! carrying the problem, bad rows are told at their cells without stopping the rest, the output
//! is byte-identical, and a generated 整改台账, filled in, becomes a 整改情况报告.

mod common;
#[path = "round/composition.rs"]
mod composition;
#[path = "round/registers.rs"]
mod registers;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use calamine::{Data, Reader, open_workbook_auto};
use common::cli::{manifest_of, path, stderr};
use common::*;
use rust_xlsxwriter::Workbook;
use serde_json::{Value, json};
use xuncha::input::Limits;
use xuncha::round::documents::plan;
use xuncha::round::register::read_register;
use xuncha::sheet::{SheetRequest, records_from_sheet};

fn sample_register() -> PathBuf {
    samples_dir().join("round/register.xlsx")
}

/// The 乡镇 round's register (see `round/registers.rs`).
fn villages_register() -> PathBuf {
    samples_dir().join("round/villages.xlsx")
}

/// The 市直 round's register (see `round/registers.rs`).
fn city_register() -> PathBuf {
    samples_dir().join("round/city.xlsx")
}

/// The committed sample registers are what `round/registers.rs` writes; with
/// `XUNCHA_WRITE_SAMPLES=1` this writes them.
#[test]
fn the_sample_registers_are_written_from_their_source() {
    let dir = tempfile::tempdir().unwrap();
    for (committed, sheets) in [
        (villages_register(), registers::villages()),
        (city_register(), registers::city()),
    ] {
        if std::env::var_os("XUNCHA_WRITE_SAMPLES").is_some() {
            registers::write(&committed, &sheets);
        }
        let fresh = dir.path().join("fresh.xlsx");
        registers::write(&fresh, &sheets);
        assert!(
            std::fs::read(&committed).ok() == Some(std::fs::read(&fresh).unwrap()),
            "{} is not what tests/round/registers.rs writes: run XUNCHA_WRITE_SAMPLES=1 cargo test --test round sample_registers",
            committed.display()
        );
    }
}

fn round(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .arg("round")
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Every file of a zip, by name.
fn unzip(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut file = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// The rows of a workbook's sheet as text.
fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let range = workbook.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::Float(f) => f.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

/// A register workbook written from sheets of text rows (the first row of each is its header).
fn write_workbook(path: &Path, sheets: &[(&str, Vec<Vec<String>>)]) {
    let mut workbook = Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(*name).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                if !text.is_empty() {
                    sheet.write_string(r as u32, c as u16, text).unwrap();
                }
            }
        }
    }
    workbook.save(path).unwrap();
}

/// The sample register's sheets as text, to edit and write back.
fn sample_sheets() -> Vec<(&'static str, Vec<Vec<String>>)> {
    ["轮次", "单位", "问题", "线索", "建议"]
        .into_iter()
        .map(|name| {
            let rows = sheet_rows(&sample_register(), name)
                .into_iter()
                .filter(|r| r.iter().filter(|c| !c.is_empty()).count() > 1)
                .collect();
            (name, rows)
        })
        .collect()
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h.trim_end_matches('*') == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

#[test]
fn the_sample_round_makes_every_document_and_maps_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("round.zip");
    let out = round(&[path(&sample_register()), "-o", path(&zip)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let files = unzip(&zip);
    let manifest: Value = serde_json::from_slice(&files["manifest.json"]).unwrap();
    assert_eq!(manifest["failed"], 0, "{manifest:#}");
    assert_eq!(manifest["rejected"], json!([]));
    let kinds: Vec<&str> = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["doc_kind"].as_str().unwrap())
        .collect();
    let count = |k: &str| kinds.iter().filter(|x| **x == k).count();
    let sheets = sample_sheets();
    let problems = &sheets[2].1;
    let (unit_at, leader_at, dept_at, immediate_at) = (
        column(problems, "被巡察单位"),
        column(problems, "分管领导"),
        column(problems, "主责部门"),
        column(problems, "是否立行立改"),
    );
    let distinct = |at: usize| {
        problems[1..]
            .iter()
            .map(|r| (r[unit_at].clone(), r[at].clone()))
            .collect::<BTreeSet<_>>()
            .len()
    };
    let units_with_immediate = problems[1..]
        .iter()
        .filter(|r| r[immediate_at] == "是")
        .map(|r| r[unit_at].clone())
        .collect::<BTreeSet<_>>()
        .len();
    assert_eq!(count("inspection_feedback"), 3);
    assert_eq!(count("rectification_notice"), units_with_immediate);
    assert_eq!(
        count("inspection_cc_notice"),
        distinct(leader_at) + distinct(dept_at)
    );
    assert_eq!(count("inspection_recommendation"), 2);
    assert_eq!(
        count("inspection_list"),
        3 + 1 + 5,
        "3 问题清单, 共性, 5 numbered copies of the 线索清单"
    );
    for document in manifest["documents"].as_array().unwrap() {
        let output = document["output"].as_str().unwrap();
        assert!(files[output].starts_with(b"%PDF-"), "{output}");
    }
    let workbooks: Vec<&str> = manifest["workbooks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["output"].as_str().unwrap())
        .collect();
    assert_eq!(workbooks.len(), 3 + 3 + 2 + 1, "{workbooks:?}");
    for workbook in &workbooks {
        assert!(files[*workbook].starts_with(b"PK"), "{workbook}");
    }

    // Every finding reaches its 反馈意见, its unit's 问题清单 (PDF and workbook), its 台账 and
    // the 抄告单 of its leader and department; nothing else is claimed.
    let (id_at, common_at) = (
        column(problems, "问题编号"),
        column(problems, "是否共性问题"),
    );
    let map = manifest["problems"].as_object().unwrap();
    assert_eq!(map.len(), problems.len() - 1);
    for row in &problems[1..] {
        let files_of: Vec<&str> = map[&row[id_at]]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        let has = |part: &str| files_of.iter().filter(|f| f.contains(part)).count();
        assert_eq!(has("反馈意见"), 1, "{files_of:?}");
        assert_eq!(has("-问题清单（"), 1, "{files_of:?}");
        assert_eq!(
            has("问题清单（"),
            2,
            "the PDF and the workbook: {files_of:?}"
        );
        // A 共性 problem is in the 共性问题清单, its PDF and its workbook.
        assert_eq!(
            has("共性问题清单"),
            if row[common_at] == "是" { 2 } else { 0 },
            "{files_of:?}"
        );
        assert_eq!(has("整改台账"), 1, "{files_of:?}");
        assert_eq!(has("抄告单"), 2, "{files_of:?}");
        assert_eq!(
            has("立行立改"),
            usize::from(row[immediate_at] == "是"),
            "{files_of:?}"
        );
    }
}

#[test]
fn leads_stay_in_the_leads_list_and_an_edit_reaches_every_document_of_its_problem() {
    let register = read_register(&sample_register(), &Default::default()).unwrap();
    let planned = plan(&register, "register.xlsx").unwrap();
    let documents: Vec<&Value> = planned
        .documents
        .iter()
        .map(|p| p.record.input.as_ref().unwrap())
        .collect();
    let leads = &sample_sheets()[3].1;
    let summary_at = column(leads, "线索摘要");
    for lead in &leads[1..] {
        let carrying: Vec<&Value> = documents
            .iter()
            .copied()
            .filter(|d| d.to_string().contains(&lead[summary_at]))
            .collect();
        // Only the 线索清单, in its numbered copies (5 when 轮次 does not say).
        assert_eq!(
            carrying.len(),
            xuncha::round::documents::DEFAULT_COPIES,
            "{}",
            lead[summary_at]
        );
        for (n, document) in carrying.iter().enumerate() {
            assert_eq!(document["list_type"], "leads");
            assert_eq!(document["envelope"]["copy_no"], format!("{:06}", n + 1));
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let mut sheets = sample_sheets();
    let problems = &mut sheets[2].1;
    let (id_at, description_at) = (column(problems, "问题编号"), column(problems, "问题描述"));
    let edited = "巡察组抽查发现该单位2023年有17笔公务支出缺少审批签字，涉及金额4.2万元。";
    problems[5][description_at] = edited.to_string();
    let id = problems[5][id_at].clone();
    let register_path = dir.path().join("edited.xlsx");
    write_workbook(&register_path, &sheets);
    let register = read_register(&register_path, &Default::default()).unwrap();
    let planned = plan(&register, "edited.xlsx").unwrap();
    for p in &planned.documents {
        let document = p.record.input.as_ref().unwrap();
        let carries = p.problems.contains(&id);
        let prints = document.to_string().contains(edited);
        // The 共性问题清单 prints a shared problem's heading, not each unit's description.
        if document["list_type"] != "common_problems" {
            assert_eq!(carries, prints, "{}", document["title"]);
        }
    }
    assert!(
        planned
            .documents
            .iter()
            .filter(|p| p.problems.contains(&id))
            .count()
            >= 4
    );
}

#[test]
fn the_same_register_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.zip"), dir.path().join("b.zip"));
    for out in [&a, &b] {
        let done = round(&[path(&sample_register()), "-o", path(out), "--quiet"]);
        assert!(done.status.success(), "{}", stderr(&done));
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn drafts_go_beside_the_documents_or_instead_of_them_and_into_the_problem_map() {
    let dir = tempfile::tempdir().unwrap();
    let (both, only) = (dir.path().join("both"), dir.path().join("only"));
    let done = round(&[path(&sample_register()), "--drafts", "-o", path(&both)]);
    assert!(done.status.success(), "{}", stderr(&done));
    let done = round(&[
        path(&sample_register()),
        "--format",
        "docx",
        "-o",
        path(&only),
    ]);
    assert!(done.status.success(), "{}", stderr(&done));

    let register = read_register(&sample_register(), &Default::default()).unwrap();
    let planned = plan(&register, "register.xlsx").unwrap();
    let (manifest, drafts_only) = (manifest_of(&both), manifest_of(&only));
    let documents = manifest["documents"].as_array().unwrap();
    assert_eq!(documents.len(), planned.documents.len());
    let map = manifest["problems"].as_object().unwrap();
    for ((entry, alone), planned) in documents
        .iter()
        .zip(drafts_only["documents"].as_array().unwrap())
        .zip(&planned.documents)
    {
        let (output, draft) = (
            entry["output"].as_str().unwrap(),
            entry["draft"].as_str().unwrap(),
        );
        assert_eq!(draft, output.replace(".pdf", ".docx"));
        assert_eq!(alone["output"], draft, "the same name with --format docx");
        let bytes = std::fs::read(both.join(draft)).unwrap();
        let expected = engine()
            .draft(planned.record.input.as_ref().unwrap())
            .unwrap();
        assert!(
            bytes == expected.bytes,
            "{draft}: the bytes the engine writes"
        );
        assert!(
            std::fs::read(only.join(draft)).unwrap() == bytes,
            "{draft}: the same bytes with --format docx"
        );
        // Every 问题编号 the document carries lists its draft right after its PDF.
        for id in &planned.problems {
            let files: Vec<&str> = map[id]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap())
                .collect();
            let at = files.iter().position(|f| *f == output).unwrap();
            assert_eq!(files.get(at + 1), Some(&draft), "{id}: {files:?}");
        }
    }
    assert_eq!(
        manifest["workbooks"], drafts_only["workbooks"],
        "the workbooks come with drafts too"
    );
}

#[test]
fn bad_rows_are_told_at_their_cells_and_the_rest_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut sheets = sample_sheets();
    let problems = &mut sheets[2].1;
    let at = |h: &str| column(problems, h);
    let (id, unit, aspect, common, area, deadline) = (
        at("问题编号"),
        at("被巡察单位"),
        at("方面"),
        at("是否共性问题"),
        at("领域"),
        at("整改时限"),
    );
    let first_id = problems[1][id].clone();
    problems[2][id] = first_id.clone(); // sheet row 3: a duplicate id
    problems[3][unit] = "中共云岫县档案官党支部".into(); // row 4: a unit not in 单位
    problems[4][aspect] = "9".into(); // row 5: no such aspect
    problems[6][common] = "是".into(); // row 7: 共性 without 领域
    problems[6][area] = String::new();
    problems[8][deadline] = "九月底".into(); // row 9: not a date
    let units = &mut sheets[1].1;
    units.push(units[1].clone()); // a unit written twice
    let register = dir.path().join("bad.xlsx");
    write_workbook(&register, &sheets);
    let out_dir = dir.path().join("out");
    let out = round(&[path(&register), "-o", path(&out_dir)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("left out: 工作表「问题」第 3 行「问题编号」"),
        "{}",
        stderr(&out)
    );
    let manifest = manifest_of(&out_dir);
    let rejected: Vec<(u64, String, String)> = manifest["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["cell"]["row"].as_u64().unwrap(),
                e["cell"]["header"].as_str().unwrap_or_default().to_string(),
                e["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let told = |row: u64, header: &str, words: &str| {
        assert!(
            rejected
                .iter()
                .any(|(r, h, m)| *r == row && h == header && m.contains(words)),
            "row {row} {header} “{words}” in {rejected:#?}"
        );
    };
    told(3, "问题编号", "重复");
    told(4, "被巡察单位", "是否应为“中共云岫县档案馆党支部”");
    told(5, "方面", "不是所选问题框架的方面");
    told(7, "领域", "共性问题须写明所属领域");
    told(9, "整改时限", "九月底");
    assert_eq!(rejected.len(), 5, "{rejected:#?}");
    for (_, _, message) in &rejected {
        assert!(message.starts_with("工作表「问题」第 "), "{message}");
    }
    // The second row of a unit fails; everything else is still made, and the rows left out are
    // in no document.
    assert_eq!(manifest["failed"], 1, "{manifest:#}");
    let failed = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["status"] == "error")
        .unwrap();
    assert_eq!(failed["source"]["sheet"], "单位");
    assert!(
        failed["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("与第 2 行重复"),
        "{failed:#}"
    );
    assert!(manifest["ok"].as_u64().unwrap() > 30, "{manifest:#}");
    let map = manifest["problems"].as_object().unwrap();
    for left_out in ["GA03", "GA04", "GA06", "GA08"] {
        assert!(!map.contains_key(left_out), "{left_out}");
    }
    assert!(map.contains_key("GA05"));
}

#[test]
fn a_register_without_its_round_sheet_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    let sheets: Vec<_> = sample_sheets().into_iter().skip(1).collect();
    let register = dir.path().join("no-round.xlsx");
    write_workbook(&register, &sheets);
    let out = round(&[path(&register), "-o", path(&dir.path().join("out"))]);
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert!(said.contains("缺少工作表「轮次」"), "{said}");
    assert!(said.contains("round --template"), "{said}");
}

#[test]
fn the_template_is_a_register_round_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("登记表.xlsx");
    let out = round(&["--template", path(&template)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let rows = sheet_rows(&template, "问题");
    assert!(rows[0].contains(&"问题编号*".to_string()), "{rows:?}");
    let out_dir = dir.path().join("out");
    let made = round(&[path(&template), "-o", path(&out_dir)]);
    assert!(made.status.success(), "{}", stderr(&made));
    let manifest = manifest_of(&out_dir);
    assert!(manifest["ok"].as_u64().unwrap() >= 5, "{manifest:#}");
    assert!(
        manifest["warnings"].as_array().is_none_or(Vec::is_empty),
        "{manifest:#}"
    );
}

#[test]
fn a_generated_ledger_filled_in_becomes_a_rectification_report() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("round");
    let out = round(&[path(&sample_register()), "-o", path(&out_dir), "--quiet"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let ledger = out_dir.join("整改台账（县住房和城乡建设局）.xlsx");
    let mut rows = sheet_rows(&ledger, "整改台账");
    let header = rows
        .iter()
        .position(|r| r.contains(&"整改状态".to_string()))
        .unwrap();
    let at = |h: &str| rows[header].iter().position(|c| c == h).unwrap();
    let (measures, status, result, id) = (
        at("整改措施"),
        at("整改状态"),
        at("整改结果"),
        at("问题编号"),
    );
    let statuses = ["已完成", "基本完成", "持续推进"];
    for (i, row) in rows[header + 1..].iter_mut().enumerate() {
        row[measures] = format!("召开专题会议研究整改\n制定第 {} 项整改方案", i + 1);
        row[status] = statuses[i % 3].to_string();
        row[result] = "已按要求完成整改并建立长效机制。".to_string();
    }
    let ids: Vec<String> = rows[header + 1..].iter().map(|r| r[id].clone()).collect();
    assert_eq!(ids.len(), 14, "the unit's 14 problems");
    let filled = dir.path().join("filled.xlsx");
    write_workbook(&filled, &[("整改台账", rows)]);

    let shared: Value = serde_json::from_slice(
        &std::fs::read(samples_dir().join("spreadsheet/rectification-shared.json")).unwrap(),
    )
    .unwrap();
    let made = records_from_sheet(
        &filled,
        SheetRequest {
            kind: None,
            group_by: None,
            shared: &shared,
        },
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(made.records.len(), 1);
    let report = made.records[0].input.as_ref().unwrap();
    let item_ids: Vec<&str> = report["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["problem_id"].as_str().unwrap())
        .collect();
    assert_eq!(item_ids, ids);
    assert_eq!(report["items"][0]["measures"].as_array().unwrap().len(), 2);
    let pdf = engine().render(report, Default::default()).unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF-"));
}
