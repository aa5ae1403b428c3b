//! Bad inputs: every problem is reported at once, at the right JSON path, in words a clerk
//! can act on.

mod common;

use common::*;
use serde_json::{Value, json};
use xuncha::RenderError;

/// Sets the value at a JSON Pointer, creating objects on the way; `None` removes the key.
fn set(doc: &mut Value, pointer: &str, value: Option<Value>) {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let mut target = doc;
    for part in parent.split('/').skip(1) {
        target = match target {
            Value::Array(items) => &mut items[part.parse::<usize>().unwrap()],
            other => other
                .as_object_mut()
                .unwrap()
                .entry(part.to_string())
                .or_insert_with(|| json!({})),
        };
    }
    match (target, value) {
        (Value::Array(items), Some(v)) => items[key.parse::<usize>().unwrap()] = v,
        (Value::Object(map), Some(v)) => {
            map.insert(key.to_string(), v);
        }
        (Value::Object(map), None) => {
            map.remove(key);
        }
        (other, _) => panic!("cannot set {pointer} in {other}"),
    }
}

fn errors_of(doc: &Value) -> Vec<(String, String)> {
    match engine().validate(doc) {
        Ok(_) => Vec::new(),
        Err(RenderError::Invalid(problems)) => {
            problems.into_iter().map(|p| (p.path, p.message)).collect()
        }
        Err(other) => panic!("unexpected error {other}"),
    }
}

