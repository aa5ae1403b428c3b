//! Documents from spreadsheets as offices keep them: the 抄告 problem sheet and the 整改台账, in
//! xlsx and CSV, with title rows, merged cells, extra and misspelt columns, and errors that name
//! the worksheet, row and column.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::cli::*;
use common::*;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::{Value, json};
use xuncha::model::DocKind;
use xuncha::sheet::{SheetRecords, SheetRequest, records_from_sheet};

fn batch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .arg("batch")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn sheets_dir() -> PathBuf {
    samples_dir().join("spreadsheet")
}

fn shared(name: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(sheets_dir().join(name)).unwrap()).unwrap()
}

/// Reads a sheet through the library, as `batch` does.
fn read(file: &Path, kind: Option<&str>, group_by: Option<&str>, shared: &Value) -> SheetRecords {
    let kind: Option<DocKind> = kind.map(|k| k.parse().unwrap());
    let request = SheetRequest {
        kind,
        group_by,
        shared,
    };
    records_from_sheet(file, request, &Default::default()).unwrap()
}

/// The messages of a record's errors, by JSON path.
fn errors_of(records: &SheetRecords, n: usize) -> Vec<(String, String)> {
    let failure = records.records[n].input.as_ref().unwrap_err();
    failure
        .errors
        .iter()
        .map(|e| (e.path.clone(), e.message.clone()))
        .collect()
}

/// A workbook with one worksheet `name`: `rows` from the first row, each cell a string, or a
/// date when it looks like `2024-10-31`; `merges` as (first row, column, last row), 0-based.
fn workbook(file: &Path, name: &str, rows: &[&[&str]], merges: &[(u32, u16, u32)]) {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name(name).unwrap();
    let date = Format::new().set_num_format("yyyy年m月d日");
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let as_date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
            match as_date {
                Some(d) => {
                    use chrono::Datelike;
                    let day =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)
                            .unwrap();
                    sheet.write_datetime_with_format(r, c, &day, &date).unwrap();
                }
                None if text.is_empty() => {}
                None => {
                    sheet.write(r, c, *text).unwrap();
                }
            }
        }
    }
    for &(first, column, last) in merges {
        let value = rows[first as usize][column as usize];
        sheet
            .merge_range(first, column, last, column, value, &Format::new())
            .unwrap();
    }
    book.save(file).unwrap();
}

#[test]
fn the_problem_sheet_becomes_one_notice_per_recipient_in_xlsx_and_csv_alike() {
    let tmp = tempfile::tempdir().unwrap();
    let shared_file = sheets_dir().join("cc-shared.json");
    let mut outputs = Vec::new();
    for (flag, file) in [
        ("--from-xlsx", "cc-problems.xlsx"),
        ("--from-csv", "cc-problems.csv"),
    ] {
        let out = tmp.path().join(file);
        // No --kind: the sheet's columns are the 抄告单's only.
        let run = batch(&[
            flag,
            path(&sheets_dir().join(file)),
            "--shared",
            path(&shared_file),
            "-o",
            path(&out),
        ]);
        assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
        assert!(!stderr(&run).contains("warning"), "{}", stderr(&run));
        outputs.push(out);
    }
    let manifest = manifest_of(&outputs[0]);
    assert!(
        manifest.get("warnings").is_none(),
        "序号 is known: {manifest}"
    );
    let documents = manifest["documents"].as_array().unwrap();
    let rows: Vec<&Value> = documents.iter().map(|d| &d["source"]["rows"]).collect();
    assert_eq!(rows, [&json!([2, 4, 7]), &json!([3, 5, 8]), &json!([6])]);
    assert_eq!(documents[0]["source"]["sheet"], "抄告问题");
    let names: Vec<&str> = documents
        .iter()
        .map(|d| d["output"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "001-inspection_cc_notice-巡察抄告单（刘赟）.pdf",
            "002-inspection_cc_notice-巡察抄告单（云岫县财政局）.pdf",
            "003-inspection_cc_notice-巡察抄告单（中共云岫县纪委 云岫县监委）.pdf"
        ]
    );
    let (xlsx, csv) = (folder_files(&outputs[0]), folder_files(&outputs[1]));
    for name in names {
        assert_eq!(xlsx[name], csv[name], "xlsx and CSV give the same {name}");
    }
    // The serial numbers count the groups, and each group's rows are its problems, in order.
    let made = read(
        &sheets_dir().join("cc-problems.xlsx"),
        None,
        None,
        &shared("cc-shared.json"),
    );
    let second = made.records[1].input.as_ref().unwrap();
    assert_eq!(second["serial_no"], "云巡抄〔2024〕2号");
    assert_eq!(
        second["recipient"]["type"], "department",
        "主管部门 as its code"
    );
    assert_eq!(second["requirements"]["feedback_deadline"], "2024-10-31");
    assert_eq!(
        second["inspected_orgs"],
        json!(["桥头镇人民政府", "溪口镇人民政府", "云岫县文化和旅游局"])
    );
    let text = squeezed_text(&layout(second));
    let first = text.find("三公").unwrap();
    let next = text.find("乡村振兴").unwrap();
    let last = text.find("化整为零").unwrap();
    assert!(first < next && next < last);
}

