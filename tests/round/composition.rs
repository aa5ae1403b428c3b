//! Issue 22 read off the documents of the two registers written unlike the sample
//! (`samples/round/villages.xlsx`, a 乡镇 round of 8 村（社区）; `samples/round/city.xlsx`, a 市直
//! round of 12 units of every kind of Party organisation), by the text poppler's `pdftotext`
//! finds in each PDF: the 建议书 grouped by problem, the 抄告单's columns and names, departments
//! named as offices name them, numbered copies of the secret lists, the 追责问责 and 点人点事
//! lists, the by-unit layout, and a bad cell failing only what needs it.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::*;

/// A round made once for every test that reads it.
struct Made {
    dir: PathBuf,
    manifest: Value,
}

impl Made {
    /// The documents' and workbooks' relative paths, in the manifest's order.
    fn outputs(&self) -> Vec<String> {
        self.manifest["documents"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|d| d["output"].as_str().map(str::to_string))
            .collect()
    }

    /// The one document whose file name contains `part`.
    fn only(&self, part: &str) -> String {
        let found: Vec<String> = self
            .outputs()
            .into_iter()
            .filter(|o| o.contains(part))
            .collect();
        assert_eq!(found.len(), 1, "{part}: {found:?}");
        found[0].clone()
    }

    /// The text of the document whose file name contains `part`.
    fn text(&self, part: &str) -> String {
        pdf_text(&self.dir.join(self.only(part)))
    }

    /// Every document whose file name contains `part`, with its text.
    fn texts(&self, part: &str) -> Vec<(String, String)> {
        self.outputs()
            .into_iter()
            .filter(|o| o.contains(part))
            .map(|o| {
                let text = pdf_text(&self.dir.join(&o));
                (o, text)
            })
            .collect()
    }