/// (what is changed, new value or removal, expected path, fragment of the message)
type Case = (&'static str, Option<Value>, &'static str, &'static str);

fn cases() -> Vec<Case> {
    vec![
        ("/title", None, "/title", "缺少必填字段"),
        (
            "/title",
            Some(json!("关于巡察的报告")),
            "/title",
            "反馈意见",
        ),
        ("/title", Some(json!(42)), "/title", "应为字符串"),
        (
            "/doc_number",
            Some(json!("云巡办[2024]27号")),
            "/doc_number",
            "发文字号",
        ),
        (
            "/doc_number",
            Some(json!("云巡办〔2024〕第27号")),
            "/doc_number",
            "发文字号",
        ),
        (
            "/doc_number",
            Some(json!("云巡办〔2024〕027号")),
            "/doc_number",
            "发文字号",
        ),
        ("/addressee", Some(json!([])), "/addressee", "至少应有 1 项"),
        (
            "/addressee",
            Some(json!(["　 "])),
            "/addressee/0",
            "首尾不能有空白",
        ),
        (
            "/signature/date",
            Some(json!("10/30/2024")),
            "/signature/date",
            "YYYY-MM-DD",
        ),
        (
            "/signature/date",
            Some(json!("2024-02-30")),
            "/signature/date",
            "不是真实存在的日期",
        ),
        (
            "/signature/seal",
            Some(json!("stamp")),
            "/signature/seal",
            "可选值",
        ),
        (
            "/signature/seal_image_ref",
            Some(json!("../../etc/passwd.png")),
            "/signature/seal_image_ref",
            "不能含路径",
        ),
        (
            "/period/end",
            Some(json!("2024-08-01")),
            "/period/end",
            "早于开始日期",
        ),
        (
            "/rectification/report_deadline",
            Some(json!("2024-10-01")),
            "/rectification/report_deadline",
            "早于成文日期",
        ),
        (
            "/framework",
            Some(json!("five_aspects")),
            "/framework",
            "可选值",
        ),
        (
            "/layout",
            Some(json!("form")),
            "/layout",
            "可选值：standard、letter、plain",
        ),
        (
            "/problem_groups/0/heading",
            Some(json!("一、档案安全管理方面")),
            "/problem_groups/0/heading",
            "不要自带序号",
        ),
        (
            "/problem_groups/0/problems/0/description",
            Some(json!("太短")),
            "/problem_groups/0/problems/0/description",
            "至少 10 个字符",
        ),
        (
            "/problem_groups/0/problems/0/id",
            Some(json!("A 1")),
            "/problem_groups/0/problems/0/id",
            "编号只能",
        ),
        (
            "/problem_groups/0/problems/0/colour",
            Some(json!("red")),
            "/problem_groups/0/problems/0/colour",
            "未知字段",
        ),
        (
            "/problem_groups/0/problems/0/immediate_fix",
            Some(json!("yes")),
            "/problem_groups/0/problems/0/immediate_fix",
            "布尔值",
        ),
        (
            "/problem_groups",
            Some(json!([])),
            "/problem_groups",
            "至少应有 1 项",
        ),
        (
            "/annotation",
            Some(json!("此件发至局党组成员")),
            "/annotation",
            "全角圆括号",
        ),
        (
            "/envelope/copy_no",
            Some(json!("17")),
            "/envelope/copy_no",
            "6 位",
        ),
        (
            "/envelope/classification",
            Some(json!("内部")),
            "/envelope/classification",
            "可选值",
        ),
        (
            "/render_hints/title_lines",
            Some(json!(["中共云岫县委第一巡察组", "关于巡察的反馈意见"])),
            "/render_hints/title_lines",
            "完全一致",
        ),
        (
            "/attachments",
            Some(json!([{"seq": 2, "title": "问题清单", "body": ["内容"]}])),
            "/attachments/0/seq",
            "应为 1",
        ),
        (
            "/attachments",
            Some(json!([{"seq": 1, "title": "问题清单。", "body": ["内容"]}])),
            "/attachments/0/title",
            "不加标点",
        ),
        (
            "/imprint",
            Some(json!({"org_name": "县委巡察办", "date": "2024-10-01"})),
            "/imprint/date",
            "早于成文日期",
        ),
        (
            "/cc",
            Some(json!(["县纪委监委\u{0007}"])),
            "/cc/0",
            "控制字符",
        ),
        (
            "/basic_info/paragraphs",
            Some(json!(["巡察组进驻\u{1F9EA}期间"])),
            "/basic_info/paragraphs/0",
            "U+1F9EA",
        ),
    ]
}

#[test]
fn every_bad_input_is_reported_at_its_path() {
    let base = sample("fb-02-minimal.json");
    assert!(errors_of(&base).is_empty(), "the base sample is valid");
    for (pointer, value, path, fragment) in cases() {
        let mut doc = base.clone();
        set(&mut doc, pointer, value.clone());
        let problems = errors_of(&doc);
        assert!(
            problems
                .iter()
                .any(|(p, m)| p == path && m.contains(fragment)),
            "setting {pointer} to {value:?}: expected “{fragment}” at {path}, got {problems:#?}"
        );
    }
}

#[test]
fn all_problems_come_back_at_once() {
    let mut doc = sample("fb-02-minimal.json");
    set(&mut doc, "/title", None);
    set(&mut doc, "/doc_number", Some(json!("[2024]1号")));
    set(
        &mut doc,
        "/problem_groups/0/problems/0/description",
        Some(json!("短")),
    );
    set(&mut doc, "/signature/date", Some(json!("2024-13-01")));
    let paths: Vec<String> = errors_of(&doc).into_iter().map(|(p, _)| p).collect();
    for expected in [
        "/title",
        "/doc_number",
        "/problem_groups/0/problems/0/description",
        "/signature/date",
    ] {
        assert!(
            paths.iter().any(|p| p == expected),
            "{expected} missing from {paths:?}"
        );
    }
}

#[test]
fn cross_field_rules_run_alongside_schema_errors() {
    let mut doc = sample("fb-02-minimal.json");
    set(&mut doc, "/envelope/copy_no", Some(json!("1")));
    set(&mut doc, "/period/end", Some(json!("2024-01-01")));
    let paths: Vec<String> = errors_of(&doc).into_iter().map(|(p, _)| p).collect();
    assert!(
        paths.contains(&"/envelope/copy_no".to_string()),
        "{paths:?}"
    );
    assert!(paths.contains(&"/period/end".to_string()), "{paths:?}");
}

#[test]
fn duplicate_problem_ids_name_the_first_use() {
    let mut doc = sample("fb-01-standard-16problems.json");
    set(
        &mut doc,
        "/problem_groups/1/problems/0/id",
        Some(json!("P01")),
    );
    let problems = errors_of(&doc);
    assert!(
        problems
            .iter()
            .any(|(p, m)| p == "/problem_groups/1/problems/0/id"
                && m.contains("/problem_groups/0/problems/0/id")),
        "{problems:?}"
    );
}

#[test]
fn unknown_or_missing_kind_is_explained() {
    let mut doc = sample("fb-02-minimal.json");
    set(&mut doc, "/doc_kind", Some(json!("inspection_report")));
    let problems = errors_of(&doc);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].0, "/doc_kind");
    assert!(problems[0].1.contains("inspection_feedback"));
    set(&mut doc, "/doc_kind", None);
    assert_eq!(errors_of(&doc)[0].0, "/doc_kind");
    assert_eq!(errors_of(&json!([1, 2]))[0].0, "");
}