#[test]
fn the_rectification_ledger_becomes_one_report_per_unit() {
    let made = read(
        &sheets_dir().join("rectification-ledger.xlsx"),
        None,
        None,
        &shared("rectification-shared.json"),
    );
    assert_eq!(made.kind.as_str(), "rectification_report", "from doc_kind");
    assert!(made.warnings.is_empty(), "{:?}", made.warnings);
    let sources: Vec<(Option<&str>, &[usize])> = made
        .records
        .iter()
        .map(|r| (r.source.sheet.as_deref(), r.source.rows.as_slice()))
        .collect();
    // A title row above the header; 被巡察单位 merged down each unit's rows; the first
    // worksheet is 填表说明.
    assert_eq!(
        sources,
        [
            (Some("整改台账"), &[3, 4, 5][..]),
            (Some("整改台账"), &[6, 7, 8, 9][..])
        ]
    );
    let report = made.records[1].input.as_ref().unwrap();
    assert_eq!(
        report["title"],
        "中共云岫县水务局党组关于十五届县委第四轮巡察反馈意见整改情况的报告"
    );
    assert_eq!(report["signature"]["org_name"], "中共云岫县水务局党组");
    let item = &report["items"][1];
    assert_eq!(
        item,
        &json!({
            "problem_id": "P02",
            "problem": "农村饮水安全工程资金拨付滞后，386万元闲置超过1年。",
            "measures": ["清理盘活存量资金", "建立项目资金拨付进度月报制度"],
            "responsible_leader": "李泓",
            "responsible_dept": "计划财务股",
            "deadline": "2024-10-31",
            "status": "已完成",
            "result": "386万元已全部拨付到项目。"
        })
    );
    let text = squeezed_text(&layout(report));
    for expected in [
        "建立项目资金拨付进度月报制度",
        "责任部门：计划财务股",
        "巡察反馈问题整改落实台账",
    ] {
        assert!(text.contains(expected), "{expected} in {text}");
    }
}

/// A 抄告 sheet as clerks make it: a title row, 抄告对象 and its 反馈时限 merged down their
/// rows, a 序号 column, a 备注 column, an optional column misspelt.
const NOTICE_ROWS: &[&[&str]] = &[
    &["巡察发现问题抄告汇总表", "", "", "", "", "", "", ""],
    &[
        "序号",
        "抄告对象",
        "对象类型",
        "被巡察单位",
        "问题描述*",
        "反馈时限",
        "处理意建议",
        "备注",
    ],
    &[
        "1",
        "云岫县财政局",
        "主管部门",
        "桥头镇人民政府",
        "2023年公务接待费支出较预算超支42%。",
        "2024-10-31",
        "督促整改",
        "已电话告知",
    ],
    &[
        "2",
        "",
        "",
        "溪口镇人民政府",
        "乡村振兴衔接资金386万元闲置超过1年。",
        "",
        "",
        "",
    ],
    &[
        "3",
        "刘赟",
        "分官领导",
        "桥头镇人民政府",
        "新增违法占用耕地图斑17宗未整改到位。",
        "下月底",
        "",
        "",
    ],
];

