//! Hostile and broken workbooks: each is refused or read within bounds, its peak memory
//! measured in a child `xuncha` (under 500 MB for any workbook under 10 MB), and every message
//! says in Chinese what the file is, which sheet and cell, and what to do.

mod common;

use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::cli::*;
use common::*;
use serde_json::Value;
use zip::write::SimpleFileOptions;

/// Peak memory any workbook under 10 MB may take, in kB.
const MEMORY_BOUND_KB: i64 = 500 * 1024;

/// What a finished `xuncha` said and how much memory it took at most.
struct Measured {
    code: Option<i32>,
    stderr: String,
    peak_kb: i64,
}

/// Runs `xuncha args…` and measures its peak resident memory (`wait4`'s `ru_maxrss`, this child
/// alone).
#[expect(
    clippy::zombie_processes,
    reason = "reaped by wait4, which also gives its peak memory"
)]
fn measured(args: &[&str]) -> Measured {
    let log = tempfile::NamedTempFile::new().unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_xuncha"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(log.reopen().unwrap())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: all-zero is a valid rusage; wait4 writes into it and into `status`.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is this process's child, not waited for yet.
    let waited = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(waited, child.id() as libc::pid_t);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    Measured {
        code,
        stderr: std::fs::read_to_string(log.path()).unwrap(),
        peak_kb: usage.ru_maxrss,
    }
}

fn sheets_dir() -> PathBuf {
    samples_dir().join("spreadsheet")
}

/// `xuncha batch --from-xlsx FILE` with the 抄告单 shared fields, measured.
fn batch_from(file: &Path, out: &Path) -> Measured {
    let shared = sheets_dir().join("cc-shared.json");
    measured(&[
        "batch",
        "--from-xlsx",
        path(file),
        "--shared",
        path(&shared),
        "-o",
        path(out),
        "--quiet",
    ])
}

/// A part written anew: its name and what writes it.
type NewPart<'a> = (&'a str, &'a mut dyn FnMut(&mut dyn Write));

/// Copies the workbook `from` to `to`, with the parts named in `replaced` written anew and every other part copied as it is.
fn rewrite(from: &Path, to: &Path, replaced: &mut [NewPart]) {
    let mut source = zip::ZipArchive::new(std::fs::File::open(from).unwrap()).unwrap();
    let mut target = zip::ZipWriter::new(std::fs::File::create(to).unwrap());
    let fast = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .large_file(true);
    for i in 0..source.len() {
        let part = source.by_index_raw(i).unwrap();
        let name = part.name().unwrap().to_string();
        match replaced.iter_mut().find(|(n, _)| *n == name) {
            Some((_, write)) => {
                drop(part);
                target.start_file(name, fast).unwrap();
                write(&mut target);
            }
            None => target.raw_copy_file(part).unwrap(),
        }
    }
    target.finish().unwrap();
}

/// A part of a workbook as text.
fn part_of(file: &Path, name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(file).unwrap()).unwrap();
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

const CC_SHEET: &str = "xl/worksheets/sheet1.xml";

/// The 抄告单 sample workbook with its sheet's XML changed by `edit`.
fn cc_sample_with(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let from = sheets_dir().join("cc-problems.xlsx");
    let xml = edit(part_of(&from, CC_SHEET));
    let to = dir.join(name);
    rewrite(
        &from,
        &to,
        &mut [(CC_SHEET, &mut |w: &mut dyn Write| {
            w.write_all(xml.as_bytes()).unwrap()
        })],
    );
    to
}

fn assert_bounded(run: &Measured, what: &str) {
    eprintln!("{what}: peak {} MB", run.peak_kb / 1024);
    assert!(
        run.peak_kb < MEMORY_BOUND_KB,
        "{what}: {} MB at most",
        run.peak_kb / 1024
    );
}

#[test]
fn a_cell_at_xfd1048576_is_refused_by_name_without_allocating_the_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let file = cc_sample_with(dir.path(), "far.xlsx", |xml| {
        xml.replace(
            "</sheetData>",
            r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row></sheetData>"#,
        )
    });
    assert!(std::fs::metadata(&file).unwrap().len() < 10 << 20);
    let run = batch_from(&file, &dir.path().join("out"));
    assert_bounded(&run, "XFD1048576");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("单元格 XFD1048576 有内容，超出了读取范围（10000 行、200 列）"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("far.xlsx"), "names the workbook");
}