#[test]
fn missing_glyphs_can_be_downgraded_to_warnings() {
    let mut doc = sample("fb-02-minimal.json");
    set(
        &mut doc,
        "/problem_groups/0/problems/0/description",
        Some(json!("库房温湿度监测记录缺失\u{1F9EA}41天。")),
    );
    let strict = errors_of(&doc);
    assert_eq!(strict.len(), 1);
    assert_eq!(strict[0].0, "/problem_groups/0/problems/0/description");
    assert!(strict[0].1.contains("U+1F9EA"));

    let mut config = xuncha::EngineConfig::bundled();
    config.allow_missing_glyphs = true;
    let lenient = xuncha::Engine::new(&config).unwrap();
    let compiled = lenient.compile(&doc).expect("renders with a warning");
    assert_eq!(compiled.missing_glyphs.len(), 1);
    assert_eq!(
        compiled.missing_glyphs[0].path,
        "/problem_groups/0/problems/0/description"
    );
}

/// Bad inputs of the 抄告单 and the 建议书: (sample, pointer, value, path, fragment).
type KindCase = (
    &'static str,
    &'static str,
    Option<Value>,
    &'static str,
    &'static str,
);

#[test]
fn bad_cc_notices_and_recommendations_are_reported_at_their_paths() {
    let cases: Vec<KindCase> = vec![
        (
            "cc-01-leader-form.json",
            "/serial_no",
            Some(json!("云巡抄2024-5")),
            "/serial_no",
            "发文字号",
        ),
        (
            "cc-01-leader-form.json",
            "/problems/1/seq",
            Some(json!(5)),
            "/problems/1/seq",
            "应为 2",
        ),
        (
            "cc-01-leader-form.json",
            "/requirements/feedback_deadline",
            Some(json!("2024-06-01")),
            "/requirements/feedback_deadline",
            "早于成文日期",
        ),
        (
            "cc-01-leader-form.json",
            "/requirements/handle_deadline",
            Some(json!("2024-06-19")),
            "/requirements/handle_deadline",
            "早于成文日期",
        ),
        (
            "cc-01-leader-form.json",
            "/recipient/type",
            Some(json!("boss")),
            "/recipient/type",
            "可选值",
        ),
        (
            "cc-01-leader-form.json",
            "/contact/phone",
            Some(json!("12345")),
            "/contact/phone",
            "电话",
        ),
        (
            "cc-01-leader-form.json",
            "/problems",
            Some(json!([])),
            "/problems",
            "至少应有 1 项",
        ),
        (
            "cc-01-leader-form.json",
            "/problems/0/description",
            Some(json!("太短")),
            "/problems/0/description",
            "至少 5 个字符",
        ),
        (
            "cc-01-leader-form.json",
            "/render_hints",
            Some(json!({"title_lines": ["巡察", "抄告"]})),
            "/render_hints/title_lines",
            "form_title",
        ),
        (
            "cc-01-leader-form.json",
            "/requirements/feedback_form",
            Some(json!("电话")),
            "/requirements/feedback_form",
            "可选值",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/title",
            Some(json!("关于加强学校管理的通知")),
            "/title",
            "标题应写作“关于……的建议”",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/reply/deadline",
            Some(json!("2024-08-01")),
            "/reply/deadline",
            "早于成文日期",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/problems/1/id",
            Some(json!("E01")),
            "/problems/1/id",
            "重复",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/recommendations/0/measures",
            Some(json!([])),
            "/recommendations/0/measures",
            "至少应有 1 项",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/layout",
            Some(json!("form")),
            "/layout",
            "可选值：letter、standard、plain",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/signature",
            Some(
                json!({"org_name": "中共云岫县委巡察工作领导小组办公室", "date": "2024-08-26", "seal": "signer_seal"}),
            ),
            "/signature/signer_title",
            "签发人职务",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/signature",
            Some(
                json!({"org_name": "中共云岫县委巡察工作领导小组办公室", "date": "2024-08-26", "seal": "signer_seal", "signer_title": "主任"}),
            ),
            "/signature/signer_name",
            "签发人姓名",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/doc_number",
            None,
            "/doc_number",
            "缺少必填字段",
        ),
        (
            "rec-01-education-table-landscape.json",
            "/source/text",
            None,
            "/source/text",
            "缺少必填字段",
        ),
    ];
    for (file, pointer, value, path, fragment) in cases {
        let mut doc = sample(file);
        assert!(errors_of(&doc).is_empty(), "{file} is valid");
        set(&mut doc, pointer, value.clone());
        let problems = errors_of(&doc);
        assert!(
            problems
                .iter()
                .any(|(p, m)| p == path && m.contains(fragment)),
            "{file}: setting {pointer} to {value:?}: expected “{fragment}” at {path}, got {problems:#?}"
        );
    }
}