#[test]
fn merged_cells_count_in_every_row_and_errors_name_the_cell() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("抄告.xlsx");
    workbook(&file, "汇总", NOTICE_ROWS, &[(2, 1, 3), (2, 5, 3)]);
    let made = read(&file, None, None, &shared("cc-shared.json"));
    assert_eq!(made.kind.as_str(), "inspection_cc_notice");
    assert_eq!(made.records.len(), 2, "the merged rows are one notice");
    assert_eq!(made.records[0].source.rows, [3, 4]);
    let notice = made.records[0].input.as_ref().unwrap();
    assert_eq!(notice["problems"].as_array().unwrap().len(), 2);
    assert_eq!(notice["requirements"]["feedback_deadline"], "2024-10-31");
    assert_eq!(
        made.warnings,
        [
            "第 G 列「处理意建议」不是可识别的列名，其中的内容未使用，是否应为「处理建议」？",
            "第 H 列「备注」不是可识别的列名，其中的内容未使用",
        ]
    );
    let errors = errors_of(&made, 1);
    assert_eq!(
        errors,
        [
            (
                "/recipient/type".to_string(),
                "工作表「汇总」第 5 行「对象类型」：“分官领导”不是可选的值，应为：分管领导、主责部门、纪检监察机关、组织部门".to_string()
            ),
            (
                "/requirements/feedback_deadline".to_string(),
                "工作表「汇总」第 5 行「反馈时限」：“下月底”不是有效日期，应写作 YYYY-MM-DD，如 2024-06-18".to_string()
            ),
        ]
    );
    let failure = made.records[1].input.as_ref().unwrap_err();
    let cell = failure.errors[1].cell.as_ref().expect("the cell is named");
    assert_eq!(
        (cell.sheet.as_deref(), cell.row, cell.column.as_deref()),
        (Some("汇总"), 5, Some("F"))
    );

    // The command line says the same, the warnings go to the manifest too, and the good notice
    // is made.
    let out = tmp.path().join("out");
    let shared_file = sheets_dir().join("cc-shared.json");
    let run = batch(&[
        "--from-xlsx",
        path(&file),
        "--shared",
        path(&shared_file),
        "-o",
        path(&out),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    let said = stderr(&run);
    assert!(
        said.contains("warning: ") && said.contains("是否应为「处理建议」"),
        "{said}"
    );
    assert!(said.contains("工作表「汇总」第 5 行「反馈时限」"), "{said}");
    let manifest = manifest_of(&out);
    assert_eq!(manifest["ok"], 1);
    assert_eq!(manifest["warnings"].as_array().unwrap().len(), 2);
    assert_eq!(
        manifest["documents"][1]["errors"][1]["cell"],
        json!({"sheet": "汇总", "row": 5, "column": "F", "header": "反馈时限"})
    );
}

#[test]
fn rows_that_disagree_and_rows_without_a_key_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("problems.csv");
    std::fs::write(
        &csv,
        "抄告对象,被巡察单位,问题描述,反馈时限\n\
         刘赟,桥头镇人民政府,耕地图斑17宗未整改到位。,2024-10-31\n\
         刘赟,溪口镇人民政府,征收补偿款发放缺少签字。,2024-11-30\n\
         云岫县财政局,桥头镇人民政府,短,2024-10-31\n\
         ,溪口镇人民政府,专项资金闲置超过1年未收回。,2024-10-31\n",
    )
    .unwrap();
    let shared = shared("cc-shared.json");
    let made = read(&csv, None, None, &shared);
    let errors = errors_of(&made, 0);
    assert_eq!(errors[0].0, "/requirements/feedback_deadline");
    assert_eq!(
        errors[0].1,
        "第 3 行「反馈时限」：为“2024-11-30”，与第 2 行的“2024-10-31”不一致：同一份巡察抄告单只能有一个值"
    );
    let short = errors_of(&made, 1);
    assert!(
        short
            .iter()
            .any(|(path, message)| path == "/problems/0/description"
                && message.starts_with("第 4 行「问题描述」：")),
        "{short:?}"
    );
    let keyless = errors_of(&made, 2);
    assert!(
        keyless[0].1.starts_with("第 5 行「抄告对象」：为空"),
        "{keyless:?}"
    );

    // By 被巡察单位, named by the grouping's name or its column.
    for grouping in ["org", "被巡察单位"] {
        let by_org = read(&csv, None, Some(grouping), &shared);
        assert_eq!(by_org.records.len(), 2, "one notice per 被巡察单位");
        let conflict = &errors_of(&by_org, 0)[0];
        assert_eq!(conflict.0, "/recipient/name");
    }
}

