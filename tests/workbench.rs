//! The workbench page (`xuncha serve`, `GET /`) in a real browser: Debian's chromium driven by
//! Playwright for Python (`tests/workbench.py`) against two `xuncha serve` processes, one with a
//! token. The sample register becomes the round's zip with every document; a register with bad
//! rows shows them at their cells and still gives the rest; a 抄告单 from its sample previews,
//! changes with an edit, and shows a bad date's message at its field; a returned 台账 becomes
//! its report; a wrong token shows the 401 message and the token is in no URL, storage other
//! than the tab's or log line; no console errors or CSP violations. Screenshots of each screen
//! go to `target/workbench/`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use common::serve::ServeProcess;
use common::{samples_dir, tools};
use rust_xlsxwriter::Workbook;
use serde_json::json;
use xuncha::input::Limits;
use xuncha::round::documents::{Home, WorkbookKind};
use xuncha::sheet::file::SheetFile;

/// The token of the guarded server: long and unusual, so that finding it anywhere is a leak.
const TOKEN: &str = "wb-token-7f3a9c1e5b2d4f60";

/// The unit whose 整改台账 comes back in the test.
const LEDGER_UNIT: &str = "中共云岫县住房和城乡建设局党组";

/// Every sheet of a workbook as text rows.
fn sheets_of(path: &Path) -> Vec<(String, Vec<Vec<String>>)> {
    let mut workbook = open_workbook_auto(path).unwrap();
    let names = workbook.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = workbook.worksheet_range(&name).unwrap();
            let rows = range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect();
            (name, rows)
        })
        .collect()
}