#[test]
fn megabyte_strings_are_refused_before_the_schema_runs() {
    let mut doc = sample("cc-03-minimal.json");
    doc["serial_no"] = Value::from("巡".repeat(1_000_000));
    doc["extra"] = serde_json::json!({"note": "a".repeat(10_001), "fine": "a".repeat(10_000)});
    let problems = errors_of(&doc);
    let paths: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["/serial_no", "/extra/note"]);
    assert!(
        problems[0].1.contains("1000000 个字符"),
        "{}",
        problems[0].1
    );
}

#[test]
fn bad_rectification_documents_are_reported_at_their_paths() {
    let cases: Vec<(&str, &str, Option<Value>, &str, &str)> = vec![
        (
            "rep-03-letter-6items.json",
            "/stats/completed",
            Some(json!(5)),
            "/stats/total",
            "统计不相加",
        ),
        (
            "rep-03-letter-6items.json",
            "/stats/completed",
            Some(json!(5)),
            "/stats/completed",
            "状态为“已完成”的有 6 项",
        ),
        (
            "rep-01-standard-16items-ledger.json",
            "/items/14/status",
            Some(json!("已完成")),
            "/stats/completed",
            "状态为“已完成”的有 13 项",
        ),
        (
            "rep-01-standard-16items-ledger.json",
            "/items/3/status",
            Some(json!("完成了")),
            "/items/3/status",
            "可选值：已完成、基本完成、持续推进、未完成、待整改",
        ),
        (
            "rep-01-standard-16items-ledger.json",
            "/items/5/problem_id",
            Some(json!("P01")),
            "/items/5/problem_id",
            "重复",
        ),
        (
            "rep-01-standard-16items-ledger.json",
            "/items/2/deadline",
            Some(json!("2024-05-01")),
            "/items/2/deadline",
            "早于反馈日期",
        ),
        (
            "rep-02-minimal.json",
            "/feedback_ref",
            None,
            "/feedback_ref",
            "缺少必填字段",
        ),
        (
            "rep-02-minimal.json",
            "/title",
            Some(json!("关于巡察反馈意见整改情况")),
            "/title",
            "以“报告”结尾",
        ),
        (
            "not-01-immediate-fix-form.json",
            "/title",
            Some(json!("整改通知")),
            "/title",
            "整改通知书",
        ),
        (
            "not-01-immediate-fix-form.json",
            "/items/1/deadline",
            Some(json!("2024-04-01")),
            "/items/1/deadline",
            "早于成文日期",
        ),
        (
            "not-01-immediate-fix-form.json",
            "/layout",
            Some(json!("plain")),
            "/layout",
            "可选值：form、letter、standard",
        ),
        (
            "not-02-minimal.json",
            "/requirements/feedback_deadline",
            None,
            "/requirements/feedback_deadline",
            "缺少必填字段",
        ),
        (
            "rev-01-joint-review-16problems.json",
            "/verdicts/3/problem_id",
            Some(json!("P99")),
            "/verdicts/3/problem_id",
            "不在被审核的问题",
        ),
        (
            "rev-01-joint-review-16problems.json",
            "/verdicts/3/problem_id",
            Some(json!("P99")),
            "/problems/3/id",
            "没有审核意见",
        ),
        (
            "rev-01-joint-review-16problems.json",
            "/verdicts/0/verdict",
            Some(json!("同意")),
            "/verdicts/0/verdict",
            "可选值：认可、需补充完善、不认可",
        ),
        (
            "rev-01-joint-review-16problems.json",
            "/rereport",
            None,
            "/rereport",
            "应写明重新报送的时限",
        ),
        (
            "rev-01-joint-review-16problems.json",
            "/reviewers/1/body",
            Some(json!("巡察办")),
            "/reviewers/1/body",
            "每个审核单位只列一次",
        ),
        (
            "rev-01-joint-review-16problems.json",
            "/reviewers",
            Some(json!([])),
            "/reviewers",
            "至少应有 1 项",
        ),
        (
            "rev-02-minimal.json",
            "/report_ref/date",
            Some(json!("2024-12-01")),
            "/signature/date",
            "早于报告日期",
        ),
    ];
    for (file, pointer, value, path, fragment) in cases {
        let mut doc = sample(file);
        assert!(errors_of(&doc).is_empty(), "{file} is valid");
        set(&mut doc, pointer, value.clone());
        let errors = errors_of(&doc);
        assert!(
            errors
                .iter()
                .any(|(p, m)| p == path && m.contains(fragment)),
            "{file}: setting {pointer} to {value:?}: expected “{fragment}” at {path}, got {errors:#?}"
        );
    }
}