#[test]
fn a_merged_range_to_xfd20000_is_clipped_to_the_used_range() {
    let dir = tempfile::tempdir().unwrap();
    let file = cc_sample_with(dir.path(), "merged.xlsx", |xml| {
        xml.replace(
            "</sheetData>",
            r#"</sheetData><mergeCells count="1"><mergeCell ref="N1:XFD20000"/></mergeCells>"#,
        )
    });
    let out = dir.path().join("out");
    let run = batch_from(&file, &out);
    assert_bounded(&run, "N1:XFD20000");
    assert_eq!(
        run.code,
        Some(0),
        "read as without the range: {}",
        run.stderr
    );
    let plain = dir.path().join("plain");
    let original = batch_from(&sheets_dir().join("cc-problems.xlsx"), &plain);
    assert_eq!(original.code, Some(0));
    assert_eq!(
        manifest_of(&out)["ok"],
        manifest_of(&plain)["ok"],
        "the same documents"
    );
}

#[test]
fn a_zip_bomb_is_refused_from_its_central_directory() {
    let dir = tempfile::tempdir().unwrap();
    let from = sheets_dir().join("cc-problems.xlsx");
    let bomb = dir.path().join("bomb.xlsx");
    // 600 MB of one string in the shared strings, a few hundred kB packed.
    rewrite(
        &from,
        &bomb,
        &mut [(CC_SHEET, &mut |w: &mut dyn Write| {
            w.write_all(br#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>"#).unwrap();
            let chunk = vec![b'A'; 1 << 20];
            for _ in 0..600 {
                w.write_all(&chunk).unwrap();
            }
            w.write_all(b"</t></is></c></row></sheetData></worksheet>")
                .unwrap();
        })],
    );
    let size = std::fs::metadata(&bomb).unwrap().len();
    assert!(size < 10 << 20, "{size} bytes");
    let run = batch_from(&bomb, &dir.path().join("out"));
    assert_bounded(&run, "zip bomb");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("大得不合常理") || run.stderr.contains("超过了 256 MB 的上限"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_million_rows_in_the_problem_sheet_stop_at_the_row_limit() {
    let dir = tempfile::tempdir().unwrap();
    let from = samples_dir().join("round/register.xlsx");
    let workbook = part_of(&from, "xl/workbook.xml");
    let at = workbook
        .split("<sheet ")
        .skip(1)
        .position(|s| s.contains(r#"name="问题""#))
        .unwrap();
    let part = format!("xl/worksheets/sheet{}.xml", at + 1);
    let register = dir.path().join("register.xlsx");
    rewrite(
        &from,
        &register,
        &mut [(part.as_str(), &mut |w: &mut dyn Write| {
            let mut w = std::io::BufWriter::new(w);
            write!(w, r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">"#).unwrap();
            for (i, header) in ["问题编号", "被巡察单位", "方面", "问题标题", "问题描述"]
                .iter()
                .enumerate()
            {
                write!(
                    w,
                    r#"<c r="{}1" t="inlineStr"><is><t>{header}</t></is></c>"#,
                    (b'A' + i as u8) as char
                )
                .unwrap();
            }
            write!(w, "</row>").unwrap();
            for n in 2..=1_000_001 {
                write!(w, r#"<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>"#).unwrap();
            }
            write!(w, "</sheetData></worksheet>").unwrap();
        })],
    );
    let size = std::fs::metadata(&register).unwrap().len();
    assert!(size < 10 << 20, "{size} bytes");
    let run = measured(&[
        "round",
        path(&register),
        "-o",
        path(&dir.path().join("out")),
        "--quiet",
    ]);
    assert_bounded(&run, "1,000,000 rows");
    assert_ne!(run.code, Some(0));
    assert!(
        run.stderr
            .contains("工作表「问题」的单元格 A10001 有内容，超出了读取范围"),
        "{}",
        run.stderr
    );
}

/// A minimal BIFF8 `.xls` workbook: one sheet `name` whose cells are `labels` at (row,
/// column), declaring `rows` rows.
fn xls(name: &str, labels: &[(u16, u16, &str)], rows: u32) -> Vec<u8> {
    fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
    }
    fn unicode(text: &str, wide_count: bool) -> Vec<u8> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut out = Vec::new();
        if wide_count {
            out.extend_from_slice(&(units.len() as u16).to_le_bytes());
        } else {
            out.push(units.len() as u8);
        }
        out.push(1);
        for unit in units {
            out.extend_from_slice(&unit.to_le_bytes());
        }
        out
    }
    let bof = |kind: u16| {
        let mut data = vec![0u8; 16];
        data[..2].copy_from_slice(&0x0600u16.to_le_bytes());
        data[2..4].copy_from_slice(&kind.to_le_bytes());
        data
    };
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    let sheet_name = unicode(name, false);
    let bound_len = 4 + 6 + sheet_name.len() + 4;
    let mut bound = Vec::new();
    bound.extend_from_slice(&((globals.len() + bound_len) as u32).to_le_bytes());
    bound.extend_from_slice(&[0, 0]);
    bound.extend_from_slice(&sheet_name);
    record(&mut globals, 0x0085, &bound);
    record(&mut globals, 0x000A, &[]);
    let mut sheet = Vec::new();
    record(&mut sheet, 0x0809, &bof(0x0010));
    let mut dimensions = Vec::new();
    dimensions.extend_from_slice(&0u32.to_le_bytes());
    dimensions.extend_from_slice(&rows.to_le_bytes());
    dimensions.extend_from_slice(&0u16.to_le_bytes());
    dimensions.extend_from_slice(&8u16.to_le_bytes());
    dimensions.extend_from_slice(&0u16.to_le_bytes());
    record(&mut sheet, 0x0200, &dimensions);
    for &(row, column, text) in labels {
        let mut label = Vec::new();
        label.extend_from_slice(&row.to_le_bytes());
        label.extend_from_slice(&column.to_le_bytes());
        label.extend_from_slice(&0u16.to_le_bytes());
        label.extend_from_slice(&unicode(text, true));
        record(&mut sheet, 0x0204, &label);
    }
    record(&mut sheet, 0x000A, &[]);
    globals.extend_from_slice(&sheet);
    compound(&[("/Workbook", &globals)])
}

/// A compound (OLE) file with the given streams.
fn compound(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (name, bytes) in streams {
        file.create_stream(name).unwrap().write_all(bytes).unwrap();
    }
    file.flush().unwrap();
    file.into_inner().into_inner()
}

#[test]
fn an_xls_named_xlsx_is_read_for_what_it_is_and_a_hostile_one_refused() {
    let dir = tempfile::tempdir().unwrap();
    let labels: &[(u16, u16, &str)] = &[
        (0, 0, "抄告对象"),
        (0, 1, "问题描述"),
        (0, 2, "对象类型"),
        (0, 3, "反馈时限"),
        (0, 4, "被巡察单位"),
        (1, 0, "刘赟"),
        (1, 1, "耕地图斑17宗未整改到位。"),
        (1, 2, "分管领导"),
        (1, 3, "2024年10月31日"),
        (1, 4, "桥头镇人民政府"),
    ];
    let named_xlsx = dir.path().join("old.xlsx");
    std::fs::write(&named_xlsx, xls("问题", labels, 2)).unwrap();
    let out = dir.path().join("out");
    let run = batch_from(&named_xlsx, &out);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(manifest_of(&out)["ok"], 1);

    // calamine reserves room for the declared dimensions of an .xls sheet: checked first.
    let declared = dir.path().join("declared.xls");
    std::fs::write(&declared, xls("问题", labels, 4_000_000_000)).unwrap();
    let run = batch_from(&declared, &dir.path().join("out2"));
    assert_bounded(&run, "an .xls declaring 4e9 rows");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("工作表「问题」声明的范围有 4000000000 行、8 列，超出了读取范围"),
        "{}",
        run.stderr
    );
    let far = dir.path().join("far.xls");
    let mut cells = labels.to_vec();
    cells.push((60_000, 5, "x"));
    std::fs::write(&far, xls("问题", &cells, 2)).unwrap();
    let run = batch_from(&far, &dir.path().join("out3"));
    assert_bounded(&run, "an .xls with a cell at F60001");
    assert!(
        run.stderr.contains("工作表「问题」的单元格 F60001 有内容"),
        "{}",
        run.stderr
    );
}

#[test]
fn empty_encrypted_and_foreign_files_say_what_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.xlsx", Vec::new(), "文件是空的（0 字节）"),
        (
            "locked.xlsx",
            compound(&[
                ("/EncryptionInfo", b"\x04\x00"),
                ("/EncryptedPackage", b"0"),
            ]),
            "工作簿设有打开密码，无法读取",
        ),
        (
            "page.xls",
            b"<html><body><table><tr><td>1</td></tr></table></body></html>".to_vec(),
            "这不是 Excel 工作簿，而像是网页",
        ),
        (
            "notes.xlsx",
            "抄告对象,问题描述\n".as_bytes().to_vec(),
            "若是 CSV，请用 --from-csv",
        ),
    ];
    for (name, bytes, expected) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let run = batch_from(&file, &dir.path().join(format!("out-{name}")));
        assert_eq!(run.code, Some(2), "{name}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{name}: {}", run.stderr);
        assert!(!run.stderr.contains("EOCD"), "{name}: {}", run.stderr);
    }
}

#[test]
fn error_values_and_formulas_without_a_result_are_told_at_their_cells() {
    let dir = tempfile::tempdir().unwrap();
    let file = cc_sample_with(dir.path(), "errors.xlsx", |xml| {
        let mut xml = xml;
        for (cell, replacement) in [
            ("G2", r#"<c r="G2" t="e"><v>#REF!</v></c>"#),
            ("G3", r#"<c r="G3" t="e"><v>#DIV/0!</v></c>"#),
            ("G4", r#"<c r="G4" t="e"><v>#N/A</v></c>"#),
            ("G5", r#"<c r="G5"><f>CONCAT(X1,Y1)</f></c>"#),
        ] {
            let start = xml.find(&format!(r#"<c r="{cell}""#)).unwrap();
            let end = start + xml[start..].find("</c>").unwrap() + 4;
            xml.replace_range(start..end, replacement);
        }
        xml
    });
    let out = dir.path().join("out");
    let run = batch_from(&file, &out);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    for expected in [
        "第 2 行「问题描述」：单元格是错误值 #REF!（公式引用的单元格已被删除）",
        "第 3 行「问题描述」：单元格是错误值 #DIV/0!（公式除以零）",
        "第 4 行「问题描述」：单元格是错误值 #N/A（查找公式没有找到匹配的值）",
        "第 5 行「问题描述」：单元格中的公式没有计算结果",
    ] {
        assert!(manifest.contains(expected), "{expected}\n{manifest}");
    }
    assert!(!manifest.contains("为空"), "{manifest}");
}

#[test]
fn a_register_given_to_batch_is_pointed_to_round_without_a_word_on_its_guide_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let register = samples_dir().join("round/register.xlsx");
    let run = batch_from(&register, &dir.path().join("out"));
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("应使用 `xuncha round"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("填表说明"), "{}", run.stderr);
}

#[test]
fn a_ledger_over_the_list_limit_is_told_at_its_rows_not_the_shared_fields() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.csv");
    let mut text = String::from("被巡察单位,问题,整改状态\n");
    for n in 1..=501 {
        text.push_str(&format!("县财政局,问题{n},已完成\n"));
    }
    std::fs::write(&ledger, text).unwrap();
    let shared = sheets_dir().join("rectification-shared.json");
    let out = dir.path().join("out");
    let run = measured(&[
        "batch",
        "--from-csv",
        path(&ledger),
        "--shared",
        path(&shared),
        "-o",
        path(&out),
        "--quiet",
    ]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let manifest: Value = manifest_of(&out);
    let errors = manifest["documents"][0]["errors"].as_array().unwrap();
    let too_many = errors
        .iter()
        .find(|e| e["message"].as_str().unwrap().contains("条目过多"))
        .unwrap_or_else(|| panic!("{manifest:#}"));
    let message = too_many["message"].as_str().unwrap();
    assert!(
        message.starts_with("第 2–502 行：条目过多：501 项"),
        "{message}"
    );
    assert!(!message.contains("共用字段"), "{message}");
    assert!(
        run.stderr.contains("（第 2–502 行）"),
        "the record's rows as one run: {}",
        run.stderr
    );
}

/// An OpenDocument spreadsheet whose `content.xml` has `table` as its one sheet.
fn ods(table: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap().into_inner()
}

fn ods_row(cells: &[&str]) -> String {
    let cells: String = cells
        .iter()
        .map(|c| format!(r#"<table:table-cell office:value-type="string"><text:p>{c}</text:p></table:table-cell>"#))
        .collect();
    format!("<table:table-row>{cells}</table:table-row>")
}

#[test]
fn an_ods_is_read_and_one_whose_repeated_cells_pass_the_limits_refused() {
    let dir = tempfile::tempdir().unwrap();
    let header = ods_row(&["抄告对象", "问题描述", "对象类型", "反馈时限", "被巡察单位"]);
    let row = ods_row(&[
        "刘赟",
        "耕地图斑17宗未整改到位。",
        "分管领导",
        "2024年10月31日",
        "桥头镇人民政府",
    ]);
    // LibreOffice ends every sheet with a million empty rows: nothing to refuse.
    let trailing = r#"<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let fine = dir.path().join("fine.ods");
    std::fs::write(
        &fine,
        ods(&format!(
            r#"<table:table table:name="问题">{header}{row}{trailing}</table:table>"#
        )),
    )
    .unwrap();
    let out = dir.path().join("out");
    let run = batch_from(&fine, &out);
    assert_bounded(&run, "an .ods with a million empty rows");
    assert_eq!(run.code, Some(0), "{}", run.stderr);

    let repeated = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#;
    let hostile = dir.path().join("hostile.ods");
    std::fs::write(
        &hostile,
        ods(&format!(
            r#"<table:table table:name="问题">{header}{row}{repeated}</table:table>"#
        )),
    )
    .unwrap();
    let run = batch_from(&hostile, &dir.path().join("out2"));
    assert_bounded(&run, "an .ods repeating a cell 1e6 × 16384 times");
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "工作表「问题」第 3 行起第 1 列起的单元格（重复 1000000 行、16384 列）有内容"
        ),
        "{}",
        run.stderr
    );
}