/// A workbook of sheets of text rows.
fn write_workbook(path: &Path, sheets: &[(String, Vec<Vec<String>>)]) {
    let mut workbook = Workbook::new();
    for (name, rows) in sheets {
        let sheet = workbook.add_worksheet();
        sheet.set_name(name).unwrap();
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

/// The position of the column whose header (without `*`) is `header`, in the row `at`.
fn column(rows: &[Vec<String>], at: usize, header: &str) -> usize {
    rows[at]
        .iter()
        .position(|h| h.trim_end_matches('*') == header)
        .unwrap_or_else(|| panic!("no column {header}"))
}

/// The sample register with four bad 问题 rows; returns the cells the page must name. Its
/// sheets start with their header row (the sample's title rows are left out), so that sheet
/// row N is row N - 1 here.
fn bad_register(path: &Path) -> serde_json::Value {
    let mut sheets: Vec<(String, Vec<Vec<String>>)> =
        sheets_of(&samples_dir().join("round/register.xlsx"))
            .into_iter()
            .filter(|(name, _)| name != "填表说明")
            .map(|(name, rows)| {
                let rows = rows
                    .into_iter()
                    .filter(|r| r.iter().filter(|c| !c.is_empty()).count() > 1)
                    .collect();
                (name, rows)
            })
            .collect();
    let problems = &mut sheets.iter_mut().find(|(n, _)| n == "问题").unwrap().1;
    let at = |h: &str| column(problems, 0, h);
    let (id, unit, aspect, deadline) =
        (at("问题编号"), at("被巡察单位"), at("方面"), at("整改时限"));
    let first = problems[1][id].clone();
    problems[2][id] = first; // sheet row 3
    problems[3][unit] = "中共云岫县档案官党支部".into(); // row 4: a typo of a unit in 单位
    problems[4][aspect] = "9".into(); // row 5
    problems[8][deadline] = "九月底".into(); // row 9
    write_workbook(path, &sheets);
    json!([
        ["问题", 3, "问题编号", "重复"],
        ["问题", 4, "被巡察单位", "是否应为"],
        ["问题", 5, "方面", "不是所选问题框架的方面"],
        ["问题", 9, "整改时限", "九月底"],
    ])
}

/// The round's 整改台账 of [`LEDGER_UNIT`], filled in as the unit returns it; with `bad`, the
/// first line's 整改状态 is one the 台账 does not offer. Returns the bad cell's row.
fn returned_ledger(path: &Path, bad: bool) -> usize {
    let register = SheetFile::read(&samples_dir().join("round/register.xlsx")).unwrap();
    let prepared = xuncha::round::prepare(&register, &Limits::default()).unwrap();
    let plan = &prepared.plan;
    let unit = plan
        .unit_names
        .iter()
        .position(|u| u == LEDGER_UNIT)
        .unwrap();
    let (planned, workbook) = plan
        .documents
        .iter()
        .filter(|p| p.home == Home::Unit(unit))
        .find_map(|p| {
            let ledger = p
                .workbooks
                .iter()
                .find(|w| w.kind == WorkbookKind::Ledger)?;
            Some((p, ledger))
        })
        .expect("the round makes the unit's 台账");
    let bytes = xuncha::round::workbooks::ledger_workbook(
        planned.list.as_ref().unwrap(),
        &workbook.title,
        plan.date.as_deref(),
    )
    .unwrap();
    let blank = path.with_extension("blank.xlsx");
    std::fs::write(&blank, bytes).unwrap();
    let mut sheets = sheets_of(&blank);
    sheets.retain(|(name, _)| name == "整改台账");
    let rows = &mut sheets[0].1;
    let header = rows
        .iter()
        .position(|r| r.contains(&"整改状态".into()))
        .unwrap();
    let (measures, status, result) = (
        column(rows, header, "整改措施"),
        column(rows, header, "整改状态"),
        column(rows, header, "整改结果"),
    );
    let statuses = ["已完成", "基本完成", "持续推进"];
    for (i, row) in rows[header + 1..].iter_mut().enumerate() {
        row[measures] = format!("召开专题会议研究整改\n制定第 {} 项整改方案", i + 1);
        row[status] = statuses[i % 3].into();
        row[result] = "已按要求完成整改并建立长效机制。".into();
    }
    if bad {
        rows[header + 1][status] = "搞定了".into();
    }
    write_workbook(path, &sheets);
    header + 2
}

fn chromium() -> Option<PathBuf> {
    let out = Command::new("sh")
        .args(["-c", "command -v chromium"])
        .output()
        .ok()?;
    let path = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!path.is_empty()).then(|| PathBuf::from(path))
}

#[test]
fn a_clerk_does_the_whole_job_in_a_real_browser() {
    let python = tools::python_with("playwright");
    if !tools::required(
        "Playwright for Python 1.64.1",
        python.is_some(),
        tools::VENV_INSTALL,
    ) {
        return;
    }
    let chromium = chromium();
    if !tools::required(
        "Debian's chromium",
        chromium.is_some(),
        "apt-get install chromium",
    ) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = root.join("target/workbench");
    let font_cache = root.join("target/workbench-fontconfig");
    let _ = std::fs::remove_dir_all(&out);
    std::fs::create_dir_all(&out).unwrap();
    let inputs = tempfile::tempdir().unwrap();
    let bad_cells = bad_register(&inputs.path().join("有问题的登记表.xlsx"));
    returned_ledger(&inputs.path().join("整改台账.xlsx"), false);
    let bad_row = returned_ledger(&inputs.path().join("有问题的台账.xlsx"), true);

    let plain = ServeProcess::start_with_workers(2, &[]);
    let guarded = ServeProcess::start_with_workers(1, &["--token", TOKEN]);
    let config = json!({
        "base": plain.base,
        "token_base": guarded.base,
        "token": TOKEN,
        "register": samples_dir().join("round/register.xlsx"),
        "bad_register": inputs.path().join("有问题的登记表.xlsx"),
        "bad_cells": bad_cells,
        "ledger": inputs.path().join("整改台账.xlsx"),
        "ledger_unit": LEDGER_UNIT,
        "bad_ledger": inputs.path().join("有问题的台账.xlsx"),
        "bad_ledger_cell": ["整改台账", bad_row, "整改状态", "搞定了"],
        "out": out,
        "chromium": chromium.unwrap(),
        "fonts": root.join("fonts"),
        "font_cache": font_cache,
    });
    let config_path = inputs.path().join("config.json");
    std::fs::write(&config_path, config.to_string()).unwrap();
    let run = Command::new(python.unwrap())
        .arg(root.join("tests/workbench.py"))
        .arg(&config_path)
        .output()
        .unwrap();
    let said =
        String::from_utf8_lossy(&run.stdout).into_owned() + &String::from_utf8_lossy(&run.stderr);
    eprintln!("{said}");
    assert!(run.status.success(), "{said}");
    for screen in [
        "1-round-empty",
        "2-round-result",
        "3-round-rejected",
        "4-document",
        "5-document-error",
        "6-ledger",
        "7-ledger-errors",
        "8-token",
    ] {
        let png = std::fs::read(out.join(format!("{screen}.png"))).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{screen}");
    }
    let logged = guarded.transcript();
    assert!(
        logged.iter().any(|l| l.contains("/v1/render")),
        "the guarded server logged the page's requests"
    );
    let leaked: Vec<&String> = logged.iter().filter(|l| l.contains(TOKEN)).collect();
    assert!(leaked.is_empty(), "the token is in log lines: {leaked:?}");
}