#[test]
fn what_clerks_cannot_see_is_read_as_meant() {
    let mut doc = sample("fb-02-minimal.json");
    doc["problem_groups"][0]["problems"][0]["description"] =
        json!("第一段从 Word 粘贴而来，\r\n第二段在 Windows 记事本里换行。\r");
    doc["addressee"] = json!(["中共云岫县档案馆\t党支部"]);
    doc["signature"]["date"] = json!("２０２４-10-30");
    doc["rectification"]["report_deadline"] = json!("2024年12月31日");
    doc["inspection_group"]["name"] = json!("中共云岫县委第一巡察组　");
    doc["overall_assessment"] = Value::Null;
    doc["envelope"] = json!({"copy_no": "０００００７", "header_org": null});
    assert_eq!(errors_of(&doc), Vec::<(String, String)>::new());
    let compiled = engine().compile(&doc).unwrap();
    let text = squeezed_text(&compiled.typeset);
    assert!(
        text.contains("中共云岫县档案馆党支部：") || text.contains("中共云岫县档案馆 党支部：")
    );
    assert!(text.contains("2024年10月30日"), "the date read as meant");
    assert!(text.contains("000007"));
    assert!(text.contains("2024年12月31日前"));
}

#[test]
fn what_still_fails_is_named_in_plain_words() {
    let mut doc = sample("fb-02-minimal.json");
    doc["signature"]["date"] = json!("２０２４年13月1日");
    doc["addressee"] = json!(["中共云岫县档案馆\u{b}党支部"]);
    let errors = errors_of(&doc);
    let message = |path: &str| {
        errors
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, m)| m.clone())
            .unwrap_or_else(|| panic!("no error at {path}: {errors:#?}"))
    };
    let date = message("/signature/date");
    assert!(
        date.contains("２０２４年13月1日") && date.contains("全角数字"),
        "{date}"
    );
    assert!(message("/addressee/0").contains("垂直制表符"));
}

#[test]
fn errors_come_in_document_order_and_a_slip_is_named() {
    let mut doc = sample("fb-02-minimal.json");
    let title = doc.as_object_mut().unwrap().remove("title").unwrap();
    doc["tittle"] = title;
    doc["framework"] = json!("four_things");
    doc["period"]["end"] = json!("2020-01-01");
    let errors = errors_of(&doc);
    let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["/period/end", "/framework", "/tittle"],
        "{errors:#?}"
    );
    assert!(
        errors[2].1.contains("是否应为“title”？它是必填字段"),
        "{errors:#?}"
    );
    assert!(
        errors[0].1.contains("早于开始日期"),
        "an unknown enum value does not hide the rules: {errors:#?}"
    );
}