    /// The messages of the manifest's `notes` (or `rejected`) at a sheet's column, by row.
    fn told(&self, key: &str, sheet: &str, header: &str) -> Vec<(u64, String)> {
        self.manifest[key]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["cell"]["sheet"] == sheet && e["cell"]["header"] == header)
            .map(|e| {
                (
                    e["cell"]["row"].as_u64().unwrap(),
                    e["message"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Runs `round` on `register` into a fresh folder of the tests' scratch directory.
fn make(register: &Path, name: &str, extra: &[&str]) -> Made {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("round-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut args = vec![path(register), "-o", path(&dir), "--quiet"];
    args.extend_from_slice(extra);
    let out = round(&args);
    assert!(out.status.success(), "{}", stderr(&out));
    let manifest = manifest_of(&dir);
    Made { dir, manifest }
}

fn villages() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(|| make(&villages_register(), "villages", &[]))
}

fn city() -> &'static Made {
    static MADE: OnceLock<Made> = OnceLock::new();
    MADE.get_or_init(|| make(&city_register(), "city", &[]))
}

/// A PDF's text in the order it is drawn (a table row by row), without white space (lines wrap anywhere in Chinese)
/// and without the page numbers (—1—).
fn pdf_text(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-nopgbrk", "-raw"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) runs");
    assert!(out.status.success(), "{}", pdf.display());
    let text: String = String::from_utf8(out.stdout)
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut plain = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find('—') {
        plain.push_str(&rest[..at]);
        let after = &rest[at + '—'.len_utf8()..];
        let digits = after.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && after[digits..].starts_with('—') {
            rest = &after[digits + '—'.len_utf8()..];
        } else {
            plain.push('—');
            rest = after;
        }
    }
    plain.push_str(rest);
    plain
}

/// Each line of a PDF with the left edge of its first word.
fn pdf_lines(pdf: &Path) -> Vec<(String, f64)> {
    let out = Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-bbox-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8(out.stdout).unwrap();
    html.split("<line xMin=\"")
        .skip(1)
        .map(|line| {
            let x: f64 = line[..line.find('"').unwrap()].parse().unwrap();
            let body = &line[..line.find("</line>").unwrap()];
            let text = body
                .split("<word ")
                .skip(1)
                .map(|w| &w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()])
                .collect::<String>();
            (text, x)
        })
        .collect()
}

/// How far the paragraph that begins with `start` stands in: its first line's left edge less
/// its second line's (each page has its own margins, so a line on its own page measures it).
fn indent(lines: &[(String, f64)], start: &str) -> f64 {
    let at = lines
        .iter()
        .position(|(text, _)| text.starts_with(start))
        .unwrap_or_else(|| panic!("no line begins “{start}”: {lines:?}"));
    lines[at].1 - lines[at + 1].1
}

/// A file name without its order number: what tells two documents apart to a clerk.
fn unnumbered(output: &str) -> &str {
    let name = output.rsplit('/').next().unwrap();
    name.split_once('-')
        .filter(|(n, _)| n.chars().all(|c| c.is_ascii_digit()))
        .map_or(name, |(_, rest)| rest)
}

#[test]
fn a_common_problem_has_one_heading_that_names_its_units_and_the_counts_are_right() {
    let city = city();
    let letter = city.text("建议书（市财政局）");
    assert_eq!(
        letter.matches("公务接待和差旅费报销不规范").count(),
        1,
        "{letter}"
    );
    assert!(
        letter.contains("对12个单位开展了巡察") && letter.contains("涉及6个单位"),
        "{letter}"
    );
    assert!(
        letter.contains("市卫健委、城投集团、市水务局等6个单位存在此问题"),
        "{letter}"
    );
    // Each unit's case, under the one heading, by its short name.
    for unit in ["市卫健委：", "城投集团：", "市人民医院：", "市一中："] {
        assert!(letter.contains(unit), "{unit} in {letter}");
    }
    // Every 建议书 counts the units inspected, not those with the problem.
    for (made, inspected) in [(city, 12), (villages(), 8)] {
        for (name, text) in made.texts("建议书") {
            assert!(
                text.contains(&format!("对{inspected}个单位开展了巡察")),
                "{name}: {text}"
            );
        }
    }
    let party = villages().text("建议书（县委组织部）");
    assert!(
        party.contains("（一）“三会一课”落实不到位石门镇桃源村和青山乡上坪村存在此问题。"),
        "{party}"
    );
    // A problem found in one unit names it before its case, with no “存在此问题”.
    assert!(
        party.contains("（二）党员教育管理不严青山乡竹园村："),
        "{party}"
    );
    // A single 对策 under its heading is not numbered.
    assert!(party.contains("压实抓党建责任将村级组织生活"), "{party}");
    assert!(!party.contains("1.将村级"), "{party}");
}

#[test]
fn cause_paragraphs_are_indented_like_every_paragraph() {
    let made = city();
    let lines = pdf_lines(&made.dir.join(made.only("建议书（市财政局）")));
    let first = indent(&lines, "十二届市委第三轮巡察对");
    assert!(close(first, 2.0 * 15.8, 1.0), "two characters: {first}");
    for cause in ["部分单位对中央八项规定", "市教育局：2023年"] {
        let at = indent(&lines, cause);
        assert!(
            close(at, first, 0.5),
            "{cause} at {at} and the first paragraph at {first}"
        );
    }
}

#[test]
fn a_notice_prints_each_problem_s_heading_and_action_and_no_empty_column() {
    let made = villages();
    let text = made.text("抄告单（石门镇-周建军）");
    assert!(
        text.contains(
            "惠农补贴发放不规范2023年耕地地力保护补贴发放中，有6户已流转土地的农户仍按原面积领取补贴，涉及金额3860元。建议：全面核查补贴发放面积，追回多发资金。"
        ),
        "{text}"
    );
    // The 镇 of a 镇 leader over several 村 is named.
    assert!(
        text.contains("抄告对象石门镇党委委员、副镇长周建军同志"),
        "{text}"
    );
    // Nothing in any row's 类别: the column is left out; a leader over three 村 keeps 单位.
    assert!(text.contains("序号单位问题"), "{text}");
    assert!(!text.contains("类别"), "{text}");
    // A department of one unit with one problem: no 单位 or 类别 column, no 序号 (the unit every
    // row shares is printed once above the table).
    let one_unit = city().text("抄告单（市卫健委办公室）");
    assert!(
        one_unit.contains("抄告事项单位：市卫健委学习贯彻习近平总书记重要讲话精神不深入"),
        "{one_unit}"
    );
    assert!(
        !one_unit.contains("类别") && !one_unit.contains("序号"),
        "{one_unit}"
    );
}

#[test]
fn no_two_notices_share_a_name_but_for_their_number() {
    for made in [villages(), city()] {
        let notices: Vec<String> = made
            .outputs()
            .into_iter()
            .filter(|o| o.contains("抄告单"))
            .collect();
        let names: BTreeSet<&str> = notices.iter().map(|o| unnumbered(o)).collect();
        assert_eq!(names.len(), notices.len(), "{notices:?}");
    }
    // One leader over two units: two files, each with its unit.
    let city = city();
    for unit in ["市卫健委", "市人民医院"] {
        let name = city.only(&format!("抄告单（{unit}-李卫东）"));
        let text = city.text(&name);
        let full = if unit == "市卫健委" {
            "中共临江市卫生健康委员会党组"
        } else {
            "中共临江市人民医院委员会"
        };
        assert!(text.contains(&format!("被巡察单位{full}")), "{text}");
    }
}

#[test]
fn departments_are_named_with_their_unit_for_every_kind_of_party_organisation() {
    let made = city();
    // Each as its office signs: the body the Party organisation leads, then the department.
    for (file, named) in [
        (
            "抄告单（市卫健委规划财务科）",
            "临江市卫生健康委员会规划财务科",
        ), // 党组
        (
            "抄告单（城投集团财务部）",
            "临江市城市建设投资集团有限公司财务部",
        ), // 委员会
        ("抄告单（江滨街道党政办）", "临江市江滨街道党政办"), // 工作委员会, 党工委
        (
            "抄告单（市交通运输局财务审计科）",
            "临江市交通运输局财务审计科",
        ), // 党组（党委）
        ("抄告单（市档案馆技术科）", "临江市档案馆技术科"),   // 总支部委员会
        (
            "抄告单（市公积金中心归集提取科）",
            "临江市住房公积金管理中心归集提取科",
        ), // 支部委员会
        ("抄告单（市一中教务处）", "临江市第一中学教务处"),   // a school's 委员会
        (
            "抄告单（市文广旅局机关党委）",
            "临江市文化广电旅游局机关党委",
        ), // a department so named
        ("抄告单（市财政局）", "临江市财政局"),               // another body, not the unit's
    ] {
        let text = made.text(file);
        assert!(text.contains(&format!("抄告对象{named}")), "{file}: {text}");
    }
    for (name, text) in made.texts("抄告单") {
        let to = &text[text.find("抄告对象").unwrap()..text.find("被巡察单位").unwrap()];
        for wrong in ["中共", "工作党政", "街道工作", "委员会教务", "党组财务"] {
            assert!(!to.contains(wrong), "{name}: {wrong} in {to}");
        }
    }
    // A department written two ways in one unit is one 抄告单, and told at both cells.
    assert_eq!(
        made.texts("规划财务科")
            .iter()
            .filter(|(name, _)| name.contains("市卫健委"))
            .count(),
        1
    );
    let told = made.told("notes", "问题", "主责部门");
    for row in [3, 4, 5] {
        assert!(
            told.iter()
                .any(|(r, m)| *r == row && m.contains("同一部门的两种写法")),
            "row {row}: {told:?}"
        );
    }
}

#[test]
fn a_village_s_departments_and_leaders_are_its_town_s() {
    let made = villages();
    let text = made.text("抄告单（石门镇财政所）");
    assert!(text.contains("抄告对象青溪县石门镇财政所"), "{text}");
    for (name, text) in made.texts("") {
        for wrong in ["村镇", "村支部镇", "支部委员会镇", "社区镇"] {
            assert!(!text.contains(wrong), "{name}: {wrong} in {text}");
        }
    }
    // One 抄告单 per 镇 department, however many 村 it covers.
    let units: Vec<&str> = vec!["石门镇桃源村", "石门镇杏林村", "石门镇柳溪村"];
    for unit in units {
        assert!(text.contains(unit), "{unit} in {text}");
    }
}

#[test]
fn secret_lists_are_numbered_copies_recorded_in_the_manifest_and_a_workbook() {
    // 密件份数 4 in the 乡镇 round; blank (5) in the 市直 round.
    for (made, copies, kinds) in [
        (
            villages(),
            4,
            &["问题线索清单", "追责问责清单", "点人点事清单"][..],
        ),
        (city(), 5, &["点人点事清单"][..]),
    ] {
        for kind in kinds {
            let texts = made.texts(kind);
            assert_eq!(texts.len(), copies, "{kind}");
            for (n, (name, text)) in texts.iter().enumerate() {
                let number = format!("{:06}", n + 1);
                assert!(name.contains(&format!("份号{number}")), "{name}");
                assert!(text.starts_with(&format!("{number}机密")), "{name}: {text}");
            }
        }
        let recorded = made.manifest["copies"].as_array().unwrap();
        assert_eq!(recorded.len(), copies * kinds.len());
        for copy in recorded {
            let output = copy["output"].as_str().unwrap();
            assert!(output.contains(copy["copy_no"].as_str().unwrap()), "{copy}");
            assert!(!copy["recipient"].as_str().unwrap().is_empty(), "{copy}");
        }
        let register = sheet_rows(&made.dir.join("涉密清单分发登记.xlsx"), "分发登记");
        let listed = register
            .iter()
            .filter(|r| r.iter().any(|c| c.len() == 6 && c.starts_with("0000")))
            .count();
        assert_eq!(listed, recorded.len(), "{register:?}");
    }
}

#[test]
fn the_accountability_and_persons_lists_go_to_their_departments() {
    let made = villages();
    let accountability = made.text("追责问责清单（份号000001）");
    assert!(
        accountability.starts_with(
            "000001机密十四届县委第五轮巡察追责问责清单青溪县纪委监委、中共青溪县委组织部："
        ),
        "{accountability}"
    );
    assert!(
        accountability.contains("序号编号姓名所在单位职务问题处理建议"),
        "{accountability}"
    );
    // The unit pasted with a line break is joined, and told.
    assert!(
        accountability.contains("ZZ02孙某石门镇杏林村村党总支书记"),
        "{accountability}"
    );
    assert_eq!(made.told("notes", "追责问责", "所在单位").len(), 1);
    let persons = made.text("点人点事清单（份号000001）");
    assert!(
        persons.contains("点人点事清单中共青溪县委组织部："),
        "{persons}"
    );
    assert!(
        persons.contains("DR01何某石门镇柳溪村村党支部书记与村委会主任长期不团结，影响班子运转。由镇党委开展提醒谈话"),
        "{persons}"
    );
    for workbook in ["追责问责清单.xlsx", "点人点事清单.xlsx"] {
        assert!(made.dir.join(workbook).is_file(), "{workbook}");
    }
}

#[test]
fn the_common_list_gives_each_problem_its_own_requirement_and_the_units_short() {
    let text = villages().text("共性问题清单");
    assert!(
        text.contains("各被巡察党组织、中共青溪县委农村工作领导小组办公室、青溪县农业农村局、中共青溪县委组织部："),
        "{text}"
    );
    assert!(
        text.contains("惠农补贴发放不规范石门镇桃源村、石门镇杏林村、石门镇柳溪村、青山乡下坪村建立惠农补贴发放“一卡通”"),
        "{text}"
    );
    assert!(
        text.contains("党员教育管理不严青山乡竹园村开展党员信息排查"),
        "{text}"
    );
    assert!(!text.contains("中共青溪县石门镇"), "{text}");
}

#[test]
fn a_late_immediate_fix_and_a_blank_department_lose_nothing() {
    let made = villages();
    assert_eq!(made.manifest["failed"], 0);
    assert!(made.manifest["rejected"].as_array().unwrap().is_empty());
    // TY-04: 立行立改 with a 整改时限 before the notice's date, and no 主责部门.
    let files: Vec<&str> = made.manifest["problems"]["TY-04"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    for part in [
        "反馈意见（石门镇桃源村）",
        "立行立改通知书（石门镇桃源村）",
        "问题清单（石门镇桃源村）.pdf",
        "问题清单（石门镇桃源村）.xlsx",
        "整改台账（石门镇桃源村）",
    ] {
        assert!(files.iter().any(|f| f.contains(part)), "{part}: {files:?}");
    }
    assert!(
        made.told("notes", "问题", "整改时限")
            .iter()
            .any(|(row, m)| *row == 5 && m.contains("早于")),
        "{:#}",
        made.manifest["notes"]
    );
    // Every workbook was written, and every common problem is in the 共性问题清单 workbook.
    for workbook in made.manifest["workbooks"].as_array().unwrap() {
        assert_eq!(workbook["status"], "ok", "{workbook}");
    }
    for id in ["TY-01", "TY-02", "XL-02", "LX-01"] {
        let files = made.manifest["problems"][id].to_string();
        assert!(files.contains("共性问题清单.xlsx"), "{id}: {files}");
    }
}

#[test]
fn cells_written_loosely_are_read_as_meant_and_told() {
    let made = villages();
    // A full-width 问题编号.
    assert!(made.manifest["problems"].get("SM-07").is_some());
    assert!(
        made.told("notes", "问题", "问题编号")
            .iter()
            .any(|(row, m)| *row == 9 && m.contains("SM-07")),
    );
    // A unit written with another Party-organisation word.
    assert!(
        made.told("notes", "问题", "被巡察单位")
            .iter()
            .any(|(row, m)| *row == 10 && m.contains("中共青溪县石门镇柳溪村支部委员会")),
    );
    // “村（社区）巡察” and “‘三个聚焦’” in 轮次, numbered headings in 问题标题: no error.
    let feedback = made.text("反馈意见（石门镇桃源村）");
    assert!(
        feedback.contains("三个聚焦") || feedback.contains("聚焦"),
        "{feedback}"
    );
    assert!(!feedback.contains("（一）（一）"), "{feedback}");
}

#[test]
fn a_by_unit_layout_gives_each_unit_its_folder() {
    let made = make(
        &villages_register(),
        "villages-by-unit",
        &["--layout", "by-unit"],
    );
    let outputs = made.outputs();
    for output in &outputs {
        assert!(!output.starts_with('/'), "{output}");
        assert!(made.dir.join(output).is_file(), "{output}");
    }
    let folder = made.dir.join("01-石门镇桃源村");
    let names: BTreeSet<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    for part in [
        "反馈意见",
        "立行立改通知书",
        "问题清单（石门镇桃源村）.pdf",
        "问题清单（石门镇桃源村）.xlsx",
        "整改台账",
    ] {
        assert!(names.iter().any(|n| n.contains(part)), "{part}: {names:?}");
    }
    // The 建议书, the round's lists and the 抄告单 covering several units have their folders.
    for (folder, part) in [
        ("建议书", "建议书（县委组织部）"),
        ("本轮清单", "共性问题清单"),
        ("本轮清单", "追责问责清单（份号000001）"),
        ("抄告单（涉及多个单位）", "抄告单（石门镇-周建军）"),
    ] {
        assert!(
            outputs
                .iter()
                .any(|o| o.starts_with(&format!("{folder}/")) && o.contains(part)),
            "{folder}/{part}: {outputs:?}"
        );
    }
    for workbook in made.manifest["workbooks"].as_array().unwrap() {
        let output = workbook["output"].as_str().unwrap();
        assert!(made.dir.join(output).is_file(), "{output}");
    }
    // A 抄告单 of one unit's department is in that unit's folder.
    let city = make(&city_register(), "city-by-unit", &["--layout", "by-unit"]);
    assert!(
        city.outputs()
            .iter()
            .any(|o| o.starts_with("01-市卫健委/") && o.contains("抄告单（市卫健委办公室）")),
        "{:?}",
        city.outputs()
    );
}

/// The 乡镇 register with `edit` applied to its sheets, written to a scratch workbook.
fn edited_villages(name: &str, edit: impl FnOnce(&mut Vec<registers::Sheet>)) -> PathBuf {
    let mut sheets = registers::villages();
    edit(&mut sheets);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}.xlsx"));
    registers::write(&path, &sheets);
    path
}

fn sheet_mut<'a>(sheets: &'a mut [registers::Sheet], name: &str) -> &'a mut Vec<Vec<String>> {
    &mut sheets.iter_mut().find(|s| s.name == name).unwrap().rows
}