#[test]
fn sheets_that_cannot_be_used_say_why_in_chinese() {
    let tmp = tempfile::tempdir().unwrap();
    let shared_file = sheets_dir().join("cc-shared.json");
    let cases: &[(&str, &[&str], &str)] = &[
        (
            "抄告对象,问题描叙\n刘赟,耕地图斑17宗未整改到位。\n",
            &[],
            "缺少列 「问题描述」（第 B 列是「问题描叙」，是否应为「问题描述」？）",
        ),
        (
            "姓名,电话\n张三,123\n",
            &[],
            "表格的列不符合任何一种文书，请用 --kind 指明",
        ),
        (
            "抄告对象,问题描述\n刘赟,耕地图斑17宗未整改到位。\n",
            &["--group-by", "区县"],
            "「巡察抄告单」不能按「区县」分组；可选：recipient（每个「抄告对象」一份）、org（每个「被巡察单位」一份）",
        ),
        (
            "抄告对象,问题描述\n刘赟,耕地图斑17宗未整改到位。\n",
            &["--kind", "inspection_feedback"],
            "「巡察反馈意见」（inspection_feedback）不能由表格生成",
        ),
    ];
    for (i, (text, extra, expected)) in cases.iter().enumerate() {
        let csv = tmp.path().join(format!("{i}.csv"));
        std::fs::write(&csv, text).unwrap();
        let mut args = vec![
            "--from-csv",
            path(&csv),
            "--shared",
            path(&shared_file),
            "-o",
        ];
        let out = tmp.path().join(format!("out{i}"));
        args.push(path(&out));
        args.extend_from_slice(extra);
        let run = batch(&args);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        assert!(stderr(&run).contains(expected), "{}", stderr(&run));
    }

    // Several notices from a sheet without 编号 need {n} in the shared serial number.
    let csv = tmp.path().join("two.csv");
    std::fs::write(
        &csv,
        "抄告对象,问题描述\n刘赟,耕地图斑17宗未整改到位。\n财政局,专项资金闲置超过1年。\n",
    )
    .unwrap();
    let mut fixed = shared("cc-shared.json");
    fixed["serial_no"] = json!("云巡抄〔2024〕3号");
    let request = SheetRequest {
        kind: None,
        group_by: None,
        shared: &fixed,
    };
    let refused = records_from_sheet(&csv, request, &Default::default()).unwrap_err();
    assert!(
        refused.to_string().contains("每份需要不同的编号"),
        "{refused}"
    );

    // A field a column would fill, missing from both sheet and shared fields, names the column.
    let made = read(&csv, None, None, &shared("cc-shared.json"));
    let errors = errors_of(&made, 0);
    let (_, message) = errors
        .iter()
        .find(|(path, _)| path == "/inspected_orgs")
        .expect("inspected_orgs is missing");
    assert!(
        message.contains("可在表格「被巡察单位」列填写，或写在共用字段中"),
        "{message}"
    );
}

#[test]
fn every_header_and_alias_of_every_kind_names_one_column() {
    for (kind, spec) in DocKind::ALL
        .iter()
        .filter_map(|k| k.sheet().map(|s| (k, s)))
    {
        let mut seen = BTreeMap::new();
        for column in spec.columns {
            for name in std::iter::once(column.header).chain(column.aliases.iter().copied()) {
                assert!(
                    seen.insert(name, column.header).is_none(),
                    "{kind}: 「{name}」 names two columns"
                );
                let found = spec.column(name).map(|c| c.header);
                assert_eq!(found, Some(column.header), "{kind}: {name}");
            }
        }
        for (_, key) in spec.groupings {
            assert!(spec.column(key).is_some(), "{kind}: grouping key {key}");
        }
    }
}