#[test]
fn bad_inspection_lists_are_reported_at_their_paths() {
    let cases: Vec<KindCase> = vec![
        // A field the list type requires, missing, at the row's field.
        (
            "list-07-accountability.json",
            "/rows/1/handling",
            None,
            "/rows/1/handling",
            "追责问责清单的每一行都要有处理建议",
        ),
        (
            "list-08-persons-and-matters.json",
            "/rows/0/person",
            None,
            "/rows/0/person",
            "点人点事清单的每一行都要有姓名",
        ),
        (
            "list-08-persons-and-matters.json",
            "/rows/0/deadline",
            Some(json!("2024-09-30")),
            "/rows/0/deadline",
            "点人点事清单的行没有“时限”这一栏",
        ),
        (
            "list-02-common-standard.json",
            "/rows/0/units_total",
            Some(json!(1)),
            "/rows/0/units_total",
            "少于列出的单位",
        ),
        (
            "list-01-problems-unit.json",
            "/rows/0/deadline",
            None,
            "/rows/0/deadline",
            "问题清单的每一行都要有整改时限",
        ),
        (
            "list-02-common-standard.json",
            "/rows/1/units",
            None,
            "/rows/1/units",
            "共性问题清单的每一行都要有涉及单位",
        ),
        (
            "list-02-common-standard.json",
            "/rows/1/units",
            Some(json!([])),
            "/rows/1/units",
            "至少应有 1 项",
        ),
        (
            "list-03-leads.json",
            "/rows/2/transferred_on",
            None,
            "/rows/2/transferred_on",
            "问题线索清单的每一行都要有移交日期",
        ),
        (
            "list-04-supervision-letter.json",
            "/rows/0/responsible_person",
            None,
            "/rows/0/responsible_person",
            "整改监督责任清单的每一行都要有责任人",
        ),
        // A field the list type does not print.
        (
            "list-03-leads.json",
            "/rows/0/responsible_leader",
            Some(json!("李䶮")),
            "/rows/0/responsible_leader",
            "线索清单的行没有“责任领导”这一栏",
        ),
        (
            "list-02-common-standard.json",
            "/rows/0/id",
            Some(json!("C01")),
            "/rows/0/id",
            "共性问题清单的行没有“编号”这一栏",
        ),
        (
            "list-01-problems-unit.json",
            "/rows/0/closure",
            Some(json!("已销号")),
            "/rows/0/closure",
            "问题清单的行没有“销号情况”这一栏",
        ),
        // Ids, dates, the title and the list itself.
        (
            "list-01-problems-unit.json",
            "/rows/5/id",
            Some(json!("P01")),
            "/rows/5/id",
            "“P01”重复（已用于 /rows/0/id）",
        ),
        (
            "list-01-problems-unit.json",
            "/rows/0/id",
            Some(json!("P 1")),
            "/rows/0/id",
            "编号只能",
        ),
        (
            "list-03-leads.json",
            "/rows/1/transferred_on",
            Some(json!("2024-02-30")),
            "/rows/1/transferred_on",
            "不是真实存在的日期",
        ),
        (
            "list-04-supervision-letter.json",
            "/rows/1/deadline",
            Some(json!("2024-06-01")),
            "/rows/1/deadline",
            "早于成文日期",
        ),
        (
            "list-01-problems-unit.json",
            "/rows/1/deadline",
            Some(json!("2024-06-01")),
            "/rows/1/deadline",
            "早于成文日期",
        ),
        (
            "list-04-supervision-letter.json",
            "/rows/1/immediate_fix",
            Some(json!(true)),
            "/rows/1/immediate_fix",
            "整改监督责任清单的行没有“立行立改”这一栏",
        ),
        (
            "list-01-problems-unit.json",
            "/title",
            Some(json!("十五届县委第三轮巡察问题")),
            "/title",
            "以“清单”结尾",
        ),
        (
            "list-01-problems-unit.json",
            "/list_type",
            Some(json!("clues")),
            "/list_type",
            "可选值",
        ),
        (
            "list-01-problems-unit.json",
            "/layout",
            Some(json!("form")),
            "/layout",
            "可选值：plain、standard、letter",
        ),
        (
            "list-01-problems-unit.json",
            "/rows",
            Some(json!([])),
            "/rows",
            "至少应有 1 项",
        ),
        (
            "list-05-minimal.json",
            "/signature",
            None,
            "/signature",
            "缺少必填字段",
        ),
    ];
    for (file, pointer, value, path, fragment) in cases {
        let mut doc = sample(file);
        assert!(errors_of(&doc).is_empty(), "{file} is valid");
        set(&mut doc, pointer, value.clone());
        let errors = errors_of(&doc);
        assert!(
            errors
                .iter()
                .any(|(p, m)| p == path && m.contains(fragment)),
            "{file}: setting {pointer} to {value:?}: expected “{fragment}” at {path}, got {errors:#?}"
        );
    }
}