#[test]
fn a_bad_round_cell_is_told_once_with_the_allowed_values() {
    let register = edited_villages("villages-bad-type", |sheets| {
        let round = sheet_mut(sheets, "轮次");
        let at = column(round, "巡察类型");
        round[1][at] = "片区协作巡察".into();
    });
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("round-villages-bad-type");
    let _ = std::fs::remove_dir_all(&dir);
    let out = round(&[path(&register), "-o", path(&dir), "--quiet"]);
    let said = stderr(&out);
    assert_eq!(said.matches("片区协作巡察").count(), 1, "{said}");
    let manifest = manifest_of(&dir);
    let all = manifest.to_string();
    assert_eq!(all.matches("片区协作巡察").count(), 1, "{manifest:#}");
    let told: Vec<&Value> = manifest["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .chain(manifest["notes"].as_array().unwrap())
        .filter(|e| e["cell"]["sheet"] == "轮次" && e["cell"]["header"] == "巡察类型")
        .collect();
    assert_eq!(told.len(), 1, "{manifest:#}");
    let message = told[0]["message"].as_str().unwrap();
    assert!(message.contains("对村（社区）巡察"), "{message}");
    assert_eq!(told[0]["cell"]["row"], 2);
    // Only what needs the cell fails: here nothing does.
    assert_eq!(manifest["failed"], 0, "{manifest:#}");
}

#[test]
fn a_bad_unit_cell_fails_only_the_documents_that_need_it_and_says_why() {
    let register = edited_villages("villages-bad-date", |sheets| {
        let units = sheet_mut(sheets, "单位");
        let at = column(units, "反馈日期");
        units[1][at] = "十月中旬".into();
    });
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("round-villages-bad-date");
    let _ = std::fs::remove_dir_all(&dir);
    let out = round(&[path(&register), "-o", path(&dir), "--quiet"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let manifest = manifest_of(&dir);
    let failed: Vec<&Value> = manifest["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["status"] != "ok")
        .collect();
    assert_eq!(failed.len(), 1, "{manifest:#}");
    assert_eq!(failed[0]["output"], Value::Null);
    let why = failed[0].to_string();
    assert!(
        why.contains("反馈日期") && why.contains("十月中旬"),
        "{why}"
    );
    // The unit's other documents and workbooks are all made.
    let files: Vec<String> = walk(&dir);
    for part in [
        "立行立改通知书（石门镇桃源村）",
        "问题清单（石门镇桃源村）.pdf",
        "问题清单（石门镇桃源村）.xlsx",
        "整改台账（石门镇桃源村）.xlsx",
    ] {
        assert!(files.iter().any(|f| f.contains(part)), "{part}: {files:?}");
    }
    assert!(!files.iter().any(|f| f.contains("反馈意见（石门镇桃源村）")));
}

/// Every file under `dir`, as a path relative to it.
fn walk(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type().unwrap().is_dir() {
            files.extend(
                walk(&entry.path())
                    .into_iter()
                    .map(|f| format!("{name}/{f}")),
            );
        } else {
            files.push(name);
        }
    }
    files
}

#[test]
fn a_unit_typed_with_a_wrong_character_gets_the_closest_suggested() {
    let mut sheets = registers::city();
    let problems = sheet_mut(&mut sheets, "问题");
    let at = column(problems, "被巡察单位");
    let row = problems
        .iter()
        .position(|r| r[at] == "中共临江市人民医院委员会")
        .unwrap();
    problems[row][at] = "中共临江市人民医员委员会".into();
    let register = Path::new(env!("CARGO_TARGET_TMPDIR")).join("city-typo.xlsx");
    registers::write(&register, &sheets);
    let planned = plan(
        &read_register(&register, &Default::default()).unwrap(),
        "city-typo.xlsx",
    )
    .unwrap();
    let told: Vec<String> = planned.rejected.iter().map(|e| e.message.clone()).collect();
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].contains(&format!("第 {} 行", row + 1))
            && told[0].contains("是否应为“中共临江市人民医院委员会”"),
        "{told:?}"
    );
}

#[test]
fn a_common_problem_of_many_units_names_ten_counts_all_and_attaches_the_rest() {
    let mut sheets = registers::city();
    let units = sheet_mut(&mut sheets, "单位");
    let template = units[1].clone();
    let name_at = column(units, "被巡察单位");
    let short_at = column(units, "简称");
    for n in 1..=60 {
        let mut unit = template.clone();
        unit[name_at] = format!("中共临江市第{n}测试中心支部委员会");
        unit[short_at] = format!("测试{n}中心");
        units.push(unit);
    }
    let problems = sheet_mut(&mut sheets, "问题");
    let (id, unit, common, area, heading, dept, leader) = (
        column(problems, "问题编号"),
        column(problems, "被巡察单位"),
        column(problems, "是否共性问题"),
        column(problems, "领域"),
        column(problems, "共性问题标题"),
        column(problems, "主责部门"),
        column(problems, "分管领导"),
    );
    let model = problems
        .iter()
        .find(|r| r[common] == "是" && r[area] == "财务管理")
        .unwrap()
        .clone();
    for n in 1..=60 {
        let mut row = model.clone();
        row[id] = format!("T{n:02}");
        row[unit] = format!("中共临江市第{n}测试中心支部委员会");
        row[dept] = String::new();
        row[leader] = String::new();
        problems.push(row);
    }
    let register = Path::new(env!("CARGO_TARGET_TMPDIR")).join("city-many.xlsx");
    registers::write(&register, &sheets);
    let planned = plan(
        &read_register(&register, &Default::default()).unwrap(),
        "city-many.xlsx",
    )
    .unwrap();
    let common_list = planned
        .documents
        .iter()
        .find(|p| p.stem == "共性问题清单")
        .expect("the 共性问题清单 is planned");
    let input = common_list.record.input.as_ref().expect("it is built");
    let rendered = engine()
        .render_pdf(input)
        .expect("a 共性 problem of 66 units does not fail the list");
    let pdf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("city-many-common.pdf");
    std::fs::write(&pdf, &rendered.bytes).unwrap();
    let text = pdf_text(&pdf);
    let named = model[heading].clone();
    let named = if named.is_empty() {
        "公务接待和差旅费报销不规范".to_string()
    } else {
        named
    };
    assert!(text.contains(&named), "{text}");
    assert!(text.contains("等66个单位"), "{text}");
    for n in [1, 30, 60] {
        assert!(text.contains(&format!("测试{n}中心")), "{n}: {text}");
    }
}

/// The drop-down lists of a register workbook's sheet, by the header of their column.
fn drop_downs(register: &Path, sheet: &str) -> BTreeMap<String, String> {
    let files = unzip(register);
    let book = String::from_utf8(files["xl/workbook.xml"].clone()).unwrap();
    let index = book
        .split("<sheet ")
        .skip(1)
        .position(|s| s.contains(&format!("name=\"{sheet}\"")))
        .unwrap();
    let xml =
        String::from_utf8(files[&format!("xl/worksheets/sheet{}.xml", index + 1)].clone()).unwrap();
    let headers = sheet_rows(register, sheet).swap_remove(0);
    xml.split("sqref=\"")
        .skip(1)
        .filter_map(|v| {
            let column = v.chars().next()? as usize - 'A' as usize;
            let list = v.split("<formula1>").nth(1)?.split("</formula1>").next()?;
            Some((
                headers[column].trim_end_matches('*').to_string(),
                list.to_string(),
            ))
        })
        .collect()
}

#[test]
fn the_template_offers_drop_downs_and_the_lists_keep_dates_as_dates() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("登记表.xlsx");
    let out = round(&["--template", path(&template)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let round_lists = drop_downs(&template, "轮次");
    assert!(
        round_lists["问题框架"].contains("三个聚焦"),
        "{round_lists:?}"
    );
    assert!(
        round_lists["巡察类型"].contains("对村（社区）巡察"),
        "{round_lists:?}"
    );
    let problem_lists = drop_downs(&template, "问题");
    for header in ["是否共性问题", "是否立行立改"] {
        assert_eq!(problem_lists[header], "\"是,否\"", "{problem_lists:?}");
    }
    assert!(
        problem_lists["方面"].starts_with("\"1,2,3"),
        "{problem_lists:?}"
    );

    // A list workbook's 整改时限 are Excel dates, not text.
    let made = villages();
    let mut workbook = open_workbook_auto(made.dir.join("问题清单（石门镇桃源村）.xlsx")).unwrap();
    let name = workbook.sheet_names()[0].clone();
    let range = workbook.worksheet_range(&name).unwrap();
    let header_row = range
        .rows()
        .position(|r| r.iter().any(|c| *c == "整改时限"))
        .expect("a 整改时限 column");
    let at = range
        .rows()
        .nth(header_row)
        .unwrap()
        .iter()
        .position(|c| *c == "整改时限")
        .unwrap();
    let dates: Vec<&Data> = range
        .rows()
        .skip(header_row + 1)
        .map(|r| &r[at])
        .filter(|c| !matches!(c, Data::Empty))
        .collect();
    assert_eq!(dates.len(), 4, "{dates:?}");
    for date in dates {
        assert!(matches!(date, Data::DateTime(_)), "{date:?}");
    }
}

#[test]
fn a_notice_s_word_draft_prints_each_problem_s_heading_as_its_pdf_does() {
    let register = read_register(&villages_register(), &Default::default()).unwrap();
    let planned = plan(&register, "villages.xlsx").unwrap();
    let notice = planned
        .documents
        .iter()
        .find(|p| p.stem == "抄告单（石门镇-周建军）")
        .expect("the 抄告单 to 周建军 is planned");
    let draft = engine()
        .draft(notice.record.input.as_ref().unwrap())
        .unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(draft.bytes)).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let text: String = xml
        .split("<w:t")
        .skip(1)
        .filter_map(|t| Some(&t[t.find('>')? + 1..t.find("</w:t>")?]))
        .collect();
    assert!(
        text.contains("惠农补贴发放不规范2023年耕地地力保护补贴发放中"),
        "{text}"
    );
    assert!(
        text.contains("村级财务白条入账抽查2023年村级账目"),
        "{text}"
    );
}