#[test]
fn a_list_names_every_row_problem_at_once() {
    let mut doc = sample("list-03-leads.json");
    set(&mut doc, "/list_type", Some(json!("problems")));
    let paths: Vec<String> = errors_of(&doc).into_iter().map(|(p, _)| p).collect();
    // A leads row read as a 问题清单 row: no 问题 or 整改时限; 涉及单位, 线索摘要, 移交单位 and
    // 移交日期 do not belong.
    for field in [
        "problem",
        "deadline",
        "units",
        "summary",
        "transferred_to",
        "transferred_on",
    ] {
        let path = format!("/rows/0/{field}");
        assert!(paths.contains(&path), "{path} missing from {paths:?}");
    }
}

#[test]
fn a_leads_list_is_secret_unless_classified_otherwise() {
    let secret_line = |doc: &Value| {
        let compiled = engine().compile(doc).unwrap();
        let (runs, _) = items(&compiled.typeset);
        runs.iter()
            .filter(|r| r.page == 0 && close(r.size, 16.0, 0.01))
            .map(|r| r.text.clone())
            .find(|t| ["绝密", "机密", "秘密"].iter().any(|c| t.starts_with(c)))
    };
    let leads = sample("list-03-leads.json");
    assert!(leads["envelope"].get("classification").is_none());
    for layout in ["plain", "standard", "letter"] {
        let mut doc = leads.clone();
        doc["layout"] = json!(layout);
        assert_eq!(secret_line(&doc).as_deref(), Some("机密"), "{layout}");
    }
    let mut bare = leads.clone();
    bare.as_object_mut().unwrap().remove("envelope");
    assert_eq!(
        secret_line(&bare).as_deref(),
        Some("机密"),
        "without envelope"
    );
    let mut classified = leads.clone();
    classified["envelope"]["classification"] = json!("秘密");
    assert_eq!(secret_line(&classified).as_deref(), Some("秘密"));
    // Other lists print none unless given.
    assert_eq!(secret_line(&sample("list-01-problems-unit.json")), None);
    // The default is in the schema's description.
    let kind: xuncha::DocKind = "inspection_list".parse().unwrap();
    assert!(
        kind.schema()["properties"]["list_type"]
            .to_string()
            .contains("机密")
    );
}

#[test]
fn the_schema_says_what_a_signers_seal_needs() {
    // A form or client built from the schema knows that a signer's seal needs the signer's post
    // and a name or seal image: the schema alone refuses what the validator refuses, and the
    // validator tells each missing field once, in its own words.
    let without = |doc: &Value, remove: &[&str]| {
        let mut doc = doc.clone();
        let sig = doc["signature"].as_object_mut().unwrap();
        sig.insert("seal".into(), json!("signer_seal"));
        sig.insert("signer_title".into(), json!("主任"));
        sig.insert("signer_name".into(), json!("李䶮"));
        for key in remove {
            sig.remove(*key);
        }
        doc
    };
    for kind in xuncha::DocKind::ALL {
        let doc = template_sample(kind.as_str());
        let schema = jsonschema::validator_for(&kind.schema()).unwrap();
        assert!(
            schema.is_valid(&without(&doc, &[])),
            "{kind}: post and name"
        );
        let mut with_image = without(&doc, &["signer_name"]);
        with_image["signature"]["seal_image_ref"] = json!("specimen.svg");
        assert!(schema.is_valid(&with_image), "{kind}: post and image");
        for (remove, path, words) in [
            (
                &["signer_title"][..],
                "/signature/signer_title",
                "签发人职务",
            ),
            (&["signer_name"][..], "/signature/signer_name", "签发人姓名"),
        ] {
            let doc = without(&doc, remove);
            assert!(
                !schema.is_valid(&doc),
                "{kind}: the schema refuses {remove:?}"
            );
            let errors = errors_of(&doc);
            let at: Vec<_> = errors.iter().filter(|(p, _)| p == path).collect();
            assert!(
                at.len() == 1 && at[0].1.contains(words),
                "{kind}: {path} told once: {errors:?}"
            );
        }
    }
}

/// A title of each kind with the line breaks its author forced, as a clerk's editor writes them
/// (`\r\n`), by sample.
fn broken_titles() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "fb-02-minimal.json",
            "中共云岫县委第一巡察组\r\n关于巡察云岫县档案馆党支部的反馈意见",
        ),
        (
            "rec-02-minimal.json",
            "关于规范村级集体资产管理的\r\n巡察建议",
        ),
        (
            "rep-02-minimal.json",
            "中共云岫县档案馆党支部\r\n关于巡察反馈意见整改情况的报告",
        ),
        ("not-02-minimal.json", "云岫县档案馆党支部\r\n整改通知书"),
        (
            "rev-02-minimal.json",
            "关于云岫县档案馆党支部\r\n巡察整改情况的审核意见",
        ),
        ("list-05-minimal.json", "十五届县委第三轮巡察\r\n问题清单"),
    ]
}

#[test]
fn a_line_break_in_a_title_is_the_authors_break_in_every_kind() {
    for (file, title) in broken_titles() {
        let mut doc = sample(file);
        doc["title"] = json!(title);
        let validated = engine()
            .validate(&doc)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let document = &validated.document;
        // The line end read as a line break, kept in the title, left out of its text.
        assert_eq!(document.title(), title.replace("\r\n", "\n"), "{file}");
        assert_eq!(document.title_text(), title.replace("\r\n", ""), "{file}");
        assert!(!document.file_title().contains(['\n', '\r']), "{file}");
        // The author's lines, if given, join to the title without its breaks.
        let lines: Vec<&str> = title.split("\r\n").collect();
        doc["render_hints"] = json!({"title_lines": lines});
        assert_eq!(errors_of(&doc), Vec::<(String, String)>::new(), "{file}");
    }
    // A break at either end is trimmed, as white space there is.
    let title = "中共云岫县委第一巡察组关于巡察云岫县档案馆党支部的反馈意见";
    for given in [format!("\n{title}"), format!("{title}\r\n")] {
        let mut doc = sample("fb-02-minimal.json");
        doc["title"] = json!(given);
        let validated = engine().validate(&doc).unwrap();
        assert_eq!(validated.document.title(), title);
    }
    // An empty line or a fifth line is not a title's shape: the title is read on one line, and
    // the sender told so at /title (as any patterned value broken over lines is).
    for title in [
        "中共云岫县委第一巡察组\n\n关于巡察云岫县档案馆党支部的反馈意见",
        "中共\n云岫县委\n第一巡察组\n关于巡察云岫县档案馆党支部\n的反馈意见",
    ] {
        let mut doc = sample("fb-02-minimal.json");
        doc["title"] = json!(title);
        let validated = engine()
            .validate(&doc)
            .unwrap_or_else(|e| panic!("{title:?}: {e}"));
        assert_eq!(
            validated.document.title(),
            title.replace('\n', ""),
            "{title:?}"
        );
        let warnings = validated.warnings();
        assert!(
            warnings
                .iter()
                .any(|w| w.path == "/title" && w.message.contains("换行")),
            "{title:?}: {warnings:#?}"
        );
    }
}
